//! Studies: one question ("do small states gain or lose voice when ...?") answered for many
//! rule variants at once.
//!
//! A study file names institution files, a list of rule variants (each an institution edited:
//! members removed or added, new seats, vetoes, quotas, blocs, clubs, a chair) and parameter
//! sweeps that expand into more variants, the groups of interest, and the measures. Every
//! variant is validated and compiled like an institution file, then measured (see
//! [`measures`]): power shares of members and groups against their shares of members and
//! population, power per head against Penrose's square-root ideal, the Gini coefficient of
//! power, Coleman's power of the body to act, Baron-Ferejohn shares with and without a chair,
//! the spatial outcome, what a seat is worth over time (the `seats` measure), the open rule
//! against the closed rule, and each group's change against a baseline variant; [`worth`]
//! says in words what the chair, a deadline and a seat are worth. A study may instead compare
//! repeated institutions as their membership grows (see [`reciprocity`]).
//!
//! # References
//!
//! - Penrose, L. S. (1946). The elementary statistics of majority voting. *Journal of the Royal
//!   Statistical Society* 109(1), 53-57.
//! - Coleman, J. S. (1971). Control of collectivities and the power of a collectivity to act.
//!   In Lieberman (ed.), *Social Choice*, 269-300.
//! - Felsenthal, D. S. and Machover, M. (1998). *The Measurement of Voting Power*. Edward Elgar.
//!
//! ```
//! use comity::study::Study;
//! let study = Study::load("models/studies/unsc_reform.toml")?;
//! let today = study.evaluate(0)?;
//! // The five permanent members hold almost all of the Council's Shapley-Shubik power: by
//! // hand, an elected member pivots in C(9, 3) 8! 6! / 15! = 4/2145 of the orders, so the
//! // permanent members share the rest, 5 * 421/2145 = 2105/2145.
//! let permanent = today.groups.iter().find(|g| g.name == "permanent").expect("a study group");
//! assert!((permanent.shapley_shubik.expect("measured") - 2105.0 / 2145.0).abs() < 1e-12);
//! # Ok::<(), comity::study::StudyError>(())
//! ```

mod batch;
mod chart;
mod error;
mod file;
pub mod growth;
pub mod headline;
pub mod measures;
pub mod reciprocity;
mod report;
// Agenda power (chair, deadline, co-facilitators, status quo) and pooling study measures.
mod agenda;
mod pooling;
pub use agenda::{
    AgendaResult, CoFacilitatorsResult, DeadlineResult, MAX_DEADLINE_ROUNDS, STATUS_QUO_GRID, StatusQuoResult,
};
pub use file::{CoFacilitatorSettings, DeadlineSettings, PoolingBloc, PoolingSettings};
// Like-minded coalitions: a decision binding only its participants (variant kind and measures).
pub use file::LikeMindedSpec;
pub use like_minded::{LikeMindedCoalition, LikeMindedResult};
mod like_minded;
pub use pooling::PoolingResult;
// What a seat is worth over time, the open rule, and the worth of each in words.
mod open_rule;
mod seats;
pub mod worth;
pub use file::SeatsSettings;
pub use open_rule::OpenRuleResult;
pub use seats::{SeatGroup, SeatMember, SeatsResult};
mod sweep;
mod variant;

pub use batch::{
    BatchFormat, Shard, VARIANT_COUNT, csv_field, csv_header, csv_row, finished_prefix, json_line,
    merge_outputs,
};
pub use error::StudyError;
pub use file::{
    BaronFerejohnSettings, GroupAttribute, Measure, ReciprocitySpec, RuleRef, SeatSpec, SpatialSettings,
    StudyFile, StudyGroup, StudyInfo, SweepSpec, VariantSpec, VoteFormula,
};
pub use growth::{GrowthResult, GrowthSpec};
pub use measures::{GroupResult, MemberResult, SpatialResult, VariantResult, gini};
pub use reciprocity::ReciprocityResult;
pub use report::{Outcome, Report, report};
pub use sweep::{MAX_SWEEP_VARIANTS, SweptVariant};
pub use variant::BuiltVariant;

use crate::game::MAX_PLAYERS;
use crate::model::{Institution, InstitutionFile};
use measures::MeasureSettings;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest membership a reciprocity study simulates (the UN has 193 members).
///
/// ```
/// use comity::study::{Study, MAX_RECIPROCITY_MEMBERS};
/// use std::path::Path;
/// let study = |members: usize, rounds: usize, seeds: usize| {
///     let text = format!(
///         r#"
/// # [study]
/// # id = "growth"
/// # title = "Growth"
/// # question = "Does cooperation survive growth?"
/// # source = "models/reciprocity"
/// # date = "2026-11-30"
/// [reciprocity]
/// models = ["growth_diffuse.toml"]
/// members = [{members}]
/// rounds = {rounds}
/// seeds = {seeds}
/// "#
///     );
///     Study::from_toml(&text, "growth.toml", Path::new("models/reciprocity"))
/// };
/// assert!(study(MAX_RECIPROCITY_MEMBERS, 100, 2).is_ok());
/// let err = study(MAX_RECIPROCITY_MEMBERS + 1, 100, 2).unwrap_err();
/// assert_eq!(err.field, "reciprocity.members[0]");
/// ```
pub const MAX_RECIPROCITY_MEMBERS: usize = 1_000;

/// The most rounds per simulated history in a reciprocity study.
///
/// ```
/// use comity::study::{Study, MAX_RECIPROCITY_ROUNDS};
/// use std::path::Path;
/// let study = |members: usize, rounds: usize, seeds: usize| {
///     let text = format!(
///         r#"
/// # [study]
/// # id = "growth"
/// # title = "Growth"
/// # question = "Does cooperation survive growth?"
/// # source = "models/reciprocity"
/// # date = "2026-11-30"
/// [reciprocity]
/// models = ["growth_diffuse.toml"]
/// members = [{members}]
/// rounds = {rounds}
/// seeds = {seeds}
/// "#
///     );
///     Study::from_toml(&text, "growth.toml", Path::new("models/reciprocity"))
/// };
/// assert!(study(193, MAX_RECIPROCITY_ROUNDS, 2).is_ok());
/// let err = study(193, MAX_RECIPROCITY_ROUNDS + 1, 2).unwrap_err();
/// assert_eq!(err.field, "reciprocity.rounds");
/// ```
pub const MAX_RECIPROCITY_ROUNDS: usize = 1_000_000;

/// The most independent histories per size in a reciprocity study.
///
/// ```
/// use comity::study::{Study, MAX_RECIPROCITY_SEEDS};
/// use std::path::Path;
/// let study = |members: usize, rounds: usize, seeds: usize| {
///     let text = format!(
///         r#"
/// # [study]
/// # id = "growth"
/// # title = "Growth"
/// # question = "Does cooperation survive growth?"
/// # source = "models/reciprocity"
/// # date = "2026-11-30"
/// [reciprocity]
/// models = ["growth_diffuse.toml"]
/// members = [{members}]
/// rounds = {rounds}
/// seeds = {seeds}
/// "#
///     );
///     Study::from_toml(&text, "growth.toml", Path::new("models/reciprocity"))
/// };
/// assert!(study(193, 100, MAX_RECIPROCITY_SEEDS).is_ok());
/// let err = study(193, 100, MAX_RECIPROCITY_SEEDS + 1).unwrap_err();
/// assert_eq!(err.field, "reciprocity.seeds");
/// ```
pub const MAX_RECIPROCITY_SEEDS: usize = 100_000;

/// A variant to evaluate: as written or generated by a sweep.
///
/// ```
/// // A study of today's Council, the Council without the veto, and a sweep `votes` of the
/// // votes needed (10 and 11) with the veto kept (the example of `Study`).
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
/// #
/// # [[sweeps]]
/// # name = "votes"
/// # [sweeps.template]
/// # institution = "unsc"
/// # rule = { all = [ { veto = { group = "permanent" } }, { count = { at_least = "$votes" } } ] }
/// # [sweeps.axes]
/// # votes = [10, 11]
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// let written = &study.variants()[1];
/// assert_eq!((written.spec.name.as_str(), written.parameters.len()), ("no_veto", 0));
/// let swept = &study.variants()[2];
/// assert_eq!(swept.spec.name, "votes[votes=10]");
/// assert_eq!(swept.parameters, vec![("votes".to_string(), "10".to_string())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The variant.
    pub spec: VariantSpec,
    /// The sweep parameters that produced it (empty for a written variant).
    pub parameters: Vec<(String, String)>,
}

/// A loaded and validated study.
///
/// ```
/// use comity::study::Study;
/// // Institution paths are relative to the study's directory, here models/institutions.
/// let text = r#"
/// [study]
/// id = "veto"
/// title = "The veto"
/// question = "What does the veto give the permanent members?"
/// source = "models/institutions/unsc.toml"
/// date = "2026-11-30"
/// baseline = "today"
/// measures = ["shapley_shubik", "banzhaf"]
///
/// [institutions]
/// unsc = "unsc.toml"
///
/// [[groups]]
/// name = "permanent"
/// tag = "P5"
///
/// [[variants]]
/// name = "today"
/// institution = "unsc"
/// rule = "substantive"
///
/// [[variants]]
/// name = "no_veto"
/// institution = "unsc"
/// rule = { count = { at_least = 9 } }
/// "#;
/// let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// let results = study.evaluate_all()?;
/// // By hand: today the permanent members hold 5 * 421/2145 of the Shapley-Shubik power
/// // (an elected member pivots in 4/2145 of the orders); without the veto, 5/15.
/// let permanent = |k: usize| results[k].groups[0].shapley_shubik.expect("measured");
/// assert!((permanent(0) - 2105.0 / 2145.0).abs() < 1e-12);
/// assert!((permanent(1) - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Study {
    label: String,
    dir: PathBuf,
    file: StudyFile,
    institutions: BTreeMap<String, InstitutionFile>,
    variants: Vec<Variant>,
    measures: Vec<Measure>,
    parameter_names: Vec<String>,
    /// The seats model's evaluation, computed when the first variant needs it (see
    /// [`seats`](mod@seats): loading it with the study could load the study again).
    seats: std::sync::OnceLock<Result<std::sync::Arc<seats::SeatsData>, StudyError>>,
}

impl Study {
    /// Reads, validates and expands a study file (institution paths are relative to it).
    ///
    /// ```
    /// use comity::study::Study;
    /// let study = Study::load("models/studies/unsc_reform.toml")?;
    /// assert_eq!(study.file().study.id, "unsc_reform");
    /// assert_eq!(study.variants().len(), 6);
    /// assert_eq!(study.dir(), std::path::Path::new("models/studies"));
    /// let err = Study::load("models/studies/missing.toml").unwrap_err();
    /// assert!(err.message.starts_with("cannot read the file"));
    /// # Ok::<(), comity::study::StudyError>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Study, StudyError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| StudyError::new(&label, "", format!("cannot read the file: {e}")))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Study::from_toml(&text, &label, &dir)
    }

    /// Parses and validates study TOML; `label` names the file in errors and `dir` is where
    /// relative paths start.
    ///
    /// ```
    /// use comity::study::Study;
    /// use std::path::Path;
    /// // `text`: today's Council and the Council without the veto (the example of `Study`).
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
    /// let study = Study::from_toml(text, "veto.toml", Path::new("models/institutions"))?;
    /// assert_eq!(study.variants().len(), 2);
    /// // A misspelt institution is reported with its file and field.
    /// let typo = text.replacen(r#"institution = "unsc""#, r#"institution = "unsc2""#, 1);
    /// let err = Study::from_toml(&typo, "veto.toml", Path::new("models/institutions")).unwrap_err();
    /// assert_eq!(err.field, "variants[today].institution");
    /// # Ok::<(), comity::study::StudyError>(())
    /// ```
    pub fn from_toml(text: &str, label: &str, dir: &Path) -> Result<Study, StudyError> {
        let file: StudyFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| crate::model::line_at(text, s.start));
            let place = line.map(|l| format!("line {l}")).unwrap_or_default();
            StudyError::new(label, place, e.message().trim().to_string())
        })?;
        Study::validate(file, label, dir)
    }

    /// Validates a parsed study file.
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
    /// // An edited copy of the file is validated again: a baseline no variant has is refused.
    /// let mut file = study.file().clone();
    /// file.study.baseline = Some("tomorrow".into());
    /// let err = Study::validate(file, "veto.toml", study.dir()).unwrap_err();
    /// assert_eq!(err.field, "study.baseline");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(file: StudyFile, label: &str, dir: &Path) -> Result<Study, StudyError> {
        let err = |field: &str, message: String| StudyError::new(label, field.to_string(), message);
        let info = &file.study;
        for (field, value) in
            [("study.id", &info.id), ("study.source", &info.source), ("study.date", &info.date)]
        {
            if value.trim().is_empty() {
                return Err(err(field, "empty; expected a value".into()));
            }
        }
        if !info.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(err(
                "study.id",
                format!("'{}'; expected letters, digits, _ or - (it names output files)", info.id),
            ));
        }
        let mut names = std::collections::HashSet::new();
        for (k, g) in file.groups.iter().enumerate() {
            let given = [g.group.is_some(), g.tag.is_some(), g.ids.is_some(), g.predicate.is_some()];
            if given.iter().filter(|&&b| b).count() != 1 {
                return Err(err(
                    &format!("groups[{k}]"),
                    "expected exactly one of group, tag, ids, predicate".into(),
                ));
            }
            if let Some(p) = &g.predicate {
                if crate::model::Predicate::parse(p).is_none() {
                    return Err(err(
                        &format!("groups[{k}].predicate"),
                        format!("bad predicate '{p}'; expected such as population < 10e6"),
                    ));
                }
            }
            if g.name.contains(['\n', '\r']) {
                // Group names head CSV columns of batch output (GROUP.size, ...), which is
                // read line by line.
                return Err(err(
                    &format!("groups[{k}].name"),
                    format!("{:?} has a line break; expected a name of one line", g.name),
                ));
            }
            if let Some(problem) = g.label.as_deref().and_then(label_problem) {
                return Err(err(&format!("groups[{k}].label"), problem));
            }
            if !names.insert(g.name.as_str()) {
                return Err(err(&format!("groups[{k}].name"), format!("duplicate group '{}'", g.name)));
            }
        }
        if let Some(group) = &info.headline_group {
            if !names.contains(group.as_str()) {
                return Err(err(
                    "study.headline_group",
                    format!("unknown group '{group}'; expected a study group"),
                ));
            }
        }
        if let Some(bf) = &file.baron_ferejohn {
            // Written so that NaN fails too.
            let valid = bf.delta > 0.0 && bf.delta <= 1.0 && (0.0..=1.0).contains(&bf.chair_probability);
            if !valid {
                return Err(err(
                    "baron_ferejohn",
                    format!(
                        "delta {} and chair_probability {}; expected 0 < delta <= 1 and 0 <= chair_probability <= 1",
                        bf.delta, bf.chair_probability
                    ),
                ));
            }
        }
        if let Some(spatial) = &file.spatial {
            if !spatial.status_quo.is_finite() {
                return Err(err(
                    "spatial.status_quo",
                    format!("{}; expected a finite number", spatial.status_quo),
                ));
            }
        }
        if let Some(d) = &file.deadline {
            if !(1..=MAX_DEADLINE_ROUNDS).contains(&d.rounds) {
                return Err(err(
                    "deadline.rounds",
                    format!("{}; expected 1 to {MAX_DEADLINE_ROUNDS} rounds", d.rounds),
                ));
            }
        }
        if let Some(c) = &file.co_facilitators {
            if !(0.0..=1.0).contains(&c.share) {
                return Err(err(
                    "co_facilitators.share",
                    format!("{}; expected a number in [0, 1]", c.share),
                ));
            }
        }
        if let Some(p) = &file.pooling {
            for (k, bloc) in p.blocs.iter().enumerate() {
                if !names.contains(bloc.group.as_str()) {
                    return Err(err(
                        &format!("pooling.blocs[{k}].group"),
                        format!("unknown group '{}'; expected a study group", bloc.group),
                    ));
                }
                if bloc.internal_quota == Some(0) {
                    return Err(err(
                        &format!("pooling.blocs[{k}].internal_quota"),
                        "0; expected at least 1 member".into(),
                    ));
                }
            }
        }
        if file.growth.is_some() {
            // A growth study reads only its model: any other section would be ignored.
            let unused = [
                ("variants", !file.variants.is_empty()),
                ("sweeps", !file.sweeps.is_empty()),
                ("reciprocity", file.reciprocity.is_some()),
                ("deadline", file.deadline.is_some()),
                ("co_facilitators", file.co_facilitators.is_some()),
                ("pooling", file.pooling.is_some()),
                ("seats", file.seats.is_some()),
                ("baron_ferejohn", file.baron_ferejohn.is_some()),
                ("spatial", file.spatial.is_some()),
                ("institutions", !file.institutions.is_empty()),
                ("groups", !file.groups.is_empty()),
                ("study.measures", file.study.measures.is_some()),
                ("study.headline_group", file.study.headline_group.is_some()),
            ];
            if let Some((field, _)) = unused.iter().find(|(_, given)| *given) {
                return Err(err(
                    "growth",
                    format!(
                        "{field} is given; a growth study reads only its model (no variants, sweeps, reciprocity, deadline, co_facilitators, pooling, seats, baron_ferejohn, spatial, institutions, groups, measures or headline_group)"
                    ),
                ));
            }
            return Ok(Study::of_model_only(label, dir, file));
        }
        if let Some(r) = &file.reciprocity {
            if !file.variants.is_empty() || !file.sweeps.is_empty() {
                return Err(err("reciprocity", "a reciprocity study has no variants or sweeps".into()));
            }
            // The agenda and pooling measures are of rule variants: a reciprocity study would
            // ignore them.
            let unused = [
                ("deadline", file.deadline.is_some()),
                ("co_facilitators", file.co_facilitators.is_some()),
                ("pooling", file.pooling.is_some()),
                ("seats", file.seats.is_some()),
            ];
            if let Some((field, _)) = unused.iter().find(|(_, given)| *given) {
                return Err(err(
                    "reciprocity",
                    format!(
                        "{field} is given; a reciprocity study has no deadline, co_facilitators, pooling or seats section"
                    ),
                ));
            }
            if r.models.is_empty() || r.members.is_empty() {
                return Err(err(
                    "reciprocity",
                    "empty sweep; expected at least one model and one size".into(),
                ));
            }
            // Checked here, before any simulation allocates by them: a mistyped count would
            // otherwise abort the process on a failed allocation.
            if let Some((k, n)) = r.members.iter().enumerate().find(|&(_, &n)| n > MAX_RECIPROCITY_MEMBERS) {
                return Err(err(
                    &format!("reciprocity.members[{k}]"),
                    format!(
                        "{n} members; expected at most {MAX_RECIPROCITY_MEMBERS} (partner lists grow with the square of the membership)"
                    ),
                ));
            }
            // One history has no spread: its half-width would read as an exact rate.
            if r.seeds < 2 {
                return Err(err(
                    "reciprocity.seeds",
                    format!("{}; expected at least 2 (the confidence interval needs two histories)", r.seeds),
                ));
            }
            for (field, value, max, why) in [
                (
                    "reciprocity.rounds",
                    r.rounds,
                    MAX_RECIPROCITY_ROUNDS,
                    "each history keeps a number per round",
                ),
                (
                    "reciprocity.seeds",
                    r.seeds,
                    MAX_RECIPROCITY_SEEDS,
                    "every history is kept until all are summarised",
                ),
            ] {
                if value > max {
                    return Err(err(field, format!("{value}; expected at most {max} ({why})")));
                }
            }
            return Ok(Study::of_model_only(label, dir, file));
        }
        let mut institutions = BTreeMap::new();
        for (name, path) in &file.institutions {
            let full = dir.join(path);
            let institution =
                Institution::load(&full).map_err(|e| err(&format!("institutions.{name}"), e.to_string()))?;
            institutions.insert(name.clone(), institution.file().clone());
        }
        let mut variants: Vec<Variant> =
            file.variants.iter().map(|v| Variant { spec: v.clone(), parameters: Vec::new() }).collect();
        for (k, sweep) in file.sweeps.iter().enumerate() {
            for swept in sweep::expand(sweep, k, label, variants.len())? {
                variants.push(Variant { spec: swept.variant, parameters: swept.parameters });
            }
        }
        if variants.is_empty() {
            return Err(err("variants", "empty study; expected at least one variant or sweep".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for (k, v) in variants.iter().enumerate() {
            // Batch output has one line per variant, and resume and merge read it line by
            // line: a line break in a name or a sweep value would split a row in two.
            let texts = std::iter::once(&v.spec.name).chain(v.parameters.iter().map(|(_, value)| value));
            if let Some(text) = texts.into_iter().find(|t| t.contains(['\n', '\r'])) {
                return Err(err(
                    &format!("variants[{k}]"),
                    format!("{text:?} has a line break; expected names and sweep values of one line"),
                ));
            }
            if let Some(problem) = v.spec.label.as_deref().and_then(label_problem) {
                return Err(err(&format!("variants[{k}].label"), problem));
            }
            if !seen.insert(v.spec.name.as_str()) {
                return Err(err(
                    &format!("variants[{k}].name"),
                    format!("duplicate variant '{}'", v.spec.name),
                ));
            }
            like_minded::validate(&v.spec, &names).map_err(|(field, message)| err(&field, message))?;
            if !institutions.contains_key(&v.spec.institution) {
                let known: Vec<&str> = institutions.keys().map(String::as_str).collect();
                return Err(err(
                    &format!("variants[{}].institution", v.spec.name),
                    format!(
                        "unknown institution '{}'; expected one of [institutions]: {}",
                        v.spec.institution,
                        known.join(", ")
                    ),
                ));
            }
        }
        if let Some(baseline) = &info.baseline {
            if !seen.contains(baseline.as_str()) {
                return Err(err(
                    "study.baseline",
                    format!("unknown variant '{baseline}'; expected a variant name"),
                ));
            }
        }
        if let Some(settings) = &file.seats {
            let names: Vec<&str> = variants.iter().map(|v| v.spec.name.as_str()).collect();
            seats::validate(settings, dir, &names, info.baseline.as_deref())
                .map_err(|(field, message)| err(&field, message))?;
        }
        // A group's id that no variant has is a typo, not an empty group.
        let mut known: std::collections::HashSet<String> =
            institutions.values().flat_map(|f| f.members.iter().map(|m| m.id.clone())).collect();
        for v in &variants {
            known.extend(v.spec.add_members.iter().map(|m| m.id.clone()));
            for (k, seats) in v.spec.add_seats.iter().enumerate() {
                // Checked before the seats' ids are listed: a count such as 2^63 would
                // otherwise exhaust memory here, long before the member limit is checked.
                if seats.count > MAX_PLAYERS {
                    return Err(err(
                        &format!("variants[{}].add_seats[{k}].count", v.spec.name),
                        format!(
                            "{} seats; expected at most {MAX_PLAYERS} (the most members a body may have)",
                            seats.count
                        ),
                    ));
                }
                known.extend((1..=seats.count).map(|k| format!("{}{k}", seats.id)));
            }
        }
        for g in &file.groups {
            if let Some(id) = g.ids.iter().flatten().find(|id| !known.contains(id.as_str())) {
                return Err(err(
                    &format!("groups[{}].ids", g.name),
                    format!("'{id}' is a member of no variant; expected a member id"),
                ));
            }
        }
        // Unlisted measures default to every measure the file has settings for: the agenda
        // and pooling measures need their own sections and would otherwise only add notes.
        // A listed measure set must use every agenda or pooling section given: a section whose
        // measure is not listed would be ignored.
        if let Some(listed) = &info.measures {
            for (section, measure, given) in [
                ("deadline", Measure::Deadline, file.deadline.is_some()),
                ("co_facilitators", Measure::CoFacilitators, file.co_facilitators.is_some()),
                ("pooling", Measure::Pooling, file.pooling.is_some()),
                ("seats", Measure::Seats, file.seats.is_some()),
            ] {
                if given && !listed.contains(&measure) {
                    return Err(err(
                        section,
                        format!(
                            "given, but study.measures does not list \"{section}\"; expected it listed, or no [{section}] section"
                        ),
                    ));
                }
            }
        }
        // Unlisted, the measures are those the file has settings for: the agenda measures
        // also need [baron_ferejohn] (the discount and the chair), without which they could
        // only add a note.
        let bf = file.baron_ferejohn.is_some();
        let measures = info.measures.clone().unwrap_or_else(|| {
            Measure::ALL
                .into_iter()
                .filter(|m| match m {
                    Measure::Deadline => bf && file.deadline.is_some(),
                    Measure::CoFacilitators => bf && file.co_facilitators.is_some(),
                    Measure::StatusQuo => bf && file.spatial.is_some(),
                    Measure::Pooling => file.pooling.is_some(),
                    Measure::Seats => file.seats.is_some(),
                    // Refused with a note wherever members differ: asked for by name only.
                    Measure::OpenRule => false,
                    _ => true,
                })
                .collect()
        });
        let mut parameter_names: Vec<String> = Vec::new();
        for (name, _) in variants.iter().flat_map(|v| &v.parameters) {
            if !parameter_names.contains(name) {
                parameter_names.push(name.clone());
            }
        }
        let study = Study {
            label: label.into(),
            dir: dir.into(),
            file,
            institutions,
            variants,
            measures,
            parameter_names,
            seats: std::sync::OnceLock::new(),
        };
        // Every written variant is built once here, so a bad edit or rule is reported when the
        // study is loaded rather than midway through a run. Swept variants are built as they
        // are evaluated; `check_all` builds them all.
        for k in 0..study.file.variants.len() {
            study.build(k)?;
        }
        Ok(study)
    }

    /// A growth or reciprocity study: its file names its models and it has no variants.
    fn of_model_only(label: &str, dir: &Path, file: StudyFile) -> Study {
        Study {
            label: label.into(),
            dir: dir.into(),
            file,
            institutions: BTreeMap::new(),
            variants: Vec::new(),
            measures: Vec::new(),
            parameter_names: Vec::new(),
            seats: std::sync::OnceLock::new(),
        }
    }

    /// The study file as parsed.
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
    /// let file = study.file();
    /// assert_eq!((file.study.id.as_str(), file.variants.len()), ("veto", 2));
    /// assert_eq!(file.groups[0].tag.as_deref(), Some("P5"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn file(&self) -> &StudyFile {
        &self.file
    }

    /// The file as given (names it in errors).
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
    /// assert_eq!(study.label(), "veto.toml");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The directory relative paths start from.
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
    /// assert_eq!(study.dir(), std::path::Path::new("models/institutions"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The variants, written ones first, then each sweep's expansion.
    ///
    /// ```
    /// // `study`: today's Council, the Council without the veto, and a sweep `votes` of the
    /// // votes needed (10 and 11) with the veto kept (the example of `Study`).
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
    /// #
    /// # [[sweeps]]
    /// # name = "votes"
    /// # [sweeps.template]
    /// # institution = "unsc"
    /// # rule = { all = [ { veto = { group = "permanent" } }, { count = { at_least = "$votes" } } ] }
    /// # [sweeps.axes]
    /// # votes = [10, 11]
    /// # "#;
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// let names: Vec<&str> = study.variants().iter().map(|v| v.spec.name.as_str()).collect();
    /// assert_eq!(names, ["today", "no_veto", "votes[votes=10]", "votes[votes=11]"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn variants(&self) -> &[Variant] {
        &self.variants
    }

    /// The sweep axis names over the whole study, in order of first appearance.
    ///
    /// ```
    /// // `study`: today's Council, the Council without the veto, and a sweep `votes` of the
    /// // votes needed (10 and 11) with the veto kept (the example of `Study`).
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
    /// #
    /// # [[sweeps]]
    /// # name = "votes"
    /// # [sweeps.template]
    /// # institution = "unsc"
    /// # rule = { all = [ { veto = { group = "permanent" } }, { count = { at_least = "$votes" } } ] }
    /// # [sweeps.axes]
    /// # votes = [10, 11]
    /// # "#;
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// assert_eq!(study.parameter_names(), ["votes"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parameter_names(&self) -> &[String] {
        &self.parameter_names
    }

    /// The measures computed.
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
    /// use comity::study::Measure;
    /// assert_eq!(study.measures(), [Measure::ShapleyShubik, Measure::Banzhaf]);
    /// // A study that names no measures computes every one it has settings for: here the
    /// // seven that need no section of their own.
    /// let every = text.replace(r#"measures = ["shapley_shubik", "banzhaf"]"#, "");
    /// let every = Study::from_toml(&every, "every.toml", study.dir())?;
    /// assert_eq!(every.measures(), &Measure::ALL[..7]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// Whether this is a reciprocity study.
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
    /// assert!(!study.is_reciprocity());
    /// assert!(Study::load("models/studies/reciprocity_growth.toml")?.is_reciprocity());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_reciprocity(&self) -> bool {
        self.file.reciprocity.is_some()
    }

    /// Builds variant `index` (edits applied, rule compiled, groups resolved).
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
    /// let no_veto = study.build(1)?;
    /// assert_eq!(no_veto.institution.members().len(), 15);
    /// // The study's one group, the permanent members, are the first five members.
    /// assert_eq!(no_veto.groups, vec![vec![0, 1, 2, 3, 4]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(&self, index: usize) -> Result<BuiltVariant, StudyError> {
        let variant = &self.variants[index].spec;
        let base = &self.institutions[&variant.institution];
        let label = format!("{} (variant '{}')", self.label, variant.name);
        let chair = self.file.baron_ferejohn.as_ref().and_then(|b| b.chair.as_deref());
        let source = format!("{} ({})", self.file.study.title, self.label);
        variant::build(base, variant, &self.file.groups, chair, self.file.spatial.as_ref(), &label, &source)
    }

    /// Builds every variant without measuring, so that a batch finds bad input before it
    /// writes anything.
    ///
    /// ```
    /// // `study`: today's Council, the Council without the veto, and a sweep `votes` of the
    /// // votes needed (10 and 11) with the veto kept (the example of `Study`).
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
    /// #
    /// # [[sweeps]]
    /// # name = "votes"
    /// # [sweeps.template]
    /// # institution = "unsc"
    /// # rule = { all = [ { veto = { group = "permanent" } }, { count = { at_least = "$votes" } } ] }
    /// # [sweeps.axes]
    /// # votes = [10, 11]
    /// # "#;
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// study.check_all()?;
    /// // Swept variants are built only here: 16 votes of 15 members passes loading.
    /// let text = text.replace("votes = [10, 11]", "votes = [10, 16]");
    /// let study = Study::from_toml(&text, "veto.toml", study.dir())?;
    /// let err = study.check_all().unwrap_err();
    /// assert_eq!(err.field, "rules[votes[votes=16]].rule.all[1].count");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_all(&self) -> Result<(), StudyError> {
        (0..self.variants.len()).into_par_iter().try_for_each(|k| self.build(k).map(|_| ()))
    }

    /// Evaluates variant `index` (without the change against the baseline).
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
    /// let no_veto = study.evaluate(1)?;
    /// // Without the veto all 15 members are alike: 1/15 each, 1/3 for the permanent five.
    /// let shares = no_veto.member_results.iter().map(|m| m.shapley_shubik.expect("measured"));
    /// assert!(shares.into_iter().all(|x| (x - 1.0 / 15.0).abs() < 1e-12));
    /// assert!((no_veto.groups[0].banzhaf - 1.0 / 3.0).abs() < 1e-12);
    /// assert_eq!(no_veto.groups[0].change_banzhaf, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self, index: usize) -> Result<VariantResult, StudyError> {
        self.evaluate_cancellable(index, &crate::cancel::CancelToken::new())
    }

    /// [`Study::evaluate`] that stops once `cancel` is cancelled (from another thread; the
    /// Python package cancels on Ctrl-C), with an error saying "interrupted": the power count
    /// checks the token within milliseconds of counting (as
    /// [`crate::power::power_indices_cancellable`]), and it is checked again between the
    /// measures (agenda, pooling, seats, open rule). A cancelled variant is never returned.
    ///
    /// ```
    /// # use comity::study::Study;
    /// # let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n";
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// use comity::cancel::CancelToken;
    /// let cancel = CancelToken::new();
    /// assert_eq!(study.evaluate_cancellable(0, &cancel)?.variant, "today");
    /// cancel.cancel();
    /// let err = study.evaluate_cancellable(0, &cancel).unwrap_err();
    /// assert!(err.to_string().contains("interrupted"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_cancellable(
        &self,
        index: usize,
        cancel: &crate::cancel::CancelToken,
    ) -> Result<VariantResult, StudyError> {
        let interrupted = |e: crate::cancel::Interrupted| StudyError::new(&self.label, "", e.to_string());
        cancel.check().map_err(interrupted)?;
        let built = self.build(index)?;
        cancel.check().map_err(interrupted)?;
        let settings = MeasureSettings {
            measures: &self.measures,
            groups: &self.file.groups,
            baron_ferejohn: self.file.baron_ferejohn.as_ref(),
            spatial: self.file.spatial.as_ref(),
        };
        let variant = &self.variants[index];
        let mut result = measures::measure_cancellable(&built, settings, cancel).map_err(|m| {
            // An interruption is the caller's doing, not the variant's: it names no field.
            if cancel.is_cancelled() {
                StudyError::new(&self.label, "", m)
            } else {
                StudyError::new(&self.label, format!("variants[{}]", variant.spec.name), m)
            }
        })?;
        cancel.check().map_err(interrupted)?;
        let mut notes = Vec::new();
        result.agenda = agenda::agenda(&built, &result, &self.file, &self.measures, &mut notes);
        cancel.check().map_err(interrupted)?;
        result.pooling = if built.like_minded.is_some() && self.measures.contains(&Measure::Pooling) {
            notes.push(like_minded::POOLING_REFUSED.into());
            None
        } else {
            pooling::pooled(&built, &self.file, &self.measures, &mut notes)
        };
        cancel.check().map_err(interrupted)?;
        if self.measures.contains(&Measure::Seats) {
            result.seats = self.seats_result(&variant.spec.name, &mut notes)?;
        }
        cancel.check().map_err(interrupted)?;
        if self.measures.contains(&Measure::OpenRule) {
            result.open_rule = open_rule::open_rule_result(&built, &result, &self.file, &mut notes);
        }
        cancel.check().map_err(interrupted)?;
        result.notes.extend(notes);
        result.index = index;
        result.variant = variant.spec.name.clone();
        result.institution = variant.spec.institution.clone();
        result.parameters = variant.parameters.clone();
        Ok(result)
    }

    /// The seats measure of the variant `name` (a note where it has no allocation of seats).
    fn seats_result(&self, name: &str, notes: &mut Vec<String>) -> Result<Option<SeatsResult>, StudyError> {
        let Some(settings) = &self.file.seats else {
            notes.push("seats: the study has no [seats] settings".into());
            return Ok(None);
        };
        let data = self
            .seats
            .get_or_init(|| {
                seats::load(settings, &self.dir, &self.file.groups, &self.label).map(std::sync::Arc::new)
            })
            .clone()?;
        // Checked when the study was loaded: `today` or the baseline names a variant.
        let today = settings.today.as_deref().or(self.file.study.baseline.as_deref()).unwrap_or_default();
        match seats::result(&data, name, today) {
            Ok(r) => Ok(Some(r)),
            Err(m) => {
                notes.push(format!("seats: {m}"));
                Ok(None)
            }
        }
    }

    /// The baseline variant's index, if the study names one.
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
    /// assert_eq!(study.baseline_index(), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn baseline_index(&self) -> Option<usize> {
        let name = self.file.study.baseline.as_ref()?;
        self.variants.iter().position(|v| &v.spec.name == name)
    }

    /// Evaluates every variant in parallel, with each group's change against the baseline.
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
    /// let results = study.evaluate_all()?;
    /// // By hand: the permanent members fall from 5 * 421/2145 of the Shapley-Shubik power to
    /// // 5/15 without the veto, and from 4240/5080 of the Banzhaf power (848 swings each of
    /// // 5080) to 5/15.
    /// let change = &results[1].groups[0];
    /// let ss = change.change_shapley_shubik.expect("measured");
    /// assert!((ss - (1.0 / 3.0 - 2105.0 / 2145.0)).abs() < 1e-12);
    /// assert!((change.change_banzhaf.expect("a baseline") - (1.0 / 3.0 - 4240.0 / 5080.0)).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_all(&self) -> Result<Vec<VariantResult>, StudyError> {
        self.evaluate_all_cancellable(&crate::cancel::CancelToken::new())
    }

    /// [`Study::evaluate_all`] that stops once `cancel` is cancelled: each variant checks the
    /// token before it is measured, and a cancelled run returns an error saying "interrupted"
    /// (the Python package cancels on Ctrl-C).
    ///
    /// ```
    /// # use comity::study::Study;
    /// # let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n";
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// use comity::cancel::CancelToken;
    /// let cancel = CancelToken::new();
    /// assert_eq!(study.evaluate_all_cancellable(&cancel)?.len(), 1);
    /// cancel.cancel();
    /// let err = study.evaluate_all_cancellable(&cancel).unwrap_err();
    /// assert!(err.to_string().contains("interrupted"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_all_cancellable(
        &self,
        cancel: &crate::cancel::CancelToken,
    ) -> Result<Vec<VariantResult>, StudyError> {
        self.evaluate_all_with(cancel, &|| {})
    }
}

/// What is wrong with a label, if anything: labels head table rows and chart legends, so they
/// must say something and fit on one line.
fn label_problem(label: &str) -> Option<String> {
    if label.trim().is_empty() {
        Some("empty; expected a human-readable name, or no label (the id is shown)".into())
    } else if label.contains(['\n', '\r']) {
        Some(format!("{label:?} has a line break; expected a label of one line"))
    } else {
        None
    }
}

/// Fills in each group's change against `baseline`.
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
/// use comity::study::set_change;
/// let today = study.evaluate(0)?;
/// let mut no_veto = study.evaluate(1)?;
/// set_change(&mut no_veto, &today);
/// // By hand: 5/15 without the veto against 5 * 421/2145 today.
/// let change = no_veto.groups[0].change_shapley_shubik.expect("measured");
/// assert!((change - (1.0 / 3.0 - 2105.0 / 2145.0)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn set_change(result: &mut VariantResult, baseline: &VariantResult) {
    for (group, base) in result.groups.iter_mut().zip(&baseline.groups) {
        group.change_banzhaf = Some(group.banzhaf - base.banzhaf);
        group.change_shapley_shubik = group.shapley_shubik.zip(base.shapley_shubik).map(|(a, b)| a - b);
    }
}
