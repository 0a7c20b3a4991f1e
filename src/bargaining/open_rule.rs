//! Baron-Ferejohn bargaining under the open rule: proposals may be amended.
//!
//! `n` identical members divide a unit surplus; a proposal passes with `q` votes (simple
//! majority: `q = (n + 1) / 2`). A recognised member proposes to keep `y` and give `x` to each
//! of `m` others. Another member, each of the other `n - 1` equally likely, is recognised: a
//! member of the proposal's coalition moves the previous question and the proposal passes;
//! anyone else offers an amendment, which is put against the proposal and, if it wins,
//! becomes the proposal on the floor, the surplus discounted by `delta` (Baron & Ferejohn
//! 1989, Proposition 4). In the symmetric stationary equilibrium an amender proposes the same
//! division, leaves out the previous proposer (too expensive) and buys every other excluded
//! member first, then members of the old coalition (who are indifferent and vote for the
//! amendment). With `F`, `C` and `O` the values of the proposer on the floor, a member of its
//! coalition and an excluded member (before the next recognition), and `r = n - 1`:
//!
//! ```text
//! F = (m/r) (1 - m x) + ((r - m)/r) delta O
//! C = (m/r) x + ((r - m)/r) delta ((2m + 2 - n)/m C + (n - 2 - m)/m O)
//! O = (1/r) delta F + ((n - 2 - m)/r) delta C
//! ```
//!
//! and `x = delta F`: a coalition member is paid exactly what amending would bring it. With
//! `m = n - 1` nobody is left to amend and `F = 1 / (1 + (n - 1) delta)`. The proposer picks
//! the `m` (from `q - 1` to `n - 1`) that maximises `F`; patient bodies get minimal
//! coalitions, impatient ones larger coalitions, up to unanimity. For three members the
//! closed forms are (Baron & Ferejohn 1989; restated by Primo 2006): for
//! `delta >= sqrt(3) - 1`, one partner, offered `2 delta / (4 + 2 delta - delta^2)`, the
//! proposer proposing to keep `(4 - delta^2) / (4 + 2 delta - delta^2)`; below it, both
//! others, offered `delta / (1 + 2 delta)` each.
//!
//! # Algorithm
//! One 3×3 linear system per coalition size, `O(n)` in all. Each result is checked: the
//! values solve their equations, no coalition size gives the proposer more, and the proposed
//! division is feasible (`y >= 0`).
//!
//! # References
//! Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4), Proposition 4; Primo
//! (2006), "A comment on Baron and Ferejohn (1989): the open rule equilibrium and coalition
//! formation", Public Choice 130 (other amender strategies give other symmetric equilibria).
//!
//! ```
//! use comity::bargaining::open_rule;
//! // Three members, delta = 0.9 >= sqrt(3) - 1: one partner, offered 1.8 / 4.99.
//! let eq = open_rule(3, 2, 0.9)?;
//! assert_eq!(eq.coalition, 1);
//! assert!((eq.offer - 1.8 / 4.99).abs() < 1e-12);
//! assert!((eq.proposed_keep - (4.0 - 0.81) / 4.99).abs() < 1e-12);
//! # Ok::<(), comity::bargaining::BargainingError>(())
//! ```

use super::axiomatic::BargainingError;
use nalgebra::{Matrix3, Vector3};

/// How far the returned equilibrium may miss its conditions.
const CHECK: f64 = 1e-10;

/// The most members [`open_rule`] takes (the General Assembly has 193).
///
/// ```
/// use comity::bargaining::{open_rule, MAX_OPEN_RULE_MEMBERS};
/// assert!(open_rule(MAX_OPEN_RULE_MEMBERS + 1, MAX_OPEN_RULE_MEMBERS, 0.9).is_err());
/// ```
pub const MAX_OPEN_RULE_MEMBERS: usize = 100_000;

/// The symmetric stationary equilibrium of the open rule.
///
/// ```
/// use comity::bargaining::open_rule;
/// // Impatient members (delta = 0.5 < sqrt(3) - 1) give both others delta / (1 + 2 delta).
/// let eq = open_rule(3, 2, 0.5)?;
/// assert_eq!(eq.coalition, 2);
/// assert!((eq.offer - 0.25).abs() < 1e-12 && (eq.proposed_keep - 0.5).abs() < 1e-12);
/// assert_eq!(eq.pass_first_time, 1.0);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRule {
    /// The number of members.
    pub members: usize,
    /// The votes a proposal needs.
    pub quota: usize,
    /// The discount factor (applied at each amendment).
    pub discount: f64,
    /// How many partners a proposer includes (`m`).
    pub coalition: usize,
    /// What a proposer proposes to keep (`y`).
    pub proposed_keep: f64,
    /// What each partner is offered (`x`).
    pub offer: f64,
    /// The proposer's expected payoff once its proposal is on the floor (`F`).
    pub proposer_value: f64,
    /// A coalition member's expected payoff (`C`).
    pub partner_value: f64,
    /// An excluded member's expected payoff (`O`).
    pub excluded_value: f64,
    /// Each member's expected payoff before anyone is recognised.
    pub value: f64,
    /// The chance that a proposal passes unamended: `m / (n - 1)`.
    pub pass_first_time: f64,
    /// The expected number of amendments before a proposal passes: `(n - 1 - m) / m`.
    pub expected_amendments: f64,
}

/// The values `(F, C, O)` for coalition size `m`.
fn values(n: usize, m: usize, delta: f64) -> Option<Vector3<f64>> {
    let (nf, mf, r) = (n as f64, m as f64, (n - 1) as f64);
    if m == n - 1 {
        let f = 1.0 / (1.0 + r * delta);
        return Some(Vector3::new(f, delta * f, 0.0));
    }
    // Rows: the equations for F, C, O with x = delta F moved to the left.
    let a = Matrix3::new(
        1.0 + mf * mf * delta / r,
        0.0,
        -(r - mf) / r * delta,
        -mf / r * delta,
        1.0 - (r - mf) / r * delta * (2.0 * mf + 2.0 - nf) / mf,
        -(r - mf) / r * delta * (nf - 2.0 - mf) / mf,
        -delta / r,
        -(nf - 2.0 - mf) / r * delta,
        1.0,
    );
    a.lu().solve(&Vector3::new(mf / r, 0.0, 0.0))
}

/// The symmetric stationary equilibrium of Baron-Ferejohn bargaining under the open rule, for
/// `n` identical members (3 to [`MAX_OPEN_RULE_MEMBERS`]) of whom `quota` must vote for a
/// proposal (a majority: more than `n / 2`, at most `n`), with discount factor `discount` in
/// [0, 1]. See the module documentation.
///
/// ```
/// use comity::bargaining::open_rule;
/// // Simple majority of 101, patient members: the proposer buys a minimal majority.
/// let eq = open_rule(101, 51, 0.99)?;
/// assert_eq!(eq.coalition, 50);
/// assert!(open_rule(10, 5, 0.9).is_err(), "5 of 10 is not a majority");
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn open_rule(n: usize, quota: usize, discount: f64) -> Result<OpenRule, BargainingError> {
    let parameter = |message: String| BargainingError::Parameter { what: "open rule", message };
    if !(3..=MAX_OPEN_RULE_MEMBERS).contains(&n) {
        return Err(parameter(format!("{n} members; expected 3 to {MAX_OPEN_RULE_MEMBERS}")));
    }
    if quota > n || quota <= n / 2 {
        return Err(parameter(format!(
            "a quota of {quota} votes of {n}; expected a majority, more than {} and at most {n}",
            n / 2
        )));
    }
    if !(0.0..=1.0).contains(&discount) {
        return Err(parameter(format!("discount factor {discount}; expected a number in [0, 1]")));
    }
    let mut best: Option<(usize, Vector3<f64>)> = None;
    for m in quota - 1..n {
        let Some(v) = values(n, m, discount) else { continue };
        let feasible = 1.0 - m as f64 * discount * v[0] >= -CHECK;
        // Ties go to the smaller coalition (the first found).
        if feasible && best.as_ref().is_none_or(|(_, b)| v[0] > b[0] + CHECK) {
            best = Some((m, v));
        }
    }
    let (m, v) = best.ok_or_else(|| BargainingError::EquilibriumCheck {
        condition: "no coalition size gives a feasible division".into(),
    })?;
    let (f, c, o) = (v[0], v[1], v[2]);
    let r = (n - 1) as f64;
    let x = discount * f;
    let eq = OpenRule {
        members: n,
        quota,
        discount,
        coalition: m,
        proposed_keep: 1.0 - m as f64 * x,
        offer: x,
        proposer_value: f,
        partner_value: c,
        excluded_value: o,
        value: (f + m as f64 * c + (r - m as f64) * o) / n as f64,
        pass_first_time: m as f64 / r,
        expected_amendments: (r - m as f64) / m as f64,
    };
    verify(&eq)?;
    Ok(eq)
}

/// Checks the value equations of `eq` directly (not through the solved system).
fn verify(eq: &OpenRule) -> Result<(), BargainingError> {
    let fail = |condition: &str| Err(BargainingError::EquilibriumCheck { condition: condition.into() });
    let (n, m, d) = (eq.members as f64, eq.coalition as f64, eq.discount);
    let r = n - 1.0;
    let (f, c, o, x) = (eq.proposer_value, eq.partner_value, eq.excluded_value, eq.offer);
    if eq.coalition + 1 == eq.members {
        if (f - (1.0 - m * x)).abs() > CHECK || (c - x).abs() > CHECK {
            return fail("the value equations without amendments");
        }
    } else {
        let ef = m / r * (1.0 - m * x) + (r - m) / r * d * o;
        let ec = m / r * x + (r - m) / r * d * ((2.0 * m + 2.0 - n) / m * c + (n - 2.0 - m) / m * o);
        let eo = d * f / r + (n - 2.0 - m) / r * d * c;
        if (ef - f).abs() > CHECK || (ec - c).abs() > CHECK || (eo - o).abs() > CHECK {
            return fail("the value equations");
        }
    }
    if (x - d * f).abs() > CHECK || eq.proposed_keep < -CHECK {
        return fail("the offer equals the value of amending and the proposer keeps a non-negative share");
    }
    Ok(())
}
