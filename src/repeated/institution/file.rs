//! Institution files for the repeated public-goods model: the member types as shares of the
//! membership, the good, the rule and the simulation settings, in TOML.
//!
//! ```toml
//! [institution]
//! name = "Inclusive body"
//! description = "..."      # optional: what the model stands for
//! source = "..."           # optional: where its numbers come from, with dates
//! members = 193            # n
//! rule = "consensus"       # or "majority"
//! noise = 0.01             # implementation noise e
//! partners = 4             # degree of the partner network (even), or n - 1 for everyone
//! collapse_below = 0.5     # contribution level that counts as collapse
//!
//! [good]
//! kind = "linear"          # or "threshold" with share, benefit, cost
//! multiplier = 3.0
//! cost = 1.0
//!
//! [simulation]             # optional; these are the defaults
//! rounds = 10000
//! seeds = 100
//! seed = 1
//! confidence = 0.95
//!
//! [[types]]
//! kind = "diffuse"         # substantive, superficial, obstructive, specific, diffuse, indirect
//! share = 0.7
//! memory = 5               # diffuse: rounds averaged
//! threshold = 0.6          # diffuse: contribution level required
//!
//! [[types]]
//! kind = "superficial"
//! share = 0.3
//! ```
//!
//! Obstructive types take `block` (probability of blocking a round) and indirect ones
//! `standing` (the image score required, default 0). Shares must sum to 1; members are
//! apportioned by largest remainders.

use super::{DecisionRule, MemberType, PublicGood, RepeatedInstitution, SimulationOptions, apportion};
use crate::model::{ModelError, ModelErrorKind, line_at};
use crate::repeated::RepeatedError;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    institution: InstitutionSection,
    good: GoodSection,
    #[serde(default)]
    simulation: SimulationSection,
    types: Vec<TypeSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionSection {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    source: String,
    members: usize,
    rule: String,
    #[serde(default)]
    noise: f64,
    #[serde(default = "default_partners")]
    partners: usize,
    #[serde(default = "default_collapse")]
    collapse_below: f64,
}

fn default_partners() -> usize {
    4
}

fn default_collapse() -> f64 {
    0.5
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoodSection {
    kind: String,
    multiplier: Option<f64>,
    share: Option<f64>,
    benefit: Option<f64>,
    cost: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulationSection {
    #[serde(default = "default_rounds")]
    rounds: usize,
    #[serde(default = "default_seeds")]
    seeds: usize,
    #[serde(default = "default_seed")]
    seed: u64,
    #[serde(default = "default_confidence")]
    confidence: f64,
}

fn default_rounds() -> usize {
    10_000
}

fn default_seeds() -> usize {
    100
}

fn default_seed() -> u64 {
    1
}

fn default_confidence() -> f64 {
    0.95
}

impl Default for SimulationSection {
    fn default() -> Self {
        SimulationSection {
            rounds: default_rounds(),
            seeds: default_seeds(),
            seed: default_seed(),
            confidence: default_confidence(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeSection {
    kind: String,
    share: f64,
    block: Option<f64>,
    memory: Option<usize>,
    threshold: Option<f64>,
    standing: Option<i32>,
}

/// A repeated institution as written in a file: types as shares of a membership whose size,
/// noise and share of superficial members can be varied in sweeps.
///
/// ```
/// use comity::repeated::institution::{DecisionRule, InstitutionSpec, MemberType};
/// let spec = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?;
/// assert_eq!((spec.members, spec.rule, spec.partners), (193, DecisionRule::Majority, 4));
/// assert_eq!(spec.types[0], (MemberType::Diffuse { memory: 1, threshold: 0.6 }, 0.7));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InstitutionSpec {
    /// Name of the body.
    pub name: String,
    /// What it models.
    pub description: String,
    /// Where its numbers come from.
    pub source: String,
    /// Number of members.
    pub members: usize,
    /// Member types and their shares (summing to 1).
    pub types: Vec<(MemberType, f64)>,
    /// The common good.
    pub good: PublicGood,
    /// The decision rule.
    pub rule: DecisionRule,
    /// Implementation noise.
    pub noise: f64,
    /// Degree of the partner network.
    pub partners: usize,
    /// Contribution level that counts as collapse.
    pub collapse_below: f64,
    /// Rounds, seeds, master seed and confidence level.
    pub simulation: SimulationOptions,
}

/// The line of the `index`-th occurrence of `needle`, if any.
fn nth_line(text: &str, needle: &str, index: usize) -> Option<usize> {
    text.match_indices(needle).nth(index).map(|(at, _)| line_at(text, at))
}

impl InstitutionSpec {
    /// Reads and validates a TOML file.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// let spec = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?;
    /// assert_eq!(spec.simulation.rounds, 10_000);
    /// // A missing file is an error naming it.
    /// let err = InstitutionSpec::load("models/reciprocity/missing.toml").unwrap_err();
    /// assert!(err.to_string().contains("models/reciprocity/missing.toml"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Self, ModelError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ModelError {
            file: label.clone(),
            line: None,
            field: String::new(),
            kind: ModelErrorKind::Read { message: e.to_string() },
        })?;
        Self::from_toml(&text, &label)
    }

    /// Parses and validates TOML text; `label` names the file in errors.
    ///
    /// ```
    /// use comity::repeated::institution::{InstitutionSpec, PublicGood};
    /// let text = r#"
    /// [institution]
    /// name = "Two-member club"
    /// members = 2
    /// rule = "majority"
    /// partners = 1
    /// [good]
    /// kind = "linear"
    /// multiplier = 1.5
    /// cost = 1.0
    /// [[types]]
    /// kind = "substantive"
    /// share = 1.0
    /// "#;
    /// let spec = InstitutionSpec::from_toml(text, "club.toml")?;
    /// assert_eq!(spec.good, PublicGood::Linear { multiplier: 1.5, cost: 1.0 });
    /// assert_eq!(spec.simulation.seeds, 100); // the default
    /// assert!(
    ///     InstitutionSpec::from_toml(&text.replace("majority", "unanimity"), "club.toml").is_err()
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str, label: &str) -> Result<Self, ModelError> {
        let error = |line: Option<usize>, field: String, kind: ModelErrorKind| ModelError {
            file: label.to_string(),
            line,
            field,
            kind,
        };
        let file: SpecFile = toml::from_str(text).map_err(|e| {
            error(
                e.span().map(|s| line_at(text, s.start)),
                String::new(),
                ModelErrorKind::Syntax { message: e.message().trim().to_string() },
            )
        })?;
        let at = |line: Option<usize>, field: String| {
            move |e: RepeatedError| error(line, field.clone(), ModelErrorKind::Repeated(e))
        };
        let unexpected = |what: &'static str, message: String| RepeatedError::Parameter { what, message };

        let institution_line = nth_line(text, "[institution]", 0);
        let rule = match file.institution.rule.as_str() {
            "consensus" => DecisionRule::Consensus,
            "majority" => DecisionRule::Majority,
            other => {
                return Err(at(institution_line, "institution.rule".into())(unexpected(
                    "rule",
                    format!("\"{other}\"; expected \"consensus\" or \"majority\""),
                )));
            }
        };
        let good_line = nth_line(text, "[good]", 0);
        let g = &file.good;
        let good = match (g.kind.as_str(), g.multiplier, g.share, g.benefit) {
            ("linear", Some(multiplier), None, None) => PublicGood::Linear { multiplier, cost: g.cost },
            ("threshold", None, Some(share), Some(benefit)) => {
                PublicGood::Threshold { share, benefit, cost: g.cost }
            }
            (kind, ..) => {
                return Err(at(good_line, "good".into())(unexpected(
                    "good",
                    format!(
                        "kind \"{kind}\" with these fields; expected kind = \"linear\" with multiplier and cost, or kind = \"threshold\" with share, benefit and cost"
                    ),
                )));
            }
        };
        let mut types = Vec::new();
        for (k, t) in file.types.iter().enumerate() {
            let wrap = at(nth_line(text, "[[types]]", k), format!("types[{k}]"));
            let only = |allowed: &[&str]| -> Result<(), ModelError> {
                let given = [
                    ("block", t.block.is_some()),
                    ("memory", t.memory.is_some()),
                    ("threshold", t.threshold.is_some()),
                    ("standing", t.standing.is_some()),
                ];
                match given.iter().find(|(name, set)| *set && !allowed.contains(name)) {
                    Some((name, _)) => Err(wrap(unexpected(
                        "types",
                        format!("{name} does not apply to kind \"{}\"", t.kind),
                    ))),
                    None => Ok(()),
                }
            };
            let member = match t.kind.as_str() {
                "substantive" => only(&[]).map(|_| MemberType::Substantive),
                "superficial" => only(&[]).map(|_| MemberType::Superficial),
                "obstructive" => {
                    only(&["block"]).map(|_| MemberType::Obstructive { block: t.block.unwrap_or(1.0) })
                }
                "specific" => only(&[]).map(|_| MemberType::Specific),
                "diffuse" => only(&["memory", "threshold"]).and_then(|_| match (t.memory, t.threshold) {
                    (Some(memory), Some(threshold)) => Ok(MemberType::Diffuse { memory, threshold }),
                    _ => Err(wrap(unexpected("types", "diffuse needs memory and threshold".into()))),
                }),
                "indirect" => {
                    only(&["standing"]).map(|_| MemberType::Indirect { standing: t.standing.unwrap_or(0) })
                }
                other => Err(wrap(unexpected(
                    "kind",
                    format!(
                        "\"{other}\"; expected substantive, superficial, obstructive, specific, diffuse or indirect"
                    ),
                ))),
            }?;
            if !(t.share >= 0.0 && t.share <= 1.0) {
                return Err(wrap(unexpected("share", format!("{}; expected a share in [0, 1]", t.share))));
            }
            types.push((member, t.share));
        }
        let s = &file.simulation;
        let spec = InstitutionSpec {
            name: file.institution.name,
            description: file.institution.description,
            source: file.institution.source,
            members: file.institution.members,
            types,
            good,
            rule,
            noise: file.institution.noise,
            partners: file.institution.partners,
            collapse_below: file.institution.collapse_below,
            simulation: SimulationOptions {
                rounds: s.rounds,
                seeds: s.seeds,
                seed: s.seed,
                confidence: s.confidence,
            },
        };
        // Build once so that every error surfaces at load time.
        spec.build().map_err(at(institution_line, "institution".into()))?;
        if s.rounds == 0 || s.seeds == 0 || !(s.confidence > 0.0 && s.confidence < 1.0) {
            return Err(at(nth_line(text, "[simulation]", 0), "simulation".into())(unexpected(
                "simulation",
                format!(
                    "rounds {}, seeds {}, confidence {}; expected rounds >= 1, seeds >= 1, 0 < confidence < 1",
                    s.rounds, s.seeds, s.confidence
                ),
            )));
        }
        Ok(spec)
    }

    /// The institution with members apportioned to the types' shares.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// // Shares 0.7, 0.1, 0.2 of 193 by largest remainders: 135.1, 19.3, 38.6 -> 135, 19, 39.
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.counts(), [135, 19, 39]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(&self) -> Result<RepeatedInstitution, RepeatedError> {
        let shares: Vec<f64> = self.types.iter().map(|(_, s)| *s).collect();
        let counts = apportion(&shares, self.members)?;
        RepeatedInstitution::new(
            self.types.iter().map(|(t, _)| *t).collect(),
            counts,
            self.good,
            self.rule,
            self.noise,
            self.partners,
            self.collapse_below,
        )
    }

    /// The same institution with a share `share` of superficial members, the other types
    /// scaled to fill the rest (a superficial type is added if there is none).
    ///
    /// ```
    /// use comity::repeated::institution::{InstitutionSpec, MemberType};
    /// // Shares 0.7 diffuse, 0.1 substantive, 0.2 superficial; half superficial scales the
    /// // other two by 0.5 / 0.8: 0.4375 and 0.0625.
    /// let spec = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?;
    /// let half = spec.with_superficial_share(0.5)?;
    /// let shares: Vec<f64> = half.types.iter().map(|(_, s)| *s).collect();
    /// assert!(shares.iter().zip([0.4375, 0.0625, 0.5]).all(|(s, want)| (s - want).abs() < 1e-12));
    /// assert_eq!(half.types[2].0, MemberType::Superficial);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_superficial_share(&self, share: f64) -> Result<Self, RepeatedError> {
        crate::repeated::probability("superficial share", share)?;
        let mut types = self.types.clone();
        if !types.iter().any(|(t, _)| *t == MemberType::Superficial) {
            types.push((MemberType::Superficial, 0.0));
        }
        let others: f64 = types.iter().filter(|(t, _)| *t != MemberType::Superficial).map(|(_, s)| s).sum();
        if others <= 0.0 && share < 1.0 {
            return Err(RepeatedError::Parameter {
                what: "superficial share",
                message: "every member is superficial; there are no other types to scale".into(),
            });
        }
        let superficial: usize = types.iter().filter(|(t, _)| *t == MemberType::Superficial).count();
        for (t, s) in &mut types {
            *s = if *t == MemberType::Superficial {
                share / superficial as f64
            } else {
                *s * (1.0 - share) / others
            };
        }
        Ok(InstitutionSpec { types, ..self.clone() })
    }
}
