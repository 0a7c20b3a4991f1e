//! Baron-Ferejohn legislative bargaining on any simple game.
//!
//! A unit surplus is to be divided. Each round nature recognises member `i` with probability
//! `p_i`; `i` proposes a division, everyone votes, and the proposal passes if the members
//! voting for it form a winning coalition of the rule; otherwise the round repeats with the
//! surplus discounted by `delta` (closed rule, infinite horizon). In a stationary subgame-perfect
//! equilibrium with continuation values `v`, a member accepts any offer of at least `delta v_j`,
//! so a proposer `i` buys the cheapest set of partners `T` with `T ∪ {i}` winning, paying
//! `delta v_j` to each, keeps `1 - delta sum_{j in T} v_j`, and may randomise among cheapest
//! sets. Then `v_j = p_j (1 - c_j) + delta v_j q_j`, where `c_j` is what `j` pays when it
//! proposes and `q_j = sum_i p_i Pr[i includes j]`. Agreement is immediate, so values sum to 1.
//! Equilibrium values are unique (Eraslan & McLennan 2013); proposers' mixtures need not be.
//!
//! # Algorithm
//! Members that are interchangeable in the rule and have the same recognition probability form
//! a class ([`crate::game::interchangeable_classes`]), and coalitions are counted by class: a
//! profile says how many members of each class join. A cheapest set of partners is always a
//! minimal winning profile less the proposer (or a minimal winning profile without the
//! proposer's class), so only minimal winning profiles are enumerated: all `prod (n_c + 1)`
//! profiles are tested once. Under unanimity in the General Assembly this is 194 profiles,
//! with a chair 388; for 20 members of distinct weights it is 2^20.
//!
//! The equilibrium is found in two stages.
//!
//! 1. **Homotopy on a smoothed game.** A proposer chooses among partner sets by a logit rule
//!    with temperature `tau`, which makes the value equations smooth. Newton's method with a
//!    line search (kept inside non-negative values) solves them. `tau` falls from 0.1 to 1e-7
//!    times `delta` (the scale of all costs), ten times per step, each solution starting the
//!    next: the logit, or quantal-response, homotopy of McKelvey & Palfrey (1995) and Turocy
//!    (2005).
//! 2. **Exact solution on the faces.** The partner sets that keep weight at the last
//!    temperature are the candidates that tie. Carathéodory's theorem reduces each
//!    proposer's mixture to at most `classes + 1` of them (under symmetric weights thousands
//!    tie). The equilibrium conditions on these faces form a square bilinear system: the
//!    ties, probabilities summing to one, and the value equations. Newton's method (least
//!    squares) solves it to 1e-14. A set whose probability turns negative is dropped, and a
//!    cheaper set outside the faces is added, until no set is cheaper.
//!
//! **Bodies too large to enumerate** ([`Method::Knapsack`], through [`baron_ferejohn_with`]):
//! for rules of member counts and one weight, a proposer's cheapest coalition is a knapsack
//! over weights and sizes, solved on demand by branch and bound (module
//! `baron_ferejohn_knapsack`). The same two stages run on a pool of coalitions that grows by
//! column generation: after the solve at each temperature (and the re-solve, up to three
//! rounds per temperature), and until none is missing at the end, every proposer's cheapest
//! coalition at the current values joins the pool if it beats the pool. The result is certified by an independent dynamic program over classes and
//! counts, which finds any coalition cheaper than the chosen ones. Below a temperature of
//! 1e-6 the pool is completed with every coalition within the logit cutoff of each
//! proposer's cheapest (the smoothed game weighs all of them), each fall of the temperature
//! drops from the pool what the new temperature cannot weigh (so the pool shrinks with the
//! temperature instead of keeping every coalition once near-cheapest), the homotopy runs down to
//! 1e-10, and the mixing is chosen by a linear program over the near-ties (module
//! `baron_ferejohn_mixing`) instead of the face system, which is singular when hundreds of
//! coalitions tie. This agrees with the enumeration wherever both run and converges on the
//! EU Council; on the IMF Board it passes [`MAX_WORK`](crate::bargaining::MAX_WORK) and
//! refuses (a simple majority took about a minute of CPU before the pool work was counted). A
//! completion is skipped when the last one, weakened by how far the values have moved and by
//! the pruning since, shows that no minimal coalition within the new cutoff is missing. A whole
//! solve's searches, checks and pool pricing are bounded together by
//! [`MAX_WORK`](crate::bargaining::MAX_WORK).
//!
//! Before the result is returned, [`baron_ferejohn`] checks the equilibrium conditions
//! against every minimal winning profile: each chosen partner set is cheapest (within
//! [`TOLERANCE`]), each proposer's probabilities sum to one, offers equal the partners'
//! discounted values, and the values solve their equations. A failed check is an error,
//! never a result. Criterion medians (`cargo bench --bench bargaining`): the Security Council
//! with a chair 48 us and the General Assembly 91 us (2026-12-02, load average 2; 0.57 ms and
//! 0.59 ms when the face reduction and the check always used the thread pool), and 20 members
//! of weights 1 to 20 (30,166 minimal winning coalitions, with thousands of ties) 3.1 s.
//!
//! # References
//! Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4); Eraslan (2002), JET
//! 103(1) (existence and uniqueness with general recognition); Eraslan & McLennan (2013),
//! "Uniqueness of stationary equilibrium payoffs in coalitional bargaining", JET 148(6);
//! McKelvey & Palfrey (1995), GEB 10(1); Turocy (2005), GEB 51(2) (the logit homotopy).
//!
//! ```
//! use comity::bargaining::{baron_ferejohn, Recognition};
//! use comity::game::{Game, WeightedGame};
//! // Five members, simple majority, equal recognition, delta = 0.9: each expects 1/5 and a
//! // proposer keeps 1 - delta (n - 1) / (2 n) = 0.64, buying two partners at 0.18 each.
//! let game = Game::from(WeightedGame::new(vec![1; 5], 3).unwrap());
//! let p = Recognition::Equal.probabilities(5).unwrap();
//! let eq = baron_ferejohn(&game, &p, 0.9).unwrap();
//! assert!(eq.values.iter().all(|v| (v - 0.2).abs() < 1e-9));
//! assert!((eq.classes[0].keeps - 0.64).abs() < 1e-9);
//! ```

use super::axiomatic::BargainingError;
use super::baron_ferejohn_knapsack::{Cheapest, Knapsack};
use crate::cancel::CancelToken;
use crate::game::{Coalition, Game, SimpleGame, interchangeable_classes};
use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;

/// The most coalition profiles (`prod (n_c + 1)` over classes of interchangeable members)
/// that [`baron_ferejohn`] enumerates: 22 members of distinct roles.
///
/// ```
/// use comity::bargaining::{baron_ferejohn_with, BargainingError, Method, MAX_PROFILES};
/// use comity::game::{Game, WeightedGame};
/// // 23 members recognised with distinct probabilities are 23 classes: 2^23 profiles (the
/// // automatic choice would take the knapsack instead).
/// let game = Game::from(WeightedGame::new(vec![1; 23], 12)?);
/// let total: f64 = (1..=23).map(f64::from).sum();
/// let p: Vec<f64> = (1..=23).map(|k| f64::from(k) / total).collect();
/// let err = baron_ferejohn_with(&game, &p, 0.9, Method::Enumeration).unwrap_err();
/// assert_eq!(err, BargainingError::TooManyClasses { classes: 23, limit: MAX_PROFILES });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_PROFILES: usize = 1 << 22;

/// How far the returned equilibrium may miss its conditions: a chosen partner set may cost
/// this much more than the cheapest, and a value may miss its equation by this much.
///
/// ```
/// use comity::bargaining::{baron_ferejohn, Recognition, TOLERANCE};
/// use comity::model::Institution;
/// let council = Institution::load("models/institutions/unsc.toml")?;
/// let game = council.compile("substantive")?.game;
/// let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(15)?, 0.9)?;
/// // By hand from the value equations: a permanent member expects 16/105, an elected one
/// // 1/42 (5 * 16/105 + 10/42 = 1).
/// assert!((eq.values[0] - 16.0 / 105.0).abs() < TOLERANCE);
/// assert!((eq.values[5] - 1.0 / 42.0).abs() < TOLERANCE);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TOLERANCE: f64 = 1e-8;

/// The logit temperatures, relative to the discount factor (the scale of all costs): from
/// `START` down to `END`, each `STEP` times the last.
const TAU_START: f64 = 0.1;
const TAU_END: f64 = 1e-7;
const TAU_STEP: f64 = 0.1;
/// Partner sets costing more than the cheapest by this many temperatures get weight below
/// e^-40 and are left out of the smoothed game.
const CUTOFF: f64 = 40.0;
/// Below this temperature (relative to the discount factor) the knapsack method completes its
/// pool with every coalition the smoothed game weighs, at most [`NEAR_TIES`] per proposer
/// class and [`MAX_COMPLETIONS`] times per temperature (in the tenfold schedule from 1e-7,
/// since rounding leaves the sixth temperature just above 1e-6; after a retreat, from
/// 3.2e-7). At 1e-4 (the first choice) the completion at 1e-5 gathered 28,000 coalitions on
/// the EU Council, within 4e-4 of the cheapest; from 1e-7 the homotopy gets there on the
/// cheapest coalitions alone and the completions hold a few thousand.
const COMPLETE_BELOW: f64 = 1e-6;
/// When the temperature falls, the knapsack method's pool keeps only coalitions within this
/// many logit cutoffs ([`CUTOFF`] temperatures) of some proposer's cheapest at the new
/// temperature. One cutoff was too tight (the homotopy stalled near 1e-9 on the EU Council,
/// missing coalitions it had dropped); three keeps what a step of the values may bring back.
const PRUNE_CUTOFFS: f64 = 3.0;
/// Where the knapsack method's homotopy ends: low enough that the partner sets it weighs
/// cost the least to within [`TOLERANCE`], so that the mixing LP can choose among them.
const KNAPSACK_TAU_END: f64 = 1e-10;
const NEAR_TIES: usize = 5_000;
const MAX_COMPLETIONS: usize = 20;
/// Above [`COMPLETE_BELOW`], how many times per temperature the knapsack method adds each
/// proposer class's cheapest coalition and solves again. Once (the former rule) left the pool
/// at 1e-6 far from what the full game weighs: the first completion at 1e-7 found coalitions
/// 5e-3 cheaper than any in it, Newton's method failed there, and the retreat to 3.2e-7 grew
/// the pool to 5,360 coalitions (three quarters of the EU Council's time). Three rounds keep
/// the pool close enough that 1e-7 solves at once; more grow it with coalitions that the
/// lower temperatures drop again. The EU Council with Malta in the chair (wall time of
/// `comity bargain baron-ferejohn`, load average 3, 2026-12-02): once 2.5 to 2.7 s, three
/// times 1.45 to 1.57 s, four 1.40 to 1.57 s, six 1.7 s, twenty 4.1 s; with equal
/// recognition 2.7 to 3.4 s, 1.7 to 2.1 s, 1.9 to 2.0 s, 2.2 s, 6.0 s.
const REFRESHES_PER_TEMPERATURE: usize = 3;
/// Newton's method stops when every equation holds to this.
const NEWTON_TOLERANCE: f64 = 1e-13;
/// At the last temperature, partner sets weighed more than this form the faces of the exact
/// system, and a probability below minus this means a face member must go.
const FACE_WEIGHT: f64 = 1e-9;
/// The exact system is solved to this.
const EXACT_TOLERANCE: f64 = 1e-14;

/// Who is recognised to propose.
///
/// ```
/// use comity::bargaining::Recognition;
/// assert_eq!(Recognition::Equal.probabilities(4)?, vec![0.25; 4]);
/// // Seats 1 and 3: recognised in proportion.
/// assert_eq!(Recognition::Proportional(vec![1.0, 3.0]).probabilities(2)?, vec![0.25, 0.75]);
/// // A chair recognised half the time; the other two share the rest.
/// let chair = Recognition::Chair { chair: 0, probability: 0.5 };
/// assert_eq!(chair.probabilities(3)?, vec![0.5, 0.25, 0.25]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Recognition {
    /// Every member with probability `1/n`.
    Equal,
    /// In proportion to non-negative values (seats, population, quota), one per member.
    Proportional(Vec<f64>),
    /// The chair with the given probability, the other members equally.
    Chair {
        /// The chair's index.
        chair: usize,
        /// The chair's recognition probability, in [0, 1].
        probability: f64,
    },
}

impl Recognition {
    /// The recognition probability of each of `n` members.
    ///
    /// ```
    /// use comity::bargaining::Recognition;
    /// let chair = Recognition::Chair { chair: 2, probability: 0.4 };
    /// assert_eq!(chair.probabilities(5)?, vec![0.15, 0.15, 0.4, 0.15, 0.15]);
    /// // A chair outside the body, or an empty body, is refused.
    /// assert!(chair.probabilities(2).is_err());
    /// assert!(Recognition::Equal.probabilities(0).is_err());
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn probabilities(&self, n: usize) -> Result<Vec<f64>, BargainingError> {
        let parameter = |message: String| BargainingError::Parameter { what: "recognition", message };
        if n == 0 {
            return Err(parameter("a body needs at least one member".into()));
        }
        match self {
            Recognition::Equal => Ok(vec![1.0 / n as f64; n]),
            Recognition::Proportional(values) => {
                if values.len() != n || values.iter().any(|x| !(x.is_finite() && *x >= 0.0)) {
                    return Err(parameter(format!(
                        "{} values for {n} members; expected one finite, non-negative value each",
                        values.len()
                    )));
                }
                let total: f64 = values.iter().sum();
                if total <= 0.0 {
                    return Err(parameter("the values sum to 0; expected a positive total".into()));
                }
                Ok(values.iter().map(|x| x / total).collect())
            }
            Recognition::Chair { chair, probability } => {
                if *chair >= n {
                    return Err(parameter(format!("chair {chair} in a body of {n}; expected below {n}")));
                }
                if !(0.0..=1.0).contains(probability) || (n == 1 && *probability != 1.0) {
                    return Err(parameter(format!(
                        "chair's probability {probability}; expected a number in [0, 1] (1 if alone)"
                    )));
                }
                let rest = if n > 1 { (1.0 - probability) / (n - 1) as f64 } else { 0.0 };
                Ok((0..n).map(|i| if i == *chair { *probability } else { rest }).collect())
            }
        }
    }
}

/// One partner set a proposer of a class may choose.
///
/// ```
/// use comity::bargaining::{baron_ferejohn, Proposal, Recognition};
/// use comity::game::{Game, WeightedGame};
/// // Three members, majority: a proposer (all are one class) buys one partner of its class.
/// let game = Game::from(WeightedGame::new(vec![1, 1, 1], 2)?);
/// let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(3)?, 1.0)?;
/// assert_eq!(eq.classes[0].proposals, vec![Proposal { probability: 1.0, partners: vec![1] }]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The probability that the proposer chooses it.
    pub probability: f64,
    /// How many partners from each class (by class index); within a class the partners are
    /// any members of it other than the proposer, each equally likely.
    pub partners: Vec<usize>,
}

/// A class of interchangeable members with equal recognition, and its equilibrium play.
///
/// ```
/// use comity::bargaining::{baron_ferejohn, Recognition};
/// use comity::game::{Game, WeightedGame};
/// // Three members, majority, delta = 1: by hand (Baron & Ferejohn 1989), each expects 1/3,
/// // a proposer offers one partner 1/3 and keeps 2/3.
/// let game = Game::from(WeightedGame::new(vec![1, 1, 1], 2)?);
/// let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(3)?, 1.0)?;
/// let class = &eq.classes[0];
/// assert_eq!(class.members, vec![0, 1, 2]);
/// assert!((class.value - 1.0 / 3.0).abs() < 1e-9 && (class.offer - 1.0 / 3.0).abs() < 1e-9);
/// assert!((class.keeps - 2.0 / 3.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MemberClass {
    /// The members (indices), in increasing order.
    pub members: Vec<usize>,
    /// Each member's recognition probability.
    pub recognition: f64,
    /// Each member's expected payoff at the start of a round.
    pub value: f64,
    /// What a member keeps when it proposes.
    pub keeps: f64,
    /// What a member is offered when invited as a partner: `delta * value`.
    pub offer: f64,
    /// A member's equilibrium choice when it proposes; the probabilities sum to one.
    pub proposals: Vec<Proposal>,
}

/// A stationary subgame-perfect equilibrium of Baron-Ferejohn bargaining.
///
/// ```
/// use comity::bargaining::{baron_ferejohn, Recognition};
/// use comity::game::{Game, WeightedGame};
/// // [3; 2, 1, 1]: member 0 is in every winning coalition. By hand, with delta = 1/2 the
/// // value equations v_0 = (1 - v/2) / 3 + v_0 / 3 and v_0 + 2 v = 1 give v_0 = 3/7, v = 2/7.
/// let game = Game::from(WeightedGame::new(vec![2, 1, 1], 3)?);
/// let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(3)?, 0.5)?;
/// assert_eq!(eq.class_of, vec![0, 1, 1]);
/// let expected = [3.0 / 7.0, 2.0 / 7.0, 2.0 / 7.0];
/// assert!(eq.values.iter().zip(expected).all(|(v, e)| (v - e).abs() < 1e-9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BaronFerejohn {
    /// The discount factor.
    pub discount: f64,
    /// Each member's expected payoff; they sum to 1.
    pub values: Vec<f64>,
    /// Each member's class (an index into `classes`).
    pub class_of: Vec<usize>,
    /// The classes of interchangeable members with equal recognition.
    pub classes: Vec<MemberClass>,
    /// The method that found it ([`Method::Enumeration`], [`Method::Knapsack`] or
    /// [`Method::Threshold`]).
    pub method: Method,
}

/// Classes of members interchangeable in the rule and recognised with equal probability:
/// each member's class, and each class's members in order. Shared with the deadline procedure.
pub(super) fn recognition_classes(game: &Game, recognition: &[f64]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = game.n();
    let rule_classes = interchangeable_classes(game);
    let mut keys: Vec<(usize, u64)> = Vec::new();
    let mut class_of = Vec::with_capacity(n);
    for i in 0..n {
        let key = (rule_classes[i], recognition[i].to_bits());
        let c = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            keys.push(key);
            keys.len() - 1
        });
        class_of.push(c);
    }
    let members = (0..keys.len()).map(|c| (0..n).filter(|&i| class_of[i] == c).collect()).collect();
    (class_of, members)
}

/// Classes, their sizes and the minimal winning profiles.
pub(super) struct Profiles {
    pub(super) sizes: Vec<usize>,
    /// Each minimal winning profile as its non-zero `(class, count)` entries.
    pub(super) minimal: Vec<Vec<(usize, usize)>>,
}

/// Enumerates the minimal winning profiles over classes (members of a class are
/// interchangeable, so the first `k` of each class stand for every choice of `k`); shared with
/// the deadline procedure.
pub(super) fn enumerate_profiles(
    game: &Game,
    members: &[Vec<usize>],
    cancel: &CancelToken,
) -> Result<Profiles, BargainingError> {
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let total =
        sizes.iter().try_fold(1usize, |acc, &s| acc.checked_mul(s + 1).filter(|&t| t <= MAX_PROFILES));
    let total = total.ok_or(BargainingError::TooManyClasses { classes: sizes.len(), limit: MAX_PROFILES })?;
    // Mixed radix: class 0 varies fastest.
    let mut strides = vec![1usize; sizes.len()];
    for c in 1..sizes.len() {
        strides[c] = strides[c - 1] * (sizes[c - 1] + 1);
    }
    // An odometer over the profiles, with the representative coalition (the first `k`
    // members of each class) updated in place.
    let mut counts = vec![0usize; sizes.len()];
    let mut coalition = Coalition::default();
    let mut wins = Vec::with_capacity(total);
    for index in 0..total {
        if index % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        wins.push(game.is_winning(&coalition));
        for (c, k) in counts.iter_mut().enumerate() {
            if *k < sizes[c] {
                coalition.insert(members[c][*k]);
                *k += 1;
                break;
            }
            members[c].iter().for_each(|&m| coalition.remove(m));
            *k = 0;
        }
    }
    if !wins[total - 1] {
        return Err(BargainingError::NoAgreement);
    }
    let mut minimal = Vec::new();
    for (index, &win) in wins.iter().enumerate() {
        if index % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        if !win {
            continue;
        }
        let entries: Vec<(usize, usize)> = (0..sizes.len())
            .map(|c| (c, index / strides[c] % (sizes[c] + 1)))
            .filter(|&(_, k)| k > 0)
            .collect();
        if entries.iter().all(|&(c, _)| !wins[index - strides[c]]) {
            minimal.push(entries);
        }
    }
    Ok(Profiles { sizes, minimal })
}

/// A proposer of class `t`'s partners for minimal winning profile `m`: `m` less the proposer
/// if `m` uses class `t`, else `m` itself.
pub(super) fn partners(m: &[(usize, usize)], t: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    m.iter().map(move |&(c, k)| (c, if c == t { k - 1 } else { k })).filter(|&(_, k)| k > 0)
}

/// Profiles tested between two checks of the cancel token: a few milliseconds of work (an
/// atomic load per profile would cost little, but per block costs nothing measurable).
const CHECK_EVERY: usize = 1 << 16;

/// Whether sorted list `a` is a subset of sorted list `b`.
fn is_sorted_subset(a: &[usize], b: &[usize]) -> bool {
    let mut rest = b.iter().peekable();
    a.iter().all(|x| {
        while rest.next_if(|&y| y < x).is_some() {}
        rest.next_if(|&y| y == x).is_some()
    })
}

/// Below this much work (coalitions priced times classes, or times classes squared with second
/// moments) the homotopy's pricing runs on the calling thread: handing a few microseconds of
/// work to the thread pool and waiting for it cost more than the work, and Newton's method
/// prices pools of a few hundred coalitions thousands of times on the EU Council (its time
/// there fell by a third). The results are the same either way (each entry is computed
/// alone, in the same order).
const PARALLEL_WORK: usize = 1 << 16;

/// `f` of `0..len`, in order, in parallel or not.
fn map_indices<R: Send>(len: usize, parallel: bool, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    if parallel { (0..len).into_par_iter().map(f).collect() } else { (0..len).map(f).collect() }
}

/// Each proposer class's partner sets (indices into the minimal profiles) with probabilities.
pub(super) type Faces = Vec<Vec<(usize, f64)>>;

/// One class's logit choice: probabilities, mean partner counts, expected cost, second moments.
type ClassChoice = (Vec<(usize, f64)>, Vec<f64>, f64, DMatrix<f64>);

/// The fixed data of the value equations.
pub(super) struct Equations<'a> {
    pub(super) profiles: &'a Profiles,
    /// Recognition probability of each member of a class.
    pub(super) p: Vec<f64>,
    pub(super) delta: f64,
    /// The scale of costs (the discount factor, at least 1e-12), to which temperatures and
    /// rounding noise are relative.
    pub(super) scale: f64,
}

/// The smoothed choice of every proposer class at values `v`: for each class, the partner
/// sets it weighs (indices into the minimal profiles), their probabilities, the expected
/// partner counts, the expected cost, and (if asked) the second moments of partner counts.
struct Choice {
    chosen: Vec<Vec<(usize, f64)>>,
    mean: Vec<Vec<f64>>,
    cost: Vec<f64>,
    second: Vec<DMatrix<f64>>,
}

impl Equations<'_> {
    fn classes(&self) -> usize {
        self.p.len()
    }

    pub(super) fn cost(&self, v: &[f64], m: &[(usize, usize)], t: usize) -> f64 {
        self.delta * partners(m, t).map(|(c, k)| k as f64 * v[c]).sum::<f64>()
    }

    /// The pool a proposer of class `t` draws class-`s` partners from.
    fn pool(&self, t: usize, s: usize) -> f64 {
        (self.profiles.sizes[s] - usize::from(s == t)) as f64
    }

    /// `Pr[some other member of class t proposes] / pool(t, s)`: times the expected number of
    /// class-`s` partners of a class-`t` proposer, the probability that a given member of
    /// class `s` is invited by a class-`t` proposer. Zero when the pool is empty.
    pub(super) fn invitation(&self, t: usize, s: usize) -> f64 {
        let pool = self.pool(t, s);
        if pool == 0.0 {
            0.0
        } else {
            self.p[t] * (self.profiles.sizes[t] - usize::from(s == t)) as f64 / pool
        }
    }

    /// For each proposer class, the profiles within `CUTOFF` temperatures of the cheapest.
    fn active(&self, v: &[f64], tau: f64) -> Vec<Vec<usize>> {
        self.cheapest_within(v, CUTOFF * tau).into_iter().map(|(_, list)| list).collect()
    }

    /// For each proposer class `t` at values `v`: the least cost of a profile in the pool, and
    /// the profiles (indices, increasing) costing at most `gap` more.
    ///
    /// A class-`t` proposer pays for profile `m` its full price `delta sum_c k_c v_c`, less
    /// `delta v_t` if `m` holds a member of class `t` (the proposer itself). So the full prices
    /// are computed once and sorted, and each class scans them only up to its least cost plus
    /// `gap + delta v_t`: O(P log P) for a pool of `P` profiles, instead of the O(P x classes x
    /// profile length) of pricing every profile for every class, which took nine tenths of the
    /// time on the EU Council's pool of near-ties.
    pub(super) fn cheapest_within(&self, v: &[f64], gap: f64) -> Vec<(f64, Vec<usize>)> {
        let minimal = &self.profiles.minimal;
        let parallel = minimal.len() * self.classes() >= PARALLEL_WORK;
        let full: Vec<f64> = map_indices(minimal.len(), parallel, |i| {
            self.delta * minimal[i].iter().map(|&(c, k)| k as f64 * v[c]).sum::<f64>()
        });
        let mut order: Vec<usize> = (0..minimal.len()).collect();
        order.sort_unstable_by(|&a, &b| full[a].total_cmp(&full[b]));
        let holds = |i: usize, t: usize| minimal[i].binary_search_by_key(&t, |e| e.0).is_ok();
        map_indices(self.classes(), parallel, |t| {
            let rebate = self.delta * v[t];
            let cost = |i: usize| if holds(i, t) { full[i] - rebate } else { full[i] };
            // A profile costs at least its full price less the rebate (less nothing when a
            // Newton step has taken the value below zero): stop once that passes the best.
            let bound = rebate.max(0.0);
            let mut least = f64::INFINITY;
            for &i in &order {
                if full[i] - bound > least {
                    break;
                }
                least = least.min(cost(i));
            }
            let mut list: Vec<usize> = order
                .iter()
                .copied()
                .take_while(|&i| full[i] - bound <= least + gap)
                .filter(|&i| cost(i) <= least + gap)
                .collect();
            list.sort_unstable();
            (least, list)
        })
    }

    /// The smoothed choice of every proposer class, one class per task (they are independent).
    fn choose(&self, v: &[f64], tau: f64, active: &[Vec<usize>], moments: bool) -> Choice {
        let n = self.classes();
        let priced: usize = active.iter().map(Vec::len).sum();
        let parallel = priced * if moments { n * n } else { n } >= PARALLEL_WORK;
        let per_class: Vec<_> =
            map_indices(active.len(), parallel, |t| self.choose_class(v, tau, t, &active[t], moments));
        let mut choice =
            Choice { chosen: Vec::new(), mean: Vec::new(), cost: Vec::new(), second: Vec::new() };
        for (chosen, mean, cost, second) in per_class {
            choice.chosen.push(chosen);
            choice.mean.push(mean);
            choice.cost.push(cost);
            choice.second.push(second);
        }
        choice
    }

    /// A class-`t` proposer's logit choice among `list`: the probabilities, mean partner
    /// counts, expected cost and (if `moments`) second moments of partner counts.
    fn choose_class(&self, v: &[f64], tau: f64, t: usize, list: &[usize], moments: bool) -> ClassChoice {
        let n = self.classes();
        let costs: Vec<f64> = list.iter().map(|&i| self.cost(v, &self.profiles.minimal[i], t)).collect();
        let least = costs.iter().copied().fold(f64::INFINITY, f64::min);
        let weights: Vec<f64> = costs.iter().map(|c| (-(c - least) / tau).exp()).collect();
        let z: f64 = weights.iter().sum();
        let mut mean = vec![0.0; n];
        // Row-major n x n, filled in a flat buffer: the inner loop is the hot spot.
        let mut second = vec![0.0; if moments { n * n } else { 0 }];
        let mut expected_cost = 0.0;
        let mut chosen = Vec::with_capacity(list.len());
        let mut counts: Vec<(usize, f64)> = Vec::with_capacity(n);
        for ((&i, &w), &c) in list.iter().zip(&weights).zip(&costs) {
            let prob = w / z;
            chosen.push((i, prob));
            expected_cost += prob * c;
            counts.clear();
            counts.extend(partners(&self.profiles.minimal[i], t).map(|(c, k)| (c, k as f64)));
            for &(a, ka) in &counts {
                mean[a] += prob * ka;
                if moments {
                    let row = &mut second[a * n..(a + 1) * n];
                    let weight = prob * ka;
                    for &(b, kb) in &counts {
                        row[b] += weight * kb;
                    }
                }
            }
        }
        let size = if moments { n } else { 0 };
        (chosen, mean, expected_cost, DMatrix::from_row_slice(size, size, &second))
    }

    /// The residuals `G_s = p_s (1 - E cost_s) + delta v_s q_s - v_s` of the value equations.
    fn residual(&self, v: &[f64], choice: &Choice) -> DVector<f64> {
        let n = self.classes();
        DVector::from_fn(n, |s, _| {
            let q: f64 = (0..n).map(|t| self.invitation(t, s) * choice.mean[t][s]).sum();
            self.p[s] * (1.0 - choice.cost[s]) + self.delta * v[s] * q - v[s]
        })
    }

    /// The Jacobian of [`Equations::residual`] in `v` at temperature `tau`.
    fn jacobian(&self, v: &[f64], tau: f64, choice: &Choice) -> DMatrix<f64> {
        let n = self.classes();
        let d = self.delta;
        let covariance =
            |t: usize, a: usize, b: usize| choice.second[t][(a, b)] - choice.mean[t][a] * choice.mean[t][b];
        DMatrix::from_fn(n, n, |s, u| {
            // d E[cost_s] / d v_u: the direct effect plus the shift of the logit weights.
            let shift: f64 = (0..n).map(|w| v[w] * covariance(s, w, u)).sum();
            let mut j = -self.p[s] * (d * choice.mean[s][u] - d * d / tau * shift);
            for t in 0..n {
                let weight = self.invitation(t, s);
                if s == u {
                    j += d * weight * choice.mean[t][s];
                }
                j -= d * v[s] * weight * d / tau * covariance(t, s, u);
            }
            if s == u {
                j -= 1.0;
            }
            j
        })
    }

    /// Newton's method with a backtracking line search on `|G|` at temperature `tau`, from
    /// `v`. Returns the solution, or `None` if it stalls; adds to `work` the coalitions it
    /// priced (a pricing with second moments counting once per class), which the knapsack
    /// method charges to its budget.
    /// Also `None` once `cancel` is cancelled (checked per iteration); the caller tells the two
    /// apart by the token.
    fn newton(&self, mut v: Vec<f64>, tau: f64, work: &mut usize, cancel: &CancelToken) -> Option<Vec<f64>> {
        let pool = self.profiles.minimal.len();
        let n = self.classes();
        let priced = |active: &[Vec<usize>]| active.iter().map(Vec::len).sum::<usize>();
        let mut active = self.active(&v, tau);
        *work += pool;
        let mut stalled = false;
        for _ in 0..200 {
            if cancel.is_cancelled() {
                return None;
            }
            *work += priced(&active) * (1 + n);
            let choice = self.choose(&v, tau, &active, true);
            let g = self.residual(&v, &choice);
            // Below about 1e-16 / tau the residual is rounding noise in the logit weights.
            let noise = 1e-16 * self.scale / tau;
            if g.amax() < NEWTON_TOLERANCE.max(noise) || (stalled && g.amax() < 10.0 * noise) {
                // Converged on the partner sets weighed; confirm that no other set has become
                // cheap enough to matter.
                let wider = self.active(&v, tau);
                *work += pool;
                if wider.iter().zip(&active).all(|(w, a)| is_sorted_subset(w, a)) {
                    return Some(v);
                }
                active = wider;
                continue;
            }
            let step = self.jacobian(&v, tau, &choice).lu().solve(&(-&g))?;
            let norm = g.norm();
            // Values are non-negative: stop a step short of the boundary (the fraction to the
            // boundary rule of interior-point methods), so that it does not wander off.
            let mut alpha: f64 = 1.0;
            for (x, dx) in v.iter().zip(step.iter()) {
                if *dx < 0.0 && *x > 0.0 {
                    alpha = alpha.min(0.9 * x / -dx);
                }
            }
            loop {
                let trial: Vec<f64> = v.iter().zip(step.iter()).map(|(x, dx)| x + alpha * dx).collect();
                let trial_active = self.active(&trial, tau);
                let trial_g = self.residual(&trial, &self.choose(&trial, tau, &trial_active, false));
                *work += pool + priced(&trial_active);
                if trial_g.norm() < (1.0 - 1e-4 * alpha) * norm {
                    v = trial;
                    active = trial_active;
                    break;
                }
                alpha /= 2.0;
                if alpha < 1e-10 {
                    if stalled {
                        return None;
                    }
                    stalled = true;
                    break;
                }
            }
        }
        None
    }

    /// The same mixture of partner counts from at most `classes + 1` partner sets of `face`
    /// (Carathéodory's theorem): while more remain, `classes + 2` of them are affinely
    /// dependent, and moving along the dependence until a weight reaches zero drops one. Under
    /// symmetric weights thousands of partner sets tie, and the exact system needs only these.
    fn caratheodory(&self, t: usize, mut face: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
        // Coordinates: the classes some partner set in the face draws on, and a constant 1
        // (so that the dependence found is affine). Rows of zeros would only make the
        // systems below singular.
        let mut row_of = vec![usize::MAX; self.classes()];
        let mut dimension = 0;
        for &(i, _) in &face {
            for (c, _) in partners(&self.profiles.minimal[i], t) {
                if row_of[c] == usize::MAX {
                    row_of[c] = dimension;
                    dimension += 1;
                }
            }
        }
        dimension += 1;
        let column = |i: usize| {
            let mut x = vec![0.0; dimension];
            for (c, k) in partners(&self.profiles.minimal[i], t) {
                x[row_of[c]] = k as f64;
            }
            x[dimension - 1] = 1.0;
            x
        };
        while face.len() > dimension {
            let columns: Vec<Vec<f64>> = face[..=dimension].iter().map(|&(i, _)| column(i)).collect();
            let a = DMatrix::from_fn(dimension, dimension + 1, |r, c| columns[c][r]);
            // A null vector of A: (y, -1) with A' y = the last column, A' the first
            // `dimension` columns; if A' is singular, the eigenvector of A^T A with the
            // smallest eigenvalue.
            let mut z: Vec<f64> = match a.columns(0, dimension).into_owned().lu().solve(&a.column(dimension))
            {
                Some(y) if y.iter().all(|x| x.is_finite()) => y.iter().copied().chain([-1.0]).collect(),
                _ => {
                    let eigen = (a.transpose() * &a).symmetric_eigen();
                    eigen.eigenvectors.column(eigen.eigenvalues.imin()).iter().copied().collect()
                }
            };
            if z.iter().all(|&x| x <= 0.0) {
                z.iter_mut().for_each(|x| *x = -*x);
            }
            let (drop, theta) = (0..z.len())
                .filter(|&k| z[k] > 0.0)
                .map(|k| (k, face[k].1 / z[k]))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .expect("a null vector has a positive entry after the sign flip");
            for (k, zk) in z.iter().enumerate() {
                face[k].1 = (face[k].1 - theta * zk).max(0.0);
            }
            face.swap_remove(drop);
        }
        face
    }

    /// The exact equilibrium on given faces: each proposer class `t` mixes over the partner
    /// sets `faces[t]` (profile indices with starting probabilities), which must cost the
    /// same. Unknowns are the values and the mixing probabilities; the equations are the ties
    /// within each face, the probabilities summing to one, and the value equations: a square
    /// bilinear system, solved by Newton's method in least squares (ties may be redundant).
    /// A face member whose probability turns negative is dropped, and a cheaper partner set
    /// outside the faces is added, until the solution is an equilibrium.
    /// Also `None` once `cancel` is cancelled (checked per round).
    pub(super) fn exact(
        &self,
        mut v: Vec<f64>,
        mut faces: Vec<Vec<(usize, f64)>>,
        cancel: &CancelToken,
    ) -> Option<(Vec<f64>, Faces)> {
        let n = self.classes();
        for _ in 0..4 * n + 8 {
            if cancel.is_cancelled() {
                return None;
            }
            self.solve_faces(&mut v, &mut faces)?;
            // Drop the most negative probability, if any is clearly negative.
            let worst = faces
                .iter()
                .enumerate()
                .flat_map(|(t, f)| f.iter().enumerate().map(move |(k, &(_, x))| (x, t, k)))
                .min_by(|a, b| a.0.total_cmp(&b.0))?;
            if worst.0 < -FACE_WEIGHT {
                faces[worst.1].remove(worst.2);
                continue;
            }
            for face in &mut faces {
                face.iter_mut().for_each(|entry| entry.1 = entry.1.max(0.0));
                let total: f64 = face.iter().map(|e| e.1).sum();
                face.iter_mut().for_each(|entry| entry.1 /= total);
            }
            // Add any partner set cheaper than the face's.
            let mut added = false;
            for (t, face) in faces.iter_mut().enumerate() {
                let paid = face
                    .iter()
                    .map(|&(i, _)| self.cost(&v, &self.profiles.minimal[i], t))
                    .fold(f64::INFINITY, f64::min);
                let cheaper = self
                    .profiles
                    .minimal
                    .iter()
                    .map(|m| self.cost(&v, m, t))
                    .enumerate()
                    .filter(|&(_, cost)| cost < paid - TOLERANCE / 4.0)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| i);
                if let Some(i) = cheaper {
                    face.push((i, 0.0));
                    added = true;
                }
            }
            if !added {
                return Some((v, faces));
            }
        }
        None
    }

    /// Newton's method on the face system, in place; `None` if it does not converge.
    fn solve_faces(&self, v: &mut [f64], faces: &mut [Vec<(usize, f64)>]) -> Option<()> {
        let n = self.classes();
        let d = self.delta;
        let unknowns = n + faces.iter().map(Vec::len).sum::<usize>();
        let rows = faces.iter().map(|f| f.len().saturating_sub(1)).sum::<usize>() + 2 * n;
        let partner_counts = |i: usize, t: usize| {
            let mut counts = vec![0.0; n];
            for (c, k) in partners(&self.profiles.minimal[i], t) {
                counts[c] = k as f64;
            }
            counts
        };
        let counts: Vec<Vec<Vec<f64>>> = faces
            .iter()
            .enumerate()
            .map(|(t, f)| f.iter().map(|&(i, _)| partner_counts(i, t)).collect())
            .collect();
        for _ in 0..50 {
            let mut r = DVector::zeros(rows);
            let mut j = DMatrix::zeros(rows, unknowns);
            let mut row = 0;
            // Ties: every partner set in a face costs what its first one costs.
            for o in &counts {
                for other in o.iter().skip(1) {
                    for u in 0..n {
                        let diff = d * (other[u] - o[0][u]);
                        r[row] += diff * v[u];
                        j[(row, u)] = diff;
                    }
                    row += 1;
                }
            }
            // Probabilities sum to one.
            let mut column = n;
            let mut first_column = Vec::with_capacity(n);
            for face in faces.iter() {
                first_column.push(column);
                r[row] = face.iter().map(|e| e.1).sum::<f64>() - 1.0;
                for _ in face {
                    j[(row, column)] = 1.0;
                    column += 1;
                }
                row += 1;
            }
            // Values: p_s (1 - sum_f x_sf cost_sf) + delta v_s q_s - v_s.
            for s in 0..n {
                let mut q = 0.0;
                for t in 0..n {
                    let invitation = self.invitation(t, s);
                    for (k, o) in counts[t].iter().enumerate() {
                        q += invitation * faces[t][k].1 * o[s];
                        j[(row, first_column[t] + k)] += d * v[s] * invitation * o[s];
                    }
                }
                let mut paid = 0.0;
                for (k, o) in counts[s].iter().enumerate() {
                    let cost: f64 = d * (0..n).map(|u| o[u] * v[u]).sum::<f64>();
                    paid += faces[s][k].1 * cost;
                    j[(row, first_column[s] + k)] -= self.p[s] * cost;
                    for u in 0..n {
                        j[(row, u)] -= self.p[s] * faces[s][k].1 * d * o[u];
                    }
                }
                j[(row, s)] += d * q - 1.0;
                r[row] = self.p[s] * (1.0 - paid) + d * v[s] * q - v[s];
                row += 1;
            }
            if r.amax() < EXACT_TOLERANCE {
                return Some(());
            }
            let step = j.svd(true, true).solve(&(-&r), 1e-13).ok()?;
            for u in 0..n {
                v[u] += step[u];
            }
            let mut column = n;
            for face in faces.iter_mut() {
                for entry in face.iter_mut() {
                    entry.1 += step[column];
                    column += 1;
                }
            }
        }
        None
    }
}

/// The stationary subgame-perfect equilibrium of Baron-Ferejohn bargaining under `game`, with
/// recognition probabilities `recognition` (one per member, summing to 1; see
/// [`Recognition::probabilities`]) and discount factor `discount` in [0, 1].
///
/// The result is checked against the equilibrium conditions (see the module documentation)
/// before it is returned. Errors: parameters out of range, a grand coalition that loses
/// ([`BargainingError::NoAgreement`]), more than [`MAX_PROFILES`] coalition profiles
/// ([`BargainingError::TooManyClasses`]), or a homotopy that does not converge
/// ([`BargainingError::NotConverged`]).
///
/// ```
/// use comity::bargaining::{baron_ferejohn, Recognition};
/// use comity::game::{Game, WeightedGame};
/// // Baron & Ferejohn (1989), closed rule, n = 7 odd under simple majority: each expects 1/n
/// // and a proposer keeps 1 - delta (n - 1) / (2 n), here 1 - 0.8 * 6 / 14 = 23/35.
/// let game = Game::from(WeightedGame::new(vec![1; 7], 4)?);
/// let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(7)?, 0.8)?;
/// assert!(eq.values.iter().all(|v| (v - 1.0 / 7.0).abs() < 1e-9));
/// assert!((eq.classes[0].keeps - 23.0 / 35.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn baron_ferejohn(
    game: &Game,
    recognition: &[f64],
    discount: f64,
) -> Result<BaronFerejohn, BargainingError> {
    baron_ferejohn_with(game, recognition, discount, Method::Auto)
}

/// [`baron_ferejohn`], stopping with [`BargainingError::Interrupted`] once `cancel` is
/// cancelled (from another thread, say): see [`baron_ferejohn_with_cancellable`].
///
/// ```
/// use comity::bargaining::{baron_ferejohn, baron_ferejohn_cancellable, BargainingError, Recognition};
/// use comity::cancel::CancelToken;
/// use comity::game::{Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![1; 5], 3)?);
/// let p = Recognition::Equal.probabilities(5)?;
/// // An uncancelled token finds the same equilibrium as the plain call.
/// let eq = baron_ferejohn_cancellable(&game, &p, 0.9, &CancelToken::new())?;
/// assert_eq!(eq, baron_ferejohn(&game, &p, 0.9)?);
/// let cancel = CancelToken::new();
/// cancel.cancel();
/// let err = baron_ferejohn_cancellable(&game, &p, 0.9, &cancel).unwrap_err();
/// assert!(matches!(err, BargainingError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn baron_ferejohn_cancellable(
    game: &Game,
    recognition: &[f64],
    discount: f64,
    cancel: &CancelToken,
) -> Result<BaronFerejohn, BargainingError> {
    baron_ferejohn_with_cancellable(game, recognition, discount, Method::Auto, cancel)
}

/// How [`baron_ferejohn_with`] finds a proposer's cheapest coalitions.
///
/// ```
/// use comity::bargaining::{baron_ferejohn_with, Method, Recognition};
/// use comity::game::{Game, WeightedGame};
/// // Few profiles: the automatic choice enumerates them.
/// let game = Game::from(WeightedGame::new(vec![3, 2, 2, 1], 5)?);
/// let p = Recognition::Equal.probabilities(4)?;
/// assert_eq!(baron_ferejohn_with(&game, &p, 0.9, Method::Auto)?.method, Method::Enumeration);
/// assert_eq!(baron_ferejohn_with(&game, &p, 0.9, Method::Knapsack)?.method, Method::Knapsack);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The default, and the method of [`baron_ferejohn`]: the enumeration when the profiles
    /// fit in [`MAX_PROFILES`]; else, for a rule of one weight and one quota, the threshold
    /// method (the IMF Board at 85% and 70%); else, or when the threshold method refuses for a
    /// structural reason, the knapsack for rules it handles with at most 64 classes (the EU
    /// Council); else a refusal.
    Auto,
    /// Every coalition profile of classes of interchangeable members enumerated once: any
    /// rule, up to [`MAX_PROFILES`] profiles (about 22 members in distinct roles).
    Enumeration,
    /// Cheapest coalitions found on demand by a knapsack over weights and sizes (see
    /// [`MAX_NODES`](crate::bargaining::MAX_NODES) and
    /// [`MAX_STATES`](crate::bargaining::MAX_STATES) per search, and
    /// [`MAX_WORK`](crate::bargaining::MAX_WORK) for the whole solve): rules of member counts and one weight (weighted
    /// votes, double majorities such as the EU Council's, vetoes as in the Security Council),
    /// up to 256 members. It agrees with the enumeration wherever both run (tests), and
    /// handles many identical members (the General Assembly) without enumerating. With many
    /// members in distinct roles (the EU Council) the homotopy's pool is completed at low
    /// temperatures with every near-cheapest coalition, and the mixing is chosen by linear
    /// programming (module `baron_ferejohn_mixing`): 2 to 5 s of CPU per solve (delta 0.95,
    /// with and without Malta in the chair), down from 12 to 15 s before the pool was pruned
    /// as the temperature falls. On the IMF Board (190 distinct weights) it refuses: a simple
    /// majority passes [`MAX_WORK`](crate::bargaining::MAX_WORK) after about 20 s of CPU and
    /// 85% passes [`MAX_NODES`](crate::bargaining::MAX_NODES), since equilibrium prices are
    /// nearly proportional to weights and the bound prunes little ([`Method::Threshold`]
    /// solves both).
    Knapsack,
    /// A threshold equilibrium for rules of one weight and one quota (module
    /// `baron_ferejohn_threshold`): one band rate per vote splits members into those every
    /// proposer leaves out, those every proposer includes and a band left out by some; the
    /// fractional knapsack bound certifies that each chosen coalition is cheapest, and each
    /// proposer's mixture is over band subsets of weight exactly its room. It solves the IMF
    /// Board (190 members) at 85% and 70% in about 2 s of CPU. Where no band subset fills a
    /// room exactly (the IMF at a simple majority) the band is solved as an exact knapsack core,
    /// the others fixed out by reduced costs (module `baron_ferejohn_core`, about 3 s); it
    /// refuses (naming the other methods) where neither structure holds.
    Threshold,
}

/// The most columns (coalition profiles) that the knapsack method collects before it gives up.
const MAX_COLUMNS: usize = 200_000;

/// The most classes for which [`Method::Auto`] chooses the knapsack.
const AUTO_KNAPSACK_CLASSES: usize = 64;

/// A new cheapest coalition joins the pool only if it beats the pool by this much.
const ADD_MARGIN: f64 = TOLERANCE / 8.0;

/// [`baron_ferejohn`] with the method chosen: see [`Method`]. The enumeration checks every
/// minimal winning profile; the knapsack method grows a pool of candidate coalitions
/// (column generation: after every solve, each proposer's cheapest coalition at the current
/// values is found by branch and bound and added if it beats the pool) and certifies the
/// result with an independent dynamic program over classes and counts. Either way values are
/// computed in floating point and checked to [`TOLERANCE`].
///
/// ```
/// use comity::bargaining::{baron_ferejohn_with, Method, Recognition};
/// use comity::game::{Game, WeightedGame};
/// // Both methods agree on [6; 4, 3, 2, 1] with a chair (member 3) recognised half the time.
/// let game = Game::from(WeightedGame::new(vec![4, 3, 2, 1], 6)?);
/// let p = Recognition::Chair { chair: 3, probability: 0.5 }.probabilities(4)?;
/// let a = baron_ferejohn_with(&game, &p, 0.95, Method::Knapsack)?;
/// let b = baron_ferejohn_with(&game, &p, 0.95, Method::Enumeration)?;
/// assert!(a.values.iter().zip(&b.values).all(|(x, y)| (x - y).abs() < 1e-8));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn baron_ferejohn_with(
    game: &Game,
    recognition: &[f64],
    discount: f64,
    method: Method,
) -> Result<BaronFerejohn, BargainingError> {
    baron_ferejohn_with_cancellable(game, recognition, discount, method, &CancelToken::new())
}

/// [`baron_ferejohn_with`], stopping with [`BargainingError::Interrupted`] once `cancel` is
/// cancelled: never a partial equilibrium. Every method checks the token per block of work
/// (the enumeration every 65,536 profiles, the homotopies per Newton iteration and per
/// temperature, the knapsack's searches every 4,096 nodes or candidate states examined, the
/// threshold method per fixed-point iteration, the core method per Newton iteration and per
/// proposer checked), so that a cancelled solve stops within milliseconds.
///
/// ```
/// use comity::bargaining::{baron_ferejohn_with_cancellable, BargainingError, Method, Recognition};
/// use comity::cancel::CancelToken;
/// use comity::game::{Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![4, 3, 2, 1], 6)?);
/// let p = Recognition::Equal.probabilities(4)?;
/// let cancel = CancelToken::new();
/// cancel.cancel();
/// for method in [Method::Auto, Method::Enumeration, Method::Knapsack, Method::Threshold] {
///     let err = baron_ferejohn_with_cancellable(&game, &p, 0.9, method, &cancel).unwrap_err();
///     assert_eq!(err.to_string(), "interrupted: the computation was cancelled before it finished");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn baron_ferejohn_with_cancellable(
    game: &Game,
    recognition: &[f64],
    discount: f64,
    method: Method,
    cancel: &CancelToken,
) -> Result<BaronFerejohn, BargainingError> {
    cancel.check()?;
    let n = game.n();
    let parameter = |message: String| BargainingError::Parameter { what: "baron-ferejohn", message };
    if recognition.len() != n || recognition.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
        return Err(parameter(format!(
            "{} recognition probabilities for {n} members; expected one non-negative number each",
            recognition.len()
        )));
    }
    if (recognition.iter().sum::<f64>() - 1.0).abs() > 1e-9 {
        return Err(parameter("recognition probabilities must sum to 1".into()));
    }
    if !(0.0..=1.0).contains(&discount) {
        return Err(parameter(format!("discount factor {discount}; expected a number in [0, 1]")));
    }
    let (class_of, members) = recognition_classes(game, recognition);
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let enumerable = sizes
        .iter()
        .try_fold(1usize, |acc, &s| acc.checked_mul(s + 1).filter(|&t| t <= MAX_PROFILES))
        .is_some();
    let form = game.size_weight_form();
    let knapsack_fits = form.is_some() && sizes.len() <= AUTO_KNAPSACK_CLASSES;
    let weighted = super::baron_ferejohn_threshold::weighted_form(game).is_some();
    if method == Method::Threshold || (method == Method::Auto && !enumerable && weighted) {
        match super::baron_ferejohn_threshold::threshold(game, recognition, discount, cancel) {
            Ok(result) => return Ok(result),
            // A structural refusal, or a result its own check rejected: the automatic choice
            // goes on to the knapsack if it fits (which checks its own result independently);
            // `Method::Threshold` reports either as it is.
            Err(BargainingError::Parameter { .. } | BargainingError::EquilibriumCheck { .. })
                if method == Method::Auto && knapsack_fits => {}
            Err(e) => return Err(e),
        }
    }
    let method = match method {
        Method::Auto if !enumerable && knapsack_fits => Method::Knapsack,
        Method::Auto => Method::Enumeration,
        chosen => chosen,
    };
    if method == Method::Enumeration && !enumerable {
        return Err(BargainingError::TooManyClasses { classes: sizes.len(), limit: MAX_PROFILES });
    }
    let p: Vec<f64> = members.iter().map(|m| recognition[m[0]]).collect();
    let scale = discount.max(1e-12);
    let (profiles, v, faces, knapsack) = match method {
        Method::Knapsack => {
            let form = form.ok_or_else(|| {
                parameter(
                    "the knapsack method needs a rule of member counts and one weight (weighted votes, \
                     a double majority, a veto group); expected --method enumeration for this rule"
                        .into(),
                )
            })?;
            let knapsack = Knapsack::new(&form, &members).with_cancel(cancel);
            if !game.is_winning(&Coalition::grand(n)) {
                return Err(BargainingError::NoAgreement);
            }
            let mut profiles = Profiles { sizes: sizes.clone(), minimal: Vec::new() };
            let oracle = Oracle { knapsack: &knapsack, delta: discount };
            oracle.refresh(&mut profiles, &p)?;
            let (v, faces) = solve(&mut profiles, &p, discount, scale, Some(&oracle), cancel)?;
            (profiles, v, faces, Some(knapsack))
        }
        _ => {
            let mut profiles = enumerate_profiles(game, &members, cancel)?;
            let (v, faces) = solve(&mut profiles, &p, discount, scale, None, cancel)?;
            (profiles, v, faces, None)
        }
    };
    let equations = Equations { profiles: &profiles, p, delta: discount, scale };
    let classes: Vec<MemberClass> = members
        .iter()
        .enumerate()
        .map(|(t, m)| {
            let mut proposals: Vec<Proposal> = faces[t]
                .iter()
                .filter(|&&(_, prob)| prob > 0.0)
                .map(|&(i, probability)| {
                    let mut counts = vec![0; members.len()];
                    for (c, k) in partners(&profiles.minimal[i], t) {
                        counts[c] = k;
                    }
                    Proposal { probability, partners: counts }
                })
                .collect();
            proposals.sort_by(|a, b| b.probability.total_cmp(&a.probability));
            let pays: f64 =
                faces[t].iter().map(|&(i, prob)| prob * equations.cost(&v, &profiles.minimal[i], t)).sum();
            MemberClass {
                members: m.clone(),
                recognition: equations.p[t],
                value: v[t],
                keeps: 1.0 - pays,
                offer: discount * v[t],
                proposals,
            }
        })
        .collect();
    let result = BaronFerejohn {
        discount,
        values: class_of.iter().map(|&c| v[c]).collect(),
        class_of,
        classes,
        method,
    };
    verify(game, &equations, &result, knapsack.as_ref())?;
    Ok(result)
}

/// The knapsack as a source of new columns: each proposer class's cheapest coalition.
pub(super) struct Oracle<'a> {
    knapsack: &'a Knapsack,
    delta: f64,
}

impl Oracle<'_> {
    /// Adds to `profiles` each proposer class's cheapest coalition at class values `v` that
    /// beats every profile already there by [`ADD_MARGIN`]; whether any was added.
    pub(super) fn refresh(&self, profiles: &mut Profiles, v: &[f64]) -> Result<bool, BargainingError> {
        let cost: Vec<f64> = v.iter().map(|x| self.delta * x).collect();
        let found: Vec<Result<Cheapest, BargainingError>> =
            (0..v.len()).into_par_iter().map(|t| self.knapsack.cheapest(&cost, t)).collect();
        let equations = Equations { profiles, p: vec![0.0; v.len()], delta: self.delta, scale: 1.0 };
        let least = equations.cheapest_within(v, 0.0);
        let mut new: Vec<Vec<(usize, usize)>> = Vec::new();
        for (t, cheapest) in found.into_iter().enumerate() {
            let cheapest = cheapest?;
            let pool = least[t].0;
            if cheapest.cost < pool - ADD_MARGIN {
                let profile: Vec<(usize, usize)> =
                    cheapest.counts.iter().copied().enumerate().filter(|&(_, k)| k > 0).collect();
                if !new.contains(&profile) && !profiles.minimal.contains(&profile) {
                    new.push(profile);
                }
            }
        }
        self.extend(profiles, new)
    }

    /// Adds to `profiles` every coalition of each proposer class within `gap` of its cheapest
    /// at class values `v` (up to [`NEAR_TIES`] per class and threshold segment, not all minimal); whether any was added. Near the
    /// equilibrium the smoothed game weighs all of them, and a pool holding only the cheapest
    /// ones changes under the homotopy's feet at every temperature. Also whether every
    /// search ran to the end (no cap reached), so that no minimal coalition within `gap` is
    /// missing from the pool.
    fn complete(
        &self,
        profiles: &mut Profiles,
        v: &[f64],
        gap: f64,
    ) -> Result<(bool, bool), BargainingError> {
        let cost: Vec<f64> = v.iter().map(|x| self.delta * x).collect();
        let found: Vec<_> = (0..v.len())
            .into_par_iter()
            .map(|t| {
                let least = self.knapsack.cheapest(&cost, t)?.cost;
                self.knapsack.within(&cost, t, least + gap, NEAR_TIES)
            })
            .collect();
        let known: rustc_hash::FxHashSet<&Vec<(usize, usize)>> = profiles.minimal.iter().collect();
        let mut new: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut exhaustive = true;
        for list in found {
            let (list, all) = list?;
            exhaustive &= all;
            for counts in list {
                let profile: Vec<(usize, usize)> =
                    counts.iter().copied().enumerate().filter(|&(_, k)| k > 0).collect();
                if !known.contains(&profile) && seen.insert(profile.clone()) {
                    new.push(profile);
                }
            }
        }
        drop(known);
        Ok((self.extend(profiles, new)?, exhaustive))
    }

    fn extend(
        &self,
        profiles: &mut Profiles,
        new: Vec<Vec<(usize, usize)>>,
    ) -> Result<bool, BargainingError> {
        let added = !new.is_empty();
        profiles.minimal.extend(new);
        if profiles.minimal.len() > MAX_COLUMNS {
            return Err(BargainingError::Parameter {
                what: "baron-ferejohn",
                message: format!(
                    "more than {MAX_COLUMNS} candidate coalitions collected; expected fewer members in distinct roles"
                ),
            });
        }
        Ok(added)
    }
}

/// The equilibrium values and faces over the profiles `profiles` (grown by `oracle`, if given,
/// until no proposer has a cheaper coalition outside them).
fn solve(
    profiles: &mut Profiles,
    p: &[f64],
    delta: f64,
    scale: f64,
    oracle: Option<&Oracle>,
    cancel: &CancelToken,
) -> Result<(Vec<f64>, Faces), BargainingError> {
    // The equations borrow the current pool, and are rebuilt whenever it grows.
    fn over<'a>(profiles: &'a Profiles, p: &[f64], delta: f64, scale: f64) -> Equations<'a> {
        Equations { profiles, p: p.to_vec(), delta, scale }
    }
    let mut v = p.to_vec();
    let mut tau = TAU_START;
    let mut step = TAU_STEP;
    // Columns are added a few times per temperature (the smoothed game over a partial pool
    // drifts as it grows, so chasing it at a high temperature never ends), and until none is
    // missing at the last.
    let mut refreshed_at = f64::NAN;
    let mut refreshes = 0;
    let mut completions = 0;
    // What the last completion (and the prunings since) guarantee the pool holds.
    let mut complete: Option<Completeness> = None;
    let tau_end = if oracle.is_some() { KNAPSACK_TAU_END } else { TAU_END };
    loop {
        cancel.check()?;
        let mut work = 0;
        let next = over(profiles, p, delta, scale).newton(v.clone(), tau * scale, &mut work, cancel);
        // A cancelled Newton solve gives `None` too: it must not read as a stall.
        cancel.check()?;
        if let Some(oracle) = oracle {
            oracle.knapsack.charge_pool(work)?;
        }
        match next {
            Some(next) => {
                v = next;
                let last = tau <= tau_end * 1.01;
                // At low temperatures the pool is completed with every near-cheapest
                // coalition the smoothed game weighs, and the temperature re-solved until
                // nothing is missing, so the homotopy follows the full game's path.
                if let Some(oracle) = oracle
                    && tau <= COMPLETE_BELOW
                    && completions < MAX_COMPLETIONS
                {
                    completions += 1;
                    let gap = CUTOFF * tau * scale;
                    let known = complete.as_ref().is_some_and(|c| c.covers(&profiles.sizes, delta, &v, gap));
                    if !known {
                        let (added, exhaustive) = oracle.complete(profiles, &v, gap)?;
                        complete = exhaustive.then(|| Completeness { values: v.clone(), gap });
                        if added {
                            continue;
                        }
                    }
                } else if let Some(oracle) = oracle
                    && (last || refreshed_at != tau || refreshes < REFRESHES_PER_TEMPERATURE)
                {
                    if refreshed_at != tau {
                        refreshed_at = tau;
                        refreshes = 0;
                    }
                    refreshes += 1;
                    if oracle.refresh(profiles, &v)? {
                        continue;
                    }
                }
                completions = 0;
                if tau <= tau_end * 1.01 {
                    break;
                }
                tau = (tau * step).max(tau_end);
                // The pool keeps only what the new temperature may weigh: coalitions it
                // weighs below e^-120 cannot matter before the values move by more than
                // 80 temperatures, and an unpruned pool of tens of thousands of coalitions
                // completed at a higher temperature was nine tenths of the EU Council's time.
                if let Some(oracle) = oracle {
                    let gap = PRUNE_CUTOFFS * CUTOFF * tau * scale;
                    oracle.knapsack.charge_pool(profiles.minimal.len())?;
                    prune(profiles, p, delta, scale, &v, gap);
                    complete = complete.and_then(|c| c.pruned(&profiles.sizes, delta, &v, gap));
                }
            }
            // Retreat to a smaller step in temperature; give up when it no longer moves.
            None => {
                let last = if tau == TAU_START {
                    return Err(BargainingError::NotConverged { tau });
                } else {
                    tau / step
                };
                step = step.sqrt();
                if step > 0.99 {
                    return Err(BargainingError::NotConverged { tau });
                }
                tau = last * step;
            }
        }
    }
    // The mixing LP is for pools whose cheapest coalitions tie by the hundred; where it finds
    // no mixture (a five-member game whose homotopy ends with a mixed proposer), the exact
    // system below, as for the enumeration, solves the few sets the homotopy weighs.
    if let Some(oracle) = oracle {
        match super::baron_ferejohn_mixing::finish(profiles, p, delta, scale, &v, CUTOFF * tau, cancel) {
            Ok((v, faces)) => {
                if !oracle.refresh(profiles, &v)? {
                    return Ok((v, faces));
                }
                return Err(BargainingError::NotConverged { tau });
            }
            Err(BargainingError::NotConverged { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let mut faces: Faces = {
        let eq = over(profiles, p, delta, scale);
        let active = eq.active(&v, tau * scale);
        let choice = eq.choose(&v, tau * scale, &active, false);
        // Carathéodory's reduction costs about a face times classes squared per class.
        let work: usize = choice.chosen.iter().map(Vec::len).sum::<usize>() * choice.chosen.len().pow(2);
        map_indices(choice.chosen.len(), work >= PARALLEL_WORK, |t| {
            let face: Vec<(usize, f64)> =
                choice.chosen[t].iter().copied().filter(|&(_, prob)| prob > FACE_WEIGHT).collect();
            eq.caratheodory(t, face)
        })
    };
    loop {
        let exact = over(profiles, p, delta, scale).exact(v.clone(), faces.clone(), cancel);
        cancel.check()?;
        let (next_v, next_faces) = exact.ok_or(BargainingError::NotConverged { tau })?;
        v = next_v;
        faces = next_faces;
        match oracle {
            Some(oracle) if oracle.refresh(profiles, &v)? => continue,
            _ => return Ok((v, faces)),
        }
    }
}

/// A guarantee on the knapsack method's pool: it holds every minimal winning coalition that
/// costs at most `gap` more than each proposer class's cheapest (over all coalitions) at class
/// values `values`. A completion that ran to the end gives one; pruning and moving values
/// weaken it, and while it covers the current values and gap, a new completion would find
/// nothing minimal that is missing, so it is skipped (on the EU Council, about half the
/// completions found nothing, each a branch and bound per proposer class).
struct Completeness {
    values: Vec<f64>,
    gap: f64,
}

impl Completeness {
    /// The most any coalition's cost to any proposer, and so any proposer's least cost, can
    /// differ between class values `a` and `b`: a coalition holds at most all `sizes[c]`
    /// members of class `c`, each costing `delta v_c`.
    fn drift(sizes: &[usize], delta: f64, a: &[f64], b: &[f64]) -> f64 {
        delta * sizes.iter().zip(a.iter().zip(b)).map(|(&k, (x, y))| k as f64 * (x - y).abs()).sum::<f64>()
    }

    /// Whether the pool holds every minimal winning coalition within `gap` of each proposer's
    /// cheapest at values `v`: such a coalition costs at most `gap + drift` more than the
    /// cheapest at `values`. Going from `v` to `values`, a coalition's cost rises by at most
    /// `P = delta sum_c sizes_c (values_c - v_c)^+` and the cheapest cost falls by at most
    /// `N = delta sum_c sizes_c (v_c - values_c)^+`, and `P + N` is the drift (an earlier
    /// bound of twice the drift counted both moves in full twice, and so completed the pool at
    /// the lowest temperatures of the EU Council when nothing could be missing). A margin of
    /// 1e-12 covers rounding in the prices.
    fn covers(&self, sizes: &[usize], delta: f64, v: &[f64], gap: f64) -> bool {
        gap + Self::drift(sizes, delta, &self.values, v) + 1e-12 <= self.gap
    }

    /// The guarantee left after the pool is pruned to `gap` above each proposer's cheapest in
    /// the pool at values `v` (which is no cheaper than the cheapest of all): what it covered
    /// at `v` (within its gap less the drift, as in [`Completeness::covers`]) and lies within
    /// `gap` was kept.
    fn pruned(self, sizes: &[usize], delta: f64, v: &[f64], gap: f64) -> Option<Completeness> {
        let held = self.gap - Self::drift(sizes, delta, &self.values, v) - 1e-12;
        (held > 0.0).then(|| Completeness { values: v.to_vec(), gap: held.min(gap) })
    }
}

/// Drops from the knapsack method's pool every profile that costs more than `gap` above the
/// cheapest for every proposer class at values `v` (column generation brings back any that
/// become cheap again).
fn prune(profiles: &mut Profiles, p: &[f64], delta: f64, scale: f64, v: &[f64], gap: f64) {
    let keep: Vec<bool> = {
        let eq = Equations { profiles, p: p.to_vec(), delta, scale };
        let mut keep = vec![false; profiles.minimal.len()];
        for (_, list) in eq.cheapest_within(v, gap) {
            list.into_iter().for_each(|i| keep[i] = true);
        }
        keep
    };
    let mut k = keep.iter();
    profiles.minimal.retain(|_| *k.next().unwrap_or(&true));
}

/// Checks the equilibrium conditions of `eq`: each chosen partner set wins with its proposer
/// and is cheapest (against every minimal winning profile, or by the knapsack's independent
/// dynamic program), probabilities sum to one, offers are discounted values, and the values
/// solve their equations.
fn verify(
    game: &Game,
    equations: &Equations,
    eq: &BaronFerejohn,
    knapsack: Option<&Knapsack>,
) -> Result<(), BargainingError> {
    let fail = |condition: String| Err(BargainingError::EquilibriumCheck { condition });
    let v: Vec<f64> = eq.classes.iter().map(|c| c.value).collect();
    let n = v.len();
    let cost = |partners: &[usize]| -> f64 {
        equations.delta * partners.iter().zip(&v).map(|(&k, x)| k as f64 * x).sum::<f64>()
    };
    let prices: Vec<f64> = v.iter().map(|x| equations.delta * x).collect();
    // The knapsack's checks are dynamic programs worth a thread each; pricing every minimal
    // profile for every class runs on the calling thread when it is small (the Security
    // Council's few hundred profiles: handing them to the thread pool cost more than the work).
    let parallel = knapsack.is_some() || equations.profiles.minimal.len() * n >= PARALLEL_WORK;
    let undercut: Vec<Result<Option<f64>, BargainingError>> = map_indices(n, parallel, |t| {
        let dearest =
            eq.classes[t].proposals.iter().map(|p| cost(&p.partners)).fold(f64::NEG_INFINITY, f64::max);
        match knapsack {
            Some(knapsack) => knapsack.cheaper_than(&prices, t, dearest - TOLERANCE),
            None => Ok(equations
                .profiles
                .minimal
                .iter()
                .map(|m| equations.cost(&v, m, t))
                .filter(|&c| c < dearest - TOLERANCE)
                .reduce(f64::min)),
        }
    });
    for (t, class) in eq.classes.iter().enumerate() {
        if let Some(cheaper) = undercut[t].clone()? {
            return fail(format!(
                "class {t}: a chosen partner set is not the cheapest ({cheaper} is cheaper)"
            ));
        }
        let total: f64 = class.proposals.iter().map(|p| p.probability).sum();
        if (total - 1.0).abs() > 1e-12 || class.proposals.iter().any(|p| p.probability < 0.0) {
            return fail(format!("class {t}: proposal probabilities sum to {total}, not 1"));
        }
        for p in &class.proposals {
            // The proposer (the first member of its class) and the first members of each class
            // other than it: by interchangeability, wins iff any such draw wins.
            let proposer = class.members[0];
            let mut coalition = Coalition::from_players([proposer]);
            for (c, &k) in p.partners.iter().enumerate() {
                let pool: Vec<usize> =
                    eq.classes[c].members.iter().copied().filter(|&j| j != proposer).collect();
                if pool.len() < k {
                    return fail(format!("class {t}: {k} partners from a pool of {}", pool.len()));
                }
                pool[..k].iter().for_each(|&j| coalition.insert(j));
            }
            if !game.is_winning(&coalition) {
                return fail(format!("class {t}: a chosen partner set does not win"));
            }
        }
        if (class.offer - equations.delta * class.value).abs() > TOLERANCE {
            return fail(format!("class {t}: the offer is not the discounted value"));
        }
    }
    for (s, &value_s) in v.iter().enumerate() {
        let mut value = equations.p[s]
            * (1.0 - eq.classes[s].proposals.iter().map(|p| p.probability * cost(&p.partners)).sum::<f64>());
        for t in 0..n {
            let partners: f64 =
                eq.classes[t].proposals.iter().map(|p| p.probability * p.partners[s] as f64).sum();
            value += equations.invitation(t, s) * partners * equations.delta * value_s;
        }
        if (value - value_s).abs() > TOLERANCE {
            return fail(format!("class {s}: the value {value_s} misses its equation ({value})"));
        }
    }
    let total: f64 = eq.values.iter().sum();
    if (total - 1.0).abs() > TOLERANCE {
        return fail(format!("values sum to {total}, not 1"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::WeightedGame;

    /// Issue 16: the homotopy's pool work counts against the knapsack method's whole-solve
    /// budget. With the budget all but spent, the first Newton solve (before any further
    /// branch and bound) refuses in one line naming the limit and the alternatives, and only
    /// its pricings were charged; with the budget untouched the same solve finishes.
    #[test]
    fn the_homotopys_pool_work_is_charged_to_the_whole_solve_budget() {
        use crate::bargaining::MAX_WORK;
        let game = Game::from(WeightedGame::new((1..=12).collect(), 40).unwrap());
        let members: Vec<Vec<usize>> = (0..12).map(|i| vec![i]).collect();
        let p = vec![1.0 / 12.0; 12];
        let form = game.size_weight_form().unwrap();
        // Near the limit, the work charged before the solve leaves half of what the first
        // Newton solve prices.
        let run = |near_limit: bool| {
            let knapsack = Knapsack::new(&form, &members);
            let mut profiles = Profiles { sizes: vec![1; 12], minimal: Vec::new() };
            let oracle = Oracle { knapsack: &knapsack, delta: 0.9 };
            oracle.refresh(&mut profiles, &p).unwrap();
            let mut first = 0;
            let eq = Equations { profiles: &profiles, p: p.clone(), delta: 0.9, scale: 0.9 };
            eq.newton(p.clone(), TAU_START * 0.9, &mut first, &CancelToken::new()).unwrap();
            assert!(first >= profiles.minimal.len(), "{first}");
            let spent = if near_limit { MAX_WORK - first / 2 } else { 0 };
            knapsack.set_work(spent);
            let result = solve(&mut profiles, &p, 0.9, 0.9, Some(&oracle), &CancelToken::new());
            (result, knapsack.work() - spent, first)
        };
        let (result, _, _) = run(false);
        let (v, _) = result.unwrap();
        assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-8, "{v:?}");
        let (result, charged, first) = run(true);
        let err = result.expect_err("the budget is exceeded").to_string();
        assert_eq!(charged, first, "only the first Newton solve's pricings were charged");
        assert!(err.contains(&MAX_WORK.to_string()) && err.contains("homotopy"), "{err}");
        assert!(err.contains("smaller body") && err.contains("--method enumeration"), "{err}");
    }

    #[test]
    fn the_jacobian_matches_finite_differences() {
        let game = Game::from(WeightedGame::new(vec![4, 1, 1, 4, 1, 1, 6], 13).unwrap());
        let p = [0.0794, 0.1958, 0.1345, 0.2577, 0.0948, 0.0497, 0.1881];
        let total: f64 = p.iter().sum();
        let p: Vec<f64> = p.iter().map(|x| x / total).collect();
        let members: Vec<Vec<usize>> = (0..7).map(|i| vec![i]).collect();
        let profiles = enumerate_profiles(&game, &members, &CancelToken::new()).unwrap();
        let eq = Equations { profiles: &profiles, p: p.clone(), delta: 0.9988, scale: 0.9988 };
        let v: Vec<f64> = p.iter().map(|x| x * 0.9 + 0.01).collect();
        let tau = 0.05;
        let active = eq.active(&v, tau);
        let choice = eq.choose(&v, tau, &active, true);
        let j = eq.jacobian(&v, tau, &choice);
        let h = 1e-6;
        for u in 0..7 {
            let mut up = v.clone();
            up[u] += h;
            let mut down = v.clone();
            down[u] -= h;
            let gu = eq.residual(&up, &eq.choose(&up, tau, &active, false));
            let gd = eq.residual(&down, &eq.choose(&down, tau, &active, false));
            for s in 0..7 {
                let fd = (gu[s] - gd[s]) / (2.0 * h);
                assert!((fd - j[(s, u)]).abs() < 1e-5, "({s}, {u}): {fd} against {}", j[(s, u)]);
            }
        }
    }
}
