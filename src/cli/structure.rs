//! `comity structure`: the structure of a rule (minimal winning and blocking coalitions, veto
//! and null players, desirability, weightedness) and the indices built on it (Deegan-Packel,
//! Holler, Johnston), for bodies of up to 25 members.

use super::format::{Cell, Format, FormatArgs, TABULAR, Table};
use super::output::{emit, fraction};
use super::power::AdHocNames;
use crate::coop::{TuGame, banzhaf_owen_value, owen_value};
use crate::game::{Game, WeightedGame};
use crate::model::Institution;
use crate::power::{
    DIAGRAM_MAX_STATES, STRUCTURE_MAX_PLAYERS, Structure, diagram_supported, minimal_winning_count,
    weighted_representation,
};
use anyhow::{Context, bail};
use clap::Args;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// Arguments of `comity structure`.
#[derive(Debug, Args)]
pub struct StructureArgs {
    /// Institution files (.toml or .json); every rule of each unless --rule is given.
    models: Vec<PathBuf>,
    /// Analyse only the rule with this name.
    #[arg(long)]
    rule: Option<String>,
    /// Ad hoc weighted game: the weights, comma-separated (players are named 1, 2, ... unless
    /// --names is given).
    #[arg(long, value_delimiter = ',')]
    weights: Option<Vec<u64>>,
    /// Ad hoc weighted game: the quota.
    #[arg(long)]
    quota: Option<u64>,
    /// Ad hoc weighted game: the players' names, comma-separated, one per weight (default
    /// 1, 2, ...).
    #[arg(long, value_delimiter = ',', requires = "weights")]
    names: Option<Vec<String>>,
    /// Ad hoc weighted game: players who must all agree as well (names, or 1, 2, ... without
    /// --names), comma-separated.
    #[arg(long, value_delimiter = ',', requires = "weights")]
    veto: Option<Vec<String>>,
    /// List at most this many minimal winning and minimal blocking coalitions (default 1000;
    /// counts are always complete; up to 25 members).
    #[arg(long)]
    list: Option<usize>,
    /// A priori unions for the Owen and Banzhaf-Owen values: member ids separated by commas,
    /// unions by semicolons ("CHN,RUS;FRA,GBR,USA"); members not listed are unions of one
    /// (up to 25 members).
    #[arg(long)]
    unions: Option<String>,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The unions as lists of player positions, completed by singletons.
fn unions(text: &str, players: &[String]) -> anyhow::Result<Vec<Vec<usize>>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut seen = vec![false; players.len()];
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let mut union = Vec::new();
        for id in part.split(',').map(str::trim) {
            let i = players
                .iter()
                .position(|p| p == id)
                .with_context(|| format!("--unions: \"{id}\" is not a member id"))?;
            if std::mem::replace(&mut seen[i], true) {
                bail!("--unions: \"{id}\" is in two unions; expected disjoint unions");
            }
            union.push(i);
        }
        out.push(union);
    }
    out.extend((0..players.len()).filter(|&i| !seen[i]).map(|i| vec![i]));
    Ok(out)
}

/// A count as the convention writes it: a number (a float beside) and its exact digits as a
/// string in `exact`.
fn count_json(count: impl ToString, listed: usize, coalitions: Value) -> Value {
    let digits = count.to_string();
    json!({"count": digits.parse::<f64>().unwrap_or(f64::NAN), "listed": listed, "coalitions": coalitions,
           "exact": {"count": digits}})
}

/// The analysis of one rule as a JSON object.
fn analyse(
    body: &str,
    rule: &str,
    players: &[String],
    game: &Game,
    args: &StructureArgs,
) -> anyhow::Result<Value> {
    let list = args.list.unwrap_or(1000);
    // The ids are checked whatever the size, so that a typo is never hidden by a refusal.
    let unions = args.unions.as_deref().map(|text| unions(text, players)).transpose()?;
    if players.len() > STRUCTURE_MAX_PLAYERS {
        let given = [("--unions", args.unions.is_some()), ("--list", args.list.is_some())];
        if let Some((flag, _)) = given.iter().find(|(_, g)| *g) {
            bail!(
                "{flag}: {body}: rule {rule} has {} members; coalitions are enumerated (and the Owen values computed) for at most {STRUCTURE_MAX_PLAYERS}",
                players.len()
            );
        }
        // Beyond enumeration, the decision diagram still counts the minimal winning coalitions.
        let count = minimal_winning_count(game).with_context(|| {
            let diagram = if diagram_supported(game) {
                format!("its decision diagram exceeded its limit of {DIAGRAM_MAX_STATES} states")
            } else {
                "the decision diagram does not take it (blocs or an enumerated game)".to_string()
            };
            format!(
                "{body}: rule {rule}: {} members; the structure is enumerated for at most {STRUCTURE_MAX_PLAYERS} members, and {diagram}",
                players.len()
            )
        })?;
        return Ok(json!({"body": body, "rule": rule, "players": players,
            "minimal_winning": count_json(count, 0, json!([])), "members": [],
            "note": format!("{} members: only the number of minimal winning coalitions is computed (on the decision diagram); the rest needs at most {STRUCTURE_MAX_PLAYERS} members", players.len())}));
    }
    let s = Structure::new(game).with_context(|| format!("{body}: rule {rule}"))?;
    let names = |mask: &u32| -> Vec<&str> {
        (0..players.len()).filter(|&i| mask >> i & 1 == 1).map(|i| players[i].as_str()).collect()
    };
    let family = |masks: Vec<u32>| {
        count_json(
            masks.len(),
            masks.len().min(list),
            json!(masks.iter().take(list).map(names).collect::<Vec<_>>()),
        )
    };
    let ids = |v: Vec<usize>| v.into_iter().map(|i| players[i].clone()).collect::<Vec<_>>();
    let mut out = Map::new();
    out.insert("body".into(), json!(body));
    out.insert("rule".into(), json!(rule));
    out.insert("players".into(), json!(players));
    out.insert("minimal_winning".into(), family(s.minimal_winning()));
    out.insert("minimal_blocking".into(), family(s.minimal_blocking()));
    let (veto, null) = (s.veto_players(), s.null_players());
    out.insert("veto_players".into(), json!(ids(veto.clone())));
    out.insert("null_players".into(), json!(ids(null.clone())));
    out.insert("desirability".into(), desirability(&s, players));
    out.insert(
        "weighted".into(),
        match weighted_representation(&s)? {
            Some((weights, quota)) => json!({"weights": weights, "quota": quota}),
            None => Value::Null,
        },
    );
    let indices: [(&str, Vec<BigRational>); 3] =
        [("deegan_packel", s.deegan_packel()), ("holler", s.holler()), ("johnston", s.johnston())];
    let mut owen: Option<(Vec<f64>, Vec<f64>)> = None;
    if let Some(unions) = &unions {
        let tu = TuGame::from_simple_game(game).with_context(|| format!("{body}: rule {rule}"))?;
        out.insert(
            "unions".into(),
            json!(
                unions.iter().map(|u| u.iter().map(|&i| &players[i]).collect::<Vec<_>>()).collect::<Vec<_>>()
            ),
        );
        owen = Some((owen_value(&tu, unions), banzhaf_owen_value(&tu, unions)));
    }
    // One object per member, the convention's floats with their exact fractions beside.
    let members: Vec<Value> = (0..players.len())
        .map(|i| {
            let mut m = Map::new();
            m.insert("id".into(), json!(players[i]));
            let mut exact = Map::new();
            for (name, values) in &indices {
                m.insert((*name).into(), json!(values[i].to_f64().unwrap_or(f64::NAN)));
                exact.insert((*name).into(), json!(fraction(&values[i])));
            }
            if let Some((o, bo)) = &owen {
                m.insert("owen".into(), json!(o[i]));
                m.insert("banzhaf_owen".into(), json!(bo[i]));
            }
            m.insert("veto".into(), json!(veto.contains(&i)));
            m.insert("null".into(), json!(null.contains(&i)));
            m.insert("exact".into(), Value::Object(exact));
            Value::Object(m)
        })
        .collect();
    out.insert("members".into(), Value::Array(members));
    Ok(Value::Object(out))
}

/// Classes of equally desirable members from most to least desirable, whether the relation
/// is complete, and the incomparable pairs if not.
fn desirability(s: &Structure, players: &[String]) -> Value {
    let Some(d) = s.desirability() else {
        return json!({"computed": false, "reason": "more than 20 members"});
    };
    let n = players.len();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for (i, row) in d.iter().enumerate() {
        match classes.iter_mut().find(|c| d[c[0]][i] && row[c[0]]) {
            Some(c) => c.push(i),
            None => classes.push(vec![i]),
        }
    }
    // Most desirable first: by how many members a class is at least as desirable as.
    classes.sort_by_key(|c| std::cmp::Reverse((0..n).filter(|&j| d[c[0]][j]).count()));
    let incomparable: Vec<[&str; 2]> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .filter(|&(i, j)| !d[i][j] && !d[j][i])
        .map(|(i, j)| [players[i].as_str(), players[j].as_str()])
        .collect();
    json!({"computed": true, "complete": incomparable.is_empty(),
           "classes": classes.iter().map(|c| c.iter().map(|&i| &players[i]).collect::<Vec<_>>()).collect::<Vec<_>>(),
           "incomparable": incomparable})
}

/// Runs `comity structure`.
pub fn run(args: &StructureArgs) -> anyhow::Result<()> {
    args.format.check("comity structure", &TABULAR)?;
    let mut lines = Vec::new();
    match (&args.weights, args.models.is_empty()) {
        (Some(_), false) => bail!("give either model files or --weights/--quota, not both"),
        (None, true) => bail!("nothing to analyse: give model files, or --weights and --quota"),
        (Some(weights), true) => {
            if args.rule.is_some() {
                bail!("--rule names a rule of a model file; an ad hoc game (--weights/--quota) has one rule");
            }
            let quota = args.quota.context("--weights needs --quota")?;
            let names = AdHocNames { names: args.names.as_deref(), veto: args.veto.as_deref() };
            let players = names.players(weights.len())?;
            let game = WeightedGame::new(weights.clone(), quota).context("--weights/--quota")?;
            let (game, _) = names.with_veto(game, &players)?;
            lines.push(analyse("ad hoc", "ad hoc", &players, &game, args)?);
        }
        (None, false) => {
            if args.quota.is_some() {
                bail!("--quota goes with --weights; a model's quotas are in its rules");
            }
            for path in &args.models {
                let body = Institution::load(path)?;
                let players: Vec<String> = body.members().iter().map(|m| m.id.clone()).collect();
                let names: Vec<String> = match &args.rule {
                    Some(name) => vec![name.clone()],
                    None => body.rules().iter().map(|r| r.name.clone()).collect(),
                };
                for name in names {
                    let compiled = body.compile(&name)?;
                    let mut line = analyse(&body.info().name, &name, &players, &compiled.game, args)?;
                    if let Value::Object(object) = &mut line {
                        object.insert("draft".into(), json!(body.is_draft()));
                    }
                    lines.push(line);
                }
            }
        }
    }
    for line in &mut lines {
        if let Value::Object(object) = line {
            object.entry("draft").or_insert(json!(false));
        }
    }
    let text: String = match args.format.format {
        Format::Json => lines.iter().map(|v| args.format.json(v)).collect(),
        Format::Csv => csv(&lines),
        other => lines.iter().map(|v| table(v).render(other)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}

/// The per-member columns present in an analysis, in print order.
fn member_columns(analysis: &Value) -> Vec<&'static str> {
    let first = analysis["members"].get(0);
    ["deegan_packel", "holler", "johnston", "owen", "banzhaf_owen", "veto", "null"]
        .into_iter()
        .filter(|c| first.is_some_and(|m| m.get(c).is_some()))
        .collect()
}

fn member_cell(value: &Value) -> Cell {
    match value {
        Value::Number(n) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::Bool(b) => Cell::Text(if *b { "yes" } else { "" }.into()),
        Value::String(s) => Cell::Text(s.clone()),
        _ => Cell::Empty,
    }
}

/// One analysis as a table of members, its counts and classes said once above.
fn table(analysis: &Value) -> Table {
    let columns = member_columns(analysis);
    let mut table = Table::new(std::iter::once("id").chain(columns.iter().copied()));
    table.title = format!(
        "{} — rule \"{}\"",
        analysis["body"].as_str().unwrap_or_default(),
        analysis["rule"].as_str().unwrap_or_default()
    );
    let list = |v: &Value| -> String {
        let items: Vec<&str> = v.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if items.is_empty() { "none".into() } else { items.join(", ") }
    };
    for family in ["minimal_winning", "minimal_blocking"] {
        if let Some(f) = analysis.get(family) {
            table.notes.push(format!(
                "{}: {} coalitions (listed in JSON: {})",
                family.replace('_', " "),
                f["exact"]["count"].as_str().unwrap_or_default(),
                f["listed"]
            ));
        }
    }
    for key in ["veto_players", "null_players"] {
        if let Some(v) = analysis.get(key) {
            table.notes.push(format!("{}: {}", key.replace('_', " "), list(v)));
        }
    }
    match analysis.get("weighted") {
        Some(Value::Object(w)) => {
            table.notes.push(format!("weighted: quota {} with weights {}", w["quota"], w["weights"]))
        }
        Some(_) => table.notes.push("weighted: no (no weights and quota represent the rule)".into()),
        None => {}
    }
    if let Some(classes) = analysis["desirability"]["classes"].as_array() {
        let text: Vec<String> = classes.iter().map(list).collect();
        table.notes.push(format!("desirability, most desirable first: {}", text.join(" > ")));
    }
    if let Some(note) = analysis["note"].as_str() {
        table.notes.push(note.to_string());
    }
    for m in analysis["members"].as_array().into_iter().flatten() {
        let mut row = vec![member_cell(&m["id"])];
        row.extend(columns.iter().map(|c| member_cell(&m[*c])));
        table.rows.push(row);
    }
    table
}

/// CSV of every analysis: body, rule, member id and the member columns (those of the first
/// analysis; the Owen columns appear only with --unions).
fn csv(analyses: &[Value]) -> String {
    let columns = analyses.first().map(member_columns).unwrap_or_default();
    let mut table = Table::new(["body", "rule", "id"].into_iter().chain(columns.iter().copied()));
    for a in analyses {
        for m in a["members"].as_array().into_iter().flatten() {
            let mut row = vec![member_cell(&a["body"]), member_cell(&a["rule"]), member_cell(&m["id"])];
            row.extend(columns.iter().map(|c| match &m[*c] {
                Value::Bool(b) => Cell::Text(b.to_string()),
                v => member_cell(v),
            }));
            table.rows.push(row);
        }
    }
    table.csv()
}
