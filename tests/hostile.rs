//! The hostile-input suite: a few hundred command lines across every subcommand, each run as a
//! user would run it (the real binary, in a fresh temporary folder, under a memory cap and a
//! time limit), each asserting one of three outcomes:
//!
//! - `refuse`: a clean refusal: exit status 1 or 2 (never 101, a panic), exactly one line on
//!   standard error that contains every expected phrase, and nothing left in the folder that
//!   was not there before (no partial output);
//! - `answer`: exit status 0 and every expected phrase in standard output: a correct answer
//!   checked by value;
//! - `bounded`: a run that ends by itself within the limits with status 0, 1 or 2 (never a
//!   panic), standard error of at most one line, and the expected phrases, if any, in its
//!   output.
//!
//! The cases are data: `tests/hostile/cases.txt`, one per line as `outcome | arguments |
//! expected`, where arguments are split at white space, `@NAME` is the input file
//! `tests/hostile/inputs/NAME` (made by `tests/hostile/make_inputs.py`), `$TMP` is the case's
//! temporary folder, and expected phrases are separated by ` && ` (matched ignoring case and
//! white space; a phrase written `!phrase` must not appear).
//! A new case is a new line. A second test feeds random command lines and random files to the
//! binary and asserts that none of them panics or runs away.

use proptest::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Address space each run may take. Far more than any case needs and far less than the
/// machine has, so that a runaway allocation fails as a refusal or an abort, not as a
/// machine brought to its knees.
const MEMORY_CAP_KIB: u64 = 3 * 1024 * 1024;
/// Wall-clock time each run may take before it counts as runaway.
const TIME_LIMIT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Refuse,
    Answer,
    Bounded,
}

#[derive(Debug)]
struct Case {
    line: usize,
    outcome: Outcome,
    args: Vec<String>,
    expected: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_cases() -> Vec<Case> {
    let path = root().join("tests/hostile/cases.txt");
    let text = std::fs::read_to_string(&path).expect("tests/hostile/cases.txt");
    let mut cases = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '|').collect();
        assert!(fields.len() >= 2, "cases.txt:{}: expected `outcome | arguments | expected`", i + 1);
        let outcome = match fields[0].trim() {
            "refuse" => Outcome::Refuse,
            "answer" => Outcome::Answer,
            "bounded" => Outcome::Bounded,
            other => panic!("cases.txt:{}: unknown outcome {other:?}", i + 1),
        };
        let expected = fields
            .get(2)
            .map(|e| e.split("&&").map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        let args = fields[1].split_whitespace().map(str::to_string).collect();
        cases.push(Case { line: i + 1, outcome, args, expected });
    }
    cases
}

/// What a run did.
struct Run {
    status: Option<i32>,
    timed_out: bool,
    elapsed: Duration,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` with `args` under the memory cap and the time limit.
fn run(dir: &Path, args: &[String]) -> Run {
    let binary = env!("CARGO_BIN_EXE_comity");
    // The cap is set by the shell that then becomes comity (`exec`), so that it applies to
    // comity alone and needs no unsafe code here.
    let script = format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(binary)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sh");
    let start = Instant::now();
    // Read both pipes on threads so that a chatty run cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    Run { status: status.code(), timed_out, elapsed, stdout, stderr }
}

/// The files in `dir`, for the check that a refusal wrote nothing.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir).into_iter().map(|p| p.display().to_string()).collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            }
            out.push(path);
        }
    }
    out
}

fn temp_dir(label: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("comity-hostile-{}-{label}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Checks one case and returns what is wrong with it, if anything.
fn check(case: &Case) -> Option<String> {
    let dir = temp_dir(&format!("l{}", case.line));
    // A folder that exists, for cases that point an output path at a directory.
    std::fs::create_dir_all(dir.join("a_directory")).unwrap();
    let inputs = root().join("tests/hostile/inputs");
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            let a = a.replace("$TMP", &dir.display().to_string());
            match a.strip_prefix('@') {
                Some(name) => inputs.join(name).display().to_string(),
                None if a.starts_with("models/") => root().join(&a).display().to_string(),
                None => a,
            }
        })
        .collect();
    let before = listing(&dir);
    let run = run(&dir, &args);
    let after = listing(&dir);
    let _ = std::fs::remove_dir_all(&dir);

    let shown = format!(
        "cases.txt:{} `comity {}`: status {:?} after {:.1?}; stderr: {:?}; stdout: {:?}",
        case.line,
        case.args.join(" "),
        run.status,
        run.elapsed,
        run.stderr.trim_end(),
        run.stdout.chars().take(300).collect::<String>()
    );
    if run.timed_out {
        return Some(format!("runaway: killed after {TIME_LIMIT:?}: {shown}"));
    }
    let err_lines = run.stderr.trim_end().lines().count();
    // Phrases are matched ignoring case and white space (pretty and compact JSON alike); a
    // phrase that starts with `!` must not appear.
    let has_all = |text: &str| {
        // An option may be named with or without its dashes ("--delta" or "delta: 1.5").
        let squeeze = |s: &str| {
            s.to_lowercase().split_whitespace().collect::<String>().trim_start_matches("--").to_string()
        };
        let text = squeeze(text);
        case.expected
            .iter()
            .find(|p| match p.strip_prefix('!') {
                Some(absent) => text.contains(&squeeze(absent)),
                None => !text.contains(&squeeze(p)),
            })
            .cloned()
    };
    match case.outcome {
        Outcome::Refuse => {
            if !matches!(run.status, Some(1) | Some(2)) {
                return Some(format!("expected a refusal (status 1 or 2): {shown}"));
            }
            if err_lines != 1 || !run.stderr.starts_with("error: ") {
                return Some(format!("expected one line `error: ...` on stderr: {shown}"));
            }
            if let Some(missing) = has_all(&run.stderr) {
                return Some(format!("the refusal does not say {missing:?}: {shown}"));
            }
            if before != after {
                return Some(format!("the refusal left files behind ({after:?}): {shown}"));
            }
        }
        Outcome::Answer => {
            if run.status != Some(0) {
                return Some(format!("expected an answer (status 0): {shown}"));
            }
            if let Some(missing) = has_all(&run.stdout) {
                return Some(format!("the answer lacks {missing:?}: {shown}"));
            }
        }
        Outcome::Bounded => {
            if !matches!(run.status, Some(0..=2)) {
                return Some(format!("expected a bounded run (status 0, 1 or 2): {shown}"));
            }
            if err_lines > 1 {
                return Some(format!("expected at most one line on stderr: {shown}"));
            }
            if let Some(missing) = has_all(&format!("{}{}", run.stdout, run.stderr)) {
                return Some(format!("the output lacks {missing:?}: {shown}"));
            }
        }
    }
    None
}

#[test]
fn every_hostile_case_is_refused_bounded_or_answered_correctly() {
    let cases = read_cases();
    assert!(cases.len() >= 200, "the suite promises at least 200 cases, has {}", cases.len());
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    // Two runs at a time: the machine has two cores, and each case is one process.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    if let Some(failure) = check(case) {
                        failures.lock().unwrap().push((case.line, failure));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    let report: Vec<String> = failures.into_iter().map(|(_, f)| f).collect();
    assert!(
        report.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        report.len(),
        cases.len(),
        report.join("\n")
    );
}

/// Subcommands a random command line starts with, so that most lines get past the argument
/// parser into the validation of values and files.
const COMMANDS: &[&str] = &[
    "power",
    "power $FILE",
    "structure",
    "structure $FILE",
    "tu $FILE",
    "nash $FILE",
    "reciprocity match tft alld",
    "reciprocity threshold",
    "reciprocity moran tft alld",
    "reciprocity replicator --strategies tft,alld",
    "reciprocity tournament --strategies tft,alld",
    "reciprocity institution $FILE",
    "bargain nash",
    "bargain club $FILE",
    "bargain coalition",
    "bargain rubinstein",
    "bargain spatial $FILE --rule substantive --status-quo 0",
    "bargain baron-ferejohn $FILE --rule substantive",
    "study $FILE",
    "batch $FILE",
    "batch merge $FILE",
];

/// Options, and values that have broken parsers before (huge, negative, not a number, empty,
/// overflowing, lists of the wrong length).
const OPTIONS: &[&str] = &[
    "--weights",
    "--quota",
    "--rule",
    "--index",
    "--format",
    "--method",
    "--samples",
    "--tolerance",
    "--confidence",
    "--seed",
    "--list",
    "--unions",
    "--label",
    "--delta",
    "--payoffs",
    "--noise",
    "--population",
    "--intensity",
    "--simulate",
    "--initial",
    "--time",
    "--steps",
    "--rounds",
    "--repetitions",
    "--surplus",
    "--vertices",
    "--disagreement",
    "--target",
    "--ideals",
    "--status-quo-y",
    "--ideals-y",
    "--directions",
    "--club-share",
    "--chair",
    "--chair-probability",
    "--countries",
    "--benefits",
    "--costs",
    "--members",
    "--seeds",
    "--public-goods",
    "--multiplier",
    "--shard",
    "--out",
    "-o",
    "--game",
];
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "1e-300",
    "4e-324",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775808",
    "4294967296",
    "1,2,3",
    "3,0,5,1",
    "1,,2",
    "",
    ",",
    ";",
    "a,b;c",
    "0,0;1,0;0,1",
    "1e308,1e308",
    "tft",
    "random:2",
    "0/0",
    "1/0",
    "3/2",
    "json",
    "csv",
    "all",
    "monte-carlo",
    "$FILE",
    "population:2",
];

/// Random file contents: JSON and TOML fragments near the shapes comity reads.
fn file_contents() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(include_str!("../models/institutions/unsc.toml").to_string()),
        Just(include_str!("../models/reciprocity/threshold_exact.toml").to_string()),
        Just(r#"{"row": [[3,0],[5,1]], "col": [[3,5],[0,1]]}"#.to_string()),
        Just(r#"{"players": ["A","B","C"], "values": [0,0,0,1,0,1,0,1]}"#.to_string()),
        Just(r#"{"row": [[1,2],[3,4]], "col": [[1e308,0],[0,-1e308]]}"#.to_string()),
        Just(r#"{"actions": [4294967296, 2], "payoffs": [[1],[2]]}"#.to_string()),
        Just(r#"{"players": ["A"], "values": [0, 1e-320]}"#.to_string()),
        Just("[institution]\nid = \"x\"\n[[members]]\nid = \"A\"\n".to_string()),
        Just("[study]\nid = \"s\"\n".to_string()),
        "[ -~]{0,60}",
        prop::collection::vec(
            prop_oneof![Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just("1"), Just("\"a\":")],
            0..40
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    /// No random command line or file makes comity panic, hang or write more than one line of
    /// error.
    #[test]
    fn random_command_lines_never_panic(
        command in prop::sample::select(COMMANDS),
        options in prop::collection::vec((prop::sample::select(OPTIONS), prop::sample::select(VALUES)), 0..4),
        contents in file_contents(),
        extension in prop::sample::select(&["json", "toml", "csv", "jsonl"][..]),
    ) {
        let dir = temp_dir("fuzz");
        let file = dir.join(format!("input.{extension}"));
        std::fs::write(&file, &contents).unwrap();
        let words = command.split(' ').chain(options.iter().flat_map(|(option, value)| [*option, *value]));
        let args: Vec<String> = words.map(|w| w.replace("$FILE", &file.display().to_string())).collect();
        let run = run(&dir, &args);
        let _ = std::fs::remove_dir_all(&dir);
        prop_assert!(!run.timed_out, "runaway: comity {:?}", args);
        prop_assert!(matches!(run.status, Some(0..=2)), "status {:?} for comity {:?}: {}", run.status, args, run.stderr);
        prop_assert!(!run.stderr.contains("panicked"), "panic for comity {:?}: {}", args, run.stderr);
    }
}
