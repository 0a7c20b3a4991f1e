//! Cooperative games: published values (glove game, Talmud rule, airport game, Owen value),
//! axioms of the Shapley value, and the nucleolus against an independent lexicographic check.

mod support;
use comity::coop::*;
use comity::game::{Game, WeightedGame};
use comity::power::{PowerOptions, power_indices, to_f64};
use proptest::prelude::*;

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

#[test]
fn glove_game_one_left_two_right() {
    // Shapley & Shubik (1969): the scarce left glove gets 2/3 by Shapley, everything in the core.
    let g = TuGame::glove(&[true, false, false]).unwrap();
    assert!(close(&shapley_value(&g), &[2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0], 1e-15));
    let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
    assert_eq!(nu.exact_strings(), ["1", "0", "0"]);
    assert!(!core_is_empty(&g).unwrap() && in_core(&g, &[1.0, 0.0, 0.0]) && !in_core(&g, &[0.5, 0.25, 0.25]));
}

#[test]
fn bankruptcy_nucleolus_is_the_talmud_rule() {
    // Aumann & Maschler (1985): claims 100, 200, 300; estates 100, 200, 300 divide as
    // (33 1/3, 33 1/3, 33 1/3), (50, 75, 75), (50, 100, 150).
    let cases =
        [(100.0, ["100/3", "100/3", "100/3"]), (200.0, ["50", "75", "75"]), (300.0, ["50", "100", "150"])];
    for (estate, want) in cases {
        let g = TuGame::bankruptcy(estate, &[100.0, 200.0, 300.0]).unwrap();
        let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
        assert_eq!(nu.exact_strings(), want, "estate {estate}");
        assert_eq!(nu.fallback, None, "estate {estate}");
        assert_eq!(nu.kind, NucleolusKind::Nucleolus);
    }
}

/// Regression guard for the fallback: a dedicated simplex that failed on every stage would still
/// give these nucleoli (by microlp), only slower, so the test asks for the fast path by name.
#[test]
fn published_nucleoli_take_the_dedicated_simplex() {
    let mut games: Vec<(&str, TuGame, NucleolusKind)> = vec![
        // Shapley & Shubik (1969): the glove game.
        ("glove", TuGame::glove(&[true, false, false]).unwrap(), NucleolusKind::Nucleolus),
        // The three-player majority game: 1/3 each.
        (
            "majority",
            TuGame::from_fn(3, |m| if (m as u32).count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap(),
            NucleolusKind::Nucleolus,
        ),
        // No imputation: the prenucleolus, 2/3 each.
        (
            "no imputations",
            TuGame::from_values(3, vec![0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0]).unwrap(),
            NucleolusKind::Nucleolus,
        ),
        // The module's hand-computed game (pair excesses equal at -10/3), as a prenucleolus.
        (
            "pair excesses",
            TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0]).unwrap(),
            NucleolusKind::Prenucleolus,
        ),
    ];
    // Aumann & Maschler (1985): the Talmud's three estates.
    for estate in [100.0, 200.0, 300.0] {
        games.push((
            "talmud",
            TuGame::bankruptcy(estate, &[100.0, 200.0, 300.0]).unwrap(),
            NucleolusKind::Nucleolus,
        ));
    }
    // The benchmarks' seeded games with a non-empty core, at 12 and 15 players.
    for n in [12, 15] {
        games.push(("core game", core_game(n, 1), NucleolusKind::Nucleolus));
    }
    for (name, game, prefer) in &games {
        let nu = nucleolus(game, *prefer).unwrap();
        assert_eq!(nu.fallback, None, "{name} ({} players) fell back", game.n());
    }
}

#[test]
fn airport_shapley_is_sequential_equal_cost_sharing() {
    // Littlechild & Owen (1973): runway segments are shared equally by the planes that use them.
    let costs = [3.0, 5.0, 8.0, 8.0, 12.0];
    let g = TuGame::airport(&costs).unwrap();
    let mut want = Vec::new();
    let mut share = 0.0;
    for (k, c) in costs.iter().enumerate() {
        let previous = if k == 0 { 0.0 } else { costs[k - 1] };
        share += (c - previous) / (costs.len() - k) as f64;
        want.push(share);
    }
    assert!(close(&shapley_value(&g), &want, 1e-12), "{:?}", shapley_value(&g));
}

#[test]
fn owen_value_of_a_union_in_the_majority_game() {
    // Three-player majority: the union {0, 1} is a majority on its own and splits 1 equally.
    let g = TuGame::from_fn(3, |m| if (m as u32).count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
    assert!(close(&owen_value(&g, &[vec![0, 1], vec![2]]), &[0.5, 0.5, 0.0], 1e-15));
    // Singleton unions and one grand union both give the Shapley value.
    let phi = shapley_value(&g);
    assert!(close(&owen_value(&g, &[vec![0], vec![1], vec![2]]), &phi, 1e-15));
    assert!(close(&owen_value(&g, &[vec![0, 1, 2]]), &phi, 1e-15));
    assert_eq!(check_partition(3, &[vec![0, 1], vec![1, 2]]), Err("player 1 is in two unions".into()));
}

#[test]
fn majority_game_has_an_empty_core_and_least_core_one_third() {
    let g = TuGame::from_fn(3, |m| if (m as u32).count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
    assert!(core_is_empty(&g).unwrap());
    assert!((least_core(&g).unwrap().epsilon - 1.0 / 3.0).abs() < 1e-9);
    let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
    assert_eq!(nu.exact_strings(), ["1/3", "1/3", "1/3"]);
    assert!(is_superadditive(&g) && !is_convex(&g));
}

#[test]
fn prenucleolus_when_there_are_no_imputations() {
    // v(i) = 1 each but v(N) = 2: no imputation exists, so the prenucleolus is computed.
    let g = TuGame::from_values(3, vec![0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0]).unwrap();
    let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
    assert_eq!(nu.kind, NucleolusKind::Prenucleolus);
    assert_eq!(nu.exact_strings(), ["2/3", "2/3", "2/3"]);
}

#[test]
fn sampled_shapley_covers_the_exact_value() {
    let weights = [4u64, 3, 2, 1, 1];
    let v = |m: u64| {
        if (0..5).filter(|&i| m >> i & 1 == 1).map(|i| weights[i]).sum::<u64>() >= 6 { 1.0 } else { 0.0 }
    };
    let exact = shapley_value(&TuGame::from_fn(5, |m| v(m as u64)).unwrap());
    let sampled = shapley_sampled(5, v, 20_000, 7, 3.29);
    for (i, e) in exact.iter().enumerate() {
        assert!((sampled.estimate[i] - e).abs() <= sampled.half_width[i], "player {i}");
    }
    // Reproducible: the same seed gives the same estimate.
    assert_eq!(shapley_sampled(5, v, 20_000, 7, 3.29), sampled);
}

fn random_game(max_n: usize) -> impl Strategy<Value = TuGame> {
    (1..=max_n).prop_flat_map(|n| {
        prop::collection::vec(-20i32..60, 1 << n).prop_map(move |vals| {
            TuGame::from_fn(n, |m| vals[m] as f64 + 10.0 * (m as u32).count_ones() as f64).unwrap()
        })
    })
}

/// Sorted (descending) excesses of the proper coalitions.
fn excesses(g: &TuGame, x: &[f64]) -> Vec<f64> {
    let mut e: Vec<f64> = (1..g.grand())
        .map(|m| g.value(m) - (0..g.n()).filter(|&i| m >> i & 1 == 1).map(|i| x[i]).sum::<f64>())
        .collect();
    e.sort_by(|a, b| b.total_cmp(a));
    e
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn shapley_axioms(g in random_game(7), h in random_game(7)) {
        let phi = shapley_value(&g);
        prop_assert!((phi.iter().sum::<f64>() - g.value(g.grand())).abs() < 1e-9);
        // Additivity over games with the same players.
        if g.n() == h.n() {
            let sum = TuGame::from_fn(g.n(), |m| g.value(m) + h.value(m)).unwrap();
            let a: Vec<f64> = phi.iter().zip(shapley_value(&h)).map(|(x, y)| x + y).collect();
            prop_assert!(close(&shapley_value(&sum), &a, 1e-9));
        }
    }

    #[test]
    fn symmetric_players_and_null_players(vals in prop::collection::vec(0i32..50, 6), n in 2usize..6) {
        // v depends on |S| only except that player 0 is a null player.
        let g = TuGame::from_fn(n, |m| {
            let k = (m >> 1).count_ones() as usize;
            if k == 0 { 0.0 } else { vals[k] as f64 }
        }).unwrap();
        let phi = shapley_value(&g);
        prop_assert!(phi[0].abs() < 1e-12);
        prop_assert!(phi[1..].iter().all(|x| (x - phi[1]).abs() < 1e-9));
    }

    #[test]
    fn nucleolus_is_certified_in_the_core_and_lexicographically_minimal(g in random_game(5), dirs in prop::collection::vec(prop::collection::vec(-1.0f64..1.0, 5), 20)) {
        let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
        let x = &nu.allocation;
        prop_assert!((x.iter().sum::<f64>() - g.value(g.grand())).abs() < 1e-9);
        let lc = least_core(&g).unwrap();
        prop_assert_eq!(lc.epsilon <= 1e-9, !core_is_empty(&g).unwrap());
        if !core_is_empty(&g).unwrap() {
            prop_assert!(in_core(&g, x));
        }
        // Brute force: no efficient move that stays an imputation (when the nucleolus is over
        // imputations) makes the sorted excess vector lexicographically smaller.
        let base = excesses(&g, x);
        for d in dirs {
            let d = &d[..g.n()];
            let mean = d.iter().sum::<f64>() / g.n() as f64;
            for step in [1e-3, 1e-1, 1.0] {
                let y: Vec<f64> = x.iter().zip(d).map(|(xi, di)| xi + step * (di - mean)).collect();
                if nu.kind == NucleolusKind::Nucleolus && (0..g.n()).any(|i| y[i] < g.value(1 << i) - 1e-12) {
                    continue;
                }
                let e = excesses(&g, &y);
                let first_difference = base.iter().zip(&e).find(|(a, b)| (*a - *b).abs() > 1e-9);
                if let Some((a, b)) = first_difference {
                    prop_assert!(a < b, "move {:?} improves {:?} to {:?}", y, base, e);
                }
            }
        }
        // The same game gives the same answer.
        prop_assert_eq!(nucleolus(&g, NucleolusKind::Nucleolus).unwrap().exact, nu.exact.clone());
    }

    #[test]
    fn the_nucleolus_scales_with_the_game(g in random_game(5), exponent in -3i32..=7) {
        // Multiplying every value by 10^k multiplies the nucleolus by 10^k (regression: a dual
        // threshold that scaled with the values missed every coalition in large games).
        // Values are scaled exactly as decimals (dividing by 10^-k rather than multiplying by
        // the inexact double 10^k), so that the scaled game is the intended one.
        let factor = 10f64.powi(exponent);
        let power = 10f64.powi(exponent.abs());
        let scaled = TuGame::from_fn(g.n(), |m| if exponent >= 0 { g.value(m) * power } else { g.value(m) / power }).unwrap();
        let a = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
        let b = nucleolus(&scaled, NucleolusKind::Nucleolus).unwrap();
        prop_assert_eq!(a.kind, b.kind);
        for (x, y) in a.allocation.iter().zip(&b.allocation) {
            prop_assert!((x * factor - y).abs() <= 1e-9 * factor.max(1.0) * 100.0, "{} vs {}", x * factor, y);
        }
    }

    #[test]
    fn convex_games_have_the_shapley_value_in_the_core(vals in prop::collection::vec(0u32..20, 7), n in 1usize..6) {
        // v(S) = f(|S|) with f convex (sum of increasing increments) is convex.
        let mut f = vec![0.0];
        let mut step = 0.0;
        for k in 0..n {
            step += vals[k] as f64;
            f.push(f[k] + step);
        }
        let g = TuGame::from_fn(n, |m| f[(m as u32).count_ones() as usize]).unwrap();
        prop_assert!(is_convex(&g));
        prop_assert!(in_core(&g, &shapley_value(&g)));
    }

    #[test]
    fn simple_games_shapley_value_is_the_shapley_shubik_index(w in prop::collection::vec(0u64..8, 1..9), q in 1u64..30) {
        let total: u64 = w.iter().sum();
        prop_assume!(total > 0);
        let game = WeightedGame::new(w, 1 + q % total).unwrap();
        let tu = TuGame::from_simple_game(&game).unwrap();
        let ss = power_indices(&Game::from(game), &PowerOptions::new().with_exact(true)).unwrap();
        let ss: Vec<f64> = ss.shapley_shubik_exact().unwrap().iter().map(to_f64).collect();
        prop_assert!(close(&shapley_value(&tu), &ss, 1e-12));
    }
}

#[test]
fn public_goods_club_with_a_divisible_good_is_additive() {
    // indivisibility 0: every coalition provides the good in full, so v is additive and each
    // member's Shapley value is its own benefit minus its own cost.
    let (benefit, cost) = ([5.0, 3.0, 1.0], [1.0, 1.0, 2.0]);
    let g = TuGame::public_goods_club(&benefit, &cost, 0.0).unwrap();
    assert!(close(&shapley_value(&g), &[4.0, 2.0, -1.0], 1e-12));
    // With indivisibility 1, a lone member gets only a third of its benefit.
    let g = TuGame::public_goods_club(&benefit, &cost, 1.0).unwrap();
    assert!((g.value(0b001) - (5.0 / 3.0 - 1.0)).abs() < 1e-12);
    assert!(TuGame::public_goods_club(&benefit, &cost, -1.0).is_err());
}

#[test]
fn minimum_coalition_game_of_the_security_council() {
    // v(S) = population of S when S passes a substantive resolution, else 0.
    let unsc = comity::model::Institution::load("models/institutions/unsc.toml").unwrap();
    let rule = unsc.compile("substantive").unwrap().game;
    let population: Vec<f64> = unsc.members().iter().map(|m| m.attributes["population"]).collect();
    let g = TuGame::minimum_coalition(&rule, &population).unwrap();
    let p5_and_four: usize = 0b1_1111_1111; // the five permanent members and four elected
    assert_eq!(g.value(p5_and_four), population[..9].iter().sum::<f64>());
    assert_eq!(g.value(0b1_1111_1110), 0.0); // China missing: vetoed
    assert!(TuGame::minimum_coalition(&rule, &population[..3]).is_err());
}

#[test]
fn bad_parameters_of_the_families_are_refused() {
    assert!(
        TuGame::bankruptcy(700.0, &[100.0, 200.0, 300.0])
            .unwrap_err()
            .to_string()
            .contains("estate <= total claims")
    );
    assert!(TuGame::bankruptcy(f64::NAN, &[1.0]).is_err());
    assert!(TuGame::airport(&[1.0, -2.0]).is_err());
    assert_eq!(TuGame::from_values(2, vec![0.0, 1.0]), Err(TuError::ValueCount { expected: 4, found: 2 }));
    assert!(matches!(TuGame::from_values(0, vec![]), Err(TuError::PlayerCount { .. })));
}

/// All permutations of `items`.
fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for (k, &first) in items.iter().enumerate() {
        let rest: Vec<usize> = items.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, &x)| x).collect();
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn owen_value_equals_the_average_over_union_consistent_orders(g in random_game(5), cut in prop::collection::vec(any::<bool>(), 5)) {
        // Unions: consecutive players, split where `cut` says.
        let n = g.n();
        let mut unions: Vec<Vec<usize>> = vec![vec![0]];
        for (i, &new_union) in cut.iter().enumerate().take(n).skip(1) {
            if new_union { unions.push(vec![i]) } else { unions.last_mut().unwrap().push(i) }
        }
        // Brute force (Owen 1977): every order of the unions, and within each union every order
        // of its members, equally likely; average each player's marginal contribution.
        let mut total = vec![0.0; n];
        let mut orders = 0usize;
        for union_order in permutations(&(0..unions.len()).collect::<Vec<_>>()) {
            let inner: Vec<Vec<Vec<usize>>> = union_order.iter().map(|&u| permutations(&unions[u])).collect();
            let mut choice = vec![0usize; inner.len()];
            loop {
                let mut mask = 0usize;
                for (k, perms) in inner.iter().enumerate() {
                    for &i in &perms[choice[k]] {
                        total[i] += g.value(mask | 1 << i) - g.value(mask);
                        mask |= 1 << i;
                    }
                }
                orders += 1;
                // Next combination of inner orders.
                let mut k = 0;
                while k < inner.len() {
                    choice[k] += 1;
                    if choice[k] < inner[k].len() { break; }
                    choice[k] = 0;
                    k += 1;
                }
                if k == inner.len() { break; }
            }
        }
        let brute: Vec<f64> = total.iter().map(|t| t / orders as f64).collect();
        prop_assert!(close(&owen_value(&g, &unions), &brute, 1e-9), "{:?} vs {:?}", owen_value(&g, &unions), brute);
    }
}

#[test]
fn the_core_of_the_majority_game_in_units_of_1e_minus_300_is_empty() {
    // Regression: tolerances were floored at 10^-9 in absolute terms, so every game written
    // in units of 10^-300 had a "non-empty core" and every check passed.
    let unit = 1e-300;
    let g = TuGame::from_fn(3, |m| if (m as u32).count_ones() >= 2 { unit } else { 0.0 }).unwrap();
    assert!(core_is_empty(&g).unwrap());
    let lc = least_core(&g).unwrap();
    assert!((lc.epsilon / unit - 1.0 / 3.0).abs() < 1e-9, "{}", lc.epsilon);
    assert!(!is_superadditive(&TuGame::from_values(2, vec![0.0, unit, unit, unit]).unwrap()));
}

#[test]
fn the_least_core_goes_beyond_max_lp_players_by_constraint_generation() {
    // Regression: a TU game of 22 players took 8 GB in one LP over all coalitions, and was then
    // refused above 18 players. The least core now generates its constraints: v(S) = |S| is
    // additive, so x = (1, ..., 1) leaves every coalition an excess of 0, and no allocation
    // does better (the singletons' excesses sum to 0 at any x with x(N) = 22).
    let g = TuGame::from_fn(22, |m| (m as u32).count_ones() as f64).unwrap();
    let lc = least_core(&g).unwrap();
    assert_eq!(lc.fallback, None);
    assert!(lc.epsilon.abs() < 1e-9, "{}", lc.epsilon);
    assert!(lc.allocation.iter().all(|x| (x - 1.0).abs() < 1e-9), "{:?}", lc.allocation);
    assert_eq!(core_is_empty(&g), Ok(false));
    assert!((shapley_value(&g).iter().sum::<f64>() - 22.0).abs() < 1e-9);
}

fn tu_cli(name: &str, text: &str) -> (bool, String, String) {
    support::comity_on_file("tu", name, text, &["--format", "json"])
}

#[test]
fn tu_nucleolus_exact_of_a_game_scaled_by_1e_minus_300_sums_to_v_n() {
    // Regression: "3e-300" was read as 2.9999999999999996e-300 (serde_json's fast float
    // parser), and the "exact" nucleolus summed to that, not to v(N) as written.
    let (ok, out, err) = tu_cli(
        "tiny.json",
        r#"{"players": ["A", "B", "C"], "values": [0, 0, 0, 1e-300, 0, 1e-300, 1e-300, 3e-300]}"#,
    );
    assert!(ok, "{err}");
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    let exact: Vec<num_rational::BigRational> = o["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["exact"]["nucleolus"].as_str().unwrap().parse().unwrap())
        .collect();
    let total: num_rational::BigRational = exact.iter().sum();
    assert_eq!(total, comity::exact::parse_decimal("3e-300").unwrap());
}

#[test]
fn tu_properties_refuse_19_players_before_reading_the_values() {
    // The default solutions include the properties, whose superadditivity check visits 3^n
    // pairs of coalitions. 2^19 values keep the test file small; the limit is the same for 22.
    let n = MAX_LP_PLAYERS + 1;
    let names: Vec<String> = (0..n).map(|i| format!("P{i}")).collect();
    let text = serde_json::json!({"players": names, "values": vec![0; 1 << n]}).to_string();
    let (ok, _, err) = tu_cli("many.json", &text);
    assert!(
        !ok && err.contains(&format!("the limit is {MAX_LP_PLAYERS} players"))
            && err.contains("without properties"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1);
}

#[test]
fn tu_game_files_are_read_strictly() {
    let (ok, _, err) = tu_cli("dup.json", r#"{"players": ["A"], "values": [0, 1], "values": [0, 2]}"#);
    assert!(!ok && err.contains("duplicate key \"values\" at the top level"), "{err}");
    let (ok, _, err) = tu_cli("unknown.json", r#"{"players": ["A"], "values": [0, 1], "value": [0, 2]}"#);
    assert!(!ok && err.contains("unknown field \"value\"") && err.contains("players, values"), "{err}");
    let (ok, out, err) =
        tu_cli("bom.json", "\u{feff}{\"players\": [\"A\", \"B\"], \"values\": [0, 0, 0, 1]}");
    assert!(ok, "{err}");
    assert_eq!(out.matches("\"exact\":{\"nucleolus\":\"1/2\"}").count(), 2, "{out}");
}

/// The seeded game with a non-empty core shared with the peer script (`comity::testing`).
fn core_game(n: usize, seed: u64) -> TuGame {
    comity::testing::tu_game_with_core(n, seed).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn nucleolus_of_larger_core_games_is_in_the_core_and_lexicographically_minimal(n in 6usize..=9, seed in 0u64..1000, dirs in prop::collection::vec(prop::collection::vec(-1.0f64..1.0, 9), 10)) {
        // Larger than the brute-force test above: several stages of constraint generation, with
        // constraints carried between stages, and the certificate's level search.
        let g = core_game(n, seed);
        let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
        prop_assert_eq!(nu.kind, NucleolusKind::Nucleolus);
        let x = &nu.allocation;
        prop_assert!(in_core(&g, x));
        let base = excesses(&g, x);
        for d in dirs {
            let d = &d[..n];
            let mean = d.iter().sum::<f64>() / n as f64;
            for step in [1e-3, 1e-1, 1.0] {
                let y: Vec<f64> = x.iter().zip(d).map(|(xi, di)| xi + step * (di - mean)).collect();
                if (0..n).any(|i| y[i] < g.value(1 << i) - 1e-12) {
                    continue;
                }
                let e = excesses(&g, &y);
                if let Some((a, b)) = base.iter().zip(&e).find(|(a, b)| (*a - *b).abs() > 1e-9) {
                    prop_assert!(a < b, "move {:?} improves {:?} to {:?}", y, base, e);
                }
            }
        }
    }
}

#[test]
fn nucleolus_of_values_too_large_for_128_bit_excesses_is_exact() {
    // 10^40 times the game of the nucleolus's doc example: the certificate's excesses no longer
    // fit in i128 and take big integers; the answer scales exactly.
    let unit = 1e40;
    let g = TuGame::from_values(3, [0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0].map(|v| v * unit).to_vec())
        .unwrap();
    let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
    // By hand, on the values as the decimals they are (60e40 is 6.000000000000001e41 as a
    // double): the pair excesses are equal at e = (v01 + v02 + v12 - 2 v(N)) / 3 and
    // x_k = v(N) - v(N without k) + e.
    let v = |m: usize| comity::exact::decimal(g.value(m));
    let e = (v(3) + v(5) + v(6) - v(7) * num_rational::BigRational::from_integer(2.into()))
        / num_rational::BigRational::from_integer(3.into());
    let expected = vec![v(7) - v(6) + &e, v(7) - v(5) + &e, v(7) - v(3) + &e];
    assert!(expected[0] > num_rational::BigRational::from_integer(0.into()));
    assert_eq!(nu.exact, expected);
}

#[test]
fn nucleolus_and_least_core_go_beyond_max_lp_players() {
    // 19 players, above MAX_LP_PLAYERS: the least core and the nucleolus (both by constraint
    // generation over the 2^19 coalitions) are computed, the nucleolus certified, and it lies
    // in the core that x* shows to be non-empty and the least core finds non-empty.
    let g = core_game(MAX_LP_PLAYERS + 1, 1);
    let lc = least_core(&g).unwrap();
    assert!(!lc.core_is_empty(&g) && in_core(&g, &lc.allocation), "{}", lc.epsilon);
    let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
    assert_eq!(nu.kind, NucleolusKind::Nucleolus);
    assert!(in_core(&g, &nu.allocation));
    let total: num_rational::BigRational = nu.exact.iter().sum();
    assert_eq!(total, comity::exact::decimal(g.value(g.grand())));
    assert_eq!(lc.fallback, None);
}

#[test]
fn the_least_core_of_a_symmetric_majority_at_20_players_is_the_closed_form() {
    // 11 of 20 win: by symmetry the equal split is in the least core (the LP is convex and
    // invariant under permuting players), where the largest excess is a smallest winning
    // coalition's, 1 - 11/20 = 9/20. By the dedicated simplex, not its fallback.
    let g = TuGame::from_fn(20, |m| if m.count_ones() >= 11 { 1.0 } else { 0.0 }).unwrap();
    let lc = least_core(&g).unwrap();
    assert!((lc.epsilon - 0.45).abs() < 1e-9, "{}", lc.epsilon);
    assert_eq!(lc.fallback, None);
}

#[test]
fn tu_solutions_computes_only_what_is_asked() {
    let glove = r#"{"players": ["L", "R1", "R2"], "values": [0, 0, 0, 1, 0, 1, 0, 1]}"#;
    let (ok, out, err) =
        support::comity_on_file("tu", "glove.json", glove, &["--format", "json", "--solutions", "nucleolus"]);
    assert!(ok, "{err}");
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(o["solutions"], serde_json::json!(["nucleolus"]));
    assert!(o.get("least_core_epsilon").is_none() && o.get("convex").is_none());
    let keys: Vec<&str> = o["members"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "nucleolus", "exact"]);
    assert_eq!(o["members"][0]["exact"]["nucleolus"], "1");
    let (ok, out, err) = support::comity_on_file(
        "tu",
        "glove.json",
        glove,
        &["--format", "json", "--solutions", "shapley,least-core"],
    );
    assert!(ok, "{err}");
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(o["core_empty"], false);
    assert!(o.get("nucleolus_kind").is_none() && o["members"][0].get("exact").is_none());
    assert!((o["members"][0]["shapley"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    let (ok, _, err) =
        support::comity_on_file("tu", "glove.json", glove, &["--solutions", "nucleolus,kernel"]);
    assert!(
        !ok && err.contains("\"kernel\" is not a solution")
            && err.contains("shapley, banzhaf, nucleolus, least-core, properties, owen"),
        "{err}"
    );
    let (ok, _, err) = support::comity_on_file("tu", "glove.json", glove, &["--solutions", "owen"]);
    assert!(!ok && err.contains("owen needs --unions"), "{err}");
    let (ok, _, err) =
        support::comity_on_file("tu", "glove.json", glove, &["--solutions", "shapley", "--prenucleolus"]);
    assert!(!ok && err.contains("--prenucleolus applies to the nucleolus only"), "{err}");
}

#[test]
fn tu_without_properties_reads_19_players() {
    // Above the properties' limit, `--solutions nucleolus,shapley,least-core` (any without
    // properties) runs.
    let g = core_game(MAX_LP_PLAYERS + 1, 2);
    let names: Vec<String> = (0..g.n()).map(|i| format!("P{i}")).collect();
    let text = serde_json::json!({"players": names, "values": g.values()}).to_string();
    // A file name of its own: tests run in parallel and share the directory.
    let (ok, out, err) = support::comity_on_file(
        "tu",
        "nineteen.json",
        &text,
        &["--format", "json", "--solutions", "nucleolus,shapley,least-core"],
    );
    assert!(ok, "{err}");
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(o["nucleolus_kind"], "nucleolus");
    assert_eq!(o["core_empty"], false);
    let x: Vec<f64> =
        o["members"].as_array().unwrap().iter().map(|m| m["nucleolus"].as_f64().unwrap()).collect();
    assert!(in_core(&g, &x));
}
