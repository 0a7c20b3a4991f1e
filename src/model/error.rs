//! Errors in model files: which file, which line where known, which field, and what was
//! expected.

use crate::rules::RuleErrorKind;
use std::fmt;

/// A model file that cannot be used, with where and why.
///
/// ```
/// use comity::model::Institution;
/// let err = Institution::load("models/institutions/unsc.toml")?.compile("veto").unwrap_err();
/// assert_eq!(err.field, "rules");
/// assert_eq!(
///     err.to_string(),
///     "models/institutions/unsc.toml: rules: no rule named \"veto\"; expected one of: substantive, procedural"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ModelError {
    /// The file, as given.
    pub file: String,
    /// The 1-based line, where known.
    pub line: Option<usize>,
    /// The field (`members[3].id`, `rules[substantive].rule.all[0]`).
    pub field: String,
    /// What is wrong.
    pub kind: ModelErrorKind,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.kind)
    }
}

/// What is wrong with a model file.
///
/// ```
/// use comity::model::{Institution, ModelErrorKind};
/// let text = "[institution]\nid = \"x\"\nname = \"X\"\ndraft = true\n";
/// let err = Institution::from_toml(text, "x.toml").unwrap_err();
/// // A body needs members: a missing list is a syntax error naming the field.
/// assert!(matches!(err.kind, ModelErrorKind::Syntax { .. }), "{err}");
/// // A file that is neither TOML nor JSON.
/// let err = Institution::load("README.md").unwrap_err();
/// assert_eq!(err.kind, ModelErrorKind::UnknownFormat);
/// assert_eq!(err.to_string(), "README.md: expected a .toml or .json file");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {message}")]
    Read {
        /// The system's message.
        message: String,
    },
    /// The file's extension is neither `.toml` nor `.json`.
    #[error("expected a .toml or .json file")]
    UnknownFormat,
    /// The file is not valid TOML or JSON for the schema.
    #[error("{message}")]
    Syntax {
        /// The parser's message.
        message: String,
    },
    /// No members.
    #[error("the body has no members; expected at least one")]
    EmptyBody,
    /// More members than a coalition can hold.
    #[error("{n} members; expected at most {max}")]
    TooManyMembers {
        /// Members found.
        n: usize,
        /// The limit.
        max: usize,
    },
    /// Two members share an id.
    #[error("duplicate member id \"{id}\"; expected unique ids")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// Two groups or two rules share a name.
    #[error("duplicate name \"{name}\"; expected unique names")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// An attribute without a `[columns.NAME]` entry giving its source and date.
    #[error("attribute \"{attribute}\" has no [columns.{attribute}] entry; expected its source and date")]
    UndeclaredColumn {
        /// The attribute.
        attribute: String,
    },
    /// A source or date left empty.
    #[error(
        "empty {what}; expected where the data come from and when (or draft = true in [institution] for a sketch)"
    )]
    MissingProvenance {
        /// Which field.
        what: &'static str,
    },
    /// An attribute value that is not a finite number.
    #[error("{attribute} = {value}; expected a finite number")]
    NotFinite {
        /// The attribute.
        attribute: String,
        /// The value.
        value: f64,
    },
    /// A group that names none or several of `tag`, `ids`, `predicate`.
    #[error("expected exactly one of tag, ids, predicate; found {found}")]
    GroupFields {
        /// How many were given.
        found: usize,
    },
    /// A group predicate that does not parse.
    #[error(
        "cannot read predicate \"{text}\"; expected ATTRIBUTE OP NUMBER with OP one of < <= > >= == !=, e.g. \"population < 10e6\""
    )]
    BadPredicate {
        /// The predicate.
        text: String,
    },
    /// A member lacks the attribute a predicate compares.
    #[error("member \"{member}\" has no attribute \"{attribute}\", which the predicate compares")]
    PredicateAttributeMissing {
        /// The member id.
        member: String,
        /// The attribute.
        attribute: String,
    },
    /// A group's tag that no member carries, or a group id that is not a member.
    #[error("{what} \"{value}\" matches no member")]
    NoSuchMember {
        /// "tag" or "id".
        what: &'static str,
        /// The tag or id.
        value: String,
    },
    /// A rule that does not compile.
    #[error(transparent)]
    Rule(RuleErrorKind),
    /// A parameter of a repeated institution out of its range.
    #[error(transparent)]
    Repeated(crate::repeated::RepeatedError),
    /// No rule of that name.
    #[error("no rule named \"{name}\"; expected one of: {known}")]
    UnknownRule {
        /// The name asked for.
        name: String,
        /// The rules defined.
        known: String,
    },
}
