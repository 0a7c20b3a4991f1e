//! Exact Banzhaf swings of a weighted game from one generating function.
//!
//! `f(x) = prod_j (1 + x^{w_j})` counts coalitions by weight. With prefix sums
//! `F(K) = #{S : w(S) <= K}`, the coalitions of `N \ {i}` satisfy
//! `F_{-i}(K) = sum_m (-1)^m F(K - m w_i)` (division by `1 + x^{w_i}`), and
//! `swings_i = F_{-i}(q - 1) - F_{-i}(q - 1 - w_i)`. One product of `n` factors truncated at
//! degree `q - 1` serves all players: `O(n q)` additions plus `O(sum_i q / w_i)` for the
//! removals, per prime (see `residue`). The IMF's 190 members and 5 million votes take one
//! pass per member over 2.5 million residues.
//!
//! # References
//! Brams & Affuso (1976); Leech (2003), "Computing power indices for large voting games",
//! Management Science 49(6); the removal identity as in Kakimura & Terai (2025),
//! arXiv 2511.14995, sec. 3.

use super::Tally;
use super::residue::{Crt, Modulus, moduli_for_bits};
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{SimpleGame, WeightedGame};
use rayon::prelude::*;

/// Counts winning coalitions and swings of a weighted game exactly (no breakdown by size).
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::count_by_weight;
/// let tally = count_by_weight(&WeightedGame::new(vec![3, 2, 1], 4).unwrap());
/// assert_eq!(tally.swings(), &[3u32.into(), 1u32.into(), 1u32.into()]);
/// ```
pub fn count_by_weight(game: &WeightedGame) -> Tally {
    count_by_weight_cancellable(game, &CancelToken::new()).expect("a fresh token is never cancelled")
}

/// [`count_by_weight`], stopping with [`Interrupted`] once `cancel` is cancelled: it is
/// checked once per player multiplied into the generating function (a pass over at most
/// `quota` cells, a millisecond on the IMF), which costs nothing measurable.
pub(crate) fn count_by_weight_cancellable(
    game: &WeightedGame,
    cancel: &CancelToken,
) -> Result<Tally, Interrupted> {
    let n = game.n();
    let moduli = moduli_for_bits(n);
    let residues: Vec<(u32, Vec<u32>)> =
        moduli.par_iter().map(|&m| count_modulo(game, m, cancel)).collect::<Result<_, _>>()?;
    let crt = Crt::new(&moduli);
    let winning = crt.combine(residues.iter().map(|r| r.0));
    let swings = (0..n).map(|i| crt.combine(residues.iter().map(|r| r.1[i]))).collect();
    Ok(Tally::without_sizes(winning, swings))
}

fn count_modulo(
    game: &WeightedGame,
    m: Modulus,
    cancel: &CancelToken,
) -> Result<(u32, Vec<u32>), Interrupted> {
    let q = game.quota();
    let prefix = losing_by_weight(game.weights(), q as usize, m, cancel)?;
    let without = |w: u64, k: u64| -> u32 {
        let mut acc = 0;
        for (j, k) in (0..).map(|j| (j, k.checked_sub(j * w))).map_while(|(j, k)| k.map(|k| (j, k))) {
            let c = prefix[k as usize];
            acc = if j % 2 == 0 { m.add(acc, c) } else { m.sub(acc, c) };
        }
        acc
    };
    let swings = game
        .weights()
        .iter()
        .map(|&w| match w {
            0 => 0,
            w => {
                let under = (q - 1).checked_sub(w).map_or(0, |k| without(w, k));
                m.sub(without(w, q - 1), under)
            }
        })
        .collect();
    let mut all = 1u32;
    for _ in 0..game.n() {
        all = m.add(all, all);
    }
    Ok((m.sub(all, prefix[q as usize - 1]), swings))
}

/// Prefix sums `F(0..width)` of `prod_j (1 + x^{w_j})` modulo a prime.
fn losing_by_weight(
    weights: &[u64],
    width: usize,
    m: Modulus,
    cancel: &CancelToken,
) -> Result<Vec<u32>, Interrupted> {
    let mut f = vec![0u32; width];
    f[0] = 1;
    let mut sorted = weights.to_vec();
    // Light players first: the highest non-zero degree (`reach`) then grows slowly, and each
    // pass only touches degrees up to it.
    sorted.sort_unstable();
    let mut reach = 0usize;
    for w in sorted {
        cancel.check()?;
        let w = w as usize;
        if w == 0 {
            f.iter_mut().for_each(|x| *x = m.add(*x, *x));
            continue;
        }
        reach = (reach + w).min(width - 1);
        // In place from the top, one block of `w` at a time: each block reads the block `w`
        // below it, which this pass has not reached yet. The slices are disjoint, so the
        // loop vectorises.
        let mut hi = reach + 1;
        while hi > w {
            let lo = w.max(hi - w);
            let (left, right) = f.split_at_mut(lo);
            m.add_assign_slice(&mut right[..hi - lo], &left[lo - w..hi - w]);
            hi = lo;
        }
    }
    m.prefix_sums(&mut f);
    Ok(f)
}
