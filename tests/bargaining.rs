//! Axiomatic and alternating-offers bargaining: closed forms, grid search on random polygons,
//! and Rubinstein's limit as the asymmetric Nash solution.

use comity::bargaining::*;
use proptest::prelude::*;

#[test]
fn surplus_division_closed_forms() {
    assert_eq!(nash_surplus(1.0, &[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0]).unwrap(), vec![1.0 / 3.0; 3]);
    // Weights 1 and 3 share the gains above d = (0.2, 0.2) one to three.
    let x = nash_surplus(1.0, &[0.2, 0.2], &[1.0, 3.0]).unwrap();
    assert!((x[0] - 0.35).abs() < 1e-15 && (x[1] - 0.65).abs() < 1e-15);
    assert_eq!(nash_surplus(1.0, &[0.6, 0.5], &[1.0, 1.0]), Err(BargainingError::NoGains));
    assert_eq!(nash_surplus(1.0, &[0.0, 0.1], &[1.0, 0.0]).unwrap(), vec![0.9, 0.1]);
    assert!(nash_surplus(1.0, &[0.0, 0.0], &[0.0, 0.0]).is_err());
    assert!(nash_surplus(1.0, &[0.0, 0.0], &[1.0, -1.0]).is_err());
    assert!(nash_surplus(1.0, &[0.0, 0.0], &[1.0]).is_err());
}

#[test]
fn symmetric_sets_give_symmetric_solutions() {
    let set = FeasibleSet::new(vec![[0.0, 0.0], [3.0, 0.0], [0.0, 3.0], [2.0, 2.0]]).unwrap();
    for x in
        [nash_solution(&set, [0.0, 0.0], [1.0, 1.0]).unwrap(), kalai_smorodinsky(&set, [0.0, 0.0]).unwrap()]
    {
        assert!((x[0] - 2.0).abs() < 1e-12 && (x[1] - 2.0).abs() < 1e-12, "{x:?}");
    }
    // Interior points do not change the hull.
    let with_inside =
        FeasibleSet::new(vec![[0.0, 0.0], [3.0, 0.0], [0.0, 3.0], [2.0, 2.0], [1.0, 1.0]]).unwrap();
    assert_eq!(with_inside.vertices().len(), 4);
    assert_eq!(nash_solution(&set, [3.0, 3.0], [1.0, 1.0]), Err(BargainingError::NoGains));
}

#[test]
fn rubinstein_closed_form_and_its_limit() {
    let (x, y) = rubinstein(0.5, 0.8).unwrap();
    assert!((x - 0.2 / 0.6).abs() < 1e-15 && (y - 0.8 * 0.5 / 0.6).abs() < 1e-15);
    // Impatient player 2 (delta_2 = 0): player 1 takes everything.
    assert_eq!(rubinstein(0.9, 0.0).unwrap(), (1.0, 0.0));
    // Frequent offers: delta_i = exp(-r_i h), h -> 0, tends to the asymmetric Nash solution with
    // weights 1/r_i.
    let (r1, r2) = (0.05f64, 0.02f64);
    let h = 1e-7f64;
    let (x, _) = rubinstein((-r1 * h).exp(), (-r2 * h).exp()).unwrap();
    let (limit, _) = rubinstein_limit(r1, r2).unwrap();
    assert!((x - limit).abs() < 1e-6, "{x} vs {limit}");
    let nash = nash_surplus(1.0, &[0.0, 0.0], &[1.0 / r1, 1.0 / r2]).unwrap();
    assert!((nash[0] - limit).abs() < 1e-15);
    assert!(rubinstein(1.0, 0.5).is_err() && rubinstein_limit(0.0, 1.0).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nash_solution_beats_every_point_of_a_fine_grid(
        points in prop::collection::vec((0.0f64..10.0, 0.0f64..10.0), 3..8),
        weights in (0.2f64..5.0, 0.2f64..5.0),
    ) {
        let mut points: Vec<[f64; 2]> = points.into_iter().map(|(a, b)| [a, b]).collect();
        points.push([0.0, 0.0]);
        let set = FeasibleSet::new(points).unwrap();
        let d = [0.0, 0.0];
        let Ok(x) = nash_solution(&set, d, [weights.0, weights.1]) else { return Ok(()); };
        let value = |p: [f64; 2]| weights.0 * (p[0] - d[0]).ln() + weights.1 * (p[1] - d[1]).ln();
        let hull = set.vertices();
        for i in 0..hull.len() {
            let (p, q) = (hull[i], hull[(i + 1) % hull.len()]);
            for k in 0..=200 {
                let t = k as f64 / 200.0;
                let y = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
                if y[0] > 0.0 && y[1] > 0.0 {
                    prop_assert!(value(y) <= value(x) + 1e-9, "{:?} beats {:?}", y, x);
                }
            }
        }
        // Kalai-Smorodinsky lies on the segment from d to the ideal point and on the frontier:
        // nothing feasible dominates it (checked against the hull's vertices).
        let k = kalai_smorodinsky(&set, d).unwrap();
        for v in hull {
            prop_assert!(!(v[0] > k[0] + 1e-9 && v[1] > k[1] + 1e-9), "{:?} dominates {:?}", v, k);
        }
    }
}

/// The smallest size of a set meeting every target, by enumeration.
fn smallest_by_enumeration(values: &[Vec<f64>], targets: &[f64]) -> Option<usize> {
    let n = values[0].len();
    (0..1usize << n)
        .filter(|&m| {
            values.iter().zip(targets).all(|(v, t)| {
                (0..n).filter(|&i| m >> i & 1 == 1).map(|i| v[i]).sum::<f64>() >= *t - 1e-9 * t.abs()
            })
        })
        .map(|m| m.count_ones() as usize)
        .min()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn smallest_clubs_are_smallest(
        n in 2usize..10,
        k in 1usize..4,
        seed in prop::collection::vec(0.0f64..100.0, 30),
        shares in prop::collection::vec(0.05f64..0.95, 3),
    ) {
        let values: Vec<Vec<f64>> = (0..k).map(|a| (0..n).map(|i| seed[(a * 10 + i) % 30].floor()).collect()).collect();
        let targets: Vec<f64> = values.iter().zip(&shares).map(|(v, s)| (v.iter().sum::<f64>() * s).floor()).collect();
        let club = smallest_club(&values, &targets).unwrap();
        prop_assert_eq!(club.as_ref().map(Vec::len), smallest_by_enumeration(&values, &targets));
    }

    #[test]
    fn smallest_winning_coalitions_are_winning_and_smallest(game in support_composite()) {
        use comity::game::{Coalition, SimpleGame};
        let n = game.n();
        let best = (0..1u64 << n).filter(|&m| game.is_winning(&Coalition::from_mask(m))).map(|m| m.count_ones() as usize).min();
        let found = comity::power::smallest_winning_coalition(&game).unwrap();
        prop_assert!(game.is_winning(&Coalition::from_players(found.iter().copied())));
        prop_assert_eq!(Some(found.len()), best);
    }
}

mod support;

fn support_composite() -> impl Strategy<Value = comity::game::Game> {
    support::composite_game(10)
}

#[test]
fn smallest_winning_coalitions_of_real_bodies() {
    let rule = |file: &str, name: &str| {
        comity::model::Institution::load(format!("models/institutions/{file}"))
            .unwrap()
            .compile(name)
            .unwrap()
            .game
    };
    assert_eq!(
        comity::power::smallest_winning_coalition(&rule("unsc.toml", "substantive")).unwrap().len(),
        9
    );
    assert_eq!(
        comity::power::smallest_winning_coalition(&rule("unga.toml", "two_thirds")).unwrap().len(),
        129
    );
    assert_eq!(
        comity::power::smallest_winning_coalition(&rule("eu_council.toml", "qualified_majority"))
            .unwrap()
            .len(),
        15
    );
}

fn prefers(ideals: &[f64], q: f64, y: f64) -> comity::game::Coalition {
    comity::game::Coalition::from_players(
        (0..ideals.len()).filter(|&i| (y - ideals[i]).abs() < (q - ideals[i]).abs()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn winsets_match_the_rule_on_a_grid(game in support::composite_game(7), raw in prop::collection::vec(-10i32..10, 7), q in -10i32..10) {
        use comity::game::SimpleGame;
        let ideals: Vec<f64> = raw[..game.n()].iter().map(|&x| x as f64).collect();
        let q = q as f64 + 0.5;
        let w = winset_1d(&game, &ideals, q).unwrap();
        // Grid points avoid the cut points (multiples of 0.5 shifted by q's parity).
        for k in -4000..4000 {
            let y = k as f64 / 100.0 + 0.003;
            let inside = w.iter().any(|&(a, b)| a < y && y < b);
            prop_assert_eq!(inside, game.is_winning(&prefers(&ideals, q, y)), "y = {}", y);
        }
        // Unanimity core: exactly the segment between the extreme ideal points.
        let unanimity = comity::game::WeightedGame::new(vec![1; game.n()], game.n() as u64).unwrap();
        let (lo, hi) = ideals.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
        prop_assert_eq!(in_core_1d(&unanimity, &ideals, q).unwrap(), lo <= q && q <= hi);
        // The setter moves the status quo no further under unanimity than under this rule
        // (every unanimous improvement is also one for any rule whose grand coalition wins).
        for setter in 0..game.n() {
            let u = setter_outcome_1d(&unanimity, &ideals, q, setter).unwrap();
            let r = setter_outcome_1d(&game, &ideals, q, setter).unwrap();
            prop_assert!((u - q).abs() <= (r - q).abs() + 1e-12, "unanimity {} moved further than {} from {}", u, r, q);
            // And the setter is never worse off under the looser rule.
            prop_assert!((r - ideals[setter]).abs() <= (u - ideals[setter]).abs() + 1e-12);
        }
    }

    #[test]
    fn majority_winsets_follow_the_median_voter(raw in prop::collection::btree_set(-50i32..50, 3..9), q in -60i32..60) {
        let ideals: Vec<f64> = raw.into_iter().map(|x| x as f64).collect();
        prop_assume!(ideals.len() % 2 == 1);
        let n = ideals.len();
        let majority = comity::game::WeightedGame::new(vec![1; n], n as u64 / 2 + 1).unwrap();
        let q = q as f64 + 0.25;
        let median = ideals[n / 2];
        let reflected = 2.0 * median - q;
        prop_assert_eq!(winset_1d(&majority, &ideals, q).unwrap(), vec![(q.min(reflected), q.max(reflected))]);
        prop_assert!(!in_core_1d(&majority, &ideals, q).unwrap());
        prop_assert!(in_core_1d(&majority, &ideals, median).unwrap());
    }
}

#[test]
fn nash_surplus_with_weights_of_1e308_keeps_the_surplus() {
    // Regression: the weights' sum overflowed and every share became 0.
    assert_eq!(nash_surplus(1.0, &[0.0, 0.0], &[1e308, 1e308]).unwrap(), vec![0.5, 0.5]);
    let x = nash_surplus(1e308, &[-1e308, -1e308], &[1.0, 3.0]).unwrap();
    assert!((x[0] / 1e308 + 0.25).abs() < 1e-12 && (x[1] / 1e308 - 1.25).abs() < 1e-12, "{x:?}");
}

#[test]
fn a_nan_surplus_is_refused_as_not_a_finite_number() {
    let e = nash_surplus(f64::NAN, &[0.0, 0.0], &[1.0, 1.0]).unwrap_err();
    assert_eq!(e.to_string(), "surplus: NaN; expected a finite number");
    assert!(nash_surplus(f64::INFINITY, &[0.0, 0.0], &[1.0, 1.0]).is_err());
    assert!(
        nash_surplus(1.0, &[f64::NAN, 0.0], &[1.0, 1.0]).unwrap_err().to_string().contains("disagreement")
    );
}

#[test]
fn a_triangle_with_vertices_at_1e300_is_solved() {
    // Regression: products of coordinates near 10^300 overflowed and the set was refused.
    let set = FeasibleSet::new(vec![[0.0, 0.0], [1e300, 0.0], [0.0, 1e300]]).unwrap();
    assert_eq!(set.vertices().len(), 3);
    for x in
        [nash_solution(&set, [0.0, 0.0], [1.0, 1.0]).unwrap(), kalai_smorodinsky(&set, [0.0, 0.0]).unwrap()]
    {
        assert!((x[0] / 5e299 - 1.0).abs() < 1e-12 && (x[1] / 5e299 - 1.0).abs() < 1e-12, "{x:?}");
    }
    let x = nash_solution(&set, [0.0, 0.0], [1e308, 1e308]).unwrap();
    assert!((x[0] / 5e299 - 1.0).abs() < 1e-12, "{x:?}");
    // And at 10^-300.
    let set = FeasibleSet::new(vec![[0.0, 0.0], [2e-300, 0.0], [0.0, 1e-300]]).unwrap();
    let x = nash_solution(&set, [0.0, 0.0], [1.0, 1.0]).unwrap();
    assert!((x[0] / 1e-300 - 1.0).abs() < 1e-12 && (x[1] / 0.5e-300 - 1.0).abs() < 1e-12, "{x:?}");
}
