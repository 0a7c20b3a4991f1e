//! Status-quo bargaining in one dimension: each agreement becomes the next status quo.
//!
//! Policy is a point on a line; member `i` gets `-(z - x_i)^2` in every period in which policy
//! is `z` (quadratic preferences, ideal point `x_i`), discounted by `delta` in [0, 1). Each
//! period nature recognises member `j` with probability `p_j`; `j` proposes a policy `z`;
//! if the members who accept form a winning coalition of the rule, `z` is this period's
//! policy and the next status quo, otherwise the status quo `q` stays. With `V_i(q)` member
//! `i`'s expected discounted payoff from a period that starts at status quo `q`, and
//! `U_i(z) = u_i(z) + delta V_i(z)`, a stationary equilibrium (Banks & Duggan 2000, 2006) is
//! a proposal function `pi_j(q)` per member such that
//!
//! - member `i` accepts `z` at `q` exactly when `U_i(z) >= U_i(q)` (ties accept);
//! - `pi_j(q)` maximises `U_j(z)` over the `z` that a winning coalition accepts (`q` itself
//!   always qualifies); and
//! - `V_i(q) = sum_j p_j U_i(pi_j(q))`.
//!
//! Unlike the divide-the-dollar game, the status quo matters: under unanimity no status quo
//! between the extreme ideal points moves (every move hurts a member at one end), while under
//! majority rule policy moves towards the median (Baron 1996).
//!
//! # Algorithm
//! Policies and status quos are restricted to a grid of `G` evenly spaced points (by default
//! 201 points over the ideal points' range widened by half of it on each side, and containing
//! the starting status quo). Policy iteration: starting from "everyone proposes the status
//! quo", the values of the current proposal functions are found exactly by an LU
//! factorisation of `I - delta P` (`P` the status quo's transition matrix, `O(G^3)`), then
//! every proposer's best response is computed (`O(G^2 n)`, the winning test done once per
//! pair `(q, z)`); this repeats until no proposal changes. Ties among best proposals go to the
//! one nearest the status quo. Pure stationary equilibria need not exist on every grid (Banks
//! & Duggan prove existence in mixed strategies); if best responses cycle, the function says
//! so rather than return a non-equilibrium. Every returned result is **verified**
//! independently of the iteration: the values solve their equations, each proposal is
//! accepted by a winning coalition, and no accepted grid point gives its proposer more.
//!
//! The long-run distribution of policy starts at the status quo and follows the chain
//! `q -> pi_j(q)` with probability `p_j`: the expected policy in each of the first
//! `horizon` periods, and the average distribution over periods `K` to `2K` with
//! `K = 20 G` (the Cesàro limit, which also covers chains that cycle).
//!
//! # References
//! Baron (1996), "A dynamic theory of collective goods programs", APSR 90(2); Banks & Duggan
//! (2000), "A bargaining model of collective choice", APSR 94(1); Banks & Duggan (2006), "A
//! general bargaining model of legislative policy-making", QJPS 1(1); Duggan & Kalandrakis
//! (2012), "Dynamic legislative policy making", JET 147(5); Howard (1960), *Dynamic
//! Programming and Markov Processes* (policy iteration).
//!
//! ```
//! use comity::bargaining::{status_quo_bargaining, StatusQuoOptions};
//! use comity::game::{Game, WeightedGame};
//! // Three members at 0, 1, 2 under unanimity: a status quo of 0.5 never moves.
//! let game = Game::from(WeightedGame::new(vec![1; 3], 3)?);
//! let eq = status_quo_bargaining(&game, &[0.0, 1.0, 2.0], &[1.0 / 3.0; 3], 0.9, 0.5,
//!     &StatusQuoOptions::default())?;
//! assert!(eq.long_run.iter().all(|&(z, p)| (z - 0.5).abs() < 1e-12 && (p - 1.0).abs() < 1e-12));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::axiomatic::BargainingError;
use super::deadline::check_recognition;
use crate::cancel::CancelToken;
use crate::game::{Coalition, Game, SimpleGame};
use nalgebra::DMatrix;

/// The most grid points [`status_quo_bargaining`] takes (an LU factorisation of a
/// 1001 × 1001 matrix per policy iteration).
///
/// ```
/// use comity::bargaining::{status_quo_bargaining, StatusQuoOptions, MAX_GRID};
/// use comity::game::{Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![1; 3], 2)?);
/// let options = StatusQuoOptions { grid: MAX_GRID + 1, ..StatusQuoOptions::default() };
/// let err = status_quo_bargaining(&game, &[0.0, 1.0, 2.0], &[1.0 / 3.0; 3], 0.9, 0.0, &options);
/// assert!(err.unwrap_err().to_string().contains("1001"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_GRID: usize = 1001;

/// The most grid points squared times members (the best-response step's work per iteration).
const MAX_WORK: usize = 200_000_000;
/// The most rounds of backward induction before giving up.
const MAX_ITERATIONS: usize = 20_000;
/// Payoff differences within this fraction of the payoff scale tie.
const TIE: f64 = 1e-10;

/// How the grid and the reported path are set.
///
/// ```
/// use comity::bargaining::StatusQuoOptions;
/// let options = StatusQuoOptions::default();
/// assert_eq!((options.grid, options.horizon, options.range), (201, 50, None));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StatusQuoOptions {
    /// Grid points (3 to [`MAX_GRID`]).
    pub grid: usize,
    /// The policy range `(low, high)`; by default the ideal points' range widened by half of
    /// it on each side (and stretched to the status quo).
    pub range: Option<(f64, f64)>,
    /// Periods of the expected-policy path to report (at most 100,000).
    pub horizon: usize,
}

impl Default for StatusQuoOptions {
    fn default() -> Self {
        StatusQuoOptions { grid: 201, range: None, horizon: 50 }
    }
}

/// A verified stationary equilibrium of status-quo bargaining on a grid, and the path of
/// policy from the starting status quo.
///
/// ```
/// use comity::bargaining::{status_quo_bargaining, StatusQuoOptions};
/// use comity::game::{Game, WeightedGame};
/// // A dictator (member 1, ideal 1) moves any status quo to its ideal at once.
/// let game = Game::from(WeightedGame::new(vec![1, 3, 1], 3)?);
/// let eq = status_quo_bargaining(&game, &[0.0, 1.0, 2.0], &[0.0, 1.0, 0.0], 0.5, 1.7,
///     &StatusQuoOptions::default())?;
/// assert!((eq.mean_path[1] - 1.0).abs() < 1e-12);
/// assert!(eq.proposals[1].iter().all(|z| (z - 1.0).abs() < 1e-12));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StatusQuoBargaining {
    /// The discount factor.
    pub discount: f64,
    /// The grid of policies and status quos, increasing.
    pub grid: Vec<f64>,
    /// `proposals[j][g]`: what member `j` proposes (and gets) when the status quo is
    /// `grid[g]`.
    pub proposals: Vec<Vec<f64>>,
    /// `values[i][g]`: member `i`'s average payoff per period, `(1 - delta) V_i`, from status
    /// quo `grid[g]`.
    pub values: Vec<Vec<f64>>,
    /// The starting status quo, on the grid: the grid point nearest the given one (the lower
    /// of two when it lies halfway, so the choice does not depend on the unit).
    pub start: f64,
    /// The expected policy at the start (period 0, the status quo) and after each of
    /// `horizon` periods.
    pub mean_path: Vec<f64>,
    /// The long-run distribution of policy: grid points with probability above 1e-12, and
    /// their probabilities.
    pub long_run: Vec<(f64, f64)>,
    /// The long-run expected policy.
    pub long_run_mean: f64,
    /// The rounds of backward induction until values and proposals settled.
    pub iterations: usize,
}

/// Stationary equilibrium of status-quo bargaining under `game` among members with ideal
/// points `ideals`, recognition probabilities `recognition` (summing to 1), discount factor
/// `discount` in [0, 1), starting from status quo `status_quo`; see the module documentation.
///
/// Errors: lengths or values out of range, a grid above [`MAX_GRID`] or too much work for
/// the number of members, a status quo outside an explicit range, a grand coalition that
/// loses, or best responses that cycle (no pure equilibrium found on this grid).
///
/// ```
/// use comity::bargaining::{status_quo_bargaining, StatusQuoOptions};
/// use comity::game::{Game, WeightedGame};
/// // Five members at 0, 0.1, 0.5, 0.8 and 1, majority, equal recognition, from a status quo
/// // of 0.9: policy ends at the median, 0.5, in the long run (Baron 1996).
/// let game = Game::from(WeightedGame::new(vec![1; 5], 3)?);
/// let ideals = [0.0, 0.1, 0.5, 0.8, 1.0];
/// let eq = status_quo_bargaining(&game, &ideals, &[0.2; 5], 0.8, 0.9, &StatusQuoOptions::default())?;
/// assert!((eq.long_run_mean - 0.5).abs() < 0.02);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn status_quo_bargaining(
    game: &Game,
    ideals: &[f64],
    recognition: &[f64],
    discount: f64,
    status_quo: f64,
    options: &StatusQuoOptions,
) -> Result<StatusQuoBargaining, BargainingError> {
    status_quo_bargaining_cancellable(
        game,
        ideals,
        recognition,
        discount,
        status_quo,
        options,
        &CancelToken::new(),
    )
}

/// [`status_quo_bargaining`], stopping with [`BargainingError::Interrupted`] once `cancel` is
/// cancelled: it is checked once per round of backward induction (up to hundreds of millions
/// of steps each) and every 1,024 steps of the policy path.
///
/// ```
/// use comity::bargaining::{status_quo_bargaining_cancellable, BargainingError, StatusQuoOptions};
/// use comity::cancel::CancelToken;
/// use comity::game::{Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![1; 5], 3)?);
/// let ideals = [0.0, 0.1, 0.5, 0.8, 1.0];
/// let options = StatusQuoOptions::default();
/// let eq = status_quo_bargaining_cancellable(&game, &ideals, &[0.2; 5], 0.8, 0.9, &options, &CancelToken::new())?;
/// assert!((eq.long_run_mean - 0.5).abs() < 0.02);
/// let cancel = CancelToken::new();
/// cancel.cancel();
/// let err = status_quo_bargaining_cancellable(&game, &ideals, &[0.2; 5], 0.8, 0.9, &options, &cancel);
/// assert!(matches!(err, Err(BargainingError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn status_quo_bargaining_cancellable(
    game: &Game,
    ideals: &[f64],
    recognition: &[f64],
    discount: f64,
    status_quo: f64,
    options: &StatusQuoOptions,
    cancel: &CancelToken,
) -> Result<StatusQuoBargaining, BargainingError> {
    cancel.check()?;
    let n = game.n();
    let parameter = |message: String| BargainingError::Parameter { what: "status-quo bargaining", message };
    check_recognition("status-quo bargaining", n, recognition, discount)?;
    if discount >= 1.0 {
        return Err(parameter(format!(
            "discount factor {discount}; expected below 1 (payoffs accrue every period)"
        )));
    }
    if ideals.len() != n || ideals.iter().any(|x| !x.is_finite()) {
        return Err(parameter(format!(
            "{} ideal points for {n} members; expected one finite number each",
            ideals.len()
        )));
    }
    if !status_quo.is_finite() {
        return Err(parameter(format!("status quo {status_quo}; expected a finite number")));
    }
    let g = options.grid;
    if !(3..=MAX_GRID).contains(&g) {
        return Err(parameter(format!("a grid of {g} points; expected 3 to {MAX_GRID}")));
    }
    if g.saturating_mul(g).saturating_mul(n) > MAX_WORK {
        return Err(parameter(format!(
            "{g}² grid points × {n} members exceed {MAX_WORK} steps per iteration; expected a coarser grid (at most {} points)",
            ((MAX_WORK / n) as f64).sqrt() as usize
        )));
    }
    if options.horizon > 100_000 {
        return Err(parameter(format!("a horizon of {} periods; expected at most 100000", options.horizon)));
    }
    if !game.is_winning(&Coalition::grand(n)) {
        return Err(BargainingError::NoAgreement);
    }
    let (low, high) = match options.range {
        Some((a, b)) => {
            if !(a.is_finite() && b.is_finite() && a < b && (a..=b).contains(&status_quo)) {
                return Err(parameter(format!(
                    "range ({a}, {b}) with status quo {status_quo}; expected finite low < high containing the status quo"
                )));
            }
            (a, b)
        }
        None => {
            let lo = ideals.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = ideals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            // A line of one point is widened by a length in its own units (the status quo's
            // distance, else the point's magnitude), so results do not depend on the unit.
            let point_scale = (status_quo - lo).abs().max(lo.abs());
            let span = if hi > lo {
                hi - lo
            } else if point_scale > 0.0 {
                point_scale
            } else {
                1.0
            };
            ((lo - span / 2.0).min(status_quo), (hi + span / 2.0).max(status_quo))
        }
    };
    let grid: Vec<f64> = (0..g).map(|k| low + (high - low) * k as f64 / (g - 1) as f64).collect();
    // The grid point nearest the status quo. A status quo halfway between two points (to
    // rounding) goes to the lower one: plain rounding would pick either neighbour depending
    // on the last bit, so the same line in other units could start elsewhere.
    let nearest = |x: f64| -> usize {
        let position = (x - low) / (high - low) * (g - 1) as f64;
        let below = position.floor();
        let index = if position - below <= 0.5 + 1e-9 { below } else { below + 1.0 };
        (index.max(0.0) as usize).min(g - 1)
    };
    let start = nearest(status_quo);
    let scale = (high - low).powi(2);
    let tie = TIE * scale / (1.0 - discount);
    // Squared distances beyond floating point would make payoffs infinite and values NaN,
    // which no comparison in the verification could catch: refuse such a line instead.
    if !(scale.is_finite() && (scale / (1.0 - discount)).is_finite()) {
        return Err(parameter(format!(
            "the policy line from {low} to {high} is too long for squared distances in floating point; expected ideal points and bounds within about 1e100 of each other (change the unit)"
        )));
    }
    // u[i][z]: member i's per-period payoff at grid point z.
    let u: Vec<Vec<f64>> = ideals.iter().map(|x| grid.iter().map(|z| -(z - x).powi(2)).collect()).collect();

    // Value iteration (backward induction from a last period), then an exact evaluation of
    // the proposals it settles on and one more round of best responses as the test.
    let mut values = vec![vec![0.0; g]; n];
    let mut proposals: Vec<Vec<usize>> = vec![(0..g).collect(); n];
    let mut iterations = 0;
    // Enough rounds for delta^rounds to fall below the tie tolerance three times over.
    let max_iterations =
        ((3.0 * TIE.ln() / discount.max(1e-3).ln()).ceil() as usize + 100).min(MAX_ITERATIONS);
    let settled = loop {
        cancel.check()?;
        let big_u = continuation(&u, &values, discount);
        let next = best_responses(game, &big_u, tie);
        let next_values: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..g).map(|q| (0..n).map(|j| recognition[j] * big_u[i][next[j][q]]).sum()).collect())
            .collect();
        let change = values
            .iter()
            .zip(&next_values)
            .flat_map(|(a, b)| a.iter().zip(b).map(|(x, y)| (x - y).abs()))
            .fold(0.0, f64::max);
        iterations += 1;
        let same = next == proposals;
        values = next_values;
        proposals = next;
        if same && change <= tie {
            break true;
        }
        if iterations >= max_iterations {
            break false;
        }
    };
    let values = evaluate(&u, &proposals, recognition, discount)?;
    let big_u = continuation(&u, &values, discount);
    if !settled || best_responses(game, &big_u, tie) != proposals {
        return Err(BargainingError::EquilibriumCheck {
            condition: format!(
                "no pure stationary equilibrium found on this grid of {g} points after {iterations} rounds of backward induction (proposals keep changing); try another grid size or discount factor"
            ),
        });
    }
    verify(game, &u, &values, &big_u, &proposals, recognition, discount, tie)?;

    // The path of policy from the starting status quo.
    let step = |d: &[f64]| -> Vec<f64> {
        let mut next = vec![0.0; g];
        for (q, &mass) in d.iter().enumerate().filter(|&(_, &m)| m > 0.0) {
            for (j, &p) in recognition.iter().enumerate() {
                next[proposals[j][q]] += mass * p;
            }
        }
        next
    };
    let mean = |d: &[f64]| -> f64 { d.iter().zip(&grid).map(|(m, z)| m * z).sum() };
    let mut d = vec![0.0; g];
    d[start] = 1.0;
    let mut mean_path = vec![mean(&d)];
    let burn = 20 * g;
    let mut average = vec![0.0; g];
    for t in 1..=(2 * burn).max(options.horizon) {
        if t % 1024 == 0 {
            cancel.check()?;
        }
        d = step(&d);
        if t <= options.horizon {
            mean_path.push(mean(&d));
        }
        if t > burn && t <= 2 * burn {
            average.iter_mut().zip(&d).for_each(|(a, x)| *a += x / burn as f64);
        }
    }
    let long_run: Vec<(f64, f64)> =
        average.iter().enumerate().filter(|&(_, &m)| m > 1e-12).map(|(z, &m)| (grid[z], m)).collect();
    let long_run_mean = mean(&average);
    Ok(StatusQuoBargaining {
        discount,
        proposals: proposals.iter().map(|row| row.iter().map(|&z| grid[z]).collect()).collect(),
        values: values.iter().map(|row| row.iter().map(|v| v * (1.0 - discount)).collect()).collect(),
        start: grid[start],
        grid,
        mean_path,
        long_run,
        long_run_mean,
        iterations,
    })
}

/// `U_i(z) = u_i(z) + delta V_i(z)`.
fn continuation(u: &[Vec<f64>], values: &[Vec<f64>], discount: f64) -> Vec<Vec<f64>> {
    u.iter().zip(values).map(|(ui, vi)| ui.iter().zip(vi).map(|(a, b)| a + discount * b).collect()).collect()
}

/// The values `V_i(q)` of proposal functions `proposals`: the solution of
/// `(I - delta P) V_i = P u_i` with `P[q][z] = sum_{j: pi_j(q) = z} p_j`.
fn evaluate(
    u: &[Vec<f64>],
    proposals: &[Vec<usize>],
    recognition: &[f64],
    discount: f64,
) -> Result<Vec<Vec<f64>>, BargainingError> {
    let g = u[0].len();
    let mut transition = DMatrix::<f64>::zeros(g, g);
    for (j, row) in proposals.iter().enumerate() {
        for (q, &z) in row.iter().enumerate() {
            transition[(q, z)] += recognition[j];
        }
    }
    let system = DMatrix::<f64>::identity(g, g) - &transition * discount;
    let lu = system.lu();
    let rhs = DMatrix::<f64>::from_fn(g, u.len(), |q, i| {
        u[i].iter().zip(transition.row(q).iter()).map(|(a, b)| a * b).sum()
    });
    let solution = lu.solve(&rhs).ok_or_else(|| BargainingError::EquilibriumCheck {
        condition: "the value equations are singular".into(),
    })?;
    Ok((0..u.len()).map(|i| solution.column(i).iter().copied().collect()).collect())
}

/// Each proposer's best accepted proposal at each status quo, given the continuation payoffs
/// `big_u[i][z] = u_i(z) + delta V_i(z)`.
fn best_responses(game: &Game, big_u: &[Vec<f64>], tie: f64) -> Vec<Vec<usize>> {
    let n = big_u.len();
    let g = big_u[0].len();
    let mut proposals = vec![vec![0usize; g]; n];
    for q in 0..g {
        let accepted: Vec<bool> = (0..g)
            .map(|z| {
                z == q || {
                    let yes = Coalition::from_players((0..n).filter(|&i| big_u[i][z] >= big_u[i][q] - tie));
                    game.is_winning(&yes)
                }
            })
            .collect();
        for (j, row) in big_u.iter().enumerate() {
            let mut best = q;
            for z in (0..g).filter(|&z| accepted[z]) {
                let better = row[z] > row[best] + tie;
                let as_good_and_nearer = row[z] >= row[best] - tie && z.abs_diff(q) < best.abs_diff(q);
                if better || as_good_and_nearer {
                    best = z;
                }
            }
            proposals[j][q] = best;
        }
    }
    proposals
}

/// Checks the equilibrium conditions from scratch.
#[allow(clippy::too_many_arguments)]
fn verify(
    game: &Game,
    u: &[Vec<f64>],
    values: &[Vec<f64>],
    big_u: &[Vec<f64>],
    proposals: &[Vec<usize>],
    recognition: &[f64],
    discount: f64,
    tie: f64,
) -> Result<(), BargainingError> {
    let fail = |condition: String| Err(BargainingError::EquilibriumCheck { condition });
    let n = u.len();
    let g = u[0].len();
    for i in 0..n {
        for q in 0..g {
            let expected: f64 = (0..n)
                .map(|j| recognition[j] * (u[i][proposals[j][q]] + discount * values[i][proposals[j][q]]))
                .sum();
            if (expected - values[i][q]).abs() > tie {
                return fail(format!("member {i}'s value at grid point {q} misses its equation"));
            }
        }
    }
    for q in 0..g {
        let accepts = |z: usize| {
            z == q
                || game.is_winning(&Coalition::from_players(
                    (0..n).filter(|&i| big_u[i][z] >= big_u[i][q] - tie),
                ))
        };
        for j in 0..n {
            let chosen = proposals[j][q];
            if !accepts(chosen) {
                return fail(format!("member {j}'s proposal at grid point {q} is not accepted"));
            }
            if let Some(z) = (0..g).find(|&z| big_u[j][z] > big_u[j][chosen] + tie && accepts(z)) {
                return fail(format!("member {j} at grid point {q} would gain by proposing grid point {z}"));
            }
        }
    }
    Ok(())
}
