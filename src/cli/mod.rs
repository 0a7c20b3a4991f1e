//! The command-line interface: argument parsing, dispatch to subcommands, output rendering.
//!
//! The library does the work; this layer reads arguments, turns errors into one clear line on
//! standard error with a non-zero exit status, writes output files atomically (a temporary
//! name, then a rename), and treats a closed pipe (`comity ... | head`) as success.

mod bargain;
mod batch;
mod nash;
mod output;
mod power;
mod progress;
mod reciprocity;
mod structure;
mod study;
mod tu;

use clap::{Parser, Subcommand};
use std::io::{self, Write};

/// comity: voting rules of multilateral institutions as games, solved exactly.
#[derive(Debug, Parser)]
#[command(name = "comity", version, about)]
pub struct Cli {
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
}

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    output::on_interrupt_exit();
    let result = match cli.command {
        None => study::headline_of_bundled(),
        Some(Command::Study(args)) => study::run(&args),
        Some(Command::Batch(args)) => batch::run(&args),
        Some(Command::Power(args)) => power::run(&args),
        Some(Command::Structure(args)) => structure::run(&args),
        Some(Command::Tu(args)) => tu::run(&args),
        Some(Command::Nash(args)) => nash::run(&args),
        Some(Command::Reciprocity(args)) => reciprocity::run(&args),
        Some(Command::Bargain(args)) => bargain::run(&args),
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
