//! One output convention for every subcommand: the formats (`--format table|json|csv`, and
//! `markdown|latex` for tabular results), how a table renders in each, and how a result that
//! is a record rather than a table (an equilibrium, a bargaining outcome) renders as text.
//!
//! The JSON convention, stated once in the README ("Output convention"): one JSON object per
//! result, one per line (`--pretty` indents); field names in snake_case; floats are JSON
//! numbers at full precision; exact values (fractions, counts of any size) are strings, in an
//! `exact` object beside the floats they make exact. Tables (`table`, `markdown`, `latex`)
//! print numbers to [`SIGNIFICANT`] significant digits, switching to scientific notation
//! below [`SMALL`] so that a non-zero value never reads as zero; CSV, a data format like
//! JSON, keeps the shortest representation that reads back to the same float.
//!
//! LaTeX tables use the booktabs rules (`\toprule`, `\midrule`, `\bottomrule`; Fear, the
//! booktabs package documentation, 2020) and escape the ten characters TeX treats specially
//! (`& % $ # _ { } ~ ^ \`).

use clap::{Args, ValueEnum};
use serde_json::Value;
use std::fmt::Write as _;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned text table (the default).
    Table,
    /// JSON, one object per result and line (`jsonl` is the same).
    #[value(alias = "jsonl")]
    Json,
    /// Comma-separated values with one header line.
    Csv,
    /// A Markdown (GitHub) table; tabular results only.
    Markdown,
    /// A LaTeX `tabular` with booktabs rules; tabular results only.
    Latex,
}

impl Format {
    /// The name as given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Latex => "latex",
        }
    }

    /// Refuses a format the command does not offer, naming those it does, in one line.
    pub fn check(self, command: &str, offered: &[Format]) -> anyhow::Result<()> {
        if offered.contains(&self) {
            return Ok(());
        }
        let names: Vec<&str> = offered.iter().map(|f| f.name()).collect();
        let why = if matches!(self, Format::Markdown | Format::Latex) && offered.contains(&Format::Table) {
            " (its result is a record, not a table)"
        } else {
            ""
        };
        anyhow::bail!(
            "--format {}: `{command}` does not print it{why}; expected one of {}",
            self.name(),
            names.join(", ")
        )
    }
}

/// Formats for results that are records: a table of fields, JSON, or CSV of fields.
pub const RECORD: [Format; 3] = [Format::Table, Format::Json, Format::Csv];
/// Formats for tabular results: all five.
pub const TABULAR: [Format; 5] = [Format::Table, Format::Json, Format::Csv, Format::Markdown, Format::Latex];

/// `--format` and `--pretty`, shared by every subcommand that prints a result.
#[derive(Debug, Args, Clone, Copy)]
pub struct FormatArgs {
    /// Output format: table, json or csv; tabular results also markdown or latex (booktabs).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Indent JSON output (one object per result, spread over several lines).
    #[arg(long)]
    pub pretty: bool,
}

impl FormatArgs {
    /// Checks the format against those offered and that `--pretty` goes with JSON.
    pub fn check(&self, command: &str, offered: &[Format]) -> anyhow::Result<()> {
        self.format.check(command, offered)?;
        if self.pretty && self.format != Format::Json {
            anyhow::bail!(
                "--pretty indents JSON; give --format json too (the format is {})",
                self.format.name()
            );
        }
        Ok(())
    }

    /// One result as JSON text, ending in a newline.
    pub fn json(&self, value: &Value) -> String {
        let text =
            if self.pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
        text.expect("JSON values serialise") + "\n"
    }
}

/// Significant digits of numbers in tables.
pub const SIGNIFICANT: usize = 4;
/// Below this magnitude a non-zero number in a table is written in scientific notation.
pub const SMALL: f64 = 1e-4;

/// A number for a table: whole numbers as integers, others to [`SIGNIFICANT`] significant
/// digits, scientific notation for non-zero values below [`SMALL`] or at least 1e9.
///
/// The float noise of binary arithmetic (2.9482500000000003) disappears; a small share
/// (1.2e-5) stays visibly non-zero.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let magnitude = x.abs().log10().floor() as i32;
    if x.abs() < SMALL || magnitude >= 9 {
        return format!("{x:.prec$e}", prec = SIGNIFICANT - 1);
    }
    let decimals = (SIGNIFICANT as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    // Rounding can reach a whole number (0.99999 -> 1.000): keep the digits shown.
    if text.starts_with("-0") && text.trim_start_matches(['-', '0', '.']).is_empty() {
        "0".into()
    } else {
        text
    }
}

/// A number for CSV: the shortest text that reads back to the same float.
pub fn csv_number(x: f64) -> String {
    if x.is_finite() { x.to_string() } else { String::new() }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, printed as is (escaped in CSV and LaTeX).
    Text(String),
    /// A float: [`number`] in tables, [`csv_number`] in CSV.
    Number(f64),
    /// Nothing (a measure not computed for this row).
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x) => number(*x),
            Cell::Empty => String::new(),
        }
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_field(s),
            Cell::Number(x) => csv_number(*x),
            Cell::Empty => String::new(),
        }
    }

    fn is_text(&self) -> bool {
        matches!(self, Cell::Text(_))
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Cell::Number(x)
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Number)
    }
}

/// A table: a title, lines of notes said once above it, a header and rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// A line naming what the table shows (empty for none).
    pub title: String,
    /// Lines said once above the table (the method, a quota).
    pub notes: Vec<String>,
    /// Column names (snake_case, as in JSON and CSV).
    pub columns: Vec<String>,
    /// Rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Table {
        Table { columns: columns.into_iter().map(Into::into).collect(), ..Table::default() }
    }

    /// Renders in `format` (table, markdown or latex; CSV through [`Table::csv`]).
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.markdown(),
            Format::Latex => self.latex(),
            Format::Csv => self.csv(),
            Format::Table | Format::Json => self.text(),
        }
    }

    /// Whether column `c` holds numbers (right-aligned) rather than text.
    fn numeric(&self, c: usize) -> bool {
        self.rows.iter().all(|r| !r[c].is_text())
    }

    /// An aligned text table: text left-aligned, numbers right-aligned, two spaces between
    /// columns, the title and notes above.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if !self.title.is_empty() {
            let _ = writeln!(out, "{}", self.title);
        }
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        if self.rows.is_empty() {
            // Nothing to tabulate (a body beyond enumeration): the notes say what there is.
            return out;
        }
        let cells: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                cells
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain([self.columns[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |row: &[String]| -> String {
            let parts: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    if self.numeric(c) {
                        format!("{cell:>w$}", w = widths[c])
                    } else {
                        format!("{cell:<w$}", w = widths[c])
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let _ = writeln!(out, "{}", line(&self.columns));
        for row in &cells {
            let _ = writeln!(out, "{}", line(row));
        }
        out
    }

    /// CSV: one header line, then one line per row.
    pub fn csv(&self) -> String {
        let mut out = self.columns.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",");
        out.push('\n');
        for row in &self.rows {
            out += &row.iter().map(Cell::csv).collect::<Vec<_>>().join(",");
            out.push('\n');
        }
        out
    }

    /// A GitHub-flavoured Markdown table, numbers right-aligned, the title and notes as
    /// paragraphs above.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        if !self.title.is_empty() {
            let _ = writeln!(out, "**{}**\n", markdown_escape(&self.title));
        }
        for note in &self.notes {
            let _ = writeln!(out, "{}  ", markdown_escape(note));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
        let _ = writeln!(out, "{}", row(self.columns.iter().map(|c| markdown_escape(c)).collect()));
        let rules = (0..self.columns.len()).map(|c| if self.numeric(c) { "---:" } else { "---" }.to_string());
        let _ = writeln!(out, "{}", row(rules.collect()));
        for r in &self.rows {
            let _ = writeln!(out, "{}", row(r.iter().map(|c| markdown_escape(&c.text())).collect()));
        }
        out
    }

    /// A LaTeX `tabular` with booktabs rules, the title and notes as comments above (so the
    /// output drops into a `table` environment of the reader's own).
    pub fn latex(&self) -> String {
        let mut out = String::new();
        if !self.title.is_empty() {
            let _ = writeln!(out, "% {}", self.title.replace('\n', " "));
        }
        for note in &self.notes {
            let _ = writeln!(out, "% {}", note.replace('\n', " "));
        }
        let spec: String = (0..self.columns.len()).map(|c| if self.numeric(c) { 'r' } else { 'l' }).collect();
        let _ = writeln!(out, "\\begin{{tabular}}{{{spec}}}");
        let _ = writeln!(out, "\\toprule");
        let head: Vec<String> = self.columns.iter().map(|c| latex_escape(c)).collect();
        let _ = writeln!(out, "{} \\\\", head.join(" & "));
        let _ = writeln!(out, "\\midrule");
        for r in &self.rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| match c {
                    Cell::Number(x) => latex_number(*x),
                    other => latex_escape(&other.text()),
                })
                .collect();
            let _ = writeln!(out, "{} \\\\", cells.join(" & "));
        }
        let _ = writeln!(out, "\\bottomrule");
        let _ = writeln!(out, "\\end{{tabular}}");
        out
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
pub fn csv_field(s: &str) -> String {
    crate::study::csv_field(s)
}

/// Escapes the characters TeX treats specially, so that text prints as written.
pub fn latex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// A number for LaTeX: as in tables, with scientific notation as `$m \times 10^{e}$`.
fn latex_number(x: f64) -> String {
    let text = number(x);
    match text.split_once('e') {
        Some((mantissa, exponent)) if x.is_finite() => format!("${mantissa} \\times 10^{{{exponent}}}$"),
        _ => latex_escape(&text),
    }
}

/// Escapes the pipe (a cell boundary) and line breaks in a Markdown table cell.
fn markdown_escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A record (a JSON object) as a two-column table of fields and values: nested objects give
/// dotted paths (`setter.outcome`), lists of objects indexed paths (`equilibria[0].payoffs`),
/// and a list of scalars one cell, its items separated by two spaces in tables and by `;` in
/// CSV cells.
pub fn record(value: &Value) -> Table {
    let mut table = Table::new(["field", "value"]);
    flatten("", value, &mut table.rows);
    table
}

fn flatten(path: &str, value: &Value, rows: &mut Vec<Vec<Cell>>) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&join(k), v, rows);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let cells: Vec<String> = items.iter().map(scalar).collect();
            rows.push(vec![Cell::Text(path.into()), Cell::Text(cells.join("  "))]);
        }
        Value::Array(items) => {
            for (k, v) in items.iter().enumerate() {
                flatten(&format!("{path}[{k}]"), v, rows);
            }
        }
        other => rows.push(vec![Cell::Text(path.into()), Cell::Text(scalar(other))]),
    }
}

/// A scalar of a record: numbers as in tables, without the trailing zeros that only keep a
/// column's digits aligned.
fn scalar(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            let text = number(n.as_f64().unwrap_or(f64::NAN));
            match text.split_once('e') {
                Some((m, e)) if m.contains('.') => {
                    format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
                }
                None if text.contains('.') => text.trim_end_matches('0').trim_end_matches('.').to_string(),
                _ => text,
            }
        }
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// A record rendered in `format`: table (fields and values), JSON or CSV (`field,value`).
pub fn render_record(args: &FormatArgs, value: &Value) -> String {
    match args.format {
        Format::Json => args.json(value),
        Format::Csv => record_csv(value),
        _ => record(value).text(),
    }
}

/// CSV of a record's fields: `field,value`, a list of scalars as `;`-separated items, numbers
/// at full precision.
fn record_csv(value: &Value) -> String {
    let mut rows = Vec::new();
    flatten_csv("", value, &mut rows);
    let mut out = String::from("field,value\n");
    for (field, value) in rows {
        let _ = writeln!(out, "{},{}", csv_field(&field), csv_field(&value));
    }
    out
}

fn flatten_csv(path: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    let raw = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten_csv(&join(k), v, rows);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            rows.push((path.into(), items.iter().map(raw).collect::<Vec<_>>().join(";")));
        }
        Value::Array(items) => {
            for (k, v) in items.iter().enumerate() {
                flatten_csv(&format!("{path}[{k}]"), v, rows);
            }
        }
        other => rows.push((path.into(), raw(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_tables_lose_float_noise_but_never_read_as_zero() {
        assert_eq!(number(2.9482500000000003), "2.948");
        assert_eq!(number(0.19627), "0.1963");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(1.2e-5), "1.200e-5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(123.456), "123.5");
    }

    #[test]
    fn latex_escapes_every_special_character() {
        assert_eq!(
            latex_escape("a&b%c$d#e_f{g}h~i^j\\k"),
            "a\\&b\\%c\\$d\\#e\\_f\\{g\\}h\\textasciitilde{}i\\textasciicircum{}j\\textbackslash{}k"
        );
    }

    #[test]
    fn a_format_not_offered_is_refused_in_one_line() {
        let e = Format::Latex.check("comity nash", &RECORD).unwrap_err().to_string();
        assert!(e.contains("--format latex") && e.contains("table, json, csv") && !e.contains('\n'), "{e}");
    }
}
