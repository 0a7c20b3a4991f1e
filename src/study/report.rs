//! Study reports: the question, the variants with their sources, a table per measure the study
//! asked for, the charts and the headline, written as Markdown (`report.md`), LaTeX
//! (`report.tex`, booktabs tables ready for pdflatex) and one self-contained HTML page
//! (`report.html`, the charts inline as SVG, no external assets and no script); the results as
//! `results.json` (everything, for notebooks), `groups.csv` and `members.csv` (one row per
//! variant and group or member); and the charts as SVG and PNG (`charts` feature).
//!
//! Tables follow one rule per column: every number in a column has one format, fixed digits
//! chosen for three significant digits of its smallest non-zero value, or scientific
//! notation for the whole column when that value is below [`SCIENTIFIC_BELOW`]; a column
//! whose value is the same in every row (the chair, a group's size) is said once above the
//! table; a column of a measure the study did not ask for is not shown.

#[cfg(feature = "charts")]
use super::chart;
use super::reciprocity::ReciprocityResult;
use super::{Measure, Study, StudyError, VariantResult};
use serde_json::json;
use std::fmt::Write;

/// A column switches to scientific notation when its smallest non-zero magnitude, in the
/// column's unit (per cent, points or a plain number), is below this.
const SCIENTIFIC_BELOW: f64 = 1e-3;

/// Magnitudes below this, in a column of differences or of inequality (a change against the
/// baseline, a Gini coefficient), are rounding noise of sums that are equal, shown as zero.
/// Other columns show every non-zero value: a power to act of 10^-58 is not zero.
const NOISE: f64 = 1e-12;

/// What a study produced.
///
/// ```
/// // `study`: today's Security Council and the Council without the veto.
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
/// use comity::study::Outcome;
/// let Outcome::Power(results) = study.run()? else { panic!("a power study") };
/// assert_eq!(results.len(), 2); // one result per variant
/// # Ok::<(), comity::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Rule variants and their measures.
    Power(Vec<VariantResult>),
    /// Repeated institutions by membership size.
    Reciprocity(Vec<ReciprocityResult>),
    /// A body's membership over time.
    Growth(super::growth::GrowthResult),
}

/// A report's files.
///
/// ```
/// // `study`: today's Security Council and the Council without the veto.
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik"]
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
/// use comity::study::report;
/// let report = report(&study, &study.run()?)?;
/// assert_eq!(report.files[0].0, "report.md");
/// let (_, md) = &report.files[0];
/// assert!(md.starts_with("# The veto"));
/// // The charts as PNG (one here: the group shares), beside their SVG among the files.
/// assert!(report.images.iter().all(|(name, png)| name.ends_with(".png") && png.starts_with(b"\x89PNG")));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The text files `(file name, contents)`, the Markdown report first.
    pub files: Vec<(String, String)>,
    /// The binary files `(file name, bytes)`: the charts as PNG (`charts` feature).
    pub images: Vec<(String, Vec<u8>)>,
}

impl Study {
    /// Runs the study: every variant measured, or every reciprocity model simulated.
    ///
    /// ```
    /// // `study`: today's Security Council and the Council without the veto.
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
    /// use comity::study::Outcome;
    /// let Outcome::Power(results) = study.run()? else { panic!("a power study") };
    /// // By hand: 2105/2145 of the Shapley-Shubik power with the veto; without it, all 15 members
    /// // are symmetric under "9 of 15", so the permanent five hold 5/15.
    /// let permanent = |v: usize| results[v].groups[0].shapley_shubik.expect("measured");
    /// assert!((permanent(0) - 2105.0 / 2145.0).abs() < 1e-12);
    /// assert!((permanent(1) - 5.0 / 15.0).abs() < 1e-12);
    /// # Ok::<(), comity::study::StudyError>(())
    /// ```
    pub fn run(&self) -> Result<Outcome, StudyError> {
        self.run_cancellable(&crate::cancel::CancelToken::new())
    }

    /// [`Study::run`] that stops once `cancel` is cancelled, between the variants of a power
    /// study ([`Study::evaluate_all_cancellable`]) and between the dates of a growth study; a
    /// reciprocity study runs to the end.
    ///
    /// ```
    /// # use comity::study::Study;
    /// # let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n";
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// use comity::cancel::CancelToken;
    /// let cancel = CancelToken::new();
    /// cancel.cancel();
    /// assert!(study.run_cancellable(&cancel).unwrap_err().to_string().contains("interrupted"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_cancellable(&self, cancel: &crate::cancel::CancelToken) -> Result<Outcome, StudyError> {
        self.run_with(cancel, &|| {})
    }

    /// How many steps [`Study::run_with`] reports: one per variant of a power study; one for a
    /// reciprocity or growth study, which runs as one piece.
    ///
    /// ```
    /// # use comity::study::Study;
    /// # let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n\n[[variants]]\nname = \"no_veto\"\ninstitution = \"unsc\"\nrule = { count = { at_least = 9 } }\n";
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// // Two variants: today's Council and the Council without the veto.
    /// assert_eq!(study.run_steps(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_steps(&self) -> usize {
        if self.file().growth.is_some() || self.file().reciprocity.is_some() {
            1
        } else {
            self.variants().len()
        }
    }

    /// [`Study::run_cancellable`] that reports its progress: `progress` is called once per
    /// step done ([`Study::run_steps`] in all: after each variant of a power study, from
    /// whichever thread measured it; once at the end of a reciprocity or growth study), so
    /// that a caller can show a bar. (Rejected: a counter the caller polls, which a caller
    /// wanting a callback would have to wrap in a thread; a callback wraps a counter in one
    /// line.)
    ///
    /// ```
    /// # use comity::study::Study;
    /// # let text = "[study]\nid = \"veto\"\ntitle = \"The veto\"\nquestion = \"What does it give?\"\nsource = \"models/institutions/unsc.toml\"\ndate = \"2026-11-30\"\n\n[institutions]\nunsc = \"unsc.toml\"\n\n[[variants]]\nname = \"today\"\ninstitution = \"unsc\"\nrule = \"substantive\"\n\n[[variants]]\nname = \"no_veto\"\ninstitution = \"unsc\"\nrule = { count = { at_least = 9 } }\n";
    /// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// use comity::cancel::CancelToken;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// let done = AtomicUsize::new(0);
    /// study.run_with(&CancelToken::new(), &|| {
    ///     done.fetch_add(1, Ordering::Relaxed);
    /// })?;
    /// assert_eq!(done.load(Ordering::Relaxed), study.run_steps());
    /// assert_eq!(done.load(Ordering::Relaxed), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_with(
        &self,
        cancel: &crate::cancel::CancelToken,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Outcome, StudyError> {
        if let Some(g) = &self.file().growth {
            let outcome =
                super::growth::evaluate_cancellable(g, self.dir(), self.label(), cancel).map(Outcome::Growth);
            progress();
            return outcome;
        }
        match &self.file().reciprocity {
            Some(r) => {
                let outcome = super::reciprocity::evaluate_cancellable(
                    &r.models,
                    &r.members,
                    r.rounds,
                    r.seeds,
                    self.dir(),
                    self.label(),
                    cancel,
                )
                .map(Outcome::Reciprocity);
                progress();
                outcome
            }
            None => self.evaluate_all_with(cancel, progress).map(Outcome::Power),
        }
    }

    /// [`Study::evaluate_all_cancellable`] calling `progress` after each variant.
    pub(super) fn evaluate_all_with(
        &self,
        cancel: &crate::cancel::CancelToken,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<VariantResult>, StudyError> {
        use rayon::prelude::*;
        let mut results: Vec<VariantResult> = (0..self.variants().len())
            .into_par_iter()
            .map(|k| {
                cancel.check().map_err(|e| StudyError::new(self.label(), "", e.to_string()))?;
                let result = self.evaluate_cancellable(k, cancel);
                progress();
                result
            })
            .collect::<Result<_, _>>()?;
        if let Some(b) = self.baseline_index() {
            let baseline = results[b].clone();
            for r in &mut results {
                super::set_change(r, &baseline);
            }
        }
        Ok(results)
    }

    /// The group the headline reports: `headline_group`, else the first group.
    ///
    /// ```
    /// // `study`: today's Security Council and the Council without the veto, one group.
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
    /// // No `headline_group` in the file: the first group.
    /// assert_eq!(study.headline_group(), Some(0));
    /// // Named: a second group, Denmark, made the headline.
    /// let text = text.replace("baseline = \"today\"", "baseline = \"today\"\nheadline_group = \"denmark\"")
    ///     + "[[groups]]\nname = \"denmark\"\nids = [\"DNK\"]\n";
    /// let named = Study::from_toml(&text, "veto.toml", std::path::Path::new("models/institutions"))?;
    /// assert_eq!(named.headline_group(), Some(1));
    /// # Ok::<(), comity::study::StudyError>(())
    /// ```
    pub fn headline_group(&self) -> Option<usize> {
        let groups = &self.file().groups;
        match &self.file().study.headline_group {
            Some(name) => groups.iter().position(|g| &g.name == name),
            None => (!groups.is_empty()).then_some(0),
        }
    }
}

/// How a column's numbers are shown.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    /// A share shown in per cent.
    Percent,
    /// A change of share shown in signed percentage points.
    Points,
    /// A number as it is.
    Plain,
    /// A number as it is whose rounding noise is zero (a Gini coefficient).
    PlainDenoised,
}

/// Formats one column of numbers in one format (see the module documentation); `None` is a
/// dash.
fn number_column(values: &[Option<f64>], unit: Unit) -> Vec<String> {
    let scale = if matches!(unit, Unit::Plain | Unit::PlainDenoised) { 1.0 } else { 100.0 };
    let floor = if matches!(unit, Unit::Points | Unit::PlainDenoised) { NOISE } else { 0.0 };
    let shown: Vec<Option<f64>> =
        values.iter().map(|v| v.map(|v| if (v * scale).abs() < floor { 0.0 } else { v * scale })).collect();
    let smallest = shown.iter().flatten().map(|v| v.abs()).filter(|&v| v > 0.0).fold(f64::INFINITY, f64::min);
    let scientific = smallest < SCIENTIFIC_BELOW;
    let decimals =
        if smallest.is_finite() { (2.0 - smallest.log10().floor()).clamp(0.0, 6.0) as usize } else { 2 };
    let signed = unit == Unit::Points;
    shown
        .iter()
        .map(|v| match v {
            None => "–".to_string(),
            Some(v) if *v == 0.0 => {
                if scientific {
                    "0".into()
                } else {
                    format!("{:.decimals$}", 0.0)
                }
            }
            Some(v) => {
                let text = if scientific { format!("{v:.2e}") } else { format!("{v:.decimals$}") };
                if signed && *v > 0.0 { format!("+{text}") } else { text }
            }
        })
        .collect()
}

/// A column of a table.
struct Column {
    header: String,
    cells: Vec<String>,
    /// Numbers are right-aligned.
    numeric: bool,
    /// Long prose (descriptions, sources): a wrapped paragraph column in LaTeX.
    prose: bool,
}

impl Column {
    fn text(header: &str, cells: Vec<String>) -> Column {
        Column { header: header.into(), cells, numeric: false, prose: false }
    }

    fn prose(header: &str, cells: Vec<String>) -> Column {
        Column { header: header.into(), cells, numeric: false, prose: true }
    }

    fn numbers(header: &str, values: &[Option<f64>], unit: Unit) -> Column {
        Column { header: header.into(), cells: number_column(values, unit), numeric: true, prose: false }
    }

    /// Means with the half-widths of their intervals, `mean ± half-width`: the means share one
    /// format and the half-widths another (each chosen like a column's, see
    /// [`number_column`]); a missing mean is a dash and a half-width that is not a number is
    /// left out.
    fn with_intervals(header: &str, values: &[(Option<f64>, f64)], unit: Unit) -> Column {
        let means = number_column(&values.iter().map(|v| v.0).collect::<Vec<_>>(), unit);
        // A half-width at rounding level of its mean (a share fixed by the model) is shown as
        // 0, not in scientific notation that would set the format of the whole column. The
        // level is relative to the mean: an absolute one would call exact a real interval
        // around a small mean (a burden per head of 1e-13 of the budget).
        let halves: Vec<Option<f64>> = values
            .iter()
            .map(|&(m, h)| {
                let scale = m.map_or(0.0, f64::abs).max(f64::MIN_POSITIVE);
                Some(h).filter(|h| h.is_finite()).map(|h| if h.abs() < NOISE * scale { 0.0 } else { h })
            })
            .collect();
        let halves = number_column(&halves, unit);
        let cells = means
            .into_iter()
            .zip(halves)
            .zip(values)
            .map(|((m, h), v)| if v.0.is_none() || !v.1.is_finite() { m } else { format!("{m} ± {h}") })
            .collect();
        Column { header: header.into(), cells, numeric: true, prose: false }
    }

    fn counts(header: &str, values: impl Iterator<Item = usize>) -> Column {
        Column {
            header: header.into(),
            cells: values.map(|v| v.to_string()).collect(),
            numeric: true,
            prose: false,
        }
    }
}

/// A table: its key column first; columns constant over its rows are said once above it.
struct Table {
    caption: String,
    constants: Vec<String>,
    columns: Vec<Column>,
}

impl Table {
    /// Builds a table from its columns (the first names the rows), moving constant columns
    /// into one sentence above it and dropping columns with no value at all.
    fn new(caption: impl Into<String>, row_noun: &str, columns: Vec<Column>) -> Table {
        let mut kept = Vec::new();
        let mut constants = Vec::new();
        let rows = columns.first().map_or(0, |c| c.cells.len());
        for (k, column) in columns.into_iter().enumerate() {
            let first = column.cells.first().cloned().unwrap_or_default();
            let constant = rows > 1 && column.cells.iter().all(|c| *c == first);
            if k > 0 && constant && first == "–" {
                constants.push(format!("{}: not available", column.header));
            } else if k > 0 && constant && !column.prose {
                constants.push(format!("{}: {first} in every {row_noun}", column.header));
            } else {
                kept.push(column);
            }
        }
        Table { caption: caption.into(), constants, columns: kept }
    }

    fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.cells.len())
    }
}

/// A piece of a report, rendered to Markdown, LaTeX and HTML alike.
enum Block {
    Heading(u8, String),
    /// A paragraph, with an optional bold lead-in ("Question.").
    Paragraph(Option<String>, String),
    Table(Table),
    /// Preformatted text (the headline).
    Preformatted(String),
    /// A chart: its file stem, alternative text and SVG.
    #[cfg_attr(not(feature = "charts"), allow(dead_code))]
    Chart {
        stem: String,
        caption: String,
        svg: String,
    },
}

/// The study's report files: `report.md`, `report.tex`, `report.html`, `results.json`,
/// `groups.csv` and `members.csv` (a power study), and each chart as SVG among the files and
/// as PNG among the images (`charts` feature).
///
/// ```
/// use comity::study::{Study, report};
/// // The Security Council reform study: a second or so (the IMF's would take minutes unoptimised).
/// let study = Study::load("models/studies/unsc_reform.toml").unwrap();
/// let report = report(&study, &study.run().unwrap()).unwrap();
/// let names: Vec<&str> = report.files.iter().map(|(name, _)| name.as_str()).collect();
/// for name in ["report.md", "report.tex", "report.html", "results.json", "groups.csv", "members.csv"] {
///     assert!(names.contains(&name), "{name}");
/// }
/// // Every chart as PNG beside its SVG (with the `charts` feature, on by default).
/// for (png, bytes) in &report.images {
///     assert!(names.contains(&png.replace(".png", ".svg").as_str()));
///     assert!(bytes.starts_with(b"\x89PNG"));
/// }
/// ```
pub fn report(study: &Study, outcome: &Outcome) -> Result<Report, StudyError> {
    let chart_error = |m: String| StudyError::new(study.label(), "report", m);
    let info = &study.file().study;
    let mut blocks = vec![
        Block::Paragraph(Some("Question.".into()), info.question.clone()),
        Block::Paragraph(Some("Sources.".into()), format!("{} ({})", info.source, info.date)),
    ];
    if let Some(notes) = &info.notes {
        blocks.push(Block::Paragraph(Some("Notes.".into()), notes.clone()));
    }
    blocks.push(Block::Paragraph(None, format!("Generated by comity study {}.", study.label())));
    let mut files = Vec::new();
    let json = match outcome {
        Outcome::Power(results) => {
            power_blocks(study, results, &mut blocks);
            power_charts(study, results, &mut blocks);
            files.push(("groups.csv".to_string(), groups_csv(study, results)));
            files.push(("members.csv".to_string(), members_csv(study, results)));
            power_json(study, results)
        }
        Outcome::Reciprocity(results) => {
            reciprocity_blocks(results, &mut blocks);
            json!({ "study": info, "kind": "reciprocity", "results": results })
        }
        Outcome::Growth(result) => {
            growth_blocks(result, &mut blocks);
            json!({ "study": info, "kind": "growth", "results": result })
        }
    };
    blocks.push(Block::Heading(2, "Headline".into()));
    blocks.push(Block::Preformatted(super::headline::headline_table(study, outcome)));

    let mut images = Vec::new();
    let mut charts = Vec::new();
    for block in &blocks {
        if let Block::Chart { stem, svg, .. } = block {
            charts.push((format!("{stem}.svg"), svg.clone()));
            images.push((format!("{stem}.png"), png(svg).map_err(chart_error)?));
        }
    }
    let mut all = vec![
        ("report.md".to_string(), markdown(&info.title, &blocks)),
        ("report.tex".to_string(), latex(&info.title, &blocks)),
        ("report.html".to_string(), html(&info.title, &blocks)),
        ("results.json".to_string(), serde_json::to_string_pretty(&json).expect("results serialise") + "\n"),
    ];
    all.extend(files);
    all.extend(charts);
    Ok(Report { files: all, images })
}

#[cfg(feature = "charts")]
fn png(svg: &str) -> Result<Vec<u8>, String> {
    chart::png(svg)
}

#[cfg(not(feature = "charts"))]
fn png(_svg: &str) -> Result<Vec<u8>, String> {
    Ok(Vec::new())
}

/// `results.json` of a power study: the results as measured, with each variant's and group's
/// label beside its name.
fn power_json(study: &Study, results: &[VariantResult]) -> serde_json::Value {
    let groups = &study.file().groups;
    let mut results_json = serde_json::to_value(results).expect("results serialise");
    if let Some(list) = results_json.as_array_mut() {
        for (r, value) in results.iter().zip(list) {
            let label = study.variants()[r.index].spec.display_label().to_string();
            if let Some(object) = value.as_object_mut() {
                object.insert("variant_label".into(), json!(label));
                if let Some(gs) = object.get_mut("groups").and_then(|g| g.as_array_mut()) {
                    for (g, spec) in gs.iter_mut().zip(groups) {
                        if let Some(g) = g.as_object_mut() {
                            g.insert("label".into(), json!(spec.display_label()));
                        }
                    }
                }
            }
        }
    }
    let variants: Vec<serde_json::Value> = study
        .variants()
        .iter()
        .map(|v| {
            json!({
                "name": v.spec.name,
                "label": v.spec.display_label(),
                "institution": v.spec.institution,
                "description": v.spec.description,
                "source": v.spec.source,
                "parameters": v.parameters,
            })
        })
        .collect();
    json!({
        "study": study.file().study,
        "kind": "power",
        "measures": study.measures(),
        "groups": groups,
        "variants": variants,
        "results": results_json,
        "worth": super::worth::worth_sentences(study, results),
    })
}

fn cell(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// `groups.csv`: one row per variant and group, every measure as a plain number (empty where
/// not computed), shares as fractions.
fn groups_csv(study: &Study, results: &[VariantResult]) -> String {
    use super::csv_field;
    let mut out = String::from(
        "variant,variant_label,group,group_label,size,member_share,population_share,shapley_shubik,banzhaf,penrose_ratio,baron_ferejohn,baron_ferejohn_chair,change_shapley_shubik,change_banzhaf\n",
    );
    for r in results {
        let label = study.variants()[r.index].spec.display_label();
        for (g, spec) in r.groups.iter().zip(&study.file().groups) {
            let fields = [
                csv_field(&r.variant),
                csv_field(label),
                csv_field(&g.name),
                csv_field(spec.display_label()),
                g.size.to_string(),
                g.member_share.to_string(),
                cell(g.population_share),
                cell(g.shapley_shubik),
                g.banzhaf.to_string(),
                cell(g.penrose_ratio),
                cell(g.baron_ferejohn),
                cell(g.baron_ferejohn_chair),
                cell(g.change_shapley_shubik),
                cell(g.change_banzhaf),
            ];
            let _ = writeln!(out, "{}", fields.join(","));
        }
    }
    out
}

/// `members.csv`: one row per variant and member.
fn members_csv(study: &Study, results: &[VariantResult]) -> String {
    use super::csv_field;
    let mut out = String::from(
        "variant,variant_label,member,shapley_shubik,banzhaf,penrose_ratio,baron_ferejohn,baron_ferejohn_chair\n",
    );
    for r in results {
        let label = study.variants()[r.index].spec.display_label();
        for m in &r.member_results {
            let fields = [
                csv_field(&r.variant),
                csv_field(label),
                csv_field(&m.id),
                cell(m.shapley_shubik),
                m.banzhaf.to_string(),
                cell(m.penrose_ratio),
                cell(m.baron_ferejohn),
                cell(m.baron_ferejohn_chair),
            ];
            let _ = writeln!(out, "{}", fields.join(","));
        }
    }
    out
}

fn power_blocks(study: &Study, results: &[VariantResult], blocks: &mut Vec<Block>) {
    let wants = |m: Measure| study.measures().contains(&m);
    let groups = &study.file().groups;
    let label = |r: &VariantResult| study.variants()[r.index].spec.display_label().to_string();
    let labels: Vec<String> = results.iter().map(label).collect();

    blocks.push(Block::Heading(2, "Variants".into()));
    let specs: Vec<_> = results.iter().map(|r| &study.variants()[r.index]).collect();
    blocks.push(Block::Table(Table::new(
        "The rule variants compared",
        "variant",
        vec![
            Column::text("variant", labels.clone()),
            Column::text("id", specs.iter().map(|v| v.spec.name.clone()).collect()),
            Column::counts("members", results.iter().map(|r| r.members)),
            Column::prose(
                "description",
                specs.iter().map(|v| v.spec.description.clone().unwrap_or_default()).collect(),
            ),
            Column::prose(
                "source",
                specs.iter().map(|v| v.spec.source.clone().unwrap_or_default()).collect(),
            ),
        ],
    )));

    let mut body = vec![Column::text("variant", labels.clone())];
    if wants(Measure::Efficacy) {
        body.push(Column::numbers(
            "power to act",
            &results.iter().map(|r| r.efficacy).collect::<Vec<_>>(),
            Unit::Plain,
        ));
    }
    if wants(Measure::Gini) {
        if wants(Measure::ShapleyShubik) {
            let values: Vec<_> = results.iter().map(|r| r.gini_shapley_shubik).collect();
            body.push(Column::numbers("Gini (Shapley-Shubik)", &values, Unit::PlainDenoised));
        }
        let values: Vec<_> = results.iter().map(|r| r.gini_banzhaf).collect();
        body.push(Column::numbers("Gini (Banzhaf)", &values, Unit::PlainDenoised));
    }
    if wants(Measure::BaronFerejohn) || wants(Measure::Spatial) {
        body.push(Column::text(
            "chair",
            results.iter().map(|r| r.chair.clone().unwrap_or_else(|| "–".into())).collect(),
        ));
    }
    if wants(Measure::Spatial) {
        let outcome: Vec<_> = results.iter().map(|r| r.spatial.as_ref().map(|s| s.outcome)).collect();
        let distance: Vec<_> = results.iter().map(|r| r.spatial.as_ref().map(|s| s.distance)).collect();
        body.push(Column::numbers("spatial outcome", &outcome, Unit::Plain));
        body.push(Column::numbers("distance from status quo", &distance, Unit::Plain));
    }
    body.push(Column::text("counted by", results.iter().map(|r| r.method.clone()).collect()));
    blocks.push(Block::Heading(2, "The body".into()));
    blocks.push(Block::Paragraph(
        None,
        "Power to act is Coleman's: the share of all coalitions that win. Gini is the inequality of the members' shares (0: equal)."
            .into(),
    ));
    blocks.push(Block::Table(Table::new("The body under each variant", "variant", body)));

    blocks.push(Block::Heading(2, "Groups".into()));
    let baseline = study.baseline_index().map(|b| study.variants()[b].spec.display_label().to_string());
    blocks.push(Block::Paragraph(
        None,
        format!(
            "Shares are group totals, in per cent. Penrose ratio: the group's Banzhaf share over its share of the square roots of the populations (1: equal power per citizen). Baron-Ferejohn: expected share of a unit to divide, with equal recognition and with the chair.{}",
            baseline.as_ref().map(|b| format!(" Change: percentage points against {b}.")).unwrap_or_default()
        ),
    ));
    for (k, group) in groups.iter().enumerate() {
        let g = |f: &dyn Fn(&super::GroupResult) -> Option<f64>| -> Vec<Option<f64>> {
            results.iter().map(|r| f(&r.groups[k])).collect()
        };
        let mut columns = vec![
            Column::text("variant", labels.clone()),
            Column::counts("members", results.iter().map(|r| r.groups[k].size)),
            Column::numbers("share of members (%)", &g(&|g| Some(g.member_share)), Unit::Percent),
            Column::numbers("share of population (%)", &g(&|g| g.population_share), Unit::Percent),
        ];
        if wants(Measure::ShapleyShubik) {
            columns.push(Column::numbers("Shapley-Shubik (%)", &g(&|g| g.shapley_shubik), Unit::Percent));
        }
        if wants(Measure::Banzhaf) {
            columns.push(Column::numbers("Banzhaf (%)", &g(&|g| Some(g.banzhaf)), Unit::Percent));
        }
        if wants(Measure::Penrose) {
            columns.push(Column::numbers("Penrose ratio", &g(&|g| g.penrose_ratio), Unit::Plain));
        }
        if wants(Measure::BaronFerejohn) {
            columns.push(Column::numbers("Baron-Ferejohn (%)", &g(&|g| g.baron_ferejohn), Unit::Percent));
            columns.push(Column::numbers("with chair (%)", &g(&|g| g.baron_ferejohn_chair), Unit::Percent));
        }
        if wants(Measure::Deadline) {
            let values: Vec<Option<f64>> = results
                .iter()
                .map(|r| r.agenda.as_ref().and_then(|a| a.deadline.as_ref()).map(|d| d.groups[k]))
                .collect();
            columns.push(Column::numbers("deadline (%)", &values, Unit::Percent));
        }
        if wants(Measure::CoFacilitators) {
            let values: Vec<Option<f64>> = results
                .iter()
                .map(|r| r.agenda.as_ref().and_then(|a| a.co_facilitators.as_ref()).map(|c| c.groups[k]))
                .collect();
            columns.push(Column::numbers("co-facilitated (%)", &values, Unit::Percent));
        }
        if baseline.is_some() {
            if wants(Measure::ShapleyShubik) {
                columns.push(Column::numbers(
                    "change SS (pp)",
                    &g(&|g| g.change_shapley_shubik),
                    Unit::Points,
                ));
            }
            if wants(Measure::Banzhaf) {
                columns.push(Column::numbers("change Banzhaf (pp)", &g(&|g| g.change_banzhaf), Unit::Points));
            }
        }
        blocks.push(Block::Heading(3, group.display_label().to_string()));
        blocks.push(Block::Table(Table::new(
            format!("{} under each variant", group.display_label()),
            "variant",
            columns,
        )));
    }
    agenda_blocks(study, results, &labels, blocks);
    seats_and_open_rule_blocks(study, results, &labels, blocks);
    pooling_blocks(study, results, &labels, blocks);
    like_minded_blocks(results, &labels, blocks);
    let notes: Vec<String> =
        results.iter().flat_map(|r| r.notes.iter().map(move |n| format!("{}: {n}", r.variant))).collect();
    if !notes.is_empty() {
        blocks.push(Block::Heading(2, "Measures left out".into()));
        for note in notes {
            blocks.push(Block::Paragraph(None, note));
        }
    }
}

/// The agenda section: what the chair, a deadline, co-facilitators and status-quo bargaining
/// are worth to the chair, one row per variant.
fn agenda_blocks(study: &Study, results: &[VariantResult], labels: &[String], blocks: &mut Vec<Block>) {
    let wants = |m: Measure| study.measures().contains(&m);
    let agenda = [Measure::Deadline, Measure::CoFacilitators, Measure::StatusQuo];
    if !agenda.iter().any(|&m| wants(m)) && !wants(Measure::BaronFerejohn) {
        return;
    }
    // A variant where no agenda measure was solved (the notes say why, e.g. a rule the
    // Baron-Ferejohn methods refuse) would be a row of dashes: it is named under the table
    // instead of shown in it.
    let solved = |r: &VariantResult| {
        chair_member(r).is_some_and(|m| m.baron_ferejohn.is_some() || m.baron_ferejohn_chair.is_some())
            || r.agenda.as_ref().is_some_and(|a| {
                a.chair_worth.is_some()
                    || a.deadline.is_some()
                    || a.co_facilitators.is_some()
                    || a.status_quo.is_some()
            })
    };
    let (kept, left_out): (Vec<usize>, Vec<usize>) = (0..results.len()).partition(|&i| solved(&results[i]));
    if kept.is_empty() {
        return;
    }
    let left_out: Vec<&str> = left_out.iter().map(|&i| labels[i].as_str()).collect();
    let results: Vec<&VariantResult> = kept.iter().map(|&i| &results[i]).collect();
    let labels: Vec<String> = kept.iter().map(|&i| labels[i].clone()).collect();
    let column = |f: &dyn Fn(&super::AgendaResult) -> Option<f64>| -> Vec<Option<f64>> {
        results.iter().map(|r| r.agenda.as_ref().and_then(f)).collect()
    };
    fn chair_member(r: &VariantResult) -> Option<&super::MemberResult> {
        let id = r.agenda.as_ref()?.chair.as_ref()?;
        r.member_results.iter().find(|m| &m.id == id)
    }
    let mut columns = vec![
        Column::text("variant", labels.to_vec()),
        Column::text(
            "chair",
            results
                .iter()
                .map(|r| r.agenda.as_ref().and_then(|a| a.chair.clone()).unwrap_or_else(|| "–".into()))
                .collect(),
        ),
    ];
    let mut prose = vec![
        "What holding the chair is worth to the chair itself, in Baron-Ferejohn shares of a unit to divide (per cent) and their differences (percentage points).".to_string(),
    ];
    if wants(Measure::BaronFerejohn) {
        let equal: Vec<_> = results.iter().map(|r| chair_member(r).and_then(|m| m.baron_ferejohn)).collect();
        let chair: Vec<_> =
            results.iter().map(|r| chair_member(r).and_then(|m| m.baron_ferejohn_chair)).collect();
        columns.push(Column::numbers("chair's share, equal recognition (%)", &equal, Unit::Percent));
        columns.push(Column::numbers("in the chair (%)", &chair, Unit::Percent));
        columns.push(Column::numbers("chair worth (pp)", &column(&|a| a.chair_worth), Unit::Points));
        prose.push(
            "Chair worth: the chair's stationary share in the chair minus its share with equal recognition."
                .into(),
        );
    }
    if wants(Measure::Deadline) {
        let rounds = study.file().deadline.as_ref().map_or(0, |d| d.rounds);
        columns.push(Column::numbers(
            &format!("chair's share, {rounds}-round deadline (%)"),
            &column(&|a| a.deadline.as_ref()?.chair),
            Unit::Percent,
        ));
        columns.push(Column::numbers(
            "chair worth under the deadline (pp)",
            &column(&|a| a.deadline.as_ref()?.chair_worth),
            Unit::Points,
        ));
        prose.push(format!("Deadline: nothing is agreed after {rounds} rounds (backward induction); the chair's share under it, and that share minus the chair's share under the same deadline with equal recognition. The groups' tables show each group's share under the deadline."));
    }
    if wants(Measure::CoFacilitators) {
        columns.push(Column::text(
            "co-facilitator",
            results
                .iter()
                .map(|r| {
                    r.agenda
                        .as_ref()
                        .and_then(|a| a.co_facilitators.as_ref())
                        .map_or_else(|| "–".into(), |c| c.partner.clone())
                })
                .collect(),
        ));
        columns.push(Column::numbers(
            "chair's share, co-facilitating (%)",
            &column(&|a| Some(a.co_facilitators.as_ref()?.chair_share)),
            Unit::Percent,
        ));
        columns.push(Column::numbers(
            "partner's share, co-facilitating (%)",
            &column(&|a| Some(a.co_facilitators.as_ref()?.partner_share)),
            Unit::Percent,
        ));
        prose.push("Co-facilitators: the chair shares its recognition probability with the partner; compare the chair's share with its share in the chair alone.".into());
    }
    if wants(Measure::StatusQuo) {
        let sq = |f: &dyn Fn(&super::StatusQuoResult) -> Option<f64>| {
            column(&|a| a.status_quo.as_ref().and_then(f))
        };
        columns.push(Column::numbers(
            "policy after one period, equal recognition",
            &sq(&|s| Some(s.first_period_equal)),
            Unit::Plain,
        ));
        columns.push(Column::numbers("with the chair", &sq(&|s| s.first_period_chair), Unit::Plain));
        columns.push(Column::numbers(
            "long-run policy, equal recognition",
            &sq(&|s| Some(s.long_run_equal)),
            Unit::Plain,
        ));
        columns.push(Column::numbers("with the chair ", &sq(&|s| s.long_run_chair), Unit::Plain));
        columns.push(Column::numbers(
            "chair moves first-period policy by",
            &sq(&|s| s.chair_moves_first_period),
            Unit::PlainDenoised,
        ));
        columns.push(Column::numbers(
            "chair moves long-run policy by",
            &sq(&|s| s.chair_moves_long_run),
            Unit::PlainDenoised,
        ));
        prose.push("Status-quo bargaining (Baron 1996): on the spatial line each agreement becomes the next status quo; the expected policy after one period (how fast) and in the long run (how far), with equal recognition and with the chair, and the chair's effect on each (with the chair minus with equal recognition).".into());
    }
    if !left_out.is_empty() {
        prose.push(format!(
            "Not in the table, since no agenda measure was solved for them (see \"Measures left out\"): {}.",
            left_out.join(", ")
        ));
    }
    blocks.push(Block::Heading(2, "Agenda power".into()));
    blocks.push(Block::Paragraph(None, prose.join(" ")));
    blocks.push(Block::Table(Table::new(
        "What the chair and the procedures are worth to the chair",
        "variant",
        columns,
    )));
}

/// The seats section (what a seat is worth over time to each reported member, per allocation),
/// the open-rule section, and the worth of each measure in words.
fn seats_and_open_rule_blocks(
    study: &Study,
    results: &[VariantResult],
    labels: &[String],
    blocks: &mut Vec<Block>,
) {
    let wants = |m: Measure| study.measures().contains(&m);
    if wants(Measure::Seats) {
        let rows: Vec<(&String, &super::SeatsResult, &super::SeatMember)> = results
            .iter()
            .zip(labels)
            .filter_map(|(r, l)| r.seats.as_ref().map(|s| (l, s)))
            .flat_map(|(l, s)| s.members.iter().map(move |m| (l, s, m)))
            .collect();
        blocks.push(Block::Heading(2, "Seats over time".into()));
        blocks.push(Block::Paragraph(
            None,
            format!(
                "What a seat is worth over time (O'Neill 1996): each member's long-run probability of holding a seat (a Markov chain over terms, seats model {}), the power of its seat while it sits (Shapley-Shubik and Banzhaf, in per cent of the body's power) and their product, its expected power. The variant of today's allocation and the variants named like a reform of the seats file get that allocation; the seats section of the notes names the others.",
                study.file().seats.as_ref().map_or("", |s| s.file.as_str())
            ),
        ));
        if !rows.is_empty() {
            let number = |f: &dyn Fn(&super::SeatMember) -> f64| -> Vec<Option<f64>> {
                rows.iter().map(|(_, _, m)| Some(f(m))).collect()
            };
            blocks.push(Block::Table(Table::new(
                "What a seat is worth to each reported member",
                "row",
                vec![
                    Column::text("variant", rows.iter().map(|(l, _, _)| (*l).clone()).collect()),
                    Column::text("allocation", rows.iter().map(|(_, s, _)| s.label.clone()).collect()),
                    Column::text("member", rows.iter().map(|(_, _, m)| m.id.clone()).collect()),
                    Column::text("group", rows.iter().map(|(_, _, m)| m.group.clone()).collect()),
                    Column::numbers("sitting, long run (%)", &number(&|m| m.sitting), Unit::Percent),
                    Column::numbers(
                        "Shapley-Shubik while sitting (%)",
                        &number(&|m| m.while_sitting_shapley_shubik),
                        Unit::Percent,
                    ),
                    Column::numbers(
                        "expected Shapley-Shubik (%)",
                        &number(&|m| m.expected_shapley_shubik),
                        Unit::Percent,
                    ),
                    Column::numbers(
                        "Banzhaf while sitting (%)",
                        &number(&|m| m.while_sitting_banzhaf),
                        Unit::Percent,
                    ),
                    Column::numbers("expected Banzhaf (%)", &number(&|m| m.expected_banzhaf), Unit::Percent),
                ],
            )));
        }
        let groups: Vec<(&String, &super::SeatsResult, &super::SeatGroup)> = results
            .iter()
            .zip(labels)
            .filter_map(|(r, l)| r.seats.as_ref().map(|s| (l, s)))
            .flat_map(|(l, s)| s.groups.iter().chain(&s.study_groups).map(move |g| (l, s, g)))
            .collect();
        if !groups.is_empty() {
            let number = |f: &dyn Fn(&super::SeatGroup) -> f64| -> Vec<Option<f64>> {
                groups.iter().map(|(_, _, g)| Some(f(g))).collect()
            };
            blocks.push(Block::Table(Table::new(
                "Each group's seats over time (regional groups of the seats file, then the study's groups)",
                "row",
                vec![
                    Column::text("variant", groups.iter().map(|(l, _, _)| (*l).clone()).collect()),
                    Column::text("group", groups.iter().map(|(_, _, g)| g.name.clone()).collect()),
                    Column::counts("members", groups.iter().map(|(_, _, g)| g.members)),
                    Column::text(
                        "seats",
                        groups
                            .iter()
                            .map(|(_, _, g)| g.seats.map_or("–".into(), |s| s.to_string()))
                            .collect(),
                    ),
                    Column::numbers("sitting, mean (%)", &number(&|g| g.sitting), Unit::Percent),
                    Column::numbers(
                        "expected Shapley-Shubik (%)",
                        &number(&|g| g.expected_shapley_shubik),
                        Unit::Percent,
                    ),
                    Column::numbers("expected Banzhaf (%)", &number(&|g| g.expected_banzhaf), Unit::Percent),
                ],
            )));
        }
    }
    if wants(Measure::OpenRule) {
        let rows: Vec<(&String, &super::OpenRuleResult)> =
            results.iter().zip(labels).filter_map(|(r, l)| r.open_rule.as_ref().map(|o| (l, o))).collect();
        blocks.push(Block::Heading(2, "The open rule".into()));
        blocks.push(Block::Paragraph(
            None,
            "Baron-Ferejohn bargaining when a proposal may be amended before the vote (Baron & Ferejohn 1989, Proposition 4), for bodies of equal members deciding by q of n votes; what the member holding the floor proposes to keep, in per cent of a unit to divide, under the open and the closed rule. Variants whose members differ are left out (see the notes).".into(),
        ));
        if !rows.is_empty() {
            let number = |f: &dyn Fn(&super::OpenRuleResult) -> f64| -> Vec<Option<f64>> {
                rows.iter().map(|(_, o)| Some(f(o))).collect()
            };
            blocks.push(Block::Table(Table::new(
                "The open rule against the closed rule",
                "variant",
                vec![
                    Column::text("variant", rows.iter().map(|(l, _)| (*l).clone()).collect()),
                    Column::counts("votes needed", rows.iter().map(|(_, o)| o.quota)),
                    Column::counts("partners, open rule", rows.iter().map(|(_, o)| o.coalition)),
                    Column::numbers("proposer keeps, open (%)", &number(&|o| o.proposed_keep), Unit::Percent),
                    Column::numbers(
                        "proposer keeps, closed (%)",
                        &number(&|o| o.closed_proposed_keep),
                        Unit::Percent,
                    ),
                    Column::numbers("amendment cost (pp)", &number(&|o| o.amendment_cost), Unit::Points),
                    Column::numbers("passes unamended", &number(&|o| o.pass_first_time), Unit::Plain),
                    Column::numbers("expected amendments", &number(&|o| o.expected_amendments), Unit::Plain),
                ],
            )));
        }
    }
    let sentences = super::worth::worth_sentences(study, results);
    if !sentences.is_empty() {
        blocks.push(Block::Heading(2, "What the chair, a deadline and a seat are worth".into()));
        for w in sentences {
            blocks.push(Block::Paragraph(None, w.text));
        }
    }
}

/// The pooling section: each candidate bloc under the three readings, one row per variant and
/// bloc.
fn pooling_blocks(study: &Study, results: &[VariantResult], labels: &[String], blocks: &mut Vec<Block>) {
    if !study.measures().contains(&Measure::Pooling) {
        return;
    }
    let rows: Vec<(&String, &super::PoolingResult)> = results
        .iter()
        .zip(labels)
        .flat_map(|(r, label)| r.pooling.iter().flatten().map(move |p| (label, p)))
        .collect();
    let group_label = |name: &str| {
        study
            .file()
            .groups
            .iter()
            .find(|g| g.name == name)
            .map_or(name.to_string(), |g| g.display_label().to_string())
    };
    let yes = |b: bool| if b { "yes".to_string() } else { "no".to_string() };
    let number = |f: &dyn Fn(&super::PoolingResult) -> f64| -> Vec<Option<f64>> {
        rows.iter().map(|(_, p)| Some(f(p))).collect()
    };
    blocks.push(Block::Heading(2, "Pooling".into()));
    blocks.push(Block::Paragraph(
        None,
        "Each bloc's members' total Shapley-Shubik power, in per cent, under three readings that answer different questions. Alone: no bloc. Compound: \"what can the members do through their bloc?\" (the bloc agrees by its internal quota, then votes as one; each member's own pivots count, which is what a variant with a blocs rule reports, so compound totals of several blocs can exceed the blocs' share of the body). Union (Owen): \"how is the body's power shared when the bloc bargains as one unit?\" (the bloc's share). Blocs as players: every bloc merged into one player at once, the others alone. Members gain: every member's compound power rises. Penrose: the median member's chance of being decisive, alone and through the bloc. Variants whose rule already contains the blocs are left out (see the notes).".into(),
    ));
    if rows.is_empty() {
        return;
    }
    let columns = vec![
        Column::text("variant", rows.iter().map(|(l, _)| (*l).clone()).collect()),
        Column::text("bloc", rows.iter().map(|(_, p)| group_label(&p.group)).collect()),
        Column::counts("members", rows.iter().map(|(_, p)| p.size)),
        Column::counts("internal quota", rows.iter().map(|(_, p)| p.internal_quota)),
        Column::numbers("alone (%)", &number(&|p| p.alone), Unit::Percent),
        Column::numbers("compound (%)", &number(&|p| p.compound), Unit::Percent),
        Column::numbers("union, Owen (%)", &number(&|p| p.unions), Unit::Percent),
        Column::numbers("blocs as players (%)", &number(&|p| p.blocs_as_players), Unit::Percent),
        Column::text(
            "members gain (compound)",
            rows.iter().map(|(_, p)| yes(p.compound_gains.every_member)).collect(),
        ),
        Column::text("bloc gains (union)", rows.iter().map(|(_, p)| yes(p.union_gains.bloc)).collect()),
        Column::numbers("Penrose alone", &number(&|p| p.member_penrose_alone), Unit::Plain),
        Column::numbers("Penrose through the bloc", &number(&|p| p.member_penrose_compound), Unit::Plain),
    ];
    blocks.push(Block::Table(Table::new(
        "Each bloc alone, through the bloc, as a union and as a player",
        "row",
        columns,
    )));
}

/// The like-minded section: each like-minded variant's participants, its policy against
/// inclusive consensus, and how to read its power shares.
fn like_minded_blocks(results: &[VariantResult], labels: &[String], blocks: &mut Vec<Block>) {
    let rows: Vec<(&String, &super::LikeMindedResult)> =
        results.iter().zip(labels).filter_map(|(r, l)| r.like_minded.as_ref().map(|c| (l, c))).collect();
    if rows.is_empty() {
        return;
    }
    blocks.push(Block::Heading(2, "Like-minded coalitions".into()));
    // Each reading names its variant's counts: one paragraph when every variant reads alike,
    // else one per variant, led by its label.
    if rows.iter().all(|(_, c)| c.reading == rows[0].1.reading) {
        blocks.push(Block::Paragraph(None, rows[0].1.reading.clone()));
    } else {
        for (label, c) in &rows {
            blocks.push(Block::Paragraph(Some(format!("{label}.")), c.reading.clone()));
        }
    }
    let number = |f: &dyn Fn(&super::LikeMindedResult) -> Option<f64>| -> Vec<Option<f64>> {
        rows.iter().map(|(_, c)| f(c)).collect()
    };
    let columns = vec![
        Column::text("variant", rows.iter().map(|(l, _)| (*l).clone()).collect()),
        Column::text(
            "membership",
            rows.iter()
                .map(|(_, c)| if c.chosen_by_model { "stable" } else { "named" }.to_string())
                .collect(),
        ),
        Column::counts("participants", rows.iter().map(|(_, c)| c.participants.len())),
        Column::counts("internal quota", rows.iter().map(|(_, c)| c.internal_quota)),
        Column::counts("outsiders", rows.iter().map(|(_, c)| c.outsiders)),
        Column::numbers("policy (participants)", &number(&|c| c.policy), Unit::Plain),
        Column::numbers("ambition", &number(&|c| c.ambition), Unit::Plain),
        Column::numbers("inclusive consensus", &number(&|c| c.inclusive_consensus), Unit::Plain),
        Column::numbers("its ambition", &number(&|c| c.consensus_ambition), Unit::Plain),
    ];
    blocks.push(Block::Table(Table::new(
        "Each like-minded coalition: who participates, and its policy against inclusive consensus",
        "variant",
        columns,
    )));
}

/// The power study's charts: each group's share under each variant, by Shapley-Shubik and
/// by Banzhaf; the body's power to act against the headline group's share; and each group's
/// change against the baseline in percentage points.
#[cfg(feature = "charts")]
fn power_charts(study: &Study, results: &[VariantResult], blocks: &mut Vec<Block>) {
    let groups = &study.file().groups;
    if groups.is_empty() || results.is_empty() {
        return;
    }
    let ss = results.iter().all(|r| r.groups.iter().all(|g| g.shapley_shubik.is_some()));
    let banzhaf = study.measures().contains(&Measure::Banzhaf) || !ss;
    // The first index charted takes the plain file names (`group_shares.svg`, `change.svg`).
    let mut indices: Vec<(&str, &str)> = Vec::new();
    if ss {
        indices.push(("Shapley-Shubik", ""));
    }
    if banzhaf {
        indices.push(("Banzhaf", if ss { "_banzhaf" } else { "" }));
    }
    let share = |g: &super::GroupResult, index: &str| {
        if index == "Banzhaf" { g.banzhaf } else { g.shapley_shubik.unwrap_or(0.0) }
    };
    let change = |g: &super::GroupResult, index: &str| {
        if index == "Banzhaf" { g.change_banzhaf } else { g.change_shapley_shubik }.unwrap_or(0.0)
    };
    let label = |r: &VariantResult| study.variants()[r.index].spec.display_label().to_string();
    let categories: Vec<String> = results.iter().map(label).collect();
    let series: Vec<String> = groups.iter().map(|g| g.display_label().to_string()).collect();
    blocks.push(Block::Heading(2, "Charts".into()));
    for (k, (index, suffix)) in indices.iter().enumerate() {
        let values: Vec<Vec<f64>> = (0..groups.len())
            .map(|g| results.iter().map(|r| 100.0 * share(&r.groups[g], index)).collect())
            .collect();
        let title = format!("{index} share of power by group");
        let svg = chart::grouped_bars(&chart::Bars {
            title: &title,
            y_title: &format!("{index} index, share of power (%)"),
            categories: &categories,
            series: &series,
            values: &values,
            limits: (0.0, 100.0),
            intervals: None,
        });
        blocks.push(Block::Chart { stem: format!("group_shares{suffix}"), caption: title, svg });
        let Some(h) = study.headline_group() else { continue };
        if k == 0 && results.iter().all(|r| r.efficacy.is_some()) {
            let points: Vec<(f64, f64, String)> = results
                .iter()
                .map(|r| (r.efficacy.unwrap_or(0.0), 100.0 * share(&r.groups[h], index), label(r)))
                .collect();
            let title = format!("Power to act against the voice of {}", groups[h].display_label());
            let svg = chart::labelled_points(&chart::Points {
                title: &title,
                x_title: "Coleman's power to act (share of coalitions that win)",
                y_title: &format!("{}: {index} share (%)", groups[h].display_label()),
                points: &points,
                limits: [(0.0, 1.0), (0.0, 100.0)],
            });
            blocks.push(Block::Chart { stem: "efficacy_voice".into(), caption: title, svg });
        }
        if let Some(b) = study.baseline_index() {
            let others: Vec<&VariantResult> = results.iter().filter(|r| r.index != b).collect();
            if others.is_empty() {
                continue;
            }
            let values: Vec<Vec<f64>> = (0..groups.len())
                .map(|g| others.iter().map(|r| 100.0 * change(&r.groups[g], index)).collect())
                .collect();
            let names: Vec<String> = others.iter().map(|r| label(r)).collect();
            let title =
                format!("Change in {index} share against {}", study.variants()[b].spec.display_label());
            let svg = chart::grouped_bars(&chart::Bars {
                title: &title,
                y_title: &format!("Change in {index} share (percentage points)"),
                categories: &names,
                series: &series,
                values: &values,
                limits: (-100.0, 100.0),
                intervals: None,
            });
            blocks.push(Block::Chart { stem: format!("change{suffix}"), caption: title, svg });
        }
    }
}

/// Without the `charts` feature a report holds its tables and no charts.
#[cfg(not(feature = "charts"))]
fn power_charts(_study: &Study, _results: &[VariantResult], _blocks: &mut Vec<Block>) {}

/// A confidence level in per cent, with at most four decimals and no trailing zeros:
/// 0.57 is "57%", not the "56.99999999999999%" of its binary value times 100.
fn confidence_level(confidence: f64) -> String {
    let text = format!("{:.4}", 100.0 * confidence);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    format!("{text}%")
}

fn reciprocity_blocks(results: &[ReciprocityResult], blocks: &mut Vec<Block>) {
    // The intervals' level: one level goes in the header; several get a column, one per row.
    let levels: Vec<String> = results.iter().map(|r| confidence_level(r.confidence)).collect();
    let mut distinct = levels.clone();
    distinct.sort();
    distinct.dedup();
    let (half_width_header, level_column) = match distinct.as_slice() {
        [level] => (format!("± ({level})"), None),
        _ => ("±".to_string(), Some(Column::text("confidence level", levels))),
    };
    // Models of real members keep their body's size: nothing grows.
    let all_real = results.iter().all(|r| !r.groups.is_empty());
    let heading = if all_real { "Contribution by model" } else { "Contribution as membership grows" };
    blocks.push(Block::Heading(2, heading.into()));
    let payoffs: Vec<String> = results
        .iter()
        .map(|r| r.payoffs.iter().map(|(t, p)| format!("{t}: {p:.3}")).collect::<Vec<_>>().join("; "))
        .collect();
    let mut columns = vec![
        Column::text("model", results.iter().map(|r| r.model.clone()).collect()),
        Column::counts("members", results.iter().map(|r| r.members)),
        Column::numbers(
            "long-run contribution rate",
            &results.iter().map(|r| Some(r.contribution_rate)).collect::<Vec<_>>(),
            Unit::Plain,
        ),
        Column::numbers(
            &half_width_header,
            &results.iter().map(|r| Some(r.contribution_half_width)).collect::<Vec<_>>(),
            Unit::Plain,
        ),
    ];
    columns.extend(level_column);
    columns.extend([
        Column::numbers(
            "histories collapsed (%)",
            &results.iter().map(|r| Some(r.collapsed)).collect::<Vec<_>>(),
            Unit::Percent,
        ),
        Column::text("mean payoff per round by type", payoffs),
    ]);
    blocks.push(Block::Table(Table::new("Long-run contribution by model and membership", "row", columns)));
    reciprocity_group_blocks(results, blocks);
    reciprocity_chart(results, blocks);
}

/// For each model of real members, what each group pays and gets, with intervals: the
/// question of issue 18 (how much each small state pays and gets) answered per model.
fn reciprocity_group_blocks(results: &[ReciprocityResult], blocks: &mut Vec<Block>) {
    let real: Vec<&ReciprocityResult> = results.iter().filter(|r| !r.groups.is_empty()).collect();
    if real.is_empty() {
        return;
    }
    blocks.push(Block::Heading(2, "Who pays and who gets, by group".into()));
    blocks.push(Block::Paragraph(
        None,
        "Means over the histories, each with the half-width of its Student-t interval at the model's confidence level (±). Contribution share: the group's share of everything paid; benefit share: its share of everything received; a group whose benefit share exceeds its contribution share is carried by the others. Burden per head: what the group pays per round (in units of the budget) over its population. Payoff: what a member of the group receives less what it pays, per round, averaged over the group's members.".into(),
    ));
    for r in real {
        let g = &r.groups;
        let level = confidence_level(r.confidence);
        blocks.push(Block::Heading(3, r.model.clone()));
        blocks.push(Block::Table(Table::new(
            format!("{}: what each group pays and gets per round (intervals at {level})", r.model),
            "group",
            vec![
                Column::text("group", g.iter().map(|g| g.name.clone()).collect()),
                Column::counts("members", g.iter().map(|g| g.members)),
                Column::with_intervals(
                    "contribution share (%)",
                    &g.iter()
                        .map(|g| (Some(g.contribution_share), g.contribution_share_half_width))
                        .collect::<Vec<_>>(),
                    Unit::Percent,
                ),
                Column::with_intervals(
                    "benefit share (%)",
                    &g.iter()
                        .map(|g| (Some(g.benefit_share), g.benefit_share_half_width))
                        .collect::<Vec<_>>(),
                    Unit::Percent,
                ),
                Column::with_intervals(
                    "burden per head",
                    &g.iter()
                        .map(|g| (g.burden_per_head, g.burden_per_head_half_width.unwrap_or(f64::NAN)))
                        .collect::<Vec<_>>(),
                    Unit::Plain,
                ),
                Column::with_intervals(
                    "payoff per member",
                    &g.iter().map(|g| (Some(g.payoff), g.payoff_half_width)).collect::<Vec<_>>(),
                    Unit::Plain,
                ),
                Column::numbers(
                    "rounds under sanction (%)",
                    &g.iter().map(|g| Some(g.sanctioned)).collect::<Vec<_>>(),
                    Unit::Percent,
                ),
            ],
        )));
    }
}

/// The reciprocity study's charts: the long-run contribution rate of each model by membership
/// when some model grows (a model of real members alone keeps one size, so its line would be a
/// single point), and what each group of real members gets less what it pays.
#[cfg(feature = "charts")]
fn reciprocity_chart(results: &[ReciprocityResult], blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(2, "Charts".into()));
    if results.iter().any(|r| r.groups.is_empty()) {
        contribution_chart(results, blocks);
    }
    net_share_chart(results, blocks);
}

/// The long-run contribution rate of each model by membership.
#[cfg(feature = "charts")]
fn contribution_chart(results: &[ReciprocityResult], blocks: &mut Vec<Block>) {
    let mut series: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for r in results {
        let point = (r.members as f64, 100.0 * r.contribution_rate);
        match series.iter_mut().find(|(name, _)| *name == r.model) {
            Some((_, points)) => points.push(point),
            None => series.push((r.model.clone(), vec![point])),
        }
    }
    let title = "Long-run contribution rate by membership";
    let svg = chart::lines(&chart::Lines {
        title,
        x_title: "Members",
        y_title: "Long-run contribution rate (%)",
        series: &series,
    });
    blocks.push(Block::Chart { stem: "contribution".into(), caption: title.into(), svg });
}

/// Each group's benefit share less its contribution share, in percentage points, by model of
/// real members: above zero the others carry the group, below zero it carries them. The
/// whiskers add the two shares' half-widths: the standard deviation of a difference is at most
/// the sum of the two standard deviations, so the interval holds at least the model's level
/// whatever the shares' correlation across histories (the histories' own differences, which
/// would give the exact interval, are not kept in the results).
#[cfg(feature = "charts")]
fn net_share_chart(results: &[ReciprocityResult], blocks: &mut Vec<Block>) {
    let real: Vec<&ReciprocityResult> = results.iter().filter(|r| !r.groups.is_empty()).collect();
    if real.is_empty() {
        return;
    }
    let mut series: Vec<String> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for g in real.iter().flat_map(|r| &r.groups) {
        if !names.contains(&g.name.as_str()) {
            names.push(&g.name);
            // Group names are identifiers (`small_states`); the legend reads them as words.
            series.push(g.name.replace('_', " "));
        }
    }
    let categories: Vec<String> = real.iter().map(|r| r.model.clone()).collect();
    let per_group = |f: &dyn Fn(&super::reciprocity::GroupShares) -> f64| -> Vec<Vec<f64>> {
        names
            .iter()
            .map(|name| {
                real.iter().map(|r| r.groups.iter().find(|g| g.name == *name).map_or(f64::NAN, f)).collect()
            })
            .collect()
    };
    let values = per_group(&|g| 100.0 * (g.benefit_share - g.contribution_share));
    let intervals = per_group(&|g| 100.0 * (g.benefit_share_half_width + g.contribution_share_half_width));
    let title = "Benefit share less contribution share by group";
    let caption = format!(
        "{title}, in percentage points: above zero the others carry the group. Each whisker adds the two shares' half-widths, an interval of at least the model's confidence level."
    );
    let svg = chart::grouped_bars(&chart::Bars {
        title,
        y_title: "Benefit share − contribution share (percentage points)",
        categories: &categories,
        series: &series,
        values: &values,
        limits: (-100.0, 100.0),
        intervals: Some(&intervals),
    });
    blocks.push(Block::Chart { stem: "net_shares".into(), caption, svg });
}

#[cfg(not(feature = "charts"))]
fn reciprocity_chart(_results: &[ReciprocityResult], _blocks: &mut Vec<Block>) {}

/// A growth study's table (the body at each date) and chart (the small states' shares over
/// time).
fn growth_blocks(result: &super::growth::GrowthResult, blocks: &mut Vec<Block>) {
    let points = &result.points;
    blocks.push(Block::Heading(2, "Membership and power over time".into()));
    blocks.push(Block::Paragraph(
        None,
        format!(
            "{}. A small state has a population below {}. Each caucus agrees by a simple majority of its members and votes as one from the year it was founded ({}); the shares with caucuses are the small states' total in the compound game on members. With one vote each and no caucus, every member holds 1/n of the power, so the small states' share of power equals their share of members. A paradox of new members names the incumbents whose power rose although the body grew.",
            result.body.name,
            super::headline::population(result.body.small_below),
            if result.caucuses.is_empty() {
                "this body has none".to_string()
            } else {
                result.caucuses.iter().map(|c| format!("{} {}", c.display_label(), c.founded)).collect::<Vec<_>>().join("; ")
            }
        ),
    ));
    let mut columns = vec![
        Column::counts("year", points.iter().map(|p| p.year.max(0) as usize)),
        Column::counts("members", points.iter().map(|p| p.members)),
        Column::text("joined", points.iter().map(|p| p.joined.join(" ")).collect()),
        Column::text("left", points.iter().map(|p| p.left.join(" ")).collect()),
        Column::numbers(
            "small states' share of members",
            &points.iter().map(|p| Some(p.small_share())).collect::<Vec<_>>(),
            Unit::Percent,
        ),
    ];
    for (r, rule) in result.body.rules.iter().enumerate() {
        let name = rule.name().replace('_', " ");
        let values = |f: &dyn Fn(&crate::caucus::GrowthRulePoint) -> f64| -> Vec<Option<f64>> {
            points.iter().map(|p| Some(f(&p.rules[r]))).collect()
        };
        columns.push(Column::numbers(
            &format!("Shapley-Shubik, {name}, with caucuses"),
            &values(&|x| x.with_caucuses.shapley_shubik),
            Unit::Percent,
        ));
        columns.push(Column::numbers(
            &format!("Banzhaf, {name}, with caucuses"),
            &values(&|x| x.with_caucuses.banzhaf),
            Unit::Percent,
        ));
        columns.push(Column::text(
            &format!("paradox of new members, {name}"),
            points.iter().map(|p| p.rules[r].paradox.join(" ")).collect(),
        ));
    }
    blocks.push(Block::Table(Table::new(
        "The body at the end of each year in which membership or a caucus changed",
        "row",
        columns,
    )));
    growth_chart(result, blocks);
}

/// The growth study's chart: the small states' share of members and of power by year.
#[cfg(feature = "charts")]
fn growth_chart(result: &super::growth::GrowthResult, blocks: &mut Vec<Block>) {
    let points = &result.points;
    let mut series: Vec<(String, Vec<(f64, f64)>)> = vec![(
        "Share of members".into(),
        points.iter().map(|p| (p.year as f64, 100.0 * p.small_share())).collect(),
    )];
    let with = if result.caucuses.is_empty() { "" } else { " with caucuses" };
    for (r, rule) in result.body.rules.iter().enumerate() {
        let name = rule.name().replace('_', " ");
        series.push((
            format!("Shapley-Shubik, {name}{with}"),
            points.iter().map(|p| (p.year as f64, 100.0 * p.rules[r].with_caucuses.shapley_shubik)).collect(),
        ));
        series.push((
            format!("Banzhaf, {name}{with}"),
            points.iter().map(|p| (p.year as f64, 100.0 * p.rules[r].with_caucuses.banzhaf)).collect(),
        ));
    }
    let title = "Small states' share of members and of power by year";
    let svg = chart::lines(&chart::Lines {
        title,
        x_title: "Year (membership at its end)",
        y_title: "Small states' share (%)",
        series: &series,
    });
    blocks.push(Block::Heading(2, "Charts".into()));
    blocks.push(Block::Chart { stem: "growth".into(), caption: title.into(), svg });
}

#[cfg(not(feature = "charts"))]
fn growth_chart(_result: &super::growth::GrowthResult, _blocks: &mut Vec<Block>) {}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(title: &str, blocks: &[Block]) -> String {
    let mut md = format!("# {title}\n\n");
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(md, "{} {text}\n", "#".repeat(*level as usize));
            }
            Block::Paragraph(lead, text) => {
                let lead = lead.as_ref().map(|l| format!("**{l}** ")).unwrap_or_default();
                let _ = writeln!(md, "{lead}{text}\n");
            }
            Block::Table(table) => {
                if !table.constants.is_empty() {
                    let _ = writeln!(md, "*{}.*\n", table.constants.join("; "));
                }
                let headers: Vec<String> = table.columns.iter().map(|c| markdown_cell(&c.header)).collect();
                let rules: Vec<&str> =
                    table.columns.iter().map(|c| if c.numeric { "---:" } else { "---" }).collect();
                let _ = writeln!(md, "| {} |\n|{}|", headers.join(" | "), rules.join("|"));
                for row in 0..table.rows() {
                    let cells: Vec<String> =
                        table.columns.iter().map(|c| markdown_cell(&c.cells[row])).collect();
                    let _ = writeln!(md, "| {} |", cells.join(" | "));
                }
                md.push('\n');
            }
            Block::Preformatted(text) => {
                let _ = writeln!(md, "```text\n{}```\n", text);
            }
            Block::Chart { stem, caption, .. } => {
                let _ = writeln!(md, "![{caption}]({stem}.svg)\n\n(PNG: [{stem}.png]({stem}.png))\n");
            }
        }
    }
    md
}

/// Text escaped for LaTeX: its ten special characters, and the typographic characters the
/// reports use written as LaTeX commands, so that pdflatex needs no Unicode setup beyond
/// `inputenc`.
fn latex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '–' => out.push_str("--"),
            '—' => out.push_str("---"),
            '‘' => out.push('`'),
            '’' => out.push('\''),
            '“' => out.push_str("``"),
            '”' => out.push_str("''"),
            '…' => out.push_str("\\ldots{}"),
            '±' => out.push_str("\\ensuremath{\\pm}"),
            '×' => out.push_str("\\ensuremath{\\times}"),
            '≥' => out.push_str("\\ensuremath{\\geq}"),
            '≤' => out.push_str("\\ensuremath{\\leq}"),
            '→' => out.push_str("\\ensuremath{\\rightarrow}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            _ => out.push(c),
        }
    }
    out
}

fn latex(title: &str, blocks: &[Block]) -> String {
    let mut tex = String::from(
        "% Written by comity. Compile with pdflatex; the charts are the PNG files beside this file.\n\\documentclass[11pt]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage[margin=2cm]{geometry}\n\\usepackage{booktabs}\n\\usepackage{graphicx}\n\\usepackage{array}\n",
    );
    let _ =
        writeln!(tex, "\\title{{{}}}\n\\date{{}}\n\\begin{{document}}\n\\maketitle\n", latex_escape(title));
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let command = if *level <= 2 { "section" } else { "subsection" };
                let _ = writeln!(tex, "\\{command}*{{{}}}\n", latex_escape(text));
            }
            Block::Paragraph(lead, text) => {
                let lead =
                    lead.as_ref().map(|l| format!("\\textbf{{{}}} ", latex_escape(l))).unwrap_or_default();
                let _ = writeln!(tex, "{lead}{}\n", latex_escape(text));
            }
            Block::Table(table) => {
                let spec: String = table
                    .columns
                    .iter()
                    .map(|c| {
                        if c.prose {
                            ">{\\raggedright\\arraybackslash}p{4.2cm}"
                        } else if c.numeric {
                            "r"
                        } else {
                            "l"
                        }
                    })
                    .collect();
                let _ = writeln!(tex, "\\begin{{table}}[htbp]\n\\centering\\small");
                let mut caption = latex_escape(&table.caption);
                if !table.constants.is_empty() {
                    let _ = write!(caption, ". {}.", latex_escape(&table.constants.join("; ")));
                }
                let _ = writeln!(tex, "\\caption{{{caption}}}");
                let _ = writeln!(tex, "\\begin{{tabular}}{{{spec}}}\n\\toprule");
                let headers: Vec<String> = table.columns.iter().map(|c| latex_escape(&c.header)).collect();
                let _ = writeln!(tex, "{} \\\\\n\\midrule", headers.join(" & "));
                for row in 0..table.rows() {
                    let cells: Vec<String> =
                        table.columns.iter().map(|c| latex_escape(&c.cells[row])).collect();
                    let _ = writeln!(tex, "{} \\\\", cells.join(" & "));
                }
                let _ = writeln!(tex, "\\bottomrule\n\\end{{tabular}}\n\\end{{table}}\n");
            }
            Block::Preformatted(text) => {
                // verbatim takes no commands: characters outside ASCII become plain ones.
                let plain: String = text
                    .chars()
                    .map(|c| match c {
                        '–' | '—' | '−' => '-',
                        '→' => '>',
                        c if c.is_ascii() => c,
                        _ => '?',
                    })
                    .collect();
                let _ =
                    writeln!(tex, "{{\\footnotesize\n\\begin{{verbatim}}\n{plain}\\end{{verbatim}}\n}}\n");
            }
            Block::Chart { stem, caption, .. } => {
                let _ = writeln!(
                    tex,
                    "\\begin{{figure}}[htbp]\n\\centering\n\\includegraphics[width=\\linewidth]{{{stem}.png}}\n\\caption{{{}}}\n\\end{{figure}}\n",
                    latex_escape(caption)
                );
            }
        }
    }
    tex.push_str("\\end{document}\n");
    tex
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The page's look: system fonts, tables with rules like booktabs, charts at most as wide as
/// the page.
const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}
caption{text-align:left;font-weight:bold;padding-bottom:0.3rem}
th,td{padding:0.25rem 0.6rem;vertical-align:top}
thead th{border-top:2px solid #111;border-bottom:1px solid #111;text-align:left}
tbody tr:last-child td{border-bottom:2px solid #111}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
p.constants{font-style:italic;margin-bottom:0.2rem}
figure.chart{margin:1rem 0 2rem}
figure.chart svg{max-width:100%;height:auto;display:block}
pre{font-size:0.85rem;overflow-x:auto}";

fn html(title: &str, blocks: &[Block]) -> String {
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        html_escape(title),
        html_escape(title)
    );
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(page, "<h{level}>{}</h{level}>", html_escape(text));
            }
            Block::Paragraph(lead, text) => {
                let lead = lead
                    .as_ref()
                    .map(|l| format!("<strong>{}</strong> ", html_escape(l)))
                    .unwrap_or_default();
                let _ = writeln!(page, "<p>{lead}{}</p>", html_escape(text));
            }
            Block::Table(table) => {
                if !table.constants.is_empty() {
                    let _ = writeln!(
                        page,
                        "<p class=\"constants\">{}.</p>",
                        html_escape(&table.constants.join("; "))
                    );
                }
                let _ = writeln!(
                    page,
                    "<table>\n<caption>{}</caption>\n<thead><tr>",
                    html_escape(&table.caption)
                );
                for c in &table.columns {
                    let class = if c.numeric { " class=\"n\"" } else { "" };
                    let _ = write!(page, "<th{class}>{}</th>", html_escape(&c.header));
                }
                let _ = writeln!(page, "</tr></thead>\n<tbody>");
                for row in 0..table.rows() {
                    page.push_str("<tr>");
                    for c in &table.columns {
                        let class = if c.numeric { " class=\"n\"" } else { "" };
                        let _ = write!(page, "<td{class}>{}</td>", html_escape(&c.cells[row]));
                    }
                    page.push_str("</tr>\n");
                }
                page.push_str("</tbody>\n</table>\n");
            }
            Block::Preformatted(text) => {
                let _ = writeln!(page, "<pre>{}</pre>", html_escape(text));
            }
            Block::Chart { stem, caption, svg } => {
                let _ = writeln!(
                    page,
                    "<figure class=\"chart\" id=\"{stem}\">\n{}<figcaption>{} (also as <a href=\"{stem}.svg\">SVG</a> and <a href=\"{stem}.png\">PNG</a>)</figcaption>\n</figure>",
                    svg,
                    html_escape(caption)
                );
            }
        }
    }
    page.push_str("</body>\n</html>\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_has_one_format() {
        let cells = number_column(&[Some(4.865e-6), Some(0.025879), None], Unit::Percent);
        assert_eq!(cells, ["4.87e-4", "2.59e0", "–"]);
        let cells = number_column(&[Some(0.5), Some(0.0123)], Unit::Percent);
        assert_eq!(cells, ["50.00", "1.23"]);
    }

    #[test]
    fn a_power_to_act_of_ten_to_the_minus_58_does_not_read_as_zero() {
        let cells = number_column(&[Some(1e-58), Some(0.5)], Unit::Plain);
        assert_eq!(cells, ["1.00e-58", "5.00e-1"]);
    }

    #[test]
    fn changes_are_signed_and_never_minus_zero() {
        let cells = number_column(&[Some(0.01), Some(-0.02), Some(0.0), Some(-1e-17)], Unit::Points);
        assert_eq!(cells, ["+1.00", "-2.00", "0.00", "0.00"]);
    }

    #[test]
    fn constant_columns_move_above_the_table() {
        let table = Table::new(
            "t",
            "variant",
            vec![
                Column::text("variant", vec!["a".into(), "b".into()]),
                Column::text("chair", vec!["FJI".into(), "FJI".into()]),
                Column::numbers("x", &[None, None], Unit::Plain),
                Column::numbers("y", &[Some(1.0), Some(2.0)], Unit::Plain),
            ],
        );
        assert_eq!(table.columns.len(), 2);
        assert_eq!(table.constants, ["chair: FJI in every variant", "x: not available"]);
    }

    #[test]
    fn a_real_interval_around_a_tiny_mean_does_not_read_as_exact() {
        // A burden per head of 3e-13 of the budget with a half-width of 4e-14: not "± 0".
        let column = Column::with_intervals("burden per head", &[(Some(3e-13), 4e-14)], Unit::Plain);
        assert_eq!(column.cells, ["3.00e-13 ± 4.00e-14"]);
        // A share fixed by the model: the half-width is rounding noise of its mean, shown as 0.
        let column = Column::with_intervals("benefit share (%)", &[(Some(0.32), 1e-17)], Unit::Percent);
        assert_eq!(column.cells, ["32.0 ± 0.00"]);
    }

    fn club(model: &str, confidence: f64) -> ReciprocityResult {
        // Rows that differ, so that no column is constant and moved above the table.
        let k = model.len() as f64;
        ReciprocityResult {
            model: model.into(),
            members: model.len(),
            contribution_rate: 0.1 * k,
            contribution_half_width: 0.01 * k,
            collapsed: 0.01 * k,
            confidence,
            payoffs: Vec::new(),
            groups: Vec::new(),
        }
    }

    fn headers(blocks: &[Block]) -> Vec<String> {
        let Some(Block::Table(table)) = blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
            panic!("no table")
        };
        table.columns.iter().map(|c| c.header.clone()).collect()
    }

    #[test]
    fn the_interval_header_names_the_models_confidence_level() {
        let mut blocks = Vec::new();
        reciprocity_blocks(&[club("a", 0.9), club("bb", 0.9)], &mut blocks);
        assert!(headers(&blocks).contains(&"± (90%)".to_string()), "{:?}", headers(&blocks));
        // Two levels: each row says its own.
        let mut blocks = Vec::new();
        reciprocity_blocks(&[club("a", 0.9), club("bb", 0.57)], &mut blocks);
        let Some(Block::Table(table)) = blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
            panic!("no table")
        };
        let level = table.columns.iter().find(|c| c.header == "confidence level").expect("a level column");
        assert_eq!(level.cells, ["90%", "57%"]);
        assert!(headers(&blocks).contains(&"±".to_string()));
    }

    #[test]
    fn a_confidence_level_has_no_binary_noise() {
        assert_eq!(confidence_level(0.57), "57%");
        assert_eq!(confidence_level(0.975), "97.5%");
        assert_eq!(confidence_level(0.95), "95%");
        assert_eq!(confidence_level(0.99999), "99.999%");
    }

    #[test]
    fn latex_special_characters_are_escaped() {
        assert_eq!(
            latex_escape("a_b & 50% $#{}~^\\"),
            "a\\_b \\& 50\\% \\$\\#\\{\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
    }
}
