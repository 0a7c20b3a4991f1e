//! `comity blocs`: blocs by choice. `pooling` asks whether pooling votes in a caucus pays,
//! for whom and under which reading; `stable` which partitions of candidate members into
//! blocs are stable; `enlargement` whether an incumbent gains power as the body grows;
//! `growth` how the small states' share of members and of power moves as a body admits members
//! year after year, with their caucuses voting as blocs from their founding.

use super::format::{Cell, Format, FormatArgs, TABULAR, Table};
use super::output::emit;
use crate::caucus::{
    CaucusError, Gains, GrowthModel, IncumbentChange, InterchangeableBody, StabilityModel, membership_growth,
    new_members_paradox, paradox_between, pooling, pooling_region, stable_structures,
    stable_structures_by_types, structure_stability, weighted_top,
};
use crate::game::WeightedGame;
use crate::model::Institution;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Arguments of `comity blocs`.
#[derive(Debug, Args)]
pub struct BlocsArgs {
    #[command(subcommand)]
    command: BlocsCommand,
}

#[derive(Debug, Subcommand)]
enum BlocsCommand {
    /// Whether pooling in a bloc pays: each member's power alone, through the bloc (compound
    /// game) and as an a priori union (Owen, Banzhaf-Owen), or with --region who gains over
    /// every bloc size and internal quota.
    Pooling(PoolingArgs),
    /// Which partitions of up to 10 candidate members into blocs are stable: Hart & Kurz's
    /// gamma and delta models (Owen payoffs) and Yi's exclusive membership (compound payoffs);
    /// with --by-types, structures by bloc sizes among any number of interchangeable members.
    Stable(StableArgs),
    /// The paradox of new members (Brams & Affuso 1976): incumbents whose power rises when
    /// the body grows, for ad hoc weighted bodies before and after, or two rules of a model.
    Enlargement(EnlargementArgs),
    /// A body's membership over time (a growth model such as
    /// models/growth/unga_membership.toml): at each date the small states' share of members
    /// and of power, alone and with their caucuses voting as blocs, and the paradox of new
    /// members.
    Growth(GrowthArgs),
}

/// Arguments of `comity blocs growth`.
#[derive(Debug, Args)]
pub struct GrowthArgs {
    /// Growth model file (.toml): members with the years they joined and left, caucuses with
    /// the years they were founded.
    model: PathBuf,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Arguments of `comity blocs enlargement`.
#[derive(Debug, Args)]
pub struct EnlargementArgs {
    /// Weights before, comma-separated (the incumbents).
    #[arg(long, value_delimiter = ',', required_unless_present = "model", conflicts_with = "model")]
    before_weights: Vec<u64>,
    /// Quota before.
    #[arg(long, required_unless_present = "model", conflicts_with = "model")]
    before_quota: Option<u64>,
    /// Weights after: the incumbents first, in the same order, then the new members.
    #[arg(long, value_delimiter = ',', required_unless_present = "model", conflicts_with = "model")]
    after_weights: Vec<u64>,
    /// Quota after.
    #[arg(long, required_unless_present = "model", conflicts_with = "model")]
    after_quota: Option<u64>,
    /// Names of the members after, comma-separated (default 1, 2, ...).
    #[arg(long, value_delimiter = ',', conflicts_with = "model")]
    names: Option<Vec<String>>,
    /// Instead of weights: an institution file whose two rules (--before-rule, --after-rule)
    /// are the body before and after (newcomers as null players before, such as a club of the
    /// incumbents).
    #[arg(long, requires_all = ["before_rule", "after_rule", "incumbents"])]
    model: Option<PathBuf>,
    /// The rule of the model before the accession.
    #[arg(long, requires = "model")]
    before_rule: Option<String>,
    /// The rule of the model after the accession.
    #[arg(long, requires = "model")]
    after_rule: Option<String>,
    /// The incumbents: a group of the model.
    #[arg(long, requires = "model")]
    incumbents: Option<String>,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Arguments of `comity blocs stable`.
#[derive(Debug, Args)]
pub struct StableArgs {
    /// Institution file (.toml or .json).
    model: PathBuf,
    /// The rule (one weighted threshold; "unanimity" is always available).
    #[arg(long)]
    rule: String,
    /// The candidate members' ids, comma-separated (at most 10; any number with --by-types,
    /// where every member is a candidate unless --candidates or --group says otherwise).
    #[arg(
        long,
        value_delimiter = ',',
        conflicts_with = "group",
        required_unless_present_any = ["group", "by_types"]
    )]
    candidates: Option<Vec<String>>,
    /// The candidates: a group of the model.
    #[arg(long)]
    group: Option<String>,
    /// Stability models, comma-separated: gamma, delta, exclusive_membership (default: all).
    #[arg(long, value_delimiter = ',')]
    models: Option<Vec<String>>,
    /// Stability by bloc sizes, exact for any number of candidates when members are
    /// interchangeable (one vote each, as under a count rule): a structure is its blocs' sizes.
    /// Needs --max-blocs or --structure.
    #[arg(long)]
    by_types: bool,
    /// With --by-types: every structure with at most this many blocs of two or more candidates.
    #[arg(long)]
    max_blocs: Option<usize>,
    /// With --by-types: check one structure, given by its blocs' sizes, comma-separated (39,20:
    /// a bloc of 39 and one of 20, the other candidates alone).
    #[arg(long, value_delimiter = ',')]
    structure: Option<Vec<usize>>,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// What each stability model asks, said above its table.
const STABILITY_READINGS: [(&str, &str); 3] = [
    (
        "gamma",
        "gamma (Hart & Kurz 1983): no group of candidates gains Owen value by forming its own bloc, the blocs it leaves breaking up",
    ),
    ("delta", "delta (Hart & Kurz 1983): as gamma, but the members left behind stay together"),
    (
        "exclusive_membership",
        "exclusive membership (Yi 1997): no member gains by leaving its bloc to stand alone (joining needs consent); payoffs are compound-game Shapley-Shubik indices, each bloc deciding by a simple majority",
    ),
];

/// The sentence saying which question each reading answers.
pub const READINGS: [&str; 2] = [
    "compound: members vote inside the bloc, the bloc votes as one; answers \"what can I do through my bloc?\" (Shapley-Shubik share and Banzhaf chance of deciding, in the body of members)",
    "unions (Owen, Banzhaf-Owen): the rule is unchanged and the bloc bargains as one unit; answers \"how is the body's power shared when the bloc is a bargaining unit?\" (no internal quota)",
];

/// Why Shapley-Shubik shares fall under consensus, said when the rule is consensus.
pub const CONSENSUS_NOTE: &str = "consensus: every member already holds a veto, so pooling adds no blocking power; a bloc deciding by fewer than all its members takes its members' vetoes away, and Shapley-Shubik shares (which sum to one) go to the outsiders, who each keep theirs; the Banzhaf chance of deciding rises (for an internal quota above one and below the bloc's size), since a split bloc is decided by one vote more often than the whole body";

/// Arguments of `comity blocs pooling`.
#[derive(Debug, Args)]
pub struct PoolingArgs {
    /// Institution file (.toml or .json).
    model: PathBuf,
    /// Rules to evaluate, comma-separated; each must be one weighted threshold (a count, a
    /// weighted vote). "unanimity" (every member) is always available.
    #[arg(long, value_delimiter = ',', required = true)]
    rule: Vec<String>,
    /// The bloc's member ids, comma-separated.
    #[arg(long, value_delimiter = ',', conflicts_with = "group")]
    bloc: Option<Vec<String>>,
    /// The bloc: a group of the model (its members in the model's order).
    #[arg(long)]
    group: Option<String>,
    /// Members the bloc needs to vote yes (default: a simple majority of the bloc).
    #[arg(long, conflicts_with = "region")]
    internal_quota: Option<usize>,
    /// Over blocs of the first 2, 3, ... listed members and every internal quota: who gains
    /// (every member, the median member, the bloc as a whole).
    #[arg(long)]
    region: bool,
    #[command(flatten)]
    format: FormatArgs,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs `comity blocs`.
pub fn run(args: &BlocsArgs) -> anyhow::Result<()> {
    match &args.command {
        BlocsCommand::Pooling(a) => run_pooling(a),
        BlocsCommand::Stable(a) => run_stable(a),
        BlocsCommand::Enlargement(a) => run_enlargement(a),
        BlocsCommand::Growth(a) => run_growth(a),
    }
}

/// The reading of `comity blocs growth`, said above its table.
pub const GROWTH_READING: &str = "at the end of each year in which membership or a caucus changed: the small states' share of members, and their total Shapley-Shubik and normalised Banzhaf indices with each caucus founded by then agreeing by a simple majority of its members and voting as one (the compound game on members; with one vote each and no caucus, power equals the share of members); paradox: incumbents whose power rose although the body grew";

fn run_growth(args: &GrowthArgs) -> anyhow::Result<()> {
    args.format.check("comity blocs growth", &TABULAR)?;
    let model = GrowthModel::load(&args.model)?;
    let points = membership_growth(&model)?;
    let rules = &model.body.rules;
    let mut header: Vec<String> =
        ["year", "members", "small_states", "small_share", "joined", "left"].map(String::from).to_vec();
    for r in rules {
        for what in ["shapley_shubik", "banzhaf", "paradox"] {
            header.push(format!("{}_{what}", r.name()));
        }
    }
    let mut table = Table::new(header);
    table.title = format!("{}: small states (population below {})", model.body.name, model.body.small_below);
    table.notes = vec![GROWTH_READING.to_string()];
    for c in &model.caucuses {
        table.notes.push(format!("caucus {} from {}", c.display_label(), c.founded));
    }
    for p in &points {
        let mut row: Vec<Cell> = vec![
            Cell::Number(p.year as f64),
            Cell::Number(p.members as f64),
            Cell::Number(p.small_states as f64),
            p.small_share().into(),
            abbreviated(&p.joined).into(),
            abbreviated(&p.left).into(),
        ];
        for r in &p.rules {
            row.push(r.with_caucuses.shapley_shubik.into());
            row.push(r.with_caucuses.banzhaf.into());
            row.push(abbreviated(&r.paradox).into());
        }
        table.rows.push(row);
    }
    let value = json!({"body": model.body.name, "small_below": model.body.small_below,
        "rules": rules.iter().map(|r| r.name()).collect::<Vec<_>>(), "reading": GROWTH_READING,
        "caucuses": model.caucuses.iter().map(|c| json!({"name": c.name, "label": c.display_label(), "founded": c.founded})).collect::<Vec<_>>(),
        "points": points.iter().map(|p| json!({"year": p.year, "members": p.members, "small_states": p.small_states,
            "small_share": p.small_share(), "joined": p.joined, "left": p.left, "caucuses": p.caucuses,
            "rules": p.rules})).collect::<Vec<_>>()});
    let text = match args.format.format {
        Format::Json => args.format.json(&value),
        format => table.render(format),
    };
    emit(args.output.as_deref(), &text)
}

/// Ids for a table cell: all of them up to eight, else the first eight and how many more
/// (the JSON output lists them all).
fn abbreviated(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    if ids.len() <= SHOWN {
        ids.join(" ")
    } else {
        format!("{} and {} more", ids[..SHOWN].join(" "), ids.len() - SHOWN)
    }
}

/// `comity blocs enlargement --model`: two rules of one institution.
fn run_enlargement_of_model(args: &EnlargementArgs, path: &std::path::Path) -> anyhow::Result<()> {
    let body = Institution::load(path)?;
    let label = path.display().to_string();
    let (Some(before_rule), Some(after_rule), Some(group)) =
        (&args.before_rule, &args.after_rule, &args.incumbents)
    else {
        bail!("--model needs --before-rule, --after-rule and --incumbents");
    };
    let ids: Vec<String> = body.members().iter().map(|m| m.id.clone()).collect();
    let incumbents = members_of(&body, None, Some(group), "--incumbents", "--incumbents", &label)?;
    let before = body.compile(before_rule).with_context(|| format!("--before-rule on {label}"))?;
    let after = body.compile(after_rule).with_context(|| format!("--after-rule on {label}"))?;
    let changes = match paradox_between(&before.game, &after.game, &incumbents) {
        Err(CaucusError::NewcomerNotNull { member }) => bail!(
            "--before-rule on {label}: \"{}\" is not in --incumbents {group} but has power under {before_rule}; expected the newcomers to be null players before",
            ids[member]
        ),
        changes => changes.with_context(|| format!("--before-rule/--after-rule on {label}"))?,
    };
    let title = format!("{}: from {before_rule} to {after_rule}", body.info().name);
    let reading = format!(
        "incumbents: group {group} ({} members); each incumbent's indices under the rule before and after, over the model's {} players",
        incumbents.len(),
        ids.len()
    );
    render_enlargement(
        args,
        title,
        Some((&body.info().name, before_rule, after_rule, reading)),
        &changes,
        &ids,
        incumbents.len(),
        ids.len(),
    )
}

/// The table and JSON of an enlargement check; `model` is (body, rule before, rule after,
/// reading) when the check compares two rules of a model.
fn render_enlargement(
    args: &EnlargementArgs,
    title: String,
    model: Option<(&str, &str, &str, String)>,
    changes: &[IncumbentChange],
    names: &[String],
    before_n: usize,
    after_n: usize,
) -> anyhow::Result<()> {
    let mut table = Table::new([
        "id",
        "shapley_shubik_before",
        "shapley_shubik_after",
        "banzhaf_before",
        "banzhaf_after",
        "paradox",
    ]);
    let found: Vec<&str> = changes.iter().filter(|c| c.paradox).map(|c| names[c.member].as_str()).collect();
    table.title = title;
    table.notes = vec![if found.is_empty() {
        "no incumbent gains power (no paradox of new members)".to_string()
    } else {
        format!(
            "paradox of new members (Brams & Affuso 1976): {} gain power as the body grows",
            found.join(", ")
        )
    }];
    if let Some((_, _, _, reading)) = &model {
        table.notes.push(reading.clone());
    }
    let mut members = Vec::new();
    for c in changes {
        table.rows.push(vec![
            names[c.member].clone().into(),
            c.shapley_shubik_before.into(),
            c.shapley_shubik_after.into(),
            c.banzhaf_before.into(),
            c.banzhaf_after.into(),
            yes_no(c.paradox),
        ]);
        members.push(json!({"id": names[c.member], "shapley_shubik_before": c.shapley_shubik_before,
            "shapley_shubik_after": c.shapley_shubik_after, "banzhaf_before": c.banzhaf_before,
            "banzhaf_after": c.banzhaf_after, "paradox": c.paradox}));
    }
    let mut value = json!({"before": before_n, "after": after_n, "paradox": found, "incumbents": members});
    if let Some((body, before_rule, after_rule, reading)) = model {
        value["body"] = json!(body);
        value["before_rule"] = json!(before_rule);
        value["after_rule"] = json!(after_rule);
        value["reading"] = json!(reading);
    }
    let text = match args.format.format {
        Format::Json => args.format.json(&value),
        format => table.render(format),
    };
    emit(args.output.as_deref(), &text)
}

fn run_enlargement(args: &EnlargementArgs) -> anyhow::Result<()> {
    args.format.check("comity blocs enlargement", &TABULAR)?;
    if let Some(path) = &args.model {
        return run_enlargement_of_model(args, path);
    }
    let (Some(before_quota), Some(after_quota)) = (args.before_quota, args.after_quota) else {
        bail!("give --before-quota and --after-quota with the weights, or --model with two rules");
    };
    let before = WeightedGame::new(args.before_weights.clone(), before_quota)
        .context("--before-weights/--before-quota")?;
    let after = WeightedGame::new(args.after_weights.clone(), after_quota)
        .context("--after-weights/--after-quota")?;
    let n = args.after_weights.len();
    let names: Vec<String> = match &args.names {
        Some(names) if names.len() != n => {
            bail!(
                "--names: {} names for {n} members after; expected one per weight of --after-weights",
                names.len()
            )
        }
        Some(names) => names.clone(),
        None => (1..=n).map(|i| i.to_string()).collect(),
    };
    let changes = new_members_paradox(&before, &after).context("--before-weights/--after-weights")?;
    let title = format!("Enlargement from {} to {n} members", args.before_weights.len());
    render_enlargement(args, title, None, &changes, &names, args.before_weights.len(), n)
}

/// The stability models named by --models (default: all three).
fn stability_models(names: Option<&Vec<String>>) -> anyhow::Result<Vec<StabilityModel>> {
    let all: Vec<String> = STABILITY_READINGS.iter().map(|(n, _)| (*n).to_string()).collect();
    names
        .unwrap_or(&all)
        .iter()
        .map(|name| match name.trim() {
            "gamma" => Ok(StabilityModel::Gamma),
            "delta" => Ok(StabilityModel::Delta),
            "exclusive_membership" => Ok(StabilityModel::ExclusiveMembership),
            other => bail!(
                "--models: \"{other}\" is not a stability model; expected gamma, delta or exclusive_membership"
            ),
        })
        .collect()
}

fn run_stable(args: &StableArgs) -> anyhow::Result<()> {
    args.format.check("comity blocs stable", &TABULAR)?;
    // Options of one method given to the other are refused rather than ignored.
    if !args.by_types {
        if args.max_blocs.is_some() {
            bail!(
                "--max-blocs applies only with --by-types (stability by bloc sizes among interchangeable members)"
            );
        }
        if args.structure.is_some() {
            bail!(
                "--structure applies only with --by-types (stability by bloc sizes among interchangeable members)"
            );
        }
    } else {
        return run_stable_by_types(args);
    }
    let body = Institution::load(&args.model)?;
    let label = args.model.display().to_string();
    let ids: Vec<String> = body.members().iter().map(|m| m.id.clone()).collect();
    let candidates =
        members_of(&body, args.candidates.as_ref(), args.group.as_ref(), "--candidates", "--group", &label)?;
    let top = top_rule(&body, &args.rule, &label)?;
    let mut results: Vec<(Value, Table)> = Vec::new();
    for model in stability_models(args.models.as_ref())? {
        let s = stable_structures(&top, &candidates, model)
            .with_context(|| format!("--candidates/--group on {label}"))?;
        let reading = reading_of(model);
        let blocs_text = |blocs: &[Vec<usize>]| -> String {
            blocs
                .iter()
                .filter(|b| b.len() > 1)
                .map(|b| format!("{{{}}}", b.iter().map(|&i| ids[i].as_str()).collect::<Vec<_>>().join(" ")))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut table = Table::new(["blocs", "payoffs"]);
        table.title = format!(
            "{}: {}: {} of {} partitions of {} candidates stable ({})",
            body.info().name,
            args.rule,
            s.stable.len(),
            s.partitions,
            candidates.len(),
            model.name()
        );
        table.notes = vec![
            reading.to_string(),
            "blocs: those of two or more members; everyone else stands alone".into(),
        ];
        let mut stable = Vec::new();
        for p in &s.stable {
            let text = blocs_text(&p.blocs);
            table.rows.push(vec![
                if text.is_empty() { "(none)".to_string() } else { text }.into(),
                p.payoffs.iter().map(|x| super::format::number(*x)).collect::<Vec<_>>().join(" ").into(),
            ]);
            let blocs: Vec<Vec<&str>> =
                p.blocs.iter().map(|b| b.iter().map(|&i| ids[i].as_str()).collect()).collect();
            stable.push(json!({"blocs": blocs, "payoffs": p.payoffs}));
        }
        let value = json!({"body": body.info().name, "rule": args.rule, "model": model.name(), "reading": reading,
            "candidates": candidates.iter().map(|&i| ids[i].as_str()).collect::<Vec<_>>(),
            "partitions": s.partitions, "stable": stable});
        results.push((value, table));
    }
    let text = match args.format.format {
        Format::Json => results.iter().map(|(v, _)| args.format.json(v)).collect::<String>(),
        format => results.iter().map(|(_, t)| t.render(format)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}

/// What `model` asks (the sentence said above its table).
fn reading_of(model: StabilityModel) -> &'static str {
    STABILITY_READINGS.iter().find(|(n, _)| *n == model.name()).map(|(_, r)| *r).unwrap_or_default()
}

/// How stability by bloc sizes reads, said above its table.
const BY_TYPES_NOTE: &str = "by bloc sizes: the members are interchangeable (one vote each), so a structure is the sizes of its blocs of two or more candidates, the other candidates standing alone; payoffs are per member of a bloc of each size (1: standing alone, candidate or not); deviation: a group, the members it takes from each bloc and from the lone candidates, the blocs after, and its members' payoff before and after";

/// What a search with at most K blocs does not say, said above its table.
const MAX_BLOCS_NOTE: &str =
    "structures with more blocs than --max-blocs are not examined (deviations creating one more bloc are)";

fn sizes_text(sizes: &[usize]) -> String {
    if sizes.is_empty() {
        "(none)".to_string()
    } else {
        sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
    }
}

/// The refusal when --by-types gets both or neither of --max-blocs and --structure.
fn by_types_question<T>() -> anyhow::Result<T> {
    bail!(
        "--by-types needs one of --max-blocs K (every structure with at most K blocs of two or more) or --structure SIZES (one structure, such as 39,20)"
    )
}

fn run_stable_by_types(args: &StableArgs) -> anyhow::Result<()> {
    // Checked before any work: exactly one question.
    if args.max_blocs.is_some() == args.structure.is_some() {
        return by_types_question();
    }
    let body = Institution::load(&args.model)?;
    let label = args.model.display().to_string();
    let candidates = match (&args.candidates, &args.group) {
        (None, None) => (0..body.members().len()).collect(),
        (ids, group) => members_of(&body, ids.as_ref(), group.as_ref(), "--candidates", "--group", &label)?,
    };
    let top = top_rule(&body, &args.rule, &label)?;
    let types = InterchangeableBody::from_game(&top, &candidates)
        .with_context(|| format!("--by-types on {label}, rule {}", args.rule))?;
    let models = stability_models(args.models.as_ref())?;
    let mut results: Vec<(Value, Table)> = Vec::new();
    for model in models {
        let (title, examined, deviations, shown) = match (args.max_blocs, &args.structure) {
            (Some(k), None) => {
                let s = stable_structures_by_types(&types, k, model).context("--max-blocs")?;
                let title = format!(
                    "{}: {}: {} of {} structures with at most {k} blocs stable ({}; {} candidates of {} members, quota {})",
                    body.info().name,
                    args.rule,
                    s.stable.len(),
                    s.structures,
                    model.name(),
                    types.candidates(),
                    types.members(),
                    types.quota()
                );
                (title, s.structures, s.deviations, s.stable)
            }
            (None, Some(sizes)) => {
                let s = structure_stability(&types, sizes, model).context("--structure")?;
                let title = format!(
                    "{}: {}: blocs {} {} ({}; {} candidates of {} members, quota {})",
                    body.info().name,
                    args.rule,
                    sizes_text(&s.blocs),
                    if s.stable() { "stable" } else { "not stable" },
                    model.name(),
                    types.candidates(),
                    types.members(),
                    types.quota()
                );
                (title, 1, s.deviations, vec![s])
            }
            _ => by_types_question()?,
        };
        let mut table = Table::new(["blocs", "alone", "stable", "payoffs", "deviation"]);
        table.title = title;
        table.notes = vec![reading_of(model).to_string(), BY_TYPES_NOTE.to_string()];
        if args.max_blocs.is_some() {
            table.notes.push(MAX_BLOCS_NOTE.to_string());
        }
        let mut structures = Vec::new();
        for s in &shown {
            let payoffs = s
                .payoffs
                .iter()
                .map(|p| format!("{}:{}", p.size, super::format::number(p.payoff)))
                .collect::<Vec<_>>()
                .join(" ");
            let deviation = match &s.deviation {
                None => "-".to_string(),
                Some(d) => format!(
                    "a group of {} ({} from blocs {}, {} alone) -> blocs {}: {} to {}",
                    d.leaving.iter().sum::<usize>() + d.from_alone,
                    sizes_text(&d.leaving),
                    sizes_text(&s.blocs),
                    d.from_alone,
                    sizes_text(&d.after),
                    super::format::number(d.payoff_before),
                    super::format::number(d.payoff_after)
                ),
            };
            table.rows.push(vec![
                sizes_text(&s.blocs).into(),
                s.alone.to_string().into(),
                yes_no(s.stable()),
                payoffs.into(),
                deviation.into(),
            ]);
            structures.push(json!({"blocs": s.blocs, "alone": s.alone, "stable": s.stable(),
                "payoffs": s.payoffs, "deviation": s.deviation}));
        }
        let value = json!({"body": body.info().name, "rule": args.rule, "model": model.name(),
            "reading": reading_of(model), "members": types.members(), "quota": types.quota(),
            "candidates": types.candidates(), "max_blocs": args.max_blocs, "structures_examined": examined,
            "deviations_examined": deviations, "structures": structures});
        results.push((value, table));
    }
    let text = match args.format.format {
        Format::Json => results.iter().map(|(v, _)| args.format.json(v)).collect::<String>(),
        format => results.iter().map(|(_, t)| t.render(format)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}

/// The top rule named `name` of `body` as one weighted threshold.
fn top_rule(body: &Institution, name: &str, label: &str) -> anyhow::Result<WeightedGame> {
    let n = body.members().len();
    if name == "unanimity" && !body.rules().iter().any(|r| r.name == name) {
        return Ok(WeightedGame::new(vec![1; n], n as u64)?);
    }
    let compiled = body.compile(name)?;
    weighted_top(&compiled.game).with_context(|| {
        format!("{label}: rule {name} is not one weighted threshold (a count or a weighted vote); pooling needs one (vetoes, double majorities and blocs are not)")
    })
}

/// Members given by ids (`flag`) or by a group of the model (`group_flag`), as indices of the
/// body.
fn members_of(
    body: &Institution,
    ids: Option<&Vec<String>>,
    group: Option<&String>,
    flag: &str,
    group_flag: &str,
    label: &str,
) -> anyhow::Result<Vec<usize>> {
    match (ids, group) {
        (Some(ids), None) => ids
            .iter()
            .map(|id| {
                body.member_index(id.trim())
                    .with_context(|| format!("{flag}: \"{id}\" is not a member id of {label}"))
            })
            .collect(),
        (None, Some(group)) => {
            let members = body.group(group).with_context(|| {
                let known: Vec<&str> = body.groups().iter().map(|g| g.name.as_str()).collect();
                format!(
                    "{group_flag}: {label} has no group \"{group}\"; expected one of {}",
                    known.join(", ")
                )
            })?;
            Ok(members.to_vec())
        }
        _ => bail!("give the members: {flag} with member ids, or --group with a group of the model"),
    }
}

fn gains_json(g: Gains) -> Value {
    json!({"every_member": g.every_member, "median_member": g.median_member, "bloc": g.bloc})
}

fn yes_no(b: bool) -> Cell {
    Cell::Text(if b { "yes" } else { "no" }.into())
}

fn run_pooling(args: &PoolingArgs) -> anyhow::Result<()> {
    args.format.check("comity blocs pooling", &TABULAR)?;
    let body = Institution::load(&args.model)?;
    let label = args.model.display().to_string();
    let ids: Vec<String> = body.members().iter().map(|m| m.id.clone()).collect();
    let bloc = members_of(&body, args.bloc.as_ref(), args.group.as_ref(), "--bloc", "--group", &label)?;
    let mut results: Vec<(Value, Table)> = Vec::new();
    for rule in &args.rule {
        let top = top_rule(&body, rule, &label)?;
        let consensus = top.quota() == top.weights().iter().sum::<u64>();
        let mut notes: Vec<String> = READINGS.iter().map(|s| (*s).to_string()).collect();
        if consensus {
            notes.push(CONSENSUS_NOTE.into());
        }
        let names: Vec<&str> = bloc.iter().map(|&i| ids[i].as_str()).collect();
        if args.region {
            if bloc.len() < 2 {
                bail!(
                    "--region: {} candidate; expected at least 2 (the region compares blocs of the first 2, 3, ... candidates)",
                    bloc.len()
                );
            }
            let region = pooling_region(&top, &bloc).with_context(|| format!("--group/--bloc on {label}"))?;
            let mut table = Table::new([
                "reading",
                "size",
                "internal_quota",
                "member_shapley_shubik",
                "member_banzhaf",
                "shapley_shubik_every_member",
                "shapley_shubik_median_member",
                "shapley_shubik_bloc",
                "banzhaf_every_member",
                "banzhaf_median_member",
                "banzhaf_bloc",
            ]);
            table.title =
                format!("{}: {rule}: pooling region of {} candidates", body.info().name, bloc.len());
            table.notes = notes.clone();
            for c in &region.cells {
                table.rows.push(vec![
                    "compound".into(),
                    Cell::Number(c.size as f64),
                    Cell::Number(c.internal_quota as f64),
                    c.member_shapley_shubik.into(),
                    c.member_banzhaf.into(),
                    yes_no(c.shapley_shubik.every_member),
                    yes_no(c.shapley_shubik.median_member),
                    yes_no(c.shapley_shubik.bloc),
                    yes_no(c.banzhaf.every_member),
                    yes_no(c.banzhaf.median_member),
                    yes_no(c.banzhaf.bloc),
                ]);
            }
            for u in &region.unions {
                table.rows.push(vec![
                    "unions".into(),
                    Cell::Number(u.size as f64),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    yes_no(u.owen.every_member),
                    yes_no(u.owen.median_member),
                    yes_no(u.owen.bloc),
                    yes_no(u.banzhaf_owen.every_member),
                    yes_no(u.banzhaf_owen.median_member),
                    yes_no(u.banzhaf_owen.bloc),
                ]);
            }
            let cells: Vec<Value> = region
                .cells
                .iter()
                .map(|c| {
                    json!({"size": c.size, "internal_quota": c.internal_quota,
                           "member_shapley_shubik": c.member_shapley_shubik, "member_banzhaf": c.member_banzhaf,
                           "shapley_shubik": gains_json(c.shapley_shubik), "banzhaf": gains_json(c.banzhaf)})
                })
                .collect();
            let unions: Vec<Value> = region
                .unions
                .iter()
                .map(|u| {
                    json!({"size": u.size, "bloc_owen": u.bloc_owen, "owen": gains_json(u.owen),
                           "banzhaf_owen": gains_json(u.banzhaf_owen)})
                })
                .collect();
            let alone: Vec<Value> = region
                .alone
                .iter()
                .zip(&names)
                .map(|(p, id)| json!({"id": id, "shapley_shubik": p.shapley_shubik, "banzhaf": p.banzhaf}))
                .collect();
            let value = json!({"body": body.info().name, "rule": rule, "candidates": names, "readings": notes,
                               "alone": alone, "cells": cells, "unions": unions});
            results.push((value, table));
        } else {
            let quota = args.internal_quota.unwrap_or(bloc.len() / 2 + 1);
            let r =
                pooling(&top, &bloc, quota).with_context(|| format!("--internal-quota/--bloc on {label}"))?;
            let (compound_ss, compound_bz) = r.compound_gains();
            let (owen, banzhaf_owen) = r.union_gains();
            let mut table = Table::new([
                "id",
                "shapley_shubik_alone",
                "shapley_shubik_compound",
                "owen",
                "banzhaf_alone",
                "banzhaf_compound",
                "banzhaf_owen",
            ]);
            table.title = format!(
                "{}: {rule}: bloc of {} deciding by {quota} of its members",
                body.info().name,
                bloc.len()
            );
            let say = |g: Gains| {
                format!(
                    "every member {}, median member {}, bloc {}",
                    if g.every_member { "gains" } else { "does not gain" },
                    if g.median_member { "gains" } else { "does not gain" },
                    if g.bloc { "gains" } else { "does not gain" }
                )
            };
            notes.push(format!("compound, Shapley-Shubik: {}", say(compound_ss)));
            notes.push(format!("compound, Banzhaf: {}", say(compound_bz)));
            notes.push(format!("unions, Owen: {}", say(owen)));
            notes.push(format!("unions, Banzhaf-Owen: {}", say(banzhaf_owen)));
            table.notes = notes.clone();
            let mut members = Vec::new();
            for m in &r.members {
                table.rows.push(vec![
                    ids[m.member].clone().into(),
                    m.alone.shapley_shubik.into(),
                    m.compound.shapley_shubik.into(),
                    m.unions.shapley_shubik.into(),
                    m.alone.banzhaf.into(),
                    m.compound.banzhaf.into(),
                    m.unions.banzhaf.into(),
                ]);
                members.push(json!({"id": ids[m.member],
                    "alone": {"shapley_shubik": m.alone.shapley_shubik, "banzhaf": m.alone.banzhaf},
                    "compound": {"shapley_shubik": m.compound.shapley_shubik, "banzhaf": m.compound.banzhaf},
                    "unions": {"owen": m.unions.shapley_shubik, "banzhaf_owen": m.unions.banzhaf}}));
            }
            let value = json!({"body": body.info().name, "rule": rule, "bloc": names, "internal_quota": quota,
                "readings": notes, "members": members,
                "gains": {"compound": {"shapley_shubik": gains_json(compound_ss), "banzhaf": gains_json(compound_bz)},
                          "unions": {"owen": gains_json(owen), "banzhaf_owen": gains_json(banzhaf_owen)}}});
            results.push((value, table));
        }
    }
    let text = match args.format.format {
        Format::Json => results.iter().map(|(v, _)| args.format.json(v)).collect::<String>(),
        format => results.iter().map(|(_, t)| t.render(format)).collect::<Vec<_>>().join("\n"),
    };
    emit(args.output.as_deref(), &text)
}
