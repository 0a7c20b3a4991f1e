//! The measures a study reports for one rule variant.
//!
//! - Shapley-Shubik (1954) and normalised Banzhaf (1965) shares of every member, and each
//!   group's total, against its share of the members and of the population.
//! - Power per head relative to Penrose's (1946) square-root ideal: a member's Banzhaf share
//!   divided by its share of the square roots of the populations. A ratio of 1 means each
//!   citizen's indirect power equals every other citizen's; above 1, the member's citizens are
//!   over-represented.
//! - The Gini coefficient of the members' shares, `sum_i sum_j |x_i - x_j| / (2 n sum x)`.
//! - Coleman's (1971) power of the body to act: the share of all coalitions that win.
//! - Baron-Ferejohn (1989) expected shares, with equal recognition and with the chair
//!   recognised with a given probability. Null players (members outside a club) are never
//!   recognised: a member without a vote has no standing to propose.
//! - The one-dimensional spatial outcome: the agenda setter's best point in the winset of the
//!   status quo (Romer and Rosenthal 1978), and its distance from the status quo.
//! - Each group's change against the baseline variant (filled in by the study).
//!
//! ```
//! use comity::study::gini;
//! // `study`: today's Council and the Council without the veto (the example of `Study`).
//! # use comity::study::Study;
//! # let text = r#"
//! # [study]
//! # id = "veto"
//! # title = "The veto"
//! # question = "What does the veto give the permanent members?"
//! # source = "models/institutions/unsc.toml"
//! # date = "2026-11-30"
//! # baseline = "today"
//! # measures = ["shapley_shubik", "banzhaf"]
//! #
//! # [institutions]
//! # unsc = "unsc.toml"
//! #
//! # [[groups]]
//! # name = "permanent"
//! # tag = "P5"
//! #
//! # [[variants]]
//! # name = "today"
//! # institution = "unsc"
//! # rule = "substantive"
//! #
//! # [[variants]]
//! # name = "no_veto"
//! # institution = "unsc"
//! # rule = { count = { at_least = 9 } }
//! # "#;
//! # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
//! let banzhaf: Vec<f64> = study.evaluate(0)?.member_results.iter().map(|m| m.banzhaf).collect();
//! // By hand: permanent members 848/5080 each, elected 84/5080, so the Gini coefficient is
//! // 5 * 10 * 2 * (764/5080) / (2 * 15) = 191/381.
//! assert!((gini(&banzhaf) - 191.0 / 381.0).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::file::{BaronFerejohnSettings, Measure, SpatialSettings, StudyGroup};
use super::variant::BuiltVariant;
use crate::bargaining::{baron_ferejohn, setter_outcome_1d, winset_1d};
use crate::power::{PowerOptions, power_indices_cancellable};
use serde::Serialize;

/// One member's results.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// let today = study.evaluate(0)?;
/// // By hand: China, a permanent member, pivots in 421/2145 of the orders and swings in 848
/// // of the 5080 swings; Denmark, elected, in 4/2145 and 84 of them.
/// let (china, denmark) = (&today.member_results[0], &today.member_results[5]);
/// assert_eq!((china.id.as_str(), denmark.id.as_str()), ("CHN", "DNK"));
/// assert!((china.shapley_shubik.expect("measured") - 421.0 / 2145.0).abs() < 1e-12);
/// assert!((denmark.banzhaf - 84.0 / 5080.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberResult {
    /// The member's id.
    pub id: String,
    /// Shapley-Shubik share, if computed.
    pub shapley_shubik: Option<f64>,
    /// Normalised Banzhaf share.
    pub banzhaf: f64,
    /// Banzhaf share over the square-root share of population, if computed.
    pub penrose_ratio: Option<f64>,
    /// Baron-Ferejohn expected share with equal recognition, if computed.
    pub baron_ferejohn: Option<f64>,
    /// Baron-Ferejohn expected share with the chair, if computed.
    pub baron_ferejohn_chair: Option<f64>,
}

/// One group's results: totals over its members.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// let permanent = &study.evaluate(0)?.groups[0];
/// assert_eq!((permanent.name.as_str(), permanent.size), ("permanent", 5));
/// // A third of the members; by hand, 5 * 421/2145 of the Shapley-Shubik power and
/// // 5 * 848/5080 of the Banzhaf power.
/// assert!((permanent.member_share - 1.0 / 3.0).abs() < 1e-12);
/// assert!((permanent.shapley_shubik.expect("measured") - 2105.0 / 2145.0).abs() < 1e-12);
/// assert!((permanent.banzhaf - 4240.0 / 5080.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    /// The group's name.
    pub name: String,
    /// Its number of members in this variant.
    pub size: usize,
    /// Its share of the body's members.
    pub member_share: f64,
    /// Its share of the body's population (when every member has a population).
    pub population_share: Option<f64>,
    /// Total Shapley-Shubik share.
    pub shapley_shubik: Option<f64>,
    /// Total Banzhaf share.
    pub banzhaf: f64,
    /// Total Banzhaf share over total square-root share of population.
    pub penrose_ratio: Option<f64>,
    /// Total Baron-Ferejohn share with equal recognition.
    pub baron_ferejohn: Option<f64>,
    /// Total Baron-Ferejohn share with the chair.
    pub baron_ferejohn_chair: Option<f64>,
    /// Change of the total Shapley-Shubik share against the baseline.
    pub change_shapley_shubik: Option<f64>,
    /// Change of the total Banzhaf share against the baseline.
    pub change_banzhaf: Option<f64>,
}

/// The spatial outcome.
///
/// ```
/// use comity::study::Study;
/// // The permanent members at 1, the elected ones at 0, the status quo halfway; Denmark
/// // (elected, at 0) sets the agenda.
/// # let text = r#"
/// # [study]
/// # id = "agenda"
/// # title = "Agenda setting"
/// # question = "How far can an elected member move the status quo?"
/// # source = "models/institutions/unsc.toml; positions assumed"
/// # date = "2026-11-30"
/// # measures = ["banzhaf", "spatial"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [spatial]
/// # ideal = "position"
/// # status_quo = 0.5
/// # setter = "DNK"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// # set_group_attributes = [
/// #   { group = "all", attribute = "position", value = 0.0 },
/// #   { group = "permanent", attribute = "position", value = 1.0 },
/// # ]
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # set_group_attributes = [
/// #   { group = "all", attribute = "position", value = 0.0 },
/// #   { group = "permanent", attribute = "position", value = 1.0 },
/// # ]
/// # "#;
/// let study = Study::from_toml(text, "agenda.toml", std::path::Path::new("models/institutions"))?;
/// // By hand: today no winning coalition prefers any point to 0.5 (the permanent members
/// // want more, the elected less), so nothing moves.
/// let today = study.evaluate(0)?.spatial.expect("measured");
/// assert_eq!((today.setter.as_str(), today.outcome, today.largest_move), ("DNK", 0.5, 0.0));
/// // Without the veto the ten elected members win alone: the winset is (-0.5, 0.5), and
/// // the setter gets its own ideal point, 0.
/// let no_veto = study.evaluate(1)?.spatial.expect("measured");
/// assert_eq!((no_veto.outcome, no_veto.distance, no_veto.largest_move), (0.0, 0.5, 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpatialResult {
    /// The agenda setter's id.
    pub setter: String,
    /// The outcome.
    pub outcome: f64,
    /// Its distance from the status quo.
    pub distance: f64,
    /// The farthest any proposal that beats the status quo can move (0 if none can).
    pub largest_move: f64,
}

/// Everything measured for one variant.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// let today = study.evaluate(0)?;
/// assert_eq!((today.index, today.variant.as_str(), today.institution.as_str()), (0, "today", "unsc"));
/// assert_eq!((today.members, today.member_results.len(), today.groups.len()), (15, 15, 1));
/// // Measures the study does not ask for are left out.
/// assert_eq!((today.efficacy, today.gini_banzhaf, today.spatial.as_ref()), (None, None, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantResult {
    /// The variant's position in the study (after sweeps are expanded).
    pub index: usize,
    /// The variant's name.
    pub variant: String,
    /// The institution it edits.
    pub institution: String,
    /// Sweep parameters that produced it (empty for a written variant).
    pub parameters: Vec<(String, String)>,
    /// How the indices were counted.
    pub method: String,
    /// Number of members.
    pub members: usize,
    /// Coleman's power of the body to act, if measured.
    pub efficacy: Option<f64>,
    /// Gini coefficient of the Shapley-Shubik shares, if measured (among the participants of
    /// a like-minded variant).
    pub gini_shapley_shubik: Option<f64>,
    /// Gini coefficient of the Banzhaf shares, if measured (among the participants of a
    /// like-minded variant).
    pub gini_banzhaf: Option<f64>,
    /// The chair's id, if any.
    pub chair: Option<String>,
    /// The spatial outcome, if measured.
    pub spatial: Option<SpatialResult>,
    /// What the chair and the procedures are worth (the `baron_ferejohn`, `deadline`,
    /// `co_facilitators` and `status_quo` measures; filled in by `Study::evaluate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda: Option<super::agenda::AgendaResult>,
    /// Each `[pooling]` bloc under three readings (the `pooling` measure; filled in by
    /// `Study::evaluate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooling: Option<Vec<super::pooling::PoolingResult>>,
    /// A like-minded coalition's participants, policy and reading (its variants only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub like_minded: Option<super::like_minded::LikeMindedResult>,
    /// What a seat is worth over time under this variant's allocation of seats (the `seats`
    /// measure; filled in by `Study::evaluate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<super::seats::SeatsResult>,
    /// The open rule against the closed rule (the `open_rule` measure; filled in by
    /// `Study::evaluate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_rule: Option<super::open_rule::OpenRuleResult>,
    /// The groups, in study order.
    pub groups: Vec<GroupResult>,
    /// The members, in the institution's order.
    pub member_results: Vec<MemberResult>,
    /// Measures left out and why.
    pub notes: Vec<String>,
}

/// Settings shared by every variant of a study.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::measures::{measure, MeasureSettings};
/// use comity::study::Measure;
/// let settings = MeasureSettings {
///     measures: &[Measure::Banzhaf],
///     groups: &study.file().groups,
///     baron_ferejohn: None,
///     spatial: None,
/// };
/// let today = measure(&study.build(0)?, settings)?;
/// assert_eq!(today.groups[0].shapley_shubik, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MeasureSettings<'a> {
    /// The measures to compute.
    pub measures: &'a [Measure],
    /// The study's groups.
    pub groups: &'a [StudyGroup],
    /// Baron-Ferejohn settings.
    pub baron_ferejohn: Option<&'a BaronFerejohnSettings>,
    /// Spatial settings.
    pub spatial: Option<&'a SpatialSettings>,
}

/// Measures one built variant.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::measures::{measure, MeasureSettings};
/// use comity::study::Measure;
/// let groups = &study.file().groups;
/// let measures = [Measure::ShapleyShubik, Measure::Banzhaf];
/// let settings = MeasureSettings { measures: &measures, groups, baron_ferejohn: None, spatial: None };
/// let today = measure(&study.build(0)?, settings)?;
/// // By hand: 848 of the 5080 swings are each permanent member's.
/// assert!((today.groups[0].banzhaf - 4240.0 / 5080.0).abs() < 1e-12);
/// // Left unnamed and unnumbered: `Study::evaluate` fills them in.
/// assert_eq!((today.index, today.variant.as_str()), (0, ""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn measure(built: &BuiltVariant, settings: MeasureSettings<'_>) -> Result<VariantResult, String> {
    measure_cancellable(built, settings, &crate::cancel::CancelToken::new())
}

/// [`measure`] that stops once `cancel` is cancelled, with an error saying "interrupted": the
/// power count checks the token as [`crate::power::power_indices_cancellable`] does, and the
/// token is checked again before the bargaining and spatial measures.
pub(crate) fn measure_cancellable(
    built: &BuiltVariant,
    settings: MeasureSettings<'_>,
    cancel: &crate::cancel::CancelToken,
) -> Result<VariantResult, String> {
    let wants = |m: Measure| settings.measures.contains(&m);
    let members = built.institution.members();
    let n = members.len();
    let options = PowerOptions { shapley_shubik: wants(Measure::ShapleyShubik), exact: false };
    let indices = power_indices_cancellable(&built.game, &options, cancel).map_err(|e| e.to_string())?;
    cancel.check().map_err(|e| e.to_string())?;
    let banzhaf = indices.banzhaf();
    let shapley_shubik = indices.shapley_shubik();
    let mut notes = Vec::new();

    let population: Option<Vec<f64>> =
        members.iter().map(|m| m.attributes.get("population").copied()).collect();
    let penrose_ideal = match (&population, wants(Measure::Penrose)) {
        (Some(p), true) => Some(square_root_shares(p)),
        (None, true) => {
            notes.push("penrose: not every member has a population".to_string());
            None
        }
        _ => None,
    };
    let (bf_equal, bf_chair) = if wants(Measure::BaronFerejohn) {
        bargaining_shares(built, &banzhaf, settings.baron_ferejohn, &mut notes)
    } else {
        (None, None)
    };
    // A like-minded coalition binds only its participants: its own spatial branch and notes.
    let (spatial, like_minded) = match &built.like_minded {
        Some(coalition) => {
            let wants_spatial = wants(Measure::Spatial);
            let (spatial, result) = super::like_minded::measure(
                built,
                coalition,
                settings.spatial,
                wants_spatial,
                wants(Measure::Penrose),
                &mut notes,
            );
            (spatial, Some(result))
        }
        None if wants(Measure::Spatial) => (spatial_outcome(built, settings.spatial, &mut notes), None),
        None => (None, None),
    };
    let penrose_ideal = penrose_ideal.filter(|_| like_minded.is_none());

    let member_results = (0..n)
        .map(|i| MemberResult {
            id: members[i].id.clone(),
            shapley_shubik: shapley_shubik.as_ref().map(|s| s[i]),
            banzhaf: banzhaf[i],
            penrose_ratio: penrose_ideal.as_ref().map(|ideal| banzhaf[i] / ideal[i]),
            baron_ferejohn: bf_equal.as_ref().map(|v| v[i]),
            baron_ferejohn_chair: bf_chair.as_ref().map(|v| v[i]),
        })
        .collect();
    let total_population: Option<f64> = population.as_ref().map(|p| p.iter().sum());
    let groups = settings
        .groups
        .iter()
        .zip(&built.groups)
        .map(|(group, positions)| {
            // `+ 0.0` turns the -0.0 an empty float sum starts from into 0.0.
            let sum = |values: &[f64]| positions.iter().map(|&i| values[i]).sum::<f64>() + 0.0;
            GroupResult {
                name: group.name.clone(),
                size: positions.len(),
                member_share: positions.len() as f64 / n as f64,
                population_share: population.as_ref().zip(total_population).map(|(p, t)| sum(p) / t),
                shapley_shubik: shapley_shubik.as_deref().map(sum),
                banzhaf: sum(&banzhaf),
                penrose_ratio: penrose_ideal
                    .as_deref()
                    .filter(|_| !positions.is_empty())
                    .map(|ideal| sum(&banzhaf) / sum(ideal)),
                baron_ferejohn: bf_equal.as_deref().map(sum),
                baron_ferejohn_chair: bf_chair.as_deref().map(sum),
                change_shapley_shubik: None,
                change_banzhaf: None,
            }
        })
        .collect();
    // A like-minded variant's inequality is among its participants, as its power is (module
    // `like_minded`): the outsiders' zeros would count a decision that does not bind them.
    let among = |values: &[f64]| -> Vec<f64> {
        match &built.like_minded {
            Some(c) => c.participants.iter().map(|&i| values[i]).collect(),
            None => values.to_vec(),
        }
    };
    Ok(VariantResult {
        index: 0,
        variant: String::new(),
        institution: built.institution.info().id.clone(),
        parameters: Vec::new(),
        method: indices.method().to_string(),
        members: n,
        efficacy: wants(Measure::Efficacy).then(|| indices.coleman_power_to_act()),
        gini_shapley_shubik: shapley_shubik
            .as_deref()
            .filter(|_| wants(Measure::Gini))
            .map(|v| gini(&among(v))),
        gini_banzhaf: wants(Measure::Gini).then(|| gini(&among(&banzhaf))),
        chair: built.chair.map(|c| members[c].id.clone()),
        spatial,
        agenda: None,
        pooling: None,
        like_minded,
        seats: None,
        open_rule: None,
        groups,
        member_results,
        notes,
    })
}

/// Each member's share of the sum of the square roots of the populations.
///
/// ```
/// use comity::study::measures::square_root_shares;
/// // Penrose (1946): populations 1, 4 and 9 deserve weights in proportion to 1, 2 and 3.
/// assert_eq!(square_root_shares(&[1.0, 4.0, 9.0]), vec![1.0 / 6.0, 1.0 / 3.0, 0.5]);
/// ```
pub fn square_root_shares(population: &[f64]) -> Vec<f64> {
    let roots: Vec<f64> = population.iter().map(|p| p.max(0.0).sqrt()).collect();
    let total: f64 = roots.iter().sum();
    roots.iter().map(|r| r / total).collect()
}

/// The Gini coefficient of non-negative values (0 when all are equal or all are 0).
///
/// ```
/// use comity::study::gini;
/// assert_eq!(gini(&[0.25, 0.25, 0.25, 0.25]), 0.0);
/// // One of four holds everything: (n - 1) / n.
/// assert!((gini(&[1.0, 0.0, 0.0, 0.0]) - 0.75).abs() < 1e-12);
/// ```
pub fn gini(values: &[f64]) -> f64 {
    let n = values.len();
    let total: f64 = values.iter().sum();
    if n == 0 || total <= 0.0 {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    // sum_i sum_j |x_i - x_j| = 2 sum_k (2k - n - 1) x_(k) for sorted x, k = 1..n.
    let weighted: f64 =
        sorted.iter().enumerate().map(|(k, x)| (2.0 * (k as f64 + 1.0) - n as f64 - 1.0) * x).sum();
    (weighted / (n as f64 * total)).max(0.0)
}

fn bargaining_shares(
    built: &BuiltVariant,
    banzhaf: &[f64],
    settings: Option<&BaronFerejohnSettings>,
    notes: &mut Vec<String>,
) -> (Option<Vec<f64>>, Option<Vec<f64>>) {
    let Some(settings) = settings else {
        notes.push("baron_ferejohn: the study has no [baron_ferejohn] settings".into());
        return (None, None);
    };
    // Null players (outside a club, never a swing) have no seat at the table, so they are
    // never recognised; the others share recognition equally, or what the chair leaves.
    let seated: Vec<bool> = banzhaf.iter().map(|&b| b > 0.0).collect();
    let seats = seated.iter().filter(|&&s| s).count();
    let mut solve = |chair: Option<usize>, what: &str| -> Option<Vec<f64>> {
        let probabilities: Vec<f64> = match chair {
            None => seated.iter().map(|&s| if s { 1.0 / seats as f64 } else { 0.0 }).collect(),
            Some(c) if !seated[c] => {
                notes.push(format!(
                    "baron_ferejohn ({what}): the chair {} has no vote under this rule",
                    built.institution.members()[c].id
                ));
                return None;
            }
            Some(c) => {
                let rest =
                    if seats > 1 { (1.0 - settings.chair_probability) / (seats - 1) as f64 } else { 0.0 };
                let own = if seats > 1 { settings.chair_probability } else { 1.0 };
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
        };
        match baron_ferejohn(&built.game, &probabilities, settings.delta) {
            Ok(eq) => Some(eq.values),
            Err(e) => {
                notes.push(format!("baron_ferejohn ({what}): {e}"));
                None
            }
        }
    };
    let equal = solve(None, "equal recognition");
    let chair = built.chair.and_then(|c| solve(Some(c), "chair"));
    (equal, chair)
}

fn spatial_outcome(
    built: &BuiltVariant,
    settings: Option<&SpatialSettings>,
    notes: &mut Vec<String>,
) -> Option<SpatialResult> {
    let Some(settings) = settings else {
        notes.push("spatial: the study has no [spatial] settings".into());
        return None;
    };
    let members = built.institution.members();
    let Some(ideals) =
        members.iter().map(|m| m.attributes.get(&settings.ideal).copied()).collect::<Option<Vec<f64>>>()
    else {
        notes.push(format!("spatial: not every member has the attribute '{}'", settings.ideal));
        return None;
    };
    let setter = match &settings.setter {
        Some(id) => built.institution.member_index(id),
        None => built.chair,
    };
    let Some(setter) = setter else {
        notes.push("spatial: no agenda setter (name one in [spatial] or a chair) in this variant".into());
        return None;
    };
    let q = settings.status_quo;
    let result = winset_1d(&built.game, &ideals, q).and_then(|winset| {
        let outcome = setter_outcome_1d(&built.game, &ideals, q, setter)?;
        let largest_move =
            winset.iter().map(|(low, high)| (low - q).abs().max((high - q).abs())).fold(0.0, f64::max);
        Ok(SpatialResult {
            setter: members[setter].id.clone(),
            outcome,
            distance: (outcome - q).abs(),
            largest_move,
        })
    });
    match result {
        Ok(r) => Some(r),
        Err(e) => {
            notes.push(format!("spatial: {e}"));
            None
        }
    }
}
