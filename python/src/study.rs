//! Studies, for `comity.Study` and `comity.batch`.
//!
//! A study's results cross in the library's own JSON: `study::json_line` per variant (the rows
//! `comity batch` writes) and the serialised results of a whole run; the report's files (the
//! Markdown and the charts' SVG) as text, its PNG charts as bytes.

use crate::errors::{Kind, failure, input};
use crate::interrupt;
use comity::study::{Outcome, Shard, Study as LibStudy, StudyError, json_line, report};
use pyo3::prelude::*;
use std::sync::Arc;

fn study_error(err: StudyError) -> PyErr {
    let kind = if err.message.starts_with("cannot read") { Kind::Read } else { Kind::Input };
    failure((kind, err.to_string()))
}

/// A validated study file: its variants are built and measured on demand.
#[pyclass(frozen, module = "comity._comity")]
pub struct Study {
    inner: Arc<LibStudy>,
}

#[pymethods]
impl Study {
    /// Loads and validates a study file (its institutions are read relative to it).
    #[staticmethod]
    fn load(py: Python<'_>, path: String) -> PyResult<Self> {
        let study = interrupt::run(py, move || LibStudy::load(&path))?.map_err(study_error)?;
        Ok(Study { inner: Arc::new(study) })
    }

    /// The number of variants (sweeps expanded).
    fn variant_count(&self) -> usize {
        self.inner.variants().len()
    }

    /// Whether the study compares repeated institutions (a reciprocity study).
    fn is_reciprocity(&self) -> bool {
        self.inner.is_reciprocity()
    }

    /// The variants of shard `index` of `count` (1-based, as `--shard K/N`), as `(start, end)`.
    fn shard_range(&self, index: usize, count: usize) -> PyResult<(usize, usize)> {
        let total = self.variant_count();
        let shard = Shard::new(index, count).map_err(|e| input(format!("shard: {e}")))?;
        shard.check(total).map_err(|e| input(format!("shard: {e}")))?;
        let range = shard.range(total);
        Ok((range.start, range.end))
    }

    /// Variant `index` measured, as the JSON line `comity batch` writes for it.
    fn evaluate(&self, py: Python<'_>, index: usize) -> PyResult<String> {
        let total = self.variant_count();
        if index >= total {
            return Err(input(format!("variant {index}: expected 0 to {}", total.saturating_sub(1))));
        }
        let study = self.inner.clone();
        let result = interrupt::run_cancellable(py, move |cancel| study.evaluate_cancellable(index, cancel))?
            .map_err(study_error)?;
        Ok(json_line(&result, total))
    }

    /// The whole study run (a tqdm bar over its variants when it is long; stopped by Ctrl-C
    /// between variants, or between dates of a growth study): its results as JSON (`{"kind": "power"|"reciprocity"|"growth",
    /// "results": ...}`), the report's text files (the Markdown first, then the charts' SVG) and its PNG
    /// images.
    #[allow(clippy::type_complexity)]
    fn run(&self, py: Python<'_>) -> PyResult<(String, Vec<(String, String)>, Vec<(String, Vec<u8>)>)> {
        let study = self.inner.clone();
        let steps = study.run_steps() as u64;
        let (outcome, report) = interrupt::run_with_progress(py, steps, "study", move |cancel, done| {
            let counted = || {
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            };
            let outcome = study.run_with(cancel, &counted)?;
            let report = report(&study, &outcome)?;
            Ok::<_, StudyError>((outcome, report))
        })?
        .map_err(study_error)?;
        let results = match &outcome {
            Outcome::Power(results) => serde_json::json!({"kind": "power", "results": results}),
            Outcome::Reciprocity(results) => serde_json::json!({"kind": "reciprocity", "results": results}),
            Outcome::Growth(results) => serde_json::json!({"kind": "growth", "results": results}),
        };
        Ok((results.to_string(), report.files, report.images))
    }
}
