//! Stable like-minded membership at any body size: the scalable searches against enumeration of
//! every club where both run, the consensus structure's claim of the largest club, the dynamics'
//! end point stable by the definition, units, and bodies beyond the enumeration limit.

use comity::bargaining::{
    MembershipSearch, Point, find_like_minded_club, find_stable_like_minded, is_stable_club, join_leave_club,
    join_leave_like_minded, largest_consensus_club, like_minded_club, stable_like_minded_exhaustive,
};
use proptest::prelude::*;

/// Ideal points in the plane, some on a coarse grid (ties, shared circles) and some not; a
/// leader; a status quo.
fn plane(max: usize) -> impl Strategy<Value = (Vec<Point>, usize, Point)> {
    (3usize..=max).prop_flat_map(|n| {
        (
            prop::collection::vec(
                prop_oneof![
                    ((-6i32..=6), (-6i32..=6)).prop_map(|(a, b)| [a as f64 / 2.0, b as f64 / 2.0]),
                    ((-3.0f64..3.0), (-3.0f64..3.0)).prop_map(|(a, b)| [a, b]),
                ],
                n,
            ),
            0..n,
            ((-2i32..=2), (-2i32..=2)).prop_map(|(a, b)| [a as f64 / 2.0, b as f64 / 2.0]),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Under consensus inside the club the structure finds exactly as large a club as
    /// enumeration, and its club is stable by the definition.
    #[test]
    fn consensus_structure_finds_the_largest_club((ideals, leader, q) in plane(12)) {
        let slow = like_minded_club(&ideals, q, leader, 1.0).unwrap();
        let fast = largest_consensus_club(&ideals, q, leader).unwrap();
        prop_assert_eq!(fast.as_ref().map(|c| c.members.len()), slow.as_ref().map(|c| c.members.len()),
            "structure {:?} against enumeration {:?}", fast.as_ref().map(|c| &c.members), slow.as_ref().map(|c| &c.members));
        if let Some(club) = fast {
            prop_assert!(is_stable_club(&ideals, q, leader, 1.0, &club.members).unwrap());
        }
    }

    /// Below consensus the dynamics' club is stable by the exhaustive definition, and no larger
    /// than enumeration's largest (so when enumeration finds none, the dynamics find none).
    #[test]
    fn join_leave_clubs_are_stable((ideals, leader, q) in plane(12), share in prop_oneof![Just(0.5), Just(2.0 / 3.0), Just(0.75), Just(1.0)]) {
        let slow = like_minded_club(&ideals, q, leader, share).unwrap();
        let fast = join_leave_club(&ideals, q, leader, share).unwrap();
        if let Some(club) = fast {
            prop_assert!(is_stable_club(&ideals, q, leader, share, &club.members).unwrap());
            let largest = slow.map_or(0, |c| c.members.len());
            prop_assert!(largest >= club.members.len(), "dynamics {:?}, enumeration's largest {}", club.members, largest);
        }
    }

    /// In one dimension below consensus, the dynamics' coalition is stable by the test suite's
    /// own definition check and no larger than enumeration's largest.
    #[test]
    fn join_leave_coalitions_in_one_dimension_are_stable(
        ideals in prop::collection::vec((-8i32..=8).prop_map(|k| k as f64 / 4.0), 2..=10),
        leader_seed in 0usize..100,
        share in prop_oneof![Just(0.5), Just(2.0 / 3.0), Just(0.75)],
        cost in (0i32..=4).prop_map(|k| k as f64 / 8.0),
    ) {
        let leader = leader_seed % ideals.len();
        let slow = stable_like_minded_exhaustive(&ideals, 0.0, leader, share, cost).unwrap();
        if let Some(c) = join_leave_like_minded(&ideals, 0.0, leader, share, cost).unwrap() {
            prop_assert!(stable_by_definition_1d(&ideals, 0.0, leader, share, cost, &c.participants));
            prop_assert!(slow.map_or(0, |s| s.participants.len()) >= c.participants.len());
        }
    }

    /// Above the enumeration limit the one-dimensional search below consensus is the dynamics,
    /// its end point stable by the definition.
    #[test]
    fn large_bodies_below_consensus_get_a_verified_coalition(
        ideals in prop::collection::vec((-8i32..=8).prop_map(|k| k as f64 / 4.0), 17..=24),
        leader_seed in 0usize..100,
        cost in (0i32..=4).prop_map(|k| k as f64 / 8.0),
    ) {
        let leader = leader_seed % ideals.len();
        let found = find_stable_like_minded(&ideals, 0.0, leader, 2.0 / 3.0, cost).unwrap();
        prop_assert_eq!(found.search, MembershipSearch::JoinLeave);
        if let Some(c) = found.coalition {
            prop_assert!(stable_by_definition_1d(&ideals, 0.0, leader, 2.0 / 3.0, cost, &c.participants));
        }
    }

    /// Up to the enumeration limit, the one-dimensional search below consensus is enumeration.
    #[test]
    fn small_bodies_below_consensus_are_enumerated(
        ideals in prop::collection::vec((-8i32..=8).prop_map(|k| k as f64 / 4.0), 2..=10),
        leader_seed in 0usize..100,
        cost in (0i32..=4).prop_map(|k| k as f64 / 8.0),
    ) {
        let leader = leader_seed % ideals.len();
        let found = find_stable_like_minded(&ideals, 0.0, leader, 0.5, cost).unwrap();
        prop_assert_eq!(found.search, MembershipSearch::Enumeration);
        prop_assert_eq!(found.coalition, stable_like_minded_exhaustive(&ideals, 0.0, leader, 0.5, cost).unwrap());
    }

    /// Measuring the plane in other units (times 10^k, shifted) changes nothing but the units.
    #[test]
    fn clubs_do_not_depend_on_units((ideals, leader, q) in plane(12), k in -3i32..=3, share in prop_oneof![Just(0.5), Just(1.0)]) {
        let scale = 10f64.powi(k);
        let moved: Vec<Point> = ideals.iter().map(|p| [p[0] * scale + 1.0, p[1] * scale - 2.0]).collect();
        let mq = [q[0] * scale + 1.0, q[1] * scale - 2.0];
        let (a, b) = if share >= 1.0 {
            (largest_consensus_club(&ideals, q, leader).unwrap(), largest_consensus_club(&moved, mq, leader).unwrap())
        } else {
            (join_leave_club(&ideals, q, leader, share).unwrap(), join_leave_club(&moved, mq, leader, share).unwrap())
        };
        prop_assert_eq!(a.map(|c| c.members), b.map(|c| c.members));
    }
}

/// Stability of a one-dimensional coalition by its definition, with the general agenda setter:
/// the test suite's own twin, independent of the library's search.
fn stable_by_definition_1d(
    ideals: &[f64],
    q: f64,
    leader: usize,
    share: f64,
    cost: f64,
    members: &[usize],
) -> bool {
    let policy = |club: &[usize]| -> f64 {
        let m = club.len();
        let quota = (((share * m as f64) - 1e-9).ceil().max(1.0) as usize).min(m);
        let rule = comity::game::WeightedGame::new(vec![1; m], quota as u64).unwrap();
        let points: Vec<f64> = club.iter().map(|&i| ideals[i]).collect();
        let setter = club.iter().position(|&i| i == leader).unwrap();
        comity::bargaining::setter_outcome_1d(&rule, &points, q, setter).unwrap()
    };
    let slack = 1e-9 * (cost + ideals.iter().map(|x| (x - q).abs()).fold(0.0, f64::max));
    let here = policy(members);
    if members.len() < 2 || (here - q).abs() <= slack || !members.contains(&leader) {
        return false;
    }
    members.iter().all(|&i| (here - ideals[i]).abs() + cost <= (q - ideals[i]).abs() + slack)
        && (0..ideals.len()).filter(|j| !members.contains(j)).all(|j| {
            let mut larger = members.to_vec();
            larger.push(j);
            larger.sort_unstable();
            (policy(&larger) - ideals[j]).abs() + cost + slack >= (q - ideals[j]).abs()
        })
}

/// The README's worked example: 193 members, the leader ahead of a ring that surrounds the
/// status quo. By hand: inclusive consensus cannot move; under consensus inside the club the
/// leader's club is the members who weakly prefer its policy, and it is stable.
#[test]
fn a_club_among_193_members_under_consensus() {
    let mut ideals = vec![[2.0, 0.0]];
    for k in 0..192 {
        let a = std::f64::consts::TAU * k as f64 / 192.0;
        ideals.push([a.cos(), a.sin()]);
    }
    let found = find_like_minded_club(&ideals, [0.0, 0.0], 0, 1.0).unwrap();
    assert!(found.search.proves_largest());
    let club = found.coalition.expect("a stable club");
    assert!(is_stable_club(&ideals, [0.0, 0.0], 0, 1.0, &club.members).unwrap());
    assert!(club.consensus_ambition < 1e-9 && club.ambition > 0.0);
}

/// Above the enumeration limit the dynamics still verify their end point.
#[test]
fn a_club_among_193_members_below_consensus_is_verified() {
    let mut ideals = vec![[2.0, 0.0]];
    for k in 0..192 {
        let a = std::f64::consts::TAU * k as f64 / 192.0;
        ideals.push([a.cos() * (1.0 + (k % 3) as f64 * 0.2), a.sin()]);
    }
    let found = find_like_minded_club(&ideals, [0.0, 0.0], 0, 2.0 / 3.0).unwrap();
    assert_eq!(found.search, MembershipSearch::JoinLeave);
    let club = found.coalition.expect("a stable club");
    assert!(is_stable_club(&ideals, [0.0, 0.0], 0, 2.0 / 3.0, &club.members).unwrap());
}

/// Bad input gets one clear error, at any size.
#[test]
fn bad_input_is_refused() {
    let crowd = vec![[0.0, 0.0]; 40];
    assert!(find_like_minded_club(&crowd, [1.0, 0.0], 40, 1.0).is_err());
    assert!(find_like_minded_club(&crowd, [1.0, 0.0], 0, 0.0).is_err());
    assert!(find_like_minded_club(&crowd, [f64::NAN, 0.0], 0, 1.0).is_err());
    assert!(is_stable_club(&crowd, [1.0, 0.0], 0, 1.0, &[1, 1]).is_err());
    assert!(is_stable_club(&crowd, [1.0, 0.0], 0, 1.0, &[1, 2]).is_err());
    assert!(find_stable_like_minded(&[0.0; 40], 0.0, 0, 1.5, 0.0).is_err());
}
