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
mod club;
mod rubinstein;
mod self_enforcing;
mod spatial;
mod spatial_2d;

pub use axiomatic::{kalai_smorodinsky, nash_solution, nash_surplus, BargainingError, FeasibleSet};
pub use baron_ferejohn::{
    baron_ferejohn, BaronFerejohn, MemberClass, Proposal, Recognition, MAX_PROFILES, TOLERANCE,
};
pub use club::smallest_club;
pub use rubinstein::{rubinstein, rubinstein_limit};
pub use self_enforcing::{
    stable_coalitions, stable_sizes, AbatementGame, Benefits, Outcome, Timing, MAX_COUNTRIES,
};
pub use spatial::{in_core_1d, setter_outcome_1d, winset_1d};
pub use spatial_2d::{
    in_core_2d, like_minded_club, rescale, setter_outcome_2d, winset_2d, LikeMindedClub, Point,
    MAX_CLUB_CANDIDATES,
};
