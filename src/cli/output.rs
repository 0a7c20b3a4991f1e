//! Where output goes: standard output, or a file written under a temporary name and renamed
//! into place once complete, so that no reader ever sees half a result; what Ctrl-C does
//! (stop at once, remove a temporary file being written, exit with status 130); and the small
//! formatting and list-parsing helpers the commands share.
//!
//! Every command computes its whole result before writing anything, so an interrupted run has
//! nothing to undo but the temporary file of a write in progress. The handler takes the same
//! lock as [`emit`] while it writes, so it never removes a file that is being renamed into
//! place (the rejected alternative, a flag polled by every long loop, would need a check in
//! each algorithm of the library, which must not know about signals).

use anyhow::Context;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Exit status after Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// The temporary file being written, if any: the Ctrl-C handler removes it.
static WRITING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs the Ctrl-C handler: remove the temporary file of a write in progress, say so on
/// standard error (clearing a progress bar), and exit with status 130.
pub fn on_interrupt_exit() {
    // Failure to install (a handler already set, as in tests) leaves the default behaviour,
    // which also stops the process.
    let _ = ctrlc::set_handler(|| {
        let mut writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(temp) = writing.take() {
            let _ = fs::remove_file(temp);
        }
        let _ = writeln!(io::stderr(), "\rerror: interrupted (Ctrl-C); no output written");
        std::process::exit(INTERRUPTED);
    });
}

/// Writes `text` to `path` atomically, or to standard output when `path` is `None`.
pub fn emit(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    let Some(path) = path else {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        return Ok(out.flush()?);
    };
    let temp = temporary_name(path);
    // Held until the file is renamed or removed: Ctrl-C meanwhile waits, then finds nothing
    // left to clean up.
    let mut writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    *writing = Some(temp.clone());
    let write = || -> io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    };
    let result = write()
        .inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
        .with_context(|| format!("cannot write {}", path.display()));
    *writing = None;
    result
}

fn temporary_name(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// An exact fraction as `n/d`, or `n` for a whole number.
pub fn fraction(x: &num_rational::BigRational) -> String {
    if x.denom() == &1.into() { x.numer().to_string() } else { format!("{}/{}", x.numer(), x.denom()) }
}

/// Parses a comma-separated list of numbers given for option `what`.
pub fn numbers<T: std::str::FromStr>(text: &str, what: &str) -> anyhow::Result<Vec<T>> {
    text.split(',')
        .map(|x| x.trim().parse::<T>().map_err(|_| anyhow::anyhow!("{what}: '{x}' is not a valid number")))
        .collect()
}
