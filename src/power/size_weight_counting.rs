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
//! `O(n^2 D / w_min)` for the removals, modulo each of `n / 30 + 2` primes (see `residue`);
//! memory `O(n D)` residues per prime in flight.
//!
//! # References
//! Brams & Affuso (1976) and Bilbao, Fernández, Jiménez Losada & López (2000), TOP 8(2), for
//! generating functions by size and weight; removal by division of the generating function as
//! in Kakimura & Terai (2025), arXiv 2511.14995.

use super::Tally;
use super::residue::{Crt, Modulus, moduli_for_bits};
use crate::game::{SimpleGame, SizeWeightGame};
use num_bigint::BigUint;
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
    let n = game.n();
    let moduli = moduli_for_bits(n);
    let residues: Vec<Residues> = if parallel {
        moduli.par_iter().map(|&m| count_modulo(game, m)).collect()
    } else {
        moduli.iter().map(|&m| count_modulo(game, m)).collect()
    };
    let crt = Crt::new(&moduli);
    let winning = crt.combine(residues.iter().map(|r| r.winning));
    let swings_by_size: Vec<Vec<BigUint>> = (0..n)
        .map(|i| (0..n).map(|s| crt.combine(residues.iter().map(|r| r.swings[i * n + s]))).collect())
        .collect();
    Tally::with_sizes(winning, swings_by_size)
}

/// Counts modulo one prime.
struct Residues {
    winning: u32,
    /// `swings[i * n + s]`.
    swings: Vec<u32>,
}

fn count_modulo(game: &SizeWeightGame, m: Modulus) -> Residues {
    let n = game.n();
    let width = table_width(game) as usize + 1;
    let table = PrefixTable::build(game.weights(), width, m);
    let binom_n = binomials_mod(n, m);
    let binom_rest = binomials_mod(n - 1, m);
    let theta = game.thresholds();

    let mut winning = 0;
    for (s, t) in theta.iter().enumerate() {
        if let Some(t) = *t {
            let losing = if t == 0 { 0 } else { table.at(s, t - 1) };
            winning = m.add(winning, m.sub(binom_n[s], losing));
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
    Residues { winning, swings }
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
        // Row `s` is zero below the least weight of `s` players multiplied in so far
        // (`lightest[s]`), and a pass over a table this size is bound by memory traffic, so
        // each addition starts where its source row starts. Heavy players first keep those
        // starts high for as long as possible: on the IMF at 85% that halves the additions.
        let mut seen: Vec<u64> = Vec::with_capacity(n);
        let mut lightest = vec![0u64; n + 1];
        for (j, &w) in ascending.iter().rev().enumerate() {
            // Multiply by (1 + y x^w): row s gains row s-1 shifted by w. Rows are visited from
            // the top so that each reads the previous stage of the row below.
            for s in (1..=j + 1).rev() {
                let first = lightest[s - 1].saturating_add(w);
                if first >= width as u64 {
                    continue;
                }
                let (first, from) = (first as usize, lightest[s - 1] as usize);
                let (below, above) = table.cells.split_at_mut(table.start[s]);
                let src = &below[table.start[s - 1] - table.low[s - 1]..];
                let dst = &mut above[..width - table.low[s]];
                let dst = &mut dst[first - table.low[s]..];
                m.add_assign_slice(dst, &src[from..width - w as usize]);
            }
            let at = seen.partition_point(|&x| x < w);
            seen.insert(at, w);
            for s in 1..=j + 1 {
                lightest[s] = lightest[s - 1].saturating_add(seen[s - 1]);
            }
        }
        for s in 0..=n {
            m.prefix_sums(&mut table.cells[table.start[s]..table.start[s + 1]]);
        }
        table
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
