//! Shapley-Shubik power of large weighted games by exact quadrature of Owen's multilinear
//! extension.
//!
//! Shapley-Shubik weights a swing of size `s` by `s! (n-1-s)! / n! = int_0^1 t^s (1-t)^(n-1-s) dt`,
//! so `phi_i = int_0^1 P_i(t) dt`, where `P_i(t)` is the probability that `i` swings when every
//! other player joins independently with probability `t` (Owen 1972). `P_i` is a polynomial
//! of degree `n - 1` in `t`, so Gauss-Legendre quadrature with `ceil(n / 2)` nodes integrates it
//! exactly; the only error is floating-point rounding. At each node, `P_i(t)` comes from one
//! product `prod_j (1 + r x^{w_j})` with `r = t / (1 - t)` and the removal identity of
//! [`super::weighted_banzhaf`] with alternating factor `-r`. Nodes come in pairs `t`, `1 - t`;
//! the pair shares one product, the node above 1/2 being read through the dual game (the
//! complement of a swing is a swing of the dual game, with inclusion probability `1 - t`), so
//! that `r <= 1` always and the removal sums never grow.
//!
//! Cost: `ceil(n / 4)` products of `n` passes over `max(q, W - q + 1)` doubles, against
//! `O(n^2 q)` for the table by size and weight, and memory `O(q)` per thread instead of
//! `O(n q)`. This is what makes the IMF (190 members, 5 million votes) take seconds. Values
//! below `1e-290` are flushed to zero to avoid slow subnormal arithmetic; they cannot move an
//! index of a real game, whose non-zero values exceed `1 / n!`-scale by far.
//!
//! # References
//! Owen (1972), "Multilinear extensions of games", Management Science 18(5); Owen (1975) on the
//! multilinear extension of weighted majority games; Gauss-Legendre quadrature: Golub & Welsch
//! (1969), Mathematics of Computation 23(106).

use crate::cancel::{CancelToken, Interrupted};
use crate::game::{SimpleGame, WeightedGame};
use rayon::prelude::*;

/// Values below this are set to zero in the product (see the module docs).
const FLUSH_TO_ZERO: f64 = 1e-290;

/// Shapley-Shubik indices of a weighted game, in floating point.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::shapley_shubik_quadrature;
/// let ss = shapley_shubik_quadrature(&WeightedGame::new(vec![3, 2, 1], 4).unwrap());
/// assert!((ss[0] - 2.0 / 3.0).abs() < 1e-15);
/// ```
pub fn shapley_shubik_quadrature(game: &WeightedGame) -> Vec<f64> {
    shapley_shubik_quadrature_cancellable(game, &CancelToken::new())
        .expect("a fresh token is never cancelled")
}

/// [`shapley_shubik_quadrature`], stopping with [`Interrupted`] once `cancel` is cancelled: it
/// is checked once per player multiplied into each node's product (a pass over at most the
/// table's width, a millisecond on the IMF), which costs nothing measurable.
pub(crate) fn shapley_shubik_quadrature_cancellable(
    game: &WeightedGame,
    cancel: &CancelToken,
) -> Result<Vec<f64>, Interrupted> {
    let n = game.n();
    if n == 1 {
        return Ok(vec![1.0]);
    }
    let q = game.quota();
    let dual_q = game.total() - q + 1;
    let width = q.max(dual_q) as usize;
    let mut sorted = game.weights().to_vec();
    sorted.sort_unstable();
    let pairs = node_pairs(n.div_ceil(2));
    pairs
        .par_iter()
        .map(|pair| {
            let product = Product::new(&sorted, pair.tau, width, cancel)?;
            let scale = (1.0 - pair.tau).powi(n as i32 - 1);
            Ok(game
                .weights()
                .iter()
                .map(|&w| {
                    let mut p = pair.weight_below * product.window(w, q);
                    if pair.weight_above > 0.0 {
                        p += pair.weight_above * product.window(w, dual_q);
                    }
                    scale * p
                })
                .collect::<Vec<f64>>())
        })
        .try_reduce(|| vec![0.0; n], |a, b| Ok(a.iter().zip(&b).map(|(x, y)| x + y).collect()))
}

/// A Gauss node `tau <= 1/2` with its weight and, when it is not the middle node, the weight of
/// its mirror `1 - tau`.
struct NodePair {
    tau: f64,
    weight_below: f64,
    weight_above: f64,
}

/// Gauss-Legendre nodes on `[0, 1]` for `count` points, paired around 1/2.
fn node_pairs(count: usize) -> Vec<NodePair> {
    gauss_legendre_upper_half(count)
        .into_iter()
        .map(|(x, w)| {
            // x in [0, 1) on [-1, 1]: the pair -x, x maps to t = (1 -+ x) / 2.
            let tau = (1.0 - x) / 2.0;
            let middle = x == 0.0;
            NodePair { tau, weight_below: w / 2.0, weight_above: if middle { 0.0 } else { w / 2.0 } }
        })
        .collect()
}

/// The non-negative nodes of the `count`-point Gauss-Legendre rule on `[-1, 1]` and their
/// weights, by Newton's method on the Legendre polynomial.
fn gauss_legendre_upper_half(count: usize) -> Vec<(f64, f64)> {
    let m = count as f64;
    (0..count.div_ceil(2))
        .map(|k| {
            let mut x = (std::f64::consts::PI * (k as f64 + 0.75) / (m + 0.5)).cos();
            let mut derivative = 0.0;
            for _ in 0..100 {
                let (p, dp) = legendre(count, x);
                derivative = dp;
                let step = p / dp;
                x -= step;
                if step.abs() < 1e-16 {
                    break;
                }
            }
            let (_, dp) = legendre(count, x);
            derivative = if dp != 0.0 { dp } else { derivative };
            let x = if count % 2 == 1 && k == count / 2 { 0.0 } else { x };
            (x, 2.0 / ((1.0 - x * x) * derivative * derivative))
        })
        .collect()
}

/// `(P_m(x), P_m'(x))` by the three-term recurrence.
fn legendre(m: usize, x: f64) -> (f64, f64) {
    let (mut p0, mut p1) = (1.0, x);
    for k in 2..=m {
        let k = k as f64;
        let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
    }
    if m == 0 {
        return (1.0, 0.0);
    }
    let m = m as f64;
    (p1, m * (x * p1 - p0) / (x * x - 1.0))
}

/// `prod_j (1 + r x^{w_j})` truncated to `width` coefficients, kept as compensated prefix sums
/// so that window sums of small width stay accurate.
struct Product {
    r: f64,
    prefix_hi: Vec<f64>,
    prefix_lo: Vec<f64>,
}

impl Product {
    fn new(
        sorted_weights: &[u64],
        tau: f64,
        width: usize,
        cancel: &CancelToken,
    ) -> Result<Self, Interrupted> {
        let r = tau / (1.0 - tau);
        let mut f = vec![0.0f64; width];
        f[0] = 1.0;
        let mut reach = 0usize; // highest degree that can be non-zero so far
        for &w in sorted_weights {
            cancel.check()?;
            let w = w as usize;
            if w == 0 {
                f.iter_mut().for_each(|x| *x *= 1.0 + r);
                continue;
            }
            reach = (reach + w).min(width - 1);
            let mut hi = reach + 1;
            while hi > w {
                let lo = w.max(hi - w);
                let (left, right) = f.split_at_mut(lo);
                for (d, &s) in right[..hi - lo].iter_mut().zip(&left[lo - w..hi - w]) {
                    let v = *d + r * s;
                    *d = if v < FLUSH_TO_ZERO { 0.0 } else { v };
                }
                hi = lo;
            }
        }
        // Kahan-compensated running sums: the window sums below subtract nearby prefix sums.
        let (mut prefix_hi, mut prefix_lo) = (Vec::with_capacity(width), Vec::with_capacity(width));
        let (mut sum, mut carry) = (0.0f64, 0.0f64);
        for &x in &f {
            let y = x - carry;
            let t = sum + y;
            carry = (t - sum) - y;
            sum = t;
            prefix_hi.push(sum);
            prefix_lo.push(-carry);
        }
        Ok(Product { r, prefix_hi, prefix_lo })
    }

    /// `sum_{k <= K} [x^k]` of the product, for `K >= -1` given as `K + 1`.
    fn prefix(&self, k_plus_one: usize) -> (f64, f64) {
        match k_plus_one {
            0 => (0.0, 0.0),
            k => (self.prefix_hi[k - 1], self.prefix_lo[k - 1]),
        }
    }

    /// For a player of weight `w`: the coefficient mass of the product without that player on
    /// weights `[quota - w, quota - 1]` (the swing window), as
    /// `sum_m (-r)^m * (mass of the product on (quota - 1 - (m+1) w, quota - 1 - m w])`.
    fn window(&self, w: u64, quota: u64) -> f64 {
        if w == 0 {
            return 0.0;
        }
        let w = w as usize;
        let mut top = quota as usize; // K + 1 for K = quota - 1 - m w
        let mut factor = 1.0;
        let mut acc = 0.0;
        while top > 0 && factor != 0.0 {
            let bottom = top.saturating_sub(w);
            let (a_hi, a_lo) = self.prefix(top);
            let (b_hi, b_lo) = self.prefix(bottom);
            acc += factor * ((a_hi - b_hi) + (a_lo - b_lo));
            factor *= -self.r;
            top = bottom;
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_legendre_integrates_polynomials_of_degree_2m_minus_1() {
        for count in 1..12 {
            let pairs = node_pairs(count);
            let degree = 2 * count - 1;
            let integral: f64 = pairs
                .iter()
                .map(|p| {
                    p.weight_below * p.tau.powi(degree as i32)
                        + p.weight_above * (1.0 - p.tau).powi(degree as i32)
                })
                .sum();
            assert!((integral - 1.0 / (degree as f64 + 1.0)).abs() < 1e-14, "count {count}");
        }
    }

    #[test]
    fn textbook_game_four_three_two_one() {
        let ss = shapley_shubik_quadrature(&WeightedGame::new(vec![3, 2, 1], 4).unwrap());
        for (x, want) in ss.iter().zip([2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]) {
            assert!((x - want).abs() < 1e-14);
        }
    }
}
