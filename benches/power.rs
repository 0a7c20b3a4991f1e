//! Power indices of the real bodies (IMF at its three majorities, EU Council, UN General
//! Assembly two-thirds), a ladder of weighted games, and Monte Carlo on the IMF. Run: `cargo bench --bench power`.

use comity::game::{Game, WeightedGame};
use comity::model::Institution;
use comity::power::{MonteCarloOptions, PowerOptions, decision_diagram, monte_carlo, power_indices};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn rule(file: &str, name: &str) -> Game {
    let path = format!("{}/models/institutions/{file}", env!("CARGO_MANIFEST_DIR"));
    Institution::load(path).unwrap().compile(name).unwrap().game
}

const ALL: PowerOptions = PowerOptions::new().with_exact(false);
const BANZHAF_ONLY: PowerOptions = PowerOptions::new().with_shapley_shubik(false).with_exact(false);

fn imf(c: &mut Criterion) {
    let mut group = c.benchmark_group("imf");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for name in ["majority", "special_70", "special_85"] {
        let game = rule("imf.toml", name);
        group.bench_function(BenchmarkId::new("banzhaf", name), |b| {
            b.iter(|| power_indices(black_box(&game), &BANZHAF_ONLY).unwrap())
        });
    }
    group.sample_size(10).measurement_time(Duration::from_secs(45));
    for name in ["majority", "special_70", "special_85"] {
        let game = rule("imf.toml", name);
        group.bench_function(BenchmarkId::new("all_indices", name), |b| {
            b.iter(|| power_indices(black_box(&game), &ALL).unwrap())
        });
    }
    // Exact Shapley-Shubik fractions for all 190 members at 85%: the table by size and weight
    // on the dual game (issue 20's goal: under 10 s and 1 GiB).
    group.sample_size(10).measurement_time(Duration::from_secs(90));
    let game = rule("imf.toml", "special_85");
    let exact = PowerOptions::new().with_exact(true);
    group.bench_function(BenchmarkId::new("exact_shapley_shubik", "special_85"), |b| {
        b.iter(|| power_indices(black_box(&game), &exact).unwrap())
    });
    group.finish();
}

/// Monte Carlo on the IMF: 10^7 orderings (and as many coalitions for Banzhaf).
fn imf_monte_carlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("imf_monte_carlo");
    group.sample_size(10).measurement_time(Duration::from_secs(60));
    let game = rule("imf.toml", "majority");
    let options = MonteCarloOptions::new(10_000_000, 1, 0.95);
    group.bench_function("majority_1e7_samples", |b| {
        b.iter(|| monte_carlo(black_box(&game), &options, None).unwrap())
    });
    group.finish();
}

fn bodies(c: &mut Criterion) {
    let eu = rule("eu_council.toml", "qualified_majority");
    c.bench_function("eu_council/all_indices", |b| b.iter(|| power_indices(black_box(&eu), &ALL).unwrap()));
    c.bench_function("eu_council/decision_diagram_counts", |b| {
        b.iter(|| decision_diagram(black_box(&eu)).unwrap())
    });
    let unga = rule("unga.toml", "two_thirds");
    c.bench_function("unga_two_thirds/all_indices", |b| {
        b.iter(|| power_indices(black_box(&unga), &ALL).unwrap())
    });
    let caucuses = rule("unga.toml", "two_thirds_with_caucuses");
    c.bench_function("unga_two_thirds_with_caucuses/all_indices", |b| {
        b.iter(|| power_indices(black_box(&caucuses), &ALL).unwrap())
    });
    let unsc = rule("unsc.toml", "substantive");
    c.bench_function("unsc_substantive/all_indices", |b| {
        b.iter(|| power_indices(black_box(&unsc), &ALL).unwrap())
    });
}

fn ladder(c: &mut Criterion) {
    let mut group = c.benchmark_group("weighted_ladder");
    for n in [5u64, 10, 15, 20] {
        let weights: Vec<u64> = (1..=n).map(|i| 1 + (i * 37) % 23).collect();
        let quota = weights.iter().sum::<u64>() / 2 + 1;
        let game = Game::from(WeightedGame::new(weights, quota).unwrap());
        group.bench_with_input(BenchmarkId::from_parameter(n), &game, |b, g| {
            b.iter(|| power_indices(black_box(g), &ALL).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bodies, ladder, imf, imf_monte_carlo);
criterion_main!(benches);
