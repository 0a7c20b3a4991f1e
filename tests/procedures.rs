//! Procedures in Baron-Ferejohn bargaining: deadlines (backward induction), the open rule
//! with amendments (Baron & Ferejohn 1989, Proposition 4) and co-facilitators, checked against
//! closed forms worked out by hand, the stationary solver, and bad input.

use comity::bargaining::{
    BargainingError, Recognition, baron_ferejohn, co_facilitators, deadline, open_rule,
};
use comity::game::{Game, WeightedGame};
use comity::model::Institution;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

#[test]
fn one_round_gives_each_proposer_everything_and_values_equal_recognition() {
    let council = Institution::load("models/institutions/unsc.toml").unwrap();
    let game = council.compile("substantive").unwrap().game;
    let p = Recognition::Chair { chair: 7, probability: 0.3 }.probabilities(15).unwrap();
    let one = deadline(&game, &p, 0.9, 1).unwrap();
    assert!(one.keeps.iter().all(|&k| k == 1.0));
    assert!(one.values.iter().zip(&p).all(|(v, q)| close(*v, *q, 1e-15)));
}

#[test]
fn unanimity_gives_recognition_probabilities_at_every_deadline() {
    let game = Game::from(WeightedGame::new(vec![1; 4], 4).unwrap());
    let p = [0.4, 0.3, 0.2, 0.1];
    for rounds in [1, 2, 7, 50] {
        let d = deadline(&game, &p, 0.8, rounds).unwrap();
        assert!(d.values.iter().zip(p).all(|(v, q)| close(*v, q, 1e-12)), "{rounds}: {:?}", d.values);
        // Each proposer pays delta times everyone else's value: keeps 1 - 0.8 (1 - p_i).
        if rounds > 1 {
            assert!(d.keeps.iter().zip(p).all(|(k, q)| close(*k, 1.0 - 0.8 * (1.0 - q), 1e-12)));
        }
    }
}

#[test]
fn symmetric_majority_is_stationary_from_the_second_round() {
    // n = 7, q = 4, delta = 0.8: each expects 1/7, a proposer keeps 1 - delta 3/7 = 0.6571...
    let game = Game::from(WeightedGame::new(vec![1; 7], 4).unwrap());
    let d = deadline(&game, &[1.0 / 7.0; 7], 0.8, 5).unwrap();
    assert!(d.values.iter().all(|v| close(*v, 1.0 / 7.0, 1e-12)));
    assert!(d.keeps.iter().all(|k| close(*k, 1.0 - 0.8 * 3.0 / 7.0, 1e-12)));
}

#[test]
fn a_dictators_value_follows_its_recursion_and_converges() {
    // [3; 3, 1, 1]: v_0 with k + 1 rounds left is p_0 + delta (1 - p_0) v_0 (k rounds left),
    // starting from p_0; the limit is p_0 / (1 - delta (1 - p_0)).
    let game = Game::from(WeightedGame::new(vec![3, 1, 1], 3).unwrap());
    let (p0, delta) = (0.5, 0.9);
    let d = deadline(&game, &[p0, 0.25, 0.25], delta, 60).unwrap();
    let mut v = p0;
    for (k, values) in d.by_round.iter().enumerate() {
        assert!(close(values[0], v, 1e-12), "{k} rounds left");
        v = p0 + delta * (1.0 - p0) * v;
    }
    assert!(close(d.values[0], p0 / (1.0 - delta * (1.0 - p0)), 1e-3));
}

#[test]
fn long_deadlines_converge_to_the_stationary_values() {
    let council = Institution::load("models/institutions/unsc.toml").unwrap();
    let game = council.compile("substantive").unwrap().game;
    let p = Recognition::Chair { chair: 7, probability: 0.3 }.probabilities(15).unwrap();
    let stationary = baron_ferejohn(&game, &p, 0.9).unwrap();
    let gap = |rounds| {
        let d = deadline(&game, &p, 0.9, rounds).unwrap();
        d.values.iter().zip(&stationary.values).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max)
    };
    let (short, long) = (gap(5), gap(400));
    assert!(long < 1e-6, "gap after 400 rounds: {long}");
    assert!(long < short);
    // Symmetric majority with a chair: the stationary proposer never mixes across classes.
    let game = Game::from(WeightedGame::new(vec![1; 9], 5).unwrap());
    let p = Recognition::Chair { chair: 0, probability: 0.4 }.probabilities(9).unwrap();
    let stationary = baron_ferejohn(&game, &p, 0.95).unwrap();
    let d = deadline(&game, &p, 0.95, 2000).unwrap();
    for (a, b) in d.values.iter().zip(&stationary.values) {
        assert!(close(*a, *b, 1e-6), "{:?} against {:?}", d.values, stationary.values);
    }
}

#[test]
fn a_veto_player_buys_the_cheaper_partner_as_computed_by_hand() {
    // [3; 2, 1, 1], p = (0.5, 0.3, 0.2), delta = 0.9. Two rounds: member 0 buys member 2
    // (0.9 * 0.2 = 0.18 < 0.27) and keeps 0.82; members 1 and 2 pay member 0 0.45. So
    // v = (0.41 + 0.5 * 0.45, 0.3 * 0.55, 0.2 * 0.55 + 0.5 * 0.18) = (0.635, 0.165, 0.2).
    // Three rounds: member 0 now buys member 1 (0.1485 < 0.18), others pay 0.5715:
    // v = (0.42575 + 0.28575, 0.12855 + 0.07425, 0.0857).
    let game = Game::from(WeightedGame::new(vec![2, 1, 1], 3).unwrap());
    let p = [0.5, 0.3, 0.2];
    let d = deadline(&game, &p, 0.9, 3).unwrap();
    for (got, expected) in d.by_round[1].iter().zip([0.635, 0.165, 0.2]) {
        assert!(close(*got, expected, 1e-12), "{:?}", d.by_round[1]);
    }
    for (got, expected) in d.by_round[2].iter().zip([0.7115, 0.2028, 0.0857]) {
        assert!(close(*got, expected, 1e-12), "{:?}", d.by_round[2]);
    }
    assert!(close(d.keeps[0], 0.8515, 1e-12) && close(d.keeps[1], 0.4285, 1e-12));
}

#[test]
fn finite_deadlines_alternate_where_the_stationary_proposer_mixes() {
    // The stationary equilibrium of [3; 2, 1, 1] with p = (0.5, 0.3, 0.2) has member 0 mix
    // between members 1 and 2 so that both are worth 1/13; with a deadline member 0 buys
    // whichever is cheaper one round later, and the values keep alternating instead of
    // settling (a finding, documented in the module).
    let game = Game::from(WeightedGame::new(vec![2, 1, 1], 3).unwrap());
    let p = [0.5, 0.3, 0.2];
    let stationary = baron_ferejohn(&game, &p, 0.9).unwrap();
    assert!(close(stationary.values[1], 1.0 / 13.0, 1e-8));
    let d = deadline(&game, &p, 0.9, 400).unwrap();
    let late = &d.by_round[300..];
    let spread = late.iter().map(|v| v[1]).fold(f64::NEG_INFINITY, f64::max)
        - late.iter().map(|v| v[1]).fold(f64::INFINITY, f64::min);
    assert!(spread > 1e-3, "member 1's value settles: spread {spread}");
}

#[test]
fn deadline_values_sum_to_one() {
    let game = Game::from(WeightedGame::new(vec![5, 3, 3, 2, 1, 1], 8).unwrap());
    let p = [0.3, 0.1, 0.2, 0.1, 0.2, 0.1];
    for rounds in [1, 2, 3, 10, 30] {
        let d = deadline(&game, &p, 0.7, rounds).unwrap();
        let total: f64 = d.values.iter().sum();
        assert!(close(total, 1.0, 1e-12), "{rounds}: {total}");
    }
}

#[test]
fn bad_deadline_input_is_refused() {
    let game = Game::from(WeightedGame::new(vec![1; 3], 2).unwrap());
    let zero = deadline(&game, &[1.0 / 3.0; 3], 0.9, 0).unwrap_err();
    assert!(zero.to_string().contains("0 rounds"), "{zero}");
    let sum = deadline(&game, &[0.5, 0.3, 0.1], 0.9, 3).unwrap_err();
    assert!(sum.to_string().contains("sum to 0.9"), "{sum}");
    assert!(deadline(&game, &[0.5, 0.5], 0.9, 3).is_err());
    assert!(deadline(&game, &[1.0 / 3.0; 3], 1.5, 3).is_err());
    // Cheap in work but too many values to keep (one per member and round): refused before
    // allocating, not by running out of memory.
    let long = deadline(&game, &[1.0 / 3.0; 3], 0.9, 1 << 29).unwrap_err();
    assert!(
        long.to_string().contains("stored values") && long.to_string().contains("baron-ferejohn"),
        "{long}"
    );
}

#[test]
fn open_rule_matches_the_three_member_closed_forms() {
    let threshold = 3f64.sqrt() - 1.0;
    for delta in [0.0, 0.3, 0.6, threshold - 1e-6, threshold + 1e-6, 0.8, 0.95, 1.0] {
        let eq = open_rule(3, 2, delta).unwrap();
        if delta >= threshold {
            let d = 4.0 + 2.0 * delta - delta * delta;
            assert_eq!(eq.coalition, 1, "delta {delta}");
            assert!(close(eq.offer, 2.0 * delta / d, 1e-12));
            assert!(close(eq.proposed_keep, (4.0 - delta * delta) / d, 1e-12));
            assert!(close(eq.pass_first_time, 0.5, 1e-15));
        } else {
            assert_eq!(eq.coalition, 2, "delta {delta}");
            assert!(close(eq.offer, delta / (1.0 + 2.0 * delta), 1e-12));
            assert!(close(eq.proposed_keep, 1.0 / (1.0 + 2.0 * delta), 1e-12));
        }
    }
}

#[test]
fn open_rule_coalitions_grow_as_members_grow_impatient() {
    // Baron & Ferejohn (1989): under the open rule the proposer's coalition is at least a
    // minimal majority and grows as delta falls; at delta = 0 everyone is bought at price 0.
    let mut last = usize::MAX;
    for delta in [0.0, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0] {
        let eq = open_rule(11, 6, delta).unwrap();
        assert!(eq.coalition >= 5 && eq.coalition <= 10);
        assert!(eq.coalition <= last, "delta {delta}: {} after {last}", eq.coalition);
        last = eq.coalition;
        // The expected surplus shrinks with amendments only: n v <= 1, and = 1 without them.
        assert!(eq.value * 11.0 <= 1.0 + 1e-12);
    }
    assert_eq!(open_rule(11, 6, 0.0).unwrap().coalition, 10);
    // Unanimity leaves nobody to amend: the closed rule's division.
    let unanimous = open_rule(5, 5, 0.9).unwrap();
    assert!(close(unanimous.proposed_keep, 1.0 / (1.0 + 4.0 * 0.9), 1e-12));
    assert!(close(unanimous.value, 0.2, 1e-12));
}

#[test]
fn bad_open_rule_input_is_refused() {
    assert!(matches!(open_rule(2, 2, 0.9), Err(BargainingError::Parameter { .. })));
    assert!(open_rule(9, 4, 0.9).is_err());
    assert!(open_rule(9, 10, 0.9).is_err());
    assert!(open_rule(9, 5, -0.1).is_err());
}

#[test]
fn co_facilitators_split_the_chairs_recognition_and_cost_the_chair() {
    let council = Institution::load("models/institutions/unsc.toml").unwrap();
    let game = council.compile("substantive").unwrap().game;
    let alone = Recognition::Chair { chair: 7, probability: 0.3 }.probabilities(15).unwrap();
    let shared = co_facilitators(15, [7, 8], 0.3, 0.5).unwrap();
    assert!(close(shared.iter().sum::<f64>(), 1.0, 1e-12));
    assert!(close(shared[7], 0.15, 1e-15) && close(shared[8], 0.15, 1e-15));
    let chair = baron_ferejohn(&game, &alone, 0.9).unwrap().values[7];
    let pair = baron_ferejohn(&game, &shared, 0.9).unwrap();
    assert!(pair.values[7] < chair, "sharing the pen costs the chair");
    assert!(close(pair.values[7], pair.values[8], 1e-9), "equal halves, equal values");
    // A share of 1 leaves the second co-facilitator with nothing; the rest share 0.7 / 13.
    let whole = co_facilitators(15, [7, 8], 0.3, 1.0).unwrap();
    assert!(close(whole[7], 0.3, 1e-15) && whole[8] == 0.0 && close(whole[0], 0.7 / 13.0, 1e-15));
    assert!(co_facilitators(15, [7, 15], 0.3, 0.5).is_err());
    assert!(co_facilitators(15, [7, 8], 1.3, 0.5).is_err());
}

#[test]
fn chair_probability_without_a_chair_is_refused() {
    // An option that does not apply is refused, not silently dropped for equal recognition.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comity"))
        .args(["bargain", "deadline", "models/institutions/unsc.toml", "--rule", "substantive"])
        .args(["--rounds", "3", "--chair-probability", "0.6"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("--chair-probability applies to a chair"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn an_open_rule_quota_near_the_integer_limit_is_refused_without_overflow() {
    let e = open_rule(5, usize::MAX, 0.9).unwrap_err();
    assert!(e.to_string().contains("expected a majority"), "{e}");
}
