//! The core, the least core, and the structural properties of a game.
//!
//! The core (Gillies 1959) is the set of allocations `x` with `x(N) = v(N)` and
//! `x(S) >= v(S)` for every coalition: no group can do better on its own. The least core
//! relaxes every coalition's constraint by the smallest `epsilon` that makes it non-empty:
//! `min epsilon` subject to `x(S) + epsilon >= v(S)` for proper coalitions and `x(N) = v(N)`;
//! the core is non-empty exactly when that `epsilon <= 0` (equivalently, by Bondareva 1963 and
//! Shapley 1967, when the game is balanced). A game is superadditive when disjoint coalitions
//! lose nothing by joining, and convex (Shapley 1971) when marginal contributions grow with the
//! coalition; convex games have the Shapley value in the core.
//!
//! The least core's LP is the prenucleolus's first stage, and is solved as the nucleolus's
//! stages are: by the dense revised simplex with column generation of the private module
//! `coalition_simplex`, on the LP's dual (maximise `sum y_S v(S) + z v(N)` over balanced
//! weights `y >= 0`, `sum y_S = 1`). Its basis has `n + 1` rows; each round prices every
//! coalition in one pass of `2^n` additions and adds the most attractive to a pool, until none
//! is. The answer is checked before it is returned: the optimal weights must be a balanced
//! collection whose value is `epsilon` (so no allocation does better, by weak duality), and a
//! last pass checks `x(N) = v(N)` and every coalition's excess at most `epsilon`. Should the
//! simplex fail or its answer fail the check, microlp (through good_lp) solves the same LP by
//! rounds of constraint generation, and the result's `fallback` says why; its answer passes the
//! same last pass, and its optimality the same certificate, with the weights of the dual LP
//! over the coalitions generated (a feasible solution of the whole dual).
//!
//! Both run on the game divided by a power of two near its largest absolute value (exact, so the
//! LPs see the same numbers in any unit); tolerances are relative to that scale.
//!
//! # Cost
//! Time: a pricing pass is `O(2^n)`, and a solve takes a few dozen passes; memory: the game's
//! `2^n` values plus [`LEAST_CORE_BYTES_PER_COALITION`] per coalition (the normalised copy, the
//! coalition sums, the list of coalitions), 640 MB beside the game's 256 MB at 25 players. The
//! LP over all coalitions that microlp was given before took 2.7 KB per coalition (690 MB and
//! 10 s at 18 players, without a cancellation point during its solve).
//!
//! # References
//! Gillies (1959); Bondareva (1963); Shapley (1967), "On balanced sets and cores"; Shapley
//! (1971), "Cores of convex games"; Maschler, Peleg & Shapley (1979) for the least core;
//! Gilmore & Gomory (1961), Oper. Res. 9(6), for column generation; Chvátal (1983), *Linear
//! Programming*, chapters 7 and 8, for the revised simplex method.
//!
//! ```
//! use comity::coop::{TuGame, least_core};
//! // Three-player majority game: the core is empty; the least core is at epsilon = 1/3.
//! let g = TuGame::from_fn(3, |m| if (m as u32).count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
//! let lc = least_core(&g).unwrap();
//! assert!((lc.epsilon - 1.0 / 3.0).abs() < 1e-9);
//! ```

use super::TuGame;
use super::coalition_simplex::{self, Column, Problem};
use super::nucleolus;
use crate::cancel::CancelToken;

/// Numerical tolerance for LP results and core checks, relative to the scale of the game.
///
/// ```
/// use comity::coop::{TOLERANCE, TuGame, in_core};
/// // Glove game [L, R, R]: the core is the single point (1, 0, 0). A rounding error far
/// // below the tolerance is accepted; a real transfer is not.
/// let g = TuGame::glove(&[true, false, false])?;
/// assert!(in_core(&g, &[1.0 - TOLERANCE / 10.0, TOLERANCE / 10.0, 0.0]));
/// assert!(!in_core(&g, &[0.9, 0.1, 0.0]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TOLERANCE: f64 = 1e-9;

/// The most players for the least core and the core: every [`TuGame`] (25 players). They
/// generate their constraints (see the module doc): the game's `2^n` values plus
/// [`LEAST_CORE_BYTES_PER_COALITION`] per coalition.
///
/// ```
/// use comity::coop::{MAX_LEAST_CORE_PLAYERS, TuGame};
/// assert_eq!(MAX_LEAST_CORE_PLAYERS, TuGame::MAX_PLAYERS);
/// ```
pub const MAX_LEAST_CORE_PLAYERS: usize = TuGame::MAX_PLAYERS;

/// The least core's working set per coalition beside the game's own 8 bytes: the normalised
/// copy of the values (8), the coalition sums (8) and the list of coalitions that may enter
/// (4). At [`MAX_LEAST_CORE_PLAYERS`], 640 MB.
///
/// ```
/// use comity::coop::{LEAST_CORE_BYTES_PER_COALITION, MAX_LEAST_CORE_PLAYERS};
/// let bytes = LEAST_CORE_BYTES_PER_COALITION << MAX_LEAST_CORE_PLAYERS;
/// assert_eq!(bytes, 640 << 20);
/// ```
pub const LEAST_CORE_BYTES_PER_COALITION: usize = 20;

/// The most players for the computations that hold all `2^n` coalitions in one linear program
/// or check all `3^n` pairs of disjoint coalitions: the command line's `properties`
/// (superadditivity) and a burden file's cost games. The least core no longer builds such an LP
/// ([`MAX_LEAST_CORE_PLAYERS`]); the one it built with microlp took 2.7 KB per coalition, about
/// 700 MB at 18 players, and remains the independent twin of its tests.
///
/// ```
/// use comity::coop::{MAX_LEAST_CORE_PLAYERS, MAX_LP_PLAYERS};
/// assert_eq!(MAX_LP_PLAYERS, 18);
/// assert!(MAX_LP_PLAYERS < MAX_LEAST_CORE_PLAYERS);
/// ```
pub const MAX_LP_PLAYERS: usize = 18;

/// Coalitions between two checks of the cancel token in the least core's model and the
/// structural checks: 4096 coalitions take microseconds, and one relaxed load per block is lost
/// beside them.
const CHECK_EVERY: usize = 1 << 12;

/// Why an LP-based solution could not be computed.
///
/// ```
/// use comity::coop::CoopError;
/// let err = CoopError::Solver { message: "singular basis".into() };
/// assert_eq!(err.to_string(), "the LP solver failed: singular basis");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CoopError {
    /// The LP solver failed (it should not on these bounded, feasible problems).
    #[error("the LP solver failed: {message}")]
    Solver {
        /// The solver's message.
        message: String,
    },
    /// Too many players for the method.
    #[error(
        "{method} solves linear programs over all 2^{n} = {coalitions} coalitions, about {gib:.1} GiB for {n} players; the limit is {max} players (the nucleolus, Shapley and Banzhaf values scale further: fewer players, or `comity power` for a simple game)"
    )]
    TooManyPlayers {
        /// The solution refused.
        method: &'static str,
        /// Players in the game.
        n: usize,
        /// `2^n`.
        coalitions: u64,
        /// The memory estimate in GiB.
        gib: f64,
        /// The limit ([`MAX_LEAST_CORE_PLAYERS`] for the least core, [`MAX_NUCLEOLUS_PLAYERS`](crate::coop::MAX_NUCLEOLUS_PLAYERS) for the nucleolus).
        max: usize,
    },
    /// A result could not be certified exactly.
    #[error("{message}")]
    NotCertified {
        /// What failed.
        message: String,
    },
    /// The computation was cancelled through its [`crate::cancel::CancelToken`].
    #[error(transparent)]
    Interrupted(#[from] crate::cancel::Interrupted),
}

/// The scale of a game's values, for relative tolerances: the largest absolute value (1 if all
/// are 0). Not floored at 1: a game written in units of 10^-300 has tolerances of 10^-309,
/// not 10^-9 (which called every such game's core non-empty).
pub(crate) fn scale(game: &TuGame) -> f64 {
    let largest = game.values().iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if largest > 0.0 { largest } else { 1.0 }
}

/// `2^e` for `e` in `-1074..=1023`, built from its bits (`powi` underflows on the way for
/// exponents below -1022).
fn power_of_two(e: i32) -> f64 {
    let e = e.clamp(-1074, 1023);
    if e >= -1022 { f64::from_bits(((e + 1023) as u64) << 52) } else { f64::from_bits(1u64 << (e + 1074)) }
}

/// The power of two at or just below `x > 0` (so that `x` divided by it lies in `[1, 2)`, up
/// to the rounding of `log2` at exact powers).
pub(crate) fn power_of_two_scale(x: f64) -> f64 {
    power_of_two(x.log2().floor() as i32)
}

/// Refuses a game above [`MAX_LEAST_CORE_PLAYERS`] players for the least core, with the
/// estimate of its working set. (Every [`TuGame`] is within the limit today; the check stands
/// should either limit change.)
fn check_least_core_size(game: &TuGame) -> Result<(), CoopError> {
    let n = game.n();
    if n > MAX_LEAST_CORE_PLAYERS {
        let coalitions = 1u64 << n;
        return Err(CoopError::TooManyPlayers {
            method: "the least core",
            n,
            coalitions,
            gib: (coalitions as f64) * (LEAST_CORE_BYTES_PER_COALITION + 8) as f64 / (1u64 << 30) as f64,
            max: MAX_LEAST_CORE_PLAYERS,
        });
    }
    Ok(())
}

/// The game with every value divided by a power of two near [`scale`], and that factor. LPs
/// are solved on the normalised game: microlp's tolerances are absolute, and with values in
/// the hundreds of thousands it has reported bounded problems as unbounded. A power of two
/// divides exactly, so the normalised game is the same game in another unit (bar values below
/// 2^-1022 of the largest, far under every tolerance).
pub(crate) fn normalised(game: &TuGame) -> (TuGame, f64) {
    let s = power_of_two_scale(scale(game));
    let g = TuGame::from_values(game.n(), game.values().iter().map(|v| v / s).collect())
        .expect("dividing valid values by a positive scale keeps them valid");
    (g, s)
}

/// The least core: its `epsilon` and one allocation in it.
///
/// ```
/// use comity::coop::{TuGame, least_core};
/// // Three-player majority game: by hand, x_i <= epsilon for every i, so epsilon = 1/3 at the
/// // equal split.
/// let g = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 })?;
/// let lc = least_core(&g)?;
/// assert!((lc.epsilon - 1.0 / 3.0).abs() < 1e-9);
/// assert!(lc.allocation.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LeastCore {
    /// The least `epsilon` for which `x(S) + epsilon >= v(S)` holds for every proper coalition.
    pub epsilon: f64,
    /// An allocation attaining it.
    pub allocation: Vec<f64>,
    /// Why the LP was solved by microlp instead of the dedicated simplex, when it was: the
    /// simplex's error (a pivot limit, a singular basis) or its answer's failed check. `None` on
    /// the fast path, which every game of the tests takes; a fallback is slower, not different.
    pub fallback: Option<String>,
}

impl LeastCore {
    /// Whether the core is empty: the least core's `epsilon` is positive (beyond the
    /// tolerance relative to the game's scale). The same answer as [`core_is_empty`], without a
    /// second LP.
    ///
    /// ```
    /// use comity::coop::{TuGame, least_core};
    /// let majority = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// assert!(least_core(&majority)?.core_is_empty(&majority));
    /// let glove = TuGame::glove(&[true, false, false])?;
    /// assert!(!least_core(&glove)?.core_is_empty(&glove));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn core_is_empty(&self, game: &TuGame) -> bool {
        self.epsilon > TOLERANCE * scale(game)
    }
}

/// Computes the least core by column generation over the coalitions (the prenucleolus's first
/// stage, see the module doc), with microlp as the fallback. A one-player game has no proper
/// coalition: its `epsilon` is negative infinity and its allocation `v(N)`.
///
/// ```
/// use comity::coop::{TuGame, least_core};
/// // v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120. By hand: the pair excesses x_2 - 60,
/// // x_1 - 40, x_0 - 30 sum to -10, so the least core equalises them at -10/3.
/// let g = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0])?;
/// let lc = least_core(&g)?;
/// assert!((lc.epsilon + 10.0 / 3.0).abs() < 1e-9);
/// assert!((lc.allocation[0] - 80.0 / 3.0).abs() < 1e-9);
/// assert_eq!(lc.fallback, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn least_core(game: &TuGame) -> Result<LeastCore, CoopError> {
    least_core_cancellable(game, &CancelToken::new())
}

/// [`least_core`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled (from
/// another thread; the Python package cancels on Ctrl-C). The token is checked every 2^16
/// coalitions of each pricing pass, every 64 pivots of the simplex, once per round of the
/// microlp fallback and every 4096 coalitions of the final check; the set-up before the first
/// check (the normalised copy and the first constraints, a few passes over the coalitions)
/// takes up to a few hundred milliseconds at 25 players.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, TuGame, least_core_cancellable};
/// let g = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 })?;
/// let token = CancelToken::new();
/// assert!((least_core_cancellable(&g, &token)?.epsilon - 1.0 / 3.0).abs() < 1e-9);
/// token.cancel();
/// assert!(matches!(least_core_cancellable(&g, &token), Err(CoopError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn least_core_cancellable(game: &TuGame, cancel: &CancelToken) -> Result<LeastCore, CoopError> {
    least_core_with_pivot_limit(game, coalition_simplex::MAX_PIVOTS, cancel)
}

/// [`least_core_cancellable`] with the simplex's pivot limit as a parameter: the tests lower it
/// to force the fallback.
fn least_core_with_pivot_limit(
    game: &TuGame,
    max_pivots: usize,
    cancel: &CancelToken,
) -> Result<LeastCore, CoopError> {
    cancel.check()?;
    let n = game.n();
    check_least_core_size(game)?;
    if n == 1 {
        return Ok(LeastCore { epsilon: f64::NEG_INFINITY, allocation: vec![game.value(1)], fallback: None });
    }
    let (normal, s) = normalised(game);
    let game = &normal;
    // Every proper coalition may enter, as `u32` (n <= 25), and the coalition sums: with the
    // normalised copy, the 20 bytes per coalition of `LEAST_CORE_BYTES_PER_COALITION`.
    let coalitions: Vec<u32> = (1..game.grand() as u32).collect();
    let mut sums = vec![0.0; game.grand() + 1];
    // The dedicated simplex, its result checked; should either fail, microlp by constraint
    // generation, checked the same way. The reason goes into the result.
    let fast = match least_core_by_simplex(game, &coalitions, &mut sums, max_pivots, cancel) {
        Ok((epsilon, x)) => match check_least_core(game, epsilon, &x, &mut sums, cancel)? {
            None => return Ok(scaled(epsilon, &x, s, None)),
            Some(reason) => reason,
        },
        // A cancelled solve stops: no fallback.
        Err(e @ CoopError::Interrupted(_)) => return Err(e),
        Err(e) => e.to_string(),
    };
    // microlp's answer is certified as the simplex's: its dual weights bound epsilon below.
    let certified = nucleolus::least_core_by_microlp(game, &coalitions, &mut sums, cancel)
        .and_then(|(epsilon, x, weights)| certify_least(game, epsilon, &weights).map(|()| (epsilon, x)));
    let (epsilon, x) = match certified {
        Ok(found) => found,
        Err(e @ CoopError::Interrupted(_)) => return Err(e),
        Err(slow) => {
            return Err(CoopError::Solver {
                message: format!(
                    "the least core failed by the dedicated simplex ({fast}) and by microlp ({slow})"
                ),
            });
        }
    };
    match check_least_core(game, epsilon, &x, &mut sums, cancel)? {
        None => Ok(scaled(epsilon, &x, s, Some(format!("the dedicated simplex: {fast}")))),
        Some(slow) => Err(CoopError::NotCertified {
            message: format!(
                "the least core failed by the dedicated simplex ({fast}) and by microlp ({slow})"
            ),
        }),
    }
}

/// The least core in the game's own unit: `epsilon` and `x` times the scale `s`.
fn scaled(epsilon: f64, x: &[f64], s: f64, fallback: Option<String>) -> LeastCore {
    LeastCore { epsilon: epsilon * s, allocation: x.iter().map(|v| v * s).collect(), fallback }
}

/// The least core's LP by [`coalition_simplex`], as its dual: maximise `sum y_S v(S) + z v(N)`
/// over `y >= 0` and `z` free with `sum_{S ∋ i} y_S + z = 0` for each player and `sum y_S = 1`
/// (a balanced collection, Bondareva 1963). The row prices are `x` and `epsilon`. Before they
/// are returned, the optimal weights are checked to be such a collection whose value is
/// `epsilon`: by weak duality no allocation does better, so `epsilon` is the least.
fn least_core_by_simplex(
    game: &TuGame,
    coalitions: &[u32],
    sums: &mut [f64],
    max_pivots: usize,
    cancel: &CancelToken,
) -> Result<(f64, Vec<f64>), CoopError> {
    let n = game.n();
    let grand = game.grand();
    // z free: a pair of columns of opposite signs on the player rows.
    let explicit: Vec<Column> = [1.0, -1.0]
        .into_iter()
        .map(|sign| {
            let mut entries = vec![sign; n];
            entries.push(0.0);
            Column { entries, cost: sign * game.value(grand) }
        })
        .collect();
    let hint = vec![game.value(grand) / n as f64; n];
    let initial = nucleolus::first_constraints(game, coalitions, &hint, &[], sums);
    let tol = TOLERANCE * scale(game);
    let problem = Problem {
        n,
        explicit: &explicit,
        coalition_cost: |s| game.value(s),
        coalitions,
        tolerance: tol,
        batch: 4 * n,
        max_pivots,
    };
    let optimum = coalition_simplex::solve(&problem, &initial, sums, cancel)?;
    let epsilon = optimum.prices[n];
    let x = optimum.prices[..n].to_vec();
    certify_least(game, epsilon, &optimum.coalition_weights)?;
    Ok((epsilon, x))
}

/// Checks that `weights` (coalition, weight) are a balanced collection of total 1 whose value
/// `sum y_S v(S) - c v(N)` (each player's coalitions weighing `c`) is at least `epsilon` less
/// the tolerance: a feasible solution of the least core's dual, so by weak duality no
/// allocation has a smaller largest excess, and `epsilon` is the least. (An imbalance `d` of
/// the weights moves the bound by at most `d` times the optimal allocation's sum of absolute
/// values; weights carry no payoff unit, so their tolerance does not scale.)
fn certify_least(game: &TuGame, epsilon: f64, weights: &[(usize, f64)]) -> Result<(), CoopError> {
    let n = game.n();
    let tol = TOLERANCE * scale(game);
    let weight_tol = 1e-9;
    let mut members = vec![0.0; n];
    let (mut total, mut value) = (0.0, 0.0);
    for &(s, y) in weights {
        if y < -weight_tol {
            return Err(CoopError::NotCertified {
                message: format!("least core: negative weight {y:e} on coalition {s}"),
            });
        }
        total += y;
        value += y * game.value(s);
        for (i, m) in members.iter_mut().enumerate() {
            if s >> i & 1 == 1 {
                *m += y;
            }
        }
    }
    let c = members.iter().sum::<f64>() / n as f64;
    value -= c * game.value(game.grand());
    let unbalanced = members.iter().fold(0.0f64, |a, m| a.max((m - c).abs()));
    if (total - 1.0).abs() > weight_tol || unbalanced > weight_tol {
        return Err(CoopError::NotCertified {
            message: format!(
                "least core: the optimal weights are not a balanced collection (total {total}, imbalance {unbalanced:e})"
            ),
        });
    }
    if epsilon > value + tol {
        return Err(CoopError::NotCertified {
            message: format!("least core: epsilon {epsilon} above the balanced collection's bound {value}"),
        });
    }
    Ok(())
}

/// `None` when `x` is in the least core at `epsilon` (`x(N) = v(N)` and every proper
/// coalition's excess `v(S) - x(S)` at most `epsilon`, within [`TOLERANCE`] relative to the
/// game's scale), else why not. Checks `cancel` every [`CHECK_EVERY`] coalitions.
fn check_least_core(
    game: &TuGame,
    epsilon: f64,
    x: &[f64],
    sums: &mut [f64],
    cancel: &CancelToken,
) -> Result<Option<String>, CoopError> {
    let tol = TOLERANCE * scale(game);
    let grand = game.grand();
    if !epsilon.is_finite() || x.iter().any(|v| !v.is_finite()) {
        return Ok(Some(format!("least core: not finite (epsilon {epsilon}, x {x:?})")));
    }
    sums[0] = 0.0;
    for start in (1..=grand).step_by(CHECK_EVERY) {
        cancel.check()?;
        for s in start..(start + CHECK_EVERY).min(grand + 1) {
            sums[s] = sums[s & (s - 1)] + x[s.trailing_zeros() as usize];
            if s != grand && game.value(s) - sums[s] > epsilon + tol {
                return Ok(Some(format!(
                    "least core: coalition {s} has excess {} above epsilon {epsilon}",
                    game.value(s) - sums[s]
                )));
            }
        }
    }
    if (sums[grand] - game.value(grand)).abs() > tol {
        return Ok(Some(format!(
            "least core: x(N) = {} differs from v(N) = {}",
            sums[grand],
            game.value(grand)
        )));
    }
    Ok(None)
}

/// Whether the core is empty (the least-core `epsilon` is positive).
///
/// ```
/// use comity::coop::{TuGame, core_is_empty};
/// let majority = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 })?;
/// assert!(core_is_empty(&majority)?); // any two can outbid the third's share
/// let glove = TuGame::glove(&[true, false, false])?;
/// assert!(!core_is_empty(&glove)?); // the left glove takes all: (1, 0, 0)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn core_is_empty(game: &TuGame) -> Result<bool, CoopError> {
    core_is_empty_cancellable(game, &CancelToken::new())
}

/// [`core_is_empty`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled (as
/// [`least_core_cancellable`]).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, TuGame, core_is_empty_cancellable};
/// let glove = TuGame::glove(&[true, false, false])?;
/// let token = CancelToken::new();
/// assert!(!core_is_empty_cancellable(&glove, &token)?);
/// token.cancel();
/// assert!(matches!(core_is_empty_cancellable(&glove, &token), Err(CoopError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn core_is_empty_cancellable(game: &TuGame, cancel: &CancelToken) -> Result<bool, CoopError> {
    Ok(least_core_cancellable(game, cancel)?.core_is_empty(game))
}

/// Whether an allocation is in the core, within [`TOLERANCE`] relative to the game's scale.
///
/// ```
/// use comity::coop::{TuGame, in_core};
/// // Glove game [L, R, R]: competition between the right gloves drives their price to 0.
/// let g = TuGame::glove(&[true, false, false])?;
/// assert!(in_core(&g, &[1.0, 0.0, 0.0]));
/// assert!(!in_core(&g, &[0.5, 0.5, 0.0])); // {L, R2} gets 1/2 < 1
/// assert!(!in_core(&g, &[1.0, 0.0])); // wrong length
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn in_core(game: &TuGame, x: &[f64]) -> bool {
    let tol = TOLERANCE * scale(game);
    if x.len() != game.n() {
        return false;
    }
    let sum = |m: usize| -> f64 { (0..x.len()).filter(|&i| m >> i & 1 == 1).map(|i| x[i]).sum() };
    (sum(game.grand()) - game.value(game.grand())).abs() <= tol
        && (1..game.grand()).all(|m| sum(m) >= game.value(m) - tol)
}

/// Whether `v(S ∪ T) >= v(S) + v(T)` for all disjoint `S`, `T` (within tolerance).
///
/// ```
/// use comity::coop::{TuGame, is_superadditive};
/// assert!(is_superadditive(&TuGame::glove(&[true, false, false])?));
/// // v(0) = v(1) = 1 but v(01) = 1.5 < 2: the two lose by joining.
/// assert!(!is_superadditive(&TuGame::from_values(2, vec![0.0, 1.0, 1.0, 1.5])?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_superadditive(game: &TuGame) -> bool {
    // A fresh token is never cancelled: the default is never taken.
    is_superadditive_cancellable(game, &CancelToken::new()).unwrap_or_default()
}

/// [`is_superadditive`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled
/// (checked every 4096 coalitions `S`, each with all its disjoint `T`).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, TuGame, is_superadditive_cancellable};
/// let g = TuGame::glove(&[true, false, false])?;
/// let token = CancelToken::new();
/// assert!(is_superadditive_cancellable(&g, &token)?);
/// token.cancel();
/// assert!(matches!(is_superadditive_cancellable(&g, &token), Err(CoopError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_superadditive_cancellable(game: &TuGame, cancel: &CancelToken) -> Result<bool, CoopError> {
    cancel.check()?;
    let tol = TOLERANCE * scale(game);
    let v = game.values();
    let mut interrupted = false;
    let holds = (1..v.len()).all(|s| {
        if s % CHECK_EVERY == 0 && cancel.is_cancelled() {
            interrupted = true;
            return false;
        }
        // T ranges over the non-empty subsets of the complement of S.
        let rest = game.grand() & !s;
        let mut t = rest;
        while t > 0 {
            if v[s | t] < v[s] + v[t] - tol {
                return false;
            }
            t = (t - 1) & rest;
        }
        true
    });
    if interrupted {
        return Err(crate::cancel::Interrupted.into());
    }
    Ok(holds)
}

/// Whether the game is convex: `v(S ∪ i) - v(S) <= v(T ∪ i) - v(T)` for `S ⊆ T ∌ i`, checked by
/// the equivalent local condition `v(S ∪ i) + v(S ∪ j) <= v(S ∪ i ∪ j) + v(S)`.
///
/// ```
/// use comity::coop::{TuGame, is_convex};
/// // Bankruptcy games are convex (Curiel, Maschler & Tijs 1987).
/// assert!(is_convex(&TuGame::bankruptcy(200.0, &[100.0, 200.0, 300.0])?));
/// // Glove game [L, R, R]: R1 adds 1 to {L} but 0 to {L, R2}.
/// assert!(!is_convex(&TuGame::glove(&[true, false, false])?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_convex(game: &TuGame) -> bool {
    // A fresh token is never cancelled: the default is never taken.
    is_convex_cancellable(game, &CancelToken::new()).unwrap_or_default()
}

/// [`is_convex`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled
/// (checked every 4096 coalitions).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, TuGame, is_convex_cancellable};
/// let g = TuGame::bankruptcy(200.0, &[100.0, 200.0, 300.0])?;
/// let token = CancelToken::new();
/// assert!(is_convex_cancellable(&g, &token)?);
/// token.cancel();
/// assert!(matches!(is_convex_cancellable(&g, &token), Err(CoopError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_convex_cancellable(game: &TuGame, cancel: &CancelToken) -> Result<bool, CoopError> {
    cancel.check()?;
    let tol = TOLERANCE * scale(game);
    let v = game.values();
    let n = game.n();
    let mut interrupted = false;
    let holds = (0..v.len()).all(|s| {
        if s % CHECK_EVERY == 0 && s > 0 && cancel.is_cancelled() {
            interrupted = true;
            return false;
        }
        (0..n).filter(|&i| s >> i & 1 == 0).all(|i| {
            (i + 1..n)
                .filter(|&j| s >> j & 1 == 0)
                .all(|j| v[s | 1 << i] + v[s | 1 << j] <= v[s | 1 << i | 1 << j] + v[s] + tol)
        })
    });
    if interrupted {
        return Err(crate::cancel::Interrupted.into());
    }
    Ok(holds)
}

/// Whether the game is balanced (Bondareva-Shapley), i.e. its core is non-empty.
///
/// ```
/// use comity::coop::{TuGame, is_balanced};
/// assert!(is_balanced(&TuGame::glove(&[true, false, false])?)?);
/// // Majority game: the weights 1/2 on the three pairs balance, and 3/2 > v(N) = 1.
/// let majority = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 })?;
/// assert!(!is_balanced(&majority)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_balanced(game: &TuGame) -> Result<bool, CoopError> {
    is_balanced_cancellable(game, &CancelToken::new())
}

/// [`is_balanced`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled (as
/// [`least_core_cancellable`]).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, TuGame, is_balanced_cancellable};
/// let glove = TuGame::glove(&[true, false, false])?;
/// let token = CancelToken::new();
/// assert!(is_balanced_cancellable(&glove, &token)?);
/// token.cancel();
/// assert!(matches!(is_balanced_cancellable(&glove, &token), Err(CoopError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_balanced_cancellable(game: &TuGame, cancel: &CancelToken) -> Result<bool, CoopError> {
    Ok(!core_is_empty_cancellable(game, cancel)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lp::free_variable;
    use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, microlp};
    use proptest::prelude::*;

    /// The twin: one microlp model with a row per proper coalition (the least core as it was
    /// solved before column generation), on the normalised game.
    fn least_core_by_one_lp(game: &TuGame) -> (f64, Vec<f64>) {
        let (normal, s) = normalised(game);
        let n = game.n();
        let mut vars = ProblemVariables::new();
        let x: Vec<Expression> = (0..n).map(|_| free_variable(&mut vars)).collect();
        let eps = free_variable(&mut vars);
        let sum =
            |m: usize| -> Expression { (0..n).filter(|&i| m >> i & 1 == 1).map(|i| x[i].clone()).sum() };
        let mut model = vars.minimise(eps.clone()).using(microlp);
        let grand = normal.grand();
        model = model.with(constraint!(sum(grand) == normal.value(grand)));
        for m in 1..grand {
            model = model.with(constraint!(sum(m) + eps.clone() >= normal.value(m)));
        }
        let solution = model.solve().expect("the least core's LP is bounded and feasible");
        (solution.eval(&eps) * s, x.iter().map(|v| solution.eval(v) * s).collect())
    }

    fn random_game(n: usize, values: &[i32]) -> TuGame {
        TuGame::from_values(
            n,
            (0..1usize << n).map(|m| if m == 0 { 0.0 } else { f64::from(values[m]) }).collect(),
        )
        .unwrap()
    }

    /// `x` is in the least core at `epsilon` within the tolerance, in the game's own unit.
    fn feasible(game: &TuGame, epsilon: f64, x: &[f64]) -> bool {
        let tol = 1e-7 * scale(game);
        let sum = |m: usize| -> f64 { (0..x.len()).filter(|&i| m >> i & 1 == 1).map(|i| x[i]).sum() };
        (sum(game.grand()) - game.value(game.grand())).abs() <= tol
            && (1..game.grand()).all(|m| game.value(m) - sum(m) <= epsilon + tol)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Column generation agrees with the one LP over all coalitions: the same `epsilon`,
        /// and its allocation in the least core (allocations may differ: the least core is a set).
        #[test]
        fn column_generation_matches_the_one_lp_twin(n in 2usize..=7, values in prop::collection::vec(-50i32..=200, 128)) {
            let game = random_game(n, &values);
            let lc = least_core(&game).unwrap();
            let (eps, _) = least_core_by_one_lp(&game);
            prop_assert_eq!(&lc.fallback, &None);
            prop_assert!((lc.epsilon - eps).abs() <= 1e-7 * scale(&game), "{} vs twin {}", lc.epsilon, eps);
            prop_assert!(feasible(&game, lc.epsilon, &lc.allocation), "{:?}", lc);
        }

        /// The microlp fallback (forced by a pivot limit of 0) gives the same `epsilon`, and says
        /// why it ran.
        #[test]
        fn the_fallback_matches_the_twin(n in 2usize..=6, values in prop::collection::vec(-50i32..=200, 64)) {
            let game = random_game(n, &values);
            let lc = least_core_with_pivot_limit(&game, 0, &CancelToken::new()).unwrap();
            let (eps, _) = least_core_by_one_lp(&game);
            let reason = lc.fallback.clone().unwrap_or_default();
            prop_assert!(reason.contains("the dedicated simplex") && reason.contains("no optimum after 0 pivots"), "{}", reason);
            prop_assert!((lc.epsilon - eps).abs() <= 1e-7 * scale(&game), "{} vs twin {}", lc.epsilon, eps);
            prop_assert!(feasible(&game, lc.epsilon, &lc.allocation), "{:?}", lc);
        }

        /// Scaling every value by 10^k scales `epsilon` and the allocation by 10^k.
        #[test]
        fn the_least_core_does_not_depend_on_the_unit(n in 2usize..=6, values in prop::collection::vec(-50i32..=200, 64), k in -12i32..=12) {
            let game = random_game(n, &values);
            let factor = 10f64.powi(k);
            let big = TuGame::from_values(n, game.values().iter().map(|v| v * factor).collect()).unwrap();
            let (a, b) = (least_core(&game).unwrap(), least_core(&big).unwrap());
            prop_assert!((b.epsilon / factor - a.epsilon).abs() <= 1e-7 * scale(&game), "{} vs {}", a.epsilon, b.epsilon / factor);
            prop_assert!(feasible(&big, b.epsilon, &b.allocation));
        }
    }

    #[test]
    fn a_checked_answer_is_refused_when_an_excess_is_above_epsilon() {
        // Majority game of three: epsilon 1/3 at the equal split; (1, 0, 0) leaves {1, 2} at 1.
        let g = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
        let mut sums = vec![0.0; 8];
        let cancel = CancelToken::new();
        let third = 1.0 / 3.0;
        assert_eq!(check_least_core(&g, third, &[third; 3], &mut sums, &cancel).unwrap(), None);
        let why = check_least_core(&g, third, &[1.0, 0.0, 0.0], &mut sums, &cancel).unwrap().unwrap();
        assert!(why.contains("coalition 6 has excess 1"), "{why}");
        let why = check_least_core(&g, 1.0, &[0.5, 0.5, 0.5], &mut sums, &cancel).unwrap().unwrap();
        assert!(why.contains("x(N) = 1.5 differs from v(N) = 1"), "{why}");
    }
    #[test]
    fn the_certificate_refuses_an_epsilon_above_its_dual_bound() {
        // Majority game of three, the three pairs weighted 1/3 each: every player in weight 2/3,
        // value 1 - 2/3 = 1/3 by hand, so epsilon 1/3 is certified least and 1/2 is not.
        let g = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
        let pairs = [(3, 1.0 / 3.0), (5, 1.0 / 3.0), (6, 1.0 / 3.0)];
        assert!(certify_least(&g, 1.0 / 3.0, &pairs).is_ok());
        let err = certify_least(&g, 0.5, &pairs).unwrap_err().to_string();
        assert!(err.contains("above the balanced collection's bound"), "{err}");
        // Two pairs only: player 0 in weight 1, the others 1/2 each; not balanced.
        let err = certify_least(&g, 1.0 / 3.0, &[(3, 0.5), (5, 0.5)]).unwrap_err().to_string();
        assert!(err.contains("not a balanced collection"), "{err}");
        let err = certify_least(&g, 1.0 / 3.0, &[(3, 1.5), (5, -0.5)]).unwrap_err().to_string();
        assert!(err.contains("negative weight"), "{err}");
    }
}
