//! Simple games: the decision rules of a body as sets of winning coalitions.
//!
//! A simple game on players `0..n` says, for every coalition, whether it wins. All games here
//! are monotone (a superset of a winning coalition wins) and, as constructed by comity, have a
//! losing empty coalition. Several representations exist because each admits its own fast
//! counting algorithm: [`WeightedGame`] (one weight vector and a quota), [`VectorWeightedGame`]
//! (several, all of which must be met), [`SizeWeightGame`] (a threshold on one weight that
//! depends on the coalition's size, the counting form of member-count-and-weight rules such as
//! the EU Council's), [`ExplicitGame`] (the winning set enumerated), [`Composite`] (`all` / `any`
//! of games) and [`Club`] (only some members decide).
//!
//! # References
//! - von Neumann & Morgenstern (1944), *Theory of Games and Economic Behavior*, ch. X (simple
//!   games).
//! - Taylor & Zwicker (1999), *Simple Games*: weighted and vector-weighted representations.

mod blocs;
mod club;
mod coalition;
mod composite;
mod explicit;
mod size_weight;
mod symmetry;
mod vector_weighted;
mod weighted;

pub use blocs::{Bloc, BlocGame};
pub use club::Club;
pub use coalition::{Coalition, MAX_PLAYERS};
pub use composite::{Composite, Connective};
pub use explicit::ExplicitGame;
pub use size_weight::SizeWeightGame;
pub use symmetry::interchangeable_classes;
pub use vector_weighted::VectorWeightedGame;
pub use weighted::WeightedGame;

/// A monotone simple game: who the players are and which coalitions win.
///
/// ```
/// use comity::game::{Coalition, SimpleGame};
/// // A rule of one's own: the chair (player 0) and anyone else. `n` and `is_winning` are all
/// // the trait asks for; this example covers both.
/// struct ChairPlusOne(usize);
/// impl SimpleGame for ChairPlusOne {
///     fn n(&self) -> usize { self.0 }
///     fn is_winning(&self, c: &Coalition) -> bool { c.contains(0) && c.len() >= 2 }
/// }
/// let g = ChairPlusOne(4);
/// assert_eq!(g.n(), 4);
/// assert!(g.is_winning(&Coalition::from_players([0, 3])) && !g.is_winning(&Coalition::from_players([1, 2])));
/// ```
pub trait SimpleGame {
    /// The number of players.
    fn n(&self) -> usize;
    /// Whether coalition `c` (a subset of `0..n`) wins.
    fn is_winning(&self, c: &Coalition) -> bool;
}

/// Why a game could not be built.
///
/// ```
/// use comity::game::{GameError, WeightedGame};
/// let err = WeightedGame::new(vec![3, 2, 1], 7).unwrap_err();
/// assert_eq!(err, GameError::QuotaAboveTotal { quota: 7, total: 6 });
/// assert_eq!(err.to_string(), "quota 7 is above the total weight 6");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GameError {
    /// A game needs at least one player.
    #[error("a game needs at least one player")]
    NoPlayers,
    /// More players than a coalition can hold.
    #[error("{n} players is more than the {max} a coalition can hold")]
    TooManyPlayers {
        /// The number of players asked for.
        n: usize,
        /// The largest supported number.
        max: usize,
    },
    /// The quota cannot be met even by the grand coalition.
    #[error("quota {quota} is above the total weight {total}")]
    QuotaAboveTotal {
        /// The quota asked for.
        quota: u64,
        /// The total weight of all players.
        total: u64,
    },
    /// A quota of zero would make the empty coalition win.
    #[error("quota must be at least 1 (a quota of 0 lets the empty coalition win)")]
    ZeroQuota,
    /// The weights add up to more than 2^64 - 1.
    #[error("the weights add up to more than {}", u64::MAX)]
    WeightOverflow,
    /// Two lists that must have one entry per player differ in length.
    #[error("expected {expected} entries (one per player), found {found}")]
    LengthMismatch {
        /// The number of players.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A player index is not below the number of players.
    #[error("player {player} is out of range for a game of {n} players")]
    PlayerOutOfRange {
        /// The index given.
        player: usize,
        /// The number of players.
        n: usize,
    },
    /// Size thresholds must not grow with the size of the coalition.
    #[error("size thresholds must not increase with coalition size (size {size})")]
    ThresholdsNotMonotone {
        /// The first size at which the threshold rises.
        size: usize,
    },
    /// A composite game needs parts over the same players.
    #[error("parts of a composite game must have the same number of players")]
    PartsDisagree,
    /// A player in two blocs (or twice in one).
    #[error("player {player} is in two blocs; expected disjoint blocs")]
    BlocsOverlap {
        /// The player.
        player: usize,
    },
    /// An enumerated game was given an invalid winning set.
    #[error("the winning set is not monotone or lets the empty coalition win")]
    NotMonotone,
}

/// Checks that `n` players fit in a coalition.
pub(crate) fn check_player_count(n: usize) -> Result<(), GameError> {
    if n == 0 {
        Err(GameError::NoPlayers)
    } else if n > MAX_PLAYERS {
        Err(GameError::TooManyPlayers { n, max: MAX_PLAYERS })
    } else {
        Ok(())
    }
}

/// Sums weights, refusing overflow.
pub(crate) fn checked_total(weights: &[u64]) -> Result<u64, GameError> {
    weights.iter().try_fold(0u64, |acc, &w| acc.checked_add(w)).ok_or(GameError::WeightOverflow)
}

/// Any of the representations, so that one value can carry whatever the rule compiler built.
///
/// ```
/// use comity::game::{Game, SimpleGame, WeightedGame};
/// // Every representation converts into `Game`, which is what the rule compiler builds.
/// let game: Game = WeightedGame::new(vec![3, 2, 1], 4)?.into();
/// assert!(matches!(game, Game::Weighted(_)));
/// assert_eq!(game.n(), 3);
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Game {
    /// A weighted majority game.
    Weighted(WeightedGame),
    /// Several weighted conditions that must all hold.
    VectorWeighted(VectorWeightedGame),
    /// A size-dependent threshold on one weight.
    SizeWeight(SizeWeightGame),
    /// The winning set enumerated.
    Explicit(ExplicitGame),
    /// `all` or `any` of other games.
    Composite(Composite),
    /// A game played by some members only; the rest are null players.
    Club(Club),
    /// A top rule with blocs that decide internally and vote as one.
    Blocs(BlocGame),
}

impl SimpleGame for Game {
    fn n(&self) -> usize {
        match self {
            Game::Weighted(g) => g.n(),
            Game::VectorWeighted(g) => g.n(),
            Game::SizeWeight(g) => g.n(),
            Game::Explicit(g) => g.n(),
            Game::Composite(g) => g.n(),
            Game::Club(g) => g.n(),
            Game::Blocs(g) => g.n(),
        }
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        match self {
            Game::Weighted(g) => g.is_winning(c),
            Game::VectorWeighted(g) => g.is_winning(c),
            Game::SizeWeight(g) => g.is_winning(c),
            Game::Explicit(g) => g.is_winning(c),
            Game::Composite(g) => g.is_winning(c),
            Game::Club(g) => g.is_winning(c),
            Game::Blocs(g) => g.is_winning(c),
        }
    }
}

impl Game {
    /// The game as a size-dependent threshold on one weight, when it has that form: weighted
    /// games, member counts, and `all` / `any` of them over at most one weight vector. Fast
    /// exact counting works on this form.
    ///
    /// ```
    /// use comity::game::{Composite, Connective, Game, WeightedGame};
    /// // 2 of 3 members and weight at least 5: one size-dependent threshold on the weights.
    /// let count = WeightedGame::new(vec![1, 1, 1], 2)?;
    /// let weight = WeightedGame::new(vec![4, 1, 1], 5)?;
    /// let both = Game::from(Composite::new(Connective::All, vec![count.into(), weight.into()])?);
    /// let form = both.size_weight_form().expect("one weight vector");
    /// assert_eq!(form.thresholds(), &[None, None, Some(5), Some(5)]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn size_weight_form(&self) -> Option<SizeWeightGame> {
        match self {
            Game::Weighted(g) => Some(SizeWeightGame::from_weighted(g)),
            Game::SizeWeight(g) => Some(g.clone()),
            Game::VectorWeighted(g) => SizeWeightGame::combine(
                Connective::All,
                g.dimensions().map(SizeWeightGame::from_weighted).map(Some),
            ),
            Game::Composite(g) => {
                SizeWeightGame::combine(g.connective(), g.parts().iter().map(Game::size_weight_form))
            }
            Game::Explicit(_) | Game::Club(_) | Game::Blocs(_) => None,
        }
    }
}

impl From<ExplicitGame> for Game {
    fn from(g: ExplicitGame) -> Game {
        Game::Explicit(g)
    }
}

impl From<Composite> for Game {
    fn from(g: Composite) -> Game {
        Game::Composite(g)
    }
}

impl From<BlocGame> for Game {
    fn from(g: BlocGame) -> Game {
        Game::Blocs(g)
    }
}

impl From<Club> for Game {
    fn from(g: Club) -> Game {
        Game::Club(g)
    }
}

impl From<WeightedGame> for Game {
    fn from(g: WeightedGame) -> Game {
        Game::Weighted(g)
    }
}

impl From<SizeWeightGame> for Game {
    fn from(g: SizeWeightGame) -> Game {
        Game::SizeWeight(g)
    }
}

impl From<VectorWeightedGame> for Game {
    fn from(g: VectorWeightedGame) -> Game {
        Game::VectorWeighted(g)
    }
}
