//! Bargaining, for `comity.baron_ferejohn` and `comity.nash_bargaining`.

use crate::errors::{Failure, Kind, failure};
use crate::{Game, interrupt};
use comity::bargaining::{BargainingError, FeasibleSet, Recognition, kalai_smorodinsky, nash_solution};
use pyo3::prelude::*;
use serde_json::json;

fn bargaining_failure(err: BargainingError) -> Failure {
    let kind = match err {
        BargainingError::TooManyClasses { .. } => Kind::Limit,
        BargainingError::NotConverged { .. } => Kind::Solver,
        _ => Kind::Input,
    };
    (kind, err.to_string())
}

/// The stationary equilibrium of Baron-Ferejohn bargaining under `game` with recognition
/// probabilities `recognition` (equal when `None`) and discount factor `discount`, as JSON.
#[pyfunction]
#[pyo3(signature = (game, discount, recognition=None))]
pub fn baron_ferejohn(
    py: Python<'_>,
    game: &Game,
    discount: f64,
    recognition: Option<Vec<f64>>,
) -> PyResult<String> {
    let n = game.ids.len();
    let recognition = match recognition {
        Some(p) => Recognition::Proportional(p),
        None => Recognition::Equal,
    };
    let lib_game = game.game.clone();
    let eq = interrupt::run(py, move || {
        let p = recognition.probabilities(n)?;
        comity::bargaining::baron_ferejohn(&lib_game, &p, discount)
    })?
    .map_err(|e| failure(bargaining_failure(e)))?;
    let classes: Vec<_> = eq
        .classes
        .iter()
        .map(|c| {
            json!({
                "members": c.members, "recognition": c.recognition, "value": c.value,
                "keeps": c.keeps, "offer": c.offer,
                "proposals": c.proposals.iter().map(|p| json!({"probability": p.probability, "partners": p.partners})).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({"discount": eq.discount, "values": eq.values, "class_of": eq.class_of, "classes": classes})
        .to_string())
}

/// The Nash bargaining solution (with bargaining weights) and the Kalai-Smorodinsky solution of
/// the two-player problem whose feasible set is the convex hull of `points` (free disposal) and
/// whose disagreement point is `disagreement`, as JSON.
#[pyfunction]
pub fn nash_bargaining(points: Vec<[f64; 2]>, disagreement: [f64; 2], weights: [f64; 2]) -> PyResult<String> {
    let fail = |e| failure(bargaining_failure(e));
    let set = FeasibleSet::new(points).map_err(fail)?;
    let nash = nash_solution(&set, disagreement, weights).map_err(fail)?;
    let ks = kalai_smorodinsky(&set, disagreement).map_err(fail)?;
    Ok(json!({"nash": nash, "kalai_smorodinsky": ks, "vertices": set.vertices()}).to_string())
}
