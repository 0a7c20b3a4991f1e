//! Spatial bargaining in one dimension: winsets, the core, agenda setters, consensus against
//! majority.
//!
//! Members have ideal points `x_i` on a line and prefer a policy `y` to the status quo `q` iff
//! `|y - x_i| < |q - x_i|`: `y` lies in the open interval between `q` and its reflection
//! `2 x_i - q`. The winset `W(q)` is the set of policies that a winning coalition prefers to
//! `q`. Between consecutive interval ends the set of members preferring `y` is constant, so
//! `W(q)` is an exact union of open intervals, found by testing one point of each piece with
//! the rule. The status quo is in the core iff `W(q)` is empty; under unanimity this holds
//! iff `q` lies between the extreme ideal points (the unanimity core, Tsebelis 2002). An
//! agenda setter proposes the point of `W(q)` (or `q` itself) closest to its ideal point
//! (Romer & Rosenthal 1978); winsets are open, so the outcome is the supremum of what the
//! setter can get, a point of the winset's closure. Under consensus the winset is smaller than
//! under any other rule, so the setter can move the status quo less: the lowest common
//! denominator.
//!
//! # References
//! Romer & Rosenthal (1978), "Political resources and the status quo", Public Choice 33(4);
//! Tsebelis (2002), *Veto Players*, ch. 1 and 2; Black (1948) for the median voter.
//!
//! ```
//! use comity::bargaining::winset_1d;
//! use comity::game::WeightedGame;
//! // Three members at 0, 1, 3 and majority: the median (1) decides; from q = 2 the winset is
//! // (0, 2), the points the median prefers (with either neighbour agreeing).
//! let majority = WeightedGame::new(vec![1, 1, 1], 2).unwrap();
//! let w = winset_1d(&majority, &[0.0, 1.0, 3.0], 2.0).unwrap();
//! assert_eq!(w, vec![(0.0, 2.0)]);
//! ```

use super::axiomatic::BargainingError;
use crate::game::{Coalition, SimpleGame};

fn parameter(message: String) -> BargainingError {
    BargainingError::Parameter { what: "spatial", message }
}

fn check(game: &impl SimpleGame, ideals: &[f64], q: f64) -> Result<(), BargainingError> {
    if ideals.len() != game.n() {
        return Err(parameter(format!(
            "{} ideal points for {} members; expected one each",
            ideals.len(),
            game.n()
        )));
    }
    if !q.is_finite() || ideals.iter().any(|x| !x.is_finite()) {
        return Err(parameter("ideal points and the status quo must be finite numbers".into()));
    }
    Ok(())
}

/// The winset of status quo `q`: disjoint open intervals `(low, high)` in increasing order.
///
/// ```
/// use comity::bargaining::winset_1d;
/// use comity::game::WeightedGame;
/// // Five members at 0, 1, 2, 3, 4, majority; status quo 4. By hand (Black 1948): a policy
/// // beats 4 iff the median (2) prefers it, so the winset is (2 * 2 - 4, 4) = (0, 4).
/// let majority = WeightedGame::new(vec![1; 5], 3)?;
/// assert_eq!(winset_1d(&majority, &[0.0, 1.0, 2.0, 3.0, 4.0], 4.0)?, vec![(0.0, 4.0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn winset_1d(game: &impl SimpleGame, ideals: &[f64], q: f64) -> Result<Vec<(f64, f64)>, BargainingError> {
    check(game, ideals, q)?;
    let mut cuts: Vec<f64> = ideals.iter().flat_map(|&x| [q, 2.0 * x - q]).collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let prefers = |y: f64| {
        Coalition::from_players((0..ideals.len()).filter(|&i| (y - ideals[i]).abs() < (q - ideals[i]).abs()))
    };
    let mut out: Vec<(f64, f64)> = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if game.is_winning(&prefers((a + b) / 2.0)) {
            // Pieces that touch at a cut point are joined only if the cut point itself wins.
            match out.last_mut() {
                Some(last) if last.1 == a && game.is_winning(&prefers(a)) => last.1 = b,
                _ => out.push((a, b)),
            }
        }
    }
    Ok(out)
}

/// Whether the status quo is in the core (no winning coalition prefers any other policy).
///
/// ```
/// use comity::bargaining::in_core_1d;
/// use comity::game::WeightedGame;
/// let ideals = [0.0, 1.0, 3.0];
/// // Under majority only the median's ideal point is in the core (Black 1948); under
/// // unanimity every point between the extremes is (Tsebelis 2002).
/// let majority = WeightedGame::new(vec![1; 3], 2)?;
/// let unanimity = WeightedGame::new(vec![1; 3], 3)?;
/// assert!(in_core_1d(&majority, &ideals, 1.0)? && !in_core_1d(&majority, &ideals, 2.0)?);
/// assert!(in_core_1d(&unanimity, &ideals, 2.0)? && !in_core_1d(&unanimity, &ideals, 4.0)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn in_core_1d(game: &impl SimpleGame, ideals: &[f64], q: f64) -> Result<bool, BargainingError> {
    Ok(winset_1d(game, ideals, q)?.is_empty())
}

/// The outcome when member `setter` proposes: the point of the winset's closure (or the status
/// quo) closest to the setter's ideal point.
///
/// ```
/// use comity::bargaining::setter_outcome_1d;
/// use comity::game::WeightedGame;
/// // Romer & Rosenthal (1978): a setter at 0, the median at 1, status quo 1.5. Under majority
/// // the setter gets the reflection of the status quo in the median, 2 * 1 - 1.5 = 0.5;
/// // under unanimity the member at 3 blocks any move.
/// let ideals = [0.0, 1.0, 3.0];
/// let majority = WeightedGame::new(vec![1; 3], 2)?;
/// let unanimity = WeightedGame::new(vec![1; 3], 3)?;
/// assert_eq!(setter_outcome_1d(&majority, &ideals, 1.5, 0)?, 0.5);
/// assert_eq!(setter_outcome_1d(&unanimity, &ideals, 1.5, 0)?, 1.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn setter_outcome_1d(
    game: &impl SimpleGame,
    ideals: &[f64],
    q: f64,
    setter: usize,
) -> Result<f64, BargainingError> {
    if setter >= ideals.len() {
        return Err(parameter(format!("setter {setter}; expected a member below {}", ideals.len())));
    }
    let target = ideals[setter];
    let mut best = q;
    for (low, high) in winset_1d(game, ideals, q)? {
        let y = target.clamp(low, high);
        if (y - target).abs() < (best - target).abs() {
            best = y;
        }
    }
    Ok(best)
}
