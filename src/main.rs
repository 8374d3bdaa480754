//! The `factlint` binary: parses arguments and calls the library.

use clap::Parser;

fn main() {
    let cli = factlint::cli::Cli::parse();
    std::process::exit(factlint::cli::main_with(cli));
}
