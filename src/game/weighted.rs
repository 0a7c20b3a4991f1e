//! Weighted majority games `[q; w_1, ..., w_n]`.
//!
//! Player `i` carries weight `w_i >= 0`; a coalition wins when its total weight is at least the
//! quota `q` (the convention is `>=`). A member count is the weighted game with unit weights;
//! a veto group is the weighted game in which the group's members have weight 1, the rest 0,
//! and the quota is the group's size.
//!
//! # References
//! Shapley & Shubik (1954); Felsenthal & Machover (1998), *The Measurement of Voting Power*, ch. 2.
//!
//! ```
//! use comity::game::{Coalition, SimpleGame, WeightedGame};
//! let g = WeightedGame::new(vec![3, 2, 1], 4).unwrap();
//! assert!(g.is_winning(&Coalition::from_players([0, 2])));
//! assert!(!g.is_winning(&Coalition::from_players([1, 2])));
//! ```

use super::{Coalition, GameError, SimpleGame, check_player_count, checked_total};

/// A weighted majority game: a coalition wins when its weight is at least `quota`.
///
/// ```
/// use comity::game::{Coalition, SimpleGame, WeightedGame};
/// // [4; 3, 2, 1]: player 0 with either other player wins (>= quota).
/// let g = WeightedGame::new(vec![3, 2, 1], 4)?;
/// assert!(g.is_winning(&Coalition::from_players([0, 2]))); // weight 4 = quota
/// assert!(!g.is_winning(&Coalition::from_players([1, 2]))); // weight 3
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedGame {
    weights: Vec<u64>,
    quota: u64,
    total: u64,
}

impl WeightedGame {
    /// Builds `[quota; weights]`, refusing an empty body, a quota of 0, a quota above the total
    /// weight, and totals that overflow.
    ///
    /// ```
    /// use comity::game::{GameError, WeightedGame};
    /// assert!(WeightedGame::new(vec![3, 2, 1], 4).is_ok());
    /// assert_eq!(WeightedGame::new(vec![3, 2, 1], 0), Err(GameError::ZeroQuota));
    /// assert_eq!(WeightedGame::new(vec![], 1), Err(GameError::NoPlayers));
    /// ```
    pub fn new(weights: Vec<u64>, quota: u64) -> Result<Self, GameError> {
        check_player_count(weights.len())?;
        let total = checked_total(&weights)?;
        if quota == 0 {
            return Err(GameError::ZeroQuota);
        }
        if quota > total {
            return Err(GameError::QuotaAboveTotal { quota, total });
        }
        Ok(WeightedGame { weights, quota, total })
    }

    /// The weights, one per player.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// assert_eq!(WeightedGame::new(vec![3, 2, 1], 4)?.weights(), &[3, 2, 1]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn weights(&self) -> &[u64] {
        &self.weights
    }

    /// The quota: the least winning weight.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// assert_eq!(WeightedGame::new(vec![3, 2, 1], 4)?.quota(), 4);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn quota(&self) -> u64 {
        self.quota
    }

    /// The total weight of all players.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// assert_eq!(WeightedGame::new(vec![3, 2, 1], 4)?.total(), 6);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The weight of a coalition.
    ///
    /// ```
    /// use comity::game::{Coalition, WeightedGame};
    /// let g = WeightedGame::new(vec![3, 2, 1], 4)?;
    /// assert_eq!(g.weight_of(&Coalition::from_players([1, 2])), 3);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn weight_of(&self, c: &Coalition) -> u64 {
        c.players().map(|i| self.weights[i]).sum()
    }
}

impl SimpleGame for WeightedGame {
    fn n(&self) -> usize {
        self.weights.len()
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        self.weight_of(c) >= self.quota
    }
}
