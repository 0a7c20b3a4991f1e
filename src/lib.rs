#![doc = include_str!("../README.md")]
// The tour follows the README (which is also the crate's front page on docs.rs): one runnable
// example per module, in the order data flows through the design.
#![doc = r##"
# A tour of the modules, in the order data flows

A body is read from a model file ([`model`]), its rules compile to simple games ([`rules`],
[`game`]), solvers turn games into numbers ([`power`], [`coop`], [`equilibrium`],
[`bargaining`], [`repeated`]), and a study compares rule sets ([`study`]). The UN Security
Council runs through the tour; its values can be checked by hand.

**[`model`]**: load and validate a body; members, groups and named rules.

```
use comity::model::Institution;
let unsc = Institution::load("models/institutions/unsc.toml")?;
assert_eq!(unsc.members().len(), 15);
assert_eq!(unsc.group("permanent"), Some(&[0, 1, 2, 3, 4][..]));
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`rules`]**: a rule in the rule language compiles to a game, and reports the quota each of
its leaves became. Here a variant written in code: 4 of the 5 permanent members and 9 of 15.

```
use comity::model::Institution;
use comity::rules::{compile, MemberSet, Rule, Threshold};
let unsc = Institution::load("models/institutions/unsc.toml")?;
let permanent = MemberSet { group: Some("permanent".into()), ..Default::default() };
let four = Threshold { at_least: Some(4), of: Some(permanent), ..Default::default() };
let nine = Threshold { at_least: Some(9), ..Default::default() };
let compiled = compile(&Rule::All(vec![Rule::Count(four), Rule::Count(nine)]), &unsc)?;
assert_eq!(compiled.quotas[0].to_string(), "all[0].count: members of permanent >= 4 of 5");
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`game`]**: coalitions and simple games; whether a coalition wins.

```
use comity::game::{Coalition, SimpleGame};
use comity::model::Institution;
let game = Institution::load("models/institutions/unsc.toml")?.compile("substantive")?.game;
// Nine members with all five permanent ones win; fourteen without one of them lose.
assert!(game.is_winning(&Coalition::from_players(0..9)));
assert!(!game.is_winning(&Coalition::from_players(1..15)));
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`power`]**: exact power indices.

```
use comity::model::Institution;
use comity::power::{power_indices, PowerOptions};
let game = Institution::load("models/institutions/unsc.toml")?.compile("substantive")?.game;
let ss = power_indices(&game, &PowerOptions::default())?.shapley_shubik().unwrap();
// By hand: an elected member pivots 9th, after the five and 3 of the other 9 elected:
// 84 x 8! x 6! / 15! = 4/2145; the five share the rest, 421/2145 each.
assert!((ss[0] - 421.0 / 2145.0).abs() < 1e-12 && (ss[14] - 4.0 / 2145.0).abs() < 1e-12);
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`coop`]**: the simple game as a TU game (a winning coalition is worth 1), its Shapley
value and core.

```
use comity::coop::{in_core, shapley_value, TuGame};
use comity::model::Institution;
let game = Institution::load("models/institutions/unsc.toml")?.compile("substantive")?.game;
let tu = TuGame::from_simple_game(&game)?;
// The Shapley value of a simple game is its Shapley-Shubik index.
assert!((shapley_value(&tu)[0] - 421.0 / 2145.0).abs() < 1e-12);
// The core of a simple game shares everything among its veto players (a standard result;
// any such split is in it).
let veto_only: Vec<f64> = (0..15).map(|i| if i < 5 { 0.2 } else { 0.0 }).collect();
assert!(in_core(&tu, &veto_only));
// An equal split is not: nine winning members get only 9/15 between them.
assert!(!in_core(&tu, &[1.0 / 15.0; 15]));
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`equilibrium`]**: normal-form games and their Nash equilibria.

```
use comity::equilibrium::{pure_equilibria, NormalFormGame};
// Prisoner's dilemma (cooperate 0, defect 1): mutual defection is the only equilibrium.
let pd = NormalFormGame::bimatrix(vec![vec![3.0, 0.0], vec![5.0, 1.0]],
                                  vec![vec![3.0, 5.0], vec![0.0, 1.0]])?;
let eq = pure_equilibria(&pd);
assert_eq!(eq.len(), 1);
assert_eq!(eq[0].payoffs, vec![1.0, 1.0]);
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`bargaining`]**: who gets what when members bargain under the rule (Baron-Ferejohn).

```
use comity::bargaining::{baron_ferejohn, Recognition};
use comity::game::{Game, WeightedGame};
// Five members, simple majority, equal recognition, discount 0.9. By hand: each expects 1/5,
// and a proposer keeps 1 - 0.9 x 2/5 = 0.64, buying two partners at 0.9/5 = 0.18 each.
let game = Game::from(WeightedGame::new(vec![1; 5], 3)?);
let eq = baron_ferejohn(&game, &Recognition::Equal.probabilities(5)?, 0.9)?;
assert!(eq.values.iter().all(|v| (v - 0.2).abs() < 1e-9));
assert!((eq.classes[0].keeps - 0.64).abs() < 1e-9);
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`repeated`]**: repeated games, strategies and long-run outcomes.

```
use comity::repeated::{long_run_payoffs, MemoryOne, StagePayoffs};
// Prisoner's dilemma R = 3, S = 0, T = 5, P = 1. Tit-for-tat against itself with noise
// visits the four outcomes equally often in the long run: (3 + 0 + 5 + 1) / 4 = 2.25.
let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
let (x, y) = long_run_payoffs(&MemoryOne::tft(), &MemoryOne::tft(), &pd, 0.05)?;
assert!((x - 2.25).abs() < 1e-12 && (y - 2.25).abs() < 1e-12);
# Ok::<(), Box<dyn std::error::Error>>(())
```

**[`study`]**: rule sets compared, with group aggregates.

```
use comity::study::Study;
let study = Study::load("models/studies/unsc_reform.toml")?;
let today = study.evaluate(0)?;
let elected = today.groups.iter().find(|g| g.name == "elected").unwrap();
// The ten elected members hold 10 x 4/2145 of the Shapley-Shubik power.
assert!((elected.shapley_shubik.unwrap() - 40.0 / 2145.0).abs() < 1e-12);
# Ok::<(), Box<dyn std::error::Error>>(())
```
"##]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod bargaining;
pub mod cancel;
pub mod caucus;
pub mod coop;
pub mod equilibrium;
pub mod estimate;
pub mod exact;
pub mod game;
mod lp;
pub mod model;
pub mod power;
pub mod prelude;
pub mod repeated;
pub mod rng;
pub mod rules;
pub mod seats;
pub mod strict_json;
pub mod study;
#[cfg(feature = "proptest")]
pub mod testing;
