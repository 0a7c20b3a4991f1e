//! A progress bar on standard error for long runs, shown only when standard error is a
//! terminal (so logs and pipes stay clean).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Progress of `total` units of work, drawn as a bar that redraws at each whole percent.
pub struct Progress {
    label: String,
    total: usize,
    shown: AtomicUsize,
    enabled: bool,
}

impl Progress {
    /// A bar for `total` units, labelled `label`.
    pub fn new(label: impl Into<String>, total: usize) -> Self {
        Progress {
            label: label.into(),
            total,
            shown: AtomicUsize::new(0),
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// Records that `done` units are finished (callable from any thread).
    pub fn report(&self, done: usize) {
        if !self.enabled || self.total == 0 {
            return;
        }
        // In u128: 100 x a count near usize::MAX would overflow.
        let percent = (100 * done.min(self.total) as u128 / self.total as u128) as usize;
        // Draw only when the percentage grows, and only from the thread that moved it.
        if self.shown.fetch_max(percent + 1, Ordering::Relaxed) > percent {
            return;
        }
        let filled = percent * 30 / 100;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {done}/{} ",
            self.label,
            "#".repeat(filled),
            " ".repeat(30 - filled),
            self.total
        );
        if done >= self.total {
            let _ = write!(err, "\r{}\r", " ".repeat(self.label.len() + 50));
        }
        let _ = err.flush();
    }
}

/// Runs `work` and, when it lasts more than two seconds and standard error is a terminal, shows
/// the time elapsed beside `label` once a second: for solvers with no measure of how much
/// work remains (Baron-Ferejohn by knapsack on the EU Council takes minutes). Ctrl-C stops the
/// process as usual.
pub fn with_elapsed<T: Send>(label: &str, work: impl FnOnce() -> T + Send) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                let seconds = start.elapsed().as_secs();
                if seconds >= 2 && start.elapsed().subsec_millis() < 100 {
                    let _ = write!(std::io::stderr().lock(), "\r{label}: {seconds} s (Ctrl-C stops) ");
                    shown = true;
                }
            }
            if shown {
                let _ = write!(std::io::stderr().lock(), "\r{}\r", " ".repeat(label.len() + 30));
            }
        });
        let out = work();
        done.store(true, Ordering::Relaxed);
        out
    })
}
