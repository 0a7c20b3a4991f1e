//! Strategies of the repeated prisoner's dilemma as finite automata (Moore machines).
//!
//! An automaton has states `0..n`, a start state, in each state a probability of cooperating,
//! and in each state a transition for every outcome of the round just played, seen from the
//! automaton's side: `CC, CD, DC, DD` (own move first). A strategy that looks only at the
//! opponent's last move has the same target after `CC` and `DC`, and after `CD` and `DD`; one
//! that looks at its own move too (Appeaser, Alternator, Tester) uses all four. Transitions
//! follow the moves actually played: with implementation noise `e` an intended move flips with
//! probability `e`, so a cooperation probability `q` becomes `(1 - e) q + e (1 - q)`, and both
//! players see (and remember) the flipped move, as in the Axelrod library (Knight et al. 2016).
//!
//! Validation at construction: at least one state, every transition goes to a state that
//! exists (no undefined transition), every state can be reached from the start (no
//! unreachable state: a state that can never be entered is almost always a typing mistake),
//! and every cooperation probability is in [0, 1]. At most [`AUTOMATON_MAX_STATES`] states.
//!
//! Every memory-one strategy is an automaton with five states (the first round and the four
//! outcomes): [`Automaton::from_memory_one`]. Classic strategies with their sources are in
//! [`classic_strategy`](super::classic_strategy); matches between automata are solved exactly
//! in [`match_payoffs`](super::match_payoffs) and
//! [`automaton_long_run_payoffs`](super::automaton_long_run_payoffs).
//!
//! # References
//! Rubinstein (1986), "Finite automata play the repeated prisoner's dilemma", JET 39(1);
//! Binmore & Samuelson (1992), JET 57(2); Knight et al. (2016), "An open framework for the
//! reproducible study of the iterated prisoner's dilemma", JORS 4(1), for noise as a flip of
//! the played move.
//!
//! ```
//! use comity::repeated::{Automaton, AutomatonState};
//! // Grudger: cooperate until the opponent's first defection, then defect for ever.
//! let grudger = Automaton::new(
//!     "grudger",
//!     vec![
//!         AutomatonState::on_opponent("trusting", 1.0, 0, 1),
//!         AutomatonState::on_opponent("grudging", 0.0, 1, 1),
//!     ],
//!     0,
//! )?;
//! assert_eq!(grudger.states().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{MemoryOne, RepeatedError, probability};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Most states an automaton may have: a match solves a chain over pairs of states, so two
/// automata of this size give up to 16 million joint states (refused later by the match's own
/// limits when the reachable part is too large).
///
/// ```
/// use comity::repeated::{AUTOMATON_MAX_STATES, Automaton, AutomatonState};
/// let states: Vec<AutomatonState> = (0..=AUTOMATON_MAX_STATES)
///     .map(|i| AutomatonState::on_opponent(format!("s{i}"), 1.0, (i + 1) % (AUTOMATON_MAX_STATES + 1), 0))
///     .collect();
/// let err = Automaton::new("too big", states, 0).unwrap_err();
/// assert!(err.to_string().contains("the limit is 4096"));
/// ```
pub const AUTOMATON_MAX_STATES: usize = 4096;

/// The outcomes of a round from a player's side, own move first: the order of
/// [`AutomatonState::next`].
///
/// ```
/// use comity::repeated::OUTCOMES;
/// assert_eq!(OUTCOMES, ["CC", "CD", "DC", "DD"]);
/// ```
pub const OUTCOMES: [&str; 4] = ["CC", "CD", "DC", "DD"];

/// One state of an automaton: its label, its probability of cooperating, and the state it
/// moves to after each outcome `CC, CD, DC, DD` (own move first).
///
/// ```
/// use comity::repeated::AutomatonState;
/// // Tit-for-tat's cooperating state: stay after the opponent's C, go to state 1 after D.
/// let s = AutomatonState::on_opponent("cooperate", 1.0, 0, 1);
/// assert_eq!(s.next, [0, 1, 0, 1]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AutomatonState {
    /// A name for output and error messages.
    pub label: String,
    /// Probability of cooperating in this state (before noise).
    pub cooperate: f64,
    /// The next state after `CC, CD, DC, DD` (own move first).
    pub next: [usize; 4],
}

impl AutomatonState {
    /// A state whose transitions depend on both moves: `next` after `CC, CD, DC, DD`.
    ///
    /// ```
    /// use comity::repeated::AutomatonState;
    /// // Alternator's cooperating state: after its own C (whatever the opponent did) go to 1.
    /// let s = AutomatonState::new("C", 1.0, [1, 1, 0, 0]);
    /// assert_eq!((s.cooperate, s.next), (1.0, [1, 1, 0, 0]));
    /// ```
    pub fn new(label: impl Into<String>, cooperate: f64, next: [usize; 4]) -> Self {
        AutomatonState { label: label.into(), cooperate, next }
    }

    /// A state whose transitions depend on the opponent's move only: `after_c` after the
    /// opponent cooperated, `after_d` after it defected.
    ///
    /// ```
    /// use comity::repeated::AutomatonState;
    /// let s = AutomatonState::on_opponent("grudging", 0.0, 1, 1);
    /// assert_eq!(s.next, [1, 1, 1, 1]);
    /// ```
    pub fn on_opponent(label: impl Into<String>, cooperate: f64, after_c: usize, after_d: usize) -> Self {
        AutomatonState::new(label, cooperate, [after_c, after_d, after_c, after_d])
    }
}

/// A strategy as a finite automaton, validated (see the module's documentation).
///
/// ```
/// use comity::repeated::{Automaton, AutomatonState};
/// // A state 2 that nothing enters is refused.
/// let err = Automaton::new(
///     "tft",
///     vec![
///         AutomatonState::on_opponent("C", 1.0, 0, 1),
///         AutomatonState::on_opponent("D", 0.0, 0, 1),
///         AutomatonState::on_opponent("orphan", 0.0, 0, 1),
///     ],
///     0,
/// )
/// .unwrap_err();
/// assert_eq!(err.to_string(), "strategy 'tft': state 'orphan' cannot be reached from the start state 'C'");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Automaton {
    name: String,
    states: Vec<AutomatonState>,
    start: usize,
}

impl Automaton {
    /// An automaton from its states and start state, validated.
    ///
    /// ```
    /// use comity::repeated::{Automaton, AutomatonState};
    /// // A transition to a state that does not exist is refused.
    /// let err = Automaton::new("tft", vec![AutomatonState::on_opponent("C", 1.0, 0, 1)], 0).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "strategy 'tft': state 'C' goes to state 1 after CD; expected a state 0 to 0"
    /// );
    /// // So is a probability outside [0, 1].
    /// assert!(Automaton::new("x", vec![AutomatonState::on_opponent("C", 1.5, 0, 0)], 0).is_err());
    /// ```
    pub fn new(
        name: impl Into<String>,
        states: Vec<AutomatonState>,
        start: usize,
    ) -> Result<Self, RepeatedError> {
        let name = name.into();
        let bad = |message: String| RepeatedError::Strategy { spec: name.clone(), message };
        let n = states.len();
        if n == 0 {
            return Err(bad("no states; expected at least one".into()));
        }
        if n > AUTOMATON_MAX_STATES {
            return Err(bad(format!("{n} states; the limit is {AUTOMATON_MAX_STATES}")));
        }
        if start >= n {
            return Err(bad(format!("start state {start}; expected a state 0 to {}", n - 1)));
        }
        for s in &states {
            if !(0.0..=1.0).contains(&s.cooperate) {
                return Err(bad(format!(
                    "state '{}' cooperates with probability {}; expected a probability in [0, 1]",
                    s.label, s.cooperate
                )));
            }
            for (k, &to) in s.next.iter().enumerate() {
                if to >= n {
                    return Err(bad(format!(
                        "state '{}' goes to state {to} after {}; expected a state 0 to {}",
                        s.label,
                        OUTCOMES[k],
                        n - 1
                    )));
                }
            }
        }
        // Reachability over every transition, whatever the probabilities: with noise every
        // outcome can happen, so this is the set of states a noisy match can visit.
        let mut seen = vec![false; n];
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(i) = stack.pop() {
            for &j in &states[i].next {
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            return Err(bad(format!(
                "state '{}' cannot be reached from the start state '{}'",
                states[i].label, states[start].label
            )));
        }
        Ok(Automaton { name, states, start })
    }

    /// A memory-one strategy as an automaton: a first-round state and one state per outcome
    /// of the last round, each cooperating with the strategy's probability after it.
    ///
    /// ```
    /// use comity::repeated::{Automaton, MemoryOne};
    /// let wsls = Automaton::from_memory_one("wsls", &MemoryOne::wsls());
    /// assert_eq!(wsls.states().len(), 5);
    /// assert_eq!(wsls.states()[4].cooperate, 1.0); // after DD, WSLS cooperates
    /// ```
    pub fn from_memory_one(name: impl Into<String>, m: &MemoryOne) -> Self {
        let after = [1, 2, 3, 4];
        let mut states = vec![AutomatonState::new("first", m.first, after)];
        for (k, outcome) in OUTCOMES.iter().enumerate() {
            states.push(AutomatonState::new(format!("after {outcome}"), m.p[k], after));
        }
        Automaton { name: name.into(), states, start: 0 }
    }

    /// The strategy's name.
    ///
    /// ```
    /// use comity::repeated::{Automaton, MemoryOne};
    /// assert_eq!(Automaton::from_memory_one("tft", &MemoryOne::tft()).name(), "tft");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The states, indexed as the transitions refer to them.
    ///
    /// ```
    /// use comity::repeated::{Automaton, MemoryOne};
    /// let tft = Automaton::from_memory_one("tft", &MemoryOne::tft());
    /// assert_eq!(tft.states()[0].label, "first");
    /// ```
    pub fn states(&self) -> &[AutomatonState] {
        &self.states
    }

    /// The start state.
    ///
    /// ```
    /// use comity::repeated::{Automaton, MemoryOne};
    /// assert_eq!(Automaton::from_memory_one("tft", &MemoryOne::tft()).start(), 0);
    /// ```
    pub fn start(&self) -> usize {
        self.start
    }

    /// The same automaton under another name.
    ///
    /// ```
    /// use comity::repeated::{Automaton, MemoryOne};
    /// let a = Automaton::from_memory_one("1/0/1/0", &MemoryOne::tft()).renamed("tit-for-tat");
    /// assert_eq!(a.name(), "tit-for-tat");
    /// ```
    pub fn renamed(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// An automaton from a TOML file (see [`Automaton::from_toml`] for the format); errors
    /// name the file.
    ///
    /// ```
    /// use comity::repeated::Automaton;
    /// let path = std::env::temp_dir().join("comity_doc_automaton_load.toml");
    /// std::fs::write(&path, "name = \"tft\"\nstart = \"C\"\n[[states]]\nlabel = \"C\"\ncooperate = 1\nopponent = { c = \"C\", d = \"D\" }\n[[states]]\nlabel = \"D\"\ncooperate = 0\nopponent = { c = \"C\", d = \"D\" }\n")?;
    /// assert_eq!(Automaton::load(&path)?.states().len(), 2);
    /// assert!(Automaton::load("no/such/file.toml").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self, RepeatedError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RepeatedError::Strategy {
            spec: shown.clone(),
            message: format!("cannot read the file: {e}"),
        })?;
        Self::from_toml(&text).map_err(|e| match e {
            RepeatedError::Strategy { spec, message } => {
                RepeatedError::Strategy { spec: format!("{shown} ({spec})"), message }
            }
            other => other,
        })
    }

    /// An automaton from TOML text: `name`, `start` (a state label), optional `source`, and
    /// `[[states]]` with `label`, `cooperate` (a probability) and either
    /// `opponent = { c = LABEL, d = LABEL }` (transitions on the opponent's move) or
    /// `outcome = { cc = LABEL, cd = LABEL, dc = LABEL, dd = LABEL }` (own move first).
    /// Unknown fields are refused.
    ///
    /// ```
    /// use comity::repeated::Automaton;
    /// let text = r#"
    /// name = "grudger"
    /// start = "trusting"
    /// [[states]]
    /// label = "trusting"
    /// cooperate = 1
    /// opponent = { c = "trusting", d = "grudging" }
    /// [[states]]
    /// label = "grudging"
    /// cooperate = 0
    /// opponent = { c = "grudging", d = "grudging" }
    /// "#;
    /// assert_eq!(Automaton::from_toml(text)?.states()[0].next, [0, 1, 0, 1]);
    /// // A transition to a label that is not a state is refused, naming it.
    /// let err = Automaton::from_toml(&text.replace("d = \"grudging\" }\n[[", "d = \"grudge\" }\n[[")).unwrap_err();
    /// assert!(err.to_string().contains("'grudge' after the opponent's D is not a state"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, RepeatedError> {
        let file: AutomatonFile = toml::from_str(text).map_err(|e| RepeatedError::Strategy {
            spec: "automaton file".into(),
            message: e.message().to_string(),
        })?;
        let bad = |message: String| RepeatedError::Strategy { spec: file.name.clone(), message };
        if file.states.len() > AUTOMATON_MAX_STATES {
            return Err(bad(format!("{} states; the limit is {AUTOMATON_MAX_STATES}", file.states.len())));
        }
        let mut index = BTreeMap::new();
        for (k, s) in file.states.iter().enumerate() {
            if index.insert(s.label.as_str(), k).is_some() {
                return Err(bad(format!("two states are labelled '{}'; expected distinct labels", s.label)));
            }
        }
        let find = |state: &str, label: &str, after: &str| {
            index.get(label).copied().ok_or_else(|| {
                bad(format!("state '{state}': the transition to '{label}' after {after} is not a state"))
            })
        };
        let mut states = Vec::with_capacity(file.states.len());
        for s in &file.states {
            probability(format!("strategy '{}': state '{}': cooperate", file.name, s.label), s.cooperate)?;
            let next = match (&s.opponent, &s.outcome) {
                (Some(o), None) => {
                    let c = find(&s.label, &o.c, "the opponent's C")?;
                    let d = find(&s.label, &o.d, "the opponent's D")?;
                    [c, d, c, d]
                }
                (None, Some(o)) => [
                    find(&s.label, &o.cc, "CC")?,
                    find(&s.label, &o.cd, "CD")?,
                    find(&s.label, &o.dc, "DC")?,
                    find(&s.label, &o.dd, "DD")?,
                ],
                _ => {
                    return Err(bad(format!(
                        "state '{}': expected exactly one of `opponent = {{ c, d }}` and `outcome = {{ cc, cd, dc, dd }}`",
                        s.label
                    )));
                }
            };
            states.push(AutomatonState::new(s.label.clone(), s.cooperate, next));
        }
        let start = *index
            .get(file.start.as_str())
            .ok_or_else(|| bad(format!("start state '{}' is not a state", file.start)))?;
        Automaton::new(file.name.clone(), states, start)
    }

    /// The automaton as played with implementation noise `e`: each state's cooperation
    /// probability `q` becomes `(1 - e) q + e (1 - q)`.
    ///
    /// ```
    /// use comity::repeated::{Automaton, MemoryOne};
    /// let noisy = Automaton::from_memory_one("allc", &MemoryOne::allc()).with_noise(0.1)?;
    /// assert!((noisy.states()[0].cooperate - 0.9).abs() < 1e-15);
    /// assert!(Automaton::from_memory_one("allc", &MemoryOne::allc()).with_noise(2.0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_noise(&self, e: f64) -> Result<Self, RepeatedError> {
        probability("noise", e)?;
        let mut noisy = self.clone();
        for s in &mut noisy.states {
            s.cooperate = (1.0 - e) * s.cooperate + e * (1.0 - s.cooperate);
        }
        Ok(noisy)
    }
}

/// The TOML form of an automaton.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AutomatonFile {
    name: String,
    start: String,
    #[serde(default)]
    #[allow(dead_code)] // read so that files may cite their source; not used in computation
    source: Option<String>,
    states: Vec<StateFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    label: String,
    cooperate: f64,
    opponent: Option<OpponentNext>,
    outcome: Option<OutcomeNext>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpponentNext {
    c: String,
    d: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeNext {
    cc: String,
    cd: String,
    dc: String,
    dd: String,
}
