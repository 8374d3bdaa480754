//! The whole `check` pipeline on a claims file and a rules file made from
//! the input (split at the first NUL byte): loading, resolving, evaluating,
//! the built-in checks and the rendered report never panic.
#![no_main]

use factlint::analysis::Project;
use factlint::config::Config;
use factlint::report::Style;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (claims, rules) = text.split_once('\0').unwrap_or((text, ""));
    let config = Config::default_at(std::path::Path::new("/nonexistent-fuzz-root"));
    let analysis = Project::in_memory(
        config,
        [("corpus/fuzz.claims", claims), ("rules/fuzz.rules", rules)],
    )
    .check();
    assert_eq!(analysis.exit_code(), analysis.run().exit_code());
    for format in [
        factlint::output::OutputFormat::Full,
        factlint::output::OutputFormat::Json,
        factlint::output::OutputFormat::Sarif,
        factlint::output::OutputFormat::Junit,
    ] {
        let _ = factlint::output::render(&analysis, format, Style { color: false });
    }
});
