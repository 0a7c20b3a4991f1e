//! Membership growth: how small states' share of members and of voting power moves as a
//! one-member-one-vote body admits members year after year, with their caucuses voting as
//! blocs from the year each was founded.
//!
//! A growth model lists every member the body has had, with the year it joined, the year its
//! membership ended (a former member) and years it was not a member (a member that merged
//! into another and later resumed its seat, or withdrew and came back: Indonesia, absent at the
//! end of 1965; the model counts the members that sit and vote, not legal membership, which the
//! UN held unbroken), its population and its caucus. At the end of
//! each year in which membership or a caucus changes, the body is the members present; a
//! member is *small* when its population is below the model's threshold. For each rule
//! (a simple majority, more than half of the members; two-thirds, at least two-thirds of
//! them) the small states' share of power is the sum of their Shapley-Shubik indices and of
//! their normalised Banzhaf indices:
//!
//! - **alone**: every member votes for itself; with one vote each, every member has `1/n` of
//!   both indices and the small states' share of power equals their share of members;
//! - **with caucuses**: each caucus founded by that year agrees a position by a simple
//!   majority of its members present and casts all their votes as one. This is the compound
//!   game of Felsenthal & Machover (1998, sec. 2.3): the indices are those of the members in
//!   the game on members (what a member can do through its caucus), so they still sum to one
//!   over the members.
//!
//! Cost: per year and rule, one exact count of a bloc game
//! ([`count_blocs`](crate::power::count_blocs): a table of `(n + 1)^2` big-integer cells for
//! `n` members), a few tens of milliseconds for the 193-member General Assembly; the years
//! run in parallel.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 2.3 (composition)
//! and 6.3 (blocs); United Nations, "Growth in United Nations membership, 1945-present"
//! (the counts the tests check: 51 members in 1945, 99 in 1960, 193 in 2011).
//!
//! ```
//! use comity::caucus::{GrowthModel, GrowthRule, membership_growth};
//! let model = GrowthModel::load("models/growth/unga_membership.toml")?;
//! let points = membership_growth(&model)?;
//! let at = |year: i32| points.iter().find(|p| p.year == year).expect("a year with admissions");
//! // The 51 founding members, 99 members at the end of 1960, 193 since 2011.
//! assert_eq!((at(1945).members, at(1960).members, at(2011).members), (51, 99, 193));
//! // With one vote each and no caucus, power follows the count of members.
//! let majority = &at(1960).rules[0];
//! assert_eq!(majority.rule, GrowthRule::SimpleMajority);
//! let share = at(1960).small_states as f64 / 99.0;
//! assert!((majority.alone.shapley_shubik - share).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::GAIN_TOLERANCE;
use crate::cancel::CancelToken;
use crate::game::{Bloc, BlocGame, Game, MAX_PLAYERS, SimpleGame, WeightedGame};
use crate::power::{PowerOptions, power_indices};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// The earliest and latest years a growth model may name (a typo such as 19450 is refused
/// rather than turned into a long run of empty years).
///
/// ```
/// use comity::caucus::GROWTH_YEARS;
/// assert!(GROWTH_YEARS.contains(&1945) && GROWTH_YEARS.contains(&2026));
/// ```
pub const GROWTH_YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// A growth model that cannot be read or evaluated: which file, which field, and why.
///
/// ```
/// use comity::caucus::GrowthModel;
/// let text = "[body]\nid = \"b\"\nname = \"B\"\nsource = \"s\"\ndate = \"2026\"\nsmall_below = 1e7\n";
/// let err = GrowthModel::from_toml(text, "b.toml").unwrap_err();
/// assert_eq!(err.field, "members");
/// assert_eq!(err.to_string(), "b.toml: members: no members; expected at least one [[members]] entry");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {field}: {message}")]
pub struct GrowthError {
    /// The file (or label) of the model.
    pub file: String,
    /// The field at fault (`members[3].left`), or the step that failed.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// The body a growth model describes.
///
/// ```
/// use comity::caucus::GrowthModel;
/// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
/// assert_eq!(model.body.small_below, 10e6);
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthBody {
    /// A short identifier.
    pub id: String,
    /// The body's name.
    pub name: String,
    /// Where the membership data come from.
    pub source: String,
    /// When the data were gathered.
    pub date: String,
    /// Modelling assumptions.
    #[serde(default)]
    pub notes: Option<String>,
    /// A member is small when its population is below this (in the unit of `population`).
    pub small_below: f64,
    /// The rules evaluated at each date (default: a simple majority and two-thirds).
    #[serde(default = "default_rules")]
    pub rules: Vec<GrowthRule>,
}

fn default_rules() -> Vec<GrowthRule> {
    GrowthRule::ALL.to_vec()
}

/// A caucus that votes as one bloc from the year it was founded.
///
/// ```
/// use comity::caucus::GrowthModel;
/// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
/// assert_eq!((model.caucuses[0].name.as_str(), model.caucuses[0].founded), ("aosis", 1990));
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthCaucus {
    /// The name members refer to.
    pub name: String,
    /// A human-readable name.
    #[serde(default)]
    pub label: Option<String>,
    /// The first year at whose end the caucus votes as a bloc.
    pub founded: i32,
    /// Where its founding year and membership come from.
    #[serde(default)]
    pub source: Option<String>,
}

impl GrowthCaucus {
    /// The label, else the name.
    ///
    /// ```
    /// use comity::caucus::GrowthCaucus;
    /// let c = GrowthCaucus { name: "aosis".into(), label: None, founded: 1990, source: None };
    /// assert_eq!(c.display_label(), "aosis");
    /// ```
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// One member over time.
///
/// ```
/// use comity::caucus::GrowthModel;
/// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
/// let syria = model.members.iter().find(|m| m.id == "SYR").expect("a member");
/// // In the United Arab Republic (Egypt's seat) at the end of 1958, 1959 and 1960.
/// assert!(syria.is_member(1957) && !syria.is_member(1958) && !syria.is_member(1960) && syria.is_member(1961));
/// // Indonesia withdrew on 20 January 1965 and took its seat again on 28 September 1966.
/// let indonesia = model.members.iter().find(|m| m.id == "IDN").expect("a member");
/// assert!(indonesia.is_member(1964) && !indonesia.is_member(1965) && indonesia.is_member(1966));
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthMember {
    /// A unique id.
    pub id: String,
    /// The member's name.
    pub name: String,
    /// The year it joined (a member at the end of that year).
    pub joined: i32,
    /// The year its membership ended (no longer a member at the end of that year).
    #[serde(default)]
    pub left: Option<i32>,
    /// Years `[from, to]` (inclusive) at whose end it was not a member.
    #[serde(default)]
    pub absent: Option<[i32; 2]>,
    /// Its population (any unit, the same as the body's `small_below`).
    pub population: f64,
    /// The caucus it votes in, by name.
    #[serde(default)]
    pub caucus: Option<String>,
}

impl GrowthMember {
    /// Whether it is a member at the end of `year`.
    ///
    /// ```
    /// use comity::caucus::GrowthMember;
    /// let m = GrowthMember { id: "DDR".into(), name: "GDR".into(), joined: 1973, left: Some(1990),
    ///     absent: None, population: 16.3e6, caucus: None };
    /// assert!(!m.is_member(1972) && m.is_member(1973) && m.is_member(1989) && !m.is_member(1990));
    /// ```
    pub fn is_member(&self, year: i32) -> bool {
        year >= self.joined
            && self.left.is_none_or(|left| year < left)
            && self.absent.is_none_or(|[from, to]| year < from || year > to)
    }
}

/// A body's membership over time, with its caucuses.
///
/// ```
/// use comity::caucus::GrowthModel;
/// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
/// // Every member the General Assembly has had: today's 193 and five former members.
/// assert_eq!(model.members.len(), 198);
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthModel {
    /// The body.
    pub body: GrowthBody,
    /// Its caucuses.
    #[serde(default)]
    pub caucuses: Vec<GrowthCaucus>,
    /// Every member it has had (absent: refused with a clear message by validation).
    #[serde(default)]
    pub members: Vec<GrowthMember>,
}

/// A rule of the growing body: a count of its members at the date.
///
/// ```
/// use comity::caucus::GrowthRule;
/// // 193 members: 97 for a simple majority, 129 for two-thirds.
/// assert_eq!((GrowthRule::SimpleMajority.quota(193), GrowthRule::TwoThirds.quota(193)), (97, 129));
/// assert_eq!(GrowthRule::TwoThirds.quota(51), 34);
/// assert_eq!(GrowthRule::Unanimity.quota(38), 38);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrowthRule {
    /// More than half of the members (UN Charter Art. 18(3)).
    SimpleMajority,
    /// At least two-thirds of the members (UN Charter Art. 18(2)).
    TwoThirds,
    /// Every member (consensus without abstention, as the OECD's mutual agreement).
    Unanimity,
}

impl GrowthRule {
    /// The default rules, in the order results list them.
    ///
    /// ```
    /// use comity::caucus::GrowthRule;
    /// assert_eq!(GrowthRule::ALL[1], GrowthRule::TwoThirds);
    /// ```
    pub const ALL: [GrowthRule; 2] = [GrowthRule::SimpleMajority, GrowthRule::TwoThirds];

    /// The members needed out of `n`.
    ///
    /// ```
    /// use comity::caucus::GrowthRule;
    /// assert_eq!(GrowthRule::SimpleMajority.quota(4), 3);
    /// ```
    pub fn quota(self, n: usize) -> usize {
        match self {
            GrowthRule::SimpleMajority => n / 2 + 1,
            GrowthRule::TwoThirds => (2 * n).div_ceil(3),
            GrowthRule::Unanimity => n,
        }
    }

    /// The rule's name in output (`simple_majority`, `two_thirds`).
    ///
    /// ```
    /// use comity::caucus::GrowthRule;
    /// assert_eq!(GrowthRule::TwoThirds.name(), "two_thirds");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            GrowthRule::SimpleMajority => "simple_majority",
            GrowthRule::TwoThirds => "two_thirds",
            GrowthRule::Unanimity => "unanimity",
        }
    }
}

/// A group's share of power: the sum of its members' Shapley-Shubik indices and of their
/// normalised Banzhaf indices.
///
/// ```
/// use comity::caucus::GrowthShares;
/// let s = GrowthShares { shapley_shubik: 0.4, banzhaf: 0.5 };
/// assert!(s.banzhaf > s.shapley_shubik);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GrowthShares {
    /// Sum of Shapley-Shubik indices.
    pub shapley_shubik: f64,
    /// Sum of normalised Banzhaf indices.
    pub banzhaf: f64,
}

/// The small states' share of power under one rule at one date.
///
/// ```
/// use comity::caucus::{GrowthModel, membership_growth};
/// let points = membership_growth(&GrowthModel::load("models/growth/unga_membership.toml")?)?;
/// let today = points.last().expect("a year");
/// let two_thirds = &today.rules[1];
/// assert_eq!(two_thirds.quota, 129);
/// // Voting in their caucuses, the small states hold more of the Shapley-Shubik power than alone.
/// assert!(two_thirds.with_caucuses.shapley_shubik > two_thirds.alone.shapley_shubik);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthRulePoint {
    /// The rule.
    pub rule: GrowthRule,
    /// Members needed.
    pub quota: usize,
    /// Every member voting for itself.
    pub alone: GrowthShares,
    /// The caucuses founded by then voting as blocs (the compound game); the same as `alone`
    /// before the first caucus.
    pub with_caucuses: GrowthShares,
    /// The paradox of new members (Brams & Affuso 1976): ids of the members at both this date
    /// and the one before whose Shapley-Shubik or Banzhaf index (caucuses voting as blocs)
    /// rose although the body grew. Empty at the first date, when the body did not grow, and
    /// when a caucus was founded or a member left at this date (growth would be confounded
    /// with the new bloc or the departure).
    pub paradox: Vec<String>,
}

/// A caucus's members present at a date.
///
/// ```
/// use comity::caucus::{GrowthModel, membership_growth};
/// let points = membership_growth(&GrowthModel::load("models/growth/unga_membership.toml")?)?;
/// let y1990 = points.iter().find(|p| p.year == 1990).expect("a year");
/// assert_eq!(y1990.caucuses[0].name, "aosis");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthCaucusSize {
    /// The caucus's name.
    pub name: String,
    /// Its members present.
    pub members: usize,
}

/// The body at the end of one year.
///
/// ```
/// use comity::caucus::{GrowthModel, membership_growth};
/// let points = membership_growth(&GrowthModel::load("models/growth/unga_membership.toml")?)?;
/// let y2011 = points.iter().find(|p| p.year == 2011).expect("a year");
/// assert_eq!(y2011.joined, ["SSD"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthPoint {
    /// The year (membership at its end).
    pub year: i32,
    /// Members.
    pub members: usize,
    /// Small members (population below the threshold).
    pub small_states: usize,
    /// Ids of the members that joined (or resumed their seat) that year.
    pub joined: Vec<String>,
    /// Ids of the members that left (or were absent from) that year.
    pub left: Vec<String>,
    /// The caucuses voting as blocs, with their members present.
    pub caucuses: Vec<GrowthCaucusSize>,
    /// The small states' share of power under each of the model's rules.
    pub rules: Vec<GrowthRulePoint>,
}

impl GrowthPoint {
    /// The small states' share of the members.
    ///
    /// ```
    /// use comity::caucus::{GrowthModel, membership_growth};
    /// let points = membership_growth(&GrowthModel::load("models/growth/unga_membership.toml")?)?;
    /// assert!(points.iter().all(|p| (0.0..=1.0).contains(&p.small_share())));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn small_share(&self) -> f64 {
        self.small_states as f64 / self.members as f64
    }
}

/// Every member's power at one date under one rule.
///
/// ```
/// use comity::caucus::{GrowthModel, GrowthRule, member_power};
/// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
/// let p = member_power(&model, 2011, GrowthRule::TwoThirds, true)?;
/// assert_eq!(p.ids.len(), 193);
/// assert!((p.shapley_shubik.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberPower {
    /// The members present, in the model's order.
    pub ids: Vec<String>,
    /// Their Shapley-Shubik indices.
    pub shapley_shubik: Vec<f64>,
    /// Their normalised Banzhaf indices.
    pub banzhaf: Vec<f64>,
}

impl GrowthModel {
    /// Reads and validates a growth model (TOML).
    ///
    /// ```
    /// use comity::caucus::GrowthModel;
    /// let err = GrowthModel::load("models/growth/no_such_file.toml").unwrap_err();
    /// assert_eq!(err.field, "file");
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<GrowthModel, GrowthError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| GrowthError {
            file: label.clone(),
            field: "file".into(),
            message: format!("cannot read it ({e}); expected a growth model in TOML"),
        })?;
        GrowthModel::from_toml(&text, &label)
    }

    /// Parses and validates a growth model given as TOML text; `label` names it in errors.
    ///
    /// ```
    /// use comity::caucus::GrowthModel;
    /// let text = r#"
    /// [body]
    /// id = "b"
    /// name = "B"
    /// source = "s"
    /// date = "2026"
    /// small_below = 10
    /// [[members]]
    /// id = "a"
    /// name = "A"
    /// joined = 1950
    /// left = 1940
    /// population = 5
    /// "#;
    /// let err = GrowthModel::from_toml(text, "b.toml").unwrap_err();
    /// assert_eq!(err.field, "members[0].left");
    /// ```
    pub fn from_toml(text: &str, label: &str) -> Result<GrowthModel, GrowthError> {
        let model: GrowthModel = toml::from_str(text).map_err(|e| {
            // One line: where (line number) and what, without the source excerpt.
            let line = e.span().and_then(|s| text.get(..s.start)).map(|t| t.matches('\n').count() + 1);
            GrowthError {
                file: label.into(),
                field: "toml".into(),
                message: match line {
                    Some(line) => format!("line {line}: {}", e.message().trim()),
                    None => e.message().trim().to_string(),
                },
            }
        })?;
        model.validate(label)?;
        Ok(model)
    }

    fn validate(&self, label: &str) -> Result<(), GrowthError> {
        let err = |field: String, message: String| GrowthError { file: label.into(), field, message };
        let year_ok = |y: i32| GROWTH_YEARS.contains(&y);
        let years = format!("a year from {} to {}", GROWTH_YEARS.start(), GROWTH_YEARS.end());
        if !(self.body.small_below.is_finite() && self.body.small_below > 0.0) {
            return Err(err(
                "body.small_below".into(),
                format!("{}; expected a positive population", self.body.small_below),
            ));
        }
        let mut caucus_names = HashSet::new();
        for (k, c) in self.caucuses.iter().enumerate() {
            if !caucus_names.insert(c.name.as_str()) {
                return Err(err(format!("caucuses[{k}].name"), format!("\"{}\" is listed twice", c.name)));
            }
            if !year_ok(c.founded) {
                return Err(err(
                    format!("caucuses[{k}].founded"),
                    format!("{}; expected {years}", c.founded),
                ));
            }
        }
        if self.body.rules.is_empty() {
            return Err(err(
                "body.rules".into(),
                "no rules; expected simple_majority, two_thirds or unanimity".into(),
            ));
        }
        for (k, r) in self.body.rules.iter().enumerate() {
            if self.body.rules[..k].contains(r) {
                return Err(err(format!("body.rules[{k}]"), format!("{} is listed twice", r.name())));
            }
        }
        if self.members.is_empty() {
            return Err(err("members".into(), "no members; expected at least one [[members]] entry".into()));
        }
        let mut ids = HashSet::new();
        for (k, m) in self.members.iter().enumerate() {
            let field = |name: &str| format!("members[{k}].{name}");
            if !ids.insert(m.id.as_str()) {
                return Err(err(field("id"), format!("\"{}\" is listed twice; expected unique ids", m.id)));
            }
            if !year_ok(m.joined) {
                return Err(err(field("joined"), format!("{}; expected {years}", m.joined)));
            }
            if let Some(left) = m.left {
                if !year_ok(left) || left <= m.joined {
                    return Err(err(
                        field("left"),
                        format!("{left}; expected {years} after the year it joined ({})", m.joined),
                    ));
                }
            }
            if let Some([from, to]) = m.absent {
                let end = m.left.unwrap_or(*GROWTH_YEARS.end() + 1);
                if !(m.joined < from && from <= to && to < end) {
                    return Err(err(
                        field("absent"),
                        format!(
                            "[{from}, {to}]; expected [from, to] with from after the year it joined ({}), from <= to, and to before the year it left",
                            m.joined
                        ),
                    ));
                }
            }
            if !(m.population.is_finite() && m.population >= 0.0) {
                return Err(err(
                    field("population"),
                    format!("{}; expected a population >= 0", m.population),
                ));
            }
            if let Some(c) = &m.caucus {
                if !caucus_names.contains(c.as_str()) {
                    let known: Vec<&str> = self.caucuses.iter().map(|c| c.name.as_str()).collect();
                    return Err(err(
                        field("caucus"),
                        format!(
                            "\"{c}\" is not a caucus of the model; expected one of [{}]",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        // Checked before any game is built: the coalitions hold at most MAX_PLAYERS members.
        for year in self.years() {
            let n = self.members.iter().filter(|m| m.is_member(year)).count();
            if n > MAX_PLAYERS {
                return Err(err(
                    "members".into(),
                    format!("{n} members at the end of {year}; expected at most {MAX_PLAYERS}"),
                ));
            }
        }
        Ok(())
    }

    /// The years at whose end membership or a caucus changes, and the year before each
    /// caucus's founding, in order.
    ///
    /// ```
    /// use comity::caucus::GrowthModel;
    /// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
    /// let years = model.years();
    /// assert_eq!((years[0], *years.last().unwrap()), (1945, 2011));
    /// // 1990: two admissions, two mergers and AOSIS's founding; 1989 (no change) before it.
    /// assert!(years.contains(&1989) && years.contains(&1990) && years.contains(&1992));
    /// # Ok::<(), comity::caucus::GrowthError>(())
    /// ```
    pub fn years(&self) -> Vec<i32> {
        let mut years = BTreeSet::new();
        for m in &self.members {
            years.insert(m.joined);
            years.extend(m.left);
            if let Some([from, to]) = m.absent {
                years.insert(from);
                years.insert(to + 1);
            }
        }
        let first = years.first().copied().unwrap_or(i32::MIN);
        // A caucus's founding year and the year before, so that a chart over time shows the
        // change as a step at the founding rather than a slope from the last admission.
        for c in &self.caucuses {
            years.extend([c.founded - 1, c.founded].into_iter().filter(|&y| y >= first));
        }
        years.into_iter().collect()
    }

    fn small(&self, m: &GrowthMember) -> bool {
        m.population < self.body.small_below
    }
}

/// The members present at the end of `year` (indices into the model) and the caucuses founded
/// by then, each as the positions of its present members among them.
fn body_at(model: &GrowthModel, year: i32) -> (Vec<usize>, Vec<(usize, Vec<usize>)>) {
    let present: Vec<usize> =
        (0..model.members.len()).filter(|&i| model.members[i].is_member(year)).collect();
    let caucus_index: HashMap<&str, usize> =
        model.caucuses.iter().enumerate().map(|(k, c)| (c.name.as_str(), k)).collect();
    let mut blocs: Vec<Vec<usize>> = vec![Vec::new(); model.caucuses.len()];
    for (pos, &i) in present.iter().enumerate() {
        if let Some(c) = &model.members[i].caucus {
            let k = caucus_index[c.as_str()];
            if model.caucuses[k].founded <= year {
                blocs[k].push(pos);
            }
        }
    }
    let blocs = blocs.into_iter().enumerate().filter(|(_, b)| !b.is_empty()).collect();
    (present, blocs)
}

/// Every member's power at the end of `year` under `rule`, with the caucuses founded by then
/// voting as blocs when `caucuses` is true.
///
/// ```
/// use comity::caucus::{GrowthModel, GrowthRule, member_power};
/// let model = GrowthModel::load("models/growth/unga_membership.toml")?;
/// // 1945: 51 members, one vote each, no caucus: 1/51 each.
/// let p = member_power(&model, 1945, GrowthRule::SimpleMajority, true)?;
/// assert!(p.shapley_shubik.iter().all(|x| (x - 1.0 / 51.0).abs() < 1e-12));
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
pub fn member_power(
    model: &GrowthModel,
    year: i32,
    rule: GrowthRule,
    caucuses: bool,
) -> Result<MemberPower, GrowthError> {
    // The fields are public: a model built in code is checked as a loaded one is.
    model.validate(&model.body.id)?;
    power_at(model, year, rule, caucuses)
}

/// [`member_power`] of a validated model.
fn power_at(
    model: &GrowthModel,
    year: i32,
    rule: GrowthRule,
    caucuses: bool,
) -> Result<MemberPower, GrowthError> {
    let (present, blocs) = body_at(model, year);
    let fail = |message: String| GrowthError {
        file: model.body.id.clone(),
        field: format!("{} at the end of {year}", rule.name()),
        message,
    };
    let n = present.len();
    if n == 0 {
        return Err(fail(
            "no members at this date; expected a year at whose end the body has members".into(),
        ));
    }
    let top = WeightedGame::new(vec![1; n], rule.quota(n) as u64).map_err(|e| fail(e.to_string()))?;
    let game: Game = if caucuses && !blocs.is_empty() {
        let blocs = blocs
            .iter()
            .map(|(_, b)| {
                let internal = WeightedGame::new(vec![1; b.len()], (b.len() / 2 + 1) as u64)?;
                Bloc::new(b.clone(), internal.into())
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| fail(e.to_string()))?;
        BlocGame::new(top.into(), blocs).map_err(|e| fail(e.to_string()))?.into()
    } else {
        top.into()
    };
    debug_assert_eq!(game.n(), n);
    let power = power_indices(&game, &PowerOptions::default()).map_err(|e| fail(e.to_string()))?;
    let shapley_shubik =
        power.shapley_shubik().ok_or_else(|| fail("no Shapley-Shubik index for this body".into()))?;
    Ok(MemberPower {
        ids: present.iter().map(|&i| model.members[i].id.clone()).collect(),
        shapley_shubik,
        banzhaf: power.banzhaf(),
    })
}

/// The body at the end of every year in which membership or a caucus changes
/// ([`GrowthModel::years`]) and the body has members, with the small states' share of members and of power under each
/// rule, alone and with their caucuses voting as blocs.
///
/// ```
/// use comity::caucus::{GrowthModel, membership_growth};
/// let points = membership_growth(&GrowthModel::load("models/growth/unga_membership.toml")?)?;
/// // Before AOSIS (1990) the caucus reading changes nothing.
/// let y1984 = points.iter().find(|p| p.year == 1984).expect("a year");
/// assert!(y1984.caucuses.is_empty() && y1984.rules[0].with_caucuses == y1984.rules[0].alone);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn membership_growth(model: &GrowthModel) -> Result<Vec<GrowthPoint>, GrowthError> {
    membership_growth_cancellable(model, &CancelToken::new())
}

/// [`membership_growth`] that stops once `cancel` is cancelled: each date checks the token
/// before its power indices are computed (the General Assembly's dates take seconds), and a
/// cancelled run returns an error whose message says "interrupted".
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::caucus::{GrowthModel, membership_growth_cancellable};
/// let model = GrowthModel::load("models/growth/oecd_membership.toml")?;
/// let cancel = CancelToken::new();
/// assert!(!membership_growth_cancellable(&model, &cancel)?.is_empty());
/// cancel.cancel();
/// let err = membership_growth_cancellable(&model, &cancel).unwrap_err();
/// assert!(err.message.starts_with("interrupted"));
/// # Ok::<(), comity::caucus::GrowthError>(())
/// ```
pub fn membership_growth_cancellable(
    model: &GrowthModel,
    cancel: &CancelToken,
) -> Result<Vec<GrowthPoint>, GrowthError> {
    let interrupted = |e: crate::cancel::Interrupted| GrowthError {
        file: model.body.id.clone(),
        field: "growth".into(),
        message: e.to_string(),
    };
    // The fields are public: a model built in code is checked as a loaded one is.
    model.validate(&model.body.id)?;
    // A year at whose end the body has no members (all have left) has no power to share.
    let years: Vec<i32> =
        model.years().into_iter().filter(|&y| model.members.iter().any(|m| m.is_member(y))).collect();
    let rules = &model.body.rules;
    // Every member's power at every date, alone and with caucuses (the years in parallel).
    type Powers = Vec<(MemberPower, MemberPower)>;
    let powers: Vec<Powers> = years
        .par_iter()
        .map(|&year| {
            cancel.check().map_err(interrupted)?;
            let has_blocs = !body_at(model, year).1.is_empty();
            rules
                .iter()
                .map(|&rule| {
                    let alone = power_at(model, year, rule, false)?;
                    let with = if has_blocs { power_at(model, year, rule, true)? } else { alone.clone() };
                    Ok((alone, with))
                })
                .collect::<Result<Powers, GrowthError>>()
        })
        .collect::<Result<_, _>>()?;
    let rises = |a: f64, b: f64| b - a > GAIN_TOLERANCE * a.abs().max(b.abs());
    let mut points = Vec::with_capacity(years.len());
    for (k, &year) in years.iter().enumerate() {
        let (present, blocs) = body_at(model, year);
        let was = |i: usize| k > 0 && model.members[i].is_member(years[k - 1]);
        let joined = present.iter().filter(|&&i| !was(i)).map(|&i| model.members[i].id.clone()).collect();
        let left: Vec<String> = (0..model.members.len())
            .filter(|&i| was(i) && !model.members[i].is_member(year))
            .map(|i| model.members[i].id.clone())
            .collect();
        let small: Vec<bool> = present.iter().map(|&i| model.small(&model.members[i])).collect();
        let sum = |p: &MemberPower| GrowthShares {
            shapley_shubik: p.shapley_shubik.iter().zip(&small).filter(|(_, s)| **s).map(|(x, _)| x).sum(),
            banzhaf: p.banzhaf.iter().zip(&small).filter(|(_, s)| **s).map(|(x, _)| x).sum(),
        };
        // The paradox is the body's growth raising an incumbent's power: a date at which a
        // caucus is also founded, or a member also leaves, mixes two causes, so it is not
        // checked; a rise can then come only from the admissions.
        let founded = |y: i32| model.caucuses.iter().filter(|c| c.founded <= y).count();
        let grew = k > 0
            && present.len() > powers[k - 1][0].0.ids.len()
            && left.is_empty()
            && founded(year) == founded(years[k - 1]);
        let rule_points = rules
            .iter()
            .enumerate()
            .map(|(r, &rule)| {
                let (alone, with) = &powers[k][r];
                let paradox = if grew {
                    let before = &powers[k - 1][r].1;
                    let index: HashMap<&str, usize> =
                        before.ids.iter().enumerate().map(|(j, id)| (id.as_str(), j)).collect();
                    with.ids
                        .iter()
                        .enumerate()
                        .filter(|(i, id)| {
                            index.get(id.as_str()).is_some_and(|&j| {
                                rises(before.shapley_shubik[j], with.shapley_shubik[*i])
                                    || rises(before.banzhaf[j], with.banzhaf[*i])
                            })
                        })
                        .map(|(_, id)| id.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                GrowthRulePoint {
                    rule,
                    quota: rule.quota(present.len()),
                    alone: sum(alone),
                    with_caucuses: sum(with),
                    paradox,
                }
            })
            .collect();
        points.push(GrowthPoint {
            year,
            members: present.len(),
            small_states: small.iter().filter(|&&s| s).count(),
            joined,
            left,
            caucuses: blocs
                .iter()
                .map(|(c, b)| GrowthCaucusSize { name: model.caucuses[*c].name.clone(), members: b.len() })
                .collect(),
            rules: rule_points,
        });
    }
    Ok(points)
}
