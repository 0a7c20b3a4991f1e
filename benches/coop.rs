//! Cooperative games: Shapley value at n = 20 and the nucleolus at n = 10, 12 and 15 on
//! pseudo-random games (the same generator as `benches/peers/coop_peers.py`, so that the
//! Python tools can be timed on identical games). Run: `cargo bench --bench coop`.

use comity::coop::{NucleolusKind, TuGame, nucleolus, shapley_value};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// `v(S) = (LCG draw mod 100) + 20 |S|`, drawn in bitmask order from `seed`.
fn game(n: usize, seed: u64) -> TuGame {
    let mut s = seed;
    TuGame::from_fn(n, |m| {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % 100) as f64 + 20.0 * (m as u32).count_ones() as f64
    })
    .unwrap()
}

fn coop(c: &mut Criterion) {
    let g20 = game(20, 2);
    c.bench_function("shapley/20", |b| b.iter(|| shapley_value(black_box(&g20))));
    let mut group = c.benchmark_group("nucleolus");
    for n in [10usize, 12, 15] {
        let g = game(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &g, |b, g| {
            b.iter(|| nucleolus(black_box(g), NucleolusKind::Nucleolus).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, coop);
criterion_main!(benches);
