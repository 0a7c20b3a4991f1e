//! The `comity` command: parses arguments and hands over to the command-line layer in
//! `src/cli/`, which belongs to this binary and not to the library's API.

// The command line lives in the binary, not the library: a library user then compiles no
// argument parser, and `comity::cli` is no public API to keep stable. (Rejected: a
// `#[doc(hidden)] pub mod cli` behind the `cli` feature, which stays reachable API.) These
// imports let the command line's `crate::model::...` paths name the library's modules.
use comity::{
    bargaining, caucus, coop, equilibrium, estimate, game, model, power, repeated, rules, strict_json, study,
};

mod cli;

fn main() {
    std::process::exit(cli::main());
}
