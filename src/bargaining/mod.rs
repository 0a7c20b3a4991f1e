//! Bargaining: how members divide the gains of agreement.
//!
//! This module so far holds the axiomatic solutions (Nash, asymmetric Nash, Kalai-Smorodinsky),
//! Rubinstein's alternating-offers model with its closed form, minilateral club design (the
//! fewest members reaching given targets), and one-dimensional spatial bargaining (winsets,
//! the core, agenda setters); each submodule states its model and cites it.
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
