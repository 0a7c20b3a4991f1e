//! Transferable-utility games: a worth for every coalition.
//!
//! A TU game on players `0..n` is a characteristic function `v: 2^N -> R` with `v(∅) = 0`:
//! what each coalition can secure on its own, to be divided among its members as they agree.
//! Values are stored by coalition bitmask (bit `i` is player `i`), so `n` is limited to
//! [`TuGame::MAX_PLAYERS`]. Simple games are the special case with values 0 and 1.
//!
//! # References
//! von Neumann & Morgenstern (1944); Peleg & Sudhölter (2007), *Introduction to the Theory of
//! Cooperative Games*, ch. 2. Families: glove game (Shapley & Shubik 1969), bankruptcy game
//! (O'Neill 1982; Aumann & Maschler 1985), airport game (Littlechild & Owen 1973).
//!
//! ```
//! use comity::coop::TuGame;
//! let glove = TuGame::glove(&[true, false, false]).unwrap(); // one left glove, two right
//! assert_eq!(glove.value(0b011), 1.0);
//! assert_eq!(glove.value(0b110), 0.0);
//! ```

use crate::game::{Coalition, SimpleGame};

/// Whether `x` is a finite number `>= 0` (NaN is not).
fn non_negative(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

/// Why a TU game could not be built.
///
/// ```
/// use comity::coop::{TuError, TuGame};
/// let err = TuGame::from_values(2, vec![0.0, 1.0, 1.0]).unwrap_err();
/// assert!(matches!(err, TuError::ValueCount { expected: 4, found: 3 }));
/// assert_eq!(err.to_string(), "expected 4 values (one per coalition, 2^n), found 3");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TuError {
    /// The number of players is 0 or above the limit.
    #[error("a TU game needs 1 to {max} players; found {n}")]
    PlayerCount {
        /// Players given.
        n: usize,
        /// The limit.
        max: usize,
    },
    /// The value list does not have one entry per coalition.
    #[error("expected {expected} values (one per coalition, 2^n), found {found}")]
    ValueCount {
        /// `2^n`.
        expected: usize,
        /// Entries given.
        found: usize,
    },
    /// A value that is not a finite number.
    #[error("value of coalition {mask} is {value}; expected a finite number")]
    NotFinite {
        /// The coalition's bitmask.
        mask: usize,
        /// The value.
        value: f64,
    },
    /// The empty coalition must be worth 0.
    #[error("the empty coalition is worth {value}; expected 0")]
    EmptyNotZero {
        /// The value given.
        value: f64,
    },
    /// A family's parameter is out of range.
    #[error("{parameter}: {message}")]
    Parameter {
        /// Which parameter.
        parameter: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// A characteristic function stored by coalition bitmask.
///
/// ```
/// use comity::coop::TuGame;
/// // Two left gloves and one right: a coalition is worth its matched pairs.
/// let g = TuGame::glove(&[true, true, false])?;
/// assert_eq!((g.n(), g.value(0b011), g.value(0b101), g.value(g.grand())), (3, 0.0, 1.0, 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TuGame {
    n: usize,
    values: Vec<f64>,
}

impl TuGame {
    /// The largest number of players (2^25 values, 256 MiB).
    ///
    /// ```
    /// use comity::coop::{TuError, TuGame};
    /// // Refused before 2^26 values are allocated.
    /// let err = TuGame::from_fn(TuGame::MAX_PLAYERS + 1, |_| 0.0).unwrap_err();
    /// assert_eq!(err, TuError::PlayerCount { n: 26, max: 25 });
    /// ```
    pub const MAX_PLAYERS: usize = 25;

    /// Builds a game from `v(S)` for every bitmask `S` in `0..2^n`, with `v(∅) = 0`.
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// // Values by bitmask: v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120.
    /// let g = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0])?;
    /// assert_eq!(g.value(0b110), 90.0);
    /// assert!(TuGame::from_values(1, vec![1.0, 2.0]).is_err()); // v(empty) must be 0
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_values(n: usize, values: Vec<f64>) -> Result<TuGame, TuError> {
        if n == 0 || n > Self::MAX_PLAYERS {
            return Err(TuError::PlayerCount { n, max: Self::MAX_PLAYERS });
        }
        if values.len() != 1 << n {
            return Err(TuError::ValueCount { expected: 1 << n, found: values.len() });
        }
        if let Some((mask, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(TuError::NotFinite { mask, value });
        }
        if values[0] != 0.0 {
            return Err(TuError::EmptyNotZero { value: values[0] });
        }
        Ok(TuGame { n, values })
    }

    /// Builds a game from a function of the coalition's bitmask (`v(∅)` is forced to 0).
    ///
    /// ```
    /// use comity::coop::{TuGame, shapley_value};
    /// // Three-player majority game: any two players win.
    /// let g = TuGame::from_fn(3, |m| if m.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// assert_eq!((g.value(0b011), g.value(0b100)), (1.0, 0.0));
    /// assert!(shapley_value(&g).iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fn(n: usize, mut v: impl FnMut(usize) -> f64) -> Result<TuGame, TuError> {
        if n == 0 || n > Self::MAX_PLAYERS {
            return Err(TuError::PlayerCount { n, max: Self::MAX_PLAYERS });
        }
        let values = (0..1usize << n).map(|m| if m == 0 { 0.0 } else { v(m) }).collect();
        Self::from_values(n, values)
    }

    /// The 0/1 game of a simple game: winning coalitions are worth 1.
    ///
    /// ```
    /// use comity::coop::{TuGame, shapley_value};
    /// use comity::game::WeightedGame;
    /// // UN Security Council [39; 7 x 5, 1 x 10]. By hand, an elected member is pivotal only
    /// // after the five permanent and exactly three elected ones: C(9, 3) 8! 6! / 15! = 4/2145;
    /// // by efficiency each permanent member has (1 - 40/2145) / 5 = 421/2145.
    /// let unsc = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
    /// let phi = shapley_value(&TuGame::from_simple_game(&unsc)?);
    /// assert!((phi[0] - 421.0 / 2145.0).abs() < 1e-12);
    /// assert!((phi[14] - 4.0 / 2145.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_simple_game(game: &impl SimpleGame) -> Result<TuGame, TuError> {
        Self::from_fn(game.n(), |m| game.is_winning(&Coalition::from_mask(m as u64)) as u8 as f64)
    }

    /// Glove game: `left[i]` says whether player `i` holds a left glove (else a right one);
    /// a coalition is worth its number of matched pairs.
    ///
    /// ```
    /// use comity::coop::{TuGame, shapley_value};
    /// // Two left gloves, one right (Shapley & Shubik 1969): the scarce right glove's Shapley
    /// // value is 2/3, each left glove's 1/6.
    /// let phi = shapley_value(&TuGame::glove(&[true, true, false])?);
    /// assert!((phi[2] - 2.0 / 3.0).abs() < 1e-12 && (phi[0] - 1.0 / 6.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn glove(left: &[bool]) -> Result<TuGame, TuError> {
        Self::from_fn(left.len(), |m| {
            let l = (0..left.len()).filter(|&i| m >> i & 1 == 1 && left[i]).count();
            let r = (0..left.len()).filter(|&i| m >> i & 1 == 1 && !left[i]).count();
            l.min(r) as f64
        })
    }

    /// Bankruptcy game (O'Neill 1982): an estate `estate` and claims `claims[i] >= 0` with
    /// `sum claims >= estate`; `v(S) = max(0, estate - claims of N \ S)`.
    ///
    /// ```
    /// use comity::coop::{NucleolusKind, TuGame, nucleolus};
    /// // The Talmud's estate of 100 for claims 100, 200, 300: equal division, as the
    /// // nucleolus gives (Aumann & Maschler 1985, table 1).
    /// let g = TuGame::bankruptcy(100.0, &[100.0, 200.0, 300.0])?;
    /// assert_eq!(g.value(0b110), 0.0); // 100 - claim of player 0 (100)
    /// assert_eq!(
    ///     nucleolus(&g, NucleolusKind::Nucleolus)?.exact_strings(),
    ///     ["100/3", "100/3", "100/3"]
    /// );
    /// assert!(TuGame::bankruptcy(700.0, &[100.0, 200.0, 300.0]).is_err()); // estate above claims
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bankruptcy(estate: f64, claims: &[f64]) -> Result<TuGame, TuError> {
        let total: f64 = claims.iter().sum();
        if !non_negative(estate) || !claims.iter().all(|&c| non_negative(c)) || estate > total {
            return Err(TuError::Parameter {
                parameter: "bankruptcy",
                message: format!(
                    "expected claims >= 0 and 0 <= estate <= total claims ({total}); found estate {estate}"
                ),
            });
        }
        let n = claims.len();
        Self::from_fn(n, |m| {
            let outside: f64 = (0..n).filter(|&i| m >> i & 1 == 0).map(|i| claims[i]).sum();
            (estate - outside).max(0.0)
        })
    }

    /// Airport game (Littlechild & Owen 1973) as a cost game: `v(S)` is the cost of the
    /// longest runway needed by a member of `S`, `costs[i] >= 0`.
    ///
    /// ```
    /// use comity::coop::{TuGame, shapley_value};
    /// // Runways costing 3, 5 and 9: a coalition pays for its longest.
    /// let g = TuGame::airport(&[3.0, 5.0, 9.0])?;
    /// assert_eq!((g.value(0b011), g.value(g.grand())), (5.0, 9.0));
    /// // Shapley value: each segment shared by its users (Littlechild & Owen 1973): (1, 2, 6).
    /// let phi = shapley_value(&g);
    /// assert!(phi.iter().zip([1.0, 2.0, 6.0]).all(|(x, want)| (x - want).abs() < 1e-12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn airport(costs: &[f64]) -> Result<TuGame, TuError> {
        if !costs.iter().all(|&c| non_negative(c)) {
            return Err(TuError::Parameter { parameter: "airport", message: "expected costs >= 0".into() });
        }
        let n = costs.len();
        Self::from_fn(n, |m| (0..n).filter(|&i| m >> i & 1 == 1).map(|i| costs[i]).fold(0.0, f64::max))
    }

    /// Public-goods club game:
    /// `v(S) = (sum_{i in S} benefit_i) * (|S| / n)^indivisibility - sum_{i in S} cost_i`.
    /// Members of a cooperating coalition enjoy their benefits in proportion to how much of the
    /// good the coalition provides, and pay their costs. `indivisibility = 0` is a good that
    /// any coalition provides in full (a pure club good); larger values mean that only broad
    /// coalitions provide much of it (a good that is hard to divide among subgroups).
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// // Two members, benefit 2 and cost 1 each. By hand, one alone gets 2 (1/2)^k - 1 for
    /// // indivisibility k.
    /// let pure = TuGame::public_goods_club(&[2.0, 2.0], &[1.0, 1.0], 0.0)?;
    /// let hard = TuGame::public_goods_club(&[2.0, 2.0], &[1.0, 1.0], 1.0)?;
    /// assert_eq!((pure.value(0b01), hard.value(0b01)), (1.0, 0.0));
    /// assert_eq!((pure.value(0b11), hard.value(0b11)), (2.0, 2.0)); // 4 - 2 together
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn public_goods_club(benefit: &[f64], cost: &[f64], indivisibility: f64) -> Result<TuGame, TuError> {
        let finite = benefit.iter().chain(cost).all(|x| x.is_finite());
        if benefit.len() != cost.len() || !finite || !non_negative(indivisibility) {
            return Err(TuError::Parameter {
                parameter: "public_goods_club",
                message: "expected one benefit and one cost per player and indivisibility >= 0".into(),
            });
        }
        let n = benefit.len();
        Self::from_fn(n, |m| {
            let members: Vec<usize> = (0..n).filter(|&i| m >> i & 1 == 1).collect();
            let b: f64 = members.iter().map(|&i| benefit[i]).sum();
            let c: f64 = members.iter().map(|&i| cost[i]).sum();
            b * (members.len() as f64 / n as f64).powf(indivisibility) - c
        })
    }

    /// "Minimum coalition needed" game: `v(S) = attribute(S)` when `S` wins under the rule,
    /// else 0; what a winning coalition brings (population, GDP) is what it can act with.
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// use comity::game::WeightedGame;
    /// // Simple majority [2; 1, 1, 1] of members with populations 50, 30, 20.
    /// let rule = WeightedGame::new(vec![1, 1, 1], 2)?;
    /// let g = TuGame::minimum_coalition(&rule, &[50.0, 30.0, 20.0])?;
    /// assert_eq!((g.value(0b001), g.value(0b110), g.value(0b111)), (0.0, 50.0, 100.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn minimum_coalition(rule: &impl SimpleGame, attribute: &[f64]) -> Result<TuGame, TuError> {
        if attribute.len() != rule.n() || attribute.iter().any(|a| !a.is_finite()) {
            return Err(TuError::Parameter {
                parameter: "minimum_coalition",
                message: format!("expected {} finite attribute values", rule.n()),
            });
        }
        Self::from_fn(rule.n(), |m| {
            if rule.is_winning(&Coalition::from_mask(m as u64)) {
                (0..attribute.len()).filter(|&i| m >> i & 1 == 1).map(|i| attribute[i]).sum()
            } else {
                0.0
            }
        })
    }

    /// The number of players.
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// assert_eq!(TuGame::glove(&[true, false, false, false])?.n(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn n(&self) -> usize {
        self.n
    }

    /// `v(S)` for the coalition with bitmask `mask`.
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// let g = TuGame::bankruptcy(200.0, &[100.0, 200.0, 300.0])?;
    /// // {1, 2} (bitmask 0b110) is left 200 - 100 by player 0's claim.
    /// assert_eq!(g.value(0b110), 100.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self, mask: usize) -> f64 {
        self.values[mask]
    }

    /// All values, indexed by bitmask.
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// let g = TuGame::glove(&[true, false])?;
    /// assert_eq!(g.values(), [0.0, 0.0, 0.0, 1.0]); // indexed by bitmask
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The grand coalition's bitmask.
    ///
    /// ```
    /// use comity::coop::TuGame;
    /// let g = TuGame::airport(&[3.0, 5.0, 9.0])?;
    /// assert_eq!(g.grand(), 0b111);
    /// assert_eq!(g.value(g.grand()), 9.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grand(&self) -> usize {
        (1 << self.n) - 1
    }
}
