//! Tournaments, the Moran process and replicator dynamics: hand-computed values, the neutral
//! fixation probability, simulation against the exact formula, reproducibility across
//! thread counts.

use comity::repeated::*;
use proptest::prelude::*;

fn pd() -> StagePayoffs {
    StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap()
}

#[test]
fn simulated_matches_converge_to_exact_long_run_payoffs() {
    let cases = [
        (MemoryOne::wsls(), MemoryOne::gtft(&pd()), 0.05),
        (MemoryOne::tft(), MemoryOne::random(0.3).unwrap(), 0.01),
        (
            MemoryOne::extortioner(3.0, &pd()).unwrap(),
            MemoryOne::new([0.9, 0.2, 0.7, 0.4], 1.0).unwrap(),
            0.1,
        ),
    ];
    for (k, (x, y, e)) in cases.iter().enumerate() {
        let (ex, ey) = long_run_payoffs(x, y, &pd(), *e).unwrap();
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for unit in 0..40 {
            let (a, b) = play_match(x, y, &pd(), *e, 20_000, &mut comity::rng::stream(k as u64, unit));
            xs.push(a);
            ys.push(b);
        }
        for (samples, exact) in [(xs, ex), (ys, ey)] {
            let est = comity::estimate::Estimate::from_samples(&samples, 0.999).unwrap();
            // The first round's transient biases each match by at most (T - S) / 20,000.
            assert!(
                (est.mean - exact).abs() <= est.half_width + 5.0 / 20_000.0,
                "case {k}: {est:?} vs {exact}"
            );
        }
    }
}

#[test]
fn tournament_without_noise_gives_the_hand_computed_payoffs() {
    let players = [MemoryOne::allc(), MemoryOne::alld(), MemoryOne::tft(), MemoryOne::grim()];
    let options = TournamentOptions::new(10, 3, 0.0, 9);
    let t = tournament(&players, &pd(), &options).unwrap();
    let expected = [
        [3.0, 0.0, 3.0, 3.0],
        [5.0, 1.0, 1.4, 1.4], // (5 + 9) / 10 against TFT and GRIM
        [3.0, 0.9, 3.0, 3.0],
        [3.0, 0.9, 3.0, 3.0],
    ];
    for (i, row) in expected.iter().enumerate() {
        for (j, value) in row.iter().enumerate() {
            assert!((t.payoffs[i][j] - value).abs() < 1e-12, "{i} vs {j}: {}", t.payoffs[i][j]);
        }
        let score = row.iter().sum::<f64>() / 4.0;
        assert!((t.scores[i].mean - score).abs() < 1e-12);
        // Deterministic play: every repetition is the same, so the interval is a point.
        assert!(t.scores[i].half_width.abs() < 1e-12);
    }
    // TFT and GRIM 2.475 (tied, by index), ALLC 2.25, ALLD 2.2.
    assert_eq!(t.ranking, vec![2, 3, 0, 1]);
}

#[test]
fn tournaments_are_the_same_on_one_thread_and_many() {
    let players: Vec<MemoryOne> =
        ["allc", "alld", "tft", "wsls", "gtft", "extort:2", "random:0.5", "0.9/0.1/0.8/0.3"]
            .iter()
            .map(|s| MemoryOne::parse(s, &pd()).unwrap())
            .collect();
    let options = TournamentOptions::new(200, 5, 0.05, 42);
    let parallel = tournament(&players, &pd(), &options).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let serial = pool.install(|| tournament(&players, &pd(), &options).unwrap());
    assert_eq!(parallel, serial);
    let other_seed = tournament(
        &players,
        &pd(),
        &TournamentOptions::new(options.rounds, options.repetitions, options.noise, 43),
    )
    .unwrap();
    assert_ne!(parallel.payoffs, other_seed.payoffs);
}

#[test]
fn moran_fixation_with_constant_fitness_is_the_classical_formula() {
    // a_AA = a_AB = r, a_BA = a_BB = 1 and w = 1: constant relative fitness r, for which
    // rho = (1 - 1/r) / (1 - 1/r^N) (Nowak 2006, equation 6.7).
    for (r, n) in [(1.1f64, 10usize), (2.0, 5), (0.8, 20), (1.5, 100)] {
        let a = [[r, r], [1.0, 1.0]];
        let expected = (1.0 - 1.0 / r) / (1.0 - (1.0 / r).powi(n as i32));
        let rho = moran_fixation(&a, n, 1.0).unwrap();
        assert!((rho - expected).abs() < 1e-13 * expected.max(1e-300), "r {r} N {n}: {rho} vs {expected}");
    }
    // Two individuals, by hand: rho = f_A(1) / (f_A(1) + f_B(1)) with f_A(1) = 1 - w + w a_AB
    // and f_B(1) = 1 - w + w a_BA.
    let a = [[3.0, 0.0], [5.0, 1.0]];
    let (fa, fb) = (0.5 + 0.5 * 0.0, 0.5 + 0.5 * 5.0);
    assert!((moran_fixation(&a, 2, 0.5).unwrap() - fa / (fa + fb)).abs() < 1e-15);
    // Strong selection in a large population: no overflow or NaN. Against the mutant the
    // probability (about 4.6^-999) is below the smallest double; for it, 1 - 1/4.6.
    let against = moran_fixation(&[[1.0, 1.0], [5.0, 5.0]], 1000, 0.9).unwrap();
    assert!((0.0..1e-300).contains(&against), "{against}");
    let favour = moran_fixation(&[[5.0, 5.0], [1.0, 1.0]], 1000, 0.9).unwrap();
    assert!((favour - (1.0 - 1.0 / 4.6)).abs() < 1e-12, "{favour}");
}

#[test]
fn moran_simulation_agrees_with_the_exact_probability() {
    let pair = [MemoryOne::tft(), MemoryOne::alld()];
    let m = payoff_matrix(&pair, &pd(), 0.01).unwrap();
    let a = [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
    for (n, w) in [(10, 0.5), (6, 0.9), (20, 0.05)] {
        let exact = moran_fixation(&a, n, w).unwrap();
        let simulated = moran_simulated(&a, n, w, 40_000, 3).unwrap();
        // 99.9% interval from the run's own variance; widened slightly for the check.
        let z = 3.29 / 1.96;
        assert!(
            (simulated.mean - exact).abs() <= z * simulated.half_width,
            "N {n} w {w}: {simulated:?} vs {exact}"
        );
    }
}

#[test]
fn bad_evolution_parameters_are_refused() {
    let a = [[3.0, 0.0], [5.0, 1.0]];
    assert!(moran_fixation(&a, 1, 0.1).is_err());
    assert!(moran_fixation(&a, 10, 1.5).is_err());
    // Negative payoffs with full selection give negative fitness.
    assert!(moran_fixation(&[[-1.0, -1.0], [1.0, 1.0]], 10, 1.0).is_err());
    let m = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
    assert!(replicator(&m, &[0.5, 0.6], 1.0, 10).is_err());
    assert!(replicator(&m, &[0.5, 0.5], 0.0, 10).is_err());
    assert!(replicator(&[vec![1.0, 2.0]], &[1.0], 1.0, 10).is_err());
    let players = [MemoryOne::tft()];
    assert!(tournament(&players, &pd(), &TournamentOptions::new(0, 1, 0.0, 1)).is_err());
    assert!(tournament(&players, &pd(), &TournamentOptions::new(5, 1, 2.0, 1)).is_err());
    for bad in ["tit", "extort", "extort:0.5", "random:1.5", "1/0/1", "1/0/x/0", "1/0/1/0/2"] {
        assert!(MemoryOne::parse(bad, &pd()).is_err(), "{bad}");
    }
}

#[test]
fn replicator_dynamics_reach_the_known_rest_points() {
    // Prisoner's dilemma between ALLC and ALLD: defection takes over.
    let m = payoff_matrix(&[MemoryOne::allc(), MemoryOne::alld()], &pd(), 0.0).unwrap();
    let end = replicator(&m, &[0.99, 0.01], 50.0, 5000).unwrap().pop().unwrap();
    assert!(end[1] > 1.0 - 1e-6, "{end:?}");
    // Hawk-dove with A = [[0, 3], [1, 2]]: the mixed rest point 1/2 attracts the interior.
    let hd = vec![vec![0.0, 3.0], vec![1.0, 2.0]];
    let end = replicator(&hd, &[0.9, 0.1], 60.0, 6000).unwrap().pop().unwrap();
    assert!((end[0] - 0.5).abs() < 1e-9, "{end:?}");
    // Zero-sum rock-paper-scissors: x1 x2 x3 is a constant of motion (Hofbauer & Sigmund
    // 1998, section 7.7); fourth-order Runge-Kutta keeps it to high accuracy.
    let rps = vec![vec![0.0, -1.0, 1.0], vec![1.0, 0.0, -1.0], vec![-1.0, 1.0, 0.0]];
    let path = replicator(&rps, &[0.5, 0.3, 0.2], 20.0, 20_000).unwrap();
    let product = |x: &Vec<f64>| x[0] * x[1] * x[2];
    for x in &path {
        assert!((product(x) - 0.03).abs() < 1e-9, "{x:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn neutral_fixation_is_one_over_n(n in 2usize..300, a in prop::array::uniform4(-5.0f64..5.0)) {
        let a = [[a[0], a[1]], [a[2], a[3]]];
        let rho = moran_fixation(&a, n, 0.0).unwrap();
        prop_assert!((rho - 1.0 / n as f64).abs() < 1e-12 / n as f64);
    }

    #[test]
    fn fixation_probabilities_are_probabilities_and_favour_the_fitter(n in 2usize..60, w in 0.0f64..1.0, gain in 0.01f64..2.0) {
        // A strictly dominates B: rho_A above 1/N (for w > 0).
        let a = [[1.0 + gain, 1.0 + gain], [1.0, 1.0]];
        let rho = moran_fixation(&a, n, w).unwrap();
        prop_assert!((0.0..=1.0).contains(&rho));
        prop_assert!(rho >= 1.0 / n as f64 - 1e-12);
    }

    #[test]
    fn replicator_shares_stay_on_the_simplex(entries in prop::collection::vec(-3.0f64..3.0, 9), raw in prop::array::uniform3(0.01f64..1.0)) {
        let m: Vec<Vec<f64>> = entries.chunks(3).map(|r| r.to_vec()).collect();
        let total: f64 = raw.iter().sum();
        let start: Vec<f64> = raw.iter().map(|x| x / total).collect();
        for x in replicator(&m, &start, 10.0, 1000).unwrap() {
            prop_assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            prop_assert!(x.iter().all(|s| *s >= 0.0));
        }
    }
}

#[test]
fn moran_with_match_payoffs_follows_the_closed_form() {
    // Tit-for-tat (mutant A) among defectors (B), 200-turn matches, the Axelrod library's
    // fitness (w = 1). By hand: a_AA = 3, a_AB = 199/200, a_BA = 204/200, a_BB = 1; with
    // N = 3, f_A(1) = a_AB, f_B(1) = (a_BA + a_BB)/2, f_A(2) = (a_AA + a_AB)/2, f_B(2) = a_BA,
    // and rho = 1 / (1 + f_B(1)/f_A(1) + f_B(1) f_B(2) / (f_A(1) f_A(2))).
    let pair =
        [classic_strategy("tit-for-tat", &pd()).unwrap(), classic_strategy("defector", &pd()).unwrap()];
    let a = automaton_payoff_matrix(&pair, &pd(), 0.0, Scoring::Match { turns: 200 }).unwrap();
    assert_eq!(a, [[3.0, 0.995], [1.02, 1.0]]);
    let (fa1, fb1, fa2, fb2) = (0.995, (1.02 + 1.0) / 2.0, (3.0 + 0.995) / 2.0, 1.02);
    let by_hand = 1.0 / (1.0 + fb1 / fa1 + fb1 * fb2 / (fa1 * fa2));
    let rho = moran_fixation(&[[a[0][0], a[0][1]], [a[1][0], a[1][1]]], 3, 1.0).unwrap();
    assert!((rho - by_hand).abs() < 1e-15, "{rho} against {by_hand}");
    // In the long run the same pair is (3, 1; 1, 1): the first round no longer counts.
    let long = automaton_payoff_matrix(&pair, &pd(), 0.0, Scoring::LongRun).unwrap();
    assert_eq!(long, [[3.0, 1.0], [1.0, 1.0]]);
}

#[test]
fn moran_with_match_payoffs_is_neutral_at_one_over_n() {
    // No selection (w = 0), or two names of the same strategy at any w: 1/N.
    let same = [
        classic_strategy("tit-for-tat", &pd()).unwrap(),
        Automaton::from_memory_one("1/0/1/0", &MemoryOne::tft()),
    ];
    let other = [classic_strategy("grudger", &pd()).unwrap(), classic_strategy("joss", &pd()).unwrap()];
    for n in [2usize, 7, 100] {
        for (pair, w) in [(&same, 1.0), (&same, 0.3), (&other, 0.0)] {
            let a = automaton_payoff_matrix(pair, &pd(), 0.02, Scoring::Match { turns: 200 }).unwrap();
            let rho = moran_fixation(&[[a[0][0], a[0][1]], [a[1][0], a[1][1]]], n, w).unwrap();
            assert!((rho - 1.0 / n as f64).abs() < 1e-12, "N = {n}, w = {w}: {rho}");
        }
    }
}

/// Issue 18's bad input for the Moran process on automata: a horizon of zero and noise outside
/// [0, 1] are refused in one line, under either payoff convention.
#[test]
fn moran_payoffs_refuse_a_horizon_of_zero_and_noise_outside_the_unit_interval() {
    let pair = [classic_strategy("tit-for-tat", &pd()).unwrap(), classic_strategy("grudger", &pd()).unwrap()];
    let zero = automaton_payoff_matrix(&pair, &pd(), 0.01, Scoring::Match { turns: 0 }).unwrap_err();
    assert_eq!(zero.to_string(), "turns: 0; expected at least 1");
    for e in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
        for scoring in [Scoring::Match { turns: 200 }, Scoring::LongRun] {
            let err = automaton_payoff_matrix(&pair, &pd(), e, scoring).unwrap_err().to_string();
            assert!(err.contains("expected a probability in [0, 1]") && !err.contains('\n'), "{e}: {err}");
        }
    }
    // The selection intensity is a probability-like weight in [0, 1] too.
    let a = automaton_payoff_matrix(&pair, &pd(), 0.01, Scoring::Match { turns: 200 }).unwrap();
    let a = [[a[0][0], a[0][1]], [a[1][0], a[1][1]]];
    for w in [-0.5, 1.5, f64::NAN] {
        assert!(moran_fixation(&a, 10, w).is_err(), "w = {w}");
    }
}

#[test]
fn a_tournament_whose_round_count_overflows_is_refused_not_wrapped() {
    // 3 matches x (2^64 - 1) repetitions x (2^64 - 1) rounds is more than 2^128.
    let options = TournamentOptions::new(u64::MAX as _, u64::MAX as _, 0.0, 1);
    let error = tournament(&[MemoryOne::allc(), MemoryOne::alld()], &pd(), &options).unwrap_err();
    assert!(error.to_string().contains("more than 2^128"), "{error}");
}
