//! Power indices of simple games, counted exactly.
//!
//! [`power_indices`] takes any [`Game`] and picks the fastest exact backend that fits:
//!
//! | game | backend | cost |
//! |---|---|---|
//! | club | the inner game, members re-embedded | that of the inner game |
//! | size-and-weight form, small table | generating function by size and weight | `O(n^2 D)` |
//! | weighted, large table (the IMF) | Banzhaf: generating function by weight; Shapley-Shubik: Gauss-Legendre quadrature in floating point | `O(n q)`; `O(n^2 q / 4)` |
//! | size-and-weight form, large weights, `n <= 40` (the EU Council) | meet in the middle | `O(n^3 2^(n/2))` |
//! | blocs deciding by counts under a weighted or count top rule | generating function over blocs and independent members | `O(n^2 W)` |
//! | any other tree of weighted, count and veto conditions (clubs included) | ordered binary decision diagram | `O(n N)` for `N` nodes |
//! | anything else with `n <= 25` | brute force | `O(n 2^n)` |
//!
//! [`monte_carlo`] estimates Shapley-Shubik and Banzhaf indices with confidence intervals for
//! rules that no exact backend can count in the time or memory at hand.
//!
//! Counts are exact integers (big integers, computed modulo primes and recombined); indices
//! are exact fractions converted to `f64` at the end. The one floating-point path is
//! Shapley-Shubik for weighted games whose size-by-weight table is too large; `exact: true`
//! in [`PowerOptions`] forces the exact table instead (slow and memory-hungry for the IMF).
//!
//! ```
//! use comity::game::WeightedGame;
//! use comity::power::{power_indices, PowerOptions};
//! // Any representation will do; `Game` (what the rule compiler builds) too.
//! let game = WeightedGame::new(vec![3, 2, 1], 4).unwrap();
//! let power = power_indices(&game, &PowerOptions::default()).unwrap();
//! assert_eq!(power.shapley_shubik().unwrap(), vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
//! assert_eq!(power.banzhaf(), vec![0.6, 0.2, 0.2]);
//! ```
//!
//! # References
//! Shapley & Shubik (1954); Penrose (1946); Banzhaf (1965); Coleman (1971); Felsenthal &
//! Machover (1998), *The Measurement of Voting Power*.

mod bloc_counting;
mod brute_force;
mod decision_diagram;
mod meet_in_the_middle;
mod monte_carlo;
mod residue;
mod shapley_shubik_quadrature;
mod size_weight_counting;
mod structure;
mod tally;
mod weighted_banzhaf;
mod weightedness;

pub use bloc_counting::{BLOC_TABLE_MAX_CELLS, count_blocs};
pub use brute_force::{BRUTE_FORCE_MAX_PLAYERS, brute_force};
pub use decision_diagram::{
    DIAGRAM_MAX_STATES, decision_diagram, diagram_supported, minimal_winning_count,
    smallest_winning_coalition, smallest_winning_coalition_cancellable,
};
pub use meet_in_the_middle::{MEET_IN_THE_MIDDLE_MAX_PLAYERS, count_meet_in_the_middle};
pub use monte_carlo::{
    Interval, MONTE_CARLO_MAX_SAMPLES, MonteCarloIndices, MonteCarloOptions, monte_carlo,
    monte_carlo_cancellable,
};
pub use shapley_shubik_quadrature::shapley_shubik_quadrature;
pub use size_weight_counting::count_by_size_and_weight;
pub use structure::{DESIRABILITY_MAX_PLAYERS, STRUCTURE_MAX_PLAYERS, Structure};
pub use tally::{Tally, to_f64};
pub use weighted_banzhaf::count_by_weight;
pub use weightedness::{
    MINIMAL_WEIGHTS_MAX_PLAYERS, minimal_integer_representation, weighted_representation,
    weighted_representation_cancellable,
};

use crate::cancel::CancelToken;
use crate::game::{Game, SimpleGame, SizeWeightGame, WeightedGame};
use brute_force::brute_force_cancellable;
use decision_diagram::decision_diagram_cancellable;
use num_rational::BigRational;
use num_traits::Zero;
use std::borrow::Cow;

/// Additions (players x cells x primes) that the table by size and weight may take by default,
/// about a second; larger weighted games use the floating-point Shapley-Shubik path.
const EXACT_TABLE_BUDGET: u128 = 2_000_000_000;

/// Memory allowed for the table by size and weight under `exact` (bytes).
const EXACT_TABLE_MEMORY: u128 = 8 << 30;

/// What to compute.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices, PowerOptions};
/// // Banzhaf and Coleman only: skip Shapley-Shubik, the costliest index for large bodies.
/// let options = PowerOptions::default().with_shapley_shubik(false);
/// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &options)?;
/// assert_eq!(power.shapley_shubik(), None);
/// assert_eq!(power.banzhaf(), vec![0.6, 0.2, 0.2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PowerOptions {
    /// Compute Shapley-Shubik indices (the costliest index for large weighted games).
    pub shapley_shubik: bool,
    /// Insist on exact Shapley-Shubik fractions even where a floating-point path is faster.
    pub exact: bool,
}

impl Default for PowerOptions {
    fn default() -> Self {
        PowerOptions::new()
    }
}

impl PowerOptions {
    /// Every index, Shapley-Shubik by the fastest path (the default); usable in a `const`.
    ///
    /// ```
    /// use comity::power::PowerOptions;
    /// const BANZHAF_ONLY: PowerOptions = PowerOptions::new().with_shapley_shubik(false);
    /// assert!(PowerOptions::new().shapley_shubik && !BANZHAF_ONLY.shapley_shubik);
    /// assert_eq!(PowerOptions::new(), PowerOptions::default());
    /// ```
    pub const fn new() -> Self {
        PowerOptions { shapley_shubik: true, exact: false }
    }

    /// Whether to compute Shapley-Shubik indices.
    ///
    /// ```
    /// use comity::power::PowerOptions;
    /// assert!(!PowerOptions::new().with_shapley_shubik(false).shapley_shubik);
    /// ```
    pub const fn with_shapley_shubik(mut self, yes: bool) -> Self {
        self.shapley_shubik = yes;
        self
    }

    /// Whether to insist on exact Shapley-Shubik fractions.
    ///
    /// ```
    /// use comity::power::PowerOptions;
    /// assert!(PowerOptions::new().with_exact(true).exact);
    /// ```
    pub const fn with_exact(mut self, yes: bool) -> Self {
        self.exact = yes;
        self
    }
}

/// Why indices could not be computed.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices_using, Backend, PowerError, PowerOptions};
/// let big = WeightedGame::new(vec![1; 30], 16)?;
/// let err = power_indices_using(&big, &PowerOptions::default(), Backend::BruteForce).unwrap_err();
/// assert_eq!(err, PowerError::TooLargeForBruteForce { n: 30, max: 25 });
/// assert_eq!(err.to_string(), "brute force counts at most 25 players; this game has 30");
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PowerError {
    /// Brute force was asked of a body that is too large.
    #[error("brute force counts at most {max} players; this game has {n}")]
    TooLargeForBruteForce {
        /// Players in the game.
        n: usize,
        /// The limit.
        max: usize,
    },
    /// The LP solver failed.
    #[error("LP solver: {message}")]
    Solver {
        /// The solver's message.
        message: String,
    },
    /// Monte Carlo parameters out of range.
    #[error("Monte Carlo: {message}")]
    MonteCarlo {
        /// What was expected.
        message: String,
    },
    /// No exact backend of this version fits the game.
    #[error("no exact counting method fits this rule with {n} players: {reason}")]
    NoExactBackend {
        /// Players in the game.
        n: usize,
        /// What is missing.
        reason: String,
    },
    /// A priori unions that do not partition the players.
    #[error("unions: {message}; expected lists of players partitioning them")]
    Unions {
        /// The first problem found.
        message: String,
    },
    /// The computation was cancelled through its [`crate::cancel::CancelToken`].
    #[error(transparent)]
    Interrupted(#[from] crate::cancel::Interrupted),
}

/// Shapley-Shubik indices as computed.
#[derive(Debug, Clone, PartialEq)]
enum ShapleyShubik {
    NotComputed,
    Exact(Vec<BigRational>),
    Float(Vec<f64>),
}

/// The power indices of every player of a game, with the method that produced them.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices, PowerOptions};
/// // The UN Security Council as one weighted game, [39; 7, 7, 7, 7, 7, 1 x 10].
/// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
/// let power = power_indices(&council, &PowerOptions::default())?;
/// let ss = power.shapley_shubik().unwrap();
/// // By hand: an elected member pivots 9th, after the five and 3 of the other 9 elected,
/// // 84 x 8! x 6! / 15! = 4/2145; the five share the rest, (1 - 40/2145) / 5 = 421/2145.
/// assert!((ss[0] - 421.0 / 2145.0).abs() < 1e-12);
/// assert!((ss[14] - 4.0 / 2145.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PowerIndices {
    tally: Tally,
    shapley_shubik: ShapleyShubik,
    method: String,
}

impl PowerIndices {
    /// The exact counts behind the indices.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &PowerOptions::default())?;
    /// // By hand: {0, 1}, {0, 2} and {0, 1, 2} win.
    /// assert_eq!(power.tally().winning(), &3u32.into());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// How the indices were computed.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices_using, Backend, PowerOptions};
    /// let game = WeightedGame::new(vec![3, 2, 1], 4)?;
    /// let power = power_indices_using(&game, &PowerOptions::default(), Backend::BruteForce)?;
    /// assert_eq!(power.method(), "brute force over 2^3 coalitions");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn method(&self) -> &str {
        &self.method
    }

    /// Shapley-Shubik indices, if computed.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &PowerOptions::default())?;
    /// // By hand: player 0 is pivotal in 4 of the 6 orders.
    /// assert_eq!(power.shapley_shubik(), Some(vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shapley_shubik(&self) -> Option<Vec<f64>> {
        match &self.shapley_shubik {
            ShapleyShubik::NotComputed => None,
            ShapleyShubik::Exact(v) => Some(v.iter().map(to_f64).collect()),
            ShapleyShubik::Float(v) => Some(v.clone()),
        }
    }

    /// Shapley-Shubik indices as exact fractions, if computed exactly.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// use num_rational::BigRational;
    /// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
    /// let power = power_indices(&council, &PowerOptions::default())?;
    /// let exact = power.shapley_shubik_exact().unwrap();
    /// // 421/2145 for a permanent member of the Security Council (by hand: see `PowerIndices`).
    /// assert_eq!(exact[0], BigRational::new(421.into(), 2145.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shapley_shubik_exact(&self) -> Option<&[BigRational]> {
        match &self.shapley_shubik {
            ShapleyShubik::Exact(v) => Some(v),
            _ => None,
        }
    }

    /// Normalised Banzhaf indices.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
    /// let banzhaf = power_indices(&council, &PowerOptions::default())?.banzhaf();
    /// // By hand: 848 swings per permanent member, 84 per elected one, 5080 in all.
    /// assert!((banzhaf[0] - 848.0 / 5080.0).abs() < 1e-12);
    /// assert!((banzhaf[14] - 84.0 / 5080.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn banzhaf(&self) -> Vec<f64> {
        floats(self.tally.banzhaf())
    }

    /// Absolute Banzhaf (Penrose) power: the probability of being a swing.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &PowerOptions::default())?;
    /// // By hand: player 0 swings for 3 of the 4 coalitions of the others.
    /// assert_eq!(power.banzhaf_absolute(), vec![0.75, 0.25, 0.25]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn banzhaf_absolute(&self) -> Vec<f64> {
        floats(self.tally.banzhaf_absolute())
    }

    /// Coleman's power to prevent action.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &PowerOptions::default())?;
    /// // By hand: player 0 is a veto player (3 swings over 3 winning coalitions).
    /// assert_eq!(power.coleman_prevent(), vec![1.0, 1.0 / 3.0, 1.0 / 3.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coleman_prevent(&self) -> Vec<f64> {
        floats(self.tally.coleman_prevent())
    }

    /// Coleman's power to initiate action.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &PowerOptions::default())?;
    /// // By hand: swings over the 8 - 3 = 5 losing coalitions.
    /// assert_eq!(power.coleman_initiate(), vec![0.6, 0.2, 0.2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coleman_initiate(&self) -> Vec<f64> {
        floats(self.tally.coleman_initiate())
    }

    /// Coleman's power of the collectivity to act: the share of coalitions that win.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::{power_indices, PowerOptions};
    /// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
    /// let power = power_indices(&council, &PowerOptions::default())?;
    /// // By hand: 848 of the 2^15 coalitions win, about 2.6%.
    /// assert_eq!(power.coleman_power_to_act(), 848.0 / 32768.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coleman_power_to_act(&self) -> f64 {
        to_f64(&self.tally.coleman_power_to_act())
    }
}

fn floats(v: Vec<BigRational>) -> Vec<f64> {
    v.iter().map(to_f64).collect()
}

/// Which exact backend to use.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices_using, Backend, PowerOptions};
/// let game = WeightedGame::new(vec![3, 2, 1], 4)?;
/// let options = PowerOptions::default();
/// // Every backend counts the same game to the same indices.
/// let auto = power_indices_using(&game, &options, Backend::Auto)?;
/// let diagram = power_indices_using(&game, &options, Backend::DecisionDiagram)?;
/// let brute = power_indices_using(&game, &options, Backend::BruteForce)?;
/// assert_eq!(auto.tally(), diagram.tally());
/// assert_eq!(diagram.tally(), brute.tally());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// The fastest that fits (see the module documentation).
    #[default]
    Auto,
    /// The ordered binary decision diagram, for any rule built from weighted conditions.
    DecisionDiagram,
    /// Enumeration of all `2^n` coalitions (`n <= 25`).
    BruteForce,
}

/// A game representation the solvers take directly: [`Game`] itself and each representation
/// that converts into it, so `power_indices(&WeightedGame::new(..)?, ..)` needs no `.into()`.
///
/// A trait over references rather than `impl Into<Game>` by value: existing callers pass
/// `&Game`, and a reference to a `Game` is borrowed as it is, with no clone.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices, PowerOptions};
/// let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4).unwrap(), &PowerOptions::default()).unwrap();
/// assert_eq!(power.banzhaf(), vec![0.6, 0.2, 0.2]);
/// ```
pub trait AsGame {
    /// The game as a [`Game`], borrowed when it is one already.
    fn as_game(&self) -> Cow<'_, Game>;
}

impl AsGame for Game {
    fn as_game(&self) -> Cow<'_, Game> {
        Cow::Borrowed(self)
    }
}

macro_rules! as_game_by_conversion {
    ($($t:ty),*) => {$(
        impl AsGame for $t {
            fn as_game(&self) -> Cow<'_, Game> {
                Cow::Owned(Game::from(self.clone()))
            }
        }
    )*};
}

as_game_by_conversion!(
    WeightedGame,
    crate::game::VectorWeightedGame,
    SizeWeightGame,
    crate::game::ExplicitGame,
    crate::game::Composite,
    crate::game::Club,
    crate::game::BlocGame
);

/// Computes the power indices of `game` (a [`Game`] or any representation, see [`AsGame`])
/// with the fastest exact backend that fits.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices, PowerOptions};
/// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
/// let ss = power_indices(&council, &PowerOptions::default())?.shapley_shubik().unwrap();
/// // 421/2145 per permanent member, 4/2145 per elected member (by hand: see `PowerIndices`).
/// assert!((ss[0] - 421.0 / 2145.0).abs() < 1e-12 && (ss[5] - 4.0 / 2145.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn power_indices<G: AsGame + ?Sized>(
    game: &G,
    options: &PowerOptions,
) -> Result<PowerIndices, PowerError> {
    power_indices_using(game, options, Backend::Auto)
}

/// Computes the power indices of `game` (a [`Game`] or any representation, see [`AsGame`])
/// with the backend asked for.
///
/// ```
/// use comity::game::{Composite, Connective, WeightedGame};
/// use comity::power::{power_indices_using, Backend, PowerOptions};
/// // The Security Council as a veto group and 9 of 15, counted on a decision diagram.
/// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
/// let nine = WeightedGame::new(vec![1; 15], 9)?;
/// let council = Composite::new(Connective::All, vec![veto.into(), nine.into()])?;
/// let power = power_indices_using(&council, &PowerOptions::default(), Backend::DecisionDiagram)?;
/// let ss = power.shapley_shubik().unwrap();
/// assert!((ss[0] - 421.0 / 2145.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn power_indices_using<G: AsGame + ?Sized>(
    game: &G,
    options: &PowerOptions,
    backend: Backend,
) -> Result<PowerIndices, PowerError> {
    power_indices_using_cancellable(game, options, backend, &CancelToken::new())
}

/// [`power_indices`], stopping with [`PowerError::Interrupted`] once `cancel` is cancelled
/// (from another thread, say on Ctrl-C).
///
/// Every exact backend checks the token at checkpoints a few hundred microseconds to a few
/// milliseconds of work apart (per block of states or nodes of a decision diagram, of
/// coalitions for brute force, of row additions of a table, per player multiplied into a
/// generating function), so a cancelled count stops within milliseconds at no measurable
/// cost to an uncancelled one.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices_cancellable, PowerError, PowerOptions};
/// let game = WeightedGame::new(vec![3, 2, 1], 4)?;
/// let token = CancelToken::new();
/// let power = power_indices_cancellable(&game, &PowerOptions::default(), &token)?;
/// assert_eq!(power.banzhaf(), vec![0.6, 0.2, 0.2]);
/// // Cancelled (here before the call), the count stops with an error instead of a result.
/// token.cancel();
/// let err = power_indices_cancellable(&game, &PowerOptions::default(), &token).unwrap_err();
/// assert!(matches!(err, PowerError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn power_indices_cancellable<G: AsGame + ?Sized>(
    game: &G,
    options: &PowerOptions,
    cancel: &CancelToken,
) -> Result<PowerIndices, PowerError> {
    power_indices_using_cancellable(game, options, Backend::Auto, cancel)
}

/// [`power_indices_using`], stopping with [`PowerError::Interrupted`] once `cancel` is
/// cancelled (see [`power_indices_cancellable`] for where it is checked).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::game::WeightedGame;
/// use comity::power::{power_indices_using_cancellable, Backend, PowerError, PowerOptions};
/// // 2^20 coalitions by brute force, with a token cancelled from another thread (joined before
/// // the call, so the count stops at its first check).
/// let game = WeightedGame::new(vec![1; 20], 11)?;
/// let token = CancelToken::new();
/// let canceller = token.clone();
/// std::thread::spawn(move || canceller.cancel()).join().unwrap();
/// let err = power_indices_using_cancellable(&game, &PowerOptions::default(), Backend::BruteForce, &token);
/// assert!(matches!(err, Err(PowerError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn power_indices_using_cancellable<G: AsGame + ?Sized>(
    game: &G,
    options: &PowerOptions,
    backend: Backend,
    cancel: &CancelToken,
) -> Result<PowerIndices, PowerError> {
    cancel.check()?;
    let game = game.as_game();
    let game: &Game = &game;
    let (tally, float_ss, method) = match backend {
        Backend::Auto => count(game, options, cancel)?,
        Backend::DecisionDiagram => {
            let (tally, nodes) = decision_diagram_cancellable(game, cancel)?.ok_or_else(|| PowerError::NoExactBackend {
                n: game.n(),
                reason: if diagram_supported(game) {
                    format!(
                        "the decision diagram exceeded its limit of {DIAGRAM_MAX_STATES} states (--method monte-carlo estimates the indices)"
                    )
                } else {
                    "the decision diagram takes rules built from weighted, count and veto conditions (not blocs or enumerated games)".into()
                },
            })?;
            (tally, None, diagram_method(nodes))
        }
        Backend::BruteForce => {
            let n = game.n();
            (brute_force_cancellable(game, cancel)?, None, format!("brute force over 2^{n} coalitions"))
        }
    };
    let shapley_shubik = match (options.shapley_shubik, float_ss, tally.shapley_shubik()) {
        (false, _, _) => ShapleyShubik::NotComputed,
        (true, Some(v), _) => ShapleyShubik::Float(v),
        (true, None, Some(v)) => ShapleyShubik::Exact(v),
        (true, None, None) => ShapleyShubik::NotComputed,
    };
    Ok(PowerIndices { tally, shapley_shubik, method })
}

type Counted = (Tally, Option<Vec<f64>>, String);

fn count(game: &Game, options: &PowerOptions, cancel: &CancelToken) -> Result<Counted, PowerError> {
    let n = game.n();
    if let Game::Club(club) = game {
        let (tally, float_ss, method) = count(club.inner(), options, cancel)?;
        let float_ss = float_ss.map(|inner| {
            let mut all = vec![0.0; n];
            for (k, &m) in club.members().iter().enumerate() {
                all[m] = inner[k];
            }
            all
        });
        let method = format!("{method}; club of {} of {n} members", club.members().len());
        return Ok((tally.embed(n, club.members()), float_ss, method));
    }
    if let Some(form) = game.size_weight_form() {
        return count_size_weight(&form, options, cancel);
    }
    if let Game::Blocs(blocs) = game {
        if let Some((tally, cells)) = bloc_counting::count_blocs_cancellable(blocs, cancel)? {
            let method = format!(
                "generating function over {} blocs and {} independent members ({cells} cells, exact)",
                blocs.blocs().len(),
                n - blocs.blocs().iter().map(|b| b.members().len()).sum::<usize>()
            );
            return Ok((tally, None, method));
        }
    }
    if let Some((tally, nodes)) = decision_diagram_cancellable(game, cancel)? {
        return Ok((tally, None, diagram_method(nodes)));
    }
    if n <= BRUTE_FORCE_MAX_PLAYERS {
        return Ok((
            brute_force_cancellable(game, cancel)?,
            None,
            format!("brute force over 2^{n} coalitions"),
        ));
    }
    let diagram = if diagram_supported(game) {
        format!("its decision diagram exceeded its limit of {DIAGRAM_MAX_STATES} states")
    } else {
        "the decision diagram does not take it (blocs or an enumerated game)".to_string()
    };
    Err(PowerError::NoExactBackend {
        n,
        reason: format!(
            "the rule is neither in size-and-weight form nor a bloc rule of counts, {diagram}, and \
             brute force stops at {BRUTE_FORCE_MAX_PLAYERS} players"
        ),
    })
}

fn diagram_method(nodes: usize) -> String {
    format!("ordered binary decision diagram ({nodes} nodes, exact)")
}

fn count_size_weight(
    game: &SizeWeightGame,
    options: &PowerOptions,
    cancel: &CancelToken,
) -> Result<Counted, PowerError> {
    let n = game.n();
    // A weighted game and its dual have the same swings; count the one with the smaller quota.
    if let Some(q) = game.constant_threshold() {
        let dual_q = game.total() - q + 1;
        if dual_q < q {
            let dual =
                WeightedGame::new(game.weights().to_vec(), dual_q).expect("the dual quota lies in 1..=total");
            let (tally, float_ss, method) =
                count_size_weight(&SizeWeightGame::from_weighted(&dual), options, cancel)?;
            return Ok((tally.dual(), float_ss, format!("{method}, on the dual game (quota {dual_q})")));
        }
    }
    let cells = size_weight_counting::table_cells(game);
    let primes = size_weight_counting::moduli_for(game).len() as u128;
    let work = cells * n as u128 * primes;
    let small_table = work <= EXACT_TABLE_BUDGET;
    // One table of u32 residues, reused prime after prime (threads share it row by row).
    let fits_memory = cells * 4 <= EXACT_TABLE_MEMORY;
    let table_method = || {
        format!(
            "generating function by size and weight ({cells} cells, exact, modulo {})",
            primes_text(primes)
        )
    };
    if small_table
        || (options.exact && options.shapley_shubik && fits_memory && n > MEET_IN_THE_MIDDLE_MAX_PLAYERS)
    {
        // Splitting rows between threads costs no extra table, so it is always worth it.
        let tally = size_weight_counting::count_by_size_and_weight_cancellable(game, true, cancel)?;
        return Ok((tally, None, table_method()));
    }
    if let Some(q) = game.constant_threshold() {
        if cells <= EXACT_TABLE_MEMORY && (!options.exact || !options.shapley_shubik) {
            let weighted = WeightedGame::new(game.weights().to_vec(), q).expect("a valid quota");
            let tally = weighted_banzhaf::count_by_weight_cancellable(&weighted, cancel)?;
            let (ss, ss_method) = if options.shapley_shubik {
                let nodes = n.div_ceil(2);
                let mut ss =
                    shapley_shubik_quadrature::shapley_shubik_quadrature_cancellable(&weighted, cancel)?;
                // A player without swings is a null player: its index is exactly 0, whatever
                // rounding left in the quadrature.
                for (x, swings) in ss.iter_mut().zip(tally.swings()) {
                    if swings.is_zero() {
                        *x = 0.0;
                    }
                }
                (
                    Some(ss),
                    format!("; Shapley-Shubik by {nodes}-point Gauss-Legendre quadrature (floating point)"),
                )
            } else {
                (None, String::new())
            };
            let method = format!(
                "generating function by weight ({q} coefficients, exact, modulo {}){ss_method}",
                primes_text(primes)
            );
            return Ok((tally, ss, method));
        }
    }
    if n <= MEET_IN_THE_MIDDLE_MAX_PLAYERS {
        let half = n / 2;
        let method = format!("meet in the middle (2^{half} and 2^{} coalitions, exact)", n - half);
        return Ok((meet_in_the_middle::count_meet_in_the_middle_cancellable(game, cancel)?, None, method));
    }
    Err(PowerError::NoExactBackend {
        n,
        reason: format!(
            "a count-and-weight rule needs a table of {cells} cells, beyond memory, and meet in \
             the middle stops at {MEET_IN_THE_MIDDLE_MAX_PLAYERS} players"
        ),
    })
}

fn primes_text(primes: u128) -> String {
    if primes == 1 { "1 prime".into() } else { format!("{primes} primes") }
}

#[cfg(test)]
mod cancellation {
    //! Every exact backend stops with `Interrupted` on a cancelled token, and counts as before
    //! on a fresh one.
    use super::*;
    use crate::cancel::Interrupted;
    use crate::game::{Bloc, BlocGame, Composite, Connective};

    fn cancelled() -> CancelToken {
        let token = CancelToken::new();
        token.cancel();
        token
    }

    fn textbook() -> WeightedGame {
        WeightedGame::new(vec![3, 2, 1], 4).unwrap()
    }

    #[test]
    fn brute_force_checks_its_token() {
        let game = textbook();
        assert_eq!(brute_force_cancellable(&game, &cancelled()), Err(PowerError::Interrupted(Interrupted)));
        assert_eq!(brute_force_cancellable(&game, &CancelToken::new()), brute_force(&game));
    }

    #[test]
    fn the_decision_diagram_checks_its_token() {
        let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5).unwrap();
        let nine = WeightedGame::new(vec![1; 15], 9).unwrap();
        let council = Game::from(Composite::new(Connective::All, vec![veto.into(), nine.into()]).unwrap());
        assert_eq!(decision_diagram_cancellable(&council, &cancelled()), Err(Interrupted));
        assert_eq!(
            decision_diagram_cancellable(&council, &CancelToken::new()).unwrap(),
            decision_diagram(&council)
        );
    }

    #[test]
    fn the_tables_by_size_and_weight_and_by_weight_check_their_token() {
        let sw = SizeWeightGame::from_weighted(&textbook());
        let by_size = size_weight_counting::count_by_size_and_weight_cancellable(&sw, true, &cancelled());
        assert_eq!(by_size, Err(Interrupted));
        assert_eq!(
            size_weight_counting::count_by_size_and_weight_cancellable(&sw, true, &CancelToken::new()),
            Ok(count_by_size_and_weight(&sw, true))
        );
        let by_weight = weighted_banzhaf::count_by_weight_cancellable(&textbook(), &cancelled());
        assert_eq!(by_weight, Err(Interrupted));
        let quadrature =
            shapley_shubik_quadrature::shapley_shubik_quadrature_cancellable(&textbook(), &cancelled());
        assert_eq!(quadrature, Err(Interrupted));
    }

    #[test]
    fn meet_in_the_middle_and_bloc_counting_check_their_token() {
        let sw = SizeWeightGame::from_weighted(&textbook());
        let mitm = meet_in_the_middle::count_meet_in_the_middle_cancellable(&sw, &cancelled());
        assert_eq!(mitm, Err(PowerError::Interrupted(Interrupted)));
        let bloc = Bloc::new(vec![0, 1, 2], WeightedGame::new(vec![1; 3], 2).unwrap().into()).unwrap();
        let game = BlocGame::new(WeightedGame::new(vec![1; 5], 3).unwrap().into(), vec![bloc]).unwrap();
        assert_eq!(bloc_counting::count_blocs_cancellable(&game, &cancelled()), Err(Interrupted));
        assert_eq!(
            bloc_counting::count_blocs_cancellable(&game, &CancelToken::new()),
            Ok(count_blocs(&game))
        );
    }
}
