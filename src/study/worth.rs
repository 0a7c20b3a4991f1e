//! The worth of agenda power and of a seat, in words: one generated sentence per measure and
//! variant, saying what the chair, a deadline, the open rule and a seat are worth to the
//! study's small states, as differences of shares with their unit.
//!
//! - **The chair** (`baron_ferejohn`): the chair's Baron-Ferejohn share in the chair minus
//!   with equal recognition, in percentage points of a unit to divide (Baron & Ferejohn 1989).
//! - **A deadline** (`deadline`): the chair's share when nothing is agreed after the deadline,
//!   against equal recognition under the same deadline and against its stationary share.
//! - **The open rule** (`open_rule`): what a proposer keeps under the open rule minus under
//!   the closed rule (Baron & Ferejohn 1989, Proposition 4).
//! - **A seat** (`seats`): each reported member's long-run probability of sitting, its power
//!   while sitting and their product, expected power (O'Neill 1996), in per cent of the body's
//!   Shapley-Shubik power; under a reform's allocation, the change against today's in
//!   percentage points; and each study group's total (the headline group first).
//!
//! The numbers are written as the headline writes them ([`super::headline::share_percent`],
//! [`super::headline::change_pp`]), so a sentence and a table agree.
//!
//! # References
//! Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4); O'Neill (1996), "Power
//! and satisfaction in the United Nations Security Council", Journal of Conflict Resolution
//! 40(2).
//!
//! ```
//! use comity::study::{Outcome, Study, worth::worth_sentences};
//! let study = Study::load("models/studies/unsc_reform.toml")?;
//! let Outcome::Power(results) = study.run()? else { unreachable!() };
//! let sentences = worth_sentences(&study, &results);
//! let chair = sentences.iter().find(|w| w.measure == "chair" && w.variant == "today").expect("a chair");
//! assert!(chair.text.contains("PAN") && chair.text.contains("percentage points"), "{}", chair.text);
//! assert!(sentences.iter().any(|w| w.measure == "seat" && w.text.contains("LVA")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::headline::{change_pp, share_percent};
use super::{Study, VariantResult};
use serde::Serialize;

/// One sentence: what one measure says something is worth under one variant.
///
/// ```
/// use comity::study::worth::Worth;
/// let w = Worth { measure: "chair", variant: "today".into(), text: "The chair is worth +1.00 percentage points.".into() };
/// assert_eq!(w.measure, "chair");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worth {
    /// `chair`, `deadline`, `open_rule` or `seat`.
    pub measure: &'static str,
    /// The variant's name.
    pub variant: String,
    /// The sentence.
    pub text: String,
}

/// Every sentence of a power study's results, variant by variant, in the order chair,
/// deadline, open rule, seat.
///
/// ```
/// use comity::study::{Outcome, Study, worth::worth_sentences};
/// let study = Study::load("models/studies/unga_caucuses.toml")?;
/// let Outcome::Power(results) = study.run()? else { unreachable!() };
/// let sentences = worth_sentences(&study, &results);
/// // Consensus: one round before nothing is agreed is not needed to give each member its
/// // recognition probability; the chair's worth is stated for every variant with a chair.
/// assert!(sentences.iter().filter(|w| w.measure == "chair").count() >= 1);
/// let open = sentences.iter().find(|w| w.measure == "open_rule").expect("a symmetric majority");
/// assert!(open.text.contains("closed rule"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn worth_sentences(study: &Study, results: &[VariantResult]) -> Vec<Worth> {
    let today = results.iter().find(|r| r.seats.as_ref().is_some_and(|s| s.allocation == "today"));
    let headline_group = study.headline_group().map(|h| study.file().groups[h].name.clone());
    let mut out = Vec::new();
    for r in results {
        let label = study.variants().get(r.index).map_or(r.variant.as_str(), |v| v.spec.display_label());
        let mut push = |measure: &'static str, text: String| {
            out.push(Worth { measure, variant: r.variant.clone(), text });
        };
        if let Some(text) = chair(study, label, r) {
            push("chair", text);
        }
        if let Some(text) = deadline(label, r) {
            push("deadline", text);
        }
        if let Some(text) = open_rule(label, r) {
            push("open_rule", text);
        }
        for text in seat(label, r, today, headline_group.as_deref(), study) {
            push("seat", text);
        }
    }
    out
}

/// What a seat is worth today, in one sentence for the headline: each reported member's
/// long-run probability of sitting and expected power, and the headline group's total
/// (`None` without the seats measure under `result`).
///
/// ```
/// use comity::study::{Study, worth::seat_summary};
/// let study = Study::load("models/studies/unsc_reform.toml")?;
/// let today = study.evaluate(0)?;
/// let line = seat_summary(&study, &today).expect("the seats measure");
/// assert!(line.starts_with("A seat over time") && line.contains("LVA sits"), "{line}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn seat_summary(study: &Study, result: &VariantResult) -> Option<String> {
    let s = result.seats.as_ref()?;
    let members: Vec<String> = s
        .members
        .iter()
        .enumerate()
        .map(|(k, m)| {
            if k == 0 {
                format!(
                    "{} sits {} of the years and holds {} of the body's Shapley-Shubik power in expectation",
                    m.id,
                    share_percent(m.sitting),
                    share_percent(m.expected_shapley_shubik)
                )
            } else {
                format!(
                    "{} {} and {}",
                    m.id,
                    share_percent(m.sitting),
                    share_percent(m.expected_shapley_shubik)
                )
            }
        })
        .collect();
    let mut text = format!("A seat over time ({}, O'Neill 1996): {}", s.label, members.join(", "));
    let headline = study.headline_group().map(|h| &study.file().groups[h]);
    let group = s
        .study_groups
        .iter()
        .filter(|g| g.members > 0)
        .find(|g| headline.is_some_and(|h| h.name == g.name))
        .or_else(|| s.study_groups.iter().find(|g| g.members > 0));
    if let Some(g) = group {
        let name = study
            .file()
            .groups
            .iter()
            .find(|sg| sg.name == g.name)
            .map_or(g.name.as_str(), |sg| sg.display_label());
        text.push_str(&format!("; {name} together {}", share_percent(g.expected_shapley_shubik)));
    }
    text.push('.');
    Some(text)
}

fn chair(study: &Study, label: &str, r: &VariantResult) -> Option<String> {
    let agenda = r.agenda.as_ref()?;
    let chair = agenda.chair.as_ref()?;
    let member = r.member_results.iter().find(|m| &m.id == chair)?;
    let (equal, with) = (member.baron_ferejohn?, member.baron_ferejohn_chair?);
    // The recognition the computation used: the file's chair_probability, or 1 when the chair
    // is the only member with a vote (as `measures::bargaining_shares` does).
    let seats = r.member_results.iter().filter(|m| m.banzhaf > 0.0).count();
    let p = if seats > 1 {
        study.file().baron_ferejohn.as_ref().map_or(0.0, |b| b.chair_probability)
    } else {
        1.0
    };
    Some(format!(
        "The chair: under {label}, {chair} in the chair (recognised with probability {p}) expects {} of a unit to divide in Baron-Ferejohn bargaining, against {} with equal recognition: the chair is worth {} percentage points to it.",
        share_percent(with),
        share_percent(equal),
        change_pp(with - equal)
    ))
}

fn deadline(label: &str, r: &VariantResult) -> Option<String> {
    let agenda = r.agenda.as_ref()?;
    let chair = agenda.chair.as_ref()?;
    let d = agenda.deadline.as_ref()?;
    let (share, equal) = (d.chair?, d.chair_equal?);
    let mut text = format!(
        "A deadline: under {label}, with {} round{} before nothing is agreed, {chair} in the chair expects {} (against {} with equal recognition: the chair is worth {} percentage points under the deadline)",
        d.rounds,
        if d.rounds == 1 { "" } else { "s" },
        share_percent(share),
        share_percent(equal),
        change_pp(share - equal)
    );
    if let Some(stationary) = d.chair_stationary {
        text.push_str(&format!(
            "; the deadline itself moves the chair's share by {} percentage points against no deadline ({})",
            change_pp(share - stationary),
            share_percent(stationary)
        ));
    }
    text.push('.');
    Some(text)
}

fn open_rule(label: &str, r: &VariantResult) -> Option<String> {
    let o = r.open_rule.as_ref()?;
    Some(format!(
        "The open rule: under {label} ({} of {} votes, delta {}), a proposer keeps {} when its proposal may be amended, against {} under the closed rule: the right to amend costs the member holding the floor {} percentage points; a proposal passes unamended with probability {:.3}.",
        o.quota,
        o.members,
        o.delta,
        share_percent(o.proposed_keep),
        share_percent(o.closed_proposed_keep),
        change_pp(-o.amendment_cost),
        o.pass_first_time
    ))
}

/// `1 year in 11.5` for a probability of sitting.
fn years(p: f64) -> String {
    if p <= 0.0 {
        "never".into()
    } else if p >= 1.0 {
        "every year".into()
    } else {
        format!("1 year in {:.1}", 1.0 / p)
    }
}

fn seat(
    label: &str,
    r: &VariantResult,
    today: Option<&VariantResult>,
    headline_group: Option<&str>,
    study: &Study,
) -> Vec<String> {
    let Some(s) = r.seats.as_ref() else { return Vec::new() };
    let today = today.and_then(|t| t.seats.as_ref()).filter(|t| t.allocation != s.allocation);
    let mut out = Vec::new();
    for m in &s.members {
        let mut text = format!(
            "A seat: under {label} ({}), {} sits {} in the long run ({}), with {} of the Shapley-Shubik power while it sits: over time a seat is worth {} of the body's power to it",
            s.label,
            m.id,
            years(m.sitting),
            share_percent(m.sitting),
            share_percent(m.while_sitting_shapley_shubik),
            share_percent(m.expected_shapley_shubik)
        );
        if let Some(before) = today.and_then(|t| t.members.iter().find(|b| b.id == m.id)) {
            text.push_str(&format!(
                " ({} percentage points against today's allocation, {})",
                change_pp(m.expected_shapley_shubik - before.expected_shapley_shubik),
                share_percent(before.expected_shapley_shubik)
            ));
        }
        text.push('.');
        out.push(text);
    }
    // The headline group first, then the other study groups with members among the seats
    // file's (a group of the body's own tags, such as its elected members, has none there).
    let mut groups: Vec<&super::SeatGroup> = s.study_groups.iter().filter(|g| g.members > 0).collect();
    groups.sort_by_key(|g| Some(g.name.as_str()) != headline_group);
    for g in groups {
        let name = study
            .file()
            .groups
            .iter()
            .find(|sg| sg.name == g.name)
            .map_or(g.name.as_str(), |sg| sg.display_label());
        let mut text = format!(
            "Seats over time: under {label} ({}), the {} {name} among the seats file's members sit {} on average and together hold {} of the body's Shapley-Shubik power in expectation",
            s.label,
            g.members,
            years(g.sitting),
            share_percent(g.expected_shapley_shubik)
        );
        if let Some(before) = today.and_then(|t| t.study_groups.iter().find(|b| b.name == g.name)) {
            text.push_str(&format!(
                " ({} percentage points against today's allocation)",
                change_pp(g.expected_shapley_shubik - before.expected_shapley_shubik)
            ));
        }
        text.push('.');
        out.push(text);
    }
    out
}
