//! Minilateral club design: the fewest members whose attributes reach given targets.
//!
//! With members' attribute values `a_ik >= 0` (emissions, GDP, population) and targets `t_k`,
//! find the smallest set `C` with `sum_{i in C} a_ik >= t_k` for every `k`: "the smallest
//! possible number of countries needed to have the largest possible impact" (Naim 2009). With
//! one target, taking members by descending value is optimal (any set of `m` members sums to at
//! most the `m` largest values). With several it is a covering integer program,
//! `min sum_i x_i` subject to `sum_i a_ik x_i >= t_k`, `x` binary, solved by good_lp with the
//! microlp branch and bound; the answer is checked against the targets before it is returned.
//!
//! # References
//! Naim (2009), "Minilateralism", Foreign Policy 173; Wolsey (1998), *Integer Programming*,
//! ch. 1 (covering problems).
//!
//! ```
//! use comity::bargaining::smallest_club;
//! // Emissions 50, 30, 10, 10: a club with 75% of the total (75) needs the two largest.
//! let club = smallest_club(&[vec![50.0, 30.0, 10.0, 10.0]], &[75.0]).unwrap();
//! assert_eq!(club, Some(vec![0, 1]));
//! ```

use super::axiomatic::BargainingError;
use good_lp::{Expression, ProblemVariables, ResolutionError, Solution, SolverModel, microlp, variable};

/// The members (indices) of a smallest club meeting every target: `values[k][i]` is member
/// `i`'s value of attribute `k` (non-negative), `targets[k]` the sum needed. `None` if even
/// all members together miss a target.
///
/// ```
/// use comity::bargaining::smallest_club;
/// // Emissions and GDP of four members; by hand, only members 0 and 2 together reach 60 of
/// // the emissions and 50 of the GDP (0 and 1 miss the GDP, 0 and 3 reach only 40).
/// let values = [vec![50.0, 30.0, 10.0, 10.0], vec![10.0, 10.0, 40.0, 30.0]];
/// assert_eq!(smallest_club(&values, &[60.0, 50.0])?, Some(vec![0, 2]));
/// // All four hold 100 of the emissions: a target of 120 is out of reach.
/// assert_eq!(smallest_club(&values, &[120.0, 50.0])?, None);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn smallest_club(values: &[Vec<f64>], targets: &[f64]) -> Result<Option<Vec<usize>>, BargainingError> {
    let parameter = |message: String| BargainingError::Parameter { what: "club", message };
    if values.is_empty() || values.len() != targets.len() {
        return Err(parameter(format!(
            "{} attributes for {} targets; expected one per target",
            values.len(),
            targets.len()
        )));
    }
    let n = values[0].len();
    if values.iter().any(|v| v.len() != n || v.iter().any(|x| !(x.is_finite() && *x >= 0.0))) {
        return Err(parameter(
            "expected one finite, non-negative value per member for every attribute".into(),
        ));
    }
    let meets = |club: &[usize]| {
        values
            .iter()
            .zip(targets)
            .all(|(v, t)| club.iter().map(|&i| v[i]).sum::<f64>() >= *t - 1e-9 * t.abs())
    };
    let everyone: Vec<usize> = (0..n).collect();
    if !meets(&everyone) {
        return Ok(None);
    }
    if values.len() == 1 {
        let mut order = everyone;
        order.sort_by(|&a, &b| values[0][b].total_cmp(&values[0][a]).then(a.cmp(&b)));
        let mut club = Vec::new();
        for i in order {
            if meets(&club) {
                break;
            }
            club.push(i);
        }
        club.sort_unstable();
        return Ok(Some(club));
    }
    // Values are divided by each attribute's total, so that microlp's absolute tolerances
    // apply to shares.
    let mut vars = ProblemVariables::new();
    let x: Vec<_> = (0..n).map(|_| vars.add(variable().binary())).collect();
    let size: Expression = x.iter().sum();
    let mut model = vars.minimise(size).using(microlp);
    for (v, t) in values.iter().zip(targets) {
        let total: f64 = v.iter().sum();
        if total > 0.0 {
            let share: Expression = v.iter().zip(&x).map(|(a, &xi)| a / total * xi).sum();
            model = model.with(share.geq(t / total));
        }
    }
    let solution = match model.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => return Ok(None),
        Err(e) => return Err(parameter(format!("integer program: {e}"))),
    };
    let club: Vec<usize> = (0..n).filter(|&i| solution.value(x[i]) > 0.5).collect();
    if !meets(&club) {
        return Err(parameter("the integer program's answer misses a target (solver tolerance)".into()));
    }
    Ok(Some(club))
}
