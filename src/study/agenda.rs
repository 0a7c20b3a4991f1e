//! Agenda power in a study: what holding the chair, a deadline, sharing the pen and
//! status-quo bargaining are worth to the chair (usually a small state).
//!
//! - **The chair** (Baron & Ferejohn 1989): the chair's stationary Baron-Ferejohn share when
//!   it is recognised with `[baron_ferejohn] chair_probability` minus its share under equal
//!   recognition. Both shares are the `baron_ferejohn` measure's; this adds the difference.
//! - **A deadline** (Baron & Ferejohn 1989, the finite session): nothing is agreed after
//!   `[deadline] rounds` rounds. Solved by backward induction
//!   ([`crate::bargaining::deadline`]); the chair's share under the deadline is compared with
//!   its stationary share, and with its share under the same deadline and equal recognition.
//! - **Co-facilitators** (Tallberg 2010): the chair shares its recognition probability with
//!   `[co_facilitators] partner`, the chair keeping `share` of it
//!   ([`crate::bargaining::co_facilitators`]); what sharing the pen costs the chair and gains
//!   the partner.
//! - **Status-quo bargaining** (Baron 1996; Banks & Duggan 2000): on the `[spatial]` line
//!   (ideal points, status quo) each agreement becomes the next status quo
//!   ([`crate::bargaining::status_quo_bargaining`] on [`STATUS_QUO_GRID`] points); the long-run expected
//!   policy with the chair recognised more often minus with equal recognition: how far a
//!   chair moves policy, and the expected policy after one period: how fast.
//!
//! As in the `baron_ferejohn` measure, members without a vote under the rule (outside a club)
//! are never recognised; the others share recognition equally, or what the chair leaves.
//!
//! # References
//! Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4); Baron (1996), "A
//! dynamic theory of collective goods programs", APSR 90(2); Banks & Duggan (2000), APSR
//! 94(1); Tallberg (2010), "The power of the chair", International Studies Quarterly 54(1).
//!
//! ```
//! use comity::study::Study;
//! // Three equal members, majority, delta = 1: member A chairs with probability 0.6.
//! # let text = r#"
//! # [study]
//! # id = "chair"
//! # title = "The chair"
//! # question = "What is the chair worth?"
//! # source = "hand-computed"
//! # date = "2026-11-30"
//! # measures = ["banzhaf", "baron_ferejohn", "deadline"]
//! # [institutions]
//! # body = "body.toml"
//! # [[groups]]
//! # name = "chair"
//! # ids = ["A"]
//! # [baron_ferejohn]
//! # delta = 1.0
//! # chair = "A"
//! # chair_probability = 0.6
//! # [deadline]
//! # rounds = 1
//! # [[variants]]
//! # name = "majority"
//! # institution = "body"
//! # rule = { count = { at_least = 2 } }
//! # "#;
//! # let dir = std::env::temp_dir().join(format!("comity_agenda_doc_{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # std::fs::write(dir.join("body.toml"), r#"
//! # [institution]
//! # id = "body"
//! # name = "Three"
//! # source = "hand-made"
//! # date = "2026-01-01"
//! # [[members]]
//! # id = "A"
//! # name = "A"
//! # [[members]]
//! # id = "B"
//! # name = "B"
//! # [[members]]
//! # id = "C"
//! # name = "C"
//! # [[rules]]
//! # name = "majority"
//! # rule = { count = { at_least = 2 } }
//! # "#)?;
//! # let study = Study::from_toml(text, "chair.toml", &dir)?;
//! let agenda = study.evaluate(0)?.agenda.expect("measured");
//! // Stationary, delta = 1 (by hand): a proposer buys the cheapest partner at its value. B and
//! // C are worth v = 0.2 (1 - v) + 0.3 v + 0.2 v = 2/7 and cheaper than the chair, who keeps
//! // 1 - 2/7 when it proposes and is never bought: 0.6 * 5/7 = 3/7, against 1/3 without the chair.
//! assert!((agenda.chair_worth.expect("a chair") - (3.0 / 7.0 - 1.0 / 3.0)).abs() < 1e-6);
//! // One round left: the proposer takes everything, so each member's share is its
//! // recognition probability, 0.6 for the chair against 1/3 without the chair.
//! let deadline = agenda.deadline.expect("measured");
//! assert!((deadline.chair.expect("a chair") - 0.6).abs() < 1e-12);
//! assert!((deadline.chair_worth.expect("a chair") - (0.6 - 1.0 / 3.0)).abs() < 1e-12);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::file::{Measure, StudyFile};
use super::measures::VariantResult;
use super::variant::BuiltVariant;
use crate::bargaining::{StatusQuoOptions, baron_ferejohn, co_facilitators, deadline, status_quo_bargaining};
use serde::Serialize;

/// The longest deadline a study takes, in rounds (the deadline solver bounds its own work
/// too; beyond this the stationary `baron_ferejohn` measure is the limit).
///
/// ```
/// assert_eq!(comity::study::MAX_DEADLINE_ROUNDS, 10_000);
/// ```
pub const MAX_DEADLINE_ROUNDS: usize = 10_000;

/// Grid points of the status-quo measure's policy line. Coarser than the solver's default
/// (201): a study solves it twice per variant, for bodies of up to 193 members, and where no
/// pure equilibrium exists the solver iterates for long before it says so; 51 points keep a
/// variant to seconds (each policy iteration costs the cube of the grid).
///
/// ```
/// assert_eq!(comity::study::STATUS_QUO_GRID, 51);
/// ```
pub const STATUS_QUO_GRID: usize = 51;

/// What the chair and the procedures are worth in one variant.
///
/// ```
/// use comity::study::AgendaResult;
/// let agenda = AgendaResult { chair: None, chair_worth: None, deadline: None, co_facilitators: None, status_quo: None };
/// assert!(agenda.chair.is_none()); // no chair: only the equal-recognition results are filled in
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaResult {
    /// The chair's id, if the variant has one.
    pub chair: Option<String>,
    /// The chair's stationary Baron-Ferejohn share in the chair minus with equal recognition
    /// (needs the `baron_ferejohn` measure).
    pub chair_worth: Option<f64>,
    /// Shares under the deadline, if measured.
    pub deadline: Option<DeadlineResult>,
    /// Shares with co-facilitators, if measured.
    pub co_facilitators: Option<CoFacilitatorsResult>,
    /// Status-quo bargaining, if measured.
    pub status_quo: Option<StatusQuoResult>,
}

/// Baron-Ferejohn shares when nothing is agreed after `rounds` rounds.
///
/// ```
/// use comity::study::DeadlineResult;
/// let d = DeadlineResult { rounds: 1, members: vec![0.6, 0.2, 0.2], groups: vec![0.6], chair: Some(0.6),
///     chair_equal: Some(1.0 / 3.0), chair_worth: Some(0.6 - 1.0 / 3.0), chair_stationary: Some(0.5) };
/// assert!(d.chair.unwrap() > d.chair_stationary.unwrap()); // a tight deadline favours the proposer
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineResult {
    /// The rounds before nothing is agreed.
    pub rounds: usize,
    /// Each member's expected share (with the chair if there is one), in the institution's
    /// order.
    pub members: Vec<f64>,
    /// Each study group's total, in study order.
    pub groups: Vec<f64>,
    /// The chair's share under the deadline.
    pub chair: Option<f64>,
    /// The chair's share under the deadline with equal recognition.
    pub chair_equal: Option<f64>,
    /// `chair - chair_equal`: what the chair is worth under the deadline.
    pub chair_worth: Option<f64>,
    /// The chair's stationary share in the chair (no deadline), from the `baron_ferejohn`
    /// measure.
    pub chair_stationary: Option<f64>,
}

/// Baron-Ferejohn shares when the chair shares the pen with a partner.
///
/// ```
/// use comity::study::CoFacilitatorsResult;
/// let c = CoFacilitatorsResult { partner: "IRL".into(), share: 0.5, members: vec![], groups: vec![],
///     chair_share: 0.02, partner_share: 0.02, chair_alone: Some(0.04), partner_alone: Some(0.005) };
/// assert!(c.chair_share < c.chair_alone.unwrap()); // sharing the pen costs the chair
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoFacilitatorsResult {
    /// The partner's id.
    pub partner: String,
    /// The chair's part of the shared recognition probability.
    pub share: f64,
    /// Each member's expected share, in the institution's order.
    pub members: Vec<f64>,
    /// Each study group's total, in study order.
    pub groups: Vec<f64>,
    /// The chair's share as co-facilitator.
    pub chair_share: f64,
    /// The partner's share as co-facilitator.
    pub partner_share: f64,
    /// The chair's share holding the pen alone (the `baron_ferejohn` measure's).
    pub chair_alone: Option<f64>,
    /// The partner's share when the chair holds the pen alone.
    pub partner_alone: Option<f64>,
}

/// Status-quo bargaining on the spatial line.
///
/// ```
/// use comity::study::StatusQuoResult;
/// let s = StatusQuoResult { status_quo: 0.0, chair_ideal: Some(1.0), first_period_equal: 0.1,
///     first_period_chair: Some(0.3), long_run_equal: 0.5, long_run_chair: Some(0.6),
///     chair_moves_first_period: Some(0.2), chair_moves_long_run: Some(0.1) };
/// assert_eq!(s.chair_moves_long_run, Some(0.1));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusQuoResult {
    /// The starting status quo (on the grid).
    pub status_quo: f64,
    /// The chair's ideal point.
    pub chair_ideal: Option<f64>,
    /// The expected policy after one period with equal recognition.
    pub first_period_equal: f64,
    /// The expected policy after one period with the chair.
    pub first_period_chair: Option<f64>,
    /// The long-run expected policy with equal recognition.
    pub long_run_equal: f64,
    /// The long-run expected policy with the chair.
    pub long_run_chair: Option<f64>,
    /// `first_period_chair - first_period_equal`: how fast the chair moves policy (after one
    /// period).
    pub chair_moves_first_period: Option<f64>,
    /// `long_run_chair - long_run_equal`: how far the chair moves policy in the long run.
    pub chair_moves_long_run: Option<f64>,
}

/// Whether any agenda result is asked for.
pub(super) fn wanted(measures: &[Measure]) -> bool {
    [Measure::BaronFerejohn, Measure::Deadline, Measure::CoFacilitators, Measure::StatusQuo]
        .iter()
        .any(|m| measures.contains(m))
}

/// Recognition probabilities: members with a vote (`seated`) share equally, or what the
/// chair's `chair_probability` leaves (the chair takes everything when seated alone).
fn recognition(seated: &[bool], chair: Option<usize>, chair_probability: f64) -> Vec<f64> {
    let seats = seated.iter().filter(|&&s| s).count().max(1);
    match chair {
        None => seated.iter().map(|&s| if s { 1.0 / seats as f64 } else { 0.0 }).collect(),
        Some(c) => {
            let own = if seats > 1 { chair_probability } else { 1.0 };
            let rest = if seats > 1 { (1.0 - chair_probability) / (seats - 1) as f64 } else { 0.0 };
            (0..seated.len())
                .map(|i| {
                    if i == c {
                        own
                    } else if seated[i] {
                        rest
                    } else {
                        0.0
                    }
                })
                .collect()
        }
    }
}

/// The agenda results of one variant, from its built form and its other measures
/// (`result`); measures that cannot be computed leave a note.
pub(super) fn agenda(
    built: &BuiltVariant,
    result: &VariantResult,
    file: &StudyFile,
    measures: &[Measure],
    notes: &mut Vec<String>,
) -> Option<AgendaResult> {
    if !wanted(measures) {
        return None;
    }
    let wants = |m: Measure| measures.contains(&m);
    let members = built.institution.members();
    let seated: Vec<bool> = result.member_results.iter().map(|m| m.banzhaf > 0.0).collect();
    // The chair counts only when it has a vote: a chair outside a club proposes nothing.
    let chair = built.chair.filter(|&c| seated[c]);
    let group_sums = |values: &[f64]| -> Vec<f64> {
        built.groups.iter().map(|g| g.iter().map(|&i| values[i]).sum::<f64>() + 0.0).collect()
    };
    let stationary_chair = chair.and_then(|c| result.member_results[c].baron_ferejohn_chair);
    let chair_worth = chair.and_then(|c| {
        let m = &result.member_results[c];
        Some(m.baron_ferejohn_chair? - m.baron_ferejohn?)
    });
    let bf = file.baron_ferejohn.as_ref();
    let needs_bf = |what: &str, notes: &mut Vec<String>| {
        if bf.is_none() {
            notes.push(format!("{what}: the study has no [baron_ferejohn] settings (discount, chair)"));
        }
        bf
    };

    let deadline_result = if wants(Measure::Deadline) {
        match (needs_bf("deadline", notes), &file.deadline) {
            (_, None) => {
                notes.push("deadline: the study has no [deadline] settings".into());
                None
            }
            (None, _) => None,
            (Some(bf), Some(settings)) => {
                let solve = |chair: Option<usize>| {
                    let p = recognition(&seated, chair, bf.chair_probability);
                    deadline(&built.game, &p, bf.delta, settings.rounds).map(|d| d.values)
                };
                match solve(chair).and_then(|with| Ok((with, chair.map(|_| solve(None)).transpose()?))) {
                    Ok((values, equal)) => {
                        let chair_share = chair.map(|c| values[c]);
                        let chair_equal = chair.zip(equal.as_ref()).map(|(c, e)| e[c]);
                        Some(DeadlineResult {
                            rounds: settings.rounds,
                            groups: group_sums(&values),
                            chair: chair_share,
                            chair_equal,
                            chair_worth: chair_share.zip(chair_equal).map(|(a, b)| a - b),
                            chair_stationary: stationary_chair,
                            members: values,
                        })
                    }
                    Err(e) => {
                        notes.push(format!("deadline: {e}"));
                        None
                    }
                }
            }
        }
    } else {
        None
    };

    let co_result = if wants(Measure::CoFacilitators) {
        co_facilitated(built, file, &seated, chair, notes).map(|(partner, values)| {
            let c = chair.expect("co_facilitated needs a chair");
            CoFacilitatorsResult {
                partner: members[partner].id.clone(),
                share: file.co_facilitators.as_ref().map_or(0.5, |s| s.share),
                groups: group_sums(&values),
                chair_share: values[c],
                partner_share: values[partner],
                chair_alone: stationary_chair,
                partner_alone: result.member_results[partner].baron_ferejohn_chair,
                members: values,
            }
        })
    } else {
        None
    };

    let status_quo =
        if wants(Measure::StatusQuo) { status_quo_moves(built, file, &seated, chair, notes) } else { None };

    Some(AgendaResult {
        chair: chair.map(|c| members[c].id.clone()),
        chair_worth,
        deadline: deadline_result,
        co_facilitators: co_result,
        status_quo,
    })
}

/// The partner's position and the members' Baron-Ferejohn shares with co-facilitators.
fn co_facilitated(
    built: &BuiltVariant,
    file: &StudyFile,
    seated: &[bool],
    chair: Option<usize>,
    notes: &mut Vec<String>,
) -> Option<(usize, Vec<f64>)> {
    let note = |notes: &mut Vec<String>, message: String| {
        notes.push(format!("co_facilitators: {message}"));
        None
    };
    let Some(bf) = file.baron_ferejohn.as_ref() else {
        return note(notes, "the study has no [baron_ferejohn] settings (discount, chair)".into());
    };
    let Some(settings) = file.co_facilitators.as_ref() else {
        return note(notes, "the study has no [co_facilitators] settings".into());
    };
    let Some(chair) = chair else {
        return note(notes, "no chair with a vote in this variant".into());
    };
    let Some(partner) = built.institution.member_index(&settings.partner) else {
        return note(notes, format!("the partner {} is not a member of this variant", settings.partner));
    };
    if !seated[partner] || partner == chair {
        return note(
            notes,
            format!("the partner {} has no vote under this rule or is the chair", settings.partner),
        );
    }
    // Recognition among the members with a vote only: the rest are never recognised.
    let positions: Vec<usize> = (0..seated.len()).filter(|&i| seated[i]).collect();
    let local = |i: usize| positions.iter().position(|&p| p == i).expect("seated");
    let shared = co_facilitators(
        positions.len(),
        [local(chair), local(partner)],
        bf.chair_probability,
        settings.share,
    );
    let probabilities = match shared {
        Ok(p) => {
            let mut full = vec![0.0; seated.len()];
            for (k, &i) in positions.iter().enumerate() {
                full[i] = p[k];
            }
            full
        }
        Err(e) => return note(notes, e.to_string()),
    };
    match baron_ferejohn(&built.game, &probabilities, bf.delta) {
        Ok(eq) => Some((partner, eq.values)),
        Err(e) => note(notes, e.to_string()),
    }
}

/// Status-quo bargaining with equal recognition and with the chair.
fn status_quo_moves(
    built: &BuiltVariant,
    file: &StudyFile,
    seated: &[bool],
    chair: Option<usize>,
    notes: &mut Vec<String>,
) -> Option<StatusQuoResult> {
    let note = |notes: &mut Vec<String>, message: String| {
        notes.push(format!("status_quo: {message}"));
        None
    };
    let (Some(bf), Some(spatial)) = (file.baron_ferejohn.as_ref(), file.spatial.as_ref()) else {
        return note(notes, "the study needs [baron_ferejohn] (discount, chair) and [spatial] (ideal points, status quo) settings".into());
    };
    let members = built.institution.members();
    let Some(ideals) =
        members.iter().map(|m| m.attributes.get(&spatial.ideal).copied()).collect::<Option<Vec<f64>>>()
    else {
        return note(notes, format!("not every member has the attribute '{}'", spatial.ideal));
    };
    let options = StatusQuoOptions { grid: STATUS_QUO_GRID, ..StatusQuoOptions::default() };
    let solve = |chair: Option<usize>| {
        let p = recognition(seated, chair, bf.chair_probability);
        status_quo_bargaining(&built.game, &ideals, &p, bf.delta, spatial.status_quo, &options)
    };
    let equal = match solve(None) {
        Ok(eq) => eq,
        Err(e) => return note(notes, e.to_string()),
    };
    let with_chair = match chair.map(|c| solve(Some(c))).transpose() {
        Ok(eq) => eq,
        Err(e) => return note(notes, e.to_string()),
    };
    let first =
        |eq: &crate::bargaining::StatusQuoBargaining| eq.mean_path.get(1).copied().unwrap_or(eq.start);
    let first_period_equal = first(&equal);
    Some(StatusQuoResult {
        status_quo: equal.start,
        chair_ideal: chair.map(|c| ideals[c]),
        first_period_equal,
        first_period_chair: with_chair.as_ref().map(first),
        long_run_equal: equal.long_run_mean,
        long_run_chair: with_chair.as_ref().map(|eq| eq.long_run_mean),
        chair_moves_first_period: with_chair.as_ref().map(|eq| first(eq) - first_period_equal),
        chair_moves_long_run: with_chair.as_ref().map(|eq| eq.long_run_mean - equal.long_run_mean),
    })
}
