//! Burden files: what the reader refuses (repeated names and ids, exclusions outside a body,
//! unclosed quotes), proportional shares independent of the unit even near the largest float,
//! and `comity burden --groups-only` in every format.

use comity::repeated::burden_file::BurdenFile;
use proptest::prelude::*;

const LIMITS: &str = "cost = 10.0\nlimits = { floor = 0.0, ceiling = 1.0, ldc_ceiling = 1.0 }";

/// Writes `capacity.csv` and a burden file whose bodies and groups are `rest` into a fresh
/// directory named `name`; returns the file's path.
fn write(name: &str, capacity_csv: &str, rest: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("burden_file").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("capacity.csv"), capacity_csv).unwrap();
    let text = format!(
        r#"[study]
id = "t"
title = "t"
question = "q"
source = "s"
date = "2026-11-30"

[data]
capacity = {{ file = "capacity.csv", key = "id", column = "k" }}

[ldc]
members = []
source = "none"

{rest}
"#
    );
    let path = dir.join("burden.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn body(name: &str, extra: &str) -> String {
    format!("[[bodies]]\nname = \"{name}\"\n{extra}\n{LIMITS}\n")
}

fn refused(path: &std::path::Path) -> String {
    let err = BurdenFile::load(path).and_then(|f| f.evaluate()).expect_err("accepted").to_string();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn a_repeated_body_name_is_refused() {
    let rest = format!("{}{}", body("b", ""), body("b", "members = [\"A\"]"));
    let e = refused(&write("body_twice", "id,k\nA,3\nB,1\n", &rest));
    assert!(e.contains("bodies[1] (b): name appears twice; expected distinct body names"), "{e}");
}

#[test]
fn a_repeated_group_name_is_refused() {
    let rest = format!(
        "{}[[groups]]\nname = \"g\"\nmembers = [\"A\"]\n[[groups]]\nname = \"g\"\nmembers = [\"B\"]\n",
        body("b", "")
    );
    let e = refused(&write("group_twice", "id,k\nA,3\nB,1\n", &rest));
    assert!(e.contains("groups[1] (g): name appears twice; expected distinct group names"), "{e}");
}

/// `A,` then `A,1500`: the first row has no value, and used to leave no trace.
#[test]
fn a_csv_id_repeated_after_an_empty_value_is_refused() {
    let e = refused(&write("twice_after_empty", "id,k\nA,\nA,1500\nB,1\n", &body("b", "")));
    assert!(e.contains("row 3: id A appears twice; expected one row per member"), "{e}");
}

#[test]
fn an_exclude_outside_the_body_members_is_refused() {
    let e = refused(&write(
        "exclude_outside",
        "id,k\nA,3\nB,1\nC,2\n",
        &body("b", "members = [\"A\", \"B\"]\nexclude = [\"C\"]"),
    ));
    assert!(e.contains("bodies[0] (b): exclude: C is not in the body's members"), "{e}");
}

#[test]
fn an_unclosed_quote_is_refused_with_its_line() {
    let e = refused(&write("unclosed", "id,k\n\nA,3\n\"B,1\n", &body("b", "")));
    assert!(e.contains("capacity.csv: line 4: a quoted field is not closed"), "{e}");
    let e = refused(&write("unclosed_header", "\"id,k\nA,3\n", &body("b", "")));
    assert!(e.contains("line 1: a quoted field is not closed"), "{e}");
    // A closed quote, with a comma and a doubled quote inside, is read.
    let file = BurdenFile::load(write("closed", "id,k\n\"A\",3\n\"B\",\"1\"\n", &body("b", ""))).unwrap();
    assert_eq!(file.evaluate().unwrap()[0].members.len(), 2);
}

fn proportional(name: &str, k: &[f64]) -> Vec<f64> {
    let csv: String = std::iter::once("id,k".to_string())
        .chain(k.iter().enumerate().map(|(i, x)| format!("M{i:02},{x:e}")))
        .map(|l| l + "\n")
        .collect();
    let file = BurdenFile::load(write(name, &csv, &body("b", ""))).unwrap();
    file.evaluate().unwrap()[0].members.iter().map(|m| m.shares.proportional.unwrap()).collect()
}

/// Two capacities of 1e308 sum to infinity: the shares used to be 0, 0.
#[test]
fn proportional_shares_survive_capacities_near_the_largest_float() {
    let shares = proportional("huge", &[1e308, 1e308, 5e307]);
    let want = [0.4, 0.4, 0.2];
    for (s, w) in shares.iter().zip(want) {
        assert!((s - w).abs() < 1e-12, "{shares:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Proportional shares do not depend on the unit of capacity: scaling every capacity by
    /// 10^e leaves them unchanged, up to the largest float.
    #[test]
    fn proportional_shares_are_independent_of_the_unit(
        k in prop::collection::vec(0.0f64..1e3, 1..8).prop_filter("some capacity", |k| k.iter().any(|x| *x > 0.0)),
        e in -280i32..305,
    ) {
        let base = proportional("unit_base", &k);
        let scaled: Vec<f64> = k.iter().map(|x| x * 10f64.powi(e)).collect();
        prop_assume!(scaled.iter().all(|x| x.is_finite()) && scaled.iter().any(|x| *x > 0.0));
        let other = proportional("unit_scaled", &scaled);
        let total: f64 = other.iter().sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "{other:?}");
        for (a, b) in base.iter().zip(&other) {
            prop_assert!((a - b).abs() < 1e-9, "{base:?} vs {other:?} at 10^{e}");
        }
    }
}

fn comity(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
}

/// `--groups-only` was honoured in the tables and silently ignored in JSON and CSV.
#[test]
fn groups_only_leaves_out_the_members_in_every_format() {
    let study = "models/burden/burden_sharing.toml";
    let json = comity(&["burden", study, "--groups-only", "--format", "json"]);
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    for line in String::from_utf8(json.stdout).unwrap().lines() {
        let body: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(body["members"], serde_json::json!([]), "{}", body["body"]);
        assert!(!body["groups"].as_array().unwrap().is_empty());
    }
    let csv = comity(&["burden", study, "--groups-only", "--format", "csv"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.lines().skip(1).all(|l| l.split(',').nth(1) == Some("group")), "{text}");
    assert!(text.lines().count() > 1, "{text}");
}
