//! Equilibria of normal-form games: pure equilibria, all equilibria of bimatrix games (support
//! and vertex enumeration), Lemke-Howson, zero-sum values, correlated equilibria, minmax
//! values and iterated elimination of dominated strategies. Every equilibrium returned has
//! passed an independent best-response check.
//!
//! # References
//! Nisan, Roughgarden, Tardos & Vazirani (2007), *Algorithmic Game Theory*, ch. 3; each module
//! cites its algorithm.

mod enumeration;
mod game;
mod lemke_howson;
mod linear;
mod lp;
mod pure;

pub use enumeration::{
    all_equilibria, exact_equilibrium, support_enumeration, vertex_enumeration, AllEquilibria, MAX_BASES,
    MAX_QUEUE_BYTES, MAX_SUPPORT_PAIRS, MAX_VERTICES,
};
pub use game::{
    verified, Equilibrium, EquilibriumError, GameShapeError, NormalFormGame, EQUILIBRIUM_TOLERANCE,
};
pub use lemke_howson::lemke_howson;
pub use lp::{
    correlated_equilibrium, eliminate_dominated, is_correlated_equilibrium, minmax, zero_sum,
    CorrelatedEquilibrium, Elimination, Minmax, ZeroSumSolution, MAX_CORRELATED_TERMS,
};
pub use pure::pure_equilibria;
