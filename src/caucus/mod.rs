//! Blocs by choice: whether pooling votes in a caucus pays, and which caucuses are stable.
//!
//! comity's bloc games ([`BlocGame`](crate::game::BlocGame)) take blocs as given. This module
//! asks the questions behind them, for a body deciding by one weighted threshold (a count, a
//! weighted vote or consensus):
//!
//! - [`pooling`] and [`pooling_region`]: each member's power alone and inside a candidate bloc
//!   under two readings, the compound game (members vote inside the bloc, the bloc votes as
//!   one: what a member can do through its bloc) and a priori unions (the Owen and
//!   Banzhaf-Owen values: how the body's power is shared when the bloc is a bargaining unit),
//!   and over bloc sizes and internal quotas the region where every member, the median member
//!   and the bloc as a whole gain.
//! - [`new_members_paradox`]: incumbents whose power rises when the body grows (Brams &
//!   Affuso 1976).
//! - [`paradox_between`]: the same check between two rules over one set of players, so that
//!   a newcomer may be a bloc (the African Union's seat in the G20).
//! - [`membership_growth`]: the small states' share of members and of power as a body admits
//!   members year after year, with their caucuses voting as blocs from their founding.
//! - [`stable_structures`]: which partitions of a set of candidate members into blocs are
//!   stable, in the sense of Hart & Kurz (1983) with Owen-value payoffs and of Yi's (1997)
//!   exclusive-membership game with compound-game payoffs.
//! - [`structure_stability`] and [`stable_structures_by_types`]: the same for interchangeable
//!   members (one vote each) by bloc sizes, exact for the General Assembly's 193 members.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 2.3 and 6.3; Owen
//! (1977), "Values of games with a priori unions"; Owen (1982); Hart & Kurz (1983),
//! "Endogenous formation of coalitions", Econometrica 51(4); Yi (1997), "Stable coalition
//! structures with externalities", Games and Economic Behavior 20(2).
//!
//! ```
//! use comity::caucus::pooling;
//! use comity::game::WeightedGame;
//! // Five members, 3 of 5 to pass; members 0, 1, 2 pool their votes by 2 of 3.
//! let top = WeightedGame::new(vec![1; 5], 3)?;
//! let result = pooling(&top, &[0, 1, 2], 2)?;
//! // Alone each is decisive in 6 of the 16 ways the others vote; through the bloc, which
//! // now decides alone, whenever the other two members split (1/2).
//! assert_eq!(result.members[0].alone.banzhaf, 6.0 / 16.0);
//! assert_eq!(result.members[0].compound.banzhaf, 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod accession;
mod enlargement;
mod growth;
mod pooling;
mod stability;
mod stability_types;
mod table;

pub use accession::paradox_between;
pub use enlargement::{IncumbentChange, new_members_paradox};
pub use growth::{
    GROWTH_YEARS, GrowthBody, GrowthCaucus, GrowthCaucusSize, GrowthError, GrowthMember, GrowthModel,
    GrowthPoint, GrowthRule, GrowthRulePoint, GrowthShares, MemberPower, member_power, membership_growth,
    membership_growth_cancellable,
};
pub use pooling::{
    Gains, MemberPooling, POOLING_MAX_CELLS, Pooling, PoolingRegion, Power, RegionCell, UnionCell, gains,
    pooling, pooling_region, pooling_region_cancellable, weighted_top,
};
pub use stability::{
    STABILITY_MAX_CANDIDATES, Stability, StabilityModel, StableStructures, stable_structures,
    stable_structures_cancellable,
};
pub use stability_types::{
    InterchangeableBody, SizePayoff, TYPES_MAX_COMPOUND, TYPES_MAX_DEVIATIONS, TypedDeviation,
    TypedStability, TypedStructure, TypesCost, stable_structures_by_types,
    stable_structures_by_types_cancellable, structure_stability, types_cost,
};

/// Relative margin by which a value must exceed another to count as a gain (the counts behind
/// the values are floating point; see the module documentation of the tables).
///
/// ```
/// use comity::caucus::GAIN_TOLERANCE;
/// assert!(GAIN_TOLERANCE < 1e-9);
/// ```
pub const GAIN_TOLERANCE: f64 = 1e-10;

/// Why a pooling or stability question cannot be answered.
///
/// ```
/// use comity::caucus::{CaucusError, pooling};
/// use comity::game::WeightedGame;
/// let top = WeightedGame::new(vec![1; 5], 3)?;
/// // A bloc of three cannot need four of its members.
/// assert_eq!(pooling(&top, &[0, 1, 2], 4).unwrap_err(), CaucusError::QuotaAboveBloc { quota: 4, size: 3 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaucusError {
    /// A bloc or candidate set with no members.
    #[error("the bloc has no members; expected at least one member")]
    EmptyBloc,
    /// A member index beyond the body.
    #[error("member {member} is not in the body of {n} members")]
    UnknownMember {
        /// The index given.
        member: usize,
        /// The body's size.
        n: usize,
    },
    /// A member listed twice, or in two blocs.
    #[error("member {member} is listed twice (or in two blocs); expected disjoint blocs")]
    BlocsOverlap {
        /// The member.
        member: usize,
    },
    /// An internal quota of zero or above the bloc's size.
    #[error("internal quota {quota} for a bloc of {size} members; expected 1 to {size}")]
    QuotaAboveBloc {
        /// The quota given.
        quota: usize,
        /// The bloc's size.
        size: usize,
    },
    /// The table by size and weight would be too large.
    #[error(
        "the table by size and weight needs {cells} cells, above the limit of {limit}; weights this large (the IMF's) need `comity power` on a bloc rule with --method monte-carlo"
    )]
    TableTooLarge {
        /// Cells needed.
        cells: usize,
        /// The limit.
        limit: usize,
    },
    /// An "enlargement" that does not add members.
    #[error("the body after has {after} members, the body before {before}; expected more members after")]
    NotAnEnlargement {
        /// Members before.
        before: usize,
        /// Members after.
        after: usize,
    },
    /// The power indices of a body could not be computed.
    #[error("power indices: {reason}")]
    PowerFailed {
        /// Why.
        reason: String,
    },
    /// Two rules to compare over different sets of players.
    #[error(
        "the rule before has {before} players, the rule after {after}; expected rules over the same players (newcomers as null players before)"
    )]
    DifferentPlayers {
        /// Players before.
        before: usize,
        /// Players after.
        after: usize,
    },
    /// A player not among the incumbents with power under the rule before: the newcomers must
    /// be null players before, or the comparison is not an enlargement.
    #[error(
        "member {member} is not an incumbent but has power under the rule before; expected the newcomers to be null players before"
    )]
    NewcomerNotNull {
        /// The newcomer.
        member: usize,
    },
    /// Too many candidates to enumerate partitions exactly.
    #[error(
        "{candidates} candidate members: partitions are enumerated exactly for at most {limit} candidates (Bell({limit}) partitions); give at most {limit}; for interchangeable candidates (equal votes, equal roles) `comity blocs stable --by-types` is exact at any size; or ask `comity blocs pooling --region` whether one bloc of any size pays"
    )]
    TooManyCandidates {
        /// Candidates given.
        candidates: usize,
        /// The limit.
        limit: usize,
    },
    /// A body larger than the crate's player limit.
    #[error("{members} members; expected at most {limit}")]
    TooManyMembers {
        /// Members given.
        members: usize,
        /// The limit.
        limit: usize,
    },
    /// A quota of zero or above the members.
    #[error("quota {quota} for a body of {members} members; expected 1 to {members}")]
    QuotaOutOfRange {
        /// The quota given.
        quota: usize,
        /// The body's size.
        members: usize,
    },
    /// No candidates, or more than the members.
    #[error("{candidates} candidates in a body of {members} members; expected 1 to {members}")]
    CandidatesOutOfRange {
        /// Candidates given.
        candidates: usize,
        /// The body's size.
        members: usize,
    },
    /// Members with different weights, where the method by types needs one vote each.
    #[error(
        "member {member} has weight {weight}, member 0 has {expected}: stability by bloc sizes needs interchangeable members (equal votes); for unequal weights enumerate the partitions of at most 10 candidates (without --by-types)"
    )]
    NotInterchangeable {
        /// The first member whose weight differs.
        member: usize,
        /// Its weight.
        weight: u64,
        /// Member 0's weight.
        expected: u64,
    },
    /// Blocs holding more members than there are candidates.
    #[error(
        "the blocs hold {total} members, but there are {candidates} candidates; expected at most {candidates}"
    )]
    BlocsAboveCandidates {
        /// Members in the blocs.
        total: usize,
        /// Candidates.
        candidates: usize,
    },
    /// Too many deviations (or compound payoffs) to examine.
    #[error(
        "the question needs up to {deviations} deviations (or compound-game payoffs), above the limit of {limit}; allow fewer blocs (--max-blocs), give fewer candidates, or check one structure (--structure)"
    )]
    TooManyDeviations {
        /// The estimate (an upper bound).
        deviations: u128,
        /// The limit.
        limit: u128,
    },
    /// The computation was cancelled through its [`crate::cancel::CancelToken`] (the
    /// `*_cancellable` variants of the long questions: stability, the pooling region).
    #[error(transparent)]
    Interrupted(#[from] crate::cancel::Interrupted),
}
