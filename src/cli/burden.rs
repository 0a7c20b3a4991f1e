//! `comity burden`: who pays for a shared good among real members, by equal shares, shares
//! proportional to capacity, a capacity-to-pay scale with a floor and ceilings (the United
//! Nations scale's structure), and, for bodies of up to 18 members, the Shapley value and the
//! nucleolus of a cost game; every member's and every group's share under each.
//!
//! The burden file names its data (CSV columns keyed by member id, relative to the file), the
//! least developed countries, the bodies and the groups; see
//! `models/burden/burden_sharing.toml`.

use super::format::{Cell, Format, FormatArgs, TABULAR, Table};
use super::output::emit;
use crate::repeated::burden_file::{BurdenFile, METHODS};
use clap::Args;
use serde_json::Value;
use std::path::PathBuf;

/// Arguments of `comity burden`.
#[derive(Debug, Args)]
pub struct BurdenArgs {
    /// The burden-sharing file (TOML), e.g. models/burden/burden_sharing.toml.
    file: PathBuf,
    /// Only the groups, not every member (in every format, as `reciprocity members
    /// --groups-only`: JSON's `members` is empty, CSV has no member rows).
    #[arg(long)]
    groups_only: bool,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs `comity burden`: the library reads, checks and evaluates the file
/// ([`BurdenFile`]); this renders it.
pub fn run(args: &BurdenArgs) -> anyhow::Result<()> {
    args.format.check("comity burden", &TABULAR)?;
    let mut bodies = BurdenFile::load(&args.file)?.evaluate()?;
    if args.groups_only {
        for body in &mut bodies {
            body.members.clear();
        }
    }
    let outputs: Vec<Value> = bodies.iter().map(serde_json::to_value).collect::<Result<_, _>>()?;
    let text = match args.format.format {
        Format::Json => outputs.iter().map(|o| args.format.json(o)).collect::<String>(),
        Format::Csv => csv_table(&outputs).csv(),
        other => outputs.iter().map(|o| tables(o, args.groups_only, other)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}

fn methods_of(o: &Value) -> Vec<String> {
    o["methods"].as_array().into_iter().flatten().filter_map(|m| m.as_str().map(String::from)).collect()
}

/// The groups' table, then the members' table, of one body.
fn tables(o: &Value, groups_only: bool, format: Format) -> String {
    let methods = methods_of(o);
    let mut g = Table::new(["group", "members"].into_iter().map(String::from).chain(methods.iter().cloned()));
    g.title = format!("{}: shares of the cost by group", o["label"].as_str().unwrap_or_default());
    let l = &o["limits"];
    g.notes.push(format!(
        "scale limits: floor {}, ceiling {}, least developed ceiling {}",
        l["floor"], l["ceiling"], l["ldc_ceiling"]
    ));
    for grp in o["groups"].as_array().into_iter().flatten() {
        let mut row =
            vec![Cell::from(grp["label"].as_str().unwrap_or_default()), Cell::from(grp["members"].as_f64())];
        row.extend(methods.iter().map(|m| Cell::from(grp[m.as_str()].as_f64())));
        g.rows.push(row);
    }
    let mut text = g.render(format);
    if !groups_only {
        let mut m = Table::new(["id", "ldc"].into_iter().map(String::from).chain(methods.iter().cloned()));
        m.title = format!("{}: shares of the cost by member", o["label"].as_str().unwrap_or_default());
        for mem in o["members"].as_array().into_iter().flatten() {
            let mut row = vec![
                Cell::from(mem["id"].as_str().unwrap_or_default()),
                Cell::from(if mem["ldc"] == true { "yes" } else { "" }),
            ];
            row.extend(methods.iter().map(|k| Cell::from(mem[k.as_str()].as_f64())));
            m.rows.push(row);
        }
        text.push('\n');
        text.push_str(&m.render(format));
    }
    text
}

/// Every body's groups and members in one CSV table.
fn csv_table(outputs: &[Value]) -> Table {
    let mut t = Table::new(
        ["body", "kind", "id", "members"]
            .into_iter()
            .map(String::from)
            .chain(METHODS.iter().map(|m| m.to_string())),
    );
    for o in outputs {
        let body = o["body"].as_str().unwrap_or_default();
        for (kind, key, list) in [("group", "name", &o["groups"]), ("member", "id", &o["members"])] {
            for x in list.as_array().into_iter().flatten() {
                let mut row = vec![
                    Cell::from(body),
                    Cell::from(kind),
                    Cell::from(x[key].as_str().unwrap_or_default()),
                    Cell::from(x["members"].as_f64().or(Some(1.0))),
                ];
                row.extend(METHODS.iter().map(|m| Cell::from(x[*m].as_f64())));
                t.rows.push(row);
            }
        }
    }
    t
}
