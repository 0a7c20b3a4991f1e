//! Coalitions counted by size and weight: the generating function `prod_j (1 + x y^{w_j})`
//! (and bloc factors) as a dense table of floating-point counts.
//!
//! Cell `(s, t)` holds the number of coalitions of `s` members (or unions) carrying weight `t`
//! at the top. Multiplying by one factor costs `O(cells)`. Counts are kept in `f64`: they are
//! integers below `2^n`, exact up to `2^53` and within a relative `n 2^-53` beyond, which the
//! pooling and stability answers (compared with [`GAIN_TOLERANCE`](super::GAIN_TOLERANCE))
//! absorb; big integers would cost a factor of 30 in time on the General Assembly, for
//! digits no answer reads. Tables are only multiplied, never divided, so the counts carry no
//! cancellation; the one subtraction is in `crossing_pairs`, a difference of two prefix sums
//! of non-negative terms, whose error is absolute: at most about `n 2^-53` of the total mass
//! summed, never relative to a small difference.
//!
//! # References
//! Bilbao, Fernández, Jiménez & López (2000), "Generating functions for computing power
//! indices efficiently", TOP 8(2).

/// A table of counts by size (rows) and weight (columns).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    width: usize,
    cells: Vec<f64>,
}

impl Table {
    /// The empty product: one coalition, of size 0 and weight 0.
    pub(crate) fn unit(max_size: usize, max_weight: usize) -> Table {
        let width = max_weight + 1;
        let mut cells = vec![0.0; (max_size + 1) * width];
        cells[0] = 1.0;
        Table { width, cells }
    }

    /// Rows (largest size + 1).
    pub(crate) fn sizes(&self) -> usize {
        self.cells.len() / self.width
    }

    /// Count of coalitions of size `s` and weight `t`.
    pub(crate) fn get(&self, s: usize, t: usize) -> f64 {
        self.cells[s * self.width + t]
    }

    /// Multiplies by `1 + x y^w`: one more member (or union) of weight `w`.
    pub(crate) fn add_member(&mut self, w: usize) {
        self.add_factor(&[(1, w, 1.0)]);
    }

    /// Multiplies by `1 + sum c x^k y^w` over `terms` `(k, w, c)` with `k >= 1` (sizes
    /// descending, so every term reads cells not yet updated).
    pub(crate) fn add_factor(&mut self, terms: &[(usize, usize, f64)]) {
        let width = self.width;
        for s in (1..self.sizes()).rev() {
            for &(k, w, c) in terms {
                if k > s || w >= width {
                    continue;
                }
                let (low, high) = self.cells.split_at_mut(s * width);
                let from = &low[(s - k) * width..(s - k + 1) * width];
                let to = &mut high[..width];
                for t in (w..width).rev() {
                    to[t] += c * from[t - w];
                }
            }
        }
    }

    /// For each size, the count of coalitions whose weight `t` satisfies `t < q <= t + w`:
    /// those a block of weight `w` turns from losing to winning.
    pub(crate) fn crossing(&self, quota: usize, w: usize) -> Vec<f64> {
        let lo = quota.saturating_sub(w);
        let hi = quota.min(self.width);
        (0..self.sizes()).map(|s| (lo..hi).map(|t| self.get(s, t)).sum()).collect()
    }

    /// `sum_s weight(s) * row_s`: the rows collapsed into one vector over weights.
    pub(crate) fn collapse(&self, weight: impl Fn(usize) -> f64) -> Vec<f64> {
        let mut out = vec![0.0; self.width];
        for s in 0..self.sizes() {
            let ws = weight(s);
            for (t, o) in out.iter_mut().enumerate() {
                *o += ws * self.get(s, t);
            }
        }
        out
    }
}

/// `s! (n - s - 1)! / n!` for `s = 0..n`: the chance that a given player arrives right after
/// exactly a given set of `s` of the other `n - 1` players in a random order.
pub(crate) fn shapley_weights(n: usize) -> Vec<f64> {
    let mut w = vec![1.0 / n.max(1) as f64; n.max(1)];
    for s in 0..n.saturating_sub(1) {
        w[s + 1] = w[s] * (s + 1) as f64 / (n - 1 - s) as f64;
    }
    w
}

/// The binomial coefficient as a float (exact below `2^53`).
pub(crate) fn binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    (0..k).fold(1.0, |acc, j| acc * (n - j) as f64 / (j + 1) as f64)
}

/// For two weight vectors `outer` (over `y`) and `inner` (over `x`), the sum of
/// `outer[y] * inner[x]` over the pairs with `x + y < q <= x + y + w`: the chance that a
/// player of weight `w` turns the coalition from losing to winning.
pub(crate) fn crossing_pairs(outer: &[f64], inner: &[f64], quota: usize, w: usize) -> f64 {
    // Prefix sums of `inner`: for each y, x runs over [q - w - y, q - 1 - y].
    let mut prefix = vec![0.0; inner.len() + 1];
    for (x, v) in inner.iter().enumerate() {
        prefix[x + 1] = prefix[x] + v;
    }
    let mut total = 0.0;
    for (y, &o) in outer.iter().enumerate() {
        if o == 0.0 || y >= quota {
            continue;
        }
        let hi = (quota - y).min(inner.len()); // x <= q - 1 - y
        let lo = (quota - y).saturating_sub(w).min(hi);
        total += o * (prefix[hi] - prefix[lo]);
    }
    total
}
