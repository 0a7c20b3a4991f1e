//! The study notebooks read as research, not as bare tables (issue 21, item 7). Each notebook in
//! `notebooks/` must state its question, carry enough prose, say what its model leaves out, end
//! with a numbered list of references, quote numbers in prose from computed variables (no
//! percentage typed by hand into a Markdown cell, where it would drift from the tables), and stay
//! small enough to read on GitHub with its outputs stored. Outputs are either cleared or from one
//! clean top-to-bottom run without errors.
//!
//! Before this test the notebooks had about 60 words of Markdown each and the same five headings.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// Words of Markdown prose outside the references, per notebook.
const MIN_PROSE_WORDS: usize = 600;
/// Entries in the references list.
const MIN_REFERENCES: usize = 3;
/// Code cells that write prose from computed numbers (`md(f"""...""")`).
const MIN_COMPUTED_PROSE_CELLS: usize = 2;
/// Largest notebook file, outputs included.
const MAX_NOTEBOOK_BYTES: u64 = 1_000_000;

const NOTEBOOKS: [&str; 5] = [
    "unsc_reform.ipynb",
    "imf_basic_votes.ipynb",
    "unga_caucuses.ipynb",
    "clubs_vs_inclusive.ipynb",
    "reciprocity_growth.ipynb",
];

fn notebooks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks")
}

/// A cell's source, which nbformat stores as a string or as a list of lines.
fn source(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(text) => text.clone(),
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

fn cells<'a>(notebook: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    notebook["cells"]
        .as_array()
        .map(|cells| cells.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(move |cell| cell["cell_type"] == kind)
}

/// A Markdown heading's text, lower case, without the leading hashes.
fn heading(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    trimmed.starts_with('#').then(|| trimmed.trim_start_matches('#').trim().to_lowercase())
}

/// Hand-typed percentages in prose: a number followed by `%`, "per cent", "percent",
/// "percentage point(s)" or "pp". Years, citations ("[1, 2]") and counts are not percentages.
fn hard_coded_percentages(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || ((chars[i] == '.' || chars[i] == ',')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let rest: String = chars[i..].iter().take(24).collect::<String>().to_lowercase();
        let after = rest.trim_start();
        let unit_pp = after.starts_with("pp") && !after[2..].starts_with(|c: char| c.is_alphanumeric());
        if after.starts_with('%')
            || after.starts_with("per cent")
            || after.starts_with("percent")
            || after.starts_with("percentage point")
            || unit_pp
        {
            found.push(format!("{number}{}", rest.chars().take(12).collect::<String>()));
        }
    }
    found
}

/// Every way in which a notebook falls short; empty when it reads as research.
fn problems(notebook: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut headings = Vec::new();
    let mut prose_words = 0;
    let mut references = 0;
    let mut percentages = Vec::new();
    for cell in cells(notebook, "markdown") {
        let text = source(cell);
        percentages.extend(hard_coded_percentages(&text));
        let mut in_references = false;
        for line in text.lines() {
            if let Some(title) = heading(line) {
                in_references = title.starts_with("references");
                headings.push(title);
                continue;
            }
            let entry = line.trim_start();
            let numbered = entry
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if in_references {
                if numbered || entry.starts_with("- ") {
                    references += 1;
                }
            } else {
                prose_words += line.split_whitespace().count();
            }
        }
    }
    let has = |prefix: &str| headings.iter().any(|h| h.starts_with(prefix));
    if !has("question") {
        problems.push("no \"## Question\" section".to_string());
    }
    if !headings.iter().any(|h| h.contains("leaves out")) {
        problems.push("no section on what the model leaves out".to_string());
    }
    if !has("references") {
        problems.push("no \"## References\" section".to_string());
    } else if references < MIN_REFERENCES {
        problems.push(format!("{references} references, expected at least {MIN_REFERENCES}"));
    }
    if prose_words < MIN_PROSE_WORDS {
        problems.push(format!("{prose_words} words of prose, expected at least {MIN_PROSE_WORDS}"));
    }
    if !percentages.is_empty() {
        problems.push(format!(
            "percentages typed into Markdown (format them from variables with md(f\"...\")): {}",
            percentages.join(", ")
        ));
    }
    let computed = cells(notebook, "code").filter(|cell| source(cell).contains("md(f")).count();
    if computed < MIN_COMPUTED_PROSE_CELLS {
        problems.push(format!(
            "{computed} code cells write prose from computed numbers, expected at least \
             {MIN_COMPUTED_PROSE_CELLS}"
        ));
    }
    problems.extend(output_problems(notebook));
    problems
}

/// Outputs must be cleared, or come from one clean run: execution counts 1, 2, 3, ... in order
/// and no error output.
fn output_problems(notebook: &Value) -> Vec<String> {
    let code: Vec<&Value> = cells(notebook, "code").collect();
    let cleared = code.iter().all(|cell| {
        cell["execution_count"].is_null()
            && cell["outputs"].as_array().is_none_or(|outputs| outputs.is_empty())
    });
    if cleared {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for (index, cell) in code.iter().enumerate() {
        if cell["execution_count"].as_u64() != Some(index as u64 + 1) {
            problems.push(format!(
                "code cell {} has execution count {}, expected {} (outputs must be cleared or \
                 from one run from a clean state)",
                index + 1,
                cell["execution_count"],
                index + 1
            ));
            break;
        }
        let errors = cell["outputs"]
            .as_array()
            .is_some_and(|outputs| outputs.iter().any(|o| o["output_type"] == "error"));
        if errors {
            problems.push(format!("code cell {} stores an error output", index + 1));
        }
    }
    problems
}

#[test]
fn every_notebook_reads_as_research() {
    let mut failures = Vec::new();
    for name in NOTEBOOKS {
        let path = notebooks_dir().join(name);
        let bytes = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).len();
        if bytes > MAX_NOTEBOOK_BYTES {
            failures.push(format!("{name}: {bytes} bytes, at most {MAX_NOTEBOOK_BYTES}"));
        }
        let text = std::fs::read_to_string(&path).expect("notebook is UTF-8");
        let notebook: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not a JSON notebook: {e}"));
        failures.extend(problems(&notebook).into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_notebook_in_the_directory_is_checked() {
    let mut found: Vec<String> = std::fs::read_dir(notebooks_dir())
        .expect("notebooks/ exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".ipynb"))
        .collect();
    found.sort();
    let mut listed: Vec<String> = NOTEBOOKS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "a new notebook must be added to NOTEBOOKS");
}

fn markdown(text: &str) -> Value {
    json!({"cell_type": "markdown", "metadata": {}, "source": text})
}

fn code(text: &str) -> Value {
    json!({"cell_type": "code", "metadata": {}, "source": text, "execution_count": null, "outputs": []})
}

/// A notebook that passes: the shape the real ones have, with filler prose.
fn good_notebook() -> Value {
    let prose = "word ".repeat(MIN_PROSE_WORDS);
    json!({"cells": [
        markdown(&format!("# Title\n\n## Question\n\n{prose}\n")),
        code("md(f\"{x}\")"),
        code("md(f\"{y}\")"),
        markdown("## What the model leaves out\n\n- something\n"),
        markdown("## References\n\n1. A (2000).\n2. B (2001).\n3. C (2002).\n"),
    ]})
}

#[test]
fn a_notebook_of_the_right_shape_passes() {
    assert_eq!(problems(&good_notebook()), Vec::<String>::new());
}

#[test]
fn the_old_thin_notebooks_fail() {
    // The shape of the notebooks before issue 21: a title, one sentence, bare headings.
    let thin = json!({"cells": [
        markdown("# UN Security Council reform\n\nReproduces the tables and figures of the study.\n"),
        code("results = run_study(\"unsc_reform\")"),
        markdown("## The body: power to act and inequality of power\n"),
        markdown("## Shapley-Shubik share of power by group\n"),
    ]});
    let found = problems(&thin).join("\n");
    for expected in ["Question", "leaves out", "References", "words of prose", "computed"] {
        assert!(found.contains(expected), "missing {expected:?} in:\n{found}");
    }
}

#[test]
fn too_few_references_fail() {
    let mut notebook = good_notebook();
    notebook["cells"][4] = markdown("## References\n\n1. A (2000).\n2. B (2001).\n");
    assert_eq!(problems(&notebook), vec!["2 references, expected at least 3".to_string()]);
}

#[test]
fn percentages_typed_into_markdown_fail_and_citations_do_not() {
    for typed in ["12.5%", "98 %", "5.502 per cent", "40 percent", "3 percentage points", "2.3 pp."] {
        assert_eq!(hard_coded_percentages(&format!("holds {typed} of power")).len(), 1, "{typed}");
    }
    for fine in ["in 1990 [1, 2]", "Art. 18(2)", "193 members", "pages 285-303", "G7 and G20"] {
        assert!(hard_coded_percentages(fine).is_empty(), "{fine}");
    }
    let mut notebook = good_notebook();
    notebook["cells"][3] = markdown("## What the model leaves out\n\nSmall states hold 12.8%.\n");
    assert!(problems(&notebook)[0].contains("12.8%"));
}

#[test]
fn stale_or_failed_outputs_fail() {
    let mut notebook = good_notebook();
    notebook["cells"][1]["execution_count"] = json!(3);
    notebook["cells"][1]["outputs"] = json!([{"output_type": "stream", "text": "x"}]);
    notebook["cells"][2]["execution_count"] = json!(4);
    assert!(problems(&notebook)[0].contains("execution count 3, expected 1"));

    notebook["cells"][1]["execution_count"] = json!(1);
    notebook["cells"][2]["execution_count"] = json!(2);
    notebook["cells"][2]["outputs"] = json!([{"output_type": "error", "ename": "E"}]);
    assert_eq!(problems(&notebook), vec!["code cell 2 stores an error output".to_string()]);
}
