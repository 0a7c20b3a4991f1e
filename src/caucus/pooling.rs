//! When pooling pays: a member's power alone and inside a candidate bloc, under the compound
//! game and under a priori unions.
//!
//! The body decides by one weighted threshold `[q; w_1, ..., w_n]` (a count has unit weights,
//! consensus `q = sum w`). A candidate bloc `B` of `k` members decides internally by at least
//! `m` of its members and then casts all its weight `W_B` as one.
//!
//! - **Compound game** (Felsenthal & Machover 1998, sec. 2.3): "what can I do through my
//!   bloc?" Member `i` of `B` is decisive when exactly `m - 1` of the other `k - 1` members
//!   vote yes (`C(k-1, m-1)` ways) and the bloc's weight turns the outsiders' coalition `S`
//!   from losing to winning (`t(S) < q <= t(S) + W_B`). Its Shapley-Shubik index is
//!   `C(k-1, m-1) sum_S (|S| + m - 1)! (n - |S| - m)! / n!` over those `S`, its absolute
//!   Banzhaf (Penrose) measure `C(k-1, m-1) 2^(1-k) #S / 2^(n-k)`. Every member of a bloc
//!   with a count rule has the same compound power, whatever its own weight.
//! - **A priori unions** (Owen 1977; Owen 1982): "how is the body's power shared when the
//!   bloc bargains as one unit?" The game is unchanged (no internal vote); the unions (the
//!   bloc and each outsider alone) arrive in a random order and the bloc's members in a random
//!   order within it. The Owen value is
//!   `sum_{R, T} r!(u-r-1)!/u! t!(k-t-1)!/k! [v(R ∪ T ∪ i) - v(R ∪ T)]` over sets `R` of the
//!   `u - 1 = n - k` outsiders and `T` of the other bloc members; Banzhaf-Owen replaces both
//!   weights by `2^-(u-1)` and `2^-(k-1)`. It does not depend on the internal quota.
//!
//! The bloc paradox (Felsenthal & Machover 1998, sec. 6.3): a member's compound power can fall
//! on joining. Under consensus every member already holds a veto; pooling cannot add blocking
//! power, and with `m < k` a member gives its veto up, so its Shapley-Shubik share falls (from
//! `1/n` to `C(k-1, m-1) (n-k+m-1)! (k-m)! / n!`), while its Penrose measure rises from
//! `2^(1-n)` to `C(k-1, m-1) 2^(1-n)` when `1 < m < k` because a split bloc is more often decided by one vote
//! than the whole body is. Shapley-Shubik shares sum to one, so they measure a member's share
//! of pivots, and the outsiders, each keeping its veto, keep theirs.
//!
//! Cost: one table by size and weight of the outsiders (`O(n^2 W)` for total weight `W`), then
//! `O(n)` per internal quota and `O(n W + k^2 W_B)` per member weight for the unions. Over
//! all sizes `k` (the first `k` candidates, tables built by adding one candidate at a time) and
//! quotas the region costs `O(b n W + b^2 n)`: the 39 AOSIS members in the 193-member General
//! Assembly take a few milliseconds per rule.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 2.3 (composition),
//! 6.3 (the bloc paradox); Owen (1977), "Values of games with a priori unions", in Henn &
//! Moeschlin (eds.), *Mathematical Economics and Game Theory*; Owen (1982), "Modification of
//! the Banzhaf-Coleman index for games with a priori unions", in Holler (ed.), *Power, Voting
//! and Voting Power*.
//!
//! ```
//! use comity::caucus::pooling;
//! use comity::game::WeightedGame;
//! // Consensus of 5: members 0, 1 and 2 pool by 2 of 3.
//! let top = WeightedGame::new(vec![1; 5], 5)?;
//! let r = pooling(&top, &[0, 1, 2], 2)?;
//! // Alone: 1/5 of the pivots; in the bloc: pivotal only as the second of the three to arrive
//! // and after both outsiders, C(2, 1) 3! 1! / 5! = 1/10.
//! assert!((r.members[0].alone.shapley_shubik - 0.2).abs() < 1e-12);
//! assert!((r.members[0].compound.shapley_shubik - 0.1).abs() < 1e-12);
//! // Yet its chance of being decisive doubles: either partner may be the one who splits.
//! assert!((r.members[0].compound.banzhaf - 2.0 * r.members[0].alone.banzhaf).abs() < 1e-15);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::table::{Table, binomial, crossing_pairs, shapley_weights};
use super::{CaucusError, GAIN_TOLERANCE};
use crate::cancel::CancelToken;
use crate::game::{Game, SimpleGame, WeightedGame};
use serde::Serialize;
use std::collections::HashMap;

/// Largest table by size and weight (cells) the pooling computations build.
///
/// ```
/// use comity::caucus::POOLING_MAX_CELLS;
/// // The General Assembly's table, 194 x 194 cells, fits.
/// assert!(194 * 194 < POOLING_MAX_CELLS);
/// ```
pub const POOLING_MAX_CELLS: usize = 4_000_000;

/// A member's power under one reading: the Shapley-Shubik index and the absolute Banzhaf
/// (Penrose) measure, or under a priori unions the Owen and Banzhaf-Owen values.
///
/// ```
/// use comity::caucus::Power;
/// let p = Power { shapley_shubik: 0.2, banzhaf: 0.375 };
/// assert!(p.banzhaf > p.shapley_shubik);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Power {
    /// Shapley-Shubik index (Owen value under unions).
    pub shapley_shubik: f64,
    /// Absolute Banzhaf measure, the chance of being decisive (Banzhaf-Owen under unions).
    pub banzhaf: f64,
}

/// One bloc member's power alone, through its bloc (compound game) and as a member of an a
/// priori union.
///
/// ```
/// use comity::caucus::pooling;
/// use comity::game::WeightedGame;
/// let r = pooling(&WeightedGame::new(vec![1; 5], 3)?, &[0, 1, 2], 2)?;
/// let m = &r.members[1];
/// assert_eq!(m.member, 1);
/// assert!(m.compound.shapley_shubik > m.alone.shapley_shubik);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberPooling {
    /// The member (index in the body).
    pub member: usize,
    /// Power with no bloc.
    pub alone: Power,
    /// Power through the bloc in the compound game.
    pub compound: Power,
    /// Owen and Banzhaf-Owen values with the bloc as an a priori union.
    pub unions: Power,
}

/// Who gains under a reading: every member, the median member, the bloc as a whole (the sum
/// of its members' values).
///
/// ```
/// use comity::caucus::gains;
/// // Two of three members gain, and the total rises.
/// let g = gains(&[0.2, 0.2, 0.2], &[0.3, 0.25, 0.1]);
/// assert!(!g.every_member && g.median_member && g.bloc);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gains {
    /// Every member's value rises.
    pub every_member: bool,
    /// The median of the members' changes is positive.
    pub median_member: bool,
    /// The members' total rises.
    pub bloc: bool,
}

/// Whether `after` exceeds `before` by more than [`GAIN_TOLERANCE`] (relative).
fn rises(before: f64, after: f64) -> bool {
    after - before > GAIN_TOLERANCE * before.abs().max(after.abs())
}

/// Who gains between the members' values `alone` and `with` the bloc (same order).
///
/// ```
/// use comity::caucus::gains;
/// let g = gains(&[0.1, 0.1], &[0.1, 0.1]);
/// // No change is no gain.
/// assert!(!g.every_member && !g.median_member && !g.bloc);
/// ```
pub fn gains(alone: &[f64], with: &[f64]) -> Gains {
    let mut changes: Vec<(f64, f64)> = alone.iter().zip(with).map(|(&a, &w)| (a, w)).collect();
    changes.sort_by(|x, y| (x.1 - x.0).total_cmp(&(y.1 - y.0)));
    let median_member = match changes.len() {
        0 => false,
        len if len % 2 == 1 => rises(changes[len / 2].0, changes[len / 2].1),
        len => {
            let (a, b) = (changes[len / 2 - 1], changes[len / 2]);
            rises(a.0 + b.0, a.1 + b.1)
        }
    };
    Gains {
        every_member: !changes.is_empty() && changes.iter().all(|&(a, w)| rises(a, w)),
        median_member,
        bloc: rises(alone.iter().sum(), with.iter().sum()),
    }
}

/// The answer of [`pooling`] for one bloc and internal quota.
///
/// ```
/// use comity::caucus::pooling;
/// use comity::game::WeightedGame;
/// let r = pooling(&WeightedGame::new(vec![1; 5], 3)?, &[0, 1, 2], 2)?;
/// // A bloc of three deciding 3 of 5 by majority gains under every reading.
/// assert!(r.compound_gains().0.every_member && r.union_gains().0.bloc);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pooling {
    /// The bloc's members (body indices).
    pub bloc: Vec<usize>,
    /// Members the bloc needs to vote yes.
    pub internal_quota: usize,
    /// Each member's power under the three readings, in the bloc's order.
    pub members: Vec<MemberPooling>,
}

impl Pooling {
    /// Who gains in the compound game: Shapley-Shubik, then Banzhaf.
    ///
    /// ```
    /// use comity::caucus::pooling;
    /// use comity::game::WeightedGame;
    /// // Under consensus, three pooling by 2 of 3 lose Shapley-Shubik share, gain Penrose.
    /// let r = pooling(&WeightedGame::new(vec![1; 5], 5)?, &[0, 1, 2], 2)?;
    /// let (ss, bz) = r.compound_gains();
    /// assert!(!ss.bloc && bz.every_member);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compound_gains(&self) -> (Gains, Gains) {
        self.gains_by(|m| m.compound)
    }

    /// Who gains as an a priori union: Owen, then Banzhaf-Owen.
    ///
    /// ```
    /// use comity::caucus::pooling;
    /// use comity::game::WeightedGame;
    /// // Under consensus the union of two holds one veto between them: 1/4 for the pair
    /// // instead of 2/5.
    /// let r = pooling(&WeightedGame::new(vec![1; 5], 5)?, &[0, 1], 2)?;
    /// assert!((r.members[0].unions.shapley_shubik - 0.125).abs() < 1e-12);
    /// assert!(!r.union_gains().0.bloc);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn union_gains(&self) -> (Gains, Gains) {
        self.gains_by(|m| m.unions)
    }

    fn gains_by(&self, reading: impl Fn(&MemberPooling) -> Power) -> (Gains, Gains) {
        let alone_ss: Vec<f64> = self.members.iter().map(|m| m.alone.shapley_shubik).collect();
        let alone_bz: Vec<f64> = self.members.iter().map(|m| m.alone.banzhaf).collect();
        let with_ss: Vec<f64> = self.members.iter().map(|m| reading(m).shapley_shubik).collect();
        let with_bz: Vec<f64> = self.members.iter().map(|m| reading(m).banzhaf).collect();
        (gains(&alone_ss, &with_ss), gains(&alone_bz, &with_bz))
    }
}

/// The weighted threshold of a rule, if it is one: a weighted game, or a size-and-weight form
/// with one threshold (counts, consensus); `None` for anything else (vetoes, double
/// majorities, blocs).
///
/// ```
/// use comity::caucus::weighted_top;
/// use comity::model::Institution;
/// let ga = Institution::load("models/institutions/unga.toml")?;
/// let top = weighted_top(&ga.compile("two_thirds")?.game).unwrap();
/// assert_eq!((top.weights().len(), top.quota()), (193, 129));
/// // The Security Council's veto is not one threshold.
/// let sc = Institution::load("models/institutions/unsc.toml")?;
/// assert!(weighted_top(&sc.compile("substantive")?.game).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weighted_top(game: &Game) -> Option<WeightedGame> {
    match game {
        Game::Weighted(g) => Some(g.clone()),
        _ => {
            let form = game.size_weight_form()?;
            WeightedGame::new(form.weights().to_vec(), form.constant_threshold()?).ok()
        }
    }
}

/// The body as sizes the tables index.
pub(super) struct Body {
    pub(super) weights: Vec<usize>,
    pub(super) quota: usize,
    pub(super) total: usize,
}

impl Body {
    pub(super) fn new(top: &WeightedGame) -> Result<Body, CaucusError> {
        let n = top.n();
        let too_large = CaucusError::TableTooLarge { cells: usize::MAX, limit: POOLING_MAX_CELLS };
        let total = top.weights().iter().try_fold(0u64, |a, &w| a.checked_add(w));
        let total = total.and_then(|t| usize::try_from(t).ok()).ok_or_else(|| too_large.clone())?;
        let cells = total.checked_add(1).and_then(|t| (n + 1).checked_mul(t)).ok_or(too_large)?;
        if cells > POOLING_MAX_CELLS {
            return Err(CaucusError::TableTooLarge { cells, limit: POOLING_MAX_CELLS });
        }
        Ok(Body {
            weights: top.weights().iter().map(|&w| w as usize).collect(),
            quota: top.quota() as usize,
            total,
        })
    }

    pub(super) fn n(&self) -> usize {
        self.weights.len()
    }

    /// The table of the members not `excluded`.
    pub(super) fn table_without(&self, excluded: &[bool]) -> Table {
        let mut table = Table::unit(self.n(), self.total);
        for (j, &w) in self.weights.iter().enumerate() {
            if !excluded[j] {
                table.add_member(w);
            }
        }
        table
    }

    /// Every candidate's power with no bloc (members of equal weight share one table).
    fn alone(&self, members: &[usize]) -> Vec<Power> {
        let n = self.n();
        let omega = shapley_weights(n);
        let scale = 0.5f64.powi(n as i32 - 1);
        let mut by_weight: HashMap<usize, Power> = HashMap::new();
        members
            .iter()
            .map(|&i| {
                let w = self.weights[i];
                *by_weight.entry(w).or_insert_with(|| {
                    let mut excluded = vec![false; n];
                    excluded[i] = true;
                    let cross = self.table_without(&excluded).crossing(self.quota, w);
                    Power {
                        shapley_shubik: cross.iter().enumerate().take(n).map(|(s, c)| c * omega[s]).sum(),
                        banzhaf: cross.iter().sum::<f64>() * scale,
                    }
                })
            })
            .collect()
    }

    /// A bloc member's compound power for a bloc of `k` members and weight `bloc_weight`
    /// deciding by `m`, given the crossing counts of the outsiders by size.
    fn compound(&self, cross: &[f64], k: usize, m: usize) -> Power {
        let n = self.n();
        let omega = shapley_weights(n);
        let ways = binomial(k - 1, m - 1);
        let ss: f64 =
            cross.iter().enumerate().filter(|&(s, _)| s + m - 1 < n).map(|(s, c)| c * omega[s + m - 1]).sum();
        let bz: f64 = cross.iter().sum::<f64>() * 0.5f64.powi(n as i32 - 1);
        Power { shapley_shubik: ways * ss, banzhaf: ways * bz }
    }

    /// Owen and Banzhaf-Owen values of each bloc member (`outside`: the outsiders' table).
    fn unions(&self, outside: &Table, bloc: &[usize]) -> Vec<Power> {
        let k = bloc.len();
        let u = self.n() - k + 1;
        let outer_omega = shapley_weights(u);
        let inner_omega = shapley_weights(k);
        let outer_ss = outside.collapse(|r| if r < u { outer_omega[r] } else { 0.0 });
        let outer_bz = outside.collapse(|_| 0.5f64.powi(u as i32 - 1));
        let bloc_weight: usize = bloc.iter().map(|&j| self.weights[j]).sum();
        let mut by_weight: HashMap<usize, Power> = HashMap::new();
        bloc.iter()
            .enumerate()
            .map(|(pos, &i)| {
                let w = self.weights[i];
                *by_weight.entry(w).or_insert_with(|| {
                    let mut inner = Table::unit(k, bloc_weight);
                    for (p, &j) in bloc.iter().enumerate() {
                        if p != pos {
                            inner.add_member(self.weights[j]);
                        }
                    }
                    let inner_ss = inner.collapse(|t| if t < k { inner_omega[t] } else { 0.0 });
                    let inner_bz = inner.collapse(|_| 0.5f64.powi(k as i32 - 1));
                    Power {
                        shapley_shubik: crossing_pairs(&outer_ss, &inner_ss, self.quota, w),
                        banzhaf: crossing_pairs(&outer_bz, &inner_bz, self.quota, w),
                    }
                })
            })
            .collect()
    }
}

/// Checks a bloc (or candidate list): non-empty, members in the body, no member twice.
pub(super) fn check_members(n: usize, bloc: &[usize]) -> Result<(), CaucusError> {
    if bloc.is_empty() {
        return Err(CaucusError::EmptyBloc);
    }
    let mut seen = vec![false; n];
    for &i in bloc {
        if i >= n {
            return Err(CaucusError::UnknownMember { member: i, n });
        }
        if std::mem::replace(&mut seen[i], true) {
            return Err(CaucusError::BlocsOverlap { member: i });
        }
    }
    Ok(())
}

/// Each member's power alone, through the bloc deciding by `internal_quota` of its members
/// (compound game), and with the bloc as an a priori union (Owen, Banzhaf-Owen).
///
/// ```
/// use comity::caucus::pooling;
/// use comity::game::WeightedGame;
/// // [3; 2, 1, 1]: A and B pool by 2 of 2 (Felsenthal & Machover's bloc paradox, sec. 6.3).
/// let r = pooling(&WeightedGame::new(vec![2, 1, 1], 3)?, &[0, 1], 2)?;
/// // A was decisive in 3 of 4 cases alone, and in 2 of 4 through the bloc: it loses, B gains.
/// assert_eq!((r.members[0].alone.banzhaf, r.members[0].compound.banzhaf), (0.75, 0.5));
/// assert_eq!((r.members[1].alone.banzhaf, r.members[1].compound.banzhaf), (0.25, 0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pooling(top: &WeightedGame, bloc: &[usize], internal_quota: usize) -> Result<Pooling, CaucusError> {
    let n = top.n();
    check_members(n, bloc)?;
    let k = bloc.len();
    if internal_quota == 0 || internal_quota > k {
        return Err(CaucusError::QuotaAboveBloc { quota: internal_quota, size: k });
    }
    let body = Body::new(top)?;
    let mut in_bloc = vec![false; n];
    for &i in bloc {
        in_bloc[i] = true;
    }
    let outside = body.table_without(&in_bloc);
    let bloc_weight: usize = bloc.iter().map(|&i| body.weights[i]).sum();
    let compound = body.compound(&outside.crossing(body.quota, bloc_weight), k, internal_quota);
    let alone = body.alone(bloc);
    let unions = body.unions(&outside, bloc);
    let members = bloc
        .iter()
        .zip(alone)
        .zip(unions)
        .map(|((&member, alone), unions)| MemberPooling { member, alone, compound, unions })
        .collect();
    Ok(Pooling { bloc: bloc.to_vec(), internal_quota, members })
}

/// Who gains in the compound game with a bloc of `size` members deciding by `internal_quota`.
///
/// ```
/// use comity::caucus::pooling_region;
/// use comity::game::WeightedGame;
/// let region = pooling_region(&WeightedGame::new(vec![1; 5], 3)?, &[0, 1, 2])?;
/// let cell = region.cells.iter().find(|c| c.size == 3 && c.internal_quota == 2).unwrap();
/// assert!(cell.shapley_shubik.every_member);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionCell {
    /// Members in the bloc (the first `size` candidates).
    pub size: usize,
    /// Members the bloc needs.
    pub internal_quota: usize,
    /// Each member's compound Shapley-Shubik index (equal for all members).
    pub member_shapley_shubik: f64,
    /// Each member's compound Banzhaf measure.
    pub member_banzhaf: f64,
    /// Who gains in Shapley-Shubik terms.
    pub shapley_shubik: Gains,
    /// Who gains in Banzhaf terms.
    pub banzhaf: Gains,
}

/// Who gains under a priori unions with a bloc of `size` members (no internal quota).
///
/// ```
/// use comity::caucus::pooling_region;
/// use comity::game::WeightedGame;
/// let region = pooling_region(&WeightedGame::new(vec![1; 5], 5)?, &[0, 1, 2])?;
/// // Under consensus no union gains Owen value.
/// assert!(region.unions.iter().all(|u| !u.owen.bloc));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionCell {
    /// Members in the union (the first `size` candidates).
    pub size: usize,
    /// The members' total Owen value.
    pub bloc_owen: f64,
    /// Who gains Owen value.
    pub owen: Gains,
    /// Who gains Banzhaf-Owen value.
    pub banzhaf_owen: Gains,
}

/// The pooling region over bloc sizes and internal quotas.
///
/// ```
/// use comity::caucus::pooling_region;
/// use comity::game::WeightedGame;
/// let region = pooling_region(&WeightedGame::new(vec![1; 7], 4)?, &[0, 1, 2, 3])?;
/// // Sizes 2 to 4, quotas 1 to the size: 2 + 3 + 4 cells.
/// assert_eq!(region.cells.len(), 9);
/// assert_eq!(region.alone.len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolingRegion {
    /// The candidates, in the order blocs grow.
    pub candidates: Vec<usize>,
    /// Each candidate's power with no bloc.
    pub alone: Vec<Power>,
    /// Compound game: one cell per size (2 to the number of candidates) and internal quota.
    pub cells: Vec<RegionCell>,
    /// A priori unions: one cell per size.
    pub unions: Vec<UnionCell>,
}

/// Over blocs of the first `k` candidates (`k` from 2 to all of them) and every internal
/// quota, who gains in the compound game and as an a priori union. With interchangeable
/// members (a count) the order of the candidates does not matter.
///
/// ```
/// use comity::caucus::pooling_region;
/// use comity::game::WeightedGame;
/// // 7 members, majority 4: a bloc of 4 deciding by 3 carries the body and every member gains;
/// // a bloc of 2 deciding by 1 (either commits both) changes no one's Banzhaf measure.
/// let region = pooling_region(&WeightedGame::new(vec![1; 7], 4)?, &[0, 1, 2, 3])?;
/// let cell = |k, m| region.cells.iter().find(|c| c.size == k && c.internal_quota == m).unwrap();
/// assert!(cell(4, 3).banzhaf.every_member);
/// assert!(!cell(2, 1).banzhaf.bloc);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pooling_region(top: &WeightedGame, candidates: &[usize]) -> Result<PoolingRegion, CaucusError> {
    pooling_region_cancellable(top, candidates, &CancelToken::new())
}

/// [`pooling_region`] that stops with [`CaucusError::Interrupted`] once `cancel` is cancelled:
/// each bloc size checks the token before its cells are computed (the General Assembly's 193
/// candidates make 192 bloc sizes and 18,720 cells).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::caucus::{CaucusError, pooling_region_cancellable};
/// use comity::game::WeightedGame;
/// let top = WeightedGame::new(vec![1; 7], 4)?;
/// let cancel = CancelToken::new();
/// // Sizes 2 to 4, each with every internal quota: 2 + 3 + 4 cells.
/// assert_eq!(pooling_region_cancellable(&top, &[0, 1, 2, 3], &cancel)?.cells.len(), 9);
/// cancel.cancel();
/// let err = pooling_region_cancellable(&top, &[0, 1, 2, 3], &cancel).unwrap_err();
/// assert!(matches!(err, CaucusError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pooling_region_cancellable(
    top: &WeightedGame,
    candidates: &[usize],
    cancel: &CancelToken,
) -> Result<PoolingRegion, CaucusError> {
    let n = top.n();
    check_members(n, candidates)?;
    let body = Body::new(top)?;
    let alone = body.alone(candidates);
    let alone_ss: Vec<f64> = alone.iter().map(|p| p.shapley_shubik).collect();
    let alone_bz: Vec<f64> = alone.iter().map(|p| p.banzhaf).collect();
    let b = candidates.len();
    let mut excluded = vec![false; n];
    for &i in candidates {
        excluded[i] = true;
    }
    // The outsiders of the bloc of the first k: everyone but the candidates, then the
    // candidates from the last back to k + 1, one factor at a time.
    let mut outside = body.table_without(&excluded);
    let mut cells = Vec::new();
    let mut unions = Vec::new();
    for k in (1..=b).rev() {
        cancel.check()?;
        if k >= 2 {
            let bloc = &candidates[..k];
            let bloc_weight: usize = bloc.iter().map(|&i| body.weights[i]).sum();
            let cross = outside.crossing(body.quota, bloc_weight);
            for m in 1..=k {
                let p = body.compound(&cross, k, m);
                cells.push(RegionCell {
                    size: k,
                    internal_quota: m,
                    member_shapley_shubik: p.shapley_shubik,
                    member_banzhaf: p.banzhaf,
                    shapley_shubik: gains(&alone_ss[..k], &vec![p.shapley_shubik; k]),
                    banzhaf: gains(&alone_bz[..k], &vec![p.banzhaf; k]),
                });
            }
            let values = body.unions(&outside, bloc);
            let owen: Vec<f64> = values.iter().map(|p| p.shapley_shubik).collect();
            let banzhaf_owen: Vec<f64> = values.iter().map(|p| p.banzhaf).collect();
            unions.push(UnionCell {
                size: k,
                bloc_owen: owen.iter().sum(),
                owen: gains(&alone_ss[..k], &owen),
                banzhaf_owen: gains(&alone_bz[..k], &banzhaf_owen),
            });
        }
        outside.add_member(body.weights[candidates[k - 1]]);
    }
    cells.sort_by_key(|c| (c.size, c.internal_quota));
    unions.sort_by_key(|u| u.size);
    Ok(PoolingRegion { candidates: candidates.to_vec(), alone, cells, unions })
}
