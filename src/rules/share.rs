//! Shares of a total, kept exact.
//!
//! A share written `0.65` in a model file is meant as the decimal 65/100, not as the nearest
//! binary double (which is a hair above 0.65 and would turn `0.65 * 100` into a quota of 66).
//! Numbers are therefore read back through their shortest decimal form, and strings such as
//! `"2/3"` give exact fractions.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A share of a total, as written: a number or a fraction in a string.
///
/// ```
/// use comity::rules::Share;
/// use num_rational::BigRational;
/// // 0.65 is read as the decimal 13/20, not the nearest binary double.
/// assert_eq!(Share::Number(0.65).to_fraction()?, BigRational::new(13.into(), 20.into()));
/// assert_eq!(Share::Text("2/3".into()).to_string(), "2/3");
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Share {
    /// A decimal number such as `0.65`.
    Number(f64),
    /// A fraction or decimal in a string, such as `"2/3"`.
    Text(String),
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Share::Number(x) => write!(f, "{x}"),
            Share::Text(s) => write!(f, "{s}"),
        }
    }
}

impl Share {
    /// The share as an exact fraction in `(0, 1]`, or a message saying what was expected.
    ///
    /// ```
    /// use comity::rules::Share;
    /// use num_rational::BigRational;
    /// assert_eq!(Share::Text("2/3".into()).to_fraction(), Ok(BigRational::new(2.into(), 3.into())));
    /// assert_eq!(
    ///     Share::Number(1.5).to_fraction(),
    ///     Err("a share must be above 0 and at most 1, found 1.5".to_string())
    /// );
    /// ```
    pub fn to_fraction(&self) -> Result<BigRational, String> {
        let value = match self {
            Share::Number(x) if x.is_finite() => parse_decimal(&format!("{x}")),
            Share::Number(x) => Err(format!("{x} is not a number")),
            Share::Text(s) => parse_text(s),
        }?;
        if value.is_positive() && value <= BigRational::one() {
            Ok(value)
        } else {
            Err(format!("a share must be above 0 and at most 1, found {self}"))
        }
    }
}

fn parse_text(s: &str) -> Result<BigRational, String> {
    match s.split_once('/') {
        Some((a, b)) => {
            let num: BigInt =
                a.trim().parse().map_err(|_| format!("\"{s}\" is not a fraction like \"2/3\""))?;
            let den: BigInt =
                b.trim().parse().map_err(|_| format!("\"{s}\" is not a fraction like \"2/3\""))?;
            if den.is_zero() {
                return Err(format!("\"{s}\" divides by zero"));
            }
            Ok(BigRational::new(num, den))
        }
        None => parse_decimal(s.trim()),
    }
}

use crate::exact::parse_decimal;

#[cfg(test)]
mod tests {
    use super::*;

    fn frac(a: i64, b: i64) -> BigRational {
        BigRational::new(a.into(), b.into())
    }

    #[test]
    fn decimals_are_read_as_written() {
        assert_eq!(Share::Number(0.65).to_fraction(), Ok(frac(13, 20)));
        assert_eq!(Share::Text("2/3".into()).to_fraction(), Ok(frac(2, 3)));
        assert_eq!(Share::Text("5e-1".into()).to_fraction(), Ok(frac(1, 2)));
    }

    #[test]
    fn out_of_range_and_malformed_shares_are_refused() {
        assert!(Share::Number(1.5).to_fraction().unwrap_err().contains("at most 1"));
        assert!(Share::Number(0.0).to_fraction().is_err());
        assert!(Share::Text("two thirds".into()).to_fraction().unwrap_err().contains("fraction"));
    }
}
