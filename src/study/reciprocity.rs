//! Reciprocity studies: how cooperation in a repeated public-goods institution holds up as
//! membership grows, for diffuse reciprocity (Keohane 1986: rough equivalence of benefits in
//! the aggregate over time) against specific reciprocity (tit-for-tat with each partner).
//!
//! Each model file (the format of `comity reciprocity institution`) is simulated at each
//! membership size, with its type shares apportioned to the size and the study's rounds and
//! seeds; see [`crate::repeated::institution`] for the model. A model of real members (the
//! format of `comity reciprocity members`, [`MembersSpec`]) keeps its body's membership, which
//! the study's sizes must list, and reports each of its groups' contribution share, benefit
//! share, payoff and burden per head.
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
use crate::cancel::CancelToken;
use crate::repeated::institution::{
    InstitutionSpec, MembersSpec, simulate_institution_cancellable, simulate_members_cancellable,
};
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
    /// Confidence level of the intervals (the model file's).
    pub confidence: f64,
    /// Mean payoff per round of each type (type label, payoff), or per member of each group
    /// for a model of real members.
    pub payoffs: Vec<(String, f64)>,
    /// A model of real members: what each group pays and gets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupShares>,
}

/// What a group of real members pays and gets: means over the histories, each with the
/// half-width of its Student-t interval at the model's confidence level.
///
/// ```
/// use comity::study::reciprocity::evaluate;
/// use std::path::Path;
/// let models = ["real_diffuse.toml".to_string()];
/// let results = evaluate(&models, &[189], 30, 2, Path::new("models/reciprocity"), "real.toml")?;
/// let sids = results[0].groups.iter().find(|g| g.name == "sids").expect("reported");
/// // 36 small island states pay under 2% of the budget and get 32% of the good.
/// assert!(sids.contribution_share < 0.02 && (sids.benefit_share - 0.32).abs() < 1e-9);
/// // Noise makes payments vary between histories; the benefit shares stay fixed without sanctions.
/// assert!(sids.contribution_share_half_width > 0.0 && sids.benefit_share_half_width < 1e-12);
/// assert_eq!(results[0].confidence, 0.95);
/// # Ok::<(), comity::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupShares {
    /// The group's name.
    pub name: String,
    /// Its number of members.
    pub members: usize,
    /// Its share of all payments.
    pub contribution_share: f64,
    /// Half-width of its interval.
    pub contribution_share_half_width: f64,
    /// Its share of all benefits received.
    pub benefit_share: f64,
    /// Half-width of its interval.
    pub benefit_share_half_width: f64,
    /// Its members' mean payoff per round.
    pub payoff: f64,
    /// Half-width of its interval.
    pub payoff_half_width: f64,
    /// What it pays per round per head, when its members' populations are known.
    pub burden_per_head: Option<f64>,
    /// Half-width of its interval, when its members' populations are known.
    pub burden_per_head_half_width: Option<f64>,
    /// Share of its member-rounds under suspension or exclusion.
    pub sanctioned: f64,
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
    evaluate_cancellable(models, sizes, rounds, seeds, dir, label, &CancelToken::new())
}

/// [`evaluate`], stopping with an "interrupted" [`StudyError`] once `cancel` is cancelled:
/// the token is checked before each model and size and before each replication of its
/// simulation, so a cancelled study stops within one replication per thread.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::study::reciprocity::evaluate_cancellable;
/// use std::path::Path;
/// let dir = Path::new("models/reciprocity");
/// let models = ["growth_diffuse.toml".to_string()];
/// let token = CancelToken::new();
/// let results = evaluate_cancellable(&models, &[5], 50, 2, dir, "growth.toml", &token)?;
/// assert_eq!(results.len(), 1);
/// token.cancel();
/// let err = evaluate_cancellable(&models, &[5], 50, 2, dir, "growth.toml", &token).unwrap_err();
/// assert!(err.to_string().contains("interrupted"));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
pub fn evaluate_cancellable(
    models: &[String],
    sizes: &[usize],
    rounds: usize,
    seeds: usize,
    dir: &Path,
    label: &str,
    cancel: &CancelToken,
) -> Result<Vec<ReciprocityResult>, StudyError> {
    let specs: Vec<Model> = models
        .iter()
        .enumerate()
        .map(|(k, path)| {
            let field = format!("reciprocity.models[{k}]");
            let fail = |e: &dyn std::fmt::Display| StudyError::new(label, field.clone(), e.to_string());
            let path = dir.join(path);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !MembersSpec::is_members_file(&text) {
                return InstitutionSpec::load(&path).map(Model::Anonymous).map_err(|e| fail(&e));
            }
            let spec = MembersSpec::load(&path).map_err(|e| fail(&e))?;
            let n = spec.body.members().len();
            if !sizes.contains(&n) {
                return Err(fail(&format!(
                    "the model '{}' has {n} real members, not among the sizes {sizes:?}; expected its size listed in reciprocity.members",
                    spec.name
                )));
            }
            Ok(Model::Real(Box::new(spec)))
        })
        .collect::<Result<_, _>>()?;
    let jobs: Vec<(usize, usize)> = (0..specs.len())
        .flat_map(|m| {
            let real = match &specs[m] {
                Model::Real(spec) => Some(spec.body.members().len()),
                Model::Anonymous(_) => None,
            };
            sizes.iter().filter(move |&&n| real.is_none_or(|r| r == n)).map(move |&n| (m, n))
        })
        .collect();
    jobs.par_iter()
        .map(|&(m, n)| {
            cancel.check().map_err(|e| StudyError::new(label, "", e.to_string()))?;
            let spec = match &specs[m] {
                Model::Anonymous(spec) => spec,
                Model::Real(spec) => return real_members(spec, rounds, seeds, label, cancel),
            };
            let mut spec = spec.clone();
            spec.members = n;
            spec.simulation.rounds = rounds;
            spec.simulation.seeds = seeds;
            let field = format!("reciprocity (model '{}', {n} members)", spec.name);
            let institution =
                spec.build().map_err(|e| StudyError::new(label, field.clone(), e.to_string()))?;
            let outcome = simulate_institution_cancellable(&institution, &spec.simulation, None, cancel)
                .map_err(|e| StudyError::new(label, field, e.to_string()))?;
            Ok(ReciprocityResult {
                model: spec.name.clone(),
                members: n,
                contribution_rate: outcome.contribution_rate.mean,
                contribution_half_width: outcome.contribution_rate.half_width,
                collapsed: outcome.collapsed,
                confidence: outcome.contribution_rate.confidence,
                payoffs: outcome.by_type.iter().map(|t| (t.member_type.label(), t.payoff.mean)).collect(),
                groups: Vec::new(),
            })
        })
        .collect()
}

/// A study's model: anonymous members resized to each size, or a body of real members.
enum Model {
    Anonymous(InstitutionSpec),
    Real(Box<MembersSpec>),
}

/// Simulates a model of real members with the study's rounds and seeds.
fn real_members(
    spec: &MembersSpec,
    rounds: usize,
    seeds: usize,
    label: &str,
    cancel: &CancelToken,
) -> Result<ReciprocityResult, StudyError> {
    let options = crate::repeated::institution::SimulationOptions { rounds, seeds, ..spec.simulation };
    let field = format!("reciprocity (model '{}')", spec.name);
    let outcome = simulate_members_cancellable(&spec.body, &options, cancel)
        .map_err(|e| StudyError::new(label, field, e.to_string()))?;
    let groups: Vec<GroupShares> = outcome
        .groups
        .iter()
        .map(|g| GroupShares {
            name: g.name.clone(),
            members: g.members,
            contribution_share: g.contribution_share.mean,
            contribution_share_half_width: g.contribution_share.half_width,
            benefit_share: g.benefit_share.mean,
            benefit_share_half_width: g.benefit_share.half_width,
            payoff: g.payoff.mean,
            payoff_half_width: g.payoff.half_width,
            burden_per_head: g.burden_per_head,
            burden_per_head_half_width: g.population.map(|p| g.contribution.half_width / p),
            sanctioned: g.sanctioned,
        })
        .collect();
    Ok(ReciprocityResult {
        model: spec.name.clone(),
        members: spec.body.members().len(),
        // What the whole body pays, sanctioned members included, so that models with and
        // without sanctions compare; arrears paid back in the last rounds can lift it a little
        // above 1, and the long-run rate is a share.
        contribution_rate: outcome.payment_rate.mean.min(1.0),
        contribution_half_width: outcome.payment_rate.half_width,
        collapsed: outcome.collapsed,
        confidence: options.confidence,
        payoffs: groups.iter().map(|g| (g.name.clone(), g.payoff)).collect(),
        groups,
    })
}
