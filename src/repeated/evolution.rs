//! Evolution among memory-one strategies: the exact payoff matrix, replicator dynamics and
//! the Moran process.
//!
//! - The payoff matrix `A[i][j]` is the exact long-run payoff of strategy `i` against `j`
//!   ([`long_run_payoffs`]).
//! - Replicator dynamics (Taylor & Jonker 1978): `x_i' = x_i ((A x)_i - x^T A x)`, integrated
//!   by the classical fourth-order Runge-Kutta method with a fixed step; each step is
//!   projected back onto the simplex to stop rounding from drifting.
//! - The Moran process (Moran 1958; Nowak et al. 2004) in a population of `N`: with `i`
//!   mutants `A` among residents `B` and no self-interaction, fitnesses are
//!   `f_A(i) = 1 - w + w (a_AA (i - 1) + a_AB (N - i)) / (N - 1)` and
//!   `f_B(i) = 1 - w + w (a_BA i + a_BB (N - i - 1)) / (N - 1)`, with intensity of selection
//!   `w` in [0, 1]. Each step one individual reproduces with probability proportional to
//!   fitness and its offspring replaces one chosen uniformly at random. A single mutant takes
//!   over with probability `rho_A = 1 / (1 + sum_{k=1}^{N-1} prod_{i=1}^{k} f_B(i) / f_A(i))`
//!   (exact for this birth-death chain), which is `1/N` under neutral selection (`w = 0`).
//!   [`moran_simulated`] runs the process itself, for cross-checking.
//!
//! Costs and limits: a replicator run takes `O(steps n^2)` time and, through
//! [`replicator_sampled`], memory only for the samples kept (at most
//! [`REPLICATOR_MAX_STEPS`] steps); the exact fixation probability takes `O(N)` time and
//! memory (`N` at most [`MORAN_MAX_POPULATION`]); a simulation keeps one counter whatever the
//! number of runs (at most [`MORAN_MAX_RUNS`]), a run ending in fixation lasting of the order
//! of `N^2` steps under weak selection (`N` at most [`MORAN_MAX_SIMULATED_POPULATION`]).
//!
//! # References
//! Taylor & Jonker (1978), Math. Biosci. 40; Hofbauer & Sigmund (1998), *Evolutionary Games
//! and Population Dynamics*; Moran (1958); Nowak, Sasaki, Taylor & Fudenberg (2004),
//! "Emergence of cooperation and evolutionary stability in finite populations", Nature 428;
//! Nowak (2006), *Evolutionary Dynamics*, ch. 6 (equation 6.13).
//!
//! ```
//! use comity::repeated::moran_fixation;
//! // Neutral selection: fixation with probability 1/N.
//! let a = [[3.0, 0.0], [5.0, 1.0]];
//! assert!((moran_fixation(&a, 10, 0.0).unwrap() - 0.1).abs() < 1e-15);
//! ```

use super::{MemoryOne, RepeatedError, StagePayoffs, long_run_payoffs, probability};
use crate::cancel::CancelToken;
use crate::estimate::Estimate;
use crate::rng::stream;
use rand::Rng;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most Runge-Kutta steps of one replicator run (about a minute with a few strategies).
///
/// ```
/// use comity::repeated::{REPLICATOR_MAX_STEPS, replicator};
/// let a = vec![vec![3.0, 0.0], vec![5.0, 1.0]];
/// // Refused before any step is taken.
/// let err = replicator(&a, &[0.5, 0.5], 10.0, REPLICATOR_MAX_STEPS + 1).unwrap_err();
/// assert!(err.to_string().starts_with("steps: 1000000001; the limit is 1000000000"));
/// ```
pub const REPLICATOR_MAX_STEPS: usize = 1_000_000_000;

/// Largest Moran population (the exact formula keeps one number per population size).
///
/// ```
/// use comity::repeated::{MORAN_MAX_POPULATION, moran_fixation};
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// let err = moran_fixation(&a, MORAN_MAX_POPULATION + 1, 0.1).unwrap_err();
/// assert!(err.to_string().ends_with("expected at least 2 and at most 10000000"));
/// assert!(moran_fixation(&a, 1, 0.1).is_err()); // at least two individuals
/// ```
pub const MORAN_MAX_POPULATION: usize = 10_000_000;

/// Largest population simulated: a run that ends in fixation lasts of the order of `N^2`
/// steps under weak selection, so larger populations are left to the exact formula.
///
/// ```
/// use comity::repeated::moran_simulated;
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// // The exact formula takes this population; a simulation of it is refused.
/// let err = moran_simulated(&a, 100_001, 0.1, 10, 1).unwrap_err();
/// assert!(err.to_string().contains("100001 to simulate; the limit is 100000"));
/// ```
pub const MORAN_MAX_SIMULATED_POPULATION: usize = 100_000;

/// Most simulated Moran runs.
///
/// ```
/// use comity::repeated::{MORAN_MAX_RUNS, moran_simulated};
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// let err = moran_simulated(&a, 10, 0.1, MORAN_MAX_RUNS + 1, 1).unwrap_err();
/// assert!(err.to_string().ends_with("expected at least 1 and at most 100000000"));
/// ```
pub const MORAN_MAX_RUNS: usize = 100_000_000;

fn parameter(what: &'static str, message: String) -> RepeatedError {
    RepeatedError::Parameter { what, message }
}

/// `A[i][j]`: the exact long-run payoff of `strategies[i]` against `strategies[j]` with noise
/// `e`.
///
/// ```
/// use comity::repeated::{MemoryOne, StagePayoffs, payoff_matrix};
/// // Without noise ALLC and ALLD reproduce the stage game: [[R, S], [T, P]].
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let a = payoff_matrix(&[MemoryOne::allc(), MemoryOne::alld()], &pd, 0.0)?;
/// assert_eq!(a, [[3.0, 0.0], [5.0, 1.0]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn payoff_matrix(
    strategies: &[MemoryOne],
    pd: &StagePayoffs,
    e: f64,
) -> Result<Vec<Vec<f64>>, RepeatedError> {
    strategies
        .iter()
        .map(|x| strategies.iter().map(|y| long_run_payoffs(x, y, pd, e).map(|(sx, _)| sx)).collect())
        .collect()
}

fn check_square(a: &[Vec<f64>]) -> Result<usize, RepeatedError> {
    let n = a.len();
    if n == 0 || a.iter().any(|row| row.len() != n || row.iter().any(|x| !x.is_finite())) {
        return Err(parameter("payoffs", "expected a non-empty square matrix of finite numbers".into()));
    }
    Ok(n)
}

fn replicator_field(a: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    let fitness: Vec<f64> = a.iter().map(|row| row.iter().zip(x).map(|(p, s)| p * s).sum()).collect();
    let average: f64 = fitness.iter().zip(x).map(|(f, s)| f * s).sum();
    x.iter().zip(&fitness).map(|(s, f)| s * (f - average)).collect()
}

/// The replicator trajectory from shares `initial` (non-negative, summing to 1) over time
/// `time > 0` in `steps >= 1` Runge-Kutta steps: the shares at every step, `initial` first.
/// Keeps every step; [`replicator_sampled`] keeps only some.
///
/// ```
/// use comity::repeated::replicator;
/// // Strategy 0 earns 1 more than strategy 1 whatever the mix, so x' = x (1 - x): by hand the
/// // logistic x(t) = 1 / (1 + e^-t) from x(0) = 1/2.
/// let a = vec![vec![1.0, 1.0], vec![0.0, 0.0]];
/// let path = replicator(&a, &[0.5, 0.5], 1.0, 100)?;
/// assert_eq!(path.len(), 101); // the initial shares and every step
/// assert!((path[100][0] - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replicator(
    a: &[Vec<f64>],
    initial: &[f64],
    time: f64,
    steps: usize,
) -> Result<Vec<Vec<f64>>, RepeatedError> {
    Ok(replicator_sampled(a, initial, time, steps, 1, None)?.into_iter().map(|(_, x)| x).collect())
}

/// The replicator trajectory as [`replicator`] integrates it, keeping only the shares at
/// steps `0, every, 2 every, ...` and the last step, each with its step number, so that memory
/// grows with the samples kept rather than with `steps` (at most [`REPLICATOR_MAX_STEPS`]).
/// `progress`, if given, is called with the steps done so far.
///
/// ```
/// use comity::repeated::replicator_sampled;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// // The logistic case of `replicator`, keeping every 25th of 100 steps.
/// let a = vec![vec![1.0, 1.0], vec![0.0, 0.0]];
/// let last = AtomicUsize::new(0);
/// let report = |step: usize| last.store(step, Ordering::Relaxed);
/// let path = replicator_sampled(&a, &[0.5, 0.5], 1.0, 100, 25, Some(&report))?;
/// assert_eq!(path.iter().map(|(step, _)| *step).collect::<Vec<_>>(), [0, 25, 50, 75, 100]);
/// assert!((path[4].1[0] - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-9);
/// assert_eq!(last.load(Ordering::Relaxed), 100);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replicator_sampled(
    a: &[Vec<f64>],
    initial: &[f64],
    time: f64,
    steps: usize,
    every: usize,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<Vec<(usize, Vec<f64>)>, RepeatedError> {
    let n = check_square(a)?;
    let sum: f64 = initial.iter().sum();
    if initial.len() != n || initial.iter().any(|&s| s.is_nan() || s < 0.0) || (sum - 1.0).abs() > 1e-9 {
        return Err(parameter(
            "initial",
            format!("{initial:?}; expected {n} non-negative shares summing to 1"),
        ));
    }
    if !(time > 0.0 && time.is_finite()) || steps == 0 || every == 0 {
        return Err(parameter(
            "time",
            format!(
                "time {time}, {steps} steps, a sample every {every}; expected time > 0, steps >= 1 and every >= 1"
            ),
        ));
    }
    if steps > REPLICATOR_MAX_STEPS {
        return Err(parameter(
            "steps",
            format!(
                "{steps}; the limit is {REPLICATOR_MAX_STEPS} (fewer steps over the same time are coarser but still fourth-order accurate)"
            ),
        ));
    }
    let h = time / steps as f64;
    let mut path = vec![(0, initial.to_vec())];
    let mut x = initial.to_vec();
    let shift =
        |x: &[f64], k: &[f64], c: f64| -> Vec<f64> { x.iter().zip(k).map(|(s, d)| s + c * d).collect() };
    for step in 1..=steps {
        let k1 = replicator_field(a, &x);
        let k2 = replicator_field(a, &shift(&x, &k1, h / 2.0));
        let k3 = replicator_field(a, &shift(&x, &k2, h / 2.0));
        let k4 = replicator_field(a, &shift(&x, &k3, h));
        for i in 0..n {
            x[i] = (x[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])).max(0.0);
        }
        let total: f64 = x.iter().sum();
        x.iter_mut().for_each(|s| *s /= total);
        if step % every == 0 || step == steps {
            path.push((step, x.clone()));
        }
        if let Some(report) = progress.filter(|_| step % 4096 == 0 || step == steps) {
            report(step);
        }
    }
    Ok(path)
}

/// Fitnesses `(f_A(i), f_B(i))` with `i` mutants; `a = [[a_AA, a_AB], [a_BA, a_BB]]`.
fn moran_fitness(a: &[[f64; 2]; 2], population: usize, w: f64, i: usize) -> (f64, f64) {
    let (n, i) = (population as f64, i as f64);
    let fa = 1.0 - w + w * (a[0][0] * (i - 1.0) + a[0][1] * (n - i)) / (n - 1.0);
    let fb = 1.0 - w + w * (a[1][0] * i + a[1][1] * (n - i - 1.0)) / (n - 1.0);
    (fa, fb)
}

fn check_moran(a: &[[f64; 2]; 2], population: usize, w: f64) -> Result<(), RepeatedError> {
    probability("intensity of selection w", w)?;
    if !(2..=MORAN_MAX_POPULATION).contains(&population) {
        return Err(parameter(
            "population",
            format!("{population}; expected at least 2 and at most {MORAN_MAX_POPULATION}"),
        ));
    }
    for i in 1..population {
        let (fa, fb) = moran_fitness(a, population, w, i);
        if !(fa > 0.0 && fb > 0.0) {
            return Err(parameter(
                "intensity of selection w",
                format!("{w} gives fitness {fa} or {fb} <= 0 with {i} mutants; lower w or shift the payoffs"),
            ));
        }
    }
    Ok(())
}

/// The exact probability that a single mutant `A` takes over a population of `population`
/// residents `B` under the Moran process; `a = [[a_AA, a_AB], [a_BA, a_BB]]`.
///
/// ```
/// use comity::repeated::moran_fixation;
/// // One cooperator among two defectors' worth of population (N = 2), w = 1/2. By hand:
/// // f_A(1) = 1/2 + 0 = 1/2, f_B(1) = 1/2 + 5/2 = 3, rho = 1 / (1 + 3 / (1/2)) = 1/7.
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// assert!((moran_fixation(&a, 2, 0.5)? - 1.0 / 7.0).abs() < 1e-15);
/// // Any fitness <= 0 is refused: at w = 1 the lone cooperator's fitness is 0.
/// assert!(moran_fixation(&a, 2, 1.0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn moran_fixation(a: &[[f64; 2]; 2], population: usize, w: f64) -> Result<f64, RepeatedError> {
    check_moran(a, population, w)?;
    // Sum of products in logarithms, so that strong selection in large populations neither
    // overflows nor underflows.
    let mut log_product = 0.0;
    let mut logs = Vec::with_capacity(population - 1);
    for i in 1..population {
        let (fa, fb) = moran_fitness(a, population, w, i);
        log_product += (fb / fa).ln();
        logs.push(log_product);
    }
    let top = logs.iter().copied().fold(0.0, f64::max);
    let sum = (-top).exp() + logs.iter().map(|l| (l - top).exp()).sum::<f64>();
    Ok((-top).exp() / sum)
}

/// The fixation probability estimated from `runs` simulated Moran processes, each from
/// stream `run` of `seed`, with a 95% interval.
///
/// ```
/// use comity::repeated::moran_simulated;
/// // The case of `moran_fixation`: N = 2, w = 1/2, exact fixation probability 1/7.
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// let est = moran_simulated(&a, 2, 0.5, 500, 42)?;
/// assert_eq!(est.replications, 500);
/// assert!((est.mean - 1.0 / 7.0).abs() < 3.0 * est.half_width);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn moran_simulated(
    a: &[[f64; 2]; 2],
    population: usize,
    w: f64,
    runs: usize,
    seed: u64,
) -> Result<Estimate, RepeatedError> {
    moran_simulated_with_progress(a, population, w, runs, seed, None)
}

/// [`moran_simulated`], calling `progress` (if given, from any thread) with the runs finished
/// so far. Memory does not grow with `runs` (at most [`MORAN_MAX_RUNS`]): only the number of
/// fixations is kept.
///
/// ```
/// use comity::repeated::{moran_simulated, moran_simulated_with_progress};
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// let calls = AtomicUsize::new(0);
/// let count = |_done: usize| {
///     calls.fetch_add(1, Ordering::Relaxed);
/// };
/// let est = moran_simulated_with_progress(&a, 2, 0.5, 200, 7, Some(&count))?;
/// assert_eq!(calls.load(Ordering::Relaxed), 200); // once per run
/// assert_eq!(est, moran_simulated(&a, 2, 0.5, 200, 7)?); // same streams, same estimate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn moran_simulated_with_progress(
    a: &[[f64; 2]; 2],
    population: usize,
    w: f64,
    runs: usize,
    seed: u64,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<Estimate, RepeatedError> {
    moran_simulated_cancellable(a, population, w, runs, seed, progress, &CancelToken::new())
}

/// Birth-death steps of one simulated run between two checks of the cancellation token.
const MORAN_CHECK_EVERY: u64 = 1 << 12;

/// [`moran_simulated_with_progress`], stopping with [`RepeatedError::Interrupted`] once
/// `cancel` is cancelled: the token is checked at the start of each run and every 4,096
/// birth-death steps within one (a few tens of microseconds of work), which costs nothing
/// measurable.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::{RepeatedError, moran_simulated, moran_simulated_cancellable};
/// let a = [[3.0, 0.0], [5.0, 1.0]];
/// let token = CancelToken::new();
/// let est = moran_simulated_cancellable(&a, 2, 0.5, 200, 7, None, &token)?;
/// assert_eq!(est, moran_simulated(&a, 2, 0.5, 200, 7)?); // the same streams, the same estimate
/// token.cancel();
/// let err = moran_simulated_cancellable(&a, 2, 0.5, 200, 7, None, &token).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn moran_simulated_cancellable(
    a: &[[f64; 2]; 2],
    population: usize,
    w: f64,
    runs: usize,
    seed: u64,
    progress: Option<&(dyn Fn(usize) + Sync)>,
    cancel: &CancelToken,
) -> Result<Estimate, RepeatedError> {
    check_moran(a, population, w)?;
    if !(1..=MORAN_MAX_RUNS).contains(&runs) {
        return Err(parameter("runs", format!("{runs}; expected at least 1 and at most {MORAN_MAX_RUNS}")));
    }
    if population > MORAN_MAX_SIMULATED_POPULATION {
        return Err(parameter(
            "population",
            format!(
                "{population} to simulate; the limit is {MORAN_MAX_SIMULATED_POPULATION} (the exact fixation probability takes up to {MORAN_MAX_POPULATION})"
            ),
        ));
    }
    let done = AtomicUsize::new(0);
    let fixed: usize = (0..runs)
        .into_par_iter()
        .map(|run| {
            cancel.check()?;
            let mut rng = stream(seed, run as u64);
            let mut mutants = 1;
            let mut steps = 0u64;
            while mutants > 0 && mutants < population {
                steps += 1;
                if steps % MORAN_CHECK_EVERY == 0 {
                    cancel.check()?;
                }
                let (fa, fb) = moran_fitness(a, population, w, mutants);
                let total = fa * mutants as f64 + fb * (population - mutants) as f64;
                let parent_is_mutant = rng.random::<f64>() * total < fa * mutants as f64;
                let dead_is_mutant = rng.random_range(0..population) < mutants;
                match (parent_is_mutant, dead_is_mutant) {
                    (true, false) => mutants += 1,
                    (false, true) => mutants -= 1,
                    _ => {}
                }
            }
            if let Some(report) = progress {
                report(done.fetch_add(1, Ordering::Relaxed) + 1);
            }
            Ok::<_, RepeatedError>(usize::from(mutants == population))
        })
        .try_reduce(|| 0, |x, y| Ok(x + y))?;
    Ok(proportion(fixed, runs, 0.95))
}

/// The Student-t estimate of a proportion from its count, equal to
/// [`Estimate::from_samples`] over `runs` zeros and ones without storing them.
fn proportion(successes: usize, runs: usize, confidence: f64) -> Estimate {
    let (k, n) = (successes as f64, runs as f64);
    let mean = k / n;
    let half_width = if runs == 1 {
        f64::NAN
    } else {
        // Sum of squared deviations of k ones and n - k zeros: k (1 - mean)^2 + (n - k) mean^2.
        let var = (k * (1.0 - mean).powi(2) + (n - k) * mean * mean) / (n - 1.0);
        let t = StudentsT::new(0.0, 1.0, n - 1.0)
            .expect("at least one degree of freedom")
            .inverse_cdf((1.0 + confidence) / 2.0);
        t * (var / n).sqrt()
    };
    Estimate { mean, half_width, confidence, replications: runs }
}

/// How a match between two strategies is scored for evolution: the long-run average payoff
/// (comity's default) or the expected mean payoff per turn of a match of `turns` turns (the
/// Axelrod library's convention, 200 turns by default).
///
/// The Axelrod library's `MoranProcess` takes as fitness the total score of the matches
/// against every other individual, with no baseline: that is [`moran_fixation`] with
/// intensity of selection `w = 1` and `Scoring::Match` payoffs (the fixation probability
/// depends only on ratios of fitnesses, so totals and per-turn means give the same).
///
/// ```
/// use comity::repeated::Scoring;
/// assert_eq!(Scoring::parse("match", 200)?, Scoring::Match { turns: 200 });
/// assert_eq!(Scoring::parse("long-run", 200)?, Scoring::LongRun);
/// assert!(Scoring::parse("matches", 200).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoring {
    /// Long-run average payoffs.
    LongRun,
    /// Expected mean payoff per turn of a match of this many turns.
    Match {
        /// Turns per match (at least 1).
        turns: usize,
    },
}

impl Scoring {
    /// `long-run` or `match` (with `turns` turns per match).
    ///
    /// ```
    /// use comity::repeated::Scoring;
    /// assert_eq!(Scoring::parse("LONG-RUN", 10)?, Scoring::LongRun);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, turns: usize) -> Result<Self, RepeatedError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "long-run" | "long_run" => Ok(Scoring::LongRun),
            "match" => Ok(Scoring::Match { turns }),
            other => Err(parameter("scoring", format!("'{other}'; expected long-run or match"))),
        }
    }
}

/// `A[i][j]`: the payoff of automaton `strategies[i]` against `strategies[j]` with noise `e`,
/// scored as `scoring` says: the automaton counterpart of [`payoff_matrix`].
///
/// ```
/// use comity::repeated::{Scoring, StagePayoffs, automaton_payoff_matrix, classic_strategy, moran_fixation};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let pair = [classic_strategy("tit-for-tat", &pd)?, classic_strategy("defector", &pd)?];
/// let a = automaton_payoff_matrix(&pair, &pd, 0.0, Scoring::Match { turns: 200 })?;
/// assert_eq!(a, [[3.0, 199.0 / 200.0], [204.0 / 200.0, 1.0]]);
/// // The Axelrod library's Moran process (w = 1) with N = 2, by hand:
/// // rho = a_AB / (a_AB + a_BA) = 199 / (199 + 204).
/// let rho = moran_fixation(&[[a[0][0], a[0][1]], [a[1][0], a[1][1]]], 2, 1.0)?;
/// assert!((rho - 199.0 / 403.0).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn automaton_payoff_matrix(
    strategies: &[super::Automaton],
    pd: &StagePayoffs,
    e: f64,
    scoring: Scoring,
) -> Result<Vec<Vec<f64>>, RepeatedError> {
    let n = strategies.len();
    let mut a = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i..n {
            let (x, y) = match scoring {
                Scoring::LongRun => super::automaton_long_run_payoffs(&strategies[i], &strategies[j], pd, e)?,
                Scoring::Match { turns } => {
                    super::match_payoffs(&strategies[i], &strategies[j], pd, e, turns)?
                }
            };
            if i == j {
                a[i][i] = (x + y) / 2.0;
            } else {
                a[i][j] = x;
                a[j][i] = y;
            }
        }
    }
    Ok(a)
}
