//! Normal-form games: finitely many actions per player and a payoff for every profile.
//!
//! Player `p` has `actions[p]` actions; a pure profile picks one per player. Payoffs are kept
//! per player as a flat tensor in row-major order (player 0's action varies slowest). The
//! bimatrix game (two players, payoff matrices `A` for the row player and `B` for the column
//! player) is the common case.
//!
//! # References
//! von Neumann & Morgenstern (1944); Nisan, Roughgarden, Tardos & Vazirani (2007),
//! *Algorithmic Game Theory*, ch. 1 and 3.
//!
//! ```
//! use comity::equilibrium::NormalFormGame;
//! // Prisoner's dilemma: cooperate (0) or defect (1).
//! let pd = NormalFormGame::bimatrix(
//!     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
//!     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
//! )
//! .unwrap();
//! assert_eq!(pd.payoff(0, &[1, 0]), 5.0);
//! ```

/// Why a normal-form game could not be built.
///
/// ```
/// use comity::equilibrium::{GameShapeError, NormalFormGame};
/// let err = NormalFormGame::bimatrix(vec![vec![1.0, 2.0], vec![3.0]], vec![vec![0.0; 2]; 2])
///     .unwrap_err();
/// assert_eq!(err, GameShapeError::Shape { what: "row[1]".into(), expected: 2, found: 1 });
/// assert_eq!(err.to_string(), "row[1]: expected 2 entries, found 1");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GameShapeError {
    /// Fewer than one player or an action count of zero.
    #[error("expected at least one player, each with at least one action; found actions {actions:?}")]
    Empty {
        /// The action counts.
        actions: Vec<usize>,
    },
    /// Too many pure profiles to store.
    #[error("{profiles} pure profiles is more than {max}")]
    TooLarge {
        /// The number of profiles.
        profiles: u128,
        /// The limit.
        max: u128,
    },
    /// A payoff matrix or tensor of the wrong shape.
    #[error("{what}: expected {expected} entries, found {found}")]
    Shape {
        /// Which matrix, row or tensor.
        what: String,
        /// Entries expected.
        expected: usize,
        /// Entries found.
        found: usize,
    },
    /// A payoff that is not a finite number.
    #[error("{what}: payoff {value} is not a finite number")]
    NotFinite {
        /// Where.
        what: String,
        /// The value.
        value: f64,
    },
}

/// A finite game in normal form.
///
/// ```
/// use comity::equilibrium::NormalFormGame;
/// // Prisoner's dilemma, actions cooperate (0) and defect (1).
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// assert_eq!((pd.players(), pd.actions(), pd.profiles()), (2, &[2, 2][..], 4));
/// // (C, D): the sucker's payoff and the temptation.
/// assert_eq!((pd.payoff(0, &[0, 1]), pd.payoff(1, &[0, 1])), (0.0, 5.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NormalFormGame {
    actions: Vec<usize>,
    payoffs: Vec<Vec<f64>>,
}

impl NormalFormGame {
    /// The largest number of pure profiles stored.
    ///
    /// ```
    /// use comity::equilibrium::{GameShapeError, NormalFormGame};
    /// // 4096 x 4097 profiles is just above 2^24: refused before payoffs are read.
    /// let err = NormalFormGame::new(vec![4096, 4097], vec![]).unwrap_err();
    /// assert_eq!(
    ///     err,
    ///     GameShapeError::TooLarge { profiles: 4096 * 4097, max: NormalFormGame::MAX_PROFILES }
    /// );
    /// ```
    pub const MAX_PROFILES: u128 = 1 << 24;

    /// Builds a game from action counts and, per player, payoffs in row-major profile order.
    ///
    /// ```
    /// use comity::equilibrium::{NormalFormGame, pure_equilibria};
    /// // Three players coordinate on 0 or 1: everyone gets 1 if all choose alike. Profiles in
    /// // row-major order (player 0 slowest): (0,0,0) is index 0 and (1,1,1) index 7.
    /// let u = vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0];
    /// let g = NormalFormGame::new(vec![2, 2, 2], vec![u.clone(), u.clone(), u])?;
    /// assert_eq!(pure_equilibria(&g).len(), 2);
    /// assert!(NormalFormGame::new(vec![2, 2], vec![vec![0.0; 3], vec![0.0; 4]]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(actions: Vec<usize>, payoffs: Vec<Vec<f64>>) -> Result<Self, GameShapeError> {
        if actions.is_empty() || actions.contains(&0) {
            return Err(GameShapeError::Empty { actions });
        }
        let profiles: u128 = actions.iter().map(|&a| a as u128).product();
        if profiles > Self::MAX_PROFILES {
            return Err(GameShapeError::TooLarge { profiles, max: Self::MAX_PROFILES });
        }
        if payoffs.len() != actions.len() {
            return Err(GameShapeError::Shape {
                what: "payoffs (one list per player)".into(),
                expected: actions.len(),
                found: payoffs.len(),
            });
        }
        for (p, u) in payoffs.iter().enumerate() {
            if u.len() != profiles as usize {
                return Err(GameShapeError::Shape {
                    what: format!("payoffs[{p}]"),
                    expected: profiles as usize,
                    found: u.len(),
                });
            }
            if let Some(&value) = u.iter().find(|x| !x.is_finite()) {
                return Err(GameShapeError::NotFinite { what: format!("payoffs[{p}]"), value });
            }
        }
        Ok(NormalFormGame { actions, payoffs })
    }

    /// A bimatrix game: `row[i][j]` and `col[i][j]` are the row and column player's payoffs
    /// when the row player plays `i` and the column player `j`.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// // Battle of the sexes: row prefers (0, 0), column prefers (1, 1).
    /// let bos = NormalFormGame::bimatrix(
    ///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
    ///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
    /// )?;
    /// assert_eq!((bos.payoff(0, &[1, 1]), bos.payoff(1, &[1, 1])), (1.0, 2.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bimatrix(row: Vec<Vec<f64>>, col: Vec<Vec<f64>>) -> Result<Self, GameShapeError> {
        let m = row.len();
        let n = row.first().map_or(0, Vec::len);
        for (name, mat) in [("row", &row), ("col", &col)] {
            if mat.len() != m {
                return Err(GameShapeError::Shape {
                    what: format!("{name} (rows)"),
                    expected: m,
                    found: mat.len(),
                });
            }
            if let Some((i, r)) = mat.iter().enumerate().find(|(_, r)| r.len() != n) {
                return Err(GameShapeError::Shape {
                    what: format!("{name}[{i}]"),
                    expected: n,
                    found: r.len(),
                });
            }
        }
        let flat = |mat: Vec<Vec<f64>>| mat.into_iter().flatten().collect::<Vec<f64>>();
        Self::new(vec![m, n], vec![flat(row), flat(col)])
    }

    /// A two-player zero-sum game: the column player's payoff is `-row`.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// // Matching pennies: the row player wins 1 on a match, the column player on a mismatch.
    /// let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
    /// assert_eq!(
    ///     (mp.payoff(0, &[0, 0]), mp.payoff(1, &[0, 0]), mp.payoff(1, &[0, 1])),
    ///     (1.0, -1.0, 1.0)
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn zero_sum(row: Vec<Vec<f64>>) -> Result<Self, GameShapeError> {
        let col = row.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
        Self::bimatrix(row, col)
    }

    /// The number of players.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let g = NormalFormGame::new(vec![2, 3, 2], vec![vec![0.0; 12]; 3])?;
    /// assert_eq!(g.players(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn players(&self) -> usize {
        self.actions.len()
    }

    /// Each player's number of actions.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let g = NormalFormGame::new(vec![2, 3, 2], vec![vec![0.0; 12]; 3])?;
    /// assert_eq!(g.actions(), [2, 3, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn actions(&self) -> &[usize] {
        &self.actions
    }

    /// The number of pure profiles.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let g = NormalFormGame::new(vec![2, 3, 2], vec![vec![0.0; 12]; 3])?;
    /// assert_eq!(g.profiles(), 2 * 3 * 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn profiles(&self) -> usize {
        self.actions.iter().product()
    }

    /// The flat index of a pure profile.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let g = NormalFormGame::new(vec![2, 3], vec![vec![0.0; 6]; 2])?;
    /// assert_eq!(g.index(&[1, 2]), 1 * 3 + 2); // row-major: player 0 varies slowest
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn index(&self, profile: &[usize]) -> usize {
        profile.iter().zip(&self.actions).fold(0, |acc, (&a, &k)| acc * k + a)
    }

    /// The pure profile at a flat index.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let g = NormalFormGame::new(vec![2, 3], vec![vec![0.0; 6]; 2])?;
    /// assert_eq!(g.profile(5), [1, 2]);
    /// assert!((0..g.profiles()).all(|i| g.index(&g.profile(i)) == i));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn profile(&self, mut index: usize) -> Vec<usize> {
        let mut p = vec![0; self.actions.len()];
        for (slot, &k) in p.iter_mut().zip(&self.actions).rev() {
            *slot = index % k;
            index /= k;
        }
        p
    }

    /// Player `p`'s payoff at a pure profile.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let pd = NormalFormGame::bimatrix(
    ///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
    ///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
    /// )?;
    /// assert_eq!(pd.payoff(0, &[1, 0]), 5.0); // the row player defects on a cooperator
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn payoff(&self, p: usize, profile: &[usize]) -> f64 {
        self.payoffs[p][self.index(profile)]
    }

    /// Player `p`'s payoffs, row-major over profiles.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let pd = NormalFormGame::bimatrix(
    ///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
    ///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
    /// )?;
    /// assert_eq!(pd.payoffs(1), [3.0, 5.0, 0.0, 1.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn payoffs(&self, p: usize) -> &[f64] {
        &self.payoffs[p]
    }

    /// The largest absolute payoff (1 if every payoff is 0): the scale for tolerances, so that
    /// a game and the same game with payoffs multiplied by any positive factor are solved alike.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let g = NormalFormGame::zero_sum(vec![vec![3.0, -7.0], vec![-2.0, 1.0]])?;
    /// assert_eq!(g.scale(), 7.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scale(&self) -> f64 {
        let largest = self.payoffs.iter().flatten().fold(0.0f64, |a, x| a.max(x.abs()));
        if largest > 0.0 { largest } else { 1.0 }
    }

    /// Player `p`'s largest absolute payoff (1 if all are 0): the scale of that player's
    /// deviation gains. Equilibria do not change when one player's payoffs are multiplied by
    /// a positive factor, so each player's gains are judged against that player's own scale,
    /// not against the largest payoff of anyone (which would let a player whose payoffs are
    /// tiny next to the others' deviate at will).
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// // The row player's payoffs are in thousandths, the column player's in tens.
    /// let g = NormalFormGame::bimatrix(
    ///     vec![vec![0.001, 0.0], vec![0.0, 0.002]],
    ///     vec![vec![10.0, 0.0], vec![0.0, 20.0]],
    /// )?;
    /// assert_eq!((g.player_scale(0), g.player_scale(1), g.scale()), (0.002, 20.0, 20.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn player_scale(&self, p: usize) -> f64 {
        let largest = self.payoffs[p].iter().fold(0.0f64, |a, x| a.max(x.abs()));
        if largest > 0.0 { largest } else { 1.0 }
    }

    /// For a two-player game, the payoff matrices as row-major `(m, n, A, B)`.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let pd = NormalFormGame::bimatrix(
    ///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
    ///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
    /// )?;
    /// assert_eq!(
    ///     pd.as_bimatrix(),
    ///     Some((2, 2, &[3.0, 0.0, 5.0, 1.0][..], &[3.0, 5.0, 0.0, 1.0][..]))
    /// );
    /// assert_eq!(NormalFormGame::new(vec![2, 2, 2], vec![vec![0.0; 8]; 3])?.as_bimatrix(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_bimatrix(&self) -> Option<(usize, usize, &[f64], &[f64])> {
        (self.players() == 2)
            .then(|| (self.actions[0], self.actions[1], &self.payoffs[0][..], &self.payoffs[1][..]))
    }

    /// Each player's expected payoff when players mix independently by `strategies`.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// // Battle of the sexes at its mixed equilibrium: by hand 2 * 2/9 + 1 * 2/9 = 2/3 each.
    /// let bos = NormalFormGame::bimatrix(
    ///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
    ///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
    /// )?;
    /// let u = bos.expected_payoffs(&[vec![2.0 / 3.0, 1.0 / 3.0], vec![1.0 / 3.0, 2.0 / 3.0]]);
    /// assert!(u.iter().all(|x| (x - 2.0 / 3.0).abs() < 1e-12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expected_payoffs(&self, strategies: &[Vec<f64>]) -> Vec<f64> {
        if let Some((m, n, a, b)) = self.as_bimatrix() {
            // Two players: x^T A y and x^T B y without building profiles.
            let (x, y) = (&strategies[0], &strategies[1]);
            let form = |mat: &[f64]| -> f64 {
                (0..m)
                    .filter(|&i| x[i] != 0.0)
                    .map(|i| x[i] * (0..n).map(|j| mat[i * n + j] * y[j]).sum::<f64>())
                    .sum()
            };
            return vec![form(a), form(b)];
        }
        let mut totals = vec![0.0; self.players()];
        for index in 0..self.profiles() {
            let profile = self.profile(index);
            let prob: f64 = profile.iter().zip(strategies).map(|(&a, s)| s[a]).product();
            if prob != 0.0 {
                for (p, t) in totals.iter_mut().enumerate() {
                    *t += prob * self.payoffs[p][index];
                }
            }
        }
        totals
    }

    /// Player `p`'s expected payoff from each of its pure actions against the others' mixes.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// // Against y = (1/3, 2/3) the row player of the battle of the sexes is indifferent:
    /// // 2 * 1/3 = 1 * 2/3.
    /// let bos = NormalFormGame::bimatrix(
    ///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
    ///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
    /// )?;
    /// let v = bos.action_values(0, &[vec![1.0, 0.0], vec![1.0 / 3.0, 2.0 / 3.0]]);
    /// assert!((v[0] - v[1]).abs() < 1e-12 && (v[0] - 2.0 / 3.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn action_values(&self, p: usize, strategies: &[Vec<f64>]) -> Vec<f64> {
        if let Some((m, n, a, b)) = self.as_bimatrix() {
            // Two players: A y for the row player, x^T B for the column player.
            return if p == 0 {
                (0..m).map(|i| (0..n).map(|j| a[i * n + j] * strategies[1][j]).sum()).collect()
            } else {
                (0..n).map(|j| (0..m).map(|i| b[i * n + j] * strategies[0][i]).sum()).collect()
            };
        }
        let mut values = vec![0.0; self.actions[p]];
        for index in 0..self.profiles() {
            let profile = self.profile(index);
            let prob: f64 = profile
                .iter()
                .zip(strategies)
                .enumerate()
                .filter(|&(q, _)| q != p)
                .map(|(_, (&a, s))| s[a])
                .product();
            if prob != 0.0 {
                values[profile[p]] += prob * self.payoffs[p][index];
            }
        }
        values
    }

    /// The most any player gains by a pure deviation from the mixed profile `strategies`.
    ///
    /// ```
    /// use comity::equilibrium::NormalFormGame;
    /// let pd = NormalFormGame::bimatrix(
    ///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
    ///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
    /// )?;
    /// // At mutual cooperation each gains T - R = 2 by defecting; at mutual defection nothing.
    /// assert_eq!(pd.max_deviation_gain(&[vec![1.0, 0.0], vec![1.0, 0.0]]), 2.0);
    /// assert_eq!(pd.max_deviation_gain(&[vec![0.0, 1.0], vec![0.0, 1.0]]), 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_deviation_gain(&self, strategies: &[Vec<f64>]) -> f64 {
        let expected = self.expected_payoffs(strategies);
        (0..self.players())
            .map(|p| {
                self.action_values(p, strategies).iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
                    - expected[p]
            })
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// Each player's largest gain from a pure deviation, divided by [`Self::player_scale`].
    /// Halves are subtracted so that payoffs near `f64::MAX` of both signs cannot overflow.
    fn relative_gains(&self, strategies: &[Vec<f64>]) -> Vec<f64> {
        let expected = self.expected_payoffs(strategies);
        (0..self.players())
            .map(|p| {
                let best = self.action_values(p, strategies).iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                (best / 2.0 - expected[p] / 2.0) / (self.player_scale(p) / 2.0)
            })
            .collect()
    }
}

/// A Nash equilibrium: one mixed strategy per player and the expected payoffs.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, lemke_howson};
/// // Matching pennies: both mix (1/2, 1/2) and expect 0.
/// let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
/// let eq = lemke_howson(&mp, 0)?;
/// assert!(eq.strategies.iter().flatten().all(|p| (p - 0.5).abs() < 1e-12));
/// assert!(eq.payoffs.iter().all(|u| u.abs() < 1e-12));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Equilibrium {
    /// Each player's probabilities over its actions.
    pub strategies: Vec<Vec<f64>>,
    /// Each player's expected payoff.
    pub payoffs: Vec<f64>,
}

/// The deviation gain allowed in a verified equilibrium, relative to the deviating player's
/// payoff scale ([`NormalFormGame::player_scale`]).
///
/// ```
/// use comity::equilibrium::{EQUILIBRIUM_TOLERANCE, NormalFormGame, verified};
/// let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
/// // A rounding error in the mix gains the opponent 2e-12 (of payoff scale 1): accepted.
/// let e = EQUILIBRIUM_TOLERANCE / 1000.0;
/// assert!(verified(&mp, vec![vec![0.5 + e, 0.5 - e], vec![0.5, 0.5]]).is_ok());
/// assert!(verified(&mp, vec![vec![0.6, 0.4], vec![0.5, 0.5]]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const EQUILIBRIUM_TOLERANCE: f64 = 1e-9;

/// Why a candidate profile was not returned as an equilibrium.
///
/// ```
/// use comity::equilibrium::{EquilibriumError, NormalFormGame, lemke_howson};
/// let three = NormalFormGame::new(vec![2, 2, 2], vec![vec![0.0; 8]; 3])?;
/// let err = lemke_howson(&three, 0).unwrap_err();
/// assert!(matches!(err, EquilibriumError::NeedsTwoPlayers { players: 3, .. }));
/// assert_eq!(err.to_string(), "Lemke-Howson needs a two-player game; this one has 3 players");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EquilibriumError {
    /// A solver produced a profile that fails the best-response check (a bug, never silent).
    #[error("a pure deviation gains {gain} (more than {allowed}): not an equilibrium")]
    NotAnEquilibrium {
        /// The largest gain.
        gain: f64,
        /// The tolerance.
        allowed: f64,
    },
    /// The method needs a two-player game.
    #[error("{method} needs a two-player game; this one has {players} players")]
    NeedsTwoPlayers {
        /// The method.
        method: &'static str,
        /// Players in the game.
        players: usize,
    },
    /// The LP solver failed.
    #[error("the LP solver failed: {message}")]
    Solver {
        /// The solver's message.
        message: String,
    },
    /// An exponential method whose estimated cost is above its limit, refused before it
    /// starts (or stopped when its bounded work runs out).
    #[error(
        "{method} of this {shape} game would need about {estimate:.3e} {unit}, more than the limit of {limit}; {alternative}"
    )]
    TooLarge {
        /// The method.
        method: &'static str,
        /// The game's shape, e.g. "30x30".
        shape: String,
        /// The estimated count.
        estimate: f64,
        /// What is counted.
        unit: &'static str,
        /// The limit on that count.
        limit: u64,
        /// What to do instead.
        alternative: &'static str,
    },
    /// A probability distribution of the wrong shape or with invalid entries.
    #[error("{message}")]
    BadDistribution {
        /// What is wrong.
        message: String,
    },
    /// The computation was cancelled through its [`crate::cancel::CancelToken`].
    #[error(transparent)]
    Interrupted(#[from] crate::cancel::Interrupted),
}

/// Checks a profile independently of the solver that found it and packages it: every player's
/// gain from any pure deviation is at most [`EQUILIBRIUM_TOLERANCE`] times that player's payoff
/// scale, so the check gives the same verdict whatever unit the payoffs are written in.
///
/// ```
/// use comity::equilibrium::{EquilibriumError, NormalFormGame, verified};
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// let eq = verified(&pd, vec![vec![0.0, 1.0], vec![0.0, 1.0]])?; // mutual defection
/// assert_eq!(eq.payoffs, [1.0, 1.0]);
/// // Mutual cooperation is refused: each gains T - R = 2 by defecting.
/// let err = verified(&pd, vec![vec![1.0, 0.0], vec![1.0, 0.0]]).unwrap_err();
/// assert!(matches!(err, EquilibriumError::NotAnEquilibrium { gain: 2.0, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verified(game: &NormalFormGame, strategies: Vec<Vec<f64>>) -> Result<Equilibrium, EquilibriumError> {
    let gains = game.relative_gains(&strategies);
    // A NaN gain is refused too.
    if let Some((p, &gain)) =
        gains.iter().enumerate().find(|&(_, &g)| g.is_nan() || g > EQUILIBRIUM_TOLERANCE)
    {
        return Err(EquilibriumError::NotAnEquilibrium {
            gain: gain * game.player_scale(p),
            allowed: EQUILIBRIUM_TOLERANCE * game.player_scale(p),
        });
    }
    let payoffs = game.expected_payoffs(&strategies);
    Ok(Equilibrium { strategies, payoffs })
}
