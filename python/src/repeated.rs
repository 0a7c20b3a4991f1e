//! Repeated games, for `comity.match`, `comity.tournament`, `comity.moran` and
//! `comity.institution`: memory-one strategies in the repeated prisoner's dilemma and repeated
//! public-goods institutions (of anonymous or real members), and burden-sharing files.

use crate::errors::{Failure, Kind, failure};
use crate::interrupt;
use comity::estimate::Estimate;
use comity::repeated::burden_file::{BurdenFile, BurdenFileError};
use comity::repeated::institution::{
    InstitutionSpec, MemberType, MembersSpec, exact_institution_cancellable,
    simulate_institution_cancellable, simulate_members_cancellable,
};
use comity::repeated::{
    Automaton, MemoryOne, RepeatedError, StagePayoffs, TournamentOptions, automaton_long_run_payoffs,
    automaton_strategy, discounted_payoffs, exact_tournament_cancellable, long_run_payoffs,
    match_payoffs_cancellable, moran_fixation, moran_simulated_cancellable, payoff_matrix,
    tournament_cancellable,
};
use pyo3::prelude::*;
use serde_json::{Value, json};

fn repeated_failure(err: RepeatedError) -> Failure {
    let message = err.to_string();
    // Size refusals name their limit ("the limit is", "at most"); other errors are bad input.
    let kind = if matches!(err, RepeatedError::Interrupted(_)) {
        // Only an interrupted call is cancelled, and its caller has raised KeyboardInterrupt.
        Kind::Solver
    } else if message.contains("limit") || message.contains("at most") {
        Kind::Limit
    } else {
        Kind::Input
    };
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
    let t = interrupt::run_with_progress(py, repetitions as u64, "tournament", move |cancel, done| {
        let progress = |finished: usize| {
            done.fetch_max(finished as u64, std::sync::atomic::Ordering::Relaxed);
        };
        tournament_cancellable(&players, &pd, &options, Some(&progress), cancel)
    })?
    .map_err(repeated_error)?;
    Ok(json!({"scores": t.scores, "payoffs": t.payoffs, "ranking": t.ranking}).to_string())
}

/// The payoffs per turn of a match of so many turns, and the long-run ones when asked for.
type AutomatonMatchPayoffs = ((f64, f64), Option<(f64, f64)>);

/// Each strategy's score, the payoff matrix and the ranking.
type ExactTournamentColumns = (Vec<f64>, Vec<Vec<f64>>, Vec<usize>);

fn automaton(spec: &str, pd: &StagePayoffs) -> PyResult<Automaton> {
    automaton_strategy(spec, pd).map_err(repeated_error)
}

/// The exact expected payoffs per turn of automaton strategies `x` and `y` (classic names,
/// memory-one forms or automaton files) in a `turns`-turn match with noise `noise`, and their
/// long-run payoffs when `long_run`.
#[pyfunction]
pub fn reciprocity_automaton_match(
    py: Python<'_>,
    x: &str,
    y: &str,
    payoffs: [f64; 4],
    noise: f64,
    turns: usize,
    long_run: bool,
) -> PyResult<AutomatonMatchPayoffs> {
    let pd = stage(payoffs)?;
    let (ax, ay) = (automaton(x, &pd)?, automaton(y, &pd)?);
    interrupt::run_cancellable(py, move |cancel| {
        let per_turn = match_payoffs_cancellable(&ax, &ay, &pd, noise, turns, cancel)?;
        let limit = if long_run { Some(automaton_long_run_payoffs(&ax, &ay, &pd, noise)?) } else { None };
        Ok((per_turn, limit))
    })?
    .map_err(repeated_error)
}

/// The round robin of automaton strategies scored by exact expected payoffs over `turns`-turn
/// matches: each strategy's score, the payoff matrix and the ranking.
#[pyfunction]
pub fn reciprocity_exact_tournament(
    py: Python<'_>,
    strategies: Vec<String>,
    payoffs: [f64; 4],
    noise: f64,
    turns: usize,
) -> PyResult<ExactTournamentColumns> {
    let pd = stage(payoffs)?;
    let players = strategies.iter().map(|s| automaton(s, &pd)).collect::<PyResult<Vec<_>>>()?;
    let t = interrupt::run_cancellable(py, move |cancel| {
        exact_tournament_cancellable(&players, &pd, noise, turns, cancel)
    })?
    .map_err(repeated_error)?;
    Ok((t.scores, t.payoffs, t.ranking))
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
            interrupt::run_cancellable(py, move |cancel| {
                moran_simulated_cancellable(&a, population, intensity, runs, seed, None, cancel)
            })?
            .map_err(repeated_error)?,
        ),
        None => None,
    };
    Ok(json!({"payoff_matrix": m, "fixation": fixation, "neutral": 1.0 / population as f64, "simulated": simulated})
        .to_string())
}

/// Most points of one institution sweep (sizes x noise levels x superficial shares).
const MAX_SWEEP_POINTS: usize = 10_000;

/// The repeated public-goods institution of the file at `path`, simulated (or solved exactly),
/// at each point of a sweep over body sizes `sizes`, noise levels `noises` and superficial
/// shares `shares` (the file's own values where `None`), with the simulation's `rounds`, `seeds`
/// and `seed` overriding the file's, as JSON: one entry per point, with each member type's
/// contribution rate and payoff.
#[pyfunction]
#[pyo3(signature = (path, exact, sizes=None, noises=None, shares=None, rounds=None, seeds=None, seed=None))]
#[allow(clippy::too_many_arguments)]
pub fn reciprocity_institution(
    py: Python<'_>,
    path: String,
    exact: bool,
    sizes: Option<Vec<usize>>,
    noises: Option<Vec<f64>>,
    shares: Option<Vec<f64>>,
    rounds: Option<usize>,
    seeds: Option<usize>,
    seed: Option<u64>,
) -> PyResult<String> {
    if exact {
        if let Some(given) =
            [("rounds", rounds.is_some()), ("seeds", seeds.is_some()), ("seed", seed.is_some())]
                .iter()
                .find(|(_, g)| *g)
        {
            return Err(failure((
                Kind::Input,
                format!("{}: given with exact=True; the exact solution has no rounds or seeds", given.0),
            )));
        }
    }
    let lengths =
        [sizes.as_ref().map(Vec::len), noises.as_ref().map(Vec::len), shares.as_ref().map(Vec::len)];
    let points = lengths.iter().map(|l| l.unwrap_or(1)).try_fold(1usize, |a, b| a.checked_mul(b));
    match points {
        Some(0) => {
            return Err(failure((
                Kind::Input,
                "sweep: an empty list; expected at least one value to try".into(),
            )));
        }
        Some(p) if p <= MAX_SWEEP_POINTS => {}
        _ => {
            return Err(failure((
                Kind::Limit,
                format!(
                    "sweep: more than {MAX_SWEEP_POINTS} points (sizes x noise levels x superficial shares); the limit is {MAX_SWEEP_POINTS}, so sweep in parts"
                ),
            )));
        }
    }
    let out = interrupt::run_cancellable(py, move |cancel| -> Result<Value, Failure> {
        let mut base = InstitutionSpec::load(&path).map_err(|e| {
            let kind = if matches!(e.kind, comity::model::ModelErrorKind::Read { .. }) {
                Kind::Read
            } else {
                Kind::Input
            };
            (kind, e.to_string())
        })?;
        base.simulation.rounds = rounds.unwrap_or(base.simulation.rounds);
        base.simulation.seeds = seeds.unwrap_or(base.simulation.seeds);
        base.simulation.seed = seed.unwrap_or(base.simulation.seed);
        let with_path = |(kind, message): Failure| (kind, format!("{path}: {message}"));
        let superficial = |spec: &InstitutionSpec| -> f64 {
            spec.types.iter().filter(|(t, _)| *t == MemberType::Superficial).map(|(_, s)| s).sum()
        };
        // Every point is built (and so checked) before the long work starts.
        let mut specs = Vec::new();
        for &members in sizes.as_deref().unwrap_or(&[base.members]) {
            for &noise in noises.as_deref().unwrap_or(&[base.noise]) {
                let spec = InstitutionSpec { members, noise, ..base.clone() };
                match shares.as_deref() {
                    Some(list) => {
                        for &share in list {
                            let spec = spec
                                .with_superficial_share(share)
                                .map_err(repeated_failure)
                                .map_err(with_path)?;
                            specs.push((share, spec));
                        }
                    }
                    None => specs.push((superficial(&spec), spec)),
                }
            }
        }
        let institutions = specs
            .iter()
            .map(|(_, spec)| {
                spec.build().map_err(repeated_failure).map_err(|(kind, message)| {
                    (kind, format!("{path}: members {}, noise {}: {message}", spec.members, spec.noise))
                })
            })
            .collect::<Result<Vec<_>, Failure>>()?;
        let mut points = Vec::new();
        for ((share, spec), inst) in specs.iter().zip(&institutions) {
            let counts: Vec<usize> = inst.counts().iter().copied().filter(|&c| c > 0).collect();
            let mut point = json!({"members": spec.members, "noise": spec.noise, "superficial_share": share});
            if exact {
                let e = exact_institution_cancellable(inst, cancel)
                    .map_err(repeated_failure)
                    .map_err(with_path)?;
                point["contribution_rate"] = json!(e.contribution_rate);
                point["types"] = e
                    .by_type
                    .iter()
                    .zip(&counts)
                    .map(|((ty, rate, payoff), members)| {
                        json!({"type": ty.label(), "members": members,
                        "contribution_rate": rate, "payoff": payoff})
                    })
                    .collect();
            } else {
                let o = simulate_institution_cancellable(inst, &spec.simulation, None, cancel)
                    .map_err(repeated_failure)
                    .map_err(with_path)?;
                point["contribution_rate"] = json!(o.contribution_rate.mean);
                point["collapsed"] = json!(o.collapsed);
                point["types"] = o
                    .by_type
                    .iter()
                    .map(|t| {
                        json!({"type": t.member_type.label(), "members": t.members,
                        "contribution_rate": t.contribution_rate.mean, "payoff": t.payoff.mean,
                        "contribution_rate_half_width": t.contribution_rate.half_width,
                        "payoff_half_width": t.payoff.half_width})
                    })
                    .collect();
            }
            points.push(point);
        }
        Ok(json!({"name": base.name, "method": if exact { "exact" } else { "simulation" },
                  "members": base.members, "noise": base.noise, "points": points}))
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}

/// An estimate as JSON: its mean and half-width (`None` when undefined, with one replication).
fn estimate(e: &Estimate) -> Value {
    json!({"mean": e.mean, "half_width": if e.half_width.is_finite() { json!(e.half_width) } else { Value::Null }})
}

/// The repeated public-goods institution of real members in the file at `path` (capacity by an
/// attribute such as population or quota, behaviours by group, arrears and sanctions),
/// simulated, with `rounds`, `seeds` and `seed` overriding the file's, as JSON: the body's
/// level, payment rate and provision, and each group's and member's outcome.
#[pyfunction]
#[pyo3(signature = (path, rounds=None, seeds=None, seed=None))]
pub fn reciprocity_members(
    py: Python<'_>,
    path: String,
    rounds: Option<usize>,
    seeds: Option<usize>,
    seed: Option<u64>,
) -> PyResult<String> {
    let out = interrupt::run_cancellable(py, move |cancel| -> Result<Value, Failure> {
        let mut spec = MembersSpec::load(&path).map_err(|e| {
            let kind = match e.kind {
                comity::model::ModelErrorKind::Read { .. } => Kind::Read,
                comity::model::ModelErrorKind::TooManyMembers { .. } => Kind::Limit,
                _ => Kind::Input,
            };
            (kind, e.to_string())
        })?;
        spec.simulation.rounds = rounds.unwrap_or(spec.simulation.rounds);
        spec.simulation.seeds = seeds.unwrap_or(spec.simulation.seeds);
        spec.simulation.seed = seed.unwrap_or(spec.simulation.seed);
        let out = simulate_members_cancellable(&spec.body, &spec.simulation, cancel)
            .map_err(repeated_failure)
            .map_err(|(kind, message)| (kind, format!("{path}: {message}")))?;
        let body = &spec.body;
        let sanctions = body.sanctions().map(|s| {
            json!({"warning": s.warning(), "suspension": s.suspension(), "exclusion": s.exclusion(),
                   "suspension_loss": s.suspension_loss()})
        });
        let members: Vec<Value> = out
            .members
            .iter()
            .zip(&spec.names)
            .map(|(m, name)| {
                json!({"id": m.id, "name": name, "behaviour": m.behaviour.label(),
                       "capacity_share": m.capacity_share, "contribution": estimate(&m.contribution),
                       "contribution_share": estimate(&m.contribution_share),
                       "benefit_share": estimate(&m.benefit_share), "payoff": estimate(&m.payoff),
                       "burden_per_head": m.burden_per_head, "arrears": m.arrears, "sanctioned": m.sanctioned})
            })
            .collect();
        let groups: Vec<Value> = out
            .groups
            .iter()
            .map(|g| {
                json!({"name": g.name, "members": g.members, "contribution": estimate(&g.contribution),
                       "contribution_share": estimate(&g.contribution_share),
                       "benefit_share": estimate(&g.benefit_share), "payoff": estimate(&g.payoff),
                       "population": g.population, "burden_per_head": g.burden_per_head,
                       "sanctioned": g.sanctioned})
            })
            .collect();
        Ok(json!({"name": spec.name, "description": spec.description, "source": spec.source, "date": spec.date,
                  "good": {"technology": body.good().technology().label(), "cost": body.good().cost(),
                           "multiplier": body.good().multiplier()},
                  "noise": body.noise(), "sanctions": sanctions,
                  "rounds": spec.simulation.rounds, "seeds": spec.simulation.seeds, "seed": spec.simulation.seed,
                  "level": estimate(&out.level), "payment_rate": estimate(&out.payment_rate),
                  "provision": estimate(&out.provision), "collapsed": out.collapsed,
                  "members": members, "groups": groups}))
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}

/// Every body of the burden-sharing file at `path` (its data read relative to it), divided by
/// each method the file allows, as JSON: `comity burden --format json`'s objects in a list.
#[pyfunction]
pub fn burden_file(py: Python<'_>, path: String) -> PyResult<String> {
    interrupt::run(py, move || -> Result<String, Failure> {
        let bodies = BurdenFile::load(&path).and_then(|f| f.evaluate()).map_err(|e| {
            let kind = match e {
                BurdenFileError::Read { .. } => Kind::Read,
                BurdenFileError::TooManyForGame { .. } => Kind::Limit,
                _ => Kind::Input,
            };
            (kind, e.to_string())
        })?;
        serde_json::to_string(&bodies).map_err(|e| (Kind::Solver, format!("internal error: {e}")))
    })?
    .map_err(failure)
}
