//! The rules file grammar: `rule` items with `let`, `assert` and settings.
//!
//! ```text
//! rule sora.loss_annualises "Sora's daily spend annualises to its yearly loss" {
//!   severity warning
//!   let daily = sora.daily_spend
//!   assert daily * 365 day ~= sora.annual_loss within 5%
//! }
//! ```
//!
//! Conditions and arithmetic share one precedence ladder (`or` < `and` < `not`
//! < comparisons < `+ -` < `* /` < unary `-` < `^`); the resolver checks that an
//! assertion is a condition and an operand is a number.

use super::ast::{
    BinOp, CmpOp, Expectation, ExpectedOutcome, Expr, ExprKind, Name, RuleDecl, Severity,
    Statement, Tolerance,
};
use super::{
    Input, PErr, PResult, ParseError, ParseErrorKind, blanks, braced_block, claim_ref, cut_err,
    expected, failure, ident, keyword, magnitude, opt_unit, parse_items, punct, set_once,
    span_between, string_lit, take_bytes, trivia, word,
};
use crate::base::span::FileId;
use nom::Parser;
use nom::bytes::complete::tag;
use std::cell::Cell;

const ITEM_KEYWORDS: &[&str] = &["rule"];

/// Words that cannot start a name inside an expression: the operators and the
/// statements of a rule body. (Claim ids such as `unit.price` are fine.)
const EXPRESSION_KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "within", "let", "assert", "severity", "expect", "strict",
];

/// The deepest nesting of parentheses, `not`, unary minus and `^` an
/// expression may have.
pub const MAX_NESTING: u32 = 64;

/// The most operators deep a chain of binary operators may nest (`a + b + c` is two
/// deep). Together with [`MAX_NESTING`] this bounds the recursion of every
/// later stage (resolving, evaluating, dropping the tree), so no input can
/// overflow the stack.
pub const MAX_OPERATOR_DEPTH: usize = 256;

/// The depth of an expression tree. Only called on trees the parser has
/// already bounded, so its own recursion is bounded too.
fn tree_depth(expr: &Expr) -> usize {
    let children: Vec<&Expr> = match &expr.kind {
        ExprKind::Binary(_, _, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => vec![a, b],
        ExprKind::Neg(a) | ExprKind::Not(a) => vec![a],
        ExprKind::Compare(_, _, a, b, t) => {
            let mut v: Vec<&Expr> = vec![a, b];
            if let Some(t) = t {
                v.push(&t.amount);
            }
            v
        }
        ExprKind::In(a, b, c) => vec![a, b, c],
        ExprKind::Call(_, args) => args.iter().collect(),
        _ => Vec::new(),
    };
    1 + children.into_iter().map(tree_depth).max().unwrap_or(0)
}

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Parses a rules file into its rules and every syntax error in it.
pub fn parse_rules(text: &str, file: FileId) -> (Vec<RuleDecl>, Vec<ParseError>) {
    parse_items(text, file, ITEM_KEYWORDS, |input| {
        DEPTH.with(|d| d.set(0));
        match keyword("rule")(input) {
            Ok((rest, _)) => cut_err(rule(input, rest)),
            Err(_) => cut_err(expected(input, "`rule`")),
        }
    })
}

fn rule<'a>(start: Input<'a>, input: Input<'a>) -> PResult<'a, RuleDecl> {
    let (rest, ()) = blanks(input)?;
    let (rest, id) = match claim_ref(rest, false) {
        Ok((r, id)) if id.key.is_none() => (
            r,
            Name {
                text: id.path,
                span: id.span,
            },
        ),
        Ok(_) | Err(nom::Err::Error(_)) => {
            return expected(rest, "a rule id such as `sora.loss_annualises`");
        }
        Err(e) => return Err(e),
    };
    let (rest, ()) = blanks(rest)?;
    let (rest, title) = if rest.fragment().starts_with('"') {
        let (r, t) = string_lit(rest)?;
        (r, Some(t))
    } else {
        (rest, None)
    };
    let (rest, ()) = trivia(rest)?;
    let mut severity = None;
    let mut expect = None;
    let mut strict = None;
    let mut body = Vec::new();
    let (rest, ()) = braced_block(rest, |at| {
        let (after_word, statement) = match word(at) {
            Ok(ok) => ok,
            Err(_) => {
                return expected(at, "`let`, `assert`, `severity`, `expect`, `strict` or `}`");
            }
        };
        match statement.text {
            "let" => {
                let (r, ()) = blanks(after_word)?;
                let (r, name) = ident(r)?;
                let (r, ()) = blanks(r)?;
                let (r, _) = punct("=", "`=`")(r)?;
                let (r, ()) = trivia(r)?;
                let (r, value) = expr(r)?;
                body.push(Statement::Let(name, value));
                Ok((r, ()))
            }
            "assert" => {
                let (r, ()) = trivia(after_word)?;
                let (r, condition) = expr(r)?;
                body.push(Statement::Assert(condition));
                Ok((r, ()))
            }
            "severity" => {
                let (r, ()) = blanks(after_word)?;
                let (r, level) = word(r)?;
                let value = match level.text {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => return expected(after_word_blank(after_word), "`error` or `warning`"),
                };
                set_once(&mut severity, (value, level.span), &at, "severity")?;
                Ok((r, ()))
            }
            "expect" => {
                let (r, ()) = blanks(after_word)?;
                let (r, outcome) = word(r)?;
                let outcome_value = match outcome.text {
                    "fail" => ExpectedOutcome::Fail,
                    "unproven" => ExpectedOutcome::Unproven,
                    _ => return expected(after_word_blank(after_word), "`fail` or `unproven`"),
                };
                let (r, ()) = blanks(r)?;
                let (r, reason) = match string_lit(r) {
                    Ok(ok) => ok,
                    Err(nom::Err::Error(_)) => {
                        return expected(r, "the reason, as a string: `expect fail \"why\"`");
                    }
                    Err(e) => return Err(e),
                };
                let value = Expectation {
                    outcome: outcome_value,
                    reason,
                    span: span_between(&at, &r),
                };
                set_once(&mut expect, value, &at, "expect")?;
                Ok((r, ()))
            }
            "strict" => {
                set_once(&mut strict, statement.span, &at, "strict")?;
                Ok((after_word, ()))
            }
            other => Err(nom::Err::Failure(PErr::new(
                &at,
                other.len(),
                ParseErrorKind::UnknownField {
                    field: other.to_owned(),
                    block: "rule",
                    allowed: &["let", "assert", "severity", "expect", "strict"],
                },
            ))),
        }
    })?;
    Ok((
        rest,
        RuleDecl {
            id,
            title,
            severity,
            expect,
            strict,
            body,
            span: span_between(&start, &rest),
        },
    ))
}

fn after_word_blank(input: Input<'_>) -> Input<'_> {
    blanks(input).map_or(input, |(r, ())| r)
}

/// An expression or condition.
pub(super) fn expr(input: Input<'_>) -> PResult<'_, Expr> {
    or_expr(input)
}

/// Tries `op` after trivia; returns the input after it, or `None` (input untouched).
fn next_op<'a>(
    input: Input<'a>,
    ops: &[&'static str],
) -> Option<(Input<'a>, &'static str, Input<'a>)> {
    let (after, ()) = trivia(input).ok()?;
    let text = after.fragment();
    for op in ops {
        let is_word = op.starts_with(|c: char| c.is_ascii_alphabetic());
        if text.starts_with(op) && !(is_word && text[op.len()..].starts_with(super::is_ident_char))
        {
            let (rest, _) = take_bytes(after, op.len()).ok()?;
            return Some((after, op, rest));
        }
    }
    None
}

fn binary_chain<'a>(
    input: Input<'a>,
    ops: &[&'static str],
    operand: fn(Input<'a>) -> PResult<'a, Expr>,
    build: fn(&'static str, crate::base::span::Span, Expr, Expr) -> ExprKind,
) -> PResult<'a, Expr> {
    let (mut rest, mut lhs) = operand(input)?;
    let mut depth = None;
    while let Some((op_at, op, after_op)) = next_op(rest, ops) {
        let op_span = span_between(&op_at, &after_op);
        let (after_trivia, ()) = trivia(after_op)?;
        let (after_rhs, rhs) = cut_err(operand(after_trivia))?;
        let d = depth
            .unwrap_or_else(|| tree_depth(&lhs))
            .max(tree_depth(&rhs))
            + 1;
        // `d` counts nodes; a chain of n operators is n + 1 deep.
        if d > MAX_OPERATOR_DEPTH + 1 {
            return Err(nom::Err::Failure(PErr::new(
                &op_at,
                op.len(),
                ParseErrorKind::TooManyOperators,
            )));
        }
        depth = Some(d);
        let span = lhs.span.to(rhs.span);
        lhs = Expr {
            kind: build(op, op_span, lhs, rhs),
            span,
        };
        rest = after_rhs;
    }
    Ok((rest, lhs))
}

fn or_expr(input: Input<'_>) -> PResult<'_, Expr> {
    binary_chain(input, &["or"], and_expr, |_, _, a, b| {
        ExprKind::Or(Box::new(a), Box::new(b))
    })
}

fn and_expr(input: Input<'_>) -> PResult<'_, Expr> {
    binary_chain(input, &["and"], not_expr, |_, _, a, b| {
        ExprKind::And(Box::new(a), Box::new(b))
    })
}

fn not_expr(input: Input<'_>) -> PResult<'_, Expr> {
    if let Ok((rest, not_span)) = keyword("not")(input) {
        let _guard = nest(&input)?;
        let (rest, ()) = trivia(rest)?;
        let (rest, inner) = cut_err(not_expr(rest))?;
        let span = not_span.to(inner.span);
        return Ok((
            rest,
            Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            },
        ));
    }
    compare_expr(input)
}

const COMPARE_OPS: &[&str] = &["<=", ">=", "==", "!=", "~=", "<", ">", "in"];

fn compare_expr(input: Input<'_>) -> PResult<'_, Expr> {
    let (rest, lhs) = add_expr(input)?;
    let Some((op_at, op, after_op)) = next_op(rest, COMPARE_OPS) else {
        // A lone `=` is a common slip for `==`.
        if let Some((at, _, _)) = next_op(rest, &["="]) {
            return failure(
                &at,
                1,
                ParseErrorKind::Expected {
                    expected: "`==` to compare (a single `=` only appears in `let`)",
                    found: "`=`".to_owned(),
                },
            );
        }
        return Ok((rest, lhs));
    };
    let op_span = span_between(&op_at, &after_op);
    let (after_trivia, ()) = trivia(after_op)?;
    if op == "in" {
        let (r, lo) = cut_err(add_expr(after_trivia))?;
        let Some((_, _, after_dots)) = next_op(r, &[".."]) else {
            let (r, ()) = trivia(r)?;
            return cut_err(expected(r, "`..` between the range's ends"));
        };
        let (r, ()) = trivia(after_dots)?;
        let (r, hi) = cut_err(add_expr(r))?;
        let span = lhs.span.to(hi.span);
        return Ok((
            r,
            Expr {
                kind: ExprKind::In(Box::new(lhs), Box::new(lo), Box::new(hi)),
                span,
            },
        ));
    }
    let (mut r, rhs) = cut_err(add_expr(after_trivia))?;
    let cmp = match op {
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        _ => CmpOp::Approx,
    };
    let mut tolerance = None;
    if let Some((within_at, _, after_within)) = next_op(r, &["within"]) {
        let (t, ()) = trivia(after_within)?;
        let (t, amount) = cut_err(add_expr(t))?;
        tolerance = Some(Tolerance {
            span: span_between(&within_at, &t),
            amount: Box::new(amount),
        });
        r = t;
    }
    let span = match &tolerance {
        Some(t) => lhs.span.to(t.span),
        None => lhs.span.to(rhs.span),
    };
    Ok((
        r,
        Expr {
            kind: ExprKind::Compare(cmp, op_span, Box::new(lhs), Box::new(rhs), tolerance),
            span,
        },
    ))
}

fn add_expr(input: Input<'_>) -> PResult<'_, Expr> {
    // `−` (U+2212, the typographic minus) is `-`.
    binary_chain(input, &["+", "-", "−"], mul_expr, |op, span, a, b| {
        let op = if op == "+" { BinOp::Add } else { BinOp::Sub };
        ExprKind::Binary(op, span, Box::new(a), Box::new(b))
    })
}

fn mul_expr(input: Input<'_>) -> PResult<'_, Expr> {
    binary_chain(input, &["*", "/"], unary_expr, |op, span, a, b| {
        let op = if op == "*" { BinOp::Mul } else { BinOp::Div };
        ExprKind::Binary(op, span, Box::new(a), Box::new(b))
    })
}

fn unary_expr(input: Input<'_>) -> PResult<'_, Expr> {
    if let Some(len) = super::minus_sign(input.fragment()) {
        let _guard = nest(&input)?;
        let (rest, minus) = take_bytes(input, len)?;
        let (rest, ()) = trivia(rest)?;
        let (rest, inner) = cut_err(unary_expr(rest))?;
        let span = super::span_of(&minus).to(inner.span);
        return Ok((
            rest,
            Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            },
        ));
    }
    pow_expr(input)
}

fn pow_expr(input: Input<'_>) -> PResult<'_, Expr> {
    let (rest, base) = primary(input)?;
    if let Some((op_at, _, after_op)) = next_op(rest, &["^"]) {
        let _guard = nest(&op_at)?;
        let op_span = span_between(&op_at, &after_op);
        let (r, ()) = trivia(after_op)?;
        let (r, exponent) = cut_err(unary_expr(r))?;
        let span = base.span.to(exponent.span);
        return Ok((
            r,
            Expr {
                kind: ExprKind::Binary(BinOp::Pow, op_span, Box::new(base), Box::new(exponent)),
                span,
            },
        ));
    }
    Ok((rest, base))
}

/// Counts one level of nesting; fails past [`MAX_NESTING`].
fn nest(at: &Input<'_>) -> Result<NestGuard, nom::Err<PErr>> {
    let depth = DEPTH.with(|d| {
        let v = d.get() + 1;
        d.set(v);
        v
    });
    if depth > MAX_NESTING {
        DEPTH.with(|d| d.set(d.get() - 1));
        return Err(nom::Err::Failure(PErr::new(at, 1, ParseErrorKind::TooDeep)));
    }
    Ok(NestGuard)
}

struct NestGuard;

impl Drop for NestGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

fn primary(input: Input<'_>) -> PResult<'_, Expr> {
    let text = input.fragment();
    let Some(first) = text.chars().next() else {
        return expected(input, "an expression");
    };
    if first == '(' {
        let _guard = nest(&input)?;
        let (rest, _) = tag("(").parse(input)?;
        let (rest, ()) = trivia(rest)?;
        let (rest, inner) = cut_err(expr(rest))?;
        let (rest, ()) = trivia(rest)?;
        let (rest, _) = cut_err(punct(")", "`)`")(rest))?;
        return Ok((
            rest,
            Expr {
                kind: inner.kind,
                span: span_between(&input, &rest),
            },
        ));
    }
    if first.is_ascii_digit() || matches!(first, '$' | '€' | '£' | '¥' | '￥') {
        let (rest, (mag, symbol)) = magnitude(input)?;
        let (rest, unit) = opt_unit(rest, symbol.is_some())?;
        let unit = match (symbol, unit) {
            (Some(sym), Some(mut unit)) => {
                unit.atoms.insert(0, (sym.clone(), 1));
                unit.span = sym.span.to(unit.span);
                Some(unit)
            }
            (Some(sym), None) => Some(super::ast::UnitExpr {
                atoms: vec![(sym.clone(), 1)],
                span: sym.span,
            }),
            (None, unit) => unit,
        };
        return Ok((
            rest,
            Expr {
                kind: ExprKind::Literal(mag, unit),
                span: span_between(&input, &rest),
            },
        ));
    }
    if first.is_ascii_alphabetic() || first == '_' {
        let (after_ident, name) = word(input)?;
        if EXPRESSION_KEYWORDS.contains(&name.text) {
            return expected(input, "an expression");
        }
        if after_ident.fragment().starts_with('(') {
            let _guard = nest(&input)?;
            let (mut rest, _) = tag("(").parse(after_ident)?;
            let mut args = Vec::new();
            rest = trivia(rest)?.0;
            if !rest.fragment().starts_with(')') {
                loop {
                    let (r, arg) = cut_err(expr(rest))?;
                    args.push(arg);
                    let (r, ()) = trivia(r)?;
                    if r.fragment().starts_with(',') {
                        rest = trivia(tag(",").parse(r)?.0)?.0;
                    } else {
                        rest = r;
                        break;
                    }
                }
            }
            let (rest, _) = cut_err(punct(")", "`,` or `)`")(rest))?;
            return Ok((
                rest,
                Expr {
                    kind: ExprKind::Call(
                        Name {
                            text: name.text.into(),
                            span: name.span,
                        },
                        args,
                    ),
                    span: span_between(&input, &rest),
                },
            ));
        }
        // Wildcards parse anywhere; the resolver says where they may stand.
        let (rest, reference) = claim_ref(input, true)?;
        return Ok((
            rest,
            Expr {
                span: reference.span,
                kind: ExprKind::Ref(reference),
            },
        ));
    }
    expected(input, "an expression")
}
