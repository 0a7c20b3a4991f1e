//! Normal-form equilibria: textbook games, degenerate games, and properties on random games.

mod support;
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
    assert!(
        is_correlated_equilibrium(&g, &[0.5, 0.5])
            .unwrap_err()
            .to_string()
            .contains("expected 4 probabilities")
    );
    assert!(is_correlated_equilibrium(&g, &[0.5, 0.5, 0.5, -0.5]).is_err());
    assert!(is_correlated_equilibrium(&g, &[0.5, 0.0, 0.0, 0.5]).unwrap());
    assert!(!is_correlated_equilibrium(&g, &[0.0, 0.5, 0.5, 0.0]).unwrap());
    assert!(zero_sum(&g).unwrap_err().to_string().contains("not a zero-sum game"));
}

#[test]
fn prisoners_dilemma_in_millions_keeps_mutual_defection() {
    // Regression: support enumeration returned no equilibrium at all for payoffs times 10^6.
    let m = 1e6;
    let g = bimatrix(&[&[3.0 * m, 0.0], &[5.0 * m, m]], &[&[3.0 * m, 5.0 * m], &[0.0, m]]);
    let all = all_equilibria(&g).unwrap();
    assert_eq!(all.equilibria.len(), 1);
    assert!(contains(&all.equilibria, &[0.0, 1.0], &[0.0, 1.0]));
    assert_eq!(all.equilibria[0].payoffs, vec![m, m]);
    assert_eq!(support_enumeration(&g).unwrap().len(), 1);
}

#[test]
fn battle_of_the_sexes_at_1e9_and_1e_minus_15_keeps_its_three_equilibria() {
    for unit in [1e9, 1e-15, 1e5, 1e-12] {
        let g = bimatrix(&[&[2.0 * unit, 0.0], &[0.0, unit]], &[&[unit, 0.0], &[0.0, 2.0 * unit]]);
        let all = all_equilibria(&g).unwrap();
        assert_eq!(all.equilibria.len(), 3, "unit {unit}");
        assert!(contains(&all.equilibria, &[2.0 / 3.0, 1.0 / 3.0], &[1.0 / 3.0, 2.0 / 3.0]), "unit {unit}");
        let mixed =
            all.equilibria.iter().find(|e| e.strategies[0][0] > 0.0 && e.strategies[0][0] < 1.0).unwrap();
        let exact = exact_equilibrium(&g, mixed).unwrap();
        assert_eq!(exact[0].iter().map(|x| x.to_string()).collect::<Vec<_>>(), ["2/3", "1/3"]);
    }
}

#[test]
fn a_player_with_tiny_payoffs_must_still_best_respond() {
    // Each player's deviation gains are judged against that player's own payoffs. Here the
    // row player's payoffs are 10^-12 and the column player's 10^3: the row player playing
    // its worse action gains 10^-12 by deviating, inside a tolerance of 10^-9 of the largest
    // payoff of anyone, but all it can gain.
    let g = NormalFormGame::bimatrix(vec![vec![0.0], vec![1e-12]], vec![vec![1e3], vec![1e3]]).unwrap();
    assert!(verified(&g, vec![vec![1.0, 0.0], vec![1.0]]).is_err());
    assert!(verified(&g, vec![vec![0.0, 1.0], vec![1.0]]).is_ok());
    assert_eq!(pure_equilibria(&g).len(), 1);
    assert_eq!(all_equilibria(&g).unwrap().equilibria.len(), 1);
}

#[test]
fn all_equilibria_of_a_30x30_game_are_refused_before_allocating() {
    // Regression: 20 GB within a minute and no refusal.
    let a: Vec<Vec<f64>> =
        (0..30).map(|i| (0..30).map(|j| ((i * 7 + j * 13) % 31) as f64).collect()).collect();
    let b: Vec<Vec<f64>> =
        (0..30).map(|i| (0..30).map(|j| ((i * 11 + j * 5) % 29) as f64).collect()).collect();
    let g = NormalFormGame::bimatrix(a, b).unwrap();
    let start = std::time::Instant::now();
    let e = all_equilibria(&g).unwrap_err();
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    let text = e.to_string();
    assert!(text.contains(&format!("limit of {MAX_VERTICES}")) && text.contains("lemke-howson"), "{text}");
    let e = support_enumeration(&g).unwrap_err().to_string();
    assert!(e.contains(&format!("limit of {MAX_SUPPORT_PAIRS}")) && e.contains("support pairs"), "{e}");
    assert!(vertex_enumeration(&g).is_err());
    // The alternative offered works.
    assert!(lemke_howson(&g, 0).is_ok());
}

#[test]
fn a_random_16x16_game_is_still_enumerated() {
    // The limits keep the sizes that finish in seconds: a 16x16 game with payoffs drawn from
    // 0..=1000 (a fixed linear congruential sequence; any draw would do).
    let mut state: u64 = 5;
    let mut draw = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) % 1001) as f64
    };
    let a: Vec<Vec<f64>> = (0..16).map(|_| (0..16).map(|_| draw()).collect()).collect();
    let b: Vec<Vec<f64>> = (0..16).map(|_| (0..16).map(|_| draw()).collect()).collect();
    let g = NormalFormGame::bimatrix(a, b).unwrap();
    assert!(!all_equilibria(&g).unwrap().equilibria.is_empty());
}

fn nash_cli(name: &str, text: &str, args: &[&str]) -> (bool, String, String) {
    support::comity_on_file("nash", name, text, args)
}

#[test]
fn nash_game_files_are_read_strictly() {
    let (ok, _, err) = nash_cli("dup.json", r#"{"row": [[1]], "col": [[1]], "row": [[2]]}"#, &[]);
    assert!(!ok && err.contains("duplicate key \"row\" at the top level (line 1"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (ok, _, err) = nash_cli("deep.json", r#"{"row": [[1]], "col": [[1]], "x": {"a": 1, "a": 2}}"#, &[]);
    assert!(!ok && err.contains("duplicate key \"a\" in x"), "{err}");
    let (ok, _, err) = nash_cli("unknown.json", r#"{"row": [[1]], "col": [[1]], "cols": [[2]]}"#, &[]);
    assert!(
        !ok && err.contains("unknown field \"cols\"") && err.contains("row, col, actions, payoffs"),
        "{err}"
    );
    let (ok, _, err) = nash_cli(
        "both.json",
        r#"{"row": [[1]], "col": [[1]], "actions": [1, 1], "payoffs": [[5], [5]]}"#,
        &[],
    );
    assert!(!ok && err.contains("both layouts given"), "{err}");
    let (ok, out, err) = nash_cli(
        "bom.json",
        "\u{feff}{\"row\": [[2, 0], [0, 1]], \"col\": [[1, 0], [0, 2]]}",
        &["--format", "json"],
    );
    assert!(ok, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["equilibria"].as_array().unwrap().len(),
        3
    );
}

#[test]
fn nash_refuses_options_that_do_not_apply() {
    let game = r#"{"row": [[2, 0], [0, 1]], "col": [[1, 0], [0, 2]]}"#;
    let (ok, _, err) = nash_cli("label.json", game, &["--label", "2"]);
    assert!(!ok && err.contains("--label applies only with --method lemke-howson"), "{err}");
    let three = r#"{"actions": [1, 1, 2], "payoffs": [[1, 2], [1, 2], [1, 2]]}"#;
    let (ok, _, err) = nash_cli("exact3.json", three, &["--exact"]);
    assert!(!ok && err.contains("--exact needs a two-player game"), "{err}");
    let (ok, _, _) = nash_cli("label-ok.json", game, &["--method", "lemke-howson", "--label", "2"]);
    assert!(ok);
}

#[test]
fn nash_cli_refuses_a_30x30_all_equilibria_request_quickly() {
    let row: Vec<Vec<u32>> = (0..30).map(|i| (0..30).map(|j| (i * 7 + j * 13) % 31).collect()).collect();
    let col: Vec<Vec<u32>> = (0..30).map(|i| (0..30).map(|j| (i * 11 + j * 5) % 29).collect()).collect();
    let text = serde_json::json!({"row": row, "col": col}).to_string();
    let start = std::time::Instant::now();
    let (ok, _, err) = nash_cli("big.json", &text, &[]);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert!(!ok && err.contains("more than the limit") && err.contains("--method lemke-howson"), "{err}");
}

#[test]
fn a_correlated_equilibrium_lp_beyond_its_limit_is_refused_before_building_it() {
    // 200x200: 40000 profiles times 398 deviations per profile, about 1.6e7 coefficients.
    let a: Vec<Vec<f64>> =
        (0..200).map(|i| (0..200).map(|j| ((i * 7 + j * 13) % 31) as f64).collect()).collect();
    let g = NormalFormGame::bimatrix(a.clone(), a).unwrap();
    let start = std::time::Instant::now();
    let e = correlated_equilibrium(&g).unwrap_err().to_string();
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert!(e.contains(&format!("limit of {MAX_CORRELATED_TERMS}")) && e.contains("200x200"), "{e}");
}
