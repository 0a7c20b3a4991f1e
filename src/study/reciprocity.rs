//! Reciprocity studies: how cooperation in a repeated public-goods institution holds up as
//! membership grows, for diffuse reciprocity (Keohane 1986: rough equivalence of benefits in
//! the aggregate over time) against specific reciprocity (tit-for-tat with each partner).
//!
//! Each model file (the format of `comity reciprocity institution`) is simulated at each
//! membership size, with its type shares apportioned to the size and the study's rounds and
//! seeds; see [`crate::repeated::institution`] for the model.
//!
//! # References
//!
//! - Keohane, R. O. (1986). Reciprocity in international relations. *International
//!   Organization* 40(1), 1-27.
//!
//! ```
//! use comity::study::{reciprocity, Study};
//! let study = Study::load("models/studies/reciprocity_growth.toml")?;
//! let spec = study.file().reciprocity.as_ref().expect("a reciprocity study");
//! // The bundled study's two models at its smallest size, in short histories.
//! let (dir, label) = (study.dir(), study.label());
//! let results = reciprocity::evaluate(&spec.models, &spec.members[..1], 50, 2, dir, label)?;
//! let models: Vec<&str> = results.iter().map(|r| r.model.as_str()).collect();
//! assert_eq!(models, ["Diffuse reciprocity", "Specific reciprocity"]);
//! # Ok::<(), comity::study::StudyError>(())
//! ```

use super::StudyError;
use crate::repeated::institution::{InstitutionSpec, simulate_institution};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

/// One model at one membership size.
///
/// ```
/// use comity::study::reciprocity::evaluate;
/// use std::path::Path;
/// let models = ["growth_diffuse.toml".to_string()];
/// let results = evaluate(&models, &[5], 50, 2, Path::new("models/reciprocity"), "growth.toml")?;
/// let club = &results[0];
/// assert_eq!((club.model.as_str(), club.members), ("Diffuse reciprocity", 5));
/// assert!((0.0..=1.0).contains(&club.contribution_rate) && (0.0..=1.0).contains(&club.collapsed));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReciprocityResult {
    /// The model's name.
    pub model: String,
    /// Membership size.
    pub members: usize,
    /// Mean long-run contribution rate over the histories.
    pub contribution_rate: f64,
    /// Half-width of its confidence interval.
    pub contribution_half_width: f64,
    /// Share of histories in which cooperation collapsed.
    pub collapsed: f64,
    /// Mean payoff per round of each type (type label, payoff).
    pub payoffs: Vec<(String, f64)>,
}

/// Simulates every model at every size (in parallel; each run is seeded by its model file, so
/// the results do not depend on the order or the number of threads).
///
/// ```
/// use comity::study::reciprocity::evaluate;
/// use std::path::Path;
/// let dir = Path::new("models/reciprocity");
/// let models = ["growth_diffuse.toml".to_string(), "growth_specific.toml".to_string()];
/// let results = evaluate(&models, &[5, 10], 50, 2, dir, "growth.toml")?;
/// let runs: Vec<(&str, usize)> = results.iter().map(|r| (r.model.as_str(), r.members)).collect();
/// assert_eq!(runs.len(), 4);
/// // Seeded by the model files: a second run, sizes in another order, agrees.
/// let again = evaluate(&models, &[10, 5], 50, 2, dir, "growth.toml")?;
/// assert_eq!((&again[1], &again[0]), (&results[0], &results[1]));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
pub fn evaluate(
    models: &[String],
    sizes: &[usize],
    rounds: usize,
    seeds: usize,
    dir: &Path,
    label: &str,
) -> Result<Vec<ReciprocityResult>, StudyError> {
    let specs: Vec<InstitutionSpec> = models
        .iter()
        .enumerate()
        .map(|(k, path)| {
            InstitutionSpec::load(dir.join(path))
                .map_err(|e| StudyError::new(label, format!("reciprocity.models[{k}]"), e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    let jobs: Vec<(usize, usize)> =
        (0..specs.len()).flat_map(|m| sizes.iter().map(move |&n| (m, n))).collect();
    jobs.par_iter()
        .map(|&(m, n)| {
            let mut spec = specs[m].clone();
            spec.members = n;
            spec.simulation.rounds = rounds;
            spec.simulation.seeds = seeds;
            let field = format!("reciprocity (model '{}', {n} members)", spec.name);
            let institution =
                spec.build().map_err(|e| StudyError::new(label, field.clone(), e.to_string()))?;
            let outcome = simulate_institution(&institution, &spec.simulation, None)
                .map_err(|e| StudyError::new(label, field, e.to_string()))?;
            Ok(ReciprocityResult {
                model: spec.name.clone(),
                members: n,
                contribution_rate: outcome.contribution_rate.mean,
                contribution_half_width: outcome.contribution_rate.half_width,
                collapsed: outcome.collapsed,
                payoffs: outcome.by_type.iter().map(|t| (t.member_type.label(), t.payoff.mean)).collect(),
            })
        })
        .collect()
}
