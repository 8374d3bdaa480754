//! The rules parser on any text: never panics (no stack overflow however
//! deep the nesting), and every error points into the text.
#![no_main]

use factlint::base::span::FileId;
use factlint::syntax::parse_rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (_rules, errors) = parse_rules(text, FileId(0));
    for e in errors {
        assert!(e.span.start as usize <= text.len() && e.span.end as usize <= text.len());
    }
});
