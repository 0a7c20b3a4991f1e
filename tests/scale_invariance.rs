//! Scale invariance of every numerical solver: multiplying all payoffs (or values) by 10^k,
//! for k from -12 to 12, multiplies the payoff results by 10^k and leaves strategies,
//! supports and verdicts unchanged. Solutions must not depend on the unit the input is
//! written in (issue 14); extreme units (10^±300, subnormal) are tested on fixed instances.

use comity::bargaining::{FeasibleSet, kalai_smorodinsky, nash_solution, nash_surplus};
use comity::coop::{NucleolusKind, TuGame, core_is_empty, least_core, nucleolus};
use comity::equilibrium::*;
use proptest::prelude::*;

/// `x` times 10^k, computed as a multiplication or a division by an exact power of ten so
/// that the scaled input is the intended decimal.
fn times_ten_to(x: f64, k: i32) -> f64 {
    let power = 10f64.powi(k.abs());
    if k >= 0 { x * power } else { x / power }
}

/// Whether `x` and `y` agree within `rel` of `scale`.
fn near(x: f64, y: f64, scale: f64, rel: f64) -> bool {
    (x - y).abs() <= rel * scale
}

fn scaled_game(g: &NormalFormGame, k: i32) -> NormalFormGame {
    let payoffs =
        (0..g.players()).map(|p| g.payoffs(p).iter().map(|&x| times_ten_to(x, k)).collect()).collect();
    NormalFormGame::new(g.actions().to_vec(), payoffs).unwrap()
}

/// Random bimatrix games up to 4x4 with payoffs on a grid of 1/8 (exact in binary).
fn small_bimatrix() -> impl Strategy<Value = NormalFormGame> {
    (1..=4usize, 1..=4usize).prop_flat_map(|(m, n)| {
        (prop::collection::vec(-80i32..80, m * n), prop::collection::vec(-80i32..80, m * n)).prop_map(
            move |(a, b)| {
                let f = |v: Vec<i32>| v.into_iter().map(|x| f64::from(x) / 8.0).collect();
                NormalFormGame::new(vec![m, n], vec![f(a), f(b)]).unwrap()
            },
        )
    })
}

/// Whether two lists of equilibria are the same set: equal length, and each strategy of one
/// within 1e-7 of one in the other, with payoffs scaled by 10^k within relative 1e-7.
fn same_equilibria(base: &[Equilibrium], scaled: &[Equilibrium], k: i32, scale: f64) -> bool {
    base.len() == scaled.len()
        && base.iter().all(|e| {
            scaled.iter().any(|s| {
                e.strategies
                    .iter()
                    .flatten()
                    .zip(s.strategies.iter().flatten())
                    .all(|(x, y)| (x - y).abs() < 1e-7)
                    && e.payoffs
                        .iter()
                        .zip(&s.payoffs)
                        .all(|(&x, &y)| near(times_ten_to(x, k), y, times_ten_to(scale, k), 1e-7))
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn all_equilibria_do_not_depend_on_the_unit(g in small_bimatrix(), k in -12i32..=12) {
        let s = scaled_game(&g, k);
        let (base, other) = (all_equilibria(&g).unwrap(), all_equilibria(&s).unwrap());
        prop_assert_eq!(base.degenerate, other.degenerate);
        prop_assert!(same_equilibria(&base.equilibria, &other.equilibria, k, g.scale()),
            "{:?}\nvs\n{:?}", base.equilibria, other.equilibria);
        prop_assert!(!base.equilibria.is_empty());
        prop_assert!(same_equilibria(&vertex_enumeration(&g).unwrap(), &vertex_enumeration(&s).unwrap(), k, g.scale()));
        if !base.degenerate {
            prop_assert!(same_equilibria(&support_enumeration(&g).unwrap(), &support_enumeration(&s).unwrap(), k, g.scale()));
        }
        for label in 0..g.actions()[0] + g.actions()[1] {
            let (a, b) = (lemke_howson(&g, label).unwrap(), lemke_howson(&s, label).unwrap());
            prop_assert!(same_equilibria(&[a], &[b], k, g.scale()));
        }
        prop_assert!(same_equilibria(&pure_equilibria(&g), &pure_equilibria(&s), k, g.scale()));
    }

    #[test]
    fn the_linear_programs_do_not_depend_on_the_unit(g in small_bimatrix(), k in -12i32..=12) {
        let s = scaled_game(&g, k);
        let unit = times_ten_to(g.scale(), k);
        for p in 0..2 {
            let (a, b) = (minmax(&g, p).unwrap(), minmax(&s, p).unwrap());
            prop_assert!(near(times_ten_to(a.pure, k), b.pure, unit, 1e-12));
            prop_assert!(near(times_ten_to(a.mixed, k), b.mixed, unit, 1e-7), "{} vs {}", a.mixed, b.mixed);
        }
        let (a, b) = (correlated_equilibrium(&g).unwrap(), correlated_equilibrium(&s).unwrap());
        let welfare = |c: &CorrelatedEquilibrium| c.payoffs.iter().sum::<f64>();
        prop_assert!(near(times_ten_to(welfare(&a), k), welfare(&b), unit, 1e-7));
        prop_assert!(is_correlated_equilibrium(&s, &a.distribution).unwrap());
        let (a, b) = (eliminate_dominated(&g, true).unwrap(), eliminate_dominated(&s, true).unwrap());
        prop_assert_eq!(a.surviving, b.surviving);
        // The zero-sum game with the row player's payoffs.
        let rows: Vec<Vec<f64>> = g.payoffs(0).chunks(g.actions()[1]).map(<[f64]>::to_vec).collect();
        let z = NormalFormGame::zero_sum(rows).unwrap();
        let (a, b) = (zero_sum(&z).unwrap(), zero_sum(&scaled_game(&z, k)).unwrap());
        prop_assert!(near(times_ten_to(a.value, k), b.value, times_ten_to(z.scale(), k), 1e-7));
    }

    #[test]
    fn the_nucleolus_and_least_core_do_not_depend_on_the_unit(
        n in 1usize..=4,
        raw in prop::collection::vec(-20i32..60, 16),
        k in -12i32..=12,
    ) {
        let g = TuGame::from_fn(n, |m| f64::from(raw[m]) + 10.0 * f64::from((m as u32).count_ones())).unwrap();
        let s = TuGame::from_fn(n, |m| times_ten_to(g.value(m), k)).unwrap();
        let unit = times_ten_to(g.values().iter().fold(0.0f64, |a, v| a.max(v.abs())), k);
        let (a, b) = (nucleolus(&g, NucleolusKind::Nucleolus).unwrap(), nucleolus(&s, NucleolusKind::Nucleolus).unwrap());
        prop_assert_eq!(a.kind, b.kind);
        for (x, y) in a.allocation.iter().zip(&b.allocation) {
            prop_assert!(near(times_ten_to(*x, k), *y, unit, 1e-9), "{} vs {}", times_ten_to(*x, k), y);
        }
        // Exact means exact: the allocation sums to v(N) as written.
        let total: num_rational::BigRational = b.exact.iter().sum();
        prop_assert_eq!(total, comity::exact::decimal(s.value(s.grand())));
        if n > 1 {
            let (a, b) = (least_core(&g).unwrap(), least_core(&s).unwrap());
            prop_assert!(near(times_ten_to(a.epsilon, k), b.epsilon, unit, 1e-9));
            prop_assert_eq!(core_is_empty(&g).unwrap(), core_is_empty(&s).unwrap());
        }
    }

    #[test]
    fn bargaining_solutions_scale_with_each_players_unit(
        raw in prop::collection::vec((-50i32..50, -50i32..50), 3..8),
        weights in (1u32..5, 1u32..5),
        k0 in -12i32..=12,
        k1 in -12i32..=12,
    ) {
        let points: Vec<[f64; 2]> = raw.iter().map(|&(x, y)| [f64::from(x), f64::from(y)]).collect();
        let scaled: Vec<[f64; 2]> = points.iter().map(|p| [times_ten_to(p[0], k0), times_ten_to(p[1], k1)]).collect();
        let (set, other) = (FeasibleSet::new(points).unwrap(), FeasibleSet::new(scaled).unwrap());
        prop_assert_eq!(set.vertices().len(), other.vertices().len());
        // The disagreement point: the hull's lowest corner, so that gains exist in most sets.
        let low = |s: &FeasibleSet, k: usize| s.vertices().iter().map(|p| p[k]).fold(f64::INFINITY, f64::min);
        let d = [low(&set, 0), low(&set, 1)];
        let d_scaled = [times_ten_to(d[0], k0), times_ten_to(d[1], k1)];
        let w = [f64::from(weights.0), f64::from(weights.1)];
        let units = [times_ten_to(50.0, k0), times_ten_to(50.0, k1)];
        let check = |x: Result<[f64; 2], _>, y: Result<[f64; 2], _>| -> Result<(), TestCaseError> {
            match (x, y) {
                (Ok(x), Ok(y)) => {
                    prop_assert!(near(times_ten_to(x[0], k0), y[0], units[0], 1e-9), "{:?} vs {:?}", x, y);
                    prop_assert!(near(times_ten_to(x[1], k1), y[1], units[1], 1e-9), "{:?} vs {:?}", x, y);
                }
                (x, y) => prop_assert_eq!(x.is_ok(), y.is_ok()),
            }
            Ok(())
        };
        check(nash_solution(&set, d, w), nash_solution(&other, d_scaled, w))?;
        check(kalai_smorodinsky(&set, d), kalai_smorodinsky(&other, d_scaled))?;
        // Surplus division: everything in one unit.
        let x = nash_surplus(10.0, &[1.0, 2.0], &w).unwrap();
        let y = nash_surplus(times_ten_to(10.0, k0), &[times_ten_to(1.0, k0), times_ten_to(2.0, k0)], &w).unwrap();
        for (a, b) in x.iter().zip(&y) {
            prop_assert!(near(times_ten_to(*a, k0), *b, times_ten_to(10.0, k0), 1e-12));
        }
    }
}

#[test]
fn equilibria_in_units_of_10_to_the_300_and_subnormal_units() {
    // Battle of the sexes at 10^300, at 10^-300 and at subnormal magnitudes (below 2^-1022).
    for unit in [1e300, 1e-300, 1e-310] {
        let g = NormalFormGame::bimatrix(
            vec![vec![2.0 * unit, 0.0], vec![0.0, unit]],
            vec![vec![unit, 0.0], vec![0.0, 2.0 * unit]],
        )
        .unwrap();
        let all = all_equilibria(&g).unwrap();
        assert_eq!(all.equilibria.len(), 3, "unit {unit}: {:?}", all.equilibria);
        assert_eq!(pure_equilibria(&g).len(), 2, "unit {unit}");
        let lh = lemke_howson(&g, 0).unwrap();
        assert!(all.equilibria.iter().any(|e| e.strategies == lh.strategies), "unit {unit}");
    }
    // Payoffs near f64::MAX of both signs: the range overflows, the answer does not.
    let big = f64::MAX / 2.0;
    let g = NormalFormGame::bimatrix(
        vec![vec![big, -big], vec![-big, big]],
        vec![vec![-big, big], vec![big, -big]],
    )
    .unwrap();
    let all = all_equilibria(&g).unwrap();
    assert_eq!(all.equilibria.len(), 1);
    assert!(all.equilibria[0].strategies.iter().flatten().all(|p| (p - 0.5).abs() < 1e-12));
}

#[test]
fn the_nucleolus_in_units_of_10_to_the_300() {
    for unit in [1e300, 1e-300, 1e-310] {
        // Majority game with a strong pair: v(12) = v(13) = v(23) = 1, v(N) = 3, times unit.
        let g = TuGame::from_values(3, [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 3.0].map(|v| v * unit).to_vec())
            .unwrap();
        let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
        let total: num_rational::BigRational = nu.exact.iter().sum();
        assert_eq!(total, comity::exact::decimal(g.value(7)), "unit {unit}");
        assert!(
            nu.allocation.iter().all(|x| (x / unit - 1.0).abs() < 1e-12),
            "unit {unit}: {:?}",
            nu.allocation
        );
    }
}
