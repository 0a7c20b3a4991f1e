//! Repeated public-goods institutions: deterministic cases computed by hand, the exact chain
//! against a brute-force (n+1)-state Markov chain and against simulation, reproducibility,
//! and file errors.

use comity::repeated::institution::*;
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

const LINEAR: PublicGood = PublicGood::Linear { multiplier: 3.0, cost: 1.0 };

fn institution(types: &[(MemberType, usize)], noise: f64, partners: usize) -> RepeatedInstitution {
    RepeatedInstitution::new(
        types.iter().map(|t| t.0).collect(),
        types.iter().map(|t| t.1).collect(),
        LINEAR,
        DecisionRule::Majority,
        noise,
        partners,
        0.5,
    )
    .unwrap()
}

fn options(rounds: usize, seeds: usize) -> SimulationOptions {
    SimulationOptions::new(rounds, seeds, 11, 0.95)
}

fn rate_of(outcome: &InstitutionOutcome, t: MemberType) -> f64 {
    outcome.by_type.iter().find(|o| o.member_type == t).unwrap().contribution_rate.mean
}

#[test]
fn without_noise_diffuse_reciprocators_keep_contributing_above_their_threshold() {
    // 6 diffuse, 4 superficial: the level is 0.6 every round, at the threshold, so it holds.
    let diffuse = MemberType::Diffuse { memory: 3, threshold: 0.6 };
    let inst = institution(&[(diffuse, 6), (MemberType::Superficial, 4)], 0.0, 4);
    let out = simulate_institution(&inst, &options(100, 3), None).unwrap();
    assert!((out.contribution_rate.mean - 0.6).abs() < 1e-12);
    assert_eq!(rate_of(&out, diffuse), 1.0);
    assert_eq!(out.collapsed, 0.0);
    // Payoffs: each gets 3 * 6 / 10 = 1.8 of the good; contributors pay 1.
    assert!((out.by_type[0].payoff.mean - 0.8).abs() < 1e-12);
    assert!((out.by_type[1].payoff.mean - 1.8).abs() < 1e-12);
    // A threshold of 0.7 is missed after the first round: everyone stops, collapse in round 1.
    let strict = MemberType::Diffuse { memory: 1, threshold: 0.7 };
    let inst = institution(&[(strict, 6), (MemberType::Superficial, 4)], 0.0, 4);
    let out = simulate_institution(&inst, &options(100, 3), None).unwrap();
    assert!((out.contribution_rate.mean - 0.6 / 100.0).abs() < 1e-12);
    assert_eq!(out.collapsed, 1.0);
    assert_eq!(out.collapse_round.unwrap().mean, 1.0);
}

#[test]
fn longer_memory_tolerates_a_longer_shortfall() {
    // 4 diffuse (threshold 0.62), 3 specific reciprocators and 3 free riders on a complete
    // network, no noise. Round 0's level is 0.7; from round 1 the specific reciprocators cut
    // off the free riders (6/9 each) and the level is 0.6. Diffuse members with memory m keep
    // contributing while the average of the last m levels is at least 0.62: m = 1 stops in
    // round 2, m = 2 in round 3 (0.65, then 0.6), m = 4 in round 5 (0.633, 0.625, then 0.6).
    let rounds_contributed = |memory: usize| {
        let d = MemberType::Diffuse { memory, threshold: 0.62 };
        let inst = institution(&[(d, 4), (MemberType::Specific, 3), (MemberType::Superficial, 3)], 0.0, 9);
        let out = simulate_institution(&inst, &options(50, 2), None).unwrap();
        (rate_of(&out, d) * 50.0).round() as usize
    };
    assert_eq!(rounds_contributed(1), 2);
    assert_eq!(rounds_contributed(2), 3);
    assert_eq!(rounds_contributed(4), 5);
}

#[test]
fn specific_reciprocators_cut_off_only_the_free_rider() {
    // Complete network, no noise: 4 specific reciprocators and 1 free rider. From round 1 each
    // reciprocator gives to its 3 fellow reciprocators and not to the free rider: 3/4.
    let inst = institution(&[(MemberType::Specific, 4), (MemberType::Superficial, 1)], 0.0, 4);
    let rounds = 100;
    let out = simulate_institution(&inst, &options(rounds, 2), None).unwrap();
    let expected = (1.0 + 0.75 * (rounds - 1) as f64) / rounds as f64;
    assert!((rate_of(&out, MemberType::Specific) - expected).abs() < 1e-12);
}

#[test]
fn image_scorers_refuse_members_in_bad_standing() {
    // Complete network, no noise: 4 indirect reciprocators and 1 free rider whose score falls
    // to -1 after round 0; the reciprocators give 3/4 and keep their own scores up.
    let indirect = MemberType::Indirect { standing: 0 };
    let inst = institution(&[(indirect, 4), (MemberType::Superficial, 1)], 0.0, 4);
    let rounds = 60;
    let out = simulate_institution(&inst, &options(rounds, 2), None).unwrap();
    let expected = (1.0 + 0.75 * (rounds - 1) as f64) / rounds as f64;
    assert!((rate_of(&out, indirect) - expected).abs() < 1e-12);
    // With standing 1 nobody has it in round 0... except that scores start at 0: everyone is
    // refused in round 0, everyone's score falls, and cooperation never starts.
    let strict = MemberType::Indirect { standing: 1 };
    let inst = institution(&[(strict, 5)], 0.0, 4);
    let out = simulate_institution(&inst, &options(rounds, 2), None).unwrap();
    assert_eq!(out.contribution_rate.mean, 0.0);
}

#[test]
fn obstruction_under_consensus_destroys_the_payoffs_and_not_under_majority() {
    let types = vec![MemberType::Substantive, MemberType::Obstructive { block: 1.0 }];
    let build =
        |rule| RepeatedInstitution::new(types.clone(), vec![8, 2], LINEAR, rule, 0.0, 4, 0.5).unwrap();
    let consensus = simulate_institution(&build(DecisionRule::Consensus), &options(50, 2), None).unwrap();
    assert!(consensus.by_type.iter().all(|t| t.payoff.mean == 0.0));
    let majority = simulate_institution(&build(DecisionRule::Majority), &options(50, 2), None).unwrap();
    // 3 * 8 / 10 = 2.4 of the good; contributors pay 1.
    assert!((majority.by_type[0].payoff.mean - 1.4).abs() < 1e-12);
    assert!((majority.by_type[1].payoff.mean - 2.4).abs() < 1e-12);
    // Blocking with probability 1/2 by each of two: the good survives a quarter of the rounds.
    let half = RepeatedInstitution::new(
        vec![MemberType::Substantive, MemberType::Obstructive { block: 0.5 }],
        vec![8, 2],
        LINEAR,
        DecisionRule::Consensus,
        0.0,
        4,
        0.5,
    )
    .unwrap();
    assert_eq!(half.not_blocked(), 0.25);
    let out = simulate_institution(&half, &options(4000, 20), None).unwrap();
    assert!(out.by_type[0].payoff.contains(0.25 * 1.4), "{:?}", out.by_type[0].payoff);
}

#[test]
fn simulations_are_the_same_on_one_thread_and_many() {
    let spec = InstitutionSpec::load("models/reciprocity/inclusive_diffuse.toml").unwrap();
    let inst = spec.build().unwrap();
    let opts = SimulationOptions::new(300, 8, 5, 0.95);
    let parallel = simulate_institution(&inst, &opts, None).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let serial = pool.install(|| simulate_institution(&inst, &opts, None).unwrap());
    assert_eq!(parallel, serial);
}

#[test]
fn progress_is_reported_for_every_replication() {
    let inst = institution(&[(MemberType::Substantive, 3), (MemberType::Superficial, 2)], 0.1, 4);
    let seen = std::sync::Mutex::new(Vec::new());
    let report = |done: usize| seen.lock().unwrap().push(done);
    simulate_institution(&inst, &options(10, 7), Some(&report)).unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen, (1..=7).collect::<Vec<_>>());
}

/// The (n+1)-state chain built state by state with binomial formulas, its stationary
/// distribution by a linear solve and the expected collapse time by another: independent of
/// the two-regime shortcut of `exact_institution`.
fn brute_force(s: usize, f: usize, d: usize, theta: f64, e: f64, collapse: f64) -> (f64, f64) {
    let n = s + f + d;
    let binomial = |m: usize, p: f64| -> Vec<f64> {
        (0..=m)
            .map(|k| {
                let c = (0..k).fold(1.0, |acc, i| acc * (m - i) as f64 / (i + 1) as f64);
                c * p.powi(k as i32) * (1.0 - p).powi((m - k) as i32)
            })
            .collect()
    };
    let convolve = |a: &[f64], b: &[f64]| -> Vec<f64> {
        let mut out = vec![0.0; a.len() + b.len() - 1];
        for (i, x) in a.iter().enumerate() {
            for (j, y) in b.iter().enumerate() {
                out[i + j] += x * y;
            }
        }
        out
    };
    let row = |k: usize| -> Vec<f64> {
        let high = k as f64 >= theta * n as f64 - 1e-9;
        let contributors = if high { s + d } else { s };
        convolve(&binomial(contributors, 1.0 - e), &binomial(n - contributors, e))
    };
    let p = DMatrix::from_fn(n + 1, n + 1, |i, j| row(i)[j]);
    // pi (P - I) = 0 with sum pi = 1: replace one equation by the normalisation.
    let mut a = (p.clone() - DMatrix::identity(n + 1, n + 1)).transpose();
    a.row_mut(n).fill(1.0);
    let mut b = DVector::zeros(n + 1);
    b[n] = 1.0;
    let pi = a.lu().solve(&b).unwrap();
    let rate = (0..=n).map(|k| k as f64 * pi[k]).sum::<f64>() / n as f64;
    // Expected hitting time of {k < collapse n} from K_0 ~ row(n) (everyone intends to give).
    let alive: Vec<usize> = (0..=n).filter(|&k| k as f64 >= collapse * n as f64 - 1e-9).collect();
    let m = alive.len();
    let q = DMatrix::from_fn(m, m, |i, j| if i == j { 1.0 } else { 0.0 } - p[(alive[i], alive[j])]);
    let h = q.lu().solve(&DVector::from_element(m, 1.0)).unwrap();
    let start = row(n);
    let time = alive.iter().enumerate().map(|(i, &k)| start[k] * h[i]).sum();
    (rate, time)
}

#[test]
fn exact_chain_agrees_with_simulation() {
    let cases = [
        (7, 2, 1, 0.6, 0.2, PublicGood::Linear { multiplier: 2.0, cost: 1.0 }),
        (8, 3, 1, 0.5, 0.1, PublicGood::Threshold { share: 0.5, benefit: 3.0, cost: 1.0 }),
        (12, 6, 2, 0.7, 0.15, PublicGood::Linear { multiplier: 4.0, cost: 0.5 }),
    ];
    for (d, f, s, theta, e, good) in cases {
        let diffuse = MemberType::Diffuse { memory: 1, threshold: theta };
        let inst = RepeatedInstitution::new(
            vec![diffuse, MemberType::Superficial, MemberType::Substantive],
            vec![d, f, s],
            good,
            DecisionRule::Majority,
            e,
            4,
            0.5,
        )
        .unwrap();
        let exact = exact_institution(&inst).unwrap();
        let sim = simulate_institution(&inst, &options(20_000, 40), None).unwrap();
        let check = |what: &str, est: &comity::estimate::Estimate, x: f64| {
            // A 99.9% interval (3.29 / 1.96 times the 95% one) plus the first rounds' transient.
            let slack = est.half_width * 3.29 / 1.96 + 20.0 / 20_000.0;
            assert!((est.mean - x).abs() <= slack, "{what}: simulated {est:?}, exact {x}");
        };
        check("contribution", &sim.contribution_rate, exact.contribution_rate);
        for (t, (_, rate, payoff)) in sim.by_type.iter().zip(&exact.by_type) {
            check("type contribution", &t.contribution_rate, *rate);
            check("type payoff", &t.payoff, *payoff);
        }
        let collapse = sim.collapse_round.unwrap();
        assert_eq!(sim.collapsed, 1.0);
        assert!(
            (collapse.mean - exact.expected_collapse_round.unwrap()).abs()
                <= collapse.half_width * 3.29 / 1.96
        );
    }
}

#[test]
fn exact_chain_refuses_what_it_cannot_solve() {
    let inst = institution(&[(MemberType::Specific, 4), (MemberType::Superficial, 1)], 0.1, 4);
    assert!(exact_institution(&inst).is_err());
    let two = institution(
        &[
            (MemberType::Diffuse { memory: 1, threshold: 0.5 }, 3),
            (MemberType::Diffuse { memory: 1, threshold: 0.7 }, 3),
        ],
        0.1,
        4,
    );
    assert!(exact_institution(&two).is_err());
    let memory = institution(&[(MemberType::Diffuse { memory: 2, threshold: 0.5 }, 3)], 0.1, 4);
    assert!(exact_institution(&memory).is_err());
}

#[test]
fn exact_chain_without_noise_stays_where_it_starts() {
    let diffuse = MemberType::Diffuse { memory: 1, threshold: 0.6 };
    let inst = institution(&[(diffuse, 6), (MemberType::Superficial, 4)], 0.0, 4);
    let exact = exact_institution(&inst).unwrap();
    assert_eq!(exact.contribution_rate, 0.6);
    assert_eq!(exact.high_share, 1.0);
    assert_eq!(exact.expected_collapse_round, None);
    // Only substantive members: contribution 1 - e, payoff r (1 - e) - (1 - e).
    let inst = institution(&[(MemberType::Substantive, 5)], 0.1, 4);
    let exact = exact_institution(&inst).unwrap();
    assert!((exact.contribution_rate - 0.9).abs() < 1e-12);
    assert!((exact.by_type[0].2 - 2.0 * 0.9).abs() < 1e-12);
}

#[test]
fn large_bodies_are_metastable() {
    // 193 members: the high regime is left with probability about 1e-20 a round and the low
    // one with far less, so the limit is the low regime, reached after ~1e17 rounds.
    let spec = InstitutionSpec::load("models/reciprocity/threshold_exact.toml").unwrap();
    let exact = exact_institution(&spec.build().unwrap()).unwrap();
    assert!(exact.high_share < 1e-30);
    assert!(exact.expected_collapse_round.unwrap() > 1e12);
    assert!((exact.contribution_rate_high - (154.0 * 0.95 + 39.0 * 0.05) / 193.0).abs() < 1e-12);
    assert!((exact.contribution_rate - exact.contribution_rate_low).abs() < 1e-12);
}

#[test]
fn apportionment_by_largest_remainders() {
    assert_eq!(apportion(&[0.6, 0.1, 0.25, 0.05], 193).unwrap(), vec![116, 19, 48, 10]);
    assert_eq!(apportion(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0], 10).unwrap(), vec![4, 3, 3]);
    assert!(apportion(&[0.5, 0.4], 10).is_err());
    assert!(apportion(&[1.2, -0.2], 10).is_err());
}

#[test]
fn superficial_share_sweeps_rescale_the_other_types() {
    let spec = InstitutionSpec::load("models/reciprocity/inclusive_diffuse.toml").unwrap();
    let swept = spec.with_superficial_share(0.5).unwrap();
    let shares: Vec<f64> = swept.types.iter().map(|t| t.1).collect();
    // Others were 0.75 in all; scaled by 0.5 / 0.75.
    let expected = [0.6 / 1.5, 0.1 / 1.5, 0.5, 0.05 / 1.5];
    for (a, b) in shares.iter().zip(expected) {
        assert!((a - b).abs() < 1e-12, "{shares:?}");
    }
    assert!(spec.with_superficial_share(1.5).is_err());
}

fn load_error(text: &str) -> String {
    InstitutionSpec::from_toml(text, "body.toml").unwrap_err().to_string()
}

const GOOD: &str = "[good]\nkind = \"linear\"\nmultiplier = 3.0\ncost = 1.0\n";

fn file(institution: &str, good: &str, types: &str) -> String {
    format!("[institution]\nname = \"x\"\n{institution}\n{good}\n{types}")
}

#[test]
fn malformed_files_name_the_file_line_field_and_expectation() {
    let ok_types = "[[types]]\nkind = \"substantive\"\nshare = 1.0\n";
    let ok_head = "members = 10\nrule = \"consensus\"";
    let cases = [
        (
            file(ok_head, GOOD, "[[types]]\nkind = \"altruist\"\nshare = 1.0\n"),
            "body.toml:10: types[0]: kind: \"altruist\"; expected substantive",
        ),
        (
            file(ok_head, GOOD, "[[types]]\nkind = \"diffuse\"\nshare = 1.0\nmemory = 2\n"),
            "diffuse needs memory and threshold",
        ),
        (
            file(ok_head, GOOD, "[[types]]\nkind = \"specific\"\nshare = 1.0\nmemory = 2\n"),
            "memory does not apply to kind \"specific\"",
        ),
        (
            file(ok_head, GOOD, "[[types]]\nkind = \"substantive\"\nshare = 0.5\n"),
            "expected non-negative shares summing to 1",
        ),
        (
            file("members = 10\nrule = \"unanimity\"", GOOD, ok_types),
            "institution.rule: rule: \"unanimity\"; expected \"consensus\" or \"majority\"",
        ),
        (
            file("members = 10\nrule = \"consensus\"\nnoise = 1.5", GOOD, ok_types),
            "noise = 1.5; expected a probability in [0, 1]",
        ),
        (
            file("members = 10\nrule = \"consensus\"\npartners = 3", GOOD, ok_types),
            "expected an even number (a ring lattice) or at least n - 1 = 9",
        ),
        (
            file(ok_head, "[good]\nkind = \"linear\"\nshare = 0.5\ncost = 1.0\n", ok_types),
            "good: good: kind \"linear\" with these fields; expected kind = \"linear\" with multiplier and cost",
        ),
        (
            file(ok_head, GOOD, "[[types]]\nkind = \"substantive\"\nshare = 1.0\ncolour = 1\n"),
            "unknown field `colour`",
        ),
        (file("members = 1\nrule = \"consensus\"", GOOD, ok_types), "members: 1; expected at least 2"),
        (
            file(ok_head, GOOD, "[[types]]\nkind = \"obstructive\"\nshare = 1.0\nblock = 2\n"),
            "block = 2; expected a probability in [0, 1]",
        ),
        (
            format!("{}\n[simulation]\nseeds = 0\n", file(ok_head, GOOD, ok_types)),
            "expected rounds >= 1, seeds >= 1",
        ),
    ];
    for (text, expected) in cases {
        let message = load_error(&text);
        assert!(message.contains(expected), "{message}\n  expected to contain: {expected}");
        assert!(message.starts_with("body.toml"), "{message}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn exact_chain_equals_the_brute_force_chain(d in 1usize..8, f in 0usize..5, s in 0usize..4, theta in 0.05f64..0.95, e in 0.02f64..0.45, collapse in 0.1f64..0.9) {
        prop_assume!(d + f + s >= 2);
        let diffuse = MemberType::Diffuse { memory: 1, threshold: theta };
        let inst = RepeatedInstitution::new(
            vec![diffuse, MemberType::Superficial, MemberType::Substantive],
            vec![d, f, s],
            LINEAR,
            DecisionRule::Majority,
            e,
            2,
            collapse,
        )
        .unwrap();
        let exact = exact_institution(&inst).unwrap();
        let (rate, time) = brute_force(s, f, d, theta, e, collapse);
        prop_assert!((exact.contribution_rate - rate).abs() < 1e-9, "{} vs {}", exact.contribution_rate, rate);
        let t = exact.expected_collapse_round.unwrap();
        // The brute-force solve is ill-conditioned when collapse is rare: (I - P) has condition
        // number of the order of the expected time, so its error grows like eps * time^2.
        prop_assert!((t - time).abs() < 1e-8 * time.max(1.0) + 1e-14 * time * time, "{} vs {}", t, time);
    }
}

// ---- Draft models (`draft = true` in `[institution]`) and ad hoc --names / --veto ----

mod drafts {
    use comity::model::{Institution, ModelErrorKind};
    use std::process::Command;

    const DRAFT: &str = r#"[institution]
id = "d"
name = "Draft body"
draft = true

[[members]]
id = "A"
name = "Alpha"
attributes = { votes = 3 }

[[members]]
id = "B"
name = "Beta"
attributes = { votes = 2 }

[[members]]
id = "C"
name = "Gamma"
attributes = { votes = 1 }

[[rules]]
name = "qmv"
rule = { weighted = { attribute = "votes", at_least = 4 } }
"#;

    fn comity(args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
    }

    fn write(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("comity-drafts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn refusal(args: &[&str]) -> String {
        let out = comity(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        err
    }

    #[test]
    fn no_bundled_model_is_a_draft() {
        let mut seen = 0;
        for entry in std::fs::read_dir("models/institutions").unwrap() {
            let path = entry.unwrap().path();
            let body = Institution::load(&path).unwrap();
            assert!(!body.is_draft(), "{} is a draft; bundled models must be sourced", path.display());
            assert!(!body.info().source.trim().is_empty() && !body.info().date.trim().is_empty());
            seen += 1;
        }
        assert!(seen >= 6, "{seen} bundled models");
    }

    #[test]
    fn a_draft_may_omit_source_date_and_columns() {
        let body = Institution::from_toml(DRAFT, "d.toml").unwrap();
        assert!(body.is_draft());
        assert!(body.columns().is_empty());
    }

    #[test]
    fn without_draft_the_same_file_is_refused_naming_the_field() {
        let text = DRAFT.replace("draft = true\n", "");
        let err = Institution::from_toml(&text, "d.toml").unwrap_err();
        assert_eq!(err.kind, ModelErrorKind::MissingProvenance { what: "source" });
        assert!(err.to_string().starts_with("d.toml: institution.source: empty source"), "{err}");
        let sourced = text.replace("name = \"Draft body\"", "name = \"D\"\nsource = \"s\"\ndate = \"2026\"");
        let err = Institution::from_toml(&sourced, "d.toml").unwrap_err();
        assert_eq!(err.kind, ModelErrorKind::UndeclaredColumn { attribute: "votes".into() });
    }

    #[test]
    fn a_draft_flag_that_is_not_a_boolean_is_refused() {
        let text = DRAFT.replace("draft = true", "draft = \"yes\"");
        let err = Institution::from_toml(&text, "d.toml").unwrap_err();
        assert!(err.to_string().starts_with("d.toml:4: "), "{err}");
    }

    #[test]
    fn power_results_from_a_draft_say_draft() {
        let path = write("draft.toml", DRAFT);
        let path = path.to_str().unwrap();
        let json = comity(&["power", path, "--format", "json"]);
        assert!(json.status.success());
        let line: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(line["draft"], serde_json::json!(true));
        let banzhaf: Vec<&serde_json::Value> =
            line["members"].as_array().unwrap().iter().map(|m| &m["banzhaf"]).collect();
        assert_eq!(banzhaf, [0.6, 0.2, 0.2]);
        let table = String::from_utf8(comity(&["power", path]).stdout).unwrap();
        assert!(table.contains("draft model"), "{table}");
        let csv = String::from_utf8(comity(&["power", path, "--format", "csv"]).stdout).unwrap();
        assert!(csv.starts_with("body,rule,id,name,draft,"), "{csv}");
        assert!(csv.lines().skip(1).all(|l| l.contains(",true,")), "{csv}");
        let structure = comity(&["structure", path, "--format", "json"]);
        let line: serde_json::Value = serde_json::from_slice(&structure.stdout).unwrap();
        assert_eq!(line["draft"], serde_json::json!(true));
    }

    #[test]
    fn power_results_from_a_sourced_model_do_not_say_draft() {
        let json = comity(&["power", "models/institutions/unsc.toml", "--format", "json"]);
        let text = String::from_utf8(json.stdout).unwrap();
        assert!(text.contains("\"draft\":false") && !text.contains("\"draft\":true"));
        let table = String::from_utf8(comity(&["power", "models/institutions/unsc.toml"]).stdout).unwrap();
        assert!(!table.contains("draft model"));
    }

    #[test]
    fn weights_with_names_and_veto() {
        // [4; 3, 2, 1] with C's agreement required: the winning coalitions are AC and ABC, so
        // A and C are symmetric and B is null: Shapley-Shubik (1/2, 0, 1/2).
        let quick =
            ["--weights", "3,2,1", "--quota", "4", "--names", "A,B,C", "--veto", "C", "--format", "json"];
        let out = comity(&[&["power"][..], &quick].concat());
        assert!(out.status.success());
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let members = line["members"].as_array().unwrap();
        assert_eq!(members.iter().map(|m| &m["id"]).collect::<Vec<_>>(), ["A", "B", "C"]);
        assert_eq!(members.iter().map(|m| &m["shapley_shubik"]).collect::<Vec<_>>(), [0.5, 0.0, 0.5]);
        let out = comity(&[&["structure"][..], &quick].concat());
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(line["veto_players"], serde_json::json!(["A", "C"]));
        assert_eq!(line["null_players"], serde_json::json!(["B"]));
        // Without --names the players are 1, 2, 3.
        let out = comity(&["power", "--weights", "3,2,1", "--quota", "4", "--veto", "3", "--format", "json"]);
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let members = line["members"].as_array().unwrap();
        assert_eq!(members.iter().map(|m| &m["shapley_shubik"]).collect::<Vec<_>>(), [0.5, 0.0, 0.5]);
    }

    #[test]
    fn names_of_the_wrong_length_are_refused() {
        let err = refusal(&["power", "--weights", "3,2,1", "--quota", "4", "--names", "A,B"]);
        assert!(err.contains("--names: 2 names for 3 weights; expected one name per weight"), "{err}");
        let err = refusal(&["structure", "--weights", "3,2,1", "--quota", "4", "--names", "A,B,C,D"]);
        assert!(err.contains("--names: 4 names for 3 weights"), "{err}");
        let err = refusal(&["power", "--weights", "3,2,1", "--quota", "4", "--names", "A,B,A"]);
        assert!(err.contains("--names: \"A\" is given twice"), "{err}");
    }

    #[test]
    fn veto_naming_an_unknown_id_is_refused() {
        let err =
            refusal(&["power", "--weights", "3,2,1", "--quota", "4", "--names", "A,B,C", "--veto", "Z"]);
        assert!(err.contains("--veto: \"Z\" is not a player; expected one of --names (A, B, C)"), "{err}");
        let err = refusal(&["structure", "--weights", "3,2,1", "--quota", "4", "--veto", "4"]);
        assert!(err.contains("--veto: \"4\" is not a player; expected a player number 1 to 3"), "{err}");
        let err = refusal(&["power", "--weights", "3,2,1", "--quota", "4", "--veto", "1,1"]);
        assert!(err.contains("--veto: \"1\" is given twice"), "{err}");
        let err = refusal(&["power", "models/institutions/unsc.toml", "--veto", "USA"]);
        assert!(err.contains("--weights"), "{err}");
    }
}

/// Issue 18's bad input for institutions: a horizon of zero rounds, no seeds, or a confidence
/// outside (0, 1) is refused before anything runs.
#[test]
fn a_horizon_of_zero_rounds_is_refused() {
    let inst = institution(&[(MemberType::Substantive, 4)], 0.0, 3);
    for (rounds, seeds, confidence) in [(0, 2, 0.95), (10, 0, 0.95), (10, 2, 1.0), (10, 2, f64::NAN)] {
        let options = SimulationOptions::new(rounds, seeds, 1, confidence);
        let err = simulate_institution(&inst, &options, None).unwrap_err().to_string();
        assert!(!err.contains('\n') && err.contains("expected"), "{rounds}/{seeds}/{confidence}: {err}");
    }
}
