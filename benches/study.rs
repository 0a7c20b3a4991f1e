//! Studies: the bundled Security Council reform study with all its measures (goal: under
//! 5 s), and a batch of 10,001 Security Council variants with Shapley-Shubik and Banzhaf
//! (goal: under 30 s).

use comity::study::Study;
use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use std::hint::black_box;

fn bundled_council_reform(c: &mut Criterion) {
    let study = Study::load("models/studies/unsc_reform.toml").unwrap();
    c.bench_function("study/unsc_reform (6 variants, all measures)", |b| {
        b.iter(|| black_box(study.evaluate_all().unwrap()))
    });
}

fn council_batch(c: &mut Criterion) {
    let study = Study::load("models/batches/unsc_sweep.toml").unwrap();
    let n = study.variants().len();
    assert_eq!(n, 10_001);
    let mut group = c.benchmark_group("study");
    group.sample_size(10);
    group.bench_function("batch/unsc_sweep (10,001 variants, SS + Banzhaf)", |b| {
        b.iter(|| {
            let results: Vec<_> = (0..n).into_par_iter().map(|k| study.evaluate(k).unwrap()).collect();
            black_box(results)
        })
    });
    group.finish();
}

criterion_group!(benches, bundled_council_reform, council_batch);
criterion_main!(benches);
