//! Repeated games: memory-one strategies in the repeated prisoner's dilemma (exact long-run
//! and discounted payoffs, zero-determinant strategies) and the conditions under which
//! cooperation is an equilibrium (grim trigger thresholds, feasibility and individual
//! rationality, the n-player public-goods game).
//!
//! # References
//! Keohane (1986), "Reciprocity in international relations", IO 40(1), and Ruggie (1992) for
//! specific and diffuse reciprocity; each module cites its models.

mod conditions;
mod memory_one;

pub use conditions::{
    feasible_and_rational, grim_trigger, public_goods_critical_delta, FolkCheck, GrimTrigger,
};
pub use memory_one::{discounted_payoffs, long_run_payoffs, MemoryOne, RepeatedError, StagePayoffs};
