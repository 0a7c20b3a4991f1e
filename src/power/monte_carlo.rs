//! Monte Carlo estimates of the Shapley-Shubik and absolute Banzhaf indices, for rules too
//! large to count exactly in the time or memory at hand.
//!
//! - Shapley-Shubik: draw orderings of the players uniformly; `phi_i` is the probability that
//!   `i` is pivotal (the first whose arrival makes the coalition winning). Each ordering is
//!   drawn by a Fisher-Yates shuffle stopped at the pivot (Mann & Shapley 1960).
//! - Banzhaf: draw coalitions uniformly (each player in with probability 1/2); the absolute
//!   index `beta_i` is the probability that `i` is a swing (`S + i` wins and `S - i` loses).
//!
//! Both are means of indicators, so each member's interval is the Wilson score interval at the
//! chosen confidence (Wilson 1927; Brown, Cai & DasGupta 2001), which stays inside [0, 1] and
//! keeps its coverage for members with little power. Asking for a tolerance `E` at confidence
//! `C` instead sets the number of samples by Hoeffding's inequality,
//! `N = ceil(ln(2 / (1 - C)) / (2 E^2))`, which guarantees `|estimate - index| <= E` with
//! probability at least `C` for each member whatever the game (Hoeffding 1963). That count is
//! computed in floating point and refused above [`MONTE_CARLO_MAX_SAMPLES`] before anything is
//! drawn (a tolerance of `1e-300` asks for about `1.8e600`); memory does not grow with it.
//!
//! Games in size-and-weight form (weights, counts and vetoes over one weight vector, the IMF's
//! and most real rules) are evaluated incrementally in `O(1)` per step; any other game through
//! its winning test, with a binary search for the pivot along the ordering (winning is
//! monotone along it). Samples run in blocks, block `b` on stream `b` of the seed
//! ([`crate::rng::stream`]), and counts are summed as integers, so the result is the same
//! on any number of threads.
//!
//! # References
//! Mann & Shapley (1960), "Values of large games IV", RAND RM-2651; Hoeffding (1963), JASA
//! 58(301); Wilson (1927), JASA 22(158); Bachrach et al. (2010), "Approximating power
//! indices: theoretical and empirical analysis", AAMAS 20(2).
//!
//! ```
//! use comity::game::{Game, WeightedGame};
//! use comity::power::{monte_carlo, MonteCarloOptions};
//! let game: Game = WeightedGame::new(vec![3, 2, 1], 4).unwrap().into();
//! let options = MonteCarloOptions::new(16_000, 1, 0.99);
//! let est = monte_carlo(&game, &options, None).unwrap();
//! // Exact: Shapley-Shubik (2/3, 1/6, 1/6), absolute Banzhaf (3/4, 1/4, 1/4).
//! assert!(est.shapley_shubik[0].low <= 2.0 / 3.0 && 2.0 / 3.0 <= est.shapley_shubik[0].high);
//! assert!((est.banzhaf_absolute[1].estimate - 0.25).abs() < 0.01);
//! ```

use super::{AsGame, PowerError};
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{Coalition, Game, SimpleGame};
use crate::rng::stream;
use rand::Rng;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, Normal};
use std::sync::atomic::{AtomicU64, Ordering};

/// Most samples of each kind (orderings, coalitions) one estimate draws: about a quarter of
/// an hour for a body of 27 on one core.
///
/// ```
/// use comity::power::{MonteCarloOptions, MONTE_CARLO_MAX_SAMPLES};
/// // A tolerance of 1e-6 would need about 1.5e12 samples, above the limit.
/// assert!(MonteCarloOptions::for_tolerance(1e-6, 0.95, 1).is_err());
/// assert!(MonteCarloOptions::for_tolerance(1e-3, 0.95, 1)?.samples <= MONTE_CARLO_MAX_SAMPLES);
/// # Ok::<(), comity::power::PowerError>(())
/// ```
pub const MONTE_CARLO_MAX_SAMPLES: u64 = 10_000_000_000;

/// Samples per block of work (one random stream each).
const BLOCK: u64 = 1 << 14;

/// How many samples to draw and how to report them.
///
/// ```
/// use comity::game::{Game, WeightedGame};
/// use comity::power::{monte_carlo, MonteCarloOptions};
/// let game: Game = WeightedGame::new(vec![3, 2, 1], 4)?.into();
/// let options = MonteCarloOptions::new(4_000, 7, 0.95);
/// let est = monte_carlo(&game, &options, None)?;
/// assert_eq!(est.samples, 4_000);
/// // The same seed draws the same samples.
/// assert_eq!(est, monte_carlo(&game, &options, None)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct MonteCarloOptions {
    /// Orderings (for Shapley-Shubik) and coalitions (for Banzhaf) to draw, each.
    pub samples: u64,
    /// Master seed.
    pub seed: u64,
    /// Confidence level of the intervals, in (0, 1).
    pub confidence: f64,
}

impl MonteCarloOptions {
    /// `samples` of each kind from master seed `seed`, intervals at `confidence` (checked when
    /// the estimate runs).
    ///
    /// ```
    /// use comity::power::MonteCarloOptions;
    /// let options = MonteCarloOptions::new(10_000, 7, 0.95);
    /// assert_eq!((options.samples, options.seed, options.confidence), (10_000, 7, 0.95));
    /// ```
    pub const fn new(samples: u64, seed: u64, confidence: f64) -> Self {
        MonteCarloOptions { samples, seed, confidence }
    }

    /// Enough samples that each member's estimate is within `tolerance` of its index with
    /// probability at least `confidence` (Hoeffding's bound).
    ///
    /// ```
    /// use comity::power::MonteCarloOptions;
    /// // By hand (Hoeffding): ln(2 / 0.05) / (2 x 0.01^2) = 18444.4, rounded up.
    /// let options = MonteCarloOptions::for_tolerance(0.01, 0.95, 42)?;
    /// assert_eq!(options.samples, 18_445);
    /// assert!(MonteCarloOptions::for_tolerance(0.0, 0.95, 42).is_err());
    /// # Ok::<(), comity::power::PowerError>(())
    /// ```
    pub fn for_tolerance(tolerance: f64, confidence: f64, seed: u64) -> Result<Self, PowerError> {
        if !(tolerance > 0.0 && tolerance < 1.0 && confidence > 0.0 && confidence < 1.0) {
            return Err(PowerError::MonteCarlo {
                message: format!("tolerance {tolerance}, confidence {confidence}; expected both in (0, 1)"),
            });
        }
        // Computed in floating point and checked before any conversion: a tiny tolerance
        // asks for more samples than any integer holds.
        let needed = ((2.0 / (1.0 - confidence)).ln() / (2.0 * tolerance * tolerance)).ceil();
        if needed.is_nan() || needed > MONTE_CARLO_MAX_SAMPLES as f64 {
            // In logarithms, so that a count beyond f64's range is still printed.
            let log10 = ((2.0 / (1.0 - confidence)).ln() / 2.0).log10() - 2.0 * tolerance.log10();
            let mantissa = 10f64.powf(log10 - log10.floor());
            return Err(PowerError::MonteCarlo {
                message: format!(
                    "tolerance {tolerance:e} at confidence {confidence} needs about {mantissa:.1}e{} samples (Hoeffding); the limit is {MONTE_CARLO_MAX_SAMPLES} (a tolerance of at least {:.1e})",
                    log10.floor(),
                    ((2.0 / (1.0 - confidence)).ln() / (2.0 * MONTE_CARLO_MAX_SAMPLES as f64)).sqrt()
                ),
            });
        }
        Ok(MonteCarloOptions { samples: needed as u64, seed, confidence })
    }
}

/// An estimate with its confidence interval.
///
/// ```
/// use comity::game::{Game, WeightedGame};
/// use comity::power::{monte_carlo, MonteCarloOptions};
/// let game: Game = WeightedGame::new(vec![3, 2, 1], 4)?.into();
/// let options = MonteCarloOptions::new(4_000, 1, 0.95);
/// let interval = monte_carlo(&game, &options, None)?.shapley_shubik[1];
/// assert!(interval.low <= interval.estimate && interval.estimate <= interval.high);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The sample proportion.
    pub estimate: f64,
    /// Lower end of the Wilson score interval.
    pub low: f64,
    /// Upper end of the Wilson score interval.
    pub high: f64,
}

/// Monte Carlo estimates of every member's indices.
///
/// ```
/// use comity::game::{Game, WeightedGame};
/// use comity::power::{monte_carlo, MonteCarloOptions};
/// let game: Game = WeightedGame::new(vec![3, 2, 1], 4)?.into();
/// let options = MonteCarloOptions::new(4_000, 1, 0.95);
/// let est = monte_carlo(&game, &options, None)?;
/// // Player 0 is pivotal in 2/3 of the orders (exact); 4000 samples land within 0.05.
/// assert!((est.shapley_shubik[0].estimate - 2.0 / 3.0).abs() < 0.05);
/// assert_eq!(est.banzhaf_absolute.len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarloIndices {
    /// Shapley-Shubik index per member.
    pub shapley_shubik: Vec<Interval>,
    /// Absolute Banzhaf index per member.
    pub banzhaf_absolute: Vec<Interval>,
    /// Samples drawn for each index.
    pub samples: u64,
    /// Confidence level of the intervals.
    pub confidence: f64,
}

/// The Wilson score interval for `successes` out of `n` at normal quantile `z`.
fn wilson(successes: u64, n: u64, z: f64) -> Interval {
    let (p, n) = (successes as f64 / n as f64, n as f64);
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Interval { estimate: p, low: (centre - half).max(0.0), high: (centre + half).min(1.0) }
}

/// How coalitions are tested.
enum Oracle<'a> {
    /// Size-and-weight form: a coalition of size `s` and weight `w` wins iff
    /// `w >= thresholds[s]` (`u64::MAX` where no coalition of that size wins; used only when
    /// the total weight is below `u64::MAX`, so that no coalition reaches it).
    SizeWeight { weights: Vec<u64>, thresholds: Vec<u64> },
    /// Anything else, through its winning test.
    General(&'a Game),
}

impl Oracle<'_> {
    /// Pivot of a uniformly random ordering, drawn by shuffling `order` only up to the pivot.
    fn pivot(&self, order: &mut [usize], rng: &mut impl Rng) -> usize {
        let n = order.len();
        match self {
            Oracle::SizeWeight { weights, thresholds } => {
                let mut weight = 0;
                for k in 0..n {
                    order.swap(k, rng.random_range(k..n));
                    let p = order[k];
                    weight += weights[p];
                    if weight >= thresholds[k + 1] {
                        return p;
                    }
                }
                order[n - 1]
            }
            Oracle::General(game) => {
                for k in 0..n {
                    order.swap(k, rng.random_range(k..n));
                }
                // The smallest prefix length that wins (the grand coalition does).
                let wins =
                    |len: usize| game.is_winning(&Coalition::from_players(order[..len].iter().copied()));
                let (mut lo, mut hi) = (1, n);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if wins(mid) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                order[lo - 1]
            }
        }
    }

    /// Adds 1 to `swings[i]` for every swing player of a uniformly random coalition.
    fn swings(&self, n: usize, swings: &mut [u64], rng: &mut impl Rng) {
        // Membership bits, 64 players a word.
        let mut words = [0u64; 4];
        for (k, word) in words.iter_mut().enumerate().take(n.div_ceil(64)) {
            let valid = n - 64 * k;
            *word = rng.random::<u64>() & if valid >= 64 { u64::MAX } else { (1 << valid) - 1 };
        }
        let bit = |i: usize| words[i / 64] >> (i % 64) & 1;
        match self {
            Oracle::SizeWeight { weights, thresholds } => {
                // Branch-free: membership is a coin flip, which no branch predictor guesses.
                let wins = |size: usize, weight: u64| u64::from(weight >= thresholds[size]);
                let size = words.iter().map(|w| w.count_ones() as usize).sum::<usize>();
                let weight: u64 = (0..n).map(|i| weights[i] * bit(i)).sum();
                for (i, count) in swings.iter_mut().enumerate() {
                    let b = bit(i);
                    let (rest_size, rest_weight) = (size - b as usize, weight - b * weights[i]);
                    *count +=
                        wins(rest_size + 1, rest_weight + weights[i]) & (1 - wins(rest_size, rest_weight));
                }
            }
            Oracle::General(game) => {
                let members = Coalition::from_players((0..n).filter(|&i| bit(i) == 1));
                for (i, count) in swings.iter_mut().enumerate() {
                    let (with, without) = (members.with(i), members.without(i));
                    if game.is_winning(&with) && !game.is_winning(&without) {
                        *count += 1;
                    }
                }
            }
        }
    }
}

/// Estimates the Shapley-Shubik and absolute Banzhaf indices of every member; `progress`,
/// if given, is called with the number of samples drawn so far (from any thread).
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{monte_carlo, MonteCarloOptions};
/// // Any game representation will do: a weighted game, a `Game`, a rule compiled from a model.
/// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
/// let options = MonteCarloOptions::new(2_000, 3, 0.99);
/// let est = monte_carlo(&council, &options, None)?;
/// // The interval covers a permanent member's exact index, 421/2145.
/// let p5 = est.shapley_shubik[0];
/// assert!(p5.low <= 421.0 / 2145.0 && 421.0 / 2145.0 <= p5.high);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn monte_carlo(
    game: &impl AsGame,
    options: &MonteCarloOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<MonteCarloIndices, PowerError> {
    monte_carlo_cancellable(game, options, progress, &CancelToken::new())
}

/// [`monte_carlo`] that stops with [`PowerError::Interrupted`] once `cancel` is cancelled:
/// each block of samples checks the token before it starts, so the estimate stops within one
/// block per thread.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::game::WeightedGame;
/// use comity::power::{monte_carlo_cancellable, MonteCarloOptions, PowerError};
/// let council = WeightedGame::new([vec![7; 5], vec![1; 10]].concat(), 39)?;
/// let cancel = CancelToken::new();
/// let options = MonteCarloOptions::new(1_000, 3, 0.95);
/// assert!(monte_carlo_cancellable(&council, &options, None, &cancel).is_ok());
/// cancel.cancel();
/// let stopped = monte_carlo_cancellable(&council, &options, None, &cancel);
/// assert!(matches!(stopped, Err(PowerError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn monte_carlo_cancellable(
    game: &impl AsGame,
    options: &MonteCarloOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
    cancel: &CancelToken,
) -> Result<MonteCarloIndices, PowerError> {
    let game = game.as_game();
    let game: &Game = &game;
    let &MonteCarloOptions { samples, seed, confidence } = options;
    if samples == 0 || samples > MONTE_CARLO_MAX_SAMPLES || !(confidence > 0.0 && confidence < 1.0) {
        return Err(PowerError::MonteCarlo {
            message: format!(
                "{samples} samples, confidence {confidence}; expected 1 to {MONTE_CARLO_MAX_SAMPLES} samples and a confidence in (0, 1)"
            ),
        });
    }
    let n = game.n();
    let oracle = match game.size_weight_form() {
        Some(g) if g.weights().iter().sum::<u64>() < u64::MAX => Oracle::SizeWeight {
            weights: g.weights().to_vec(),
            thresholds: g.thresholds().iter().map(|t| t.unwrap_or(u64::MAX)).collect(),
        },
        _ => Oracle::General(game),
    };
    let blocks = samples.div_ceil(BLOCK);
    let done = AtomicU64::new(0);
    let (pivots, swings) = (0..blocks)
        .into_par_iter()
        .map(|b| {
            // A cancelled estimate skips its remaining blocks (and reports none of them).
            cancel.check()?;
            let mut rng = stream(seed, b);
            let mut order: Vec<usize> = (0..n).collect();
            let (mut pivots, mut swings) = (vec![0u64; n], vec![0u64; n]);
            let count = BLOCK.min(samples - b * BLOCK);
            for _ in 0..count {
                pivots[oracle.pivot(&mut order, &mut rng)] += 1;
                oracle.swings(n, &mut swings, &mut rng);
            }
            let finished = done.fetch_add(count, Ordering::Relaxed) + count;
            if let Some(report) = progress {
                report(finished);
            }
            Ok((pivots, swings))
        })
        .try_reduce(
            || (vec![0u64; n], vec![0u64; n]),
            |(mut p, mut s), (p2, s2)| {
                p.iter_mut().zip(p2).for_each(|(a, b)| *a += b);
                s.iter_mut().zip(s2).for_each(|(a, b)| *a += b);
                Ok((p, s))
            },
        )
        .map_err(|e: Interrupted| PowerError::from(e))?;
    let z = Normal::new(0.0, 1.0).expect("standard normal").inverse_cdf((1.0 + confidence) / 2.0);
    Ok(MonteCarloIndices {
        shapley_shubik: pivots.iter().map(|&k| wilson(k, samples, z)).collect(),
        banzhaf_absolute: swings.iter().map(|&k| wilson(k, samples, z)).collect(),
        samples,
        confidence,
    })
}
