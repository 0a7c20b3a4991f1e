//! Where output goes: standard output, or a file written under a temporary name and renamed
//! into place once complete, so that no reader ever sees half a result; and the small
//! formatting and list-parsing helpers the commands share.

use anyhow::Context;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `text` to `path` atomically, or to standard output when `path` is `None`.
pub fn emit(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    let Some(path) = path else {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        return Ok(out.flush()?);
    };
    let temp = temporary_name(path);
    let write = || -> io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    };
    write()
        .inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
        .with_context(|| format!("cannot write {}", path.display()))
}

fn temporary_name(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// An exact fraction as `n/d`, or `n` for a whole number.
pub fn fraction(x: &num_rational::BigRational) -> String {
    if x.denom() == &1.into() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

/// Parses a comma-separated list of numbers given for option `what`.
pub fn numbers<T: std::str::FromStr>(text: &str, what: &str) -> anyhow::Result<Vec<T>> {
    text.split(',')
        .map(|x| x.trim().parse::<T>().map_err(|_| anyhow::anyhow!("{what}: '{x}' is not a valid number")))
        .collect()
}

pub use crate::study::csv_field;
