//! Size-and-weight games: a threshold on one weight that depends on the coalition's size.
//!
//! Player `i` carries weight `w_i >= 0`. A coalition `S` of size `s` wins when
//! `w(S) >= theta(s)`, where `theta(s)` is a threshold per size (or "never" for sizes that
//! cannot win). Thresholds never rise with size, so the game is monotone.
//!
//! This is the counting form of every rule built from member counts and one weighted
//! condition: a weighted game has a constant threshold; a member count `|S| >= k` has weights 0
//! and threshold 0 from size `k` on; the EU Council's qualified majority
//! (`|S| >= 15` and population `>= 65%`, or `|S| >= 24`) has threshold "never" below 15, the
//! population quota from 15 to 23, and 0 from 24 on. The UN Security Council's rule (a veto
//! group and 9 of 15) has weight 1 for the permanent members and threshold 5 from size 9 on.
//!
//! # References
//! Counting by size and weight follows the generating functions of Bilbao, Fernández,
//! Jiménez Losada & López (2000), "Generating functions for computing power indices
//! efficiently", TOP 8(2), which also treat the meet of two weighted games.
//!
//! ```
//! use comity::game::{Coalition, SimpleGame, SizeWeightGame};
//! // At least 2 of 3 members, carrying weight at least 5, or all three.
//! let g = SizeWeightGame::new(vec![4, 1, 1], vec![None, None, Some(5), Some(0)]).unwrap();
//! assert!(g.is_winning(&Coalition::from_players([0, 1])));
//! assert!(!g.is_winning(&Coalition::from_players([1, 2])));
//! assert!(g.is_winning(&Coalition::grand(3)));
//! ```

use super::{Coalition, Connective, GameError, SimpleGame, WeightedGame, check_player_count, checked_total};

/// A game in which a coalition of size `s` wins when its weight reaches `thresholds[s]`.
///
/// ```
/// use comity::game::{Coalition, SimpleGame, SizeWeightGame};
/// // The UN Security Council: permanent members weigh 1; from size 9 on, all 5 must be in.
/// let weights = [vec![1; 5], vec![0; 10]].concat();
/// let thresholds = (0..=15).map(|s| (s >= 9).then_some(5)).collect();
/// let council = SizeWeightGame::new(weights, thresholds)?;
/// assert!(council.is_winning(&Coalition::from_players(0..9)));
/// assert!(!council.is_winning(&Coalition::from_players(1..15)));
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeWeightGame {
    weights: Vec<u64>,
    thresholds: Vec<Option<u64>>,
    total: u64,
}

impl SizeWeightGame {
    /// Builds the game from one weight per player and one threshold per size `0..=n`
    /// (`None`: no coalition of that size wins). Thresholds must not rise with size, the empty
    /// coalition must lose and the grand coalition must win.
    ///
    /// ```
    /// use comity::game::{GameError, SizeWeightGame};
    /// // A threshold that rises with size (2 at size 1, 3 at size 2) is refused.
    /// let refused = SizeWeightGame::new(vec![2, 1], vec![None, Some(2), Some(3)]);
    /// assert_eq!(refused, Err(GameError::ThresholdsNotMonotone { size: 2 }));
    /// assert!(SizeWeightGame::new(vec![2, 1], vec![None, Some(2), Some(2)]).is_ok());
    /// ```
    pub fn new(weights: Vec<u64>, thresholds: Vec<Option<u64>>) -> Result<Self, GameError> {
        let n = weights.len();
        check_player_count(n)?;
        let total = checked_total(&weights)?;
        if thresholds.len() != n + 1 {
            return Err(GameError::LengthMismatch { expected: n + 1, found: thresholds.len() });
        }
        for s in 1..=n {
            let rises = match (thresholds[s - 1], thresholds[s]) {
                (Some(_), None) => true,
                (Some(a), Some(b)) => b > a,
                (None, _) => false,
            };
            if rises {
                return Err(GameError::ThresholdsNotMonotone { size: s });
            }
        }
        if thresholds[0] == Some(0) {
            return Err(GameError::ZeroQuota);
        }
        match thresholds[n] {
            Some(t) if t <= total => {}
            Some(t) => return Err(GameError::QuotaAboveTotal { quota: t, total }),
            None => return Err(GameError::QuotaAboveTotal { quota: u64::MAX, total }),
        }
        Ok(SizeWeightGame { weights, thresholds, total })
    }

    /// The counting form of a weighted game. Equal weights become a pure member count.
    ///
    /// ```
    /// use comity::game::{SizeWeightGame, WeightedGame};
    /// let g = SizeWeightGame::from_weighted(&WeightedGame::new(vec![3, 2, 1], 4)?);
    /// assert_eq!(g.constant_threshold(), Some(4));
    /// // Equal weights become a pure count: 2 of 3.
    /// let count = SizeWeightGame::from_weighted(&WeightedGame::new(vec![5, 5, 5], 10)?);
    /// assert_eq!(count.thresholds(), &[None, None, Some(0), Some(0)]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn from_weighted(g: &WeightedGame) -> Self {
        let n = g.n();
        let w = g.weights();
        if w.iter().all(|&x| x == w[0]) {
            // Equal weights: only the size matters, which keeps the weight dimension of the
            // counting table at one cell.
            let thresholds = (0..=n as u64).map(|s| (s * w[0] >= g.quota()).then_some(0)).collect();
            return SizeWeightGame { weights: vec![0; n], thresholds, total: 0 };
        }
        SizeWeightGame { weights: w.to_vec(), thresholds: vec![Some(g.quota()); n + 1], total: g.total() }
    }

    /// Joins games in counting form by `all` or `any`, if they share one weight vector (parts
    /// with all weights 0 are pure size conditions and fit with any vector). `None` if some
    /// part is not in counting form or two parts weigh players differently.
    ///
    /// ```
    /// use comity::game::{Connective, SizeWeightGame, WeightedGame};
    /// let count = SizeWeightGame::from_weighted(&WeightedGame::new(vec![1; 3], 2)?);
    /// let weight = SizeWeightGame::from_weighted(&WeightedGame::new(vec![4, 1, 1], 5)?);
    /// // "2 of 3 or weight 5": weight 5 at size 1, nothing from size 2 on.
    /// let any = SizeWeightGame::combine(Connective::Any, [Some(count), Some(weight)]).unwrap();
    /// assert_eq!(any.thresholds(), &[Some(5), Some(5), Some(0), Some(0)]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn combine(
        connective: Connective,
        parts: impl IntoIterator<Item = Option<SizeWeightGame>>,
    ) -> Option<SizeWeightGame> {
        let mut acc: Option<SizeWeightGame> = None;
        for part in parts {
            let part = part?;
            acc = Some(match acc {
                None => part,
                Some(a) => a.join(connective, &part)?,
            });
        }
        acc
    }

    fn join(self, connective: Connective, other: &SizeWeightGame) -> Option<SizeWeightGame> {
        let self_sized = self.total == 0;
        let other_sized = other.total == 0;
        if self.weights.len() != other.weights.len()
            || (!self_sized && !other_sized && self.weights != other.weights)
        {
            return None;
        }
        let (weights, total) =
            if self_sized { (other.weights.clone(), other.total) } else { (self.weights, self.total) };
        let thresholds = self
            .thresholds
            .iter()
            .zip(&other.thresholds)
            .map(|(&a, &b)| match connective {
                Connective::All => Some(a?.max(b?)),
                Connective::Any => match (a, b) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
            })
            .collect();
        Some(SizeWeightGame { weights, thresholds, total })
    }

    /// The weights, one per player.
    ///
    /// ```
    /// use comity::game::SizeWeightGame;
    /// let g = SizeWeightGame::new(vec![4, 1, 1], vec![None, None, Some(5), Some(0)])?;
    /// assert_eq!(g.weights(), &[4, 1, 1]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn weights(&self) -> &[u64] {
        &self.weights
    }

    /// The threshold for each size `0..=n`.
    ///
    /// ```
    /// use comity::game::SizeWeightGame;
    /// let g = SizeWeightGame::new(vec![4, 1, 1], vec![None, None, Some(5), Some(0)])?;
    /// assert_eq!(g.thresholds()[2], Some(5));
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn thresholds(&self) -> &[Option<u64>] {
        &self.thresholds
    }

    /// The total weight.
    ///
    /// ```
    /// use comity::game::SizeWeightGame;
    /// let g = SizeWeightGame::new(vec![4, 1, 1], vec![None, None, Some(5), Some(0)])?;
    /// assert_eq!(g.total(), 6);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether the threshold is the same at every size: a plain weighted game.
    ///
    /// ```
    /// use comity::game::SizeWeightGame;
    /// let plain = SizeWeightGame::new(vec![3, 2, 1], vec![Some(4); 4])?;
    /// assert_eq!(plain.constant_threshold(), Some(4));
    /// let sized = SizeWeightGame::new(vec![4, 1, 1], vec![None, None, Some(5), Some(0)])?;
    /// assert_eq!(sized.constant_threshold(), None);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn constant_threshold(&self) -> Option<u64> {
        let first = self.thresholds[0]?;
        self.thresholds.iter().all(|&t| t == Some(first)).then_some(first)
    }
}

impl SimpleGame for SizeWeightGame {
    fn n(&self) -> usize {
        self.weights.len()
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        let weight: u64 = c.players().map(|i| self.weights[i]).sum();
        self.thresholds[c.len()].is_some_and(|t| weight >= t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rising_thresholds_are_refused() {
        let e = SizeWeightGame::new(vec![1, 1], vec![None, Some(1), Some(2)]);
        assert_eq!(e, Err(GameError::ThresholdsNotMonotone { size: 2 }));
    }

    #[test]
    fn combining_count_and_weight_gives_per_size_thresholds() {
        let count = SizeWeightGame::from_weighted(&WeightedGame::new(vec![1; 3], 2).unwrap());
        let weight = SizeWeightGame::from_weighted(&WeightedGame::new(vec![4, 1, 1], 5).unwrap());
        let all = SizeWeightGame::combine(Connective::All, [Some(count.clone()), Some(weight.clone())]);
        assert_eq!(all.unwrap().thresholds(), &[None, None, Some(5), Some(5)]);
        let any = SizeWeightGame::combine(Connective::Any, [Some(count), Some(weight)]);
        assert_eq!(any.unwrap().thresholds(), &[Some(5), Some(5), Some(0), Some(0)]);
    }
}
