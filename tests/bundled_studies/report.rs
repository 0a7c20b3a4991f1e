//! Study reports of every bundled study: `results.json` valid against
//! `schemas/study_results.schema.json`; LaTeX tables with balanced environments, booktabs rules
//! and escaped special characters; a self-contained HTML page; CSV headers stable; and only
//! the measures each study asks for.

use crate::support::bundled_reports as reports;
use comity::study::Report;

fn file<'a>(report: &'a Report, name: &str) -> &'a str {
    &report.files.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}")).1
}

#[test]
fn every_results_json_is_valid_against_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schemas/study_results.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema");
    for (id, report) in reports() {
        let results: serde_json::Value = serde_json::from_str(file(report, "results.json")).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&results).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{id}: {errors:#?}");
    }
    // The schema can fail: a renamed field is refused.
    let (_, first) = &reports()[0];
    let mut broken: serde_json::Value = serde_json::from_str(file(first, "results.json")).unwrap();
    let group = &mut broken["results"][0]["groups"][0];
    let share = group.as_object_mut().unwrap().remove("banzhaf").unwrap();
    group["banzhaf_share"] = share;
    assert!(!validator.is_valid(&broken), "a result without banzhaf passed");
}

#[test]
fn latex_tables_are_balanced_booktabs_with_special_characters_escaped() {
    for (id, report) in reports() {
        let tex = file(report, "report.tex");
        for env in ["document", "table", "tabular", "figure", "verbatim"] {
            let opened = tex.matches(&format!("\\begin{{{env}}}")).count();
            let closed = tex.matches(&format!("\\end{{{env}}}")).count();
            assert_eq!(opened, closed, "{id}: \\begin{{{env}}} x{opened}, \\end x{closed}");
        }
        assert!(tex.contains("\\usepackage{booktabs}"), "{id}");
        // Each tabular: \toprule, one \midrule, \bottomrule, and every row with one cell per column.
        for tabular in tex.split("\\begin{tabular}").skip(1) {
            let body = tabular.split("\\end{tabular}").next().unwrap();
            let spec = body.lines().next().unwrap();
            // Column letters at the top level of the spec ({lr>{\raggedright...}p{4cm}}).
            let mut depth = 0;
            let mut columns = 0;
            for c in spec.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    'l' | 'r' | 'c' | 'p' if depth == 1 => columns += 1,
                    _ => {}
                }
            }
            assert!(body.contains("\\toprule") && body.contains("\\bottomrule"), "{id}: rules missing");
            assert_eq!(body.matches("\\midrule").count(), 1, "{id}");
            let rows: Vec<&str> = body.lines().filter(|l| l.ends_with("\\\\")).collect();
            let width = rows[0].matches(" & ").count();
            assert_eq!(width + 1, columns, "{id}: header of {} cells for {columns} columns", width + 1);
            for row in &rows {
                assert_eq!(row.matches(" & ").count(), width, "{id}: ragged row {row}");
                // No unescaped special character in a cell.
                for (k, c) in row.char_indices() {
                    if matches!(c, '_' | '%' | '#' | '$') {
                        assert_eq!(&row[k - 1..k], "\\", "{id}: unescaped {c} in {row}");
                    }
                }
            }
        }
    }
}

#[test]
fn html_is_self_contained_and_holds_every_chart_inline() {
    for (id, report) in reports() {
        let html = file(report, "report.html");
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"), "{id}");
        assert!(!html.contains("<script"), "{id}: a script");
        assert!(!html.contains("<img") && !html.contains("<link"), "{id}: an external asset");
        assert!(!html.contains("src=\"http"), "{id}");
        let charts = report.files.iter().filter(|(n, _)| n.ends_with(".svg")).count();
        assert_eq!(html.matches("<figure class=\"chart\"").count(), charts, "{id}");
        assert_eq!(html.matches("<svg ").count(), charts, "{id}");
    }
}

#[test]
fn csv_headers_are_stable_and_rows_cover_every_variant_and_group() {
    for (id, report) in reports() {
        if id == "reciprocity_growth" {
            continue;
        }
        let results: serde_json::Value = serde_json::from_str(file(report, "results.json")).unwrap();
        let variants = results["results"].as_array().unwrap();
        let groups = results["groups"].as_array().unwrap().len();
        let csv = file(report, "groups.csv");
        assert_eq!(
            csv.lines().next().unwrap(),
            "variant,variant_label,group,group_label,size,member_share,population_share,shapley_shubik,banzhaf,penrose_ratio,baron_ferejohn,baron_ferejohn_chair,change_shapley_shubik,change_banzhaf"
        );
        assert_eq!(csv.lines().count(), 1 + variants.len() * groups, "{id}");
        let members = file(report, "members.csv");
        assert_eq!(
            members.lines().next().unwrap(),
            "variant,variant_label,member,shapley_shubik,banzhaf,penrose_ratio,baron_ferejohn,baron_ferejohn_chair"
        );
        let member_rows: usize = variants.iter().map(|v| v["member_results"].as_array().unwrap().len()).sum();
        assert_eq!(members.lines().count(), 1 + member_rows, "{id}");
    }
}

#[test]
fn reports_show_only_the_measures_asked_for_and_say_the_chair_once() {
    for (id, report) in reports() {
        let md = file(report, "report.md");
        let results: serde_json::Value = serde_json::from_str(file(report, "results.json")).unwrap();
        let measures: Vec<&str> = results["measures"]
            .as_array()
            .map(|m| m.iter().filter_map(|m| m.as_str()).collect())
            .unwrap_or_default();
        if id == "reciprocity_growth" {
            continue;
        }
        assert_eq!(md.contains("Penrose ratio |"), measures.contains(&"penrose"), "{id}");
        assert_eq!(md.contains("| spatial outcome"), measures.contains(&"spatial"), "{id}");
        assert_eq!(md.contains("Baron-Ferejohn (%)"), measures.contains(&"baron_ferejohn"), "{id}");
        // No table column is all dashes.
        for line in md.lines().filter(|l| l.starts_with("| ")) {
            assert!(!line.trim_end_matches(" |").ends_with("| –"), "{id}: {line}");
        }
        // The chair, one for every variant of the General Assembly study, is said once.
        if id == "unga_caucuses" {
            assert!(md.contains("chair: FJI in every variant"), "{id}");
            assert!(!md.contains("| FJI |"), "{id}");
        }
    }
}

#[test]
fn tables_and_json_carry_the_labels() {
    let (_, unsc) = reports().into_iter().find(|(id, _)| *id == "unsc_reform").unwrap();
    let md = file(unsc, "report.md");
    assert!(md.contains("| G4 draft (2005) | G4_2005 |"), "variant label and id");
    assert!(md.contains("### Elected members"));
    let results: serde_json::Value = serde_json::from_str(file(unsc, "results.json")).unwrap();
    assert_eq!(results["variants"][1]["label"], "G4 draft (2005)");
    assert_eq!(results["results"][1]["variant_label"], "G4 draft (2005)");
    assert_eq!(results["results"][0]["groups"][0]["label"], "Permanent five");
}
