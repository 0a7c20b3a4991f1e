//! Bargaining, for `comity.baron_ferejohn` and `comity.nash_bargaining`.

use crate::errors::{Failure, Kind, failure};
use crate::{Game, fill, interrupt};
use comity::bargaining::{BargainingError, FeasibleSet, Recognition, kalai_smorodinsky, nash_solution};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList};
use serde_json::{Value, json};

fn bargaining_failure(err: BargainingError) -> Failure {
    let kind = match err {
        BargainingError::TooManyClasses { .. } => Kind::Limit,
        BargainingError::NotConverged { .. } => Kind::Solver,
        _ => Kind::Input,
    };
    (kind, err.to_string())
}

/// The stationary equilibrium of Baron-Ferejohn bargaining under `game` with recognition
/// probabilities `recognition` (equal when `None`) and discount factor `discount`, written into
/// the caller's frame ([`crate::fill`]): the per-member columns value, recognition, keeps and
/// offer (those of the member's class) into `floats`, column after column; each member's class
/// into `classes`; the discount (`"discount"`) and the classes with their proposals
/// (`"classes"`, a list of dicts) into `attrs`.
#[pyfunction]
#[pyo3(signature = (game, discount, floats, class_of, attrs, recognition=None))]
pub fn baron_ferejohn<'py>(
    py: Python<'py>,
    game: &Game,
    discount: f64,
    floats: &Bound<'py, PyByteArray>,
    class_of: &Bound<'py, PyByteArray>,
    attrs: &Bound<'py, PyDict>,
    recognition: Option<Vec<f64>>,
) -> PyResult<()> {
    let n = game.ids.len();
    // Checked before the computation, so that a wrong buffer does not cost a computation.
    for (buffer, what, expected) in [(floats, "floats", 4 * n * 8), (class_of, "class_of", n * 8)] {
        if buffer.len() != expected {
            return Err(crate::errors::input(format!(
                "{what}: a buffer of {} bytes; expected {expected} for {n} members",
                buffer.len()
            )));
        }
    }
    // Floats hash by their bits: the same parameters, the same key.
    let key = interrupt::memo_key((
        "baron_ferejohn",
        discount.to_bits(),
        recognition.as_ref().map(|p| p.iter().map(|x| x.to_bits()).collect::<Vec<_>>()),
    ));
    let recognition = recognition_of(recognition);
    let lib_game = game.game.clone();
    let eq = interrupt::run_known(py, &game.costs, key, move |_| {
        let p = recognition.probabilities(n)?;
        comity::bargaining::baron_ferejohn(&lib_game, &p, discount)
    })?
    .map_err(|e| failure(bargaining_failure(e)))?;
    let eq = &eq;
    let of_class =
        |f: fn(&comity::bargaining::MemberClass) -> f64| eq.class_of.iter().map(move |&c| f(&eq.classes[c]));
    let columns: Vec<f64> = eq
        .values
        .iter()
        .copied()
        .chain(of_class(|c| c.recognition))
        .chain(of_class(|c| c.keeps))
        .chain(of_class(|c| c.offer))
        .collect();
    fill::write_f64(floats, &columns, "floats")?;
    let classes: Vec<i64> = eq.class_of.iter().map(|&c| c as i64).collect();
    fill::write_i64(class_of, &classes, "class_of")?;
    // Keys interned: made once per process, not once per dict.
    let classes = PyList::empty(py);
    for c in &eq.classes {
        let proposals = PyList::empty(py);
        for p in &c.proposals {
            let proposal = PyDict::new(py);
            proposal.set_item(intern!(py, "probability"), p.probability)?;
            proposal.set_item(intern!(py, "partners"), &p.partners)?;
            proposals.append(proposal)?;
        }
        let class = PyDict::new(py);
        class.set_item(intern!(py, "members"), &c.members)?;
        class.set_item(intern!(py, "recognition"), c.recognition)?;
        class.set_item(intern!(py, "value"), c.value)?;
        class.set_item(intern!(py, "keeps"), c.keeps)?;
        class.set_item(intern!(py, "offer"), c.offer)?;
        class.set_item(intern!(py, "proposals"), proposals)?;
        classes.append(class)?;
    }
    attrs.set_item(intern!(py, "discount"), eq.discount)?;
    attrs.set_item(intern!(py, "classes"), classes)?;
    Ok(())
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

/// A unit game of `n` members needing `quota` of them (consensus, simple majority), to compare
/// a rule's agenda setter with.
fn count_game(n: usize, quota: u64) -> Result<comity::game::Game, Failure> {
    comity::game::WeightedGame::new(vec![1; n], quota)
        .map(comity::game::Game::from)
        .map_err(|e| (Kind::Input, e.to_string()))
}

/// Spatial bargaining in one dimension (`ideals` one per member, status quo `q`): the winset,
/// whether `q` is in the core, and with `setter` (a position) the outcome when that member sets
/// the agenda under the rule, under consensus and under simple majority, as JSON.
#[pyfunction]
#[pyo3(signature = (game, ideals, q, setter=None))]
pub fn spatial_1d(
    py: Python<'_>,
    game: &Game,
    ideals: Vec<f64>,
    q: f64,
    setter: Option<usize>,
) -> PyResult<String> {
    use comity::bargaining::{in_core_1d, setter_outcome_1d, winset_1d};
    let lib_game = game.game.clone();
    let out = interrupt::run(py, move || -> Result<Value, Failure> {
        let fail = |e| bargaining_failure(e);
        let n = ideals.len();
        let winset = winset_1d(&*lib_game, &ideals, q).map_err(fail)?;
        let in_core = in_core_1d(&*lib_game, &ideals, q).map_err(fail)?;
        let mut out = json!({"winset": winset, "in_core": in_core});
        if let Some(s) = setter {
            let (consensus, majority) = (count_game(n, n as u64)?, count_game(n, n as u64 / 2 + 1)?);
            out["setter"] = json!({
                "outcome": setter_outcome_1d(&*lib_game, &ideals, q, s).map_err(fail)?,
                "consensus": setter_outcome_1d(&consensus, &ideals, q, s).map_err(fail)?,
                "simple_majority": setter_outcome_1d(&majority, &ideals, q, s).map_err(fail)?,
            });
        }
        Ok(out)
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}

/// Spatial bargaining in two dimensions (`ideals` one point per member, status quo `q`, the
/// axes weighted by `salience`): whether `q` is in the core of the rule and of unanimity, the
/// winset's boundary in `directions` directions and its area (in the plane rescaled by
/// salience), and with `setter` the agenda setter's outcomes, as JSON (points in the original
/// coordinates).
#[pyfunction]
#[pyo3(signature = (game, ideals, q, salience, directions, setter=None))]
pub fn spatial_2d(
    py: Python<'_>,
    game: &Game,
    ideals: Vec<[f64; 2]>,
    q: [f64; 2],
    salience: [f64; 2],
    directions: usize,
    setter: Option<usize>,
) -> PyResult<String> {
    use comity::bargaining::{in_core_2d, rescale, setter_outcome_2d, winset_2d};
    let lib_game = game.game.clone();
    let out = interrupt::run(py, move || -> Result<Value, Failure> {
        let fail = |e| bargaining_failure(e);
        let n = ideals.len();
        // Salience-weighted distance is Euclidean in the rescaled plane; points go back.
        let points = rescale(&ideals, salience).map_err(fail)?;
        let sq = rescale(&[q], salience).map_err(fail)?[0];
        let back = |p: [f64; 2]| [p[0] / salience[0].sqrt(), p[1] / salience[1].sqrt()];
        let consensus = count_game(n, n as u64)?;
        let (boundary, area) = winset_2d(&*lib_game, &points, sq, directions).map_err(fail)?;
        let mut out = json!({
            "in_core": in_core_2d(&*lib_game, &points, sq).map_err(fail)?,
            "in_unanimity_core": in_core_2d(&consensus, &points, sq).map_err(fail)?,
            "area": area,
            "boundary": boundary.into_iter().map(back).collect::<Vec<_>>(),
        });
        if let Some(s) = setter {
            let majority = count_game(n, n as u64 / 2 + 1)?;
            out["setter"] = json!({
                "outcome": back(setter_outcome_2d(&*lib_game, &points, sq, s).map_err(fail)?),
                "consensus": back(setter_outcome_2d(&consensus, &points, sq, s).map_err(fail)?),
                "simple_majority": back(setter_outcome_2d(&majority, &points, sq, s).map_err(fail)?),
            });
        }
        Ok(out)
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}

/// The positions of a smallest club whose sums of `values[k]` reach `targets[k]` for every
/// attribute `k`, or `None` when even all members together miss a target.
#[pyfunction]
pub fn smallest_club(
    py: Python<'_>,
    values: Vec<Vec<f64>>,
    targets: Vec<f64>,
) -> PyResult<Option<Vec<usize>>> {
    interrupt::run(py, move || comity::bargaining::smallest_club(&values, &targets))?
        .map_err(|e| failure(bargaining_failure(e)))
}

/// The positions of a smallest winning coalition of `game`, found on its decision diagram.
#[pyfunction]
pub fn smallest_winning(py: Python<'_>, game: &Game) -> PyResult<Vec<usize>> {
    use comity::game::{Coalition, SimpleGame};
    use comity::power::{DIAGRAM_MAX_STATES, diagram_supported, smallest_winning_coalition};
    let (lib_game, label) = (game.game.clone(), game.label.clone());
    interrupt::run(py, move || match smallest_winning_coalition(&lib_game) {
        Some(club) => Ok(club),
        None if !diagram_supported(&lib_game) => Err((
            Kind::Input,
            format!("{label}: a smallest winning coalition is found on the rule's decision diagram, which takes rules built from weighted, count and veto conditions (not blocs or enumerated games)"),
        )),
        None if !lib_game.is_winning(&Coalition::grand(lib_game.n())) => {
            Err((Kind::Input, format!("{label}: even all members together do not win")))
        }
        None => Err((
            Kind::Limit,
            format!("{label}: the decision diagram exceeded its limit of {DIAGRAM_MAX_STATES} states; no smallest winning coalition can be found this way"),
        )),
    })?
    .map_err(failure)
}

/// Self-enforcing agreements of countries abating a public bad (Barrett 1994): with `countries`
/// identical ones (slopes `benefit`, `cost`) the stable sizes, otherwise every stable coalition
/// of the countries with slopes `benefits` and `costs`; each agreement with its abatement,
/// welfare and share of the gains of full cooperation, as JSON.
#[pyfunction]
#[pyo3(signature = (countries, benefit, cost, benefits, costs, satiation, stackelberg))]
#[allow(clippy::too_many_arguments)]
pub fn abatement(
    py: Python<'_>,
    countries: Option<usize>,
    benefit: f64,
    cost: f64,
    benefits: Option<Vec<f64>>,
    costs: Option<Vec<f64>>,
    satiation: Option<f64>,
    stackelberg: bool,
) -> PyResult<String> {
    use comity::bargaining::{AbatementGame, Benefits, Timing, stable_coalitions, stable_sizes};
    let form = match satiation {
        Some(a) => Benefits::Quadratic { a },
        None => Benefits::Linear,
    };
    let timing = if stackelberg { Timing::Stackelberg } else { Timing::Nash };
    let out = interrupt::run(py, move || -> Result<Value, Failure> {
        let fail = |e| bargaining_failure(e);
        let identical = countries.is_some();
        let (game, coalitions) = match (countries, benefits, costs) {
            (Some(n), None, None) => {
                let game = AbatementGame::symmetric(n, benefit, cost, form, timing).map_err(fail)?;
                let sizes = stable_sizes(&game).map_err(fail)?;
                (game, sizes.into_iter().map(|k| (0..k).collect::<Vec<_>>()).collect::<Vec<_>>())
            }
            (None, Some(b), Some(c)) => {
                let game = AbatementGame::new(b, c, form, timing).map_err(fail)?;
                let stable = stable_coalitions(&game).map_err(fail)?;
                (game, stable)
            }
            _ => {
                return Err((
                    Kind::Input,
                    "countries: give a number of identical countries, or benefits and costs (one of each per country), not both".into(),
                ));
            }
        };
        let n = game.n();
        let welfare = |m: &[bool]| -> f64 { game.outcome(m).payoffs.iter().sum() };
        let (none, all) = (welfare(&vec![false; n]), welfare(&vec![true; n]));
        let full = game.outcome(&vec![true; n]).total;
        let rows: Vec<Value> = coalitions
            .iter()
            .map(|members| {
                let mut signs = vec![false; n];
                members.iter().for_each(|&i| signs[i] = true);
                let outcome = game.outcome(&signs);
                let w: f64 = outcome.payoffs.iter().sum();
                json!({
                    // Identical countries are interchangeable: a size, not a list, says who signs.
                    "members": if identical { Value::Null } else { json!(members) }, "signatories": members.len(), "total_abatement": outcome.total,
                    "full_cooperation_abatement": full, "welfare": w,
                    "share_of_cooperation_gains": if all > none { (w - none) / (all - none) } else { 1.0 },
                })
            })
            .collect();
        Ok(json!({"countries": n, "agreements": rows}))
    })?
    .map_err(failure)?;
    Ok(out.to_string())
}

/// Baron-Ferejohn bargaining against a deadline of `rounds` rounds (nothing agreed after the
/// last), by backward induction, with recognition weights `recognition` (equal when `None`),
/// as JSON: each member's value and what it keeps as first proposer, and the values by rounds
/// left.
#[pyfunction]
#[pyo3(signature = (game, discount, rounds, recognition=None))]
pub fn deadline(
    py: Python<'_>,
    game: &Game,
    discount: f64,
    rounds: usize,
    recognition: Option<Vec<f64>>,
) -> PyResult<String> {
    let n = game.ids.len();
    let recognition = recognition_of(recognition);
    let lib_game = game.game.clone();
    let d = interrupt::run(py, move || {
        let p = recognition.probabilities(n)?;
        comity::bargaining::deadline(&lib_game, &p, discount, rounds)
    })?
    .map_err(|e| failure(bargaining_failure(e)))?;
    Ok(json!({"rounds": d.rounds, "discount": d.discount, "values": d.values, "keeps": d.keeps, "by_round": d.by_round})
        .to_string())
}

/// The symmetric stationary equilibrium of Baron-Ferejohn bargaining under the open rule
/// (amendments allowed) among `members` identical members, `quota` of whom must agree, as JSON.
#[pyfunction]
pub fn open_rule(members: usize, quota: usize, discount: f64) -> PyResult<String> {
    let eq = comity::bargaining::open_rule(members, quota, discount)
        .map_err(|e| failure(bargaining_failure(e)))?;
    Ok(json!({
        "members": eq.members, "quota": eq.quota, "discount": eq.discount, "coalition": eq.coalition,
        "proposed_keep": eq.proposed_keep, "offer": eq.offer, "proposer_value": eq.proposer_value,
        "partner_value": eq.partner_value, "excluded_value": eq.excluded_value, "value": eq.value,
        "pass_first_time": eq.pass_first_time, "expected_amendments": eq.expected_amendments,
    })
    .to_string())
}

/// Recognition probabilities of `n` members when co-facilitators `pair` (positions) share
/// probability `probability` (the first `share` of it) and the others split the rest equally.
#[pyfunction]
pub fn co_facilitators(n: usize, pair: [usize; 2], probability: f64, share: f64) -> PyResult<Vec<f64>> {
    comity::bargaining::co_facilitators(n, pair, probability, share)
        .map_err(|e| failure(bargaining_failure(e)))
}

/// The stationary equilibrium of status-quo bargaining (Baron 1996) under `game` on a grid,
/// with members' `ideals`, recognition weights `recognition` (equal when `None`), from the
/// starting status quo `q`, as JSON.
#[pyfunction]
#[pyo3(signature = (game, ideals, discount, q, grid, horizon, range=None, recognition=None))]
#[allow(clippy::too_many_arguments)]
pub fn status_quo(
    py: Python<'_>,
    game: &Game,
    ideals: Vec<f64>,
    discount: f64,
    q: f64,
    grid: usize,
    horizon: usize,
    range: Option<(f64, f64)>,
    recognition: Option<Vec<f64>>,
) -> PyResult<String> {
    use comity::bargaining::{StatusQuoOptions, status_quo_bargaining};
    let n = game.ids.len();
    let recognition = recognition_of(recognition);
    let lib_game = game.game.clone();
    let options = StatusQuoOptions { grid, range, horizon };
    let eq = interrupt::run(py, move || {
        let p = recognition.probabilities(n)?;
        status_quo_bargaining(&lib_game, &ideals, &p, discount, q, &options)
    })?
    .map_err(|e| failure(bargaining_failure(e)))?;
    Ok(json!({
        "discount": eq.discount, "grid": eq.grid, "proposals": eq.proposals, "values": eq.values,
        "start": eq.start, "mean_path": eq.mean_path, "long_run": eq.long_run,
        "long_run_mean": eq.long_run_mean, "iterations": eq.iterations,
    })
    .to_string())
}

/// Recognition probabilities as Python passes them: proportional to the given numbers, or
/// equal when none are given.
fn recognition_of(weights: Option<Vec<f64>>) -> Recognition {
    weights.map_or(Recognition::Equal, Recognition::Proportional)
}
