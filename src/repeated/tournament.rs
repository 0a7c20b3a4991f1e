//! A round-robin tournament of memory-one strategies in the manner of Axelrod.
//!
//! Every pair of strategies, each strategy against itself included, plays `repetitions`
//! matches of `rounds` rounds with implementation noise `e` (see [`play_match`]). A
//! strategy's score in one repetition is its average payoff per round over all its matches
//! (its own match counted once); the tournament reports the mean score over repetitions with
//! a Student-t interval, the mean payoff of each strategy against each other, and the ranking
//! by mean score. Match `k` (pairs in row-major order, `i <= j`) in repetition `r` draws from
//! stream `k * repetitions + r` of the seed, so the result does not depend on threads.
//!
//! # References
//! Axelrod (1980), "Effective choice in the prisoner's dilemma", JCR 24(1); Axelrod (1984),
//! *The Evolution of Cooperation*; Knight et al. (2016), "An open framework for the
//! reproducible study of the iterated prisoner's dilemma", JORS 4(1) (the Axelrod library).
//!
//! ```
//! use comity::repeated::{tournament, MemoryOne, StagePayoffs, TournamentOptions};
//! let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
//! let players = [MemoryOne::allc(), MemoryOne::alld(), MemoryOne::tft()];
//! let options = TournamentOptions { rounds: 200, repetitions: 2, noise: 0.0, seed: 1 };
//! let t = tournament(&players, &pd, &options).unwrap();
//! // Without noise: TFT gets 3 against ALLC and itself and 199/200 against ALLD.
//! assert!((t.scores[2].mean - (3.0 + 3.0 + 199.0 / 200.0) / 3.0).abs() < 1e-12);
//! // ALLD scores (5 + 1 + 204/200)/3 = 2.34 and wins this small field against TFT's 2.33.
//! assert_eq!(t.ranking, vec![1, 2, 0]);
//! ```

use super::{play_match, probability, MemoryOne, RepeatedError, StagePayoffs};
use crate::estimate::Estimate;
use crate::rng::stream;
use rayon::prelude::*;

/// How a tournament is played.
#[derive(Debug, Clone, Copy, PartialEq)]
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

/// The outcome of a tournament.
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

/// Plays the round robin among `strategies` (at least one).
pub fn tournament(
    strategies: &[MemoryOne],
    pd: &StagePayoffs,
    options: &TournamentOptions,
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
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
    let results: Vec<(f64, f64)> = (0..pairs.len() * repetitions)
        .into_par_iter()
        .map(|unit| {
            let (i, j) = pairs[unit / repetitions];
            let mut rng = stream(seed, unit as u64);
            play_match(&strategies[i], &strategies[j], pd, noise, rounds, &mut rng)
        })
        .collect();
    // per_repetition[r][i][j]: payoff of i against j in repetition r.
    let mut per_repetition = vec![vec![vec![0.0; n]; n]; repetitions];
    for (unit, &(x, y)) in results.iter().enumerate() {
        let ((i, j), r) = (pairs[unit / repetitions], unit % repetitions);
        if i == j {
            // Both sides are the same strategy: its payoff in self-play is the mean of the two.
            per_repetition[r][i][i] = (x + y) / 2.0;
        } else {
            per_repetition[r][i][j] = x;
            per_repetition[r][j][i] = y;
        }
    }
    let scores: Vec<Estimate> = (0..n)
        .map(|i| {
            let samples: Vec<f64> =
                per_repetition.iter().map(|m| m[i].iter().sum::<f64>() / n as f64).collect();
            Estimate::from_samples(&samples, 0.95).expect("at least one repetition")
        })
        .collect();
    let payoffs: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n).map(|j| per_repetition.iter().map(|m| m[i][j]).sum::<f64>() / repetitions as f64).collect()
        })
        .collect();
    let mut ranking: Vec<usize> = (0..n).collect();
    ranking.sort_by(|&a, &b| scores[b].mean.total_cmp(&scores[a].mean).then(a.cmp(&b)));
    Ok(Tournament { scores, payoffs, ranking })
}
