//! Name resolution and unit checking of rules.
//!
//! Each rule becomes a [`ResolvedRule`]: a tree of [`Node`]s in which claims are
//! [`ClaimId`]s, `let` bindings are slot numbers, literals are intervals in base
//! units, and every numeric node has been unit-checked. Evaluation never looks
//! a name up again. Mistakes in a rule (an unknown claim, adding USD to CNY)
//! are [`ResolveError`]s attached to that rule, whose outcome is then "error";
//! the other rules still run.

use crate::base::exact::Exact;
use crate::base::span::Span;
use crate::corpus::{ClaimId, Corpus, CorpusErrorKind};
use crate::quantity::interval::Interval;
use crate::quantity::units::{Incompatibility, Unit};
use crate::syntax::ast::{BinOp, CmpOp, Expr, ExprKind, Key, RuleDecl, Statement};
use std::collections::HashMap;

/// A resolved numeric or condition node. Kept small (its large payloads
/// are boxed): a `sum` over keyed claims holds one node per claim.
#[derive(Clone, Debug)]
pub enum Node {
    /// A literal, in base units.
    Const(Box<Interval>),
    /// A claim's value.
    Claim(ClaimId),
    /// A `let` binding, by slot.
    Slot(usize),
    /// `-x`.
    Neg(Box<Node>),
    /// `a + b`.
    Add(Box<Node>, Box<Node>),
    /// `a - b`.
    Sub(Box<Node>, Box<Node>),
    /// `a * b`.
    Mul(Box<Node>, Box<Node>),
    /// `a / b`; the span and display unit are the divisor's, for the
    /// division-by-zero error.
    Div(Box<Node>, Box<Node>, Span, Box<(String, Exact)>),
    /// `a ^ n`.
    Pow(Box<Node>, i32, Span),
    /// `min(...)`.
    Min(Vec<Node>),
    /// `max(...)`.
    Max(Vec<Node>),
    /// `sum(...)`.
    Sum(Vec<Node>),
    /// `abs(x)`.
    Abs(Box<Node>),
    /// `round(x, digits)`: rounds in the unit whose factor is given.
    Round(Box<Node>, Box<Exact>, i32),
    /// A comparison atom; index into [`Assertion::atoms`].
    Compare(usize),
    /// `not c`.
    Not(Box<Node>),
    /// `a and b`.
    And(Box<Node>, Box<Node>),
    /// `a or b`.
    Or(Box<Node>, Box<Node>),
}

/// The tolerance of `~=`.
#[derive(Clone, Debug)]
pub enum ResolvedTolerance {
    /// Relative to the right-hand side (`within 5%`), as a dimensionless node.
    Relative(Node),
    /// Absolute, in the compared unit.
    Absolute(Node),
}

/// What a comparison atom tests.
#[derive(Clone, Debug)]
pub enum AtomTest {
    /// `lhs op rhs [within t]`.
    Compare(CmpOp, Node, Node, Option<ResolvedTolerance>),
    /// `x in lo..hi`.
    In(Node, Node, Node),
    /// `whole(x)`, in the unit whose factor is given.
    Whole(Node, Exact),
}

/// A comparison inside an assertion, with what diagnostics need to show it.
#[derive(Clone, Debug)]
pub struct Atom {
    /// The test.
    pub test: AtomTest,
    /// The whole comparison.
    pub span: Span,
    /// The operator (or `in`, or the call).
    pub op_span: Span,
    /// Left side's span.
    pub lhs_span: Span,
    /// Right side's span (the range for `in`).
    pub rhs_span: Span,
    /// The unit to show values in: name and factor.
    pub display: (String, Exact),
}

/// One `assert`.
#[derive(Clone, Debug)]
pub struct Assertion {
    /// The condition.
    pub condition: Node,
    /// Its comparisons, in source order.
    pub atoms: Vec<Atom>,
    /// Where it is written.
    pub span: Span,
    /// Claims it uses (through `let`s too), in order of first use.
    pub claims: Vec<ClaimId>,
    /// Claims used more than once (interval arithmetic may widen the result).
    pub repeated: Vec<ClaimId>,
    /// Whether a product converted between per-day and per-year units.
    pub uses_year_length: bool,
}

/// A rule ready to evaluate.
#[derive(Clone, Debug)]
pub struct ResolvedRule {
    /// Index into the rule list.
    pub rule: usize,
    /// `let` bindings, by slot.
    pub slots: Vec<Node>,
    /// Assertions.
    pub assertions: Vec<Assertion>,
    /// Mistakes that keep the rule from being evaluated.
    pub errors: Vec<ResolveError>,
}

/// A mistake in a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    /// What is wrong.
    pub kind: ResolveErrorKind,
    /// Where (the operator, for unit mismatches).
    pub span: Span,
}

/// The largest exponent `^` takes, either sign (`x ^ 16`, `x ^ -16`).
pub const MAX_POWER: i32 = 16;

/// Kinds of rule mistakes, each with a stable code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveErrorKind {
    /// A name that is neither a `let` nor a claim.
    UnknownName {
        /// The name.
        name: String,
        /// The closest known name.
        suggestion: Option<String>,
    },
    /// A wildcard with no keyed claims under it.
    EmptyWildcard(String),
    /// A wildcard outside `sum`, `min` or `max`.
    WildcardOutsideAggregate,
    /// Units that cannot be combined by this operator.
    UnitMismatch {
        /// The operator as written.
        op: String,
        /// Left unit, described.
        lhs: String,
        /// Right unit, described.
        rhs: String,
        /// Left operand's span.
        lhs_span: Span,
        /// Right operand's span.
        rhs_span: Span,
        /// True when only the time family differs (per day vs per year).
        time_family: bool,
    },
    /// A unit name the table does not know.
    UnknownUnit {
        /// The name.
        name: String,
        /// The closest known name.
        suggestion: Option<String>,
    },
    /// A condition where a number is needed, or the reverse.
    TypeMismatch {
        /// What is needed.
        expected: &'static str,
        /// What is written.
        found: &'static str,
    },
    /// An unknown function.
    UnknownFunction {
        /// The name.
        name: String,
        /// The closest function.
        suggestion: Option<&'static str>,
    },
    /// A function called with the wrong number of arguments.
    Arity {
        /// The function.
        name: String,
        /// What it takes.
        expected: &'static str,
        /// How many were given.
        found: usize,
    },
    /// `^` with an exponent that is not a whole dimensionless literal.
    BadExponent,
    /// `round(x, n)` with `n` not a whole literal.
    BadDigits,
    /// A tolerance that is neither a percentage nor in the compared unit.
    BadTolerance {
        /// The tolerance's unit.
        found: String,
        /// The compared unit.
        compared: String,
    },
    /// A `let` name bound twice in one rule.
    DuplicateLet(String),
    /// A name used above the `let` that binds it (bindings are read in
    /// order, so they can never refer to each other in a cycle).
    UsedBeforeLet {
        /// The name.
        name: String,
        /// Where the later `let` binds it.
        binding: Span,
    },
    /// Two rules with one id.
    DuplicateRule {
        /// The id.
        id: String,
        /// The first rule's id span.
        first: Span,
    },
    /// A rule with no `assert`.
    NoAssertion,
    /// A product, quotient or power whose unit has an exponent beyond
    /// [`crate::quantity::units::MAX_UNIT_EXPONENT`] (`USD^16 ^ 16`).
    UnitTooComplex,
}

impl ResolveErrorKind {
    /// The stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            ResolveErrorKind::UnknownName { .. } => "factlint::resolve::unknown_name",
            ResolveErrorKind::EmptyWildcard(_) => "factlint::resolve::empty_wildcard",
            ResolveErrorKind::WildcardOutsideAggregate => {
                "factlint::resolve::wildcard_outside_aggregate"
            }
            ResolveErrorKind::UnitMismatch { .. } => "factlint::resolve::unit_mismatch",
            ResolveErrorKind::UnknownUnit { .. } => "factlint::resolve::unknown_unit",
            ResolveErrorKind::TypeMismatch { .. } => "factlint::resolve::type_mismatch",
            ResolveErrorKind::UnknownFunction { .. } => "factlint::resolve::unknown_function",
            ResolveErrorKind::Arity { .. } => "factlint::resolve::arity",
            ResolveErrorKind::BadExponent => "factlint::resolve::bad_exponent",
            ResolveErrorKind::BadDigits => "factlint::resolve::bad_digits",
            ResolveErrorKind::BadTolerance { .. } => "factlint::resolve::bad_tolerance",
            ResolveErrorKind::DuplicateLet(_) => "factlint::resolve::duplicate_let",
            ResolveErrorKind::UsedBeforeLet { .. } => "factlint::resolve::used_before_let",
            ResolveErrorKind::DuplicateRule { .. } => "factlint::resolve::duplicate_rule",
            ResolveErrorKind::NoAssertion => "factlint::resolve::no_assertion",
            ResolveErrorKind::UnitTooComplex => "factlint::resolve::unit_too_complex",
        }
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        match self {
            ResolveErrorKind::UnknownName { name, .. } => {
                format!("unknown claim or binding `{name}`")
            }
            ResolveErrorKind::EmptyWildcard(path) => format!("no keyed claims match `{path}[*]`"),
            ResolveErrorKind::WildcardOutsideAggregate => {
                "`[*]` stands for many claims and needs `sum`, `min` or `max`".to_owned()
            }
            ResolveErrorKind::UnitMismatch { op, lhs, rhs, .. } => {
                format!("cannot apply `{op}` to {lhs} and {rhs}")
            }
            ResolveErrorKind::UnknownUnit { name, .. } => format!("unknown unit `{name}`"),
            ResolveErrorKind::TypeMismatch { expected, found } => {
                format!("expected {expected}, found {found}")
            }
            ResolveErrorKind::UnknownFunction { name, .. } => format!("unknown function `{name}`"),
            ResolveErrorKind::Arity {
                name,
                expected,
                found,
            } => {
                format!(
                    "`{name}` takes {expected}, but {found} {} given",
                    if *found == 1 { "was" } else { "were" }
                )
            }
            ResolveErrorKind::BadExponent => {
                format!(
                    "an exponent must be a whole number from -{MAX_POWER} to {MAX_POWER}, written in the rule"
                )
            }
            ResolveErrorKind::BadDigits => {
                "`round`'s second argument must be a whole number of decimals".to_owned()
            }
            ResolveErrorKind::BadTolerance { found, compared } => {
                format!(
                    "a tolerance must be a percentage or in the compared unit ({compared}), not {found}"
                )
            }
            ResolveErrorKind::DuplicateLet(name) => {
                format!("`{name}` is already bound in this rule")
            }
            ResolveErrorKind::UsedBeforeLet { name, .. } => {
                format!("`{name}` is used above the `let` that binds it")
            }
            ResolveErrorKind::DuplicateRule { id, .. } => {
                format!("a rule named `{id}` already exists")
            }
            ResolveErrorKind::NoAssertion => "rule has no `assert`".to_owned(),
            ResolveErrorKind::UnitTooComplex => format!(
                "the unit here would have an exponent beyond {}",
                crate::quantity::units::MAX_UNIT_EXPONENT
            ),
        }
    }
}

const FUNCTIONS: &[&str] = &["min", "max", "sum", "abs", "round", "whole"];

/// Resolves every rule against the corpus. Rules resolve independently, in
/// parallel; the duplicate-id pass then runs in rule order, so the result does
/// not depend on the thread count.
pub fn resolve_all(rules: &[RuleDecl], corpus: &Corpus) -> Vec<ResolvedRule> {
    resolve_selected(rules, corpus, |_| true)
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// Resolves the rules `selected` picks (by index), in order, each with its
/// index; a rule whose id an earlier rule (selected or not) already has is
/// a duplicate, as in [`resolve_all`].
pub fn resolve_selected(
    rules: &[RuleDecl],
    corpus: &Corpus,
    selected: impl Fn(usize) -> bool + Sync,
) -> Vec<(usize, ResolvedRule)> {
    use rayon::prelude::*;
    let mut resolved: Vec<(usize, ResolvedRule)> = rules
        .par_iter()
        .enumerate()
        .filter(|(i, _)| selected(*i))
        .map(|(i, rule)| (i, resolve_rule(i, rule, corpus)))
        .collect();
    let mut first_by_id: HashMap<&str, Span> = HashMap::new();
    let mut next = resolved.iter_mut().peekable();
    for (i, rule) in rules.iter().enumerate() {
        let this = match next.peek() {
            Some((j, _)) if *j == i => next.next().map(|(_, r)| r),
            _ => None,
        };
        match first_by_id.get(&*rule.id.text) {
            Some(first) => {
                if let Some(resolved) = this {
                    resolved.errors.insert(
                        0,
                        ResolveError {
                            kind: ResolveErrorKind::DuplicateRule {
                                id: rule.id.text.to_string(),
                                first: *first,
                            },
                            span: rule.id.span,
                        },
                    );
                }
            }
            None => {
                first_by_id.insert(&rule.id.text, rule.id.span);
            }
        }
    }
    resolved
}

/// A resolved node with its unit (numbers) or no unit (conditions).
struct Typed {
    node: Node,
    unit: Option<Unit>,
    /// The claim's or literal's written unit, when the node is exactly that.
    written: Option<(String, Exact)>,
}

struct Resolver<'a> {
    corpus: &'a Corpus,
    lets: HashMap<String, (usize, Unit, Vec<ClaimId>, bool)>,
    /// Bindings whose expression had an error: using them is not another one.
    failed: std::collections::HashSet<String>,
    /// Bindings further down the rule, for "used above its `let`".
    later: HashMap<String, Span>,
    slots: Vec<Node>,
    errors: Vec<ResolveError>,
    // Per assertion:
    atoms: Vec<Atom>,
    uses: Vec<ClaimId>,
    uses_year_length: bool,
    /// Every numeric expression resolved, when explaining a rule.
    trace: Option<Vec<Traced>>,
}

/// A numeric sub-expression of a rule as resolved, for `factlint explain`:
/// where it is written, its node (to evaluate on its own) and the unit to
/// show its value in.
#[derive(Clone, Debug)]
pub struct Traced {
    /// Where the expression is written.
    pub span: Span,
    /// Its resolved node.
    pub node: Node,
    /// The unit to show its value in: its written unit, else the canonical
    /// unit of its dimensions.
    pub display: (String, Exact),
    /// Its unit.
    pub unit: Unit,
}

/// Resolves one rule as [`resolve_all`] does (without the duplicate-id pass),
/// recording every numeric sub-expression: what `factlint explain` shows.
pub fn resolve_traced(
    index: usize,
    rule: &RuleDecl,
    corpus: &Corpus,
) -> (ResolvedRule, Vec<Traced>) {
    resolve_with(index, rule, corpus, Some(Vec::new()))
}

fn resolve_rule(index: usize, rule: &RuleDecl, corpus: &Corpus) -> ResolvedRule {
    resolve_with(index, rule, corpus, None).0
}

fn resolve_with(
    index: usize,
    rule: &RuleDecl,
    corpus: &Corpus,
    trace: Option<Vec<Traced>>,
) -> (ResolvedRule, Vec<Traced>) {
    let mut r = Resolver {
        corpus,
        lets: HashMap::new(),
        failed: std::collections::HashSet::new(),
        later: HashMap::new(),
        slots: Vec::new(),
        errors: Vec::new(),
        atoms: Vec::new(),
        uses: Vec::new(),
        uses_year_length: false,
        trace,
    };
    let mut assertions = Vec::new();
    for (i, statement) in rule.body.iter().enumerate() {
        r.later = rule.body[i..]
            .iter()
            .filter_map(|s| match s {
                Statement::Let(name, _) => Some((name.text.to_string(), name.span)),
                _ => None,
            })
            .collect();
        match statement {
            Statement::Let(name, expr) => {
                r.uses.clear();
                r.uses_year_length = false;
                let typed = r.number(expr);
                if r.lets.contains_key(&*name.text) {
                    r.errors.push(ResolveError {
                        kind: ResolveErrorKind::DuplicateLet(name.text.to_string()),
                        span: name.span,
                    });
                    continue;
                }
                if typed.is_none() {
                    r.failed.insert(name.text.to_string());
                }
                if let Some(typed) = typed {
                    let slot = r.slots.len();
                    r.slots.push(typed.node);
                    let unit = typed.unit.unwrap_or_else(Unit::one);
                    r.lets.insert(
                        name.text.to_string(),
                        (slot, unit, at_most_twice(&r.uses), r.uses_year_length),
                    );
                }
            }
            Statement::Assert(expr) => {
                r.atoms.clear();
                r.uses.clear();
                r.uses_year_length = false;
                if let Some(condition) = r.condition(expr) {
                    let mut claims = Vec::new();
                    let mut repeated = Vec::new();
                    for id in &r.uses {
                        if claims.contains(id) {
                            if !repeated.contains(id) {
                                repeated.push(*id);
                            }
                        } else {
                            claims.push(*id);
                        }
                    }
                    assertions.push(Assertion {
                        condition,
                        atoms: std::mem::take(&mut r.atoms),
                        span: expr.span,
                        claims,
                        repeated,
                        uses_year_length: r.uses_year_length,
                    });
                }
            }
        }
    }
    if assertions.is_empty() && r.errors.is_empty() {
        r.errors.push(ResolveError {
            kind: ResolveErrorKind::NoAssertion,
            span: rule.id.span,
        });
    }
    let resolved = ResolvedRule {
        rule: index,
        slots: r.slots,
        assertions,
        errors: r.errors,
    };
    (resolved, r.trace.unwrap_or_default())
}

/// `uses` with each claim kept at its first two occurrences: all that the
/// claims used and the repeated ones depend on. A binding used twice by the
/// next would otherwise double its list at every level.
fn at_most_twice(uses: &[ClaimId]) -> Vec<ClaimId> {
    let mut seen: HashMap<ClaimId, u8> = HashMap::new();
    uses.iter()
        .copied()
        .filter(|id| {
            let n = seen.entry(*id).or_insert(0);
            *n += 1;
            *n <= 2
        })
        .collect()
}

fn is_condition(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Compare(..)
        | ExprKind::In(..)
        | ExprKind::Not(_)
        | ExprKind::And(..)
        | ExprKind::Or(..) => true,
        ExprKind::Call(name, _) => &*name.text == "whole",
        _ => false,
    }
}

impl Resolver<'_> {
    fn error(&mut self, kind: ResolveErrorKind, span: Span) {
        self.errors.push(ResolveError { kind, span });
    }

    fn year(&self) -> &Exact {
        &self.corpus.units.year_length_days
    }

    /// Resolves a condition.
    fn condition(&mut self, expr: &Expr) -> Option<Node> {
        match &expr.kind {
            ExprKind::Not(inner) => Some(Node::Not(Box::new(self.condition(inner)?))),
            ExprKind::And(a, b) => {
                let (a, b) = (self.condition(a), self.condition(b));
                Some(Node::And(Box::new(a?), Box::new(b?)))
            }
            ExprKind::Or(a, b) => {
                let (a, b) = (self.condition(a), self.condition(b));
                Some(Node::Or(Box::new(a?), Box::new(b?)))
            }
            ExprKind::Compare(op, op_span, lhs, rhs, tolerance) => {
                let (l, r) = (self.number(lhs), self.number(rhs));
                let (l, r) = (l?, r?);
                let (lu, ru) = (
                    l.unit.clone().unwrap_or_else(Unit::one),
                    r.unit.clone().unwrap_or_else(Unit::one),
                );
                self.check_compatible(&lu, &ru, op.as_str(), *op_span, lhs.span, rhs.span)?;
                let tol = match tolerance {
                    None => None,
                    Some(t) => {
                        if *op != CmpOp::Approx {
                            self.error(
                                ResolveErrorKind::TypeMismatch {
                                    expected: "`~=` before `within`",
                                    found: "another comparison",
                                },
                                t.span,
                            );
                            return None;
                        }
                        let typed = self.number(&t.amount)?;
                        let unit = typed.unit.unwrap_or_else(Unit::one);
                        if unit.is_dimensionless() {
                            Some(ResolvedTolerance::Relative(typed.node))
                        } else if lu.compatible(&unit).is_ok() {
                            Some(ResolvedTolerance::Absolute(typed.node))
                        } else {
                            self.error(
                                ResolveErrorKind::BadTolerance {
                                    found: unit.describe(self.year()),
                                    compared: lu.describe(self.year()),
                                },
                                t.amount.span,
                            );
                            return None;
                        }
                    }
                };
                let display = self.display_unit(&r, &l, &lu);
                Some(self.atom(
                    AtomTest::Compare(*op, l.node, r.node, tol),
                    expr.span,
                    *op_span,
                    lhs.span,
                    rhs.span,
                    display,
                ))
            }
            ExprKind::In(x, lo, hi) => {
                let (tx, tlo, thi) = (self.number(x), self.number(lo), self.number(hi));
                let (tx, tlo, thi) = (tx?, tlo?, thi?);
                let ux = tx.unit.clone().unwrap_or_else(Unit::one);
                let op_span = Span::new(x.span.file, x.span.end as usize, lo.span.start as usize);
                self.check_compatible(&ux, tlo.unit.as_ref()?, "in", op_span, x.span, lo.span)?;
                self.check_compatible(&ux, thi.unit.as_ref()?, "in", op_span, x.span, hi.span)?;
                let display = self.display_unit(&tlo, &tx, &ux);
                Some(self.atom(
                    AtomTest::In(tx.node, tlo.node, thi.node),
                    expr.span,
                    op_span,
                    x.span,
                    lo.span.to(hi.span),
                    display,
                ))
            }
            ExprKind::Call(name, args) if &*name.text == "whole" => {
                if args.len() != 1 {
                    self.error(
                        ResolveErrorKind::Arity {
                            name: "whole".to_owned(),
                            expected: "one argument",
                            found: args.len(),
                        },
                        expr.span,
                    );
                    return None;
                }
                let t = self.number(&args[0])?;
                let unit = t.unit.clone().unwrap_or_else(Unit::one);
                let display = t
                    .written
                    .clone()
                    .unwrap_or_else(|| unit.canonical(self.year()));
                let factor = display.1.clone();
                Some(self.atom(
                    AtomTest::Whole(t.node, factor),
                    expr.span,
                    name.span,
                    args[0].span,
                    args[0].span,
                    display,
                ))
            }
            _ => {
                self.error(
                    ResolveErrorKind::TypeMismatch {
                        expected: "a condition (a comparison, `in`, `whole(...)`, `and`, `or`, `not`)",
                        found: "a number",
                    },
                    expr.span,
                );
                None
            }
        }
    }

    fn atom(
        &mut self,
        test: AtomTest,
        span: Span,
        op_span: Span,
        lhs_span: Span,
        rhs_span: Span,
        display: (String, Exact),
    ) -> Node {
        self.atoms.push(Atom {
            test,
            span,
            op_span,
            lhs_span,
            rhs_span,
            display,
        });
        Node::Compare(self.atoms.len() - 1)
    }

    /// The unit to show a comparison in: the right side's written unit, else
    /// the left side's, else the canonical unit of the dimensions.
    fn display_unit(&self, preferred: &Typed, other: &Typed, unit: &Unit) -> (String, Exact) {
        preferred
            .written
            .clone()
            .or_else(|| other.written.clone())
            .unwrap_or_else(|| unit.canonical(self.year()))
    }

    fn check_compatible(
        &mut self,
        a: &Unit,
        b: &Unit,
        op: &str,
        op_span: Span,
        lhs: Span,
        rhs: Span,
    ) -> Option<()> {
        match a.compatible(b) {
            Ok(()) => Some(()),
            Err(why) => {
                let kind = ResolveErrorKind::UnitMismatch {
                    op: op.to_owned(),
                    lhs: a.describe(self.year()),
                    rhs: b.describe(self.year()),
                    lhs_span: lhs,
                    rhs_span: rhs,
                    time_family: why == Incompatibility::TimeFamilies,
                };
                self.error(kind, op_span);
                None
            }
        }
    }

    /// Resolves a numeric expression (and records it, when tracing).
    fn number(&mut self, expr: &Expr) -> Option<Typed> {
        let typed = self.number_of(expr)?;
        if self.trace.is_some() {
            let display = typed.written.clone().unwrap_or_else(|| {
                typed.unit.as_ref().map_or_else(
                    || Unit::one().canonical(self.year()),
                    |u| u.canonical(self.year()),
                )
            });
            let traced = Traced {
                span: expr.span,
                node: typed.node.clone(),
                display,
                unit: typed.unit.clone().unwrap_or_else(Unit::one),
            };
            if let Some(trace) = &mut self.trace {
                trace.push(traced);
            }
        }
        Some(typed)
    }

    fn number_of(&mut self, expr: &Expr) -> Option<Typed> {
        if is_condition(expr) {
            self.error(
                ResolveErrorKind::TypeMismatch {
                    expected: "a number",
                    found: "a condition",
                },
                expr.span,
            );
            return None;
        }
        match &expr.kind {
            ExprKind::Literal(magnitude, unit) => {
                let (u, written) = match unit {
                    Some(u) => match crate::corpus::resolve_unit(&self.corpus.units, u) {
                        Ok(unit) => {
                            let name = crate::corpus::unit_display_name(u);
                            let factor = unit.factor.clone();
                            (unit, Some((name, factor)))
                        }
                        Err(e) => {
                            if let CorpusErrorKind::UnknownUnit { name, suggestion } = e.kind {
                                self.error(
                                    ResolveErrorKind::UnknownUnit { name, suggestion },
                                    e.span,
                                );
                            }
                            return None;
                        }
                    },
                    None => (Unit::one(), None),
                };
                let value = magnitude.value() * &u.factor;
                Some(Typed {
                    node: Node::Const(Box::new(Interval::point(value))),
                    unit: Some(u),
                    written,
                })
            }
            ExprKind::Ref(reference) => {
                if matches!(reference.key, Some(Key::Wildcard)) {
                    self.error(ResolveErrorKind::WildcardOutsideAggregate, reference.span);
                    return None;
                }
                let full = reference.full();
                if reference.key.is_none()
                    && let Some((slot, unit, uses, year)) = self.lets.get(&full)
                {
                    self.uses.extend(uses.iter().copied());
                    self.uses_year_length |= *year;
                    return Some(Typed {
                        node: Node::Slot(*slot),
                        unit: Some(unit.clone()),
                        written: None,
                    });
                }
                match self.corpus.lookup(&full) {
                    Some(id) => {
                        self.uses.push(id);
                        let claim = self.corpus.get(id);
                        let written = (!claim.unit_name.is_empty())
                            .then(|| (claim.unit_name.clone(), claim.unit.factor.clone()));
                        Some(Typed {
                            node: Node::Claim(id),
                            unit: Some(Unit::clone(&claim.unit)),
                            written,
                        })
                    }
                    None if reference.key.is_none() && self.failed.contains(&full) => None,
                    None if reference.key.is_none() && self.later.contains_key(&full) => {
                        let binding = self.later[&full];
                        self.error(
                            ResolveErrorKind::UsedBeforeLet {
                                name: full,
                                binding,
                            },
                            reference.span,
                        );
                        None
                    }
                    None => {
                        let lets: Vec<&str> = self.lets.keys().map(String::as_str).collect();
                        let suggestion = crate::base::suggest::did_you_mean(
                            &full,
                            self.corpus.ids().chain(lets),
                        )
                        .map(str::to_owned);
                        self.error(
                            ResolveErrorKind::UnknownName {
                                name: full,
                                suggestion,
                            },
                            reference.span,
                        );
                        None
                    }
                }
            }
            ExprKind::Neg(inner) => {
                let t = self.number(inner)?;
                Some(Typed {
                    node: Node::Neg(Box::new(t.node)),
                    unit: t.unit,
                    written: None,
                })
            }
            ExprKind::Binary(op, op_span, lhs, rhs) => {
                let (l, r) = (self.number(lhs), self.number(rhs));
                let (l, r) = (l?, r?);
                let (lu, ru) = (
                    l.unit.unwrap_or_else(Unit::one),
                    r.unit.unwrap_or_else(Unit::one),
                );
                let symbol = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                    BinOp::Pow => "^",
                };
                let (node, unit) = match op {
                    BinOp::Add | BinOp::Sub => {
                        self.check_compatible(&lu, &ru, symbol, *op_span, lhs.span, rhs.span)?;
                        let node = if *op == BinOp::Add {
                            Node::Add(Box::new(l.node), Box::new(r.node))
                        } else {
                            Node::Sub(Box::new(l.node), Box::new(r.node))
                        };
                        (node, lu)
                    }
                    BinOp::Mul => {
                        let Some((unit, crossed)) = lu.mul(&ru) else {
                            self.error(ResolveErrorKind::UnitTooComplex, *op_span);
                            return None;
                        };
                        self.uses_year_length |= crossed;
                        (Node::Mul(Box::new(l.node), Box::new(r.node)), unit)
                    }
                    BinOp::Div => {
                        let Some((unit, crossed)) = lu.div(&ru) else {
                            self.error(ResolveErrorKind::UnitTooComplex, *op_span);
                            return None;
                        };
                        self.uses_year_length |= crossed;
                        let display = r
                            .written
                            .clone()
                            .unwrap_or_else(|| ru.canonical(self.year()));
                        (
                            Node::Div(
                                Box::new(l.node),
                                Box::new(r.node),
                                rhs.span,
                                Box::new(display),
                            ),
                            unit,
                        )
                    }
                    BinOp::Pow => {
                        // A whole literal, possibly negated: `x ^ 2`, `x ^ -1`.
                        let (literal, sign) = match &r.node {
                            Node::Neg(inner) => (&**inner, -1),
                            other => (other, 1),
                        };
                        let exponent = match (literal, ru.is_dimensionless()) {
                            (Node::Const(iv), true) if iv.is_point() => iv
                                .lo
                                .value()
                                .filter(|v| v.is_integer())
                                .and_then(|v| num_traits::ToPrimitive::to_i32(&v.to_integer()))
                                .filter(|n| n.abs() <= MAX_POWER)
                                .map(|n| n * sign),
                            _ => None,
                        };
                        let Some(n) = exponent else {
                            self.error(ResolveErrorKind::BadExponent, rhs.span);
                            return None;
                        };
                        let Some(unit) = lu.powi(n) else {
                            self.error(ResolveErrorKind::UnitTooComplex, *op_span);
                            return None;
                        };
                        (Node::Pow(Box::new(l.node), n, expr.span), unit)
                    }
                };
                Some(Typed {
                    node,
                    unit: Some(unit),
                    written: None,
                })
            }
            ExprKind::Call(name, args) => self.call(expr, name, args),
            _ => None,
        }
    }

    fn call(
        &mut self,
        expr: &Expr,
        name: &crate::syntax::ast::Name,
        args: &[Expr],
    ) -> Option<Typed> {
        let arity = |found: usize, expected: &'static str| ResolveErrorKind::Arity {
            name: name.text.to_string(),
            expected,
            found,
        };
        match &*name.text {
            "min" | "max" | "sum" => {
                let mut nodes = Vec::new();
                let mut unit: Option<(Unit, Span)> = None;
                let mut failed = false;
                for arg in args {
                    let typed_args = self.aggregate_arg(arg, &name.text);
                    let Some(typed_args) = typed_args else {
                        failed = true;
                        continue;
                    };
                    for (typed, span) in typed_args {
                        let u = typed.unit.unwrap_or_else(Unit::one);
                        match &unit {
                            None => unit = Some((u, span)),
                            Some((first, first_span)) => {
                                if self
                                    .check_compatible(
                                        first,
                                        &u,
                                        &name.text,
                                        name.span,
                                        *first_span,
                                        span,
                                    )
                                    .is_none()
                                {
                                    failed = true;
                                }
                            }
                        }
                        nodes.push(typed.node);
                    }
                }
                if failed {
                    return None;
                }
                if nodes.is_empty() {
                    self.error(arity(args.len(), "at least one argument"), expr.span);
                    return None;
                }
                let node = match &*name.text {
                    "min" => Node::Min(nodes),
                    "max" => Node::Max(nodes),
                    _ => Node::Sum(nodes),
                };
                Some(Typed {
                    node,
                    unit: unit.map(|(u, _)| u),
                    written: None,
                })
            }
            "abs" => {
                if args.len() != 1 {
                    self.error(arity(args.len(), "one argument"), expr.span);
                    return None;
                }
                let t = self.number(&args[0])?;
                Some(Typed {
                    node: Node::Abs(Box::new(t.node)),
                    unit: t.unit,
                    written: None,
                })
            }
            "round" => {
                if args.is_empty() || args.len() > 2 {
                    self.error(arity(args.len(), "one or two arguments"), expr.span);
                    return None;
                }
                let t = self.number(&args[0])?;
                let digits = match args.get(1) {
                    None => 0,
                    Some(arg) => match &arg.kind {
                        // A whole number from 0 to 30 however it is written
                        // (`2`, `2e0`, `20`, but not `2.5` or `1k`).
                        ExprKind::Literal(m, None) if !m.negative && m.decimal.exponent >= 0 => {
                            match u32::try_from(m.decimal.exponent)
                                .ok()
                                .and_then(|e| 10u128.checked_pow(e))
                                .and_then(|p| m.decimal.mantissa.checked_mul(p))
                            {
                                Some(n) if n <= 30 => n as i32,
                                _ => {
                                    self.error(ResolveErrorKind::BadDigits, arg.span);
                                    return None;
                                }
                            }
                        }
                        _ => {
                            self.error(ResolveErrorKind::BadDigits, arg.span);
                            return None;
                        }
                    },
                };
                let unit = t.unit.clone().unwrap_or_else(Unit::one);
                let factor = t
                    .written
                    .clone()
                    .map_or_else(|| unit.canonical(self.year()).1, |(_, f)| f);
                Some(Typed {
                    node: Node::Round(Box::new(t.node), Box::new(factor), digits),
                    unit: Some(unit),
                    written: t.written,
                })
            }
            other => {
                let suggestion =
                    crate::base::suggest::did_you_mean(other, FUNCTIONS.iter().copied());
                self.error(
                    ResolveErrorKind::UnknownFunction {
                        name: other.to_owned(),
                        suggestion,
                    },
                    name.span,
                );
                None
            }
        }
    }

    /// An argument of `sum`, `min` or `max`: an expression, or a wildcard that
    /// expands to every keyed claim under its path.
    fn aggregate_arg(&mut self, arg: &Expr, function: &str) -> Option<Vec<(Typed, Span)>> {
        if let ExprKind::Ref(reference) = &arg.kind
            && matches!(reference.key, Some(Key::Wildcard))
        {
            let ids = self.corpus.keyed(&reference.path).to_vec();
            if ids.is_empty() {
                self.error(
                    ResolveErrorKind::EmptyWildcard(reference.path.to_string()),
                    reference.span,
                );
                return None;
            }
            let mut out = Vec::new();
            let corpus = self.corpus;
            let mut first_unit: Option<&Unit> = None;
            for id in ids {
                self.uses.push(id);
                let claim = corpus.get(id);
                if let Some(first) = first_unit {
                    let span = reference.span;
                    self.check_compatible(first, &claim.unit, function, span, span, span)?;
                }
                first_unit.get_or_insert(&claim.unit);
                out.push((
                    Typed {
                        node: Node::Claim(id),
                        unit: Some(Unit::clone(&claim.unit)),
                        written: None,
                    },
                    reference.span,
                ));
            }
            return Some(out);
        }
        let typed = self.number(arg)?;
        Some(vec![(typed, arg.span)])
    }
}
