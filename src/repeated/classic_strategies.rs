//! Classic strategies of the repeated prisoner's dilemma as finite automata, each with its
//! source.
//!
//! Each strategy follows the Axelrod library's definition where the library has one (the file
//! and class named in [`ClassicStrategy::source`]; Knight et al. 2016), with the original
//! publication. Strategies whose memory is unbounded in the library are bounded here, and the
//! bound is stated: Gradual counts at most `K` of the opponent's defections (default
//! [`GRADUAL_DEFAULT_CAP`]; the library counts all of them, so the two agree until the
//! opponent's `K + 1`-th defection), and the majority rules look at a window of the
//! opponent's last `W` moves (default 5, the library's `GoByMajority5`).
//!
//! Strategies that only look at the opponent's last few moves are built from the window of
//! those moves and then minimised (Moore's partition refinement: states with the same move and
//! the same successors' classes merged), so that they carry no more states than they need.
//!
//! # References
//! Axelrod (1980a), "Effective choice in the prisoner's dilemma", JCR 24(1); Axelrod (1980b),
//! "More effective choice in the prisoner's dilemma", JCR 24(3); Axelrod (1984), *The
//! Evolution of Cooperation*; Beaufils, Delahaye & Mathieu (1997), "Our meeting with Gradual",
//! ALIFE V; Knight et al. (2016), JORS 4(1), the Axelrod library (`axelrod/strategies/`);
//! Moore (1956), "Gedanken-experiments on sequential machines", for minimisation.
//!
//! ```
//! use comity::repeated::{CLASSIC_STRATEGIES, StagePayoffs, classic_strategy};
//! let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
//! assert!(CLASSIC_STRATEGIES.len() >= 25);
//! // Tit-for-two-tats needs three states: last move C, one D, two Ds in a row.
//! assert_eq!(classic_strategy("tit-for-two-tats", &pd)?.states().len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{Automaton, AutomatonState, MemoryOne, RepeatedError, StagePayoffs};
use std::collections::HashMap;
use std::path::Path;

/// A classic strategy: its name (as the CLI and [`classic_strategy`] take it), what it does,
/// and where it comes from.
///
/// ```
/// use comity::repeated::CLASSIC_STRATEGIES;
/// let grudger = CLASSIC_STRATEGIES.iter().find(|s| s.name == "grudger").unwrap();
/// assert!(grudger.source.contains("grudger.py"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassicStrategy {
    /// The name.
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// Where the definition comes from.
    pub source: &'static str,
}

/// Opponent defections Gradual counts unless told otherwise (`gradual:K`): with `K = 16` it
/// has 152 states (after minimisation) and agrees with the Axelrod library's unbounded count until the opponent's
/// 17th defection.
///
/// ```
/// use comity::repeated::{GRADUAL_DEFAULT_CAP, StagePayoffs, classic_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// assert_eq!(GRADUAL_DEFAULT_CAP, 16);
/// assert_eq!(classic_strategy("gradual", &pd)?.name(), "gradual:16");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const GRADUAL_DEFAULT_CAP: usize = 16;

/// Largest majority window accepted (the automaton of a window `W` grows as `2^W`).
///
/// ```
/// use comity::repeated::{CLASSIC_MAX_PARAMETER, StagePayoffs, classic_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// assert_eq!(CLASSIC_MAX_PARAMETER, 10);
/// assert!(classic_strategy("hard-majority:11", &pd).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const CLASSIC_MAX_PARAMETER: usize = 10;

/// Largest Gradual cap accepted.
const GRADUAL_MAX_CAP: usize = 64;

/// The classic strategies, in the order `comity reciprocity strategies` lists them.
///
/// ```
/// use comity::repeated::{CLASSIC_STRATEGIES, StagePayoffs, classic_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// for s in CLASSIC_STRATEGIES {
///     assert!(classic_strategy(s.name, &pd).is_ok(), "{}", s.name);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const CLASSIC_STRATEGIES: [ClassicStrategy; 31] = [
    c("cooperator", "always cooperates", "Axelrod library Cooperator (cooperator.py); Axelrod (1984)"),
    c("defector", "always defects", "Axelrod library Defector (defector.py); Axelrod (1984)"),
    c(
        "tit-for-tat",
        "cooperates first, then copies the opponent's last move",
        "Axelrod library TitForTat (titfortat.py); Rapoport's entry in Axelrod (1980a)",
    ),
    c(
        "grudger",
        "cooperates until the opponent's first defection, then defects for ever (its own mistakes ignored)",
        "Axelrod library Grudger (grudger.py); Friedman (1971), Axelrod (1980a)",
    ),
    c(
        "tit-for-two-tats",
        "defects only after two defections in a row by the opponent",
        "Axelrod library TitFor2Tats (titfortat.py); Axelrod (1984)",
    ),
    c(
        "two-tits-for-tat",
        "defects twice after each defection by the opponent (if either of its last two moves was D)",
        "Axelrod library TwoTitsForTat (titfortat.py); Axelrod (1984)",
    ),
    c(
        "suspicious-tit-for-tat",
        "defects first, then copies the opponent's last move",
        "Axelrod library SuspiciousTitForTat (titfortat.py); Beaufils, Delahaye & Mathieu (1997)",
    ),
    c(
        "prober",
        "plays D, C, C; defects for ever if the opponent cooperated in moves 2 and 3, else plays tit-for-tat",
        "Axelrod library Prober (prober.py); Li, Hingston & Kendall (2011)",
    ),
    c(
        "tester",
        "defects first; after any defection by the opponent apologises with C and plays tit-for-tat; otherwise C, C and then alternates",
        "Axelrod library (versions 1-3) Tester (axelrod_second.py); Gladstein's rule in Axelrod (1980b)",
    ),
    c(
        "joss",
        "tit-for-tat that cooperates with probability 0.9 after the opponent's C (memory one: 0.9, 0, 0.9, 0)",
        "Axelrod library Joss / FirstByJoss (axelrod_first.py); Axelrod (1980a)",
    ),
    c(
        "firm-but-fair",
        "memory one (1, 0, 1, 2/3): cooperates after CC and DC, defects after CD, cooperates with probability 2/3 after DD; cooperates first",
        "Axelrod library FirmButFair (memoryone.py); Frean (1994)",
    ),
    c(
        "gradual",
        "after the opponent's n-th defection defects n times then cooperates twice; counts at most K defections (gradual:K, default 16)",
        "Axelrod library Gradual (titfortat.py); Beaufils, Delahaye & Mathieu (1997)",
    ),
    c(
        "hard-majority",
        "defects if the opponent defected at least as often as it cooperated in its last W moves (hard-majority:W, default 5); defects first",
        "Axelrod library HardGoByMajority5 (gobymajority.py); Axelrod (1984)",
    ),
    c(
        "soft-majority",
        "cooperates if the opponent cooperated at least as often as it defected in its last W moves (soft-majority:W, default 5)",
        "Axelrod library GoByMajority5 (gobymajority.py); Axelrod (1984)",
    ),
    c(
        "win-stay-lose-shift",
        "memory one (1, 0, 0, 1): repeats its move after R or T, switches after S or P",
        "Axelrod library WinStayLoseShift (memoryone.py); Nowak & Sigmund (1993)",
    ),
    c(
        "generous-tit-for-tat",
        "memory one (1, g, 1, g) with g = min(1 - (T-R)/(R-S), (R-P)/(T-P))",
        "Axelrod library GTFT (memoryone.py); Nowak & Sigmund (1992)",
    ),
    c(
        "alternator",
        "cooperates first, then the opposite of its own last move",
        "Axelrod library Alternator (alternator.py); Axelrod (1984)",
    ),
    c(
        "cycler-ccd",
        "plays C, C, D, C, C, D, ... whatever happens",
        "Axelrod library CyclerCCD (cycler.py); Mittal & Deb (2009)",
    ),
    c(
        "bully",
        "defects first, then the opposite of the opponent's last move",
        "Axelrod library Bully (titfortat.py); Nachbar (1992)",
    ),
    c(
        "anti-tit-for-tat",
        "cooperates first, then the opposite of the opponent's last move",
        "Axelrod library AntiTitForTat (titfortat.py); Hilbe, Nowak & Sigmund (2013)",
    ),
    c(
        "hard-tit-for-tat",
        "defects if the opponent defected in any of its last three moves",
        "Axelrod library HardTitForTat (titfortat.py); Stewart & Plotkin (2012)",
    ),
    c(
        "hard-tit-for-two-tats",
        "defects if the opponent defected twice in a row within its last three moves",
        "Axelrod library HardTitFor2Tats (titfortat.py); Stewart & Plotkin (2012)",
    ),
    c(
        "random",
        "cooperates with probability 1/2 every round",
        "Axelrod library Random (rand.py); Axelrod (1980a)",
    ),
    c(
        "handshake",
        "plays C, D; cooperates for ever if the opponent opened C, D too, else defects for ever",
        "Axelrod library Handshake (handshake.py); Robson (1990)",
    ),
    c(
        "appeaser",
        "cooperates first; switches its own move whenever the opponent defects",
        "Axelrod library Appeaser (appeaser.py)",
    ),
    c(
        "fool-me-once",
        "forgives the opponent's first defection and defects for ever after the second",
        "Axelrod library FoolMeOnce (oncebitten.py)",
    ),
    c(
        "soft-grudger",
        "after a defection by the opponent plays D, D, D, D, C, C, then resumes",
        "Axelrod library SoftGrudger (grudger.py); Li, Hingston & Kendall (2011)",
    ),
    c(
        "aggravater",
        "defects in the first three rounds, then plays grudger (counting those rounds too)",
        "Axelrod library Aggravater (grudger.py)",
    ),
    c(
        "davis",
        "cooperates for 10 rounds, then plays grudger (counting those rounds too)",
        "Axelrod library FirstByDavis (axelrod_first.py); Davis's entry in Axelrod (1980a)",
    ),
    c(
        "grofman",
        "memory one (1, 2/7, 2/7, 1): cooperates after matching moves, with probability 2/7 after different ones",
        "Axelrod library FirstByGrofman (axelrod_first.py); Grofman's entry in Axelrod (1980a)",
    ),
    c(
        "win-shift-lose-stay",
        "memory one (0, 1, 1, 0), defects first",
        "Axelrod library WinShiftLoseStay (memoryone.py); Li, Hingston & Kendall (2011)",
    ),
];

const fn c(name: &'static str, description: &'static str, source: &'static str) -> ClassicStrategy {
    ClassicStrategy { name, description, source }
}

fn op(label: impl Into<String>, cooperate: f64, after_c: usize, after_d: usize) -> AutomatonState {
    AutomatonState::on_opponent(label, cooperate, after_c, after_d)
}

fn memory_one(name: &str, p: [f64; 4], first: f64) -> Automaton {
    Automaton::from_memory_one(name, &MemoryOne { p, first })
}

/// A classic strategy by name (case and `_`/`-`/space insensitive), with its parameter where it
/// takes one: `gradual:K` (the cap on counted defections, 1 to 64), `hard-majority:W` and
/// `soft-majority:W` (the window, 1 to [`CLASSIC_MAX_PARAMETER`]).
///
/// ```
/// use comity::repeated::{StagePayoffs, classic_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let grudger = classic_strategy("Grudger", &pd)?;
/// assert_eq!(grudger.states().len(), 2);
/// assert_eq!(classic_strategy("gradual:2", &pd)?.name(), "gradual:2");
/// let err = classic_strategy("grudgr", &pd).unwrap_err();
/// assert!(err.to_string().starts_with("strategy 'grudgr': not a classic strategy"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn classic_strategy(name: &str, pd: &StagePayoffs) -> Result<Automaton, RepeatedError> {
    let bad = |message: String| RepeatedError::Strategy { spec: name.to_string(), message };
    let lower = name.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    let (base, parameter) = match lower.split_once(':') {
        Some((b, p)) => {
            let k = p.trim().parse::<usize>().map_err(|_| bad(format!("'{p}' is not a whole number")))?;
            (b.to_string(), Some(k))
        }
        None => (lower.clone(), None),
    };
    let tft_pair = |label_c: &str, label_d: &str| vec![op(label_c, 1.0, 0, 1), op(label_d, 0.0, 0, 1)];
    let automaton = match (base.as_str(), parameter) {
        ("cooperator", None) => Automaton::new("cooperator", vec![op("C", 1.0, 0, 0)], 0)?,
        ("defector", None) => Automaton::new("defector", vec![op("D", 0.0, 0, 0)], 0)?,
        ("tit-for-tat", None) => Automaton::new("tit-for-tat", tft_pair("C", "D"), 0)?,
        ("suspicious-tit-for-tat", None) => Automaton::new("suspicious-tit-for-tat", tft_pair("C", "D"), 1)?,
        ("grudger", None) => {
            Automaton::new("grudger", vec![op("trusting", 1.0, 0, 1), op("grudging", 0.0, 1, 1)], 0)?
        }
        ("tit-for-two-tats", None) => window("tit-for-two-tats", 2, |h| last_n_all_d(h, 2)),
        ("two-tits-for-tat", None) => window("two-tits-for-tat", 2, |h| h.iter().rev().take(2).any(|&d| d)),
        ("hard-tit-for-tat", None) => window("hard-tit-for-tat", 3, |h| h.iter().rev().take(3).any(|&d| d)),
        ("hard-tit-for-two-tats", None) => window("hard-tit-for-two-tats", 3, |h| {
            let tail: Vec<bool> = h.iter().rev().take(3).copied().collect();
            tail.windows(2).any(|w| w[0] && w[1])
        }),
        ("hard-majority" | "soft-majority", w) => {
            let w = w.unwrap_or(5);
            if !(1..=CLASSIC_MAX_PARAMETER).contains(&w) {
                return Err(bad(format!("window {w}; expected 1 to {CLASSIC_MAX_PARAMETER}")));
            }
            let hard = base == "hard-majority";
            window(&format!("{base}:{w}"), w, move |h| {
                let tail = &h[h.len().saturating_sub(w)..];
                let defections = tail.iter().filter(|&&d| d).count();
                let cooperations = tail.len() - defections;
                defections > cooperations || (hard && defections == cooperations)
            })
        }
        ("prober", None) => Automaton::new(
            "prober",
            vec![
                op("opening D", 0.0, 1, 1),
                op("opening C (1)", 1.0, 2, 3),
                op("opening C (2), opponent's C", 1.0, 4, 5),
                op("opening C (2), opponent's D", 1.0, 6, 5),
                op("exploit", 0.0, 4, 4),
                op("tit-for-tat D", 0.0, 6, 5),
                op("tit-for-tat C", 1.0, 6, 5),
            ],
            0,
        )?,
        ("tester", None) => Automaton::new(
            "tester",
            vec![
                op("opening D", 0.0, 1, 5),
                op("second C", 1.0, 2, 5),
                AutomatonState::new("third C", 1.0, [3, 5, 4, 5]),
                AutomatonState::new("alternate D", 0.0, [3, 5, 4, 5]),
                AutomatonState::new("alternate C", 1.0, [3, 5, 4, 5]),
                op("tit-for-tat C (apology)", 1.0, 5, 6),
                op("tit-for-tat D", 0.0, 5, 6),
            ],
            0,
        )?,
        ("joss", None) => memory_one("joss", [0.9, 0.0, 0.9, 0.0], 1.0),
        ("firm-but-fair", None) => memory_one("firm-but-fair", [1.0, 0.0, 1.0, 2.0 / 3.0], 1.0),
        ("win-stay-lose-shift", None) => memory_one("win-stay-lose-shift", [1.0, 0.0, 0.0, 1.0], 1.0),
        ("win-shift-lose-stay", None) => memory_one("win-shift-lose-stay", [0.0, 1.0, 1.0, 0.0], 0.0),
        ("generous-tit-for-tat", None) => {
            let g = MemoryOne::gtft(pd);
            memory_one("generous-tit-for-tat", g.p, g.first)
        }
        ("grofman", None) => memory_one("grofman", [1.0, 2.0 / 7.0, 2.0 / 7.0, 1.0], 1.0),
        ("random", None) => Automaton::new("random", vec![op("coin", 0.5, 0, 0)], 0)?,
        ("alternator", None) => Automaton::new(
            "alternator",
            vec![AutomatonState::new("C", 1.0, [1, 1, 0, 0]), AutomatonState::new("D", 0.0, [1, 1, 0, 0])],
            0,
        )?,
        ("cycler-ccd", None) => Automaton::new(
            "cycler-ccd",
            vec![op("C (1)", 1.0, 1, 1), op("C (2)", 1.0, 2, 2), op("D", 0.0, 0, 0)],
            0,
        )?,
        ("bully", None) => Automaton::new("bully", vec![op("D", 0.0, 0, 1), op("C", 1.0, 0, 1)], 0)?,
        ("anti-tit-for-tat", None) => {
            Automaton::new("anti-tit-for-tat", vec![op("C", 1.0, 1, 0), op("D", 0.0, 1, 0)], 0)?
        }
        ("handshake", None) => Automaton::new(
            "handshake",
            vec![
                op("opening C", 1.0, 1, 2),
                op("opening D, opponent opened C", 0.0, 4, 3),
                op("opening D, opponent opened D", 0.0, 4, 4),
                op("cooperate for ever", 1.0, 3, 3),
                op("defect for ever", 0.0, 4, 4),
            ],
            0,
        )?,
        ("appeaser", None) => Automaton::new(
            "appeaser",
            vec![AutomatonState::new("C", 1.0, [0, 1, 1, 0]), AutomatonState::new("D", 0.0, [0, 1, 1, 0])],
            0,
        )?,
        ("fool-me-once", None) => Automaton::new(
            "fool-me-once",
            vec![
                op("no defection yet", 1.0, 0, 1),
                op("one defection", 1.0, 1, 2),
                op("defect for ever", 0.0, 2, 2),
            ],
            0,
        )?,
        ("soft-grudger", None) => {
            let mut states = vec![op("calm", 1.0, 0, 1)];
            for (k, coop) in [0.0, 0.0, 0.0, 0.0, 1.0].into_iter().enumerate() {
                states.push(op(format!("grudge {}", k + 1), coop, k + 2, k + 2));
            }
            states.push(op("grudge 6", 1.0, 0, 1));
            Automaton::new("soft-grudger", states, 0)?
        }
        ("aggravater", None) => grudger_after("aggravater", 3, 0.0),
        ("davis", None) => grudger_after("davis", 10, 1.0),
        ("gradual", k) => {
            let k = k.unwrap_or(GRADUAL_DEFAULT_CAP);
            if !(1..=GRADUAL_MAX_CAP).contains(&k) {
                return Err(bad(format!("cap {k}; expected 1 to {GRADUAL_MAX_CAP}")));
            }
            gradual(k)
        }
        (b, Some(_)) if CLASSIC_STRATEGIES.iter().any(|s| s.name == b) => {
            return Err(bad(format!("{b} takes no parameter")));
        }
        _ => {
            return Err(bad(format!(
                "not a classic strategy; expected one of {}",
                CLASSIC_STRATEGIES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
            )));
        }
    };
    Ok(automaton)
}

/// A strategy from its written form: a classic strategy ([`classic_strategy`]), a memory-one
/// strategy ([`MemoryOne::parse`]), or a path to an automaton file ending in `.toml`
/// ([`Automaton::load`]).
///
/// ```
/// use comity::repeated::{StagePayoffs, automaton_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// assert_eq!(automaton_strategy("grudger", &pd)?.states().len(), 2);
/// assert_eq!(automaton_strategy("1/0/1/0", &pd)?.states().len(), 5); // memory one
/// assert!(automaton_strategy("no-such", &pd).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn automaton_strategy(spec: &str, pd: &StagePayoffs) -> Result<Automaton, RepeatedError> {
    let trimmed = spec.trim();
    if trimmed.to_ascii_lowercase().ends_with(".toml") {
        return Automaton::load(Path::new(trimmed));
    }
    let lower = trimmed.to_ascii_lowercase().replace(['_', ' '], "-");
    let (base, parameter) = match lower.split_once(':') {
        Some((b, _)) => (b, true),
        None => (lower.as_str(), false),
    };
    let classic = CLASSIC_STRATEGIES.iter().any(|s| s.name == base);
    // `random:Q` is the memory-one coin; `random` alone is the classic one (the same coin at 1/2).
    if classic && (!parameter || PARAMETERISED.contains(&base)) {
        return classic_strategy(trimmed, pd);
    }
    match MemoryOne::parse(trimmed, pd) {
        Ok(m) => Ok(Automaton::from_memory_one(trimmed, &m)),
        Err(RepeatedError::Strategy { .. }) if !trimmed.contains('/') && !parameter => {
            Err(RepeatedError::Strategy {
                spec: trimmed.to_string(),
                message: format!(
                    "expected a classic strategy ({}), a memory-one strategy (allc, alld, tft, wsls, grim, gtft, extort:CHI, random:Q, p_CC/p_CD/p_DC/p_DD[/first]) or an automaton file NAME.toml",
                    CLASSIC_STRATEGIES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                ),
            })
        }
        Err(e) => Err(e),
    }
}

/// The classic strategies that take a parameter.
const PARAMETERISED: [&str; 3] = ["gradual", "hard-majority", "soft-majority"];

/// Whether the opponent's last `n` moves were all defections (`true` = D).
fn last_n_all_d(h: &[bool], n: usize) -> bool {
    h.len() >= n && h[h.len() - n..].iter().all(|&d| d)
}

/// The automaton whose state is the opponent's last `w` moves (fewer at the start), which
/// defects when `defect(history)` says so (`true` = D), minimised.
fn window(name: &str, w: usize, defect: impl Fn(&[bool]) -> bool) -> Automaton {
    // A history of length `len` with bits `bits` (bit i = move i, oldest first) has index
    // 2^len - 1 + bits.
    let index = |len: usize, bits: usize| (1usize << len) - 1 + bits;
    let mut states = Vec::with_capacity((1 << (w + 1)) - 1);
    for len in 0..=w {
        for bits in 0..(1usize << len) {
            let history: Vec<bool> = (0..len).map(|i| bits >> i & 1 == 1).collect();
            let next = |d: bool| {
                let mut h = history.clone();
                h.push(d);
                if h.len() > w {
                    h.remove(0);
                }
                index(h.len(), h.iter().enumerate().map(|(i, &x)| usize::from(x) << i).sum())
            };
            let label: String = history.iter().map(|&d| if d { 'D' } else { 'C' }).collect();
            let label = if label.is_empty() { "start".to_string() } else { format!("opponent {label}") };
            states.push(op(label, if defect(&history) { 0.0 } else { 1.0 }, next(false), next(true)));
        }
    }
    minimise(name, states, 0)
}

/// Moore's partition refinement: merges states that cooperate with the same probability and
/// whose successors are merged alike, keeping the first state of each class (so the start
/// keeps its label).
fn minimise(name: &str, states: Vec<AutomatonState>, start: usize) -> Automaton {
    let n = states.len();
    let mut class: Vec<usize> = {
        let mut ids: HashMap<u64, usize> = HashMap::new();
        states
            .iter()
            .map(|s| {
                let k = ids.len();
                *ids.entry(s.cooperate.to_bits()).or_insert(k)
            })
            .collect()
    };
    loop {
        let mut ids: HashMap<(usize, [usize; 4]), usize> = HashMap::new();
        let refined: Vec<usize> = (0..n)
            .map(|i| {
                let key = (class[i], states[i].next.map(|j| class[j]));
                let k = ids.len();
                *ids.entry(key).or_insert(k)
            })
            .collect();
        let stable = ids.len() == class.iter().collect::<std::collections::HashSet<_>>().len();
        class = refined;
        if stable {
            break;
        }
    }
    // Renumber the classes in order of first appearance from the start, breadth first, so
    // that the start is state 0 and every kept state is reachable.
    let mut new_index: HashMap<usize, usize> = HashMap::new();
    let mut representative = Vec::new();
    let mut queue = std::collections::VecDeque::from([start]);
    new_index.insert(class[start], 0);
    representative.push(start);
    while let Some(i) = queue.pop_front() {
        for &j in &states[i].next {
            if let std::collections::hash_map::Entry::Vacant(slot) = new_index.entry(class[j]) {
                slot.insert(representative.len());
                representative.push(j);
                queue.push_back(j);
            }
        }
    }
    let kept: Vec<AutomatonState> = representative
        .iter()
        .map(|&i| {
            let s = &states[i];
            AutomatonState::new(s.label.clone(), s.cooperate, s.next.map(|j| new_index[&class[j]]))
        })
        .collect();
    Automaton::new(name, kept, 0).expect("a minimised automaton of a valid one is valid")
}

/// Grudger after `opening` rounds that play `opening_move` (1 = C, 0 = D), counting the
/// opponent's defections in those rounds too (Davis, Aggravater).
fn grudger_after(name: &str, opening: usize, opening_move: f64) -> Automaton {
    // States 2k (clean) and 2k + 1 (the opponent has defected) for round k < opening, then
    // trusting (2 opening) and grudging (2 opening + 1).
    let trusting = 2 * opening;
    let grudging = trusting + 1;
    let mut states = Vec::with_capacity(2 * opening + 2);
    for k in 0..opening {
        let (clean_next, dirty_next) =
            if k + 1 < opening { (2 * (k + 1), 2 * (k + 1) + 1) } else { (trusting, grudging) };
        states.push(op(
            format!("opening {} (no defection yet)", k + 1),
            opening_move,
            clean_next,
            dirty_next,
        ));
        states.push(op(
            format!("opening {} (opponent has defected)", k + 1),
            opening_move,
            dirty_next,
            dirty_next,
        ));
    }
    states.push(op("trusting", 1.0, trusting, grudging));
    states.push(op("grudging", 0.0, grudging, grudging));
    // The first round's "opponent has defected" state cannot be entered: minimisation keeps
    // only the classes reached from the start, so it vanishes.
    minimise(name, states, 0)
}

/// Gradual with at most `cap` opponent defections counted (Axelrod library `Gradual`): after
/// the opponent's last move was D, with `d` defections counted so far, defect now and `d - 1`
/// more times, then cooperate twice; defections keep being counted meanwhile.
fn gradual(cap: usize) -> Automaton {
    // Index: normal N(d) for d in 0..=cap, calm C1(d), C2(d), punish P(d, r) for 1 <= d <= cap,
    // 0 <= r < d (r further defections after this one).
    let normal = |d: usize| d;
    let calm1 = |d: usize| cap + 1 + d;
    let calm2 = |d: usize| 2 * (cap + 1) + d;
    let punish_base = 3 * (cap + 1);
    let punish = |d: usize, r: usize| punish_base + (d - 1) * d / 2 + r;
    let up = |d: usize| (d + 1).min(cap);
    // From a state where the next move is decided by the opponent's last move (normal or the
    // second calm round): after C stay normal, after D start punishing.
    let decide = |d: usize| (normal(d), punish(up(d), up(d) - 1));
    let mut states = Vec::with_capacity(punish_base + cap * (cap + 1) / 2);
    for d in 0..=cap {
        let (c, dd) = decide(d);
        states.push(op(format!("cooperate ({d} defections seen)"), 1.0, c, dd));
    }
    for d in 0..=cap {
        states.push(op(format!("calm 1 ({d} defections seen)"), 1.0, calm2(d), calm2(up(d))));
    }
    for d in 0..=cap {
        let (c, dd) = decide(d);
        states.push(op(format!("calm 2 ({d} defections seen)"), 1.0, c, dd));
    }
    for d in 1..=cap {
        for r in 0..d {
            let after = |d2: usize| if r > 0 { punish(d2, r - 1) } else { calm1(d2) };
            states.push(op(format!("punish ({d} defections seen, {r} more)"), 0.0, after(d), after(up(d))));
        }
    }
    minimise(&format!("gradual:{cap}"), states, normal(0))
}
