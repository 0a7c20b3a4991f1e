//! Exact counting for bloc games whose top rule is weighted (or a count) and whose blocs
//! decide by a count of their members (majority by default).
//!
//! Each independent member and each bloc is one factor of a generating function in `x`
//! (members voting yes) and `y` (weight cast at the top): an independent member with weight
//! `w` is `1 + x y^w`; a bloc of `b` members deciding by at least `m` of them, with total
//! weight `W`, is `sum_{k<m} C(b,k) x^k + sum_{k>=m} C(b,k) x^k y^W`. The product counts
//! coalitions by size and by the weight they carry at the top. The swings of a member are read
//! off the product of all other factors, obtained by dividing its own factor out (every
//! factor has constant term 1, so the division is exact in integers):
//!
//! - an independent member of weight `w` swings for `S` iff `t(S) < q <= t(S) + w`;
//! - a member of a bloc swings iff exactly `m - 1` of the other `b - 1` members vote yes
//!   (`C(b-1, m-1)` ways; then it decides the bloc) and the bloc decides the top:
//!   `t < q <= t + W` for the weight `t` of the rest of the body.
//!
//! Swings by coalition size give Shapley-Shubik exactly, and the counts give Banzhaf and
//! Coleman. Members with the same factor share one division. The table has
//! `(n + 1) (W_total + 1)` cells, so this suits counts and moderate weights (the UN General
//! Assembly with its caucuses), not the IMF's millions of votes.
//!
//! # References
//! Felsenthal & Machover (1998), sec. 6.3; Bilbao, Fernández, Jiménez & López (2000),
//! "Generating functions for computing power indices efficiently", TOP 8(2).

use super::Tally;
use super::tally::binomial_row;
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{BlocGame, Game, SimpleGame};
use num_bigint::{BigInt, BigUint};
use num_traits::{One, Signed, Zero};
use std::collections::HashMap;

/// Largest table (cells) this method builds.
///
/// ```
/// use comity::game::{Bloc, BlocGame, WeightedGame};
/// use comity::power::{count_blocs, BLOC_TABLE_MAX_CELLS};
/// // A table of (n + 1) (total weight + 1) cells: here 4 x 4, far below the limit.
/// let bloc = Bloc::new(vec![0, 1], WeightedGame::new(vec![1, 1], 1)?.into())?;
/// let game = BlocGame::new(WeightedGame::new(vec![1; 3], 2)?.into(), vec![bloc])?;
/// let (_, cells) = count_blocs(&game).unwrap();
/// assert!(cells <= BLOC_TABLE_MAX_CELLS);
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub const BLOC_TABLE_MAX_CELLS: usize = 4_000_000;

/// A sparse factor: `(size, weight, coefficient)` terms, the first being `(0, 0, 1)`.
type Factor = Vec<(usize, usize, BigInt)>;

/// Multiplies `table` by `factor` in place (sizes descending, so that every term with a
/// positive size reads cells not yet updated).
fn multiply(table: &mut [Vec<BigInt>], factor: &Factor) {
    for s in (0..table.len()).rev() {
        for t in (0..table[s].len()).rev() {
            let mut sum = BigInt::zero();
            for (k, w, c) in factor.iter().skip(1) {
                if *k <= s && *w <= t && !table[s - k][t - w].is_zero() {
                    sum += c * &table[s - k][t - w];
                }
            }
            if !sum.is_zero() {
                table[s][t] += sum;
            }
        }
    }
}

/// `table / factor`, sizes ascending.
fn divide(table: &[Vec<BigInt>], factor: &Factor) -> Vec<Vec<BigInt>> {
    let mut out: Vec<Vec<BigInt>> = table.to_vec();
    for s in 0..out.len() {
        for t in 0..out[s].len() {
            let mut sum = BigInt::zero();
            for (k, w, c) in factor.iter().skip(1) {
                if *k <= s && *w <= t && !out[s - k][t - w].is_zero() {
                    sum += c * &out[s - k][t - w];
                }
            }
            if !sum.is_zero() {
                out[s][t] -= sum;
            }
        }
    }
    out
}

/// Coalitions of each size whose weight `t` satisfies `t < quota <= t + w`.
fn crossing(others: &[Vec<BigInt>], quota: usize, w: usize) -> Vec<BigInt> {
    others
        .iter()
        .map(|row| row.iter().enumerate().filter(|&(t, _)| t < quota && quota <= t + w).map(|(_, c)| c).sum())
        .collect()
}

/// Weights and quota of a rule that is one weighted threshold.
fn weighted_threshold(game: &Game) -> Option<(Vec<u64>, u64)> {
    match game {
        Game::Weighted(g) => Some((g.weights().to_vec(), g.quota())),
        _ => {
            let form = game.size_weight_form()?;
            Some((form.weights().to_vec(), form.constant_threshold()?))
        }
    }
}

/// The number of members `m` a rule over `b` members needs, if it is a pure count (winning
/// depends on the number of members only).
fn count_threshold(game: &Game, b: usize) -> Option<usize> {
    let form = game.size_weight_form()?;
    let w0 = *form.weights().first()?;
    if form.weights().iter().any(|&w| w != w0) {
        return None;
    }
    (0..=b).find(|&s| form.thresholds()[s].is_some_and(|t| s as u64 * w0 >= t))
}

/// Exact counts for a bloc game in the supported form, with the number of table cells used;
/// `None` if its top rule is not a single weighted threshold, a bloc's internal rule is not a
/// count, or the table would exceed [`BLOC_TABLE_MAX_CELLS`].
///
/// ```
/// use comity::game::{Bloc, BlocGame, WeightedGame};
/// use comity::power::{brute_force, count_blocs};
/// // Five members, 3 of 5; members 0, 1, 2 vote as a bloc by 2 of 3.
/// let bloc = Bloc::new(vec![0, 1, 2], WeightedGame::new(vec![1; 3], 2)?.into())?;
/// let game = BlocGame::new(WeightedGame::new(vec![1; 5], 3)?.into(), vec![bloc])?;
/// let (tally, _) = count_blocs(&game).unwrap();
/// assert_eq!(tally, brute_force(&game).unwrap());
/// // By hand: the bloc carries 3 of 5 votes, so it wins alone: 4 of the 8 ways its members vote
/// // carry it, each with any of the 4 sets of outsiders.
/// assert_eq!(tally.winning(), &16u32.into());
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn count_blocs(game: &BlocGame) -> Option<(Tally, usize)> {
    count_blocs_cancellable(game, &CancelToken::new()).expect("a fresh token is never cancelled")
}

/// [`count_blocs`], stopping with [`Interrupted`] once `cancel` is cancelled: it is checked
/// once per factor multiplied into the table and once per member's swings (one pass over the
/// table each), which costs nothing measurable.
pub(crate) fn count_blocs_cancellable(
    game: &BlocGame,
    cancel: &CancelToken,
) -> Result<Option<(Tally, usize)>, Interrupted> {
    count_blocs_checked(game, cancel).transpose()
}

/// The count, `None` when the rule has no bloc form, `Some(Err)` when cancelled (the shape
/// that lets `?` on the rule's form stay as it is).
fn count_blocs_checked(game: &BlocGame, cancel: &CancelToken) -> Option<Result<(Tally, usize), Interrupted>> {
    let n = game.n();
    let (weights, quota) = weighted_threshold(game.top())?;
    let quota = usize::try_from(quota).ok()?;
    let weights: Vec<usize> = weights.iter().map(|&w| usize::try_from(w).ok()).collect::<Option<_>>()?;
    let total: usize = weights.iter().sum();
    if (n + 1).checked_mul(total + 1)? > BLOC_TABLE_MAX_CELLS {
        return None;
    }
    // Each bloc's count threshold m: the smallest size that wins (sizes decide, weights equal).
    let mut blocs = Vec::new();
    for bloc in game.blocs() {
        let b = bloc.members().len();
        let m = count_threshold(bloc.rule(), b)?;
        let weight: usize = bloc.members().iter().map(|&i| weights[i]).sum();
        blocs.push((bloc.members().to_vec(), b, m, weight));
    }
    let mut in_bloc = vec![None; n];
    for (k, (members, ..)) in blocs.iter().enumerate() {
        for &i in members {
            in_bloc[i] = Some(k);
        }
    }
    let independent = |w: usize| -> Factor { vec![(0, 0, BigInt::one()), (1, w, BigInt::one())] };
    let bloc_factor = |b: usize, m: usize, weight: usize| -> Factor {
        binomial_row(b)
            .into_iter()
            .map(BigInt::from)
            .enumerate()
            .map(|(k, c)| (k, if k >= m { weight } else { 0 }, c))
            .collect()
    };
    let mut table = vec![vec![BigInt::zero(); total + 1]; n + 1];
    table[0][0] = BigInt::one();
    let interrupted = || Some(Err(Interrupted));
    for i in (0..n).filter(|&i| in_bloc[i].is_none()) {
        if cancel.is_cancelled() {
            return interrupted();
        }
        multiply(&mut table, &independent(weights[i]));
    }
    for &(_, b, m, weight) in &blocs {
        if cancel.is_cancelled() {
            return interrupted();
        }
        multiply(&mut table, &bloc_factor(b, m, weight));
    }
    let winning: BigInt = table.iter().flat_map(|row| row.iter().skip(quota)).sum();

    let to_unsigned = |x: BigInt| -> BigUint { x.abs().to_biguint().expect("counts are non-negative") };
    let mut independent_swings: HashMap<usize, Vec<BigInt>> = HashMap::new();
    let mut bloc_swings: HashMap<(usize, usize, usize), Vec<BigInt>> = HashMap::new();
    let mut swings = vec![vec![BigUint::zero(); n]; n];
    for i in 0..n {
        if cancel.is_cancelled() {
            return interrupted();
        }
        let by_size: Vec<BigInt> = match in_bloc[i] {
            None => independent_swings
                .entry(weights[i])
                .or_insert_with(|| crossing(&divide(&table, &independent(weights[i])), quota, weights[i]))
                .clone(),
            Some(k) => {
                let (_, b, m, weight) = blocs[k];
                bloc_swings
                    .entry((b, m, weight))
                    .or_insert_with(|| {
                        let outside = crossing(&divide(&table, &bloc_factor(b, m, weight)), quota, weight);
                        // Exactly m - 1 of the other b - 1 members with i: they add m - 1 to the size.
                        let ways = if m == 0 {
                            BigInt::zero()
                        } else {
                            BigInt::from(binomial_row(b - 1)[m - 1].clone())
                        };
                        let mut shifted = vec![BigInt::zero(); n + 1];
                        for (s, c) in outside.iter().enumerate() {
                            if m >= 1 && s + m - 1 <= n {
                                shifted[s + m - 1] = c * &ways;
                            }
                        }
                        shifted
                    })
                    .clone()
            }
        };
        for (s, c) in by_size.into_iter().take(n).enumerate() {
            swings[i][s] = to_unsigned(c);
        }
    }
    Some(Ok((Tally::with_sizes(to_unsigned(winning), swings), (n + 1) * (total + 1))))
}
