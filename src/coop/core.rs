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
//! LPs are solved with good_lp and the pure-Rust microlp solver, on the game divided by a
//! power of two near its largest absolute value (exact, so the LPs see the same numbers in
//! any unit); tolerances are relative to that scale.
//!
//! # Cost
//! The least core's LP has a constraint per coalition, `2^n`; measured at about 2.7 KB per
//! coalition (690 MB for 18 players), so the least core and the core refuse games above
//! [`MAX_LP_PLAYERS`] players before building anything.
//!
//! # References
//! Gillies (1959); Bondareva (1963); Shapley (1967), "On balanced sets and cores"; Shapley
//! (1971), "Cores of convex games"; Maschler, Peleg & Shapley (1979) for the least core.
//!
//! ```
//! use comity::coop::{TuGame, least_core};
//! // Three-player majority game: the core is empty; the least core is at epsilon = 1/3.
//! let g = TuGame::from_fn(3, |m| if (m as u32).count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
//! let lc = least_core(&g).unwrap();
//! assert!((lc.epsilon - 1.0 / 3.0).abs() < 1e-9);
//! ```

use super::TuGame;
use crate::cancel::CancelToken;
use crate::lp::free_variable;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, microlp};

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

/// The most players for the least core and the core, one LP over all coalitions: `2^18`
/// coalitions, about 700 MB. (The nucleolus generates its constraints and goes to 25 players:
/// [`MAX_NUCLEOLUS_PLAYERS`](crate::coop::MAX_NUCLEOLUS_PLAYERS).)
///
/// ```
/// use comity::coop::{CoopError, MAX_LP_PLAYERS, TuGame, least_core};
/// let g = TuGame::from_values(MAX_LP_PLAYERS + 1, vec![0.0; 1 << (MAX_LP_PLAYERS + 1)])?;
/// // Refused before any LP is built.
/// assert!(matches!(least_core(&g), Err(CoopError::TooManyPlayers { n: 19, max: 18, .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_LP_PLAYERS: usize = 18;

/// Coalitions between two checks of the cancel token in the least core's model and the
/// structural checks: 4096 coalitions take microseconds, and one relaxed load per block is lost
/// beside them.
const CHECK_EVERY: usize = 1 << 12;

/// Memory measured per coalition by the LP-based solutions, for the estimate in the refusal.
const BYTES_PER_COALITION: f64 = 2.7e3;

/// Why an LP-based solution could not be computed.
///
/// ```
/// use comity::coop::{TuGame, least_core};
/// let g = TuGame::from_values(19, vec![0.0; 1 << 19])?;
/// let err = least_core(&g).unwrap_err();
/// assert!(err.to_string().starts_with("the least core solves linear programs over all 2^19"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
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
        /// The limit ([`MAX_LP_PLAYERS`], or [`MAX_NUCLEOLUS_PLAYERS`](crate::coop::MAX_NUCLEOLUS_PLAYERS) for the nucleolus).
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

/// Refuses a game above [`MAX_LP_PLAYERS`] players for the LP-based `method`.
pub(crate) fn check_lp_size(game: &TuGame, method: &'static str) -> Result<(), CoopError> {
    let n = game.n();
    if n > MAX_LP_PLAYERS {
        let coalitions = 1u64 << n;
        return Err(CoopError::TooManyPlayers {
            method,
            n,
            coalitions,
            gib: coalitions as f64 * BYTES_PER_COALITION / (1u64 << 30) as f64,
            max: MAX_LP_PLAYERS,
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

/// `x(S)` as an LP expression.
pub(crate) fn coalition_sum(x: &[Expression], mask: usize) -> Expression {
    (0..x.len()).filter(|&i| mask >> i & 1 == 1).map(|i| x[i].clone()).sum()
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

/// Computes the least core by one LP over all proper coalitions. A one-player game has no
/// proper coalition: its `epsilon` is negative infinity and its allocation `v(N)`.
///
/// ```
/// use comity::coop::{TuGame, least_core};
/// // v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120. By hand: the pair excesses x_2 - 60,
/// // x_1 - 40, x_0 - 30 sum to -10, so the least core equalises them at -10/3.
/// let g = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0])?;
/// let lc = least_core(&g)?;
/// assert!((lc.epsilon + 10.0 / 3.0).abs() < 1e-9);
/// assert!((lc.allocation[0] - 80.0 / 3.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn least_core(game: &TuGame) -> Result<LeastCore, CoopError> {
    least_core_cancellable(game, &CancelToken::new())
}

/// [`least_core`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled (from
/// another thread; the Python package cancels on Ctrl-C). The token is checked every 4096
/// coalitions while the LP is built and once more after microlp's solve, whose pivots have no
/// checkpoint: a cancel during the solve is seen only when the solve ends, and its result is
/// then dropped. At the [`MAX_LP_PLAYERS`] limit that is late: the solve was 10 s of the 12 s
/// of an 18-player least core (measured on a loaded 2-core machine). (Rejected for now:
/// constraint generation with a check per round, as the nucleolus does, which would change
/// which least-core allocation is returned.)
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
    cancel.check()?;
    let n = game.n();
    check_lp_size(game, "the least core")?;
    if n == 1 {
        return Ok(LeastCore { epsilon: f64::NEG_INFINITY, allocation: vec![game.value(1)] });
    }
    let (normal, s) = normalised(game);
    let game = &normal;
    let mut vars = ProblemVariables::new();
    let x: Vec<Expression> = (0..n).map(|_| free_variable(&mut vars)).collect();
    let eps = free_variable(&mut vars);
    let mut model = vars.minimise(eps.clone()).using(microlp);
    let grand = game.grand();
    model = model.with(constraint!(coalition_sum(&x, grand) == game.value(grand)));
    for mask in 1..grand {
        if mask % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        model = model.with(constraint!(coalition_sum(&x, mask) + eps.clone() >= game.value(mask)));
    }
    cancel.check()?;
    let solution = model.solve().map_err(|e| CoopError::Solver { message: e.to_string() })?;
    // A solve that ended after a cancel is not returned: the caller asked to stop.
    cancel.check()?;
    Ok(LeastCore {
        epsilon: solution.eval(&eps) * s,
        allocation: x.iter().map(|v| solution.eval(v) * s).collect(),
    })
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
