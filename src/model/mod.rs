//! Institution models: members, their attributes and tags, groups, and named rules.
//!
//! An institution file (TOML, or the same structure as JSON) describes a body:
//!
//! ```toml
//! [institution]
//! id = "unsc"
//! name = "UN Security Council"
//! source = "UN Charter, Art. 23 and 27"
//! date = "2026-01-01"
//!
//! [columns.population]
//! source = "World Bank WDI SP.POP.TOTL"
//! date = "2024"
//!
//! [[members]]
//! id = "CHN"
//! name = "China"
//! tags = ["P5"]
//! attributes = { population = 1408975000 }
//!
//! [[groups]]
//! name = "permanent"
//! tag = "P5"
//!
//! [[rules]]
//! name = "substantive"
//! rule = { all = [ { veto = { group = "permanent" } }, { count = { at_least = 9 } } ] }
//! ```
//!
//! Loading validates everything, compiles every rule, and reports the first problem with the
//! file, line (where it can be found), field and what was expected.
//!
//! ```
//! use comity::model::Institution;
//! use comity::power::{power_indices, PowerOptions};
//! let body = Institution::load("models/institutions/unsc.toml").unwrap();
//! let rule = body.compile("substantive").unwrap();
//! let power = power_indices(&rule.game, &PowerOptions::default()).unwrap();
//! assert!((power.shapley_shubik().unwrap()[0] - 421.0 / 2145.0).abs() < 1e-15);
//! ```
//!
//! # References
//! The rule language follows DESIGN.md; sources of each bundled model are in its file.

mod builder;
mod error;
mod schema;

pub use builder::InstitutionBuilder;
pub use error::{ModelError, ModelErrorKind};
pub use schema::{Column, GroupEntry, InstitutionFile, InstitutionInfo, MemberEntry, RuleEntry};

use crate::game::MAX_PLAYERS;
use crate::rules::{self, CompiledRule, RuleError};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A member of a body.
///
/// ```
/// use comity::model::Institution;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let china = &body.members()[0];
/// assert_eq!((china.id.as_str(), china.name.as_str()), ("CHN", "China"));
/// assert_eq!(china.tags, ["P5"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Member = MemberEntry;

/// A named group, resolved to member positions.
///
/// ```
/// use comity::model::Institution;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let permanent = &body.groups()[0];
/// assert_eq!(permanent.name, "permanent");
/// assert_eq!(permanent.members, vec![0, 1, 2, 3, 4]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// Positions of its members in [`Institution::members`], ascending.
    pub members: Vec<usize>,
}

/// A validated institution, with every rule compiled.
///
/// ```
/// use comity::model::Institution;
/// use comity::power::{power_indices, PowerOptions};
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let game = body.compile("substantive")?.game;
/// let ss = power_indices(&game, &PowerOptions::default())?.shapley_shubik().unwrap();
/// // 421/2145 per permanent member, 4/2145 per elected one (by hand: see `power::PowerIndices`).
/// assert!((ss[0] - 421.0 / 2145.0).abs() < 1e-12 && (ss[14] - 4.0 / 2145.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Institution {
    /// The file it was read from, as given (names the file in errors).
    label: String,
    file: InstitutionFile,
    groups: Vec<Group>,
    compiled: Vec<CompiledRule>,
    index: HashMap<String, usize>,
}

impl Institution {
    /// Loads and validates a `.toml` or `.json` institution file.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/eu_council.toml")?;
    /// assert_eq!(body.members().len(), 27);
    /// // A missing file is one error naming it.
    /// let err = Institution::load("models/institutions/none.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("models/institutions/none.toml: cannot read the file"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Institution, ModelError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let fail = |kind| ModelError { file: label.clone(), line: None, field: String::new(), kind };
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail(ModelErrorKind::Read { message: e.to_string() }))?;
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Self::from_toml(&text, &label),
            Some("json") => Self::from_json(&text, &label),
            _ => Err(fail(ModelErrorKind::UnknownFormat)),
        }
    }

    /// Parses and validates TOML text; `label` names the file in errors.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let text = r#"
    /// [institution]
    /// id = "trio"
    /// name = "Three members"
    /// draft = true
    /// [[members]]
    /// id = "A"
    /// name = "Alpha"
    /// [[members]]
    /// id = "B"
    /// name = "Beta"
    /// [[members]]
    /// id = "C"
    /// name = "Gamma"
    /// [[rules]]
    /// name = "majority"
    /// rule = { count = { more_than_share = 0.5 } }
    /// "#;
    /// let body = Institution::from_toml(text, "trio.toml")?;
    /// assert_eq!(body.compile("majority")?.quotas[0].at_least, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str, label: &str) -> Result<Institution, ModelError> {
        let file: InstitutionFile = toml::from_str(text).map_err(|e| ModelError {
            file: label.into(),
            line: e.span().map(|s| line_at(text, s.start)),
            field: String::new(),
            kind: ModelErrorKind::Syntax { message: e.message().trim().to_string() },
        })?;
        Self::validate(file, text, label)
    }

    /// Parses and validates JSON text; `label` names the file in errors.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let text = r#"{
    ///   "institution": { "id": "duo", "name": "Two members", "draft": true },
    ///   "members": [ { "id": "A", "name": "Alpha" }, { "id": "B", "name": "Beta" } ],
    ///   "rules": [ { "name": "both", "rule": "unanimity" } ]
    /// }"#;
    /// let body = Institution::from_json(text, "duo.json")?;
    /// assert_eq!(body.compile("both")?.quotas[0].at_least, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str, label: &str) -> Result<Institution, ModelError> {
        // A byte-order mark, as some Windows editors write, is accepted as it is in TOML.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Duplicate keys first: serde keeps the last of two equal keys in a map (a member's
        // attributes), where TOML refuses them; the strict reader refuses them everywhere.
        if let Err(crate::strict_json::StrictJsonError::DuplicateKey { key, path, line, .. }) =
            crate::strict_json::from_str(text)
        {
            return Err(ModelError {
                file: label.into(),
                line: Some(line),
                field: path,
                kind: ModelErrorKind::Syntax { message: format!("duplicate key `{key}`") },
            });
        }
        let file: InstitutionFile = serde_json::from_str(text).map_err(|e| ModelError {
            file: label.into(),
            line: Some(e.line()),
            field: String::new(),
            kind: ModelErrorKind::Syntax { message: e.to_string() },
        })?;
        Self::validate(file, text, label)
    }

    /// Validates an already parsed file (`text` is its source, used to find lines).
    ///
    /// ```
    /// use comity::model::{Institution, ModelErrorKind};
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// // Edit the parsed file and validate it again: a duplicate id is refused.
    /// let mut file = body.file().clone();
    /// file.members[1].id = "CHN".into();
    /// let err = Institution::validate(file, "", "edited").unwrap_err();
    /// assert_eq!(err.kind, ModelErrorKind::DuplicateId { id: "CHN".into() });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(file: InstitutionFile, text: &str, label: &str) -> Result<Institution, ModelError> {
        Validator { text, label }.run(file)
    }

    /// The file as parsed (for writing it back as TOML or JSON).
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// // Written back as TOML, the file reads as the same body.
    /// let text = toml::to_string(body.file())?;
    /// assert_eq!(Institution::from_toml(&text, "copy.toml")?.file(), body.file());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn file(&self) -> &InstitutionFile {
        &self.file
    }

    /// What the body is.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// assert_eq!(body.info().id, "unsc");
    /// assert!(!body.info().draft);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn info(&self) -> &InstitutionInfo {
        &self.file.institution
    }

    /// Whether the body is a draft (`draft = true`): a sketch whose provenance may be missing,
    /// so that every result from it must say "draft model".
    ///
    /// ```
    /// let body = comity::model::Institution::from_toml(
    ///     "[institution]\nid = \"x\"\nname = \"X\"\ndraft = true\n[[members]]\nid = \"A\"\nname = \"A\"\nattributes = { votes = 2 }\n",
    ///     "x.toml",
    /// )
    /// .unwrap();
    /// assert!(body.is_draft());
    /// ```
    pub fn is_draft(&self) -> bool {
        self.file.institution.draft
    }

    /// Provenance of each attribute.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// assert_eq!(body.columns()["population"].date, "2024");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn columns(&self) -> &BTreeMap<String, Column> {
        &self.file.columns
    }

    /// The members, in file order.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// assert_eq!(body.members().len(), 15);
    /// assert_eq!(body.members()[4].id, "USA");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> &[Member] {
        &self.file.members
    }

    /// The position of the member with this id.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// assert_eq!(body.member_index("FRA"), Some(1));
    /// assert_eq!(body.member_index("XXX"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn member_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Positions of members carrying `tag`.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// assert_eq!(body.members_tagged("P5"), vec![0, 1, 2, 3, 4]);
    /// assert_eq!(body.members_tagged("elected").len(), 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members_tagged(&self, tag: &str) -> Vec<usize> {
        (0..self.members().len()).filter(|&i| self.members()[i].tags.iter().any(|t| t == tag)).collect()
    }

    /// The groups.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// let names: Vec<&str> = body.groups().iter().map(|g| g.name.as_str()).collect();
    /// assert_eq!(names, ["permanent", "elected"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The members of a named group.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// assert_eq!(body.group("permanent"), Some(&[0, 1, 2, 3, 4][..]));
    /// assert_eq!(body.group("G77"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group(&self, name: &str) -> Option<&[usize]> {
        self.groups.iter().find(|g| g.name == name).map(|g| g.members.as_slice())
    }

    /// The named rules as written.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// let names: Vec<&str> = body.rules().iter().map(|r| r.name.as_str()).collect();
    /// assert_eq!(names, ["substantive", "procedural"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rules(&self) -> &[RuleEntry] {
        &self.file.rules
    }

    /// The compiled rule of that name.
    ///
    /// ```
    /// use comity::model::Institution;
    /// use comity::power::{power_indices, PowerOptions};
    /// let body = Institution::load("models/institutions/unsc.toml")?;
    /// let procedural = body.compile("procedural")?;
    /// assert_eq!(procedural.quotas[0].to_string(), "count: members >= 9 of 15");
    /// let ss = power_indices(&procedural.game, &PowerOptions::default())?.shapley_shubik().unwrap();
    /// assert!((ss[0] - 1.0 / 15.0).abs() < 1e-12); // 9 of 15, no veto: all equal
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compile(&self, name: &str) -> Result<CompiledRule, ModelError> {
        match self.file.rules.iter().position(|r| r.name == name) {
            Some(i) => Ok(self.compiled[i].clone()),
            None => Err(ModelError {
                file: self.label.clone(),
                line: None,
                field: "rules".into(),
                kind: ModelErrorKind::UnknownRule {
                    name: name.into(),
                    known: self.file.rules.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "),
                },
            }),
        }
    }
}

/// The 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

struct Validator<'a> {
    text: &'a str,
    label: &'a str,
}

impl Validator<'_> {
    fn error(&self, field: String, line: Option<usize>, kind: ModelErrorKind) -> ModelError {
        ModelError { file: self.label.into(), line, field, kind }
    }

    /// The line of the `occurrence`-th (0-based) quoted `value` at or after line `from`.
    fn line_of(&self, value: &str, from: usize, occurrence: usize) -> Option<usize> {
        let quoted = format!("\"{value}\"");
        self.text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .filter(|(_, l)| l.contains(&quoted))
            .nth(occurrence)
            .map(|(i, _)| i + 1)
    }

    /// The line holding the `rule` key of the rule whose name is on line `from`.
    fn rule_body_line(&self, from: usize) -> Option<usize> {
        self.text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .take(12)
            .find(|(_, l)| {
                let l = l.trim_start();
                l.starts_with("rule ") || l.starts_with("rule=") || l.starts_with("\"rule\"")
            })
            .map(|(i, _)| i + 1)
    }

    fn run(&self, file: InstitutionFile) -> Result<Institution, ModelError> {
        let info = &file.institution;
        // A draft may leave provenance out; a sourced model may not.
        let draft = info.draft;
        for (what, value) in [("institution.source", &info.source), ("institution.date", &info.date)] {
            if value.trim().is_empty() && !draft {
                let what = if what.ends_with("source") { "source" } else { "date" };
                return Err(self.error(
                    format!("institution.{what}"),
                    None,
                    ModelErrorKind::MissingProvenance { what },
                ));
            }
        }
        for (name, column) in &file.columns {
            for (what, value) in [("source", &column.source), ("date", &column.date)] {
                if value.trim().is_empty() && !draft {
                    let line = self.line_of(name, 1, 0);
                    return Err(self.error(
                        format!("columns.{name}.{what}"),
                        line,
                        ModelErrorKind::MissingProvenance { what },
                    ));
                }
            }
        }
        let n = file.members.len();
        if n == 0 {
            return Err(self.error("members".into(), None, ModelErrorKind::EmptyBody));
        }
        if n > MAX_PLAYERS {
            return Err(self.error(
                "members".into(),
                None,
                ModelErrorKind::TooManyMembers { n, max: MAX_PLAYERS },
            ));
        }
        let mut index = HashMap::new();
        for (i, m) in file.members.iter().enumerate() {
            if index.insert(m.id.clone(), i).is_some() {
                let line = self.line_of(&m.id, 1, 1);
                return Err(self.error(
                    format!("members[{i}].id"),
                    line,
                    ModelErrorKind::DuplicateId { id: m.id.clone() },
                ));
            }
            for (attribute, &value) in &m.attributes {
                let line = || self.line_of(&m.id, 1, 0);
                if !draft && !file.columns.contains_key(attribute) {
                    return Err(self.error(
                        format!("members[{i}].attributes.{attribute}"),
                        line(),
                        ModelErrorKind::UndeclaredColumn { attribute: attribute.clone() },
                    ));
                }
                if !value.is_finite() {
                    return Err(self.error(
                        format!("members[{i}].attributes.{attribute}"),
                        line(),
                        ModelErrorKind::NotFinite { attribute: attribute.clone(), value },
                    ));
                }
            }
        }
        let groups = self.groups(&file, &index)?;
        let mut institution =
            Institution { label: self.label.into(), file, groups, compiled: Vec::new(), index };
        let mut names = HashMap::new();
        for (i, entry) in institution.file.rules.iter().enumerate() {
            let rule_line = self.line_of(&entry.name, 1, 0);
            if names.insert(entry.name.clone(), i).is_some() {
                let line = self.line_of(&entry.name, 1, 1);
                return Err(self.error(
                    format!("rules[{i}].name"),
                    line,
                    ModelErrorKind::DuplicateName { name: entry.name.clone() },
                ));
            }
            let compiled =
                rules::compile(&entry.rule, &institution).map_err(|RuleError { path, kind }| {
                    let from = rule_line.unwrap_or(1);
                    let line = offending_value(&kind)
                        .and_then(|v| self.line_of(&v, from, 0))
                        .or_else(|| self.rule_body_line(from))
                        .or(rule_line);
                    self.error(format!("rules[{}].{path}", entry.name), line, ModelErrorKind::Rule(kind))
                })?;
            institution.compiled.push(compiled);
        }
        Ok(institution)
    }

    fn groups(
        &self,
        file: &InstitutionFile,
        index: &HashMap<String, usize>,
    ) -> Result<Vec<Group>, ModelError> {
        let mut groups: Vec<Group> = Vec::new();
        for (g, entry) in file.groups.iter().enumerate() {
            let line = self.line_of(&entry.name, 1, 0);
            let field = |f: &str| format!("groups[{}]{f}", entry.name);
            if groups.iter().any(|other| other.name == entry.name) {
                let line = self.line_of(&entry.name, 1, 1);
                return Err(self.error(
                    format!("groups[{g}].name"),
                    line,
                    ModelErrorKind::DuplicateName { name: entry.name.clone() },
                ));
            }
            let found = [entry.tag.is_some(), entry.ids.is_some(), entry.predicate.is_some()]
                .iter()
                .filter(|&&b| b)
                .count();
            let members: Vec<usize> = match (&entry.tag, &entry.ids, &entry.predicate) {
                (Some(tag), None, None) => {
                    let m: Vec<usize> =
                        (0..file.members.len()).filter(|&i| file.members[i].tags.contains(tag)).collect();
                    if m.is_empty() {
                        return Err(self.error(
                            field(".tag"),
                            line,
                            ModelErrorKind::NoSuchMember { what: "tag", value: tag.clone() },
                        ));
                    }
                    m
                }
                (None, Some(ids), None) => {
                    let mut m = Vec::with_capacity(ids.len());
                    for (k, id) in ids.iter().enumerate() {
                        match index.get(id) {
                            Some(&i) => m.push(i),
                            None => {
                                let line = self.line_of(id, line.unwrap_or(1), 0).or(line);
                                return Err(self.error(
                                    field(&format!(".ids[{k}]")),
                                    line,
                                    ModelErrorKind::NoSuchMember { what: "id", value: id.clone() },
                                ));
                            }
                        }
                    }
                    m.sort_unstable();
                    m.dedup();
                    m
                }
                (None, None, Some(text)) => {
                    let predicate = Predicate::parse(text).ok_or_else(|| {
                        self.error(
                            field(".predicate"),
                            line,
                            ModelErrorKind::BadPredicate { text: text.clone() },
                        )
                    })?;
                    let mut m = Vec::new();
                    for (i, member) in file.members.iter().enumerate() {
                        let value = member.attributes.get(&predicate.attribute).ok_or_else(|| {
                            self.error(
                                field(".predicate"),
                                line,
                                ModelErrorKind::PredicateAttributeMissing {
                                    member: member.id.clone(),
                                    attribute: predicate.attribute.clone(),
                                },
                            )
                        })?;
                        if predicate.holds(*value) {
                            m.push(i);
                        }
                    }
                    m
                }
                _ => return Err(self.error(field(""), line, ModelErrorKind::GroupFields { found })),
            };
            groups.push(Group { name: entry.name.clone(), members });
        }
        Ok(groups)
    }
}

/// The value in a rule error that is worth searching the file for.
fn offending_value(kind: &rules::RuleErrorKind) -> Option<String> {
    use rules::RuleErrorKind as K;
    match kind {
        K::UnknownMember { id } => Some(id.clone()),
        K::UnknownGroup { name, .. } => Some(name.clone()),
        K::UnknownTag { tag } => Some(tag.clone()),
        K::MissingAttribute { attribute, .. } | K::BadWeight { attribute, .. } => Some(attribute.clone()),
        _ => None,
    }
}

/// A comparison of one attribute with a number, such as `population < 10e6`.
///
/// ```
/// use comity::model::Predicate;
/// // The small-state line used in the studies: fewer than 10 million people.
/// let small = Predicate::parse("population < 10e6").unwrap();
/// assert_eq!(small.attribute, "population");
/// assert!(small.holds(5_976_992.0)); // Denmark, 2024
/// assert!(!small.holds(68_551_653.0)); // France, 2024
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    /// The attribute compared.
    pub attribute: String,
    op: &'static str,
    value: f64,
}

impl Predicate {
    /// Parses `ATTRIBUTE OP NUMBER` with `OP` one of `< <= > >= == !=`.
    ///
    /// ```
    /// use comity::model::Predicate;
    /// let p = Predicate::parse("population < 10e6").unwrap();
    /// assert!(p.holds(9_999_999.0) && !p.holds(10e6));
    /// assert!(Predicate::parse("population about 10").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Predicate> {
        let op = ["<=", ">=", "==", "!=", "<", ">"].into_iter().find(|op| text.contains(op))?;
        let (left, right) = text.split_once(op)?;
        let attribute = left.trim();
        let valid_name = !attribute.is_empty() && attribute.chars().all(|c| c.is_alphanumeric() || c == '_');
        let value: f64 = right.trim().parse().ok().filter(|v: &f64| v.is_finite())?;
        valid_name.then(|| Predicate { attribute: attribute.to_string(), op, value })
    }

    /// Whether `x` satisfies the comparison.
    ///
    /// ```
    /// use comity::model::Predicate;
    /// let p = Predicate::parse("votes >= 4").unwrap();
    /// assert!(p.holds(4.0) && p.holds(5.0) && !p.holds(3.0));
    /// ```
    pub fn holds(&self, x: f64) -> bool {
        match self.op {
            "<" => x < self.value,
            "<=" => x <= self.value,
            ">" => x > self.value,
            ">=" => x >= self.value,
            "==" => x == self.value,
            _ => x != self.value,
        }
    }
}
