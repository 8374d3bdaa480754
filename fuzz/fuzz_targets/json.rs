//! JSON claims files on any text: loading never panics, every span lies on
//! character boundaries inside the text, and every string's span, read back
//! as JSON, is that string.
#![no_main]

use factlint::corpus::parse_json_file;
use factlint::syntax::ast::ClaimsItem;
use factlint::base::span::{FileId, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_json_file(text, FileId(0));
    let inside = |span: Span| {
        let (start, end) = (span.start as usize, span.end as usize);
        assert!(start <= end && end <= text.len(), "{span:?} outside the text");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    };
    for e in &parsed.errors {
        inside(e.span);
    }
    for item in &parsed.items {
        if let ClaimsItem::Claim(claim) = item {
            inside(claim.span);
            inside(claim.id.span);
            for cite in &claim.citations {
                inside(cite.quote.span);
                // A quote's span (with its quotes) reads back as the quote.
                let written = &text[cite.quote.span.start as usize..cite.quote.span.end as usize];
                let read: Result<String, _> = serde_json::from_str(written);
                assert_eq!(read.ok().as_deref(), Some(cite.quote.value.as_str()));
            }
        }
    }
});
