//! Who pays for a shared good: the capacity scale against an independent slow solver and the
//! limits it must respect; Shapley cost shares against brute force over orders; the
//! nucleolus in the core of a subadditive cost game; independence of units.

use comity::coop::{
    CostAllocationError, ScaleLimits, TuGame, capacity_scale, indivisible_cost, nucleolus_cost_shares,
    scale_economies_cost, shapley_cost_shares,
};
use proptest::prelude::*;

const TOL: f64 = 1e-9;

/// The slow twin of `capacity_scale`: the total `f(lambda)` evaluated afresh at every
/// breakpoint (O(n^2)), and `lambda` interpolated on the segment that crosses 1.
fn scale_by_breakpoints(capacity: &[f64], ldc: &[bool], l: &ScaleLimits) -> Vec<f64> {
    let top = |i: usize| if ldc[i] { l.ldc_ceiling } else { l.ceiling };
    let share = |lambda: f64, i: usize| (lambda * capacity[i]).clamp(l.floor, top(i));
    let total = |lambda: f64| (0..capacity.len()).map(|i| share(lambda, i)).sum::<f64>();
    let mut points: Vec<f64> = vec![0.0];
    for i in (0..capacity.len()).filter(|&i| capacity[i] > 0.0) {
        points.push(l.floor / capacity[i]);
        points.push(top(i) / capacity[i]);
    }
    points.sort_by(f64::total_cmp);
    let mut lambda = *points.last().unwrap();
    for w in points.windows(2) {
        let (a, b) = (total(w[0]), total(w[1]));
        if b >= 1.0 && b > a {
            lambda = w[0] + (1.0 - a) / (b - a) * (w[1] - w[0]);
            break;
        }
    }
    (0..capacity.len()).map(|i| share(lambda, i)).collect()
}

/// Shapley value by enumerating all n! orders (n <= 7).
fn shapley_by_orders(cost: &TuGame) -> Vec<f64> {
    fn orders(rest: &mut Vec<usize>, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if rest.is_empty() {
            out.push(prefix.clone());
        }
        for k in 0..rest.len() {
            let p = rest.remove(k);
            prefix.push(p);
            orders(rest, prefix, out);
            prefix.pop();
            rest.insert(k, p);
        }
    }
    let n = cost.n();
    let mut all = Vec::new();
    orders(&mut (0..n).collect(), &mut Vec::new(), &mut all);
    let mut x = vec![0.0; n];
    for order in &all {
        let mut m = 0usize;
        for &i in order {
            x[i] += cost.value(m | 1 << i) - cost.value(m);
            m |= 1 << i;
        }
    }
    x.iter().map(|s| s / all.len() as f64).collect()
}

fn limits() -> impl Strategy<Value = ScaleLimits> {
    (0.0..0.02f64, 0.2..1.0f64, 0.02..0.2f64).prop_map(|(f, c, l)| ScaleLimits::new(f, c, l).unwrap())
}

fn body() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
    (3usize..40).prop_flat_map(|n| {
        (
            proptest::collection::vec(0.0..1000.0f64, n),
            proptest::collection::vec(proptest::bool::weighted(0.2), n),
        )
    })
}

proptest! {
    /// Efficiency, the floor and every ceiling hold, members strictly inside their limits pay
    /// in one common proportion to capacity, and the slow twin agrees.
    #[test]
    fn capacity_scale_meets_its_limits_and_agrees_with_the_slow_twin((k, ldc) in body(), l in limits()) {
        match capacity_scale(&k, &ldc, &l) {
            Ok(x) => {
                prop_assert!((x.iter().sum::<f64>() - 1.0).abs() < TOL, "sum {}", x.iter().sum::<f64>());
                let mut ratio: Option<f64> = None;
                for i in 0..k.len() {
                    let top = if ldc[i] { l.ldc_ceiling } else { l.ceiling };
                    prop_assert!(x[i] >= l.floor - 1e-15 && x[i] <= top + 1e-15, "member {i}: {}", x[i]);
                    if x[i] > l.floor + TOL && x[i] < top - TOL {
                        let r = x[i] / k[i];
                        if let Some(r0) = ratio { prop_assert!((r / r0 - 1.0).abs() < 1e-7); }
                        ratio = Some(r);
                    }
                }
                let slow = scale_by_breakpoints(&k, &ldc, &l);
                for i in 0..k.len() {
                    prop_assert!((x[i] - slow[i]).abs() < TOL, "member {i}: {} vs {}", x[i], slow[i]);
                }
            }
            Err(CostAllocationError::Infeasible { lowest, highest, .. }) => {
                prop_assert!(lowest > 1.0 - TOL || highest < 1.0 + TOL);
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    /// The scale does not depend on the unit of capacity.
    #[test]
    fn capacity_scale_is_independent_of_the_unit((k, ldc) in body(), l in limits(), e in -12i32..12) {
        let scaled: Vec<f64> = k.iter().map(|c| c * 10f64.powi(e)).collect();
        if let (Ok(a), Ok(b)) = (capacity_scale(&k, &ldc, &l), capacity_scale(&scaled, &ldc, &l)) {
            for i in 0..k.len() {
                prop_assert!((a[i] - b[i]).abs() < TOL, "member {i}: {} vs {}", a[i], b[i]);
            }
        }
    }

    /// Shapley cost shares equal the average marginal cost over all orders, and are efficient.
    #[test]
    fn shapley_cost_shares_match_brute_force_over_orders(
        need in proptest::collection::vec(0.1..100.0f64, 2..7), exponent in 0.2..1.0f64, total in 1.0..1e6f64,
    ) {
        let c = scale_economies_cost(total, &need, exponent).unwrap();
        let fast = shapley_cost_shares(&c);
        let slow = shapley_by_orders(&c);
        prop_assert!((fast.iter().sum::<f64>() - total).abs() < TOL * total);
        for i in 0..need.len() {
            prop_assert!((fast[i] - slow[i]).abs() < TOL * total);
        }
    }

    /// Shares scale with the cost's unit and not at all with the unit of need.
    #[test]
    fn cost_shares_are_independent_of_the_units(
        need in proptest::collection::vec(1.0..100.0f64, 2..6), e in -6i32..6,
    ) {
        let base = scale_economies_cost(100.0, &need, 0.5).unwrap();
        let scaled_need: Vec<f64> = need.iter().map(|d| d * 10f64.powi(e)).collect();
        let in_other_unit = scale_economies_cost(100.0 * 10f64.powi(e), &scaled_need, 0.5).unwrap();
        let (a, b) = (shapley_cost_shares(&base), shapley_cost_shares(&in_other_unit));
        for i in 0..need.len() {
            prop_assert!((a[i] * 10f64.powi(e) - b[i]).abs() < 1e-9 * b[i].abs().max(1.0));
        }
    }
}

/// A concave cost of need is submodular, so the savings game is convex: the nucleolus cost
/// shares are efficient and in the core (no coalition pays more than its stand-alone cost).
#[test]
fn nucleolus_cost_shares_are_in_the_core_of_a_scale_economies_game() {
    let need = [1.0, 2.0, 5.0, 13.0, 40.0];
    let c = scale_economies_cost(1000.0, &need, 0.6).unwrap();
    let x = nucleolus_cost_shares(&c).unwrap();
    assert!((x.iter().sum::<f64>() - 1000.0).abs() < 1e-6);
    for m in 1..(1usize << need.len()) {
        let paid: f64 = (0..need.len()).filter(|i| m >> i & 1 == 1).map(|i| x[i]).sum();
        assert!(paid <= c.value(m) + 1e-6, "coalition {m:b} pays {paid} > {}", c.value(m));
    }
}

/// An indivisible good is shared equally by every method, whatever the capacities.
#[test]
fn an_indivisible_good_is_shared_equally() {
    let c = indivisible_cost(120.0, 4).unwrap();
    let s = shapley_cost_shares(&c);
    let nu = nucleolus_cost_shares(&c).unwrap();
    for i in 0..4 {
        assert!((s[i] - 30.0).abs() < TOL && (nu[i] - 30.0).abs() < 1e-9);
    }
}

/// Iterative capping must redistribute: after the largest member is capped, the next one
/// rises above the ceiling and must be capped in turn. Capacities 60, 30, 6, 4 with a 40%
/// ceiling: by hand, 60 and 30 are both capped at 0.4 and 6, 4 share 0.2 as 0.12, 0.08.
#[test]
fn capping_the_largest_can_push_the_next_over_the_ceiling() {
    let l = ScaleLimits::new(0.0, 0.4, 0.4).unwrap();
    let x = capacity_scale(&[60.0, 30.0, 6.0, 4.0], &[false; 4], &l).unwrap();
    for (got, want) in x.iter().zip([0.4, 0.4, 0.12, 0.08]) {
        assert!((got - want).abs() < 1e-12, "{x:?}");
    }
}

/// Raising the floor takes from everyone pro rata: capacities 97, 1, 1, 1 with a 5% floor
/// give 0.85 to the largest and 0.05 to each small one.
#[test]
fn the_floor_is_paid_for_by_the_members_above_it() {
    let l = ScaleLimits::new(0.05, 1.0, 1.0).unwrap();
    let x = capacity_scale(&[97.0, 1.0, 1.0, 1.0], &[false; 4], &l).unwrap();
    for (got, want) in x.iter().zip([0.85, 0.05, 0.05, 0.05]) {
        assert!((got - want).abs() < 1e-12, "{x:?}");
    }
}

#[test]
fn bad_input_is_refused_with_the_field_named() {
    let un = ScaleLimits::UN;
    assert!(matches!(capacity_scale(&[], &[], &un), Err(CostAllocationError::Empty)));
    assert!(matches!(
        capacity_scale(&[1.0, f64::NAN], &[false; 2], &un),
        Err(CostAllocationError::Capacity { index: 1, .. })
    ));
    assert!(matches!(capacity_scale(&[1.0], &[false; 2], &un), Err(CostAllocationError::Lengths { .. })));
    // Two members cannot keep both under a 22% ceiling.
    let e = capacity_scale(&[1.0, 1.0], &[false; 2], &un).unwrap_err();
    assert!(e.to_string().contains("cannot be met by 2 members"), "{e}");
    // Nobody with capacity: nothing to scale by.
    assert!(capacity_scale(&[0.0; 200], &[false; 200], &un).is_err());
    // A capacity too small beside the largest for its breakpoints (limit / capacity) to be
    // finite is refused, never turned into NaN shares; a zero capacity pays the floor.
    let open = ScaleLimits::new(0.0, 0.5, 0.5).unwrap();
    let e = capacity_scale(&[1.0, 1e-310, 0.0], &[false; 3], &open).unwrap_err();
    assert!(e.to_string().contains("capacity range"), "{e}");
    let x = capacity_scale(&[1.0, 1.0, 0.0], &[false; 3], &open).unwrap();
    assert_eq!(x, vec![0.5, 0.5, 0.0]);
    let e = ScaleLimits::new(0.1, 1.5, 0.5).unwrap_err();
    assert_eq!(e.to_string(), "ceiling is 1.5; expected a share in [0, 1]");
    assert!(scale_economies_cost(10.0, &[1.0, -1.0], 0.5).is_err());
    assert!(scale_economies_cost(10.0, &[1.0, 1.0], 0.0).is_err());
    assert!(scale_economies_cost(-10.0, &[1.0, 1.0], 0.5).is_err());
    assert!(indivisible_cost(10.0, 0).is_err());
}

// `comity burden` on the bundled study and on bad files.

fn comity(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
}

const STUDY: &str = "models/burden/burden_sharing.toml";

/// In every body the shares under each method sum to 1, each group's share is the sum of its
/// members', the scale keeps the UN limits, and every least developed country pays at most
/// 0.01% under the scale.
#[test]
fn the_bundled_burden_study_adds_up_and_keeps_the_un_limits() {
    let out = comity(&["burden", STUDY, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bodies: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0]["members"].as_array().unwrap().len(), 189);
    for body in &bodies {
        let members = body["members"].as_array().unwrap();
        for method in body["methods"].as_array().unwrap() {
            let m = method.as_str().unwrap();
            let total: f64 = members.iter().map(|x| x[m].as_f64().unwrap()).sum();
            assert!((total - 1.0).abs() < 1e-9, "{}: {m} sums to {total}", body["body"]);
        }
        for x in members {
            let s = x["scale"].as_f64().unwrap();
            let top = if x["ldc"] == true { 0.0001 } else { 0.22 };
            assert!((0.00001 - 1e-15..=top + 1e-15).contains(&s), "{x}");
        }
        let small: f64 = members
            .iter()
            .filter(|x| x["population"].as_f64().unwrap() < 1.5e6)
            .map(|x| x["scale"].as_f64().unwrap())
            .sum();
        let group = &body["groups"][0];
        assert_eq!(group["name"], "small");
        assert!((group["scale"].as_f64().unwrap() - small).abs() < 1e-12);
    }
    // The Pacific body: the 22% ceiling binds on Australia, New Zealand and Papua New Guinea.
    let pacific = &bodies[1]["members"];
    for k in 0..3 {
        assert!((pacific[k]["scale"].as_f64().unwrap() - 0.22).abs() < 1e-12, "{}", pacific[k]);
    }
    // Olson & Zeckhauser on real members: left to voluntary contributions to a summation
    // good, Australia (79% of the capacity) pays all and the 13 others free ride.
    assert_eq!(pacific[0]["id"], "AUS");
    assert_eq!(pacific[0]["nash"], 1.0);
    assert!(pacific[0]["proportional"].as_f64().unwrap() < 0.8);
    assert!(pacific.as_array().unwrap()[1..].iter().all(|m| m["nash"] == 0.0));
}

/// Writes a burden file (and a capacity CSV) into a fresh directory; returns the file's path.
fn burden_file(name: &str, capacity_csv: &str, body: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("burden").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("capacity.csv"), capacity_csv).unwrap();
    let text = format!(
        r#"[study]
id = "t"
title = "t"
question = "q"
source = "s"
date = "2026-11-30"

[data]
capacity = {{ file = "capacity.csv", key = "id", column = "k" }}

[ldc]
members = []
source = "none"

[[bodies]]
name = "b"
{body}
"#
    );
    let path = dir.join("burden.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn refused(path: &std::path::Path) -> String {
    let out = comity(&["burden", path.to_str().unwrap()]);
    assert!(!out.status.success(), "accepted {}", path.display());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn missing_negative_and_unknown_inputs_are_refused_in_one_line() {
    let limits = "cost = 10.0\nlimits = { floor = 0.0, ceiling = 1.0, ldc_ceiling = 1.0 }";
    let csv = "id,k\nA,3\nB,\nC,1\n";
    let e = refused(&burden_file("missing", csv, &format!("members = [\"A\", \"B\"]\n{limits}")));
    assert!(e.contains("member B has no capacity"), "{e}");
    let e = refused(&burden_file("negative", "id,k\nA,3\nB,-1\n", limits));
    assert!(e.contains("capacity of member 1 is -1"), "{e}");
    let e = refused(&burden_file("unknown", csv, &format!("{limits}\ncolour = \"red\"")));
    assert!(e.contains("unknown field `colour`"), "{e}");
    let e = refused(&burden_file(
        "floor",
        "id,k\nA,3\nC,1\n",
        "cost = 10.0\nlimits = { floor = 0.0, ceiling = 1.0, ldc_ceiling = 1.5 }",
    ));
    assert!(e.contains("ldc_ceiling is 1.5"), "{e}");
    let e = refused(&burden_file(
        "zero",
        "id,k\nA,3\nC,1\n",
        "cost = 0.0\nlimits = { floor = 0.0, ceiling = 1.0, ldc_ceiling = 1.0 }",
    ));
    assert!(e.contains("cost is 0"), "{e}");
    // Ids that match nothing are refused, never silently ignored.
    let e = refused(&burden_file("exclude", "id,k\nA,3\nC,1\n", &format!("exclude = [\"Z\"]\n{limits}")));
    assert!(e.contains("exclude: Z is not in capacity.csv"), "{e}");
    let e = refused(&burden_file("twice", "id,k\nA,3\nA,1\n", limits));
    assert!(e.contains("id A appears twice"), "{e}");
}
