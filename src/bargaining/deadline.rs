//! Baron-Ferejohn bargaining against a deadline: `T` rounds, after which nothing is agreed.
//!
//! The closed rule of [`crate::bargaining::baron_ferejohn`], but with a last round: if the
//! proposal of round `T` fails, every member gets 0. Backward induction gives the unique
//! subgame-perfect play (up to the proposers' ties). In the last round nobody can be
//! punished by a later one, so a proposer buys any winning set of partners at price 0 and
//! keeps the whole surplus: each member's value with one round left is its recognition
//! probability `p_j`. With values `w` for the rounds after this one, a proposer `i` buys the
//! cheapest partners `S` (each paid `delta w_j`) with `S ∪ {i}` winning, keeps
//! `1 - delta sum_{j in S} w_j`, and
//! `v_j = p_j (1 - c_j) + delta w_j sum_{i != j} p_i Pr[i includes j]`.
//!
//! **Convergence.** As `T` grows the values approach the stationary equilibrium's where the
//! stationary proposers need not mix between partners of different values: unanimity,
//! symmetric majorities with or without a chair, the Security Council with a chair, a
//! dictator (all tested). Where the stationary equilibrium does mix (members of equal weight
//! but unequal recognition, e.g. `[3; 2, 1, 1]` with recognition `(0.5, 0.3, 0.2)`), a
//! proposer facing a deadline buys whichever partner was cheaper one round later, the
//! partners' values leapfrog, and they keep cycling around the stationary ones instead of
//! settling (tested): the stationary equilibrium is then not the limit of finite deadlines,
//! and the output reports the gap.
//!
//! **Ties.** A proposer indifferent among several cheapest partner sets picks each equally
//! often (a symmetric selection: interchangeable members stay interchangeable). The proposer's
//! own payoff does not depend on the selection; the others' values may.
//!
//! # Algorithm
//! Members interchangeable in the rule and recognised equally form a class; the minimal
//! winning profiles (how many of each class) are enumerated once, at most
//! [`crate::bargaining::MAX_PROFILES`] profiles, and each round prices them for each
//! proposer class: `O(T · classes² · minimal profiles)` in all, refused above
//! [`MAX_DEADLINE_WORK`]. Ties are counted by partner sets, with binomials in logarithms so
//! that the General Assembly's `C(192, 96)` sets do not overflow. Values are `f64` (the
//! stationary solver they are compared with is floating point too).
//!
//! # References
//! Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4), section 2 (the finite
//! session); Eraslan (2002), JET 103(1).
//!
//! ```
//! use comity::bargaining::deadline;
//! use comity::game::{Game, WeightedGame};
//! // Three members, majority, delta = 1. One round left: the proposer keeps everything.
//! // Two rounds: a proposer buys one partner at its one-round value 1/3 and keeps 2/3.
//! let game = Game::from(WeightedGame::new(vec![1, 1, 1], 2)?);
//! let p = [1.0 / 3.0; 3];
//! assert_eq!(deadline(&game, &p, 1.0, 1)?.keeps, vec![1.0; 3]);
//! let two = deadline(&game, &p, 1.0, 2)?;
//! assert!(two.keeps.iter().all(|k| (k - 2.0 / 3.0).abs() < 1e-12));
//! assert!(two.values.iter().all(|v| (v - 1.0 / 3.0).abs() < 1e-12));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::axiomatic::BargainingError;
use super::baron_ferejohn::{enumerate_profiles, recognition_classes};
use crate::cancel::CancelToken;
use crate::game::{Game, SimpleGame};

/// The most work [`deadline`] takes on: rounds × classes² × minimal winning profiles
/// (about ten seconds on one core).
///
/// ```
/// use comity::bargaining::{deadline, MAX_DEADLINE_WORK};
/// use comity::game::{Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![1; 3], 2)?);
/// let err = deadline(&game, &[1.0 / 3.0; 3], 0.9, MAX_DEADLINE_WORK + 1).unwrap_err();
/// assert!(err.to_string().contains("stationary"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_DEADLINE_WORK: usize = 1 << 30;

/// The most values [`deadline`] keeps (rounds × members, 8 bytes each: 128 MiB), checked
/// before anything is allocated: the values of every round are returned, so a deadline cheap
/// in work (a small body) could otherwise ask for more memory than the machine has.
const MAX_DEADLINE_STORED_VALUES: usize = 1 << 24;

/// Costs within this (relative to the discount factor) tie.
const TIE: f64 = 1e-12;

/// Backward-induction play of Baron-Ferejohn bargaining with a deadline.
///
/// ```
/// use comity::bargaining::deadline;
/// use comity::game::{Game, WeightedGame};
/// // Unanimity: every member's value is its recognition probability, however many rounds.
/// let game = Game::from(WeightedGame::new(vec![1; 3], 3)?);
/// let d = deadline(&game, &[0.5, 0.3, 0.2], 0.9, 4)?;
/// assert_eq!(d.rounds, 4);
/// assert!(d.values.iter().zip([0.5, 0.3, 0.2]).all(|(v, p)| (v - p).abs() < 1e-12));
/// assert_eq!(d.by_round.len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// The number of rounds before nothing is agreed.
    pub rounds: usize,
    /// The discount factor between rounds.
    pub discount: f64,
    /// Each member's expected payoff at the start of the first round.
    pub values: Vec<f64>,
    /// What each member keeps when it proposes in the first round.
    pub keeps: Vec<f64>,
    /// Each member's value with `k + 1` rounds left, for `k` from 0 (the last round) to
    /// `rounds - 1` (the first).
    pub by_round: Vec<Vec<f64>>,
}

/// A partner profile as `(class, count)` entries, its cost and the logarithm of how many
/// partner sets it stands for.
type Priced = (Vec<(usize, usize)>, f64, f64);

/// `ln C(n, k)`.
fn ln_binomial(n: usize, k: usize) -> f64 {
    (1..=k).map(|j| ((n - k + j) as f64 / j as f64).ln()).sum()
}

/// Checks recognition probabilities and the discount factor (shared by the procedures).
pub(crate) fn check_recognition(
    what: &'static str,
    n: usize,
    recognition: &[f64],
    discount: f64,
) -> Result<(), BargainingError> {
    let parameter = |message: String| BargainingError::Parameter { what, message };
    if recognition.len() != n || recognition.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
        return Err(parameter(format!(
            "{} recognition probabilities for {n} members; expected one non-negative number each",
            recognition.len()
        )));
    }
    let total: f64 = recognition.iter().sum();
    if (total - 1.0).abs() > 1e-9 {
        return Err(parameter(format!("recognition probabilities sum to {total}; expected 1")));
    }
    if !(0.0..=1.0).contains(&discount) {
        return Err(parameter(format!("discount factor {discount}; expected a number in [0, 1]")));
    }
    Ok(())
}

/// Baron-Ferejohn bargaining under `game` with recognition probabilities `recognition` (one
/// per member, summing to 1), discount factor `discount` in [0, 1], and `rounds` rounds
/// (at least 1) before nothing is agreed; solved by backward induction (see the module
/// documentation).
///
/// Errors: parameters out of range, a deadline of zero rounds, a grand coalition that loses,
/// too many classes, or more work than [`MAX_DEADLINE_WORK`] (use the stationary
/// [`crate::bargaining::baron_ferejohn`], the limit of long deadlines, instead).
///
/// ```
/// use comity::bargaining::{baron_ferejohn, deadline};
/// use comity::game::{Game, WeightedGame};
/// // Member 0 is a dictator ([3; 3, 1, 1]). Stationary (by hand): v_0 = p_0 / (1 - delta (1 - p_0)),
/// // 0.6 / 0.64 = 0.9375 for p_0 = 0.6 and delta = 0.9; forty rounds come within 1e-3 of it.
/// let game = Game::from(WeightedGame::new(vec![3, 1, 1], 3)?);
/// let p = [0.6, 0.2, 0.2];
/// let forty = deadline(&game, &p, 0.9, 40)?;
/// assert!((forty.values[0] - 0.9375).abs() < 1e-3);
/// assert!((baron_ferejohn(&game, &p, 0.9)?.values[0] - 0.9375).abs() < 1e-8);
/// // A deadline of zero rounds is refused.
/// assert!(deadline(&game, &p, 0.9, 0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn deadline(
    game: &Game,
    recognition: &[f64],
    discount: f64,
    rounds: usize,
) -> Result<Deadline, BargainingError> {
    deadline_cancellable(game, recognition, discount, rounds, &CancelToken::new())
}

/// [`deadline`], stopping with [`BargainingError::Interrupted`] once `cancel` is cancelled:
/// it is checked while the profiles are enumerated and once per proposer class per round.
///
/// ```
/// use comity::bargaining::{deadline, deadline_cancellable, BargainingError};
/// use comity::cancel::CancelToken;
/// use comity::game::{Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![1; 3], 2)?);
/// let p = [1.0 / 3.0; 3];
/// assert_eq!(deadline_cancellable(&game, &p, 0.9, 5, &CancelToken::new())?, deadline(&game, &p, 0.9, 5)?);
/// let cancel = CancelToken::new();
/// cancel.cancel();
/// let err = deadline_cancellable(&game, &p, 0.9, 5, &cancel).unwrap_err();
/// assert!(matches!(err, BargainingError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn deadline_cancellable(
    game: &Game,
    recognition: &[f64],
    discount: f64,
    rounds: usize,
    cancel: &CancelToken,
) -> Result<Deadline, BargainingError> {
    cancel.check()?;
    let n = game.n();
    check_recognition("deadline", n, recognition, discount)?;
    if rounds == 0 {
        return Err(BargainingError::Parameter {
            what: "deadline",
            message: "0 rounds; expected at least 1 (one round: the proposer takes what it can)".into(),
        });
    }
    let (class_of, members) = recognition_classes(game, recognition);
    let profiles = enumerate_profiles(game, &members, cancel)?;
    let classes = members.len();
    let work = rounds.saturating_mul(classes * classes).saturating_mul(profiles.minimal.len());
    if work > MAX_DEADLINE_WORK {
        return Err(BargainingError::Parameter {
            what: "deadline",
            message: format!(
                "{rounds} rounds × {classes}² classes × {} minimal winning profiles exceed {MAX_DEADLINE_WORK} steps; expected fewer rounds, or the stationary equilibrium (bargain baron-ferejohn), which long deadlines approach",
                profiles.minimal.len()
            ),
        });
    }
    if rounds.saturating_mul(n) > MAX_DEADLINE_STORED_VALUES {
        return Err(BargainingError::Parameter {
            what: "deadline",
            message: format!(
                "{rounds} rounds × {n} members exceed {MAX_DEADLINE_STORED_VALUES} stored values (one per member and round); expected fewer rounds, or the stationary equilibrium (bargain baron-ferejohn), which long deadlines approach"
            ),
        });
    }
    let p: Vec<f64> = members.iter().map(|m| recognition[m[0]]).collect();
    let sizes = &profiles.sizes;

    // One round left: every proposer keeps everything, so values are recognition.
    let mut w = p.clone();
    let mut keeps = vec![1.0; classes];
    let mut by_round = vec![class_of.iter().map(|&c| w[c]).collect::<Vec<f64>>()];
    for _ in 1..rounds {
        let mut next = vec![0.0; classes];
        for t in 0..classes {
            cancel.check()?;
            // Partner profiles of proposer class t: (count per class, cost, ln of set count).
            let priced: Vec<Priced> = profiles
                .minimal
                .iter()
                .map(|m| {
                    let partners: Vec<(usize, usize)> = m
                        .iter()
                        .map(|&(c, k)| (c, if c == t { k - 1 } else { k }))
                        .filter(|&(_, k)| k > 0)
                        .collect();
                    let cost = discount * partners.iter().map(|&(c, k)| k as f64 * w[c]).sum::<f64>();
                    let ln_sets = partners
                        .iter()
                        .map(|&(c, k)| ln_binomial(if c == t { sizes[c] - 1 } else { sizes[c] }, k))
                        .sum();
                    (partners, cost, ln_sets)
                })
                .collect();
            let cheapest = priced.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            let ties: Vec<&Priced> =
                priced.iter().filter(|x| x.1 <= cheapest + TIE * discount.max(1e-300)).collect();
            let top = ties.iter().map(|x| x.2).fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = ties.iter().map(|x| (x.2 - top).exp()).sum();
            // What the proposer keeps, and each class's chance of each of its members being
            // invited.
            keeps[t] = 1.0 - cheapest;
            next[t] += p[t] * (1.0 - cheapest);
            for (partners, _, ln_sets) in &ties {
                let weight = (ln_sets - top).exp() / total;
                for &(c, k) in partners {
                    let pool = if c == t { sizes[c] - 1 } else { sizes[c] };
                    // Proposers of class t other than the invited member, each p[t].
                    let proposers = if c == t { sizes[t] - 1 } else { sizes[t] };
                    let invited = weight * k as f64 / pool as f64;
                    next[c] += proposers as f64 * p[t] * invited * discount * w[c];
                }
            }
        }
        w = next;
        by_round.push(class_of.iter().map(|&c| w[c]).collect());
    }
    Ok(Deadline {
        rounds,
        discount,
        values: class_of.iter().map(|&c| w[c]).collect(),
        keeps: class_of.iter().map(|&c| keeps[c]).collect(),
        by_round,
    })
}
