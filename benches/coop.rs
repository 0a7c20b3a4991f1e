//! Cooperative games: Shapley value at n = 20; the nucleolus at n = 10, 12 and 15 on
//! pseudo-random games with empty cores (the prenucleolus), and at n = 12, 15, 18 and 20 on
//! pseudo-random games with a non-empty core (the nucleolus); the least core at n = 14, 16 and
//! 18 on the empty-core games and at n = 22 on one with a non-empty core. The generators are those of
//! `benches/peers/coop_peers.py`, so that the Python tools can be timed on identical games.
//! Run: `cargo bench --bench coop`.

use comity::coop::{NucleolusKind, TuGame, least_core, nucleolus, shapley_value};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// The generator's draws: a 64-bit linear congruential generator (Knuth's MMIX constants),
/// high bits.
fn draws(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed;
    move || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        s >> 33
    }
}

/// `v(S) = (draw mod 100) + 20 |S|` in bitmask order from `seed`.
fn game(n: usize, seed: u64) -> TuGame {
    let mut draw = draws(seed);
    TuGame::from_fn(n, |m| if m == 0 { 0.0 } else { (draw() % 100) as f64 + 20.0 * m.count_ones() as f64 })
        .unwrap()
}

/// The seeded game with a non-empty core shared with the peer script (`comity::testing`).
fn core_game(n: usize, seed: u64) -> TuGame {
    comity::testing::tu_game_with_core(n, seed).unwrap()
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
    let mut group = c.benchmark_group("nucleolus_core");
    group.sample_size(10);
    for n in [12usize, 15, 18, 20] {
        let g = core_game(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &g, |b, g| {
            b.iter(|| nucleolus(black_box(g), NucleolusKind::Nucleolus).unwrap())
        });
    }
    group.finish();
    let mut group = c.benchmark_group("least_core");
    group.sample_size(10);
    for n in [14usize, 16, 18] {
        let g = game(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &g, |b, g| {
            b.iter(|| least_core(black_box(g)).unwrap())
        });
    }
    let g = core_game(22, 1);
    group.bench_with_input(BenchmarkId::new("core", 22), &g, |b, g| {
        b.iter(|| least_core(black_box(g)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, coop);
criterion_main!(benches);
