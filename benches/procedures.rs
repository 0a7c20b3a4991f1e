//! Procedures of bargaining and seats over time: Baron-Ferejohn with a deadline, the open
//! rule, co-facilitators sharing the chair, status-quo bargaining on a line (the Security
//! Council and a ladder of grid sizes), and the probabilities of sitting on the Security
//! Council, the Human Rights Council and ECOSOC for all 193 UN members. Run:
//! `cargo bench --bench procedures`.

use comity::bargaining::{
    Recognition, StatusQuoOptions, baron_ferejohn, co_facilitators, deadline, open_rule,
    status_quo_bargaining,
};
use comity::game::Game;
use comity::model::Institution;
use comity::seats::{ChainOptions, SeatsModel, sitting_probabilities};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn rule(file: &str, name: &str) -> (Institution, Game) {
    let path = format!("{}/models/institutions/{file}", env!("CARGO_MANIFEST_DIR"));
    let body = Institution::load(path).unwrap();
    let game = body.compile(name).unwrap().game;
    (body, game)
}

/// A ladder of deadlines on the Security Council with an elected chair (Latvia, 0.2), and on
/// the General Assembly's two-thirds rule at 50 rounds.
fn deadlines(c: &mut Criterion) {
    let mut group = c.benchmark_group("deadline");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let (body, game) = rule("unsc.toml", "substantive");
    let chair = body.member_index("LVA").unwrap();
    let p = Recognition::Chair { chair, probability: 0.2 }.probabilities(15).unwrap();
    for rounds in [1usize, 10, 100, 1000] {
        group.bench_function(BenchmarkId::new("unsc", rounds), |b| {
            b.iter(|| deadline(black_box(&game), &p, 0.9, rounds).unwrap())
        });
    }
    let (body, game) = rule("unga.toml", "two_thirds");
    let p = Recognition::Equal.probabilities(body.members().len()).unwrap();
    group.bench_function(BenchmarkId::new("unga_two_thirds", 50), |b| {
        b.iter(|| deadline(black_box(&game), &p, 0.9, 50).unwrap())
    });
    group.finish();
}

/// The open rule's closed forms for symmetric majority bodies of 15 to 193 members.
fn open_rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("open_rule");
    for n in [15usize, 55, 193] {
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| open_rule(black_box(n), n / 2 + 1, 0.9).unwrap())
        });
    }
    group.finish();
}

/// Two co-facilitators (Latvia and Panama) sharing the chair's 0.2 on the Security Council:
/// the recognition probabilities and the stationary Baron-Ferejohn values under them.
fn co_facilitated(c: &mut Criterion) {
    let mut group = c.benchmark_group("co_facilitators");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let (body, game) = rule("unsc.toml", "substantive");
    let pair = [body.member_index("LVA").unwrap(), body.member_index("PAN").unwrap()];
    group.bench_function("unsc_baron_ferejohn", |b| {
        b.iter(|| {
            let p = co_facilitators(15, black_box(pair), 0.2, 0.5).unwrap();
            baron_ferejohn(&game, &p, 0.9).unwrap()
        })
    });
    group.finish();
}

/// Status-quo bargaining on the Security Council (illustrative ideal points, an elected chair)
/// over a ladder of grid sizes.
fn status_quo(c: &mut Criterion) {
    let mut group = c.benchmark_group("status_quo");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let (body, game) = rule("unsc.toml", "substantive");
    let ideals = [0.9, 0.3, 0.95, 0.3, 0.1, 0.4, 0.45, 0.7, 0.5, 0.6, 0.55, 0.5, 0.65, 0.35, 0.75];
    let chair = body.member_index("LVA").unwrap();
    let p = Recognition::Chair { chair, probability: 0.3 }.probabilities(15).unwrap();
    for grid in [51usize, 101, 201] {
        let options = StatusQuoOptions { grid, range: None, horizon: 20 };
        group.bench_function(BenchmarkId::new("unsc", grid), |b| {
            b.iter(|| status_quo_bargaining(black_box(&game), &ideals, &p, 0.9, 1.0, &options).unwrap())
        });
    }
    group.finish();
}

/// Seats over time for all 193 UN members: the chain alone on each bundled body, and the
/// Security Council's whole evaluation (the chain, the Council's power indices and the two
/// reform models' Councils). Goal (issue 16): the Security Council under 100 ms.
fn seats(c: &mut Criterion) {
    let mut group = c.benchmark_group("seats");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for body in ["unsc", "hrc", "ecosoc"] {
        let path = format!("{}/models/seats/{body}.toml", env!("CARGO_MANIFEST_DIR"));
        let model = SeatsModel::load(&path).unwrap();
        let n = model.members().members().len();
        group.bench_function(BenchmarkId::new("chain", body), |b| {
            b.iter(|| sitting_probabilities(black_box(model.rules()), n, &ChainOptions::default()).unwrap())
        });
    }
    let path = format!("{}/models/seats/unsc.toml", env!("CARGO_MANIFEST_DIR"));
    group.bench_function("unsc_load_and_evaluate", |b| {
        b.iter(|| SeatsModel::load(black_box(&path)).unwrap().evaluate(&ChainOptions::default()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, deadlines, open_rules, co_facilitated, status_quo, seats);
criterion_main!(benches);
