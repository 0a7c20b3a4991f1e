//! Exact counting in a residue number system.
//!
//! Coalition counts reach 2^n (2^193 for the UN General Assembly), beyond any machine integer,
//! and big-integer arithmetic in the inner loops of a dynamic program is slow. Counting
//! algorithms that only add and subtract can instead run modulo several primes below 2^31 (so
//! that a sum of two residues fits a `u32` and the loops vectorise) and recombine the residues
//! of the few numbers they report by the Chinese remainder theorem. Enough primes are taken
//! that their product exceeds every count, so the recombined values are exact.
//!
//! # References
//! Knuth, *The Art of Computer Programming* vol. 2, sec. 4.3.2 (modular arithmetic); the same
//! device for power indices: Kakimura & Terai (2025), arXiv 2511.14995, sec. 5.

use num_bigint::BigUint;
use num_traits::{One, Zero};

/// A prime modulus below 2^31 with modular addition and subtraction on `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Modulus(pub u32);

impl Modulus {
    /// `a + b mod p` for residues `a, b < p`.
    #[inline(always)]
    pub fn add(self, a: u32, b: u32) -> u32 {
        // a + b - p lies in (-p, p), so as a signed number its sign says whether to add p
        // back. Shift-and-mask is branch-free and vectorises with baseline SSE2 (an unsigned
        // `min` would need SSE4.1).
        let s = a.wrapping_add(b).wrapping_sub(self.0) as i32;
        (s + ((s >> 31) & self.0 as i32)) as u32
    }

    /// `a - b mod p` for residues `a, b < p`.
    #[inline(always)]
    pub fn sub(self, a: u32, b: u32) -> u32 {
        self.add(a, self.0 - b)
    }

    /// Adds `src` into `dst` elementwise.
    #[inline]
    pub fn add_assign_slice(self, dst: &mut [u32], src: &[u32]) {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = self.add(*d, s);
        }
    }

    /// Replaces `v` by its prefix sums.
    pub fn prefix_sums(self, v: &mut [u32]) {
        let mut acc = 0;
        for x in v.iter_mut() {
            acc = self.add(acc, *x);
            *x = acc;
        }
    }
}

/// The largest primes below 2^31, as many as it takes for their product to exceed
/// 2^(bits + 1) (counts of coalitions of `bits` players are at most 2^bits).
pub(crate) fn moduli_for_bits(bits: usize) -> Vec<Modulus> {
    let primes = largest_primes();
    let mut covered = 0.0f64; // log2 of the product so far, rounded down
    let count = primes
        .iter()
        .take_while(|m| {
            let more = covered < bits as f64 + 2.0;
            covered += (m.0 as f64).log2() - 1e-9;
            more
        })
        .count();
    assert!(count < primes.len(), "at most 256 players, so 9 primes suffice");
    primes[..count].to_vec()
}

/// The 12 largest primes below 2^31 (enough for 256 players), found once: trial division
/// costs about a millisecond, which would dominate small games if repeated.
fn largest_primes() -> &'static [Modulus] {
    static PRIMES: std::sync::OnceLock<Vec<Modulus>> = std::sync::OnceLock::new();
    PRIMES.get_or_init(|| {
        ((1u32 << 30)..1 << 31).rev().step_by(2).filter(|&c| is_prime(c)).take(12).map(Modulus).collect()
    })
}

fn is_prime(x: u32) -> bool {
    if x < 2 {
        return false;
    }
    let x = x as u64;
    (2..).take_while(|d| d * d <= x).all(|d| x % d != 0)
}

/// Recombines residues modulo pairwise coprime `moduli` into the unique value below their
/// product.
pub(crate) struct Crt {
    product: BigUint,
    /// For each modulus `p`: `(M / p) * ((M / p)^-1 mod p)`.
    basis: Vec<BigUint>,
}

impl Crt {
    pub fn new(moduli: &[Modulus]) -> Self {
        let product = moduli.iter().fold(BigUint::one(), |acc, m| acc * m.0);
        let basis = moduli
            .iter()
            .map(|m| {
                let p = m.0 as u64;
                let cofactor = &product / m.0;
                let c = (&cofactor % p).iter_u64_digits().next().unwrap_or(0);
                cofactor * inverse_mod(c, p)
            })
            .collect();
        Crt { product, basis }
    }

    /// The value whose residues are `residues` (one per modulus, in order).
    pub fn combine(&self, residues: impl IntoIterator<Item = u32>) -> BigUint {
        let mut x = BigUint::zero();
        for (r, b) in residues.into_iter().zip(&self.basis) {
            x += b * r;
        }
        x % &self.product
    }
}

/// `a^-1 mod p` for prime `p` and `a` not divisible by `p`, by Fermat's little theorem.
fn inverse_mod(a: u64, p: u64) -> u64 {
    let (mut base, mut exp, mut acc) = (a % p, p - 2, 1u64);
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc * base % p;
        }
        base = base * base % p;
        exp >>= 1;
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crt_recovers_a_number_above_two_to_the_190() {
        let moduli = moduli_for_bits(193);
        let x: BigUint = (BigUint::one() << 193u32) - 12345u32;
        let residues: Vec<u32> = moduli.iter().map(|m| (&x % m.0).try_into().unwrap()).collect();
        assert_eq!(Crt::new(&moduli).combine(residues), x);
    }

    #[test]
    fn modular_add_and_sub_wrap() {
        let m = Modulus(7);
        assert_eq!(m.add(5, 4), 2);
        assert_eq!(m.sub(2, 5), 4);
        assert_eq!(m.add(0, 0), 0);
    }
}
