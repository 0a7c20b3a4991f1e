//! Blocs by choice, for `comity.pooling`, `comity.pooling_region`, `comity.stable_structures`,
//! `comity.stable_structures_by_types`, `comity.enlargement` and `comity.membership_growth`.
//!
//! Each takes a compiled [`Game`] (a body deciding by one weighted threshold, which the Python
//! half picks from an institution's rule) and members by position, and returns the library's
//! own result serialised as JSON; the Python half names members by id and builds the frames.
//! Every computation runs off the GIL and raises `KeyboardInterrupt` on Ctrl-C ([`interrupt`]):
//! the long ones (stable structures, by partitions or by types, the pooling region, membership
//! growth) through the library's `*_cancellable` variants, so that an interrupted one stops at
//! its next checkpoint; the others (one bloc's pooling, one structure's stability, an
//! enlargement's two sets of power indices) have no loop to check in: Ctrl-C raises
//! `KeyboardInterrupt` at once and they finish in the background with their result dropped.

use crate::errors::{Failure, Kind, failure};
use crate::{Game, interrupt};
use comity::caucus::{
    CaucusError, GrowthModel, InterchangeableBody, StabilityModel, membership_growth_cancellable,
    new_members_paradox, paradox_between, pooling, pooling_region_cancellable,
    stable_structures_by_types_cancellable, stable_structures_cancellable, structure_stability, weighted_top,
};
use comity::game::WeightedGame;
use pyo3::prelude::*;
use serde::Serialize;

/// A bloc question's error as the exception it is: sizes beyond a limit, a failed power
/// computation, or bad input.
fn caucus_failure(err: CaucusError) -> Failure {
    let kind = match err {
        CaucusError::TableTooLarge { .. }
        | CaucusError::TooManyCandidates { .. }
        | CaucusError::TooManyMembers { .. }
        | CaucusError::TooManyDeviations { .. } => Kind::Limit,
        CaucusError::PowerFailed { .. } => Kind::Solver,
        // Only an interrupted call is cancelled, and its caller has raised KeyboardInterrupt.
        CaucusError::Interrupted(_) => Kind::Solver,
        _ => Kind::Input,
    };
    (kind, err.to_string())
}

/// The game's top rule as one weighted threshold, or the refusal naming the game.
fn top(game: &Game) -> PyResult<WeightedGame> {
    weighted_top(&game.game).ok_or_else(|| {
        failure((
            Kind::Input,
            format!(
                "{}: not one weighted threshold (a count or a weighted vote); pooling and stability need one (vetoes, double majorities and blocs are not)",
                game.label
            ),
        ))
    })
}

fn to_json(value: &impl Serialize) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| (Kind::Solver, format!("internal error: {e}")))
}

/// The stability model named `name`.
fn model(name: &str) -> PyResult<StabilityModel> {
    match name {
        "gamma" => Ok(StabilityModel::Gamma),
        "delta" => Ok(StabilityModel::Delta),
        "exclusive_membership" => Ok(StabilityModel::ExclusiveMembership),
        other => Err(failure((
            Kind::Input,
            format!(
                "model: \"{other}\" is not a stability model; expected gamma, delta or exclusive_membership"
            ),
        ))),
    }
}

/// Each bloc member's power alone, through the bloc (compound game, the bloc deciding by
/// `internal_quota` of its members) and as an a priori union, with who gains, as JSON
/// (`comity::caucus::Pooling`).
#[pyfunction]
pub fn blocs_pooling(
    py: Python<'_>,
    game: &Game,
    bloc: Vec<usize>,
    internal_quota: usize,
) -> PyResult<String> {
    let top = top(game)?;
    interrupt::run(py, move || -> Result<String, Failure> {
        let r = pooling(&top, &bloc, internal_quota).map_err(caucus_failure)?;
        let (compound_ss, compound_bz) = r.compound_gains();
        let (owen, banzhaf_owen) = r.union_gains();
        to_json(&serde_json::json!({"pooling": r, "gains": {
            "compound_shapley_shubik": compound_ss, "compound_banzhaf": compound_bz,
            "owen": owen, "banzhaf_owen": banzhaf_owen}}))
    })?
    .map_err(failure)
}

/// Over blocs of the first 2, 3, ... `candidates` and every internal quota, who gains, as JSON
/// (`comity::caucus::PoolingRegion`).
#[pyfunction]
pub fn blocs_pooling_region(py: Python<'_>, game: &Game, candidates: Vec<usize>) -> PyResult<String> {
    let top = top(game)?;
    interrupt::run_cancellable(py, move |cancel| {
        to_json(&pooling_region_cancellable(&top, &candidates, cancel).map_err(caucus_failure)?)
    })?
    .map_err(failure)
}

/// The stable partitions of at most 10 `candidates` into blocs under `model`, as JSON
/// (`comity::caucus::StableStructures`).
#[pyfunction]
pub fn blocs_stable(py: Python<'_>, game: &Game, candidates: Vec<usize>, model: &str) -> PyResult<String> {
    let top = top(game)?;
    let model = self::model(model)?;
    interrupt::run_cancellable(py, move |cancel| {
        to_json(&stable_structures_cancellable(&top, &candidates, model, cancel).map_err(caucus_failure)?)
    })?
    .map_err(failure)
}

/// Stability by bloc sizes among interchangeable `candidates`: every structure with at most
/// `max_blocs` blocs, or the one structure `structure` (bloc sizes), as JSON: the body
/// (members, quota, candidates), structures and deviations examined, and the structures shown.
#[pyfunction]
#[pyo3(signature = (game, candidates, model, max_blocs=None, structure=None))]
pub fn blocs_stable_by_types(
    py: Python<'_>,
    game: &Game,
    candidates: Vec<usize>,
    model: &str,
    max_blocs: Option<usize>,
    structure: Option<Vec<usize>>,
) -> PyResult<String> {
    let top = top(game)?;
    let model = self::model(model)?;
    interrupt::run_cancellable(py, move |cancel| -> Result<String, Failure> {
        let body = InterchangeableBody::from_game(&top, &candidates).map_err(caucus_failure)?;
        let (examined, deviations, shown) = match (max_blocs, structure) {
            (Some(k), None) => {
                let s = stable_structures_by_types_cancellable(&body, k, model, cancel).map_err(caucus_failure)?;
                (s.structures, s.deviations, s.stable)
            }
            (None, Some(sizes)) => {
                let s = structure_stability(&body, &sizes, model).map_err(caucus_failure)?;
                (1, s.deviations, vec![s])
            }
            _ => return Err((Kind::Input, "by types: give one of max_blocs (every structure with at most that many blocs of two or more) or structure (one structure's bloc sizes, such as [39, 20])".into())),
        };
        let structures: Vec<serde_json::Value> = shown
            .iter()
            .map(|s| {
                serde_json::json!({"blocs": s.blocs, "alone": s.alone, "stable": s.stable(),
                    "payoffs": s.payoffs, "deviation": s.deviation})
            })
            .collect();
        to_json(&serde_json::json!({"members": body.members(), "quota": body.quota(),
            "candidates": body.candidates(), "structures_examined": examined,
            "deviations_examined": deviations, "structures": structures}))
    })?
    .map_err(failure)
}

/// Each incumbent's power before and after an enlargement, as JSON (a list of
/// `comity::caucus::IncumbentChange`): with `incumbents` (positions), two games over the same
/// players, the newcomers null before; without, two weighted games whose first members are the
/// incumbents.
#[pyfunction]
#[pyo3(signature = (before, after, incumbents=None))]
pub fn blocs_enlargement(
    py: Python<'_>,
    before: &Game,
    after: &Game,
    incumbents: Option<Vec<usize>>,
) -> PyResult<String> {
    match incumbents {
        Some(incumbents) => {
            let (b, a) = (before.game.clone(), after.game.clone());
            interrupt::run(py, move || {
                to_json(&paradox_between(&b, &a, &incumbents).map_err(caucus_failure)?)
            })?
            .map_err(failure)
        }
        None => {
            let (b, a) = (top(before)?, top(after)?);
            interrupt::run(py, move || to_json(&new_members_paradox(&b, &a).map_err(caucus_failure)?))?
                .map_err(failure)
        }
    }
}

/// A body's membership over time from the growth model at `path`, as JSON: the model's body,
/// caucuses and rules, and one point per year of change (`comity::caucus::GrowthPoint`).
#[pyfunction]
pub fn blocs_growth(py: Python<'_>, path: String) -> PyResult<String> {
    interrupt::run_cancellable(py, move |cancel| -> Result<String, Failure> {
        let model = GrowthModel::load(&path).map_err(|e| {
            // An unreadable file is a read error; the growth error names its field otherwise.
            let kind = if e.field == "file" && e.message.starts_with("cannot read") {
                Kind::Read
            } else {
                Kind::Input
            };
            (kind, e.to_string())
        })?;
        let points =
            membership_growth_cancellable(&model, cancel).map_err(|e| (Kind::Input, e.to_string()))?;
        let rules: Vec<&str> = model.body.rules.iter().map(|r| r.name()).collect();
        let caucuses: Vec<serde_json::Value> = model
            .caucuses
            .iter()
            .map(|c| serde_json::json!({"name": c.name, "label": c.display_label(), "founded": c.founded}))
            .collect();
        let points: Vec<serde_json::Value> = points
            .iter()
            .map(|p| {
                serde_json::json!({"year": p.year, "members": p.members, "small_states": p.small_states,
                    "small_share": p.small_share(), "joined": p.joined, "left": p.left,
                    "caucuses": p.caucuses, "rules": p.rules})
            })
            .collect();
        to_json(&serde_json::json!({"body": model.body.name, "small_below": model.body.small_below,
            "rules": rules, "caucuses": caucuses, "points": points}))
    })?
    .map_err(failure)
}
