//! The open-rule measure: Baron-Ferejohn bargaining when proposals may be amended, against the
//! closed rule, for a body of equal members deciding by a majority of `q` of `n`.
//!
//! Under the closed rule a recognised member's proposal is voted up or down at once; in the
//! symmetric stationary equilibrium the proposer buys `q - 1` partners at their continuation
//! value `delta / n` and keeps `1 - (q - 1) delta / n` (Baron & Ferejohn 1989, Proposition 2).
//! Under the open rule another member is recognised before the vote and may amend
//! ([`crate::bargaining::open_rule`], Proposition 4): the proposer pays more partners, or
//! risks an amendment, and keeps less. The measure reports both and the difference: what the
//! right to amend takes from the member holding the floor. The discount factor is
//! `[baron_ferejohn] delta`; recognition is equal (the open rule's closed forms are for
//! identical members).
//!
//! The measure applies where every member has a vote and all are alike (equal Banzhaf
//! indices) and winning depends on the number of members alone, so that the rule is `q` of
//! `n` for the `q` at which the first members' coalition starts to win; anything else (a veto,
//! weights, blocs, a club, "{A, B} or {C, D}") is refused with a note. Size alone is checked
//! exactly: on the rule's size-and-weight form when it has one with equal weights, else over
//! every coalition (up to 20 members).
//!
//! # References
//! Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4), Propositions 2 and 4.
//!
//! ```
//! use comity::study::Study;
//! let study = Study::load("models/studies/unga_caucuses.toml")?;
//! // Simple majority of the 193 members (the third variant).
//! let open = study.evaluate(2)?.open_rule.expect("a symmetric majority");
//! assert_eq!((open.members, open.quota), (193, 97));
//! // Closed rule, by hand: the proposer keeps 1 - 96 delta / 193 with delta = 0.95.
//! assert!((open.closed_proposed_keep - (1.0 - 96.0 * 0.95 / 193.0)).abs() < 1e-12);
//! assert!(open.proposed_keep < open.closed_proposed_keep); // amendments cost the proposer
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::file::StudyFile;
use super::measures::VariantResult;
use super::variant::BuiltVariant;
use crate::bargaining::open_rule;
use crate::game::{Coalition, Game, SimpleGame};
use serde::Serialize;

/// Banzhaf indices closer than this are equal (members alike).
const ALIKE: f64 = 1e-12;

/// The most members for which a rule without an equal-weight size form is checked coalition by
/// coalition (`2^n` coalitions).
const EXHAUSTIVE_MEMBERS: usize = 20;

/// Whether `game` on `n` members is `quota` of `n`: a coalition wins exactly when it has at
/// least `quota` members.
fn q_of_n(game: &Game, n: usize, quota: usize) -> Result<(), String> {
    let by_size = |k: usize| game.is_winning(&Coalition::from_players(0..k)) == (k >= quota);
    let equal_weights = game.size_weight_form().is_some_and(|f| f.weights().windows(2).all(|w| w[0] == w[1]));
    if equal_weights {
        // Winning depends on size alone: the first k members stand for every coalition of k.
        return match (0..=n).find(|&k| !by_size(k)) {
            None => Ok(()),
            Some(k) => {
                Err(format!("here {k} members {} but {quota} win", if k >= quota { "lose" } else { "win" }))
            }
        };
    }
    if n > EXHAUSTIVE_MEMBERS {
        return Err(format!(
            "this rule has no equal-weight form to check that on, and {n} members are too many to check every coalition (at most {EXHAUSTIVE_MEMBERS})"
        ));
    }
    for mask in 0u64..(1 << n) {
        let coalition = Coalition::from_players((0..n).filter(|i| mask >> i & 1 == 1));
        if game.is_winning(&coalition) != (coalition.len() >= quota) {
            let ids: Vec<String> = coalition.players().map(|i| i.to_string()).collect();
            return Err(format!(
                "here the coalition of members {{{}}} (0-based) {} though {quota} members win",
                ids.join(", "),
                if coalition.len() >= quota { "loses" } else { "wins" }
            ));
        }
    }
    Ok(())
}

/// The open rule against the closed rule in one variant.
///
/// ```
/// use comity::study::OpenRuleResult;
/// let r = OpenRuleResult { members: 3, quota: 2, delta: 0.9, coalition: 1, proposed_keep: 3.19 / 4.99,
///     offer: 1.8 / 4.99, pass_first_time: 0.5, expected_amendments: 1.0,
///     closed_proposed_keep: 0.7, amendment_cost: 0.7 - 3.19 / 4.99 };
/// assert!(r.amendment_cost > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenRuleResult {
    /// Members `n`.
    pub members: usize,
    /// Votes a proposal needs, `q`.
    pub quota: usize,
    /// The discount factor.
    pub delta: f64,
    /// Partners a proposer includes under the open rule.
    pub coalition: usize,
    /// What a proposer proposes to keep under the open rule.
    pub proposed_keep: f64,
    /// What each partner is offered under the open rule.
    pub offer: f64,
    /// The chance that a proposal passes unamended.
    pub pass_first_time: f64,
    /// The expected number of amendments before a proposal passes.
    pub expected_amendments: f64,
    /// What a proposer keeps under the closed rule, `1 - (q - 1) delta / n`.
    pub closed_proposed_keep: f64,
    /// `closed_proposed_keep - proposed_keep`: what the right to amend takes from the
    /// proposer.
    pub amendment_cost: f64,
}

/// The open rule in one variant, or a note saying why it does not apply.
pub(super) fn open_rule_result(
    built: &BuiltVariant,
    result: &VariantResult,
    file: &StudyFile,
    notes: &mut Vec<String>,
) -> Option<OpenRuleResult> {
    let mut note = |m: String| {
        notes.push(format!("open_rule: {m}"));
        None
    };
    let Some(bf) = file.baron_ferejohn.as_ref() else {
        return note("the study has no [baron_ferejohn] settings (the discount factor)".into());
    };
    if built.like_minded.is_some() {
        return note("not for a like-minded coalition (its decision binds its participants only)".into());
    }
    let banzhaf: Vec<f64> = result.member_results.iter().map(|m| m.banzhaf).collect();
    let n = banzhaf.len();
    if banzhaf.iter().any(|&b| b <= 0.0 || (b - banzhaf[0]).abs() > ALIKE) {
        return note(
            "the open rule's closed forms are for a body of equal members (a majority of q of n); here members differ in power (a veto, weights, blocs or a club)".into(),
        );
    }
    // Members alike: the rule is q of n, q the size at which the first members start to win,
    // provided winning depends on size alone (equal Banzhaf indices do not ensure it: "{A, B}
    // or {C, D}" of four has them).
    let Some(quota) = (1..=n).find(|&k| built.game.is_winning(&Coalition::from_players(0..k))) else {
        return note("no coalition wins".into());
    };
    if let Err(why) = q_of_n(&built.game, n, quota) {
        return note(format!(
            "the open rule's closed forms are for a majority of q of n, where winning depends on the number of members alone; {why}"
        ));
    }
    match open_rule(n, quota, bf.delta) {
        Ok(eq) => {
            let closed = 1.0 - (quota - 1) as f64 * bf.delta / n as f64;
            Some(OpenRuleResult {
                members: n,
                quota,
                delta: bf.delta,
                coalition: eq.coalition,
                proposed_keep: eq.proposed_keep,
                offer: eq.offer,
                pass_first_time: eq.pass_first_time,
                expected_amendments: eq.expected_amendments,
                closed_proposed_keep: closed,
                amendment_cost: closed - eq.proposed_keep,
            })
        }
        Err(e) => note(e.to_string()),
    }
}
