//! Every exact backend equals brute-force enumeration on random small games, and the
//! floating-point Shapley-Shubik path agrees with the exact one to 1e-12 relative.

mod support;

use comity::game::{Game, SimpleGame, SizeWeightGame};
use comity::power::{
    PowerOptions, brute_force, count_by_size_and_weight, count_by_weight, count_meet_in_the_middle,
    power_indices, shapley_shubik_quadrature, to_f64,
};
use proptest::prelude::*;
use support::{composite_game, size_weight_game, weighted_game};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn table_by_size_and_weight_equals_brute_force(game in size_weight_game(14, 12)) {
        prop_assert_eq!(count_by_size_and_weight(&game, false), brute_force(&game).unwrap());
    }

    #[test]
    fn meet_in_the_middle_equals_brute_force(game in size_weight_game(14, 1_000_000)) {
        prop_assert_eq!(count_meet_in_the_middle(&game).unwrap(), brute_force(&game).unwrap());
    }

    #[test]
    fn counting_by_weight_equals_brute_force(game in weighted_game(14, 30)) {
        let fast = count_by_weight(&game);
        let truth = brute_force(&game).unwrap();
        prop_assert_eq!(fast.winning(), truth.winning());
        prop_assert_eq!(fast.swings(), truth.swings());
    }

    #[test]
    fn quadrature_agrees_with_exact_shapley_shubik(game in weighted_game(14, 40)) {
        let exact = brute_force(&game).unwrap().shapley_shubik().unwrap();
        let float = shapley_shubik_quadrature(&game);
        for (x, e) in float.iter().zip(&exact) {
            let e = to_f64(e);
            prop_assert!((x - e).abs() <= 1e-12 * e.abs() + 1e-15, "{} vs {}", x, e);
        }
    }

    #[test]
    fn dispatch_equals_brute_force_on_composite_rules(game in composite_game(12)) {
        let power = power_indices(&game, &PowerOptions::new().with_exact(true)).unwrap();
        let truth = brute_force(&game).unwrap();
        prop_assert_eq!(power.tally().winning(), truth.winning());
        prop_assert_eq!(power.tally().swings(), truth.swings());
        prop_assert_eq!(power.shapley_shubik_exact().unwrap(), &truth.shapley_shubik().unwrap()[..]);
    }

    #[test]
    fn size_weight_form_is_the_same_game(game in composite_game(10)) {
        if let Some(form) = game.size_weight_form() {
            for mask in 0..1u64 << game.n() {
                let c = comity::game::Coalition::from_mask(mask);
                prop_assert_eq!(form.is_winning(&c), game.is_winning(&c));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Beyond brute force: 30 to 34 players, so counts pass 2^31 and the table recombines
    /// several primes, chosen by the bound on the counts (fewer than `n` bits need), against
    /// meet in the middle, which counts in big integers.
    #[test]
    fn table_with_bounded_primes_equals_meet_in_the_middle(
        weights in prop::collection::vec(1u64..=40, 30..=34),
        share in 0.05f64..0.95,
    ) {
        let total: u64 = weights.iter().sum();
        let quota = ((total as f64 * share) as u64).clamp(1, total);
        let game = SizeWeightGame::from_weighted(&comity::game::WeightedGame::new(weights, quota).unwrap());
        prop_assert_eq!(count_by_size_and_weight(&game, false), count_meet_in_the_middle(&game).unwrap());
    }
}

#[test]
fn the_floating_point_path_is_used_and_checked_on_a_large_weighted_game() {
    // 60 players with weights up to 60 000: the table by size and weight is over budget, so
    // the dispatcher takes the quadrature path; its Banzhaf counts stay exact.
    let weights: Vec<u64> = (0..60u64).map(|i| 1 + (i * 7919 % 60_000)).collect();
    let total: u64 = weights.iter().sum();
    let game = comity::game::WeightedGame::new(weights, total / 2 + 1).unwrap();
    let power = power_indices(&Game::from(game.clone()), &PowerOptions::default()).unwrap();
    assert!(power.method().contains("Gauss-Legendre"), "{}", power.method());
    let ss = power.shapley_shubik().unwrap();
    assert!((ss.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let sw = SizeWeightGame::from_weighted(&game);
    let exact = count_by_size_and_weight(&sw, true).shapley_shubik().unwrap();
    for (x, e) in ss.iter().zip(&exact) {
        let e = to_f64(e);
        assert!((x - e).abs() <= 1e-12 * e, "{x} vs {e}");
    }
}

/// The exact table on the IMF Board at 85% (190 members, 5,039,930 votes; counted on the dual
/// game, quota 755,990) against the Gauss-Legendre quadrature: every member to 1e-12 relative,
/// and the exact fractions sum to one.
#[test]
fn the_exact_imf_shapley_shubik_agrees_with_the_quadrature() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/institutions/imf.toml");
    let game = comity::model::Institution::load(path).unwrap().compile("special_85").unwrap().game;
    let options = PowerOptions::new().with_exact(true);
    let power = power_indices(&game, &options).unwrap();
    assert!(power.method().contains("size and weight"), "{}", power.method());
    let exact = power.shapley_shubik_exact().expect("exact fractions were asked for");
    assert_eq!(
        exact.iter().sum::<num_rational::BigRational>(),
        num_rational::BigRational::from_integer(1.into())
    );
    let Game::Weighted(weighted) = &game else { panic!("the IMF's 85% rule is a weighted game") };
    let quadrature = shapley_shubik_quadrature(weighted);
    for (i, (e, x)) in exact.iter().zip(&quadrature).enumerate() {
        let e = to_f64(e);
        assert!((x - e).abs() <= 1e-12 * e, "member {i}: quadrature {x}, exact {e}");
    }
}
