//! Batch output: one line per variant in CSV or JSON lines, deterministic slices of a study
//! (shards) for a cluster's job array, merging shard outputs into exactly the file a single
//! run writes, and resuming an interrupted run.
//!
//! Every line starts with the variant's index, and a run writes its lines in index order, so
//! the finished part of an interrupted output is always a prefix of its shard: resuming keeps
//! the complete lines of that prefix and evaluates the rest.

use super::{Study, VariantResult};
use std::ops::Range;

/// The output format of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// Comma-separated values with a header line: one row per variant, one column per
    /// measure and group measure.
    Csv,
    /// One JSON object per line with every member's and group's results.
    JsonLines,
}

/// A deterministic slice `index` of `count` (1-based, as in `--shard 2/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1.
    pub index: usize,
    /// How many slices.
    pub count: usize,
}

impl Shard {
    /// The whole batch.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `K/N` with `1 <= K <= N`.
    ///
    /// ```
    /// use comity::study::Shard;
    /// assert_eq!(Shard::parse("2/8").unwrap(), Shard { index: 2, count: 8 });
    /// assert!(Shard::parse("0/8").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("shard '{text}'; expected K/N with 1 <= K <= N, such as 2/8");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) =
            (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The variant indices of this slice of `total`: contiguous, and together the slices
    /// cover `0..total` once.
    ///
    /// ```
    /// use comity::study::Shard;
    /// let slices: Vec<_> = (1..=3).map(|k| Shard { index: k, count: 3 }.range(10)).collect();
    /// assert_eq!(slices, vec![0..3, 3..6, 6..10]);
    /// ```
    pub fn range(&self, total: usize) -> Range<usize> {
        let at = |k: usize| k * total / self.count;
        at(self.index - 1)..at(self.index)
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
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV header of a study's batch output.
pub fn csv_header(study: &Study) -> String {
    let mut columns: Vec<String> =
        ["index", "variant", "institution"].iter().map(|s| s.to_string()).collect();
    columns.extend(study.parameter_names().iter().cloned());
    for c in [
        "method",
        "members",
        "efficacy",
        "gini_shapley_shubik",
        "gini_banzhaf",
        "chair",
        "spatial_outcome",
        "spatial_distance",
    ] {
        columns.push(c.into());
    }
    for g in &study.file().groups {
        for m in GROUP_COLUMNS {
            columns.push(format!("{}.{m}", g.name));
        }
    }
    columns.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",")
}

const GROUP_COLUMNS: [&str; 10] = [
    "size",
    "member_share",
    "population_share",
    "shapley_shubik",
    "banzhaf",
    "penrose_ratio",
    "baron_ferejohn",
    "baron_ferejohn_chair",
    "change_shapley_shubik",
    "change_banzhaf",
];

fn number(x: Option<f64>) -> String {
    x.map(|x| format!("{x}")).unwrap_or_default()
}

/// One CSV row (without the line break) for `result`.
pub fn csv_row(study: &Study, result: &VariantResult) -> String {
    let mut fields = vec![result.index.to_string(), result.variant.clone(), result.institution.clone()];
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

/// One JSON line (without the line break) for `result`.
pub fn json_line(result: &VariantResult) -> String {
    serde_json::to_string(result).expect("results serialise")
}

/// The variant index a complete output line starts with.
fn line_index(line: &str, format: BatchFormat) -> Option<usize> {
    match format {
        BatchFormat::Csv => line.split(',').next()?.parse().ok(),
        BatchFormat::JsonLines => {
            let value: serde_json::Value = serde_json::from_str(line).ok()?;
            value.get("index")?.as_u64().map(|i| i as usize)
        }
    }
}

/// How much of an interrupted output `text` for the slice `range` is finished: the number of
/// variants, and the byte length of the part to keep (the header and complete lines; a
/// trailing partial line is dropped). An output whose lines do not match the slice is an error.
pub fn finished_prefix(
    text: &str,
    format: BatchFormat,
    header: Option<&str>,
    range: Range<usize>,
) -> Result<(usize, usize), String> {
    let mut kept = 0;
    let mut lines = text.split_inclusive('\n').filter(|l| l.ends_with('\n'));
    if let Some(header) = header {
        match lines.next() {
            None => return Ok((0, 0)),
            Some(line) if line.trim_end_matches('\n') == header => kept += line.len(),
            Some(_) => {
                return Err("its header differs from this study's; expected output of the same study".into())
            }
        }
    }
    let mut done = 0;
    for line in lines {
        let expected = range.start + done;
        match line_index(line.trim_end_matches('\n'), format) {
            Some(i) if i == expected && i < range.end => {}
            found => {
                return Err(format!(
                    "line {} holds variant {}; expected variant {expected} of this shard ({}..{})",
                    done + 1 + usize::from(header.is_some()),
                    found.map(|i| i.to_string()).unwrap_or_else(|| "(unreadable)".into()),
                    range.start,
                    range.end
                ))
            }
        }
        kept += line.len();
        done += 1;
    }
    Ok((done, kept))
}

/// Joins shard outputs (each `(label, text)`) into the output of a single run: the common
/// header once, then every line in index order. Shards may be given in any order; a missing
/// or repeated variant, a header that differs, or an unfinished shard is an error.
pub fn merge_outputs(shards: &[(String, String)], format: BatchFormat) -> Result<String, String> {
    let mut header: Option<&str> = None;
    let mut lines: Vec<(usize, &str)> = Vec::new();
    for (label, text) in shards {
        if !text.is_empty() && !text.ends_with('\n') {
            return Err(format!(
                "{label}: the last line is incomplete; expected a finished shard (rerun it with --resume)"
            ));
        }
        let mut rest = text.lines();
        if format == BatchFormat::Csv {
            let Some(h) = rest.next() else { return Err(format!("{label}: empty; expected a CSV header")) };
            match header {
                None => header = Some(h),
                Some(first) if first != h => {
                    return Err(format!(
                        "{label}: its header differs from the first shard's; expected shards of one study"
                    ))
                }
                _ => {}
            }
        }
        for (k, line) in rest.enumerate() {
            let index = line_index(line, format).ok_or_else(|| {
                format!("{label}: line {} has no variant index; expected batch output", k + 1)
            })?;
            lines.push((index, line));
        }
    }
    lines.sort_by_key(|(i, _)| *i);
    for (k, (i, _)) in lines.iter().enumerate() {
        if *i != k {
            return Err(if *i < k {
                format!("variant {i} appears in more than one shard")
            } else {
                format!("variant {k} is in no shard; expected shards 1..N of one batch")
            });
        }
    }
    let mut out = String::new();
    if let Some(h) = header {
        out.push_str(h);
        out.push('\n');
    }
    for (_, line) in lines {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
