//! Cancellation: a cancelled computation stops early with an "interrupted" error.

use comity::cancel::{CancelToken, Interrupted};
use comity::game::WeightedGame;
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
