//! All Nash equilibria of a bimatrix game: support enumeration for non-degenerate games,
//! vertex enumeration of the best-response polytopes for degenerate ones.
//!
//! With payoffs shifted to be positive (equilibria do not change), the best-response
//! polytopes are `P = {x >= 0 : B^T x <= 1}` and `Q = {y >= 0 : A y <= 1}`. A point of `P` is
//! labelled by the row actions it does not play (`x_i = 0`) and the column actions that are
//! best responses to it (`(B^T x)_j = 1`); likewise for `Q`. The Nash equilibria are the
//! completely labelled pairs `(x, y) != (0, 0)`, normalised (Algorithm 3.5 of Nisan et al.
//! 2007); the extreme points of every component of equilibria are completely labelled vertex
//! pairs, so enumerating vertices loses no equilibrium even in degenerate games (Avis,
//! Rosenberg, Savani & von Stengel 2010).
//!
//! A vertex of `P` with support `S` has `|S|` tight best-response constraints among `T`, so
//! the vertices are found by solving `B[S, T]^T x_S = 1` for all `|S| = |T| = k`. A game is
//! degenerate exactly when some vertex has more labels than the dimension (a mixed strategy
//! with more pure best responses than the size of its support); then support enumeration,
//! which pairs equal-size supports and solves the indifference conditions (Algorithm 3.4 of
//! Nisan et al. 2007), can miss equilibria, and the vertex path is taken.
//!
//! Equilibria do not change when a player's payoffs undergo a positive affine map, so each
//! matrix is first mapped onto `[1, 2]` (see [`positive`]): the solvers then see the same
//! numbers whatever unit the payoffs are written in (10^-300 or 10^300), and their absolute
//! thresholds act as relative ones. Probabilities within tolerance of 0 are accepted (and set
//! to 0), never used to drop an equilibrium; every equilibrium is then checked on the original
//! payoffs.
//!
//! # Cost
//! Both methods are exponential. Support enumeration tries `sum_k C(m, k) C(n, k) =
//! C(m + n, m) - 1` support pairs and is refused above [`MAX_SUPPORT_PAIRS`]. Vertex
//! enumeration is refused when McMullen's upper bound on the vertices of either polytope
//! (dimension `m` or `n`, `m + n` facets) is above [`MAX_VERTICES`], and stops with an error
//! if its walk over feasible bases (more than the vertices in degenerate games) passes
//! [`MAX_BASES`]. Lemke-Howson finds one equilibrium of any size.
//!
//! # References
//! Nisan, Roughgarden, Tardos & Vazirani (2007), *Algorithmic Game Theory*, ch. 3
//! (von Stengel), Algorithms 3.4 and 3.5; Avis, Rosenberg, Savani & von Stengel (2010),
//! "Enumeration of Nash equilibria for two-player games", Economic Theory 42(1).
//!
//! ```
//! use comity::equilibrium::{NormalFormGame, all_equilibria};
//! // Battle of the sexes: two pure equilibria and one mixed.
//! let g = NormalFormGame::bimatrix(
//!     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
//!     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
//! )
//! .unwrap();
//! let all = all_equilibria(&g).unwrap();
//! assert_eq!(all.equilibria.len(), 3);
//! assert!(!all.degenerate);
//! ```

use super::linear::{solve_in_place, subsets};
use super::{Equilibrium, EquilibriumError, NormalFormGame, verified};
use crate::cancel::{CancelToken, Interrupted};
use crate::exact::{decimal, solve};
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use std::collections::HashMap;

/// Units of work (feasible bases, vertex pairs, support pairs) between two checks of the
/// cancel token: a relaxed atomic load per thousand pivots or linear solves costs nothing
/// measurable, and a thousand of them take well under a second even on the largest games.
const CHECK_EVERY: usize = 1024;

/// The most support pairs [`support_enumeration`] tries (2^23, a few seconds).
///
/// ```
/// use comity::equilibrium::{
///     EquilibriumError, MAX_SUPPORT_PAIRS, NormalFormGame, support_enumeration,
/// };
/// // 13x13: C(26, 13) - 1 = 10,400,599 support pairs, above 2^23; refused before any is tried.
/// let g = NormalFormGame::bimatrix(vec![vec![0.0; 13]; 13], vec![vec![0.0; 13]; 13])?;
/// let err = support_enumeration(&g).unwrap_err();
/// assert!(matches!(err, EquilibriumError::TooLarge { limit: MAX_SUPPORT_PAIRS, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_SUPPORT_PAIRS: u64 = 1 << 23;

/// The largest upper bound on the vertices of a best-response polytope that vertex
/// enumeration accepts (2^20: a 16x16 game; each vertex is kept, with its coordinates).
///
/// ```
/// use comity::equilibrium::{EquilibriumError, MAX_VERTICES, NormalFormGame, vertex_enumeration};
/// // 20x20: McMullen's bound is about 3 * 10^7 vertices per polytope; refused at once.
/// let g = NormalFormGame::bimatrix(vec![vec![1.0; 20]; 20], vec![vec![1.0; 20]; 20])?;
/// let err = vertex_enumeration(&g).unwrap_err();
/// assert!(matches!(err, EquilibriumError::TooLarge { limit: MAX_VERTICES, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_VERTICES: u64 = 1 << 20;

/// The most feasible bases the vertex walk visits (2^21).
///
/// ```
/// use comity::equilibrium::{MAX_BASES, MAX_VERTICES, NormalFormGame, vertex_enumeration};
/// // A degenerate game's walk visits more bases than vertices, hence the larger limit; a
/// // small one is far within it. Battle of the sexes has three equilibria.
/// assert!(MAX_BASES > MAX_VERTICES);
/// let bos = NormalFormGame::bimatrix(
///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
/// )?;
/// assert_eq!(vertex_enumeration(&bos)?.len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_BASES: u64 = 1 << 21;

/// The most memory the vertex walk's queue of tableaux may hold (1 GiB).
///
/// ```
/// use comity::equilibrium::{MAX_QUEUE_BYTES, NormalFormGame, vertex_enumeration};
/// assert_eq!(MAX_QUEUE_BYTES, 1 << 30); // 1 GiB of queued tableaux
/// // Rock-paper-scissors queues a handful of tableaux: one equilibrium, (1/3, 1/3, 1/3).
/// let rps = NormalFormGame::zero_sum(vec![
///     vec![0.0, -1.0, 1.0],
///     vec![1.0, 0.0, -1.0],
///     vec![-1.0, 1.0, 0.0],
/// ])?;
/// assert_eq!(vertex_enumeration(&rps)?.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_QUEUE_BYTES: u64 = 1 << 30;

/// The most vertex pairs matched in a degenerate game (2^32 label comparisons, seconds).
const MAX_VERTEX_PAIRS: u64 = 1 << 32;

const ONE_EQUILIBRIUM: &str =
    "for one equilibrium use --method lemke-howson (any size), or give a smaller game";

/// `C(n, k)` in floating point (an estimate: it may be inexact above 2^53 and is infinite
/// beyond `f64::MAX`).
fn binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    (0..k).fold(1.0, |c, i| c * (n - i) as f64 / (i + 1) as f64)
}

/// McMullen's upper bound on the vertices of a `d`-polytope with `f` facets (never above
/// `C(f, d)`, the number of ways to pick `d` tight facets).
fn vertex_bound(d: usize, f: usize) -> f64 {
    let (lo, hi) = (d / 2, d.div_ceil(2));
    let mcmullen = binomial(f - hi, lo) + if hi == 0 { 0.0 } else { binomial(f - lo - 1, hi - 1) };
    mcmullen.min(binomial(f, d))
}

fn too_large(
    method: &'static str,
    m: usize,
    n: usize,
    estimate: f64,
    unit: &'static str,
    limit: u64,
) -> EquilibriumError {
    EquilibriumError::TooLarge {
        method,
        shape: format!("{m}x{n}"),
        estimate,
        unit,
        limit,
        alternative: ONE_EQUILIBRIUM,
    }
}

/// All equilibria of a bimatrix game and how they were found.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, all_equilibria};
/// // The column player is indifferent everywhere: a degenerate game whose equilibria form a
/// // continuum. By hand its extreme points are (row 0, y_0 >= 1/2) and (row 1, y_0 <= 1/2) at
/// // y_0 in {0, 1/2, 1}, and any row mix at y_0 = 1/2: four vertex pairs.
/// let g = NormalFormGame::bimatrix(
///     vec![vec![1.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 1.0], vec![1.0, 1.0]],
/// )?;
/// let all = all_equilibria(&g)?;
/// assert!(all.degenerate);
/// assert_eq!((all.method, all.equilibria.len()), ("vertex enumeration", 4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AllEquilibria {
    /// The equilibria (for degenerate games: the extreme points of the components).
    pub equilibria: Vec<Equilibrium>,
    /// Whether the game is degenerate.
    pub degenerate: bool,
    /// "support enumeration" or "vertex enumeration".
    pub method: &'static str,
}

/// Every equilibrium of a two-player game: a degeneracy check, then support enumeration
/// (non-degenerate) or vertex enumeration (degenerate).
///
/// ```
/// use comity::equilibrium::{NormalFormGame, all_equilibria};
/// // Battle of the sexes: (0, 0), (1, 1), and by hand the mix x = (2/3, 1/3), y = (1/3, 2/3)
/// // that leaves each indifferent, paying 2/3 to both.
/// let g = NormalFormGame::bimatrix(
///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
/// )?;
/// let all = all_equilibria(&g)?;
/// assert_eq!((all.method, all.equilibria.len()), ("support enumeration", 3));
/// let mut x0: Vec<f64> = all.equilibria.iter().map(|e| e.strategies[0][0]).collect();
/// x0.sort_by(f64::total_cmp);
/// assert!(x0[0] == 0.0 && (x0[1] - 2.0 / 3.0).abs() < 1e-12 && x0[2] == 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn all_equilibria(game: &NormalFormGame) -> Result<AllEquilibria, EquilibriumError> {
    all_equilibria_cancellable(game, &CancelToken::new())
}

/// [`all_equilibria`], stopping with [`EquilibriumError::Interrupted`] once `cancel` is
/// cancelled (from another thread; the Python package cancels on Ctrl-C). The checkpoints sit
/// in the walks over each polytope's feasible bases (every 1024 bases), the pairing
/// of vertices and the support pairs tried (every 1024 of each): a cancelled search
/// stops within a few milliseconds and never returns the equilibria found so far as all.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::equilibrium::{EquilibriumError, NormalFormGame, all_equilibria_cancellable};
/// let g = NormalFormGame::bimatrix(
///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
/// )?;
/// let token = CancelToken::new();
/// assert_eq!(all_equilibria_cancellable(&g, &token)?.equilibria.len(), 3);
/// token.cancel();
/// let err = all_equilibria_cancellable(&g, &token).unwrap_err();
/// assert!(matches!(err, EquilibriumError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn all_equilibria_cancellable(
    game: &NormalFormGame,
    cancel: &CancelToken,
) -> Result<AllEquilibria, EquilibriumError> {
    cancel.check()?;
    let polytopes = Polytopes::new(game, cancel)?;
    let degenerate = polytopes.p.iter().any(|v| v.labels.count_ones() as usize > polytopes.m)
        || polytopes.q.iter().any(|v| v.labels.count_ones() as usize > polytopes.n);
    if degenerate {
        let equilibria = polytopes.matched(game, cancel)?;
        Ok(AllEquilibria { equilibria, degenerate, method: "vertex enumeration" })
    } else {
        // In a non-degenerate game an equilibrium's supports (I, J) are the support of a vertex
        // x of P and the columns that are best responses to it, |I| = |J|: only those pairs are
        // tried, instead of all sum_k C(m, k) C(n, k).
        let m = polytopes.m;
        let candidates = polytopes.p.iter().filter(|v| v.point.iter().any(|&c| c > 0.0)).map(|v| {
            let rows: Vec<usize> = (0..m).filter(|&i| v.labels >> i & 1 == 0).collect();
            let cols: Vec<usize> = (0..polytopes.n).filter(|&j| v.labels >> (m + j) & 1 == 1).collect();
            (rows, cols)
        });
        let equilibria = supports_tried(game, candidates.filter(|(r, c)| r.len() == c.len()), cancel)?;
        Ok(AllEquilibria { equilibria, degenerate, method: "support enumeration" })
    }
}

/// Equilibria by vertex enumeration of the best-response polytopes (any bimatrix game).
///
/// ```
/// use comity::equilibrium::{NormalFormGame, vertex_enumeration};
/// // Matching pennies: the only equilibrium is (1/2, 1/2) for both.
/// let g = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
/// let eqs = vertex_enumeration(&g)?;
/// assert_eq!(eqs.len(), 1);
/// assert!(eqs[0].strategies.iter().flatten().all(|p| (p - 0.5).abs() < 1e-12));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn vertex_enumeration(game: &NormalFormGame) -> Result<Vec<Equilibrium>, EquilibriumError> {
    vertex_enumeration_cancellable(game, &CancelToken::new())
}

/// [`vertex_enumeration`], stopping with [`EquilibriumError::Interrupted`] once `cancel` is
/// cancelled (checked every 1024 feasible bases and vertex pairs).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::equilibrium::{EquilibriumError, NormalFormGame, vertex_enumeration_cancellable};
/// let g = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
/// let token = CancelToken::new();
/// assert_eq!(vertex_enumeration_cancellable(&g, &token)?.len(), 1);
/// token.cancel();
/// assert!(matches!(vertex_enumeration_cancellable(&g, &token), Err(EquilibriumError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn vertex_enumeration_cancellable(
    game: &NormalFormGame,
    cancel: &CancelToken,
) -> Result<Vec<Equilibrium>, EquilibriumError> {
    cancel.check()?;
    Polytopes::new(game, cancel)?.matched(game, cancel)
}

fn two_players(
    game: &NormalFormGame,
    method: &'static str,
) -> Result<(usize, usize, Vec<f64>, Vec<f64>), EquilibriumError> {
    let (m, n, a, b) =
        game.as_bimatrix().ok_or(EquilibriumError::NeedsTwoPlayers { method, players: game.players() })?;
    // The solvers work on the matrices mapped onto [1, 2]: the same equilibria, in a unit that
    // does not depend on the input's.
    Ok((m, n, positive(a), positive(b)))
}

/// Equilibria by support enumeration: every pair of equal-size supports whose indifference
/// conditions have a solution that is a best response. Complete for non-degenerate games.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, support_enumeration};
/// // Prisoner's dilemma: defection dominates, so (D, D) is the only equilibrium.
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// let eqs = support_enumeration(&pd)?;
/// assert_eq!(eqs.len(), 1);
/// assert_eq!(
///     (eqs[0].strategies.clone(), eqs[0].payoffs.clone()),
///     (vec![vec![0.0, 1.0]; 2], vec![1.0, 1.0])
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn support_enumeration(game: &NormalFormGame) -> Result<Vec<Equilibrium>, EquilibriumError> {
    support_enumeration_cancellable(game, &CancelToken::new())
}

/// [`support_enumeration`], stopping with [`EquilibriumError::Interrupted`] once `cancel` is
/// cancelled (checked every 1024 support pairs).
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::equilibrium::{EquilibriumError, NormalFormGame, support_enumeration_cancellable};
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// let token = CancelToken::new();
/// assert_eq!(support_enumeration_cancellable(&pd, &token)?.len(), 1);
/// token.cancel();
/// assert!(matches!(support_enumeration_cancellable(&pd, &token), Err(EquilibriumError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn support_enumeration_cancellable(
    game: &NormalFormGame,
    cancel: &CancelToken,
) -> Result<Vec<Equilibrium>, EquilibriumError> {
    cancel.check()?;
    let (m, n, _, _) = two_players(game, "support enumeration")?;
    let estimate = binomial(m + n, m) - 1.0;
    if estimate > MAX_SUPPORT_PAIRS as f64 {
        return Err(too_large("support enumeration", m, n, estimate, "support pairs", MAX_SUPPORT_PAIRS));
    }
    let pairs = (1..=m.min(n)).flat_map(move |k| {
        subsets(m, k).flat_map(move |rows| subsets(n, k).map(move |cols| (rows.clone(), cols)))
    });
    supports_tried(game, pairs, cancel)
}

/// The equilibria among the given support pairs (of equal sizes), from the indifference
/// conditions.
fn supports_tried(
    game: &NormalFormGame,
    pairs: impl Iterator<Item = (Vec<usize>, Vec<usize>)>,
    cancel: &CancelToken,
) -> Result<Vec<Equilibrium>, EquilibriumError> {
    let (m, n, a, b) = two_players(game, "support enumeration")?;
    // Probabilities are dimensionless: their tolerance does not scale with the payoffs.
    let tol = 1e-9;
    // Payoff comparisons: the matrices lie in [1, 2] (see `positive`).
    let payoff_tols = (2e-9, 2e-9);
    let mut found = Vec::new();
    let mut buf_a = Vec::new();
    let mut buf_b = Vec::new();
    for (tried, (rows, cols)) in pairs.enumerate() {
        if tried % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        // y on `cols` makes the row player indifferent on `rows`: A[rows, cols] y = u.
        let Some(y) = indifferent(&a, n, &rows, &cols, false, &mut buf_a, &mut buf_b, tol) else {
            continue;
        };
        let Some(x) = indifferent(&b, n, &rows, &cols, true, &mut buf_a, &mut buf_b, tol) else {
            continue;
        };
        let x_full = spread(&x, &rows, m);
        let y_full = spread(&y, &cols, n);
        // Cheap rejection before the full check: actions outside the supports must not
        // do better than those inside.
        if !best_responses_hold(&a, &b, m, n, &x_full, &y_full, (rows[0], cols[0]), payoff_tols) {
            continue;
        }
        if let Ok(eq) = verified(game, vec![x_full, y_full]) {
            found.push(eq);
        }
    }
    Ok(found)
}

/// Solves the indifference conditions for one player's mix on its support: for the column
/// mix (`transpose = false`), `sum_{j in cols} A[i][j] y_j = u` for `i in rows`, `sum y = 1`;
/// for the row mix, the same with `B` transposed. `None` if singular or not a distribution.
#[allow(clippy::too_many_arguments)]
fn indifferent(
    payoff: &[f64],
    n: usize,
    rows: &[usize],
    cols: &[usize],
    transpose: bool,
    buf_a: &mut Vec<f64>,
    buf_b: &mut Vec<f64>,
    tol: f64,
) -> Option<Vec<f64>> {
    let k = rows.len();
    let size = k + 1;
    buf_a.clear();
    buf_a.resize(size * size, 0.0);
    buf_b.clear();
    buf_b.resize(size, 0.0);
    // Unknowns: the k probabilities, then the payoff u. Equations: k indifferences, sum = 1.
    let (equations, variables) = if transpose { (cols, rows) } else { (rows, cols) };
    for (r, &e) in equations.iter().enumerate() {
        for (c, &v) in variables.iter().enumerate() {
            let (i, j) = if transpose { (v, e) } else { (e, v) };
            buf_a[r * size + c] = payoff[i * n + j];
        }
        buf_a[r * size + k] = -1.0;
    }
    for c in 0..k {
        buf_a[k * size + c] = 1.0;
    }
    buf_b[k] = 1.0;
    if !solve_in_place(buf_a, buf_b, size) {
        return None;
    }
    let probs = &buf_b[..k];
    if probs.iter().any(|&p| p < -tol) {
        return None;
    }
    Some(probs.iter().map(|&p| p.max(0.0)).collect())
}

/// Whether every row action earns at most what row `row` (in the support) earns against `y`,
/// and likewise for columns against `x` and column `col`, within the given tolerances.
#[allow(clippy::too_many_arguments)]
fn best_responses_hold(
    a: &[f64],
    b: &[f64],
    m: usize,
    n: usize,
    x: &[f64],
    y: &[f64],
    (row, col): (usize, usize),
    (tol_u, tol_v): (f64, f64),
) -> bool {
    let row_value = |i: usize| -> f64 { (0..n).map(|j| a[i * n + j] * y[j]).sum() };
    let col_value = |j: usize| -> f64 { (0..m).map(|i| b[i * n + j] * x[i]).sum() };
    let (u, v) = (row_value(row), col_value(col));
    (0..m).all(|i| row_value(i) <= u + tol_u) && (0..n).all(|j| col_value(j) <= v + tol_v)
}

fn spread(values: &[f64], support: &[usize], len: usize) -> Vec<f64> {
    let mut full = vec![0.0; len];
    let total: f64 = values.iter().sum();
    for (&i, &v) in support.iter().zip(values) {
        full[i] = v / total;
    }
    full
}

/// A vertex of a best-response polytope with its label set (bit `i` for row action `i`,
/// bit `m + j` for column action `j`).
#[derive(Debug, Clone)]
struct Vertex {
    point: Vec<f64>,
    labels: u128,
}

struct Polytopes {
    m: usize,
    n: usize,
    p: Vec<Vertex>,
    q: Vec<Vertex>,
}

impl Polytopes {
    fn new(game: &NormalFormGame, cancel: &CancelToken) -> Result<Self, EquilibriumError> {
        let (m, n, a, b) = two_players(game, "vertex enumeration")?;
        // Estimated before anything is allocated: a 30x30 game is refused at once.
        let estimate = vertex_bound(m, m + n).max(vertex_bound(n, m + n));
        if estimate > MAX_VERTICES as f64 {
            return Err(too_large("vertex enumeration", m, n, estimate, "polytope vertices", MAX_VERTICES));
        }
        if m + n > 128 {
            return Err(EquilibriumError::BadDistribution {
                message: format!(
                    "vertex enumeration handles at most 128 actions in all; this game has {}",
                    m + n
                ),
            });
        }
        // P: x in R^m, constraints x_i >= 0 (label i) and (B^T x)_j <= 1 (label m + j).
        let bt: Vec<f64> = (0..n * m).map(|t| b[(t % m) * n + t / m]).collect(); // n x m
        let walk_error = |stop: WalkStop| match stop {
            WalkStop::Limit(count, unit, limit) => too_large("vertex enumeration", m, n, count, unit, limit),
            WalkStop::Interrupted(i) => EquilibriumError::Interrupted(i),
        };
        let limits = (MAX_BASES, MAX_QUEUE_BYTES);
        let p = vertices(&bt, m, n, 0, m, limits, cancel).map_err(walk_error)?;
        // Q: y in R^n, constraints y_j >= 0 (label m + j) and (A y)_i <= 1 (label i).
        let q = vertices(&a, n, m, m, 0, limits, cancel).map_err(walk_error)?;
        Ok(Polytopes { m, n, p, q })
    }

    /// Completely labelled vertex pairs other than the origin, normalised and verified.
    fn matched(
        &self,
        game: &NormalFormGame,
        cancel: &CancelToken,
    ) -> Result<Vec<Equilibrium>, EquilibriumError> {
        let all: u128 = if self.m + self.n == 128 { u128::MAX } else { (1u128 << (self.m + self.n)) - 1 };
        let pairs = self.p.len() as f64 * self.q.len() as f64;
        if pairs > MAX_VERTEX_PAIRS as f64 {
            return Err(too_large(
                "vertex enumeration",
                self.m,
                self.n,
                pairs,
                "vertex pairs",
                MAX_VERTEX_PAIRS,
            ));
        }
        let mut found = Vec::new();
        // The pairs are counted by row vertex: a check per `CHECK_EVERY / q` row vertices
        // (at least one), so that a long pairing stops as soon as a short one.
        let rows_per_check = (CHECK_EVERY / self.q.len().max(1)).max(1);
        for (k, x) in self.p.iter().filter(|v| v.point.iter().any(|&c| c > 0.0)).enumerate() {
            if k % rows_per_check == 0 {
                cancel.check()?;
            }
            for y in self.q.iter().filter(|v| v.point.iter().any(|&c| c > 0.0)) {
                if x.labels | y.labels == all {
                    let normalise = |v: &[f64]| -> Vec<f64> {
                        let s: f64 = v.iter().sum();
                        v.iter().map(|c| c / s).collect()
                    };
                    found.push(verified(game, vec![normalise(&x.point), normalise(&y.point)])?);
                }
            }
        }
        Ok(found)
    }
}

/// Payoffs mapped onto `[1, 2]` by `x -> 1 + (x - min) / (max - min)` (a constant matrix maps
/// to 1): positive, as the polytopes need, and of the same size whatever the input's unit, so
/// that the solvers' fixed thresholds act as relative ones. A positive affine map of one
/// player's payoffs leaves the equilibria unchanged. (The earlier shift onto
/// `[spread, 2 spread]` kept the input's unit, and the absolute pivot thresholds then lost
/// every equilibrium of the prisoner's dilemma written in millions.) Halves are subtracted
/// when the range overflows (payoffs near `f64::MAX` of both signs).
pub(crate) fn positive(mat: &[f64]) -> Vec<f64> {
    let low = mat.iter().fold(f64::INFINITY, |x, &y| x.min(y));
    let high = mat.iter().fold(f64::NEG_INFINITY, |x, &y| x.max(y));
    if high <= low {
        return vec![1.0; mat.len()];
    }
    let spread = high - low;
    if spread.is_finite() {
        mat.iter().map(|x| 1.0 + (x - low) / spread).collect()
    } else {
        let half = high / 2.0 - low / 2.0;
        mat.iter().map(|x| 1.0 + (x / 2.0 - low / 2.0) / half).collect()
    }
}

/// Why a walk over a polytope's bases stopped early: a limit passed (the count, its unit and
/// the limit), or the token cancelled.
enum WalkStop {
    Limit(f64, &'static str, u64),
    Interrupted(Interrupted),
}

/// Vertices of `{z in R^dim : z >= 0, M z <= 1}` for `M` (`rows x dim`, row-major, positive).
/// Labels: `zero_base + i` for `z_i = 0` and `tight_base + r` for row `r` tight.
///
/// The feasible bases of `[M | I] (z, s) = 1` are visited breadth-first from the slack basis
/// (the origin) by simplex pivots; when the ratio test ties (a degenerate vertex), every tied
/// row is pivoted on, so that all feasible bases, and with them all vertices, are reached (the
/// graph of feasible bases of a polytope is connected). Only actual vertices are visited,
/// rather than all `sum_k C(dim, k) C(rows, k)` candidate systems.
///
/// Stops (with the count, its unit and the limit) when the bases seen pass `max_bases` or the
/// queued tableaux pass `max_bytes` ([`MAX_BASES`] and [`MAX_QUEUE_BYTES`] in use).
fn vertices(
    mat: &[f64],
    dim: usize,
    rows: usize,
    zero_base: usize,
    tight_base: usize,
    (max_bases, max_bytes): (u64, u64),
    cancel: &CancelToken,
) -> Result<Vec<Vertex>, WalkStop> {
    let scale = mat.iter().fold(f64::MIN_POSITIVE, |s, x| s.max(x.abs()));
    let z_tol = 1e-9 / scale;
    let cols = dim + rows;
    let width = cols + 1;
    // Tableau rows: coefficients of z (dim), slacks (rows), then the right-hand side.
    let mut start = vec![0.0; rows * width];
    for r in 0..rows {
        start[r * width..r * width + dim].copy_from_slice(&mat[r * dim..(r + 1) * dim]);
        start[r * width + dim + r] = 1.0;
        start[r * width + cols] = 1.0;
    }
    let start_basis: Vec<usize> = (dim..cols).collect();
    let key = |basis: &[usize]| -> u128 { basis.iter().fold(0u128, |k, &c| k | 1 << c) };
    let mut seen_bases = std::collections::HashSet::new();
    seen_bases.insert(key(&start_basis));
    // The queue holds (parent tableau and basis, pivot row, entering column): a node's children
    // share its tableau, and each child's is built by one pivot when it is popped. (Queuing a
    // tableau per child, as before, took over 1 GiB on a degenerate 16x16 game.)
    type Parent = std::rc::Rc<(Vec<f64>, Vec<usize>)>;
    let no_pivot = usize::MAX;
    let mut queue: std::collections::VecDeque<(Parent, usize, usize)> =
        std::collections::VecDeque::from([(std::rc::Rc::new((start, start_basis)), no_pivot, 0)]);
    let tableau_bytes = (rows * width * 8 + rows * 8) as u64;
    let mut parents_queued: u64 = 1;
    let mut seen_points: HashMap<Vec<i64>, ()> = HashMap::new();
    let mut out = Vec::new();
    let mut popped: usize = 0;
    while let Some((parent, row, enter)) = queue.pop_front() {
        if popped % CHECK_EVERY == 0 {
            cancel.check().map_err(WalkStop::Interrupted)?;
        }
        popped += 1;
        if std::rc::Rc::strong_count(&parent) == 1 {
            parents_queued -= 1;
        }
        let (mut t, mut basis) = (parent.0.clone(), parent.1.clone());
        drop(parent);
        if row != no_pivot {
            basis[row] = enter;
            let pivot = t[row * width + enter];
            for c in 0..width {
                t[row * width + c] /= pivot;
            }
            for r in (0..rows).filter(|&r| r != row) {
                let f = t[r * width + enter];
                if f != 0.0 {
                    for c in 0..width {
                        t[r * width + c] -= f * t[row * width + c];
                    }
                }
            }
        }
        // The vertex of this basis.
        let mut point = vec![0.0; dim];
        let mut slack = vec![0.0; rows];
        for (r, &c) in basis.iter().enumerate() {
            let value = t[r * width + cols].max(0.0);
            if c < dim {
                point[c] = value;
            } else {
                slack[c - dim] = value;
            }
        }
        let point_key: Vec<i64> = point.iter().map(|z| (z * scale * 1e9).round() as i64).collect();
        if seen_points.insert(point_key, ()).is_none() {
            let mut labels = 0u128;
            for (c, &z) in point.iter().enumerate() {
                if z <= z_tol {
                    labels |= 1 << (zero_base + c);
                }
            }
            for (r, &sl) in slack.iter().enumerate() {
                if sl <= 1e-9 {
                    labels |= 1 << (tight_base + r);
                }
            }
            out.push(Vertex { point, labels });
        }
        // Neighbouring feasible bases.
        let mut children: Vec<(usize, usize)> = Vec::new();
        for enter in (0..cols).filter(|c| !basis.contains(c)) {
            let ratios: Vec<(usize, f64)> = (0..rows)
                .filter(|&r| t[r * width + enter] > 1e-12)
                .map(|r| (r, t[r * width + cols] / t[r * width + enter]))
                .collect();
            let Some(best) = ratios.iter().map(|&(_, q)| q).min_by(f64::total_cmp) else { continue };
            let tie = 1e-9 * best.abs().max(z_tol);
            for &(row, _) in ratios.iter().filter(|&&(_, q)| q <= best + tie) {
                let mut next_basis = basis.clone();
                next_basis[row] = enter;
                if !seen_bases.insert(key(&next_basis)) {
                    continue;
                }
                if seen_bases.len() as u64 > max_bases {
                    return Err(WalkStop::Limit(seen_bases.len() as f64, "feasible bases", max_bases));
                }
                children.push((row, enter));
            }
        }
        if !children.is_empty() {
            parents_queued += 1;
            let queued = parents_queued * tableau_bytes + (queue.len() + children.len()) as u64 * 24;
            if queued > max_bytes {
                return Err(WalkStop::Limit(queued as f64, "bytes of queued tableaux", max_bytes));
            }
            let parent = std::rc::Rc::new((t, basis));
            queue.extend(children.into_iter().map(|(row, enter)| (parent.clone(), row, enter)));
        }
    }
    Ok(out)
}

/// The equilibrium recomputed in exact rationals from its supports and best responses, for
/// payoffs read as decimals: each player's mix solves the opponent's indifference conditions
/// exactly. `None` when the conditions do not determine the mix uniquely (a point inside a
/// component of a degenerate game that is not a vertex), or when the exact profile fails the
/// equilibrium conditions in exact arithmetic (non-negative mixes summing to 1, every action
/// in a support a best response): supports read off a floating-point solution are only
/// guesses, and a fraction derived from them is not called exact unless it is one.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, exact_equilibrium, verified};
/// // Battle of the sexes' mixed equilibrium, found in floating point, in exact fractions.
/// let g = NormalFormGame::bimatrix(
///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
/// )?;
/// let mixed = verified(&g, vec![vec![2.0 / 3.0, 1.0 / 3.0], vec![1.0 / 3.0, 2.0 / 3.0]])?;
/// let exact = exact_equilibrium(&g, &mixed).unwrap();
/// let text: Vec<Vec<String>> =
///     exact.iter().map(|s| s.iter().map(|p| p.to_string()).collect()).collect();
/// assert_eq!(text, [["2/3", "1/3"], ["1/3", "2/3"]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn exact_equilibrium(game: &NormalFormGame, eq: &Equilibrium) -> Option<Vec<Vec<BigRational>>> {
    let (m, n, a, b) = game.as_bimatrix()?;
    let tol = 1e-9;
    let row_support: Vec<usize> = (0..m).filter(|&i| eq.strategies[0][i] > tol).collect();
    let col_support: Vec<usize> = (0..n).filter(|&j| eq.strategies[1][j] > tol).collect();
    let row_values = game.action_values(0, &eq.strategies);
    let col_values = game.action_values(1, &eq.strategies);
    let (row_scale, col_scale) = (game.player_scale(0), game.player_scale(1));
    let row_best: Vec<usize> =
        (0..m).filter(|&i| row_values[i] / row_scale >= eq.payoffs[0] / row_scale - tol).collect();
    let col_best: Vec<usize> =
        (0..n).filter(|&j| col_values[j] / col_scale >= eq.payoffs[1] / col_scale - tol).collect();
    // Column mix y on col_support: A[i, .] y = u for every row best response i; sum y = 1.
    let y = exact_mix(&col_support, &row_best, |i, j| decimal(a[i * n + j]))?;
    // Row mix x on row_support: B[., j]^T x = v for every column best response j; sum x = 1.
    let x = exact_mix(&row_support, &col_best, |j, i| decimal(b[i * n + j]))?;
    let (x, y) = (spread_exact(&x, &row_support, m), spread_exact(&y, &col_support, n));
    exact_equilibrium_holds(m, n, a, b, &x, &y).then(|| vec![x, y])
}

/// Whether `(x, y)` is an equilibrium of the bimatrix game with the payoffs read as decimals,
/// in exact arithmetic.
fn exact_equilibrium_holds(
    m: usize,
    n: usize,
    a: &[f64],
    b: &[f64],
    x: &[BigRational],
    y: &[BigRational],
) -> bool {
    let is_mix = |v: &[BigRational]| {
        v.iter().all(|p| !p.is_negative()) && v.iter().sum::<BigRational>() == BigRational::one()
    };
    if !is_mix(x) || !is_mix(y) {
        return false;
    }
    let row_values: Vec<BigRational> = (0..m)
        .map(|i| (0..n).filter(|&j| !y[j].is_zero()).map(|j| decimal(a[i * n + j]) * &y[j]).sum())
        .collect();
    let col_values: Vec<BigRational> = (0..n)
        .map(|j| (0..m).filter(|&i| !x[i].is_zero()).map(|i| decimal(b[i * n + j]) * &x[i]).sum())
        .collect();
    let best_where_played = |values: &[BigRational], mix: &[BigRational]| {
        let Some(best) = values.iter().max() else { return false };
        values.iter().zip(mix).all(|(v, p)| p.is_zero() || v == best)
    };
    best_where_played(&row_values, x) && best_where_played(&col_values, y)
}

fn exact_mix(
    support: &[usize],
    best: &[usize],
    payoff: impl Fn(usize, usize) -> BigRational,
) -> Option<Vec<BigRational>> {
    let k = support.len();
    let mut rows: Vec<(Vec<BigRational>, BigRational)> = best
        .iter()
        .map(|&e| {
            let mut coeffs: Vec<BigRational> = support.iter().map(|&v| payoff(e, v)).collect();
            coeffs.push(-BigRational::one());
            (coeffs, BigRational::zero())
        })
        .collect();
    let mut sum = vec![BigRational::one(); k];
    sum.push(BigRational::zero());
    rows.push((sum, BigRational::one()));
    let solution = solve(&rows, k + 1)?;
    Some(solution[..k].to_vec())
}

fn spread_exact(values: &[BigRational], support: &[usize], len: usize) -> Vec<BigRational> {
    let mut full = vec![BigRational::zero(); len];
    for (&i, v) in support.iter().zip(values) {
        full[i] = v.clone();
    }
    full
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 3x3 identity's polytope `{z >= 0, z <= 1}` is a cube: 8 vertices.
    fn cube() -> Vec<f64> {
        vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    }

    #[test]
    fn the_vertex_walk_stops_at_its_bases_and_memory_limits() {
        let fresh = CancelToken::new();
        let walk = |limits| vertices(&cube(), 3, 3, 0, 3, limits, &fresh);
        assert!(matches!(walk((MAX_BASES, MAX_QUEUE_BYTES)), Ok(v) if v.len() == 8));
        let Err(WalkStop::Limit(count, unit, limit)) = walk((4, MAX_QUEUE_BYTES)) else { panic!("no limit") };
        assert_eq!((unit, limit), ("feasible bases", 4));
        assert!(count > 4.0);
        let Err(WalkStop::Limit(_, unit, limit)) = walk((MAX_BASES, 100)) else { panic!("no limit") };
        assert_eq!((unit, limit), ("bytes of queued tableaux", 100));
        // A cancelled token stops the walk at its first basis.
        let cancelled = CancelToken::new();
        cancelled.cancel();
        let stopped = vertices(&cube(), 3, 3, 0, 3, (MAX_BASES, MAX_QUEUE_BYTES), &cancelled);
        assert!(matches!(stopped, Err(WalkStop::Interrupted(Interrupted))));
    }

    #[test]
    fn the_vertex_bound_is_mcmullens() {
        // A 3-cube has 6 facets and 8 vertices, which the bound attains; a 30x30 game is far
        // beyond the limit, a 16x16 game within it.
        assert_eq!(vertex_bound(3, 6), 8.0);
        assert!(vertex_bound(30, 60) > 1e11);
        assert!(vertex_bound(16, 32) <= MAX_VERTICES as f64);
        assert_eq!(binomial(60, 30), 118264581564861424.0);
    }
}
