//! Shared test helpers: running the binary on a file, and the generators for the property
//! tests: the crate's own `comity::testing` strategies,
//! which a user's property tests reach for too (this crate's dev-dependency on itself turns on
//! the `proptest` feature under a plain `cargo test`).
#![allow(unused_imports, dead_code)]

pub use comity::testing::{composite_game, size_weight_game, weighted_game};

pub mod baron_ferejohn;

/// Runs `comity SUBCOMMAND FILE ARGS...` on `text` written to a temporary file named after
/// `name`, and returns (success, standard output, standard error).
pub fn comity_on_file(subcommand: &str, name: &str, text: &str, args: &[&str]) -> (bool, String, String) {
    let path = std::env::temp_dir().join(format!("comity-{subcommand}-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comity"))
        .arg(subcommand)
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The bundled studies (`models/studies/`), in the README's order.
pub const BUNDLED_STUDIES: [&str; 5] =
    ["unsc_reform", "imf_basic_votes", "unga_caucuses", "clubs_vs_inclusive", "reciprocity_growth"];

/// A bundled study, its outcome and its report.
pub struct Bundled {
    pub id: String,
    pub study: comity::study::Study,
    pub outcome: comity::study::Outcome,
    pub report: comity::study::Report,
}

/// Every bundled study run once per test binary. The tests that read them are all in one
/// binary, `tests/bundled_studies/`: the five take most of a minute (the IMF's 190 members
/// above all), which each further binary would spend again.
pub fn bundled() -> &'static Vec<Bundled> {
    use comity::study::{Study, report};
    static BUNDLED: std::sync::OnceLock<Vec<Bundled>> = std::sync::OnceLock::new();
    BUNDLED.get_or_init(|| {
        BUNDLED_STUDIES
            .iter()
            .map(|id| {
                let study = Study::load(format!("models/studies/{id}.toml")).unwrap();
                let outcome = study.run().unwrap();
                let report = report(&study, &outcome).unwrap();
                Bundled { id: id.to_string(), study, outcome, report }
            })
            .collect()
    })
}

/// Every bundled study's id and report.
pub fn bundled_reports() -> Vec<(&'static str, &'static comity::study::Report)> {
    bundled().iter().map(|b| (b.id.as_str(), &b.report)).collect()
}
