//! Helpers shared by the modules that solve linear programs with good_lp and the pure-Rust
//! microlp solver.

use good_lp::{Expression, ProblemVariables, variable};

/// A variable of free sign, as the difference of two non-negative ones: microlp has been seen
/// to stall on these problems when variables are free, and never with the split form.
pub(crate) fn free_variable(vars: &mut ProblemVariables) -> Expression {
    let plus = vars.add(variable().min(0.0));
    let minus = vars.add(variable().min(0.0));
    Expression::from(plus) - minus
}
