//! Membership growth: the General Assembly's membership at known dates, power that sums to one
//! at every date, the caucus reading against a brute-force count on random small bodies, unit
//! invariance of the population threshold, and bad model files.

use comity::caucus::{GrowthModel, GrowthRule, member_power, membership_growth};
use proptest::prelude::*;

const UNGA: &str = "models/growth/unga_membership.toml";

fn unga() -> GrowthModel {
    GrowthModel::load(UNGA).expect("the bundled growth model loads")
}

#[test]
fn membership_counts_match_the_un_table() {
    // United Nations, "Growth in United Nations membership, 1945-present": members at the end
    // of each year.
    let known = [
        (1945, 51),
        (1946, 55),
        (1950, 60),
        (1955, 76),
        (1958, 82),
        (1960, 99),
        (1961, 104),
        (1964, 115),
        // Indonesia withdrew in 1965 and resumed its seat on 28 September 1966: the Yearbook of the
        // United Nations 1965 lists 117 members as at 31 December 1965, without Indonesia (a count
        // of legal membership, with Indonesia throughout, would say 118).
        (1965, 117),
        (1966, 122),
        (1973, 135),
        (1990, 159),
        (1992, 179),
        (1993, 184),
        (2000, 189),
        (2011, 193),
    ];
    let points = membership_growth(&unga()).expect("growth runs");
    for (year, members) in known {
        let p = points.iter().find(|p| p.year == year).unwrap_or_else(|| panic!("no point for {year}"));
        assert_eq!(p.members, members, "members at the end of {year}");
    }
    // Years are increasing and end with South Sudan's admission.
    assert!(points.windows(2).all(|w| w[0].year < w[1].year));
    assert_eq!(points.last().map(|p| p.year), Some(2011));
}

#[test]
fn the_founding_members_are_the_51_of_1945() {
    let model = unga();
    let ids = member_power(&model, 1945, GrowthRule::SimpleMajority, true).expect("1945").ids;
    assert_eq!(ids.len(), 51);
    for founder in ["CSK", "YUG", "RUS", "UKR", "BLR", "POL", "CHN", "EGY", "SYR", "USA", "LUX"] {
        assert!(ids.iter().any(|i| i == founder), "{founder} is a founding member");
    }
    for later in ["DEU", "JPN", "SWE", "CZE", "SRB", "DDR"] {
        assert!(!ids.iter().any(|i| i == later), "{later} was not a member in 1945");
    }
}

#[test]
fn mergers_and_successions_change_the_seats() {
    let points = membership_growth(&unga()).expect("growth runs");
    let at = |year: i32| points.iter().find(|p| p.year == year).expect("a year");
    // 1958: Guinea in, Syria out (the United Arab Republic holds Egypt's seat).
    assert_eq!(
        (at(1958).joined.clone(), at(1958).left.clone()),
        (vec!["GIN".to_string()], vec!["SYR".to_string()])
    );
    assert!(at(1961).joined.contains(&"SYR".to_string()));
    // 1965: Indonesia out (withdrawn on 20 January); 1966: back (28 September).
    assert_eq!(at(1965).left, ["IDN"]);
    assert!(at(1966).joined.contains(&"IDN".to_string()));
    // 1990: Liechtenstein and Namibia in, the two Yemens and the two Germanies merged.
    let mut left = at(1990).left.clone();
    left.sort();
    assert_eq!(left, ["DDR", "YMD"]);
    assert_eq!(at(1993).left, ["CSK"]);
    assert_eq!(at(2000).left, ["YUG"]);
}

#[test]
fn power_sums_to_one_at_every_date() {
    let model = unga();
    for year in model.years() {
        for rule in GrowthRule::ALL {
            for caucuses in [false, true] {
                let p = member_power(&model, year, rule, caucuses).expect("power");
                let ss: f64 = p.shapley_shubik.iter().sum();
                let bz: f64 = p.banzhaf.iter().sum();
                assert!(
                    (ss - 1.0).abs() < 1e-9,
                    "{year} {rule:?} caucuses={caucuses}: Shapley-Shubik sums to {ss}"
                );
                assert!((bz - 1.0).abs() < 1e-9, "{year} {rule:?} caucuses={caucuses}: Banzhaf sums to {bz}");
            }
        }
    }
}

#[test]
fn caucuses_vote_as_blocs_from_their_founding() {
    let points = membership_growth(&unga()).expect("growth runs");
    let at = |year: i32| points.iter().find(|p| p.year == year).expect("a year");
    assert!(at(1984).caucuses.is_empty());
    let names = |year: i32| at(year).caucuses.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(1990), ["aosis"]);
    assert_eq!(names(1992), ["aosis", "forum_of_small_states"]);
    // Today's 37 AOSIS members are all members since 2002 (Timor-Leste, the last).
    assert_eq!(at(2011).caucuses[0].members, 37);
    // Before any caucus, both readings agree; with one vote each, power follows the count.
    for p in points.iter().filter(|p| p.year < 1990) {
        for r in &p.rules {
            assert_eq!(r.alone, r.with_caucuses);
            assert!((r.alone.shapley_shubik - p.small_share()).abs() < 1e-12);
            assert!((r.alone.banzhaf - p.small_share()).abs() < 1e-12);
        }
    }
    // Under two-thirds today, the small states gain Shapley-Shubik power in their caucuses.
    let today = &at(2011).rules[1];
    assert!(today.with_caucuses.shapley_shubik > today.alone.shapley_shubik + 0.01);
}

#[test]
fn results_do_not_depend_on_the_population_unit() {
    let model = unga();
    let mut scaled = model.clone();
    scaled.body.small_below *= 1000.0;
    for m in &mut scaled.members {
        m.population *= 1000.0;
    }
    assert_eq!(membership_growth(&model).expect("growth"), membership_growth(&scaled).expect("scaled"));
}

/// A brute-force twin: the compound game on members counted over all coalitions, with each
/// caucus voting yes with all its votes when a majority of its members present do.
fn brute_force(n: usize, quota: usize, blocs: &[Vec<usize>]) -> (Vec<f64>, Vec<f64>) {
    let wins = |mask: u32| -> bool {
        let mut votes = 0;
        let mut in_bloc = vec![false; n];
        for b in blocs {
            let yes = b.iter().filter(|&&i| mask >> i & 1 == 1).count();
            if yes > b.len() / 2 {
                votes += b.len();
            }
            for &i in b {
                in_bloc[i] = true;
            }
        }
        votes += (0..n).filter(|&i| !in_bloc[i] && mask >> i & 1 == 1).count();
        votes >= quota
    };
    let fact = |k: usize| (1..=k).map(|x| x as f64).product::<f64>();
    let mut ss = vec![0.0; n];
    let mut swings = vec![0.0; n];
    for mask in 0u32..1 << n {
        if !wins(mask) {
            continue;
        }
        let s = mask.count_ones() as usize;
        for (i, (ss_i, sw_i)) in ss.iter_mut().zip(swings.iter_mut()).enumerate() {
            if mask >> i & 1 == 1 && !wins(mask & !(1 << i)) {
                *ss_i += fact(s - 1) * fact(n - s) / fact(n);
                *sw_i += 1.0;
            }
        }
    }
    let total: f64 = swings.iter().sum();
    (ss, swings.iter().map(|s| s / total).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random small bodies: members joining and leaving over a few years, two caucuses; at
    /// every year, the caucus reading equals the brute-force count of the compound game.
    #[test]
    fn compound_power_matches_brute_force(
        members in prop::collection::vec((0i32..4, prop::option::of(1i32..4), 0u8..3, 0.0f64..20.0), 1..=11),
        founded in (0i32..4, 0i32..4),
    ) {
        let mut text = String::from(
            "[body]\nid = \"t\"\nname = \"T\"\nsource = \"test\"\ndate = \"2026\"\nsmall_below = 10\n\n",
        );
        text += &format!("[[caucuses]]\nname = \"a\"\nfounded = {}\n\n[[caucuses]]\nname = \"b\"\nfounded = {}\n\n", 2000 + founded.0, 2000 + founded.1);
        for (k, (joined, stay, caucus, population)) in members.iter().enumerate() {
            text += &format!("[[members]]\nid = \"m{k}\"\nname = \"M{k}\"\njoined = {}\npopulation = {population}\n", 2000 + joined);
            if let Some(stay) = stay {
                text += &format!("left = {}\n", 2000 + joined + stay);
            }
            match caucus {
                1 => text += "caucus = \"a\"\n",
                2 => text += "caucus = \"b\"\n",
                _ => {}
            }
            text += "\n";
        }
        let model = GrowthModel::from_toml(&text, "random.toml").expect("a valid model");
        let points = membership_growth(&model).expect("growth runs");
        let mut previous: Vec<Indices> = Vec::new();
        for (k, point) in points.iter().enumerate() {
            let year = point.year;
            if point.members == 0 {
                continue;
            }
            let present: Vec<usize> = (0..members.len()).filter(|&k| model.members[k].is_member(year)).collect();
            let mut blocs: Vec<Vec<usize>> = Vec::new();
            for (c, name) in [(1u8, "a"), (2u8, "b")] {
                let founded = model.caucuses.iter().find(|x| x.name == name).expect("caucus").founded;
                let b: Vec<usize> = present
                    .iter()
                    .enumerate()
                    .filter(|&(_, &k)| members[k].2 == c && founded <= year)
                    .map(|(pos, _)| pos)
                    .collect();
                if !b.is_empty() {
                    blocs.push(b);
                }
            }
            let mut current = (present.clone(), Vec::new(), Vec::new());
            for (r, rule) in GrowthRule::ALL.into_iter().enumerate() {
                let n = present.len();
                let (ss, bz) = brute_force(n, rule.quota(n), &blocs);
                // The paradox: incumbents whose index rose while the body grew, no member left
                // and no caucus was founded.
                let founded = |y: i32| model.caucuses.iter().filter(|c| c.founded <= y).count();
                let mut expected: Vec<String> = Vec::new();
                if k > 0
                    && n > previous[0].0.len()
                    && previous[0].0.iter().all(|m| present.contains(m))
                    && founded(year) == founded(points[k - 1].year)
                {
                    let (before, ss0, bz0) = (&previous[0].0, &previous[0].1[r], &previous[0].2[r]);
                    for (i, &m) in present.iter().enumerate() {
                        if let Some(j) = before.iter().position(|&b| b == m) {
                            if ss[i] > ss0[j] + 1e-9 || bz[i] > bz0[j] + 1e-9 {
                                expected.push(format!("m{m}"));
                            }
                        }
                    }
                }
                prop_assert_eq!(&point.rules[r].paradox, &expected, "{} {:?}", year, rule);
                current.1.push(ss.clone());
                current.2.push(bz.clone());
                let p = member_power(&model, year, rule, true).expect("power");
                for i in 0..n {
                    prop_assert!((p.shapley_shubik[i] - ss[i]).abs() < 1e-9, "{year} {rule:?} member {i}: {} vs {}", p.shapley_shubik[i], ss[i]);
                    prop_assert!((p.banzhaf[i] - bz[i]).abs() < 1e-9, "{year} {rule:?} member {i}: {} vs {}", p.banzhaf[i], bz[i]);
                }
                let small_ss: f64 = present.iter().zip(&ss).filter(|&(&k, _)| members[k].3 < 10.0).map(|(_, x)| x).sum();
                prop_assert!((point.rules[r].with_caucuses.shapley_shubik - small_ss).abs() < 1e-9);
            }
            previous = vec![current];
        }
    }
}

/// The members present (by index in the model), and their Shapley-Shubik and Banzhaf indices
/// under each rule.
type Indices = (Vec<usize>, Vec<Vec<f64>>, Vec<Vec<f64>>);

/// A year in which two members of a dictator caucus left and three others joined flagged the
/// singles, whose power rose from nothing, as the paradox of new members: the rise came from
/// the departures, not the growth.
#[test]
fn departures_in_a_growing_year_are_not_the_paradox() {
    let mut text = String::from(HEADER);
    text += "[[caucuses]]\nname = \"x\"\nfounded = 2000\n\n";
    let member = |id: &str, joined: i32, left: Option<i32>, caucus: bool| {
        let mut m =
            format!("[[members]]\nid = \"{id}\"\nname = \"{id}\"\njoined = {joined}\npopulation = 1\n");
        if let Some(left) = left {
            m += &format!("left = {left}\n");
        }
        if caucus {
            m += "caucus = \"x\"\n";
        }
        m + "\n"
    };
    for (id, left) in [("p1", Some(2001)), ("p2", Some(2001)), ("p3", None), ("p4", None)] {
        text += &member(id, 2000, left, true);
    }
    for (id, joined) in [("a", 2000), ("b", 2000), ("c", 2000), ("d", 2001), ("e", 2001), ("f", 2001)] {
        text += &member(id, joined, None, false);
    }
    let model = GrowthModel::from_toml(&text, "departures.toml").expect("a valid model");
    let points = membership_growth(&model).expect("growth runs");
    assert_eq!((points[0].members, points[1].members), (7, 8));
    assert_eq!(points[1].left, ["p1", "p2"]);
    // 2000: the caucus of four is a dictator under a majority of 7 (4 votes); 2001: the singles
    // have power again, but because two caucus members left.
    let before = member_power(&model, 2000, GrowthRule::SimpleMajority, true).expect("power");
    let after = member_power(&model, 2001, GrowthRule::SimpleMajority, true).expect("power");
    let a = |p: &comity::caucus::MemberPower| p.ids.iter().position(|id| id == "a").expect("a");
    assert!(before.shapley_shubik[a(&before)] < 1e-12 && after.shapley_shubik[a(&after)] > 0.0);
    for rule in &points[1].rules {
        assert!(rule.paradox.is_empty(), "{:?}: {:?}", rule.rule, rule.paradox);
    }
}

/// A model built in code (public fields) naming an unknown caucus panicked on an index.
#[test]
fn a_model_built_in_code_is_validated() {
    let mut model = unga();
    model.members[0].caucus = Some("no_such_caucus".into());
    let err = membership_growth(&model).expect_err("refused");
    assert_eq!(err.field, "members[0].caucus");
    assert!(err.message.contains("\"no_such_caucus\" is not a caucus"), "{}", err.message);
    let err = member_power(&model, 2000, GrowthRule::TwoThirds, true).expect_err("refused");
    assert_eq!(err.field, "members[0].caucus");
}

fn refused(text: &str) -> (String, String) {
    let err = GrowthModel::from_toml(text, "bad.toml").expect_err("refused");
    (err.field, err.message)
}

const HEADER: &str =
    "[body]\nid = \"b\"\nname = \"B\"\nsource = \"s\"\ndate = \"2026\"\nsmall_below = 10\n\n";

#[test]
fn bad_models_are_refused_with_the_field() {
    let member = |extra: &str| {
        format!("{HEADER}[[members]]\nid = \"a\"\nname = \"A\"\njoined = 1950\npopulation = 5\n{extra}\n")
    };
    let (field, message) = refused(&member("caucus = \"nope\""));
    assert_eq!(field, "members[0].caucus");
    assert!(message.contains("not a caucus"), "{message}");
    assert_eq!(refused(&member("left = 1950")).0, "members[0].left");
    assert_eq!(refused(&member("absent = [1949, 1960]")).0, "members[0].absent");
    assert_eq!(refused(&member("absent = [1960, 1955]")).0, "members[0].absent");
    assert_eq!(refused(&member("colour = \"red\"")).0, "toml");
    assert_eq!(refused(&member("population = -1")).0, "toml"); // a duplicate key
    let twice =
        format!("{}[[members]]\nid = \"a\"\nname = \"A2\"\njoined = 1951\npopulation = 5\n", member(""));
    assert_eq!(refused(&twice).0, "members[1].id");
    let typo = member("").replace("joined = 1950", "joined = 19500");
    assert_eq!(refused(&typo).0, "members[0].joined");
    let negative = member("").replace("population = 5", "population = -5");
    assert_eq!(refused(&negative).0, "members[0].population");
    let threshold = member("").replace("small_below = 10", "small_below = 0");
    assert_eq!(refused(&threshold).0, "body.small_below");
    let caucus_twice = format!(
        "{HEADER}[[caucuses]]\nname = \"c\"\nfounded = 1990\n\n[[caucuses]]\nname = \"c\"\nfounded = 1991\n\n[[members]]\nid = \"a\"\nname = \"A\"\njoined = 1950\npopulation = 5\n"
    );
    assert_eq!(refused(&caucus_twice).0, "caucuses[1].name");
    // More members at one date than a coalition holds.
    let mut many = HEADER.to_string();
    for k in 0..257 {
        many += &format!("[[members]]\nid = \"m{k}\"\nname = \"M\"\njoined = 1950\npopulation = 5\n\n");
    }
    let (field, message) = refused(&many);
    assert_eq!(field, "members");
    assert!(message.contains("257 members") && message.contains("at most 256"), "{message}");
}

fn comity(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_comity")).args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_growth_command_reports_every_date() {
    let (ok, out, err) = comity(&["blocs", "growth", UNGA, "--format", "json"]);
    assert!(ok, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).expect("json");
    let points = value["points"].as_array().expect("points");
    let library = membership_growth(&unga()).expect("growth");
    assert_eq!(points.len(), library.len());
    assert_eq!(points[0]["members"], 51);
    assert_eq!(points[0]["joined"].as_array().map(Vec::len), Some(51));
    let today = points.last().expect("a year");
    let shares = &today["rules"][1]["with_caucuses"]["shapley_shubik"];
    assert!(
        (shares.as_f64().expect("a number") - library.last().unwrap().rules[1].with_caucuses.shapley_shubik)
            .abs()
            < 1e-12
    );
    // The table abbreviates long lists of ids.
    let (ok, table, _) = comity(&["blocs", "growth", UNGA]);
    assert!(ok && table.contains("and 43 more"), "{table}");
}

#[test]
fn a_missing_or_bad_growth_model_is_one_clear_line() {
    let (ok, _, err) = comity(&["blocs", "growth", "models/growth/no_such.toml"]);
    assert!(!ok && err.contains("no_such.toml") && err.contains("file"), "{err}");
    let dir = std::env::temp_dir().join(format!("comity-growth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        format!(
            "{HEADER}[[members]]\nid = \"a\"\nname = \"A\"\njoined = 1950\npopulation = 5\ncaucus = \"x\"\n"
        ),
    )
    .expect("written");
    let (ok, _, err) = comity(&["blocs", "growth", path.to_str().expect("a path")]);
    assert!(!ok && err.contains("members[0].caucus") && err.contains("\"x\" is not a caucus"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_g20_gains_the_african_union_without_a_paradox() {
    let g20 = "models/institutions/g20.toml";
    for (before, after) in [("consensus_2022", "consensus_2023"), ("majority_2022", "majority_2023")] {
        let (ok, out, err) = comity(&[
            "blocs",
            "enlargement",
            "--model",
            g20,
            "--before-rule",
            before,
            "--after-rule",
            after,
            "--incumbents",
            "g20_2022",
            "--format",
            "json",
        ]);
        assert!(ok, "{err}");
        let value: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(value["paradox"], serde_json::json!([]));
        let incumbents = value["incumbents"].as_array().expect("incumbents");
        assert_eq!(incumbents.len(), 20);
        for i in incumbents {
            // 1/20 each before: 19 states and the EU, equal seats.
            assert!((i["shapley_shubik_before"].as_f64().unwrap() - 0.05).abs() < 1e-12);
            assert!((i["banzhaf_before"].as_f64().unwrap() - 0.05).abs() < 1e-12);
            assert!(i["banzhaf_after"].as_f64().unwrap() < 0.05);
            assert!(i["shapley_shubik_after"].as_f64().unwrap() <= 0.05 + 1e-12);
        }
    }
    let (ok, _, err) = comity(&[
        "blocs",
        "enlargement",
        "--model",
        g20,
        "--before-rule",
        "consensus_2022",
        "--after-rule",
        "consensus_2023",
        "--incumbents",
        "no_group",
    ]);
    assert!(!ok && err.contains("--incumbents: ") && err.contains("no group \"no_group\""), "{err}");
}

/// `--before-rule` in which a non-incumbent already has power compared an enlargement that
/// was none; the newcomers must be null players before, and the first with power is named.
#[test]
fn enlargement_refuses_newcomers_with_power_before() {
    let (ok, _, err) = comity(&[
        "blocs",
        "enlargement",
        "--model",
        "models/institutions/g20.toml",
        "--before-rule",
        "consensus_2023",
        "--after-rule",
        "consensus_2023",
        "--incumbents",
        "g20_2022",
    ]);
    assert!(!ok, "{err}");
    assert!(
        err.contains("is not in --incumbents g20_2022 but has power under consensus_2023")
            && err.contains("expected the newcomers to be null players before"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn paradox_between_rules_agrees_with_the_weighted_check() {
    use comity::caucus::{new_members_paradox, paradox_between};
    use comity::game::{Club, Game, WeightedGame};
    // Brams & Affuso's EEC: 1958 inside the nine of 1973, then 1973.
    let eec = WeightedGame::new(vec![4, 4, 4, 2, 2, 1], 12).unwrap();
    let ec = WeightedGame::new(vec![10, 10, 10, 5, 5, 2, 10, 3, 3], 41).unwrap();
    let before: Game = Club::new(9, (0..6).collect(), eec.clone().into()).unwrap().into();
    let between = paradox_between(&before, &ec.clone().into(), &[0, 1, 2, 3, 4, 5]).unwrap();
    let weighted = new_members_paradox(&eec, &ec).unwrap();
    for (a, b) in between.iter().zip(&weighted) {
        assert_eq!(a.paradox, b.paradox);
        assert!((a.shapley_shubik_before - b.shapley_shubik_before).abs() < 1e-12);
        assert!((a.banzhaf_after - b.banzhaf_after).abs() < 1e-12);
    }
    assert!(between[5].paradox);
}

#[test]
fn the_growth_studies_run_and_chart_the_shares() {
    use comity::study::{Outcome, Study, report};
    let study = Study::load("models/studies/unga_growth.toml").expect("loads");
    let outcome = study.run().expect("runs");
    let Outcome::Growth(result) = &outcome else { panic!("a growth study") };
    assert_eq!(result.points.first().map(|p| p.members), Some(51));
    let report = report(&study, &outcome).expect("a report");
    let svg = &report.files.iter().find(|f| f.0 == "growth.svg").expect("the chart").1;
    assert!(svg.contains("Small states' share of members and of power by year"));
    // One line per series: members, then Shapley-Shubik and Banzhaf under each of two rules.
    assert_eq!(svg.matches(r#"class="series""#).count(), 5);
    let headline = comity::study::headline::headline_table(&study, &outcome);
    assert!(headline.contains("1945") && headline.contains("2011"), "{headline}");
    // A growth study has no variants to batch.
    let (ok, _, err) = comity(&["batch", "models/studies/oecd_growth.toml"]);
    assert!(!ok && err.contains("growth study"), "{err}");
}

#[test]
fn growth_headlines_fit_the_terminal() {
    use comity::study::Study;
    for path in ["models/studies/unga_growth.toml", "models/studies/oecd_growth.toml"] {
        let study = Study::load(path).expect("loads");
        let text = comity::study::headline::headline_table(&study, &study.run().expect("runs"));
        assert!(text.lines().all(|l| l.chars().count() <= comity::study::headline::MAX_WIDTH), "{text}");
    }
}
