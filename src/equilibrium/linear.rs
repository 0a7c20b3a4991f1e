//! Small dense linear systems for the enumeration algorithms: Gaussian elimination with
//! partial pivoting on a reusable buffer (the enumerations solve tens of thousands of systems
//! of size at most `min(m, n) + 1`, so allocation per solve would dominate).

/// Solves the `k x k` system in `a` (row-major, overwritten) with right-hand side `b`
/// (overwritten by the solution). `false` if the matrix is singular to working precision.
pub(crate) fn solve_in_place(a: &mut [f64], b: &mut [f64], k: usize) -> bool {
    let scale = a.iter().fold(0.0f64, |s, x| s.max(x.abs())).max(1.0);
    for col in 0..k {
        let pivot =
            (col..k).max_by(|&r, &s| a[r * k + col].abs().total_cmp(&a[s * k + col].abs())).unwrap_or(col);
        if a[pivot * k + col].abs() <= 1e-12 * scale {
            return false;
        }
        if pivot != col {
            for c in 0..k {
                a.swap(pivot * k + c, col * k + c);
            }
            b.swap(pivot, col);
        }
        let p = a[col * k + col];
        for r in col + 1..k {
            let f = a[r * k + col] / p;
            if f != 0.0 {
                for c in col..k {
                    a[r * k + c] -= f * a[col * k + c];
                }
                b[r] -= f * b[col];
            }
        }
    }
    for col in (0..k).rev() {
        let mut s = b[col];
        for c in col + 1..k {
            s -= a[col * k + c] * b[c];
        }
        b[col] = s / a[col * k + col];
    }
    true
}

/// The `k`-subsets of `0..n` in lexicographic order, as index lists.
pub(crate) fn subsets(n: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    let mut current: Option<Vec<usize>> = (k <= n).then(|| (0..k).collect());
    std::iter::from_fn(move || {
        let out = current.clone()?;
        // Advance to the next combination.
        let mut next = out.clone();
        let mut i = k;
        loop {
            if i == 0 {
                current = None;
                break;
            }
            i -= 1;
            if next[i] < n - k + i {
                next[i] += 1;
                for j in i + 1..k {
                    next[j] = next[j - 1] + 1;
                }
                current = Some(next);
                break;
            }
        }
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_detects_singular_systems() {
        let mut a = vec![2.0, 1.0, 1.0, 3.0];
        let mut b = vec![3.0, 5.0];
        assert!(solve_in_place(&mut a, &mut b, 2));
        assert!((b[0] - 0.8).abs() < 1e-15 && (b[1] - 1.4).abs() < 1e-15);
        let mut a = vec![1.0, 2.0, 2.0, 4.0];
        assert!(!solve_in_place(&mut a, &mut [1.0, 2.0], 2));
    }

    #[test]
    fn subsets_are_all_k_combinations() {
        assert_eq!(subsets(4, 2).count(), 6);
        assert_eq!(subsets(3, 0).collect::<Vec<_>>(), vec![Vec::<usize>::new()]);
        assert_eq!(subsets(2, 3).count(), 0);
    }
}
