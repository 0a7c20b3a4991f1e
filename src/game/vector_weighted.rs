//! Vector-weighted games: several weighted conditions that must all be met.
//!
//! Each dimension `d` has weights `w_d` and a quota `q_d`; a coalition wins when it meets every
//! quota. The EU Council's double majority is the two-dimensional case (member count,
//! population). Counting treats a member-count dimension as the coalition's size rather than
//! splitting the game into weighted games (its dimension can be large: Kurz & Napel 2016).
//!
//! # References
//! Taylor & Zwicker (1999), *Simple Games*, ch. 3; Bolus (2011) for counting.
//!
//! ```
//! use comity::game::{Coalition, SimpleGame, VectorWeightedGame, WeightedGame};
//! let count = WeightedGame::new(vec![1, 1, 1], 2).unwrap();
//! let pop = WeightedGame::new(vec![10, 1, 1], 10).unwrap();
//! let g = VectorWeightedGame::new(vec![count, pop]).unwrap();
//! assert!(g.is_winning(&Coalition::from_players([0, 1])));
//! assert!(!g.is_winning(&Coalition::from_players([1, 2])));
//! ```

use super::{Coalition, GameError, SimpleGame, WeightedGame};

/// Several weighted games over the same players; a coalition wins when it wins in all of them.
///
/// ```
/// use comity::game::{Coalition, SimpleGame, VectorWeightedGame, WeightedGame};
/// // A double majority: 2 of 3 members and 60 of 100 population.
/// let members = WeightedGame::new(vec![1, 1, 1], 2)?;
/// let population = WeightedGame::new(vec![50, 30, 20], 60)?;
/// let g = VectorWeightedGame::new(vec![members, population])?;
/// assert!(g.is_winning(&Coalition::from_players([0, 2])));
/// assert!(!g.is_winning(&Coalition::from_players([1, 2]))); // 2 members but 50 people
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorWeightedGame {
    dimensions: Vec<WeightedGame>,
}

impl VectorWeightedGame {
    /// Builds the game from its dimensions, which must share the number of players.
    ///
    /// ```
    /// use comity::game::{GameError, VectorWeightedGame, WeightedGame};
    /// let two = WeightedGame::new(vec![1, 1], 1)?;
    /// let three = WeightedGame::new(vec![1, 1, 1], 1)?;
    /// assert_eq!(VectorWeightedGame::new(vec![two, three]), Err(GameError::PartsDisagree));
    /// # Ok::<(), GameError>(())
    /// ```
    pub fn new(dimensions: Vec<WeightedGame>) -> Result<Self, GameError> {
        let first = dimensions.first().ok_or(GameError::NoPlayers)?;
        if dimensions.iter().any(|d| d.n() != first.n()) {
            return Err(GameError::PartsDisagree);
        }
        Ok(VectorWeightedGame { dimensions })
    }

    /// The weighted conditions, one per dimension.
    ///
    /// ```
    /// use comity::game::{VectorWeightedGame, WeightedGame};
    /// let g = VectorWeightedGame::new(vec![
    ///     WeightedGame::new(vec![1, 1, 1], 2)?,
    ///     WeightedGame::new(vec![50, 30, 20], 60)?,
    /// ])?;
    /// let quotas: Vec<u64> = g.dimensions().map(|d| d.quota()).collect();
    /// assert_eq!(quotas, vec![2, 60]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn dimensions(&self) -> impl Iterator<Item = &WeightedGame> {
        self.dimensions.iter()
    }
}

impl SimpleGame for VectorWeightedGame {
    fn n(&self) -> usize {
        self.dimensions[0].n()
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        self.dimensions.iter().all(|d| d.is_winning(c))
    }
}
