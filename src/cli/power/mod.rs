//! `comity power`: power indices of every member under each rule of one or more models, or of
//! an ad hoc weighted game, read against weight and population.
//!
//! Beside the indices, a weighted rule gets each member's weight share and each normalised
//! index over it (the power-to-weight ratio of Leech's tables: 1 means power in proportion to
//! weight); a model with a `population` attribute gets each member's population share and the
//! Penrose ratio, the normalised Banzhaf index over the member's share of the square roots of
//! the populations. Penrose's square-root law makes every citizen's indirect power equal when
//! a member's Banzhaf power is proportional to the square root of its population, so a ratio
//! of 1 is Penrose's ideal (Penrose 1946; Słomczyński and Życzkowski 2006, "Penrose voting
//! system and optimal quota", Acta Physica Polonica B 37).

mod report;

use super::format::{Format, FormatArgs, TABULAR};
use super::output::emit;
use super::progress::Progress;
use crate::game::{Composite, Connective, Game, WeightedGame};
use crate::model::Institution;
use crate::power::{
    Backend, Interval, MONTE_CARLO_MAX_SAMPLES, MonteCarloIndices, MonteCarloOptions, PowerError,
    PowerIndices, PowerOptions, monte_carlo, power_indices, power_indices_using,
};
use crate::rules::CompiledQuota;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use num_rational::BigRational;
use report::{POPULATION, Report, csv, weight_attribute};
use std::path::PathBuf;

/// Arguments of `comity power`.
#[derive(Debug, Args)]
pub struct PowerArgs {
    /// Institution files (.toml or .json); every rule of each is evaluated unless --rule is given.
    models: Vec<PathBuf>,
    /// Evaluate only the rule with this name.
    #[arg(long)]
    rule: Option<String>,
    /// Indices to report, comma-separated: shapley_shubik, banzhaf, banzhaf_absolute,
    /// coleman_prevent, coleman_initiate (default: all).
    #[arg(long, value_delimiter = ',')]
    index: Option<Vec<String>>,
    #[command(flatten)]
    format: FormatArgs,
    /// Order of the members: by an index or a column (shapley_shubik, banzhaf, weight,
    /// weight_share, population_share, penrose_ratio, ...; descending) or by id (ascending).
    /// Default: the model's order.
    #[arg(long, value_name = "COLUMN")]
    sort: Option<String>,
    /// Add the totals of this group of the model (repeatable): its members' summed shares and
    /// indices, and the group's ratios.
    #[arg(long, value_name = "NAME")]
    group: Vec<String>,
    /// Exact fractions (and exact Shapley-Shubik even where floating point would be faster).
    #[arg(long)]
    exact: bool,
    /// Ad hoc weighted game: the weights, comma-separated (players are named 1, 2, ... unless
    /// --names is given).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    weights: Option<Vec<String>>,
    /// Ad hoc weighted game: the quota (a coalition wins with at least this weight).
    #[arg(long, allow_hyphen_values = true)]
    quota: Option<String>,
    /// Ad hoc weighted game: the players' names, comma-separated, one per weight (default
    /// 1, 2, ...).
    #[arg(long, value_delimiter = ',', requires = "weights")]
    names: Option<Vec<String>>,
    /// Ad hoc weighted game: players who must all agree as well (names, or 1, 2, ... without
    /// --names), comma-separated.
    #[arg(long, value_delimiter = ',', requires = "weights")]
    veto: Option<Vec<String>>,
    /// How to compute: auto (the fastest exact method that fits, and Monte Carlo only where
    /// none does); exact (never sample); decision-diagram or brute-force (that exact method);
    /// monte-carlo (Shapley-Shubik and absolute Banzhaf estimates with intervals).
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    method: Method,
    /// Monte Carlo: orderings and coalitions to draw, each (default 1000000, at most
    /// 10000000000).
    #[arg(long, conflicts_with = "tolerance")]
    samples: Option<u64>,
    /// Monte Carlo: draw enough samples for this absolute error per member (Hoeffding's bound
    /// at --confidence; refused if that needs more than the most samples).
    #[arg(long)]
    tolerance: Option<f64>,
    /// Monte Carlo: confidence level of the intervals (and of --tolerance; default 0.95).
    #[arg(long)]
    confidence: Option<f64>,
    /// Monte Carlo: seed of the random streams (default 1).
    #[arg(long)]
    seed: Option<u64>,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Samples drawn by default when Monte Carlo is chosen without --samples or --tolerance.
const DEFAULT_SAMPLES: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Method {
    Auto,
    Exact,
    DecisionDiagram,
    BruteForce,
    MonteCarlo,
}

/// The indices `comity power` can report, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    ShapleyShubik,
    Banzhaf,
    BanzhafAbsolute,
    ColemanPrevent,
    ColemanInitiate,
}

const ALL_INDICES: [Index; 5] = [
    Index::ShapleyShubik,
    Index::Banzhaf,
    Index::BanzhafAbsolute,
    Index::ColemanPrevent,
    Index::ColemanInitiate,
];

impl Index {
    fn name(self) -> &'static str {
        match self {
            Index::ShapleyShubik => "shapley_shubik",
            Index::Banzhaf => "banzhaf",
            Index::BanzhafAbsolute => "banzhaf_absolute",
            Index::ColemanPrevent => "coleman_prevent",
            Index::ColemanInitiate => "coleman_initiate",
        }
    }

    fn parse(s: &str) -> anyhow::Result<Index> {
        ALL_INDICES.into_iter().find(|i| i.name() == s.trim()).with_context(|| {
            let names: Vec<_> = ALL_INDICES.iter().map(|i| i.name()).collect();
            format!("--index: unknown index \"{s}\"; expected one of {}", names.join(", "))
        })
    }

    fn values(self, outcome: &Outcome) -> Vec<f64> {
        match outcome {
            Outcome::Exact(p) => match self {
                Index::ShapleyShubik => p.shapley_shubik().unwrap_or_default(),
                Index::Banzhaf => p.banzhaf(),
                Index::BanzhafAbsolute => p.banzhaf_absolute(),
                Index::ColemanPrevent => p.coleman_prevent(),
                Index::ColemanInitiate => p.coleman_initiate(),
            },
            Outcome::Approximate(..) => {
                self.intervals(outcome).unwrap_or_default().iter().map(|i| i.estimate).collect()
            }
        }
    }

    /// Monte Carlo intervals, for the indices that have them.
    fn intervals(self, outcome: &Outcome) -> Option<&[Interval]> {
        match (outcome, self) {
            (Outcome::Approximate(m, _), Index::ShapleyShubik) => Some(&m.shapley_shubik),
            (Outcome::Approximate(m, _), Index::BanzhafAbsolute) => Some(&m.banzhaf_absolute),
            _ => None,
        }
    }

    fn exact(self, outcome: &Outcome) -> Option<Vec<BigRational>> {
        let Outcome::Exact(p) = outcome else { return None };
        let t = p.tally();
        match self {
            Index::ShapleyShubik => p.shapley_shubik_exact().map(<[_]>::to_vec),
            Index::Banzhaf => Some(t.banzhaf()),
            Index::BanzhafAbsolute => Some(t.banzhaf_absolute()),
            Index::ColemanPrevent => Some(t.coleman_prevent()),
            Index::ColemanInitiate => Some(t.coleman_initiate()),
        }
    }
}

/// Indices as computed: exactly, or estimated by Monte Carlo (with the seed used).
enum Outcome {
    Exact(PowerIndices),
    Approximate(MonteCarloIndices, u64),
}

impl Outcome {
    fn method(&self) -> String {
        match self {
            Outcome::Exact(p) => p.method().to_string(),
            Outcome::Approximate(m, seed) => format!(
                "approximate: Monte Carlo, {} orderings and {} coalitions, seed {seed}, Wilson {}% intervals",
                m.samples,
                m.samples,
                m.confidence * 100.0
            ),
        }
    }

    /// Coleman's power of the collectivity to act (exact counts only).
    fn power_to_act(&self) -> Option<&PowerIndices> {
        match self {
            Outcome::Exact(p) => Some(p),
            Outcome::Approximate(..) => None,
        }
    }
}

/// How to compute, from the arguments.
struct Plan {
    method: Method,
    power: PowerOptions,
    sampling: MonteCarloOptions,
    /// An index asked for by --index that Monte Carlo does not estimate, if any.
    unsampled: Option<Index>,
}

impl Plan {
    fn evaluate(&self, game: &Game) -> anyhow::Result<Outcome> {
        let sample = || -> anyhow::Result<Outcome> {
            let progress = Progress::new("sampling", self.sampling.samples as usize);
            let report = |done: u64| progress.report(done as usize);
            Ok(Outcome::Approximate(monte_carlo(game, &self.sampling, Some(&report))?, self.sampling.seed))
        };
        match self.method {
            Method::MonteCarlo => sample(),
            Method::Exact => Ok(Outcome::Exact(power_indices(game, &self.power)?)),
            Method::DecisionDiagram => {
                Ok(Outcome::Exact(power_indices_using(game, &self.power, Backend::DecisionDiagram)?))
            }
            Method::BruteForce => {
                Ok(Outcome::Exact(power_indices_using(game, &self.power, Backend::BruteForce)?))
            }
            Method::Auto => match power_indices(game, &self.power) {
                Ok(p) => Ok(Outcome::Exact(p)),
                Err(e @ (PowerError::NoExactBackend { .. } | PowerError::TooLargeForBruteForce { .. })) => {
                    // Falling back to sampling must not drop what was asked for: an index
                    // that Monte Carlo does not estimate, or exact fractions.
                    if let Some(index) = self.unsampled {
                        bail!(
                            "--index {}: {e}; Monte Carlo, the fallback, estimates shapley_shubik and banzhaf_absolute only",
                            index.name()
                        );
                    }
                    if self.power.exact {
                        bail!("--exact: {e}; drop --exact to estimate the indices by Monte Carlo");
                    }
                    sample()
                }
                Err(e) => Err(e.into()),
            },
        }
    }
}

/// One rule of one body, evaluated.
struct Evaluation {
    body: String,
    rule: String,
    description: String,
    players: Vec<(String, String)>,
    quotas: Vec<CompiledQuota>,
    /// From a draft model (`draft = true`): every output says so.
    draft: bool,
    power: Outcome,
    /// The attribute a weighted rule sums and each member's value of it, when the rule's
    /// weighted conditions all sum one attribute over every member.
    weights: Option<(String, Vec<f64>)>,
    /// Each member's population, when the model has a `population` attribute for every member.
    population: Option<Vec<f64>>,
    /// The groups asked for by --group: name and member positions.
    groups: Vec<(String, Vec<usize>)>,
}

/// Runs `comity power`.
pub fn run(args: &PowerArgs) -> anyhow::Result<()> {
    args.format.check("comity power", &TABULAR)?;
    let indices = match &args.index {
        None if args.method == Method::MonteCarlo => vec![Index::ShapleyShubik, Index::BanzhafAbsolute],
        None => ALL_INDICES.to_vec(),
        Some(list) => list.iter().map(|s| Index::parse(s)).collect::<anyhow::Result<_>>()?,
    };
    let plan = plan(args, &indices)?;
    let evaluations = match (&args.weights, args.models.is_empty()) {
        (Some(_), false) => bail!("give either model files or --weights/--quota, not both"),
        (Some(weights), true) => {
            if args.rule.is_some() {
                bail!("--rule names a rule of a model file; an ad hoc game (--weights/--quota) has one rule");
            }
            if let Some(name) = args.group.first() {
                bail!("--group {name}: an ad hoc game has no groups; groups are defined in model files");
            }
            let names = AdHocNames { names: args.names.as_deref(), veto: args.veto.as_deref() };
            vec![ad_hoc(weights, args.quota.as_deref(), names, &plan)?]
        }
        (None, true) => bail!("nothing to evaluate: give model files, or --weights and --quota"),
        (None, false) => {
            if args.quota.is_some() {
                bail!("--quota goes with --weights; a model's quotas are in its rules");
            }
            let mut all = Vec::new();
            for path in &args.models {
                all.extend(evaluate_model(path, args.rule.as_deref(), &args.group, &plan)?);
            }
            all
        }
    };
    // Sampling options under --method auto apply only where a rule falls back to Monte Carlo.
    if let Some(flag) = sampling_flags(args).first() {
        if !evaluations.iter().any(|e| matches!(e.power, Outcome::Approximate(..))) {
            bail!(
                "{flag} is for Monte Carlo, and every rule was counted exactly; give --method monte-carlo to sample"
            );
        }
    }
    let reports = evaluations
        .iter()
        .map(|e| Report::new(e, &indices, args.exact, args.sort.as_deref()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let text = match args.format.format {
        Format::Json => reports.iter().map(|r| args.format.json(&r.json())).collect(),
        Format::Csv => csv(&reports),
        other => reports.iter().map(|r| r.table().render(other)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}

/// The Monte Carlo options given on the command line.
fn sampling_flags(args: &PowerArgs) -> Vec<&'static str> {
    [
        ("--samples", args.samples.is_some()),
        ("--tolerance", args.tolerance.is_some()),
        ("--confidence", args.confidence.is_some()),
        ("--seed", args.seed.is_some()),
    ]
    .into_iter()
    .filter_map(|(flag, given)| given.then_some(flag))
    .collect()
}

/// The method and its options; Monte Carlo reports only the indices it estimates.
fn plan(args: &PowerArgs, indices: &[Index]) -> anyhow::Result<Plan> {
    let sampled = [Index::ShapleyShubik, Index::BanzhafAbsolute];
    let unsampled = indices.iter().copied().find(|i| !sampled.contains(i)).filter(|_| args.index.is_some());
    if args.method == Method::MonteCarlo {
        if args.exact {
            bail!("--exact and --method monte-carlo exclude each other");
        }
        if let Some(other) = unsampled {
            bail!("--index {}: Monte Carlo estimates shapley_shubik and banzhaf_absolute only", other.name());
        }
    } else if args.method != Method::Auto {
        if let Some(flag) = sampling_flags(args).first() {
            bail!("{flag} is for --method monte-carlo (or auto, where a rule falls back to sampling)");
        }
    }
    let confidence = args.confidence.unwrap_or(0.95);
    let seed = args.seed.unwrap_or(1);
    if !(confidence > 0.0 && confidence < 1.0) {
        bail!("--confidence {confidence}: expected a confidence level in (0, 1)");
    }
    let sampling = match args.tolerance {
        Some(e) => MonteCarloOptions::for_tolerance(e, confidence, seed).context("--tolerance")?,
        None => MonteCarloOptions::new(args.samples.unwrap_or(DEFAULT_SAMPLES), seed, confidence),
    };
    if !(1..=MONTE_CARLO_MAX_SAMPLES).contains(&sampling.samples) {
        bail!("--samples {}: expected 1 to {MONTE_CARLO_MAX_SAMPLES}", sampling.samples);
    }
    let power = PowerOptions::new()
        .with_shapley_shubik(indices.contains(&Index::ShapleyShubik))
        .with_exact(args.exact);
    Ok(Plan { method: args.method, power, sampling, unsampled })
}

/// `--names` and `--veto` of an ad hoc weighted game.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct AdHocNames<'a> {
    pub names: Option<&'a [String]>,
    pub veto: Option<&'a [String]>,
}

impl AdHocNames<'_> {
    /// The players' names (1, 2, ... by default), checked against the number of weights.
    pub(super) fn players(&self, n: usize) -> anyhow::Result<Vec<String>> {
        let Some(names) = self.names else { return Ok((1..=n).map(|i| i.to_string()).collect()) };
        if names.len() != n {
            bail!("--names: {} names for {n} weights; expected one name per weight", names.len());
        }
        for (i, name) in names.iter().enumerate() {
            if name.trim().is_empty() {
                bail!("--names: entry {} is empty; expected a name", i + 1);
            }
            if names[..i].contains(name) {
                bail!("--names: \"{name}\" is given twice; expected distinct names");
            }
        }
        Ok(names.to_vec())
    }

    /// The game with the veto players' agreement required as well, and a description of it.
    pub(super) fn with_veto(&self, game: WeightedGame, players: &[String]) -> anyhow::Result<(Game, String)> {
        let Some(veto) = self.veto else { return Ok((Game::from(game), String::new())) };
        let mut positions = Vec::new();
        for (i, id) in veto.iter().enumerate() {
            let Some(p) = players.iter().position(|x| x == id) else {
                if self.names.is_some() {
                    bail!(
                        "--veto: \"{id}\" is not a player; expected one of --names ({})",
                        players.join(", ")
                    );
                }
                bail!("--veto: \"{id}\" is not a player; expected a player number 1 to {}", players.len());
            };
            if veto[..i].contains(id) {
                bail!("--veto: \"{id}\" is given twice; expected distinct players");
            }
            positions.push(p);
        }
        if positions.is_empty() {
            bail!("--veto: no players given; expected player names separated by commas");
        }
        // Veto as a second weighted condition: weight 1 on each veto player, quota their number,
        // as the rule compiler builds a `veto` leaf; `all` of the two is then any backend's input.
        let mut unit = vec![0u64; players.len()];
        for &p in &positions {
            unit[p] = 1;
        }
        let veto_game = WeightedGame::new(unit, positions.len() as u64).context("--veto")?;
        let game = Composite::new(Connective::All, vec![game.into(), veto_game.into()]).context("--veto")?;
        Ok((Game::from(game), format!(", with veto of {}", veto.join(", "))))
    }
}

fn ad_hoc(
    weights: &[String],
    quota: Option<&str>,
    names: AdHocNames<'_>,
    plan: &Plan,
) -> anyhow::Result<Evaluation> {
    let weights: Vec<u64> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            w.trim().parse().with_context(|| {
                let whole = w.trim().parse::<f64>().is_ok_and(|x| x >= 0.0 && x.fract() == 0.0);
                if whole {
                    format!("--weights: entry {} is \"{w}\"; expected a whole number written in digits, at most {}", i + 1, u64::MAX)
                } else {
                    format!("--weights: entry {} is \"{w}\"; expected a whole number >= 0", i + 1)
                }
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let quota = quota.context("--weights needs --quota (a coalition wins with at least that weight)")?;
    let quota: u64 = quota
        .trim()
        .parse()
        .with_context(|| format!("--quota is \"{quota}\"; expected a whole number >= 1"))?;
    let players = names.players(weights.len())?;
    let game = WeightedGame::new(weights.clone(), quota).context("--weights/--quota")?;
    let total = game.total();
    let (game, veto) = names.with_veto(game, &players)?;
    let power = plan.evaluate(&game)?;
    let mut quotas = vec![CompiledQuota {
        path: String::new(),
        primitive: "weighted",
        attribute: Some("weight".into()),
        at_least: quota,
        total,
        share: None,
        more_than: false,
        of: None,
        default_rule: None,
    }];
    if let Some(ids) = names.veto {
        quotas[0].path = "all[0]".into();
        quotas.push(CompiledQuota {
            path: "all[1]".into(),
            primitive: "veto",
            attribute: None,
            at_least: ids.len() as u64,
            total: ids.len() as u64,
            share: None,
            more_than: false,
            of: None,
            default_rule: None,
        });
    }
    Ok(Evaluation {
        body: "ad hoc".into(),
        rule: "ad hoc".into(),
        description: format!(
            "weighted game [{quota}; {}]{veto}",
            weights.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
        players: players.iter().map(|p| (p.clone(), p.clone())).collect(),
        quotas,
        draft: false,
        power,
        weights: Some(("weight".into(), weights.iter().map(|&w| w as f64).collect())),
        population: None,
        groups: Vec::new(),
    })
}

fn evaluate_model(
    path: &PathBuf,
    only: Option<&str>,
    group_names: &[String],
    plan: &Plan,
) -> anyhow::Result<Vec<Evaluation>> {
    let body = Institution::load(path)?;
    let groups = group_names
        .iter()
        .map(|name| match body.group(name) {
            Some(members) => Ok((name.clone(), members.to_vec())),
            None => {
                let known: Vec<&str> = body.groups().iter().map(|g| g.name.as_str()).collect();
                let expected = if known.is_empty() {
                    "the model defines no groups".to_string()
                } else {
                    format!("expected one of {}", known.join(", "))
                };
                bail!("--group {name}: {} has no group \"{name}\"; {expected}", path.display())
            }
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let attribute = |name: &str| -> Option<Vec<f64>> {
        body.members().iter().map(|m| m.attributes.get(name).copied()).collect()
    };
    let population = attribute(POPULATION);
    let names: Vec<String> = match only {
        Some(name) => vec![body.compile(name).map(|_| name.to_string())?],
        None => body.rules().iter().map(|r| r.name.clone()).collect(),
    };
    let players: Vec<(String, String)> =
        body.members().iter().map(|m| (m.id.clone(), m.name.clone())).collect();
    names
        .into_iter()
        .map(|name| {
            let compiled = body.compile(&name)?;
            let power =
                plan.evaluate(&compiled.game).with_context(|| format!("{}: rule {name}", path.display()))?;
            let entry = body.rules().iter().find(|r| r.name == name).expect("compiled rules exist");
            let weights =
                weight_attribute(&compiled.quotas).and_then(|a| attribute(&a).map(|values| (a, values)));
            Ok(Evaluation {
                body: body.info().name.clone(),
                rule: name,
                description: entry.description.clone().unwrap_or_default(),
                players: players.clone(),
                quotas: compiled.quotas,
                draft: body.is_draft(),
                power,
                weights,
                population: population.clone(),
                groups: groups.clone(),
            })
        })
        .collect()
}
