//! Exact payoffs of a match between two automaton strategies: the expected payoffs of a
//! `T`-round match and the long-run average, from the Markov chain over both automata's
//! states.
//!
//! The joint state is the pair of the automata's states. In joint state `(a, b)` the first
//! player cooperates with probability `x_a` and the second with `y_b` (after noise `e`:
//! `(1 - e) q + e (1 - q)`), independently; the outcome `o` of the round gives the stage
//! payoffs and moves the pair to `(next_x(a, o), next_y(b, o'))`, where `o'` is `o` seen from
//! the second player's side. Only the joint states reachable from the start pair with positive
//! probability are built (breadth first).
//!
//! - A `T`-round match (the Axelrod library's default is 200 turns): the distribution over
//!   joint states is propagated `T` steps from the start pair, and the expected payoff of
//!   each round summed; the result is the expected mean payoff per turn (the library's
//!   normalised score). `O(T S)` time for `S` reachable joint states, in floating point (each
//!   step a convex combination, so rounding stays at a few ulps per step).
//! - The long run: the Cesàro limit of the distribution over rounds, from the chain's closed
//!   classes (strongly connected components with no way out): each closed class's stationary
//!   distribution, weighted by the probability of being absorbed into it from the start
//!   (`x (I - Q) = start` over the transient states, `Q` their transitions). Dense LU
//!   factorisations: `O(S^3)`, so at most [`LONG_RUN_MAX_JOINT_STATES`] reachable joint
//!   states, refused above with the `T`-round alternative named.
//!
//! [`simulate_automaton_match`] plays one match with random draws, for cross-checking.
//!
//! # References
//! Kemeny & Snell (1960), *Finite Markov Chains*, for absorption and Cesàro limits; Tarjan
//! (1972), "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2), for
//! strongly connected components; Knight et al. (2016), JORS 4(1), for the 200-turn
//! convention and noise as a flip of the played move.
//!
//! ```
//! use comity::repeated::{StagePayoffs, classic_strategy, match_payoffs};
//! let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
//! let grudger = classic_strategy("grudger", &pd)?;
//! let stft = classic_strategy("suspicious-tit-for-tat", &pd)?;
//! // By hand over 3 turns: CD, DC, DD, so grudger gets (0 + 5 + 1)/3 and STFT (5 + 0 + 1)/3.
//! let (x, y) = match_payoffs(&grudger, &stft, &pd, 0.0, 3)?;
//! assert!((x - 2.0).abs() < 1e-12 && (y - 2.0).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{Automaton, RepeatedError, StagePayoffs, probability};
use crate::cancel::CancelToken;
use nalgebra::{DMatrix, DVector};
use rand::Rng;
use std::collections::HashMap;

/// Turns propagated between two looks at the cancellation token of
/// [`match_payoffs_cancellable`]: each turn costs `O(S)` for `S` joint states, so 1,024 turns
/// take at most milliseconds at the largest sizes allowed, and the look (a relaxed atomic load)
/// costs nothing measurable.
///
/// ```
/// assert_eq!(comity::repeated::TURNS_PER_CHECK, 1024);
/// ```
pub const TURNS_PER_CHECK: usize = 1024;

/// The Axelrod library's match length.
///
/// ```
/// assert_eq!(comity::repeated::DEFAULT_TURNS, 200);
/// ```
pub const DEFAULT_TURNS: usize = 200;

/// Most reachable joint states the long-run solution takes (dense LU, about a second at this
/// size).
///
/// ```
/// use comity::repeated::{LONG_RUN_MAX_JOINT_STATES, StagePayoffs, automaton_long_run_payoffs, classic_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let big = classic_strategy("gradual:30", &pd)?;
/// let err = automaton_long_run_payoffs(&big, &big, &pd, 0.01).unwrap_err();
/// assert!(err.to_string().contains(&format!("the limit is {LONG_RUN_MAX_JOINT_STATES}")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const LONG_RUN_MAX_JOINT_STATES: usize = 1500;

/// Most `turns x joint states` steps of one match's propagation.
///
/// ```
/// use comity::repeated::{MATCH_MAX_WORK, StagePayoffs, classic_strategy, match_payoffs};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let tft = classic_strategy("tit-for-tat", &pd)?;
/// let err = match_payoffs(&tft, &tft, &pd, 0.1, MATCH_MAX_WORK as usize).unwrap_err();
/// assert!(err.to_string().contains("the limit is"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MATCH_MAX_WORK: u128 = 20_000_000_000;

/// Largest product of the automata's sizes numbered through a dense table (4 bytes each).
const DENSE_INDEX_LIMIT: usize = 1 << 20;

/// Most joint states built for one match (8 numbers each).
const MAX_JOINT_STATES: usize = 4_000_000;

/// The reachable part of the joint chain.
struct JointChain {
    /// For each joint state: outcome probabilities and successor per outcome `CC, CD, DC, DD`
    /// (first player's view).
    prob: Vec<[f64; 4]>,
    next: Vec<[u32; 4]>,
    /// Expected stage payoffs of the round played in each joint state.
    payoff: Vec<(f64, f64)>,
    /// `reached[t]`: how many joint states are at most `t` rounds from the start. States are
    /// numbered breadth first, so after `t` rounds the distribution lives on the first
    /// `reached[t]` of them, and the propagation need not look further.
    reached: Vec<usize>,
}

/// The second player's view of an outcome index (own move first): CD and DC swap.
const SWAP: [usize; 4] = [0, 2, 1, 3];

fn joint_chain(x: &Automaton, y: &Automaton, pd: &StagePayoffs, e: f64) -> Result<JointChain, RepeatedError> {
    let (x, y) = (x.with_noise(e)?, y.with_noise(e)?);
    let (sx, sy) = (x.states(), y.states());
    let first = [pd.r, pd.s, pd.t, pd.p];
    let second = [pd.r, pd.t, pd.s, pd.p];
    // Joint states are numbered through a dense table when the product of the sizes is small
    // (no hashing in the common case), through a map otherwise.
    let ny = sy.len();
    let dense = sx.len() * ny <= DENSE_INDEX_LIMIT;
    let mut table: Vec<u32> = if dense { vec![u32::MAX; sx.len() * ny] } else { Vec::new() };
    let mut map: HashMap<(u32, u32), u32> = HashMap::new();
    let mut pairs: Vec<(u32, u32)> = vec![(x.start() as u32, y.start() as u32)];
    if dense {
        table[x.start() * ny + y.start()] = 0;
    } else {
        map.insert(pairs[0], 0);
    }
    let mut chain = JointChain { prob: Vec::new(), next: Vec::new(), payoff: Vec::new(), reached: vec![1] };
    let mut k = 0;
    while k < pairs.len() {
        if k == *chain.reached.last().expect("starts with the start state") {
            // The previous depth's states are all expanded: the next depth is everything since.
            chain.reached.push(pairs.len());
        }
        let (a, b) = pairs[k];
        let (qa, qb) = (sx[a as usize].cooperate, sy[b as usize].cooperate);
        let p = [qa * qb, qa * (1.0 - qb), (1.0 - qa) * qb, (1.0 - qa) * (1.0 - qb)];
        let mut succ = [0u32; 4];
        for o in 0..4 {
            let pair = (sx[a as usize].next[o] as u32, sy[b as usize].next[SWAP[o]] as u32);
            if p[o] == 0.0 {
                // Never happens: point at the state itself rather than build a state no one visits.
                succ[o] = k as u32;
                continue;
            }
            let known = if dense {
                Some(table[pair.0 as usize * ny + pair.1 as usize]).filter(|&i| i != u32::MAX)
            } else {
                map.get(&pair).copied()
            };
            succ[o] = match known {
                Some(i) => i,
                None => {
                    if pairs.len() >= MAX_JOINT_STATES {
                        return Err(RepeatedError::Parameter {
                            what: "match",
                            message: format!(
                                "'{}' against '{}' reaches more than {MAX_JOINT_STATES} joint states; use smaller automata",
                                x.name(),
                                y.name()
                            ),
                        });
                    }
                    let i = pairs.len() as u32;
                    if dense {
                        table[pair.0 as usize * ny + pair.1 as usize] = i;
                    } else {
                        map.insert(pair, i);
                    }
                    pairs.push(pair);
                    i
                }
            };
        }
        chain.payoff.push(((0..4).map(|o| p[o] * first[o]).sum(), (0..4).map(|o| p[o] * second[o]).sum()));
        chain.prob.push(p);
        chain.next.push(succ);
        k += 1;
    }
    Ok(chain)
}

/// The expected mean payoffs per turn `(x's, y's)` of a `turns`-round match (at least 1) of
/// `x` against `y` with noise `e`: exact up to floating-point rounding.
///
/// ```
/// use comity::repeated::{StagePayoffs, classic_strategy, match_payoffs};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let (tft, alld) = (classic_strategy("tit-for-tat", &pd)?, classic_strategy("defector", &pd)?);
/// // 200 turns without noise: exploited once, then mutual defection.
/// assert_eq!(match_payoffs(&tft, &alld, &pd, 0.0, 200)?, (199.0 / 200.0, 204.0 / 200.0));
/// assert!(match_payoffs(&tft, &alld, &pd, 0.0, 0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn match_payoffs(
    x: &Automaton,
    y: &Automaton,
    pd: &StagePayoffs,
    e: f64,
    turns: usize,
) -> Result<(f64, f64), RepeatedError> {
    match_payoffs_cancellable(x, y, pd, e, turns, &CancelToken::new())
}

/// [`match_payoffs`], stopping with [`RepeatedError::Interrupted`] once `cancel` is cancelled:
/// the token is looked at every [`TURNS_PER_CHECK`] turns, so one very long match stops
/// promptly. Uncancelled, it returns exactly what [`match_payoffs`] returns.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::{RepeatedError, StagePayoffs, classic_strategy, match_payoffs_cancellable};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let tft = classic_strategy("tit-for-tat", &pd)?;
/// let cancel = CancelToken::new();
/// let (x, _) = match_payoffs_cancellable(&tft, &tft, &pd, 0.0, 10_000, &cancel)?;
/// assert!((x - 3.0).abs() < 1e-12);
/// cancel.cancel();
/// let err = match_payoffs_cancellable(&tft, &tft, &pd, 0.0, 10_000, &cancel).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn match_payoffs_cancellable(
    x: &Automaton,
    y: &Automaton,
    pd: &StagePayoffs,
    e: f64,
    turns: usize,
    cancel: &CancelToken,
) -> Result<(f64, f64), RepeatedError> {
    probability("noise", e)?;
    if turns == 0 {
        return Err(RepeatedError::Parameter { what: "turns", message: "0; expected at least 1".into() });
    }
    let chain = joint_chain(x, y, pd, e)?;
    let s = chain.prob.len();
    let work = turns as u128 * s as u128;
    if work > MATCH_MAX_WORK {
        return Err(RepeatedError::Parameter {
            what: "turns",
            message: format!(
                "{turns} turns x {s} joint states = {work} steps; the limit is {MATCH_MAX_WORK} (fewer turns, or the long run)"
            ),
        });
    }
    let mut dist = vec![0.0; s];
    dist[0] = 1.0;
    let mut next = vec![0.0; s];
    let (mut total_x, mut total_y) = (0.0, 0.0);
    for turn in 0..turns {
        if turn % TURNS_PER_CHECK == 0 && turn > 0 {
            cancel.check()?;
        }
        let now = chain.reached.get(turn).copied().unwrap_or(s);
        for (w, &(ux, uy)) in dist[..now].iter().zip(&chain.payoff) {
            total_x += w * ux;
            total_y += w * uy;
        }
        if turn + 1 == turns {
            break;
        }
        let now = chain.reached.get(turn).copied().unwrap_or(s);
        let then = chain.reached.get(turn + 1).copied().unwrap_or(s);
        next[..then].iter_mut().for_each(|v| *v = 0.0);
        for (i, &w) in dist[..now].iter().enumerate() {
            if w == 0.0 {
                continue;
            }
            for o in 0..4 {
                next[chain.next[i][o] as usize] += w * chain.prob[i][o];
            }
        }
        std::mem::swap(&mut dist, &mut next);
    }
    Ok((total_x / turns as f64, total_y / turns as f64))
}

/// The long-run average payoffs `(x's, y's)` of `x` against `y` with noise `e`: the Cesàro
/// limit, which exists for every finite chain (see the module's documentation).
///
/// ```
/// use comity::repeated::{StagePayoffs, automaton_long_run_payoffs, classic_strategy};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let (grudger, tft) = (classic_strategy("grudger", &pd)?, classic_strategy("tit-for-tat", &pd)?);
/// // With any noise grudger ends up defecting for ever, so in the long run it is a defector.
/// let defector = classic_strategy("defector", &pd)?;
/// let (x, _) = automaton_long_run_payoffs(&grudger, &tft, &pd, 0.01)?;
/// let (d, _) = automaton_long_run_payoffs(&defector, &tft, &pd, 0.01)?;
/// assert!((x - d).abs() < 1e-9);
/// // Without noise they cooperate for ever.
/// assert_eq!(automaton_long_run_payoffs(&grudger, &tft, &pd, 0.0)?, (3.0, 3.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn automaton_long_run_payoffs(
    x: &Automaton,
    y: &Automaton,
    pd: &StagePayoffs,
    e: f64,
) -> Result<(f64, f64), RepeatedError> {
    probability("noise", e)?;
    let chain = joint_chain(x, y, pd, e)?;
    let s = chain.prob.len();
    if s > LONG_RUN_MAX_JOINT_STATES {
        return Err(RepeatedError::Parameter {
            what: "long run",
            message: format!(
                "'{}' against '{}' reaches {s} joint states; the limit is {LONG_RUN_MAX_JOINT_STATES} (the expected payoffs of a T-round match take more)",
                x.name(),
                y.name()
            ),
        });
    }
    let limit = cesaro_limit(&chain).ok_or_else(|| RepeatedError::Parameter {
        what: "long run",
        message: format!(
            "'{}' against '{}': the chain's linear equations are singular in floating point (a probability within about 1e-16 of 0 or 1); expected probabilities further from 0 and 1, or the expected payoffs of a T-round match",
            x.name(),
            y.name()
        ),
    })?;
    let sx: f64 = limit.iter().zip(&chain.payoff).map(|(w, (ux, _))| w * ux).sum();
    let sy: f64 = limit.iter().zip(&chain.payoff).map(|(w, (_, uy))| w * uy).sum();
    Ok((sx, sy))
}

/// Successors with positive probability.
fn edges(chain: &JointChain, i: usize) -> impl Iterator<Item = usize> + '_ {
    (0..4).filter(move |&o| chain.prob[i][o] > 0.0).map(move |o| chain.next[i][o] as usize)
}

/// Strongly connected components (Tarjan's algorithm, iteratively), as a component number per
/// state.
fn components(chain: &JointChain) -> (Vec<usize>, usize) {
    let s = chain.prob.len();
    const NONE: usize = usize::MAX;
    let (mut index, mut low, mut comp) = (vec![NONE; s], vec![0; s], vec![NONE; s]);
    let mut on_stack = vec![false; s];
    let (mut stack, mut counter, mut count) = (Vec::new(), 0, 0);
    for root in 0..s {
        if index[root] != NONE {
            continue;
        }
        // Frames of (state, its successors not yet visited).
        let mut frames: Vec<(usize, Vec<usize>)> = vec![(root, edges(chain, root).collect())];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((v, pending)) = frames.last_mut() {
            let v = *v;
            if let Some(w) = pending.pop() {
                if index[w] == NONE {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    frames.push((w, edges(chain, w).collect()));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                frames.pop();
                if let Some((parent, _)) = frames.last() {
                    low[*parent] = low[*parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = count;
                        if w == v {
                            break;
                        }
                    }
                    count += 1;
                }
            }
        }
    }
    (comp, count)
}

/// The Cesàro limit of the distribution over rounds from joint state 0, or `None` when a
/// linear solve fails or the result is not a distribution (never a guess in its place).
fn cesaro_limit(chain: &JointChain) -> Option<Vec<f64>> {
    let s = chain.prob.len();
    let (comp, count) = components(chain);
    let mut closed = vec![true; count];
    for i in 0..s {
        if edges(chain, i).any(|j| comp[j] != comp[i]) {
            closed[comp[i]] = false;
        }
    }
    let transient: Vec<usize> = (0..s).filter(|&i| !closed[comp[i]]).collect();
    // Probability of ending in each closed class from the start: from a state of a closed
    // class, that class; from a transient state, through the expected visits x (I - Q) = e_0.
    let mut absorbed = vec![0.0; count];
    if closed[comp[0]] {
        absorbed[comp[0]] = 1.0;
    } else {
        let k = transient.len();
        let position: HashMap<usize, usize> = transient.iter().enumerate().map(|(r, &i)| (i, r)).collect();
        // (I - Q)^T x^T = e_0.
        let mut a = DMatrix::<f64>::identity(k, k);
        for (r, &i) in transient.iter().enumerate() {
            for o in 0..4 {
                let j = chain.next[i][o] as usize;
                if let Some(&c) = position.get(&j) {
                    a[(c, r)] -= chain.prob[i][o];
                }
            }
        }
        let mut b = DVector::zeros(k);
        b[position[&0]] = 1.0;
        let visits = a.lu().solve(&b)?;
        for (r, &i) in transient.iter().enumerate() {
            for o in 0..4 {
                let j = chain.next[i][o] as usize;
                if closed[comp[j]] {
                    absorbed[comp[j]] += visits[r] * chain.prob[i][o];
                }
            }
        }
    }
    let mut limit = vec![0.0; s];
    for class in (0..count).filter(|&c| closed[c] && absorbed[c] > 0.0) {
        let members: Vec<usize> = (0..s).filter(|&i| comp[i] == class).collect();
        let k = members.len();
        let position: HashMap<usize, usize> = members.iter().enumerate().map(|(r, &i)| (i, r)).collect();
        // pi (P - I) = 0 with the last equation replaced by sum pi = 1: (P - I)^T pi^T = 0.
        let mut a = DMatrix::<f64>::zeros(k, k);
        for (c, &i) in members.iter().enumerate() {
            a[(c, c)] -= 1.0;
            for o in 0..4 {
                if let Some(&r) = position.get(&(chain.next[i][o] as usize)) {
                    a[(r, c)] += chain.prob[i][o];
                }
            }
        }
        for c in 0..k {
            a[(k - 1, c)] = 1.0;
        }
        let mut b = DVector::zeros(k);
        b[k - 1] = 1.0;
        let pi = a.lu().solve(&b)?;
        for (c, &i) in members.iter().enumerate() {
            limit[i] += absorbed[class] * pi[c];
        }
    }
    let total: f64 = limit.iter().sum();
    (limit.iter().all(|w| w.is_finite() && *w >= -1e-9) && (total - 1.0).abs() <= 1e-9).then_some(limit)
}

/// Mean payoffs per turn `(x's, y's)` of one simulated `turns`-round match (at least 1) of `x`
/// against `y` with noise `e`, drawing from `rng`: the random twin of [`match_payoffs`].
///
/// ```
/// use comity::repeated::{StagePayoffs, classic_strategy, simulate_automaton_match};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let (tft, alld) = (classic_strategy("tit-for-tat", &pd)?, classic_strategy("defector", &pd)?);
/// let mut rng = comity::rng::stream(1, 0);
/// assert_eq!(simulate_automaton_match(&tft, &alld, &pd, 0.0, 10, &mut rng)?, (0.9, 1.4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate_automaton_match(
    x: &Automaton,
    y: &Automaton,
    pd: &StagePayoffs,
    e: f64,
    turns: usize,
    rng: &mut impl Rng,
) -> Result<(f64, f64), RepeatedError> {
    probability("noise", e)?;
    if turns == 0 {
        return Err(RepeatedError::Parameter { what: "turns", message: "0; expected at least 1".into() });
    }
    let (x, y) = (x.with_noise(e)?, y.with_noise(e)?);
    let first = [pd.r, pd.s, pd.t, pd.p];
    let second = [pd.r, pd.t, pd.s, pd.p];
    let (mut a, mut b) = (x.start(), y.start());
    let (mut total_x, mut total_y) = (0.0, 0.0);
    for _ in 0..turns {
        let defect_x = rng.random::<f64>() >= x.states()[a].cooperate;
        let defect_y = rng.random::<f64>() >= y.states()[b].cooperate;
        let o = 2 * usize::from(defect_x) + usize::from(defect_y);
        total_x += first[o];
        total_y += second[o];
        a = x.states()[a].next[o];
        b = y.states()[b].next[SWAP[o]];
    }
    Ok((total_x / turns as f64, total_y / turns as f64))
}
