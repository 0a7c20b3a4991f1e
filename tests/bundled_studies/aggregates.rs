//! Group totals against their members' values in every bundled power study.

use crate::support::{Bundled, bundled};
use comity::study::Outcome;

const TOLERANCE: f64 = 1e-12;

/// Every group total is the sum of its members' values, for every measure, in every bundled
/// power study.
#[test]
fn group_aggregates_equal_the_sum_of_member_values() {
    for Bundled { id: name, study, outcome, .. } in bundled() {
        let Outcome::Power(results) = outcome else { continue };
        for r in results {
            let built = study.build(r.index).unwrap();
            for (g, members) in r.groups.iter().zip(&built.groups) {
                let sum = |f: &dyn Fn(&comity::study::MemberResult) -> Option<f64>| -> Option<f64> {
                    members.iter().map(|&i| f(&r.member_results[i])).sum()
                };
                assert!(
                    (g.banzhaf - sum(&|m| Some(m.banzhaf)).unwrap()).abs() < TOLERANCE,
                    "{name} {}",
                    r.variant
                );
                for (total, parts) in [
                    (g.shapley_shubik, sum(&|m| m.shapley_shubik)),
                    (g.baron_ferejohn, sum(&|m| m.baron_ferejohn)),
                    (g.baron_ferejohn_chair, sum(&|m| m.baron_ferejohn_chair)),
                ] {
                    match (total, parts) {
                        (Some(t), Some(p)) => {
                            assert!((t - p).abs() < TOLERANCE, "{name} {} {}", r.variant, g.name)
                        }
                        (None, None) => {}
                        other => {
                            panic!("{name} {}: group and members disagree on presence: {other:?}", r.variant)
                        }
                    }
                }
                assert_eq!(g.size, members.len());
                assert!((g.member_share - members.len() as f64 / r.members as f64).abs() < TOLERANCE);
            }
            // Shares of the whole body sum to one.
            let total: f64 = r.member_results.iter().map(|m| m.banzhaf).sum();
            assert!((total - 1.0).abs() < 1e-9, "{name} {}: Banzhaf sums to {total}", r.variant);
        }
    }
}
