//! Limits and options that apply (issue 14, "Never silently wrong"): every user-given count is
//! checked against its documented limit before anything is allocated, a run that is bounded
//! rather than refused keeps bounded memory and stops cleanly on Ctrl-C, and an option that does
//! not apply to the chosen mode is refused with the mode it needs. Each test is named for what
//! broke: before the fix these panicked ("capacity overflow", exit 101), ran without end, grew
//! memory without bound, or silently ignored the option.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const U64_MAX: &str = "18446744073709551615";

/// A refusal must come back at once: the limit is checked before the work starts.
const FAST: Duration = Duration::from_secs(10);

fn comity(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs");
    (out, start.elapsed())
}

/// Runs `args`, expects exit status 1 at once with one line on standard error that contains
/// each of `needles`, and returns that line.
fn refused(args: &[&str], needles: &[&str]) -> String {
    let (out, took) = comity(args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(out.stdout.is_empty(), "{args:?} printed output");
    for needle in needles {
        assert!(err.contains(needle), "{args:?}: expected \"{needle}\" in: {err}");
    }
    assert!(took < FAST, "{args:?} took {took:?}");
    err
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    if !all.contains(&"--format") {
        all.extend(["--format", "json"]);
    }
    let (out, _) = comity(&all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("comity-limits-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A body of 40 members with a bloc rule, which no exact method counts (the decision diagram
/// does not take blocs, brute force stops at 25), so `--method auto` falls back to sampling;
/// and an attribute `big` with, if `with_big`, one weight of 10^16.
fn forty_members(dir: &std::path::Path, with_big: bool) -> PathBuf {
    let mut text = String::from(
        "[institution]\nid = \"x\"\nname = \"Forty\"\nsource = \"test\"\ndate = \"2026-01-01\"\n\n\
         [columns.w]\nsource = \"t\"\ndate = \"2026\"\n\n[columns.big]\nsource = \"t\"\ndate = \"2026\"\n\n",
    );
    let mut next = weights();
    for i in 0..40 {
        let big = if i == 0 && with_big { "10000000000000000".to_string() } else { i.to_string() };
        text += &format!(
            "[[members]]\nid = \"M{i}\"\nname = \"M{i}\"\nattributes = {{ w = {}, big = {big} }}\n\n",
            next()
        );
    }
    text += "[[rules]]\nname = \"blocs\"\nrule = { blocs = { rule = { weighted = { attribute = \"w\", share = 0.5 } }, \
             blocs = [ { members = { ids = [\"M0\", \"M1\", \"M2\"] } } ] } }\n\n";
    text += "[[rules]]\nname = \"big\"\nrule = { weighted = { attribute = \"big\", share = 0.5 } }\n";
    let path = dir.join("forty.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Pseudo-random weights in 1..=10^6 (a fixed linear congruential sequence, Knuth's MMIX
/// constants): unrelated weights defeat every shortcut of the exact methods.
fn weights() -> impl FnMut() -> u64 {
    let mut x: u64 = 1;
    move || {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        1 + (x >> 33) % 1_000_000
    }
}

fn fifteen(values: impl Fn(usize) -> f64) -> String {
    (0..15).map(|i| values(i).to_string()).collect::<Vec<_>>().join(",")
}

// Panics (exit 101, "capacity overflow").

#[test]
fn moran_simulate_of_u64_max_runs_is_refused_not_a_panic() {
    refused(&["reciprocity", "moran", "tft", "alld", "--simulate", U64_MAX], &["--simulate", "100000000"]);
}

#[test]
fn coalition_of_u64_max_countries_is_refused_not_a_panic() {
    refused(&["bargain", "coalition", "--countries", U64_MAX], &["--countries", "1000000"]);
}

#[test]
fn spatial_directions_of_u64_max_are_refused_not_a_panic() {
    let ideals = fifteen(|i| i as f64);
    let args = [
        "bargain",
        "spatial",
        "models/institutions/unsc.toml",
        "--rule",
        "substantive",
        "--ideals",
        &ideals,
        "--ideals-y",
        &ideals,
        "--status-quo",
        "3",
        "--status-quo-y",
        "1",
        "--directions",
    ];
    refused(&[&args[..], &[U64_MAX]].concat(), &["--directions", "100000"]);
    // 10^8 directions grew to 24 GB before anything was refused.
    refused(&[&args[..], &["100000000"]].concat(), &["--directions", "at most 100000"]);
}

#[test]
fn tournament_of_u64_max_rounds_is_refused_with_the_estimate_and_limit() {
    let err = refused(
        &["reciprocity", "tournament", "--strategies", "tft,alld", "--rounds", U64_MAX],
        &["--rounds", "10000000000"],
    );
    // The estimate: 3 matches x 10 repetitions x (2^64 - 1) rounds.
    assert!(err.contains(&(3u128 * 10 * u64::MAX as u128).to_string()), "{err}");
}

#[test]
fn tournament_repetitions_beyond_the_scores_kept_are_refused() {
    // Ten million repetitions of one round: few rounds, but one score per repetition kept.
    refused(
        &["reciprocity", "tournament", "--strategies", "tft", "--rounds", "1", "--repetitions", "10000000"],
        &["--repetitions", "10000001 numbers to keep", "10000000"],
    );
}

#[test]
fn moran_population_of_u64_max_is_refused() {
    refused(&["reciprocity", "moran", "tft", "alld", "--population", U64_MAX], &["population", "10000000"]);
    // The exact probability goes further than the simulation, whose runs last ~N^2 steps.
    refused(
        &["reciprocity", "moran", "tft", "alld", "--population", "1000000", "--simulate", "10"],
        &["--simulate", "1000000 to simulate", "100000"],
    );
}

#[test]
fn institution_rounds_of_u64_max_are_refused_not_a_panic() {
    refused(
        &["reciprocity", "institution", "models/reciprocity/inclusive_diffuse.toml", "--rounds", U64_MAX],
        &["rounds", "10000000"],
    );
    refused(
        &["reciprocity", "institution", "models/reciprocity/inclusive_diffuse.toml", "--seeds", U64_MAX],
        &["seeds", "1000000"],
    );
}

#[test]
fn institution_members_of_u64_max_are_refused_not_an_overflow() {
    refused(
        &["reciprocity", "institution", "models/reciprocity/inclusive_diffuse.toml", "--members", U64_MAX],
        &["members", U64_MAX, "at most 100000"],
    );
}

// Runaway memory or time.

#[test]
fn institution_simulation_beyond_its_work_limit_is_refused_with_the_estimate() {
    refused(
        &[
            "reciprocity",
            "institution",
            "models/reciprocity/inclusive_diffuse.toml",
            "--members",
            "100000",
            "--seeds",
            "1000",
        ],
        &["1000 seeds x 10000 rounds x 400000 links = 4000000000000 steps", "100000000000"],
    );
}

#[test]
fn replicator_keeps_only_the_samples_it_prints() {
    // Five million steps kept whole take about 280 MB; the samples printed, a few kilobytes.
    // Under a 120 MB address-space limit only the bounded run succeeds.
    let exe = env!("CARGO_BIN_EXE_comity");
    let out = Command::new("sh")
        .args([
            "-c",
            &format!(
                "ulimit -v 120000; {exe} reciprocity replicator --strategies tft,alld,allc --steps 5000000 --format json"
            ),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"].as_array().unwrap().len(), 101);
}

#[test]
fn replicator_samples_are_the_steps_of_the_full_path() {
    use comity::repeated::{MemoryOne, StagePayoffs, payoff_matrix, replicator};
    let v = json(&["reciprocity", "replicator", "--strategies", "tft,alld,allc", "--steps", "1000"]);
    let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    let players: Vec<MemoryOne> =
        ["tft", "alld", "allc"].iter().map(|s| MemoryOne::parse(s, &pd).unwrap()).collect();
    let m = payoff_matrix(&players, &pd, 0.0).unwrap();
    let full = replicator(&m, &[1.0 / 3.0; 3], 100.0, 1000).unwrap();
    let path = v["path"].as_array().unwrap();
    assert_eq!(path.len(), 101);
    for (k, sample) in path.iter().enumerate() {
        let shares: Vec<f64> = serde_json::from_value(sample["shares"].clone()).unwrap();
        // Equal up to the last bit, which JSON's decimal round trip may change.
        close(&shares, &full[10 * k], &format!("sample {k}"));
    }
    close(&serde_json::from_value::<Vec<f64>>(v["final"].clone()).unwrap(), &full[1000], "final");
}

fn close(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() <= 1e-15, "{what}: {a:?} against {b:?}");
    }
}

#[test]
fn replicator_steps_beyond_the_limit_are_refused() {
    refused(
        &["reciprocity", "replicator", "--strategies", "tft,alld", "--steps", U64_MAX],
        &["--steps", "1000000000"],
    );
}

#[test]
fn monte_carlo_tolerance_of_1e_300_is_refused_with_the_sample_count_and_limit() {
    refused(
        &["power", "--weights", "3,2,1", "--quota", "4", "--method", "monte-carlo", "--tolerance", "1e-300"],
        &["--tolerance", "1.8e600 samples", "10000000000"],
    );
    refused(
        &["power", "--weights", "3,2,1", "--quota", "4", "--method", "monte-carlo", "--samples", U64_MAX],
        &["--samples", "10000000000"],
    );
}

#[test]
fn a_million_identical_countries_are_solved_at_once() {
    let start = Instant::now();
    let v = json(&["bargain", "coalition", "--countries", "1000000"]);
    assert!(start.elapsed() < FAST, "took {:?}", start.elapsed());
    // Linear benefits: three sign, whatever the number of countries (Barrett 2003, ch. 7).
    assert_eq!(v["stable_sizes"], serde_json::json!([3]));
    assert_eq!(v["agreements"][0]["signatories"], 3);
}

#[test]
fn ctrl_c_leaves_no_output_file_and_exits_130() {
    let dir = temp_dir("ctrl-c");
    let target = dir.join("out.json");
    let child = Command::new(env!("CARGO_BIN_EXE_comity"))
        .args([
            "reciprocity",
            "moran",
            "tft",
            "alld",
            "--population",
            "1000",
            "--simulate",
            "100000000",
            "-o",
        ])
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a file was left in {}", dir.display());
    std::fs::remove_dir_all(&dir).unwrap();
}

// The Monte Carlo fallback dropped the index asked for.

#[test]
fn auto_fallback_to_monte_carlo_refuses_banzhaf_instead_of_printing_empty_indices() {
    let dir = temp_dir("fallback");
    let model = forty_members(&dir, false);
    let model = model.to_str().unwrap();
    refused(
        &["power", model, "--rule", "blocs", "--index", "banzhaf", "--format", "json"],
        &["--index banzhaf", "no exact counting method", "shapley_shubik and banzhaf_absolute only"],
    );
    refused(&["power", model, "--rule", "blocs", "--exact"], &["--exact", "drop --exact"]);
    // What Monte Carlo does estimate is still sampled.
    let v = json(&[
        "power",
        model,
        "--rule",
        "blocs",
        "--index",
        "banzhaf_absolute",
        "--samples",
        "1000",
        "--format",
        "json",
    ]);
    let members = v["members"].as_array().unwrap();
    assert_eq!(members.len(), 40);
    assert!(members.iter().all(|m| m["banzhaf_absolute"].is_f64() && m["banzhaf"].is_null()));
    std::fs::remove_dir_all(&dir).unwrap();
}

// Options silently ignored.

#[test]
fn sampling_options_without_monte_carlo_are_refused() {
    let unsc = "models/institutions/unsc.toml";
    refused(&["power", unsc, "--method", "exact", "--samples", "10"], &["--samples", "--method monte-carlo"]);
    refused(
        &["power", unsc, "--method", "brute-force", "--confidence", "0.9"],
        &["--confidence", "monte-carlo"],
    );
    // Under auto, where every rule is counted exactly.
    refused(&["power", unsc, "--seed", "3"], &["--seed", "counted exactly", "--method monte-carlo"]);
    refused(&["power", unsc, "--tolerance", "0.01"], &["--tolerance", "counted exactly"]);
    refused(&["power", "--weights", "3,2,1", "--quota", "4", "--rule", "x"], &["--rule", "--weights"]);
}

#[test]
fn structure_unions_above_25_members_are_refused_and_their_ids_checked() {
    let unga = "models/institutions/unga.toml";
    refused(
        &["structure", unga, "--rule", "two_thirds", "--unions", "USA,CHN"],
        &["--unions", "193 members", "25"],
    );
    refused(&["structure", unga, "--rule", "two_thirds", "--unions", "USA,XXX"], &["--unions", "\"XXX\""]);
    refused(&["structure", unga, "--rule", "two_thirds", "--list", "5"], &["--list", "25"]);
    refused(&["structure", "models/institutions/unsc.toml", "--quota", "3"], &["--quota", "--weights"]);
}

#[test]
fn reciprocity_options_of_another_mode_are_refused() {
    refused(&["reciprocity", "threshold", "--multiplier", "2"], &["--multiplier", "--public-goods"]);
    refused(
        &["reciprocity", "threshold", "--public-goods", "5", "--multiplier", "2", "--payoffs", "3,0,5,1"],
        &["--payoffs", "--public-goods"],
    );
    refused(&["reciprocity", "threshold", "--public-goods", "5"], &["--public-goods", "--multiplier"]);
    refused(&["reciprocity", "moran", "tft", "alld", "--seed", "3"], &["--seed", "--simulate"]);
    refused(
        &["reciprocity", "institution", "models/reciprocity/threshold_exact.toml", "--exact", "--seeds", "3"],
        &["--seeds", "--exact"],
    );
}

#[test]
fn bargain_options_of_another_mode_are_refused() {
    let ideals = fifteen(|i| i as f64);
    refused(
        &[
            "bargain",
            "spatial",
            "models/institutions/unsc.toml",
            "--rule",
            "substantive",
            "--ideals",
            &ideals,
            "--status-quo",
            "3",
            "--directions",
            "720",
        ],
        &["--directions", "two dimensions"],
    );
    refused(
        &["bargain", "coalition", "--benefits", "1,2,3", "--costs", "1,1,1", "--benefit", "2"],
        &["--benefit", "--countries"],
    );
    refused(&["bargain", "coalition", "--countries", "5", "--satiation", "3"], &["--satiation", "quadratic"]);
}

// Messages that misled.

#[test]
fn a_weight_of_1e16_is_refused_naming_the_2_pow_53_limit() {
    let dir = temp_dir("weights");
    let model = forty_members(&dir, true);
    refused(
        &["power", model.to_str().unwrap(), "--rule", "big"],
        &["big = 1e16", "9007199254740992", "2^53", "larger unit"],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_ad_hoc_weight_beyond_u64_names_the_limit_not_a_whole_number() {
    refused(
        &["power", "--weights", "100000000000000000000,1", "--quota", "1"],
        &["--weights: entry 1", "at most 18446744073709551615"],
    );
}

#[test]
fn a_rule_the_decision_diagram_does_not_take_is_not_called_a_size_limit() {
    let dir = temp_dir("diagram");
    let model = forty_members(&dir, false);
    let model = model.to_str().unwrap();
    let err = refused(&["bargain", "club", model, "--rule", "blocs"], &["not blocs or enumerated games"]);
    assert!(!err.contains("exceeded"), "{err}");
    refused(
        &["power", model, "--rule", "blocs", "--method", "decision-diagram"],
        &["decision diagram takes rules built from weighted"],
    );
    let err = refused(&["structure", model, "--rule", "blocs"], &["25 members", "does not take it"]);
    assert!(!err.contains("exceeded"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_decision_diagram_over_its_state_limit_says_so_and_suggests_monte_carlo() {
    // Two weighted conditions with unrelated weights over 40 members: the diagram passes its
    // limit of 2000000 states (a few seconds of work before the refusal).
    let dir = temp_dir("diagram-limit");
    let mut text = String::from(
        "[institution]\nid = \"x\"\nname = \"Two\"\nsource = \"test\"\ndate = \"2026-01-01\"\n\n\
         [columns.w]\nsource = \"t\"\ndate = \"2026\"\n\n[columns.v]\nsource = \"t\"\ndate = \"2026\"\n\n",
    );
    // Two unrelated pseudo-random weights per member.
    let mut next = weights();
    for i in 0u64..40 {
        let (w, v) = (next(), next());
        text +=
            &format!("[[members]]\nid = \"M{i}\"\nname = \"M{i}\"\nattributes = {{ w = {w}, v = {v} }}\n\n");
    }
    text += "[[rules]]\nname = \"two\"\nrule = { all = [ { weighted = { attribute = \"w\", share = 0.5 } }, \
             { weighted = { attribute = \"v\", share = 0.5 } } ] }\n";
    let model = dir.join("two.toml");
    std::fs::write(&model, text).unwrap();
    let (out, _) = comity(&["power", model.to_str().unwrap(), "--method", "decision-diagram"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("exceeded its limit of 2000000 states") && err.contains("--method monte-carlo"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
