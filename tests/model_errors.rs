//! Every kind of bad model file gets one clear message naming the file, the line, the field
//! and what was expected.

use comity::model::{Institution, ModelErrorKind};

const HEAD: &str = r#"[institution]
id = "t"
name = "Test body"
source = "test"
date = "2026-01-01"

[columns.votes]
source = "test"
date = "2026"
"#;

const MEMBERS: &str = r#"
[[members]]
id = "A"
name = "Alpha"
tags = ["big"]
attributes = { votes = 5 }

[[members]]
id = "B"
name = "Beta"
attributes = { votes = 3 }
"#;

fn with_rule(rule: &str) -> String {
    format!("{HEAD}{MEMBERS}\n[[rules]]\nname = \"r\"\nrule = {rule}\n")
}

/// Loads TOML text and returns the error message, asserting that it names the file.
fn error(text: &str) -> (String, ModelErrorKind, Option<usize>) {
    let e = Institution::from_toml(text, "body.toml").expect_err("should be refused");
    let message = e.to_string();
    assert!(message.starts_with("body.toml"), "{message}");
    (message, e.kind, e.line)
}

#[test]
fn unknown_member_id_in_a_rule_names_rule_field_and_line() {
    let text = with_rule(r#"{ veto = { ids = ["A", "ZZZ"] } }"#);
    let (message, kind, line) = error(&text);
    assert!(matches!(kind, ModelErrorKind::Rule(_)));
    assert_eq!(line, Some(text.lines().position(|l| l.contains("ZZZ")).unwrap() + 1));
    assert!(
        message.contains("rules[r].rule.veto.ids[1]") && message.contains("unknown member id \"ZZZ\""),
        "{message}"
    );
}

#[test]
fn duplicate_member_ids_point_at_the_second() {
    let text = format!("{HEAD}{MEMBERS}\n[[members]]\nid = \"A\"\nname = \"Again\"\n");
    let (message, kind, line) = error(&text);
    assert_eq!(kind, ModelErrorKind::DuplicateId { id: "A".into() });
    assert_eq!(
        line,
        Some(text.lines().collect::<Vec<_>>().iter().rposition(|l| l.contains("\"A\"")).unwrap() + 1)
    );
    assert!(message.contains("members[2].id") && message.contains("expected unique ids"), "{message}");
}

#[test]
fn a_rule_summing_a_missing_attribute_names_the_member() {
    let text = format!(
        "{HEAD}[columns.population]\nsource = \"x\"\ndate = \"2024\"\n{MEMBERS}\n[[rules]]\nname = \"r\"\nrule = {{ weighted = {{ attribute = \"population\", share = 0.5 }} }}\n"
    );
    let (message, _, _) = error(&text);
    assert!(message.contains("member \"A\" has no attribute \"population\""), "{message}");
    assert!(message.contains("rules[r].rule.weighted.attribute"), "{message}");
}

#[test]
fn a_quota_above_the_total_says_the_total() {
    let (message, _, line) = error(&with_rule(r#"{ weighted = { attribute = "votes", at_least = 9 } }"#));
    assert!(message.contains("quota 9 is above the total 8; expected at most 8"), "{message}");
    assert!(line.is_some());
    let (message, _, _) = error(&with_rule(r#"{ count = { more_than_share = 1 } }"#));
    assert!(message.contains("quota 3 is above the total 2"), "{message}");
}

#[test]
fn negative_or_fractional_weights_are_refused() {
    let text = with_rule(r#"{ weighted = { attribute = "votes", share = 0.5 } }"#)
        .replace("votes = 3", "votes = -3");
    let (message, _, _) = error(&text);
    assert!(message.contains("member \"B\" has votes = -3; expected a whole number >= 0"), "{message}");
    let text = with_rule(r#"{ weighted = { attribute = "votes", share = 0.5 } }"#)
        .replace("votes = 3", "votes = 2.5");
    assert!(error(&text).0.contains("votes = 2.5"));
}

#[test]
fn an_empty_body_is_refused() {
    let text = format!("members = []\n{HEAD}");
    let (message, kind, _) = error(&text);
    assert_eq!(kind, ModelErrorKind::EmptyBody);
    assert!(message.contains("members: the body has no members; expected at least one"), "{message}");
}

#[test]
fn syntax_errors_carry_the_parser_line() {
    let text = format!("{HEAD}{MEMBERS}\n[[rules]]\nname = \"r\"\nrule = {{ count = {{ at_least = }} }}\n");
    let (_, kind, line) = error(&text);
    assert!(matches!(kind, ModelErrorKind::Syntax { .. }));
    assert_eq!(line, Some(text.lines().count()));
}

#[test]
fn an_unknown_primitive_lists_the_known_ones() {
    let (message, _, _) = error(&with_rule(r#"{ caucus = { groups = [] } }"#));
    assert!(message.contains("unknown variant `caucus`") && message.contains("unanimity"), "{message}");
}

#[test]
fn blocs_must_be_disjoint_and_well_formed() {
    let (message, _, _) = error(&with_rule(
        r#"{ blocs = { rule = { count = { at_least = 2 } }, blocs = [ { members = { ids = ["A", "B"] } }, { members = { ids = ["B"] } } ] } }"#,
    ));
    assert!(message.contains("rules[r].rule.blocs: player 1 is in two blocs"), "{message}");
    let (message, _, _) = error(&with_rule(
        r#"{ blocs = { rule = { count = { at_least = 2 } }, blocs = [ { members = { ids = ["A", "C"] } } ] } }"#,
    ));
    assert!(
        message.contains("rules[r].rule.blocs.blocs[0].members.ids[1]") && message.contains("\"C\""),
        "{message}"
    );
    let (message, _, _) = error(&with_rule(
        r#"{ blocs = { rule = { count = { at_least = 2 } }, blocs = [ { members = { ids = ["A"] }, rule = { count = { at_least = 2 } } } ] } }"#,
    ));
    assert!(
        message.contains("rules[r].rule.blocs.blocs[0].rule.count")
            && message.contains("quota 2 is above the total 1"),
        "{message}"
    );
    let (message, _, _) = error(&with_rule(r#"{ blocs = { rule = "unanimity", caucuses = [] } }"#));
    assert!(message.contains("unknown field `caucuses`"), "{message}");
}

#[test]
fn shares_outside_zero_to_one_are_refused() {
    let (message, _, _) = error(&with_rule(r#"{ count = { share = 1.5 } }"#));
    assert!(message.contains("a share must be above 0 and at most 1, found 1.5"), "{message}");
    let (message, _, _) = error(&with_rule(r#"{ count = { share = 0.5, at_least = 1 } }"#));
    assert!(
        message.contains("expected exactly one of at_least, share, more_than_share; found 2"),
        "{message}"
    );
}

#[test]
fn groups_report_bad_predicates_and_unknown_ids() {
    let text = format!("{HEAD}{MEMBERS}\n[[groups]]\nname = \"small\"\npredicate = \"votes about 4\"\n");
    let (message, _, line) = error(&text);
    assert!(
        message.contains("groups[small].predicate") && message.contains("expected ATTRIBUTE OP NUMBER"),
        "{message}"
    );
    assert_eq!(line, Some(text.lines().position(|l| l.contains("\"small\"")).unwrap() + 1));
    let text = format!("{HEAD}{MEMBERS}\n[[groups]]\nname = \"g\"\nids = [\"A\", \"Q\"]\n");
    assert!(error(&text).0.contains("groups[g].ids[1]: id \"Q\" matches no member"));
    let (message, _, _) = error(&with_rule(r#"{ veto = { group = "nope" } }"#));
    assert!(message.contains("unknown group \"nope\""), "{message}");
}

#[test]
fn attributes_need_a_sourced_and_dated_column() {
    let text = format!("{HEAD}{MEMBERS}")
        .replace("attributes = { votes = 3 }", "attributes = { votes = 3, gdp = 1 }");
    let (message, _, _) = error(&text);
    assert!(
        message.contains("attribute \"gdp\" has no [columns.gdp] entry; expected its source and date"),
        "{message}"
    );
    let text = format!("{HEAD}{MEMBERS}").replacen(
        "source = \"test\"\ndate = \"2026\"",
        "source = \"\"\ndate = \"2026\"",
        1,
    );
    assert!(error(&text).0.contains("columns.votes.source: empty source"));
}

#[test]
fn json_files_get_the_same_checks_with_lines() {
    let e = Institution::from_json("{\n \"institution\": 3\n}", "body.json").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.to_string().starts_with("body.json:2"), "{e}");
}

#[test]
fn missing_files_and_unknown_extensions_are_named() {
    let e = Institution::load("no/such/file.toml").unwrap_err();
    assert!(e.to_string().starts_with("no/such/file.toml: cannot read the file"), "{e}");
    let e = Institution::load("Cargo.lock").unwrap_err();
    assert_eq!(e.kind, ModelErrorKind::UnknownFormat);
}

#[test]
fn json_duplicate_attribute_is_refused_as_toml_refuses_it() {
    // serde keeps the last of two equal keys in a map: votes would silently read as 300.
    let json = r#"{"institution": {"id": "t", "name": "T", "source": "s", "date": "2026-01-01"},
 "columns": {"votes": {"source": "s", "date": "2026"}},
 "members": [{"id": "A", "name": "A", "attributes": {"votes": 3,
   "votes": 300}}],
 "rules": [{"name": "r", "rule": "unanimity"}]}"#;
    let e = Institution::from_json(json, "body.json").unwrap_err();
    let message = e.to_string();
    assert!(message.starts_with("body.json:4: members[0].attributes"), "{message}");
    assert!(message.contains("duplicate key `votes`"), "{message}");
}

#[test]
fn json_with_a_byte_order_mark_reads_as_toml_with_one_does() {
    let json = "\u{feff}{\"institution\": {\"id\": \"t\", \"name\": \"T\", \"source\": \"s\", \"date\": \"2026-01-01\"},
 \"members\": [{\"id\": \"A\", \"name\": \"A\"}], \"rules\": [{\"name\": \"r\", \"rule\": \"unanimity\"}]}";
    let body = Institution::from_json(json, "body.json").unwrap();
    assert_eq!(body.members().len(), 1);
}

/// The body of [`with_rule`] with a group `big` (member A) and a rule.
fn with_group_and_rule(rule: &str) -> String {
    format!(
        "{HEAD}{MEMBERS}\n[[groups]]\nname = \"big\"\ntag = \"big\"\n\n[[rules]]\nname = \"r\"\nrule = {rule}\n"
    )
}

#[test]
fn threshold_of_an_unknown_group_names_the_group_and_the_groups_defined() {
    let text = with_group_and_rule(r#"{ count = { at_least = 1, of = { group = "small" } } }"#);
    let (message, kind, line) = error(&text);
    assert!(matches!(kind, ModelErrorKind::Rule(_)));
    assert_eq!(line, Some(text.lines().position(|l| l.contains("\"small\"")).unwrap() + 1));
    assert!(
        message.contains("rules[r].rule.count.of.group: unknown group \"small\"; expected one of: big"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn quota_above_the_groups_size_names_the_group_and_the_most_allowed() {
    let (message, _, _) =
        error(&with_group_and_rule(r#"{ count = { at_least = 2, of = { group = "big" } } }"#));
    assert!(
        message.contains("rules[r].rule.count: quota 2 is above the total 1 of big; expected at most 1"),
        "{message}"
    );
    let (message, _, _) = error(&with_group_and_rule(
        r#"{ weighted = { attribute = "votes", at_least = 6, of = { group = "big" } } }"#,
    ));
    assert!(
        message.contains("rules[r].rule.weighted: quota 6 is above the total 5 of big; expected at most 5"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn threshold_of_a_set_refuses_unknown_fields_and_several_kinds() {
    let (message, _, _) =
        error(&with_group_and_rule(r#"{ count = { at_least = 1, of = { grup = "big" } } }"#));
    assert!(message.contains("unknown field `grup`"), "{message}");
    let (message, _, _) =
        error(&with_group_and_rule(r#"{ count = { at_least = 1, of = { group = "big", tag = "big" } } }"#));
    assert!(
        message.contains("rules[r].rule.count.of: expected exactly one of group, tag, ids; found 2"),
        "{message}"
    );
    let (message, _, _) =
        error(&with_group_and_rule(r#"{ count = { at_least = 1, of = { ids = ["A", "ZZZ"] } } }"#));
    assert!(message.contains("rules[r].rule.count.of.ids[1]: unknown member id \"ZZZ\""), "{message}");
}
