//! Stable bloc structures among interchangeable members, counted by bloc sizes: exact for the
//! 193 members of the General Assembly.
//!
//! The question. A body of `n` members with one vote each passes a motion with at least `q`
//! yes votes. `c` of the members are *candidates*, free to form blocs; the other `n - c` stand
//! alone (the two types: candidates and others). Since members are interchangeable, a bloc
//! structure is, up to renaming, its multiset of bloc sizes among the candidates (`[39]`:
//! one bloc of 39, everyone else alone), and payoffs depend on the sizes only. This module
//! answers, for one of the three models of [`stable_structures`](super::stable_structures):
//!
//! - [`structure_stability`]: is this structure stable, and if not, which deviation breaks it
//!   (how many members leave each bloc and how many lone candidates join them);
//! - [`stable_structures_by_types`]: which structures with at most `K` blocs of two or more
//!   members are stable. It examines every such structure, so it says nothing about
//!   structures with more than `K` blocs; their deviations, though, may create a `K + 1`-th
//!   bloc, and those are examined.
//!
//! Payoffs, for a member of a bloc of `k` (`k = 1`: standing alone):
//!
//! - Hart-Kurz gamma and delta: the Owen value. By symmetry inside the bloc it is the bloc's
//!   Shapley value in the quotient game (the weighted game of the blocs, weight = size, quota
//!   `q`) divided by `k`.
//! - Exclusive membership (Yi): the compound-game Shapley-Shubik index, each bloc deciding by a
//!   simple majority `floor(k / 2) + 1` of its members and casting its `k` votes as one:
//!   `C(k - 1, m - 1) sum_S omega_n(|S| + m - 1)` over the sets `S` of outsiders that the bloc's
//!   `k` votes turn from losing to winning.
//!
//! Stability is that of the partition enumeration, by counts. A deviating group `T` is
//! described by how many members it takes from each bloc and from the lone candidates (members
//! of equal blocs are interchangeable, so which ones does not matter): under gamma the blocs it
//! touches break up into singletons, and the structure after depends only on which blocs are
//! touched and on `|T|`; under delta the members left behind stay together and every count
//! vector (a multiset per class of equal blocs) is tried; under exclusive membership one member
//! leaves its bloc to stand alone. `T` breaks the structure when every member of `T` gains
//! strictly (by [`GAIN_TOLERANCE`]): its members all end in one bloc, so `T` gains when the
//! payoff there beats the best payoff among the blocs it draws from.
//!
//! Algorithm and cost. One payoff is a sum over the other blocs, counted by weight (below
//! `q`) and by number of blocs (Owen) or of members (compound) as a sparse table, times the
//! lone members, counted in closed form by binomial coefficients: `O(2^B n)` for `B` other
//! blocs (Owen), `O(2^B n^2)` (compound), microseconds to a fraction of a millisecond at
//! `n = 193`. The number of deviations is estimated before running ([`types_cost`]), an upper
//! bound: at most `2^(B + 1) (c + 1)` per structure under gamma, `prod_b (k_b + 1) (c + 1)`
//! under delta, `B` under exclusive membership; structures with at most `K` blocs number about
//! `c^K / (K! (K - 1)!)`. Above [`TYPES_MAX_DEVIATIONS`] deviations (or
//! [`TYPES_MAX_COMPOUND`] structures times blocs under exclusive membership) the question is
//! refused with the limit and the alternative (fewer blocs, fewer candidates, or one structure
//! checked). Counts are floating point as in the tables of [`pooling`](super::pooling) (see
//! that module): relative error about `n 2^-53`.
//!
//! # References
//! Hart & Kurz (1983), "Endogenous formation of coalitions", Econometrica 51(4), 1047-1064;
//! Yi (1997), "Stable coalition structures with externalities", Games and Economic Behavior
//! 20(2), 201-237; Owen (1977), "Values of games with a priori unions" (the quotient-game
//! property); Felsenthal & Machover (1998), sec. 2.3 (compound games).
//!
//! ```
//! use comity::caucus::{InterchangeableBody, StabilityModel, structure_stability};
//! // Three members, 2 of 3 to pass, all candidates. A bloc of two decides alone: its members
//! // get 1/2 each (Owen), the third nothing, and no group gains by leaving (hand-computed).
//! let body = InterchangeableBody::new(3, 2, 3)?;
//! let s = structure_stability(&body, &[2], StabilityModel::Gamma)?;
//! assert!(s.deviation.is_none());
//! assert!((s.payoffs[0].payoff - 0.5).abs() < 1e-12);
//! // Everyone alone is not stable: two members gain 1/2 - 1/3 by forming that bloc.
//! let alone = structure_stability(&body, &[], StabilityModel::Gamma)?;
//! assert_eq!(alone.deviation.unwrap().after, vec![2]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::stability::StabilityModel;
use super::table::binomial;
use super::{CaucusError, GAIN_TOLERANCE};
use crate::cancel::CancelToken;
use crate::game::{SimpleGame, WeightedGame};
use rayon::prelude::*;
use serde::Serialize;

/// Most deviations examined under Hart & Kurz's models (an upper bound estimated before
/// running; each costs one Owen payoff, microseconds at the General Assembly's size).
///
/// ```
/// use comity::caucus::TYPES_MAX_DEVIATIONS;
/// assert_eq!(TYPES_MAX_DEVIATIONS, 20_000_000);
/// ```
pub const TYPES_MAX_DEVIATIONS: u128 = 20_000_000;

/// Most compound-game payoffs computed under exclusive membership (structures times their
/// bloc sizes, twice: before and after a member leaves; each a fraction of a millisecond at the
/// General Assembly's size).
///
/// ```
/// use comity::caucus::TYPES_MAX_COMPOUND;
/// assert_eq!(TYPES_MAX_COMPOUND, 200_000);
/// ```
pub const TYPES_MAX_COMPOUND: u128 = 200_000;

/// A body of interchangeable members: `members` with one vote each, `quota` yes votes to pass,
/// the first `candidates` of them free to form blocs (which ones does not matter).
///
/// ```
/// use comity::caucus::InterchangeableBody;
/// // The General Assembly under two-thirds, every member a candidate.
/// let ga = InterchangeableBody::new(193, 129, 193)?;
/// assert_eq!((ga.members(), ga.quota(), ga.candidates()), (193, 129, 193));
/// # Ok::<(), comity::caucus::CaucusError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InterchangeableBody {
    // Private so that every body has passed `new`'s checks: the methods index tables by these.
    members: usize,
    quota: usize,
    candidates: usize,
}

impl InterchangeableBody {
    /// Checks `1 <= quota <= members <= MAX_PLAYERS` and `1 <= candidates <= members`.
    ///
    /// ```
    /// use comity::caucus::{CaucusError, InterchangeableBody};
    /// assert_eq!(
    ///     InterchangeableBody::new(5, 6, 5).unwrap_err(),
    ///     CaucusError::QuotaOutOfRange { quota: 6, members: 5 }
    /// );
    /// ```
    pub fn new(members: usize, quota: usize, candidates: usize) -> Result<Self, CaucusError> {
        if members > crate::game::MAX_PLAYERS {
            return Err(CaucusError::TooManyMembers { members, limit: crate::game::MAX_PLAYERS });
        }
        if quota == 0 || quota > members {
            return Err(CaucusError::QuotaOutOfRange { quota, members });
        }
        if candidates == 0 || candidates > members {
            return Err(CaucusError::CandidatesOutOfRange { candidates, members });
        }
        Ok(InterchangeableBody { members, quota, candidates })
    }

    /// Members (one vote each).
    ///
    /// ```
    /// use comity::caucus::InterchangeableBody;
    /// // The General Assembly under two-thirds, AOSIS's 37 UN members the candidates.
    /// assert_eq!(InterchangeableBody::new(193, 129, 37)?.members(), 193);
    /// # Ok::<(), comity::caucus::CaucusError>(())
    /// ```
    pub fn members(&self) -> usize {
        self.members
    }

    /// Yes votes needed (at least).
    ///
    /// ```
    /// use comity::caucus::InterchangeableBody;
    /// // The General Assembly under two-thirds, AOSIS's 37 UN members the candidates.
    /// assert_eq!(InterchangeableBody::new(193, 129, 37)?.quota(), 129);
    /// # Ok::<(), comity::caucus::CaucusError>(())
    /// ```
    pub fn quota(&self) -> usize {
        self.quota
    }

    /// Members free to form blocs.
    ///
    /// ```
    /// use comity::caucus::InterchangeableBody;
    /// // The General Assembly under two-thirds, AOSIS's 37 UN members the candidates.
    /// assert_eq!(InterchangeableBody::new(193, 129, 37)?.candidates(), 37);
    /// # Ok::<(), comity::caucus::CaucusError>(())
    /// ```
    pub fn candidates(&self) -> usize {
        self.candidates
    }

    /// The body of a weighted game whose members all carry the same weight (one vote each up to
    /// the unit), with `candidates` (distinct members of the game) free to form blocs.
    ///
    /// ```
    /// use comity::caucus::{CaucusError, InterchangeableBody};
    /// use comity::game::WeightedGame;
    /// // Weights of 10 each, quota 25: three votes of ten, whatever the unit.
    /// let body = InterchangeableBody::from_game(&WeightedGame::new(vec![10; 5], 25)?, &[0, 1])?;
    /// assert_eq!((body.members(), body.quota(), body.candidates()), (5, 3, 2));
    /// let unequal = WeightedGame::new(vec![2, 1, 1], 3)?;
    /// assert_eq!(
    ///     InterchangeableBody::from_game(&unequal, &[0]).unwrap_err(),
    ///     CaucusError::NotInterchangeable { member: 1, weight: 1, expected: 2 }
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_game(top: &WeightedGame, candidates: &[usize]) -> Result<Self, CaucusError> {
        let n = top.n();
        super::pooling::check_members(n, candidates)?;
        let w0 = top.weights()[0];
        if let Some(member) = top.weights().iter().position(|&w| w != w0) {
            return Err(CaucusError::NotInterchangeable {
                member,
                weight: top.weights()[member],
                expected: w0,
            });
        }
        // Votes of w0 each: q weight is reached by ceil(q / w0) members (w0 >= 1: the game's
        // quota is met by some coalition, so the weights are not all zero).
        let quota = top.quota().div_ceil(w0.max(1)) as usize;
        InterchangeableBody::new(n, quota, candidates.len())
    }
}

/// A member's payoff in a bloc of one size.
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, structure_stability};
/// let s = structure_stability(&InterchangeableBody::new(3, 2, 3)?, &[2], StabilityModel::Delta)?;
/// // The bloc's members, then the member standing alone.
/// assert_eq!((s.payoffs[0].size, s.payoffs[1].size), (2, 1));
/// assert!(s.payoffs[1].payoff.abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SizePayoff {
    /// The bloc's size (1: a member standing alone).
    pub size: usize,
    /// Each of its members' payoff.
    pub payoff: f64,
}

/// A deviation that breaks a structure: a group drawing `leaving[i]` members from the `i`-th
/// bloc and `from_alone` lone candidates, all better off in the structure `after`.
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, structure_stability};
/// let s = structure_stability(&InterchangeableBody::new(3, 2, 3)?, &[3], StabilityModel::Gamma)?;
/// let d = s.deviation.expect("two of three gain by excluding the third");
/// assert_eq!((d.leaving.clone(), d.from_alone, d.after.clone()), (vec![2], 0, vec![2]));
/// assert!(d.payoff_after > d.payoff_before);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypedDeviation {
    /// Members the group takes from each bloc, in the order of the structure's blocs.
    pub leaving: Vec<usize>,
    /// Lone candidates in the group.
    pub from_alone: usize,
    /// The blocs of two or more after the deviation (sizes, largest first).
    pub after: Vec<usize>,
    /// The best payoff a member of the group had before.
    pub payoff_before: f64,
    /// Each member's payoff after.
    pub payoff_after: f64,
}

/// One structure and its verdict.
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, structure_stability};
/// let s = structure_stability(&InterchangeableBody::new(3, 2, 3)?, &[2], StabilityModel::Gamma)?;
/// assert_eq!((s.blocs.clone(), s.alone), (vec![2], 1));
/// assert!(s.stable());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypedStructure {
    /// Sizes of the blocs of two or more candidates, largest first.
    pub blocs: Vec<usize>,
    /// Candidates standing alone.
    pub alone: usize,
    /// Each size's member payoff: the blocs' distinct sizes, largest first, then 1 if anyone
    /// (candidate or not) stands alone.
    pub payoffs: Vec<SizePayoff>,
    /// A profitable deviation, or `None` when the structure is stable.
    pub deviation: Option<TypedDeviation>,
    /// Deviations examined.
    pub deviations: u64,
}

impl TypedStructure {
    /// Whether no deviation breaks it.
    ///
    /// ```
    /// use comity::caucus::{InterchangeableBody, StabilityModel, structure_stability};
    /// let s = structure_stability(&InterchangeableBody::new(3, 2, 3)?, &[], StabilityModel::ExclusiveMembership)?;
    /// // No bloc, so no member can leave one.
    /// assert!(s.stable());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stable(&self) -> bool {
        self.deviation.is_none()
    }
}

/// The stable structures with at most `max_blocs` blocs of two or more candidates.
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, stable_structures_by_types};
/// let s = stable_structures_by_types(&InterchangeableBody::new(3, 2, 3)?, 1, StabilityModel::ExclusiveMembership)?;
/// // Everyone alone, a bloc of two, a bloc of three: all stable when members may only leave.
/// assert_eq!((s.structures, s.stable.len()), (3, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypedStability {
    /// The model.
    pub model: StabilityModel,
    /// The body.
    pub body: InterchangeableBody,
    /// Most blocs of two or more per structure examined.
    pub max_blocs: usize,
    /// Structures examined.
    pub structures: u64,
    /// Deviations examined.
    pub deviations: u64,
    /// The stable structures, fewest blocs first, then by sizes (largest first, descending).
    pub stable: Vec<TypedStructure>,
}

/// The work a question needs, estimated before running: structures and (at most) deviations.
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, types_cost};
/// let ga = InterchangeableBody::new(193, 129, 193)?;
/// // Everyone alone, or one bloc of 2 to 193.
/// assert_eq!(types_cost(&ga, 1, StabilityModel::Gamma).structures, 193);
/// # Ok::<(), comity::caucus::CaucusError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TypesCost {
    /// Structures with at most the given number of blocs of two or more.
    pub structures: u128,
    /// An upper bound on the deviations examined (exclusive membership: compound payoffs).
    pub deviations: u128,
}

/// Structures of `c` candidates with at most `max_blocs` blocs of two or more, and an upper
/// bound on their deviations, by dynamic programming over bloc sizes (no enumeration).
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, types_cost};
/// // Six candidates, at most two blocs: [], [2] to [6], [2, 2], [3, 2], [4, 2], [3, 3].
/// let body = InterchangeableBody::new(6, 4, 6)?;
/// assert_eq!(types_cost(&body, 2, StabilityModel::Delta).structures, 10);
/// # Ok::<(), comity::caucus::CaucusError>(())
/// ```
pub fn types_cost(body: &InterchangeableBody, max_blocs: usize, model: StabilityModel) -> TypesCost {
    let c = body.candidates;
    let kmax = max_blocs.min(c / 2);
    // count[s][b], weight[s][b]: structures using s candidates in b blocs, and the sum over them
    // of the model's per-structure factor that depends on the blocs.
    let mut count = vec![vec![0u128; kmax + 1]; c + 1];
    let mut weight = vec![vec![0u128; kmax + 1]; c + 1];
    count[0][0] = 1;
    weight[0][0] = 1;
    for k in 2..=c {
        let factor = match model {
            StabilityModel::Gamma => 2,
            StabilityModel::Delta => (k + 1) as u128,
            StabilityModel::ExclusiveMembership => 1,
        };
        // Any number of blocs of size k (unbounded knapsack: multisets of sizes).
        for s in k..=c {
            for b in 1..=kmax {
                count[s][b] = count[s][b].saturating_add(count[s - k][b - 1]);
                weight[s][b] = weight[s][b].saturating_add(weight[s - k][b - 1].saturating_mul(factor));
            }
        }
    }
    let mut structures = 0u128;
    let mut deviations = 0u128;
    for s in 0..=c {
        for b in 0..=kmax {
            structures = structures.saturating_add(count[s][b]);
            let per = match model {
                StabilityModel::Gamma => weight[s][b].saturating_mul(2 * (c as u128 + 1)),
                StabilityModel::Delta => weight[s][b].saturating_mul((c - s) as u128 + 1),
                // Each distinct size: its payoff before, and after one member leaves.
                StabilityModel::ExclusiveMembership => count[s][b].saturating_mul(2 * b as u128 + 1),
            };
            deviations = deviations.saturating_add(per);
        }
    }
    TypesCost { structures, deviations }
}

/// ln(i!) for i = 0..=n.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n + 1];
    for i in 1..=n {
        out[i] = out[i - 1] + (i as f64).ln();
    }
    out
}

/// Payoffs of members by the size of their bloc, for one body and model.
struct Payoffs {
    body: InterchangeableBody,
    compound: bool,
    ln_fact: Vec<f64>,
}

impl Payoffs {
    fn new(body: InterchangeableBody, model: StabilityModel) -> Payoffs {
        Payoffs {
            body,
            compound: model == StabilityModel::ExclusiveMembership,
            ln_fact: ln_factorials(body.members + 1),
        }
    }

    /// `a! (p - 1 - a)! / p!`: the chance that a given player comes right after a given set of
    /// `a` of the other `p - 1` in a random order.
    fn omega(&self, p: usize, a: usize) -> f64 {
        let f = &self.ln_fact;
        (f[a] + f[p - 1 - a] - f[p]).exp()
    }

    /// The payoff of a member of a bloc of `own` members (1: alone) when the blocs of two or
    /// more are `blocs` (which includes `own` if `own >= 2`).
    fn member(&self, blocs: &[usize], own: usize) -> f64 {
        let n = self.body.members;
        let q = self.body.quota;
        let mut others = blocs.to_vec();
        let mut alone = n - blocs.iter().sum::<usize>();
        if own >= 2 {
            let at = others.iter().position(|&k| k == own).expect("the member's bloc is among the blocs");
            others.swap_remove(at);
        } else {
            alone -= 1;
        }
        // table[t]: by count (blocs for Owen, members for compound), the subsets of the other
        // blocs carrying weight t < q (heavier subsets never turn from losing to winning).
        let mut table: Vec<Vec<f64>> = vec![Vec::new(); q];
        table[0] = vec![1.0];
        for &k in &others {
            let mut next: Vec<Vec<f64>> = vec![Vec::new(); q];
            let terms: Vec<(usize, usize, f64)> = if self.compound {
                let m = k / 2 + 1;
                (0..=k).map(|j| (j, if j >= m { k } else { 0 }, binomial(k, j))).collect()
            } else {
                vec![(0, 0, 1.0), (1, k, 1.0)]
            };
            for (t, poly) in table.iter().enumerate() {
                if poly.is_empty() {
                    continue;
                }
                for &(count, w, coefficient) in &terms {
                    if t + w >= q {
                        continue;
                    }
                    let dst = &mut next[t + w];
                    if dst.len() < poly.len() + count {
                        dst.resize(poly.len() + count, 0.0);
                    }
                    for (r, &x) in poly.iter().enumerate() {
                        dst[r + count] += coefficient * x;
                    }
                }
            }
            table = next;
        }
        let (players, offset, ways) = if self.compound {
            let m = own / 2 + 1;
            (n, m - 1, binomial(own - 1, m - 1))
        } else {
            (others.len() + alone + 1, 0, 1.0 / own as f64)
        };
        // terms[a][j] = C(alone, j) omega(a + j): j lone members join a set of a before.
        let mut terms: Vec<Vec<f64>> = Vec::new();
        let mut total = 0.0;
        for (t, poly) in table.iter().enumerate() {
            // The own bloc's weight `own` turns t + j from losing to winning.
            let hi = (q - 1 - t).min(alone);
            let lo = (q - t).saturating_sub(own);
            if lo > hi {
                continue;
            }
            for (r, &x) in poly.iter().enumerate() {
                if x == 0.0 {
                    continue;
                }
                let a = r + offset;
                if terms.len() <= a {
                    terms.resize(a + 1, Vec::new());
                }
                if terms[a].is_empty() {
                    let mut row = Vec::with_capacity(alone + 1);
                    let mut term = self.omega(players, a);
                    for j in 0..=alone {
                        row.push(term);
                        if j < alone {
                            term *= (alone - j) as f64 / (j + 1) as f64;
                            term *= (a + j + 1) as f64 / (players - 1 - (a + j)) as f64;
                        }
                    }
                    terms[a] = row;
                }
                total += x * terms[a][lo..=hi].iter().sum::<f64>();
            }
        }
        ways * total
    }

    /// Each size's payoff in the structure (see [`TypedStructure::payoffs`]).
    fn structure(&self, blocs: &[usize]) -> Vec<SizePayoff> {
        let mut sizes: Vec<usize> = blocs.to_vec();
        sizes.dedup();
        if blocs.iter().sum::<usize>() < self.body.members {
            sizes.push(1);
        }
        sizes.into_iter().map(|size| SizePayoff { size, payoff: self.member(blocs, size) }).collect()
    }
}

fn gains(before: f64, after: f64) -> bool {
    after - before > GAIN_TOLERANCE * before.abs().max(after.abs())
}

/// Sizes sorted largest first, the blocs of one member dropped (they stand alone).
fn normalised(mut blocs: Vec<usize>) -> Vec<usize> {
    blocs.retain(|&k| k >= 2);
    blocs.sort_unstable_by(|a, b| b.cmp(a));
    blocs
}

/// Checks one structure (sorted, largest first) and finds a profitable deviation if any.
fn verdict(payoffs: &Payoffs, blocs: &[usize], model: StabilityModel) -> TypedStructure {
    let body = payoffs.body;
    let alone = body.candidates - blocs.iter().sum::<usize>();
    let before = payoffs.structure(blocs);
    let payoff_of = |size: usize| before.iter().find(|p| p.size == size).map(|p| p.payoff).unwrap_or(0.0);
    // Classes of equal blocs: (size, multiplicity, index of the first in `blocs`).
    let mut classes: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &k) in blocs.iter().enumerate() {
        match classes.last_mut() {
            Some((size, count, _)) if *size == k => *count += 1,
            _ => classes.push((k, 1, i)),
        }
    }
    let mut examined = 0u64;
    let mut found: Option<TypedDeviation> = None;
    match model {
        StabilityModel::ExclusiveMembership => {
            for &(k, _, first) in &classes {
                examined += 1;
                let mut after = blocs.to_vec();
                after[first] -= 1;
                let after = normalised(after);
                let value = payoffs.member(&after, 1);
                if gains(payoff_of(k), value) {
                    let mut leaving = vec![0; blocs.len()];
                    leaving[first] = 1;
                    found = Some(TypedDeviation {
                        leaving,
                        from_alone: 0,
                        after,
                        payoff_before: payoff_of(k),
                        payoff_after: value,
                    });
                    break;
                }
            }
        }
        StabilityModel::Gamma => {
            // touched[c]: blocs of class c the group draws from; with_alone: lone candidates too.
            let mut touched = vec![0usize; classes.len()];
            'outer: loop {
                for with_alone in [false, true] {
                    if with_alone && alone == 0 {
                        continue;
                    }
                    let blocs_touched: usize = touched.iter().sum();
                    if blocs_touched == 0 && !with_alone {
                        continue;
                    }
                    let mut best_before: f64 = if with_alone { payoff_of(1) } else { f64::NEG_INFINITY };
                    let mut after: Vec<usize> = Vec::new();
                    let mut most = 0;
                    for (ci, &(k, m, _)) in classes.iter().enumerate() {
                        if touched[ci] > 0 {
                            best_before = best_before.max(payoff_of(k));
                        }
                        after.extend(std::iter::repeat_n(k, m - touched[ci]));
                        most += touched[ci] * k;
                    }
                    let least = blocs_touched + usize::from(with_alone);
                    let most = most + if with_alone { alone } else { 0 };
                    for size in least..=most {
                        examined += 1;
                        let mut with_new = after.clone();
                        with_new.push(size);
                        let with_new = normalised(with_new);
                        let value = payoffs.member(&with_new, size);
                        if gains(best_before, value) {
                            // One concrete group of `size`: one from each touched bloc and lone
                            // candidate, the rest filled in order.
                            let mut leaving = vec![0; blocs.len()];
                            let mut left = size - least;
                            for (ci, &(k, _, first)) in classes.iter().enumerate() {
                                for taken in &mut leaving[first..first + touched[ci]] {
                                    let extra = left.min(k - 1);
                                    *taken = 1 + extra;
                                    left -= extra;
                                }
                            }
                            let from_alone = if with_alone { 1 + left } else { 0 };
                            found = Some(TypedDeviation {
                                leaving,
                                from_alone,
                                after: with_new,
                                payoff_before: best_before,
                                payoff_after: value,
                            });
                            break 'outer;
                        }
                    }
                }
                // Next vector of touched counts (mixed radix).
                let mut ci = 0;
                loop {
                    if ci == classes.len() {
                        break 'outer;
                    }
                    if touched[ci] < classes[ci].1 {
                        touched[ci] += 1;
                        break;
                    }
                    touched[ci] = 0;
                    ci += 1;
                }
            }
        }
        StabilityModel::Delta => {
            // Per class, the members taken from its blocs as a non-increasing vector.
            let mut taken: Vec<Vec<usize>> = classes.iter().map(|&(_, m, _)| vec![0; m]).collect();
            'outer: loop {
                let mut best_before = f64::NEG_INFINITY;
                let mut after: Vec<usize> = Vec::new();
                let mut from_blocs = 0;
                for (ci, &(k, _, _)) in classes.iter().enumerate() {
                    for &t in &taken[ci] {
                        if t > 0 {
                            best_before = best_before.max(payoff_of(k));
                        }
                        after.push(k - t);
                        from_blocs += t;
                    }
                }
                for from_alone in 0..=alone {
                    let size = from_blocs + from_alone;
                    if size == 0 {
                        continue;
                    }
                    examined += 1;
                    let before_best =
                        if from_alone > 0 { best_before.max(payoff_of(1)) } else { best_before };
                    let mut with_new = after.clone();
                    with_new.push(size);
                    let with_new = normalised(with_new);
                    let value = payoffs.member(&with_new, size);
                    if gains(before_best, value) {
                        let leaving = taken.iter().flatten().copied().collect();
                        found = Some(TypedDeviation {
                            leaving,
                            from_alone,
                            after: with_new,
                            payoff_before: before_best,
                            payoff_after: value,
                        });
                        break 'outer;
                    }
                }
                // Next multiset: the vectors of each class in non-increasing order, odometer-like.
                let mut ci = 0;
                loop {
                    if ci == classes.len() {
                        break 'outer;
                    }
                    if next_multiset(&mut taken[ci], classes[ci].0) {
                        break;
                    }
                    ci += 1;
                }
            }
        }
    }
    TypedStructure { blocs: blocs.to_vec(), alone, payoffs: before, deviation: found, deviations: examined }
}

/// Advances `v` (non-increasing, entries in `0..=k`) to the next such vector in colexicographic
/// order; on wrapping around resets it to zeros and returns false.
fn next_multiset(v: &mut [usize], k: usize) -> bool {
    // Increase the last position that can grow without exceeding its left neighbour.
    for i in (0..v.len()).rev() {
        let cap = if i == 0 { k } else { v[i - 1] };
        if v[i] < cap {
            v[i] += 1;
            for x in &mut v[i + 1..] {
                *x = 0;
            }
            return true;
        }
    }
    v.iter_mut().for_each(|x| *x = 0);
    false
}

fn check_cost(cost: TypesCost, model: StabilityModel) -> Result<(), CaucusError> {
    let limit =
        if model == StabilityModel::ExclusiveMembership { TYPES_MAX_COMPOUND } else { TYPES_MAX_DEVIATIONS };
    if cost.deviations > limit {
        return Err(CaucusError::TooManyDeviations { deviations: cost.deviations, limit });
    }
    Ok(())
}

/// Whether the structure with blocs of `blocs` candidates (the other candidates alone) is
/// stable under `model`, with each size's payoff and, if not, a deviation that breaks it.
///
/// ```
/// use comity::caucus::{InterchangeableBody, StabilityModel, structure_stability};
/// // AOSIS's 39 as one bloc in the General Assembly under two-thirds, everyone else alone and
/// // free to join blocs: some group gains by leaving or joining.
/// let ga = InterchangeableBody::new(193, 129, 193)?;
/// let s = structure_stability(&ga, &[39], StabilityModel::Gamma)?;
/// assert!(!s.stable());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn structure_stability(
    body: &InterchangeableBody,
    blocs: &[usize],
    model: StabilityModel,
) -> Result<TypedStructure, CaucusError> {
    if blocs.contains(&0) {
        return Err(CaucusError::EmptyBloc);
    }
    let total = blocs.iter().try_fold(0usize, |a, &k| a.checked_add(k)).unwrap_or(usize::MAX);
    if total > body.candidates {
        return Err(CaucusError::BlocsAboveCandidates { total, candidates: body.candidates });
    }
    let blocs = normalised(blocs.to_vec());
    let alone = (body.candidates - total) as u128;
    // The exact count for this structure (an upper bound under gamma).
    let mut classes: Vec<(usize, u128)> = Vec::new();
    for &k in &blocs {
        match classes.last_mut() {
            Some((size, m)) if *size == k => *m += 1,
            _ => classes.push((k, 1)),
        }
    }
    let deviations = match model {
        StabilityModel::Gamma => {
            classes.iter().fold(2 * (body.candidates as u128 + 1), |acc, &(_, m)| acc.saturating_mul(m + 1))
        }
        StabilityModel::Delta => classes.iter().fold(alone + 1, |acc, &(k, m)| {
            // Multisets of m values in 0..=k: C(m + k, k), by the exact float product rounded.
            acc.saturating_mul(binomial(m as usize + k, k).round().min(u128::MAX as f64) as u128)
        }),
        StabilityModel::ExclusiveMembership => 2 * classes.len() as u128 + 1,
    };
    check_cost(TypesCost { structures: 1, deviations }, model)?;
    Ok(verdict(&Payoffs::new(*body, model), &blocs, model))
}

/// Every structure with at most `max_blocs` blocs of two or more candidates, in order: fewest
/// blocs first, then by sizes in decreasing lexicographic order.
fn structures(c: usize, max_blocs: usize) -> Vec<Vec<usize>> {
    fn rec(left: usize, cap: usize, slots: usize, current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        out.push(current.clone());
        if slots == 0 {
            return;
        }
        for k in (2..=cap.min(left)).rev() {
            current.push(k);
            rec(left - k, k, slots - 1, current, out);
            current.pop();
        }
    }
    let mut out = Vec::new();
    rec(c, c, max_blocs, &mut Vec::new(), &mut out);
    out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| b.cmp(a)));
    out
}

/// The stable structures among those with at most `max_blocs` blocs of two or more
/// candidates (see the module documentation for what this does and does not say).
///
/// ```
/// use comity::caucus::{CaucusError, InterchangeableBody, StabilityModel, stable_structures_by_types};
/// // Three members, 2 of 3: the bloc of two is the one structure stable under gamma.
/// let s = stable_structures_by_types(&InterchangeableBody::new(3, 2, 3)?, 1, StabilityModel::Gamma)?;
/// assert_eq!(s.stable.iter().map(|x| x.blocs.clone()).collect::<Vec<_>>(), vec![vec![2]]);
/// // Every pair of blocs among the 193 members under delta: too many deviations.
/// let ga = InterchangeableBody::new(193, 129, 193)?;
/// let err = stable_structures_by_types(&ga, 2, StabilityModel::Delta).unwrap_err();
/// assert!(matches!(err, CaucusError::TooManyDeviations { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stable_structures_by_types(
    body: &InterchangeableBody,
    max_blocs: usize,
    model: StabilityModel,
) -> Result<TypedStability, CaucusError> {
    stable_structures_by_types_cancellable(body, max_blocs, model, &CancelToken::new())
}

/// [`stable_structures_by_types`] that stops with [`CaucusError::Interrupted`] once `cancel`
/// is cancelled: each structure checks the token before its deviations are examined (up to
/// [`TYPES_MAX_DEVIATIONS`] deviations in all take seconds).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::caucus::{CaucusError, InterchangeableBody, StabilityModel, stable_structures_by_types_cancellable};
/// let body = InterchangeableBody::new(3, 2, 3)?;
/// let cancel = CancelToken::new();
/// let s = stable_structures_by_types_cancellable(&body, 1, StabilityModel::Gamma, &cancel)?;
/// // The bloc of two is the one structure stable under gamma, as uncancelled.
/// assert_eq!(s.stable.iter().map(|x| x.blocs.clone()).collect::<Vec<_>>(), vec![vec![2]]);
/// cancel.cancel();
/// let err = stable_structures_by_types_cancellable(&body, 1, StabilityModel::Gamma, &cancel).unwrap_err();
/// assert!(matches!(err, CaucusError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stable_structures_by_types_cancellable(
    body: &InterchangeableBody,
    max_blocs: usize,
    model: StabilityModel,
    cancel: &CancelToken,
) -> Result<TypedStability, CaucusError> {
    check_cost(types_cost(body, max_blocs, model), model)?;
    cancel.check()?;
    let all = structures(body.candidates, max_blocs);
    let payoffs = Payoffs::new(*body, model);
    // A cancelled run skips the remaining structures and is refused below.
    let verdicts: Vec<TypedStructure> = all
        .par_iter()
        .filter_map(|blocs| (!cancel.is_cancelled()).then(|| verdict(&payoffs, blocs, model)))
        .collect();
    cancel.check()?;
    let deviations = verdicts.iter().map(|v| v.deviations).sum();
    Ok(TypedStability {
        model,
        body: *body,
        max_blocs,
        structures: all.len() as u64,
        deviations,
        stable: verdicts.into_iter().filter(TypedStructure::stable).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structures_are_partitions_into_parts_of_two_or_more() {
        // 6 candidates, up to 3 blocs: [], [2..6], [2,2], [3,2], [4,2], [3,3], [2,2,2].
        assert_eq!(structures(6, 3).len(), 1 + 5 + 4 + 1);
        assert_eq!(
            structures(6, 3).len() as u128,
            types_cost(&InterchangeableBody::new(6, 4, 6).unwrap(), 3, StabilityModel::Gamma).structures
        );
    }

    #[test]
    fn multisets_are_enumerated_once_each() {
        // Non-increasing vectors of length 3 over 0..=2: C(5, 2) = 10.
        let mut v = vec![0; 3];
        let mut count = 1;
        while next_multiset(&mut v, 2) {
            assert!(v.windows(2).all(|w| w[0] >= w[1]));
            count += 1;
        }
        assert_eq!(count, 10);
    }
}
