//! Batch evaluation through the command line: shards merged equal the unsharded run byte for
//! byte, a killed run resumed equals a clean run, and bad input is refused in one line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "tests/study_fixtures/council_sweep.toml";

fn comity(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs")
}

fn ok(args: &[&str]) -> Output {
    let out = comity(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn refused(args: &[&str]) -> String {
    let out = comity(args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn shards_merged_equal_the_unsharded_run_byte_for_byte() {
    for ext in ["csv", "jsonl"] {
        let dir = scratch(&format!("shards_{ext}"));
        let whole = dir.join(format!("whole.{ext}"));
        ok(&["batch", SPEC, "--out", path(&whole)]);
        let whole_text = std::fs::read_to_string(&whole).unwrap();
        // 1 + 12 * 20 variants, plus a header in CSV.
        assert_eq!(whole_text.lines().count(), 241 + usize::from(ext == "csv"));
        let mut shards = Vec::new();
        for k in 1..=4 {
            let shard = dir.join(format!("part{k}.{ext}"));
            ok(&["batch", SPEC, "--shard", &format!("{k}/4"), "--out", path(&shard)]);
            shards.push(shard);
        }
        // Given in any order.
        shards.reverse();
        let merged = dir.join(format!("merged.{ext}"));
        let mut args = vec!["batch", "merge"];
        args.extend(shards.iter().map(|s| path(s)));
        args.extend(["--out", path(&merged)]);
        ok(&args);
        assert_eq!(std::fs::read(&merged).unwrap(), whole_text.as_bytes(), "{ext}");
        // Standard output carries the same bytes as --out.
        let stdout = ok(&["batch", SPEC, "--format", ext]).stdout;
        assert_eq!(stdout, whole_text.as_bytes());
        // A missing shard is named.
        let err = refused(&["batch", "merge", path(&shards[0]), path(&shards[2])]);
        assert!(err.contains("in no shard"), "{err}");
        let mut twice: Vec<&str> = vec!["batch", "merge"];
        twice.extend(shards.iter().map(|s| path(s)));
        twice.push(path(&shards[1]));
        let err = refused(&twice);
        assert!(err.contains("more than one shard"), "{err}");
    }
}

#[test]
fn resume_after_an_interrupted_run_gives_the_same_output() {
    let dir = scratch("resume");
    let whole = dir.join("whole.csv");
    ok(&["batch", SPEC, "--out", path(&whole)]);
    let expected = std::fs::read_to_string(&whole).unwrap();

    // An interruption in the middle of a line: the partial file holds 100 lines and half of one.
    let out = dir.join("run.csv");
    let partial = dir.join("run.csv.partial");
    let cut = expected.match_indices('\n').nth(100).unwrap().0 + 20;
    std::fs::write(&partial, &expected[..cut]).unwrap();
    ok(&["batch", SPEC, "--out", path(&out), "--resume"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    assert!(!partial.exists(), "the partial file is renamed when done");

    // A real kill: the 10,001-variant Council grid is stopped as soon as its first lines are
    // on disk, then resumed; the result is the clean run's bytes.
    let grid = "models/batches/unsc_sweep.toml";
    let clean = dir.join("clean.csv");
    ok(&["batch", grid, "--out", path(&clean)]);
    let killed = dir.join("killed.csv");
    let killed_partial = dir.join("killed.csv.partial");
    let mut child = Command::new(env!("CARGO_BIN_EXE_comity"))
        .args(["batch", grid, "--out", path(&killed)])
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&killed_partial).map_or(0, |t| t.lines().count()) < 2 {
        assert!(started.elapsed().as_secs() < 60, "no output after a minute");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!killed.exists() && killed_partial.exists(), "the run was stopped midway");
    ok(&["batch", grid, "--out", path(&killed), "--resume"]);
    assert_eq!(std::fs::read(&killed).unwrap(), std::fs::read(&clean).unwrap());

    // A shard resumes only its own output.
    std::fs::write(&partial, &expected[..cut]).unwrap();
    let err = refused(&["batch", SPEC, "--shard", "2/4", "--out", path(&out), "--resume"]);
    assert!(err.contains("expected variant 60 of this shard"), "{err}");
}

#[test]
fn bad_batch_input_is_refused_in_one_line() {
    let err = refused(&["batch", "tests/study_fixtures/nope.toml"]);
    assert!(err.contains("nope.toml: cannot read the file"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "5/4"]);
    assert!(err.contains("--shard") && err.contains("1 <= K <= N"), "{err}");
    let err = refused(&["batch", SPEC, "--resume"]);
    assert!(err.contains("--resume applies only with --out"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "0/4"]);
    assert!(err.contains("K 0 is outside 1..=4"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "1/0"]);
    assert!(err.contains("N is 0"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "1/99999999999999999999999"]);
    assert!(err.contains("N is above"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "x/4"]);
    assert!(err.contains("K 'x' is not a whole number"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "4"]);
    assert!(err.contains("no '/'"), "{err}");
    let err = refused(&["batch", "models/studies/reciprocity_growth.toml"]);
    assert!(err.contains("reciprocity study"), "{err}");
}

/// Runs the spec's shards `1..=n` of `count` into `dir` and returns their paths.
fn shards(dir: &Path, ext: &str, count: usize) -> Vec<PathBuf> {
    (1..=count)
        .map(|k| {
            let shard = dir.join(format!("part{k}.{ext}"));
            ok(&["batch", SPEC, "--shard", &format!("{k}/{count}"), "--out", path(&shard)]);
            shard
        })
        .collect()
}

fn merge_refused(files: &[&Path]) -> String {
    let mut args = vec!["batch", "merge"];
    args.extend(files.iter().map(|f| path(f)));
    refused(&args)
}

/// Merging all shards but the last wrote a shorter file and exited 0: every line now carries
/// the batch's variant count, so a missing tail is a gap.
#[test]
fn merge_with_the_last_shard_missing_is_refused() {
    for ext in ["csv", "jsonl"] {
        let dir = scratch(&format!("last_shard_{ext}"));
        let parts = shards(&dir, ext, 4);
        let out = dir.join(format!("merged.{ext}"));
        let mut args = vec!["batch", "merge"];
        args.extend(parts[..3].iter().map(|p| path(p)));
        args.extend(["--out", path(&out)]);
        let err = refused(&args);
        assert!(
            err.contains("variants 180 to 240 are in no shard given (the batch has 241 variants)"),
            "{err}"
        );
        assert!(!out.exists(), "nothing is written");
        // The first shard missing is refused too.
        let err = merge_refused(&[&parts[1], &parts[2], &parts[3]]);
        assert!(err.contains("variants 0 to 59 are in no shard"), "{err}");
    }
}

/// `{"index":1,"garbage":true}` was merged as if it were variant 1's results.
#[test]
fn merge_of_a_json_line_with_garbage_is_refused() {
    let dir = scratch("merge_garbage_json");
    let parts = shards(&dir, "jsonl", 1);
    let text = std::fs::read_to_string(&parts[0]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let bad = dir.join("bad.jsonl");
    let with = |line: &str| {
        let mut out = lines.clone();
        out[1] = line;
        std::fs::write(&bad, out.join("\n") + "\n").unwrap();
        merge_refused(&[&bad])
    };
    let err = with(r#"{"index":1,"garbage":true}"#);
    assert!(err.contains("bad.jsonl: line 2: field 'variant_count' is missing"), "{err}");
    // Every field is checked, nested ones too, and unknown fields are refused.
    let err = with(&lines[1].replacen(r#""members":15"#, r#""members":"15""#, 1));
    assert!(err.contains("line 2: field 'members' is \"15\"; expected a whole number"), "{err}");
    let err = with(&lines[1].replacen(r#""size":"#, r#""size":-"#, 1));
    assert!(err.contains("line 2: field 'groups[0].size'"), "{err}");
    let err = with(&lines[1].replacen('{', r#"{"garbage":true,"#, 1));
    assert!(err.contains("unknown field 'garbage'"), "{err}");
    let err = with("not json");
    assert!(err.contains("line 2: not JSON"), "{err}");
}

/// A CSV row is checked column by column when merged.
#[test]
fn merge_of_a_corrupted_csv_row_is_refused() {
    let dir = scratch("merge_corrupt_csv");
    let parts = shards(&dir, "csv", 2);
    let text = std::fs::read_to_string(&parts[0]).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let original = lines[3].clone();
    let bad = dir.join("bad.csv");
    let mut check = |line: String, expected: &str| {
        lines[3] = line;
        std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
        let err = merge_refused(&[&bad, &parts[1]]);
        assert!(err.contains("bad.csv: line 4") && err.contains(expected), "{err}");
    };
    check("2,CORRUPTED".into(), "2 columns; expected 34 as in the header");
    // The members column (after the two sweep parameters) is not a number.
    // The members column follows the quoted method; efficacy follows the members.
    assert!(original.contains("\",15,"), "{original}");
    check(
        original.replacen("\",15,", "\",fifteen,", 1),
        "column members holds 'fifteen'; expected a whole number",
    );
    check(original.replacen("\",15,", "\",15,x", 1), "column efficacy holds 'x");
    // A row out of its shard's order.
    check(original.replacen("2,241,", "7,241,", 1), "holds variant 7 after variant 1");
    // A row from a batch of another size.
    check(original.replacen("2,241,", "2,242,", 1), "says the batch has 242 variants");
}

/// A run stopped before its shard was done, renamed by hand, is a gap in the merge.
#[test]
fn merge_of_an_unfinished_shard_is_refused() {
    let dir = scratch("merge_unfinished");
    let parts = shards(&dir, "csv", 2);
    let text = std::fs::read_to_string(&parts[1]).unwrap();
    let cut = text.match_indices('\n').nth(10).unwrap().0 + 1;
    std::fs::write(&parts[1], &text[..cut]).unwrap();
    let err = merge_refused(&[&parts[0], &parts[1]]);
    assert!(err.contains("variants 130 to 240 are in no shard given"), "{err}");
}

/// `1,CORRUPTED` in a partial file was kept in the resumed output.
#[test]
fn resume_with_a_corrupted_csv_line_is_refused() {
    let dir = scratch("resume_corrupt");
    let whole = dir.join("whole.csv");
    ok(&["batch", SPEC, "--out", path(&whole)]);
    let expected = std::fs::read_to_string(&whole).unwrap();
    let lines: Vec<&str> = expected.lines().collect();
    let out = dir.join("run.csv");
    let partial = dir.join("run.csv.partial");
    for (bad, message) in [
        ("1,CORRUPTED", "line 3: 2 columns; expected 34 as in the header"),
        (
            &*lines[2].replacen("1,241,", "1,240,", 1),
            "line 3 says the batch has 240 variants; this study has 241",
        ),
        (&*lines[2].replacen("grid[", "other[", 1), "line 3 names variant 'other["),
    ] {
        let text = format!("{}\n{}\n{bad}\n{}\n", lines[0], lines[1], lines[3]);
        std::fs::write(&partial, &text).unwrap();
        let err = refused(&["batch", SPEC, "--out", path(&out), "--resume"]);
        assert!(err.contains("run.csv.partial: ") && err.contains(message), "{err}");
        assert_eq!(std::fs::read_to_string(&partial).unwrap(), text, "the partial file is left as it was");
        assert!(!out.exists());
    }
    // JSON lines too.
    let whole = dir.join("whole.jsonl");
    ok(&["batch", SPEC, "--out", path(&whole)]);
    let first = std::fs::read_to_string(&whole).unwrap().lines().next().unwrap().to_string();
    let partial = dir.join("run.jsonl.partial");
    std::fs::write(&partial, format!("{first}\n{{\"index\":1,\"garbage\":true}}\n")).unwrap();
    let err = refused(&["batch", SPEC, "--out", path(&dir.join("run.jsonl")), "--resume"]);
    assert!(err.contains("line 2: field 'variant_count' is missing"), "{err}");
}

/// Only a last line without its line break (a kill mid-write) is dropped; a short line that
/// ends in a line break is corruption and refused.
#[test]
fn resume_drops_only_a_truncated_final_line() {
    let dir = scratch("resume_truncated");
    let whole = dir.join("whole.csv");
    ok(&["batch", SPEC, "--out", path(&whole)]);
    let expected = std::fs::read_to_string(&whole).unwrap();
    let out = dir.join("run.csv");
    let partial = dir.join("run.csv.partial");
    let cut = expected.match_indices('\n').nth(5).unwrap().0 + 20;
    std::fs::write(&partial, &expected[..cut]).unwrap();
    ok(&["batch", SPEC, "--out", path(&out), "--resume"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    // The same half line followed by a line break, and more lines, is not a kill mid-write.
    let next = expected.match_indices('\n').nth(6).unwrap().0 + 1;
    std::fs::write(&partial, format!("{}\n{}", &expected[..cut], &expected[next..])).unwrap();
    let err = refused(&["batch", SPEC, "--out", path(&out), "--resume"]);
    assert!(err.contains("line 7: "), "{err}");
}

/// `--out DIR` failed at the final rename and left `DIR.partial` behind.
#[test]
fn directory_output_leaves_nothing() {
    let dir = scratch("directory_out");
    let target = dir.join("results");
    std::fs::create_dir(&target).unwrap();
    let err = refused(&["batch", SPEC, "--out", path(&target)]);
    assert!(err.contains("is a directory"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("results")]);
}

/// K * total overflowed for huge K/N; more shards than variants is an empty job.
#[test]
fn shard_arithmetic_cannot_overflow() {
    let huge = format!("{0}/{0}", usize::MAX);
    let err = refused(&["batch", SPEC, "--shard", &huge]);
    assert!(err.contains("the batch has 241 variants; expected N <= 241"), "{err}");
    let err = refused(&["batch", SPEC, "--shard", "1/242"]);
    assert!(err.contains("expected N <= 241"), "{err}");
    // N = the number of variants gives one variant per shard.
    let out = ok(&["batch", SPEC, "--shard", "241/241", "--format", "csv"]).stdout;
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.lines().nth(1).unwrap().starts_with("240,241,"), "{text}");
}

/// A partial file that cannot be read is refused, not overwritten by a fresh run.
#[test]
fn resume_of_an_unreadable_partial_is_refused() {
    let dir = scratch("resume_unreadable");
    let out = dir.join("run.csv");
    std::fs::create_dir(dir.join("run.csv.partial")).unwrap();
    let err = refused(&["batch", SPEC, "--out", path(&out), "--resume"]);
    assert!(err.contains("--resume: cannot read"), "{err}");
}

/// `comity batch merge` refused the output of `comity batch` on a study with a like-minded club
/// variant (models/studies/clubs_vs_inclusive.toml): its lines carry a `like_minded` result
/// that the merge's field check did not know.
#[test]
fn merge_accepts_a_batch_with_a_like_minded_variant() {
    let dir = scratch("merge_like_minded");
    let spec = "models/studies/clubs_vs_inclusive.toml";
    let whole = dir.join("whole.jsonl");
    ok(&["batch", spec, "--out", path(&whole)]);
    let text = std::fs::read_to_string(&whole).unwrap();
    assert!(text.contains("\"like_minded\""), "the study has a like-minded variant");
    let merged = dir.join("merged.jsonl");
    ok(&["batch", "merge", path(&whole), "--out", path(&merged)]);
    assert_eq!(std::fs::read_to_string(&merged).unwrap(), text);
}
