//! The syntax trees of claim files and rule files.
//!
//! Nodes carry [`Span`]s and the few strings that later stages intern (claim
//! ids, unit names); everything else is a span into the file's text.

use crate::base::exact::{Decimal, Exact};
use crate::base::span::Span;

/// A name with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name as written.
    pub text: Box<str>,
    /// Where it is written.
    pub span: Span,
}

/// A string literal after unescaping, with the span of the whole literal
/// including its quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    /// The value.
    pub value: String,
    /// Where the literal is written, quotes included.
    pub span: Span,
}

/// A claim id: dotted name and optional key (`openai.revenue[2025]`), or a
/// wildcard key in rules (`segment.revenue[*]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRef {
    /// The dotted part.
    pub path: Box<str>,
    /// The key.
    pub key: Option<Key>,
    /// Where the whole reference is written.
    pub span: Span,
}

/// The key of a keyed claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// `[2025]`, `[cloud]`.
    Exact(Box<str>),
    /// `[*]`: every key.
    Wildcard,
}

impl ClaimRef {
    /// The full id as text, `path[key]`.
    pub fn full(&self) -> String {
        match &self.key {
            None => self.path.to_string(),
            Some(Key::Exact(k)) => format!("{}[{}]", self.path, k),
            Some(Key::Wildcard) => format!("{}[*]", self.path),
        }
    }
}

/// A number as written, with an optional sign, exponent and scale word:
/// `13.5B`, `5 million`, `-4`, `1.2e9`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Magnitude {
    /// Digits, exponent and scale combined, without the sign: `13.5B` and
    /// `1.35e10` are mantissa 135, exponent 8.
    pub decimal: Decimal,
    /// A minus sign (`-` or `−`) before the number. Only claim values carry
    /// one: in rules, `-` is the unary minus operator.
    pub negative: bool,
    /// Where the number is written, sign and scale included.
    pub span: Span,
}

impl Magnitude {
    /// The exact value, sign included.
    pub fn value(&self) -> Exact {
        let value = self.decimal.value();
        if self.negative { -value } else { value }
    }
}

/// A declared precision: `precision 1k` after a value says its source
/// rounded it to thousands (XBRL's `decimals="-3"`), whatever digits it is
/// written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Precision {
    /// The place it was rounded to: one unit is `10^exponent` (`1k` is 3).
    pub exponent: i32,
    /// The number after `precision` and where it is written.
    pub magnitude: Magnitude,
    /// Where `precision 1k` is written, keyword included.
    pub span: Span,
}

/// A unit expression as written: atoms with exponents, `USD/day`, `CNY/token`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitExpr {
    /// Atoms and their exponents (`USD/day` is `[(USD, 1), (day, -1)]`).
    pub atoms: Vec<(Name, i8)>,
    /// Where the unit is written.
    pub span: Span,
}

/// How a value is qualified in its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// `exactly 13B`.
    Exactly,
    /// `about 13B`, `~13B`, `approximately`, `around`.
    About,
    /// `nearly 13B`, `almost`: just under.
    Nearly,
    /// `more than 14B`, `over`, `>`.
    MoreThan,
    /// `at least 14B`, `>=`.
    AtLeast,
    /// `less than 5%`, `under`, `<`.
    LessThan,
    /// `up to 10 GW`, `at most`, `<=`.
    AtMost,
}

impl Qualifier {
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exactly => "exactly",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::MoreThan => "more than",
            Qualifier::AtLeast => "at least",
            Qualifier::LessThan => "less than",
            Qualifier::AtMost => "up to",
        }
    }
}

/// The shape of a written value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueForm {
    /// `[qualifier] x`, optionally open-ended with a trailing `..`.
    Single {
        /// The qualifier and where it is written.
        qualifier: Option<(Qualifier, Span)>,
        /// The number.
        magnitude: Magnitude,
        /// A trailing `..`: no bound on the far side.
        open_ended: bool,
    },
    /// `x ± d`.
    PlusMinus(Magnitude, Magnitude),
    /// `a..b`, `a..`, `..b`.
    Range(Option<Magnitude>, Option<Magnitude>),
}

/// A claim's written value: form and unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The numbers and qualifier.
    pub form: ValueForm,
    /// The unit, if any (`$` prefixes become `USD`).
    pub unit: Option<UnitExpr>,
    /// A declared precision (`precision 1k`), which replaces the precision
    /// of the written digits.
    pub precision: Option<Precision>,
    /// Where the whole value is written.
    pub span: Span,
}

/// One item of a claims file.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimsItem {
    /// `unit user, download`.
    Units(Vec<Name>),
    /// `source id { ... }`.
    Source(SourceDecl),
    /// `claim id = value { ... }`.
    Claim(ClaimDecl),
}

/// A source an article's quotes come from.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SourceDecl {
    /// The id citations use.
    pub id: Option<Name>,
    /// `outlet "..."`.
    pub outlet: Option<StrLit>,
    /// `title "..."`.
    pub title: Option<StrLit>,
    /// `date "..."`.
    pub date: Option<StrLit>,
    /// `language "ar"`.
    pub language: Option<StrLit>,
    /// `url "..."`.
    pub url: Option<StrLit>,
    /// `file "..."`: a local copy of the article.
    pub file: Option<StrLit>,
    /// The whole declaration.
    pub span: Span,
}

/// A claim.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimDecl {
    /// Its id.
    pub id: ClaimRef,
    /// Its value as written.
    pub value: Quantity,
    /// `title "..."`.
    pub title: Option<StrLit>,
    /// `note "..."`.
    pub note: Option<StrLit>,
    /// `cite source "quote"` lines.
    pub citations: Vec<Citation>,
    /// The whole declaration.
    pub span: Span,
}

/// A quote from a source.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// The source id.
    pub source: Name,
    /// The quote in the source's language.
    pub quote: StrLit,
    /// The whole `cite` line.
    pub span: Span,
}

/// One rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    /// Its id.
    pub id: Name,
    /// Its human title.
    pub title: Option<StrLit>,
    /// `severity warning` (default error).
    pub severity: Option<(Severity, Span)>,
    /// `expect fail "why"`.
    pub expect: Option<Expectation>,
    /// `strict`: unproven counts as fail.
    pub strict: Option<Span>,
    /// `let` bindings and assertions, in order.
    pub body: Vec<Statement>,
    /// The whole rule.
    pub span: Span,
}

/// A rule's severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Shown, does not gate.
    Warning,
    /// Gates (exit 1).
    Error,
}

/// `expect fail "why"` or `expect unproven "why"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    /// The expected outcome.
    pub outcome: ExpectedOutcome,
    /// Why the author expects it.
    pub reason: StrLit,
    /// The whole line.
    pub span: Span,
}

/// An outcome a rule may be expected to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedOutcome {
    /// `expect fail`.
    Fail,
    /// `expect unproven`.
    Unproven,
}

/// A statement in a rule body.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    /// `let name = expr`.
    Let(Name, Expr),
    /// `assert condition`.
    Assert(Expr),
}

/// An expression with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// Binary arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^`
    Pow,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `~=`
    Approx,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Approx => "~=",
        }
    }
}

/// A tolerance after `within`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tolerance {
    /// The amount: a percentage is relative to the right-hand side, anything
    /// else is absolute and must have the compared unit.
    pub amount: Box<Expr>,
    /// Where `within ...` is written.
    pub span: Span,
}

/// What an expression is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal with an optional unit: `365 day`, `0.1B USD`, `27%`.
    Literal(Magnitude, Option<UnitExpr>),
    /// A claim or `let` reference.
    Ref(ClaimRef),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a op b`.
    Binary(BinOp, Span, Box<Expr>, Box<Expr>),
    /// `f(args)`.
    Call(Name, Vec<Expr>),
    /// `a op b [within t]`.
    Compare(CmpOp, Span, Box<Expr>, Box<Expr>, Option<Tolerance>),
    /// `x in lo..hi`.
    In(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `not c`.
    Not(Box<Expr>),
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
}
