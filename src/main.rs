//! The `factlint` binary: parses arguments and calls the library.

use clap::Parser;

/// mimalloc: allocation-heavy stages (parsing, the corpus, exact
/// arithmetic) run faster with it than with the system allocator
/// (README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = factlint::cli::Cli::parse();
    std::process::exit(factlint::cli::main_with(cli));
}
