//! Normal-form equilibria: textbook games, degenerate games, and properties on random games.

use comity::equilibrium::*;
use proptest::prelude::*;

fn bimatrix(a: &[&[f64]], b: &[&[f64]]) -> NormalFormGame {
    NormalFormGame::bimatrix(a.iter().map(|r| r.to_vec()).collect(), b.iter().map(|r| r.to_vec()).collect())
        .unwrap()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
}

fn contains(eqs: &[Equilibrium], x: &[f64], y: &[f64]) -> bool {
    eqs.iter().any(|e| close(&e.strategies[0], x) && close(&e.strategies[1], y))
}

#[test]
fn prisoners_dilemma_has_one_equilibrium_mutual_defection() {
    let g = bimatrix(&[&[3.0, 0.0], &[5.0, 1.0]], &[&[3.0, 5.0], &[0.0, 1.0]]);
    let all = all_equilibria(&g).unwrap();
    assert_eq!(all.equilibria.len(), 1);
    assert!(contains(&all.equilibria, &[0.0, 1.0], &[0.0, 1.0]));
    assert_eq!(all.equilibria[0].payoffs, vec![1.0, 1.0]);
    assert_eq!(pure_equilibria(&g).len(), 1);
}

#[test]
fn battle_of_the_sexes_has_three_equilibria() {
    let g = bimatrix(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
    let all = all_equilibria(&g).unwrap();
    assert_eq!((all.equilibria.len(), all.degenerate, all.method), (3, false, "support enumeration"));
    assert!(contains(&all.equilibria, &[1.0, 0.0], &[1.0, 0.0]));
    assert!(contains(&all.equilibria, &[0.0, 1.0], &[0.0, 1.0]));
    assert!(contains(&all.equilibria, &[2.0 / 3.0, 1.0 / 3.0], &[1.0 / 3.0, 2.0 / 3.0]));
    let mixed = all.equilibria.iter().find(|e| e.strategies[0][0] > 0.0 && e.strategies[0][0] < 1.0).unwrap();
    let exact = exact_equilibrium(&g, mixed).unwrap();
    assert_eq!(exact[0].iter().map(|x| x.to_string()).collect::<Vec<_>>(), ["2/3", "1/3"]);
    assert_eq!(exact[1].iter().map(|x| x.to_string()).collect::<Vec<_>>(), ["1/3", "2/3"]);
}

#[test]
fn matching_pennies_and_rock_paper_scissors_mix_uniformly() {
    let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]]).unwrap();
    let all = all_equilibria(&mp).unwrap();
    assert_eq!(all.equilibria.len(), 1);
    assert!(contains(&all.equilibria, &[0.5, 0.5], &[0.5, 0.5]));
    let rps =
        NormalFormGame::zero_sum(vec![vec![0.0, -1.0, 1.0], vec![1.0, 0.0, -1.0], vec![-1.0, 1.0, 0.0]])
            .unwrap();
    let all = all_equilibria(&rps).unwrap();
    let third = [1.0 / 3.0; 3];
    assert_eq!(all.equilibria.len(), 1);
    assert!(contains(&all.equilibria, &third, &third));
    assert!(pure_equilibria(&rps).is_empty());
}

#[test]
fn a_degenerate_game_reports_the_extreme_points_of_its_component() {
    // The row player is indifferent everywhere; the column player matches the row player's
    // likelier action. Extreme equilibria: (e0, e0), (e1, e1) and (1/2, 1/2) against either
    // column. Support enumeration (equal supports) misses the last two.
    let g = bimatrix(&[&[1.0, 0.0], &[1.0, 0.0]], &[&[1.0, 0.0], &[0.0, 1.0]]);
    let all = all_equilibria(&g).unwrap();
    assert!(all.degenerate);
    assert_eq!(all.method, "vertex enumeration");
    assert_eq!(all.equilibria.len(), 4, "{:?}", all.equilibria);
    assert!(contains(&all.equilibria, &[0.5, 0.5], &[1.0, 0.0]));
    assert!(contains(&all.equilibria, &[0.5, 0.5], &[0.0, 1.0]));
    assert!(support_enumeration(&g).unwrap().len() < 4);
}

#[test]
fn a_continuum_of_equilibria_is_reported_by_its_extreme_points() {
    // Row action 0 dominates; the column player is indifferent: every column mix is an
    // equilibrium against row 0, a segment with extreme points (e0, e0) and (e0, e1).
    let g = bimatrix(&[&[1.0, 1.0], &[0.0, 0.0]], &[&[1.0, 1.0], &[1.0, 1.0]]);
    let all = all_equilibria(&g).unwrap();
    assert!(all.degenerate);
    assert_eq!(all.equilibria.len(), 2);
    assert!(contains(&all.equilibria, &[1.0, 0.0], &[1.0, 0.0]));
    assert!(contains(&all.equilibria, &[1.0, 0.0], &[0.0, 1.0]));
}

#[test]
fn lemke_howson_from_different_labels_finds_different_equilibria() {
    let g = bimatrix(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
    let found: Vec<Equilibrium> = (0..4).map(|k| lemke_howson(&g, k).unwrap()).collect();
    let distinct = found.iter().filter(|e| close(&e.strategies[0], &[1.0, 0.0])).count();
    assert!(distinct > 0 && distinct < 4, "{found:?}");
    assert!(lemke_howson(&g, 4).is_err());
}

#[test]
fn shape_errors_are_named() {
    let e = NormalFormGame::bimatrix(vec![vec![1.0, 2.0]], vec![vec![1.0]]).unwrap_err();
    assert_eq!(e.to_string(), "col[0]: expected 2 entries, found 1");
    let e = NormalFormGame::new(vec![2, 2], vec![vec![0.0; 4]]).unwrap_err();
    assert!(e.to_string().contains("one list per player"));
    assert!(NormalFormGame::bimatrix(vec![vec![f64::NAN]], vec![vec![0.0]]).is_err());
}

fn random_bimatrix(max: usize, scale: f64) -> impl Strategy<Value = NormalFormGame> {
    (1..=max, 1..=max).prop_flat_map(move |(m, n)| {
        (prop::collection::vec(-1.0f64..1.0, m * n), prop::collection::vec(-1.0f64..1.0, m * n)).prop_map(
            move |(a, b)| {
                let a = a.into_iter().map(|x| x * scale).collect();
                let b = b.into_iter().map(|x| x * scale).collect();
                NormalFormGame::new(vec![m, n], vec![a, b]).unwrap()
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn enumeration_methods_agree_and_count_is_odd(g in random_bimatrix(6, 1.0)) {
        let all = all_equilibria(&g).unwrap();
        prop_assume!(!all.degenerate);
        let vertices = vertex_enumeration(&g).unwrap();
        prop_assert_eq!(all.equilibria.len(), vertices.len());
        for e in &all.equilibria {
            prop_assert!(contains(&vertices, &e.strategies[0], &e.strategies[1]));
            prop_assert!(g.max_deviation_gain(&e.strategies) <= 1e-9 * g.scale());
        }
        prop_assert_eq!(all.equilibria.len() % 2, 1);
        for k in 0..g.actions()[0] + g.actions()[1] {
            let lh = lemke_howson(&g, k).unwrap();
            prop_assert!(contains(&all.equilibria, &lh.strategies[0], &lh.strategies[1]));
        }
    }

    #[test]
    fn equilibria_survive_extreme_payoff_scales(g in random_bimatrix(4, 1.0), exponent in -6i32..=6) {
        let scale = 10f64.powi(exponent);
        let scaled = NormalFormGame::new(
            g.actions().to_vec(),
            (0..2).map(|p| g.payoffs(p).iter().map(|x| x * scale).collect()).collect(),
        ).unwrap();
        let base = all_equilibria(&g).unwrap();
        let other = all_equilibria(&scaled).unwrap();
        prop_assert_eq!(base.equilibria.len(), other.equilibria.len());
        for e in &base.equilibria {
            prop_assert!(contains(&other.equilibria, &e.strategies[0], &e.strategies[1]));
        }
    }

    #[test]
    fn pure_equilibria_are_among_all_equilibria(g in random_bimatrix(5, 1.0)) {
        let all = all_equilibria(&g).unwrap();
        for e in pure_equilibria(&g) {
            prop_assert!(contains(&all.equilibria, &e.strategies[0], &e.strategies[1]));
        }
    }
}

fn random_zero_sum(max: usize) -> impl Strategy<Value = NormalFormGame> {
    (1..=max, 1..=max).prop_flat_map(|(m, n)| {
        prop::collection::vec(-10i32..10, m * n).prop_map(move |a| {
            let a: Vec<f64> = a.into_iter().map(f64::from).collect();
            let b = a.iter().map(|x| -x).collect();
            NormalFormGame::new(vec![m, n], vec![a, b]).unwrap()
        })
    })
}

fn random_three_player() -> impl Strategy<Value = NormalFormGame> {
    (1..=3usize, 1..=3usize, 1..=2usize).prop_flat_map(|(a, b, c)| {
        prop::collection::vec(prop::collection::vec(-5i32..5, a * b * c), 3).prop_map(move |u| {
            NormalFormGame::new(
                vec![a, b, c],
                u.into_iter().map(|v| v.into_iter().map(f64::from).collect()).collect(),
            )
            .unwrap()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn zero_sum_lp_value_equals_the_equilibrium_payoff(g in random_zero_sum(5)) {
        let solution = zero_sum(&g).unwrap();
        let all = vertex_enumeration(&g).unwrap();
        prop_assert!(!all.is_empty());
        for e in &all {
            prop_assert!((e.payoffs[0] - solution.value).abs() < 1e-7, "{} vs {}", e.payoffs[0], solution.value);
        }
        // The row player's mixed minmax is the value too.
        let mm = minmax(&g, 0).unwrap();
        prop_assert!((mm.mixed - solution.value).abs() < 1e-7);
    }

    #[test]
    fn lp_solutions_scale_with_the_payoffs(g in random_zero_sum(4), exponent in -6i32..=6) {
        let factor = 10f64.powi(exponent);
        let scaled = NormalFormGame::new(
            g.actions().to_vec(),
            (0..2).map(|p| g.payoffs(p).iter().map(|x| x * factor).collect()).collect(),
        ).unwrap();
        let (v, w) = (zero_sum(&g).unwrap().value, zero_sum(&scaled).unwrap().value);
        prop_assert!((v * factor - w).abs() <= 1e-7 * factor * 10.0, "{} vs {}", v * factor, w);
        prop_assert!((minmax(&g, 0).unwrap().mixed * factor - minmax(&scaled, 0).unwrap().mixed).abs() <= 1e-6 * factor * 10.0);
        prop_assert!(is_correlated_equilibrium(&scaled, &correlated_equilibrium(&scaled).unwrap().distribution).unwrap());
        prop_assert_eq!(eliminate_dominated(&g, true).unwrap().surviving, eliminate_dominated(&scaled, true).unwrap().surviving);
    }

    #[test]
    fn nash_equilibria_are_correlated_equilibria_and_individually_rational(g in random_bimatrix(4, 1.0)) {
        let ce = correlated_equilibrium(&g).unwrap();
        prop_assert!(is_correlated_equilibrium(&g, &ce.distribution).unwrap());
        let welfare = ce.payoffs.iter().sum::<f64>();
        let (m, n) = (g.actions()[0], g.actions()[1]);
        for e in all_equilibria(&g).unwrap().equilibria {
            let product: Vec<f64> = (0..m * n).map(|s| e.strategies[0][s / n] * e.strategies[1][s % n]).collect();
            prop_assert!(is_correlated_equilibrium(&g, &product).unwrap());
            prop_assert!(e.payoffs.iter().sum::<f64>() <= welfare + 1e-7);
            for p in 0..2 {
                let mm = minmax(&g, p).unwrap();
                prop_assert!(mm.mixed <= mm.pure + 1e-9);
                prop_assert!(e.payoffs[p] >= mm.mixed - 1e-7);
            }
        }
    }

    #[test]
    fn elimination_never_removes_an_equilibrium_action(g in random_bimatrix(5, 1.0)) {
        let kept = eliminate_dominated(&g, true).unwrap();
        for e in all_equilibria(&g).unwrap().equilibria {
            for p in 0..2 {
                for (a, &prob) in e.strategies[p].iter().enumerate() {
                    if prob > 1e-9 {
                        prop_assert!(kept.surviving[p].contains(&a));
                    }
                }
            }
        }
        let pure_only = eliminate_dominated(&g, false).unwrap();
        for p in 0..2 {
            prop_assert!(kept.surviving[p].iter().all(|a| pure_only.surviving[p].contains(a)));
        }
    }

    #[test]
    fn three_player_pure_equilibria_and_correlated_equilibria(g in random_three_player()) {
        for e in pure_equilibria(&g) {
            prop_assert!(g.max_deviation_gain(&e.strategies) <= 1e-9);
            let product: Vec<f64> = (0..g.profiles())
                .map(|s| g.profile(s).iter().zip(&e.strategies).map(|(&a, st)| st[a]).product())
                .collect();
            prop_assert!(is_correlated_equilibrium(&g, &product).unwrap());
        }
        let ce = correlated_equilibrium(&g).unwrap();
        prop_assert!(is_correlated_equilibrium(&g, &ce.distribution).unwrap());
        let mm = minmax(&g, 1).unwrap();
        prop_assert!(!mm.mixed_is_exact && mm.mixed <= mm.pure + 1e-9);
    }
}

#[test]
fn invalid_distributions_are_errors() {
    let g = bimatrix(&[&[1.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 1.0]]);
    assert!(is_correlated_equilibrium(&g, &[0.5, 0.5])
        .unwrap_err()
        .to_string()
        .contains("expected 4 probabilities"));
    assert!(is_correlated_equilibrium(&g, &[0.5, 0.5, 0.5, -0.5]).is_err());
    assert!(is_correlated_equilibrium(&g, &[0.5, 0.0, 0.0, 0.5]).unwrap());
    assert!(!is_correlated_equilibrium(&g, &[0.0, 0.5, 0.5, 0.0]).unwrap());
    assert!(zero_sum(&g).unwrap_err().to_string().contains("not a zero-sum game"));
}
