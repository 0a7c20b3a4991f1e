//! `comity batch`: evaluate every variant of a study (its sweeps expanded) in parallel and
//! stream one line per variant to CSV or JSON lines, a deterministic shard at a time if asked;
//! `comity batch merge` joins shard outputs.
//!
//! A run writes to `OUT.partial` and renames it to `OUT` when finished, so `OUT` is only ever
//! complete; `--resume` continues an interrupted `OUT.partial` from its last complete line,
//! after checking every line it keeps (see [`crate::study::finished_prefix`]).

use super::format::Format;
use super::output::emit;
use super::progress::Progress;
use crate::study::{
    BatchFormat, Shard, Study, csv_header, csv_row, finished_prefix, json_line, merge_outputs, set_change,
};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `comity batch`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BatchArgs {
    #[command(subcommand)]
    command: Option<BatchCommand>,
    /// The study file whose variants and sweeps to evaluate.
    spec: Option<PathBuf>,
    /// Output file (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Output format: csv or json (JSON lines; also jsonl). Default: from the --out
    /// extension, .jsonl for JSON lines, else CSV.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Evaluate only slice K of N (1-based), such as 3/8 for the third of eight job-array tasks.
    #[arg(long)]
    shard: Option<String>,
    /// Continue an interrupted run (OUT.partial) from its last complete line.
    #[arg(long)]
    resume: bool,
}

#[derive(Debug, Subcommand)]
enum BatchCommand {
    /// Join shard outputs into the file a single run writes.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// The shard outputs, in any order.
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    /// The merged file (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Format: csv or json (JSON lines; also jsonl). Default: from the first shard's
    /// extension.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// A batch streams one line per variant: CSV rows or JSON lines, nothing tabulated whole.
const BATCH_FORMATS: [Format; 2] = [Format::Csv, Format::Json];

fn format_of(flag: Option<Format>, path: Option<&Path>) -> BatchFormat {
    match flag {
        Some(Format::Json) => BatchFormat::JsonLines,
        Some(_) => BatchFormat::Csv,
        None if path.and_then(|p| p.extension()).is_some_and(|x| x == "jsonl") => BatchFormat::JsonLines,
        None => BatchFormat::Csv,
    }
}

/// Variants evaluated together before their lines are written (in index order).
const CHUNK: usize = 512;

/// Runs `comity batch`.
pub fn run(args: &BatchArgs) -> anyhow::Result<()> {
    if let Some(BatchCommand::Merge(merge)) = &args.command {
        if let Some(f) = merge.format {
            f.check("comity batch merge", &BATCH_FORMATS)?;
        }
        return run_merge(merge);
    }
    if let Some(f) = args.format {
        f.check("comity batch", &BATCH_FORMATS)?;
    }
    let Some(spec) = &args.spec else {
        bail!("expected a study file: comity batch SPEC, or comity batch merge")
    };
    // Checked by hand rather than with clap's `requires`, whose message spans five lines.
    if args.resume && args.out.is_none() {
        bail!(
            "--resume applies only with --out FILE (it continues FILE.partial); standard output cannot be resumed"
        );
    }
    let study = Study::load(spec)?;
    if study.is_reciprocity() {
        bail!(
            "{}: a reciprocity study has no rule variants to batch; run it with comity study",
            spec.display()
        );
    }
    if study.file().growth.is_some() {
        bail!("{}: a growth study has no rule variants to batch; run it with comity study", spec.display());
    }
    let format = format_of(args.format, args.out.as_deref());
    let shard = match &args.shard {
        Some(text) => Shard::parse(text).map_err(|m| anyhow::anyhow!("--shard {m}"))?,
        None => Shard::ALL,
    };
    let total = study.variants().len();
    shard.check(total).map_err(|m| anyhow::anyhow!("--shard {m}"))?;
    if let Some(out) = &args.out {
        // Refused before OUT.partial is created: the final rename would fail and leave it.
        if out.is_dir() {
            bail!("--out {}: is a directory; expected a file name such as results.csv", out.display());
        }
    }
    // Bad variants are found before anything is written.
    study.check_all()?;
    let range = shard.range(total);
    let header = (format == BatchFormat::Csv).then(|| csv_header(&study));
    let baseline = match study.baseline_index() {
        Some(b) => Some(study.evaluate(b)?),
        None => None,
    };

    let (mut sink, done, partial): (Box<dyn Write>, usize, Option<PathBuf>) = match &args.out {
        None => {
            let mut out = Box::new(std::io::stdout().lock()) as Box<dyn Write>;
            if let Some(h) = &header {
                writeln!(out, "{h}")?;
            }
            (out, 0, None)
        }
        Some(out) => {
            let partial = partial_name(out);
            // A partial file that exists but cannot be read is refused, not started afresh
            // over: it may hold hours of results.
            let existing = match args.resume.then(|| fs::read(&partial)) {
                Some(Ok(bytes)) => Some(bytes),
                Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => {
                    bail!("--resume: cannot read {}: {e}", partial.display())
                }
                _ => None,
            };
            let (done, keep) = match &existing {
                Some(bytes) => finished_prefix(&study, bytes, format, range.clone())
                    .map_err(|m| anyhow::anyhow!("--resume: {}: {m}", partial.display()))?,
                None => (0, 0),
            };
            let file = fs::OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(existing.is_none())
                .open(&partial)
                .with_context(|| format!("cannot write {}", partial.display()))?;
            file.set_len(keep as u64)?;
            let mut file = std::io::BufWriter::new(file);
            use std::io::Seek;
            file.seek(std::io::SeekFrom::End(0))?;
            if keep == 0 {
                if let Some(h) = &header {
                    writeln!(file, "{h}")?;
                }
            }
            if done > 0 {
                eprintln!("resuming {}: {done} of {} variants already done", partial.display(), range.len());
            }
            (Box::new(file), done, Some(partial))
        }
    };

    let todo: Vec<usize> = (range.start + done..range.end).collect();
    let progress = Progress::new("batch", range.len());
    let finished = std::sync::atomic::AtomicUsize::new(done);
    for chunk in todo.chunks(CHUNK) {
        let lines: Vec<String> = chunk
            .par_iter()
            .map(|&k| {
                let mut result = study.evaluate(k)?;
                if let Some(b) = &baseline {
                    set_change(&mut result, b);
                }
                let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress.report(n);
                Ok(match format {
                    BatchFormat::Csv => csv_row(&study, &result),
                    BatchFormat::JsonLines => json_line(&result, total),
                })
            })
            .collect::<Result<_, crate::study::StudyError>>()?;
        for line in lines {
            writeln!(sink, "{line}")?;
        }
        sink.flush()?;
    }
    drop(sink);
    if let (Some(partial), Some(out)) = (partial, &args.out) {
        fs::rename(&partial, out).with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(())
}

/// Where an unfinished run writes: `OUT.partial`.
fn partial_name(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn run_merge(args: &MergeArgs) -> anyhow::Result<()> {
    let format = format_of(args.format, args.shards.first().map(PathBuf::as_path));
    let mut shards = Vec::new();
    for path in &args.shards {
        let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        shards.push((path.display().to_string(), text));
    }
    let merged = merge_outputs(&shards, format).map_err(|m| anyhow::anyhow!("batch merge: {m}"))?;
    emit(args.out.as_deref(), &merged)
}
