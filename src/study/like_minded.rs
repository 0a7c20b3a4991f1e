//! Like-minded coalitions as a study variant kind: a decision that binds only its
//! participants, while outsiders keep the status quo.
//!
//! A variant with `like_minded = { ... }` names its participants (a study group, member ids,
//! or `stable = true` for a stable coalition the agenda setter leads, see
//! [`crate::bargaining::find_stable_like_minded`]: the largest under consensus or up to 16
//! members, otherwise one found by join-and-leave dynamics) and an internal rule (`internal_quota`
//! participants must agree; all of them when absent). Its game is a club: participants decide
//! by the internal rule and outsiders are null players. So:
//!
//! - **power** (Shapley-Shubik, Banzhaf, Gini, efficacy) is power among the participants over
//!   the coalition's decision; outsiders have none, because the decision does not bind them.
//!   Read body-wide, a share is a share of a decision that applies to participants only.
//! - **spatial**: participants agree on the point the leader (the `[spatial]` setter or the
//!   chair) proposes under the internal rule; outsiders stay at the status quo. The result
//!   gives the coalition's policy, its ambition (distance from the status quo) against
//!   inclusive consensus of every member, and each member's distance to the outcome that
//!   applies to it ([`crate::bargaining::like_minded_1d`]).
//! - **Baron-Ferejohn** (and the agenda measures): bargaining among participants only, since
//!   null players are never recognised.
//! - **penrose** (power per head of the whole body's populations) and **pooling** (blocs
//!   inside the whole body) do not apply and are refused with a note.
//!
//! # References
//! Kahler (1992), "Multilateralism with small and large numbers", Int. Organization 46(3);
//! Romer & Rosenthal (1978), Public Choice 33(4); d'Aspremont et al. (1983), Can. J. Econ.
//! 16(1).
//!
//! ```
//! use comity::study::Study;
//! // The Security Council's ten elected members as a like-minded coalition: 6 of the 10 must
//! // agree, the permanent five stay outside.
//! # let text = r#"
//! # [study]
//! # id = "elected"
//! # title = "The elected ten"
//! # question = "What can the elected ten do among themselves?"
//! # source = "models/institutions/unsc.toml"
//! # date = "2026-11-30"
//! # measures = ["shapley_shubik", "banzhaf"]
//! #
//! # [institutions]
//! # unsc = "unsc.toml"
//! #
//! # [[groups]]
//! # name = "elected"
//! # tag = "elected"
//! #
//! # [[variants]]
//! # name = "elected_ten"
//! # institution = "unsc"
//! # like_minded = { group = "elected", internal_quota = 6 }
//! # "#;
//! let study = Study::from_toml(text, "elected.toml", std::path::Path::new("models/institutions"))?;
//! let result = study.evaluate(0)?;
//! // By symmetry each elected member holds 1/10 of the power over the coalition's decision.
//! assert!((result.groups[0].shapley_shubik.expect("measured") - 1.0).abs() < 1e-12);
//! let coalition = result.like_minded.expect("a like-minded variant");
//! assert_eq!((coalition.participants.len(), coalition.outsiders, coalition.internal_quota), (10, 5, 6));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::StudyError;
use super::file::{LikeMindedSpec, SpatialSettings, StudyGroup, VariantSpec};
use super::measures::SpatialResult;
use super::variant::BuiltVariant;
use crate::bargaining::{find_stable_like_minded, like_minded_1d, winset_1d};
use crate::game::WeightedGame;
use crate::model::Institution;
use crate::rules::{ClubRule, MemberSet, Rule, Threshold};
use serde::Serialize;

/// The note a like-minded variant gives for the pooling measure.
pub(super) const POOLING_REFUSED: &str = "pooling: does not apply to a like-minded coalition (blocs pool power in a body whose decision binds every member; the coalition's binds only its participants)";

/// A like-minded variant's participants and internal rule, as built.
///
/// ```
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "elected"
/// # title = "The elected ten"
/// # question = "What can the elected ten do among themselves?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "elected"
/// # tag = "elected"
/// #
/// # [[variants]]
/// # name = "elected_ten"
/// # institution = "unsc"
/// # like_minded = { group = "elected" }
/// # "#;
/// let study = Study::from_toml(text, "elected.toml", std::path::Path::new("models/institutions"))?;
/// let coalition = study.build(0)?.like_minded.expect("a like-minded variant");
/// // The elected members follow the five permanent ones; consensus among them by default.
/// assert_eq!((coalition.participants, coalition.internal_quota), ((5..15).collect(), 10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LikeMindedCoalition {
    /// The participants' positions, increasing.
    pub participants: Vec<usize>,
    /// Participants needed to agree.
    pub internal_quota: usize,
    /// Whether the model chose the participants (stable membership).
    pub chosen_by_model: bool,
    /// The participation cost stable membership weighed (0 for named participants).
    pub cost: f64,
}

/// What a like-minded variant reports beyond the power tables.
///
/// ```
/// use comity::study::LikeMindedResult;
/// let r = LikeMindedResult {
///     participants: vec!["A".into(), "B".into()], chosen_by_model: false, internal_quota: 2,
///     cost: 0.0, outsiders: 1, leader: None, policy: None, ambition: None,
///     inclusive_consensus: None, consensus_ambition: None, distances: vec![],
///     reading: String::new(),
/// };
/// assert_eq!(r.participants.len() + r.outsiders, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikeMindedResult {
    /// The participants' ids.
    pub participants: Vec<String>,
    /// Whether the model chose them (stable membership).
    pub chosen_by_model: bool,
    /// Participants needed to agree.
    pub internal_quota: usize,
    /// The participation cost weighed by stable membership.
    pub cost: f64,
    /// Members outside the coalition.
    pub outsiders: usize,
    /// The agenda setter among the participants, if the spatial measure ran.
    pub leader: Option<String>,
    /// The coalition's policy (binding participants only), if the spatial measure ran.
    pub policy: Option<f64>,
    /// Its distance from the status quo.
    pub ambition: Option<f64>,
    /// The outcome of inclusive consensus of every member with the same agenda setter.
    pub inclusive_consensus: Option<f64>,
    /// Its distance from the status quo.
    pub consensus_ambition: Option<f64>,
    /// Each member's distance to the outcome that applies to it (the policy inside, the status
    /// quo outside), in the institution's order; empty without the spatial measure.
    pub distances: Vec<f64>,
    /// How to read the power shares, in one sentence.
    pub reading: String,
}

/// Checks a like-minded variant as written: `(field, message)` on error.
pub(super) fn validate(
    v: &VariantSpec,
    groups: &std::collections::HashSet<&str>,
) -> Result<(), (String, String)> {
    let name = &v.name;
    let field = |f: &str| format!("variants[{name}].{f}");
    let has_rule = !matches!(&v.rule, super::RuleRef::Named(r) if r.is_empty());
    let Some(lm) = &v.like_minded else {
        return if has_rule {
            Ok(())
        } else {
            Err((
                field("rule"),
                "missing; expected a rule name, a rule in the rule language, or like_minded".into(),
            ))
        };
    };
    if has_rule {
        return Err((
            field("rule"),
            "given with like_minded; expected one: a like-minded coalition's rule is its internal rule"
                .into(),
        ));
    }
    if v.derive_votes.is_some() {
        // The club rule counts participants, so derived votes would be silently ignored.
        return Err((
            field("derive_votes"),
            "given with like_minded; expected one: a like-minded coalition decides by a count of its participants, not by votes".into(),
        ));
    }
    let given = [lm.group.is_some(), lm.ids.is_some(), lm.stable];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err((field("like_minded"), "expected exactly one of group, ids, stable = true".into()));
    }
    if let Some(g) = lm.group.as_deref().filter(|g| !groups.contains(g)) {
        return Err((field("like_minded.group"), format!("unknown group '{g}'; expected a study group")));
    }
    if lm.internal_quota == Some(0) {
        return Err((field("like_minded.internal_quota"), "0; expected at least 1 participant".into()));
    }
    if lm.stable {
        if lm.internal_quota.is_some() {
            return Err((
                field("like_minded.internal_quota"),
                "given with stable = true; expected internal_share (membership, hence the quota, is chosen by the model)".into(),
            ));
        }
        if let Some(s) = lm.internal_share.filter(|s| !(*s > 0.0 && *s <= 1.0)) {
            return Err((field("like_minded.internal_share"), format!("{s}; expected a number in (0, 1]")));
        }
        if !(lm.cost.is_finite() && lm.cost >= 0.0) {
            return Err((field("like_minded.cost"), format!("{}; expected a finite number >= 0", lm.cost)));
        }
    } else if lm.internal_share.is_some() || lm.cost != 0.0 {
        return Err((
            field("like_minded"),
            "internal_share and cost are for stable = true; named participants take internal_quota".into(),
        ));
    }
    Ok(())
}

/// A placeholder rule, replaced by [`club_rule`] once the participants are known.
pub(super) fn placeholder() -> Rule {
    Rule::Unanimity
}

/// The participants of `spec` in the edited body `institution` (its study groups resolved in
/// `resolved`), or the largest stable coalition for `stable = true`.
#[allow(clippy::too_many_arguments)]
pub(super) fn participants(
    institution: &Institution,
    spec: &LikeMindedSpec,
    groups: &[StudyGroup],
    resolved: &[Vec<usize>],
    spatial: Option<&SpatialSettings>,
    chair: Option<&str>,
    label: &str,
) -> Result<LikeMindedCoalition, StudyError> {
    let err = |field: &str, message: String| StudyError::new(label, format!("like_minded.{field}"), message);
    let members = institution.members();
    if spec.stable {
        let Some(spatial) = spatial else {
            return Err(err(
                "stable",
                "the study has no [spatial] section; expected ideal points and a status quo to choose members by".into(),
            ));
        };
        let ideals = members
            .iter()
            .map(|m| {
                m.attributes.get(&spatial.ideal).copied().ok_or_else(|| {
                    err(
                        "stable",
                        format!(
                            "member '{}' has no attribute '{}'; expected an ideal point for every member",
                            m.id, spatial.ideal
                        ),
                    )
                })
            })
            .collect::<Result<Vec<f64>, _>>()?;
        let Some(id) = spatial.setter.as_deref().or(chair) else {
            return Err(err(
                "stable",
                "no leader; expected a [spatial] setter or a chair to lead the coalition".into(),
            ));
        };
        let leader = institution.member_index(id).ok_or_else(|| {
            err("stable", format!("the leader '{id}' is not a member of this variant; expected a member id"))
        })?;
        let share = spec.internal_share.unwrap_or(1.0);
        // Ideal points, status quo, leader, share and cost are checked before; what the search
        // can still refuse is its size: of the enumeration below consensus (the share's
        // doing) or of the body (stable membership's).
        // Below consensus beyond the enumeration limit the coalition comes from join-and-leave
        // dynamics: stable, not shown to be the largest (the study's note says so).
        let search = find_stable_like_minded(&ideals, spatial.status_quo, leader, share, spec.cost)
            .map_err(|e| err(if share < 1.0 { "internal_share" } else { "stable" }, e.to_string()))?;
        let Some(found) = search.coalition else {
            return Err(err(
                "stable",
                format!(
                    "{} led by '{id}' moves the status quo (cost {}){}; expected named participants, or a lower cost",
                    if search.search.proves_largest() {
                        "no stable coalition"
                    } else {
                        "the join-and-leave dynamics found no coalition"
                    },
                    spec.cost,
                    if search.search.proves_largest() {
                        ""
                    } else {
                        ", which does not prove that none is stable"
                    }
                ),
            ));
        };
        return Ok(LikeMindedCoalition {
            participants: found.participants,
            internal_quota: found.internal_quota,
            chosen_by_model: true,
            cost: spec.cost,
        });
    }
    let mut positions: Vec<usize> = if let Some(name) = &spec.group {
        let g = groups.iter().position(|g| &g.name == name).expect("validated as a study group");
        resolved[g].clone()
    } else {
        let ids = spec.ids.as_deref().unwrap_or_default();
        ids.iter()
            .map(|id| {
                institution.member_index(id).ok_or_else(|| {
                    err("ids", format!("'{id}' is not a member of this variant; expected a member id"))
                })
            })
            .collect::<Result<_, _>>()?
    };
    positions.sort_unstable();
    positions.dedup();
    if positions.len() < 2 {
        return Err(err(
            if spec.group.is_some() { "group" } else { "ids" },
            format!("{} participants; expected at least 2", positions.len()),
        ));
    }
    let quota = spec.internal_quota.unwrap_or(positions.len());
    if quota > positions.len() {
        return Err(err(
            "internal_quota",
            format!("{quota} for {} participants; expected 1 to {}", positions.len(), positions.len()),
        ));
    }
    Ok(LikeMindedCoalition {
        participants: positions,
        internal_quota: quota,
        chosen_by_model: false,
        cost: 0.0,
    })
}

/// The club rule of `coalition`: participants decide, `internal_quota` of them needed.
pub(super) fn club_rule(institution: &Institution, coalition: &LikeMindedCoalition) -> Rule {
    let ids = coalition.participants.iter().map(|&i| institution.members()[i].id.clone()).collect();
    Rule::Club(ClubRule {
        members: MemberSet { ids: Some(ids), ..Default::default() },
        rule: Box::new(Rule::Count(Threshold {
            at_least: Some(coalition.internal_quota as u64),
            ..Default::default()
        })),
    })
}

/// The like-minded branch of the measures: the spatial result (the coalition's policy, for the
/// power tables' spatial columns) and the like-minded result; notes for refused measures.
pub(super) fn measure(
    built: &BuiltVariant,
    coalition: &LikeMindedCoalition,
    spatial: Option<&SpatialSettings>,
    wants_spatial: bool,
    wants_penrose: bool,
    notes: &mut Vec<String>,
) -> (Option<SpatialResult>, LikeMindedResult) {
    let members = built.institution.members();
    let n = members.len();
    let m = coalition.participants.len();
    if wants_penrose {
        notes.push("penrose: does not apply to a like-minded coalition (its decision binds only the participants, not the whole body's population)".into());
    }
    let mut result = LikeMindedResult {
        participants: coalition.participants.iter().map(|&i| members[i].id.clone()).collect(),
        chosen_by_model: coalition.chosen_by_model,
        internal_quota: coalition.internal_quota,
        cost: coalition.cost,
        outsiders: n - m,
        leader: None,
        policy: None,
        ambition: None,
        inclusive_consensus: None,
        consensus_ambition: None,
        distances: Vec::new(),
        reading: format!(
            "Power is over the coalition's decision, which binds only its {m} participants ({} of them needed); the {} outsiders have none over it and keep the status quo, so read body-wide a share is of a decision that does not apply to outsiders, not of the body's power.",
            coalition.internal_quota,
            n - m
        ),
    };
    if !wants_spatial {
        return (None, result);
    }
    let Some(settings) = spatial else {
        notes.push("spatial: the study has no [spatial] settings".into());
        return (None, result);
    };
    let Some(ideals) =
        members.iter().map(|mb| mb.attributes.get(&settings.ideal).copied()).collect::<Option<Vec<f64>>>()
    else {
        notes.push(format!("spatial: not every member has the attribute '{}'", settings.ideal));
        return (None, result);
    };
    let leader = match &settings.setter {
        Some(id) => built.institution.member_index(id),
        None => built.chair,
    };
    let Some(leader) = leader.filter(|l| coalition.participants.contains(l)) else {
        notes.push("spatial: no agenda setter among the like-minded coalition's participants (name one in [spatial] or a chair who participates)".into());
        return (None, result);
    };
    let q = settings.status_quo;
    let computed = like_minded_1d(&ideals, q, &coalition.participants, coalition.internal_quota, leader)
        .and_then(|c| {
            let points: Vec<f64> = coalition.participants.iter().map(|&i| ideals[i]).collect();
            let rule = WeightedGame::new(vec![1; m], coalition.internal_quota as u64).map_err(|e| {
                crate::bargaining::BargainingError::Parameter {
                    what: "like-minded coalition",
                    message: e.to_string(),
                }
            })?;
            let winset = winset_1d(&rule, &points, q)?;
            Ok((c, winset))
        });
    match computed {
        Ok((c, winset)) => {
            let largest_move =
                winset.iter().map(|(low, high)| (low - q).abs().max((high - q).abs())).fold(0.0, f64::max);
            result.leader = Some(members[leader].id.clone());
            result.policy = Some(c.policy);
            result.ambition = Some(c.ambition);
            result.inclusive_consensus = Some(c.consensus);
            result.consensus_ambition = Some(c.consensus_ambition);
            result.distances = c.distances;
            let spatial = SpatialResult {
                setter: members[leader].id.clone(),
                outcome: c.policy,
                distance: c.ambition,
                largest_move,
            };
            (Some(spatial), result)
        }
        Err(e) => {
            notes.push(format!("spatial: {e}"));
            (None, result)
        }
    }
}
