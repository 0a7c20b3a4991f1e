//! Seats over time: the chain over counts against hand-computed cases, the simulation member
//! by member, the rules' invariants (each year's probabilities sum to the seats; nobody sits
//! past the limit on consecutive terms), the bundled bodies, and bad input.

use comity::seats::{
    ChainOptions, GroupSeats, SeatError, SeatRules, SeatsModel, election, simulate, sitting_probabilities,
};
use proptest::prelude::*;

const TOLERANCE: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < TOLERANCE
}

fn chain(rules: &SeatRules, n: usize) -> comity::seats::SittingProbabilities {
    sitting_probabilities(rules, n, &ChainOptions::default()).expect("the chain settles")
}

#[test]
fn one_seat_without_re_election_and_unequal_chances_matches_the_hand_computed_stationary_law() {
    // Member 0 has weight 2, members 1 and 2 weight 1; one one-year seat; no immediate
    // re-election. From 0 the seat goes to 1 or 2 (1/2 each); from 1 to 0 with 2/3, to 2 with
    // 1/3. Stationary: pi_1 = pi_2 = x, pi_0 = 4x/3, so x = 3/10 and pi_0 = 4/10.
    let g =
        GroupSeats::new("g", vec![0, 1, 2], 1).with_weights(vec![2.0, 1.0, 1.0]).with_holders(vec![(0, 1)]);
    let p = chain(&SeatRules::new(1, Some(1), vec![g]).unwrap(), 3);
    assert!(
        close(p.long_run[0], 0.4) && close(p.long_run[1], 0.3) && close(p.long_run[2], 0.3),
        "{:?}",
        p.long_run
    );
    assert_eq!(p.path[1], vec![0.0, 0.5, 0.5]);
    // Year 2: from 1 or 2, member 0 returns with 2/3.
    assert!(close(p.path[2][0], 2.0 / 3.0));
}

#[test]
fn free_re_election_with_unequal_chances_is_an_independent_draw_each_year() {
    // One seat, one-year terms, re-election allowed: each year a fresh draw, 2/3 and 1/3.
    let g = GroupSeats::new("g", vec![0, 1], 1).with_weights(vec![2.0, 1.0]);
    let p = chain(&SeatRules::new(1, None, vec![g]).unwrap(), 2);
    assert!(close(p.long_run[0], 2.0 / 3.0) && close(p.long_run[1], 1.0 / 3.0));
}

#[test]
fn weights_scaled_by_powers_of_ten_give_the_same_probabilities() {
    let base = [3.0, 1.0, 1.0, 2.0, 1.0];
    let run = |scale: f64| {
        let w = base.iter().map(|w| w * scale).collect();
        let g = GroupSeats::new("g", (0..5).collect(), 2).with_weights(w).with_holders(vec![(0, 1), (3, 2)]);
        chain(&SeatRules::new(2, Some(1), vec![g]).unwrap(), 5)
    };
    let one = run(1.0);
    for k in [-3, 2, 6] {
        let other = run(10f64.powi(k));
        for (a, b) in one.long_run.iter().zip(&other.long_run) {
            assert!(close(*a, *b), "10^{k}: {a} vs {b}");
        }
        for (x, y) in one.path.iter().zip(&other.path) {
            assert!(x.iter().zip(y).all(|(a, b)| close(*a, *b)));
        }
    }
}

#[test]
fn security_council_probabilities_sum_to_fifteen_seats_every_year_and_settle_at_seats_over_members() {
    let model = SeatsModel::load("models/seats/unsc.toml").unwrap();
    let report = model.evaluate(&ChainOptions { horizon: 12, ..ChainOptions::default() }).unwrap();
    for year in 0..=12 {
        let total: f64 = report.members.iter().map(|m| m.path[year]).sum();
        assert!(close(total, 15.0), "year {year}: {total}");
    }
    // Long run: equal chances give each candidate seats / candidates (Africa 3 of 54; the
    // permanent five are not candidates of Asia-Pacific, Eastern Europe or WEOG).
    let expected = [
        ("african", 3.0 / 54.0),
        ("apg", 2.0 / 53.0),
        ("eeg", 1.0 / 22.0),
        ("grulac", 2.0 / 33.0),
        ("weog", 2.0 / 26.0),
    ];
    for (name, q) in expected {
        let g = report.groups.iter().find(|g| g.name == name).unwrap();
        assert!(close(g.sitting, q), "{name}: {} vs {q}", g.sitting);
    }
    // Expected Shapley-Shubik power over the whole membership is the Council's total, 1.
    let total: f64 = report.members.iter().map(|m| m.shapley_shubik).sum();
    assert!(close(total, 1.0), "{total}");
    // O'Neill's comparison: a permanent member's 421/2145 against an African member's
    // 3/54 x 4/2145.
    let usa = report.members.iter().find(|m| m.id == "USA").unwrap();
    let nga = report.members.iter().find(|m| m.id == "NGA").unwrap();
    assert!(close(usa.shapley_shubik, 421.0 / 2145.0));
    assert!(close(nga.shapley_shubik, 3.0 / 54.0 * 4.0 / 2145.0));
}

#[test]
fn no_security_council_member_sits_two_consecutive_terms_on_the_chain_or_in_simulation() {
    let model = SeatsModel::load("models/seats/unsc.toml").unwrap();
    let report = model.evaluate(&ChainOptions::default()).unwrap();
    let at = |id: &str| report.members.iter().find(|m| m.id == id).unwrap();
    // Terms ending in 2026 (Somalia, Pakistan, Panama, Denmark, Greece): not in 2027 or 2028.
    for id in ["SOM", "PAK", "PAN", "DNK", "GRC"] {
        assert_eq!(at(id).path[1], 0.0, "{id}");
    }
    // Terms ending in 2027: sitting in 2026 and 2027, not in 2028.
    for id in ["BHR", "COL", "COD", "LVA", "LBR"] {
        assert_eq!((at(id).path[0], at(id).path[1], at(id).path[2]), (1.0, 1.0, 0.0), "{id}");
    }
    // Simulation member by member: nobody stays longer than one two-year term.
    let s = simulate(model.rules(), 193, 30, 300, 11).unwrap();
    assert_eq!(s.longest_stay, 2);
}

#[test]
fn human_rights_council_members_sit_at_most_two_consecutive_terms_and_settle_at_seats_over_members() {
    let model = SeatsModel::load("models/seats/hrc.toml").unwrap();
    let report = model.evaluate(&ChainOptions::default()).unwrap();
    for year in 0..report.members[0].path.len() {
        let total: f64 = report.members.iter().map(|m| m.path[year]).sum();
        assert!(close(total, 47.0), "year {year}: {total}");
    }
    for (name, seats, members) in [
        ("african", 13.0, 54.0),
        ("apg", 13.0, 54.0),
        ("eeg", 6.0, 23.0),
        ("grulac", 8.0, 33.0),
        ("weog", 7.0, 29.0),
    ] {
        let g = report.groups.iter().find(|g| g.name == name).unwrap();
        assert!(close(g.sitting, seats / members), "{name}: {}", g.sitting);
    }
    let s = simulate(model.rules(), 193, 30, 100, 5).unwrap();
    assert!(s.longest_stay <= 6, "{}", s.longest_stay);
    // Members do serve two terms running: the limit binds, not a shorter one.
    assert!(s.longest_stay > 3);
}

/// The Human Rights Council's limit (two consecutive terms, then a pause) on the chain itself,
/// by hand: one one-year seat, three members of equal chance, member 0 in its first term.
/// With states (holder, terms served): member 0 is re-elected with 1/3 and then barred, so it
/// sits in year 1 with 1/3, in year 2 only if another member held the seat (2/3 x 1/3 = 2/9)
/// and in year 3 with 10/27 (worked through the four states); without a limit each year is a
/// fresh draw (1/3), and a member already in its second term may not sit next year.
#[test]
fn at_most_two_consecutive_terms_matches_the_hand_computed_chain() {
    let group = || GroupSeats::new("g", vec![0, 1, 2], 1);
    let p = chain(&SeatRules::new(1, Some(2), vec![group().with_holders(vec![(0, 1)])]).unwrap(), 3);
    let sits: Vec<f64> = p.path.iter().take(4).map(|y| y[0]).collect();
    for (got, expected) in sits.iter().zip([1.0, 1.0 / 3.0, 2.0 / 9.0, 10.0 / 27.0]) {
        assert!(close(*got, expected), "{sits:?}");
    }
    assert!(p.long_run.iter().all(|q| close(*q, 1.0 / 3.0)), "{:?}", p.long_run);
    let free = chain(&SeatRules::new(1, None, vec![group().with_holders(vec![(0, 1)])]).unwrap(), 3);
    assert!(close(free.path[2][0], 1.0 / 3.0));
    let second = group().with_holder_terms(vec![(0, 1, 2)]);
    let p = chain(&SeatRules::new(1, Some(2), vec![second]).unwrap(), 3);
    assert_eq!(p.path[1][0], 0.0);
    // Next year 1 or 2 holds a first term; all three may stand again: 1/3.
    assert!(close(p.path[1][1], 0.5) && close(p.path[2][0], 1.0 / 3.0), "{:?}", &p.path[..3]);
}

#[test]
fn ecosoc_re_elects_freely_and_its_probabilities_sum_to_54() {
    let report =
        SeatsModel::load("models/seats/ecosoc.toml").unwrap().evaluate(&ChainOptions::default()).unwrap();
    let total: f64 = report.members.iter().map(|m| m.long_run).sum();
    assert!(close(total, 54.0));
    let africa = report.groups.iter().find(|g| g.name == "african").unwrap();
    assert!(close(africa.sitting, 14.0 / 54.0));
    // A majority of 54 equal seats: each holds 1/54 of the Shapley-Shubik power.
    assert!(close(report.power.elected_shapley_shubik, 1.0 / 54.0));
}

#[test]
fn reform_models_add_the_drafts_elected_seats_by_group() {
    let model = SeatsModel::load("models/seats/unsc.toml").unwrap();
    let report = model.evaluate(&ChainOptions::default()).unwrap();
    let g4 = report.reforms.iter().find(|r| r.name == "G4_2005").unwrap();
    let seats: Vec<usize> = g4.groups.iter().map(|g| g.seats).collect();
    assert_eq!(seats, vec![4, 3, 2, 3, 2]);
    // More seats, more often on the Council; each seat weaker among 25.
    let eeg_now = report.groups.iter().find(|g| g.name == "eeg").unwrap().sitting;
    let eeg_g4 = g4.groups.iter().find(|g| g.name == "eeg").unwrap().sitting;
    assert!(close(eeg_g4, 2.0 * eeg_now));
    assert!(g4.power.elected_shapley_shubik < report.power.elected_shapley_shubik);
}

#[test]
fn a_group_without_members_for_its_seats_is_refused() {
    // Fewer members than seats.
    let e = SeatRules::new(2, Some(1), vec![GroupSeats::new("weog", vec![0], 2)]).unwrap_err();
    assert!(matches!(e, SeatError::TooFewMembers { .. }), "{e}");
    // Enough members, but not enough eligible: two seats with one-year terms among three
    // members who may not be re-elected.
    let rules = SeatRules::new(1, Some(1), vec![GroupSeats::new("g", vec![0, 1, 2], 2)]).unwrap();
    let e = sitting_probabilities(&rules, 3, &ChainOptions::default()).unwrap_err();
    assert!(e.to_string().contains("group g") && e.to_string().contains("eligible"), "{e}");
    assert!(simulate(&rules, 3, 5, 10, 1).is_err());
}

#[test]
fn bad_seats_files_get_one_line_naming_the_field() {
    let text = std::fs::read_to_string("models/seats/unsc.toml").unwrap();
    let dir = std::path::Path::new("models/seats");
    let cases = [
        (text.replace("term = 2\n", "term = 2\nterm_limit = 3\n"), "term_limit"),
        (
            text.replace("term_ends = 2026 }, { id = \"COD\"", "term_ends = 2031 }, { id = \"COD\""),
            "term_ends",
        ),
        (text.replace("seats = { african = 4, ", "seats = { "), "no count for group 'african'"),
        (text.replace("tag = \"EEG\"", "tag = \"NOBODY\""), "NOBODY"),
        (text.replace("{ id = \"LVA\", term_ends = 2027 }", "{ id = \"USA\", term_ends = 2027 }"), "USA"),
    ];
    for (bad, needle) in cases {
        let e = SeatsModel::from_toml(&bad, "unsc.toml", dir).unwrap_err().to_string();
        assert!(e.contains(needle) && !e.contains('\n'), "{needle}: {e}");
    }
}

/// Feasible random rules: every group has at least twice as many members as seats, so an
/// election always has candidates.
fn rules_strategy() -> impl Strategy<Value = (SeatRules, usize)> {
    (
        1usize..=3,
        prop_oneof![Just(None), Just(Some(1)), Just(Some(2))],
        prop::collection::vec((1usize..=3, 0usize..=3, prop::collection::vec(1u8..=3, 8)), 1..=2),
    )
        .prop_map(|(term, limit, groups)| {
            let mut next = 0;
            let mut built = Vec::new();
            for (k, (seats, extra, weights)) in groups.into_iter().enumerate() {
                let size = 2 * seats + extra;
                let members: Vec<usize> = (next..next + size).collect();
                next += size;
                let w = weights
                    .iter()
                    .take(size)
                    .map(|&x| f64::from(x))
                    .chain(std::iter::repeat(1.0))
                    .take(size)
                    .collect();
                built.push(GroupSeats::new(format!("g{k}"), members, seats).with_weights(w));
            }
            (SeatRules::new(term, limit, built).unwrap(), next)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_chain_over_counts_agrees_with_simulation_member_by_member((rules, n) in rules_strategy()) {
        let p = sitting_probabilities(&rules, n, &ChainOptions { horizon: 6, ..ChainOptions::default() }).unwrap();
        let s = simulate(&rules, n, 6, 6000, 3).unwrap();
        // 6000 runs: a standard error of at most 0.0065; 0.035 is more than five of them.
        for t in 0..=6 {
            for i in 0..n {
                prop_assert!((p.path[t][i] - s.frequencies[t][i]).abs() < 0.035,
                    "year {} member {}: chain {} vs simulation {}", t, i, p.path[t][i], s.frequencies[t][i]);
            }
            let total: f64 = p.path[t].iter().sum();
            prop_assert!((total - rules.seats() as f64).abs() < TOLERANCE);
        }
        let total: f64 = p.long_run.iter().sum();
        prop_assert!((total - rules.seats() as f64).abs() < TOLERANCE);
        prop_assert!(s.longest_stay <= rules.term() * rules.max_consecutive().unwrap_or(usize::MAX / 8));
    }

    #[test]
    fn equal_chances_elect_by_the_hypergeometric_law(a in 0usize..6, b in 0usize..6, k in 0usize..6) {
        prop_assume!(k <= a + b);
        let d = election(&[(a, 1.0), (b, 1.0)], k).unwrap();
        let binomial = |n: usize, r: usize| -> f64 {
            if r > n { 0.0 } else { (0..r).map(|i| (n - i) as f64 / (i + 1) as f64).product() }
        };
        let mut total = 0.0;
        for (won, q) in &d {
            prop_assert_eq!(won[0] + won[1], k);
            let exact = binomial(a, won[0]) * binomial(b, won[1]) / binomial(a + b, k);
            prop_assert!((q - exact).abs() < 1e-12);
            total += q;
        }
        prop_assert!((total - 1.0).abs() < 1e-12);
    }
}

#[test]
fn a_group_of_twice_its_seats_without_re_election_alternates_and_its_long_run_is_the_cycle_average() {
    // Regression: four members, two one-year seats, no re-election: the two pairs alternate
    // (a cycle of two terms), which a check for a cycle of one term never saw settle.
    let g = GroupSeats::new("g", vec![0, 1, 2, 3], 2).with_holders(vec![(0, 1), (1, 1)]);
    let p = chain(&SeatRules::new(1, Some(1), vec![g]).unwrap(), 4);
    assert_eq!(p.path[1], vec![0.0, 0.0, 1.0, 1.0]);
    assert_eq!(p.path[2], vec![1.0, 1.0, 0.0, 0.0]);
    assert!(p.long_run.iter().all(|q| close(*q, 0.5)));
}

/// The penholder (issue 16, item 6): an elected member drafting a Security Council text
/// against the permanent members' vetoes, in the one-dimensional spatial model. Illustrative
/// ideal points (0: no action, 1: the strongest text) with the status quo at no action: each
/// permanent member accepts only texts closer to its ideal than no action, so no text beyond
/// twice the most reluctant permanent member's ideal (Russia's 0.2) passes. Any penholder
/// gets the point of [0, 0.4] nearest its ideal: Latvia's pen moves policy exactly as far as
/// the United Kingdom's (both ideal 0.9, both 0.4); only a permanent member whose own ideal
/// is the bound (Russia) stops short of it, at its ideal.
#[test]
fn an_elected_penholder_moves_policy_as_far_as_a_permanent_penholder_with_the_same_ideal() {
    use comity::bargaining::setter_outcome_1d;
    use comity::model::Institution;
    let unsc = Institution::load("models/institutions/unsc.toml").unwrap();
    let game = unsc.compile("substantive").unwrap().game;
    // CHN FRA RUS GBR USA DNK GRC PAK PAN SOM BHR COL COD LVA LBR
    let ideals = [0.3, 0.9, 0.2, 0.9, 0.8, 0.9, 0.7, 0.4, 0.6, 0.5, 0.4, 0.6, 0.5, 0.9, 0.6];
    let reach = 2.0 * 0.2;
    for (setter, ideal) in ideals.iter().enumerate() {
        let outcome = setter_outcome_1d(&game, &ideals, 0.0, setter).unwrap();
        assert!(close(outcome, ideal.min(reach)), "setter {setter}: {outcome}");
    }
    let lva = unsc.member_index("LVA").unwrap();
    let gbr = unsc.member_index("GBR").unwrap();
    assert_eq!(
        setter_outcome_1d(&game, &ideals, 0.0, lva).unwrap(),
        setter_outcome_1d(&game, &ideals, 0.0, gbr).unwrap()
    );
    // A status quo between the permanent members' ideals (0.2 to 0.9) is vetoed from both
    // sides: no penholder moves it.
    for setter in 0..15 {
        assert!(close(setter_outcome_1d(&game, &ideals, 0.6, setter).unwrap(), 0.6));
    }
}

/// The bundled penholder study (`models/studies/unsc_penholder.toml`, the same illustrative
/// ideal points as above): Latvia's pen reaches the United Kingdom's text (0.4, twice Russia's
/// ideal), a bloc of the elected ten does not lift the vetoes' bound, and only without the
/// veto does Latvia get its ideal (0.9). In status-quo bargaining the vetoes also freeze
/// where policy ends, whoever holds the pen.
#[test]
fn the_penholder_study_bounds_every_pen_by_the_most_reluctant_veto() {
    use comity::study::Study;
    let study = Study::load("models/studies/unsc_penholder.toml").unwrap();
    let names = ["pen_GBR", "pen_LVA", "pen_LVA_E10_bloc", "pen_LVA_no_veto"];
    let mut reached = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let r = study.evaluate(k).unwrap();
        assert_eq!(r.variant, *name);
        let s = r.spatial.expect("the spatial measure");
        assert_eq!(s.setter, if k == 0 { "GBR" } else { "LVA" });
        reached.push(s.outcome);
        let sq = r.agenda.expect("agenda measures").status_quo.expect("status-quo bargaining");
        if k < 3 {
            // Under the veto the pen does not move where policy ends.
            assert!(close(sq.long_run_chair.unwrap(), sq.long_run_equal), "{name}: {sq:?}");
        }
    }
    assert!(close(reached[0], 0.4) && close(reached[1], 0.4) && close(reached[2], 0.4), "{reached:?}");
    assert!(close(reached[3], 0.9), "{reached:?}");
}

#[test]
fn seats_beyond_the_membership_and_duplicate_groups_are_refused_before_anything_is_built() {
    let text = std::fs::read_to_string("models/seats/hrc.toml").unwrap();
    let dir = std::path::Path::new("models/seats");
    let huge = text.replace("seats = 13\n", "seats = 1000000000000\n");
    let e = SeatsModel::from_toml(&huge, "hrc.toml", dir).unwrap_err().to_string();
    assert!(e.contains("at most the 193 members"), "{e}");
    let twice = text.replace("name = \"apg\"", "name = \"african\"");
    let e = SeatsModel::from_toml(&twice, "hrc.toml", dir).unwrap_err().to_string();
    assert!(e.contains("unique names"), "{e}");
    let far = text.replace("year = 2026", "year = -9223372036854775808");
    assert!(SeatsModel::from_toml(&far, "hrc.toml", dir).is_ok(), "no holders: the year is only a label");
}

#[test]
fn a_consecutive_term_limit_above_the_maximum_is_refused_before_the_chain_allocates() {
    use comity::seats::rules::MAX_CONSECUTIVE_TERMS;
    for limit in [MAX_CONSECUTIVE_TERMS + 1, 100_000_000, 9_223_372_036_854_775_807] {
        let g = GroupSeats::new("g", (0..9).collect(), 3);
        let e = SeatRules::new(3, Some(limit), vec![g]).unwrap_err().to_string();
        assert!(
            e.contains("max_consecutive_terms") && e.contains(&format!("1 to {MAX_CONSECUTIVE_TERMS}")),
            "{e}"
        );
    }
    let text = std::fs::read_to_string("models/seats/hrc.toml").unwrap();
    let bad = text.replace("max_consecutive_terms = 2", "max_consecutive_terms = 9223372036854775807");
    let e = SeatsModel::from_toml(&bad, "hrc.toml", std::path::Path::new("models/seats")).unwrap_err();
    let e = e.to_string();
    assert!(e.contains("hrc.toml") && e.contains("max_consecutive_terms") && !e.contains('\n'), "{e}");
}

#[test]
fn a_holder_with_several_consecutive_terms_and_no_limit_is_refused() {
    // Without a limit the chain counts no consecutive terms; a holder in its second term used
    // to read a status slot that does not exist (the last member of its group panicked).
    let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holder_terms(vec![(2, 1, 2)]);
    let e = SeatRules::new(1, None, vec![g]).unwrap_err().to_string();
    assert!(e.contains("holders") && e.contains("2 consecutive terms") && e.contains("expected 1"), "{e}");
    let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holder_terms(vec![(2, 1, 1)]);
    assert!(SeatRules::new(1, None, vec![g]).is_ok());
}

#[test]
fn a_cohort_overflowing_the_sum_of_the_staggering_is_refused() {
    // usize::MAX + 2 wrapped to 1, the seats.
    let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_cohorts(vec![usize::MAX, 2]);
    let e = SeatRules::new(2, None, vec![g]).unwrap_err().to_string();
    assert!(e.contains("staggering") && e.contains("summing to 1 seats"), "{e}");
}

#[test]
fn staggering_and_holders_together_are_refused() {
    let g =
        GroupSeats::new("g", vec![0, 1, 2, 3], 2).with_holders(vec![(0, 1), (1, 2)]).with_cohorts(vec![2, 0]);
    let e = SeatRules::new(2, None, vec![g]).unwrap_err().to_string();
    assert!(e.contains("group g: staggering") && e.contains("holders"), "{e}");
    let text = std::fs::read_to_string("models/seats/unsc.toml").unwrap();
    let bad = text.replace("tag = \"EEG\"", "tag = \"EEG\"\nstaggering = [1, 0]");
    let e = SeatsModel::from_toml(&bad, "unsc.toml", std::path::Path::new("models/seats")).unwrap_err();
    let e = e.to_string();
    assert!(e.contains("unsc.toml") && e.contains("staggering") && !e.contains('\n'), "{e}");
}

#[test]
fn many_distinct_weights_are_refused_as_too_many_states_instead_of_hanging() {
    // Thirty members of distinct weights electing fifteen: C(30, 15) outcomes in one election.
    let w: Vec<f64> = (1..=30).map(f64::from).collect();
    let g = GroupSeats::new("big", (0..30).collect(), 15).with_weights(w);
    let rules = SeatRules::new(1, None, vec![g]).unwrap();
    let e = sitting_probabilities(&rules, 30, &ChainOptions::default()).unwrap_err();
    assert!(matches!(e, SeatError::TooManyStates { .. }), "{e}");
    let classes: Vec<(usize, f64)> = (1..=30).map(|w| (1, f64::from(w))).collect();
    assert!(election(&classes, 15).is_err());
    // One seat per cohort: each election is small, but the first elections alone reach
    // C(40, 5) states; the limit holds inside the first election too.
    let w: Vec<f64> = (1..=40).map(f64::from).collect();
    let g = GroupSeats::new("wide", (0..40).collect(), 12).with_weights(w);
    let rules = SeatRules::new(12, Some(1), vec![g]).unwrap();
    let e = sitting_probabilities(&rules, 40, &ChainOptions::default()).unwrap_err();
    assert!(matches!(e, SeatError::TooManyStates { .. }), "{e}");
}

#[test]
fn settings_that_do_not_apply_with_a_quota_are_refused() {
    let text = std::fs::read_to_string("models/seats/hrc.toml").unwrap();
    let dir = std::path::Path::new("models/seats");
    for field in ["rule = \"majority\"", "permanent_group = \"permanent\"", "elected_group = \"elected\""] {
        let bad = text.replace("quota = 24\n", &format!("quota = 24\n{field}\n"));
        let e = SeatsModel::from_toml(&bad, "hrc.toml", dir).unwrap_err().to_string();
        let name = field.split(' ').next().unwrap();
        assert!(e.contains(&format!("power.{name}: given with power.quota")) && !e.contains('\n'), "{e}");
    }
    let reform = "\n[[reforms]]\nname = \"r\"\nsource = \"s\"\nseats = { african = 13, apg = 13, eeg = 6, grulac = 8, weog = 7 }\n";
    let ok = format!("{text}{reform}");
    assert!(SeatsModel::from_toml(&ok, "hrc.toml", dir).is_ok());
    for extra in ["study = \"../studies/unsc_reform.toml\"\n", "variant = \"G4_2005\"\n"] {
        let bad = format!("{text}{reform}{extra}");
        let e = SeatsModel::from_toml(&bad, "hrc.toml", dir).unwrap_err().to_string();
        assert!(e.contains("reforms.r") && e.contains("given with power.quota") && !e.contains('\n'), "{e}");
    }
    // Without a quota a reform needs its study and variant.
    let unsc = std::fs::read_to_string("models/seats/unsc.toml").unwrap();
    let bad = unsc.replace("variant = \"G4_2005\"\n", "");
    let e = SeatsModel::from_toml(&bad, "unsc.toml", dir).unwrap_err().to_string();
    assert!(e.contains("variant: missing"), "{e}");
}

/// O'Neill's (1996) expected power, end to end on a body small enough to work by hand.
///
/// O'Neill's published figures could not be used as a reference: his index conditions on
/// alliances read from General Assembly votes (a Shapley-Shubik index over likely orderings),
/// not the a priori index this module multiplies, and his tables were not reachable in the
/// sources searched. So the product is checked on a hand-computed case instead.
///
/// The body: a permanent member P and two elected seats, one per group, deciding by P and at
/// least one seat (the weighted game [3; 2, 1, 1]): Shapley-Shubik (2/3, 1/6, 1/6), normalised
/// Banzhaf (3/5, 1/5, 1/5). Group A (A1 of weight 2, A2, A3) and group B (B1, B2) each fill
/// their seat for one year with no immediate re-election. In group A the stationary law is
/// (0.4, 0.3, 0.3) (see the first test of this file); B1 and B2 alternate, 1/2 each in the
/// long run. So A1 expects 0.4 x 1/6 = 1/15 of the Shapley-Shubik power, A2 and A3 1/20, B1
/// and B2 1/12, and P 2/3: 1 in all.
#[test]
fn expected_power_is_the_chance_of_sitting_times_a_seats_power_on_a_hand_computed_body() {
    let dir = std::env::temp_dir().join(format!("comity_seats_oneill_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let header = |id: &str| {
        format!(
            "[institution]\nid = \"{id}\"\nname = \"{id}\"\nsource = \"hand-made\"\ndate = \"2026-01-01\"\n"
        )
    };
    let member =
        |id: &str, tag: &str| format!("\n[[members]]\nid = \"{id}\"\nname = \"{id}\"\ntags = [\"{tag}\"]\n");
    let mut members = header("members");
    for (id, tag) in [("P", "PERM"), ("A1", "GA"), ("A2", "GA"), ("A3", "GA"), ("B1", "GB"), ("B2", "GB")] {
        members.push_str(&member(id, tag));
    }
    members.push_str("\n[[rules]]\nname = \"all\"\ndescription = \"all\"\nsource = \"hand-made\"\nrule = { count = { at_least = 6 } }\n");
    let mut body = header("body");
    for (id, tag) in [("P", "perm"), ("S1", "elected"), ("S2", "elected")] {
        body.push_str(&member(id, tag));
    }
    body.push_str(
        "\n[[groups]]\nname = \"permanent\"\ntag = \"perm\"\n\n[[groups]]\nname = \"elected\"\ntag = \"elected\"\n\
         \n[[rules]]\nname = \"council\"\ndescription = \"P and one seat\"\nsource = \"hand-made\"\n\
         rule = { all = [ { veto = { group = \"permanent\" } }, { count = { at_least = 2 } } ] }\n",
    );
    std::fs::write(dir.join("members.toml"), members).unwrap();
    std::fs::write(dir.join("body.toml"), body).unwrap();
    let seats = "[seats]\nid = \"tiny\"\nname = \"tiny\"\nsource = \"hand-made\"\ndate = \"2026-01-01\"\n\
        members = \"members.toml\"\nterm = 1\nmax_consecutive_terms = 1\nyear = 2026\n\
        \n[power]\ninstitution = \"body.toml\"\nrule = \"council\"\npermanent_group = \"permanent\"\nelected_group = \"elected\"\n\
        \n[[groups]]\nname = \"a\"\ntag = \"GA\"\nseats = 1\nweights = { A1 = 2.0 }\nholders = [{ id = \"A1\", term_ends = 2026 }]\n\
        \n[[groups]]\nname = \"b\"\ntag = \"GB\"\nseats = 1\nholders = [{ id = \"B1\", term_ends = 2026 }]\n";
    let model = SeatsModel::from_toml(seats, "tiny.toml", &dir);
    std::fs::remove_dir_all(&dir).ok();
    let report = model.unwrap().evaluate(&ChainOptions::default()).unwrap();
    let expected = [
        ("P", 1.0, 2.0 / 3.0, 3.0 / 5.0),
        ("A1", 0.4, 1.0 / 15.0, 0.4 / 5.0),
        ("A2", 0.3, 1.0 / 20.0, 0.3 / 5.0),
        ("A3", 0.3, 1.0 / 20.0, 0.3 / 5.0),
        ("B1", 0.5, 1.0 / 12.0, 0.5 / 5.0),
        ("B2", 0.5, 1.0 / 12.0, 0.5 / 5.0),
    ];
    for (id, sits, ss, bz) in expected {
        let m = report.members.iter().find(|m| m.id == id).unwrap();
        assert!(close(m.long_run, sits), "{id} sits {}", m.long_run);
        assert!(close(m.shapley_shubik, ss), "{id}: Shapley-Shubik {} against {ss}", m.shapley_shubik);
        assert!(close(m.banzhaf, bz), "{id}: Banzhaf {} against {bz}", m.banzhaf);
    }
    // The first years from today's holders: A1 and B1 may not sit again at once.
    let a1 = report.members.iter().find(|m| m.id == "A1").unwrap();
    assert!(close(a1.path[1], 0.0) && close(a1.path[2], 2.0 / 3.0), "{:?}", a1.path);
    // Per group: the seat's power shared by its members' chances; the total is the body's.
    let total: f64 = report.groups.iter().map(|g| g.shapley_shubik).sum();
    assert!(close(total, 1.0), "{total}");
    let a = report.groups.iter().find(|g| g.name == "a").unwrap();
    assert!(close(a.shapley_shubik, 1.0 / 6.0) && close(a.sitting, 1.0 / 3.0));
}
