//! Batch output: one line per variant in CSV or JSON lines, deterministic slices of a study
//! (shards) for a cluster's job array, merging shard outputs into exactly the file a single
//! run writes, and resuming an interrupted run.
//!
//! Every line starts with the variant's index and the number of variants in the whole batch
//! (`variant_count`), and a run writes its lines in index order. So the finished part of an
//! interrupted output is always a prefix of its shard (resuming keeps it and evaluates the
//! rest), and `merge` knows from the lines alone which variants must be there: a missing
//! shard, the last one included, is a gap in `0..variant_count`.
//!
//! The count is a column of every row rather than a `#` comment line, which pandas and
//! spreadsheet readers do not all skip, or a sidecar file, which is lost when the output is
//! copied on its own; and merging needs no study file, so shards can be merged where the spec
//! is not at hand. Every line merged or kept by a resume is checked (its index, count, number
//! of columns and the type of every value, or for JSON lines every field and its type), and
//! a line that fails is refused with its file and line number, never dropped.

use super::{Study, VariantResult};
use std::ops::Range;

/// The output format of a batch.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::{json_line, merge_outputs, BatchFormat};
/// // Two shards of JSON lines, given out of order, merge into the single run's output.
/// let first = json_line(&study.evaluate(0)?, 2) + "\n";
/// let second = json_line(&study.evaluate(1)?, 2) + "\n";
/// let shards = [("2.jsonl".to_string(), second.clone()), ("1.jsonl".to_string(), first.clone())];
/// assert_eq!(merge_outputs(&shards, BatchFormat::JsonLines)?, first + &second);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// Comma-separated values with a header line: one row per variant, one column per
    /// measure and group measure.
    Csv,
    /// One JSON object per line with every member's and group's results.
    JsonLines,
}

/// The column (and JSON field) holding the number of variants in the whole batch.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::{csv_header, json_line, VARIANT_COUNT};
/// assert_eq!(csv_header(&study).split(',').nth(1), Some(VARIANT_COUNT));
/// let line: serde_json::Value = serde_json::from_str(&json_line(&study.evaluate(0)?, 2))?;
/// assert_eq!(line[VARIANT_COUNT], 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const VARIANT_COUNT: &str = "variant_count";

/// A deterministic slice `index` of `count` (1-based, as in `--shard 2/8`).
///
/// ```
/// use comity::study::Shard;
/// // Ten variants in three slices, as `--shard 1/3`, `2/3` and `3/3` run them.
/// let second = Shard::parse("2/3")?;
/// assert_eq!(second, Shard::new(2, 3).unwrap());
/// assert_eq!(second.range(10), 3..6);
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1 (private: `1 <= index <= count` holds for every value).
    index: usize,
    /// How many slices.
    count: usize,
}

impl Shard {
    /// The whole batch.
    ///
    /// ```
    /// use comity::study::Shard;
    /// assert_eq!(Shard::ALL.range(240), 0..240);
    /// assert_eq!(Shard::parse("1/1"), Ok(Shard::ALL));
    /// ```
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `K/N` with `1 <= K <= N`.
    ///
    /// ```
    /// use comity::study::Shard;
    /// assert_eq!(Shard::parse("2/8").unwrap(), Shard::new(2, 8).unwrap());
    /// assert!(Shard::parse("0/8").is_err());
    /// assert!(Shard::parse("1/0").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = |why: String| format!("'{text}': {why}; expected K/N with 1 <= K <= N, such as 2/8");
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no '/'".into()))?;
        let whole = |s: &str, what: &str| {
            s.trim().parse::<usize>().map_err(|e| match e.kind() {
                std::num::IntErrorKind::PosOverflow => bad(format!("{what} is above {}", usize::MAX)),
                _ => bad(format!("{what} '{}' is not a whole number", s.trim())),
            })
        };
        Shard::new(whole(k, "K")?, whole(n, "N")?).map_err(bad)
    }

    /// Slice `index` of `count`, with `1 <= index <= count`.
    ///
    /// ```
    /// use comity::study::Shard;
    /// let shard = Shard::new(2, 8).unwrap();
    /// assert_eq!((shard.index(), shard.count()), (2, 8));
    /// assert_eq!(Shard::new(9, 8).unwrap_err(), "K 9 is outside 1..=8");
    /// assert_eq!(Shard::new(1, 0).unwrap_err(), "N is 0");
    /// ```
    pub fn new(index: usize, count: usize) -> Result<Shard, String> {
        if count == 0 {
            return Err("N is 0".into());
        }
        if index == 0 || index > count {
            return Err(format!("K {index} is outside 1..={count}"));
        }
        Ok(Shard { index, count })
    }

    /// Which slice, from 1.
    ///
    /// ```
    /// assert_eq!(comity::study::Shard::parse("3/4").unwrap().index(), 3);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// How many slices.
    ///
    /// ```
    /// assert_eq!(comity::study::Shard::parse("3/4").unwrap().count(), 4);
    /// ```
    pub fn count(&self) -> usize {
        self.count
    }

    /// Checks that every slice of a batch of `total` variants holds at least one: more
    /// slices than variants is a mistake (an empty job), not a request.
    ///
    /// ```
    /// use comity::study::Shard;
    /// assert!(Shard::new(1, 3).unwrap().check(3).is_ok());
    /// // Four slices of three variants would leave a job with nothing to do.
    /// let err = Shard::new(1, 4).unwrap().check(3).unwrap_err();
    /// assert_eq!(err, "1/4: the batch has 3 variants; expected N <= 3");
    /// ```
    pub fn check(&self, total: usize) -> Result<(), String> {
        if self.count > total {
            return Err(format!(
                "{}/{}: the batch has {total} variants; expected N <= {total}",
                self.index, self.count
            ));
        }
        Ok(())
    }

    /// The variant indices of this slice of `total`: contiguous, and together the slices
    /// cover `0..total` once.
    ///
    /// ```
    /// use comity::study::Shard;
    /// let slices: Vec<_> = (1..=3).map(|k| Shard::new(k, 3).unwrap().range(10)).collect();
    /// assert_eq!(slices, vec![0..3, 3..6, 6..10]);
    /// let huge = Shard::new(usize::MAX, usize::MAX).unwrap();
    /// assert_eq!(huge.range(10), 9..10);
    /// ```
    pub fn range(&self, total: usize) -> Range<usize> {
        // In 128 bits, so that K * total cannot overflow; the quotient is at most `total`.
        let at = |k: usize| (k as u128 * total as u128 / self.count.max(1) as u128) as usize;
        at(self.index.saturating_sub(1))..at(self.index)
    }
}

/// Quotes a CSV field when it needs it (RFC 4180).
///
/// ```
/// use comity::study::csv_field;
/// assert_eq!(csv_field("size[seats=2,quota=10]"), "\"size[seats=2,quota=10]\"");
/// assert_eq!(csv_field("plain"), "plain");
/// ```
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// What a CSV column holds, so that a resumed or merged row can be checked value by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Any text (names, sweep parameters).
    Text,
    /// A whole number (the index, the count, sizes).
    Whole,
    /// A number, always present.
    Number,
    /// A number, or empty when the measure was not computed.
    OptionalNumber,
}

/// The columns before the sweep parameters.
const HEAD_COLUMNS: [(&str, Kind); 4] = [
    ("index", Kind::Whole),
    (VARIANT_COUNT, Kind::Whole),
    ("variant", Kind::Text),
    ("institution", Kind::Text),
];

/// The columns after the sweep parameters and before the groups.
const VARIANT_COLUMNS: [(&str, Kind); 8] = [
    ("method", Kind::Text),
    ("members", Kind::Whole),
    ("efficacy", Kind::OptionalNumber),
    ("gini_shapley_shubik", Kind::OptionalNumber),
    ("gini_banzhaf", Kind::OptionalNumber),
    ("chair", Kind::Text),
    ("spatial_outcome", Kind::OptionalNumber),
    ("spatial_distance", Kind::OptionalNumber),
];

/// Each group's columns, `GROUP.size` and so on.
const GROUP_COLUMNS: [(&str, Kind); 10] = [
    ("size", Kind::Whole),
    ("member_share", Kind::Number),
    ("population_share", Kind::OptionalNumber),
    ("shapley_shubik", Kind::OptionalNumber),
    ("banzhaf", Kind::Number),
    ("penrose_ratio", Kind::OptionalNumber),
    ("baron_ferejohn", Kind::OptionalNumber),
    ("baron_ferejohn_chair", Kind::OptionalNumber),
    ("change_shapley_shubik", Kind::OptionalNumber),
    ("change_banzhaf", Kind::OptionalNumber),
];

/// The CSV header of a study's batch output.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::csv_header;
/// let header = csv_header(&study);
/// assert!(header.starts_with("index,variant_count,variant,institution,method,members,"));
/// // Ten columns per study group, named GROUP.measure.
/// assert!(header.ends_with(",permanent.change_shapley_shubik,permanent.change_banzhaf"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn csv_header(study: &Study) -> String {
    let mut columns: Vec<String> = HEAD_COLUMNS.iter().map(|(c, _)| c.to_string()).collect();
    columns.extend(study.parameter_names().iter().cloned());
    columns.extend(VARIANT_COLUMNS.iter().map(|(c, _)| c.to_string()));
    for g in &study.file().groups {
        for (m, _) in GROUP_COLUMNS {
            columns.push(format!("{}.{m}", g.name));
        }
    }
    columns.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",")
}

/// The kind of every column of a batch CSV header, read from the header alone (so that
/// `merge` needs no study file): the fixed columns first, the groups' columns from the end,
/// and the sweep parameters in between.
fn csv_layout(header: &[String]) -> Result<Vec<Kind>, String> {
    let not_batch = || {
        format!(
            "line 1 is not the header of comity batch output; expected {} first, then the sweep parameters, {} and each group's columns",
            HEAD_COLUMNS.map(|(c, _)| c).join(","),
            VARIANT_COLUMNS.map(|(c, _)| c).join(",")
        )
    };
    let fixed = HEAD_COLUMNS.len() + VARIANT_COLUMNS.len();
    if header.len() < fixed || HEAD_COLUMNS.iter().zip(header).any(|((c, _), h)| c != h) {
        return Err(not_batch());
    }
    let mut end = header.len();
    let mut groups = 0;
    while end >= fixed + GROUP_COLUMNS.len() {
        let block = &header[end - GROUP_COLUMNS.len()..end];
        let Some(group) = block[0].strip_suffix(".size") else { break };
        if !block.iter().zip(GROUP_COLUMNS).all(|(h, (m, _))| *h == format!("{group}.{m}")) {
            break;
        }
        groups += 1;
        end -= GROUP_COLUMNS.len();
    }
    let variant = &header[end - VARIANT_COLUMNS.len()..end];
    if variant.iter().zip(VARIANT_COLUMNS).any(|(h, (c, _))| h != c) {
        return Err(not_batch());
    }
    let parameters = end - fixed;
    let mut kinds: Vec<Kind> = HEAD_COLUMNS.iter().map(|(_, k)| *k).collect();
    kinds.extend(std::iter::repeat_n(Kind::Text, parameters));
    kinds.extend(VARIANT_COLUMNS.iter().map(|(_, k)| *k));
    for _ in 0..groups {
        kinds.extend(GROUP_COLUMNS.iter().map(|(_, k)| *k));
    }
    Ok(kinds)
}

/// Splits one CSV line into its fields (RFC 4180 quoting; the line has no line break).
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(format!("field {} opens a quote it never closes", fields.len() + 1)),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => {}
                Some(c) => {
                    return Err(format!("field {} has '{c}' after its closing quote", fields.len() + 1));
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some('"') => return Err(format!("field {} has a quote inside it", fields.len() + 1)),
                    Some(c) => field.push(c),
                }
            }
        }
        fields.push(field);
    }
}

/// What a checked output line says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LineInfo {
    index: usize,
    variant_count: usize,
    variant: String,
}

/// Checks one CSV row against the header's columns.
fn check_csv_line(line: &str, header: &[String], kinds: &[Kind]) -> Result<LineInfo, String> {
    let fields = split_csv(line)?;
    if fields.len() != kinds.len() {
        return Err(format!("{} columns; expected {} as in the header", fields.len(), kinds.len()));
    }
    for ((field, kind), column) in fields.iter().zip(kinds).zip(header) {
        let valid = match kind {
            Kind::Text => true,
            Kind::Whole => field.parse::<usize>().is_ok(),
            Kind::Number => field.parse::<f64>().is_ok(),
            Kind::OptionalNumber => field.is_empty() || field.parse::<f64>().is_ok(),
        };
        if !valid {
            let expected = match kind {
                Kind::Whole => "a whole number",
                Kind::Number => "a number",
                _ => "a number or nothing",
            };
            return Err(format!("column {column} holds '{field}'; expected {expected}"));
        }
    }
    Ok(LineInfo {
        index: fields[0].parse().expect("checked"),
        variant_count: fields[1].parse().expect("checked"),
        variant: fields[2].clone(),
    })
}

/// The JSON type a field of a JSON line must have.
#[derive(Debug, Clone, Copy)]
enum Json {
    Whole,
    Text,
    OptionalText,
    /// A number, or null: serde_json writes a NaN as null.
    Number,
    Parameters,
    Spatial,
    Groups,
    Members,
    Notes,
}

const LINE_FIELDS: [(&str, Json); 15] = [
    ("index", Json::Whole),
    (VARIANT_COUNT, Json::Whole),
    ("variant", Json::Text),
    ("institution", Json::Text),
    ("parameters", Json::Parameters),
    ("method", Json::Text),
    ("members", Json::Whole),
    ("efficacy", Json::Number),
    ("gini_shapley_shubik", Json::Number),
    ("gini_banzhaf", Json::Number),
    ("chair", Json::OptionalText),
    ("spatial", Json::Spatial),
    ("groups", Json::Groups),
    ("member_results", Json::Members),
    ("notes", Json::Notes),
];

const SPATIAL_FIELDS: [(&str, Json); 4] = [
    ("setter", Json::Text),
    ("outcome", Json::Number),
    ("distance", Json::Number),
    ("largest_move", Json::Number),
];

const GROUP_FIELDS: [(&str, Json); 11] = [
    ("name", Json::Text),
    ("size", Json::Whole),
    ("member_share", Json::Number),
    ("population_share", Json::Number),
    ("shapley_shubik", Json::Number),
    ("banzhaf", Json::Number),
    ("penrose_ratio", Json::Number),
    ("baron_ferejohn", Json::Number),
    ("baron_ferejohn_chair", Json::Number),
    ("change_shapley_shubik", Json::Number),
    ("change_banzhaf", Json::Number),
];

const MEMBER_FIELDS: [(&str, Json); 6] = [
    ("id", Json::Text),
    ("shapley_shubik", Json::Number),
    ("banzhaf", Json::Number),
    ("penrose_ratio", Json::Number),
    ("baron_ferejohn", Json::Number),
    ("baron_ferejohn_chair", Json::Number),
];

/// Checks that `value` is an object with exactly the fields `spec`, each of its type.
fn check_object(value: &serde_json::Value, spec: &[(&str, Json)], at: &str) -> Result<(), String> {
    let object =
        value.as_object().ok_or_else(|| format!("{} is {value}; expected an object", name_of(at)))?;
    for (field, kind) in spec {
        let path = if at.is_empty() { field.to_string() } else { format!("{at}.{field}") };
        let value = object.get(*field).ok_or_else(|| format!("field '{path}' is missing"))?;
        check_json(value, *kind, &path)?;
    }
    // The agenda, pooling, like-minded, seats and open-rule results are written only when
    // measured or when the variant is a club (and not checked here); `like_minded` was missing,
    // so merging a batch of clubs_vs_inclusive was refused.
    let optional =
        |k: &str| at.is_empty() && ["agenda", "pooling", "like_minded", "seats", "open_rule"].contains(&k);
    if let Some(extra) = object.keys().find(|k| !spec.iter().any(|(f, _)| f == k) && !optional(k)) {
        let path = if at.is_empty() { extra.clone() } else { format!("{at}.{extra}") };
        return Err(format!("unknown field '{path}'; expected the fields of comity batch output"));
    }
    Ok(())
}

fn name_of(at: &str) -> String {
    if at.is_empty() { "the line".into() } else { format!("field '{at}'") }
}

fn check_json(value: &serde_json::Value, kind: Json, path: &str) -> Result<(), String> {
    let strings = |v: &serde_json::Value, n: Option<usize>| {
        v.as_array().is_some_and(|a| a.iter().all(|s| s.is_string()) && n.is_none_or(|n| a.len() == n))
    };
    let (valid, expected) = match kind {
        Json::Whole => (value.as_u64().is_some(), "a whole number"),
        Json::Text => (value.is_string(), "a string"),
        Json::OptionalText => (value.is_string() || value.is_null(), "a string or null"),
        Json::Number => (value.is_number() || value.is_null(), "a number or null"),
        Json::Parameters => (
            value.as_array().is_some_and(|a| a.iter().all(|p| strings(p, Some(2)))),
            "a list of [axis, value] string pairs",
        ),
        Json::Notes => (strings(value, None), "a list of strings"),
        Json::Spatial if value.is_null() => (true, ""),
        Json::Spatial => return check_object(value, &SPATIAL_FIELDS, path),
        Json::Groups | Json::Members => {
            let Some(items) = value.as_array() else {
                return Err(format!("field '{path}' is {value}; expected a list"));
            };
            let spec: &[(&str, Json)] =
                if matches!(kind, Json::Groups) { &GROUP_FIELDS } else { &MEMBER_FIELDS };
            for (k, item) in items.iter().enumerate() {
                check_object(item, spec, &format!("{path}[{k}]"))?;
            }
            (true, "")
        }
    };
    if valid { Ok(()) } else { Err(format!("field '{path}' is {value}; expected {expected}")) }
}

/// Checks one JSON line: every field of a variant's results, each of its type.
fn check_json_line(line: &str) -> Result<LineInfo, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON ({e}); expected one JSON object"))?;
    check_object(&value, &LINE_FIELDS, "")?;
    let whole = |f: &str| value[f].as_u64().expect("checked") as usize;
    Ok(LineInfo {
        index: whole("index"),
        variant_count: whole(VARIANT_COUNT),
        variant: value["variant"].as_str().expect("checked").to_string(),
    })
}

/// A checker for the lines of one output: from its header in CSV.
enum Checker {
    Csv { header: Vec<String>, kinds: Vec<Kind> },
    JsonLines,
}

impl Checker {
    fn csv(header: &str) -> Result<Checker, String> {
        let header = split_csv(header).map_err(|m| format!("line 1: {m}"))?;
        let kinds = csv_layout(&header)?;
        Ok(Checker::Csv { header, kinds })
    }

    fn check(&self, line: &str) -> Result<LineInfo, String> {
        match self {
            Checker::Csv { header, kinds } => check_csv_line(line, header, kinds),
            Checker::JsonLines => check_json_line(line),
        }
    }
}

fn number(x: Option<f64>) -> String {
    x.map(|x| format!("{x}")).unwrap_or_default()
}

/// One CSV row (without the line break) for `result`.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::csv_row;
/// let row = csv_row(&study, &study.evaluate(1)?);
/// // The index, the number of variants, the variant and its institution come first.
/// assert!(row.starts_with("1,2,no_veto,unsc,"));
/// assert!(!row.contains('\n'));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn csv_row(study: &Study, result: &VariantResult) -> String {
    let mut fields = vec![
        result.index.to_string(),
        study.variants().len().to_string(),
        result.variant.clone(),
        result.institution.clone(),
    ];
    for name in study.parameter_names() {
        let value = result.parameters.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        fields.push(value.unwrap_or_default());
    }
    fields.push(result.method.clone());
    fields.push(result.members.to_string());
    fields.push(number(result.efficacy));
    fields.push(number(result.gini_shapley_shubik));
    fields.push(number(result.gini_banzhaf));
    fields.push(result.chair.clone().unwrap_or_default());
    fields.push(number(result.spatial.as_ref().map(|s| s.outcome)));
    fields.push(number(result.spatial.as_ref().map(|s| s.distance)));
    for g in &result.groups {
        fields.push(g.size.to_string());
        fields.push(number(Some(g.member_share)));
        fields.push(number(g.population_share));
        fields.push(number(g.shapley_shubik));
        fields.push(number(Some(g.banzhaf)));
        fields.push(number(g.penrose_ratio));
        fields.push(number(g.baron_ferejohn));
        fields.push(number(g.baron_ferejohn_chair));
        fields.push(number(g.change_shapley_shubik));
        fields.push(number(g.change_banzhaf));
    }
    fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")
}

/// One JSON line (without the line break) for `result`, one of `variant_count` variants:
/// the result's fields with the count after the index.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::json_line;
/// let line: serde_json::Value = serde_json::from_str(&json_line(&study.evaluate(1)?, 2))?;
/// assert_eq!((line["index"].as_u64(), line["variant_count"].as_u64()), (Some(1), Some(2)));
/// assert_eq!(line["variant"], "no_veto");
/// // Without the veto each of the 15 members has 1/15 of the Banzhaf power.
/// let banzhaf = line["member_results"][0]["banzhaf"].as_f64().expect("a number");
/// assert!((banzhaf - 1.0 / 15.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_line(result: &VariantResult, variant_count: usize) -> String {
    let serde_json::Value::Object(fields) = serde_json::to_value(result).expect("results serialise") else {
        unreachable!("a struct serialises to an object")
    };
    let mut line = serde_json::Map::new();
    for (key, value) in fields {
        let after_index = key == "index";
        line.insert(key, value);
        if after_index {
            line.insert(VARIANT_COUNT.into(), variant_count.into());
        }
    }
    serde_json::Value::Object(line).to_string()
}

/// How much of an interrupted output `text` of `study`'s slice `range` is finished: the
/// number of variants, and the byte length of the part to keep (the header and the complete
/// lines). Only a last line without its line break (a run killed mid-write) is dropped; every
/// kept line is checked (its index is the next of the slice, its count and variant name are
/// the study's, its values are well formed), and a line that fails makes the whole file an
/// error, named by line, since a file with one bad line cannot be trusted.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::{csv_header, csv_row, finished_prefix, BatchFormat};
/// // A run killed while writing its second row: the header and the first row are kept.
/// let kept = format!("{}\n{}\n", csv_header(&study), csv_row(&study, &study.evaluate(0)?));
/// let partial = csv_row(&study, &study.evaluate(1)?);
/// let text = format!("{kept}{}", &partial[..10]);
/// let done = finished_prefix(&study, text.as_bytes(), BatchFormat::Csv, 0..2)?;
/// assert_eq!(done, (1, kept.len()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn finished_prefix(
    study: &Study,
    text: &[u8],
    format: BatchFormat,
    range: Range<usize>,
) -> Result<(usize, usize), String> {
    let complete = &text[..text.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)];
    let complete = std::str::from_utf8(complete).map_err(|e| {
        let line = complete[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("line {line} is not UTF-8 text; expected batch output (delete the file to start afresh)")
    })?;
    let mut lines = complete.split_inclusive('\n').map(|l| l.trim_end_matches('\n'));
    let mut kept = 0;
    let mut number = 0;
    let checker = match format {
        BatchFormat::Csv => {
            let header = csv_header(study);
            match lines.next() {
                None => return Ok((0, 0)),
                Some(line) if line == header => kept += line.len() + 1,
                Some(_) => {
                    return Err("line 1: the header differs from this study's; expected the output of the same study (delete the file to start afresh)".into())
                }
            }
            number += 1;
            Checker::csv(&header)?
        }
        BatchFormat::JsonLines => Checker::JsonLines,
    };
    let total = study.variants().len();
    let mut done = 0;
    for line in lines {
        number += 1;
        let expected = range.start + done;
        let info = checker.check(line).map_err(|m| format!("line {number}: {m}"))?;
        let problem = if info.index != expected || info.index >= range.end {
            Some(format!(
                "holds variant {}; expected variant {expected} of this shard ({}..{})",
                info.index, range.start, range.end
            ))
        } else if info.variant_count != total {
            Some(format!("says the batch has {} variants; this study has {total}", info.variant_count))
        } else if info.variant != study.variants()[info.index].spec.name {
            Some(format!(
                "names variant '{}'; variant {} of this study is '{}'",
                info.variant,
                info.index,
                study.variants()[info.index].spec.name
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(format!("line {number} {problem} (delete the file to start afresh)"));
        }
        kept += line.len() + 1;
        done += 1;
    }
    Ok((done, kept))
}

/// Joins shard outputs (each `(label, text)`) into the output of a single run: the common
/// header once, then every line in index order. Shards may be given in any order. Every line
/// is checked, and the lines must cover exactly `0..variant_count`: a missing shard (the
/// last one too), a repeated or unfinished one, a header or count that differs, or a line
/// that is not well formed is an error naming the file and line.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::study::{csv_header, csv_row, merge_outputs, BatchFormat};
/// let header = csv_header(&study);
/// let (today, no_veto) = (csv_row(&study, &study.evaluate(0)?), csv_row(&study, &study.evaluate(1)?));
/// let first = format!("{header}\n{today}\n");
/// let second = format!("{header}\n{no_veto}\n");
/// let shards = [("1.csv".to_string(), first), ("2.csv".to_string(), second.clone())];
/// let merged = merge_outputs(&shards, BatchFormat::Csv)?;
/// assert_eq!(merged, format!("{header}\n{today}\n{no_veto}\n"));
/// // The first shard missing: a gap, not a shorter output.
/// let err = merge_outputs(&[("2.csv".into(), second)], BatchFormat::Csv).unwrap_err();
/// assert!(err.starts_with("variant 0 is in no shard given"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn merge_outputs(shards: &[(String, String)], format: BatchFormat) -> Result<String, String> {
    let mut header: Option<(&str, &str)> = None;
    let mut checker = match format {
        BatchFormat::Csv => None,
        BatchFormat::JsonLines => Some(Checker::JsonLines),
    };
    let mut total: Option<(usize, &str)> = None;
    // (index, shard, line)
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    for (s, (label, text)) in shards.iter().enumerate() {
        if text.is_empty() {
            return Err(format!("{label}: empty; expected a finished shard"));
        }
        let Some(body) = text.strip_suffix('\n') else {
            return Err(format!(
                "{label}: the last line is incomplete; expected a finished shard (rerun it with --resume)"
            ));
        };
        let mut rest = body.split('\n').enumerate().map(|(k, l)| (k + 1, l));
        if format == BatchFormat::Csv {
            let (_, h) = rest.next().expect("split yields at least one piece");
            match header {
                None => {
                    checker = Some(Checker::csv(h).map_err(|m| format!("{label}: {m}"))?);
                    header = Some((label, h));
                }
                Some((first, expected)) if expected != h => {
                    return Err(format!(
                        "{label}: its header differs from that of {first}; expected shards of one study"
                    ));
                }
                _ => {}
            }
        }
        let checker = checker.as_ref().expect("set for the first shard");
        let mut previous: Option<usize> = None;
        for (number, line) in rest {
            let info = checker.check(line).map_err(|m| format!("{label}: line {number}: {m}"))?;
            match total {
                None => total = Some((info.variant_count, label)),
                Some((n, first)) if n != info.variant_count => {
                    return Err(format!(
                        "{label}: line {number} says the batch has {} variants, {first} says {n}; expected shards of one batch",
                        info.variant_count
                    ));
                }
                _ => {}
            }
            if info.index >= info.variant_count {
                return Err(format!(
                    "{label}: line {number} holds variant {} of a batch of {}; expected an index below the count",
                    info.index, info.variant_count
                ));
            }
            if let Some(p) = previous {
                if info.index != p + 1 {
                    return Err(format!(
                        "{label}: line {number} holds variant {} after variant {p}; expected a shard's variants in order",
                        info.index
                    ));
                }
            }
            previous = Some(info.index);
            lines.push((info.index, s, line));
        }
    }
    let Some((total, _)) = total else {
        return Err("the shards hold no variants; expected finished shard outputs".into());
    };
    lines.sort_by_key(|(i, _, _)| *i);
    let gap = |from: usize, to: usize| {
        let which = if from + 1 == to {
            format!("variant {from} is")
        } else {
            format!("variants {from} to {} are", to - 1)
        };
        format!(
            "{which} in no shard given (the batch has {total} variants); expected every shard 1..N of the batch"
        )
    };
    let mut next = 0;
    for (k, &(i, s, _)) in lines.iter().enumerate() {
        if i < next {
            let other = lines[k - 1].1;
            return Err(format!(
                "variant {i} appears in more than one shard ({} and {}); expected each shard once",
                shards[other].0, shards[s].0
            ));
        }
        if i > next {
            return Err(gap(next, i));
        }
        next = i + 1;
    }
    if next < total {
        return Err(gap(next, total));
    }
    let mut out = String::new();
    if let Some((_, h)) = header {
        out.push_str(h);
        out.push('\n');
    }
    for (_, _, line) in lines {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
