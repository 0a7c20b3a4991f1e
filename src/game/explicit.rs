//! Explicit games: the winning set enumerated.
//!
//! The winning coalitions are stored as one bit per coalition of `0..n` (bit `mask` is set when
//! the coalition with that bitmask wins), so `n` is limited to [`ExplicitGame::MAX_PLAYERS`].
//! It is the brute-force truth against which every fast algorithm is checked.
//!
//! ```
//! use comity::game::{Coalition, ExplicitGame, SimpleGame};
//! // Player 0 and at least one other.
//! let g = ExplicitGame::from_minimal_winning(3, &[0b011, 0b101]).unwrap();
//! assert!(g.is_winning(&Coalition::from_mask(0b111)));
//! assert!(!g.is_winning(&Coalition::from_mask(0b110)));
//! ```

use super::{Coalition, GameError, SimpleGame, check_player_count};

/// A simple game given by its full winning set.
///
/// ```
/// use comity::game::{ExplicitGame, SimpleGame, WeightedGame};
/// // The weighted game [4; 3, 2, 1], enumerated: its minimal winning coalitions are {0, 1}, {0, 2}.
/// let g = ExplicitGame::from_game(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// assert_eq!(g, ExplicitGame::from_minimal_winning(3, &[0b011, 0b101])?);
/// assert_eq!(g.n(), 3);
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplicitGame {
    n: usize,
    winning: Vec<u64>,
}

impl ExplicitGame {
    /// The largest number of players stored explicitly (2^25 bits = 4 MiB).
    ///
    /// ```
    /// use comity::game::{ExplicitGame, GameError};
    /// assert_eq!(ExplicitGame::MAX_PLAYERS, 25);
    /// let refused = ExplicitGame::from_fn(26, |mask| mask.count_ones() >= 14);
    /// assert_eq!(refused, Err(GameError::TooManyPlayers { n: 26, max: 25 }));
    /// ```
    pub const MAX_PLAYERS: usize = 25;

    /// Enumerates `game`-like predicate `wins` over all coalitions of `0..n` (as bitmasks).
    /// Refuses non-monotone predicates and a winning empty coalition.
    ///
    /// ```
    /// use comity::game::{ExplicitGame, GameError};
    /// // Majority of 3, as a predicate on bitmasks.
    /// let g = ExplicitGame::from_fn(3, |mask| mask.count_ones() >= 2)?;
    /// assert!(g.wins_mask(0b110) && !g.wins_mask(0b100));
    /// // "Fewer than two" is not monotone and is refused.
    /// assert_eq!(ExplicitGame::from_fn(3, |mask| mask.count_ones() == 1), Err(GameError::NotMonotone));
    /// # Ok::<(), GameError>(())
    /// ```
    pub fn from_fn(n: usize, mut wins: impl FnMut(u64) -> bool) -> Result<Self, GameError> {
        check_player_count(n)?;
        if n > Self::MAX_PLAYERS {
            return Err(GameError::TooManyPlayers { n, max: Self::MAX_PLAYERS });
        }
        let size = 1usize << n;
        let mut winning = vec![0u64; size.div_ceil(64)];
        for mask in 0..size {
            if wins(mask as u64) {
                winning[mask / 64] |= 1 << (mask % 64);
            }
        }
        let game = ExplicitGame { n, winning };
        if game.wins_mask(0) || !game.is_monotone() {
            return Err(GameError::NotMonotone);
        }
        Ok(game)
    }

    /// The game whose winning coalitions are the supersets of the given minimal ones.
    ///
    /// ```
    /// use comity::game::ExplicitGame;
    /// // Player 0 with player 1 or with player 2.
    /// let g = ExplicitGame::from_minimal_winning(3, &[0b011, 0b101])?;
    /// assert!(g.wins_mask(0b111) && g.wins_mask(0b101));
    /// assert!(!g.wins_mask(0b110));
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn from_minimal_winning(n: usize, minimal: &[u64]) -> Result<Self, GameError> {
        Self::from_fn(n, |mask| minimal.iter().any(|&m| m & !mask == 0))
    }

    /// Enumerates any simple game with at most [`Self::MAX_PLAYERS`] players.
    ///
    /// ```
    /// use comity::game::{Coalition, ExplicitGame, SimpleGame, WeightedGame};
    /// let weighted = WeightedGame::new(vec![2, 1, 1], 3)?;
    /// let g = ExplicitGame::from_game(&weighted)?;
    /// let c = Coalition::from_players([1, 2]);
    /// assert_eq!(g.is_winning(&c), weighted.is_winning(&c));
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn from_game(game: &impl SimpleGame) -> Result<Self, GameError> {
        Self::from_fn(game.n(), |mask| game.is_winning(&Coalition::from_mask(mask)))
    }

    /// Whether the coalition with bitmask `mask` wins.
    ///
    /// # Panics
    /// If `mask` is at or above 64 and `2^n` (not a coalition of this game).
    ///
    /// ```
    /// use comity::game::ExplicitGame;
    /// let g = ExplicitGame::from_minimal_winning(2, &[0b11])?;
    /// assert!(g.wins_mask(0b11));
    /// assert!(!g.wins_mask(0b01));
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn wins_mask(&self, mask: u64) -> bool {
        let m = mask as usize;
        self.winning[m / 64] >> (m % 64) & 1 == 1
    }

    fn is_monotone(&self) -> bool {
        (0..1u64 << self.n)
            .all(|mask| !self.wins_mask(mask) || (0..self.n).all(|i| self.wins_mask(mask | 1 << i)))
    }
}

impl SimpleGame for ExplicitGame {
    fn n(&self) -> usize {
        self.n
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        let mask = c.players().fold(0u64, |m, i| m | 1 << i);
        self.wins_mask(mask)
    }
}
