//! Parsing: claim files and rule files with nom, JSON claims with serde, and
//! the Markdown draft scanner ([`drafts`]), which finds `[figure]{claim=ID}`
//! spans in a draft as written.
//!
//! Both file kinds share the lexical layer in this module: trivia (spaces and
//! `#` comments), names, string literals, numbers with exponents and scale
//! words, units and written quantities (a claim value's sign and declared
//! precision included). [`parse_claims`] and [`parse_rules`] return a tree and
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
use ast::{Magnitude, Name, Precision, Qualifier, Quantity, StrLit, UnitExpr, ValueForm};
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
    /// A sign factlint does not read, or in a place it cannot stand.
    BadSign(SignProblem),
    /// An exponent beyond [`MAX_EXPONENT`] either way (`1e999`), as written.
    ExponentOutOfRange(String),
    /// A scale word or suffix after an exponent (`1.2e3k`), as written.
    ScaleAfterExponent(String),
    /// A declared precision that is not a power of ten above zero.
    BadPrecision(PrecisionProblem),
    /// A declared precision on a form whose ends are explicit.
    PrecisionConflict {
        /// What it was combined with.
        with: &'static str,
    },
}

/// What is wrong with a sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignProblem {
    /// `+5B`: a plus sign.
    Plus,
    /// `--5`: two signs.
    Double,
    /// `- 5`: a space between the sign and the number.
    Space,
    /// `$-4M`: the sign after the currency symbol.
    AfterSymbol,
    /// `13B ± -1B`: a signed margin.
    Margin,
}

/// What is wrong with a declared precision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrecisionProblem {
    /// `precision 0`.
    Zero,
    /// `precision -1k`.
    Negative,
    /// `precision 5k`: not one unit of a decimal place (the number as written).
    NotPowerOfTen(String),
    /// `precision $1k`, `precision 1k USD`: a precision is in the value's unit.
    Unit,
}

/// The largest exponent a number may be written with, either way: `1e99`
/// and `1e-99` are read, `1e100` is [`ParseErrorKind::ExponentOutOfRange`].
pub const MAX_EXPONENT: u32 = 99;

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
            ParseErrorKind::BadSign(_) => "factlint::parse::bad_sign",
            ParseErrorKind::ExponentOutOfRange(_) => "factlint::parse::exponent_out_of_range",
            ParseErrorKind::ScaleAfterExponent(_) => "factlint::parse::scale_after_exponent",
            ParseErrorKind::BadPrecision(_) => "factlint::parse::bad_precision",
            ParseErrorKind::PrecisionConflict { .. } => "factlint::parse::precision_conflict",
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
            ParseErrorKind::BadSign(problem) => match problem {
                SignProblem::Plus => "a plus sign before the number".to_owned(),
                SignProblem::Double => "two signs before the number".to_owned(),
                SignProblem::Space => "a space between the minus sign and the number".to_owned(),
                SignProblem::AfterSymbol => "the minus sign after the currency symbol".to_owned(),
                SignProblem::Margin => "a negative margin after `±`".to_owned(),
            },
            ParseErrorKind::ExponentOutOfRange(written) => format!(
                "the exponent `{}` is out of range: exponents go from -{MAX_EXPONENT} to {MAX_EXPONENT}",
                crate::base::text::shortened(written, 24)
            ),
            ParseErrorKind::ScaleAfterExponent(scale) => {
                format!("a scale word (`{scale}`) after an exponent")
            }
            ParseErrorKind::BadPrecision(problem) => match problem {
                PrecisionProblem::Zero => "a precision of zero".to_owned(),
                PrecisionProblem::Negative => "a negative precision".to_owned(),
                PrecisionProblem::NotPowerOfTen(written) => format!(
                    "the precision `{}` is not a power of ten",
                    crate::base::text::shortened(written, 40)
                ),
                PrecisionProblem::Unit => "a precision with a unit".to_owned(),
            },
            ParseErrorKind::PrecisionConflict { with } => {
                format!("`precision` cannot be combined with {with}")
            }
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
            ParseErrorKind::BadSign(problem) => Some(
                match problem {
                    SignProblem::Plus => "write a positive number without a sign: `5B`, not `+5B`",
                    SignProblem::Double => "write one minus sign, `-` or `−`, touching the number: `-5`",
                    SignProblem::Space => "write the minus sign touching the number: `-5`, not `- 5`",
                    SignProblem::AfterSymbol => "write the sign before the currency symbol: `-$4M`",
                    SignProblem::Margin => {
                        "a margin is a size: write it without a sign (`13B ± 1B`), or write the ends as a range (`12B..14B`)"
                    }
                }
                .to_owned(),
            ),
            ParseErrorKind::ExponentOutOfRange(_) => Some(format!(
                "write the number with an exponent from -{MAX_EXPONENT} to {MAX_EXPONENT} (`1.2e9`), or in a larger or smaller unit"
            )),
            ParseErrorKind::ScaleAfterExponent(_) => Some(
                "write an exponent or a scale word, not both: `1.2e9` or `1.2B`".to_owned(),
            ),
            ParseErrorKind::BadPrecision(problem) => Some(
                match problem {
                    PrecisionProblem::Unit => {
                        "a precision is counted in the value's own unit: `58000 USD precision 1k`"
                    }
                    _ => {
                        "declare the place the source rounded to, one unit of it: `precision 1k` for thousands (XBRL `decimals=\"-3\"`), `precision 0.01` for hundredths"
                    }
                }
                .to_owned(),
            ),
            ParseErrorKind::PrecisionConflict { .. } => Some(
                "a declared precision says how a figure was rounded; `exactly`, `±`, ranges and an open-ended `..` give their ends as written: remove `precision`, or write the rounded figure alone (`58000 USD precision 1k`)"
                    .to_owned(),
            ),
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
    "and",
    "or",
    "not",
    "in",
    "within",
    "let",
    "assert",
    "severity",
    "expect",
    "strict",
    "rule",
    "claim",
    "source",
    "unit",
    "cite",
    "title",
    "note",
    "precision",
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

/// Digits with an optional fraction and exponent: `13`, `13.50`, `1.2e9`,
/// `3E-2`. A `.` counts only when a digit follows, so `0..5` reads as a
/// range, and an `e` or `E` only when a digit follows it (after an optional
/// sign), so `3EUR` is 3 EUR. The precision is the mantissa's: `1.2e9` is
/// mantissa 12, exponent 8. Returns the span of the exponent when one is
/// written.
fn number(input: Input<'_>) -> PResult<'_, (Decimal, Span, Option<Span>)> {
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
    let Some(decimal) = Decimal::parse(digits.fragment()) else {
        return failure(&digits, len, ParseErrorKind::NumberTooLong);
    };
    let Some((exp_len, exponent)) = exponent_part(rest.fragment()) else {
        return Ok((rest, (decimal, span_of(&digits), None)));
    };
    let (after, written) = take_bytes(rest, exp_len)?;
    let Some(exponent) = exponent else {
        return failure(
            &written,
            exp_len,
            ParseErrorKind::ExponentOutOfRange((*written.fragment()).to_owned()),
        );
    };
    Ok((
        after,
        (
            decimal.scaled(exponent),
            span_between(&input, &after),
            Some(span_of(&written)),
        ),
    ))
}

/// The exponent at the start of `text` (`e9`, `E-2`, `e+03`, `e−5`): its
/// length in bytes and its value, `None` when it is beyond [`MAX_EXPONENT`].
/// `None` overall when `text` does not start with one.
fn exponent_part(text: &str) -> Option<(usize, Option<i32>)> {
    let after_e = text.strip_prefix(['e', 'E'])?;
    let (negative, sign_len) = match after_e.chars().next() {
        Some('+') => (false, 1),
        Some('-') => (true, 1),
        Some('−') => (true, '−'.len_utf8()),
        _ => (false, 0),
    };
    let digits = after_e[sign_len..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let written = &after_e[sign_len..sign_len + digits];
    // Leading zeros are allowed (`e09`); any other digit past two is out of
    // range, so a long exponent is never parsed into a machine integer.
    let significant = written.trim_start_matches('0');
    let value = match significant.len() {
        0 => Some(0),
        1 | 2 => significant.parse::<u32>().ok(),
        _ => None,
    }
    .filter(|v| *v <= MAX_EXPONENT)
    .map(|v| if negative { -(v as i32) } else { v as i32 });
    Some((1 + sign_len + digits, value))
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

/// Whether `text` starts with a minus sign, `-` or `−` (U+2212), and its length.
fn minus_sign(text: &str) -> Option<usize> {
    if text.starts_with('-') {
        Some(1)
    } else if text.starts_with('−') {
        Some('−'.len_utf8())
    } else {
        None
    }
}

/// A number with an optional scale: `13B`, `13.5bn`, `2 trillion`, `1.2e9`;
/// with an optional currency symbol before it (`$15M`), returned as a unit
/// name. No sign: see [`signed_magnitude`].
fn magnitude(input: Input<'_>) -> PResult<'_, (Magnitude, Option<Name>)> {
    let start = input;
    let (mut rest, symbol) = currency_symbol(input)?;
    if symbol.is_some()
        && let Some(len) = minus_sign(rest.fragment())
    {
        return failure(
            &rest,
            len,
            ParseErrorKind::BadSign(SignProblem::AfterSymbol),
        );
    }
    let (after_number, (decimal, _, exponent)) = number(rest)?;
    rest = after_number;
    let mut scale = 0;
    let text = rest.fragment();
    let mut scale_at = None;
    if let Some((suffix, s)) = SCALE_SUFFIXES.iter().find(|(suffix, _)| {
        text.starts_with(suffix) && !text[suffix.len()..].starts_with(is_ident_char)
    }) {
        scale_at = Some(rest);
        rest = tag(*suffix).parse(rest)?.0;
        scale = *s;
    } else {
        let (after_blanks, ()) = blanks(rest)?;
        let text = after_blanks.fragment();
        if let Some((word, s)) = SCALE_WORDS.iter().find(|(word, _)| {
            text.starts_with(word) && !text[word.len()..].starts_with(is_ident_char)
        }) {
            scale_at = Some(after_blanks);
            rest = tag(*word).parse(after_blanks)?.0;
            scale = *s;
        }
    }
    if exponent.is_some()
        && let Some(at) = scale_at
    {
        let len = rest.location_offset() - at.location_offset();
        let written = at.fragment()[..len].to_owned();
        return failure(&at, len, ParseErrorKind::ScaleAfterExponent(written));
    }
    Ok((
        rest,
        (
            Magnitude {
                decimal: decimal.scaled(scale),
                negative: false,
                span: span_between(&start, &rest),
            },
            symbol,
        ),
    ))
}

/// A number in a claim value, with an optional minus sign touching it
/// (`-4`, `−3.5`, `-$4M`). In rules, `-` is an operator instead.
fn signed_magnitude(input: Input<'_>) -> PResult<'_, (Magnitude, Option<Name>)> {
    let text = input.fragment();
    if text.starts_with('+')
        && text[1..].starts_with(|c: char| c.is_ascii_digit() || "$€£".contains(c))
    {
        return failure(&input, 1, ParseErrorKind::BadSign(SignProblem::Plus));
    }
    let Some(sign_len) = minus_sign(text) else {
        return magnitude(input);
    };
    let (after_sign, _) = take_bytes(input, sign_len)?;
    let after = after_sign.fragment();
    if let Some(second) = minus_sign(after).or_else(|| after.starts_with('+').then_some(1)) {
        return failure(
            &input,
            sign_len + second,
            ParseErrorKind::BadSign(SignProblem::Double),
        );
    }
    let (after_blanks, ()) = blanks(after_sign)?;
    if after_blanks.location_offset() > after_sign.location_offset()
        && magnitude(after_blanks).is_ok()
    {
        let len = after_blanks.location_offset() - input.location_offset();
        return failure(&input, len, ParseErrorKind::BadSign(SignProblem::Space));
    }
    let (rest, (mut magnitude, symbol)) = match magnitude(after_sign) {
        Ok(ok) => ok,
        // Right after the sign (`-$` goes on to say where its number is missing).
        Err(nom::Err::Error(e)) if e.start == after_sign.location_offset() => {
            return failure(
                &after_sign,
                found_token(&after_sign).0.max(1),
                ParseErrorKind::Expected {
                    expected: "a number after the minus sign",
                    found: found_token(&after_sign).1,
                },
            );
        }
        Err(e) => return cut_err(Err(e)),
    };
    magnitude.negative = true;
    magnitude.span = span_between(&input, &rest);
    Ok((rest, (magnitude, symbol)))
}

/// A number as written (`$22.4B`, `-5 million`, `1.2e9`) with its digits
/// replaced by `mantissa × 10^exponent`, in the same sign, symbol, scale
/// word and exponent: `rewrite_number("$22.4B", 224e8, 231, 8)` is `$23.1B`.
/// `decimal` is what the written number reads as. `None` when the text is
/// not such a number, or the digits would be more than [`MAX_DIGITS`].
pub fn rewrite_number(
    written: &str,
    decimal: Decimal,
    mantissa: u128,
    exponent: i32,
) -> Option<String> {
    let start = written.find(|c: char| c.is_ascii_digit())?;
    let len = written[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(written.len() - start);
    let digits = &written[start..start + len];
    let fraction = digits.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    // The power the scale word or exponent gives: the written exponent less
    // the fraction's.
    let scale = decimal.exponent + fraction;
    let places = scale - exponent;
    let mut number = mantissa.to_string();
    if places > 0 {
        let places = places as usize;
        if number.len() <= places {
            number = format!("{}{number}", "0".repeat(places + 1 - number.len()));
        }
        number.insert(number.len() - places, '.');
    } else if mantissa != 0 {
        number.push_str(&"0".repeat(places.unsigned_abs() as usize));
    }
    if number.len() > MAX_DIGITS + 1 {
        return None;
    }
    Some(format!(
        "{}{number}{}",
        &written[..start],
        &written[start + len..]
    ))
}

/// What a declared precision cannot be combined with, if anything.
fn precision_conflict(form: &ValueForm) -> Option<&'static str> {
    match form {
        ValueForm::Single {
            qualifier: Some((Qualifier::Exactly, _)),
            ..
        } => Some("`exactly`"),
        ValueForm::Single {
            open_ended: true, ..
        } => Some("an open-ended `..`"),
        ValueForm::Single { .. } => None,
        ValueForm::PlusMinus(..) => Some("`±`"),
        ValueForm::Range(..) => Some("a range"),
    }
}

/// The number of a declared precision (`1k`, `0.01`, `1e3`), checked: a
/// power of ten above zero, with no unit.
fn precision_number(input: Input<'_>) -> PResult<'_, (Magnitude, i32)> {
    let (rest, (magnitude, symbol)) = match signed_magnitude(input) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => {
            return cut_err(expected(
                input,
                "a precision such as `1k` or `0.01` after `precision`",
            ));
        }
        Err(e) => return Err(e),
    };
    if let Some(symbol) = symbol {
        return failure_at(
            symbol.span,
            ParseErrorKind::BadPrecision(PrecisionProblem::Unit),
        );
    }
    if let (_, Some(unit)) = opt_unit(rest, false)? {
        return failure_at(
            unit.span,
            ParseErrorKind::BadPrecision(PrecisionProblem::Unit),
        );
    }
    let Decimal { mantissa, exponent } = magnitude.decimal;
    let problem = if mantissa == 0 {
        PrecisionProblem::Zero
    } else if magnitude.negative {
        PrecisionProblem::Negative
    } else {
        let (mut digits, mut zeros) = (mantissa, 0);
        while digits % 10 == 0 {
            digits /= 10;
            zeros += 1;
        }
        if digits == 1 {
            return Ok((rest, (magnitude, exponent + zeros)));
        }
        let len = (magnitude.span.end - magnitude.span.start) as usize;
        PrecisionProblem::NotPowerOfTen(input.fragment()[..len].to_owned())
    };
    failure_at(magnitude.span, ParseErrorKind::BadPrecision(problem))
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
        let (after_mag, (hi, sym)) = cut_err(signed_magnitude(after_dots))?;
        symbol = sym;
        form = ValueForm::Range(None, Some(hi));
        rest = after_mag;
    } else {
        let (after_mag, (first, sym)) = match signed_magnitude(rest) {
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
            match signed_magnitude(after_blanks2) {
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
            let (after_d, (delta, _)) = cut_err(signed_magnitude(after_pm))?;
            if delta.negative {
                return failure_at(delta.span, ParseErrorKind::BadSign(SignProblem::Margin));
            }
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
    let (after_precision, precision) = opt_precision(after_unit)?;
    if let Some(p) = &precision
        && let Some(with) = precision_conflict(&form)
    {
        return failure_at(p.span, ParseErrorKind::PrecisionConflict { with });
    }
    Ok((
        after_precision,
        Quantity {
            form,
            unit,
            precision,
            span: span_between(&start, &after_precision),
        },
    ))
}

/// An optional `precision 1k` after blanks on the same line.
fn opt_precision(input: Input<'_>) -> PResult<'_, Option<Precision>> {
    let (after_blanks, ()) = blanks(input)?;
    let Ok((after_keyword, _)) = keyword("precision")(after_blanks) else {
        return Ok((input, None));
    };
    let (after, ()) = blanks(after_keyword)?;
    let (rest, (magnitude, exponent)) = precision_number(after)?;
    let (again, ()) = blanks(rest)?;
    if keyword("precision")(again).is_ok() {
        return failure(
            &again,
            "precision".len(),
            ParseErrorKind::DuplicateField("precision".to_owned()),
        );
    }
    Ok((
        rest,
        Some(Precision {
            exponent,
            magnitude,
            span: span_between(&after_blanks, &rest),
        }),
    ))
}

/// Parses a declared precision written on its own (a JSON claim's
/// `precision` string: `1k`, `0.01`) at byte `offset` of its file, and
/// checks it goes with `form`. Spans point into the file.
pub fn parse_precision_at(
    text: &str,
    form: &ValueForm,
    file: FileId,
    offset: usize,
) -> Result<Precision, ParseError> {
    fn run(input: Input<'_>) -> PResult<'_, Precision> {
        let (at, ()) = blanks(input)?;
        let (rest, (magnitude, exponent)) = precision_number(at)?;
        let (rest, ()) = blanks(rest)?;
        if !rest.fragment().is_empty() {
            return expected(rest, "the end of the precision");
        }
        Ok((
            rest,
            Precision {
                exponent,
                magnitude,
                span: magnitude.span,
            },
        ))
    }
    let shift = |span: &mut Span| {
        span.start += offset as u32;
        span.end += offset as u32;
    };
    let whole = Span::new(file, offset, offset + text.len());
    match run(Input::new_extra(text, file)) {
        Ok((_, mut precision)) => {
            shift(&mut precision.span);
            shift(&mut precision.magnitude.span);
            match precision_conflict(form) {
                Some(with) => Err(ParseError {
                    kind: ParseErrorKind::PrecisionConflict { with },
                    span: whole,
                }),
                None => Ok(precision),
            }
        }
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => {
            let mut error = e.into_error(file);
            shift(&mut error.span);
            Err(error)
        }
        Err(nom::Err::Incomplete(_)) => Err(ParseError {
            kind: ParseErrorKind::Expected {
                expected: "a precision",
                found: "end of input".to_owned(),
            },
            span: whole,
        }),
    }
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
    let Quantity {
        form,
        unit,
        precision,
        span,
    } = quantity;
    shift(span);
    let magnitude = |m: &mut Magnitude| {
        let Magnitude {
            decimal: _,
            negative: _,
            span,
        } = m;
        shift(span);
    };
    if let Some(Precision {
        exponent: _,
        magnitude: m,
        span,
    }) = precision
    {
        shift(span);
        magnitude(m);
    }
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
