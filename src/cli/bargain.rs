//! `comity bargain`: bargaining solutions from the command line (so far Baron-Ferejohn
//! legislative bargaining, the Nash and Kalai-Smorodinsky solutions, Rubinstein's alternating offers, minilateral club design and
//! one-dimensional spatial bargaining).

use super::format::{FormatArgs, RECORD, render_record};
use super::output::{emit, numbers};
use crate::bargaining::{
    AbatementGame, Benefits, FeasibleSet, Method, Recognition, TOLERANCE, Timing, baron_ferejohn_with,
    in_core_1d, kalai_smorodinsky, nash_solution, nash_surplus, rubinstein, rubinstein_limit,
    setter_outcome_1d, smallest_club, stable_coalitions, stable_sizes, winset_1d,
};
use crate::bargaining::{MembershipSearch, find_stable_like_minded, like_minded_1d};
use crate::bargaining::{Point, find_like_minded_club, in_core_2d, rescale, setter_outcome_2d, winset_2d};
use crate::game::{Coalition, SimpleGame};
use crate::game::{Game, WeightedGame};
use crate::model::Institution;
use crate::power::{
    DIAGRAM_MAX_STATES, PowerOptions, diagram_supported, power_indices, smallest_winning_coalition,
};
use crate::power::{MINIMAL_WEIGHTS_MAX_PLAYERS, Structure, minimal_integer_representation};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `comity bargain`.
#[derive(Debug, Args)]
pub struct BargainArgs {
    #[command(subcommand)]
    command: BargainCommand,
}

#[derive(Debug, Subcommand)]
enum BargainCommand {
    /// Procedures: a deadline, the open rule, status-quo bargaining (see `cli::procedures`).
    #[command(flatten)]
    Procedure(super::procedures::ProcedureCommand),
    /// Seats over time: each member's probability of sitting on a body whose seats are
    /// allocated to regional groups and filled by election (a Markov chain over terms), times
    /// its power while sitting (O'Neill 1996); per member, per group and under reform models.
    Seats(super::seats::SeatsArgs),
    /// The (asymmetric) Nash solution: dividing a surplus among n players, or on a two-player
    /// feasible set given by its vertices (with Kalai-Smorodinsky).
    Nash {
        /// Divide this surplus (with --disagreement, and --weights or --power).
        #[arg(long, conflicts_with = "vertices")]
        surplus: Option<f64>,
        /// Two-player feasible set: payoff vectors "x,y;x,y;..." whose convex hull is feasible.
        #[arg(long)]
        vertices: Option<String>,
        /// Disagreement payoffs, comma-separated (default: all 0).
        #[arg(long, allow_hyphen_values = true)]
        disagreement: Option<String>,
        /// Bargaining weights, comma-separated (default: equal).
        #[arg(long, conflicts_with = "power")]
        weights: Option<String>,
        /// Use the Shapley-Shubik indices of this model's rule as weights (with --rule).
        #[arg(long, requires = "rule")]
        power: Option<PathBuf>,
        /// The rule whose power indices are the weights.
        #[arg(long)]
        rule: Option<String>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Minilateral club design: the fewest members whose attributes reach target shares
    /// (--target population:0.5, repeatable), or a smallest winning coalition of a rule
    /// (--rule); reports who is left out and their share of each attribute.
    Club {
        /// The institution file.
        model: PathBuf,
        /// ATTRIBUTE:SHARE, the share of the body's total the club must hold (repeatable).
        #[arg(long = "target")]
        targets: Vec<String>,
        /// Instead of targets: a smallest winning coalition of this rule.
        #[arg(long, conflicts_with = "targets")]
        rule: Option<String>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// One-dimensional spatial bargaining: the winset of the status quo under a rule, whether
    /// it is in the core, and each rule's outcome when a member sets the agenda (against
    /// consensus and simple majority).
    Spatial {
        /// The institution file.
        model: PathBuf,
        /// The rule.
        #[arg(long)]
        rule: String,
        /// Ideal points, one per member in the model's order, comma-separated.
        #[arg(long, allow_hyphen_values = true, conflicts_with = "ideal_attribute")]
        ideals: Option<String>,
        /// Or: the model attribute that holds each member's ideal point.
        #[arg(long)]
        ideal_attribute: Option<String>,
        /// The status quo.
        #[arg(long, allow_hyphen_values = true)]
        status_quo: f64,
        /// The agenda setter's member id.
        #[arg(long)]
        setter: Option<String>,
        /// Two dimensions: the second coordinates of the ideal points, comma-separated.
        #[arg(
            long,
            allow_hyphen_values = true,
            conflicts_with = "ideal_attribute_y",
            requires = "status_quo_y"
        )]
        ideals_y: Option<String>,
        /// Or: the model attribute holding the second coordinates.
        #[arg(long, requires = "status_quo_y")]
        ideal_attribute_y: Option<String>,
        /// The status quo's second coordinate (makes the problem two-dimensional).
        #[arg(long, allow_hyphen_values = true)]
        status_quo_y: Option<f64>,
        /// Two dimensions: salience weights of the two axes, "s1,s2" (default 1,1).
        #[arg(long, requires = "status_quo_y")]
        salience: Option<String>,
        /// Two dimensions: boundary directions of the winset polygon (default 360, at most
        /// 100000).
        #[arg(long)]
        directions: Option<usize>,
        /// Two dimensions, with --setter: a stable like-minded club the setter leads, deciding by
        /// this share of its members (1 = consensus): the largest by enumeration up to 16
        /// members or under consensus at any size; otherwise a stable club found by
        /// join-and-leave dynamics (the output says which).
        #[arg(long, requires_all = ["setter", "status_quo_y"])]
        club_share: Option<f64>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// A like-minded coalition on one policy line: participants agree by an internal rule
    /// (the leader proposing), the decision binds only them and outsiders keep the status quo;
    /// participants named (--participants, --group) or chosen by stable membership (--stable:
    /// each joins if the policy, less --cost, is nearer its ideal than the status quo).
    LikeMinded {
        /// The institution file.
        model: PathBuf,
        /// Ideal points, one per member in the model's order, comma-separated.
        #[arg(long, allow_hyphen_values = true, conflicts_with = "ideal_attribute")]
        ideals: Option<String>,
        /// Or: the model attribute that holds each member's ideal point.
        #[arg(long)]
        ideal_attribute: Option<String>,
        /// The status quo, which outsiders keep.
        #[arg(long, allow_hyphen_values = true)]
        status_quo: f64,
        /// The coalition's leader and agenda setter (a member id).
        #[arg(long)]
        leader: String,
        /// The participants' member ids, comma-separated.
        #[arg(long, conflicts_with_all = ["group", "stable"])]
        participants: Option<String>,
        /// Or: a group of the model as the participants.
        #[arg(long, conflicts_with = "stable")]
        group: Option<String>,
        /// Or: a stable coalition the leader leads: the largest under consensus among
        /// participants (any size) or by enumeration (up to 16 members); otherwise found by
        /// join-and-leave dynamics and verified (the output's "search" and "largest" say which).
        #[arg(long)]
        stable: bool,
        /// With named participants: how many must agree (default: all).
        #[arg(long, conflicts_with = "stable")]
        internal_quota: Option<usize>,
        /// With --stable: the share of participants that must agree, in (0, 1] (default 1).
        #[arg(long, requires = "stable")]
        internal_share: Option<f64>,
        /// With --stable: the cost of participating, in units of the policy line (default 0).
        #[arg(long, requires = "stable")]
        cost: Option<f64>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Baron-Ferejohn legislative bargaining under a rule: each member's expected share of a
    /// unit surplus and each proposer's choice of partners, in the stationary equilibrium.
    BaronFerejohn {
        /// The institution file.
        model: PathBuf,
        /// The rule.
        #[arg(long)]
        rule: String,
        /// The discount factor delta in [0, 1].
        #[arg(long, default_value_t = 0.9)]
        delta: f64,
        /// The chair's member id (recognised with --chair-probability, the rest equally).
        #[arg(long, conflicts_with = "recognition_attribute")]
        chair: Option<String>,
        /// The chair's recognition probability.
        #[arg(long, default_value_t = 0.2, requires = "chair")]
        chair_probability: f64,
        /// Recognise members in proportion to this attribute (default: equally).
        #[arg(long)]
        recognition_attribute: Option<String>,
        /// How cheapest coalitions are found: enumeration of coalition profiles (up to about
        /// 22 members in distinct roles), a knapsack over weights and sizes (rules of member
        /// counts and one weight, up to 64 classes: the EU Council), or a threshold
        /// equilibrium certified by the fractional knapsack bound (one weight and one quota:
        /// the IMF Board). Auto uses the enumeration if it fits, else the threshold method (one
        /// weight and one quota), else the knapsack.
        #[arg(long, value_enum, default_value_t = BfMethod::Auto)]
        method: BfMethod,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Self-enforcing agreements among countries abating a public bad (Barrett 1994): the
    /// stable sizes for identical countries, or every stable coalition for up to 20
    /// heterogeneous ones, with abatement and the share of the gains of full cooperation
    /// achieved.
    Coalition {
        /// Identical countries: how many (with --benefit and --cost; at most 1000000).
        #[arg(long, conflicts_with_all = ["benefits", "costs"])]
        countries: Option<usize>,
        /// Identical countries' benefit slope b (default 1).
        #[arg(long)]
        benefit: Option<f64>,
        /// Identical countries' cost slope c (default 1).
        #[arg(long)]
        cost: Option<f64>,
        /// Heterogeneous countries: benefit slopes, comma-separated (with --costs).
        #[arg(long, requires = "costs")]
        benefits: Option<String>,
        /// Heterogeneous countries: cost slopes, comma-separated.
        #[arg(long, requires = "benefits")]
        costs: Option<String>,
        /// Benefits b Q (linear) or b (a Q - Q^2/2) with --satiation a (quadratic).
        #[arg(long, value_parser = ["linear", "quadratic"], default_value = "linear")]
        model: String,
        /// The satiation level a of quadratic benefits (default 100; with --model quadratic).
        #[arg(long)]
        satiation: Option<f64>,
        /// nash (all at once) or stackelberg (signatories lead).
        #[arg(long, value_parser = ["nash", "stackelberg"], default_value = "nash")]
        timing: String,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Rubinstein's alternating offers: shares from two discount factors, or the limit from
    /// two discount rates.
    Rubinstein {
        /// Discount factors delta_1,delta_2 in [0, 1) (player 1 proposes first).
        #[arg(long, conflicts_with = "rates")]
        delta: Option<String>,
        /// Discount rates r_1,r_2 > 0 for the limit of frequent offers.
        #[arg(long)]
        rates: Option<String>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        format: FormatArgs,
    },
}

fn pair(text: &str, what: &str) -> anyhow::Result<[f64; 2]> {
    match numbers::<f64>(text, what)?[..] {
        [a, b] => Ok([a, b]),
        _ => bail!("{what}: '{text}'; expected two numbers"),
    }
}

/// Runs `comity bargain`.
pub fn run(args: &BargainArgs) -> anyhow::Result<()> {
    // Seats over time prints tables (all five formats), not a record.
    if let BargainCommand::Seats(seats) = &args.command {
        return super::seats::run(seats);
    }
    let (name, format) = match &args.command {
        BargainCommand::Seats(seats) => ("seats", &seats.format),
        BargainCommand::Procedure(command) => command.name_and_format(),
        BargainCommand::Nash { format, .. } => ("nash", format),
        BargainCommand::Club { format, .. } => ("club", format),
        BargainCommand::Spatial { format, .. } => ("spatial", format),
        BargainCommand::BaronFerejohn { format, .. } => ("baron-ferejohn", format),
        BargainCommand::LikeMinded { format, .. } => ("like-minded", format),
        BargainCommand::Coalition { format, .. } => ("coalition", format),
        BargainCommand::Rubinstein { format, .. } => ("rubinstein", format),
    };
    format.check(&format!("comity bargain {name}"), &RECORD)?;
    match &args.command {
        BargainCommand::Procedure(command) => super::procedures::run(command),
        BargainCommand::Seats(seats) => super::seats::run(seats),
        BargainCommand::Nash { surplus, vertices, disagreement, weights, power, rule, output, format } => {
            let out = if let Some(text) = vertices {
                let points =
                    text.split(';').map(|p| pair(p, "--vertices")).collect::<anyhow::Result<Vec<_>>>()?;
                let set = FeasibleSet::new(points)?;
                let d = match disagreement {
                    Some(t) => pair(t, "--disagreement")?,
                    None => [0.0, 0.0],
                };
                let w = match weights {
                    Some(t) => pair(t, "--weights")?,
                    None => [1.0, 1.0],
                };
                json!({"hull": set.vertices(), "disagreement": d, "weights": w,
                       "nash": nash_solution(&set, d, w)?, "kalai_smorodinsky": kalai_smorodinsky(&set, d)?})
            } else {
                let surplus = surplus.context("give --surplus (n players) or --vertices (two players)")?;
                let (players, w): (Vec<String>, Vec<f64>) = match (power, rule, weights) {
                    (Some(path), Some(rule), _) => {
                        let body = Institution::load(path)?;
                        let game = body.compile(rule)?;
                        let ss = power_indices(&game.game, &PowerOptions::default())?
                            .shapley_shubik()
                            .context("Shapley-Shubik indices")?;
                        (body.members().iter().map(|m| m.id.clone()).collect(), ss)
                    }
                    (_, _, Some(t)) => {
                        let w = numbers(t, "--weights")?;
                        ((1..=w.len()).map(|i| i.to_string()).collect(), w)
                    }
                    _ => {
                        let n = disagreement
                            .as_deref()
                            .map_or(Ok(2), |t| numbers::<f64>(t, "--disagreement").map(|v| v.len()))?;
                        ((1..=n).map(|i| i.to_string()).collect(), vec![1.0; n])
                    }
                };
                let d = match disagreement {
                    Some(t) => numbers(t, "--disagreement")?,
                    None => vec![0.0; w.len()],
                };
                let x = nash_surplus(surplus, &d, &w)?;
                json!({"players": players, "surplus": surplus, "disagreement": d, "weights": w, "nash": x})
            };
            emit(output.as_deref(), &render_record(format, &out))
        }
        BargainCommand::Club { model, targets, rule, output, format } => {
            club(model, targets, rule.as_deref(), output.as_deref(), format)
        }
        BargainCommand::Spatial {
            model,
            rule,
            ideals,
            ideal_attribute,
            status_quo,
            setter,
            ideals_y,
            ideal_attribute_y,
            status_quo_y: Some(q_y),
            salience,
            directions,
            club_share,
            output,
            format,
        } => spatial_2d_command(
            model,
            rule,
            [ideals.as_deref(), ideals_y.as_deref()],
            [ideal_attribute.as_deref(), ideal_attribute_y.as_deref()],
            [*status_quo, *q_y],
            setter.as_deref(),
            salience.as_deref(),
            directions.unwrap_or(360),
            *club_share,
            output.as_deref(),
            format,
        ),
        BargainCommand::Spatial {
            model,
            rule,
            ideals,
            ideal_attribute,
            status_quo,
            setter,
            directions,
            output,
            format,
            ..
        } => {
            if directions.is_some() {
                bail!("--directions is for two dimensions (give --status-quo-y and the second coordinates)");
            }
            spatial(
                model,
                rule,
                ideals.as_deref(),
                ideal_attribute.as_deref(),
                *status_quo,
                setter.as_deref(),
                output.as_deref(),
                format,
            )
        }
        BargainCommand::LikeMinded {
            model,
            ideals,
            ideal_attribute,
            status_quo,
            leader,
            participants,
            group,
            stable,
            internal_quota,
            internal_share,
            cost,
            output,
            format,
        } => {
            let membership = match (participants, group, stable) {
                (Some(ids), _, _) => Membership::Ids(ids),
                (None, Some(name), _) => Membership::Group(name),
                (None, None, true) => {
                    Membership::Stable { share: internal_share.unwrap_or(1.0), cost: cost.unwrap_or(0.0) }
                }
                (None, None, false) => {
                    bail!("give the participants (--participants IDS or --group NAME) or --stable")
                }
            };
            let out = like_minded_command(
                model,
                [ideals.as_deref(), ideal_attribute.as_deref()],
                *status_quo,
                leader,
                membership,
                *internal_quota,
            )?;
            emit(output.as_deref(), &render_record(format, &out))
        }
        BargainCommand::BaronFerejohn {
            model,
            rule,
            delta,
            chair,
            chair_probability,
            recognition_attribute,
            method,
            output,
            format,
        } => baron_ferejohn_command(
            model,
            rule,
            *delta,
            chair.as_deref().map(|c| (c, *chair_probability)),
            recognition_attribute.as_deref(),
            *method,
            output.as_deref(),
            format,
        ),
        BargainCommand::Coalition {
            countries,
            benefit,
            cost,
            benefits,
            costs,
            model,
            satiation,
            timing,
            output,
            format,
        } => {
            let form = match (model.as_str(), satiation) {
                ("quadratic", a) => Benefits::Quadratic { a: a.unwrap_or(100.0) },
                (_, Some(_)) => {
                    bail!("--satiation is for --model quadratic (linear benefits have no satiation level)")
                }
                (_, None) => Benefits::Linear,
            };
            if countries.is_none() && (benefit.is_some() || cost.is_some()) {
                bail!(
                    "--benefit and --cost are for --countries N (identical countries); heterogeneous ones take --benefits and --costs"
                );
            }
            let (benefit, cost) = (benefit.unwrap_or(1.0), cost.unwrap_or(1.0));
            let timing = if timing == "stackelberg" { Timing::Stackelberg } else { Timing::Nash };
            let out = match (countries, benefits, costs) {
                (Some(n), _, _) => {
                    let game =
                        AbatementGame::symmetric(*n, benefit, cost, form, timing).context("--countries")?;
                    let sizes = stable_sizes(&game)?;
                    let described: Vec<serde_json::Value> = sizes
                        .iter()
                        .map(|&k| {
                            let members: Vec<bool> = (0..*n).map(|i| i < k).collect();
                            agreement_json(&game, &members)
                        })
                        .collect();
                    json!({"countries": n, "benefit": benefit, "cost": cost, "stable_sizes": sizes, "agreements": described})
                }
                (None, Some(b), Some(c)) => {
                    let game =
                        AbatementGame::new(numbers(b, "--benefits")?, numbers(c, "--costs")?, form, timing)?;
                    let n = game.n();
                    let stable = stable_coalitions(&game)?;
                    let described: Vec<serde_json::Value> = stable
                        .iter()
                        .map(|s| {
                            let members: Vec<bool> = (0..n).map(|i| s.contains(&i)).collect();
                            let mut v = agreement_json(&game, &members);
                            v["members"] = json!(s.iter().map(|i| i + 1).collect::<Vec<_>>());
                            v
                        })
                        .collect();
                    json!({"countries": n, "stable_coalitions": described})
                }
                _ => bail!("give --countries N (identical countries) or --benefits and --costs"),
            };
            emit(output.as_deref(), &render_record(format, &out))
        }
        BargainCommand::Rubinstein { delta, rates, output, format } => {
            let out = match (delta, rates) {
                (Some(t), _) => {
                    let [d1, d2] = pair(t, "--delta")?;
                    let (x, y) = rubinstein(d1, d2)?;
                    json!({"delta": [d1, d2], "shares": [x, y], "first_proposer": 1})
                }
                (None, Some(t)) => {
                    let [r1, r2] = pair(t, "--rates")?;
                    let (x, y) = rubinstein_limit(r1, r2)?;
                    json!({"rates": [r1, r2], "shares": [x, y], "limit": "frequent offers; the asymmetric Nash solution with weights 1/r_i"})
                }
                (None, None) => bail!("give --delta d1,d2 or --rates r1,r2"),
            };
            emit(output.as_deref(), &render_record(format, &out))
        }
    }
}

/// Every member's value of `attribute`, in the model's order; an error names the member
/// without it.
fn attribute_column(body: &Institution, label: &str, attribute: &str) -> anyhow::Result<Vec<f64>> {
    body.members()
        .iter()
        .map(|m| {
            m.attributes
                .get(attribute)
                .copied()
                .with_context(|| format!("{label}: member \"{}\" has no attribute \"{attribute}\"", m.id))
        })
        .collect()
}

/// The institution in `model`, its file name for messages, and the game of `rule`.
fn load_rule(model: &PathBuf, rule: &str) -> anyhow::Result<(Institution, String, Game)> {
    let body = Institution::load(model)?;
    let game = body.compile(rule)?.game;
    Ok((body, model.display().to_string(), game))
}

/// `comity bargain club`.
fn club(
    model: &PathBuf,
    targets: &[String],
    rule: Option<&str>,
    output: Option<&std::path::Path>,
    format: &FormatArgs,
) -> anyhow::Result<()> {
    let body = Institution::load(model)?;
    let label = model.display().to_string();
    let members = body.members();
    let (club, what) = match rule {
        Some(name) => {
            let compiled = body.compile(name)?;
            let club = match smallest_winning_coalition(&compiled.game) {
                Some(club) => club,
                None if !diagram_supported(&compiled.game) => bail!(
                    "{label}: rule {name}: a smallest winning coalition is found on the rule's decision diagram, which takes rules built from weighted, count and veto conditions (not blocs or enumerated games)"
                ),
                None if !compiled.game.is_winning(&Coalition::grand(members.len())) => {
                    bail!("{label}: rule {name}: even all members together do not win")
                }
                None => bail!(
                    "{label}: rule {name}: the decision diagram exceeded its limit of {DIAGRAM_MAX_STATES} states; no smallest winning coalition can be found this way"
                ),
            };
            (club, json!({"rule": name}))
        }
        None => {
            if targets.is_empty() {
                bail!("give --target ATTRIBUTE:SHARE (repeatable) or --rule NAME");
            }
            let mut values = Vec::new();
            let mut goals = Vec::new();
            let mut asked = Vec::new();
            for t in targets {
                let (attribute, share) = t.split_once(':').with_context(|| {
                    format!("--target '{t}'; expected ATTRIBUTE:SHARE, e.g. population:0.5")
                })?;
                let share: f64 = share
                    .trim()
                    .parse()
                    .ok()
                    .filter(|s| (0.0..=1.0).contains(s))
                    .with_context(|| format!("--target '{t}': the share must be a number in [0, 1]"))?;
                let column = attribute_column(&body, &label, attribute)?;
                goals.push(share * column.iter().sum::<f64>());
                values.push(column);
                asked.push(json!({"attribute": attribute, "share": share}));
            }
            let club = smallest_club(&values, &goals)?.context("even all members together miss a target")?;
            (club, json!({"targets": asked}))
        }
    };
    let excluded: Vec<usize> = (0..members.len()).filter(|i| !club.contains(i)).collect();
    let mut shares = serde_json::Map::new();
    for attribute in body.columns().keys() {
        let value = |i: usize| members[i].attributes.get(attribute).copied().unwrap_or(0.0);
        let total: f64 = (0..members.len()).map(value).sum();
        if total > 0.0 {
            let inside: f64 = club.iter().map(|&i| value(i)).sum();
            shares
                .insert(attribute.clone(), json!({"club": inside / total, "excluded": 1.0 - inside / total}));
        }
    }
    let out = json!({
        "body": body.info().name, "asked": what, "size": club.len(), "members": club.iter().map(|&i| &members[i].id).collect::<Vec<_>>(),
        "excluded": excluded.len(), "shares": shares,
    });
    emit(output, &render_record(format, &out))
}

/// `comity bargain spatial`.
#[allow(clippy::too_many_arguments)]
fn spatial(
    model: &PathBuf,
    rule: &str,
    ideals: Option<&str>,
    attribute: Option<&str>,
    q: f64,
    setter: Option<&str>,
    output: Option<&std::path::Path>,
    format: &FormatArgs,
) -> anyhow::Result<()> {
    let (body, label, game) = load_rule(model, rule)?;
    let members = body.members();
    let points: Vec<f64> = match (ideals, attribute) {
        (Some(text), _) => numbers(text, "--ideals")?,
        (None, Some(name)) => attribute_column(&body, &label, name)?,
        (None, None) => bail!("give --ideals (one per member) or --ideal-attribute NAME"),
    };
    if points.len() != members.len() {
        bail!(
            "--ideals: {} points for {} members; expected one per member, in the model's order",
            points.len(),
            members.len()
        );
    }
    let n = members.len();
    let consensus = Game::from(WeightedGame::new(vec![1; n], n as u64)?);
    let majority = Game::from(WeightedGame::new(vec![1; n], n as u64 / 2 + 1)?);
    let (low, high) =
        points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let mut out = json!({
        "body": body.info().name, "rule": rule, "status_quo": q,
        "winset": winset_1d(&game, &points, q)?, "in_core": in_core_1d(&game, &points, q)?,
        "unanimity_core": [low, high],
    });
    if let Some(id) = setter {
        let s = members
            .iter()
            .position(|m| m.id == id)
            .with_context(|| format!("--setter: \"{id}\" is not a member id"))?;
        out["setter"] = json!({
            "id": id, "ideal": points[s],
            "outcome": setter_outcome_1d(&game, &points, q, s)?,
            "outcome_under_consensus": setter_outcome_1d(&consensus, &points, q, s)?,
            "outcome_under_simple_majority": setter_outcome_1d(&majority, &points, q, s)?,
        });
    }
    emit(output, &render_record(format, &out))
}

/// The `--method` of `comity bargain baron-ferejohn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BfMethod {
    /// Enumeration if it fits, else threshold (one weight and one quota), else knapsack.
    Auto,
    /// Enumeration of coalition profiles, named.
    Enumeration,
    /// A knapsack over weights and sizes, with column generation.
    Knapsack,
    /// A threshold equilibrium certified by the fractional knapsack bound.
    Threshold,
}

/// `comity bargain baron-ferejohn`.
#[allow(clippy::too_many_arguments)]
fn baron_ferejohn_command(
    model: &PathBuf,
    rule: &str,
    delta: f64,
    chair: Option<(&str, f64)>,
    attribute: Option<&str>,
    method: BfMethod,
    output: Option<&std::path::Path>,
    format: &FormatArgs,
) -> anyhow::Result<()> {
    let (body, label, game) = load_rule(model, rule)?;
    let members = body.members();
    let (recognition, described) = match (chair, attribute) {
        (Some((id, probability)), _) => {
            let chair =
                body.member_index(id).with_context(|| format!("--chair: \"{id}\" is not a member id"))?;
            (Recognition::Chair { chair, probability }, json!({"chair": id, "probability": probability}))
        }
        (None, Some(name)) => (
            Recognition::Proportional(attribute_column(&body, &label, name)?),
            json!({"proportional_to": name}),
        ),
        (None, None) => (Recognition::Equal, json!("equal")),
    };
    let p = recognition.probabilities(members.len())?;
    let method = match method {
        BfMethod::Auto => Method::Auto,
        BfMethod::Enumeration => Method::Enumeration,
        BfMethod::Knapsack => Method::Knapsack,
        BfMethod::Threshold => Method::Threshold,
    };
    let eq = super::progress::with_elapsed("Baron-Ferejohn equilibrium", || {
        baron_ferejohn_with(&game, &p, delta, method)
    })
    .with_context(|| format!("{label}: rule {rule}"))?;
    // Snyder, Ting & Ansolabehere (2005): the minimal integer weights beside the values, when
    // the rule is weighted and small enough for the integer program.
    let minimal = if members.len() <= MINIMAL_WEIGHTS_MAX_PLAYERS {
        let structure = Structure::new(&game).with_context(|| format!("{label}: rule {rule}"))?;
        minimal_integer_representation(&structure).with_context(|| format!("{label}: rule {rule}"))?
    } else {
        None
    };
    let ids = |list: &[usize]| list.iter().map(|&i| members[i].id.as_str()).collect::<Vec<_>>();
    let classes: Vec<serde_json::Value> = eq
        .classes
        .iter()
        .map(|c| {
            let proposals: Vec<serde_json::Value> = c
                .proposals
                .iter()
                .map(|q| {
                    let partners: serde_json::Map<String, serde_json::Value> = q
                        .partners
                        .iter()
                        .enumerate()
                        .filter(|&(_, &k)| k > 0)
                        .map(|(class, &k)| (class.to_string(), json!(k)))
                        .collect();
                    json!({"probability": q.probability, "partners_by_class": partners})
                })
                .collect();
            json!({"members": ids(&c.members), "recognition": c.recognition, "value": c.value,
                   "keeps": c.keeps, "offer": c.offer, "proposals": proposals})
        })
        .collect();
    let per_member: Vec<serde_json::Value> = (0..members.len())
        .map(|i| {
            let mut row = json!({"id": members[i].id, "recognition": p[i], "value": eq.values[i], "class": eq.class_of[i]});
            if let Some((weights, _)) = &minimal {
                row["minimal_weight"] = json!(weights[i]);
            }
            row
        })
        .collect();
    let mut out = json!({
        "body": body.info().name, "rule": rule, "delta": delta, "recognition": described,
        "method": match eq.method {
            Method::Knapsack => "knapsack",
            Method::Threshold => "threshold",
            _ => "enumeration",
        },
        "members": per_member, "classes": classes,
        "checked": format!("equilibrium conditions hold to {TOLERANCE:e}"),
    });
    if let Some((_, quota)) = &minimal {
        out["minimal_quota"] = json!(quota);
    }
    emit(output, &render_record(format, &out))
}

/// One agreement: its size, total abatement, welfare, and the share of the gain from no
/// agreement to full cooperation that it achieves.
fn agreement_json(game: &AbatementGame, members: &[bool]) -> serde_json::Value {
    let n = game.n();
    let welfare = |m: &[bool]| -> f64 { game.outcome(m).payoffs.iter().sum() };
    let (none, all) = (welfare(&vec![false; n]), welfare(&vec![true; n]));
    let out = game.outcome(members);
    let achieved = if all > none { (welfare(members) - none) / (all - none) } else { 1.0 };
    json!({
        "signatories": members.iter().filter(|&&m| m).count(), "total_abatement": out.total,
        "full_cooperation_abatement": game.outcome(&vec![true; n]).total,
        "welfare": out.payoffs.iter().sum::<f64>(), "share_of_cooperation_gains": achieved,
    })
}

/// `comity bargain spatial` in two dimensions.
#[allow(clippy::too_many_arguments)]
fn spatial_2d_command(
    model: &PathBuf,
    rule: &str,
    ideals: [Option<&str>; 2],
    attributes: [Option<&str>; 2],
    q: Point,
    setter: Option<&str>,
    salience: Option<&str>,
    directions: usize,
    club_share: Option<f64>,
    output: Option<&std::path::Path>,
    format: &FormatArgs,
) -> anyhow::Result<()> {
    let (body, label, game) = load_rule(model, rule)?;
    let members = body.members();
    let n = members.len();
    let mut coordinates = Vec::new();
    for (axis, (text, attribute)) in ideals.iter().zip(attributes).enumerate() {
        let flag = if axis == 0 { "--ideals" } else { "--ideals-y" };
        let column: Vec<f64> = match (text, attribute) {
            (Some(text), _) => numbers(text, flag)?,
            (None, Some(name)) => attribute_column(&body, &label, name)?,
            (None, None) => bail!("give {flag} (one per member) or the matching --ideal-attribute"),
        };
        if column.len() != n {
            bail!(
                "{flag}: {} points for {n} members; expected one per member, in the model's order",
                column.len()
            );
        }
        coordinates.push(column);
    }
    let original: Vec<Point> = (0..n).map(|i| [coordinates[0][i], coordinates[1][i]]).collect();
    let weights = match salience {
        Some(text) => pair(text, "--salience")?,
        None => [1.0, 1.0],
    };
    // Work in the rescaled plane, where salience-weighted distance is Euclidean, and report
    // points in the original coordinates.
    let points = rescale(&original, weights)?;
    let [sq] = rescale(&[q], weights)?[..] else { unreachable!("one point in, one out") };
    let back = |p: Point| [p[0] / weights[0].sqrt(), p[1] / weights[1].sqrt()];
    let (boundary, area) = winset_2d(&game, &points, sq, directions).context("--directions")?;
    let consensus = Game::from(WeightedGame::new(vec![1; n], n as u64)?);
    let majority = Game::from(WeightedGame::new(vec![1; n], n as u64 / 2 + 1)?);
    let mut out = json!({
        "body": body.info().name, "rule": rule, "status_quo": q, "salience": weights,
        "in_core": in_core_2d(&game, &points, sq)?,
        "in_unanimity_core": in_core_2d(&consensus, &points, sq)?,
        "winset": {"area_in_rescaled_plane": area, "directions": directions,
                   "boundary": boundary.into_iter().map(back).collect::<Vec<_>>()},
    });
    if let Some(id) = setter {
        let s = body.member_index(id).with_context(|| format!("--setter: \"{id}\" is not a member id"))?;
        out["setter"] = json!({
            "id": id, "ideal": original[s],
            "outcome": back(setter_outcome_2d(&game, &points, sq, s)?),
            "outcome_under_consensus": back(setter_outcome_2d(&consensus, &points, sq, s)?),
            "outcome_under_simple_majority": back(setter_outcome_2d(&majority, &points, sq, s)?),
        });
        if let Some(share) = club_share {
            let found = find_like_minded_club(&points, sq, s, share).context("--club-share")?;
            out["like_minded_club"] = match found.coalition {
                Some(club) => json!({
                    "share": share, "search": found.search.name(), "largest": found.search.proves_largest(),
                    "reading": format!("The club is {}; its policy binds its {} members only, and outsiders keep the status quo.", found.search.describe(), club.members.len()),
                    "members": club.members.iter().map(|&i| &members[i].id).collect::<Vec<_>>(),
                    "policy": back(club.policy), "consensus": back(club.consensus),
                    "ambition_in_rescaled_plane": club.ambition, "consensus_ambition_in_rescaled_plane": club.consensus_ambition,
                    "gains": members.iter().zip(&club.gains).map(|(m, g)| json!({"id": m.id, "gain": g})).collect::<Vec<_>>(),
                }),
                None => json!(null),
            };
        }
    }
    emit(output, &render_record(format, &out))
}

/// Who participates in `comity bargain like-minded`.
enum Membership<'a> {
    Ids(&'a str),
    Group(&'a str),
    Stable { share: f64, cost: f64 },
}

/// `comity bargain like-minded`: the coalition, its policy against inclusive consensus, and the
/// outcome that applies to each member.
fn like_minded_command(
    model: &PathBuf,
    [ideals, attribute]: [Option<&str>; 2],
    q: f64,
    leader: &str,
    membership: Membership<'_>,
    internal_quota: Option<usize>,
) -> anyhow::Result<serde_json::Value> {
    let body = Institution::load(model)?;
    let label = model.display().to_string();
    let members = body.members();
    let n = members.len();
    let points: Vec<f64> = match (ideals, attribute) {
        (Some(text), _) => numbers(text, "--ideals")?,
        (None, Some(name)) => attribute_column(&body, &label, name)?,
        (None, None) => bail!("give --ideals (one per member) or --ideal-attribute NAME"),
    };
    if points.len() != n {
        bail!(
            "--ideals: {} points for {n} members; expected one per member, in the model's order",
            points.len()
        );
    }
    let l =
        body.member_index(leader).with_context(|| format!("--leader: \"{leader}\" is not a member id"))?;
    let (coalition, chosen, search) = match membership {
        Membership::Stable { share, cost } => {
            let found = find_stable_like_minded(&points, q, l, share, cost).context("--stable")?;
            (found.coalition, "stable membership", Some(found.search))
        }
        named => {
            let positions: Vec<usize> = match named {
                Membership::Ids(text) => text
                    .split(',')
                    .map(|id| {
                        let id = id.trim();
                        body.member_index(id).with_context(|| {
                            format!("--participants: \"{id}\" is not a member id of {label}")
                        })
                    })
                    .collect::<anyhow::Result<_>>()?,
                Membership::Group(name) => body
                    .group(name)
                    .with_context(|| format!("--group: \"{name}\" is not a group of {label}"))?
                    .to_vec(),
                Membership::Stable { .. } => unreachable!("handled above"),
            };
            let size = positions.len();
            // A coalition of one decides nothing with anyone: refused, as a study refuses it.
            if size < 2 {
                let flag = if matches!(named, Membership::Group(_)) { "--group" } else { "--participants" };
                bail!("{flag}: {size} participants; expected at least 2");
            }
            let quota = internal_quota.unwrap_or(size);
            if quota == 0 || quota > size {
                bail!("--internal-quota: {quota} for {size} participants; expected 1 to {size}");
            }
            if !positions.contains(&l) {
                bail!("--leader: \"{leader}\" is not a participant; expected one of the coalition's members");
            }
            (Some(like_minded_1d(&points, q, &positions, quota, l)?), "named", None)
        }
    };
    let everyone: Vec<usize> = (0..n).collect();
    let consensus = like_minded_1d(&points, q, &everyone, n, l)?.policy;
    let inside = |i: usize| coalition.as_ref().is_some_and(|c| c.participants.contains(&i));
    let rows: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let distance = coalition.as_ref().map_or((q - points[i]).abs(), |c| c.distances[i]);
            json!({"id": members[i].id, "ideal": points[i], "participant": inside(i), "distance": distance,
                   "distance_under_consensus": (consensus - points[i]).abs()})
        })
        .collect();
    let size = coalition.as_ref().map_or(0, |c| c.participants.len());
    let policy = coalition.as_ref().map_or(q, |c| c.policy);
    let found_as = search.map_or(String::new(), |s| format!("Participants: {}. ", s.describe()));
    let reading = match &coalition {
        Some(c) => format!(
            "{found_as}The coalition's policy binds only its {size} participants ({} of them needed); the {} outsiders keep the status quo and have no power over it, so it moves {} from the status quo where inclusive consensus moves {}.",
            c.internal_quota,
            n - size,
            c.ambition,
            c.consensus_ambition
        ),
        None if search.is_some_and(|s| !s.proves_largest()) => format!(
            "{found_as}The join-and-leave dynamics ended without a coalition; this does not prove that none is stable."
        ),
        None => "No coalition of two or more that moves the status quo is stable: every member keeps the status quo.".into(),
    };
    Ok(json!({
        "body": body.info().name, "status_quo": q, "leader": leader, "membership": chosen,
        "search": search.map_or("named", MembershipSearch::name), "largest": search.is_some_and(MembershipSearch::proves_largest),
        "participants": coalition.as_ref().map_or(Vec::new(), |c| c.participants.iter().map(|&i| members[i].id.clone()).collect()),
        "internal_quota": coalition.as_ref().map_or(0, |c| c.internal_quota), "outsiders": n - size,
        "policy": policy, "ambition": (policy - q).abs(),
        "inclusive_consensus": consensus, "consensus_ambition": (consensus - q).abs(),
        "members": rows, "reading": reading,
    }))
}
