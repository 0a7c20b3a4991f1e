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

use super::format::{Cell, Format, FormatArgs, TABULAR, Table};
use super::output::{emit, fraction};
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
use serde_json::{Map, Value, json};
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
        None => MonteCarloOptions { samples: args.samples.unwrap_or(DEFAULT_SAMPLES), seed, confidence },
    };
    if !(1..=MONTE_CARLO_MAX_SAMPLES).contains(&sampling.samples) {
        bail!("--samples {}: expected 1 to {MONTE_CARLO_MAX_SAMPLES}", sampling.samples);
    }
    let power = PowerOptions { shapley_shubik: indices.contains(&Index::ShapleyShubik), exact: args.exact };
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

/// The attribute read as population for population shares and the Penrose ratio.
const POPULATION: &str = "population";

/// The attribute that the rule's weighted conditions sum, when they all sum one attribute
/// over every member (no `of` scope); `None` for rules without weights or with several.
fn weight_attribute(quotas: &[CompiledQuota]) -> Option<String> {
    let mut found: Option<&str> = None;
    for q in quotas.iter().filter(|q| q.primitive == "weighted") {
        let attribute = q.attribute.as_deref()?;
        if q.of.is_some() || found.is_some_and(|a| a != attribute) {
            return None;
        }
        found = Some(attribute);
    }
    found.map(str::to_string)
}

/// A column of the members' table, in the order tables print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Weight,
    WeightShare,
    PopulationShare,
    Index(Index),
    Low(Index),
    High(Index),
    /// The index over the weight share (normalised indices only).
    ToWeight(Index),
    /// Normalised Banzhaf over the share of the square roots of the populations.
    Penrose,
}

impl Column {
    fn name(self) -> String {
        match self {
            Column::Weight => "weight".into(),
            Column::WeightShare => "weight_share".into(),
            Column::PopulationShare => "population_share".into(),
            Column::Index(i) => i.name().into(),
            Column::Low(i) => format!("{}_low", i.name()),
            Column::High(i) => format!("{}_high", i.name()),
            Column::ToWeight(i) => format!("{}_to_weight", i.name()),
            Column::Penrose => "penrose_ratio".into(),
        }
    }

    /// Every column in print order.
    fn all() -> Vec<Column> {
        let mut all = vec![Column::Weight, Column::WeightShare, Column::PopulationShare];
        for i in ALL_INDICES {
            all.extend([Column::Index(i), Column::Low(i), Column::High(i)]);
        }
        all.extend([
            Column::ToWeight(Index::ShapleyShubik),
            Column::ToWeight(Index::Banzhaf),
            Column::Penrose,
        ]);
        all
    }
}

/// One row of the members' table: a member, or a group's totals.
#[derive(Debug, Clone)]
struct Row {
    id: String,
    name: String,
    weight: Option<f64>,
    weight_share: Option<f64>,
    population_share: Option<f64>,
    /// The share of the square roots of the populations (Penrose's ideal Banzhaf share).
    root_share: Option<f64>,
    /// Per index asked for: its value, its interval and its exact fraction, where computed.
    values: Vec<Option<f64>>,
    intervals: Vec<Option<(f64, f64)>>,
    exact: Vec<Option<BigRational>>,
}

impl Row {
    fn value(&self, column: Column, indices: &[Index]) -> Option<f64> {
        let at = |i: Index| indices.iter().position(|&x| x == i);
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        match column {
            Column::Weight => self.weight,
            Column::WeightShare => self.weight_share,
            Column::PopulationShare => self.population_share,
            Column::Index(i) => at(i).and_then(|k| self.values[k]),
            Column::Low(i) => at(i).and_then(|k| self.intervals[k]).map(|x| x.0),
            Column::High(i) => at(i).and_then(|k| self.intervals[k]).map(|x| x.1),
            Column::ToWeight(i) => ratio(at(i).and_then(|k| self.values[k]), self.weight_share),
            Column::Penrose => ratio(at(Index::Banzhaf).and_then(|k| self.values[k]), self.root_share),
        }
    }

    /// The totals of the rows at `members`: weights, shares and the normalised indices
    /// (Shapley-Shubik, Banzhaf) summed, ratios then taken of the sums. The absolute indices
    /// and intervals are not additive over members and are left empty.
    fn total(name: &str, rows: &[Row], members: &[usize], indices: &[Index]) -> Row {
        let additive: Vec<bool> =
            indices.iter().map(|i| matches!(i, Index::ShapleyShubik | Index::Banzhaf)).collect();
        let sum =
            |f: &dyn Fn(&Row) -> Option<f64>| -> Option<f64> { members.iter().map(|&m| f(&rows[m])).sum() };
        let k = rows.first().map_or(0, |r| r.values.len());
        Row {
            id: format!("group:{name}"),
            name: format!("{} members", members.len()),
            weight: sum(&|r| r.weight),
            weight_share: sum(&|r| r.weight_share),
            population_share: sum(&|r| r.population_share),
            root_share: sum(&|r| r.root_share),
            values: (0..k).map(|i| if additive[i] { sum(&|r| r.values[i]) } else { None }).collect(),
            intervals: vec![None; k],
            exact: (0..k)
                .map(|i| {
                    let sum = members.iter().map(|&m| rows[m].exact[i].clone()).sum::<Option<BigRational>>();
                    sum.filter(|_| additive[i])
                })
                .collect(),
        }
    }
}

/// One evaluation laid out for printing: its columns, member rows (sorted) and group rows.
struct Report<'a> {
    e: &'a Evaluation,
    indices: Vec<Index>,
    exact: bool,
    columns: Vec<Column>,
    members: Vec<Row>,
    groups: Vec<(Row, Vec<String>)>,
}

/// Each value over the total, or `None` when the total is not positive.
fn shares(values: &[f64]) -> Vec<Option<f64>> {
    let total: f64 = values.iter().sum();
    values.iter().map(|&v| (total > 0.0).then(|| v / total)).collect()
}

impl<'a> Report<'a> {
    fn new(
        e: &'a Evaluation,
        indices: &[Index],
        exact: bool,
        sort: Option<&str>,
    ) -> anyhow::Result<Report<'a>> {
        let n = e.players.len();
        let available: Vec<bool> = indices
            .iter()
            .map(|&i| matches!(e.power, Outcome::Exact(_)) || i.intervals(&e.power).is_some())
            .collect();
        let values: Vec<Vec<f64>> = indices.iter().map(|&i| i.values(&e.power)).collect();
        let intervals: Vec<Option<&[Interval]>> = indices.iter().map(|&i| i.intervals(&e.power)).collect();
        let fractions: Vec<Option<Vec<BigRational>>> =
            indices.iter().map(|&i| if exact { i.exact(&e.power) } else { None }).collect();
        let weight_shares = e.weights.as_ref().map(|(_, w)| shares(w));
        let population_shares = e.population.as_ref().map(|p| shares(p));
        let root_shares =
            e.population.as_ref().map(|p| shares(&p.iter().map(|x| x.max(0.0).sqrt()).collect::<Vec<_>>()));
        let mut members: Vec<Row> = (0..n)
            .map(|m| Row {
                id: e.players[m].0.clone(),
                name: e.players[m].1.clone(),
                weight: e.weights.as_ref().map(|(_, w)| w[m]),
                weight_share: weight_shares.as_ref().and_then(|s| s[m]),
                population_share: population_shares.as_ref().and_then(|s| s[m]),
                root_share: root_shares.as_ref().and_then(|s| s[m]),
                values: (0..indices.len()).map(|k| available[k].then(|| values[k][m])).collect(),
                intervals: intervals.iter().map(|list| list.map(|l| (l[m].low, l[m].high))).collect(),
                exact: fractions.iter().map(|f| f.as_ref().map(|v| v[m].clone())).collect(),
            })
            .collect();
        let groups = e
            .groups
            .iter()
            .map(|(name, at)| {
                (Row::total(name, &members, at, indices), at.iter().map(|&m| members[m].id.clone()).collect())
            })
            .collect();
        let mut columns = Vec::new();
        if e.weights.is_some() {
            columns.extend([Column::Weight, Column::WeightShare]);
        }
        if e.population.is_some() {
            columns.push(Column::PopulationShare);
        }
        for (k, &i) in indices.iter().enumerate() {
            if available[k] {
                columns.push(Column::Index(i));
            }
            if intervals[k].is_some() {
                columns.extend([Column::Low(i), Column::High(i)]);
            }
        }
        if e.weights.is_some() {
            for i in [Index::ShapleyShubik, Index::Banzhaf] {
                if columns.contains(&Column::Index(i)) {
                    columns.push(Column::ToWeight(i));
                }
            }
        }
        if e.population.is_some() && columns.contains(&Column::Index(Index::Banzhaf)) {
            columns.push(Column::Penrose);
        }
        if let Some(key) = sort {
            if key == "id" {
                members.sort_by(|a, b| a.id.cmp(&b.id));
            } else {
                let column = columns.iter().copied().find(|c| c.name() == key).with_context(|| {
                    let names: Vec<String> = columns.iter().map(|c| c.name()).collect();
                    format!(
                        "--sort {key}: rule \"{}\" has no such column; expected id or one of {}",
                        e.rule,
                        names.join(", ")
                    )
                })?;
                // Descending, missing values last, ties in the model's order (a stable sort).
                let key = |r: &Row| r.value(column, indices).unwrap_or(f64::NEG_INFINITY);
                members.sort_by(|a, b| key(b).total_cmp(&key(a)));
            }
        }
        Ok(Report { e, indices: indices.to_vec(), exact, columns, members, groups })
    }

    /// The notes said once above the table.
    fn notes(&self) -> Vec<String> {
        let e = self.e;
        let mut notes = Vec::new();
        if e.draft {
            notes.push("draft model: sources, dates and column entries may be missing".into());
        }
        notes.push(format!(
            "quota:  {}",
            e.quotas.iter().map(|q| q.to_string()).collect::<Vec<_>>().join("; ")
        ));
        notes.push(format!("method: {}", e.power.method()));
        if let Some((attribute, _)) = &e.weights {
            notes.push(format!(
                "weight: the attribute \"{attribute}\"; X_to_weight is index X over the weight share"
            ));
        }
        if self.columns.contains(&Column::Penrose) {
            notes.push(
                "penrose_ratio: Banzhaf share over the share of the square roots of the populations (1 = Penrose's ideal)"
                    .into(),
            );
        }
        if let Some(p) = e.power.power_to_act() {
            let act = if self.exact {
                fraction(&p.tally().coleman_power_to_act())
            } else {
                super::format::number(p.coleman_power_to_act())
            };
            notes.push(format!("Coleman power of the collectivity to act: {act}"));
        }
        notes
    }

    fn cells(&self, row: &Row, columns: &[Column], exact_text: bool) -> Vec<Cell> {
        columns
            .iter()
            .map(|&c| {
                let fraction_cell = match c {
                    Column::Index(i) if exact_text => {
                        self.indices.iter().position(|&x| x == i).and_then(|k| row.exact[k].as_ref())
                    }
                    _ => None,
                };
                match fraction_cell {
                    Some(f) => Cell::Text(fraction(f)),
                    None => Cell::from(row.value(c, &self.indices)),
                }
            })
            .collect()
    }

    /// The table for the text formats: exact fractions in the index columns under --exact.
    fn table(&self) -> Table {
        let mut table = Table::new(
            ["id", "name"].into_iter().map(String::from).chain(self.columns.iter().map(|c| c.name())),
        );
        table.title = format!("{} — rule \"{}\": {}", self.e.body, self.e.rule, self.e.description);
        table.notes = self.notes();
        for row in self.members.iter().chain(self.groups.iter().map(|(r, _)| r)) {
            let mut cells = vec![Cell::Text(row.id.clone()), Cell::Text(row.name.chars().take(32).collect())];
            cells.extend(self.cells(row, &self.columns, self.exact));
            table.rows.push(cells);
        }
        table
    }

    fn row_json(&self, row: &Row) -> Map<String, Value> {
        let mut o = Map::new();
        o.insert("id".into(), json!(row.id));
        o.insert("name".into(), json!(row.name));
        for &c in &self.columns {
            o.insert(c.name(), json!(row.value(c, &self.indices)));
        }
        let exact: Map<String, Value> = self
            .indices
            .iter()
            .zip(&row.exact)
            .filter_map(|(i, f)| f.as_ref().map(|f| (i.name().to_string(), json!(fraction(f)))))
            .collect();
        if !exact.is_empty() {
            o.insert("exact".into(), Value::Object(exact));
        }
        o
    }

    /// The evaluation as one JSON object.
    fn json(&self) -> Value {
        let e = self.e;
        let mut o = Map::new();
        o.insert("body".into(), json!(e.body));
        o.insert("rule".into(), json!(e.rule));
        o.insert("description".into(), json!(e.description));
        o.insert("quota".into(), serde_json::to_value(&e.quotas).expect("quotas serialise"));
        o.insert("method".into(), json!(e.power.method()));
        o.insert("draft".into(), json!(e.draft));
        o.insert("weight_attribute".into(), json!(e.weights.as_ref().map(|(a, _)| a)));
        o.insert("population_attribute".into(), json!(e.population.as_ref().map(|_| POPULATION)));
        o.insert("columns".into(), json!(self.columns.iter().map(|c| c.name()).collect::<Vec<_>>()));
        o.insert(
            "coleman_power_to_act".into(),
            json!(e.power.power_to_act().map(|p| p.coleman_power_to_act())),
        );
        o.insert(
            "members".into(),
            Value::Array(self.members.iter().map(|r| Value::Object(self.row_json(r))).collect()),
        );
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|(row, ids)| {
                let mut g = self.row_json(row);
                g.insert("id".into(), json!(row.id.trim_start_matches("group:")));
                g.insert("name".into(), json!(row.id.trim_start_matches("group:")));
                g.insert("members".into(), json!(ids));
                Value::Object(g)
            })
            .collect();
        o.insert("groups".into(), Value::Array(groups));
        if let Outcome::Approximate(m, seed) = &e.power {
            o.insert(
                "approximate".into(),
                json!({"samples": m.samples, "seed": seed, "confidence": m.confidence, "interval": "Wilson score"}),
            );
        }
        if let (true, Some(p)) = (self.exact, e.power.power_to_act()) {
            o.insert(
                "exact".into(),
                json!({"coleman_power_to_act": fraction(&p.tally().coleman_power_to_act())}),
            );
        }
        Value::Object(o)
    }
}

/// One CSV for all evaluations: body, rule, id and name, `draft` when some body is a draft,
/// the columns any evaluation has (empty where another lacks them), and `X_exact` columns
/// under --exact.
fn csv(reports: &[Report]) -> String {
    let columns: Vec<Column> =
        Column::all().into_iter().filter(|c| reports.iter().any(|r| r.columns.contains(c))).collect();
    let draft = reports.iter().any(|r| r.e.draft);
    let exact: Vec<Index> = ALL_INDICES
        .into_iter()
        .filter(|i| {
            reports.iter().any(|r| r.exact && r.indices.contains(i) && matches!(r.e.power, Outcome::Exact(_)))
        })
        .collect();
    let mut header: Vec<String> = ["body", "rule", "id", "name"].map(String::from).to_vec();
    if draft {
        header.push("draft".into());
    }
    header.extend(columns.iter().map(|c| c.name()));
    header.extend(exact.iter().map(|i| format!("{}_exact", i.name())));
    let mut table = Table::new(header);
    for r in reports {
        for row in r.members.iter().chain(r.groups.iter().map(|(g, _)| g)) {
            let mut cells: Vec<Cell> = vec![
                r.e.body.as_str().into(),
                r.e.rule.as_str().into(),
                row.id.as_str().into(),
                row.name.as_str().into(),
            ];
            if draft {
                cells.push(r.e.draft.to_string().into());
            }
            cells.extend(r.cells(row, &columns, false));
            for i in &exact {
                let f = r.indices.iter().position(|x| x == i).and_then(|k| row.exact[k].as_ref());
                cells.push(f.map_or(Cell::Empty, |f| Cell::Text(fraction(f))));
            }
            table.rows.push(cells);
        }
    }
    table.csv()
}
