#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod bargaining;
pub mod coop;
pub mod equilibrium;
pub mod estimate;
pub mod exact;
pub mod game;
mod lp;
pub mod model;
pub mod power;
pub mod prelude;
pub mod repeated;
pub mod rng;
pub mod rules;
pub mod strict_json;
pub mod study;
#[cfg(feature = "proptest")]
pub mod testing;
