//! Files of repeated public-goods institutions of real members: the body's members, tags and
//! groups from an institution file (`models/institutions/*.toml`), capacity and benefit from
//! its attributes and tags, behaviours assigned by group, tag, predicate or id, the good, an
//! optional sanction rule and the simulation settings, in TOML.
//!
//! ```toml
//! [institution]
//! name = "UN members, diffuse reciprocity"
//! source = "..."                  # where the numbers come from, with dates
//! body = "../institutions/unga.toml"       # members, tags and groups (relative to this file)
//! attributes_from = ["../institutions/imf.toml"]  # optional: more attributes, matched by id
//! exclude = ["CUB", "PRK"]        # optional: members of the body left out
//! capacity = "quota_sdr_millions" # the attribute that measures capacity to contribute
//! population = "population"       # optional: the attribute for the burden per head
//! groups = ["sids", "small_states"]  # optional: the body's groups to report (default: all)
//! noise = 0.01                    # optional: implementation noise
//!
//! [benefit]                       # optional: default equal benefit for every member
//! attribute = "population"        # optional: benefit weight from an attribute ...
//! exponent = 0.5                  # ... raised to this power (default 1)
//! tags = { SIDS = 2.0 }           # optional: multipliers for members with these tags
//!
//! [good]
//! technology = "summation"        # weighted_sum (with effectiveness = "ATTRIBUTE"),
//! cost = 100.0                    # threshold (with share), weakest_link, best_shot
//! multiplier = 2.0
//!
//! [sanctions]                     # optional: graduated sanctions for arrears
//! warning = 1
//! suspension = 2                  # UN Charter Art. 19: two years' contributions
//! exclusion = 5                   # optional
//! suspension_loss = 0.5
//!
//! [simulation]                    # optional; defaults 10000 rounds, 100 seeds, seed 1
//!
//! [[behaviours]]                  # in order; a later entry overrides an earlier one
//! kind = "diffuse"                # unconditional, free_rider, diffuse, specific, arrears
//! tolerance = 0.1                 # diffuse (memory optional, 0 = all); specific: threshold;
//!                                 # arrears: fall and recover
//! [[behaviours]]
//! kind = "arrears"
//! fall = 0.05
//! recover = 0.3
//! group = "sids"                  # at most one of group, tag, predicate, ids; none = all
//! ```
//!
//! Every member must end with a behaviour and every member kept needs the capacity attribute.

use super::SimulationOptions;
use super::real_members::{Behaviour, MemberBody, MemberGroup, RealGood, RealMember, Technology};
use super::sanctions::Sanctions;
use crate::model::{Institution, ModelError, ModelErrorKind, Predicate, line_at};
use crate::repeated::RepeatedError;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembersFile {
    institution: BodySection,
    #[serde(default)]
    benefit: BenefitSection,
    good: GoodSection,
    sanctions: Option<SanctionsSection>,
    simulation: Option<SimulationSection>,
    behaviours: Vec<BehaviourSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BodySection {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    date: String,
    body: String,
    #[serde(default)]
    attributes_from: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    capacity: String,
    population: Option<String>,
    groups: Option<Vec<String>>,
    #[serde(default)]
    noise: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BenefitSection {
    attribute: Option<String>,
    exponent: Option<f64>,
    #[serde(default)]
    tags: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoodSection {
    technology: String,
    cost: f64,
    multiplier: f64,
    share: Option<f64>,
    effectiveness: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SanctionsSection {
    warning: u64,
    suspension: u64,
    exclusion: Option<u64>,
    #[serde(default)]
    suspension_loss: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulationSection {
    rounds: Option<usize>,
    seeds: Option<usize>,
    seed: Option<u64>,
    confidence: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BehaviourSection {
    kind: String,
    tolerance: Option<f64>,
    memory: Option<usize>,
    threshold: Option<f64>,
    fall: Option<f64>,
    recover: Option<f64>,
    group: Option<String>,
    tag: Option<String>,
    predicate: Option<String>,
    ids: Option<Vec<String>>,
}

/// A body of real members as read from a file, ready to simulate.
///
/// ```
/// use comity::repeated::institution::MembersSpec;
/// let spec = MembersSpec::load("models/reciprocity/real_diffuse.toml")?;
/// assert_eq!(spec.body.members().len(), 189);
/// let sids = spec.body.groups().iter().find(|g| g.name == "sids").expect("reported");
/// assert_eq!(sids.members.len(), 36); // the 37 UN-member SIDS less Cuba (no IMF quota)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MembersSpec {
    /// The model's name.
    pub name: String,
    /// What it models.
    pub description: String,
    /// Where its numbers come from.
    pub source: String,
    /// When its numbers were taken.
    pub date: String,
    /// The members' names, in the body's order.
    pub names: Vec<String>,
    /// The body.
    pub body: MemberBody,
    /// Rounds, seeds, master seed and confidence level.
    pub simulation: SimulationOptions,
}

impl MembersSpec {
    /// Reads and validates a file; the files it names are read relative to its folder.
    ///
    /// ```
    /// use comity::repeated::institution::MembersSpec;
    /// let err = MembersSpec::load("models/reciprocity/none.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("models/reciprocity/none.toml: cannot read"), "{err}");
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ModelError {
            file: label.clone(),
            line: None,
            field: String::new(),
            kind: ModelErrorKind::Read { message: e.to_string() },
        })?;
        Self::from_toml(&text, &label, path.parent().unwrap_or(Path::new(".")))
    }

    /// Whether a TOML text is a file of this kind (it names a `body` in `[institution]`),
    /// rather than an anonymous-members institution ([`super::InstitutionSpec`]).
    ///
    /// ```
    /// use comity::repeated::institution::MembersSpec;
    /// let text = std::fs::read_to_string("models/reciprocity/real_diffuse.toml")?;
    /// assert!(MembersSpec::is_members_file(&text));
    /// let text = std::fs::read_to_string("models/reciprocity/growth_diffuse.toml")?;
    /// assert!(!MembersSpec::is_members_file(&text));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_members_file(text: &str) -> bool {
        text.parse::<toml::Table>()
            .ok()
            .and_then(|t| t.get("institution").and_then(|i| i.get("body")).map(|_| ()))
            .is_some()
    }

    /// Parses and validates TOML text; `label` names the file in errors and `dir` is the folder
    /// the files it names are relative to.
    ///
    /// ```
    /// use comity::repeated::institution::MembersSpec;
    /// use std::path::Path;
    /// let text = r#"
    /// [institution]
    /// name = "Security Council, everyone pays by population"
    /// body = "../institutions/unsc.toml"
    /// capacity = "population"
    /// [good]
    /// technology = "summation"
    /// cost = 100.0
    /// multiplier = 2.0
    /// [[behaviours]]
    /// kind = "unconditional"
    /// "#;
    /// let spec = MembersSpec::from_toml(text, "unsc.toml", Path::new("models/reciprocity"))?;
    /// assert_eq!(spec.body.members().len(), 15);
    /// // An unknown tag in a behaviour's selection is one clear error.
    /// let bad = format!("{text}tag = \"G77\"\n");
    /// let err = MembersSpec::from_toml(&bad, "unsc.toml", Path::new("models/reciprocity"));
    /// assert!(err.unwrap_err().to_string().contains("tag \"G77\" is carried by no member"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str, label: &str, dir: &Path) -> Result<Self, ModelError> {
        let error = |line: Option<usize>, field: &str, message: String| ModelError {
            file: label.to_string(),
            line,
            field: field.to_string(),
            kind: ModelErrorKind::Repeated(RepeatedError::Parameter { what: "file", message }),
        };
        let line_of = |needle: &str, index: usize| {
            text.match_indices(needle).nth(index).map(|(at, _)| line_at(text, at))
        };
        let file: MembersFile = toml::from_str(text).map_err(|e| ModelError {
            file: label.to_string(),
            line: e.span().map(|s| line_at(text, s.start)),
            field: String::new(),
            kind: ModelErrorKind::Syntax { message: e.message().trim().to_string() },
        })?;
        let head = line_of("[institution]", 0);
        let inst = &file.institution;
        let source = Institution::load(dir.join(&inst.body))?;
        // Attributes by id: the body's own, then those of the other files (which may not
        // override the body's).
        let mut extra: HashMap<String, BTreeMap<String, f64>> = HashMap::new();
        for other in &inst.attributes_from {
            let more = Institution::load(dir.join(other))?;
            for m in more.members() {
                extra
                    .entry(m.id.clone())
                    .or_default()
                    .extend(m.attributes.iter().map(|(k, v)| (k.clone(), *v)));
            }
        }
        for id in &inst.exclude {
            if source.member_index(id).is_none() {
                return Err(error(
                    head,
                    "institution.exclude",
                    format!("\"{id}\" is not a member of {}", inst.body),
                ));
            }
        }
        // Positions in the body kept, and the position of each in the model.
        let kept: Vec<usize> = (0..source.members().len())
            .filter(|&p| !inst.exclude.contains(&source.members()[p].id))
            .collect();
        let mut position = vec![None; source.members().len()];
        for (k, &p) in kept.iter().enumerate() {
            position[p] = Some(k);
        }
        let attribute = |p: usize, name: &str| -> Option<f64> {
            let m = &source.members()[p];
            m.attributes.get(name).copied().or_else(|| extra.get(&m.id).and_then(|a| a.get(name).copied()))
        };
        let known = |name: &str| kept.iter().any(|&p| attribute(p, name).is_some());
        let need = |p: usize, name: &str, field: &str| -> Result<f64, ModelError> {
            attribute(p, name).ok_or_else(|| {
                let id = &source.members()[p].id;
                let hint = if known(name) {
                    format!("member {id} has no attribute \"{name}\"; expected a value for every member kept (or list it in institution.exclude)")
                } else {
                    format!("no member has an attribute \"{name}\"; expected an attribute of {}", inst.body)
                };
                error(head, field, hint)
            })
        };
        let all_tags: Vec<&str> =
            kept.iter().flat_map(|&p| source.members()[p].tags.iter().map(String::as_str)).collect();

        // Benefit weights.
        let benefit_line = line_of("[benefit]", 0);
        let exponent = file.benefit.exponent.unwrap_or(1.0);
        if !(exponent.is_finite() && exponent >= 0.0) {
            return Err(error(
                benefit_line,
                "benefit.exponent",
                format!("{exponent}; expected a finite number >= 0"),
            ));
        }
        if file.benefit.exponent.is_some() && file.benefit.attribute.is_none() {
            return Err(error(
                benefit_line,
                "benefit.exponent",
                "exponent needs benefit.attribute (the value it raises); expected an attribute or no exponent"
                    .to_string(),
            ));
        }
        for (tag, &w) in &file.benefit.tags {
            if !all_tags.contains(&tag.as_str()) {
                return Err(error(
                    benefit_line,
                    "benefit.tags",
                    format!("tag \"{tag}\" is carried by no member"),
                ));
            }
            if !(w.is_finite() && w >= 0.0) {
                return Err(error(
                    benefit_line,
                    "benefit.tags",
                    format!("{tag} = {w}; expected a finite number >= 0"),
                ));
            }
        }
        let good_line = line_of("[good]", 0);
        let g = &file.good;
        let technology = match (g.technology.as_str(), g.share, g.effectiveness.is_some()) {
            ("summation", None, false) => Technology::Summation,
            ("weighted_sum", None, true) => Technology::WeightedSum,
            ("threshold", Some(share), false) => Technology::Threshold { share },
            ("weakest_link", None, false) => Technology::WeakestLink,
            ("best_shot", None, false) => Technology::BestShot,
            (other, ..) => {
                return Err(error(
                    good_line,
                    "good.technology",
                    format!(
                        "\"{other}\" with these fields; expected summation, weighted_sum (with effectiveness = \"ATTRIBUTE\"), threshold (with share), weakest_link or best_shot"
                    ),
                ));
            }
        };
        let repeated = |line: Option<usize>, field: &str| {
            let field = field.to_string();
            move |e: RepeatedError| ModelError {
                file: label.to_string(),
                line,
                field: field.clone(),
                kind: ModelErrorKind::Repeated(e),
            }
        };
        let good = RealGood::new(technology, g.cost, g.multiplier).map_err(repeated(good_line, "good"))?;

        // Behaviours, in order, each over its selection.
        let mut behaviour: Vec<Option<Behaviour>> = vec![None; kept.len()];
        for (k, b) in file.behaviours.iter().enumerate() {
            let field = format!("behaviours[{k}]");
            let line = line_of("[[behaviours]]", k);
            let fail = |message: String| error(line, &field, message);
            let given = [
                ("tolerance", b.tolerance.is_some()),
                ("memory", b.memory.is_some()),
                ("threshold", b.threshold.is_some()),
                ("fall", b.fall.is_some()),
                ("recover", b.recover.is_some()),
            ];
            let allowed: &[&str] = match b.kind.as_str() {
                "unconditional" | "free_rider" => &[],
                "diffuse" => &["tolerance", "memory"],
                "specific" => &["threshold"],
                "arrears" => &["fall", "recover"],
                other => {
                    return Err(fail(format!(
                        "kind \"{other}\"; expected unconditional, free_rider, diffuse, specific or arrears"
                    )));
                }
            };
            if let Some((name, _)) = given.iter().find(|(name, set)| *set && !allowed.contains(name)) {
                return Err(fail(format!("{name} does not apply to kind \"{}\"", b.kind)));
            }
            let required = |name: &str, x: Option<f64>| {
                x.ok_or_else(|| fail(format!("kind \"{}\" needs {name}", b.kind)))
            };
            let chosen = match b.kind.as_str() {
                "unconditional" => Behaviour::Unconditional,
                "free_rider" => Behaviour::FreeRider,
                "diffuse" => Behaviour::Diffuse {
                    tolerance: required("tolerance", b.tolerance)?,
                    memory: b.memory.unwrap_or(0),
                },
                "specific" => Behaviour::Specific { threshold: required("threshold", b.threshold)? },
                _ => Behaviour::Arrears {
                    fall: required("fall", b.fall)?,
                    recover: required("recover", b.recover)?,
                },
            };
            chosen.validate().map_err(repeated(line, &field))?;
            let selectors = [b.group.is_some(), b.tag.is_some(), b.predicate.is_some(), b.ids.is_some()];
            if selectors.iter().filter(|&&s| s).count() > 1 {
                return Err(fail("more than one of group, tag, predicate, ids; expected at most one".into()));
            }
            let selected: Vec<usize> = if let Some(name) = &b.group {
                let members = source.group(name).ok_or_else(|| {
                    let names: Vec<&str> = source.groups().iter().map(|g| g.name.as_str()).collect();
                    fail(format!("unknown group \"{name}\"; expected one of {}", names.join(", ")))
                })?;
                members.iter().filter_map(|&p| position[p]).collect()
            } else if let Some(tag) = &b.tag {
                if !all_tags.contains(&tag.as_str()) {
                    return Err(fail(format!("tag \"{tag}\" is carried by no member")));
                }
                (0..kept.len()).filter(|&k| source.members()[kept[k]].tags.contains(tag)).collect()
            } else if let Some(text) = &b.predicate {
                let predicate = Predicate::parse(text).ok_or_else(|| {
                    fail(format!(
                        "predicate \"{text}\"; expected ATTRIBUTE OP NUMBER, such as population < 10e6"
                    ))
                })?;
                let mut chosen = Vec::new();
                for (k, &p) in kept.iter().enumerate() {
                    if predicate.holds(need(p, &predicate.attribute, &field)?) {
                        chosen.push(k);
                    }
                }
                chosen
            } else if let Some(ids) = &b.ids {
                let mut chosen = Vec::new();
                for id in ids {
                    let p = source.member_index(id).and_then(|p| position[p]);
                    chosen.push(p.ok_or_else(|| fail(format!("\"{id}\" is not a member of the body kept")))?);
                }
                chosen
            } else {
                (0..kept.len()).collect()
            };
            for k in selected {
                behaviour[k] = Some(chosen);
            }
        }
        let mut members = Vec::with_capacity(kept.len());
        for (k, &p) in kept.iter().enumerate() {
            let m = &source.members()[p];
            let chosen = behaviour[k].ok_or_else(|| {
                error(
                    line_of("[[behaviours]]", 0).or(head),
                    "behaviours",
                    format!("member {} has no behaviour; expected every member covered (an entry without a selection covers all)", m.id),
                )
            })?;
            let capacity = need(p, &inst.capacity, "institution.capacity")?;
            let base = match &file.benefit.attribute {
                Some(name) => need(p, name, "benefit.attribute")?,
                None => 1.0,
            };
            let weight = m.tags.iter().filter_map(|t| file.benefit.tags.get(t)).product::<f64>();
            let mut member =
                RealMember::new(m.id.clone(), capacity, base.max(0.0).powf(exponent) * weight, chosen);
            if base < 0.0 {
                return Err(error(
                    benefit_line,
                    "benefit.attribute",
                    format!("member {} has {base}; expected a number >= 0", m.id),
                ));
            }
            if let Some(name) = &inst.population {
                member = member.with_population(need(p, name, "institution.population")?);
            }
            if let Some(name) = &g.effectiveness {
                member = member.with_effectiveness(need(p, name, "good.effectiveness")?);
            }
            members.push(member);
        }
        let groups = match &inst.groups {
            Some(names) => names
                .iter()
                .map(|name| {
                    source.group(name).map(|ps| (name.clone(), ps.to_vec())).ok_or_else(|| {
                        error(
                            head,
                            "institution.groups",
                            format!("unknown group \"{name}\" in {}", inst.body),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
            None => source.groups().iter().map(|g| (g.name.clone(), g.members.clone())).collect(),
        };
        let groups = groups
            .into_iter()
            .map(|(name, ps)| MemberGroup { name, members: ps.iter().filter_map(|&p| position[p]).collect() })
            .collect();
        let sanctions = match &file.sanctions {
            Some(s) => Some(
                Sanctions::new(s.warning, s.suspension, s.exclusion, s.suspension_loss)
                    .map_err(repeated(line_of("[sanctions]", 0), "sanctions"))?,
            ),
            None => None,
        };
        let names = kept.iter().map(|&p| source.members()[p].name.clone()).collect();
        let body = MemberBody::new(members, groups, good, sanctions, inst.noise)
            .map_err(repeated(head, "institution"))?;
        let s = file.simulation.as_ref();
        let simulation = SimulationOptions::new(
            s.and_then(|s| s.rounds).unwrap_or(10_000),
            s.and_then(|s| s.seeds).unwrap_or(100),
            s.and_then(|s| s.seed).unwrap_or(1),
            s.and_then(|s| s.confidence).unwrap_or(0.95),
        );
        // The simulation settings are checked now rather than when a run starts.
        let sim_line = line_of("[simulation]", 0);
        if simulation.rounds == 0 || simulation.seeds == 0 {
            return Err(error(
                sim_line,
                "simulation",
                format!(
                    "{} rounds, {} seeds; expected a horizon of at least one round and at least one seed",
                    simulation.rounds, simulation.seeds
                ),
            ));
        }
        if !(simulation.confidence > 0.0 && simulation.confidence < 1.0) {
            return Err(error(
                sim_line,
                "simulation.confidence",
                format!("{}; expected a level in (0, 1)", simulation.confidence),
            ));
        }
        Ok(MembersSpec {
            name: inst.name.clone(),
            description: inst.description.clone(),
            source: inst.source.clone(),
            date: inst.date.clone(),
            names,
            body,
            simulation,
        })
    }
}
