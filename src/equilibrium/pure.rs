//! Pure Nash equilibria of n-player games, by checking every profile.
//!
//! A pure profile is an equilibrium when no player has a better action against the others'.
//! Time `O(|profiles| * sum_p actions_p)`.
//!
//! # References
//! Nash (1951); Nisan et al. (2007), *Algorithmic Game Theory*, sec. 1.3.
//!
//! ```
//! use comity::equilibrium::{NormalFormGame, pure_equilibria};
//! let pd = NormalFormGame::bimatrix(
//!     vec![vec![3.0, 0.0], vec![5.0, 1.0]],
//!     vec![vec![3.0, 5.0], vec![0.0, 1.0]],
//! )
//! .unwrap();
//! let eqs = pure_equilibria(&pd);
//! assert_eq!(eqs.len(), 1);
//! assert_eq!(eqs[0].strategies, vec![vec![0.0, 1.0], vec![0.0, 1.0]]); // both defect
//! ```

use super::{Equilibrium, EquilibriumError, NormalFormGame, verified};
use crate::cancel::CancelToken;

/// Every pure Nash equilibrium, in profile order.
///
/// ```
/// use comity::equilibrium::{NormalFormGame, pure_equilibria};
/// // Battle of the sexes has two pure equilibria, matching pennies none.
/// let bos = NormalFormGame::bimatrix(
///     vec![vec![2.0, 0.0], vec![0.0, 1.0]],
///     vec![vec![1.0, 0.0], vec![0.0, 2.0]],
/// )?;
/// let payoffs: Vec<Vec<f64>> = pure_equilibria(&bos).into_iter().map(|e| e.payoffs).collect();
/// assert_eq!(payoffs, [[2.0, 1.0], [1.0, 2.0]]);
/// let mp = NormalFormGame::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])?;
/// assert!(pure_equilibria(&mp).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pure_equilibria(game: &NormalFormGame) -> Vec<Equilibrium> {
    // A fresh token is never cancelled: the default is never taken.
    pure_equilibria_cancellable(game, &CancelToken::new()).unwrap_or_default()
}

/// Profiles between two checks of the cancel token.
const CHECK_EVERY: usize = 4096;

/// [`pure_equilibria`], stopping with [`EquilibriumError::Interrupted`] once `cancel` is
/// cancelled (checked every 4096 profiles): a cancelled search never returns the equilibria
/// found so far as all of them.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::equilibrium::{EquilibriumError, NormalFormGame, pure_equilibria_cancellable};
/// // Three players who each want to match player 0: everyone 0 and everyone 1 are equilibria.
/// let payoff = |p: usize| (0..8).map(|i| if (i >> (2 - p) & 1) == (i >> 2 & 1) { 1.0 } else { 0.0 }).collect();
/// let g = NormalFormGame::new(vec![2, 2, 2], vec![payoff(0), payoff(1), payoff(2)])?;
/// let token = CancelToken::new();
/// assert_eq!(pure_equilibria_cancellable(&g, &token)?.len(), 2);
/// token.cancel();
/// assert!(matches!(pure_equilibria_cancellable(&g, &token), Err(EquilibriumError::Interrupted(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pure_equilibria_cancellable(
    game: &NormalFormGame,
    cancel: &CancelToken,
) -> Result<Vec<Equilibrium>, EquilibriumError> {
    // Each player's comparisons are relative to that player's payoff scale, as in `verified`.
    let tol: Vec<f64> =
        (0..game.players()).map(|p| super::EQUILIBRIUM_TOLERANCE * game.player_scale(p)).collect();
    let mut interrupted = None;
    let found = (0..game.profiles())
        .map_while(|i| {
            if i % CHECK_EVERY == 0
                && let Err(e) = cancel.check()
            {
                interrupted = Some(e);
                return None;
            }
            Some(game.profile(i))
        })
        .filter(|profile| {
            (0..game.players()).all(|p| {
                let here = game.payoff(p, profile);
                let mut other = profile.clone();
                (0..game.actions()[p]).all(|a| {
                    other[p] = a;
                    game.payoff(p, &other) <= here + tol[p]
                })
            })
        })
        .filter_map(|profile| {
            let strategies = profile
                .iter()
                .zip(game.actions())
                .map(|(&a, &k)| (0..k).map(|b| if a == b { 1.0 } else { 0.0 }).collect())
                .collect();
            verified(game, strategies).ok()
        })
        .collect();
    match interrupted {
        Some(e) => Err(e.into()),
        None => Ok(found),
    }
}
