//! The output convention, held by real runs of the binary: every subcommand's `--format json`
//! output validates against its JSON Schema in `schemas/` (draft 2020-12); CSV headers are
//! the ones listed here; LaTeX tables are structurally sound; and `comity power` reads power
//! against weight and population with values worked out by hand.

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

fn comity(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs");
    assert!(out.status.success(), "comity {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{name}");
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: not a valid schema: {e}"))
}

/// Runs `comity ARGS --format json`, checks the convention's shape (one object per line) and
/// validates every line against `schemas/NAME.schema.json`; returns the objects.
fn validated(name: &str, args: &[&str]) -> Vec<Value> {
    let validator = schema(name);
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let text = comity(&all);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("comity {args:?}: a line is not one JSON object: {e}"))
        })
        .collect();
    assert!(!lines.is_empty(), "comity {args:?} printed nothing");
    for (k, line) in lines.iter().enumerate() {
        assert!(line.is_object(), "comity {args:?}: line {k} is not an object");
        let errors: Vec<String> =
            validator.iter_errors(line).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "comity {args:?}, line {k}, against {name}: {errors:#?}");
        snake_case_keys(line, &format!("comity {args:?}"));
    }
    lines
}

/// Every field name in snake_case (member ids and strategy names, which are data used as
/// keys, excepted by the callers' choice of where they appear).
fn snake_case_keys(value: &Value, context: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                // Keys of these maps are data (opponents' names, attribute names, class numbers).
                let data_map = matches!(k.as_str(), "shares" | "partners_by_class");
                if !data_map {
                    for key in v.as_object().into_iter().flat_map(|m| m.keys()) {
                        assert!(
                            key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                            "{context}: field \"{key}\" under \"{k}\" is not snake_case"
                        );
                    }
                }
                snake_case_keys(v, context);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| snake_case_keys(v, context)),
        _ => {}
    }
}

const UNSC: &str = "models/institutions/unsc.toml";
const EU: &str = "models/institutions/eu_council.toml";
const PD: &str = "tests/hostile/inputs/pd.json";
const GLOVE: &str = "tests/hostile/inputs/tu_glove_e0.json";

#[test]
fn power_output_follows_its_schema() {
    validated("power", &["power", UNSC]);
    validated("power", &["power", "--weights", "4,3,2,1", "--quota", "6", "--exact"]);
    validated("power", &["power", EU, "--group", "small_states", "--sort", "banzhaf"]);
    let sampled = validated(
        "power",
        &["power", "--weights", "3,2,1", "--quota", "4", "--method", "monte-carlo", "--samples", "2000"],
    );
    assert!(sampled[0]["approximate"]["samples"].is_u64());
    assert!(sampled[0]["members"][0]["shapley_shubik_low"].is_f64());
}

#[test]
fn structure_output_follows_its_schema_with_counts_as_exact_strings() {
    let lines = validated("structure", &["structure", UNSC, "--rule", "substantive"]);
    assert_eq!(lines[0]["minimal_winning"]["exact"]["count"], "210");
    assert_eq!(lines[0]["members"][0]["exact"]["deegan_packel"], "1/9");
    validated("structure", &["structure", "--weights", "4,3,2,1", "--quota", "6", "--unions", "1,2"]);
    // The 27-member Council: beyond enumeration, only the count, still a string in `exact`.
    let eu = validated("structure", &["structure", EU]);
    assert!(eu[0]["minimal_winning"]["exact"]["count"].is_string());
}

#[test]
fn tu_and_nash_outputs_follow_their_schemas() {
    validated("tu", &["tu", GLOVE]);
    validated("tu", &["tu", GLOVE, "--unions", "A,B;C"]);
    validated("tu", &["tu", GLOVE, "--solutions", "nucleolus"]);
    validated("tu", &["tu", GLOVE, "--solutions", "shapley,least-core,properties"]);
    // A one-player game's least core has no proper coalition: its epsilon is null.
    let one = validated(
        "tu",
        &["tu", "tests/hostile/inputs/tu_one_player.json", "--solutions", "least-core,nucleolus"],
    );
    assert_eq!(one[0]["least_core_epsilon"], Value::Null);
    let nash = validated("nash", &["nash", PD, "--exact"]);
    assert_eq!(nash[0]["equilibria"][0]["exact"]["strategies"][0][1], "1");
    validated("nash", &["nash", "tests/hostile/inputs/mp_e0.json", "--method", "zero-sum"]);
    validated("nash", &["nash", PD, "--method", "correlated"]);
    validated("nash", &["nash", PD, "--method", "dominance"]);
}

/// The fallback fields cannot be forced from the command line (the pivot limit that forces them
/// is private), so the schema's rules for them are held on objects written here: a reason is a
/// non-empty string, beside the result it explains.
#[test]
fn tu_schema_types_the_fallback_reasons() {
    let validator = schema("tu");
    let base = serde_json::json!({
        "players": ["A"], "solutions": ["least-core", "nucleolus"], "members": [{"id": "A"}],
        "core_empty": false, "least_core_epsilon": 0.0,
        "nucleolus_kind": "nucleolus", "nucleolus_lps": 1,
    });
    let with = |key: &str, value: Value| {
        let mut o = base.clone();
        o[key] = value;
        o
    };
    assert!(validator.is_valid(&base));
    let reason = Value::from("the simplex hit its pivot limit");
    assert!(validator.is_valid(&with("least_core_fallback", reason.clone())));
    assert!(validator.is_valid(&with("nucleolus_fallback", reason.clone())));
    for key in ["least_core_fallback", "nucleolus_fallback"] {
        assert!(!validator.is_valid(&with(key, Value::from(""))), "{key}: empty");
        assert!(!validator.is_valid(&with(key, Value::from(true))), "{key}: not a string");
    }
    // A least core's reason without the least core it explains.
    let mut orphan = with("least_core_fallback", reason);
    let map = orphan.as_object_mut().unwrap();
    map.remove("least_core_epsilon");
    map.remove("core_empty");
    assert!(!validator.is_valid(&orphan));
}

/// `comity burden`: one object per body of the bundled burden-sharing study.
#[test]
fn burden_output_follows_its_schema() {
    let bodies = validated("burden", &["burden", "models/burden/burden_sharing.toml"]);
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[1]["methods"].as_array().unwrap().len(), 6);
    let csv = comity(&["burden", "models/burden/burden_sharing.toml", "--format", "csv"]);
    assert_eq!(
        csv.lines().next(),
        Some("body,kind,id,members,equal,proportional,scale,shapley,nucleolus,nash")
    );
}

#[test]
fn bargain_outputs_follow_their_schemas() {
    validated("bargain_nash", &["bargain", "nash", "--surplus", "1", "--weights", "1,2"]);
    validated("bargain_nash", &["bargain", "nash", "--vertices", "0,0;1,0;0,1"]);
    validated(
        "bargain_nash",
        &["bargain", "nash", "--surplus", "1", "--power", UNSC, "--rule", "substantive"],
    );
    validated("bargain_club", &["bargain", "club", UNSC, "--rule", "substantive"]);
    validated("bargain_club", &["bargain", "club", EU, "--target", "population:0.65"]);
    let ideals = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15";
    validated(
        "bargain_spatial",
        &[
            "bargain",
            "spatial",
            UNSC,
            "--rule",
            "substantive",
            "--ideals",
            ideals,
            "--status-quo",
            "3",
            "--setter",
            "USA",
        ],
    );
    validated(
        "bargain_spatial",
        &[
            "bargain",
            "spatial",
            UNSC,
            "--rule",
            "substantive",
            "--ideals",
            ideals,
            "--ideals-y",
            ideals,
            "--status-quo",
            "3",
            "--status-quo-y",
            "2",
            "--setter",
            "USA",
            "--directions",
            "36",
        ],
    );
    validated("bargain_baron_ferejohn", &["bargain", "baron-ferejohn", UNSC, "--rule", "substantive"]);
    validated(
        "bargain_baron_ferejohn",
        &["bargain", "baron-ferejohn", UNSC, "--rule", "substantive", "--chair", "USA"],
    );
    validated("bargain_coalition", &["bargain", "coalition", "--countries", "10"]);
    validated("bargain_coalition", &["bargain", "coalition", "--benefits", "1,2,3", "--costs", "1,1,1"]);
    validated("bargain_rubinstein", &["bargain", "rubinstein", "--delta", "0.9,0.8"]);
    validated("bargain_rubinstein", &["bargain", "rubinstein", "--rates", "1,2"]);
}

#[test]
fn reciprocity_outputs_follow_their_schemas() {
    validated("reciprocity_match", &["reciprocity", "match", "tft", "wsls", "--delta", "0.9"]);
    validated("reciprocity_threshold", &["reciprocity", "threshold"]);
    validated(
        "reciprocity_threshold",
        &["reciprocity", "threshold", "--public-goods", "5", "--multiplier", "3"],
    );
    validated("reciprocity_threshold", &["reciprocity", "threshold", "--game", PD, "--target", "0,0"]);
    validated(
        "reciprocity_moran",
        &["reciprocity", "moran", "tft", "alld", "--population", "10", "--simulate", "200"],
    );
    // Automaton strategies (issue 18, items 5 and 6).
    validated("reciprocity_strategies", &["reciprocity", "strategies"]);
    validated("reciprocity_play", &["reciprocity", "play", "grudger", "gradual", "--noise", "0.01"]);
    validated("reciprocity_play", &["reciprocity", "play", "gradual:30", "gradual:30", "--noise", "0.01"]);
    validated(
        "reciprocity_exact_tournament",
        &["reciprocity", "exact-tournament", "--strategies", "grudger,tft,prober", "--noise", "0.01"],
    );
    validated(
        "reciprocity_moran",
        &[
            "reciprocity",
            "moran",
            "grudger",
            "alld",
            "--scoring",
            "match",
            "--turns",
            "50",
            "--intensity",
            "1",
        ],
    );
    validated(
        "reciprocity_replicator",
        &["reciprocity", "replicator", "--strategies", "tft,alld", "--steps", "200"],
    );
    let t = validated(
        "reciprocity_tournament",
        &[
            "reciprocity",
            "tournament",
            "--strategies",
            "tft,alld,wsls",
            "--rounds",
            "20",
            "--repetitions",
            "2",
        ],
    );
    // The payoff matrix is labelled: every strategy's row names every opponent.
    for row in t[0]["payoffs"].as_array().unwrap() {
        let against = row["against"].as_array().unwrap();
        let names: Vec<&str> = against.iter().map(|x| x["strategy"].as_str().unwrap()).collect();
        assert_eq!(names, ["tft", "alld", "wsls"]);
    }
    let file = "models/reciprocity/threshold_exact.toml";
    validated(
        "reciprocity_institution",
        &["reciprocity", "institution", file, "--exact", "--members", "10,20"],
    );
    validated(
        "reciprocity_institution",
        &["reciprocity", "institution", file, "--members", "10", "--rounds", "20", "--seeds", "2"],
    );
    for model in ["real_diffuse", "real_sanctions"] {
        let file = format!("models/reciprocity/{model}.toml");
        let lines = validated(
            "reciprocity_members",
            &["reciprocity", "members", &file, "--rounds", "30", "--seeds", "2"],
        );
        assert!(lines[0]["members"].as_array().unwrap().len() > 100, "{model}: every member listed");
        let groups_only = validated(
            "reciprocity_members",
            &["reciprocity", "members", &file, "--rounds", "30", "--seeds", "2", "--groups-only"],
        );
        assert!(groups_only[0]["members"].as_array().unwrap().is_empty());
    }
}

#[test]
fn blocs_outputs_follow_their_schemas() {
    let ga = "models/institutions/unga.toml";
    let rules = "simple_majority,two_thirds,unanimity";
    let lines = validated("blocs_pooling", &["blocs", "pooling", ga, "--rule", rules, "--group", "aosis"]);
    assert_eq!(lines.len(), 3);
    let region = validated(
        "blocs_pooling_region",
        &["blocs", "pooling", ga, "--rule", "two_thirds", "--group", "aosis", "--region"],
    );
    // Sizes 2 to 37, every quota: 36 * 39 / 2 + ... = sum of k for k = 2..=37.
    assert_eq!(region[0]["cells"].as_array().unwrap().len(), (2..=37).sum::<usize>());
    let stable = validated(
        "blocs_stable",
        &["blocs", "stable", ga, "--rule", "two_thirds", "--candidates", "ATG,BHS,BRB,BLZ"],
    );
    assert_eq!(stable.len(), 3);
    assert_eq!(stable[0]["partitions"], 15);
    let eec = [
        "blocs",
        "enlargement",
        "--before-weights",
        "4,4,4,2,2,1",
        "--before-quota",
        "12",
        "--after-weights",
        "10,10,10,5,5,2,10,3,3",
        "--after-quota",
        "41",
        "--names",
        "FRA,DEU,ITA,BEL,NLD,LUX,GBR,DNK,IRL",
    ];
    let enlargement = validated("blocs_enlargement", &eec);
    assert_eq!(enlargement[0]["paradox"], serde_json::json!(["LUX"]));
    let growth = validated("blocs_growth", &["blocs", "growth", "models/growth/unga_membership.toml"]);
    assert_eq!(growth[0]["points"][0]["members"], 51);
    let g20 = [
        "blocs",
        "enlargement",
        "--model",
        "models/institutions/g20.toml",
        "--before-rule",
        "consensus_2022",
        "--after-rule",
        "consensus_2023",
        "--incumbents",
        "g20_2022",
    ];
    assert_eq!(validated("blocs_enlargement", &g20)[0]["after_rule"], "consensus_2023");
}

/// The one bundled study that `bundled_studies` leaves out.
const IMF_STUDY: &str = "imf_basic_votes.toml";

/// Every bundled study (`models/studies/*.toml`, read from the directory so a new study is
/// covered without editing this file) but the IMF's, run once for the tests that need it, in
/// parallel. Each output is validated against the closed `study_results` schema as it is read.
/// imf_basic_votes (45 s of a two-core machine, 75 s of CPU: its 190 members' indices and
/// Baron-Ferejohn solves) is validated against the same schema file by
/// `tests/bundled_studies`, which runs it anyway; running it here too added about two minutes
/// to CI.
fn bundled_studies() -> &'static [(String, Value)] {
    static RUNS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/studies");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                (name.ends_with(".toml") && name != IMF_STUDY).then(|| format!("models/studies/{name}"))
            })
            .collect();
        files.sort();
        assert!(files.len() >= 11, "the bundled studies: {files:?}");
        std::thread::scope(|scope| {
            let runs: Vec<_> = files
                .iter()
                .map(|file| scope.spawn(move || validated("study_results", &["study", file])))
                .collect();
            files
                .iter()
                .zip(runs)
                .map(|(file, run)| {
                    let mut lines = run.join().unwrap_or_else(|_| panic!("comity study {file} failed"));
                    assert_eq!(lines.len(), 1, "{file}: one object on one line");
                    (file.clone(), lines.remove(0))
                })
                .collect()
        })
    })
}

/// The batch runs the tests below share: every batch spec of `models/batches` whole (the
/// sweep's 10,001 lines take seconds) and its first shard, the sweep fixture, and every
/// bundled power study that measures something beyond the indices (agenda, pooling,
/// like-minded, seats, open rule, spatial), so each optional result of a line is written by a
/// real run. imf_basic_votes and eu_council_presidency (indices and Baron-Ferejohn only, and
/// the slowest) are left to the study results converted to lines below.
fn batch_runs() -> &'static [(String, Vec<Value>)] {
    static RUNS: OnceLock<Vec<(String, Vec<Value>)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let batches: Vec<String> =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/batches"))
                .expect("models/batches")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect();
        assert_eq!(batches, ["unsc_sweep.toml"], "a new batch spec: add its runs here");
        let runs: [&[&str]; 9] = [
            &["models/batches/unsc_sweep.toml", "--shard", "1/2000"],
            &["models/batches/unsc_sweep.toml"],
            &["tests/study_fixtures/council_sweep.toml"],
            &["models/studies/clubs_vs_inclusive.toml"],
            &["models/studies/g20_african_union.toml"],
            &["models/studies/unga_caucuses.toml"],
            &["models/studies/unsc_e10_bloc.toml"],
            &["models/studies/unsc_penholder.toml"],
            &["models/studies/unsc_reform.toml"],
        ];
        std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .iter()
                .map(|args| {
                    scope.spawn(move || {
                        let mut all = vec!["batch"];
                        all.extend_from_slice(args);
                        validated("batch", &all)
                    })
                })
                .collect();
            runs.iter()
                .zip(handles)
                .map(|(args, h)| {
                    (args.join(" "), h.join().unwrap_or_else(|_| panic!("comity batch {args:?} failed")))
                })
                .collect()
        })
    })
}

/// The first object in `value` at `pattern` (`/`-separated field names, `*` for any element
/// of a list), as a JSON pointer.
fn find_object(value: &Value, pattern: &[&str]) -> Option<String> {
    match pattern.split_first() {
        None => value.is_object().then(String::new),
        Some((&"*", rest)) => value
            .as_array()?
            .iter()
            .enumerate()
            .find_map(|(k, item)| find_object(item, rest).map(|tail| format!("/{k}{tail}"))),
        Some((field, rest)) => find_object(value.get(*field)?, rest).map(|tail| format!("/{field}{tail}")),
    }
}

#[test]
fn every_bundled_study_follows_the_closed_study_results_schema() {
    let studies = bundled_studies();
    let kinds: Vec<&str> = studies.iter().filter_map(|(_, v)| v["kind"].as_str()).collect();
    for kind in ["power", "reciprocity", "growth"] {
        assert!(kinds.contains(&kind), "no bundled study of kind {kind}");
    }
    let output = |id: &str| &studies.iter().find(|(f, _)| f.ends_with(&format!("/{id}.toml"))).expect(id).1;
    // The seats measure (today's allocation and the reforms') and the worth sentences.
    let reform = output("unsc_reform");
    assert_eq!(reform["results"][0]["seats"]["allocation"], "today");
    assert!(reform["worth"].as_array().is_some_and(|w| !w.is_empty()));
    assert_eq!(output("unga_caucuses")["results"][2]["open_rule"]["quota"], 97);
    assert_eq!(output("oecd_growth")["kind"], "growth");
    // A batch line is a study's variant result without the labels, with the variant count
    // after the index: so every power study's results, so converted, are batch lines (this
    // covers the studies too slow to run twice).
    let batch = schema("batch");
    for (file, v) in studies.iter().filter(|(_, v)| v["kind"] == "power") {
        let results = v["results"].as_array().expect("a power study's results are a list");
        for result in results {
            let mut line = result.clone();
            let map = line.as_object_mut().expect("a result is an object");
            map.remove("variant_label");
            map.insert("variant_count".into(), results.len().into());
            for group in map["groups"].as_array_mut().expect("groups").iter_mut() {
                group.as_object_mut().expect("a group is an object").remove("label");
            }
            let errors: Vec<String> =
                batch.iter_errors(&line).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{file}, variant {}, as a batch line: {errors:#?}", result["variant"]);
        }
    }
}

#[test]
fn batch_lines_follow_the_closed_batch_schema() {
    let runs = batch_runs();
    let lines = |name: &str| &runs.iter().find(|(a, _)| a.contains(name)).expect(name).1;
    assert!(lines("unsc_sweep.toml --shard 1/2000").len() >= 2);
    // A variant that adds members without a population: their group's population share is null
    // (the sweep's first shard holds only today's Council, so the schema's `number` went unseen).
    assert!(lines("council_sweep").iter().any(|l| l["groups"][0]["population_share"].is_null()));
    // A like-minded club variant carries its `like_minded` result; a bloc's `spatial` outcome.
    let clubs = lines("clubs_vs_inclusive");
    assert!(clubs.iter().any(|l| l["like_minded"].is_object()));
    assert!(clubs.iter().any(|l| l["spatial"].is_object()));
}

/// The batch schema's `$defs` are copies of the study results schema's (each schema stands
/// alone); a change to one without the other fails here.
#[test]
fn batch_schema_defs_are_the_study_results_defs() {
    let read = |name: &str| -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"));
        serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON")
    };
    let (batch, study) = (read("batch"), read("study_results"));
    let defs = batch["$defs"].as_object().expect("batch $defs");
    assert!(defs.len() >= 9);
    for (name, def) in defs {
        assert_eq!(def, &study["$defs"][name], "$defs/{name} differs between batch and study_results");
    }
}

/// Every object of the study results and batch schemas is closed: a stray field added to a
/// real output, at each object the schemas describe, is refused. (Before they were closed,
/// 30 of these 47 cases let it through.)
#[test]
fn closed_schemas_refuse_a_stray_field_in_every_object() {
    // (schema, kind of study output or "" for a batch line, where the object is)
    let cases: &[(&str, &str, &str)] = &[
        ("study_results", "power", ""),
        ("study_results", "power", "study"),
        ("study_results", "power", "groups/*"),
        ("study_results", "power", "variants/*"),
        ("study_results", "power", "results/*"),
        ("study_results", "power", "results/*/groups/*"),
        ("study_results", "power", "results/*/member_results/*"),
        ("study_results", "power", "results/*/spatial"),
        ("study_results", "power", "results/*/agenda"),
        ("study_results", "power", "results/*/agenda/deadline"),
        ("study_results", "power", "results/*/agenda/co_facilitators"),
        ("study_results", "power", "results/*/agenda/status_quo"),
        ("study_results", "power", "results/*/pooling/*"),
        ("study_results", "power", "results/*/pooling/*/union_gains"),
        ("study_results", "power", "results/*/like_minded"),
        ("study_results", "power", "results/*/seats"),
        ("study_results", "power", "results/*/seats/members/*"),
        ("study_results", "power", "results/*/seats/study_groups/*"),
        ("study_results", "power", "results/*/open_rule"),
        ("study_results", "power", "worth/*"),
        ("study_results", "reciprocity", ""),
        ("study_results", "reciprocity", "study"),
        ("study_results", "reciprocity", "results/*"),
        ("study_results", "reciprocity", "results/*/groups/*"),
        ("study_results", "growth", ""),
        ("study_results", "growth", "results"),
        ("study_results", "growth", "results/body"),
        ("study_results", "growth", "results/caucuses/*"),
        ("study_results", "growth", "results/points/*"),
        ("study_results", "growth", "results/points/*/caucuses/*"),
        ("study_results", "growth", "results/points/*/rules/*"),
        ("study_results", "growth", "results/points/*/rules/*/with_caucuses"),
        ("batch", "", ""),
        ("batch", "", "spatial"),
        ("batch", "", "groups/*"),
        ("batch", "", "member_results/*"),
        ("batch", "", "agenda"),
        ("batch", "", "agenda/deadline"),
        ("batch", "", "agenda/co_facilitators"),
        ("batch", "", "agenda/status_quo"),
        ("batch", "", "pooling/*"),
        ("batch", "", "pooling/*/compound_gains"),
        ("batch", "", "like_minded"),
        ("batch", "", "seats"),
        ("batch", "", "seats/members/*"),
        ("batch", "", "seats/groups/*"),
        ("batch", "", "open_rule"),
    ];
    let studies = bundled_studies();
    let runs = batch_runs();
    let mut validators = std::collections::HashMap::new();
    for &(name, kind, at) in cases {
        let validator = validators.entry(name).or_insert_with(|| schema(name));
        let pattern: Vec<&str> = if at.is_empty() { vec![] } else { at.split('/').collect() };
        let outputs: Vec<&Value> = if kind.is_empty() {
            runs.iter().flat_map(|(_, lines)| lines).collect()
        } else {
            studies.iter().map(|(_, v)| v).filter(|v| v["kind"] == kind).collect()
        };
        let (output, pointer) = outputs
            .iter()
            .find_map(|v| find_object(v, &pattern).map(|p| (*v, p)))
            .unwrap_or_else(|| panic!("{name}: no real {kind} output has an object at '{at}'"));
        assert!(validator.is_valid(output), "{name} '{at}': the real output is valid");
        let mut stray = output.clone();
        let object = stray.pointer_mut(&pointer).and_then(Value::as_object_mut).expect("found above");
        object.insert("stray_field".into(), Value::from(1));
        assert!(
            !validator.is_valid(&stray),
            "{name}: a stray field at '{pointer}' ({kind} '{at}') was accepted"
        );
    }
}

/// A study group has exactly one definition (group, tag, ids or predicate), as the study
/// loader demands; the schema says so too.
#[test]
fn study_results_schema_wants_one_definition_per_group() {
    let validator = schema("study_results");
    let (_, power) = bundled_studies().iter().find(|(_, v)| v["kind"] == "power").expect("a power study");
    assert!(validator.is_valid(power));
    let mut two = power.clone();
    let group = two["groups"][0].as_object_mut().expect("a group");
    let defined = ["group", "tag", "ids", "predicate"].iter().filter(|k| group.contains_key(**k)).count();
    assert_eq!(defined, 1);
    group.insert("predicate".into(), Value::from("population < 1"));
    group.insert("tag".into(), Value::from("P5"));
    assert!(!validator.is_valid(&two), "a group with two definitions was accepted");
    let mut none = power.clone();
    let group = none["groups"][0].as_object_mut().expect("a group");
    group.retain(|k, _| k == "name" || k == "label");
    assert!(!validator.is_valid(&none), "a group without a definition was accepted");
}

/// The header lines of every CSV the subcommands print, as they must stay.
#[test]
fn csv_headers_are_stable() {
    let header = |args: &[&str]| -> String {
        let mut all = args.to_vec();
        all.extend(["--format", "csv"]);
        comity(&all).lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(
        header(&["power", "--weights", "4,3,2,1", "--quota", "6"]),
        "body,rule,id,name,weight,weight_share,shapley_shubik,banzhaf,banzhaf_absolute,coleman_prevent,coleman_initiate,shapley_shubik_to_weight,banzhaf_to_weight"
    );
    assert_eq!(
        header(&["power", EU, "--index", "shapley_shubik,banzhaf"]),
        "body,rule,id,name,weight,weight_share,population_share,shapley_shubik,banzhaf,shapley_shubik_to_weight,banzhaf_to_weight,penrose_ratio"
    );
    assert_eq!(
        header(&[
            "power",
            "--weights",
            "3,2,1",
            "--quota",
            "4",
            "--method",
            "monte-carlo",
            "--samples",
            "100"
        ]),
        "body,rule,id,name,weight,weight_share,shapley_shubik,shapley_shubik_low,shapley_shubik_high,banzhaf_absolute,banzhaf_absolute_low,banzhaf_absolute_high,shapley_shubik_to_weight"
    );
    assert_eq!(
        header(&["power", "--weights", "3,2,1", "--quota", "4", "--exact", "--index", "shapley_shubik"]),
        "body,rule,id,name,weight,weight_share,shapley_shubik,shapley_shubik_to_weight,shapley_shubik_exact"
    );
    assert_eq!(
        header(&["structure", UNSC, "--rule", "substantive"]),
        "body,rule,id,deegan_packel,holler,johnston,veto,null"
    );
    assert_eq!(header(&["tu", GLOVE]), "id,shapley,banzhaf,nucleolus,nucleolus_exact");
    assert_eq!(header(&["nash", PD]), "field,value");
    assert_eq!(header(&["bargain", "rubinstein", "--delta", "0.9,0.8"]), "field,value");
    assert_eq!(
        header(&[
            "reciprocity",
            "tournament",
            "--strategies",
            "tft,alld",
            "--rounds",
            "10",
            "--repetitions",
            "1"
        ]),
        "rank,strategy,score,score_low,score_high,vs_tft,vs_alld"
    );
    assert_eq!(
        header(&["reciprocity", "institution", "models/reciprocity/threshold_exact.toml", "--exact"]),
        "name,members,noise,superficial_share,method,type,type_members,contribution_rate,contribution_low,contribution_high,payoff,payoff_low,payoff_high,group_contribution_rate,collapsed,collapse_round"
    );
}

/// Checks a LaTeX table's structure: `tabular` opened and closed once, the three booktabs
/// rules in order, every row with as many cells as the column specification, and no special
/// character left unescaped outside the math of scientific numbers.
fn check_latex(text: &str, context: &str) {
    let tables = text.matches("\\begin{tabular}").count();
    assert!(tables >= 1, "{context}: no tabular:\n{text}");
    assert_eq!(text.matches("\\end{tabular}").count(), tables, "{context}: every tabular closed:\n{text}");
    // Each table (one per rule evaluated) on its own: rules in order, rows as wide as its spec.
    for block in text.split("\\begin{tabular}").skip(1) {
        check_one_tabular(block, context);
    }
}

fn check_one_tabular(text: &str, context: &str) {
    let (top, mid, bottom) = (text.find("\\toprule"), text.find("\\midrule"), text.find("\\bottomrule"));
    assert!(top.is_some() && mid.is_some() && bottom.is_some(), "{context}: booktabs rules:\n{text}");
    assert!(top < mid && mid < bottom, "{context}: rules in order");
    assert!(bottom < text.find("\\end{tabular}"), "{context}: bottom rule inside the tabular");
    let spec = text.strip_prefix('{').and_then(|s| s.split('}').next()).expect("column spec");
    let columns = spec.chars().filter(|c| matches!(c, 'l' | 'r' | 'c')).count();
    let text = &text[text.find('\n').unwrap_or(0)..];
    let mut depth = 0i32;
    for line in text.lines().filter(|l| !l.starts_with('%')) {
        for (k, ch) in line.char_indices() {
            let escaped = k > 0 && line.as_bytes()[k - 1] == b'\\';
            match ch {
                '{' if !escaped => depth += 1,
                '}' if !escaped => depth -= 1,
                _ => {}
            }
            assert!(depth >= 0, "{context}: unbalanced braces in {line}");
        }
        if line.ends_with("\\\\") {
            let body = line.trim_end_matches("\\\\");
            let cells = body.split(" & ").count();
            assert_eq!(cells, columns, "{context}: {columns} columns expected in {line}");
            // Outside `$...$`, the specials appear only escaped.
            let outside: String = body.split('$').step_by(2).collect();
            for special in ['%', '#', '_', '&', '~', '^'] {
                for (k, _) in outside.match_indices(special) {
                    let ok = special == '&' && outside[k..].starts_with("& ") && outside[..k].ends_with(' ');
                    assert!(
                        ok || (k > 0 && outside.as_bytes()[k - 1] == b'\\')
                            || outside[..k].ends_with("\\text"),
                        "{context}: unescaped {special} in {line}"
                    );
                }
            }
        }
    }
    assert_eq!(depth, 0, "{context}: braces balanced");
}

#[test]
fn latex_tables_are_structurally_sound_and_escape_special_characters() {
    for args in [
        vec!["power", UNSC, "--group", "permanent"],
        vec!["power", EU, "--index", "shapley_shubik"],
        vec!["structure", UNSC, "--rule", "substantive"],
        vec!["tu", GLOVE],
        vec!["reciprocity", "tournament", "--strategies", "tft,alld", "--rounds", "10", "--repetitions", "1"],
    ] {
        let mut all = args.clone();
        all.extend(["--format", "latex"]);
        check_latex(&comity(&all), &format!("{args:?}"));
    }
    // Names with every special character come out escaped.
    let names = "a&b,50%,$x,#1,d_e,{f},g~h,i^j,k\\l";
    let text = comity(&[
        "power",
        "--weights",
        "1,1,1,1,1,1,1,1,1",
        "--quota",
        "5",
        "--names",
        names,
        "--format",
        "latex",
    ]);
    check_latex(&text, "special names");
    for escaped in [
        "a\\&b",
        "50\\%",
        "\\$x",
        "\\#1",
        "d\\_e",
        "\\{f\\}",
        "g\\textasciitilde{}h",
        "i\\textasciicircum{}j",
        "k\\textbackslash{}l",
    ] {
        assert!(text.contains(escaped), "{escaped} missing in:\n{text}");
    }
    // Markdown alike has its header rule and one line per member.
    let md = comity(&["power", "--weights", "4,3,2,1", "--quota", "6", "--format", "markdown"]);
    assert!(md.contains("| id | name |") && md.contains("| ---: |"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 2 + 4, "{md}");
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// [6; 4, 3, 2, 1] by hand. Winning: {1,2}, {1,3}, {1,2,3}, {1,2,4}, {1,3,4}, {2,3,4}, all.
/// Swings: player 1 is critical in the first five (5), player 2 in {1,2}, {1,2,4}, {2,3,4}
/// (3), player 3 alike (3), player 4 only in {2,3,4} (1): normalised Banzhaf (5, 3, 3, 1)/12.
/// Shapley-Shubik: player 4 pivots only after exactly {2, 3} (2 of 24 orders: 1/12); player 1
/// pivots after any of {2}, {3}, {2,4}, {3,4}, {2,3}: 2 + 2 + 2 + 2 + 2 = 10 orders (5/12);
/// players 2 and 3 share the rest equally (1/4 each).
#[test]
fn power_to_weight_ratios_of_a_small_weighted_game_match_hand_values() {
    let v = validated("power", &["power", "--weights", "4,3,2,1", "--quota", "6", "--exact"]);
    let members = v[0]["members"].as_array().unwrap();
    let ss = [5.0 / 12.0, 0.25, 0.25, 1.0 / 12.0];
    let bz = [5.0 / 12.0, 0.25, 0.25, 1.0 / 12.0];
    let weight_share = [0.4, 0.3, 0.2, 0.1];
    for k in 0..4 {
        let m = &members[k];
        assert!(close(m["weight_share"].as_f64().unwrap(), weight_share[k]), "{m}");
        assert!(close(m["shapley_shubik"].as_f64().unwrap(), ss[k]), "{m}");
        assert!(close(m["shapley_shubik_to_weight"].as_f64().unwrap(), ss[k] / weight_share[k]), "{m}");
        assert!(close(m["banzhaf_to_weight"].as_f64().unwrap(), bz[k] / weight_share[k]), "{m}");
    }
    assert_eq!(members[0]["exact"]["shapley_shubik"], "5/12");
    assert_eq!(members[3]["exact"]["banzhaf"], "1/12");
    // Sorted by the ratio, descending: player 3 (1.25) first, then 1 (25/24).
    let sorted =
        validated("power", &["power", "--weights", "4,3,2,1", "--quota", "6", "--sort", "banzhaf_to_weight"]);
    let order: Vec<&str> =
        sorted[0]["members"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(order[..2], ["3", "1"]);
}

/// The EU Council: each member's weight share is its population share; the Penrose ratio is
/// the normalised Banzhaf index over the share of the square roots of the populations,
/// recomputed here from the model file; a group's totals are its members' sums.
#[test]
fn eu_council_shares_penrose_ratios_and_group_totals_agree_with_the_model() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(EU)).unwrap();
    let model: toml::Value = toml::from_str(&text).unwrap();
    let populations: Vec<(String, f64)> = model["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["attributes"]["population"]
                    .as_float()
                    .or_else(|| m["attributes"]["population"].as_integer().map(|x| x as f64))
                    .unwrap(),
            )
        })
        .collect();
    let total: f64 = populations.iter().map(|p| p.1).sum();
    let roots: f64 = populations.iter().map(|p| p.1.sqrt()).sum();
    let group = model["groups"]
        .as_array()
        .and_then(|g| g.first())
        .and_then(|g| g["name"].as_str())
        .map(str::to_string);
    let mut args = vec!["power", EU, "--rule", "qualified_majority", "--sort", "penrose_ratio"];
    if let Some(name) = &group {
        args.extend(["--group", name.as_str()]);
    }
    let v = validated("power", &args);
    let members = v[0]["members"].as_array().unwrap();
    assert_eq!(members.len(), populations.len());
    let mut last = f64::INFINITY;
    for m in members {
        let id = m["id"].as_str().unwrap();
        let population = populations.iter().find(|p| p.0 == id).unwrap().1;
        assert!(close(m["population_share"].as_f64().unwrap(), population / total), "{m}");
        assert!(close(m["weight_share"].as_f64().unwrap(), population / total), "{m}");
        let banzhaf = m["banzhaf"].as_f64().unwrap();
        let penrose = m["penrose_ratio"].as_f64().unwrap();
        assert!(close(penrose, banzhaf / (population.sqrt() / roots)), "{m}");
        assert!(penrose <= last, "sorted descending by penrose_ratio");
        last = penrose;
    }
    if group.is_some() {
        let g = &v[0]["groups"][0];
        let ids: Vec<&str> = g["members"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        let sum: f64 = members
            .iter()
            .filter(|m| ids.contains(&m["id"].as_str().unwrap()))
            .map(|m| m["banzhaf"].as_f64().unwrap())
            .sum();
        assert!((g["banzhaf"].as_f64().unwrap() - sum).abs() < 1e-12, "{g}");
        assert!(g["coleman_prevent"].is_null(), "absolute indices are not summed: {g}");
    }
}

#[test]
fn bargaining_procedures_follow_their_schemas() {
    let d = validated(
        "bargain_deadline",
        &["bargain", "deadline", UNSC, "--rule", "substantive", "--rounds", "200", "--chair", "LVA"],
    );
    assert!(d[0]["gap_to_stationary"].as_f64().unwrap() < 1e-6, "200 rounds approach the stationary values");
    validated(
        "bargain_deadline",
        &[
            "bargain",
            "deadline",
            UNSC,
            "--rule",
            "substantive",
            "--rounds",
            "1",
            "--co-facilitators",
            "LVA,PAN",
        ],
    );
    let o = validated("bargain_open_rule", &["bargain", "open-rule", "--members", "3", "--delta", "0.5"]);
    assert_eq!(o[0]["coalition"], 2, "impatient members: everyone is bought");
    let s = validated(
        "bargain_status_quo",
        &[
            "bargain",
            "status-quo",
            UNSC,
            "--rule",
            "substantive",
            "--ideals",
            "0.9,0.3,0.95,0.3,0.1,0.4,0.45,0.7,0.5,0.6,0.55,0.5,0.65,0.35,0.75",
            "--status-quo",
            "1",
            "--chair",
            "LVA",
            "--chair-probability",
            "0.3",
            "--grid",
            "101",
            "--horizon",
            "5",
        ],
    );
    // The permanent members span the line, so their vetoes freeze policy as consensus does.
    let rules = s[0]["rules"].as_array().unwrap();
    assert_eq!(rules[0]["long_run_mean"], rules[1]["long_run_mean"]);
}

#[test]
fn seats_over_time_follow_their_schema() {
    let s = validated("bargain_seats", &["bargain", "seats", "models/seats/unsc.toml", "--years", "3"]);
    // Every member of the General Assembly, and each year's probabilities sum to 15 seats.
    let members = s[0]["members"].as_array().unwrap();
    assert_eq!(members.len(), 193);
    for year in 0..4 {
        let total: f64 = members.iter().map(|m| m["path"][year].as_f64().unwrap()).sum();
        assert!((total - 15.0).abs() < 1e-9, "year {year}: {total}");
    }
    assert_eq!(s[0]["reforms"].as_array().unwrap().len(), 2);
    let h = validated("bargain_seats", &["bargain", "seats", "models/seats/hrc.toml", "--member", "FJI"]);
    assert_eq!(h[0]["members"].as_array().unwrap().len(), 1);
    let csv = comity(&["bargain", "seats", "models/seats/ecosoc.toml", "--years", "1", "--format", "csv"]);
    assert_eq!(csv.lines().next().unwrap(), "id,group,sits_2026,sits_2027,long_run,shapley_shubik,banzhaf");
    let latex =
        comity(&["bargain", "seats", "models/seats/unsc.toml", "--member", "LVA", "--format", "latex"]);
    assert_eq!(latex.matches("\\begin{tabular}").count(), 3, "groups, reforms, members");
}

#[test]
fn bargain_like_minded_follows_its_schema() {
    let ideals = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15";
    // By hand, status quo 3 and the United States (at 5) leading: the members at 4 to 15 are
    // stable (the one at 4 is indifferent and stays; those at 1 to 3 want the other way or
    // nothing), the policy is min(5, 3 + 2 * (4 - 3)) = 5, and inclusive consensus cannot move.
    let stable = validated(
        "bargain_like_minded",
        &[
            "bargain",
            "like-minded",
            UNSC,
            "--ideals",
            ideals,
            "--status-quo",
            "3",
            "--leader",
            "USA",
            "--stable",
        ],
    );
    let v = &stable[0];
    assert_eq!((v["participants"].as_array().map(Vec::len), v["outsiders"].as_u64()), (Some(12), Some(3)));
    assert_eq!((v["policy"].as_f64(), v["inclusive_consensus"].as_f64()), (Some(5.0), Some(3.0)));
    // Named: the permanent five (at 1 to 5), three of them needed; status quo 0. By hand the
    // third-largest ideal, 3, bounds the policy at min(5, 2 * 3) = 5; outsiders stay at 0.
    let named = validated(
        "bargain_like_minded",
        &[
            "bargain",
            "like-minded",
            UNSC,
            "--ideals",
            ideals,
            "--status-quo",
            "0",
            "--leader",
            "USA",
            "--group",
            "permanent",
            "--internal-quota",
            "3",
        ],
    );
    let v = &named[0];
    assert_eq!((v["policy"].as_f64(), v["internal_quota"].as_u64()), (Some(5.0), Some(3)));
    assert_eq!(v["members"][14]["distance"].as_f64(), Some(15.0));
}

#[test]
fn blocs_stable_by_types_follows_its_schema() {
    let ga = "models/institutions/unga.toml";
    let one = validated(
        "blocs_stable_types",
        &[
            "blocs",
            "stable",
            ga,
            "--rule",
            "two_thirds",
            "--by-types",
            "--group",
            "aosis",
            "--structure",
            "37",
        ],
    );
    assert_eq!(one.len(), 3, "one object per model");
    // Exclusive membership: a member gains by leaving the bloc of 37 (the deviation object).
    assert!(one[2]["structures"][0]["deviation"].is_object());
    let search = validated(
        "blocs_stable_types",
        &[
            "blocs",
            "stable",
            ga,
            "--rule",
            "two_thirds",
            "--by-types",
            "--group",
            "aosis",
            "--max-blocs",
            "1",
        ],
    );
    // Everyone alone, or one bloc of 2 to 37.
    assert_eq!(search[0]["structures_examined"], 37);
}

/// Like-minded membership beyond the enumeration limit: a club among the General Assembly's 193
/// members in two dimensions (the structure under consensus, the dynamics below it) and a
/// coalition on a line below consensus, each saying how it was found.
#[test]
fn like_minded_membership_at_193_members_follows_its_schemas() {
    // Afghanistan (first in the model) leads from (2, 0); the rest sit on a ring about the
    // status quo at the origin, so inclusive consensus cannot move.
    let xs: Vec<String> = (0..193)
        .map(|k| {
            if k == 0 {
                "2".into()
            } else {
                format!("{:.6}", (std::f64::consts::TAU * k as f64 / 192.0).cos())
            }
        })
        .collect();
    let ys: Vec<String> = (0..193)
        .map(|k| {
            if k == 0 {
                "0".into()
            } else {
                format!("{:.6}", (std::f64::consts::TAU * k as f64 / 192.0).sin())
            }
        })
        .collect();
    let (xs, ys) = (xs.join(","), ys.join(","));
    for (share, search, largest) in [("1", "consensus_structure", true), ("0.6", "join_leave", false)] {
        let out = validated(
            "bargain_spatial",
            &[
                "bargain",
                "spatial",
                "models/institutions/unga.toml",
                "--rule",
                "two_thirds",
                "--ideals",
                &xs,
                "--ideals-y",
                &ys,
                "--status-quo",
                "0",
                "--status-quo-y",
                "0",
                "--setter",
                "AFG",
                "--club-share",
                share,
            ],
        );
        let club = &out[0]["like_minded_club"];
        assert_eq!(
            (club["search"].as_str(), club["largest"].as_bool()),
            (Some(search), Some(largest)),
            "{club}"
        );
        assert!(club["members"].as_array().is_some_and(|m| m.len() >= 2 && m[0] == "AFG"));
    }
    let line: Vec<String> = (0..193).map(|k| format!("{}", 1.0 - k as f64 / 100.0)).collect();
    let out = validated(
        "bargain_like_minded",
        &[
            "bargain",
            "like-minded",
            "models/institutions/unga.toml",
            "--ideals",
            &line.join(","),
            "--status-quo",
            "0",
            "--leader",
            "AFG",
            "--stable",
            "--internal-share",
            "0.5",
        ],
    );
    assert_eq!((out[0]["search"].as_str(), out[0]["largest"].as_bool()), (Some("join_leave"), Some(false)));
    assert!(out[0]["reading"].as_str().is_some_and(|r| r.contains("not shown to be the largest")));
}
