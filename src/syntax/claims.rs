//! The claims file grammar: `unit`, `source` and `claim` items.
//!
//! ```text
//! unit user, download
//!
//! source hokanews {
//!   outlet "hokanews"
//!   language "ar"
//! }
//!
//! claim openai.loss[2026] = more than 14B USD {
//!   title "OpenAI's expected loss in 2026"
//!   cite hokanews "من المتوقع أن تسجل OpenAI خسائر تتجاوز 14 مليار دولار"
//! }
//! ```

use super::ast::{Citation, ClaimDecl, ClaimsItem, Name, SourceDecl};
use super::{
    Input, PErr, PResult, ParseError, ParseErrorKind, blanks, braced_block, claim_ref, cut_err,
    expected, ident, keyword, parse_items, punct, quantity, set_once, span_between, string_lit,
    trivia, word,
};
use crate::base::span::FileId;

const ITEM_KEYWORDS: &[&str] = &["unit", "source", "claim"];
const SOURCE_FIELDS: &[&str] = &["outlet", "title", "date", "language", "url", "file"];
const CLAIM_FIELDS: &[&str] = &["title", "note", "cite"];

/// Parses a claims file into its items and every syntax error in it.
pub fn parse_claims(text: &str, file: FileId) -> (Vec<ClaimsItem>, Vec<ParseError>) {
    parse_items(text, file, ITEM_KEYWORDS, item)
}

fn item(input: Input<'_>) -> PResult<'_, ClaimsItem> {
    if let Ok((rest, _)) = keyword("unit")(input) {
        return cut_err(units(rest));
    }
    if let Ok((rest, _)) = keyword("source")(input) {
        return cut_err(source(input, rest));
    }
    if let Ok((rest, _)) = keyword("claim")(input) {
        return cut_err(claim(input, rest));
    }
    cut_err(expected(input, "`claim`, `source` or `unit`"))
}

fn units(input: Input<'_>) -> PResult<'_, ClaimsItem> {
    let (mut rest, ()) = blanks(input)?;
    let mut names: Vec<Name> = Vec::new();
    loop {
        let (after, name) = ident(rest)?;
        names.push(name);
        let (after, ()) = blanks(after)?;
        rest = after;
        if rest.fragment().starts_with(',') {
            let (after, _) = punct(",", "`,`")(rest)?;
            rest = blanks(after)?.0;
        } else {
            break;
        }
    }
    Ok((rest, ClaimsItem::Units(names)))
}

fn source<'a>(start: Input<'a>, input: Input<'a>) -> PResult<'a, ClaimsItem> {
    let (rest, ()) = trivia(input)?;
    let (rest, id) = ident(rest)?;
    let (rest, ()) = trivia(rest)?;
    let mut decl = SourceDecl {
        id: Some(id),
        ..SourceDecl::default()
    };
    let (rest, ()) = braced_block(rest, |at| {
        let (after_name, field) = match word(at) {
            Ok(ok) => ok,
            Err(_) => return expected(at, "a source field or `}`"),
        };
        let (after_blanks, ()) = blanks(after_name)?;
        let (after_value, value) = string_lit(after_blanks)?;
        let slot = match field.text {
            "outlet" => &mut decl.outlet,
            "title" => &mut decl.title,
            "date" => &mut decl.date,
            "language" => &mut decl.language,
            "url" => &mut decl.url,
            "file" => &mut decl.file,
            other => {
                return Err(nom::Err::Failure(PErr::new(
                    &at,
                    other.len(),
                    ParseErrorKind::UnknownField {
                        field: other.to_owned(),
                        block: "source",
                        allowed: SOURCE_FIELDS,
                    },
                )));
            }
        };
        set_once(slot, value, &at, field.text)?;
        Ok((after_value, ()))
    })?;
    decl.span = span_between(&start, &rest);
    Ok((rest, ClaimsItem::Source(decl)))
}

fn claim<'a>(start: Input<'a>, input: Input<'a>) -> PResult<'a, ClaimsItem> {
    let (rest, ()) = trivia(input)?;
    let (rest, id) = match claim_ref(rest, false) {
        Ok(ok) => ok,
        Err(nom::Err::Error(_)) => {
            return expected(rest, "a claim id such as `openai.revenue[2025]`");
        }
        Err(e) => return Err(e),
    };
    let (rest, ()) = blanks(rest)?;
    let (rest, _) = punct("=", "`=` and the claim's value")(rest)?;
    let (rest, ()) = blanks(rest)?;
    let (rest, value) = quantity(rest)?;
    let mut title = None;
    let mut note = None;
    let mut citations = Vec::new();
    let (after_blanks, ()) = blanks(rest)?;
    let rest = if after_blanks.fragment().starts_with('{') {
        braced_block(after_blanks, |at| {
            let (after_name, field) = match word(at) {
                Ok(ok) => ok,
                Err(_) => return expected(at, "`title`, `note`, `cite` or `}`"),
            };
            let (after_blanks, ()) = blanks(after_name)?;
            match field.text {
                "title" => {
                    let (rest, value) = string_lit(after_blanks)?;
                    set_once(&mut title, value, &at, "title")?;
                    Ok((rest, ()))
                }
                "note" => {
                    let (rest, value) = string_lit(after_blanks)?;
                    set_once(&mut note, value, &at, "note")?;
                    Ok((rest, ()))
                }
                "cite" => {
                    let (rest, source) = ident(after_blanks)?;
                    let (rest, ()) = blanks(rest)?;
                    let (rest, quote) = string_lit(rest)?;
                    citations.push(Citation {
                        source,
                        quote,
                        span: span_between(&at, &rest),
                    });
                    Ok((rest, ()))
                }
                other => Err(nom::Err::Failure(PErr::new(
                    &at,
                    other.len(),
                    ParseErrorKind::UnknownField {
                        field: other.to_owned(),
                        block: "claim",
                        allowed: CLAIM_FIELDS,
                    },
                ))),
            }
        })?
        .0
    } else {
        // No body: the value must end the line.
        let text = after_blanks.fragment();
        if !(text.is_empty()
            || text.starts_with('\n')
            || text.starts_with('\r')
            || text.starts_with('#'))
        {
            return expected(after_blanks, "a unit, `{` or the end of the line");
        }
        rest
    };
    Ok((
        rest,
        ClaimsItem::Claim(ClaimDecl {
            id,
            value,
            title,
            note,
            citations,
            span: span_between(&start, &rest),
        }),
    ))
}
