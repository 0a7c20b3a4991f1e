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
///
/// ```
/// use comity::model::Institution;
/// use comity::rules::{compile, MemberSet, Rule, Threshold};
/// // The Security Council's substantive rule, built in code: the permanent members' veto and
/// // 9 of the 15 members.
/// let rule = Rule::All(vec![
///     Rule::Veto(MemberSet { group: Some("permanent".into()), ..Default::default() }),
///     Rule::Count(Threshold { at_least: Some(9), ..Default::default() }),
/// ]);
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// assert_eq!(compile(&rule, &body)?.game, body.compile("substantive")?.game);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use comity::model::{Institution, Member};
/// use comity::rules::{Rule, Share, WeightedThreshold};
/// // Votes 3, 2, 1 and a quota of two thirds of 6: at least 4.
/// let rule = Rule::Weighted(WeightedThreshold {
///     attribute: "votes".into(),
///     at_least: None,
///     share: Some(Share::Text("2/3".into())),
///     more_than_share: None,
///     of: None,
/// });
/// let body = Institution::builder("b", "B")
///     .draft(true)
///     .member_entry(Member::new("A", "A").attribute("votes", 3.0))
///     .member_entry(Member::new("B", "B").attribute("votes", 2.0))
///     .member_entry(Member::new("C", "C").attribute("votes", 1.0))
///     .rule("two thirds", rule)
///     .build()?;
/// assert_eq!(body.compile("two thirds")?.quotas[0].at_least, 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    ///
    /// ```
    /// use comity::rules::{Share, WeightedThreshold};
    /// let w = WeightedThreshold {
    ///     attribute: "votes".into(),
    ///     at_least: None,
    ///     share: Some(Share::Number(0.85)),
    ///     more_than_share: None,
    ///     of: None,
    /// };
    /// assert_eq!(w.threshold().share, Some(Share::Number(0.85)));
    /// assert_eq!(w.threshold().at_least, None);
    /// ```
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
///
/// ```
/// use comity::model::Institution;
/// use comity::rules::{compile, MemberSet, Rule};
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// // The same five members, named three ways.
/// let by_group = MemberSet { group: Some("permanent".into()), ..Default::default() };
/// let by_tag = MemberSet { tag: Some("P5".into()), ..Default::default() };
/// let ids = ["CHN", "FRA", "RUS", "GBR", "USA"].map(String::from).to_vec();
/// let by_ids = MemberSet { ids: Some(ids), ..Default::default() };
/// let game = |set| compile(&Rule::Veto(set), &body).map(|c| c.game);
/// assert_eq!(game(by_group)?, game(by_tag.clone())?);
/// assert_eq!(game(by_tag)?, game(by_ids)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use comity::model::Institution;
/// use comity::power::{power_indices, PowerOptions};
/// // Five members, 3 of 5 to pass; A, B and C vote as one bloc after a majority among them.
/// let body = Institution::builder("b", "B")
///     .draft(true)
///     .member("A", "A").member("B", "B").member("C", "C").member("D", "D").member("E", "E")
///     .group_ids("caucus", ["A", "B", "C"])
///     .rule_toml("r", r#"{ blocs = { rule = { count = { at_least = 3 } }, blocs = [ { members = { group = "caucus" } } ] } }"#)
///     .build()?;
/// let power = power_indices(&body.compile("r")?.game, &PowerOptions::default())?;
/// // By hand: the bloc's 3 votes carry alone, so D and E are null players.
/// assert_eq!(power.banzhaf()[3], 0.0);
/// assert!((power.banzhaf()[0] - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use comity::model::Institution;
/// // A bloc that needs all three of its members (unanimity) rather than the default majority.
/// let body = Institution::builder("b", "B")
///     .draft(true)
///     .member("A", "A").member("B", "B").member("C", "C").member("D", "D")
///     .group_ids("caucus", ["A", "B", "C"])
///     .rule_toml("r", r#"{ blocs = { rule = { count = { at_least = 3 } }, blocs = [ { members = { group = "caucus" }, rule = "unanimity" } ] } }"#)
///     .build()?;
/// let quotas = body.compile("r")?.quotas;
/// assert!(quotas.iter().any(|q| q.primitive == "unanimity" && q.at_least == 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use comity::model::Institution;
/// use comity::power::{power_indices, PowerOptions};
/// // Only A and B decide, both must agree; C is a null player.
/// let body = Institution::builder("b", "B")
///     .draft(true)
///     .member("A", "A").member("B", "B").member("C", "C")
///     .rule_toml("r", r#"{ club = { members = { ids = ["A", "B"] }, rule = "unanimity" } }"#)
///     .build()?;
/// let ss = power_indices(&body.compile("r")?.game, &PowerOptions::default())?.shapley_shubik().unwrap();
/// assert_eq!(ss, vec![0.5, 0.5, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClubRule {
    /// Who is in the club.
    pub members: MemberSet,
    /// How the club decides; shares in it are of the club's total.
    pub rule: Box<Rule>,
}
