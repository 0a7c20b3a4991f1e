//! The command-line interface: argument parsing, dispatch to subcommands, output rendering.
//!
//! The library does the work; this layer reads arguments, turns errors into one clear line on
//! standard error with a non-zero exit status, writes output files atomically (a temporary
//! name, then a rename), and treats a closed pipe (`comity ... | head`) as success.

mod bargain;
mod batch;
mod blocs;
mod burden;
mod format;
mod nash;
mod output;
mod power;
mod procedures;
mod progress;
mod reciprocity;
mod seats;
mod structure;
mod study;
mod tu;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::{self, Write};

/// comity: voting rules of multilateral institutions as games, solved exactly.
#[derive(Debug, Parser)]
#[command(name = "comity", version, about)]
pub struct Cli {
    /// The models directory for `comity` with no command (its `studies/` are the bundled
    /// studies); else the environment variable COMITY_MODELS, else `./models`.
    #[arg(long, value_name = "DIR")]
    models: Option<std::path::PathBuf>,
    /// With no command: also write every bundled study's full report (Markdown, HTML, LaTeX,
    /// JSON, CSV and charts) into DIR/<study id>/, as `comity study FILE --out DIR` does.
    #[arg(long, value_name = "DIR")]
    out: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Power indices (Shapley-Shubik, Banzhaf, Coleman) of every member under each rule.
    Power(power::PowerArgs),
    /// The structure of a rule (up to 25 members): minimal winning and blocking coalitions,
    /// veto and null players, desirability, weightedness, and the Deegan-Packel, Holler and
    /// Johnston indices.
    Structure(structure::StructureArgs),
    /// Solutions of a transferable-utility game: Shapley and Banzhaf values, core, least core,
    /// nucleolus, Owen value.
    Tu(tu::TuArgs),
    /// Equilibria of a normal-form game: all equilibria of a bimatrix game, Lemke-Howson,
    /// pure, zero-sum, correlated, minmax values, dominance.
    Nash(nash::NashArgs),
    /// Repeated games: memory-one matches, critical discount factors, repeated public-goods
    /// institutions (diffuse, specific and indirect reciprocity), Moran process, replicator
    /// dynamics, tournaments.
    Reciprocity(reciprocity::ReciprocityArgs),
    /// Bargaining: the Nash and Kalai-Smorodinsky solutions, Rubinstein's alternating offers,
    /// minilateral club design, one-dimensional spatial bargaining.
    Bargain(bargain::BargainArgs),
    /// Studies: compare groups' power (small states, caucuses, permanent members) across rule
    /// variants, with a Markdown report, JSON results and SVG charts.
    Study(study::StudyArgs),
    /// Evaluate every variant of a study (sweeps expanded) in parallel to CSV or JSON lines,
    /// by shards if asked; `batch merge` joins shard outputs.
    Batch(batch::BatchArgs),
    /// Blocs by choice: whether pooling votes in a caucus pays, for whom, under which reading.
    Blocs(blocs::BlocsArgs),
    /// Who pays for a shared good: equal, proportional and capacity-scale shares (floor and
    /// ceilings as in the UN scale), Shapley and nucleolus cost shares, by member and group.
    Burden(burden::BurdenArgs),
}

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let parsed = command_with_hyphen_values(Cli::command())
        .try_get_matches_from(&args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let _ = writeln!(io::stderr(), "{}", one_line_usage_error(&e.render().to_string(), &args));
            return 2;
        }
        Err(e) => {
            // --help and --version: clap's own layout, on standard output.
            let _ = e.print();
            return 0;
        }
    };
    output::on_interrupt_exit();
    let result = match cli.command {
        None => study::headline_of_bundled(cli.models.as_deref(), cli.out.as_deref()),
        Some(_) if cli.models.is_some() || cli.out.is_some() => Err(anyhow::anyhow!(
            "--{} before a command applies only to comity with no command (the bundled studies); \
             give the command's own options after its name",
            if cli.models.is_some() { "models" } else { "out" }
        )),
        Some(Command::Study(args)) => study::run(&args),
        Some(Command::Batch(args)) => batch::run(&args),
        Some(Command::Power(args)) => power::run(&args),
        Some(Command::Structure(args)) => structure::run(&args),
        Some(Command::Tu(args)) => tu::run(&args),
        Some(Command::Nash(args)) => nash::run(&args),
        Some(Command::Reciprocity(args)) => reciprocity::run(&args),
        Some(Command::Bargain(args)) => bargain::run(&args),
        Some(Command::Blocs(args)) => blocs::run(&args),
        Some(Command::Burden(args)) => burden::run(&args),
    };
    match result {
        Ok(()) => 0,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e:#}");
            1
        }
    }
}

/// Lets every option's value start with a hyphen, in every subcommand: `--delta -0.1`,
/// `--weights -1,2` and `--rates -1,1` then reach the option's own check, which says what range
/// is expected, instead of clap's "unexpected argument '-1'" with a tip that does not apply to
/// options. A missing value (`--rule --format json`) is then read as the value "--format" and
/// refused by the option's own check, which names it.
fn command_with_hyphen_values(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            if arg.get_long().is_some() && arg.get_action().takes_values() {
                arg.allow_hyphen_values(true)
            } else {
                arg
            }
        })
        .mut_subcommands(command_with_hyphen_values)
}

/// Folds clap's several-line argument error (message, tips, usage, help hint) into one line:
/// the message and its tips joined, then a pointer to the `--help` of the subcommand that was
/// being parsed, so that a log holds the whole complaint on one line as every other error does.
fn one_line_usage_error(rendered: &str, args: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for line in rendered.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("Usage:") || line.starts_with("For more information") {
            continue;
        } else if parts.is_empty() || line.starts_with("tip:") {
            parts.push(line.to_string());
        } else if let Some(last) = parts.last_mut() {
            // A continuation, such as the list of missing required arguments.
            last.push(' ');
            last.push_str(line);
        }
    }
    format!("{} (see '{} --help')", parts.join("; "), command_path(args))
}

/// The subcommand path named by the leading arguments, such as `comity reciprocity match`.
fn command_path(args: &[String]) -> String {
    let mut command = Cli::command();
    let mut path = vec![command.get_name().to_string()];
    for arg in args.iter().skip(1) {
        match command.find_subcommand(arg) {
            Some(sub) => {
                path.push(sub.get_name().to_string());
                command = sub.clone();
            }
            None => break,
        }
    }
    path.join(" ")
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
