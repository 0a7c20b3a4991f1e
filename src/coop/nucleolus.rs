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
//! stage raises that span's rank, so at most `n` LPs are solved.
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
use super::core::{CoopError, TOLERANCE, check_lp_size, normalised, scale};
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
    check_lp_size(game, "the nucleolus")?;
    let n = game.n();
    let grand = game.grand();
    let values: Vec<BigRational> = game.values().iter().map(|&v| decimal(v)).collect();
    let singles: BigRational = (0..n).map(|i| values[1 << i].clone()).sum();
    let kind = if prefer == NucleolusKind::Nucleolus && singles <= values[grand] {
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
    let tol = TOLERANCE * scale(game);

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
    let mut free: Vec<usize> = (1..grand).collect();
    let mut lps = 0;
    // A starting point for choosing the first constraints: equal split of v(N).
    let mut hint = vec![game.value(grand) / n as f64; n];
    while span.rank < n {
        // The stage's primal by constraint generation, then its dual over the coalitions tight
        // at the primal optimum (every optimal dual solution lives on those).
        let primal = stage_primal(game, &free, &state, &hint)?;
        lps += primal.lps;
        hint = primal.x.clone();
        let tight: Vec<usize> =
            free.iter().copied().filter(|&s| excess(game, &primal.x, s) >= primal.epsilon - tol).collect();
        let stage = stage_dual(game, &tight, &state)?;
        lps += 1;
        let k = state.excesses.len();
        state.excesses.push(stage.epsilon);
        // Dual weights sum to 1 and carry no payoff units: their threshold does not scale.
        let positive = 1e-9;
        for (&s, &y) in tight.iter().zip(&stage.weights) {
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
        free.retain(|&s| !span.contains(s));
        if free.len() == before {
            return Err(CoopError::NotCertified { message: "a nucleolus stage fixed no coalition".into() });
        }
    }

    let exact = exact_allocation(n, &values, &state)?;
    lps += certify(original, &values, &exact, bounded)?;
    Ok(Nucleolus {
        kind,
        allocation: exact.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect(),
        exact,
        stage_excesses: state.excesses.iter().map(|e| e * value_scale).collect(),
        lps_solved: lps,
    })
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

/// `v(S) - x(S)`.
fn excess(game: &TuGame, x: &[f64], s: usize) -> f64 {
    game.value(s) - (0..x.len()).filter(|&i| s >> i & 1 == 1).map(|i| x[i]).sum::<f64>()
}

struct StagePrimal {
    x: Vec<f64>,
    epsilon: f64,
    lps: usize,
}

/// Stage `k`'s primal: minimise `epsilon` with `x(S) + epsilon >= v(S)` for free coalitions,
/// earlier stages' coalitions at their excesses, `x(N) = v(N)` and (for the nucleolus)
/// `x_i >= v(i)`. Constraints are generated: start with the singletons (which bound
/// `epsilon`) and the coalitions of largest excess at `hint`, then add the most violated
/// coalitions until none is violated.
fn stage_primal(
    game: &TuGame,
    free: &[usize],
    state: &Fixed,
    hint: &[f64],
) -> Result<StagePrimal, CoopError> {
    let n = game.n();
    let tol = TOLERANCE * scale(game);
    let batch = 4 * n;
    let mut by_excess: Vec<(f64, usize)> = free.iter().map(|&s| (excess(game, hint, s), s)).collect();
    by_excess.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut active: Vec<usize> = free.iter().copied().filter(|s| s.count_ones() == 1).collect();
    active.extend(by_excess.iter().take(batch).map(|&(_, s)| s).filter(|s| s.count_ones() != 1));
    let mut lps = 0;
    loop {
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
        let mut violated: Vec<(f64, usize)> =
            free.iter().map(|&s| (excess(game, &xv, s), s)).filter(|&(e, _)| e > epsilon + tol).collect();
        if violated.is_empty() {
            return Ok(StagePrimal { x: xv, epsilon, lps });
        }
        violated.sort_by(|a, b| b.0.total_cmp(&a.0));
        active.extend(violated.iter().take(batch).map(|&(_, s)| s));
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
fn exact_allocation(n: usize, values: &[BigRational], state: &Fixed) -> Result<Vec<BigRational>, CoopError> {
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
        (r.iter().map(|&c| BigRational::from_integer((c as i64).into())).collect(), values[*s].clone())
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
fn certify(
    game: &TuGame,
    values: &[BigRational],
    x: &[BigRational],
    bounded: bool,
) -> Result<usize, CoopError> {
    let n = game.n();
    let grand = game.grand();
    let fail = |message: String| CoopError::NotCertified { message };
    let efficient: BigRational = x.iter().sum();
    if efficient != values[grand] {
        return Err(fail("the allocation is not efficient".into()));
    }
    let singles_at_bound: Vec<usize> = if bounded {
        if (0..n).any(|i| x[i] < values[1 << i]) {
            return Err(fail("the allocation is not an imputation".into()));
        }
        (0..n).filter(|&i| x[i] == values[1 << i]).collect()
    } else {
        Vec::new()
    };
    // Exact excesses of the proper coalitions over one common denominator, as big integers
    // (fractions would renormalise at every step); x(S) is built from S without its lowest
    // member.
    let denominator = values.iter().chain(x).fold(BigInt::one(), |d, v| d.lcm(v.denom()));
    let scaled = |v: &BigRational| -> BigInt { v.numer() * (&denominator / v.denom()) };
    let scaled_x: Vec<BigInt> = x.iter().map(scaled).collect();
    let mut sums = vec![BigInt::zero(); grand + 1];
    for s in 1..=grand {
        let low = s.trailing_zeros() as usize;
        sums[s] = &sums[s & (s - 1)] + &scaled_x[low];
    }
    let mut order: Vec<(BigInt, usize)> = (1..grand).map(|s| (scaled(&values[s]) - &sums[s], s)).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0));
    let mut span = Span::new(n);
    let mut collection: Vec<usize> = Vec::new();
    let mut lps = 0;
    let mut start = 0;
    while start < order.len() && span.rank < n {
        let end = start + order[start..].iter().take_while(|(e, _)| *e == order[start].0).count();
        let mut grew = false;
        for (_, s) in &order[start..end] {
            collection.push(*s);
            grew |= span.add(*s);
        }
        if grew {
            lps += 1;
            if !balanced(n, &collection, &singles_at_bound)? {
                return Err(fail(format!(
                    "Kohlberg's criterion fails at excess level {}: the coalitions at or above it are not balanced",
                    BigRational::new(order[start].0.clone(), denominator.clone())
                )));
            }
        }
        start = end;
    }
    Ok(lps)
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
