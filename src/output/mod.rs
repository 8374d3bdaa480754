//! The output formats (`--output-format`): the test-style report
//! ([`render_run`]) and the formats CI systems read, each rendered from an
//! [`Analysis`] and nothing else. `json` is the analysis serialised.
//!
//! All formats are built from one list, [`Analysis::findings`], in the order the
//! terminal report prints them (load errors by file and position, then
//! rules in file order, then the built-in checks), so the output is the
//! same whatever the thread count or the order files were created in.

use crate::analysis::Analysis;
use crate::analysis::data::{Finding, Location, verdicts};
use crate::check::CheckRun;
use crate::present::Presented;
mod full;

use crate::base::text::one_line;
pub use crate::config::OutputFormat;
use crate::report::Style;
pub use full::{render_run, summary_line};
use std::fmt::Write as _;

/// The run in `format`.
pub fn render(analysis: &Analysis, format: OutputFormat, style: Style) -> String {
    let text = render_unguarded(analysis, format, style);
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

fn render_unguarded(analysis: &Analysis, format: OutputFormat, style: Style) -> String {
    let (run, presented) = (analysis.run(), analysis.presented());
    let findings = analysis.findings();
    match format {
        OutputFormat::Full => full::render_run(run, presented, style),
        OutputFormat::Concise => concise(run, presented, &findings),
        OutputFormat::Json => json(analysis, &findings),
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

fn json(analysis: &Analysis, findings: &[Finding]) -> String {
    serde_json::to_string_pretty(&analysis.document(findings)).unwrap_or_default() + "\n"
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
    for (id, verdict) in verdicts(run, presented) {
        let mine: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule.as_deref() == Some(id.as_str()))
            .collect();
        let status = match verdict {
            "failed" | "error" => {
                let kind = if verdict == "error" {
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
        let mut case = TestCase::new(id.clone(), status);
        case.set_classname(if id.starts_with("check:") {
            "check"
        } else {
            "rule"
        });
        if matches!(verdict, "warning" | "unproven" | "expected") {
            case.set_system_out(format!(
                "{}\n{}",
                verdict,
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
