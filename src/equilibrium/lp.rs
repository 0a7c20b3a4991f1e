//! LP-based solutions of normal-form games (good_lp with the microlp solver): zero-sum values,
//! correlated equilibria, minmax values, and domination by mixed strategies.
//!
//! - Zero-sum (von Neumann 1928): the row player maximises `v` subject to
//!   `sum_i x_i A[i][j] >= v` for every column `j`; the column player's LP is the dual.
//! - Correlated equilibria (Aumann 1974): distributions `p` over pure profiles with
//!   `sum_{s_-i} p(a, s_-i) (u_i(a, s_-i) - u_i(a', s_-i)) >= 0` for every player `i` and
//!   actions `a != a'`; a polytope, of which the welfare-maximising point is returned.
//! - Minmax (punishment) values: pure, `min_{s_-i} max_a u_i(a, s_-i)`; mixed,
//!   `min_q max_a sum q(s_-i) u_i(a, s_-i)` over distributions `q` of the others' profiles.
//!   With two players `q` is the opponent's mixed strategy, the usual mixed minmax. With more
//!   players this LP lets the punishers correlate, so it is a lower bound on the minmax with
//!   independent punishers (which is not an LP); the result says which was computed.
//! - Domination by a mixed strategy: `a` is strictly dominated when some mix `sigma` of the
//!   other actions has `sum sigma_b u(b, s_-i) > u(a, s_-i)` against every remaining profile.
//!
//! The correlated-equilibrium LP has a variable per pure profile and an incentive constraint
//! per player and pair of actions, with `profiles * sum_i (k_i - 1)` non-zero coefficients in
//! all; it is refused above [`MAX_CORRELATED_TERMS`] before it is built.
//!
//! Free variables are split into two non-negative parts (microlp has been seen to stall on
//! free variables), and payoffs are divided by the game's scale before they enter an LP
//! (microlp's tolerances are absolute); values are scaled back.
//!
//! # References
//! von Neumann (1928); Aumann (1974), "Subjectivity and correlation in randomized
//! strategies", J. Math. Econ. 1(1); Fudenberg & Tirole (1991), *Game Theory*, sec. 2.1 and 5.1
//! (domination, minmax); Nisan et al. (2007), sec. 2.7.

use super::{Equilibrium, EquilibriumError, NormalFormGame, verified};
use crate::lp::free_variable;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, microlp, variable};

/// The most non-zero coefficients in the correlated-equilibrium LP (2^22: a 64x64 game has
/// about 2^19; each coefficient costs tens of bytes in the LP model and its solver).
///
/// ```
/// use comity::equilibrium::{
///     EquilibriumError, MAX_CORRELATED_TERMS, NormalFormGame, correlated_equilibrium,
/// };
/// // 130x130: 16,900 profiles x 2 x 129 incentive terms = 4,360,200 > 2^22; refused at once.
/// let g = NormalFormGame::zero_sum(vec![vec![0.0; 130]; 130])?;
/// let err = correlated_equilibrium(&g).unwrap_err();
/// assert!(matches!(err, EquilibriumError::TooLarge { limit: MAX_CORRELATED_TERMS, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_CORRELATED_TERMS: u64 = 1 << 22;

fn solver_error(e: impl std::fmt::Display) -> EquilibriumError {
    EquilibriumError::Solver { message: e.to_string() }
}

/// The value and optimal strategies of a two-player zero-sum game.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, zero_sum};
/// // Rock-paper-scissors: value 0, each plays (1/3, 1/3, 1/3).
/// let rps = NormalFormGame::zero_sum(vec![
///     vec![0.0, -1.0, 1.0],
///     vec![1.0, 0.0, -1.0],
///     vec![-1.0, 1.0, 0.0],
/// ])?;
/// let s = zero_sum(&rps)?;
/// assert!(s.value.abs() < 1e-9);
/// assert!(s.equilibrium.strategies.iter().flatten().all(|p| (p - 1.0 / 3.0).abs() < 1e-9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ZeroSumSolution {
    /// The value to the row player.
    pub value: f64,
    /// An optimal (maximin) strategy of the row player and the column player's optimal
    /// (minimax) strategy, verified as an equilibrium.
    pub equilibrium: Equilibrium,
}

/// Solves a zero-sum game (the column player's payoffs must be the negatives of the row
/// player's, up to a constant).
///
/// ```
/// use comity::equilibrium::{NormalFormGame, zero_sum};
/// let g = NormalFormGame::zero_sum(vec![vec![3.0, -1.0], vec![-2.0, 1.0]]).unwrap();
/// let s = zero_sum(&g).unwrap();
/// assert!((s.value - 1.0 / 7.0).abs() < 1e-9);
/// ```
pub fn zero_sum(game: &NormalFormGame) -> Result<ZeroSumSolution, EquilibriumError> {
    let (m, n, a, b) = game
        .as_bimatrix()
        .ok_or(EquilibriumError::NeedsTwoPlayers { method: "zero-sum", players: game.players() })?;
    let constant = a[0] + b[0];
    if a.iter().zip(b).any(|(x, y)| (x + y - constant).abs() > 1e-9 * game.scale()) {
        return Err(EquilibriumError::BadDistribution {
            message: "not a zero-sum game: row + col payoffs differ between cells; expected col = -row (plus a constant)".into(),
        });
    }
    let s = game.scale();
    let (value, x) = maximin(m, n, |i, j| a[i * n + j] / s)?;
    let (_, y) = maximin(n, m, |j, i| -a[i * n + j] / s)?;
    let value = value * s;
    let equilibrium = verified(game, vec![x, y])?;
    Ok(ZeroSumSolution { value, equilibrium })
}

/// `max_x min_j sum_i x_i u(i, j)` over mixed `x` on `rows` actions, against `cols` columns.
fn maximin(
    rows: usize,
    cols: usize,
    u: impl Fn(usize, usize) -> f64,
) -> Result<(f64, Vec<f64>), EquilibriumError> {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = (0..rows).map(|_| vars.add(variable().min(0.0))).collect();
    let v = free_variable(&mut vars);
    let mut model = vars.maximise(v.clone()).using(microlp);
    for j in 0..cols {
        let e: Expression = x.iter().enumerate().map(|(i, &xi)| u(i, j) * xi).sum();
        model = model.with((e - v.clone()).geq(0.0));
    }
    let total: Expression = x.iter().copied().sum();
    model = model.with(total.eq(1.0));
    let s = model.solve().map_err(solver_error)?;
    let mix: Vec<f64> = x.iter().map(|&xi| s.value(xi).max(0.0)).collect();
    let sum: f64 = mix.iter().sum();
    Ok((s.eval(&v), mix.into_iter().map(|p| p / sum).collect()))
}

/// A correlated equilibrium: a distribution over pure profiles (row-major).
///
/// ```
/// use comity::equilibrium::{NormalFormGame, correlated_equilibrium};
/// // Battle of the sexes: the best correlated equilibria toss a coin between the two pure
/// // equilibria (welfare 3); miscoordination gets no weight.
/// let bos = NormalFormGame::bimatrix(
///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
/// )?;
/// let ce = correlated_equilibrium(&bos)?;
/// assert!(ce.distribution[1] < 1e-9 && ce.distribution[2] < 1e-9);
/// assert!((ce.payoffs[0] + ce.payoffs[1] - 3.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelatedEquilibrium {
    /// Probability of each pure profile.
    pub distribution: Vec<f64>,
    /// Each player's expected payoff.
    pub payoffs: Vec<f64>,
}

/// The correlated equilibrium that maximises the sum of payoffs.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, correlated_equilibrium};
/// // Chicken: the welfare-maximising correlated equilibrium never plays (dare, dare).
/// let g = NormalFormGame::bimatrix(
///     vec![vec![0.0, 7.0], vec![2.0, 6.0]],
///     vec![vec![0.0, 2.0], vec![7.0, 6.0]],
/// )
/// .unwrap();
/// let ce = correlated_equilibrium(&g).unwrap();
/// assert!(ce.distribution[0] < 1e-9);
/// assert!((ce.payoffs[0] + ce.payoffs[1] - 21.0 / 2.0).abs() < 1e-6);
/// ```
pub fn correlated_equilibrium(game: &NormalFormGame) -> Result<CorrelatedEquilibrium, EquilibriumError> {
    let profiles = game.profiles();
    let terms = profiles as f64 * game.actions().iter().map(|&k| (k - 1) as f64).sum::<f64>();
    if terms > MAX_CORRELATED_TERMS as f64 {
        return Err(EquilibriumError::TooLarge {
            method: "the correlated-equilibrium linear program",
            shape: game.actions().iter().map(|k| k.to_string()).collect::<Vec<_>>().join("x"),
            estimate: terms,
            unit: "non-zero coefficients",
            limit: MAX_CORRELATED_TERMS,
            alternative: "every Nash equilibrium is a correlated one: use --method lemke-howson (two players) or --method pure",
        });
    }
    let scale = game.scale();
    let mut vars = ProblemVariables::new();
    let p: Vec<Variable> = (0..profiles).map(|_| vars.add(variable().min(0.0))).collect();
    let coefficients: Vec<f64> =
        (0..profiles).map(|s| (0..game.players()).map(|i| game.payoffs(i)[s]).sum::<f64>() / scale).collect();
    // In a constant-sum game welfare is the same everywhere and its coefficients vanish; the
    // objective is then the total probability (1 on every feasible point), so that the LP
    // still has a non-zero objective.
    let welfare: Expression = if coefficients.iter().all(|c| c.abs() < 1e-12) {
        p.iter().copied().sum()
    } else {
        coefficients.iter().zip(&p).map(|(c, &v)| *c * v).sum()
    };
    let mut model = vars.maximise(welfare).using(microlp);
    for (i, a, b) in incentive_pairs(game) {
        let e: Expression = incentive_terms(game, i, a, b).map(|(s, gain)| gain / scale * p[s]).sum();
        model = model.with(e.geq(0.0));
    }
    let total: Expression = p.iter().copied().sum();
    model = model.with(total.eq(1.0));
    let s = model.solve().map_err(solver_error)?;
    let distribution: Vec<f64> = p.iter().map(|&v| s.value(v).max(0.0)).collect();
    let sum: f64 = distribution.iter().sum();
    let distribution: Vec<f64> = distribution.into_iter().map(|q| q / sum).collect();
    if !is_correlated_equilibrium(game, &distribution)? {
        return Err(EquilibriumError::NotAnEquilibrium {
            gain: f64::NAN,
            allowed: super::EQUILIBRIUM_TOLERANCE,
        });
    }
    let payoffs = (0..game.players())
        .map(|i| (0..profiles).map(|s| distribution[s] * game.payoffs(i)[s]).sum())
        .collect();
    Ok(CorrelatedEquilibrium { distribution, payoffs })
}

/// Every (player, recommended action, deviation) triple.
fn incentive_pairs(game: &NormalFormGame) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    (0..game.players()).flat_map(move |i| {
        let k = game.actions()[i];
        (0..k).flat_map(move |a| (0..k).filter(move |&b| b != a).map(move |b| (i, a, b)))
    })
}

/// For profiles `s` with `s_i = a`: `(s, u_i(s) - u_i(b, s_-i))`.
fn incentive_terms(
    game: &NormalFormGame,
    i: usize,
    a: usize,
    b: usize,
) -> impl Iterator<Item = (usize, f64)> + '_ {
    (0..game.profiles()).filter_map(move |s| {
        let mut profile = game.profile(s);
        if profile[i] != a {
            return None;
        }
        let here = game.payoffs(i)[s];
        profile[i] = b;
        Some((s, here - game.payoff(i, &profile)))
    })
}

/// Whether `distribution` (over pure profiles, row-major) is a correlated equilibrium, within
/// the equilibrium tolerance. An invalid distribution is an error.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, is_correlated_equilibrium};
/// // Chicken (dare 0, chicken 1): Aumann's (1974) device, 1/3 on each profile but (dare,
/// // dare). By hand, told "chicken" a player expects (2 + 6)/2 = 4 > (0 + 7)/2 from daring.
/// let g = NormalFormGame::bimatrix(
///     vec![vec![0.0, 7.0], vec![2.0, 6.0]],
///     vec![vec![0.0, 2.0], vec![7.0, 6.0]],
/// )?;
/// let third = 1.0 / 3.0;
/// assert!(is_correlated_equilibrium(&g, &[0.0, third, third, 1.0 - 2.0 * third])?);
/// assert!(!is_correlated_equilibrium(&g, &[1.0, 0.0, 0.0, 0.0])?); // (dare, dare) pays 0 < 2
/// assert!(is_correlated_equilibrium(&g, &[0.5, 0.5]).is_err()); // one probability per profile
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_correlated_equilibrium(
    game: &NormalFormGame,
    distribution: &[f64],
) -> Result<bool, EquilibriumError> {
    let bad = |message: String| EquilibriumError::BadDistribution { message };
    if distribution.len() != game.profiles() {
        return Err(bad(format!(
            "expected {} probabilities (one per pure profile), found {}",
            game.profiles(),
            distribution.len()
        )));
    }
    if let Some((s, &q)) = distribution.iter().enumerate().find(|(_, q)| !(0.0..=1.0).contains(*q)) {
        return Err(bad(format!("probability {q} of profile {s} is outside [0, 1]")));
    }
    let sum: f64 = distribution.iter().sum();
    if (sum - 1.0).abs() > 1e-9 {
        return Err(bad(format!("probabilities sum to {sum}; expected 1")));
    }
    let tol = super::EQUILIBRIUM_TOLERANCE * game.scale();
    Ok(incentive_pairs(game).all(|(i, a, b)| {
        incentive_terms(game, i, a, b).map(|(s, g)| distribution[s] * g).sum::<f64>() >= -tol
    }))
}

/// A player's minmax (punishment) values.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, minmax};
/// // Matching pennies: against any pure column the row player gets 1, but the mix
/// // (1/2, 1/2) holds it to 0.
/// let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
/// let mm = minmax(&mp, 0)?;
/// assert_eq!(mm.pure, 1.0);
/// assert!(mm.mixed.abs() < 1e-9 && mm.mixed_is_exact);
/// assert!(mm.punishment.iter().all(|q| (q - 0.5).abs() < 1e-9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Minmax {
    /// `min` over the others' pure profiles of the player's best payoff.
    pub pure: f64,
    /// `min` over distributions of the others' profiles of the best payoff: the mixed minmax
    /// for two players, its correlated lower bound for more.
    pub mixed: f64,
    /// Whether `mixed` is the exact mixed minmax (two players) or the correlated bound.
    pub mixed_is_exact: bool,
    /// The punishing distribution over the others' profiles (row-major over the other players).
    pub punishment: Vec<f64>,
}

/// Minmax values of player `player`.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, minmax};
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )
/// .unwrap();
/// let mm = minmax(&pd, 0).unwrap();
/// assert_eq!(mm.pure, 1.0);
/// assert!((mm.mixed - 1.0).abs() < 1e-9 && mm.mixed_is_exact);
/// ```
pub fn minmax(game: &NormalFormGame, player: usize) -> Result<Minmax, EquilibriumError> {
    let k = game.actions()[player];
    let others: Vec<usize> = (0..game.players()).filter(|&q| q != player).collect();
    let other_actions: Vec<usize> = others.iter().map(|&q| game.actions()[q]).collect();
    let count: usize = other_actions.iter().product();
    let profile_of = |o: usize, a: usize| -> Vec<usize> {
        let mut rest = o;
        let mut parts = vec![0; other_actions.len()];
        for (slot, &size) in parts.iter_mut().zip(&other_actions).rev() {
            *slot = rest % size;
            rest /= size;
        }
        let mut profile = vec![0; game.players()];
        for (&q, &x) in others.iter().zip(&parts) {
            profile[q] = x;
        }
        profile[player] = a;
        profile
    };
    let u = |o: usize, a: usize| game.payoff(player, &profile_of(o, a));
    let scale = game.scale();
    let pure = (0..count)
        .map(|o| (0..k).map(|a| u(o, a)).fold(f64::NEG_INFINITY, f64::max))
        .fold(f64::INFINITY, f64::min);
    let mut vars = ProblemVariables::new();
    let q: Vec<Variable> = (0..count).map(|_| vars.add(variable().min(0.0))).collect();
    let w = free_variable(&mut vars);
    let mut model = vars.minimise(w.clone()).using(microlp);
    for a in 0..k {
        let e: Expression = q.iter().enumerate().map(|(o, &qo)| u(o, a) / scale * qo).sum();
        model = model.with((w.clone() - e).geq(0.0));
    }
    let total: Expression = q.iter().copied().sum();
    model = model.with(total.eq(1.0));
    let s = model.solve().map_err(solver_error)?;
    Ok(Minmax {
        pure,
        mixed: s.eval(&w) * scale,
        mixed_is_exact: game.players() == 2,
        punishment: q.iter().map(|&v| s.value(v).max(0.0)).collect(),
    })
}

/// The result of iterated elimination of strictly dominated strategies.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, eliminate_dominated};
/// // Prisoner's dilemma: cooperation is strictly dominated, by a pure action, for both.
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// let e = eliminate_dominated(&pd, false)?;
/// assert_eq!(e.surviving, [vec![1], vec![1]]);
/// assert_eq!(e.removed, [(0, 0, true), (1, 0, true)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Elimination {
    /// The actions that survive, per player.
    pub surviving: Vec<Vec<usize>>,
    /// The eliminations in order: (player, action, dominated by a pure action or only by a mix).
    pub removed: Vec<(usize, usize, bool)>,
}

/// Iterated elimination of strictly dominated strategies; with `mixed`, domination by mixed
/// strategies (an LP per candidate) as well as by pure ones.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, eliminate_dominated};
/// // Row action 2 is dominated by the mix of 0 and 1, though by neither alone.
/// let g = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![0.0, 3.0], vec![1.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.0, 0.0]],
/// )
/// .unwrap();
/// assert_eq!(eliminate_dominated(&g, false).unwrap().surviving[0], vec![0, 1, 2]);
/// assert_eq!(eliminate_dominated(&g, true).unwrap().surviving[0], vec![0, 1]);
/// ```
pub fn eliminate_dominated(game: &NormalFormGame, mixed: bool) -> Result<Elimination, EquilibriumError> {
    let mut surviving: Vec<Vec<usize>> = game.actions().iter().map(|&k| (0..k).collect()).collect();
    let mut removed = Vec::new();
    let tol = super::EQUILIBRIUM_TOLERANCE * game.scale();
    loop {
        let mut changed = false;
        for p in 0..game.players() {
            // Remaining profiles of the others, as full profiles with player p's slot free.
            let others: Vec<Vec<usize>> = (0..game.profiles())
                .map(|s| game.profile(s))
                .filter(|prof| {
                    prof[p] == 0 && (0..game.players()).all(|q| q == p || surviving[q].contains(&prof[q]))
                })
                .collect();
            let u = |a: usize, prof: &Vec<usize>| {
                let mut x = prof.clone();
                x[p] = a;
                game.payoff(p, &x)
            };
            let candidates = surviving[p].clone();
            for &a in &candidates {
                if surviving[p].len() == 1 {
                    break;
                }
                let rest: Vec<usize> = surviving[p].iter().copied().filter(|&b| b != a).collect();
                let by_pure = rest.iter().any(|&b| others.iter().all(|prof| u(b, prof) > u(a, prof) + tol));
                let scale = game.scale();
                let scaled = |b: usize, prof: &Vec<usize>| u(b, prof) / scale;
                let by_mix = !by_pure && mixed && dominated_by_mix(a, &rest, &others, &scaled, tol / scale)?;
                if by_pure || by_mix {
                    surviving[p].retain(|&b| b != a);
                    removed.push((p, a, by_pure));
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(Elimination { surviving, removed });
        }
    }
}

fn dominated_by_mix(
    a: usize,
    rest: &[usize],
    others: &[Vec<usize>],
    u: &impl Fn(usize, &Vec<usize>) -> f64,
    tol: f64,
) -> Result<bool, EquilibriumError> {
    let mut vars = ProblemVariables::new();
    let sigma: Vec<Variable> = rest.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let eps = free_variable(&mut vars);
    let mut model = vars.maximise(eps.clone()).using(microlp);
    for prof in others {
        let e: Expression = rest.iter().zip(&sigma).map(|(&b, &s)| u(b, prof) * s).sum();
        model = model.with((e - eps.clone()).geq(u(a, prof)));
    }
    let total: Expression = sigma.iter().copied().sum();
    model = model.with(total.eq(1.0));
    // The margin is bounded by the payoff range; an unbounded LP cannot occur.
    let s = model.solve().map_err(solver_error)?;
    Ok(s.eval(&eps) > tol)
}
