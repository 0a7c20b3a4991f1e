//! Exact counting by size and weight: generating functions with per-player removal.
//!
//! For weights `w_j`, the bivariate generating function
//! `f(x, y) = prod_j (1 + y x^{w_j})` has `[y^s x^k] f` = the number of coalitions of size `s`
//! and weight `k`. The coalitions of `N \ {i}` are `f / (1 + y x^{w_i})`; with prefix sums
//! over the weight, `C(s, K) = #{S : |S| = s, w(S) <= K}`, removal is the alternating sum
//! `C_{-i}(s, K) = sum_m (-1)^m C(s - m, K - m w_i)`, so one table serves every player
//! (no pass per player). In a size-and-weight game a swing of `i` of size `s` is an `S` with
//! `theta(s+1) - w_i <= w(S) < theta(s)`, which two table look-ups count.
//!
//! Cost: at most `O(n^2 D)` additions for the table (`D` the largest threshold) and
//! `O(n^2 D / w_min)` look-ups for the removals, modulo each of a few primes (see `residue`):
//! as many as the counts need, bounded by Chernoff's bound on the coalitions of weight at most
//! `D` (`count_bits`), not by `2^n`. The players are multiplied in lightest first, and each
//! addition covers only the band where its source row can be non-zero: after the `j` lightest
//! players, row `s` lies between the weights of the `s` lightest and the `s` heaviest of them
//! (`Shift`). On the IMF at 85% that is 3.4e9 additions per prime, where multiplying the
//! heaviest first (bounded below only) took 6.1e9. The table is multiplied by four players per
//! sweep down its rows (`schedule`), so it crosses memory a quarter as often.
//!
//! Memory: one table of `O(n D)` residues (`table_cells`), reused from prime to prime. With
//! `parallel`, each row addition is split between the threads instead of giving each thread a
//! prime and a table of its own: half the memory, and the rows that a sweep keeps in the shared
//! cache are one table's, not two.
//!
//! Why not the formal-power-series algorithm of Kakimura & Terai (2025), `O(n q log q)` for all
//! players' Shapley-Shubik indices: on the IMF at 85% (`n = 190`, dual quota `q = 755,990`)
//! `n q log2 q` is 2.8e9 butterfly steps (each a modular multiplication) per prime, against the
//! table's 3.4e9 modular additions, which vectorise and need no multiplication; the
//! evaluation-interpolation variant needs `n` products of `n` binomials up to degree `q`
//! (`n^2 q` = 2.7e10 multiplications). The table stays the faster exact path at this scale;
//! removal by division is taken from them.
//!
//! # References
//! Brams & Affuso (1976) and Bilbao, Fernández, Jiménez Losada & López (2000), TOP 8(2), for
//! generating functions by size and weight; removal by division of the generating function as
//! in Kakimura & Terai (2025), arXiv 2511.14995.

use super::Tally;
use super::residue::{Crt, Modulus, moduli_for_bits};
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{SimpleGame, SizeWeightGame};
use num_bigint::BigUint;
use num_traits::{One, Zero};
use rayon::prelude::*;

/// The number of table cells (`(n + 1) (D + 1)`) that counting `game` needs per prime.
/// Row `s` holds the columns from the weight of the `s` lightest players up to the width.
pub(crate) fn table_cells(game: &SizeWeightGame) -> u128 {
    let width = table_width(game) as u128 + 1;
    let mut ascending = game.weights().to_vec();
    ascending.sort_unstable();
    let mut low = 0u128;
    let mut cells = width;
    for &w in &ascending {
        low += w as u128;
        cells += width.saturating_sub(low);
    }
    cells
}

/// The largest weight at which prefix counts are read: `max theta(s) - 1`, capped at the total.
fn table_width(game: &SizeWeightGame) -> u64 {
    let top = game.thresholds().iter().flatten().map(|t| t.saturating_sub(1)).max().unwrap_or(0);
    top.min(game.total())
}

/// Counts winning coalitions and swings by size exactly, with the table by size and weight.
/// `parallel` splits each addition of one row into another between the threads (the primes
/// are counted one after another, in one table).
///
/// ```
/// use comity::game::{SizeWeightGame, WeightedGame};
/// use comity::power::count_by_size_and_weight;
/// let g = SizeWeightGame::from_weighted(&WeightedGame::new(vec![3, 2, 1], 4).unwrap());
/// let tally = count_by_size_and_weight(&g, false);
/// assert_eq!(tally.winning(), &3u32.into());
/// ```
pub fn count_by_size_and_weight(game: &SizeWeightGame, parallel: bool) -> Tally {
    count_by_size_and_weight_cancellable(game, parallel, &CancelToken::new())
        .expect("a fresh token is never cancelled")
}

/// [`count_by_size_and_weight`], stopping with [`Interrupted`] once `cancel` is cancelled: it
/// is checked before each prime and every [`CHECK_EVERY_SHIFTS`] row additions.
pub(crate) fn count_by_size_and_weight_cancellable(
    game: &SizeWeightGame,
    parallel: bool,
    cancel: &CancelToken,
) -> Result<Tally, Interrupted> {
    count_with_moduli(game, &moduli_for(game), parallel.then_some(PARALLEL_MIN_CELLS), cancel)
}

/// Row additions between two checks of the cancellation token. A row addition is up to a
/// table's width (a million cells on the IMF), so a check per few of them costs nothing
/// measurable and still stops a count within milliseconds.
const CHECK_EVERY_SHIFTS: usize = 16;

/// Row additions at least this long are split between threads when counting in parallel:
/// shorter ones cost less than handing half of them to another thread.
const PARALLEL_MIN_CELLS: usize = 1 << 16;

/// Counts modulo `moduli` and recombines; exact when their product exceeds the counts.
/// `split`: the shortest row addition to split between threads, or `None` for one thread.
fn count_with_moduli(
    game: &SizeWeightGame,
    moduli: &[Modulus],
    split: Option<usize>,
    cancel: &CancelToken,
) -> Result<Tally, Interrupted> {
    let n = game.n();
    cancel.check()?;
    let mut table = PrefixTable::new(game.weights(), table_width(game) as usize + 1);
    let residues: Vec<Residues> = moduli
        .iter()
        .map(|&m| {
            table.count(m, split, cancel)?;
            Ok(residues_from(game, &table, split.is_some()))
        })
        .collect::<Result<_, Interrupted>>()?;
    let crt = Crt::new(moduli);
    // Winning coalitions are counted as all coalitions of a winning size less the losing ones,
    // so that only counts within the table's bound pass through the residues.
    let losing = crt.combine(residues.iter().map(|r| r.losing));
    let mut winning = BigUint::zero();
    let mut binomial = BigUint::one();
    for (s, t) in game.thresholds().iter().enumerate() {
        if t.is_some() {
            winning += &binomial;
        }
        binomial = binomial * (n - s) / (s + 1);
    }
    let winning = winning - losing;
    let swings_by_size: Vec<Vec<BigUint>> = (0..n)
        .map(|i| (0..n).map(|s| crt.combine(residues.iter().map(|r| r.swings[i * n + s]))).collect())
        .collect();
    Ok(Tally::with_sizes(winning, swings_by_size))
}

/// The primes that counting `game` needs: their product must exceed every count reported.
pub(crate) fn moduli_for(game: &SizeWeightGame) -> Vec<Modulus> {
    moduli_for_bits(count_bits(game))
}

/// An upper bound on the bits of every count that [`count_by_size_and_weight`] recombines.
///
/// They are counts of coalitions of weight at most the table's width (losing coalitions,
/// swings below a threshold), at most `#{S : w(S) <= D}`, except swings of sizes with no
/// threshold, at most `C(n - 1, s)`. Chernoff's bound, `#{S : w(S) <= D} <= x^-D prod_j (1 +
/// x^{w_j})` for every `0 < x <= 1`, is minimised over `ln x` (the logarithm is convex in it).
/// On the IMF at 85% (dual quota 755,990) it gives 175 bits instead of 190: six primes, not
/// seven.
fn count_bits(game: &SizeWeightGame) -> usize {
    let n = game.n();
    let d = table_width(game) as f64;
    let log_bound = |lambda: f64| -> f64 {
        -lambda * d + game.weights().iter().map(|&w| (lambda * w as f64).exp().ln_1p()).sum::<f64>()
    };
    let w_min = game.weights().iter().copied().filter(|&w| w > 0).min().unwrap_or(1) as f64;
    let (mut lo, mut hi) = (-60.0 / w_min, 0.0f64);
    for _ in 0..200 {
        let (a, b) = (lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0);
        if log_bound(a) < log_bound(b) { hi = b } else { lo = a }
    }
    // One bit of margin covers the rounding of a sum of `n` logarithms many times over.
    let mut bits = (log_bound(lo).min(log_bound(hi)) / std::f64::consts::LN_2 + 1.0).ceil().max(1.0);
    let theta = game.thresholds();
    let mut log2_binomial = 0.0f64; // log2 C(n - 1, s)
    for s in 0..n {
        if theta[s].is_none() && theta[s + 1].is_some() {
            bits = bits.max((log2_binomial + 1.0).ceil());
        }
        log2_binomial += ((n - 1 - s) as f64 / (s + 1) as f64).log2();
    }
    (bits as usize).min(n)
}

/// Counts modulo one prime.
struct Residues {
    /// Coalitions of a size that can win, but below its threshold.
    losing: u32,
    /// `swings[i * n + s]`.
    swings: Vec<u32>,
}

/// Reads the losing coalitions and every player's swings by size off a counted table.
/// `parallel` shares the players out between threads.
fn residues_from(game: &SizeWeightGame, table: &PrefixTable, parallel: bool) -> Residues {
    let n = game.n();
    let m = table.m;
    let binom_rest = binomials_mod(n - 1, m);
    let theta = game.thresholds();

    let mut losing = 0;
    for (s, t) in theta.iter().enumerate() {
        if let Some(t) = *t
            && t > 0
        {
            losing = m.add(losing, table.at(s, t - 1));
        }
    }

    let swings_of = |w: u64| -> Vec<u32> {
        let mut row = vec![0u32; n];
        for (s, swings) in row.iter_mut().enumerate() {
            let Some(join) = theta[s + 1] else { continue };
            let lo = join.saturating_sub(w);
            // Below `theta(s)` the swing coalition itself still loses.
            let below = match theta[s] {
                None => binom_rest[s],
                Some(0) => continue,
                Some(t) if lo > t - 1 => continue,
                Some(t) => table.without(w, s, t - 1),
            };
            let under_lo = if lo == 0 { 0 } else { table.without(w, s, lo - 1) };
            *swings = m.sub(below, under_lo);
        }
        row
    };
    let weights = game.weights();
    let rows: Vec<Vec<u32>> = if parallel {
        weights.par_iter().map(|&w| swings_of(w)).collect()
    } else {
        weights.iter().map(|&w| swings_of(w)).collect()
    };
    Residues { losing, swings: rows.concat() }
}

/// Players multiplied into the table per sweep (see [`schedule`]).
const WAVEFRONT: usize = 4;

/// One step of multiplying the table by `(1 + y x^weight)`: row `row` += row `row - 1` shifted
/// by `weight`, on the columns `first..end` of row `row`, outside which the shifted row
/// `row - 1` is zero or the table ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    row: usize,
    weight: usize,
    first: usize,
    end: usize,
}

/// The shifts that multiply a table of `width` columns by `(1 + y x^{w_j})` for every player,
/// lightest first, `WAVEFRONT` players per sweep down the rows.
///
/// Before player `j` (in ascending order) is multiplied in, row `s - 1` counts coalitions of
/// `s - 1` of the players `0..j`: their weight lies between that of the `s - 1` lightest and
/// that of the `s - 1` heaviest of those. Lightest first, the first bound is the same for every
/// `j` and the second stays low for as long as possible.
///
/// A sweep applies player `block + b` to row `r + b` at step `r`, for `r` going down: row `s`
/// then still holds its value before player `b` (player `b - 1` reached it at the step before)
/// and row `s - 1` its value after player `b - 1` (at this step, just before), which is what
/// the product needs. Each step touches a window of `WAVEFRONT + 1` adjacent rows, which the
/// cache keeps between steps, so the table crosses memory once per block of players instead of
/// once per player.
fn schedule(ascending: &[u64], width: usize) -> Vec<Shift> {
    let n = ascending.len();
    // `lightest[k]`: the weight of the `k` lightest players (the total fits a `u64`).
    let lightest: Vec<u64> = std::iter::once(0)
        .chain(ascending.iter().scan(0u64, |sum, &w| {
            *sum += w;
            Some(*sum)
        }))
        .collect();
    let mut shifts = Vec::new();
    for block in (0..n).step_by(WAVEFRONT) {
        let players = block..(block + WAVEFRONT).min(n);
        let span = players.len() as isize;
        for r in (2 - span..=block as isize + 1).rev() {
            for (b, j) in players.clone().enumerate() {
                let s = r + b as isize;
                if s < 1 || s as usize > j + 1 {
                    continue;
                }
                let s = s as usize;
                let w = ascending[j];
                // The `s - 1` heaviest of the players `0..j` are `j + 1 - s..j`.
                let (low, high) = (lightest[s - 1], lightest[j] - lightest[j + 1 - s]);
                let first = low.saturating_add(w);
                let end = high.saturating_add(w).saturating_add(1).min(width as u64);
                if first < end {
                    shifts.push(Shift {
                        row: s,
                        weight: w as usize,
                        first: first as usize,
                        end: end as usize,
                    });
                }
            }
        }
    }
    shifts
}

/// `C(s, K)`: coalitions of size `s` and weight at most `K`, modulo a prime.
///
/// Row `s` is zero below `low[s]`, the weight of the `s` lightest players, so only columns
/// `low[s]..width` are stored (on the IMF at 85% that is half the table).
struct PrefixTable {
    width: usize,
    /// `low[s]`, capped at `width` (an empty row).
    low: Vec<usize>,
    /// Where row `s` starts in `cells`.
    start: Vec<usize>,
    cells: Vec<u32>,
    /// The multiplication by every player, in order (see [`schedule`]).
    shifts: Vec<Shift>,
    /// The prime of the last [`PrefixTable::count`].
    m: Modulus,
}

impl PrefixTable {
    /// The layout and schedule for `weights`, with no prime counted yet.
    fn new(weights: &[u64], width: usize) -> Self {
        let n = weights.len();
        let mut ascending = weights.to_vec();
        ascending.sort_unstable();
        let mut low = vec![0usize; n + 1];
        for s in 1..=n {
            low[s] = (low[s - 1] as u64).saturating_add(ascending[s - 1]).min(width as u64) as usize;
        }
        let mut start = vec![0usize; n + 2];
        for s in 0..=n {
            start[s + 1] = start[s] + (width - low[s]);
        }
        let shifts = schedule(&ascending, width);
        let cells = vec![0u32; start[n + 1]];
        PrefixTable { width, low, start, cells, shifts, m: Modulus(1) }
    }

    /// Fills the table with `C(s, K) mod m`. `split`: the shortest row addition to share out
    /// between threads, or `None` for one thread.
    fn count(&mut self, m: Modulus, split: Option<usize>, cancel: &CancelToken) -> Result<(), Interrupted> {
        cancel.check()?;
        self.m = m;
        match split {
            Some(_) => self.cells.par_chunks_mut(PARALLEL_MIN_CELLS).for_each(|c| c.fill(0)),
            None => self.cells.fill(0),
        }
        if self.width == 0 {
            return Ok(());
        }
        self.cells[0] = 1;
        self.multiply(split, cancel)?;
        let mut rows = Vec::with_capacity(self.low.len());
        let mut rest = &mut self.cells[..];
        for s in 0..self.low.len() {
            let (row, tail) = rest.split_at_mut(self.start[s + 1] - self.start[s]);
            rows.push(row);
            rest = tail;
        }
        match split {
            Some(_) => rows.par_iter_mut().for_each(|row| m.prefix_sums(row)),
            None => rows.iter_mut().for_each(|row| m.prefix_sums(row)),
        }
        Ok(())
    }

    /// Multiplies the table by `(1 + y x^{w_j})` for every player, shift by shift.
    fn multiply(&mut self, split: Option<usize>, cancel: &CancelToken) -> Result<(), Interrupted> {
        let m = self.m;
        for (k, &Shift { row, weight, first, end }) in self.shifts.iter().enumerate() {
            if k % CHECK_EVERY_SHIFTS == 0 {
                cancel.check()?;
            }
            let (below, above) = self.cells.split_at_mut(self.start[row]);
            let from = self.start[row - 1] + first - weight - self.low[row - 1];
            let src = &below[from..from + (end - first)];
            let dst = &mut above[first - self.low[row]..end - self.low[row]];
            match split {
                Some(min) if dst.len() >= min.max(2) => {
                    // As many pieces as threads, but none shorter than half the threshold.
                    let piece = dst.len().div_ceil(rayon::current_num_threads()).max(min.div_ceil(2));
                    dst.par_chunks_mut(piece)
                        .zip(src.par_chunks(piece))
                        .for_each(|(d, s)| m.add_assign_slice(d, s));
                }
                _ => m.add_assign_slice(dst, src),
            }
        }
        Ok(())
    }

    fn at(&self, s: usize, k: u64) -> u32 {
        let k = (k as usize).min(self.width - 1);
        if k < self.low[s] { 0 } else { self.cells[self.start[s] + k - self.low[s]] }
    }

    /// `C_{-i}(s, K)` for a player of weight `w`: the alternating sum over `m` of
    /// `C(s - m, K - m w)`.
    fn without(&self, w: u64, s: usize, k: u64) -> u32 {
        let mut acc = 0u32;
        for j in 0..=s {
            let Some(k) = k.checked_sub(w.saturating_mul(j as u64)) else { break };
            let c = self.at(s - j, k);
            acc = if j % 2 == 0 { self.m.add(acc, c) } else { self.m.sub(acc, c) };
        }
        acc
    }
}

/// `C(n, 0..=n) mod p` by Pascal's rule.
fn binomials_mod(n: usize, m: Modulus) -> Vec<u32> {
    let mut row = vec![1u32];
    for _ in 0..n {
        let mut next = vec![1u32; row.len() + 1];
        for k in 1..row.len() {
            next[k] = m.add(row[k - 1], row[k]);
        }
        row = next;
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::WeightedGame;
    use crate::power::brute_force;
    use proptest::prelude::*;

    fn bits(x: &BigUint) -> usize {
        x.bits() as usize
    }

    /// The dual game of the IMF Board at 85%: the 190 members' votes, quota 755,990.
    fn imf_dual_at_85() -> SizeWeightGame {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/institutions/imf.toml");
        let game = crate::model::Institution::load(path).unwrap().compile("special_85").unwrap().game;
        let crate::game::Game::Weighted(weighted) = &game else { panic!("a weighted rule") };
        let dual =
            WeightedGame::new(weighted.weights().to_vec(), weighted.total() - weighted.quota() + 1).unwrap();
        SizeWeightGame::from_weighted(&dual)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The bound on the counts' bits holds: counting with primes for all `n` bits (the
        /// largest any count can have) finds no count longer than the bound, and the primes
        /// the bound picks give the same counts.
        #[test]
        fn the_count_bound_covers_every_count(
            weights in prop::collection::vec(1u64..=60, 20..=64),
            share in 0.02f64..0.98,
        ) {
            let total: u64 = weights.iter().sum();
            let quota = ((total as f64 * share) as u64).clamp(1, total);
            let game = SizeWeightGame::from_weighted(&WeightedGame::new(weights, quota).unwrap());
            let n = game.n();
            let bound = count_bits(&game);
            let full = count_with_moduli(&game, &moduli_for_bits(n), None, &CancelToken::new()).unwrap();
            let by_size = full.swings_by_size().expect("counted by size");
            let longest = by_size.iter().flatten().map(bits).max().unwrap_or(0);
            prop_assert!(longest <= bound, "a swing count of {} bits, bound {}", longest, bound);
            if game.thresholds().iter().all(Option::is_some) {
                let losing = (BigUint::one() << n) - full.winning();
                prop_assert!(bits(&losing) <= bound, "{} losing coalitions, bound {} bits", losing, bound);
            }
            prop_assert_eq!(count_by_size_and_weight(&game, false), full);
        }

        /// Row additions split between threads, in pieces as short as one cell, give brute
        /// force's counts; so does one thread. Weights up to 2,000 make rows long enough to split.
        #[test]
        fn split_row_additions_equal_brute_force(
            weights in prop::collection::vec(0u64..=2_000, 1..=12)
                .prop_filter("some weight", |w| w.iter().sum::<u64>() > 0),
            share in 0.0f64..=1.0,
        ) {
            let total: u64 = weights.iter().sum();
            let quota = ((total as f64 * share) as u64).clamp(1, total);
            let game = SizeWeightGame::from_weighted(&WeightedGame::new(weights, quota).unwrap());
            let truth = brute_force(&game).unwrap();
            let moduli = moduli_for(&game);
            prop_assert_eq!(&count_with_moduli(&game, &moduli, Some(1), &CancelToken::new()).unwrap(), &truth);
            prop_assert_eq!(&count_with_moduli(&game, &moduli, Some(7), &CancelToken::new()).unwrap(), &truth);
            prop_assert_eq!(&count_with_moduli(&game, &moduli, None, &CancelToken::new()).unwrap(), &truth);
        }
    }

    /// The shifts cover every coalition: multiplying without bands (every shift over the whole
    /// row) gives the same table, cell by cell, on random weights including zeros.
    #[test]
    fn banded_shifts_equal_the_full_product() {
        let m = moduli_for_bits(40)[0];
        for seed in 0..40u64 {
            let n = 1 + (seed % 13) as usize;
            let weights: Vec<u64> = (0..n as u64).map(|i| (i * 7 + seed * 13) % 23).collect();
            let width = 1 + (weights.iter().sum::<u64>() as usize * (1 + seed as usize % 3)) / 3;
            let mut table = PrefixTable::new(&weights, width);
            table.count(m, None, &CancelToken::new()).unwrap();
            // The product by the definition: row s += row s - 1 shifted, whole rows, any order.
            let mut full = vec![vec![0u32; width]; n + 1];
            full[0][0] = 1;
            for &w in &weights {
                for s in (1..=n).rev() {
                    for x in (w as usize..width).rev() {
                        full[s][x] = m.add(full[s][x], full[s - 1][x - w as usize]);
                    }
                }
            }
            for (s, row) in full.iter_mut().enumerate() {
                m.prefix_sums(row);
                for (k, &c) in row.iter().enumerate() {
                    assert_eq!(
                        table.at(s, k as u64),
                        c,
                        "weights {weights:?}, width {width}, row {s}, column {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_imf_at_85_percent_needs_six_primes_not_seven() {
        let game = imf_dual_at_85();
        let bits = count_bits(&game);
        assert!((170..=180).contains(&bits), "{bits} bits");
        assert_eq!(moduli_for(&game).len(), 6);
    }

    /// Lightest first, with both bounds on each row: 3,433,777,258 additions per prime on the IMF
    /// at 85% (recounted independently from the sorted votes: 6.1e9 heaviest first with the
    /// lower bound only), in 16,746 shifts.
    #[test]
    fn the_imf_at_85_percent_takes_3_4e9_additions_per_prime() {
        let game = imf_dual_at_85();
        let mut ascending = game.weights().to_vec();
        ascending.sort_unstable();
        let shifts = schedule(&ascending, table_width(&game) as usize + 1);
        let additions: u64 = shifts.iter().map(|s| (s.end - s.first) as u64).sum();
        assert_eq!((additions, shifts.len()), (3_433_777_258, 16_746));
    }
}
