//! The smallest club with several targets: the branch and bound against enumeration of every
//! subset, invariance to the unit of each attribute, and cancellation.

use comity::bargaining::{BargainingError, smallest_club, smallest_club_cancellable};
use comity::cancel::CancelToken;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The check of `smallest_club`, written out again: sums in ascending member order reach the
/// target less 1e-9 of it.
fn passes(values: &[Vec<f64>], targets: &[f64], club: &[usize]) -> bool {
    values.iter().zip(targets).all(|(v, t)| club.iter().map(|&i| v[i]).sum::<f64>() >= *t - 1e-9 * t.abs())
}

/// The brute-force twin: the size of the smallest subset passing the check, by every subset.
fn smallest_by_enumeration(values: &[Vec<f64>], targets: &[f64]) -> Option<usize> {
    let n = values[0].len();
    (0u32..1 << n)
        .filter(|&m| {
            let club: Vec<usize> = (0..n).filter(|&i| m >> i & 1 == 1).collect();
            passes(values, targets, &club)
        })
        .map(|m| m.count_ones() as usize)
        .min()
}

/// Values for `k` attributes of `n` members: integers (with ties and zeros) or decimals
/// with two places, which are not exact in binary.
fn attributes(n: usize, k: usize, raw: &[u16], decimal: bool) -> Vec<Vec<f64>> {
    (0..k)
        .map(|a| {
            (0..n)
                .map(|i| {
                    let x = f64::from(raw[a * 12 + i]);
                    if decimal { x / 100.0 } else { (x / 1000.0).floor() }
                })
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The branch and bound's club passes the check and is as small as the smallest subset
    /// passing it; targets are shares of each total (met exactly at a tie) or round numbers.
    #[test]
    fn the_club_is_smallest_by_enumeration(
        n in 1usize..=12,
        k in 1usize..=3,
        raw in prop::collection::vec(0u16..20_000, 36),
        shares in prop::collection::vec(0u8..=20, 3),
        decimal in any::<bool>(),
        round in any::<bool>(),
    ) {
        let values = attributes(n, k, &raw, decimal);
        let targets: Vec<f64> = values
            .iter()
            .zip(&shares)
            .map(|(v, s)| {
                let t = v.iter().sum::<f64>() * f64::from(*s) / 20.0;
                if round { t.round() } else { t }
            })
            .collect();
        let club = smallest_club(&values, &targets).unwrap();
        if let Some(c) = &club {
            prop_assert!(passes(&values, &targets, c), "{:?} misses a target", c);
            prop_assert!(c.windows(2).all(|w| w[0] < w[1]) && c.iter().all(|&i| i < n));
        }
        prop_assert_eq!(club.as_ref().map(Vec::len), smallest_by_enumeration(&values, &targets));
    }

    /// Measuring every attribute and its target in another unit (times 10^e) keeps the size.
    #[test]
    fn the_size_does_not_depend_on_units(
        n in 1usize..=12,
        k in 1usize..=3,
        raw in prop::collection::vec(0u16..20_000, 36),
        shares in prop::collection::vec(0u8..=20, 3),
        exponents in prop::collection::vec(-3i32..=3, 3),
    ) {
        let values = attributes(n, k, &raw, false);
        let targets: Vec<f64> =
            values.iter().zip(&shares).map(|(v, s)| (v.iter().sum::<f64>() * f64::from(*s) / 20.0).round()).collect();
        let scale = |e: i32| 10f64.powi(e);
        let scaled: Vec<Vec<f64>> =
            values.iter().zip(&exponents).map(|(v, e)| v.iter().map(|x| x * scale(*e)).collect()).collect();
        let scaled_targets: Vec<f64> = targets.iter().zip(&exponents).map(|(t, e)| t * scale(*e)).collect();
        let size = |c: Option<Vec<usize>>| c.map(|c| c.len());
        prop_assert_eq!(
            size(smallest_club(&values, &targets).unwrap()),
            size(smallest_club(&scaled, &scaled_targets).unwrap())
        );
    }
}

/// A body of `n` members with three attributes drawn from a heavy tail (lognormal-like, as
/// populations, GDP and emissions are), each target half of its total.
fn random_body(n: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let values: Vec<Vec<f64>> =
        (0..3).map(|_| (0..n).map(|_| (rng.random::<f64>() * 6.0 - 3.0).exp().powi(2)).collect()).collect();
    let targets = values.iter().map(|v| 0.5 * v.iter().sum::<f64>()).collect();
    (values, targets)
}

#[test]
fn a_cancelled_token_stops_the_search() {
    let (values, targets) = random_body(40, 7);
    let token = CancelToken::new();
    let club = smallest_club_cancellable(&values, &targets, &token).unwrap();
    assert_eq!(club, smallest_club(&values, &targets).unwrap());
    token.cancel();
    // Cancelled before the start: the cancellation error, even for an instance of one node.
    let err = smallest_club_cancellable(&values, &targets, &token).unwrap_err();
    assert!(matches!(err, BargainingError::Interrupted(_)), "{err}");
    let err = smallest_club_cancellable(&[vec![1.0, 2.0]], &[1.0], &token).unwrap_err();
    assert!(matches!(err, BargainingError::Interrupted(_)), "{err}");
    // Bad input is still named first.
    assert!(matches!(
        smallest_club_cancellable(&[vec![-1.0]], &[1.0], &token),
        Err(BargainingError::Parameter { .. })
    ));
}

/// Three uniform attributes of 193 members (SplitMix64 from a fixed state, after the draws of
/// the bench's three heavy-tailed bodies), targets half of each total: hundreds of nearly
/// interchangeable members, where the search passes `MAX_CLUB_NODES` (seconds), so it is still
/// running when it is cancelled. (Other uniform bodies take from microseconds to 0.2 s.)
fn uniform_body() -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut uniform = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    };
    for _ in 0..3 * 3 * 193 {
        uniform();
    }
    let values: Vec<Vec<f64>> = (0..3).map(|_| (0..193).map(|_| uniform()).collect()).collect();
    let targets = values.iter().map(|v| 0.5 * v.iter().sum::<f64>()).collect();
    (values, targets)
}

#[test]
fn a_long_search_stops_when_cancelled_and_at_the_node_limit() {
    let (values, targets) = uniform_body();
    let token = CancelToken::new();
    let canceller = token.clone();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        canceller.cancel();
    });
    let err = smallest_club_cancellable(&values, &targets, &token).unwrap_err();
    stopper.join().unwrap();
    assert!(matches!(err, BargainingError::Interrupted(_)), "{err}");
    let err = smallest_club(&values, &targets).unwrap_err().to_string();
    assert!(err.contains("200000 search nodes") && err.contains("expected fewer members"), "{err}");
}
