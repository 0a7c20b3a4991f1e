//! Exact counting for size-and-weight games with large weights, by meet in the middle.
//!
//! When weights are populations (the EU Council: 450 million people), a table indexed by
//! weight is out of reach, but a body of up to about 40 members splits into two halves of at
//! most `2^20` coalitions each. Each half's coalitions are listed with their size and weight,
//! bucketed by size and sorted by weight. A coalition `S = A ∪ B` of size `s = |A| + |B|` is a
//! swing of `i` when `theta(s+1) - w_i <= w(A) + w(B) < theta(s)`; for each pair of sizes, the
//! pairs with `w(A) + w(B)` below a bound are counted by one merge-like sweep (two pointers).
//! For a player in one half, that half's lists omit the coalitions containing the player.
//!
//! Cost: `O(2^(n/2) n)` to list and sort, and `O(n^2 2^(n/2))` sweeps per player.
//!
//! # References
//! Horowitz & Sahni (1974), "Computing partitions with applications to the knapsack problem",
//! JACM 21(2) (the two-list method); applied to power indices by Klinz & Woeginger (2005),
//! "Faster algorithms for computing power indices in weighted voting games", Mathematical
//! Social Sciences 49(1).

use super::{PowerError, Tally};
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{SimpleGame, SizeWeightGame};
use num_bigint::BigUint;
use rayon::prelude::*;

/// The largest body counted by meet in the middle (`2^20` coalitions per half).
///
/// ```
/// use comity::game::SizeWeightGame;
/// use comity::power::{count_meet_in_the_middle, MEET_IN_THE_MIDDLE_MAX_PLAYERS};
/// let n = MEET_IN_THE_MIDDLE_MAX_PLAYERS + 1;
/// let too_big = SizeWeightGame::new(vec![1; n], vec![Some(n as u64); n + 1])?;
/// assert!(count_meet_in_the_middle(&too_big).is_err());
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub const MEET_IN_THE_MIDDLE_MAX_PLAYERS: usize = 40;

/// Counts winning coalitions and swings by size exactly, for at most
/// [`MEET_IN_THE_MIDDLE_MAX_PLAYERS`] players.
///
/// ```
/// use comity::game::SizeWeightGame;
/// use comity::power::count_meet_in_the_middle;
/// // Two of three members carrying at least 100 million people.
/// let g = SizeWeightGame::new(vec![80_000_000, 30_000_000, 20_000_000],
///                             vec![None, None, Some(100_000_000), Some(100_000_000)]).unwrap();
/// let tally = count_meet_in_the_middle(&g).unwrap();
/// // {0, 1} (110 million), {0, 2} (100 million) and {0, 1, 2} win; {1, 2} (50 million) does not.
/// assert_eq!(tally.winning(), &3u32.into());
/// assert_eq!(tally.swings(), &[3u32.into(), 1u32.into(), 1u32.into()]);
/// ```
pub fn count_meet_in_the_middle(game: &SizeWeightGame) -> Result<Tally, PowerError> {
    count_meet_in_the_middle_cancellable(game, &CancelToken::new())
}

/// [`count_meet_in_the_middle`], stopping with [`PowerError::Interrupted`] once `cancel` is
/// cancelled: it is checked once per player and per size of that player's half (a merge of
/// sorted lists of up to `2^20` weights), which costs nothing measurable.
pub(crate) fn count_meet_in_the_middle_cancellable(
    game: &SizeWeightGame,
    cancel: &CancelToken,
) -> Result<Tally, PowerError> {
    let n = game.n();
    if n > MEET_IN_THE_MIDDLE_MAX_PLAYERS {
        return Err(PowerError::NoExactBackend {
            n,
            reason: format!("meet in the middle stops at {MEET_IN_THE_MIDDLE_MAX_PLAYERS} players"),
        });
    }
    let weights = game.weights();
    let split = n / 2;
    let halves = [(0..split).collect::<Vec<_>>(), (split..n).collect::<Vec<_>>()];
    cancel.check()?;
    let listed: Vec<Vec<Entry>> = halves.iter().map(|h| list_subsets(h, weights)).collect();
    let full: Vec<Buckets> =
        listed.iter().zip(&halves).map(|(l, h)| Buckets::new(l, None, h.len())).collect();
    let theta = game.thresholds();

    let mut winning = 0u64;
    for (s1, a) in full[0].by_size.iter().enumerate() {
        cancel.check()?;
        for (s2, b) in full[1].by_size.iter().enumerate() {
            if let Some(t) = theta[s1 + s2] {
                winning += a.len() as u64 * b.len() as u64 - pairs_below(a, b, t);
            }
        }
    }

    let swings_by_size: Vec<Vec<BigUint>> = (0..n)
        .into_par_iter()
        .map(|i| {
            cancel.check()?;
            let (own, other) = if i < split { (0, 1) } else { (1, 0) };
            let local = if i < split { i } else { i - split };
            let mine = Buckets::new(&listed[own], Some(local), halves[own].len());
            let theirs = &full[other];
            let mut by_size = vec![0u64; n];
            for (s1, a) in mine.by_size.iter().enumerate().filter(|(_, a)| !a.is_empty()) {
                cancel.check()?;
                for (s2, b) in theirs.by_size.iter().enumerate() {
                    let s = s1 + s2;
                    let Some(join) = theta[s + 1] else { continue };
                    let lo = join.saturating_sub(weights[i]);
                    let below = match theta[s] {
                        None => a.len() as u64 * b.len() as u64,
                        Some(t) if t <= lo => continue,
                        Some(t) => pairs_below(a, b, t),
                    };
                    by_size[s] += below - pairs_below(a, b, lo);
                }
            }
            Ok(by_size.into_iter().map(BigUint::from).collect())
        })
        .collect::<Result<_, Interrupted>>()?;
    Ok(Tally::with_sizes(winning.into(), swings_by_size))
}

/// A coalition of one half: its weight, size and members (bits of the half's local indices).
#[derive(Clone, Copy)]
struct Entry {
    weight: u64,
    size: u32,
    mask: u32,
}

/// All coalitions of `players`, sorted by weight.
fn list_subsets(players: &[usize], weights: &[u64]) -> Vec<Entry> {
    let mut entries = vec![Entry { weight: 0, size: 0, mask: 0 }];
    for (local, &p) in players.iter().enumerate() {
        let extended: Vec<Entry> = entries
            .iter()
            .map(|e| Entry { weight: e.weight + weights[p], size: e.size + 1, mask: e.mask | 1 << local })
            .collect();
        entries.extend(extended);
    }
    entries.sort_unstable_by_key(|e| e.weight);
    entries
}

/// Weights of a half's coalitions, by size, each list ascending.
struct Buckets {
    by_size: Vec<Vec<u64>>,
}

impl Buckets {
    /// Buckets the entries, leaving out those containing local player `excluded`.
    fn new(entries: &[Entry], excluded: Option<usize>, half_size: usize) -> Self {
        let mut by_size = vec![Vec::new(); half_size + 1];
        let skip = excluded.map_or(0, |l| 1u32 << l);
        for e in entries.iter().filter(|e| e.mask & skip == 0) {
            by_size[e.size as usize].push(e.weight);
        }
        Buckets { by_size }
    }
}

/// `#{(a, b) : a + b < bound}` for ascending lists `a` and `b`.
fn pairs_below(a: &[u64], b: &[u64], bound: u64) -> u64 {
    let mut j = b.len();
    let mut count = 0u64;
    for &x in a {
        while j > 0 && x + b[j - 1] >= bound {
            j -= 1;
        }
        if j == 0 {
            break;
        }
        count += j as u64;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_below_counts_sums_under_the_bound() {
        assert_eq!(pairs_below(&[1, 2, 5], &[0, 3], 5), 3); // 1+0, 1+3, 2+0; not 2+3 = 5
        assert_eq!(pairs_below(&[], &[0, 3], 5), 0);
    }
}
