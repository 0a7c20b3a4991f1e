//! Results written into a frame that the Python half built before the call or during it.
//!
//! For the calls that return a table of numbers (`power_indices`, `BaronFerejohn.to_frame`), the
//! Python half allocates the frame's columns as zeroed `bytearray`s, wraps them in the DataFrame
//! it will return (numpy views, no copy), and hands the buffers and the frame's `attrs` dict
//! over; the extension writes the columns into the buffers (one copy of native-endian bytes)
//! and the attributes into the dict. Nothing is left to parse or assemble after the
//! computation. `power_indices` gets a function that makes the frame, and calls it while the
//! computation runs on the thread pool ([`crate::interrupt::run_known_meanwhile`]).
//!
//! Why: Python code that runs right after a computation of a few milliseconds runs several
//! times slower than the same code run just before it. Measured in one process on the EU
//! Council's power indices: building the five-column frame took 21 µs after other Python work
//! and 150 to 250 µs right after the library call, and `json.loads` of the 4 kB result 44 µs
//! and 115 µs; the computation, on every core, evicted the interpreter's code and data from the
//! caches and branch predictors, and the waiting thread slept. The frame built first is built
//! warm (the first call of a loop), or at least beside the computation (the next ones: any
//! Python code after a wait of milliseconds runs cold, even after a `time.sleep`: on
//! 2026-12-02, load average 1.2, the medians of 300 rounds were 16 µs warm and 139 to 157 µs
//! after a 6 ms sleep or an EU Council computation for making this frame, 11 µs and 42 to
//! 47 µs for a 200-item list comprehension, with no page fault and no context switch in the
//! step). (Rejected: JSON text, parsed after the call, the former design; lists or arrays built
//! in Rust and assembled into a frame in Python, still all after the call; the `numpy` crate,
//! a new dependency for what two `bytearray`s do, and the buffer protocol, which the stable ABI
//! this extension builds for (abi3, Python 3.9) lacks before Python 3.11.)

use crate::errors::input;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyByteArray, PyBytes, PySlice};

/// Writes `values` into `buffer` as native-endian `f64`s, refusing a buffer of another size
/// (`what` names it in the error).
pub fn write_f64(buffer: &Bound<'_, PyByteArray>, values: &[f64], what: &str) -> PyResult<()> {
    write(buffer, values.len(), |k| values[k].to_ne_bytes(), what)
}

/// Writes `values` into `buffer` as native-endian `i64`s, refusing a buffer of another size.
pub fn write_i64(buffer: &Bound<'_, PyByteArray>, values: &[i64], what: &str) -> PyResult<()> {
    write(buffer, values.len(), |k| values[k].to_ne_bytes(), what)
}

/// Copies the `count` 8-byte values `value(k)` over the whole of `buffer` by slice assignment:
/// the same size, so the `bytearray` keeps its storage and every numpy view of it sees the
/// values. The bytes are written straight into the new `bytes` object (no intermediate
/// vector). (Slice assignment rather than writing through the buffer's pointer, which would
/// need `unsafe`.)
fn write(
    buffer: &Bound<'_, PyByteArray>,
    count: usize,
    value: impl Fn(usize) -> [u8; 8],
    what: &str,
) -> PyResult<()> {
    let len = 8 * count;
    if buffer.len() != len {
        return Err(input(format!("{what}: a buffer of {} bytes; expected {len}", buffer.len())));
    }
    let py = buffer.py();
    let bytes = PyBytes::new_with(py, len, |out| {
        for (k, chunk) in out.chunks_exact_mut(8).enumerate() {
            chunk.copy_from_slice(&value(k));
        }
        Ok(())
    })?;
    buffer.as_any().set_item(PySlice::full(py), bytes)
}

/// `fractions.Fraction`, `object.__new__`, and whether a fraction can be made by setting its two
/// slots ([`slots_agree`]); looked up once.
static FRACTION: GILOnceCell<(Py<PyAny>, Py<PyAny>, bool)> = GILOnceCell::new();

/// `value` as a `fractions.Fraction`. A reduced fraction whose terms fit in 64 bits is made by
/// setting the two slots of a new `Fraction` (`_numerator`, `_denominator`), which runs no
/// Python code: the constructor's Python code, run right after a computation, cost 17 to 30
/// µs (see the module's introduction), a fifth of what remained of the EU Council call's
/// overhead. Other values go through the constructor (from the terms, or from the text when
/// they exceed 64 bits), as does everything when the slots are not those of this Python's
/// `fractions` ([`slots_agree`]).
pub fn fraction<'py>(py: Python<'py>, value: &BigRational) -> PyResult<Bound<'py, PyAny>> {
    let (class, new, slots) = FRACTION.get_or_try_init(py, || -> PyResult<_> {
        let class = py.import("fractions")?.getattr("Fraction")?;
        let new = py.import("builtins")?.getattr("object")?.getattr("__new__")?;
        let slots = slots_agree(&class, &new).unwrap_or(false);
        Ok((class.unbind(), new.unbind(), slots))
    })?;
    let class = class.bind(py);
    match (value.numer().to_i64(), value.denom().to_i64()) {
        (Some(n), Some(d)) if *slots => by_slots(class, new.bind(py), n, d),
        (Some(n), Some(d)) => class.call1((n, d)),
        _ => class.call1((value.to_string(),)),
    }
}

/// A `Fraction` of the reduced `n / d` (`d > 0`, as `BigRational` keeps it) made from its slots.
fn by_slots<'py>(
    class: &Bound<'py, PyAny>,
    new: &Bound<'py, PyAny>,
    n: i64,
    d: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let py = class.py();
    let f = new.call1((class,))?;
    f.setattr(intern!(py, "_numerator"), n)?;
    f.setattr(intern!(py, "_denominator"), d)?;
    Ok(f)
}

/// Whether a `Fraction` made from its slots equals, hashes and prints as the constructor's, on
/// 421/2145 and -3/4: true of every CPython from 3.9 to 3.13, checked here in case a later one
/// changes its layout.
fn slots_agree(class: &Bound<'_, PyAny>, new: &Bound<'_, PyAny>) -> PyResult<bool> {
    for (n, d) in [(421i64, 2145i64), (-3, 4)] {
        let ours = by_slots(class, new, n, d)?;
        let theirs = class.call1((n, d))?;
        let same = ours.eq(&theirs)?
            && ours.hash()? == theirs.hash()?
            && ours.repr()?.to_string() == theirs.repr()?.to_string()
            && ours.get_type().is(&theirs.get_type());
        if !same {
            return Ok(false);
        }
    }
    Ok(true)
}
