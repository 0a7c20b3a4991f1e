//! Clubs: a game decided by some members only.
//!
//! `club { members, rule }` embeds a game over the club's members into the whole body; a
//! coalition wins when its club members win the inner game, so outsiders are null players.
//! A minilateral club such as the G7 inside the UN membership is the example. Power indices
//! of members are those of the inner game (adding null players changes neither Shapley-Shubik
//! nor absolute Banzhaf power), so counting happens on the smaller game.
//!
//! # References
//! Felsenthal & Machover (1998), sec. 2.3 (null players; subgames).
//!
//! ```
//! use comity::game::{Club, Coalition, SimpleGame, WeightedGame};
//! let inner = WeightedGame::new(vec![1, 1], 2).unwrap(); // both club members must agree
//! let club = Club::new(4, vec![1, 3], inner.into()).unwrap();
//! assert!(club.is_winning(&Coalition::from_players([1, 3])));
//! assert!(!club.is_winning(&Coalition::from_players([0, 1, 2])));
//! ```

use super::{Coalition, Game, GameError, SimpleGame, check_player_count};

/// A game over a subset of the players; the others are null players.
///
/// ```
/// use comity::game::{Club, Coalition, SimpleGame, WeightedGame};
/// // Of a body of 5, members 0 and 4 decide, each with a veto.
/// let club = Club::new(5, vec![0, 4], WeightedGame::new(vec![1, 1], 2)?.into())?;
/// assert_eq!(club.n(), 5);
/// assert!(club.is_winning(&Coalition::from_players([0, 4])));
/// assert!(!club.is_winning(&Coalition::from_players([0, 1, 2, 3])));
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Club {
    n: usize,
    members: Vec<usize>,
    inner: Box<Game>,
}

impl Club {
    /// Embeds `inner`, a game over `members.len()` players, into a body of `n` players;
    /// inner player `k` is body player `members[k]`. Members must be distinct and below `n`.
    ///
    /// ```
    /// use comity::game::{Club, GameError, WeightedGame};
    /// let inner = || WeightedGame::new(vec![1, 1], 2).unwrap().into();
    /// assert!(Club::new(3, vec![0, 2], inner()).is_ok());
    /// // Member 3 is not in a body of 3.
    /// assert_eq!(Club::new(3, vec![0, 3], inner()), Err(GameError::PlayerOutOfRange { player: 3, n: 3 }));
    /// ```
    pub fn new(n: usize, members: Vec<usize>, inner: Game) -> Result<Self, GameError> {
        check_player_count(n)?;
        if inner.n() != members.len() {
            return Err(GameError::LengthMismatch { expected: members.len(), found: inner.n() });
        }
        if let Some(&player) = members.iter().find(|&&m| m >= n) {
            return Err(GameError::PlayerOutOfRange { player, n });
        }
        if Coalition::from_players(members.iter().copied()).len() != members.len() {
            return Err(GameError::PartsDisagree);
        }
        Ok(Club { n, members, inner: Box::new(inner) })
    }

    /// The body players who are club members, in inner-player order.
    ///
    /// ```
    /// use comity::game::{Club, WeightedGame};
    /// let club = Club::new(4, vec![3, 1], WeightedGame::new(vec![1, 1], 1)?.into())?;
    /// assert_eq!(club.members(), &[3, 1]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// The game among club members.
    ///
    /// ```
    /// use comity::game::{Club, SimpleGame, WeightedGame};
    /// let club = Club::new(7, vec![0, 1, 2], WeightedGame::new(vec![1; 3], 2)?.into())?;
    /// assert_eq!(club.inner().n(), 3);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn inner(&self) -> &Game {
        &self.inner
    }
}

impl SimpleGame for Club {
    fn n(&self) -> usize {
        self.n
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        let inside = self.members.iter().enumerate().filter(|&(_, &m)| c.contains(m)).map(|(k, _)| k);
        self.inner.is_winning(&Coalition::from_players(inside))
    }
}
