//! Like-minded coalitions in one dimension: a decision that binds only its participants.
//!
//! A like-minded coalition (the High Ambition Coalition, a WTO plurilateral, the Ottawa
//! process) is not a smaller body deciding for everyone: its participants agree on a policy
//! among themselves, and the policy applies to them only; outsiders keep the status quo `q`.
//! Members have ideal points `x_i` on a line and lose `|y - x_i|` from the policy `y` that
//! applies to them. Participants agree by an internal rule (at least `k` of the `m`
//! participants), and the coalition's leader sets the agenda (Romer & Rosenthal 1978): the
//! coalition's policy `p(S)` is the point nearest the leader's ideal that `k` participants
//! weakly prefer to `q`. With the leader on the right of `q` (the left is the mirror image), a
//! participant weakly accepts `y` in `(q, x_L]` iff `x_i >= (y + q) / 2`, so
//!
//! `p(S) = max(q, min(x_L, 2 x_[k](S) - q))`, with `x_[k](S)` the `k`-th largest ideal in `S`,
//!
//! computed in `O(m log m)`; under consensus among the participants (`k = m`), `x_[k]` is the
//! smallest ideal in `S`. The coalition's *ambition* is `|p(S) - q|`, set against the outcome of
//! inclusive consensus (every member must agree, the same leader proposing), which would
//! apply to all.
//!
//! # Stable membership
//!
//! When joining is a choice, a member inside pays a participation cost `c >= 0` (in units of the
//! policy line) and gets `-|p(S) - x_i| - c`; a member outside gets `-|q - x_i|`, whatever the
//! coalition does (the coalition binds only its participants, so outsiders feel no
//! externality). A coalition `S` containing the leader, of at least two members and with
//! `p(S) != q`, is **stable** (d'Aspremont et al. 1983; Barrett 1994) when it is internally
//! stable (no participant gains by leaving: `|p(S) - x_i| + c <= |q - x_i|`) and externally
//! stable (no outsider gains by joining: `|p(S ∪ {j}) - x_j| + c >= |q - x_j|`); an indifferent
//! participant stays and an indifferent outsider stays out, as in
//! [`like_minded_club`](super::like_minded_club).
//!
//! **Under consensus among participants the largest stable coalition is an upper set of the
//! ideal points**, `U(t) = {i : x_i >= t}` (leader on the right), so it is found by sorting.
//! Proof. Let `S` be stable with smallest ideal `m`, policy `p = min(x_L, 2m - q)`, and let
//! `j` be outside with `x_j >= m`. Adding `j` leaves the smallest ideal, hence the policy,
//! unchanged. The leader's internal stability gives `p - q >= c` (it has `x_L >= p`), and if
//! `m < p` the smallest member's gives `m >= (p + q + c) / 2`. So if `x_j >= p`, `j` inside
//! loses `x_j - p + c <= x_j - q`; if `x_j < p`, then `x_j >= m >= (p + q + c) / 2` and it loses
//! `p - x_j + c <= x_j - q`: `j` weakly gains by joining, and external stability makes it
//! exactly indifferent. Then `S ∪ {j}` has the same policy, every participant weakly gains,
//! and each remaining outsider `k` faces the same policy on joining as before
//! (`min(m, x_k) = min(S ∪ {j, k})`): `S ∪ {j}` is stable and larger. Hence the largest stable
//! coalition contains every member whose ideal is at least its smallest: it is some `U(t)`.
//! The method tries every distinct ideal `t` from the leader's down, checks the stability of
//! `U(t)` member by member in `O(n)` (a joiner's policy is `p` of the smaller of `U(t)`'s
//! smallest ideal and its own, in closed form), and keeps the largest stable one: `O(n^2)` in
//! all, for
//! bodies of any size. Under an internal quota below consensus the argument fails (a joiner
//! can move the `k`-th largest ideal), and coalitions are enumerated, for at most
//! [`MAX_CLUB_CANDIDATES`](super::MAX_CLUB_CANDIDATES) members.
//!
//! # References
//! Romer & Rosenthal (1978), "Political resources and the status quo", Public Choice 33(4);
//! d'Aspremont, Jacquemin, Gabszewicz & Weymark (1983), Can. J. Econ. 16(1) (internal and
//! external stability); Barrett (1994), Oxford Econ. Papers 46; Tsebelis (2002), *Veto Players*
//! (the lowest common denominator of consensus); Kahler (1992), "Multilateralism with small
//! and large numbers", Int. Organization 46(3) (minilateral and plurilateral arrangements).
//!
//! ```
//! use comity::bargaining::{like_minded_1d, stable_like_minded_1d};
//! // Status quo 0. Three ambitious members at 1 (the leader first), two at 0.6 and one laggard
//! // at 0.2. Inclusive consensus stops at 2 * 0.2 = 0.4; the three at 1 alone reach 1.
//! let ideals = [1.0, 1.0, 1.0, 0.6, 0.6, 0.2];
//! let coalition = like_minded_1d(&ideals, 0.0, &[0, 1, 2], 3, 0)?;
//! assert_eq!((coalition.policy, coalition.consensus), (1.0, 0.4));
//! // Outsiders keep the status quo: the laggard is 0.2 from it, the members at 0.6 are 0.6 away.
//! assert_eq!(coalition.distances, vec![0.0, 0.0, 0.0, 0.6, 0.6, 0.2]);
//! // With joining a choice and a cost of 0.1, the members at 0.6 join (0.4 + 0.1 < 0.6).
//! let stable = stable_like_minded_1d(&ideals, 0.0, 0, 1.0, 0.1)?.expect("a stable coalition");
//! assert_eq!((stable.participants, stable.policy), (vec![0, 1, 2, 3, 4], 1.0));
//! # Ok::<(), comity::bargaining::BargainingError>(())
//! ```

use super::axiomatic::BargainingError;
use super::like_minded_dynamics::{Dynamics, Found, MembershipSearch};
use super::spatial_2d::MAX_CLUB_CANDIDATES;
use crate::game::WeightedGame;

fn parameter(message: String) -> BargainingError {
    BargainingError::Parameter { what: "like-minded coalition", message }
}

/// A like-minded coalition in one dimension and what applies to each member.
///
/// ```
/// use comity::bargaining::like_minded_1d;
/// // Two members at 1 and 0.4 agree; the member at -1 stays out. By hand: the leader at 1
/// // proposes 2 * 0.4 - 0 = 0.8, the farthest the member at 0.4 accepts; inclusive consensus
/// // cannot move (the member at -1 wants the other way).
/// let c = like_minded_1d(&[1.0, 0.4, -1.0], 0.0, &[0, 1], 2, 0)?;
/// assert_eq!((c.policy, c.ambition, c.consensus, c.consensus_ambition), (0.8, 0.8, 0.0, 0.0));
/// assert!((c.distances[0] - 0.2).abs() < 1e-12 && (c.distances[1] - 0.4).abs() < 1e-12);
/// assert_eq!((c.distances[2], c.internal_quota), (1.0, 2));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LikeMinded1d {
    /// The participants (indices, increasing).
    pub participants: Vec<usize>,
    /// Participants needed to agree (the internal rule).
    pub internal_quota: usize,
    /// The coalition's policy, which binds its participants only.
    pub policy: f64,
    /// How far the policy moves from the status quo.
    pub ambition: f64,
    /// The outcome of inclusive consensus (every member agrees, the same leader proposes),
    /// which would apply to all.
    pub consensus: f64,
    /// How far inclusive consensus moves from the status quo.
    pub consensus_ambition: f64,
    /// Each member's distance to the outcome that applies to it: the policy for participants,
    /// the status quo for outsiders.
    pub distances: Vec<f64>,
}

fn check(ideals: &[f64], q: f64, leader: usize) -> Result<(), BargainingError> {
    if ideals.is_empty() || ideals.len() > crate::game::MAX_PLAYERS {
        return Err(parameter(format!(
            "{} members; expected 1 to {} ideal points",
            ideals.len(),
            crate::game::MAX_PLAYERS
        )));
    }
    if !q.is_finite() || ideals.iter().any(|x| !x.is_finite()) {
        return Err(parameter("ideal points and the status quo must be finite numbers".into()));
    }
    if leader >= ideals.len() {
        return Err(parameter(format!("leader {leader}; expected a member below {}", ideals.len())));
    }
    Ok(())
}

/// The policy of participants `members` when `quota` of them must agree and `leader` (one of
/// them) proposes: `max(q, min(x_L, 2 x_[k] - q))` with the leader on the right of `q`, mirrored
/// on the left.
fn policy(ideals: &[f64], q: f64, members: &[usize], quota: usize, leader: usize) -> f64 {
    let side = if ideals[leader] >= q { 1.0 } else { -1.0 };
    // Mirrored so that the leader is on the right: y' = side * (y - q).
    let mut along: Vec<f64> = members.iter().map(|&i| side * (ideals[i] - q)).collect();
    along.sort_by(|a, b| b.total_cmp(a));
    let kth = along[quota - 1];
    let moved = (side * (ideals[leader] - q)).min(2.0 * kth).max(0.0);
    q + side * moved
}

/// The like-minded coalition of `participants` (member indices, the leader among them) that
/// decides when `internal_quota` of them agree, with `leader` setting the agenda; `q` is the
/// status quo that outsiders keep.
///
/// ```
/// use comity::bargaining::like_minded_1d;
/// // A quota below consensus leaves the most reluctant participant behind: by hand, with 2 of
/// // the 3 needed the second-largest ideal (0.9) bounds the policy, min(1, 1.8) = 1.
/// let two_of_three = like_minded_1d(&[1.0, 0.9, 0.2], 0.0, &[0, 1, 2], 2, 0)?;
/// assert_eq!(two_of_three.policy, 1.0);
/// // Under consensus the participant at 0.2 holds it to 0.4.
/// assert_eq!(like_minded_1d(&[1.0, 0.9, 0.2], 0.0, &[0, 1, 2], 3, 0)?.policy, 0.4);
/// // An internal quota above the coalition's size is refused.
/// assert!(like_minded_1d(&[1.0, 0.9, 0.2], 0.0, &[0, 1], 3, 0).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn like_minded_1d(
    ideals: &[f64],
    q: f64,
    participants: &[usize],
    internal_quota: usize,
    leader: usize,
) -> Result<LikeMinded1d, BargainingError> {
    check(ideals, q, leader)?;
    let n = ideals.len();
    let mut members = participants.to_vec();
    members.sort_unstable();
    members.dedup();
    if members.len() != participants.len() || members.last().is_some_and(|&i| i >= n) {
        return Err(parameter(format!("participants {participants:?}; expected distinct members below {n}")));
    }
    if !members.contains(&leader) {
        return Err(parameter(format!("the leader {leader} is not a participant; expected one of them")));
    }
    if internal_quota == 0 || internal_quota > members.len() {
        return Err(parameter(format!(
            "internal quota {internal_quota} for {} participants; expected 1 to {}",
            members.len(),
            members.len()
        )));
    }
    let everyone: Vec<usize> = (0..n).collect();
    Ok(describe(ideals, q, members, internal_quota, leader, &everyone))
}

fn describe(
    ideals: &[f64],
    q: f64,
    members: Vec<usize>,
    quota: usize,
    leader: usize,
    everyone: &[usize],
) -> LikeMinded1d {
    let here = policy(ideals, q, &members, quota, leader);
    let consensus = policy(ideals, q, everyone, everyone.len(), leader);
    let mut inside = vec![false; ideals.len()];
    for &i in &members {
        inside[i] = true;
    }
    let distances =
        ideals.iter().zip(&inside).map(|(&x, &m)| if m { (here - x).abs() } else { (q - x).abs() }).collect();
    LikeMinded1d {
        participants: members,
        internal_quota: quota,
        policy: here,
        ambition: (here - q).abs(),
        consensus,
        consensus_ambition: (consensus - q).abs(),
        distances,
    }
}

/// Payoff differences within this (relative to the body's spread, so that the units of the
/// policy line do not matter) count as indifference.
fn slack(ideals: &[f64], q: f64, cost: f64) -> f64 {
    1e-9 * (cost + ideals.iter().map(|x| (x - q).abs()).fold(0.0, f64::max))
}

/// The quota of a coalition of `size` under an internal `share`.
fn quota_of(share: f64, size: usize) -> usize {
    (((share * size as f64) - 1e-9).ceil().max(1.0) as usize).min(size)
}

fn check_choice(ideals: &[f64], q: f64, leader: usize, share: f64, cost: f64) -> Result<(), BargainingError> {
    check(ideals, q, leader)?;
    if !(share > 0.0 && share <= 1.0) {
        return Err(parameter(format!("internal share {share}; expected a number in (0, 1]")));
    }
    if !(cost.is_finite() && cost >= 0.0) {
        return Err(parameter(format!("participation cost {cost}; expected a finite number >= 0")));
    }
    Ok(())
}

/// Whether `members` (sorted, with the leader) form a stable coalition; `policy_of` gives the
/// policy of any coalition.
fn is_stable(
    ideals: &[f64],
    q: f64,
    members: &[usize],
    cost: f64,
    slack: f64,
    policy_of: &dyn Fn(&[usize]) -> f64,
) -> bool {
    let here = policy_of(members);
    if members.len() < 2 || (here - q).abs() <= slack {
        return false;
    }
    let stays = members.iter().all(|&i| (here - ideals[i]).abs() + cost <= (q - ideals[i]).abs() + slack);
    stays
        && (0..ideals.len()).filter(|j| !members.contains(j)).all(|j| {
            let mut larger = members.to_vec();
            larger.push(j);
            larger.sort_unstable();
            let joined = policy_of(&larger);
            (joined - ideals[j]).abs() + cost + slack >= (q - ideals[j]).abs()
        })
}

/// The largest stable like-minded coalition led by `leader` when joining is a choice: each
/// member weighs its distance to the coalition's policy plus the participation `cost` against
/// its distance to the status quo `q`. Participants agree when `share` of them do (`1` is
/// consensus among participants). `None` if no coalition of two or more that moves the status
/// quo is stable.
///
/// Under consensus (`share = 1`) any number of members is handled exactly, by sorting (see the
/// module documentation for the proof); under a smaller share every coalition is enumerated,
/// for at most [`MAX_CLUB_CANDIDATES`] members.
///
/// ```
/// use comity::bargaining::{stable_like_minded_1d, MAX_CLUB_CANDIDATES};
/// // 193 members: 39 at 1 (the leader first), 7 at 0.6, 128 at 0.5, 19 at 0.3; status quo 0.
/// let mut ideals = vec![1.0; 39];
/// ideals.extend([0.6; 7].iter().chain(&[0.5; 128]).chain(&[0.3; 19]));
/// // By hand, with a cost of 0.05: the 46 at 1 and 0.6 are stable (those at 0.6 gain
/// // 0.6 - 0.4 - 0.05 > 0; one at 0.5 would lose 0.05 by joining).
/// let c = stable_like_minded_1d(&ideals, 0.0, 0, 1.0, 0.05)?.expect("a stable coalition");
/// assert_eq!((c.participants.len(), c.policy, c.consensus), (46, 1.0, 0.6));
/// // Below consensus only small bodies are enumerated; the limit is named.
/// let err = stable_like_minded_1d(&ideals, 0.0, 0, 0.5, 0.05).unwrap_err();
/// assert!(err.to_string().contains(&MAX_CLUB_CANDIDATES.to_string()));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn stable_like_minded_1d(
    ideals: &[f64],
    q: f64,
    leader: usize,
    share: f64,
    cost: f64,
) -> Result<Option<LikeMinded1d>, BargainingError> {
    check_choice(ideals, q, leader, share, cost)?;
    if share < 1.0 {
        if ideals.len() > MAX_CLUB_CANDIDATES {
            return Err(parameter(format!(
                "{} members with an internal share of {share}: stable membership below consensus is found by enumerating coalitions, for at most {MAX_CLUB_CANDIDATES} members; use consensus among participants (share 1, exact for any size) or name the participants",
                ideals.len()
            )));
        }
        return stable_like_minded_exhaustive(ideals, q, leader, share, cost);
    }
    let n = ideals.len();
    let slack = slack(ideals, q, cost);
    let side = if ideals[leader] >= q { 1.0 } else { -1.0 };
    let along = |i: usize| side * (ideals[i] - q);
    // Under consensus the policy depends on the smallest ideal only (`policy` with `k = m`), so a
    // joiner's policy is in closed form, `min(smallest, x_j)`: checking `U(t)` costs `O(n)`, not
    // the `O(n^2 log n)` of re-sorting a coalition per outsider ([`is_stable`], kept for the
    // enumeration below consensus). The same arithmetic as `policy`, so the same floats.
    let policy_at = |smallest: f64| q + side * (along(leader).min(2.0 * smallest).max(0.0));
    let upper_set_is_stable = |t: f64| -> bool {
        let inside: Vec<bool> = (0..n).map(|i| along(i) >= t).collect();
        let smallest = (0..n).filter(|&i| inside[i]).map(along).fold(f64::INFINITY, f64::min);
        let here = policy_at(smallest);
        if inside.iter().filter(|&&b| b).count() < 2 || (here - q).abs() <= slack {
            return false;
        }
        let loss = |i: usize, y: f64| (y - ideals[i]).abs() + cost;
        (0..n).all(|i| {
            if inside[i] {
                loss(i, here) <= (q - ideals[i]).abs() + slack
            } else {
                loss(i, policy_at(smallest.min(along(i)))) + slack >= (q - ideals[i]).abs()
            }
        })
    };
    // Thresholds: the distinct ideals on the leader's side, from the leader's down.
    let mut thresholds: Vec<f64> = (0..n).map(along).filter(|&a| a > 0.0 && a <= along(leader)).collect();
    thresholds.sort_by(|a, b| b.total_cmp(a));
    thresholds.dedup();
    let mut best = None;
    for t in thresholds {
        if upper_set_is_stable(t) {
            best = Some((0..n).filter(|&i| along(i) >= t).collect::<Vec<usize>>());
        }
    }
    let everyone: Vec<usize> = (0..n).collect();
    Ok(best.map(|members| {
        let quota = members.len();
        describe(ideals, q, members, quota, leader, &everyone)
    }))
}

/// The largest stable like-minded coalition by enumerating every coalition with the leader,
/// its policy found by [`setter_outcome_1d`](super::setter_outcome_1d) under the internal
/// rule: the brute-force twin of [`stable_like_minded_1d`], for at most
/// [`MAX_CLUB_CANDIDATES`] members. Under consensus the largest stable coalition is unique (the
/// stable upper sets are nested); below it, ties go to the first found in the order of the
/// coalitions' bitmasks.
///
/// ```
/// use comity::bargaining::{stable_like_minded_1d, stable_like_minded_exhaustive};
/// let ideals = [1.0, 0.8, 0.7, 0.3, -0.5];
/// let fast = stable_like_minded_1d(&ideals, 0.0, 0, 1.0, 0.1)?;
/// assert_eq!(fast, stable_like_minded_exhaustive(&ideals, 0.0, 0, 1.0, 0.1)?);
/// // By hand: {1, 0.8, 0.7} propose min(1, 1.4) = 1; the member at 0.3 would hold it to 0.6
/// // and lose 0.3 + 0.1 > 0.3 by joining.
/// assert_eq!(fast.expect("stable").participants, vec![0, 1, 2]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn stable_like_minded_exhaustive(
    ideals: &[f64],
    q: f64,
    leader: usize,
    share: f64,
    cost: f64,
) -> Result<Option<LikeMinded1d>, BargainingError> {
    check_choice(ideals, q, leader, share, cost)?;
    let n = ideals.len();
    if n > MAX_CLUB_CANDIDATES {
        return Err(parameter(format!(
            "{n} members; coalitions are enumerated for at most {MAX_CLUB_CANDIDATES}"
        )));
    }
    let slack = slack(ideals, q, cost);
    // The general setter outcome on the participants' own rule: independent of the closed form.
    let setter_policy = |members: &[usize]| -> f64 {
        let quota = quota_of(share, members.len());
        let points: Vec<f64> = members.iter().map(|&i| ideals[i]).collect();
        let setter = members.iter().position(|&i| i == leader).unwrap_or(0);
        WeightedGame::new(vec![1; members.len()], quota as u64)
            .ok()
            .and_then(|rule| super::setter_outcome_1d(&rule, &points, q, setter).ok())
            .unwrap_or(q)
    };
    let mut best: Option<Vec<usize>> = None;
    for mask in 0u32..1 << n {
        if mask >> leader & 1 == 0 || mask.count_ones() < 2 {
            continue;
        }
        let members: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
        if best.as_ref().is_some_and(|b| b.len() >= members.len()) {
            continue;
        }
        if is_stable(ideals, q, &members, cost, slack, &setter_policy) {
            best = Some(members);
        }
    }
    let everyone: Vec<usize> = (0..n).collect();
    Ok(best.map(|members| {
        let quota = quota_of(share, members.len());
        describe(ideals, q, members, quota, leader, &everyone)
    }))
}

/// Most members for which the search below consensus enumerates coalitions before turning to
/// join-and-leave dynamics.
const ENUMERATED: usize = MAX_CLUB_CANDIDATES;

/// A stable like-minded coalition led by `leader` for a body of any size, and how it was found
/// (see [`MembershipSearch`]): under consensus among participants (`share = 1`) the largest, by
/// sorting ([`stable_like_minded_1d`]); below consensus the largest by enumeration for at most
/// [`MAX_CLUB_CANDIDATES`] members ([`stable_like_minded_exhaustive`]), and beyond that a stable
/// coalition found by join-and-leave dynamics and verified by the definition, which is not
/// shown to be the largest.
///
/// ```
/// use comity::bargaining::{MembershipSearch, find_stable_like_minded};
/// // 193 members: 39 at 1 (the leader first), 7 at 0.6, 128 at 0.5, 19 at -0.3; status quo 0;
/// // half of the participants must agree. By hand: from the whole body (quota 97, the 97th
/// // largest ideal 0.5, policy min(1, 2 * 0.5) = 1) the 19 at -0.3 leave one by one; the 174
/// // left still propose 1 (the 87th largest is 0.5), which the members at 0.5 find exactly as
/// // good as the status quo (indifferent, they stay) and the leavers would not rejoin.
/// let mut ideals = vec![1.0; 39];
/// ideals.extend([0.6; 7].iter().chain(&[0.5; 128]).chain(&[-0.3; 19]));
/// let found = find_stable_like_minded(&ideals, 0.0, 0, 0.5, 0.0)?;
/// assert_eq!(found.search, MembershipSearch::JoinLeave);
/// let c = found.coalition.expect("a stable coalition");
/// assert_eq!((c.participants.len(), c.policy, c.internal_quota), (174, 1.0, 87));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn find_stable_like_minded(
    ideals: &[f64],
    q: f64,
    leader: usize,
    share: f64,
    cost: f64,
) -> Result<Found<LikeMinded1d>, BargainingError> {
    check_choice(ideals, q, leader, share, cost)?;
    if share >= 1.0 {
        let coalition = stable_like_minded_1d(ideals, q, leader, share, cost)?;
        return Ok(Found { coalition, search: MembershipSearch::ConsensusStructure });
    }
    if ideals.len() <= ENUMERATED {
        let coalition = stable_like_minded_exhaustive(ideals, q, leader, share, cost)?;
        return Ok(Found { coalition, search: MembershipSearch::Enumeration });
    }
    let coalition = join_leave_like_minded(ideals, q, leader, share, cost)?;
    Ok(Found { coalition, search: MembershipSearch::JoinLeave })
}

/// A stable like-minded coalition led by `leader` when `share` of the participants must agree,
/// for a body of any size, by the join-and-leave dynamics of [`MembershipSearch::JoinLeave`]:
/// stable by the definition, not shown to be the largest; `None` if the dynamics end without a
/// coalition, which does not prove that none is stable.
///
/// ```
/// use comity::bargaining::{join_leave_like_minded, stable_like_minded_exhaustive};
/// // Two of three must agree: the leader at 1 and the member at 0.9 propose 1; the member at
/// // 0.2 could not hold the policy back by joining and would lose 0.6, so it stays out, as
/// // enumeration finds.
/// let ideals = [1.0, 0.9, 0.2];
/// let dynamics = join_leave_like_minded(&ideals, 0.0, 0, 2.0 / 3.0, 0.0)?;
/// assert_eq!(dynamics.as_ref().map(|c| c.participants.clone()), Some(vec![0, 1]));
/// assert_eq!(dynamics, stable_like_minded_exhaustive(&ideals, 0.0, 0, 2.0 / 3.0, 0.0)?);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn join_leave_like_minded(
    ideals: &[f64],
    q: f64,
    leader: usize,
    share: f64,
    cost: f64,
) -> Result<Option<LikeMinded1d>, BargainingError> {
    check_choice(ideals, q, leader, share, cost)?;
    let slack = slack(ideals, q, cost);
    let policy_of =
        |members: &[usize]| Ok(policy(ideals, q, members, quota_of(share, members.len()), leader));
    let gain = |i: usize, y: &f64| (q - ideals[i]).abs() - (y - ideals[i]).abs() - cost;
    let moves = |y: &f64| (y - q).abs() > slack;
    let dynamics =
        Dynamics { n: ideals.len(), leader, slack, policy: &policy_of, gain: &gain, moves: &moves };
    let everyone: Vec<usize> = (0..ideals.len()).collect();
    Ok(dynamics.run(Vec::new())?.map(|members| {
        let quota = quota_of(share, members.len());
        describe(ideals, q, members, quota, leader, &everyone)
    }))
}
