//! Rubinstein's alternating-offers bargaining over a surplus of 1.
//!
//! Two players alternate proposals, player 1 first, with discount factors `delta_1`,
//! `delta_2` in [0, 1) per round. The unique subgame-perfect equilibrium is immediate
//! agreement in which player 1 gets `(1 - delta_2) / (1 - delta_1 delta_2)` and player 2 the
//! rest, `delta_2 (1 - delta_1) / (1 - delta_1 delta_2)`. With `delta_i = exp(-r_i h)` and
//! the time between offers `h -> 0`, player 1's share tends to `r_2 / (r_1 + r_2)`: the
//! asymmetric Nash solution with bargaining weights `1/r_1`, `1/r_2` (Binmore, Rubinstein &
//! Wolinsky 1986), the more patient player getting more.
//!
//! # References
//! Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1);
//! Binmore, Rubinstein & Wolinsky (1986), RAND J. Econ. 17(2); Osborne & Rubinstein (1990),
//! ch. 3 and 4.
//!
//! ```
//! use comity::bargaining::rubinstein;
//! // Equal patience 0.9: the first proposer gets 1 / (1 + 0.9).
//! let (x, y) = rubinstein(0.9, 0.9).unwrap();
//! assert!((x - 1.0 / 1.9).abs() < 1e-15 && (x + y - 1.0).abs() < 1e-15);
//! ```

use super::axiomatic::BargainingError;

/// The equilibrium shares `(player 1, player 2)` with player 1 proposing first.
///
/// ```
/// use comity::bargaining::rubinstein;
/// // Equal patience: the first proposer gets 1 / (1 + delta) (Rubinstein 1982), 2/3 at 1/2.
/// let (x, y) = rubinstein(0.5, 0.5)?;
/// assert!((x - 2.0 / 3.0).abs() < 1e-15 && (y - 1.0 / 3.0).abs() < 1e-15);
/// // By hand, player 2 more impatient: (1 - 0.8) / (1 - 0.9 * 0.8) = 0.2 / 0.28 = 5/7.
/// let (x, _) = rubinstein(0.9, 0.8)?;
/// assert!((x - 5.0 / 7.0).abs() < 1e-15);
/// // A discount factor of 1 (no cost of delay) has no equilibrium split.
/// assert!(rubinstein(1.0, 0.9).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn rubinstein(delta_1: f64, delta_2: f64) -> Result<(f64, f64), BargainingError> {
    for (what, delta) in [("delta_1", delta_1), ("delta_2", delta_2)] {
        if !(0.0..1.0).contains(&delta) {
            return Err(BargainingError::Parameter {
                what,
                message: format!("{delta}; expected 0 <= delta < 1"),
            });
        }
    }
    let first = (1.0 - delta_2) / (1.0 - delta_1 * delta_2);
    Ok((first, 1.0 - first))
}

/// The limit shares as offers become frequent, for discount rates `r_1, r_2 > 0`:
/// `(r_2, r_1) / (r_1 + r_2)`.
///
/// ```
/// use comity::bargaining::rubinstein_limit;
/// // By hand: rates 1 and 3, so the more patient player 1 gets 3 / (1 + 3).
/// assert_eq!(rubinstein_limit(1.0, 3.0)?, (0.75, 0.25));
/// assert!(rubinstein_limit(0.0, 3.0).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn rubinstein_limit(r_1: f64, r_2: f64) -> Result<(f64, f64), BargainingError> {
    for (what, r) in [("r_1", r_1), ("r_2", r_2)] {
        if !(r > 0.0 && r.is_finite()) {
            return Err(BargainingError::Parameter {
                what,
                message: format!("{r}; expected a positive rate"),
            });
        }
    }
    Ok((r_2 / (r_1 + r_2), r_1 / (r_1 + r_2)))
}
