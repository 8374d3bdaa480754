//! Parsing: claim files and rule files with nom, JSON claims with serde, and
//! the Markdown draft scanner ([`drafts`]), which finds `[figure]{claim=ID}`
//! spans in a draft as written.
//!
//! Both file kinds share the lexical layer in this module: trivia (spaces and
//! `#` comments), names, string literals, numbers with scale words, units and
//! written quantities. [`parse_claims`] and [`parse_rules`] return a tree and
//! every error in the file: after an error the parser skips to the next line
//! that starts an item and goes on, so one run reports every mistake.
//!
//! Parsers work on [`Input`], a `nom_locate` span carrying the file id, and fail
//! with [`PErr`]. `cut` is used after keywords so that an error points at the
//! token that is wrong rather than at the start of the item.

pub mod ast;
mod claims;
pub mod drafts;
pub mod format;
pub mod json;
mod rules;

pub use claims::parse_claims;
pub use rules::parse_rules;

use crate::base::exact::{Decimal, MAX_DIGITS};
use crate::base::span::{FileId, Span};
use ast::{Magnitude, Name, Qualifier, Quantity, StrLit, UnitExpr, ValueForm};
use nom::Parser;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom_locate::LocatedSpan;

/// Parser input: the text with its byte offset and file id.
pub type Input<'a> = LocatedSpan<&'a str, FileId>;

/// Parser result.
pub type PResult<'a, O> = nom::IResult<Input<'a>, O, PErr>;

/// A syntax error: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub kind: ParseErrorKind,
    /// Where.
    pub span: Span,
}

/// The kinds of syntax error, each with a stable code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Something else was expected here.
    Expected {
        /// What the parser expected.
        expected: &'static str,
        /// What it found (a short excerpt, or "end of file").
        found: String,
    },
    /// A string literal runs to the end of the line.
    UnclosedString,
    /// A `{` without its `}`.
    UnclosedBrace,
    /// A backslash escape other than `\"`, `\\`, `\n`, `\t`.
    InvalidEscape(char),
    /// A number with more digits than the checker keeps.
    NumberTooLong,
    /// A name (or dotted claim id with its key) longer than [`MAX_NAME_LEN`].
    NameTooLong,
    /// A string literal longer than [`MAX_STRING_LEN`].
    StringTooLong,
    /// `¥` could be yuan or yen.
    AmbiguousCurrencySymbol,
    /// Parentheses, `not`, unary minus or `^` nested deeper than the limit.
    TooDeep,
    /// A chain of operators whose tree would be deeper than the limit.
    TooManyOperators,
    /// A qualifier that cannot go with the value's form.
    QualifierConflict {
        /// The qualifier.
        qualifier: &'static str,
        /// What it was combined with.
        with: &'static str,
    },
    /// A field name that this block does not have.
    UnknownField {
        /// The field as written.
        field: String,
        /// The block kind (`source`, `claim`, `rule`).
        block: &'static str,
        /// The fields the block has.
        allowed: &'static [&'static str],
    },
    /// A field given twice.
    DuplicateField(String),
}

impl ParseErrorKind {
    /// The stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            ParseErrorKind::Expected { .. } => "factlint::parse::expected",
            ParseErrorKind::UnclosedString => "factlint::parse::unclosed_string",
            ParseErrorKind::UnclosedBrace => "factlint::parse::unclosed_brace",
            ParseErrorKind::InvalidEscape(_) => "factlint::parse::invalid_escape",
            ParseErrorKind::NumberTooLong => "factlint::parse::number_too_long",
            ParseErrorKind::NameTooLong => "factlint::parse::name_too_long",
            ParseErrorKind::StringTooLong => "factlint::parse::string_too_long",
            ParseErrorKind::AmbiguousCurrencySymbol => "factlint::parse::ambiguous_currency",
            ParseErrorKind::TooDeep => "factlint::parse::too_deep",
            ParseErrorKind::TooManyOperators => "factlint::parse::too_many_operators",
            ParseErrorKind::QualifierConflict { .. } => "factlint::parse::qualifier_conflict",
            ParseErrorKind::UnknownField { .. } => "factlint::parse::unknown_field",
            ParseErrorKind::DuplicateField(_) => "factlint::parse::duplicate_field",
        }
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        match self {
            ParseErrorKind::Expected { expected, found } => {
                format!("expected {expected}, found {found}")
            }
            ParseErrorKind::UnclosedString => "unclosed string literal".to_owned(),
            ParseErrorKind::UnclosedBrace => "unclosed `{`".to_owned(),
            ParseErrorKind::InvalidEscape(c) => format!("unknown escape `\\{c}` in string"),
            ParseErrorKind::NumberTooLong => format!("number has more than {MAX_DIGITS} digits"),
            ParseErrorKind::NameTooLong => format!("name longer than {MAX_NAME_LEN} bytes"),
            ParseErrorKind::StringTooLong => {
                format!("string longer than {MAX_STRING_LEN} bytes")
            }
            ParseErrorKind::AmbiguousCurrencySymbol => {
                "`¥` is ambiguous: it is used for yuan and for yen".to_owned()
            }
            ParseErrorKind::QualifierConflict { qualifier, with } => {
                format!("`{qualifier}` cannot be combined with {with}")
            }
            ParseErrorKind::TooDeep => format!(
                "expression nested more than {} levels deep",
                rules::MAX_NESTING
            ),
            ParseErrorKind::TooManyOperators => format!(
                "expression more than {} operators deep",
                rules::MAX_OPERATOR_DEPTH
            ),
            ParseErrorKind::UnknownField { field, block, .. } => {
                format!("`{field}` is not a field of a {block}")
            }
            ParseErrorKind::DuplicateField(field) => format!("`{field}` is given twice"),
        }
    }

    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            ParseErrorKind::UnclosedString => Some(
                "close the string with `\"` on the same line; write `\\\"` for a quote inside it"
                    .to_owned(),
            ),
            ParseErrorKind::UnclosedBrace => Some("add the missing `}`".to_owned()),
            ParseErrorKind::InvalidEscape(_) => {
                Some("the escapes are \\\" \\\\ \\n \\t".to_owned())
            }
            ParseErrorKind::NumberTooLong => {
                Some("write fewer digits, with a scale word: `13.5B`, `2 trillion`".to_owned())
            }
            ParseErrorKind::NameTooLong => Some(
                "use a shorter id; a claim's description belongs in its `title`".to_owned(),
            ),
            ParseErrorKind::StringTooLong => Some(
                "quote only the sentence that states the figure; a long passage belongs in the source's file"
                    .to_owned(),
            ),
            ParseErrorKind::AmbiguousCurrencySymbol => {
                Some("write the ISO code after the number: `CNY` or `JPY`".to_owned())
            }
            ParseErrorKind::QualifierConflict { .. } => Some(
                "write the bounds explicitly (`12B..14B`), or use `more than`, `at least`, `less than` or `up to` with `..`"
                    .to_owned(),
            ),
            ParseErrorKind::TooDeep => Some("split the expression with `let` bindings".to_owned()),
            ParseErrorKind::TooManyOperators => Some(
                "split the expression with `let` bindings, or add keyed claims with `sum(path[*])`"
                    .to_owned(),
            ),
            ParseErrorKind::UnknownField { field, allowed, .. } => Some(
                match crate::base::suggest::did_you_mean(field, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? the fields are {}", allowed.join(", ")),
                    None => format!("the fields are {}", allowed.join(", ")),
                },
            ),
            ParseErrorKind::DuplicateField(_) => Some("remove one of them".to_owned()),
            ParseErrorKind::Expected { .. } => None,
        }
    }
}

/// The error value threaded through nom: a byte range and a kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PErr {
    start: usize,
    end: usize,
    kind: ParseErrorKind,
}

impl PErr {
    fn new(at: &Input<'_>, len: usize, kind: ParseErrorKind) -> PErr {
        let start = at.location_offset();
        PErr {
            start,
            end: start + len,
            kind,
        }
    }

    /// Converts to a [`ParseError`] in `file`.
    pub fn into_error(self, file: FileId) -> ParseError {
        ParseError {
            kind: self.kind,
            span: Span::new(file, self.start, self.end),
        }
    }
}

impl<'a> nom::error::ParseError<Input<'a>> for PErr {
    fn from_error_kind(input: Input<'a>, _kind: nom::error::ErrorKind) -> Self {
        let (len, found) = found_token(&input);
        PErr::new(
            &input,
            len,
            ParseErrorKind::Expected {
                expected: "something else",
                found,
            },
        )
    }

    fn append(_input: Input<'a>, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep the error that got further into the input.
        if other.start >= self.start {
            other
        } else {
            self
        }
    }
}

/// A short description of the token at `input`, and its length in bytes.
fn found_token(input: &Input<'_>) -> (usize, String) {
    let text = input.fragment();
    let Some(first) = text.chars().next() else {
        return (0, "end of file".to_owned());
    };
    if first == '\n' || first == '\r' {
        return (first.len_utf8(), "end of line".to_owned());
    }
    let len = if is_ident_char(first) {
        text.find(|c: char| !is_ident_char(c)).unwrap_or(text.len())
    } else {
        first.len_utf8()
    };
    (len, format!("`{}`", &text[..len]))
}

/// An `Error` (recoverable: another alternative may match) saying `expected`.
fn expected<'a, T>(input: Input<'a>, what: &'static str) -> PResult<'a, T> {
    let (len, found) = found_token(&input);
    Err(nom::Err::Error(PErr::new(
        &input,
        len,
        ParseErrorKind::Expected {
            expected: what,
            found,
        },
    )))
}

/// A `Failure` (not recoverable) with `kind` over `len` bytes at `input`.
fn failure<'a, T>(input: &Input<'a>, len: usize, kind: ParseErrorKind) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr::new(input, len, kind)))
}

/// A `Failure` with `kind` over an earlier `span`.
fn failure_at<'a, T>(span: Span, kind: ParseErrorKind) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr {
        start: span.start as usize,
        end: span.end as usize,
        kind,
    }))
}

/// Turns an `Error` into a `Failure` (nom's `cut`), keeping the message.
fn cut_err<T>(result: Result<T, nom::Err<PErr>>) -> Result<T, nom::Err<PErr>> {
    result.map_err(|e| match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        other => other,
    })
}

/// Splits `n` bytes off the front of `input`. (nom's `take` counts
/// characters, not bytes, on text.) `n` must fall on a character boundary.
fn take_bytes(input: Input<'_>, n: usize) -> PResult<'_, Input<'_>> {
    Ok(nom::Input::take_split(&input, n))
}

/// A span from `start` to `end` (both positions in the same file).
fn span_between(start: &Input<'_>, end: &Input<'_>) -> Span {
    Span::new(start.extra, start.location_offset(), end.location_offset())
}

fn span_of(input: &Input<'_>) -> Span {
    Span::new(
        input.extra,
        input.location_offset(),
        input.location_offset() + input.fragment().len(),
    )
}

/// Whether `c` may appear in a name.
pub fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// Spaces, tabs, newlines and `#` comments.
fn trivia(mut input: Input<'_>) -> PResult<'_, ()> {
    loop {
        let (rest, _) = take_while(|c: char| c.is_whitespace()).parse(input)?;
        input = rest;
        if input.fragment().starts_with('#') {
            let (rest, _) = take_while(|c: char| c != '\n').parse(input)?;
            input = rest;
        } else {
            return Ok((input, ()));
        }
    }
}

/// Spaces and tabs only (stays on the line).
fn blanks(input: Input<'_>) -> PResult<'_, ()> {
    let (rest, _) = take_while(|c: char| c == ' ' || c == '\t').parse(input)?;
    Ok((rest, ()))
}

/// The longest name, or dotted claim id with its key, in bytes.
pub const MAX_NAME_LEN: usize = 256;

/// The longest string literal (a quote, a title), in bytes.
pub const MAX_STRING_LEN: usize = 16 * 1024;

/// Words that are never names or units.
pub const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "within", "let", "assert", "severity", "expect", "strict", "rule",
    "claim", "source", "unit", "cite", "title", "note",
];

/// A plain identifier (no dots).
fn ident(input: Input<'_>) -> PResult<'_, Name> {
    let Some(first) = input.fragment().chars().next() else {
        return expected(input, "a name");
    };
    if !is_ident_start(first) {
        return expected(input, "a name");
    }
    let (rest, word) = take_while1(is_ident_char).parse(input)?;
    if word.fragment().len() > MAX_NAME_LEN {
        return failure(&input, word.fragment().len(), ParseErrorKind::NameTooLong);
    }
    Ok((
        rest,
        Name {
            text: (*word.fragment()).into(),
            span: span_of(&word),
        },
    ))
}

/// A word borrowed from the input: a keyword or field name that is matched
/// and dropped, so reading it allocates nothing.
#[derive(Clone, Copy, Debug)]
struct Word<'a> {
    text: &'a str,
    span: Span,
}

/// A plain identifier, borrowed (see [`Word`]).
fn word(input: Input<'_>) -> PResult<'_, Word<'_>> {
    let Some(first) = input.fragment().chars().next() else {
        return expected(input, "a name");
    };
    if !is_ident_start(first) {
        return expected(input, "a name");
    }
    let (rest, matched) = take_while1(is_ident_char).parse(input)?;
    Ok((
        rest,
        Word {
            text: matched.fragment(),
            span: span_of(&matched),
        },
    ))
}

/// A specific keyword, not followed by a name character.
fn keyword<'a>(word: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |input: Input<'a>| {
        let text = input.fragment();
        if text.starts_with(word) && !text[word.len()..].starts_with(is_ident_char) {
            let (rest, matched) = tag(word).parse(input)?;
            Ok((rest, span_of(&matched)))
        } else {
            expected(input, word)
        }
    }
}

/// A specific punctuation token.
fn punct<'a>(token: &'static str, what: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |input: Input<'a>| match tag::<_, _, PErr>(token).parse(input) {
        Ok((rest, matched)) => Ok((rest, span_of(&matched))),
        Err(_) => expected(input, what),
    }
}

/// A dotted name with an optional key: `openai.revenue[2025]`, `seg.rev[*]`.
fn claim_ref(input: Input<'_>, allow_wildcard: bool) -> PResult<'_, ast::ClaimRef> {
    let start = input;
    let (mut rest, first) = ident(input)?;
    let mut path = first.text.to_string();
    while rest.fragment().starts_with('.') && rest.fragment()[1..].starts_with(is_ident_start) {
        let (after_dot, _) = tag(".").parse(rest)?;
        let (after, part) = ident(after_dot)?;
        path.push('.');
        path.push_str(&part.text);
        rest = after;
    }
    let mut key = None;
    if rest.fragment().starts_with('[') {
        let (after_open, _) = tag("[").parse(rest)?;
        let (after_key, k) = if allow_wildcard && after_open.fragment().starts_with('*') {
            let (r, _) = tag("*").parse(after_open)?;
            (r, ast::Key::Wildcard)
        } else {
            let (r, text) = match take_while1::<_, _, PErr>(|c: char| is_ident_char(c) || c == '-')
                .parse(after_open)
            {
                Ok(ok) => ok,
                Err(_) => {
                    return cut_err(expected(
                        after_open,
                        if allow_wildcard {
                            "a key or `*`"
                        } else {
                            "a key"
                        },
                    ));
                }
            };
            (r, ast::Key::Exact((*text.fragment()).into()))
        };
        let (after_close, _) = cut_err(punct("]", "`]`")(after_key))?;
        key = Some(k);
        rest = after_close;
    }
    let len = rest.location_offset() - start.location_offset();
    if len > MAX_NAME_LEN {
        return failure(&start, len, ParseErrorKind::NameTooLong);
    }
    Ok((
        rest,
        ast::ClaimRef {
            path: path.into(),
            key,
            span: span_between(&start, &rest),
        },
    ))
}

/// A string literal `"..."` on one line, with escapes.
fn string_lit(input: Input<'_>) -> PResult<'_, StrLit> {
    if !input.fragment().starts_with('"') {
        return expected(input, "a string in double quotes");
    }
    let text = input.fragment();
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if i > MAX_STRING_LEN {
            return failure(&input, 1, ParseErrorKind::StringTooLong);
        }
        match c {
            '"' => {
                let (rest, lit) = take_bytes(input, i + 1)?;
                return Ok((
                    rest,
                    StrLit {
                        value,
                        span: span_of(&lit),
                    },
                ));
            }
            '\\' => match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) if other != '\n' => {
                    let (at, _) = take_bytes(input, j - 1)?;
                    return failure(
                        &at,
                        1 + other.len_utf8(),
                        ParseErrorKind::InvalidEscape(other),
                    );
                }
                _ => break,
            },
            '\n' | '\r' => break,
            other => value.push(other),
        }
    }
    failure(&input, 1, ParseErrorKind::UnclosedString)
}

/// Digits with an optional fraction: `13`, `13.50`. A `.` counts only when a
/// digit follows, so `0..5` reads as a range.
fn number(input: Input<'_>) -> PResult<'_, (Decimal, Span)> {
    let text = input.fragment();
    let int_len = text.bytes().take_while(u8::is_ascii_digit).count();
    if int_len == 0 {
        return expected(input, "a number");
    }
    let mut len = int_len;
    if text[len..].starts_with('.') && text[len + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        len += 1 + text[len + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
    }
    let (rest, digits) = take_bytes(input, len)?;
    match Decimal::parse(digits.fragment()) {
        Some(decimal) => Ok((rest, (decimal, span_of(&digits)))),
        None => failure(&digits, len, ParseErrorKind::NumberTooLong),
    }
}

/// Scale suffixes glued to a number.
const SCALE_SUFFIXES: &[(&str, i32)] =
    &[("bn", 9), ("k", 3), ("K", 3), ("M", 6), ("B", 9), ("T", 12)];
/// Scale words after a space.
const SCALE_WORDS: &[(&str, i32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
];

/// A number with an optional scale: `13B`, `13.5bn`, `2 trillion`; with an
/// optional currency symbol before it (`$15M`), returned as a unit name.
fn magnitude(input: Input<'_>) -> PResult<'_, (Magnitude, Option<Name>)> {
    let start = input;
    let (mut rest, symbol) = currency_symbol(input)?;
    let (after_number, (decimal, _)) = number(rest)?;
    rest = after_number;
    let mut scale = 0;
    let text = rest.fragment();
    if let Some((suffix, s)) = SCALE_SUFFIXES.iter().find(|(suffix, _)| {
        text.starts_with(suffix) && !text[suffix.len()..].starts_with(is_ident_char)
    }) {
        rest = tag(*suffix).parse(rest)?.0;
        scale = *s;
    } else {
        let (after_blanks, ()) = blanks(rest)?;
        let text = after_blanks.fragment();
        if let Some((word, s)) = SCALE_WORDS.iter().find(|(word, _)| {
            text.starts_with(word) && !text[word.len()..].starts_with(is_ident_char)
        }) {
            rest = tag(*word).parse(after_blanks)?.0;
            scale = *s;
        }
    }
    Ok((
        rest,
        (
            Magnitude {
                decimal: decimal.scaled(scale),
                span: span_between(&start, &rest),
            },
            symbol,
        ),
    ))
}

fn currency_symbol(input: Input<'_>) -> PResult<'_, Option<Name>> {
    let text = input.fragment();
    let code = match text.chars().next() {
        Some('$') => "USD",
        Some('€') => "EUR",
        Some('£') => "GBP",
        Some('¥') | Some('￥') => {
            let len = text.chars().next().map_or(1, char::len_utf8);
            return failure(&input, len, ParseErrorKind::AmbiguousCurrencySymbol);
        }
        _ => return Ok((input, None)),
    };
    let len = text.chars().next().map_or(1, char::len_utf8);
    let (rest, sym) = take_bytes(input, len)?;
    Ok((
        rest,
        Some(Name {
            text: code.into(),
            span: span_of(&sym),
        }),
    ))
}

/// One unit atom: a name, `%`, or a glued `x` after a number (handled by the caller).
fn unit_atom(input: Input<'_>) -> PResult<'_, Name> {
    if input.fragment().starts_with('%') {
        let (rest, pct) = tag("%").parse(input)?;
        return Ok((
            rest,
            Name {
                text: "%".into(),
                span: span_of(&pct),
            },
        ));
    }
    let (rest, name) = ident(input)?;
    if KEYWORDS.contains(&&*name.text) {
        return expected(input, "a unit");
    }
    Ok((rest, name))
}

/// A unit expression on the same line as its number: `USD`, `USD/day`,
/// `W*h`, `%`. Operators inside a unit are written without spaces.
fn unit_expr(input: Input<'_>) -> PResult<'_, UnitExpr> {
    let start = input;
    let (rest, first) = unit_atom(input)?;
    let (rest, exp) = exponent(rest)?;
    let mut atoms = vec![(first, exp)];
    let (rest, mut tail) = unit_tail(rest)?;
    atoms.append(&mut tail);
    Ok((
        rest,
        UnitExpr {
            atoms,
            span: span_between(&start, &rest),
        },
    ))
}

/// The `/day`, `*h` continuation of a unit, glued to what precedes it.
fn unit_tail(input: Input<'_>) -> PResult<'_, Vec<(Name, i8)>> {
    let mut rest = input;
    let mut atoms = Vec::new();
    loop {
        let text = rest.fragment();
        let sign = if text.starts_with('/') {
            -1
        } else if text.starts_with('*') || text.starts_with('·') {
            1
        } else {
            break;
        };
        let op_len = text.chars().next().map_or(1, char::len_utf8);
        let after_op = take_bytes(rest, op_len)?.0;
        match unit_atom(after_op) {
            Ok((after_atom, atom)) => {
                let (after_exp, exp) = exponent(after_atom)?;
                atoms.push((atom, sign * exp));
                rest = after_exp;
            }
            // `a / b` in an expression: the slash is an operator, not part of the unit.
            Err(nom::Err::Error(_)) => break,
            Err(e) => return Err(e),
        }
    }
    Ok((rest, atoms))
}

fn exponent(input: Input<'_>) -> PResult<'_, i8> {
    let text = input.fragment();
    if let Some(after) = text.strip_prefix('^') {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) {
            let n: i8 = after[..digits].parse().unwrap_or(1);
            let (rest, _) = take_bytes(input, 1 + digits)?;
            return Ok((rest, n));
        }
    }
    Ok((input, 1))
}

/// An optional unit after blanks on the same line.
fn opt_unit(input: Input<'_>, after_symbol: bool) -> PResult<'_, Option<UnitExpr>> {
    // `$15M/day`: a glued tail whose numerator is the currency symbol. After a
    // bare number, `100/x` is a division.
    if after_symbol && input.fragment().starts_with('/') {
        let (rest, atoms) = unit_tail(input)?;
        if !atoms.is_empty() {
            return Ok((
                rest,
                Some(UnitExpr {
                    atoms,
                    span: span_between(&input, &rest),
                }),
            ));
        }
    }
    // A glued `x` after a number means "times".
    if input.fragment().starts_with('x') && !input.fragment()[1..].starts_with(is_ident_char) {
        let (rest, x) = tag("x").parse(input)?;
        return Ok((
            rest,
            Some(UnitExpr {
                atoms: vec![(
                    Name {
                        text: "x".into(),
                        span: span_of(&x),
                    },
                    1,
                )],
                span: span_of(&x),
            }),
        ));
    }
    let (after_blanks, ()) = blanks(input)?;
    match unit_expr(after_blanks) {
        Ok((rest, unit)) => Ok((rest, Some(unit))),
        Err(nom::Err::Error(_)) => Ok((input, None)),
        Err(e) => Err(e),
    }
}

/// Qualifier words and symbols, longest first.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("approximately", Qualifier::About),
    ("more than", Qualifier::MoreThan),
    ("less than", Qualifier::LessThan),
    ("at least", Qualifier::AtLeast),
    ("at most", Qualifier::AtMost),
    ("exactly", Qualifier::Exactly),
    ("around", Qualifier::About),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("up to", Qualifier::AtMost),
    ("about", Qualifier::About),
    ("under", Qualifier::LessThan),
    ("over", Qualifier::MoreThan),
    (">=", Qualifier::AtLeast),
    ("<=", Qualifier::AtMost),
    (">", Qualifier::MoreThan),
    ("<", Qualifier::LessThan),
    ("~", Qualifier::About),
];

fn qualifier(input: Input<'_>) -> PResult<'_, Option<(Qualifier, Span)>> {
    let text = input.fragment();
    for (word, q) in QUALIFIERS {
        let is_word = word.starts_with(|c: char| c.is_ascii_alphabetic());
        if text.starts_with(word) && !(is_word && text[word.len()..].starts_with(is_ident_char)) {
            let (rest, matched) = tag(*word).parse(input)?;
            let (rest, ()) = blanks(rest)?;
            return Ok((rest, Some((*q, span_of(&matched)))));
        }
    }
    Ok((input, None))
}

/// A written claim value: `about 13B USD`, `$15M/day`, `12B..14B USD`,
/// `13B ± 0.2B USD`, `more than 1T.. USD`.
fn quantity(input: Input<'_>) -> PResult<'_, Quantity> {
    let start = input;
    let (rest, qualifier) = qualifier(input)?;
    let mut symbol;
    let form;
    let mut rest = rest;
    if qualifier.is_none() && rest.fragment().starts_with("..") {
        // `..14B`: open below.
        let after_dots = tag("..").parse(rest)?.0;
        let (after_dots, ()) = blanks(after_dots)?;
        let (after_mag, (hi, sym)) = cut_err(magnitude(after_dots))?;
        symbol = sym;
        form = ValueForm::Range(None, Some(hi));
        rest = after_mag;
    } else {
        let (after_mag, (first, sym)) = match magnitude(rest) {
            Ok(ok) => ok,
            Err(nom::Err::Error(_)) => {
                return expected(rest, "a value such as `13B USD` or `about 5%`");
            }
            Err(e) => return Err(e),
        };
        symbol = sym;
        rest = after_mag;
        let (after_blanks, ()) = blanks(rest)?;
        let text = after_blanks.fragment();
        if text.starts_with("..") {
            let after_dots = tag("..").parse(after_blanks)?.0;
            let (after_blanks2, ()) = blanks(after_dots)?;
            match magnitude(after_blanks2) {
                Ok((after_hi, (hi, sym2))) if qualifier.is_none() => {
                    symbol = symbol.or(sym2);
                    form = ValueForm::Range(Some(first), Some(hi));
                    rest = after_hi;
                }
                Ok(_) => {
                    return failure(
                        &after_blanks2,
                        1,
                        ParseErrorKind::Expected {
                            expected: "a unit or `{` after an open-ended bound",
                            found: found_token(&after_blanks2).1,
                        },
                    );
                }
                Err(nom::Err::Error(_)) => {
                    if let Some((
                        q @ (Qualifier::About | Qualifier::Nearly | Qualifier::Exactly),
                        span,
                    )) = qualifier
                    {
                        return failure_at(
                            span,
                            ParseErrorKind::QualifierConflict {
                                qualifier: q.as_str(),
                                with: "an open-ended `..`",
                            },
                        );
                    }
                    form = match qualifier {
                        None => ValueForm::Range(Some(first), None),
                        Some(q) => ValueForm::Single {
                            qualifier: Some(q),
                            magnitude: first,
                            open_ended: true,
                        },
                    };
                    rest = after_dots;
                }
                Err(e) => return Err(e),
            }
        } else if (text.starts_with('±') || text.starts_with("+-")) && qualifier.is_some() {
            let (q, span) = qualifier.unwrap_or((Qualifier::About, first.span));
            return failure_at(
                span,
                ParseErrorKind::QualifierConflict {
                    qualifier: q.as_str(),
                    with: "`±`",
                },
            );
        } else if text.starts_with('±') || text.starts_with("+-") {
            let len = if text.starts_with('±') {
                '±'.len_utf8()
            } else {
                2
            };
            let after_pm = take_bytes(after_blanks, len)?.0;
            let (after_pm, ()) = blanks(after_pm)?;
            let (after_d, (delta, _)) = cut_err(magnitude(after_pm))?;
            form = ValueForm::PlusMinus(first, delta);
            rest = after_d;
        } else {
            form = ValueForm::Single {
                qualifier,
                magnitude: first,
                open_ended: false,
            };
        }
    }
    let (after_unit, unit) = opt_unit(rest, symbol.is_some())?;
    let unit = match (symbol, unit) {
        (Some(sym), Some(unit)) => {
            // `$15M/day`: the symbol supplies the numerator.
            if unit.atoms.iter().all(|(_, e)| *e < 0) {
                let mut atoms = vec![(sym.clone(), 1)];
                atoms.extend(unit.atoms);
                Some(UnitExpr {
                    atoms,
                    span: sym.span.to(unit.span),
                })
            } else {
                return failure(
                    &rest,
                    1,
                    ParseErrorKind::Expected {
                        expected: "no second currency after a currency symbol",
                        found: format!("`{}`", &unit.atoms[0].0.text),
                    },
                );
            }
        }
        (Some(sym), None) => Some(UnitExpr {
            atoms: vec![(sym.clone(), 1)],
            span: sym.span,
        }),
        (None, unit) => unit,
    };
    Ok((
        after_unit,
        Quantity {
            form,
            unit,
            span: span_between(&start, &after_unit),
        },
    ))
}

/// Parses a claim value written at byte `offset` of its file (a JSON
/// string's contents). Only `value` is read, so the work is proportional to
/// its length wherever it is in the file; spans point into the file.
pub fn parse_quantity_at(value: &str, file: FileId, offset: usize) -> Result<Quantity, ParseError> {
    fn run(input: Input<'_>) -> PResult<'_, Quantity> {
        let (at, ()) = blanks(input)?;
        let (rest, quantity) = quantity(at)?;
        let (rest, ()) = blanks(rest)?;
        if !rest.fragment().is_empty() {
            return expected(rest, "the end of the value");
        }
        Ok((rest, quantity))
    }
    // The value is parsed on its own (offsets from 0) and its spans moved:
    // an input starting at `offset` would count the lines before it.
    let shift = |span: &mut Span| {
        span.start += offset as u32;
        span.end += offset as u32;
    };
    match run(Input::new_extra(value, file)) {
        Ok((_, mut quantity)) => {
            shift_quantity(&mut quantity, shift);
            Ok(quantity)
        }
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => {
            let mut error = e.into_error(file);
            shift(&mut error.span);
            Err(error)
        }
        Err(nom::Err::Incomplete(_)) => Err(ParseError {
            kind: ParseErrorKind::Expected {
                expected: "a value",
                found: "end of input".to_owned(),
            },
            span: Span::new(file, offset, offset + value.len()),
        }),
    }
}

/// Applies `shift` to every span in `quantity`. The patterns name every
/// field, so a span added to these nodes cannot be missed here.
pub(crate) fn shift_quantity(quantity: &mut Quantity, shift: impl Fn(&mut Span)) {
    let Quantity { form, unit, span } = quantity;
    shift(span);
    let magnitude = |m: &mut Magnitude| {
        let Magnitude { decimal: _, span } = m;
        shift(span);
    };
    match form {
        ValueForm::Single {
            qualifier,
            magnitude: m,
            open_ended: _,
        } => {
            if let Some((_, span)) = qualifier {
                shift(span);
            }
            magnitude(m);
        }
        ValueForm::PlusMinus(a, b) => {
            magnitude(a);
            magnitude(b);
        }
        ValueForm::Range(a, b) => {
            for m in [a, b].into_iter().flatten() {
                magnitude(m);
            }
        }
    }
    if let Some(UnitExpr { atoms, span }) = unit {
        shift(span);
        for (Name { text: _, span }, _) in atoms {
            shift(span);
        }
    }
}

/// Skips to the start of the next line that begins (at column 1) with one of
/// `keywords`, or to the end of the input. Used to recover after an error.
fn skip_to_next_item<'a>(input: Input<'a>, keywords: &[&str]) -> Input<'a> {
    let text = input.fragment();
    let mut offset = 0;
    loop {
        match text[offset..].find('\n') {
            None => offset = text.len(),
            Some(nl) => offset += nl + 1,
        }
        let line = &text[offset..];
        if line.is_empty()
            || keywords
                .iter()
                .any(|k| line.starts_with(k) && !line[k.len()..].starts_with(is_ident_char))
        {
            break;
        }
    }
    match take_bytes(input, offset) {
        Ok((rest, _)) => rest,
        Err(_) => input,
    }
}

/// Parses `{ ... }` items with `item` until `}`; reports an unclosed brace at `open`.
fn braced_block<'a, F>(open_input: Input<'a>, mut item: F) -> PResult<'a, ()>
where
    F: FnMut(Input<'a>) -> PResult<'a, ()>,
{
    let (mut rest, _) = cut_err(punct("{", "`{`")(open_input))?;
    let open = open_input;
    loop {
        let (after_trivia, ()) = trivia(rest)?;
        rest = after_trivia;
        if rest.fragment().is_empty() {
            return failure(&open, 1, ParseErrorKind::UnclosedBrace);
        }
        if rest.fragment().starts_with('}') {
            let (after, _) = tag("}").parse(rest)?;
            return Ok((after, ()));
        }
        let (after_item, ()) = item(rest)?;
        rest = after_item;
    }
}

/// Runs `item` over the whole file, collecting every error and recovering at
/// the next line that starts with one of `keywords`.
fn parse_items<'a, T>(
    text: &'a str,
    file: FileId,
    keywords: &[&str],
    mut item: impl FnMut(Input<'a>) -> PResult<'a, T>,
) -> (Vec<T>, Vec<ParseError>) {
    let mut input = Input::new_extra(text, file);
    let mut items = Vec::new();
    let mut errors = Vec::new();
    loop {
        input = match trivia(input) {
            Ok((rest, ())) => rest,
            Err(_) => input,
        };
        if input.fragment().is_empty() {
            break;
        }
        let at = input;
        match item(input) {
            Ok((rest, value)) => {
                items.push(value);
                input = rest;
            }
            Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => {
                errors.push(e.into_error(file));
                input = skip_to_next_item(at, keywords);
            }
            Err(nom::Err::Incomplete(_)) => break,
        }
    }
    (items, errors)
}

/// Records `value` in `slot`, or fails when the field was already given.
fn set_once<'a, T>(
    slot: &mut Option<T>,
    value: T,
    at: &Input<'a>,
    name: &str,
) -> Result<(), nom::Err<PErr>> {
    if slot.is_some() {
        return Err(nom::Err::Failure(PErr::new(
            at,
            name.len(),
            ParseErrorKind::DuplicateField(name.to_owned()),
        )));
    }
    *slot = Some(value);
    Ok(())
}

#[cfg(test)]
mod tests;
