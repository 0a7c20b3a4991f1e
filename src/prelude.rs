//! What a first program needs, in one import.
//!
//! ```
//! use comity::prelude::*;
//! let game = WeightedGame::new(vec![3, 2, 1], 4).unwrap();
//! let power = power_indices(&game, &PowerOptions::default()).unwrap();
//! assert_eq!(power.shapley_shubik().unwrap(), vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
//! let body = Institution::builder("demo", "Demo body")
//!     .member("A", "Alpha")
//!     .member("B", "Beta")
//!     .draft(true)
//!     .rule("consensus", Rule::Unanimity)
//!     .build()
//!     .unwrap();
//! assert_eq!(body.members()[1].name, "Beta");
//! ```

pub use crate::game::{Coalition, Game, GameError, SimpleGame, WeightedGame};
pub use crate::model::{Institution, InstitutionBuilder, Member, ModelError};
pub use crate::power::{AsGame, PowerError, PowerIndices, PowerOptions, power_indices};
pub use crate::rules::{CompiledRule, Rule};
