//! The Lemke-Howson algorithm: one equilibrium of a bimatrix game by complementary pivoting.
//!
//! With positive payoffs, write the best-response polytopes as tableaux
//! `B^T x + s = 1` (variables `x`, labels `0..m`; slacks `s`, labels `m..m+n`) and
//! `A y + r = 1` (variables `y`, labels `m..m+n`; slacks `r`, labels `0..m`). Starting from the
//! artificial equilibrium `(0, 0)`, the chosen label `k` is dropped by bringing the variable
//! with that label into its tableau; whichever variable leaves has a label that is now
//! duplicated, so its partner enters the other tableau; this alternates until the leaving
//! variable carries label `k` again, at a completely labelled pair: an equilibrium.
//! Lexicographic ratio tests (ties broken by the rows of the current basis inverse, which the
//! slack columns hold) make every pivot well defined in degenerate games, so the path cannot
//! cycle. Different starting labels may end at different equilibria.
//!
//! # References
//! Lemke & Howson (1964), "Equilibrium points of bimatrix games", SIAM J. 12(2); Nisan et al.
//! (2007), *Algorithmic Game Theory*, sec. 3.4-3.5 and 3.6 (lexicographic pivoting).
//!
//! ```
//! use comity::equilibrium::{NormalFormGame, lemke_howson};
//! let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]]).unwrap();
//! let eq = lemke_howson(&mp, 0).unwrap();
//! assert!((eq.strategies[0][0] - 0.5).abs() < 1e-12);
//! ```

use super::enumeration::positive;
use super::{Equilibrium, EquilibriumError, NormalFormGame, verified};
use nalgebra::DMatrix;

/// One equilibrium by Lemke-Howson, dropping `label` (`0..m` for a row action, `m..m+n` for a
/// column action).
///
/// ```
/// use comity::equilibrium::{NormalFormGame, lemke_howson};
/// // Prisoner's dilemma: every starting label ends at the unique equilibrium (D, D).
/// let pd = NormalFormGame::bimatrix(
///     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
///     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
/// )?;
/// for label in 0..4 {
///     assert_eq!(lemke_howson(&pd, label)?.strategies, vec![vec![0.0, 1.0]; 2]);
/// }
/// assert!(lemke_howson(&pd, 4).is_err()); // labels are 0..m+n
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn lemke_howson(game: &NormalFormGame, label: usize) -> Result<Equilibrium, EquilibriumError> {
    let (m, n, a, b) = game
        .as_bimatrix()
        .ok_or(EquilibriumError::NeedsTwoPlayers { method: "Lemke-Howson", players: game.players() })?;
    if label >= m + n {
        return Err(EquilibriumError::BadDistribution {
            message: format!(
                "label {label} is out of range; expected 0 to {} (row actions, then column actions)",
                m + n - 1
            ),
        });
    }
    let (a, b) = (positive(a), positive(b));
    // Tableau P: n rows, columns x (m, labels 0..m), s (n, labels m..m+n), rhs.
    let mut p = Tableau::new(n, m, |r, c| b[c * n + r], 0, m);
    // Tableau Q: m rows, columns y (n, labels m..m+n), r (m, labels 0..m), rhs.
    let mut q = Tableau::new(m, n, |r, c| a[r * n + c], m, 0);
    let mut entering = label;
    let mut in_p = label < m;
    let limit = 100 * (m + n) * (m + n) + 1000;
    for _ in 0..limit {
        let tableau = if in_p { &mut p } else { &mut q };
        let leaving = tableau.pivot_in(entering).ok_or_else(|| EquilibriumError::Solver {
            message: "Lemke-Howson: unbounded ray (payoffs not positive?)".into(),
        })?;
        if leaving == label {
            let x = p.values(0, m);
            let y = q.values(m, n);
            let normalise = |v: Vec<f64>| -> Vec<f64> {
                let s: f64 = v.iter().sum();
                v.into_iter().map(|c| c / s).collect()
            };
            return verified(game, vec![normalise(x), normalise(y)]);
        }
        entering = leaving;
        in_p = !in_p;
    }
    Err(EquilibriumError::Solver { message: "Lemke-Howson did not terminate within its pivot limit".into() })
}

/// A tableau `[M | I | 1]` with the label of every column and the basic variable of each row.
struct Tableau {
    t: DMatrix<f64>,
    /// Label of each column (own variables, then slacks).
    labels: Vec<usize>,
    /// Column of the basic variable of each row.
    basis: Vec<usize>,
    own: usize,
}

impl Tableau {
    /// `rows` constraints over `own` variables with coefficients `coef(row, var)`; own
    /// variables carry labels `own_base..`, slacks `slack_base..`.
    fn new(
        rows: usize,
        own: usize,
        coef: impl Fn(usize, usize) -> f64,
        own_base: usize,
        slack_base: usize,
    ) -> Self {
        let cols = own + rows + 1;
        let t = DMatrix::from_fn(rows, cols, |r, c| {
            if c < own {
                coef(r, c)
            } else if c < own + rows {
                (c - own == r) as u8 as f64
            } else {
                1.0
            }
        });
        let labels = (0..own).map(|c| own_base + c).chain((0..rows).map(|r| slack_base + r)).collect();
        Tableau { t, labels, basis: (0..rows).map(|r| own + r).collect(), own }
    }

    /// Brings the column with `label` into the basis; returns the label of the leaving variable.
    fn pivot_in(&mut self, label: usize) -> Option<usize> {
        let col = self.labels.iter().position(|&l| l == label)?;
        let rows = self.t.nrows();
        let rhs = self.t.ncols() - 1;
        let eps = 1e-12;
        // Lexicographic minimum ratio over rows with a positive entry in the column: compare
        // (rhs, slack columns...) / entry.
        let mut best: Option<usize> = None;
        for r in (0..rows).filter(|&r| self.t[(r, col)] > eps) {
            best = match best {
                None => Some(r),
                Some(s) => {
                    let key = |row: usize, k: usize| -> f64 {
                        let c = if k == 0 { rhs } else { self.own + k - 1 };
                        self.t[(row, c)] / self.t[(row, col)]
                    };
                    let mut choice = s;
                    for k in 0..=rows {
                        let (kr, ks) = (key(r, k), key(s, k));
                        let tie = 1e-12 * kr.abs().max(ks.abs()).max(1.0);
                        if kr < ks - tie {
                            choice = r;
                            break;
                        }
                        if kr > ks + tie {
                            break;
                        }
                    }
                    Some(choice)
                }
            };
        }
        let row = best?;
        let pivot = self.t[(row, col)];
        self.t.row_mut(row).scale_mut(1.0 / pivot);
        // Eliminate the column from the other rows in place, column by column (the matrix is
        // column-major), without allocating a row per update.
        let factors: Vec<f64> = (0..rows).map(|r| if r == row { 0.0 } else { self.t[(r, col)] }).collect();
        for mut column in self.t.column_iter_mut() {
            let p = column[row];
            if p != 0.0 {
                for (x, &f) in column.iter_mut().zip(&factors) {
                    *x -= f * p;
                }
            }
        }
        let leaving = self.basis[row];
        self.basis[row] = col;
        Some(self.labels[leaving])
    }

    /// Values of the own variables with labels `base..base + count` (non-basic ones are 0).
    fn values(&self, base: usize, count: usize) -> Vec<f64> {
        let rhs = self.t.ncols() - 1;
        let mut v = vec![0.0; count];
        for (r, &c) in self.basis.iter().enumerate() {
            if c < self.own {
                let l = self.labels[c];
                if (base..base + count).contains(&l) {
                    v[l - base] = self.t[(r, rhs)].max(0.0);
                }
            }
        }
        v
    }
}
