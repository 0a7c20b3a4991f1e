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
    AllEquilibria, MAX_BASES, MAX_QUEUE_BYTES, MAX_SUPPORT_PAIRS, MAX_VERTICES, all_equilibria,
    all_equilibria_cancellable, exact_equilibrium, support_enumeration, support_enumeration_cancellable,
    vertex_enumeration, vertex_enumeration_cancellable,
};
pub use game::{
    EQUILIBRIUM_TOLERANCE, Equilibrium, EquilibriumError, GameShapeError, NormalFormGame, verified,
};
pub use lemke_howson::lemke_howson;
pub use lp::{
    CorrelatedEquilibrium, Elimination, MAX_CORRELATED_TERMS, Minmax, ZeroSumSolution,
    correlated_equilibrium, eliminate_dominated, is_correlated_equilibrium, minmax, zero_sum,
};
pub use pure::{pure_equilibria, pure_equilibria_cancellable};
