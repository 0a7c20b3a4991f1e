//! Repeated games: memory-one strategies in the repeated prisoner's dilemma (exact long-run
//! and discounted payoffs, zero-determinant strategies, simulated matches and tournaments),
//! the conditions under which cooperation is an equilibrium (grim trigger thresholds,
//! feasibility and individual rationality, the n-player public-goods game), evolution
//! (replicator dynamics, the Moran process) and repeated public-goods institutions whose
//! members reciprocate specifically, diffusely or indirectly.
//!
//! # References
//! Keohane (1986), "Reciprocity in international relations", IO 40(1), and Ruggie (1992) for
//! specific and diffuse reciprocity; each module cites its models.

mod conditions;
mod evolution;
pub mod institution;
mod memory_one;
mod play;
pub mod public_goods;
mod tournament;

pub use conditions::{
    FolkCheck, GrimTrigger, feasible_and_rational, grim_trigger, public_goods_critical_delta,
};
pub use evolution::{
    MORAN_MAX_POPULATION, MORAN_MAX_RUNS, MORAN_MAX_SIMULATED_POPULATION, REPLICATOR_MAX_STEPS,
    moran_fixation, moran_simulated, moran_simulated_with_progress, payoff_matrix, replicator,
    replicator_sampled,
};
pub(crate) use memory_one::probability;
pub use memory_one::{MemoryOne, RepeatedError, StagePayoffs, discounted_payoffs, long_run_payoffs};
pub use play::play_match;
pub use tournament::{
    TOURNAMENT_MAX_KEPT, TOURNAMENT_MAX_ROUNDS, Tournament, TournamentOptions, tournament,
    tournament_with_progress,
};
