//! Positions: LSP's (line, character in the negotiated encoding) against
//! byte offsets and factlint's (line, column in characters), and edits.

use lsp_types::{Position, Range};

/// How LSP counts characters within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// Code units of UTF-16 (LSP's default).
    Utf16,
}

/// Byte offsets where each line starts: `\n`, `\r\n` and a lone `\r` end a
/// line, as in LSP and in factlint's own line numbers.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 1;
            }
            b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn units(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
    }
}

/// The line's text without its line end.
fn line_text<'a>(text: &'a str, starts: &[usize], line: usize) -> &'a str {
    let start = starts[line];
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    text[start..end].trim_end_matches(['\n', '\r'])
}

/// The LSP position of a byte offset (clamped to the text, and to a
/// character boundary).
pub fn position(text: &str, starts: &[usize], offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = starts.partition_point(|s| *s <= offset) - 1;
    let character: usize = text[starts[line]..offset]
        .chars()
        .map(|c| units(c, Encoding::Utf16))
        .sum();
    Position::new(line as u32, character as u32)
}

/// [`position`] in `encoding`.
pub fn position_in(text: &str, starts: &[usize], offset: usize, encoding: Encoding) -> Position {
    let mut p = position(text, starts, offset);
    if encoding == Encoding::Utf8 {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        p.character = (offset - starts[p.line as usize]) as u32;
    }
    p
}

/// The byte offset of an LSP position; a character past the line's end is
/// its end, a line past the last is the end of the text.
pub fn offset(text: &str, starts: &[usize], at: Position, encoding: Encoding) -> usize {
    let line = at.line as usize;
    if line >= starts.len() {
        return text.len();
    }
    let start = starts[line];
    let mut count = 0;
    for (i, c) in line_text(text, starts, line).char_indices() {
        if count >= at.character as usize {
            return start + i;
        }
        count += units(c, encoding);
    }
    start + line_text(text, starts, line).len()
}

/// The byte offset of factlint's (1-based line, 1-based column in
/// characters).
pub fn offset_of_line_column(text: &str, starts: &[usize], line: usize, column: usize) -> usize {
    let Some(start) = line.checked_sub(1).and_then(|l| starts.get(l)).copied() else {
        return text.len();
    };
    let rest = &text[start..];
    rest.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// The LSP range of a byte range.
pub fn range(
    text: &str,
    starts: &[usize],
    bytes: std::ops::Range<usize>,
    encoding: Encoding,
) -> Range {
    Range::new(
        position_in(text, starts, bytes.start, encoding),
        position_in(text, starts, bytes.end, encoding),
    )
}

/// Applies one `didChange` edit: a range replaced, or (no range) the whole text.
pub fn apply(text: &mut String, range: Option<Range>, with: &str, encoding: Encoding) {
    match range {
        None => *text = with.to_owned(),
        Some(range) => {
            let starts = line_starts(text);
            let a = offset(text, &starts, range.start, encoding);
            let b = offset(text, &starts, range.end, encoding).max(a);
            text.replace_range(a..b, with);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        // Arabic letters are one UTF-16 unit and two bytes; 𝟏 is two units
        // and four bytes.
        let text = "claim a = 1 # مليار\n𝟏x\r\nlast";
        let starts = line_starts(text);
        assert_eq!(starts.len(), 3);
        let x = text.find('x').expect("x");
        assert_eq!(
            position_in(text, &starts, x, Encoding::Utf16),
            Position::new(1, 2)
        );
        assert_eq!(
            position_in(text, &starts, x, Encoding::Utf8),
            Position::new(1, 4)
        );
        assert_eq!(
            offset(text, &starts, Position::new(1, 2), Encoding::Utf16),
            x
        );
        assert_eq!(
            offset(text, &starts, Position::new(1, 4), Encoding::Utf8),
            x
        );
        let end = text.len();
        assert_eq!(position(text, &starts, end), Position::new(2, 4));
        assert_eq!(
            offset(text, &starts, Position::new(9, 0), Encoding::Utf16),
            end
        );
    }

    #[test]
    fn edits_apply_in_the_negotiated_encoding() {
        let mut text = "أ 13B\nx".to_owned();
        apply(
            &mut text,
            Some(Range::new(Position::new(0, 2), Position::new(0, 4))),
            "16",
            Encoding::Utf16,
        );
        assert_eq!(text, "أ 16B\nx");
        apply(
            &mut text,
            Some(Range::new(Position::new(0, 3), Position::new(0, 5))),
            "20",
            Encoding::Utf8,
        );
        assert_eq!(text, "أ 20B\nx");
    }
}
