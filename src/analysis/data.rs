//! The analysis as data: every type here is `serde::Serialize` with stable
//! field names, and the `json` output format is exactly their serialisation
//! (its JSON Schema is `tests/schemas/factlint-analysis.schema.json`). Every
//! number shown is also given exactly: an interval's ends are rationals in
//! the unit shown, each with whether it is included.

use crate::base::exact::Exact;
use crate::base::span::{SourceMap, Span};
use crate::base::text::printable;
use crate::check::{CheckRun, RuleReport, Verdict};
use crate::corpus::{ClaimId, Corpus};
use crate::eval::{AssertionResult, AtomResult, EvalError, Truth};
use crate::present::{Presented, fingerprint_of};
use crate::quantity::interval::{Bound, Interval};
use crate::report::{ClaimValue, ComputedValue, Report, format_interval};
use crate::resolve::{Assertion, Atom, AtomTest};
use crate::syntax::ast::{ExpectedOutcome, Severity as RuleSeverity};
use miette::Severity;
use num_traits::One;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// A place in a file: 1-based lines and columns (columns in characters),
/// the end exclusive.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, as the report names it.
    pub file: String,
    /// First line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just past the end.
    pub end_column: usize,
}

/// A labelled place a finding points at.
#[derive(Clone, Debug, Serialize)]
pub struct Label {
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// What the label says (often an interval: `is [23.7B, 23.9B] USD`).
    pub message: String,
}

/// A computed value with its place.
#[derive(Clone, Debug, Serialize)]
pub struct Value {
    /// The expression as written.
    pub expression: String,
    /// Its interval.
    pub interval: String,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
}

/// A claim a finding involves.
#[derive(Clone, Debug, Serialize)]
pub struct Claim {
    /// Its id.
    pub id: String,
    /// Its value as written.
    pub written: String,
    /// Its interval.
    pub interval: String,
}

/// One finding, as every machine format sees it.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// The stable diagnostic code (`factlint::rule::inconsistent`).
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The headline.
    pub message: String,
    /// What to do, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The primary location.
    #[serde(flatten)]
    pub location: Location,
    /// The rule's id, or `check:NAME` for a built-in check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The claims involved.
    pub claims: Vec<Claim>,
    /// The values the rule computed (each side of a comparison).
    pub values: Vec<Value>,
    /// Every labelled place, in this file and in the claims' files.
    pub labels: Vec<Label>,
    /// A stable fingerprint: the code, the rule, the claims and the text at
    /// the primary location, not its line number.
    pub fingerprint: String,
}

/// One rule's or built-in check's outcome under the policy: what the
/// report line shows, and for a rule everything its evaluation computed.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The rule's id, or `check:NAME`.
    pub id: String,
    /// `passed`, `failed`, `warning`, `unproven`, `expected`, `error`,
    /// `skipped`, `known`, `ignored` or `info`.
    pub verdict: &'static str,
    /// Where the rule's id is (a built-in check has no place).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What kind of outcome it is, and its details.
    #[serde(flatten)]
    pub detail: OutcomeDetail,
}

/// The details of an [`Outcome`]: a rule's evaluation, or a built-in check's
/// extent.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutcomeDetail {
    /// A rule.
    Rule(RuleDetail),
    /// A built-in check (`quotes`, `citations`, `sources`, `drafts`).
    Check(CheckDetail),
}

/// A rule as written and as evaluated.
#[derive(Clone, Debug, Serialize)]
pub struct RuleDetail {
    /// Its title, when it has one.
    pub title: Option<String>,
    /// `error` (the default) or `warning`, as the rule declares it.
    pub severity: &'static str,
    /// Its `expect` line, when it has one.
    pub expect: Option<Expectation>,
    /// Whether an unproven outcome fails it (`--strict`, `strict` in
    /// factlint.toml, or the rule's own `strict`).
    pub strict: bool,
    /// What the evaluation gave, before the expectation and the policy:
    /// `pass`, `fail`, `unproven` or `error`.
    pub outcome: &'static str,
    /// Each `assert`, in order.
    pub assertions: Vec<AssertionDetail>,
}

/// A rule's `expect` line.
#[derive(Clone, Debug, Serialize)]
pub struct Expectation {
    /// `fail` or `unproven`.
    pub outcome: &'static str,
    /// Why, as written.
    pub reason: String,
}

/// One `assert` of a rule, evaluated.
#[derive(Clone, Debug, Serialize)]
pub struct AssertionDetail {
    /// Where the assertion is.
    pub location: Location,
    /// `pass`, `fail`, `unproven` or `error`.
    pub outcome: &'static str,
    /// What its condition is known to do over the claims' intervals:
    /// `always` (holds for every value), `agrees` (an equality that holds for
    /// some), `sometimes` (an ordering that holds for some values, not all)
    /// or `never`; none when it could not be evaluated. When claims were
    /// split ([`AssertionDetail::split`]), this is the split evaluation's.
    pub truth: Option<&'static str>,
    /// The claims it uses, in order of first use.
    pub claims: Vec<ClaimDetail>,
    /// Each comparison in its condition, with both sides' computed intervals
    /// over the claims' whole intervals (before any split).
    pub comparisons: Vec<Comparison>,
    /// When claims used more than once were split into parts to remove the
    /// widening of interval arithmetic, and how it went.
    pub split: Option<Split>,
    /// Why it could not be evaluated, if so.
    pub error: Option<String>,
}

/// A claim an assertion uses.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimDetail {
    /// Its id.
    pub id: String,
    /// Its value as written (`more than 14B USD`).
    pub written: String,
    /// The interval it is read as, in its own unit.
    pub interval: IntervalValue,
    /// Where its value is written.
    pub location: Location,
}

/// One comparison (`a < b`, `a ~= b within 5%`, `x in lo..hi`, `whole(x)`).
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Where the whole comparison is.
    pub location: Location,
    /// The operator: `<`, `<=`, `>`, `>=`, `==`, `!=`, `~=`, `in` or
    /// `whole`.
    pub operator: String,
    /// `always`, `agrees`, `sometimes` or `never` (see [`AssertionDetail`]).
    pub truth: &'static str,
    /// The left side (the value tested, for `in` and `whole`).
    pub lhs: Side,
    /// The right side (the range for `in`); none for `whole`.
    pub rhs: Option<Side>,
    /// For `~=`, the right side widened by the tolerance, which is what the
    /// left side is compared with.
    pub widened: Option<IntervalValue>,
}

/// One side of a comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The expression as written.
    pub expression: String,
    /// Where it is.
    pub location: Location,
    /// Its computed interval, in the unit the comparison is shown in.
    pub interval: IntervalValue,
}

/// An interval, exactly and as shown.
#[derive(Clone, Debug, Serialize)]
pub struct IntervalValue {
    /// As every report shows it (`[23.7B, 23.9B] USD`).
    pub shown: String,
    /// The unit the ends are in (`USD`, `USD/year`, `%`; empty for a plain
    /// number).
    pub unit: String,
    /// The lower end; none when unbounded.
    pub low: Option<End>,
    /// The upper end; none when unbounded.
    pub high: Option<End>,
}

/// One end of an interval.
#[derive(Clone, Debug, Serialize)]
pub struct End {
    /// The exact value in the interval's unit: an integer (`-4`) or a
    /// fraction in lowest terms (`237/10`).
    pub value: String,
    /// Whether the end belongs to the interval (`[`, `]`) or not (`(`, `)`).
    pub closed: bool,
}

/// An assertion evaluated again over parts of the intervals of the claims it
/// uses more than once: every combination of parts, the truths combined.
#[derive(Clone, Debug, Serialize)]
pub struct Split {
    /// The claims whose intervals were split.
    pub claims: Vec<String>,
    /// Into how many parts each interval was split.
    pub parts: usize,
    /// What the comparisons gave over the whole intervals, before the split.
    pub unsplit_truth: &'static str,
    /// Whether the split changed the truth (else the assertion stays as the
    /// whole intervals left it, possibly wider than the truth).
    pub decided: bool,
}

/// A built-in check's extent.
#[derive(Clone, Debug, Serialize)]
pub struct CheckDetail {
    /// What it checked, as the report line says (`64 quotes`).
    pub checked: String,
    /// Why part of it could not run (source files not found), if so.
    pub skipped: Option<String>,
    /// Whether it checked anything at all.
    pub ran: bool,
}

/// The counts of a run under the policy, and its exit code.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// 0 when everything is as expected, 1 on findings that gate, 2 when the
    /// input could not be checked.
    pub exit_code: i32,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
    /// Findings the baseline records that no longer occur.
    pub baseline_gone: usize,
    /// Rules and checks that passed.
    pub passed: usize,
    /// Rules and checks that failed.
    pub failed: usize,
    /// Rules and checks with warnings only.
    pub warnings: usize,
    /// Rules left unproven (not strict).
    pub unproven: usize,
    /// Rules whose outcome their `expect` line announced.
    pub expected: usize,
    /// Rules that could not be evaluated.
    pub errors: usize,
    /// Built-in checks with nothing they could check.
    pub skipped: usize,
    /// Rules and checks whose every finding is in the baseline.
    pub known: usize,
    /// Rules and checks whose every finding is turned off.
    pub ignored: usize,
    /// Rules and checks whose findings are all info.
    pub info: usize,
    /// Rules and checks left out by `-k`.
    pub filtered_out: usize,
}

/// The counts of a run under the policy.
pub(crate) fn summary(run: &CheckRun, presented: &Presented) -> Summary {
    Summary {
        exit_code: presented.exit_code,
        baselined: presented.baselined,
        baseline_gone: presented.gone.len(),
        passed: presented.count(Verdict::Passed),
        failed: presented.count(Verdict::Failed),
        warnings: presented.count(Verdict::Warned),
        unproven: presented.count(Verdict::Unproven),
        expected: presented.count(Verdict::Expected),
        errors: presented.count(Verdict::Errored),
        skipped: presented.count(Verdict::Skipped),
        known: presented.count(Verdict::Known),
        ignored: presented.count(Verdict::Ignored),
        info: presented.count(Verdict::Noted),
        filtered_out: run.filtered_out,
    }
}

/// Every rule's and built-in check's id and verdict under the policy, in
/// report order: [`outcomes`] without the details, for formats that show
/// only the verdicts.
pub(crate) fn verdicts(run: &CheckRun, presented: &Presented) -> Vec<(String, &'static str)> {
    let rules = run.reports.iter().enumerate().map(|(i, r)| {
        let verdict = presented.rule_verdicts.get(i).copied().unwrap_or(r.verdict);
        (
            run.project.rules[r.rule].id.text.to_string(),
            verdict_name(verdict),
        )
    });
    let checks = run
        .builtins
        .iter()
        .enumerate()
        .map(|(i, (check, verdict))| {
            let verdict = presented.check_verdicts.get(i).copied().unwrap_or(*verdict);
            (format!("check:{}", check.name), verdict_name(verdict))
        });
    rules.chain(checks).collect()
}

/// Every rule's and built-in check's outcome under the policy, in report order.
pub(crate) fn outcomes(run: &CheckRun, presented: &Presented) -> Vec<Outcome> {
    let project = &run.project;
    // A claim is used by many rules (a `sum` over keyed claims, a shared
    // base): each one's detail is made once.
    let mut used: Vec<ClaimId> = run
        .reports
        .iter()
        .flat_map(|r| {
            r.resolved
                .assertions
                .iter()
                .flat_map(|a| a.claims.iter().copied())
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    let claims: HashMap<ClaimId, ClaimDetail> = used
        .par_iter()
        .map(|&id| (id, claim_detail(&project.sources, &project.corpus, id)))
        .collect();
    // Rules' details are independent of each other; collected in order.
    let mut out: Vec<Outcome> = run
        .reports
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let rule = &project.rules[r.rule];
            Outcome {
                id: rule.id.text.to_string(),
                verdict: verdict_name(presented.rule_verdicts.get(i).copied().unwrap_or(r.verdict)),
                location: Some(location(&project.sources, rule.id.span)),
                detail: OutcomeDetail::Rule(rule_detail(run, r, &claims)),
            }
        })
        .collect();
    out.extend(
        run.builtins
            .iter()
            .enumerate()
            .map(|(i, (check, verdict))| Outcome {
                id: format!("check:{}", check.name),
                verdict: verdict_name(presented.check_verdicts.get(i).copied().unwrap_or(*verdict)),
                location: None,
                detail: OutcomeDetail::Check(CheckDetail {
                    checked: check.checked.clone(),
                    skipped: check.skipped.clone(),
                    ran: check.ran,
                }),
            }),
    );
    out
}

/// A rule's declaration and evaluation as data.
fn rule_detail(
    run: &CheckRun,
    report: &RuleReport,
    claims: &HashMap<ClaimId, ClaimDetail>,
) -> RuleDetail {
    let project = &run.project;
    let rule = &project.rules[report.rule];
    let assertions = report
        .resolved
        .assertions
        .iter()
        .zip(&report.result.assertions)
        .map(|(assertion, result)| {
            assertion_detail(&project.sources, &project.corpus, claims, assertion, result)
        })
        .collect();
    RuleDetail {
        title: rule.title.as_ref().map(|t| shown(&t.value)),
        severity: match rule.severity {
            Some((RuleSeverity::Warning, _)) => "warning",
            _ => "error",
        },
        expect: rule.expect.as_ref().map(|e| Expectation {
            outcome: match e.outcome {
                ExpectedOutcome::Fail => "fail",
                ExpectedOutcome::Unproven => "unproven",
            },
            reason: shown(&e.reason.value),
        }),
        strict: report.strict,
        outcome: report.result.outcome.as_str(),
        assertions,
    }
}

fn assertion_detail(
    sources: &SourceMap,
    corpus: &Corpus,
    claims: &HashMap<ClaimId, ClaimDetail>,
    assertion: &Assertion,
    result: &AssertionResult,
) -> AssertionDetail {
    AssertionDetail {
        location: location(sources, assertion.span),
        outcome: result.outcome.as_str(),
        truth: result.error.is_none().then(|| truth_name(result.truth)),
        claims: assertion
            .claims
            .iter()
            .map(|id| {
                claims
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| claim_detail(sources, corpus, *id))
            })
            .collect(),
        comparisons: result
            .atoms
            .iter()
            .filter_map(|atom| {
                let spec = assertion.atoms.get(atom.atom)?;
                Some(comparison(sources, spec, atom))
            })
            .collect(),
        split: result.split.as_ref().map(|(claims, parts)| Split {
            claims: claims
                .iter()
                .map(|c| corpus.get(*c).id.to_string())
                .collect(),
            parts: *parts,
            unsplit_truth: truth_name(result.unsplit_truth),
            decided: result.truth != result.unsplit_truth,
        }),
        error: result.error.as_ref().map(|e| match e {
            EvalError::DivisionByZero(_) => "division by an interval that contains zero".to_owned(),
            EvalError::TooLarge(bits) => format!(
                "an exact value grew to {bits} bits, past the limit of {}",
                crate::eval::MAX_BITS
            ),
        }),
    }
}

fn claim_detail(sources: &SourceMap, corpus: &Corpus, id: ClaimId) -> ClaimDetail {
    let claim = corpus.get(id);
    let unit = (claim.unit_name.clone(), claim.unit.factor.clone());
    ClaimDetail {
        id: claim.id.to_string(),
        written: shown(sources.slice(claim.written.span)),
        interval: interval_value(&claim.value, &unit),
        location: location(sources, claim.written.span),
    }
}

fn comparison(sources: &SourceMap, spec: &Atom, atom: &AtomResult) -> Comparison {
    let unit = &spec.display;
    let side = |span: Span, interval: &Interval| Side {
        expression: shown(sources.slice(span)),
        location: location(sources, span),
        interval: interval_value(interval, unit),
    };
    let operator = match &spec.test {
        AtomTest::Whole(..) => "whole".to_owned(),
        AtomTest::In(..) => "in".to_owned(),
        AtomTest::Compare(op, ..) => op.as_str().to_owned(),
    };
    Comparison {
        location: location(sources, spec.span),
        operator,
        truth: truth_name(atom.truth),
        lhs: side(spec.lhs_span, &atom.lhs),
        rhs: (!matches!(spec.test, AtomTest::Whole(..))).then(|| side(spec.rhs_span, &atom.rhs)),
        widened: atom.widened.as_ref().map(|w| interval_value(w, unit)),
    }
}

/// `interval` (in base units) in `unit` (its name and its factor to base
/// units), exactly and as shown.
pub fn interval_value(interval: &Interval, unit: &(String, Exact)) -> IntervalValue {
    let end = |b: &Bound| {
        b.value().map(|v| End {
            value: if unit.1.is_one() {
                v.to_string()
            } else {
                (v / &unit.1).to_string()
            },
            closed: b.is_closed(),
        })
    };
    IntervalValue {
        shown: format_interval(interval, unit),
        unit: unit.0.clone(),
        low: end(&interval.lo),
        high: end(&interval.hi),
    }
}

/// Text a user wrote, safe to show: control characters and bidirectional
/// overrides escaped (JSON would carry a right-to-left override raw).
fn shown(text: &str) -> String {
    printable(text).into_owned()
}

/// The name a truth value has in machine output.
pub fn truth_name(truth: Truth) -> &'static str {
    match truth {
        Truth::Never => "never",
        Truth::Sometimes => "sometimes",
        Truth::Agrees => "agrees",
        Truth::Always => "always",
    }
}

/// Every finding shown, in report order.
pub(crate) fn findings(run: &CheckRun, presented: &Presented) -> Vec<Finding> {
    presented
        .reports
        .iter()
        .map(|r| finding(r, &run.project.sources))
        .collect()
}

/// The name a verdict has in machine output.
pub fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "passed",
        Verdict::Failed => "failed",
        Verdict::Warned => "warning",
        Verdict::Unproven => "unproven",
        Verdict::Expected => "expected",
        Verdict::Errored => "error",
        Verdict::Skipped => "skipped",
        Verdict::Known => "known",
        Verdict::Ignored => "ignored",
        Verdict::Noted => "info",
    }
}

/// The location of `span`.
pub fn location(sources: &SourceMap, span: Span) -> Location {
    let file = sources.file(span.file);
    // The span as the full report underlines it (an empty one widened to a
    // character), so every format gives the place the full report shows.
    let shown = span.to_source_span(&file.text);
    let (line, column) = file.line_col(shown.offset());
    let (end_line, end_column) = file.line_col(shown.offset() + shown.len());
    Location {
        file: file.name.clone(),
        line,
        column,
        end_line,
        end_column,
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "info",
    }
}

fn finding(r: &Report, sources: &SourceMap) -> Finding {
    let primary = match r.span {
        Some(span) => location(sources, span),
        None => Location {
            file: r.context.file.clone().unwrap_or_default(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        },
    };
    let mut labels = Vec::new();
    let mut add_labels = |report: &Report| {
        let Some(span) = report.span else { return };
        for l in &report.labels {
            let start = l.offset() as u32;
            let label_span = Span::new(span.file, start as usize, (start as usize) + l.len());
            labels.push(Label {
                location: location(sources, label_span),
                message: crate::base::text::printable(l.label().unwrap_or_default()).into_owned(),
            });
        }
    };
    add_labels(r);
    for related in &r.related {
        add_labels(related);
    }
    let claims: Vec<Claim> = r.context.claims.iter().map(claim).collect();
    let values = r
        .context
        .values
        .iter()
        .map(|v: &ComputedValue| Value {
            expression: v.expression.clone(),
            interval: v.interval.clone(),
            location: location(sources, v.span),
        })
        .collect();
    let fingerprint = fingerprint_of(r, sources);
    Finding {
        code: r.code.to_owned(),
        severity: severity_name(r.severity),
        message: crate::base::text::printable(&r.message).into_owned(),
        help: r
            .help
            .as_deref()
            .map(|h| crate::base::text::printable(h).into_owned()),
        location: primary,
        rule: r.context.rule.clone(),
        claims,
        values,
        labels,
        fingerprint,
    }
}

fn claim(c: &ClaimValue) -> Claim {
    Claim {
        id: c.id.clone(),
        written: c.written.clone(),
        interval: c.interval.clone(),
    }
}
