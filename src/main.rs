//! The `comity` command: parses arguments and hands over to the library's CLI layer.

fn main() {
    std::process::exit(comity::cli::main());
}
