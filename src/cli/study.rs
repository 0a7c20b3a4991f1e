//! `comity study`: run study files and write their reports; and, with no command at all, the
//! headline comparison for small states from the bundled studies.

use super::format::{Format, TABULAR};
use super::output::emit;
use crate::study::headline::headline_table;
use crate::study::{Report, Study, report};
use anyhow::Context;
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `comity study`.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// Study files (TOML).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Write the report (Markdown, JSON results and SVG charts) into this directory; with
    /// several studies, into one subdirectory per study id.
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to print when there is no --out: table (the headline table, the default), json
    /// (the results, as results.json holds them), markdown (the report), csv or latex (the
    /// report's group table, where the report has one).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Indent JSON output.
    #[arg(long)]
    pretty: bool,
}

/// The report file printed for each format other than the table.
fn report_file(format: Format) -> &'static str {
    match format {
        Format::Json => "results.json",
        Format::Csv => "groups.csv",
        Format::Latex => "report.tex",
        Format::Markdown | Format::Table => "report.md",
    }
}

/// Runs `comity study`.
pub fn run(args: &StudyArgs) -> anyhow::Result<()> {
    if args.out.is_some() && args.format.is_some() {
        anyhow::bail!(
            "--format applies only without --out (the report printed); --out DIR writes every format"
        );
    }
    let format = args.format.unwrap_or(Format::Table);
    format.check("comity study", &TABULAR)?;
    if args.pretty && format != Format::Json {
        anyhow::bail!("--pretty indents JSON; give --format json too");
    }
    // Every study is loaded, its id checked against the others' and run before anything is
    // written.
    let studies: Vec<Study> = args.files.iter().map(Study::load).collect::<Result<_, _>>()?;
    let several = studies.len() > 1;
    if several && args.out.is_some() {
        // Each study's id names its folder: two with one id would overwrite each other's
        // report. Refused rather than suffixed, so that a folder's name stays the study's id.
        for (k, study) in studies.iter().enumerate() {
            let id = &study.file().study.id;
            if let Some(first) = studies[..k].iter().find(|s| &s.file().study.id == id) {
                anyhow::bail!(
                    "{} and {}: both have study.id '{id}', which names the folder in --out; expected distinct ids",
                    first.label(),
                    study.label()
                );
            }
        }
    }
    let mut reports = Vec::new();
    for study in &studies {
        let outcome = study.run()?;
        let headline = headline_table(study, &outcome);
        reports.push((study.file().study.id.clone(), report(study, &outcome)?, headline));
    }
    for (id, report, headline) in reports {
        match &args.out {
            Some(dir) => write_report(&id, &report, &if several { dir.join(&id) } else { dir.clone() })?,
            None if format == Format::Table => emit(None, &headline)?,
            None => {
                let name = report_file(format);
                let text =
                    report.files.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str()).with_context(
                        || format!("--format {}: the report of study {id} has no {name}", format.name()),
                    )?;
                if format == Format::Json {
                    // results.json is written indented; standard output follows the convention
                    // of one object per line unless --pretty.
                    let value: serde_json::Value = serde_json::from_str(text).context("results.json")?;
                    let text = if args.pretty {
                        serde_json::to_string_pretty(&value)
                    } else {
                        serde_json::to_string(&value)
                    };
                    emit(None, &(text.expect("JSON values serialise") + "\n"))?;
                } else {
                    emit(None, text)?;
                }
            }
        }
    }
    Ok(())
}

/// Writes a study's report files and images into `dir` (created if needed) and says where on
/// standard error.
fn write_report(id: &str, report: &Report, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, text) in &report.files {
        emit(Some(&dir.join(name)), text)?;
    }
    for (name, bytes) in &report.images {
        std::fs::write(dir.join(name), bytes).with_context(|| format!("cannot write {name}"))?;
    }
    eprintln!("{id}: report in {}", dir.join("report.md").display());
    Ok(())
}

/// The models directory: `--models DIR`, else the environment variable `COMITY_MODELS`, else
/// `./models` under the working directory. Never a path fixed when the binary was built: run
/// elsewhere, that would silently read another copy (perhaps another version) of the models.
fn models_dir(option: Option<&Path>) -> anyhow::Result<PathBuf> {
    let (dir, whence) = match (option, std::env::var_os("COMITY_MODELS")) {
        (Some(dir), _) => (dir.to_path_buf(), "from --models"),
        (None, Some(dir)) if !dir.is_empty() => (PathBuf::from(dir), "from COMITY_MODELS"),
        _ => (PathBuf::from("./models"), "set --models DIR or COMITY_MODELS"),
    };
    if dir.is_dir() {
        Ok(dir)
    } else {
        anyhow::bail!("no models directory: looked in {} ({whence})", dir.display())
    }
}

/// The bundled studies in the order the README lists them.
const README_ORDER: [&str; 8] = [
    "unsc_reform",
    "imf_basic_votes",
    "unga_caucuses",
    "unga_growth",
    "clubs_vs_inclusive",
    "g20_african_union",
    "oecd_growth",
    "reciprocity_growth",
];

/// The bundled studies: the `.toml` files of `studies/` in the models directory.
fn bundled_studies(models: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    let dir = models_dir(models)?.join("studies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read the bundled studies in {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    // The README's order (the Council, the IMF, the General Assembly, clubs, reciprocity),
    // then any other study by name.
    let rank = |p: &PathBuf| {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        README_ORDER.iter().position(|s| *s == stem).unwrap_or(README_ORDER.len())
    };
    files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    Ok(files)
}

/// `comity` with no command: runs every bundled study and prints its headline for small
/// states; `models` is the `--models` option. With `out` (the `--out` option), every study's
/// full report is also written into `out/<study id>/`, once all have run (a failing study leaves
/// nothing written).
pub fn headline_of_bundled(models: Option<&Path>, out: Option<&Path>) -> anyhow::Result<()> {
    let mut text =
        String::from("comity: small states' voice under each rule set (full reports: comity --out DIR)\n\n");
    let mut reports = Vec::new();
    for path in bundled_studies(models)? {
        let study = Study::load(&path)?;
        let outcome = study.run()?;
        text.push_str(&headline_table(&study, &outcome));
        text.push_str(&format!("  ({})\n\n", path.display()));
        if out.is_some() {
            let id = study.file().study.id.clone();
            if reports.iter().any(|(other, _)| *other == id) {
                anyhow::bail!(
                    "{}: study.id '{id}' is another bundled study's, and names its folder in --out; expected distinct ids",
                    path.display()
                );
            }
            reports.push((id, report(&study, &outcome)?));
        }
    }
    if let Some(dir) = out {
        for (id, report) in &reports {
            write_report(id, report, &dir.join(id))?;
        }
    }
    emit(None, &text)
}
