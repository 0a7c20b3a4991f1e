//! `comity blocs stable --by-types`: stability by bloc sizes on the General Assembly from the
//! command line (the body read from the model, candidates by group, efficiency of the payoffs,
//! the deviation reported) and hostile input refused in one line.

use serde_json::Value;

const GA: &str = "models/institutions/unga.toml";

fn comity(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_lines(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (ok, out, err) = comity(&all);
    assert!(ok, "{args:?}: {err}");
    out.lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect()
}

/// Members of each size times their payoff, summed over the body: the Owen value is efficient,
/// so this is 1 for gamma and delta.
fn total_payoff(v: &Value, structure: &Value) -> f64 {
    let members = v["members"].as_u64().unwrap() as f64;
    let in_blocs: f64 = structure["blocs"].as_array().unwrap().iter().map(|k| k.as_f64().unwrap()).sum();
    let payoff_of = |size: f64| {
        structure["payoffs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["size"].as_f64() == Some(size))
            .map_or(0.0, |p| p["payoff"].as_f64().unwrap())
    };
    let blocs: f64 = structure["blocs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_f64().unwrap() * payoff_of(k.as_f64().unwrap()))
        .sum();
    blocs + (members - in_blocs) * payoff_of(1.0)
}

#[test]
fn aosis_as_one_bloc_under_two_thirds() {
    let lines = json_lines(&[
        "blocs",
        "stable",
        GA,
        "--rule",
        "two_thirds",
        "--by-types",
        "--group",
        "aosis",
        "--structure",
        "37",
    ]);
    assert_eq!(lines.len(), 3, "one line per model");
    for v in &lines {
        // Two-thirds of 193: 129 votes; the AOSIS group of the model has 37 UN members.
        assert_eq!(
            (v["members"].as_u64(), v["quota"].as_u64(), v["candidates"].as_u64()),
            (Some(193), Some(129), Some(37))
        );
        assert_eq!(v["structures_examined"], 1);
        let s = &v["structures"][0];
        assert_eq!(s["blocs"], serde_json::json!([37]));
        assert_eq!(s["alone"], 0);
        assert_eq!(s["stable"].as_bool(), Some(s["deviation"].is_null()));
    }
    for v in &lines[..2] {
        let total = total_payoff(v, &v["structures"][0]);
        assert!((total - 1.0).abs() < 1e-9, "{}: Owen payoffs sum to {total}", v["model"]);
    }
    // Under exclusive membership a member gains by leaving: the deviation says so and its
    // payoff after beats the one before.
    let exclusive = &lines[2]["structures"][0];
    assert_eq!(lines[2]["model"], "exclusive_membership");
    let d = &exclusive["deviation"];
    assert!(!d.is_null(), "{exclusive}");
    assert_eq!((d["leaving"].clone(), d["after"].clone()), (serde_json::json!([1]), serde_json::json!([36])));
    assert!(d["payoff_after"].as_f64() > d["payoff_before"].as_f64());
}

#[test]
fn every_member_is_a_candidate_unless_told() {
    let lines = json_lines(&[
        "blocs",
        "stable",
        GA,
        "--rule",
        "simple_majority",
        "--by-types",
        "--structure",
        "39",
        "--models",
        "gamma",
    ]);
    assert_eq!(lines.len(), 1);
    // More than half of 193: 97.
    assert_eq!((lines[0]["candidates"].as_u64(), lines[0]["quota"].as_u64()), (Some(193), Some(97)));
    let s = &lines[0]["structures"][0];
    assert_eq!(s["alone"], 193 - 39);
    assert!((total_payoff(&lines[0], s) - 1.0).abs() < 1e-9);
}

#[test]
fn at_most_k_blocs_lists_only_stable_structures() {
    let lines = json_lines(&[
        "blocs",
        "stable",
        GA,
        "--rule",
        "two_thirds",
        "--by-types",
        "--group",
        "aosis",
        "--max-blocs",
        "2",
        "--models",
        "gamma",
    ]);
    let v = &lines[0];
    // 37 candidates, at most two blocs: everyone alone, one bloc of 2 to 37 (36), and two
    // blocs a >= b >= 2 with a + b <= 37: sum over b = 2..=18 of 38 - 2b = 306.
    assert_eq!(v["structures_examined"], 1 + 36 + 306);
    assert_eq!(v["max_blocs"], 2);
    let structures = v["structures"].as_array().unwrap();
    assert!(!structures.is_empty());
    assert!(structures.iter().all(|s| s["stable"] == true && s["deviation"].is_null()));
    // The single structure checked directly agrees with the search.
    for s in structures {
        let sizes: Vec<String> = s["blocs"].as_array().unwrap().iter().map(|k| k.to_string()).collect();
        if sizes.is_empty() {
            continue;
        }
        let one = json_lines(&[
            "blocs",
            "stable",
            GA,
            "--rule",
            "two_thirds",
            "--by-types",
            "--group",
            "aosis",
            "--structure",
            &sizes.join(","),
            "--models",
            "gamma",
        ]);
        assert_eq!(one[0]["structures"][0]["stable"], true, "{sizes:?}");
    }
}

#[test]
fn hostile_input_is_refused_in_one_line() {
    let refusals: [(&[&str], &str); 9] = [
        (&["blocs", "stable", GA, "--rule", "two_thirds", "--by-types", "--structure", "0"], "no members"),
        (
            &[
                "blocs",
                "stable",
                GA,
                "--rule",
                "two_thirds",
                "--by-types",
                "--group",
                "aosis",
                "--structure",
                "38",
            ],
            "expected at most 37",
        ),
        (
            &["blocs", "stable", GA, "--rule", "two_thirds", "--by-types", "--structure", "100,100"],
            "the blocs hold 200 members, but there are 193 candidates",
        ),
        (&["blocs", "stable", GA, "--rule", "two_thirds", "--by-types"], "needs one of --max-blocs K"),
        (
            &[
                "blocs",
                "stable",
                GA,
                "--rule",
                "two_thirds",
                "--by-types",
                "--max-blocs",
                "1",
                "--structure",
                "3",
            ],
            "needs one of --max-blocs K",
        ),
        (
            &["blocs", "stable", GA, "--rule", "two_thirds", "--candidates", "FJI,TUV", "--max-blocs", "1"],
            "--max-blocs applies only with --by-types",
        ),
        (
            &["blocs", "stable", GA, "--rule", "two_thirds", "--candidates", "FJI,TUV", "--structure", "2"],
            "--structure applies only with --by-types",
        ),
        (
            &[
                "blocs",
                "stable",
                "models/institutions/imf.toml",
                "--rule",
                "majority",
                "--by-types",
                "--max-blocs",
                "1",
            ],
            "needs interchangeable members",
        ),
        // Every pair of blocs among 193 under delta: the limit and the alternatives.
        (
            &[
                "blocs",
                "stable",
                GA,
                "--rule",
                "two_thirds",
                "--by-types",
                "--max-blocs",
                "2",
                "--models",
                "delta",
            ],
            "above the limit of 20000000; allow fewer blocs (--max-blocs), give fewer candidates, or check one structure (--structure)",
        ),
    ];
    for (args, expected) in refusals {
        let (ok, out, err) = comity(args);
        assert!(!ok, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    let (ok, _, err) =
        comity(&["blocs", "stable", GA, "--rule", "two_thirds", "--by-types", "--structure", "x"]);
    assert!(!ok && err.contains("--structure"), "{err}");
}
