//! Nash equilibria of normal-form games, for `comity.nash`.
//!
//! Two players: every equilibrium (support enumeration, or vertex enumeration when the game is
//! degenerate, which gives the extreme points of the components), each also in exact fractions.
//! More players: the pure equilibria, the library's only complete method beyond two players.
//! The equilibria cross as Python lists and `Fraction`s, not JSON text.

use crate::errors::{Failure, Kind, failure};
use crate::{fill, interrupt};
use comity::cancel::CancelToken;
use comity::equilibrium::{
    EquilibriumError, GameShapeError, NormalFormGame, all_equilibria_cancellable, exact_equilibrium,
    pure_equilibria_cancellable,
};
use num_rational::BigRational;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

fn shape_failure(err: GameShapeError) -> Failure {
    let kind = match err {
        GameShapeError::TooLarge { .. } => Kind::Limit,
        _ => Kind::Input,
    };
    (kind, err.to_string())
}

fn equilibrium_failure(err: EquilibriumError) -> Failure {
    let kind = match err {
        EquilibriumError::TooLarge { .. } => Kind::Limit,
        EquilibriumError::NeedsTwoPlayers { .. } | EquilibriumError::BadDistribution { .. } => Kind::Input,
        _ => Kind::Solver,
    };
    (kind, err.to_string())
}

/// One equilibrium as it crosses to Python: each player's strategy, the payoffs, and the
/// strategies as exact fractions (two players only).
type Found = (Vec<Vec<f64>>, Vec<f64>, Option<Vec<Vec<BigRational>>>);

/// The solver's answer: its method, whether the game is degenerate (two players only), and the
/// equilibria.
type Solved = (&'static str, Option<bool>, Vec<Found>);

fn solve(game: NormalFormGame, cancel: &CancelToken) -> Result<Solved, Failure> {
    if game.players() != 2 {
        let pure = pure_equilibria_cancellable(&game, cancel).map_err(equilibrium_failure)?;
        return Ok((
            "pure equilibria",
            None,
            pure.into_iter().map(|e| (e.strategies, e.payoffs, None)).collect(),
        ));
    }
    let all = all_equilibria_cancellable(&game, cancel).map_err(equilibrium_failure)?;
    let equilibria = all
        .equilibria
        .into_iter()
        .map(|e| {
            // Each exact recomputation solves two systems in big rationals: a check apiece.
            cancel.check().map_err(|i| equilibrium_failure(i.into()))?;
            let exact = exact_equilibrium(&game, &e);
            Ok((e.strategies, e.payoffs, exact))
        })
        .collect::<Result<_, Failure>>()?;
    Ok((all.method, Some(all.degenerate), equilibria))
}

/// The answer as Python values: `(method, degenerate, [(strategies, payoffs, exact)])`, the
/// exact strategies as `fractions.Fraction`s ([`fill::fraction`]). (Formerly JSON text, with
/// the fractions as strings parsed again in Python: the values are the same.)
fn to_python(py: Python<'_>, (method, degenerate, equilibria): Solved) -> PyResult<Bound<'_, PyTuple>> {
    let list = PyList::empty(py);
    for (strategies, payoffs, exact) in equilibria {
        let exact = match exact {
            None => py.None().into_bound(py),
            Some(players) => {
                let out = PyList::empty(py);
                for player in &players {
                    let row = PyList::empty(py);
                    for p in player {
                        row.append(fill::fraction(py, p)?)?;
                    }
                    out.append(row)?;
                }
                out.into_any()
            }
        };
        list.append((strategies, payoffs, exact))?;
    }
    PyTuple::new(
        py,
        [method.into_pyobject(py)?.into_any(), degenerate.into_pyobject(py)?.into_any(), list.into_any()],
    )
}

/// The equilibria of the bimatrix game (`row`'s payoffs, `col`'s payoffs): `(method,
/// degenerate, [(strategies, payoffs, exact fractions)])`.
#[pyfunction]
pub fn nash_bimatrix<'py>(
    py: Python<'py>,
    row: Vec<Vec<f64>>,
    col: Vec<Vec<f64>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let game = NormalFormGame::bimatrix(row, col).map_err(|e| failure(shape_failure(e)))?;
    let solved = interrupt::run_cancellable(py, move |cancel| solve(game, cancel))?.map_err(failure)?;
    to_python(py, solved)
}

/// The equilibria of the game with `actions[p]` actions per player and, per player, payoffs in
/// row-major profile order (player 0 slowest): `(method, None, [(strategies, payoffs, None)])`.
#[pyfunction]
pub fn nash_normal_form<'py>(
    py: Python<'py>,
    actions: Vec<usize>,
    payoffs: Vec<Vec<f64>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let game = NormalFormGame::new(actions, payoffs).map_err(|e| failure(shape_failure(e)))?;
    let solved = interrupt::run_cancellable(py, move |cancel| solve(game, cancel))?.map_err(failure)?;
    to_python(py, solved)
}
