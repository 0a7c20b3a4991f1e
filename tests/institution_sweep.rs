//! `comity reciprocity institution` over a sweep of points (`--members A,B`, `--noise`,
//! `--superficial`): counts are checked before the points multiply them.

use std::process::Command;

const U64_MAX: &str = "18446744073709551615";

/// A seed count of u64::MAX over several points overflowed `seeds * points` (the progress total)
/// before the library refused the count: a panic in a debug build, a wrapped total in a
/// release build. The count is refused first, naming where it came from.
#[test]
fn seeds_of_u64_max_over_several_points_are_refused_before_they_are_multiplied() {
    let spec = "models/reciprocity/inclusive_diffuse.toml";
    let run = |file: &str, extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_comity"))
            .args(["reciprocity", "institution", file, "--members", "10,20,30"])
            .args(extra)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        err
    };
    let err = run(spec, &["--seeds", U64_MAX]);
    assert!(err.contains(&format!("--seeds {U64_MAX}")) && err.contains("the limit is 1000000"), "{err}");
    // The same count from the file's [simulation] table.
    let dir = std::env::temp_dir().join(format!("comity_institution_sweep_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(spec).unwrap();
    assert!(text.contains("\nseeds = 100\n"), "the bundled file sets its seeds");
    // TOML integers stop at i64::MAX, which times three points overflows a 64-bit usize too.
    let huge = dir.join("huge_seeds.toml");
    std::fs::write(&huge, text.replace("\nseeds = 100\n", "\nseeds = 9223372036854775807\n")).unwrap();
    let err = run(huge.to_str().unwrap(), &[]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(err.contains("[simulation] seeds") && err.contains("the limit is 1000000"), "{err}");
}
