//! Each member's probability of sitting, year by year and in the long run: a Markov chain
//! over terms.
//!
//! The state of a group at the start of a year says who holds its seats: for each member,
//! either off the body or sitting with `y` years of its term left (1: the last) and `m`
//! consecutive terms served. At the end of the year every term with one year left ends, and
//! the group elects as many members as seats fall vacant from those eligible: every member
//! off the body, and each retiring member that has served fewer consecutive terms than the
//! limit (with no limit, every retiring member). Who is elected follows
//! [`crate::seats::election()`]. Groups elect separately, so each group is its own chain.
//!
//! **Symmetry.** Members of a group with the same weight and the same status today are
//! interchangeable: nothing in the rules tells them apart, so they have the same
//! probabilities in every year. The chain therefore counts, for each such class, how many
//! of its members hold each status, instead of tracking who they are; the Security
//! Council's groups have three or four classes each (sitting in their first year, sitting
//! in their last, and off) and a handful of states, whatever the number of UN members.
//! A member's probability of sitting in a year is its class's expected number of seats over
//! the class's size.
//!
//! **Long run.** Seats fall vacant in a cycle of `term` years (three African Security Council
//! seats: one in one year, two in the next), so the chain is periodic, and a group with just
//! twice as many members as seats and no re-election alternates between two sets of members,
//! a cycle of two terms. The chain is iterated year by year until every class's probability
//! of sitting repeats over two cycles to within the tolerance, for the shortest cycle of a
//! whole number of terms (up to [`MAX_PERIOD_TERMS`]), and the long-run probability is the
//! average over the last cycle (the Cesàro limit). With equal
//! weights every member of a group ends with `seats / members` (tested).
//!
//! # Algorithm
//! Forward iteration of the state distribution, `O(years · states · outcomes of an election)`;
//! a group's chain is refused above [`MAX_STATES`] states (then estimate with
//! [`crate::seats::simulate`]).
//!
//! # References
//! Kemeny & Snell (1960), *Finite Markov Chains*, chapter 6 (lumpability: a chain over counts
//! of interchangeable members is a lumping of the chain over members); O'Neill (1996),
//! Journal of Conflict Resolution 40(2) (probabilities of holding a Security Council seat).
//!
//! ```
//! use comity::seats::{sitting_probabilities, ChainOptions, GroupSeats, SeatRules};
//! // One seat, one-year terms, no immediate re-election, three members; member 0 sits now.
//! // Next year 1 or 2 sits (1/2 each); the year after, 0 with probability 1/2, and so on:
//! // in the long run 1/3 each.
//! let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holders(vec![(0, 1)]);
//! let p = sitting_probabilities(&SeatRules::new(1, Some(1), vec![g])?, 3, &ChainOptions::default())?;
//! assert_eq!(p.path[1], vec![0.0, 0.5, 0.5]);
//! assert_eq!(p.path[2], vec![0.5, 0.25, 0.25]);
//! assert!(p.long_run.iter().all(|q| (q - 1.0 / 3.0).abs() < 1e-9));
//! # Ok::<(), comity::seats::SeatError>(())
//! ```

use super::election::{MAX_OUTCOMES, election, outcome_bound};
use super::rules::SeatRules;
use super::{SeatError, invalid};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The most states one group's chain may have.
///
/// ```
/// // The Human Rights Council's largest group chain (second terms by cohort) stays far below.
/// use comity::seats::{sitting_probabilities, ChainOptions, SeatsModel, MAX_STATES};
/// let hrc = SeatsModel::load("models/seats/hrc.toml")?;
/// let p = sitting_probabilities(hrc.rules(), 193, &ChainOptions::default())?;
/// assert!(p.states < MAX_STATES);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_STATES: usize = 200_000;

/// The most election outcomes a group's chain keeps worked out (a few elections of
/// [`MAX_OUTCOMES`] outcomes each); past it the cache is emptied.
const MAX_CACHED_OUTCOMES: usize = 4 * MAX_OUTCOMES;

/// The longest path of yearly probabilities reported (the path holds one row of members per
/// year).
///
/// ```
/// use comity::seats::{chain::MAX_HORIZON, sitting_probabilities, ChainOptions, GroupSeats, SeatRules};
/// let rules = SeatRules::new(1, None, vec![GroupSeats::new("g", vec![0, 1], 1)])?;
/// let options = ChainOptions { horizon: MAX_HORIZON + 1, max_years: usize::MAX, ..ChainOptions::default() };
/// assert!(sitting_probabilities(&rules, 2, &options).is_err());
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
pub const MAX_HORIZON: usize = 10_000;

/// The most years the chain is iterated.
///
/// ```
/// use comity::seats::chain::MAX_YEARS;
/// assert!(MAX_YEARS >= comity::seats::ChainOptions::default().max_years);
/// ```
pub const MAX_YEARS: usize = 1_000_000;

/// The longest cycle looked for, in terms: a group with exactly twice as many members as
/// seats and no re-election alternates between two sets of members, a cycle of two terms.
///
/// ```
/// use comity::seats::MAX_PERIOD_TERMS;
/// assert!(MAX_PERIOD_TERMS >= 2);
/// ```
pub const MAX_PERIOD_TERMS: usize = 12;

/// How long to iterate and how closely.
///
/// ```
/// use comity::seats::ChainOptions;
/// let o = ChainOptions::default();
/// assert_eq!((o.horizon, o.max_years), (10, 10_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainOptions {
    /// Years of the path to report after the current one.
    pub horizon: usize,
    /// Stop when every probability of sitting repeats over two cycles to within this.
    pub tolerance: f64,
    /// Give up after this many years.
    pub max_years: usize,
}

impl Default for ChainOptions {
    fn default() -> Self {
        ChainOptions { horizon: 10, tolerance: 1e-12, max_years: 10_000 }
    }
}

/// Each member's probability of sitting.
///
/// ```
/// use comity::seats::{sitting_probabilities, ChainOptions, GroupSeats, SeatRules};
/// let g = GroupSeats::new("g", vec![0, 1, 2, 3], 2);
/// let p = sitting_probabilities(&SeatRules::new(2, None, vec![g])?, 5, &ChainOptions::default())?;
/// // Member 4 is in no group and never sits; the others hold two seats among four.
/// assert_eq!(p.long_run[4], 0.0);
/// assert!((p.long_run[0] - 0.5).abs() < 1e-12);
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SittingProbabilities {
    /// `path[t][i]`: the probability that member `i` sits in year `t` (0: the current year),
    /// for `t` up to the horizon.
    pub path: Vec<Vec<f64>>,
    /// The long-run probability of sitting (the average over a cycle of `term` years).
    pub long_run: Vec<f64>,
    /// Years iterated until the probabilities repeated over two cycles.
    pub years: usize,
    /// The most states any group's chain had.
    pub states: usize,
}

/// Each member's probability of sitting under `rules`, for a body of `members` members
/// (positions `0..members`; members in no group never sit).
///
/// ```
/// use comity::seats::{sitting_probabilities, ChainOptions, GroupSeats, SeatRules};
/// let g = GroupSeats::new("g", vec![0, 1, 2], 1);
/// // Member 3 is beyond a body of three.
/// let rules = SeatRules::new(1, None, vec![GroupSeats::new("g", vec![0, 3], 1)])?;
/// assert!(sitting_probabilities(&rules, 3, &ChainOptions::default()).is_err());
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
pub fn sitting_probabilities(
    rules: &SeatRules,
    members: usize,
    options: &ChainOptions,
) -> Result<SittingProbabilities, SeatError> {
    if let Some(m) = rules.groups().iter().flat_map(|g| &g.members).find(|&&m| m >= members) {
        return Err(invalid("members", format!("member {m} in a body of {members}")));
    }
    if !(options.tolerance.is_finite() && options.tolerance > 0.0) {
        return Err(invalid("tolerance", format!("{}; expected a positive number", options.tolerance)));
    }
    if options.horizon > options.max_years.min(MAX_HORIZON) {
        return Err(invalid(
            "horizon",
            format!("{} years; at most {} (and max_years)", options.horizon, MAX_HORIZON),
        ));
    }
    if options.max_years > MAX_YEARS {
        return Err(invalid("max_years", format!("{}; at most {MAX_YEARS}", options.max_years)));
    }
    let results: Vec<GroupResult> = (0..rules.groups().len())
        .into_par_iter()
        .map(|g| GroupChain::new(rules, g)?.run(options))
        .collect::<Result<_, _>>()?;
    let mut path = vec![vec![0.0; members]; options.horizon + 1];
    let mut long_run = vec![0.0; members];
    for r in &results {
        for (c, class) in r.classes.iter().enumerate() {
            for &i in class {
                for (t, year) in path.iter_mut().enumerate() {
                    year[i] = r.path[t][c];
                }
                long_run[i] = r.long_run[c];
            }
        }
    }
    Ok(SittingProbabilities {
        path,
        long_run,
        years: results.iter().map(|r| r.years).max().unwrap_or(0),
        states: results.iter().map(|r| r.states).max().unwrap_or(0),
    })
}

/// An election's outcomes: seats won per bin of candidates, and their probability.
type Outcomes = Vec<(Vec<usize>, f64)>;

/// One group's result, by class.
struct GroupResult {
    /// The classes' members (positions in the body).
    classes: Vec<Vec<usize>>,
    path: Vec<Vec<f64>>,
    long_run: Vec<f64>,
    years: usize,
    states: usize,
}

/// One group's chain over counts: `state[c * statuses + s]` members of class `c` in status `s`
/// (0: off; `1 + (y - 1) * limit + (m - 1)`: sitting, `y` years left, `m` consecutive terms).
struct GroupChain {
    name: String,
    term: usize,
    /// Consecutive terms tracked (the limit, or 1 without one).
    limit: usize,
    /// Whether a member that has served `limit` consecutive terms may be re-elected.
    unlimited: bool,
    classes: Vec<Vec<usize>>,
    weights: Vec<f64>,
    /// The distribution in the current year.
    distribution: FxHashMap<Vec<u16>, f64>,
    /// Elections already worked out, by candidates per bin and seats.
    elections: FxHashMap<(Vec<usize>, usize), Outcomes>,
    /// Outcomes held in `elections`.
    cached: usize,
}

impl GroupChain {
    fn statuses(&self) -> usize {
        1 + self.term * self.limit
    }

    fn sitting(&self, years_left: usize, consecutive: usize) -> usize {
        1 + (years_left - 1) * self.limit + (consecutive - 1)
    }

    fn new(rules: &SeatRules, index: usize) -> Result<GroupChain, SeatError> {
        let group = &rules.groups()[index];
        let term = rules.term();
        let limit = rules.max_consecutive().unwrap_or(1);
        // Classes: same weight and same status today, in order of first appearance.
        let status_of = |member: usize| -> (usize, usize) {
            group.holders.iter().find(|h| h.0 == member).map_or((0, 0), |h| (h.1, h.2))
        };
        let mut keys: Vec<(u64, (usize, usize))> = Vec::new();
        let mut classes: Vec<Vec<usize>> = Vec::new();
        let mut weights = Vec::new();
        for (k, &m) in group.members.iter().enumerate() {
            let key = (group.weights[k].to_bits(), status_of(m));
            match keys.iter().position(|x| *x == key) {
                Some(c) => classes[c].push(m),
                None => {
                    keys.push(key);
                    classes.push(vec![m]);
                    weights.push(group.weights[k]);
                }
            }
        }
        let mut chain = GroupChain {
            name: group.name.clone(),
            term,
            limit,
            unlimited: rules.max_consecutive().is_none(),
            classes,
            weights,
            distribution: FxHashMap::default(),
            elections: FxHashMap::default(),
            cached: 0,
        };
        let ns = chain.statuses();
        let mut start = vec![0u16; chain.classes.len() * ns];
        for (c, &(_, (years_left, consecutive))) in keys.iter().enumerate() {
            let s = if years_left == 0 { 0 } else { chain.sitting(years_left, consecutive) };
            start[c * ns + s] = chain.classes[c].len() as u16;
        }
        chain.distribution.insert(start, 1.0);
        if group.holders.is_empty() {
            // A first election fills every cohort at random.
            for (k, &seats) in group.cohorts(term).iter().enumerate() {
                let to = chain.sitting(k + 1, 1);
                let mut next = FxHashMap::default();
                for (state, p) in std::mem::take(&mut chain.distribution) {
                    let bins: Vec<usize> = (0..chain.classes.len()).map(|c| state[c * ns] as usize).collect();
                    for (won, q) in
                        chain.elect(&bins, seats, &(0..chain.classes.len()).collect::<Vec<_>>())?
                    {
                        let mut after = state.clone();
                        for (c, &w) in won.iter().enumerate() {
                            after[c * ns] -= w as u16;
                            after[c * ns + to] += w as u16;
                        }
                        *next.entry(after).or_insert(0.0) += p * q;
                    }
                    if next.len() > MAX_STATES {
                        return Err(SeatError::TooManyStates {
                            group: chain.name.clone(),
                            limit: MAX_STATES,
                        });
                    }
                }
                chain.distribution = next;
            }
        }
        Ok(chain)
    }

    /// An election among bins of candidates (`bins[b]` of class `class_of[b]`).
    fn elect(&mut self, bins: &[usize], seats: usize, class_of: &[usize]) -> Result<Outcomes, SeatError> {
        let eligible: usize = bins.iter().sum();
        if eligible < seats {
            return Err(SeatError::TooFewMembers { group: self.name.clone(), seats, eligible });
        }
        let key = (bins.iter().chain(class_of).copied().collect::<Vec<_>>(), seats);
        if let Some(d) = self.elections.get(&key) {
            return Ok(d.clone());
        }
        let classes: Vec<(usize, f64)> =
            bins.iter().zip(class_of).map(|(&n, &c)| (n, self.weights[c])).collect();
        if outcome_bound(&classes, seats) > MAX_OUTCOMES {
            return Err(SeatError::TooManyStates { group: self.name.clone(), limit: MAX_STATES });
        }
        let d = election(&classes, seats)?;
        // The cache holds at most MAX_CACHED_OUTCOMES outcomes; past that it starts again.
        if self.cached + d.len() > MAX_CACHED_OUTCOMES {
            self.elections.clear();
            self.cached = 0;
        }
        self.cached += d.len();
        self.elections.insert(key, d.clone());
        Ok(d)
    }

    /// Each class's probability of sitting in the current year.
    fn sitting_now(&self) -> Vec<f64> {
        let ns = self.statuses();
        let mut expected = vec![0.0; self.classes.len()];
        for (state, p) in &self.distribution {
            for (c, e) in expected.iter_mut().enumerate() {
                let seated: usize = state[c * ns + 1..(c + 1) * ns].iter().map(|&x| x as usize).sum();
                *e += p * seated as f64;
            }
        }
        expected.iter().zip(&self.classes).map(|(e, class)| e / class.len() as f64).collect()
    }

    /// The next year's distribution.
    fn step(&mut self) -> Result<(), SeatError> {
        let ns = self.statuses();
        let nc = self.classes.len();
        let (term, limit) = (self.term, self.limit);
        let mut next: FxHashMap<Vec<u16>, f64> = FxHashMap::default();
        for (state, p) in std::mem::take(&mut self.distribution) {
            let mut base = vec![0u16; nc * ns];
            // Candidates: per class, those off (elected to a first term) and the retiring
            // members of each consecutive count allowed another term.
            let mut bins = Vec::new();
            let mut class_of = Vec::new();
            let mut destination = Vec::new();
            let mut vacant = 0;
            for c in 0..nc {
                let at = |s: usize| state[c * ns + s];
                bins.push(at(0) as usize);
                class_of.push(c);
                destination.push((c, self.sitting(term, 1)));
                for m in 1..=limit {
                    for y in 2..=term {
                        base[c * ns + self.sitting(y - 1, m)] += at(self.sitting(y, m));
                    }
                    let retiring = at(self.sitting(1, m));
                    vacant += retiring as usize;
                    if self.unlimited || m < limit {
                        bins.push(retiring as usize);
                        class_of.push(c);
                        destination.push((c, self.sitting(term, if self.unlimited { 1 } else { m + 1 })));
                    } else {
                        base[c * ns] += retiring;
                    }
                }
            }
            for (won, q) in self.elect(&bins, vacant, &class_of)? {
                let mut after = base.clone();
                for (b, &w) in won.iter().enumerate() {
                    let (c, to) = destination[b];
                    after[c * ns + to] += w as u16;
                    after[c * ns] += (bins[b] - w) as u16;
                }
                *next.entry(after).or_insert(0.0) += p * q;
            }
            if next.len() > MAX_STATES {
                return Err(SeatError::TooManyStates { group: self.name.clone(), limit: MAX_STATES });
            }
        }
        self.distribution = next;
        Ok(())
    }

    fn run(mut self, options: &ChainOptions) -> Result<GroupResult, SeatError> {
        let mut history = vec![self.sitting_now()];
        let mut states = self.distribution.len();
        let period = loop {
            let t = history.len() - 1;
            if t >= options.horizon
                && let Some(period) = self.settled_period(&history, options.tolerance)
            {
                break period;
            }
            if t >= options.max_years {
                return Err(SeatError::NotConverged { years: t, tolerance: options.tolerance });
            }
            self.step()?;
            states = states.max(self.distribution.len());
            history.push(self.sitting_now());
        };
        let years = history.len() - 1;
        let cycle = &history[years + 1 - period..];
        let long_run = (0..self.classes.len())
            .map(|c| cycle.iter().map(|y| y[c]).sum::<f64>() / period as f64)
            .collect();
        history.truncate(options.horizon + 1);
        Ok(GroupResult { classes: self.classes, path: history, long_run, years, states })
    }

    /// The shortest period, a multiple of the term up to [`MAX_PERIOD_TERMS`] terms, with which
    /// the last two cycles of probabilities of sitting repeat to within `tolerance`.
    fn settled_period(&self, history: &[Vec<f64>], tolerance: f64) -> Option<usize> {
        let t = history.len() - 1;
        (1..=MAX_PERIOD_TERMS).map(|k| k * self.term).find(|&period| {
            t + 1 >= 2 * period
                && (t + 1 - period..=t).all(|s| {
                    history[s].iter().zip(&history[s - period]).all(|(a, b)| (a - b).abs() <= tolerance)
                })
        })
    }
}
