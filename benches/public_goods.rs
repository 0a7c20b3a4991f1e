//! Who pays and how contributions add up: the capacity scale (UN limits) and the
//! Bergstrom-Blume-Varian contributions over a ladder of body sizes up to the UN's 193, and
//! Shapley and nucleolus cost shares of a scale-economies cost game at 10, 12 and 14 members
//! (the Pacific Islands Forum body of the bundled burden study has 14).
//! Run: `cargo bench --bench public_goods`.

use comity::coop::{
    ScaleLimits, capacity_scale, nucleolus_cost_shares, scale_economies_cost, shapley_cost_shares,
};
use comity::repeated::public_goods::summation_nash;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// Capacities spread over five orders of magnitude, like IMF quotas: `10^(5 u)` for a
/// deterministic `u` in [0, 1).
fn capacities(n: usize) -> Vec<f64> {
    let mut s = 7u64;
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            10f64.powf(5.0 * (s >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

fn public_goods(c: &mut Criterion) {
    let mut group = c.benchmark_group("capacity_scale");
    for n in [20usize, 50, 100, 193] {
        let k = capacities(n);
        let ldc: Vec<bool> = (0..n).map(|i| i % 4 == 0).collect();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| capacity_scale(black_box(&k), &ldc, &ScaleLimits::UN).unwrap())
        });
    }
    group.finish();
    let mut group = c.benchmark_group("summation_nash");
    for n in [20usize, 50, 100, 193] {
        let w = capacities(n);
        let a = vec![0.3; n];
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| summation_nash(black_box(&w), &a).unwrap())
        });
    }
    group.finish();
    let mut group = c.benchmark_group("cost_shares");
    for n in [10usize, 12, 14] {
        let cost = scale_economies_cost(100.0, &capacities(n), 0.5).unwrap();
        group.bench_with_input(BenchmarkId::new("shapley", n), &n, |b, _| {
            b.iter(|| shapley_cost_shares(black_box(&cost)))
        });
        group.bench_with_input(BenchmarkId::new("nucleolus", n), &n, |b, _| {
            b.iter(|| nucleolus_cost_shares(black_box(&cost)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, public_goods);
criterion_main!(benches);
