//! An election with unequal chances: `k` seats filled from classes of interchangeable
//! candidates by successive sampling in proportion to weight.
//!
//! Candidates come in classes: class `b` has `n_b` candidates of weight `w_b`. Seats are
//! filled one at a time; each time, every remaining candidate is drawn with probability its
//! weight over the remaining candidates' total weight, so class `b` gets the seat with
//! probability `r_b w_b / sum_j r_j w_j` (`r` = candidates not yet elected). With equal
//! weights this is a uniformly random `k`-subset, and the number taken from each class is
//! multivariate hypergeometric. The order in which seats are filled does not matter to the
//! result, so the outcome is how many each class wins.
//!
//! # Algorithm
//! Breadth first over the seats: the distribution of the counts won after `j` seats gives
//! that after `j + 1`; outcomes are merged as they coincide, so the work is
//! `O(k · outcomes · classes)`, with at most `C(k + classes - 1, k)` outcomes.
//!
//! # References
//! Successive sampling (sampling proportional to size without replacement): Hájek (1981),
//! *Sampling from a Finite Population*, chapter 9; with equal weights the multivariate
//! hypergeometric distribution (Johnson, Kotz & Balakrishnan 1997, *Discrete Multivariate
//! Distributions*, chapter 39).
//!
//! ```
//! use comity::seats::election;
//! // One seat between a class of two candidates and a class of one, all equal: 2/3 and 1/3.
//! let d = election(&[(2, 1.0), (1, 1.0)], 1)?;
//! let p = |won: &[usize]| d.iter().find(|(w, _)| w == won).map_or(0.0, |o| o.1);
//! assert!((p(&[1, 0]) - 2.0 / 3.0).abs() < 1e-12 && (p(&[0, 1]) - 1.0 / 3.0).abs() < 1e-12);
//! // Two seats, the single candidate of weight 2 against two of weight 1: it is elected
//! // first with probability 2/4, or second after one of the others, 2 x 1/4 x 2/3.
//! let d = election(&[(2, 1.0), (1, 2.0)], 2)?;
//! assert!((p_won(&d, &[1, 1]) - (0.5 + 2.0 * 0.25 * 2.0 / 3.0)).abs() < 1e-12);
//! # fn p_won(d: &[(Vec<usize>, f64)], won: &[usize]) -> f64 {
//! #     d.iter().find(|(w, _)| w == won).map_or(0.0, |o| o.1) }
//! # Ok::<(), comity::seats::SeatError>(())
//! ```

use super::{SeatError, invalid};
use rustc_hash::FxHashMap;

/// The most outcomes an election is worked out for: [`election()`] refuses elections whose
/// bound [`outcome_bound`] is above it.
///
/// ```
/// use comity::seats::{election, election::MAX_OUTCOMES};
/// // Thirty candidates of distinct weights for fifteen seats: C(30, 15) outcomes.
/// let classes: Vec<(usize, f64)> = (1..=30).map(|w| (1, w as f64)).collect();
/// assert!(election(&classes, 15).unwrap_err().to_string().contains(&MAX_OUTCOMES.to_string()));
/// ```
pub const MAX_OUTCOMES: usize = 200_000;

/// An upper bound on the number of outcomes of an election of `seats` seats among classes of
/// `(candidates, weight)`: the smaller of `C(seats + classes - 1, seats)` over the non-empty
/// classes and `prod_b (min(n_b, seats) + 1)`, saturating at `usize::MAX`.
///
/// ```
/// use comity::seats::election::outcome_bound;
/// assert_eq!(outcome_bound(&[(1, 1.0), (1, 2.0), (1, 3.0)], 2), 6);
/// assert_eq!(outcome_bound(&[(9, 1.0), (9, 2.0)], 2), 3);
/// ```
pub fn outcome_bound(classes: &[(usize, f64)], seats: usize) -> usize {
    let nonempty = classes.iter().filter(|c| c.0 > 0).count();
    // C(seats + k - 1, k - 1) built up over k = 1..nonempty; each partial product is a
    // binomial coefficient, so the division is exact.
    let mut stars = 1usize;
    for k in 1..nonempty {
        stars = match stars.checked_mul(seats.saturating_add(k)) {
            Some(x) => x / k,
            None => usize::MAX,
        };
        if stars == usize::MAX {
            break;
        }
    }
    let product =
        classes.iter().try_fold(1usize, |a, c| a.checked_mul(c.0.min(seats) + 1)).unwrap_or(usize::MAX);
    stars.min(product)
}

/// The distribution of how many seats each class of candidates wins: `(won per class,
/// probability)`, for `seats` seats among classes of `(candidates, weight)`.
///
/// Refuses negative, zero or non-finite weights of a non-empty class, more seats than
/// candidates, and elections with more than [`MAX_OUTCOMES`] possible outcomes
/// ([`outcome_bound`]).
///
/// ```
/// use comity::seats::election;
/// // Everyone is elected when seats equal candidates.
/// assert_eq!(election(&[(2, 1.0), (1, 5.0)], 3)?, vec![(vec![2, 1], 1.0)]);
/// assert!(election(&[(1, 1.0)], 2).is_err());
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
pub fn election(classes: &[(usize, f64)], seats: usize) -> Result<Vec<(Vec<usize>, f64)>, SeatError> {
    let candidates: usize = classes.iter().map(|c| c.0).sum();
    if seats > candidates {
        return Err(invalid("seats", format!("{seats} seats for {candidates} candidates")));
    }
    if let Some(c) = classes.iter().find(|c| c.0 > 0 && !(c.1.is_finite() && c.1 > 0.0)) {
        return Err(invalid("weights", format!("{}; expected a positive finite number", c.1)));
    }
    let bound = outcome_bound(classes, seats);
    if bound > MAX_OUTCOMES {
        return Err(invalid(
            "seats",
            format!(
                "{seats} seats among {} classes of candidates have up to {bound} outcomes; at most {MAX_OUTCOMES} (give fewer distinct weights)",
                classes.len()
            ),
        ));
    }
    let mut level: FxHashMap<Vec<usize>, f64> = FxHashMap::default();
    level.insert(vec![0; classes.len()], 1.0);
    for _ in 0..seats {
        let mut next: FxHashMap<Vec<usize>, f64> = FxHashMap::default();
        for (won, p) in level {
            let total: f64 = classes.iter().zip(&won).map(|(c, w)| (c.0 - w) as f64 * c.1).sum();
            for (b, c) in classes.iter().enumerate() {
                let left = c.0 - won[b];
                if left == 0 {
                    continue;
                }
                let mut after = won.clone();
                after[b] += 1;
                *next.entry(after).or_insert(0.0) += p * left as f64 * c.1 / total;
            }
        }
        level = next;
    }
    let mut out: Vec<(Vec<usize>, f64)> = level.into_iter().collect();
    // A fixed order, so that results do not depend on the hash map's.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}
