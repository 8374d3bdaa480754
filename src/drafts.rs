//! Markdown drafts: an article being written cites the corpus with
//! Pandoc-style bracketed spans, `[$5.4 billion]{claim=sora.annual_loss}`,
//! and the `drafts` check verifies each span's number against its claim, as
//! the `quotes` check does for quotes.
//!
//! The scanner reads the Markdown with pulldown-cmark only to find code
//! (fenced or indented blocks, inline code), which it skips; spans are
//! found in the rest of the raw text, so every byte offset points into the
//! file as written.

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// One bracketed span that cites a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSpan {
    /// The whole span, `[...]{...}`.
    pub span: Range<usize>,
    /// The text between the brackets.
    pub text: Range<usize>,
    /// The claim id given with `claim=`.
    pub claim: String,
    /// Where the claim id is written.
    pub claim_span: Range<usize>,
}

/// Byte ranges of code in `markdown`: nothing in them is a citation.
fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                let start = block_start.take().unwrap_or(range.start);
                ranges.push(start..range.end);
            }
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Every `[text]{... claim=ID ...}` span in `markdown`, in order.
pub fn scan(markdown: &str) -> Vec<DraftSpan> {
    let code = code_ranges(markdown);
    // Ranges are sorted by start and do not overlap: a binary search finds
    // the one that could hold `at`.
    let in_code = |at: usize| {
        let i = code.partition_point(|r| r.start <= at);
        i > 0 && code[i - 1].contains(&at)
    };
    let bytes = markdown.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'[' || in_code(i) || (i > 0 && bytes[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        let Some(found) = span_at(markdown, i) else {
            i += 1;
            continue;
        };
        i = found.span.end;
        spans.push(found);
    }
    spans
}

/// The span starting with the `[` at `open`, if it is one: text without
/// brackets or a blank line, `]` then `{` right after, attributes to `}` on
/// the same line, one of them `claim=ID`.
fn span_at(markdown: &str, open: usize) -> Option<DraftSpan> {
    let rest = &markdown[open + 1..];
    let mut close = None;
    for (j, c) in rest.char_indices() {
        match c {
            ']' => {
                close = Some(j);
                break;
            }
            '[' => return None,
            '\n' if rest[j + 1..]
                .trim_start_matches([' ', '\t'])
                .starts_with('\n') =>
            {
                return None;
            }
            _ => {}
        }
    }
    let close = open + 1 + close?;
    let attrs_start = close + 1;
    if !markdown[attrs_start..].starts_with('{') {
        return None;
    }
    let attrs_end = attrs_start + markdown[attrs_start..].find(['}', '\n'])?;
    if markdown.as_bytes()[attrs_end] != b'}' {
        return None;
    }
    let attrs = &markdown[attrs_start + 1..attrs_end];
    let mut offset = attrs_start + 1;
    let mut claim = None;
    for word in attrs.split(' ') {
        if let Some(value) = word.strip_prefix("claim=") {
            let quoted = value.starts_with('"');
            let id = value.trim_matches('"');
            let start = offset + "claim=".len() + usize::from(quoted);
            claim = Some((id.to_owned(), start..start + id.len()));
        }
        offset += word.len() + 1;
    }
    let (claim, claim_span) = claim?;
    if claim.is_empty() {
        return None;
    }
    Some(DraftSpan {
        span: open..attrs_end + 1,
        text: open + 1..close,
        claim,
        claim_span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spans_and_skips_code() {
        let md = "Sora loses [$5.4 billion]{claim=sora.annual_loss} a year.\n\n\
                  `[$1]{claim=x}` and\n\n```\n[$2]{claim=y}\n```\n\
                  [a link](http://x) and [2 萬億美元]{.num claim=revenue[2030]}\n";
        let spans = scan(md);
        assert_eq!(spans.len(), 2, "{spans:?}");
        assert_eq!(&md[spans[0].text.clone()], "$5.4 billion");
        assert_eq!(spans[0].claim, "sora.annual_loss");
        assert_eq!(&md[spans[0].claim_span.clone()], "sora.annual_loss");
        assert_eq!(&md[spans[1].text.clone()], "2 萬億美元");
        assert_eq!(spans[1].claim, "revenue[2030]");
        let md = "[5]{claim=a} and [6]{.x claim=\"bb\"}";
        let spans = scan(md);
        assert_eq!(&md[spans[0].claim_span.clone()], "a");
        assert_eq!(&md[spans[1].claim_span.clone()], "bb");
    }

    #[test]
    fn many_brackets_and_code_spans_stay_linear() {
        let md = "`x` [ ".repeat(100_000);
        assert!(scan(&md).is_empty());
    }

    #[test]
    fn ignores_what_is_not_a_citation() {
        for md in [
            "[text]{.class}",
            "[text] {claim=a}",
            "[text]{claim=a",
            "\\[x]{claim=a}",
            "[a\n\nb]{claim=c}",
            "[]{claim=}",
        ] {
            assert!(scan(md).is_empty(), "{md}");
        }
    }
}
