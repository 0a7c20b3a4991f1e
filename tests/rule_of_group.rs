//! Thresholds `of` a group ("k of a group"): the Security Council variant "four of the five
//! permanent members must concur" by hand, the compiled game against the rule's definition and
//! the exact backends against brute force on random bodies, and the quota descriptions.

use comity::game::{Coalition, SimpleGame};
use comity::model::Institution;
use comity::power::{PowerOptions, brute_force, power_indices};
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;

const UNSC: &str = include_str!("../models/institutions/unsc.toml");

fn unsc_with(rule: &str) -> Institution {
    let text = format!("{UNSC}\n[[rules]]\nname = \"variant\"\nrule = {rule}\n");
    Institution::from_toml(&text, "unsc.toml").unwrap()
}

fn frac(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// Shapley-Shubik by its definition over all coalitions: the weight |S|! (n-|S|-1)! / n! of
/// every losing S that member i turns winning.
fn shapley_shubik_by_definition(n: usize, wins: impl Fn(u32) -> bool) -> Vec<BigRational> {
    let fact = |k: usize| (1..=k as i64).map(BigInt::from).product::<BigInt>();
    (0..n)
        .map(|i| {
            let mut sum = BigRational::from_integer(BigInt::from(0));
            for s in 0u32..1 << n {
                if s & (1 << i) == 0 && !wins(s) && wins(s | 1 << i) {
                    let k = s.count_ones() as usize;
                    sum += BigRational::new(fact(k) * fact(n - k - 1), fact(n));
                }
            }
            sum
        })
        .collect()
}

#[test]
fn unsc_four_of_five_permanent_members_by_hand() {
    // An elected member is pivotal when it joins 8 others that include at least 4 permanent
    // members: C(5,4) C(9,4) + C(5,5) C(9,3) = 630 + 84 = 714 such sets, each of weight
    // 8! 6! / 15! = 1/45045, so 714/45045 = 34/2145. The ten elected members hold 340/2145 and
    // the five permanent members share the rest: (2145 - 340) / 5 / 2145 = 361/2145 each.
    let body = unsc_with(
        r#"{ all = [ { count = { at_least = 4, of = { group = "permanent" } } }, { count = { at_least = 9 } } ] }"#,
    );
    let compiled = body.compile("variant").unwrap();
    let text: Vec<String> = compiled.quotas.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["all[0].count: members of permanent >= 4 of 5", "all[1].count: members >= 9 of 15"]);
    let power = power_indices(&compiled.game, &PowerOptions::new().with_exact(true)).unwrap();
    assert!(
        !power.method().contains("Monte Carlo") && !power.method().contains("brute"),
        "{}",
        power.method()
    );
    let mut expected = vec![frac(361, 2145); 5];
    expected.extend(vec![frac(34, 2145); 10]);
    assert_eq!(power.shapley_shubik_exact().unwrap(), &expected[..]);
    // An independent count over the 15 members: the first five in the file are permanent.
    let permanent: Vec<usize> = body.group("permanent").unwrap().to_vec();
    assert_eq!(permanent, [0, 1, 2, 3, 4]);
    let by_definition =
        shapley_shubik_by_definition(15, |s| (s & 0b11111).count_ones() >= 4 && s.count_ones() >= 9);
    assert_eq!(by_definition, expected);
}

#[test]
fn count_of_a_tag_or_ids_reads_as_of_a_group() {
    let by_tag =
        unsc_with(r#"{ count = { at_least = 4, of = { tag = "P5" } } }"#).compile("variant").unwrap();
    let by_ids =
        unsc_with(r#"{ count = { share = "3/5", of = { ids = ["CHN", "FRA", "RUS", "GBR", "USA"] } } }"#)
            .compile("variant")
            .unwrap();
    assert_eq!(by_tag.quotas[0].to_string(), "count: members of tag P5 >= 4 of 5");
    assert_eq!(
        by_ids.quotas[0].to_string(),
        "count: members of ids [CHN, FRA, RUS, GBR, USA] >= 3 of 5 (share 3/5)"
    );
    // Only the permanent members matter: every elected member is a null player.
    for compiled in [&by_tag, &by_ids] {
        let permanent_only = Coalition::from_players(0..5);
        let elected = Coalition::from_players(5..15);
        assert!(compiled.game.is_winning(&permanent_only));
        assert!(!compiled.game.is_winning(&elected));
    }
}

#[test]
fn weighted_of_a_group_needs_the_attribute_of_its_members_only() {
    let text = format!(
        "{HEAD}{}\n[[groups]]\nname = \"g\"\ntag = \"g\"\n[[rules]]\nname = \"r\"\nrule = {{ weighted = {{ attribute = \"votes\", more_than_share = 0.5, of = {{ group = \"g\" }} }} }}\n",
        [("A", true, Some(3)), ("B", true, Some(2)), ("C", false, None), ("D", true, Some(1))]
            .iter()
            .map(|&(id, g, votes)| member(id, g, votes))
            .collect::<String>()
    );
    let body = Institution::from_toml(&text, "w.toml").unwrap();
    let compiled = body.compile("r").unwrap();
    assert_eq!(compiled.quotas[0].to_string(), "weighted: votes of g >= 4 of 6 (more than share 0.5)");
    // A (3) and D (1) reach 4 of the group's 6; C holds no votes and is a null player.
    assert!(compiled.game.is_winning(&Coalition::from_players([0, 3])));
    assert!(!compiled.game.is_winning(&Coalition::from_players([0, 2])));
    assert!(!compiled.game.is_winning(&Coalition::from_players([1, 2, 3])));
}

#[test]
fn a_blocs_default_rule_prints_as_written() {
    let compiled = unsc_with(
        r#"{ blocs = { rule = { count = { at_least = 9 } }, blocs = [ { members = { ids = ["CHN", "FRA", "RUS"] } } ] } }"#,
    )
    .compile("variant")
    .unwrap();
    assert_eq!(
        compiled.quotas[1].to_string(),
        "blocs.blocs[0].rule: members >= 2 of 3 (more than half of 3)"
    );
    assert_eq!(compiled.quotas[1].default_rule, Some("more than half"));
}

const HEAD: &str = "[institution]\nid = \"t\"\nname = \"T\"\nsource = \"s\"\ndate = \"2026\"\n[columns.votes]\nsource = \"s\"\ndate = \"2026\"\n";

fn member(id: &str, in_group: bool, votes: Option<u64>) -> String {
    let tags = if in_group { "tags = [\"g\"]\n" } else { "" };
    let votes = votes.map(|v| format!("attributes = {{ votes = {v} }}\n")).unwrap_or_default();
    format!("[[members]]\nid = \"{id}\"\nname = \"{id}\"\n{tags}{votes}")
}

/// A threshold as written, and the quota it should compile to over a total.
#[derive(Debug, Clone)]
enum Written {
    AtLeast(u64),
    Share(u64, u64),
    MoreThanShare(u64, u64),
}

impl Written {
    fn toml(&self) -> String {
        match self {
            Written::AtLeast(k) => format!("at_least = {k}"),
            Written::Share(a, b) => format!("share = \"{a}/{b}\""),
            Written::MoreThanShare(a, b) => format!("more_than_share = \"{a}/{b}\""),
        }
    }

    fn quota(&self, total: u64) -> u64 {
        match *self {
            Written::AtLeast(k) => k,
            Written::Share(a, b) => (a * total).div_ceil(b),
            Written::MoreThanShare(a, b) => a * total / b + 1,
        }
    }
}

fn written() -> impl Strategy<Value = Written> {
    let share = (1u64..=6).prop_flat_map(|b| (1..=b, Just(b)));
    prop_oneof![
        (1u64..=12).prop_map(Written::AtLeast),
        share.clone().prop_map(|(a, b)| Written::Share(a, b)),
        share.prop_map(|(a, b)| Written::MoreThanShare(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// On random bodies, `count` or `weighted` `of` a group (alone, or with a count of the
    /// whole body) wins exactly on the coalitions its definition says, refuses the quotas no
    /// coalition meets, and the exact backend chosen agrees with brute force.
    #[test]
    fn thresholds_of_a_group_agree_with_their_definition(
        members in prop::collection::vec((any::<bool>(), 0u64..6), 2..=10),
        weighted in any::<bool>(),
        threshold in written(),
        also_count in prop::option::of(1u64..=10),
    ) {
        prop_assume!(members.iter().any(|m| m.0));
        let n = members.len();
        let ids: Vec<String> = (0..n).map(|i| format!("M{i}")).collect();
        let mut text = String::from(HEAD);
        for (i, &(g, v)) in members.iter().enumerate() {
            text += &member(&ids[i], g, Some(v));
        }
        let leaf = if weighted {
            format!("{{ weighted = {{ attribute = \"votes\", {}, of = {{ group = \"g\" }} }} }}", threshold.toml())
        } else {
            format!("{{ count = {{ {}, of = {{ group = \"g\" }} }} }}", threshold.toml())
        };
        let also_count = also_count.filter(|&k| k <= n as u64);
        let rule = match also_count {
            Some(k) => format!("{{ all = [ {leaf}, {{ count = {{ at_least = {k} }} }} ] }}"),
            None => leaf,
        };
        text += &format!("[[groups]]\nname = \"g\"\ntag = \"g\"\n[[rules]]\nname = \"r\"\nrule = {rule}\n");
        let weight = |i: usize| if weighted { members[i].1 } else { 1 };
        let total: u64 = (0..n).filter(|&i| members[i].0).map(weight).sum();
        let quota = threshold.quota(total);
        let result = Institution::from_toml(&text, "random.toml");
        if quota == 0 || quota > total {
            let message = result.expect_err("no coalition meets this quota").to_string();
            prop_assert!(message.starts_with("random.toml:"), "{}", message);
            prop_assert!(
                message.contains("quota 0") || message.contains(&format!("is above the total {total} of g; expected at most {total}")),
                "{}", message
            );
            return Ok(());
        }
        let body = result.unwrap();
        let compiled = body.compile("r").unwrap();
        prop_assert_eq!(compiled.quotas[0].at_least, quota);
        prop_assert_eq!(compiled.quotas[0].total, total);
        prop_assert_eq!(compiled.quotas[0].of.as_deref(), Some("g"));
        for s in 0u32..1 << n {
            let held: u64 = (0..n).filter(|&i| s & (1 << i) != 0 && members[i].0).map(weight).sum();
            let wins = held >= quota && also_count.is_none_or(|k| u64::from(s.count_ones()) >= k);
            let coalition = Coalition::from_players((0..n).filter(|&i| s & (1 << i) != 0));
            prop_assert_eq!(compiled.game.is_winning(&coalition), wins, "coalition {:b}", s);
        }
        let fast = power_indices(&compiled.game, &PowerOptions::new().with_exact(true)).unwrap();
        let slow = brute_force(&compiled.game).unwrap();
        prop_assert_eq!(fast.tally().winning(), slow.winning());
        prop_assert_eq!(fast.tally().swings(), slow.swings());
        prop_assert_eq!(fast.shapley_shubik_exact().unwrap(), &slow.shapley_shubik().unwrap()[..]);
    }
}

#[test]
fn euro_area_votes_written_with_of_equal_the_club_form() {
    // TFEU Art. 238(3)(a): when only the euro area votes, a qualified majority is 55% of the
    // participating members representing 65% of their population. Written with `of`, the
    // other members are null players, exactly as inside a club of the euro area.
    const EU: &str = include_str!("../models/institutions/eu_council.toml");
    let euro = r#"ids = ["AUT", "BEL", "BGR", "HRV", "CYP", "EST", "FIN", "FRA", "DEU", "GRC", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "PRT", "SVK", "SVN", "ESP"]"#;
    let text = format!(
        "{EU}\n[[groups]]\nname = \"euro_area\"\n{euro}\n\n[[rules]]\nname = \"of\"\nrule = {{ all = [ {{ count = {{ share = 0.55, of = {{ group = \"euro_area\" }} }} }}, {{ weighted = {{ attribute = \"population\", share = 0.65, of = {{ group = \"euro_area\" }} }} }} ] }}\n\n[[rules]]\nname = \"club\"\nrule = {{ club = {{ members = {{ group = \"euro_area\" }}, rule = {{ all = [ {{ count = {{ share = 0.55 }} }}, {{ weighted = {{ attribute = \"population\", share = 0.65 }} }} ] }} }} }}\n"
    );
    let body = Institution::from_toml(&text, "eu_council.toml").unwrap();
    let of = body.compile("of").unwrap();
    let club = body.compile("club").unwrap();
    assert_eq!(of.quotas[0].to_string(), "all[0].count: members of euro_area >= 12 of 21 (share 0.55)");
    assert_eq!((of.quotas[1].at_least, of.quotas[1].total), (club.quotas[1].at_least, club.quotas[1].total));
    let options = PowerOptions::new().with_exact(true);
    let (of, club) =
        (power_indices(&of.game, &options).unwrap(), power_indices(&club.game, &options).unwrap());
    assert_eq!(of.tally().winning(), club.tally().winning());
    assert_eq!(of.tally().swings(), club.tally().swings());
    assert_eq!(of.shapley_shubik_exact(), club.shapley_shubik_exact());
    let outside = body.member_index("POL").unwrap();
    assert_eq!(of.shapley_shubik_exact().unwrap()[outside], frac(0, 1));
}
