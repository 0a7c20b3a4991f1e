//! Baron-Ferejohn bargaining: closed forms, an independent brute-force check of the
//! equilibrium conditions over all coalitions, and monotonicity in recognition.

mod support;

use comity::bargaining::{
    BargainingError, BaronFerejohn, Method, Proposal, Recognition, baron_ferejohn, baron_ferejohn_with,
};
use comity::game::{Coalition, Composite, Connective, Game, SimpleGame, VectorWeightedGame, WeightedGame};
use comity::power::{Structure, minimal_integer_representation};
use proptest::prelude::*;
use support::baron_ferejohn::check_by_brute_force;

fn weighted(weights: Vec<u64>, quota: u64) -> Game {
    Game::from(WeightedGame::new(weights, quota).unwrap())
}

#[test]
fn unanimity_gives_each_member_its_recognition_probability() {
    let p = Recognition::Proportional(vec![1.0, 2.0, 3.0, 4.0]).probabilities(4).unwrap();
    for delta in [0.0, 0.5, 0.95, 1.0] {
        let eq = baron_ferejohn(&weighted(vec![1; 4], 4), &p, delta).unwrap();
        for (v, q) in eq.values.iter().zip(&p) {
            assert!((v - q).abs() < 1e-9, "delta {delta}: {v} against {q}");
        }
    }
}

#[test]
fn majority_with_equal_recognition_gives_one_nth_and_the_closed_form_to_the_proposer() {
    for n in [3usize, 5, 7, 9, 11] {
        for delta in [0.3, 0.8, 0.99] {
            let game = weighted(vec![1; n], (n / 2 + 1) as u64);
            let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(n).unwrap(), delta).unwrap();
            assert_eq!(eq.classes.len(), 1, "equal members form one class");
            for v in &eq.values {
                assert!((v - 1.0 / n as f64).abs() < 1e-9);
            }
            let keeps = 1.0 - delta * (n - 1) as f64 / (2 * n) as f64;
            assert!((eq.classes[0].keeps - keeps).abs() < 1e-9, "n {n} delta {delta}");
            assert_eq!(
                eq.classes[0].proposals,
                vec![Proposal { probability: 1.0, partners: vec![(n - 1) / 2] }]
            );
        }
    }
}

/// A weighted game of 2 to 9 members with a quota above half the total, random recognition
/// probabilities and a discount factor.
fn bargaining_case() -> impl Strategy<Value = (Game, Vec<f64>, f64)> {
    (2usize..=9)
        .prop_flat_map(|n| {
            (prop::collection::vec(1u64..=12, n), prop::collection::vec(0.05f64..1.0, n), 0.0f64..=1.0)
        })
        .prop_flat_map(|(w, r, delta)| {
            let total: u64 = w.iter().sum();
            (Just(w), total / 2 + 1..=total, Just(r), Just(delta))
        })
        .prop_map(|(w, q, r, delta)| {
            let p = Recognition::Proportional(r).probabilities(w.len()).unwrap();
            (weighted(w, q), p, delta)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn equilibria_pass_a_brute_force_check_on_random_composite_games(game in support::composite_game(7), delta in 0.0f64..=1.0, chair in 0usize..7) {
        let n = game.n();
        prop_assume!(game.is_winning(&Coalition::grand(n)));
        let p = Recognition::Chair { chair: chair % n, probability: 0.3 }.probabilities(n).unwrap();
        let eq = baron_ferejohn(&game, &p, delta).unwrap();
        check_by_brute_force(&game, &p, &eq);
    }

    #[test]
    fn equilibria_pass_a_brute_force_check_on_random_weighted_games((game, p, delta) in bargaining_case()) {
        let eq = baron_ferejohn(&game, &p, delta).unwrap();
        check_by_brute_force(&game, &p, &eq);
    }

    #[test]
    fn of_two_interchangeable_members_the_one_recognised_more_expects_more((game, p, delta) in bargaining_case()) {
        let eq = baron_ferejohn(&game, &p, delta).unwrap();
        let Game::Weighted(w) = &game else { unreachable!() };
        for i in 0..p.len() {
            for j in 0..p.len() {
                if w.weights()[i] == w.weights()[j] && p[i] > p[j] {
                    prop_assert!(eq.values[i] >= eq.values[j] - 1e-8);
                }
            }
        }
    }
}

#[test]
fn a_chair_with_more_recognition_gains_in_a_symmetric_committee() {
    let game = weighted(vec![1; 5], 3);
    let equal = baron_ferejohn(&game, &Recognition::Equal.probabilities(5).unwrap(), 0.9).unwrap();
    let chaired = Recognition::Chair { chair: 2, probability: 0.4 }.probabilities(5).unwrap();
    let eq = baron_ferejohn(&game, &chaired, 0.9).unwrap();
    check_by_brute_force(&game, &chaired, &eq);
    // Nobody invites the dear chair; it buys two of the four others, each worth v_o, and
    // 4 v_o + v_c = 1: v_c = 0.4 (1 - 2 * 0.9 v_o) gives v_c = 0.22 / 0.82.
    assert!((eq.values[2] - 0.22 / 0.82).abs() < 1e-9, "{}", eq.values[2]);
    assert!((eq.values[0] - (1.0 - 0.22 / 0.82) / 4.0).abs() < 1e-9);
    assert!(eq.values[2] > equal.values[2]);
    assert_eq!(eq.classes.len(), 2, "the chair and the rest");
}

#[test]
fn bad_parameters_are_refused() {
    let game = weighted(vec![1; 3], 2);
    let p = Recognition::Equal.probabilities(3).unwrap();
    assert!(matches!(baron_ferejohn(&game, &p, 1.5), Err(BargainingError::Parameter { .. })));
    assert!(matches!(baron_ferejohn(&game, &[0.5, 0.5], 0.9), Err(BargainingError::Parameter { .. })));
    assert!(matches!(baron_ferejohn(&game, &[0.5, 0.5, 0.5], 0.9), Err(BargainingError::Parameter { .. })));
    assert!(Recognition::Chair { chair: 3, probability: 0.5 }.probabilities(3).is_err());
    assert!(Recognition::Chair { chair: 0, probability: 1.5 }.probabilities(3).is_err());
    assert!(Recognition::Proportional(vec![0.0, 0.0, 0.0]).probabilities(3).is_err());
    let never = Game::from(comity::game::ExplicitGame::from_fn(2, |_| false).unwrap());
    assert!(matches!(baron_ferejohn(&never, &[0.5, 0.5], 0.9), Err(BargainingError::NoAgreement)));
}

/// Found by a property test: moving recognition to a member can lower its value. Member 2
/// proposes twice as often but is invited less (the others propose less), and the second
/// effect wins. Both equilibria pass the brute-force check, and values are unique, so this is
/// the model, not the solver. (Between interchangeable members, the one recognised more never
/// expects less: the property test above.)
#[test]
fn more_recognition_can_lower_a_members_value_in_an_asymmetric_game() {
    let game = weighted(vec![3, 3, 6, 7, 12, 12, 11], 28);
    let p = [
        0.13710350583276185,
        0.13235824115363018,
        0.08791281421231278,
        0.15196332597207352,
        0.14633901353454432,
        0.2056198666349687,
        0.13870323265970877,
    ];
    let total: f64 = p.iter().sum();
    let p: Vec<f64> = p.iter().map(|x| x / total).collect();
    let extra = 0.10115622031610322;
    let raised: Vec<f64> =
        (0..7).map(|j| if j == 2 { p[2] + extra * (1.0 - p[2]) } else { p[j] * (1.0 - extra) }).collect();
    let delta = 0.8565756532840229;
    let before = baron_ferejohn(&game, &p, delta).unwrap();
    let after = baron_ferejohn(&game, &raised, delta).unwrap();
    check_by_brute_force(&game, &p, &before);
    check_by_brute_force(&game, &raised, &after);
    assert!(after.values[2] < before.values[2] - 1e-4, "{} -> {}", before.values[2], after.values[2]);
}

/// The Security Council with equal recognition p = 1/15: a permanent proposer buys the other
/// four permanent members and four elected ones; an elected proposer all five permanent
/// members and three elected ones. So, by hand:
/// `v_P = p (1 - delta (4 v_P + 4 v_E)) + delta v_P (1 - p)` (every other proposer invites it),
/// `v_E = p (1 - delta (5 v_P + 3 v_E)) + delta v_E (5 p 4/10 + 9 p 3/9)`, and
/// `5 v_P + 10 v_E = 1`.
#[test]
fn security_council_values_solve_the_hand_derived_equations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/institutions/unsc.toml");
    let game = comity::model::Institution::load(path).unwrap().compile("substantive").unwrap().game;
    let p = 1.0 / 15.0;
    let delta = 0.9;
    let eq = baron_ferejohn(&game, &[p; 15], delta).unwrap();
    let (vp, ve) = (eq.values[0], eq.values[5]);
    assert!((vp - (p * (1.0 - delta * (4.0 * vp + 4.0 * ve)) + delta * vp * (1.0 - p))).abs() < 1e-10);
    assert!((ve - (p * (1.0 - delta * (5.0 * vp + 3.0 * ve)) + delta * ve * 5.0 * p)).abs() < 1e-10);
    assert!((5.0 * vp + 10.0 * ve - 1.0).abs() < 1e-10);
    assert_eq!(eq.classes[0].proposals[0].partners, vec![4, 4]);
    assert_eq!(eq.classes[1].proposals[0].partners, vec![5, 3]);
}

/// A double majority of 2 to 9 members, EU-style: at least `k` members carrying at least
/// quota `q` of the weights, or at least `b` members (the blocking clause), with random
/// recognition and discount.
fn double_majority_case() -> impl Strategy<Value = (Game, Vec<f64>, f64)> {
    (2usize..=9)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(1u64..=40, n),
                prop::collection::vec(0.05f64..1.0, n),
                0.0f64..=1.0,
                1..=n,
                0.5f64..0.9,
                1..=n,
            )
        })
        .prop_map(|(w, r, delta, k, share, b)| {
            let n = w.len();
            let total: u64 = w.iter().sum();
            let quota = ((total as f64 * share).ceil() as u64).clamp(1, total);
            let members = WeightedGame::new(vec![1; n], k as u64).unwrap();
            let weights = WeightedGame::new(w, quota).unwrap();
            let both = Game::from(VectorWeightedGame::new(vec![members, weights]).unwrap());
            let blocking = Game::from(WeightedGame::new(vec![1; n], b.max(k) as u64).unwrap());
            let game = Game::from(Composite::new(Connective::Any, vec![both, blocking]).unwrap());
            let p = Recognition::Proportional(r).probabilities(n).unwrap();
            (game, p, delta)
        })
}

fn assert_same_values(a: &BaronFerejohn, b: &BaronFerejohn) {
    for (x, y) in a.values.iter().zip(&b.values) {
        assert!((x - y).abs() < 1e-7, "{:?} against {:?}", a.values, b.values);
    }
}

/// The knapsack method's result, or `None` where it refuses with `NotConverged` (rarely, on
/// small random bodies that [`Method::Auto`] sends to the enumeration): a refusal is not a wrong
/// answer, and any other error fails the test. Every returned result is still checked.
fn knapsack_or_refusal(game: &Game, p: &[f64], delta: f64) -> Option<BaronFerejohn> {
    match baron_ferejohn_with(game, p, delta, Method::Knapsack) {
        Err(BargainingError::NotConverged { .. }) => None,
        result => Some(result.unwrap()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_knapsack_passes_the_brute_force_check_on_random_weighted_games((game, p, delta) in bargaining_case()) {
        let Some(eq) = knapsack_or_refusal(&game, &p, delta) else { return Ok(()) };
        prop_assert_eq!(eq.method, Method::Knapsack);
        check_by_brute_force(&game, &p, &eq);
        assert_same_values(&eq, &baron_ferejohn_with(&game, &p, delta, Method::Enumeration).unwrap());
    }

    #[test]
    fn the_knapsack_passes_the_brute_force_check_on_random_double_majorities((game, p, delta) in double_majority_case()) {
        let Some(eq) = knapsack_or_refusal(&game, &p, delta) else { return Ok(()) };
        check_by_brute_force(&game, &p, &eq);
        assert_same_values(&eq, &baron_ferejohn_with(&game, &p, delta, Method::Enumeration).unwrap());
    }
}

#[test]
fn the_knapsack_agrees_with_the_enumeration_on_the_security_council_and_the_general_assembly() {
    for (file, rule, chair) in [
        ("unsc.toml", "substantive", "LVA"),
        ("unga.toml", "two_thirds", "TUV"),
        ("unga.toml", "simple_majority", "TUV"),
    ] {
        let path = format!("{}/models/institutions/{file}", env!("CARGO_MANIFEST_DIR"));
        let body = comity::model::Institution::load(path).unwrap();
        let game = body.compile(rule).unwrap().game;
        let n = body.members().len();
        let chair = body.member_index(chair).unwrap();
        for p in [
            Recognition::Equal.probabilities(n).unwrap(),
            Recognition::Chair { chair, probability: 0.2 }.probabilities(n).unwrap(),
        ] {
            for delta in [0.5, 0.9, 1.0] {
                let by_knapsack = baron_ferejohn_with(&game, &p, delta, Method::Knapsack).unwrap();
                let by_enumeration = baron_ferejohn_with(&game, &p, delta, Method::Enumeration).unwrap();
                assert_same_values(&by_knapsack, &by_enumeration);
            }
        }
    }
}

/// Snyder, Ting & Ansolabehere (2005): in a homogeneous weighted game (every minimal winning
/// coalition weighs the quota) with recognition in proportion to the minimal integer weights,
/// values are the weights' shares, when proposers can mix so that each member is invited with
/// probability `(q - w_i) / W`. By hand for [3; 2, 1, 1, 1] (W = 5): the big member buys one
/// of three minors; a minor is indifferent between the big member and the two other minors
/// (both cost 2/5 delta) and invites the big member with probability 1/3, so the big member is
/// invited with 3 (1/5) (1/3) = 1/5 = (3 - 2)/5 and each minor with
/// (2/5)(1/3) + 2 (1/5)(2/3) = 2/5 = (3 - 1)/5. The same mixing works for every delta.
#[test]
fn values_are_minimal_integer_weight_shares_in_homogeneous_games_snyder_ting_ansolabehere() {
    for (seats, quota) in [(vec![40u64, 20, 20, 20], 60), (vec![1, 1, 1], 2), (vec![4, 4, 4, 4, 4], 12)] {
        let game = weighted(seats, quota);
        let (w, q) = minimal_integer_representation(&Structure::new(&game).unwrap()).unwrap().unwrap();
        let total = w.iter().sum::<u64>() as f64;
        let p: Vec<f64> = w.iter().map(|&x| x as f64 / total).collect();
        for delta in [0.5, 0.9, 1.0] {
            for method in [Method::Enumeration, Method::Knapsack] {
                let eq = baron_ferejohn_with(&game, &p, delta, method).unwrap();
                check_by_brute_force(&game, &p, &eq);
                for (i, v) in eq.values.iter().enumerate() {
                    assert!((v - p[i]).abs() < 1e-8, "{w:?}: member {i} expects {v}, not {}", p[i]);
                    let keeps = eq.classes[eq.class_of[i]].keeps;
                    let expected = 1.0 - delta * (q - w[i]) as f64 / total;
                    assert!((keeps - expected).abs() < 1e-8, "{w:?}: member {i} keeps {keeps}");
                }
            }
        }
    }
}

/// ... and not beyond: [3; 2, 1, 1] is homogeneous with minimal weights (2, 1, 1), but its
/// big member is a veto player whose core allocation is everything, and by hand (delta = 1,
/// recognition 1/2, 1/4, 1/4) the values are not (1/2, 1/4, 1/4): a minor would need to be
/// invited with probability 1/2 but the big member, the only one who buys minors, proposes
/// half the time and invites each minor half the time (1/4).
#[test]
fn values_are_not_weight_shares_where_a_veto_player_takes_the_core() {
    let game = weighted(vec![2, 1, 1], 3);
    let p = [0.5, 0.25, 0.25];
    let eq = baron_ferejohn(&game, &p, 1.0).unwrap();
    check_by_brute_force(&game, &p, &eq);
    assert!(eq.values[0] > 0.5 + 1e-3, "{:?}", eq.values);
}

#[test]
fn the_methods_refuse_what_they_cannot_do() {
    // The knapsack needs counts and one weight: two disjoint pairs either of which wins have
    // no such form.
    let pairs = Game::from(
        Composite::new(
            Connective::Any,
            vec![
                WeightedGame::new(vec![1, 1, 0, 0], 2).unwrap().into(),
                WeightedGame::new(vec![0, 0, 1, 1], 2).unwrap().into(),
            ],
        )
        .unwrap(),
    );
    let p = Recognition::Equal.probabilities(4).unwrap();
    let err = baron_ferejohn_with(&pairs, &p, 0.9, Method::Knapsack).unwrap_err();
    assert!(err.to_string().contains("--method enumeration"), "{err}");
    assert!(baron_ferejohn_with(&pairs, &p, 0.9, Method::Enumeration).is_ok());
    // Enumeration refuses 23 distinct members.
    let game = weighted((1..=23).collect(), 139);
    let p = Recognition::Proportional((1..=23).map(f64::from).collect()).probabilities(23).unwrap();
    assert!(matches!(
        baron_ferejohn_with(&game, &p, 0.9, Method::Enumeration),
        Err(BargainingError::TooManyClasses { classes: 23, .. })
    ));
}

/// The knapsack proptest once failed with `NotConverged { tau: 4e-9 }` on this five-member
/// game: the method must return a result that passes the brute-force check.
#[test]
fn the_knapsack_converges_on_the_five_member_game_where_its_homotopy_stalled_at_4e_9() {
    let game = weighted(vec![8, 7, 12, 1, 5], 20);
    let p = [
        0.20003636178224554,
        0.030911448543193144,
        0.320168812639737,
        0.4138532056212585,
        0.035030171413565764,
    ];
    let delta = 0.9096144496613721;
    let eq = baron_ferejohn_with(&game, &p, delta, Method::Knapsack).unwrap();
    check_by_brute_force(&game, &p, &eq);
    assert_same_values(&eq, &baron_ferejohn_with(&game, &p, delta, Method::Enumeration).unwrap());
}

/// A 4-member three-of-four majority (a double majority whose unanimity clause adds nothing)
/// with delta near 1, where the knapsack homotopy's first Newton solve (at temperature 0.1)
/// fails, found by the double-majority proptest at 20,000 cases: the knapsack either returns
/// a result that passes the brute-force check or refuses with `NotConverged`, and
/// `Method::Auto` sends a body this small to the enumeration, which solves it.
#[test]
fn the_knapsack_refuses_or_is_right_on_the_four_member_majority_where_its_first_newton_solve_failed() {
    let unanimity = WeightedGame::new(vec![1; 4], 4).unwrap();
    let anyone = WeightedGame::new(vec![1; 4], 1).unwrap();
    let both = Game::from(VectorWeightedGame::new(vec![anyone, unanimity]).unwrap());
    let three = Game::from(WeightedGame::new(vec![1; 4], 3).unwrap());
    let game = Game::from(Composite::new(Connective::Any, vec![both, three]).unwrap());
    let p = [0.22318811151242138, 0.21343723140810686, 0.21948432514148578, 0.343890331937986];
    let delta = 0.9997602551393288;
    let by_enumeration = baron_ferejohn_with(&game, &p, delta, Method::Enumeration).unwrap();
    check_by_brute_force(&game, &p, &by_enumeration);
    let auto = baron_ferejohn_with(&game, &p, delta, Method::Auto).unwrap();
    assert_eq!(auto.method, Method::Enumeration);
    if let Some(eq) = knapsack_or_refusal(&game, &p, delta) {
        check_by_brute_force(&game, &p, &eq);
        assert_same_values(&eq, &by_enumeration);
    }
}
