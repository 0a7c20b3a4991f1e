//! `comity nash`: equilibria of a normal-form game given as a JSON file.

use super::format::{FormatArgs, RECORD, render_record};
use super::output::emit;
use crate::equilibrium::{
    Equilibrium, NormalFormGame, all_equilibria, correlated_equilibrium, eliminate_dominated,
    exact_equilibrium, lemke_howson, minmax, pure_equilibria, zero_sum,
};
use crate::strict_json;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// Arguments of `comity nash`.
#[derive(Debug, Args)]
pub struct NashArgs {
    /// The game: {"row": [[...]], "col": [[...]]} for a bimatrix game (one row per row action),
    /// or {"actions": [k1, k2, ...], "payoffs": [[...], [...], ...]} for n players (each
    /// player's payoffs in row-major profile order, player 0's action varying slowest).
    game: PathBuf,
    /// Solver: all (every equilibrium of a bimatrix game; the default for two players), pure
    /// (the default for more), lemke-howson, zero-sum, correlated, or dominance.
    #[arg(long, value_enum)]
    method: Option<Method>,
    /// The label Lemke-Howson drops: 0..m for row actions, m..m+n for column actions
    /// (default 0; only with --method lemke-howson).
    #[arg(long)]
    label: Option<usize>,
    /// Also print probabilities as exact fractions (payoffs read as the decimals they are
    /// written as).
    #[arg(long)]
    exact: bool,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Method {
    All,
    Pure,
    LemkeHowson,
    ZeroSum,
    Correlated,
    Dominance,
}

fn matrix(doc: &Value, key: &str, label: &str) -> anyhow::Result<Vec<Vec<f64>>> {
    let rows = doc.get(key).and_then(Value::as_array).with_context(|| {
        format!("{label}: {key}: expected a matrix, a list of rows such as [[3, 0], [5, 1]]")
    })?;
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r
                .as_array()
                .with_context(|| format!("{label}: {key}[{i}] is {r}; expected a list of numbers"))?;
            r.iter()
                .enumerate()
                .map(|(j, x)| {
                    x.as_f64().with_context(|| format!("{label}: {key}[{i}][{j}] is {x}; expected a number"))
                })
                .collect()
        })
        .collect()
}

/// Reads a game file in either layout, strictly: duplicate keys, unknown fields and keys of
/// both layouts at once are refused (a stray "payoffs" beside "row" and "col" would otherwise
/// be ignored without a word); a leading byte-order mark is accepted.
pub(super) fn read_game(path: &PathBuf) -> anyhow::Result<NormalFormGame> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("{label}: cannot read the file"))?;
    let doc: Value = strict_json::from_str(&text).map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
    const BIMATRIX: [&str; 2] = ["row", "col"];
    const N_PLAYER: [&str; 2] = ["actions", "payoffs"];
    let has = |keys: &[&str]| keys.iter().any(|k| doc.get(k).is_some());
    if has(&BIMATRIX) && has(&N_PLAYER) {
        bail!(
            "{label}: both layouts given; expected either \"row\" and \"col\" (two players) or \"actions\" and \"payoffs\" (n players), not both"
        );
    }
    if doc.is_object() && !has(&BIMATRIX) && !has(&N_PLAYER) {
        bail!("{label}: expected \"row\" and \"col\" matrices, or \"actions\" and \"payoffs\"");
    }
    let known: Vec<&str> = BIMATRIX.iter().chain(&N_PLAYER).copied().collect();
    strict_json::refuse_unknown_fields(&doc, "", &known).map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
    if has(&BIMATRIX) {
        let (row, col) = (matrix(&doc, "row", &label)?, matrix(&doc, "col", &label)?);
        return NormalFormGame::bimatrix(row, col).with_context(|| label.clone());
    }
    let actions: Vec<usize> = doc
        .get("actions")
        .and_then(Value::as_array)
        .with_context(|| {
            format!("{label}: expected \"row\" and \"col\" matrices, or \"actions\" and \"payoffs\"")
        })?
        .iter()
        .enumerate()
        .map(|(i, a)| {
            a.as_u64()
                .map(|a| a as usize)
                .with_context(|| format!("{label}: actions[{i}] is {a}; expected a whole number"))
        })
        .collect::<anyhow::Result<_>>()?;
    let payoffs = matrix(&doc, "payoffs", &label)?;
    NormalFormGame::new(actions, payoffs).with_context(|| label.clone())
}

/// The exact strategies as `{"strategies": [["1/2", ...], ...]}`, or null when the support
/// system has no exact solution.
fn fractions(game: &NormalFormGame, eq: &Equilibrium) -> Value {
    match exact_equilibrium(game, eq) {
        Some(mixes) => json!({"strategies":
            mixes.iter().map(|m| m.iter().map(|x| x.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>()
        }),
        None => Value::Null,
    }
}

fn equilibria_json(game: &NormalFormGame, eqs: &[Equilibrium], exact: bool) -> Value {
    json!(
        eqs.iter()
            .map(|e| {
                let mut o = Map::new();
                o.insert("strategies".into(), json!(e.strategies));
                o.insert("payoffs".into(), json!(e.payoffs));
                if exact && game.players() == 2 {
                    o.insert("exact".into(), fractions(game, e));
                }
                Value::Object(o)
            })
            .collect::<Vec<_>>()
    )
}

/// Runs `comity nash`.
pub fn run(args: &NashArgs) -> anyhow::Result<()> {
    args.format.check("comity nash", &RECORD)?;
    let game = read_game(&args.game)?;
    let two = game.players() == 2;
    let method = args.method.unwrap_or(if two { Method::All } else { Method::Pure });
    if args.label.is_some() && method != Method::LemkeHowson {
        bail!("--label applies only with --method lemke-howson");
    }
    if args.exact && !two {
        bail!("--exact needs a two-player game; this one has {} players", game.players());
    }
    let label = args.label.unwrap_or(0);
    let mut o = Map::new();
    let (equilibria, name, degenerate): (Vec<Equilibrium>, String, Value) = match method {
        Method::All => {
            if !two {
                bail!(
                    "--method all needs a two-player game; this one has {} players (try --method pure or correlated)",
                    game.players()
                );
            }
            let all = all_equilibria(&game)?;
            (all.equilibria, all.method.to_string(), json!(all.degenerate))
        }
        Method::Pure => (pure_equilibria(&game), "pure equilibria".into(), Value::Null),
        Method::LemkeHowson => {
            (vec![lemke_howson(&game, label)?], format!("Lemke-Howson, label {label}"), Value::Null)
        }
        Method::ZeroSum => {
            let s = zero_sum(&game)?;
            o.insert("value".into(), json!(s.value));
            (vec![s.equilibrium], "zero-sum linear program".into(), Value::Null)
        }
        Method::Correlated => {
            let ce = correlated_equilibrium(&game)?;
            o.insert("correlated".into(), json!({"distribution": ce.distribution, "payoffs": ce.payoffs}));
            (Vec::new(), "correlated equilibrium maximising welfare (linear program)".into(), Value::Null)
        }
        Method::Dominance => {
            let e = eliminate_dominated(&game, true)?;
            o.insert("surviving".into(), json!(e.surviving));
            (
                Vec::new(),
                "iterated elimination of strictly dominated strategies (pure and mixed)".into(),
                Value::Null,
            )
        }
    };
    let mut out = Map::new();
    out.insert("equilibria".into(), equilibria_json(&game, &equilibria, args.exact));
    out.insert("method".into(), json!(name));
    out.insert("degenerate".into(), degenerate);
    out.extend(o);
    let punish: anyhow::Result<Vec<Value>> = (0..game.players())
        .map(|p| {
            let mm = minmax(&game, p)?;
            Ok(json!({"pure": mm.pure, "mixed": mm.mixed, "mixed_is_exact": mm.mixed_is_exact}))
        })
        .collect();
    out.insert("minmax".into(), json!(punish?));
    emit(args.output.as_deref(), &render_record(&args.format, &Value::Object(out)))
}
