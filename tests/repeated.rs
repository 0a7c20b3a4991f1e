//! Repeated games: known values for memory-one strategies, the grim-trigger thresholds, and
//! exact long-run payoffs against a brute-force simulation.

use comity::equilibrium::NormalFormGame;
use comity::repeated::*;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn pd() -> StagePayoffs {
    StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap()
}

#[test]
fn tft_against_alld_without_noise() {
    let (tft, alld) = (MemoryOne::tft(), MemoryOne::alld());
    assert_eq!(long_run_payoffs(&tft, &alld, &pd(), 0.0).unwrap(), (1.0, 1.0));
    // Discounted: TFT is exploited once, then both defect.
    let d = 0.9;
    let (x, y) = discounted_payoffs(&tft, &alld, &pd(), 0.0, d).unwrap();
    assert!((x - ((1.0 - d) * 0.0 + d * 1.0)).abs() < 1e-12);
    assert!((y - ((1.0 - d) * 5.0 + d * 1.0)).abs() < 1e-12);
}

#[test]
fn tft_against_itself_without_noise_stays_where_it_starts() {
    // Not ergodic: both start by cooperating and never stop.
    assert_eq!(long_run_payoffs(&MemoryOne::tft(), &MemoryOne::tft(), &pd(), 0.0).unwrap(), (3.0, 3.0));
    // A TFT that starts by defecting against one that cooperates alternates CD, DC: (S+T)/2.
    let sceptic = MemoryOne::new([1.0, 0.0, 1.0, 0.0], 0.0).unwrap();
    let (x, y) = long_run_payoffs(&sceptic, &MemoryOne::tft(), &pd(), 0.0).unwrap();
    assert!((x - 2.5).abs() < 1e-12 && (y - 2.5).abs() < 1e-12);
}

#[test]
fn wsls_against_itself_with_small_noise_is_close_to_mutual_cooperation() {
    let (x, _) = long_run_payoffs(&MemoryOne::wsls(), &MemoryOne::wsls(), &pd(), 0.001).unwrap();
    assert!((x - 3.0).abs() < 0.01, "{x}");
}

#[test]
fn named_strategies_and_zero_determinant_checks() {
    // Generosity min(1 - (T-R)/(R-S), (R-P)/(T-P)) = min(1/3, 1/2) at 3, 0, 5, 1.
    for (a, b) in MemoryOne::gtft(&pd()).p.iter().zip([1.0, 1.0 / 3.0, 1.0, 1.0 / 3.0]) {
        assert!((a - b).abs() < 1e-15);
    }
    let ext = MemoryOne::extortioner(3.0, &pd()).unwrap();
    // Press & Dyson's example: (11/13, 1/2, 7/26, 0).
    for (a, b) in ext.p.iter().zip([11.0 / 13.0, 0.5, 7.0 / 26.0, 0.0]) {
        assert!((a - b).abs() < 1e-12);
    }
    assert!(ext.zero_determinant(&pd()).is_some());
    assert!(MemoryOne::tft().zero_determinant(&pd()).is_some()); // enforces s_X = s_Y
    assert!(MemoryOne::wsls().zero_determinant(&pd()).is_none());
    assert!(MemoryOne::extortioner(0.5, &pd()).is_err());
}

#[test]
fn bad_parameters_are_refused() {
    assert!(
        MemoryOne::new([1.2, 0.0, 0.0, 0.0], 1.0)
            .unwrap_err()
            .to_string()
            .contains("p[0] = 1.2; expected a probability")
    );
    assert!(
        StagePayoffs::new(3.0, 0.0, 2.0, 1.0).unwrap_err().to_string().contains("expected T > R > P > S")
    );
    assert!(long_run_payoffs(&MemoryOne::tft(), &MemoryOne::tft(), &pd(), 1.5).is_err());
    assert!(discounted_payoffs(&MemoryOne::tft(), &MemoryOne::tft(), &pd(), 0.0, 1.0).is_err());
    assert!(public_goods_critical_delta(5, 6.0).is_err());
    assert!(public_goods_critical_delta(1, 1.5).is_err());
}

fn bimatrix(a: [[f64; 2]; 2], b: [[f64; 2]; 2]) -> NormalFormGame {
    NormalFormGame::bimatrix(a.iter().map(|r| r.to_vec()).collect(), b.iter().map(|r| r.to_vec()).collect())
        .unwrap()
}

#[test]
fn folk_theorem_checks_in_the_prisoners_dilemma() {
    let g = bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]);
    let c = feasible_and_rational(&g, &[3.0, 3.0]).unwrap();
    assert!(c.feasible && c.strictly_rational);
    assert!(!feasible_and_rational(&g, &[5.0, 5.0]).unwrap().feasible);
    let c = feasible_and_rational(&g, &[0.5, 4.0]).unwrap();
    assert!(c.feasible && !c.individually_rational);
    assert!(feasible_and_rational(&g, &[1.0]).is_err());
}

/// The stage game of the linear public-goods game: action 0 contributes (cost 1), 1 does not;
/// the pot times `r` is shared by all `n`.
fn public_goods_game(n: usize, r: f64) -> NormalFormGame {
    let profiles = 1usize << n;
    let payoffs = (0..n)
        .map(|i| {
            (0..profiles)
                .map(|index| {
                    // Row-major: player 0 is the most significant digit.
                    let action = |p: usize| (index >> (n - 1 - p)) & 1;
                    let contributors = (0..n).filter(|&p| action(p) == 0).count() as f64;
                    r * contributors / n as f64 - if action(i) == 0 { 1.0 } else { 0.0 }
                })
                .collect()
        })
        .collect();
    NormalFormGame::new(vec![2; n], payoffs).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn tft_against_tft_is_uniform_under_any_noise(e in 0.0001f64..0.9999) {
        let (x, y) = long_run_payoffs(&MemoryOne::tft(), &MemoryOne::tft(), &pd(), e).unwrap();
        prop_assert!((x - 2.25).abs() < 1e-9 && (y - 2.25).abs() < 1e-9);
    }

    #[test]
    fn grim_trigger_threshold_in_the_dilemma(r in 1.0f64..4.0, gap in 0.1f64..3.0, s in -2.0f64..0.0, p_off in 0.1f64..0.9) {
        let (t, p) = (r + gap, s + p_off * (r - s));
        let g = bimatrix([[r, s], [t, p]], [[r, t], [s, p]]);
        let trigger = grim_trigger(&g, &[0, 0], None).unwrap();
        prop_assert!((trigger.overall.unwrap() - (t - r) / (t - p)).abs() < 1e-12);
        prop_assert_eq!(trigger.punishment, vec![1, 1]);
    }

    #[test]
    fn public_goods_formula_equals_the_general_grim_trigger(n in 2usize..=5, share in 0.05f64..0.95) {
        let r = 1.0 + share * (n as f64 - 1.0);
        let g = public_goods_game(n, r);
        let trigger = grim_trigger(&g, &vec![0; n], Some(&vec![1; n])).unwrap();
        prop_assert!((trigger.overall.unwrap() - public_goods_critical_delta(n, r).unwrap()).abs() < 1e-12);
    }

    #[test]
    fn extortioners_enforce_their_linear_relation(chi in 1.0f64..5.0, q in prop::array::uniform4(0.0f64..1.0), first in 0.0f64..1.0) {
        let ext = MemoryOne::extortioner(chi, &pd()).unwrap();
        let opponent = MemoryOne::new(q, first).unwrap();
        let (x, y) = long_run_payoffs(&ext, &opponent, &pd(), 0.0).unwrap();
        prop_assert!((x - 1.0 - chi * (y - 1.0)).abs() < 1e-9, "{} vs {}", x - 1.0, chi * (y - 1.0));
    }

    #[test]
    fn exact_payoffs_match_a_long_simulation(px in prop::array::uniform4(0.0f64..1.0), py in prop::array::uniform4(0.0f64..1.0), e in 0.01f64..0.2, seed in any::<u64>()) {
        let (x, y) = (MemoryOne::new(px, 0.5).unwrap(), MemoryOne::new(py, 0.5).unwrap());
        let (ex, _) = long_run_payoffs(&x, &y, &pd(), e).unwrap();
        // Brute force: play 100 batches of 2,000 rounds with the noisy strategies; the batch
        // means give a confidence interval (5 standard errors, so that 64 cases rarely fail by
        // chance: about 4e-5 per run).
        let (nx, ny) = (x.with_noise(e), y.with_noise(e));
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let payoff = [3.0, 0.0, 5.0, 1.0];
        let (mut a, mut b) = (rng.random::<f64>() < nx.first, rng.random::<f64>() < ny.first);
        let mut means = Vec::new();
        for _ in 0..100 {
            let mut total = 0.0;
            for _ in 0..2000 {
                let state = (!a as usize) * 2 + (!b as usize);
                total += payoff[state];
                let state_y = (!b as usize) * 2 + (!a as usize);
                a = rng.random::<f64>() < nx.p[state];
                b = rng.random::<f64>() < ny.p[state_y];
            }
            means.push(total / 2000.0);
        }
        let mean = means.iter().sum::<f64>() / 100.0;
        let sd = (means.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / 99.0).sqrt();
        prop_assert!((mean - ex).abs() <= 5.0 * sd / 10.0 + 1e-3, "simulated {} exact {} sd {}", mean, ex, sd);
    }
}
