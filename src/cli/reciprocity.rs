//! `comity reciprocity`: repeated games from the command line: a match between two
//! memory-one strategies, critical discount factors, repeated public-goods institutions with
//! sweeps, the Moran process, replicator dynamics and tournaments; classic strategies as
//! finite automata, their exact `T`-round and long-run matches and exact-score tournaments.

use super::format::{Cell, Format, FormatArgs, RECORD, TABULAR, Table, render_record};
use super::nash::read_game;
use super::output::{emit, numbers};
use super::progress::Progress;
use crate::equilibrium::NormalFormGame;
use crate::estimate::Estimate;
use crate::repeated::institution::{
    INSTITUTION_MAX_SEEDS, InstitutionOutcome, InstitutionSpec, MemberType, MembersSpec, Sanctions,
    exact_institution, simulate_institution, simulate_members,
};
use crate::repeated::{
    Automaton, CLASSIC_STRATEGIES, DEFAULT_TURNS, Scoring, automaton_long_run_payoffs,
    automaton_payoff_matrix, automaton_strategy, exact_tournament, match_payoffs,
};
use crate::repeated::{
    MemoryOne, StagePayoffs, TournamentOptions, discounted_payoffs, grim_trigger, long_run_payoffs,
    moran_fixation, moran_simulated_with_progress, payoff_matrix, public_goods_critical_delta,
    replicator_sampled, tournament_with_progress,
};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `comity reciprocity`.
#[derive(Debug, Args)]
pub struct ReciprocityArgs {
    #[command(subcommand)]
    command: ReciprocityCommand,
}

/// Payoffs, noise and output shared by the two-player subcommands.
#[derive(Debug, Args)]
struct Common {
    /// Prisoner's dilemma payoffs R,S,T,P (T > R > P > S).
    #[arg(long, default_value = "3,0,5,1")]
    payoffs: String,
    /// Implementation noise: each intended move flips with this probability.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    noise: f64,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    format: FormatArgs,
}

#[derive(Debug, Subcommand)]
enum ReciprocityCommand {
    /// Exact long-run (and discounted) payoffs of two memory-one strategies. Strategies:
    /// allc, alld, tft, wsls, grim, gtft, extort:CHI, random:Q or p_CC/p_CD/p_DC/p_DD[/first].
    Match {
        /// The first strategy.
        x: String,
        /// The second strategy.
        y: String,
        /// Also the discounted payoffs for this discount factor in [0, 1).
        #[arg(long)]
        delta: Option<f64>,
        #[command(flatten)]
        common: Common,
    },
    /// Critical discount factors of grim trigger: mutual cooperation in the prisoner's
    /// dilemma (default), a target profile of a game file, or the n-player public-goods game.
    Threshold {
        /// Prisoner's dilemma payoffs R,S,T,P (default 3,0,5,1; not with --game or
        /// --public-goods).
        #[arg(long)]
        payoffs: Option<String>,
        /// A normal-form game file (as for `comity nash`).
        #[arg(long, requires = "target")]
        game: Option<PathBuf>,
        /// The target profile in that game: one action index per player, e.g. 0,0.
        #[arg(long, requires = "game")]
        target: Option<String>,
        /// Members of a linear public-goods game (with --multiplier).
        #[arg(long)]
        public_goods: Option<usize>,
        /// Multiplier r of the public-goods game (1 < r < n; with --public-goods).
        #[arg(long)]
        multiplier: Option<f64>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// A repeated public-goods institution from a TOML file, simulated (or solved exactly
    /// with --exact), optionally swept over size, noise and the share of superficial members.
    Institution(InstitutionArgs),
    /// A repeated public-goods institution of real, unequal members from a TOML file (members
    /// and groups from an institution file, capacity and benefit from their attributes and
    /// tags, behaviours by group): per member and per group, contribution share against
    /// benefit share, burden per head, payoff and arrears, with intervals over the seeds.
    Members(MembersArgs),
    /// Fixation probability of one mutant among residents under the Moran process, exactly
    /// and optionally by simulation.
    Moran {
        /// The mutant strategy.
        mutant: String,
        /// The resident strategy.
        resident: String,
        /// Population size N.
        #[arg(long, default_value_t = 100)]
        population: usize,
        /// Intensity of selection w in [0, 1].
        #[arg(long, default_value_t = 0.1)]
        intensity: f64,
        /// Also simulate this many runs of the process (at most 100000000).
        #[arg(long)]
        simulate: Option<usize>,
        /// Seed of the simulation (default 1; with --simulate).
        #[arg(long)]
        seed: Option<u64>,
        /// How matches are scored: long-run average payoffs, or the expected payoff per turn of
        /// a match of --turns turns (the Axelrod library's convention; its Moran process is
        /// --intensity 1 with --scoring match).
        #[arg(long, default_value = "long-run")]
        scoring: String,
        /// Turns per match with --scoring match.
        #[arg(long)]
        turns: Option<usize>,
        #[command(flatten)]
        common: Common,
    },
    /// The classic strategies as finite automata, with their sources.
    Strategies {
        /// Prisoner's dilemma payoffs R,S,T,P (generous tit-for-tat's forgiveness depends on them).
        #[arg(long, default_value = "3,0,5,1")]
        payoffs: String,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Exact expected payoffs of a T-round match and the exact long-run payoffs of two
    /// strategies: classic names (see `reciprocity strategies`), memory-one forms, or automaton
    /// files NAME.toml.
    Play {
        /// The first strategy.
        x: String,
        /// The second strategy.
        y: String,
        /// Turns of the match (the Axelrod library's default is 200).
        #[arg(long, default_value_t = DEFAULT_TURNS)]
        turns: usize,
        #[command(flatten)]
        common: Common,
    },
    /// A round robin (self-play included) of automaton strategies in T-round matches, scored by
    /// exact expected payoffs (no sampling, no seed).
    ExactTournament {
        /// Strategies, comma-separated: classic names, memory-one forms or files NAME.toml.
        #[arg(long)]
        strategies: String,
        /// Turns per match.
        #[arg(long, default_value_t = DEFAULT_TURNS)]
        turns: usize,
        #[command(flatten)]
        common: Common,
    },
    /// Replicator dynamics over strategies, with exact long-run payoffs as fitness.
    Replicator {
        /// Strategies, comma-separated.
        #[arg(long)]
        strategies: String,
        /// Initial shares, comma-separated (default: equal).
        #[arg(long)]
        initial: Option<String>,
        /// Time to integrate over.
        #[arg(long, default_value_t = 100.0)]
        time: f64,
        /// Runge-Kutta steps (at most 1000000000; 101 samples of the path are printed).
        #[arg(long, default_value_t = 10_000)]
        steps: usize,
        #[command(flatten)]
        common: Common,
    },
    /// A round-robin tournament (self-play included) in the manner of Axelrod.
    Tournament {
        /// Strategies, comma-separated.
        #[arg(long)]
        strategies: String,
        /// Rounds per match.
        #[arg(long, default_value_t = 200)]
        rounds: usize,
        /// Repetitions of the round robin.
        #[arg(long, default_value_t = 10)]
        repetitions: usize,
        /// Master seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        common: Common,
    },
}

/// Arguments of `comity reciprocity institution`.
#[derive(Debug, Args)]
struct InstitutionArgs {
    /// The institution file (TOML).
    file: PathBuf,
    /// Sweep over the number of members, comma-separated (default: the file's).
    #[arg(long)]
    members: Option<String>,
    /// Sweep over the noise, comma-separated (default: the file's).
    #[arg(long)]
    noise: Option<String>,
    /// Sweep over the share of superficial members, comma-separated (default: the file's).
    #[arg(long)]
    superficial: Option<String>,
    /// Rounds per replication (default: the file's; simulation only).
    #[arg(long)]
    rounds: Option<usize>,
    /// Replications (default: the file's; simulation only).
    #[arg(long)]
    seeds: Option<usize>,
    /// Master seed (default: the file's; simulation only).
    #[arg(long)]
    seed: Option<u64>,
    /// Solve the (n+1)-state chain exactly instead of simulating (only memory-one diffuse
    /// reciprocators with substantive, superficial and obstructive members).
    #[arg(long)]
    exact: bool,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Arguments of `comity reciprocity members`.
#[derive(Debug, Args)]
struct MembersArgs {
    /// The model file (TOML; see `models/reciprocity/real_diffuse.toml`).
    file: PathBuf,
    /// Rounds per replication (default: the file's).
    #[arg(long)]
    rounds: Option<usize>,
    /// Replications (default: the file's).
    #[arg(long)]
    seeds: Option<usize>,
    /// Master seed (default: the file's).
    #[arg(long)]
    seed: Option<u64>,
    /// Only the groups' rows (leave out the members').
    #[arg(long)]
    groups_only: bool,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The prisoner's dilemma of Axelrod's tournaments, R,S,T,P.
const DEFAULT_PAYOFFS: &str = "3,0,5,1";

fn stage_payoffs(text: &str) -> anyhow::Result<StagePayoffs> {
    match numbers::<f64>(text, "--payoffs")?[..] {
        [r, s, t, p] => Ok(StagePayoffs::new(r, s, t, p)?),
        _ => bail!("--payoffs: '{text}'; expected four numbers R,S,T,P"),
    }
}

fn strategies(text: &str, pd: &StagePayoffs) -> anyhow::Result<Vec<MemoryOne>> {
    text.split(',').map(|s| strategy(s, pd)).collect()
}

/// Parses one strategy, naming it in the error: "q = 2" alone does not say that `random:2`
/// was at fault when two strategies were given.
fn strategy(spec: &str, pd: &StagePayoffs) -> anyhow::Result<MemoryOne> {
    MemoryOne::parse(spec, pd).map_err(|e| {
        let message = e.to_string();
        if message.starts_with("strategy") {
            anyhow::anyhow!(message)
        } else {
            anyhow::anyhow!("strategy '{spec}': {message}")
        }
    })
}

/// Parses one automaton strategy (classic name, memory-one form or file), naming it in the
/// error.
fn automaton(spec: &str, pd: &StagePayoffs) -> anyhow::Result<Automaton> {
    automaton_strategy(spec, pd).map_err(|e| {
        let message = e.to_string();
        if message.starts_with("strategy") {
            anyhow::anyhow!(message)
        } else {
            anyhow::anyhow!("strategy '{spec}': {message}")
        }
    })
}

fn names(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_string()).collect()
}

/// The interval of a group's burden per head: its contribution's interval over its population
/// (`None` when the population is unknown or the interval is not a number).
fn burden_interval(g: &crate::repeated::institution::GroupOutcome) -> (Option<f64>, Option<f64>) {
    per_head_interval(&g.contribution, g.population)
}

/// The interval of a burden per head: the contribution's interval over the population, which
/// is a constant (`None` when the population is unknown or the bound is not finite).
fn per_head_interval(contribution: &Estimate, population: Option<f64>) -> (Option<f64>, Option<f64>) {
    let bound = |x: f64| population.map(|p| x / p).filter(|b| b.is_finite());
    (bound(contribution.low()), bound(contribution.high()))
}

fn estimate_json(e: &Estimate) -> Value {
    let finite = |x: f64| if x.is_finite() { json!(x) } else { Value::Null };
    json!({"mean": e.mean, "low": finite(e.low()), "high": finite(e.high()), "confidence": e.confidence,
           "replications": e.replications})
}

/// Runs `comity reciprocity`.
pub fn run(args: &ReciprocityArgs) -> anyhow::Result<()> {
    let (name, format, offered): (&str, &FormatArgs, &[Format]) = match &args.command {
        ReciprocityCommand::Match { common, .. } => ("match", &common.format, &RECORD),
        ReciprocityCommand::Threshold { format, .. } => ("threshold", format, &RECORD),
        ReciprocityCommand::Institution(a) => ("institution", &a.format, &TABULAR),
        ReciprocityCommand::Members(a) => ("members", &a.format, &TABULAR),
        ReciprocityCommand::Moran { common, .. } => ("moran", &common.format, &RECORD),
        ReciprocityCommand::Replicator { common, .. } => ("replicator", &common.format, &RECORD),
        ReciprocityCommand::Tournament { common, .. } => ("tournament", &common.format, &TABULAR),
        ReciprocityCommand::Strategies { format, .. } => ("strategies", format, &TABULAR),
        ReciprocityCommand::Play { common, .. } => ("play", &common.format, &RECORD),
        ReciprocityCommand::ExactTournament { common, .. } => ("exact-tournament", &common.format, &TABULAR),
    };
    format.check(&format!("comity reciprocity {name}"), offered)?;
    match &args.command {
        ReciprocityCommand::Match { x, y, delta, common } => {
            let pd = stage_payoffs(&common.payoffs)?;
            let (sx, sy) = (strategy(x, &pd)?, strategy(y, &pd)?);
            let (px, py) = long_run_payoffs(&sx, &sy, &pd, common.noise)?;
            let zd = |s: &MemoryOne| match s.zero_determinant(&pd) {
                Some((alpha, beta, gamma)) => json!({"alpha": alpha, "beta": beta, "gamma": gamma}),
                None => Value::Null,
            };
            let mut out = json!({
                "x": {"strategy": x, "p": sx.p, "first": sx.first, "zero_determinant": zd(&sx)},
                "y": {"strategy": y, "p": sy.p, "first": sy.first, "zero_determinant": zd(&sy)},
                "stage_payoffs": {"reward": pd.r, "sucker": pd.s, "temptation": pd.t, "punishment": pd.p},
                "noise": common.noise,
                "long_run": [px, py],
            });
            if let Some(delta) = delta {
                let (dx, dy) = discounted_payoffs(&sx, &sy, &pd, common.noise, *delta)?;
                out["discounted"] = json!({"delta": delta, "payoffs": [dx, dy]});
            }
            emit(common.output.as_deref(), &render_record(&common.format, &out))
        }
        ReciprocityCommand::Threshold { payoffs, game, target, public_goods, multiplier, output, format } => {
            let mode =
                match (game.is_some() || target.is_some(), public_goods.is_some() || multiplier.is_some()) {
                    (true, true) => {
                        bail!("--game/--target and --public-goods/--multiplier are two modes; give one")
                    }
                    (true, false) => Some("--game"),
                    (false, true) => Some("--public-goods"),
                    (false, false) => None,
                };
            if let (Some(mode), Some(_)) = (mode, payoffs) {
                bail!("--payoffs is for the prisoner's dilemma (the default mode), not with {mode}");
            }
            match (public_goods, multiplier) {
                (Some(_), None) => bail!("--public-goods needs --multiplier (r, with 1 < r < n)"),
                (None, Some(_)) => {
                    bail!("--multiplier is for --public-goods N (the linear public-goods game)")
                }
                _ => {}
            }
            let out = if let (Some(path), Some(target)) = (game, target) {
                let g = read_game(path)?;
                let profile: Vec<usize> = numbers(target, "--target")?;
                let result = grim_trigger(&g, &profile, None)?;
                json!({"game": path.display().to_string(), "target": profile, "punishment": result.punishment,
                       "per_player": result.per_player, "overall": result.overall})
            } else if let (Some(n), Some(r)) = (public_goods, multiplier) {
                json!({"public_goods": {"members": n, "multiplier": r,
                       "critical_delta": public_goods_critical_delta(*n, *r)?}})
            } else {
                let pd = stage_payoffs(payoffs.as_deref().unwrap_or(DEFAULT_PAYOFFS))?;
                let g = NormalFormGame::bimatrix(
                    vec![vec![pd.r, pd.s], vec![pd.t, pd.p]],
                    vec![vec![pd.r, pd.t], vec![pd.s, pd.p]],
                )?;
                let result = grim_trigger(&g, &[0, 0], None)?;
                json!({"prisoners_dilemma": {"reward": pd.r, "sucker": pd.s, "temptation": pd.t, "punishment": pd.p,
                       "per_player": result.per_player, "overall": result.overall,
                       "formula": "(T - R) / (T - P)"}})
            };
            emit(output.as_deref(), &render_record(format, &out))
        }
        ReciprocityCommand::Institution(args) => institution(args),
        ReciprocityCommand::Members(args) => members(args),
        ReciprocityCommand::Moran {
            mutant,
            resident,
            population,
            intensity,
            simulate,
            seed,
            scoring,
            turns,
            common,
        } => {
            let pd = stage_payoffs(&common.payoffs)?;
            let scoring = Scoring::parse(scoring, turns.unwrap_or(DEFAULT_TURNS)).context("--scoring")?;
            if let (Scoring::LongRun, Some(_)) = (scoring, turns) {
                bail!("--turns is for --scoring match; long-run payoffs have no turns");
            }
            let memory_one = (MemoryOne::parse(mutant, &pd), MemoryOne::parse(resident, &pd));
            let m = match (scoring, memory_one) {
                // Memory-one strategies in the long run: the four-state chain, as before.
                (Scoring::LongRun, (Ok(a), Ok(b))) => payoff_matrix(&[a, b], &pd, common.noise)?,
                _ => {
                    let pair = [automaton(mutant, &pd)?, automaton(resident, &pd)?];
                    automaton_payoff_matrix(&pair, &pd, common.noise, scoring)?
                }
            };
            let a = [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
            let (scoring_name, turns_out) = match scoring {
                Scoring::LongRun => ("long-run", Value::Null),
                Scoring::Match { turns } => ("match", json!(turns)),
            };
            let mut out = json!({
                "mutant": mutant, "resident": resident, "population": population, "intensity": intensity,
                "noise": common.noise, "scoring": scoring_name, "turns": turns_out, "payoff_matrix": m,
                "fixation": moran_fixation(&a, *population, *intensity).context("--population/--intensity")?,
                "neutral": 1.0 / *population as f64,
            });
            match (simulate, seed) {
                (Some(runs), seed) => {
                    let progress = Progress::new("simulating", *runs);
                    let report = |done: usize| progress.report(done);
                    let estimate = moran_simulated_with_progress(
                        &a,
                        *population,
                        *intensity,
                        *runs,
                        seed.unwrap_or(1),
                        Some(&report),
                    )
                    .context("--simulate")?;
                    out["simulated"] = estimate_json(&estimate);
                }
                (None, Some(_)) => bail!("--seed is for the simulation; give --simulate RUNS too"),
                (None, None) => {}
            }
            emit(common.output.as_deref(), &render_record(&common.format, &out))
        }
        ReciprocityCommand::Replicator { strategies: list, initial, time, steps, common } => {
            let pd = stage_payoffs(&common.payoffs)?;
            let players = strategies(list, &pd)?;
            let m = payoff_matrix(&players, &pd, common.noise)?;
            let start = match initial {
                Some(text) => numbers(text, "--initial")?,
                None => vec![1.0 / players.len() as f64; players.len()],
            };
            let every = (steps / 100).max(1);
            let progress = Progress::new("integrating", *steps);
            let report = |done: usize| progress.report(done);
            // Only the printed samples are kept, so memory does not grow with --steps.
            let path =
                replicator_sampled(&m, &start, *time, *steps, every, Some(&report)).context("--steps")?;
            let sampled: Vec<Value> = path
                .iter()
                .map(|(k, x)| json!({"time": *time * *k as f64 / *steps as f64, "shares": x}))
                .collect();
            let out = json!({"strategies": names(list), "payoff_matrix": m, "noise": common.noise,
                             "final": path.last().map(|(_, x)| x), "path": sampled});
            emit(common.output.as_deref(), &render_record(&common.format, &out))
        }
        ReciprocityCommand::Tournament { strategies: list, rounds, repetitions, seed, common } => {
            let pd = stage_payoffs(&common.payoffs)?;
            let players = strategies(list, &pd)?;
            let options = TournamentOptions::new(*rounds, *repetitions, common.noise, *seed);
            let progress = Progress::new("playing", *repetitions);
            let report = |done: usize| progress.report(done);
            let t = tournament_with_progress(&players, &pd, &options, Some(&report))
                .context("--rounds/--repetitions")?;
            let labels = names(list);
            let ranking: Vec<Value> = t
                .ranking
                .iter()
                .enumerate()
                .map(|(rank, &i)| {
                    json!({"rank": rank + 1, "strategy": labels[i], "score": estimate_json(&t.scores[i])})
                })
                .collect();
            let matrix = labelled_payoffs(&labels, &t.payoffs);
            let out = json!({"strategies": labels, "rounds": rounds, "repetitions": repetitions,
                             "noise": common.noise, "seed": seed, "ranking": ranking, "payoffs": matrix});
            let text = match common.format.format {
                Format::Json => common.format.json(&out),
                other => tournament_table(&labels, &t.ranking, &t.scores, &t.payoffs, &out).render(other),
            };
            emit(common.output.as_deref(), &text)
        }
        ReciprocityCommand::Strategies { payoffs, output, format } => {
            let pd = stage_payoffs(payoffs)?;
            let mut table = Table::new(["name", "states", "description", "source"]);
            table.title = "classic strategies as finite automata".into();
            let mut lines = Vec::new();
            for s in CLASSIC_STRATEGIES {
                let a = crate::repeated::classic_strategy(s.name, &pd)?;
                table.rows.push(vec![
                    Cell::Text(s.name.into()),
                    Cell::Number(a.states().len() as f64),
                    Cell::Text(s.description.into()),
                    Cell::Text(s.source.into()),
                ]);
                lines.push(json!({"name": s.name, "automaton": a.name(), "states": a.states().len(),
                                  "description": s.description, "source": s.source}));
            }
            let text = match format.format {
                Format::Json => lines.iter().map(|v| format.json(v)).collect(),
                other => table.render(other),
            };
            emit(output.as_deref(), &text)
        }
        ReciprocityCommand::Play { x, y, turns, common } => {
            let pd = stage_payoffs(&common.payoffs)?;
            let (ax, ay) = (automaton(x, &pd)?, automaton(y, &pd)?);
            let (mx, my) = match_payoffs(&ax, &ay, &pd, common.noise, *turns).context("--turns")?;
            let describe = |spec: &str, a: &Automaton| json!({"strategy": spec, "automaton": a.name(), "states": a.states().len()});
            let mut out = json!({
                "x": describe(x, &ax),
                "y": describe(y, &ay),
                "stage_payoffs": {"reward": pd.r, "sucker": pd.s, "temptation": pd.t, "punishment": pd.p},
                "noise": common.noise,
                "turns": turns,
                "match": [mx, my],
            });
            // The long run needs a dense solve; when the joint chain is too large the match
            // payoffs still stand, and the reason is reported instead of failing the command.
            match automaton_long_run_payoffs(&ax, &ay, &pd, common.noise) {
                Ok((lx, ly)) => out["long_run"] = json!([lx, ly]),
                Err(e) => {
                    out["long_run"] = Value::Null;
                    out["long_run_refused"] = json!(e.to_string());
                }
            }
            emit(common.output.as_deref(), &render_record(&common.format, &out))
        }
        ReciprocityCommand::ExactTournament { strategies: list, turns, common } => {
            let pd = stage_payoffs(&common.payoffs)?;
            let labels = names(list);
            let players = labels.iter().map(|s| automaton(s, &pd)).collect::<anyhow::Result<Vec<_>>>()?;
            let t = exact_tournament(&players, &pd, common.noise, *turns).context("--turns")?;
            let ranking: Vec<Value> = t
                .ranking
                .iter()
                .enumerate()
                .map(|(rank, &i)| json!({"rank": rank + 1, "strategy": labels[i], "score": t.scores[i]}))
                .collect();
            let matrix = labelled_payoffs(&labels, &t.payoffs);
            let out = json!({"strategies": labels, "turns": turns, "noise": common.noise, "ranking": ranking,
                             "payoffs": matrix});
            let text = match common.format.format {
                Format::Json => common.format.json(&out),
                other => {
                    let mut columns: Vec<String> = ["rank", "strategy", "score"].map(String::from).to_vec();
                    columns.extend(labels.iter().map(|l| format!("vs_{l}")));
                    let mut table = Table::new(columns);
                    table.title = "round robin, exact expected scores (self-play included); vs_X: expected payoff per turn against X".into();
                    table.notes.push(format!("turns {turns}, noise {}", common.noise));
                    for (rank, &i) in t.ranking.iter().enumerate() {
                        let mut row = vec![
                            Cell::Number((rank + 1) as f64),
                            Cell::Text(labels[i].clone()),
                            Cell::Number(t.scores[i]),
                        ];
                        row.extend(t.payoffs[i].iter().map(|&x| Cell::Number(x)));
                        table.rows.push(row);
                    }
                    table.render(other)
                }
            };
            emit(common.output.as_deref(), &text)
        }
    }
}

/// One point of a sweep.
struct Point {
    spec: InstitutionSpec,
    superficial: f64,
}

fn superficial_share(spec: &InstitutionSpec) -> f64 {
    spec.types.iter().filter(|(t, _)| *t == MemberType::Superficial).map(|(_, s)| s).sum()
}

fn institution(args: &InstitutionArgs) -> anyhow::Result<()> {
    if args.exact {
        let given = [
            ("--rounds", args.rounds.is_some()),
            ("--seeds", args.seeds.is_some()),
            ("--seed", args.seed.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, g)| *g) {
            bail!("{flag} is for the simulation; --exact solves the chain without rounds or seeds");
        }
    }
    let mut base = InstitutionSpec::load(&args.file)?;
    let label = args.file.display().to_string();
    base.simulation.rounds = args.rounds.unwrap_or(base.simulation.rounds);
    base.simulation.seeds = args.seeds.unwrap_or(base.simulation.seeds);
    base.simulation.seed = args.seed.unwrap_or(base.simulation.seed);
    // Checked here, before the sweep's points multiply it into the progress total
    // (`seeds * points`), which overflowed for a huge count; the library checks it again per point.
    if !args.exact && base.simulation.seeds > INSTITUTION_MAX_SEEDS {
        let given =
            if args.seeds.is_some() { "--seeds".to_string() } else { format!("{label}: [simulation] seeds") };
        bail!("{given} {}: the limit is {INSTITUTION_MAX_SEEDS}", base.simulation.seeds);
    }
    let sizes = match &args.members {
        Some(text) => numbers::<usize>(text, "--members")?,
        None => vec![base.members],
    };
    let noises = match &args.noise {
        Some(text) => numbers::<f64>(text, "--noise")?,
        None => vec![base.noise],
    };
    let shares = match &args.superficial {
        Some(text) => Some(numbers::<f64>(text, "--superficial")?),
        None => None,
    };
    let mut points = Vec::new();
    for &members in &sizes {
        for &noise in &noises {
            let spec = InstitutionSpec { members, noise, ..base.clone() };
            match &shares {
                Some(list) => {
                    for &s in list {
                        let spec = spec.with_superficial_share(s).with_context(|| label.clone())?;
                        points.push(Point { spec, superficial: s });
                    }
                }
                None => points.push(Point { superficial: superficial_share(&spec), spec }),
            }
        }
    }
    // Check every point before the long work starts.
    let institutions = points
        .iter()
        .map(|p| {
            p.spec
                .build()
                .with_context(|| format!("{label}: members {}, noise {}", p.spec.members, p.spec.noise))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let seeds = base.simulation.seeds;
    let progress = Progress::new("simulating", if args.exact { 0 } else { seeds * points.len() });
    let mut lines = Vec::new();
    let mut table = Table::new(INSTITUTION_COLUMNS);
    table.title =
        format!("{}: {}", base.name, if args.exact { "exact (Markov chain)" } else { "simulation" });
    for (k, (point, inst)) in points.iter().zip(&institutions).enumerate() {
        let head = json!({"name": base.name, "members": point.spec.members, "noise": point.spec.noise,
                          "superficial_share": point.superficial});
        let mut row = |ty: &MemberType,
                       members: usize,
                       c: [f64; 3],
                       p: [f64; 3],
                       group: f64,
                       collapsed: String,
                       round: String| {
            let finite = |x: f64| if x.is_finite() { Cell::Number(x) } else { Cell::Empty };
            let mut cells = vec![
                Cell::Text(base.name.clone()),
                Cell::Number(point.spec.members as f64),
                Cell::Number(point.spec.noise),
                Cell::Number(point.superficial),
                Cell::Text(if args.exact { "exact" } else { "simulation" }.into()),
                Cell::Text(ty.label()),
                Cell::Number(members as f64),
            ];
            cells.extend([c, p].iter().flatten().map(|&x| finite(x)));
            cells.push(Cell::Number(group));
            cells.push(if collapsed.is_empty() { Cell::Empty } else { Cell::Text(collapsed) });
            cells.push(round.parse::<f64>().map_or(Cell::Empty, Cell::Number));
            table.rows.push(cells);
        };
        let mut out = head;
        if args.exact {
            let exact = exact_institution(inst).with_context(|| label.clone())?;
            for (&(ty, rate, payoff), &members) in
                exact.by_type.iter().zip(inst.counts().iter().filter(|&&c| c > 0))
            {
                let round = exact.expected_collapse_round.map(|r| r.to_string()).unwrap_or_default();
                row(
                    &ty,
                    members,
                    [rate, f64::NAN, f64::NAN],
                    [payoff, f64::NAN, f64::NAN],
                    exact.contribution_rate,
                    String::new(),
                    round,
                );
            }
            out["method"] = json!("exact");
            out["contribution_rate"] = json!(exact.contribution_rate);
            out["high_share"] = json!(exact.high_share);
            out["contribution_rate_high"] = json!(exact.contribution_rate_high);
            out["contribution_rate_low"] = json!(exact.contribution_rate_low);
            out["expected_collapse_round"] = json!(exact.expected_collapse_round);
            out["types"] = json!(
                exact
                    .by_type
                    .iter()
                    .zip(inst.counts().iter().filter(|&&c| c > 0))
                    .map(|((ty, rate, payoff), members)| json!({"type": ty.label(), "members": members,
                     "contribution_rate": rate, "payoff": payoff}))
                    .collect::<Vec<_>>()
            );
        } else {
            let offset = k * seeds;
            let report = |done: usize| progress.report(offset + done);
            let outcome: InstitutionOutcome =
                simulate_institution(inst, &base.simulation, Some(&report)).with_context(|| label.clone())?;
            let round = outcome.collapse_round.map(|e| e.mean.to_string()).unwrap_or_default();
            for t in &outcome.by_type {
                let (c, p) = (&t.contribution_rate, &t.payoff);
                row(
                    &t.member_type,
                    t.members,
                    [c.mean, c.low(), c.high()],
                    [p.mean, p.low(), p.high()],
                    outcome.contribution_rate.mean,
                    outcome.collapsed.to_string(),
                    round.clone(),
                );
            }
            out["method"] = json!("simulation");
            out["rounds"] = json!(base.simulation.rounds);
            out["seeds"] = json!(seeds);
            out["seed"] = json!(base.simulation.seed);
            out["contribution_rate"] = estimate_json(&outcome.contribution_rate);
            out["collapsed"] = json!(outcome.collapsed);
            out["collapse_round"] = outcome.collapse_round.as_ref().map(estimate_json).unwrap_or(Value::Null);
            out["types"] = json!(outcome
                .by_type
                .iter()
                .map(|t| json!({"type": t.member_type.label(), "members": t.members,
                     "contribution_rate": estimate_json(&t.contribution_rate), "payoff": estimate_json(&t.payoff)}))
                .collect::<Vec<_>>());
        }
        lines.push(out);
    }
    let text = match args.format.format {
        Format::Json => lines.iter().map(|v| args.format.json(v)).collect(),
        other => table.render(other),
    };
    emit(args.output.as_deref(), &text)
}

/// The columns of `comity reciprocity institution`'s table and CSV: one row per member type
/// and sweep point.
const INSTITUTION_COLUMNS: [&str; 16] = [
    "name",
    "members",
    "noise",
    "superficial_share",
    "method",
    "type",
    "type_members",
    "contribution_rate",
    "contribution_low",
    "contribution_high",
    "payoff",
    "payoff_low",
    "payoff_high",
    "group_contribution_rate",
    "collapsed",
    "collapse_round",
];

/// The columns of `comity reciprocity members`'s table and CSV: one row per group, then one
/// per member.
const MEMBERS_COLUMNS: [&str; 21] = [
    "row",
    "id",
    "name",
    "behaviour",
    "members",
    "capacity_share",
    "contribution",
    "contribution_share",
    "contribution_share_low",
    "contribution_share_high",
    "benefit_share",
    "benefit_share_low",
    "benefit_share_high",
    "payoff",
    "payoff_low",
    "payoff_high",
    "burden_per_head",
    "burden_per_head_low",
    "burden_per_head_high",
    "arrears",
    "sanctioned",
];

fn members(args: &MembersArgs) -> anyhow::Result<()> {
    let mut spec = MembersSpec::load(&args.file)?;
    let label = args.file.display().to_string();
    spec.simulation.rounds = args.rounds.unwrap_or(spec.simulation.rounds);
    spec.simulation.seeds = args.seeds.unwrap_or(spec.simulation.seeds);
    spec.simulation.seed = args.seed.unwrap_or(spec.simulation.seed);
    let out = simulate_members(&spec.body, &spec.simulation).with_context(|| label.clone())?;
    let body = &spec.body;
    let finite = |x: f64| if x.is_finite() { Cell::Number(x) } else { Cell::Empty };
    let optional = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Number);
    let mut table = Table::new(MEMBERS_COLUMNS);
    table.title = format!("{}: simulation", spec.name);
    table.notes = vec![
        format!(
            "good: {} (cost {}, multiplier {}); noise {}; sanctions: {}",
            body.good().technology().label(),
            body.good().cost(),
            body.good().multiplier(),
            body.noise(),
            body.sanctions().map_or("none".to_string(), sanctions_label)
        ),
        format!(
            "{} rounds x {} seeds (seed {}); level watched {:.4} [{:.4}, {:.4}], payment rate {:.4}, provision {:.4}, collapsed {}",
            spec.simulation.rounds,
            spec.simulation.seeds,
            spec.simulation.seed,
            out.level.mean,
            out.level.low(),
            out.level.high(),
            out.payment_rate.mean,
            out.provision.mean,
            out.collapsed
        ),
    ];
    let share_cells = |e: &Estimate| [Cell::Number(e.mean), finite(e.low()), finite(e.high())];
    for g in &out.groups {
        let mut row = vec![
            Cell::Text("group".into()),
            Cell::Text(g.name.clone()),
            Cell::Empty,
            Cell::Empty,
            Cell::Number(g.members as f64),
            Cell::Empty,
            Cell::Empty,
        ];
        row.extend(share_cells(&g.contribution_share));
        row.extend(share_cells(&g.benefit_share));
        row.extend(share_cells(&g.payoff));
        // A group's burden per head is its contribution over its population, so its interval
        // is the contribution's over the population; a group has no arrears of its own.
        let (low, high) = burden_interval(g);
        row.extend([
            optional(g.burden_per_head),
            optional(low),
            optional(high),
            Cell::Empty,
            Cell::Number(g.sanctioned),
        ]);
        table.rows.push(row);
    }
    if !args.groups_only {
        for ((m, name), member) in out.members.iter().zip(&spec.names).zip(body.members()) {
            let (low, high) = per_head_interval(&m.contribution, member.population);
            let mut row = vec![
                Cell::Text("member".into()),
                Cell::Text(m.id.clone()),
                Cell::Text(name.clone()),
                Cell::Text(m.behaviour.label()),
                Cell::Number(1.0),
                Cell::Number(m.capacity_share),
                Cell::Number(m.contribution.mean),
            ];
            row.extend(share_cells(&m.contribution_share));
            row.extend(share_cells(&m.benefit_share));
            row.extend(share_cells(&m.payoff));
            row.extend([
                optional(m.burden_per_head),
                optional(low),
                optional(high),
                Cell::Number(m.arrears),
                Cell::Number(m.sanctioned),
            ]);
            table.rows.push(row);
        }
    }
    let text = match args.format.format {
        Format::Json => {
            let groups: Vec<Value> = out
                .groups
                .iter()
                .map(|g| {
                    let (low, high) = burden_interval(g);
                    json!({"name": g.name, "members": g.members,
                           "contribution_share": estimate_json(&g.contribution_share),
                           "benefit_share": estimate_json(&g.benefit_share),
                           "payoff": estimate_json(&g.payoff), "burden_per_head": g.burden_per_head,
                           "burden_per_head_low": low, "burden_per_head_high": high,
                           "sanctioned": g.sanctioned})
                })
                .collect();
            let members: Vec<Value> = if args.groups_only {
                Vec::new()
            } else {
                out.members
                    .iter()
                    .zip(&spec.names)
                    .zip(body.members())
                    .map(|((m, name), member)| {
                        let (low, high) = per_head_interval(&m.contribution, member.population);
                        json!({"id": m.id, "name": name, "behaviour": m.behaviour.label(),
                               "capacity_share": m.capacity_share,
                               "contribution": estimate_json(&m.contribution),
                               "benefit": estimate_json(&m.benefit),
                               "payoff": estimate_json(&m.payoff),
                               "contribution_share": estimate_json(&m.contribution_share),
                               "benefit_share": estimate_json(&m.benefit_share),
                               "burden_per_head": m.burden_per_head,
                               "burden_per_head_low": low, "burden_per_head_high": high, "arrears": m.arrears,
                               "sanctioned": m.sanctioned})
                    })
                    .collect()
            };
            let sanctions = body.sanctions().map(|s| {
                json!({"warning": s.warning(), "suspension": s.suspension(), "exclusion": s.exclusion(),
                       "suspension_loss": s.suspension_loss()})
            });
            args.format.json(&json!({
                "name": spec.name, "method": "simulation", "source": spec.source, "date": spec.date,
                "good": {"technology": body.good().technology().label(), "cost": body.good().cost(),
                         "multiplier": body.good().multiplier()},
                "noise": body.noise(), "sanctions": sanctions,
                "rounds": spec.simulation.rounds, "seeds": spec.simulation.seeds, "seed": spec.simulation.seed,
                "level": estimate_json(&out.level), "payment_rate": estimate_json(&out.payment_rate),
                "provision": estimate_json(&out.provision), "collapsed": out.collapsed,
                "groups": groups, "members": members,
            }))
        }
        other => table.render(other),
    };
    emit(args.output.as_deref(), &text)
}

fn sanctions_label(s: &Sanctions) -> String {
    let exclusion = s.exclusion().map_or("never".to_string(), |x| x.to_string());
    format!(
        "warning at {}, suspension at {} (loses {} of its benefit), exclusion at {exclusion} unpaid assessments",
        s.warning(),
        s.suspension(),
        s.suspension_loss()
    )
}

/// The tournament as one table: the ranking with each score's interval, and each strategy's
/// mean payoff per round against every opponent (`vs_NAME`), the parameters said above.
fn tournament_table(
    labels: &[String],
    ranking: &[usize],
    scores: &[Estimate],
    payoffs: &[Vec<f64>],
    out: &Value,
) -> Table {
    let mut columns: Vec<String> =
        ["rank", "strategy", "score", "score_low", "score_high"].map(String::from).to_vec();
    columns.extend(labels.iter().map(|l| format!("vs_{l}")));
    let mut table = Table::new(columns);
    table.title = "round-robin tournament (self-play included); vs_X: mean payoff per round against X".into();
    table.notes.push(format!(
        "rounds {}, repetitions {}, noise {}, seed {}",
        out["rounds"], out["repetitions"], out["noise"], out["seed"]
    ));
    let finite = |x: f64| if x.is_finite() { Cell::Number(x) } else { Cell::Empty };
    for (rank, &i) in ranking.iter().enumerate() {
        let s = &scores[i];
        let mut row = vec![
            Cell::Number((rank + 1) as f64),
            Cell::Text(labels[i].clone()),
            Cell::Number(s.mean),
            finite(s.low()),
            finite(s.high()),
        ];
        row.extend(payoffs[i].iter().map(|&x| Cell::Number(x)));
        table.rows.push(row);
    }
    table
}

/// The mean payoff matrix labelled: each strategy's mean payoff per round against each
/// opponent, in `against` as a list naming the opponent (a list rather than a map keyed by
/// name, so that a strategy entered twice keeps both columns).
fn labelled_payoffs(labels: &[String], payoffs: &[Vec<f64>]) -> Vec<Value> {
    labels
        .iter()
        .zip(payoffs)
        .map(|(name, row)| {
            let against: Vec<Value> =
                labels.iter().zip(row).map(|(o, x)| json!({"strategy": o, "payoff": x})).collect();
            json!({"strategy": name, "against": against})
        })
        .collect()
}
