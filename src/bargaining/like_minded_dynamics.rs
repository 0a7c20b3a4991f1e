//! Join-and-leave dynamics: a stable like-minded membership for bodies too large to enumerate.
//!
//! A like-minded coalition `S` containing the leader `L` is stable (d'Aspremont et al. 1983)
//! when no participant gains by leaving and no outsider gains by joining, the policy `p(S ∪ {j})`
//! recomputed with the joiner. Below consensus inside the coalition no structure is known that
//! gives the largest stable coalition at scale (a joiner can move the quota and the policy either
//! way), so this module runs a deterministic dynamic and reports its end point as *a* stable
//! coalition, never as the largest:
//!
//! 1. compute the policy `p(S)`;
//! 2. if a participant strictly gains by leaving, the one who gains most leaves (ties: the lowest
//!    index), unless it is the leader, whose departure dissolves the coalition;
//! 3. otherwise outsiders are tried in decreasing order of their gain at `p(S)` (those who already
//!    prefer the policy first, since they are the likeliest to join), and the first who strictly
//!    gains by joining, `p(S ∪ {j})` recomputed, joins;
//! 4. when nobody leaves and nobody joins, `S` is stable by the definition itself: the last pass
//!    computed the policy of `S ∪ {j}` for every outsider, so the end point is verified exactly in
//!    `n - |S| + 1` policy computations.
//!
//! The dynamic runs from the leader alone, from the whole body and (in two dimensions) from the
//! largest stable club under consensus inside the club, whose members weakly prefer its policy,
//! and keeps the largest stable end point (the first seed on a tie). A seed that revisits a coalition (a cycle) or
//! passes `4 n + 8` steps ends without a coalition: the search then says it found none, which
//! does not prove that none exists. An end point of one member, or one whose policy is the
//! status quo, is no coalition.
//!
//! # References
//! d'Aspremont, Jacquemin, Gabszewicz & Weymark (1983), "On the stability of collusive price
//! leadership", Can. J. Econ. 16(1) (internal and external stability); Barrett (1994), Oxford
//! Econ. Papers 46 (the same test for environmental agreements); Carraro & Siniscalco (1993),
//! J. Public Econ. 52(3) (joining and leaving as the path to a stable coalition).
//!
//! ```
//! use comity::bargaining::{MembershipSearch, find_stable_like_minded};
//! // 20 members on a line, status quo 0, the leader at 1; two thirds of the participants
//! // must agree. The body is too large to enumerate, so the dynamics answer.
//! let ideals: Vec<f64> = (0..20).map(|i| 1.0 - 0.1 * i as f64).collect();
//! let found = find_stable_like_minded(&ideals, 0.0, 0, 2.0 / 3.0, 0.0)?;
//! assert_eq!(found.search, MembershipSearch::JoinLeave);
//! assert!(!found.search.proves_largest());
//! assert!(found.coalition.is_some());
//! # Ok::<(), comity::bargaining::BargainingError>(())
//! ```

use super::axiomatic::BargainingError;
use std::collections::HashSet;

/// How a stable like-minded membership was found, and what the method proves.
///
/// ```
/// use comity::bargaining::MembershipSearch;
/// assert!(MembershipSearch::Enumeration.proves_largest());
/// assert!(MembershipSearch::ConsensusStructure.proves_largest());
/// assert!(!MembershipSearch::JoinLeave.proves_largest());
/// assert_eq!(MembershipSearch::JoinLeave.name(), "join_leave");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MembershipSearch {
    /// Every coalition containing the leader was examined: the largest stable one (none if none
    /// is found).
    Enumeration,
    /// Consensus among participants: a structure theorem reduces the search to sorting (one
    /// dimension) or to the candidate policies (two dimensions); the largest stable one.
    ConsensusStructure,
    /// Join-and-leave dynamics from the leader and from the whole body: a stable coalition,
    /// verified by the definition, not necessarily the largest; finding none proves nothing.
    JoinLeave,
}

impl MembershipSearch {
    /// Whether the result is the largest stable coalition (and `None` means none exists).
    ///
    /// ```
    /// use comity::bargaining::MembershipSearch;
    /// assert!(!MembershipSearch::JoinLeave.proves_largest());
    /// ```
    pub fn proves_largest(self) -> bool {
        !matches!(self, MembershipSearch::JoinLeave)
    }

    /// A short machine-readable name: `enumeration`, `consensus_structure` or `join_leave`.
    ///
    /// ```
    /// use comity::bargaining::MembershipSearch;
    /// assert_eq!(MembershipSearch::ConsensusStructure.name(), "consensus_structure");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            MembershipSearch::Enumeration => "enumeration",
            MembershipSearch::ConsensusStructure => "consensus_structure",
            MembershipSearch::JoinLeave => "join_leave",
        }
    }

    /// What the result is, in words: "the largest stable ..." or "a stable ...".
    ///
    /// ```
    /// use comity::bargaining::MembershipSearch;
    /// assert!(MembershipSearch::Enumeration.describe().starts_with("the largest stable"));
    /// assert!(MembershipSearch::JoinLeave.describe().starts_with("a stable"));
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            MembershipSearch::Enumeration => "the largest stable membership (every coalition enumerated)",
            MembershipSearch::ConsensusStructure => {
                "the largest stable membership (exact by the structure of consensus among participants)"
            }
            MembershipSearch::JoinLeave => {
                "a stable membership (join-and-leave dynamics, verified stable; not shown to be the largest, and finding none does not prove that none exists)"
            }
        }
    }
}

/// A stable like-minded membership and how it was found.
///
/// ```
/// use comity::bargaining::{MembershipSearch, find_stable_like_minded};
/// let found = find_stable_like_minded(&[1.0, 0.8, -1.0], 0.0, 0, 1.0, 0.0)?;
/// assert_eq!(found.search, MembershipSearch::ConsensusStructure);
/// assert_eq!(found.coalition.expect("stable").participants, vec![0, 1]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The coalition or club, if the search found one.
    pub coalition: Option<T>,
    /// How it was found; whether it is the largest.
    pub search: MembershipSearch,
}

/// The game the dynamics play: a policy for any coalition and each member's gain from it.
pub(super) struct Dynamics<'a, P> {
    /// Body size.
    pub n: usize,
    /// The leader, in every coalition.
    pub leader: usize,
    /// Gains within this count as indifference.
    pub slack: f64,
    /// The policy of a coalition (sorted indices, the leader among them).
    pub policy: &'a dyn Fn(&[usize]) -> Result<P, BargainingError>,
    /// Member `i`'s gain from policy `p` applying to it, over the status quo (net of any cost).
    pub gain: &'a dyn Fn(usize, &P) -> f64,
    /// Whether `p` moves the status quo.
    pub moves: &'a dyn Fn(&P) -> bool,
}

impl<P> Dynamics<'_, P> {
    /// The largest stable end point of the dynamics from the leader alone, from the whole body
    /// and from each of `more` seeds (sorted, with the leader); the first seed on a tie.
    pub fn run(&self, more: Vec<Vec<usize>>) -> Result<Option<Vec<usize>>, BargainingError> {
        let mut best: Option<Vec<usize>> = None;
        for seed in [vec![self.leader], (0..self.n).collect()].into_iter().chain(more) {
            if let Some(end) = self.from(seed)?
                && best.as_ref().is_none_or(|b| end.len() > b.len())
            {
                best = Some(end);
            }
        }
        Ok(best)
    }

    /// The end point of the dynamics from `seed` (sorted, with the leader), if stable.
    fn from(&self, mut club: Vec<usize>) -> Result<Option<Vec<usize>>, BargainingError> {
        let mut seen: HashSet<Vec<usize>> = HashSet::new();
        for _ in 0..4 * self.n + 8 {
            if !seen.insert(club.clone()) {
                return Ok(None);
            }
            let here = (self.policy)(&club)?;
            // Leaving is only meaningful in a coalition of two or more.
            if club.len() >= 2 {
                let leaver = club
                    .iter()
                    .map(|&i| (i, (self.gain)(i, &here)))
                    .filter(|&(_, g)| g < -self.slack)
                    .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                if let Some((i, _)) = leaver {
                    if i == self.leader {
                        return Ok(None);
                    }
                    club.retain(|&k| k != i);
                    continue;
                }
            }
            let mut inside = vec![false; self.n];
            for &i in &club {
                inside[i] = true;
            }
            let mut outsiders: Vec<(usize, f64)> =
                (0..self.n).filter(|&j| !inside[j]).map(|j| (j, (self.gain)(j, &here))).collect();
            outsiders.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut joined = false;
            for (j, _) in outsiders {
                let mut larger = club.clone();
                larger.push(j);
                larger.sort_unstable();
                if (self.gain)(j, &(self.policy)(&larger)?) > self.slack {
                    club = larger;
                    joined = true;
                    break;
                }
            }
            if !joined {
                return Ok((club.len() >= 2 && (self.moves)(&here)).then_some(club));
            }
        }
        Ok(None)
    }
}
