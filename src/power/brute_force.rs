//! Brute-force counting: every coalition enumerated.
//!
//! For each of the `2^n` coalitions the game is asked once whether it wins; a winning coalition
//! `S` is a swing of each member `i` for which `S \ {i}` loses. Time `O(n 2^n)`, memory
//! `2^n` bits. This is the truth that every fast algorithm is tested against, and the backend
//! for composite rules of small bodies (the UN Security Council has `2^15` coalitions).
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 3.1 (definitions by
//! enumeration).
//!
//! ```
//! use comity::game::WeightedGame;
//! use comity::power::brute_force;
//! let tally = brute_force(&WeightedGame::new(vec![3, 2, 1], 4).unwrap()).unwrap();
//! assert_eq!(tally.swings(), &[3u32.into(), 1u32.into(), 1u32.into()]);
//! ```

use super::{PowerError, Tally};
use crate::cancel::CancelToken;
use crate::game::{Coalition, SimpleGame};
use num_bigint::BigUint;

/// The largest body counted by brute force.
///
/// ```
/// use comity::game::WeightedGame;
/// use comity::power::{brute_force, PowerError, BRUTE_FORCE_MAX_PLAYERS};
/// let big = WeightedGame::new(vec![1; BRUTE_FORCE_MAX_PLAYERS + 1], 14)?;
/// assert_eq!(brute_force(&big), Err(PowerError::TooLargeForBruteForce { n: 26, max: 25 }));
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub const BRUTE_FORCE_MAX_PLAYERS: usize = 25;

/// Counts winning coalitions and swings by size by enumerating all coalitions.
///
/// ```
/// use comity::game::{Composite, Connective, WeightedGame};
/// use comity::power::brute_force;
/// // The UN Security Council: veto of the five permanent members and 9 of 15.
/// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
/// let nine = WeightedGame::new(vec![1; 15], 9)?;
/// let council = Composite::new(Connective::All, vec![veto.into(), nine.into()])?;
/// let tally = brute_force(&council).unwrap();
/// // By hand: the five and at least 4 of 10 elected members, 2^10 - (1 + 10 + 45 + 120) = 848.
/// assert_eq!(tally.winning(), &848u32.into());
/// # Ok::<(), comity::game::GameError>(())
/// ```
pub fn brute_force(game: &impl SimpleGame) -> Result<Tally, PowerError> {
    brute_force_cancellable(game, &CancelToken::new())
}

/// Coalitions between two checks of the cancellation token: a few microseconds of work, so
/// that the check costs nothing measurable and a cancelled count stops at once.
const CHECK_EVERY: usize = 1 << 12;

/// [`brute_force`], stopping with [`PowerError::Interrupted`] once `cancel` is cancelled
/// (checked every 4,096 coalitions).
pub(crate) fn brute_force_cancellable(
    game: &impl SimpleGame,
    cancel: &CancelToken,
) -> Result<Tally, PowerError> {
    let n = game.n();
    if n > BRUTE_FORCE_MAX_PLAYERS {
        return Err(PowerError::TooLargeForBruteForce { n, max: BRUTE_FORCE_MAX_PLAYERS });
    }
    let size = 1usize << n;
    let mut wins: Vec<bool> = Vec::with_capacity(size);
    for block in (0..size).step_by(CHECK_EVERY) {
        cancel.check()?;
        wins.extend(
            (block..(block + CHECK_EVERY).min(size))
                .map(|m| game.is_winning(&Coalition::from_mask(m as u64))),
        );
    }
    let mut winning = 0u64;
    let mut swings = vec![vec![0u64; n]; n];
    for mask in 0..size {
        if mask % CHECK_EVERY == 0 {
            cancel.check()?;
        }
        if !wins[mask] {
            continue;
        }
        winning += 1;
        let s = mask.count_ones() as usize;
        for (i, row) in swings.iter_mut().enumerate() {
            if mask >> i & 1 == 1 && !wins[mask ^ 1 << i] {
                row[s - 1] += 1;
            }
        }
    }
    let to_big = |rows: Vec<Vec<u64>>| -> Vec<Vec<BigUint>> {
        rows.into_iter().map(|r| r.into_iter().map(BigUint::from).collect()).collect()
    };
    Ok(Tally::with_sizes(winning.into(), to_big(swings)))
}
