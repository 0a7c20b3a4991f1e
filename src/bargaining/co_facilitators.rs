//! Co-facilitators: two members sharing the chair's recognition.
//!
//! UN negotiations are often steered by two co-facilitators (one from the North, one from the
//! South) rather than one chair. In Baron-Ferejohn terms the chair's extra chance to propose
//! is split: co-facilitator `a` is recognised with probability `share · P`, co-facilitator
//! `b` with `(1 - share) · P`, and every other member with `(1 - P) / (n - 2)`. Comparing the
//! values with one chair of probability `P` measures what sharing the pen costs the chair
//! and gains its partner.
//!
//! # References
//! Baron & Ferejohn (1989), APSR 83(4) (recognition as proposal power); Kalandrakis (2006),
//! AJPS 50(2) (proposal rights, not votes, drive the division); Tallberg (2010), "The power of
//! the chair", International Studies Quarterly 54(1).
//!
//! ```
//! use comity::bargaining::co_facilitators;
//! // Five members; the pen (0.4) shared equally by members 0 and 3.
//! let p = co_facilitators(5, [0, 3], 0.4, 0.5)?;
//! assert!(p.iter().zip([0.2, 0.2, 0.2, 0.2, 0.2]).all(|(x, e)| (x - e).abs() < 1e-12));
//! # Ok::<(), comity::bargaining::BargainingError>(())
//! ```

use super::axiomatic::BargainingError;
use crate::game::MAX_PLAYERS;

/// Recognition probabilities of `n` members when co-facilitators `pair` share probability
/// `probability` (the first gets `share` of it, the second the rest) and the other members
/// share `1 - probability` equally.
///
/// Errors: fewer than two members or more than [`MAX_PLAYERS`](crate::game::MAX_PLAYERS),
/// co-facilitators outside the body or the same member,
/// `probability` or `share` outside [0, 1], or two members only with a probability below 1.
///
/// ```
/// use comity::bargaining::co_facilitators;
/// let p = co_facilitators(4, [1, 2], 0.5, 0.6)?;
/// assert!((p[1] - 0.3).abs() < 1e-12 && (p[2] - 0.2).abs() < 1e-12 && (p[0] - 0.25).abs() < 1e-12);
/// assert!(co_facilitators(4, [1, 1], 0.5, 0.5).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn co_facilitators(
    n: usize,
    pair: [usize; 2],
    probability: f64,
    share: f64,
) -> Result<Vec<f64>, BargainingError> {
    let parameter = |message: String| BargainingError::Parameter { what: "co-facilitators", message };
    if n < 2 {
        return Err(parameter(format!("a body of {n}; expected at least 2 members")));
    }
    if n > MAX_PLAYERS {
        return Err(parameter(format!("a body of {n}; expected at most {MAX_PLAYERS} members")));
    }
    let [a, b] = pair;
    if a >= n || b >= n || a == b {
        return Err(parameter(format!("members {a} and {b}; expected two different members below {n}")));
    }
    if !(0.0..=1.0).contains(&probability) || (n == 2 && probability != 1.0) {
        return Err(parameter(format!(
            "probability {probability}; expected a number in [0, 1] (1 with two members)"
        )));
    }
    if !(0.0..=1.0).contains(&share) {
        return Err(parameter(format!("share {share}; expected a number in [0, 1]")));
    }
    let rest = if n > 2 { (1.0 - probability) / (n - 2) as f64 } else { 0.0 };
    Ok((0..n)
        .map(|i| match i {
            _ if i == a => share * probability,
            _ if i == b => (1.0 - share) * probability,
            _ => rest,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_above_the_player_limit_is_refused_before_allocating() {
        let e = co_facilitators(1_000_000_000_000, [0, 1], 0.5, 0.5).unwrap_err().to_string();
        assert!(e.contains("a body of 1000000000000; expected at most 256 members"), "{e}");
        assert_eq!(co_facilitators(MAX_PLAYERS, [0, 1], 0.5, 0.5).unwrap().len(), MAX_PLAYERS);
    }
}
