//! Errors in study files and in evaluating their variants: which file, which field, and what
//! was expected.

use std::fmt;

/// A study that cannot be run, with where and why.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::StudyError;
/// // A baseline that names no variant is refused with the file, the field and the reason.
/// let text = text.replace(r#"baseline = "today""#, r#"baseline = "tomorrow""#);
/// let err: StudyError = Study::from_toml(&text, "veto.toml", study.dir()).unwrap_err();
/// assert_eq!((err.file.as_str(), err.field.as_str()), ("veto.toml", "study.baseline"));
/// let expected = "veto.toml: study.baseline: unknown variant 'tomorrow'; expected a variant name";
/// assert_eq!(err.to_string(), expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct StudyError {
    /// The study file, as given.
    pub file: String,
    /// The field (`variants[2].rule`, `sweeps[size].axes.seats`), or empty for the whole file.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl StudyError {
    /// An error in `field` of `file`.
    ///
    /// ```
    /// use comity::study::StudyError;
    /// let err = StudyError::new("reform.toml", "variants[2].rule", "unknown rule 'substantiv'");
    /// assert_eq!(err.to_string(), "reform.toml: variants[2].rule: unknown rule 'substantiv'");
    /// // An empty field stands for the whole file.
    /// let whole = StudyError::new("reform.toml", "", "empty file");
    /// assert_eq!(whole.to_string(), "reform.toml: empty file");
    /// ```
    pub fn new(file: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        StudyError { file: file.to_string(), field: field.into(), message: message.into() }
    }
}

impl fmt::Display for StudyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}
