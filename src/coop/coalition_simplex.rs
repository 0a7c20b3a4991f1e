//! A dense revised simplex with column generation over coalitions: the solver of the
//! nucleolus's stages and of the least core (the prenucleolus's first stage).
//!
//! The problem is `maximise c^T w subject to A w = b, w >= 0` with few rows (`m = n + 1`, one per
//! player and one for the total weight) and one column per coalition `S`: the indicator of `S`
//! on the player rows, 1 on the last row, cost `c_S`. A short list of other columns is given
//! explicitly. The coalition columns are never all held: a pool of them is optimised over, then
//! one pass over every coalition prices them all at once (the reduced cost
//! `c_S - pi(S) - pi_n` needs `pi(S)`, one addition per coalition from `S` without its lowest
//! member), and the most attractive join the pool, until none is attractive. That is column
//! generation (Gilmore & Gomory 1961) on the dual of the stage, or equivalently constraint
//! generation on the stage itself, without rebuilding a model for each round.
//!
//! The basis matrix (at most 26 by 26) is factorised afresh at every pivot, in `m^3 / 3`
//! flops: no update formula whose rounding drifts over many pivots. Phase 1 starts from one
//! artificial column per row; artificial columns still in the basis after phase 1 are held at
//! zero. The entering column is the one of largest reduced cost (Dantzig's rule), and after a
//! run of degenerate pivots the one of lowest index with the leaving one of lowest index
//! (Bland's rule), under which the method cannot cycle. A pivot limit turns any remaining
//! failure into an error, never into an answer.
//!
//! Rejected alternative: good_lp with microlp, which the nucleolus used before. Each round of
//! constraint generation built a new model with one row per coalition generated, so the basis
//! grew with the rows (hundreds) while this one stays `n + 1`; at 12 players the stages took 75%
//! of the nucleolus's time. microlp remains the reference twin in the tests and the fallback
//! should this method fail.
//!
//! # References
//! Chvátal (1983), *Linear Programming*, chapters 7 and 8 (the revised simplex method, phase 1,
//! and Bland's (1977) rule); Gilmore & Gomory (1961), Oper. Res. 9(6) (column generation).

use super::core::CoopError;
use crate::cancel::CancelToken;

/// A column given explicitly: its entries on the `m` rows and its cost.
pub(crate) struct Column {
    pub(crate) entries: Vec<f64>,
    pub(crate) cost: f64,
}

/// The optimum: row prices (the stage's `x` and `epsilon`) and the weights of the basis.
pub(crate) struct Optimum {
    /// `pi`, one per row: the players' prices, then the total weight's.
    pub(crate) prices: Vec<f64>,
    /// The basic coalition columns and their weights.
    pub(crate) coalition_weights: Vec<(usize, f64)>,
    /// The weight of each explicit column (zero when not basic).
    pub(crate) explicit_weights: Vec<f64>,
    /// The coalitions held in the pool at the end.
    pub(crate) pool: Vec<usize>,
}

/// The problem: `n` players (`m = n + 1` rows, right-hand side `e_n`), explicit columns, the
/// coalitions that may enter and their costs.
pub(crate) struct Problem<'a, V: Fn(usize) -> f64> {
    pub(crate) n: usize,
    pub(crate) explicit: &'a [Column],
    pub(crate) coalition_cost: V,
    /// The coalitions that may enter (each a column).
    pub(crate) coalitions: &'a [u32],
    /// Reduced costs above this are attractive.
    pub(crate) tolerance: f64,
    /// How many coalitions one pricing pass adds to the pool.
    pub(crate) batch: usize,
    /// The most pivots of the solve ([`MAX_PIVOTS`]; the tests lower it to force a failure).
    pub(crate) max_pivots: usize,
}

/// The most pivots of one solve: far above the few hundred a stage takes.
pub(crate) const MAX_PIVOTS: usize = 50_000;
/// Coalitions between two checks of the cancel token in a pricing pass: 2^16 additions take
/// tens of microseconds, beside which one relaxed load is lost.
const CHECK_BLOCK: usize = 1 << 16;
/// Pivots between two checks of the cancel token: a pivot refactorises a basis of at most 26
/// rows and prices the pool (thousands of columns), so 64 of them take milliseconds at most.
const PIVOTS_PER_CHECK: usize = 64;
/// Entries of a direction below this are taken as zero in the ratio test. The basis holds 0/1
/// columns and the explicit ones, whose inverse has entries of modest size.
const PIVOT_TOLERANCE: f64 = 1e-9;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Var {
    Artificial(usize),
    Explicit(usize),
    Coalition(u32),
}

/// Solves `problem` starting with `initial` coalitions in the pool. `sums` is working space of
/// `2^n` values.
pub(crate) fn solve<V: Fn(usize) -> f64>(
    problem: &Problem<'_, V>,
    initial: &[usize],
    sums: &mut [f64],
    cancel: &CancelToken,
) -> Result<Optimum, CoopError> {
    let n = problem.n;
    let m = n + 1;
    let mut pool: Vec<Var> = (0..m).map(Var::Artificial).collect();
    pool.extend((0..problem.explicit.len()).map(Var::Explicit));
    let mut in_pool = std::collections::HashSet::new();
    for &s in initial {
        if in_pool.insert(s as u32) {
            pool.push(Var::Coalition(s as u32));
        }
    }
    let mut state =
        State { m, basis: (0..m).collect(), values: vec![0.0; m], prices: vec![0.0; m], lu: Lu::new(m) };
    let mut pivots = 0;
    for phase in [Phase::One, Phase::Two] {
        loop {
            // Once per round of pricing: each round passes over every coalition, so the check
            // costs nothing beside it.
            cancel.check()?;
            state.optimise(problem, &pool, phase, &mut pivots, cancel)?;
            // Phase 1 needs only some feasible weights: when the pool has them (as the first
            // coalitions nearly always do), no pass over every coalition is spent on it.
            if phase == Phase::One && state.infeasibility(&pool) <= problem.tolerance {
                break;
            }
            // Price every coalition at once with the current row prices, checking the token
            // every block: at 25 players one pass is 2^25 coalitions, a good fraction of a second.
            let prices = &state.prices;
            sums[0] = 0.0;
            for start in (1..sums.len()).step_by(CHECK_BLOCK) {
                cancel.check()?;
                for s in start..(start + CHECK_BLOCK).min(sums.len()) {
                    sums[s] = sums[s & (s - 1)] + prices[s.trailing_zeros() as usize];
                }
            }
            let cost = |s: usize| if phase == Phase::One { 0.0 } else { (problem.coalition_cost)(s) };
            let entering = largest(
                problem.coalitions,
                |s| cost(s) - sums[s] - prices[n],
                problem.tolerance,
                problem.batch,
                &in_pool,
                cancel,
            )?;
            if entering.is_empty() {
                break;
            }
            for s in entering {
                in_pool.insert(s);
                pool.push(Var::Coalition(s));
            }
        }
        if phase == Phase::One {
            let infeasibility = state.infeasibility(&pool);
            if infeasibility > problem.tolerance {
                return Err(CoopError::Solver {
                    message: format!(
                        "coalition simplex: no feasible weights (infeasibility {infeasibility:e})"
                    ),
                });
            }
        }
    }
    let mut coalition_weights = Vec::new();
    let mut explicit_weights = vec![0.0; problem.explicit.len()];
    for (&j, &v) in state.basis.iter().zip(&state.values) {
        match pool[j] {
            Var::Coalition(s) => coalition_weights.push((s as usize, v)),
            Var::Explicit(k) => explicit_weights[k] = v,
            Var::Artificial(_) => {}
        }
    }
    let pool = pool
        .iter()
        .filter_map(|v| match v {
            Var::Coalition(s) => Some(*s as usize),
            _ => None,
        })
        .collect();
    Ok(Optimum { prices: state.prices, coalition_weights, explicit_weights, pool })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    One,
    Two,
}

struct State {
    m: usize,
    /// Pool indices of the basic columns, one per row.
    basis: Vec<usize>,
    /// The basic columns' values, `B^-1 b`.
    values: Vec<f64>,
    /// The row prices, `B^-T c_B`.
    prices: Vec<f64>,
    lu: Lu,
}

impl State {
    /// The artificial columns' total weight: zero when the basis is a feasible one.
    fn infeasibility(&self, pool: &[Var]) -> f64 {
        self.basis
            .iter()
            .zip(&self.values)
            .filter(|(j, _)| matches!(pool[**j], Var::Artificial(_)))
            .map(|(_, v)| v.max(0.0))
            .sum()
    }

    /// Pivots over the pool's columns until none has a reduced cost above the tolerance.
    fn optimise<V: Fn(usize) -> f64>(
        &mut self,
        problem: &Problem<'_, V>,
        pool: &[Var],
        phase: Phase,
        pivots: &mut usize,
        cancel: &CancelToken,
    ) -> Result<(), CoopError> {
        let m = self.m;
        let n = m - 1;
        let cost = |v: Var| match (v, phase) {
            (Var::Artificial(_), Phase::One) => -1.0,
            (Var::Artificial(_), Phase::Two) => 0.0,
            (_, Phase::One) => 0.0,
            (Var::Explicit(k), Phase::Two) => problem.explicit[k].cost,
            (Var::Coalition(s), Phase::Two) => (problem.coalition_cost)(s as usize),
        };
        let column = |v: Var, out: &mut [f64]| {
            out.iter_mut().for_each(|x| *x = 0.0);
            match v {
                Var::Artificial(r) => out[r] = 1.0,
                Var::Explicit(k) => out.copy_from_slice(&problem.explicit[k].entries),
                Var::Coalition(s) => {
                    for (i, x) in out[..n].iter_mut().enumerate() {
                        *x = (s >> i & 1) as f64;
                    }
                    out[n] = 1.0;
                }
            }
        };
        let mut in_basis = vec![false; pool.len()];
        let mut matrix = vec![0.0; m * m];
        let mut direction = vec![0.0; m];
        let mut degenerate_run = 0;
        loop {
            if *pivots % PIVOTS_PER_CHECK == 0 {
                cancel.check()?;
            }
            in_basis.iter_mut().for_each(|b| *b = false);
            for (k, &j) in self.basis.iter().enumerate() {
                in_basis[j] = true;
                column(pool[j], &mut matrix[k * m..(k + 1) * m]);
            }
            if !self.lu.factor(&matrix) {
                return Err(CoopError::Solver { message: "coalition simplex: singular basis".into() });
            }
            self.values.iter_mut().for_each(|x| *x = 0.0);
            self.values[n] = 1.0;
            self.lu.solve(&mut self.values);
            for (p, &j) in self.prices.iter_mut().zip(&self.basis) {
                *p = cost(pool[j]);
            }
            self.lu.solve_transposed(&mut self.prices);
            // Entering column: Dantzig's rule, or Bland's after a run of degenerate pivots.
            let bland = degenerate_run > 2 * m;
            let mut entering: Option<(usize, f64)> = None;
            for (j, &v) in pool.iter().enumerate() {
                if in_basis[j] || matches!(v, Var::Artificial(_)) {
                    continue;
                }
                let priced = match v {
                    Var::Coalition(s) => {
                        let mut sum = self.prices[n];
                        let mut bits = s;
                        while bits != 0 {
                            sum += self.prices[bits.trailing_zeros() as usize];
                            bits &= bits - 1;
                        }
                        sum
                    }
                    Var::Explicit(k) => {
                        problem.explicit[k].entries.iter().zip(&self.prices).map(|(a, p)| a * p).sum()
                    }
                    Var::Artificial(_) => unreachable!("skipped above"),
                };
                let reduced = cost(v) - priced;
                if reduced > problem.tolerance && entering.is_none_or(|(_, best)| reduced > best) {
                    entering = Some((j, reduced));
                    if bland {
                        break;
                    }
                }
            }
            let Some((q, _)) = entering else { return Ok(()) };
            column(pool[q], &mut direction);
            self.lu.solve(&mut direction);
            // Ratio test; artificial columns left in the basis after phase 1 stay at zero.
            let mut leaving: Option<(usize, f64)> = None;
            for r in 0..m {
                let w = direction[r];
                let held = phase == Phase::Two && matches!(pool[self.basis[r]], Var::Artificial(_));
                let ratio = if held && w.abs() > PIVOT_TOLERANCE {
                    0.0
                } else if w > PIVOT_TOLERANCE {
                    self.values[r].max(0.0) / w
                } else {
                    continue;
                };
                let better = match leaving {
                    None => true,
                    Some((l, best)) => {
                        if ratio < best - 1e-12 {
                            true
                        } else if ratio > best + 1e-12 {
                            false
                        } else if bland {
                            self.basis[r] < self.basis[l]
                        } else {
                            w.abs() > direction[l].abs()
                        }
                    }
                };
                if better {
                    leaving = Some((r, ratio));
                }
            }
            let Some((r, ratio)) = leaving else {
                return Err(CoopError::Solver { message: "coalition simplex: unbounded".into() });
            };
            degenerate_run = if ratio <= 1e-12 { degenerate_run + 1 } else { 0 };
            self.basis[r] = q;
            *pivots += 1;
            if *pivots > problem.max_pivots {
                return Err(CoopError::Solver {
                    message: format!("coalition simplex: no optimum after {} pivots", problem.max_pivots),
                });
            }
        }
    }
}

/// The `k` coalitions of `candidates` outside `skip` with the largest `score` above `floor`,
/// checking `cancel` every [`CHECK_BLOCK`] candidates.
fn largest(
    candidates: &[u32],
    score: impl Fn(usize) -> f64,
    floor: f64,
    k: usize,
    skip: &std::collections::HashSet<u32>,
    cancel: &CancelToken,
) -> Result<Vec<u32>, CoopError> {
    let mut best: Vec<(f64, u32)> = Vec::with_capacity(k + 1);
    // The smallest score held once `best` is full; a sorted insert keeps `k` (a few dozen) small.
    for block in candidates.chunks(CHECK_BLOCK) {
        cancel.check()?;
        for &s in block {
            let e = score(s as usize);
            if e <= floor || (best.len() == k && e <= best[k - 1].0) || skip.contains(&s) {
                continue;
            }
            let at = best.partition_point(|(b, _)| *b >= e);
            best.insert(at, (e, s));
            best.truncate(k);
        }
    }
    Ok(best.into_iter().map(|(_, s)| s).collect())
}

/// A dense LU factorisation with partial pivoting of a square matrix given by columns.
struct Lu {
    m: usize,
    /// Row-major `L` (unit lower, below the diagonal) and `U` (on and above it).
    a: Vec<f64>,
    /// `perm[k]`: the original row in position `k`.
    perm: Vec<usize>,
}

impl Lu {
    fn new(m: usize) -> Self {
        Lu { m, a: vec![0.0; m * m], perm: (0..m).collect() }
    }

    /// Factorises the matrix whose column `k` is `columns[k m..(k + 1) m]`; `false` when singular.
    fn factor(&mut self, columns: &[f64]) -> bool {
        let m = self.m;
        for r in 0..m {
            for c in 0..m {
                self.a[r * m + c] = columns[c * m + r];
            }
        }
        self.perm.iter_mut().enumerate().for_each(|(k, p)| *p = k);
        for k in 0..m {
            let p = (k..m).max_by(|&x, &y| self.a[x * m + k].abs().total_cmp(&self.a[y * m + k].abs()));
            let Some(p) = p else { return false };
            if self.a[p * m + k].abs() < 1e-11 {
                return false;
            }
            if p != k {
                for c in 0..m {
                    self.a.swap(p * m + c, k * m + c);
                }
                self.perm.swap(p, k);
            }
            let pivot = self.a[k * m + k];
            for r in k + 1..m {
                let f = self.a[r * m + k] / pivot;
                if f != 0.0 {
                    self.a[r * m + k] = f;
                    for c in k + 1..m {
                        self.a[r * m + c] -= f * self.a[k * m + c];
                    }
                } else {
                    self.a[r * m + k] = 0.0;
                }
            }
        }
        true
    }

    /// `x <- B^-1 x`.
    fn solve(&self, x: &mut [f64]) {
        let m = self.m;
        let mut y: Vec<f64> = self.perm.iter().map(|&p| x[p]).collect();
        for r in 0..m {
            let s: f64 = (0..r).map(|c| self.a[r * m + c] * y[c]).sum();
            y[r] -= s;
        }
        for r in (0..m).rev() {
            let s: f64 = (r + 1..m).map(|c| self.a[r * m + c] * y[c]).sum();
            y[r] = (y[r] - s) / self.a[r * m + r];
        }
        x.copy_from_slice(&y);
    }

    /// `x <- B^-T x`.
    fn solve_transposed(&self, x: &mut [f64]) {
        // B = P^T L U, so B^T y = x is U^T L^T P y = x.
        let m = self.m;
        let mut z = x.to_vec();
        for c in 0..m {
            let s: f64 = (0..c).map(|r| self.a[r * m + c] * z[r]).sum();
            z[c] = (z[c] - s) / self.a[c * m + c];
        }
        for c in (0..m).rev() {
            let s: f64 = (c + 1..m).map(|r| self.a[r * m + c] * z[r]).sum();
            z[c] -= s;
        }
        for (k, &p) in self.perm.iter().enumerate() {
            x[p] = z[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The factorisation solves `B x = b` and `B^T y = c` (residuals checked by product).
        #[test]
        fn lu_solves_both_systems(entries in prop::collection::vec(-3i32..=3, 25), rhs in prop::collection::vec(-5.0f64..5.0, 5)) {
            let m = 5;
            let columns: Vec<f64> = entries.iter().map(|&e| e as f64).collect();
            let mut lu = Lu::new(m);
            prop_assume!(lu.factor(&columns));
            let mut x = rhs.clone();
            lu.solve(&mut x);
            for r in 0..m {
                let bx: f64 = (0..m).map(|c| columns[c * m + r] * x[c]).sum();
                prop_assert!((bx - rhs[r]).abs() < 1e-6, "B x differs at row {}", r);
            }
            let mut y = rhs.clone();
            lu.solve_transposed(&mut y);
            for c in 0..m {
                let bty: f64 = (0..m).map(|r| columns[c * m + r] * y[r]).sum();
                prop_assert!((bty - rhs[c]).abs() < 1e-6, "B^T y differs at column {}", c);
            }
        }
    }

    #[test]
    fn least_core_of_three_players_by_hand() {
        // v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120, singletons 0: the first nucleolus
        // stage equalises the pair excesses at -10/3 with weights 1/3 on each pair.
        let v = [0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0];
        let grand = |sign: f64| Column { entries: vec![sign, sign, sign, 0.0], cost: sign * 120.0 };
        let explicit = [grand(1.0), grand(-1.0)];
        let coalitions: Vec<u32> = (1..7).collect();
        let problem = Problem {
            n: 3,
            explicit: &explicit,
            coalition_cost: |s| v[s],
            coalitions: &coalitions,
            tolerance: 1e-9,
            batch: 2,
            max_pivots: MAX_PIVOTS,
        };
        let mut sums = vec![0.0; 8];
        let optimum = solve(&problem, &[1, 2, 4], &mut sums, &CancelToken::new()).unwrap();
        assert!((optimum.prices[3] + 10.0 / 3.0).abs() < 1e-9, "epsilon {}", optimum.prices[3]);
        let x: Vec<f64> = optimum.prices[..3].to_vec();
        for (want, got) in [30.0 - 10.0 / 3.0, 40.0 - 10.0 / 3.0, 60.0 - 10.0 / 3.0].iter().zip(&x) {
            assert!((want - got).abs() < 1e-9, "{x:?}");
        }
        let mut pairs: Vec<(usize, f64)> =
            optimum.coalition_weights.into_iter().filter(|(_, w)| *w > 1e-9).collect();
        pairs.sort_by_key(|p| p.0);
        assert_eq!(pairs.iter().map(|p| p.0).collect::<Vec<_>>(), [3, 5, 6]);
        assert!(pairs.iter().all(|(_, w)| (w - 1.0 / 3.0).abs() < 1e-9), "{pairs:?}");
    }
}
