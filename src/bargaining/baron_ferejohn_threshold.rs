//! Baron-Ferejohn on a weighted rule by a threshold equilibrium, certified by the fractional
//! knapsack bound: the IMF Board at any majority.
//!
//! In a weighted body (weights `w_i`, blocking margin `M = total - quota`: a coalition wins iff
//! the weight it leaves out is at most `M`) with prices `x_i = delta v_i`, proposer `k` pays
//! `c_k = sum_{j != k} x_j - L_k`, where `L_k` is the most valuable set of others it can leave
//! out (weight at most `M`). The fractional knapsack (leave out others by decreasing price per
//! vote, the last one in part; members heavier than `M`, veto players, never) bounds `L_k`
//! from above (Dantzig 1957). So a winning coalition whose left-out value attains the
//! fractional bound is a cheapest coalition, and no search over coalitions is needed.
//!
//! **The threshold structure.** One band rate `r` splits the members: those priced above `r`
//! per vote are left out by every other proposer (inclusion probability `Q_i = 0`), those
//! below are included by every other proposer (`Q_i = 1 - p_i`), and those at `r` (the band)
//! are left out by some. The value equation `x_i (1/delta - Q_i) = p_i (1 - c_i)` then gives
//! `x_i = median(delta p_i (1 - c_i), r w_i, p_i (1 - c_i) / (1/delta - 1 + p_i))`, and `r` is
//! fixed by the balance of left-out weight: `sum_j w_j (1 - p_j - Q_j) = M` (every proposer
//! leaves out exactly `M`). Proposer `k` leaves out every member above (weight `A_k`) and band
//! weight `M'_k = M - A_k`.
//!
//! # Algorithm
//! 1. **Fractional equilibrium.** Fixed-point iteration on the costs: given `c`, the rate by
//!    bisection on the balance (non-increasing in `r`), the prices by the median, and new costs
//!    by the fractional knapsack (damped by half); then, for the partition found, the exact
//!    solution of the equations, which are linear in `(x, r)` (one dense LU solve of `n + 1`
//!    unknowns), and a check that the partition is consistent (ratios, `Q` in range, `M'_k`
//!    within the band's weight).
//! 2. **Who leaves out whom.** A proposer of class `t` leaves out a band member of class `s`
//!    with probability `y_ts = logistic(a_t + b_s)`, fitted so that each proposer leaves out
//!    band weight `M'_t` on average and each band member is left out as its `Q` requires
//!    (alternating one-dimensional Newton steps, iterative proportional fitting in logistic
//!    form). An interior `y` matters: a point with many coordinates at 0 or 1 leaves few
//!    members to close exact sums with.
//! 3. **Integer realisation.** Each proposer's `y` must be a mixture of band subsets of weight
//!    exactly `M'_k` (each attains the fractional bound, so it is cheapest). Exact fills are
//!    sampled near `y` (module `baron_ferejohn_threshold_fill`: Bernoulli draws, repaired, the
//!    gap closed exactly by a subset-sum dynamic program over the members least certain to be
//!    in or out), or all
//!    enumerated when the band is small, and a linear program finds the mixture matching
//!    `y`. If none matches, the fractional equilibrium is not shown to be one of the game, and
//!    the method turns to the knapsack core (module `baron_ferejohn_core`), refusing if that
//!    fails too.
//! 4. **Verification** before anything is returned, independent of the partition: each
//!    chosen coalition wins with its proposer and costs at most the fractional bound
//!    recomputed by sorting (to [`TOLERANCE`], or to a quarter of the cheapest price of one
//!    weight unit if that is smaller, so that a coalition one unit short of its room is
//!    caught at any scale of weights); probabilities sum to one; the values are finite,
//!    non-negative and solve their equations to [`TOLERANCE`] relative to the value (at
//!    least 1e-3); values sum to one.
//!
//! The IMF Board at 85% (190 members, 5,039,930 votes): 111 members above the band, 72 in it
//! and 7 below (the United States, a veto player, among them), at about 2.3e-7 per vote.
//!
//! At a simple majority no band subset weighs exactly what a proposer must leave out: 171
//! members are above the band, the 19 largest in it and none below (at delta 0.95), and at the fractional
//! prices each proposer's best band subset falls 0 to 46 votes short of its room. Then the band
//! is solved as an exact knapsack core, the others fixed out by their reduced costs (module
//! `baron_ferejohn_core`); its result is verified there, over all members.
//!
//! # References
//! Baron & Ferejohn (1989), APSR 83(4); Eraslan (2002), JET 103(1); Eraslan & McLennan (2013),
//! JET 148(6) (unique values, so the threshold equilibrium found is the equilibrium); Dantzig
//! (1957), Operations Research 5(2) (the fractional knapsack bound); Deming & Stephan (1940),
//! Ann. Math. Stat. 11(4) (iterative proportional fitting).
//!
//! ```
//! use comity::bargaining::{baron_ferejohn_with, Method, Recognition};
//! use comity::game::{Game, WeightedGame};
//! // Nine members of weight 1 and one of weight 4, quota 9 of 13: the threshold method agrees
//! // with the enumeration.
//! let game = Game::from(WeightedGame::new([vec![4], vec![1; 9]].concat(), 9)?);
//! let p = Recognition::Equal.probabilities(10)?;
//! let a = baron_ferejohn_with(&game, &p, 0.9, Method::Threshold)?;
//! let b = baron_ferejohn_with(&game, &p, 0.9, Method::Enumeration)?;
//! assert!(a.values.iter().zip(&b.values).all(|(x, y)| (x - y).abs() < 1e-8));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::axiomatic::BargainingError;
use super::baron_ferejohn::{BaronFerejohn, MemberClass, Method, Proposal, TOLERANCE, recognition_classes};
use super::baron_ferejohn_threshold_fill::{FillError, mixture};
use crate::cancel::CancelToken;
use crate::game::{Coalition, Game, SimpleGame};
use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;

/// The most fixed-point iterations on the costs.
const MAX_ITERATIONS: usize = 2_000;
/// The fixed point stops when no cost moves by more than this.
const FIXED_POINT_TOLERANCE: f64 = 1e-14;
/// Relative distance from the rate within which a member's price per vote counts as the rate
/// (at a settled fixed point, and as a second guess before it settles).
const BAND_WIDTH: f64 = 1e-9;
const ROUGH_BAND_WIDTH: f64 = 1e-6;
/// Iterations between attempts to solve the current partition exactly.
const CHECK_EVERY: usize = 25;
/// How far a consistency condition of the partition may be missed (rounding).
const SLACK: f64 = 1e-10;
/// The most sweeps of the logistic fit of who leaves out whom.
const MAX_SWEEPS: usize = 20_000;

/// Where a member stands against the band rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Left out by every other proposer (price per vote above the rate, or weight 0).
    Above,
    /// At the rate: left out by some proposers.
    Band,
    /// Included by every other proposer (price per vote below the rate, or a veto player).
    Below,
}

/// A weighted body: weights, blocking margin, recognition and discount.
pub(super) struct Body<'a> {
    pub(super) w: &'a [u64],
    pub(super) margin: u64,
    pub(super) p: &'a [f64],
    pub(super) delta: f64,
    /// Checked per fixed-point iteration, sweep, proposer's mixture and core Newton iteration.
    pub(super) cancel: &'a CancelToken,
}

fn refuse(message: String) -> BargainingError {
    BargainingError::Parameter { what: "baron-ferejohn threshold", message }
}

/// The alternative named in a structural refusal.
const ALTERNATIVE: &str =
    "expected --method knapsack (up to 64 classes) or enumeration (about 22 distinct members)";

/// The rule as plain weights and a quota (a count rule as weights 1), if it is one.
pub(super) fn weighted_form(game: &Game) -> Option<(Vec<u64>, u64)> {
    if let Game::Weighted(g) = game {
        return Some((g.weights().to_vec(), g.quota()));
    }
    let form = game.size_weight_form()?;
    let n = form.weights().len();
    if form.total() == 0 {
        // A pure count: from some size on every coalition wins.
        let from = form.thresholds().iter().position(|&t| t == Some(0))?;
        return form.thresholds()[from..].iter().all(|&t| t == Some(0)).then(|| (vec![1; n], from as u64));
    }
    let quota = form.constant_threshold()?;
    Some((form.weights().to_vec(), quota))
}

impl Body<'_> {
    pub(super) fn n(&self) -> usize {
        self.w.len()
    }

    fn veto(&self, j: usize) -> bool {
        self.w[j] > self.margin
    }

    /// Each proposer's least cost by the fractional knapsack bound on what it can leave out,
    /// computed from the prices alone (sorting prices per vote), independent of any partition.
    fn fractional_costs(&self, x: &[f64]) -> Vec<f64> {
        let n = self.n();
        let total: f64 = x.iter().sum();
        let ratio = |j: usize| if self.w[j] == 0 { f64::INFINITY } else { x[j] / self.w[j] as f64 };
        let mut order: Vec<usize> = (0..n).filter(|&j| !self.veto(j)).collect();
        order.sort_by(|&a, &b| ratio(b).total_cmp(&ratio(a)));
        (0..n)
            .map(|k| {
                let mut room = self.margin as f64;
                let mut out = 0.0;
                for &j in &order {
                    if j == k || x[j] <= 0.0 {
                        continue;
                    }
                    let wj = self.w[j] as f64;
                    if wj <= room {
                        room -= wj;
                        out += x[j];
                    } else {
                        out += x[j] * room / wj;
                        break;
                    }
                }
                total - x[k] - out
            })
            .collect()
    }

    /// Prices and rate given costs `c`: the rate balances the left-out weight.
    fn respond(&self, c: &[f64]) -> (Vec<f64>, f64) {
        let n = self.n();
        let d = self.delta;
        let a: Vec<f64> = (0..n).map(|i| d * self.p[i] * (1.0 - c[i])).collect();
        let b: Vec<f64> = (0..n).map(|i| self.p[i] * (1.0 - c[i]) / (1.0 / d - 1.0 + self.p[i])).collect();
        let free: Vec<usize> = (0..n).filter(|&j| !self.veto(j) && self.w[j] > 0).collect();
        let demand = |r: f64| -> f64 {
            free.iter()
                .map(|&j| {
                    let wj = self.w[j] as f64;
                    let q = (1.0 / d - a[j] / (d * r * wj)).clamp(0.0, 1.0 - self.p[j]);
                    wj * (1.0 - self.p[j] - q)
                })
                .sum()
        };
        let m = self.margin as f64;
        let lowest = free.iter().map(|&j| a[j] / self.w[j] as f64).fold(f64::INFINITY, f64::min);
        let r = if free.is_empty() {
            0.0
        } else if demand(lowest) <= m {
            // Everyone who may be left out is, by every proposer: any rate below all.
            0.5 * lowest
        } else {
            let mut lo = lowest;
            let mut hi = free.iter().map(|&j| b[j] / self.w[j] as f64).fold(0.0, f64::max);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if demand(mid) > m {
                    lo = mid;
                } else {
                    hi = mid;
                }
                if hi - lo <= 1e-16 * hi {
                    break;
                }
            }
            0.5 * (lo + hi)
        };
        let x = (0..n)
            .map(|i| {
                if self.veto(i) {
                    b[i]
                } else if self.w[i] == 0 {
                    a[i]
                } else {
                    (r * self.w[i] as f64).max(a[i]).min(b[i])
                }
            })
            .collect();
        (x, r)
    }

    fn sides(&self, x: &[f64], r: f64, width: f64) -> Vec<Side> {
        (0..self.n())
            .map(|j| {
                if self.veto(j) {
                    Side::Below
                } else if self.w[j] == 0 {
                    Side::Above
                } else {
                    let ratio = x[j] / self.w[j] as f64;
                    if ratio > r * (1.0 + width) {
                        Side::Above
                    } else if ratio < r * (1.0 - width) {
                        Side::Below
                    } else {
                        Side::Band
                    }
                }
            })
            .collect()
    }

    /// Band weight proposer `k` leaves out: the margin less the others above.
    fn room(&self, side: &[Side], k: usize) -> i128 {
        let above: u64 = (0..self.n()).filter(|&j| j != k && side[j] == Side::Above).map(|j| self.w[j]).sum();
        self.margin as i128 - above as i128
    }

    /// The exact prices and rate for a partition: the value equations and the balance are
    /// linear in `(x, r)`.
    fn polish(&self, side: &[Side]) -> Option<(Vec<f64>, f64)> {
        let n = self.n();
        let d = self.delta;
        let band: Vec<usize> = (0..n).filter(|&j| side[j] == Side::Band).collect();
        let room: Vec<f64> = (0..n).map(|k| self.room(side, k) as f64).collect();
        let mut a = DMatrix::<f64>::zeros(n + 1, n + 1);
        let mut rhs = DVector::<f64>::zeros(n + 1);
        // c_i = sum_{j != i, not above} x_j - r room_i (no band: nothing to fill).
        let fill = !band.is_empty();
        let cost_row = |a: &mut DMatrix<f64>, row: usize, i: usize, scale: f64| {
            for j in 0..n {
                if j != i && side[j] != Side::Above {
                    a[(row, j)] += scale;
                }
            }
            if fill {
                a[(row, n)] -= scale * room[i];
            }
        };
        for i in 0..n {
            match side[i] {
                Side::Above => {
                    a[(i, i)] += 1.0;
                    cost_row(&mut a, i, i, d * self.p[i]);
                    rhs[i] = d * self.p[i];
                }
                Side::Below => {
                    a[(i, i)] += 1.0 / d - 1.0 + self.p[i];
                    cost_row(&mut a, i, i, self.p[i]);
                    rhs[i] = self.p[i];
                }
                Side::Band => {
                    a[(i, i)] = 1.0;
                    a[(i, n)] = -(self.w[i] as f64);
                }
            }
        }
        if fill {
            // r (sum_above w (1-p) + sum_band w (1 - p - 1/delta) - M) + sum_band p_j (1 - c_j) = 0.
            let mut k = -(self.margin as f64);
            for (j, s) in side.iter().enumerate() {
                let wj = self.w[j] as f64;
                match s {
                    Side::Above => k += wj * (1.0 - self.p[j]),
                    Side::Band => k += wj * (1.0 - self.p[j] - 1.0 / d),
                    Side::Below => {}
                }
            }
            a[(n, n)] = k;
            for &j in &band {
                cost_row(&mut a, n, j, -self.p[j]);
                rhs[n] -= self.p[j];
            }
        } else {
            a[(n, n)] = 1.0;
        }
        let solution = a.lu().solve(&rhs)?;
        let x: Vec<f64> = solution.iter().take(n).copied().collect();
        let r = solution[n];
        x.iter().all(|v| v.is_finite()).then_some((x, r))
    }
}

/// A proposer's mixture: each set's probability and its left-out counts by class.
type Mixture = Vec<(f64, Vec<usize>)>;

/// Everything the realisation and the result need, by class.
pub(super) struct Solved {
    pub(super) x: Vec<f64>,
    pub(super) side: Vec<Side>,
    /// Band weight each member leaves out when it proposes.
    room: Vec<u64>,
    /// Each band member's probability of being left out by a given other proposer, summed
    /// over proposers with their recognition: `1 - p_j - Q_j`.
    left_out: Vec<f64>,
}

/// The fractional equilibrium, exact for its partition and checked for consistency.
///
/// Fixed-point iteration on the costs; every [`CHECK_EVERY`] iterations, and when the costs
/// settle, the partition of the current prices is solved exactly and checked, and the first
/// consistent one is the answer (the iteration only has to find the partition; near `delta =
/// 1` it may circle the fixed point without settling).
fn fractional(body: &Body) -> Result<Solved, BargainingError> {
    let n = body.n();
    let mut c = vec![0.0; n];
    let mut last = None;
    for iteration in 0..MAX_ITERATIONS {
        body.cancel.check()?;
        let (x, r) = body.respond(&c);
        let next: Vec<f64> = body.fractional_costs(&x).into_iter().map(|c| c.clamp(0.0, 1.0)).collect();
        let change = next.iter().zip(&c).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        let settled = change < FIXED_POINT_TOLERANCE;
        if settled || iteration % CHECK_EVERY == CHECK_EVERY - 1 {
            for width in [BAND_WIDTH, ROUGH_BAND_WIDTH] {
                let side = body.sides(&x, r, width);
                match consistent(body, x.clone(), r, side) {
                    Ok(solved) => return Ok(solved),
                    Err(e) => last = Some(e),
                }
            }
            if settled {
                break;
            }
        }
        c = next.iter().zip(&c).map(|(a, b)| 0.5 * (a + b)).collect();
    }
    Err(last.unwrap_or_else(|| {
        refuse(format!("the costs did not settle in {MAX_ITERATIONS} fixed-point iterations; {ALTERNATIVE}"))
    }))
}

/// The exact prices for partition `side` (from the rough prices `x0` and rate `r0`), checked
/// for consistency: ratios on the right side of the rate, band inclusion probabilities in
/// range, each proposer's room within the band's weight.
fn consistent(body: &Body, x0: Vec<f64>, r0: f64, side: Vec<Side>) -> Result<Solved, BargainingError> {
    let n = body.n();
    let (x, r) = match body.polish(&side) {
        Some((x, r)) if side.contains(&Side::Band) => (x, r),
        // No band: the rate is any number below every price per vote.
        Some((x, _)) => (x, r0),
        None => return Err(refuse(format!("the equations of the partition are singular; {ALTERNATIVE}"))),
    };
    drop(x0);
    let inconsistent = |what: String| {
        refuse(format!("{what}; the single-band threshold structure does not hold, {ALTERNATIVE}"))
    };
    let d = body.delta;
    let c = body.fractional_costs(&x);
    let mut room = vec![0u64; n];
    let mut left_out = vec![0.0; n];
    let band_weight: u64 = (0..n).filter(|&j| side[j] == Side::Band).map(|j| body.w[j]).sum();
    for k in 0..n {
        let m = body.room(&side, k);
        let band_without: u64 = band_weight - if side[k] == Side::Band { body.w[k] } else { 0 };
        if m < 0 || (m as u64) > band_without {
            return Err(inconsistent(format!(
                "member {k} would leave out band weight {m}, outside [0, {band_without}]"
            )));
        }
        room[k] = m as u64;
        if band_weight == 0 && m > 0 && (0..n).any(|j| j != k && side[j] == Side::Below && !body.veto(j)) {
            return Err(inconsistent(format!("no band, yet member {k} has room {m} left")));
        }
    }
    for j in 0..n {
        let ratio = if body.w[j] == 0 { f64::INFINITY } else { x[j] / body.w[j] as f64 };
        match side[j] {
            Side::Above if ratio < r * (1.0 - SLACK) => {
                return Err(inconsistent(format!("member {j} above the band is priced below the rate")));
            }
            Side::Below if !body.veto(j) && ratio > r * (1.0 + SLACK) => {
                return Err(inconsistent(format!("member {j} below the band is priced above the rate")));
            }
            Side::Band => {
                let q = 1.0 / d - body.p[j] * (1.0 - c[j]) / x[j];
                if !(q > -SLACK && q < 1.0 - body.p[j] + SLACK) {
                    return Err(inconsistent(format!(
                        "band member {j} would be included with probability {q}"
                    )));
                }
                left_out[j] = (1.0 - body.p[j] - q).clamp(0.0, 1.0 - body.p[j]);
            }
            _ => {}
        }
    }
    Ok(Solved { x, side, room, left_out })
}

/// Probabilities that a proposer of class `t` leaves out a given band member of class `s`, by
/// a logistic fit: each proposer's expected left-out weight is its room, each band member's
/// expected times left out (weighted by recognition) is its `left_out`.
fn who_leaves_out_whom(
    sizes: &[usize],
    w: &[f64],
    p: &[f64],
    room: &[f64],
    band: &[usize],
    target: &[f64],
    cancel: &CancelToken,
) -> Result<Vec<Vec<f64>>, BargainingError> {
    let classes = sizes.len();
    let pool = |t: usize, s: usize| (sizes[s] - usize::from(s == t)) as f64;
    let others = |t: usize, s: usize| (sizes[t] - usize::from(s == t)) as f64;
    let allowed = |t: usize, s: usize| pool(t, s) > 0.0 && w[s] <= room[t];
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    let mut a = vec![0.0; classes];
    let mut b = vec![0.0; band.len()];
    // One monotone equation sum_i coef_i sigma(z + off_i) = goal in z, by safeguarded Newton.
    let solve1 = |terms: &[(f64, f64)], goal: f64, start: f64| -> f64 {
        let total: f64 = terms.iter().map(|t| t.0).sum();
        if goal <= 0.0 {
            return f64::NEG_INFINITY;
        }
        if goal >= total {
            return f64::INFINITY;
        }
        let (mut lo, mut hi) = (-800.0, 800.0);
        let mut z = start.clamp(-700.0, 700.0);
        for _ in 0..100 {
            let (mut f, mut g) = (-goal, 0.0);
            for &(coef, off) in terms {
                let s = sigma(z + off);
                f += coef * s;
                g += coef * s * (1.0 - s);
            }
            if f > 0.0 {
                hi = z
            } else {
                lo = z
            }
            if f.abs() <= 1e-15 * goal {
                break;
            }
            let next = z - f / g;
            z = if g > 0.0 && next > lo && next < hi { next } else { 0.5 * (lo + hi) };
            if hi - lo < 1e-15 {
                break;
            }
        }
        z
    };
    let y = |a: &[f64], b: &[f64]| -> Vec<Vec<f64>> {
        (0..classes)
            .map(|t| {
                band.iter()
                    .zip(b)
                    .map(|(&s, &bs)| if allowed(t, s) { sigma(a[t] + bs) } else { 0.0 })
                    .collect()
            })
            .collect()
    };
    for _ in 0..MAX_SWEEPS {
        cancel.check()?;
        for t in 0..classes {
            let terms: Vec<(f64, f64)> = band
                .iter()
                .zip(&b)
                .filter(|&(&s, _)| allowed(t, s))
                .map(|(&s, &bs)| (pool(t, s) * w[s], bs))
                .collect();
            a[t] = solve1(&terms, room[t], a[t]);
        }
        for (k, &s) in band.iter().enumerate() {
            let terms: Vec<(f64, f64)> =
                (0..classes).filter(|&t| allowed(t, s)).map(|t| (others(t, s) * p[t], a[t])).collect();
            b[k] = solve1(&terms, target[s], b[k]);
        }
        // The columns now hold exactly; stop when the rows do too.
        let ys = y(&a, &b);
        let miss = (0..classes)
            .map(|t| {
                let got: f64 = band.iter().zip(&ys[t]).map(|(&s, &v)| pool(t, s) * w[s] * v).sum();
                (got - room[t]).abs() / room[t].max(1.0)
            })
            // f64::max would drop a NaN; keep it, so that a NaN fit is refused.
            .fold(0.0, |m: f64, e: f64| if m.is_nan() || e.is_nan() { f64::NAN } else { m.max(e) });
        if miss.is_nan() {
            return Err(refuse(format!("who leaves out whom is not a number; {ALTERNATIVE}")));
        }
        if miss < 1e-13 {
            return Ok(ys);
        }
    }
    Err(refuse(format!("who leaves out whom did not settle in {MAX_SWEEPS} sweeps; {ALTERNATIVE}")))
}

/// Baron-Ferejohn by the threshold equilibrium; see the module documentation.
pub(super) fn threshold(
    game: &Game,
    recognition: &[f64],
    delta: f64,
    cancel: &CancelToken,
) -> Result<BaronFerejohn, BargainingError> {
    let n = game.n();
    let (w, quota) = weighted_form(game).ok_or_else(|| {
        refuse(format!("the threshold method needs a rule of one weight and one quota; {ALTERNATIVE}"))
    })?;
    if !game.is_winning(&Coalition::grand(n)) {
        return Err(BargainingError::NoAgreement);
    }
    if delta <= 0.0 {
        return Err(refuse(format!("discount factor {delta}: every offer is 0; {ALTERNATIVE}")));
    }
    if delta >= 1.0 && recognition.iter().any(|&p| p <= 0.0) {
        // A member never recognised, with no discounting, has no determinate price.
        return Err(refuse(format!("a member is never recognised and delta is 1; {ALTERNATIVE}")));
    }
    let total: u64 = w.iter().sum();
    let margin = total - quota.min(total);
    let (class_of, members) = recognition_classes(game, recognition);
    if members.iter().any(|m| m.iter().any(|&i| w[i] != w[m[0]])) {
        return Err(refuse(format!(
            "members of different weights are interchangeable in this rule; {ALTERNATIVE}"
        )));
    }
    let body = Body { w: &w, margin, p: recognition, delta, cancel };
    let solved = fractional(&body)?;
    // Class-level data (the first member stands for its class).
    let reps: Vec<usize> = members.iter().map(|m| m[0]).collect();
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let wc: Vec<f64> = reps.iter().map(|&i| w[i] as f64).collect();
    let pc: Vec<f64> = reps.iter().map(|&i| recognition[i]).collect();
    let room: Vec<f64> = reps.iter().map(|&i| solved.room[i] as f64).collect();
    let side: Vec<Side> = reps.iter().map(|&i| solved.side[i]).collect();
    let band: Vec<usize> = (0..members.len()).filter(|&s| side[s] == Side::Band).collect();
    let target: Vec<f64> = reps.iter().map(|&i| solved.left_out[i]).collect();
    let y = if band.is_empty() {
        vec![Vec::new(); members.len()]
    } else {
        who_leaves_out_whom(&sizes, &wc, &pc, &room, &band, &target, cancel)?
    };
    // Each proposer class's mixture over exact fills of its room, as left-out counts by class.
    let mixtures: Vec<Result<Mixture, FillError>> = (0..members.len())
        .into_par_iter()
        .map(|t| {
            // Once cancelled, the remaining proposers are skipped with an empty mixture, which
            // the check after the loop discards with everything else.
            if cancel.is_cancelled() {
                return Ok(Vec::new());
            }
            let k = reps[t];
            // The band members k may leave out, each with its class's probability.
            let eligible: Vec<usize> = band
                .iter()
                .flat_map(|&s| members[s].iter().copied())
                .filter(|&j| j != k && w[j] <= solved.room[k])
                .collect();
            let target: Vec<f64> = eligible
                .iter()
                .map(|&j| y[t][band.iter().position(|&s| s == class_of[j]).unwrap_or(0)])
                .collect();
            let weights: Vec<u64> = eligible.iter().map(|&j| w[j]).collect();
            let sets = mixture(&weights, solved.room[k], &target, t as u64)?;
            Ok(sets
                .into_iter()
                .map(|(prob, set)| {
                    let mut counts = vec![0usize; members.len()];
                    for e in set {
                        counts[class_of[eligible[e]]] += 1;
                    }
                    (prob, counts)
                })
                .collect())
        })
        .collect();
    cancel.check()?;
    // No exact fill (the IMF Board at a simple majority): the fractional bound is not attained,
    // so the band becomes an exactly enumerated knapsack core (module `baron_ferejohn_core`).
    if let Some(e) = mixtures.iter().find_map(|m| m.as_ref().err()) {
        // A failed verification is passed through as it is: a `Parameter` refusal would send
        // `Method::Auto` on to the knapsack silently.
        return super::baron_ferejohn_core::core(&body, &solved, &class_of, &members).map_err(
            |core| match core {
                // An interruption, too: as a refusal, `Method::Auto` would go on to the knapsack.
                stop @ (BargainingError::EquilibriumCheck { .. } | BargainingError::Interrupted(_)) => stop,
                core => refuse(format!("{e}, and {core}; {ALTERNATIVE}")),
            },
        );
    }
    let x = &solved.x;
    let classes: Vec<MemberClass> = mixtures
        .into_iter()
        .enumerate()
        .map(|(t, mix)| {
            let mix = mix.map_err(|e| refuse(format!("{e}; {ALTERNATIVE}")))?;
            let pool = |c: usize| sizes[c] - usize::from(c == t);
            let mut proposals: Vec<Proposal> = Vec::new();
            for (probability, out) in mix {
                let partners: Vec<usize> = (0..members.len())
                    .map(|c| match side[c] {
                        Side::Above => 0,
                        Side::Below => pool(c),
                        Side::Band => pool(c) - out[c],
                    })
                    .collect();
                match proposals.iter_mut().find(|p| p.partners == partners) {
                    Some(p) => p.probability += probability,
                    None => proposals.push(Proposal { probability, partners }),
                }
            }
            proposals.sort_by(|a, b| b.probability.total_cmp(&a.probability));
            let pays: f64 = proposals
                .iter()
                .map(|p| {
                    p.probability * p.partners.iter().zip(&reps).map(|(&k, &i)| k as f64 * x[i]).sum::<f64>()
                })
                .sum();
            let value = x[reps[t]] / delta;
            Ok(MemberClass {
                members: members[t].clone(),
                recognition: pc[t],
                value,
                keeps: 1.0 - pays,
                offer: x[reps[t]],
                proposals,
            })
        })
        .collect::<Result<_, BargainingError>>()?;
    let result = BaronFerejohn {
        discount: delta,
        values: class_of.iter().map(|&c| classes[c].value).collect(),
        class_of,
        classes,
        method: Method::Threshold,
    };
    verify(game, &body, &result)?;
    Ok(result)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The independent check: every chosen coalition wins with its proposer and costs at most the
/// fractional knapsack bound (so it is cheapest), probabilities sum to one, and the values
/// solve their equations and sum to one.
// `!(err <= tol)` on purpose: a NaN must fail every check, which `err > tol` lets pass.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
fn verify(game: &Game, body: &Body, eq: &BaronFerejohn) -> Result<(), BargainingError> {
    let fail = |condition: String| Err(BargainingError::EquilibriumCheck { condition });
    let n = eq.values.len();
    // Comparisons below are written `!(err <= tol)` so that a NaN fails them.
    if let Some((i, v)) = eq.values.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
        return fail(format!("member {i}: value {v}, expected a finite number >= 0"));
    }
    let x: Vec<f64> = eq.values.iter().map(|v| body.delta * v).collect();
    let bound = body.fractional_costs(&x);
    // An absolute tolerance would let a coalition a few weight units short of its room pass
    // as cheapest when one unit is cheap (large weights); so never more than a quarter of the
    // cheapest unit's price (weights move in steps of their common divisor g).
    let g = body.w.iter().fold(0, |a, &b| gcd(a, b)) as f64;
    let unit = (0..n)
        .filter(|&j| body.w[j] > 0 && !body.veto(j) && x[j] > 0.0)
        .map(|j| x[j] / body.w[j] as f64)
        .fold(f64::INFINITY, f64::min);
    let tol_cost = TOLERANCE.min(0.25 * g * unit);
    let sizes: Vec<usize> = eq.classes.iter().map(|c| c.members.len()).collect();
    let v: Vec<f64> = eq.classes.iter().map(|c| c.value).collect();
    let cost = |partners: &[usize]| -> f64 {
        body.delta * partners.iter().zip(&v).map(|(&k, x)| k as f64 * x).sum::<f64>()
    };
    for (t, class) in eq.classes.iter().enumerate() {
        let proposer = class.members[0];
        let total: f64 = class.proposals.iter().map(|p| p.probability).sum();
        if !((total - 1.0).abs() <= 1e-9) || class.proposals.iter().any(|p| !(p.probability >= 0.0)) {
            return fail(format!("class {t}: proposal probabilities sum to {total}, not 1"));
        }
        for p in &class.proposals {
            let mut coalition = Coalition::from_players([proposer]);
            for (c, &k) in p.partners.iter().enumerate() {
                let pool: Vec<usize> =
                    eq.classes[c].members.iter().copied().filter(|&j| j != proposer).collect();
                if pool.len() < k {
                    return fail(format!("class {t}: {k} partners from a pool of {}", pool.len()));
                }
                pool[..k].iter().for_each(|&j| coalition.insert(j));
            }
            if !game.is_winning(&coalition) {
                return fail(format!("class {t}: a chosen partner set does not win"));
            }
            let c = cost(&p.partners);
            if !(c <= bound[proposer] + tol_cost) {
                return fail(format!(
                    "class {t}: a chosen partner set costs {c}, above the fractional bound {}",
                    bound[proposer]
                ));
            }
        }
    }
    for s in 0..eq.classes.len() {
        let class = &eq.classes[s];
        let mut value = class.recognition
            * (1.0 - class.proposals.iter().map(|p| p.probability * cost(&p.partners)).sum::<f64>());
        for (t, other) in eq.classes.iter().enumerate() {
            let pool = (sizes[s] - usize::from(s == t)) as f64;
            if pool == 0.0 {
                continue;
            }
            let invitation = other.recognition * (sizes[t] - usize::from(s == t)) as f64 / pool;
            let partners: f64 = other.proposals.iter().map(|p| p.probability * p.partners[s] as f64).sum();
            value += invitation * partners * body.delta * class.value;
        }
        // Relative: tiny values (members rarely recognised) would pass any absolute check.
        if !((value - class.value).abs() <= TOLERANCE * class.value.max(1e-3)) {
            return fail(format!("class {s}: the value {} misses its equation ({value})", class.value));
        }
    }
    let total: f64 = eq.values.iter().sum();
    if !((total - 1.0).abs() <= TOLERANCE) || x.len() != n {
        return fail(format!("values sum to {total}, not 1"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two members of weight `k + 1` and eight of weight `k`, blocking margin `2k + 1`, priced
    /// in proportion to weight; each light proposer leaving out `light_out` lights and
    /// `2 - light_out` heavies, each heavy one heavy and one light. With `light_out = 2` the
    /// lights leave out weight `2k`, one unit short of their room.
    fn proportional(k: u64, light_out: usize, values: Option<Vec<f64>>) -> Result<(), BargainingError> {
        let w: Vec<u64> = [vec![k + 1; 2], vec![k; 8]].concat();
        let total: u64 = w.iter().sum();
        let margin = 2 * k + 1;
        let game = Game::from(crate::game::WeightedGame::new(w.clone(), total - margin).unwrap());
        let p = vec![0.1; 10];
        let values =
            values.unwrap_or_else(|| w.iter().map(|&wi| wi as f64 / total as f64).collect::<Vec<f64>>());
        let class = |members: Vec<usize>, partners: Vec<usize>| MemberClass {
            value: values[members[0]],
            offer: 0.9 * values[members[0]],
            recognition: 0.1,
            keeps: 0.0,
            members,
            proposals: vec![Proposal { probability: 1.0, partners }],
        };
        let eq = BaronFerejohn {
            discount: 0.9,
            class_of: [vec![0; 2], vec![1; 8]].concat(),
            classes: vec![
                class(vec![0, 1], vec![0, 7]),
                class((2..10).collect(), vec![light_out, 7 - light_out]),
            ],
            values: values.clone(),
            method: Method::Threshold,
        };
        let body = Body { w: &w, margin, p: &p, delta: 0.9, cancel: &CancelToken::new() };
        verify(&game, &body, &eq)
    }

    fn refused_as_dearer(result: Result<(), BargainingError>) -> bool {
        matches!(result, Err(BargainingError::EquilibriumCheck { condition }) if condition.contains("fractional bound"))
    }

    #[test]
    fn verify_refuses_a_coalition_one_unit_short_at_any_scale_of_weights() {
        // At k = 1e9 one vote costs about 1e-10, far inside the old absolute tolerance 1e-8.
        for k in [1, 100, 1_000_000_000] {
            assert!(!refused_as_dearer(proportional(k, 1, None)), "k = {k}: the exact fill is cheapest");
            assert!(refused_as_dearer(proportional(k, 2, None)), "k = {k}: one unit short passed");
        }
    }

    #[test]
    fn verify_refuses_nan_values() {
        let mut values = vec![0.1; 10];
        values[3] = f64::NAN;
        let result = proportional(1, 1, Some(values));
        assert!(
            matches!(&result, Err(BargainingError::EquilibriumCheck { condition }) if condition.contains("finite")),
            "{result:?}"
        );
    }

    #[test]
    fn who_leaves_out_whom_refuses_a_nan_room() {
        // A NaN miss used to vanish in `fold(0.0, f64::max)` and pass as settled.
        let result =
            who_leaves_out_whom(&[4], &[1.0], &[0.25], &[f64::NAN], &[0], &[0.5], &CancelToken::new());
        assert!(result.is_err(), "{result:?}");
    }
}
