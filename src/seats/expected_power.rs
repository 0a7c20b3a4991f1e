//! Expected power over time (O'Neill 1996): a member's probability of sitting times its power
//! while it sits.
//!
//! A member that sits with probability `q` and, when it sits, holds power `b` (a power index
//! of the body's rule, with the other seats filled) has expected power `q b`. Summed over
//! members, the expected powers give the seats' total power, because each year's
//! probabilities of sitting sum to the number of seats ([`crate::seats::chain`], tested).
//! For the Security Council, O'Neill's measure puts a permanent member (which always sits)
//! against an elected member's small chance of a seat of small power.
//!
//! # References
//! B. O'Neill (1996), "Power and satisfaction in the United Nations Security Council",
//! Journal of Conflict Resolution 40(2), 219-237.
//!
//! ```
//! use comity::seats::expected_power;
//! // Today's Security Council: an elected seat's Shapley-Shubik index is 4/2145, and an
//! // African member sits 3/54 of the years; a permanent member always sits with 421/2145.
//! let e = expected_power(&[3.0 / 54.0, 1.0], &[4.0 / 2145.0, 421.0 / 2145.0])?;
//! assert!((e[0] - 3.0 / 54.0 * 4.0 / 2145.0).abs() < 1e-15);
//! assert!((e[1] - 421.0 / 2145.0).abs() < 1e-15);
//! # Ok::<(), comity::seats::SeatError>(())
//! ```

use super::{SeatError, invalid};

/// Each member's expected power: `sitting[i] × power_while_sitting[i]`.
///
/// Refuses lists of different lengths and probabilities outside `[0, 1]`.
///
/// ```
/// use comity::seats::expected_power;
/// assert!(expected_power(&[1.5], &[0.2]).is_err());
/// assert_eq!(expected_power(&[0.5], &[0.2])?, vec![0.1]);
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
pub fn expected_power(sitting: &[f64], power_while_sitting: &[f64]) -> Result<Vec<f64>, SeatError> {
    if sitting.len() != power_while_sitting.len() {
        return Err(invalid(
            "power_while_sitting",
            format!(
                "{} values for {} members; expected one per member",
                power_while_sitting.len(),
                sitting.len()
            ),
        ));
    }
    if let Some(q) = sitting.iter().find(|q| !(0.0..=1.0).contains(*q)) {
        return Err(invalid("sitting", format!("{q}; expected a probability in [0, 1]")));
    }
    if let Some(b) = power_while_sitting.iter().find(|b| !b.is_finite()) {
        return Err(invalid("power_while_sitting", format!("{b}; expected a finite number")));
    }
    Ok(sitting.iter().zip(power_while_sitting).map(|(q, b)| q * b).collect())
}
