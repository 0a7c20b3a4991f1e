//! Bodies built in code (`Institution::builder`): the same errors as files, the same games as
//! files, and the ergonomics a first program needs (`power_indices` on any representation,
//! `comity::prelude`).

use comity::game::{Coalition, SimpleGame, WeightedGame};
use comity::model::{Institution, Member, ModelErrorKind};
use comity::power::{PowerOptions, brute_force, power_indices};
use comity::rules::RuleErrorKind;
use proptest::prelude::*;

/// A body of three with votes 3, 2, 1, written as a file.
const FILE: &str = r#"
[institution]
id = "three"
name = "Three"
source = "by hand"
date = "2026-01-01"

[columns.votes]
source = "by hand"
date = "2026"

[[members]]
id = "A"
name = "Alpha"
tags = ["big"]
attributes = { votes = 3 }

[[members]]
id = "B"
name = "Beta"
attributes = { votes = 2 }

[[members]]
id = "C"
name = "Gamma"
attributes = { votes = 1 }

[[groups]]
name = "large"
tag = "big"

[[rules]]
name = "qmv"
rule = { weighted = { attribute = "votes", at_least = 4 } }
"#;

/// The same body, built in code.
fn built() -> comity::model::InstitutionBuilder {
    Institution::builder("three", "Three")
        .source("by hand")
        .date("2026-01-01")
        .column("votes", "by hand", "2026")
        .member_entry(Member::new("A", "Alpha").tag("big").attribute("votes", 3.0))
        .member_entry(Member::new("B", "Beta").attribute("votes", 2.0))
        .member_entry(Member::new("C", "Gamma").attribute("votes", 1.0))
        .group_tag("large", "big")
        .rule_toml("qmv", r#"{ weighted = { attribute = "votes", at_least = 4 } }"#)
}

#[test]
fn a_body_built_in_code_equals_the_same_body_read_from_a_file() {
    let from_file = Institution::from_toml(FILE, "three.toml").unwrap();
    let from_code = built().build().unwrap();
    assert_eq!(from_code.file(), from_file.file());
    assert_eq!(from_code.groups(), from_file.groups());
    assert_eq!(from_code.compile("qmv").unwrap().game, from_file.compile("qmv").unwrap().game);
    // [4; 3, 2, 1]: Shapley-Shubik (2/3, 1/6, 1/6), normalised Banzhaf (3/5, 1/5, 1/5).
    let power = power_indices(&from_code.compile("qmv").unwrap().game, &PowerOptions::default()).unwrap();
    assert_eq!(power.shapley_shubik().unwrap(), vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
    assert_eq!(power.banzhaf(), vec![0.6, 0.2, 0.2]);
    let ids: Vec<&str> = from_code.members().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
}

#[test]
fn builder_duplicate_member_id_is_the_file_error() {
    let code = built().member("B", "Beta again").build().unwrap_err();
    let text = FILE.replace("[[groups]]", "[[members]]\nid = \"B\"\nname = \"Beta again\"\n\n[[groups]]");
    let file = Institution::from_toml(&text, "three.toml").unwrap_err();
    assert_eq!(code.kind, ModelErrorKind::DuplicateId { id: "B".into() });
    assert_eq!((&code.kind, &code.field), (&file.kind, &file.field));
    assert_eq!(
        code.to_string(),
        "<builder three>: members[3].id: duplicate member id \"B\"; expected unique ids"
    );
    assert_eq!(code.to_string().lines().count(), 1);
}

#[test]
fn builder_unknown_member_in_a_rule_is_the_file_error() {
    let rule = r#"{ veto = { ids = ["Z"] } }"#;
    let code = built().rule_toml("veto", rule).build().unwrap_err();
    let text = format!("{FILE}\n[[rules]]\nname = \"veto\"\nrule = {rule}\n");
    let file = Institution::from_toml(&text, "three.toml").unwrap_err();
    assert_eq!(code.kind, ModelErrorKind::Rule(RuleErrorKind::UnknownMember { id: "Z".into() }));
    assert_eq!((&code.kind, &code.field), (&file.kind, &file.field));
    assert!(code.to_string().contains("unknown member id \"Z\""), "{code}");
}

#[test]
fn builder_quota_above_total_is_the_file_error() {
    let rule = r#"{ weighted = { attribute = "votes", at_least = 7 } }"#;
    let code = built().rule_toml("high", rule).build().unwrap_err();
    let text = format!("{FILE}\n[[rules]]\nname = \"high\"\nrule = {rule}\n");
    let file = Institution::from_toml(&text, "three.toml").unwrap_err();
    assert_eq!(code.kind, ModelErrorKind::Rule(RuleErrorKind::QuotaAboveTotal { quota: 7, total: 6 }));
    assert_eq!((&code.kind, &code.field), (&file.kind, &file.field));
}

#[test]
fn builder_without_provenance_is_refused_unless_a_draft() {
    let bare =
        || Institution::builder("b", "B").member_entry(Member::new("A", "Alpha").attribute("votes", 1.0));
    let err = bare().build().unwrap_err();
    assert_eq!(err.kind, ModelErrorKind::MissingProvenance { what: "source" });
    assert_eq!(err.field, "institution.source");
    let err = bare().source("s").date("d").build().unwrap_err();
    assert_eq!(err.kind, ModelErrorKind::UndeclaredColumn { attribute: "votes".into() });
    assert!(bare().draft(true).build().unwrap().is_draft());
}

#[test]
fn builder_rule_text_that_does_not_parse_names_the_rule() {
    let err = built().rule_toml("bad", "{ cont = { at_least = 2 } }").build().unwrap_err();
    assert!(matches!(err.kind, ModelErrorKind::Syntax { .. }));
    assert_eq!(err.field, "rules[bad].rule");
    assert!(err.to_string().starts_with("<builder three>: rules[bad].rule: "), "{err}");
    assert_eq!(err.to_string().lines().count(), 1);
}

#[test]
fn builder_refuses_a_non_finite_attribute() {
    let err =
        built().member_entry(Member::new("D", "Delta").attribute("votes", f64::NAN)).build().unwrap_err();
    assert!(matches!(err.kind, ModelErrorKind::NotFinite { .. }));
}

#[test]
fn power_indices_takes_a_weighted_game_without_into() -> Result<(), Box<dyn std::error::Error>> {
    // The README's first program: a representation passed as it is built.
    let power = power_indices(&WeightedGame::new(vec![3, 2, 1], 4)?, &PowerOptions::default())?;
    assert_eq!(power.shapley_shubik().unwrap(), vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
    Ok(())
}

#[test]
fn the_prelude_is_enough_for_a_first_program() {
    use comity::prelude::*;
    let body = Institution::builder("p", "P").draft(true).member("A", "Alpha").member("B", "Beta");
    let body = body.rule("consensus", Rule::Unanimity).build().unwrap();
    let rule: CompiledRule = body.compile("consensus").unwrap();
    let power: PowerIndices = power_indices(&rule.game, &PowerOptions::default()).unwrap();
    assert_eq!(power.banzhaf(), vec![0.5, 0.5]);
    let _: Result<WeightedGame, GameError> = WeightedGame::new(vec![1], 2);
}

proptest! {
    /// A weighted rule built in code is the weighted game of its votes, coalition by coalition,
    /// and its power indices are those brute force counts on that game.
    #[test]
    fn builder_weighted_rule_is_the_weighted_game(
        votes in prop::collection::vec(0u64..20, 1..8),
        quota_share in 0.0f64..1.0,
    ) {
        let total: u64 = votes.iter().sum();
        prop_assume!(total >= 1);
        let quota = 1 + ((total - 1) as f64 * quota_share) as u64;
        let mut b = Institution::builder("w", "W").draft(true);
        for (i, &v) in votes.iter().enumerate() {
            b = b.member_entry(Member::new(format!("M{i}"), format!("Member {i}")).attribute("votes", v as f64));
        }
        let body = b
            .rule_toml("w", &format!(r#"{{ weighted = {{ attribute = "votes", at_least = {quota} }} }}"#))
            .build()
            .unwrap();
        let game = body.compile("w").unwrap().game;
        let reference = WeightedGame::new(votes.clone(), quota).unwrap();
        let n = votes.len();
        for mask in 0u64..(1 << n) {
            let c = Coalition::from_players((0..n).filter(|&i| mask >> i & 1 == 1));
            prop_assert_eq!(game.is_winning(&c), reference.is_winning(&c));
        }
        let fast = power_indices(&game, &PowerOptions::default()).unwrap();
        let slow = brute_force(&reference).unwrap();
        prop_assert_eq!(fast.tally(), &slow);
    }
}
