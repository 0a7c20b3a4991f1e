//! Bargaining, for `comity.baron_ferejohn` and `comity.nash_bargaining`.

use crate::errors::{Failure, Kind, failure};
use crate::{Game, fill, interrupt};
use comity::bargaining::{BargainingError, FeasibleSet, Recognition, kalai_smorodinsky, nash_solution};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use serde_json::{Value, json};

fn bargaining_failure(err: BargainingError) -> Failure {
    let kind = match err {
        BargainingError::TooManyClasses { .. } => Kind::Limit,
        BargainingError::NotConverged { .. } | BargainingError::Interrupted(_) => Kind::Solver,
        _ => Kind::Input,
    };
    (kind, err.to_string())
}

/// The stationary equilibrium of Baron-Ferejohn bargaining under ``game`` (or an
/// institution's ``rule``), with ``recognition`` weights (equal when None; normalised; one
/// number per member, in the game's order) and ``discount`` in [0, 1], as a ``BaronFerejohn``:
/// per member, in the order of its ``ids``, the expected ``values``, the ``recognition``
/// probabilities, what a member ``keeps`` as proposer, the ``offer`` that buys its vote and its
/// class (``class_of``, an index into ``classes``); ``.value(id)`` for one member and
/// ``.to_frame()`` for a DataFrame indexed by id.
///
/// The result holds the library's numbers and makes each array, and the frame, when first asked
/// for: a DataFrame costs pandas more than the Security Council's equilibrium costs the library
/// (see README, "From Python").
///
/// >>> import comity
/// >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
/// >>> bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9)
/// >>> bool(bf.value("CHN") > bf.value("LBR")), round(float(bf.values.sum()), 12)
/// (True, 1.0)
/// >>> df = bf.to_frame()
/// >>> df.loc[["CHN", "LBR"], "value"].round(4).tolist(), df.loc[["CHN", "LBR"], "class"].tolist()
/// ([0.1524, 0.0238], [0, 1])
//
// This is `comity.baron_ferejohn` itself, not wrapped by a Python function: a Python frame,
// run around a computation that evicts the interpreter from the caches, cost 0.5 to 1 µs of
// the 3 to 7 that issue 19's goal allows at the Security Council (benches/peers/
// python_overhead.py). A compiled game is taken as it is; anything else, or a rule, goes
// through the Python half's `comity.power._game` (compiling an institution's rule, or refusing
// in one line). The discount and the weights are checked here ([`Discount`], [`Weights`]).
#[pyfunction]
#[pyo3(
    signature = (game, rule=None, discount=Discount(0.9), recognition=None),
    text_signature = "(game, rule=None, discount=0.9, recognition=None)"
)]
pub fn baron_ferejohn<'py>(
    py: Python<'py>,
    game: &Bound<'py, PyAny>,
    rule: Option<&Bound<'py, PyAny>>,
    discount: Discount,
    recognition: Option<Weights>,
) -> PyResult<BaronFerejohn> {
    let game = match (game.downcast::<Game>(), rule) {
        (Ok(game), None) => game.clone(),
        _ => resolve_game(py, game, rule)?,
    };
    let (discount, recognition) = (discount.0, recognition.map(|w| w.0));
    let inner = game.get();
    let n = inner.ids.len();
    // Floats hash by their bits: the same parameters, the same key.
    let key = interrupt::memo_key((
        "baron_ferejohn",
        discount.to_bits(),
        recognition.as_ref().map(|p| p.iter().map(|x| x.to_bits()).collect::<Vec<_>>()),
    ));
    let recognition = recognition_of(recognition);
    let lib_game = inner.game.clone();
    // On a worker, Ctrl-C cancels the token and the solve stops at its next checkpoint.
    let eq = interrupt::run_known(py, &inner.costs, key, move |cancel| {
        let p = recognition.probabilities(n)?;
        comity::bargaining::baron_ferejohn_cancellable(&lib_game, &p, discount, cancel)
    })?
    .map_err(|e| failure(bargaining_failure(e)))?;
    Ok(BaronFerejohn { eq, game: game.unbind(), arrays: std::array::from_fn(|_| GILOnceCell::new()) })
}

/// `comity.power._game`, looked up once.
static RESOLVE: GILOnceCell<Py<PyAny>> = GILOnceCell::new();

/// The game of `game` and `rule` as the Python half resolves them (`comity.power._game`: an
/// institution's rule compiled, a compiled game without a rule, anything else refused).
fn resolve_game<'py>(
    py: Python<'py>,
    game: &Bound<'py, PyAny>,
    rule: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, Game>> {
    let resolve =
        RESOLVE.get_or_try_init(py, || py.import("comity.power")?.getattr("_game").map(Bound::unbind))?;
    let resolved = resolve.bind(py).call1((game, rule))?;
    Ok(resolved.downcast_into::<Game>()?)
}

/// A discount factor as given from Python: any number; a value of another type is refused in
/// one line naming the field (the range is the library's to check).
pub struct Discount(f64);

impl<'py> FromPyObject<'py> for Discount {
    fn extract_bound(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        value.extract::<f64>().map(Discount).map_err(|_| {
            crate::errors::input(format!("discount: {}; expected a number in [0, 1]", shown(value)))
        })
    }
}

/// Recognition weights as given from Python: any iterable of numbers ([`numbers`]).
pub struct Weights(Vec<f64>);

impl<'py> FromPyObject<'py> for Weights {
    fn extract_bound(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        numbers(value, "recognition").map(Weights)
    }
}

/// `value` as the user wrote it, for an error message (its `repr`, or its type's name).
fn shown(value: &Bound<'_, PyAny>) -> String {
    value.repr().map_or_else(|_| value.get_type().to_string(), |r| r.to_string())
}

/// The numbers of `value` (a list, a tuple, a numpy array, a Series: anything iterable whose
/// items convert to floats), or an input error naming `what` and the item at fault.
fn numbers(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<f64>> {
    let expected = "expected one number per member";
    // A string iterates as characters: refused as a whole rather than item by item.
    if value.is_instance_of::<PyString>() {
        return Err(crate::errors::input(format!("{what}: {}; {expected}", shown(value))));
    }
    let item = |k: usize, x: Bound<'_, PyAny>| {
        x.extract::<f64>()
            .map_err(|_| crate::errors::input(format!("{what}: item {k} is {}; {expected}", shown(&x))))
    };
    // A list, the common case, read without an iterator object.
    if let Ok(list) = value.downcast::<PyList>() {
        return list.iter().enumerate().map(|(k, x)| item(k, x)).collect();
    }
    let items = value
        .try_iter()
        .map_err(|_| crate::errors::input(format!("{what}: {}; {expected}", shown(value))))?;
    items.enumerate().map(|(k, x)| item(k, x?)).collect()
}

/// `numpy.frombuffer` and the dtypes float64 and int64, looked up once.
static NUMPY: GILOnceCell<(Py<PyAny>, Py<PyAny>, Py<PyAny>)> = GILOnceCell::new();

/// The stationary equilibrium of Baron-Ferejohn bargaining, as ``comity.baron_ferejohn``
/// returns it: the members' ``ids``, the ``discount``, per member (numpy arrays, read-only, in
/// the order of ``ids``) the expected ``values``, the ``recognition`` probabilities, what a
/// member ``keeps`` as proposer, the ``offer`` that buys its vote and its class (``class_of``),
/// and the ``classes`` of interchangeable members with their proposals; ``to_frame()`` gives
/// them as a DataFrame indexed by id.
///
/// Each array is made on first access and kept (read-only, so that every access sees the
/// library's numbers); ``classes`` and ``to_frame()`` are made afresh at each call, for the
/// caller to keep or change.
///
/// >>> import comity
/// >>> # Five members, simple majority, discount 0.9: by hand each expects 1/5, a proposer
/// >>> # keeps 1 - 0.9 x 2/5 = 0.64 and offers two partners 0.9 x 1/5 = 0.18 each.
/// >>> bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9)
/// >>> bf.values.round(12).tolist(), bf.keeps.round(12).tolist()[0], bf.offer.round(12).tolist()[0]
/// ([0.2, 0.2, 0.2, 0.2, 0.2], 0.64, 0.18)
/// >>> bf.ids, bf.discount, bf.class_of.tolist()
/// (['1', '2', '3', '4', '5'], 0.9, [0, 0, 0, 0, 0])
#[pyclass(frozen, module = "comity", name = "BaronFerejohn")]
pub struct BaronFerejohn {
    eq: comity::bargaining::BaronFerejohn,
    /// The game solved: its ids, its label and the frame's index.
    game: Py<Game>,
    /// The arrays of the columns value, recognition, keeps, offer and class, made on first
    /// access: a numpy array costs about a microsecond to make, several times that right after
    /// a computation (see `fill.rs`), and the goal of issue 19 leaves the Security Council's
    /// call 3 to 7 microseconds over the library's.
    arrays: [GILOnceCell<Py<PyAny>>; 5],
}

impl BaronFerejohn {
    /// Float column `k` (0 to 3: value, recognition, keeps, offer), one number per member: the
    /// member's value, or its class's recognition, keeps or offer.
    fn column(&self, k: usize) -> Vec<f64> {
        let eq = &self.eq;
        let of_class: fn(&comity::bargaining::MemberClass) -> f64 = match k {
            0 => return eq.values.clone(),
            1 => |c| c.recognition,
            2 => |c| c.keeps,
            _ => |c| c.offer,
        };
        eq.class_of.iter().map(|&c| of_class(&eq.classes[c])).collect()
    }

    /// The array of column `k`, made on first access (from a `bytes` object, so read-only).
    fn array(&self, py: Python<'_>, k: usize) -> PyResult<Py<PyAny>> {
        self.arrays[k]
            .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
                let (frombuffer, float64, int64) = NUMPY.get_or_try_init(py, || -> PyResult<_> {
                    let numpy = py.import("numpy")?;
                    let dtype = |name: &str| numpy.getattr("dtype")?.call1((name,)).map(Bound::unbind);
                    Ok((numpy.getattr("frombuffer")?.unbind(), dtype("float64")?, dtype("int64")?))
                })?;
                let n = self.eq.values.len();
                let bytes = if k == 4 {
                    let classes = &self.eq.class_of;
                    PyBytes::new_with(py, 8 * n, |out| {
                        for (chunk, &c) in out.chunks_exact_mut(8).zip(classes) {
                            chunk.copy_from_slice(&(c as i64).to_ne_bytes());
                        }
                        Ok(())
                    })?
                } else {
                    let column = self.column(k);
                    PyBytes::new_with(py, 8 * n, |out| {
                        for (chunk, x) in out.chunks_exact_mut(8).zip(&column) {
                            chunk.copy_from_slice(&x.to_ne_bytes());
                        }
                        Ok(())
                    })?
                };
                let dtype = if k == 4 { int64 } else { float64 };
                Ok(frombuffer.bind(py).call1((bytes, dtype.bind(py)))?.unbind())
            })
            .map(|array| array.clone_ref(py))
    }

    /// The classes with their proposals, as a new list of dicts (keys interned: made once per
    /// process, not once per dict).
    fn classes_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let classes = PyList::empty(py);
        for c in &self.eq.classes {
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
        Ok(classes)
    }

    /// One line saying what was solved.
    fn header(&self) -> String {
        let game = self.game.get();
        let classes = self.eq.classes.len();
        format!(
            "BaronFerejohn: {}, {} members, discount {}, {classes} class{}",
            game.label,
            game.ids.len(),
            self.eq.discount,
            if classes == 1 { "" } else { "es" }
        )
        .replace('\n', " ")
    }

    /// `comity.bargaining.<name>(self)`: the frame and its renderings are the Python half's.
    fn delegate<'py>(slf: &Bound<'py, Self>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("comity.bargaining")?.getattr(name)?.call1((slf,))
    }
}

#[pymethods]
impl BaronFerejohn {
    /// The members' ids, in the game's order (the order of every array).
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.game.get().ids.clone()
    }

    /// The discount factor.
    #[getter]
    fn discount(&self) -> f64 {
        self.eq.discount
    }

    /// Each member's expected payoff at the start of a round; they sum to 1.
    #[getter]
    fn values(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.array(py, 0)
    }

    /// Each member's recognition probability (the weights given, normalised).
    #[getter]
    fn recognition(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.array(py, 1)
    }

    /// What each member keeps when it proposes.
    #[getter]
    fn keeps(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.array(py, 2)
    }

    /// What each member is offered when invited as a partner (the discount times its value).
    #[getter]
    fn offer(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.array(py, 3)
    }

    /// Each member's class, an index into ``classes``.
    #[getter]
    fn class_of(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.array(py, 4)
    }

    /// The classes of interchangeable members with equal recognition: per class its
    /// ``members`` (positions), ``recognition``, ``value``, ``keeps`` and ``offer`` (each
    /// member's), and its ``proposals`` (``probability``, and ``partners``: how many from each
    /// class), as a new list of dicts.
    #[getter]
    fn classes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.classes_list(py)
    }

    /// The expected payoff of the member with id ``member``.
    ///
    /// >>> import comity
    /// >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
    /// >>> bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9)
    /// >>> bf.value("CHN") > bf.value("LBR")
    /// True
    fn value(&self, member: &Bound<'_, PyAny>) -> PyResult<f64> {
        let ids = &self.game.get().ids;
        let position = member.extract::<String>().ok().and_then(|m| ids.iter().position(|id| *id == m));
        match position {
            Some(i) => Ok(self.eq.values[i]),
            None => {
                let shown_ids: Vec<&str> = ids.iter().take(8).map(String::as_str).collect();
                let more =
                    if ids.len() > 8 { format!(", ... ({} in all)", ids.len()) } else { String::new() };
                Err(crate::errors::input(format!(
                    "member: {} is not a member id; expected one of {}{more}",
                    shown(member),
                    shown_ids.join(", ")
                )))
            }
        }
    }

    /// The equilibrium as a DataFrame indexed by member id (``id``), with the columns
    /// ``value``, ``recognition``, ``keeps``, ``offer`` (floats) and ``class`` (integers), and
    /// in ``attrs`` the ``discount`` and the ``classes``; a new frame at each call.
    ///
    /// >>> import comity
    /// >>> df = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9).to_frame()
    /// >>> list(df.columns), df.index.name, df.attrs["discount"], len(df.attrs["classes"])
    /// (['value', 'recognition', 'keeps', 'offer', 'class'], 'id', 0.9, 1)
    fn to_frame<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::delegate(slf, "_baron_ferejohn_frame")
    }

    /// The game solved (the frame's index is made from it).
    #[getter]
    fn _game(&self, py: Python<'_>) -> Py<Game> {
        self.game.clone_ref(py)
    }

    /// Writes the frame's columns into the buffers of a frame built by the Python half
    /// (`floats`: value, recognition, keeps, offer, column after column; `class_of`: each
    /// member's class) and the discount and the classes into its `attrs`.
    fn _fill(
        &self,
        floats: &Bound<'_, PyByteArray>,
        class_of: &Bound<'_, PyByteArray>,
        attrs: &Bound<'_, PyDict>,
    ) -> PyResult<()> {
        let py = floats.py();
        let n = self.eq.values.len();
        // Both checked before either is written: a refused call leaves the frame as it was.
        for (buffer, what, expected) in [(floats, "floats", 4 * n * 8), (class_of, "class_of", n * 8)] {
            if buffer.len() != expected {
                return Err(crate::errors::input(format!(
                    "{what}: a buffer of {} bytes; expected {expected} for {n} members",
                    buffer.len()
                )));
            }
        }
        let columns: Vec<f64> = (0..4).flat_map(|k| self.column(k)).collect();
        fill::write_f64(floats, &columns, "floats")?;
        let classes: Vec<i64> = self.eq.class_of.iter().map(|&c| c as i64).collect();
        fill::write_i64(class_of, &classes, "class_of")?;
        attrs.set_item(intern!(py, "discount"), self.eq.discount)?;
        attrs.set_item(intern!(py, "classes"), self.classes_list(py)?)?;
        Ok(())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let frame = Self::delegate(slf, "_baron_ferejohn_frame")?;
        Ok(format!("{}\n{}", slf.get().header(), frame.repr()?))
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let frame = Self::delegate(slf, "_baron_ferejohn_frame")?;
        let html: String = frame.call_method0("_repr_html_")?.extract()?;
        let header = slf.get().header();
        let escaped = header.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        Ok(format!("<p>{escaped}</p>\n{html}"))
    }
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
    use comity::bargaining::{in_core_2d, rescale, setter_outcome_2d, winset_2d_cancellable};
    let lib_game = game.game.clone();
    // The boundary (up to 100,000 directions) is the long part and stops on Ctrl-C; the core
    // tests and the setter outcomes take milliseconds even for 256 members.
    let out = interrupt::run_cancellable(py, move |cancel| -> Result<Value, Failure> {
        let fail = |e| bargaining_failure(e);
        let n = ideals.len();
        // Salience-weighted distance is Euclidean in the rescaled plane; points go back.
        let points = rescale(&ideals, salience).map_err(fail)?;
        let sq = rescale(&[q], salience).map_err(fail)?[0];
        let back = |p: [f64; 2]| [p[0] / salience[0].sqrt(), p[1] / salience[1].sqrt()];
        let consensus = count_game(n, n as u64)?;
        let (boundary, area) =
            winset_2d_cancellable(&*lib_game, &points, sq, directions, cancel).map_err(fail)?;
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
    // On a worker, Ctrl-C cancels the token and the branch and bound stops within 256 nodes.
    interrupt::run_cancellable(py, move |cancel| {
        comity::bargaining::smallest_club_cancellable(&values, &targets, cancel)
    })?
    .map_err(|e| failure(bargaining_failure(e)))
}

/// The positions of a smallest winning coalition of `game`, found on its decision diagram.
#[pyfunction]
pub fn smallest_winning(py: Python<'_>, game: &Game) -> PyResult<Vec<usize>> {
    use comity::game::{Coalition, SimpleGame};
    use comity::power::{DIAGRAM_MAX_STATES, diagram_supported, smallest_winning_coalition_cancellable};
    let (lib_game, label) = (game.game.clone(), game.label.clone());
    // On a worker, Ctrl-C cancels the token and the diagram's construction stops.
    interrupt::run_cancellable(py, move |cancel| match smallest_winning_coalition_cancellable(&lib_game, cancel) {
        // Only an interrupted call is cancelled, and its caller has raised KeyboardInterrupt.
        Err(stopped) => Err((Kind::Solver, stopped.to_string())),
        Ok(Some(club)) => Ok(club),
        Ok(None) if !diagram_supported(&lib_game) => Err((
            Kind::Input,
            format!("{label}: a smallest winning coalition is found on the rule's decision diagram, which takes rules built from weighted, count and veto conditions (not blocs or enumerated games)"),
        )),
        Ok(None) if !lib_game.is_winning(&Coalition::grand(lib_game.n())) => {
            Err((Kind::Input, format!("{label}: even all members together do not win")))
        }
        Ok(None) => Err((
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
    use comity::bargaining::{AbatementGame, Benefits, Timing, stable_coalitions_cancellable, stable_sizes};
    let form = match satiation {
        Some(a) => Benefits::Quadratic { a },
        None => Benefits::Linear,
    };
    let timing = if stackelberg { Timing::Stackelberg } else { Timing::Nash };
    // The enumeration of coalitions (2^20 at 20 countries) stops on Ctrl-C; stable sizes of
    // identical countries take O(n) steps.
    let out = interrupt::run_cancellable(py, move |cancel| -> Result<Value, Failure> {
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
                let stable = stable_coalitions_cancellable(&game, cancel).map_err(fail)?;
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
    let d = interrupt::run_cancellable(py, move |cancel| {
        let p = recognition.probabilities(n)?;
        comity::bargaining::deadline_cancellable(&lib_game, &p, discount, rounds, cancel)
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
    use comity::bargaining::{StatusQuoOptions, status_quo_bargaining_cancellable};
    let n = game.ids.len();
    let recognition = recognition_of(recognition);
    let lib_game = game.game.clone();
    let options = StatusQuoOptions { grid, range, horizon };
    let eq = interrupt::run_cancellable(py, move |cancel| {
        let p = recognition.probabilities(n)?;
        status_quo_bargaining_cancellable(&lib_game, &ideals, &p, discount, q, &options, cancel)
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
