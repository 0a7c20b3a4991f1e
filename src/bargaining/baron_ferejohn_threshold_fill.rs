//! Exact fills for the threshold equilibrium: a proposer's probabilities of leaving out each
//! band member, written as a mixture of band subsets of weight exactly its room.
//!
//! A proposer with room `R` (band weight it leaves out) and target probabilities `y_j`
//! (`sum_j w_j y_j = R`) needs subsets `S` of the band with `w(S) = R` exactly (each attains the
//! fractional knapsack bound, so each is a cheapest coalition) and weights `lambda_S >= 0`
//! summing to one with `sum_S lambda_S 1_S = y`.
//!
//! # Algorithm
//! Candidate subsets: all of them when the band holds at most [`ENUMERATE_UP_TO`] members;
//! otherwise samples near `y`: each member outside the [`FINE`] members least certain to be in
//! or out (`y_j` nearest 1/2) drawn with probability `y_j`, the draw repaired (members removed
//! or added at random) until the gap to `R` is within those members' total, and the gap
//! closed exactly by a subset-sum dynamic program over them (bitsets of reachable sums,
//! computed once, traced back at random, weights divided by their greatest common divisor).
//! With at most [`FINE`] members the program covers the whole band, so finding no fill proves
//! there is none ([`FillError::NoExactFill`]); with more, sampling that finds none proves
//! nothing ([`FillError::FillNotFound`]). A linear program then finds the
//! mixture meeting `y`, minimising the total miss; a miss above [`MISS`] draws more samples
//! (up to [`MAX_ROUNDS`] doublings), then refuses. A basic solution mixes at most `m + 1`
//! subsets (Carathéodory).
//!
//! The plain Carathéodory walk (repeatedly take an exact fill holding every `y_j = 1` and no
//! `y_j = 0`, move along it until a coordinate reaches 0 or 1) was rejected: with distinct
//! weights its last steps leave two or three fractional members that no subset fills exactly.
//!
//! # References
//! Carathéodory (1911); Pisinger (2003), "Dynamic programming on the word RAM", Algorithmica
//! 35 (bitset subset sum); Chvátal (1983), *Linear Programming*, ch. 3.
//!
//! ```
//! // Exercised through the threshold method (tests/baron_ferejohn_threshold.rs).
//! use comity::bargaining::{baron_ferejohn_with, Method, Recognition};
//! use comity::game::{Game, WeightedGame};
//! let game = Game::from(WeightedGame::new(vec![2, 2, 1, 1, 1, 1, 1], 6)?);
//! let eq = baron_ferejohn_with(&game, &Recognition::Equal.probabilities(7)?, 0.9, Method::Threshold)?;
//! assert!((eq.values.iter().sum::<f64>() - 1.0).abs() < 1e-9);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, microlp, variable};
use rand::Rng;
use std::collections::HashSet;

/// Bands of at most this many members have all their subsets enumerated.
const ENUMERATE_UP_TO: usize = 16;
/// The members (least certain to be in or out) that close each sample's gap exactly.
const FINE: usize = 20;
/// The largest sum (in units of the weights' common divisor) the gap-closing program spans.
const MAX_SUM: u64 = 1 << 24;
/// The mixture may miss the targets by this much in total.
const MISS: f64 = 1e-11;
/// Sampling rounds, each doubling the samples.
const MAX_ROUNDS: usize = 4;
/// Draws forced to each member's less likely side, per sampling round.
const FORCED: usize = 2;
/// Draws per wanted sample before a round gives up.
const TRIES: usize = 20;

/// Why no mixture of exact fills was found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum FillError {
    /// No subset of the band weighs exactly the room (shown exactly: by the common divisor,
    /// by enumeration, or by a subset-sum table over the whole band).
    NoExactFill { room: u64 },
    /// Sampling drew no subset of weight exactly the room; one may still exist.
    FillNotFound { room: u64, sampled: usize },
    /// The targets are not a mixture of the exact fills found.
    NotAMixture { room: u64, candidates: usize, miss: f64 },
    /// The exact fills cannot be closed within the limits.
    TooLarge { room: u64 },
}

impl std::fmt::Display for FillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FillError::NoExactFill { room } => write!(
                f,
                "no set of band members weighs exactly {room}, so the fractional equilibrium is not one of the game"
            ),
            FillError::FillNotFound { room, sampled } => write!(
                f,
                "{sampled} draws found no set of band members weighing exactly {room} (sampling; this does not show that none exists)"
            ),
            FillError::NotAMixture { room, candidates, miss } => write!(
                f,
                "the probabilities of leaving out band members are not a mixture of the {candidates} sets of weight {room} found (miss {miss:.1e})"
            ),
            FillError::TooLarge { room } => {
                write!(f, "sets of weight exactly {room} need a subset-sum table above {MAX_SUM} entries")
            }
        }
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// A mixture of subsets (indices into `weights`) of weight exactly `room` whose inclusion
/// probabilities are `target`: each subset with its probability.
pub(super) fn mixture(
    weights: &[u64],
    room: u64,
    target: &[f64],
    seed: u64,
) -> Result<Vec<(f64, Vec<usize>)>, FillError> {
    let m = weights.len();
    if room == 0 {
        return Ok(vec![(1.0, Vec::new())]);
    }
    let g = weights.iter().fold(0, |a, &b| gcd(a, b));
    if g == 0 || room % g != 0 {
        return Err(FillError::NoExactFill { room });
    }
    let w: Vec<u64> = weights.iter().map(|x| x / g).collect();
    let r = room / g;
    if m <= ENUMERATE_UP_TO {
        // In mask order, not through a hash set: the linear program's basic solution depends
        // on the order of its columns, and the proposals must not change from run to run.
        let candidates: Vec<Vec<usize>> = (0u32..(1 << m))
            .map(|mask| (0..m).filter(|&i| mask >> i & 1 == 1).collect::<Vec<usize>>())
            .filter(|set| set.iter().map(|&i| w[i]).sum::<u64>() == r)
            .collect();
        if candidates.is_empty() {
            return Err(FillError::NoExactFill { room });
        }
        return solve(&candidates, target, m).map_err(|miss| FillError::NotAMixture {
            room,
            candidates: candidates.len(),
            miss,
        });
    }
    let sampler = Sampler::new(&w, r, target)?;
    let mut found: HashSet<Vec<usize>> = HashSet::new();
    let mut sampled = 0usize;
    let mut rng = crate::rng::stream(0x7e5e_0f11, seed);
    let mut wanted = 4 * m + 40;
    let mut last_miss = f64::INFINITY;
    for _ in 0..MAX_ROUNDS {
        let mut tries = 0;
        // Members nearly always in (or out) get draws forced to the other side, so that the
        // samples surround the target in every coordinate.
        for j in (0..m).filter(|&j| !sampler.is_fine[j]) {
            let side = target[j] < 0.5;
            let mut got = 0;
            for _ in 0..TRIES {
                if got == FORCED {
                    break;
                }
                sampled += 1;
                if let Some(set) = sampler.draw(target, Some((j, side)), &mut rng) {
                    found.insert(set);
                    got += 1;
                }
            }
        }
        while found.len() < wanted && tries < TRIES * wanted {
            tries += 1;
            sampled += 1;
            if let Some(set) = sampler.draw(target, None, &mut rng) {
                found.insert(set);
            }
        }
        if found.is_empty() {
            // The table spans the whole band when no member is drawn: then no fill exists.
            return Err(if m <= FINE {
                FillError::NoExactFill { room }
            } else {
                FillError::FillNotFound { room, sampled }
            });
        }
        let mut candidates: Vec<Vec<usize>> = found.iter().cloned().collect();
        candidates.sort();
        match solve(&candidates, target, m) {
            Ok(mix) => return Ok(mix),
            Err(miss) => last_miss = miss,
        }
        wanted *= 2;
    }
    Err(FillError::NotAMixture { room, candidates: found.len(), miss: last_miss })
}

/// Draws exact fills near a target.
struct Sampler<'a> {
    w: &'a [u64],
    room: u64,
    /// The lightest members, which close the gap.
    fine: Vec<usize>,
    is_fine: Vec<bool>,
    /// `reach[i]`: the sums reachable by the first `i` fine members, as a bitset.
    reach: Vec<Vec<u64>>,
    span: u64,
}

impl<'a> Sampler<'a> {
    fn new(w: &'a [u64], room: u64, target: &[f64]) -> Result<Self, FillError> {
        // The members least certain to be in or out close the gap: their draws vary most, so
        // letting the dynamic program choose them biases the samples least.
        let mut order: Vec<usize> = (0..w.len()).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = ((target[a] - 0.5).abs(), (target[b] - 0.5).abs());
            da.total_cmp(&db).then(w[a].cmp(&w[b]))
        });
        let fine: Vec<usize> = order.into_iter().take(FINE).collect();
        let span: u64 = fine.iter().map(|&i| w[i]).sum();
        if span > MAX_SUM {
            return Err(FillError::TooLarge { room });
        }
        let words = (span / 64 + 1) as usize;
        let mut reach = vec![vec![0u64; words]];
        reach[0][0] = 1;
        for &i in &fine {
            let prev = reach.last().expect("starts with one row");
            let mut next = prev.clone();
            let (shift_words, shift_bits) = ((w[i] / 64) as usize, (w[i] % 64) as u32);
            for k in (shift_words..words).rev() {
                let lo = prev[k - shift_words] << shift_bits;
                let hi = if shift_bits > 0 && k > shift_words {
                    prev[k - shift_words - 1] >> (64 - shift_bits)
                } else {
                    0
                };
                next[k] |= lo | hi;
            }
            reach.push(next);
        }
        let mut is_fine = vec![false; w.len()];
        fine.iter().for_each(|&i| is_fine[i] = true);
        Ok(Sampler { w, room, fine, is_fine, reach, span })
    }

    fn reachable(&self, row: usize, sum: u64) -> bool {
        sum <= self.span && self.reach[row][(sum / 64) as usize] >> (sum % 64) & 1 == 1
    }

    /// One exact fill drawn near `target`, or `None` if this draw could not be closed.
    fn draw(&self, target: &[f64], force: Option<(usize, bool)>, rng: &mut impl Rng) -> Option<Vec<usize>> {
        let m = self.w.len();
        let mut inside = vec![false; m];
        let mut base = 0u64;
        for i in 0..m {
            if self.is_fine[i] {
                continue;
            }
            let take = match force {
                Some((j, side)) if j == i => side,
                _ => rng.random::<f64>() < target[i],
            };
            if take {
                inside[i] = true;
                base += self.w[i];
            }
        }
        // Repair: the gap left for the fine members must lie in [0, span].
        let coarse: Vec<usize> = (0..m).filter(|&i| !self.is_fine[i]).collect();
        let mut guard = 0;
        while base > self.room || self.room - base > self.span {
            guard += 1;
            if guard > 4 * m || coarse.is_empty() {
                return None;
            }
            let i = coarse[rng.random_range(0..coarse.len())];
            if force.is_some_and(|(j, _)| j == i) {
                continue;
            }
            if base > self.room && inside[i] {
                inside[i] = false;
                base -= self.w[i];
            } else if base <= self.room && !inside[i] && base + self.w[i] <= self.room {
                inside[i] = true;
                base += self.w[i];
            }
        }
        let mut gap = self.room - base;
        if !self.reachable(self.fine.len(), gap) {
            return None;
        }
        for row in (1..=self.fine.len()).rev() {
            let i = self.fine[row - 1];
            let can_skip = self.reachable(row - 1, gap);
            let can_take = gap >= self.w[i] && self.reachable(row - 1, gap - self.w[i]);
            let take = match (can_skip, can_take) {
                (true, true) => rng.random::<f64>() < target[i],
                (false, true) => true,
                _ => false,
            };
            if take {
                inside[i] = true;
                gap -= self.w[i];
            }
        }
        Some((0..m).filter(|&i| inside[i]).collect())
    }
}

/// The mixture of `candidates` meeting `target` (the least total miss, which must be below
/// [`MISS`]), or the miss.
#[allow(clippy::neg_cmp_op_on_partial_ord)] // a NaN miss must be refused
fn solve(candidates: &[Vec<usize>], target: &[f64], m: usize) -> Result<Vec<(f64, Vec<usize>)>, f64> {
    let mut vars = ProblemVariables::new();
    let lambda: Vec<Variable> = candidates.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let miss: Vec<(Variable, Variable)> =
        (0..m).map(|_| (vars.add(variable().min(0.0)), vars.add(variable().min(0.0)))).collect();
    let objective: Expression = miss.iter().map(|&(a, b)| a + b).sum();
    let mut model = vars.minimise(objective).using(microlp);
    let mut rows: Vec<Expression> = (0..m).map(|j| miss[j].0 - miss[j].1).collect();
    for (set, &l) in candidates.iter().zip(&lambda) {
        for &j in set {
            rows[j] += l;
        }
    }
    for (row, &y) in rows.into_iter().zip(target) {
        model = model.with(row.eq(y));
    }
    let sum: Expression = lambda.iter().copied().sum();
    model = model.with(sum.eq(1.0));
    let solution = model.solve().map_err(|_| f64::INFINITY)?;
    let total_miss: f64 = miss.iter().map(|&(a, b)| solution.value(a) + solution.value(b)).sum();
    // Written negated so that a NaN miss (from a NaN target) is refused.
    if !(total_miss <= MISS) {
        return Err(total_miss);
    }
    let mut mix: Vec<(f64, Vec<usize>)> = candidates
        .iter()
        .zip(&lambda)
        .map(|(set, &l)| (solution.value(l), set.clone()))
        .filter(|(l, _)| *l > 1e-15)
        .collect();
    let total: f64 = mix.iter().map(|(l, _)| l).sum();
    mix.iter_mut().for_each(|(l, _)| *l /= total);
    Ok(mix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_that_finds_no_fill_claims_no_proof() {
        // Weight 1 is out of reach of twos and a three, but only the whole-band table shows it.
        for (m, exact) in [(FINE, true), (FINE + 1, false)] {
            let weights: Vec<u64> = [vec![2; m - 1], vec![3]].concat();
            let target = vec![1.0 / (2 * m) as f64; m];
            match mixture(&weights, 1, &target, 0) {
                Err(FillError::NoExactFill { room: 1 }) => assert!(exact, "{m} members: a proof claimed"),
                Err(FillError::FillNotFound { room: 1, sampled }) => {
                    assert!(!exact && sampled > 0, "{m} members: {sampled} draws")
                }
                other => panic!("{m} members: {other:?}"),
            }
        }
    }
}
