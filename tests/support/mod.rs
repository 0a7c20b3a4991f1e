//! Shared generators for the property tests.
#![allow(dead_code)]

use comity::game::{Composite, Connective, Game, SizeWeightGame, WeightedGame};
use proptest::prelude::*;

/// A weighted game with `1..=max_n` players, weights `0..=max_w` and a valid quota.
pub fn weighted_game(max_n: usize, max_w: u64) -> impl Strategy<Value = WeightedGame> {
    (1..=max_n)
        .prop_flat_map(move |n| prop::collection::vec(0..=max_w, n))
        .prop_filter("some weight", |w| w.iter().sum::<u64>() > 0)
        .prop_flat_map(|w| {
            let total: u64 = w.iter().sum();
            (Just(w), 1..=total)
        })
        .prop_map(|(w, q)| WeightedGame::new(w, q).unwrap())
}

/// A size-and-weight game: thresholds built downwards from the grand coalition, rising
/// (or becoming "never") as the size falls.
pub fn size_weight_game(max_n: usize, max_w: u64) -> impl Strategy<Value = SizeWeightGame> {
    (1..=max_n)
        .prop_flat_map(move |n| {
            (prop::collection::vec(0..=max_w, n), prop::collection::vec((0..=max_w, 0..8u8), n + 1))
        })
        .prop_filter_map("valid thresholds", |(weights, steps)| {
            let total: u64 = weights.iter().sum();
            let n = weights.len();
            let mut thresholds = vec![None; n + 1];
            let mut current = Some(steps[n].0.min(total));
            for s in (0..=n).rev() {
                thresholds[s] = current;
                let (rise, never) = steps[s];
                current = current.and_then(|t| if never == 0 { None } else { Some(t + rise) });
            }
            if thresholds[0] == Some(0) {
                thresholds[0] = None;
            }
            SizeWeightGame::new(weights, thresholds).ok()
        })
}

/// A random `all` / `any` tree of weighted, count and veto leaves over `n` players.
pub fn composite_game(max_n: usize) -> impl Strategy<Value = Game> {
    (2..=max_n).prop_flat_map(|n| {
        let leaf = prop_oneof![
            // weighted
            (prop::collection::vec(0..6u64, n), 1..100u64).prop_map(move |(w, q)| {
                let total: u64 = w.iter().sum::<u64>().max(1);
                let mut w = w;
                if w.iter().all(|&x| x == 0) {
                    w[0] = 1;
                }
                Game::from(WeightedGame::new(w, 1 + q % total).unwrap())
            }),
            // member count
            (1..=n as u64).prop_map(move |k| Game::from(WeightedGame::new(vec![1; n], k).unwrap())),
            // veto group
            prop::collection::vec(any::<bool>(), n).prop_map(move |mask| {
                let mut w: Vec<u64> = mask.iter().map(|&b| b as u64).collect();
                if w.iter().all(|&x| x == 0) {
                    w[0] = 1;
                }
                let q = w.iter().sum();
                Game::from(WeightedGame::new(w, q).unwrap())
            }),
        ];
        leaf.prop_recursive(3, 12, 3, |inner| {
            (prop::collection::vec(inner, 1..4), any::<bool>()).prop_map(|(parts, all)| {
                let c = if all { Connective::All } else { Connective::Any };
                Game::from(Composite::new(c, parts).unwrap())
            })
        })
    })
}
