//! The Markdown draft scanner on any text: never panics, and every span it
//! finds is an in-order slice of the text with its claim id inside it.
#![no_main]

use factlint::syntax::drafts::scan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut last = 0;
    for span in scan(text) {
        assert!(span.span.start >= last, "overlap at {:?}", span.span);
        last = span.span.end;
        assert!(text.get(span.span.clone()).is_some());
        assert!(text.get(span.text.clone()).is_some());
        assert_eq!(text.get(span.claim_span.clone()), Some(span.claim.as_str()));
    }
});
