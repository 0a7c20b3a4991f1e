//! Two-dimensional spatial bargaining: the exact winset radius and the setter's outcome
//! against brute force, the core against the one-dimensional test on collinear points, the
//! unanimity core against the convex hull, and a like-minded club worked by hand.

use comity::bargaining::{
    Point, in_core_1d, in_core_2d, like_minded_club, rescale, setter_outcome_2d, winset_2d,
};
use comity::game::{Coalition, SimpleGame, WeightedGame};
use proptest::prelude::*;

fn d2(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// The members who strictly (or weakly) prefer `y` to `q`.
fn preferring(ideals: &[Point], q: Point, y: Point, weakly: bool) -> Coalition {
    Coalition::from_players((0..ideals.len()).filter(|&i| {
        let (a, b) = (d2(y, ideals[i]), d2(q, ideals[i]));
        if weakly { a <= b + 1e-9 } else { a < b }
    }))
}

fn case() -> impl Strategy<Value = (WeightedGame, Vec<Point>, Point)> {
    (2usize..=6)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(1u64..5, n),
                prop::collection::vec((-10.0f64..10.0, -10.0f64..10.0), n),
                (-10.0f64..10.0, -10.0f64..10.0),
            )
        })
        .prop_flat_map(|(w, x, q)| {
            let total: u64 = w.iter().sum();
            (Just(w), 1..=total, Just(x), Just(q))
        })
        .prop_map(|(w, quota, x, q)| {
            (WeightedGame::new(w, quota).unwrap(), x.into_iter().map(|(a, b)| [a, b]).collect(), [q.0, q.1])
        })
}

proptest! {
    /// Just inside the boundary a winning coalition prefers the point; just outside none does.
    #[test]
    fn the_winset_boundary_is_exact((game, ideals, q) in case()) {
        let (boundary, area) = winset_2d(&game, &ideals, q, 24).unwrap();
        prop_assert!(area >= 0.0);
        for b in boundary {
            let r = d2(b, q).sqrt();
            if r > 1e-6 {
                let at = |t: f64| [q[0] + (b[0] - q[0]) * t, q[1] + (b[1] - q[1]) * t];
                prop_assert!(game.is_winning(&preferring(&ideals, q, at(0.999), false)));
                prop_assert!(!game.is_winning(&preferring(&ideals, q, at(1.001), false)));
            }
        }
    }

    /// The setter's outcome is in the closure of the winset (or is the status quo), and no
    /// point of a fine grid in the winset is nearer the setter's ideal point.
    #[test]
    fn the_setter_outcome_beats_a_grid_search((game, ideals, q) in case(), setter in 0usize..6) {
        let s = setter % ideals.len();
        let p = ideals[s];
        let y = setter_outcome_2d(&game, &ideals, q, s).unwrap();
        prop_assert!(d2(y, q) < 1e-18 || game.is_winning(&preferring(&ideals, q, y, true)));
        let best = d2(y, p).sqrt();
        for i in 0..=120 {
            for j in 0..=120 {
                let z = [-20.0 + i as f64 / 3.0, -20.0 + j as f64 / 3.0];
                if game.is_winning(&preferring(&ideals, q, z, false)) {
                    prop_assert!(d2(z, p).sqrt() >= best - 1e-7, "{z:?} beats {y:?}");
                }
            }
        }
    }

    /// On a line, the two-dimensional core test agrees with the one-dimensional one.
    #[test]
    fn collinear_points_agree_with_one_dimension((game, ideals, q) in case()) {
        let line: Vec<f64> = ideals.iter().map(|x| x[0]).collect();
        let flat: Vec<Point> = line.iter().map(|&x| [x, 0.0]).collect();
        prop_assert_eq!(in_core_2d(&game, &flat, [q[0], 0.0]).unwrap(), in_core_1d(&game, &line, q[0]).unwrap());
    }
}

#[test]
fn the_unanimity_core_is_the_convex_hull() {
    let ideals = [[0.0, 0.0], [6.0, 0.0], [0.0, 6.0], [5.0, 5.0]];
    let unanimity = WeightedGame::new(vec![1; 4], 4).unwrap();
    for (q, inside) in [
        ([1.0, 1.0], true),
        ([5.0, 4.0], true),
        ([3.0, 3.0], true),
        ([6.0, 6.0], false),
        ([-1.0, 2.0], false),
    ] {
        assert_eq!(in_core_2d(&unanimity, &ideals, q).unwrap(), inside, "{q:?}");
    }
}

#[test]
fn salience_rescales_the_axes() {
    let scaled = rescale(&[[1.0, 2.0]], [4.0, 9.0]).unwrap();
    assert_eq!(scaled, vec![[2.0, 6.0]]);
    assert!(rescale(&[[1.0, 2.0]], [0.0, 1.0]).is_err());
}

/// A leader at 10, two like-minded members at 8 and 9 and a reluctant one at -5, status quo 0
/// (on a line in the plane). Inclusive consensus cannot move: 0 lies between -5 and 10. The
/// club of the three agreeing by consensus can go to any point all three prefer to 0, (0, 16),
/// and the leader picks 10; the reluctant member would veto it by joining, gains nothing by
/// joining (the policy would stay at 0), and stays out.
#[test]
fn a_like_minded_club_by_hand() {
    let ideals = [[10.0, 0.0], [8.0, 0.0], [9.0, 0.0], [-5.0, 0.0]];
    let club = like_minded_club(&ideals, [0.0, 0.0], 0, 1.0).unwrap().unwrap();
    assert_eq!(club.members, vec![0, 1, 2]);
    assert!((club.policy[0] - 10.0).abs() < 1e-9 && club.policy[1].abs() < 1e-9);
    assert!(club.consensus[0].abs() < 1e-9);
    let expected = [10.0, 6.0, 8.0, 0.0];
    for (g, e) in club.gains.iter().zip(expected) {
        assert!((g - e).abs() < 1e-9, "{:?}", club.gains);
    }
    assert!((club.ambition - 10.0).abs() < 1e-9 && club.consensus_ambition.abs() < 1e-9);
}

#[test]
fn the_centroid_of_a_triangle_is_beaten_under_majority_but_not_unanimity() {
    let ideals = [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]];
    let q = [4.0 / 3.0, 4.0 / 3.0];
    let majority = WeightedGame::new(vec![1; 3], 2).unwrap();
    let (_, area) = winset_2d(&majority, &ideals, q, 3600).unwrap();
    assert!(area > 1.0);
    let unanimity = WeightedGame::new(vec![1; 3], 3).unwrap();
    let (_, area) = winset_2d(&unanimity, &ideals, q, 3600).unwrap();
    assert_eq!(area, 0.0);
}
