//! A round-robin tournament of memory-one strategies in the manner of Axelrod.
//!
//! Every pair of strategies, each strategy against itself included, plays `repetitions`
//! matches of `rounds` rounds with implementation noise `e` (see [`play_match`](super::play_match)). A
//! strategy's score in one repetition is its average payoff per round over all its matches
//! (its own match counted once); the tournament reports the mean score over repetitions with
//! a Student-t interval, the mean payoff of each strategy against each other, and the ranking
//! by mean score. Match `k` (pairs in row-major order, `i <= j`) in repetition `r` draws from
//! stream `k * repetitions + r` of the seed, so the result does not depend on threads.
//!
//! Cost: `n (n + 1) / 2 x repetitions x rounds` rounds in all, refused above
//! [`TOURNAMENT_MAX_ROUNDS`] before any is played; memory `O(repetitions n + n^2)`.
//!
//! # References
//! Axelrod (1980), "Effective choice in the prisoner's dilemma", JCR 24(1); Axelrod (1984),
//! *The Evolution of Cooperation*; Knight et al. (2016), "An open framework for the
//! reproducible study of the iterated prisoner's dilemma", JORS 4(1) (the Axelrod library).
//!
//! ```
//! use comity::repeated::{MemoryOne, StagePayoffs, TournamentOptions, tournament};
//! let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
//! let players = [MemoryOne::allc(), MemoryOne::alld(), MemoryOne::tft()];
//! let options = TournamentOptions::new(200, 2, 0.0, 1);
//! let t = tournament(&players, &pd, &options).unwrap();
//! // Without noise: TFT gets 3 against ALLC and itself and 199/200 against ALLD.
//! assert!((t.scores[2].mean - (3.0 + 3.0 + 199.0 / 200.0) / 3.0).abs() < 1e-12);
//! // ALLD scores (5 + 1 + 204/200)/3 = 2.34 and wins this small field against TFT's 2.33.
//! assert_eq!(t.ranking, vec![1, 2, 0]);
//! ```

use super::{MemoryOne, RepeatedError, StagePayoffs, play_match_cancellable, probability};
use crate::cancel::CancelToken;
use crate::estimate::Estimate;
use crate::rng::stream;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How a tournament is played.
///
/// ```
/// use comity::repeated::TournamentOptions;
/// // Axelrod's (1980) first tournament played 200-round matches.
/// let options = TournamentOptions::new(200, 5, 0.0, 1984);
/// assert_eq!(options.rounds, 200);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct TournamentOptions {
    /// Rounds per match (at least 1).
    pub rounds: usize,
    /// Repetitions of the whole round robin (at least 1).
    pub repetitions: usize,
    /// Implementation noise: each intended move flips with this probability.
    pub noise: f64,
    /// Master seed of the random streams.
    pub seed: u64,
}

impl TournamentOptions {
    /// Matches of `rounds` rounds, the round robin played `repetitions` times, each intended
    /// move flipped with probability `noise`, random streams from `seed` (checked when the
    /// tournament runs).
    ///
    /// ```
    /// use comity::repeated::TournamentOptions;
    /// let options = TournamentOptions::new(200, 5, 0.0, 1984);
    /// assert_eq!((options.rounds, options.repetitions), (200, 5));
    /// ```
    pub const fn new(rounds: usize, repetitions: usize, noise: f64, seed: u64) -> Self {
        TournamentOptions { rounds, repetitions, noise, seed }
    }
}

/// The outcome of a tournament.
///
/// ```
/// use comity::repeated::{MemoryOne, StagePayoffs, TournamentOptions, tournament};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let options = TournamentOptions::new(10, 3, 0.0, 1);
/// let t = tournament(&[MemoryOne::allc(), MemoryOne::alld()], &pd, &options)?;
/// // Without noise: ALLC scores (3 + 0)/2, ALLD (5 + 1)/2, in every repetition.
/// assert_eq!(t.payoffs, [[3.0, 0.0], [5.0, 1.0]]);
/// assert_eq!((t.scores[0].mean, t.scores[1].mean, t.ranking.clone()), (1.5, 3.0, vec![1, 0]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Tournament {
    /// Each strategy's mean score (average payoff per round over its matches) with a 95%
    /// interval over repetitions.
    pub scores: Vec<Estimate>,
    /// `payoffs[i][j]`: mean payoff per round of strategy `i` against `j`.
    pub payoffs: Vec<Vec<f64>>,
    /// Strategy indices by descending mean score (ties by index).
    pub ranking: Vec<usize>,
}

/// Most rounds a tournament may play in all (`pairs x repetitions x rounds`), about a
/// quarter of an hour on one core.
///
/// ```
/// use comity::repeated::{
///     MemoryOne, StagePayoffs, TOURNAMENT_MAX_ROUNDS, TournamentOptions, tournament,
/// };
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let rounds = (TOURNAMENT_MAX_ROUNDS + 1) as usize;
/// let options = TournamentOptions::new(rounds, 1, 0.0, 1);
/// let err = tournament(&[MemoryOne::tft()], &pd, &options).unwrap_err(); // before play
/// assert!(err.to_string().contains("rounds; the limit is 10000000000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TOURNAMENT_MAX_ROUNDS: u128 = 10_000_000_000;

/// Most numbers kept: the scores behind the intervals and the payoff matrix
/// (`repetitions x strategies + strategies^2`, 8 bytes each).
///
/// ```
/// use comity::repeated::{
///     MemoryOne, StagePayoffs, TOURNAMENT_MAX_KEPT, TournamentOptions, tournament,
/// };
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// // One strategy: repetitions + 1 numbers to keep.
/// let options = TournamentOptions::new(1, TOURNAMENT_MAX_KEPT as usize, 0.0, 1);
/// let err = tournament(&[MemoryOne::tft()], &pd, &options).unwrap_err();
/// assert!(err.to_string().contains("numbers to keep; the limit is 10000000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TOURNAMENT_MAX_KEPT: u128 = 10_000_000;

/// Payoff-matrix cells held at once while repetitions are played in parallel.
const CHUNK_CELLS: usize = 1 << 20;

/// Plays the round robin among `strategies` (at least one).
///
/// ```
/// use comity::repeated::{MemoryOne, StagePayoffs, TournamentOptions, tournament};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let options = TournamentOptions::new(10, 2, 0.0, 1);
/// let t = tournament(&[MemoryOne::tft(), MemoryOne::alld()], &pd, &options)?;
/// // By hand over 10 rounds: TFT gets 3 with itself and 9/10 against ALLD, which gets 14/10.
/// assert_eq!(t.payoffs, [[3.0, 0.9], [1.4, 1.0]]);
/// assert!((t.scores[0].mean - 1.95).abs() < 1e-12 && (t.scores[1].mean - 1.2).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tournament(
    strategies: &[MemoryOne],
    pd: &StagePayoffs,
    options: &TournamentOptions,
) -> Result<Tournament, RepeatedError> {
    tournament_with_progress(strategies, pd, options, None)
}

/// [`tournament`], calling `progress` (if given, from any thread) with the repetitions
/// finished so far. Refuses, before playing, more than [`TOURNAMENT_MAX_ROUNDS`] rounds in all
/// or more than [`TOURNAMENT_MAX_KEPT`] scores to keep; memory is `O(repetitions n + n^2)`.
///
/// ```
/// use comity::repeated::{
///     MemoryOne, StagePayoffs, TournamentOptions, tournament, tournament_with_progress,
/// };
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let options = TournamentOptions::new(20, 4, 0.05, 7);
/// let players = [MemoryOne::tft(), MemoryOne::wsls()];
/// let calls = AtomicUsize::new(0);
/// let count = |_done: usize| {
///     calls.fetch_add(1, Ordering::Relaxed);
/// };
/// let t = tournament_with_progress(&players, &pd, &options, Some(&count))?;
/// assert_eq!(calls.load(Ordering::Relaxed), 4); // once per repetition
/// assert_eq!(t, tournament(&players, &pd, &options)?); // same streams, same result
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tournament_with_progress(
    strategies: &[MemoryOne],
    pd: &StagePayoffs,
    options: &TournamentOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<Tournament, RepeatedError> {
    tournament_cancellable(strategies, pd, options, progress, &CancelToken::new())
}

/// [`tournament_with_progress`] that stops, with [`RepeatedError::Interrupted`], once `cancel`
/// is cancelled: each match checks the token before it is played, so a cancelled tournament
/// stops within one match per thread (the Python package cancels on Ctrl-C).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::{MemoryOne, RepeatedError, StagePayoffs, TournamentOptions, tournament_cancellable};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let options = TournamentOptions::new(10, 2, 0.0, 1);
/// let players = [MemoryOne::tft(), MemoryOne::alld()];
/// let cancel = CancelToken::new();
/// let t = tournament_cancellable(&players, &pd, &options, None, &cancel)?;
/// assert_eq!(t.payoffs, [[3.0, 0.9], [1.4, 1.0]]);
/// cancel.cancel();
/// let err = tournament_cancellable(&players, &pd, &options, None, &cancel).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tournament_cancellable(
    strategies: &[MemoryOne],
    pd: &StagePayoffs,
    options: &TournamentOptions,
    progress: Option<&(dyn Fn(usize) + Sync)>,
    cancel: &CancelToken,
) -> Result<Tournament, RepeatedError> {
    let &TournamentOptions { rounds, repetitions, noise, seed } = options;
    probability("noise", noise)?;
    if strategies.is_empty() || rounds == 0 || repetitions == 0 {
        return Err(RepeatedError::Parameter {
            what: "tournament",
            message: format!(
                "{} strategies, {rounds} rounds, {repetitions} repetitions; expected at least one of each",
                strategies.len()
            ),
        });
    }
    let n = strategies.len();
    let pair_count = n as u128 * (n as u128 + 1) / 2;
    // Checked: 2^64 - 1 rounds and repetitions overflow even u128.
    let total = (pair_count * repetitions as u128).checked_mul(rounds as u128);
    if total.is_none_or(|t| t > TOURNAMENT_MAX_ROUNDS) {
        let total = total.map_or_else(|| "more than 2^128".to_string(), |t| t.to_string());
        return Err(RepeatedError::Parameter {
            what: "tournament",
            message: format!(
                "{pair_count} matches x {repetitions} repetitions x {rounds} rounds = {total} rounds; the limit is {TOURNAMENT_MAX_ROUNDS} (fewer rounds or repetitions; exact long-run payoffs need none: `reciprocity match`)"
            ),
        });
    }
    let kept = repetitions as u128 * n as u128 + n as u128 * n as u128;
    if kept > TOURNAMENT_MAX_KEPT {
        return Err(RepeatedError::Parameter {
            what: "tournament",
            message: format!(
                "{repetitions} repetitions x {n} strategies + {n}^2 payoffs = {kept} numbers to keep; the limit is {TOURNAMENT_MAX_KEPT} (fewer repetitions or strategies)"
            ),
        });
    }
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
    let done = AtomicUsize::new(0);
    // One repetition at a time per thread: its matches, each from its own stream, give the
    // repetition's scores and its payoff matrix, summed over repetitions as they finish.
    let per_repetition = |r: usize| -> (Vec<f64>, Vec<Vec<f64>>) {
        let mut m = vec![vec![0.0; n]; n];
        for (k, &(i, j)) in pairs.iter().enumerate() {
            // A cancelled tournament plays no more matches; its result is thrown away below.
            if cancel.is_cancelled() {
                break;
            }
            let unit = k as u64 * repetitions as u64 + r as u64;
            let mut rng = stream(seed, unit);
            // A long match stops inside its round loop too; the tournament's result is thrown
            // away below.
            let Ok((x, y)) =
                play_match_cancellable(&strategies[i], &strategies[j], pd, noise, rounds, &mut rng, cancel)
            else {
                break;
            };
            if i == j {
                // Both sides are the same strategy: its payoff in self-play is the mean of the two.
                m[i][i] = (x + y) / 2.0;
            } else {
                m[i][j] = x;
                m[j][i] = y;
            }
        }
        if cancel.is_cancelled() {
            return (Vec::new(), m);
        }
        if let Some(report) = progress {
            report(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
        (m.iter().map(|row| row.iter().sum::<f64>() / n as f64).collect(), m)
    };
    // Repetitions in chunks of a fixed size, each chunk in parallel and summed in order, so
    // that the sums (and so the result) do not depend on the threads, and only one chunk of
    // payoff matrices is held at a time.
    let chunk = (CHUNK_CELLS / (n * n)).clamp(1, repetitions);
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(repetitions); n];
    let mut sums = vec![vec![0.0; n]; n];
    for start in (0..repetitions).step_by(chunk) {
        let played: Vec<(Vec<f64>, Vec<Vec<f64>>)> =
            (start..(start + chunk).min(repetitions)).into_par_iter().map(per_repetition).collect();
        cancel.check()?;
        for (scores, m) in played {
            for i in 0..n {
                samples[i].push(scores[i]);
                for j in 0..n {
                    sums[i][j] += m[i][j];
                }
            }
        }
    }
    let scores: Vec<Estimate> =
        samples.iter().map(|s| Estimate::from_samples(s, 0.95).expect("at least one repetition")).collect();
    let payoffs: Vec<Vec<f64>> =
        sums.iter().map(|row| row.iter().map(|x| x / repetitions as f64).collect()).collect();
    let mut ranking: Vec<usize> = (0..n).collect();
    ranking.sort_by(|&a, &b| scores[b].mean.total_cmp(&scores[a].mean).then(a.cmp(&b)));
    Ok(Tournament { scores, payoffs, ranking })
}

/// The outcome of a tournament with exact expected scores ([`exact_tournament`]).
///
/// ```
/// use comity::repeated::{StagePayoffs, classic_strategy, exact_tournament};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let players = [classic_strategy("cooperator", &pd)?, classic_strategy("defector", &pd)?];
/// let t = exact_tournament(&players, &pd, 0.0, 200)?;
/// assert_eq!(t.payoffs, [[3.0, 0.0], [5.0, 1.0]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExactTournament {
    /// Each strategy's expected score: its expected payoff per turn averaged over its matches
    /// (its match against itself counted once).
    pub scores: Vec<f64>,
    /// `payoffs[i][j]`: expected payoff per turn of strategy `i` against `j`.
    pub payoffs: Vec<Vec<f64>>,
    /// Strategy indices by descending score (ties by index).
    pub ranking: Vec<usize>,
}

/// A round robin of automaton strategies (each against itself included) in `turns`-round
/// matches with noise `e`, scored by the exact expected payoffs of
/// [`match_payoffs`](super::match_payoffs) rather than by sampled matches: no repetitions and
/// no seed. Matches run in parallel; the result does not depend on threads.
///
/// ```
/// use comity::repeated::{StagePayoffs, classic_strategy, exact_tournament};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let names = ["cooperator", "defector", "tit-for-tat"];
/// let players: Vec<_> = names.iter().map(|n| classic_strategy(n, &pd)).collect::<Result<_, _>>()?;
/// let t = exact_tournament(&players, &pd, 0.0, 200)?;
/// // As the sampled tournament without noise: TFT gets 3, 3 and 199/200.
/// assert!((t.scores[2] - (3.0 + 3.0 + 199.0 / 200.0) / 3.0).abs() < 1e-12);
/// assert_eq!(t.ranking, vec![1, 2, 0]);
/// assert!(exact_tournament(&[], &pd, 0.0, 200).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn exact_tournament(
    strategies: &[super::Automaton],
    pd: &StagePayoffs,
    e: f64,
    turns: usize,
) -> Result<ExactTournament, RepeatedError> {
    exact_tournament_cancellable(strategies, pd, e, turns, &CancelToken::new())
}

/// [`exact_tournament`] that stops, with [`RepeatedError::Interrupted`], once `cancel` is
/// cancelled: each match checks the token before it is computed.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::{RepeatedError, StagePayoffs, classic_strategy, exact_tournament_cancellable};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let players = [classic_strategy("cooperator", &pd)?, classic_strategy("defector", &pd)?];
/// let cancel = CancelToken::new();
/// assert_eq!(exact_tournament_cancellable(&players, &pd, 0.0, 200, &cancel)?.payoffs, [[3.0, 0.0], [5.0, 1.0]]);
/// cancel.cancel();
/// let err = exact_tournament_cancellable(&players, &pd, 0.0, 200, &cancel).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn exact_tournament_cancellable(
    strategies: &[super::Automaton],
    pd: &StagePayoffs,
    e: f64,
    turns: usize,
    cancel: &CancelToken,
) -> Result<ExactTournament, RepeatedError> {
    probability("noise", e)?;
    let n = strategies.len();
    if n == 0 || turns == 0 {
        return Err(RepeatedError::Parameter {
            what: "tournament",
            message: format!("{n} strategies, {turns} turns; expected at least one of each"),
        });
    }
    if n as u128 * n as u128 > TOURNAMENT_MAX_KEPT {
        return Err(RepeatedError::Parameter {
            what: "tournament",
            message: format!("{n} strategies: {n}^2 payoffs to keep; the limit is {TOURNAMENT_MAX_KEPT}"),
        });
    }
    // Each match is bounded on its own; the round robin as a whole is bounded too, by the
    // joint states each pair could reach at most (the product of the automata's sizes).
    let sizes: Vec<u128> = strategies.iter().map(|a| a.states().len() as u128).collect();
    let work: u128 =
        (0..n).map(|i| (i..n).map(|j| sizes[i] * sizes[j]).sum::<u128>()).sum::<u128>() * turns as u128;
    if work > super::MATCH_MAX_WORK {
        return Err(RepeatedError::Parameter {
            what: "tournament",
            message: format!(
                "{n} strategies over {turns} turns could take {work} steps in all; the limit is {} (fewer strategies or turns)",
                super::MATCH_MAX_WORK
            ),
        });
    }
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
    let played: Vec<(f64, f64)> = pairs
        .par_iter()
        .map(|&(i, j)| {
            cancel.check()?;
            super::match_payoffs_cancellable(&strategies[i], &strategies[j], pd, e, turns, cancel)
        })
        .collect::<Result<_, _>>()?;
    let mut payoffs = vec![vec![0.0; n]; n];
    for (&(i, j), &(x, y)) in pairs.iter().zip(&played) {
        if i == j {
            payoffs[i][i] = (x + y) / 2.0;
        } else {
            payoffs[i][j] = x;
            payoffs[j][i] = y;
        }
    }
    let scores: Vec<f64> = payoffs.iter().map(|row| row.iter().sum::<f64>() / n as f64).collect();
    let mut ranking: Vec<usize> = (0..n).collect();
    ranking.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    Ok(ExactTournament { scores, payoffs, ranking })
}
