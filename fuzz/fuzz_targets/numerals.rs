//! The numeral reader and `extract` on any text: never panics, spans are
//! in-order slices of the text, and ranges are not empty.
#![no_main]

use factlint::numerals::{MentionValue, find_numbers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mentions = find_numbers(text);
    let mut last_end = 0;
    for m in &mentions {
        assert!(text.get(m.span.clone()).is_some(), "span {:?}", m.span);
        assert!(m.span.start >= last_end, "overlap at {:?}", m.span);
        last_end = m.span.end;
        if let Some(q) = &m.qualifier_span {
            assert!(text.get(q.clone()).is_some(), "qualifier span {q:?}");
        }
        if let MentionValue::Range(lo, hi) = m.value {
            assert!(lo.value() < hi.value(), "empty range {lo:?}..{hi:?}");
        }
    }
    let rows = factlint::extract::extract("fuzz.txt", text);
    let _ = factlint::extract::render_table(&rows);
    let _ = factlint::extract::render_claims(&rows, "fuzz");
});
