//! Cancellation of the remaining long computations (issue 19): the least core and core checks,
//! cost shares, a simple game's structure, Nash equilibria, one study variant and the exact
//! chain of a reciprocity institution. A token cancelled before the call stops each entry at
//! once; one cancelled from another thread stops a call that would run for seconds within
//! [`STOP_WITHIN`]; an uncancelled token gives the plain call's answer.

use comity::cancel::{CancelToken, Interrupted};
use comity::game::WeightedGame;

/// How long a cancelled computation may run on after the cancel: far above any checkpoint's
/// spacing (milliseconds) even on a loaded machine, far below the work the tests give (seconds),
/// so that a missing checkpoint fails.
const STOP_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs `work` with a token that another thread cancels 20 ms after the start, and checks that
/// the work returned within [`STOP_WITHIN`] of the cancel.
fn cancelled_midway<T>(work: impl FnOnce(&CancelToken) -> T) -> T {
    let cancel = CancelToken::new();
    let remote = cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        remote.cancel();
        std::time::Instant::now()
    });
    let result = work(&cancel);
    let returned = std::time::Instant::now();
    let cancelled_at = canceller.join().unwrap();
    let late = returned.saturating_duration_since(cancelled_at);
    assert!(late < STOP_WITHIN, "the work ran on {late:?} after the cancel");
    result
}

fn cancelled() -> CancelToken {
    let token = CancelToken::new();
    token.cancel();
    token
}

/// An `n`-player TU game with seeded integer values up to 1,000 times the coalition's size.
fn random_tu_game(n: usize, seed: u64) -> comity::coop::TuGame {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let values: Vec<f64> = (0..1usize << n)
        .map(|s| if s == 0 { 0.0 } else { (rng.random_range(0..1000) * s.count_ones() as i64) as f64 })
        .collect();
    comity::coop::TuGame::from_values(n, values).unwrap()
}

#[test]
fn the_least_core_and_core_checks_stop_on_a_cancelled_token() {
    use comity::coop::{
        CoopError, core_is_empty, core_is_empty_cancellable, is_balanced_cancellable, is_convex,
        is_convex_cancellable, is_superadditive, is_superadditive_cancellable, least_core,
        least_core_cancellable,
    };
    let small = random_tu_game(6, 3);
    let stopped = CoopError::Interrupted(Interrupted);
    assert_eq!(least_core_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(core_is_empty_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(is_balanced_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(is_convex_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    assert_eq!(is_superadditive_cancellable(&small, &cancelled()).unwrap_err(), stopped);
    // An uncancelled token gives the plain answers.
    let fresh = CancelToken::new();
    assert_eq!(least_core_cancellable(&small, &fresh), least_core(&small));
    assert_eq!(core_is_empty_cancellable(&small, &fresh), core_is_empty(&small));
    assert_eq!(is_convex_cancellable(&small, &fresh), Ok(is_convex(&small)));
    assert_eq!(is_superadditive_cancellable(&small, &fresh), Ok(is_superadditive(&small)));
}

#[test]
fn the_least_core_of_eighteen_players_cancelled_from_another_thread_stops() {
    // 2^18 constraints: the model alone takes over a second to build, far longer than the 20 ms
    // before the cancel. (microlp's solve, 10 s of the 12 s uncancelled, has no checkpoint: a
    // cancel during it is seen when it ends.)
    use comity::coop::{CoopError, MAX_LP_PLAYERS, least_core_cancellable};
    let game = random_tu_game(MAX_LP_PLAYERS, 18);
    let result = cancelled_midway(|cancel| least_core_cancellable(&game, cancel));
    assert_eq!(result, Err(CoopError::Interrupted(Interrupted)));
}

#[test]
fn superadditivity_over_three_to_the_eighteen_pairs_cancelled_from_another_thread_stops() {
    // The check visits every pair of disjoint coalitions, 3^18 = 3.9e8 of them when the game is
    // superadditive (this one, with v(S) = |S|^2, is): a second of work.
    use comity::coop::{CoopError, TuGame, is_superadditive_cancellable};
    let game = TuGame::from_fn(18, |m| f64::from(m.count_ones()).powi(2)).unwrap();
    let result = cancelled_midway(|cancel| is_superadditive_cancellable(&game, cancel));
    assert_eq!(result, Err(CoopError::Interrupted(Interrupted)));
}

#[test]
fn nucleolus_cost_shares_stop_on_a_cancelled_token() {
    use comity::coop::{
        CoopError, CostAllocationError, TuGame, nucleolus_cost_shares, nucleolus_cost_shares_cancellable,
    };
    let airport = TuGame::airport(&[3.0, 5.0, 9.0]).unwrap();
    let err = nucleolus_cost_shares_cancellable(&airport, &cancelled()).unwrap_err();
    assert_eq!(err, CostAllocationError::Coop(CoopError::Interrupted(Interrupted)));
    assert_eq!(
        nucleolus_cost_shares_cancellable(&airport, &CancelToken::new()),
        nucleolus_cost_shares(&airport)
    );
    // Twenty members: the savings game's nucleolus takes many stages over a million coalitions.
    let costs = random_tu_game(20, 23);
    let result = cancelled_midway(|cancel| nucleolus_cost_shares_cancellable(&costs, cancel));
    assert_eq!(result.unwrap_err(), CostAllocationError::Coop(CoopError::Interrupted(Interrupted)));
}

#[test]
fn every_structure_question_stops_on_a_cancelled_token() {
    use comity::power::{
        PowerError, Structure, weighted_representation, weighted_representation_cancellable,
    };
    let game = WeightedGame::new(vec![4, 3, 2, 1, 1], 6).unwrap();
    assert!(matches!(Structure::new_cancellable(&game, &cancelled()), Err(PowerError::Interrupted(_))));
    let s = Structure::new(&game).unwrap();
    let c = cancelled();
    assert_eq!(s.minimal_winning_cancellable(&c), Err(Interrupted));
    assert_eq!(s.maximal_losing_cancellable(&c), Err(Interrupted));
    assert_eq!(s.minimal_blocking_cancellable(&c), Err(Interrupted));
    assert_eq!(s.null_players_cancellable(&c), Err(Interrupted));
    assert_eq!(s.desirability_cancellable(&c), Err(Interrupted));
    assert_eq!(s.deegan_packel_cancellable(&c), Err(Interrupted));
    assert_eq!(s.holler_cancellable(&c), Err(Interrupted));
    assert_eq!(s.johnston_cancellable(&c), Err(Interrupted));
    assert_eq!(weighted_representation_cancellable(&s, &c), Err(PowerError::Interrupted(Interrupted)));
    // An uncancelled token gives the plain answers.
    let fresh = CancelToken::new();
    assert_eq!(s.minimal_winning_cancellable(&fresh), Ok(s.minimal_winning()));
    assert_eq!(s.maximal_losing_cancellable(&fresh), Ok(s.maximal_losing()));
    assert_eq!(s.minimal_blocking_cancellable(&fresh), Ok(s.minimal_blocking()));
    assert_eq!(s.null_players_cancellable(&fresh), Ok(s.null_players()));
    assert_eq!(s.desirability_cancellable(&fresh), Ok(s.desirability()));
    assert_eq!(s.deegan_packel_cancellable(&fresh), Ok(s.deegan_packel()));
    assert_eq!(s.holler_cancellable(&fresh), Ok(s.holler()));
    assert_eq!(s.johnston_cancellable(&fresh), Ok(s.johnston()));
    assert_eq!(weighted_representation_cancellable(&s, &fresh), weighted_representation(&s));
}

/// A weighted body of `n` members with weights 1 to 9 and a two-thirds quota.
fn large_body(n: usize) -> WeightedGame {
    let weights: Vec<u64> = (0..n as u64).map(|k| k * 5 % 9 + 1).collect();
    let total: u64 = weights.iter().sum();
    WeightedGame::new(weights, (2 * total).div_ceil(3)).unwrap()
}

#[test]
fn the_structure_of_a_large_weighted_body_cancelled_from_another_thread_stops() {
    use comity::power::{PowerError, STRUCTURE_MAX_PLAYERS, Structure};
    // 2^25 coalitions to mark winning or losing: half a second uncancelled (loaded machine),
    // far longer than the 20 ms before the cancel.
    let game = large_body(STRUCTURE_MAX_PLAYERS);
    let result = cancelled_midway(|cancel| Structure::new_cancellable(&game, cancel));
    assert!(matches!(result, Err(PowerError::Interrupted(_))), "{result:?}");
    // Desirability at its limit of 20 members: 380 scans of 2^20 coalitions, 0.2 s uncancelled.
    let s = Structure::new(&large_body(20)).unwrap();
    let result = cancelled_midway(|cancel| s.desirability_cancellable(cancel));
    assert_eq!(result, Err(Interrupted));
}

/// A bimatrix game with payoffs `(LCG draw mod 1000) / 100`, the generator of
/// `benches/equilibrium.rs`.
fn random_bimatrix(m: usize, n: usize, seed: u64) -> comity::equilibrium::NormalFormGame {
    let mut s = seed;
    let mut draw = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % 1000) as f64 / 100.0
    };
    let a: Vec<f64> = (0..m * n).map(|_| draw()).collect();
    let b: Vec<f64> = (0..m * n).map(|_| draw()).collect();
    comity::equilibrium::NormalFormGame::new(vec![m, n], vec![a, b]).unwrap()
}

#[test]
fn every_equilibrium_method_stops_on_a_cancelled_token() {
    use comity::equilibrium::{
        EquilibriumError, NormalFormGame, all_equilibria, all_equilibria_cancellable, pure_equilibria,
        pure_equilibria_cancellable, support_enumeration, support_enumeration_cancellable,
        vertex_enumeration, vertex_enumeration_cancellable,
    };
    let g = random_bimatrix(4, 4, 7);
    let stopped =
        |r: Result<_, EquilibriumError>| matches!(r, Err(EquilibriumError::Interrupted(Interrupted)));
    assert!(stopped(all_equilibria_cancellable(&g, &cancelled()).map(|_| ())));
    assert!(stopped(support_enumeration_cancellable(&g, &cancelled()).map(|_| ())));
    assert!(stopped(vertex_enumeration_cancellable(&g, &cancelled()).map(|_| ())));
    assert!(stopped(pure_equilibria_cancellable(&g, &cancelled()).map(|_| ())));
    let fresh = CancelToken::new();
    assert_eq!(all_equilibria_cancellable(&g, &fresh), all_equilibria(&g));
    assert_eq!(support_enumeration_cancellable(&g, &fresh), support_enumeration(&g));
    assert_eq!(vertex_enumeration_cancellable(&g, &fresh), vertex_enumeration(&g));
    assert_eq!(pure_equilibria_cancellable(&g, &fresh), Ok(pure_equilibria(&g)));
    // Three players, three actions each: the pure equilibria agree too.
    let payoffs = (0..3).map(|p| (0..27).map(|i| ((i * (p + 2)) % 7) as f64).collect()).collect();
    let three = NormalFormGame::new(vec![3, 3, 3], payoffs).unwrap();
    assert_eq!(pure_equilibria_cancellable(&three, &fresh), Ok(pure_equilibria(&three)));
}

#[test]
fn all_equilibria_of_a_large_bimatrix_game_cancelled_from_another_thread_stop() {
    use comity::equilibrium::{
        EquilibriumError, all_equilibria_cancellable, support_enumeration_cancellable,
    };
    // 16x16: 4 s uncancelled (loaded machine), mostly the walk over each polytope's bases.
    let g = random_bimatrix(16, 16, 7);
    let result = cancelled_midway(|cancel| all_equilibria_cancellable(&g, cancel));
    assert!(matches!(result, Err(EquilibriumError::Interrupted(_))), "{result:?}");
    // Plain support enumeration of 12x13: C(25, 12) = 5.2e6 support pairs, 4 to 5 s of solves.
    let g = random_bimatrix(12, 13, 3);
    let result = cancelled_midway(|cancel| support_enumeration_cancellable(&g, cancel));
    assert!(matches!(result, Err(EquilibriumError::Interrupted(_))), "{result:?}");
}

#[test]
fn pure_equilibria_of_eight_players_cancelled_from_another_thread_stop() {
    use comity::equilibrium::{EquilibriumError, NormalFormGame, pure_equilibria_cancellable};
    // Eight players with six actions: 1.7 million profiles, each checked against 40
    // deviations.
    let actions = vec![6; 8];
    let profiles = 6usize.pow(8);
    let payoffs = (0..8).map(|p| (0..profiles).map(|i| ((i * (p + 3)) % 11) as f64).collect()).collect();
    let game = NormalFormGame::new(actions, payoffs).unwrap();
    let result = cancelled_midway(|cancel| pure_equilibria_cancellable(&game, cancel));
    assert!(matches!(result, Err(EquilibriumError::Interrupted(_))), "{result:?}");
}

fn veto_study() -> comity::study::Study {
    let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n";
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/institutions");
    comity::study::Study::from_toml(text, "veto.toml", &dir).unwrap()
}

#[test]
fn one_study_variant_stops_on_a_cancelled_token_and_is_unchanged_otherwise() {
    let study = veto_study();
    let err = study.evaluate_cancellable(0, &cancelled()).unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
    let plain = study.evaluate(0).unwrap();
    assert_eq!(study.evaluate_cancellable(0, &CancelToken::new()).unwrap(), plain);
}

fn exact_body(members: usize) -> comity::repeated::institution::RepeatedInstitution {
    use comity::repeated::institution::{
        DecisionRule::Majority, MemberType::*, PublicGood, RepeatedInstitution,
    };
    let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
    let types = vec![Substantive, Diffuse { memory: 1, threshold: 0.5 }];
    RepeatedInstitution::new(types, vec![members / 2, members - members / 2], good, Majority, 0.05, 2, 0.3)
        .unwrap()
}

#[test]
fn the_exact_chain_of_an_institution_stops_on_a_cancelled_token() {
    use comity::repeated::RepeatedError;
    use comity::repeated::institution::{
        INSTITUTION_MAX_MEMBERS, exact_institution, exact_institution_cancellable,
    };
    let small = exact_body(40);
    let err = exact_institution_cancellable(&small, &cancelled()).unwrap_err();
    assert_eq!(err, RepeatedError::Interrupted(Interrupted));
    assert_eq!(exact_institution_cancellable(&small, &CancelToken::new()), exact_institution(&small));
    // A hundred thousand members: two transition rows of 5e9 multiply-adds each, 45 s
    // uncancelled on a loaded machine.
    let large = exact_body(INSTITUTION_MAX_MEMBERS);
    let result = cancelled_midway(|cancel| exact_institution_cancellable(&large, cancel));
    assert_eq!(result.unwrap_err(), RepeatedError::Interrupted(Interrupted));
}
