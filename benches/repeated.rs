//! Repeated games: the exact long-run payoff of a match between two memory-one strategies
//! (ergodic with noise, and the non-ergodic limit without), and discounted payoffs.
//! Run: `cargo bench --bench repeated`.

use comity::repeated::{discounted_payoffs, long_run_payoffs, MemoryOne, StagePayoffs};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn matches(c: &mut Criterion) {
    let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    let (wsls, gtft, tft) = (MemoryOne::wsls(), MemoryOne::gtft(&pd), MemoryOne::tft());
    c.bench_function("match/long_run_noisy", |b| {
        b.iter(|| long_run_payoffs(black_box(&wsls), black_box(&gtft), &pd, 0.01).unwrap())
    });
    c.bench_function("match/long_run_no_noise", |b| {
        b.iter(|| long_run_payoffs(black_box(&tft), black_box(&tft), &pd, 0.0).unwrap())
    });
    c.bench_function("match/discounted", |b| {
        b.iter(|| discounted_payoffs(black_box(&wsls), black_box(&gtft), &pd, 0.01, 0.95).unwrap())
    });
}

criterion_group!(benches, matches);
criterion_main!(benches);
