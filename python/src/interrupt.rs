//! Long computations off the interpreter's lock, stopped by Ctrl-C.
//!
//! The work runs on a worker thread while the calling thread, without the GIL, waits for it in
//! short slices; between slices it takes the GIL back and runs Python's signal handlers
//! (`Python::check_signals`), so Ctrl-C raises `KeyboardInterrupt` within a slice. The
//! computation's [`CancelToken`] is then cancelled: the library's cancellable computations stop
//! at their next checkpoint (Monte Carlo sampling, tournaments, matches, study runs, reciprocity
//! studies, the bloc questions, exact power counts by every backend, the nucleolus and
//! prenucleolus, simulated Moran fixation, the simulated reciprocity institutions of
//! `reciprocity.institution` and `reciprocity.real_members`, the Baron-Ferejohn equilibria by
//! every method, with a deadline and over a status quo, the least core and core checks (within
//! a block of coalitions of a pricing pass or 64 pivots of the least core's solve), cost shares, a
//! game's structure with its Owen values for unions, Nash equilibria, one study variant's
//! evaluation, an institution's exact chain, the two-dimensional winset of `spatial`, the
//! abatement game's enumerated agreements, a rule's smallest winning coalition and the branch
//! and bound of a club with several targets), and the others finish in the background with
//! their result dropped: those that take milliseconds even at their size limits
//! (one-dimensional spatial bargaining, the core tests and setter outcomes in two dimensions,
//! stable sizes of identical countries).
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
//! One that last took under a millisecond also keeps the GIL: releasing and taking it back
//! costs about a microsecond, and other threads wait less than the interpreter's own switch
//! interval.
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

/// Below this, a computation known to be short keeps the GIL ([`run_known`]). Releasing and
/// taking back the GIL costs about a microsecond (measured with `benches/peers/python_overhead.py`
/// on the Security Council's Baron-Ferejohn equilibrium, then a 65 us call, now about 35 us); other Python
/// threads then wait at most this long, a fifth of the interpreter's own switch interval (5 ms,
/// after which a thread holding the GIL is asked to let go of it).
const HOLD: Duration = Duration::from_millis(1);

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
    run_polled(py, work, |_| {})
}

/// How long a call runs before it shows a progress bar when `comity._progress` does not say
/// otherwise (its `BAR_AFTER_SECONDS`): shorter calls stay silent.
const BAR_AFTER: Duration = Duration::from_secs(1);

/// The delay before a bar, from `comity._progress.BAR_AFTER_SECONDS` (so that a user, or a
/// test that must not depend on the machine's speed, can change it), else [`BAR_AFTER`].
fn bar_after(py: Python<'_>) -> Duration {
    py.import("comity._progress")
        .and_then(|m| m.getattr("BAR_AFTER_SECONDS"))
        .and_then(|v| v.extract::<f64>())
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .unwrap_or(BAR_AFTER)
}

/// A tqdm bar over `total` steps, advanced from a counter that the work stores its steps done
/// in; created (through `comity._progress.bar`, which gives `None` without tqdm) only once the
/// call has run for `after` ([`bar_after`]).
struct Bar {
    total: u64,
    desc: String,
    done: std::sync::Arc<std::sync::atomic::AtomicU64>,
    start: Instant,
    after: Duration,
    shown: u64,
    /// `None` before the bar is due; `Some(None)` without tqdm.
    bar: Option<Option<Py<PyAny>>>,
}

impl Bar {
    fn poll(&mut self, py: Python<'_>) {
        if self.bar.is_none() && self.start.elapsed() >= self.after {
            let made = py
                .import("comity._progress")
                .and_then(|m| m.call_method1("bar", (self.total, self.desc.as_str())))
                .ok()
                .filter(|b| !b.is_none())
                .map(Bound::unbind);
            self.bar = Some(made);
        }
        self.advance(py);
    }

    fn advance(&mut self, py: Python<'_>) {
        if let Some(Some(bar)) = &self.bar {
            let done = self.done.load(Ordering::Relaxed).min(self.total);
            if done > self.shown {
                // A failing bar (a closed stream) must not fail the computation.
                let _ = bar.call_method1(py, "update", (done - self.shown,));
                self.shown = done;
            }
        }
    }

    fn close(&mut self, py: Python<'_>) {
        self.advance(py);
        if let Some(Some(bar)) = self.bar.take() {
            let _ = bar.call_method0(py, "close");
        }
    }
}

/// [`run_cancellable`] for work that counts its steps (of `total`) into the counter it gets:
/// a call that runs for more than a second shows a tqdm bar named `desc` when tqdm is
/// installed, advanced at each poll and closed at the end (or on Ctrl-C).
pub fn run_with_progress<T, F>(py: Python<'_>, total: u64, desc: &str, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce(&CancelToken, &std::sync::atomic::AtomicU64) -> T + Send + 'static,
{
    let done = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = done.clone();
    let after = bar_after(py);
    let mut bar =
        Bar { total, desc: desc.to_string(), done, start: Instant::now(), after, shown: 0, bar: None };
    let result = run_polled(py, move |cancel| work(cancel, &counter), |py| bar.poll(py));
    bar.close(py);
    result.map(|(result, _)| result)
}

/// The waiting loop of every worker call: `on_poll` runs with the GIL at each slice that ends
/// without a result.
fn run_polled<T, F>(py: Python<'_>, work: F, on_poll: impl FnMut(Python<'_>)) -> PyResult<(T, Duration)>
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
    wait_polled(py, receiver, &cancel, on_poll)
}

/// Waits without the GIL for the result that a worker sends on `receiver`, in slices of
/// [`POLL`]: between slices Ctrl-C cancels `cancel` and raises `KeyboardInterrupt`, and
/// `on_poll` runs.
fn wait_polled<T>(
    py: Python<'_>,
    receiver: std::sync::mpsc::Receiver<T>,
    cancel: &CancelToken,
    mut on_poll: impl FnMut(Python<'_>),
) -> PyResult<T>
where
    T: Send,
{
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
                on_poll(py);
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
/// runs on the calling thread (signals checked before and after, so a Ctrl-C pressed meanwhile
/// raises `KeyboardInterrupt` as soon as it ends), without the GIL unless it last took less
/// than [`HOLD`]; otherwise on a worker. Either way its duration is remembered for the next
/// call.
pub fn run_known<T, F>(py: Python<'_>, memo: &CostMemo, key: u64, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce(&CancelToken) -> T + Send + 'static,
{
    let last = memo.get(key);
    if last.is_none_or(|took| took >= POLL) {
        let (result, took) = run_timed(py, work)?;
        memo.put(key, took);
        return Ok(result);
    }
    py.check_signals()?;
    let timed = move || {
        let start = Instant::now();
        (work(&CancelToken::new()), start.elapsed())
    };
    let (result, took) = if last.is_some_and(|took| took < HOLD) { timed() } else { py.allow_threads(timed) };
    memo.put(key, took);
    py.check_signals()?;
    Ok(result)
}

/// [`run_known`] for a computation whose result the caller needs somewhere to put, made by
/// `meanwhile` (Python code, run with the GIL): a computation known to take less than
/// [`HOLD`] runs after it on the calling thread, with the GIL, as in [`run_known`]; any other
/// starts first on the library's thread pool (`rayon::spawn`), and `meanwhile` runs while it
/// computes, before the wait of [`run_cancellable`] (Ctrl-C cancels it). An error of
/// `meanwhile` cancels the computation and is returned.
///
/// Why, measured on the EU Council's power indices (a 4 ms computation, sequential then
/// parallel, on an otherwise idle 2-core machine, `benches/peers/python_overhead.py`): run on
/// the calling thread, the computation's parallel part is handed to the pool and the caller
/// sleeps until it ends; started on the pool, its sequential and parallel parts stay there,
/// one handoff less. That took the Python call from 5 to 9% over the library call to 2 to 5%
/// at the medians. The caller's Python code (building the frame that receives the result)
/// then runs beside the computation's sequential part instead of before it, on caches that the
/// previous computation has just evicted (several times slower than warm, see `crate::fill`):
/// one or two points more.
pub fn run_known_meanwhile<T, R, F, M>(
    py: Python<'_>,
    memo: &CostMemo,
    key: u64,
    work: F,
    meanwhile: M,
) -> PyResult<(T, R)>
where
    T: Send + 'static,
    F: FnOnce(&CancelToken) -> T + Send + 'static,
    M: FnOnce() -> PyResult<R>,
{
    if memo.get(key).is_some_and(|took| took < HOLD) {
        py.check_signals()?;
        let made = meanwhile()?;
        let start = Instant::now();
        let result = work(&CancelToken::new());
        memo.put(key, start.elapsed());
        py.check_signals()?;
        return Ok((result, made));
    }
    let (sender, receiver) = channel();
    let cancel = CancelToken::new();
    let token = cancel.clone();
    RUNNING.fetch_add(1, Ordering::SeqCst);
    rayon::spawn(move || {
        let start = Instant::now();
        // A panic would abort the process from a pool thread: caught, it drops the sender
        // instead, and the caller reports a computation stopped without a result.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&token)));
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        if let Ok(result) = result {
            // The receiver is gone when the caller was interrupted: nothing to do then.
            let _ = sender.send((result, start.elapsed()));
        }
    });
    let made = meanwhile().inspect_err(|_| cancel.cancel())?;
    let (result, took) = wait_polled(py, receiver, &cancel, |_| {})?;
    memo.put(key, took);
    Ok((result, made))
}
