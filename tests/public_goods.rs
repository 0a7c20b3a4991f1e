//! How contributions add up: Bergstrom-Blume-Varian contributions against the first-order
//! conditions and a grid of deviations; weakest-link and best-shot equilibria against brute
//! force over a grid; Olson and Zeckhauser's exploitation of the great by the small as a
//! computed result; independence of the unit of income.

use comity::repeated::public_goods::{
    PublicGoodsError, best_shot_nash, summation_nash, threshold_provision, utility, weakest_link_nash,
    weighted_sum_nash,
};
use proptest::prelude::*;

fn body() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..9).prop_flat_map(|n| {
        (proptest::collection::vec(1.0..1000.0f64, n), proptest::collection::vec(0.05..0.95f64, n))
    })
}

/// The best a member can do against the others' total `others` in the summation game, over a
/// grid of `steps` contributions in `[0, w)`.
fn best_on_grid(w: f64, a: f64, others: f64, steps: usize) -> f64 {
    (0..steps)
        .map(|k| {
            let g = w * k as f64 / steps as f64;
            utility(w, a, g, others + g)
        })
        .fold(f64::NEG_INFINITY, f64::max)
}

/// A member exactly at its threshold contributes nothing in every unit: incomes 10 and 9 at
/// a = 0.1 give G = 1 = 9 / 9, and `9 - 9 G` was rounding noise (1.1e-18 at 10^-3, 0 at
/// 10^0), so whether member 1 contributed depended on the unit (found by a tie hunt).
#[test]
fn a_member_exactly_at_its_threshold_contributes_nothing_in_every_unit() {
    for e in -8..=8 {
        let f = 10f64.powi(e);
        let eq = summation_nash(&[10.0 * f, 9.0 * f], &[0.1, 0.1]).unwrap();
        assert_eq!(eq.contributions[1], 0.0, "10^{e}: {:?}", eq.contributions);
        assert!((eq.contributions[0] - f).abs() <= 1e-12 * f, "10^{e}: {:?}", eq.contributions);
        assert_eq!(eq.provision, eq.contributions[0]);
    }
}

proptest! {
    /// Contributors meet their first-order condition a/G = (1-a)/(w-g); free riders would
    /// lose by giving the first unit: a/G <= (1-a)/w.
    #[test]
    fn summation_contributions_meet_the_first_order_conditions((w, a) in body()) {
        let eq = summation_nash(&w, &a).unwrap();
        let g = &eq.contributions;
        let total: f64 = g.iter().sum();
        prop_assert!((total - eq.provision).abs() < 1e-9 * total);
        prop_assert!(g.iter().any(|&x| x > 0.0));
        for i in 0..w.len() {
            let marginal_good = a[i] / eq.provision;
            if g[i] > 0.0 {
                let marginal_private = (1.0 - a[i]) / (w[i] - g[i]);
                prop_assert!((marginal_good / marginal_private - 1.0).abs() < 1e-9, "member {i}");
            } else {
                prop_assert!(marginal_good <= (1.0 - a[i]) / w[i] * (1.0 + 1e-9), "member {i}");
            }
        }
    }

    /// No member gains by any contribution on a grid of 2,000 (brute force over deviations).
    #[test]
    fn summation_contributions_survive_every_deviation_on_a_grid((w, a) in body()) {
        let eq = summation_nash(&w, &a).unwrap();
        for i in 0..w.len() {
            let others = eq.provision - eq.contributions[i];
            let now = utility(w[i], a[i], eq.contributions[i], eq.provision);
            prop_assert!(best_on_grid(w[i], a[i], others, 2000) <= now + 1e-9 * now.abs().max(1.0));
        }
    }

    /// Olson & Zeckhauser (1966): with equal tastes, the largest member pays at least its share
    /// of the income, more when anyone free rides, and a member contributes only if every
    /// richer member does.
    #[test]
    fn the_great_are_exploited_by_the_small(w in proptest::collection::vec(1.0..1000.0f64, 2..9), a in 0.05..0.95f64) {
        let eq = summation_nash(&w, &vec![a; w.len()]).unwrap();
        let largest = (0..w.len()).max_by(|&i, &j| w[i].total_cmp(&w[j])).unwrap();
        let pay_share = eq.contributions[largest] / eq.provision;
        let income_share = w[largest] / w.iter().sum::<f64>();
        prop_assert!(pay_share >= income_share - 1e-12);
        if eq.contributions.contains(&0.0) {
            prop_assert!(pay_share > income_share);
        }
        for i in 0..w.len() {
            for j in 0..w.len() {
                if w[j] > w[i] && eq.contributions[i] > 0.0 {
                    prop_assert!(eq.contributions[j] > 0.0);
                }
            }
        }
    }

    /// Contributions scale with the unit of income; the weighted sum with equal weights is the
    /// summation game.
    #[test]
    fn contributions_are_independent_of_the_unit((w, a) in body(), e in -8i32..8) {
        let f = 10f64.powi(e);
        let wf: Vec<f64> = w.iter().map(|x| x * f).collect();
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-300);
        let (s, sf) = (summation_nash(&w, &a).unwrap(), summation_nash(&wf, &a).unwrap());
        let (l, lf) = (weakest_link_nash(&w, &a).unwrap(), weakest_link_nash(&wf, &a).unwrap());
        let (b, bf) = (best_shot_nash(&w, &a).unwrap(), best_shot_nash(&wf, &a).unwrap());
        let ones = weighted_sum_nash(&w, &a, &vec![1.0; w.len()]).unwrap();
        prop_assert_eq!(b.len(), bf.len());
        for i in 0..w.len() {
            prop_assert!(close(s.contributions[i] * f, sf.contributions[i]));
            prop_assert!(close(l.contributions[i] * f, lf.contributions[i]));
            prop_assert!(close(ones.contributions[i], s.contributions[i]));
            for (x, y) in b.iter().zip(&bf) {
                prop_assert!(close(x.contributions[i] * f, y.contributions[i]));
            }
        }
    }

    /// The threshold contributions add up to the threshold and nobody pays more than the good
    /// is worth to it or than its income.
    #[test]
    fn threshold_contributions_reach_the_threshold_within_each_willingness(
        w in proptest::collection::vec(1.0..100.0f64, 1..8), v in proptest::collection::vec(0.0..100.0f64, 8), t in 0.0..300.0f64,
    ) {
        let v = &v[..w.len()];
        let willing: f64 = w.iter().zip(v).map(|(x, y)| x.min(*y)).sum();
        match threshold_provision(&w, v, t).unwrap() {
            Some(eq) => {
                prop_assert!((eq.contributions.iter().sum::<f64>() - t).abs() < 1e-9 * t.max(1.0));
                for i in 0..w.len() {
                    prop_assert!(eq.contributions[i] <= w[i].min(v[i]) * (1.0 + 1e-12));
                }
            }
            None => prop_assert!(willing < t || willing == 0.0),
        }
    }
}

/// Every pure equilibrium on a grid of contributions (`step` apart, up to each income) under
/// technology `level`, leaving out profiles that provide nothing (everyone's utility is then
/// minus infinity whatever anyone does).
fn grid_equilibria(w: &[f64], a: &[f64], step: f64, level: fn(&[f64]) -> f64) -> Vec<Vec<f64>> {
    let grid: Vec<Vec<f64>> =
        w.iter().map(|&x| (0..).map(|k| k as f64 * step).take_while(|g| *g < x).collect()).collect();
    let mut profile = vec![0.0; w.len()];
    let mut found = Vec::new();
    fn walk(
        i: usize,
        profile: &mut Vec<f64>,
        grid: &[Vec<f64>],
        check: &dyn Fn(&[f64]) -> bool,
        found: &mut Vec<Vec<f64>>,
    ) {
        if i == grid.len() {
            if check(profile) {
                found.push(profile.clone());
            }
            return;
        }
        for &g in &grid[i] {
            profile[i] = g;
            walk(i + 1, profile, grid, check, found);
        }
    }
    let check = |p: &[f64]| {
        let g = level(p);
        if g <= 0.0 {
            return false;
        }
        (0..p.len()).all(|i| {
            let now = utility(w[i], a[i], p[i], g);
            grid[i].iter().all(|&d| {
                let mut q = p.to_vec();
                q[i] = d;
                utility(w[i], a[i], d, level(&q)) <= now + 1e-12
            })
        })
    };
    walk(0, &mut profile, &grid, &check, &mut found);
    found
}

fn min_of(p: &[f64]) -> f64 {
    p.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max_of(p: &[f64]) -> f64 {
    p.iter().copied().fold(0.0, f64::max)
}

/// Weakest link: the grid's equilibria are exactly the equal profiles at a positive level up
/// to the poorest's stand-alone level, and the closed form is the highest of them.
#[test]
fn weakest_link_equilibria_match_brute_force_over_a_grid() {
    for (w, a) in [
        (vec![6.0, 10.0], vec![0.5, 0.5]),
        (vec![4.0, 8.0, 12.0], vec![0.5, 0.5, 0.5]),
        (vec![10.0, 4.0, 7.0], vec![0.5, 0.5, 0.5]),
    ] {
        let found = grid_equilibria(&w, &a, 0.5, min_of);
        let best = weakest_link_nash(&w, &a).unwrap();
        let top = best.provision;
        let levels: Vec<f64> = (1..).map(|k| k as f64 * 0.5).take_while(|l| *l <= top).collect();
        assert_eq!(found.len(), levels.len(), "{w:?}: {found:?}");
        for (p, l) in found.iter().zip(&levels) {
            assert!(p.iter().all(|g| g == l), "{w:?}: {p:?}");
        }
        assert_eq!(found.last().unwrap(), &best.contributions);
    }
}

/// Best shot: the grid's equilibria are exactly the closed form's sole providers.
#[test]
fn best_shot_equilibria_match_brute_force_over_a_grid() {
    for (w, a) in [
        (vec![6.0, 10.0], vec![0.5, 0.5]),
        (vec![10.0, 11.0], vec![0.5, 0.5]),
        (vec![4.0, 8.0, 12.0], vec![0.5, 0.5, 0.5]),
        (vec![12.0, 12.0, 2.0], vec![0.5, 0.5, 0.5]),
    ] {
        let mut found = grid_equilibria(&w, &a, 0.5, max_of);
        let mut closed: Vec<Vec<f64>> =
            best_shot_nash(&w, &a).unwrap().into_iter().map(|c| c.contributions).collect();
        found.sort_by(|x, y| x.partial_cmp(y).unwrap());
        closed.sort_by(|x, y| x.partial_cmp(y).unwrap());
        assert_eq!(found, closed, "{w:?}");
    }
    // Close incomes: either can be the sole provider (10 and 11 with a = 1/2: levels 5 and
    // 5.5; the richer free riding on 5 gets 0.5 ln 11 + 0.5 ln 5 = 0.5 ln 55 against
    // 0.5 ln 5.5 + 0.5 ln 5.5 = 0.5 ln 30.25 by providing).
    assert_eq!(best_shot_nash(&[10.0, 11.0], &[0.5, 0.5]).unwrap().len(), 2);
}

/// Bergstrom, Blume & Varian's neutrality: moving income between contributors (keeping them
/// contributors) leaves the provision unchanged. By hand, incomes 60, 40, 5 with a = 1/2:
/// G = 100 / 3, and 5 <= 100/3 free rides; 55, 45, 5 gives the same G (45 > 100/3 still
/// contributes; 70, 30, 5 would not keep 30 among the contributors, and gives G = 35).
#[test]
fn redistribution_among_contributors_leaves_the_provision_unchanged() {
    let before = summation_nash(&[60.0, 40.0, 5.0], &[0.5; 3]).unwrap();
    let after = summation_nash(&[55.0, 45.0, 5.0], &[0.5; 3]).unwrap();
    assert!((before.provision - 100.0 / 3.0).abs() < 1e-10);
    assert!((after.provision - before.provision).abs() < 1e-10);
    assert_eq!((before.contributions[2], after.contributions[2]), (0.0, 0.0));
    let apart = summation_nash(&[70.0, 30.0, 5.0], &[0.5; 3]).unwrap();
    assert!((apart.provision - 35.0).abs() < 1e-10 && apart.contributions[1] == 0.0);
}

#[test]
fn bad_input_is_refused_with_the_member_named() {
    assert!(matches!(summation_nash(&[], &[]), Err(PublicGoodsError::Lengths { .. })));
    assert!(matches!(summation_nash(&[1.0], &[0.5, 0.5]), Err(PublicGoodsError::Lengths { .. })));
    let e = summation_nash(&[1.0, 2.0], &[0.5, 1.0]).unwrap_err();
    assert_eq!(e.to_string(), "preference of member 1 is 1; expected a number strictly between 0 and 1");
    assert!(summation_nash(&[1.0, f64::NAN], &[0.5, 0.5]).is_err());
    assert!(weighted_sum_nash(&[1.0, 2.0], &[0.5, 0.5], &[1.0, 0.0]).is_err());
    assert!(weighted_sum_nash(&[1.0, 2.0], &[0.5, 0.5], &[1.0]).is_err());
    assert!(best_shot_nash(&[1.0], &[-0.1]).is_err());
    assert!(weakest_link_nash(&[0.0], &[0.5]).is_err());
    assert!(threshold_provision(&[1.0], &[1.0], -1.0).is_err());
    // A zero threshold is always met, even when nobody is willing to pay.
    let nothing = threshold_provision(&[1.0, 2.0], &[0.0, 0.0], 0.0).unwrap().unwrap();
    assert_eq!((nothing.contributions, nothing.provision), (vec![0.0, 0.0], 0.0));
    assert!(threshold_provision(&[1.0], &[-1.0], 1.0).is_err());
}
