//! The seat rules played member by member with random elections: the independent check of
//! [`crate::seats::sitting_probabilities`].
//!
//! Each run starts from the group's holders (or a first election at random when none are
//! named), and every year ends the terms with one year left and elects successors among the
//! eligible members one seat at a time, each drawn with probability its weight over the
//! eligible members' total. Unlike the chain, the simulation tracks every member by name, so
//! it also measures the longest unbroken stay of any member, which the limit on consecutive
//! terms bounds (`term × limit` years).
//!
//! # Algorithm
//! `O(runs · years · members)`; refused above [`MAX_SIMULATION_WORK`]. Run `k` draws from the
//! ChaCha8 stream `k` of the seed ([`crate::rng::stream`]), so results do not depend on
//! threads.
//!
//! # References
//! As [`crate::seats::chain`]; Monte Carlo estimation of a Markov chain's marginals.
//!
//! ```
//! use comity::seats::{simulate, GroupSeats, SeatRules};
//! // One seat, one-year terms, no immediate re-election: nobody stays two years running.
//! let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holders(vec![(0, 1)]);
//! let s = simulate(&SeatRules::new(1, Some(1), vec![g])?, 3, 20, 200, 7)?;
//! assert_eq!(s.longest_stay, 1);
//! assert_eq!(s.frequencies[0][0], 1.0);
//! assert_eq!(s.frequencies[1][0], 0.0);
//! # Ok::<(), comity::seats::SeatError>(())
//! ```

use super::rules::SeatRules;
use super::{SeatError, invalid};
use crate::rng::stream;
use rand::Rng;
use rayon::prelude::*;

/// The most work [`simulate`] takes on: runs × years × members.
///
/// ```
/// use comity::seats::{simulate, simulation::MAX_SIMULATION_WORK, GroupSeats, SeatRules};
/// let rules = SeatRules::new(1, None, vec![GroupSeats::new("g", vec![0, 1], 1)])?;
/// let e = simulate(&rules, 2, 1_000_000, MAX_SIMULATION_WORK, 1).unwrap_err();
/// assert!(e.to_string().contains("exact chain"));
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
pub const MAX_SIMULATION_WORK: usize = 2_000_000_000;

/// Simulated probabilities of sitting.
///
/// ```
/// use comity::seats::{simulate, GroupSeats, SeatRules};
/// let g = GroupSeats::new("g", vec![0, 1], 2);
/// let s = simulate(&SeatRules::new(2, None, vec![g])?, 2, 3, 10, 1)?;
/// assert_eq!(s.frequencies[2], vec![1.0, 1.0]);
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    /// `frequencies[t][i]`: the share of runs in which member `i` sat in year `t`.
    pub frequencies: Vec<Vec<f64>>,
    /// The longest unbroken stay, in years, of any member in any run.
    pub longest_stay: usize,
}

/// A member's status in one run.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Status {
    Off,
    /// Years left of the term (1: the last), consecutive terms served.
    Sitting(usize, usize),
}

/// Simulates `runs` runs of `years + 1` years (year 0 the current one) under `rules` for a
/// body of `members` members, with master seed `seed`.
///
/// ```
/// use comity::seats::{simulate, GroupSeats, SeatRules};
/// let rules = SeatRules::new(1, None, vec![GroupSeats::new("g", vec![0, 1], 1)])?;
/// assert!(simulate(&rules, 2, 10, 0, 1).is_err());
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
pub fn simulate(
    rules: &SeatRules,
    members: usize,
    years: usize,
    runs: usize,
    seed: u64,
) -> Result<Simulated, SeatError> {
    if runs == 0 {
        return Err(invalid("runs", "0; expected at least 1"));
    }
    if let Some(m) = rules.groups().iter().flat_map(|g| &g.members).find(|&&m| m >= members) {
        return Err(invalid("members", format!("member {m} in a body of {members}")));
    }
    let work =
        years.checked_add(1).and_then(|y| runs.checked_mul(y)).and_then(|w| w.checked_mul(members.max(1)));
    if work.is_none_or(|w| w > MAX_SIMULATION_WORK) {
        return Err(invalid(
            "runs",
            format!(
                "{runs} runs x {} years x {members} members exceed {MAX_SIMULATION_WORK}; use fewer runs or years, or the exact chain (seats::sitting_probabilities)",
                years + 1
            ),
        ));
    }
    // Count exactly, divide once; each run is folded into its thread's counts as it ends, so
    // memory is one table of counts per thread, whatever the number of runs.
    let empty = || (vec![vec![0usize; members]; years + 1], 0usize);
    let (counts, longest_stay) = (0..runs)
        .into_par_iter()
        .try_fold(empty, |(mut counts, longest), k| {
            let (sat, run_longest) = one_run(rules, members, years, seed, k as u64)?;
            for (row, year) in counts.iter_mut().zip(&sat) {
                for (c, &s) in row.iter_mut().zip(year) {
                    *c += usize::from(s);
                }
            }
            Ok::<_, SeatError>((counts, longest.max(run_longest)))
        })
        .try_reduce(empty, |(mut a, la), (b, lb)| {
            for (ra, rb) in a.iter_mut().zip(&b) {
                for (x, y) in ra.iter_mut().zip(rb) {
                    *x += y;
                }
            }
            Ok((a, la.max(lb)))
        })?;
    let frequencies =
        counts.iter().map(|year| year.iter().map(|&k| k as f64 / runs as f64).collect()).collect();
    Ok(Simulated { frequencies, longest_stay })
}

/// One run: who sat in each year, and the longest unbroken stay.
fn one_run(
    rules: &SeatRules,
    members: usize,
    years: usize,
    seed: u64,
    run: u64,
) -> Result<(Vec<Vec<bool>>, usize), SeatError> {
    let mut rng = stream(seed, run);
    let term = rules.term();
    let mut status = vec![Status::Off; members];
    let mut weight = vec![0.0; members];
    for g in rules.groups() {
        for (k, &m) in g.members.iter().enumerate() {
            weight[m] = g.weights[k];
        }
        if g.holders.is_empty() {
            for (k, &seats) in g.cohorts(term).iter().enumerate() {
                let eligible: Vec<usize> =
                    g.members.iter().copied().filter(|&m| status[m] == Status::Off).collect();
                for m in draw(&eligible, &weight, seats, &mut rng, &g.name)? {
                    status[m] = Status::Sitting(k + 1, 1);
                }
            }
        } else {
            for &(m, y, c) in &g.holders {
                status[m] = Status::Sitting(y, c);
            }
        }
    }
    let mut sat = Vec::with_capacity(years + 1);
    let mut stay = vec![0usize; members];
    let mut longest = 0;
    for t in 0..=years {
        let now: Vec<bool> = status.iter().map(|s| matches!(s, Status::Sitting(..))).collect();
        for i in 0..members {
            stay[i] = if now[i] { stay[i] + 1 } else { 0 };
            longest = longest.max(stay[i]);
        }
        sat.push(now);
        if t == years {
            break;
        }
        for g in rules.groups() {
            let mut eligible = Vec::new();
            let mut retiring = Vec::new();
            let mut vacant = 0;
            for &m in &g.members {
                match status[m] {
                    Status::Off => eligible.push(m),
                    Status::Sitting(1, c) => {
                        vacant += 1;
                        status[m] = Status::Off;
                        if rules.max_consecutive().is_none_or(|l| c < l) {
                            eligible.push(m);
                            retiring.push((m, c));
                        }
                    }
                    Status::Sitting(y, c) => status[m] = Status::Sitting(y - 1, c),
                }
            }
            for m in draw(&eligible, &weight, vacant, &mut rng, &g.name)? {
                let served = retiring.iter().find(|r| r.0 == m).map_or(0, |r| r.1);
                let consecutive = if rules.max_consecutive().is_none() { 1 } else { served + 1 };
                status[m] = Status::Sitting(term, consecutive);
            }
        }
    }
    Ok((sat, longest))
}

/// Draws `seats` of `eligible` one at a time in proportion to weight.
fn draw(
    eligible: &[usize],
    weight: &[f64],
    seats: usize,
    rng: &mut impl Rng,
    group: &str,
) -> Result<Vec<usize>, SeatError> {
    if eligible.len() < seats {
        return Err(SeatError::TooFewMembers { group: group.to_string(), seats, eligible: eligible.len() });
    }
    let mut pool = eligible.to_vec();
    let mut chosen = Vec::with_capacity(seats);
    for _ in 0..seats {
        let total: f64 = pool.iter().map(|&m| weight[m]).sum();
        let mut u = rng.random::<f64>() * total;
        let mut pick = pool.len() - 1;
        for (k, &m) in pool.iter().enumerate() {
            if u < weight[m] {
                pick = k;
                break;
            }
            u -= weight[m];
        }
        chosen.push(pool.swap_remove(pick));
    }
    Ok(chosen)
}
