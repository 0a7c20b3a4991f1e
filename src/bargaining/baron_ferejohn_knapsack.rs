//! The Baron-Ferejohn proposer's problem as a knapsack: the cheapest winning coalition of a
//! size-and-weight game.
//!
//! In a game whose coalition `S` wins when `w(S) >= theta(|S|)` (a [`SizeWeightGame`]: weighted
//! rules, member counts, and double majorities such as the EU Council's, whose thresholds fall
//! with size), a proposer `i` facing continuation values `v` pays `delta v_j` to each partner
//! `j` and so solves
//!
//! ```text
//! minimise sum_{j != i} c_j x_j   subject to   w_i + sum_j w_j x_j >= theta_k,
//!                                               1 + sum_j x_j >= a_k,   x_j in {0, 1},
//! ```
//!
//! for the best of the threshold segments `k` (sizes from `a_k` on need weight `theta_k`):
//! a covering knapsack in two dimensions, weight and size. Two exact methods solve it, kept
//! independent so that one checks the other:
//!
//! - [`Knapsack::cheapest`], the solver: depth-first branch and bound over members sorted by
//!   cost per unit of weight, with the larger of two lower bounds (the fractional knapsack on
//!   weight, Dantzig 1957, and the cheapest members still needed for the size). It stops
//!   with an error after [`MAX_NODES`] nodes.
//! - [`Knapsack::cheaper_than`], the checker: dynamic programming over classes of
//!   interchangeable members and their counts, on states (size, weight) capped at what any
//!   segment needs, keeping only states not dominated in (weight, cost) and cheaper than the
//!   bound to be certified (Nemhauser & Ullmann 1969), and dropping states whose cost plus
//!   a relaxed cost to finish (fractions of the remaining members by cost per unit of weight,
//!   and the cheapest ones for the size) reaches that bound. It stops with an error after
//!   [`MAX_STATES`] states.
//!
//! # References
//! Dantzig (1957), "Discrete-variable extremum problems", Operations Research 5(2);
//! Nemhauser & Ullmann (1969), "Discrete dynamic programming and capital allocation",
//! Management Science 15(9); Kellerer, Pferschy & Pisinger (2004), *Knapsack Problems*,
//! ch. 2 and 5 (branch and bound, Pareto dynamic programming).
//!
//! ```
//! // Exercised through `baron_ferejohn_with`; see the module tests for the knapsack itself.
//! use comity::bargaining::{baron_ferejohn_with, Method, Recognition};
//! use comity::game::{Game, WeightedGame};
//! let game = Game::from(WeightedGame::new(vec![4, 3, 2, 1], 6)?);
//! let p = Recognition::Equal.probabilities(4)?;
//! let by_knapsack = baron_ferejohn_with(&game, &p, 0.9, Method::Knapsack)?;
//! let by_enumeration = baron_ferejohn_with(&game, &p, 0.9, Method::Enumeration)?;
//! for (a, b) in by_knapsack.values.iter().zip(&by_enumeration.values) {
//!     assert!((a - b).abs() < 1e-8);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`SizeWeightGame`]: crate::game::SizeWeightGame

use super::axiomatic::BargainingError;
use crate::cancel::CancelToken;
use crate::game::SizeWeightGame;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most branch-and-bound nodes one cheapest-coalition search visits before the knapsack
/// method refuses (naming the enumeration as the alternative).
///
/// ```
/// assert_eq!(comity::bargaining::MAX_NODES, 50_000_000);
/// ```
pub const MAX_NODES: usize = 50_000_000;

/// The most dynamic-programming states one independent check of a cheapest coalition keeps
/// before the knapsack method refuses.
///
/// ```
/// assert_eq!(comity::bargaining::MAX_STATES, 20_000_000);
/// ```
pub const MAX_STATES: usize = 20_000_000;

/// The most work that the knapsack method spends on one whole solve before it refuses, naming
/// a smaller body as the alternative: branch-and-bound nodes and dynamic-programming states
/// examined, kept or dropped by a bound (every search and check, over every temperature and round of column generation) and the
/// homotopy's pool work (each coalition priced by Newton's method, its line search and the
/// pruning; a pricing with second moments counts once per class, as it costs about that many
/// times more). [`MAX_NODES`] and [`MAX_STATES`] bound one search each, but nothing bounded
/// their sum over the many searches of a solve, nor the pool work, which is most of the time
/// on large bodies: the IMF Board at 70% with `--method knapsack` ran past 100 s without
/// refusing. Work is charged as it is done (searches every few thousand nodes or states, by
/// every thread; the homotopy after each Newton solve, at most 200 iterations), so a run that
/// would exceed it stops soon after the limit. Measured (release build): the EU Council's
/// qualified majority 0.6e8 to 2.0e8 (delta 0.5 to 0.99, with and without Malta in the chair;
/// 1 to 5 s of CPU); the IMF Board refuses, at 70% after about 10 s of CPU and at a simple
/// majority after about 20 s (before the pool work was counted, it solved that one in about
/// 60 s of CPU with 5.1e8 nodes and states). These figures predate counting the states that
/// the checks drop as well as those they keep.
///
/// ```
/// use comity::bargaining::{baron_ferejohn_with, Method, Recognition, MAX_WORK};
/// use comity::game::{Game, WeightedGame};
/// assert_eq!(MAX_WORK, 1_000_000_000);
/// // A small body is far within it.
/// let game = Game::from(WeightedGame::new(vec![4, 3, 2, 1], 6)?);
/// let p = Recognition::Equal.probabilities(4)?;
/// assert!(baron_ferejohn_with(&game, &p, 0.9, Method::Knapsack).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_WORK: usize = 1_000_000_000;

/// Work is added to the shared count in batches of this many nodes or states: an atomic
/// addition per node would contend between threads, and a batch is microseconds of work.
const CHARGE_EVERY: usize = 1 << 12;

/// Branches whose lower bound comes within this of the best cost are pruned: identical
/// members give bounds equal to the best up to rounding, and without the slack the search
/// would visit every way of choosing among them. What it may miss is far below
/// [`super::TOLERANCE`], to which the independent check holds every result.
const PRUNE_SLACK: f64 = 1e-12;

/// The proposer's problem for one game: members' weights and the threshold segments.
pub(super) struct Knapsack {
    weights: Vec<u64>,
    /// `(a_k, theta_k)`: coalitions of at least `a_k` members win with weight `theta_k`.
    segments: Vec<(usize, u64)>,
    /// Classes of interchangeable members (indices), each sorted heaviest first.
    classes: Vec<Vec<usize>>,
    /// Nodes and states spent so far by every search and check on this problem, against
    /// [`MAX_WORK`].
    work: AtomicUsize,
    /// Checked wherever work is charged: a cancelled solve stops within a batch.
    cancel: CancelToken,
}

/// A cheapest coalition: its cost and how many members of each class it holds (the proposer
/// included).
pub(super) struct Cheapest {
    pub cost: f64,
    pub counts: Vec<usize>,
}

impl Knapsack {
    /// The problem for `game` with classes `classes` of interchangeable members.
    pub fn new(game: &SizeWeightGame, classes: &[Vec<usize>]) -> Knapsack {
        let weights = game.weights().to_vec();
        let mut segments: Vec<(usize, u64)> = Vec::new();
        for (size, threshold) in game.thresholds().iter().enumerate() {
            if let Some(theta) = *threshold
                && segments.last().is_none_or(|&(_, last)| last != theta)
            {
                segments.push((size, theta));
            }
        }
        let classes = classes
            .iter()
            .map(|members| {
                let mut sorted = members.clone();
                sorted.sort_by(|&a, &b| weights[b].cmp(&weights[a]).then(a.cmp(&b)));
                sorted
            })
            .collect();
        Knapsack { weights, segments, classes, work: AtomicUsize::new(0), cancel: CancelToken::new() }
    }

    /// The same problem, its searches and checks stopping with
    /// [`BargainingError::Interrupted`] at their next charge once `cancel` is cancelled.
    pub fn with_cancel(self, cancel: &CancelToken) -> Knapsack {
        Knapsack { cancel: cancel.clone(), ..self }
    }

    /// Nodes and states spent so far on this problem.
    #[cfg(test)]
    pub fn work(&self) -> usize {
        self.work.load(Ordering::Relaxed)
    }

    /// Sets the work spent so far (tests drive a solve near [`MAX_WORK`]).
    #[cfg(test)]
    pub fn set_work(&self, work: usize) {
        self.work.store(work, Ordering::Relaxed);
    }

    /// The cheapest winning coalition containing a proposer of class `t`, when members of class
    /// `c` cost `cost[c]` each as partners, by branch and bound over members.
    pub fn cheapest(&self, cost: &[f64], t: usize) -> Result<Cheapest, BargainingError> {
        let (items, cheapest_suffix, class_of, proposer) = self.items(cost, t);
        let m = items.len();
        let mut best: Option<(f64, Vec<bool>)> = None;
        let mut nodes = 0usize;
        for &(a, theta) in &self.segments {
            let search = Search {
                items: &items,
                cheapest_suffix: &cheapest_suffix,
                weight_need: theta.saturating_sub(self.weights[proposer]),
                size_need: a.saturating_sub(1),
                work: &self.work,
                cancel: &self.cancel,
            };
            let mut chosen = vec![false; m];
            search.descend(0, 0, 0, 0.0, &mut chosen, &mut best, &mut nodes)?;
        }
        charge(&self.work, &self.cancel, nodes % CHARGE_EVERY)?;
        let (cost_found, chosen) = best.ok_or(BargainingError::NoAgreement)?;
        let mut counts = vec![0; self.classes.len()];
        counts[t] = 1;
        for (k, &(_, _, j)) in items.iter().enumerate() {
            if chosen[k] {
                counts[class_of[j]] += 1;
            }
        }
        Ok(Cheapest { cost: cost_found, counts })
    }

    /// Winning coalitions containing a proposer of class `t` whose partners cost at most
    /// `limit`, as class counts (the proposer included), without repeats, by the same branch
    /// and bound.
    ///
    /// Each is a leaf of the search for one threshold segment: members are added in branching
    /// order until the coalition meets that segment's size and weight, and none after. Such a
    /// coalition wins, but it is not always a minimal winning coalition: a member added
    /// earlier may turn out removable once later ones are in, and a coalition that meets one
    /// segment may contain one that meets another. The search stops at `cap` leaves *per
    /// segment*, so up to `cap` times the number of segments come back (fewer after repeats
    /// are dropped), and which leaves are kept when a cap is reached follows the branching
    /// order. The flag says whether every segment's search ran to the end: then every minimal
    /// winning coalition within the limit is among those returned (removing its last member in
    /// branching order makes it lose, so it is a leaf in any order).
    pub fn within(
        &self,
        cost: &[f64],
        t: usize,
        limit: f64,
        cap: usize,
    ) -> Result<(Vec<Vec<usize>>, bool), BargainingError> {
        let (items, cheapest_suffix, class_of, proposer) = self.items(cost, t);
        let m = items.len();
        let mut found: Vec<Vec<usize>> = Vec::new();
        // Repeats are dropped by hashing: a linear search of `found` for every leaf was
        // quadratic in the leaves, a sixth of the EU Council's time. FxHash rather than the
        // default SipHash, whose hashing of short count vectors was 5% of it (no untrusted keys
        // here; `found` keeps the order of discovery, so results do not depend on the hash).
        let mut seen: rustc_hash::FxHashSet<Vec<usize>> = rustc_hash::FxHashSet::default();
        let mut nodes = 0usize;
        let mut exhaustive = true;
        for &(a, theta) in &self.segments {
            let search = Search {
                items: &items,
                cheapest_suffix: &cheapest_suffix,
                weight_need: theta.saturating_sub(self.weights[proposer]),
                size_need: a.saturating_sub(1),
                work: &self.work,
                cancel: &self.cancel,
            };
            let mut chosen = vec![false; m];
            let mut leaves: Vec<Vec<bool>> = Vec::new();
            search.gather(0, 0, 0, 0.0, limit, cap, &mut chosen, &mut leaves, &mut nodes)?;
            exhaustive &= leaves.len() < cap;
            for leaf in leaves {
                let mut counts = vec![0; self.classes.len()];
                counts[t] = 1;
                for (k, &(_, _, j)) in items.iter().enumerate() {
                    if leaf[k] {
                        counts[class_of[j]] += 1;
                    }
                }
                if seen.insert(counts.clone()) {
                    found.push(counts);
                }
            }
        }
        charge(&self.work, &self.cancel, nodes % CHARGE_EVERY)?;
        Ok((found, exhaustive))
    }

    /// Charges `amount` of the homotopy's pool work (coalitions priced by Newton's method and
    /// its line search) to the whole solve's budget [`MAX_WORK`]; the refusal once it passes.
    pub fn charge_pool(&self, amount: usize) -> Result<(), BargainingError> {
        charge(&self.work, &self.cancel, amount)
    }

    /// The branching items for a proposer of class `t` at prices `cost`: `(cost, weight,
    /// member)` in branching order, the sums of the cheapest costs of each suffix, each
    /// member's class, and the proposer.
    #[allow(clippy::type_complexity)]
    fn items(&self, cost: &[f64], t: usize) -> (Vec<(f64, u64, usize)>, Vec<Vec<f64>>, Vec<usize>, usize) {
        let proposer = self.classes[t][0];
        let mut class_of = vec![0; self.weights.len()];
        for (c, members) in self.classes.iter().enumerate() {
            members.iter().for_each(|&j| class_of[j] = c);
        }
        // Members other than the proposer, cheapest weight first; members without weight last,
        // cheapest first (they only help with the size).
        let mut items: Vec<(f64, u64, usize)> = (0..self.weights.len())
            .filter(|&j| j != proposer)
            .map(|j| (cost[class_of[j]], self.weights[j], j))
            .collect();
        items.sort_by(|a, b| match (a.1, b.1) {
            (0, 0) => a.0.total_cmp(&b.0),
            (0, _) => std::cmp::Ordering::Greater,
            (_, 0) => std::cmp::Ordering::Less,
            _ => (a.0 * b.1 as f64).total_cmp(&(b.0 * a.1 as f64)).then(b.1.cmp(&a.1)),
        });
        // cheapest_suffix[d][k]: the k cheapest costs among items d.. (for the size bound).
        let m = items.len();
        let mut cheapest_suffix: Vec<Vec<f64>> = Vec::with_capacity(m + 1);
        let needs_size = self.segments.iter().any(|&(a, _)| a > 1);
        for d in 0..=m {
            if needs_size {
                let mut costs: Vec<f64> = items[d..].iter().map(|x| x.0).collect();
                costs.sort_by(f64::total_cmp);
                let mut sums = Vec::with_capacity(costs.len() + 1);
                sums.push(0.0);
                for c in costs {
                    sums.push(sums.last().copied().unwrap_or(0.0) + c);
                }
                cheapest_suffix.push(sums);
            }
        }
        (items, cheapest_suffix, class_of, proposer)
    }

    /// Independently of [`Knapsack::cheapest`]: the cost of a winning coalition containing a
    /// proposer of class `t` that costs less than `limit`, if there is one (the cheapest such),
    /// by dynamic programming over classes and counts.
    pub fn cheaper_than(&self, cost: &[f64], t: usize, limit: f64) -> Result<Option<f64>, BargainingError> {
        let cap_size = self.segments.iter().map(|s| s.0).max().unwrap_or(0);
        let cap_weight = self.segments.iter().map(|s| s.1).max().unwrap_or(0);
        // What the classes after each one can still add, for pruning hopeless states.
        let c = self.classes.len();
        let mut rest_size = vec![0usize; c + 1];
        let mut rest_weight = vec![0u64; c + 1];
        for k in (0..c).rev() {
            rest_size[k] = rest_size[k + 1] + self.classes[k].len();
            rest_weight[k] = rest_weight[k + 1]
                .saturating_add(self.classes[k].iter().map(|&j| self.weights[j]).sum::<u64>());
        }
        let hopeless = |k: usize, size: usize, weight: u64| {
            self.segments
                .iter()
                .all(|&(a, theta)| size + rest_size[k] < a || weight.saturating_add(rest_weight[k]) < theta)
        };
        // A lower bound on what the classes after each one must still pay to win from a
        // state, by relaxing their members to fractions (Dantzig 1957) for the weight and
        // taking the cheapest ones for the size: states that cannot finish below `limit` are
        // dropped, which cut the check's time on the EU Council by about two thirds (the
        // rejected alternative, the limit alone, kept every state cheaper than the limit
        // however far from winning). The proposer of class `t` is a free member (it is in
        // every coalition). The relaxation is a lower bound only for non-negative prices.
        let use_bound = cost.iter().all(|&x| x >= 0.0);
        let finish: Vec<Finish> = (0..=c)
            .map(|k| {
                let items: Vec<(f64, u64)> = self.classes[k.min(c)..]
                    .iter()
                    .enumerate()
                    .flat_map(|(offset, members)| {
                        let class = k + offset;
                        members.iter().enumerate().map(move |(r, &j)| {
                            (if class == t && r == 0 { 0.0 } else { cost[class] }, self.weights[j])
                        })
                    })
                    .collect();
                Finish::new(items)
            })
            .collect();
        let finish_bound = |k: usize, size: usize, weight: u64| {
            self.segments
                .iter()
                .map(|&(a, theta)| finish[k].bound(theta.saturating_sub(weight), a.saturating_sub(size)))
                .fold(f64::INFINITY, f64::min)
        };
        // States by capped size: (capped weight, cost), Pareto-optimal.
        let mut states: HashMap<usize, Vec<(u64, f64)>> = HashMap::from([(0, vec![(0, 0.0)])]);
        for (k, members) in self.classes.iter().enumerate() {
            let (low, paid) = if k == t { (1, 1) } else { (0, 0) };
            let mut prefix = vec![0u64];
            for &j in members {
                prefix.push(prefix[prefix.len() - 1].saturating_add(self.weights[j]));
            }
            let mut next: HashMap<usize, Vec<(u64, f64)>> = HashMap::new();
            let mut kept = 0usize;
            // States are counted as they are pushed, before pruning: one large class after a
            // wide layer could otherwise fill gigabytes before the check below.
            let mut pushed = 0usize;
            // Work is every candidate examined, pushed or dropped: a layer whose candidates
            // the bounds all drop still takes time, and must still reach the budget and the
            // cancellation checkpoint.
            let mut examined = 0usize;
            for (&size, list) in &states {
                for &(weight, spent) in list {
                    for (count, &added) in prefix.iter().enumerate().skip(low) {
                        examined += 1;
                        if examined % CHARGE_EVERY == 0 {
                            charge(&self.work, &self.cancel, CHARGE_EVERY)?;
                        }
                        let total = spent + (count - paid) as f64 * cost[k];
                        if total >= limit {
                            break;
                        }
                        let s = (size + count).min(cap_size);
                        let w = weight.saturating_add(added).min(cap_weight);
                        if hopeless(k + 1, size + count, weight.saturating_add(added)) {
                            continue;
                        }
                        // The state is dropped only if it cannot finish below `limit` even
                        // with both margins: the bound shrunk by a relative 1e-9 (its own
                        // rounding, a few ulps of a sum of at most n costs) and the limit
                        // raised by a relative 1e-12 of itself (the rounding of `total` and of
                        // the sum, which scale with the costs being added, not with the cost
                        // to finish, which may be far smaller).
                        if use_bound
                            && total + finish_bound(k + 1, s, w) * (1.0 - 1e-9) >= limit + 1e-12 * limit.abs()
                        {
                            continue;
                        }
                        pushed += 1;
                        if pushed > 4 * MAX_STATES {
                            return Err(too_many_states());
                        }
                        next.entry(s).or_default().push((w, total));
                    }
                }
            }
            charge(&self.work, &self.cancel, examined % CHARGE_EVERY)?;
            for list in next.values_mut() {
                // Heaviest first, then cheapest: keep a state only if cheaper than every
                // heavier one.
                list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
                let mut least = f64::INFINITY;
                list.retain(|&(_, spent)| {
                    let keep = spent < least;
                    least = least.min(spent);
                    keep
                });
                kept += list.len();
            }
            if kept > MAX_STATES {
                return Err(too_many_states());
            }
            states = next;
        }
        let wins =
            |size: usize, weight: u64| self.segments.iter().any(|&(a, theta)| size >= a && weight >= theta);
        Ok(states
            .iter()
            .flat_map(|(&size, list)| {
                list.iter().filter(move |&&(w, _)| wins(size, w)).map(|&(_, spent)| spent)
            })
            .fold(None, |best: Option<f64>, x| Some(best.map_or(x, |b| b.min(x)))))
    }
}

/// The least cost of adding members from a set of items `(cost, weight)` to gain weight and
/// size, relaxed: the weight by fractions of items in order of cost per unit of weight, the
/// size by the cheapest items; the larger of the two.
struct Finish {
    /// Items with weight, by cost per unit of weight: prefix sums of weight and cost.
    weight_prefix: Vec<u64>,
    cost_prefix: Vec<f64>,
    /// Each item's `(cost, weight)` in that order.
    by_ratio: Vec<(f64, u64)>,
    /// Prefix sums of all items' costs, cheapest first.
    cheapest: Vec<f64>,
}

impl Finish {
    fn new(items: Vec<(f64, u64)>) -> Finish {
        let mut by_ratio: Vec<(f64, u64)> = items.iter().copied().filter(|x| x.1 > 0).collect();
        by_ratio.sort_by(|a, b| (a.0 * b.1 as f64).total_cmp(&(b.0 * a.1 as f64)));
        let mut weight_prefix = vec![0u64];
        let mut cost_prefix = vec![0.0];
        for &(c, w) in &by_ratio {
            weight_prefix.push(weight_prefix[weight_prefix.len() - 1].saturating_add(w));
            cost_prefix.push(cost_prefix[cost_prefix.len() - 1] + c);
        }
        let mut costs: Vec<f64> = items.iter().map(|x| x.0).collect();
        costs.sort_by(f64::total_cmp);
        let mut cheapest = vec![0.0];
        for c in costs {
            cheapest.push(cheapest[cheapest.len() - 1] + c);
        }
        Finish { weight_prefix, cost_prefix, by_ratio, cheapest }
    }

    /// A lower bound on the cost of `size` more members with `weight` more weight; infinite
    /// if the items cannot give them.
    fn bound(&self, weight: u64, size: usize) -> f64 {
        if size >= self.cheapest.len() {
            return f64::INFINITY;
        }
        let by_size = self.cheapest[size];
        // The first prefix reaching the weight: all items before it whole, it in part.
        let i = self.weight_prefix.partition_point(|&w| w < weight);
        let by_weight = if i == 0 {
            0.0
        } else if i >= self.weight_prefix.len() {
            return f64::INFINITY;
        } else {
            let (c, w) = self.by_ratio[i - 1];
            self.cost_prefix[i - 1] + c * (weight - self.weight_prefix[i - 1]) as f64 / w as f64
        };
        by_size.max(by_weight)
    }
}

/// One segment's branch and bound.
struct Search<'a> {
    /// `(cost, weight, member)`, in branching order.
    items: &'a [(f64, u64, usize)],
    cheapest_suffix: &'a [Vec<f64>],
    weight_need: u64,
    size_need: usize,
    /// The whole solve's work, charged every [`CHARGE_EVERY`] nodes.
    work: &'a AtomicUsize,
    /// Checked at every charge.
    cancel: &'a CancelToken,
}

impl Search<'_> {
    /// A lower bound on what items `d..` must add to cover `weight` more weight and `size`
    /// more members, or `None` if they cannot.
    fn bound(&self, d: usize, weight: u64, size: usize) -> Option<f64> {
        let rest = &self.items[d..];
        if rest.len() < size {
            return None;
        }
        let by_size = if size > 0 { self.cheapest_suffix[d][size] } else { 0.0 };
        let mut by_weight = 0.0;
        let mut missing = weight;
        for &(cost, w, _) in rest {
            if missing == 0 {
                break;
            }
            if w == 0 {
                return None;
            }
            if w >= missing {
                by_weight += cost * missing as f64 / w as f64;
                missing = 0;
            } else {
                by_weight += cost;
                missing -= w;
            }
        }
        if missing > 0 {
            return None;
        }
        Some(by_size.max(by_weight))
    }

    #[allow(clippy::too_many_arguments)]
    fn descend(
        &self,
        d: usize,
        weight: u64,
        size: usize,
        spent: f64,
        chosen: &mut Vec<bool>,
        best: &mut Option<(f64, Vec<bool>)>,
        nodes: &mut usize,
    ) -> Result<(), BargainingError> {
        *nodes += 1;
        if *nodes > MAX_NODES {
            return Err(too_many_nodes());
        }
        if *nodes % CHARGE_EVERY == 0 {
            charge(self.work, self.cancel, CHARGE_EVERY)?;
        }
        let weight_missing = self.weight_need.saturating_sub(weight);
        let size_missing = self.size_need.saturating_sub(size);
        if weight_missing == 0 && size_missing == 0 {
            // Costs are non-negative: adding members cannot make it cheaper.
            if best.as_ref().is_none_or(|b| spent < b.0) {
                *best = Some((spent, chosen.clone()));
            }
            return Ok(());
        }
        let Some(lower) = self.bound(d, weight_missing, size_missing) else { return Ok(()) };
        if best.as_ref().is_some_and(|b| spent + lower >= b.0 - PRUNE_SLACK) {
            return Ok(());
        }
        let (cost, w, _) = self.items[d];
        chosen[d] = true;
        self.descend(d + 1, weight.saturating_add(w), size + 1, spent + cost, chosen, best, nodes)?;
        chosen[d] = false;
        self.descend(d + 1, weight, size, spent, chosen, best, nodes)
    }
}

impl Search<'_> {
    /// Every leaf (a winning choice, no member added once it wins) costing at most `limit`,
    /// into `leaves`, up to `cap` of them.
    #[allow(clippy::too_many_arguments)]
    fn gather(
        &self,
        d: usize,
        weight: u64,
        size: usize,
        spent: f64,
        limit: f64,
        cap: usize,
        chosen: &mut Vec<bool>,
        leaves: &mut Vec<Vec<bool>>,
        nodes: &mut usize,
    ) -> Result<(), BargainingError> {
        *nodes += 1;
        if *nodes > MAX_NODES {
            return Err(too_many_nodes());
        }
        if *nodes % CHARGE_EVERY == 0 {
            charge(self.work, self.cancel, CHARGE_EVERY)?;
        }
        if leaves.len() >= cap || spent > limit {
            return Ok(());
        }
        let weight_missing = self.weight_need.saturating_sub(weight);
        let size_missing = self.size_need.saturating_sub(size);
        if weight_missing == 0 && size_missing == 0 {
            leaves.push(chosen.clone());
            return Ok(());
        }
        let Some(lower) = self.bound(d, weight_missing, size_missing) else { return Ok(()) };
        if spent + lower > limit + PRUNE_SLACK {
            return Ok(());
        }
        let (cost, w, _) = self.items[d];
        chosen[d] = true;
        self.gather(
            d + 1,
            weight.saturating_add(w),
            size + 1,
            spent + cost,
            limit,
            cap,
            chosen,
            leaves,
            nodes,
        )?;
        chosen[d] = false;
        self.gather(d + 1, weight, size, spent, limit, cap, chosen, leaves, nodes)
    }
}

/// Adds `amount` to the whole solve's work `work`; the refusal once it passes [`MAX_WORK`]
/// (and at every later charge, so that searches running in parallel stop too), and
/// [`BargainingError::Interrupted`] once `cancel` is cancelled (charges come every few
/// thousand nodes or states, microseconds apart, so this is the searches' checkpoint).
fn charge(work: &AtomicUsize, cancel: &CancelToken, amount: usize) -> Result<(), BargainingError> {
    cancel.check()?;
    let total = work.fetch_add(amount, Ordering::Relaxed).saturating_add(amount);
    if total > MAX_WORK {
        return Err(BargainingError::Parameter {
            what: "baron-ferejohn",
            message: format!(
                "the knapsack method needs more than {MAX_WORK} units of work in all (MAX_WORK: \
                 branch-and-bound nodes, dynamic-programming states and coalitions priced by the \
                 homotopy); expected a smaller body or fewer members in distinct roles (or \
                 --method enumeration for up to 22 distinct members)"
            ),
        });
    }
    Ok(())
}

/// The refusal of a branch and bound past [`MAX_NODES`].
fn too_many_nodes() -> BargainingError {
    BargainingError::Parameter {
        what: "baron-ferejohn",
        message: format!(
            "a cheapest-coalition search needs more than {MAX_NODES} branch-and-bound nodes; \
             expected fewer near-ties among members' prices (or use --method enumeration for up to 22 distinct members)"
        ),
    }
}

/// The refusal of the independent check when its states pass [`MAX_STATES`].
fn too_many_states() -> BargainingError {
    BargainingError::Parameter {
        what: "baron-ferejohn",
        message: format!(
            "the independent check of a cheapest coalition needs more than {MAX_STATES} states; \
             expected fewer distinct weights (or use --method enumeration for up to 22 distinct members)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::{Coalition, SimpleGame};

    /// All winning coalitions containing `proposer`, their cost, by brute force.
    fn brute(game: &SizeWeightGame, cost: &[f64], proposer: usize) -> f64 {
        let n = game.n();
        (0u32..1 << n)
            .filter(|mask| mask >> proposer & 1 == 1)
            .map(|mask| Coalition::from_players((0..n).filter(|j| mask >> j & 1 == 1)))
            .filter(|c| game.is_winning(c))
            .map(|c| c.players().filter(|&j| j != proposer).map(|j| cost[j]).sum::<f64>())
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn the_relaxed_cost_to_finish_matches_a_hand_computation() {
        // Items (cost, weight): (3, 3), (1, 2), (4, 1), (0, 0). By cost per unit of weight:
        // 1/2, then 3/3, then 4/1.
        let finish = Finish::new(vec![(3.0, 3), (1.0, 2), (4.0, 1), (0.0, 0)]);
        // Weight 4: all of the first (2) and two thirds of the second: 1 + 2 = 3.
        assert!((finish.bound(4, 0) - 3.0).abs() < 1e-12);
        // Weight 1 and three members: the cheapest three cost 0 + 1 + 3 = 4 > 0.5.
        assert!((finish.bound(1, 3) - 4.0).abs() < 1e-12);
        assert_eq!(finish.bound(0, 0), 0.0);
        // More weight or members than the items hold: no way to finish.
        assert_eq!(finish.bound(7, 0), f64::INFINITY);
        assert_eq!(finish.bound(0, 5), f64::INFINITY);
    }

    #[test]
    fn both_methods_find_the_brute_force_minimum() {
        // The EU-like double majority on 8 members: 5 members with weight 65 of 100, or 7 members.
        let weights = vec![30, 20, 15, 12, 10, 6, 4, 3];
        let thresholds = (0..=8)
            .map(|s| {
                if s >= 7 {
                    Some(0)
                } else if s >= 5 {
                    Some(65)
                } else {
                    None
                }
            })
            .collect();
        let game = SizeWeightGame::new(weights, thresholds).unwrap();
        let classes: Vec<Vec<usize>> = (0..8).map(|i| vec![i]).collect();
        let knapsack = Knapsack::new(&game, &classes);
        let cost = [0.31, 0.2, 0.12, 0.13, 0.07, 0.05, 0.05, 0.02];
        for t in 0..8 {
            let expected = brute(&game, &cost, t);
            let found = knapsack.cheapest(&cost, t).unwrap();
            assert!((found.cost - expected).abs() < 1e-12, "proposer {t}: {} against {expected}", found.cost);
            let coalition = Coalition::from_players((0..8).filter(|&j| found.counts[j] == 1));
            assert!(game.is_winning(&coalition));
            let checked = knapsack.cheaper_than(&cost, t, f64::INFINITY).unwrap().unwrap();
            assert!((checked - expected).abs() < 1e-12);
            assert_eq!(knapsack.cheaper_than(&cost, t, expected - 1e-9).unwrap(), None);
            // Finite limits just above the minimum: a cost-to-finish bound that overstates
            // drops the cheapest coalition's states and gives None or a dearer one, which the
            // infinite limit (no bound in play) and the limit below (None anyway) cannot see.
            for above in [0.125, 1e-9] {
                let found = knapsack.cheaper_than(&cost, t, expected + above).unwrap();
                assert!(
                    found.is_some_and(|x| (x - expected).abs() < 1e-12),
                    "proposer {t}, +{above}: {found:?}"
                );
            }
        }
    }

    /// A random double majority of up to 9 members: weights, a member count from which the
    /// weight threshold applies, the threshold, and a count that wins without weight (the
    /// blocking clause), with every member its own class or members grouped by weight.
    fn double_majority()
    -> impl proptest::strategy::Strategy<Value = (SizeWeightGame, Vec<Vec<usize>>, Vec<f64>)> {
        use proptest::prelude::*;
        (2usize..=9)
            .prop_flat_map(|n| {
                (
                    proptest::collection::vec(0u64..6, n),
                    1..=n,
                    0.0f64..=1.0,
                    1..=n,
                    any::<bool>(),
                    proptest::collection::vec(0u32..4, n),
                )
            })
            .prop_map(|(weights, from, share, clause, grouped, ticks)| {
                let n = weights.len();
                let total: u64 = weights.iter().sum();
                let theta = (share * total as f64).ceil() as u64;
                // Sizes from `from` need the weight; sizes from `clause` (the grand coalition
                // at least) win by count alone. Thresholds never rise with size.
                let thresholds = (0..=n)
                    .map(|s| {
                        if s >= clause {
                            Some(0)
                        } else if s >= from {
                            Some(theta)
                        } else {
                            None
                        }
                    })
                    .collect();
                let game = SizeWeightGame::new(weights.clone(), thresholds).unwrap();
                let classes: Vec<Vec<usize>> = if grouped {
                    let mut distinct: Vec<u64> = weights.clone();
                    distinct.sort_unstable();
                    distinct.dedup();
                    distinct.iter().map(|&w| (0..n).filter(|&j| weights[j] == w).collect()).collect()
                } else {
                    (0..n).map(|j| vec![j]).collect()
                };
                // Costs per class, in quarters: ties between coalitions are common.
                let cost = (0..classes.len()).map(|c| f64::from(ticks[c % ticks.len()]) / 4.0).collect();
                (game, classes, cost)
            })
    }

    /// The whole-solve budget: a search that would pass [`MAX_WORK`] in all refuses, naming
    /// the limit, even though it stays far within [`MAX_NODES`] on its own (before the budget,
    /// many such searches together had no bound).
    #[test]
    fn a_search_past_the_whole_solve_budget_refuses_naming_it() {
        let weights: Vec<u64> = (1..=20).collect();
        let total: u64 = weights.iter().sum();
        let thresholds = (0..=20).map(|_| Some(total / 2 + 1)).collect();
        let game = SizeWeightGame::new(weights, thresholds).unwrap();
        let classes: Vec<Vec<usize>> = (0..20).map(|i| vec![i]).collect();
        let knapsack = Knapsack::new(&game, &classes);
        let cost: Vec<f64> = (1..=20).map(|w| f64::from(w) / 210.0).collect();
        knapsack.cheapest(&cost, 0).unwrap();
        let spent = knapsack.work();
        assert!((1..MAX_NODES).contains(&spent), "{spent}");
        // The work of earlier searches, up to the limit: this one's few nodes pass it.
        knapsack.work.store(MAX_WORK - spent / 2, Ordering::Relaxed);
        let err = knapsack.cheapest(&cost, 0).err().expect("the budget is exceeded");
        assert!(err.to_string().contains(&MAX_WORK.to_string()), "{err}");
        assert!(err.to_string().contains("smaller body"), "{err}");
        // Once past the limit, every later search and check refuses at its first charge.
        assert!(knapsack.cheaper_than(&cost, 1, f64::INFINITY).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The relaxed cost to finish is a lower bound: never above the brute-force least cost
        /// of a subset of the items with at least `size` members and `weight` weight, and
        /// infinite exactly when no subset has them.
        #[test]
        fn the_cost_to_finish_never_exceeds_the_brute_force_minimum(
            items in proptest::collection::vec((0u32..12, 0u64..6), 0..=9),
            weight in 0u64..40,
            size in 0usize..=10,
        ) {
            let items: Vec<(f64, u64)> = items.into_iter().map(|(c, w)| (f64::from(c) / 4.0, w)).collect();
            let m = items.len();
            let least = (0u32..1 << m)
                .filter(|mask| mask.count_ones() as usize >= size)
                .filter(|mask| (0..m).filter(|&k| mask >> k & 1 == 1).map(|k| items[k].1).sum::<u64>() >= weight)
                .map(|mask| (0..m).filter(|&k| mask >> k & 1 == 1).map(|k| items[k].0).sum::<f64>())
                .fold(f64::INFINITY, f64::min);
            let bound = Finish::new(items).bound(weight, size);
            proptest::prop_assert_eq!(bound.is_finite(), least.is_finite(), "{} against {}", bound, least);
            if least.is_finite() {
                proptest::prop_assert!(bound <= least + 1e-12, "{} against {}", bound, least);
            }
        }

        /// The independent check (dynamic programming over classes and counts) finds exactly
        /// the brute-force minimum on random double majorities with a blocking clause, and
        /// certifies that nothing is cheaper than it.
        #[test]
        fn the_double_majority_checker_agrees_with_brute_force((game, classes, cost) in double_majority()) {
            let knapsack = Knapsack::new(&game, &classes);
            let n = game.n();
            let mut class_of = vec![0; n];
            for (c, members) in classes.iter().enumerate() {
                members.iter().for_each(|&j| class_of[j] = c);
            }
            let member_cost: Vec<f64> = (0..n).map(|j| cost[class_of[j]]).collect();
            for (t, members) in classes.iter().enumerate() {
                let expected = brute(&game, &member_cost, members[0]);
                let checked = knapsack.cheaper_than(&cost, t, f64::INFINITY).unwrap();
                proptest::prop_assert_eq!(checked.is_some(), expected.is_finite());
                if let Some(found) = checked {
                    proptest::prop_assert!((found - expected).abs() < 1e-12, "class {}: {} against {}", t, found, expected);
                    proptest::prop_assert_eq!(knapsack.cheaper_than(&cost, t, expected - 1e-9).unwrap(), None);
                    // Just above the minimum the cost-to-finish bound is in play: it must keep
                    // the cheapest coalition's states.
                    for above in [0.125, 1e-9] {
                        let near = knapsack.cheaper_than(&cost, t, expected + above).unwrap();
                        proptest::prop_assert!(
                            near.is_some_and(|x| (x - expected).abs() < 1e-12),
                            "class {}, +{}: {:?} against {}", t, above, near, expected
                        );
                    }
                    let solved = knapsack.cheapest(&cost, t).unwrap();
                    proptest::prop_assert!((solved.cost - expected).abs() < 1e-12);
                }
            }
        }
    }
}
