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
        assert!(err.contains("is in no shard"), "{err}");
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
    let err = refused(&["batch", "models/studies/reciprocity_growth.toml"]);
    assert!(err.contains("reciprocity study"), "{err}");
}
