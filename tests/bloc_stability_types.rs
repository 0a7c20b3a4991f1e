//! Stability of bloc structures by bloc sizes among interchangeable members: a hand-computed
//! body, agreement with the partition enumeration on random small bodies, payoffs against the
//! crate's exact power indices on the General Assembly, unit invariance and bad input.

use comity::caucus::{
    CaucusError, InterchangeableBody, StabilityModel, stable_structures, stable_structures_by_types,
    structure_stability,
};
use comity::game::{Bloc, BlocGame, Game, WeightedGame};
use comity::power::{PowerOptions, count_blocs, power_indices};
use proptest::prelude::*;
use std::collections::BTreeSet;

const MODELS: [StabilityModel; 3] =
    [StabilityModel::Gamma, StabilityModel::Delta, StabilityModel::ExclusiveMembership];

fn stable_sizes(body: &InterchangeableBody, model: StabilityModel) -> Vec<Vec<usize>> {
    stable_structures_by_types(body, body.candidates(), model)
        .expect("small bodies run")
        .stable
        .into_iter()
        .map(|s| s.blocs)
        .collect()
}

#[test]
fn three_members_two_to_pass_by_hand() {
    // [2; 1, 1, 1], all candidates. Alone: 1/3 each. A bloc of two decides alone (Owen: 1/2
    // for its members, 0 for the third); through the bloc (compound, 2 of 2 inside) its members
    // are both vetoes and together winning: 1/2 each too. All three together: 1/3 each.
    let body = InterchangeableBody::new(3, 2, 3).unwrap();
    // Gamma and delta: from everyone alone two gain by pooling (1/3 -> 1/2); from the bloc of
    // three two gain by dropping the third; the bloc of two resists (the third gains by joining
    // a bloc member, but that member does not).
    assert_eq!(stable_sizes(&body, StabilityModel::Gamma), vec![vec![2]]);
    assert_eq!(stable_sizes(&body, StabilityModel::Delta), vec![vec![2]]);
    // Exclusive membership: members may only leave, and leaving never pays (1/3 < 1/2 from the
    // bloc of two; 0 < 1/3 from the bloc of three).
    assert_eq!(stable_sizes(&body, StabilityModel::ExclusiveMembership), vec![vec![], vec![3], vec![2]]);
    let two = structure_stability(&body, &[2], StabilityModel::ExclusiveMembership).unwrap();
    assert!((two.payoffs[0].payoff - 0.5).abs() < 1e-12 && two.payoffs[1].payoff.abs() < 1e-12);
    let three = structure_stability(&body, &[3], StabilityModel::Gamma).unwrap();
    let d = three.deviation.expect("two of three drop the third");
    assert!((d.payoff_before - 1.0 / 3.0).abs() < 1e-12 && (d.payoff_after - 0.5).abs() < 1e-12);
}

#[test]
fn owen_payoffs_on_the_general_assembly_are_the_quotient_game_shares() {
    // AOSIS's 39 as one bloc under two-thirds: the quotient game [129; 39, 1 x 154].
    let ga = InterchangeableBody::new(193, 129, 193).unwrap();
    let s = structure_stability(&ga, &[39], StabilityModel::Delta).unwrap();
    let mut weights = vec![39u64];
    weights.extend(std::iter::repeat_n(1, 154));
    let quotient = WeightedGame::new(weights, 129).unwrap();
    let ss = power_indices(&quotient, &PowerOptions::default()).unwrap().shapley_shubik().unwrap();
    assert!(
        (s.payoffs[0].payoff - ss[0] / 39.0).abs() < 1e-12,
        "{} vs {}",
        s.payoffs[0].payoff,
        ss[0] / 39.0
    );
    assert!((s.payoffs[1].payoff - ss[1]).abs() < 1e-12);
}

#[test]
fn compound_payoffs_on_the_general_assembly_are_the_exact_bloc_game_indices() {
    // Blocs of 39 and 20 by simple majorities inside (20 of 39, 11 of 20), the rest alone.
    let ga = InterchangeableBody::new(193, 129, 193).unwrap();
    let s = structure_stability(&ga, &[39, 20], StabilityModel::ExclusiveMembership).unwrap();
    let top: Game = WeightedGame::new(vec![1; 193], 129).unwrap().into();
    let bloc = |members: std::ops::Range<usize>, m: u64| {
        let k = members.len();
        Bloc::new(members.collect(), WeightedGame::new(vec![1; k], m).unwrap().into()).unwrap()
    };
    let game = BlocGame::new(top, vec![bloc(0..39, 20), bloc(39..59, 11)]).unwrap();
    let (tally, _) = count_blocs(&game).expect("the bloc game is counted exactly");
    let exact = power_indices(&Game::from(game), &PowerOptions::default()).unwrap().shapley_shubik().unwrap();
    let _ = tally;
    for (member, size) in [(0, 39), (39, 20), (100, 1)] {
        let p = s.payoffs.iter().find(|p| p.size == size).unwrap().payoff;
        assert!(
            (p - exact[member]).abs() < 1e-12 * exact[member].max(1e-3),
            "size {size}: {p} vs {}",
            exact[member]
        );
    }
}

#[test]
fn the_unit_of_the_votes_does_not_matter() {
    for scale in [1u64, 10, 1000] {
        let game = WeightedGame::new(vec![scale; 9], 5 * scale).unwrap();
        let body = InterchangeableBody::from_game(&game, &[0, 1, 2, 3, 4, 5]).unwrap();
        assert_eq!((body.members(), body.quota(), body.candidates()), (9, 5, 6));
    }
}

#[test]
fn bad_input_gets_a_clear_error() {
    let body = InterchangeableBody::new(10, 6, 5).unwrap();
    assert_eq!(
        structure_stability(&body, &[4, 2], StabilityModel::Gamma).unwrap_err(),
        CaucusError::BlocsAboveCandidates { total: 6, candidates: 5 }
    );
    assert_eq!(structure_stability(&body, &[0], StabilityModel::Gamma).unwrap_err(), CaucusError::EmptyBloc);
    assert_eq!(
        InterchangeableBody::new(10, 0, 5).unwrap_err(),
        CaucusError::QuotaOutOfRange { quota: 0, members: 10 }
    );
    assert_eq!(
        InterchangeableBody::new(10, 6, 11).unwrap_err(),
        CaucusError::CandidatesOutOfRange { candidates: 11, members: 10 }
    );
    let ga = InterchangeableBody::new(193, 97, 193).unwrap();
    let err = stable_structures_by_types(&ga, 3, StabilityModel::Gamma).unwrap_err();
    assert!(matches!(err, CaucusError::TooManyDeviations { limit: 20_000_000, .. }), "{err}");
    assert!(err.to_string().contains("--max-blocs"));
}

fn sizes_of(blocs: &[Vec<usize>]) -> Vec<usize> {
    let mut sizes: Vec<usize> = blocs.iter().map(Vec::len).filter(|&k| k >= 2).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With one vote each, the partition enumeration's stable partitions are exactly the
    /// relabellings of the stable structures by sizes, with the same payoffs.
    #[test]
    fn agrees_with_the_partition_enumeration(n in 2usize..=9, c_frac in 0.0f64..1.0, q_frac in 0.0f64..1.0, model in 0usize..3) {
        let c = 1 + ((n.min(7) - 1) as f64 * c_frac).round() as usize;
        let q = 1 + ((n - 1) as f64 * q_frac).round() as usize;
        let model = MODELS[model];
        let top = WeightedGame::new(vec![1; n], q as u64).unwrap();
        let candidates: Vec<usize> = (0..c).collect();
        let by_partitions = stable_structures(&top, &candidates, model).unwrap();
        let body = InterchangeableBody::from_game(&top, &candidates).unwrap();
        let by_types = stable_structures_by_types(&body, c, model).unwrap();
        let expected: BTreeSet<Vec<usize>> = by_partitions.stable.iter().map(|p| sizes_of(&p.blocs)).collect();
        let got: BTreeSet<Vec<usize>> = by_types.stable.iter().map(|s| s.blocs.clone()).collect();
        prop_assert_eq!(&got, &expected, "n = {}, q = {}, c = {}, {:?}", n, q, c, model);
        for p in &by_partitions.stable {
            let sizes = sizes_of(&p.blocs);
            let s = by_types.stable.iter().find(|s| s.blocs == sizes).unwrap();
            for (j, &member) in candidates.iter().enumerate() {
                let k = p.blocs.iter().find(|b| b.contains(&member)).unwrap().len();
                let typed = s.payoffs.iter().find(|x| x.size == k).unwrap().payoff;
                prop_assert!((typed - p.payoffs[j]).abs() < 1e-12, "size {}: {} vs {}", k, typed, p.payoffs[j]);
            }
        }
    }
}

#[test]
fn a_body_beyond_the_player_limit_is_refused_before_any_table_is_built() {
    let error = InterchangeableBody::new(10_000_000_000, 1, 2).unwrap_err();
    assert_eq!(error.to_string(), "10000000000 members; expected at most 256");
}
