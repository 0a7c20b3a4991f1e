//! `comity bargain seats FILE`: seats over time. Each member's probability of sitting on a
//! body whose seats are allocated to regional groups and filled by election (year by year
//! from today and in the long run), times its power while sitting (O'Neill 1996); per member,
//! per group, and under the reform models' allocations the file names.

use super::format::{Cell, Format, FormatArgs, TABULAR, Table};
use super::output::emit;
use anyhow::Context;
use clap::Args;
use comity::seats::{ChainOptions, GroupOutcome, SeatPower, SeatsModel, SeatsReport};
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `comity bargain seats`.
#[derive(Debug, Args)]
pub struct SeatsArgs {
    /// The seats model file (models/seats/*.toml).
    model: PathBuf,
    /// Years of the path to report after the current one (0 to 50).
    #[arg(long, default_value_t = 4)]
    years: usize,
    /// Only these members in the members table (repeatable; default: every member).
    #[arg(long = "member")]
    members: Vec<String>,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    pub(super) format: FormatArgs,
}

/// Runs `comity bargain seats`.
pub fn run(args: &SeatsArgs) -> anyhow::Result<()> {
    args.format.check("comity bargain seats", &TABULAR)?;
    if args.years > 50 {
        anyhow::bail!("--years: {}; expected 0 to 50", args.years);
    }
    let model = SeatsModel::load(&args.model)?;
    for id in &args.members {
        if model.members().member_index(id).is_none() {
            anyhow::bail!("--member: '{id}' is not a member id of {}", args.model.display());
        }
    }
    let options = ChainOptions { horizon: args.years, ..ChainOptions::default() };
    let report = model.evaluate(&options).with_context(|| args.model.display().to_string())?;
    let shown = |id: &str| args.members.is_empty() || args.members.iter().any(|m| m == id);
    let text = match args.format.format {
        Format::Json => args.format.json(&to_json(&model, &report, &shown)),
        Format::Csv => member_table(&report, &shown).csv(),
        format => {
            let mut text = group_table(&model, &report).render(format);
            if !report.reforms.is_empty() {
                text.push('\n');
                text.push_str(&reform_table(&report).render(format));
            }
            text.push('\n');
            text.push_str(&member_table(&report, &shown).render(format));
            text
        }
    };
    emit(args.output.as_deref(), &text)
}

fn to_json(model: &SeatsModel, r: &SeatsReport, shown: &dyn Fn(&str) -> bool) -> serde_json::Value {
    let (name, source, date, power_source) = model.describe();
    let power = |p: &SeatPower| {
        json!({"elected_shapley_shubik": p.elected_shapley_shubik, "elected_banzhaf": p.elected_banzhaf,
               "permanent_shapley_shubik": p.permanent_shapley_shubik, "permanent_banzhaf": p.permanent_banzhaf})
    };
    let groups = |gs: &[GroupOutcome]| -> Vec<serde_json::Value> {
        gs.iter()
            .map(|g| {
                json!({"group": g.name, "members": g.members, "seats": g.seats, "sitting": g.sitting,
                             "shapley_shubik": g.shapley_shubik, "banzhaf": g.banzhaf})
            })
            .collect()
    };
    json!({
        "id": model.id(), "body": name, "source": source, "date": date, "notes": model.notes(),
        "power_source": power_source, "year": r.year, "term": r.term,
        "max_consecutive_terms": r.max_consecutive_terms, "power": power(&r.power),
        "groups": groups(&r.groups),
        "reforms": r.reforms.iter().map(|f| json!({"name": f.name, "label": f.label, "source": f.source,
            "power": power(&f.power), "groups": groups(&f.groups)})).collect::<Vec<_>>(),
        "members": r.members.iter().filter(|m| shown(&m.id)).map(|m| json!({"id": m.id, "group": m.group,
            "path": m.path, "long_run": m.long_run, "shapley_shubik": m.shapley_shubik, "banzhaf": m.banzhaf}))
            .collect::<Vec<_>>(),
        "years_to_settle": r.years, "states": r.states,
    })
}

fn group_table(model: &SeatsModel, r: &SeatsReport) -> Table {
    let (name, source, _, power_source) = model.describe();
    let mut t = Table::new(["group", "members", "seats", "sitting", "shapley_shubik", "banzhaf"]);
    t.title =
        format!("{name}: long-run probability of sitting and expected power (O'Neill 1996), {}", r.year);
    t.notes = vec![
        format!("source: {source}"),
        format!(
            "power while sitting ({power_source}): an elected seat {:.6} Shapley-Shubik, {:.6} Banzhaf{}",
            r.power.elected_shapley_shubik,
            r.power.elected_banzhaf,
            if r.power.permanent_shapley_shubik > 0.0 {
                format!(
                    "; a permanent member {:.6}, {:.6}",
                    r.power.permanent_shapley_shubik, r.power.permanent_banzhaf
                )
            } else {
                String::new()
            }
        ),
        format!(
            "terms of {} years, {}; sitting = a member's long-run share of years on the body; power columns = the group's total expected power",
            r.term,
            match r.max_consecutive_terms {
                Some(1) => "no immediate re-election".to_string(),
                Some(k) => format!("at most {k} consecutive terms"),
                None => "re-election allowed".to_string(),
            }
        ),
    ];
    for g in &r.groups {
        t.rows.push(vec![
            g.name.clone().into(),
            Cell::Number(g.members as f64),
            Cell::Number(g.seats as f64),
            g.sitting.into(),
            g.shapley_shubik.into(),
            g.banzhaf.into(),
        ]);
    }
    t
}

fn reform_table(r: &SeatsReport) -> Table {
    let mut t = Table::new([
        "reform",
        "group",
        "seats",
        "sitting",
        "seat_shapley_shubik",
        "shapley_shubik",
        "permanent_shapley_shubik",
    ]);
    t.title = "Reform models: each group's seats, a member's long-run probability of sitting, and the group's expected power".into();
    for f in &r.reforms {
        for g in &f.groups {
            t.rows.push(vec![
                f.label.clone().into(),
                g.name.clone().into(),
                Cell::Number(g.seats as f64),
                g.sitting.into(),
                f.power.elected_shapley_shubik.into(),
                g.shapley_shubik.into(),
                f.power.permanent_shapley_shubik.into(),
            ]);
        }
    }
    t
}

fn member_table(r: &SeatsReport, shown: &dyn Fn(&str) -> bool) -> Table {
    let years = r.members.first().map_or(0, |m| m.path.len());
    let mut columns = vec!["id".to_string(), "group".to_string()];
    columns.extend((0..years).map(|t| format!("sits_{}", i128::from(r.year) + t as i128)));
    columns.extend(["long_run".to_string(), "shapley_shubik".to_string(), "banzhaf".to_string()]);
    let mut t = Table::new(columns);
    t.title = "Members: probability of sitting each year, in the long run, and expected power".into();
    for m in r.members.iter().filter(|m| shown(&m.id)) {
        let mut row: Vec<Cell> = vec![m.id.clone().into(), m.group.clone().into()];
        row.extend(m.path.iter().map(|&p| Cell::Number(p)));
        row.extend([m.long_run.into(), m.shapley_shubik.into(), m.banzhaf.into()]);
        t.rows.push(row);
    }
    t
}
