//! Where `comity` with no command finds the models: `--models DIR`, else `COMITY_MODELS`, else
//! `./models`; never a path fixed when the binary was built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `comity` in `dir` with COMITY_MODELS set to `env` (or unset).
fn run_in(dir: &Path, env: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_comity"));
    command.current_dir(dir).args(args).env_remove("COMITY_MODELS");
    if let Some(value) = env {
        command.env("COMITY_MODELS", value);
    }
    command.output().expect("runs")
}

fn empty_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("comity-models-dir-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn missing_models_directory_is_one_line_naming_where_it_looked() {
    let dir = empty_dir("missing");
    let out = run_in(&dir, None, &[]);
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr,
        "error: no models directory: looked in ./models (set --models DIR or COMITY_MODELS)\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn models_option_and_environment_name_the_directory_they_looked_in() {
    let dir = empty_dir("named");
    let by_option = run_in(&dir, None, &["--models", "nowhere"]);
    let by_env = run_in(&dir, Some("elsewhere"), &[]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        String::from_utf8_lossy(&by_option.stderr),
        "error: no models directory: looked in nowhere (from --models)\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&by_env.stderr),
        "error: no models directory: looked in elsewhere (from COMITY_MODELS)\n"
    );
}

/// A models directory of one quick study (the UN Security Council's Banzhaf index), so that
/// the headline runs in moments rather than over every bundled study.
fn quick_models(dir: &Path) -> PathBuf {
    let models = dir.join("my_models");
    std::fs::create_dir_all(models.join("studies")).unwrap();
    let study = std::fs::read_to_string(root().join("tests/study_fixtures/same_id_a.toml")).unwrap().replace(
        "../../models/institutions/unsc.toml",
        &root().join("models/institutions/unsc.toml").display().to_string(),
    );
    std::fs::write(models.join("studies/quick.toml"), study).unwrap();
    models
}

#[test]
fn models_option_and_environment_find_the_studies_from_another_directory() {
    let dir = empty_dir("found");
    let models = quick_models(&dir);
    let by_option = run_in(&dir, None, &["--models", "my_models"]);
    let by_env = run_in(&dir, Some(models.to_str().unwrap()), &[]);
    // The option wins over the environment.
    let both = run_in(&dir, Some("nowhere"), &["--models", "my_models"]);
    let _ = std::fs::remove_dir_all(&dir);
    for out in [&by_option, &by_env, &both] {
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("quick.toml"), "{stdout}");
    }
}
