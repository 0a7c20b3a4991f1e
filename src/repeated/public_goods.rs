//! How contributions add up: the aggregation technologies of public goods and the one-shot
//! Nash contributions of unequal members.
//!
//! Member `i` has income `w_i > 0`, contributes `g_i` in `[0, w_i]`, and values private
//! consumption and the public good by the Cobb-Douglas utility
//! `u_i = (1 - a_i) ln(w_i - g_i) + a_i ln G`, with `a_i` in `(0, 1)`. The level `G` of the
//! good depends on the technology (Hirshleifer 1983; Cornes & Sandler 1996; Sandler 2004):
//!
//! - **summation** `G = sum_j g_j`: the Nash equilibrium is unique (Bergstrom, Blume & Varian
//!   1986). With `r_i = (1 - a_i) / a_i`, a contributor's first-order condition gives
//!   `g_i = w_i - r_i G`, so for a set `C` of contributors `G = sum_C w_i / (1 + sum_C r_i)`;
//!   member `i` contributes if and only if `w_i / r_i > G`. Members are sorted by `w_i / r_i`
//!   and the contributors are the first `k` for the one `k` where the `k`-th is above `G_k`
//!   and the next is not: `O(n log n)`. Only the members who value the good most relative to
//!   their income contribute; the rest free ride, which is Olson & Zeckhauser's (1966)
//!   "exploitation of the great by the small".
//! - **weighted sum** `G = sum_j b_j g_j` (`b_j > 0`, the effectiveness of `j`'s contribution):
//!   in effective units `W_i = b_i w_i`, `h_i = b_i g_i` it is the summation game (the factor
//!   `b_i` only shifts `ln(w_i - g_i)` by `ln b_i`), so `g_i = h_i / b_i`.
//! - **weakest link** `G = min_j g_j`: a member's best reply to the others' minimum `m` is
//!   `min(m, a_i w_i)`; the equilibria are the equal profiles at any level up to
//!   `min_i a_i w_i`, and the best for everyone is that level: the poorest sets the provision.
//! - **best shot** `G = max_j g_j`: in every pure equilibrium exactly one member `j` provides
//!   its stand-alone level `a_j w_j`, and the others free ride, which they prefer unless
//!   providing more themselves pays. The member with the largest stand-alone level is always
//!   one such `j`.
//! - **threshold** (quasi-linear, value `V_i` when `sum_j g_j >= T`, else nothing): not
//!   contributing at all is an equilibrium when no member would provide alone; a provision
//!   equilibrium exists if and only if `sum_i min(V_i, w_i) >= T`, and any profile with
//!   `sum g = T` and `g_i <= min(V_i, w_i)` is one. [`threshold_provision`] returns the one
//!   proportional to `min(V_i, w_i)`.
//!
//! All results scale with the unit of income: contributions in cents are 100 times those in
//! dollars.
//!
//! # References
//! Olson & Zeckhauser (1966), "An economic theory of alliances", Review of Economics and
//! Statistics 48(3); Hirshleifer (1983), "From weakest-link to best-shot: the voluntary
//! provision of public goods", Public Choice 41; Bergstrom, Blume & Varian (1986), "On the
//! private provision of public goods", Journal of Public Economics 29; Cornes & Sandler (1996),
//! *The Theory of Externalities, Public Goods and Club Goods*, 2nd ed.; Sandler (2004),
//! *Global Collective Action*.
//!
//! ```
//! use comity::repeated::public_goods::summation_nash;
//! // Incomes 100, 10, 10, 10, all with a = 1/2: by hand G = 100 / (1 + 1) = 50, and the
//! // others (10 <= 50) give nothing: the largest pays all with 77% of the income.
//! let eq = summation_nash(&[100.0, 10.0, 10.0, 10.0], &[0.5; 4])?;
//! assert!((eq.provision - 50.0).abs() < 1e-12);
//! assert_eq!(eq.contributions[1..], [0.0, 0.0, 0.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

/// Why contributions could not be computed.
///
/// ```
/// use comity::repeated::public_goods::{PublicGoodsError, summation_nash};
/// let err = summation_nash(&[10.0, -1.0], &[0.5, 0.5]).unwrap_err();
/// assert_eq!(err.to_string(), "income of member 1 is -1; expected a finite number > 0");
/// assert!(matches!(err, PublicGoodsError::Parameter { index: 1, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PublicGoodsError {
    /// A member's parameter out of range.
    #[error("{parameter} of member {index} is {value}; expected {expected}")]
    Parameter {
        /// Which parameter (`income`, `preference`, `weight`, `value`).
        parameter: &'static str,
        /// The member.
        index: usize,
        /// The value given.
        value: f64,
        /// What was expected.
        expected: &'static str,
    },
    /// Lists of different lengths, or no members.
    #[error("{found} {what} for {members} members; expected one per member and at least one member")]
    Lengths {
        /// Which list.
        what: &'static str,
        /// Its length.
        found: usize,
        /// Members (incomes given).
        members: usize,
    },
    /// A threshold that is negative or not a number.
    #[error("threshold is {value}; expected a finite number >= 0")]
    Threshold {
        /// The value given.
        value: f64,
    },
}

/// Contributions and the level of the good they provide.
///
/// ```
/// use comity::repeated::public_goods::weakest_link_nash;
/// let eq = weakest_link_nash(&[10.0, 40.0], &[0.5, 0.5])?;
/// assert_eq!((eq.contributions, eq.provision), (vec![5.0, 5.0], 5.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Contributions {
    /// Each member's contribution.
    pub contributions: Vec<f64>,
    /// The level of the good.
    pub provision: f64,
}

/// Checks incomes (`> 0`) and preferences (in `(0, 1)`), one each per member.
fn check(incomes: &[f64], preferences: &[f64]) -> Result<(), PublicGoodsError> {
    if incomes.is_empty() || preferences.len() != incomes.len() {
        return Err(PublicGoodsError::Lengths {
            what: "preferences",
            found: preferences.len(),
            members: incomes.len(),
        });
    }
    if let Some(index) = incomes.iter().position(|w| !(w.is_finite() && *w > 0.0)) {
        return Err(PublicGoodsError::Parameter {
            parameter: "income",
            index,
            value: incomes[index],
            expected: "a finite number > 0",
        });
    }
    if let Some(index) = preferences.iter().position(|a| !(*a > 0.0 && *a < 1.0)) {
        return Err(PublicGoodsError::Parameter {
            parameter: "preference",
            index,
            value: preferences[index],
            expected: "a number strictly between 0 and 1",
        });
    }
    Ok(())
}

/// The Cobb-Douglas utility `(1 - a) ln(w - g) + a ln G` (minus infinity when nothing is left
/// or nothing is provided).
///
/// ```
/// use comity::repeated::public_goods::utility;
/// assert!((utility(10.0, 0.5, 5.0, 5.0) - 5f64.ln()).abs() < 1e-12);
/// assert_eq!(utility(10.0, 0.5, 0.0, 0.0), f64::NEG_INFINITY);
/// ```
pub fn utility(income: f64, preference: f64, contribution: f64, provision: f64) -> f64 {
    let keep = income - contribution;
    if keep <= 0.0 || provision <= 0.0 {
        return f64::NEG_INFINITY;
    }
    (1.0 - preference) * keep.ln() + preference * provision.ln()
}

/// A contribution within this share of the member's income is the rounding of a member exactly
/// at its threshold, and counts as none (see [`summation_nash`]): the noise of `w - r G` is a
/// few `f64::EPSILON` of `w` for up to thousands of members.
const CONTRIBUTION_TIE: f64 = 1e-12;

/// The unique Nash equilibrium of the summation game (Bergstrom, Blume & Varian 1986).
///
/// ```
/// use comity::repeated::public_goods::summation_nash;
/// // Two equal members with a = 1/2: g = w - G and G = 2g give g = w / 3 each.
/// let eq = summation_nash(&[30.0, 30.0], &[0.5, 0.5])?;
/// assert!((eq.contributions[0] - 10.0).abs() < 1e-12 && (eq.provision - 20.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn summation_nash(incomes: &[f64], preferences: &[f64]) -> Result<Contributions, PublicGoodsError> {
    check(incomes, preferences)?;
    let n = incomes.len();
    let r: Vec<f64> = preferences.iter().map(|a| (1.0 - a) / a).collect();
    // Incomes relative to the largest, so the cut-off does not depend on the unit.
    let unit = incomes.iter().fold(0.0f64, |m, &w| m.max(w));
    let w: Vec<f64> = incomes.iter().map(|x| x / unit).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| (w[j] / r[j]).total_cmp(&(w[i] / r[i])));
    let (mut sum_w, mut sum_r) = (0.0, 0.0);
    let mut provision = 0.0;
    for (k, &i) in order.iter().enumerate() {
        sum_w += w[i];
        sum_r += r[i];
        provision = sum_w / (1.0 + sum_r);
        // The k-th member contributes at G_k (it is first in the order, so its threshold is
        // at least G_k unless rounding says otherwise); stop when the next one would not.
        let next_out = order.get(k + 1).is_none_or(|&j| w[j] / r[j] <= provision);
        if next_out {
            break;
        }
    }
    // A member whose threshold `w_i / r_i` equals the provision (a tie, common with decimal
    // incomes and preferences: incomes 10 and 9 at a = 0.1) contributes nothing. Its
    // `w_i - r_i G` is then rounding noise whose size depends on the unit (0 in one unit,
    // 1e-18 in another), so that whether it contributes at all would depend on the unit;
    // anything within `CONTRIBUTION_TIE` of its income counts as that tie.
    let contributions = (0..n)
        .map(|i| {
            let g = w[i] - r[i] * provision;
            if g <= CONTRIBUTION_TIE * w[i] { 0.0 } else { g * unit }
        })
        .collect::<Vec<f64>>();
    Ok(Contributions { provision: contributions.iter().sum(), contributions })
}

/// The Nash equilibrium of the weighted-sum game `G = sum_j b_j g_j`.
///
/// ```
/// use comity::repeated::public_goods::weighted_sum_nash;
/// // Twice as effective: member 0 at weight 2 is member 0 at income 2 w in effective units.
/// let eq = weighted_sum_nash(&[30.0, 30.0], &[0.5, 0.5], &[2.0, 1.0])?;
/// // Effective incomes 60, 30: G = 60 / 2 = 30 (member 1's 30 is not above 30): g_0 = 15.
/// assert!((eq.provision - 30.0).abs() < 1e-12 && (eq.contributions[0] - 15.0).abs() < 1e-12);
/// assert_eq!(eq.contributions[1], 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weighted_sum_nash(
    incomes: &[f64],
    preferences: &[f64],
    weights: &[f64],
) -> Result<Contributions, PublicGoodsError> {
    check(incomes, preferences)?;
    if weights.len() != incomes.len() {
        return Err(PublicGoodsError::Lengths {
            what: "weights",
            found: weights.len(),
            members: incomes.len(),
        });
    }
    if let Some(index) = weights.iter().position(|b| !(b.is_finite() && *b > 0.0)) {
        return Err(PublicGoodsError::Parameter {
            parameter: "weight",
            index,
            value: weights[index],
            expected: "a finite number > 0",
        });
    }
    let effective: Vec<f64> = incomes.iter().zip(weights).map(|(w, b)| w * b).collect();
    let eq = summation_nash(&effective, preferences)?;
    Ok(Contributions {
        contributions: eq.contributions.iter().zip(weights).map(|(h, b)| h / b).collect(),
        provision: eq.provision,
    })
}

/// The best Nash equilibrium of the weakest-link game: everyone at `min_i a_i w_i`.
///
/// ```
/// use comity::repeated::public_goods::weakest_link_nash;
/// // The poorest (income 4, a = 1/2) sets the level at 2 for the richest too.
/// let eq = weakest_link_nash(&[100.0, 4.0], &[0.5, 0.5])?;
/// assert_eq!(eq.contributions, vec![2.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weakest_link_nash(incomes: &[f64], preferences: &[f64]) -> Result<Contributions, PublicGoodsError> {
    check(incomes, preferences)?;
    let level = stand_alone(incomes, preferences).into_iter().fold(f64::INFINITY, f64::min);
    Ok(Contributions { contributions: vec![level; incomes.len()], provision: level })
}

/// Each member's stand-alone level `a_i w_i` (its best provision when it alone provides).
fn stand_alone(incomes: &[f64], preferences: &[f64]) -> Vec<f64> {
    incomes.iter().zip(preferences).map(|(w, a)| a * w).collect()
}

/// Every pure Nash equilibrium of the best-shot game, one per member who can be the sole
/// provider, in member order.
///
/// ```
/// use comity::repeated::public_goods::best_shot_nash;
/// // Stand-alone levels 50 and 5: the rich provides 50; the poor never outbids it. The
/// // poor providing 5 is no equilibrium, as the rich would rather provide 50 itself.
/// let eqs = best_shot_nash(&[100.0, 10.0], &[0.5, 0.5])?;
/// assert_eq!(eqs.len(), 1);
/// assert_eq!(eqs[0].contributions, vec![50.0, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn best_shot_nash(incomes: &[f64], preferences: &[f64]) -> Result<Vec<Contributions>, PublicGoodsError> {
    check(incomes, preferences)?;
    let level = stand_alone(incomes, preferences);
    let n = incomes.len();
    let sole = |j: usize| {
        (0..n).filter(|&i| i != j).all(|i| {
            // i's best deviation: provide its own level when that is above j's.
            level[i] <= level[j]
                || utility(incomes[i], preferences[i], 0.0, level[j])
                    >= utility(incomes[i], preferences[i], level[i], level[i])
        })
    };
    Ok((0..n)
        .filter(|&j| sole(j))
        .map(|j| {
            let mut contributions = vec![0.0; n];
            contributions[j] = level[j];
            Contributions { contributions, provision: level[j] }
        })
        .collect())
}

/// A provision equilibrium of the threshold game with quasi-linear values: contributions
/// proportional to `min(V_i, w_i)` adding up to the threshold, or `None` when the members
/// together cannot or will not reach it (only no provision is then an equilibrium).
///
/// ```
/// use comity::repeated::public_goods::threshold_provision;
/// // Threshold 6; values 10, 2, 2 and incomes 4, 4, 4: willing to pay 4, 2, 2 (sum 8 >= 6).
/// let eq = threshold_provision(&[4.0, 4.0, 4.0], &[10.0, 2.0, 2.0], 6.0)?.unwrap();
/// assert_eq!(eq.contributions, vec![3.0, 1.5, 1.5]);
/// assert!(threshold_provision(&[1.0, 1.0], &[5.0, 5.0], 3.0)?.is_none()); // can pay 2 < 3
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn threshold_provision(
    incomes: &[f64],
    values: &[f64],
    threshold: f64,
) -> Result<Option<Contributions>, PublicGoodsError> {
    check(incomes, &vec![0.5; incomes.len()])?;
    if values.len() != incomes.len() {
        return Err(PublicGoodsError::Lengths {
            what: "values",
            found: values.len(),
            members: incomes.len(),
        });
    }
    if let Some(index) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err(PublicGoodsError::Parameter {
            parameter: "value",
            index,
            value: values[index],
            expected: "a finite number >= 0",
        });
    }
    if !(threshold.is_finite() && threshold >= 0.0) {
        return Err(PublicGoodsError::Threshold { value: threshold });
    }
    if threshold == 0.0 {
        // A threshold of nothing is met by nobody paying anything.
        return Ok(Some(Contributions { contributions: vec![0.0; incomes.len()], provision: 0.0 }));
    }
    let willing: Vec<f64> = incomes.iter().zip(values).map(|(w, v)| w.min(*v)).collect();
    let total: f64 = willing.iter().sum();
    if total < threshold || total == 0.0 {
        return Ok(None);
    }
    let contributions: Vec<f64> = willing.iter().map(|m| threshold * m / total).collect();
    Ok(Some(Contributions { contributions, provision: threshold }))
}
