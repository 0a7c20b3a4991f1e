//! Strategies as finite automata (issue 18, item 5): hand-computed matches, exact payoffs
//! against seeded simulation, the brute-force twin of the `T`-round propagation, memory-one
//! strategies as automata, Grudger under noise, the classic strategies' contract and bad
//! input.

use comity::estimate::Estimate;
use comity::repeated::*;
use proptest::prelude::*;

fn pd() -> StagePayoffs {
    StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap()
}

fn classic(name: &str) -> Automaton {
    classic_strategy(name, &pd()).unwrap()
}

fn close(a: (f64, f64), b: (f64, f64), tol: f64) -> bool {
    (a.0 - b.0).abs() <= tol && (a.1 - b.1).abs() <= tol
}

#[test]
fn hand_computed_matches_without_noise() {
    // Tester against a cooperator: D, C, C, then alternating D, C, ... so over 6 turns
    // Tester gets T + R + R + T + R + T = 24 and the cooperator S + R + R + S + R + S = 9.
    assert_eq!(match_payoffs(&classic("tester"), &classic("cooperator"), &pd(), 0.0, 6).unwrap(), (4.0, 1.5));
    // Tester apologises after the opponent's defection: against a defector D (P), C (S),
    // then tit-for-tat D (P) for ever: over 4 turns 1 + 0 + 1 + 1.
    assert_eq!(match_payoffs(&classic("tester"), &classic("defector"), &pd(), 0.0, 4).unwrap(), (0.75, 2.0));
    // Prober against a cooperator: D, C, C, then defects for ever: 5 + 3 + 3 + 5 + 5 over 5.
    assert_eq!(match_payoffs(&classic("prober"), &classic("cooperator"), &pd(), 0.0, 5).unwrap(), (4.2, 1.2));
    // Gradual against a defector over 12 turns, the library's unbounded count: C, D (1st
    // defection: 1 D), C, C, D x 4 (4th defection seen), C, C, D, D (10th): 5 Cs (S = 0) and
    // 7 Ds (P = 1). With the count capped at 2 the punishment at turn 4 is 2 Ds and at turn 8
    // 2 Ds again, leaving turns 10 and 11 in calm: 7 Cs and 5 Ds.
    let gradual = match_payoffs(&classic("gradual"), &classic("defector"), &pd(), 0.0, 12).unwrap();
    assert!(close(gradual, (7.0 / 12.0, (5.0 * 5.0 + 7.0) / 12.0), 1e-12), "{gradual:?}");
    let capped = match_payoffs(&classic("gradual:2"), &classic("defector"), &pd(), 0.0, 12).unwrap();
    assert!(close(capped, (5.0 / 12.0, (7.0 * 5.0 + 5.0) / 12.0), 1e-12), "{capped:?}");
    // Two-tits-for-tat against suspicious tit-for-tat: CD, DC, DD, DD, ... for ever.
    let (x, y) =
        match_payoffs(&classic("two-tits-for-tat"), &classic("suspicious-tit-for-tat"), &pd(), 0.0, 4)
            .unwrap();
    assert_eq!((x, y), ((0.0 + 5.0 + 1.0 + 1.0) / 4.0, (5.0 + 0.0 + 1.0 + 1.0) / 4.0));
    // Tit-for-two-tats forgives suspicious tit-for-tat's opening: CD, CC, CC, ...
    let (x, _) =
        match_payoffs(&classic("tit-for-two-tats"), &classic("suspicious-tit-for-tat"), &pd(), 0.0, 10)
            .unwrap();
    assert_eq!(x, 27.0 / 10.0);
    // Hard majority (window 5) opens with D, then against a cooperator sees only Cs.
    let (x, _) = match_payoffs(&classic("hard-majority"), &classic("cooperator"), &pd(), 0.0, 10).unwrap();
    assert_eq!(x, (5.0 + 9.0 * 3.0) / 10.0);
    // Handshake meets itself: C, D then cooperation; against tit-for-tat, defection for ever
    // from turn 2 (TFT opened C, C).
    let (x, _) = match_payoffs(&classic("handshake"), &classic("handshake"), &pd(), 0.0, 4).unwrap();
    assert_eq!(x, (3.0 + 1.0 + 3.0 + 3.0) / 4.0);
    // Davis cooperates for 10 rounds whatever happens, then grudges.
    let (x, _) = match_payoffs(&classic("davis"), &classic("defector"), &pd(), 0.0, 12).unwrap();
    assert_eq!(x, 2.0 / 12.0);
}

#[test]
fn exact_match_payoffs_agree_with_seeded_simulation() {
    let cases = [
        ("grudger", "joss", 0.05),
        ("gradual", "tit-for-two-tats", 0.02),
        ("tester", "appeaser", 0.1),
        ("prober", "hard-majority", 0.05),
        ("soft-grudger", "random", 0.0),
    ];
    let turns = 200;
    for (k, &(a, b, e)) in cases.iter().enumerate() {
        let (x, y) = (classic(a), classic(b));
        let exact = match_payoffs(&x, &y, &pd(), e, turns).unwrap();
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for unit in 0..2000 {
            let mut rng = comity::rng::stream(18 + k as u64, unit);
            let (p, q) = simulate_automaton_match(&x, &y, &pd(), e, turns, &mut rng).unwrap();
            xs.push(p);
            ys.push(q);
        }
        for (samples, mean) in [(xs, exact.0), (ys, exact.1)] {
            let est = Estimate::from_samples(&samples, 0.9999).unwrap();
            assert!((est.mean - mean).abs() <= est.half_width, "{a} vs {b}: {est:?} against exact {mean}");
        }
    }
}

/// The brute-force twin of `match_payoffs`: every sequence of outcomes, with its
/// probability, followed through both automata.
fn brute_force(x: &Automaton, y: &Automaton, e: f64, turns: usize) -> (f64, f64) {
    let (x, y) = (x.with_noise(e).unwrap(), y.with_noise(e).unwrap());
    let first = [3.0, 0.0, 5.0, 1.0];
    let second = [3.0, 5.0, 0.0, 1.0];
    let swap = [0, 2, 1, 3];
    fn walk(
        x: &Automaton,
        y: &Automaton,
        a: usize,
        b: usize,
        left: usize,
        p: f64,
        u: (&[f64; 4], &[f64; 4], &[usize; 4]),
    ) -> (f64, f64) {
        if left == 0 || p == 0.0 {
            return (0.0, 0.0);
        }
        let (qa, qb) = (x.states()[a].cooperate, y.states()[b].cooperate);
        let probs = [qa * qb, qa * (1.0 - qb), (1.0 - qa) * qb, (1.0 - qa) * (1.0 - qb)];
        let mut total = (0.0, 0.0);
        for (o, &q) in probs.iter().enumerate() {
            let po = p * q;
            let rest = walk(x, y, x.states()[a].next[o], y.states()[b].next[u.2[o]], left - 1, po, u);
            total.0 += po * u.0[o] + rest.0;
            total.1 += po * u.1[o] + rest.1;
        }
        total
    }
    let (tx, ty) = walk(&x, &y, x.start(), y.start(), turns, 1.0, (&first, &second, &swap));
    (tx / turns as f64, ty / turns as f64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn propagation_matches_enumeration_of_all_histories(
        i in 0usize..CLASSIC_STRATEGIES.len(),
        j in 0usize..CLASSIC_STRATEGIES.len(),
        e in prop_oneof![Just(0.0), 0.0f64..0.5],
        turns in 1usize..6,
    ) {
        let (x, y) = (classic(CLASSIC_STRATEGIES[i].name), classic(CLASSIC_STRATEGIES[j].name));
        let fast = match_payoffs(&x, &y, &pd(), e, turns).unwrap();
        let slow = brute_force(&x, &y, e, turns);
        prop_assert!(close(fast, slow, 1e-12), "{} vs {}: {fast:?} against {slow:?}", x.name(), y.name());
    }

    #[test]
    fn a_memory_one_strategy_as_an_automaton_gives_the_memory_one_result(
        p in proptest::array::uniform4(0.0f64..=1.0),
        q in proptest::array::uniform4(0.0f64..=1.0),
        first in prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0],
        e in prop_oneof![Just(0.0), 0.001f64..0.2],
    ) {
        let x = MemoryOne::new(p, first).unwrap();
        let y = MemoryOne::new(q, 1.0).unwrap();
        let want = long_run_payoffs(&x, &y, &pd(), e).unwrap();
        let (ax, ay) = (Automaton::from_memory_one("x", &x), Automaton::from_memory_one("y", &y));
        let got = automaton_long_run_payoffs(&ax, &ay, &pd(), e).unwrap();
        prop_assert!(close(got, want, 1e-7), "{got:?} against memory one {want:?}");
    }
}

#[test]
fn classic_memory_one_strategies_match_their_memory_one_form() {
    let pairs = [
        ("win-stay-lose-shift", MemoryOne::wsls()),
        ("generous-tit-for-tat", MemoryOne::gtft(&pd())),
        ("tit-for-tat", MemoryOne::tft()),
        ("cooperator", MemoryOne::allc()),
        ("defector", MemoryOne::alld()),
    ];
    for e in [0.0, 0.01, 0.1] {
        for (name, m) in &pairs {
            for (_, other) in &pairs {
                let want = long_run_payoffs(m, other, &pd(), e).unwrap();
                let got = automaton_long_run_payoffs(
                    &classic(name),
                    &Automaton::from_memory_one("other", other),
                    &pd(),
                    e,
                )
                .unwrap();
                assert!(close(got, want, 1e-9), "{name} at noise {e}: {got:?} against {want:?}");
            }
        }
    }
}

#[test]
fn grudger_with_noise_is_always_defect_in_the_long_run() {
    let (grudger, defector) = (classic("grudger"), classic("defector"));
    for opponent in ["cooperator", "tit-for-tat", "win-stay-lose-shift", "random", "alternator", "joss"] {
        for e in [0.01, 0.1] {
            let g = automaton_long_run_payoffs(&grudger, &classic(opponent), &pd(), e).unwrap();
            let d = automaton_long_run_payoffs(&defector, &classic(opponent), &pd(), e).unwrap();
            assert!(close(g, d, 1e-9), "{opponent} at noise {e}: grudger {g:?}, defector {d:?}");
        }
    }
}

#[test]
fn grudger_with_noise_differs_from_always_defect_in_a_200_turn_match() {
    // By hand, against a cooperator with noise e: Grudger still trusts at turn t when the
    // cooperator has not (mistakenly) defected before, probability (1 - e)^t. Trusting, its
    // expected payoff is (1-e)^2 R + (1-e) e S + e (1-e) T + e^2 P; grudging (intending D),
    // e (1-e) R + e^2 S + (1-e)^2 T + (1-e) e P, which is also always-defect's every turn.
    let (r, s, t, p) = (3.0, 0.0, 5.0, 1.0);
    for (e, turns) in [(0.01f64, 200usize), (0.1, 2), (0.05, 200)] {
        let trusting = (1.0 - e).powi(2) * r + (1.0 - e) * e * s + e * (1.0 - e) * t + e * e * p;
        let grudging = e * (1.0 - e) * r + e * e * s + (1.0 - e).powi(2) * t + (1.0 - e) * e * p;
        let trust_turns = (1.0 - (1.0 - e).powi(turns as i32)) / e; // sum of (1 - e)^t, t < turns
        let by_hand = (trust_turns * trusting + (turns as f64 - trust_turns) * grudging) / turns as f64;
        let (g, _) = match_payoffs(&classic("grudger"), &classic("cooperator"), &pd(), e, turns).unwrap();
        let (d, _) = match_payoffs(&classic("defector"), &classic("cooperator"), &pd(), e, turns).unwrap();
        assert!((g - by_hand).abs() < 1e-12, "noise {e}, {turns} turns: {g} against {by_hand}");
        assert!((d - grudging).abs() < 1e-12);
        assert!(d - g > 0.1, "noise {e}, {turns} turns: grudger {g} is not below always-defect {d}");
    }
    // At e = 0.1 over 2 turns: trusting 0.81 x 3 + 0.09 x 5 + 0.01 = 2.89, grudging
    // 0.09 x 3 + 0.81 x 5 + 0.09 = 4.41, trusting in 1 + 0.9 of the two turns:
    // (1.9 x 2.89 + 0.1 x 4.41) / 2 = 2.966.
    let (g, _) = match_payoffs(&classic("grudger"), &classic("cooperator"), &pd(), 0.1, 2).unwrap();
    assert!((g - 2.966).abs() < 1e-12);
}

#[test]
fn every_classic_strategy_keeps_the_contract() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Automaton>();
    assert!(CLASSIC_STRATEGIES.len() >= 25);
    let mut names: Vec<&str> = CLASSIC_STRATEGIES.iter().map(|s| s.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CLASSIC_STRATEGIES.len(), "names are unique");
    for s in CLASSIC_STRATEGIES {
        assert!(!s.source.is_empty() && !s.description.is_empty(), "{}", s.name);
        let a = classic(s.name);
        // Self-play is symmetric: both sides expect the same payoff.
        let (x, y) = match_payoffs(&a, &a, &pd(), 0.03, 50).unwrap();
        assert!((x - y).abs() < 1e-12, "{}: {x} vs {y}", s.name);
        // Scale invariance: payoffs scaled by 10^3 scale the result by 10^3.
        let big = StagePayoffs::new(3e3, 0.0, 5e3, 1e3).unwrap();
        let (bx, _) = match_payoffs(&a, &classic("tit-for-tat"), &big, 0.03, 50).unwrap();
        let (sx, _) = match_payoffs(&a, &classic("tit-for-tat"), &pd(), 0.03, 50).unwrap();
        assert!((bx - 1e3 * sx).abs() < 1e-9, "{}", s.name);
    }
}

#[test]
fn exact_tournament_matches_the_pairwise_matches() {
    let names = ["grudger", "tit-for-tat", "gradual", "prober", "joss", "random"];
    let players: Vec<Automaton> = names.iter().map(|n| classic(n)).collect();
    let t = exact_tournament(&players, &pd(), 0.01, 200).unwrap();
    for i in 0..names.len() {
        for j in 0..names.len() {
            let (x, y) = match_payoffs(&players[i], &players[j], &pd(), 0.01, 200).unwrap();
            let want = if i == j { (x + y) / 2.0 } else { x };
            assert!((t.payoffs[i][j] - want).abs() < 1e-12);
        }
        let mean = t.payoffs[i].iter().sum::<f64>() / names.len() as f64;
        assert!((t.scores[i] - mean).abs() < 1e-12);
    }
    assert!(t.ranking.windows(2).all(|w| t.scores[w[0]] >= t.scores[w[1]]));
}

#[test]
fn bad_automata_and_parameters_are_refused_with_one_clear_line() {
    let undefined = Automaton::new("x", vec![AutomatonState::on_opponent("C", 1.0, 0, 3)], 0).unwrap_err();
    assert_eq!(
        undefined.to_string(),
        "strategy 'x': state 'C' goes to state 3 after CD; expected a state 0 to 0"
    );
    let unreachable = Automaton::new(
        "x",
        vec![AutomatonState::on_opponent("C", 1.0, 0, 0), AutomatonState::on_opponent("D", 0.0, 0, 0)],
        0,
    )
    .unwrap_err();
    assert_eq!(unreachable.to_string(), "strategy 'x': state 'D' cannot be reached from the start state 'C'");
    let probability = Automaton::new("x", vec![AutomatonState::on_opponent("C", -0.1, 0, 0)], 0).unwrap_err();
    assert!(probability.to_string().contains("probability -0.1; expected a probability in [0, 1]"));
    assert!(Automaton::new("x", vec![], 0).is_err());
    assert!(Automaton::new("x", vec![AutomatonState::on_opponent("C", 1.0, 0, 0)], 1).is_err());
    // A round robin is bounded as a whole, before any match is played.
    let gradual = classic_strategy("gradual", &pd()).unwrap();
    let many = vec![gradual; 40];
    let e = exact_tournament(&many, &pd(), 0.01, 20_000).unwrap_err();
    assert!(e.to_string().contains("steps in all; the limit is"), "{e}");

    let tft = classic("tit-for-tat");
    let zero = match_payoffs(&tft, &tft, &pd(), 0.0, 0).unwrap_err();
    assert_eq!(zero.to_string(), "turns: 0; expected at least 1");
    for e in [-0.1, 1.5, f64::NAN] {
        assert!(match_payoffs(&tft, &tft, &pd(), e, 10).is_err());
        assert!(automaton_long_run_payoffs(&tft, &tft, &pd(), e).is_err());
        assert!(exact_tournament(std::slice::from_ref(&tft), &pd(), e, 10).is_err());
    }
    assert!(exact_tournament(std::slice::from_ref(&tft), &pd(), 0.0, 0).is_err());

    // Files: a transition to a missing state, a missing transition, an unknown field.
    let file = |body: &str| Automaton::from_toml(body).unwrap_err().to_string();
    let head = "name = \"f\"\nstart = \"C\"\n[[states]]\nlabel = \"C\"\ncooperate = 1\n";
    assert!(
        file(&format!("{head}opponent = {{ c = \"C\", d = \"X\" }}\n"))
            .contains("'X' after the opponent's D is not a state")
    );
    assert!(file(&format!("{head}opponent = {{ c = \"C\" }}\n")).contains("missing field `d`"));
    assert!(
        file(&format!("{head}opponent = {{ c = \"C\", d = \"C\" }}\ncolour = 1\n"))
            .contains("unknown field `colour`")
    );
    assert!(file(head).contains("expected exactly one of"));
    assert!(file(&format!("{head}opponent = {{ c = \"C\", d = \"C\" }}\n[[states]]\nlabel = \"D\"\ncooperate = 0\nopponent = {{ c = \"C\", d = \"C\" }}\n")).contains("'D' cannot be reached"));
    assert!(
        file(
            &format!("{head}opponent = {{ c = \"C\", d = \"C\" }}\n")
                .replace("cooperate = 1", "cooperate = 2")
        )
        .contains("expected a probability in [0, 1]")
    );
    assert!(classic_strategy("gradual:0", &pd()).is_err());
    assert!(classic_strategy("grudger:3", &pd()).unwrap_err().to_string().contains("takes no parameter"));
}

#[test]
fn an_automaton_file_plays_as_the_classic_strategy() {
    let text = "name = \"my grudger\"\nstart = \"trusting\"\nsource = \"Axelrod library Grudger\"\n\
                [[states]]\nlabel = \"trusting\"\ncooperate = 1\nopponent = { c = \"trusting\", d = \"grudging\" }\n\
                [[states]]\nlabel = \"grudging\"\ncooperate = 0\noutcome = { cc = \"grudging\", cd = \"grudging\", dc = \"grudging\", dd = \"grudging\" }\n";
    let mine = Automaton::from_toml(text).unwrap();
    let theirs = classic("grudger");
    for opponent in ["joss", "tit-for-tat", "gradual"] {
        let a = match_payoffs(&mine, &classic(opponent), &pd(), 0.02, 200).unwrap();
        let b = match_payoffs(&theirs, &classic(opponent), &pd(), 0.02, 200).unwrap();
        assert!(close(a, b, 1e-15));
    }
}

fn comity(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = comity(&all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn refused(args: &[&str]) -> String {
    let out = comity(args);
    assert!(!out.status.success(), "{args:?} was accepted");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: not one line: {err}");
    err
}

#[test]
fn cli_plays_matches_moran_and_exact_tournaments() {
    // The hand-computed grudger against a noisy cooperator.
    let play = json(&["reciprocity", "play", "grudger", "cooperator", "--noise", "0.1", "--turns", "2"]);
    assert!((play["match"][0].as_f64().unwrap() - 2.966).abs() < 1e-12);
    assert_eq!(play["x"]["states"].as_u64(), Some(2));
    // The Axelrod library's Moran convention, N = 2: 199 / (199 + 204).
    let moran = json(&[
        "reciprocity",
        "moran",
        "tit-for-tat",
        "defector",
        "--scoring",
        "match",
        "--intensity",
        "1",
        "--population",
        "2",
    ]);
    assert!((moran["fixation"].as_f64().unwrap() - 199.0 / 403.0).abs() < 1e-15);
    assert_eq!(moran["turns"].as_u64(), Some(200));
    // Memory-one forms and classic names mix; the long run stays the memory-one result.
    let a = json(&["reciprocity", "moran", "tft", "alld", "--noise", "0.01"]);
    let b = json(&["reciprocity", "moran", "tit-for-tat", "alld", "--noise", "0.01"]);
    assert!((a["fixation"].as_f64().unwrap() - b["fixation"].as_f64().unwrap()).abs() < 1e-9);
    let t = json(&["reciprocity", "exact-tournament", "--strategies", "cooperator,defector,tit-for-tat"]);
    assert_eq!(t["ranking"][0]["strategy"], "defector");
    assert!((t["ranking"][1]["score"].as_f64().unwrap() - (6.0 + 199.0 / 200.0) / 3.0).abs() < 1e-12);
}

#[test]
fn cli_refuses_bad_strategies_and_parameters_in_one_line() {
    let err = refused(&["reciprocity", "play", "grudger", "tit-for-tat", "--turns", "0"]);
    assert!(err.contains("turns: 0; expected at least 1"), "{err}");
    let err = refused(&["reciprocity", "play", "gruger", "tit-for-tat"]);
    assert!(err.contains("strategy 'gruger'") && err.contains("grudger"), "{err}");
    let err = refused(&["reciprocity", "play", "grudger", "tit-for-tat", "--noise", "1.5"]);
    assert!(err.contains("noise = 1.5; expected a probability in [0, 1]"), "{err}");
    let err = refused(&["reciprocity", "moran", "tft", "alld", "--turns", "10"]);
    assert!(err.contains("--turns is for --scoring match"), "{err}");
    let err = refused(&["reciprocity", "moran", "tft", "alld", "--scoring", "matches"]);
    assert!(err.contains("expected long-run or match"), "{err}");
    let err = refused(&["reciprocity", "exact-tournament", "--strategies", "grudger,gradual:0"]);
    assert!(err.contains("cap 0; expected 1 to 64"), "{err}");
    let path = std::env::temp_dir().join(format!("comity_automata_{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "name = \"f\"\nstart = \"C\"\n[[states]]\nlabel = \"C\"\ncooperate = 1\nopponent = { c = \"C\", d = \"C\" }\n\
         [[states]]\nlabel = \"D\"\ncooperate = 0\nopponent = { c = \"C\", d = \"D\" }\n",
    )
    .unwrap();
    let err = refused(&["reciprocity", "play", path.to_str().unwrap(), "tit-for-tat"]);
    assert!(err.contains(path.to_str().unwrap()) && err.contains("'D' cannot be reached"), "{err}");
    std::fs::remove_file(&path).ok();
}
