//! `comity power`: power indices of every member under each rule of one or more models, or of
//! an ad hoc weighted game.

use super::output::{csv_field, emit};
use crate::game::{Game, WeightedGame};
use crate::model::Institution;
use crate::power::{power_indices, PowerIndices, PowerOptions};
use crate::rules::CompiledQuota;
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use num_rational::BigRational;
use serde_json::{json, Map, Value};
use std::fmt::Write as _;
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Exact fractions (and exact Shapley-Shubik even where floating point would be faster).
    #[arg(long)]
    exact: bool,
    /// Ad hoc weighted game: the weights, comma-separated (players are named 1, 2, ...).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    weights: Option<Vec<String>>,
    /// Ad hoc weighted game: the quota (a coalition wins with at least this weight).
    #[arg(long, allow_hyphen_values = true)]
    quota: Option<String>,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
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

    fn values(self, p: &PowerIndices) -> Vec<f64> {
        match self {
            Index::ShapleyShubik => p.shapley_shubik().unwrap_or_default(),
            Index::Banzhaf => p.banzhaf(),
            Index::BanzhafAbsolute => p.banzhaf_absolute(),
            Index::ColemanPrevent => p.coleman_prevent(),
            Index::ColemanInitiate => p.coleman_initiate(),
        }
    }

    fn exact(self, p: &PowerIndices) -> Option<Vec<BigRational>> {
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

/// One rule of one body, evaluated.
struct Evaluation {
    body: String,
    rule: String,
    description: String,
    players: Vec<(String, String)>,
    quotas: Vec<CompiledQuota>,
    power: PowerIndices,
}

/// Runs `comity power`.
pub fn run(args: &PowerArgs) -> anyhow::Result<()> {
    let indices = match &args.index {
        None => ALL_INDICES.to_vec(),
        Some(list) => list.iter().map(|s| Index::parse(s)).collect::<anyhow::Result<_>>()?,
    };
    let options = PowerOptions { shapley_shubik: indices.contains(&Index::ShapleyShubik), exact: args.exact };
    let evaluations = match (&args.weights, args.models.is_empty()) {
        (Some(_), false) => bail!("give either model files or --weights/--quota, not both"),
        (Some(weights), true) => vec![ad_hoc(weights, args.quota.as_deref(), &options)?],
        (None, true) => bail!("nothing to evaluate: give model files, or --weights and --quota"),
        (None, false) => {
            if args.quota.is_some() {
                bail!("--quota goes with --weights; a model's quotas are in its rules");
            }
            let mut all = Vec::new();
            for path in &args.models {
                all.extend(evaluate_model(path, args.rule.as_deref(), &options)?);
            }
            all
        }
    };
    let text = match args.format {
        Format::Json => evaluations.iter().map(|e| json_line(e, &indices, args.exact) + "\n").collect(),
        Format::Csv => csv(&evaluations, &indices, args.exact),
        Format::Table => {
            evaluations.iter().map(|e| table(e, &indices, args.exact)).collect::<Vec<_>>().join("\n")
        }
    };
    emit(args.output.as_deref(), &text)
}

fn ad_hoc(weights: &[String], quota: Option<&str>, options: &PowerOptions) -> anyhow::Result<Evaluation> {
    let weights: Vec<u64> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            w.trim().parse().with_context(|| {
                format!("--weights: entry {} is \"{w}\"; expected a whole number >= 0", i + 1)
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let quota = quota.context("--weights needs --quota (a coalition wins with at least that weight)")?;
    let quota: u64 = quota
        .trim()
        .parse()
        .with_context(|| format!("--quota is \"{quota}\"; expected a whole number >= 1"))?;
    let game = WeightedGame::new(weights.clone(), quota).context("--weights/--quota")?;
    let total = game.total();
    let power = power_indices(&Game::from(game), options)?;
    Ok(Evaluation {
        body: "ad hoc".into(),
        rule: "ad hoc".into(),
        description: format!(
            "weighted game [{quota}; {}]",
            weights.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
        players: (1..=weights.len()).map(|i| (i.to_string(), i.to_string())).collect(),
        quotas: vec![CompiledQuota {
            path: String::new(),
            primitive: "weighted",
            attribute: Some("weight".into()),
            at_least: quota,
            total,
            share: None,
        }],
        power,
    })
}

fn evaluate_model(
    path: &PathBuf,
    only: Option<&str>,
    options: &PowerOptions,
) -> anyhow::Result<Vec<Evaluation>> {
    let body = Institution::load(path)?;
    let names: Vec<String> = match only {
        Some(name) => vec![body.compile(name).map(|_| name.to_string()).map_err(|mut e| {
            e.file = path.display().to_string();
            e
        })?],
        None => body.rules().iter().map(|r| r.name.clone()).collect(),
    };
    let players: Vec<(String, String)> =
        body.members().iter().map(|m| (m.id.clone(), m.name.clone())).collect();
    names
        .into_iter()
        .map(|name| {
            let compiled = body.compile(&name)?;
            let power = power_indices(&compiled.game, options)
                .with_context(|| format!("{}: rule {name}", path.display()))?;
            let entry = body.rules().iter().find(|r| r.name == name).expect("compiled rules exist");
            Ok(Evaluation {
                body: body.info().name.clone(),
                rule: name,
                description: entry.description.clone().unwrap_or_default(),
                players: players.clone(),
                quotas: compiled.quotas,
                power,
            })
        })
        .collect()
}

/// The compiled quota: a number for a rule with one threshold, else the list of leaves.
fn quota_json(quotas: &[CompiledQuota]) -> Value {
    match quotas {
        [one] => json!(one.at_least),
        many => serde_json::to_value(many).expect("quotas serialise"),
    }
}

fn quota_text(quotas: &[CompiledQuota]) -> String {
    quotas
        .iter()
        .map(|q| {
            let what = match (q.primitive, q.attribute.as_deref()) {
                ("veto", _) => "veto members",
                ("unanimity", _) => "all members",
                (_, Some(attribute)) => attribute,
                (_, None) => "members",
            };
            let share = q.share.as_ref().map(|s| format!(" (share {s})")).unwrap_or_default();
            let at = if q.path.is_empty() { String::new() } else { format!("{}: ", q.path) };
            format!("{at}{what} >= {} of {}{share}", q.at_least, q.total)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn fraction(x: &BigRational) -> String {
    if x.denom() == &1.into() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

fn json_line(e: &Evaluation, indices: &[Index], exact: bool) -> String {
    let mut values = Map::new();
    for &i in indices {
        values.insert(i.name().into(), json!(i.values(&e.power)));
    }
    let mut object = Map::new();
    object.insert("players".into(), json!(e.players.iter().map(|p| &p.0).collect::<Vec<_>>()));
    object.insert("rule".into(), json!(e.rule));
    object.insert("quota".into(), quota_json(&e.quotas));
    object.insert("method".into(), json!(e.power.method()));
    object.insert("coleman_power_to_act".into(), json!(e.power.coleman_power_to_act()));
    object.insert("indices".into(), Value::Object(values));
    if exact {
        let mut fractions = Map::new();
        for &i in indices {
            if let Some(v) = i.exact(&e.power) {
                fractions.insert(i.name().into(), json!(v.iter().map(fraction).collect::<Vec<_>>()));
            }
        }
        fractions
            .insert("coleman_power_to_act".into(), json!(fraction(&e.power.tally().coleman_power_to_act())));
        object.insert("exact".into(), Value::Object(fractions));
    }
    Value::Object(object).to_string()
}

/// A value for the table or CSV: an exact fraction under `--exact` where one exists.
fn cells(e: &Evaluation, index: Index, exact: bool) -> Vec<String> {
    match (exact, index.exact(&e.power)) {
        (true, Some(v)) => v.iter().map(fraction).collect(),
        _ => index.values(&e.power).iter().map(|&x| decimal(x)).collect(),
    }
}

/// Ten decimals, or scientific notation for small non-zero values so they do not print as 0.
fn decimal(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-4 {
        format!("{x:.9e}")
    } else {
        format!("{x:.10}")
    }
}

fn csv(evaluations: &[Evaluation], indices: &[Index], exact: bool) -> String {
    let mut out = String::from("body,rule,id,name");
    for i in indices {
        out += ",";
        out += i.name();
    }
    out += "\n";
    for e in evaluations {
        let columns: Vec<Vec<String>> = indices.iter().map(|&i| cells(e, i, exact)).collect();
        for (k, (id, name)) in e.players.iter().enumerate() {
            let mut row = vec![csv_field(&e.body), csv_field(&e.rule), csv_field(id), csv_field(name)];
            row.extend(columns.iter().map(|c| c[k].clone()));
            out += &row.join(",");
            out += "\n";
        }
    }
    out
}

fn table(e: &Evaluation, indices: &[Index], exact: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — rule \"{}\": {}", e.body, e.rule, e.description);
    let _ = writeln!(out, "quota:  {}", quota_text(&e.quotas));
    let _ = writeln!(out, "method: {}", e.power.method());
    let act = if exact {
        fraction(&e.power.tally().coleman_power_to_act())
    } else {
        decimal(e.power.coleman_power_to_act())
    };
    let _ = writeln!(out, "Coleman power of the collectivity to act: {act}");
    let columns: Vec<Vec<String>> = indices.iter().map(|&i| cells(e, i, exact)).collect();
    let mut header = vec!["id".to_string(), "name".to_string()];
    header.extend(indices.iter().map(|i| i.name().to_string()));
    let mut rows = vec![header];
    for (k, (id, name)) in e.players.iter().enumerate() {
        let mut row = vec![id.clone(), name.chars().take(32).collect()];
        row.extend(columns.iter().map(|c| c[k].clone()));
        rows.push(row);
    }
    let widths: Vec<usize> =
        (0..rows[0].len()).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c < 2 {
                    format!("{cell:<w$}", w = widths[c])
                } else {
                    format!("{cell:>w$}", w = widths[c])
                }
            })
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    out
}
