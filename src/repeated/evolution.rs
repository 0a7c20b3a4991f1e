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

use super::{long_run_payoffs, probability, MemoryOne, RepeatedError, StagePayoffs};
use crate::estimate::Estimate;
use crate::rng::stream;
use rand::Rng;
use rayon::prelude::*;

fn parameter(what: &'static str, message: String) -> RepeatedError {
    RepeatedError::Parameter { what, message }
}

/// `A[i][j]`: the exact long-run payoff of `strategies[i]` against `strategies[j]` with noise
/// `e`.
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
pub fn replicator(
    a: &[Vec<f64>],
    initial: &[f64],
    time: f64,
    steps: usize,
) -> Result<Vec<Vec<f64>>, RepeatedError> {
    let n = check_square(a)?;
    let sum: f64 = initial.iter().sum();
    if initial.len() != n || initial.iter().any(|&s| s.is_nan() || s < 0.0) || (sum - 1.0).abs() > 1e-9 {
        return Err(parameter(
            "initial",
            format!("{initial:?}; expected {n} non-negative shares summing to 1"),
        ));
    }
    if !(time > 0.0 && time.is_finite()) || steps == 0 {
        return Err(parameter(
            "time",
            format!("time {time}, {steps} steps; expected time > 0 and steps >= 1"),
        ));
    }
    let h = time / steps as f64;
    let mut path = vec![initial.to_vec()];
    let mut x = initial.to_vec();
    let shift =
        |x: &[f64], k: &[f64], c: f64| -> Vec<f64> { x.iter().zip(k).map(|(s, d)| s + c * d).collect() };
    for _ in 0..steps {
        let k1 = replicator_field(a, &x);
        let k2 = replicator_field(a, &shift(&x, &k1, h / 2.0));
        let k3 = replicator_field(a, &shift(&x, &k2, h / 2.0));
        let k4 = replicator_field(a, &shift(&x, &k3, h));
        for i in 0..n {
            x[i] = (x[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])).max(0.0);
        }
        let total: f64 = x.iter().sum();
        x.iter_mut().for_each(|s| *s /= total);
        path.push(x.clone());
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
    if population < 2 {
        return Err(parameter("population", format!("{population}; expected at least 2")));
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
pub fn moran_simulated(
    a: &[[f64; 2]; 2],
    population: usize,
    w: f64,
    runs: usize,
    seed: u64,
) -> Result<Estimate, RepeatedError> {
    check_moran(a, population, w)?;
    let outcomes: Vec<f64> = (0..runs)
        .into_par_iter()
        .map(|run| {
            let mut rng = stream(seed, run as u64);
            let mut mutants = 1;
            while mutants > 0 && mutants < population {
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
            if mutants == population {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    Estimate::from_samples(&outcomes, 0.95)
        .ok_or_else(|| parameter("runs", "expected at least one run".into()))
}
