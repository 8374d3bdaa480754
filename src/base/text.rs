//! Text from the input made safe to show: control characters and
//! bidirectional overrides escaped, line breaks a user wrote kept on one
//! line, long texts shown by their ends. Every stage that quotes what a user
//! wrote in a message goes through these.

use std::path::Path;

/// A control character other than tab, line feed and carriage return, or a
/// bidirectional override, embedding or isolate (which can make a terminal
/// show text in another order than it is: "Trojan Source").
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters written as escapes (`\u{1b}`), for
/// messages that quote what a user wrote.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    // A `\r` in a message would return a terminal to the start of the line
    // (and end a line for a CI runner); factlint's own messages have none.
    let escaped = |c: char| is_unprintable(c) || c == '\r';
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if escaped(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// `text` on one line: a line break a user wrote (a rule title with `\n`) is
/// shown as `\n`, so a line-based reader (an editor's problem matcher, a CI
/// log that takes `::error` lines as commands) never sees a line that the
/// user, not factlint, began.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        text.replace('\r', "\\r").replace('\n', "\\n").into()
    } else {
        text.into()
    }
}

/// `text` cut to about `max` characters, keeping both ends.
pub fn shortened(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max / 2).collect();
    let tail: String = text.chars().skip(count - max / 2).collect();
    format!("{head}…({} characters)…{tail}", count - 2 * (max / 2))
}

/// The name to show for `path`: relative to `base` when inside it,
/// `/`-separated, control characters shown as `?`.
pub fn display_name(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    let shown = shown.strip_prefix(".").unwrap_or(shown);
    let shown = shown.to_string_lossy();
    // Windows separators shown as `/`; elsewhere a backslash is a character
    // of the name.
    let shown = if std::path::MAIN_SEPARATOR == '\\' {
        shown.replace('\\', "/")
    } else {
        shown.into_owned()
    };
    shown
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                '?'
            } else {
                c
            }
        })
        .collect()
}
