//! The rule language: decision rules of a body, written in model files, compiled to games.
//!
//! | primitive | meaning |
//! |---|---|
//! | `"unanimity"` | every member must agree |
//! | `count = { at_least = 9 }`, `{ share = "2/3" }`, `{ more_than_share = 0.5 }` | number of members |
//! | `count = { at_least = 4, of = { group = "permanent" } }` | number of members of a group (k of a group) |
//! | `weighted = { attribute = "votes", share = 0.85 }` (or `at_least`, `more_than_share`) | sum of an attribute |
//! | `weighted = { attribute = "votes", share = 0.5, of = { tag = "EU" } }` | sum of an attribute over a group's members |
//! | `veto = { group = "P5" }` (or `tag`, `ids`) | all of these must agree |
//! | `all = [ ... ]`, `any = [ ... ]` | every part / some part wins |
//! | `club = { members = { group = "G7" }, rule = ... }` | only members decide; outsiders are null players |
//! | `blocs = { rule = ..., blocs = [ { members = { group = "AOSIS" }, rule = ... } ] }` | each bloc decides by its rule (default: more than half) and casts all its members' votes as one |
//!
//! Shares are of the body's total (of the club's total inside a club; of the group's total with
//! `of`, where members outside the group do not count towards the threshold), and "at least" is
//! inclusive: `share = s` compiles to the smallest whole quota `q` with `q >= s * total`, and
//! `more_than_share = s` to the smallest with `q > s * total`. A share is a number (`0.65`,
//! read as the decimal it is written as) or an exact fraction in a string (`"2/3"`). Every
//! compiled quota is reported back, so users see what a share became.
//!
//! # References
//! Taylor & Zwicker (1999), *Simple Games*, for the composition of simple games; the rule
//! texts cited in each bundled model.
//!
//! ```
//! use comity::rules::Rule;
//! let rule: Rule = toml::from_str::<toml::Table>(
//!     r#"rule = { all = [ { veto = { group = "P5" } }, { count = { at_least = 9 } } ] }"#,
//! ).unwrap()["rule"].clone().try_into().unwrap();
//! assert!(matches!(rule, Rule::All(ref parts) if parts.len() == 2));
//! ```

mod compile;
mod share;

pub use compile::{CompiledQuota, CompiledRule, MAX_EXACT_WEIGHT, RuleError, RuleErrorKind, compile};
pub use share::Share;

use serde::{Deserialize, Serialize};

/// A decision rule, as written in a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Every member must agree.
    Unanimity,
    /// A number of members must agree.
    Count(Threshold),
    /// Members carrying enough of an attribute must agree.
    Weighted(WeightedThreshold),
    /// All members of a set must agree.
    Veto(MemberSet),
    /// Every part must be met.
    All(Vec<Rule>),
    /// Some part must be met.
    Any(Vec<Rule>),
    /// Only club members decide, by the inner rule.
    Club(ClubRule),
    /// Blocs decide internally and cast their members' votes as one under the top rule.
    Blocs(BlocsRule),
}

/// How much is needed: exactly one of `at_least`, `share` and `more_than_share`, optionally
/// counted only over the members `of` a group.
///
/// ```
/// use comity::model::Institution;
/// // "Four of the five permanent members must concur", and 9 of the 15 members.
/// let mut text = String::from("[institution]\nid = \"sc\"\nname = \"SC\"\nsource = \"s\"\ndate = \"2026\"\n");
/// for i in 0..15 {
///     let tag = if i < 5 { "P5" } else { "E10" };
///     text += &format!("[[members]]\nid = \"m{i}\"\nname = \"m{i}\"\ntags = [\"{tag}\"]\n");
/// }
/// text += "[[groups]]\nname = \"permanent\"\ntag = \"P5\"\n";
/// text += "[[rules]]\nname = \"four\"\nrule = { all = [ { count = { at_least = 4, of = { group = \"permanent\" } } }, { count = { at_least = 9 } } ] }\n";
/// let body = Institution::from_toml(&text, "sc.toml").unwrap();
/// let compiled = body.compile("four").unwrap();
/// assert_eq!(compiled.quotas[0].to_string(), "all[0].count: members of permanent >= 4 of 5");
/// assert_eq!((compiled.quotas[0].at_least, compiled.quotas[0].total), (4, 5));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// An absolute quota (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    /// A share of the total, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
    /// A share of the total that must be exceeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_than_share: Option<Share>,
    /// Count only these members: the quota and shares are of this group's size, and members
    /// outside it do not matter to this threshold. Default: every member in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<MemberSet>,
}

/// A threshold on the sum of a numeric attribute of the members.
///
/// The three threshold fields repeat those of [`Threshold`] rather than flattening it: serde's
/// `flatten` cannot be combined with `deny_unknown_fields`, and a misspelt field in a model file
/// must be an error, not silently ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedThreshold {
    /// The attribute summed (`votes`, `population`, ...); its values must be whole numbers.
    pub attribute: String,
    /// An absolute quota (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    /// A share of the total, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
    /// A share of the total that must be exceeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_than_share: Option<Share>,
    /// Sum only over these members: the quota and shares are of their total, and members
    /// outside the set do not matter to this threshold. Default: every member in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<MemberSet>,
}

impl WeightedThreshold {
    /// The threshold part.
    pub fn threshold(&self) -> Threshold {
        Threshold {
            at_least: self.at_least,
            share: self.share.clone(),
            more_than_share: self.more_than_share.clone(),
            of: self.of.clone(),
        }
    }
}

/// A set of members: a named group, a tag, or a list of ids (exactly one).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSet {
    /// A group defined in the model file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Members carrying this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Members by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
}

/// A top rule with blocs that vote as one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlocsRule {
    /// The rule of the whole body, applied after each bloc has cast its members' votes
    /// together.
    pub rule: Box<Rule>,
    /// The blocs; they must be disjoint.
    pub blocs: Vec<BlocRule>,
}

/// One bloc: its members and how it decides internally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlocRule {
    /// Who is in the bloc.
    pub members: MemberSet,
    /// How the bloc decides; shares are of the bloc's size. Default: more than half of its
    /// members (a simple majority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Box<Rule>>,
}

/// A rule among a club's members only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClubRule {
    /// Who is in the club.
    pub members: MemberSet,
    /// How the club decides; shares in it are of the club's total.
    pub rule: Box<Rule>,
}
