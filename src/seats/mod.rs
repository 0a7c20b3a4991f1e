//! Seats over time: bodies whose seats are allocated to regional groups and filled by
//! election for staggered terms, and what a seat is worth to a member in the long run.
//!
//! Most states sit on the Security Council, the Human Rights Council or ECOSOC only now and
//! then. A member's voice in such a body over the years is its probability of sitting times
//! its power while it sits (O'Neill 1996). This module computes the first factor exactly:
//!
//! - [`SeatRules`] ([`rules`]): each group's members and seats, the term, the limit on
//!   consecutive terms, the members sitting now, and each member's relative chance of
//!   election when eligible;
//! - [`election()`] ([`election`](mod@election)): who wins an election of `k` seats among eligible members with unequal
//!   chances (successive sampling by weight), as a distribution over classes;
//! - [`sitting_probabilities`] ([`chain`]): a Markov chain over terms, year by year, whose
//!   states count how many members of each class hold each kind of seat (members of a group
//!   with the same weight and the same status today are interchangeable), so the 193 UN
//!   members are exact and fast; each member's probability of sitting in each coming year
//!   and in the long run;
//! - [`simulate`] ([`simulation`]): the same rules played member by member with random
//!   elections, the independent check of the chain;
//! - [`expected_power()`] ([`expected_power`](mod@expected_power)): probability of sitting
//!   times power while sitting, per member (O'Neill 1996);
//! - [`SeatsModel`] ([`file`](mod@file)): the model file (`models/seats/*.toml`) that names the
//!   members (from an institution file), the groups, the rules and the body whose power a
//!   seat carries;
//! - [`SeatPower`] ([`seat_power`]): the power of a permanent member and of an elected seat
//!   under the body's rule;
//! - [`SeatsReport`] ([`report`]): the evaluation, per member and per group, today and under
//!   each reform.
//!
//! # References
//! - B. O'Neill (1996), "Power and satisfaction in the United Nations Security Council",
//!   Journal of Conflict Resolution 40(2), 219-237: expected power as the probability of
//!   holding a seat times the power of the seat.
//! - General Assembly resolution 1991 A (XVIII) of 17 December 1963 (in force 1965): ten
//!   elected Security Council members, five from African and Asian States, one from Eastern
//!   European States, two from Latin American States, two from Western European and other
//!   States; UN Charter Art. 23(2): two-year terms, five elected each year, no immediate
//!   re-election of a retiring member.
//! - General Assembly resolution 60/251 (15 March 2006), para. 7: the Human Rights Council's
//!   47 seats (African 13, Asia-Pacific 13, Eastern European 6, Latin American and Caribbean
//!   8, Western European and other 7), three-year terms, no immediate re-election after two
//!   consecutive terms.
//! - General Assembly resolution 2847 (XXVI) of 20 December 1971 (in force 1973): ECOSOC's
//!   54 seats (African 14, Asian 11, Eastern European 6, Latin American 10, Western European
//!   and other 13); UN Charter Art. 61(2)-(3): 18 elected each year for three years, a
//!   retiring member eligible for immediate re-election.
//!
//! ```
//! use comity::seats::{sitting_probabilities, ChainOptions, GroupSeats, SeatRules};
//! // Five members share two seats with two-year terms, one elected each year, and no
//! // immediate re-election. Member 0 sits in its first year, member 1 in its last.
//! let group = GroupSeats::new("all", vec![0, 1, 2, 3, 4], 2)
//!     .with_holders(vec![(0, 2), (1, 1)]);
//! let rules = SeatRules::new(2, Some(1), vec![group])?;
//! let p = sitting_probabilities(&rules, 5, &ChainOptions::default())?;
//! // Next year member 0 still sits; member 1 may not be re-elected; 2, 3, 4 share the seat.
//! assert_eq!(p.path[1][0], 1.0);
//! assert_eq!(p.path[1][1], 0.0);
//! assert!((p.path[1][2] - 1.0 / 3.0).abs() < 1e-12);
//! // In the long run the members are alike: two seats among five, 2/5 each.
//! assert!(p.long_run.iter().all(|q| (q - 0.4).abs() < 1e-9));
//! # Ok::<(), comity::seats::SeatError>(())
//! ```

pub mod chain;
pub mod election;
pub mod expected_power;
pub mod file;
pub mod report;
pub mod rules;
pub mod seat_power;
pub mod simulation;

pub use chain::{ChainOptions, MAX_PERIOD_TERMS, MAX_STATES, SittingProbabilities, sitting_probabilities};
pub use election::election;
pub use expected_power::expected_power;
pub use file::{ReformSeats, SeatsModel};
pub use report::{GroupOutcome, MemberOutcome, ReformOutcome, SeatsReport};
pub use rules::{GroupSeats, SeatRules};
pub use seat_power::SeatPower;
pub use simulation::{Simulated, simulate};

/// What can go wrong with seat rules and their chain.
///
/// ```
/// use comity::seats::{GroupSeats, SeatError, SeatRules};
/// let e = SeatRules::new(2, Some(1), vec![GroupSeats::new("weog", vec![0], 2)]).unwrap_err();
/// assert_eq!(e, SeatError::TooFewMembers { group: "weog".into(), seats: 2, eligible: 1 });
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SeatError {
    /// A rule's parameter is out of range.
    #[error("{field}: {message}")]
    Invalid {
        /// The field (or group) at fault.
        field: String,
        /// What was expected.
        message: String,
    },
    /// A group cannot fill its seats from the members eligible at some election.
    #[error(
        "group {group}: {eligible} members eligible for {seats} seats at an election; a group needs members for its seats (at least seats + those barred from re-election)"
    )]
    TooFewMembers {
        /// The group.
        group: String,
        /// Seats to fill.
        seats: usize,
        /// Members eligible.
        eligible: usize,
    },
    /// The chain has more states than the limit.
    #[error(
        "group {group}: the chain over seat holders has more than {limit} states (too many distinct weights or statuses); give fewer distinct weights, or estimate with seats::simulate"
    )]
    TooManyStates {
        /// The group.
        group: String,
        /// The limit ([`MAX_STATES`]).
        limit: usize,
    },
    /// The long-run average did not settle within the years allowed.
    #[error("the probabilities of sitting did not settle within {years} years (tolerance {tolerance})")]
    NotConverged {
        /// Years iterated.
        years: usize,
        /// The tolerance.
        tolerance: f64,
    },
    /// A seats model file could not be read or is wrong.
    #[error("{file}: {message}")]
    File {
        /// The file.
        file: String,
        /// What is wrong, naming the field and the expected value.
        message: String,
    },
}

pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> SeatError {
    SeatError::Invalid { field: field.into(), message: message.into() }
}
