//! Exact counts of a simple game, and the power indices that follow from them.
//!
//! Every index of this module is a ratio of counts. For player `i`, a *swing* is a coalition
//! `S` not containing `i` that loses while `S ∪ {i}` wins; `swings_i(s)` counts those of size
//! `s`, `swings_i` all of them, and `|W|` is the number of winning coalitions. Then
//! - Shapley-Shubik (1954): `sum_s swings_i(s) s! (n-1-s)! / n!`;
//! - absolute Banzhaf (Penrose 1946; Banzhaf 1965): `swings_i / 2^(n-1)`;
//! - normalised Banzhaf: `swings_i / sum_j swings_j`;
//! - Coleman (1971): power of the collectivity to act `|W| / 2^n`, power to prevent action
//!   `swings_i / |W|`, power to initiate action `swings_i / (2^n - |W|)`.
//!
//! Counts are big integers; ratios are exact fractions, converted to `f64` at the end.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, ch. 3 and 6.

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

/// Exact counts of a simple game: winning coalitions and each player's swings.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::brute_force;
/// let tally = brute_force(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
/// // By hand for [4; 3, 2, 1]: 3 winning coalitions; player 0 swings for {1}, {2} and
/// // {1, 2}; players 1 and 2 each for {0}.
/// assert_eq!(tally.winning(), &3u32.into());
/// assert_eq!(tally.swings(), &[3u32.into(), 1u32.into(), 1u32.into()]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    n: usize,
    winning: BigUint,
    swings: Vec<BigUint>,
    swings_by_size: Option<Vec<Vec<BigUint>>>,
}

impl Tally {
    /// Counts with swings broken down by the size of the swing coalition (`swings_by_size[i][s]`
    /// for `s` in `0..n`), from which Shapley-Shubik follows exactly.
    ///
    /// ```
    /// use comity::power::Tally;
    /// use num_bigint::BigUint;
    /// let big = |v: &[u32]| v.iter().map(|&x| BigUint::from(x)).collect::<Vec<_>>();
    /// // [4; 3, 2, 1]: player 0 swings for two coalitions of size 1 and one of size 2.
    /// let tally = Tally::with_sizes(3u32.into(), vec![big(&[0, 2, 1]), big(&[0, 1, 0]), big(&[0, 1, 0])]);
    /// assert_eq!(tally.swings(), &big(&[3, 1, 1])[..]);
    /// assert!(tally.shapley_shubik().is_some());
    /// ```
    pub fn with_sizes(winning: BigUint, swings_by_size: Vec<Vec<BigUint>>) -> Self {
        let swings = swings_by_size.iter().map(|row| row.iter().sum()).collect();
        Tally { n: swings_by_size.len(), winning, swings, swings_by_size: Some(swings_by_size) }
    }

    /// Counts without the size breakdown (enough for Banzhaf and Coleman).
    ///
    /// ```
    /// use comity::power::Tally;
    /// use num_bigint::BigUint;
    /// let tally = Tally::without_sizes(3u32.into(), vec![BigUint::from(3u32), 1u32.into(), 1u32.into()]);
    /// // Banzhaf follows from the swings; Shapley-Shubik needs them by size.
    /// assert!(tally.shapley_shubik().is_none());
    /// assert_eq!(tally.banzhaf()[0], num_rational::BigRational::new(3.into(), 5.into()));
    /// ```
    pub fn without_sizes(winning: BigUint, swings: Vec<BigUint>) -> Self {
        Tally { n: swings.len(), winning, swings, swings_by_size: None }
    }

    /// The number of players.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// assert_eq!(brute_force(&WeightedGame::new(vec![3, 2, 1], 4)?)?.n(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn n(&self) -> usize {
        self.n
    }

    /// The number of winning coalitions `|W|`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// // Majority of 5: the C(5,3) + C(5,4) + C(5,5) = 16 coalitions of 3 or more.
    /// assert_eq!(brute_force(&WeightedGame::new(vec![1; 5], 3)?)?.winning(), &16u32.into());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn winning(&self) -> &BigUint {
        &self.winning
    }

    /// Each player's number of swings.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// // Majority of 5: a member swings when exactly 2 of the other 4 vote yes, C(4, 2) = 6.
    /// let tally = brute_force(&WeightedGame::new(vec![1; 5], 3)?)?;
    /// assert!(tally.swings().iter().all(|s| *s == 6u32.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn swings(&self) -> &[BigUint] {
        &self.swings
    }

    /// Swings by size of the swing coalition, when counted.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_bigint::BigUint;
    /// let tally = brute_force(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let by_size = tally.swings_by_size().unwrap();
    /// // Player 0 swings for {1} and {2} (size 1) and {1, 2} (size 2).
    /// assert_eq!(by_size[0], vec![BigUint::from(0u32), 2u32.into(), 1u32.into()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn swings_by_size(&self) -> Option<&[Vec<BigUint>]> {
        self.swings_by_size.as_deref()
    }

    /// The counts of the dual game (`S` wins in the dual when `N \ S` loses here): every swing
    /// `S` of `i` here is the swing `N \ (S ∪ {i})` there, so swings by size are mirrored and
    /// `|W|` becomes `2^n - |W|`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// let tally = brute_force(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// // The dual's winning coalitions are the 8 - 3 = 5 blocking ones; swings are unchanged.
    /// let dual = tally.clone().dual();
    /// assert_eq!(dual.winning(), &5u32.into());
    /// assert_eq!(dual.swings(), tally.swings());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dual(self) -> Tally {
        let n = self.n;
        let winning = (BigUint::one() << n) - &self.winning;
        let swings_by_size = self
            .swings_by_size
            .map(|rows| rows.into_iter().map(|row| row.into_iter().rev().collect()).collect());
        Tally { n, winning, swings: self.swings, swings_by_size }
    }

    /// The counts of this game embedded in a body of `n` players, as players `members`; the
    /// others are null players. Each coalition of the club combines with any set of outsiders.
    ///
    /// # Panics
    /// If `n` is below this game's number of players or a member is not below `n`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// // Unanimity of two, as members 1 and 3 of a body of 4: each coalition gains any of 4 sets
    /// // of outsiders.
    /// let tally = brute_force(&WeightedGame::new(vec![1, 1], 2)?)?.embed(4, &[1, 3]);
    /// assert_eq!(tally.winning(), &4u32.into());
    /// assert_eq!(tally.swings(), &[0u32.into(), 4u32.into(), 0u32.into(), 4u32.into()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn embed(self, n: usize, members: &[usize]) -> Tally {
        let outsiders = n - self.n;
        let factor = BigUint::one() << outsiders;
        let winning = &self.winning * &factor;
        let binomials = binomial_row(outsiders);
        let mut swings = vec![BigUint::zero(); n];
        let mut by_size = self.swings_by_size.as_ref().map(|_| vec![vec![BigUint::zero(); n]; n]);
        for (k, &m) in members.iter().enumerate() {
            swings[m] = &self.swings[k] * &factor;
            if let (Some(rows), Some(inner)) = (by_size.as_mut(), self.swings_by_size.as_ref()) {
                for (j, count) in inner[k].iter().enumerate() {
                    for (extra, b) in binomials.iter().enumerate() {
                        rows[m][j + extra] += count * b;
                    }
                }
            }
        }
        Tally { n, winning, swings, swings_by_size: by_size }
    }

    /// Shapley-Shubik indices as exact fractions, when swings by size were counted.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_rational::BigRational;
    /// let tally = brute_force(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
    /// // By hand: (2 x 1! 1! + 1 x 2! 0!) / 3! = 2/3 for player 0.
    /// assert_eq!(tally.shapley_shubik(), Some(vec![r(2, 3), r(1, 6), r(1, 6)]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shapley_shubik(&self) -> Option<Vec<BigRational>> {
        let rows = self.swings_by_size.as_ref()?;
        let n = self.n;
        let factorials = factorials(n);
        let denominator = BigInt::from(factorials[n].clone());
        Some(
            rows.iter()
                .map(|row| {
                    let numerator: BigUint = row
                        .iter()
                        .enumerate()
                        .map(|(s, c)| c * &factorials[s] * &factorials[n - 1 - s])
                        .sum();
                    BigRational::new(numerator.into(), denominator.clone())
                })
                .collect(),
        )
    }

    /// Absolute Banzhaf (Penrose) power: `swings_i / 2^(n-1)`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_rational::BigRational;
    /// let tally = brute_force(&WeightedGame::new(vec![1; 5], 3)?)?;
    /// // Majority of 5: 6 swings over 2^4 coalitions of the others (Penrose 1946).
    /// assert_eq!(tally.banzhaf_absolute()[0], BigRational::new(3.into(), 8.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn banzhaf_absolute(&self) -> Vec<BigRational> {
        self.ratios(&(BigUint::one() << (self.n - 1)))
    }

    /// Normalised Banzhaf index: `swings_i / sum_j swings_j`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_rational::BigRational;
    /// let tally = brute_force(&WeightedGame::new(vec![3, 2, 1], 4)?)?;
    /// let r = |a: i64, b: i64| BigRational::new(a.into(), b.into());
    /// // By hand: swings 3, 1, 1 over 5.
    /// assert_eq!(tally.banzhaf(), vec![r(3, 5), r(1, 5), r(1, 5)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn banzhaf(&self) -> Vec<BigRational> {
        self.ratios(&self.swings.iter().sum())
    }

    /// Coleman's power to prevent action: `swings_i / |W|`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_rational::BigRational;
    /// let tally = brute_force(&WeightedGame::new(vec![1; 5], 3)?)?;
    /// // Majority of 5: 6 swings over 16 winning coalitions.
    /// assert_eq!(tally.coleman_prevent()[0], BigRational::new(3.into(), 8.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coleman_prevent(&self) -> Vec<BigRational> {
        self.ratios(&self.winning)
    }

    /// Coleman's power to initiate action: `swings_i / (2^n - |W|)`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_rational::BigRational;
    /// let tally = brute_force(&WeightedGame::new(vec![1; 5], 4)?)?;
    /// // 4 of 5: 6 winning coalitions, 26 losing; a member swings for the C(4, 3) = 4 sets of 3 others.
    /// assert_eq!(tally.coleman_initiate()[0], BigRational::new(4.into(), 26.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coleman_initiate(&self) -> Vec<BigRational> {
        self.ratios(&((BigUint::one() << self.n) - &self.winning))
    }

    /// Coleman's power of the collectivity to act: `|W| / 2^n`.
    ///
    /// ```
    /// use comity::game::WeightedGame;
    /// use comity::power::brute_force;
    /// use num_rational::BigRational;
    /// let tally = brute_force(&WeightedGame::new(vec![1; 5], 4)?)?;
    /// // 4 of 5: 6 of the 32 coalitions win.
    /// assert_eq!(tally.coleman_power_to_act(), BigRational::new(6.into(), 32.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coleman_power_to_act(&self) -> BigRational {
        ratio(&self.winning, &(BigUint::one() << self.n))
    }

    fn ratios(&self, denominator: &BigUint) -> Vec<BigRational> {
        self.swings.iter().map(|s| ratio(s, denominator)).collect()
    }
}

/// `a / b` as a fraction, with `0 / 0` read as 0 (a game in which no one can swing).
fn ratio(a: &BigUint, b: &BigUint) -> BigRational {
    if b.is_zero() {
        return BigRational::zero();
    }
    BigRational::new(a.clone().into(), b.clone().into())
}

/// `0!, 1!, ..., n!`.
pub(crate) fn factorials(n: usize) -> Vec<BigUint> {
    let mut f = vec![BigUint::one()];
    for k in 1..=n {
        let next = &f[k - 1] * k;
        f.push(next);
    }
    f
}

/// `C(n, 0), ..., C(n, n)`.
pub(crate) fn binomial_row(n: usize) -> Vec<BigUint> {
    let mut row = vec![BigUint::one()];
    for k in 0..n {
        let next = &row[k] * (n - k) / (k + 1);
        row.push(next);
    }
    row
}

/// The nearest `f64` to a fraction, correct to about one unit in the last place even when
/// numerator and denominator are far beyond the range of `f64`.
///
/// ```
/// use comity::power::to_f64;
/// use num_bigint::BigInt;
/// use num_rational::BigRational;
/// assert_eq!(to_f64(&BigRational::new(421.into(), 2145.into())), 421.0 / 2145.0);
/// // Numerator and denominator far beyond f64's range, the ratio 1/3.
/// let huge = BigInt::from(10).pow(400);
/// assert_eq!(to_f64(&BigRational::new(huge.clone(), huge * 3)), 1.0 / 3.0);
/// ```
pub fn to_f64(x: &BigRational) -> f64 {
    let (num, den) = (x.numer(), x.denom());
    if num.is_zero() {
        return 0.0;
    }
    // Scale so the integer quotient carries 64 significant bits, then undo the scale.
    let shift = den.bits() as i64 - num.bits() as i64 + 64;
    let quotient = if shift >= 0 { (num << shift as u64) / den } else { (num >> (-shift) as u64) / den };
    quotient.to_f64().unwrap_or(f64::NAN) * 2f64.powi(-shift as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_f64_is_exact_on_small_fractions_and_survives_huge_ones() {
        let third = BigRational::new(1.into(), 3.into());
        assert_eq!(to_f64(&third), 1.0 / 3.0);
        let huge = BigRational::new(BigInt::one() << 400u32, (BigInt::one() << 401u32) + 1);
        assert!((to_f64(&huge) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn dual_mirrors_sizes_and_complements_winning() {
        let t = Tally::with_sizes(BigUint::from(3u32), vec![vec![1u32.into(), 2u32.into()]; 2]);
        let d = t.dual();
        assert_eq!(d.winning(), &BigUint::from(1u32));
        assert_eq!(d.swings_by_size().unwrap()[0], vec![BigUint::from(2u32), BigUint::from(1u32)]);
    }
}
