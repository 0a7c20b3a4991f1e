//! Solutions of a TU game, for `comity.TuGame`.
//!
//! A TU game crosses as its characteristic function: `2^n` values indexed by coalition bitmask
//! (bit `i` set when player `i` is in), the empty coalition first.

use crate::errors::{Failure, Kind, failure, input};
use crate::interrupt;
use comity::coop::{
    CoopError, NucleolusKind, TuGame, banzhaf_value, core_is_empty, is_balanced, is_convex, is_superadditive,
    least_core, nucleolus, shapley_value,
};
use pyo3::prelude::*;
use serde_json::{Map, Value, json};

fn coop_failure(err: CoopError) -> Failure {
    let kind = match err {
        CoopError::TooManyPlayers { .. } => Kind::Limit,
        _ => Kind::Solver,
    };
    (kind, err.to_string())
}

/// The solutions named in `what` ("shapley", "banzhaf", "core", "least_core", "nucleolus",
/// "prenucleolus") of the game with characteristic function `values`, as one JSON object.
#[pyfunction]
pub fn tu_solve(py: Python<'_>, values: Vec<f64>, what: Vec<String>) -> PyResult<String> {
    let count = values.len();
    if !count.is_power_of_two() || count < 2 {
        return Err(input(format!(
            "values: {count} values; expected 2^n for n players (one per coalition, by bitmask, the empty coalition first)"
        )));
    }
    let n = count.trailing_zeros() as usize;
    let game = TuGame::from_values(n, values).map_err(|e| {
        let kind = match e {
            comity::coop::TuError::PlayerCount { .. } => Kind::Limit,
            _ => Kind::Input,
        };
        failure((kind, format!("values: {e}")))
    })?;
    const KNOWN: [&str; 6] = ["shapley", "banzhaf", "core", "least_core", "nucleolus", "prenucleolus"];
    if let Some(bad) = what.iter().find(|w| !KNOWN.contains(&w.as_str())) {
        return Err(input(format!("solution \"{bad}\"; expected one of {}", KNOWN.join(", "))));
    }
    let out = interrupt::run(py, move || -> Result<Value, Failure> {
        let mut out = Map::new();
        out.insert("n".into(), json!(n));
        for name in &what {
            let value = match name.as_str() {
                "shapley" => json!(shapley_value(&game)),
                "banzhaf" => json!(banzhaf_value(&game)),
                "core" => json!({
                    "empty": core_is_empty(&game).map_err(coop_failure)?,
                    "balanced": is_balanced(&game).map_err(coop_failure)?,
                    "convex": is_convex(&game),
                    "superadditive": is_superadditive(&game),
                }),
                "least_core" => {
                    let lc = least_core(&game).map_err(coop_failure)?;
                    // A one-player game has no proper coalition: epsilon is minus infinity,
                    // which JSON cannot hold; None stands for it.
                    let epsilon = lc.epsilon.is_finite().then_some(lc.epsilon);
                    json!({"epsilon": epsilon, "allocation": lc.allocation})
                }
                _ => {
                    let prefer = if name == "nucleolus" { NucleolusKind::Nucleolus } else { NucleolusKind::Prenucleolus };
                    let nu = nucleolus(&game, prefer).map_err(coop_failure)?;
                    json!({
                        "kind": match nu.kind { NucleolusKind::Nucleolus => "nucleolus", NucleolusKind::Prenucleolus => "prenucleolus" },
                        "exact": nu.exact_strings(),
                        "allocation": nu.allocation,
                        "stage_excesses": nu.stage_excesses,
                        "lps_solved": nu.lps_solved,
                    })
                }
            };
            out.insert(name.clone(), value);
        }
        Ok(Value::Object(out))
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}

/// The characteristic function of the bankruptcy game of `estate` and `claims`.
#[pyfunction]
pub fn tu_bankruptcy(estate: f64, claims: Vec<f64>) -> PyResult<Vec<f64>> {
    let game = TuGame::bankruptcy(estate, &claims)
        .map_err(|e| failure((Kind::Input, format!("bankruptcy: {e}"))))?;
    Ok(game.values().to_vec())
}
