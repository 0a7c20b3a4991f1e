//! Published and hand-computed values: every fixture under `tests/fixtures/<source>/` holds a
//! weighted game and its expected indices as exact fractions; each is checked through the
//! dispatcher (fast backends) and through brute force. The bundled models are checked against
//! the published figures they should reproduce.

use comity::game::{Game, WeightedGame};
use comity::model::Institution;
use comity::power::{PowerOptions, Tally, brute_force, power_indices};
use num_rational::BigRational;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    #[allow(dead_code)]
    source: String,
    weights: Vec<u64>,
    quota: u64,
    expected: BTreeMap<String, toml::Value>,
}

fn fraction(s: &str) -> BigRational {
    s.parse().unwrap_or_else(|_| panic!("bad fraction {s}"))
}

fn fractions(v: &toml::Value) -> Vec<BigRational> {
    v.as_array().expect("a list").iter().map(|x| fraction(x.as_str().expect("a string"))).collect()
}

fn check(tally: &Tally, ss: Option<Vec<BigRational>>, expected: &BTreeMap<String, toml::Value>, what: &str) {
    for (index, want) in expected {
        match index.as_str() {
            "coleman_power_to_act" => {
                assert_eq!(tally.coleman_power_to_act(), fraction(want.as_str().unwrap()), "{what}: {index}")
            }
            name => {
                let got = match name {
                    "shapley_shubik" => ss.clone().expect("exact Shapley-Shubik"),
                    "banzhaf" => tally.banzhaf(),
                    "banzhaf_absolute" => tally.banzhaf_absolute(),
                    "coleman_prevent" => tally.coleman_prevent(),
                    "coleman_initiate" => tally.coleman_initiate(),
                    other => panic!("{what}: unknown index {other}"),
                };
                assert_eq!(got, fractions(want), "{what}: {index}");
            }
        }
    }
}

#[test]
fn every_fixture_matches_its_published_values() {
    let mut checked = 0;
    for dir in std::fs::read_dir("tests/fixtures").unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let fixture: Fixture = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let game = WeightedGame::new(fixture.weights.clone(), fixture.quota).unwrap();
            let options = PowerOptions::new().with_exact(true);
            let fast = power_indices(&Game::from(game.clone()), &options).unwrap();
            let name = path.display().to_string();
            check(fast.tally(), fast.shapley_shubik_exact().map(<[_]>::to_vec), &fixture.expected, &name);
            let slow = brute_force(&game).unwrap();
            check(&slow, slow.shapley_shubik(), &fixture.expected, &format!("{name} (brute force)"));
            checked += 1;
        }
    }
    assert!(checked >= 4, "fixtures found: {checked}");
}

fn model(name: &str) -> Institution {
    Institution::load(Path::new("models/institutions").join(name)).unwrap()
}

#[test]
fn security_council_model_reproduces_shapley_shubik_1954() {
    let unsc = model("unsc.toml");
    let power = power_indices(&unsc.compile("substantive").unwrap().game, &PowerOptions::default()).unwrap();
    let ss = power.shapley_shubik().unwrap();
    for (member, &x) in unsc.members().iter().zip(&ss) {
        let want = if member.tags.contains(&"P5".to_string()) { 0.19627 } else { 0.001865 };
        assert!((x - want).abs() < 5e-6, "{}: {x}", member.id);
    }
    assert_eq!(power.tally().coleman_power_to_act(), fraction("53/2048"));
}

#[test]
fn general_assembly_members_are_symmetric_and_two_thirds_is_129_of_193() {
    let unga = model("unga.toml");
    let rule = unga.compile("two_thirds").unwrap();
    assert_eq!(rule.quotas[0].at_least, 129);
    let power = power_indices(&rule.game, &PowerOptions::new().with_exact(true)).unwrap();
    let ss = power.shapley_shubik_exact().unwrap();
    assert!(ss.iter().all(|x| *x == fraction("1/193")));
    // Absolute Banzhaf of a member: C(192, 128) / 2^192 (it swings when exactly 128 others agree).
    let swing: num_bigint::BigUint =
        (1..=64u32).fold(num_bigint::BigUint::from(1u32), |acc, k| acc * (128 + k) / k);
    assert_eq!(power.tally().swings()[0], swing);
}

#[test]
fn consensus_gives_every_member_a_veto_and_the_body_almost_no_power_to_act() {
    let body = model("un_consensus.toml");
    let power = power_indices(&body.compile("consensus").unwrap().game, &PowerOptions::default()).unwrap();
    assert_eq!(power.tally().winning(), &1u32.into());
    assert!(power.coleman_prevent().iter().all(|&x| x == 1.0));
    assert_eq!(power.banzhaf_absolute()[0], 0.5f64.powi(192));
}

#[test]
fn eu_council_power_follows_population_and_the_quotas_compile_as_the_treaty_says() {
    let eu = model("eu_council.toml");
    let rule = eu.compile("qualified_majority").unwrap();
    let at_least: Vec<u64> = rule.quotas.iter().map(|q| q.at_least).collect();
    let total: u64 = eu.members().iter().map(|m| m.attributes["population"] as u64).sum();
    // 55% of 27 members is 14.85, so 15; 65% of the population rounded up; 24 members.
    assert_eq!(at_least, vec![15, (total * 65).div_ceil(100), 24]);
    let power = power_indices(&rule.game, &PowerOptions::default()).unwrap();
    let ss = power.shapley_shubik().unwrap();
    assert!((ss.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let mut by_population: Vec<(f64, f64)> =
        eu.members().iter().map(|m| m.attributes["population"]).zip(ss.iter().copied()).collect();
    by_population.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(by_population.windows(2).all(|w| w[0].1 <= w[1].1 + 1e-15), "power rises with population");
}

#[test]
fn imf_quotas_compile_from_the_vote_total() {
    let imf = model("imf.toml");
    let total = 5_039_930u64; // the IMF page's total of votes, 2 October 2022
    let q: Vec<u64> = ["majority", "special_70", "special_85"]
        .iter()
        .map(|r| imf.compile(r).unwrap().quotas[0].at_least)
        .collect();
    assert_eq!(q, vec![total / 2 + 1, (total * 70).div_ceil(100), (total * 85).div_ceil(100)]);
}

/// The General Assembly with the AOSIS caucus and the small states outside it voting as blocs
/// (two-thirds at the top, simple majority inside each bloc): members of the same bloc are
/// symmetric, so are the independent members, Shapley-Shubik sums to 1, and a Monte Carlo run
/// of the same rule covers the exact values.
#[test]
fn general_assembly_with_caucuses_is_counted_exactly() {
    let body = model("unga.toml");
    let compiled = body.compile("two_thirds_with_caucuses").unwrap();
    let p = power_indices(&compiled.game, &PowerOptions::default()).unwrap();
    assert!(
        p.method().starts_with("generating function over 2 blocs and 90 independent members"),
        "{}",
        p.method()
    );
    let ss = p.shapley_shubik().unwrap();
    assert!((ss.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let index = |id: &str| body.members().iter().position(|m| m.id == id).unwrap();
    let (tuv, jam, che, lux, usa, chn) =
        (index("TUV"), index("JAM"), index("CHE"), index("LUX"), index("USA"), index("CHN"));
    assert_eq!(ss[tuv], ss[jam]); // both in AOSIS
    assert_eq!(ss[che], ss[lux]); // both small states outside AOSIS
    assert_eq!(ss[usa], ss[chn]); // both independent
    // The caucus multiplies its members' Banzhaf power many times over, against one vote each.
    let alone = power_indices(&body.compile("two_thirds").unwrap().game, &PowerOptions::default()).unwrap();
    assert!(p.banzhaf_absolute()[tuv] > 1000.0 * alone.banzhaf_absolute()[tuv]);
    let options = comity::power::MonteCarloOptions::new(30_000, 3, 0.999);
    let mc = comity::power::monte_carlo(&compiled.game, &options, None).unwrap();
    for i in [tuv, che, usa] {
        let (s, b) = (&mc.shapley_shubik[i], &mc.banzhaf_absolute[i]);
        assert!(s.low <= ss[i] && ss[i] <= s.high, "{i}: {s:?} vs {}", ss[i]);
        let exact_b = p.banzhaf_absolute()[i];
        assert!(b.low <= exact_b && exact_b <= b.high, "{i}: {b:?} vs {exact_b}");
    }
}

/// The G7 deciding by consensus inside the UN membership: each of the seven has a veto and a
/// seventh of the Shapley-Shubik power; the other 186 members are null players.
#[test]
fn g7_club_gives_its_members_a_seventh_each_and_outsiders_nothing() {
    let body = model("un_clubs.toml");
    let p = power_indices(&body.compile("g7_consensus").unwrap().game, &PowerOptions::default()).unwrap();
    let ss = p.shapley_shubik().unwrap();
    let g7 = ["CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"];
    for (m, x) in body.members().iter().zip(&ss) {
        let expected = if g7.contains(&m.id.as_str()) { 1.0 / 7.0 } else { 0.0 };
        assert!((x - expected).abs() < 1e-15, "{}: {x}", m.id);
    }
    let g20 = body.compile("g20_consensus").unwrap();
    let members = body.members().iter().filter(|m| m.tags.iter().any(|t| t == "G20")).count();
    assert_eq!(members, 19);
    assert!(
        power_indices(&g20.game, &PowerOptions::default()).unwrap().method().contains("club of 19 of 193")
    );
}
