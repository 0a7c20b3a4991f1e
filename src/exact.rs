//! Exact rational arithmetic shared by the modules: numbers read as the decimals they are
//! written as, and linear systems solved without rounding.
//!
//! # References
//! Gaussian elimination over the rationals: Schrijver (1986), *Theory of Linear and Integer
//! Programming*, sec. 3.3.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

/// The decimal that `x` prints as (its shortest round-trip form), as an exact fraction:
/// `0.1` is 1/10, not the binary double nearest to it.
pub fn decimal(x: f64) -> BigRational {
    // Whole numbers (the common case for games and weights) skip the detour through text.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return BigRational::from_integer(BigInt::from(x as i64));
    }
    parse_decimal(&format!("{x}")).unwrap_or_else(|_| BigRational::from_float(x).unwrap_or_default())
}

/// Parses a decimal such as `0.65`, `1e-1` or `2.5E-2` exactly.
pub fn parse_decimal(s: &str) -> Result<BigRational, String> {
    let bad = || format!("\"{s}\" is not a decimal number or a fraction like \"2/3\"");
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().map_err(|_| bad())?),
        None => (s, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: BigInt = format!("{int_part}{frac_part}").parse().map_err(|_| bad())?;
    let scale = exponent - frac_part.len() as i32;
    let ten = BigInt::from(10);
    Ok(if scale >= 0 {
        BigRational::from_integer(digits * num_traits::pow(ten, scale as usize))
    } else {
        BigRational::new(digits, num_traits::pow(ten, (-scale) as usize))
    })
}

/// Solves `A x = b` exactly for a consistent system with a unique solution, given as rows
/// `(coefficients, right-hand side)`. `None` if the system is inconsistent or underdetermined.
pub fn solve(rows: &[(Vec<BigRational>, BigRational)], unknowns: usize) -> Option<Vec<BigRational>> {
    let mut m: Vec<Vec<BigRational>> =
        rows.iter().map(|(a, b)| a.iter().cloned().chain(std::iter::once(b.clone())).collect()).collect();
    let mut pivot_row = 0;
    let mut pivots = Vec::with_capacity(unknowns);
    for col in 0..unknowns {
        let p = (pivot_row..m.len()).find(|&r| !m[r][col].is_zero())?;
        m.swap(pivot_row, p);
        let pivot = m[pivot_row][col].clone();
        for x in m[pivot_row].iter_mut() {
            *x = &*x / &pivot;
        }
        let prow = m[pivot_row].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != pivot_row && !row[col].is_zero() {
                let f = row[col].clone();
                for (x, p) in row.iter_mut().zip(&prow) {
                    *x = &*x - &f * p;
                }
            }
        }
        pivots.push(col);
        pivot_row += 1;
    }
    // Rows beyond the pivots must read 0 = 0.
    if m[pivot_row..].iter().any(|row| !row[unknowns].is_zero()) {
        return None;
    }
    Some((0..unknowns).map(|c| m[c][unknowns].clone()).collect())
}
