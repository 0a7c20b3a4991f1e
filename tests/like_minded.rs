//! Like-minded coalitions: the closed-form policy against the general agenda setter, stable
//! membership by sorting against enumeration of every coalition, invariance to the units of the
//! policy line, a case worked by hand, and the study variant kind with its bad input.

use comity::bargaining::{
    MAX_CLUB_CANDIDATES, like_minded_1d, setter_outcome_1d, stable_like_minded_1d,
    stable_like_minded_exhaustive,
};
use comity::game::WeightedGame;
use comity::study::Study;
use proptest::prelude::*;
use std::path::Path;

/// Ideal points on a coarse grid, so that ties and indifference (the hard cases for stability)
/// are frequent; a leader; a status quo; a cost.
fn body(max: usize) -> impl Strategy<Value = (Vec<f64>, usize, f64, f64)> {
    (2usize..=max).prop_flat_map(|n| {
        (
            prop::collection::vec((-8i32..=8).prop_map(|k| k as f64 / 4.0), n),
            0..n,
            (-4i32..=4).prop_map(|k| k as f64 / 4.0),
            (0i32..=4).prop_map(|k| k as f64 / 8.0),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The closed form `max(q, min(x_L, 2 x_[k] - q))` is the general agenda setter's outcome
    /// (Romer & Rosenthal) under `k` of the participants.
    #[test]
    fn the_policy_is_the_setters_outcome((ideals, leader, q, _) in body(10), quota_seed in 0usize..100) {
        let participants: Vec<usize> = (0..ideals.len()).collect();
        let quota = 1 + quota_seed % participants.len();
        let coalition = like_minded_1d(&ideals, q, &participants, quota, leader).unwrap();
        let rule = WeightedGame::new(vec![1; ideals.len()], quota as u64).unwrap();
        let general = setter_outcome_1d(&rule, &ideals, q, leader).unwrap();
        prop_assert!((coalition.policy - general).abs() < 1e-9, "{} against {}", coalition.policy, general);
    }

    /// Under consensus among participants, stable membership by sorting finds exactly the
    /// largest stable coalition that enumeration of every coalition finds.
    #[test]
    fn stable_membership_by_sorting_is_exact((ideals, leader, q, cost) in body(10)) {
        let fast = stable_like_minded_1d(&ideals, q, leader, 1.0, cost).unwrap();
        let slow = stable_like_minded_exhaustive(&ideals, q, leader, 1.0, cost).unwrap();
        prop_assert_eq!(fast, slow);
    }

    /// Measuring the policy line in other units (times 10^k, shifted) changes nothing but the
    /// units: the same participants, the policy and distances scaled.
    #[test]
    fn results_do_not_depend_on_units((ideals, leader, q, cost) in body(10), k in -3i32..=3, shift in -5.0f64..5.0) {
        let scale = 10f64.powi(k);
        let moved: Vec<f64> = ideals.iter().map(|x| x * scale + shift).collect();
        let a = stable_like_minded_1d(&ideals, q, leader, 1.0, cost).unwrap();
        let b = stable_like_minded_1d(&moved, q * scale + shift, leader, 1.0, cost * scale).unwrap();
        prop_assert_eq!(a.as_ref().map(|c| &c.participants), b.as_ref().map(|c| &c.participants));
        if let (Some(a), Some(b)) = (a, b) {
            prop_assert!((a.ambition * scale - b.ambition).abs() < 1e-9 * (1.0 + b.ambition));
            for (x, y) in a.distances.iter().zip(&b.distances) {
                prop_assert!((x * scale - y).abs() < 1e-9 * (1.0 + y));
            }
        }
    }
}

/// Below consensus the enumerated method is the only exact one; it still returns a coalition
/// that passes the stability conditions checked here member by member.
#[test]
fn a_majority_coalition_found_by_enumeration_is_stable_by_hand() {
    // Status quo 0; the leader at 1, members at 0.9, 0.8 and 0.1. With 2 of 3 needed, the
    // coalition {1, 0.9, 0.8} proposes min(1, 2 * 0.9) = 1; a member at 0.1 would join a
    // coalition of four needing 2 (half of four), where the policy stays 1: it would lose
    // 0.9 > 0.1, so it stays out. By hand each inside gains: 0, 0.1 <= 0.9, 0.2 <= 0.8.
    let ideals = [1.0, 0.9, 0.8, 0.1];
    let c = stable_like_minded_exhaustive(&ideals, 0.0, 0, 0.5, 0.0).unwrap().expect("stable");
    assert_eq!(c.participants, vec![0, 1, 2]);
    assert_eq!((c.internal_quota, c.policy), (2, 1.0));
    assert_eq!(c.distances[3], 0.1);
}

#[test]
fn consensus_holds_ambition_to_the_laggard() {
    // The lowest common denominator (Tsebelis 2002): members at 1, 0.8 and 0.1, status quo 0.
    // By hand, inclusive consensus reaches 2 * 0.1 = 0.2; the two ambitious members alone
    // reach min(1, 1.6) = 1, while the laggard stays at the status quo (0.1 from its ideal).
    let c = like_minded_1d(&[1.0, 0.8, 0.1], 0.0, &[0, 1], 2, 0).unwrap();
    assert_eq!((c.policy, c.consensus, c.consensus_ambition), (1.0, 0.2, 0.2));
    assert!((c.distances[1] - 0.2).abs() < 1e-12 && (c.distances[2] - 0.1).abs() < 1e-12);
    // Mirrored to the left of the status quo, the same numbers with signs reversed.
    let m = like_minded_1d(&[-1.0, -0.8, -0.1], 0.0, &[0, 1], 2, 0).unwrap();
    assert_eq!((m.policy, m.consensus), (-1.0, -0.2));
}

#[test]
fn a_large_body_below_consensus_is_refused_with_the_limit() {
    let ideals = vec![1.0; MAX_CLUB_CANDIDATES + 1];
    let err = stable_like_minded_1d(&ideals, 0.0, 0, 2.0 / 3.0, 0.0).unwrap_err().to_string();
    assert!(err.contains(&format!("at most {MAX_CLUB_CANDIDATES} members")), "{err}");
    // Under consensus the same body is exact: all 17 at 1 join (each gains 1 at no cost).
    let c = stable_like_minded_1d(&ideals, 0.0, 0, 1.0, 0.0).unwrap().expect("stable");
    assert_eq!(c.participants.len(), MAX_CLUB_CANDIDATES + 1);
}

const MEASURES: &str = r#"["shapley_shubik", "banzhaf", "penrose", "baron_ferejohn", "spatial"]"#;

fn study(variant: &str) -> Result<Study, comity::study::StudyError> {
    study_measuring(MEASURES, variant)
}

fn study_measuring(measures: &str, variant: &str) -> Result<Study, comity::study::StudyError> {
    Study::from_toml(&study_text(measures, variant), "lm.toml", Path::new("models/institutions"))
}

fn study_text(measures: &str, variant: &str) -> String {
    format!(
        r#"
[study]
id = "lm"
title = "The elected ten"
question = "What can the elected ten do among themselves?"
source = "models/institutions/unsc.toml"
date = "2026-11-30"
measures = {measures}

[institutions]
unsc = "unsc.toml"

[[groups]]
name = "elected"
tag = "elected"

[[groups]]
name = "permanent"
tag = "P5"

[baron_ferejohn]
delta = 0.9
chair = "DNK"
chair_probability = 0.5

[spatial]
ideal = "position"
status_quo = 0.0

[[variants]]
name = "coalition"
institution = "unsc"
set_group_attributes = [
  {{ group = "all", attribute = "position", value = 0.5 }},
  {{ group = "elected", attribute = "position", value = 1.0 }},
  {{ group = "permanent", attribute = "position", value = 0.1 }},
]
{variant}
"#
    )
}

#[test]
fn the_study_variant_binds_only_participants() {
    let s = study(r#"like_minded = { group = "elected", internal_quota = 6 }"#).unwrap();
    let r = s.evaluate(0).unwrap();
    // Power among the ten participants; the permanent five have none over the decision.
    let (elected, permanent) = (&r.groups[0], &r.groups[1]);
    assert!((elected.shapley_shubik.unwrap() - 1.0).abs() < 1e-12);
    assert_eq!((permanent.shapley_shubik, permanent.banzhaf), (Some(0.0), 0.0));
    // Baron-Ferejohn among the participants only.
    assert!((elected.baron_ferejohn.unwrap() - 1.0).abs() < 1e-9);
    // The chair (Denmark, elected, at 1) proposes 1: by hand min(1, 2 * 1 - 0). Inclusive
    // consensus of all 15 stops at 2 * 0.1 = 0.2, held there by the permanent members.
    let spatial = r.spatial.as_ref().expect("measured");
    assert_eq!((spatial.setter.as_str(), spatial.outcome, spatial.distance), ("DNK", 1.0, 1.0));
    let lm = r.like_minded.as_ref().expect("like-minded");
    assert_eq!((lm.inclusive_consensus, lm.outsiders, lm.internal_quota), (Some(0.2), 5, 6));
    // Outsiders stay at the status quo: 0.1 from their ideal.
    assert!((lm.distances[0] - 0.1).abs() < 1e-12 && lm.distances[5] == 0.0);
    assert!(lm.reading.contains("binds only its 10 participants"));
    // Penrose does not apply, with one line saying so.
    assert!(r.notes.iter().any(|n| n.starts_with("penrose: does not apply")));
    assert_eq!(r.member_results[0].penrose_ratio, None);
}

#[test]
fn the_gini_of_a_like_minded_variant_is_among_its_participants() {
    // Ten symmetric elected members: equal power among them, so no inequality, whatever the
    // five outsiders' zeros would add (0.33 counted over all fifteen).
    let s =
        study_measuring(r#"["shapley_shubik", "banzhaf", "gini"]"#, r#"like_minded = { group = "elected" }"#)
            .unwrap();
    let r = s.evaluate(0).unwrap();
    assert_eq!(r.gini_shapley_shubik, Some(0.0));
    assert_eq!(r.gini_banzhaf, Some(0.0));
}

#[test]
fn each_like_minded_variant_reads_with_its_own_counts() {
    // Two coalitions of different sizes: the report must not give the first one's counts for both.
    let s = study(
        "like_minded = { group = \"elected\", internal_quota = 6 }\n\n[[variants]]\nname = \"permanent\"\ninstitution = \"unsc\"\nlike_minded = { group = \"permanent\" }",
    )
    .unwrap();
    let outcome = s.run().unwrap();
    let report = comity::study::report(&s, &outcome).unwrap();
    let md = &report.files.iter().find(|(n, _)| n == "report.md").expect("a markdown report").1;
    assert!(md.contains("binds only its 10 participants (6 of them needed)"), "{md}");
    assert!(md.contains("binds only its 5 participants (5 of them needed)"), "{md}");
}

#[test]
fn stable_membership_in_a_study_is_chosen_by_the_model() {
    // Denmark leads; the elected at 1 join. With a cost of 0.01 the permanent members at 0.1
    // stay out: joining would hold the policy to 0.2, 0.1 from their ideal, plus the cost,
    // against 0.1 at the status quo. (At no cost they would be indifferent, and all 15 stable.)
    let s = study(r#"like_minded = { stable = true, cost = 0.01 }"#).unwrap();
    let lm = s.evaluate(0).unwrap().like_minded.expect("like-minded");
    assert!(lm.chosen_by_model);
    assert_eq!(lm.participants.len(), 10);
    assert!(lm.participants.iter().all(|id| id != "CHN"));
}

#[test]
fn bad_like_minded_variants_get_one_clear_line() {
    // Written variants are built when the study loads, so these are refused on loading.
    let build_err = |variant: &str| study(variant).and_then(|s| s.build(0).map(|_| ())).unwrap_err();
    // A member that does not exist.
    let e = build_err(r#"like_minded = { ids = ["DNK", "ATLANTIS"] }"#);
    assert_eq!(e.field, "like_minded.ids");
    assert!(e.message.contains("'ATLANTIS' is not a member"), "{}", e.message);
    // An internal quota above the coalition's size.
    let e = build_err(r#"like_minded = { group = "elected", internal_quota = 11 }"#);
    assert_eq!(e.field, "like_minded.internal_quota");
    assert!(e.message.contains("11 for 10 participants; expected 1 to 10"), "{}", e.message);
    // Stable membership below consensus in a body too large to enumerate: no longer refused,
    // the join-and-leave dynamics choose the participants (regression: refused with the limit).
    let big = study(
        "add_seats = [{ count = 2, id = \"NEW\", name = \"New seat\", tags = [\"elected\"] }]\nlike_minded = { stable = true, internal_share = 0.5 }",
    )
    .and_then(|s| s.build(0).map(|b| b.like_minded.expect("like-minded")));
    assert!(big.is_ok_and(|c| c.chosen_by_model && c.participants.len() >= 2));
    // A status quo that is not a number is refused with the study, naming the status quo (not
    // like_minded.internal_share, as the stable search would).
    let text = study_text(MEASURES, "like_minded = { stable = true, internal_share = 0.5 }")
        .replace("status_quo = 0.0", "status_quo = inf");
    let e = Study::from_toml(&text, "lm.toml", Path::new("models/institutions")).unwrap_err();
    assert_eq!(e.field, "spatial.status_quo", "{}", e.message);
    // Written wrong: refused on loading.
    let load_err = |variant: &str| study(variant).unwrap_err();
    let e = load_err(r#"like_minded = { group = "elected", stable = true }"#);
    assert_eq!(e.field, "variants[coalition].like_minded");
    let e = load_err(r#"like_minded = { group = "nobody" }"#);
    assert!(e.message.contains("unknown group 'nobody'"), "{}", e.message);
    let e = load_err("rule = \"substantive\"\nlike_minded = { group = \"elected\" }");
    assert_eq!(e.field, "variants[coalition].rule");
    let e = load_err(r#"like_minded = { group = "elected", colour = "green" }"#);
    assert!(e.message.contains("unknown field"), "{}", e.message);
    // Derived votes would be ignored by the club rule: refused.
    let e = load_err(
        "derive_votes = { attribute = \"votes\", quota = \"position\", votes_per_quota_unit = 1.0 }\nlike_minded = { group = \"elected\" }",
    );
    assert_eq!(e.field, "variants[coalition].derive_votes");
    let e = load_err("");
    assert!(e.message.contains("missing; expected a rule name"), "{}", e.message);
}

fn comity(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
}

#[test]
fn the_command_refuses_bad_coalitions_in_one_line() {
    let ideals = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15";
    let base =
        ["bargain", "like-minded", "models/institutions/unsc.toml", "--ideals", ideals, "--status-quo", "0"];
    let refused = |extra: &[&str], expected: &str| {
        let mut args = base.to_vec();
        args.extend(extra);
        let out = comity(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    };
    refused(&["--leader", "USA", "--participants", "USA,ATLANTIS"], "\"ATLANTIS\" is not a member id");
    refused(&["--leader", "USA", "--group", "permanent", "--internal-quota", "6"], "6 for 5 participants");
    refused(&["--leader", "DNK", "--group", "permanent"], "is not a participant");
    refused(&["--leader", "USA", "--stable", "--cost=-1"], "participation cost -1");
    refused(&["--leader", "USA"], "give the participants");
    refused(
        &["--leader", "USA", "--participants", "USA"],
        "--participants: 1 participants; expected at least 2",
    );
}

#[test]
fn the_headline_says_a_like_minded_coalitions_shares_bind_its_participants_only() {
    let s = study(r#"like_minded = { group = "elected", internal_quota = 6 }"#).unwrap();
    let outcome = s.run().unwrap();
    let headline = comity::study::headline::headline_table(&s, &outcome).replace("\n  ", " ");
    assert!(headline.contains("binds the participants only; outsiders keep the status quo"), "{headline}");
}
