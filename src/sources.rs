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

/// The passage of `text` most like `quote` (normalised, same length in
/// characters), for showing a diff when the quote is not found.
pub fn closest_passage(text: &str, quote: &str) -> String {
    let (text, _) = normalize(text);
    let (quote, _) = normalize(quote);
    let chars: Vec<char> = text.chars().collect();
    let width = quote.chars().count().max(1);
    if chars.len() <= width {
        return text;
    }
    let score = |start: usize| -> f32 {
        let window: String = chars[start..(start + width).min(chars.len())]
            .iter()
            .collect();
        similar::TextDiff::from_chars(window.as_str(), quote.as_str()).ratio()
    };
    // A coarse pass, then a fine pass around the best coarse window.
    let step = (width / 4).max(1);
    let last = chars.len() - width;
    let mut best = (0usize, f32::MIN);
    let mut start = 0;
    while start <= last {
        let s = score(start);
        if s > best.1 {
            best = (start, s);
        }
        start += step;
    }
    let from = best.0.saturating_sub(step);
    let to = (best.0 + step).min(last);
    for start in from..=to {
        let s = score(start);
        if s > best.1 {
            best = (start, s);
        }
    }
    chars[best.0..best.0 + width].iter().collect()
}

/// A one-line character diff from `passage` to `quote`: text only in the
/// passage as `[-…-]`, only in the quote as `{+…+}`.
pub fn inline_diff(passage: &str, quote: &str) -> String {
    let (passage, _) = normalize(passage);
    let (quote, _) = normalize(quote);
    let diff = similar::TextDiff::from_chars(passage.as_str(), quote.as_str());
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
            "spent about 1[-5-]{+6+} million dollars a day"
        );
    }
}
