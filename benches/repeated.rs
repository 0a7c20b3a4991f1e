//! Repeated games: the exact long-run payoff of a match between two memory-one strategies
//! (ergodic with noise, and the non-ergodic limit without), discounted payoffs, a
//! 20-strategy tournament, the Moran process and the n-player institution at UN size.
//! Run: `cargo bench --bench repeated`.

use comity::repeated::institution::{InstitutionSpec, exact_institution, simulate_institution};
use comity::repeated::{
    Automaton, CLASSIC_STRATEGIES, MemoryOne, StagePayoffs, TournamentOptions, classic_strategy,
    discounted_payoffs, exact_tournament, long_run_payoffs, match_payoffs, moran_fixation, payoff_matrix,
    tournament,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// The 20 strategies of the tournament goal; `benches/peers/axelrod_peer.py` plays the same.
pub const TOURNAMENT: [&str; 20] = [
    "allc",
    "alld",
    "tft",
    "wsls",
    "grim",
    "gtft",
    "extort:2",
    "extort:3",
    "random:0.5",
    "random:0.2",
    "0.9/0.1/0.9/0.1",
    "1/0.3/1/0.3",
    "0.8/0.2/0.6/0.4",
    "1/0/0/0.5",
    "0.7/0.7/0.3/0.3",
    "0.95/0.05/0.5/0.5",
    "1/0.5/0/0",
    "0.6/0.4/0.8/0.2",
    "0.99/0.01/0.99/0.01/0",
    "0.5/0/1/0",
];

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

fn evolution(c: &mut Criterion) {
    let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    let players: Vec<MemoryOne> = TOURNAMENT.iter().map(|s| MemoryOne::parse(s, &pd).unwrap()).collect();
    let options = TournamentOptions::new(200, 10, 0.01, 1);
    c.bench_function("tournament/20_strategies_200_rounds_10_reps", |b| {
        b.iter(|| tournament(black_box(&players), &pd, &options).unwrap())
    });
    c.bench_function("payoff_matrix/20_strategies_exact", |b| {
        b.iter(|| payoff_matrix(black_box(&players), &pd, 0.01).unwrap())
    });
    let a = [[3.0, 0.5], [4.0, 1.0]];
    c.bench_function("moran/exact_N1000", |b| b.iter(|| moran_fixation(black_box(&a), 1000, 0.1).unwrap()));
}

fn institutions(c: &mut Criterion) {
    let spec = InstitutionSpec::load("models/reciprocity/inclusive_diffuse.toml").unwrap();
    let inst = spec.build().unwrap();
    let mut group = c.benchmark_group("institution");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    // The goal: n = 193, 10^4 rounds, 100 seeds.
    group.bench_function("simulate_n193_10k_rounds_100_seeds", |b| {
        b.iter(|| simulate_institution(black_box(&inst), &spec.simulation, None).unwrap())
    });
    group.finish();
    let exact = InstitutionSpec::load("models/reciprocity/threshold_exact.toml").unwrap().build().unwrap();
    c.bench_function("institution/exact_n193", |b| b.iter(|| exact_institution(black_box(&exact)).unwrap()));
}

/// The goal of issue 18: an exact expected-score tournament of 30 automaton strategies (the
/// first 30 classic ones, Gradual with its 152 states among them) in 200-turn matches with
/// noise, under 50 ms.
fn automata(c: &mut Criterion) {
    let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    let players: Vec<Automaton> =
        CLASSIC_STRATEGIES.iter().take(30).map(|s| classic_strategy(s.name, &pd).unwrap()).collect();
    c.bench_function("automata/exact_tournament_30_strategies_200_turns_noisy", |b| {
        b.iter(|| exact_tournament(black_box(&players), &pd, 0.01, 200).unwrap())
    });
    let gradual = classic_strategy("gradual", &pd).unwrap();
    let majority = classic_strategy("hard-majority", &pd).unwrap();
    c.bench_function("automata/match_gradual_hard_majority_200_turns_noisy", |b| {
        b.iter(|| match_payoffs(black_box(&gradual), black_box(&majority), &pd, 0.01, 200).unwrap())
    });
}

criterion_group!(benches, matches, evolution, institutions, automata);
criterion_main!(benches);
