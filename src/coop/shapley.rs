//! Shapley and Banzhaf values, the Owen value for a coalition structure, and the Shapley
//! value by permutation sampling.
//!
//! Shapley (1953): `phi_i = sum_{S ∌ i} |S|! (n-|S|-1)! / n! (v(S ∪ i) - v(S))`, computed in
//! `O(n 2^n)` by one pass over the coalitions. Banzhaf value: the unweighted average
//! `sum_{S ∌ i} (v(S ∪ i) - v(S)) / 2^(n-1)`. Owen (1977): with a priori unions
//! `P_1, ..., P_m`, player `i` in union `P_k` gets the expectation of its marginal contribution
//! when the unions arrive in a random order and the members of `P_k` in a random order within
//! it: `sum_{R ⊆ M \ k} sum_{T ⊆ P_k \ i} r!(m-r-1)!/m! * t!(p-t-1)!/p! * (v(Q_R ∪ T ∪ i) - v(Q_R ∪ T))`.
//!
//! The Banzhaf-Owen value (Owen 1982) replaces both random orders by uniform choices of
//! coalitions. For `[4; 3, 2, 1]` with unions `{1}` and `{2, 3}` both give `(1/2, 1/4, 1/4)`:
//! player 2 swings only when union `{1}` is in and player 3 out (one of four cases, each of
//! weight 1/4 under either value).
//!
//! # References
//! Shapley (1953), "A value for n-person games"; Banzhaf (1965); Owen (1977), "Values of games
//! with a priori unions"; Owen (1982), "Modification of the Banzhaf-Coleman index for games
//! with a priori unions", in Holler (ed.), *Power, Voting and Voting Power*; Castro, Gómez & Tejada (2009), "Polynomial calculation of the Shapley
//! value based on sampling", Computers & Operations Research 36(5).
//!
//! ```
//! use comity::coop::{TuGame, shapley_value};
//! let glove = TuGame::glove(&[true, false, false]).unwrap();
//! let phi = shapley_value(&glove);
//! assert!((phi[0] - 2.0 / 3.0).abs() < 1e-15 && (phi[1] - 1.0 / 6.0).abs() < 1e-15);
//! ```

use super::TuGame;
use rand::seq::SliceRandom;
use rayon::prelude::*;

/// Weights `s! (n-s-1)! / n!` for `s = 0..n`.
fn shapley_weights(n: usize) -> Vec<f64> {
    // w(s) = 1 / (n * C(n-1, s)), built by the ratio w(s+1)/w(s) = (s+1)/(n-1-s).
    let mut w = vec![1.0 / n as f64; n];
    for s in 0..n.saturating_sub(1) {
        w[s + 1] = w[s] * (s + 1) as f64 / (n - 1 - s) as f64;
    }
    w
}

/// The Shapley value of every player.
///
/// ```
/// use comity::coop::{TuGame, shapley_value};
/// // Airport game with runway costs 3, 5, 9: Littlechild & Owen (1973) split each segment
/// // equally among its users: (3/3, 3/3 + 2/2, 3/3 + 2/2 + 4) = (1, 2, 6).
/// let phi = shapley_value(&TuGame::airport(&[3.0, 5.0, 9.0])?);
/// for (got, want) in phi.iter().zip([1.0, 2.0, 6.0]) {
///     assert!((got - want).abs() < 1e-12);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shapley_value(game: &TuGame) -> Vec<f64> {
    let n = game.n();
    let w = shapley_weights(n);
    let v = game.values();
    (0..n)
        .into_par_iter()
        .map(|i| {
            let bit = 1usize << i;
            (0..1usize << n)
                .filter(|m| m & bit == 0)
                .map(|m| w[m.count_ones() as usize] * (v[m | bit] - v[m]))
                .sum()
        })
        .collect()
}

/// The Banzhaf value of every player.
///
/// ```
/// use comity::coop::{TuGame, banzhaf_value};
/// // Glove game [L, R, R], by hand: L adds a pair to 3 of the 4 coalitions of the right
/// // gloves (3/4); R1 only to {L} (1/4). Not efficient: the total is 5/4.
/// let b = banzhaf_value(&TuGame::glove(&[true, false, false])?);
/// assert_eq!(b, vec![0.75, 0.25, 0.25]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn banzhaf_value(game: &TuGame) -> Vec<f64> {
    let n = game.n();
    let v = game.values();
    let scale = 0.5f64.powi(n as i32 - 1);
    (0..n)
        .map(|i| {
            let bit = 1usize << i;
            (0..1usize << n).filter(|m| m & bit == 0).map(|m| v[m | bit] - v[m]).sum::<f64>() * scale
        })
        .collect()
}

/// The Owen value for a partition of the players into unions (each a list of players).
/// The unions must partition `0..n` (checked by the caller; see [`check_partition`]).
///
/// ```
/// use comity::coop::{TuGame, owen_value, shapley_value};
/// use comity::game::WeightedGame;
/// // [4; 3, 2, 1] with unions {0} and {1, 2}: by hand, player 0 is pivotal only when the
/// // union {1, 2} arrives first, so 1/2 instead of its Shapley value 2/3.
/// let g = TuGame::from_simple_game(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// let owen = owen_value(&g, &[vec![0], vec![1, 2]]);
/// assert!((owen[0] - 0.5).abs() < 1e-12 && (owen[1] - 0.25).abs() < 1e-12);
/// assert!((shapley_value(&g)[0] - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn owen_value(game: &TuGame, unions: &[Vec<usize>]) -> Vec<f64> {
    let n = game.n();
    let m = unions.len();
    let masks: Vec<usize> = unions.iter().map(|u| u.iter().fold(0, |a, &i| a | 1 << i)).collect();
    let outer = shapley_weights(m);
    let v = game.values();
    let mut phi = vec![0.0; n];
    for (k, union) in unions.iter().enumerate() {
        let inner = shapley_weights(union.len());
        for (pos, &i) in union.iter().enumerate() {
            let others: Vec<usize> =
                union.iter().enumerate().filter(|&(p, _)| p != pos).map(|(_, &j)| j).collect();
            let mut total = 0.0;
            for r in 0..1usize << m {
                if r >> k & 1 == 1 {
                    continue;
                }
                let q: usize = (0..m).filter(|&j| r >> j & 1 == 1).map(|j| masks[j]).fold(0, |a, b| a | b);
                let wr = outer[r.count_ones() as usize];
                for t in 0..1usize << others.len() {
                    let tm: usize =
                        (0..others.len()).filter(|&j| t >> j & 1 == 1).map(|j| 1 << others[j]).sum();
                    let s = q | tm;
                    total += wr * inner[t.count_ones() as usize] * (v[s | 1 << i] - v[s]);
                }
            }
            phi[i] = total;
        }
    }
    phi
}

/// The Banzhaf-Owen value (Owen 1982) for a partition into unions: the Owen value's random
/// orders replaced by uniform choices, `sum_{R ⊆ M \ k} sum_{T ⊆ P_k \ i} 2^-(m-1) 2^-(p-1)
/// (v(Q_R ∪ T ∪ i) - v(Q_R ∪ T))`. With singleton unions, or one union of everybody, it is
/// the Banzhaf value. The unions must partition `0..n` (see [`check_partition`]).
///
/// ```
/// use comity::coop::{TuGame, banzhaf_owen_value, banzhaf_value};
/// use comity::game::WeightedGame;
/// // [4; 3, 2, 1] with unions {0} and {1, 2}: (1/2, 1/4, 1/4), as worked in the module docs.
/// let g = TuGame::from_simple_game(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// assert_eq!(banzhaf_owen_value(&g, &[vec![0], vec![1, 2]]), vec![0.5, 0.25, 0.25]);
/// // Singleton unions give the Banzhaf value.
/// assert_eq!(banzhaf_owen_value(&g, &[vec![0], vec![1], vec![2]]), banzhaf_value(&g));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn banzhaf_owen_value(game: &TuGame, unions: &[Vec<usize>]) -> Vec<f64> {
    let n = game.n();
    let m = unions.len();
    let masks: Vec<usize> = unions.iter().map(|u| u.iter().fold(0, |a, &i| a | 1 << i)).collect();
    let v = game.values();
    let mut value = vec![0.0; n];
    for (k, union) in unions.iter().enumerate() {
        let weight = 0.5f64.powi(m as i32 - 1) * 0.5f64.powi(union.len() as i32 - 1);
        for (pos, &i) in union.iter().enumerate() {
            let others: Vec<usize> =
                union.iter().enumerate().filter(|&(p, _)| p != pos).map(|(_, &j)| j).collect();
            let mut total = 0.0;
            for r in (0..1usize << m).filter(|r| r >> k & 1 == 0) {
                let q: usize = (0..m).filter(|&j| r >> j & 1 == 1).map(|j| masks[j]).fold(0, |a, b| a | b);
                for t in 0..1usize << others.len() {
                    let tm: usize =
                        (0..others.len()).filter(|&j| t >> j & 1 == 1).map(|j| 1 << others[j]).sum();
                    let s = q | tm;
                    total += v[s | 1 << i] - v[s];
                }
            }
            value[i] = total * weight;
        }
    }
    value
}

/// Whether `unions` partition the players `0..n`; `Err` names the first problem.
///
/// ```
/// use comity::coop::check_partition;
/// assert_eq!(check_partition(3, &[vec![0], vec![1, 2]]), Ok(()));
/// assert_eq!(
///     check_partition(3, &[vec![0, 1], vec![1, 2]]),
///     Err("player 1 is in two unions".into())
/// );
/// assert_eq!(check_partition(3, &[vec![0, 1]]), Err("player 2 is in no union".into()));
/// ```
pub fn check_partition(n: usize, unions: &[Vec<usize>]) -> Result<(), String> {
    let mut seen = vec![false; n];
    for u in unions {
        if u.is_empty() {
            return Err("a union is empty".into());
        }
        for &i in u {
            if i >= n {
                return Err(format!("player {i} is not among the {n} players"));
            }
            if std::mem::replace(&mut seen[i], true) {
                return Err(format!("player {i} is in two unions"));
            }
        }
    }
    match seen.iter().position(|&s| !s) {
        Some(i) => Err(format!("player {i} is in no union")),
        None => Ok(()),
    }
}

/// A sampled Shapley value: estimates and the half-width of a confidence interval for each.
///
/// ```
/// use comity::coop::shapley_sampled;
/// // Glove game [L, R, R] on bitmasks: exact Shapley value (2/3, 1/6, 1/6).
/// let glove = |m: u64| ((m & 1) as f64).min(((m >> 1 & 1) + (m >> 2 & 1)) as f64);
/// let s = shapley_sampled(3, glove, 2000, 7, 1.96);
/// assert_eq!(s.samples, 2000);
/// // Every order hands out exactly v(N) = 1, so the estimates are efficient.
/// assert!((s.estimate.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert!((s.estimate[0] - 2.0 / 3.0).abs() < 3.0 * s.half_width[0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SampledShapley {
    /// The estimates.
    pub estimate: Vec<f64>,
    /// Half-widths of the normal-approximation intervals at the requested confidence:
    /// `z * s / sqrt(samples)` with `s` the sample standard deviation of the marginal
    /// contributions.
    pub half_width: Vec<f64>,
    /// The number of permutations drawn.
    pub samples: usize,
}

/// The Shapley value of a game given by `v` (on coalitions as bitmasks of up to 64 players) by
/// sampling `samples` random orders with a seeded ChaCha generator; `z` is the normal quantile
/// of the interval (1.96 for 95%). Samples are drawn in blocks seeded from `(seed, block)`, so
/// the result does not depend on the number of threads.
///
/// ```
/// use comity::coop::shapley_sampled;
/// // Security Council [39; 7 x 5, 1 x 10] on bitmasks (permanent members are bits 0-4).
/// let wins = |m: u64| {
///     let w = 7 * (m & 0b11111).count_ones() + (m >> 5).count_ones();
///     if w >= 39 { 1.0 } else { 0.0 }
/// };
/// let s = shapley_sampled(15, wins, 4000, 2026, 1.96);
/// // Exact Shapley-Shubik value of a permanent member: 421/2145 = 0.196.
/// assert!((s.estimate[0] - 421.0 / 2145.0).abs() < 3.0 * s.half_width[0]);
/// ```
pub fn shapley_sampled(
    n: usize,
    v: impl Fn(u64) -> f64 + Sync,
    samples: usize,
    seed: u64,
    z: f64,
) -> SampledShapley {
    const BLOCK: usize = 1024;
    let blocks = samples.div_ceil(BLOCK);
    let (sum, sum_sq) = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let mut rng = crate::rng::stream(seed, b as u64);
            let mut order: Vec<usize> = (0..n).collect();
            let (mut sum, mut sum_sq) = (vec![0.0; n], vec![0.0; n]);
            for _ in 0..BLOCK.min(samples - b * BLOCK) {
                order.shuffle(&mut rng);
                let (mut mask, mut before) = (0u64, v(0));
                for &i in &order {
                    mask |= 1 << i;
                    let after = v(mask);
                    let d = after - before;
                    sum[i] += d;
                    sum_sq[i] += d * d;
                    before = after;
                }
            }
            (sum, sum_sq)
        })
        .reduce(
            || (vec![0.0; n], vec![0.0; n]),
            |(a, b), (c, d)| {
                (
                    a.iter().zip(&c).map(|(x, y)| x + y).collect(),
                    b.iter().zip(&d).map(|(x, y)| x + y).collect(),
                )
            },
        );
    let k = samples as f64;
    let estimate: Vec<f64> = sum.iter().map(|s| s / k).collect();
    let half_width = sum_sq
        .iter()
        .zip(&estimate)
        .map(|(sq, mean)| {
            let var = ((sq / k - mean * mean) * k / (k - 1.0).max(1.0)).max(0.0);
            z * (var / k).sqrt()
        })
        .collect();
    SampledShapley { estimate, half_width, samples }
}
