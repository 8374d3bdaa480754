//! `factlint extract`: every number mention in a text, as a table, as JSON, or
//! as claim stubs ready to paste into a corpus. This is how a corpus gets
//! built from a new article.

use crate::numerals::{self, Mention, MentionValue};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

/// One mention, as `extract` reports it.
#[derive(Clone, Debug, Serialize)]
pub struct Extracted {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range of the number in the file.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The number as written.
    pub text: String,
    /// The value as factlint writes it (`13.0B`, `27`, `100M..1B`).
    pub value: String,
    /// A unit guess from the words around it (`USD`, `%`, `USD/day`, `times`), if any.
    pub unit: Option<String>,
    /// One unit in the last written place (`0.1B` for `130 億`), `exact` for a range.
    pub precision: String,
    /// The qualifier written before it (`about`, `more than`, ...), if any.
    pub qualifier: Option<&'static str>,
    /// The sentence it stands in, verbatim.
    pub sentence: String,
    /// Where the number starts in `sentence`, in bytes (to cut the quote of a claim stub and the table's context).
    #[serde(skip)]
    pub start_in_sentence: usize,
}

/// Scale suffixes, largest first.
const SUFFIXES: &[(i32, &str)] = &[(12, "T"), (9, "B"), (6, "M"), (3, "k")];

/// The suffix a decimal is written with: the largest scale its leading digit
/// reaches, when a scale word or place (exponent 3 or more) was written;
/// plain digits (`2025`, `1234567`, `0.0008`) keep no suffix.
fn suffix_of(d: crate::base::exact::Decimal) -> (i32, &'static str) {
    let digits = d.mantissa.to_string().len() as i32;
    if d.exponent < 3 {
        return (0, "");
    }
    SUFFIXES
        .iter()
        .copied()
        .find(|(s, _)| d.exponent + digits > *s)
        .unwrap_or((0, ""))
}

/// Writes a decimal keeping its digits: mantissa 130, exponent 8 is `13.0B`.
pub fn format_decimal(d: crate::base::exact::Decimal) -> String {
    let (scale, suffix) = suffix_of(d);
    format_in(d, scale, suffix)
}

/// One unit in the last written place of `d`, in `d`'s suffix: `0.1B` for
/// `130 億`, `1` for `2025`.
pub fn format_precision(d: crate::base::exact::Decimal) -> String {
    let (scale, suffix) = suffix_of(d);
    format_in(
        crate::base::exact::Decimal {
            mantissa: 1,
            exponent: d.exponent,
        },
        scale,
        suffix,
    )
}

fn format_in(d: crate::base::exact::Decimal, scale: i32, suffix: &str) -> String {
    let digits = d.mantissa.to_string();
    let exp = d.exponent - scale;
    let number = if exp >= 0 {
        let mut n = digits.clone();
        n.extend(std::iter::repeat_n('0', exp as usize));
        n
    } else {
        let frac = (-exp) as usize;
        let padded = if digits.len() <= frac {
            format!("{}{digits}", "0".repeat(frac + 1 - digits.len()))
        } else {
            digits.clone()
        };
        let (int, frac_part) = padded.split_at(padded.len() - frac);
        format!("{int}.{frac_part}")
    };
    format!("{number}{suffix}")
}

/// A unit guess from the words around a mention in its own clause: the
/// currency, `%` or `times` the reader found, and the period its clause
/// states ([`Mention::period`]: `يوميًا`, `a day`, `每年`, `每天…1500万美元`).
fn unit_guess(mention: &Mention) -> Option<String> {
    let base = if mention.percent {
        Some("%".to_owned())
    } else if mention.times {
        Some("times".to_owned())
    } else {
        mention.currency.map(str::to_owned)
    };
    match (base, mention.period) {
        (Some(b), Some(period)) if b != "%" => Some(format!("{b}/{}", period.unit())),
        (b, _) => b,
    }
}

/// The most characters of a sentence (or of a clause, for the unit guess)
/// kept on either side of a mention.
const MAX_SENTENCE: usize = 400;

/// The sentence around the mention at `start..end`: from the previous
/// sentence end to the next, trimmed, as a byte range of `text`. A line
/// ends a sentence, whether it ends with LF, CRLF or a lone CR (as
/// everywhere else in factlint), so a sentence holds no line break.
fn sentence_around(text: &str, start: usize, end: usize) -> Range<usize> {
    let is_end = |c: char| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '。' | '！' | '？' | '\n' | '\r' | '؛' | ';'
        )
    };
    // A "sentence" is cut at MAX_SENTENCE characters either side, so a text
    // without punctuation costs no more than one with it.
    let mut from = start;
    for (n, (i, c)) in text[..start].char_indices().rev().enumerate() {
        if n >= MAX_SENTENCE || (is_end(c) && !is_decimal_point(text, i)) {
            break;
        }
        from = i;
    }
    let mut to = end;
    for (n, (i, c)) in text[end..].char_indices().enumerate() {
        if n >= MAX_SENTENCE || (is_end(c) && !is_decimal_point(text, end + i)) {
            break;
        }
        to = end + i + c.len_utf8();
    }
    let sentence = &text[from..to];
    let trimmed = sentence.trim_start();
    let from = from + (sentence.len() - trimmed.len());
    from..from + trimmed.trim_end().len()
}

/// Whether report messages escape `c` (see [`crate::base::text::printable`]): a
/// control character other than tab and line breaks, or a bidi override,
/// embedding or isolate.
fn is_unprintable(c: char) -> bool {
    let mut buf = [0; 4];
    matches!(
        crate::base::text::printable(c.encode_utf8(&mut buf)),
        Cow::Owned(_)
    )
}

/// What a claim stub quotes of `sentence` for the number starting at byte
/// `start` of it. A claims string can carry `"`, `\`, tab and line
/// feed (escaped) and any printable character, but has no escape for other
/// control characters or bidi overrides, and the quote check does not ignore
/// them. So the quote is the part of the sentence between two such
/// characters that holds the number's first character: it stays a piece of
/// the source, and the stub stays a valid claims file that prints nothing
/// a terminal would act on. Whitespace control characters (vertical tab,
/// form feed, next line) become spaces, which the quote check treats alike.
fn stub_quote(sentence: &str, start: usize) -> String {
    let cuts = |c: char| is_unprintable(c) && !c.is_whitespace();
    let from = sentence[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| cuts(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = sentence[start..]
        .find(cuts)
        .map_or(sentence.len(), |i| start + i);
    sentence[from..to]
        .trim()
        .chars()
        .map(|c| if is_unprintable(c) { ' ' } else { c })
        .collect()
}

/// Whether the `.` at byte `i` sits between two digits.
fn is_decimal_point(text: &str, i: usize) -> bool {
    text[i..].starts_with('.')
        && text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit())
        && text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
}

/// Every mention in `text`, read from `file`.
pub fn extract(file: &str, text: &str) -> Vec<Extracted> {
    // Line starts once, so each mention's line is a binary search.
    let mut line_starts = vec![0];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line_starts.push(i + 1);
        }
    }
    // Mentions come in order, so each column is counted on from the last
    // one on the same line: a long line is counted once, not once per mention.
    let mut counted = (0, 1);
    let mut position = |offset: usize| {
        let line = line_starts.partition_point(|&s| s <= offset);
        let start = line_starts[line - 1];
        let (mut at, mut column) = counted;
        if at < start || at > offset {
            (at, column) = (start, 1);
        }
        column += text[at..offset].chars().count();
        counted = (offset, column);
        (line, column)
    };
    numerals::find_numbers(text)
        .into_iter()
        // A number with a directional mark inside is not read as any value.
        .filter(|m| m.hidden.is_none())
        .map(|m| {
            let (line, column) = position(m.span.start);
            let sentence = sentence_around(text, m.span.start, m.span.end);
            let (value, precision) = match m.value {
                MentionValue::Single(d) => (format_decimal(d), format_precision(d)),
                MentionValue::Range(lo, hi) => (
                    format!("{}..{}", format_decimal(lo), format_decimal(hi)),
                    "exact".to_owned(),
                ),
            };
            let value = if m.negative {
                format!("-{value}")
            } else {
                value
            };
            Extracted {
                file: file.to_owned(),
                line,
                column,
                start: m.span.start,
                end: m.span.end,
                text: text[m.span.clone()].to_owned(),
                unit: unit_guess(&m),
                value,
                precision,
                qualifier: m.qualifier.map(|q| q.as_str()),
                start_in_sentence: m.span.start - sentence.start,
                sentence: text[sentence].to_owned(),
            }
        })
        .collect()
}

/// `text` as the inside of a claims string literal: `\\`, `"`, tab and line
/// feed escaped. The grammar has no escape for other control characters;
/// [`stub_quote`] leaves none in a quote.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

/// `text` on one line of the table or of a stub's comment: control
/// characters and bidi overrides escaped as report messages escape them
/// (`\u{1b}`), and tab and line breaks as `\t`, `\n`, `\r` (a number's text
/// may run over a line break: `5\nbillion`).
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect();
    crate::base::text::printable(&spaced).into_owned()
}

/// The rows as a JSON array. `serde_json` escapes C0 control characters but
/// writes C1 controls, DEL and bidi overrides raw; they are escaped here as
/// `\uXXXX` (all are in the Basic Multilingual Plane). They can only stand
/// inside JSON strings, so escaping them over the whole output is sound.
pub fn render_json(rows: &[Extracted]) -> serde_json::Result<String> {
    let json = serde_json::to_string_pretty(rows)? + "\n";
    if let Cow::Borrowed(_) = crate::base::text::printable(&json) {
        return Ok(json);
    }
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if is_unprintable(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// A table: one line per mention.
pub fn render_table(rows: &[Extracted]) -> String {
    let mut out = String::new();
    for r in rows {
        let _ = writeln!(
            out,
            "{}:{}:{}\t{}{}\t{}\tprecision {}\t{}",
            r.file,
            r.line,
            r.column,
            r.qualifier.map(|q| format!("{q} ")).unwrap_or_default(),
            r.value,
            r.unit.as_deref().unwrap_or("-"),
            r.precision,
            one_line(&context(r))
        );
    }
    out
}

/// The number with the words around it in its sentence, the number in
/// brackets: `…spends about [$15 million] a day on…`. At most
/// [`CONTEXT_CHARS`] characters either side, cut at a space where one is near.
fn context(r: &Extracted) -> String {
    let start = r.start_in_sentence.min(r.sentence.len());
    let end = (start + r.text.len()).min(r.sentence.len());
    let (Some(before), Some(number), Some(after)) = (
        r.sentence.get(..start),
        r.sentence.get(start..end),
        r.sentence.get(end..),
    ) else {
        return r.text.clone();
    };
    let before: Vec<char> = before.chars().collect();
    let mut from = before.len().saturating_sub(CONTEXT_CHARS);
    if from > 0
        && let Some(space) = before[from..].iter().position(|c| c.is_whitespace())
    {
        from += space + 1;
    }
    let after: Vec<char> = after.chars().collect();
    let mut to = after.len().min(CONTEXT_CHARS);
    if to < after.len()
        && let Some(space) = after[..to].iter().rposition(|c| c.is_whitespace())
    {
        to = space;
    }
    format!(
        "{}{}[{number}]{}{}",
        if from > 0 { "…" } else { "" },
        before[from..].iter().collect::<String>(),
        after[..to].iter().collect::<String>(),
        if to < after.len() { "…" } else { "" }
    )
}

/// How many characters of a number's sentence the table shows either side.
const CONTEXT_CHARS: usize = 30;

/// Claim stubs with the sentence as the quote, after a stub of the source
/// each file is (naming the file, so `check` can verify every quote against
/// it). With several files the sources are `ID1`, `ID2`...
pub fn render_claims(rows: &[Extracted], source: &str) -> String {
    let mut out = String::new();
    let mut files: Vec<&str> = Vec::new();
    for r in rows {
        if !files.contains(&r.file.as_str()) {
            files.push(&r.file);
        }
    }
    let source_id = |file: &str| {
        if files.len() == 1 {
            source.to_owned()
        } else {
            let n = files.iter().position(|f| *f == file).unwrap_or(0) + 1;
            format!("{source}{n}")
        }
    };
    for file in &files {
        let path = std::path::Path::new(file);
        let escapes = path.is_absolute()
            || path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        let _ = writeln!(out, "# Fill in the outlet, title, date and language.");
        let _ = writeln!(out, "source {} {{", source_id(file));
        let _ = writeln!(out, "  outlet \"TODO\"");
        if escapes {
            let name = path
                .file_name()
                .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
            let dir = path
                .parent()
                .map_or_else(|| ".".to_owned(), |p| p.display().to_string());
            let _ = writeln!(
                out,
                "  # outside this directory: check with `--sources {dir}`"
            );
            let _ = writeln!(out, "  file \"{}\"", escape(&name));
        } else {
            let _ = writeln!(out, "  file \"{}\"", escape(file));
        }
        let _ = writeln!(out, "}}\n");
    }
    for (i, r) in rows.iter().enumerate() {
        // A range is written as its bounds; a qualifier cannot go with it.
        let value = match r.qualifier {
            Some(q) if !r.value.contains("..") => format!("{q} {}", r.value),
            _ => r.value.clone(),
        };
        let unit = r
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let quote = escape(&stub_quote(&r.sentence, r.start_in_sentence));
        let _ = writeln!(
            out,
            "# {}:{}:{}: {}",
            r.file,
            r.line,
            r.column,
            one_line(&r.text)
        );
        let _ = writeln!(out, "claim todo.n{} = {value}{unit} {{", i + 1);
        let _ = writeln!(out, "  cite {} \"{quote}\"", source_id(&r.file));
        let _ = writeln!(out, "}}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::exact::Decimal;

    #[test]
    fn decimals_keep_their_digits() {
        let d = |mantissa, exponent| format_decimal(Decimal { mantissa, exponent });
        assert_eq!(d(130, 8), "13.0B");
        assert_eq!(d(13, 9), "13B");
        assert_eq!(d(54, 8), "5.4B");
        assert_eq!(d(5000, 8), "500.0B");
        assert_eq!(d(27, 0), "27");
        assert_eq!(d(540, -2), "5.40");
        assert_eq!(d(2, 12), "2T");
        assert_eq!(d(15, 6), "15M");
        assert_eq!(d(1, -3), "0.001");
        assert_eq!(d(2025, 0), "2025");
        assert_eq!(d(1234567, 0), "1234567");
        assert_eq!(d(31, 3), "31k");
        assert_eq!(d(15, 5), "1.5M");
        let p = |mantissa, exponent| format_precision(Decimal { mantissa, exponent });
        assert_eq!(p(130, 8), "0.1B");
        assert_eq!(p(54, 8), "0.1B");
        assert_eq!(p(2025, 0), "1");
        assert_eq!(p(8, -4), "0.0001");
    }

    #[test]
    fn sentences_do_not_break_at_decimal_points() {
        let text = "First. Losses reach 5.4 billion a year. Next";
        let start = text.find("5.4").unwrap_or(0);
        assert_eq!(
            &text[sentence_around(text, start, start + 3)],
            "Losses reach 5.4 billion a year"
        );
    }

    #[test]
    fn sentences_end_at_a_lone_carriage_return() {
        let text = "The loss was 5 billion dollars\rin 2025 it was 7 billion.\n";
        let sentences: Vec<String> = extract("a.txt", text)
            .into_iter()
            .map(|r| r.sentence)
            .collect();
        assert_eq!(
            sentences,
            [
                "The loss was 5 billion dollars",
                "in 2025 it was 7 billion",
                "in 2025 it was 7 billion"
            ]
        );
    }

    #[test]
    fn stub_quotes_stop_at_control_characters() {
        let sentence = "Costs \u{1b}[0m hit 9 million\u{7} a day\u{202E} now";
        let start = sentence.find('9').unwrap_or(0);
        assert_eq!(stub_quote(sentence, start), "[0m hit 9 million");
        // Whitespace controls are spaces to the quote check.
        let sentence = "Costs\u{b}hit 9\u{85}million";
        let start = sentence.find('9').unwrap_or(0);
        assert_eq!(stub_quote(sentence, start), "Costs hit 9 million");
    }

    #[test]
    fn output_escapes_control_characters() {
        let text = "Costs \u{1b}[0m hit 9\nmillion\u{9b} a day\u{202E}.\u{7}";
        let rows = extract("a.txt", text);
        let table = render_table(&rows);
        let claims = render_claims(&rows, "src");
        let json = render_json(&rows).unwrap_or_default();
        for out in [&table, &claims, &json] {
            assert!(
                !out.chars().any(is_unprintable),
                "raw control character in {out:?}"
            );
        }
        assert!(table.contains("[9\\nmillion]"), "{table}");
        assert!(json.contains("\\u009b a day\\u202e\""), "{json}");
        assert!(
            claims.contains("cite src \"[0m hit 9\\nmillion\""),
            "{claims}"
        );
    }

    /// Each mention once looked for its clause's end through the rest of
    /// the text, and counted its column from the start of its line: a long
    /// line of numbers took quadratic time. No time is asserted; a
    /// regression makes this test take minutes.
    #[test]
    fn a_long_line_of_numbers_extracts_in_linear_time() {
        let text = "9 ".repeat(100_000);
        let rows = extract("a.txt", &text);
        assert_eq!(rows.len(), 100_000);
        assert_eq!(rows.last().map(|r| r.column), Some(199_999));
    }
}
