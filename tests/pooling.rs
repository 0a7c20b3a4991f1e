//! When pooling pays: the compound-game and a priori union values of `caucus::pooling`
//! against brute force on random bodies of up to 12 members, the Owen values against the
//! coalition-structure values of `coop`, the readings where they must coincide, the bloc
//! paradox, the region against single evaluations, and bad input.

use comity::caucus::{CaucusError, POOLING_MAX_CELLS, pooling, pooling_region, weighted_top};
use comity::coop::{TuGame, banzhaf_owen_value, owen_value};
use comity::game::{Bloc, BlocGame, Coalition, SimpleGame, WeightedGame};
use comity::model::Institution;
use comity::power::{PowerOptions, power_indices};
use comity::testing::weighted_game;
use proptest::prelude::*;

const TOLERANCE: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * (1.0 + a.abs().max(b.abs()))
}

/// Shapley-Shubik and absolute Banzhaf of player `i` by enumerating every coalition of the
/// others: `|S|! (n - |S| - 1)! / n!` and `2^-(n-1)` per swing.
fn brute(game: &impl SimpleGame, i: usize) -> (f64, f64) {
    let n = game.n();
    let factorial = |k: usize| (1..=k).map(|x| x as f64).product::<f64>();
    let (mut ss, mut swings) = (0.0, 0.0);
    for mask in 0u32..1 << n {
        if mask >> i & 1 == 1 {
            continue;
        }
        let without = Coalition::from_players((0..n).filter(|&j| mask >> j & 1 == 1));
        let with = Coalition::from_players((0..n).filter(|&j| mask >> j & 1 == 1 || j == i));
        if game.is_winning(&with) && !game.is_winning(&without) {
            let s = mask.count_ones() as usize;
            ss += factorial(s) * factorial(n - s - 1) / factorial(n);
            swings += 1.0;
        }
    }
    (ss, swings / 2f64.powi(n as i32 - 1))
}

/// A body of up to 12 members, a bloc (a random subset, in random order) and an internal quota.
fn body_and_bloc() -> impl Strategy<Value = (WeightedGame, Vec<usize>, usize)> {
    weighted_game(12, 4)
        .prop_flat_map(|g| {
            let n = g.n();
            (Just(g), Just((0..n).collect::<Vec<usize>>()).prop_shuffle(), 1..=n, 0.0f64..1.0)
        })
        .prop_map(|(g, order, k, share)| {
            let bloc: Vec<usize> = order[..k].to_vec();
            let m = 1 + ((k - 1) as f64 * share) as usize;
            (g, bloc, m)
        })
}

fn compound_game(top: &WeightedGame, bloc: &[usize], m: usize) -> BlocGame {
    let rule = WeightedGame::new(vec![1; bloc.len()], m as u64).unwrap();
    BlocGame::new(top.clone().into(), vec![Bloc::new(bloc.to_vec(), rule.into()).unwrap()]).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn compound_and_alone_values_equal_brute_force((top, bloc, m) in body_and_bloc()) {
        let r = pooling(&top, &bloc, m).unwrap();
        let game = compound_game(&top, &bloc, m);
        for member in &r.members {
            let (ss, bz) = brute(&game, member.member);
            prop_assert!(close(member.compound.shapley_shubik, ss), "compound ss {} vs {}", member.compound.shapley_shubik, ss);
            prop_assert!(close(member.compound.banzhaf, bz), "compound bz {} vs {}", member.compound.banzhaf, bz);
            let (ss, bz) = brute(&top, member.member);
            prop_assert!(close(member.alone.shapley_shubik, ss));
            prop_assert!(close(member.alone.banzhaf, bz));
            // The bloc paradox is found exactly where brute force finds it.
            let paradox = brute(&game, member.member).1 < brute(&top, member.member).1 - 1e-12;
            prop_assert_eq!(member.compound.banzhaf < member.alone.banzhaf - 1e-12, paradox);
        }
    }

    #[test]
    fn union_values_equal_the_coalition_structure_values((top, bloc, m) in body_and_bloc()) {
        let r = pooling(&top, &bloc, m).unwrap();
        let tu = TuGame::from_simple_game(&top).unwrap();
        let mut unions = vec![bloc.clone()];
        unions.extend((0..top.n()).filter(|j| !bloc.contains(j)).map(|j| vec![j]));
        let owen = owen_value(&tu, &unions);
        let banzhaf_owen = banzhaf_owen_value(&tu, &unions);
        for member in &r.members {
            prop_assert!(close(member.unions.shapley_shubik, owen[member.member]));
            prop_assert!(close(member.unions.banzhaf, banzhaf_owen[member.member]));
        }
    }

    #[test]
    fn the_region_agrees_with_each_single_evaluation((top, bloc, _m) in body_and_bloc()) {
        let region = pooling_region(&top, &bloc).unwrap();
        for cell in &region.cells {
            let r = pooling(&top, &bloc[..cell.size], cell.internal_quota).unwrap();
            prop_assert!(close(cell.member_shapley_shubik, r.members[0].compound.shapley_shubik));
            prop_assert!(close(cell.member_banzhaf, r.members[0].compound.banzhaf));
            prop_assert_eq!((cell.shapley_shubik, cell.banzhaf), r.compound_gains());
        }
        for cell in &region.unions {
            let r = pooling(&top, &bloc[..cell.size], 1).unwrap();
            prop_assert_eq!((cell.owen, cell.banzhaf_owen), r.union_gains());
        }
    }

    #[test]
    fn values_do_not_depend_on_the_unit_of_weight((top, bloc, m) in body_and_bloc()) {
        let scaled = WeightedGame::new(top.weights().iter().map(|w| w * 10).collect(), top.quota() * 10).unwrap();
        let (a, b) = (pooling(&top, &bloc, m).unwrap(), pooling(&scaled, &bloc, m).unwrap());
        for (x, y) in a.members.iter().zip(&b.members) {
            prop_assert!(close(x.compound.shapley_shubik, y.compound.shapley_shubik));
            prop_assert!(close(x.unions.shapley_shubik, y.unions.shapley_shubik));
            prop_assert!(close(x.alone.banzhaf, y.alone.banzhaf));
        }
    }

    #[test]
    fn compound_banzhaf_is_the_product_of_the_bloc_and_top_measures((top, bloc, m) in body_and_bloc()) {
        // Composition (Felsenthal & Machover 1998, sec. 2.3): a member's absolute Banzhaf
        // measure in a compound game is its measure inside the bloc times the bloc's measure
        // as one player of the top rule.
        let r = pooling(&top, &bloc, m).unwrap();
        let k = bloc.len();
        let inner = power_indices(&WeightedGame::new(vec![1; k], m as u64).unwrap(), &PowerOptions::default())
            .unwrap().banzhaf_absolute()[0];
        let mut weights: Vec<u64> = vec![bloc.iter().map(|&i| top.weights()[i]).sum()];
        weights.extend((0..top.n()).filter(|j| !bloc.contains(j)).map(|j| top.weights()[j]));
        let quotient = WeightedGame::new(weights, top.quota()).unwrap();
        let bloc_measure = power_indices(&quotient, &PowerOptions::default()).unwrap().banzhaf_absolute()[0];
        prop_assert!(close(r.members[0].compound.banzhaf, inner * bloc_measure));
    }
}

#[test]
fn the_readings_coincide_for_a_bloc_of_one_and_for_the_whole_body() {
    // A bloc of one changes nothing: all three readings are the member's own power.
    let top = WeightedGame::new(vec![3, 2, 2, 1, 1], 5).unwrap();
    for i in 0..5 {
        let m = &pooling(&top, &[i], 1).unwrap().members[0];
        for reading in [m.compound, m.unions] {
            assert!(close(reading.shapley_shubik, m.alone.shapley_shubik));
            assert!(close(reading.banzhaf, m.alone.banzhaf));
        }
    }
    // The whole body as one bloc deciding by the body's own count quota is the body itself,
    // and one union holding everyone leaves the Shapley value unchanged.
    let count = WeightedGame::new(vec![1; 7], 5).unwrap();
    let all: Vec<usize> = (0..7).collect();
    for m in pooling(&count, &all, 5).unwrap().members {
        assert!(close(m.compound.shapley_shubik, m.alone.shapley_shubik));
        assert!(close(m.unions.shapley_shubik, m.alone.shapley_shubik));
        assert!(close(m.compound.banzhaf, m.alone.banzhaf));
    }
}

#[test]
fn the_bloc_paradox_of_felsenthal_and_machover() {
    // [3; 2, 1, 1]: A (weight 2) and B pool by 2 of 2. By hand, A alone swings in 3 of the 4
    // coalitions of B and C; through the bloc only when B says yes (2 of 4).
    let top = WeightedGame::new(vec![2, 1, 1], 3).unwrap();
    let r = pooling(&top, &[0, 1], 2).unwrap();
    assert_eq!(r.members[0].alone.banzhaf, 0.75);
    assert_eq!(r.members[0].compound.banzhaf, 0.5);
    assert_eq!(r.members[1].compound.banzhaf, 0.5);
    // A's loss is B's gain: the pair's total stays 1, so neither every member nor the bloc gains.
    let (_, banzhaf) = r.compound_gains();
    assert!(!banzhaf.every_member && !banzhaf.bloc);
}

#[test]
fn under_consensus_shapley_shubik_falls_and_banzhaf_rises_for_aosis() {
    let ga = Institution::load("models/institutions/unga.toml").unwrap();
    let aosis = ga.group("aosis").unwrap().to_vec();
    // The 37 AOSIS members that are UN members (the Cook Islands and Niue are not).
    assert_eq!(aosis.len(), 37);
    let consensus = WeightedGame::new(vec![1; 193], 193).unwrap();
    let region = pooling_region(&consensus, &aosis).unwrap();
    // Every compound cell below unanimity loses Shapley-Shubik share, and by hand the bloc of
    // 39 deciding by all 39 keeps each member's 1/193.
    for cell in &region.cells {
        assert!(!cell.shapley_shubik.bloc, "size {} quota {}", cell.size, cell.internal_quota);
        if cell.internal_quota == cell.size {
            assert!(close(cell.member_shapley_shubik, 1.0 / 193.0));
        } else {
            // C(k-1, m-1) 2^(1-n) against 2^(1-n): a gain unless one member commits the bloc.
            assert_eq!(cell.banzhaf.every_member, cell.internal_quota > 1);
        }
    }
    // As a union, the 37 share one veto: 1/157 between them.
    let last = region.unions.last().unwrap();
    assert_eq!(last.size, 37);
    assert!(close(last.bloc_owen, 1.0 / 157.0));
}

#[test]
fn under_majority_a_majority_bloc_of_aosis_pays_for_every_member() {
    let ga = Institution::load("models/institutions/unga.toml").unwrap();
    let aosis = ga.group("aosis").unwrap().to_vec();
    let majority = weighted_top(&ga.compile("simple_majority").unwrap().game).unwrap();
    assert_eq!(majority.quota(), 97);
    let r = pooling(&majority, &aosis, 20).unwrap();
    let (ss, bz) = r.compound_gains();
    assert!(ss.every_member && bz.every_member);
    // Shapley-Shubik shares of a count game are 1/193 alone.
    assert!(close(r.members[0].alone.shapley_shubik, 1.0 / 193.0));
}

#[test]
fn bad_blocs_are_refused_with_the_reason() {
    let top = WeightedGame::new(vec![1; 5], 3).unwrap();
    assert_eq!(pooling(&top, &[0, 1, 1], 2).unwrap_err(), CaucusError::BlocsOverlap { member: 1 });
    assert_eq!(pooling(&top, &[0, 7], 1).unwrap_err(), CaucusError::UnknownMember { member: 7, n: 5 });
    assert_eq!(pooling(&top, &[0, 1], 3).unwrap_err(), CaucusError::QuotaAboveBloc { quota: 3, size: 2 });
    assert_eq!(pooling(&top, &[0, 1], 0).unwrap_err(), CaucusError::QuotaAboveBloc { quota: 0, size: 2 });
    assert_eq!(pooling(&top, &[], 1).unwrap_err(), CaucusError::EmptyBloc);
    assert_eq!(pooling_region(&top, &[2, 2]).unwrap_err(), CaucusError::BlocsOverlap { member: 2 });
    let huge = WeightedGame::new(vec![1_000_000; 5], 3_000_000).unwrap();
    let err = pooling(&huge, &[0, 1], 1).unwrap_err();
    assert!(matches!(err, CaucusError::TableTooLarge { limit: POOLING_MAX_CELLS, .. }), "{err}");
    assert!(err.to_string().contains("monte-carlo"));
}

/// Runs the binary; returns (success, stdout, stderr).
fn comity(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_explains_its_readings_and_refuses_bad_input_in_one_line() {
    let ga = "models/institutions/unga.toml";
    let (ok, out, _) = comity(&[
        "blocs",
        "pooling",
        ga,
        "--rule",
        "unanimity",
        "--bloc",
        "FJI,TUV,WSM",
        "--internal-quota",
        "2",
    ]);
    assert!(ok);
    assert!(out.contains("what can I do through my bloc?") && out.contains("bargaining unit"), "{out}");
    assert!(out.contains("every member already holds a veto"), "{out}");
    let refusals: [(&[&str], &str); 6] = [
        (
            &["blocs", "pooling", ga, "--rule", "two_thirds", "--bloc", "FJI", "--region"],
            "expected at least 2",
        ),
        (
            &["blocs", "pooling", ga, "--rule", "two_thirds", "--bloc", "FJI,XXX"],
            "\"XXX\" is not a member id",
        ),
        (
            &["blocs", "pooling", ga, "--rule", "two_thirds", "--bloc", "FJI,TUV", "--internal-quota", "3"],
            "internal quota 3 for a bloc of 2 members",
        ),
        (&["blocs", "pooling", ga, "--rule", "two_thirds", "--bloc", "FJI,TUV,FJI"], "listed twice"),
        (
            &[
                "blocs",
                "pooling",
                "models/institutions/unsc.toml",
                "--rule",
                "substantive",
                "--bloc",
                "CHN,RUS",
            ],
            "not one weighted threshold",
        ),
        (&["blocs", "stable", ga, "--rule", "two_thirds", "--group", "aosis"], "at most 10 candidates"),
    ];
    for (args, expected) in refusals {
        let (ok, _, err) = comity(args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn luxembourg_gains_power_when_the_community_grows() {
    // Brams & Affuso (1976): EEC 1958 [12; 4, 4, 4, 2, 2, 1] (FRA, DEU, ITA, BEL, NLD, LUX) and
    // the 1973 Community [41; 10, 10, 10, 5, 5, 2, 10, 3, 3] (+ GBR, DNK, IRL). By hand,
    // Luxembourg is a null player in 1958: it swings only a coalition of weight 11, and every
    // other weight is even.
    let before = WeightedGame::new(vec![4, 4, 4, 2, 2, 1], 12).unwrap();
    let after = WeightedGame::new(vec![10, 10, 10, 5, 5, 2, 10, 3, 3], 41).unwrap();
    let changes = comity::caucus::new_members_paradox(&before, &after).unwrap();
    assert_eq!(changes[5].banzhaf_before, 0.0);
    assert_eq!(changes[5].shapley_shubik_before, 0.0);
    assert!(changes[5].banzhaf_after > 0.0 && changes[5].paradox);
    // The large members lose: France's Shapley-Shubik index falls from 7/30 (= 14/60).
    assert!((changes[0].shapley_shubik_before - 7.0 / 30.0).abs() < 1e-12);
    assert!(!changes[0].paradox);
    // A body that does not grow is refused.
    assert!(comity::caucus::new_members_paradox(&after, &before).is_err());
}
