//! Blocs by choice: the pooling region of AOSIS in the 193-member General Assembly under
//! majority, two-thirds and consensus over every bloc size and internal quota (goal: under
//! 2 s), and the stable partitions of 10 candidates in a 27-member body (goal: under 10 s),
//! with interchangeable members (a count) and with unequal small weights; and stability by bloc
//! sizes among the 193 members of the General Assembly under two-thirds (every structure with
//! at most two blocs under gamma, and one structure, AOSIS's 39, under each model); and a
//! like-minded club led by one of 193 members in two dimensions, under consensus inside the club
//! (the largest stable club, exact) and under two-thirds (a stable club by join-and-leave
//! dynamics). Run: `cargo bench --bench blocs`.

use comity::bargaining::find_like_minded_club;
use comity::caucus::{
    InterchangeableBody, StabilityModel, pooling_region, stable_structures, stable_structures_by_types,
    structure_stability, weighted_top,
};
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

fn blocs_by_types(c: &mut Criterion) {
    // Two-thirds of 193, every member a candidate.
    let ga = InterchangeableBody::new(193, 129, 193).unwrap();
    let mut group = c.benchmark_group("stable_by_types_unga");
    group.sample_size(10);
    group.bench_function("gamma_max_blocs_2", |b| {
        b.iter(|| stable_structures_by_types(black_box(&ga), 2, StabilityModel::Gamma).unwrap())
    });
    for model in [StabilityModel::Gamma, StabilityModel::Delta, StabilityModel::ExclusiveMembership] {
        group.bench_function(BenchmarkId::new("structure_39", model.name()), |b| {
            b.iter(|| structure_stability(black_box(&ga), &[39], model).unwrap())
        });
    }
    group.finish();
}

fn like_minded_clubs_193(c: &mut Criterion) {
    // The leader ahead of 192 members on a ring (stretched in turn for the second case) around
    // the status quo at the origin, as in `tests/like_minded_club.rs`.
    let ring = |stretch: f64| {
        let mut ideals = vec![[2.0, 0.0]];
        for k in 0..192 {
            let a = std::f64::consts::TAU * k as f64 / 192.0;
            ideals.push([a.cos() * (1.0 + (k % 3) as f64 * stretch), a.sin()]);
        }
        ideals
    };
    let mut group = c.benchmark_group("like_minded_club_193");
    group.sample_size(10);
    for (name, ideals, share) in
        [("consensus_largest", ring(0.0), 1.0), ("two_thirds_dynamics", ring(0.2), 2.0 / 3.0)]
    {
        group.bench_function(name, |b| {
            b.iter(|| find_like_minded_club(black_box(&ideals), [0.0, 0.0], 0, share).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, blocs, blocs_by_types, like_minded_clubs_193);
criterion_main!(benches);
