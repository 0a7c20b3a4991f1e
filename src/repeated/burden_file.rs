//! Burden-sharing files: who pays for a shared good among real members, read from a TOML file
//! and its CSV data, and divided by every method the file allows.
//!
//! A burden file (`models/burden/burden_sharing.toml`) names its data (CSV columns keyed by
//! member id, relative to the file: capacity, and optionally names and population), the least
//! developed countries with their source, one or more bodies (members, the cost, the scale's
//! floor and ceilings, optionally a cost game and voluntary contributions) and the groups to
//! report. For each body [`BurdenFile::evaluate`] gives every member's and every group's share
//! of the cost under:
//!
//! - `equal`: `1/n` each;
//! - `proportional`: `k_i / sum k` (when some capacity is positive);
//! - `scale`: the capacity-to-pay scale with a floor and ceilings
//!   ([`capacity_scale`], the United Nations scale's structure);
//! - `shapley` and `nucleolus` of the body's cost game (`game = { kind = "indivisible" }` or
//!   `{ kind = "scale_economies", exponent = E }`, need from population), for at most
//!   [`MAX_LP_PLAYERS`] members: `O(2^n)` coalitions, and linear programs over them;
//! - `nash`: voluntary contributions, the one-shot Nash equilibrium of a summation,
//!   weakest-link or best-shot good with capacity as income (Cornes & Sandler 1996).
//!
//! Everything the file says is checked when it is loaded or evaluated, and refused in one line
//! naming the file, the field and the value expected; unknown fields are refused. (This reader
//! was in the command line's `comity burden`; it moved here so that the Python package and
//! other callers read the same files the same way.)
//!
//! # References
//! General Assembly resolution 73/271 (2018), para. 6, for the scale's floor and ceilings;
//! Littlechild & Owen (1973) and Shapley (1953) for cost games; Schmeidler (1969) for the
//! nucleolus; Cornes & Sandler (1996), *The Theory of Externalities, Public Goods, and Club
//! Goods*, ch. 6, for voluntary contributions under each aggregation technology.
//!
//! ```
//! use comity::repeated::burden_file::BurdenFile;
//! let file = BurdenFile::load("models/burden/burden_sharing.toml")?;
//! let bodies = file.evaluate()?;
//! let pacific = bodies.iter().find(|b| b.body == "pacific").unwrap();
//! // Every method divides the whole cost.
//! for method in &pacific.methods {
//!     let total: f64 = pacific.members.iter().map(|m| m.shares.get(method).unwrap()).sum();
//!     assert!((total - 1.0).abs() < 1e-9, "{method}: {total}");
//! }
//! // Australia is capped at the 22% ceiling by the scale.
//! let aus = pacific.members.iter().find(|m| m.id == "AUS").unwrap();
//! assert!((aus.shares.scale - 0.22).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::coop::{
    CostAllocationError, MAX_LP_PLAYERS, ScaleLimits, TuGame, capacity_scale, indivisible_cost,
    nucleolus_cost_shares, scale_economies_cost, shapley_cost_shares,
};
use crate::repeated::public_goods::{PublicGoodsError, best_shot_nash, summation_nash, weakest_link_nash};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Why a burden file cannot be used: the file, the field, and what was expected.
///
/// ```
/// use comity::repeated::burden_file::{BurdenFile, BurdenFileError};
/// let err = BurdenFile::load("no/such/burden.toml").unwrap_err();
/// assert!(matches!(err, BurdenFileError::Read { .. }));
/// assert!(err.to_string().starts_with("no/such/burden.toml: cannot read the file"));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BurdenFileError {
    /// The file, or a data file it names, cannot be read.
    #[error("{file}: cannot read the file: {message}")]
    Read {
        /// The file that cannot be read (the burden file, or a data file after it).
        file: String,
        /// The system's message.
        message: String,
    },
    /// The file is not valid TOML for the schema (unknown fields included).
    #[error("{file}: {message}")]
    Syntax {
        /// The burden file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// A value out of its range, a missing or unknown id, or fields that do not fit together.
    #[error("{file}: {field}: {problem}")]
    Invalid {
        /// The burden file.
        file: String,
        /// Where (`bodies[1] (pacific): cost`, `groups[0] (small)`).
        field: String,
        /// What is wrong and what was expected.
        problem: String,
    },
    /// A body too large for its cost game's Shapley value and nucleolus.
    #[error(
        "{file}: {field}: the Shapley value and nucleolus need the cost of all 2^{members} coalitions and the nucleolus solves linear programs over them; the limit is {limit} members (drop `game` for the capacity scale alone, which has no limit)"
    )]
    TooManyForGame {
        /// The burden file.
        file: String,
        /// Where (`bodies[0] (un): game`).
        field: String,
        /// The body's members.
        members: usize,
        /// The limit, [`MAX_LP_PLAYERS`].
        limit: usize,
    },
    /// The scale, a cost game or the nucleolus refused the body's data.
    #[error("{file}: {field}: {source}")]
    CostAllocation {
        /// The burden file.
        file: String,
        /// Where.
        field: String,
        /// The library's reason.
        source: CostAllocationError,
    },
    /// The voluntary-contribution equilibrium refused the body's data.
    #[error("{file}: {field}: {source}")]
    Contributions {
        /// The burden file.
        file: String,
        /// Where.
        field: String,
        /// The library's reason.
        source: PublicGoodsError,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    study: StudyHeader,
    data: DataSection,
    ldc: LdcSection,
    bodies: Vec<BodySpec>,
    #[serde(default)]
    groups: Vec<GroupSpec>,
}

/// The study's header: every field is required, so that a file says what it is about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to refuse a file without them; only the id is reported
struct StudyHeader {
    id: String,
    title: String,
    question: String,
    source: String,
    date: String,
    #[serde(default)]
    notes: Option<String>,
}

/// One column of a CSV file, keyed by a column of member ids.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnRef {
    file: String,
    key: String,
    column: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DataSection {
    capacity: ColumnRef,
    #[serde(default)]
    names: Option<ColumnRef>,
    #[serde(default)]
    population: Option<ColumnRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LdcSection {
    members: Vec<String>,
    source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsSpec {
    floor: f64,
    ceiling: f64,
    ldc_ceiling: f64,
}

/// A body's cost game: what a coalition would pay to provide the good alone, in units of the
/// body's cost.
///
/// ```
/// use comity::repeated::burden_file::CostGame;
/// let game = CostGame::ScaleEconomies { exponent: 0.5 };
/// assert_eq!(serde_json::to_string(&game)?, r#"{"kind":"scale_economies","exponent":0.5}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
pub enum CostGame {
    /// `c(S) = cost` for every coalition: the good is indivisible.
    Indivisible,
    /// `c(S) = cost (need(S) / need(N))^exponent`, need from the population column.
    ScaleEconomies {
        /// The economies of scale (1 for none, below 1 for economies).
        exponent: f64,
    },
}

/// How voluntary contributions add up to the good.
///
/// ```
/// use comity::repeated::burden_file::Technology;
/// assert_eq!(serde_json::to_string(&Technology::WeakestLink)?, r#""weakest_link""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Technology {
    /// The good is the sum of the contributions.
    Summation,
    /// The good is the smallest contribution.
    WeakestLink,
    /// The good is the largest contribution.
    BestShot,
}

/// Voluntary contributions instead of an assessment: how they add up, and how much every
/// member values the good (the Cobb-Douglas weight `a` in `(0, 1)`).
///
/// ```
/// use comity::repeated::burden_file::{Technology, Voluntary};
/// let v = Voluntary { technology: Technology::Summation, preference: 0.1 };
/// assert_eq!(serde_json::to_string(&v)?, r#"{"technology":"summation","preference":0.1}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Voluntary {
    /// How contributions add up.
    pub technology: Technology,
    /// The weight every member gives the good.
    pub preference: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BodySpec {
    name: String,
    #[serde(default)]
    label: Option<String>,
    /// Member ids, or absent for every row of the capacity file.
    #[serde(default)]
    members: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    cost: f64,
    limits: LimitsSpec,
    #[serde(default)]
    game: Option<CostGame>,
    #[serde(default)]
    nash: Option<Voluntary>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    name: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    members: Option<Vec<String>>,
    #[serde(default)]
    ldc: Option<bool>,
    #[serde(default)]
    population_below: Option<f64>,
    /// A CSV column whose value `true` puts the member in the group.
    #[serde(default)]
    flag: Option<ColumnRef>,
}

/// The methods of division, in output order.
///
/// ```
/// assert_eq!(comity::repeated::burden_file::METHODS[2], "scale");
/// ```
pub const METHODS: [&str; 6] = ["equal", "proportional", "scale", "shapley", "nucleolus", "nash"];

/// One member's (or one group's total) share of the cost under each method; a method the body
/// does not use is `None` (its JSON leaves it out).
///
/// ```
/// use comity::repeated::burden_file::Shares;
/// let s = Shares { equal: 0.5, proportional: Some(0.25), scale: 0.3, shapley: None, nucleolus: None, nash: None };
/// assert_eq!(s.get("proportional"), Some(0.25));
/// assert_eq!(s.get("shapley"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shares {
    /// `1/n`.
    pub equal: f64,
    /// In proportion to capacity (absent when every capacity is zero).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proportional: Option<f64>,
    /// The capacity-to-pay scale with its floor and ceilings.
    pub scale: f64,
    /// The Shapley value of the cost game.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapley: Option<f64>,
    /// The nucleolus of the cost game.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nucleolus: Option<f64>,
    /// Voluntary contributions at the Nash equilibrium, as shares of their total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nash: Option<f64>,
}

impl Shares {
    /// The share under `method` (one of [`METHODS`]), if the body used it.
    ///
    /// ```
    /// use comity::repeated::burden_file::Shares;
    /// let s = Shares { equal: 0.5, proportional: None, scale: 0.3, shapley: None, nucleolus: None, nash: Some(0.1) };
    /// assert_eq!((s.get("equal"), s.get("nash"), s.get("other")), (Some(0.5), Some(0.1), None));
    /// ```
    pub fn get(&self, method: &str) -> Option<f64> {
        match method {
            "equal" => Some(self.equal),
            "proportional" => self.proportional,
            "scale" => Some(self.scale),
            "shapley" => self.shapley,
            "nucleolus" => self.nucleolus,
            "nash" => self.nash,
            _ => None,
        }
    }
}

/// One member of a body: its data and its shares.
///
/// ```
/// use comity::repeated::burden_file::BurdenFile;
/// let un = &BurdenFile::load("models/burden/burden_sharing.toml")?.evaluate()?[0];
/// let tuv = un.members.iter().find(|m| m.id == "TUV").unwrap();
/// // Tuvalu is a least developed country, so the scale caps it at 0.01%.
/// assert!(tuv.ldc && tuv.shares.scale <= 0.0001 + 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberBurden {
    /// The member's id.
    pub id: String,
    /// Its name (the id without a names column).
    pub name: String,
    /// Whether it is a least developed country.
    pub ldc: bool,
    /// Its capacity to pay.
    pub capacity: f64,
    /// Its population, when the file has a population column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<f64>,
    /// Its share under each method.
    #[serde(flatten)]
    pub shares: Shares,
    /// What each of its citizens pays under the scale, in the body's cost unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_per_head: Option<f64>,
}

/// One group of a body: its members' summed shares.
///
/// ```
/// use comity::repeated::burden_file::BurdenFile;
/// let un = &BurdenFile::load("models/burden/burden_sharing.toml")?.evaluate()?[0];
/// let ldc = un.groups.iter().find(|g| g.name == "ldc").unwrap();
/// assert_eq!(ldc.members, un.members.iter().filter(|m| m.ldc).count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupBurden {
    /// The group's name.
    pub name: String,
    /// Its label (the name without one).
    pub label: String,
    /// How many of the body's members it holds.
    pub members: usize,
    /// Its share of the body's population, when the file has a population column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population_share: Option<f64>,
    /// Its members' summed share under each method.
    #[serde(flatten)]
    pub shares: Shares,
}

/// The scale's floor and ceilings as the body gave them.
///
/// ```
/// use comity::repeated::burden_file::BurdenFile;
/// let un = &BurdenFile::load("models/burden/burden_sharing.toml")?.evaluate()?[0];
/// assert_eq!((un.limits.floor, un.limits.ceiling, un.limits.ldc_ceiling), (0.00001, 0.22, 0.0001));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limits {
    /// The smallest share.
    pub floor: f64,
    /// The largest share.
    pub ceiling: f64,
    /// The largest share of a least developed country.
    pub ldc_ceiling: f64,
}

/// One body's division of its cost: its members' and groups' shares under each method it uses.
/// Its JSON is `comity burden --format json`'s (`schemas/burden.schema.json`).
///
/// ```
/// use comity::repeated::burden_file::BurdenFile;
/// let bodies = BurdenFile::load("models/burden/burden_sharing.toml")?.evaluate()?;
/// assert_eq!(bodies[0].methods, ["equal", "proportional", "scale"]);
/// assert_eq!(bodies[1].methods, ["equal", "proportional", "scale", "shapley", "nucleolus", "nash"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyBurden {
    /// The study's id.
    pub study: String,
    /// The body's name.
    pub body: String,
    /// Its label (the name without one).
    pub label: String,
    /// The cost to divide.
    pub cost: f64,
    /// The scale's floor and ceilings.
    pub limits: Limits,
    /// The cost game, if any.
    pub game: Option<CostGame>,
    /// Voluntary contributions, if asked for.
    pub nash: Option<Voluntary>,
    /// The methods used, in the order of [`METHODS`].
    pub methods: Vec<&'static str>,
    /// Where the list of least developed countries comes from.
    pub ldc_source: String,
    /// The file's groups, in file order.
    pub groups: Vec<GroupBurden>,
    /// The body's members, in the body's order.
    pub members: Vec<MemberBurden>,
}

/// A burden file, parsed and checked, with its CSV data read.
///
/// ```
/// use comity::repeated::burden_file::BurdenFile;
/// let file = BurdenFile::load("models/burden/burden_sharing.toml")?;
/// assert_eq!(file.study_id(), "burden_sharing");
/// assert_eq!(file.body_names(), ["un", "pacific"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct BurdenFile {
    label: String,
    spec: FileSpec,
    capacity: BTreeMap<String, f64>,
    names: BTreeMap<String, String>,
    population: Option<BTreeMap<String, f64>>,
    /// Each group's flag column, read when the group has one.
    flags: Vec<Option<BTreeMap<String, String>>>,
}

/// Splits one CSV line into fields (RFC 4180 quoting: `"a, b"`, `""` for a quote); `None`
/// when the line ends inside a quote. (A quoted field spanning lines, which RFC 4180 allows,
/// is refused rather than joined: member data has no line breaks, and an unclosed quote is
/// far more often a typo that would otherwise swallow the rest of the row.)
fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let last = fields.len() - 1;
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields[last].push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields[last].push(c),
        }
    }
    (!quoted).then_some(fields)
}

impl BurdenFile {
    /// Reads and checks the burden file at `path` and the CSV columns it names (relative to
    /// it).
    ///
    /// ```
    /// use comity::repeated::burden_file::BurdenFile;
    /// let err = BurdenFile::load("models/institutions/unsc.toml").unwrap_err();
    /// // An institution file is not a burden file: its first unknown section is named.
    /// assert!(err.to_string().starts_with("models/institutions/unsc.toml: unknown field"), "{err}");
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<BurdenFile, BurdenFileError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| BurdenFileError::Read { file: label.clone(), message: e.to_string() })?;
        let base = path.parent().unwrap_or(Path::new("."));
        BurdenFile::from_toml(&text, &label, base)
    }

    /// Parses and checks a burden file given as TOML `text`; `label` names it in errors and
    /// `base` is the folder its data paths are relative to.
    ///
    /// ```
    /// use comity::repeated::burden_file::BurdenFile;
    /// let err = BurdenFile::from_toml("[study]\nid = 1\n", "b.toml", ".".as_ref()).unwrap_err();
    /// assert!(err.to_string().starts_with("b.toml: invalid type"), "{err}");
    /// ```
    pub fn from_toml(text: &str, label: &str, base: &Path) -> Result<BurdenFile, BurdenFileError> {
        let spec: FileSpec = toml::from_str(text).map_err(|e| BurdenFileError::Syntax {
            file: label.to_string(),
            message: e.message().to_string(),
        })?;
        let capacity = read_numbers(base, &spec.data.capacity, label)?;
        let names =
            spec.data.names.as_ref().map(|r| read_column(base, r, label)).transpose()?.unwrap_or_default();
        let population = spec.data.population.as_ref().map(|r| read_numbers(base, r, label)).transpose()?;
        let flags = spec
            .groups
            .iter()
            .map(|g| g.flag.as_ref().map(|r| read_column(base, r, label)).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        let file = BurdenFile { label: label.to_string(), spec, capacity, names, population, flags };
        file.check()?;
        Ok(file)
    }

    /// The study's id.
    ///
    /// ```
    /// use comity::repeated::burden_file::BurdenFile;
    /// assert_eq!(BurdenFile::load("models/burden/burden_sharing.toml")?.study_id(), "burden_sharing");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn study_id(&self) -> &str {
        &self.spec.study.id
    }

    /// The bodies' names, in file order.
    ///
    /// ```
    /// use comity::repeated::burden_file::BurdenFile;
    /// assert_eq!(BurdenFile::load("models/burden/burden_sharing.toml")?.body_names().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body_names(&self) -> Vec<&str> {
        self.spec.bodies.iter().map(|b| b.name.as_str()).collect()
    }

    fn invalid(&self, field: impl Into<String>, problem: impl Into<String>) -> BurdenFileError {
        BurdenFileError::Invalid { file: self.label.clone(), field: field.into(), problem: problem.into() }
    }

    /// The checks that need no body: groups, the least developed countries, exclusions.
    fn check(&self) -> Result<(), BurdenFileError> {
        let spec = &self.spec;
        let column = &spec.data.capacity;
        // Callers key bodies and groups by name (the Python package's dict of bodies, a
        // body's table of groups), so a repeated name would silently hide one of them.
        for (i, b) in spec.bodies.iter().enumerate() {
            if spec.bodies[..i].iter().any(|earlier| earlier.name == b.name) {
                return Err(self.invalid(
                    format!("bodies[{i}] ({})", b.name),
                    "name appears twice; expected distinct body names",
                ));
            }
        }
        for (i, g) in spec.groups.iter().enumerate() {
            let at = format!("groups[{i}] ({})", g.name);
            if spec.groups[..i].iter().any(|earlier| earlier.name == g.name) {
                return Err(self.invalid(at, "name appears twice; expected distinct group names"));
            }
            let kinds =
                [g.members.is_some(), g.ldc.is_some(), g.population_below.is_some(), g.flag.is_some()];
            if kinds.iter().filter(|k| **k).count() != 1 {
                return Err(self.invalid(at, "expected exactly one of members, ldc, population_below, flag"));
            }
            if g.population_below.is_some() && self.population.is_none() {
                return Err(self.invalid(at, "population_below needs [data] population"));
            }
            if let Some(limit) = g.population_below.filter(|p| !(p.is_finite() && *p > 0.0)) {
                return Err(self.invalid(at, format!("population_below is {limit}; expected a number > 0")));
            }
            if let Some(id) = g.members.iter().flatten().find(|id| !self.capacity.contains_key(*id)) {
                return Err(self.invalid(
                    at,
                    format!(
                        "member {id} is not in {}; expected ids of its {} column",
                        column.file, column.key
                    ),
                ));
            }
            let bad_flag = self.flags[i]
                .iter()
                .flatten()
                .find(|(_, v)| !matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "false"));
            if let Some((id, v)) = bad_flag {
                return Err(self.invalid(at, format!("flag of {id} is \"{v}\"; expected true or false")));
            }
        }
        if let Some(id) = spec.ldc.members.iter().find(|id| !self.capacity.contains_key(*id)) {
            return Err(self.invalid(
                "ldc.members",
                format!("{id} is not in {}; expected ids of its {} column", column.file, column.key),
            ));
        }
        for (b, body) in spec.bodies.iter().enumerate() {
            if let Some(id) = body.exclude.iter().find(|id| !self.capacity.contains_key(*id)) {
                return Err(self.invalid(
                    format!("bodies[{b}] ({})", body.name),
                    format!(
                        "exclude: {id} is not in {}; expected ids of its {} column",
                        column.file, column.key
                    ),
                ));
            }
            if let Some(list) = &body.members
                && let Some(id) = body.exclude.iter().find(|id| !list.contains(*id))
            {
                return Err(self.invalid(
                    format!("bodies[{b}] ({})", body.name),
                    format!("exclude: {id} is not in the body's members; expected one of its members"),
                ));
            }
        }
        if spec.bodies.is_empty() {
            return Err(self.invalid("bodies", "expected at least one body"));
        }
        Ok(())
    }

    /// Every body's division of its cost, in file order. The cost game's nucleolus solves
    /// linear programs over `2^n` coalitions (at most [`MAX_LP_PLAYERS`] members, refused
    /// above); everything else is linear or `n log n` in the members.
    ///
    /// ```
    /// use comity::repeated::burden_file::BurdenFile;
    /// let bodies = BurdenFile::load("models/burden/burden_sharing.toml")?.evaluate()?;
    /// let pacific = &bodies[1];
    /// let small = pacific.groups.iter().find(|g| g.name == "small").unwrap();
    /// // Small states pay less under the scale than under equal shares.
    /// assert!(small.shares.scale < small.shares.equal);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self) -> Result<Vec<BodyBurden>, BurdenFileError> {
        self.spec.bodies.iter().enumerate().map(|(b, body)| self.evaluate_body(b, body)).collect()
    }

    fn evaluate_body(&self, b: usize, body: &BodySpec) -> Result<BodyBurden, BurdenFileError> {
        let at = format!("bodies[{b}] ({})", body.name);
        let capacity_ref = &self.spec.data.capacity;
        let ldc: BTreeSet<&str> = self.spec.ldc.members.iter().map(String::as_str).collect();
        let ids: Vec<String> = match &body.members {
            Some(list) => list.clone(),
            None => self.capacity.keys().cloned().collect(),
        };
        let ids: Vec<String> = ids.into_iter().filter(|id| !body.exclude.contains(id)).collect();
        let mut seen = BTreeSet::new();
        let mut members = Vec::with_capacity(ids.len());
        for id in &ids {
            if !seen.insert(id.as_str()) {
                return Err(self.invalid(&at, format!("member {id} is listed twice; expected distinct ids")));
            }
            let Some(&k) = self.capacity.get(id) else {
                return Err(self.invalid(
                    &at,
                    format!(
                        "member {id} has no capacity in {} (column {}); expected a number >= 0",
                        capacity_ref.file, capacity_ref.column
                    ),
                ));
            };
            let population = match &self.population {
                Some(p) => Some(*p.get(id).ok_or_else(|| {
                    self.invalid(
                        &at,
                        format!(
                            "member {id} has no population in {}; expected a number > 0",
                            self.spec.data.population.as_ref().map_or("", |r| &r.file)
                        ),
                    )
                })?),
                None => None,
            };
            if let Some(p) = population.filter(|p| !(p.is_finite() && *p > 0.0)) {
                return Err(
                    self.invalid(&at, format!("member {id} has population {p}; expected a number > 0"))
                );
            }
            members.push(MemberBurden {
                id: id.clone(),
                name: self.names.get(id).cloned().unwrap_or_else(|| id.clone()),
                ldc: ldc.contains(id.as_str()),
                capacity: k,
                population,
                shares: Shares {
                    equal: 0.0,
                    proportional: None,
                    scale: 0.0,
                    shapley: None,
                    nucleolus: None,
                    nash: None,
                },
                scale_per_head: None,
            });
        }
        let n = members.len();
        if n == 0 {
            return Err(self.invalid(format!("{at}: members"), "expected at least one member"));
        }
        if !(body.cost.is_finite() && body.cost > 0.0) {
            return Err(self.invalid(&at, format!("cost is {}; expected a number > 0", body.cost)));
        }
        let cost_error = |field: &str, source: CostAllocationError| BurdenFileError::CostAllocation {
            file: self.label.clone(),
            field: format!("{at}: {field}"),
            source,
        };
        let l = &body.limits;
        let limits =
            ScaleLimits::new(l.floor, l.ceiling, l.ldc_ceiling).map_err(|e| cost_error("limits", e))?;
        let k: Vec<f64> = members.iter().map(|m| m.capacity).collect();
        let flags: Vec<bool> = members.iter().map(|m| m.ldc).collect();
        let scale = capacity_scale(&k, &flags, &limits).map_err(|e| cost_error("capacity scale", e))?;
        // Divided by the largest capacity first, as `capacity_scale` does: the raw sum of
        // capacities near f64::MAX overflows to infinity and every share would become 0.
        let top = k.iter().copied().fold(0.0, f64::max);
        let proportional: Option<Vec<f64>> = (top > 0.0).then(|| {
            let total: f64 = k.iter().map(|x| x / top).sum();
            k.iter().map(|x| x / top / total).collect()
        });
        let mut game_shares: Option<(Vec<f64>, Vec<f64>)> = None;
        if let Some(game) = &body.game {
            if n > MAX_LP_PLAYERS {
                return Err(BurdenFileError::TooManyForGame {
                    file: self.label.clone(),
                    field: format!("{at}: game"),
                    members: n,
                    limit: MAX_LP_PLAYERS,
                });
            }
            // Costs in units of the body's cost, so shares are fractions of 1.
            let cost: TuGame = match game {
                CostGame::Indivisible => indivisible_cost(1.0, n).map_err(|e| cost_error("game", e))?,
                CostGame::ScaleEconomies { exponent } => {
                    let Some(need) = members.iter().map(|m| m.population).collect::<Option<Vec<f64>>>()
                    else {
                        return Err(
                            self.invalid(format!("{at}: game"), "scale_economies needs [data] population")
                        );
                    };
                    scale_economies_cost(1.0, &need, *exponent).map_err(|e| cost_error("game", e))?
                }
            };
            let nucleolus = nucleolus_cost_shares(&cost).map_err(|e| cost_error("nucleolus", e))?;
            game_shares = Some((shapley_cost_shares(&cost), nucleolus));
        }
        let mut nash: Option<Vec<f64>> = None;
        if let Some(spec) = &body.nash {
            if let Some(m) = members.iter().find(|m| m.capacity <= 0.0) {
                return Err(self.invalid(
                    format!("{at}: nash"),
                    format!("member {} has capacity 0; voluntary contributions need every income > 0", m.id),
                ));
            }
            let contributions_error = |source| BurdenFileError::Contributions {
                file: self.label.clone(),
                field: format!("{at}: nash"),
                source,
            };
            let a = vec![spec.preference; n];
            let eq = match spec.technology {
                Technology::Summation => summation_nash(&k, &a).map_err(contributions_error)?,
                Technology::WeakestLink => weakest_link_nash(&k, &a).map_err(contributions_error)?,
                // The equilibrium whose provider has the largest stand-alone level: one member
                // provides in each, and there is one per member.
                Technology::BestShot => best_shot_nash(&k, &a)
                    .map_err(contributions_error)?
                    .into_iter()
                    .max_by(|x, y| x.provision.total_cmp(&y.provision))
                    .ok_or_else(|| {
                        self.invalid(format!("{at}: nash"), "no equilibrium found; expected one")
                    })?,
            };
            let total: f64 = eq.contributions.iter().sum();
            nash = Some(eq.contributions.iter().map(|g| g / total).collect());
        }
        for (i, m) in members.iter_mut().enumerate() {
            m.shares = Shares {
                equal: 1.0 / n as f64,
                proportional: proportional.as_ref().map(|p| p[i]),
                scale: scale[i],
                shapley: game_shares.as_ref().map(|(s, _)| s[i]),
                nucleolus: game_shares.as_ref().map(|(_, nu)| nu[i]),
                nash: nash.as_ref().map(|g| g[i]),
            };
            m.scale_per_head = m.population.map(|p| scale[i] * body.cost / p);
        }
        let methods: Vec<&'static str> =
            METHODS.iter().copied().filter(|method| members[0].shares.get(method).is_some()).collect();
        let populations: Option<Vec<f64>> = members.iter().map(|m| m.population).collect();
        let groups = self
            .spec
            .groups
            .iter()
            .enumerate()
            .map(|(g, spec)| {
                let inside: Vec<&MemberBurden> = members
                    .iter()
                    .filter(|m| {
                        if let Some(list) = &spec.members {
                            list.contains(&m.id)
                        } else if let Some(want) = spec.ldc {
                            m.ldc == want
                        } else if let Some(limit) = spec.population_below {
                            m.population.is_some_and(|p| p < limit)
                        } else {
                            self.flags[g]
                                .as_ref()
                                .and_then(|f| f.get(&m.id))
                                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                        }
                    })
                    .collect();
                // A method the body used sums over the group (zero for an empty group).
                let sum = |f: &dyn Fn(&Shares) -> Option<f64>| -> Option<f64> {
                    f(&members[0].shares).map(|_| inside.iter().filter_map(|m| f(&m.shares)).sum())
                };
                GroupBurden {
                    name: spec.name.clone(),
                    label: spec.label.clone().unwrap_or_else(|| spec.name.clone()),
                    members: inside.len(),
                    population_share: populations.as_ref().map(|pop| {
                        inside.iter().filter_map(|m| m.population).sum::<f64>() / pop.iter().sum::<f64>()
                    }),
                    shares: Shares {
                        equal: inside.iter().map(|m| m.shares.equal).sum(),
                        proportional: sum(&|s| s.proportional),
                        scale: inside.iter().map(|m| m.shares.scale).sum(),
                        shapley: sum(&|s| s.shapley),
                        nucleolus: sum(&|s| s.nucleolus),
                        nash: sum(&|s| s.nash),
                    },
                }
            })
            .collect();
        Ok(BodyBurden {
            study: self.spec.study.id.clone(),
            body: body.name.clone(),
            label: body.label.clone().unwrap_or_else(|| body.name.clone()),
            cost: body.cost,
            limits: Limits { floor: limits.floor, ceiling: limits.ceiling, ldc_ceiling: limits.ldc_ceiling },
            game: body.game,
            nash: body.nash,
            methods,
            ldc_source: self.spec.ldc.source.clone(),
            groups,
            members,
        })
    }
}

/// Reads `column` of a CSV file by `key`: member id to the text of the field (empty fields
/// left out, so that a missing value is reported as missing).
fn read_column(base: &Path, r: &ColumnRef, label: &str) -> Result<BTreeMap<String, String>, BurdenFileError> {
    let path = base.join(&r.file);
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| BurdenFileError::Read { file: format!("{label}: {shown}"), message: e.to_string() })?;
    let invalid =
        |problem: String| BurdenFileError::Invalid { file: label.to_string(), field: shown.clone(), problem };
    // Numbered before blank lines are dropped, so that errors name the file's own lines.
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty());
    let unclosed = |line: usize| {
        invalid(format!("line {line}: a quoted field is not closed; expected a closing \" on the same line"))
    };
    let (header_line, header) = lines.next().unwrap_or((1, ""));
    let header = csv_fields(header.trim_start_matches('\u{feff}')).ok_or_else(|| unclosed(header_line))?;
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| invalid(format!("no column \"{name}\"; expected one of: {}", header.join(", "))))
    };
    let (k, c) = (find(&r.key)?, find(&r.column)?);
    let mut out = BTreeMap::new();
    // Every id seen, with a value or without: `out` holds only those with one.
    let mut seen = BTreeSet::new();
    for (row, line) in lines {
        let f = csv_fields(line).ok_or_else(|| unclosed(row))?;
        let (Some(id), Some(value)) = (f.get(k), f.get(c)) else {
            return Err(invalid(format!("row {row} has {} fields; expected {}", f.len(), header.len())));
        };
        if !seen.insert(id.clone()) {
            return Err(invalid(format!("row {row}: id {id} appears twice; expected one row per member")));
        }
        if !value.is_empty() {
            out.insert(id.clone(), value.clone());
        }
    }
    Ok(out)
}

/// Reads a numeric column.
fn read_numbers(base: &Path, r: &ColumnRef, label: &str) -> Result<BTreeMap<String, f64>, BurdenFileError> {
    read_column(base, r, label)?
        .into_iter()
        .map(|(id, v)| {
            let x: f64 = v.trim().parse().map_err(|_| BurdenFileError::Invalid {
                file: label.to_string(),
                field: format!("{} column {}", r.file, r.column),
                problem: format!("\"{v}\" for {id} is not a number"),
            })?;
            Ok((id, x))
        })
        .collect()
}
