//! Minilateral club design: the fewest members whose attributes reach given targets.
//!
//! With members' attribute values `a_ik >= 0` (emissions, GDP, population) and targets `t_k`,
//! find the smallest set `C` with `sum_{i in C} a_ik >= t_k` for every `k`: "the smallest
//! possible number of countries needed to have the largest possible impact" (Naim 2009). With
//! one target, taking members by descending value is optimal (any set of `m` members sums to at
//! most the `m` largest values). With several it is a covering integer program,
//! `min sum_i x_i` subject to `sum_i a_ik x_i >= t_k`, `x` binary (Wolsey 1998, ch. 1).
//!
//! # The check
//!
//! A club *meets* target `k` when its sum, added in ascending member order, is at least
//! `t_k - 1e-9 |t_k|` (a relative tolerance, so that a target computed as a share of a total,
//! such as half the population, is met by the members who hold exactly that share). Every
//! answer passes this check, and no smaller club passes it: the answer is smallest under
//! exactly the check it is held to.
//!
//! # The search
//!
//! An exact depth-first branch and bound. Members are ordered by their summed share of the
//! targets, `sum_k a_ik / t_k`, largest first; a node is a set of members taken so far, and its
//! children add one later member each. The first upper bound is the covering greedy (Chvatal
//! 1979): repeatedly the member covering the largest capped share `sum_k min(a_ik, r_k) / r_k`
//! of the remaining deficits `r_k`, with members it made redundant dropped at the end. A node
//! is cut when it cannot beat the best club with `q` more members, by either bound:
//!
//! * per target, the `q` largest remaining values of `k` fall short of `r_k` (exact for one
//!   target, where it makes the search a single node);
//! * surrogates of the normalised constraints: any completion covers, for each open target,
//!   a capped share `sum min(a_ik, r_k) / r_k` of 1, so for weights `w_k >= 0` the `q` largest
//!   weighted sums `sum_k w_k min(a_ik, r_k) / r_k` of the remaining members must reach
//!   `sum_k w_k`. The weights tried are the equal weighting and a grid on the simplex (steps of
//!   1/4 for two or three open targets), a cheap stand-in for the LP dual's best weighting: on
//!   random heavy-tailed bodies of 193 members with three targets it cut the search from
//!   seconds (one target's bound and the equal weighting alone) to milliseconds.
//!
//! Floating sums depend on their order, so the bounds work with deficits relaxed by a bound on
//! the rounding error of any sum (`8 (n + 2) eps` of the attribute's total): a relaxed bound is
//! weaker, never wrong, and a club is accepted only when it passes the check itself. The search
//! counts its nodes, checks its [`CancelToken`] every 256 of them and stops with an error past
//! [`MAX_CLUB_NODES`], so every input is bounded.
//!
//! (Rejected: the microlp branch and bound through good_lp used before, which had no
//! checkpoint for cancellation and whose optimality rested on its floating tolerances.)
//!
//! # References
//! Naim (2009), "Minilateralism", Foreign Policy 173; Wolsey (1998), *Integer Programming*,
//! ch. 1 (covering problems); Chvatal (1979), "A greedy heuristic for the set-covering
//! problem", Mathematics of Operations Research 4(3).
//!
//! ```
//! use comity::bargaining::smallest_club;
//! // Emissions 50, 30, 10, 10: a club with 75% of the total (75) needs the two largest.
//! let club = smallest_club(&[vec![50.0, 30.0, 10.0, 10.0]], &[75.0]).unwrap();
//! assert_eq!(club, Some(vec![0, 1]));
//! ```

use super::axiomatic::BargainingError;
use crate::cancel::CancelToken;

/// The most nodes (sets of members tried) that [`smallest_club`] visits before it gives up
/// with an error. Bundled bodies, and random bodies of 193 members with three heavy-tailed
/// attributes (as populations and GDP are), take milliseconds; bodies of hundreds of nearly
/// interchangeable members (uniform attributes) can pass the limit. A node costs at most a few
/// passes over the remaining members (about 12 us for 193 and three targets), so the limit is
/// a few seconds of search for a few hundred.
///
/// ```
/// use comity::bargaining::MAX_CLUB_NODES;
/// assert!(MAX_CLUB_NODES >= 100_000);
/// ```
pub const MAX_CLUB_NODES: u64 = 200_000;

/// Nodes between two checks of the cancel token: a node costs at most a few passes over the
/// remaining members (microseconds for 193), so 256 of them take about a millisecond and the
/// check (a relaxed atomic load) is lost among them.
const CHECK_EVERY: u64 = 256;

/// The members (indices) of a smallest club meeting every target: `values[k][i]` is member
/// `i`'s value of attribute `k` (non-negative), `targets[k]` the sum needed. `None` if even
/// all members together miss a target. A club meets target `k` when its sum is at least
/// `targets[k] - 1e-9 |targets[k]|`, and no smaller club meets every target by that check. The
/// search is an exact branch and bound: members by their summed share of the targets, a greedy
/// club as the first bound, and nodes cut when the largest remaining values of one target, or
/// weighted sums of the targets' capped shares, cannot close the deficits with fewer members.
///
/// ```
/// use comity::bargaining::smallest_club;
/// // Emissions and GDP of four members; by hand, only members 0 and 2 together reach 60 of
/// // the emissions and 50 of the GDP (0 and 1 miss the GDP, 0 and 3 reach only 40).
/// let values = [vec![50.0, 30.0, 10.0, 10.0], vec![10.0, 10.0, 40.0, 30.0]];
/// assert_eq!(smallest_club(&values, &[60.0, 50.0])?, Some(vec![0, 2]));
/// // All four hold 100 of the emissions: a target of 120 is out of reach.
/// assert_eq!(smallest_club(&values, &[120.0, 50.0])?, None);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn smallest_club(values: &[Vec<f64>], targets: &[f64]) -> Result<Option<Vec<usize>>, BargainingError> {
    smallest_club_cancellable(values, targets, &CancelToken::new())
}

/// [`smallest_club`], stopping with [`BargainingError::Interrupted`] once `cancel` is
/// cancelled (checked before the search and every 256 of its nodes, about a millisecond).
///
/// ```
/// use comity::bargaining::{BargainingError, smallest_club, smallest_club_cancellable};
/// use comity::cancel::CancelToken;
/// let values = [vec![50.0, 30.0, 10.0, 10.0], vec![10.0, 10.0, 40.0, 30.0]];
/// let token = CancelToken::new();
/// assert_eq!(smallest_club_cancellable(&values, &[60.0, 50.0], &token)?, smallest_club(&values, &[60.0, 50.0])?);
/// token.cancel();
/// let err = smallest_club_cancellable(&values, &[60.0, 50.0], &token).unwrap_err();
/// assert!(matches!(err, BargainingError::Interrupted(_)));
/// # Ok::<(), BargainingError>(())
/// ```
pub fn smallest_club_cancellable(
    values: &[Vec<f64>],
    targets: &[f64],
    cancel: &CancelToken,
) -> Result<Option<Vec<usize>>, BargainingError> {
    let parameter = |message: String| BargainingError::Parameter { what: "club", message };
    if values.is_empty() || values.len() != targets.len() {
        return Err(parameter(format!(
            "{} attributes for {} targets; expected one per target",
            values.len(),
            targets.len()
        )));
    }
    let n = values[0].len();
    if values.iter().any(|v| v.len() != n || v.iter().any(|x| !(x.is_finite() && *x >= 0.0))) {
        return Err(parameter(
            "expected one finite, non-negative value per member for every attribute".into(),
        ));
    }
    cancel.check()?;
    let everyone: Vec<usize> = (0..n).collect();
    if !meets(values, targets, &everyone) {
        return Ok(None);
    }
    if meets(values, targets, &[]) {
        return Ok(Some(Vec::new()));
    }
    let search = Search::new(values, targets);
    let Some(club) = search.run(cancel)? else {
        return Err(parameter(format!(
            "no smallest club proven within {MAX_CLUB_NODES} search nodes; expected fewer members \
             (drop those holding little of every attribute) or fewer targets (one target takes a \
             single node)"
        )));
    };
    Ok(Some(club))
}

/// The check every answer passes: the club's sum of each attribute, added in the order of
/// `club` (callers pass ascending indices), reaches its target less `1e-9` of it.
fn meets(values: &[Vec<f64>], targets: &[f64], club: &[usize]) -> bool {
    values.iter().zip(targets).all(|(v, t)| club.iter().map(|&i| v[i]).sum::<f64>() >= *t - 1e-9 * t.abs())
}

/// The branch and bound's data: members in branch order ("positions"), restricted to the
/// targets not met by the empty club and the members holding something of one of them.
struct Search<'a> {
    values: &'a [Vec<f64>],
    targets: &'a [f64],
    /// `member[p]`: the member at position `p`.
    member: Vec<usize>,
    /// `val[k][p]`: the value of the `k`-th open target's attribute at position `p`.
    val: Vec<Vec<f64>>,
    /// The open targets' thresholds `t - 1e-9 |t|` (all positive).
    threshold: Vec<f64>,
    /// Per open target, the slack that covers the rounding of any sum of its values.
    slack: Vec<f64>,
    /// Per open target, the positions by descending value (ties by position).
    by_value: Vec<Vec<usize>>,
    /// `weights[o]`: the surrogate weightings tried when `o` targets are open.
    weights: Vec<Vec<Vec<f64>>>,
}

/// Buffers reused by every cut: the capped shares, target by target, and their weighted sums.
#[derive(Default)]
struct Scratch {
    shares: Vec<f64>,
    sums: Vec<f64>,
}

/// Weightings of `o` open targets: the points of the simplex with coordinates in multiples of
/// `1 / grid` other than its corners (a corner is one target's own bound); fewer points for
/// more targets, and the equal weighting alone past six.
fn simplex_grid(o: usize) -> Vec<Vec<f64>> {
    let grid = match o {
        0 | 1 => return Vec::new(),
        2 | 3 => 4,
        4..=6 => 2,
        _ => return vec![vec![1.0; o]],
    };
    let mut out = vec![vec![1.0 / o as f64; o]];
    let mut point = vec![0usize; o];
    fn fill(k: usize, left: usize, point: &mut [usize], grid: usize, out: &mut Vec<Vec<f64>>) {
        if k + 1 == point.len() {
            point[k] = left;
            if point.iter().all(|&c| c < grid) {
                out.push(point.iter().map(|&c| c as f64 / grid as f64).collect());
            }
            return;
        }
        for c in 0..=left {
            point[k] = c;
            fill(k + 1, left - c, point, grid, out);
        }
    }
    fill(0, grid, &mut point, grid, &mut out);
    // The equal weighting first, then the interior points: they cut most often.
    out[1..].sort_by_key(|w| w.iter().filter(|&&x| x == 0.0).count());
    out
}

impl<'a> Search<'a> {
    fn new(values: &'a [Vec<f64>], targets: &'a [f64]) -> Search<'a> {
        let n = values[0].len();
        // Targets the empty club meets (threshold <= 0) are met by every club: sums of
        // non-negative values are non-negative.
        let open: Vec<usize> =
            (0..targets.len()).filter(|&k| targets[k] - 1e-9 * targets[k].abs() > 0.0).collect();
        let threshold: Vec<f64> = open.iter().map(|&k| targets[k] - 1e-9 * targets[k].abs()).collect();
        // Members holding nothing of any open target never lower a deficit, and adding zeros
        // leaves a floating sum unchanged, so they are never needed.
        let mut member: Vec<usize> = (0..n).filter(|&i| open.iter().any(|&k| values[k][i] > 0.0)).collect();
        let key = |i: usize| -> f64 { open.iter().zip(&threshold).map(|(&k, t)| values[k][i] / t).sum() };
        member.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
        let val: Vec<Vec<f64>> =
            open.iter().map(|&k| member.iter().map(|&i| values[k][i]).collect()).collect();
        // A sum of m terms rounds by at most (m - 1) u times the sum of their magnitudes
        // (Higham 2002, 4.2); deficits subtract up to n + 1 terms. Four times that is ample.
        let eps = f64::EPSILON;
        let slack: Vec<f64> =
            val.iter().map(|v| 8.0 * (member.len() as f64 + 2.0) * eps * v.iter().sum::<f64>()).collect();
        let by_value = val
            .iter()
            .map(|v| {
                let mut order: Vec<usize> = (0..v.len()).collect();
                order.sort_by(|&a, &b| v[b].total_cmp(&v[a]).then(a.cmp(&b)));
                order
            })
            .collect();
        let weights = (0..=threshold.len()).map(simplex_grid).collect();
        Search { values, targets, member, val, threshold, slack, by_value, weights }
    }

    /// Whether the positions in `chosen` form a club passing the check.
    fn passes(&self, chosen: &[usize]) -> bool {
        let mut club: Vec<usize> = chosen.iter().map(|&p| self.member[p]).collect();
        club.sort_unstable();
        meets(self.values, self.targets, &club)
    }

    /// Whether every relaxed deficit is covered (necessary for passing the check).
    fn covered(&self, deficit: &[f64]) -> bool {
        deficit.iter().zip(&self.slack).all(|(r, s)| r <= s)
    }

    /// The covering greedy, with redundant members dropped; positions. Everyone passes the
    /// check, so it ends with a passing club.
    fn greedy(&self) -> Vec<usize> {
        let m = self.member.len();
        let mut deficit = self.threshold.clone();
        let mut used = vec![false; m];
        let mut chosen = Vec::new();
        while !(self.covered(&deficit) && self.passes(&chosen)) {
            let score = |p: usize| -> f64 {
                deficit.iter().zip(&self.val).filter(|(r, _)| **r > 0.0).map(|(r, v)| v[p].min(*r) / r).sum()
            };
            // Ties go to the earlier position, the larger summed share.
            let Some(next) =
                (0..m).filter(|&p| !used[p]).max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
            else {
                break;
            };
            used[next] = true;
            chosen.push(next);
            for (r, v) in deficit.iter_mut().zip(&self.val) {
                *r -= v[next];
            }
        }
        // Drop members the later ones made redundant, last taken first.
        let mut i = chosen.len();
        while i > 0 {
            i -= 1;
            let mut without = chosen.clone();
            without.remove(i);
            if self.passes(&without) {
                chosen = without;
            }
        }
        chosen
    }

    /// Whether no `q` members from positions `from..` can cover the deficits (so a node there
    /// cannot beat the best club): by one target's `q` largest values, or by the surrogate of
    /// capped shares. `scratch` is reused across calls.
    fn cut(&self, from: usize, q: usize, deficit: &[f64], scratch: &mut Scratch) -> bool {
        let left = self.member.len() - from.min(self.member.len());
        if q == 0 || left == 0 {
            return true;
        }
        let q = q.min(left);
        let mut open = 0;
        for ((order, v), (&r, &s)) in self.by_value.iter().zip(&self.val).zip(deficit.iter().zip(&self.slack))
        {
            if r <= s {
                continue;
            }
            open += 1;
            let (mut sum, mut taken) = (0.0, 0);
            for &p in order.iter().filter(|&&p| p >= from) {
                if taken == q || sum >= r - s {
                    break;
                }
                sum += v[p];
                taken += 1;
            }
            if sum < r - s {
                return true;
            }
        }
        if open < 2 || q == left {
            return false;
        }
        // Any completion holds at least r_k - s_k of each open attribute, so its capped shares
        // min(a, r_k) / r_k add up to at least 1 - s_k / r_k per open target, and any
        // non-negative weighting of those sums holds too (a surrogate constraint). The weights
        // are a grid on the simplex: the LP dual's best weighting lies somewhere on it.
        let shares = &mut scratch.shares;
        shares.clear();
        let mut floor = Vec::with_capacity(open);
        for ((v, &r), &s) in self.val.iter().zip(deficit).zip(&self.slack) {
            if r > s {
                floor.push(1.0 - s / r);
                shares.extend(v[from..].iter().map(|a| a.min(r) / r));
            }
        }
        let margin = 4.0 * (self.member.len() + deficit.len() + 2) as f64 * f64::EPSILON * open as f64;
        for w in &self.weights[open] {
            let sums = &mut scratch.sums;
            sums.clear();
            sums.resize(left, 0.0);
            for (wk, row) in w.iter().zip(shares.chunks_exact(left)) {
                if *wk > 0.0 {
                    for (c, x) in sums.iter_mut().zip(row) {
                        *c += wk * x;
                    }
                }
            }
            let need: f64 = w.iter().zip(&floor).map(|(wk, f)| wk * f).sum::<f64>() - margin;
            sums.select_nth_unstable_by(q - 1, |a, b| b.total_cmp(a));
            if sums[..q].iter().sum::<f64>() < need {
                return true;
            }
        }
        false
    }

    /// The depth-first search from the greedy club; members (ascending) of a smallest club,
    /// or `None` past [`MAX_CLUB_NODES`].
    fn run(&self, cancel: &CancelToken) -> Result<Option<Vec<usize>>, BargainingError> {
        let kinds = self.threshold.len();
        let mut best = self.greedy();
        // Level d holds d chosen positions, the next child to try, and the deficits.
        let mut chosen: Vec<usize> = Vec::new();
        let mut cursor: Vec<usize> = vec![0];
        let mut deficits: Vec<f64> = self.threshold.clone();
        let mut scratch = Scratch::default();
        let mut nodes: u64 = 0;
        loop {
            let d = chosen.len();
            let j = cursor[d];
            let q = best.len().saturating_sub(d + 1);
            if self.cut(j, q, &deficits[d * kinds..(d + 1) * kinds], &mut scratch) {
                if !back_up(&mut chosen, &mut cursor, &mut deficits, kinds) {
                    break;
                }
                continue;
            }
            cursor[d] = j + 1;
            nodes += 1;
            if nodes % CHECK_EVERY == 0 {
                cancel.check()?;
            }
            if nodes > MAX_CLUB_NODES {
                return Ok(None);
            }
            let child: Vec<f64> = (0..kinds).map(|k| deficits[d * kinds + k] - self.val[k][j]).collect();
            chosen.push(j);
            if self.covered(&child) && self.passes(&chosen) {
                // A smaller club; its siblings would be no smaller, so the level is done.
                best = chosen.clone();
                chosen.pop();
                if !back_up(&mut chosen, &mut cursor, &mut deficits, kinds) {
                    break;
                }
                continue;
            }
            deficits.extend(child);
            cursor.push(j + 1);
        }
        let mut club: Vec<usize> = best.iter().map(|&p| self.member[p]).collect();
        club.sort_unstable();
        Ok(Some(club))
    }
}

/// Leaves the search's deepest level (its chosen member, cursor and deficits) for its parent;
/// `false` at the root, where the search is over.
fn back_up(chosen: &mut Vec<usize>, cursor: &mut Vec<usize>, deficits: &mut Vec<f64>, kinds: usize) -> bool {
    let depth = chosen.len();
    if depth == 0 {
        return false;
    }
    chosen.pop();
    cursor.pop();
    deficits.truncate(depth * kinds);
    true
}
