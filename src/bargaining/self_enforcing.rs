//! Self-enforcing agreements: which coalitions of countries abating a public bad are stable.
//!
//! Country `i` abates `q_i >= 0` at cost `c_i q_i^2 / 2` and gains from total abatement
//! `Q = sum_j q_j` either linearly, `b_i Q`, or with diminishing returns, `b_i (a Q - Q^2 / 2)`.
//! Signatories of an agreement `S` choose their abatement to maximise their joint payoff;
//! non-signatories each maximise their own. Either all choose at once (Nash; Carraro &
//! Siniscalco 1993) or signatories lead and non-signatories follow (Stackelberg; Barrett 1994).
//! With these payoffs every choice is linear in `a - Q`, so each outcome has a closed form:
//! a non-signatory abates `(b_j / c_j)(a - Q)`, a signatory `(B_S / c_i)(a - Q) / (1 + R)^s`
//! with `B_S` the signatories' summed `b`, `R = sum_{j not in S} b_j / c_j`, and `s = 1` under
//! Stackelberg (the leaders see that each unit they abate crowds out `R / (1 + R)` of the
//! followers'), `s = 0` under Nash; then `Q = a K / (1 + K)` with `K` the sum of the
//! coefficients. Under linear benefits abatement does not depend on `Q` (`b_j / c_j` and
//! `B_S / c_i`), and the timing does not matter. A single country is no agreement.
//!
//! A coalition is **self-enforcing** (d'Aspremont et al. 1983) if it is internally stable
//! (no signatory gains by leaving, `pi_i(S) >= pi_i(S \ {i})`) and externally stable (no
//! outsider gains by joining, `pi_j(S) > pi_j(S ∪ {j})`); as usual, an indifferent country is
//! taken to sign. Symmetric countries need only the coalition's size (`O(1)` per size, at most
//! [`MAX_IDENTICAL_COUNTRIES`] countries); heterogeneous ones are enumerated (every coalition of
//! up to 20 countries, with leave and join payoffs updated in constant time from the
//! coalition's sums).
//!
//! Published results reproduced by the tests: with linear benefits the only stable size is 3,
//! whatever the number of countries and the slopes (Barrett 2003, ch. 7; Finus 2001, ch. 13).
//! There a signatory of `k` gets `b^2/c (k^2/2 + n - k)` and an outsider
//! `b^2/c (k^2 + n - k - 1/2)`, so internal stability is `(k - 1)(k - 3) <= 0` and (strict)
//! external stability `k (k - 2) > 0`. With Stackelberg leadership (Barrett 1994) a stable
//! agreement can be large, but only where full cooperation would add little to no agreement
//! ("the paradox of cooperation"). With quadratic benefits and Nash play, an agreement can
//! leave its signatories worse off than none (outsiders cut their abatement as signatories
//! raise theirs), so for cheap abatement no agreement holds (a test works one case by hand).
//!
//! # References
//! d'Aspremont, Jacquemin, Gabszewicz & Weymark (1983), "On the stability of collusive price
//! leadership", Can. J. Econ. 16(1); Carraro & Siniscalco (1993), "Strategies for the
//! international protection of the environment", J. Public Econ. 52(3); Barrett (1994),
//! "Self-enforcing international environmental agreements", Oxford Econ. Papers 46; Finus
//! (2001), *Game Theory and International Environmental Cooperation*; Barrett (2003),
//! *Environment and Statecraft*.
//!
//! ```
//! use comity::bargaining::{stable_sizes, AbatementGame, Benefits, Timing};
//! // 50 identical countries with linear benefits: three sign, whatever b and c.
//! let game = AbatementGame::symmetric(50, 1.0, 4.0, Benefits::Linear, Timing::Nash).unwrap();
//! assert_eq!(stable_sizes(&game).unwrap(), vec![3]);
//! ```

use super::axiomatic::BargainingError;
use crate::cancel::CancelToken;

/// Most countries whose coalitions [`stable_coalitions`] enumerates.
///
/// ```
/// use comity::bargaining::{stable_coalitions, AbatementGame, Benefits, Timing, MAX_COUNTRIES};
/// let game = AbatementGame::symmetric(MAX_COUNTRIES + 1, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
/// // Refused before 2^21 coalitions are tried; stable_sizes handles identical countries.
/// assert!(stable_coalitions(&game).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub const MAX_COUNTRIES: usize = 20;

/// Most identical countries ([`AbatementGame::symmetric`]): [`stable_sizes`] takes `O(n)`
/// steps, but each country is stored and each agreement described country by country.
///
/// ```
/// use comity::bargaining::{AbatementGame, Benefits, Timing};
/// // A million identical countries at most (the constant is not exported).
/// assert!(AbatementGame::symmetric(1_000_001, 1.0, 1.0, Benefits::Linear, Timing::Nash).is_err());
/// ```
pub const MAX_IDENTICAL_COUNTRIES: usize = 1_000_000;

/// Payoffs within this of each other count as equal in the stability tests.
const INDIFFERENCE: f64 = 1e-12;

/// How a country gains from total abatement `Q`.
///
/// ```
/// use comity::bargaining::{AbatementGame, Benefits, Timing};
/// // Two countries, b = c = 1, a = 3, no agreement. By hand: each abates (b/c)(a - Q), so
/// // Q = 2 (3 - Q), Q = 2; each abates 1 and gets (3 * 2 - 2^2 / 2) - 1/2 = 3.5.
/// let game = AbatementGame::symmetric(2, 1.0, 1.0, Benefits::Quadratic { a: 3.0 }, Timing::Nash)?;
/// let none = game.outcome(&[false, false]);
/// assert_eq!((none.total, none.payoffs[0]), (2.0, 3.5));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Benefits {
    /// `b_i Q`.
    Linear,
    /// `b_i (a Q - Q^2 / 2)`, with `a > 0` the abatement beyond which more does no good.
    Quadratic {
        /// The satiation level `a`.
        a: f64,
    },
}

/// Who moves first.
///
/// ```
/// use comity::bargaining::{AbatementGame, Benefits, Timing};
/// // With linear benefits abatement does not depend on the others', so timing is moot.
/// let nash = AbatementGame::symmetric(5, 1.0, 2.0, Benefits::Linear, Timing::Nash)?;
/// let leader = AbatementGame::symmetric(5, 1.0, 2.0, Benefits::Linear, Timing::Stackelberg)?;
/// let signs = [true, true, true, false, false];
/// assert_eq!(nash.outcome(&signs), leader.outcome(&signs));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Signatories and non-signatories choose at once.
    Nash,
    /// Signatories lead, anticipating non-signatories' best responses.
    Stackelberg,
}

/// Countries abating a public bad: benefit slopes `b_i`, cost slopes `c_i`.
///
/// ```
/// use comity::bargaining::{AbatementGame, Benefits, Timing};
/// // Barrett (2003), ch. 7: with linear benefits an agreement of 3 is self-enforcing.
/// let game = AbatementGame::symmetric(6, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
/// assert!(game.is_self_enforcing(&[true, true, true, false, false, false]));
/// assert!(!game.is_self_enforcing(&[true; 6]));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AbatementGame {
    benefit: Vec<f64>,
    cost: Vec<f64>,
    benefits: Benefits,
    timing: Timing,
}

/// What a coalition's members and the others abate, and their payoffs.
///
/// ```
/// use comity::bargaining::{AbatementGame, Benefits, Timing};
/// // By hand (Finus 2001, ch. 13): b = c = 1, 3 countries, all sign. Each abates
/// // B_S / c = 3, so Q = 9 and each gets 9 - 3^2 / 2 = 4.5 = b^2/c (k^2/2 + n - k).
/// let game = AbatementGame::symmetric(3, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
/// let all = game.outcome(&[true; 3]);
/// assert_eq!((all.abatement[0], all.total, all.payoffs[0]), (3.0, 9.0, 4.5));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Each country's abatement.
    pub abatement: Vec<f64>,
    /// Each country's payoff.
    pub payoffs: Vec<f64>,
    /// Total abatement.
    pub total: f64,
}

/// The sums that determine an outcome: signatories' summed `b` and `1/c`, outsiders' `b/c`.
#[derive(Debug, Clone, Copy)]
struct Sums {
    signatories: usize,
    benefit: f64,
    inverse_cost: f64,
    outsiders: f64,
}

impl AbatementGame {
    /// Countries with benefit slopes `benefit` and cost slopes `cost` (positive, finite, one
    /// each).
    ///
    /// ```
    /// use comity::bargaining::{AbatementGame, Benefits, Timing};
    /// let game = AbatementGame::new(vec![1.0, 2.0], vec![1.0, 4.0], Benefits::Linear, Timing::Nash)?;
    /// // Alone, country j abates b_j / c_j: 1 and 1/2.
    /// assert_eq!(game.outcome(&[false, false]).abatement, vec![1.0, 0.5]);
    /// assert!(AbatementGame::new(vec![1.0], vec![0.0], Benefits::Linear, Timing::Nash).is_err());
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn new(
        benefit: Vec<f64>,
        cost: Vec<f64>,
        benefits: Benefits,
        timing: Timing,
    ) -> Result<AbatementGame, BargainingError> {
        let parameter = |message: String| BargainingError::Parameter { what: "abatement game", message };
        if benefit.is_empty() || benefit.len() != cost.len() {
            return Err(parameter(format!(
                "{} benefit slopes for {} cost slopes; expected one of each per country",
                benefit.len(),
                cost.len()
            )));
        }
        if benefit.iter().chain(&cost).any(|x| !(x.is_finite() && *x > 0.0)) {
            return Err(parameter("benefit and cost slopes must be positive, finite numbers".into()));
        }
        if let Benefits::Quadratic { a } = benefits {
            if !(a.is_finite() && a > 0.0) {
                return Err(parameter(format!("satiation level a = {a}; expected a positive number")));
            }
        }
        Ok(AbatementGame { benefit, cost, benefits, timing })
    }

    /// `n` identical countries.
    ///
    /// ```
    /// use comity::bargaining::{AbatementGame, Benefits, Timing};
    /// let game = AbatementGame::symmetric(4, 1.0, 2.0, Benefits::Linear, Timing::Nash)?;
    /// let same = AbatementGame::new(vec![1.0; 4], vec![2.0; 4], Benefits::Linear, Timing::Nash)?;
    /// assert_eq!(game, same);
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn symmetric(
        n: usize,
        benefit: f64,
        cost: f64,
        benefits: Benefits,
        timing: Timing,
    ) -> Result<AbatementGame, BargainingError> {
        if n > MAX_IDENTICAL_COUNTRIES {
            return Err(BargainingError::Parameter {
                what: "abatement game",
                message: format!("{n} identical countries; the limit is {MAX_IDENTICAL_COUNTRIES}"),
            });
        }
        AbatementGame::new(vec![benefit; n], vec![cost; n], benefits, timing)
    }

    /// The number of countries.
    ///
    /// ```
    /// use comity::bargaining::{AbatementGame, Benefits, Timing};
    /// let game = AbatementGame::symmetric(193, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
    /// assert_eq!(game.n(), 193);
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn n(&self) -> usize {
        self.benefit.len()
    }

    fn sums(&self, members: &[bool]) -> Sums {
        let mut s = Sums { signatories: 0, benefit: 0.0, inverse_cost: 0.0, outsiders: 0.0 };
        for (i, &member) in members.iter().enumerate().take(self.n()) {
            if member {
                s.signatories += 1;
                s.benefit += self.benefit[i];
                s.inverse_cost += 1.0 / self.cost[i];
            } else {
                s.outsiders += self.benefit[i] / self.cost[i];
            }
        }
        s
    }

    /// The sums after country `i` leaves (`inside`) or joins.
    fn moved(&self, s: Sums, i: usize, inside: bool) -> Sums {
        let sign = if inside { -1.0 } else { 1.0 };
        Sums {
            signatories: if inside { s.signatories - 1 } else { s.signatories + 1 },
            benefit: s.benefit + sign * self.benefit[i],
            inverse_cost: s.inverse_cost + sign / self.cost[i],
            outsiders: s.outsiders - sign * self.benefit[i] / self.cost[i],
        }
    }

    /// `(Q, a - Q or 1, signatories' multiplier)`: a signatory `i` abates
    /// `multiplier / c_i * slack`, an outsider `j` abates `b_j / c_j * slack`.
    fn solve(&self, s: Sums) -> (f64, f64, f64) {
        // A coalition of one is no agreement: that country plays like any other.
        let (s, agreement) = if s.signatories <= 1 {
            (
                Sums {
                    signatories: 0,
                    benefit: 0.0,
                    inverse_cost: 0.0,
                    outsiders: s.outsiders + s.benefit * s.inverse_cost,
                },
                false,
            )
        } else {
            (s, true)
        };
        let leads = agreement && self.timing == Timing::Stackelberg;
        let multiplier = match self.benefits {
            Benefits::Quadratic { .. } if leads => s.benefit / (1.0 + s.outsiders),
            _ => s.benefit,
        };
        let k = multiplier * s.inverse_cost + s.outsiders;
        match self.benefits {
            Benefits::Linear => (k, 1.0, multiplier),
            Benefits::Quadratic { a } => {
                let total = a * k / (1.0 + k);
                (total, a - total, multiplier)
            }
        }
    }

    fn payoff(&self, i: usize, member: bool, s: Sums) -> f64 {
        let (total, slack, multiplier) = self.solve(s);
        let q = self.abatement_of(i, member && s.signatories > 1, slack, multiplier);
        self.benefit_of(i, total) - self.cost[i] * q * q / 2.0
    }

    fn abatement_of(&self, i: usize, signatory: bool, slack: f64, multiplier: f64) -> f64 {
        if signatory { multiplier / self.cost[i] * slack } else { self.benefit[i] / self.cost[i] * slack }
    }

    fn benefit_of(&self, i: usize, total: f64) -> f64 {
        match self.benefits {
            Benefits::Linear => self.benefit[i] * total,
            Benefits::Quadratic { a } => self.benefit[i] * (a * total - total * total / 2.0),
        }
    }

    /// The outcome when the countries marked in `members` sign.
    ///
    /// ```
    /// use comity::bargaining::{AbatementGame, Benefits, Timing};
    /// // By hand: b = c = 1, 3 countries, no agreement (a single signatory is none). Each
    /// // abates b / c = 1, Q = 3, and each gets 3 - 1/2 = 2.5; all signing gives each 4.5.
    /// let game = AbatementGame::symmetric(3, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
    /// let alone = game.outcome(&[true, false, false]);
    /// assert_eq!((alone.total, alone.payoffs[0]), (3.0, 2.5));
    /// assert_eq!(game.outcome(&[true; 3]).payoffs, vec![4.5; 3]);
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn outcome(&self, members: &[bool]) -> Outcome {
        let s = self.sums(members);
        let (total, slack, multiplier) = self.solve(s);
        let abatement: Vec<f64> = (0..self.n())
            .map(|i| self.abatement_of(i, members[i] && s.signatories > 1, slack, multiplier))
            .collect();
        let payoffs = (0..self.n())
            .map(|i| self.benefit_of(i, total) - self.cost[i] * abatement[i].powi(2) / 2.0)
            .collect();
        Outcome { abatement, payoffs, total }
    }

    /// Whether the coalition marked in `members` is internally and externally stable.
    ///
    /// ```
    /// use comity::bargaining::{AbatementGame, Benefits, Timing};
    /// // Linear benefits: internal stability is (k - 1)(k - 3) <= 0, external k (k - 2) > 0.
    /// let game = AbatementGame::symmetric(4, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
    /// assert!(game.is_self_enforcing(&[true, true, true, false]));
    /// assert!(!game.is_self_enforcing(&[true, true, false, false])); // a third would join
    /// assert!(!game.is_self_enforcing(&[true; 4])); // each would leave
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn is_self_enforcing(&self, members: &[bool]) -> bool {
        let s = self.sums(members);
        (0..self.n()).all(|i| self.stays(i, members[i], s))
    }

    /// Whether country `i`, a signatory (`member`) or not of the agreement with sums `s`, does
    /// not gain by switching sides.
    fn stays(&self, i: usize, member: bool, s: Sums) -> bool {
        let here = self.payoff(i, member, s);
        let there = self.payoff(i, !member, self.moved(s, i, member));
        if member {
            here >= there - INDIFFERENCE * (1.0 + there.abs())
        } else {
            here > there + INDIFFERENCE * (1.0 + there.abs())
        }
    }
}

/// The sizes `k >= 2` of self-enforcing agreements among identical countries (the countries
/// of `game` must be identical).
///
/// ```
/// use comity::bargaining::{stable_sizes, AbatementGame, Benefits, Timing};
/// // Barrett (2003), ch. 7: with linear benefits only 3 sign, whatever n, b and c.
/// let game = AbatementGame::symmetric(10, 2.0, 1.0, Benefits::Linear, Timing::Nash)?;
/// assert_eq!(stable_sizes(&game)?, vec![3]);
/// let mixed = AbatementGame::new(vec![1.0, 2.0], vec![1.0, 1.0], Benefits::Linear, Timing::Nash)?;
/// assert!(stable_sizes(&mixed).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn stable_sizes(game: &AbatementGame) -> Result<Vec<usize>, BargainingError> {
    let n = game.n();
    if game.benefit.iter().any(|&b| b != game.benefit[0]) || game.cost.iter().any(|&c| c != game.cost[0]) {
        return Err(BargainingError::Parameter {
            what: "abatement game",
            message: "stable sizes need identical countries; use stable_coalitions".into(),
        });
    }
    // All countries alike: the sums of an agreement of k follow from k, and one signatory
    // (country 0) and one outsider (country n - 1) stand for all, so each size costs O(1)
    // (testing every country of every size, O(n^2), ran for hours at a million countries).
    let (b, c) = (game.benefit[0], game.cost[0]);
    Ok((2..=n)
        .filter(|&k| {
            let s = Sums {
                signatories: k,
                benefit: k as f64 * b,
                inverse_cost: k as f64 / c,
                outsiders: (n - k) as f64 * (b / c),
            };
            game.stays(0, true, s) && (k == n || game.stays(n - 1, false, s))
        })
        .collect())
}

/// Every self-enforcing agreement (at least two signatories), each as its members' indices,
/// for at most [`MAX_COUNTRIES`] countries.
///
/// ```
/// use comity::bargaining::{stable_coalitions, AbatementGame, Benefits, Timing};
/// // Four identical countries with linear benefits: every agreement of three, and no other.
/// let game = AbatementGame::symmetric(4, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
/// let stable = stable_coalitions(&game)?;
/// assert_eq!(stable, vec![vec![0, 1, 2], vec![0, 1, 3], vec![0, 2, 3], vec![1, 2, 3]]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn stable_coalitions(game: &AbatementGame) -> Result<Vec<Vec<usize>>, BargainingError> {
    stable_coalitions_cancellable(game, &CancelToken::new())
}

/// Coalitions tested between two checks of the cancel token: each costs `O(n)` payoffs, so a
/// block takes well under a millisecond and the check (a relaxed atomic load) is lost in it.
const CHECK_EVERY: u32 = 1 << 12;

/// [`stable_coalitions`], stopping with [`BargainingError::Interrupted`] once `cancel` is
/// cancelled (checked every 4096 coalitions; at 20 countries the `2^20` coalitions take a
/// fraction of a second).
///
/// ```
/// use comity::bargaining::{
///     AbatementGame, BargainingError, Benefits, Timing, stable_coalitions, stable_coalitions_cancellable,
/// };
/// use comity::cancel::CancelToken;
/// let game = AbatementGame::symmetric(4, 1.0, 1.0, Benefits::Linear, Timing::Nash)?;
/// let token = CancelToken::new();
/// assert_eq!(stable_coalitions_cancellable(&game, &token)?, stable_coalitions(&game)?);
/// token.cancel();
/// let err = stable_coalitions_cancellable(&game, &token).unwrap_err();
/// assert!(matches!(err, BargainingError::Interrupted(_)));
/// # Ok::<(), BargainingError>(())
/// ```
pub fn stable_coalitions_cancellable(
    game: &AbatementGame,
    cancel: &CancelToken,
) -> Result<Vec<Vec<usize>>, BargainingError> {
    cancel.check()?;
    let n = game.n();
    if n > MAX_COUNTRIES {
        return Err(BargainingError::Parameter {
            what: "abatement game",
            message: format!("{n} countries; enumeration handles at most {MAX_COUNTRIES}"),
        });
    }
    let mut stable = Vec::new();
    let mut members = vec![false; n];
    for mask in 0u32..1 << n {
        if mask % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        if mask.count_ones() < 2 {
            continue;
        }
        for (i, m) in members.iter_mut().enumerate() {
            *m = mask >> i & 1 == 1;
        }
        if game.is_self_enforcing(&members) {
            stable.push((0..n).filter(|&i| members[i]).collect());
        }
    }
    Ok(stable)
}
