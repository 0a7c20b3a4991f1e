//! Seeded simulation of a repeated public-goods institution (see the parent module for the
//! model). Replication `k` draws from stream `k` of the master seed and replications are
//! combined in order, so a run gives the same numbers serially, in parallel and on any
//! machine. Estimates are means over replications with Student-t intervals.

use super::{IMAGE_BOUND, MemberType, RepeatedInstitution};
use crate::cancel::CancelToken;
use crate::estimate::Estimate;
use crate::repeated::RepeatedError;
use crate::rng::stream;
use rand::Rng;
use rand::seq::SliceRandom;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most rounds per replication (each keeps a running sum per round: 8 bytes a round).
///
/// ```
/// use comity::repeated::institution::{INSTITUTION_MAX_ROUNDS, InstitutionSpec};
/// use comity::repeated::institution::{SimulationOptions, simulate_institution};
/// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
/// let rounds = INSTITUTION_MAX_ROUNDS + 1;
/// let options = SimulationOptions::new(rounds, 2, 1, 0.95);
/// let err = simulate_institution(&body, &options, None).unwrap_err(); // before any round
/// assert!(err.to_string().contains("rounds; the limit is 10000000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const INSTITUTION_MAX_ROUNDS: usize = 10_000_000;

/// Most replications (each keeps its results per type until all are summarised).
///
/// ```
/// use comity::repeated::institution::{INSTITUTION_MAX_SEEDS, InstitutionSpec};
/// use comity::repeated::institution::{SimulationOptions, simulate_institution};
/// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
/// let seeds = INSTITUTION_MAX_SEEDS + 1;
/// let options = SimulationOptions::new(10, seeds, 1, 0.95);
/// let err = simulate_institution(&body, &options, None).unwrap_err();
/// assert!(err.to_string().contains("seeds; the limit is 1000000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const INSTITUTION_MAX_SEEDS: usize = 1_000_000;

/// Most partner links (`members x partners`) of the network.
///
/// ```
/// use comity::repeated::institution::{INSTITUTION_MAX_LINKS, InstitutionSpec};
/// use comity::repeated::institution::{SimulationOptions, simulate_institution};
/// let mut spec = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?;
/// // 100,000 members who each watch everyone: about 10^10 links, refused before the
/// // network is built.
/// (spec.members, spec.partners) = (100_000, 99_999);
/// assert!(100_000 * 99_999 > INSTITUTION_MAX_LINKS);
/// let options = SimulationOptions::new(1, 1, 1, 0.95);
/// let err = simulate_institution(&spec.build()?, &options, None).unwrap_err();
/// assert!(err.to_string().contains("links; the limit is 100000000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const INSTITUTION_MAX_LINKS: u128 = 100_000_000;

/// Most member-partner steps in all (`seeds x rounds x links`), about a quarter of an hour.
///
/// ```
/// use comity::repeated::institution::{INSTITUTION_MAX_WORK, InstitutionSpec};
/// use comity::repeated::institution::{SimulationOptions, simulate_institution};
/// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
/// // 1,000 seeds x 10^6 rounds x 193 members x 4 partners: 7.7 x 10^11 steps.
/// assert!(1_000 * 1_000_000 * 193 * 4 > INSTITUTION_MAX_WORK);
/// let options = SimulationOptions::new(1_000_000, 1_000, 1, 0.95);
/// let err = simulate_institution(&body, &options, None).unwrap_err();
/// assert!(err.to_string().contains("steps; the limit is 100000000000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const INSTITUTION_MAX_WORK: u128 = 100_000_000_000;

/// How many rounds and replications to simulate.
///
/// ```
/// use comity::repeated::institution::{InstitutionSpec, SimulationOptions};
/// let spec = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?;
/// let expected = SimulationOptions::new(10_000, 100, 2026, 0.95);
/// assert_eq!(spec.simulation, expected); // confidence takes its default
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct SimulationOptions {
    /// Rounds per replication (at least 1).
    pub rounds: usize,
    /// Independent replications (at least 1; at least 2 for intervals).
    pub seeds: usize,
    /// Master seed.
    pub seed: u64,
    /// Confidence level of the intervals, in (0, 1).
    pub confidence: f64,
}

impl SimulationOptions {
    /// `seeds` replications of `rounds` rounds from master seed `seed`, intervals at
    /// `confidence` (checked when the simulation runs).
    ///
    /// ```
    /// use comity::repeated::institution::SimulationOptions;
    /// let options = SimulationOptions::new(1_000, 20, 1, 0.95);
    /// assert_eq!((options.rounds, options.seeds), (1_000, 20));
    /// ```
    pub const fn new(rounds: usize, seeds: usize, seed: u64, confidence: f64) -> Self {
        SimulationOptions { rounds, seeds, seed, confidence }
    }
}

/// Results for one member type.
///
/// ```
/// use comity::repeated::institution::{DecisionRule::Majority, MemberType::*, PublicGood};
/// use comity::repeated::institution::{
///     RepeatedInstitution, SimulationOptions, simulate_institution,
/// };
/// // Without noise a free rider never contributes and receives 1.5 * 3 / 4 per round.
/// let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
/// let types = vec![Substantive, Superficial];
/// let body = RepeatedInstitution::new(types, vec![3, 1], good, Majority, 0.0, 2, 0.5)?;
/// let options = SimulationOptions::new(50, 2, 1, 0.95);
/// let rider = &simulate_institution(&body, &options, None)?.by_type[1];
/// assert_eq!(
///     (rider.member_type, rider.members, rider.contribution_rate.mean),
///     (Superficial, 1, 0.0)
/// );
/// assert!((rider.payoff.mean - 1.125).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TypeOutcome {
    /// The type.
    pub member_type: MemberType,
    /// How many members have it.
    pub members: usize,
    /// Its members' average contribution per round.
    pub contribution_rate: Estimate,
    /// Its members' average payoff per round.
    pub payoff: Estimate,
}

/// Results of a simulation.
///
/// ```
/// use comity::repeated::institution::{DecisionRule::Majority, MemberType::*, PublicGood};
/// use comity::repeated::institution::{
///     RepeatedInstitution, SimulationOptions, simulate_institution,
/// };
/// // Three contributors and one free rider without noise: the level is 3/4 every round, above
/// // the collapse level 1/2, in every replication.
/// let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
/// let types = vec![Substantive, Superficial];
/// let body = RepeatedInstitution::new(types, vec![3, 1], good, Majority, 0.0, 2, 0.5)?;
/// let options = SimulationOptions::new(50, 2, 1, 0.95);
/// let out = simulate_institution(&body, &options, None)?;
/// assert_eq!((out.contribution_rate.mean, out.collapsed, out.collapse_round), (0.75, 0.0, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InstitutionOutcome {
    /// The group's average contribution level per round.
    pub contribution_rate: Estimate,
    /// Per type, in the institution's order (types with no members are left out).
    pub by_type: Vec<TypeOutcome>,
    /// Share of replications in which cooperation collapsed within the rounds simulated.
    pub collapsed: f64,
    /// The round of collapse (0-based) over the replications that collapsed, if any did.
    pub collapse_round: Option<Estimate>,
}

/// One replication's results.
struct Run {
    level: f64,
    contribution: Vec<f64>,
    payoff: Vec<f64>,
    collapse: Option<usize>,
}

/// Simulates the institution; `progress`, if given, is called with the number of
/// replications finished so far (from any thread).
///
/// ```
/// use comity::repeated::institution::{
///     InstitutionSpec, SimulationOptions, exact_institution, simulate_institution,
/// };
/// // The memory-one diffuse body: a short simulation against the exact chain's level while
/// // cooperation holds (collapse is far beyond 60 rounds).
/// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
/// let options = SimulationOptions::new(60, 2, 2026, 0.95);
/// let sim = simulate_institution(&body, &options, None)?;
/// let exact = exact_institution(&body)?;
/// assert!((sim.contribution_rate.mean - exact.contribution_rate_high).abs() < 0.01);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate_institution(
    institution: &RepeatedInstitution,
    options: &SimulationOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<InstitutionOutcome, RepeatedError> {
    simulate_institution_cancellable(institution, options, progress, &CancelToken::new())
}

/// [`simulate_institution`], stopping with [`RepeatedError::Interrupted`] once `cancel` is
/// cancelled: checked before each replication (one replication is bounded by the work limit
/// divided by the seeds).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::RepeatedError;
/// use comity::repeated::institution::{
///     InstitutionSpec, SimulationOptions, simulate_institution, simulate_institution_cancellable,
/// };
/// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
/// let options = SimulationOptions::new(60, 2, 2026, 0.95);
/// // An uncancelled token changes nothing; a cancelled one stops before the first replication.
/// let token = CancelToken::new();
/// let sim = simulate_institution_cancellable(&body, &options, None, &token)?;
/// let plain = simulate_institution(&body, &options, None)?;
/// assert_eq!(sim.contribution_rate.mean, plain.contribution_rate.mean);
/// token.cancel();
/// let err = simulate_institution_cancellable(&body, &options, None, &token).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate_institution_cancellable(
    institution: &RepeatedInstitution,
    options: &SimulationOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
    cancel: &CancelToken,
) -> Result<InstitutionOutcome, RepeatedError> {
    let &SimulationOptions { rounds, seeds, seed, confidence } = options;
    if rounds == 0 || seeds == 0 || !(confidence > 0.0 && confidence < 1.0) {
        return Err(RepeatedError::Parameter {
            what: "simulation",
            message: format!(
                "{rounds} rounds, {seeds} seeds, confidence {confidence}; expected at least one round and seed and a confidence in (0, 1)"
            ),
        });
    }
    let n = institution.members();
    let links = n as u128 * institution.partners.min(n - 1) as u128;
    let work = seeds as u128 * rounds as u128 * links;
    let limit = |message: String| Err(RepeatedError::Parameter { what: "simulation", message });
    if rounds > INSTITUTION_MAX_ROUNDS {
        return limit(format!("{rounds} rounds; the limit is {INSTITUTION_MAX_ROUNDS}"));
    }
    if seeds > INSTITUTION_MAX_SEEDS {
        return limit(format!("{seeds} seeds; the limit is {INSTITUTION_MAX_SEEDS}"));
    }
    if links > INSTITUTION_MAX_LINKS {
        return limit(format!(
            "{n} members with {} partners each = {links} links; the limit is {INSTITUTION_MAX_LINKS} (fewer partners)",
            institution.partners.min(n - 1)
        ));
    }
    if work > INSTITUTION_MAX_WORK {
        return limit(format!(
            "{seeds} seeds x {rounds} rounds x {links} links = {work} steps; the limit is {INSTITUTION_MAX_WORK} (fewer rounds or seeds, or --exact where it applies)"
        ));
    }
    let network = Network::new(n, institution.partners);
    let done = AtomicUsize::new(0);
    let runs: Vec<Run> = (0..seeds)
        .into_par_iter()
        .map(|k| {
            cancel.check()?;
            let run = run_once(institution, &network, rounds, &mut stream(seed, k as u64));
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(report) = progress {
                report(finished);
            }
            Ok(run)
        })
        .collect::<Result<_, RepeatedError>>()?;
    let estimate = |samples: Vec<f64>| Estimate::from_samples(&samples, confidence).expect("seeds >= 1");
    let by_type = (0..institution.types.len())
        .filter(|&t| institution.counts[t] > 0)
        .map(|t| TypeOutcome {
            member_type: institution.types[t],
            members: institution.counts[t],
            contribution_rate: estimate(runs.iter().map(|r| r.contribution[t]).collect()),
            payoff: estimate(runs.iter().map(|r| r.payoff[t]).collect()),
        })
        .collect();
    let collapses: Vec<f64> = runs.iter().filter_map(|r| r.collapse.map(|c| c as f64)).collect();
    Ok(InstitutionOutcome {
        contribution_rate: estimate(runs.iter().map(|r| r.level).collect()),
        by_type,
        collapsed: collapses.len() as f64 / seeds as f64,
        collapse_round: Estimate::from_samples(&collapses, confidence),
    })
}

/// The partner network over positions `0..n`: a ring lattice of even degree, or everyone.
struct Network {
    /// `partners[p]`: the positions `p` gives towards and watches.
    partners: Vec<Vec<usize>>,
    /// `back[p][k]`: the index of `p` in the list of its `k`-th partner (the network is
    /// symmetric), to look up what that partner gave towards `p`.
    back: Vec<Vec<usize>>,
}

impl Network {
    fn new(n: usize, degree: usize) -> Self {
        let partners: Vec<Vec<usize>> = (0..n)
            .map(|p| {
                if degree >= n - 1 {
                    (0..n).filter(|&q| q != p).collect()
                } else {
                    (1..=degree / 2).flat_map(|d| [(p + n - d) % n, (p + d) % n]).collect()
                }
            })
            .collect();
        let back = (0..n)
            .map(|p| {
                partners[p].iter().map(|&q| partners[q].iter().position(|&x| x == p).unwrap_or(0)).collect()
            })
            .collect();
        Network { partners, back }
    }
}

/// The intended move, flipped with probability `e`.
fn flip(rng: &mut impl Rng, e: f64, intended: bool) -> bool {
    if e > 0.0 && rng.random::<f64>() < e { !intended } else { intended }
}

fn run_once(inst: &RepeatedInstitution, network: &Network, rounds: usize, rng: &mut impl Rng) -> Run {
    let n = inst.members();
    // Member types by position, in an order shuffled by this replication's stream.
    let mut kind: Vec<usize> =
        inst.counts.iter().enumerate().flat_map(|(t, &k)| std::iter::repeat_n(t, k)).collect();
    kind.shuffle(rng);
    let (partners, back) = (&network.partners, &network.back);
    let targets: Vec<bool> = kind.iter().map(|&t| inst.types[t].targets_partners()).collect();
    let cost = inst.good.cost();
    let not_blocked = inst.not_blocked();
    let e = inst.noise;

    let mut contribution = vec![0.0; n];
    let mut gave: Vec<Vec<bool>> = partners.iter().map(|l| vec![true; l.len()]).collect();
    let mut gave_next = gave.clone();
    let mut score = vec![0i32; n];
    let mut next = vec![0.0; n];
    let mut level_prefix = Vec::with_capacity(rounds + 1);
    level_prefix.push(0.0);
    let types = inst.types.len();
    let (mut type_contribution, mut type_payoff) = (vec![0.0; types], vec![0.0; types]);
    let mut collapse = None;
    for t in 0..rounds {
        for p in 0..n {
            next[p] = match inst.types[kind[p]] {
                MemberType::Substantive => f64::from(u8::from(flip(rng, e, true))),
                MemberType::Superficial | MemberType::Obstructive { .. } => {
                    f64::from(u8::from(flip(rng, e, false)))
                }
                MemberType::Diffuse { memory, threshold } => {
                    let intended = t == 0 || {
                        let m = memory.min(t);
                        (level_prefix[t] - level_prefix[t - m]) / m as f64 >= threshold - 1e-12
                    };
                    f64::from(u8::from(flip(rng, e, intended)))
                }
                MemberType::Specific | MemberType::Indirect { .. } => {
                    let standing = match inst.types[kind[p]] {
                        MemberType::Indirect { standing } => Some(standing),
                        _ => None,
                    };
                    let mut given = 0usize;
                    for (k, &q) in partners[p].iter().enumerate() {
                        let intended = match standing {
                            Some(s) => score[q] >= s,
                            None if t == 0 => true,
                            None if targets[q] => gave[q][back[p][k]],
                            None => contribution[q] >= 0.5,
                        };
                        let g = flip(rng, e, intended);
                        gave_next[p][k] = g;
                        given += usize::from(g);
                    }
                    given as f64 / partners[p].len() as f64
                }
            };
        }
        std::mem::swap(&mut contribution, &mut next);
        std::mem::swap(&mut gave, &mut gave_next);
        let total: f64 = contribution.iter().sum();
        let level = total / n as f64;
        level_prefix.push(level_prefix[t] + level);
        if collapse.is_none() && level < inst.collapse_below {
            collapse = Some(t);
        }
        let produced = not_blocked >= 1.0 || rng.random::<f64>() < not_blocked;
        let benefit = if produced { inst.good.benefit(total, n) } else { 0.0 };
        for p in 0..n {
            let k = kind[p];
            type_contribution[k] += contribution[p];
            if produced {
                type_payoff[k] += benefit - cost * contribution[p];
            }
            score[p] =
                (score[p] + if contribution[p] >= 0.5 { 1 } else { -1 }).clamp(-IMAGE_BOUND, IMAGE_BOUND);
        }
    }
    let per_member_round = |sum: f64, t: usize| {
        let members = inst.counts[t];
        if members == 0 { 0.0 } else { sum / (members * rounds) as f64 }
    };
    Run {
        level: level_prefix[rounds] / rounds as f64,
        contribution: (0..types).map(|t| per_member_round(type_contribution[t], t)).collect(),
        payoff: (0..types).map(|t| per_member_round(type_payoff[t], t)).collect(),
        collapse,
    }
}
