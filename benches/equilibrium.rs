//! Normal-form equilibria: all equilibria of random bimatrix games from 2x2 to 8x8, and
//! Lemke-Howson on 50x50 (the games of `benches/peers/nash_peers.py`, drawn from the same
//! generator). Run: `cargo bench --bench equilibrium`.

use comity::equilibrium::{NormalFormGame, all_equilibria, lemke_howson};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// A bimatrix game with payoffs `(LCG draw mod 1000) / 100` in row-major order, A then B.
pub fn random_game(m: usize, n: usize, seed: u64) -> NormalFormGame {
    let mut s = seed;
    let mut draw = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % 1000) as f64 / 100.0
    };
    let a: Vec<f64> = (0..m * n).map(|_| draw()).collect();
    let b: Vec<f64> = (0..m * n).map(|_| draw()).collect();
    NormalFormGame::new(vec![m, n], vec![a, b]).unwrap()
}

fn equilibria(c: &mut Criterion) {
    let mut group = c.benchmark_group("all_equilibria");
    for k in [2usize, 4, 6, 8] {
        let g = random_game(k, k, 7);
        group.bench_with_input(BenchmarkId::from_parameter(format!("{k}x{k}")), &g, |b, g| {
            b.iter(|| all_equilibria(black_box(g)).unwrap())
        });
    }
    group.finish();
    let g = random_game(50, 50, 11);
    c.bench_function("lemke_howson/50x50", |b| b.iter(|| lemke_howson(black_box(&g), 0).unwrap()));
}

criterion_group!(benches, equilibria);
criterion_main!(benches);
