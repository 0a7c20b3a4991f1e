//! Every test that reads the bundled studies' results, in one test binary, so that the studies
//! run once (most of a minute, the IMF's 190 members above all) rather than once per binary:
//! the charts as a reader sees them, the report files, and the group totals.

#[path = "../support/mod.rs"]
mod support;

mod aggregates;
mod charts;
mod report;
