//! Mixed proposals of a Baron-Ferejohn equilibrium by linear programming, for bodies whose
//! cheapest coalitions tie by the hundred (the EU Council, the IMF Board).
//!
//! In a stationary equilibrium with class values `v`, a proposer of class `t` mixes with
//! probabilities `x_tk` over partner sets `k` that all cost the least, `c_t(v)`, and the values
//! solve
//!
//! ```text
//! v_s = p_s (1 - sum_k x_sk cost_sk(v)) + delta v_s sum_t inv(t, s) sum_k x_tk n_ks(t),
//! ```
//!
//! where `n_ks(t)` counts the class-`s` partners of set `k` for a proposer of class `t` and
//! `inv(t, s)` turns that count into the chance that a given member of `s` is invited. At fixed
//! `v` these equations are linear in the mixture `x`, and at fixed `x` they are linear in `v`.
//! Equilibrium values are unique (Eraslan & McLennan 2013) but mixtures are not: when
//! hundreds of sets tie, the square system of the exact stage (ties, probabilities, values)
//! has a singular Jacobian for most choices of its support, and Newton's method fails
//! (on the EU Council, with 729 sets on the faces).
//!
//! # Algorithm
//! The logit homotopy of the knapsack method ends at a temperature (1e-10 of the discount
//! factor) where the partner sets it weighs cost the least to within far less than
//! [`super::TOLERANCE`], over a pool that holds every near-cheapest coalition. At its values
//! `v`, for cost gaps growing fourfold from 1e-11:
//!
//! 1. **Mixing LP**: over the pool's partner sets within the gap of each proposer's
//!    cheapest, the mixture minimising the total absolute miss of the value equations at
//!    `v`, plus a small charge for probability on dearer sets. A basic optimal solution
//!    mixes over at most `2 n` sets in all (the LP has `2 n` rows), whichever of the many
//!    tying sets it picks.
//! 2. **Policy evaluation**: the values the mixture implies (a linear solve). The mixture
//!    is accepted when each of its sets costs at most `TOLERANCE / 4` more than the
//!    cheapest in the pool at those values; the caller then asks the knapsack for anything
//!    cheaper, and the independent check certifies the result.
//!
//! Each gap costs one LP of `sum |candidates| + 2 n` variables and `2 n` rows and one
//! `n x n` solve. On the EU Council the LP meets the equations at a gap of about 6e-10,
//! with 52 sets mixed among 405 candidates.
//!
//! # References
//! Eraslan & McLennan (2013), "Uniqueness of stationary equilibrium payoffs in coalitional
//! bargaining", JET 148(6); Chvátal (1983), *Linear
//! Programming*, ch. 3 (basic solutions have at most as many positive entries as rows).
//!
//! ```
//! // Exercised through the knapsack method; the EU Council is in tests/baron_ferejohn.rs.
//! use comity::bargaining::{baron_ferejohn_with, Method, Recognition};
//! use comity::game::{Game, WeightedGame};
//! let game = Game::from(WeightedGame::new(vec![3, 3, 2, 2, 1], 7)?);
//! let p = Recognition::Equal.probabilities(5)?;
//! let a = baron_ferejohn_with(&game, &p, 0.9, Method::Knapsack)?;
//! let b = baron_ferejohn_with(&game, &p, 0.9, Method::Enumeration)?;
//! assert!(a.values.iter().zip(&b.values).all(|(x, y)| (x - y).abs() < 1e-8));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::axiomatic::BargainingError;
use super::baron_ferejohn::{Equations, Faces, Profiles, partners};
use crate::cancel::CancelToken;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, microlp, variable};
use nalgebra::{DMatrix, DVector};

/// The narrowest cost gap (relative to the discount factor) within which partner sets are
/// candidates of the mixing LP; it grows fourfold until the LP meets the value equations
/// with sets that all cost the least.
const FIRST_GAP: f64 = 1e-11;
/// A mixture is accepted when each of its partner sets costs at most this more than the
/// cheapest in the pool (the independent check then holds it to [`super::TOLERANCE`]).
const ACCEPT_GAP: f64 = super::TOLERANCE / 4.0;
/// The LP's charge per unit of probability and per unit of excess cost (relative to the
/// discount factor), small against a miss of the value equations: it breaks ties toward the
/// cheapest sets without trading off the equations.
const GAP_CHARGE: f64 = 1e-3;

/// The equilibrium values and mixtures from the homotopy's values `v`, over the pool
/// `profiles`, trying cost gaps up to `widest` (relative to the discount factor).
pub(super) fn finish(
    profiles: &Profiles,
    p: &[f64],
    delta: f64,
    scale: f64,
    v: &[f64],
    widest: f64,
    cancel: &CancelToken,
) -> Result<(Vec<f64>, Faces), BargainingError> {
    let eq = Equations { profiles, p: p.to_vec(), delta, scale };
    let mut gap = FIRST_GAP;
    loop {
        // One linear program per gap: the checkpoint.
        cancel.check()?;
        let candidates = candidates(&eq, v, gap * scale);
        if let Some(mixture) = mixing_lp(&eq, v, &candidates)
            && let Some(values) = evaluate(&eq, &mixture)
        {
            // The values the mixture implies, and how far its partner sets miss the cheapest
            // at those values.
            let cheapest = eq.cheapest_within(&values, 0.0);
            let dearest = (0..p.len())
                .map(|t| {
                    let least = cheapest[t].0;
                    mixture[t]
                        .iter()
                        .map(|&(i, _)| eq.cost(&values, &profiles.minimal[i], t) - least)
                        .fold(0.0, f64::max)
                })
                .fold(0.0, f64::max);
            if dearest < ACCEPT_GAP {
                return Ok((values, mixture));
            }
        }
        if gap >= widest {
            return Err(BargainingError::NotConverged { tau: widest });
        }
        gap = (gap * 4.0).min(widest);
    }
}

/// For each proposer class, the pool's partner sets within `gap` of its cheapest at `v`, with
/// their excess cost.
fn candidates(eq: &Equations, v: &[f64], gap: f64) -> Vec<Vec<(usize, f64)>> {
    eq.cheapest_within(v, gap)
        .into_iter()
        .enumerate()
        .map(|(t, (least, list))| {
            list.into_iter().map(|i| (i, eq.cost(v, &eq.profiles.minimal[i], t) - least)).collect()
        })
        .collect()
}

/// The mixture over `candidates` that best meets the value equations at `v` (the least total
/// absolute miss); each class's positive probabilities, or `None` if the LP fails.
fn mixing_lp(eq: &Equations, v: &[f64], candidates: &[Vec<(usize, f64)>]) -> Option<Faces> {
    let n = eq.p.len();
    let mut vars = ProblemVariables::new();
    let x: Vec<Vec<Variable>> =
        candidates.iter().map(|list| list.iter().map(|_| vars.add(variable().min(0.0))).collect()).collect();
    let miss: Vec<(Variable, Variable)> =
        (0..n).map(|_| (vars.add(variable().min(0.0)), vars.add(variable().min(0.0)))).collect();
    let mut objective: Expression = miss.iter().map(|&(a, b)| a + b).sum();
    for (list, xs) in candidates.iter().zip(&x) {
        for (&(_, excess), &var) in list.iter().zip(xs) {
            objective += GAP_CHARGE * excess / eq.scale * var;
        }
    }
    let mut model = vars.minimise(objective).using(microlp);
    for xs in &x {
        let total: Expression = xs.iter().copied().sum();
        model = model.with(total.eq(1.0));
    }
    for s in 0..n {
        // p_s (1 - sum_k x_sk cost_sk) + delta v_s sum_t inv(t, s) sum_k x_tk n_ks - v_s.
        let mut row = Expression::from(eq.p[s] - v[s]);
        for (&(i, _), &var) in candidates[s].iter().zip(&x[s]) {
            row -= eq.p[s] * eq.cost(v, &eq.profiles.minimal[i], s) * var;
        }
        for t in 0..n {
            let invitation = eq.invitation(t, s);
            if invitation == 0.0 {
                continue;
            }
            for (&(i, _), &var) in candidates[t].iter().zip(&x[t]) {
                let k = partners(&eq.profiles.minimal[i], t).find(|&(c, _)| c == s).map_or(0, |(_, k)| k);
                if k > 0 {
                    row += eq.delta * v[s] * invitation * k as f64 * var;
                }
            }
        }
        model = model.with((row - miss[s].0 + miss[s].1).eq(0.0));
    }
    let solution = model.solve().ok()?;
    Some(
        candidates
            .iter()
            .zip(&x)
            .map(|(list, xs)| {
                let face: Vec<(usize, f64)> = list
                    .iter()
                    .zip(xs)
                    .map(|(&(i, _), &var)| (i, solution.value(var)))
                    .filter(|&(_, prob)| prob > 1e-12)
                    .collect();
                let total: f64 = face.iter().map(|e| e.1).sum();
                face.into_iter().map(|(i, prob)| (i, prob / total)).collect()
            })
            .collect(),
    )
}

/// The values when every class proposes by `mixture` (policy evaluation): the value equations
/// at a fixed mixture are linear in `v`.
fn evaluate(eq: &Equations, mixture: &Faces) -> Option<Vec<f64>> {
    let n = eq.p.len();
    // mean[t][u]: class-u partners of a class-t proposer, on average.
    let mut mean = vec![vec![0.0; n]; n];
    for (t, face) in mixture.iter().enumerate() {
        for &(i, prob) in face {
            for (c, k) in partners(&eq.profiles.minimal[i], t) {
                mean[t][c] += prob * k as f64;
            }
        }
    }
    // v_s (1 - delta q_s) + p_s delta sum_u mean[s][u] v_u = p_s.
    let a = DMatrix::from_fn(n, n, |s, u| {
        let mut entry = eq.p[s] * eq.delta * mean[s][u];
        if s == u {
            let q: f64 = (0..n).map(|t| eq.invitation(t, s) * mean[t][s]).sum();
            entry += 1.0 - eq.delta * q;
        }
        entry
    });
    let v = a.lu().solve(&DVector::from_column_slice(&eq.p))?;
    v.iter().all(|x| x.is_finite()).then(|| v.iter().map(|x| x.max(0.0)).collect())
}
