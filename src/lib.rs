//! factlint checks numeric claims for consistency the way a test runner checks code.
//!
//! The pipeline, one module per stage, each importing only those before it:
//! [`base`] and [`quantity`] at the bottom, then [`syntax`], [`numerals`],
//! [`extract`], [`config`], [`corpus`], [`resolve`], [`eval`], [`grounding`],
//! [`check`], [`report`], [`present`], [`analysis`] (the library API every
//! front end calls), [`output`], [`snapshot`] and [`html`] (the HTML
//! report); [`cli`] is a front end.
//! ARCHITECTURE.md draws the map; `tests/layering.rs` holds every stage to
//! it.
//!
//! Every front end (the command line, an editor, a test suite) opens a
//! [`analysis::Project`], checks it and reads the [`analysis::Analysis`]:
//!
//! ```
//! use factlint::analysis::Project;
//! use factlint::output::{self, OutputFormat};
//!
//! let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! let mut project = Project::open(root).expect("a readable factlint.toml");
//! let analysis = project.check();
//! for outcome in analysis.rules() {
//!     println!("{} ... {}", outcome.id, outcome.verdict);
//! }
//! assert_eq!(analysis.exit_code(), 0);
//! let sarif = output::render(&analysis, OutputFormat::Sarif, Default::default());
//! assert!(sarif.contains("\"version\": \"2.1.0\""));
//! ```

pub mod analysis;
pub mod base;
pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod grounding;
pub mod html;
pub mod lsp;
pub mod numerals;
pub mod output;
pub mod present;
pub mod quantity;
pub mod report;
pub mod resolve;
pub mod snapshot;
pub mod syntax;

/// docs/library.md, whose examples run as doctests.
#[doc = include_str!("../docs/library.md")]
#[cfg(doctest)]
pub struct LibraryGuide;

/// README.md, whose Rust example runs as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeGuide;
