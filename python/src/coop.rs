//! Solutions of a TU game, for `comity.TuGame`.
//!
//! A TU game crosses as its characteristic function: `2^n` values indexed by coalition bitmask
//! (bit `i` set when player `i` is in), the empty coalition first.

use crate::errors::{Failure, Kind, failure, input};
use crate::interrupt;
use comity::coop::{
    CoopError, MAX_LP_PLAYERS, NucleolusKind, TuGame, banzhaf_value, is_convex_cancellable,
    is_superadditive_cancellable, least_core_cancellable, nucleolus_cancellable, shapley_value,
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
/// "prenucleolus") of the game with characteristic function `values`, as one dict (the JSON
/// object the library's values make, [`crate::value`]).
#[pyfunction]
pub fn tu_solve(py: Python<'_>, values: Vec<f64>, what: Vec<String>) -> PyResult<Bound<'_, PyAny>> {
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
    // The core's properties check superadditivity over all 3^n pairs of disjoint coalitions
    // (hours at 25 players), so they keep the command line's limit; the least core alone says
    // whether the core is empty, to every size of game.
    if n > MAX_LP_PLAYERS && what.iter().any(|w| w == "core") {
        return Err(failure((
            Kind::Limit,
            format!(
                "players: {n}; the core's properties check all 3^{n} pairs of disjoint coalitions, and the limit is {MAX_LP_PLAYERS} players; expected at most {MAX_LP_PLAYERS}, or least_core() (to {} players), whose epsilon is positive exactly when the core is empty",
                TuGame::MAX_PLAYERS
            ),
        )));
    }
    let out = interrupt::run_cancellable(py, move |cancel| -> Result<Value, Failure> {
        let mut out = Map::new();
        out.insert("n".into(), json!(n));
        for name in &what {
            // Between solutions too: several asked for at once stop after the current one.
            cancel.check().map_err(|e| coop_failure(e.into()))?;
            let value = match name.as_str() {
                "shapley" => json!(shapley_value(&game)),
                "banzhaf" => json!(banzhaf_value(&game)),
                "core" => {
                    // One least core answers both: balanced exactly when the core is non-empty
                    // (Bondareva-Shapley), as `is_balanced` computes it.
                    let empty = least_core_cancellable(&game, cancel).map_err(coop_failure)?.core_is_empty(&game);
                    json!({
                        "empty": empty,
                        "balanced": !empty,
                        "convex": is_convex_cancellable(&game, cancel).map_err(coop_failure)?,
                        "superadditive": is_superadditive_cancellable(&game, cancel).map_err(coop_failure)?,
                    })
                }
                "least_core" => {
                    let lc = least_core_cancellable(&game, cancel).map_err(coop_failure)?;
                    // A one-player game has no proper coalition: epsilon is minus infinity,
                    // which JSON cannot hold; None stands for it.
                    let epsilon = lc.epsilon.is_finite().then_some(lc.epsilon);
                    // Why microlp solved the LP instead of the dedicated simplex; None (fast path) else.
                    json!({"epsilon": epsilon, "allocation": lc.allocation, "fallback": lc.fallback})
                }
                _ => {
                    let prefer = if name == "nucleolus" { NucleolusKind::Nucleolus } else { NucleolusKind::Prenucleolus };
                    let nu = nucleolus_cancellable(&game, prefer, cancel).map_err(coop_failure)?;
                    json!({
                        "kind": match nu.kind { NucleolusKind::Nucleolus => "nucleolus", NucleolusKind::Prenucleolus => "prenucleolus" },
                        "exact": nu.exact_strings(),
                        "allocation": nu.allocation,
                        "stage_excesses": nu.stage_excesses,
                        "lps_solved": nu.lps_solved,
                        "fallback": nu.fallback,
                    })
                }
            };
            out.insert(name.clone(), value);
        }
        Ok(Value::Object(out))
    })?
    .map_err(failure)?;
    crate::value::to_python(py, &out)
}

/// The characteristic function of the bankruptcy game of `estate` and `claims`.
#[pyfunction]
pub fn tu_bankruptcy(estate: f64, claims: Vec<f64>) -> PyResult<Vec<f64>> {
    let game = TuGame::bankruptcy(estate, &claims)
        .map_err(|e| failure((Kind::Input, format!("bankruptcy: {e}"))))?;
    Ok(game.values().to_vec())
}

fn cost_failure(err: comity::coop::CostAllocationError) -> Failure {
    use comity::coop::CostAllocationError;
    let kind = match &err {
        CostAllocationError::Game(comity::coop::TuError::PlayerCount { .. }) => Kind::Limit,
        CostAllocationError::Coop(_) => Kind::Solver,
        _ => Kind::Input,
    };
    (kind, err.to_string())
}

/// Shares of a common cost by capacity to pay: proportional to `capacity`, clamped to `floor`
/// and to `ceiling` (`ldc_ceiling` for the members flagged in `ldc`), summing to 1.
#[pyfunction]
pub fn capacity_scale(
    capacity: Vec<f64>,
    ldc: Vec<bool>,
    floor: f64,
    ceiling: f64,
    ldc_ceiling: f64,
) -> PyResult<Vec<f64>> {
    use comity::coop::ScaleLimits;
    let limits = ScaleLimits::new(floor, ceiling, ldc_ceiling).map_err(|e| failure(cost_failure(e)))?;
    comity::coop::capacity_scale(&capacity, &ldc, &limits).map_err(|e| failure(cost_failure(e)))
}

/// Each member's share of the cost game with coalition costs `values` (by bitmask, the empty
/// coalition first), by `method`: "shapley" or "nucleolus" (of the savings game).
#[pyfunction]
pub fn cost_shares(py: Python<'_>, values: Vec<f64>, method: String) -> PyResult<Vec<f64>> {
    let count = values.len();
    if !count.is_power_of_two() || count < 2 {
        return Err(input(format!(
            "costs: {count} values; expected 2^n for n members (one per coalition, by bitmask, the empty coalition first)"
        )));
    }
    if method != "shapley" && method != "nucleolus" {
        return Err(input(format!("method: \"{method}\"; expected \"shapley\" or \"nucleolus\"")));
    }
    let n = count.trailing_zeros() as usize;
    let game = TuGame::from_values(n, values).map_err(|e| {
        let kind =
            if matches!(e, comity::coop::TuError::PlayerCount { .. }) { Kind::Limit } else { Kind::Input };
        failure((kind, format!("costs: {e}")))
    })?;
    interrupt::run_cancellable(py, move |cancel| {
        if method == "shapley" {
            Ok(comity::coop::shapley_cost_shares(&game))
        } else {
            comity::coop::nucleolus_cost_shares_cancellable(&game, cancel).map_err(cost_failure)
        }
    })?
    .map_err(failure)
}

/// The airport game's coalition costs (by bitmask): each coalition pays for the runway its most
/// demanding member needs (Littlechild & Owen 1973).
#[pyfunction]
pub fn airport_costs(costs: Vec<f64>) -> PyResult<Vec<f64>> {
    TuGame::airport(&costs).map(|g| g.values().to_vec()).map_err(|e| {
        let kind =
            if matches!(e, comity::coop::TuError::PlayerCount { .. }) { Kind::Limit } else { Kind::Input };
        failure((kind, format!("costs: {e}")))
    })
}
