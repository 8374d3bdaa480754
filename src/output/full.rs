//! The `full` format: the test-style report (a header, a line per rule and
//! per built-in check with the verdict the policy gives it, every finding as
//! a miette diagnostic, and the summary line).

use crate::base::text::{one_line, printable};
use crate::check::{CheckRun, LoadError, Verdict};
use crate::eval::Outcome;
use crate::present::Presented;
use crate::report::{Style, render_diagnostic};
use std::fmt::Write as _;

/// The whole test-style report of a run, under a policy.
pub fn render_run(run: &CheckRun, presented: &Presented, style: Style) -> String {
    let project = &run.project;
    let mut out = String::new();
    if project.has_fatal_errors() {
        for r in &presented.reports {
            out.push_str(&render_diagnostic(r, style.color));
            out.push('\n');
        }
        let n = project.errors.len();
        let _ = writeln!(
            out,
            "{}: could not check: {n} {} in the input files",
            style.paint("error", "1;31"),
            if n == 1 { "error" } else { "errors" }
        );
        return out;
    }
    let n = run.reports.len();
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let builtins = match run.builtins.len() {
        0 => String::new(),
        b => format!(" and {b} built-in {}", plural(b, "check", "checks")),
    };
    let claims = project.corpus.claims.len();
    let _ = writeln!(
        out,
        "running {n} {}{builtins} over {claims} {}\n",
        plural(n, "rule", "rules"),
        plural(claims, "claim", "claims"),
    );
    for (i, report) in run.reports.iter().enumerate() {
        let rule = &project.rules[report.rule];
        let verdict = presented
            .rule_verdicts
            .get(i)
            .copied()
            .unwrap_or(report.verdict);
        let status = match verdict {
            Verdict::Known => style.paint("known (in baseline)", "36"),
            Verdict::Ignored => style.paint("ignored (severity off)", "36"),
            Verdict::Noted => style.paint("info", "36"),
            Verdict::Passed => style.paint("ok", "32"),
            Verdict::Failed
                if report.result.outcome == Outcome::Unproven && rule.expect.is_none() =>
            {
                if report.strict {
                    style.paint("FAILED (unproven, strict)", "31")
                } else {
                    style.paint("FAILED (unproven, severity error)", "31")
                }
            }
            Verdict::Failed => style.paint("FAILED", "31"),
            Verdict::Warned => style.paint("warning", "33"),
            Verdict::Unproven => style.paint("unproven", "33"),
            Verdict::Expected => match report.result.outcome {
                Outcome::Unproven => style.paint("expected unproven", "36"),
                _ => style.paint("expected failure", "36"),
            },
            Verdict::Errored => style.paint("ERROR", "31"),
            Verdict::Skipped => style.paint("skipped", "33"),
        };
        let _ = writeln!(out, "rule {} ... {status}", rule.id.text);
    }
    for (i, (check, verdict)) in run.builtins.iter().enumerate() {
        let verdict = presented.check_verdicts.get(i).unwrap_or(verdict);
        let status = match verdict {
            Verdict::Known => style.paint("known (in baseline)", "36"),
            Verdict::Ignored => style.paint("ignored (severity off)", "36"),
            Verdict::Noted => style.paint("info", "36"),
            Verdict::Warned => style.paint("warning", "33"),
            Verdict::Skipped => style.paint("skipped", "33"),
            Verdict::Passed => style.paint("ok", "32"),
            _ => style.paint("FAILED", "31"),
        };
        let detail = match &check.skipped {
            Some(why) if !check.ran => format!("{why}; pass --sources DIR"),
            Some(why) => format!("{}; {why}; pass --sources DIR", check.checked),
            None => check.checked.clone(),
        };
        let _ = writeln!(out, "check {} ... {status} ({detail})", check.name);
    }
    if !presented.reports.is_empty() {
        out.push('\n');
        for f in &presented.reports {
            out.push_str(&render_diagnostic(f, style.color));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&summary_line(run, presented, style));
    out.push('\n');
    if !project.errors.is_empty() {
        let n: usize = project
            .errors
            .iter()
            .map(|e| match e {
                LoadError::TooManyErrors { more, .. } => *more,
                _ => 1,
            })
            .sum();
        let _ = writeln!(
            out,
            "{}: {n} syntax {} in rules files: the rules in them that could not be read did not run",
            style.paint("error", "1;31"),
            if n == 1 { "error" } else { "errors" }
        );
    }
    if !presented.gone.is_empty() {
        let n = presented.gone.len();
        let _ = writeln!(
            out,
            "baseline: {n} recorded {} no longer {}; update the baseline with `--write-baseline`:",
            if n == 1 { "finding" } else { "findings" },
            if n == 1 { "occurs" } else { "occur" }
        );
        // The baseline arrives with the tree: every field of it is shown on
        // one line, escaped, so none can begin a line of the report.
        let shown = |text: &str| one_line(&printable(text)).into_owned();
        for e in &presented.gone {
            let _ = writeln!(
                out,
                "  {} {} [{}] {}",
                shown(&e.fingerprint),
                shown(&e.file),
                shown(&e.code),
                shown(&e.message)
            );
        }
    }
    out
}

/// `result: FAILED. 21 passed; 1 failed; 1 unproven; 2 expected`.
pub fn summary_line(run: &CheckRun, presented: &Presented, style: Style) -> String {
    let failed = presented.count(Verdict::Failed);
    let errors = presented.count(Verdict::Errored);
    let word = if presented.exit_code != 0 {
        style.paint("FAILED", "31")
    } else {
        style.paint("ok", "32")
    };
    let mut line = format!(
        "result: {word}. {} passed; {failed} failed; {} unproven; {} expected",
        presented.count(Verdict::Passed),
        presented.count(Verdict::Unproven),
        presented.count(Verdict::Expected)
    );
    let warned = presented.count(Verdict::Warned);
    if warned > 0 {
        let _ = write!(
            line,
            "; {warned} {}",
            if warned == 1 { "warning" } else { "warnings" }
        );
    }
    if errors > 0 {
        let _ = write!(
            line,
            "; {errors} {}",
            if errors == 1 { "error" } else { "errors" }
        );
    }
    let skipped = presented.count(Verdict::Skipped);
    if skipped > 0 {
        let _ = write!(line, "; {skipped} skipped");
    }
    if run.filtered_out > 0 {
        let _ = write!(line, "; {} filtered out", run.filtered_out);
    }
    let noted = presented.count(Verdict::Noted);
    if noted > 0 {
        let _ = write!(line, "; {noted} info");
    }
    let ignored = presented.count(Verdict::Ignored);
    if ignored > 0 {
        let _ = write!(line, "; {ignored} ignored");
    }
    if presented.baselined > 0 {
        let _ = write!(line, "; {} in baseline", presented.baselined);
    }
    line
}
