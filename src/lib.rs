//! factlint checks numeric claims for consistency the way a test runner checks code.
//!
//! The pipeline, one module per stage: [`syntax`] parses claim and rule files,
//! [`corpus`] loads them into interned claims with interval values, [`resolve`]
//! binds names and checks units, [`eval`] computes intervals and outcomes, and
//! [`report`] renders findings; [`cli`] wires it to the command line.

pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod drafts;
pub mod eval;
pub mod exact;
pub mod extract;
pub mod fsutil;
pub mod grounding;
pub mod interval;
pub mod numerals;
pub mod output;
pub mod present;
pub mod report;
pub mod resolve;
pub mod sources;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod units;
