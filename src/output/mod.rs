//! Machine-readable output: every finding of a run with its location,
//! severity, code, message, rule, claims and computed intervals, in the
//! formats CI systems read (`--output-format`).
//!
//! All formats are built from one list, [`findings`], in the order the
//! terminal report prints them (load errors by file and position, then
//! rules in file order, then the built-in checks), so the output is the
//! same whatever the thread count or the order files were created in.

use crate::check::{CheckRun, Verdict};
use crate::present::Presented;
mod full;

use crate::base::span::{SourceMap, Span};
use crate::base::text::one_line;
pub use crate::config::OutputFormat;
use crate::report::{ClaimValue, ComputedValue, Report, Style};
pub use full::{render_run, summary_line};
use miette::Severity;
use serde::Serialize;
use std::fmt::Write as _;

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

/// One rule's or built-in check's outcome, for the JSON and JUnit formats.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The rule's id, or `check:NAME`.
    pub id: String,
    /// `passed`, `failed`, `warning`, `unproven`, `expected`, `error`, `skipped`.
    pub verdict: &'static str,
    /// Where the rule is (a built-in check has no place).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Every finding shown, in report order.
pub fn findings(run: &CheckRun, presented: &Presented) -> Vec<Finding> {
    presented
        .reports
        .iter()
        .map(|r| finding(r, &run.project.sources))
        .collect()
}

/// Every rule's and built-in check's outcome under the policy, in report order.
pub fn outcomes(run: &CheckRun, presented: &Presented) -> Vec<Outcome> {
    let project = &run.project;
    let mut out: Vec<Outcome> = run
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let rule = &project.rules[r.rule];
            Outcome {
                id: rule.id.text.to_string(),
                verdict: verdict_name(presented.rule_verdicts.get(i).copied().unwrap_or(r.verdict)),
                location: Some(location(&project.sources, rule.id.span)),
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
            }),
    );
    out
}

fn verdict_name(v: Verdict) -> &'static str {
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
    let fingerprint = crate::present::fingerprint_of(r, sources);
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

/// The run in `format`.
pub fn render(run: &CheckRun, presented: &Presented, format: OutputFormat, style: Style) -> String {
    let text = render_unguarded(run, presented, format, style);
    match format {
        OutputFormat::Full | OutputFormat::Concise => inert_text(&text),
        OutputFormat::Junit => inert_xml(&text),
        OutputFormat::Json
        | OutputFormat::JsonLines
        | OutputFormat::Sarif
        | OutputFormat::Gitlab
        | OutputFormat::Rdjson => inert_json(&text),
        // Its lines are commands on purpose; a command's data is escaped
        // where it is written, and the runner reads no other command in it.
        OutputFormat::Github => text,
    }
}

/// Whether `line` is one a CI runner reads as a command: GitHub Actions takes
/// a line that starts with `::` once leading blanks are trimmed, and also
/// `##[` anywhere; Azure Pipelines takes `##vso[` anywhere.
fn is_command_line(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##[") || line.contains("##vso[")
}

/// `text` with every line a CI runner would read as a command made inert:
/// the leading `::` is written `\::`, and `##[`, `##vso[` as `##\[`,
/// `##vso\[`. A report prints what strangers wrote (quotes, titles, file
/// names); a CI log must not run it. No line factlint writes itself is such a
/// line, so only a stranger's text is ever changed.
pub fn inert_text(text: &str) -> String {
    inert_lines(text, |line| {
        let line = line.replace("##[", "##\\[").replace("##vso[", "##vso\\[");
        let lead = line.len() - line.trim_start().len();
        if line[lead..].starts_with("::") {
            format!("{}\\{}", &line[..lead], &line[lead..])
        } else {
            line
        }
    })
}

/// JSON with the commands of [`is_command_line`] made inert by writing the
/// `[` of `##[` and `##vso[` as `\u005b` (the same string to a JSON reader).
/// No JSON line starts with `::`: lines start with a brace, a bracket or
/// blanks and a quote.
fn inert_json(text: &str) -> String {
    inert_lines(text, |line| {
        line.replace("##[", "##\\u005b")
            .replace("##vso[", "##vso\\u005b")
    })
}

/// XML with the commands of [`is_command_line`] made inert by character
/// references, which read back as the same text: `&#58;` for the leading
/// `:` of a line of text content, `&#91;` for the `[` of `##[` and `##vso[`.
fn inert_xml(text: &str) -> String {
    inert_lines(text, |line| {
        let line = line
            .replace("##[", "##&#91;")
            .replace("##vso[", "##vso&#91;");
        let lead = line.len() - line.trim_start().len();
        if line[lead..].starts_with("::") {
            format!("{}&#58;{}", &line[..lead], &line[lead + 1..])
        } else {
            line
        }
    })
}

/// `text` with `fix` applied to each line that [`is_command_line`] (line
/// ends kept as they are).
fn inert_lines(text: &str, fix: impl Fn(&str) -> String) -> String {
    // A runner reads lines as .NET does: a lone `\r` ends one too.
    let lines = || text.split(['\n', '\r']);
    if !lines().any(is_command_line) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        if is_command_line(line) {
            out.push_str(&fix(line));
        } else {
            out.push_str(line);
        }
        let ending = rest[end..].chars().next().map_or(0, char::len_utf8);
        out.push_str(&rest[end..end + ending]);
        rest = &rest[end + ending..];
    }
    out
}

fn render_unguarded(
    run: &CheckRun,
    presented: &Presented,
    format: OutputFormat,
    style: Style,
) -> String {
    let findings = findings(run, presented);
    match format {
        OutputFormat::Full => full::render_run(run, presented, style),
        OutputFormat::Concise => concise(run, presented, &findings),
        OutputFormat::Json => json(run, presented, &findings),
        OutputFormat::JsonLines => {
            let mut out = String::new();
            for f in &findings {
                out.push_str(&serde_json::to_string(f).unwrap_or_default());
                out.push('\n');
            }
            out
        }
        OutputFormat::Junit => junit(run, presented, &findings),
        OutputFormat::Sarif => sarif(&findings),
        OutputFormat::Github => github(&findings),
        OutputFormat::Gitlab => gitlab(&findings),
        OutputFormat::Rdjson => rdjson(&findings),
    }
}

fn concise(run: &CheckRun, presented: &Presented, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        if f.location.file.is_empty() {
            let _ = writeln!(
                out,
                "factlint: {}[{}] {}",
                f.severity,
                f.code,
                one_line(&f.message)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.location.file,
            f.location.line,
            f.location.column,
            f.severity,
            f.code,
            one_line(&f.message)
        );
    }
    out.push_str(&full::summary_line(run, presented, Style { color: false }));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Summary {
    exit_code: i32,
    baselined: usize,
    baseline_gone: usize,
    passed: usize,
    failed: usize,
    warnings: usize,
    unproven: usize,
    expected: usize,
    errors: usize,
    skipped: usize,
    known: usize,
    ignored: usize,
    info: usize,
    filtered_out: usize,
}

fn summary(run: &CheckRun, presented: &Presented) -> Summary {
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

fn json(run: &CheckRun, presented: &Presented, findings: &[Finding]) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        tool: &'static str,
        version: &'static str,
        summary: Summary,
        outcomes: Vec<Outcome>,
        findings: &'a [Finding],
        baseline_gone: &'a [crate::present::BaselineEntry],
    }
    let doc = Document {
        tool: "factlint",
        version: env!("CARGO_PKG_VERSION"),
        summary: summary(run, presented),
        outcomes: outcomes(run, presented),
        findings,
        baseline_gone: &presented.gone,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn junit(run: &CheckRun, presented: &Presented, findings: &[Finding]) -> String {
    use quick_junit::{NonSuccessKind, Report as JReport, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("factlint");
    // Load errors belong to no rule; each is a test case of its own.
    let load_errors: Vec<&Finding> = findings.iter().filter(|f| f.rule.is_none()).collect();
    for f in &load_errors {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(f.message.clone());
        status.set_type(f.code.clone());
        status.set_description(describe(f));
        let name = if f.location.file.is_empty() {
            f.code.clone()
        } else {
            format!(
                "{}:{}:{}",
                f.location.file, f.location.line, f.location.column
            )
        };
        let mut case = TestCase::new(name, status);
        case.set_classname("load");
        suite.add_test_case(case);
    }
    for outcome in outcomes(run, presented) {
        let mine: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule.as_deref() == Some(outcome.id.as_str()))
            .collect();
        let status = match outcome.verdict {
            "failed" | "error" => {
                let kind = if outcome.verdict == "error" {
                    NonSuccessKind::Error
                } else {
                    NonSuccessKind::Failure
                };
                let mut status = TestCaseStatus::non_success(kind);
                if let Some(first) = mine.first() {
                    status.set_message(first.message.clone());
                    status.set_type(first.code.clone());
                }
                status.set_description(
                    mine.iter()
                        .map(|f| describe(f))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                status
            }
            "skipped" => {
                let mut status = TestCaseStatus::skipped();
                status.set_message("nothing to check");
                status
            }
            _ => TestCaseStatus::success(),
        };
        let mut case = TestCase::new(outcome.id.clone(), status);
        case.set_classname(if outcome.id.starts_with("check:") {
            "check"
        } else {
            "rule"
        });
        if matches!(outcome.verdict, "warning" | "unproven" | "expected") {
            case.set_system_out(format!(
                "{}\n{}",
                outcome.verdict,
                mine.iter()
                    .map(|f| describe(f))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        suite.add_test_case(case);
    }
    let mut report = JReport::new("factlint");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_default()
}

/// A finding as plain text: the message and every location.
fn describe(f: &Finding) -> String {
    let message = one_line(&f.message);
    let mut out = if f.location.file.is_empty() {
        format!("factlint: {}[{}] {message}", f.severity, f.code)
    } else {
        format!(
            "{}:{}:{}: {}[{}] {message}",
            f.location.file, f.location.line, f.location.column, f.severity, f.code
        )
    };
    for line in details(f) {
        let _ = write!(out, "\n  {line}");
    }
    out
}

/// What a finding says beyond its headline, a line each, for the formats
/// that carry text only (JUnit, GitHub, GitLab, reviewdog): the rule, each
/// claim with its interval, each labelled place, and the help.
fn details(f: &Finding) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(rule) = &f.rule {
        lines.push(format!("rule: {rule}"));
    }
    for c in &f.claims {
        lines.push(format!("claim {} = {}: {}", c.id, c.written, c.interval));
    }
    for l in f.labels.iter().filter(|l| !l.message.is_empty()) {
        lines.push(format!(
            "{}:{}:{}: {}",
            l.location.file, l.location.line, l.location.column, l.message
        ));
    }
    let mut lines: Vec<String> = lines.iter().map(|l| one_line(l).into_owned()).collect();
    // The help is factlint's own text: its lines stay lines, indented.
    if let Some(help) = &f.help {
        for (i, line) in help.lines().enumerate() {
            let lead = if i == 0 { "help: " } else { "  " };
            lines.push(format!("{lead}{}", one_line(line)));
        }
    }
    lines
}

fn sarif(findings: &[Finding]) -> String {
    use serde_json::json;
    let mut codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<_> = codes
        .iter()
        .map(|code| {
            json!({
                "id": code,
                "name": code.rsplit("::").next().unwrap_or(code),
                "shortDescription": { "text": describe_code(code) },
                "helpUri": "https://github.com/factlint/factlint/blob/main/docs/language.md#12-diagnostic-codes",
            })
        })
        .collect();
    let region = |l: &Location| {
        json!({
            "startLine": l.line,
            "startColumn": l.column,
            "endLine": l.end_line,
            "endColumn": l.end_column.max(if l.end_line == l.line { l.column } else { 1 }),
        })
    };
    let physical = |l: &Location| {
        json!({
            "artifactLocation": { "uri": l.file },
            "region": region(l),
        })
    };
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            let related: Vec<_> = f
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i,
                        "physicalLocation": physical(&l.location),
                        "message": { "text": if l.message.is_empty() { f.message.clone() } else { l.message.clone() } },
                    })
                })
                .collect();
            let rule_index = codes.iter().position(|c| *c == f.code).unwrap_or(0);
            json!({
                "ruleId": f.code,
                "ruleIndex": rule_index,
                "level": match f.severity { "error" => "error", "warning" => "warning", _ => "note" },
                "message": { "text": match &f.help { Some(h) => format!("{}\n{h}", f.message), None => f.message.clone() } },
                "locations": if f.location.file.is_empty() { json!([]) } else { json!([ { "physicalLocation": physical(&f.location) } ]) },
                "relatedLocations": related,
                "partialFingerprints": { "factlint/v1": f.fingerprint },
                "properties": {
                    "rule": f.rule,
                    "claims": f.claims,
                    "values": f.values,
                },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "factlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/factlint/factlint",
                "rules": rules,
            } },
            "results": results,
            "columnKind": "unicodeCodePoints",
        } ],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A one-line description of a diagnostic code, for SARIF's rule table.
fn describe_code(code: &str) -> String {
    let last = code.rsplit("::").next().unwrap_or(code);
    let area = code
        .strip_prefix("factlint::")
        .and_then(|rest| rest.split("::").next())
        .unwrap_or("factlint");
    format!("{area}: {}", last.replace('_', " "))
}

/// GitHub workflow commands; the properties and message are escaped as the
/// runner expects.
fn github(findings: &[Finding]) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let mut text = f.message.clone();
        for line in details(f) {
            text.push('\n');
            text.push_str(&line);
        }
        if f.location.file.is_empty() {
            let _ = writeln!(
                out,
                "::{command} title={}::{}",
                property(&f.code),
                data(&text)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&f.location.file),
            f.location.line,
            f.location.column,
            f.location.end_line,
            f.location.end_column,
            property(&f.code),
            data(&text)
        );
    }
    out
}

fn gitlab(findings: &[Finding]) -> String {
    use serde_json::json;
    let items: Vec<_> = findings
        .iter()
        .map(|f| {
            // Code Climate's issue format, which GitLab reads: positions
            // carry columns, `content.body` the rule, claims and intervals,
            // `other_locations` the claims' places.
            let positions = |l: &Location| {
                json!({
                    "path": l.file,
                    "positions": {
                        "begin": { "line": l.line, "column": l.column },
                        "end": { "line": l.end_line, "column": l.end_column },
                    },
                })
            };
            let others: Vec<_> = f
                .labels
                .iter()
                .filter(|l| l.location != f.location && !l.location.file.is_empty())
                .map(|l| positions(&l.location))
                .collect();
            json!({
                "type": "issue",
                "description": f.message,
                "check_name": f.code,
                "categories": ["Bug Risk"],
                "fingerprint": f.fingerprint,
                "severity": match f.severity { "error" => "major", "warning" => "minor", _ => "info" },
                "location": positions(&f.location),
                "other_locations": others,
                "content": { "body": details(f).join("\n") },
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}

fn rdjson(findings: &[Finding]) -> String {
    use serde_json::json;
    let position = |line: usize, column: usize| json!({ "line": line, "column": column });
    let diagnostics: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "message": f.message,
                "location": {
                    "path": f.location.file,
                    "range": {
                        "start": position(f.location.line, f.location.column),
                        "end": position(f.location.end_line, f.location.end_column),
                    },
                },
                "severity": match f.severity { "error" => "ERROR", "warning" => "WARNING", _ => "INFO" },
                "code": { "value": f.code },
                "related_locations": f
                    .labels
                    .iter()
                    .filter(|l| l.location != f.location && !l.location.file.is_empty())
                    .map(|l| json!({
                        "message": l.message,
                        "location": {
                            "path": l.location.file,
                            "range": {
                                "start": position(l.location.line, l.location.column),
                                "end": position(l.location.end_line, l.location.end_column),
                            },
                        },
                    }))
                    .collect::<Vec<_>>(),
                "original_output": describe(f),
            })
        })
        .collect();
    let doc = json!({
        "source": { "name": "factlint", "url": "https://github.com/factlint/factlint" },
        "severity": "ERROR",
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_are_made_inert_and_others_kept() {
        let text = "ok line\r\n  ::error::x\r\nsee ##[group]a and ##vso[task.x]b\nfactlint::code\n";
        assert_eq!(
            inert_text(text),
            "ok line\r\n  \\::error::x\r\nsee ##\\[group]a and ##vso\\[task.x]b\nfactlint::code\n"
        );
        // A lone `\r` ends a line for the runner.
        assert_eq!(inert_text("a\r::error::x\rb"), "a\r\\::error::x\rb");
        assert_eq!(inert_text("plain\n"), "plain\n");
        let json = r###"{"m":"##[error] and ##vso[x]"}"###;
        let inert = inert_json(json);
        assert!(!inert.contains("##["), "{inert}");
        let back: serde_json::Value = serde_json::from_str(&inert).expect("json");
        assert_eq!(back["m"], "##[error] and ##vso[x]");
        assert_eq!(
            inert_xml("<a>\n::error::x ##[y]</a>"),
            "<a>\n&#58;:error::x ##&#91;y]</a>"
        );
    }
}
