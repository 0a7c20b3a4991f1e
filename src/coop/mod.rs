//! Cooperative (transferable-utility) games and their solutions: Shapley and Banzhaf values,
//! the Owen value for a priori unions, the core and least core, the nucleolus and
//! prenucleolus (exact and certified), and structural checks.
//!
//! # References
//! Peleg & Sudhölter (2007), *Introduction to the Theory of Cooperative Games*; each module
//! cites its algorithm.
//!
//! ```
//! use comity::coop::{NucleolusKind, TuGame, nucleolus, shapley_value};
//! let g = TuGame::glove(&[true, false, false]).unwrap();
//! let nu = nucleolus(&g, NucleolusKind::Nucleolus).unwrap();
//! assert_eq!(nu.exact_strings(), ["1", "0", "0"]); // the scarce left glove takes all
//! let phi = shapley_value(&g);
//! assert!((phi.iter().sum::<f64>() - 1.0).abs() < 1e-12);
//! ```

mod coalition_simplex;
mod core;
mod cost_allocation;
mod nucleolus;
mod shapley;
mod tu_game;

pub use self::core::{
    CoopError, LEAST_CORE_BYTES_PER_COALITION, LeastCore, MAX_LEAST_CORE_PLAYERS, MAX_LP_PLAYERS, TOLERANCE,
    core_is_empty, core_is_empty_cancellable, in_core, is_balanced, is_balanced_cancellable, is_convex,
    is_convex_cancellable, is_superadditive, is_superadditive_cancellable, least_core,
    least_core_cancellable,
};
pub use cost_allocation::{
    CostAllocationError, ScaleLimits, capacity_scale, indivisible_cost, nucleolus_cost_shares,
    nucleolus_cost_shares_cancellable, scale_economies_cost, shapley_cost_shares,
};
pub use nucleolus::{
    MAX_NUCLEOLUS_PLAYERS, NUCLEOLUS_BYTES_PER_COALITION, Nucleolus, NucleolusKind, nucleolus,
    nucleolus_cancellable,
};
pub use shapley::{
    SampledShapley, banzhaf_owen_value, banzhaf_value, check_partition, owen_value, shapley_sampled,
    shapley_value,
};
pub use tu_game::{TuError, TuGame};
