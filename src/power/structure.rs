//! The structure of a simple game from its winning coalitions: minimal winning and minimal
//! blocking coalitions, veto and null players, the desirability relation, and the indices
//! built on minimal winning coalitions or on critical players.
//!
//! With `W` the winning coalitions and `M` the minimal winning ones (winning, and losing
//! once any member leaves):
//!
//! - a coalition **blocks** when its complement loses; minimal blocking coalitions are the
//!   blocking ones from which no member can be spared;
//! - a **veto player** belongs to every winning coalition; a **null player** is critical in
//!   none (never turns a winning coalition into a losing one by leaving);
//! - **desirability** (Isbell 1958): `i` is at least as desirable as `j` when, for every
//!   coalition `S` with neither, `S + j` wins implies `S + i` wins;
//! - **Deegan-Packel** (1978): `DP_i = (1/|M|) sum_{S in M, i in S} 1/|S|`;
//! - **Holler's public good index** (1982): `H_i = |{S in M : i in S}| / sum_j |{S in M : j in S}|`;
//! - **Johnston** (1978): each winning coalition with `c > 0` critical members gives each of
//!   them `1/c`; `J_i` is `i`'s total over the sum of all totals;
//! - the **Owen value** (Owen 1977) and **Banzhaf-Owen value** (Owen 1982) for a priori unions,
//!   by the formulas of [`crate::coop::owen_value`] and [`crate::coop::banzhaf_owen_value`] on
//!   the coalitions marked here (no `2^n` table of floats is built), with cancellation
//!   checkpoints: `O(n 2^(n-1))` terms when every union is a singleton.
//!
//! All are computed by enumerating the `2^n` coalitions once (`n <= 25`), in exact fractions;
//! the desirability relation takes `O(n^2 2^n)` steps and is computed for `n <= 20`. (In a
//! game in size-and-weight form a heavier member is always at least as desirable, but equal
//! desirability with unequal weights is possible, so the relation is not read off the
//! weights.)
//!
//! # References
//! Deegan & Packel (1978), IJGT 7(2); Holler (1982), Political Studies 30(2); Johnston (1978),
//! Political Studies 26(4); Owen (1977), "Values of games with a priori unions"; Owen (1982),
//! in Holler (ed.), *Power, Voting and Voting Power*; Isbell (1958); Felsenthal & Machover (1998), *The Measurement of
//! Voting Power*, ch. 2 and 6; Taylor & Zwicker (1999), *Simple Games*.
//!
//! ```
//! use comity::game::WeightedGame;
//! use comity::power::Structure;
//! use num_rational::BigRational;
//! let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4).unwrap()).unwrap();
//! let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
//! assert_eq!(s.minimal_winning(), vec![0b011, 0b101]); // {1,2} and {1,3}
//! assert_eq!(s.holler(), vec![r(1, 2), r(1, 4), r(1, 4)]);
//! assert_eq!(s.deegan_packel(), vec![r(1, 2), r(1, 4), r(1, 4)]);
//! assert_eq!(s.johnston(), vec![r(2, 3), r(1, 6), r(1, 6)]);
//! assert_eq!(s.veto_players(), vec![0]);
//! ```

use super::PowerError;
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{Coalition, SimpleGame};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

/// Largest number of players whose coalitions are enumerated.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{Structure, STRUCTURE_MAX_PLAYERS};
/// let big = WeightedGame::new(vec![1; STRUCTURE_MAX_PLAYERS + 1], 14)?;
/// assert!(Structure::new(&big).is_err());
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub const STRUCTURE_MAX_PLAYERS: usize = 25;

/// Largest number of players for the desirability relation of a game not in size-and-weight
/// form.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{Structure, DESIRABILITY_MAX_PLAYERS};
/// assert_eq!(DESIRABILITY_MAX_PLAYERS, 20);
/// let s = Structure::new(&WeightedGame::new(vec![1; 3], 2)?)?;
/// assert!(s.desirability().is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const DESIRABILITY_MAX_PLAYERS: usize = 20;

/// Every coalition of a game, marked winning or losing (coalition `S` is the bit mask with bit
/// `i` set for member `i`).
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::Structure;
/// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// // By hand: {0, 1} and {0, 2} are the minimal winning coalitions; 0 has a veto.
/// assert_eq!(s.minimal_winning(), vec![0b011, 0b101]);
/// assert_eq!(s.veto_players(), vec![0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Structure {
    n: usize,
    wins: Vec<bool>,
}

/// Coalitions between two checks of the cancel token: a relaxed atomic load per 4096 coalitions
/// is lost in the scan (each coalition costs a few table lookups), and 4096 of them take
/// microseconds.
const CHECK_EVERY: usize = 1 << 12;

/// The coalitions `0..len` for which `keep` holds, in increasing order, checking `cancel`
/// every [`CHECK_EVERY`] coalitions.
fn masks_where(
    len: usize,
    cancel: &CancelToken,
    keep: impl Fn(usize) -> bool,
) -> Result<Vec<u32>, Interrupted> {
    let mut out = Vec::new();
    for start in (0..len).step_by(CHECK_EVERY) {
        cancel.check()?;
        out.extend((start..(start + CHECK_EVERY).min(len)).filter(|&m| keep(m)).map(|m| m as u32));
    }
    Ok(out)
}

/// Whether `holds` is true of every coalition `0..len`, checking `cancel` every
/// [`CHECK_EVERY`] coalitions.
fn all_masks(len: usize, cancel: &CancelToken, holds: impl Fn(usize) -> bool) -> Result<bool, Interrupted> {
    for start in (0..len).step_by(CHECK_EVERY) {
        cancel.check()?;
        if !(start..(start + CHECK_EVERY).min(len)).all(&holds) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Weights `s! (k-s-1)! / k!` for `s = 0..k`, as [`crate::coop::shapley_value`] builds them
/// (the same products, so the same floats).
fn shapley_weights(k: usize) -> Vec<f64> {
    let mut w = vec![1.0 / k as f64; k];
    for s in 0..k.saturating_sub(1) {
        w[s + 1] = w[s] * (s + 1) as f64 / (k - 1 - s) as f64;
    }
    w
}

fn ratio(numerator: u64, denominator: u64) -> BigRational {
    if denominator == 0 {
        return BigRational::zero();
    }
    BigRational::new(BigInt::from(numerator), BigInt::from(denominator))
}

/// `values` divided by their sum (all zero stays zero).
fn normalised(values: Vec<BigRational>) -> Vec<BigRational> {
    let total: BigRational = values.iter().sum();
    if total.is_zero() {
        return values;
    }
    values.into_iter().map(|v| v / &total).collect()
}

impl Structure {
    /// Enumerates the coalitions of `game` (at most [`STRUCTURE_MAX_PLAYERS`] players).
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![1; 15], 9)?)?;
    /// assert_eq!(s.n(), 15);
    /// assert!(Structure::new(&WeightedGame::new(vec![1; 26], 14)?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(game: &impl SimpleGame) -> Result<Self, PowerError> {
        Structure::new_cancellable(game, &CancelToken::new())
    }

    /// [`Structure::new`], stopping with [`PowerError::Interrupted`] once `cancel` is cancelled
    /// (from another thread; checked every 4096 coalitions). Each method has a `_cancellable`
    /// twin as well ([`Structure::minimal_winning_cancellable`] and the rest), so that a whole
    /// structure report stops within milliseconds of a cancel, never returning part of a list.
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::{PowerError, Structure};
    /// let game = WeightedGame::new(vec![3, 2, 1], 4)?;
    /// let token = CancelToken::new();
    /// assert_eq!(Structure::new_cancellable(&game, &token)?.n(), 3);
    /// token.cancel();
    /// assert!(matches!(Structure::new_cancellable(&game, &token), Err(PowerError::Interrupted(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new_cancellable(game: &impl SimpleGame, cancel: &CancelToken) -> Result<Self, PowerError> {
        let n = game.n();
        if n > STRUCTURE_MAX_PLAYERS {
            return Err(PowerError::NoExactBackend {
                n,
                reason: format!(
                    "minimal coalitions, desirability and the Deegan-Packel, Holler and Johnston indices are enumerated for at most {STRUCTURE_MAX_PLAYERS} members"
                ),
            });
        }
        let len = 1usize << n;
        let mut wins = Vec::with_capacity(len);
        for start in (0..len).step_by(CHECK_EVERY) {
            cancel.check()?;
            wins.extend(
                (start..(start + CHECK_EVERY).min(len))
                    .map(|m| game.is_winning(&Coalition::from_mask(m as u64))),
            );
        }
        Ok(Structure { n, wins })
    }

    /// Number of players.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// assert_eq!(Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?.n(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn n(&self) -> usize {
        self.n
    }

    /// Whether the coalition with bit mask `mask` wins.
    ///
    /// # Panics
    /// If `mask >= 2^n` (not a coalition of this game).
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// assert!(s.is_winning(0b101)); // players 0 and 2: weight 4
    /// assert!(!s.is_winning(0b110)); // players 1 and 2: weight 3
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_winning(&self, mask: u32) -> bool {
        self.wins[mask as usize]
    }

    fn members(&self, mask: usize) -> impl Iterator<Item = usize> + use<> {
        (0..self.n).filter(move |&i| mask >> i & 1 == 1)
    }

    fn blocks(&self, mask: usize) -> bool {
        !self.wins[((1usize << self.n) - 1) ^ mask]
    }

    /// Minimal winning coalitions, as bit masks in increasing order.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// // Majority of 3: every pair, and no larger coalition, is minimal.
    /// let s = Structure::new(&WeightedGame::new(vec![1; 3], 2)?)?;
    /// assert_eq!(s.minimal_winning(), vec![0b011, 0b101, 0b110]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn minimal_winning(&self) -> Vec<u32> {
        // A fresh token is never cancelled: the default is never taken.
        self.minimal_winning_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::minimal_winning`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![1; 3], 2)?)?;
    /// let token = CancelToken::new();
    /// assert_eq!(s.minimal_winning_cancellable(&token)?, vec![0b011, 0b101, 0b110]);
    /// token.cancel();
    /// assert!(s.minimal_winning_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn minimal_winning_cancellable(&self, cancel: &CancelToken) -> Result<Vec<u32>, Interrupted> {
        masks_where(self.wins.len(), cancel, |m| {
            self.wins[m] && self.members(m).all(|i| !self.wins[m ^ 1 << i])
        })
    }

    /// Maximal losing coalitions (losing, and winning once any outsider joins).
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// // By hand: {0} (weight 3) and {1, 2} (weight 3) lose, and any addition wins.
    /// assert_eq!(s.maximal_losing(), vec![0b001, 0b110]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn maximal_losing(&self) -> Vec<u32> {
        // A fresh token is never cancelled: the default is never taken.
        self.maximal_losing_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::maximal_losing`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let token = CancelToken::new();
    /// assert_eq!(s.maximal_losing_cancellable(&token)?, vec![0b001, 0b110]);
    /// token.cancel();
    /// assert!(s.maximal_losing_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn maximal_losing_cancellable(&self, cancel: &CancelToken) -> Result<Vec<u32>, Interrupted> {
        let full = (1usize << self.n) - 1;
        masks_where(self.wins.len(), cancel, |m| {
            !self.wins[m] && self.members(full ^ m).all(|i| self.wins[m | 1 << i])
        })
    }

    /// Minimal blocking coalitions, as bit masks in increasing order.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// // By hand: player 0 blocks alone (the rest weigh 3); so do 1 and 2 together.
    /// assert_eq!(s.minimal_blocking(), vec![0b001, 0b110]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn minimal_blocking(&self) -> Vec<u32> {
        // A fresh token is never cancelled: the default is never taken.
        self.minimal_blocking_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::minimal_blocking`], stopping with [`Interrupted`] once `cancel` is
    /// cancelled (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let token = CancelToken::new();
    /// assert_eq!(s.minimal_blocking_cancellable(&token)?, vec![0b001, 0b110]);
    /// token.cancel();
    /// assert!(s.minimal_blocking_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn minimal_blocking_cancellable(&self, cancel: &CancelToken) -> Result<Vec<u32>, Interrupted> {
        masks_where(self.wins.len(), cancel, |m| {
            self.blocks(m) && self.members(m).all(|i| !self.blocks(m ^ 1 << i))
        })
    }

    /// Players in every winning coalition.
    ///
    /// ```
    /// use comity::game::{Composite, Connective, WeightedGame};
    /// use comity::power::Structure;
    /// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
    /// let nine = WeightedGame::new(vec![1; 15], 9)?;
    /// let council = Composite::new(Connective::All, vec![veto.into(), nine.into()])?;
    /// // The Security Council's five permanent members.
    /// assert_eq!(Structure::new(&council)?.veto_players(), vec![0, 1, 2, 3, 4]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn veto_players(&self) -> Vec<usize> {
        let full = (1usize << self.n) - 1;
        (0..self.n).filter(|&i| !self.wins[full ^ 1 << i]).collect()
    }

    /// Players critical in no winning coalition.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// // [3; 2, 1, 1, 0]: player 3, of weight 0, is critical in no winning coalition.
    /// let s = Structure::new(&WeightedGame::new(vec![2, 1, 1, 0], 3)?)?;
    /// assert_eq!(s.null_players(), vec![3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn null_players(&self) -> Vec<usize> {
        // A fresh token is never cancelled: the default is never taken.
        self.null_players_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::null_players`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![2, 1, 1, 0], 3)?)?;
    /// let token = CancelToken::new();
    /// assert_eq!(s.null_players_cancellable(&token)?, vec![3]);
    /// token.cancel();
    /// assert!(s.null_players_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn null_players_cancellable(&self, cancel: &CancelToken) -> Result<Vec<usize>, Interrupted> {
        let mut null = Vec::new();
        for i in 0..self.n {
            if all_masks(self.wins.len(), cancel, |m| {
                m >> i & 1 == 0 || !self.wins[m] || self.wins[m ^ 1 << i]
            })? {
                null.push(i);
            }
        }
        Ok(null)
    }

    /// `at_least[i][j]`: `i` is at least as desirable as `j` (every `S` without both that wins
    /// with `j` also wins with `i`). `None` above [`DESIRABILITY_MAX_PLAYERS`] players.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let at_least = s.desirability().unwrap();
    /// // Player 0 is at least as desirable as 1, not the reverse; 1 and 2 are equally desirable
    /// // although their weights differ.
    /// assert!(at_least[0][1] && !at_least[1][0]);
    /// assert!(at_least[1][2] && at_least[2][1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn desirability(&self) -> Option<Vec<Vec<bool>>> {
        // A fresh token is never cancelled: the default is never taken.
        self.desirability_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::desirability`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions of each pair's scan).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let token = CancelToken::new();
    /// let at_least = s.desirability_cancellable(&token)?.unwrap();
    /// assert!(at_least[0][1] && !at_least[1][0]);
    /// token.cancel();
    /// assert!(s.desirability_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn desirability_cancellable(
        &self,
        cancel: &CancelToken,
    ) -> Result<Option<Vec<Vec<bool>>>, Interrupted> {
        if self.n > DESIRABILITY_MAX_PLAYERS {
            return Ok(None);
        }
        cancel.check()?;
        let at_least = |i: usize, j: usize| -> Result<bool, Interrupted> {
            let both = 1usize << i | 1 << j;
            Ok(i == j
                || all_masks(self.wins.len(), cancel, |m| {
                    m & both != 0 || !self.wins[m | 1 << j] || self.wins[m | 1 << i]
                })?)
        };
        let mut rows = Vec::with_capacity(self.n);
        for i in 0..self.n {
            rows.push((0..self.n).map(|j| at_least(i, j)).collect::<Result<Vec<bool>, _>>()?);
        }
        Ok(Some(rows))
    }

    /// Deegan-Packel index, exactly.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// use num_rational::BigRational;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
    /// // By hand: two minimal winning coalitions of two; 0 gets 1/2 from each, 1 and 2 from one.
    /// assert_eq!(s.deegan_packel(), vec![r(1, 2), r(1, 4), r(1, 4)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deegan_packel(&self) -> Vec<BigRational> {
        // A fresh token is never cancelled: the default is never taken.
        self.deegan_packel_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::deegan_packel`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// use num_rational::BigRational;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
    /// let token = CancelToken::new();
    /// assert_eq!(s.deegan_packel_cancellable(&token)?, vec![r(1, 2), r(1, 4), r(1, 4)]);
    /// token.cancel();
    /// assert!(s.deegan_packel_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deegan_packel_cancellable(&self, cancel: &CancelToken) -> Result<Vec<BigRational>, Interrupted> {
        let minimal = self.minimal_winning_cancellable(cancel)?;
        // by_size[i][s]: minimal winning coalitions of size s containing i.
        let mut by_size = vec![vec![0u64; self.n + 1]; self.n];
        for &m in &minimal {
            let s = m.count_ones() as usize;
            for i in self.members(m as usize) {
                by_size[i][s] += 1;
            }
        }
        let count = minimal.len() as u64;
        Ok(by_size
            .iter()
            .map(|row| row.iter().enumerate().map(|(s, &k)| ratio(k, s as u64 * count)).sum())
            .collect())
    }

    /// Holler's public good index, exactly.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// use num_rational::BigRational;
    /// // Majority of 3: each member is in two of the three minimal winning pairs.
    /// let s = Structure::new(&WeightedGame::new(vec![1; 3], 2)?)?;
    /// let third = BigRational::new(1.into(), 3.into());
    /// assert_eq!(s.holler(), vec![third.clone(), third.clone(), third]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn holler(&self) -> Vec<BigRational> {
        // A fresh token is never cancelled: the default is never taken.
        self.holler_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::holler`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// use num_rational::BigRational;
    /// let s = Structure::new(&WeightedGame::new(vec![1; 3], 2)?)?;
    /// let third = BigRational::new(1.into(), 3.into());
    /// let token = CancelToken::new();
    /// assert_eq!(s.holler_cancellable(&token)?, vec![third.clone(), third.clone(), third]);
    /// token.cancel();
    /// assert!(s.holler_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn holler_cancellable(&self, cancel: &CancelToken) -> Result<Vec<BigRational>, Interrupted> {
        let mut counts = vec![0u64; self.n];
        for m in self.minimal_winning_cancellable(cancel)? {
            for i in self.members(m as usize) {
                counts[i] += 1;
            }
        }
        Ok(normalised(counts.into_iter().map(|k| ratio(k, 1)).collect()))
    }

    /// Johnston index, exactly.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// use num_rational::BigRational;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
    /// // By hand: {0, 1} and {0, 2} give 1/2 to each of two; {0, 1, 2} gives 1 to 0, so 0 has 2 of 3.
    /// assert_eq!(s.johnston(), vec![r(2, 3), r(1, 6), r(1, 6)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn johnston(&self) -> Vec<BigRational> {
        // A fresh token is never cancelled: the default is never taken.
        self.johnston_cancellable(&CancelToken::new()).unwrap_or_default()
    }

    /// [`Structure::johnston`], stopping with [`Interrupted`] once `cancel` is cancelled
    /// (checked every 4096 coalitions).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// use num_rational::BigRational;
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
    /// let token = CancelToken::new();
    /// assert_eq!(s.johnston_cancellable(&token)?, vec![r(2, 3), r(1, 6), r(1, 6)]);
    /// token.cancel();
    /// assert!(s.johnston_cancellable(&token).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn johnston_cancellable(&self, cancel: &CancelToken) -> Result<Vec<BigRational>, Interrupted> {
        // by_critical[i][c]: winning coalitions with c critical members, i among them.
        let mut by_critical = vec![vec![0u64; self.n + 1]; self.n];
        let mut critical = Vec::with_capacity(self.n);
        for m in 0..self.wins.len() {
            // Checked at every block of coalitions, winning or not: a block may hold no
            // winning one.
            if m % CHECK_EVERY == 0 {
                cancel.check()?;
            }
            if !self.wins[m] {
                continue;
            }
            critical.clear();
            critical.extend(self.members(m).filter(|&i| !self.wins[m ^ 1 << i]));
            for &i in &critical {
                by_critical[i][critical.len()] += 1;
            }
        }
        let totals: Vec<BigRational> = by_critical
            .iter()
            .map(|row| row.iter().enumerate().skip(1).map(|(c, &k)| ratio(k, c as u64)).sum())
            .collect();
        Ok(normalised(totals))
    }

    /// The Owen value (Owen 1977) of every player for the a priori `unions` (lists of players
    /// partitioning `0..n`): each player's expected marginal contribution when the unions arrive
    /// in a random order and the members of its union in a random order within it. The same
    /// formula and order of summation as [`crate::coop::owen_value`], so the same floats.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// // [4; 3, 2, 1] with unions {0} and {1, 2}: by hand, player 0 is pivotal only when the
    /// // union {1, 2} arrives first, so 1/2 (its Shapley value is 2/3).
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// assert_eq!(s.owen_value(&[vec![0], vec![1, 2]])?, vec![0.5, 0.25, 0.25]);
    /// assert!(s.owen_value(&[vec![0, 1]]).is_err()); // player 2 is in no union
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owen_value(&self, unions: &[Vec<usize>]) -> Result<Vec<f64>, PowerError> {
        self.owen_value_cancellable(unions, &CancelToken::new())
    }

    /// [`Structure::owen_value`], stopping with [`PowerError::Interrupted`] once `cancel` is
    /// cancelled (checked every 4096 terms).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::{PowerError, Structure};
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let unions = [vec![0], vec![1, 2]];
    /// let token = CancelToken::new();
    /// assert_eq!(s.owen_value_cancellable(&unions, &token)?, s.owen_value(&unions)?);
    /// token.cancel();
    /// assert!(matches!(s.owen_value_cancellable(&unions, &token), Err(PowerError::Interrupted(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owen_value_cancellable(
        &self,
        unions: &[Vec<usize>],
        cancel: &CancelToken,
    ) -> Result<Vec<f64>, PowerError> {
        self.check_unions(unions)?;
        let outer = shapley_weights(unions.len());
        let inner: Vec<Vec<f64>> = unions.iter().map(|u| shapley_weights(u.len())).collect();
        self.union_sums(unions, cancel, |k, r, t| outer[r] * inner[k][t], |_| 1.0)
    }

    /// The Banzhaf-Owen value (Owen 1982) of every player for the a priori `unions`: the Owen
    /// value's random orders replaced by uniform choices of coalitions of unions and of members
    /// within the player's union. The same formula and order of summation as
    /// [`crate::coop::banzhaf_owen_value`], so the same floats.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::Structure;
    /// // [4; 3, 2, 1] with unions {0} and {1, 2}: (1/2, 1/4, 1/4), by hand as in the Owen value.
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// assert_eq!(s.banzhaf_owen_value(&[vec![0], vec![1, 2]])?, vec![0.5, 0.25, 0.25]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn banzhaf_owen_value(&self, unions: &[Vec<usize>]) -> Result<Vec<f64>, PowerError> {
        self.banzhaf_owen_value_cancellable(unions, &CancelToken::new())
    }

    /// [`Structure::banzhaf_owen_value`], stopping with [`PowerError::Interrupted`] once `cancel`
    /// is cancelled (checked every 4096 terms).
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// use comity::game::WeightedGame;
    /// use comity::power::{PowerError, Structure};
    /// let s = Structure::new(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let token = CancelToken::new();
    /// token.cancel();
    /// let err = s.banzhaf_owen_value_cancellable(&[vec![0], vec![1, 2]], &token).unwrap_err();
    /// assert!(matches!(err, PowerError::Interrupted(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn banzhaf_owen_value_cancellable(
        &self,
        unions: &[Vec<usize>],
        cancel: &CancelToken,
    ) -> Result<Vec<f64>, PowerError> {
        self.check_unions(unions)?;
        let m = unions.len();
        let weights: Vec<f64> =
            unions.iter().map(|u| 0.5f64.powi(m as i32 - 1) * 0.5f64.powi(u.len() as i32 - 1)).collect();
        self.union_sums(unions, cancel, |_, _, _| 1.0, |k| weights[k])
    }

    fn check_unions(&self, unions: &[Vec<usize>]) -> Result<(), PowerError> {
        crate::coop::check_partition(self.n, unions).map_err(|message| PowerError::Unions { message })
    }

    /// For each player `i` of union `k`: `scale(k) * sum_{R ⊆ M \ k} sum_{T ⊆ P_k \ i}
    /// weight(k, |R|, |T|) (v(Q_R ∪ T ∪ i) - v(Q_R ∪ T))`, in the order of the `coop` module's
    /// loops (so the floats agree), checking `cancel` every [`CHECK_EVERY`] terms. (Rejected:
    /// building the game's `TuGame`, a `2^n` table of floats, 256 MB at 25 players, that the
    /// `coop` functions need and cannot be cancelled while they fill or read it.)
    fn union_sums(
        &self,
        unions: &[Vec<usize>],
        cancel: &CancelToken,
        weight: impl Fn(usize, usize, usize) -> f64,
        scale: impl Fn(usize) -> f64,
    ) -> Result<Vec<f64>, PowerError> {
        let m = unions.len();
        let masks: Vec<usize> = unions.iter().map(|u| u.iter().fold(0, |a, &i| a | 1 << i)).collect();
        let v = |s: usize| if self.wins[s] { 1.0 } else { 0.0 };
        let mut value = vec![0.0; self.n];
        let mut terms = 0usize;
        cancel.check()?;
        for (k, union) in unions.iter().enumerate() {
            for (pos, &i) in union.iter().enumerate() {
                let others: Vec<usize> =
                    union.iter().enumerate().filter(|&(p, _)| p != pos).map(|(_, &j)| j).collect();
                let mut total = 0.0;
                for r in (0..1usize << m).filter(|r| r >> k & 1 == 0) {
                    let q: usize =
                        (0..m).filter(|&j| r >> j & 1 == 1).map(|j| masks[j]).fold(0, |a, b| a | b);
                    for t in 0..1usize << others.len() {
                        let tm: usize =
                            (0..others.len()).filter(|&j| t >> j & 1 == 1).map(|j| 1 << others[j]).sum();
                        let s = q | tm;
                        // A counter rather than a test of `t`: a union of one member has one
                        // term per `R`, a union of everybody `2^(n-1)` terms for one `R`.
                        terms += 1;
                        if terms % CHECK_EVERY == 0 {
                            cancel.check()?;
                        }
                        total += weight(k, r.count_ones() as usize, t.count_ones() as usize)
                            * (v(s | 1 << i) - v(s));
                    }
                }
                value[i] = total * scale(k);
            }
        }
        Ok(value)
    }
}
