//! The paradox of new members between any two rules over one set of players: the body before
//! an accession written as a rule in which the newcomers are null players (a club of the
//! incumbents), the body after as a rule in which they take part, possibly through a bloc
//! (the African Union's seat in the G20, cast by the African states voting as one).
//!
//! [`new_members_paradox`](super::new_members_paradox) compares two weighted bodies of
//! different sizes; this compares two compiled games of the same players, so the newcomer may
//! be a bloc, a seat shared among stand-ins, or anything the rule language writes. Each
//! incumbent's Shapley-Shubik index and normalised Banzhaf index before and after, and
//! whether either rises.
//!
//! Cost: two exact power computations ([`power_indices`](crate::power::power_indices)).
//!
//! # References
//! Brams & Affuso (1976), "Power and size: a new paradox", Theory and Decision 7(1-2); Felsenthal
//! & Machover (1998), sec. 2.3 (composition) and 7.8 (the paradox of new members).
//!
//! ```
//! use comity::caucus::paradox_between;
//! use comity::game::{Club, Game, WeightedGame};
//! // The EEC of 1958 inside the nine of 1973 (the three newcomers null), then the 1973 body.
//! let before: Game = Club::new(9, vec![0, 1, 2, 3, 4, 5], WeightedGame::new(vec![4, 4, 4, 2, 2, 1], 12)?.into())?.into();
//! let after: Game = WeightedGame::new(vec![10, 10, 10, 5, 5, 2, 10, 3, 3], 41)?.into();
//! let changes = paradox_between(&before, &after, &[0, 1, 2, 3, 4, 5])?;
//! // Luxembourg (member 5) gains power as the Community grows.
//! assert_eq!(changes[5].banzhaf_before, 0.0);
//! assert!(changes[5].paradox && !changes[0].paradox);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::enlargement::shapley_and_banzhaf;
use super::{CaucusError, GAIN_TOLERANCE, IncumbentChange};
use crate::game::{Game, SimpleGame};

/// Each incumbent's power under `before` and under `after`, two games over the same players;
/// `incumbents` are the players present before (indices, each once). Every other player (a
/// newcomer) must be null under `before`.
///
/// ```
/// use comity::caucus::{CaucusError, paradox_between};
/// use comity::game::{Game, WeightedGame};
/// let three: Game = WeightedGame::new(vec![1; 3], 2)?.into();
/// let four: Game = WeightedGame::new(vec![1; 4], 3)?.into();
/// // The two rules must be over the same players.
/// let err = paradox_between(&three, &four, &[0, 1, 2]).unwrap_err();
/// assert_eq!(err, CaucusError::DifferentPlayers { before: 3, after: 4 });
/// // Player 3 is no newcomer when it already has a vote before.
/// let err = paradox_between(&four, &four, &[0, 1, 2]).unwrap_err();
/// assert_eq!(err, CaucusError::NewcomerNotNull { member: 3 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn paradox_between(
    before: &Game,
    after: &Game,
    incumbents: &[usize],
) -> Result<Vec<IncumbentChange>, CaucusError> {
    let n = after.n();
    if before.n() != n {
        return Err(CaucusError::DifferentPlayers { before: before.n(), after: n });
    }
    if incumbents.is_empty() {
        return Err(CaucusError::EmptyBloc);
    }
    let mut seen = vec![false; n];
    for &i in incumbents {
        if i >= n {
            return Err(CaucusError::UnknownMember { member: i, n });
        }
        if std::mem::replace(&mut seen[i], true) {
            return Err(CaucusError::BlocsOverlap { member: i });
        }
    }
    let (ss0, bz0) = shapley_and_banzhaf(before)?;
    if let Some(member) = (0..n).find(|&i| !seen[i] && (ss0[i] > GAIN_TOLERANCE || bz0[i] > GAIN_TOLERANCE)) {
        return Err(CaucusError::NewcomerNotNull { member });
    }
    let (ss1, bz1) = shapley_and_banzhaf(after)?;
    let rises = |a: f64, b: f64| b - a > GAIN_TOLERANCE * a.abs().max(b.abs());
    Ok(incumbents
        .iter()
        .map(|&i| IncumbentChange {
            member: i,
            shapley_shubik_before: ss0[i],
            shapley_shubik_after: ss1[i],
            banzhaf_before: bz0[i],
            banzhaf_after: bz1[i],
            paradox: rises(ss0[i], ss1[i]) || rises(bz0[i], bz1[i]),
        })
        .collect())
}
