//! The nucleolus and prenucleolus, by a sequence of linear programs, solved exactly and
//! certified by Kohlberg's criterion.
//!
//! The excess of coalition `S` at allocation `x` is `e(S, x) = v(S) - x(S)`. The nucleolus
//! (Schmeidler 1969) is the imputation (`x(N) = v(N)`, `x_i >= v(i)`) whose excesses, sorted in
//! decreasing order, are lexicographically smallest; the prenucleolus drops `x_i >= v(i)`.
//!
//! Algorithm (Maschler, Peleg & Shapley 1979, with the fixing rule of Guajardo & Jörnsten
//! 2015): stage `k` minimises the largest excess `epsilon_k` over the coalitions not yet fixed,
//! keeping earlier stages' coalitions at their excesses. Stage `k` is solved as its dual LP,
//! whose positive weights mark coalitions that are tight in *every* optimal solution
//! (complementary slackness); only those are fixed (fixing every coalition that happens to be
//! tight at one optimum is a known source of wrong nucleoli). Coalitions whose indicator vector
//! lies in the span of the fixed ones have a determined excess and leave the problem. Each
//! stage raises that span's rank, so at most `n` LPs are solved. Each is solved by a dense
//! simplex with column generation over the coalitions (the private module `coalition_simplex`:
//! a basis of `n + 1` rows, every coalition priced in one pass); microlp through good_lp is the
//! fallback should it fail (the result's `fallback` then says why), and its twin in the tests.
//!
//! The fixed coalitions then determine `x` and the `epsilon_k` through a linear system, which
//! is solved in exact rational arithmetic (values read as the decimals they print as). The
//! exact result is certified independently of the LP sequence by Kohlberg's (1971) criterion:
//! for every excess level, the coalitions at or above it (with, for the nucleolus, singletons
//! `{i}` at `x_i = v(i)`) form a balanced collection. Balancing weights come from an LP and are
//! then corrected and checked in exact arithmetic. A result that fails is an error, never a
//! warning. (Values are taken as the decimals they print as: a value computed as
//! `0.1 + 0.2 = 0.30000000000000004` is exactly that, and excesses that differ by less than the
//! LP tolerance are then merged by the LPs but not by the exact check, which refuses the
//! result. Round such inputs to the decimals meant.)
//!
//! # References
//! Schmeidler (1969), SIAM J. Appl. Math. 17(6); Kohlberg (1971), SIAM J. Appl. Math. 20(1);
//! Maschler, Peleg & Shapley (1979), Math. Oper. Res. 4(4); Guajardo & Jörnsten (2015),
//! "Common mistakes in computing the nucleolus", EJOR 241(3); Peleg & Sudhölter (2007),
//! Theorem 5.2.6.
//!
//! ```
//! use comity::coop::{NucleolusKind, TuGame, nucleolus};
//! // Bankruptcy: estate 200, claims 100, 200, 300; the Talmud rule gives 50, 75, 75.
//! let g = TuGame::bankruptcy(200.0, &[100.0, 200.0, 300.0]).unwrap();
//! let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
//! assert_eq!(nu.exact_strings(), ["50", "75", "75"]);
//! ```

use super::TuGame;
use super::coalition_simplex::{self, Column, Problem};
use super::core::{CoopError, TOLERANCE, normalised, scale};
use crate::cancel::CancelToken;
use crate::exact::{decimal, solve};
use crate::lp::free_variable;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, microlp, variable};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

/// Which solution concept was computed.
///
/// ```
/// use comity::coop::{NucleolusKind, TuGame, nucleolus};
/// // v(0) + v(1) = 2 > v(01) = 1: no imputation exists, so the prenucleolus is returned,
/// // by hand the standard solution v(i) + (v(N) - v(0) - v(1)) / 2 = 1/2 each.
/// let g = TuGame::from_values(2, vec![0.0, 1.0, 1.0, 1.0])?;
/// let nu = nucleolus(&g, NucleolusKind::Nucleolus)?;
/// assert_eq!(nu.kind, NucleolusKind::Prenucleolus);
/// assert_eq!(nu.exact_strings(), ["1/2", "1/2"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NucleolusKind {
    /// Over imputations (`x_i >= v(i)`), when there are any.
    Nucleolus,
    /// Over pre-imputations (efficient allocations).
    Prenucleolus,
}

/// A certified nucleolus or prenucleolus.
///
/// ```
/// use comity::coop::{NucleolusKind, TuGame, nucleolus};
/// // v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120: by hand the first stage equalises the
/// // three pair excesses at -10/3, which fixes the allocation in one stage.
/// let g = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0])?;
/// let nu = nucleolus(&g, NucleolusKind::Nucleolus)?;
/// assert!((nu.stage_excesses[0] + 10.0 / 3.0).abs() < 1e-9);
/// assert!((nu.allocation[2] - 170.0 / 3.0).abs() < 1e-9);
/// // The stages took the dedicated simplex, not the microlp fallback.
/// assert_eq!(nu.fallback, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Nucleolus {
    /// What was computed (the nucleolus falls back to the prenucleolus when there are no
    /// imputations).
    pub kind: NucleolusKind,
    /// The allocation as exact fractions.
    pub exact: Vec<BigRational>,
    /// The allocation in floating point.
    pub allocation: Vec<f64>,
    /// The excess of each stage, largest first.
    pub stage_excesses: Vec<f64>,
    /// Linear programs solved (stages plus certification).
    pub lps_solved: usize,
    /// Why the stages were solved by microlp instead of the dedicated simplex, when they were:
    /// the simplex's error (a pivot limit, a singular basis) or its result's failed
    /// certificate. `None` on the fast path, which every game of the tests takes; a fallback
    /// costs time (about six times as much at 12 players), so it is reported rather than
    /// hidden.
    pub fallback: Option<String>,
}

impl Nucleolus {
    /// The exact allocation as strings (`"75"`, `"100/3"`).
    ///
    /// ```
    /// use comity::coop::{NucleolusKind, TuGame, nucleolus};
    /// // The Talmud's estate of 300 for claims 100, 200, 300 (Aumann & Maschler 1985, table 1).
    /// let g = TuGame::bankruptcy(300.0, &[100.0, 200.0, 300.0])?;
    /// assert_eq!(nucleolus(&g, NucleolusKind::Nucleolus)?.exact_strings(), ["50", "100", "150"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exact_strings(&self) -> Vec<String> {
        self.exact.iter().map(|x| x.to_string()).collect()
    }
}

/// Computes the nucleolus (`prefer = Nucleolus`, over imputations when they exist) or the
/// prenucleolus, exactly, and certifies it.
///
/// ```
/// use comity::coop::{NucleolusKind, TuGame, nucleolus};
/// // v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120. By hand: x_0 = 30 - 10/3,
/// // x_1 = 40 - 10/3, x_2 = 60 - 10/3 equalise the pair excesses at -10/3.
/// let g = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0])?;
/// let nu = nucleolus(&g, NucleolusKind::Nucleolus)?;
/// assert_eq!(nu.exact_strings(), ["80/3", "110/3", "170/3"]);
/// assert_eq!(nu.kind, NucleolusKind::Nucleolus);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nucleolus(game: &TuGame, prefer: NucleolusKind) -> Result<Nucleolus, CoopError> {
    nucleolus_cancellable(game, prefer, &CancelToken::new())
}

/// [`nucleolus`], stopping with [`CoopError::Interrupted`] once `cancel` is cancelled (from
/// another thread, say on Ctrl-C).
///
/// The token is checked before each stage, at each round of the stage's column generation
/// (one pass over every coalition), between the certificate's passes over the coalitions,
/// and in its level-by-level check per threshold (before and after each sort of the
/// coalitions) and per excess level: a cancelled solve stops within one such pass (tens of milliseconds at 22
/// players), and an uncancelled one pays nothing measurable for the checks.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::coop::{CoopError, NucleolusKind, TuGame, nucleolus_cancellable};
/// let g = TuGame::from_values(3, vec![0.0, 0.0, 0.0, 60.0, 0.0, 80.0, 90.0, 120.0])?;
/// let token = CancelToken::new();
/// let nu = nucleolus_cancellable(&g, NucleolusKind::Nucleolus, &token)?;
/// assert_eq!(nu.exact_strings(), ["80/3", "110/3", "170/3"]);
/// token.cancel();
/// let err = nucleolus_cancellable(&g, NucleolusKind::Nucleolus, &token).unwrap_err();
/// assert!(matches!(err, CoopError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nucleolus_cancellable(
    game: &TuGame,
    prefer: NucleolusKind,
    cancel: &CancelToken,
) -> Result<Nucleolus, CoopError> {
    nucleolus_with_pivot_limit(game, prefer, coalition_simplex::MAX_PIVOTS, cancel)
}

/// [`nucleolus`] with the simplex's pivot limit given, so that the tests can force the
/// fallback.
fn nucleolus_with_pivot_limit(
    game: &TuGame,
    prefer: NucleolusKind,
    max_pivots: usize,
    cancel: &CancelToken,
) -> Result<Nucleolus, CoopError> {
    nucleolus_with_fallback_hook(game, prefer, max_pivots, cancel, &|| {})
}

/// [`nucleolus_with_pivot_limit`] calling `before_fallback` when the simplex has failed and
/// microlp is about to start, so that a test can cancel exactly there.
fn nucleolus_with_fallback_hook(
    game: &TuGame,
    prefer: NucleolusKind,
    max_pivots: usize,
    cancel: &CancelToken,
    before_fallback: &dyn Fn(),
) -> Result<Nucleolus, CoopError> {
    check_nucleolus_size(game)?;
    cancel.check()?;
    // The stages by the dedicated simplex; should it fail (a pivot limit, a singular basis) or
    // its result fail the certificate, by microlp, slower but independent. The reason goes
    // into the result: a simplex that always failed would otherwise show only as slowness.
    let fast = match nucleolus_by(game, prefer, StageSolver::Simplex { max_pivots }, cancel) {
        Ok(nu) => return Ok(nu),
        // A cancelled solve stops: no fallback.
        Err(e @ CoopError::Interrupted(_)) => return Err(e),
        Err(e) => e,
    };
    before_fallback();
    match nucleolus_by(game, prefer, StageSolver::Microlp, cancel) {
        Ok(nu) => Ok(Nucleolus { fallback: Some(format!("the dedicated simplex: {fast}")), ..nu }),
        // Cancelled during the fallback: an interruption, not a failure to certify.
        Err(e @ CoopError::Interrupted(_)) => Err(e),
        // The same failure both ways (the certificate's size limit, say) is the game's, said
        // once; different failures are both said.
        Err(slow) if slow.to_string() == fast.to_string() => Err(slow),
        Err(slow) => Err(CoopError::NotCertified {
            message: format!(
                "the nucleolus failed by the dedicated simplex ({fast}) and by microlp ({slow})"
            ),
        }),
    }
}

/// How the stages' LPs are solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StageSolver {
    /// The dense simplex with column generation of [`super::coalition_simplex`]: one warm
    /// solve per stage, at most `max_pivots` pivots.
    Simplex {
        /// The pivot limit of each stage.
        max_pivots: usize,
    },
    /// good_lp with microlp: per stage a primal by rounds of constraint generation, then its
    /// dual over the tight coalitions.
    Microlp,
}

fn nucleolus_by(
    game: &TuGame,
    prefer: NucleolusKind,
    solver: StageSolver,
    cancel: &CancelToken,
) -> Result<Nucleolus, CoopError> {
    let n = game.n();
    let grand = game.grand();
    // Exact values are made on demand: the LPs need none, the exact system only the fixed
    // coalitions', and the certificate streams over the rest (a table of 2^n fractions would
    // be the largest allocation of all).
    let value_of = |s: usize| decimal(game.value(s));
    let singles: BigRational = (0..n).map(|i| value_of(1 << i)).sum();
    let kind = if prefer == NucleolusKind::Nucleolus && singles <= value_of(grand) {
        NucleolusKind::Nucleolus
    } else {
        NucleolusKind::Prenucleolus
    };
    let bounded = kind == NucleolusKind::Nucleolus;
    // The LPs run on the game scaled to values of at most 1 (see `normalised`); which
    // coalitions they fix does not depend on the scale, and the exact solve and certificate
    // below use the original values.
    let original = game;
    let (normal, value_scale) = normalised(game);
    let game = &normal;

    let mut span = Span::new(n);
    span.add(grand);
    let mut state = Fixed {
        coalitions: Vec::new(),
        independent: Vec::new(),
        independent_bounds: Vec::new(),
        excesses: Vec::new(),
        bounds: Vec::new(),
        bounded,
    };
    // The coalitions not yet fixed, as `u32` (n <= 25): with `sums` below, the working set of
    // 12 bytes per coalition beside the game's own 8 (and the normalised copy's 8).
    let mut free: Vec<u32> = (1..grand as u32).collect();
    let mut sums = vec![0.0; grand + 1];
    let mut lps = 0;
    // A starting point for choosing the first constraints: equal split of v(N).
    let mut hint = vec![game.value(grand) / n as f64; n];
    // The previous stage's generated constraints that are still free: most stay relevant, so
    // the next stage starts from them rather than from scratch.
    let mut carried: Vec<usize> = Vec::new();
    while span.rank < n {
        cancel.check()?;
        let stage = match solver {
            StageSolver::Simplex { max_pivots } => {
                stage_by_simplex(game, &free, &state, &hint, &carried, &mut sums, max_pivots, cancel)?
            }
            StageSolver::Microlp => {
                stage_by_microlp(game, &free, &state, &hint, &carried, &mut sums, cancel)?
            }
        };
        lps += stage.lps;
        hint = stage.x;
        let k = state.excesses.len();
        state.excesses.push(stage.epsilon);
        // Dual weights sum to 1 and carry no payoff units: their threshold does not scale.
        let positive = 1e-9;
        for &(s, y) in &stage.weights {
            if y > positive {
                state.coalitions.push((s, k));
                if span.add(s) {
                    state.independent.push((s, k));
                }
            }
        }
        for (i, &u) in stage.bound_weights.iter().enumerate() {
            if u > positive && !state.bounds.contains(&i) {
                // Every tight bound enters the exact system (it may pin a stage's excess even
                // when it adds no rank in x); the LPs see only those that add rank.
                state.bounds.push(i);
                if span.add(1 << i) {
                    state.independent_bounds.push(i);
                }
            }
        }
        let before = free.len();
        span.retain_outside(&mut free, &mut sums);
        carried = stage.active.into_iter().filter(|&s| s.count_ones() != 1 && !span.contains(s)).collect();
        if free.len() == before {
            return Err(CoopError::NotCertified { message: "a nucleolus stage fixed no coalition".into() });
        }
    }
    drop(free);
    drop(sums);
    // The certificate's working set takes the normalised copy's place.
    drop(normal);

    cancel.check()?;
    let exact = exact_allocation(n, value_of, &state)?;
    let lowest_stage = state.excesses.iter().fold(f64::INFINITY, |a, &e| a.min(e)) * value_scale;
    lps += certify(original, &exact, bounded, lowest_stage, cancel)?;
    Ok(Nucleolus {
        kind,
        allocation: exact.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect(),
        exact,
        stage_excesses: state.excesses.iter().map(|e| e * value_scale).collect(),
        lps_solved: lps,
        fallback: None,
    })
}

/// One stage solved: its excess, an optimal `x`, the dual weights of the coalitions and of the
/// imputation bounds (positive weights mark what is tight in every optimum), the LPs it took
/// and the coalitions it generated.
struct Stage {
    epsilon: f64,
    x: Vec<f64>,
    weights: Vec<(usize, f64)>,
    bound_weights: Vec<f64>,
    lps: usize,
    active: Vec<usize>,
}

/// The first coalitions to consider in a stage: the free singletons (which bound `epsilon`
/// when all are free), `carried`, and the `4n` coalitions of largest excess at `hint`.
pub(super) fn first_constraints(
    game: &TuGame,
    free: &[u32],
    hint: &[f64],
    carried: &[usize],
    sums: &mut [f64],
) -> Vec<usize> {
    coalition_sums(hint, sums);
    let mut active: Vec<usize> = free.iter().map(|&s| s as usize).filter(|s| s.count_ones() == 1).collect();
    active.extend(carried);
    active.extend(
        largest_excesses(free, |s| game.value(s) - sums[s], f64::NEG_INFINITY, 4 * game.n())
            .into_iter()
            .filter(|s| s.count_ones() != 1 && !carried.contains(s)),
    );
    active
}

/// Stage `k` as its dual (see [`stage_dual`]) solved by [`coalition_simplex`] with the free
/// coalitions as generated columns. The row prices are the stage's `x` and `epsilon`, and the
/// optimal basis's weights are an optimal dual solution over all free coalitions, so their
/// positive entries are tight in every optimal `x` (complementary slackness): the stage needs
/// no second LP.
// The stage's inputs are distinct borrows of the solve's state; a struct for this one call
// site would only rename them.
#[allow(clippy::too_many_arguments)]
fn stage_by_simplex(
    game: &TuGame,
    free: &[u32],
    state: &Fixed,
    hint: &[f64],
    carried: &[usize],
    sums: &mut [f64],
    max_pivots: usize,
    cancel: &CancelToken,
) -> Result<Stage, CoopError> {
    let n = game.n();
    let indicator = |s: usize, sign: f64| -> Vec<f64> {
        let mut e: Vec<f64> = (0..n).map(|i| sign * (s >> i & 1) as f64).collect();
        e.push(0.0);
        e
    };
    // Free-sign weights as pairs of columns of opposite signs.
    let mut explicit = Vec::new();
    let pair = |s: usize, cost: f64, explicit: &mut Vec<Column>| {
        for sign in [1.0, -1.0] {
            explicit.push(Column { entries: indicator(s, sign), cost: sign * cost });
        }
    };
    for &(s, k) in &state.independent {
        pair(s, game.value(s) - state.excesses[k], &mut explicit);
    }
    pair(game.grand(), game.value(game.grand()), &mut explicit);
    // Bound weights: (player, sign) of each bound column.
    let mut bound_columns = Vec::new();
    if state.bounded {
        for i in 0..n {
            if state.independent_bounds.contains(&i) {
                pair(1 << i, game.value(1 << i), &mut explicit);
                bound_columns.extend([(i, 1.0), (i, -1.0)]);
            } else {
                explicit.push(Column { entries: indicator(1 << i, 1.0), cost: game.value(1 << i) });
                bound_columns.push((i, 1.0));
            }
        }
    }
    let bounds_from = explicit.len() - bound_columns.len();
    let initial = first_constraints(game, free, hint, carried, sums);
    let problem = Problem {
        n,
        explicit: &explicit,
        coalition_cost: |s| game.value(s),
        coalitions: free,
        tolerance: TOLERANCE * scale(game),
        batch: 4 * n,
        max_pivots,
    };
    let optimum = coalition_simplex::solve(&problem, &initial, sums, cancel)?;
    let mut bound_weights = vec![0.0; n];
    for (&(i, sign), w) in bound_columns.iter().zip(&optimum.explicit_weights[bounds_from..]) {
        bound_weights[i] += sign * w;
    }
    Ok(Stage {
        epsilon: optimum.prices[n],
        x: optimum.prices[..n].to_vec(),
        weights: optimum.coalition_weights,
        bound_weights,
        lps: 1,
        active: optimum.pool,
    })
}

/// Stage `k` by microlp: the primal by constraint generation, then the dual over the
/// coalitions tight at the primal optimum (every optimal dual solution lives on those).
fn stage_by_microlp(
    game: &TuGame,
    free: &[u32],
    state: &Fixed,
    hint: &[f64],
    carried: &[usize],
    sums: &mut [f64],
    cancel: &CancelToken,
) -> Result<Stage, CoopError> {
    let tol = TOLERANCE * scale(game);
    let primal = stage_primal(game, free, state, hint, carried, sums, cancel)?;
    coalition_sums(&primal.x, sums);
    let tight: Vec<usize> = free
        .iter()
        .map(|&s| s as usize)
        .filter(|&s| game.value(s) - sums[s] >= primal.epsilon - tol)
        .collect();
    let dual = stage_dual(game, &tight, state)?;
    Ok(Stage {
        epsilon: dual.epsilon,
        x: primal.x,
        weights: tight.into_iter().zip(dual.weights).collect(),
        bound_weights: dual.bound_weights,
        lps: primal.lps + 1,
        active: primal.active,
    })
}

/// The most players for [`nucleolus`]: every [`TuGame`] (25 players). Its memory is the game's
/// table of `2^n` values plus a working set of [`NUCLEOLUS_BYTES_PER_COALITION`] per coalition
/// (the LPs themselves hold only the coalitions generated as constraints).
///
/// ```
/// use comity::coop::{MAX_NUCLEOLUS_PLAYERS, TuGame};
/// assert_eq!(MAX_NUCLEOLUS_PLAYERS, TuGame::MAX_PLAYERS);
/// ```
pub const MAX_NUCLEOLUS_PLAYERS: usize = TuGame::MAX_PLAYERS;

/// The nucleolus's working set per coalition beside the game's own 8 bytes, the larger of its
/// two phases: while the LPs run, the normalised copy of the values (8), the coalition sums
/// (8) and the free list (4); then, for the certificate, the exact excesses (16 as `i128`, or
/// 8 per 64 bits of the widest scaled excess in the rare wider case, 32 up to 254 bits) and
/// their order (4). Excesses wider than 254 bits (values of more than about 70 significant
/// digits over a common denominator) add 8 bytes per 64 bits beyond, up to the working set of
/// the largest game (this many bytes for each of the `2^25` coalitions of
/// [`MAX_NUCLEOLUS_PLAYERS`], 1.125 GiB); values spanning more orders of magnitude than that
/// allows are refused.
///
/// ```
/// use comity::coop::NUCLEOLUS_BYTES_PER_COALITION;
/// // 22 players: 2^22 coalitions, the game's 32 MiB plus about 144 MiB of working set.
/// assert!(((1u64 << 22) as f64 * NUCLEOLUS_BYTES_PER_COALITION / (1u64 << 20) as f64 - 144.0).abs() < 1.0);
/// ```
pub const NUCLEOLUS_BYTES_PER_COALITION: f64 = 36.0;

/// The most bytes the exact excesses may take: the working set of the largest game.
const WIDE_EXCESS_BUDGET: u128 = (NUCLEOLUS_BYTES_PER_COALITION as u128) << MAX_NUCLEOLUS_PLAYERS;

/// Refuses exact excesses of `limbs` words for each of the `2^n` coalitions (and their 4-byte
/// order) when they would exceed [`WIDE_EXCESS_BUDGET`].
fn check_wide_excess_size(n: usize, limbs: usize) -> Result<(), CoopError> {
    let bytes = (8 * limbs as u128 + 4) << n;
    if bytes > WIDE_EXCESS_BUDGET {
        let gib = |b: u128| b as f64 / (1u64 << 30) as f64;
        return Err(CoopError::NotCertified {
            message: format!(
                "the nucleolus's exact excesses need {} bits per coalition, about {:.1} GiB over 2^{n} coalitions; the limit is {:.3} GiB ({NUCLEOLUS_BYTES_PER_COALITION} bytes for each of the 2^{MAX_NUCLEOLUS_PLAYERS} coalitions of {MAX_NUCLEOLUS_PLAYERS} players): the game's values span too many orders of magnitude; expected fewer players or values closer in magnitude",
                64 * limbs,
                gib(bytes),
                gib(WIDE_EXCESS_BUDGET),
            ),
        });
    }
    Ok(())
}

fn check_nucleolus_size(game: &TuGame) -> Result<(), CoopError> {
    // Every TuGame is within the limit today; the check keeps the limit stated in one place
    // should TuGame grow.
    let n = game.n();
    if n > MAX_NUCLEOLUS_PLAYERS {
        let coalitions = 1u64 << n;
        return Err(CoopError::TooManyPlayers {
            method: "the nucleolus",
            n,
            coalitions,
            gib: coalitions as f64 * (8.0 + NUCLEOLUS_BYTES_PER_COALITION) / (1u64 << 30) as f64,
            max: MAX_NUCLEOLUS_PLAYERS,
        });
    }
    Ok(())
}

/// `x(S)` for every coalition `S` into `sums` (length `2^n`), each from `S` without its lowest
/// member: one addition per coalition instead of `|S|`.
fn coalition_sums(x: &[f64], sums: &mut [f64]) {
    sums[0] = 0.0;
    for s in 1..sums.len() {
        sums[s] = sums[s & (s - 1)] + x[s.trailing_zeros() as usize];
    }
}

/// What earlier stages fixed: coalitions with the stage at which each was fixed, each stage's
/// excess, imputation bounds that hold with equality, and whether bounds apply at all.
struct Fixed {
    /// Every fixed coalition (all enter the exact system).
    coalitions: Vec<(usize, usize)>,
    /// The fixed coalitions that raised the rank: the only ones the LPs see, since dependent
    /// equalities with rounded right-hand sides can be slightly inconsistent, which an LP
    /// solver reads as infeasibility once the values are large.
    independent: Vec<(usize, usize)>,
    /// The bounds among `bounds` that raised the rank, for the LPs.
    independent_bounds: Vec<usize>,
    excesses: Vec<f64>,
    bounds: Vec<usize>,
    bounded: bool,
}

struct StagePrimal {
    x: Vec<f64>,
    epsilon: f64,
    lps: usize,
    /// The coalitions generated as constraints.
    active: Vec<usize>,
}

/// The `k` coalitions of `free` with the largest `excess` above `floor`, by a bounded heap (no
/// table of all coalitions sorted).
fn largest_excesses(free: &[u32], excess: impl Fn(usize) -> f64, floor: f64, k: usize) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    /// An excess ordered totally (`f64::total_cmp`), for the heap.
    struct Key(f64);
    impl PartialEq for Key {
        fn eq(&self, other: &Self) -> bool {
            self.cmp(other).is_eq()
        }
    }
    impl Eq for Key {}
    impl PartialOrd for Key {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Key {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0)
        }
    }
    let mut heap: BinaryHeap<Reverse<(Key, u32)>> = BinaryHeap::with_capacity(k + 1);
    for &s in free {
        let e = excess(s as usize);
        if e <= floor || (heap.len() == k && heap.peek().is_some_and(|Reverse((m, _))| e <= m.0)) {
            continue;
        }
        heap.push(Reverse((Key(e), s)));
        if heap.len() > k {
            heap.pop();
        }
    }
    heap.into_iter().map(|Reverse((_, s))| s as usize).collect()
}

/// The least core's `epsilon`, an allocation attaining it, and dual weights (coalition, weight).
pub(super) type LeastCoreLp = (f64, Vec<f64>, Vec<(usize, f64)>);

/// The least core's LP (the prenucleolus's first stage, nothing fixed) by microlp with
/// constraint generation: the least core's fallback should the dedicated simplex fail. Its
/// `epsilon` and `x`, on `game` as given (the caller normalises), and the dual's weights on
/// the generated coalitions (a balanced collection whose value bounds `epsilon` from below, for
/// the caller to check). `sums` is working space of `2^n` values.
pub(super) fn least_core_by_microlp(
    game: &TuGame,
    coalitions: &[u32],
    sums: &mut [f64],
    cancel: &CancelToken,
) -> Result<LeastCoreLp, CoopError> {
    let state = Fixed {
        coalitions: Vec::new(),
        independent: Vec::new(),
        independent_bounds: Vec::new(),
        excesses: Vec::new(),
        bounds: Vec::new(),
        bounded: false,
    };
    let hint = vec![game.value(game.grand()) / game.n() as f64; game.n()];
    let primal = stage_primal(game, coalitions, &state, &hint, &[], sums, cancel)?;
    cancel.check()?;
    // The dual over the generated rows only: feasible for the whole dual (the other weights
    // zero), so its value is a lower bound on the least core's epsilon.
    let dual = stage_dual(game, &primal.active, &state)?;
    let weights = primal.active.iter().copied().zip(dual.weights).collect();
    Ok((primal.epsilon, primal.x, weights))
}

/// Stage `k`'s primal: minimise `epsilon` with `x(S) + epsilon >= v(S)` for free coalitions,
/// earlier stages' coalitions at their excesses, `x(N) = v(N)` and (for the nucleolus)
/// `x_i >= v(i)`. Constraints are generated: start with the singletons (which bound
/// `epsilon`) and the coalitions of largest excess at `hint`, then add the most violated
/// coalitions until none is violated; `carried` (the previous stage's constraints still free)
/// start in the LP too. `sums` is working space of `2^n` values.
fn stage_primal(
    game: &TuGame,
    free: &[u32],
    state: &Fixed,
    hint: &[f64],
    carried: &[usize],
    sums: &mut [f64],
    cancel: &CancelToken,
) -> Result<StagePrimal, CoopError> {
    let n = game.n();
    let tol = TOLERANCE * scale(game);
    let batch = 4 * n;
    let mut active = first_constraints(game, free, hint, carried, sums);
    let mut lps = 0;
    loop {
        // Once per round of constraint generation (an LP and a pass over every coalition).
        cancel.check()?;
        let mut vars = ProblemVariables::new();
        let x: Vec<Expression> = (0..n)
            .map(|i| {
                if state.bounded {
                    // x_i = v(i) + a non-negative part: the imputation bound, no split needed.
                    game.value(1 << i) + Expression::from(vars.add(variable().min(0.0)))
                } else {
                    free_variable(&mut vars)
                }
            })
            .collect();
        let eps = free_variable(&mut vars);
        let mut model = vars.minimise(eps.clone()).using(microlp);
        let sum =
            |s: usize| -> Expression { (0..n).filter(|&i| s >> i & 1 == 1).map(|i| x[i].clone()).sum() };
        model = model.with(sum(game.grand()).eq(game.value(game.grand())));
        for &(s, k) in &state.independent {
            model = model.with(sum(s).eq(game.value(s) - state.excesses[k]));
        }
        for &i in &state.independent_bounds {
            model = model.with(x[i].clone().eq(game.value(1 << i)));
        }
        for &s in &active {
            model = model.with((sum(s) + eps.clone()).geq(game.value(s)));
        }
        let solution =
            model.solve().map_err(|e| CoopError::Solver { message: format!("stage primal LP: {e}") })?;
        lps += 1;
        let xv: Vec<f64> = x.iter().map(|e| solution.eval(e)).collect();
        let epsilon = solution.eval(&eps);
        coalition_sums(&xv, sums);
        let violated = largest_excesses(free, |s| game.value(s) - sums[s], epsilon + tol, batch);
        if violated.is_empty() {
            return Ok(StagePrimal { x: xv, epsilon, lps, active });
        }
        // A coalition already in the LP and still violated means microlp's answer breaks its
        // own constraints beyond the tolerance: adding it again would loop for ever.
        let before = active.len();
        active.extend(violated.into_iter().filter(|s| !active.contains(s)).collect::<Vec<_>>());
        if active.len() == before {
            return Err(CoopError::Solver {
                message: format!(
                    "stage primal LP: microlp's answer violates its own constraints beyond {tol:e}"
                ),
            });
        }
    }
}

struct StageDual {
    epsilon: f64,
    weights: Vec<f64>,
    bound_weights: Vec<f64>,
}

/// The dual of stage `k`: maximise `sum y_S v(S) + sum z_T (v(T) - eps_T) + sum u_i v(i)` over
/// `y >= 0` (free coalitions), `z` free (fixed coalitions and the grand coalition), `u >= 0`
/// (imputation bounds; free sign once a bound is fixed), with
/// `sum_{S ∋ i} y_S + sum_{T ∋ i} z_T + u_i = 0` for each player and `sum y_S = 1`.
fn stage_dual(game: &TuGame, free: &[usize], state: &Fixed) -> Result<StageDual, CoopError> {
    let n = game.n();
    let mut vars = ProblemVariables::new();
    let y: Vec<Variable> = free.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let z: Vec<Expression> = (0..=state.independent.len()).map(|_| free_variable(&mut vars)).collect();
    let u: Vec<Expression> = (0..n)
        .map(|i| match (state.bounded, state.independent_bounds.contains(&i)) {
            (false, _) => Expression::from(0.0),
            (true, false) => vars.add(variable().min(0.0)).into(),
            (true, true) => free_variable(&mut vars),
        })
        .collect();
    let mut objective = Expression::from(0.0);
    for (&s, &yv) in free.iter().zip(&y) {
        objective += game.value(s) * yv;
    }
    objective += game.value(game.grand()) * z[state.independent.len()].clone();
    for (&(s, k), zv) in state.independent.iter().zip(&z) {
        objective += (game.value(s) - state.excesses[k]) * zv.clone();
    }
    for (i, uv) in u.iter().enumerate() {
        objective += game.value(1 << i) * uv.clone();
    }
    let mut model = vars.maximise(objective.clone()).using(microlp);
    let mut per_player: Vec<Expression> = u.clone();
    for (&s, &yv) in free.iter().zip(&y) {
        add_members(&mut per_player, s, &yv.into());
    }
    for (&(s, _), zv) in state.independent.iter().zip(&z) {
        add_members(&mut per_player, s, zv);
    }
    add_members(&mut per_player, game.grand(), &z[state.independent.len()]);
    for e in per_player {
        model = model.with(e.eq(0.0));
    }
    let total: Expression = y.iter().copied().sum();
    model = model.with(total.eq(1.0));
    let solution = model.solve().map_err(|e| CoopError::Solver { message: format!("stage dual LP: {e}") })?;
    Ok(StageDual {
        epsilon: solution.eval(&objective),
        weights: y.iter().map(|&v| solution.value(v)).collect(),
        bound_weights: u.iter().map(|v| solution.eval(v)).collect(),
    })
}

fn add_members(per_player: &mut [Expression], s: usize, v: &Expression) {
    for (i, e) in per_player.iter_mut().enumerate() {
        if s >> i & 1 == 1 {
            *e += v.clone();
        }
    }
}

/// Solves `x(S) + eps_k = v(S)` (fixed coalitions), `x(N) = v(N)`, `x_i = v(i)` (fixed bounds)
/// exactly for `x` and the stage excesses.
fn exact_allocation(
    n: usize,
    value_of: impl Fn(usize) -> BigRational,
    state: &Fixed,
) -> Result<Vec<BigRational>, CoopError> {
    let unknowns = n + state.excesses.len();
    let grand = (1usize << n) - 1;
    let mut equations: Vec<(Vec<f64>, usize, Option<usize>)> = Vec::new(); // (row, coalition, stage)
    let row = |s: usize, k: Option<usize>| -> Vec<f64> {
        let mut r: Vec<f64> = (0..n).map(|i| (s >> i & 1) as f64).collect();
        r.resize(unknowns, 0.0);
        if let Some(k) = k {
            r[n + k] = 1.0;
        }
        r
    };
    equations.push((row(grand, None), grand, None));
    equations.extend(state.bounds.iter().map(|&i| (row(1 << i, None), 1 << i, None)));
    equations.extend(state.coalitions.iter().map(|&(s, k)| (row(s, Some(k)), s, Some(k))));
    // A square, independent subset, chosen in floating point and solved exactly; the rest are
    // then checked exactly.
    let mut basis = Basis::new(unknowns);
    let chosen: Vec<&(Vec<f64>, usize, Option<usize>)> =
        equations.iter().filter(|e| basis.add(&e.0)).collect();
    let to_exact = |(r, s, _): &(Vec<f64>, usize, Option<usize>)| -> (Vec<BigRational>, BigRational) {
        (r.iter().map(|&c| BigRational::from_integer((c as i64).into())).collect(), value_of(*s))
    };
    let system: Vec<_> = chosen.into_iter().map(to_exact).collect();
    let solution = solve(&system, unknowns)
        .ok_or_else(|| CoopError::NotCertified { message: "the nucleolus system is singular".into() })?;
    for e in &equations {
        let (coeffs, rhs) = to_exact(e);
        let lhs: BigRational =
            coeffs.iter().zip(&solution).filter(|(c, _)| !c.is_zero()).map(|(c, x)| c * x).sum();
        if lhs != rhs {
            return Err(CoopError::NotCertified {
                message: "the nucleolus equations are inconsistent".into(),
            });
        }
    }
    Ok(solution[..n].to_vec())
}

/// Kohlberg's criterion on the exact allocation; returns the number of LPs solved.
///
/// The excesses are exact integers over one common denominator: `i128` when they fit (always,
/// for whole-number games of sensible size), big integers otherwise. Only the levels down to
/// the one where the collection spans are examined; they are found among the coalitions whose
/// excess is at least a little below the LPs' lowest stage excess (`lowest_stage`), and the
/// search widens to every coalition if they do not span.
fn certify(
    game: &TuGame,
    x: &[BigRational],
    bounded: bool,
    lowest_stage: f64,
    cancel: &CancelToken,
) -> Result<usize, CoopError> {
    let n = game.n();
    let grand = game.grand();
    let fail = |message: String| CoopError::NotCertified { message };
    let value_of = |s: usize| decimal(game.value(s));
    let efficient: BigRational = x.iter().sum();
    if efficient != value_of(grand) {
        return Err(fail("the allocation is not efficient".into()));
    }
    let singles_at_bound: Vec<usize> = if bounded {
        if (0..n).any(|i| x[i] < value_of(1 << i)) {
            return Err(fail("the allocation is not an imputation".into()));
        }
        (0..n).filter(|&i| x[i] == value_of(1 << i)).collect()
    } else {
        Vec::new()
    };
    let whole = game.values().iter().all(|v| v.fract() == 0.0 && v.abs() < 9.0e15);
    let mut denominator = x.iter().fold(BigInt::one(), |d, v| d.lcm(v.denom()));
    if !whole {
        for s in 0..=grand {
            denominator = denominator.lcm(value_of(s).denom());
        }
    }
    let scaled = |v: &BigRational| -> BigInt { v.numer() * (&denominator / v.denom()) };
    let scaled_x: Vec<BigInt> = x.iter().map(scaled).collect();
    let levels = Levels { n, singles_at_bound: &singles_at_bound, denominator: &denominator };
    // |D v(S)| + sum |D x_i| bounds every scaled excess and partial sum.
    let largest = scale(game) * denominator.to_f64().unwrap_or(f64::INFINITY)
        + scaled_x.iter().map(|v| v.to_f64().unwrap_or(f64::INFINITY).abs()).sum::<f64>();
    if let (Some(d), true) = (denominator.to_i128(), largest < 2f64.powi(120)) {
        let small_x: Vec<i128> = scaled_x.iter().map(|v| v.to_i128().unwrap_or_default()).collect();
        let mut excess = vec![0i128; grand + 1];
        for s in 1..=grand {
            excess[s] = excess[s & (s - 1)] + small_x[s.trailing_zeros() as usize];
        }
        cancel.check()?;
        for (s, e) in excess.iter_mut().enumerate() {
            let v = if whole {
                game.value(s) as i64 as i128 * d
            } else {
                scaled(&value_of(s)).to_i128().unwrap_or_default()
            };
            *e = v - *e;
        }
        // A margin far above the LP tolerance, then wider and wider, then everything.
        let spread = scale(game);
        let start = lowest_stage - 1e-6 * spread;
        let thresholds = (0..6)
            .map(|k| start - spread * ((1u64 << (2 * k)) - 1) as f64)
            .filter(|t| t.is_finite())
            .map(|t| Some((t * d as f64).floor() as i128))
            .chain(std::iter::once(None));
        cancel.check()?;
        levels.check(|s| excess[s], thresholds, |e| BigInt::from(*e), cancel)
    } else {
        // Wider excesses: fixed-width two's complement in one flat array (`limbs` words per
        // coalition), so that the working set stays `8 limbs + 4` bytes per coalition rather
        // than a big integer's header and heap block each.
        // |excess| <= |D v(S)| + n max |D x_i|, and n <= 25 < 2^5; one more bit for the sign.
        let mut widest = scaled_x.iter().map(|v| v.bits()).max().unwrap_or(0) + 5;
        for s in 0..=grand {
            widest = widest.max(scaled(&value_of(s)).bits());
        }
        let limbs = (widest as usize + 2).div_ceil(64);
        check_wide_excess_size(n, limbs)?;
        let wide_x: Vec<Vec<u64>> = scaled_x.iter().map(|v| to_limbs(v, limbs)).collect();
        let mut excess = vec![0u64; (grand + 1) * limbs];
        for s in 1..=grand {
            let (done, rest) = excess.split_at_mut(s * limbs);
            let below = s & (s - 1);
            add_limbs(
                &mut rest[..limbs],
                &done[below * limbs..(below + 1) * limbs],
                &wide_x[s.trailing_zeros() as usize],
            );
        }
        for s in 0..=grand {
            let cell = &mut excess[s * limbs..(s + 1) * limbs];
            let value = to_limbs(&scaled(&value_of(s)), limbs);
            let sum = cell.to_vec();
            sub_limbs(cell, &value, &sum);
        }
        cancel.check()?;
        let at = |s: usize| Wide(&excess[s * limbs..(s + 1) * limbs]);
        levels.check(at, std::iter::once(None), |w| from_limbs(w.0), cancel)
    }
}

/// An integer in fixed-width two's complement, least significant word first; ordered as the
/// integer it stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Wide<'a>(&'a [u64]);

impl Ord for Wide<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let top = self.0.len() - 1;
        (self.0[top] as i64)
            .cmp(&(other.0[top] as i64))
            .then_with(|| self.0[..top].iter().rev().cmp(other.0[..top].iter().rev()))
    }
}

impl PartialOrd for Wide<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// `v` in `limbs` words of two's complement (`v` must fit).
fn to_limbs(v: &BigInt, limbs: usize) -> Vec<u64> {
    let fill = if v.sign() == num_bigint::Sign::Minus { u64::MAX } else { 0 };
    let mut words: Vec<u64> = v
        .to_signed_bytes_le()
        .chunks(8)
        .map(|c| {
            let mut b = [fill as u8; 8];
            b[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(b)
        })
        .collect();
    words.resize(limbs, fill);
    words
}

fn from_limbs(words: &[u64]) -> BigInt {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    BigInt::from_signed_bytes_le(&bytes)
}

/// `out = a + b` (wrapping at the width, which the caller sizes so that nothing wraps).
fn add_limbs(out: &mut [u64], a: &[u64], b: &[u64]) {
    let mut carry = false;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let (s1, c1) = x.overflowing_add(y);
        let (s2, c2) = s1.overflowing_add(carry as u64);
        *o = s2;
        carry = c1 || c2;
    }
}

/// `out = a - b`, as [`add_limbs`].
fn sub_limbs(out: &mut [u64], a: &[u64], b: &[u64]) {
    let mut borrow = false;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(borrow as u64);
        *o = d2;
        borrow = b1 || b2;
    }
}

/// Kohlberg's level-by-level check over exact scaled excesses.
struct Levels<'a> {
    n: usize,
    singles_at_bound: &'a [usize],
    denominator: &'a BigInt,
}

impl Levels<'_> {
    /// Walks the levels of `excess` (indexed by coalition) from the top, among the coalitions at
    /// or above each threshold in turn (`None`: all), until the collection spans; a threshold
    /// whose coalitions do not span is followed by the next. Returns the LPs solved.
    fn check<T: Ord + Clone>(
        &self,
        excess: impl Fn(usize) -> T,
        thresholds: impl Iterator<Item = Option<T>>,
        to_big: impl Fn(&T) -> BigInt,
        cancel: &CancelToken,
    ) -> Result<usize, CoopError> {
        let n = self.n;
        let grand = (1usize << n) - 1;
        let mut lps = 0;
        for threshold in thresholds {
            // Checkpoints per threshold (before its filter and sort of up to 2^n coalitions),
            // after the sort and per level (each may solve an LP).
            cancel.check()?;
            // Coalitions as `u32` indices (n <= 25) sorted by excess: 4 bytes each beside the
            // excesses, where pairs of excess and index would double the working set.
            let mut order: Vec<u32> = (1..grand)
                .filter(|&s| threshold.as_ref().is_none_or(|t| excess(s) >= *t))
                .map(|s| s as u32)
                .collect();
            order.sort_by_key(|&s| std::cmp::Reverse(excess(s as usize)));
            cancel.check()?;
            let mut span = Span::new(n);
            let mut collection: Vec<usize> = Vec::new();
            let mut start = 0;
            while start < order.len() && span.rank < n {
                cancel.check()?;
                let level = excess(order[start] as usize);
                let end = start + order[start..].iter().take_while(|&&s| excess(s as usize) == level).count();
                let mut grew = false;
                for &s in &order[start..end] {
                    collection.push(s as usize);
                    grew |= span.add(s as usize);
                }
                if grew {
                    lps += 1;
                    if !balanced(n, &collection, self.singles_at_bound)? {
                        return Err(CoopError::NotCertified {
                            message: format!(
                                "Kohlberg's criterion fails at excess level {}: the coalitions at or above it are not balanced",
                                BigRational::new(to_big(&level), self.denominator.clone())
                            ),
                        });
                    }
                }
                start = end;
            }
            if span.rank == n || threshold.is_none() {
                return Ok(lps);
            }
        }
        Ok(lps)
    }
}

/// Whether `collection` (with optional singletons `extra` at non-negative weight) is balanced:
/// positive weights `lambda_S` with `sum lambda_S 1_S (+ sum mu_i e_i) = 1_N`. The weights come
/// from an LP (maximise their minimum) and are then corrected onto the equality exactly and
/// checked for positivity in exact arithmetic.
fn balanced(n: usize, collection: &[usize], extra: &[usize]) -> Result<bool, CoopError> {
    // lambda_S = t + slack_S with slack_S >= 0, so that the LP keeps only the n equality rows.
    let mut vars = ProblemVariables::new();
    let t = vars.add(variable().min(0.0).max(1.0));
    let slack: Vec<Variable> = collection.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let mu: Vec<Variable> = extra.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let mut model = vars.maximise(t).using(microlp);
    for i in 0..n {
        let covering = collection.iter().filter(|&&s| s >> i & 1 == 1).count() as f64;
        let mut e = covering * t;
        for (&s, &l) in collection.iter().zip(&slack) {
            if s >> i & 1 == 1 {
                e += l;
            }
        }
        for (&j, &m) in extra.iter().zip(&mu) {
            if j == i {
                e += m;
            }
        }
        model = model.with(e.eq(1.0));
    }
    let Ok(solution) = model.solve() else { return Ok(false) };
    let t_value = solution.value(t);
    if t_value <= 1e-12 {
        return Ok(false);
    }
    let lambda: Vec<f64> = slack.iter().map(|&l| t_value + solution.value(l)).collect();
    // Columns: the collection's coalitions, then the extra singletons.
    let columns: Vec<usize> = collection.iter().copied().chain(extra.iter().map(|&i| 1 << i)).collect();
    let mut weights: Vec<BigRational> = lambda
        .iter()
        .copied()
        .chain(mu.iter().map(|&m| solution.value(m)))
        .map(|v| BigRational::from_float(v.max(0.0)).unwrap_or_default())
        .collect();
    let residual: Vec<BigRational> = (0..n)
        .map(|i| {
            let covered: BigRational =
                columns.iter().zip(&weights).filter(|(s, _)| *s >> i & 1 == 1).map(|(_, w)| w.clone()).sum();
            BigRational::from_integer(1.into()) - covered
        })
        .collect();
    // Correct along independent columns, preferring the collection's heaviest coalitions.
    let mut by_weight: Vec<usize> = (0..columns.len()).collect();
    by_weight.sort_by(|&a, &b| {
        let extra_a = a >= collection.len();
        let extra_b = b >= collection.len();
        extra_a.cmp(&extra_b).then(weights[b].cmp(&weights[a]))
    });
    let mut basis = Basis::new(n);
    let chosen: Vec<usize> = by_weight
        .into_iter()
        .filter(|&c| basis.add(&(0..n).map(|i| (columns[c] >> i & 1) as f64).collect::<Vec<_>>()))
        .collect();
    let rows: Vec<(Vec<BigRational>, BigRational)> = (0..n)
        .map(|i| {
            let coeffs = chosen
                .iter()
                .map(|&c| BigRational::from_integer(((columns[c] >> i & 1) as i64).into()))
                .collect();
            (coeffs, residual[i].clone())
        })
        .collect();
    let Some(delta) = solve(&rows, chosen.len()) else { return Ok(false) };
    for (&c, d) in chosen.iter().zip(delta) {
        weights[c] = &weights[c] + d;
    }
    let zero = BigRational::zero();
    Ok(weights[..collection.len()].iter().all(|w| *w > zero)
        && weights[collection.len()..].iter().all(|w| *w >= zero))
}

/// The span of coalition indicator vectors, for rank and membership tests.
struct Span {
    basis: Basis,
    rank: usize,
}

impl Span {
    fn new(n: usize) -> Self {
        Span { basis: Basis::new(n), rank: 0 }
    }

    fn vector(&self, s: usize) -> Vec<f64> {
        (0..self.basis.dim).map(|i| (s >> i & 1) as f64).collect()
    }

    /// Adds a coalition; `true` if it raised the rank.
    fn add(&mut self, s: usize) -> bool {
        let grew = self.basis.add(&self.vector(s));
        self.rank += grew as usize;
        grew
    }

    /// Keeps in `free` only the coalitions outside the span. One pass of coalition sums of a
    /// vector orthogonal to the span (a generic combination of the null space's basis
    /// `e_j - sum_p row_p[j] e_p` over the non-pivot columns `j`) clears most coalitions: a
    /// coalition in the span sums to zero on it. Those that sum to zero are then tested in full.
    /// `work` is working space of `2^n` values.
    fn retain_outside(&self, free: &mut Vec<u32>, work: &mut [f64]) {
        let n = self.basis.dim;
        if self.rank == n {
            free.clear();
            return;
        }
        let mut orthogonal = vec![0.0; n];
        let pivots: Vec<usize> = self.basis.rows.iter().map(|(p, _)| *p).collect();
        for j in (0..n).filter(|j| !pivots.contains(j)) {
            // Distinct coefficients in [1, 2) that no small integer relation ties together.
            let c = 1.0 + (j as f64 * 0.618_033_988_749_895).fract();
            orthogonal[j] += c;
            for (p, row) in &self.basis.rows {
                orthogonal[*p] -= c * row[j];
            }
        }
        coalition_sums(&orthogonal, work);
        free.retain(|&s| work[s as usize].abs() > 1e-9 || !self.contains(s as usize));
    }

    fn contains(&self, s: usize) -> bool {
        self.basis.reduce(self.vector(s)).iter().all(|x| x.abs() < 1e-9)
    }
}

/// Rows in reduced echelon form over `f64`; vectors are small integer combinations, so a
/// tolerance of 1e-9 separates zero from non-zero reliably for `n <= 25`. (Exactness of the
/// final answer does not rest on this: the exact solve and the certificate check it.)
struct Basis {
    dim: usize,
    rows: Vec<(usize, Vec<f64>)>, // (pivot column, row with 1 at the pivot)
}

impl Basis {
    fn new(dim: usize) -> Self {
        Basis { dim, rows: Vec::new() }
    }

    fn reduce(&self, mut v: Vec<f64>) -> Vec<f64> {
        for (p, row) in &self.rows {
            let f = v[*p];
            if f != 0.0 {
                v.iter_mut().zip(row).for_each(|(a, b)| *a -= f * b);
            }
        }
        v
    }

    fn add(&mut self, v: &[f64]) -> bool {
        let r = self.reduce(v.to_vec());
        let Some(p) = (0..self.dim).max_by(|&a, &b| r[a].abs().total_cmp(&r[b].abs())) else { return false };
        if r[p].abs() < 1e-9 {
            return false;
        }
        let row: Vec<f64> = r.iter().map(|x| x / r[p]).collect();
        for (_, other) in self.rows.iter_mut() {
            let f = other[p];
            if f != 0.0 {
                other.iter_mut().zip(&row).for_each(|(a, b)| *a -= f * b);
            }
        }
        self.rows.push((p, row));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wide_excesses_beyond_the_working_set_budget_are_refused() {
        // 25 players with values 5e-324 and 1e300 need about 33 words per coalition: ~9 GB.
        let e = check_wide_excess_size(25, 33).unwrap_err().to_string();
        assert!(e.contains("2112 bits per coalition"), "{e}");
        assert!(e.contains("the limit is 1.125 GiB"), "{e}");
        assert!(e.contains("span too many orders of magnitude"), "{e}");
        // Up to 254 bits (4 words) fits the stated 36 bytes per coalition at any size.
        assert!(check_wide_excess_size(25, 4).is_ok());
        // Fewer players may use wider excesses within the same total.
        assert!(check_wide_excess_size(20, 33).is_ok());
        assert!(check_wide_excess_size(1, 1 << 20).is_ok());
    }

    /// Both stage solvers on one game: the same exact nucleolus, each certified.
    fn solvers_agree(game: &TuGame, prefer: NucleolusKind) -> Result<(), TestCaseError> {
        let fast = nucleolus_by(
            game,
            prefer,
            StageSolver::Simplex { max_pivots: coalition_simplex::MAX_PIVOTS },
            &CancelToken::new(),
        );
        let reference = nucleolus_by(game, prefer, StageSolver::Microlp, &CancelToken::new());
        match (fast, reference) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.kind, b.kind);
                prop_assert_eq!(a.exact, b.exact);
                // The first stage's excess is the least core's; later stages may split a level
                // differently (a basic dual solution marks fewer coalitions than an interior one).
                prop_assert!((a.stage_excesses[0] - b.stage_excesses[0]).abs() <= 1e-9 * scale(game));
            }
            (Err(e), Ok(_)) => prop_assert!(false, "the simplex failed where microlp did not: {}", e),
            // Both failing (values whose excesses the LPs merge, see the module doc) is not the
            // simplex's doing.
            (_, Err(_)) => {}
        }
        Ok(())
    }

    #[test]
    fn a_failing_simplex_falls_back_to_microlp_and_says_why() {
        // A pivot limit of zero fails the first stage's phase 1 at its first pivot; microlp then
        // gives the Talmud rule's division of 200 for claims 100, 200, 300 (Aumann & Maschler
        // 1985) all the same, and the result names the reason.
        let game = TuGame::bankruptcy(200.0, &[100.0, 200.0, 300.0]).unwrap();
        let nu = nucleolus_with_pivot_limit(&game, NucleolusKind::Nucleolus, 0, &CancelToken::new()).unwrap();
        assert_eq!(nu.exact_strings(), ["50", "75", "75"]);
        let reason = nu.fallback.expect("the fallback is reported");
        assert!(
            reason.contains("the dedicated simplex") && reason.contains("no optimum after 0 pivots"),
            "{reason}"
        );
        // With the real limit the same game takes the fast path.
        let fast = nucleolus_with_pivot_limit(
            &game,
            NucleolusKind::Nucleolus,
            coalition_simplex::MAX_PIVOTS,
            &CancelToken::new(),
        )
        .unwrap();
        assert_eq!((fast.exact, fast.fallback), (nu.exact, None));
    }

    #[test]
    fn a_cancel_during_the_fallback_is_an_interruption_not_a_certificate_failure() {
        // Regression: the simplex failing for an ordinary reason (a pivot limit of zero) and
        // the user cancelling while microlp ran gave NotCertified, naming both "failures".
        let game = TuGame::bankruptcy(200.0, &[100.0, 200.0, 300.0]).unwrap();
        let token = CancelToken::new();
        let err =
            nucleolus_with_fallback_hook(&game, NucleolusKind::Nucleolus, 0, &token, &|| token.cancel())
                .unwrap_err();
        assert!(matches!(err, CoopError::Interrupted(_)), "{err}");
    }

    #[test]
    fn a_game_without_stages_takes_the_fast_path_whatever_the_limit() {
        // The prenucleolus of a one-player game needs no stage at all: no pivot, so even a
        // limit of zero takes the fast path.
        let game = TuGame::from_values(1, vec![0.0, 5.0]).unwrap();
        let nu =
            nucleolus_with_pivot_limit(&game, NucleolusKind::Prenucleolus, 0, &CancelToken::new()).unwrap();
        assert_eq!((nu.exact_strings(), nu.fallback), (vec!["5".to_string()], None));
    }

    proptest! {
        /// A pivot limit of zero forces the fallback on every game that needs a stage, and the
        /// fallback's nucleolus is the fast path's.
        #[test]
        fn forced_fallback_gives_the_same_nucleolus(n in 2usize..=6, values in prop::collection::vec(0u8..12, 64)) {
            let game = TuGame::from_fn(n, |s| if s == 0 { 0.0 } else { values[s % 64] as f64 * (s.count_ones() as f64) }).unwrap();
            let fast = nucleolus(&game, NucleolusKind::Nucleolus);
            let slow = nucleolus_with_pivot_limit(&game, NucleolusKind::Nucleolus, 0, &CancelToken::new());
            if let (Ok(fast), Ok(slow)) = (fast, slow) {
                prop_assert!(fast.fallback.is_none());
                prop_assert!(slow.fallback.as_deref().is_some_and(|r| r.contains("0 pivots")), "{:?}", slow.fallback);
                prop_assert_eq!(fast.exact, slow.exact);
            }
        }
    }

    proptest! {
        /// The dedicated simplex and microlp agree exactly on random games with few distinct
        /// values (many ties: degenerate stages), for the nucleolus and the prenucleolus.
        #[test]
        fn simplex_stages_agree_with_microlp(n in 2usize..=7, values in prop::collection::vec(0u8..12, 128), pre in any::<bool>()) {
            let game = TuGame::from_fn(n, |s| if s == 0 { 0.0 } else { values[s % 128] as f64 * (s.count_ones() as f64) }).unwrap();
            let prefer = if pre { NucleolusKind::Prenucleolus } else { NucleolusKind::Nucleolus };
            solvers_agree(&game, prefer)?;
        }

        /// The same on the seeded games with a non-empty core of the benchmarks, up to 11 players.
        #[test]
        fn simplex_stages_agree_with_microlp_on_core_games(n in 3usize..=11, seed in 0u64..10_000) {
            let game = crate::testing::tu_game_with_core(n, seed).unwrap();
            solvers_agree(&game, NucleolusKind::Nucleolus)?;
        }
    }

    proptest! {
        /// Fixed-width excesses round-trip, add, subtract and order as big integers do.
        #[test]
        fn wide_excesses_behave_as_big_integers(
            a in -(1i128 << 100)..(1i128 << 100),
            b in -(1i128 << 100)..(1i128 << 100),
            shift in 0u32..120,
        ) {
            let (a, b) = (BigInt::from(a) << shift, BigInt::from(b) << (120 - shift));
            let limbs = 4;
            let (wa, wb) = (to_limbs(&a, limbs), to_limbs(&b, limbs));
            prop_assert_eq!(from_limbs(&wa), a.clone());
            let mut sum = vec![0; limbs];
            add_limbs(&mut sum, &wa, &wb);
            prop_assert_eq!(from_limbs(&sum), &a + &b);
            let mut difference = vec![0; limbs];
            sub_limbs(&mut difference, &wa, &wb);
            prop_assert_eq!(from_limbs(&difference), &a - &b);
            prop_assert_eq!(Wide(&wa).cmp(&Wide(&wb)), a.cmp(&b));
        }
    }
}
