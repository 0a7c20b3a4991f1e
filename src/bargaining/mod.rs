//! Bargaining: how members divide the gains of agreement.
//!
//! Legislative bargaining under any rule (Baron-Ferejohn), the axiomatic solutions (Nash,
//! asymmetric Nash, Kalai-Smorodinsky), Rubinstein's alternating offers, spatial bargaining
//! in one and two dimensions (winsets, the core, agenda setters, like-minded clubs),
//! self-enforcing agreements (Barrett), and minilateral club design; each submodule states
//! its model and cites it.
//!
//! # References
//! Nash (1950), "The bargaining problem", Econometrica 18(2); Kalai & Smorodinsky (1975),
//! Econometrica 43(3); Rubinstein (1982), Econometrica 50(1); Osborne & Rubinstein (1990),
//! *Bargaining and Markets*.

mod axiomatic;
mod baron_ferejohn;
mod baron_ferejohn_core;
mod baron_ferejohn_knapsack;
mod baron_ferejohn_mixing;
mod baron_ferejohn_threshold;
mod baron_ferejohn_threshold_fill;
mod club;
mod co_facilitators;
mod deadline;
mod like_minded;
mod like_minded_club;
mod like_minded_dynamics;
mod open_rule;
mod rubinstein;
mod self_enforcing;
mod spatial;
mod spatial_2d;
mod status_quo;

pub use axiomatic::{BargainingError, FeasibleSet, kalai_smorodinsky, nash_solution, nash_surplus};
pub use baron_ferejohn::{
    BaronFerejohn, MAX_PROFILES, MemberClass, Method, Proposal, Recognition, TOLERANCE, baron_ferejohn,
    baron_ferejohn_cancellable, baron_ferejohn_with, baron_ferejohn_with_cancellable,
};
pub use baron_ferejohn_core::MAX_CORE;
pub use baron_ferejohn_knapsack::{MAX_NODES, MAX_STATES, MAX_WORK};
pub use club::{MAX_CLUB_NODES, smallest_club, smallest_club_cancellable};
pub use co_facilitators::co_facilitators;
pub use deadline::{Deadline, MAX_DEADLINE_WORK, deadline, deadline_cancellable};
pub use like_minded::{
    LikeMinded1d, find_stable_like_minded, join_leave_like_minded, like_minded_1d, stable_like_minded_1d,
    stable_like_minded_exhaustive,
};
pub use like_minded_club::{find_like_minded_club, join_leave_club, largest_consensus_club};
pub use like_minded_dynamics::{Found, MembershipSearch};
pub use open_rule::{MAX_OPEN_RULE_MEMBERS, OpenRule, open_rule};
pub use rubinstein::{rubinstein, rubinstein_limit};
pub use self_enforcing::{
    AbatementGame, Benefits, MAX_COUNTRIES, MAX_IDENTICAL_COUNTRIES, Outcome, Timing, stable_coalitions,
    stable_coalitions_cancellable, stable_sizes,
};
pub use spatial::{in_core_1d, setter_outcome_1d, winset_1d};
pub use spatial_2d::{
    LikeMindedClub, MAX_CLUB_CANDIDATES, MAX_DIRECTIONS, Point, in_core_2d, is_stable_club, like_minded_club,
    like_minded_club_cancellable, rescale, setter_outcome_2d, winset_2d, winset_2d_cancellable,
};
pub use status_quo::{
    MAX_GRID, StatusQuoBargaining, StatusQuoOptions, status_quo_bargaining, status_quo_bargaining_cancellable,
};
