#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod game;
pub mod power;
pub mod model;
pub mod rules;
pub mod cli;
