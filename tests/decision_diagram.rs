//! The decision-diagram backend against brute force on random composite rules, and on the
//! real bodies against the specialised counters.

mod support;

use comity::game::{Club, Game, SimpleGame};
use comity::model::Institution;
use comity::power::{brute_force, decision_diagram, power_indices, PowerOptions};
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
        let specialised = power_indices(&game, &PowerOptions { shapley_shubik: true, exact: true }).unwrap();
        assert_eq!(&tally, specialised.tally(), "{file} {name} ({nodes} nodes)");
    }
}
