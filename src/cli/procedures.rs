//! `comity bargain deadline | open-rule | status-quo`: procedures of legislative bargaining
//! (a deadline, amendments, co-facilitators) and status-quo bargaining on a line.

use super::format::{FormatArgs, render_record};
use super::output::{emit, numbers};
use crate::bargaining::{
    Recognition, StatusQuoOptions, baron_ferejohn, co_facilitators, deadline, open_rule,
    status_quo_bargaining,
};
use crate::game::{Game, WeightedGame};
use crate::model::Institution;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Relative size below which the chair's effect on expected policy is rounding, not a move.
const ROUNDING: f64 = 1e-12;

/// Who proposes: equally, a chair, or two co-facilitators sharing the chair's probability.
#[derive(Debug, Args)]
pub struct RecognitionArgs {
    /// The chair's member id (recognised with --chair-probability, the rest equally).
    #[arg(long, conflicts_with = "co_facilitators")]
    chair: Option<String>,
    /// Two co-facilitators' member ids, "A,B", sharing --chair-probability equally.
    #[arg(long)]
    co_facilitators: Option<String>,
    /// The chair's (or the co-facilitators' joint) recognition probability [default: 0.2];
    /// only with --chair or --co-facilitators.
    #[arg(long)]
    chair_probability: Option<f64>,
}

/// The procedures' subcommands (flattened into `comity bargain`).
#[derive(Debug, Subcommand)]
pub enum ProcedureCommand {
    /// Baron-Ferejohn bargaining with a deadline: T rounds, after which nothing is agreed
    /// (backward induction); each member's value, what a proposer keeps, and the gap to the
    /// stationary equilibrium.
    Deadline {
        /// The institution file.
        model: PathBuf,
        /// The rule.
        #[arg(long)]
        rule: String,
        /// The discount factor delta in [0, 1].
        #[arg(long, default_value_t = 0.9)]
        delta: f64,
        /// The number of rounds before nothing is agreed (at least 1).
        #[arg(long)]
        rounds: usize,
        #[command(flatten)]
        recognition: RecognitionArgs,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Baron-Ferejohn bargaining under the open rule (amendments allowed) for n identical
    /// members deciding by a quota of votes: coalition size, offers, values and delay.
    OpenRule {
        /// The number of members.
        #[arg(long)]
        members: usize,
        /// The votes a proposal needs (default: a simple majority).
        #[arg(long)]
        quota: Option<usize>,
        /// The discount factor delta in [0, 1].
        #[arg(long, default_value_t = 0.9)]
        delta: f64,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Status-quo bargaining on a line: each agreement becomes the next status quo; the
    /// expected policy over time and in the long run, under the model's rule and, for
    /// comparison, consensus, two-thirds and simple majority of the same members.
    StatusQuo {
        /// The institution file.
        model: PathBuf,
        /// The rule.
        #[arg(long)]
        rule: String,
        /// Ideal points, one per member in the model's order, comma-separated.
        #[arg(long, allow_hyphen_values = true)]
        ideals: String,
        /// The starting status quo.
        #[arg(long, allow_hyphen_values = true)]
        status_quo: f64,
        /// The discount factor delta in [0, 1).
        #[arg(long, default_value_t = 0.9)]
        delta: f64,
        /// Grid points on the policy line (3 to 1001).
        #[arg(long, default_value_t = 201)]
        grid: usize,
        /// Periods of the expected-policy path to report (at least 1 with a chair or
        /// co-facilitators, whose first-period effect is read off period 1).
        #[arg(long, default_value_t = 20)]
        horizon: usize,
        #[command(flatten)]
        recognition: RecognitionArgs,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
}

impl ProcedureCommand {
    /// The subcommand's name and output format.
    pub fn name_and_format(&self) -> (&'static str, &FormatArgs) {
        match self {
            ProcedureCommand::Deadline { format, .. } => ("deadline", format),
            ProcedureCommand::OpenRule { format, .. } => ("open-rule", format),
            ProcedureCommand::StatusQuo { format, .. } => ("status-quo", format),
        }
    }
}

/// Recognition probabilities and their description.
fn recognition(body: &Institution, args: &RecognitionArgs) -> anyhow::Result<(Vec<f64>, serde_json::Value)> {
    let n = body.members().len();
    let index = |id: &str, flag: &str| {
        body.member_index(id).with_context(|| format!("{flag}: \"{id}\" is not a member id"))
    };
    if args.chair_probability.is_some() && args.chair.is_none() && args.co_facilitators.is_none() {
        bail!("--chair-probability applies to a chair or co-facilitators; add --chair or --co-facilitators");
    }
    let probability = args.chair_probability.unwrap_or(0.2);
    match (&args.chair, &args.co_facilitators) {
        (Some(id), _) => {
            let chair = index(id, "--chair")?;
            let p = Recognition::Chair { chair, probability }.probabilities(n)?;
            Ok((p, json!({"chair": id, "probability": probability})))
        }
        (None, Some(text)) => {
            let ids: Vec<&str> = text.split(',').map(str::trim).collect();
            let [a, b] = ids[..] else {
                bail!("--co-facilitators: '{text}'; expected two member ids, \"A,B\"");
            };
            let p = co_facilitators(
                n,
                [index(a, "--co-facilitators")?, index(b, "--co-facilitators")?],
                probability,
                0.5,
            )?;
            Ok((p, json!({"co_facilitators": [a, b], "probability": probability})))
        }
        (None, None) => Ok((Recognition::Equal.probabilities(n)?, json!("equal"))),
    }
}

/// Runs one of the procedures' subcommands.
pub fn run(command: &ProcedureCommand) -> anyhow::Result<()> {
    match command {
        ProcedureCommand::Deadline { model, rule, delta, rounds, recognition: who, output, format } => {
            let body = Institution::load(model)?;
            let game = body.compile(rule)?.game;
            let (p, described) = recognition(&body, who)?;
            let label = model.display();
            let d = deadline(&game, &p, *delta, *rounds).with_context(|| format!("{label}: rule {rule}"))?;
            // The stationary equilibrium, where the solver takes the body.
            let stationary = baron_ferejohn(&game, &p, *delta).ok();
            let members: Vec<serde_json::Value> = body
                .members()
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut row =
                        json!({"id": m.id, "recognition": p[i], "value": d.values[i], "keeps": d.keeps[i]});
                    if let Some(s) = &stationary {
                        row["stationary_value"] = json!(s.values[i]);
                    }
                    row
                })
                .collect();
            let gap = stationary
                .as_ref()
                .map(|s| s.values.iter().zip(&d.values).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max));
            let out = json!({
                "body": body.info().name, "rule": rule, "delta": delta, "rounds": rounds,
                "recognition": described, "members": members, "gap_to_stationary": gap,
            });
            emit(output.as_deref(), &render_record(format, &out))
        }
        ProcedureCommand::OpenRule { members, quota, delta, output, format } => {
            let quota = quota.unwrap_or(members / 2 + 1);
            let eq = open_rule(*members, quota, *delta)?;
            let out = json!({
                "members": eq.members, "quota": eq.quota, "delta": eq.discount,
                "coalition": eq.coalition, "proposed_keep": eq.proposed_keep, "offer": eq.offer,
                "proposer_value": eq.proposer_value, "partner_value": eq.partner_value,
                "excluded_value": eq.excluded_value, "value": eq.value,
                "pass_first_time": eq.pass_first_time, "expected_amendments": eq.expected_amendments,
            });
            emit(output.as_deref(), &render_record(format, &out))
        }
        ProcedureCommand::StatusQuo {
            model,
            rule,
            ideals,
            status_quo,
            delta,
            grid,
            horizon,
            recognition: who,
            output,
            format,
        } => status_quo_command(
            model,
            rule,
            ideals,
            *status_quo,
            *delta,
            *grid,
            *horizon,
            who,
            output.as_deref(),
            format,
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn status_quo_command(
    model: &Path,
    rule: &str,
    ideals: &str,
    status_quo: f64,
    delta: f64,
    grid: usize,
    horizon: usize,
    who: &RecognitionArgs,
    output: Option<&Path>,
    format: &FormatArgs,
) -> anyhow::Result<()> {
    let body = Institution::load(model)?;
    let n = body.members().len();
    let named = body.compile(rule)?.game;
    let ideals: Vec<f64> = numbers(ideals, "--ideals")?;
    if ideals.len() != n {
        bail!(
            "--ideals: {} numbers for {n} members; expected one per member in the model's order",
            ideals.len()
        );
    }
    let (p, described) = recognition(&body, who)?;
    let with_chair = !described.is_string();
    // The chair's first-period effect is read off period 1 of the path; a horizon of 0 holds
    // only the start, so it is refused rather than reported as no move.
    if with_chair && horizon == 0 {
        bail!(
            "--horizon 0: a chair's first-period effect needs period 1; expected --horizon >= 1 with --chair or --co-facilitators"
        );
    }
    let options = StatusQuoOptions { grid, range: None, horizon };
    let count = |quota: usize| -> anyhow::Result<Game> {
        Ok(Game::from(WeightedGame::new(vec![1; n], quota as u64)?))
    };
    let rules: Vec<(String, Game)> = vec![
        (rule.to_string(), named),
        ("consensus".into(), count(n)?),
        ("two_thirds".into(), count((2 * n).div_ceil(3))?),
        ("simple_majority".into(), count(n / 2 + 1)?),
    ];
    let label = model.display();
    // With a chair (or co-facilitators), each rule is solved a second time with equal
    // recognition, so that the chair's effect (how far, and how fast, it moves policy) is read
    // off the same rule, not against another rule's path.
    let equal = Recognition::Equal.probabilities(n)?;
    // Differences of expected policies below rounding of the line's scale read as no move.
    let scale =
        ideals.iter().chain([&status_quo]).fold(0.0_f64, |m, x| m.max(x.abs())).max(f64::MIN_POSITIVE);
    let moved = |with: f64, without: f64| {
        let d = with - without;
        if d.abs() <= ROUNDING * scale { 0.0 } else { d }
    };
    let rows: Vec<serde_json::Value> = rules
        .iter()
        .map(|(name, game)| match status_quo_bargaining(game, &ideals, &p, delta, status_quo, &options) {
            Ok(eq) => {
                let mut row = json!({
                    "rule": name, "start": eq.start, "mean_path": eq.mean_path,
                    "long_run_mean": eq.long_run_mean,
                    "long_run": eq.long_run.iter().map(|&(z, q)| json!({"policy": z, "probability": q})).collect::<Vec<_>>(),
                    "iterations": eq.iterations,
                });
                if with_chair {
                    match status_quo_bargaining(game, &ideals, &equal, delta, status_quo, &options) {
                        Ok(base) => {
                            // Period 1 exists: a chair with a horizon of 0 is refused above.
                            let first = |path: &[f64]| path[1];
                            row["equal_mean_path"] = json!(base.mean_path);
                            row["equal_long_run_mean"] = json!(base.long_run_mean);
                            row["chair_moves_first_period"] =
                                json!(moved(first(&eq.mean_path), first(&base.mean_path)));
                            row["chair_moves_long_run"] = json!(moved(eq.long_run_mean, base.long_run_mean));
                        }
                        Err(e) => row["equal_error"] = json!(format!("{label}: equal recognition: {e}")),
                    }
                }
                row
            }
            Err(e) => json!({"rule": name, "error": format!("{label}: {e}")}),
        })
        .collect();
    let out = json!({
        "body": body.info().name, "delta": delta, "status_quo": status_quo, "grid": grid,
        "recognition": described, "ideals": ideals, "rules": rows,
        "checked": "every result is a verified stationary equilibrium on the grid",
    });
    emit(output, &render_record(format, &out))
}
