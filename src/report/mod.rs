//! Rendering: findings as miette diagnostics, and the test-style report.
//!
//! **Rendering lives apart from the stages**: this module reads the results
//! of loading, resolving and evaluating and turns them into [`Report`]s, one
//! miette diagnostic per finding, with labels in every file involved (the
//! rule's expression in its rules file; each claim's value in its corpus
//! file, as related diagnostics).

use crate::base::exact::{Exact, Rounding, format_rounded, format_significant, pow10};
use crate::base::span::{LineIndex, SourceMap, Span};
use crate::base::text::{is_unprintable, one_line, printable, shortened};
use crate::check::{CheckRun, LoadError, RuleReport, Verdict};
use crate::corpus::{ClaimId, Corpus, CorpusErrorKind};
use crate::eval::{AssertionResult, AtomResult, EvalError, Outcome, Truth};
use crate::grounding::{Aspect, BuiltinCheck, Finding, FindingKind};
use crate::quantity::interval::{Bound, Interval};
use crate::resolve::{Atom, AtomTest, ResolveError, ResolveErrorKind};
use crate::syntax::ast::{CmpOp, ExpectedOutcome, Magnitude, RuleDecl, ValueForm};
use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, Severity, SourceSpan, SpanContents,
};
use num_traits::{Signed, Zero};
use std::fmt::{self, Write as _};
use std::sync::Arc;

/// One rendered finding: a miette diagnostic with labels in one file and
/// related diagnostics for other files.
#[derive(Debug)]
pub struct Report {
    /// The headline.
    pub message: String,
    /// Stable code.
    pub code: &'static str,
    /// Error, warning or advice.
    pub severity: Severity,
    /// The file the labels point into.
    pub source: Option<Source>,
    /// Labels (the first is primary).
    pub labels: Vec<LabeledSpan>,
    /// What to do.
    pub help: Option<String>,
    /// Diagnostics in other files (each claim used).
    pub related: Vec<Report>,
    /// Where the primary label is, for machine output and sorting.
    pub span: Option<Span>,
    /// What the finding is about, for machine output.
    pub context: Context,
}

/// What a finding is about, beyond its text: for the machine formats.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The rule's id, or `check:NAME` for a built-in check.
    pub rule: Option<String>,
    /// The claims involved, with their written values and intervals.
    pub claims: Vec<ClaimValue>,
    /// Values computed by the rule: each side of a comparison.
    pub values: Vec<ComputedValue>,
    /// The file a finding without a span is about (an unreadable file).
    pub file: Option<String>,
    /// Which rule (index into the project's rules) or built-in check the
    /// finding belongs to: ids can repeat, the owner cannot.
    pub owner: Option<Owner>,
}

/// What a finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A rule, by index into the project's rules.
    Rule(usize),
    /// A built-in check, by name.
    Check(&'static str),
}

/// A claim as a finding involves it.
#[derive(Debug, Clone)]
pub struct ClaimValue {
    /// Its id.
    pub id: String,
    /// Its value as written (`more than 14B USD`).
    pub written: String,
    /// The interval it is read as.
    pub interval: String,
}

/// A value a rule computed.
#[derive(Debug, Clone)]
pub struct ComputedValue {
    /// The expression, as written in the rule.
    pub expression: String,
    /// Its interval.
    pub interval: String,
    /// Where the expression is.
    pub span: Span,
}

/// A file as diagnostics show it. Two things differ from miette's own
/// sources, neither of which moves a byte offset: a lone `\r` ends a line
/// (miette would run the file's lines together), and a line longer than
/// [`MAX_SHOWN_LINE`] bytes is shown as a window around the label (a minified
/// or hostile file would otherwise print megabytes).
#[derive(Debug, Clone)]
pub struct Source {
    name: String,
    text: Arc<str>,
    /// Where each line of `text` starts, and character counts, so a snippet
    /// is cut and its header's column counted without scanning the file.
    index: Arc<LineIndex>,
}

/// The longest line a snippet shows whole, in bytes.
pub const MAX_SHOWN_LINE: usize = 1000;

/// How much of a long line a snippet shows around its label, in bytes.
const WINDOW: usize = 120;

impl Source {
    /// A source named `name` with contents `text`.
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Source {
        let text = if has_lone_cr(&text) || text.chars().any(is_unprintable) {
            // Every replacement has the length of what it replaces, so byte
            // offsets still hold: `\r` becomes `\n`; a control character
            // (which could drive the terminal reading the report) becomes
            // `?`, or `¿` for the two-byte C1 controls.
            let mut fixed = String::with_capacity(text.len());
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\r' && chars.peek() != Some(&'\n') {
                    fixed.push('\n');
                } else if is_unprintable(c) {
                    // Same length: `?`, `¿` (2 bytes) or `�` (3 bytes).
                    fixed.push(match c.len_utf8() {
                        1 => '?',
                        2 => '¿',
                        _ => '\u{FFFD}',
                    });
                } else {
                    fixed.push(c);
                }
            }
            Arc::from(fixed)
        } else {
            text
        };
        Source {
            name: name.into(),
            index: Arc::new(LineIndex::new(&text)),
            text,
        }
    }
}

/// The longest message or label shown whole, in characters.
const MAX_SHOWN_TEXT: usize = 400;

/// A copy of `report` whose texts are all [`printable`] and of a readable
/// length (a 20,000-character name is shown by its ends).
fn printable_report(report: &Report) -> Report {
    Report {
        message: shortened(&printable(&report.message), MAX_SHOWN_TEXT),
        code: report.code,
        severity: report.severity,
        source: report.source.clone(),
        labels: report
            .labels
            .iter()
            .map(|l| {
                let text = l.label().map(|t| shortened(&printable(t), MAX_SHOWN_TEXT));
                if l.primary() {
                    LabeledSpan::new_primary_with_span(text, *l.inner())
                } else {
                    LabeledSpan::new_with_span(text, *l.inner())
                }
            })
            .collect(),
        help: report.help.as_deref().map(|h| printable(h).into_owned()),
        related: report.related.iter().map(printable_report).collect(),
        span: report.span,
        context: report.context.clone(),
    }
}

fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

impl Source {
    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.index.line_of(offset)
    }

    /// The length in bytes of line `i`, without its `\n`.
    fn line_len(&self, i: usize) -> usize {
        let lines = self.index.starts();
        let end = lines.get(i + 1).map_or(self.text.len(), |next| next - 1);
        end - lines[i]
    }

    /// The characters between the start of byte `offset`'s line and it.
    fn column_of(&self, offset: usize) -> usize {
        let start = self.index.starts()[self.line_of(offset)];
        self.index.chars_before(&self.text, offset) - self.index.chars_before(&self.text, start)
    }

    /// miette's own `read_span` for text, started at the first line it can
    /// need (found by binary search) rather than at the top of the file: it
    /// counts lines from where it starts, so each snippet would otherwise
    /// cost the whole file before it. Offsets and line numbers are moved
    /// back to the file's.
    fn read_from_line<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<MietteSpanContents<'a>, MietteError> {
        let text: &'a str = &self.text;
        let offset = span.offset().min(text.len());
        let line = self.line_of(offset);
        let first = line.saturating_sub(context_lines_before);
        let base = self.index.starts()[first];
        let local = SourceSpan::new((offset - base).into(), span.len());
        let inner = <str as miette::SourceCode>::read_span(
            &text[base..],
            &local,
            context_lines_before,
            context_lines_after,
        )?;
        Ok(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + base).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            // miette's count runs from where it started reading.
            inner.line_count() + first,
        ))
    }
}

impl miette::SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        // Whether a line the snippet would show is long is read from the line
        // index: asking miette first would scan the long line, once per label.
        let offset = span.offset().min(text.len());
        let last_byte = (span.offset() + span.len())
            .saturating_sub(1)
            .clamp(offset, text.len());
        let line = self.line_of(offset);
        let first = line.saturating_sub(context_lines_before);
        let last =
            (self.line_of(last_byte) + context_lines_after).min(self.index.starts().len() - 1);
        // The header's call asks for no context; its column is shown, and is
        // counted in characters, as the one-line formats and editors count
        // them (miette counts bytes). Other calls' columns are not shown.
        let header = context_lines_before == 0 && context_lines_after == 0;
        if (first..=last).all(|i| self.line_len(i) <= MAX_SHOWN_LINE) {
            let inner = self.read_from_line(span, context_lines_before, context_lines_after)?;
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                *inner.span(),
                inner.line(),
                if header {
                    self.column_of(inner.span().offset())
                } else {
                    inner.column()
                },
                inner.line_count(),
            )));
        }
        // Only the label's own line, clipped around it. The header's call
        // (no context) starts the window at the span, so its column is right.
        let start = offset;
        let line_start = self.index.starts()[line];
        let line_end = line_start + self.line_len(line);
        let lead = if header { 0 } else { WINDOW / 3 };
        let mut from = start.saturating_sub(lead).max(line_start);
        let mut to = (start + span.len().clamp(1, WINDOW) + WINDOW).min(line_end);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        while !text.is_char_boundary(to) {
            to += 1;
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::from((from, to - from)),
            line,
            self.column_of(from),
            1,
        )))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

/// Builds reports against one run's source map.
pub struct Renderer<'a> {
    sources: &'a SourceMap,
    corpus: &'a Corpus,
    /// Each file as snippets show it, made once (cleaning a file and
    /// indexing its lines costs the whole file; a file may have thousands of
    /// findings).
    shown: Vec<std::sync::OnceLock<Source>>,
}

impl<'a> Renderer<'a> {
    /// A renderer over `sources` and `corpus`.
    pub fn new(sources: &'a SourceMap, corpus: &'a Corpus) -> Renderer<'a> {
        let shown = sources
            .files()
            .map(|_| std::sync::OnceLock::new())
            .collect();
        Renderer {
            sources,
            corpus,
            shown,
        }
    }

    fn named_source(&self, span: Span) -> Source {
        self.shown[span.file.0 as usize]
            .get_or_init(|| {
                let file = self.sources.file(span.file);
                Source::new(file.name.clone(), file.text.clone())
            })
            .clone()
    }

    fn label(&self, span: Span, text: impl Into<String>, primary: bool) -> LabeledSpan {
        let text_src = &self.sources.file(span.file).text;
        let s = span.to_source_span(text_src);
        let text = text.into();
        let text = if text.is_empty() { None } else { Some(text) };
        if primary {
            LabeledSpan::new_primary_with_span(text, s)
        } else {
            LabeledSpan::new_with_span(text, s)
        }
    }

    fn report(
        &self,
        message: String,
        code: &'static str,
        severity: Severity,
        span: Span,
    ) -> Report {
        Report {
            message,
            code,
            severity,
            source: Some(self.named_source(span)),
            labels: Vec::new(),
            help: None,
            related: Vec::new(),
            span: Some(span),
            context: Context::default(),
        }
    }

    /// A load error as a report.
    pub fn load_error(&self, error: &LoadError) -> Report {
        match error {
            LoadError::Rules(e) => {
                let mut r = self.report(e.kind.message(), e.kind.code(), Severity::Error, e.span);
                r.labels.push(self.label(e.span, "", true));
                r.help = e.kind.help();
                r
            }
            LoadError::Corpus(e) => self.corpus_error(&e.kind, e.span),
            LoadError::Io { path, message } => Report {
                message: format!("cannot read {}: {message}", path.display()),
                code: "factlint::io",
                severity: Severity::Error,
                source: None,
                labels: Vec::new(),
                help: None,
                related: Vec::new(),
                span: None,
                context: Context {
                    file: Some(path.display().to_string()),
                    ..Context::default()
                },
            },
            LoadError::InvalidUtf8 {
                path,
                offset,
                line_column: (line, column),
            } => Report {
                message: format!(
                    "{} is not valid UTF-8: the first invalid byte is at line {line}, column {column} (byte offset {offset})",
                    path.display()
                ),
                code: "factlint::io::invalid_utf8",
                severity: Severity::Error,
                source: None,
                labels: Vec::new(),
                help: Some("save the file as UTF-8".to_owned()),
                related: Vec::new(),
                span: None,
                context: Context {
                    file: Some(path.display().to_string()),
                    ..Context::default()
                },
            },
            LoadError::TooManyErrors { path, more, .. } => Report {
                message: format!(
                    "{} has {more} more errors, not shown (the first {} are)",
                    path.display(),
                    crate::check::MAX_ERRORS_PER_FILE
                ),
                code: "factlint::io::too_many_errors",
                severity: Severity::Error,
                source: None,
                labels: Vec::new(),
                help: Some(
                    "fix the errors above and run again; is this a claims or rules file?"
                        .to_owned(),
                ),
                related: Vec::new(),
                span: None,
                context: Context {
                    file: Some(path.display().to_string()),
                    ..Context::default()
                },
            },
            LoadError::NothingInFiles { files } => Report {
                message: match files {
                    0 => "nothing to check: no claims, rules or drafts were given".to_owned(),
                    1 => "nothing to check: the file read holds no claims, no rules and no drafts"
                        .to_owned(),
                    n => format!(
                        "nothing to check: the {n} files read hold no claims, no rules and no drafts"
                    ),
                },
                code: "factlint::io::nothing_to_check",
                severity: Severity::Error,
                source: None,
                labels: Vec::new(),
                help: Some(
                    "write claims (`claim id = 13B USD { cite source \"quote\" }`) and rules, or point factlint at the files that hold them"
                        .to_owned(),
                ),
                related: Vec::new(),
                span: None,
                context: Context::default(),
            },
            LoadError::NothingToCheck { looked_in } => Report {
                message: "nothing to check: no rules or corpus found".to_owned(),
                code: "factlint::io::nothing_to_check",
                severity: Severity::Error,
                source: None,
                labels: Vec::new(),
                help: Some(format!(
                    "looked in {}; pass files or directories, or run where factlint.toml or rules/ and corpus/ are",
                    looked_in
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                related: Vec::new(),
                span: None,
                context: Context::default(),
            },
        }
    }

    fn corpus_error(&self, kind: &CorpusErrorKind, span: Span) -> Report {
        let (message, code, help) = match kind {
            CorpusErrorKind::Parse(p) => (p.message(), p.code(), p.help()),
            CorpusErrorKind::DuplicateClaim { id, .. } => (
                format!("claim `{id}` is declared twice"),
                "factlint::corpus::duplicate_claim",
                Some("give each claim one declaration; cite every source in it".to_owned()),
            ),
            CorpusErrorKind::DuplicateSource { id, .. } => (
                format!("source `{id}` is declared twice"),
                "factlint::corpus::duplicate_source",
                None,
            ),
            CorpusErrorKind::UnknownUnit { name, suggestion } => (
                format!("unknown unit `{name}`"),
                "factlint::corpus::unknown_unit",
                Some(if name.eq_ignore_ascii_case("bn") {
                    "`bn` is a scale word: write it against the number (`13bn`, or `13B`)"
                        .to_owned()
                } else {
                    match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "declare count units with `unit NAME` in a claims file".to_owned(),
                    }
                }),
            ),
            CorpusErrorKind::UnknownSource { name, suggestion } => (
                format!("unknown source `{name}`"),
                "factlint::corpus::unknown_source",
                Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "declare it with `source NAME { ... }`".to_owned(),
                }),
            ),
            CorpusErrorKind::EmptyRange => (
                "range's lower end is above its upper end".to_owned(),
                "factlint::corpus::empty_range",
                None,
            ),
            CorpusErrorKind::Json(m) => (
                format!("invalid claims JSON: {m}"),
                "factlint::corpus::json",
                None,
            ),
            CorpusErrorKind::UnitTooComplex => (
                format!(
                    "the unit would have an exponent beyond {}",
                    crate::quantity::units::MAX_UNIT_EXPONENT
                ),
                "factlint::corpus::unit_too_complex",
                Some("write the unit as the figure states it: `USD`, `USD/day`, `kWh`".to_owned()),
            ),
        };
        let mut r = self.report(message, code, Severity::Error, span);
        r.labels.push(self.label(span, "", true));
        if let CorpusErrorKind::DuplicateClaim { first, .. }
        | CorpusErrorKind::DuplicateSource { first, .. } = kind
        {
            if first.file == span.file {
                r.labels
                    .push(self.label(*first, "first declared here", false));
            } else {
                let mut first_report = self.report(
                    "first declared here".to_owned(),
                    code,
                    Severity::Advice,
                    *first,
                );
                first_report.labels.push(self.label(*first, "", true));
                r.related.push(first_report);
            }
        }
        r.help = help;
        r
    }

    /// The findings of one rule: none for a pass or an expected outcome.
    pub fn rule_reports(&self, rule: &RuleDecl, report: &RuleReport) -> Vec<Report> {
        let mut out = Vec::new();
        match report.verdict {
            Verdict::Passed
            | Verdict::Expected
            | Verdict::Skipped
            | Verdict::Known
            | Verdict::Ignored
            | Verdict::Noted => {}
            Verdict::Errored => {
                for e in &report.resolved.errors {
                    out.push(self.resolve_error(rule, e));
                }
                for (i, a) in report.result.assertions.iter().enumerate() {
                    if let Some(EvalError::TooLarge(bits)) = &a.error {
                        let span = report.resolved.assertions[i].span;
                        let mut r = self.report(
                            format!(
                                "rule `{}` computes numbers too large to check exactly",
                                rule.id.text
                            ),
                            "factlint::eval::too_large",
                            Severity::Error,
                            span,
                        );
                        r.labels.push(self.label(
                            span,
                            format!(
                                "a value here needs {bits} bits, over the limit of {}",
                                crate::eval::MAX_BITS
                            ),
                            true,
                        ));
                        r.help = Some("powers and products nested through parentheses or `let`s multiply their sizes: state the figure the rule needs without raising it that far".to_owned());
                        out.push(r);
                    }
                    if let Some(EvalError::DivisionByZero(d)) = &a.error {
                        let (span, divisor, unit) = (&d.span, &d.divisor, &d.unit);
                        let mut r = self.report(
                            format!(
                                "rule `{}` divides by an interval that contains zero",
                                rule.id.text
                            ),
                            "factlint::eval::division_by_zero",
                            Severity::Error,
                            *span,
                        );
                        r.labels.push(self.label(
                            *span,
                            format!("this is {}", format_interval(divisor, unit)),
                            true,
                        ));
                        r.help = Some("a claim whose interval includes zero cannot divide: narrow it or restate the rule".to_owned());
                        out.push(r);
                    }
                }
            }
            Verdict::Failed if rule.expect.is_some() => {
                out.push(self.unmet_expectation(rule, report))
            }
            Verdict::Failed | Verdict::Warned | Verdict::Unproven => {
                let severity = match report.verdict {
                    Verdict::Failed => Severity::Error,
                    _ => Severity::Warning,
                };
                for (i, a) in report.result.assertions.iter().enumerate() {
                    if a.outcome == Outcome::Pass {
                        continue;
                    }
                    out.push(self.assertion_report(rule, report, i, a, severity));
                }
            }
        }
        out.into_iter()
            .map(|r| {
                let mut r = Self::with_context(r, &rule.id.text);
                r.context.owner = Some(Owner::Rule(report.rule));
                r
            })
            .collect()
    }

    fn title_suffix(rule: &RuleDecl) -> String {
        rule.title
            .as_ref()
            // A `\n` the author wrote stays on the line (`\n`): no line of the
            // report begins with text from the rules file (a CI log reads
            // lines beginning `::error` as commands).
            .map(|t| format!(": {}", one_line(&t.value)))
            .unwrap_or_default()
    }

    fn unmet_expectation(&self, rule: &RuleDecl, report: &RuleReport) -> Report {
        let Some(expect) = &rule.expect else {
            return self.report(
                String::new(),
                "factlint::rule::unmet_expectation",
                Severity::Error,
                rule.id.span,
            );
        };
        let wanted = match expect.outcome {
            ExpectedOutcome::Fail => "fail",
            ExpectedOutcome::Unproven => "be unproven",
        };
        let got = match report.result.outcome {
            Outcome::Pass => "it passed",
            Outcome::Unproven => "it is unproven",
            Outcome::Fail => "it failed",
            Outcome::Error => "it could not be evaluated",
        };
        let code = if report.result.outcome == Outcome::Pass {
            "factlint::rule::unexpected_pass"
        } else {
            "factlint::rule::unmet_expectation"
        };
        let mut r = self.report(
            format!(
                "rule `{}` was expected to {wanted}, but {got}",
                rule.id.text
            ),
            code,
            Severity::Error,
            expect.span,
        );
        r.labels.push(self.label(
            expect.span,
            format!("expected to {wanted} because {:?}", expect.reason.value),
            true,
        ));
        for (i, a) in report.result.assertions.iter().enumerate() {
            let assertion = &report.resolved.assertions[i];
            for atom in &a.atoms {
                let spec = &assertion.atoms[atom.atom];
                r.labels.push(self.label(
                    spec.span,
                    format!("{}: {}", outcome_word(atom.truth), self.sides(spec, atom)),
                    false,
                ));
            }
        }
        r.help = Some(match report.result.outcome {
            Outcome::Pass => "if the figures were corrected, remove the `expect` line; otherwise fix the rule so it states the inconsistency".to_owned(),
            _ => "update the `expect` line to the outcome the rule now has, or fix the figures".to_owned(),
        });
        r.related = self.claim_notes(
            &report
                .resolved
                .assertions
                .iter()
                .flat_map(|a| a.claims.iter().copied())
                .collect::<Vec<_>>(),
        );
        r
    }

    fn assertion_report(
        &self,
        rule: &RuleDecl,
        report: &RuleReport,
        index: usize,
        result: &AssertionResult,
        severity: Severity,
    ) -> Report {
        let assertion = &report.resolved.assertions[index];
        let (message, code) = match result.outcome {
            Outcome::Fail => (
                format!("rule `{}` failed{}", rule.id.text, Self::title_suffix(rule)),
                "factlint::rule::inconsistent",
            ),
            _ => (
                format!(
                    "rule `{}` is unproven{}",
                    rule.id.text,
                    Self::title_suffix(rule)
                ),
                "factlint::rule::unproven",
            ),
        };
        let mut r = self.report(message, code, severity, assertion.span);
        let mut help = Vec::new();
        // Splitting a repeated claim decides the assertion as a whole; the
        // comparisons' own intervals are then the unsplit ones.
        let split_decided =
            result.split.is_some() && result.outcome != result.atoms_truth_outcome();
        for atom in &result.atoms {
            // Show the comparisons that decide the outcome.
            let decisive = split_decided
                || match result.outcome {
                    Outcome::Fail => atom.truth == Truth::Never,
                    _ => atom.truth == Truth::Sometimes,
                };
            if !decisive && result.atoms.len() > 1 {
                continue;
            }
            let spec = &assertion.atoms[atom.atom];
            let mut atom = atom.clone();
            if split_decided {
                atom.truth = result.truth;
            }
            self.atom_labels(&mut r, spec, &atom, &mut help);
        }
        if result.outcome == Outcome::Fail {
            help.insert(0, "the figures cannot all be true as written".to_owned());
        } else {
            help.insert(
                0,
                "the figures are consistent, but the answer depends on digits the sources rounded away".to_owned(),
            );
            if report.strict {
                help.push(
                    "unproven counts as a failure here (`--strict` or the rule's `strict`)"
                        .to_owned(),
                );
            } else {
                help.push("`--strict` makes unproven rules fail".to_owned());
            }
        }
        if let Some((claims, parts)) = &result.split {
            let names = claims
                .iter()
                .map(|c| format!("`{}`", self.corpus.get(*c).id))
                .collect::<Vec<_>>()
                .join(" and ");
            if result.outcome == Outcome::Unproven {
                help.push(format!(
                    "{names} occurs more than once; splitting its interval into {parts} parts did not decide it, so the outcome may be wider than the truth"
                ));
            } else {
                help.push(format!(
                    "decided by splitting the interval of {names} into {parts} parts"
                ));
            }
        } else if !assertion.repeated.is_empty() && result.outcome == Outcome::Unproven {
            let names = assertion
                .repeated
                .iter()
                .map(|c| format!("`{}`", self.corpus.get(*c).id))
                .collect::<Vec<_>>()
                .join(" and ");
            help.push(format!(
                "{names} occurs more than once, which widens interval arithmetic"
            ));
        }
        if assertion.uses_year_length {
            help.push(format!(
                "converting between per-day and per-year units uses 1 year = {} days ([defaults] year-length)",
                format_significant(&self.corpus.units.year_length_days, 8)
            ));
        }
        r.help = Some(help.join("\n"));
        r.related = self.claim_notes(&assertion.claims);
        r
    }

    fn sides(&self, spec: &Atom, atom: &AtomResult) -> String {
        format!(
            "{} vs {}",
            format_interval(&atom.lhs, &spec.display),
            format_interval(atom.widened.as_ref().unwrap_or(&atom.rhs), &spec.display)
        )
    }

    fn atom_labels(&self, r: &mut Report, spec: &Atom, atom: &AtomResult, help: &mut Vec<String>) {
        let unit = &spec.display;
        let mut value = |span: Span, interval: &Interval| {
            r.context.values.push(ComputedValue {
                expression: self.sources.slice(span).to_owned(),
                interval: format_interval(interval, unit),
                span,
            });
        };
        value(spec.lhs_span, &atom.lhs);
        if !matches!(spec.test, AtomTest::Whole(..)) {
            value(spec.rhs_span, &atom.rhs);
        }
        match &spec.test {
            AtomTest::Whole(..) => {
                r.labels.push(self.label(
                    spec.lhs_span,
                    format!("is {}", format_interval(&atom.lhs, unit)),
                    true,
                ));
                if atom.truth == Truth::Never {
                    help.push("no whole number lies in this interval".to_owned());
                }
            }
            AtomTest::Compare(op, _, _, tolerance) => {
                r.labels.push(self.label(
                    spec.lhs_span,
                    format!("is {}", format_interval(&atom.lhs, unit)),
                    false,
                ));
                let rhs_text = match (&atom.widened, op) {
                    (Some(wide), CmpOp::Approx) => {
                        let how = if tolerance.is_some() {
                            "with the tolerance"
                        } else {
                            "with the default tolerance"
                        };
                        format!(
                            "is {}; {how}, {}",
                            format_interval(&atom.rhs, unit),
                            format_interval(wide, unit)
                        )
                    }
                    _ => format!("is {}", format_interval(&atom.rhs, unit)),
                };
                r.labels.push(self.label(spec.rhs_span, rhs_text, false));
                let target = atom.widened.as_ref().unwrap_or(&atom.rhs);
                let op_text = match atom.truth {
                    Truth::Never if atom.lhs.meets(target) => "holds for no values".to_owned(),
                    Truth::Never => miss_text(&atom.lhs, target, unit),
                    Truth::Sometimes => "holds for some values, not all".to_owned(),
                    _ => String::new(),
                };
                r.labels.push(self.label(spec.op_span, op_text, true));
            }
            AtomTest::In(..) => {
                r.labels.push(self.label(
                    spec.lhs_span,
                    format!("is {}", format_interval(&atom.lhs, unit)),
                    true,
                ));
                let text = match atom.truth {
                    Truth::Never => format!(
                        "range {}; {}",
                        format_interval(&atom.rhs, unit),
                        miss_text(&atom.lhs, &atom.rhs, unit)
                    ),
                    _ => format!("range {}", format_interval(&atom.rhs, unit)),
                };
                r.labels.push(self.label(spec.rhs_span, text, false));
            }
        }
    }

    /// A claim's id, written value and interval, for machine output.
    fn claim_value(&self, id: ClaimId) -> ClaimValue {
        let claim = self.corpus.get(id);
        let unit = (claim.unit_name.clone(), claim.unit.factor.clone());
        ClaimValue {
            id: claim.id.to_string(),
            written: self.sources.slice(claim.written.span).to_owned(),
            interval: format_interval(&claim.value, &unit),
        }
    }

    /// Fills a report's machine context from what it already shows: the
    /// rule it belongs to and the claims of its notes.
    fn with_context(mut r: Report, rule: &str) -> Report {
        r.context.rule = Some(rule.to_owned());
        if r.context.claims.is_empty() {
            r.context.claims = r
                .related
                .iter()
                .flat_map(|n| n.context.claims.iter().cloned())
                .collect();
        }
        r
    }

    /// One advice diagnostic per claim, in its corpus file, with its interval.
    fn claim_notes(&self, claims: &[ClaimId]) -> Vec<Report> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for id in claims {
            if seen.contains(id) {
                continue;
            }
            seen.push(*id);
            let claim = self.corpus.get(*id);
            let written = self.sources.slice(claim.written.span);
            let unit = (claim.unit_name.clone(), claim.unit.factor.clone());
            let mut r = self.report(
                format!("claim `{}` = {written}", claim.id),
                "factlint::claim",
                Severity::Advice,
                claim.written.span,
            );
            r.labels.push(self.label(
                claim.written.span,
                format!("read as {}", format_interval(&claim.value, &unit)),
                true,
            ));
            r.context.claims.push(self.claim_value(*id));
            out.push(r);
        }
        out
    }

    fn resolve_error(&self, rule: &RuleDecl, e: &ResolveError) -> Report {
        let mut r = self.report(
            format!("rule `{}`: {}", rule.id.text, e.kind.message()),
            e.kind.code(),
            Severity::Error,
            e.span,
        );
        match &e.kind {
            ResolveErrorKind::UnknownName { suggestion, .. } => {
                r.labels
                    .push(self.label(e.span, "not a claim id or `let` name", true));
                r.help = Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "declare the claim in a corpus file, or bind the name with `let`".to_owned()
                    }
                });
            }
            ResolveErrorKind::UnitMismatch {
                lhs,
                rhs,
                lhs_span,
                rhs_span,
                time_family,
                ..
            } => {
                r.labels.push(self.label(*lhs_span, lhs.clone(), false));
                r.labels.push(self.label(e.span, "", true));
                if rhs_span != lhs_span {
                    r.labels.push(self.label(*rhs_span, rhs.clone(), false));
                }
                r.help = Some(if *time_family {
                    format!(
                        "per-day and per-year figures differ by a convention: convert explicitly, e.g. multiply a daily rate by `365 day` or by `1 year` (1 year = {} days)",
                        format_significant(&self.corpus.units.year_length_days, 8)
                    )
                } else if is_currency(lhs) && is_currency(rhs) {
                    "each currency is its own dimension: convert with an explicit exchange-rate claim, e.g. `x * usd_per_cny`".to_owned()
                } else {
                    format!(
                        "{lhs} and {rhs} are different dimensions, so they cannot be added or compared"
                    )
                });
            }
            ResolveErrorKind::UnknownUnit { suggestion, .. } => {
                r.labels.push(self.label(e.span, "", true));
                r.help = Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "declare count units with `unit NAME` in a claims file".to_owned(),
                });
            }
            ResolveErrorKind::UnknownFunction { suggestion, .. } => {
                r.labels.push(self.label(e.span, "", true));
                r.help = Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "the functions are min, max, sum, abs, round and whole".to_owned(),
                });
            }
            ResolveErrorKind::UsedBeforeLet { name, binding } => {
                r.labels.push(self.label(e.span, "used here", true));
                r.labels
                    .push(self.label(*binding, "bound here, further down", false));
                r.help = Some(format!(
                    "a `let` sees the claims and the bindings above it, so bindings can never form a cycle: move `let {name}` above its first use"
                ));
            }
            ResolveErrorKind::DuplicateRule { first, .. } => {
                r.labels.push(self.label(e.span, "", true));
                if first.file == e.span.file {
                    r.labels
                        .push(self.label(*first, "first defined here", false));
                }
                r.help = Some("rule ids must be unique across all rules files".to_owned());
            }
            _ => r.labels.push(self.label(e.span, "", true)),
        }
        r
    }
}

impl Renderer<'_> {
    /// The findings of a built-in check (quotes, citations, sources).
    pub fn builtin_reports(&self, check: &BuiltinCheck) -> Vec<Report> {
        check
            .findings
            .iter()
            .map(|f| {
                let mut r = self.builtin_report(f);
                if let Some(id) = f.claim
                    && r.related.is_empty()
                {
                    r.context.claims.push(self.claim_value(id));
                }
                let mut r = Self::with_context(r, &format!("check:{}", check.name));
                r.context.owner = Some(Owner::Check(check.name));
                r
            })
            .collect()
    }

    fn builtin_report(&self, finding: &Finding) -> Report {
        let claim = finding.claim.map(|id| self.corpus.get(id));
        let claim_id = claim.map(|c| c.id.to_string()).unwrap_or_default();
        let raw_unit =
            |c: &crate::corpus::Claim| (c.unit_name.clone(), Exact::from_integer(1.into()));
        // A number read from a quote has a unit only where grounding compared
        // one: a currency or a percentage. `10 GW` in a quote is just 10.
        let quote_unit = |c: &crate::corpus::Claim| {
            let kind_checked = matches!(c.unit_name.as_str(), "%" | "percent")
                || c.unit
                    .dims
                    .iter()
                    .any(|(dim, _)| matches!(dim, crate::quantity::units::BaseDim::Currency(_)));
            if kind_checked {
                raw_unit(c)
            } else {
                (String::new(), Exact::from_integer(1.into()))
            }
        };
        let source_of = |citation: Option<usize>| -> String {
            match (claim, citation) {
                (Some(c), Some(i)) => self.corpus.sources[c.citations[i].source].id.clone(),
                _ => String::new(),
            }
        };
        let code = finding.kind.code();
        let mut r;
        match &finding.kind {
            FindingKind::DraftUnknownClaim { id, suggestion } => {
                r = self.report(
                    format!("the draft cites `{id}`, which is not a claim of the corpus"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "no such claim", true));
                r.help = Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "add the claim to a corpus file, or cite one that exists".to_owned(),
                });
            }
            FindingKind::DraftNoNumber => {
                r = self.report(
                    format!("the draft's citation of `{claim_id}` states no number"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "no number in the cited text", true));
                r.help = Some(
                    "put the figure itself between the brackets: `[$5.4 billion]{claim=...}`"
                        .to_owned(),
                );
            }
            FindingKind::DraftMismatch {
                claim: wanted,
                closest,
            } => {
                let unit = claim.map(raw_unit).unwrap_or_default();
                let read_unit = claim.map(quote_unit).unwrap_or_default();
                r = self.report(
                    format!("the draft's figure does not match claim `{claim_id}`"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                match closest.as_deref() {
                    Some((span, interval)) => {
                        r.labels.push(self.label(
                            *span,
                            format!("reads as {}", format_interval(interval, &read_unit)),
                            true,
                        ));
                        let gap = interval.gap(wanted);
                        r.help = Some(format!(
                            "the claim reads as {}; the draft's figure misses it by {}: correct the draft, or cite the claim it states",
                            format_interval(wanted, &unit),
                            format_gap(&gap, &read_unit, true)
                        ));
                    }
                    None => {
                        r.labels.push(self.label(
                            finding.span,
                            "no number of the claim's kind here",
                            true,
                        ));
                        r.help = Some(format!(
                            "the claim reads as {}, but the cited text's numbers are of another kind (a percentage, or another currency)",
                            format_interval(wanted, &unit)
                        ));
                    }
                }
            }
            FindingKind::Differs {
                aspect,
                claim: wanted,
                quote,
                in_draft,
            } => {
                let unit = claim.map(raw_unit).unwrap_or_default();
                let read_unit = claim.map(quote_unit).unwrap_or_default();
                let (span, interval) = quote.as_ref();
                let text = if *in_draft {
                    "the draft's figure".to_owned()
                } else {
                    format!("the quote from `{}`", source_of(finding.citation))
                };
                let (message, label, help) = match aspect {
                    Aspect::Sign { quote_negative } => {
                        let (q, c) = if *quote_negative {
                            ("negative", "positive")
                        } else {
                            ("positive", "negative")
                        };
                        (
                            format!(
                                "{text} states claim `{claim_id}`'s figure with the other sign"
                            ),
                            format!("reads as {} ({q})", format_interval(interval, &read_unit)),
                            format!(
                                "the number written is {q} and the claim reads as {} ({c}): {}",
                                format_interval(wanted, &unit),
                                if *in_draft {
                                    "correct the draft's sign, or cite the claim it states"
                                } else {
                                    "correct the claim's sign, or cite the sentence that states it"
                                }
                            ),
                        )
                    }
                    Aspect::Period {
                        quote: stated,
                        claim: own,
                    } => (
                        format!(
                            "{text} states claim `{claim_id}`'s figure per {}, but the claim is per {}",
                            stated.unit(),
                            own.unit()
                        ),
                        format!("per {}", stated.unit()),
                        format!(
                            "the text says per {}; the claim's unit is `{}`: {}",
                            stated.unit(),
                            claim.map(|c| c.unit_name.as_str()).unwrap_or_default(),
                            if *in_draft {
                                format!(
                                    "correct the draft to per {}, or cite the claim it states",
                                    own.unit()
                                )
                            } else {
                                format!(
                                    "write the claim per {} (and annualise it in a rule), or cite the sentence that states the figure per {}",
                                    stated.unit(),
                                    own.unit()
                                )
                            }
                        ),
                    ),
                    Aspect::Currency {
                        quote: named,
                        claim: own,
                    } => (
                        format!(
                            "{text} gives claim `{claim_id}`'s figure in {named}, but the claim is in {own}"
                        ),
                        format!("in {named}"),
                        if *in_draft {
                            format!(
                                "a figure in {named} does not state one in {own}: correct the draft, or cite the claim it states"
                            )
                        } else {
                            format!(
                                "a figure in {named} does not state one in {own}: write the claim in {named} (and convert it in a rule), or cite the sentence that states it in {own}"
                            )
                        },
                    ),
                };
                r = self.report(message, code, Severity::Error, *span);
                r.labels.push(self.label(*span, label, true));
                r.help = Some(help);
                // A draft's claim is in another file: shown as a related note.
                if let Some(c) = claim.filter(|_| !*in_draft) {
                    r.labels.push(self.label(
                        c.written.span,
                        format!("claim reads as {}", format_interval(wanted, &unit)),
                        false,
                    ));
                }
            }
            FindingKind::HiddenCharacter { ch, name, in_draft } => {
                let text = if *in_draft {
                    format!("the draft's citation of `{claim_id}`")
                } else {
                    format!(
                        "the quote from `{}` for claim `{claim_id}`",
                        source_of(finding.citation)
                    )
                };
                let code_point = format!("U+{:04X}", u32::from(*ch));
                r = self.report(
                    format!("{text} has an invisible {name} ({code_point}) in a number"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels.push(self.label(
                    finding.span,
                    format!("{code_point} here: it can change the order the digits are shown in, so what a reader sees is not what is written"),
                    true,
                ));
                r.help = Some(
                    "delete the invisible character, or copy the text again from the rendered page: a number whose order on screen depends on the paragraph's direction is read as no value"
                        .to_owned(),
                );
            }
            FindingKind::NoNumber => {
                r = self.report(
                    format!(
                        "the quote from `{}` for claim `{claim_id}` states no number",
                        source_of(finding.citation)
                    ),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "no number in this quote", true));
                r.help = Some(
                    "quote the sentence that states the figure, in the source's own words"
                        .to_owned(),
                );
            }
            FindingKind::Ungrounded {
                claim: wanted,
                closest,
            } => {
                let unit = claim.map(raw_unit).unwrap_or_default();
                let read_unit = claim.map(quote_unit).unwrap_or_default();
                r = self.report(
                    format!(
                        "the quote from `{}` does not state claim `{claim_id}`'s value",
                        source_of(finding.citation)
                    ),
                    code,
                    Severity::Error,
                    finding.span,
                );
                match closest.as_deref() {
                    Some((span, interval)) => {
                        r.labels.push(self.label(
                            *span,
                            format!("reads as {}", format_interval(interval, &read_unit)),
                            true,
                        ));
                        let gap = interval.gap(wanted);
                        r.help = Some(format!(
                            "the claim reads as {}; the closest number in the quote misses it by {}: fix the claim's value, or quote the sentence that states it",
                            format_interval(wanted, &unit),
                            format_gap(&gap, &read_unit, true)
                        ));
                    }
                    None => {
                        let quote_span = claim
                            .zip(finding.citation)
                            .map_or(finding.span, |(c, i)| c.citations[i].quote.span);
                        r.labels.push(self.label(
                            quote_span,
                            "no number of the claim's kind here",
                            true,
                        ));
                        r.help = Some(format!(
                            "the claim reads as {}, but the quote's numbers are of another kind (a percentage, or another currency)",
                            format_interval(wanted, &unit)
                        ));
                    }
                }
                if let Some(c) = claim {
                    r.labels.push(self.label(
                        c.written.span,
                        format!("claim reads as {}", format_interval(wanted, &unit)),
                        false,
                    ));
                }
            }
            FindingKind::Uncited => {
                r = self.report(
                    format!("claim `{claim_id}` cites no source"),
                    code,
                    Severity::Warning,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "no `cite` in this claim", true));
                r.help = Some(
                    "add `cite SOURCE \"quote\"` with the sentence that states the figure, in the source's own language, so the figure can be checked against it"
                        .to_owned(),
                );
            }
            FindingKind::Disagree { readings } => {
                let unit = claim.map(quote_unit).unwrap_or_default();
                r = self.report(
                    format!("the sources of claim `{claim_id}` disagree"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "cited by several sources", true));
                for (index, span, interval) in readings {
                    r.labels.push(self.label(
                        *span,
                        format!(
                            "`{}` reads as {}",
                            source_of(Some(*index)),
                            format_interval(interval, &unit)
                        ),
                        false,
                    ));
                }
                r.help = Some(
                    "the figures cannot all be true as written: split the claim into one per source, or correct the one that is wrong"
                        .to_owned(),
                );
            }
            FindingKind::QuoteNotFound { file, closest } => {
                r = self.report(
                    format!("the quote for claim `{claim_id}` does not occur in `{file}`"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "not found in the source's file", true));
                r.help = Some(match closest {
                    Some(closest) => format!(
                        "closest passage: {}\ndiff ([-passage only-] {{+quote only+}}): {}\nquotes are compared after Unicode (NFKC) and whitespace normalisation",
                        closest.passage, closest.diff
                    ),
                    None => format!(
                        "closest passage: not searched, because the work limit for searching `{file}` was reached; correct the quotes found missing before this one and run again\nquotes are compared after Unicode (NFKC) and whitespace normalisation"
                    ),
                });
            }
            FindingKind::FileRefused { file, why } => {
                r = self.report(
                    format!("source file `{file}` refused: {why}"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "refused; nothing was read", true));
                r.help = Some(
                    "name a file relative to the project, or to a directory given with `--sources DIR`".to_owned(),
                );
            }
            FindingKind::ExcessDigits { rounded } => {
                r = self.report(
                    format!(
                        "claim `{claim_id}` is written with digits below its declared precision"
                    ),
                    code,
                    Severity::Error,
                    finding.span,
                );
                let precision = claim.and_then(|c| c.written.precision);
                let step = precision
                    .map(|p| self.sources.slice(p.magnitude.span).to_owned())
                    .unwrap_or_default();
                if let Some(c) = claim
                    && let ValueForm::Single { magnitude, .. } = &c.written.form
                {
                    r.labels.push(self.label(
                        magnitude.span,
                        format!("digits below {step} are not zeros"),
                        false,
                    ));
                }
                r.labels.push(self.label(
                    finding.span,
                    "the precision the source rounded to",
                    true,
                ));
                let fixed = claim.and_then(|c| self.rewritten_value(c, rounded));
                r.help = Some(match fixed {
                    Some(fixed) => format!(
                        "a figure rounded to {step} has only zeros below it (XBRL Calculations 1.1's \"excess digits\"): write it rounded, `{fixed}`, or declare the finer precision its source keeps"
                    ),
                    None => format!(
                        "a figure rounded to {step} has only zeros below it (XBRL Calculations 1.1's \"excess digits\"): write it rounded, or declare the finer precision its source keeps"
                    ),
                });
            }
            FindingKind::FileUnreadable { file, why, help } => {
                r = self.report(
                    format!("source file `{file}` cannot be read: {why}"),
                    code,
                    Severity::Error,
                    finding.span,
                );
                r.labels
                    .push(self.label(finding.span, "its quotes could not be checked", true));
                r.help = Some((*help).to_owned());
            }
        }
        if let Some(id) = finding.claim
            && !matches!(
                finding.kind,
                FindingKind::Ungrounded { .. }
                    | FindingKind::Uncited
                    | FindingKind::ExcessDigits { .. }
                    | FindingKind::Differs {
                        in_draft: false,
                        ..
                    }
            )
        {
            r.related = self.claim_notes(&[id]);
        }
        r
    }
}

impl Renderer<'_> {
    /// A claim's written value with its number replaced by `number`, in the
    /// same spelling (sign, symbol, scale word, exponent): `58123 USD
    /// precision 1k` rounded is `58000 USD precision 1k`.
    fn rewritten_value(&self, claim: &crate::corpus::Claim, number: &Magnitude) -> Option<String> {
        let ValueForm::Single { magnitude, .. } = &claim.written.form else {
            return None;
        };
        let (value, at) = (claim.written.span, magnitude.span);
        let text = self.sources.slice(value);
        let (start, end) = (
            at.start.checked_sub(value.start)? as usize,
            at.end.checked_sub(value.start)? as usize,
        );
        let digits = crate::syntax::rewrite_number(
            text.get(start..end)?,
            magnitude.decimal,
            number.decimal.mantissa,
            number.decimal.exponent,
        )?;
        Some(
            printable(&format!(
                "{}{digits}{}",
                text.get(..start)?,
                text.get(end..)?
            ))
            .into_owned(),
        )
    }
}

fn is_currency(name: &str) -> bool {
    crate::quantity::units::CURRENCIES.contains(&name)
}

fn outcome_word(truth: Truth) -> &'static str {
    match truth {
        Truth::Never => "holds for no values",
        Truth::Sometimes => "holds for some values",
        Truth::Agrees => "agrees",
        Truth::Always => "always holds",
    }
}

/// Scale suffixes for display.
const SUFFIXES: &[(i32, &str)] = &[(12, "T"), (9, "B"), (6, "M"), (3, "k")];

/// Beyond a thousand trillion, and below a millionth, numbers are shown
/// with an exponent (`5.95e23`, `2.5e-9`), as they may be written.
const EXPONENT_ABOVE: i32 = 15;
/// See [`EXPONENT_ABOVE`].
const EXPONENT_BELOW: i32 = -6;

/// The scale suffix to show `values` in `unit_name` with (`B` for
/// billions, `e23` beyond the suffixes, `e-9` for tiny values), and its
/// power of ten; none for percentages.
pub fn scale_for(values: &[&Exact], unit_name: &str) -> (i32, String) {
    if unit_name == "%" {
        return (0, String::new());
    }
    let biggest = values
        .iter()
        .map(|v| v.abs())
        .max()
        .unwrap_or_else(Exact::zero);
    if biggest >= pow10(EXPONENT_ABOVE) || (!biggest.is_zero() && biggest < pow10(EXPONENT_BELOW)) {
        // The power of ten of the largest value's leading digit.
        let mut exp =
            biggest.numer().to_string().len() as i32 - biggest.denom().to_string().len() as i32;
        while pow10(exp) > biggest {
            exp -= 1;
        }
        while pow10(exp + 1) <= biggest {
            exp += 1;
        }
        return (exp, format!("e{exp}"));
    }
    for (exp, suffix) in SUFFIXES {
        if biggest >= pow10(*exp) {
            return (*exp, (*suffix).to_owned());
        }
    }
    (0, String::new())
}

/// A shown number with its unit: `13B USD`, `27%`, `4`.
pub fn join_unit(number: String, unit_name: &str) -> String {
    match unit_name {
        "" => number,
        "%" => format!("{number}%"),
        _ => format!("{number} {unit_name}"),
    }
}

/// A single amount in `unit`: `0.13B USD`, rounded to nearest (for a value
/// whose digits are exact, as a written figure's are).
pub fn format_amount(value: &Exact, unit: &(String, Exact), with_unit: bool) -> String {
    format_amount_rounded(value, unit, with_unit, Rounding::Nearest)
}

/// A distance in `unit` (a gap between intervals), rounded toward zero, so
/// a miss is never shown larger than it is: `0.13B USD`.
pub fn format_gap(gap: &Exact, unit: &(String, Exact), with_unit: bool) -> String {
    format_amount_rounded(gap, unit, with_unit, Rounding::TowardZero)
}

fn format_amount_rounded(
    value: &Exact,
    unit: &(String, Exact),
    with_unit: bool,
    rounding: Rounding,
) -> String {
    let v = value / &unit.1;
    let (exp, suffix) = scale_for(&[&v], &unit.0);
    let number = format!(
        "{}{suffix}",
        format_rounded(&(&v / pow10(exp)), 3, rounding)
    );
    if with_unit {
        join_unit(number, &unit.0)
    } else {
        number
    }
}

/// "misses by 0.13B USD (0.55%)": how far `value` is from `target` at the
/// most favourable ends, relative to the nearer end of the target, as every
/// report says it (the full report's labels, the HTML report's plots).
pub fn miss_text(value: &Interval, target: &Interval, unit: &(String, Exact)) -> String {
    let gap = value.gap(target);
    if gap.is_zero() {
        return "fails at the touching ends (one of them is open)".to_owned();
    }
    let reference = if value
        .lo
        .value()
        .zip(target.hi.value())
        .is_some_and(|(lo, hi)| lo > hi)
    {
        target.hi.value()
    } else {
        target.lo.value()
    };
    let amount = format_gap(&gap, unit, true);
    match reference {
        Some(r) if !r.is_zero() => {
            let pct = (&gap / r.abs()) * Exact::from_integer(100.into());
            format!(
                "misses by {amount} ({}%)",
                format_rounded(&pct, 2, Rounding::TowardZero)
            )
        }
        _ => format!("misses by {amount}"),
    }
}

/// An interval in `unit`, with a shared scale suffix and enough digits to tell
/// its ends apart: `[12.35B, 13.65B] USD`, `(14B, 15B] USD`, `[69.5%, 70.5%]`.
/// Each end is rounded outward at its shown digits (the lower end down, the
/// upper up), so the interval shown always holds the one computed; a point
/// is shown as one number only when its digits are exact. Every format's
/// intervals come from here.
pub fn format_interval(interval: &Interval, unit: &(String, Exact)) -> String {
    let convert = |b: &Bound| b.value().map(|v| v / &unit.1);
    let (lo, hi) = (convert(&interval.lo), convert(&interval.hi));
    let finite: Vec<&Exact> = lo.iter().chain(hi.iter()).collect();
    let (exp, suffix) = scale_for(&finite, &unit.0);
    let percent = unit.0 == "%";
    let show_rounded = |v: &Exact, digits: u32, rounding: Rounding| {
        let n = format_rounded(&(v / pow10(exp)), digits, rounding);
        if percent {
            format!("{n}%")
        } else {
            format!("{n}{suffix}")
        }
    };
    let tail = if percent || unit.0.is_empty() {
        String::new()
    } else {
        format!(" {}", unit.0)
    };
    if interval.is_point()
        && let Some(v) = &lo
        && show_rounded(v, 10, Rounding::Down) == show_rounded(v, 10, Rounding::Up)
    {
        return format!("{}{tail}", show_rounded(v, 10, Rounding::Down));
    }
    let (down, up) = (Rounding::Down, Rounding::Up);
    // Four significant digits, or up to six when those show both ends
    // exactly (a written `500.0B` reads as [499.95B, 500.05B], not the
    // wider [499.9B, 500.1B]).
    let exact_at = |v: &Option<Exact>, d: u32| {
        v.as_ref()
            .is_none_or(|v| show_rounded(v, d, Rounding::Down) == show_rounded(v, d, Rounding::Up))
    };
    let mut digits = (4..=6)
        .find(|&d| exact_at(&lo, d) && exact_at(&hi, d))
        .unwrap_or(4);
    let (lo_text, hi_text) = loop {
        let l = lo.as_ref().map(|v| show_rounded(v, digits, down));
        let h = hi.as_ref().map(|v| show_rounded(v, digits, up));
        if l != h || digits >= 12 {
            break (l, h);
        }
        digits += 1;
    };
    let mut out = String::new();
    match (&interval.lo, lo_text) {
        (Bound::Finite { closed, .. }, Some(t)) => {
            let _ = write!(out, "{}{t}", if *closed { "[" } else { "(" });
        }
        _ => out.push_str("(-∞"),
    }
    out.push_str(", ");
    match (&interval.hi, hi_text) {
        (Bound::Finite { closed, .. }, Some(t)) => {
            let _ = write!(out, "{t}{}", if *closed { "]" } else { ")" });
        }
        _ => out.push_str("∞)"),
    }
    out.push_str(&tail);
    out
}

/// Colours for the status words, when enabled.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Whether to emit ANSI colour codes.
    pub color: bool,
}

impl Style {
    /// `text` in the ANSI colour `code` when colour is on.
    pub fn paint(self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Renders a report with miette, without colour when `color` is false.
pub fn render_diagnostic(report: &Report, color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    let report = &printable_report(report);
    if handler.render_report(&mut out, report).is_err() {
        out = format!("{}: {}\n", report.code, report.message);
    }
    out
}

/// Every diagnostic of a run, in report order: the load errors when there
/// are any (nothing else ran), otherwise the rules' findings in file order,
/// then the built-in checks'.
pub fn run_reports(run: &CheckRun, renderer: &Renderer<'_>) -> Vec<Report> {
    let project = &run.project;
    let mut out: Vec<Report> = project
        .errors
        .iter()
        .map(|e| renderer.load_error(e))
        .collect();
    if project.has_fatal_errors() {
        return out;
    }
    for report in run.reports.iter() {
        out.extend(renderer.rule_reports(&project.rules[report.rule], report));
    }
    for (check, _) in &run.builtins {
        out.extend(renderer.builtin_reports(check));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::exact::Decimal;
    use proptest::prelude::*;

    /// A shown number back to its exact value: `-12.35B` is -12.35 × 10⁹.
    fn read_shown(text: &str) -> Exact {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let text = text.trim_end_matches('%');
        let (digits, exp) = match text.split_once('e') {
            Some((digits, exp)) => (digits, exp.parse().expect("an exponent")),
            None => SUFFIXES
                .iter()
                .find_map(|(exp, suffix)| text.strip_suffix(suffix).map(|d| (d, *exp)))
                .unwrap_or((text, 0)),
        };
        let value = Decimal::parse(digits).expect("a shown number").value() * pow10(exp);
        if negative { -value } else { value }
    }

    /// The ends an interval is shown with, back as exact values.
    fn shown_ends(shown: &str, unit: &str) -> (Option<Exact>, Option<Exact>) {
        let body = shown.strip_suffix(&format!(" {unit}")).unwrap_or(shown);
        match body.split_once(", ") {
            Some((lo, hi)) => {
                let lo = &lo[1..];
                let hi = &hi[..hi.len() - 1];
                (
                    (lo != "-∞").then(|| read_shown(lo)),
                    (hi != "∞").then(|| read_shown(hi)),
                )
            }
            None => {
                let v = read_shown(body);
                (Some(v.clone()), Some(v))
            }
        }
    }

    fn exact() -> impl Strategy<Value = Exact> {
        // Up to 15 digits over a denominator that may not divide a power of
        // ten, at any scale from thousandths to trillions.
        (
            -999_999_999_999_999i64..=999_999_999_999_999,
            1i64..=999,
            -3i32..=9,
        )
            .prop_map(|(n, d, e)| Exact::new(n.into(), d.into()) * pow10(e))
    }

    proptest! {
        /// Every interval shown holds the one computed: its lower end is at
        /// or below the exact lower end, its upper end at or above.
        #[test]
        fn a_shown_interval_holds_the_exact_one(
            a in exact(),
            b in exact(),
            unit in prop::sample::select(vec!["USD", "%", ""]),
            unbounded in 0u8..4,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let mut interval = Interval::closed(lo.clone(), hi.clone());
            if unbounded == 1 {
                interval.lo = Bound::Unbounded;
            } else if unbounded == 2 {
                interval.hi = Bound::Unbounded;
            } else if unbounded == 3 {
                interval = Interval::point(lo.clone());
            }
            let shown = format_interval(&interval, &(unit.to_owned(), Exact::from_integer(1.into())));
            let (shown_lo, shown_hi) = shown_ends(&shown, unit);
            if let Some(exact_lo) = interval.lo.value() {
                let s = shown_lo.expect("a finite lower end is shown finite");
                prop_assert!(&s <= exact_lo, "{shown}: lower end {s} above {exact_lo}");
            }
            if let Some(exact_hi) = interval.hi.value() {
                let s = shown_hi.expect("a finite upper end is shown finite");
                prop_assert!(&s >= exact_hi, "{shown}: upper end {s} below {exact_hi}");
            }
        }

        /// A gap is never shown larger than it is.
        #[test]
        fn a_shown_gap_is_never_larger(gap in exact(), unit in prop::sample::select(vec!["USD", "%"])) {
            let gap = gap.abs();
            let shown = format_gap(&gap, &(unit.to_owned(), Exact::from_integer(1.into())), false);
            let s = read_shown(&shown);
            prop_assert!(s <= gap, "{shown} is more than {gap}");
            // and within its shown digits: at most one unit of the third
            // significant digit below it.
            prop_assert!(gap.is_zero() || &gap - &s <= &gap / Exact::from_integer(100.into()));
        }
    }

    #[test]
    fn numbers_beyond_the_suffixes_are_shown_with_an_exponent() {
        let unit = ("".to_owned(), Exact::from_integer(1.into()));
        let e = |n: i64, exp: i32| Exact::from_integer(n.into()) * pow10(exp);
        let huge = Interval::closed(e(595, 21), e(605, 21));
        assert_eq!(format_interval(&huge, &unit), "[5.95e23, 6.05e23]");
        let tiny = Interval::closed(e(-35, -10), e(-25, -10));
        assert_eq!(format_interval(&tiny, &unit), "[-3.5e-9, -2.5e-9]");
        assert_eq!(format_interval(&Interval::point(e(6, 23)), &unit), "6e23");
        // Up to a thousand trillion, and down to a millionth, as before.
        let big = Interval::closed(e(1, 14), e(2, 14));
        assert_eq!(format_interval(&big, &unit), "[100T, 200T]");
        let small = Interval::closed(e(25, -6), e(35, -6));
        assert_eq!(format_interval(&small, &unit), "[0.000025, 0.000035]");
    }

    #[test]
    fn written_precision_is_shown_exactly() {
        let unit = ("USD".to_owned(), Exact::from_integer(1.into()));
        let b = |n: i64| Exact::from_integer(n.into()) * pow10(8);
        // 500.0B reads as [499.95B, 500.05B]: shown so, not [500B, 500.1B].
        let i = Interval::closed(
            b(4_999) + b(1) / Exact::from_integer(2.into()),
            b(5_000) + b(1) / Exact::from_integer(2.into()),
        );
        assert_eq!(format_interval(&i, &unit), "[499.95B, 500.05B] USD");
        // 1/3 has no exact digits: an interval, rounded outward.
        let third = Interval::point(Exact::new(1.into(), 3.into()));
        assert_eq!(
            format_interval(&third, &(String::new(), Exact::from_integer(1.into()))),
            "[0.3333, 0.3334]"
        );
    }
}
