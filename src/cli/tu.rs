//! `comity tu`: solutions of a transferable-utility game given as a JSON file.

use super::format::{Cell, Format, FormatArgs, TABULAR, Table};
use super::output::emit;
use crate::coop::{
    MAX_LP_PLAYERS, NucleolusKind, TuGame, banzhaf_owen_value, banzhaf_value, check_partition, is_convex,
    is_superadditive, least_core, nucleolus, owen_value, shapley_value,
};
use crate::strict_json;
use anyhow::{Context, bail};
use clap::Args;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// Arguments of `comity tu`.
#[derive(Debug, Args)]
pub struct TuArgs {
    /// The game: {"players": ["A", "B", ...], "values": [v(empty), v({A}), v({B}), v({A,B}), ...]}
    /// with values indexed by bitmask (bit i is players[i]).
    game: PathBuf,
    /// A priori unions for the Owen value: players separated by commas, unions by semicolons,
    /// e.g. "A,B;C"; they must partition the players.
    #[arg(long)]
    unions: Option<String>,
    /// Compute the prenucleolus (over efficient allocations) instead of the nucleolus.
    #[arg(long)]
    prenucleolus: bool,
    /// The solutions to compute, separated by commas, from: shapley, banzhaf, nucleolus,
    /// least-core (with whether the core is empty), properties (superadditive, convex), owen
    /// (with --unions). Default: all (owen only with --unions). The properties are limited to 18
    /// players; the others go to 25.
    #[arg(long, value_delimiter = ',')]
    solutions: Vec<String>,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The solutions `comity tu` offers, by the name `--solutions` takes.
const SOLUTIONS: [&str; 6] = ["shapley", "banzhaf", "nucleolus", "least-core", "properties", "owen"];

/// Which solutions to compute: those named in `--solutions`, or all (owen only with unions).
fn chosen_solutions(names: &[String], unions: bool) -> anyhow::Result<Vec<&'static str>> {
    if names.is_empty() {
        return Ok(SOLUTIONS.into_iter().filter(|&s| s != "owen" || unions).collect());
    }
    let mut chosen = Vec::new();
    for name in names {
        let name = name.trim();
        let Some(&known) = SOLUTIONS.iter().find(|&&s| s == name) else {
            bail!("--solutions: \"{name}\" is not a solution; expected names from: {}", SOLUTIONS.join(", "));
        };
        if !chosen.contains(&known) {
            chosen.push(known);
        }
    }
    match (chosen.contains(&"owen"), unions) {
        (true, false) => bail!("--solutions: owen needs --unions (e.g. --unions \"A,B;C\")"),
        (false, true) => bail!("--unions is used only by owen; expected owen in --solutions"),
        _ => Ok(chosen),
    }
}

/// The game file's shape, for the direct read of its values (no document tree: a tree of
/// 2^22 numbers took about 300 MB before the game was even built).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GameFile {
    players: Vec<String>,
    values: Vec<f64>,
}

/// Reads the game file: `players` names and `values` by bitmask, strictly (duplicate keys and
/// unknown fields refused, a leading byte-order mark accepted). `max_players` is the limit of
/// the solutions asked for.
fn read_game(path: &PathBuf, max_players: usize) -> anyhow::Result<(Vec<String>, TuGame)> {
    let label = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("{label}: cannot read the file"))?;
    // A well-formed file reads straight into its values; serde's derive refuses duplicate and
    // unknown fields just as the strict reader does. Anything it refuses is read again by the
    // strict reader below, which names the problem precisely.
    if let Ok(file) = serde_json::from_str::<GameFile>(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
        check_players(&label.to_string(), &file.players, max_players)?;
        let n = file.players.len();
        if file.values.len() == 1 << n {
            let game = TuGame::from_values(n, file.values).with_context(|| format!("{label}: values"))?;
            return Ok((file.players, game));
        }
    }
    let doc: Value = strict_json::from_str(&text).map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
    strict_json::refuse_unknown_fields(&doc, "", &["players", "values"])
        .map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
    let players: Vec<String> = match doc.get("players") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.as_str()
                    .map(str::to_string)
                    .with_context(|| format!("{label}: players[{i}] is {p}; expected a name in quotes"))
            })
            .collect::<anyhow::Result<_>>()?,
        _ => bail!("{label}: players: expected a list of names, e.g. [\"A\", \"B\"]"),
    };
    check_players(&label.to_string(), &players, max_players)?;
    let n = players.len();
    let Some(Value::Array(items)) = doc.get("values") else {
        bail!("{label}: values: expected a list of 2^{n} = {} numbers indexed by bitmask", 1usize << n);
    };
    if items.len() != 1 << n {
        bail!(
            "{label}: values: expected 2^{n} = {} numbers (one per coalition of {n} players), found {}",
            1usize << n,
            items.len()
        );
    }
    let values: Vec<f64> = items
        .iter()
        .enumerate()
        .map(|(m, v)| v.as_f64().with_context(|| format!("{label}: values[{m}] is {v}; expected a number")))
        .collect::<anyhow::Result<_>>()?;
    let game = TuGame::from_values(n, values).with_context(|| format!("{label}: values"))?;
    Ok((players, game))
}

/// Distinct names, and no more players than the solutions asked for allow.
fn check_players(label: &str, players: &[String], max_players: usize) -> anyhow::Result<()> {
    // Unions and output rows name players, so two players of one name are two of nobody.
    for (i, p) in players.iter().enumerate() {
        if let Some(first) = players[..i].iter().position(|q| q == p) {
            bail!("{label}: players[{i}]: \"{p}\" is also players[{first}]; expected distinct names");
        }
    }
    let n = players.len();
    if n == 0 || n > TuGame::MAX_PLAYERS {
        bail!("{label}: players: expected 1 to {} players, found {n}", TuGame::MAX_PLAYERS);
    }
    if n > max_players {
        // Refused before the values are converted: superadditivity checks every pair of
        // disjoint coalitions, 3^n of them.
        bail!(
            "{label}: players: {n} players; the properties check all 3^{n} = {} pairs of disjoint coalitions, and the limit is {MAX_LP_PLAYERS} players; expected at most {MAX_LP_PLAYERS}, or --solutions without properties (the least core, nucleolus, Shapley and Banzhaf values go to {} players; for a simple game's power indices use `comity power`)",
            3u64.pow(n as u32),
            TuGame::MAX_PLAYERS
        );
    }
    Ok(())
}

fn parse_unions(text: &str, players: &[String]) -> anyhow::Result<Vec<Vec<usize>>> {
    let unions: Vec<Vec<usize>> = text
        .split(';')
        .map(|u| {
            u.split(',')
                .map(|name| {
                    let name = name.trim();
                    players.iter().position(|p| p == name).with_context(|| {
                        format!(
                            "--unions: \"{name}\" is not a player; expected names from: {}",
                            players.join(", ")
                        )
                    })
                })
                .collect()
        })
        .collect::<anyhow::Result<_>>()?;
    check_partition(players.len(), &unions).map_err(|e| {
        anyhow::anyhow!("--unions must partition the players: {}", e.replace("player ", "player #"))
    })?;
    Ok(unions)
}

/// Runs `comity tu`.
pub fn run(args: &TuArgs) -> anyhow::Result<()> {
    args.format.check("comity tu", &TABULAR)?;
    let chosen = chosen_solutions(&args.solutions, args.unions.is_some())?;
    let wants = |name: &str| chosen.contains(&name);
    if args.prenucleolus && !wants("nucleolus") {
        anyhow::bail!(
            "--prenucleolus applies to the nucleolus only; add nucleolus to --solutions or drop the option"
        );
    }
    // The properties' check over disjoint pairs (3^n) stops at 18; the least core (constraint
    // generation) goes to every TU game, as the nucleolus does.
    let max_players = if wants("properties") { MAX_LP_PLAYERS } else { TuGame::MAX_PLAYERS };
    let (players, game) = read_game(&args.game, max_players)?;
    let unions = args.unions.as_deref().map(|u| parse_unions(u, &players)).transpose()?;
    let shapley = wants("shapley").then(|| shapley_value(&game));
    let banzhaf = wants("banzhaf").then(|| banzhaf_value(&game));
    let least = wants("least-core").then(|| least_core(&game)).transpose()?;
    let prefer = if args.prenucleolus { NucleolusKind::Prenucleolus } else { NucleolusKind::Nucleolus };
    let nu = wants("nucleolus").then(|| nucleolus(&game, prefer)).transpose()?;
    let owen = unions.as_ref().map(|u| (owen_value(&game, u), banzhaf_owen_value(&game, u)));
    let nucleolus_exact = nu.as_ref().map(|nu| nu.exact_strings());
    // One object per player: the convention's floats, the nucleolus's exact fractions beside.
    let members: Vec<Value> = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(p));
            if let Some(v) = &shapley {
                m.insert("shapley".into(), json!(v[i]));
            }
            if let Some(v) = &banzhaf {
                m.insert("banzhaf".into(), json!(v[i]));
            }
            if let Some(nu) = &nu {
                m.insert("nucleolus".into(), json!(nu.allocation[i]));
            }
            if let Some((o, bo)) = &owen {
                m.insert("owen".into(), json!(o[i]));
                m.insert("banzhaf_owen".into(), json!(bo[i]));
            }
            if let Some(x) = nucleolus_exact.as_ref().and_then(|e| e.get(i)) {
                m.insert("exact".into(), json!({"nucleolus": x}));
            }
            Value::Object(m)
        })
        .collect();
    let mut o = Map::new();
    o.insert("players".into(), json!(players));
    o.insert("solutions".into(), json!(chosen));
    if let Some(least) = &least {
        // Whether the core is empty, from the least core's LP rather than a second one.
        o.insert("core_empty".into(), json!(least.core_is_empty(&game)));
        o.insert("least_core_epsilon".into(), json!(least.epsilon));
        if let Some(reason) = &least.fallback {
            o.insert("least_core_fallback".into(), json!(reason));
        }
    }
    if wants("properties") {
        o.insert("superadditive".into(), json!(is_superadditive(&game)));
        o.insert("convex".into(), json!(is_convex(&game)));
    }
    if let Some(nu) = &nu {
        let kind = match nu.kind {
            NucleolusKind::Nucleolus => "nucleolus",
            NucleolusKind::Prenucleolus => "prenucleolus",
        };
        o.insert("nucleolus_kind".into(), json!(kind));
        o.insert("nucleolus_lps".into(), json!(nu.lps_solved));
        if let Some(reason) = &nu.fallback {
            o.insert("nucleolus_fallback".into(), json!(reason));
        }
    }
    if let Some(u) = &unions {
        o.insert(
            "unions".into(),
            json!(u.iter().map(|u| u.iter().map(|&i| &players[i]).collect::<Vec<_>>()).collect::<Vec<_>>()),
        );
    }
    o.insert("members".into(), Value::Array(members));
    let o = Value::Object(o);
    let text = match args.format.format {
        Format::Json => args.format.json(&o),
        other => table(&o).render(other),
    };
    emit(args.output.as_deref(), &text)
}

/// The solutions as a table of players, the game's properties said once above.
fn table(o: &Value) -> Table {
    let first = &o["members"][0];
    let columns: Vec<&str> = ["shapley", "banzhaf", "nucleolus", "owen", "banzhaf_owen"]
        .into_iter()
        .filter(|c| first.get(c).is_some())
        .collect();
    let exact = first.get("exact").is_some();
    let mut table = Table::new(
        std::iter::once("id").chain(columns.iter().copied()).chain(exact.then_some("nucleolus_exact")),
    );
    for key in [
        "core_empty",
        "least_core_epsilon",
        "least_core_fallback",
        "superadditive",
        "convex",
        "nucleolus_kind",
        "nucleolus_lps",
        "nucleolus_fallback",
    ] {
        let value = match &o[key] {
            Value::Number(n) => super::format::number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        if o.get(key).is_some() {
            table.notes.push(format!("{key}: {value}"));
        }
    }
    for m in o["members"].as_array().into_iter().flatten() {
        let mut row = vec![Cell::Text(m["id"].as_str().unwrap_or_default().into())];
        row.extend(columns.iter().map(|c| Cell::from(m[*c].as_f64())));
        if exact {
            row.push(m["exact"]["nucleolus"].as_str().map_or(Cell::Empty, |s| Cell::Text(s.into())));
        }
        table.rows.push(row);
    }
    table
}
