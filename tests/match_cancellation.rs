//! Cancellation inside one match: a single very long match (simulated or exact) stops within a
//! few thousand rounds of its token being cancelled, not at its end; uncancelled, the
//! cancellable variants give exactly what the plain ones give.

use comity::cancel::{CancelToken, Interrupted};
use comity::repeated::{
    MemoryOne, RepeatedError, StagePayoffs, TURNS_PER_CHECK, TournamentOptions, classic_strategy,
    match_payoffs, match_payoffs_cancellable, play_match, play_match_cancellable, tournament_cancellable,
};
use proptest::prelude::*;
use rand::RngCore;

fn pd() -> StagePayoffs {
    StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap()
}

/// A random source that cancels `token` once it has given `cancel_after` numbers, and counts
/// what it gives: the match's progress, seen from inside, without any clock.
struct CancellingRng {
    inner: rand_chacha::ChaCha8Rng,
    drawn: u64,
    cancel_after: u64,
    token: CancelToken,
}

impl RngCore for CancellingRng {
    fn next_u32(&mut self) -> u32 {
        self.tick();
        self.inner.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.tick();
        self.inner.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.tick();
        self.inner.fill_bytes(dest)
    }
}

impl CancellingRng {
    fn tick(&mut self) {
        self.drawn += 1;
        if self.drawn == self.cancel_after {
            self.token.cancel();
        }
    }
}

#[test]
fn a_simulated_match_of_a_trillion_rounds_stops_within_a_few_thousand_rounds_of_cancellation() {
    // Uncancelled this match would take hours; cancelled after 10,000 rounds (two draws a
    // round) it must stop at the next checkpoint, at most 4,096 rounds later.
    let token = CancelToken::new();
    let mut rng = CancellingRng {
        inner: comity::rng::stream(1, 0),
        drawn: 0,
        cancel_after: 20_000,
        token: token.clone(),
    };
    let (tft, wsls) = (MemoryOne::tft(), MemoryOne::wsls());
    let result = play_match_cancellable(&tft, &wsls, &pd(), 0.05, 1_000_000_000_000, &mut rng, &token);
    assert_eq!(result, Err(Interrupted));
    let rounds = rng.drawn / 2;
    assert!((10_000..=10_000 + 4_096).contains(&rounds), "{rounds} rounds played");
}

#[test]
fn a_tournament_of_one_very_long_match_stops_when_cancelled_from_another_thread() {
    // One strategy, one repetition: a single match of ten billion rounds (the largest
    // tournament allowed, a minute of play and more). Between matches there is no checkpoint
    // to reach, so only the one inside the match can stop it.
    let players = [MemoryOne::new([0.9, 0.1, 0.5, 0.2], 0.5).unwrap()];
    let options = TournamentOptions::new(10_000_000_000, 1, 0.01, 1);
    let cancel = CancelToken::new();
    let remote = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        remote.cancel();
    });
    let result = tournament_cancellable(&players, &pd(), &options, None, &cancel);
    canceller.join().unwrap();
    assert_eq!(result.unwrap_err(), RepeatedError::Interrupted(Interrupted));
}

#[test]
fn an_exact_match_cancelled_from_another_thread_stops() {
    // Two automata with noise reach four joint states; 5e9 turns is 2e10 steps, the most
    // allowed (about a minute). Cancelled a moment after the start, it must stop.
    let pd = pd();
    let (tft, grudger) =
        (classic_strategy("tit-for-tat", &pd).unwrap(), classic_strategy("grudger", &pd).unwrap());
    let cancel = CancelToken::new();
    let remote = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        remote.cancel();
    });
    let result = match_payoffs_cancellable(&tft, &grudger, &pd, 0.01, 5_000_000_000, &cancel);
    canceller.join().unwrap();
    assert_eq!(result.unwrap_err(), RepeatedError::Interrupted(Interrupted));
}

#[test]
fn a_token_cancelled_before_the_start_still_plays_the_first_checkpoints_worth() {
    // The first look is after the first block of turns, so a match shorter than one block
    // finishes even with a cancelled token: short calls never pay for cancellation.
    let pd = pd();
    let tft = classic_strategy("tit-for-tat", &pd).unwrap();
    let cancel = CancelToken::new();
    cancel.cancel();
    assert!(match_payoffs_cancellable(&tft, &tft, &pd, 0.0, TURNS_PER_CHECK, &cancel).is_ok());
    assert!(match_payoffs_cancellable(&tft, &tft, &pd, 0.0, TURNS_PER_CHECK + 1, &cancel).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_uncancelled_simulated_match_plays_exactly_as_the_plain_one(
        p in prop::array::uniform4(0.0..=1.0f64),
        q in prop::array::uniform4(0.0..=1.0f64),
        first in 0.0..=1.0f64,
        noise in 0.0..=0.5f64,
        rounds in 1usize..20_000,
        seed in any::<u64>(),
    ) {
        let (x, y) = (MemoryOne::new(p, first).unwrap(), MemoryOne::new(q, 1.0 - first).unwrap());
        let plain = play_match(&x, &y, &pd(), noise, rounds, &mut comity::rng::stream(seed, 0));
        let cancellable =
            play_match_cancellable(&x, &y, &pd(), noise, rounds, &mut comity::rng::stream(seed, 0), &CancelToken::new());
        prop_assert_eq!(cancellable, Ok(plain));
    }

    #[test]
    fn an_uncancelled_exact_match_gives_exactly_the_plain_payoffs(
        i in 0usize..5,
        j in 0usize..5,
        noise in 0.0..=0.2f64,
        turns in 1usize..5_000,
    ) {
        let names = ["tit-for-tat", "grudger", "win-stay-lose-shift", "defector", "tit-for-two-tats"];
        let pd = pd();
        let (x, y) = (classic_strategy(names[i], &pd).unwrap(), classic_strategy(names[j], &pd).unwrap());
        prop_assert_eq!(
            match_payoffs_cancellable(&x, &y, &pd, noise, turns, &CancelToken::new()).unwrap(),
            match_payoffs(&x, &y, &pd, noise, turns).unwrap()
        );
    }
}
