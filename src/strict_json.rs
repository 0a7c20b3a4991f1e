//! Strict JSON input: a reader that refuses what `serde_json::from_str::<Value>` accepts
//! silently.
//!
//! JSON (RFC 8259, sec. 4) only says that object names "SHOULD be unique"; `serde_json`'s
//! `Value` keeps the last of duplicate keys, so `{"quota": 50, "quota": 70}` reads as 70 with
//! no word. For input files that is a typo that changes the answer, so [`from_str`] refuses
//! duplicate keys, naming the key's path, line and column. It also strips a leading UTF-8
//! byte-order mark (U+FEFF), which editors on Windows write and RFC 8259 allows parsers to
//! ignore, as the TOML reader already does. [`refuse_unknown_fields`] then checks an object's
//! keys against the fields a format knows, so that a misspelt optional field is not ignored.
//!
//! The document is parsed by `serde_json`'s own parser (numbers, escapes, nesting limit of 128
//! levels), through a visitor that builds the same `Value` while watching for duplicates; the
//! rejected alternative, a hand-written parser, would repeat well-tested code.
//!
//! # References
//! Bray (2017), RFC 8259 "The JavaScript Object Notation (JSON) Data Interchange Format",
//! sec. 4 (names should be unique) and sec. 8.1 (byte-order mark).
//!
//! ```
//! use comity::strict_json::{from_str, refuse_unknown_fields};
//! let doc = from_str("\u{feff}{\"row\": [[1, 2]], \"col\": [[2, 1]]}").unwrap();
//! assert_eq!(doc["row"][0][1], 2);
//! refuse_unknown_fields(&doc, "", &["row", "col"]).unwrap();
//!
//! let err = from_str("{\"a\": {\"b\": 1,\n \"b\": 2}}").unwrap_err();
//! assert_eq!(err.to_string(), "duplicate key \"b\" in a (line 2, column 4)");
//! let err = refuse_unknown_fields(&doc, "", &["row"]).unwrap_err();
//! assert_eq!(err.to_string(), "unknown field \"col\" at the top level; expected one of: row");
//! ```

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Why a JSON document was refused. Every message is one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StrictJsonError {
    /// Not valid JSON.
    #[error("not valid JSON: {message} (line {line}, column {column})")]
    Syntax {
        /// What the parser expected.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// An object with the same key twice.
    #[error("duplicate key \"{key}\" {} (line {line}, column {column})", place(path))]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// Where the object is, e.g. `institution.members[3]` (empty for the top level).
        path: String,
        /// 1-based line, just after the second occurrence of the key.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A key that the format does not define.
    #[error("unknown field \"{field}\" {}; expected one of: {}", place(path), expected.join(", "))]
    UnknownField {
        /// The unknown key.
        field: String,
        /// Where the object is (empty for the top level).
        path: String,
        /// The fields the format knows.
        expected: Vec<String>,
    },
    /// A value that should be an object.
    #[error("{}: expected an object {{...}}", if path.is_empty() { "the document" } else { path.as_str() })]
    NotAnObject {
        /// Where (empty for the top level).
        path: String,
    },
}

fn place(path: &str) -> String {
    if path.is_empty() { "at the top level".into() } else { format!("in {path}") }
}

/// Parses `text` as JSON into a [`Value`], refusing duplicate keys at any depth and stripping
/// a leading byte-order mark.
pub fn from_str(text: &str) -> Result<Value, StrictJsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Node { path: &Path::Root, duplicate: &duplicate };
    let result = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    result.map_err(|e| match duplicate.into_inner() {
        Some((path, key)) => StrictJsonError::DuplicateKey { key, path, line: e.line(), column: e.column() },
        None => {
            // serde_json appends " at line L column C"; the position is reported separately.
            let text = e.to_string();
            let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m).to_string();
            StrictJsonError::Syntax { message, line: e.line(), column: e.column() }
        }
    })
}

/// Checks that `value` is an object whose keys are all in `known`; `path` names it in the
/// message (empty for the top level).
pub fn refuse_unknown_fields(value: &Value, path: &str, known: &[&str]) -> Result<(), StrictJsonError> {
    let object = value.as_object().ok_or_else(|| StrictJsonError::NotAnObject { path: path.into() })?;
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(field) => Err(StrictJsonError::UnknownField {
            field: field.clone(),
            path: path.into(),
            expected: known.iter().map(|k| k.to_string()).collect(),
        }),
        None => Ok(()),
    }
}

/// A position in the document, as a chain to the root (built only when an error is reported).
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, k) => write!(f, "{k}"),
            Path::Key(parent, k) => write!(f, "{parent}.{k}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// The seed for one value: where it is, and the slot for a duplicate found below it.
#[derive(Clone, Copy)]
struct Node<'a> {
    path: &'a Path<'a>,
    duplicate: &'a RefCell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // serde_json's parser never yields a non-finite number.
        Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom(format!("number {v} is not finite")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = Path::Index(self.path, items.len());
            match seq.next_element_seed(Node { path: &path, duplicate: self.duplicate })? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some((self.path.to_string(), key.clone()));
                return Err(de::Error::custom(format!("duplicate key \"{key}\"")));
            }
            let path = Path::Key(self.path, &key);
            let value = map.next_value_seed(Node { path: &path, duplicate: self.duplicate })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_is_refused_with_its_path() {
        let err = from_str(r#"{"a": [1, {"x": 1, "x": 2}]}"#).unwrap_err();
        assert!(
            matches!(&err, StrictJsonError::DuplicateKey { key, path, .. } if key == "x" && path == "a[1]")
        );
        let top = from_str("{\"k\": 1, \"k\": 1}").unwrap_err();
        assert_eq!(top.to_string(), "duplicate key \"k\" at the top level (line 1, column 12)");
    }

    #[test]
    fn the_same_key_in_different_objects_is_fine() {
        let v = from_str(r#"{"a": {"x": 1}, "b": {"x": 2}, "x": [{"x": 3}]}"#).unwrap();
        assert_eq!(v["b"]["x"], 2);
        assert_eq!(v["x"][0]["x"], 3);
    }

    #[test]
    fn values_match_serde_json() {
        let text = r#"{"n": -3, "u": 18446744073709551615, "f": 2.5e-300, "s": "\u00e9", "z": null, "t": [true, false]}"#;
        assert_eq!(from_str(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn a_byte_order_mark_is_stripped_and_syntax_errors_give_the_position() {
        assert_eq!(from_str("\u{feff}[1]").unwrap(), serde_json::json!([1]));
        let err = from_str("{\n  \"a\": }").unwrap_err();
        assert!(matches!(err, StrictJsonError::Syntax { line: 2, .. }), "{err}");
        assert!(!err.to_string().contains('\n'));
        assert!(matches!(from_str("[1] 2").unwrap_err(), StrictJsonError::Syntax { .. }));
    }

    #[test]
    fn unknown_fields_are_named() {
        let v = from_str(r#"{"row": 1, "rwo": 2}"#).unwrap();
        let err = refuse_unknown_fields(&v, "game", &["row", "col"]).unwrap_err();
        assert_eq!(err.to_string(), "unknown field \"rwo\" in game; expected one of: row, col");
        assert!(refuse_unknown_fields(&serde_json::json!([1]), "", &[]).is_err());
    }
}
