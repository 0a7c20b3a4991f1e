//! Monte Carlo power indices: Wilson intervals cover the exact values at the stated rate,
//! Hoeffding's sample size keeps its promise, and results do not depend on threads.

mod support;

use comity::game::{Game, WeightedGame};
use comity::power::{MonteCarloOptions, PowerOptions, monte_carlo, power_indices};
use proptest::prelude::*;

/// Share of (seed, member, index) intervals that contain the exact index, over `seeds` runs of
/// `samples` samples each.
fn coverage(game: &Game, seeds: u64, samples: u64, confidence: f64) -> f64 {
    let exact = power_indices(game, &PowerOptions::default()).unwrap();
    let (ss, bz) = (exact.shapley_shubik().unwrap(), exact.banzhaf_absolute());
    let mut hits = 0usize;
    let mut total = 0usize;
    for seed in 0..seeds {
        let est = monte_carlo(game, &MonteCarloOptions::new(samples, seed, confidence), None).unwrap();
        for (intervals, exact) in [(&est.shapley_shubik, &ss), (&est.banzhaf_absolute, &bz)] {
            for (i, x) in intervals.iter().zip(exact) {
                // A tolerance for the exact value's own rounding.
                hits += usize::from(i.low - 1e-12 <= *x && *x <= i.high + 1e-12);
                total += 1;
            }
        }
    }
    hits as f64 / total as f64
}

#[test]
fn intervals_cover_at_the_stated_rate_on_known_games() {
    let unsc = {
        // Veto of 5 and 9 of 15 as a weighted game: [39; 7 x 5, 1 x 10].
        let mut w = vec![7; 5];
        w.extend(vec![1; 10]);
        Game::from(WeightedGame::new(w, 39).unwrap())
    };
    let small = Game::from(WeightedGame::new(vec![4, 3, 2, 1, 1], 6).unwrap());
    for (name, game) in [("unsc", unsc), ("small", small)] {
        for confidence in [0.9, 0.95] {
            let rate = coverage(&game, 200, 4000, confidence);
            // Wilson coverage is close to nominal; 200 seeds leave a few points of sampling
            // noise on the rate itself.
            assert!(rate >= confidence - 0.04, "{name} at {confidence}: coverage {rate}");
        }
    }
}

#[test]
fn hoeffding_sample_size_keeps_its_promise() {
    let options = MonteCarloOptions::for_tolerance(0.01, 0.95, 0).unwrap();
    // ceil(ln(2 / 0.05) / (2 * 0.01^2)) = ceil(18444.4).
    assert_eq!(options.samples, 18_445);
    let game = Game::from(WeightedGame::new(vec![5, 4, 3, 2, 1, 1, 1], 10).unwrap());
    let exact = power_indices(&game, &PowerOptions::default()).unwrap().shapley_shubik().unwrap();
    let options = MonteCarloOptions::for_tolerance(0.02, 0.9, 0).unwrap();
    let mut within = 0;
    for seed in 0..100 {
        let est =
            monte_carlo(&game, &MonteCarloOptions::new(options.samples, seed, options.confidence), None)
                .unwrap();
        within +=
            est.shapley_shubik.iter().zip(&exact).filter(|(e, x)| (e.estimate - **x).abs() <= 0.02).count();
    }
    assert!(within as f64 >= 0.9 * 100.0 * exact.len() as f64, "{within}");
    assert!(MonteCarloOptions::for_tolerance(0.0, 0.95, 0).is_err());
    assert!(MonteCarloOptions::for_tolerance(0.01, 1.0, 0).is_err());
}

#[test]
fn results_are_the_same_on_one_thread_and_many() {
    let mut w: Vec<u64> = (1..=60).map(|i| (i * 37 % 101) as u64).collect();
    w[0] = 500;
    let total: u64 = w.iter().sum();
    let game = Game::from(WeightedGame::new(w, total * 2 / 3).unwrap());
    let options = MonteCarloOptions::new(100_000, 7, 0.95);
    let parallel = monte_carlo(&game, &options, None).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let serial = pool.install(|| monte_carlo(&game, &options, None).unwrap());
    assert_eq!(parallel, serial);
    let sum: f64 = parallel.shapley_shubik.iter().map(|i| i.estimate).sum();
    assert!((sum - 1.0).abs() < 1e-12, "exactly one pivot per ordering: {sum}");
    assert!(monte_carlo(&game, &MonteCarloOptions::new(0, options.seed, options.confidence), None).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn intervals_cover_random_composite_rules(game in support::composite_game(9)) {
        // Composite rules go through the general winning test, size-and-weight ones through
        // the incremental path; both must cover.
        let rate = coverage(&game, 60, 3000, 0.95);
        prop_assert!(rate >= 0.9, "coverage {}", rate);
    }
}
