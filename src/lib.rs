//! factlint checks numeric claims for consistency the way a test runner checks code.
//!
//! The pipeline, one module per stage, each importing only those before it:
//! [`base`] and [`quantity`] at the bottom, then [`syntax`], [`numerals`],
//! [`extract`], [`config`], [`corpus`], [`resolve`], [`eval`], [`grounding`],
//! [`check`], [`report`], [`present`], [`analysis`] (the library API every
//! front end calls) and [`output`]; [`cli`] is a front end.

pub mod analysis;
pub mod base;
pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod extract;
pub mod grounding;
pub mod numerals;
pub mod output;
pub mod present;
pub mod quantity;
pub mod report;
pub mod resolve;
pub mod syntax;
