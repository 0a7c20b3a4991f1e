//! Axioms of the power indices on random games, and the rule compiler against a direct
//! reading of the rule.

mod support;

use comity::game::{Coalition, Game, SimpleGame, WeightedGame};
use comity::model::{Institution, InstitutionFile};
use comity::power::{PowerOptions, power_indices};
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;
use support::{composite_game, size_weight_game, weighted_game};

fn exact(game: &Game) -> comity::power::PowerIndices {
    power_indices(game, &PowerOptions::new().with_exact(true)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn shapley_shubik_is_efficient(game in composite_game(10)) {
        let p = exact(&game);
        let sum: BigRational = p.shapley_shubik_exact().unwrap().iter().sum();
        prop_assert_eq!(sum, BigRational::one());
    }

    #[test]
    fn equal_weights_get_equal_power_and_null_players_get_none(game in weighted_game(12, 15)) {
        let p = exact(&Game::from(game.clone()));
        let ss = p.shapley_shubik_exact().unwrap();
        let bz = p.tally().swings();
        let w = game.weights();
        for i in 0..w.len() {
            for j in 0..w.len() {
                if w[i] == w[j] {
                    prop_assert_eq!(&ss[i], &ss[j]);
                    prop_assert_eq!(&bz[i], &bz[j]);
                }
            }
            // A null player never turns a losing coalition into a winning one.
            let null = (0..1u64 << w.len()).filter(|m| m >> i & 1 == 0).all(|m| {
                let c = Coalition::from_mask(m);
                game.is_winning(&c) == game.is_winning(&c.with(i))
            });
            prop_assert_eq!(null, ss[i].is_zero());
            prop_assert_eq!(null, bz[i].is_zero());
        }
    }

    #[test]
    fn more_weight_never_means_less_power(game in weighted_game(12, 15)) {
        let p = exact(&Game::from(game.clone()));
        let ss = p.shapley_shubik_exact().unwrap();
        let bz = p.tally().swings();
        let w = game.weights();
        for i in 0..w.len() {
            for j in 0..w.len() {
                if w[i] >= w[j] {
                    prop_assert!(ss[i] >= ss[j]);
                    prop_assert!(bz[i] >= bz[j]);
                }
            }
        }
    }

    #[test]
    fn coleman_measures_are_consistent(game in size_weight_game(10, 10)) {
        let p = exact(&Game::from(game));
        let t = p.tally();
        // Every swing is a winning coalition (with i) and a losing one (without i).
        for s in t.swings() {
            prop_assert!(s <= t.winning());
        }
        let act = t.coleman_power_to_act();
        prop_assert!(act > BigRational::zero() && act <= BigRational::one());
    }
}

/// A small institution whose members carry random weights and tags.
fn institution(weights: &[u64], tags: &[bool]) -> Institution {
    let mut text = String::from(
        "[institution]\nid = \"t\"\nname = \"t\"\nsource = \"test\"\ndate = \"2026\"\n\
         [columns.votes]\nsource = \"test\"\ndate = \"2026\"\n",
    );
    for (i, (w, t)) in weights.iter().zip(tags).enumerate() {
        let tags = if *t { "[\"V\"]" } else { "[]" };
        text += &format!(
            "[[members]]\nid = \"m{i}\"\nname = \"m{i}\"\ntags = {tags}\nattributes = {{ votes = {w} }}\n"
        );
    }
    text += "[[groups]]\nname = \"vetoers\"\ntag = \"V\"\n";
    Institution::from_toml(&text, "generated.toml").unwrap()
}

#[derive(Debug, Clone)]
enum Leaf {
    Count(u64, u64),    // share num/den of members, inclusive
    Weighted(u64, u64), // share num/den of votes, inclusive
    Veto,
}

fn leaf_text(l: &Leaf) -> String {
    match l {
        Leaf::Count(a, b) => format!("{{ count = {{ share = \"{a}/{b}\" }} }}"),
        Leaf::Weighted(a, b) => format!("{{ weighted = {{ attribute = \"votes\", share = \"{a}/{b}\" }} }}"),
        Leaf::Veto => "{ veto = { group = \"vetoers\" } }".into(),
    }
}

/// The rule read directly: a coalition meets a share when `have * den >= num * total`.
fn meets(l: &Leaf, c: u64, weights: &[u64], tags: &[bool]) -> bool {
    let n = weights.len();
    let members = (0..n).filter(|&i| c >> i & 1 == 1);
    match *l {
        Leaf::Count(a, b) => members.count() as u64 * b >= a * n as u64,
        Leaf::Weighted(a, b) => {
            let have: u64 = members.map(|i| weights[i]).sum();
            have * b >= a * weights.iter().sum::<u64>()
        }
        Leaf::Veto => (0..n).filter(|&i| tags[i]).all(|i| c >> i & 1 == 1),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn compiled_rules_agree_with_the_rule_read_directly(
        weights in prop::collection::vec(1..50u64, 2..12),
        seed_tags in prop::collection::vec(any::<bool>(), 12),
        leaves in prop::collection::vec(
            prop_oneof![
                (1..=4u64).prop_map(|a| Leaf::Count(a, 4)),
                (1..=10u64).prop_map(|a| Leaf::Weighted(a, 10)),
                Just(Leaf::Veto),
            ],
            1..4,
        ),
        all in any::<bool>(),
        coalitions in prop::collection::vec(any::<u64>(), 64),
    ) {
        let n = weights.len();
        let mut tags: Vec<bool> = seed_tags[..n].to_vec();
        tags[0] = true;
        let body = institution(&weights, &tags);
        let parts: Vec<String> = leaves.iter().map(leaf_text).collect();
        let connective = if all { "all" } else { "any" };
        let text = format!("rule = {{ {connective} = [ {} ] }}", parts.join(", "));
        let rule: comity::rules::Rule = toml::from_str::<toml::Table>(&text).unwrap()["rule"].clone().try_into().unwrap();
        let compiled = comity::rules::compile(&rule, &body).unwrap();
        for c in coalitions {
            let c = c & ((1u64 << n) - 1);
            let direct = if all {
                leaves.iter().all(|l| meets(l, c, &weights, &tags))
            } else {
                leaves.iter().any(|l| meets(l, c, &weights, &tags))
            };
            prop_assert_eq!(compiled.game.is_winning(&Coalition::from_mask(c)), direct, "{}", text);
        }
    }

    #[test]
    fn institution_files_round_trip_through_json_and_toml(
        weights in prop::collection::vec(0..1_000_000u64, 1..8),
        seed_tags in prop::collection::vec(any::<bool>(), 8),
    ) {
        let mut tags = seed_tags[..weights.len()].to_vec();
        tags[0] = true;
        let body = institution(&weights, &tags);
        let json = serde_json::to_string(body.file()).unwrap();
        let from_json = Institution::from_json(&json, "x.json").unwrap();
        prop_assert_eq!(from_json.file(), body.file());
        let toml_text = toml::to_string(body.file()).unwrap();
        let back: InstitutionFile = toml::from_str(&toml_text).unwrap();
        prop_assert_eq!(&back, body.file());
    }
}

#[test]
fn a_weighted_game_and_its_compiled_rule_are_the_same_game() {
    let body = institution(&[9, 9, 7, 3, 1, 1], &[true, false, false, false, false, false]);
    let text = "rule = { weighted = { attribute = \"votes\", at_least = 16 } }";
    let rule: comity::rules::Rule =
        toml::from_str::<toml::Table>(text).unwrap()["rule"].clone().try_into().unwrap();
    let compiled = comity::rules::compile(&rule, &body).unwrap();
    assert_eq!(compiled.game, Game::from(WeightedGame::new(vec![9, 9, 7, 3, 1, 1], 16).unwrap()));
}
