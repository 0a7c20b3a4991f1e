//! Self-enforcing environmental agreements: published stable sizes, the outcome as an
//! equilibrium (first-order conditions by finite differences), and enumeration against the
//! symmetric sizes.

use comity::bargaining::{AbatementGame, Benefits, Timing, stable_coalitions, stable_sizes};
use proptest::prelude::*;

#[test]
fn linear_benefits_give_three_signatories_whatever_the_number_of_countries() {
    // Barrett (2003), ch. 7; Finus (2001), ch. 13: with orthogonal free-riding, k* = 3.
    for n in [3usize, 4, 10, 50, 193] {
        for (b, c) in [(1.0, 1.0), (0.2, 5.0), (3.0, 0.5)] {
            for timing in [Timing::Nash, Timing::Stackelberg] {
                let game = AbatementGame::symmetric(n, b, c, Benefits::Linear, timing).unwrap();
                assert_eq!(stable_sizes(&game).unwrap(), vec![3], "n {n}, b {b}, c {c}");
            }
        }
    }
}

/// Three countries, b = 1, c = 1, a = 100, Nash play. No agreement: each abates
/// (a - Q), so Q = 3 (a - Q) = 75, q = 25 and each gets 100 * 75 - 75^2 / 2 - 25^2 / 2 = 4375.
/// Two sign: they abate 2 (a - Q) each and the outsider (a - Q), so Q = 5 (a - Q) = 500/6; a
/// signatory gets 100 Q - Q^2 / 2 - (2 (a - Q))^2 / 2 = 4305.5..., less than without the
/// agreement (the outsider's abatement falls as theirs rises), so no agreement of two holds;
/// three do not either (each gains by leaving), and none is self-enforcing.
#[test]
fn quadratic_benefits_by_hand() {
    let game = AbatementGame::symmetric(3, 1.0, 1.0, Benefits::Quadratic { a: 100.0 }, Timing::Nash).unwrap();
    let none = game.outcome(&[false, false, false]);
    assert!((none.total - 75.0).abs() < 1e-9 && (none.payoffs[0] - 4375.0).abs() < 1e-9);
    let two = game.outcome(&[true, true, false]);
    let q: f64 = 500.0 / 6.0;
    let signatory = 100.0 * q - q * q / 2.0 - (2.0 * (100.0 - q)).powi(2) / 2.0;
    assert!((two.total - q).abs() < 1e-9 && (two.payoffs[0] - signatory).abs() < 1e-9);
    assert!(two.payoffs[0] < none.payoffs[0]);
    assert_eq!(stable_sizes(&game).unwrap(), Vec::<usize>::new());
    // With dear abatement (c = 10), two signatories gain and the third stays out.
    let dear =
        AbatementGame::symmetric(3, 1.0, 10.0, Benefits::Quadratic { a: 100.0 }, Timing::Nash).unwrap();
    assert_eq!(stable_sizes(&dear).unwrap(), vec![2]);
}

/// Barrett (1994): with signatories as Stackelberg leaders, a stable agreement can be large,
/// but then the agreement closes little of the gap between no agreement and full cooperation.
#[test]
fn stackelberg_leadership_allows_large_agreements_only_where_they_add_little() {
    let n = 100;
    let gains_closed = |game: &AbatementGame, k: usize| {
        let welfare = |k: usize| -> f64 {
            game.outcome(&(0..n).map(|i| i < k).collect::<Vec<_>>()).payoffs.iter().sum()
        };
        (welfare(k) - welfare(0)) / (welfare(n) - welfare(0))
    };
    let mut sizes = Vec::new();
    for gamma in [0.001, 0.01, 0.1, 1.0, 10.0, 100.0] {
        let game =
            AbatementGame::symmetric(n, 1.0, gamma, Benefits::Quadratic { a: 100.0 }, Timing::Stackelberg)
                .unwrap();
        let stable = stable_sizes(&game).unwrap();
        assert!(!stable.is_empty(), "gamma {gamma}");
        let k = *stable.iter().max().unwrap();
        sizes.push((gamma, k, gains_closed(&game, k)));
    }
    let largest = sizes.iter().max_by_key(|s| s.1).unwrap();
    let smallest = sizes.iter().min_by_key(|s| s.1).unwrap();
    assert!(largest.1 >= 10 && smallest.1 <= 4, "{sizes:?}");
    // Where many sign, full cooperation would add little to no agreement anyway: the largest
    // agreement comes with the smallest gain per country from cooperating.
    let gap = |gamma: f64| {
        let game =
            AbatementGame::symmetric(n, 1.0, gamma, Benefits::Quadratic { a: 100.0 }, Timing::Stackelberg)
                .unwrap();
        let welfare = |k: usize| -> f64 {
            game.outcome(&(0..n).map(|i| i < k).collect::<Vec<_>>()).payoffs.iter().sum()
        };
        (welfare(n) - welfare(0)) / welfare(n)
    };
    assert!(gap(largest.0) < gap(smallest.0), "{sizes:?}");
}

/// Countries with their slopes, a benefit form, a timing and a coalition.
#[allow(clippy::type_complexity)]
fn game_strategy() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Option<f64>, Timing, Vec<bool>)> {
    (2usize..=7).prop_flat_map(|n| {
        (
            prop::collection::vec(0.1f64..3.0, n),
            prop::collection::vec(0.1f64..3.0, n),
            prop::option::of(5.0f64..50.0),
            prop::bool::ANY.prop_map(|leads| if leads { Timing::Stackelberg } else { Timing::Nash }),
            prop::collection::vec(prop::bool::ANY, n),
        )
    })
}

fn build(b: &[f64], c: &[f64], a: Option<f64>, timing: Timing) -> AbatementGame {
    let benefits = match a {
        Some(a) => Benefits::Quadratic { a },
        None => Benefits::Linear,
    };
    AbatementGame::new(b.to_vec(), c.to_vec(), benefits, timing).unwrap()
}

/// Country `i`'s payoff at abatements `q`, from the model's definition.
fn payoff(i: usize, q: &[f64], b: &[f64], c: &[f64], a: Option<f64>) -> f64 {
    let total: f64 = q.iter().sum();
    let benefit = match a {
        Some(a) => b[i] * (a * total - total * total / 2.0),
        None => b[i] * total,
    };
    benefit - c[i] * q[i] * q[i] / 2.0
}

proptest! {
    /// Each outsider best responds (its payoff falls if it abates a little more or less), and
    /// the signatories cannot raise their joint payoff by moving one member's abatement: with
    /// the outsiders' abatement fixed under Nash play, or with the outsiders responding
    /// (recomputed from their own best responses) under Stackelberg leadership.
    #[test]
    fn the_outcome_is_an_equilibrium((b, c, a, timing, members) in game_strategy()) {
        let game = build(&b, &c, a, timing);
        let out = game.outcome(&members);
        let n = b.len();
        let agreement = members.iter().filter(|&&m| m).count() >= 2;
        prop_assert!((out.abatement.iter().sum::<f64>() - out.total).abs() < 1e-9 * (1.0 + out.total));
        prop_assert!(out.abatement.iter().all(|&q| q >= 0.0));
        for i in 0..n {
            prop_assert!((payoff(i, &out.abatement, &b, &c, a) - out.payoffs[i]).abs() < 1e-9 * (1.0 + out.payoffs[i].abs()));
        }
        let h = 1e-4;
        let moved = |i: usize, d: f64| { let mut q = out.abatement.clone(); q[i] += d; q };
        // Outsiders' best responses to the others' abatement: solve for their total.
        let respond = |q: &mut Vec<f64>| {
            if let Some(a) = a {
                let inside: f64 = (0..n).filter(|&j| members[j]).map(|j| q[j]).sum();
                let r: f64 = (0..n).filter(|&j| !members[j]).map(|j| b[j] / c[j]).sum();
                let total = (inside + a * r) / (1.0 + r);
                (0..n).filter(|&j| !members[j]).for_each(|j| q[j] = b[j] / c[j] * (a - total));
            }
        };
        for i in 0..n {
            if !members[i] || !agreement {
                let here = payoff(i, &out.abatement, &b, &c, a);
                for d in [h, -h] {
                    prop_assert!(payoff(i, &moved(i, d), &b, &c, a) <= here + 1e-9 * (1.0 + here.abs()));
                }
            } else {
                let joint = |q: &[f64]| -> f64 { (0..n).filter(|&j| members[j]).map(|j| payoff(j, q, &b, &c, a)).sum() };
                let here = joint(&out.abatement);
                for d in [h, -h] {
                    let mut q = moved(i, d);
                    if timing == Timing::Stackelberg {
                        respond(&mut q);
                    }
                    prop_assert!(joint(&q) <= here + 1e-9 * (1.0 + here.abs()));
                }
            }
        }
    }

    /// Enumeration over heterogeneous countries agrees with the symmetric sizes when the
    /// countries happen to be identical: exactly the coalitions of the stable sizes.
    #[test]
    fn enumeration_agrees_with_symmetric_sizes(n in 2usize..=8, c in 0.1f64..20.0, quadratic in prop::bool::ANY, leads in prop::bool::ANY) {
        let benefits = if quadratic { Benefits::Quadratic { a: 50.0 } } else { Benefits::Linear };
        let timing = if leads { Timing::Stackelberg } else { Timing::Nash };
        let game = AbatementGame::symmetric(n, 1.0, c, benefits, timing).unwrap();
        let sizes = stable_sizes(&game).unwrap();
        let coalitions = stable_coalitions(&game).unwrap();
        let binomial = |n: usize, k: usize| (0..k).fold(1usize, |acc, i| acc * (n - i) / (i + 1));
        prop_assert_eq!(coalitions.len(), sizes.iter().map(|&k| binomial(n, k)).sum::<usize>());
        prop_assert!(coalitions.iter().all(|s| sizes.contains(&s.len())));
    }
}

#[test]
fn bad_parameters_are_refused() {
    assert!(AbatementGame::new(vec![1.0], vec![1.0, 2.0], Benefits::Linear, Timing::Nash).is_err());
    assert!(AbatementGame::new(vec![1.0, -1.0], vec![1.0, 2.0], Benefits::Linear, Timing::Nash).is_err());
    assert!(AbatementGame::symmetric(3, 1.0, 1.0, Benefits::Quadratic { a: 0.0 }, Timing::Nash).is_err());
    let big = AbatementGame::symmetric(21, 1.0, 1.0, Benefits::Linear, Timing::Nash).unwrap();
    assert!(stable_coalitions(&big).is_err());
    let mixed = AbatementGame::new(vec![1.0, 2.0], vec![1.0, 1.0], Benefits::Linear, Timing::Nash).unwrap();
    assert!(stable_sizes(&mixed).is_err());
}
