//! Library errors as Python exceptions.
//!
//! The exception classes live in Python (`comity/errors.py`), where a class can inherit from
//! both `ComityError` and a built-in such as `ValueError`; the extension looks them up by name
//! when it raises. (Rejected: `pyo3::create_exception!`, which takes one base class only, so bad
//! input could not be a `ValueError` and a `ComityError` at once.) The message is the library's
//! own, naming the file, the field and the value expected.

use comity::model::{ModelError, ModelErrorKind};
use pyo3::prelude::*;
use pyo3::types::PyType;
use std::fmt::Display;

/// Which exception class of `comity.errors` an error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad input: `comity.InputError` (a `ValueError`).
    Input,
    /// A file that cannot be read: `comity.ReadError` (an `InputError` and an `OSError`).
    Read,
    /// Input beyond a size or cost limit: `comity.LimitError` (an `InputError`).
    Limit,
    /// A solver that failed on valid input: `comity.SolverError` (a `RuntimeError`).
    Solver,
}

impl Kind {
    fn class_name(self) -> &'static str {
        match self {
            Kind::Input => "InputError",
            Kind::Read => "ReadError",
            Kind::Limit => "LimitError",
            Kind::Solver => "SolverError",
        }
    }
}

/// An exception of class `kind` carrying `message`.
pub fn raise(kind: Kind, message: impl Display) -> PyErr {
    let message = message.to_string();
    Python::with_gil(|py| {
        let class = py
            .import("comity.errors")
            .and_then(|module| module.getattr(kind.class_name()))
            .and_then(|class| class.downcast_into::<PyType>().map_err(PyErr::from));
        match class {
            Ok(class) => PyErr::from_type(class, message),
            // The package's Python half is missing (the extension imported on its own).
            Err(_) => pyo3::exceptions::PyValueError::new_err(message),
        }
    })
}

/// A bad-input error.
pub fn input(message: impl Display) -> PyErr {
    raise(Kind::Input, message)
}

/// A model file's error: unreadable files, size limits, and everything else as bad input.
pub fn model(err: ModelError) -> PyErr {
    let kind = match err.kind {
        ModelErrorKind::Read { .. } => Kind::Read,
        ModelErrorKind::TooManyMembers { .. } => Kind::Limit,
        _ => Kind::Input,
    };
    raise(kind, err)
}

/// An error computed off the GIL (on a worker thread), raised once back on the caller's.
pub type Failure = (Kind, String);

/// The exception of a [`Failure`].
pub fn failure((kind, message): Failure) -> PyErr {
    raise(kind, message)
}
