//! `factlint fmt`: the canonical layout of `.rules` and `.claims` files.
//!
//! The layout changes only what cannot change a file's meaning: each line's
//! indentation (two spaces per open `{` or `(`), runs of spaces and tabs
//! between tokens (one space), trailing whitespace, blank lines (at most one in
//! a row, none at the start or end of a block or of the file), a space after
//! `,`, around a lone `=` and before `{`, and the `=` of consecutive one-line
//! claims aligned. Where the author wrote no space (`13B`, `USD/day`, `a*2`)
//! none is added; strings and comments are kept byte for byte; line breaks
//! stay where they are, and every literal keeps its spelling (`5.40` stays
//! `5.40`). A file that does not parse is not formatted, and the result is
//! parsed again and must give the same tree, or nothing is changed.

use crate::base::span::FileId;

/// Which grammar a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grammar {
    /// A `.claims` file.
    Claims,
    /// A `.rules` file.
    Rules,
}

/// Why a file was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// It does not parse: the first error's byte offset and message.
    Syntax {
        /// Byte offset of the first error.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// The layout would have changed what the file says (a bug in
    /// factlint; the file is left alone).
    Changed,
}

/// The file's text in the canonical layout.
pub fn format(text: &str, grammar: Grammar) -> Result<String, FormatError> {
    let before = tree(text, grammar)?;
    let formatted = layout(text);
    match tree(&formatted, grammar) {
        Ok(after) if after == before => Ok(formatted),
        _ => Err(FormatError::Changed),
    }
}

/// The parse tree with every span left out, as text.
fn tree(text: &str, grammar: Grammar) -> Result<String, FormatError> {
    let file = FileId(0);
    let (debug, errors) = match grammar {
        Grammar::Claims => {
            let (items, errors) = super::claims::parse_claims(text, file);
            (format!("{items:?}"), errors)
        }
        Grammar::Rules => {
            let (rules, errors) = super::rules::parse_rules(text, file);
            (format!("{rules:?}"), errors)
        }
    };
    if let Some(e) = errors.first() {
        return Err(FormatError::Syntax {
            offset: e.span.start as usize,
            message: e.kind.message(),
        });
    }
    Ok(without_spans(&debug))
}

/// `debug` with every `Span { .. }` removed.
fn without_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('}').map_or(rest.len(), |j| j + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// One line split into its code and its comment.
struct Line {
    code: String,
    comment: Option<String>,
    /// `{` and `(` open at the start of the line.
    depth: usize,
}

/// Lays the text out; see the module documentation.
fn layout(text: &str) -> String {
    let mut lines: Vec<Line> = Vec::new();
    let mut depth: usize = 0;
    for raw in text.lines() {
        let (code, comment) = split_comment(raw);
        let code = spaced(code.trim());
        let starts_closed = code.starts_with(['}', ')']);
        let indent_depth = if starts_closed {
            depth.saturating_sub(1)
        } else {
            depth
        };
        depth = (depth + opens(&code)).saturating_sub(closes(&code));
        lines.push(Line {
            code,
            comment: comment.map(|c| c.trim_end().to_owned()),
            depth: indent_depth,
        });
    }
    align_claims(&mut lines);
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    let mut previous_opens = true; // the start of the file is like a block's
    for line in &lines {
        let empty = line.code.is_empty() && line.comment.is_none();
        if empty {
            blank_pending = true;
            continue;
        }
        let closes_block = line.code.starts_with('}');
        if blank_pending && !previous_opens && !closes_block {
            out.push('\n');
        }
        blank_pending = false;
        out.push_str(&"  ".repeat(line.depth));
        out.push_str(&line.code);
        if let Some(comment) = &line.comment {
            if !line.code.is_empty() {
                out.push(' ');
            }
            out.push_str(comment);
        }
        out.push('\n');
        previous_opens = line.comment.is_none() && line.code.ends_with('{');
    }
    out
}

/// The line's code and its `#` comment (a `#` outside a string).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            return (&line[..i], Some(&line[i..]));
        }
    }
    (line, None)
}

/// Counts of `{` and `(` outside strings.
fn opens(code: &str) -> usize {
    count_outside_strings(code, |c| c == '{' || c == '(')
}

fn closes(code: &str) -> usize {
    count_outside_strings(code, |c| c == '}' || c == ')')
}

fn count_outside_strings(code: &str, what: impl Fn(char) -> bool) -> usize {
    let mut n = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in code.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if what(c) {
            n += 1;
        }
    }
    n
}

/// The code of a line with its spaces made canonical (strings kept).
fn spaced(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    let mut in_string = false;
    let mut escaped = false;
    let push_space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            ' ' | '\t' => push_space(&mut out),
            ',' => {
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push(',');
                if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
                    out.push(' ');
                }
            }
            '=' => {
                let prev = out.chars().next_back();
                let next = chars.get(i + 1).copied();
                let lone = !matches!(prev, Some('<' | '>' | '=' | '!' | '~')) && next != Some('=');
                if lone {
                    push_space(&mut out);
                    out.push('=');
                    if next.is_some_and(|n| !n.is_whitespace()) {
                        out.push(' ');
                    }
                } else {
                    out.push('=');
                }
            }
            '{' => {
                push_space(&mut out);
                out.push('{');
                if chars
                    .get(i + 1)
                    .is_some_and(|n| !n.is_whitespace() && *n != '}')
                {
                    out.push(' ');
                }
            }
            '}' => {
                if out
                    .chars()
                    .next_back()
                    .is_some_and(|p| p != ' ' && p != '{')
                {
                    out.push(' ');
                }
                out.push('}');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.trim_end().to_owned()
}

/// Pads the ids of consecutive one-line claims so their `=` line up.
fn align_claims(lines: &mut [Line]) {
    let one_line = |l: &Line| {
        l.depth == 0
            && l.code.starts_with("claim ")
            && l.code.contains(" = ")
            && opens(&l.code) == closes(&l.code)
    };
    let mut i = 0;
    while i < lines.len() {
        if !one_line(&lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && one_line(&lines[i]) {
            i += 1;
        }
        if i - start < 2 {
            continue;
        }
        let width = lines[start..i]
            .iter()
            .filter_map(|l| l.code.find(" = ").map(|at| l.code[..at].chars().count()))
            .max()
            .unwrap_or(0);
        for line in &mut lines[start..i] {
            if let Some(at) = line.code.find(" = ") {
                let pad = width - line.code[..at].chars().count();
                line.code.insert_str(at, &" ".repeat(pad));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_indentation_and_blank_lines() {
        let messy = "\n\nrule  a \"A\"{\n\n      let x=revenue*2   # twice\n\tassert x  <  spend,\n\n\n}\n\n\n";
        // `,` is not rules syntax, so lay out the text without the parse check.
        assert_eq!(
            layout(messy),
            "rule a \"A\" {\n  let x = revenue*2 # twice\n  assert x < spend,\n}\n"
        );
    }

    #[test]
    fn strings_comments_and_literals_are_kept() {
        let text = "claim a=5.40B   USD { cite s \"two  spaces # not a comment\" }   #  note  \n";
        let formatted = format(text, Grammar::Claims).expect("formats");
        assert_eq!(
            formatted,
            "claim a = 5.40B USD { cite s \"two  spaces # not a comment\" } #  note\n"
        );
    }

    #[test]
    fn one_line_claims_are_aligned() {
        let text = "source s { outlet \"x\" }\nclaim a = 1B USD { cite s \"1B\" }\nclaim longer.id[k] = 2B USD { cite s \"2B\" }\n";
        let formatted = format(text, Grammar::Claims).expect("formats");
        assert_eq!(
            formatted,
            "source s { outlet \"x\" }\nclaim a            = 1B USD { cite s \"1B\" }\nclaim longer.id[k] = 2B USD { cite s \"2B\" }\n"
        );
        assert_eq!(
            format(&formatted, Grammar::Claims).as_deref(),
            Ok(formatted.as_str())
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_refused() {
        assert!(matches!(
            format("rule {\n", Grammar::Rules),
            Err(FormatError::Syntax { .. })
        ));
    }
}
