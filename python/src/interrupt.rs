//! Long computations off the interpreter's lock, stopped by Ctrl-C.
//!
//! The work runs on its own thread while the calling thread, without the GIL, waits for it in
//! short slices; between slices it takes the GIL back and runs Python's signal handlers
//! (`Python::check_signals`), so Ctrl-C raises `KeyboardInterrupt` within a slice. The library
//! has no cancellation token (the command line simply exits on Ctrl-C), so an interrupted
//! computation is abandoned: its thread finishes in the background and its result is dropped.
//! (Rejected: running on the calling thread, which could not see the signal until the work
//! ended, and a cancellation flag threaded through every solver, which the library does not
//! have.)

use crate::errors::{Kind, raise};
use pyo3::prelude::*;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// How long the caller waits between two checks for Ctrl-C.
const POLL: Duration = Duration::from_millis(50);

/// Runs `work` without the GIL and returns its result, or `KeyboardInterrupt` on Ctrl-C.
pub fn run<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = channel();
    std::thread::Builder::new()
        .name("comity-work".into())
        .spawn(move || {
            // The receiver is gone when the caller was interrupted: nothing to do then.
            let _ = sender.send(work());
        })
        .map_err(|e| raise(Kind::Solver, format!("cannot start a worker thread: {e}")))?;
    let mut receiver = receiver;
    loop {
        // The receiver moves into the GIL-free closure and back (it is `Send`, not `Sync`).
        let (outcome, back) = py.allow_threads(move || (receiver.recv_timeout(POLL), receiver));
        receiver = back;
        match outcome {
            Ok(result) => return Ok(result),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(raise(Kind::Solver, "internal error: the computation stopped without a result"));
            }
        }
    }
}
