//! The seats measure: what a seat is worth to a member over time, in a study.
//!
//! Most states sit on the Security Council only now and then, so what a rule gives an elected
//! member is worth, over the years, its probability of holding a seat times its power while it
//! sits (O'Neill 1996). A study names a seats model (`[seats] file`, a `models/seats/*.toml`
//! file, see [`crate::seats`]) and the members to report (`[seats] members`). The variant named
//! by `[seats] today` (the study's baseline when absent) gets today's allocation of seats; a
//! variant named like one of the seats file's reforms gets that reform's allocation. For each,
//! per member: the long-run probability of sitting (a Markov chain over terms,
//! [`crate::seats::sitting_probabilities`]), the power of its seat while sitting (a permanent
//! member's or an elected seat's Shapley-Shubik and Banzhaf index under the body's rule,
//! [`crate::seats::SeatPower`]) and their product, the expected power; per regional group of
//! the seats file and per study group (resolved among the seats file's members), the totals.
//! Today's figures are [`crate::seats::SeatsModel::evaluate`]'s, the numbers `comity bargain
//! seats` prints.
//!
//! The seats model is loaded when the first variant is measured, not when the study is loaded:
//! a seats file's reform takes the power of a seat from a study's variant, often this very
//! study, which would otherwise load itself without end. Loading checks what it can without
//! the model: that the file can be read and that the members to report are members of its
//! `seats.members`.
//!
//! # References
//! B. O'Neill (1996), "Power and satisfaction in the United Nations Security Council",
//! Journal of Conflict Resolution 40(2), 219-237.
//!
//! ```
//! use comity::study::Study;
//! let study = Study::load("models/studies/unsc_reform.toml")?;
//! let today = study.evaluate(0)?.seats.expect("measured");
//! let latvia = today.members.iter().find(|m| m.id == "LVA").expect("reported");
//! // Expected power is the probability of sitting times the power while sitting.
//! assert!((latvia.expected_shapley_shubik - latvia.sitting * latvia.while_sitting_shapley_shubik).abs() < 1e-15);
//! // While it sits, an elected member pivots in 4/2145 of the orders.
//! assert!((latvia.while_sitting_shapley_shubik - 4.0 / 2145.0).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::StudyError;
use super::file::{SeatsSettings, StudyGroup};
use crate::model::Institution;
use crate::seats::{ChainOptions, SeatsModel, SeatsReport, sitting_probabilities};
use serde::Serialize;
use std::path::Path;

/// What a seat is worth to one member under one allocation.
///
/// ```
/// use comity::study::SeatMember;
/// let m = SeatMember { id: "LVA".into(), group: "eeg".into(), sitting: 0.1, path: vec![1.0, 1.0],
///     while_sitting_shapley_shubik: 0.002, while_sitting_banzhaf: 0.017,
///     expected_shapley_shubik: 0.0002, expected_banzhaf: 0.0017 };
/// assert!((m.expected_shapley_shubik - m.sitting * m.while_sitting_shapley_shubik).abs() < 1e-18);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatMember {
    /// The member's id.
    pub id: String,
    /// Its regional group in the seats file (`permanent` for a permanent member, empty if in
    /// none).
    pub group: String,
    /// Long-run probability of holding a seat.
    pub sitting: f64,
    /// Probability of sitting in each year from the current one (today's allocation only;
    /// empty for a reform, whose first election is at random).
    pub path: Vec<f64>,
    /// Shapley-Shubik index of its seat while it sits.
    pub while_sitting_shapley_shubik: f64,
    /// Normalised Banzhaf index of its seat while it sits.
    pub while_sitting_banzhaf: f64,
    /// `sitting × while_sitting_shapley_shubik`: expected Shapley-Shubik power over time.
    pub expected_shapley_shubik: f64,
    /// `sitting × while_sitting_banzhaf`: expected Banzhaf power over time.
    pub expected_banzhaf: f64,
}

/// A group's totals under one allocation.
///
/// ```
/// use comity::study::SeatGroup;
/// let g = SeatGroup { name: "eeg".into(), members: 23, seats: Some(1), sitting: 1.0 / 23.0,
///     expected_shapley_shubik: 0.0019, expected_banzhaf: 0.017 };
/// assert_eq!(g.seats, Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatGroup {
    /// The group's name.
    pub name: String,
    /// Its members (among the seats file's members).
    pub members: usize,
    /// Its seats (a regional group of the seats file; `None` for a study group).
    pub seats: Option<usize>,
    /// A member's long-run probability of sitting, averaged over the group (0 if empty).
    pub sitting: f64,
    /// The group's total expected Shapley-Shubik power.
    pub expected_shapley_shubik: f64,
    /// The group's total expected Banzhaf power.
    pub expected_banzhaf: f64,
}

/// The seats measure of one variant: one allocation of seats.
///
/// ```
/// use comity::study::Study;
/// let study = Study::load("models/studies/unsc_reform.toml")?;
/// let g4 = study.evaluate(1)?.seats.expect("measured");
/// assert_eq!((g4.allocation.as_str(), g4.elected_seats), ("G4_2005", 14));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatsResult {
    /// The seats file, as the study names it.
    pub file: String,
    /// `today`, or the reform's name.
    pub allocation: String,
    /// A label for the allocation.
    pub label: String,
    /// Elected seats.
    pub elected_seats: usize,
    /// Permanent members (who always sit).
    pub permanent_members: usize,
    /// Shapley-Shubik index of an elected seat.
    pub elected_shapley_shubik: f64,
    /// Normalised Banzhaf index of an elected seat.
    pub elected_banzhaf: f64,
    /// Shapley-Shubik index of a permanent member's seat (0 without permanent members).
    pub permanent_shapley_shubik: f64,
    /// Normalised Banzhaf index of a permanent member's seat.
    pub permanent_banzhaf: f64,
    /// The members reported (`[seats] members`, else all), in the order given.
    pub members: Vec<SeatMember>,
    /// The seats file's regional groups, the permanent members first (if any).
    pub groups: Vec<SeatGroup>,
    /// The study's groups resolved among the seats file's members (a group the members file
    /// cannot resolve, such as one defined only in the body's file, or with no member there,
    /// such as one of the body's own tags, is left out).
    pub study_groups: Vec<SeatGroup>,
}

/// Everything the seats measure needs, computed once per study.
#[derive(Debug, Clone)]
pub(super) struct SeatsData {
    file: String,
    today: SeatsReport,
    /// Each reform's long-run probabilities of sitting, per member.
    reform_long_run: Vec<Vec<f64>>,
    permanent: Vec<usize>,
    group_of: Vec<String>,
    study_groups: Vec<(String, Vec<usize>)>,
    reported: Vec<usize>,
}

/// The members file a seats model names (`seats.members`), read without the rest of the
/// model, for the checks made when the study is loaded.
fn members_file(settings: &SeatsSettings, dir: &Path) -> Result<Institution, (String, String)> {
    let path = dir.join(&settings.file);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        (
            "seats.file".to_string(),
            format!("cannot read '{}': {e}; expected a seats model file", path.display()),
        )
    })?;
    let value: toml::Value = toml::from_str(&text).map_err(|e| {
        (
            "seats.file".to_string(),
            format!("'{}': {}; expected a seats model file", path.display(), e.message()),
        )
    })?;
    let members =
        value.get("seats").and_then(|s| s.get("members")).and_then(|m| m.as_str()).ok_or_else(|| {
            (
                "seats.file".to_string(),
                format!(
                    "'{}' has no seats.members; expected a seats model file (models/seats/*.toml)",
                    path.display()
                ),
            )
        })?;
    let seats_dir = path.parent().unwrap_or(Path::new("."));
    Institution::load(seats_dir.join(members))
        .map_err(|e| ("seats.file".to_string(), format!("its seats.members: {e}")))
}

/// Checks the `[seats]` section when the study is loaded: the file can be read, the members
/// to report are members of its `seats.members`, and the variant of today's allocation exists.
pub(super) fn validate(
    settings: &SeatsSettings,
    dir: &Path,
    variants: &[&str],
    baseline: Option<&str>,
) -> Result<(), (String, String)> {
    let members = members_file(settings, dir)?;
    if let Some(ids) = &settings.members {
        if ids.is_empty() {
            return Err((
                "seats.members".into(),
                "empty; expected member ids, or no list (every member)".into(),
            ));
        }
        if let Some(id) = ids.iter().find(|id| members.member_index(id).is_none()) {
            return Err((
                "seats.members".into(),
                format!(
                    "'{id}' is not a member of the seats file's seats.members; expected a member id such as '{}'",
                    members.members()[0].id
                ),
            ));
        }
    }
    match (&settings.today, baseline) {
        (Some(today), _) if !variants.contains(&today.as_str()) => Err((
            "seats.today".into(),
            format!("unknown variant '{today}'; expected the variant whose allocation is today's"),
        )),
        (None, None) => Err((
            "seats.today".into(),
            "missing, and the study has no baseline; expected the variant whose allocation is today's".into(),
        )),
        _ => Ok(()),
    }
}

/// Loads the seats model and computes today's and every reform's probabilities of sitting.
pub(super) fn load(
    settings: &SeatsSettings,
    dir: &Path,
    groups: &[StudyGroup],
    label: &str,
) -> Result<SeatsData, StudyError> {
    let fail = |m: String| StudyError::new(label, "seats.file", m);
    let model = SeatsModel::load(dir.join(&settings.file)).map_err(|e| fail(e.to_string()))?;
    let options = ChainOptions::default();
    let today = model.evaluate(&options).map_err(|e| fail(e.to_string()))?;
    let n = model.members().members().len();
    let mut reform_long_run = Vec::new();
    for r in model.reforms() {
        // As `SeatsModel::evaluate` computes each reform's groups: long run only.
        let p = sitting_probabilities(&r.rules, n, &ChainOptions { horizon: 0, ..options })
            .map_err(|e| fail(format!("reforms.{}: {e}", r.name)))?;
        reform_long_run.push(p.long_run);
    }
    let permanent: Vec<usize> = (0..n).filter(|&i| today.members[i].group == "permanent").collect();
    let group_of = today.members.iter().map(|m| m.group.clone()).collect();
    // A study group the members file cannot resolve (a group named only in the body's file)
    // or that has no member there (a tag of the body's, such as its elected members) is left
    // out rather than refused: the study's groups are written for its variants.
    let study_groups = groups
        .iter()
        .filter_map(|g| {
            super::variant::resolve_groups(model.members(), std::slice::from_ref(g), label)
                .ok()
                .and_then(|mut r| r.pop())
                .filter(|members| !members.is_empty())
                .map(|members| (g.name.clone(), members))
        })
        .collect();
    let reported = match &settings.members {
        Some(ids) => ids
            .iter()
            .map(|id| {
                model.members().member_index(id).ok_or_else(|| {
                    StudyError::new(
                        label,
                        "seats.members",
                        format!("'{id}' is not a member of the seats file"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        None => (0..n).collect(),
    };
    Ok(SeatsData {
        file: settings.file.clone(),
        today,
        reform_long_run,
        permanent,
        group_of,
        study_groups,
        reported,
    })
}

/// The allocation for the variant `name`: today's for the `today` variant, a reform's for a
/// variant of the reform's name; `None` (with the reason) for any other variant.
pub(super) fn result(data: &SeatsData, name: &str, today_variant: &str) -> Result<SeatsResult, String> {
    let report = &data.today;
    let (allocation, label, power, long_run, path, regional) = if name == today_variant {
        let long_run: Vec<f64> = report.members.iter().map(|m| m.long_run).collect();
        let path: Vec<Vec<f64>> = report.members.iter().map(|m| m.path.clone()).collect();
        let groups: Vec<(String, usize, usize)> =
            report.groups.iter().map(|g| (g.name.clone(), g.members, g.seats)).collect();
        ("today".to_string(), "Today's allocation".to_string(), report.power, long_run, Some(path), groups)
    } else if let Some(k) = report.reforms.iter().position(|r| r.name == name) {
        let r = &report.reforms[k];
        let mut long_run = data.reform_long_run[k].clone();
        for &i in &data.permanent {
            long_run[i] = 1.0;
        }
        let mut groups: Vec<(String, usize, usize)> =
            r.groups.iter().map(|g| (g.name.clone(), g.members, g.seats)).collect();
        if !data.permanent.is_empty() {
            groups.insert(0, ("permanent".into(), data.permanent.len(), data.permanent.len()));
        }
        (r.name.clone(), r.label.clone(), r.power, long_run, None, groups)
    } else {
        let reforms: Vec<&str> = report.reforms.iter().map(|r| r.name.as_str()).collect();
        return Err(format!(
            "no allocation of seats for this variant in {} (today's goes to '{today_variant}'{}{})",
            data.file,
            if reforms.is_empty() { "" } else { "; reforms to variants of their names: " },
            reforms.join(", ")
        ));
    };
    let is_permanent = |i: usize| data.permanent.contains(&i);
    let seat = |i: usize| {
        if is_permanent(i) {
            (power.permanent_shapley_shubik, power.permanent_banzhaf)
        } else if data.group_of[i].is_empty() {
            (0.0, 0.0)
        } else {
            (power.elected_shapley_shubik, power.elected_banzhaf)
        }
    };
    let member = |i: usize| {
        let (ss, bz) = seat(i);
        SeatMember {
            id: report.members[i].id.clone(),
            group: data.group_of[i].clone(),
            sitting: long_run[i],
            path: path.as_ref().map(|p| p[i].clone()).unwrap_or_default(),
            while_sitting_shapley_shubik: ss,
            while_sitting_banzhaf: bz,
            expected_shapley_shubik: long_run[i] * ss,
            expected_banzhaf: long_run[i] * bz,
        }
    };
    let total = |name: &str, positions: &[usize], seats: Option<usize>| {
        let k = positions.len();
        let sum = |f: &dyn Fn(usize) -> f64| positions.iter().map(|&i| f(i)).sum::<f64>() + 0.0;
        SeatGroup {
            name: name.to_string(),
            members: k,
            seats,
            sitting: if k == 0 { 0.0 } else { sum(&|i| long_run[i]) / k as f64 },
            expected_shapley_shubik: sum(&|i| long_run[i] * seat(i).0),
            expected_banzhaf: sum(&|i| long_run[i] * seat(i).1),
        }
    };
    let groups = regional
        .iter()
        .map(|(name, _, seats)| {
            let positions: Vec<usize> =
                (0..data.group_of.len()).filter(|&i| &data.group_of[i] == name).collect();
            total(name, &positions, Some(*seats))
        })
        .collect();
    let elected_seats = regional.iter().filter(|g| g.0 != "permanent").map(|g| g.2).sum();
    Ok(SeatsResult {
        file: data.file.clone(),
        allocation,
        label,
        elected_seats,
        permanent_members: data.permanent.len(),
        elected_shapley_shubik: power.elected_shapley_shubik,
        elected_banzhaf: power.elected_banzhaf,
        permanent_shapley_shubik: power.permanent_shapley_shubik,
        permanent_banzhaf: power.permanent_banzhaf,
        members: data.reported.iter().map(|&i| member(i)).collect(),
        groups,
        study_groups: data.study_groups.iter().map(|(name, p)| total(name, p, None)).collect(),
    })
}
