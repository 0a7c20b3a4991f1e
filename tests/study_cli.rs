//! `comity study` and `comity` with no arguments, on every bundled study.

use std::path::Path;
use std::process::Command;

fn comity(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
}

const BUNDLED: [&str; 5] =
    ["unsc_reform", "imf_basic_votes", "unga_caucuses", "clubs_vs_inclusive", "reciprocity_growth"];

/// The main job, `comity` with no arguments, prints one headline per bundled study, on small
/// states' voice; with `--out` it also writes every bundled study's report, results and charts,
/// and each report names every variant. (One run for both: the bundled studies take most of a
/// minute, and the test suite runs them in as few processes as it can.)
#[test]
fn the_main_job_prints_the_headlines_and_writes_every_report() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bundled_reports");
    let _ = std::fs::remove_dir_all(&dir);
    let out = comity(&["--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for id in BUNDLED {
        assert!(text.contains(&format!("models/studies/{id}.toml")), "{id} missing:\n{text}");
    }
    // Groups and variants under their labels.
    assert!(text.contains("IMF basic votes and quota increases: Small states (under 10 million)"), "{text}");
    assert!(text.contains("G4 draft (2005)") && !text.contains("G4_2005"), "{text}");
    // In the README's order.
    let at = |id: &str| text.find(&format!("models/studies/{id}.toml")).unwrap();
    assert!(at("unsc_reform") < at("imf_basic_votes") && at("imf_basic_votes") < at("unga_caucuses"));
    assert!(
        at("unga_caucuses") < at("clubs_vs_inclusive") && at("clubs_vs_inclusive") < at("reciprocity_growth")
    );
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "wider than 100 columns: {line:?}");
        // A share that is not zero never reads as zero.
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(
            !words.iter().any(|w| ["0.00%", "-0.00%", "+0.00"].contains(w)),
            "a zero-looking number: {line:?}"
        );
        // The verdict agrees with the sign of the change.
        if let [.., change, verdict] = words[..] {
            if let (Ok(pp), true) =
                (change.parse::<f64>(), ["gains", "loses", "unchanged"].contains(&verdict))
            {
                let expected = if pp >= 0.05 {
                    "gains"
                } else if pp <= -0.05 {
                    "loses"
                } else {
                    "unchanged"
                };
                assert_eq!(verdict, expected, "{line:?}");
            }
        }
    }
    // The Security Council's elected members lose 1.86 points under the Ezulwini proposal.
    assert!(text.contains("African Union, Ezulwini (2005)") && text.contains("-1.86  loses"), "{text}");
    // Every bundled study, not only those above, has its report in its folder.
    for entry in std::fs::read_dir("models/studies").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
            let id = table["study"]["id"].as_str().unwrap();
            let report = std::fs::read_to_string(dir.join(id).join("report.md"))
                .unwrap_or_else(|e| panic!("{}: no report in --out: {e}", path.display()));
            assert!(report.contains("## Headline"), "{}", path.display());
        }
    }
    for id in BUNDLED {
        let report = std::fs::read_to_string(dir.join(id).join("report.md")).unwrap();
        let results: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(id).join("results.json")).unwrap())
                .unwrap();
        assert!(report.contains("## Headline"), "{id}");
        let charts: Vec<&str> = if id == "reciprocity_growth" {
            vec!["contribution.svg"]
        } else {
            for variant in results["variants"].as_array().unwrap() {
                let name = variant["name"].as_str().unwrap();
                assert!(report.contains(&format!("| {name} |")), "{id}: {name} missing from the report");
            }
            vec!["group_shares.svg", "efficacy_voice.svg", "change.svg"]
        };
        for chart in charts {
            let svg = std::fs::read_to_string(dir.join(id).join(chart)).unwrap();
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{id}/{chart}");
            assert!(report.contains(&format!("]({chart})")), "{id}: {chart} not linked");
        }
    }
}

/// `comity study` on several files writes each report into the folder named by its study's id.
#[test]
fn several_studies_write_one_folder_each() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("two_reports");
    let _ = std::fs::remove_dir_all(&dir);
    let out = comity(&[
        "study",
        "models/studies/unsc_reform.toml",
        "models/studies/unsc_e10_bloc.toml",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for id in ["unsc_reform", "unsc_e10_bloc"] {
        let report = std::fs::read_to_string(dir.join(id).join("report.md")).unwrap();
        assert!(report.contains("## Headline"), "{id}");
        assert!(dir.join(id).join("results.json").is_file(), "{id}");
    }
}

/// Two bundled studies with one id would write one folder under the main job's `--out`: refused
/// in one line naming the second file, before anything is written.
#[test]
#[cfg(unix)] // symbolic links to the bundled institutions
fn the_main_job_refuses_two_bundled_studies_with_one_id() {
    let models = Path::new(env!("CARGO_TARGET_TMPDIR")).join("one_id_twice");
    let _ = std::fs::remove_dir_all(&models);
    std::fs::create_dir_all(models.join("studies")).unwrap();
    let root = std::env::current_dir().unwrap();
    for dir in ["institutions", "seats"] {
        std::os::unix::fs::symlink(root.join("models").join(dir), models.join(dir)).unwrap();
    }
    for copy in ["a.toml", "b.toml"] {
        std::fs::copy("models/studies/unsc_reform.toml", models.join("studies").join(copy)).unwrap();
    }
    let out_dir = models.join("out");
    let out = comity(&["--models", models.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("b.toml: study.id 'unsc_reform' is another bundled study's") && err.lines().count() == 1,
        "{err}"
    );
    assert!(!out_dir.exists(), "a report was written before the refusal");
}

/// The main job's options, given before a command, do not apply to it and are refused.
#[test]
fn main_job_options_before_a_command_are_refused() {
    for option in ["--out", "--models"] {
        let out = comity(&[option, "somewhere", "power", "models/institutions/unsc.toml"]);
        assert!(!out.status.success(), "{option}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(&format!("{option} before a command applies only to comity with no command")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn a_bad_study_file_is_refused_in_one_line() {
    let out = comity(&["study", "tests/study_fixtures/three.toml"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("three.toml") && err.contains("study"), "{err}");
}

/// Two studies with one id wrote their reports into one folder, the second over the first.
#[test]
fn duplicate_study_id_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("duplicate_ids");
    let _ = std::fs::remove_dir_all(&dir);
    let (a, b) = ("tests/study_fixtures/same_id_a.toml", "tests/study_fixtures/same_id_b.toml");
    let out = comity(&["study", a, b, "--out", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(a) && err.contains(b) && err.contains("study.id 'same'"), "{err}");
    assert!(!dir.exists(), "nothing is written");
    // One of them alone is fine.
    let out = comity(&["study", a, "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("report.md").exists());
}

/// `--format` chooses what is printed; with `--out` it did nothing, silently.
#[test]
fn format_with_out_is_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("format_with_out");
    let out = comity(&[
        "study",
        "tests/study_fixtures/same_id_a.toml",
        "--format",
        "json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--format applies only without --out"), "{err}");
}
