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
    CoopError, LeastCore, MAX_LP_PLAYERS, TOLERANCE, core_is_empty, in_core, is_balanced, is_convex,
    is_superadditive, least_core,
};
pub use cost_allocation::{
    CostAllocationError, ScaleLimits, capacity_scale, indivisible_cost, nucleolus_cost_shares,
    scale_economies_cost, shapley_cost_shares,
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
