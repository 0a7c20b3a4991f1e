//! Blocs: the exact bloc counter against brute force on random bloc games, the bloc paradox,
//! and the Owen and Banzhaf-Owen values.

use comity::coop::{TuGame, banzhaf_owen_value, owen_value};
use comity::game::{Bloc, BlocGame, Game, SimpleGame, WeightedGame};
use comity::power::{PowerOptions, brute_force, count_blocs, power_indices};
use proptest::prelude::*;

/// A bloc game: top weights and quota, and blocs as (first member, size, threshold) laid out
/// one after another from member `start`.
fn bloc_game() -> impl Strategy<Value = BlocGame> {
    (2usize..=12)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(0u64..5, n),
                prop::collection::vec((1usize..5, 0.0f64..1.0), 0..4),
                0.0f64..1.0,
            )
        })
        .prop_filter_map("valid game", |(mut weights, blocs, q)| {
            let n = weights.len();
            if weights.iter().all(|&w| w == 0) {
                weights[0] = 1;
            }
            let total: u64 = weights.iter().sum();
            let quota = 1 + ((total - 1) as f64 * q) as u64;
            let top = WeightedGame::new(weights, quota).ok()?;
            let mut next = 0;
            let mut list = Vec::new();
            for (size, share) in blocs {
                if next + size > n {
                    break;
                }
                let members: Vec<usize> = (next..next + size).collect();
                let m = 1 + ((size - 1) as f64 * share) as u64;
                let rule = WeightedGame::new(vec![1; size], m).ok()?;
                list.push(Bloc::new(members, rule.into()).ok()?);
                next += size;
            }
            BlocGame::new(top.into(), list).ok()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn bloc_counting_equals_brute_force(game in bloc_game()) {
        let (fast, _) = count_blocs(&game).expect("counts and weighted tops are supported");
        let slow = brute_force(&game).unwrap();
        prop_assert_eq!(fast, slow);
    }
}

#[test]
fn joining_a_bloc_can_lower_a_members_power() {
    // [3; 2, 1, 1]: the heavy member A swings in 3 of the 4 coalitions of the others.
    let top = WeightedGame::new(vec![2, 1, 1], 3).unwrap();
    let alone = power_indices(&Game::from(top.clone()), &PowerOptions::default()).unwrap();
    assert_eq!(alone.banzhaf_absolute(), vec![0.75, 0.25, 0.25]);
    // A and B form a bloc that needs both (a majority of 2): A now swings only when B says
    // yes, and B gains what A loses (Felsenthal & Machover 1998, sec. 6.3).
    let bloc = Bloc::new(vec![0, 1], WeightedGame::new(vec![1, 1], 2).unwrap().into()).unwrap();
    let game = Game::from(BlocGame::new(top.into(), vec![bloc]).unwrap());
    let joined = power_indices(&game, &PowerOptions::default()).unwrap();
    assert_eq!(joined.banzhaf_absolute(), vec![0.5, 0.5, 0.0]);
    assert!(joined.method().contains("1 blocs"), "{}", joined.method());
    // Shapley-Shubik from the sizes: A and B are symmetric, C is a null player.
    assert_eq!(joined.shapley_shubik().unwrap(), vec![0.5, 0.5, 0.0]);
}

#[test]
fn a_majority_bloc_of_three_in_five_decides_everything() {
    // 3 of 5 at the top; a bloc of 3 deciding by 2 of 3 carries 3 votes: the outsiders are null
    // players and each bloc member swings when the other two split (1/2).
    let top = WeightedGame::new(vec![1; 5], 3).unwrap();
    let bloc = Bloc::new(vec![0, 1, 2], WeightedGame::new(vec![1; 3], 2).unwrap().into()).unwrap();
    let game = Game::from(BlocGame::new(top.into(), vec![bloc]).unwrap());
    let p = power_indices(&game, &PowerOptions::default()).unwrap();
    assert_eq!(p.banzhaf_absolute(), vec![0.5, 0.5, 0.5, 0.0, 0.0]);
    let third = 1.0 / 3.0;
    for (x, y) in p.shapley_shubik().unwrap().iter().zip([third, third, third, 0.0, 0.0]) {
        assert!((x - y).abs() < 1e-15);
    }
}

#[test]
fn bad_blocs_are_refused() {
    let top = WeightedGame::new(vec![1; 4], 3).unwrap();
    let pair = |a, b| Bloc::new(vec![a, b], WeightedGame::new(vec![1, 1], 2).unwrap().into()).unwrap();
    assert!(BlocGame::new(top.clone().into(), vec![pair(0, 1), pair(1, 2)]).is_err());
    assert!(BlocGame::new(top.into(), vec![pair(3, 4)]).is_err());
    assert!(Bloc::new(vec![0, 0], WeightedGame::new(vec![1, 1], 2).unwrap().into()).is_err());
    assert!(Bloc::new(vec![0, 1, 2], WeightedGame::new(vec![1, 1], 2).unwrap().into()).is_err());
}

#[test]
fn owen_and_banzhaf_owen_values_by_hand() {
    // [4; 3, 2, 1] with unions {1} and {2, 3}: both give (1/2, 1/4, 1/4); worked out in the
    // module documentation of coop::shapley.
    let game = TuGame::from_simple_game(&WeightedGame::new(vec![3, 2, 1], 4).unwrap()).unwrap();
    let unions = vec![vec![0], vec![1, 2]];
    for value in [owen_value(&game, &unions), banzhaf_owen_value(&game, &unions)] {
        for (x, y) in value.iter().zip([0.5, 0.25, 0.25]) {
            assert!((x - y).abs() < 1e-15, "{value:?}");
        }
    }
    // With unions {1, 2} and {3}: Banzhaf-Owen gives player 3 a swing only when the other
    // union is out and... nothing: {3} alone and {1,2,3} vs {1,2} never swing: 0.
    let bo = banzhaf_owen_value(&game, &[vec![0, 1], vec![2]]);
    assert!(bo[2].abs() < 1e-15, "{bo:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn banzhaf_owen_with_trivial_structures_is_banzhaf(weights in prop::collection::vec(1u64..6, 2..8), q in 0.0f64..1.0) {
        let total: u64 = weights.iter().sum();
        let quota = 1 + ((total - 1) as f64 * q) as u64;
        let simple = WeightedGame::new(weights.clone(), quota).unwrap();
        let game = TuGame::from_simple_game(&simple).unwrap();
        let n = simple.n();
        let singletons: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let everyone = vec![(0..n).collect::<Vec<_>>()];
        let banzhaf = comity::coop::banzhaf_value(&game);
        for unions in [singletons, everyone] {
            for (x, y) in banzhaf_owen_value(&game, &unions).iter().zip(&banzhaf) {
                prop_assert!((x - y).abs() < 1e-12);
            }
        }
    }
}
