//! The seats and open-rule study measures and the worth sentences: the seats measure against
//! `comity bargain seats` (both computed, never copied), each year's probabilities summing to
//! the seats, the open rule's closed forms, unanimity's Baron-Ferejohn values equal to the
//! recognition probabilities, and clear errors for bad `[seats]` settings.

use comity::seats::{ChainOptions, SeatsModel};
use comity::study::worth::worth_sentences;
use comity::study::{Outcome, Study};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const TOLERANCE: f64 = 1e-12;

fn comity(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_comity"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("comity runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// The Security Council reform study with `[seats]` replaced by `seats` (written into
/// `models/studies`, so its relative paths hold, under a name of its own).
fn reform_study_with(seats: &str, measures_extra: &str) -> Result<Study, comity::study::StudyError> {
    let text = std::fs::read_to_string(models().join("studies/unsc_reform.toml")).unwrap();
    let start = text.find("[seats]").expect("a seats section");
    let end = start + text[start..].find("\n\n").expect("a blank line after it");
    let edited = format!("{}{seats}{}", &text[..start], &text[end..])
        .replace("\"deadline\", \"seats\"]", &format!("\"deadline\", \"seats\"{measures_extra}]"));
    Study::from_toml(&edited, "unsc_reform_edited.toml", &models().join("studies"))
}

#[test]
fn the_seats_measure_reproduces_bargain_seats() {
    let study = Study::load(models().join("studies/unsc_reform.toml")).unwrap();
    let Outcome::Power(results) = study.run().unwrap() else { panic!("a power study") };
    let json: Value = serde_json::from_str(
        comity(&["bargain", "seats", "models/seats/unsc.toml", "--format", "json"]).trim(),
    )
    .unwrap();
    let today = results.iter().find(|r| r.variant == "today").unwrap().seats.as_ref().unwrap();
    assert_eq!(today.allocation, "today");
    let ids: Vec<&str> = today.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["LVA", "FJI", "TUV"]);
    for m in &today.members {
        let cli = json["members"].as_array().unwrap().iter().find(|c| c["id"] == m.id.as_str()).unwrap();
        assert!((m.sitting - cli["long_run"].as_f64().unwrap()).abs() < TOLERANCE, "{}", m.id);
        assert!((m.expected_shapley_shubik - cli["shapley_shubik"].as_f64().unwrap()).abs() < TOLERANCE);
        assert!((m.expected_banzhaf - cli["banzhaf"].as_f64().unwrap()).abs() < TOLERANCE);
        assert_eq!(m.group, cli["group"].as_str().unwrap());
        let path: Vec<f64> = cli["path"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        // The CLI prints the first years (its --years); the study keeps the chain's horizon.
        assert!(path.len() >= 2 && m.path.len() >= path.len());
        assert_eq!(m.path[..path.len()], path[..]);
    }
    // Groups today and under each reform: the library's report, computed on its own path.
    let report = SeatsModel::load(models().join("seats/unsc.toml"))
        .unwrap()
        .evaluate(&ChainOptions::default())
        .unwrap();
    for g in &report.groups {
        let ours = today.groups.iter().find(|o| o.name == g.name).unwrap();
        assert_eq!((ours.members, ours.seats), (g.members, Some(g.seats)));
        assert!((ours.sitting - g.sitting).abs() < TOLERANCE);
        assert!((ours.expected_shapley_shubik - g.shapley_shubik).abs() < TOLERANCE);
    }
    for reform in &report.reforms {
        let r = results.iter().find(|r| r.variant == reform.name).expect("a variant of the reform's name");
        let seats = r.seats.as_ref().unwrap();
        assert_eq!(seats.allocation, reform.name);
        assert!((seats.elected_shapley_shubik - reform.power.elected_shapley_shubik).abs() < TOLERANCE);
        for g in &reform.groups {
            let ours = seats.groups.iter().find(|o| o.name == g.name).unwrap();
            assert!((ours.sitting - g.sitting).abs() < 1e-9, "{} {}", reform.name, g.name);
            assert!((ours.expected_banzhaf - g.banzhaf).abs() < 1e-9);
        }
    }
    // A variant without an allocation says so in a note.
    let no_veto = results.iter().find(|r| r.variant == "no_veto").unwrap();
    assert!(no_veto.seats.is_none());
    assert!(no_veto.notes.iter().any(|n| n.starts_with("seats: no allocation")), "{:?}", no_veto.notes);
}

#[test]
fn each_years_probabilities_of_sitting_sum_to_the_seats() {
    // Every member reported: each year's probabilities sum to the 10 elected and 5 permanent
    // seats, today and (long run) under each reform.
    let study = reform_study_with("[seats]\nfile = \"../seats/unsc.toml\"", "").unwrap();
    let today = study.evaluate(0).unwrap().seats.unwrap();
    assert_eq!(today.members.len(), 193);
    let years = today.members[0].path.len();
    assert!(years >= 2);
    for year in 0..years {
        let total: f64 = today.members.iter().map(|m| m.path[year]).sum();
        assert!((total - 15.0).abs() < 1e-9, "year {year}: {total}");
    }
    let long_run: f64 = today.members.iter().map(|m| m.sitting).sum();
    assert!((long_run - 15.0).abs() < 1e-9);
    // Expected power over the members and today's seats: the Council's whole power.
    let power: f64 = today.members.iter().map(|m| m.expected_shapley_shubik).sum();
    assert!((power - 1.0).abs() < 1e-9);
    let g4 = study.evaluate(1).unwrap().seats.unwrap();
    let total: f64 = g4.members.iter().map(|m| m.sitting).sum();
    assert!((total - (g4.elected_seats + g4.permanent_members) as f64).abs() < 1e-9);
    // No member sits two consecutive terms: a member whose term ends this year is not in the
    // next year's seats (Latvia sits 2026-27; Panama's term ends in 2026).
    let panama = today.members.iter().find(|m| m.id == "PAN").unwrap();
    assert_eq!((panama.path[0], panama.path[1]), (1.0, 0.0));
}

#[test]
fn bad_seats_settings_get_one_clear_line() {
    let cases = [
        ("[seats]\nfile = \"../seats/missing.toml\"", "seats.file", "cannot read"),
        ("[seats]\nfile = \"../seats/unsc.toml\"\nmembers = [\"LVA\", \"XXX\"]", "seats.members", "'XXX'"),
        ("[seats]\nfile = \"../seats/unsc.toml\"\nmembers = []", "seats.members", "empty"),
        ("[seats]\nfile = \"../seats/unsc.toml\"\ntoday = \"tomorrow\"", "seats.today", "unknown variant"),
        ("[seats]\nfile = \"../institutions/unsc.toml\"", "seats.file", "no seats.members"),
    ];
    for (section, field, words) in cases {
        let e = reform_study_with(section, "").unwrap_err();
        assert_eq!(e.field, field, "{section}: {e}");
        assert!(e.message.contains(words), "{section}: {e}");
        assert_eq!(e.to_string().lines().count(), 1);
    }
    // Unknown fields are refused, naming the field.
    let e = reform_study_with("[seats]\nfile = \"../seats/unsc.toml\"\nmember = [\"LVA\"]", "").unwrap_err();
    assert!(e.to_string().contains("member"), "{e}");
    // A [seats] section whose measure is not listed would be ignored: refused.
    let text = std::fs::read_to_string(models().join("studies/unsc_reform.toml")).unwrap();
    let unlisted = text.replace("\"deadline\", \"seats\"]", "\"deadline\"]");
    let e = Study::from_toml(&unlisted, "u.toml", &models().join("studies")).unwrap_err();
    assert_eq!(e.field, "seats");
}

#[test]
fn the_open_rule_measure_follows_the_closed_forms() {
    let study = Study::load(models().join("studies/unga_caucuses.toml")).unwrap();
    let bf = study.file().baron_ferejohn.clone().unwrap();
    // Consensus: nobody is left to amend, so the proposer keeps F = 1 / (1 + (n - 1) delta),
    // against 1 - (n - 1) delta / n under the closed rule.
    let consensus = study.evaluate(0).unwrap().open_rule.unwrap();
    let n = 193.0;
    assert_eq!((consensus.quota, consensus.coalition), (193, 192));
    assert!(
        (consensus.proposed_keep - (1.0 - 192.0 * bf.delta / (1.0 + 192.0 * bf.delta))).abs() < TOLERANCE
    );
    assert!((consensus.closed_proposed_keep - (1.0 - 192.0 * bf.delta / n)).abs() < TOLERANCE);
    let two_thirds = study.evaluate(1).unwrap().open_rule.unwrap();
    assert_eq!(two_thirds.quota, 129);
    assert!(
        (two_thirds.amendment_cost - (two_thirds.closed_proposed_keep - two_thirds.proposed_keep)).abs()
            < TOLERANCE
    );
    // Caucuses make members differ: refused with a note.
    let caucuses = study.evaluate(4).unwrap();
    assert!(caucuses.open_rule.is_none());
    assert!(caucuses.notes.iter().any(|n| n.starts_with("open_rule: ")));
    // The Security Council's veto: refused too (its study does not list the measure, so it is
    // asked for here).
    let council = reform_study_with("[seats]\nfile = \"../seats/unsc.toml\"", ", \"open_rule\"").unwrap();
    let today = council.evaluate(0).unwrap();
    assert!(today.open_rule.is_none() && today.notes.iter().any(|n| n.contains("members differ")));
    let no_veto = council.evaluate(5).unwrap().open_rule.expect("9 of 15 equal members");
    assert_eq!((no_veto.members, no_veto.quota), (15, 9));
}

#[test]
fn under_consensus_the_baron_ferejohn_values_are_the_recognition_probabilities() {
    // The G20 by consensus: unanimity, so each member's value is its probability of being
    // recognised, whatever the discount; Australia in the chair holds chair_probability.
    let study = Study::load(models().join("studies/g20_african_union.toml")).unwrap();
    let bf = study.file().baron_ferejohn.clone().unwrap();
    let consensus = study.evaluate(0).unwrap();
    let seated: Vec<_> = consensus.member_results.iter().filter(|m| m.banzhaf > 0.0).collect();
    assert_eq!(seated.len(), 20);
    for m in &seated {
        assert!((m.baron_ferejohn.unwrap() - 1.0 / 20.0).abs() < 1e-9, "{}", m.id);
        let expected = if m.id == "AUS" { bf.chair_probability } else { (1.0 - bf.chair_probability) / 19.0 };
        assert!((m.baron_ferejohn_chair.unwrap() - expected).abs() < 1e-9, "{}", m.id);
    }
    // Every bundled power study with a chair measures Baron-Ferejohn with and without it.
    for name in
        ["g20_african_union", "unsc_reform", "unga_caucuses", "eu_council_presidency", "clubs_vs_inclusive"]
    {
        let study = Study::load(models().join(format!("studies/{name}.toml"))).unwrap();
        assert!(study.measures().contains(&comity::study::Measure::BaronFerejohn), "{name}");
        assert!(study.file().baron_ferejohn.as_ref().and_then(|b| b.chair.as_ref()).is_some(), "{name}");
    }
}

#[test]
fn the_worth_sentences_state_the_measured_differences() {
    let study = Study::load(models().join("studies/unsc_reform.toml")).unwrap();
    let Outcome::Power(results) = study.run().unwrap() else { panic!("a power study") };
    let sentences = worth_sentences(&study, &results);
    let today = &results[0];
    let agenda = today.agenda.as_ref().unwrap();
    let chair = sentences.iter().find(|w| w.measure == "chair" && w.variant == "today").unwrap();
    let worth = comity::study::headline::change_pp(agenda.chair_worth.unwrap());
    assert!(chair.text.contains(&format!("{worth} percentage points")), "{}", chair.text);
    let deadline = sentences.iter().find(|w| w.measure == "deadline" && w.variant == "today").unwrap();
    let d = agenda.deadline.as_ref().unwrap();
    let share = comity::study::headline::share_percent(d.chair.unwrap());
    assert!(deadline.text.contains(&share) && deadline.text.contains("3 rounds"), "{}", deadline.text);
    // A seat under a reform is compared with today's allocation, in points.
    let g4 = results.iter().find(|r| r.variant == "G4_2005").unwrap().seats.as_ref().unwrap();
    let before = today.seats.as_ref().unwrap().members.iter().find(|m| m.id == "LVA").unwrap();
    let after = g4.members.iter().find(|m| m.id == "LVA").unwrap();
    let change =
        comity::study::headline::change_pp(after.expected_shapley_shubik - before.expected_shapley_shubik);
    let seat = sentences
        .iter()
        .find(|w| w.measure == "seat" && w.variant == "G4_2005" && w.text.contains("LVA"))
        .unwrap();
    assert!(seat.text.contains(&format!("{change} percentage points against today's")), "{}", seat.text);
    // The report and the headline carry them.
    let report = comity::study::report(&study, &Outcome::Power(results.clone())).unwrap();
    let md = &report.files[0].1;
    assert!(
        md.contains("## Seats over time")
            && md.contains("## What the chair, a deadline and a seat are worth")
    );
    assert!(md.contains(&chair.text));
    let headline = comity::study::headline::headline_table(&study, &Outcome::Power(results));
    assert!(headline.contains("A seat over time") && headline.contains("LVA sits"), "{headline}");
}

#[test]
fn the_consensus_body_is_the_general_assemblys_unanimity() {
    // `un_consensus.toml` is in no study: its Baron-Ferejohn shares are those of the General
    // Assembly's unanimity (unga_caucuses, Fiji in the chair), which this checks on both files.
    use comity::model::Institution;
    let consensus = Institution::load(models().join("institutions/un_consensus.toml")).unwrap();
    let unga = Institution::load(models().join("institutions/unga.toml")).unwrap();
    let ids = |i: &Institution| i.members().iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&consensus), ids(&unga));
    let n = consensus.members().len();
    let fiji = consensus.member_index("FJI").unwrap();
    let p: Vec<f64> = (0..n).map(|i| if i == fiji { 0.25 } else { 0.75 / (n - 1) as f64 }).collect();
    let a =
        comity::bargaining::baron_ferejohn(&consensus.compile("consensus").unwrap().game, &p, 0.95).unwrap();
    let study = Study::load(models().join("studies/unga_caucuses.toml")).unwrap();
    let b = study.evaluate(0).unwrap();
    assert_eq!(b.variant, "consensus");
    for (i, (&q, m)) in p.iter().zip(&b.member_results).enumerate() {
        assert!((a.values[i] - q).abs() < 1e-9, "{i}");
        assert!((m.baron_ferejohn_chair.unwrap() - q).abs() < 1e-9, "{}", m.id);
    }
}

#[test]
fn three_members_under_the_open_rule_follow_baron_and_ferejohn() {
    // Baron & Ferejohn (1989), Proposition 4, three members, delta >= sqrt(3) - 1: one partner,
    // offered 2 delta / (4 + 2 delta - delta^2), the proposer keeping (4 - delta^2) / (4 + 2
    // delta - delta^2); under the closed rule it keeps 1 - delta / 3.
    let dir = std::env::temp_dir().join(format!("comity_study_worth_open_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut body = String::from(
        "[institution]\nid = \"body\"\nname = \"Three\"\nsource = \"by hand\"\ndate = \"2026-01-01\"\n",
    );
    for id in ["A", "B", "C"] {
        body.push_str(&format!("\n[[members]]\nid = \"{id}\"\nname = \"{id}\"\n"));
    }
    body.push_str("\n[[rules]]\nname = \"majority\"\nrule = { count = { at_least = 2 } }\n");
    std::fs::write(dir.join("body.toml"), body).unwrap();
    let study = r#"
[study]
id = "open"
title = "Open rule"
question = "What does the right to amend cost the proposer?"
source = "by hand"
date = "2026-11-30"
measures = ["banzhaf", "open_rule"]
[institutions]
body = "body.toml"
[baron_ferejohn]
delta = 0.9
chair_probability = 0.0
[[variants]]
name = "majority"
institution = "body"
rule = "majority"
[[variants]]
name = "dictator"
institution = "body"
rule = { veto = { ids = ["A"] } }
"#;
    let study = Study::from_toml(study, "open.toml", &dir).unwrap();
    let open = study.evaluate(0).unwrap().open_rule.unwrap();
    let d: f64 = 0.9;
    let denominator = 4.0 + 2.0 * d - d * d;
    assert_eq!((open.members, open.quota, open.coalition), (3, 2, 1));
    assert!((open.offer - 2.0 * d / denominator).abs() < TOLERANCE);
    assert!((open.proposed_keep - (4.0 - d * d) / denominator).abs() < TOLERANCE);
    assert!((open.closed_proposed_keep - (1.0 - d / 3.0)).abs() < TOLERANCE);
    // A dictator makes the members differ: refused with a note.
    let dictator = study.evaluate(1).unwrap();
    assert!(dictator.open_rule.is_none());
    assert!(dictator.notes.iter().any(|n| n.starts_with("open_rule: ")), "{:?}", dictator.notes);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A body of four members `A`..`D` with `rules` (TOML `[[rules]]` entries), in a directory of
/// its own named for `tag`.
fn four_member_dir(tag: &str, rules: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("comity_study_worth_{tag}_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut body = String::from(
        "[institution]\nid = \"body\"\nname = \"Four\"\nsource = \"by hand\"\ndate = \"2026-01-01\"\n",
    );
    for id in ["A", "B", "C", "D"] {
        body.push_str(&format!("\n[[members]]\nid = \"{id}\"\nname = \"{id}\"\n"));
    }
    body.push_str(rules);
    std::fs::write(dir.join("body.toml"), body).unwrap();
    dir
}

#[test]
fn the_open_rule_refuses_equal_banzhaf_indices_that_are_not_q_of_n() {
    // "{A, C} or {B, D}" of four: every member swings in 3 of the 8 coalitions of the others,
    // as under 2 of 4, and the first members start to win at 3 (a majority), yet {A, B} loses
    // and {A, C} wins: not q of n, so the closed forms do not apply.
    let dir = four_member_dir(
        "pairs",
        "\n[[rules]]\nname = \"pairs\"\nrule = { any = [ { veto = { ids = [\"A\", \"C\"] } }, { veto = { ids = [\"B\", \"D\"] } } ] }\n",
    );
    let study = r#"
[study]
id = "pairs"
title = "Pairs"
question = "Is a rule with equal Banzhaf indices q of n?"
source = "by hand"
date = "2026-11-30"
measures = ["banzhaf", "open_rule"]
[institutions]
body = "body.toml"
[baron_ferejohn]
delta = 0.9
chair_probability = 0.0
[[variants]]
name = "pairs"
institution = "body"
rule = "pairs"
[[variants]]
name = "three_of_four"
institution = "body"
rule = { count = { at_least = 3 } }
"#;
    let study = Study::from_toml(study, "pairs.toml", &dir).unwrap();
    let pairs = study.evaluate(0).unwrap();
    let banzhaf: Vec<f64> = pairs.member_results.iter().map(|m| m.banzhaf).collect();
    assert!(banzhaf.iter().all(|b| (b - 0.25).abs() < TOLERANCE), "{banzhaf:?}");
    assert!(pairs.open_rule.is_none(), "{:?}", pairs.open_rule);
    assert!(
        pairs
            .notes
            .iter()
            .any(|n| n.starts_with("open_rule: ") && n.contains("depends on the number of members alone")),
        "{:?}",
        pairs.notes
    );
    // 3 of 4 itself is accepted.
    let three = study.evaluate(1).unwrap().open_rule.expect("3 of 4");
    assert_eq!((three.members, three.quota), (4, 3));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_chair_sentence_states_recognition_one_when_the_chair_votes_alone() {
    // A dictator in the chair: the only member with a vote is recognised with probability 1,
    // whatever chair_probability says, and the sentence says so.
    let dir = four_member_dir("dictator_chair", "");
    let study = r#"
[study]
id = "dictator_chair"
title = "Dictator in the chair"
question = "What recognition does the chair sentence state?"
source = "by hand"
date = "2026-11-30"
measures = ["banzhaf", "baron_ferejohn"]
[institutions]
body = "body.toml"
[baron_ferejohn]
delta = 0.9
chair = "A"
chair_probability = 0.25
[[variants]]
name = "dictator"
institution = "body"
rule = { veto = { ids = ["A"] } }
[[variants]]
name = "majority"
institution = "body"
rule = { count = { at_least = 3 } }
"#;
    let study = Study::from_toml(study, "dictator_chair.toml", &dir).unwrap();
    let Outcome::Power(results) = study.run().unwrap() else { panic!("a power study") };
    let a = results[0].member_results.iter().find(|m| m.id == "A").unwrap();
    assert!((a.baron_ferejohn_chair.unwrap() - 1.0).abs() < 1e-9);
    let sentences = worth_sentences(&study, &results);
    let chair = |variant: &str| {
        sentences.iter().find(|w| w.measure == "chair" && w.variant == variant).unwrap().text.clone()
    };
    let dictator = chair("dictator");
    assert!(dictator.contains("recognised with probability 1)"), "{dictator}");
    let majority = chair("majority");
    assert!(majority.contains("recognised with probability 0.25)"), "{majority}");
    std::fs::remove_dir_all(&dir).unwrap();
}
