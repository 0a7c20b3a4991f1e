//! `comity._comity`: the compiled half of the `comity` Python package.
//!
//! Each function takes plain Python values (paths, lists of numbers, names) and returns either a
//! small class holding a library value (`Institution`, `Game`) or a JSON text that the Python
//! half (`comity/__init__.py`) turns into DataFrames, fractions and dataclasses. Results cross
//! as JSON because the library already serialises them (exact fractions as `"421/2145"`), and
//! one `json.loads` per call costs microseconds beside most computations. (Rejected: building
//! pandas objects in Rust, which would tie the extension to pandas' C API and duplicate the
//! table layer.) The exception is the short calls whose overhead issue 19 bounds (power indices,
//! Baron-Ferejohn): they write into a frame the Python half built before the call or while it
//! computes ([`fill`]), since Python work after a computation runs cold. Equilibria (`nash_*`) cross as
//! lists and `Fraction`s, and a TU game's solutions and a game's structure as the objects
//! `json.loads` would make of the library's JSON ([`value`]), without the text.
//!
//! Every computation that can take long runs through [`interrupt::run`]: off the GIL, stopped
//! by Ctrl-C (and cancelled, where the library's loops take a cancellation token).

mod bargain;
mod blocs;
mod coop;
mod errors;
mod fill;
mod interrupt;
mod nash;
mod power;
mod ratio;
mod repeated;
mod study;
mod timing;
mod value;

use comity::game::{Game as LibGame, WeightedGame};
use comity::model::Institution as LibInstitution;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use std::sync::Arc;

/// A validated institution (members, groups, named rules), read from a file or built from JSON.
#[pyclass(frozen, module = "comity._comity")]
pub struct Institution {
    inner: Arc<LibInstitution>,
}

#[pymethods]
impl Institution {
    /// Loads and validates a `.toml` or `.json` institution file.
    #[staticmethod]
    fn load(py: Python<'_>, path: String) -> PyResult<Self> {
        let body = interrupt::run(py, move || LibInstitution::load(&path))?.map_err(errors::model)?;
        Ok(Institution { inner: Arc::new(body) })
    }

    /// Validates an institution given as JSON text (the schema of the institution files);
    /// `label` names it in errors.
    #[staticmethod]
    fn from_json(text: &str, label: &str) -> PyResult<Self> {
        let body = LibInstitution::from_json(text, label).map_err(errors::model)?;
        Ok(Institution { inner: Arc::new(body) })
    }

    /// The institution's file (info, columns, members, groups, rules) as JSON text.
    fn file_json(&self) -> PyResult<String> {
        serde_json::to_string(self.inner.file()).map_err(errors::input)
    }

    /// Each group's name and its members' ids.
    fn groups(&self) -> Vec<(String, Vec<String>)> {
        let members = self.inner.members();
        self.inner
            .groups()
            .iter()
            .map(|g| (g.name.clone(), g.members.iter().map(|&i| members[i].id.clone()).collect()))
            .collect()
    }

    /// The names of its rules, in file order.
    fn rule_names(&self) -> Vec<String> {
        self.inner.rules().iter().map(|r| r.name.clone()).collect()
    }

    /// The rule named `rule` compiled to a simple game.
    fn compile(&self, rule: &str) -> PyResult<Game> {
        let compiled = self.inner.compile(rule).map_err(errors::model)?;
        Ok(Game {
            game: Arc::new(compiled.game),
            ids: self.inner.members().iter().map(|m| m.id.clone()).collect(),
            label: format!("{}: rule {rule}", self.inner.info().id),
            quotas: compiled.quotas.iter().map(|q| q.to_string()).collect(),
            costs: interrupt::CostMemo::default(),
            id_index: GILOnceCell::new(),
        })
    }
}

/// A simple game (which coalitions win), compiled from a rule or given as weights and a quota.
///
/// >>> import comity
/// >>> game = comity.Game.weighted([3, 2, 1], 4, ids=["A", "B", "C"])
/// >>> game.ids, game.is_winning([0, 2]), game.is_winning([1, 2])
/// (['A', 'B', 'C'], True, False)
#[pyclass(frozen, module = "comity._comity")]
pub struct Game {
    game: Arc<LibGame>,
    ids: Vec<String>,
    label: String,
    quotas: Vec<String>,
    /// How long each computation on this game last took: short ones run on the calling thread.
    costs: interrupt::CostMemo,
    /// The Python half's pandas Index of `ids`, made on first use (`Game::_id_index`).
    id_index: GILOnceCell<Py<PyAny>>,
}

#[pymethods]
impl Game {
    /// The weighted game `[quota; weights]`: a coalition wins when its weight is at least
    /// `quota`. Players are named by `ids`, or "1", "2", ... without them.
    ///
    /// >>> import comity
    /// >>> comity.Game.weighted([1, 1, 1], 2).ids
    /// ['1', '2', '3']
    #[staticmethod]
    #[pyo3(signature = (weights, quota, ids=None))]
    fn weighted(weights: Vec<u64>, quota: u64, ids: Option<Vec<String>>) -> PyResult<Self> {
        let n = weights.len();
        let ids = match ids {
            Some(ids) if ids.len() != n => {
                return Err(errors::input(format!(
                    "ids: {} names for {n} weights; expected one name per weight",
                    ids.len()
                )));
            }
            Some(ids) => ids,
            None => (1..=n).map(|i| i.to_string()).collect(),
        };
        let game = WeightedGame::new(weights, quota).map_err(errors::input)?;
        Ok(Game {
            game: Arc::new(LibGame::from(game)),
            ids,
            label: format!("weighted game with quota {quota}"),
            quotas: Vec::new(),
            costs: interrupt::CostMemo::default(),
            id_index: GILOnceCell::new(),
        })
    }

    /// The players' ids, in order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.ids.clone()
    }

    /// What the game is (the body and rule, or the weighted game).
    #[getter]
    fn label(&self) -> String {
        self.label.clone()
    }

    /// The quota each leaf of the rule became, as the library states it.
    #[getter]
    fn quotas(&self) -> Vec<String> {
        self.quotas.clone()
    }

    /// The pandas Index of the ids that results are indexed by, made by `make(ids)` on first
    /// use and kept with the game: an Index of strings costs tens of microseconds to build,
    /// a noticeable share of a millisecond-long call. (Private: the Python half's; it gives
    /// each result a view, so that renaming one result's index leaves the game's alone.)
    fn _id_index(&self, py: Python<'_>, make: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.id_index
            .get_or_try_init(py, || make.call1((self.ids.clone(),)).map(Bound::unbind))
            .map(|index| index.clone_ref(py))
    }

    /// Whether the coalition of the players at `positions` wins.
    ///
    /// >>> import comity
    /// >>> comity.Game.weighted([1, 1, 1], 2).is_winning([0])
    /// False
    fn is_winning(&self, positions: Vec<usize>) -> PyResult<bool> {
        use comity::game::{Coalition, SimpleGame};
        let n = self.ids.len();
        if let Some(&bad) = positions.iter().find(|&&i| i >= n) {
            return Err(errors::input(format!("position {bad}: expected 0 to {}", n - 1)));
        }
        Ok(self.game.is_winning(&Coalition::from_players(positions)))
    }
}

#[pymodule]
fn _comity(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Institution>()?;
    m.add_class::<Game>()?;
    m.add_function(wrap_pyfunction!(power::power_indices, m)?)?;
    m.add_function(wrap_pyfunction!(power::power_indices_monte_carlo, m)?)?;
    m.add_function(wrap_pyfunction!(power::structure, m)?)?;
    m.add_function(wrap_pyfunction!(coop::tu_solve, m)?)?;
    m.add_function(wrap_pyfunction!(coop::tu_bankruptcy, m)?)?;
    m.add_function(wrap_pyfunction!(coop::capacity_scale, m)?)?;
    m.add_function(wrap_pyfunction!(coop::cost_shares, m)?)?;
    m.add_function(wrap_pyfunction!(coop::airport_costs, m)?)?;
    m.add_function(wrap_pyfunction!(nash::nash_bimatrix, m)?)?;
    m.add_function(wrap_pyfunction!(nash::nash_normal_form, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::baron_ferejohn, m)?)?;
    m.add_class::<bargain::BaronFerejohn>()?;
    m.add_function(wrap_pyfunction!(bargain::nash_bargaining, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::spatial_1d, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::spatial_2d, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::smallest_club, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::smallest_winning, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::abatement, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::deadline, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::open_rule, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::co_facilitators, m)?)?;
    m.add_function(wrap_pyfunction!(bargain::status_quo, m)?)?;
    m.add_class::<study::Study>()?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_match, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_tournament, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_automaton_match, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_exact_tournament, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_moran, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_institution, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::reciprocity_members, m)?)?;
    m.add_function(wrap_pyfunction!(repeated::burden_file, m)?)?;
    m.add_function(wrap_pyfunction!(blocs::blocs_pooling, m)?)?;
    m.add_function(wrap_pyfunction!(blocs::blocs_pooling_region, m)?)?;
    m.add_function(wrap_pyfunction!(blocs::blocs_stable, m)?)?;
    m.add_function(wrap_pyfunction!(blocs::blocs_stable_by_types, m)?)?;
    m.add_function(wrap_pyfunction!(blocs::blocs_enlargement, m)?)?;
    m.add_function(wrap_pyfunction!(blocs::blocs_growth, m)?)?;
    m.add_function(wrap_pyfunction!(interrupt::running, m)?)?;
    m.add_function(wrap_pyfunction!(timing::library_seconds_power_indices, m)?)?;
    m.add_function(wrap_pyfunction!(timing::library_seconds_baron_ferejohn, m)?)?;
    Ok(())
}
