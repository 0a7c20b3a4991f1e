//! The decision-diagram backend against brute force on random composite rules, and on the
//! real bodies against the specialised counters.

mod support;

use comity::game::{Club, Game, SimpleGame};
use comity::model::Institution;
use comity::power::{
    PowerOptions, Structure, brute_force, decision_diagram, minimal_winning_count, power_indices,
};
use num_bigint::BigUint;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn diagram_counts_equal_brute_force(game in support::composite_game(14)) {
        let (tally, nodes) = decision_diagram(&game).expect("composites of weighted leaves compile");
        prop_assert_eq!(tally, brute_force(&game).unwrap());
        prop_assert!(nodes <= 1 << game.n());
    }

    #[test]
    fn minimal_winning_counts_equal_enumeration(game in support::composite_game(12)) {
        let expected = Structure::new(&game).unwrap().minimal_winning().len();
        prop_assert_eq!(minimal_winning_count(&game).unwrap(), BigUint::from(expected));
    }

    #[test]
    fn clubs_compile_with_their_outsiders_free(game in support::composite_game(8), extra in 1usize..5) {
        let n = game.n() + extra;
        let members: Vec<usize> = (0..game.n()).map(|k| k + extra).collect();
        let club = Game::from(Club::new(n, members, game).unwrap());
        let (tally, _) = decision_diagram(&club).unwrap();
        prop_assert_eq!(tally, brute_force(&club).unwrap());
    }
}

fn rule(file: &str, name: &str) -> Game {
    Institution::load(format!("models/institutions/{file}")).unwrap().compile(name).unwrap().game
}

#[test]
fn real_bodies_through_the_diagram_equal_the_specialised_counters() {
    for (file, name) in [
        ("eu_council.toml", "qualified_majority"),
        ("unsc.toml", "substantive"),
        ("unsc.toml", "procedural"),
        ("eu_council.toml", "unanimity"),
    ] {
        let game = rule(file, name);
        let (tally, nodes) = decision_diagram(&game).unwrap();
        let specialised = power_indices(&game, &PowerOptions::new().with_exact(true)).unwrap();
        assert_eq!(&tally, specialised.tally(), "{file} {name} ({nodes} nodes)");
    }
}

#[test]
fn minimal_winning_coalitions_of_the_real_bodies() {
    // Security Council: the P5 and 4 of the 10 elected members.
    assert_eq!(minimal_winning_count(&rule("unsc.toml", "substantive")).unwrap(), BigUint::from(210u32));
    // General Assembly two-thirds: exactly 129 of 193 members, C(193, 129).
    let expected =
        (0..129u32).fold(BigUint::from(1u32), |acc, k| acc * BigUint::from(193 - k) / BigUint::from(k + 1));
    assert_eq!(minimal_winning_count(&rule("unga.toml", "two_thirds")).unwrap(), expected);
    // The EU Council has 27 members, beyond enumeration; the count is at least positive and
    // below the number of 15-to-24-member coalitions.
    let eu = minimal_winning_count(&rule("eu_council.toml", "qualified_majority")).unwrap();
    assert!(eu > BigUint::from(0u32) && eu < BigUint::from(1u64 << 27));
}
