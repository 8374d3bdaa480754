//! Byte spans and the table of loaded files.
//!
//! Every AST node carries a [`Span`]: a file id and a byte range. Nothing stores
//! lines or columns; they are computed from the file's text when a diagnostic is
//! rendered, and [`Span::to_source_span`] is the one place that converts a span to
//! miette's `SourceSpan`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Identifies a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in one file. `start <= end` always holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// Creates a span over `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span that covers both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Converts to miette's span, widened to at least one character so that a
    /// label is always visible (an empty span at the end of a file points at the
    /// last character instead).
    pub fn to_source_span(self, text: &str) -> miette::SourceSpan {
        let mut start = (self.start as usize).min(text.len());
        let mut end = (self.end as usize).min(text.len());
        if start == end {
            if end < text.len() {
                end = next_char_boundary(text, end);
            } else if start > 0 {
                start = prev_char_boundary(text, start);
            }
        }
        miette::SourceSpan::new(start.into(), end - start)
    }
}

/// The last character boundary of `text` at or before byte `i` (what
/// `str::floor_char_boundary` does from Rust 1.91, above this crate's MSRV).
pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn next_char_boundary(text: &str, mut i: usize) -> usize {
    i += 1;
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn prev_char_boundary(text: &str, mut i: usize) -> usize {
    i -= 1;
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One loaded file: the path as shown to users and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the working directory where possible, with `/` separators.
    pub name: String,
    /// Path on disk.
    pub path: PathBuf,
    /// The file's text.
    pub text: Arc<str>,
    /// Where each line starts and how many characters precede every
    /// [`CHAR_STRIDE`]th byte, built on first use: a report's every location is
    /// found by binary search and a short count, not by counting from the top
    /// of the file or of a long line.
    index: std::sync::OnceLock<LineIndex>,
}

/// The byte distance between the character counts a [`SourceFile`] keeps.
const CHAR_STRIDE: usize = 4096;

/// Where the lines of a text start, and character counts at intervals, so
/// that the line and column of any byte are found without counting from the
/// top of the text or of a long line. Lines end at `\n`, `\r\n` or a lone
/// `\r`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The byte offset at which each line starts.
    starts: Vec<usize>,
    /// For each `k`, the characters before byte `k * CHAR_STRIDE` (moved back
    /// to a character boundary).
    chars: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass).
    pub fn new(text: &str) -> LineIndex {
        let mut chars = Vec::with_capacity(text.len() / CHAR_STRIDE + 1);
        let (mut at, mut count) = (0, 0);
        for k in 0..=text.len() / CHAR_STRIDE {
            let to = floor_char_boundary(text, k * CHAR_STRIDE);
            count += text[at..to].chars().count();
            at = to;
            chars.push(count);
        }
        LineIndex {
            starts: line_starts(text),
            chars,
        }
    }

    /// The characters of `text` (the indexed text) before byte `offset`,
    /// which must be a character boundary.
    pub fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = offset / CHAR_STRIDE;
        let from = floor_char_boundary(text, k * CHAR_STRIDE);
        self.chars[k] + text[from..offset].chars().count()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte offset at which each line starts (the first is 0).
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }
}

impl SourceFile {
    /// 1-based line and column (in characters) of byte `offset`, with the
    /// line endings of [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = &*self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self.index.get_or_init(|| LineIndex::new(text));
        let line = index.line_of(offset);
        let start = index.starts[line];
        let column = index.chars_before(text, offset) - index.chars_before(text, start);
        (line + 1, column + 1)
    }
}

/// The byte offset at which each line of `text` starts (the first is 0);
/// lines end at `\n`, `\r\n` or a lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// All files read in one run, indexed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(
        &mut self,
        name: impl Into<String>,
        path: impl AsRef<Path>,
        text: impl Into<Arc<str>>,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            name: name.into(),
            path: path.as_ref().to_path_buf(),
            text: text.into(),
            index: std::sync::OnceLock::new(),
        });
        id
    }

    /// The file with id `id`.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// All files in id order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// The text covered by `span` (moved out to character boundaries and
    /// into the text, so that no span can make a report panic).
    pub fn slice(&self, span: Span) -> &str {
        let text = &self.file(span.file).text;
        let end = floor_char_boundary(text, span.end as usize);
        let start = floor_char_boundary(text, span.start as usize).min(end);
        &text[start..end]
    }

    /// 1-based line and column (in characters) of `span`'s start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        self.file(span.file).line_col(span.start as usize)
    }
}

/// 1-based line and column (counted in characters) of byte `offset` in `text`.
/// Lines end at `\n`, `\r\n` or a lone `\r`, as diagnostics show them.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text.as_bytes()[..offset];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in before.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_line_col_agrees_with_counting() {
        let text = "ab\r\nمرحبا x\ry\n\nlast line é";
        let mut map = SourceMap::new();
        let id = map.add("t", "t", text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                map.file(id).line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn indexed_columns_hold_across_many_strides() {
        // Long lines of one-, two-, three- and four-byte characters, so the
        // character counts kept every CHAR_STRIDE bytes fall inside characters.
        let mut text = String::new();
        for i in 0..6 {
            for j in 0..3_000 {
                text.push(['a', 'é', '中', '😀', ' '][(i + j) % 5]);
            }
            text.push(if i % 2 == 0 { '\n' } else { '\r' });
        }
        let mut map = SourceMap::new();
        let id = map.add("t", "t", text.as_str());
        for offset in (0..=text.len()).step_by(37).chain([text.len()]) {
            assert_eq!(
                map.file(id).line_col(offset),
                line_col(&text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nمرحبا x";
        let x = text.find('x').unwrap_or_default();
        assert_eq!(line_col(text, x), (2, 7));
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col("a\r\nb\rc", 5), (3, 1));
        assert_eq!(line_col("a\r\nb", 3), (2, 1));
    }

    #[test]
    fn empty_span_widens_to_one_character() {
        let text = "abc";
        let span = Span::new(FileId(0), 3, 3).to_source_span(text);
        assert_eq!((span.offset(), span.len()), (2, 1));
        let span = Span::new(FileId(0), 1, 1).to_source_span(text);
        assert_eq!((span.offset(), span.len()), (1, 1));
    }
}
