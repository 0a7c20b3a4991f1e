//! Cancellation: a cancelled computation stops early with an "interrupted" error. Every
//! cancellable entry point: a token cancelled before the call stops it at once; one cancelled
//! from another thread stops a call that would run for seconds within [`STOP_WITHIN`] (the
//! Baron-Ferejohn solvers within [`BF_STOP_WITHIN`]); an uncancelled token gives the plain
//! call's answer.

use comity::cancel::{CancelToken, Interrupted};
use comity::game::{SimpleGame, WeightedGame};
use comity::power::{
    MONTE_CARLO_MAX_SAMPLES, MonteCarloOptions, PowerError, monte_carlo, monte_carlo_cancellable,
};
use std::sync::atomic::{AtomicU64, Ordering};

fn sixty_members() -> WeightedGame {
    WeightedGame::new((1..=60).collect(), 916).unwrap()
}

#[test]
fn a_monte_carlo_estimate_cancelled_midway_stops_within_a_few_blocks() {
    // The largest estimate allowed (ten billion samples of each kind, hours of work): cancelled
    // from its own progress report after the first block, it must stop long before the end.
    let game = sixty_members();
    let options = MonteCarloOptions::new(MONTE_CARLO_MAX_SAMPLES, 1, 0.95);
    let cancel = CancelToken::new();
    let (drawn, reports) = (AtomicU64::new(0), AtomicU64::new(0));
    let progress = |done: u64| {
        drawn.fetch_max(done, Ordering::Relaxed);
        reports.fetch_add(1, Ordering::Relaxed);
        cancel.cancel();
    };
    let result = monte_carlo_cancellable(&game, &options, Some(&progress), &cancel);
    assert_eq!(result.unwrap_err(), PowerError::Interrupted(Interrupted));
    // Blocks already under way when the token was cancelled finish; no other starts. Each block
    // holds 2^14 samples, so a thousand blocks is far more than any machine's threads.
    let blocks = reports.load(Ordering::Relaxed);
    assert!((1..1_000).contains(&blocks), "{blocks} blocks ran after cancellation");
    assert!(drawn.load(Ordering::Relaxed) < MONTE_CARLO_MAX_SAMPLES / 1_000);
}

#[test]
fn a_token_cancelled_before_the_start_stops_at_once_and_the_message_says_interrupted() {
    let cancel = CancelToken::new();
    cancel.cancel();
    let options = MonteCarloOptions::new(MONTE_CARLO_MAX_SAMPLES, 1, 0.95);
    let reports = AtomicU64::new(0);
    let progress = |_: u64| {
        reports.fetch_add(1, Ordering::Relaxed);
    };
    let err = monte_carlo_cancellable(&sixty_members(), &options, Some(&progress), &cancel).unwrap_err();
    assert_eq!(reports.load(Ordering::Relaxed), 0);
    assert_eq!(err.to_string(), "interrupted: the computation was cancelled before it finished");
}

#[test]
fn an_uncancelled_token_changes_nothing() {
    // Same seed, same estimate: the token only adds checkpoints.
    let game = sixty_members();
    let options = MonteCarloOptions::new(50_000, 9, 0.95);
    let plain = monte_carlo(&game, &options, None).unwrap();
    let with_token = monte_carlo_cancellable(&game, &options, None, &CancelToken::new()).unwrap();
    assert_eq!(plain, with_token);
}

#[test]
fn a_tournament_cancelled_after_its_first_repetition_stops_long_before_the_end() {
    // 20 strategies, 210 matches of 100,000 rounds, 400 repetitions: 8.4e9 rounds, hours of
    // play. Cancelled from the first repetition's progress report, it must return Interrupted
    // after the repetitions under way (each of which stops at its next match).
    use comity::repeated::{
        MemoryOne, RepeatedError, StagePayoffs, TournamentOptions, tournament_cancellable,
    };
    let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    let players: Vec<MemoryOne> =
        (0..20).map(|k| MemoryOne::new([0.9, 0.1, 0.05 * k as f64, 0.2], 0.5).unwrap()).collect();
    let options = TournamentOptions::new(100_000, 400, 0.01, 1);
    let cancel = CancelToken::new();
    let reports = AtomicU64::new(0);
    let progress = |_: usize| {
        reports.fetch_add(1, Ordering::Relaxed);
        cancel.cancel();
    };
    let err = tournament_cancellable(&players, &pd, &options, Some(&progress), &cancel).unwrap_err();
    assert_eq!(err, RepeatedError::Interrupted(Interrupted));
    let reports = reports.load(Ordering::Relaxed);
    assert!((1..400).contains(&reports), "{reports} repetitions reported after cancellation");
}

#[test]
fn an_exact_tournament_cancelled_from_another_thread_stops() {
    // 40 classic strategies in 2,000,000-turn matches: 820 matches, seconds of work at least;
    // cancelled from another thread a moment after the start, it must return Interrupted.
    use comity::repeated::{
        RepeatedError, StagePayoffs, classic_strategy, exact_tournament, exact_tournament_cancellable,
    };
    let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    let names = ["tit-for-tat", "grudger", "win-stay-lose-shift", "defector", "cooperator"];
    let players: Vec<_> = (0..40).map(|k| classic_strategy(names[k % names.len()], &pd).unwrap()).collect();
    let cancel = CancelToken::new();
    let remote = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        remote.cancel();
    });
    let turns = 2_000_000;
    let result = exact_tournament_cancellable(&players, &pd, 0.01, turns, &cancel);
    canceller.join().unwrap();
    assert_eq!(result.unwrap_err(), RepeatedError::Interrupted(Interrupted));
    // The same tournament uncancelled is refused or computed, never interrupted.
    let small = exact_tournament(&players[..5], &pd, 0.01, 200).unwrap();
    assert_eq!(small.ranking.len(), 5);
}

/// How long a cancelled computation may run on after the cancel: far above any checkpoint's
/// spacing (milliseconds) even on a loaded machine, far below the work the tests give (seconds
/// to hours), so that a missing checkpoint fails.
const STOP_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs `work` with a token that another thread cancels a moment after the start, and checks
/// that the work returned within [`STOP_WITHIN`] of the cancel.
fn cancelled_midway<T>(work: impl FnOnce(&CancelToken) -> T) -> T {
    let cancel = CancelToken::new();
    let remote = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        remote.cancel();
        std::time::Instant::now()
    });
    let result = work(&cancel);
    let returned = std::time::Instant::now();
    let cancelled_at = canceller.join().unwrap();
    let late = returned.saturating_duration_since(cancelled_at);
    assert!(late < STOP_WITHIN, "the work ran on {late:?} after the cancel");
    result
}

fn cancelled() -> CancelToken {
    let token = CancelToken::new();
    token.cancel();
    token
}

fn imf(rule: &str) -> comity::game::Game {
    let path = format!("{}/models/institutions/imf.toml", env!("CARGO_MANIFEST_DIR"));
    comity::model::Institution::load(path).unwrap().compile(rule).unwrap().game
}

#[test]
fn exact_power_indices_cancelled_before_the_start_stop_at_the_entry_by_every_backend() {
    use comity::power::{Backend, PowerOptions, power_indices_cancellable, power_indices_using_cancellable};
    let options = PowerOptions::new();
    let game = sixty_members();
    let err = power_indices_cancellable(&game, &options, &cancelled()).unwrap_err();
    assert_eq!(err, PowerError::Interrupted(Interrupted));
    for backend in [Backend::Auto, Backend::DecisionDiagram, Backend::BruteForce] {
        let small = WeightedGame::new(vec![3, 2, 1], 4).unwrap();
        let err = power_indices_using_cancellable(&small, &options, backend, &cancelled()).unwrap_err();
        assert_eq!(err, PowerError::Interrupted(Interrupted), "{backend:?}");
    }
    // An uncancelled token counts the same indices as the plain call.
    let plain = comity::power::power_indices(&game, &options).unwrap();
    assert_eq!(power_indices_cancellable(&game, &options, &CancelToken::new()).unwrap(), plain);
}

#[test]
fn the_imf_exact_shapley_shubik_table_cancelled_from_another_thread_stops() {
    // Exact fractions at 85% on the dual game's table by size and weight: seconds of work on a
    // quiet machine (six primes of 3.4e9 additions each), cancelled after 20 ms.
    use comity::power::{PowerOptions, power_indices_cancellable};
    let game = imf("special_85");
    let options = PowerOptions::new().with_exact(true);
    let result = cancelled_midway(|cancel| power_indices_cancellable(&game, &options, cancel));
    assert_eq!(result.unwrap_err(), PowerError::Interrupted(Interrupted));
}

#[test]
fn brute_force_over_two_to_the_25_coalitions_cancelled_from_another_thread_stops() {
    use comity::power::{Backend, PowerOptions, power_indices_using_cancellable};
    let game = WeightedGame::new((1..=25).collect(), 163).unwrap();
    let result = cancelled_midway(|cancel| {
        power_indices_using_cancellable(&game, &PowerOptions::new(), Backend::BruteForce, cancel)
    });
    assert_eq!(result.unwrap_err(), PowerError::Interrupted(Interrupted));
}

#[test]
fn the_decision_diagram_over_150_members_cancelled_from_another_thread_stops() {
    // The entry's check is covered above; this runs the diagram's own checkpoints (its build
    // and its two counting passes, where each node costs up to level * (n - level)
    // big-integer multiply-adds). 150 members with weights 1..=37 and a majority quota:
    // hundreds of thousands of nodes, seconds of counting. (Auto's size-and-weight table is
    // cancelled midway by the IMF test above, brute force by the test below.)
    use comity::power::{Backend, PowerOptions, power_indices_using_cancellable};
    let weights: Vec<u64> = (0..150u64).map(|k| k * 7 % 37 + 1).collect();
    let total: u64 = weights.iter().sum();
    let game = WeightedGame::new(weights, total / 2 + 1).unwrap();
    let result = cancelled_midway(|cancel| {
        power_indices_using_cancellable(&game, &PowerOptions::new(), Backend::DecisionDiagram, cancel)
    });
    assert_eq!(result.unwrap_err(), PowerError::Interrupted(Interrupted));
}

/// A 20-player game whose values (seeded, integers up to 1,000 times the coalition's size)
/// make the nucleolus take many stages over a million coalitions.
fn twenty_player_game() -> comity::coop::TuGame {
    use rand::{Rng, SeedableRng};
    let n = 20;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(19);
    let values: Vec<f64> = (0..1usize << n)
        .map(|s| if s == 0 { 0.0 } else { (rng.random_range(0..1000) * s.count_ones() as i64) as f64 })
        .collect();
    comity::coop::TuGame::from_values(n, values).unwrap()
}

#[test]
fn the_nucleolus_stops_on_a_cancelled_token_before_and_during_the_solve() {
    use comity::coop::{CoopError, NucleolusKind, TuGame, nucleolus, nucleolus_cancellable};
    let small = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0]).unwrap();
    let err = nucleolus_cancellable(&small, NucleolusKind::Nucleolus, &cancelled()).unwrap_err();
    assert_eq!(err, CoopError::Interrupted(Interrupted));
    let fresh = nucleolus_cancellable(&small, NucleolusKind::Nucleolus, &CancelToken::new()).unwrap();
    assert_eq!(fresh.exact, nucleolus(&small, NucleolusKind::Nucleolus).unwrap().exact);
    let game = twenty_player_game();
    let result = cancelled_midway(|cancel| nucleolus_cancellable(&game, NucleolusKind::Prenucleolus, cancel));
    assert_eq!(result.unwrap_err(), CoopError::Interrupted(Interrupted));
}

#[test]
fn simulated_moran_stops_on_a_cancelled_token_before_and_during_the_runs() {
    use comity::repeated::{MORAN_MAX_RUNS, RepeatedError, moran_simulated_cancellable};
    let a = [[3.0, 0.0], [5.0, 1.0]];
    let err = moran_simulated_cancellable(&a, 2, 0.5, 10, 1, None, &cancelled()).unwrap_err();
    assert_eq!(err, RepeatedError::Interrupted(Interrupted));
    // A hundred million runs in a population of a thousand: hours of work.
    let result = cancelled_midway(|cancel| {
        moran_simulated_cancellable(&a, 1_000, 0.01, MORAN_MAX_RUNS, 1, None, cancel)
    });
    assert_eq!(result.unwrap_err(), RepeatedError::Interrupted(Interrupted));
}

#[test]
fn a_reciprocity_study_stops_on_a_cancelled_token_before_and_during_its_simulations() {
    use comity::study::reciprocity::evaluate_cancellable;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/reciprocity");
    let models = ["growth_diffuse.toml".to_string()];
    let err = evaluate_cancellable(&models, &[5], 50, 2, &dir, "test", &cancelled()).unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
    // 10,000 replications of 10,000 rounds of 50 members with 4 partners each (2e10 steps,
    // a fifth of the simulation's work limit): many seconds of work.
    let result =
        cancelled_midway(|cancel| evaluate_cancellable(&models, &[50], 10_000, 10_000, &dir, "test", cancel));
    let err = result.unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
}

/// How long a cancelled Baron-Ferejohn solve may run on after the cancel: its checkpoints
/// (a block of a few thousand branch-and-bound nodes, states or profiles, a Newton iteration)
/// are milliseconds apart, so two seconds is generous on a loaded CI machine; a stage without
/// checkpoints is caught by the demand that a cancel well inside an uncancelled solve's time
/// (2 to 5 s) interrupts it.
const BF_STOP_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// Runs `work` with a token that another thread cancels `delay` after the start. A result
/// that came back is returned (it must equal `uncancelled`, the same solve without a token:
/// a solve that passed its last checkpoint just before the cancel may still finish); an
/// error must be the interruption, within [`BF_STOP_WITHIN`] of the cancel.
fn cancelled_after<T: PartialEq + std::fmt::Debug, E: std::fmt::Debug>(
    delay: std::time::Duration,
    work: impl FnOnce(&CancelToken) -> Result<T, E>,
    is_interrupted: impl Fn(&E) -> bool,
    uncancelled: &T,
) -> Option<T> {
    let cancel = CancelToken::new();
    let remote = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(delay);
        remote.cancel();
        std::time::Instant::now()
    });
    let result = work(&cancel);
    let returned = std::time::Instant::now();
    let cancelled_at = canceller.join().unwrap();
    match result {
        Ok(value) => {
            assert_eq!(&value, uncancelled, "a different result after a cancel at {delay:?}");
            Some(value)
        }
        Err(e) => {
            assert!(is_interrupted(&e), "{e:?} after a cancel at {delay:?}");
            let late = returned.saturating_duration_since(cancelled_at);
            assert!(late < BF_STOP_WITHIN, "the work ran on {late:?} after a cancel at {delay:?}");
            None
        }
    }
}

/// Solves once without a token (timing it), then cancels the same solve from another thread
/// at each of [`BF_DELAYS`]. Every delay that is less than a third of the uncancelled time must be
/// interrupted (a third, not a half: the uncancelled run may be slowed by the other test thread
/// and a later run finish sooner), so that the later delays really reach the later stages' checkpoints rather
/// than passing because the solve finished first; and the uncancelled solve must last at
/// least three times the first delay, or the test would check nothing.
fn baron_ferejohn_cancelled_at_every_delay<T: PartialEq + std::fmt::Debug>(
    solve: impl Fn(&CancelToken) -> Result<T, comity::bargaining::BargainingError>,
) {
    let start = std::time::Instant::now();
    let uncancelled = solve(&CancelToken::new()).unwrap();
    let took = start.elapsed();
    assert!(took > 3 * std::time::Duration::from_millis(BF_DELAYS[0]), "solved in {took:?}");
    for delay in BF_DELAYS {
        let delay = std::time::Duration::from_millis(delay);
        let solved = cancelled_after(delay, &solve, bargaining_interrupted, &uncancelled);
        assert!(
            solved.is_none() || 3 * delay >= took,
            "a solve of {took:?} uncancelled was not interrupted at {delay:?}"
        );
    }
}

fn institution(file: &str, rule: &str) -> comity::game::Game {
    let path = format!("{}/models/institutions/{file}", env!("CARGO_MANIFEST_DIR"));
    comity::model::Institution::load(path).unwrap().compile(rule).unwrap().game
}

fn bargaining_interrupted(e: &comity::bargaining::BargainingError) -> bool {
    *e == comity::bargaining::BargainingError::Interrupted(Interrupted)
}

#[test]
fn every_baron_ferejohn_method_stops_on_a_token_cancelled_before_the_call() {
    use comity::bargaining::{
        BargainingError, Method, Recognition, baron_ferejohn, baron_ferejohn_cancellable,
        baron_ferejohn_with_cancellable,
    };
    use comity::game::Game;
    let game = Game::from(WeightedGame::new(vec![4, 3, 2, 1], 6).unwrap());
    let p = Recognition::Equal.probabilities(4).unwrap();
    for method in [Method::Auto, Method::Enumeration, Method::Knapsack, Method::Threshold] {
        let err = baron_ferejohn_with_cancellable(&game, &p, 0.9, method, &cancelled()).unwrap_err();
        assert_eq!(err, BargainingError::Interrupted(Interrupted), "{method:?}");
        assert_eq!(err.to_string(), "interrupted: the computation was cancelled before it finished");
    }
    // An uncancelled token finds the same equilibrium as the plain call, by every method.
    for method in [Method::Enumeration, Method::Knapsack] {
        let plain = comity::bargaining::baron_ferejohn_with(&game, &p, 0.9, method).unwrap();
        let fresh = baron_ferejohn_with_cancellable(&game, &p, 0.9, method, &CancelToken::new()).unwrap();
        assert_eq!(plain, fresh, "{method:?}");
    }
    // Past the entry: the automatic choice's own checkpoints, cancelled from another thread
    // during the solve (the IMF Board goes to the threshold method).
    let imf = imf("special_85");
    let p = Recognition::Equal.probabilities(imf.n()).unwrap();
    baron_ferejohn_cancelled_at_every_delay(|cancel| baron_ferejohn_cancellable(&imf, &p, 0.95, cancel));
    let small = Game::from(WeightedGame::new(vec![1; 5], 3).unwrap());
    let p = Recognition::Equal.probabilities(5).unwrap();
    assert_eq!(
        baron_ferejohn_cancellable(&small, &p, 0.9, &CancelToken::new()).unwrap(),
        baron_ferejohn(&small, &p, 0.9).unwrap()
    );
}

/// Delays at which the Baron-Ferejohn solves below are cancelled: early (the first stage) and
/// later (the homotopy, its exact finish and the check, on a quiet machine).
const BF_DELAYS: [u64; 3] = [20, 400, 1_200];

#[test]
fn the_imf_board_at_a_simple_majority_by_the_core_method_cancelled_from_another_thread_stops() {
    // The threshold method's fractional stage, then the knapsack core (19 members, 2^19
    // subsets, 2.2 million proposer-subset pairs per Newton step): seconds of work.
    use comity::bargaining::{Method, Recognition, baron_ferejohn_with_cancellable};
    let game = imf("majority");
    let p = Recognition::Equal.probabilities(game.n()).unwrap();
    baron_ferejohn_cancelled_at_every_delay(|cancel| {
        baron_ferejohn_with_cancellable(&game, &p, 0.95, Method::Threshold, cancel)
    });
}

#[test]
fn the_eu_council_by_the_knapsack_method_cancelled_from_another_thread_stops() {
    // 2 to 5 s of CPU on a quiet machine: branch and bound, pool completions, the mixing LP.
    use comity::bargaining::{Method, Recognition, baron_ferejohn_with_cancellable};
    let game = institution("eu_council.toml", "qualified_majority");
    let p = Recognition::Equal.probabilities(game.n()).unwrap();
    baron_ferejohn_cancelled_at_every_delay(|cancel| {
        baron_ferejohn_with_cancellable(&game, &p, 0.95, Method::Knapsack, cancel)
    });
}

#[test]
fn an_enumeration_of_twenty_distinct_members_cancelled_from_another_thread_stops() {
    // Weights 1 to 20, a majority of the 210 votes: 2^20 profiles, 30,166 minimal winning
    // ones with thousands of ties, about 3 s on a quiet machine.
    use comity::bargaining::{Method, Recognition, baron_ferejohn_with_cancellable};
    use comity::game::Game;
    let game = Game::from(WeightedGame::new((1..=20).collect(), 106).unwrap());
    let p = Recognition::Equal.probabilities(20).unwrap();
    baron_ferejohn_cancelled_at_every_delay(|cancel| {
        baron_ferejohn_with_cancellable(&game, &p, 0.9, Method::Enumeration, cancel)
    });
}

#[test]
fn a_long_deadline_and_status_quo_bargaining_stop_on_a_cancelled_token() {
    use comity::bargaining::{
        BargainingError, MAX_DEADLINE_WORK, Recognition, StatusQuoOptions, deadline_cancellable,
        status_quo_bargaining_cancellable,
    };
    use comity::game::Game;
    let game = Game::from(WeightedGame::new((1..=16).collect(), 69).unwrap());
    let p = Recognition::Equal.probabilities(16).unwrap();
    let err = deadline_cancellable(&game, &p, 0.9, 10, &cancelled()).unwrap_err();
    assert_eq!(err, BargainingError::Interrupted(Interrupted));
    // Sixteen distinct members: each round prices every minimal winning coalition for each of
    // 16 classes; as many rounds as the work limit allows is about a billion steps, seconds.
    let minimal: usize = comity::power::minimal_winning_count(&game).unwrap().try_into().unwrap();
    let rounds = MAX_DEADLINE_WORK / (16 * 16 * minimal);
    assert!(rounds >= 100, "{rounds} rounds");
    let result = cancelled_midway(|cancel| deadline_cancellable(&game, &p, 0.9, rounds, cancel));
    assert_eq!(result.unwrap_err(), BargainingError::Interrupted(Interrupted));
    let small = Game::from(WeightedGame::new(vec![1; 5], 3).unwrap());
    let ideals = [0.0, 0.1, 0.5, 0.8, 1.0];
    let err = status_quo_bargaining_cancellable(
        &small,
        &ideals,
        &[0.2; 5],
        0.8,
        0.9,
        &StatusQuoOptions::default(),
        &cancelled(),
    )
    .unwrap_err();
    assert_eq!(err, BargainingError::Interrupted(Interrupted));
}

// The least core and core checks, cost shares, a simple game's structure, Nash equilibria,
// one study variant and the exact chain of a reciprocity institution.

/// An `n`-player TU game with seeded integer values up to 1,000 times the coalition's size.
fn random_tu_game(n: usize, seed: u64) -> comity::coop::TuGame {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let values: Vec<f64> = (0..1usize << n)
        .map(|s| if s == 0 { 0.0 } else { (rng.random_range(0..1000) * s.count_ones() as i64) as f64 })
        .collect();
    comity::coop::TuGame::from_values(n, values).unwrap()
}

#[test]
fn the_least_core_and_core_checks_stop_on_a_cancelled_token() {
    use comity::coop::{
        CoopError, core_is_empty, core_is_empty_cancellable, is_balanced_cancellable, is_convex,
        is_convex_cancellable, is_superadditive, is_superadditive_cancellable, least_core,
        least_core_cancellable,
    };
    let small = random_tu_game(6, 3);
    let stopped = CoopError::Interrupted(Interrupted);
    assert_eq!(least_core_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(core_is_empty_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(is_balanced_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(is_convex_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(is_superadditive_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    // An uncancelled token gives the plain answers.
    let fresh = CancelToken::new();
    assert_eq!(least_core_cancellable(&small, &fresh), least_core(&small));
    assert_eq!(core_is_empty_cancellable(&small, &fresh), core_is_empty(&small));
    assert_eq!(is_convex_cancellable(&small, &fresh), Ok(is_convex(&small)));
    assert_eq!(is_superadditive_cancellable(&small, &fresh), Ok(is_superadditive(&small)));
}

#[test]
fn the_least_core_of_eighteen_players_cancelled_from_another_thread_stops() {
    // 2^18 coalitions, solved in milliseconds by column generation (it took 10 s in one microlp
    // LP): a cancel 20 ms in may come after the end, when the answer must be the uncancelled one.
    use comity::coop::{CoopError, MAX_LP_PLAYERS, least_core, least_core_cancellable};
    let game = random_tu_game(MAX_LP_PLAYERS, 18);
    let result = cancelled_midway(|cancel| least_core_cancellable(&game, cancel));
    assert!(result == Err(CoopError::Interrupted(Interrupted)) || result == least_core(&game), "{result:?}");
}

#[test]
fn superadditivity_over_three_to_the_eighteen_pairs_cancelled_from_another_thread_stops() {
    // The check visits every pair of disjoint coalitions, 3^18 = 3.9e8 of them when the game is
    // superadditive (this one, with v(S) = |S|^2, is): a second of work.
    use comity::coop::{CoopError, TuGame, is_superadditive_cancellable};
    let game = TuGame::from_fn(18, |m| f64::from(m.count_ones()).powi(2)).unwrap();
    let result = cancelled_midway(|cancel| is_superadditive_cancellable(&game, cancel));
    assert_eq!(result, Err(CoopError::Interrupted(Interrupted)));
}

#[test]
fn nucleolus_cost_shares_stop_on_a_cancelled_token() {
    use comity::coop::{
        CoopError, CostAllocationError, TuGame, nucleolus_cost_shares, nucleolus_cost_shares_cancellable,
    };
    let airport = TuGame::airport(&[3.0, 5.0, 9.0]).unwrap();
    let err = nucleolus_cost_shares_cancellable(&airport, &cancelled()).unwrap_err();
    assert_eq!(err, CostAllocationError::Coop(CoopError::Interrupted(Interrupted)));
    assert_eq!(
        nucleolus_cost_shares_cancellable(&airport, &CancelToken::new()),
        nucleolus_cost_shares(&airport)
    );
    // Twenty members: the savings game's nucleolus takes many stages over a million coalitions.
    let costs = random_tu_game(20, 23);
    let result = cancelled_midway(|cancel| nucleolus_cost_shares_cancellable(&costs, cancel));
    assert_eq!(result.unwrap_err(), CostAllocationError::Coop(CoopError::Interrupted(Interrupted)));
}

#[test]
fn every_structure_question_stops_on_a_cancelled_token() {
    use comity::power::{
        PowerError, Structure, weighted_representation, weighted_representation_cancellable,
    };
    let game = WeightedGame::new(vec![4, 3, 2, 1, 1], 6).unwrap();
    assert!(matches!(Structure::new_cancellable(&game, &cancelled()), Err(PowerError::Interrupted(_))));
    let s = Structure::new(&game).unwrap();
    let c = cancelled();
    assert_eq!(s.minimal_winning_cancellable(&c), Err(Interrupted));
    assert_eq!(s.maximal_losing_cancellable(&c), Err(Interrupted));
    assert_eq!(s.minimal_blocking_cancellable(&c), Err(Interrupted));
    assert_eq!(s.null_players_cancellable(&c), Err(Interrupted));
    assert_eq!(s.desirability_cancellable(&c), Err(Interrupted));
    assert_eq!(s.deegan_packel_cancellable(&c), Err(Interrupted));
    assert_eq!(s.holler_cancellable(&c), Err(Interrupted));
    assert_eq!(s.johnston_cancellable(&c), Err(Interrupted));
    assert_eq!(weighted_representation_cancellable(&s, &c), Err(PowerError::Interrupted(Interrupted)));
    // An uncancelled token gives the plain answers.
    let fresh = CancelToken::new();
    assert_eq!(s.minimal_winning_cancellable(&fresh), Ok(s.minimal_winning()));
    assert_eq!(s.maximal_losing_cancellable(&fresh), Ok(s.maximal_losing()));
    assert_eq!(s.minimal_blocking_cancellable(&fresh), Ok(s.minimal_blocking()));
    assert_eq!(s.null_players_cancellable(&fresh), Ok(s.null_players()));
    assert_eq!(s.desirability_cancellable(&fresh), Ok(s.desirability()));
    assert_eq!(s.deegan_packel_cancellable(&fresh), Ok(s.deegan_packel()));
    assert_eq!(s.holler_cancellable(&fresh), Ok(s.holler()));
    assert_eq!(s.johnston_cancellable(&fresh), Ok(s.johnston()));
    assert_eq!(weighted_representation_cancellable(&s, &fresh), weighted_representation(&s));
}

/// A weighted body of `n` members with weights 1 to 9 and a two-thirds quota.
fn large_body(n: usize) -> WeightedGame {
    let weights: Vec<u64> = (0..n as u64).map(|k| k * 5 % 9 + 1).collect();
    let total: u64 = weights.iter().sum();
    WeightedGame::new(weights, (2 * total).div_ceil(3)).unwrap()
}

#[test]
fn the_structure_of_a_large_weighted_body_cancelled_from_another_thread_stops() {
    use comity::power::{PowerError, STRUCTURE_MAX_PLAYERS, Structure};
    // 2^25 coalitions to mark winning or losing: half a second uncancelled (loaded machine),
    // far longer than the 20 ms before the cancel.
    let game = large_body(STRUCTURE_MAX_PLAYERS);
    let result = cancelled_midway(|cancel| Structure::new_cancellable(&game, cancel));
    assert!(matches!(result, Err(PowerError::Interrupted(_))), "{result:?}");
    // Desirability at its limit of 20 members: 380 scans of 2^20 coalitions, 0.2 s uncancelled.
    let s = Structure::new(&large_body(20)).unwrap();
    let result = cancelled_midway(|cancel| s.desirability_cancellable(cancel));
    assert_eq!(result, Err(Interrupted));
}

/// A bimatrix game with payoffs `(LCG draw mod 1000) / 100`, the generator of
/// `benches/equilibrium.rs`.
fn random_bimatrix(m: usize, n: usize, seed: u64) -> comity::equilibrium::NormalFormGame {
    let mut s = seed;
    let mut draw = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % 1000) as f64 / 100.0
    };
    let a: Vec<f64> = (0..m * n).map(|_| draw()).collect();
    let b: Vec<f64> = (0..m * n).map(|_| draw()).collect();
    comity::equilibrium::NormalFormGame::new(vec![m, n], vec![a, b]).unwrap()
}

#[test]
fn every_equilibrium_method_stops_on_a_cancelled_token() {
    use comity::equilibrium::{
        EquilibriumError, NormalFormGame, all_equilibria, all_equilibria_cancellable, pure_equilibria,
        pure_equilibria_cancellable, support_enumeration, support_enumeration_cancellable,
        vertex_enumeration, vertex_enumeration_cancellable,
    };
    let g = random_bimatrix(4, 4, 7);
    let stopped =
        |r: Result<_, EquilibriumError>| matches!(r, Err(EquilibriumError::Interrupted(Interrupted)));
    assert!(stopped(all_equilibria_cancellable(&g, &cancelled()).map(|_| ())));
    assert!(stopped(support_enumeration_cancellable(&g, &cancelled()).map(|_| ())));
    assert!(stopped(vertex_enumeration_cancellable(&g, &cancelled()).map(|_| ())));
    assert!(stopped(pure_equilibria_cancellable(&g, &cancelled()).map(|_| ())));
    let fresh = CancelToken::new();
    assert_eq!(all_equilibria_cancellable(&g, &fresh), all_equilibria(&g));
    assert_eq!(support_enumeration_cancellable(&g, &fresh), support_enumeration(&g));
    assert_eq!(vertex_enumeration_cancellable(&g, &fresh), vertex_enumeration(&g));
    assert_eq!(pure_equilibria_cancellable(&g, &fresh), Ok(pure_equilibria(&g)));
    // Three players, three actions each: the pure equilibria agree too.
    let payoffs = (0..3).map(|p| (0..27).map(|i| ((i * (p + 2)) % 7) as f64).collect()).collect();
    let three = NormalFormGame::new(vec![3, 3, 3], payoffs).unwrap();
    assert_eq!(pure_equilibria_cancellable(&three, &fresh), Ok(pure_equilibria(&three)));
}

#[test]
fn all_equilibria_of_a_large_bimatrix_game_cancelled_from_another_thread_stop() {
    use comity::equilibrium::{
        EquilibriumError, all_equilibria_cancellable, support_enumeration_cancellable,
    };
    // 16x16: 4 s uncancelled (loaded machine), mostly the walk over each polytope's bases.
    let g = random_bimatrix(16, 16, 7);
    let result = cancelled_midway(|cancel| all_equilibria_cancellable(&g, cancel));
    assert!(matches!(result, Err(EquilibriumError::Interrupted(_))), "{result:?}");
    // Plain support enumeration of 12x13: C(25, 12) = 5.2e6 support pairs, 4 to 5 s of solves.
    let g = random_bimatrix(12, 13, 3);
    let result = cancelled_midway(|cancel| support_enumeration_cancellable(&g, cancel));
    assert!(matches!(result, Err(EquilibriumError::Interrupted(_))), "{result:?}");
}

#[test]
fn pure_equilibria_of_eight_players_cancelled_from_another_thread_stop() {
    use comity::equilibrium::{EquilibriumError, NormalFormGame, pure_equilibria_cancellable};
    // Eight players with six actions: 1.7 million profiles, each checked against 40
    // deviations.
    let actions = vec![6; 8];
    let profiles = 6usize.pow(8);
    let payoffs = (0..8).map(|p| (0..profiles).map(|i| ((i * (p + 3)) % 11) as f64).collect()).collect();
    let game = NormalFormGame::new(actions, payoffs).unwrap();
    let result = cancelled_midway(|cancel| pure_equilibria_cancellable(&game, cancel));
    assert!(matches!(result, Err(EquilibriumError::Interrupted(_))), "{result:?}");
}

fn veto_study() -> comity::study::Study {
    let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n";
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/institutions");
    comity::study::Study::from_toml(text, "veto.toml", &dir).unwrap()
}

#[test]
fn one_study_variant_stops_on_a_cancelled_token_and_is_unchanged_otherwise() {
    let study = veto_study();
    let err = study.evaluate_cancellable(0, &cancelled()).unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
    let plain = study.evaluate(0).unwrap();
    assert_eq!(study.evaluate_cancellable(0, &CancelToken::new()).unwrap(), plain);
}

fn exact_body(members: usize) -> comity::repeated::institution::RepeatedInstitution {
    use comity::repeated::institution::{
        DecisionRule::Majority, MemberType::*, PublicGood, RepeatedInstitution,
    };
    let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
    let types = vec![Substantive, Diffuse { memory: 1, threshold: 0.5 }];
    RepeatedInstitution::new(types, vec![members / 2, members - members / 2], good, Majority, 0.05, 2, 0.3)
        .unwrap()
}

#[test]
fn the_exact_chain_of_an_institution_stops_on_a_cancelled_token() {
    use comity::repeated::RepeatedError;
    use comity::repeated::institution::{
        INSTITUTION_MAX_MEMBERS, exact_institution, exact_institution_cancellable,
    };
    let small = exact_body(40);
    let err = exact_institution_cancellable(&small, &cancelled()).unwrap_err();
    assert_eq!(err, RepeatedError::Interrupted(Interrupted));
    assert_eq!(exact_institution_cancellable(&small, &CancelToken::new()), exact_institution(&small));
    // A hundred thousand members: two transition rows of 5e9 multiply-adds each, 45 s
    // uncancelled on a loaded machine.
    let large = exact_body(INSTITUTION_MAX_MEMBERS);
    let result = cancelled_midway(|cancel| exact_institution_cancellable(&large, cancel));
    assert_eq!(result.unwrap_err(), RepeatedError::Interrupted(Interrupted));
}

// The remaining bargaining procedures (two-dimensional winsets, like-minded clubs, the
// abatement game), smallest winning coalitions and the Owen values of a structure.

#[test]
fn the_remaining_procedures_stop_on_a_token_cancelled_before_the_call() {
    use comity::bargaining::{
        AbatementGame, BargainingError, Benefits, Timing, like_minded_club, like_minded_club_cancellable,
        stable_coalitions, stable_coalitions_cancellable, winset_2d, winset_2d_cancellable,
    };
    use comity::game::Game;
    use comity::power::{Structure, smallest_winning_coalition, smallest_winning_coalition_cancellable};
    let stopped = BargainingError::Interrupted(Interrupted);
    let majority = WeightedGame::new(vec![1; 3], 2).unwrap();
    let ideals = [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]];
    let q = [1.0, 1.0];
    assert_eq!(winset_2d_cancellable(&majority, &ideals, q, 360, &cancelled()).unwrap_err(), stopped);
    let clubs = [[0.0, 0.0], [0.5, 0.0], [0.2, 0.3], [4.0, 0.0]];
    assert_eq!(like_minded_club_cancellable(&clubs, [2.0, 0.0], 0, 0.5, &cancelled()).unwrap_err(), stopped);
    let abatement = AbatementGame::symmetric(6, 1.0, 1.0, Benefits::Linear, Timing::Nash).unwrap();
    assert_eq!(stable_coalitions_cancellable(&abatement, &cancelled()).unwrap_err(), stopped);
    let game = Game::from(WeightedGame::new(vec![4, 3, 2, 1, 1], 6).unwrap());
    assert_eq!(smallest_winning_coalition_cancellable(&game, &cancelled()), Err(Interrupted));
    let s = Structure::new(&game).unwrap();
    let unions = [vec![0, 1], vec![2], vec![3, 4]];
    assert_eq!(s.owen_value_cancellable(&unions, &cancelled()), Err(PowerError::Interrupted(Interrupted)));
    assert_eq!(
        s.banzhaf_owen_value_cancellable(&unions, &cancelled()),
        Err(PowerError::Interrupted(Interrupted))
    );
    // An uncancelled token gives the plain answers.
    let fresh = CancelToken::new();
    assert_eq!(
        winset_2d_cancellable(&majority, &ideals, q, 360, &fresh),
        winset_2d(&majority, &ideals, q, 360)
    );
    assert_eq!(
        like_minded_club_cancellable(&clubs, [2.0, 0.0], 0, 0.5, &fresh),
        like_minded_club(&clubs, [2.0, 0.0], 0, 0.5)
    );
    assert_eq!(stable_coalitions_cancellable(&abatement, &fresh), stable_coalitions(&abatement));
    assert_eq!(smallest_winning_coalition_cancellable(&game, &fresh), Ok(smallest_winning_coalition(&game)));
    assert_eq!(s.owen_value_cancellable(&unions, &fresh), s.owen_value(&unions));
}

#[test]
fn the_owen_values_on_a_structure_equal_the_tu_game_values_bit_for_bit() {
    // The structure's twin of `coop::owen_value` and `coop::banzhaf_owen_value` (the same
    // formula and order of summation on the same coalitions) over every partition shape of a
    // few bodies: the same floats.
    use comity::coop::{TuGame, banzhaf_owen_value, owen_value};
    use comity::power::Structure;
    for n in [1, 4, 7, 9] {
        let game = large_body(n);
        let s = Structure::new(&game).unwrap();
        let tu = TuGame::from_simple_game(&game).unwrap();
        let singletons: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let one: Vec<Vec<usize>> = vec![(0..n).collect()];
        let mixed: Vec<Vec<usize>> = (0..n).step_by(3).map(|a| (a..(a + 3).min(n)).rev().collect()).collect();
        for unions in [singletons, one, mixed] {
            assert_eq!(s.owen_value(&unions).unwrap(), owen_value(&tu, &unions), "{n} {unions:?}");
            assert_eq!(
                s.banzhaf_owen_value(&unions).unwrap(),
                banzhaf_owen_value(&tu, &unions),
                "{n} {unions:?}"
            );
        }
    }
    // Unions that do not partition the players are refused, naming the problem.
    let s = Structure::new(&large_body(3)).unwrap();
    let err = s.owen_value(&[vec![0, 1], vec![1, 2]]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unions: player 1 is in two unions; expected lists of players partitioning them"
    );
}

#[test]
fn the_owen_values_of_twenty_two_members_cancelled_from_another_thread_stop() {
    // Singleton unions: 22 x 2^21 terms, each rebuilding the arrived unions (22 steps), and one
    // union of everybody, 22 x 2^21 terms of 21 steps: seconds of work each.
    use comity::power::Structure;
    let s = Structure::new(&large_body(22)).unwrap();
    let singletons: Vec<Vec<usize>> = (0..22).map(|i| vec![i]).collect();
    let result = cancelled_midway(|cancel| s.owen_value_cancellable(&singletons, cancel));
    assert_eq!(result, Err(PowerError::Interrupted(Interrupted)));
    let everybody = [(0..22).collect::<Vec<usize>>()];
    let result = cancelled_midway(|cancel| s.banzhaf_owen_value_cancellable(&everybody, cancel));
    assert_eq!(result, Err(PowerError::Interrupted(Interrupted)));
}

#[test]
fn a_smallest_winning_coalition_over_a_huge_diagram_cancelled_from_another_thread_is_interrupted() {
    // 256 members with distinct weights near 100,000: the diagram's construction runs to its
    // limit of two million states (1.5 s loaded) and would answer None; cancelled, it must
    // answer Interrupted, never None.
    use comity::game::Game;
    use comity::power::smallest_winning_coalition_cancellable;
    let weights: Vec<u64> = (0..256u64).map(|k| k * k % 99_991 + 99_991).collect();
    let total: u64 = weights.iter().sum();
    let game = Game::from(WeightedGame::new(weights, total / 2 + 1).unwrap());
    let result = cancelled_midway(|cancel| smallest_winning_coalition_cancellable(&game, cancel));
    assert_eq!(result, Err(Interrupted));
}

/// Ideal points of `n` members spread over the plane on a golden-angle spiral.
fn spiral(n: usize) -> Vec<[f64; 2]> {
    (0..n)
        .map(|k| {
            let a = k as f64 * 2.399963;
            [a.cos() * (1.0 + k as f64 / n as f64), a.sin()]
        })
        .collect()
}

#[test]
fn a_winset_of_256_members_in_every_direction_cancelled_from_another_thread_stops() {
    // 100,000 directions, each a sort of 256 thresholds and up to 256 rule tests: 0.65 s loaded.
    use comity::bargaining::{BargainingError, MAX_DIRECTIONS, winset_2d_cancellable};
    let n = 256;
    let majority = WeightedGame::new(vec![1; n], (n / 2 + 1) as u64).unwrap();
    let ideals = spiral(n);
    let result = cancelled_midway(|cancel| {
        winset_2d_cancellable(&majority, &ideals, [0.3, 0.2], MAX_DIRECTIONS, cancel)
    });
    assert_eq!(result.unwrap_err(), BargainingError::Interrupted(Interrupted));
}

#[test]
fn enumerated_clubs_and_abatement_agreements_cancelled_from_another_thread_stop() {
    use comity::bargaining::{
        AbatementGame, BargainingError, Benefits, MAX_CLUB_CANDIDATES, MAX_COUNTRIES, Timing,
        like_minded_club_cancellable, stable_coalitions_cancellable,
    };
    // Sixteen members with half the club to agree: 2^15 clubs of the leader, 0.16 s loaded.
    let ideals = spiral(MAX_CLUB_CANDIDATES);
    let result = cancelled_midway(|cancel| like_minded_club_cancellable(&ideals, [0.1, 0.1], 0, 0.5, cancel));
    assert_eq!(result.unwrap_err(), BargainingError::Interrupted(Interrupted));
    // Twenty countries: 2^20 coalitions, each tested country by country, 0.14 s loaded.
    let b: Vec<f64> = (0..MAX_COUNTRIES).map(|i| 1.0 + i as f64 * 0.1).collect();
    let c: Vec<f64> = (0..MAX_COUNTRIES).map(|i| 2.0 + (i % 3) as f64).collect();
    let game = AbatementGame::new(b, c, Benefits::Linear, Timing::Nash).unwrap();
    let result = cancelled_midway(|cancel| stable_coalitions_cancellable(&game, cancel));
    assert_eq!(result.unwrap_err(), BargainingError::Interrupted(Interrupted));
}

// ---------------------------------------------------------------------------------------------
// The least core by constraint generation (issue 19): its solve has checkpoints every block of
// 2^16 coalitions of a pricing pass and every 64 pivots, so a cancel at any moment stops it.

/// Delays of the cancel in the least core's solve, from the first pricing passes to its end.
const LEAST_CORE_DELAYS: [u64; 5] = [5, 50, 150, 400, 1_000];

#[test]
fn the_least_core_of_twenty_two_players_cancelled_early_is_interrupted() {
    // 2^22 coalitions (above the 18 that one LP over all of them allowed): cancelled 20 ms in,
    // while the first passes run, it must stop with the interruption within STOP_WITHIN.
    use comity::coop::{CoopError, least_core_cancellable};
    let game = random_tu_game(22, 19);
    let result = cancelled_midway(|cancel| least_core_cancellable(&game, cancel));
    assert_eq!(result, Err(CoopError::Interrupted(Interrupted)));
}

#[test]
fn the_least_core_cancelled_at_every_delay_stops_within_the_bound_or_gives_the_same_answer() {
    // Twenty players: each delay is cancelled from another thread; an interrupted solve must
    // return within BF_STOP_WITHIN of the cancel, a finished one the uncancelled answer, and
    // every delay under a third of the uncancelled time must be interrupted (so that the later
    // delays reach the simplex's pivots and later passes, not only its start). The uncancelled
    // time is the fastest of three runs, and only delays under a third of it must interrupt:
    // one slow first run (the other test thread competing for the core) made a delay of 50 ms
    // look like half of a solve that, run again, finished sooner.
    use comity::coop::{CoopError, least_core_cancellable};
    let game = random_tu_game(20, 20);
    let solve = |cancel: &CancelToken| least_core_cancellable(&game, cancel);
    let mut took = std::time::Duration::MAX;
    let mut uncancelled = None;
    for _ in 0..3 {
        let start = std::time::Instant::now();
        uncancelled = Some(solve(&CancelToken::new()).unwrap());
        took = took.min(start.elapsed());
    }
    let uncancelled = uncancelled.unwrap();
    assert!(took > 3 * std::time::Duration::from_millis(LEAST_CORE_DELAYS[0]), "solved in {took:?}");
    let interrupted = |e: &CoopError| *e == CoopError::Interrupted(Interrupted);
    for delay in LEAST_CORE_DELAYS {
        let delay = std::time::Duration::from_millis(delay);
        let solved = cancelled_after(delay, solve, interrupted, &uncancelled);
        assert!(
            solved.is_none() || 3 * delay >= took,
            "a least core of {took:?} uncancelled (the fastest of three) was not interrupted at {delay:?}"
        );
    }
}
