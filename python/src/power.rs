//! Power indices and the structure of a simple game, for `comity.power_indices` and
//! `comity.structure`.
//!
//! Exact values cross as fraction strings (`"421/2145"`), which Python reads with
//! `fractions.Fraction`; floats beside them are the library's own conversions.

use crate::errors::{Failure, Kind, failure, input};
use crate::{Game, interrupt};
use comity::coop::{TuGame, banzhaf_owen_value, owen_value};
use comity::power::{
    Backend, MonteCarloOptions, PowerError, PowerOptions, Structure, monte_carlo_cancellable,
    power_indices_using, to_f64, weighted_representation,
};
use num_rational::BigRational;
use pyo3::prelude::*;
use serde_json::{Value, json};

/// A power error as the exception it is: too large for a method, or bad Monte Carlo parameters.
pub fn power_failure(err: PowerError) -> Failure {
    let kind = match err {
        PowerError::TooLargeForBruteForce { .. } | PowerError::NoExactBackend { .. } => Kind::Limit,
        PowerError::MonteCarlo { .. } => Kind::Input,
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

/// The power indices of `game` as JSON: per index the floats, and the exact fractions of the
/// exact methods. `method` is "auto", "decision-diagram", "brute-force" or "monte-carlo"
/// (`samples` draws of each kind from `seed`, intervals at `confidence`).
#[pyfunction]
#[pyo3(signature = (game, shapley_shubik=true, exact=false, method="auto", samples=100_000, seed=0, confidence=0.95))]
#[allow(clippy::too_many_arguments)]
pub fn power_indices(
    py: Python<'_>,
    game: &Game,
    shapley_shubik: bool,
    exact: bool,
    method: &str,
    samples: u64,
    seed: u64,
    confidence: f64,
) -> PyResult<String> {
    let backend = match method {
        "auto" => Backend::Auto,
        "decision-diagram" => Backend::DecisionDiagram,
        "brute-force" => Backend::BruteForce,
        "monte-carlo" => {
            let lib_game = game.game.clone();
            let options = MonteCarloOptions::new(samples, seed, confidence);
            let estimate =
                interrupt::run_with_progress(py, samples, "Monte Carlo samples", move |cancel, done| {
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
            return Ok(out.to_string());
        }
        other => {
            return Err(input(format!(
                "method: \"{other}\"; expected \"auto\", \"decision-diagram\", \"brute-force\" or \"monte-carlo\""
            )));
        }
    };
    let options = PowerOptions::new().with_shapley_shubik(shapley_shubik).with_exact(exact);
    let lib_game = game.game.clone();
    let key = interrupt::memo_key(("power_indices", shapley_shubik, exact, method));
    let power = interrupt::run_known(py, &game.costs, key, move |_| {
        power_indices_using(&*lib_game, &options, backend)
    })?
    .map_err(power_error)?;
    let tally = power.tally();
    let mut out = serde_json::Map::new();
    out.insert("method".into(), json!(power.method()));
    out.insert("shapley_shubik".into(), json!(power.shapley_shubik()));
    out.insert("shapley_shubik_exact".into(), json!(power.shapley_shubik_exact().map(fractions)));
    for (name, values) in [
        ("banzhaf", tally.banzhaf()),
        ("banzhaf_absolute", tally.banzhaf_absolute()),
        ("coleman_prevent", tally.coleman_prevent()),
        ("coleman_initiate", tally.coleman_initiate()),
    ] {
        out.insert(name.into(), floats(&values));
        // Writing big fractions as text is the costly part of the result; only when asked.
        out.insert(format!("{name}_exact"), if exact { fractions(&values) } else { Value::Null });
    }
    out.insert("swings".into(), json!(tally.swings().iter().map(|s| s.to_string()).collect::<Vec<_>>()));
    out.insert("winning".into(), json!(tally.winning().to_string()));
    out.insert("power_to_act".into(), json!(power.coleman_power_to_act()));
    out.insert("power_to_act_exact".into(), json!(tally.coleman_power_to_act().to_string()));
    Ok(Value::Object(out).to_string())
}

/// The structure of `game` as JSON: minimal winning and blocking coalitions (as positions),
/// veto and null players, desirability, a weighted representation when one exists, the
/// Deegan-Packel, Holler and Johnston indices (exact), and the Owen and Banzhaf-Owen values for
/// a priori `unions` (lists of positions partitioning the players) when given.
#[pyfunction]
#[pyo3(signature = (game, unions=None))]
pub fn structure(py: Python<'_>, game: &Game, unions: Option<Vec<Vec<usize>>>) -> PyResult<String> {
    let n = game.ids.len();
    if let Some(unions) = &unions {
        comity::coop::check_partition(n, unions).map_err(|e| input(format!("unions: {e}")))?;
    }
    let lib_game = game.game.clone();
    let key = interrupt::memo_key(("structure", &unions));
    let out = interrupt::run_known(py, &game.costs, key, move |_| -> Result<Value, Failure> {
        let s = Structure::new(&*lib_game).map_err(power_failure)?;
        let positions = |masks: Vec<u32>| -> Vec<Vec<usize>> {
            masks.iter().map(|m| (0..n).filter(|&i| m >> i & 1 == 1).collect()).collect()
        };
        let weighted = weighted_representation(&s)
            .map_err(power_failure)?
            .map(|(weights, quota)| json!({"weights": weights, "quota": quota}));
        let owen = match &unions {
            Some(unions) => {
                let tu = TuGame::from_simple_game(&*lib_game).map_err(|e| (Kind::Limit, e.to_string()))?;
                Some(
                    json!({"owen": owen_value(&tu, unions), "banzhaf_owen": banzhaf_owen_value(&tu, unions)}),
                )
            }
            None => None,
        };
        let (dp, holler, johnston) = (s.deegan_packel(), s.holler(), s.johnston());
        Ok(json!({
            "minimal_winning": positions(s.minimal_winning()),
            "minimal_blocking": positions(s.minimal_blocking()),
            "maximal_losing": positions(s.maximal_losing()),
            "veto_players": s.veto_players(),
            "null_players": s.null_players(),
            "desirability": s.desirability(),
            "weighted": weighted,
            "deegan_packel": floats(&dp), "deegan_packel_exact": fractions(&dp),
            "holler": floats(&holler), "holler_exact": fractions(&holler),
            "johnston": floats(&johnston), "johnston_exact": fractions(&johnston),
            "unions": unions,
            "owen": owen,
        }))
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}
