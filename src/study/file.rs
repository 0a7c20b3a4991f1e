//! Study files as written: the institutions compared, the rule variants, the groups of
//! interest, the measures, and parameter sweeps that expand into many variants.
//!
//! A sweep is a variant written as a template whose string values `"$name"` stand for the
//! values of an axis; the sweep expands into the Cartesian product of its axes, in the order
//! the axes are written (the last axis varies fastest), so a sweep's expansion is
//! deterministic and a variant's index names it across runs, shards and resumes.

use crate::model::{GroupEntry, MemberEntry};
use crate::rules::Rule;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A study file as written.
///
/// ```
/// use comity::study::{RuleRef, StudyFile};
/// let file: StudyFile = toml::from_str(r#"
///     institutions = { unsc = "../institutions/unsc.toml" }
///     variants = [
///         { name = "today", institution = "unsc", rule = "substantive" },
///         { name = "no_veto", institution = "unsc", rule = { count = { at_least = 9 } } },
///     ]
///     [study]
///     id = "veto"
///     title = "The veto"
///     question = "What does the veto give the permanent members?"
///     source = "UN Charter, Art. 27(3)"
///     date = "2026-11-30"
/// "#)?;
/// assert_eq!(file.institutions["unsc"], "../institutions/unsc.toml");
/// assert!(matches!(file.variants[1].rule, RuleRef::Inline(_)));
/// assert!(file.groups.is_empty() && file.reciprocity.is_none()); // optional sections
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// What the study asks and where it comes from.
    pub study: StudyInfo,
    /// Institution files by the name variants use, with paths relative to the study file.
    #[serde(default)]
    pub institutions: BTreeMap<String, String>,
    /// The groups of interest, evaluated in every variant.
    #[serde(default)]
    pub groups: Vec<StudyGroup>,
    /// Baron-Ferejohn settings (used when `baron_ferejohn` is among the measures).
    #[serde(default)]
    pub baron_ferejohn: Option<BaronFerejohnSettings>,
    /// One-dimensional spatial settings (used when `spatial` is among the measures).
    #[serde(default)]
    pub spatial: Option<SpatialSettings>,
    /// A deadline of some rounds (used when `deadline` is among the measures).
    #[serde(default)]
    pub deadline: Option<DeadlineSettings>,
    /// The chair's partner in the pen (used when `co_facilitators` is among the measures).
    #[serde(default)]
    pub co_facilitators: Option<CoFacilitatorSettings>,
    /// Candidate blocs (used when `pooling` is among the measures).
    #[serde(default)]
    pub pooling: Option<PoolingSettings>,
    /// A seats model and the members to report (used when `seats` is among the measures).
    #[serde(default)]
    pub seats: Option<SeatsSettings>,
    /// The rule variants, in order.
    #[serde(default)]
    pub variants: Vec<VariantSpec>,
    /// Parameter sweeps, expanded after the variants.
    #[serde(default)]
    pub sweeps: Vec<SweepSpec>,
    /// A reciprocity study (repeated public-goods institutions as membership grows) instead
    /// of rule variants.
    #[serde(default)]
    pub reciprocity: Option<ReciprocitySpec>,
    /// A growth study (a body's membership over time, see [`super::growth`]) instead of rule
    /// variants.
    #[serde(default)]
    pub growth: Option<super::growth::GrowthSpec>,
}

/// The study's description.
///
/// ```
/// use comity::study::{Measure, StudyInfo};
/// let info: StudyInfo = toml::from_str(r#"
///     id = "veto"
///     title = "The veto"
///     question = "What does the veto give the permanent members?"
///     source = "UN Charter, Art. 27(3)"
///     date = "2026-11-30"
///     measures = ["shapley_shubik", "efficacy"]
/// "#)?;
/// assert_eq!(info.measures, Some(vec![Measure::ShapleyShubik, Measure::Efficacy]));
/// assert_eq!(info.baseline, None); // optional: no change is measured then
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyInfo {
    /// A short identifier (used for output file names).
    pub id: String,
    /// A title.
    pub title: String,
    /// The question the study answers.
    pub question: String,
    /// Where the variants come from, and the date the description holds for.
    pub source: String,
    /// The date of the study (ISO 8601).
    pub date: String,
    /// The variant every change is measured against.
    #[serde(default)]
    pub baseline: Option<String>,
    /// The group whose voice the headline reports (usually the small states).
    #[serde(default)]
    pub headline_group: Option<String>,
    /// The measures to compute (see [`Measure`]); all power measures when absent.
    #[serde(default)]
    pub measures: Option<Vec<Measure>>,
    /// Anything a reader should know.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A measure a study can report for each variant.
///
/// ```
/// use comity::study::Measure;
/// // Written in snake case in a study file's `measures`.
/// assert_eq!(serde_json::from_str::<Measure>(r#""baron_ferejohn""#)?, Measure::BaronFerejohn);
/// assert_eq!(serde_json::to_string(&Measure::ShapleyShubik)?, r#""shapley_shubik""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Every member's and group's Shapley-Shubik share.
    ShapleyShubik,
    /// Every member's and group's normalised Banzhaf share (always computed: groups need it).
    Banzhaf,
    /// Power per head relative to Penrose's square-root ideal (needs `population`).
    Penrose,
    /// The Gini coefficient of the members' shares.
    Gini,
    /// Coleman's power of the body to act.
    Efficacy,
    /// Baron-Ferejohn expected shares with equal recognition and with the chair.
    BaronFerejohn,
    /// The distance from the status quo of the one-dimensional spatial outcome.
    Spatial,
    /// Baron-Ferejohn shares when nothing is agreed after `[deadline] rounds` rounds.
    Deadline,
    /// Baron-Ferejohn shares when the chair shares the pen with `[co_facilitators] partner`.
    CoFacilitators,
    /// Status-quo bargaining on the `[spatial]` line: how far the chair moves policy.
    StatusQuo,
    /// Each `[pooling]` bloc's power alone, through the bloc and as an a priori union.
    Pooling,
    /// What a seat is worth over time: each `[seats]` member's long-run probability of
    /// sitting, power while sitting and expected power (O'Neill 1996), today and under the
    /// seats file's reform allocations.
    Seats,
    /// Baron-Ferejohn bargaining under the open rule (amendments allowed) for a symmetric
    /// majority body, against the closed rule.
    OpenRule,
}

impl Measure {
    /// Every power measure, in report order.
    ///
    /// ```
    /// use comity::study::Measure;
    /// assert_eq!(Measure::ALL.len(), 13);
    /// assert_eq!(Measure::ALL[0], Measure::ShapleyShubik);
    /// // Report order is declaration order, so sorting changes nothing.
    /// assert!(Measure::ALL.windows(2).all(|pair| pair[0] < pair[1]));
    /// ```
    pub const ALL: [Measure; 13] = [
        Measure::ShapleyShubik,
        Measure::Banzhaf,
        Measure::Penrose,
        Measure::Gini,
        Measure::Efficacy,
        Measure::BaronFerejohn,
        Measure::Spatial,
        Measure::Deadline,
        Measure::CoFacilitators,
        Measure::StatusQuo,
        Measure::Pooling,
        Measure::Seats,
        Measure::OpenRule,
    ];
}

/// A group of interest: exactly one of `group` (a group of the institution file), `tag`,
/// `ids` or `predicate`.
///
/// A predicate such as `population < 10e6` counts only members that carry the attribute, so a
/// placeholder seat without a population (an unnamed new seat) is in no predicate group.
///
/// ```
/// use comity::study::StudyGroup;
/// let group: StudyGroup = toml::from_str(r#"
///     name = "small"
///     label = "Small states"
///     predicate = "population < 10e6"
/// "#)?;
/// assert_eq!(group.display_label(), "Small states");
/// assert_eq!((group.tag, group.ids), (None, None)); // exactly one definition
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyGroup {
    /// The group's name in the output.
    pub name: String,
    /// A human-readable name for tables and charts ("Small states"); [`StudyGroup::name`]
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A group defined in each variant's institution file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Members carrying this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Members by id (each must be a member of some variant; ids absent from a variant are not
    /// counted there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
    /// Members whose attribute satisfies a comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

impl StudyGroup {
    /// The name tables and charts show: the label, else the name.
    ///
    /// ```
    /// use comity::study::StudyGroup;
    /// let mut group = StudyGroup { name: "small_states".into(), ..Default::default() };
    /// assert_eq!(group.display_label(), "small_states");
    /// group.label = Some("Small states".into());
    /// assert_eq!(group.display_label(), "Small states");
    /// ```
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    /// The group as an institution-file group entry (for `tag`, `ids`, `predicate`).
    ///
    /// ```
    /// use comity::study::StudyGroup;
    /// let group = StudyGroup {
    ///     name: "permanent".into(),
    ///     label: Some("Permanent members".into()),
    ///     tag: Some("P5".into()),
    ///     ..Default::default()
    /// };
    /// let entry = group.entry(); // the label stays with the study
    /// assert_eq!((entry.name.as_str(), entry.tag.as_deref()), ("permanent", Some("P5")));
    /// ```
    pub fn entry(&self) -> GroupEntry {
        GroupEntry {
            name: self.name.clone(),
            tag: self.tag.clone(),
            ids: self.ids.clone(),
            predicate: self.predicate.clone(),
        }
    }
}

/// How Baron-Ferejohn bargaining is set up in every variant.
///
/// ```
/// use comity::study::BaronFerejohnSettings;
/// let settings: BaronFerejohnSettings = toml::from_str(r#"
///     delta = 0.9
///     chair = "USA"
///     chair_probability = 0.5
/// "#)?;
/// assert_eq!(settings.chair.as_deref(), Some("USA"));
/// assert_eq!((settings.delta, settings.chair_probability), (0.9, 0.5));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaronFerejohnSettings {
    /// The common discount factor, in (0, 1].
    pub delta: f64,
    /// The chair (a member id), recognised with `chair_probability`; variants may override it.
    #[serde(default)]
    pub chair: Option<String>,
    /// The chair's probability of being recognised; the others share the rest equally.
    pub chair_probability: f64,
}

/// How the one-dimensional spatial outcome is set up in every variant.
///
/// ```
/// use comity::study::SpatialSettings;
/// let settings: SpatialSettings = toml::from_str(r#"
///     ideal = "ideal_point"
///     status_quo = 0.0
/// "#)?;
/// assert_eq!(settings.ideal, "ideal_point");
/// assert_eq!(settings.setter, None); // the variant's chair sets the agenda
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpatialSettings {
    /// The attribute holding each member's ideal point.
    pub ideal: String,
    /// The status quo.
    pub status_quo: f64,
    /// The agenda setter (a member id); the variant's chair when absent.
    #[serde(default)]
    pub setter: Option<String>,
}

/// A deadline: after `rounds` rounds without agreement nothing is agreed (Baron & Ferejohn
/// 1989, the finite session). The discount factor and the chair are `[baron_ferejohn]`'s.
///
/// ```
/// use comity::study::DeadlineSettings;
/// let settings: DeadlineSettings = toml::from_str("rounds = 3")?;
/// assert_eq!(settings.rounds, 3);
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSettings {
    /// Rounds before nothing is agreed (1 to [`crate::study::MAX_DEADLINE_ROUNDS`]).
    pub rounds: usize,
}

/// Co-facilitators: the chair shares its recognition probability (`[baron_ferejohn]
/// chair_probability`) with a partner.
///
/// ```
/// use comity::study::CoFacilitatorSettings;
/// let settings: CoFacilitatorSettings = toml::from_str(r#"partner = "IRL""#)?;
/// assert_eq!((settings.partner.as_str(), settings.share), ("IRL", 0.5)); // an equal split by default
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoFacilitatorSettings {
    /// The partner (a member id).
    pub partner: String,
    /// The chair's part of the shared probability, in [0, 1]; the partner has the rest.
    #[serde(default = "half")]
    pub share: f64,
}

fn half() -> f64 {
    0.5
}

/// The seats measure's settings: a seats model (`models/seats/*.toml`, see
/// [`crate::seats::SeatsModel`]) and the members whose seat the study reports.
///
/// ```
/// use comity::study::SeatsSettings;
/// let settings: SeatsSettings = toml::from_str(r#"
///     file = "../seats/unsc.toml"
///     members = ["LVA", "FJI"]
/// "#)?;
/// assert_eq!(settings.members.as_deref(), Some(&["LVA".to_string(), "FJI".to_string()][..]));
/// assert_eq!(settings.today, None); // today's allocation goes to the study's baseline
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatsSettings {
    /// The seats model file, relative to the study file.
    pub file: String,
    /// The members to report (ids of the seats file's `seats.members`); every member when
    /// absent.
    #[serde(default)]
    pub members: Option<Vec<String>>,
    /// The variant that gets today's allocation; the study's baseline when absent. A variant
    /// named like one of the seats file's reforms gets that reform's allocation.
    #[serde(default)]
    pub today: Option<String>,
}

/// Candidate blocs for the pooling measure.
///
/// ```
/// use comity::study::PoolingSettings;
/// let settings: PoolingSettings = toml::from_str(r#"
///     blocs = [{ group = "aosis" }, { group = "other_small", internal_quota = 10 }]
/// "#)?;
/// assert_eq!(settings.blocs[0].internal_quota, None); // a simple majority of the bloc
/// assert_eq!(settings.blocs[1].internal_quota, Some(10));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolingSettings {
    /// The blocs: study groups that do not overlap.
    pub blocs: Vec<PoolingBloc>,
}

/// One candidate bloc: a study group and the number of its members it needs to vote yes.
///
/// ```
/// use comity::study::PoolingBloc;
/// let bloc: PoolingBloc = toml::from_str(r#"group = "aosis""#)?;
/// assert_eq!((bloc.group.as_str(), bloc.internal_quota), ("aosis", None));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolingBloc {
    /// A study group's name.
    pub group: String,
    /// Members the bloc needs to vote yes; more than half of its members when absent.
    #[serde(default)]
    pub internal_quota: Option<usize>,
}

/// One rule variant as written.
///
/// ```
/// use comity::study::{RuleRef, VariantSpec};
/// let variant: VariantSpec = toml::from_str(r#"
///     name = "without_france"
///     institution = "unsc"
///     rule = "substantive"
///     remove_members = ["FRA"]
/// "#)?;
/// assert_eq!(variant.rule, RuleRef::Named("substantive".into()));
/// assert_eq!(variant.remove_members, ["FRA"]);
/// assert!(variant.add_members.is_empty() && variant.chair.is_none());
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSpec {
    /// A unique name.
    pub name: String,
    /// A human-readable name for tables and charts ("G4 draft, 2005"); [`VariantSpec::name`]
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What the variant is.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the variant comes from (a draft resolution, an article, "counterfactual").
    #[serde(default)]
    pub source: Option<String>,
    /// The institution (a key of `[institutions]`).
    pub institution: String,
    /// The rule: a rule name of the institution file, or a rule in the rule language
    /// (absent for a like-minded coalition, whose rule is its internal rule).
    #[serde(default)]
    pub rule: RuleRef,
    /// Members removed, by id (also dropped from the file's id-list groups).
    #[serde(default)]
    pub remove_members: Vec<String>,
    /// Members added, written as in an institution file.
    #[serde(default)]
    pub add_members: Vec<MemberEntry>,
    /// Numbered placeholder seats added (unnamed new seats).
    #[serde(default)]
    pub add_seats: Vec<SeatSpec>,
    /// Tags added to members, by member id.
    #[serde(default)]
    pub add_tags: BTreeMap<String, Vec<String>>,
    /// Tags removed from members, by member id.
    #[serde(default)]
    pub remove_tags: BTreeMap<String, Vec<String>>,
    /// Attribute values set on members, by member id.
    #[serde(default)]
    pub set_attributes: BTreeMap<String, BTreeMap<String, f64>>,
    /// Attribute values set on every member of a group (for modelling assumptions such as
    /// ideal points), applied in order after the other edits.
    #[serde(default)]
    pub set_group_attributes: Vec<GroupAttribute>,
    /// Votes recomputed from quotas and basic votes.
    #[serde(default)]
    pub derive_votes: Option<VoteFormula>,
    /// The chair (a member id), overriding the study's Baron-Ferejohn chair.
    #[serde(default)]
    pub chair: Option<String>,
    /// A like-minded coalition: a decision that binds only its participants, outsiders keeping
    /// the status quo (the variant's kind; then no `rule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_minded: Option<LikeMindedSpec>,
}

/// A like-minded coalition (the High Ambition Coalition, a WTO plurilateral, the Ottawa
/// process): its participants agree among themselves by an internal rule, and the decision
/// binds them only; outsiders keep the study's `[spatial]` status quo. The participants are
/// a study group, member ids, or chosen by the model (`stable = true`: the largest stable
/// coalition the agenda setter leads, each member joining if its distance to the coalition's
/// policy plus `cost` beats staying at the status quo; see
/// [`crate::bargaining::stable_like_minded_1d`]).
///
/// ```
/// use comity::study::VariantSpec;
/// let variant: VariantSpec = toml::from_str(r#"
///     name = "high_ambition"
///     institution = "un"
///     like_minded = { group = "aosis", internal_quota = 30 }
/// "#)?;
/// let coalition = variant.like_minded.expect("a like-minded variant");
/// assert_eq!((coalition.group.as_deref(), coalition.internal_quota), (Some("aosis"), Some(30)));
/// // Chosen by the model: consensus among participants unless internal_share is given.
/// let chosen: VariantSpec = toml::from_str(r#"
///     name = "stable"
///     institution = "un"
///     like_minded = { stable = true, cost = 0.05 }
/// "#)?;
/// let chosen = chosen.like_minded.expect("a like-minded variant");
/// assert_eq!((chosen.stable, chosen.cost, chosen.internal_share), (true, 0.05, None));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LikeMindedSpec {
    /// The participants: a study group's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Or the participants' member ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
    /// Or participants chosen by the model: the largest stable coalition.
    #[serde(default)]
    pub stable: bool,
    /// With `group` or `ids`: participants needed to agree (all of them when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_quota: Option<usize>,
    /// With `stable`: the share of participants needed to agree, in (0, 1] (1 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_share: Option<f64>,
    /// With `stable`: the cost of participating, in units of the policy line (0 when absent).
    #[serde(default)]
    pub cost: f64,
}

impl VariantSpec {
    /// The name tables and charts show: the label, else the name.
    ///
    /// ```
    /// use comity::study::VariantSpec;
    /// let mut variant = VariantSpec { name: "G4_2005".into(), ..Default::default() };
    /// assert_eq!(variant.display_label(), "G4_2005");
    /// variant.label = Some("G4 draft (2005)".into());
    /// assert_eq!(variant.display_label(), "G4 draft (2005)");
    /// ```
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// A rule: a name in the institution file, or written out.
///
/// ```
/// use comity::study::{RuleRef, VariantSpec};
/// let rule = |text: &str| -> Result<RuleRef, toml::de::Error> {
///     let v: VariantSpec = toml::from_str(&format!("name = \"v\"\ninstitution = \"unsc\"\nrule = {text}"))?;
///     Ok(v.rule)
/// };
/// assert_eq!(rule(r#""substantive""#)?, RuleRef::Named("substantive".into()));
/// assert!(matches!(rule("{ count = { at_least = 9 } }")?, RuleRef::Inline(_)));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RuleRef {
    /// A rule name of the institution file.
    Named(String),
    /// A rule in the rule language.
    Inline(Rule),
}

impl Default for RuleRef {
    fn default() -> Self {
        RuleRef::Named(String::new())
    }
}

/// `count` placeholder seats with ids `{id}1`, `{id}2`, ... and the given tags.
///
/// ```
/// use comity::study::SeatSpec;
/// // Two new elected seats: ids NEW1 and NEW2.
/// let seats: SeatSpec = toml::from_str(r#"
///     count = 2
///     id = "NEW"
///     name = "New seat"
///     tags = ["elected"]
/// "#)?;
/// assert_eq!((seats.count, seats.id.as_str()), (2, "NEW"));
/// assert!(seats.attributes.is_empty());
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatSpec {
    /// How many seats.
    pub count: usize,
    /// The id prefix.
    pub id: String,
    /// The name prefix.
    pub name: String,
    /// Tags of every seat.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Attributes of every seat.
    #[serde(default)]
    pub attributes: BTreeMap<String, f64>,
}

/// An attribute value set on every member of a group.
///
/// ```
/// // Written in a variant's `set_group_attributes`.
/// use comity::study::VariantSpec;
/// let variant: VariantSpec = toml::from_str(r#"
///     name = "aligned"
///     institution = "unsc"
///     rule = "substantive"
///     set_group_attributes = [{ group = "permanent", attribute = "ideal_point", value = 1.0 }]
/// "#)?;
/// let set = &variant.set_group_attributes[0];
/// assert_eq!((set.group.as_str(), set.attribute.as_str(), set.value), ("permanent", "ideal_point", 1.0));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupAttribute {
    /// A study group's name, or `all`.
    pub group: String,
    /// The attribute.
    pub attribute: String,
    /// The value.
    pub value: f64,
}

/// Votes as basic votes plus votes in proportion to quota, as in the IMF's Articles of
/// Agreement (Art. XII, Sec. 5(a)): each member has its basic votes plus one vote for each part
/// of its quota equal to `quota_unit`.
///
/// The quota attribute is first multiplied by `quota_factor` (an equiproportional quota
/// increase). Basic votes are either a fixed number per member (`basic_votes`) or the number
/// that makes all basic votes together `basic_share` of the total votes, as the Articles
/// have required since the 2008 voice reform (5.502 per cent).
///
/// ```
/// use comity::study::VoteFormula;
/// // The IMF's formula: one vote per SDR 100,000 of quota, basic votes 5.502% of the total.
/// let formula: VoteFormula = toml::from_str(r#"
///     attribute = "votes"
///     quota = "quota_sdr_millions"
///     votes_per_quota_unit = 10.0
///     basic_share = 0.05502
/// "#)?;
/// assert_eq!(formula.quota_factor, 1.0); // today's quotas when not written
/// assert_eq!(formula.basic_votes, None);
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteFormula {
    /// The attribute written (`votes`).
    pub attribute: String,
    /// The quota attribute read (`quota_sdr_millions`).
    pub quota: String,
    /// Votes for each unit of the quota attribute (10 for quotas in millions of SDR: one vote
    /// per SDR 100,000).
    pub votes_per_quota_unit: f64,
    /// The factor quotas are multiplied by (1 for today's quotas).
    #[serde(default = "one")]
    pub quota_factor: f64,
    /// Basic votes per member.
    #[serde(default)]
    pub basic_votes: Option<f64>,
    /// All basic votes as a share of total votes.
    #[serde(default)]
    pub basic_share: Option<f64>,
}

fn one() -> f64 {
    1.0
}

/// A parameter sweep: a variant template and its axes.
///
/// ```
/// use comity::study::SweepSpec;
/// let sweep: SweepSpec = toml::from_str(r#"
///     name = "quota"
///     template = { institution = "unsc", rule = { count = { at_least = "$q" } } }
///     axes = { q = [8, 9, 10] }
/// "#)?;
/// // Expands into three variants, quota[q=8], quota[q=9] and quota[q=10].
/// assert_eq!(sweep.axes["q"].as_array().map(Vec::len), Some(3));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSpec {
    /// The prefix of the generated variant names (`name[axis=value,...]`).
    pub name: String,
    /// A variant whose string values `"$axis"` are replaced by each axis value.
    pub template: toml::Table,
    /// The axes, in order: each a list of values or a numeric range.
    pub axes: toml::Table,
}

/// A reciprocity study: each model file evaluated at each membership size.
///
/// ```
/// use comity::study::ReciprocitySpec;
/// let spec: ReciprocitySpec = toml::from_str(r#"
///     models = ["growth_diffuse.toml", "growth_specific.toml"]
///     members = [5, 10, 193]
///     rounds = 2000
///     seeds = 20
/// "#)?;
/// // Each model at each size: 2 x 3 simulated settings, 20 histories each.
/// assert_eq!(spec.models.len() * spec.members.len(), 6);
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReciprocitySpec {
    /// Repeated-institution model files (`comity reciprocity institution` format), relative
    /// to the study file.
    pub models: Vec<String>,
    /// The membership sizes.
    pub members: Vec<usize>,
    /// Rounds per simulated history (overrides the model files).
    pub rounds: usize,
    /// Independent histories per size (overrides the model files).
    pub seeds: usize,
}
