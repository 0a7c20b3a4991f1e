//! When repeated play sustains cooperation: grim-trigger thresholds, feasible and
//! individually rational payoffs, and the n-player public-goods game.
//!
//! - Grim trigger with Nash reversion (Friedman 1971): each player keeps to a target profile
//!   until someone deviates, after which all play a pure Nash equilibrium of the stage game
//!   forever. Player `i` with target payoff `u_i`, best deviation payoff `d_i` and punishment
//!   payoff `n_i` keeps to the target iff `(1 - delta) d_i + delta n_i <= u_i`, that is
//!   `delta >= (d_i - u_i) / (d_i - n_i)`; the profile is sustained from the largest of these
//!   thresholds on. In the prisoner's dilemma this is `(T - R)/(T - P)`.
//! - Folk theorems (Fudenberg & Maskin 1986): payoffs that are feasible (in the convex hull of
//!   the pure payoff vectors) and strictly individually rational (above every player's minmax)
//!   are equilibrium payoffs for patient enough players.
//! - Linear public goods among `n` members (contribution cost 1, multiplier `1 < r < n`, the
//!   pot shared equally): full contribution under grim trigger needs
//!   `delta >= (n - r) / (r (n - 1))` (derived from the grim-trigger condition with
//!   `u = r - 1`, `d = r (n - 1)/n`, `n_i = 0`); it rises with the size of the body and tends
//!   to `1/r`.
//!
//! # References
//! Friedman (1971), "A non-cooperative equilibrium for supergames", RES 38(1); Fudenberg &
//! Maskin (1986), Econometrica 54(3); Fudenberg & Tirole (1991), *Game Theory*, ch. 5.
//!
//! ```
//! use comity::equilibrium::NormalFormGame;
//! use comity::repeated::{grim_trigger, public_goods_critical_delta};
//! let pd = NormalFormGame::bimatrix(
//!     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
//!     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
//! )
//! .unwrap();
//! let g = grim_trigger(&pd, &[0, 0], None).unwrap();
//! assert_eq!(g.overall, Some(0.5)); // (T - R) / (T - P) = 2 / 4
//! assert!((public_goods_critical_delta(2, 1.5).unwrap() - 1.0 / 3.0).abs() < 1e-15);
//! ```

use super::RepeatedError;
use crate::equilibrium::{NormalFormGame, minmax, pure_equilibria};
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, microlp, variable};

/// Grim-trigger thresholds for a target profile.
///
/// ```
/// use comity::equilibrium::NormalFormGame;
/// use comity::repeated::grim_trigger;
/// // Prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1): reverting to (D, D) sustains (C, C) from
/// // delta = (T - R) / (T - P) = 1/2 on, for both players.
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// let g = grim_trigger(&pd, &[0, 0], None)?;
/// assert_eq!(
///     (g.per_player, g.overall, g.punishment),
///     (vec![Some(0.5); 2], Some(0.5), vec![1, 1])
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GrimTrigger {
    /// Each player's critical discount factor, or `None` when the punishment is no worse for
    /// that player than the target (no discount factor sustains the target).
    pub per_player: Vec<Option<f64>>,
    /// The largest of them (`None` if any player's is `None`).
    pub overall: Option<f64>,
    /// The pure stage-game Nash equilibrium used as punishment.
    pub punishment: Vec<usize>,
}

fn parameter(what: &'static str, message: String) -> RepeatedError {
    RepeatedError::Parameter { what, message }
}

/// Thresholds for sustaining `target` (one action per player) by grim trigger. `punishment`
/// must be a pure Nash equilibrium of the stage game; by default the pure equilibrium that
/// gives the lowest overall threshold is used.
///
/// ```
/// use comity::equilibrium::NormalFormGame;
/// use comity::repeated::grim_trigger;
/// // A milder temptation T = 4: by hand (4 - 3) / (4 - 1) = 1/3.
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![4.0, 1.0]],
///     vec![vec![3.0, 4.0], vec![0.0, 1.0]],
/// )?;
/// let g = grim_trigger(&pd, &[0, 0], Some(&[1, 1]))?;
/// assert!((g.overall.unwrap() - 1.0 / 3.0).abs() < 1e-15);
/// // (C, D) is not a stage equilibrium, so it cannot serve as the punishment.
/// assert!(grim_trigger(&pd, &[0, 0], Some(&[0, 1])).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn grim_trigger(
    game: &NormalFormGame,
    target: &[usize],
    punishment: Option<&[usize]>,
) -> Result<GrimTrigger, RepeatedError> {
    let check = |what: &'static str, profile: &[usize]| -> Result<(), RepeatedError> {
        if profile.len() != game.players() || profile.iter().zip(game.actions()).any(|(&a, &k)| a >= k) {
            return Err(parameter(
                what,
                format!("{profile:?}; expected one action per player within {:?}", game.actions()),
            ));
        }
        Ok(())
    };
    check("target", target)?;
    let equilibria: Vec<Vec<usize>> = pure_equilibria(game)
        .into_iter()
        .map(|e| e.strategies.iter().map(|s| s.iter().position(|&p| p == 1.0).unwrap_or(0)).collect())
        .collect();
    let candidates: Vec<Vec<usize>> = match punishment {
        Some(p) => {
            check("punishment", p)?;
            if !equilibria.iter().any(|e| e == p) {
                return Err(parameter(
                    "punishment",
                    format!("{p:?} is not a pure Nash equilibrium of the stage game"),
                ));
            }
            vec![p.to_vec()]
        }
        None if equilibria.is_empty() => {
            return Err(parameter(
                "punishment",
                "the stage game has no pure Nash equilibrium to revert to".into(),
            ));
        }
        None => equilibria,
    };
    let thresholds = |punish: &[usize]| -> Vec<Option<f64>> {
        (0..game.players())
            .map(|i| {
                let u = game.payoff(i, target);
                let mut deviation = target.to_vec();
                let d = (0..game.actions()[i])
                    .map(|a| {
                        deviation[i] = a;
                        game.payoff(i, &deviation)
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                let n = game.payoff(i, punish);
                if d <= u {
                    Some(0.0)
                } else if u > n {
                    Some((d - u) / (d - n))
                } else {
                    None
                }
            })
            .collect()
    };
    let overall =
        |t: &[Option<f64>]| -> Option<f64> { t.iter().try_fold(0.0f64, |m, x| x.map(|x| m.max(x))) };
    let best = candidates
        .into_iter()
        .map(|p| {
            let t = thresholds(&p);
            (overall(&t), t, p)
        })
        .min_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .expect("at least one candidate punishment");
    Ok(GrimTrigger { per_player: best.1, overall: best.0, punishment: best.2 })
}

/// Whether a payoff vector is feasible and individually rational.
///
/// ```
/// use comity::equilibrium::NormalFormGame;
/// use comity::repeated::feasible_and_rational;
/// // Prisoner's dilemma: (3, 3) is feasible and strictly above the minmax (1, 1).
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// let check = feasible_and_rational(&pd, &[3.0, 3.0])?;
/// assert!(check.feasible && check.individually_rational && check.strictly_rational);
/// assert!(check.minmax.iter().all(|m| (m - 1.0).abs() < 1e-9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FolkCheck {
    /// In the convex hull of the pure payoff vectors.
    pub feasible: bool,
    /// At least every player's mixed minmax.
    pub individually_rational: bool,
    /// Strictly above every player's mixed minmax.
    pub strictly_rational: bool,
    /// The mixed minmax values (for more than two players, the correlated lower bound; see
    /// [`crate::equilibrium::minmax`]).
    pub minmax: Vec<f64>,
}

/// Checks `payoffs` (one per player) for feasibility (an LP over distributions on pure
/// profiles) and individual rationality (against mixed minmax values).
///
/// ```
/// use comity::equilibrium::NormalFormGame;
/// use comity::repeated::feasible_and_rational;
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// // (4, 4) lies outside the hull of (3, 3), (0, 5), (5, 0), (1, 1).
/// assert!(!feasible_and_rational(&pd, &[4.0, 4.0])?.feasible);
/// // (1, 1) is feasible and rational, but not strictly: the folk theorem needs more.
/// let edge = feasible_and_rational(&pd, &[1.0, 1.0])?;
/// assert!(edge.feasible && edge.individually_rational && !edge.strictly_rational);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn feasible_and_rational(game: &NormalFormGame, payoffs: &[f64]) -> Result<FolkCheck, RepeatedError> {
    if payoffs.len() != game.players() || payoffs.iter().any(|v| !v.is_finite()) {
        return Err(parameter(
            "payoffs",
            format!("expected {} finite numbers, one per player", game.players()),
        ));
    }
    let scale = game.scale();
    let tol = 1e-9 * scale;
    let minmax: Vec<f64> = (0..game.players())
        .map(|p| minmax(game, p).map(|m| m.mixed))
        .collect::<Result<_, _>>()
        .map_err(|e| parameter("minmax", e.to_string()))?;
    // Feasibility: minimise the total absolute gap between the target and a mix of pure
    // payoff vectors (values normalised by the scale); feasible when the gap is 0.
    let mut vars = ProblemVariables::new();
    let lambda: Vec<Variable> = (0..game.profiles()).map(|_| vars.add(variable().min(0.0))).collect();
    let gaps: Vec<Variable> = (0..game.players()).map(|_| vars.add(variable().min(0.0))).collect();
    let objective: Expression = gaps.iter().copied().sum();
    let mut model = vars.minimise(objective.clone()).using(microlp);
    for (p, &gap) in gaps.iter().enumerate() {
        let mix: Expression = lambda.iter().enumerate().map(|(s, &l)| game.payoffs(p)[s] / scale * l).sum();
        model = model.with((mix.clone() - payoffs[p] / scale - gap).leq(0.0));
        model = model.with((payoffs[p] / scale - mix - gap).leq(0.0));
    }
    let total: Expression = lambda.iter().copied().sum();
    model = model.with(total.eq(1.0));
    let solution = model.solve().map_err(|e| parameter("feasibility LP", e.to_string()))?;
    let feasible = solution.eval(&objective) * scale <= tol;
    Ok(FolkCheck {
        feasible,
        individually_rational: payoffs.iter().zip(&minmax).all(|(v, m)| *v >= m - tol),
        strictly_rational: payoffs.iter().zip(&minmax).all(|(v, m)| *v > m + tol),
        minmax,
    })
}

/// The critical discount factor `(n - r) / (r (n - 1))` of grim trigger sustaining full
/// contribution in the linear public-goods game of `n >= 2` members with multiplier
/// `1 < r < n` (contribution cost 1).
///
/// ```
/// use comity::repeated::public_goods_critical_delta;
/// // Ten members, multiplier 2: by hand (10 - 2) / (2 * 9) = 4/9.
/// assert!((public_goods_critical_delta(10, 2.0)? - 4.0 / 9.0).abs() < 1e-15);
/// // Larger bodies need more patience, tending to 1/r = 1/2.
/// assert!(public_goods_critical_delta(100, 2.0)? > public_goods_critical_delta(10, 2.0)?);
/// assert!(public_goods_critical_delta(10, 12.0).is_err()); // r >= n: no dilemma
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn public_goods_critical_delta(n: usize, r: f64) -> Result<f64, RepeatedError> {
    if n < 2 || !(r > 1.0 && r < n as f64) {
        return Err(parameter(
            "public goods",
            format!("n = {n}, r = {r}; expected n >= 2 and 1 < r < n (a social dilemma)"),
        ));
    }
    let n = n as f64;
    Ok((n - r) / (r * (n - 1.0)))
}
