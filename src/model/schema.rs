//! The serde schema of institution files (TOML, or the same structure as JSON).

use crate::rules::Rule;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An institution file as written.
///
/// ```
/// use comity::model::{Institution, InstitutionFile};
/// let text = std::fs::read_to_string("models/institutions/unsc.toml")?;
/// // The schema alone, without validation.
/// let file: InstitutionFile = toml::from_str(&text)?;
/// assert_eq!(file.members.len(), 15);
/// let body = Institution::validate(file, &text, "unsc.toml")?;
/// assert_eq!(body.rules().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionFile {
    /// What the body is and where its description comes from.
    pub institution: InstitutionInfo,
    /// Source and date of each numeric attribute (data column) the members carry.
    #[serde(default)]
    pub columns: BTreeMap<String, Column>,
    /// The members, in the order used for output.
    pub members: Vec<MemberEntry>,
    /// Named groups of members.
    #[serde(default)]
    pub groups: Vec<GroupEntry>,
    /// Named decision rules.
    #[serde(default)]
    pub rules: Vec<RuleEntry>,
}

/// The body as a whole.
///
/// ```
/// use comity::model::Institution;
/// let info = Institution::load("models/institutions/unsc.toml")?.info().clone();
/// assert_eq!(info.date, "2026-01-01");
/// assert!(info.source.starts_with("Charter of the United Nations"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionInfo {
    /// A short identifier.
    pub id: String,
    /// The body's name.
    pub name: String,
    /// Where the membership and rules come from (may be omitted in a draft).
    #[serde(default)]
    pub source: String,
    /// The date the description holds for (ISO 8601; may be omitted in a draft).
    #[serde(default)]
    pub date: String,
    /// A sketch rather than a sourced model: `source`, `date` and `[columns.*]` entries may be
    /// omitted, and every result from it says so. Bundled models are never drafts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Anything a reader should know (gaps, judgement calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Provenance of one numeric attribute.
///
/// ```
/// use comity::model::Institution;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let population = &body.columns()["population"];
/// assert_eq!(population.unit.as_deref(), Some("persons"));
/// assert!(population.source.starts_with("World Bank"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Where the numbers come from (may be omitted in a draft).
    #[serde(default)]
    pub source: String,
    /// The date (or year) the numbers hold for (may be omitted in a draft).
    #[serde(default)]
    pub date: String,
    /// What one unit is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A member as written.
///
/// ```
/// use comity::model::Institution;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let denmark = &body.members()[body.member_index("DNK").unwrap()];
/// assert!(denmark.tags.contains(&"elected".to_string()));
/// assert_eq!(denmark.attributes["population"], 5_976_992.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberEntry {
    /// A unique identifier (ISO 3166-1 alpha-3 for states).
    pub id: String,
    /// The member's name.
    pub name: String,
    /// Tags such as `P5`, `AOSIS`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Numeric attributes such as `population`, `votes`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, f64>,
}

/// A group as written: exactly one of `tag`, `ids`, `predicate`.
///
/// ```
/// use comity::model::{GroupEntry, Institution};
/// let body = Institution::builder("b", "B")
///     .draft(true)
///     .member("A", "Alpha")
///     .member("B", "Beta")
///     .group(GroupEntry { name: "first".into(), tag: None, ids: Some(vec!["A".into()]), predicate: None })
///     .build()?;
/// assert_eq!(body.group("first"), Some(&[0][..]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEntry {
    /// The group's name.
    pub name: String,
    /// Members carrying this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Members by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
    /// Members whose attribute satisfies a comparison, such as `population < 10e6`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

/// A named rule as written.
///
/// ```
/// use comity::model::Institution;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let substantive = &body.rules()[0];
/// assert_eq!(substantive.name, "substantive");
/// assert!(substantive.description.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// The rule's name.
    pub name: String,
    /// What the rule is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The legal text or other source of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The rule in the rule language.
    pub rule: Rule,
}
