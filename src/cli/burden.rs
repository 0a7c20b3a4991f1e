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
use crate::coop::{
    MAX_LP_PLAYERS, ScaleLimits, TuGame, capacity_scale, indivisible_cost, nucleolus_cost_shares,
    scale_economies_cost, shapley_cost_shares,
};
use crate::repeated::public_goods::{best_shot_nash, summation_nash, weakest_link_nash};
use anyhow::{Context, bail};
use clap::Args;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Arguments of `comity burden`.
#[derive(Debug, Args)]
pub struct BurdenArgs {
    /// The burden-sharing file (TOML), e.g. models/burden/burden_sharing.toml.
    file: PathBuf,
    /// Print (in table formats) only the groups, not every member.
    #[arg(long)]
    groups_only: bool,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BurdenFile {
    study: StudyHeader,
    data: DataSection,
    ldc: LdcSection,
    bodies: Vec<Body>,
    #[serde(default)]
    groups: Vec<GroupSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read to refuse a file without them; printed in the output
struct StudyHeader {
    id: String,
    title: String,
    question: String,
    source: String,
    date: String,
    #[serde(default)]
    notes: Option<String>,
}

/// One column of a CSV file, keyed by a column of member ids.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnRef {
    file: String,
    key: String,
    column: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DataSection {
    capacity: ColumnRef,
    #[serde(default)]
    names: Option<ColumnRef>,
    #[serde(default)]
    population: Option<ColumnRef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LdcSection {
    members: Vec<String>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Limits {
    floor: f64,
    ceiling: f64,
    ldc_ceiling: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum GameSpec {
    /// `c(S) = cost` for every coalition.
    Indivisible,
    /// `c(S) = cost (need(S) / need(N))^exponent`, need from the population column.
    ScaleEconomies { exponent: f64 },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    name: String,
    #[serde(default)]
    label: Option<String>,
    /// Member ids, or absent for every row of the capacity file.
    #[serde(default)]
    members: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    cost: f64,
    limits: Limits,
    #[serde(default)]
    game: Option<GameSpec>,
    /// Voluntary contributions instead of an assessment: the one-shot Nash equilibrium with
    /// capacity as income.
    #[serde(default)]
    nash: Option<NashSpec>,
}

/// How voluntary contributions add up, and how much every member values the good
/// (Cobb-Douglas weight `a` in `(0, 1)`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NashSpec {
    technology: Technology,
    preference: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Technology {
    Summation,
    WeakestLink,
    BestShot,
}

impl Technology {
    fn name(self) -> &'static str {
        match self {
            Technology::Summation => "summation",
            Technology::WeakestLink => "weakest_link",
            Technology::BestShot => "best_shot",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    name: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    members: Option<Vec<String>>,
    #[serde(default)]
    ldc: Option<bool>,
    #[serde(default)]
    population_below: Option<f64>,
    /// A CSV column whose value `true` puts the member in the group.
    #[serde(default)]
    flag: Option<ColumnRef>,
}

/// Splits one CSV line into fields (RFC 4180 quoting: `"a, b"`, `""` for a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// Reads `column` of a CSV file by `key`: member id to the text of the field (empty fields
/// left out, so that a missing value is reported as missing).
fn read_column(base: &Path, r: &ColumnRef, label: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let path = base.join(&r.file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{label}: {}: cannot read the file", path.display()))?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = csv_fields(lines.next().unwrap_or_default().trim_start_matches('\u{feff}'));
    let find = |name: &str| {
        header.iter().position(|h| h == name).with_context(|| {
            format!(
                "{label}: {}: no column \"{name}\"; expected one of: {}",
                path.display(),
                header.join(", ")
            )
        })
    };
    let (k, c) = (find(&r.key)?, find(&r.column)?);
    let mut out = BTreeMap::new();
    for (row, line) in lines.enumerate() {
        let f = csv_fields(line);
        let (Some(id), Some(value)) = (f.get(k), f.get(c)) else {
            bail!(
                "{label}: {}: row {} has {} fields; expected {}",
                path.display(),
                row + 2,
                f.len(),
                header.len()
            );
        };
        if out.contains_key(id) {
            bail!(
                "{label}: {}: row {}: id {id} appears twice; expected one row per member",
                path.display(),
                row + 2
            );
        }
        if !value.is_empty() {
            out.insert(id.clone(), value.clone());
        }
    }
    Ok(out)
}

/// Reads a numeric column; `what` names it in messages.
fn read_numbers(base: &Path, r: &ColumnRef, label: &str) -> anyhow::Result<BTreeMap<String, f64>> {
    read_column(base, r, label)?
        .into_iter()
        .map(|(id, v)| {
            let x: f64 = v.trim().parse().map_err(|_| {
                anyhow::anyhow!("{label}: {} column {}: \"{v}\" for {id} is not a number", r.file, r.column)
            })?;
            Ok((id, x))
        })
        .collect()
}

/// One member of one body, with its data.
struct Row {
    id: String,
    name: String,
    ldc: bool,
    capacity: f64,
    population: Option<f64>,
}

/// Runs `comity burden`.
pub fn run(args: &BurdenArgs) -> anyhow::Result<()> {
    args.format.check("comity burden", &TABULAR)?;
    let label = args.file.display().to_string();
    let text =
        std::fs::read_to_string(&args.file).with_context(|| format!("{label}: cannot read the file"))?;
    let file: BurdenFile = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{label}: {}", e.message()))?;
    let base = args.file.parent().unwrap_or(Path::new("."));
    let capacity = read_numbers(base, &file.data.capacity, &label)?;
    let names =
        file.data.names.as_ref().map(|r| read_column(base, r, &label)).transpose()?.unwrap_or_default();
    let population = file.data.population.as_ref().map(|r| read_numbers(base, r, &label)).transpose()?;
    let ldc: BTreeSet<String> = file.ldc.members.iter().cloned().collect();
    let flags: Vec<Option<BTreeMap<String, String>>> = file
        .groups
        .iter()
        .map(|g| g.flag.as_ref().map(|r| read_column(base, r, &label)).transpose())
        .collect::<anyhow::Result<_>>()?;
    for (i, g) in file.groups.iter().enumerate() {
        let kinds = [g.members.is_some(), g.ldc.is_some(), g.population_below.is_some(), g.flag.is_some()];
        if kinds.iter().filter(|k| **k).count() != 1 {
            bail!(
                "{label}: groups[{i}] ({}): expected exactly one of members, ldc, population_below, flag",
                g.name
            );
        }
        if g.population_below.is_some() && population.is_none() {
            bail!("{label}: groups[{i}] ({}): population_below needs [data] population", g.name);
        }
        if let Some(limit) = g.population_below.filter(|p| !(p.is_finite() && *p > 0.0)) {
            bail!("{label}: groups[{i}] ({}): population_below is {limit}; expected a number > 0", g.name);
        }
        if let Some(id) = g.members.iter().flatten().find(|id| !capacity.contains_key(*id)) {
            bail!(
                "{label}: groups[{i}] ({}): member {id} is not in {}; expected ids of its {} column",
                g.name,
                file.data.capacity.file,
                file.data.capacity.key
            );
        }
        let bad_flag = flags[i]
            .iter()
            .flatten()
            .find(|(_, v)| !matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "false"));
        if let Some((id, v)) = bad_flag {
            bail!("{label}: groups[{i}] ({}): flag of {id} is \"{v}\"; expected true or false", g.name);
        }
    }
    if let Some(id) = file.ldc.members.iter().find(|id| !capacity.contains_key(*id)) {
        bail!(
            "{label}: ldc.members: {id} is not in {}; expected ids of its {} column",
            file.data.capacity.file,
            file.data.capacity.key
        );
    }
    for (b, body) in file.bodies.iter().enumerate() {
        if let Some(id) = body.exclude.iter().find(|id| !capacity.contains_key(*id)) {
            bail!(
                "{label}: bodies[{b}] ({}): exclude: {id} is not in {}; expected ids of its {} column",
                body.name,
                file.data.capacity.file,
                file.data.capacity.key
            );
        }
    }
    if file.bodies.is_empty() {
        bail!("{label}: bodies: expected at least one body");
    }
    let mut outputs = Vec::new();
    for (b, body) in file.bodies.iter().enumerate() {
        let at = format!("{label}: bodies[{b}] ({})", body.name);
        let ids: Vec<String> = match &body.members {
            Some(list) => list.clone(),
            None => capacity.keys().cloned().collect(),
        };
        let ids: Vec<String> = ids.into_iter().filter(|id| !body.exclude.contains(id)).collect();
        let mut seen = BTreeSet::new();
        let mut rows = Vec::with_capacity(ids.len());
        for id in &ids {
            if !seen.insert(id.clone()) {
                bail!("{at}: member {id} is listed twice; expected distinct ids");
            }
            let Some(&k) = capacity.get(id) else {
                bail!(
                    "{at}: member {id} has no capacity in {} (column {}); expected a number >= 0",
                    file.data.capacity.file,
                    file.data.capacity.column
                );
            };
            let pop = match &population {
                Some(p) => Some(*p.get(id).with_context(|| {
                    format!(
                        "{at}: member {id} has no population in {}; expected a number > 0",
                        file.data.population.as_ref().map_or("", |r| &r.file)
                    )
                })?),
                None => None,
            };
            if let Some(p) = pop.filter(|p| !(p.is_finite() && *p > 0.0)) {
                bail!("{at}: member {id} has population {p}; expected a number > 0");
            }
            rows.push(Row {
                id: id.clone(),
                name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
                ldc: ldc.contains(id),
                capacity: k,
                population: pop,
            });
        }
        outputs.push(evaluate(&file, body, &rows, &flags, &at)?);
    }
    let text = match args.format.format {
        Format::Json => outputs.iter().map(|o| args.format.json(o)).collect::<String>(),
        Format::Csv => csv_table(&outputs).csv(),
        other => outputs.iter().map(|o| tables(o, args.groups_only, other)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}

/// The methods in output order.
const METHODS: [&str; 6] = ["equal", "proportional", "scale", "shapley", "nucleolus", "nash"];

fn evaluate(
    file: &BurdenFile,
    body: &Body,
    rows: &[Row],
    flags: &[Option<BTreeMap<String, String>>],
    at: &str,
) -> anyhow::Result<Value> {
    let n = rows.len();
    if n == 0 {
        bail!("{at}: members: expected at least one member");
    }
    if !(body.cost.is_finite() && body.cost > 0.0) {
        bail!("{at}: cost is {}; expected a number > 0", body.cost);
    }
    let limits = ScaleLimits::new(body.limits.floor, body.limits.ceiling, body.limits.ldc_ceiling)
        .with_context(|| format!("{at}: limits"))?;
    let k: Vec<f64> = rows.iter().map(|r| r.capacity).collect();
    let ldc: Vec<bool> = rows.iter().map(|r| r.ldc).collect();
    let mut shares: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    shares.insert("equal", vec![1.0 / n as f64; n]);
    let total_k: f64 = k.iter().sum();
    if total_k > 0.0 {
        shares.insert("proportional", k.iter().map(|x| x / total_k).collect());
    }
    shares
        .insert("scale", capacity_scale(&k, &ldc, &limits).with_context(|| format!("{at}: capacity scale"))?);
    if let Some(game) = &body.game {
        if n > MAX_LP_PLAYERS {
            bail!(
                "{at}: game: the Shapley value and nucleolus need the cost of all 2^{n} coalitions and the nucleolus solves linear programs over them; the limit is {MAX_LP_PLAYERS} members (drop `game` for the capacity scale alone, which has no limit)"
            );
        }
        // Costs in units of the body's cost, so shares are fractions of 1.
        let cost: TuGame = match game {
            GameSpec::Indivisible => indivisible_cost(1.0, n)?,
            GameSpec::ScaleEconomies { exponent } => {
                let need: Vec<f64> = rows
                    .iter()
                    .map(|r| {
                        r.population
                            .with_context(|| format!("{at}: game: scale_economies needs [data] population"))
                    })
                    .collect::<anyhow::Result<_>>()?;
                scale_economies_cost(1.0, &need, *exponent).with_context(|| format!("{at}: game"))?
            }
        };
        shares.insert("shapley", shapley_cost_shares(&cost));
        shares.insert("nucleolus", nucleolus_cost_shares(&cost).with_context(|| format!("{at}: nucleolus"))?);
    }
    if let Some(spec) = &body.nash {
        if let Some(i) = k.iter().position(|x| *x <= 0.0) {
            bail!(
                "{at}: nash: member {} has capacity 0; voluntary contributions need every income > 0",
                rows[i].id
            );
        }
        let a = vec![spec.preference; n];
        let eq = match spec.technology {
            Technology::Summation => summation_nash(&k, &a),
            Technology::WeakestLink => weakest_link_nash(&k, &a),
            // The equilibrium whose provider has the largest stand-alone level (one always is).
            Technology::BestShot => best_shot_nash(&k, &a).map(|all| {
                all.into_iter().max_by(|x, y| x.provision.total_cmp(&y.provision)).expect("one exists")
            }),
        }
        .with_context(|| format!("{at}: nash"))?;
        let total: f64 = eq.contributions.iter().sum();
        shares.insert("nash", eq.contributions.iter().map(|g| g / total).collect());
    }
    let methods: Vec<&str> = METHODS.iter().copied().filter(|m| shares.contains_key(m)).collect();
    let members: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(r.id));
            m.insert("name".into(), json!(r.name));
            m.insert("ldc".into(), json!(r.ldc));
            m.insert("capacity".into(), json!(r.capacity));
            if let Some(p) = r.population {
                m.insert("population".into(), json!(p));
            }
            for name in &methods {
                m.insert((*name).into(), json!(shares[name][i]));
            }
            if let Some(p) = r.population {
                // What each citizen pays under the scale, in the body's cost unit.
                m.insert("scale_per_head".into(), json!(shares["scale"][i] * body.cost / p));
            }
            Value::Object(m)
        })
        .collect();
    let mut groups = Vec::new();
    for (g, spec) in file.groups.iter().enumerate() {
        let inside: Vec<usize> = (0..n)
            .filter(|&i| {
                let r = &rows[i];
                if let Some(list) = &spec.members {
                    list.contains(&r.id)
                } else if let Some(want) = spec.ldc {
                    r.ldc == want
                } else if let Some(limit) = spec.population_below {
                    r.population.is_some_and(|p| p < limit)
                } else {
                    flags[g]
                        .as_ref()
                        .and_then(|f| f.get(&r.id))
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                }
            })
            .collect();
        let sum = |v: &[f64]| inside.iter().map(|&i| v[i]).sum::<f64>();
        let mut o = Map::new();
        o.insert("name".into(), json!(spec.name));
        o.insert("label".into(), json!(spec.label.clone().unwrap_or_else(|| spec.name.clone())));
        o.insert("members".into(), json!(inside.len()));
        if let Some(pop) = &rows.iter().map(|r| r.population).collect::<Option<Vec<f64>>>() {
            o.insert("population_share".into(), json!(sum(pop) / pop.iter().sum::<f64>()));
        }
        for name in &methods {
            o.insert((*name).into(), json!(sum(&shares[name])));
        }
        groups.push(Value::Object(o));
    }
    let mut o = Map::new();
    o.insert("study".into(), json!(file.study.id));
    o.insert("body".into(), json!(body.name));
    o.insert("label".into(), json!(body.label.clone().unwrap_or_else(|| body.name.clone())));
    o.insert("cost".into(), json!(body.cost));
    o.insert(
        "limits".into(),
        json!({"floor": limits.floor, "ceiling": limits.ceiling, "ldc_ceiling": limits.ldc_ceiling}),
    );
    o.insert(
        "game".into(),
        match &body.game {
            None => Value::Null,
            Some(GameSpec::Indivisible) => json!({"kind": "indivisible"}),
            Some(GameSpec::ScaleEconomies { exponent }) => {
                json!({"kind": "scale_economies", "exponent": exponent})
            }
        },
    );
    o.insert(
        "nash".into(),
        match &body.nash {
            None => Value::Null,
            Some(s) => json!({"technology": s.technology.name(), "preference": s.preference}),
        },
    );
    o.insert("methods".into(), json!(methods));
    o.insert("ldc_source".into(), json!(file.ldc.source));
    o.insert("groups".into(), Value::Array(groups));
    o.insert("members".into(), Value::Array(members));
    Ok(Value::Object(o))
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
