//! Stable bloc structures: `caucus::stable_structures` against a brute-force deviation check
//! (Owen values from `coop`, compound values by enumerating coalitions, every deviating group
//! tried on partitions kept as bitmasks), by-hand structures, and bad input.

use comity::caucus::{CaucusError, StabilityModel, stable_structures};
use comity::coop::{TuGame, owen_value};
use comity::game::{Bloc, BlocGame, Coalition, SimpleGame, WeightedGame};
use comity::testing::weighted_game;
use proptest::prelude::*;

/// Partitions of `0..c` as lists of bitmasks.
fn partitions(c: usize) -> Vec<Vec<u32>> {
    if c == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in partitions(c - 1) {
        for b in 0..p.len() {
            let mut q = p.clone();
            q[b] |= 1 << (c - 1);
            out.push(q);
        }
        let mut q = p.clone();
        q.push(1 << (c - 1));
        out.push(q);
    }
    out
}

fn canonical(mut p: Vec<u32>) -> Vec<u32> {
    p.retain(|&b| b != 0);
    p.sort_unstable();
    p
}

/// Shapley-Shubik of player `i` by enumeration.
fn shapley_shubik(game: &impl SimpleGame, i: usize) -> f64 {
    let n = game.n();
    let factorial = |k: usize| (1..=k).map(|x| x as f64).product::<f64>();
    (0u32..1 << n)
        .filter(|m| m >> i & 1 == 0)
        .filter(|&m| {
            let with = Coalition::from_players((0..n).filter(|&j| m >> j & 1 == 1 || j == i));
            let without = Coalition::from_players((0..n).filter(|&j| m >> j & 1 == 1));
            game.is_winning(&with) && !game.is_winning(&without)
        })
        .map(|m| {
            let s = m.count_ones() as usize;
            factorial(s) * factorial(n - s - 1) / factorial(n)
        })
        .sum()
}

fn brute_stable(top: &WeightedGame, candidates: &[usize], model: StabilityModel) -> Vec<Vec<Vec<usize>>> {
    let n = top.n();
    let c = candidates.len();
    let members =
        |mask: u32| -> Vec<usize> { (0..c).filter(|&j| mask >> j & 1 == 1).map(|j| candidates[j]).collect() };
    let tu = TuGame::from_simple_game(top).unwrap();
    let payoff = |p: &[u32]| -> Vec<f64> {
        let mut blocs: Vec<Vec<usize>> = p.iter().map(|&b| members(b)).collect();
        let values: Vec<f64> = match model {
            StabilityModel::ExclusiveMembership => {
                let list = blocs
                    .iter()
                    .filter(|b| b.len() > 1)
                    .map(|b| {
                        let rule = WeightedGame::new(vec![1; b.len()], (b.len() / 2 + 1) as u64).unwrap();
                        Bloc::new(b.clone(), rule.into()).unwrap()
                    })
                    .collect();
                let game = BlocGame::new(top.clone().into(), list).unwrap();
                (0..n).map(|i| shapley_shubik(&game, i)).collect()
            }
            _ => {
                blocs.extend((0..n).filter(|i| !candidates.contains(i)).map(|i| vec![i]));
                owen_value(&tu, &blocs)
            }
        };
        candidates.iter().map(|&i| values[i]).collect()
    };
    let mut stable = Vec::new();
    for p in partitions(c) {
        let before = payoff(&p);
        let deviations: Vec<u32> = match model {
            StabilityModel::ExclusiveMembership => (0..c)
                .filter(|&j| p.iter().any(|&b| b >> j & 1 == 1 && b.count_ones() > 1))
                .map(|j| 1 << j)
                .collect(),
            _ => (1..1u32 << c).collect(),
        };
        let profitable = deviations.into_iter().any(|t| {
            let mut after = vec![t];
            for &b in &p {
                if b & t == 0 || model != StabilityModel::Gamma {
                    after.push(b & !t);
                } else {
                    after.extend((0..c).filter(|&j| (b & !t) >> j & 1 == 1).map(|j| 1u32 << j));
                }
            }
            let values = payoff(&canonical(after));
            (0..c)
                .filter(|&j| t >> j & 1 == 1)
                .all(|j| values[j] - before[j] > 1e-10 * before[j].abs().max(values[j].abs()))
        });
        if !profitable {
            let mut blocs: Vec<Vec<usize>> = p
                .iter()
                .map(|&b| {
                    let mut m = members(b);
                    m.sort_unstable();
                    m
                })
                .collect();
            blocs.sort();
            stable.push(blocs);
        }
    }
    stable.sort();
    stable
}

fn fast_stable(top: &WeightedGame, candidates: &[usize], model: StabilityModel) -> Vec<Vec<Vec<usize>>> {
    let mut out: Vec<Vec<Vec<usize>>> = stable_structures(top, candidates, model)
        .unwrap()
        .stable
        .into_iter()
        .map(|s| {
            let mut b = s.blocs;
            b.sort();
            b
        })
        .collect();
    out.sort();
    out
}

fn game_and_candidates() -> impl Strategy<Value = (WeightedGame, Vec<usize>)> {
    weighted_game(7, 3)
        .prop_flat_map(|g| {
            let n = g.n();
            (Just(g), Just((0..n).collect::<Vec<usize>>()).prop_shuffle(), 1..=n.min(5))
        })
        .prop_map(|(g, order, c)| (g, order[..c].to_vec()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn hart_kurz_stability_equals_a_brute_force_deviation_check((top, candidates) in game_and_candidates()) {
        for model in [StabilityModel::Gamma, StabilityModel::Delta] {
            prop_assert_eq!(fast_stable(&top, &candidates, model), brute_stable(&top, &candidates, model), "{:?}", model);
        }
    }

    #[test]
    fn exclusive_membership_equals_a_brute_force_deviation_check((top, candidates) in game_and_candidates()) {
        let model = StabilityModel::ExclusiveMembership;
        prop_assert_eq!(fast_stable(&top, &candidates, model), brute_stable(&top, &candidates, model));
    }
}

#[test]
fn the_all_singletons_structure_is_always_stable_under_exclusive_membership() {
    // No bloc to leave: nothing to deviate from.
    let top = WeightedGame::new(vec![1; 27], 14).unwrap();
    let candidates: Vec<usize> = (0..6).collect();
    let s = stable_structures(&top, &candidates, StabilityModel::ExclusiveMembership).unwrap();
    assert_eq!(s.partitions, 203);
    assert!(s.stable.iter().any(|p| p.blocs.len() == 6));
}

#[test]
fn a_winning_bloc_is_delta_stable_by_hand() {
    // 3 of 5, candidates 0..3: the bloc of 3 wins alone and shares the Owen value 1 (1/3 each);
    // no group does better, since any two without the third are a union of 2 beside 3 others.
    let top = WeightedGame::new(vec![1; 5], 3).unwrap();
    let s = stable_structures(&top, &[0, 1, 2], StabilityModel::Delta).unwrap();
    let grand = s.stable.iter().find(|p| p.blocs == vec![vec![0, 1, 2]]).expect("the grand bloc is stable");
    for x in &grand.payoffs {
        assert!((x - 1.0 / 3.0).abs() < 1e-12);
    }
}

#[test]
fn too_many_or_overlapping_candidates_are_refused() {
    let top = WeightedGame::new(vec![1; 27], 14).unwrap();
    let eleven: Vec<usize> = (0..11).collect();
    let err = stable_structures(&top, &eleven, StabilityModel::Gamma).unwrap_err();
    assert_eq!(err, CaucusError::TooManyCandidates { candidates: 11, limit: 10 });
    // The message names the alternative that is exact at any size.
    assert!(err.to_string().contains("--by-types"), "{err}");
    assert!(err.to_string().contains("at most 10"));
    assert_eq!(
        stable_structures(&top, &[1, 2, 1], StabilityModel::Delta).unwrap_err(),
        CaucusError::BlocsOverlap { member: 1 }
    );
    assert_eq!(
        stable_structures(&top, &[1, 30], StabilityModel::Delta).unwrap_err(),
        CaucusError::UnknownMember { member: 30, n: 27 }
    );
}
