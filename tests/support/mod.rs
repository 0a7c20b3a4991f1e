//! Shared generators for the property tests: the crate's own `comity::testing` strategies,
//! which a user's property tests reach for too (this crate's dev-dependency on itself turns on
//! the `proptest` feature under a plain `cargo test`).
#![allow(unused_imports)]

pub use comity::testing::{composite_game, size_weight_game, weighted_game};
