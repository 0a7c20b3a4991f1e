//! Power indices on an ordered binary decision diagram of the winning coalitions.
//!
//! The rule (any `all` / `any` tree of weighted, count and veto conditions, clubs included) is
//! compiled into a quasi-reduced ordered BDD: level `i` asks whether player `order[i]` votes
//! yes, and a node stands for the set of ways the remaining players can complete a winning
//! coalition. Nodes are built from states, one residual quota per condition, each rounded up
//! to the next weight the remaining players can actually reach (two residuals between the same
//! two reachable weights describe the same subgame), so that equal subgames share a node; a
//! unique table on `(level, low, high)` merges what the states still distinguish. A condition
//! already met or out of reach is settled, and a node is a terminal as soon as the tree is
//! settled.
//!
//! On the diagram, `down[v][k]` counts the completions of node `v` with `k` yes votes that
//! win and `up[v][k]` the paths from the root to `v` with `k` yes votes. Player `order[i]`
//! swings in `sum_v sum_{a,b} up[v][a] (down[high v][b] - down[low v][b])` coalitions of size
//! `a + b` (over nodes `v` at level `i`), which gives Banzhaf, Coleman and, by size,
//! Shapley-Shubik exactly; the number of winning coalitions is the sum of `down[root]`. The
//! cost is linear in the number of nodes times `n`, which the method line reports. Players are
//! ordered by descending weight of the first weighted condition, a good order for
//! quota-like rules.
//!
//! # References
//! Bolus (2011), "Power indices of simple games and vector-weighted majority games by means of
//! binary decision diagrams", EJOR 210(2); Behle (2008), "On threshold BDDs and the optimal
//! variable ordering problem", JCO 16(2); Bryant (1986), IEEE Trans. Computers 35(8).
//!
//! ```
//! use comity::game::{Game, WeightedGame};
//! use comity::power::{decision_diagram, brute_force};
//! let game: Game = WeightedGame::new(vec![3, 2, 1], 4).unwrap().into();
//! let (tally, nodes) = decision_diagram(&game).unwrap();
//! assert_eq!(tally, brute_force(&game).unwrap());
//! assert!(nodes <= 5);
//! ```

use super::Tally;
use crate::cancel::{CancelToken, Interrupted};
use crate::game::{Connective, Game, SimpleGame};
use num_bigint::BigUint;
use num_traits::{One, Zero};
use rustc_hash::FxHashMap as HashMap;
use std::ops::{Add, Mul, Sub};

/// Largest number of reachable weights kept per level for rounding residuals.
const REACHABLE_LIMIT: usize = 1 << 16;

/// Largest number of states (distinct residual quotas per level) explored before giving up,
/// which bounds memory to a few hundred megabytes.
///
/// ```
/// use comity::game::{Game, WeightedGame};
/// use comity::power::{decision_diagram, DIAGRAM_MAX_STATES};
/// let game: Game = WeightedGame::new(vec![1; 15], 9)?.into();
/// // A count of 15 needs at most one node per (member, votes so far): far below the limit.
/// let (_, nodes) = decision_diagram(&game).unwrap();
/// assert!(nodes <= 15 * 16 && 15 * 16 < DIAGRAM_MAX_STATES);
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub const DIAGRAM_MAX_STATES: usize = 2_000_000;

/// A weighted condition over the body: `sum of weights >= quota`.
struct Condition {
    weights: Vec<u64>,
    quota: u64,
}

/// The rule as a tree over conditions.
enum Formula {
    Condition(usize),
    All(Vec<Formula>),
    Any(Vec<Formula>),
}

/// Flattens a game into conditions over the body's `n` players; `map[k]` is the body player of
/// the game's player `k`. `None` for representations without conditions (enumerated games,
/// size-dependent thresholds, blocs).
fn flatten(game: &Game, map: &[usize], n: usize, conditions: &mut Vec<Condition>) -> Option<Formula> {
    let leaf = |weights: &[u64], quota: u64, conditions: &mut Vec<Condition>| {
        let mut w = vec![0; n];
        for (k, &x) in weights.iter().enumerate() {
            w[map[k]] = x;
        }
        conditions.push(Condition { weights: w, quota });
        Formula::Condition(conditions.len() - 1)
    };
    match game {
        Game::Weighted(g) => Some(leaf(g.weights(), g.quota(), conditions)),
        Game::VectorWeighted(g) => {
            Some(Formula::All(g.dimensions().map(|d| leaf(d.weights(), d.quota(), conditions)).collect()))
        }
        Game::Composite(g) => {
            let parts =
                g.parts().iter().map(|p| flatten(p, map, n, conditions)).collect::<Option<Vec<_>>>()?;
            Some(match g.connective() {
                Connective::All => Formula::All(parts),
                Connective::Any => Formula::Any(parts),
            })
        }
        Game::Club(club) => {
            let inner_map: Vec<usize> = club.members().iter().map(|&m| map[m]).collect();
            flatten(club.inner(), &inner_map, n, conditions)
        }
        _ => None,
    }
}

/// Settled or not, in three-valued logic.
fn evaluate(formula: &Formula, state: &[u64]) -> Option<bool> {
    match formula {
        Formula::Condition(c) => match state[*c] {
            0 => Some(true),
            u64::MAX => Some(false),
            _ => None,
        },
        // `all` is settled false by any false part and true when every part is true; `any`
        // the other way round.
        Formula::All(parts) | Formula::Any(parts) => {
            let decisive = matches!(formula, Formula::Any(_));
            let mut open = false;
            for p in parts {
                match evaluate(p, state) {
                    Some(v) if v == decisive => return Some(decisive),
                    None => open = true,
                    Some(_) => {}
                }
            }
            (!open).then_some(!decisive)
        }
    }
}

const FALSE: u32 = 0;
const TRUE: u32 = 1;

/// The diagram: inner nodes `(level, low, high)`, ids from 2 (0 and 1 are the terminals).
struct Diagram {
    nodes: Vec<(usize, u32, u32)>,
    root: u32,
}

struct Builder<'a> {
    n: usize,
    order: Vec<usize>,
    conditions: &'a [Condition],
    formula: &'a Formula,
    /// `remaining[c][i]`: weight of condition `c` held by players at levels `i..n`.
    remaining: Vec<Vec<u64>>,
    /// `reachable[c][i]`: sorted sums of subsets of those players, where few enough.
    reachable: Vec<Vec<Option<Vec<u64>>>>,
    memo: Vec<HashMap<Vec<u64>, u32>>,
    states: usize,
    unique: HashMap<(usize, u32, u32), u32>,
    nodes: Vec<(usize, u32, u32)>,
    cancel: &'a CancelToken,
}

impl Builder<'_> {
    /// The residual of condition `c` at level `i`, settled or rounded up to a reachable weight.
    fn canonical(&self, c: usize, i: usize, residual: u64) -> u64 {
        if residual == 0 {
            return 0;
        }
        if residual > self.remaining[c][i] {
            return u64::MAX;
        }
        match &self.reachable[c][i] {
            Some(sums) => sums[sums.partition_point(|&s| s < residual)],
            None => residual,
        }
    }

    fn build(&mut self, i: usize, state: Vec<u64>) -> Option<u32> {
        if let Some(done) = evaluate(self.formula, &state) {
            return Some(if done { TRUE } else { FALSE });
        }
        if let Some(&id) = self.memo[i].get(&state) {
            return Some(id);
        }
        let player = self.order[i];
        let low_state: Vec<u64> = (0..state.len()).map(|c| self.canonical(c, i + 1, state[c])).collect();
        let high_state: Vec<u64> = (0..state.len())
            .map(|c| {
                let r = state[c];
                let after =
                    if r == u64::MAX { r } else { r.saturating_sub(self.conditions[c].weights[player]) };
                self.canonical(c, i + 1, after)
            })
            .collect();
        let low = self.build(i + 1, low_state)?;
        let high = self.build(i + 1, high_state)?;
        self.states += 1;
        if self.states > DIAGRAM_MAX_STATES {
            return None;
        }
        // A cancelled build gives up as one over its limit would; the caller tells the two
        // apart by the token.
        if self.states % CHECK_EVERY == 0 && self.cancel.is_cancelled() {
            return None;
        }
        let id = match self.unique.get(&(i, low, high)) {
            Some(&id) => id,
            None => {
                let id = (self.nodes.len() + 2) as u32;
                self.nodes.push((i, low, high));
                self.unique.insert((i, low, high), id);
                id
            }
        };
        self.memo[i].insert(state, id);
        Some(id)
    }
}

/// States built between two checks of the cancellation token: a few hundred microseconds of
/// work, so that the check costs nothing measurable. (The counting passes check at every node,
/// whose work grows with the number of players.)
const CHECK_EVERY: usize = 1 << 12;

/// The diagram of `game` and its order of players; `None` when the rule is not built from
/// conditions, the diagram would exceed [`DIAGRAM_MAX_STATES`] states, or `cancel` was
/// cancelled meanwhile (which the caller checks).
fn compile(game: &Game, cancel: &CancelToken) -> Option<(Diagram, Vec<usize>)> {
    let n = game.n();
    let mut conditions = Vec::new();
    let identity: Vec<usize> = (0..n).collect();
    let formula = flatten(game, &identity, n, &mut conditions)?;
    // Descending weight of the first condition that is not a plain count or veto, else of
    // the first condition; ties by player index.
    let key = conditions
        .iter()
        .find(|c| c.weights.iter().any(|&w| w > 1))
        .or(conditions.first())
        .map(|c| c.weights.clone())
        .unwrap_or_else(|| vec![0; n]);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| key[b].cmp(&key[a]).then(a.cmp(&b)));
    let remaining: Vec<Vec<u64>> = conditions
        .iter()
        .map(|c| {
            let mut r = vec![0u64; n + 1];
            for i in (0..n).rev() {
                r[i] = r[i + 1] + c.weights[order[i]];
            }
            r
        })
        .collect();
    let reachable: Vec<Vec<Option<Vec<u64>>>> = conditions
        .iter()
        .map(|c| {
            let mut levels = vec![None; n + 1];
            let mut sums = vec![0u64];
            levels[n] = Some(sums.clone());
            for i in (0..n).rev() {
                let w = c.weights[order[i]];
                if w > 0 {
                    sums = merge_shifted(&sums, w);
                }
                if sums.len() > REACHABLE_LIMIT {
                    break;
                }
                levels[i] = Some(sums.clone());
            }
            levels
        })
        .collect();
    let mut builder = Builder {
        n,
        order: order.clone(),
        conditions: &conditions,
        formula: &formula,
        remaining,
        reachable,
        memo: vec![HashMap::default(); n + 1],
        states: 0,
        unique: HashMap::default(),
        nodes: Vec::new(),
        cancel,
    };
    let start: Vec<u64> =
        conditions.iter().enumerate().map(|(c, cond)| builder.canonical(c, 0, cond.quota)).collect();
    let root = builder.build(0, start)?;
    debug_assert!(builder.n == n);
    Some((Diagram { nodes: builder.nodes, root }, order))
}

/// The sorted union of `sums` and `sums + w` (both sorted), without duplicates.
fn merge_shifted(sums: &[u64], w: u64) -> Vec<u64> {
    let mut out = Vec::with_capacity(2 * sums.len());
    let (mut i, mut j) = (0, 0);
    while i < sums.len() || j < sums.len() {
        let a = sums.get(i).copied().unwrap_or(u64::MAX);
        let b = sums.get(j).map_or(u64::MAX, |s| s + w);
        let next = a.min(b);
        if a == next {
            i += 1;
        }
        if b == next {
            j += 1;
        }
        out.push(next);
    }
    out
}

/// Binomial coefficients `C(m, k)` for `k = 0..=m`.
fn binomials<T: Clone + Zero + One + Add<Output = T>>(m: usize) -> Vec<T> {
    let mut row = vec![T::one()];
    for _ in 0..m {
        let mut next = vec![T::zero(); row.len() + 1];
        for (k, c) in row.iter().enumerate() {
            next[k] = next[k].clone() + c.clone();
            next[k + 1] = next[k + 1].clone() + c.clone();
        }
        row = next;
    }
    row
}

fn count<T>(diagram: &Diagram, order: &[usize], cancel: &CancelToken) -> Result<Tally, Interrupted>
where
    T: Clone + Zero + One + Add<Output = T> + Sub<Output = T> + Mul<Output = T>,
    BigUint: From<T>,
{
    let n = order.len();
    let index = |id: u32| id as usize - 2;
    // down(id, level): completions from the child `id` reached at `level`, by size. A terminal
    // reached early leaves the remaining players free.
    let mut down: Vec<Vec<T>> = vec![Vec::new(); diagram.nodes.len()];
    // A terminal reached at `level` leaves `n - level` players free: all completions win
    // (binomial coefficients) or none do (zeros). Rows are borrowed, never copied.
    let free: Vec<Vec<T>> = (0..=n).map(|m| binomials::<T>(m)).collect();
    let none: Vec<Vec<T>> = (0..=n).map(|m| vec![T::zero(); m + 1]).collect();
    fn completions<'a, T>(
        id: u32,
        level: usize,
        down: &'a [Vec<T>],
        free: &'a [Vec<T>],
        none: &'a [Vec<T>],
    ) -> &'a [T] {
        let n = free.len() - 1;
        match id {
            FALSE => &none[n - level],
            TRUE => &free[n - level],
            _ => &down[id as usize - 2],
        }
    }
    // Nodes were pushed children first, so their order is a topological order bottom-up.
    for (k, &(level, low, high)) in diagram.nodes.iter().enumerate() {
        // A check per node: a node costs up to level * (n - level) big-integer
        // multiply-adds (some 9,000 at 190 players), so a relaxed load per node is nothing
        // beside it, where one per block of nodes could leave seconds between checks.
        cancel.check()?;
        let lo = completions(low, level + 1, &down, &free, &none);
        let hi = completions(high, level + 1, &down, &free, &none);
        let mut row = vec![T::zero(); n - level + 1];
        for (s, c) in lo.iter().enumerate() {
            row[s] = row[s].clone() + c.clone();
        }
        for (s, c) in hi.iter().enumerate() {
            row[s + 1] = row[s + 1].clone() + c.clone();
        }
        down[k] = row;
    }
    let winning: BigUint =
        completions(diagram.root, 0, &down, &free, &none).iter().cloned().map(BigUint::from).sum();
    // up[v][a]: paths from the root to v with a yes votes; parents come after children in
    // `nodes`, so walk it backwards.
    let mut up: Vec<Vec<T>> = diagram.nodes.iter().map(|&(level, ..)| vec![T::zero(); level + 1]).collect();
    let mut swings: Vec<Vec<T>> = vec![vec![T::zero(); n]; n];
    if diagram.root >= 2 {
        up[index(diagram.root)][0] = T::one();
    }
    for k in (0..diagram.nodes.len()).rev() {
        cancel.check()?; // per node, as in the pass above
        let (level, low, high) = diagram.nodes[k];
        let paths = up[k].clone();
        let lo = completions(low, level + 1, &down, &free, &none);
        let hi = completions(high, level + 1, &down, &free, &none);
        let player = order[level];
        // Completions that win with the player and lose without, by size (once per node).
        let gains: Vec<(usize, T)> =
            (0..lo.len()).map(|b| (b, hi[b].clone() - lo[b].clone())).filter(|(_, g)| !g.is_zero()).collect();
        for (a, p) in paths.iter().enumerate().filter(|(_, p)| !p.is_zero()) {
            for (b, gain) in &gains {
                swings[player][a + b] = swings[player][a + b].clone() + p.clone() * gain.clone();
            }
        }
        for (child, shift) in [(low, 0), (high, 1)] {
            if child >= 2 {
                let c = index(child);
                for (a, p) in paths.iter().enumerate() {
                    up[c][a + shift] = up[c][a + shift].clone() + p.clone();
                }
            }
        }
    }
    // Players above the root's first decision or below a terminal are handled by `free`; a
    // player never asked (every path settles before its level) is a null player.
    let swings = swings.into_iter().map(|row| row.into_iter().map(BigUint::from).collect()).collect();
    Ok(Tally::with_sizes(winning, swings))
}

/// Builds nodes on top of a compiled diagram: the minimal-set operation and its helpers, with
/// one unique table so that equal functions share a node.
struct Minimiser<'a> {
    n: usize,
    nodes: &'a mut Vec<(usize, u32, u32)>,
    unique: HashMap<(usize, u32, u32), u32>,
    and_not: HashMap<(usize, u32, u32), u32>,
    minimal: HashMap<(usize, u32), u32>,
    empty: Vec<u32>,
}

impl Minimiser<'_> {
    fn node(&mut self, level: usize, low: u32, high: u32) -> u32 {
        if let Some(&id) = self.unique.get(&(level, low, high)) {
            return id;
        }
        let id = (self.nodes.len() + 2) as u32;
        self.nodes.push((level, low, high));
        self.unique.insert((level, low, high), id);
        id
    }

    /// Children of `id` at `level` (a terminal is its own child).
    fn cofactors(&self, id: u32) -> (u32, u32) {
        if id < 2 {
            (id, id)
        } else {
            let (_, low, high) = self.nodes[id as usize - 2];
            (low, high)
        }
    }

    /// The function true only on the empty set of the players at levels `level..n`.
    fn empty(&mut self, level: usize) -> u32 {
        if self.empty.is_empty() {
            self.empty = vec![0; self.n + 1];
            self.empty[self.n] = TRUE;
            for l in (0..self.n).rev() {
                let below = self.empty[l + 1];
                self.empty[l] = self.node(l, below, FALSE);
            }
        }
        self.empty[level]
    }

    /// `g and not h`, both functions of the players at levels `level..n`.
    fn and_not(&mut self, level: usize, g: u32, h: u32) -> u32 {
        if g == FALSE || h == TRUE {
            return FALSE;
        }
        if h == FALSE {
            return g;
        }
        if g == TRUE && level == self.n {
            return TRUE;
        }
        if let Some(&id) = self.and_not.get(&(level, g, h)) {
            return id;
        }
        let ((g0, g1), (h0, h1)) = (self.cofactors(g), self.cofactors(h));
        let low = self.and_not(level + 1, g0, h0);
        let high = self.and_not(level + 1, g1, h1);
        let id = self.node(level, low, high);
        self.and_not.insert((level, g, h), id);
        id
    }

    /// The minimal sets of the monotone function `f` (Coudert 1997): a minimal set without the
    /// player at `level` is a minimal set of the low cofactor; one with it is a minimal set of
    /// the high cofactor that the low cofactor does not already accept.
    fn minimal(&mut self, level: usize, f: u32) -> u32 {
        match f {
            FALSE => return FALSE,
            TRUE => return self.empty(level),
            _ => {}
        }
        if let Some(&id) = self.minimal.get(&(level, f)) {
            return id;
        }
        let (f0, f1) = self.cofactors(f);
        let low = self.minimal(level + 1, f0);
        let high_min = self.minimal(level + 1, f1);
        let high = self.and_not(level + 1, high_min, f0);
        let id = self.node(level, low, high);
        self.minimal.insert((level, f), id);
        id
    }
}

/// The number of minimal winning coalitions of `game`, counted on its decision diagram (the
/// minimal-set operation of Coudert 1997 applied to the diagram of the winning coalitions);
/// `None` where [`decision_diagram`] would give `None`.
///
/// ```
/// use comity::game::{Composite, Connective, Game, WeightedGame};
/// use comity::power::minimal_winning_count;
/// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
/// let nine = WeightedGame::new(vec![1; 15], 9)?;
/// let council = Game::from(Composite::new(Connective::All, vec![veto.into(), nine.into()])?);
/// // By hand: the five permanent members and any 4 of the 10 elected ones, C(10, 4) = 210.
/// assert_eq!(minimal_winning_count(&council), Some(210u32.into()));
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn minimal_winning_count(game: &Game) -> Option<BigUint> {
    let (mut diagram, _) = compile(game, &CancelToken::new())?;
    let n = game.n();
    let root = diagram.root;
    let mut unique: HashMap<(usize, u32, u32), u32> = HashMap::default();
    for (k, &key) in diagram.nodes.iter().enumerate() {
        unique.insert(key, (k + 2) as u32);
    }
    let mut m = Minimiser {
        n,
        nodes: &mut diagram.nodes,
        unique,
        and_not: HashMap::default(),
        minimal: HashMap::default(),
        empty: Vec::new(),
    };
    let min_root = m.minimal(0, root);
    // Satisfying assignments by memoised recursion over levels.
    let mut memo: HashMap<u32, BigUint> = HashMap::default();
    fn count(
        id: u32,
        level: usize,
        n: usize,
        nodes: &[(usize, u32, u32)],
        memo: &mut HashMap<u32, BigUint>,
    ) -> BigUint {
        match id {
            FALSE => BigUint::zero(),
            TRUE => BigUint::one() << (n - level),
            _ => {
                if let Some(c) = memo.get(&id) {
                    return c.clone();
                }
                let (l, low, high) = nodes[id as usize - 2];
                let c = count(low, l + 1, n, nodes, memo) + count(high, l + 1, n, nodes, memo);
                memo.insert(id, c.clone());
                c
            }
        }
    }
    Some(count(min_root, 0, n, &diagram.nodes, &mut memo))
}

/// Whether `game` is built from conditions the diagram takes (weighted, count and veto
/// conditions combined by and/or), so that a `None` from [`decision_diagram`] means the
/// diagram exceeded [`DIAGRAM_MAX_STATES`] states rather than an unsupported rule.
///
/// ```
/// use comity::game::{ExplicitGame, Game, WeightedGame};
/// use comity::power::diagram_supported;
/// assert!(diagram_supported(&Game::from(WeightedGame::new(vec![3, 2, 1], 4)?)));
/// // An enumerated game has no weighted conditions to build the diagram from.
/// let explicit = ExplicitGame::from_minimal_winning(3, &[0b011, 0b101])?;
/// assert!(!diagram_supported(&Game::from(explicit)));
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn diagram_supported(game: &Game) -> bool {
    let n = game.n();
    let identity: Vec<usize> = (0..n).collect();
    flatten(game, &identity, n, &mut Vec::new()).is_some()
}

/// A smallest winning coalition of `game` (fewest members; among those, the first found in the
/// diagram's order), by a shortest path to the winning terminal that counts yes votes; `None`
/// where [`decision_diagram`] would give `None`.
///
/// ```
/// use comity::game::{Composite, Connective, Game, WeightedGame};
/// use comity::power::smallest_winning_coalition;
/// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
/// let nine = WeightedGame::new(vec![1; 15], 9)?;
/// let council = Game::from(Composite::new(Connective::All, vec![veto.into(), nine.into()])?);
/// let smallest = smallest_winning_coalition(&council).unwrap();
/// // Nine members, the five permanent ones among them.
/// assert_eq!(smallest.len(), 9);
/// assert!((0..5).all(|p| smallest.contains(&p)));
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn smallest_winning_coalition(game: &Game) -> Option<Vec<usize>> {
    smallest_winning_coalition_cancellable(game, &CancelToken::new())
        .expect("a fresh token is never cancelled")
}

/// [`smallest_winning_coalition`], stopping with [`Interrupted`] once `cancel` is cancelled:
/// checked every few thousand states of the diagram's construction, the long part (the
/// shortest path is one pass over the nodes). An interrupted build is never reported as a
/// diagram over its limit.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::game::{Game, WeightedGame};
/// use comity::power::{smallest_winning_coalition, smallest_winning_coalition_cancellable};
/// let game = Game::from(WeightedGame::new(vec![5, 3, 2, 1], 6)?);
/// let token = CancelToken::new();
/// // By hand: no member alone has 6, and member 0 with any other does: two members.
/// let smallest = smallest_winning_coalition_cancellable(&game, &token).unwrap().unwrap();
/// assert_eq!(smallest.len(), 2);
/// assert_eq!(Some(smallest), smallest_winning_coalition(&game));
/// token.cancel();
/// assert!(smallest_winning_coalition_cancellable(&game, &token).is_err());
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn smallest_winning_coalition_cancellable(
    game: &Game,
    cancel: &CancelToken,
) -> Result<Option<Vec<usize>>, Interrupted> {
    cancel.check()?;
    let Some((diagram, order)) = compile(game, cancel) else {
        cancel.check()?;
        return Ok(None);
    };
    const NEVER: usize = usize::MAX;
    // fewest[k]: fewest further yes votes from node k to a win; children come first.
    let mut fewest = vec![NEVER; diagram.nodes.len()];
    let cost = |id: u32, fewest: &[usize]| match id {
        FALSE => NEVER,
        TRUE => 0,
        _ => fewest[id as usize - 2],
    };
    for (k, &(_, low, high)) in diagram.nodes.iter().enumerate() {
        let via_high = cost(high, &fewest).saturating_add(1);
        fewest[k] = cost(low, &fewest).min(via_high);
    }
    if cost(diagram.root, &fewest) == NEVER {
        return Ok(None);
    }
    let mut members = Vec::new();
    let mut id = diagram.root;
    while id >= 2 {
        let (level, low, high) = diagram.nodes[id as usize - 2];
        if cost(low, &fewest) <= cost(high, &fewest).saturating_add(1) {
            id = low;
        } else {
            members.push(order[level]);
            id = high;
        }
    }
    members.sort_unstable();
    Ok(Some(members))
}

/// Exact counts from the decision diagram of `game`, and the number of its inner nodes;
/// `None` if the game is not built from weighted conditions (enumerated games, blocs) or the
/// construction would explore more than [`DIAGRAM_MAX_STATES`] states.
///
/// ```
/// use comity::game::{Composite, Connective, Game, WeightedGame};
/// use comity::power::decision_diagram;
/// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
/// let nine = WeightedGame::new(vec![1; 15], 9)?;
/// let council = Game::from(Composite::new(Connective::All, vec![veto.into(), nine.into()])?);
/// let (tally, _nodes) = decision_diagram(&council).unwrap();
/// // By hand: a permanent member swings with the other four and 4 to 10 elected members
/// // (2^10 - 176 = 848 ways); an elected member with all five and exactly 3 of 9 (C(9, 3) = 84).
/// assert_eq!(tally.swings()[0], 848u32.into());
/// assert_eq!(tally.swings()[14], 84u32.into());
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn decision_diagram(game: &Game) -> Option<(Tally, usize)> {
    decision_diagram_cancellable(game, &CancelToken::new()).expect("a fresh token is never cancelled")
}

/// [`decision_diagram`], stopping with [`Interrupted`] once `cancel` is cancelled: it is
/// checked every [`CHECK_EVERY`] states built and at every node counted.
pub(crate) fn decision_diagram_cancellable(
    game: &Game,
    cancel: &CancelToken,
) -> Result<Option<(Tally, usize)>, Interrupted> {
    let Some((diagram, order)) = compile(game, cancel) else {
        cancel.check()?;
        return Ok(None);
    };
    let nodes = diagram.nodes.len();
    let tally = if order.len() < 127 {
        count::<u128>(&diagram, &order, cancel)?
    } else {
        count::<BigUint>(&diagram, &order, cancel)?
    };
    Ok(Some((tally, nodes)))
}
