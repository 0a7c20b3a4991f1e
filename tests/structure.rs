//! Minimal winning and blocking coalitions, veto and null players, desirability, the
//! Deegan-Packel, Holler and Johnston indices, and weightedness: hand-computed values on the
//! Security Council, and properties against naive definitions on random rules.

mod support;

use comity::game::{Coalition, Game, SimpleGame, WeightedGame};
use comity::power::{Structure, weighted_representation};
use num_rational::BigRational;
use proptest::prelude::*;

fn r(a: i64, b: i64) -> BigRational {
    BigRational::new(a.into(), b.into())
}

fn security_council() -> Game {
    let mut w = vec![7; 5];
    w.extend(vec![1; 10]);
    Game::from(WeightedGame::new(w, 39).unwrap())
}

#[test]
fn security_council_by_hand() {
    let s = Structure::new(&security_council()).unwrap();
    // The P5 and 4 of the 10 elected: C(10, 4) = 210.
    assert_eq!(s.minimal_winning().len(), 210);
    // Any one permanent member, or 7 elected members (the other 8 cannot reach 9 votes).
    assert_eq!(s.minimal_blocking().len(), 5 + 120);
    assert_eq!(s.veto_players(), vec![0, 1, 2, 3, 4]);
    assert!(s.null_players().is_empty());
    // Every minimal winning coalition has 9 members: Deegan-Packel and Holler agree, 1/9 for a
    // permanent member (in all 210) and 84 / (9 * 210) = 2/45 for an elected one.
    for index in [s.deegan_packel(), s.holler()] {
        assert_eq!(index[0], r(1, 9));
        assert_eq!(index[14], r(2, 45));
    }
    // Johnston: with exactly 4 elected members all 9 are critical (210 coalitions); with 5 to
    // 10 only the P5 are (638 coalitions). Totals 210/9 + 638/5 and 84/9, over 848.
    let j = s.johnston();
    assert_eq!(j[0], r(283, 1590));
    assert_eq!(j[5], r(7, 636));
    // The desirability relation: permanent members above elected ones, not the reverse.
    let d = s.desirability().unwrap();
    assert!(d[0][5] && !d[5][0] && d[0][1] && d[5][6]);
    assert_eq!(
        weighted_representation(&s).unwrap(),
        Some((vec![7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 39))
    );
}

fn mask_coalition(mask: usize) -> Coalition {
    Coalition::from_mask(mask as u64)
}

/// Naive minimal winning coalitions: winning, and every proper subset loses.
fn naive_minimal_winning(game: &Game) -> Vec<u32> {
    let n = game.n();
    (0..1usize << n)
        .filter(|&m| {
            game.is_winning(&mask_coalition(m))
                && (0..m)
                    .filter(|&sub| sub & m == sub && sub != m)
                    .all(|sub| !game.is_winning(&mask_coalition(sub)))
        })
        .map(|m| m as u32)
        .collect()
}

fn check_representation(game: &Game, weights: &[u64], quota: u64) -> bool {
    (0..1usize << game.n()).all(|m| {
        let w: u64 = (0..game.n()).filter(|&i| m >> i & 1 == 1).map(|i| weights[i]).sum();
        game.is_winning(&mask_coalition(m)) == (w >= quota)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn structure_matches_naive_definitions(game in support::composite_game(8)) {
        let s = Structure::new(&game).unwrap();
        prop_assert_eq!(s.minimal_winning(), naive_minimal_winning(&game));
        let one = BigRational::from_integer(1.into());
        let (dp, holler, johnston) = (s.deegan_packel(), s.holler(), s.johnston());
        for index in [&dp, &holler, &johnston] {
            prop_assert_eq!(index.iter().sum::<BigRational>(), one.clone());
        }
        let null = s.null_players();
        for i in 0..game.n() {
            let is_null = null.contains(&i);
            // Null players are in no minimal winning coalition and get nothing.
            prop_assert_eq!(is_null, s.minimal_winning().iter().all(|m| m >> i & 1 == 0));
            if is_null {
                prop_assert!(dp[i] == BigRational::from_integer(0.into()) && holler[i] == dp[i] && johnston[i] == dp[i]);
            }
        }
        for v in s.veto_players() {
            prop_assert!(s.minimal_winning().iter().all(|m| m >> v & 1 == 1));
            // A veto player blocks alone.
            prop_assert!(s.minimal_blocking().contains(&(1 << v)));
        }
        // Desirability is reflexive and transitive.
        let d = s.desirability().unwrap();
        let n = game.n();
        for i in 0..n {
            prop_assert!(d[i][i]);
            for j in 0..n {
                for k in 0..n {
                    prop_assert!(!(d[i][j] && d[j][k]) || d[i][k]);
                }
            }
        }
        // A representation, when one is found, reproduces the game exactly.
        if let Some((weights, quota)) = weighted_representation(&s).unwrap() {
            prop_assert!(check_representation(&game, &weights, quota));
        }
    }

    #[test]
    fn weighted_games_are_recognised_and_totally_ordered(game in support::weighted_game(9, 12)) {
        let weights = game.weights().to_vec();
        let g = Game::from(game);
        let s = Structure::new(&g).unwrap();
        let (w, q) = weighted_representation(&s).unwrap().expect("a weighted game is weighted");
        prop_assert!(check_representation(&g, &w, q));
        let d = s.desirability().unwrap();
        for i in 0..weights.len() {
            for j in 0..weights.len() {
                // Complete, and heavier is at least as desirable.
                prop_assert!(d[i][j] || d[j][i]);
                if weights[i] >= weights[j] {
                    prop_assert!(d[i][j]);
                }
            }
        }
    }
}

/// The EU Council's qualified majority (55% of members and 65% of population, or 24 members)
/// is not a weighted game: a trade of members between two winning coalitions makes both lose,
/// which no weights allow (weights are additive; Taylor & Zwicker 1999, ch. 2). Both winning
/// coalitions have 15 members; swapping Germany for Malta and Luxembourg leaves one with 14
/// members and the other with 48.8% of the population (Eurostat figures of the bundled model).
#[test]
fn eu_council_qualified_majority_is_not_weighted() {
    let body = comity::model::Institution::load("models/institutions/eu_council.toml").unwrap();
    let game = body.compile("qualified_majority").unwrap().game;
    let index = |id: &str| body.members().iter().position(|m| m.id == id).unwrap();
    let coalition = |ids: &[&str]| Coalition::from_players(ids.iter().map(|id| index(id)));
    let s1 = [
        "AUT", "BEL", "CZE", "ESP", "FRA", "GRC", "HUN", "ITA", "LUX", "MLT", "NLD", "POL", "PRT", "ROU",
        "SWE",
    ];
    let s2 = [
        "BGR", "CYP", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "HRV", "IRL", "ITA", "LTU", "LVA", "SVK",
        "SVN",
    ];
    let (s1c, s2c) = (coalition(&s1), coalition(&s2));
    assert!(game.is_winning(&s1c) && game.is_winning(&s2c));
    let (deu, mlt, lux) = (index("DEU"), index("MLT"), index("LUX"));
    let l1 = s1c.without(mlt).without(lux).with(deu);
    let l2 = s2c.without(deu).with(mlt).with(lux);
    assert!(!game.is_winning(&l1) && !game.is_winning(&l2));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The Owen and Banzhaf-Owen values on a structure (with cancellation checkpoints, no table
    /// of floats) against their independent twins in `coop`, on the game's `TuGame`: the same
    /// floats, for any rule and any partition into unions (members listed in any order).
    #[test]
    fn owen_values_on_a_structure_match_the_tu_game_twins(
        game in support::composite_game(8),
        labels in proptest::collection::vec(0usize..4, 8),
        reversed in any::<bool>(),
    ) {
        use comity::coop::{TuGame, banzhaf_owen_value, owen_value};
        let n = game.n();
        let mut unions: Vec<Vec<usize>> =
            (0..4).map(|u| (0..n).filter(|&i| labels[i] == u).collect()).filter(|u: &Vec<usize>| !u.is_empty()).collect();
        if reversed {
            unions.iter_mut().for_each(|u| u.reverse());
        }
        let s = Structure::new(&game).unwrap();
        let tu = TuGame::from_simple_game(&game).unwrap();
        prop_assert_eq!(s.owen_value(&unions).unwrap(), owen_value(&tu, &unions));
        prop_assert_eq!(s.banzhaf_owen_value(&unions).unwrap(), banzhaf_owen_value(&tu, &unions));
    }
}
