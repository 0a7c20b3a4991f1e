//! Proptest strategies for property tests of one's own models (feature `proptest`).
//!
//! Random weighted games, size-and-weight games, composite games (`all` / `any` trees of
//! weighted, count and veto leaves), rules of the rule language, whole institutions, TU games
//! and bimatrix games. Every strategy is built from proptest's own combinators, so a failing
//! case shrinks towards fewer players, smaller weights and shallower trees. Numbers are whole
//! (weights, quotas, values and payoffs), so that exact and floating-point answers can be
//! compared without tolerance troubles from the inputs themselves.
//!
//! The crate's own property tests draw their games from here (`tests/support/mod.rs`).
//!
//! ```
//! use comity::game::Game;
//! use comity::power::{power_indices, PowerOptions};
//! use comity::testing::weighted_game;
//! use proptest::prelude::*;
//!
//! proptest!(|(game in weighted_game(6, 9))| {
//!     // Efficiency: the Shapley-Shubik index sums to one.
//!     let options = PowerOptions::new().with_exact(true);
//!     let p = power_indices(&Game::from(game), &options).unwrap();
//!     let total: f64 = p.shapley_shubik().unwrap().iter().sum();
//!     prop_assert!((total - 1.0).abs() < 1e-9);
//! });
//! ```
//!
//! # References
//!
//! The strategies follow proptest's book, "Strategies" and "Recursive data"
//! (<https://proptest-rs.github.io/proptest/>).

use crate::coop::TuGame;
use crate::equilibrium::NormalFormGame;
use crate::game::{Composite, Connective, Game, SizeWeightGame, WeightedGame};
use crate::model::{Column, Institution, InstitutionFile, InstitutionInfo, MemberEntry, RuleEntry};
use crate::rules::{MemberSet, Rule, Threshold, WeightedThreshold};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// A weighted game with `1..=max_n` players, weights `0..=max_w` (not all zero) and a quota
/// between 1 and the total weight.
///
/// ```
/// use comity::game::SimpleGame;
/// use comity::testing::weighted_game;
/// use proptest::prelude::*;
///
/// proptest!(|(game in weighted_game(5, 9))| {
///     prop_assert!((1..=5).contains(&game.n()));
/// });
/// ```
pub fn weighted_game(max_n: usize, max_w: u64) -> impl Strategy<Value = WeightedGame> {
    (1..=max_n.max(1))
        .prop_flat_map(move |n| prop::collection::vec(0..=max_w.max(1), n))
        .prop_filter("some weight", |w| w.iter().sum::<u64>() > 0)
        .prop_flat_map(|w| {
            let total: u64 = w.iter().sum();
            (Just(w), 1..=total)
        })
        .prop_map(|(w, q)| WeightedGame::new(w, q).expect("a quota within the total weight"))
}

/// A size-and-weight game with `1..=max_n` players and weights `0..=max_w`: thresholds built
/// downwards from the grand coalition, rising (or becoming "never") as the size falls.
///
/// ```
/// use comity::game::SimpleGame;
/// use comity::testing::size_weight_game;
/// use proptest::prelude::*;
///
/// proptest!(|(game in size_weight_game(4, 5))| {
///     prop_assert!(game.n() <= 4);
/// });
/// ```
pub fn size_weight_game(max_n: usize, max_w: u64) -> impl Strategy<Value = SizeWeightGame> {
    (1..=max_n.max(1))
        .prop_flat_map(move |n| {
            (prop::collection::vec(0..=max_w, n), prop::collection::vec((0..=max_w, 0..8u8), n + 1))
        })
        .prop_filter_map("valid thresholds", |(weights, steps)| {
            let total: u64 = weights.iter().sum();
            let n = weights.len();
            let mut thresholds = vec![None; n + 1];
            let mut current = Some(steps[n].0.min(total));
            for s in (0..=n).rev() {
                thresholds[s] = current;
                let (rise, never) = steps[s];
                current = current.and_then(|t| if never == 0 { None } else { Some(t + rise) });
            }
            if thresholds[0] == Some(0) {
                thresholds[0] = None;
            }
            SizeWeightGame::new(weights, thresholds).ok()
        })
}

/// A composite game on `2..=max_n` players: an `all` / `any` tree (depth up to 3) of weighted,
/// member-count and veto-group leaves.
///
/// ```
/// use comity::game::SimpleGame;
/// use comity::testing::composite_game;
/// use proptest::prelude::*;
///
/// proptest!(|(game in composite_game(5))| {
///     prop_assert!((2..=5).contains(&game.n()));
/// });
/// ```
pub fn composite_game(max_n: usize) -> impl Strategy<Value = Game> {
    (2..=max_n.max(2)).prop_flat_map(|n| {
        let leaf = prop_oneof![
            // weighted
            (prop::collection::vec(0..6u64, n), 1..100u64).prop_map(move |(w, q)| {
                let total: u64 = w.iter().sum::<u64>().max(1);
                let mut w = w;
                if w.iter().all(|&x| x == 0) {
                    w[0] = 1;
                }
                Game::from(WeightedGame::new(w, 1 + q % total).expect("a quota within the total"))
            }),
            // member count
            (1..=n as u64).prop_map(move |k| Game::from(WeightedGame::new(vec![1; n], k).expect("k <= n"))),
            // veto group
            prop::collection::vec(any::<bool>(), n).prop_map(move |mask| {
                let mut w: Vec<u64> = mask.iter().map(|&b| b as u64).collect();
                if w.iter().all(|&x| x == 0) {
                    w[0] = 1;
                }
                let q = w.iter().sum();
                Game::from(WeightedGame::new(w, q).expect("the quota is the total"))
            }),
        ];
        leaf.prop_recursive(3, 12, 3, |inner| {
            (prop::collection::vec(inner, 1..4), any::<bool>()).prop_map(|(parts, all)| {
                let c = if all { Connective::All } else { Connective::Any };
                Game::from(Composite::new(c, parts).expect("parts over one player set"))
            })
        })
    })
}

/// The id of member `i` in [`rule`] and [`institution`]: `M0`, `M1`, ...
///
/// ```
/// assert_eq!(comity::testing::member_id(3), "M3");
/// ```
pub fn member_id(i: usize) -> String {
    format!("M{i}")
}

/// A rule of the rule language over `n` members with ids [`member_id`] and an attribute
/// `votes` of whole numbers `1..=9`: an `all` / `any` tree (depth up to 3) of unanimity,
/// member-count, `votes`-weighted and veto leaves. Quotas are absolute (`at_least`), and a
/// `votes` quota is at most `n`, so the rule is valid whatever the votes.
///
/// ```
/// use comity::rules::Rule;
/// use comity::testing::rule;
/// use proptest::prelude::*;
///
/// proptest!(|(r in rule(4))| {
///     // Every rule reads back from its own TOML form.
///     let text = toml::to_string(&std::collections::BTreeMap::from([("rule", r.clone())])).unwrap();
///     let back: std::collections::BTreeMap<String, Rule> = toml::from_str(&text).unwrap();
///     prop_assert_eq!(&back["rule"], &r);
/// });
/// ```
pub fn rule(n: usize) -> impl Strategy<Value = Rule> {
    let n = n.max(1);
    let leaf = prop_oneof![
        Just(Rule::Unanimity),
        (1..=n as u64).prop_map(|k| Rule::Count(Threshold { at_least: Some(k), ..Threshold::default() })),
        (1..=n as u64).prop_map(|q| Rule::Weighted(WeightedThreshold {
            attribute: "votes".into(),
            at_least: Some(q),
            share: None,
            more_than_share: None,
            of: None,
        })),
        prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n).prop_map(|ids| {
            Rule::Veto(MemberSet {
                ids: Some(ids.into_iter().map(member_id).collect()),
                ..MemberSet::default()
            })
        }),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        (prop::collection::vec(inner, 1..4), any::<bool>())
            .prop_map(|(parts, all)| if all { Rule::All(parts) } else { Rule::Any(parts) })
    })
}

/// A validated institution of `1..=max_n` members (ids [`member_id`], attribute `votes` in
/// `1..=9`) with one rule, named `rule`, drawn by [`rule`].
///
/// ```
/// use comity::game::SimpleGame;
/// use comity::testing::institution;
/// use proptest::prelude::*;
///
/// proptest!(|(inst in institution(5))| {
///     let compiled = inst.compile("rule").unwrap();
///     prop_assert_eq!(compiled.game.n(), inst.members().len());
/// });
/// ```
pub fn institution(max_n: usize) -> impl Strategy<Value = Institution> {
    (1..=max_n.max(1)).prop_flat_map(|n| (prop::collection::vec(1..=9u32, n), rule(n))).prop_map(
        |(votes, rule)| {
            let members = votes
                .iter()
                .enumerate()
                .map(|(i, &v)| MemberEntry {
                    id: member_id(i),
                    name: format!("Member {i}"),
                    tags: Vec::new(),
                    attributes: BTreeMap::from([("votes".to_string(), f64::from(v))]),
                })
                .collect();
            let file = InstitutionFile {
                institution: InstitutionInfo {
                    id: "random".into(),
                    name: "A random institution".into(),
                    source: "comity::testing::institution".into(),
                    date: "2026-01-01".into(),
                    notes: None,
                    draft: false,
                },
                columns: BTreeMap::from([(
                    "votes".to_string(),
                    Column { source: "comity::testing::institution".into(), date: "2026".into(), unit: None },
                )]),
                members,
                groups: Vec::new(),
                rules: vec![RuleEntry { name: "rule".into(), description: None, source: None, rule }],
            };
            Institution::validate(file, "", "random institution").expect("a valid random institution")
        },
    )
}

/// A TU game with `1..=max_n` players and whole values `v(S)` in `0..=max_v` (`v(∅) = 0`).
///
/// ```
/// use comity::coop::shapley_value;
/// use comity::testing::tu_game;
/// use proptest::prelude::*;
///
/// proptest!(|(game in tu_game(4, 10))| {
///     // Efficiency: the Shapley value shares out v(N).
///     let total: f64 = shapley_value(&game).iter().sum();
///     prop_assert!((total - game.value((1 << game.n()) - 1)).abs() < 1e-9);
/// });
/// ```
pub fn tu_game(max_n: usize, max_v: u32) -> impl Strategy<Value = TuGame> {
    (1..=max_n.clamp(1, 10)).prop_flat_map(move |n| prop::collection::vec(0..=max_v, 1 << n)).prop_map(
        |values| {
            let n = values.len().trailing_zeros() as usize;
            let values: Vec<f64> =
                values.iter().enumerate().map(|(s, &v)| if s == 0 { 0.0 } else { f64::from(v) }).collect();
            TuGame::from_values(n, values).expect("finite values with v(empty) = 0")
        },
    )
}

/// A bimatrix game of `1..=max_actions` actions per player and whole payoffs in
/// `-max_payoff..=max_payoff`.
///
/// ```
/// use comity::testing::bimatrix_game;
/// use proptest::prelude::*;
///
/// proptest!(|(game in bimatrix_game(3, 5))| {
///     prop_assert_eq!(game.players(), 2);
/// });
/// ```
pub fn bimatrix_game(max_actions: usize, max_payoff: i32) -> impl Strategy<Value = NormalFormGame> {
    let p = max_payoff.abs();
    (1..=max_actions.max(1), 1..=max_actions.max(1))
        .prop_flat_map(move |(r, c)| {
            let matrix = move || prop::collection::vec(prop::collection::vec(-p..=p, c), r);
            (matrix(), matrix())
        })
        .prop_map(|(a, b)| {
            let f = |m: Vec<Vec<i32>>| {
                m.into_iter().map(|row| row.into_iter().map(f64::from).collect()).collect()
            };
            NormalFormGame::bimatrix(f(a), f(b)).expect("two matrices of one shape")
        })
}

/// A seeded TU game of `n` players whose core holds a known point `x*`, the same game as the
/// nucleolus benchmarks (`benches/coop.rs`) and the peer script
/// (`benches/peers/coop_peers.py`, which writes it out for coopgame-py): a 64-bit linear
/// congruential generator draws `x*_i = 10 + (draw mod 90)`, then in bitmask order
/// `v(S) = floor(x*(S) (50 + (draw mod 50)) / 100)` for proper coalitions, and `v(N) = x*(N)`.
/// Every coalition gets at most `x*(S)`, so `x*` is in the core and the core is not empty.
///
/// Errors: `n` above [`TuGame::MAX_PLAYERS`].
///
/// ```
/// use comity::coop::core_is_empty;
/// use comity::testing::tu_game_with_core;
/// let game = tu_game_with_core(6, 1)?;
/// assert_eq!(game.n(), 6);
/// // No coalition gets more than its members' x*, and the grand coalition gets x*(N).
/// assert!(!core_is_empty(&game)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tu_game_with_core(n: usize, seed: u64) -> Result<TuGame, crate::coop::TuError> {
    let mut state = seed;
    let mut draw = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        state >> 33
    };
    let x: Vec<u64> = (0..n.min(64)).map(|_| 10 + draw() % 90).collect();
    // `n` is checked by `from_fn` before any value is asked for; the shift must not overflow first.
    let grand = (1usize << n.min(63)) - 1;
    TuGame::from_fn(n, |m| {
        if m == 0 {
            return 0.0;
        }
        let total: u64 = (0..n).filter(|&i| m >> i & 1 == 1).map(|i| x[i]).sum();
        let d = draw() % 50;
        if m == grand { total as f64 } else { (total * (50 + d) / 100) as f64 }
    })
}
