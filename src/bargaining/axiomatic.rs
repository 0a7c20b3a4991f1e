//! Axiomatic bargaining solutions: Nash (symmetric and asymmetric) and Kalai-Smorodinsky.
//!
//! A bargaining problem is a feasible set of payoff vectors and a disagreement point `d`.
//!
//! - The (asymmetric) Nash solution maximises `prod_i (x_i - d_i)^(w_i)` over feasible points
//!   with `x > d` (Nash 1950; Kalai 1977 for weights). Dividing a surplus `S` (feasible set
//!   `sum_i x_i <= S`) it gives `x_i = d_i + w_i / sum_j w_j (S - sum_j d_j)`: equal weights
//!   split the gains equally, and bargaining weights such as power indices split them in
//!   proportion.
//! - For two players and a convex polygon (the convex hull of given payoff vectors), the Nash
//!   solution is found edge by edge on the hull: on the edge from `P` to `Q` the weighted log
//!   product is concave in the position `t`, with its stationary point at
//!   `t = -(w_1 D_1 u_2 + w_2 D_2 u_1) / ((w_1 + w_2) D_1 D_2)` for `u = P - d`, `D = Q - P`;
//!   the best clamped point over all edges is the solution.
//! - Kalai-Smorodinsky (1975): the largest `lambda` with `d + lambda (I - d)` feasible, where
//!   `I_i` is the best payoff player `i` can get in a feasible point that gives each player at
//!   least `d`; on a polygon this is the tightest bound over its edges' half-planes.
//!
//! Both solutions are invariant when a player's payoffs are multiplied by a positive factor,
//! and so are the computations: the surplus division works with weights divided by the
//! largest weight and payoffs divided by the largest payoff, and the polygon solutions with
//! each coordinate divided by a power of two near its largest absolute value (exact), so that
//! products such as `D_1 D_2` cannot overflow or underflow for payoffs near 10^±300.
//!
//! # References
//! Nash (1950); Kalai (1977), "Nonsymmetric Nash solutions and replications of 2-person
//! bargaining", IJGT 6(3); Kalai & Smorodinsky (1975); Osborne & Rubinstein (1990), ch. 2;
//! Andrew (1979) for the convex hull by monotone chains.
//!
//! ```
//! use comity::bargaining::{kalai_smorodinsky, nash_solution, nash_surplus, FeasibleSet};
//! // Dividing 1 between two with equal weights: half each.
//! assert_eq!(nash_surplus(1.0, &[0.0, 0.0], &[1.0, 1.0]).unwrap(), vec![0.5, 0.5]);
//! // The triangle with vertices (0, 0), (2, 0), (0, 1) from d = (0, 0): Nash at (1, 1/2),
//! // Kalai-Smorodinsky where the diagonal to the ideal point (2, 1) meets the frontier, (1, 1/2).
//! let set = FeasibleSet::new(vec![[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]]).unwrap();
//! let x = nash_solution(&set, [0.0, 0.0], [1.0, 1.0]).unwrap();
//! assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 0.5).abs() < 1e-12);
//! let k = kalai_smorodinsky(&set, [0.0, 0.0]).unwrap();
//! assert!((k[0] - 1.0).abs() < 1e-12 && (k[1] - 0.5).abs() < 1e-12);
//! ```

/// Why a bargaining problem was refused.
///
/// ```
/// use comity::bargaining::{nash_surplus, rubinstein, BargainingError};
/// // A parameter out of range names the parameter and the range expected.
/// let err = rubinstein(1.0, 0.9).unwrap_err();
/// assert!(matches!(err, BargainingError::Parameter { what: "delta_1", .. }));
/// assert_eq!(err.to_string(), "delta_1: 1; expected 0 <= delta < 1");
/// // Disagreement payoffs of 3 and 2 already exceed a surplus of 4: nothing to gain.
/// assert_eq!(nash_surplus(4.0, &[3.0, 2.0], &[1.0, 1.0]), Err(BargainingError::NoGains));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BargainingError {
    /// A parameter out of its range.
    #[error("{what}: {message}")]
    Parameter {
        /// Which parameter.
        what: &'static str,
        /// What was expected.
        message: String,
    },
    /// No feasible point gives every player strictly more than the disagreement point.
    #[error("no feasible point is strictly better than the disagreement point for every player")]
    NoGains,
    /// Even the grand coalition loses, so no proposal can pass.
    #[error("even all members together do not win under this rule; no proposal can pass")]
    NoAgreement,
    /// Too many coalition profiles to enumerate (members in too many distinct roles).
    #[error(
        "{classes} classes of interchangeable members give more than {limit} coalition profiles; expected fewer distinct roles (about 22 distinct members at most), or a rule of member counts and one weight with at most 64 classes, which --method auto solves by knapsack"
    )]
    TooManyClasses {
        /// The number of classes.
        classes: usize,
        /// The most profiles enumerated.
        limit: usize,
    },
    /// The equilibrium computation did not converge.
    #[error("the equilibrium computation did not converge (logit temperature {tau})")]
    NotConverged {
        /// The temperature at which Newton's method stalled.
        tau: f64,
    },
    /// A computed equilibrium failed its check (a defect to report, never a result).
    #[error("the computed equilibrium fails its check: {condition}")]
    EquilibriumCheck {
        /// The condition that failed.
        condition: String,
    },
    /// The computation was cancelled through its [`crate::cancel::CancelToken`] (see
    /// [`crate::bargaining::baron_ferejohn_cancellable`]); no partial result is returned.
    #[error(transparent)]
    Interrupted(#[from] crate::cancel::Interrupted),
}

fn parameter(what: &'static str, message: String) -> BargainingError {
    BargainingError::Parameter { what, message }
}

/// The asymmetric Nash solution of dividing `surplus` among players with disagreement
/// payoffs `disagreement` and bargaining weights `weights` (non-negative, not all zero; a
/// player of weight 0 keeps its disagreement payoff, the limit of a vanishing weight).
///
/// ```
/// use comity::bargaining::nash_surplus;
/// // By hand: 8 to divide, player 1 can get 2 alone; the gains 8 - 2 = 6 are split equally.
/// assert_eq!(nash_surplus(8.0, &[2.0, 0.0], &[1.0, 1.0])?, vec![5.0, 3.0]);
/// // Weights 2, 1, 1 (say, power indices) split the gains in proportion.
/// assert_eq!(nash_surplus(1.0, &[0.0; 3], &[2.0, 1.0, 1.0])?, vec![0.5, 0.25, 0.25]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn nash_surplus(
    surplus: f64,
    disagreement: &[f64],
    weights: &[f64],
) -> Result<Vec<f64>, BargainingError> {
    if disagreement.is_empty() || disagreement.len() != weights.len() {
        return Err(parameter(
            "weights",
            format!("{} weights for {} players; expected one per player", weights.len(), disagreement.len()),
        ));
    }
    if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)) || weights.iter().all(|&w| w == 0.0) {
        return Err(parameter("weights", format!("{weights:?}; expected non-negative numbers, not all 0")));
    }
    if !surplus.is_finite() {
        return Err(parameter("surplus", format!("{surplus}; expected a finite number")));
    }
    if let Some(d) = disagreement.iter().find(|d| !d.is_finite()) {
        return Err(parameter("disagreement", format!("{d}; expected finite numbers")));
    }
    // Shares from weights divided by the largest (the sum of 1e308 and 1e308 overflows, and
    // every share then rounded to 0), and gains from payoffs divided by their largest size (the
    // surplus minus the disagreement payoffs may overflow where the answer does not).
    let largest_weight = weights.iter().fold(0.0f64, |a, &w| a.max(w));
    let shares: Vec<f64> = weights.iter().map(|w| w / largest_weight).collect();
    let total: f64 = shares.iter().sum();
    let unit = disagreement.iter().fold(surplus.abs(), |a, d| a.max(d.abs()));
    let unit = if unit > 0.0 { unit } else { 1.0 };
    let gains = surplus / unit - disagreement.iter().map(|d| d / unit).sum::<f64>();
    if gains.is_nan() || gains <= 0.0 {
        return Err(BargainingError::NoGains);
    }
    Ok(disagreement.iter().zip(&shares).map(|(d, w)| (d / unit + w / total * gains) * unit).collect())
}

/// Per coordinate, a power of two at or above the largest absolute value among `points` and
/// `d` (1 when all are 0): dividing by it is exact and brings every coordinate into `[-1, 1]`.
fn coordinate_scales(points: &[[f64; 2]], d: [f64; 2]) -> [f64; 2] {
    let mut scales = [1.0; 2];
    for (k, s) in scales.iter_mut().enumerate() {
        let largest = points.iter().map(|p| p[k].abs()).fold(d[k].abs(), f64::max);
        if largest > 0.0 {
            // 2^ceil(log2 largest), built from bits; at most 2^1024 is not representable, so
            // the exponent stops at 1023 and the largest value maps into [1/2, 2).
            let e = (largest.log2().ceil() as i32).clamp(-1074, 1023);
            *s = if e >= -1022 {
                f64::from_bits(((e + 1023) as u64) << 52)
            } else {
                f64::from_bits(1u64 << (e + 1074))
            };
        }
    }
    scales
}

/// Points divided by per-coordinate scales.
fn rescaled(points: &[[f64; 2]], s: [f64; 2]) -> Vec<[f64; 2]> {
    points.iter().map(|p| [p[0] / s[0], p[1] / s[1]]).collect()
}

/// A convex feasible set of two players' payoffs: the convex hull of some payoff vectors.
///
/// ```
/// use comity::bargaining::{nash_solution, FeasibleSet};
/// // Two players share 2 units when player 1 takes it all, 1 unit when player 2 does: the
/// // frontier is x / 2 + y = 1, and the Nash product x y peaks at (1, 1/2).
/// let set = FeasibleSet::new(vec![[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]])?;
/// let x = nash_solution(&set, [0.0, 0.0], [1.0, 1.0])?;
/// assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 0.5).abs() < 1e-12);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FeasibleSet {
    /// Hull vertices in counter-clockwise order.
    hull: Vec<[f64; 2]>,
}

fn cross(o: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
}

/// Whether `o -> a -> b` turns left by more than rounding: collinear points written in another
/// unit (0.13 and 0.14 for 13 and 14) have a cross product of 10^-17 rather than 0, and would
/// otherwise become hull vertices in one unit and not in the other.
fn left_turn(o: [f64; 2], a: [f64; 2], b: [f64; 2]) -> bool {
    let lengths = (a[0] - o[0]).hypot(a[1] - o[1]) * (b[0] - o[0]).hypot(b[1] - o[1]);
    cross(o, a, b) > 1e-12 * lengths
}

impl FeasibleSet {
    /// The convex hull of `points` (finite, at least one).
    ///
    /// ```
    /// use comity::bargaining::FeasibleSet;
    /// // (1, 0) lies on an edge and (0.5, 0.25) inside: neither is a vertex.
    /// let set = FeasibleSet::new(vec![[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.5, 0.25]])?;
    /// assert_eq!(set.vertices(), &[[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]]);
    /// assert!(FeasibleSet::new(vec![[f64::NAN, 0.0]]).is_err());
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn new(mut points: Vec<[f64; 2]>) -> Result<Self, BargainingError> {
        if points.is_empty() || points.iter().flatten().any(|x| !x.is_finite()) {
            return Err(parameter("vertices", "expected at least one point with finite payoffs".into()));
        }
        points.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        points.dedup();
        if points.len() < 3 {
            return Ok(FeasibleSet { hull: points });
        }
        // Orientation tests on coordinates divided by powers of two (exact, and the same hull):
        // cross products of coordinates near 10^300 overflow.
        let s = coordinate_scales(&points, [0.0; 2]);
        let points = rescaled(&points, s);
        // Andrew's monotone chain.
        let mut hull: Vec<[f64; 2]> = Vec::with_capacity(2 * points.len());
        for pass in 0..2 {
            let start = hull.len();
            let iter: Box<dyn Iterator<Item = &[f64; 2]>> =
                if pass == 0 { Box::new(points.iter()) } else { Box::new(points.iter().rev()) };
            for &p in iter {
                while hull.len() >= start + 2 && !left_turn(hull[hull.len() - 2], hull[hull.len() - 1], p) {
                    hull.pop();
                }
                hull.push(p);
            }
            hull.pop();
        }
        let hull = hull.into_iter().map(|p| [p[0] * s[0], p[1] * s[1]]).collect();
        Ok(FeasibleSet { hull })
    }

    /// The hull's vertices, counter-clockwise.
    ///
    /// ```
    /// use comity::bargaining::FeasibleSet;
    /// // The unit square given clockwise, with a repeated corner and its centre.
    /// let points = vec![[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.5, 0.5]];
    /// let square = FeasibleSet::new(points)?;
    /// assert_eq!(square.vertices(), &[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
    /// # Ok::<(), comity::bargaining::BargainingError>(())
    /// ```
    pub fn vertices(&self) -> &[[f64; 2]] {
        &self.hull
    }
}

/// The hull's edges (a single point or segment counts as its own edges).
fn edges_of(hull: &[[f64; 2]]) -> Vec<([f64; 2], [f64; 2])> {
    let k = hull.len();
    (0..k).map(|i| (hull[i], hull[(i + 1) % k])).collect()
}

/// The (asymmetric) Nash solution on a polygon from disagreement point `d` with positive
/// bargaining `weights`.
///
/// ```
/// use comity::bargaining::{nash_solution, FeasibleSet};
/// // The triangle (0, 0), (2, 0), (0, 1): frontier x / 2 + y = 1. By hand, weights 2 and 1
/// // maximise 2 ln x + ln(1 - x / 2), so 2 / x = (1/2) / (1 - x / 2): x = 4/3, y = 1/3.
/// let set = FeasibleSet::new(vec![[0.0, 0.0], [2.0, 0.0], [0.0, 1.0]])?;
/// let x = nash_solution(&set, [0.0, 0.0], [2.0, 1.0])?;
/// assert!((x[0] - 4.0 / 3.0).abs() < 1e-12 && (x[1] - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn nash_solution(set: &FeasibleSet, d: [f64; 2], weights: [f64; 2]) -> Result<[f64; 2], BargainingError> {
    if weights.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
        return Err(parameter("weights", format!("{weights:?}; expected positive numbers")));
    }
    check_disagreement(d)?;
    // Weights relative to the larger (their sum may overflow), coordinates divided by powers
    // of two (exact); the answer is scaled back.
    let largest = weights[0].max(weights[1]);
    let [a, b] = [weights[0] / largest, weights[1] / largest];
    let s = coordinate_scales(&set.hull, d);
    let hull = rescaled(&set.hull, s);
    let d = [d[0] / s[0], d[1] / s[1]];
    let value = |x: [f64; 2]| {
        if x[0] > d[0] && x[1] > d[1] {
            a * (x[0] - d[0]).ln() + b * (x[1] - d[1]).ln()
        } else {
            f64::NEG_INFINITY
        }
    };
    let mut best = (f64::NEG_INFINITY, [0.0; 2]);
    for (p, q) in edges_of(&hull) {
        let (u, delta) = ([p[0] - d[0], p[1] - d[1]], [q[0] - p[0], q[1] - p[1]]);
        let mut candidates = vec![0.0, 1.0];
        let denominator = (a + b) * delta[0] * delta[1];
        if denominator != 0.0 {
            let t = -(a * delta[0] * u[1] + b * delta[1] * u[0]) / denominator;
            if (0.0..=1.0).contains(&t) {
                candidates.push(t);
            }
        }
        for t in candidates {
            let x = [p[0] + t * delta[0], p[1] + t * delta[1]];
            let v = value(x);
            if v > best.0 {
                best = (v, x);
            }
        }
    }
    if best.0 == f64::NEG_INFINITY {
        return Err(BargainingError::NoGains);
    }
    Ok([best.1[0] * s[0], best.1[1] * s[1]])
}

fn check_disagreement(d: [f64; 2]) -> Result<(), BargainingError> {
    if d.iter().any(|x| !x.is_finite()) {
        return Err(parameter("disagreement", format!("{d:?}; expected finite numbers")));
    }
    Ok(())
}

/// The Kalai-Smorodinsky solution on a polygon from disagreement point `d`.
///
/// ```
/// use comity::bargaining::{kalai_smorodinsky, nash_solution, FeasibleSet};
/// // Frontier: y = 1 up to x = 1, then x + y = 2. Nash maximises x y at (1, 1); by hand, the
/// // ideal point is (2, 1), and the ray (2t, t) meets x + y = 2 at t = 2/3: (4/3, 2/3).
/// let set = FeasibleSet::new(vec![[0.0, 0.0], [2.0, 0.0], [1.0, 1.0], [0.0, 1.0]])?;
/// let ks = kalai_smorodinsky(&set, [0.0, 0.0])?;
/// assert!((ks[0] - 4.0 / 3.0).abs() < 1e-12 && (ks[1] - 2.0 / 3.0).abs() < 1e-12);
/// assert_eq!(nash_solution(&set, [0.0, 0.0], [1.0, 1.0])?, [1.0, 1.0]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn kalai_smorodinsky(set: &FeasibleSet, d: [f64; 2]) -> Result<[f64; 2], BargainingError> {
    check_disagreement(d)?;
    // Coordinates divided by powers of two (exact); the answer is scaled back.
    let s = coordinate_scales(&set.hull, d);
    let hull = rescaled(&set.hull, s);
    let d = [d[0] / s[0], d[1] / s[1]];
    // Ideal point: each player's best payoff over the part of the polygon that gives both at
    // least d, found on the edges (a linear objective peaks at a vertex of that part).
    let mut ideal = [f64::NEG_INFINITY; 2];
    for (p, q) in edges_of(&hull) {
        for t in segment_points_at_least(p, q, d) {
            let x = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
            ideal = [ideal[0].max(x[0]), ideal[1].max(x[1])];
        }
    }
    if !(ideal[0] > d[0] && ideal[1] > d[1]) {
        return Err(BargainingError::NoGains);
    }
    let direction = [ideal[0] - d[0], ideal[1] - d[1]];
    // The largest lambda with d + lambda * direction inside every edge's half-plane (the hull
    // is counter-clockwise, so inside is to the left of each edge).
    let mut lambda = f64::INFINITY;
    for (p, q) in edges_of(&hull) {
        if p == q {
            continue;
        }
        let at_d = cross(p, q, d);
        let slope = (q[0] - p[0]) * direction[1] - (q[1] - p[1]) * direction[0];
        // An edge parallel to the direction (up to rounding) does not bound the ray: it is
        // the case where d lies on the boundary and the ray runs along an edge.
        let length = (q[0] - p[0]).hypot(q[1] - p[1]) * direction[0].hypot(direction[1]);
        if slope < -1e-12 * length {
            lambda = lambda.min(at_d / -slope);
        }
    }
    if !lambda.is_finite() || lambda <= 0.0 {
        return Err(BargainingError::NoGains);
    }
    Ok([(d[0] + lambda * direction[0]) * s[0], (d[1] + lambda * direction[1]) * s[1]])
}

/// Positions `t` in [0, 1] on segment `p q` that are the ends of its part with `x >= d`.
fn segment_points_at_least(p: [f64; 2], q: [f64; 2], d: [f64; 2]) -> Vec<f64> {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for k in 0..2 {
        let (start, change) = (p[k] - d[k], q[k] - p[k]);
        if change == 0.0 {
            if start < 0.0 {
                return Vec::new();
            }
        } else {
            let t = -start / change;
            if change > 0.0 {
                lo = lo.max(t);
            } else {
                hi = hi.min(t);
            }
        }
    }
    if lo <= hi { vec![lo, hi] } else { Vec::new() }
}
