//! The whole `check` pipeline on a claims file and a rules file made from
//! the input (split at the first NUL byte): loading, resolving, evaluating,
//! the built-in checks and the rendered report never panic.
#![no_main]

use factlint::check::{self, CheckOptions, InputFile};
use factlint::config::Config;
use factlint::report::Style;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (claims, rules) = text.split_once('\0').unwrap_or((text, ""));
    let inputs = vec![
        InputFile::from_text("corpus/fuzz.claims", claims),
        InputFile::from_text("rules/fuzz.rules", rules),
    ];
    let config = Config::default_at(std::path::Path::new("/nonexistent-fuzz-root"));
    let options = CheckOptions::default();
    let project = check::load_inputs(inputs, &config);
    let run = check::run_project(project, &config, &options);
    let presented = factlint::present::present(&run, &factlint::present::Policy::default());
    assert_eq!(presented.exit_code, run.exit_code());
    for format in [
        factlint::output::OutputFormat::Full,
        factlint::output::OutputFormat::Json,
        factlint::output::OutputFormat::Sarif,
        factlint::output::OutputFormat::Junit,
    ] {
        let _ = factlint::output::render(&run, &presented, format, Style { color: false });
    }
});
