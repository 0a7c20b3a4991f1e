//! The paradox of new members: an incumbent's power can rise when the body grows.
//!
//! Given a body before and after an enlargement (the incumbents first, in the same order, the
//! new members after them), each incumbent's Shapley-Shubik index and normalised Banzhaf index
//! before and after, and whether it rises. Brams & Affuso (1976) found the paradox in the
//! European Community: in 1958 (`[12; 4, 4, 4, 2, 2, 1]`) Luxembourg was a null player, since
//! every other weight and the quota are even, and after the 1973 enlargement
//! (`[41; 10, 10, 10, 5, 5, 2, 10, 3, 3]`) it had power, while the body had grown.
//!
//! Cost: two exact power computations ([`power_indices`](crate::power::power_indices)).
//!
//! # References
//! Brams & Affuso (1976), "Power and size: a new paradox", Theory and Decision 7(1-2), 29-56;
//! Felsenthal & Machover (1998), sec. 7.8 (the paradox of new members).
//!
//! ```
//! use comity::caucus::new_members_paradox;
//! use comity::game::WeightedGame;
//! let eec_1958 = WeightedGame::new(vec![4, 4, 4, 2, 2, 1], 12)?;
//! let ec_1973 = WeightedGame::new(vec![10, 10, 10, 5, 5, 2, 10, 3, 3], 41)?;
//! let changes = new_members_paradox(&eec_1958, &ec_1973)?;
//! // Luxembourg (incumbent 5) gains power when three members join.
//! assert_eq!(changes[5].banzhaf_before, 0.0);
//! assert!(changes[5].banzhaf_after > 0.0 && changes[5].paradox);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{CaucusError, GAIN_TOLERANCE};
use crate::game::{SimpleGame, WeightedGame};
use crate::power::{AsGame, PowerOptions, power_indices};
use serde::Serialize;

/// One incumbent's power before and after an enlargement.
///
/// ```
/// use comity::caucus::new_members_paradox;
/// use comity::game::WeightedGame;
/// // Three equal members by majority, then a fourth: each incumbent falls from 1/3 to 1/4.
/// let c = new_members_paradox(&WeightedGame::new(vec![1; 3], 2)?, &WeightedGame::new(vec![1; 4], 3)?)?;
/// assert!(!c[0].paradox && (c[0].shapley_shubik_after - 0.25).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncumbentChange {
    /// The incumbent (index in both bodies).
    pub member: usize,
    /// Shapley-Shubik index before.
    pub shapley_shubik_before: f64,
    /// Shapley-Shubik index after.
    pub shapley_shubik_after: f64,
    /// Normalised Banzhaf index before.
    pub banzhaf_before: f64,
    /// Normalised Banzhaf index after.
    pub banzhaf_after: f64,
    /// Whether either index rises although the body grew.
    pub paradox: bool,
}

/// Each incumbent's power before and after the enlargement from `before` to `after`, whose
/// first `before.n()` members are the incumbents in the same order.
///
/// ```
/// use comity::caucus::{CaucusError, new_members_paradox};
/// use comity::game::WeightedGame;
/// // A body cannot shrink in an enlargement.
/// let err = new_members_paradox(&WeightedGame::new(vec![1; 4], 3)?, &WeightedGame::new(vec![1; 3], 2)?);
/// assert_eq!(err.unwrap_err(), CaucusError::NotAnEnlargement { before: 4, after: 3 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn new_members_paradox(
    before: &WeightedGame,
    after: &WeightedGame,
) -> Result<Vec<IncumbentChange>, CaucusError> {
    if after.n() <= before.n() {
        return Err(CaucusError::NotAnEnlargement { before: before.n(), after: after.n() });
    }
    let (ss0, bz0) = shapley_and_banzhaf(before)?;
    let (ss1, bz1) = shapley_and_banzhaf(after)?;
    let rises = |a: f64, b: f64| b - a > GAIN_TOLERANCE * a.abs().max(b.abs());
    Ok((0..before.n())
        .map(|i| IncumbentChange {
            member: i,
            shapley_shubik_before: ss0[i],
            shapley_shubik_after: ss1[i],
            banzhaf_before: bz0[i],
            banzhaf_after: bz1[i],
            paradox: rises(ss0[i], ss1[i]) || rises(bz0[i], bz1[i]),
        })
        .collect())
}

/// Every member's Shapley-Shubik and normalised Banzhaf shares, the two indices the paradox
/// of new members is checked on.
pub(super) fn shapley_and_banzhaf<G: AsGame + ?Sized>(game: &G) -> Result<(Vec<f64>, Vec<f64>), CaucusError> {
    let p = power_indices(game, &PowerOptions::default())
        .map_err(|e| CaucusError::PowerFailed { reason: e.to_string() })?;
    let ss = p
        .shapley_shubik()
        .ok_or_else(|| CaucusError::PowerFailed { reason: "no Shapley-Shubik index for this body".into() })?;
    Ok((ss, p.banzhaf()))
}
