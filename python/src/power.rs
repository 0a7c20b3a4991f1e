//! Power indices and the structure of a simple game, for `comity.power_indices` and
//! `comity.structure`.
//!
//! The indices are written into the caller's frame ([`crate::fill`]); the floats are the
//! library's own conversions of its exact fractions. The structure's exact values cross as
//! fraction strings (`"421/2145"`), which Python reads with `fractions.Fraction`.

use crate::errors::{Failure, Kind, failure, input};
use crate::{Game, fill, interrupt, ratio};
use comity::power::{
    Backend, MonteCarloOptions, PowerError, PowerOptions, Structure, monte_carlo_cancellable,
    power_indices_using_cancellable, to_f64, weighted_representation_cancellable,
};
use num_rational::BigRational;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict};
use serde_json::{Value, json};

/// A power error as the exception it is: too large for a method, or bad Monte Carlo parameters.
pub fn power_failure(err: PowerError) -> Failure {
    let kind = match err {
        PowerError::TooLargeForBruteForce { .. } | PowerError::NoExactBackend { .. } => Kind::Limit,
        PowerError::MonteCarlo { .. } | PowerError::Unions { .. } => Kind::Input,
        // Only an interrupted call is cancelled, and its caller has raised KeyboardInterrupt.
        PowerError::Interrupted(_) => Kind::Solver,
        _ => Kind::Solver,
    };
    (kind, err.to_string())
}

fn power_error(err: PowerError) -> PyErr {
    failure(power_failure(err))
}

fn fractions(values: &[BigRational]) -> Value {
    json!(values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
}

fn floats(values: &[BigRational]) -> Value {
    json!(values.iter().map(to_f64).collect::<Vec<_>>())
}

/// The power indices a frame can hold, by column name, in the order of `comity.INDICES`.
const INDEX_NAMES: [&str; 5] =
    ["shapley_shubik", "banzhaf", "banzhaf_absolute", "coleman_prevent", "coleman_initiate"];

/// The exact power indices of `game` for `columns` (names among [`INDEX_NAMES`]), written into
/// the caller's frame ([`crate::fill`]). `prepare()` makes the frame, while the computation
/// runs ([`interrupt::run_known_meanwhile`]), and returns `(result, floats, attrs)`: the floats
/// are written into `floats` (a `bytearray`), column after column; the method's description
/// (`"method"`) and Coleman's power of the collectivity to act (a `Fraction`,
/// `"power_to_act"`) into `attrs` (a dict). Returns `(result, exact)`: `exact` is each column's
/// exact values as `Fraction`s with `exact`, else `None`. `method` is "auto",
/// "decision-diagram" or "brute-force".
#[pyfunction]
#[pyo3(signature = (game, columns, prepare, exact=false, method="auto"))]
#[allow(clippy::type_complexity)]
pub fn power_indices<'py>(
    py: Python<'py>,
    game: &Game,
    columns: Vec<String>,
    prepare: &Bound<'py, PyAny>,
    exact: bool,
    method: &str,
) -> PyResult<(Bound<'py, PyAny>, Option<Vec<Vec<Bound<'py, PyAny>>>>)> {
    let backend = match method {
        "auto" => Backend::Auto,
        "decision-diagram" => Backend::DecisionDiagram,
        "brute-force" => Backend::BruteForce,
        other => {
            return Err(input(format!(
                "method: \"{other}\"; expected \"auto\", \"decision-diagram\" or \"brute-force\" (\"monte-carlo\" has its own call)"
            )));
        }
    };
    if let Some(unknown) = columns.iter().find(|c| !INDEX_NAMES.contains(&c.as_str())) {
        return Err(input(format!("indices: {unknown:?}; expected some of {}", INDEX_NAMES.join(", "))));
    }
    let n = game.ids.len();
    let expected = columns.len().saturating_mul(n).saturating_mul(8);
    // The frame, checked before the computation is waited for: a wrong buffer cancels it.
    let made = || -> PyResult<_> {
        let (result, floats, attrs) =
            prepare.call0()?.extract::<(Bound<'py, PyAny>, Bound<'py, PyByteArray>, Bound<'py, PyDict>)>()?;
        if floats.len() != expected {
            return Err(input(format!(
                "floats: a buffer of {} bytes; expected {expected} ({} columns of {n} floats)",
                floats.len(),
                columns.len()
            )));
        }
        Ok((result, floats, attrs))
    };
    let shapley_shubik = columns.iter().any(|c| c == "shapley_shubik");
    let options = PowerOptions::new().with_shapley_shubik(shapley_shubik).with_exact(exact);
    let lib_game = game.game.clone();
    let key = interrupt::memo_key(("power_indices", shapley_shubik, exact, method));
    let (power, (result, floats, attrs)) = interrupt::run_known_meanwhile(
        py,
        &game.costs,
        key,
        move |cancel| power_indices_using_cancellable(&*lib_game, &options, backend, cancel),
        made,
    )?;
    let power = power.map_err(power_error)?;
    let tally = power.tally();
    let mut values = Vec::with_capacity(columns.len() * n);
    let mut exact_columns = Vec::new();
    for column in &columns {
        if column == "shapley_shubik" {
            let ss = power.shapley_shubik().ok_or_else(|| {
                failure((Kind::Solver, format!("shapley_shubik was not computed by {}", power.method())))
            })?;
            values.extend(ss);
            if exact {
                let ss = power.shapley_shubik_exact().ok_or_else(|| {
                    input(format!("exact: shapley_shubik was not computed exactly by {}", power.method()))
                })?;
                exact_columns.push(ss.iter().map(|v| fill::fraction(py, v)).collect::<PyResult<Vec<_>>>()?);
            }
            continue;
        }
        let floats = ratio::index_floats(tally, column)
            .ok_or_else(|| failure((Kind::Solver, format!("internal error: no index {column:?}"))))?;
        values.extend(floats);
        if exact {
            let fractions = match column.as_str() {
                "banzhaf" => tally.banzhaf(),
                "banzhaf_absolute" => tally.banzhaf_absolute(),
                "coleman_prevent" => tally.coleman_prevent(),
                _ => tally.coleman_initiate(),
            };
            exact_columns
                .push(fractions.iter().map(|v| fill::fraction(py, v)).collect::<PyResult<Vec<_>>>()?);
        }
    }
    fill::write_f64(&floats, &values, "floats")?;
    attrs.set_item("method", power.method())?;
    attrs.set_item("power_to_act", fill::fraction(py, &tally.coleman_power_to_act())?)?;
    Ok((result, exact.then_some(exact_columns)))
}

/// Monte Carlo estimates of the Shapley-Shubik and absolute Banzhaf indices of `game` as JSON:
/// `samples` draws of each kind from `seed`, intervals at `confidence`, with a progress bar
/// and Ctrl-C. (A long call: its result crosses as text, which costs nothing beside it.)
#[pyfunction]
#[pyo3(signature = (game, samples=100_000, seed=0, confidence=0.95))]
pub fn power_indices_monte_carlo(
    py: Python<'_>,
    game: &Game,
    samples: u64,
    seed: u64,
    confidence: f64,
) -> PyResult<String> {
    let lib_game = game.game.clone();
    let options = MonteCarloOptions::new(samples, seed, confidence);
    let estimate = interrupt::run_with_progress(py, samples, "Monte Carlo samples", move |cancel, done| {
        let progress = |finished: u64| {
            done.fetch_max(finished, std::sync::atomic::Ordering::Relaxed);
        };
        monte_carlo_cancellable(&*lib_game, &options, Some(&progress), cancel)
    })?
    .map_err(power_error)?;
    let column = |v: &[comity::power::Interval]| {
        json!({
            "estimate": v.iter().map(|i| i.estimate).collect::<Vec<_>>(),
            "low": v.iter().map(|i| i.low).collect::<Vec<_>>(),
            "high": v.iter().map(|i| i.high).collect::<Vec<_>>(),
        })
    };
    let out = json!({
        "method": format!("Monte Carlo, {} samples of each kind, seed {seed}", estimate.samples),
        "confidence": estimate.confidence,
        "shapley_shubik": column(&estimate.shapley_shubik),
        "banzhaf_absolute": column(&estimate.banzhaf_absolute),
    });
    Ok(out.to_string())
}

/// The structure of `game` as a dict (the JSON object the library's values make,
/// [`crate::value`]): minimal winning and blocking coalitions (as positions),
/// veto and null players, desirability, a weighted representation when one exists, the
/// Deegan-Packel, Holler and Johnston indices (exact), and the Owen and Banzhaf-Owen values for
/// a priori `unions` (lists of positions partitioning the players) when given.
#[pyfunction]
#[pyo3(signature = (game, unions=None))]
pub fn structure<'py>(
    py: Python<'py>,
    game: &Game,
    unions: Option<Vec<Vec<usize>>>,
) -> PyResult<Bound<'py, PyAny>> {
    let n = game.ids.len();
    if let Some(unions) = &unions {
        comity::coop::check_partition(n, unions).map_err(|e| input(format!("unions: {e}")))?;
    }
    let lib_game = game.game.clone();
    let key = interrupt::memo_key(("structure", &unions));
    let out = interrupt::run_known(py, &game.costs, key, move |cancel| -> Result<Value, Failure> {
        let s = Structure::new_cancellable(&*lib_game, cancel).map_err(power_failure)?;
        let stopped = |e: comity::cancel::Interrupted| power_failure(e.into());
        let positions = |masks: Vec<u32>| -> Vec<Vec<usize>> {
            masks.iter().map(|m| (0..n).filter(|&i| m >> i & 1 == 1).collect()).collect()
        };
        let weighted = weighted_representation_cancellable(&s, cancel)
            .map_err(power_failure)?
            .map(|(weights, quota)| json!({"weights": weights, "quota": quota}));
        // On the structure's own table of coalitions (no 2^n table of floats), with checkpoints.
        let owen = match &unions {
            Some(unions) => Some(json!({
                "owen": s.owen_value_cancellable(unions, cancel).map_err(power_failure)?,
                "banzhaf_owen": s.banzhaf_owen_value_cancellable(unions, cancel).map_err(power_failure)?,
            })),
            None => None,
        };
        let dp = s.deegan_packel_cancellable(cancel).map_err(stopped)?;
        let holler = s.holler_cancellable(cancel).map_err(stopped)?;
        let johnston = s.johnston_cancellable(cancel).map_err(stopped)?;
        Ok(json!({
            "minimal_winning": positions(s.minimal_winning_cancellable(cancel).map_err(stopped)?),
            "minimal_blocking": positions(s.minimal_blocking_cancellable(cancel).map_err(stopped)?),
            "maximal_losing": positions(s.maximal_losing_cancellable(cancel).map_err(stopped)?),
            "veto_players": s.veto_players(),
            "null_players": s.null_players_cancellable(cancel).map_err(stopped)?,
            "desirability": s.desirability_cancellable(cancel).map_err(stopped)?,
            "weighted": weighted,
            "deegan_packel": floats(&dp), "deegan_packel_exact": fractions(&dp),
            "holler": floats(&holler), "holler_exact": fractions(&holler),
            "johnston": floats(&johnston), "johnston_exact": fractions(&johnston),
            "unions": unions,
            "owen": owen,
        }))
    })?
    .map_err(failure)?;
    crate::value::to_python(py, &out)
}
