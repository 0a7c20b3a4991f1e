//! The exact long-run behaviour of an institution whose only reciprocators are diffuse with
//! memory one (they contribute iff at least `theta n` members contributed last round).
//!
//! The number of contributors `K_t` is then a Markov chain on `0..=n`. Its transition row
//! from `K` is the distribution of a sum of independent Bernoulli contributions: substantive
//! members with probability `1 - e`, superficial and obstructive ones with `e`, diffuse ones
//! with `1 - e` in the high regime (`K >= theta n`) and `e` in the low one. All rows are one
//! of two distributions, `H` and `L` (computed by multiplying out the members' generating
//! polynomials). The regime is therefore a two-state chain that leaves the high regime with
//! probability `a = H(K < theta n)` and the low one with `b = L(K >= theta n)`; its long-run
//! share of high rounds is `q = b / (a + b)` (with `a + b = 0` the chain stays where it
//! starts: high, since everyone's first move is to contribute; this is the Cesàro limit, so
//! it also holds without noise). The stationary distribution of `K` is `q H + (1 - q) L`,
//! from which the contribution rate and every type's payoff follow. The expected round of
//! collapse (first `K_t < c n`) solves the two hitting-time equations of the regimes, from
//! `K_0 ~ H`.
//!
//! Large bodies are metastable: both regimes can be so sticky that the long-run limit is
//! reached only after astronomically many rounds (the expected round of collapse says how
//! many), so the contribution level within each regime is reported as well.
//!
//! # References
//! Kemeny & Snell (1960), *Finite Markov Chains*, ch. 3 (absorption times) and ch. 4
//! (stationary distributions).

use super::{MemberType, PublicGood, RepeatedInstitution};
use crate::cancel::{CancelToken, Interrupted};
use crate::repeated::RepeatedError;

/// The exact long-run results.
///
/// ```
/// use comity::repeated::institution::{DecisionRule::Majority, MemberType::*};
/// use comity::repeated::institution::{PublicGood, RepeatedInstitution, exact_institution};
/// // One substantive member and one diffuse reciprocator needing both to have contributed,
/// // noise 0.1. By hand the regime leaves "high" with 1 - 0.9^2 = 0.19 and "low" with
/// // 0.9 * 0.1 = 0.09, so the high share is 0.09 / 0.28 = 9/28.
/// let types = vec![Substantive, Diffuse { memory: 1, threshold: 1.0 }];
/// let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
/// let body = RepeatedInstitution::new(types, vec![1, 1], good, Majority, 0.1, 1, 0.5)?;
/// let exact = exact_institution(&body)?;
/// assert!((exact.high_share - 9.0 / 28.0).abs() < 1e-12);
/// // Diffuse rate 0.1 + 0.8 * 9/28 = 5/14; the body's is (0.9 + 5/14) / 2 = 22/35.
/// assert!((exact.contribution_rate - 22.0 / 35.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExactInstitution {
    /// Long-run average contribution level.
    pub contribution_rate: f64,
    /// Per type (types with no members left out): the type, its long-run contribution rate
    /// and average payoff per round.
    pub by_type: Vec<(MemberType, f64, f64)>,
    /// Long-run share of rounds in which the diffuse reciprocators contribute.
    pub high_share: f64,
    /// Expected contribution level in a round of the high regime (diffuse reciprocators
    /// contributing): the level at which a body stays while cooperation holds, which matters
    /// when collapse takes longer than any horizon of interest.
    pub contribution_rate_high: f64,
    /// Expected contribution level in a round of the low regime.
    pub contribution_rate_low: f64,
    /// Expected round (0-based) at which the contribution level first falls below the
    /// collapse level; `None` if there is a positive probability that it never does.
    pub expected_collapse_round: Option<f64>,
    /// Long-run distribution of the number of contributors, `0..=n`.
    pub contributors: Vec<f64>,
}

/// Members multiplied out between two checks of the cancel token: each costs `O(n)`, so a
/// block of 256 takes well under a millisecond below a million members.
const CHECK_EVERY: usize = 256;

/// Distribution of the number of successes of independent trials with these probabilities,
/// checking `cancel` every [`CHECK_EVERY`] trials.
fn poisson_binomial(
    probabilities: impl Iterator<Item = f64>,
    cancel: &CancelToken,
) -> Result<Vec<f64>, Interrupted> {
    let mut dist = vec![1.0];
    for (k, p) in probabilities.enumerate() {
        if k % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        let mut next = vec![0.0; dist.len() + 1];
        for (k, &d) in dist.iter().enumerate() {
            next[k] += d * (1.0 - p);
            next[k + 1] += d * p;
        }
        dist = next;
    }
    Ok(dist)
}

/// Solves the institution exactly, or explains why it is outside the exact class.
///
/// ```
/// use comity::repeated::institution::{DecisionRule::Majority, MemberType::*};
/// use comity::repeated::institution::{PublicGood, RepeatedInstitution, exact_institution};
/// // One contributor and one free rider, multiplier 1.5, no noise. By hand each receives
/// // 1.5 * 1 / 2 = 0.75; the contributor pays 1.
/// let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
/// let types = vec![Substantive, Superficial];
/// let body = RepeatedInstitution::new(types, vec![1, 1], good, Majority, 0.0, 1, 0.5)?;
/// let exact = exact_institution(&body)?;
/// assert_eq!(exact.contribution_rate, 0.5);
/// assert_eq!(exact.by_type, [(Substantive, 1.0, -0.25), (Superficial, 0.0, 0.75)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn exact_institution(institution: &RepeatedInstitution) -> Result<ExactInstitution, RepeatedError> {
    exact_institution_cancellable(institution, &CancelToken::new())
}

/// [`exact_institution`], stopping with [`RepeatedError::Interrupted`] once `cancel` is
/// cancelled (from another thread; the Python package cancels on Ctrl-C): the two transition
/// rows, `O(n^2)` for `n` members, check it every 256 members.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::RepeatedError;
/// use comity::repeated::institution::{DecisionRule::Majority, MemberType::*};
/// use comity::repeated::institution::{PublicGood, RepeatedInstitution, exact_institution_cancellable};
/// let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
/// let body = RepeatedInstitution::new(vec![Substantive, Superficial], vec![1, 1], good, Majority, 0.0, 1, 0.5)?;
/// let token = CancelToken::new();
/// assert_eq!(exact_institution_cancellable(&body, &token)?.contribution_rate, 0.5);
/// token.cancel();
/// let err = exact_institution_cancellable(&body, &token).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn exact_institution_cancellable(
    institution: &RepeatedInstitution,
    cancel: &CancelToken,
) -> Result<ExactInstitution, RepeatedError> {
    cancel.check()?;
    let n = institution.members();
    let e = institution.noise;
    let mut theta = None;
    for (t, &k) in institution.types.iter().zip(&institution.counts) {
        match *t {
            _ if k == 0 => {}
            MemberType::Substantive | MemberType::Superficial | MemberType::Obstructive { .. } => {}
            MemberType::Diffuse { memory: 1, threshold } if theta.is_none_or(|x| x == threshold) => {
                theta = Some(threshold)
            }
            other => {
                return Err(RepeatedError::Parameter {
                    what: "exact",
                    message: format!(
                        "member type {} is outside the exact model; expected substantive, superficial, obstructive and one diffuse type with memory 1 (simulate instead)",
                        other.label()
                    ),
                });
            }
        }
    }
    // Each member's contribution probability in the high and the low regime.
    let regime = |high: bool| {
        institution.types.iter().zip(&institution.counts).flat_map(move |(t, &k)| {
            let intended = match t {
                MemberType::Substantive => true,
                MemberType::Diffuse { .. } => high,
                _ => false,
            };
            std::iter::repeat_n(if intended { 1.0 - e } else { e }, k)
        })
    };
    let (h, l) = (poisson_binomial(regime(true), cancel)?, poisson_binomial(regime(false), cancel)?);
    // With no diffuse members the regime does not matter: both rows are the same.
    let theta = theta.unwrap_or(0.0);
    // Both tails are summed directly: leaving a regime can be far less likely than 1e-16,
    // and `1 - (1 - tiny)` would lose it.
    let reaches = |k: usize, level: f64| k as f64 >= level * n as f64 - 1e-9;
    let at_least = |dist: &[f64], level: f64| -> f64 {
        dist.iter().enumerate().filter(|&(k, _)| reaches(k, level)).map(|(_, d)| d).sum()
    };
    let below = |dist: &[f64], level: f64| -> f64 {
        dist.iter().enumerate().filter(|&(k, _)| !reaches(k, level)).map(|(_, d)| d).sum()
    };
    let leave_high = below(&h, theta);
    let leave_low = at_least(&l, theta);
    let q = if leave_high + leave_low > 0.0 { leave_low / (leave_high + leave_low) } else { 1.0 };
    let contributors: Vec<f64> = h.iter().zip(&l).map(|(a, b)| q * a + (1.0 - q) * b).collect();
    let mean = |dist: &[f64]| -> f64 { dist.iter().enumerate().map(|(k, p)| k as f64 * p).sum() };
    let mean_contributors = mean(&contributors);

    let not_blocked = institution.not_blocked();
    let cost = institution.good.cost();
    let benefit = not_blocked
        * match institution.good {
            PublicGood::Linear { multiplier, cost } => multiplier * cost * mean_contributors / n as f64,
            PublicGood::Threshold { share, benefit, .. } => benefit * at_least(&contributors, share),
        };
    let by_type = institution
        .types
        .iter()
        .zip(&institution.counts)
        .filter(|&(_, &k)| k > 0)
        .map(|(t, _)| {
            let rate = match t {
                MemberType::Substantive => 1.0 - e,
                MemberType::Diffuse { .. } => q * (1.0 - e) + (1.0 - q) * e,
                _ => e,
            };
            (*t, rate, benefit - not_blocked * cost * rate)
        })
        .collect();

    Ok(ExactInstitution {
        contribution_rate: mean_contributors / n as f64,
        by_type,
        high_share: q,
        contribution_rate_high: mean(&h) / n as f64,
        contribution_rate_low: mean(&l) / n as f64,
        expected_collapse_round: collapse_round(&h, &l, theta, institution.collapse_below, n),
        contributors,
    })
}

/// Expected first round with `K < collapse n`, from `K_0 ~ h`.
fn collapse_round(h: &[f64], l: &[f64], theta: f64, collapse: f64, n: usize) -> Option<f64> {
    // Mass of a row on the non-collapsed states of each regime, and on the collapsed ones.
    let split = |dist: &[f64]| -> (f64, f64, f64) {
        let (mut high, mut low, mut collapsed) = (0.0, 0.0, 0.0);
        for (k, &p) in dist.iter().enumerate() {
            let k = k as f64;
            if k < collapse * n as f64 - 1e-9 {
                collapsed += p;
            } else if k >= theta * n as f64 - 1e-9 {
                high += p;
            } else {
                low += p;
            }
        }
        (high, low, collapsed)
    };
    let (hh, hl, hc) = split(h);
    let (lh, ll, lc) = split(l);
    // x = expected further rounds from a non-collapsed high state, y from a low one:
    // x = 1 + hh x + hl y, y = 1 + lh x + ll y. With 1 - hh = hl + hc and 1 - ll = lh + lc the
    // determinant is a sum of non-negative terms, free of cancellation when collapse is rare.
    let det = hc * lc + hc * lh + hl * lc;
    let _ = ll;
    if det <= 0.0 {
        return None;
    }
    let x = (lc + lh + hl) / det;
    let y = (hc + hl + lh) / det;
    let expected = hh * x + hl * y;
    expected.is_finite().then_some(expected)
}
