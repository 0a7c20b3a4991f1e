//! Repeated games, for `comity.match`, `comity.tournament`, `comity.moran` and
//! `comity.institution`: memory-one strategies in the repeated prisoner's dilemma and repeated
//! public-goods institutions.

use crate::errors::{Failure, Kind, failure};
use crate::interrupt;
use comity::repeated::institution::{InstitutionSpec, exact_institution, simulate_institution};
use comity::repeated::{
    MemoryOne, RepeatedError, StagePayoffs, TournamentOptions, discounted_payoffs, long_run_payoffs,
    moran_fixation, moran_simulated, payoff_matrix, tournament as lib_tournament,
};
use pyo3::prelude::*;
use serde_json::{Value, json};

fn repeated_failure(err: RepeatedError) -> Failure {
    let message = err.to_string();
    // Size refusals name their limit ("the limit is", "at most"); other errors are bad input.
    let kind =
        if message.contains("limit") || message.contains("at most") { Kind::Limit } else { Kind::Input };
    (kind, message)
}

fn repeated_error(err: RepeatedError) -> PyErr {
    failure(repeated_failure(err))
}

fn stage([r, s, t, p]: [f64; 4]) -> PyResult<StagePayoffs> {
    StagePayoffs::new(r, s, t, p).map_err(repeated_error)
}

fn strategy(spec: &str, pd: &StagePayoffs) -> PyResult<MemoryOne> {
    MemoryOne::parse(spec, pd).map_err(repeated_error)
}

/// Exact long-run payoffs of strategies `x` and `y` with implementation `noise` (and the
/// discounted payoffs for `delta`), as JSON.
#[pyfunction]
#[pyo3(signature = (x, y, payoffs, noise, delta=None))]
pub fn reciprocity_match(
    x: &str,
    y: &str,
    payoffs: [f64; 4],
    noise: f64,
    delta: Option<f64>,
) -> PyResult<String> {
    let pd = stage(payoffs)?;
    let (sx, sy) = (strategy(x, &pd)?, strategy(y, &pd)?);
    let (px, py) = long_run_payoffs(&sx, &sy, &pd, noise).map_err(repeated_error)?;
    let discounted = match delta {
        Some(d) => Some(discounted_payoffs(&sx, &sy, &pd, noise, d).map_err(repeated_error)?),
        None => None,
    };
    Ok(json!({"x": {"p": sx.p, "first": sx.first}, "y": {"p": sy.p, "first": sy.first},
              "long_run": [px, py], "discounted": discounted.map(|(a, b)| [a, b])})
    .to_string())
}

/// The round robin among `strategies`, as JSON: mean scores with their intervals, the payoff
/// matrix and the ranking.
#[pyfunction]
pub fn reciprocity_tournament(
    py: Python<'_>,
    strategies: Vec<String>,
    payoffs: [f64; 4],
    noise: f64,
    rounds: usize,
    repetitions: usize,
    seed: u64,
) -> PyResult<String> {
    let pd = stage(payoffs)?;
    let players = strategies.iter().map(|s| strategy(s, &pd)).collect::<PyResult<Vec<_>>>()?;
    let options = TournamentOptions::new(rounds, repetitions, noise, seed);
    let t = interrupt::run(py, move || lib_tournament(&players, &pd, &options))?.map_err(repeated_error)?;
    Ok(json!({"scores": t.scores, "payoffs": t.payoffs, "ranking": t.ranking}).to_string())
}

/// The fixation probability of one `mutant` among `resident`s under the Moran process, exact and
/// (with `simulate` runs) simulated, as JSON.
#[pyfunction]
#[pyo3(signature = (mutant, resident, payoffs, noise, population, intensity, simulate=None, seed=1))]
#[allow(clippy::too_many_arguments)]
pub fn reciprocity_moran(
    py: Python<'_>,
    mutant: &str,
    resident: &str,
    payoffs: [f64; 4],
    noise: f64,
    population: usize,
    intensity: f64,
    simulate: Option<usize>,
    seed: u64,
) -> PyResult<String> {
    let pd = stage(payoffs)?;
    let pair = [strategy(mutant, &pd)?, strategy(resident, &pd)?];
    let m = payoff_matrix(&pair, &pd, noise).map_err(repeated_error)?;
    let a = [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
    let fixation = moran_fixation(&a, population, intensity).map_err(repeated_error)?;
    let simulated = match simulate {
        Some(runs) => Some(
            interrupt::run(py, move || moran_simulated(&a, population, intensity, runs, seed))?
                .map_err(repeated_error)?,
        ),
        None => None,
    };
    Ok(json!({"payoff_matrix": m, "fixation": fixation, "neutral": 1.0 / population as f64, "simulated": simulated})
        .to_string())
}

/// The repeated public-goods institution of the file at `path`, solved exactly (`exact`) or
/// simulated, as JSON with one entry per member type.
#[pyfunction]
pub fn reciprocity_institution(py: Python<'_>, path: String, exact: bool) -> PyResult<String> {
    let out = interrupt::run(py, move || -> Result<Value, Failure> {
        let spec = InstitutionSpec::load(&path).map_err(|e| {
            let kind = if matches!(e.kind, comity::model::ModelErrorKind::Read { .. }) { Kind::Read } else { Kind::Input };
            (kind, e.to_string())
        })?;
        let with_path = |(kind, message): Failure| (kind, format!("{path}: {message}"));
        let inst = spec.build().map_err(repeated_failure).map_err(with_path)?;
        let counts: Vec<usize> = inst.counts().iter().copied().filter(|&c| c > 0).collect();
        if exact {
            let e = exact_institution(&inst).map_err(repeated_failure).map_err(with_path)?;
            let types: Vec<Value> = e
                .by_type
                .iter()
                .zip(&counts)
                .map(|((ty, rate, payoff), members)| json!({"type": ty.label(), "members": members,
                    "contribution_rate": rate, "payoff": payoff}))
                .collect();
            Ok(json!({"name": spec.name, "method": "exact", "members": spec.members, "noise": spec.noise,
                      "contribution_rate": e.contribution_rate, "types": types}))
        } else {
            let o = simulate_institution(&inst, &spec.simulation, None).map_err(repeated_failure).map_err(with_path)?;
            let types: Vec<Value> = o
                .by_type
                .iter()
                .map(|t| json!({"type": t.member_type.label(), "members": t.members,
                    "contribution_rate": t.contribution_rate.mean, "payoff": t.payoff.mean,
                    "contribution_rate_half_width": t.contribution_rate.half_width,
                    "payoff_half_width": t.payoff.half_width}))
                .collect();
            Ok(json!({"name": spec.name, "method": "simulation", "members": spec.members, "noise": spec.noise,
                      "contribution_rate": o.contribution_rate.mean, "collapsed": o.collapsed, "types": types}))
        }
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}
