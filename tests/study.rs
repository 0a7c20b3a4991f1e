//! Studies: group aggregates, published and hand-computed values, sweeps, edits, and clear
//! errors for bad study files.

use comity::study::{MAX_SWEEP_VARIANTS, Study, StudyError, VariantResult, gini};
use proptest::prelude::*;
use std::path::Path;

const TOLERANCE: f64 = 1e-12;

fn study_from(text: &str) -> Result<Study, StudyError> {
    Study::from_toml(text, "test.toml", Path::new("models/studies"))
}

/// A study of the Security Council with the given extra TOML (variants, sweeps).
fn council_study(extra: &str) -> String {
    format!(
        r#"
[study]
id = "t"
title = "test"
question = "q"
source = "s"
date = "2026-11-22"
baseline = "today"

[institutions]
unsc = "../institutions/unsc.toml"

[[groups]]
name = "permanent"
tag = "P5"

[[groups]]
name = "elected"
tag = "elected"

[[variants]]
name = "today"
institution = "unsc"
rule = "substantive"
{extra}
"#
    )
}

fn group<'a>(r: &'a VariantResult, name: &str) -> &'a comity::study::GroupResult {
    r.groups.iter().find(|g| g.name == name).unwrap()
}

fn bundled(name: &str) -> Vec<VariantResult> {
    Study::load(format!("models/studies/{name}.toml")).unwrap().evaluate_all().unwrap()
}

/// Today's Council, through the group totals: Shapley-Shubik 421/2145 (0.1963) per permanent
/// member and 4/2145 (0.0019) per elected member, the textbook figures (Straffin 1994,
/// Handbook of Game Theory vol. 2, ch. 32); Banzhaf swings counted by hand.
#[test]
fn security_council_groups_match_the_published_indices() {
    let results = bundled("unsc_reform");
    let today = &results[0];
    assert_eq!(today.variant, "today");
    let permanent = group(today, "permanent");
    assert!((permanent.shapley_shubik.unwrap() - 5.0 * 421.0 / 2145.0).abs() < TOLERANCE);
    assert!((group(today, "elected").shapley_shubik.unwrap() - 10.0 * 4.0 / 2145.0).abs() < TOLERANCE);
    // Swings: a permanent member 848, an elected member 84 (of 2^14 coalitions of the others):
    // normalised Banzhaf 848 / (5 * 848 + 10 * 84).
    let banzhaf_p5 = 848.0 / (5.0 * 848.0 + 10.0 * 84.0);
    assert!((permanent.banzhaf - 5.0 * banzhaf_p5).abs() < TOLERANCE);
    // Coleman's power to act: 848 winning coalitions of 2^15 = 53/2048.
    assert!((today.efficacy.unwrap() - 53.0 / 2048.0).abs() < TOLERANCE);
    // Abolishing the veto makes all 15 symmetric: Gini 0, power to act = P(at least 9 of 15).
    let no_veto = results.iter().find(|r| r.variant == "no_veto").unwrap();
    assert!(no_veto.gini_shapley_shubik.unwrap().abs() < TOLERANCE);
    let winning: f64 = (9..=15u64).map(|k| binomial(15, k)).sum();
    assert!((no_veto.efficacy.unwrap() - winning / 32768.0).abs() < TOLERANCE);
}

fn binomial(n: u64, k: u64) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// The change against the baseline is the difference of the group totals.
#[test]
fn change_is_the_difference_from_the_baseline() {
    let results = bundled("unsc_reform");
    let today = &results[0];
    for r in &results {
        for (g, base) in r.groups.iter().zip(&today.groups) {
            assert!((g.change_banzhaf.unwrap() - (g.banzhaf - base.banzhaf)).abs() < TOLERANCE);
            assert!(
                (g.change_shapley_shubik.unwrap()
                    - (g.shapley_shubik.unwrap() - base.shapley_shubik.unwrap()))
                .abs()
                    < TOLERANCE
            );
        }
    }
    assert!(today.groups.iter().all(|g| g.change_banzhaf == Some(0.0)));
}

/// The vote formula with basic votes at 5.502% of total votes reproduces every member's
/// published IMF votes (1,459 basic votes each plus one per SDR 100,000 of quota).
#[test]
fn imf_vote_formula_reproduces_the_published_votes() {
    let text = r#"
[study]
id = "imf"
title = "t"
question = "q"
source = "s"
date = "2026-11-22"

[institutions]
imf = "../institutions/imf.toml"

[[variants]]
name = "published"
institution = "imf"
rule = "majority"

[[variants]]
name = "formula"
institution = "imf"
rule = "majority"
derive_votes = { attribute = "votes", quota = "quota_sdr_millions", votes_per_quota_unit = 10, basic_share = 0.05502 }

[[variants]]
name = "doubled"
institution = "imf"
rule = "majority"
derive_votes = { attribute = "votes", quota = "quota_sdr_millions", votes_per_quota_unit = 10, quota_factor = 2, basic_votes = 0 }
"#;
    let study = study_from(text).unwrap();
    let published = study.build(0).unwrap();
    let formula = study.build(1).unwrap();
    let doubled = study.build(2).unwrap();
    for ((p, f), d) in published
        .institution
        .members()
        .iter()
        .zip(formula.institution.members())
        .zip(doubled.institution.members())
    {
        assert_eq!(p.attributes["votes"], f.attributes["votes"], "{}", p.id);
        let quota = p.attributes["quota_sdr_millions"];
        assert_eq!(d.attributes["votes"], (quota * 20.0).round(), "{}", p.id);
        assert!((d.attributes["quota_sdr_millions"] - 2.0 * quota).abs() < 1e-9);
    }
}

/// Penrose ratio: Banzhaf share over square-root share, by hand on a body of three with
/// populations 1, 4 and 9 million under unanimity (Banzhaf 1/3 each; square roots 1:2:3).
#[test]
fn penrose_ratio_by_hand() {
    let text = r#"
[study]
id = "p"
title = "t"
question = "q"
source = "s"
date = "2026-11-22"
measures = ["banzhaf", "penrose"]

[institutions]
three = "../../tests/study_fixtures/three.toml"

[[groups]]
name = "big_two"
ids = ["B", "C"]

[[variants]]
name = "unanimity"
institution = "three"
rule = "unanimity"
"#;
    let r = study_from(text).unwrap().evaluate_all().unwrap().remove(0);
    let ratios: Vec<f64> = r.member_results.iter().map(|m| m.penrose_ratio.unwrap()).collect();
    for (ratio, expected) in ratios.iter().zip([2.0, 1.0, 2.0 / 3.0]) {
        assert!((ratio - expected).abs() < TOLERANCE, "{ratios:?}");
    }
    // The group: (2/3) / (5/6) = 4/5; its population share 13/14.
    let g = &r.groups[0];
    assert!((g.penrose_ratio.unwrap() - 0.8).abs() < TOLERANCE);
    assert!((g.population_share.unwrap() - 13.0 / 14.0).abs() < TOLERANCE);
}

#[test]
fn gini_by_hand() {
    assert!((gini(&[1.0, 2.0, 3.0]) - 2.0 / 9.0).abs() < TOLERANCE);
    assert_eq!(gini(&[]), 0.0);
    assert_eq!(gini(&[0.0, 0.0]), 0.0);
}

proptest! {
    /// The sorted formula agrees with the definition over all pairs.
    #[test]
    fn gini_agrees_with_the_pairwise_definition(values in prop::collection::vec(0.0f64..10.0, 1..30)) {
        let n = values.len() as f64;
        let total: f64 = values.iter().sum();
        prop_assume!(total > 0.0);
        let pairs: f64 = values.iter().flat_map(|a| values.iter().map(move |b| (a - b).abs())).sum();
        prop_assert!((gini(&values) - pairs / (2.0 * n * total)).abs() < 1e-9);
    }
}

/// A sweep expands into the product of its axes, the last varying fastest, with names that
/// carry the values, and edits that take effect.
#[test]
fn sweeps_expand_in_axis_order() {
    let text = council_study(
        r#"
[[sweeps]]
name = "grid"
[sweeps.template]
institution = "unsc"
add_seats = [ { count = "$seats", id = "NE", name = "New elected seat", tags = ["elected"] } ]
rule = { all = [ { veto = { tag = "P5" } }, { count = { at_least = "$quota" } } ] }
[sweeps.axes]
seats = { from = 0, to = 2 }
quota = [9, 10]
"#,
    );
    let study = study_from(&text).unwrap();
    let names: Vec<&str> = study.variants().iter().map(|v| v.spec.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "today",
            "grid[seats=0,quota=9]",
            "grid[seats=0,quota=10]",
            "grid[seats=1,quota=9]",
            "grid[seats=1,quota=10]",
            "grid[seats=2,quota=9]",
            "grid[seats=2,quota=10]"
        ]
    );
    let results = study.evaluate_all().unwrap();
    // With no new seats and quota 9 the sweep reproduces today's Council.
    assert_eq!(results[1].member_results, results[0].member_results);
    assert_eq!(results[6].members, 17);
    assert_eq!(group(&results[6], "elected").size, 12);
}

/// Float ranges read as written (0.3, not 0.30000000000000004).
#[test]
fn float_ranges_are_rounded() {
    let text = council_study(
        r#"
[[sweeps]]
name = "s"
[sweeps.template]
institution = "unsc"
rule = { count = { share = "$share" } }
[sweeps.axes]
share = { from = 0.5, to = 0.7, step = 0.1 }
"#,
    );
    let study = study_from(&text).unwrap();
    let names: Vec<&str> = study.variants().iter().skip(1).map(|v| v.spec.name.as_str()).collect();
    assert_eq!(names, ["s[share=0.5]", "s[share=0.6]", "s[share=0.7]"]);
}

fn error_of(text: &str) -> String {
    let e = study_from(text).expect_err("should be refused");
    assert_eq!(e.file, "test.toml");
    e.to_string()
}

#[test]
fn unknown_institution_is_refused() {
    let text = council_study("[[variants]]\nname = \"x\"\ninstitution = \"unsc2\"\nrule = \"substantive\"\n");
    let e = error_of(&text);
    assert!(
        e.contains("variants[x].institution")
            && e.contains("unknown institution 'unsc2'")
            && e.contains("unsc"),
        "{e}"
    );
}

#[test]
fn unknown_group_is_refused() {
    let text = council_study("").replace("tag = \"P5\"", "group = \"veto_holders\"");
    let e = error_of_any(&text);
    assert!(
        e.contains("groups[permanent]")
            && e.contains("unknown group 'veto_holders'")
            && e.contains("permanent, elected"),
        "{e}"
    );
}

#[test]
fn an_unknown_id_in_a_group_is_refused() {
    let text = council_study("").replace("tag = \"P5\"", "ids = [\"CHN\", \"CNH\"]");
    let e = error_of(&text);
    assert!(e.contains("groups[permanent].ids") && e.contains("'CNH' is a member of no variant"), "{e}");
}

#[test]
fn empty_sweep_is_refused() {
    let text = council_study(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = { count = { at_least = \"$q\" } }\n[sweeps.axes]\nq = []\n",
    );
    let e = error_of(&text);
    assert!(e.contains("sweeps[0].axes.q") && e.contains("empty sweep"), "{e}");
    let text = council_study(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = \"substantive\"\n[sweeps.axes]\n",
    );
    assert!(error_of(&text).contains("empty sweep"));
    let text = council_study(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = { count = { at_least = \"$q\" } }\n[sweeps.axes]\nq = { from = 10, to = 9 }\n",
    );
    assert!(error_of(&text).contains("empty sweep"));
}

#[test]
fn misspelt_and_unused_axes_are_refused() {
    let text = council_study(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = { count = { at_least = \"$quota\" } }\n[sweeps.axes]\nquot = [9]\n",
    );
    let e = error_of(&text);
    assert!(e.contains("\"$quota\" names no axis") && e.contains("quot"), "{e}");
    let text = council_study(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = \"substantive\"\n[sweeps.axes]\nquota = [9]\n",
    );
    assert!(error_of(&text).contains("axis 'quota' is never used"));
}

#[test]
fn bad_variants_are_refused_when_the_study_loads() {
    let cases = [
        ("rule = \"supermajority\"", "unknown rule 'supermajority'"),
        ("rule = \"substantive\"\nchair = \"XXX\"", "'XXX' is not a member"),
        ("rule = \"substantive\"\nremove_members = [\"XXX\"]", "no member 'XXX' to remove"),
        ("rule = { count = { at_least = 16 } }", "variant 'x'"),
    ];
    for (body, expected) in cases {
        let text = council_study(&format!("[[variants]]\nname = \"x\"\ninstitution = \"unsc\"\n{body}\n"));
        let e = error_of_any(&text);
        assert!(e.contains(expected), "{body}: {e}");
    }
    let e = error_of(&council_study(
        "[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"procedural\"\n",
    ));
    assert!(e.contains("duplicate variant 'today'"), "{e}");
    let e = error_of(&council_study("").replace("baseline = \"today\"", "baseline = \"yesterday\""));
    assert!(e.contains("study.baseline") && e.contains("yesterday"), "{e}");
    let e = error_of(
        &council_study("").replace("title = \"test\"", "title = \"test\"\nmeasures = [\"shapley\"]"),
    );
    assert!(e.contains("line") && e.contains("shapley"), "{e}");
}

/// The error of a variant names the study file and the variant (its file field is the
/// variant's label).
fn error_of_any(text: &str) -> String {
    let e = study_from(text).expect_err("should be refused");
    assert!(e.file.starts_with("test.toml"), "{e}");
    e.to_string()
}

#[test]
fn a_missing_study_file_is_named() {
    let e = Study::load("models/studies/nonexistent.toml").unwrap_err();
    assert!(e.to_string().starts_with("models/studies/nonexistent.toml: cannot read the file"), "{e}");
}

/// The reciprocity study is deterministic: each model file seeds its own runs.
#[test]
fn reciprocity_study_is_reproducible() {
    let study = Study::load("models/studies/reciprocity_growth.toml").unwrap();
    let (a, b) = (study.run().unwrap(), study.run().unwrap());
    assert_eq!(a, b);
    let comity::study::Outcome::Reciprocity(rows) = a else { panic!("a reciprocity outcome") };
    assert_eq!(rows.len(), 2 * 7);
    assert!(rows.iter().all(|r| (0.0..=1.0).contains(&r.contribution_rate)));
}

/// Sweeps over membership sets, chairs and weight formulas: each axis value reaches the
/// variant it names.
#[test]
fn sweeps_vary_membership_chairs_and_vote_formulas() {
    let text = council_study(
        r#"
[baron_ferejohn]
delta = 0.9
chair_probability = 0.5

[[sweeps]]
name = "m"
[sweeps.template]
institution = "unsc"
rule = "substantive"
remove_members = "$leaving"
chair = "$chair"
[sweeps.axes]
leaving = [[], ["DNK"], ["DNK", "GRC"]]
chair = ["PAN", "LVA"]
"#,
    );
    let study = study_from(&text).unwrap();
    assert_eq!(study.variants().len(), 1 + 3 * 2);
    assert_eq!(study.variants()[3].spec.name, "m[leaving=DNK,chair=PAN]");
    assert_eq!(study.variants()[6].spec.name, "m[leaving=DNK+GRC,chair=LVA]");
    let results = study.evaluate_all().unwrap();
    assert_eq!(results[6].members, 13);
    assert_eq!(results[6].chair.as_deref(), Some("LVA"));
    assert_eq!(group(&results[6], "elected").size, 8);
    // The chair's recognition raises its own expected share above an elected colleague's.
    let share = |r: &VariantResult, id: &str| {
        r.member_results.iter().find(|m| m.id == id).unwrap().baron_ferejohn_chair.unwrap()
    };
    assert!(share(&results[6], "LVA") > share(&results[6], "PAN"));
    assert!(share(&results[5], "PAN") > share(&results[5], "LVA"));

    let text = r#"
[study]
id = "imf"
title = "t"
question = "q"
source = "s"
date = "2026-11-22"
measures = ["banzhaf"]

[institutions]
imf = "../institutions/imf.toml"

[[groups]]
name = "small_states"
predicate = "population < 10e6"

[[sweeps]]
name = "basic"
[sweeps.template]
institution = "imf"
rule = "majority"
derive_votes = { attribute = "votes", quota = "quota_sdr_millions", votes_per_quota_unit = 10, basic_share = "$share" }
[sweeps.axes]
share = [0.0, 0.05502, 0.2]
"#;
    let study = study_from(text).unwrap();
    let results = study.evaluate_all().unwrap();
    // Small states' power grows with the basic votes' share.
    let small: Vec<f64> = results.iter().map(|r| r.groups[0].banzhaf).collect();
    assert!(small[0] < small[1] && small[1] < small[2], "{small:?}");
}

/// Edits and settings that cannot be applied name the field and what was expected.
#[test]
fn bad_edits_and_settings_are_refused() {
    let cases = [
        (
            "rule = \"substantive\"\nset_group_attributes = [ { group = \"g77\", attribute = \"ideal\", value = 1.0 } ]",
            "set_group_attributes[0].group: unknown group 'g77'; expected a study group or all",
        ),
        (
            "rule = \"substantive\"\nderive_votes = { attribute = \"population\", quota = \"quota\", votes_per_quota_unit = 10, basic_votes = 1 }",
            "derive_votes: member 'CHN' has no attribute 'quota'",
        ),
        ("rule = \"substantive\"\nadd_tags = { XXX = [\"P5\"] }", "add_tags: no member 'XXX'"),
    ];
    for (body, expected) in cases {
        let text = council_study(&format!("[[variants]]\nname = \"x\"\ninstitution = \"unsc\"\n{body}\n"));
        let e = error_of_any(&text);
        assert!(e.contains(expected), "{body}: {e}");
    }
    let text = r#"
[study]
id = "imf"
title = "t"
question = "q"
source = "s"
date = "2026-11-22"
[institutions]
imf = "../institutions/imf.toml"
[[variants]]
name = "both"
institution = "imf"
rule = "majority"
derive_votes = { attribute = "votes", quota = "quota_sdr_millions", votes_per_quota_unit = 10, basic_votes = 1, basic_share = 0.1 }
"#;
    let e = error_of_any(text);
    assert!(e.contains("derive_votes") && e.contains("expected exactly one"), "{e}");
    let text = council_study("[baron_ferejohn]\ndelta = 0\nchair_probability = 0.5\n");
    let e = error_of(&text);
    assert!(e.contains("baron_ferejohn") && e.contains("expected 0 < delta <= 1"), "{e}");
    let text = council_study("[spatial]\nideal = \"ideal\"\nstatus_quo = nan\n");
    let e = error_of(&text);
    assert!(e.contains("spatial.status_quo") && e.contains("expected a finite number"), "{e}");
}

/// A study with one sweep `s` whose template puts the axis into `rule`.
fn sweep_study(rule: &str, axis: &str) -> String {
    council_study(&format!(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = {rule}\n[sweeps.axes]\ns = {axis}\n"
    ))
}

fn share_sweep(axis: &str) -> String {
    sweep_study(r#"{ count = { share = "$s" } }"#, axis)
}

fn quota_sweep(axis: &str) -> String {
    sweep_study(r#"{ count = { at_least = "$s" } }"#, axis)
}

fn swept_names(study: &Study) -> Vec<&str> {
    study.variants().iter().skip(1).map(|v| v.spec.name.as_str()).collect()
}

/// A tiny step wrapped the count to nothing (an empty sweep, silently), and a step of 1e-9
/// allocated 72 GB before the limit was checked.
#[test]
fn sweep_with_a_tiny_step_is_refused_quickly_with_the_count() {
    let started = std::time::Instant::now();
    for range in ["{ from = 0.0, to = 72.0, step = 1e-9 }", "{ from = 0, to = 72, step = 1e-9 }"] {
        let e = error_of(&share_sweep(range));
        assert!(
            e.contains("sweeps[0].axes.s")
                && e.contains("has 72000000001 values, above the limit of 1000000 variants per study")
                && e.contains("coarser step"),
            "{e}"
        );
    }
    for step in ["1e-300", "5e-324"] {
        let e = error_of(&share_sweep(&format!("{{ from = 0.5, to = 0.6, step = {step} }}")));
        assert!(e.contains(&format!("in steps of {step} has more than 2^128 values")), "{e}");
    }
    // A range wider than f64::MAX is counted without overflow.
    let study = study_from(&share_sweep("{ from = -1e308, to = 1e308, step = 1e308 }")).unwrap();
    assert_eq!(study.variants().len(), 1 + 3);
    assert!(started.elapsed().as_secs() < 10, "refused before any allocation");
}

/// `{ from = 0, to = 2^63 - 1 }` panicked with "capacity overflow".
#[test]
fn sweep_to_2_pow_63_is_refused() {
    let e = error_of(&quota_sweep("{ from = 0, to = 9223372036854775807 }"));
    assert!(e.contains("sweeps[0].axes.s") && e.contains("has 9223372036854775808 values"), "{e}");
    let e = error_of(&quota_sweep("{ from = -9223372036854775808, to = 9223372036854775807 }"));
    assert!(e.contains("has 18446744073709551616 values"), "{e}");
    // A step that keeps the count small is fine, though k * step exceeds i64.
    let study = study_from(&sweep_study(
        "\"substantive\"\nset_attributes = { CHN = { x = \"$s\" } }",
        "{ from = -9223372036854775808, to = 9223372036854775807, step = 9223372036854775807 }",
    ))
    .unwrap();
    assert_eq!(swept_names(&study), ["s[s=-9223372036854775808]", "s[s=-1]", "s[s=9223372036854775806]"]);
}

/// Seven axes of a million values overflow even a 128-bit product.
#[test]
fn huge_product_of_axes_is_refused() {
    let axes: Vec<String> = (0..7).map(|k| format!("a{k}")).collect();
    let template: Vec<String> = axes.iter().map(|a| format!("\"${a}\"")).collect();
    let ranges: Vec<String> = axes.iter().map(|a| format!("{a} = {{ from = 1, to = 1000000 }}")).collect();
    let text = council_study(&format!(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = \"substantive\"\nremove_members = [{}]\n[sweeps.axes]\n{}\n",
        template.join(", "),
        ranges.join("\n")
    ));
    let e = error_of(&text);
    assert!(e.contains("sweeps[0].axes") && e.contains("more than 2^128 variants"), "{e}");
    // Just above the limit, counting the written variant.
    let text = council_study(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = { count = { at_least = \"$a\" } }\nremove_members = [\"$b\"]\n[sweeps.axes]\na = { from = 1, to = 1000 }\nb = { from = 1, to = 1000 }\n",
    );
    let e = error_of(&text);
    assert!(e.contains("(a 1000 x b 1000) and the study's 1 other variants make 1000001 variants"), "{e}");
}

/// `add_seats` of 2^63 - 1 seats exhausted memory listing the seats' ids.
#[test]
fn add_seats_of_2_pow_63_is_refused() {
    let seats = |count: &str| format!("add_seats = [ {{ count = {count}, id = \"X\", name = \"x\" }} ]");
    let text = council_study(&format!(
        "[[variants]]\nname = \"x\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n{}\n",
        seats("9223372036854775807")
    ));
    let e = error_of(&text);
    assert!(
        e.contains("variants[x].add_seats[0].count: 9223372036854775807 seats; expected at most 256"),
        "{e}"
    );
    let text = council_study(&format!(
        "[[sweeps]]\nname = \"s\"\n[sweeps.template]\ninstitution = \"unsc\"\nrule = \"substantive\"\n{}\n[sweeps.axes]\nn = [9223372036854775807]\n",
        seats("\"$n\"")
    ));
    assert!(error_of(&text).contains("add_seats[0].count: 9223372036854775807 seats"));
    // Within the limit alone, above it with the body's 15 members.
    let text = council_study(&format!(
        "[[variants]]\nname = \"x\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n{}\n",
        seats("250")
    ));
    let e = error_of_any(&text);
    assert!(
        e.contains("add_seats[0].count: 250 seats on 15 members; expected at most 256 members in all"),
        "{e}"
    );
}

/// A step that does not divide the range stops at the last value below `to`; integers with
/// a fractional step are a range of numbers.
#[test]
fn a_step_that_does_not_divide_the_range_stops_below_to() {
    let study = study_from(&share_sweep("{ from = 0.5, to = 0.95, step = 0.2 }")).unwrap();
    assert_eq!(swept_names(&study), ["s[s=0.5]", "s[s=0.7]", "s[s=0.9]"]);
    let study = study_from(&quota_sweep("{ from = 1, to = 10, step = 4 }")).unwrap();
    assert_eq!(swept_names(&study), ["s[s=1]", "s[s=5]", "s[s=9]"]);
    let study = study_from(&share_sweep("{ from = 0, to = 1, step = 0.25 }")).unwrap();
    assert_eq!(swept_names(&study), ["s[s=0]", "s[s=0.25]", "s[s=0.5]", "s[s=0.75]", "s[s=1]"]);
    for bad in [
        "{ from = 0.5, to = 0.4, step = 0.1 }",
        "{ from = 0.5, to = 0.6, step = -0.1 }",
        "{ from = 0.5, to = 0.6, step = 0.0 }",
        "{ from = 0.5, to = 0.6, step = nan }",
        "{ from = 0.5, to = inf, step = 0.1 }",
        "{ from = 1, to = 9, step = 0 }",
    ] {
        let e = error_of(&share_sweep(bad));
        assert!(e.contains("sweeps[0].axes.s"), "{bad}: {e}");
    }
}

/// A float as TOML writes it.
fn toml_float(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x:e}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A range of `from = a/100, to = (a + len)/100, step = s/100`, in any unit 10^k, has
    /// floor(len / s) + 1 values, each `from + i * step`.
    #[test]
    fn sweep_counts_follow_the_step_in_any_unit(
        a in -1000i64..1000,
        len in 0i64..1000,
        s in 1i64..200,
        k in -8i32..8,
    ) {
        let scale = 10f64.powi(k) / 100.0;
        let (from, to, step) = (a as f64 * scale, (a + len) as f64 * scale, s as f64 * scale);
        let range = format!("{{ from = {}, to = {}, step = {} }}", toml_float(from), toml_float(to), toml_float(step));
        let study = study_from(&share_sweep(&range)).unwrap();
        let values: Vec<f64> =
            study.variants()[1..].iter().map(|v| v.parameters[0].1.parse().unwrap()).collect();
        prop_assert_eq!(values.len() as i64, len / s + 1, "{}", range);
        for (i, v) in values.iter().enumerate() {
            let exact = (a + i as i64 * s) as f64 * scale;
            let tolerance = 1e-6 * step + 1e-12 * from.abs().max(to.abs());
            prop_assert!((v - exact).abs() <= tolerance, "{}: value {} is {}, expected {}", range, i, v, exact);
        }
    }

    /// Whatever the numbers, expanding a range refuses or succeeds within the limit; it never
    /// panics.
    #[test]
    fn sweep_expansion_never_panics(from in any::<f64>(), to in any::<f64>(), step in any::<f64>()) {
        let range = format!("{{ from = {}, to = {}, step = {} }}", toml_float(from), toml_float(to), toml_float(step));
        if let Ok(study) = study_from(&share_sweep(&range)) {
            prop_assert!(study.variants().len() <= MAX_SWEEP_VARIANTS);
        }
    }

    #[test]
    fn integer_sweep_expansion_never_panics(from in any::<i64>(), to in any::<i64>(), step in any::<i64>()) {
        let range = format!("{{ from = {from}, to = {to}, step = {step} }}");
        if let Ok(study) = study_from(&quota_sweep(&range)) {
            prop_assert!(study.variants().len() <= MAX_SWEEP_VARIANTS);
        }
    }
}

/// A reciprocity study of 10^12 members, rounds or seeds aborted on a failed allocation.
#[test]
fn reciprocity_counts_are_refused_before_allocation() {
    let study = |members: &str, rounds: &str, seeds: &str| {
        format!(
            "[study]\nid = \"r\"\ntitle = \"t\"\nquestion = \"q\"\nsource = \"s\"\ndate = \"2026\"\n[reciprocity]\nmodels = [\"../reciprocity/growth_diffuse.toml\"]\nmembers = [{members}]\nrounds = {rounds}\nseeds = {seeds}\n"
        )
    };
    for (text, expected) in [
        (
            study("5, 1000000000000", "10", "2"),
            "reciprocity.members[1]: 1000000000000 members; expected at most 1000",
        ),
        (study("5", "100000000000000", "2"), "reciprocity.rounds: 100000000000000; expected at most 1000000"),
        (study("5", "10", "100000000000000"), "reciprocity.seeds: 100000000000000; expected at most 100000"),
    ] {
        let e = error_of(&text);
        assert!(e.contains(expected), "{e}");
    }
    // Within the limits, the study runs.
    let small = study_from(&study("5", "10", "2")).unwrap();
    assert!(small.run().is_ok());
}

/// A reciprocity study of one seed per size reported a half-width of 0 for real members (read as
/// an exact rate) and of NaN for anonymous ones: one history has no confidence interval.
#[test]
fn reciprocity_one_seed_is_refused() {
    for model in ["../reciprocity/growth_diffuse.toml", "../reciprocity/real_diffuse.toml"] {
        let text = format!(
            "[study]\nid = \"r\"\ntitle = \"t\"\nquestion = \"q\"\nsource = \"s\"\ndate = \"2026\"\n[reciprocity]\nmodels = [\"{model}\"]\nmembers = [5]\nrounds = 10\nseeds = 1\n"
        );
        let e = error_of(&text);
        assert!(e.contains("reciprocity.seeds: 1; expected at least 2"), "{e}");
    }
}

/// A growth study read only its model and a reciprocity study ignored the agenda and pooling
/// sections: sections they do not read were accepted silently.
#[test]
fn sections_a_study_kind_does_not_read_are_refused() {
    let head = "[study]\nid = \"r\"\ntitle = \"t\"\nquestion = \"q\"\nsource = \"s\"\ndate = \"2026\"\n";
    let growth = |study_extra: &str, extra: &str| {
        format!("{head}{study_extra}[growth]\nmodel = \"../growth/unga_membership.toml\"\n{extra}")
    };
    assert!(study_from(&growth("", "")).is_ok());
    for (text, field) in [
        (growth("", "[baron_ferejohn]\ndelta = 0.9\nchair_probability = 0.5\n"), "baron_ferejohn"),
        (growth("", "[institutions]\nunsc = \"../institutions/unsc.toml\"\n"), "institutions"),
        (growth("", "[[groups]]\nname = \"g\"\nids = [\"USA\"]\n"), "groups"),
        (growth("measures = [\"banzhaf\"]\n", ""), "study.measures"),
    ] {
        let e = error_of(&text);
        assert!(e.contains(&format!("growth: {field} is given; a growth study reads only its model")), "{e}");
    }
    let reciprocity = |extra: &str| {
        format!(
            "{head}[reciprocity]\nmodels = [\"../reciprocity/growth_diffuse.toml\"]\nmembers = [5]\nrounds = 10\nseeds = 2\n{extra}"
        )
    };
    let e = error_of(&reciprocity("[deadline]\nrounds = 3\n"));
    assert!(e.contains("reciprocity: deadline is given; a reciprocity study has no deadline"), "{e}");
}

/// `measures = ["banzhaf"]` with a `[deadline]` section ignored the section; unlisted measures
/// with `[deadline]` but no `[baron_ferejohn]` turned on a measure that could only add a note.
#[test]
fn agenda_sections_need_their_measure_and_baron_ferejohn() {
    let listed = council_study("[deadline]\nrounds = 3\n")
        .replace("baseline = \"today\"", "baseline = \"today\"\nmeasures = [\"banzhaf\"]");
    let e = error_of(&listed);
    assert!(e.contains("deadline: given, but study.measures does not list \"deadline\""), "{e}");
    let unlisted = study_from(&council_study("[deadline]\nrounds = 3\n")).expect("valid");
    assert!(!unlisted.measures().contains(&comity::study::Measure::Deadline), "{:?}", unlisted.measures());
    let with_bf = study_from(&council_study(
        "[baron_ferejohn]\ndelta = 0.9\nchair_probability = 0.5\n\n[deadline]\nrounds = 3\n",
    ))
    .expect("valid");
    assert!(with_bf.measures().contains(&comity::study::Measure::Deadline));
}

/// A line break in a variant name, a sweep value or a group name split a row of batch output,
/// which resume and merge read line by line.
#[test]
fn line_breaks_in_names_are_refused() {
    let e = error_of(&council_study(
        "[[variants]]\nname = \"two\\nlines\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n",
    ));
    assert!(e.contains("variants[1]") && e.contains("has a line break"), "{e}");
    let e = error_of(&sweep_study("\"substantive\"\nchair = \"$s\"", "[\"CHN\", \"US\\nA\"]"));
    assert!(e.contains("variants[2]: \"s[s=US\\nA]\" has a line break"), "{e}");
    let e = error_of(&council_study("").replace("name = \"elected\"", "name = \"ele\\ncted\""));
    assert!(e.contains("groups[1].name") && e.contains("has a line break"), "{e}");
}

#[test]
fn labels_are_optional_and_checked_like_other_fields() {
    let text = council_study("")
        .replace("name = \"permanent\"", "name = \"permanent\"\nlabel = \"Permanent five\"")
        .replace("name = \"today\"", "name = \"today\"\nlabel = \"Today's Council\"");
    let study = study_from(&text).unwrap();
    assert_eq!(study.file().groups[0].display_label(), "Permanent five");
    assert_eq!(study.file().groups[1].display_label(), "elected", "the name when no label");
    assert_eq!(study.variants()[0].spec.display_label(), "Today's Council");

    let empty = council_study("").replace("name = \"elected\"", "name = \"elected\"\nlabel = \" \"");
    let e = error_of(&empty);
    assert!(e.contains("groups[1].label") && e.contains("empty"), "{e}");
    let two_lines = council_study("").replace("name = \"today\"", "name = \"today\"\nlabel = \"a\\nb\"");
    let e = error_of(&two_lines);
    assert!(e.contains("variants[0].label") && e.contains("line break"), "{e}");
    // A misspelt field is still refused.
    let misspelt = council_study("").replace("name = \"today\"", "name = \"today\"\nlable = \"x\"");
    let e = error_of_any(&misspelt);
    assert!(e.contains("lable"), "{e}");
}
