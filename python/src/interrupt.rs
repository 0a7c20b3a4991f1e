//! Long computations off the interpreter's lock, stopped by Ctrl-C.
//!
//! The work runs on a worker thread while the calling thread, without the GIL, waits for it in
//! short slices; between slices it takes the GIL back and runs Python's signal handlers
//! (`Python::check_signals`), so Ctrl-C raises `KeyboardInterrupt` within a slice. The
//! computation's [`CancelToken`] is then cancelled: the library's cancellable loops (Monte Carlo
//! sampling, tournaments, matches, study runs) stop at their next checkpoint, and the others
//! finish in the background with their result dropped.
//!
//! Workers are kept in a small pool and reused: starting a thread costs tens of microseconds,
//! a noticeable share of a millisecond-long call such as the Security Council's Baron-Ferejohn
//! equilibrium.
//!
//! Even a pooled worker costs a handoff (two thread wake-ups, about 30 microseconds on a busy
//! machine: 4% of that equilibrium). So a call known to be short runs on the calling thread
//! instead, still without the GIL, with the signals checked before and after ([`run_known`]):
//! a call is known to be short when the same computation on the same game (a [`CostMemo`] key)
//! last took less than one polling slice, so Ctrl-C waits no longer than it would for the
//! worker. The first call of each kind, and any call that last took longer, goes to a worker.
//! (Rejected: a priori cost estimates per method, which would have to follow every backend's
//! complexity, and running everything on the calling thread, which could not see Ctrl-C until
//! the work ended.)

use crate::errors::{Kind, raise};
use comity::cancel::CancelToken;
use pyo3::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long the caller waits between two checks for Ctrl-C.
const POLL: Duration = Duration::from_millis(50);

/// Most idle workers kept for reuse; a worker finding the pool full ends.
const MAX_IDLE: usize = 4;

/// A job, given the means to put its worker back in the pool: it does so before it hands its
/// result over, so that a caller starting its next call at once finds the worker idle instead
/// of racing it and starting a thread.
type Job = Box<dyn FnOnce(&dyn Fn()) + Send>;

/// Idle workers, each waiting on its own channel for its next job.
static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());

/// Computations running, including interrupted ones still finishing.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// How many computations are running on worker threads (interrupted ones included until they
/// stop): `comity._comity.running()`, for the tests of cancellation.
#[pyfunction]
pub fn running() -> usize {
    RUNNING.load(Ordering::SeqCst)
}

/// Hands `job` to an idle worker, or to a new one.
fn dispatch(job: Job) -> std::io::Result<()> {
    let idle = IDLE.lock().unwrap_or_else(PoisonError::into_inner).pop();
    let job = match idle {
        Some(worker) => match worker.send(job) {
            Ok(()) => return Ok(()),
            // The worker ended meanwhile: the job comes back.
            Err(returned) => returned.0,
        },
        None => job,
    };
    let (sender, receiver) = channel::<Job>();
    std::thread::Builder::new().name("comity-work".into()).spawn(move || {
        let mut job = job;
        loop {
            let pooled = std::cell::Cell::new(false);
            let back_to_pool = || {
                let mut idle = IDLE.lock().unwrap_or_else(PoisonError::into_inner);
                if idle.len() < MAX_IDLE {
                    idle.push(sender.clone());
                    pooled.set(true);
                }
            };
            job(&back_to_pool);
            // A full pool: this worker ends.
            if !pooled.get() {
                return;
            }
            match receiver.recv() {
                Ok(next) => job = next,
                Err(_) => return,
            }
        }
    })?;
    Ok(())
}

/// Runs `work` without the GIL and returns its result, or `KeyboardInterrupt` on Ctrl-C.
pub fn run<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    run_cancellable(py, move |_| work())
}

/// [`run`] for work that takes a [`CancelToken`]: the token is cancelled when Ctrl-C interrupts
/// the wait, so that cancellable work stops instead of running on unseen.
pub fn run_cancellable<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce(&CancelToken) -> T + Send + 'static,
{
    run_timed(py, work).map(|(result, _)| result)
}

/// [`run_cancellable`], also returning how long the work took on its worker.
fn run_timed<T, F>(py: Python<'_>, work: F) -> PyResult<(T, Duration)>
where
    T: Send + 'static,
    F: FnOnce(&CancelToken) -> T + Send + 'static,
{
    let (sender, receiver) = channel();
    let cancel = CancelToken::new();
    let token = cancel.clone();
    RUNNING.fetch_add(1, Ordering::SeqCst);
    let job: Job = Box::new(move |back_to_pool: &dyn Fn()| {
        let start = Instant::now();
        let result = (work(&token), start.elapsed());
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        back_to_pool();
        // The receiver is gone when the caller was interrupted: nothing to do then.
        let _ = sender.send(result);
    });
    if let Err(e) = dispatch(job) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        return Err(raise(Kind::Solver, format!("cannot start a worker thread: {e}")));
    }
    let mut receiver = receiver;
    loop {
        // The receiver moves into the GIL-free closure and back (it is `Send`, not `Sync`).
        let (outcome, back) = py.allow_threads(move || (receiver.recv_timeout(POLL), receiver));
        receiver = back;
        match outcome {
            Ok(result) => return Ok(result),
            Err(RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    cancel.cancel();
                    return Err(interrupt);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(raise(Kind::Solver, "internal error: the computation stopped without a result"));
            }
        }
    }
}

/// Most computations remembered per game; the oldest is forgotten first.
const MEMO_SIZE: usize = 16;

/// How long each kind of computation last took on one game: a key (a hash of the computation's
/// name and parameters, [`memo_key`]) and a duration. Held by the game, so that the memory
/// ends with it.
#[derive(Debug, Default)]
pub struct CostMemo {
    last: Mutex<Vec<(u64, Duration)>>,
}

impl CostMemo {
    fn get(&self, key: u64) -> Option<Duration> {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.iter().find(|(k, _)| *k == key).map(|&(_, d)| d)
    }

    fn put(&self, key: u64, took: Duration) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.retain(|(k, _)| *k != key);
        if last.len() >= MEMO_SIZE {
            last.remove(0);
        }
        last.push((key, took));
    }
}

/// The [`CostMemo`] key of a computation: its name and its parameters, hashed.
pub fn memo_key(parts: impl std::hash::Hash) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// [`run_cancellable`] for a computation that `memo` may know as short under `key`: then it
/// runs on the calling thread without the GIL (signals checked before and after, so a Ctrl-C
/// pressed meanwhile raises `KeyboardInterrupt` as soon as it ends); otherwise on a worker.
/// Either way its duration is remembered for the next call.
pub fn run_known<T, F>(py: Python<'_>, memo: &CostMemo, key: u64, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce(&CancelToken) -> T + Send + 'static,
{
    let short = memo.get(key).is_some_and(|took| took < POLL);
    if !short {
        let (result, took) = run_timed(py, work)?;
        memo.put(key, took);
        return Ok(result);
    }
    py.check_signals()?;
    let (result, took) = py.allow_threads(move || {
        let start = Instant::now();
        (work(&CancelToken::new()), start.elapsed())
    });
    memo.put(key, took);
    py.check_signals()?;
    Ok(result)
}
