//! Simulated play of a repeated prisoner's dilemma between two memory-one strategies.
//!
//! Each round both players cooperate with the probability their strategy gives after the last
//! outcome (the first-round probability at the start), after implementation noise `e` has
//! turned each probability `p` into `(1 - e) p + e (1 - p)`. The result is the average payoff
//! per round. Over many rounds it converges to the exact long-run payoffs of
//! [`long_run_payoffs`](super::long_run_payoffs), which the tests check within confidence
//! intervals.
//!
//! # References
//! Axelrod (1984), *The Evolution of Cooperation*, for matches of fixed length; Nowak &
//! Sigmund (1993) for memory-one play with errors.
//!
//! ```
//! use comity::repeated::{MemoryOne, StagePayoffs, play_match};
//! let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
//! let mut rng = comity::rng::stream(1, 0);
//! // Without noise TFT against ALLD is exploited once, then both defect.
//! let (x, y) = play_match(&MemoryOne::tft(), &MemoryOne::alld(), &pd, 0.0, 10, &mut rng);
//! assert_eq!((x, y), ((0.0 + 9.0) / 10.0, (5.0 + 9.0) / 10.0));
//! ```

use super::{MemoryOne, StagePayoffs};
use crate::cancel::{CancelToken, Interrupted};
use rand::Rng;

/// Rounds played between two looks at the cancellation token: a relaxed atomic load per 4,096
/// rounds costs nothing measurable, and 4,096 rounds take a few microseconds, so a cancelled
/// match stops at once. (Rejected: a look every round, which would slow the loop, and none,
/// which let one match of 10^9 rounds run on for seconds after Ctrl-C.)
pub(crate) const ROUNDS_PER_CHECK: usize = 4096;

/// Average payoffs per round `(x's, y's)` of `rounds >= 1` rounds of `x` against `y` with
/// noise `e`, drawing from `rng`.
///
/// ```
/// use comity::repeated::{MemoryOne, StagePayoffs, play_match};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let mut rng = comity::rng::stream(2026, 0);
/// // Without noise nothing is random: ALLC against ALLD is (S, T) every round.
/// assert_eq!(
///     play_match(&MemoryOne::allc(), &MemoryOne::alld(), &pd, 0.0, 50, &mut rng),
///     (0.0, 5.0)
/// );
/// // WSLS against ALLD over 4 rounds: CD, DD, CD, DD.
/// assert_eq!(
///     play_match(&MemoryOne::wsls(), &MemoryOne::alld(), &pd, 0.0, 4, &mut rng),
///     (0.5, 3.0)
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn play_match(
    x: &MemoryOne,
    y: &MemoryOne,
    pd: &StagePayoffs,
    e: f64,
    rounds: usize,
    rng: &mut impl Rng,
) -> (f64, f64) {
    // Never cancelled, so never an error.
    play(x, y, pd, e, rounds, rng, || false).unwrap_or((f64::NAN, f64::NAN))
}

/// [`play_match`], stopping with [`Interrupted`] once `cancel` is cancelled: the token is
/// looked at every few thousand rounds, so one very long match stops promptly. Uncancelled, it
/// draws the same numbers and returns the same payoffs as [`play_match`].
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::{MemoryOne, StagePayoffs, play_match, play_match_cancellable};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// let cancel = CancelToken::new();
/// let (tft, wsls) = (MemoryOne::tft(), MemoryOne::wsls());
/// let played = play_match_cancellable(&tft, &wsls, &pd, 0.1, 10_000, &mut comity::rng::stream(7, 0), &cancel)?;
/// assert_eq!(played, play_match(&tft, &wsls, &pd, 0.1, 10_000, &mut comity::rng::stream(7, 0)));
/// cancel.cancel();
/// assert!(play_match_cancellable(&tft, &wsls, &pd, 0.1, 10_000, &mut comity::rng::stream(7, 0), &cancel).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn play_match_cancellable(
    x: &MemoryOne,
    y: &MemoryOne,
    pd: &StagePayoffs,
    e: f64,
    rounds: usize,
    rng: &mut impl Rng,
    cancel: &CancelToken,
) -> Result<(f64, f64), Interrupted> {
    play(x, y, pd, e, rounds, rng, || cancel.is_cancelled())
}

/// The round loop of a match; `cancelled` is asked every [`ROUNDS_PER_CHECK`] rounds.
fn play(
    x: &MemoryOne,
    y: &MemoryOne,
    pd: &StagePayoffs,
    e: f64,
    rounds: usize,
    rng: &mut impl Rng,
    cancelled: impl Fn() -> bool,
) -> Result<(f64, f64), Interrupted> {
    let (x, y) = (x.with_noise(e), y.with_noise(e));
    // Outcome index from x's side: 2 * (x defected) + (y defected); y sees it with the two
    // bits swapped.
    let payoff_x = [pd.r, pd.s, pd.t, pd.p];
    let payoff_y = [pd.r, pd.t, pd.s, pd.p];
    let swap = [0, 2, 1, 3];
    let (mut total_x, mut total_y) = (0.0, 0.0);
    let mut state = 0;
    for round in 0..rounds {
        if round % ROUNDS_PER_CHECK == 0 && round > 0 && cancelled() {
            return Err(Interrupted);
        }
        let (px, py) = if round == 0 { (x.first, y.first) } else { (x.p[state], y.p[swap[state]]) };
        let defect_x = rng.random::<f64>() >= px;
        let defect_y = rng.random::<f64>() >= py;
        state = 2 * usize::from(defect_x) + usize::from(defect_y);
        total_x += payoff_x[state];
        total_y += payoff_y[state];
    }
    let rounds = rounds.max(1) as f64;
    Ok((total_x / rounds, total_y / rounds))
}
