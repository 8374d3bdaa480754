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
    normalize(text).0.contains(&normalize(quote).0)
}

/// The passage of `text` most like `quote` (normalised), for showing a diff
/// when the quote is not found. Windows the quote's length are scored first;
/// the best one's ends are then moved to fit insertions and deletions.
pub fn closest_passage(text: &str, quote: &str) -> String {
    let (text, _) = normalize(text);
    let (quote, _) = normalize(quote);
    let chars: Vec<char> = text.chars().collect();
    let width = quote.chars().count().max(1);
    if chars.len() <= width {
        return text;
    }
    let score = |start: usize, len: usize| -> f32 {
        let end = (start + len).min(chars.len());
        let window: String = chars[start..end].iter().collect();
        similar::TextDiff::from_chars(window.as_str(), quote.as_str()).ratio()
    };
    // A coarse pass, then a fine pass around the best coarse window.
    let step = (width / 4).max(1);
    let last = chars.len() - width;
    let mut best = (0usize, width, f32::MIN);
    let mut start = 0;
    while start <= last {
        let s = score(start, width);
        if s > best.2 {
            best = (start, width, s);
        }
        start += step;
    }
    let from = best.0.saturating_sub(step);
    let to = (best.0 + step).min(last);
    for start in from..=to {
        let s = score(start, width);
        if s > best.2 {
            best = (start, width, s);
        }
    }
    // Let the window grow or shrink by up to half the quote at either end.
    let slack = width / 2 + 1;
    let (start, len) = (best.0, best.1);
    for new_start in start.saturating_sub(slack)..=(start + slack).min(chars.len() - 1) {
        let end = start + len;
        for new_end in end.saturating_sub(slack).max(new_start + 1)..=(end + slack).min(chars.len())
        {
            let s = score(new_start, new_end - new_start);
            if s > best.2 {
                best = (new_start, new_end - new_start, s);
            }
        }
    }
    chars[best.0..best.0 + best.1]
        .iter()
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Splits text into diff tokens: runs of letters, digits and marks (a word
/// in Latin or Arabic script), each CJK character on its own, runs of
/// whitespace, and each other character.
fn diff_tokens(text: &str) -> Vec<&str> {
    let is_cjk = |c: char| matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}');
    let class = |c: char| -> u8 {
        if is_cjk(c) {
            0
        } else if c.is_alphanumeric()
            || matches!(
                c,
                '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '.' | '\u{066B}'
            )
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
    for (i, c) in text.char_indices() {
        let k = class(c);
        let joins = previous == Some(k) && (k == 1 || k == 2);
        if !joins && i > start {
            tokens.push(&text[start..i]);
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
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
