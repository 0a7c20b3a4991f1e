//! Errors in study files and in evaluating their variants: which file, which field, and what
//! was expected.

use std::fmt;

/// A study that cannot be run, with where and why.
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
