//! The library's JSON values handed to Python as Python objects, without JSON text.
//!
//! Results that the library already builds as `serde_json::Value` (a TU game's solutions, a
//! game's structure) crossed as text that the Python half parsed with `json.loads`. They now
//! cross as the objects `json.loads` would have made of that text: `None`, `bool`, `int` (for
//! numbers held as integers), `float` (for numbers held as `f64`: `serde_json` writes those with
//! a decimal point, which `json.loads` reads as floats), `str`, `list` and `dict` in the
//! value's key order (`preserve_order`). The values are the same; one encoding and one parse
//! fewer. (Rejected: the `pythonize` crate, a dependency for forty lines.)

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

/// `value` as the Python object `json.loads(value.to_string())` gives.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                // Every number is one of the three without `arbitrary_precision`.
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
