//! `comity tu`: solutions of a transferable-utility game given as a JSON file.

use super::output::emit;
use crate::coop::{
    MAX_LP_PLAYERS, NucleolusKind, TuGame, banzhaf_owen_value, banzhaf_value, check_partition, core_is_empty,
    is_convex, is_superadditive, least_core, nucleolus, owen_value, shapley_value,
};
use crate::strict_json;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = TuFormat::Table)]
    format: TuFormat,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TuFormat {
    Table,
    Json,
}

/// Reads the game file: `players` names and `values` by bitmask, strictly (duplicate keys and
/// unknown fields refused, a leading byte-order mark accepted).
fn read_game(path: &PathBuf) -> anyhow::Result<(Vec<String>, TuGame)> {
    let label = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("{label}: cannot read the file"))?;
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
    if n > MAX_LP_PLAYERS {
        // Refused before the values are converted: the least core and nucleolus would build
        // linear programs over all 2^n coalitions.
        bail!(
            "{label}: players: {n} players; `comity tu` solves linear programs over all 2^{n} = {} coalitions (about {:.1} GiB), and the limit is {MAX_LP_PLAYERS} players; expected at most {MAX_LP_PLAYERS} (for a simple game's power indices use `comity power`)",
            1u64 << n,
            (1u64 << n) as f64 * 2.7e3 / (1u64 << 30) as f64
        );
    }
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
    let (players, game) = read_game(&args.game)?;
    let unions = args.unions.as_deref().map(|u| parse_unions(u, &players)).transpose()?;
    let shapley = shapley_value(&game);
    let banzhaf = banzhaf_value(&game);
    let least = least_core(&game)?;
    let prefer = if args.prenucleolus { NucleolusKind::Prenucleolus } else { NucleolusKind::Nucleolus };
    let nu = nucleolus(&game, prefer)?;
    let mut o = Map::new();
    o.insert("players".into(), json!(players));
    o.insert("shapley".into(), json!(shapley));
    o.insert("banzhaf".into(), json!(banzhaf));
    o.insert("core_empty".into(), json!(core_is_empty(&game)?));
    o.insert("least_core_epsilon".into(), json!(least.epsilon));
    o.insert("nucleolus".into(), json!(nu.allocation));
    o.insert("superadditive".into(), json!(is_superadditive(&game)));
    o.insert("convex".into(), json!(is_convex(&game)));
    if let Some(unions) = &unions {
        o.insert("owen".into(), json!(owen_value(&game, unions)));
        o.insert("banzhaf_owen".into(), json!(banzhaf_owen_value(&game, unions)));
    }
    let kind = match nu.kind {
        NucleolusKind::Nucleolus => "nucleolus",
        NucleolusKind::Prenucleolus => "prenucleolus",
    };
    o.insert("nucleolus_kind".into(), json!(kind));
    o.insert("nucleolus_exact".into(), json!(nu.exact_strings()));
    o.insert("nucleolus_lps".into(), json!(nu.lps_solved));
    let text = match args.format {
        TuFormat::Json => Value::Object(o).to_string() + "\n",
        TuFormat::Table => table(&o, &players),
    };
    emit(args.output.as_deref(), &text)
}

fn table(o: &Map<String, Value>, players: &[String]) -> String {
    let mut out = String::new();
    for key in
        ["core_empty", "least_core_epsilon", "superadditive", "convex", "nucleolus_kind", "nucleolus_lps"]
    {
        let _ = writeln!(out, "{key}: {}", o[key]);
    }
    let columns: Vec<&str> = ["shapley", "banzhaf", "nucleolus", "nucleolus_exact", "owen", "banzhaf_owen"]
        .into_iter()
        .filter(|k| o.contains_key(*k))
        .collect();
    let _ =
        writeln!(out, "{:<12} {}", "player", columns.iter().map(|c| format!("{c:>16}")).collect::<String>());
    for (i, p) in players.iter().enumerate() {
        let cells: String = columns
            .iter()
            .map(|c| match &o[*c][i] {
                Value::String(s) => format!("{s:>16}"),
                v => format!("{:>16.10}", v.as_f64().unwrap_or(f64::NAN)),
            })
            .collect();
        let _ = writeln!(out, "{p:<12} {cells}");
    }
    out
}
