//! Reproducible random streams: one ChaCha8 stream per unit of work.
//!
//! Every simulation in comity draws the randomness of unit `k` (a seed of a study, a match of a
//! tournament, a batch of samples) from stream `k` of the ChaCha8 generator keyed by the
//! master seed. Units are independent of the order in which threads run them, so serial and
//! parallel runs, on any machine, give the same numbers.
//!
//! # References
//! Bernstein (2008), "ChaCha, a variant of Salsa20"; Salmon et al. (2011), "Parallel random
//! numbers: as easy as 1, 2, 3" (counter-based streams for parallel simulation).
//!
//! ```
//! use comity::rng::stream;
//! use rand::Rng;
//! let a: u64 = stream(7, 3).random();
//! let b: u64 = stream(7, 3).random();
//! assert_eq!(a, b);
//! assert_ne!(a, stream(7, 4).random::<u64>());
//! ```

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The random stream of unit `unit` under master seed `seed`.
pub fn stream(seed: u64, unit: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(unit);
    rng
}
