//! Bodies built in code: [`Institution::builder`] assembles the same structure a file holds,
//! and [`InstitutionBuilder::build`] validates it with the file's own validator, so a body
//! built in code fails with the same [`ModelErrorKind`]s (duplicate member id, unknown member
//! in a rule, quota above the total) as one read from a file.
//!
//! Building the file's structure and validating it, rather than a second validator for code,
//! keeps the two paths from drifting apart.
//!
//! ```
//! use comity::model::{Institution, Member};
//! use comity::power::{power_indices, PowerOptions};
//! let body = Institution::builder("club", "A club of three")
//!     .draft(true)
//!     .member_entry(Member::new("A", "Alpha").attribute("votes", 3.0))
//!     .member_entry(Member::new("B", "Beta").attribute("votes", 2.0))
//!     .member_entry(Member::new("C", "Gamma").attribute("votes", 1.0))
//!     .rule_toml("qmv", r#"{ weighted = { attribute = "votes", at_least = 4 } }"#)
//!     .build()
//!     .unwrap();
//! let power = power_indices(&body.compile("qmv").unwrap().game, &PowerOptions::default()).unwrap();
//! assert_eq!(power.shapley_shubik().unwrap(), vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
//! ```

use super::{
    Column, GroupEntry, Institution, InstitutionFile, InstitutionInfo, MemberEntry, ModelError,
    ModelErrorKind, RuleEntry,
};
use crate::rules::Rule;

/// Assembles an institution in code; see [`Institution::builder`].
///
/// Setters never fail: every check happens in [`InstitutionBuilder::build`], exactly as when a
/// file is loaded, and the first problem is reported with the field at fault.
///
/// ```
/// use comity::model::{Institution, Member};
/// use comity::power::{power_indices, PowerOptions};
/// // The Security Council with "4 of the 5 permanent members" in place of their veto.
/// let mut builder = Institution::builder("sc4", "Security Council, 4 of 5").draft(true);
/// for i in 0..15 {
///     let tag = if i < 5 { "P5" } else { "elected" };
///     builder = builder.member_entry(Member::new(format!("M{i}"), format!("Member {i}")).tag(tag));
/// }
/// let body = builder
///     .group_tag("permanent", "P5")
///     .rule_toml("r", r#"{ all = [ { count = { at_least = 4, of = { group = "permanent" } } }, { count = { at_least = 9 } } ] }"#)
///     .build()?;
/// let ss = power_indices(&body.compile("r")?.game, &PowerOptions::default())?.shapley_shubik().unwrap();
/// // Without a veto each permanent member has less than the 421/2145 it has with one.
/// assert!(ss[0] < 421.0 / 2145.0 && ss[0] > ss[5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct InstitutionBuilder {
    label: String,
    file: InstitutionFile,
    /// The first rule given as text that did not parse, reported by `build`.
    syntax: Option<ModelError>,
}

impl Institution {
    /// Starts a body with this id and name, to be filled in and then validated by
    /// [`InstitutionBuilder::build`]. Errors name the body `<builder ID>` where a file's name
    /// would stand.
    ///
    /// ```
    /// use comity::model::{Institution, ModelErrorKind};
    /// let err = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member("A", "Alpha")
    ///     .member("A", "Again")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.kind, ModelErrorKind::DuplicateId { id: "A".into() });
    /// assert_eq!(err.field, "members[1].id");
    /// ```
    pub fn builder(id: impl Into<String>, name: impl Into<String>) -> InstitutionBuilder {
        let id = id.into();
        InstitutionBuilder {
            label: format!("<builder {id}>"),
            file: InstitutionFile {
                institution: InstitutionInfo {
                    id,
                    name: name.into(),
                    source: String::new(),
                    date: String::new(),
                    draft: false,
                    notes: None,
                },
                columns: Default::default(),
                members: Vec::new(),
                groups: Vec::new(),
                rules: Vec::new(),
            },
            syntax: None,
        }
    }
}

impl InstitutionBuilder {
    /// Where the membership and rules come from (required unless a draft).
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::builder("b", "B")
    ///     .source("Founding treaty, Art. 3")
    ///     .date("2026-01-01")
    ///     .member("A", "Alpha")
    ///     .build()
    ///     .unwrap();
    /// assert!(!body.is_draft());
    /// ```
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.file.institution.source = source.into();
        self
    }

    /// The date the description holds for (required unless a draft).
    ///
    /// ```
    /// use comity::model::Institution;
    /// let b = Institution::builder("b", "B").source("s").date("2026-01-01").member("A", "A");
    /// assert_eq!(b.build().unwrap().info().date, "2026-01-01");
    /// ```
    pub fn date(mut self, date: impl Into<String>) -> Self {
        self.file.institution.date = date.into();
        self
    }

    /// Marks the body a draft: source, date and column entries may be left out, and results
    /// from it say "draft model".
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::builder("b", "B").draft(true).member("A", "A").build().unwrap();
    /// assert!(body.is_draft());
    /// ```
    pub fn draft(mut self, draft: bool) -> Self {
        self.file.institution.draft = draft;
        self
    }

    /// Notes for a reader.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let b = Institution::builder("b", "B").draft(true).notes("a sketch").member("A", "A");
    /// assert_eq!(b.build().unwrap().info().notes.as_deref(), Some("a sketch"));
    /// ```
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.file.institution.notes = Some(notes.into());
        self
    }

    /// Declares the source and date of an attribute, as a `[columns.NAME]` entry does.
    ///
    /// ```
    /// use comity::model::{Institution, Member};
    /// let body = Institution::builder("b", "B")
    ///     .source("s")
    ///     .date("2026")
    ///     .column("votes", "Articles, Schedule A", "2026")
    ///     .member_entry(Member::new("A", "Alpha").attribute("votes", 5.0))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(body.columns()["votes"].source, "Articles, Schedule A");
    /// ```
    pub fn column(
        mut self,
        name: impl Into<String>,
        source: impl Into<String>,
        date: impl Into<String>,
    ) -> Self {
        self.file
            .columns
            .insert(name.into(), Column { source: source.into(), date: date.into(), unit: None });
        self
    }

    /// Adds a member with no tags or attributes.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::builder("b", "B").draft(true).member("A", "Alpha").build().unwrap();
    /// assert_eq!(body.members()[0].id, "A");
    /// ```
    pub fn member(self, id: impl Into<String>, name: impl Into<String>) -> Self {
        self.member_entry(MemberEntry::new(id, name))
    }

    /// Adds a member with its tags and attributes (see [`MemberEntry::new`]).
    ///
    /// ```
    /// use comity::model::{Institution, Member};
    /// let body = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member_entry(Member::new("A", "Alpha").tag("P5"))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(body.members_tagged("P5"), vec![0]);
    /// ```
    pub fn member_entry(mut self, member: MemberEntry) -> Self {
        self.file.members.push(member);
        self
    }

    /// Adds a group of the members carrying `tag`.
    ///
    /// ```
    /// use comity::model::{Institution, Member};
    /// let body = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member("A", "Alpha")
    ///     .member_entry(Member::new("B", "Beta").tag("small"))
    ///     .group_tag("small states", "small")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(body.group("small states"), Some(&[1][..]));
    /// ```
    pub fn group_tag(self, name: impl Into<String>, tag: impl Into<String>) -> Self {
        self.group(GroupEntry { name: name.into(), tag: Some(tag.into()), ids: None, predicate: None })
    }

    /// Adds a group of members named by id.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let body = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member("A", "Alpha")
    ///     .member("B", "Beta")
    ///     .group_ids("pair", ["B", "A"])
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(body.group("pair"), Some(&[0, 1][..]));
    /// ```
    pub fn group_ids<I, S>(self, name: impl Into<String>, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let ids = ids.into_iter().map(Into::into).collect();
        self.group(GroupEntry { name: name.into(), tag: None, ids: Some(ids), predicate: None })
    }

    /// Adds a group of the members whose attribute satisfies a comparison, such as
    /// `population < 10e6`.
    ///
    /// ```
    /// use comity::model::{Institution, Member};
    /// let body = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member_entry(Member::new("A", "Alpha").attribute("population", 5e6))
    ///     .member_entry(Member::new("B", "Beta").attribute("population", 5e7))
    ///     .group_predicate("small", "population < 10e6")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(body.group("small"), Some(&[0][..]));
    /// ```
    pub fn group_predicate(self, name: impl Into<String>, predicate: impl Into<String>) -> Self {
        self.group(GroupEntry { name: name.into(), tag: None, ids: None, predicate: Some(predicate.into()) })
    }

    /// Adds a group as written in a file (exactly one of `tag`, `ids`, `predicate`).
    ///
    /// ```
    /// use comity::model::{GroupEntry, Institution, ModelErrorKind};
    /// let both = GroupEntry { name: "g".into(), tag: Some("t".into()), ids: Some(vec![]), predicate: None };
    /// let err = Institution::builder("b", "B").draft(true).member("A", "A").group(both).build().unwrap_err();
    /// assert_eq!(err.kind, ModelErrorKind::GroupFields { found: 2 });
    /// ```
    pub fn group(mut self, group: GroupEntry) -> Self {
        self.file.groups.push(group);
        self
    }

    /// Adds a named rule.
    ///
    /// ```
    /// use comity::model::Institution;
    /// use comity::rules::Rule;
    /// let body = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member("A", "Alpha")
    ///     .member("B", "Beta")
    ///     .rule("consensus", Rule::Unanimity)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(body.rules()[0].name, "consensus");
    /// ```
    pub fn rule(mut self, name: impl Into<String>, rule: Rule) -> Self {
        self.file.rules.push(RuleEntry { name: name.into(), description: None, source: None, rule });
        self
    }

    /// Adds a named rule written in the rule language, as the value of `rule = ...` in a file
    /// (an inline table such as `{ count = { at_least = 9 } }`). Text that does not parse is
    /// reported by [`InstitutionBuilder::build`] as a syntax error naming `rules[NAME].rule`.
    ///
    /// ```
    /// use comity::model::Institution;
    /// let err = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member("A", "Alpha")
    ///     .rule_toml("r", "{ cont = { at_least = 1 } }")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.field, "rules[r].rule");
    /// assert!(err.to_string().contains("cont"), "{err}");
    /// ```
    pub fn rule_toml(self, name: impl Into<String>, text: &str) -> Self {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Holder {
            rule: Rule,
        }
        let name = name.into();
        match toml::from_str::<Holder>(&format!("rule = {text}")) {
            Ok(holder) => self.rule(name, holder.rule),
            Err(e) => {
                let mut this = self;
                if this.syntax.is_none() {
                    this.syntax = Some(ModelError {
                        file: this.label.clone(),
                        line: None,
                        field: format!("rules[{name}].rule"),
                        kind: ModelErrorKind::Syntax { message: e.message().trim().to_string() },
                    });
                }
                this
            }
        }
    }

    /// Validates the body exactly as a file is validated, compiling every rule.
    ///
    /// ```
    /// use comity::model::{Institution, Member, ModelErrorKind};
    /// use comity::rules::RuleErrorKind;
    /// let err = Institution::builder("b", "B")
    ///     .draft(true)
    ///     .member("A", "Alpha")
    ///     .rule_toml("r", r#"{ veto = { ids = ["Z"] } }"#)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err.kind, ModelErrorKind::Rule(_)));
    /// assert!(err.to_string().contains("\"Z\""), "{err}");
    /// ```
    pub fn build(self) -> Result<Institution, ModelError> {
        if let Some(error) = self.syntax {
            return Err(error);
        }
        Institution::validate(self.file, "", &self.label)
    }
}

impl MemberEntry {
    /// A member with this id and name and no tags or attributes; add them with
    /// [`MemberEntry::tag`] and [`MemberEntry::attribute`].
    ///
    /// ```
    /// use comity::model::Member;
    /// let m = Member::new("MLT", "Malta").tag("small").attribute("population", 5.5e5);
    /// assert_eq!((m.tags.len(), m.attributes["population"]), (1, 5.5e5));
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> MemberEntry {
        MemberEntry { id: id.into(), name: name.into(), tags: Vec::new(), attributes: Default::default() }
    }

    /// Adds a tag.
    ///
    /// ```
    /// use comity::model::Member;
    /// assert_eq!(Member::new("A", "Alpha").tag("P5").tags, vec!["P5".to_string()]);
    /// ```
    #[must_use]
    pub fn tag(mut self, tag: impl Into<String>) -> MemberEntry {
        self.tags.push(tag.into());
        self
    }

    /// Sets a numeric attribute (checked when the body is built: finite, and declared by a
    /// column unless the body is a draft).
    ///
    /// ```
    /// use comity::model::Member;
    /// assert_eq!(Member::new("A", "Alpha").attribute("votes", 3.0).attributes["votes"], 3.0);
    /// ```
    #[must_use]
    pub fn attribute(mut self, name: impl Into<String>, value: f64) -> MemberEntry {
        self.attributes.insert(name.into(), value);
        self
    }
}
