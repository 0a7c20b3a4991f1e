//! Growth studies: a body's membership over time (a growth model of
//! [`crate::caucus::GrowthModel`]) with the small states' share of members and of power at
//! each date, alone and with their caucuses voting as blocs, and the paradox of new members
//! at each accession; the report charts the shares over time.
//!
//! # References
//!
//! - Felsenthal, D. S. and Machover, M. (1998). *The Measurement of Voting Power*, sec. 2.3
//!   (composition) and 7.8 (the paradox of new members).
//! - Brams, S. J. and Affuso, P. J. (1976). Power and size: a new paradox. *Theory and
//!   Decision* 7(1-2), 29-56.
//!
//! ```
//! use comity::study::{Outcome, Study};
//! let study = Study::load("models/studies/oecd_growth.toml")?;
//! let Outcome::Growth(result) = study.run()? else { panic!("a growth study") };
//! // The OECD from 1961 (19 members by the deposit of ratifications) to 38 members in 2021.
//! let first = &result.points[0];
//! let last = result.points.last().expect("a year");
//! assert_eq!((first.year, first.members, last.year, last.members), (1961, 19, 2021, 38));
//! # Ok::<(), comity::study::StudyError>(())
//! ```

use super::StudyError;
use crate::cancel::CancelToken;
use crate::caucus::{GrowthBody, GrowthCaucus, GrowthModel, GrowthPoint, membership_growth_cancellable};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A growth study: one growth model, evaluated at every date.
///
/// ```
/// use comity::study::GrowthSpec;
/// let spec: GrowthSpec = toml::from_str(r#"model = "../growth/unga_membership.toml""#)?;
/// assert!(spec.model.ends_with("unga_membership.toml"));
/// # Ok::<(), toml::de::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthSpec {
    /// The growth model file, relative to the study file.
    pub model: String,
}

/// A growth study's result: the body, its caucuses and every date.
///
/// ```
/// use comity::study::growth::evaluate;
/// use comity::study::GrowthSpec;
/// use std::path::Path;
/// let spec = GrowthSpec { model: "oecd_membership.toml".into() };
/// let result = evaluate(&spec, Path::new("models/growth"), "oecd.toml")?;
/// assert_eq!(result.body.id, "oecd_growth");
/// // With one vote each, no accession raises an incumbent's power.
/// assert!(result.points.iter().all(|p| p.rules.iter().all(|r| r.paradox.is_empty())));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthResult {
    /// The body (name, sources, threshold of a small state, rules).
    pub body: GrowthBody,
    /// Its caucuses.
    pub caucuses: Vec<GrowthCaucus>,
    /// The body at the end of each year in which membership or a caucus changed.
    pub points: Vec<GrowthPoint>,
}

/// Loads the growth model of `spec` (relative to `dir`) and evaluates it at every date;
/// `label` names the study in errors.
///
/// ```
/// use comity::study::growth::evaluate;
/// use comity::study::GrowthSpec;
/// use std::path::Path;
/// let spec = GrowthSpec { model: "no_such_model.toml".into() };
/// let err = evaluate(&spec, Path::new("models/growth"), "study.toml").unwrap_err();
/// assert_eq!(err.field, "growth.model");
/// ```
pub fn evaluate(spec: &GrowthSpec, dir: &Path, label: &str) -> Result<GrowthResult, StudyError> {
    evaluate_cancellable(spec, dir, label, &CancelToken::new())
}

/// [`evaluate`] that stops between dates once `cancel` is cancelled (Ctrl-C in the command
/// line and in Python), with an error saying so rather than the dates done so far.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::study::growth::evaluate_cancellable;
/// use comity::study::GrowthSpec;
/// use std::path::Path;
/// let cancel = CancelToken::new();
/// cancel.cancel();
/// let spec = GrowthSpec { model: "unga_membership.toml".into() };
/// let err = evaluate_cancellable(&spec, Path::new("models/growth"), "study.toml", &cancel).unwrap_err();
/// assert!(err.to_string().contains("interrupted"), "{err}");
/// ```
pub fn evaluate_cancellable(
    spec: &GrowthSpec,
    dir: &Path,
    label: &str,
    cancel: &CancelToken,
) -> Result<GrowthResult, StudyError> {
    let model = GrowthModel::load(dir.join(&spec.model))
        .map_err(|e| StudyError::new(label, "growth.model", e.to_string()))?;
    let points = membership_growth_cancellable(&model, cancel)
        .map_err(|e| StudyError::new(label, "growth", e.to_string()))?;
    Ok(GrowthResult { body: model.body, caucuses: model.caucuses, points })
}
