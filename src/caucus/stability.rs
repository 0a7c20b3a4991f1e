//! Stable bloc structures: which partitions of a set of candidate members into blocs no group
//! of candidates would break.
//!
//! The body decides by one weighted threshold; the candidates (up to
//! [`STABILITY_MAX_CANDIDATES`]) choose a partition `P` into blocs, every other member stands
//! alone. A group `T` of candidates deviates by forming a bloc of its own:
//!
//! - **Hart & Kurz (1983), gamma model**: the blocs that members of `T` leave break up into
//!   singletons (a bloc exists only while all its members still choose it); the others stay.
//! - **Hart & Kurz (1983), delta model**: the remaining members of those blocs stay together.
//!
//! In both models the payoff is the Owen value with the blocs as a priori unions, and `P` is
//! stable when no `T` makes every one of its members strictly better off (Hart & Kurz's strong
//! stability).
//!
//! - **Exclusive membership (Yi 1997)**: a member may leave its bloc to stand alone but joins
//!   one only with the consent of all its members; `P` is stable (a Nash equilibrium of the
//!   game in which members announce their bloc) when no member gains by standing alone, the
//!   rest of its bloc staying together. The payoff is the compound-game Shapley-Shubik index,
//!   each bloc deciding by a simple majority of its members and voting as one.
//!
//! Algorithm: enumerate the partitions as restricted growth strings (Bell(10) = 115,975),
//! compute the payoffs of each distinct partition up to members of equal weight once (with
//! interchangeable candidates, one per partition of the integer: 42 for 10), by the table by
//! size and weight of the members outside each bloc; then for each partition try the
//! deviations `T` (at most `2^c - 1`), stopping at the first profitable one.
//!
//! # References
//! Hart & Kurz (1983), "Endogenous formation of coalitions", Econometrica 51(4), 1047-1064;
//! Yi (1997), "Stable coalition structures with externalities", Games and Economic Behavior
//! 20(2), 201-237; Owen (1977).
//!
//! ```
//! use comity::caucus::{StabilityModel, stable_structures};
//! use comity::game::WeightedGame;
//! // Five members, 3 of 5: candidates 0, 1, 2. The bloc of all three carries the body, and under
//! // Hart and Kurz's delta model it is the one stable structure.
//! let top = WeightedGame::new(vec![1; 5], 3)?;
//! let s = stable_structures(&top, &[0, 1, 2], StabilityModel::Delta)?;
//! assert_eq!(s.partitions, 5);
//! assert!(s.stable.iter().any(|p| p.blocs == vec![vec![0, 1, 2]]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::pooling::{Body, check_members};
use super::table::{Table, binomial, crossing_pairs, shapley_weights};
use super::{CaucusError, GAIN_TOLERANCE};
use crate::cancel::CancelToken;
use crate::game::{SimpleGame, WeightedGame};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Most candidates whose partitions are enumerated (Bell(10) = 115,975 partitions).
///
/// ```
/// use comity::caucus::STABILITY_MAX_CANDIDATES;
/// assert_eq!(STABILITY_MAX_CANDIDATES, 10);
/// ```
pub const STABILITY_MAX_CANDIDATES: usize = 10;

/// Which deviations and payoffs define stability.
///
/// ```
/// use comity::caucus::StabilityModel;
/// assert_eq!(StabilityModel::Gamma.name(), "gamma");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StabilityModel {
    /// Hart & Kurz gamma: left blocs break up; Owen payoffs.
    Gamma,
    /// Hart & Kurz delta: left blocs stay together; Owen payoffs.
    Delta,
    /// Yi's exclusive membership: members may only leave to stand alone; compound payoffs.
    ExclusiveMembership,
}

impl StabilityModel {
    /// The model's name as the command line writes it.
    ///
    /// ```
    /// use comity::caucus::StabilityModel;
    /// assert_eq!(StabilityModel::ExclusiveMembership.name(), "exclusive_membership");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            StabilityModel::Gamma => "gamma",
            StabilityModel::Delta => "delta",
            StabilityModel::ExclusiveMembership => "exclusive_membership",
        }
    }
}

/// One stable partition: its blocs (body indices, singletons included) and each candidate's
/// payoff in the candidates' order.
///
/// ```
/// use comity::caucus::{StabilityModel, stable_structures};
/// use comity::game::WeightedGame;
/// let s = stable_structures(&WeightedGame::new(vec![1; 5], 3)?, &[0, 1, 2], StabilityModel::Delta)?;
/// let grand = s.stable.iter().find(|p| p.blocs.len() == 1).unwrap();
/// // The bloc of three decides alone: its members share the Owen value 1 equally.
/// assert!((grand.payoffs[0] - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stability {
    /// The blocs, each sorted, in the order of their first candidate.
    pub blocs: Vec<Vec<usize>>,
    /// Each candidate's payoff.
    pub payoffs: Vec<f64>,
}

/// The stable partitions of the candidates under one model.
///
/// ```
/// use comity::caucus::{StabilityModel, stable_structures};
/// use comity::game::WeightedGame;
/// let s = stable_structures(&WeightedGame::new(vec![1; 5], 3)?, &[0, 1, 2], StabilityModel::Gamma)?;
/// assert_eq!(s.model, StabilityModel::Gamma);
/// assert!(s.stable.len() <= s.partitions);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StableStructures {
    /// The model.
    pub model: StabilityModel,
    /// The candidates.
    pub candidates: Vec<usize>,
    /// Partitions examined (the Bell number of the candidates).
    pub partitions: usize,
    /// The stable ones, in the order of their restricted growth strings.
    pub stable: Vec<Stability>,
}

/// All restricted growth strings of length `c` (partitions of `0..c`): `a[0] = 0`,
/// `a[i] <= 1 + max(a[..i])`.
fn partitions(c: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut a = vec![0u8; c];
    fn rec(i: usize, max: u8, a: &mut Vec<u8>, out: &mut Vec<Vec<u8>>) {
        if i == a.len() {
            out.push(a.clone());
            return;
        }
        for l in 0..=max + 1 {
            a[i] = l;
            rec(i + 1, max.max(l), a, out);
        }
    }
    if c > 0 {
        rec(1, 0, &mut a, &mut out);
    }
    out
}

/// Relabels in order of first appearance, so that equal partitions have equal strings.
fn normalise(labels: &mut [u8]) {
    let mut map = [u8::MAX; 64];
    let mut next = 0u8;
    for l in labels.iter_mut() {
        if map[*l as usize] == u8::MAX {
            map[*l as usize] = next;
            next += 1;
        }
        *l = map[*l as usize];
    }
}

fn code(labels: &[u8]) -> u64 {
    labels.iter().fold(0u64, |acc, &l| acc << 4 | l as u64)
}

/// The partition after `T` (a bitmask over candidates) deviates from `labels`.
fn deviate(labels: &[u8], t: u32, model: StabilityModel) -> Vec<u8> {
    let c = labels.len();
    let fresh = c as u8; // above every label in use
    let mut touched = 0u64;
    for (j, &l) in labels.iter().enumerate() {
        if t >> j & 1 == 1 {
            touched |= 1 << l;
        }
    }
    let mut out: Vec<u8> = labels
        .iter()
        .enumerate()
        .map(|(j, &l)| {
            if t >> j & 1 == 1 {
                fresh
            } else if model == StabilityModel::Gamma && touched >> l & 1 == 1 {
                fresh + 1 + j as u8 // a singleton of its own
            } else {
                l
            }
        })
        .collect();
    normalise(&mut out);
    out
}

/// Payoffs of one partition shape (blocs as lists of member weights, sorted): for each bloc
/// and each distinct weight in it, the payoff of a member of that weight.
struct Shapes<'a> {
    body: &'a Body,
    base: Table,
    outsiders: usize,
    model: StabilityModel,
}

impl Shapes<'_> {
    fn payoffs(&self, blocs: &[Vec<usize>]) -> Vec<HashMap<usize, f64>> {
        let n = self.body.n();
        let q = self.body.quota;
        let majority = |k: usize| k / 2 + 1;
        (0..blocs.len())
            .map(|b| {
                let own = &blocs[b];
                let k = own.len();
                let own_weight: usize = own.iter().sum();
                let mut table = self.base.clone();
                for (v, other) in blocs.iter().enumerate() {
                    if v == b {
                        continue;
                    }
                    let w: usize = other.iter().sum();
                    match self.model {
                        StabilityModel::ExclusiveMembership if other.len() > 1 => {
                            let m = majority(other.len());
                            let terms: Vec<(usize, usize, f64)> = (1..=other.len())
                                .map(|j| (j, if j >= m { w } else { 0 }, binomial(other.len(), j)))
                                .collect();
                            table.add_factor(&terms);
                        }
                        _ => table.add_member(w),
                    }
                }
                let mut out = HashMap::new();
                for (pos, &w) in own.iter().enumerate() {
                    if out.contains_key(&w) {
                        continue;
                    }
                    let value = match self.model {
                        StabilityModel::ExclusiveMembership => {
                            let m = majority(k);
                            let cross = table.crossing(q, own_weight);
                            let omega = shapley_weights(n);
                            binomial(k - 1, m - 1)
                                * cross
                                    .iter()
                                    .enumerate()
                                    .filter(|&(s, _)| s + m - 1 < n)
                                    .map(|(s, c)| c * omega[s + m - 1])
                                    .sum::<f64>()
                        }
                        _ => {
                            let u = self.outsiders + blocs.len();
                            let outer_omega = shapley_weights(u);
                            let inner_omega = shapley_weights(k);
                            let outer = table.collapse(|r| if r < u { outer_omega[r] } else { 0.0 });
                            let mut inner = Table::unit(k, own_weight);
                            for (p, &x) in own.iter().enumerate() {
                                if p != pos {
                                    inner.add_member(x);
                                }
                            }
                            let inner = inner.collapse(|s| if s < k { inner_omega[s] } else { 0.0 });
                            crossing_pairs(&outer, &inner, q, w)
                        }
                    };
                    out.insert(w, value);
                }
                out
            })
            .collect()
    }
}

/// The stable partitions of `candidates` into blocs under `model`.
///
/// ```
/// use comity::caucus::{CaucusError, StabilityModel, stable_structures};
/// use comity::game::WeightedGame;
/// let top = WeightedGame::new(vec![1; 12], 7)?;
/// let all: Vec<usize> = (0..11).collect();
/// // Eleven candidates: beyond exact enumeration.
/// let err = stable_structures(&top, &all, StabilityModel::Gamma).unwrap_err();
/// assert_eq!(err, CaucusError::TooManyCandidates { candidates: 11, limit: 10 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stable_structures(
    top: &WeightedGame,
    candidates: &[usize],
    model: StabilityModel,
) -> Result<StableStructures, CaucusError> {
    stable_structures_cancellable(top, candidates, model, &CancelToken::new())
}

/// [`stable_structures`] that stops with [`CaucusError::Interrupted`] once `cancel` is
/// cancelled: each distinct shape's payoffs, each partition's payoffs and each partition's
/// deviations check the token first (ten candidates take seconds; one check costs an atomic
/// load beside a shape's tables or a partition's up to 1,023 deviations).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::caucus::{CaucusError, StabilityModel, stable_structures_cancellable};
/// use comity::game::WeightedGame;
/// let top = WeightedGame::new(vec![1; 5], 3)?;
/// let cancel = CancelToken::new();
/// let s = stable_structures_cancellable(&top, &[0, 1, 2], StabilityModel::Delta, &cancel)?;
/// assert_eq!(s.partitions, 5);
/// cancel.cancel();
/// let err = stable_structures_cancellable(&top, &[0, 1, 2], StabilityModel::Delta, &cancel).unwrap_err();
/// assert!(matches!(err, CaucusError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stable_structures_cancellable(
    top: &WeightedGame,
    candidates: &[usize],
    model: StabilityModel,
    cancel: &CancelToken,
) -> Result<StableStructures, CaucusError> {
    let n = top.n();
    check_members(n, candidates)?;
    let c = candidates.len();
    if c > STABILITY_MAX_CANDIDATES {
        return Err(CaucusError::TooManyCandidates { candidates: c, limit: STABILITY_MAX_CANDIDATES });
    }
    let body = Body::new(top)?;
    let mut excluded = vec![false; n];
    for &i in candidates {
        excluded[i] = true;
    }
    let shapes = Shapes { base: body.table_without(&excluded), body: &body, outsiders: n - c, model };
    let all = partitions(c);
    let weight = |j: usize| body.weights[candidates[j]];
    // Each partition's blocs as weight lists, sorted: the shape its payoffs depend on.
    let shape_of = |labels: &[u8]| -> Vec<Vec<usize>> {
        let blocs = 1 + *labels.iter().max().unwrap_or(&0) as usize;
        let mut out = vec![Vec::new(); blocs];
        for (j, &l) in labels.iter().enumerate() {
            out[l as usize].push(weight(j));
        }
        for b in &mut out {
            b.sort_unstable();
        }
        out.sort();
        out
    };
    let mut distinct: HashMap<Vec<Vec<usize>>, usize> = HashMap::new();
    let mut shape_index = Vec::with_capacity(all.len());
    for labels in &all {
        let next = distinct.len();
        shape_index.push(*distinct.entry(shape_of(labels)).or_insert(next));
    }
    let mut ordered: Vec<(Vec<Vec<usize>>, usize)> = distinct.into_iter().collect();
    ordered.sort_by_key(|(_, i)| *i);
    cancel.check()?;
    // A cancelled run skips the remaining work (empty payoffs) and is refused after each pass.
    let shape_payoffs: Vec<Vec<HashMap<usize, f64>>> = ordered
        .par_iter()
        .map(|(shape, _)| if cancel.is_cancelled() { Vec::new() } else { shapes.payoffs(shape) })
        .collect();
    cancel.check()?;
    // Each candidate's payoff in each partition.
    let payoffs: Vec<Vec<f64>> = all
        .par_iter()
        .zip(&shape_index)
        .map(|(labels, &s)| {
            if cancel.is_cancelled() {
                return Vec::new();
            }
            let shape = &ordered[s].0;
            (0..c)
                .map(|j| {
                    let mut own: Vec<usize> =
                        (0..c).filter(|&x| labels[x] == labels[j]).map(weight).collect();
                    own.sort_unstable();
                    let b = shape.iter().position(|x| *x == own).expect("the bloc is in its shape");
                    shape_payoffs[s][b][&weight(j)]
                })
                .collect()
        })
        .collect();
    cancel.check()?;
    let index: HashMap<u64, usize> = all.iter().enumerate().map(|(i, l)| (code(l), i)).collect();
    let gains = |before: f64, after: f64| after - before > GAIN_TOLERANCE * before.abs().max(after.abs());
    let stable: Vec<Stability> = all
        .par_iter()
        .enumerate()
        .filter(|(p, labels)| {
            if cancel.is_cancelled() {
                return false;
            }
            let deviations: Vec<u32> = match model {
                StabilityModel::ExclusiveMembership => (0..c)
                    .filter(|&j| labels.iter().filter(|&&l| l == labels[j]).count() > 1)
                    .map(|j| 1u32 << j)
                    .collect(),
                _ => (1..1u32 << c).collect(),
            };
            !deviations.into_iter().any(|t| {
                let after = index[&code(&deviate(labels, t, model))];
                (0..c).filter(|&j| t >> j & 1 == 1).all(|j| gains(payoffs[*p][j], payoffs[after][j]))
            })
        })
        .map(|(p, labels)| {
            let blocs = 1 + *labels.iter().max().unwrap_or(&0) as usize;
            let mut out = vec![Vec::new(); blocs];
            for (j, &l) in labels.iter().enumerate() {
                out[l as usize].push(candidates[j]);
            }
            for b in &mut out {
                b.sort_unstable();
            }
            Stability { blocs: out, payoffs: payoffs[p].clone() }
        })
        .collect();
    cancel.check()?;
    Ok(StableStructures { model, candidates: candidates.to_vec(), partitions: all.len(), stable })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bell_numbers() {
        let counts: Vec<usize> = (1..=6).map(|c| partitions(c).len()).collect();
        assert_eq!(counts, [1, 2, 5, 15, 52, 203]);
    }

    #[test]
    fn gamma_breaks_the_left_blocs_delta_keeps_them() {
        // {0, 1, 2} {3}; T = {2, 3}.
        let labels = [0, 0, 0, 1];
        assert_eq!(deviate(&labels, 0b1100, StabilityModel::Gamma), vec![0, 1, 2, 2]);
        assert_eq!(deviate(&labels, 0b1100, StabilityModel::Delta), vec![0, 0, 1, 1]);
    }
}
