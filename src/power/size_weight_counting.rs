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
//! Cost: `O(n^2 D)` additions for the table (`D` the largest threshold) and
//! `O(n^2 D / w_min)` for the removals, modulo each of a few primes (see `residue`): as many
//! as the counts need, bounded by Chernoff's bound on the coalitions of weight at most `D`
//! (`count_bits`), not by `2^n`; memory `O(n D)` residues per prime in flight. The table is
//! multiplied by four players per sweep down its rows (`PrefixTable::multiply_wavefront`), so
//! it crosses memory a quarter as often.
//!
//! Why not the formal-power-series algorithm of Kakimura & Terai (2025), `O(n q log q)` for all
//! players' Shapley-Shubik indices: on the IMF at 85% (`n = 190`, dual quota `q = 755,990`)
//! `n q log2 q` is 2.8e9 butterfly steps (each a modular multiplication) per prime, against the
//! table's 6.1e9 modular additions, which vectorise and need no multiplication; the
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
/// `parallel` runs the primes on several threads (each holds its own table).
///
/// ```
/// use comity::game::{SizeWeightGame, WeightedGame};
/// use comity::power::count_by_size_and_weight;
/// let g = SizeWeightGame::from_weighted(&WeightedGame::new(vec![3, 2, 1], 4).unwrap());
/// let tally = count_by_size_and_weight(&g, false);
/// assert_eq!(tally.winning(), &3u32.into());
/// ```
pub fn count_by_size_and_weight(game: &SizeWeightGame, parallel: bool) -> Tally {
    count_with_moduli(game, &moduli_for(game), parallel)
}

/// Counts modulo `moduli` and recombines; exact when their product exceeds the counts.
fn count_with_moduli(game: &SizeWeightGame, moduli: &[Modulus], parallel: bool) -> Tally {
    let n = game.n();
    let residues: Vec<Residues> = if parallel {
        moduli.par_iter().map(|&m| count_modulo(game, m)).collect()
    } else {
        moduli.iter().map(|&m| count_modulo(game, m)).collect()
    };
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
    Tally::with_sizes(winning, swings_by_size)
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

fn count_modulo(game: &SizeWeightGame, m: Modulus) -> Residues {
    let n = game.n();
    let width = table_width(game) as usize + 1;
    let table = PrefixTable::build(game.weights(), width, m);
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

    let mut swings = vec![0u32; n * n];
    for (i, &w) in game.weights().iter().enumerate() {
        for s in 0..n {
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
            swings[i * n + s] = m.sub(below, under_lo);
        }
    }
    Residues { losing, swings }
}

/// Players multiplied into the table per sweep (see [`PrefixTable::multiply_wavefront`]).
const WAVEFRONT: usize = 4;

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
    m: Modulus,
}

impl PrefixTable {
    fn build(weights: &[u64], width: usize, m: Modulus) -> Self {
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
        let cells = vec![0u32; start[n + 1]];
        let mut table = PrefixTable { width, low, start, cells, m };
        if width == 0 {
            return table;
        }
        table.cells[0] = 1;
        // Row `s` is zero below the least weight of `s` players multiplied in so far, and a
        // pass over a table this size is bound by memory traffic, so each addition starts
        // where its source row starts. Heavy players first keep those starts high for as long
        // as possible: on the IMF at 85% that halves the additions.
        let heavy_first: Vec<u64> = ascending.iter().rev().copied().collect();
        // `lightest[j][s]`: the least weight of `s` of the first `j` players.
        let mut lightest: Vec<Vec<u64>> = Vec::with_capacity(n + 1);
        let mut seen: Vec<u64> = Vec::with_capacity(n);
        lightest.push(vec![0u64; n + 1]);
        for &w in &heavy_first {
            let at = seen.partition_point(|&x| x < w);
            seen.insert(at, w);
            let mut row = vec![0u64; n + 1];
            for s in 1..=seen.len() {
                row[s] = row[s - 1].saturating_add(seen[s - 1]);
            }
            lightest.push(row);
        }
        for block in (0..n).step_by(WAVEFRONT) {
            let players = block..(block + WAVEFRONT).min(n);
            table.multiply_wavefront(&heavy_first, &lightest, players);
        }
        for s in 0..=n {
            m.prefix_sums(&mut table.cells[table.start[s]..table.start[s + 1]]);
        }
        table
    }

    /// Multiplies the table by `(1 + y x^{w_j})` for the players `j` in `players` (in the
    /// heavy-first order) in one sweep down the rows.
    ///
    /// One player at a time, each pass would stream the whole table through memory once. The
    /// sweep instead applies player `players.start + b` to row `r + b` at step `r`, for `r`
    /// going down: row `s` then still holds its value before player `b` (player `b - 1`
    /// reached it at the step before) and row `s - 1` its value after player `b - 1` (at this
    /// step, just before), which is what the product needs. Each step touches a window of
    /// `players.len() + 1` adjacent rows, which the cache keeps between steps, so the table
    /// crosses memory once per block of players instead of once per player.
    fn multiply_wavefront(
        &mut self,
        heavy_first: &[u64],
        lightest: &[Vec<u64>],
        players: std::ops::Range<usize>,
    ) {
        let top = players.start + 1;
        let span = players.len();
        for r in (2 - span as isize..=top as isize).rev() {
            for (b, j) in players.clone().enumerate() {
                let s = r + b as isize;
                if s >= 1 && s as usize <= j + 1 {
                    self.add_shifted_row(s as usize, heavy_first[j], lightest[j][s as usize - 1]);
                }
            }
        }
    }

    /// Row `s` += row `s - 1` shifted by `w`, where row `s - 1` is zero below `from`.
    #[inline]
    fn add_shifted_row(&mut self, s: usize, w: u64, from: u64) {
        let width = self.width;
        let first = from.saturating_add(w);
        if first >= width as u64 {
            return;
        }
        let (first, from) = (first as usize, from as usize);
        let (below, above) = self.cells.split_at_mut(self.start[s]);
        let src = &below[self.start[s - 1] - self.low[s - 1]..];
        let dst = &mut above[..width - self.low[s]];
        let dst = &mut dst[first - self.low[s]..];
        self.m.add_assign_slice(dst, &src[from..width - w as usize]);
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
            let Some(k) = k.checked_sub(j as u64 * w) else { break };
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
    use proptest::prelude::*;

    fn bits(x: &BigUint) -> usize {
        x.bits() as usize
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
            let full = count_with_moduli(&game, &moduli_for_bits(n), false);
            let by_size = full.swings_by_size().expect("counted by size");
            let longest = by_size.iter().flatten().map(bits).max().unwrap_or(0);
            prop_assert!(longest <= bound, "a swing count of {} bits, bound {}", longest, bound);
            if game.thresholds().iter().all(Option::is_some) {
                let losing = (BigUint::one() << n) - full.winning();
                prop_assert!(bits(&losing) <= bound, "{} losing coalitions, bound {} bits", losing, bound);
            }
            prop_assert_eq!(count_by_size_and_weight(&game, false), full);
        }
    }

    #[test]
    fn the_imf_at_85_percent_needs_six_primes_not_seven() {
        // Dual game of the IMF Board at 85%: the 190 members' votes, quota 755,990.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/institutions/imf.toml");
        let game = crate::model::Institution::load(path).unwrap().compile("special_85").unwrap().game;
        let crate::game::Game::Weighted(weighted) = &game else { panic!("a weighted rule") };
        let dual =
            WeightedGame::new(weighted.weights().to_vec(), weighted.total() - weighted.quota() + 1).unwrap();
        let bits = count_bits(&SizeWeightGame::from_weighted(&dual));
        assert!((170..=180).contains(&bits), "{bits} bits");
        assert_eq!(moduli_for(&SizeWeightGame::from_weighted(&dual)).len(), 6);
    }
}
