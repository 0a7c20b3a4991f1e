//! The library's own time for the calls of issue 19's overhead goal, measured inside the
//! extension, for `benches/peers/python_overhead.py`.
//!
//! The goal compares a Python call with the same call in Rust. Measured here, the Rust call runs
//! in the same process, from the same build and in the same minute as the Python calls it is
//! compared with, so the script can interleave the two round by round: on a machine shared with
//! other work the load drifts, and two measurements taken minutes apart (a criterion run, then
//! the script) differ by more than the 5% they are meant to resolve. Each function makes
//! exactly the library call of the matching criterion bench, `repetitions` times, with the GIL
//! released, and returns the seconds of the whole batch. (Private: `comity._comity` only.)

use crate::Game;
use crate::errors::{failure, input};
use comity::bargaining::Recognition;
use comity::power::{PowerOptions, power_indices};
use pyo3::prelude::*;
use std::hint::black_box;
use std::time::Instant;

/// Most repetitions of one batch: a bound on how long a mistaken argument holds the caller.
const MAX_REPETITIONS: u32 = 100_000;

fn check(repetitions: u32) -> PyResult<()> {
    if repetitions == 0 || repetitions > MAX_REPETITIONS {
        return Err(input(format!("repetitions: {repetitions}; expected 1 to {MAX_REPETITIONS}")));
    }
    Ok(())
}

/// Seconds taken by `repetitions` calls of `comity::power::power_indices(game, all indices,
/// floats)`: the bench `eu_council/all_indices`.
#[pyfunction]
pub fn library_seconds_power_indices(py: Python<'_>, game: &Game, repetitions: u32) -> PyResult<f64> {
    check(repetitions)?;
    let options = PowerOptions::new().with_exact(false);
    let game = &*game.game;
    py.allow_threads(|| {
        let start = Instant::now();
        for _ in 0..repetitions {
            power_indices(black_box(game), &options).map_err(|e| e.to_string())?;
        }
        Ok(start.elapsed().as_secs_f64())
    })
    .map_err(|e: String| failure((crate::errors::Kind::Solver, e)))
}

/// Seconds taken by `repetitions` calls of `comity::bargaining::baron_ferejohn(game,
/// recognition, discount)` with the member at `chair` recognised with probability
/// `chair_probability` and the others equally: the bench `baron_ferejohn/unsc/substantive`.
#[pyfunction]
pub fn library_seconds_baron_ferejohn(
    py: Python<'_>,
    game: &Game,
    discount: f64,
    chair: usize,
    chair_probability: f64,
    repetitions: u32,
) -> PyResult<f64> {
    check(repetitions)?;
    let p = Recognition::Chair { chair, probability: chair_probability }
        .probabilities(game.ids.len())
        .map_err(input)?;
    let game = &*game.game;
    py.allow_threads(|| {
        let start = Instant::now();
        for _ in 0..repetitions {
            comity::bargaining::baron_ferejohn(black_box(game), &p, discount).map_err(|e| e.to_string())?;
        }
        Ok(start.elapsed().as_secs_f64())
    })
    .map_err(|e: String| failure((crate::errors::Kind::Solver, e)))
}
