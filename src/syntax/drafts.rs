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
///
/// The scan is linear in the length of `markdown`: no byte is read again
/// for each `[` that could start a span. A run of backslashes is counted as
/// it is passed, and the attribute block that a `{` opens is read once for
/// all the spans that could end with it (see `AttributeBlock`).
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
    let mut block = AttributeBlock::default();
    // The number of backslashes just before `i`. As in Markdown, a `[`
    // after an odd number of them is escaped; after an even number, the
    // backslashes escape each other and the `[` is a bracket.
    let mut backslashes = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let escaped = backslashes % 2 == 1;
        backslashes = if bytes[i] == b'\\' {
            backslashes + 1
        } else {
            0
        };
        if bytes[i] != b'[' || escaped || in_code(i) {
            i += 1;
            continue;
        }
        let Some(found) = span_at(markdown, i, &mut block) else {
            i += 1;
            continue;
        };
        // A span ends with `}`, so no backslash stands before its end.
        i = found.span.end;
        spans.push(found);
    }
    spans
}

/// The span starting with the `[` at `open`, if it is one: text without
/// brackets or a blank line, `]` then `{` right after, attributes to `}` on
/// the same line, one of them `claim=ID`.
///
/// `block` is the attribute block read for an earlier `[`; spans are tried
/// from left to right, so it still holds for a `{` inside it.
fn span_at(markdown: &str, open: usize, block: &mut AttributeBlock) -> Option<DraftSpan> {
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
    if !block.holds(attrs_start) {
        *block = AttributeBlock::read(markdown, attrs_start);
    }
    if markdown.as_bytes().get(block.end) != Some(&b'}') {
        return None;
    }
    // The attributes are the words between `{` and `}`, split at spaces; the
    // last one that starts with `claim=` names the claim. That is the block's
    // last such word after a space if it lies after this `{`, or else the
    // first word when it starts with `claim=`.
    let claim = match &block.last_claim {
        Some((word, claim)) if *word > attrs_start + 1 => claim.clone(),
        _ if markdown[attrs_start + 1..block.end].starts_with("claim=") => {
            claim_word(markdown, attrs_start + 1, block.end)
        }
        _ => None,
    };
    let (claim, claim_span) = claim?;
    Some(DraftSpan {
        span: open..block.end + 1,
        text: open + 1..close,
        claim,
        claim_span,
    })
}

/// A claim id as a span gives it, and where it is written.
type Claim = (String, Range<usize>);

/// What is known of the text after one `{`: where its attribute block
/// ends, and the last `claim=` word in it.
///
/// Every `{` between `start` and `end` ends at the same `end`, and its last
/// `claim=` word is this one when that lies after it; so a line of `[5]{`
/// with no `}`, or a long block holding many `[x]{`, is read once rather
/// than once for each `[`.
#[derive(Debug, Default)]
struct AttributeBlock {
    /// The `{` this was read from.
    start: usize,
    /// The first `}` or line break after `start`, or the end of the text.
    end: usize,
    /// Where the last word after a space in the block that starts with
    /// `claim=` begins, and the claim it names (`None` when the id is
    /// empty). Only read when the block ends with `}`.
    last_claim: Option<(usize, Option<Claim>)>,
}

impl AttributeBlock {
    /// Reads the block that the `{` at `start` opens.
    fn read(markdown: &str, start: usize) -> AttributeBlock {
        let end = markdown[start..]
            .find(['}', '\n'])
            .map_or(markdown.len(), |at| start + at);
        let last_claim = if markdown.as_bytes().get(end) == Some(&b'}') {
            markdown[start + 1..end].rfind(" claim=").map(|at| {
                let word = start + 1 + at + 1;
                (word, claim_word(markdown, word, end))
            })
        } else {
            None
        };
        AttributeBlock {
            start,
            end,
            last_claim,
        }
    }

    /// Whether the `{` at `at` lies in this block, so that its attributes
    /// end where these do.
    fn holds(&self, at: usize) -> bool {
        self.start <= at && at < self.end
    }
}

/// The claim named by the `claim=` word starting at `word`, which runs to
/// the next space or to `end`; `None` when the id is empty. The id may be
/// in double quotes, which are not part of it.
fn claim_word(markdown: &str, word: usize, end: usize) -> Option<Claim> {
    let word_end = markdown[word..end].find(' ').map_or(end, |at| word + at);
    let value = &markdown[word + "claim=".len()..word_end];
    let unquoted = value.trim_start_matches('"');
    let id = unquoted.trim_end_matches('"');
    if id.is_empty() {
        return None;
    }
    let start = word_end - value.len() + (value.len() - unquoted.len());
    Some((id.to_owned(), start..start + id.len()))
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
    fn only_an_odd_number_of_backslashes_escapes_a_bracket() {
        // `\\[` is an escaped backslash, then a bracket.
        let md = "A \\\\[5 billion]{claim=a} here";
        let spans = scan(md);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert_eq!(&md[spans[0].text.clone()], "5 billion");
        assert!(scan("\\\\\\[5]{claim=a}").is_empty());
        // The run is counted once, not again back from each bracket.
        let even = format!("{}[5]{{claim=a}}", "\\".repeat(200_000));
        assert_eq!(scan(&even).len(), 1);
        let odd = format!("{}[5]{{claim=a}}", "\\".repeat(200_001));
        assert!(scan(&odd).is_empty());
    }

    #[test]
    fn spans_inside_attributes_that_cite_nothing_are_found() {
        let md = "[a]{x [b]{claim=y} and [c]{[d]{claim=z} w}";
        let claims: Vec<_> = scan(md).into_iter().map(|s| s.claim).collect();
        assert_eq!(claims, ["y", "z"]);
        // The last `claim=` word names the claim, wherever the block began.
        let md = "[a]{.c [b]{d claim=y} [e]{claim=x [f]{y claim=\"\"}";
        let spans = scan(md);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert_eq!(spans[0].claim, "y");
        assert_eq!(spans[0].span, 0..21);
        let md = "[5]{claim=\"\"a\"}";
        let spans = scan(md);
        assert_eq!(&md[spans[0].claim_span.clone()], "a");
    }

    /// Each pattern, repeated to 1 MB, once took time quadratic in its
    /// length (minutes at this size); a regression shows as a test that
    /// does not finish, not as a failed assertion.
    #[test]
    fn pathological_lines_scan_in_linear_time() {
        const SIZE: usize = 1 << 20;
        let repeat = |pattern: &str| pattern.repeat(SIZE / pattern.len());
        for pattern in ["[5]{", "[", "[[[[]{", "]{", "[a]{claim=", "\\[", "\\"] {
            let md = repeat(pattern);
            assert!(scan(&md).is_empty(), "{pattern}");
        }
        // Many spans in one long attribute block that cites nothing, and
        // many that share one last `claim=` word with an empty id.
        let md = repeat("[a]{") + "}";
        assert!(scan(&md).is_empty());
        let md = repeat("[a]{") + " claim=" + &"\"".repeat(SIZE) + "}";
        assert!(scan(&md).is_empty());
        let md = repeat("[5]{claim=a}");
        assert_eq!(scan(&md).len(), SIZE / "[5]{claim=a}".len());
        let md = "[5".to_owned() + &repeat("\n \t");
        assert!(scan(&md).is_empty());
    }

    /// The scanner as first written, quadratic but plain: try each `[` in
    /// turn, counting the backslashes before it anew.
    fn scan_plainly(markdown: &str) -> Vec<DraftSpan> {
        let code = code_ranges(markdown);
        let bytes = markdown.as_bytes();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if bytes[i] != b'[' || backslashes % 2 == 1 || code.iter().any(|r| r.contains(&i)) {
                i += 1;
                continue;
            }
            match span_at_plainly(markdown, i) {
                Some(found) => {
                    i = found.span.end;
                    spans.push(found);
                }
                None => i += 1,
            }
        }
        spans
    }

    fn span_at_plainly(markdown: &str, open: usize) -> Option<DraftSpan> {
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
        let mut offset = attrs_start + 1;
        let mut claim = None;
        for word in markdown[attrs_start + 1..attrs_end].split(' ') {
            if let Some(value) = word.strip_prefix("claim=") {
                let leading_quotes = value.len() - value.trim_start_matches('"').len();
                let id = value.trim_matches('"');
                let start = offset + "claim=".len() + leading_quotes;
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

    proptest::proptest! {
        /// The linear scanner finds exactly the spans the plain one does.
        #[test]
        fn scan_finds_what_the_plain_scanner_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "[", "]", "{", "}", "\\", " ", "\n", "\"", "a", "5", "claim=", "`", "\t",
                ]),
                0..40,
            )
        ) {
            let md = pieces.concat();
            proptest::prop_assert_eq!(scan(&md), scan_plainly(&md), "{:?}", md);
        }
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
