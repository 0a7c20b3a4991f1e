//! Repeated games: in the repeated prisoner's dilemma, memory-one strategies (exact long-run
//! and discounted payoffs, zero-determinant strategies, simulated matches and tournaments)
//! and strategies as finite automata (classic strategies with their sources, exact `T`-round
//! and long-run payoffs, tournaments with exact expected scores); the conditions under which
//! cooperation is an equilibrium (grim trigger thresholds, feasibility and individual
//! rationality, the n-player public-goods game), evolution (replicator dynamics, the Moran
//! process with long-run or match payoffs) and repeated public-goods institutions whose
//! members reciprocate specifically, diffusely or indirectly.
//!
//! # References
//! Keohane (1986), "Reciprocity in international relations", IO 40(1), and Ruggie (1992) for
//! specific and diffuse reciprocity; each module cites its models.

mod automaton;
pub mod burden_file;
mod classic_strategies;
mod conditions;
mod evolution;
pub mod institution;
mod match_play;
mod memory_one;
mod play;
pub mod public_goods;
mod tournament;

pub use automaton::{AUTOMATON_MAX_STATES, Automaton, AutomatonState, OUTCOMES};
pub use classic_strategies::{
    CLASSIC_MAX_PARAMETER, CLASSIC_STRATEGIES, ClassicStrategy, GRADUAL_DEFAULT_CAP, automaton_strategy,
    classic_strategy,
};
pub use conditions::{
    FolkCheck, GrimTrigger, feasible_and_rational, grim_trigger, public_goods_critical_delta,
};
pub use evolution::{
    MORAN_MAX_POPULATION, MORAN_MAX_RUNS, MORAN_MAX_SIMULATED_POPULATION, REPLICATOR_MAX_STEPS, Scoring,
    automaton_payoff_matrix, moran_fixation, moran_simulated, moran_simulated_cancellable,
    moran_simulated_with_progress, payoff_matrix, replicator, replicator_sampled,
};
pub use match_play::{
    DEFAULT_TURNS, LONG_RUN_MAX_JOINT_STATES, MATCH_MAX_WORK, TURNS_PER_CHECK, automaton_long_run_payoffs,
    match_payoffs, match_payoffs_cancellable, simulate_automaton_match,
};
pub(crate) use memory_one::probability;
pub use memory_one::{MemoryOne, RepeatedError, StagePayoffs, discounted_payoffs, long_run_payoffs};
pub use play::{play_match, play_match_cancellable};
pub use tournament::{
    ExactTournament, TOURNAMENT_MAX_KEPT, TOURNAMENT_MAX_ROUNDS, Tournament, TournamentOptions,
    exact_tournament, exact_tournament_cancellable, tournament, tournament_cancellable,
    tournament_with_progress,
};
