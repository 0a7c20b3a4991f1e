//! Blocs by choice: the pooling region of AOSIS in the 193-member General Assembly under
//! majority, two-thirds and consensus over every bloc size and internal quota (goal: under
//! 2 s), and the stable partitions of 10 candidates in a 27-member body (goal: under 10 s),
//! with interchangeable members (a count) and with unequal small weights. Run:
//! `cargo bench --bench blocs`.

use comity::caucus::{StabilityModel, pooling_region, stable_structures, weighted_top};
use comity::game::WeightedGame;
use comity::model::Institution;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn blocs(c: &mut Criterion) {
    let ga = Institution::load("models/institutions/unga.toml").expect("bundled model");
    let aosis = ga.group("aosis").expect("bundled group").to_vec();
    let rules = [
        weighted_top(&ga.compile("simple_majority").unwrap().game).unwrap(),
        weighted_top(&ga.compile("two_thirds").unwrap().game).unwrap(),
        WeightedGame::new(vec![1; 193], 193).unwrap(),
    ];
    c.bench_function("pooling_region/unga_aosis_three_rules", |b| {
        b.iter(|| {
            for top in &rules {
                black_box(pooling_region(black_box(top), &aosis).unwrap());
            }
        })
    });

    let count = WeightedGame::new(vec![1; 27], 14).unwrap();
    // Weights 1 to 4 in turn (total 67), quota 35: ten candidates of mixed weights.
    let weights: Vec<u64> = (0..27).map(|i| 1 + i % 4).collect();
    let weighted = WeightedGame::new(weights, 35).unwrap();
    let candidates: Vec<usize> = (0..10).collect();
    let mut group = c.benchmark_group("stable_structures_10_of_27");
    group.sample_size(10);
    for (name, top) in [("count", &count), ("weighted", &weighted)] {
        for model in [StabilityModel::Gamma, StabilityModel::ExclusiveMembership] {
            group.bench_with_input(BenchmarkId::new(name, model.name()), top, |b, top| {
                b.iter(|| stable_structures(black_box(top), &candidates, model).unwrap())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, blocs);
criterion_main!(benches);
