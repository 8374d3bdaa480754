//! Source files: resolving a source's `file` safely, and finding a quote in it.
//!
//! **A corpus file can never make factlint read outside the allowed roots.**
//! CI runs factlint on pull requests from strangers, and a quote's diff prints
//! part of the file it was compared with, so a `file` that is absolute, that
//! climbs with `..`, or that reaches outside through a symlink is refused
//! before anything is opened. The roots are the checked tree and the
//! directories the operator names with `--sources` (or `sources` in
//! `factlint.toml`, which must itself lie inside the tree).

use std::path::{Component, Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Where a source's file was looked for, and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The file, inside one of the roots (canonical path).
    Found(PathBuf),
    /// The name is not allowed: absolute, `..`, or a link leading outside.
    Refused(&'static str),
    /// No root holds a file of that name.
    Missing,
}

/// Resolves `name` (a source's `file`) against `roots`, in order.
pub fn resolve(name: &str, roots: &[PathBuf]) -> Resolved {
    let relative = Path::new(name);
    if name.is_empty() {
        return Resolved::Refused("the file name is empty");
    }
    for component in relative.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Resolved::Refused("it climbs out with `..`"),
            Component::RootDir | Component::Prefix(_) => {
                return Resolved::Refused("it is an absolute path");
            }
        }
    }
    for root in roots {
        let Ok(root) = root.canonicalize() else {
            continue;
        };
        let candidate = root.join(relative);
        if candidate.symlink_metadata().is_err() {
            continue;
        }
        // Follow links, then insist the target is still under the root.
        let Ok(real) = candidate.canonicalize() else {
            return Resolved::Refused("it is a broken or looping link");
        };
        if !real.starts_with(&root) {
            return Resolved::Refused("it is a link that leads outside the allowed directories");
        }
        if real.is_file() {
            return Resolved::Found(real);
        }
    }
    Resolved::Missing
}

/// Text normalised for comparing quotes: NFKC (which also folds width forms),
/// every run of whitespace one space, trimmed. Returns the normalised text and,
/// for each of its characters, the byte offset of the original character it
/// came from (so a passage can be cut from the original).
pub fn normalize(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            if !out.is_empty() && pending_space.is_none() {
                pending_space = Some(offset);
            }
            continue;
        }
        if let Some(space_at) = pending_space.take() {
            out.push(' ');
            origins.push(space_at);
        }
        for n in std::iter::once(c).nfkc() {
            out.push(n);
            origins.push(offset);
        }
    }
    (out, origins)
}

/// Whether `quote` occurs in `text` after normalisation.
pub fn contains_quote(text: &str, quote: &str) -> bool {
    SourceText::new(text).contains(quote)
}

/// The passage of `text` most like `quote` (both normalised); see
/// [`SourceText::closest_passage`].
pub fn closest_passage(text: &str, quote: &str) -> String {
    SourceText::new(text).closest_passage(quote)
}

/// Quotes longer than this many words are not aligned word by word: the
/// closest passage is the best window of their length, and the diff shows
/// the passage and the quote whole. (An alignment costs the product of the
/// two lengths at worst.)
pub const MAX_ALIGNED_WORDS: usize = 2_000;

/// A source file's text, normalised once for all the quotes checked in it.
pub struct SourceText {
    normalized: String,
    /// Byte ranges of its words (diff tokens other than whitespace).
    words: Vec<(usize, usize)>,
}

impl SourceText {
    /// Normalises `text` (see [`normalize`]) and splits it into words.
    pub fn new(text: &str) -> SourceText {
        let (normalized, _) = normalize(text);
        let words = word_ranges(&normalized);
        SourceText { normalized, words }
    }

    /// Whether `quote` occurs in the text after normalisation.
    pub fn contains(&self, quote: &str) -> bool {
        self.normalized.contains(&normalize(quote).0)
    }

    /// The passage most like `quote`, for showing a diff when the quote is
    /// not found, in time linear in the text: the window of the quote's
    /// word count sharing the most words with it is found by sliding, then
    /// widened by half the quote on each side, aligned with the quote word by
    /// word, and cut from its first to its last word in common.
    pub fn closest_passage(&self, quote: &str) -> String {
        let (quote, _) = normalize(quote);
        let wanted: Vec<&str> = word_ranges(&quote)
            .into_iter()
            .map(|(a, b)| &quote[a..b])
            .collect();
        let words = &self.words;
        let m = wanted.len();
        if m == 0 || words.len() <= m {
            return self.normalized.clone();
        }
        let word = |i: usize| &self.normalized[words[i].0..words[i].1];
        // Slide a window of m words, counting the quote's words it holds
        // (each at most as often as the quote has it).
        let mut need: std::collections::HashMap<&str, (usize, usize)> =
            std::collections::HashMap::new();
        for w in &wanted {
            need.entry(w).or_insert((0, 0)).0 += 1;
        }
        let mut shared = 0usize;
        let (mut best, mut best_shared) = (0usize, 0usize);
        for i in 0..words.len() {
            if let Some((want, have)) = need.get_mut(word(i)) {
                *have += 1;
                if *have <= *want {
                    shared += 1;
                }
            }
            if i >= m
                && let Some((want, have)) = need.get_mut(word(i - m))
            {
                if *have <= *want {
                    shared -= 1;
                }
                *have -= 1;
            }
            if i + 1 >= m && shared > best_shared {
                (best, best_shared) = (i + 1 - m, shared);
            }
        }
        let (mut first, mut last) = (best, best + m - 1);
        if m <= MAX_ALIGNED_WORDS {
            let from = best.saturating_sub(m / 2 + 1);
            let to = (best + m + m / 2 + 1).min(words.len());
            let region: Vec<&str> = (from..to).map(word).collect();
            // The region's words aligned with the quote's, in order.
            let matched: Vec<usize> =
                similar::capture_diff_slices(similar::Algorithm::Myers, &region, &wanted)
                    .iter()
                    .flat_map(|op| match *op {
                        similar::DiffOp::Equal { old_index, len, .. } => old_index..old_index + len,
                        _ => 0..0,
                    })
                    .collect();
            // A word matched far out at either end (a common word such as
            // "the") would stretch the passage: keep the run of matches whose
            // similarity, matches over (passage + quote length), is highest.
            let mut top = (0.0f64, 0usize, 0usize);
            for i in 0..matched.len() {
                for j in i..matched.len() {
                    let span = matched[j] - matched[i] + 1;
                    let score = (j - i + 1) as f64 / (span + m) as f64;
                    if score > top.0 {
                        top = (score, i, j);
                    }
                }
            }
            if !matched.is_empty() {
                (first, last) = (from + matched[top.1], from + matched[top.2]);
            }
        }
        self.normalized[words[first].0..words[last].1].to_owned()
    }
}

/// Byte ranges of the diff tokens of `text` that are not whitespace.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    token_ranges(text)
        .into_iter()
        .filter(|&(a, b)| !text[a..b].chars().all(char::is_whitespace))
        .collect()
}

/// Splits text into diff tokens: runs of letters, digits and marks (a word
/// in Latin or Arabic script), each CJK character on its own, runs of
/// whitespace, and each other character.
fn diff_tokens(text: &str) -> Vec<&str> {
    token_ranges(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

/// The byte ranges of [`diff_tokens`].
fn token_ranges(text: &str) -> Vec<(usize, usize)> {
    let is_cjk = |c: char| matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}');
    let class = |c: char| -> u8 {
        if is_cjk(c) {
            0
        } else if c.is_alphanumeric()
            || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
        {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        }
    };
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut previous: Option<u8> = None;
    let mut chars = text.char_indices().peekable();
    let mut last_char = None;
    while let Some((i, c)) = chars.next() {
        // A decimal point or digit grouping mark belongs to a word between two
        // digits (`5.4`, `٥٫٤`, `1,000`); elsewhere it is punctuation (`dollars.`).
        let decimal = matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
            && last_char.is_some_and(|p: char| p.is_numeric())
            && chars.peek().is_some_and(|&(_, n)| n.is_numeric());
        last_char = Some(c);
        let k = if decimal { 1 } else { class(c) };
        let joins = previous == Some(k) && (k == 1 || k == 2);
        if !joins && i > start {
            tokens.push((start, i));
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        tokens.push((start, text.len()));
    }
    tokens
}

/// A one-line diff from `passage` to `quote`, word by word (character by
/// character in CJK text): text only in the passage as `[-…-]`, only in the
/// quote as `{+…+}`.
pub fn inline_diff(passage: &str, quote: &str) -> String {
    let (passage, _) = normalize(passage);
    let (quote, _) = normalize(quote);
    let old = diff_tokens(&passage);
    let new = diff_tokens(&quote);
    // Whitespace tokens sit between words, so twice the words bounds them.
    if old.len().max(new.len()) > 2 * MAX_ALIGNED_WORDS + 1 {
        return format!("[-{passage}-]{{+{quote}+}}");
    }
    let diff = similar::TextDiff::from_slices(&old, &new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => out.push_str(value),
            similar::ChangeTag::Delete => {
                out.push_str("[-");
                out.push_str(value);
                out.push_str("-]");
            }
            similar::ChangeTag::Insert => {
                out.push_str("{+");
                out.push_str(value);
                out.push_str("+}");
            }
        }
    }
    // Merge adjacent markers of one kind: `[-a-][-b-]` -> `[-ab-]`.
    out.replace("-][-", "").replace("+}{+", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_absolute_paths_are_refused() {
        let roots = vec![PathBuf::from(".")];
        assert!(matches!(
            resolve("../secret.txt", &roots),
            Resolved::Refused(_)
        ));
        assert!(matches!(
            resolve("a/../../secret.txt", &roots),
            Resolved::Refused(_)
        ));
        assert!(matches!(
            resolve("/etc/passwd", &roots),
            Resolved::Refused(_)
        ));
        assert_eq!(resolve("no-such-file.txt", &roots), Resolved::Missing);
    }

    #[test]
    fn normalisation_folds_width_and_whitespace() {
        assert!(contains_quote("收入\n  １３０ 億美元。", "１３０ 億美元"));
        assert!(contains_quote("a  b\tc", "a b c"));
        assert!(!contains_quote("abc", "abd"));
    }

    #[test]
    fn words_keep_numbers_and_drop_trailing_punctuation() {
        let words = |t: &str| -> Vec<String> {
            word_ranges(t)
                .into_iter()
                .map(|(a, b)| t[a..b].to_owned())
                .collect()
        };
        assert_eq!(
            words("spent 5.4 billion dollars. 1,000 users, ٥٫٤ مليار"),
            [
                "spent",
                "5.4",
                "billion",
                "dollars",
                ".",
                "1,000",
                "users",
                ",",
                "٥٫٤",
                "مليار"
            ]
        );
        assert_eq!(words("收入130億。"), ["收", "入", "130", "億", "。"]);
    }

    #[test]
    fn closest_passage_in_a_long_text_is_linear() {
        // A 300-word quote against a 60,000-word text: the former search
        // scored every window and took minutes; this one aligns once.
        let word = |i: u64| format!("w{} ", i.wrapping_mul(2_654_435_761) % 1_009);
        let text: String = (0..60_000).map(word).collect();
        let unrelated: String = (0..300).map(|i| format!("u{i} ")).collect();
        assert!(!closest_passage(&text, &unrelated).is_empty());
        // One word changed in the middle: the passage is the 300 words quoted.
        let near: String = (20_000..20_300)
            .map(|i| {
                if i == 20_150 {
                    "changed ".to_owned()
                } else {
                    word(i)
                }
            })
            .collect();
        let quoted: String = (20_000..20_300).map(word).collect();
        assert_eq!(closest_passage(&text, &near), quoted.trim_end());
        // A common word matched further out does not stretch it.
        let text = "Of the rest, the analysts said the company spent 15 million dollars a day.";
        assert_eq!(
            closest_passage(text, "the company spent 16 million dollars a day"),
            "the company spent 15 million dollars a day"
        );
    }

    #[test]
    fn closest_passage_and_diff() {
        let text = "The company spent about 15 million dollars a day on the app, analysts said.";
        let quote = "spent about 16 million dollars a day";
        let passage = closest_passage(text, quote);
        assert_eq!(passage, "spent about 15 million dollars a day");
        assert_eq!(
            inline_diff(&passage, quote),
            "spent about [-15-]{+16+} million dollars a day"
        );
    }
}
