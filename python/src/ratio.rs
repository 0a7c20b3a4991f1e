//! Ratios of counts as floats, in machine integers when the counts fit.
//!
//! The normalised and absolute Banzhaf indices and Coleman's indices are each a player's swings
//! over a total (all swings, `2^(n-1)`, the winning coalitions, the losing ones; Banzhaf 1965,
//! Coleman 1971). The library states them as reduced fractions of big integers
//! (`comity::power::Tally`) and converts those with `comity::power::to_f64`: reduce by the
//! gcd, shift the numerator so that the integer quotient carries 64 significant bits, divide
//! (truncating), round that truncated quotient to the nearest `f64` and undo the shift: within
//! one unit in the last place of the exact ratio, not always its nearest `f64`. [`ratio_f64`]
//! takes the same steps in `u64` and `u128` arithmetic when both counts fit in 64 bits (every
//! body up to 64 members), so its floats are the library's bit for bit (tested below against
//! it) at a fraction of the cost: on the EU Council the four indices' 108 conversions through
//! big integers were the largest part of the extension's work after the computation. Larger
//! counts take the library's path.

use comity::power::{Tally, to_f64};
use num_bigint::BigUint;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

/// `a / b` as the library's `to_f64` of the reduced fraction gives it, with `0 / 0` read as 0
/// (as the library reads it: a game in which no one can swing).
pub fn ratio_f64(a: &BigUint, b: &BigUint) -> f64 {
    match (a.to_u64(), b.to_u64()) {
        (Some(a), Some(b)) => small_ratio_f64(a, b),
        _ if b.is_zero() => 0.0,
        _ => to_f64(&BigRational::new(a.clone().into(), b.clone().into())),
    }
}

/// [`ratio_f64`] for counts in 64 bits: the quotient of the numerator shifted by
/// `bits(den) - bits(num) + 64` has at most `bits(den) + 64 <= 128` bits before the division
/// and 64 or 65 after it, so `u128` holds both; `as f64` rounds that truncated quotient to
/// nearest, ties to even, as `BigUint::to_f64` does, so the result matches the library bit for
/// bit (and is within one unit in the last place of the exact ratio, not always the nearest).
fn small_ratio_f64(a: u64, b: u64) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    let g = gcd(a, b);
    let (num, den) = (a / g, b / g);
    let bits = |x: u64| 64 - x.leading_zeros();
    let shift = bits(den) + 64 - bits(num);
    let quotient = (u128::from(num) << shift) / u128::from(den);
    quotient as f64 * 2f64.powi(-(shift as i32))
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The index of the extension's column `name` as floats, one per player, computed from the
/// counts of `tally` exactly as `comity::power::PowerIndices` converts its fractions:
/// `"banzhaf"`, `"banzhaf_absolute"`, `"coleman_prevent"` or `"coleman_initiate"`; `None` for
/// another name.
pub fn index_floats(tally: &Tally, name: &str) -> Option<Vec<f64>> {
    let n = tally.n();
    let all = || BigUint::from(1u8) << n;
    let total = match name {
        "banzhaf" => tally.swings().iter().sum(),
        "banzhaf_absolute" => BigUint::from(1u8) << n.saturating_sub(1),
        "coleman_prevent" => tally.winning().clone(),
        "coleman_initiate" => all() - tally.winning(),
        _ => return None,
    };
    Some(tally.swings().iter().map(|s| ratio_f64(s, &total)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use comity::power::{PowerOptions, power_indices};
    use comity::testing::weighted_game;
    use proptest::prelude::*;

    fn library(a: u64, b: u64) -> f64 {
        if b == 0 {
            return 0.0;
        }
        to_f64(&BigRational::new(a.into(), b.into()))
    }

    #[test]
    fn small_ratios_are_the_library_floats_on_hand_picked_counts() {
        // 848 of 5080 swings for a permanent member of the Security Council; halves, thirds,
        // the extremes of 64 bits, and 0 / 0.
        for (a, b) in [
            (848, 5080),
            (1, 2),
            (1, 3),
            (2, 6),
            (u64::MAX, u64::MAX),
            (1, u64::MAX),
            (u64::MAX, 1),
            (0, 5),
            (0, 0),
            (7, 0),
        ] {
            let fast = ratio_f64(&BigUint::from(a), &BigUint::from(b));
            assert_eq!(fast.to_bits(), library(a, b).to_bits(), "{a} / {b}");
        }
        assert_eq!(ratio_f64(&BigUint::from(848u32), &BigUint::from(5080u32)), 848.0 / 5080.0);
    }

    #[test]
    fn counts_beyond_64_bits_take_the_library_path() {
        let big = BigUint::from(3u8) << 100u32;
        let twice = &big * 2u8;
        assert_eq!(ratio_f64(&big, &twice), 0.5);
    }

    proptest! {
        #[test]
        fn ratios_are_the_library_floats_bit_for_bit(a in any::<u64>(), b in any::<u64>(), shift in 0u32..64) {
            // Shifted counts reach every magnitude, not only numbers near 2^63.
            let (a, b) = (a >> shift, b >> (63 - shift));
            let fast = ratio_f64(&BigUint::from(a), &BigUint::from(b));
            prop_assert_eq!(fast.to_bits(), library(a, b).to_bits(), "{} / {}", a, b);
        }

        #[test]
        fn index_floats_are_the_library_indices(game in weighted_game(12, 30)) {
            let power = power_indices(&game, &PowerOptions::default()).unwrap();
            let tally = power.tally();
            for (name, expected) in [
                ("banzhaf", power.banzhaf()),
                ("banzhaf_absolute", power.banzhaf_absolute()),
                ("coleman_prevent", power.coleman_prevent()),
                ("coleman_initiate", power.coleman_initiate()),
            ] {
                let fast = index_floats(tally, name).unwrap();
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                prop_assert_eq!(bits(&fast), bits(&expected), "{}", name);
            }
        }
    }
}
