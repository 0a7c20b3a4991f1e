//! Whether a simple game is a weighted majority game, and if so integer weights and a quota
//! that represent it.
//!
//! A game is weighted iff the linear program
//!
//! ```text
//! minimise sum_i w_i  subject to  w >= 0,
//!   sum_{i in S} w_i >= q        for every minimal winning S,
//!   sum_{i in L} w_i <= q - 1    for every maximal losing L
//! ```
//!
//! is feasible (any strictly separating real weights can be scaled to a margin of 1; it is
//! enough to separate the minimal winning from the maximal losing coalitions, since adding
//! members only raises a coalition's weight). The LP is solved with good_lp and microlp by
//! constraint generation (start from a few coalitions, add the most violated ones until none
//! is violated). Its real solution is turned into integers by trying the multipliers
//! `k = 1, 2, ..., 2n` with rounded weights `round(k w_i)`: at `k = 2n` the rounding moves a
//! coalition's weight by at most `n/2` against a margin of `2n`, so some `k` always works.
//! Every representation returned is verified exactly against all minimal winning and maximal
//! losing coalitions; a game is declared not weighted only when the LP is infeasible.
//!
//! # References
//! Taylor & Zwicker (1999), *Simple Games*, ch. 2 (weightedness and trading); Freixas &
//! Molinero (2009), "Weighted games without a unique minimal representation in integers",
//! Optimization Methods & Software 25(2); Isbell (1956) for the LP view.
//!
//! ```
//! use comity::game::{Composite, Connective, Game, WeightedGame};
//! use comity::power::{weighted_representation, Structure};
//! // Both of the first two members, and 3 of 4 members: the weighted game [5; 2, 2, 1, 1].
//! let veto = WeightedGame::new(vec![1, 1, 0, 0], 2).unwrap();
//! let count = WeightedGame::new(vec![1, 1, 1, 1], 3).unwrap();
//! let game = Game::from(Composite::new(Connective::All, vec![veto.into(), count.into()]).unwrap());
//! let (weights, quota) = weighted_representation(&Structure::new(&game).unwrap()).unwrap().unwrap();
//! assert_eq!((weights, quota), (vec![2, 2, 1, 1], 5));
//! // Two disjoint pairs, either of which wins: not weighted.
//! let pairs = Game::from(Composite::new(Connective::Any, vec![
//!     WeightedGame::new(vec![1, 1, 0, 0], 2).unwrap().into(),
//!     WeightedGame::new(vec![0, 0, 1, 1], 2).unwrap().into(),
//! ]).unwrap());
//! assert_eq!(weighted_representation(&Structure::new(&pairs).unwrap()).unwrap(), None);
//! ```

use super::{PowerError, Structure};
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, constraint, microlp, variable,
};

/// Coalitions added per round of constraint generation, from each family.
const ADDED_PER_ROUND: usize = 64;

/// Violations below this are taken as satisfied by the LP (margins are 1).
const LP_TOLERANCE: f64 = 1e-7;

fn weight_of(weights: &[f64], mask: u32) -> f64 {
    (0..weights.len()).filter(|&i| mask >> i & 1 == 1).map(|i| weights[i]).sum()
}

/// Integer weights and a quota (a coalition wins iff its weight reaches the quota) that
/// represent the game, or `None` if it is not weighted.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{weighted_representation, Structure};
/// // [4; 3, 2, 1] has the smaller representation [3; 2, 1, 1] (least total weight).
/// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// assert_eq!(weighted_representation(&s)?, Some((vec![2, 1, 1], 3)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weighted_representation(structure: &Structure) -> Result<Option<(Vec<u64>, u64)>, PowerError> {
    weighted_representation_cancellable(structure, &crate::cancel::CancelToken::new())
}

/// [`weighted_representation`], stopping with [`PowerError::Interrupted`] once `cancel` is
/// cancelled (from another thread): checked while the minimal winning and maximal losing
/// coalitions are listed (every 4096 coalitions) and at each round of constraint generation.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::game::WeightedGame;
/// use comity::power::{PowerError, Structure, weighted_representation_cancellable};
/// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// let token = CancelToken::new();
/// assert_eq!(weighted_representation_cancellable(&s, &token)?, Some((vec![2, 1, 1], 3)));
/// token.cancel();
/// let err = weighted_representation_cancellable(&s, &token).unwrap_err();
/// assert!(matches!(err, PowerError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weighted_representation_cancellable(
    structure: &Structure,
    cancel: &crate::cancel::CancelToken,
) -> Result<Option<(Vec<u64>, u64)>, PowerError> {
    let n = structure.n();
    let winning = structure.minimal_winning_cancellable(cancel)?;
    let losing = structure.maximal_losing_cancellable(cancel)?;
    let (mut active_winning, mut active_losing): (Vec<u32>, Vec<u32>) = (
        winning.iter().take(ADDED_PER_ROUND).copied().collect(),
        losing.iter().take(ADDED_PER_ROUND).copied().collect(),
    );
    loop {
        // Once per round: each round scans every minimal winning and maximal losing coalition.
        cancel.check()?;
        let mut vars = ProblemVariables::new();
        let w: Vec<_> = (0..n).map(|_| vars.add(variable().min(0.0))).collect();
        let q = vars.add(variable().min(0.0));
        let total: Expression = w.iter().sum();
        let sum = |mask: u32| -> Expression { (0..n).filter(|&i| mask >> i & 1 == 1).map(|i| w[i]).sum() };
        let mut model = vars.minimise(total).using(microlp);
        for &s in &active_winning {
            model = model.with(constraint!(sum(s) >= q));
        }
        for &l in &active_losing {
            model = model.with(constraint!(sum(l) <= q - 1.0));
        }
        let solution = match model.solve() {
            Ok(solution) => solution,
            Err(ResolutionError::Infeasible) => return Ok(None),
            Err(e) => return Err(PowerError::Solver { message: e.to_string() }),
        };
        let weights: Vec<f64> = w.iter().map(|v| solution.value(*v)).collect();
        let quota = solution.value(q);
        let mut violated_winning: Vec<(f64, u32)> = winning
            .iter()
            .map(|&s| (quota - weight_of(&weights, s), s))
            .filter(|(v, _)| *v > LP_TOLERANCE)
            .collect();
        let mut violated_losing: Vec<(f64, u32)> = losing
            .iter()
            .map(|&l| (weight_of(&weights, l) - (quota - 1.0), l))
            .filter(|(v, _)| *v > LP_TOLERANCE)
            .collect();
        if violated_winning.is_empty() && violated_losing.is_empty() {
            return integral(&weights, &winning, &losing).map(Some).ok_or_else(|| PowerError::Solver {
                message: "no integer rounding of the LP weights separates the game".into(),
            });
        }
        for (violated, active) in
            [(&mut violated_winning, &mut active_winning), (&mut violated_losing, &mut active_losing)]
        {
            violated.sort_by(|a, b| b.0.total_cmp(&a.0));
            active.extend(violated.iter().take(ADDED_PER_ROUND).map(|&(_, m)| m));
        }
    }
}

/// The first multiplier whose rounded weights separate the game exactly.
fn integral(weights: &[f64], winning: &[u32], losing: &[u32]) -> Option<(Vec<u64>, u64)> {
    let n = weights.len();
    let sum = |w: &[u64], mask: u32| -> u64 { (0..n).filter(|&i| mask >> i & 1 == 1).map(|i| w[i]).sum() };
    (1..=2 * n.max(1)).find_map(|k| {
        let w: Vec<u64> = weights.iter().map(|x| (x * k as f64).round().max(0.0) as u64).collect();
        let quota = winning.iter().map(|&s| sum(&w, s)).min()?;
        let heaviest_losing = losing.iter().map(|&l| sum(&w, l)).max().unwrap_or(0);
        (heaviest_losing < quota && quota > 0).then_some((w, quota))
    })
}

/// The most players for which [`minimal_integer_representation`] solves its integer program.
///
/// ```
/// assert_eq!(comity::power::MINIMAL_WEIGHTS_MAX_PLAYERS, 16);
/// ```
pub const MINIMAL_WEIGHTS_MAX_PLAYERS: usize = 16;

/// Integer weights and a quota of least total weight that represent the game (a coalition
/// wins iff its weight reaches the quota), or `None` if it is not weighted: the minimal
/// integer representation of von Neumann & Morgenstern (1944) and Snyder, Ting &
/// Ansolabehere (2005), the integer program of the module documentation with integral `w`
/// and `q`. Some games have several representations of least total weight (Freixas &
/// Molinero 2009); this returns one. At most [`MINIMAL_WEIGHTS_MAX_PLAYERS`] players (the
/// integer program is solved by branch and bound); above, use [`weighted_representation`].
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{minimal_integer_representation, Structure};
/// // Seats 48, 45, 7 with a majority of 51: any two parties win, so [2; 1, 1, 1].
/// let s = Structure::new(&WeightedGame::new(vec![48, 45, 7], 51)?)?;
/// assert_eq!(minimal_integer_representation(&s)?, Some((vec![1, 1, 1], 2)));
/// // [5; 4, 3, 2, 1]: by hand, {0, 3} and {1, 2} win while {1, 3} and {0} lose, which no
/// // total weight below 8 allows: [4; 3, 2, 2, 1].
/// let s = Structure::new(&WeightedGame::new(vec![4, 3, 2, 1], 5)?)?;
/// assert_eq!(minimal_integer_representation(&s)?, Some((vec![3, 2, 2, 1], 4)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn minimal_integer_representation(structure: &Structure) -> Result<Option<(Vec<u64>, u64)>, PowerError> {
    let n = structure.n();
    if n > MINIMAL_WEIGHTS_MAX_PLAYERS {
        return Err(PowerError::Solver {
            message: format!(
                "minimal integer weights are computed for at most {MINIMAL_WEIGHTS_MAX_PLAYERS} members, not {n}; \
                 expected a smaller body (weighted_representation gives a representation for more)"
            ),
        });
    }
    // Weightedness first: the integer program of a game that is not weighted is infeasible
    // too, but the LP says so faster.
    let Some((start, _)) = weighted_representation(structure)? else { return Ok(None) };
    let winning = structure.minimal_winning();
    let losing = structure.maximal_losing();
    let bound = start.iter().sum::<u64>() as f64;
    let mut vars = ProblemVariables::new();
    let w: Vec<_> = (0..n).map(|_| vars.add(variable().integer().min(0.0).max(bound))).collect();
    let q = vars.add(variable().integer().min(1.0).max(bound));
    let total: Expression = w.iter().sum();
    let sum = |mask: u32| -> Expression { (0..n).filter(|&i| mask >> i & 1 == 1).map(|i| w[i]).sum() };
    let mut model = vars.minimise(total).using(microlp);
    for &s in &winning {
        model = model.with(constraint!(sum(s) >= q));
    }
    for &l in &losing {
        model = model.with(constraint!(sum(l) <= q - 1.0));
    }
    let solution = model.solve().map_err(|e| PowerError::Solver { message: e.to_string() })?;
    let weights: Vec<u64> = w.iter().map(|v| solution.value(*v).round().max(0.0) as u64).collect();
    let quota = solution.value(q).round().max(0.0) as u64;
    // Checked exactly, as every representation returned.
    let weigh = |mask: u32| -> u64 { (0..n).filter(|&i| mask >> i & 1 == 1).map(|i| weights[i]).sum() };
    let separates = quota > 0
        && winning.iter().all(|&s| weigh(s) >= quota)
        && losing.iter().all(|&l| weigh(l) < quota)
        && weights.iter().sum::<u64>() <= start.iter().sum::<u64>();
    if !separates {
        return Err(PowerError::Solver {
            message: "the integer program's weights do not separate the game".into(),
        });
    }
    Ok(Some((weights, quota)))
}
