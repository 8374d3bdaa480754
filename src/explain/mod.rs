//! `factlint explain RULE`: one rule's evaluation laid out as a tree, a
//! picture of its intervals, and what would make it pass.
//!
//! An [`Explanation`] is built from an [`Analysis`]: the rule's verdict and
//! every comparison's intervals are the analysis's own (the run that
//! `factlint check` makes); explaining adds what a check does not keep: the
//! interval of every sub-expression (the rule resolved once more with
//! [`crate::resolve::resolve_traced`] and each node evaluated on its own),
//! where each claim's interval came from, which ends decided each
//! comparison, and, for a rule that fails or is unproven, the values each
//! claim could be written as, the others held as written, for which the rule
//! would pass. Those values are found with the evaluator itself, in exact
//! arithmetic, on the claim's own written precision (see [`Fix`]).
//!
//! [`Explanation::text`] renders it for a terminal; serialised (serde) it is
//! `factlint explain --format json`, and the HTML report shows the same.

use crate::analysis::Analysis;
use crate::analysis::data::{self, IntervalValue, Location, interval_value, location, truth_name};
use crate::base::exact::{self, Decimal, Exact, Rounding, format_rounded, pow10};
use crate::base::span::{SourceMap, Span};
use crate::base::text::{one_line, printable, shortened};
use crate::config::{BoundReading, Defaults};
use crate::corpus::{ClaimId, Corpus, form_interval_at};
use crate::eval::{self, AtomResult, Outcome as EvalOutcome, Truth};
use crate::quantity::interval::{Bound, Interval};
use crate::quantity::units::Unit;
use crate::report::{format_interval, join_unit, scale_for};
use crate::resolve::{Assertion, AtomTest, ResolvedRule, Traced};
use crate::syntax::ast::{
    CmpOp, Expr, ExprKind, Key, Magnitude, Qualifier, Quantity, RuleDecl, Statement, ValueForm,
};
use num_traits::Signed;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Each claim's search for a passing value stops after this many
/// evaluations of the rule (a claim written with many digits, in a rule
/// whose truth changes often along its values); the claim is then reported
/// as not searched to the end.
pub const MAX_EVALUATIONS: usize = 4_000;

/// How far the search for a passing value goes: from zero to this many
/// times the written value (or this many units of its last digit, for a
/// written zero).
pub const SEARCH_FACTOR: u128 = 10_000;

/// At most this many claims of a `[*]` wildcard are shown in the tree.
const WILDCARD_SHOWN: usize = 12;

/// One rule's evaluation, explained.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    /// The rule's id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// Where its id is written.
    pub location: Location,
    /// Its verdict under the policy, as `factlint check` reports it.
    pub verdict: &'static str,
    /// What the evaluation gave: `pass`, `fail`, `unproven` or `error`.
    pub outcome: &'static str,
    /// Its `expect` line, if any.
    pub expect: Option<data::Expectation>,
    /// Why it could not be evaluated (resolution errors), if so.
    pub errors: Vec<String>,
    /// Each `assert`, explained.
    pub assertions: Vec<AssertionExplained>,
    /// What would make it pass, for a rule that fails or is unproven.
    pub fixes: Option<Fixes>,
}

/// One `assert`, explained.
#[derive(Clone, Debug, Serialize)]
pub struct AssertionExplained {
    /// The condition as written.
    pub expression: String,
    /// Where it is.
    pub location: Location,
    /// `pass`, `fail`, `unproven` or `error`.
    pub outcome: &'static str,
    /// Its truth (see [`data::AssertionDetail::truth`]).
    pub truth: Option<&'static str>,
    /// The condition as a tree.
    pub tree: Node,
    /// When claims used more than once were split, what that did.
    pub split: Option<String>,
    /// Why it could not be evaluated, if so.
    pub error: Option<String>,
    /// One picture per comparison: its intervals on one axis.
    pub pictures: Vec<Picture>,
}

/// A node of the tree: a condition, a comparison, a number.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    /// `and`, `or`, `not`, `comparison`, `claim`, `binding`, `literal`,
    /// `operation`, `function`, `claims` (a `[*]` wildcard) or `tolerance`.
    pub kind: &'static str,
    /// The expression as written.
    pub expression: String,
    /// Where it is.
    pub location: Location,
    /// A number's interval, in the unit it is shown in.
    pub interval: Option<IntervalValue>,
    /// A condition's truth over the claims' whole intervals.
    pub truth: Option<&'static str>,
    /// A comparison's deciding ends, as a sentence.
    pub decided: Option<String>,
    /// A claim's reading: where its interval came from.
    pub reading: Option<Reading>,
    /// Its parts.
    pub children: Vec<Node>,
}

/// Where a claim's interval came from.
#[derive(Clone, Debug, Serialize)]
pub struct Reading {
    /// The claim's id.
    pub id: String,
    /// Its value as written.
    pub written: String,
    /// The interval it is read as, in its own unit.
    pub interval: IntervalValue,
    /// Why: the written digits, the qualifier, the tolerance, the defaults.
    pub why: String,
    /// Where its value is written.
    pub location: Location,
}

/// A comparison's intervals drawn on one axis.
#[derive(Clone, Debug, Serialize)]
pub struct Picture {
    /// The comparison as written.
    pub comparison: String,
    /// `always`, `agrees`, `sometimes` or `never`.
    pub truth: &'static str,
    /// The unit of the axis.
    pub unit: String,
    /// One bar per claim in that unit and per side.
    pub bars: Vec<Bar>,
}

/// One bar of a [`Picture`].
#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    /// What it is: a claim's id or a side's expression.
    pub label: String,
    /// `claim`, `left`, `right`, `widened` (the right side with the
    /// tolerance) or `range`.
    pub role: &'static str,
    /// Its interval, in the axis unit.
    pub interval: IntervalValue,
}

/// What would make a failing or unproven rule pass.
#[derive(Clone, Debug, Serialize)]
pub struct Fixes {
    /// The answer in one sentence: "passes if a were at least 22.6B USD,
    /// or b at most 11.8B USD", or "no single figure can fix it".
    pub summary: String,
    /// Each claim the rule uses.
    pub claims: Vec<Fix>,
}

/// The values one claim could be written as, with its qualifier and its
/// written precision and every other claim as written, for which the rule
/// passes. Found by bisecting the claim's values (as numbers of units of its
/// last written digit) with the evaluator: a stretch of values is settled at
/// once when the rule holds for every value in it, or for none; the rest is
/// split until single values decide. Values from zero to
/// [`SEARCH_FACTOR`] times the written one are searched.
#[derive(Clone, Debug, Serialize)]
pub struct Fix {
    /// The claim's id.
    pub claim: String,
    /// Its value as written.
    pub written: String,
    /// Where its value is written (what a fix replaces).
    pub location: Location,
    /// The passing values, as stretches in increasing order; empty when
    /// no value of this claim alone makes the rule pass.
    pub ranges: Vec<FixRange>,
    /// The answer for this claim, in words.
    pub text: String,
    /// Whether the search ran to the end ([`MAX_EVALUATIONS`]); if not, the
    /// ranges are those found before it stopped.
    pub complete: bool,
}

/// A stretch of passing values.
#[derive(Clone, Debug, Serialize)]
pub struct FixRange {
    /// The lowest passing value, or none from zero up.
    pub low: Option<FixEnd>,
    /// The highest, or none when every larger value searched passes.
    pub high: Option<FixEnd>,
}

/// One end of a [`FixRange`].
#[derive(Clone, Debug, Serialize)]
pub struct FixEnd {
    /// The claim's value written with it (`about 22.6B USD`).
    pub written: String,
    /// The value written one unit of the last digit beyond it, for which the
    /// rule does not pass; none at zero, below which nothing is searched.
    pub beyond: Option<String>,
}

/// Why a rule could not be explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExplainError {
    /// No rule has this id; the closest one, if any.
    UnknownRule {
        /// The id asked for.
        id: String,
        /// The closest rule id.
        suggestion: Option<String>,
    },
    /// The rule was left out of the run (a filter).
    NotRun(String),
}

impl std::fmt::Display for ExplainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExplainError::UnknownRule { id, suggestion } => {
                write!(f, "no rule named `{}`", printable(id))?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{s}`?")?;
                }
                Ok(())
            }
            ExplainError::NotRun(id) => write!(f, "rule `{}` was not run", printable(id)),
        }
    }
}

impl std::error::Error for ExplainError {}

/// Explains the rule `id` of `analysis`.
pub fn explain(analysis: &Analysis, id: &str) -> Result<Explanation, ExplainError> {
    let run = analysis.run();
    let project = &run.project;
    let Some(index) = project.rules.iter().position(|r| &*r.id.text == id) else {
        let suggestion =
            crate::base::suggest::did_you_mean(id, project.rules.iter().map(|r| &*r.id.text))
                .map(str::to_owned);
        return Err(ExplainError::UnknownRule {
            id: id.to_owned(),
            suggestion,
        });
    };
    let report = run
        .reports
        .iter()
        .find(|r| r.rule == index)
        .ok_or_else(|| ExplainError::NotRun(id.to_owned()))?;
    let rule = &project.rules[index];
    let outcome = analysis.outcome(id);
    let (verdict, expect) = match &outcome {
        Some(o) => (
            o.verdict,
            match &o.detail {
                data::OutcomeDetail::Rule(r) => r.expect.clone(),
                data::OutcomeDetail::Check(_) => None,
            },
        ),
        None => ("error", None),
    };
    let sources = &project.sources;
    let corpus = &project.corpus;
    let (resolved, traced) = crate::resolve::resolve_traced(index, rule, corpus);
    let errors = report
        .resolved
        .errors
        .iter()
        .map(|e| e.kind.message())
        .collect();
    let walker = Walker::new(sources, corpus, rule, &resolved, &traced);
    let assertions: Vec<AssertionExplained> = resolved
        .assertions
        .iter()
        .zip(&report.result.assertions)
        .map(|(assertion, result)| walker.assertion(assertion, result))
        .collect();
    let fixes = matches!(
        report.result.outcome,
        EvalOutcome::Fail | EvalOutcome::Unproven
    )
    .then(|| fixes(sources, corpus, &resolved));
    Ok(Explanation {
        id: printable(id).into_owned(),
        title: rule
            .title
            .as_ref()
            .map(|t| printable(&t.value).into_owned()),
        location: location(sources, rule.id.span),
        verdict,
        outcome: report.result.outcome.as_str(),
        expect,
        errors,
        assertions,
        fixes,
    })
}

/// Builds the trees of one rule's assertions.
struct Walker<'a> {
    sources: &'a SourceMap,
    corpus: &'a Corpus,
    rule: &'a RuleDecl,
    resolved: &'a ResolvedRule,
    /// Numeric sub-expressions by span (the outermost of equal spans).
    traced: HashMap<Span, &'a Traced>,
}

impl<'a> Walker<'a> {
    fn new(
        sources: &'a SourceMap,
        corpus: &'a Corpus,
        rule: &'a RuleDecl,
        resolved: &'a ResolvedRule,
        traced: &'a [Traced],
    ) -> Walker<'a> {
        Walker {
            sources,
            corpus,
            rule,
            resolved,
            traced: traced.iter().map(|t| (t.span, t)).collect(),
        }
    }

    fn text(&self, span: Span) -> String {
        printable(&one_line(self.sources.slice(span))).into_owned()
    }

    fn assertion(
        &self,
        assertion: &Assertion,
        result: &eval::AssertionResult,
    ) -> AssertionExplained {
        let expr = self.assert_expr(assertion.span);
        let atoms: HashMap<Span, (usize, &AtomResult)> = result
            .atoms
            .iter()
            .filter_map(|a| Some((assertion.atoms.get(a.atom)?.span, (a.atom, a))))
            .collect();
        let tree = match expr {
            Some(expr) => self.condition(expr, assertion, &atoms),
            None => self.leaf("condition", assertion.span),
        };
        let pictures = result
            .atoms
            .iter()
            .filter_map(|a| Some(self.picture(assertion, assertion.atoms.get(a.atom)?, a)))
            .collect();
        let split = result.split.as_ref().map(|(claims, parts)| {
            let names: Vec<String> = claims
                .iter()
                .map(|c| format!("`{}`", printable(&self.corpus.get(*c).id)))
                .collect();
            let before = truth_word(result.unsplit_truth);
            let used = if names.len() == 1 {
                format!("{} is used more than once", names[0])
            } else {
                format!("{} are used more than once", names.join(" and "))
            };
            if result.truth == result.unsplit_truth {
                format!(
                    "{used}: interval arithmetic treats each use as free to differ, so the \
                     intervals were split into {parts} parts each and every combination \
                     evaluated; the split left it {before}"
                )
            } else {
                format!(
                    "{used}: interval arithmetic treats each use as free to differ, so the \
                     intervals were split into {parts} parts each and every combination \
                     evaluated: {}, where the whole intervals left it {before}",
                    truth_word(result.truth)
                )
            }
        });
        AssertionExplained {
            expression: self.text(assertion.span),
            location: location(self.sources, assertion.span),
            outcome: result.outcome.as_str(),
            truth: result.error.is_none().then(|| truth_name(result.truth)),
            tree,
            split,
            error: result.error.as_ref().map(|e| match e {
                eval::EvalError::DivisionByZero(_) => {
                    "division by an interval that contains zero".to_owned()
                }
                eval::EvalError::TooLarge(bits) => format!(
                    "an exact value grew to {bits} bits, past the limit of {}",
                    eval::MAX_BITS
                ),
            }),
            pictures,
        }
    }

    /// The `assert`'s condition in the rule's syntax tree.
    fn assert_expr(&self, span: Span) -> Option<&'a Expr> {
        self.rule.body.iter().find_map(|s| match s {
            Statement::Assert(e) if e.span == span => Some(e),
            _ => None,
        })
    }

    fn leaf(&self, kind: &'static str, span: Span) -> Node {
        Node {
            kind,
            expression: self.text(span),
            location: location(self.sources, span),
            interval: None,
            truth: None,
            decided: None,
            reading: None,
            children: Vec::new(),
        }
    }

    fn condition(
        &self,
        expr: &Expr,
        assertion: &Assertion,
        atoms: &HashMap<Span, (usize, &AtomResult)>,
    ) -> Node {
        let mut node = self.leaf("condition", expr.span);
        match &expr.kind {
            ExprKind::Not(inner) => {
                let child = self.condition(inner, assertion, atoms);
                node.kind = "not";
                node.truth = child.truth.map(|t| truth_name(not(truth_of(t))));
                node.children = vec![child];
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let a = self.condition(a, assertion, atoms);
                let b = self.condition(b, assertion, atoms);
                let and = matches!(expr.kind, ExprKind::And(..));
                node.kind = if and { "and" } else { "or" };
                if let (Some(x), Some(y)) = (a.truth, b.truth) {
                    let (x, y) = (truth_of(x), truth_of(y));
                    node.truth = Some(truth_name(if and { x.min(y) } else { x.max(y) }));
                }
                node.children = vec![a, b];
            }
            _ => {
                node.kind = "comparison";
                if let Some((index, result)) = atoms.get(&expr.span) {
                    node.truth = Some(truth_name(result.truth));
                    if let Some(atom) = assertion.atoms.get(*index) {
                        node.decided = Some(self.decided(atom, result));
                    }
                }
                let context = atoms
                    .get(&expr.span)
                    .and_then(|(index, _)| assertion.atoms.get(*index))
                    .map(|atom| &atom.display);
                node.children = match &expr.kind {
                    ExprKind::Compare(_, _, lhs, rhs, tolerance) => {
                        let mut children =
                            vec![self.number_in(lhs, context), self.number_in(rhs, context)];
                        if let Some(t) = tolerance {
                            let mut within = self.number(&t.amount);
                            within.kind = "tolerance";
                            within.expression = self.text(t.span);
                            children.push(within);
                        }
                        children
                    }
                    ExprKind::In(x, lo, hi) => {
                        vec![self.number(x), self.number(lo), self.number(hi)]
                    }
                    ExprKind::Call(_, args) => args.iter().map(|a| self.number(a)).collect(),
                    _ => Vec::new(),
                };
            }
        }
        node
    }

    fn number(&self, expr: &Expr) -> Node {
        self.number_in(expr, None)
    }

    /// A numeric node; `context` is the unit the comparison above it is
    /// shown in, which a plain ratio takes when that is a percentage.
    fn number_in(&self, expr: &Expr, context: Option<&(String, Exact)>) -> Node {
        let mut node = self.leaf("operation", expr.span);
        let traced = self.traced.get(&expr.span);
        let value = traced
            .and_then(|t| eval::evaluate_number(self.resolved, &t.node, self.corpus, &[]).ok());
        match &expr.kind {
            ExprKind::Literal(..) => node.kind = "literal",
            ExprKind::Ref(reference) => {
                if matches!(reference.key, Some(Key::Wildcard)) {
                    node.kind = "claims";
                    let ids = self.corpus.keyed(&reference.path);
                    node.children = ids
                        .iter()
                        .take(WILDCARD_SHOWN)
                        .map(|id| self.claim_node(*id, expr.span))
                        .collect();
                    if ids.len() > WILDCARD_SHOWN {
                        let mut more = self.leaf("claims", expr.span);
                        more.expression = format!("… and {} more", ids.len() - WILDCARD_SHOWN);
                        node.children.push(more);
                    }
                } else if let Some(binding) = self.binding(&reference.full(), expr.span) {
                    node.kind = "binding";
                    node.children = vec![self.number_in(binding, context)];
                } else if let Some(id) = self.corpus.lookup(&reference.full()) {
                    node = self.claim_node(id, expr.span);
                }
            }
            ExprKind::Neg(x) => node.children = vec![self.number_in(x, context)],
            ExprKind::Binary(_, _, a, b) => {
                node.children = vec![self.number_in(a, context), self.number_in(b, context)]
            }
            ExprKind::Call(_, args) => {
                node.kind = "function";
                node.children = args.iter().map(|a| self.number_in(a, context)).collect();
            }
            _ => {}
        }
        if let (Some(traced), Some(value)) = (traced, value) {
            // A plain number made of percentages is shown as one.
            let percent = traced.display.0.is_empty()
                && traced.unit.is_dimensionless()
                && (context.is_some_and(|c| c.0 == "%")
                    || node
                        .children
                        .iter()
                        .any(|c| c.interval.as_ref().is_some_and(|i| i.unit == "%")));
            let display = if percent {
                ("%".to_owned(), Exact::new(1.into(), 100.into()))
            } else {
                traced.display.clone()
            };
            node.interval = Some(shown_value(&value, &display));
        }
        node
    }

    /// The expression of the `let` that `name` refers to at `at`: the last
    /// one above it.
    fn binding(&self, name: &str, at: Span) -> Option<&'a Expr> {
        self.rule.body.iter().rev().find_map(|s| match s {
            Statement::Let(n, e) if &*n.text == name && n.span.end <= at.start => Some(e),
            _ => None,
        })
    }

    fn claim_node(&self, id: ClaimId, at: Span) -> Node {
        let claim = self.corpus.get(id);
        let unit = (claim.unit_name.clone(), claim.unit.factor.clone());
        let mut node = self.leaf("claim", at);
        node.expression = printable(&claim.id).into_owned();
        node.interval = Some(shown_value(&claim.value, &unit));
        node.reading = Some(Reading {
            id: printable(&claim.id).into_owned(),
            written: self.text(claim.written.span),
            interval: shown_value(&claim.value, &unit),
            why: why(&claim.written, &self.corpus.defaults, &claim.unit_name),
            location: location(self.sources, claim.written.span),
        });
        node
    }

    /// The sentence saying which ends decided a comparison.
    fn decided(&self, atom: &crate::resolve::Atom, result: &AtomResult) -> String {
        let unit = &atom.display;
        let name = |span: Span| shortened(&self.text(span), 40);
        let (l, r) = (name(atom.lhs_span), name(atom.rhs_span));
        let (a, b) = (&result.lhs, &result.rhs);
        let truth = result.truth;
        match &atom.test {
            AtomTest::Compare(op, ..) => match op {
                CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                    // Put it as "small < large".
                    let below = matches!(op, CmpOp::Lt | CmpOp::Le);
                    let (sn, s, ln, lg) = if below {
                        (&l, a, &r, b)
                    } else {
                        (&r, b, &l, a)
                    };
                    order_sentence(truth, sn, s, ln, lg, unit)
                }
                CmpOp::Eq | CmpOp::Ne => {
                    let ne = *op == CmpOp::Ne;
                    match truth {
                        Truth::Always if ne => format!(
                            "holds: {l}, {}, and {r}, {}, do not meet",
                            iv(a, unit),
                            iv(b, unit)
                        ),
                        Truth::Always => format!("holds: both are exactly {}", iv(a, unit)),
                        Truth::Never if ne => format!("fails: both are exactly {}", iv(a, unit)),
                        Truth::Never => gap_sentence("fails", &l, a, &r, b, unit),
                        _ => meet_sentence(
                            if ne { "unproven" } else { "agrees" },
                            &l,
                            a,
                            &r,
                            b,
                            unit,
                        ),
                    }
                }
                CmpOp::Approx => {
                    let wide = result.widened.as_ref().unwrap_or(b);
                    let r_wide = format!("{r} with the tolerance");
                    match truth {
                        Truth::Never => gap_sentence("fails", &l, a, &r_wide, wide, unit),
                        Truth::Always => format!(
                            "holds: all of {l}, {}, is within the tolerance of every value of {r}, {}",
                            iv(a, unit),
                            iv(b, unit)
                        ),
                        _ => meet_sentence("agrees", &l, a, &r_wide, wide, unit),
                    }
                }
            },
            AtomTest::In(..) => match truth {
                Truth::Always => {
                    format!("holds: {l}, {}, lies within {}", iv(a, unit), iv(b, unit))
                }
                Truth::Never => gap_sentence("fails", &l, a, &r, b, unit),
                _ => format!(
                    "unproven: {l}, {}, lies partly outside {}",
                    iv(a, unit),
                    iv(b, unit)
                ),
            },
            AtomTest::Whole(..) => match truth {
                Truth::Always => format!("holds: {l} is exactly a whole number, {}", iv(a, unit)),
                Truth::Never => format!("fails: no whole number lies in {l}, {}", iv(a, unit)),
                _ => format!("agrees: {l}, {}, holds a whole number", iv(a, unit)),
            },
        }
    }

    fn picture(
        &self,
        assertion: &Assertion,
        atom: &crate::resolve::Atom,
        result: &AtomResult,
    ) -> Picture {
        let unit = &atom.display;
        let side_unit = self.traced.get(&atom.lhs_span).map(|t| &t.unit);
        let mut bars: Vec<Bar> = Vec::new();
        for id in &assertion.claims {
            let claim = self.corpus.get(*id);
            if side_unit.is_some_and(|u: &Unit| claim.unit.compatible(u).is_ok()) {
                bars.push(Bar {
                    label: printable(&claim.id).into_owned(),
                    role: "claim",
                    interval: shown_value(&claim.value, unit),
                });
            }
        }
        let text = |span: Span| self.text(span);
        match &atom.test {
            AtomTest::Whole(..) => bars.push(Bar {
                label: text(atom.lhs_span),
                role: "left",
                interval: shown_value(&result.lhs, unit),
            }),
            AtomTest::In(..) => {
                bars.push(Bar {
                    label: text(atom.lhs_span),
                    role: "left",
                    interval: shown_value(&result.lhs, unit),
                });
                bars.push(Bar {
                    label: text(atom.rhs_span),
                    role: "range",
                    interval: shown_value(&result.rhs, unit),
                });
            }
            AtomTest::Compare(..) => {
                bars.push(Bar {
                    label: text(atom.lhs_span),
                    role: "left",
                    interval: shown_value(&result.lhs, unit),
                });
                bars.push(Bar {
                    label: text(atom.rhs_span),
                    role: "right",
                    interval: shown_value(&result.rhs, unit),
                });
                if let Some(w) = &result.widened {
                    bars.push(Bar {
                        label: format!("{} ± tolerance", text(atom.rhs_span)),
                        role: "widened",
                        interval: shown_value(w, unit),
                    });
                }
            }
        }
        // A claim that is itself a side is drawn once, as the side.
        let sides: Vec<String> = bars
            .iter()
            .filter(|b| b.role != "claim")
            .map(|b| b.label.clone())
            .collect();
        bars.retain(|b| b.role != "claim" || !sides.contains(&b.label));
        Picture {
            comparison: self.text(atom.span),
            truth: truth_name(result.truth),
            unit: unit.0.clone(),
            bars,
        }
    }
}

/// An interval as data, its `shown` text rounded outward.
fn shown_value(interval: &Interval, unit: &(String, Exact)) -> IntervalValue {
    let mut value = interval_value(interval, unit);
    value.shown = format_interval(interval, unit);
    value
}

fn iv(interval: &Interval, unit: &(String, Exact)) -> String {
    format_interval(interval, unit)
}

fn truth_of(name: &str) -> Truth {
    match name {
        "never" => Truth::Never,
        "sometimes" => Truth::Sometimes,
        "agrees" => Truth::Agrees,
        _ => Truth::Always,
    }
}

fn not(t: Truth) -> Truth {
    match t {
        Truth::Never => Truth::Always,
        Truth::Always => Truth::Never,
        Truth::Sometimes | Truth::Agrees => Truth::Sometimes,
    }
}

fn truth_word(t: Truth) -> &'static str {
    match t {
        Truth::Never => "failing (true for no values)",
        Truth::Sometimes => "unproven (true for some values, not all)",
        Truth::Agrees => "agreeing (equal for some values)",
        Truth::Always => "holding (true for every value)",
    }
}

/// Two exact numbers shown with one scale and enough digits to tell them
/// apart, each rounded its own way.
fn two_amounts(
    a: &Exact,
    a_way: Rounding,
    b: &Exact,
    b_way: Rounding,
    unit: &(String, Exact),
) -> (String, String) {
    let (a, b) = (a / &unit.1, b / &unit.1);
    let (exp, suffix) = scale_for(&[&a, &b], &unit.0);
    let show = |v: &Exact, way: Rounding, digits: u32| {
        join_unit(
            format!("{}{suffix}", format_rounded(&(v / pow10(exp)), digits, way)),
            &unit.0,
        )
    };
    let mut digits = 3;
    loop {
        let (x, y) = (show(&a, a_way, digits), show(&b, b_way, digits));
        if x != y || digits >= 12 || a == b {
            return (x, y);
        }
        digits += 1;
    }
}

/// One amount shown at 3 significant digits, rounded `way`.
fn amount(x: &Exact, way: Rounding, unit: &(String, Exact)) -> String {
    two_amounts(x, way, x, way, unit).0
}

/// `small < large`'s sentence: which ends decided it.
fn order_sentence(
    truth: Truth,
    small_name: &str,
    small: &Interval,
    large_name: &str,
    large: &Interval,
    unit: &(String, Exact),
) -> String {
    match truth {
        Truth::Always => match (small.hi.value(), large.lo.value()) {
            (Some(s), Some(l)) => {
                let (s_text, l_text) = two_amounts(s, Rounding::Up, l, Rounding::Down, unit);
                let at = if s == l { "reaches only" } else { "is below" };
                format!(
                    "holds: the highest {small_name}, {s_text}, {at} the lowest {large_name}, {l_text}"
                )
            }
            _ => format!("holds: every {small_name} is below every {large_name}"),
        },
        Truth::Never => match (small.lo.value(), large.hi.value()) {
            (Some(s), Some(l)) => {
                let (s_text, l_text) = two_amounts(s, Rounding::Down, l, Rounding::Up, unit);
                let at = if s == l { "equals" } else { "is above" };
                let mut text = format!(
                    "fails: the lowest {small_name}, {s_text}, {at} the highest {large_name}, {l_text}"
                );
                if s != l {
                    let gap = exact::sub(s, l);
                    let _ = write!(text, " (a gap of {})", amount(&gap, Rounding::Down, unit));
                }
                text
            }
            _ => format!("fails: no {small_name} is below any {large_name}"),
        },
        _ => {
            let overlap = overlap(small, large);
            format!(
                "unproven: {small_name}, {}, and {large_name}, {}, overlap{}: which is larger \
                 depends on digits the sources rounded away",
                iv(small, unit),
                iv(large, unit),
                overlap
                    .map(|o| format!(" in {}", iv(&o, unit)))
                    .unwrap_or_default()
            )
        }
    }
}

/// Where two intervals overlap.
fn overlap(a: &Interval, b: &Interval) -> Option<Interval> {
    let lo = match (&a.lo, &b.lo) {
        (Bound::Unbounded, x) | (x, Bound::Unbounded) => x.clone(),
        (Bound::Finite { value: x, .. }, Bound::Finite { value: y, .. }) => {
            if x >= y {
                a.lo.clone()
            } else {
                b.lo.clone()
            }
        }
    };
    let hi = match (&a.hi, &b.hi) {
        (Bound::Unbounded, x) | (x, Bound::Unbounded) => x.clone(),
        (Bound::Finite { value: x, .. }, Bound::Finite { value: y, .. }) => {
            if x <= y {
                a.hi.clone()
            } else {
                b.hi.clone()
            }
        }
    };
    let result = Interval { lo, hi };
    match (result.lo.value(), result.hi.value()) {
        (Some(l), Some(h)) if l > h => None,
        _ => Some(result),
    }
}

/// "they do not meet": which ends are apart, and by how much.
fn gap_sentence(
    word: &str,
    a_name: &str,
    a: &Interval,
    b_name: &str,
    b: &Interval,
    unit: &(String, Exact),
) -> String {
    // Either a is wholly below b, or wholly above.
    let below = match (a.hi.value(), b.lo.value()) {
        (Some(ah), Some(bl)) => ah <= bl,
        _ => false,
    };
    let (low_name, low, high_name, high) = if below {
        (a_name, a, b_name, b)
    } else {
        (b_name, b, a_name, a)
    };
    match (low.hi.value(), high.lo.value()) {
        (Some(l), Some(h)) => {
            let (l_text, h_text) = two_amounts(l, Rounding::Up, h, Rounding::Down, unit);
            let gap = exact::sub(h, l);
            format!(
                "{word}: the highest {low_name}, {l_text}, is below the lowest {high_name}, \
                 {h_text} (a gap of {}): they do not meet",
                amount(&gap, Rounding::Down, unit)
            )
        }
        _ => format!(
            "{word}: {a_name}, {}, and {b_name}, {}, do not meet",
            iv(a, unit),
            iv(b, unit)
        ),
    }
}

fn meet_sentence(
    word: &str,
    a_name: &str,
    a: &Interval,
    b_name: &str,
    b: &Interval,
    unit: &(String, Exact),
) -> String {
    format!(
        "{word}: {a_name}, {}, and {b_name}, {}, meet{}",
        iv(a, unit),
        iv(b, unit),
        overlap(a, b)
            .map(|o| format!(" in {}", iv(&o, unit)))
            .unwrap_or_default()
    )
}

/// Where a claim's interval came from, in words: its written digits, its
/// qualifier, the `about` tolerance, the `more-than` reading.
pub fn reading(corpus: &Corpus, id: ClaimId) -> String {
    let claim = corpus.get(id);
    why(&claim.written, &corpus.defaults, &claim.unit_name)
}

/// Where a written value's interval came from.
fn why(quantity: &Quantity, defaults: &Defaults, unit_name: &str) -> String {
    let form = &quantity.form;
    let declared = quantity.precision.map(|p| p.exponent);
    let unit = (unit_name.to_owned(), exact::int(1));
    let default = Defaults::default();
    let tolerance = {
        let percent = exact::mul(&defaults.about_tolerance, &exact::int(100));
        let source = if defaults.about_tolerance == default.about_tolerance {
            "the default"
        } else {
            "set in factlint.toml"
        };
        format!(
            "{}% ({source} `about-tolerance`)",
            format_rounded(&percent, 6, Rounding::Nearest)
        )
    };
    match form {
        ValueForm::Single {
            qualifier,
            magnitude,
            open_ended,
        } => {
            let v = magnitude.value();
            // The rounding step: one unit of the last written digit, or of
            // the declared precision.
            let step = exact::pow10(declared.unwrap_or(magnitude.decimal.exponent));
            let half = exact::mul(&step, &Exact::new(1.into(), 2.into()));
            let ulp = amount(&step, Rounding::Nearest, &unit);
            let (one_unit, half_unit) = if declared.is_some() {
                (
                    "one unit of its declared precision",
                    "half its declared precision",
                )
            } else {
                (
                    "one unit of its last written digit",
                    "half a unit of the last written digit",
                )
            };
            let unbounded = *open_ended || defaults.more_than == BoundReading::Unbounded;
            let far = if *open_ended {
                "no bound on the far side (the trailing `..`)".to_owned()
            } else if unbounded {
                "no bound on the far side (`more-than = \"unbounded\"` in factlint.toml)".to_owned()
            } else {
                format!("up to {one_unit} beyond it ({ulp})")
            };
            match qualifier.map(|(q, _)| q) {
                None if declared.is_some() => format!(
                    "no qualifier, a declared precision: the value ± half of it (± {})",
                    amount(&half, Rounding::Nearest, &unit)
                ),
                None => format!(
                    "no qualifier: the written digits, ± half a unit of the last one (± {})",
                    amount(&half, Rounding::Nearest, &unit)
                ),
                Some(Qualifier::Exactly) => "`exactly`: the value itself".to_owned(),
                Some(q @ (Qualifier::About | Qualifier::Nearly)) => {
                    let relative = exact::mul(&v.abs(), &defaults.about_tolerance);
                    let side = if q == Qualifier::About {
                        "±"
                    } else {
                        "up to, from"
                    };
                    if exact::cmp(&relative, &half).is_ge() {
                        format!(
                            "`{}`: {side} {tolerance} of the value ({} {})",
                            q.as_str(),
                            if q == Qualifier::About { "±" } else { "-" },
                            amount(&relative, Rounding::Nearest, &unit)
                        )
                    } else {
                        format!(
                            "`{}`: {side} {half_unit} ({}), which is wider than {tolerance} of the value",
                            q.as_str(),
                            amount(&half, Rounding::Nearest, &unit)
                        )
                    }
                }
                Some(q @ (Qualifier::MoreThan | Qualifier::AtLeast)) => format!(
                    "`{}`: from the value ({}), {far}",
                    q.as_str(),
                    if q == Qualifier::MoreThan {
                        "excluded"
                    } else {
                        "included"
                    }
                ),
                Some(q @ (Qualifier::LessThan | Qualifier::AtMost)) => format!(
                    "`{}`: up to the value ({}), {}",
                    q.as_str(),
                    if q == Qualifier::LessThan {
                        "excluded"
                    } else {
                        "included"
                    },
                    far.replace("beyond it", "below it")
                ),
            }
        }
        ValueForm::PlusMinus(..) => "written as a value ± a margin: exactly that range".to_owned(),
        ValueForm::Range(..) => "written as a range: exactly that range".to_owned(),
    }
}

// ---------------------------------------------------------------------------
// What would make it pass.

fn fixes(sources: &SourceMap, corpus: &Corpus, rule: &ResolvedRule) -> Fixes {
    let mut claims: Vec<ClaimId> = Vec::new();
    for assertion in &rule.assertions {
        for id in &assertion.claims {
            if !claims.contains(id) {
                claims.push(*id);
            }
        }
    }
    let fixes: Vec<Fix> = claims
        .iter()
        .map(|id| fix_for(sources, corpus, rule, *id))
        .collect();
    let parts: Vec<String> = fixes
        .iter()
        .filter(|f| !f.ranges.is_empty())
        .enumerate()
        .map(|(i, f)| {
            let were = if i == 0 { " were" } else { "" };
            format!("{}{were} {}", f.claim, f.text)
        })
        .collect();
    let summary = if parts.is_empty() {
        if fixes.iter().all(|f| f.complete) {
            "no single figure can fix it".to_owned()
        } else {
            "no single figure was found to fix it".to_owned()
        }
    } else {
        format!("passes if {}", parts.join(", or "))
    };
    Fixes {
        summary,
        claims: fixes,
    }
}

/// The passing stretches in words; `plain` when the value is written with
/// no qualifier ("at least 22.6B USD", else "more than 2T USD or higher").
fn ranges_text(ranges: &[FixRange], plain: bool) -> String {
    ranges
        .iter()
        .map(|r| match (&r.low, &r.high) {
            (Some(l), Some(h)) if l.written == h.written => l.written.clone(),
            (Some(l), Some(h)) => format!("from {} to {}", l.written, h.written),
            (Some(l), None) if plain => format!("at least {}", l.written),
            (Some(l), None) => format!("{} or higher", l.written),
            (None, Some(h)) if plain => format!("at most {}", h.written),
            (None, Some(h)) => format!("{} or lower", h.written),
            (None, None) => "any value".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", or ")
}

/// A claim's written value with one number varied: the mantissa `v` in
/// units of the last written digit of the number that varies (of the
/// declared precision, when there is one). For a negative value the
/// mantissas are the magnitudes: a larger `v` is further below zero.
struct Variable<'a> {
    form: &'a ValueForm,
    /// The declared precision, which each varied value keeps.
    precision: Option<i32>,
    /// The numbers of the form: their mantissas at `exponent`.
    ends: Vec<(Magnitude, u128)>,
    /// The common exponent of the varied numbers.
    exponent: i32,
    /// The written mantissa of the number that varies (the first end).
    written: u128,
    /// Whether the numbers are negative (all of them: a range across zero
    /// is not varied).
    negative: bool,
}

impl<'a> Variable<'a> {
    fn new(quantity: &'a Quantity) -> Option<Variable<'a>> {
        let form = &quantity.form;
        let magnitudes: Vec<Magnitude> = match form {
            ValueForm::Single { magnitude, .. } => vec![*magnitude],
            // The centre varies; the margin stays.
            ValueForm::PlusMinus(c, _) => vec![*c],
            ValueForm::Range(lo, hi) => lo.iter().chain(hi.iter()).copied().collect(),
        };
        let negative = magnitudes.first()?.negative;
        if magnitudes.iter().any(|m| m.negative != negative) {
            return None;
        }
        let precision = quantity.precision.map(|p| p.exponent);
        let lowest = magnitudes.iter().map(|m| m.decimal.exponent).min()?;
        // At the declared precision's place when the digits below it are
        // zeros (otherwise they have excess digits, and vary as written).
        let at = |m: &Magnitude, exponent: i32| -> Option<u128> {
            let Decimal {
                mantissa,
                exponent: e,
            } = m.decimal;
            if e >= exponent {
                mantissa.checked_mul(10u128.checked_pow(u32::try_from(e - exponent).ok()?)?)
            } else {
                let step = 10u128.checked_pow(u32::try_from(exponent - e).ok()?)?;
                mantissa.is_multiple_of(step).then(|| mantissa / step)
            }
        };
        let exponent = precision
            .filter(|k| magnitudes.iter().all(|m| at(m, *k).is_some()))
            .unwrap_or(lowest);
        let ends = magnitudes
            .iter()
            .map(|m| Some((*m, at(m, exponent)?)))
            .collect::<Option<Vec<_>>>()?;
        let written = ends.first()?.1;
        Some(Variable {
            form,
            precision,
            ends,
            exponent,
            written,
            negative,
        })
    }

    /// The mantissas each end takes when the first is `v`, if none is negative.
    fn mantissas(&self, v: u128) -> Option<Vec<u128>> {
        self.ends
            .iter()
            .map(|(_, m)| {
                if v >= self.written {
                    m.checked_add(v - self.written)
                } else {
                    m.checked_sub(self.written - v)
                }
            })
            .collect()
    }

    fn form_at(&self, v: u128) -> Option<ValueForm> {
        let mantissas = self.mantissas(v)?;
        let at = |i: usize| {
            let (m, _) = self.ends[i];
            Magnitude {
                decimal: Decimal {
                    mantissa: mantissas[i],
                    exponent: self.exponent,
                },
                negative: m.negative,
                span: m.span,
            }
        };
        Some(match self.form {
            ValueForm::Single {
                qualifier,
                open_ended,
                ..
            } => ValueForm::Single {
                qualifier: *qualifier,
                magnitude: at(0),
                open_ended: *open_ended,
            },
            ValueForm::PlusMinus(_, d) => ValueForm::PlusMinus(at(0), *d),
            ValueForm::Range(lo, hi) => match (lo, hi) {
                (Some(_), Some(_)) => ValueForm::Range(Some(at(0)), Some(at(1))),
                (Some(_), None) => ValueForm::Range(Some(at(0)), None),
                (None, _) => ValueForm::Range(None, Some(at(0))),
            },
        })
    }

    /// The claim's written text with its varied numbers written as `v` gives.
    fn written_at(&self, sources: &SourceMap, quantity: Span, v: u128) -> Option<String> {
        let mantissas = self.mantissas(v)?;
        let text = sources.slice(quantity);
        let mut out = String::new();
        let mut at = quantity.start as usize;
        for ((magnitude, _), mantissa) in self.ends.iter().zip(mantissas) {
            let (start, end) = (magnitude.span.start as usize, magnitude.span.end as usize);
            if start < at || end > quantity.end as usize {
                return None;
            }
            out.push_str(text.get(at - quantity.start as usize..start - quantity.start as usize)?);
            out.push_str(&crate::syntax::rewrite_number(
                sources.slice(magnitude.span),
                magnitude.decimal,
                mantissa,
                self.exponent,
            )?);
            at = end;
        }
        out.push_str(text.get(at - quantity.start as usize..)?);
        Some(printable(&one_line(&out)).into_owned())
    }
}

/// The search of one claim's passing values.
struct Search<'a> {
    rule: &'a ResolvedRule,
    corpus: &'a Corpus,
    claim: ClaimId,
    factor: Exact,
    variable: Variable<'a>,
    /// The assertions that use the claim.
    using: Vec<&'a Assertion>,
    /// Whether the passing values form one stretch (see [`convex`]), so a
    /// stretch whose two ends pass passes throughout.
    convex: bool,
    evaluations: usize,
    passing: Vec<(u128, u128)>,
    complete: bool,
    /// The highest value settled so far (values are settled in increasing
    /// order): when the search stops, nothing above it is known.
    settled: Option<u128>,
}

/// What the rule does over a stretch of a claim's values.
enum Over {
    /// Passes for every value.
    All,
    /// For none.
    None,
    /// Cannot tell over the whole stretch; `error` when an evaluation
    /// failed (a division by an interval holding zero).
    Mixed { error: bool },
}

impl Search<'_> {
    fn interval(&self, v: u128) -> Option<Interval> {
        let form = self.variable.form_at(v)?;
        Some(
            form_interval_at(&form, self.variable.precision, &self.corpus.defaults)?
                .scale(&self.factor),
        )
    }

    /// What the rule does for the claim over `interval`; at a single value
    /// (`single`), `Mixed` means it does not pass.
    fn over(&mut self, interval: &Interval, single: bool) -> Over {
        let replaced = [(self.claim, interval.clone())];
        let mut all = true;
        let mut pass = true;
        let mut error = false;
        for assertion in &self.using {
            self.evaluations += 1;
            let result =
                eval::evaluate_assertion_with(self.rule, assertion, self.corpus, &replaced);
            if result.error.is_none() && result.outcome == EvalOutcome::Fail {
                return Over::None;
            }
            pass &= result.outcome == EvalOutcome::Pass;
            error |= result.error.is_some();
            all &= result.error.is_none() && result.truth == Truth::Always;
        }
        if all || (single && pass) {
            Over::All
        } else if single {
            Over::None
        } else {
            Over::Mixed { error }
        }
    }

    /// Whether the rule passes with the claim written as `v`.
    fn passes(&mut self, v: u128) -> bool {
        match self.interval(v) {
            Some(interval) => matches!(self.over(&interval, true), Over::All),
            None => false,
        }
    }

    fn add(&mut self, a: u128, b: u128) {
        match self.passing.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(a) => *end = b,
            _ => self.passing.push((a, b)),
        }
    }

    /// Settles the values `a..=b`, in increasing order.
    fn visit(&mut self, a: u128, b: u128) {
        if !self.complete {
            return;
        }
        if self.evaluations >= MAX_EVALUATIONS {
            self.complete = false;
            return;
        }
        let (Some(lo), Some(hi)) = (self.interval(a), self.interval(b)) else {
            return;
        };
        let single = a == b;
        let hull = if single { lo } else { lo.hull(&hi) };
        match self.over(&hull, single) {
            Over::All => {
                self.add(a, b);
                self.settled = Some(b);
            }
            Over::None => self.settled = Some(b),
            Over::Mixed { error } => {
                if self.convex && !error && self.passes(a) && self.passes(b) {
                    self.add(a, b);
                    self.settled = Some(b);
                    return;
                }
                let mid = a + (b - a) / 2;
                self.visit(a, mid);
                self.visit(mid + 1, b);
            }
        }
    }
}

fn fix_for(sources: &SourceMap, corpus: &Corpus, rule: &ResolvedRule, id: ClaimId) -> Fix {
    let claim = corpus.get(id);
    let name = printable(&claim.id).into_owned();
    let written = printable(&one_line(sources.slice(claim.written.span))).into_owned();
    let at = location(sources, claim.written.span);
    let unfixable = |text: String| Fix {
        claim: name.clone(),
        written: written.clone(),
        location: at.clone(),
        ranges: Vec::new(),
        text,
        complete: true,
    };
    // An assertion that does not use the claim and does not pass keeps the
    // rule from passing whatever the claim is.
    for assertion in rule.assertions.iter().filter(|a| !a.claims.contains(&id)) {
        let result = eval::evaluate_assertion(rule, assertion, corpus);
        if result.outcome != EvalOutcome::Pass {
            let place = location(sources, assertion.span);
            return unfixable(format!(
                "no value of {name} alone: the assertion at line {} does not use it and does not pass",
                place.line
            ));
        }
    }
    let Some(variable) = Variable::new(&claim.written) else {
        return unfixable(format!("{name} is written in a form that cannot be varied"));
    };
    let top = variable
        .written
        .max(1)
        .saturating_mul(SEARCH_FACTOR)
        .min(10u128.pow(exact::MAX_DIGITS as u32) - 1);
    let mut search = Search {
        rule,
        corpus,
        claim: id,
        factor: claim.unit.factor.clone(),
        // The lowest value: the varied number may not go below zero, nor
        // take another end of a range with it.
        variable,
        using: rule
            .assertions
            .iter()
            .filter(|a| a.claims.contains(&id))
            .collect(),
        convex: false,
        evaluations: 0,
        passing: Vec::new(),
        complete: true,
        settled: None,
    };
    search.convex = search.using.iter().all(|a| convex(rule, corpus, a, id));
    let bottom = search.variable.written
        - search
            .variable
            .ends
            .iter()
            .map(|(_, m)| *m)
            .min()
            .unwrap_or(0);
    search.visit(bottom, top);
    let quantity = claim.written.span;
    let end = |v: u128, beyond: Option<u128>| -> Option<FixEnd> {
        Some(FixEnd {
            written: search.variable.written_at(sources, quantity, v)?,
            beyond: match beyond {
                Some(b) => Some(search.variable.written_at(sources, quantity, b)?),
                None => None,
            },
        })
    };
    // The end of a stretch of mantissas `a..=b` nearer zero, and the one
    // further from it: from zero up is "at most"; zero alone is that one
    // value.
    let near = |a: u128, b: u128| {
        if a > bottom {
            end(a, Some(a - 1))
        } else if b == bottom {
            end(a, None)
        } else {
            None
        }
    };
    // A stretch's far end is only an end when the value beyond it was
    // settled: a search that stopped knows nothing above where it got to,
    // and says so as "every larger value searched passes".
    let settled = search.settled;
    let far = |b: u128| {
        (b < top && settled.is_some_and(|s| b < s))
            .then(|| end(b, Some(b + 1)))
            .flatten()
    };
    let mut ranges: Vec<FixRange> = search
        .passing
        .iter()
        .map(|&(a, b)| {
            if search.variable.negative {
                // Larger mantissas are lower values: on the number line the
                // far end is the low one.
                FixRange {
                    low: far(b),
                    high: near(a, b),
                }
            } else {
                FixRange {
                    low: near(a, b),
                    high: far(b),
                }
            }
        })
        .collect();
    if search.variable.negative {
        ranges.reverse();
    }
    let complete = search.complete;
    let plain = matches!(
        claim.written.form,
        ValueForm::Single {
            qualifier: None,
            ..
        }
    );
    let mut text = if ranges.is_empty() {
        format!("no value of {name} alone")
    } else {
        ranges_text(&ranges, plain)
    };
    if !complete {
        let _ = write!(
            text,
            " (the search stopped after {MAX_EVALUATIONS} evaluations)"
        );
    }
    Fix {
        claim: name,
        written,
        location: at,
        ranges,
        text,
        complete,
    }
}

/// Whether the values of `claim` for which `assertion` passes form one
/// stretch: true when its condition is comparisons joined by `and` (no `or`,
/// `not`, `!=` or `whole`, whose passing values may have holes), no claim is
/// used twice, and the claim reaches the compared sides only through
/// operations that move each end of an interval one way as the claim's ends
/// grow (`+`, `-`, `sum`, `min`, `max`, `round`, `*` by a factor that is never
/// zero, `/`), never through a tolerance. Each comparison then passes on one
/// stretch (its ends cross each other's once), and so does their `and`.
fn convex(rule: &ResolvedRule, corpus: &Corpus, assertion: &Assertion, claim: ClaimId) -> bool {
    use crate::resolve::{Node, ResolvedTolerance};
    fn condition(node: &Node, atoms: &mut Vec<usize>) -> bool {
        match node {
            Node::And(a, b) => condition(a, atoms) && condition(b, atoms),
            Node::Compare(i) => {
                atoms.push(*i);
                true
            }
            _ => false,
        }
    }
    /// `Some(uses the claim)` when the node is monotone in it, else `None`.
    fn monotone(rule: &ResolvedRule, corpus: &Corpus, node: &Node, claim: ClaimId) -> Option<bool> {
        let go = |n: &Node| monotone(rule, corpus, n, claim);
        let nonzero = |n: &Node| {
            eval::evaluate_number(rule, n, corpus, &[]).is_ok_and(|v| !v.contains_zero())
        };
        match node {
            Node::Const(_) => Some(false),
            Node::Claim(id) => Some(*id == claim),
            Node::Slot(s) => go(rule.slots.get(*s)?),
            Node::Neg(x) => go(x),
            Node::Add(a, b) | Node::Sub(a, b) => Some(go(a)? | go(b)?),
            Node::Mul(a, b) => match (go(a)?, go(b)?) {
                (true, true) => None,
                (true, false) => nonzero(b).then_some(true),
                (false, true) => nonzero(a).then_some(true),
                (false, false) => Some(false),
            },
            Node::Div(a, b, ..) => match (go(a)?, go(b)?) {
                (true, true) => None,
                (used_a, used_b) => Some(used_a || used_b),
            },
            Node::Min(xs) | Node::Max(xs) | Node::Sum(xs) => {
                let mut used = false;
                for x in xs {
                    used |= go(x)?;
                }
                Some(used)
            }
            Node::Round(x, ..) => go(x),
            Node::Abs(x) | Node::Pow(x, ..) => (!go(x)?).then_some(false),
            Node::Compare(_) | Node::Not(_) | Node::And(..) | Node::Or(..) => None,
        }
    }
    let mut atoms = Vec::new();
    if !assertion.repeated.is_empty() || !condition(&assertion.condition, &mut atoms) {
        return false;
    }
    atoms.iter().all(|i| {
        let Some(atom) = assertion.atoms.get(*i) else {
            return false;
        };
        let sides = |nodes: &[&Node]| {
            nodes
                .iter()
                .all(|n| monotone(rule, corpus, n, claim).is_some())
        };
        match &atom.test {
            AtomTest::Compare(CmpOp::Ne, ..) | AtomTest::Whole(..) => false,
            AtomTest::Compare(_, l, r, tolerance) => {
                let fixed = match tolerance {
                    None => true,
                    Some(ResolvedTolerance::Relative(t) | ResolvedTolerance::Absolute(t)) => {
                        monotone(rule, corpus, t, claim) == Some(false)
                    }
                };
                fixed && sides(&[l, r])
            }
            AtomTest::In(x, lo, hi) => sides(&[x, lo, hi]),
        }
    })
}

// ---------------------------------------------------------------------------
// Text.

/// The width of the bars in a picture, in characters.
const BAR_WIDTH: usize = 44;
/// The widest label in a picture.
const LABEL_WIDTH: usize = 30;

struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn truth(&self, truth: Option<&str>, text: &str) -> String {
        match truth {
            Some("never") => self.paint("31", text),
            Some("sometimes") => self.paint("33", text),
            Some("agrees" | "always") => self.paint("32", text),
            _ => text.to_owned(),
        }
    }
}

fn outcome_truth(outcome: &str) -> Option<&'static str> {
    match outcome {
        "pass" => Some("always"),
        "fail" => Some("never"),
        "unproven" => Some("sometimes"),
        _ => None,
    }
}

impl Explanation {
    /// The explanation as a terminal shows it: the tree, the pictures, and
    /// what would make it pass; ANSI colours when `color`.
    pub fn text(&self, color: bool) -> String {
        let paint = Paint { color };
        let mut out = String::new();
        let _ = write!(out, "rule {}", paint.paint("1", &self.id));
        if let Some(title) = &self.title {
            let _ = write!(out, ": {}", one_line(title));
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "  at {}:{}:{} · {} (the evaluation: {})",
            self.location.file,
            self.location.line,
            self.location.column,
            paint.truth(outcome_truth(self.outcome), self.verdict),
            self.outcome
        );
        if let Some(e) = &self.expect {
            let _ = writeln!(out, "  expect {}: {}", e.outcome, one_line(&e.reason));
        }
        for e in &self.errors {
            let _ = writeln!(out, "  error: {e}");
        }
        for assertion in &self.assertions {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "assert {}  ({}:{})",
                assertion.expression, assertion.location.line, assertion.location.column
            );
            let _ = writeln!(
                out,
                "{}",
                paint.truth(
                    outcome_truth(assertion.outcome),
                    match assertion.outcome {
                        "pass" => "passes",
                        "fail" => "fails",
                        "unproven" => "unproven",
                        _ => "could not be evaluated",
                    }
                )
            );
            if let Some(split) = &assertion.split {
                let _ = writeln!(out, "split: {split}");
            }
            tree(&mut out, &assertion.tree, "", true, &paint);
            if let Some(e) = &assertion.error {
                let _ = writeln!(out, "  error: {e}");
            }
            for picture in &assertion.pictures {
                draw(&mut out, picture, &paint);
            }
        }
        if let Some(fixes) = &self.fixes {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "what would make it pass (one claim at a time, the others as written, at the claim's written precision):"
            );
            for fix in &fixes.claims {
                let _ = writeln!(
                    out,
                    "  {}, written {}: {}",
                    fix.claim, fix.written, fix.text
                );
            }
            let _ = writeln!(out, "{}", paint.paint("1", &fixes.summary));
        }
        out
    }
}

fn tree(out: &mut String, node: &Node, prefix: &str, last: bool, paint: &Paint) {
    let branch = if last { "└─ " } else { "├─ " };
    let mut line = format!("{prefix}{branch}{}", node.expression);
    if let Some(interval) = &node.interval {
        let _ = write!(line, "  = {}", interval.shown);
    }
    if let Some(truth) = node.truth {
        let word = match truth {
            "never" => "fails",
            "sometimes" => "unproven",
            "agrees" => "agrees",
            _ => "holds",
        };
        let _ = write!(line, "  → {}", paint.truth(Some(truth), word));
    }
    let _ = writeln!(out, "{line}");
    let inner = format!("{prefix}{}", if last { "   " } else { "│  " });
    let note = format!(
        "{inner}{}",
        if node.children.is_empty() {
            "   "
        } else {
            "│  "
        }
    );
    if let Some(reading) = &node.reading {
        let _ = writeln!(
            out,
            "{note}written {} at {}:{}:{}: {}",
            reading.written,
            reading.location.file,
            reading.location.line,
            reading.location.column,
            reading.why
        );
    }
    if let Some(decided) = &node.decided {
        let _ = writeln!(out, "{note}{}", paint.truth(node.truth, decided));
    }
    for (i, child) in node.children.iter().enumerate() {
        tree(out, child, &inner, i + 1 == node.children.len(), paint);
    }
}

/// `text` cut to `max` characters, an ellipsis ending it when cut.
fn clipped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Parses an end's exact value back (`237/10`).
fn end_value(end: &Option<data::End>) -> Option<Exact> {
    end.as_ref()?.value.parse().ok()
}

fn draw(out: &mut String, picture: &Picture, paint: &Paint) {
    let ends: Vec<Exact> = picture
        .bars
        .iter()
        .flat_map(|b| [end_value(&b.interval.low), end_value(&b.interval.high)])
        .flatten()
        .collect();
    let (Some(min), Some(max)) = (ends.iter().min().cloned(), ends.iter().max().cloned()) else {
        return;
    };
    let (min, max) = if min == max {
        let pad = if min.is_integer() && min == exact::zero() {
            exact::int(1)
        } else {
            exact::mul(&min.abs(), &Exact::new(1.into(), 100.into()))
        };
        (exact::sub(&min, &pad), exact::add(&max, &pad))
    } else {
        (min, max)
    };
    let span = exact::to_f64(&exact::sub(&max, &min));
    let column = |x: &Exact| -> usize {
        let f = exact::to_f64(&exact::sub(x, &min)) / span * (BAR_WIDTH - 1) as f64;
        (f.round().max(0.0) as usize).min(BAR_WIDTH - 1)
    };
    let label_width = picture
        .bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(LABEL_WIDTH);
    let _ = writeln!(out);
    let unit = if picture.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", picture.unit)
    };
    let _ = writeln!(out, "  {}{unit}", picture.comparison);
    for bar in &picture.bars {
        let mut cells = vec![' '; BAR_WIDTH];
        let lo = end_value(&bar.interval.low);
        let hi = end_value(&bar.interval.high);
        let a = lo.as_ref().map_or(0, column);
        let b = hi.as_ref().map_or(BAR_WIDTH - 1, column);
        for cell in cells.iter_mut().take(b + 1).skip(a) {
            *cell = '━';
        }
        let closed = |e: &Option<data::End>| e.as_ref().is_some_and(|e| e.closed);
        cells[a] = match &bar.interval.low {
            None => '◀',
            Some(_) if a == b && lo == hi => '●',
            Some(_) if a == b => '┃',
            Some(_) if closed(&bar.interval.low) => '┣',
            Some(_) => '(',
        };
        if a != b {
            cells[b] = match &bar.interval.high {
                None => '▶',
                Some(_) if closed(&bar.interval.high) => '┫',
                Some(_) => ')',
            };
        }
        let drawn: String = cells.into_iter().collect();
        let drawn = match bar.role {
            "claim" => paint.paint("36", &drawn),
            "left" | "right" | "range" | "widened" => paint.truth(Some(picture.truth), &drawn),
            _ => drawn,
        };
        let label = clipped(&bar.label, LABEL_WIDTH);
        let pad = label_width.saturating_sub(label.chars().count());
        let _ = writeln!(
            out,
            "  {label}{} │{drawn}│ {}",
            " ".repeat(pad),
            bar.interval.shown
        );
    }
    let unit = (picture.unit.clone(), exact::int(1));
    let (lo, hi) = two_amounts(&min, Rounding::Down, &max, Rounding::Up, &unit);
    let gap = (BAR_WIDTH + 2).saturating_sub(lo.chars().count() + hi.chars().count());
    let _ = writeln!(
        out,
        "  {}{lo}{}{hi}",
        " ".repeat(label_width + 1),
        " ".repeat(gap)
    );
}
