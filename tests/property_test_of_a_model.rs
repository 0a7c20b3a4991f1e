//! A researcher's property test of a model of their own, built on `comity::testing`: giving one
//! member a veto never raises another member's Shapley-Shubik index. The README's "From Rust"
//! section quotes this file, and the last test checks that the quotation is still this file.

use comity::game::{Composite, Connective, Game, SimpleGame, WeightedGame};
use comity::power::{PowerOptions, power_indices};
use comity::testing::weighted_game;
use num_rational::BigRational;
use proptest::prelude::*;

/// Exact Shapley-Shubik indices.
fn shapley_shubik(game: &Game) -> Vec<BigRational> {
    let options = PowerOptions::new().with_exact(true);
    power_indices(game, &options).unwrap().shapley_shubik_exact().unwrap().to_vec()
}

/// The body's rule, with member `v`'s agreement now required as well.
fn with_veto(game: &WeightedGame, v: usize) -> Game {
    let mut alone = vec![0; game.n()];
    alone[v] = 1;
    let veto = WeightedGame::new(alone, 1).unwrap();
    Game::from(Composite::new(Connective::All, vec![Game::from(game.clone()), Game::from(veto)]).unwrap())
}

proptest! {
    #[test]
    fn a_veto_never_raises_another_members_shapley_shubik_index(
        (game, v) in weighted_game(8, 10).prop_flat_map(|g| { let n = g.n(); (Just(g), 0..n) }),
    ) {
        let before = shapley_shubik(&Game::from(game.clone()));
        let after = shapley_shubik(&with_veto(&game, v));
        for i in (0..game.n()).filter(|&i| i != v) {
            prop_assert!(after[i] <= before[i], "member {i}: {} before, {} after", before[i], after[i]);
        }
    }
}

/// Hand-computed: a simple majority of three, [2; 1, 1, 1], has Shapley-Shubik (1/3, 1/3, 1/3);
/// with member 0's veto the winning coalitions are {0,1}, {0,2}, {0,1,2}, and the index is
/// (2/3, 1/6, 1/6).
#[test]
fn a_veto_in_a_majority_of_three_gives_two_thirds_to_the_veto_player() {
    let majority = WeightedGame::new(vec![1, 1, 1], 2).unwrap();
    let r = |a: i32, b: i32| BigRational::new(a.into(), b.into());
    assert_eq!(shapley_shubik(&Game::from(majority.clone())), vec![r(1, 3), r(1, 3), r(1, 3)]);
    assert_eq!(shapley_shubik(&with_veto(&majority, 0)), vec![r(2, 3), r(1, 6), r(1, 6)]);
}

/// The README's "From Rust" section quotes this file's property test; a change to either
/// without the other fails here.
#[test]
fn the_readme_quotes_this_property_test() {
    let this = include_str!("property_test_of_a_model.rs");
    let start = this.find("use comity::game").unwrap();
    let block = this.find("proptest! {").unwrap();
    let end = block + this[block..].find("\n}\n").unwrap() + 3;
    let readme = include_str!("../README.md");
    assert!(
        readme.contains(&format!("```text\n{}```\n", &this[start..end])),
        "README.md's quotation differs"
    );
}
