//! Cancellation: asking a long computation, from another thread, to stop early.
//!
//! A [`CancelToken`] is a shared flag. The caller keeps one clone and hands another to a
//! cancellable computation (such as [`crate::power::monte_carlo_cancellable`]); calling
//! [`CancelToken::cancel`] from any thread makes the computation stop at its next checkpoint
//! and return an "interrupted" error instead of a result. Checkpoints sit where the long loops
//! already report progress (one per block of Monte Carlo samples), so a cancelled computation
//! stops within one block of work per thread. The Python package cancels the token of the
//! computation it is waiting for when Ctrl-C arrives, so an interrupted call stops instead of
//! running on in the background. (The command line needs no token: Ctrl-C ends its process.)
//!
//! A relaxed atomic load is enough: the flag only ever goes from unset to set, and a checkpoint
//! that misses a fresh store sees it at the next one. (Rejected: a token threaded through every
//! solver's signature, or a thread-local "current token", which rayon's worker threads would not
//! see.)
//!
//! ```
//! use comity::cancel::CancelToken;
//! let token = CancelToken::new();
//! let handed_out = token.clone();
//! assert!(!handed_out.is_cancelled());
//! token.cancel();
//! assert!(handed_out.is_cancelled());
//! assert_eq!(handed_out.check().unwrap_err().to_string(), "interrupted: the computation was cancelled before it finished");
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag shared between a computation and whoever may cancel it; clones share the flag.
///
/// ```
/// use comity::cancel::CancelToken;
/// let token = CancelToken::default();
/// assert!(token.check().is_ok());
/// token.cancel();
/// assert!(token.check().is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CancelToken {
    flag: Arc<AtomicBool>,
}

/// The error of a computation stopped by its [`CancelToken`].
///
/// ```
/// use comity::cancel::Interrupted;
/// assert!(Interrupted.to_string().starts_with("interrupted"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted: the computation was cancelled before it finished")]
pub struct Interrupted;

impl CancelToken {
    /// A token not yet cancelled.
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// assert!(!CancelToken::new().is_cancelled());
    /// ```
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Asks every computation holding a clone of this token to stop; it cannot be undone.
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// let token = CancelToken::new();
    /// token.cancel();
    /// token.cancel(); // cancelling twice is harmless
    /// assert!(token.is_cancelled());
    /// ```
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether the token was cancelled.
    ///
    /// ```
    /// use comity::cancel::CancelToken;
    /// let token = CancelToken::new();
    /// let other_thread = token.clone();
    /// std::thread::spawn(move || other_thread.cancel()).join().unwrap();
    /// assert!(token.is_cancelled());
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// A checkpoint: `Err(Interrupted)` once the token is cancelled.
    ///
    /// ```
    /// use comity::cancel::{CancelToken, Interrupted};
    /// let token = CancelToken::new();
    /// assert_eq!(token.check(), Ok(()));
    /// token.cancel();
    /// assert_eq!(token.check(), Err(Interrupted));
    /// ```
    pub fn check(&self) -> Result<(), Interrupted> {
        if self.is_cancelled() { Err(Interrupted) } else { Ok(()) }
    }
}
