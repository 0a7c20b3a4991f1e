//! Repeated games: the exact long-run payoff of a match between two memory-one strategies
//! (ergodic with noise, and the non-ergodic limit without), discounted payoffs, a
//! 20-strategy tournament, the Moran process, the n-player institution at UN size (anonymous and
//! real members) and the automaton tournament.
//! Run: `cargo bench --bench repeated`.

use comity::repeated::institution::{
    InstitutionSpec, MembersSpec, SimulationOptions, exact_institution, simulate_institution,
    simulate_members,
};
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
    real_members(c);
    let exact = InstitutionSpec::load("models/reciprocity/threshold_exact.toml").unwrap().build().unwrap();
    c.bench_function("institution/exact_n193", |b| b.iter(|| exact_institution(black_box(&exact)).unwrap()));
}

/// The 193 UN members as real members (`models/reciprocity/real_sanctions.toml` with every
/// member kept: capacity by population, as the IMF table lacks four of them), so capacities
/// differ by five orders of magnitude, members under 10^6 people shocked into arrears, and the
/// graduated sanctions on: every branch of the round loop runs.
const REAL_193: &str = r#"
[institution]
name = "UN members, arrears under graduated sanctions, capacity by population"
body = "../institutions/unga.toml"
capacity = "population"
population = "population"
groups = ["small_states", "sids", "african", "apg", "eeg", "grulac", "weog"]
noise = 0.02
[benefit]
tags = { SIDS = 2.0 }
[good]
technology = "summation"
cost = 100.0
multiplier = 2.0
[sanctions]
warning = 1
suspension = 2
exclusion = 5
suspension_loss = 0.5
[simulation]
rounds = 10000
seeds = 100
seed = 2026
[[behaviours]]
kind = "diffuse"
tolerance = 0.1
memory = 10
[[behaviours]]
kind = "arrears"
fall = 0.05
recover = 0.25
predicate = "population < 1000000"
"#;

/// The goal of issue 18 for real members: 193 members with heterogeneous capacities, 10^4
/// rounds and 100 seeds, under 5 s; and the bundled model of the 189 members with an IMF quota
/// at the same length.
fn real_members(c: &mut Criterion) {
    let dir = std::path::Path::new("models/reciprocity");
    let spec = MembersSpec::from_toml(REAL_193, "real_193.toml", dir).unwrap();
    assert_eq!(spec.body.members().len(), 193);
    let goal = SimulationOptions::new(10_000, 100, 2026, 0.95);
    let quota = MembersSpec::load("models/reciprocity/real_sanctions.toml").unwrap();
    let mut group = c.benchmark_group("institution");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("real_members_n193_10k_rounds_100_seeds", |b| {
        b.iter(|| simulate_members(black_box(&spec.body), &goal).unwrap())
    });
    group.bench_function("real_members_imf_n189_10k_rounds_100_seeds", |b| {
        b.iter(|| simulate_members(black_box(&quota.body), &goal).unwrap())
    });
    group.finish();
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
