//! Who pays for a shared good: a common cost divided by the Shapley value, the nucleolus,
//! and a capacity-to-pay scale with a floor and ceilings.
//!
//! A cost game gives every coalition `S` its stand-alone cost `c(S)` of providing the good
//! for itself; an allocation `x` is efficient when `sum_i x_i = c(N)`.
//!
//! - **Shapley value** of the cost game (Shapley 1953): each member pays its expected
//!   marginal cost over random orders of arrival. The value is linear, so it is the Shapley
//!   value of `c` itself.
//! - **Nucleolus** (Schmeidler 1969) of the savings game `v(S) = sum_{i in S} c(i) - c(S)`:
//!   each member pays its stand-alone cost less its nucleolus share of the savings,
//!   `x_i = c(i) - nu_i(v)` (the standard translation of cost allocation into a TU game;
//!   Young 1985, ch. 1).
//! - **Capacity to pay** with limits (the structure of the United Nations scale of
//!   assessments): member `i` with capacity `k_i >= 0` pays the share
//!   `x_i = clamp(lambda k_i, floor, ceiling_i)`, where `ceiling_i` is the least developed
//!   countries' ceiling for those members and the general ceiling for the others, and the
//!   one `lambda` is chosen so that the shares sum to 1. This is the fixed point of the
//!   iterative practice (cap whoever is above a ceiling, raise whoever is below the floor,
//!   redistribute the difference pro rata to capacity among the others, repeat), computed
//!   directly: the sum is non-decreasing and piecewise linear in `lambda` with breakpoints
//!   `floor / k_i` and `ceiling_i / k_i`, so one sort and one sweep over the breakpoints find
//!   `lambda` in `O(n log n)`. The shares are unique even where `lambda` is not.
//!
//! The General Assembly set the limits of the scale at a minimum rate of 0.001 per cent, a
//! maximum rate of 0.01 per cent for the least developed countries and a maximum rate of 22
//! per cent (resolution 73/271 of 22 December 2018, paragraph 6 (f)-(h), for 2019-2021; the
//! scales adopted since keep the three limits). The real scale also adjusts national income
//! for debt and for low income per head; this module keeps only the limits' structure.
//!
//! Shapley and nucleolus need the cost of every coalition, so they are limited to
//! [`crate::coop::TuGame::MAX_PLAYERS`] and [`crate::coop::MAX_LP_PLAYERS`] members; the
//! capacity scale has no such limit.
//!
//! # References
//! Shapley (1953); Schmeidler (1969); H. P. Young (ed., 1985), *Cost Allocation: Methods,
//! Principles, Applications*, North-Holland; Littlechild & Owen (1973) for the airport game;
//! United Nations General Assembly, A/RES/73/271, "Scale of assessments for the
//! apportionment of the expenses of the United Nations" (2018).
//!
//! ```
//! use comity::coop::{ScaleLimits, capacity_scale};
//! // Capacities 90, 6, 3, 1 with a ceiling of 50% and a floor of 5%: the largest is capped at
//! // 1/2 and the rest (1/2) is shared pro rata among 6, 3 and 1 (0.3, 0.15, 0.05).
//! let limits = ScaleLimits::new(0.05, 0.5, 0.5)?;
//! let x = capacity_scale(&[90.0, 6.0, 3.0, 1.0], &[false; 4], &limits)?;
//! for (got, want) in x.iter().zip([0.5, 0.3, 0.15, 0.05]) {
//!     assert!((got - want).abs() < 1e-12);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{CoopError, NucleolusKind, TuError, TuGame, shapley_value};

/// Why a cost could not be allocated.
///
/// ```
/// use comity::coop::{CostAllocationError, ScaleLimits, capacity_scale};
/// let err = capacity_scale(&[1.0, -2.0], &[false; 2], &ScaleLimits::UN).unwrap_err();
/// assert!(matches!(err, CostAllocationError::Capacity { index: 1, .. }));
/// assert_eq!(err.to_string(), "capacity of member 1 is -2; expected a finite number >= 0");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CostAllocationError {
    /// A capacity that is negative or not a number.
    #[error("capacity of member {index} is {value}; expected a finite number >= 0")]
    Capacity {
        /// The member's position.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// The lists of capacities and of least-developed flags differ in length.
    #[error("{capacities} capacities but {flags} least-developed flags; expected one of each per member")]
    Lengths {
        /// Capacities given.
        capacities: usize,
        /// Flags given.
        flags: usize,
    },
    /// No members.
    #[error("no members; expected at least one")]
    Empty,
    /// A limit out of range or limits that contradict each other.
    #[error("{limit} is {value}; expected {expected}")]
    Limit {
        /// Which limit.
        limit: &'static str,
        /// The value given.
        value: f64,
        /// What was expected.
        expected: String,
    },
    /// The limits cannot be met: the floors add up to more than the whole, or the ceilings
    /// (with the members without capacity held at the floor) to less.
    #[error(
        "the limits cannot be met by {n} members: shares can add up to between {lowest} and {highest}, not 1 (lower the floor, raise the ceilings, or add members with capacity)"
    )]
    Infeasible {
        /// Members.
        n: usize,
        /// The smallest total the limits allow.
        lowest: f64,
        /// The largest total the limits allow.
        highest: f64,
    },
    /// A cost-game parameter is out of range.
    #[error(transparent)]
    Game(#[from] TuError),
    /// The nucleolus could not be computed.
    #[error(transparent)]
    Coop(#[from] CoopError),
}

/// The limits of a capacity-to-pay scale, as shares of the whole (0.22 is 22%).
///
/// ```
/// use comity::coop::ScaleLimits;
/// // The United Nations' limits: 0.001%, 22%, and 0.01% for the least developed countries.
/// assert_eq!((ScaleLimits::UN.floor, ScaleLimits::UN.ceiling, ScaleLimits::UN.ldc_ceiling),
///            (0.00001, 0.22, 0.0001));
/// assert!(ScaleLimits::new(0.3, 0.2, 0.2).is_err()); // floor above the ceiling
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleLimits {
    /// The least share any member pays.
    pub floor: f64,
    /// The most share any member pays.
    pub ceiling: f64,
    /// The most share a least developed country pays.
    pub ldc_ceiling: f64,
}

impl ScaleLimits {
    /// The limits of the United Nations scale of assessments (A/RES/73/271, para. 6 (f)-(h)).
    ///
    /// ```
    /// use comity::coop::{ScaleLimits, capacity_scale};
    /// // Five equal members cannot each stay under 22%: refused, not silently broken.
    /// assert!(capacity_scale(&[1.0; 4], &[false; 4], &ScaleLimits::UN).is_err());
    /// let x = capacity_scale(&[1.0; 5], &[false; 5], &ScaleLimits::UN)?;
    /// assert!((x[0] - 0.2).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const UN: ScaleLimits = ScaleLimits { floor: 0.00001, ceiling: 0.22, ldc_ceiling: 0.0001 };

    /// Checked limits: `0 <= floor <= ldc_ceiling`, `floor <= ceiling <= 1`, `ldc_ceiling <= 1`.
    ///
    /// ```
    /// use comity::coop::ScaleLimits;
    /// let none = ScaleLimits::new(0.0, 1.0, 1.0)?; // pure proportionality
    /// assert_eq!(none.ceiling, 1.0);
    /// assert!(ScaleLimits::new(-0.1, 1.0, 1.0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(floor: f64, ceiling: f64, ldc_ceiling: f64) -> Result<ScaleLimits, CostAllocationError> {
        let share = |limit: &'static str, value: f64| {
            if value.is_finite() && (0.0..=1.0).contains(&value) {
                Ok(())
            } else {
                Err(CostAllocationError::Limit { limit, value, expected: "a share in [0, 1]".into() })
            }
        };
        share("floor", floor)?;
        share("ceiling", ceiling)?;
        share("ldc_ceiling", ldc_ceiling)?;
        for (limit, value) in [("ceiling", ceiling), ("ldc_ceiling", ldc_ceiling)] {
            if value < floor {
                return Err(CostAllocationError::Limit {
                    limit,
                    value,
                    expected: format!("at least the floor, {floor}"),
                });
            }
        }
        Ok(ScaleLimits { floor, ceiling, ldc_ceiling })
    }
}

/// Checks capacities: one per member, finite and `>= 0`.
fn check_capacities(capacity: &[f64]) -> Result<(), CostAllocationError> {
    if capacity.is_empty() {
        return Err(CostAllocationError::Empty);
    }
    match capacity.iter().position(|k| !(k.is_finite() && *k >= 0.0)) {
        Some(index) => Err(CostAllocationError::Capacity { index, value: capacity[index] }),
        None => Ok(()),
    }
}

/// Shares proportional to capacity, clamped to the floor and each member's ceiling, summing
/// to 1 (see the module's definition). `ldc[i]` marks a least developed country.
///
/// ```
/// use comity::coop::{ScaleLimits, capacity_scale};
/// // One large member and 99 equal small ones, five of them least developed: the large one is
/// // capped at 22%, the five at 0.01%, the other 94 share the remaining 77.95% equally.
/// let capacity: Vec<f64> = std::iter::once(1000.0).chain(std::iter::repeat(1.0).take(99)).collect();
/// let ldc: Vec<bool> = (0..100).map(|i| (1..=5).contains(&i)).collect();
/// let x = capacity_scale(&capacity, &ldc, &ScaleLimits::UN)?;
/// assert!((x[0] - 0.22).abs() < 1e-12 && (x[1] - 0.0001).abs() < 1e-15);
/// assert!((x[99] - 0.7795 / 94.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn capacity_scale(
    capacity: &[f64],
    ldc: &[bool],
    limits: &ScaleLimits,
) -> Result<Vec<f64>, CostAllocationError> {
    check_capacities(capacity)?;
    if ldc.len() != capacity.len() {
        return Err(CostAllocationError::Lengths { capacities: capacity.len(), flags: ldc.len() });
    }
    let limits = ScaleLimits::new(limits.floor, limits.ceiling, limits.ldc_ceiling)?;
    let n = capacity.len();
    let ceiling = |i: usize| if ldc[i] { limits.ldc_ceiling } else { limits.ceiling };
    // Capacities are divided by the largest first, so lambda and its breakpoints do not
    // depend on the unit of capacity (nor overflow for capacities near f64::MAX).
    let largest = capacity.iter().fold(0.0f64, |a, &k| a.max(k));
    let lowest = n as f64 * limits.floor;
    let highest: f64 = (0..n).map(|i| if capacity[i] > 0.0 { ceiling(i) } else { limits.floor }).sum();
    let slack = 1e-12 * n as f64;
    if lowest > 1.0 + slack || highest < 1.0 - slack || largest == 0.0 {
        return Err(CostAllocationError::Infeasible { n, lowest, highest });
    }
    let k: Vec<f64> = capacity.iter().map(|&c| c / largest).collect();
    // A member's breakpoints are limits / k_i: a capacity so small against the largest that
    // they overflow would leave lambda infinite (and 0 * inf = NaN shares); refuse it.
    if let Some(i) = (0..n).find(|&i| k[i] > 0.0 && !(limits.floor.max(ceiling(i)) / k[i]).is_finite()) {
        return Err(CostAllocationError::Limit {
            limit: "capacity range",
            value: capacity[i],
            expected: format!(
                "capacities within floating point's range of the largest ({largest}); member {i}'s is too small beside it"
            ),
        });
    }
    // Events in lambda: a member leaves the floor at floor / k_i (joins the pro-rata part)
    // and reaches its ceiling at ceiling_i / k_i. Between events the total is
    // constant + lambda * slope.
    let mut events: Vec<(f64, usize, bool)> = Vec::with_capacity(2 * n);
    for i in (0..n).filter(|&i| k[i] > 0.0) {
        events.push((limits.floor / k[i], i, false));
        events.push((ceiling(i) / k[i], i, true));
    }
    // At equal lambda, leaving the floor comes before reaching a ceiling (a member with
    // floor = ceiling passes through the pro-rata part at zero width).
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
    let mut constant = lowest;
    let mut slope = 0.0;
    let mut lambda = 0.0;
    for &(at, i, to_ceiling) in &events {
        let total_at = constant + slope * at;
        if total_at >= 1.0 && slope > 0.0 {
            lambda = (1.0 - constant) / slope;
            break;
        }
        if to_ceiling {
            slope -= k[i];
            constant += ceiling(i);
        } else {
            slope += k[i];
            constant -= limits.floor;
        }
        lambda = at;
    }
    // Members without capacity pay the floor (and never enter lambda * k, which could be
    // 0 * inf when the other members' breakpoints are huge).
    Ok((0..n)
        .map(|i| if k[i] == 0.0 { limits.floor } else { (lambda * k[i]).clamp(limits.floor, ceiling(i)) })
        .collect())
}

/// The cost game of a good that serves every coalition whole: `c(S) = total` for every
/// non-empty `S` (a non-rival good; one facility serves all).
///
/// ```
/// use comity::coop::{indivisible_cost, shapley_cost_shares};
/// let c = indivisible_cost(90.0, 3)?;
/// assert_eq!(c.value(0b001), 90.0);
/// assert_eq!(shapley_cost_shares(&c), vec![30.0, 30.0, 30.0]); // symmetric: equal shares
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn indivisible_cost(total: f64, n: usize) -> Result<TuGame, CostAllocationError> {
    check_total(total)?;
    Ok(TuGame::from_fn(n, |_| total)?)
}

/// The cost game of a good with economies of scale in the need it serves:
/// `c(S) = total * (need(S) / need(N))^exponent` with `0 < exponent <= 1` (1: no economies,
/// cost proportional to need; smaller: a coalition serving more need pays less per unit).
///
/// ```
/// use comity::coop::{scale_economies_cost, shapley_cost_shares};
/// // Exponent 1: the cost is additive and every method charges in proportion to need.
/// let c = scale_economies_cost(100.0, &[1.0, 3.0], 1.0)?;
/// let x = shapley_cost_shares(&c);
/// assert!((x[0] - 25.0).abs() < 1e-12 && (x[1] - 75.0).abs() < 1e-12);
/// // Exponent 1/2: by hand c(0) = 50, c(1) = 50 sqrt(3), c(N) = 100;
/// // Shapley x_0 = (50 + 100 - 50 sqrt(3)) / 2.
/// let x = shapley_cost_shares(&scale_economies_cost(100.0, &[1.0, 3.0], 0.5)?);
/// assert!((x[0] - (150.0 - 50.0 * 3f64.sqrt()) / 2.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scale_economies_cost(total: f64, need: &[f64], exponent: f64) -> Result<TuGame, CostAllocationError> {
    check_total(total)?;
    if let Some(i) = need.iter().position(|d| !(d.is_finite() && *d >= 0.0)) {
        return Err(CostAllocationError::Limit {
            limit: "need",
            value: need[i],
            expected: format!("a finite number >= 0 for member {i}"),
        });
    }
    if !(exponent > 0.0 && exponent <= 1.0) {
        return Err(CostAllocationError::Limit {
            limit: "exponent",
            value: exponent,
            expected: "a number in (0, 1]".into(),
        });
    }
    let largest = need.iter().fold(0.0f64, |a, &d| a.max(d));
    if largest == 0.0 {
        return Err(CostAllocationError::Limit {
            limit: "need",
            value: 0.0,
            expected: "at least one member with need > 0".into(),
        });
    }
    // Needs relative to the largest: the game does not depend on the unit of need.
    let d: Vec<f64> = need.iter().map(|x| x / largest).collect();
    let whole: f64 = d.iter().sum();
    Ok(TuGame::from_fn(need.len(), |m| {
        let served: f64 = (0..d.len()).filter(|i| m >> i & 1 == 1).map(|i| d[i]).sum();
        total * (served / whole).powf(exponent)
    })?)
}

fn check_total(total: f64) -> Result<(), CostAllocationError> {
    if total.is_finite() && total >= 0.0 {
        Ok(())
    } else {
        Err(CostAllocationError::Limit {
            limit: "total cost",
            value: total,
            expected: "a finite number >= 0".into(),
        })
    }
}

/// Each member's Shapley cost share: its expected marginal cost over random orders.
///
/// ```
/// use comity::coop::{TuGame, shapley_cost_shares};
/// // Airport runway costs 3, 5, 9 (Littlechild & Owen 1973): (1, 2, 6).
/// let x = shapley_cost_shares(&TuGame::airport(&[3.0, 5.0, 9.0])?);
/// assert!((x[2] - 6.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shapley_cost_shares(cost: &TuGame) -> Vec<f64> {
    shapley_value(cost)
}

/// Each member's nucleolus cost share: its stand-alone cost less its nucleolus share of the
/// savings game `v(S) = sum_{i in S} c(i) - c(S)` (the prenucleolus when the savings game has
/// no imputation, that is when `c` is not subadditive enough to save anything).
///
/// ```
/// use comity::coop::{TuGame, nucleolus_cost_shares};
/// // Airport runway costs 3, 5, 9. By hand: savings v(01) = 3, v(02) = 3, v(12) = 5,
/// // v(N) = 8. The largest excess is smallest, -3/2, at savings y_0 = 3/2 ({0} and {1, 2}
/// // tight); then {0, 1} and {0, 2} balance at y_1 = y_2 = 13/4. Costs: 3 - 3/2, 5 - 13/4,
/// // 9 - 13/4 = (1.5, 1.75, 5.75), against Shapley's (1, 2, 6).
/// let x = nucleolus_cost_shares(&TuGame::airport(&[3.0, 5.0, 9.0])?)?;
/// for (got, want) in x.iter().zip([1.5, 1.75, 5.75]) {
///     assert!((got - want).abs() < 1e-9);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nucleolus_cost_shares(cost: &TuGame) -> Result<Vec<f64>, CostAllocationError> {
    nucleolus_cost_shares_cancellable(cost, &crate::cancel::CancelToken::new())
}

/// [`nucleolus_cost_shares`], stopping with an interruption
/// ([`CostAllocationError::Coop`] holding [`super::CoopError::Interrupted`]) once `cancel` is
/// cancelled: the nucleolus of the savings game checks it as
/// [`nucleolus_cancellable`](super::nucleolus_cancellable) does.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, CostAllocationError, TuGame, nucleolus_cost_shares_cancellable};
/// let airport = TuGame::airport(&[3.0, 5.0, 9.0])?;
/// let token = CancelToken::new();
/// assert!((nucleolus_cost_shares_cancellable(&airport, &token)?[0] - 1.5).abs() < 1e-9);
/// token.cancel();
/// let err = nucleolus_cost_shares_cancellable(&airport, &token).unwrap_err();
/// assert!(matches!(err, CostAllocationError::Coop(CoopError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nucleolus_cost_shares_cancellable(
    cost: &TuGame,
    cancel: &crate::cancel::CancelToken,
) -> Result<Vec<f64>, CostAllocationError> {
    cancel.check().map_err(|e| CostAllocationError::Coop(e.into()))?;
    let n = cost.n();
    let alone: Vec<f64> = (0..n).map(|i| cost.value(1 << i)).collect();
    let savings = TuGame::from_fn(n, |m| {
        (0..n).filter(|i| m >> i & 1 == 1).map(|i| alone[i]).sum::<f64>() - cost.value(m)
    })?;
    let nu = super::nucleolus_cancellable(&savings, NucleolusKind::Nucleolus, cancel)?;
    Ok((0..n).map(|i| alone[i] - nu.allocation[i]).collect())
}
