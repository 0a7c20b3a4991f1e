//! Nash equilibria of normal-form games, for `comity.nash`.
//!
//! Two players: every equilibrium (support enumeration, or vertex enumeration when the game is
//! degenerate, which gives the extreme points of the components), each also in exact fractions.
//! More players: the pure equilibria, the library's only complete method beyond two players.

use crate::errors::{Failure, Kind, failure};
use crate::interrupt;
use comity::equilibrium::{
    EquilibriumError, GameShapeError, NormalFormGame, all_equilibria, exact_equilibrium, pure_equilibria,
};
use pyo3::prelude::*;
use serde_json::{Value, json};

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

fn solve(game: NormalFormGame) -> Result<Value, Failure> {
    if game.players() != 2 {
        let pure = pure_equilibria(&game);
        return Ok(json!({
            "method": "pure equilibria",
            "degenerate": Value::Null,
            "equilibria": pure.iter().map(|e| json!({"strategies": e.strategies, "payoffs": e.payoffs, "exact": Value::Null})).collect::<Vec<_>>(),
        }));
    }
    let all = all_equilibria(&game).map_err(equilibrium_failure)?;
    let equilibria: Vec<Value> = all
        .equilibria
        .iter()
        .map(|e| {
            let exact = exact_equilibrium(&game, e).map(|s| {
                s.iter().map(|p| p.iter().map(|x| x.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>()
            });
            json!({"strategies": e.strategies, "payoffs": e.payoffs, "exact": exact})
        })
        .collect();
    Ok(json!({"method": all.method, "degenerate": all.degenerate, "equilibria": equilibria}))
}

/// The equilibria of the bimatrix game (`row`'s payoffs, `col`'s payoffs) as JSON.
#[pyfunction]
pub fn nash_bimatrix(py: Python<'_>, row: Vec<Vec<f64>>, col: Vec<Vec<f64>>) -> PyResult<String> {
    let game = NormalFormGame::bimatrix(row, col).map_err(|e| failure(shape_failure(e)))?;
    Ok(interrupt::run(py, move || solve(game))?.map_err(failure)?.to_string())
}

/// The equilibria of the game with `actions[p]` actions per player and, per player, payoffs in
/// row-major profile order (player 0 slowest), as JSON.
#[pyfunction]
pub fn nash_normal_form(py: Python<'_>, actions: Vec<usize>, payoffs: Vec<Vec<f64>>) -> PyResult<String> {
    let game = NormalFormGame::new(actions, payoffs).map_err(|e| failure(shape_failure(e)))?;
    Ok(interrupt::run(py, move || solve(game))?.map_err(failure)?.to_string())
}
