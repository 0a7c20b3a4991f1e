//! The power of a seat: what one permanent member and one elected seat hold under a body's
//! rule, the second factor of expected power over time (O'Neill 1996).
//!
//! Elected seats are interchangeable only if the rule treats them alike, so the power of a seat
//! is the common Shapley-Shubik (and normalised Banzhaf) index of the elected members, refused
//! when they differ (and likewise for the permanent members). A body given only as a count of
//! seats and a quota is the weighted game of equal weights.
//!
//! # References
//! B. O'Neill (1996), "Power and satisfaction in the United Nations Security Council",
//! Journal of Conflict Resolution 40(2), 219-237; Shapley & Shubik (1954); Banzhaf (1965).
//!
//! ```
//! use comity::seats::{ChainOptions, SeatsModel};
//! // The Human Rights Council as 47 equal seats deciding by 24 votes: 1/47 each.
//! let report = SeatsModel::load("models/seats/hrc.toml")?.evaluate(&ChainOptions::default())?;
//! assert!((report.power.elected_shapley_shubik - 1.0 / 47.0).abs() < 1e-12);
//! assert_eq!(report.power.permanent_shapley_shubik, 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::game::{Game, WeightedGame};
use crate::power::{PowerOptions, power_indices};

/// Tolerance within which the elected seats of a body must hold equal power.
const SYMMETRY_TOLERANCE: f64 = 1e-9;

/// The power of a seat: a permanent member's and an elected seat's.
///
/// ```
/// use comity::seats::SeatsModel;
/// use comity::seats::ChainOptions;
/// let report = SeatsModel::load("models/seats/unsc.toml")?.evaluate(&ChainOptions::default())?;
/// // The textbook Shapley-Shubik indices of today's Council: 421/2145 and 4/2145.
/// assert!((report.power.permanent_shapley_shubik - 421.0 / 2145.0).abs() < 1e-12);
/// assert!((report.power.elected_shapley_shubik - 4.0 / 2145.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatPower {
    /// Shapley-Shubik index of one elected seat.
    pub elected_shapley_shubik: f64,
    /// Normalised Banzhaf index of one elected seat.
    pub elected_banzhaf: f64,
    /// Shapley-Shubik index of one permanent member (0 without permanent members).
    pub permanent_shapley_shubik: f64,
    /// Normalised Banzhaf index of one permanent member.
    pub permanent_banzhaf: f64,
}

/// The mean of `values` over `members`, refused unless they are equal (symmetric seats).
fn symmetric_mean(values: &[f64], members: &[usize], what: &str) -> Result<f64, String> {
    if members.is_empty() {
        return Ok(0.0);
    }
    let first = values[members[0]];
    if members.iter().any(|&m| (values[m] - first).abs() > SYMMETRY_TOLERANCE) {
        return Err(format!(
            "the {what} seats do not all hold the same power under the rule; expected interchangeable seats"
        ));
    }
    Ok(first)
}

fn indices(game: &Game) -> Result<(Vec<f64>, Vec<f64>), String> {
    let p = power_indices(game, &PowerOptions::default()).map_err(|e| e.to_string())?;
    let ss = p.shapley_shubik().ok_or("no Shapley-Shubik index for the body's rule")?;
    Ok((ss, p.banzhaf()))
}

pub(super) fn seat_power(game: &Game, permanent: &[usize], elected: &[usize]) -> Result<SeatPower, String> {
    let (ss, bz) = indices(game)?;
    Ok(SeatPower {
        elected_shapley_shubik: symmetric_mean(&ss, elected, "elected")?,
        elected_banzhaf: symmetric_mean(&bz, elected, "elected")?,
        permanent_shapley_shubik: symmetric_mean(&ss, permanent, "permanent")?,
        permanent_banzhaf: symmetric_mean(&bz, permanent, "permanent")?,
    })
}

/// A body of `seats` equal seats deciding by `quota` votes.
pub(super) fn count_power(seats: usize, quota: u64) -> Result<SeatPower, String> {
    let game = Game::from(WeightedGame::new(vec![1; seats], quota).map_err(|e| e.to_string())?);
    seat_power(&game, &[], &(0..seats).collect::<Vec<_>>())
}
