//! What a run shows and how it exits, once the team's policy is applied:
//! per-code severity overrides (`[severity]` in factlint.toml), a baseline
//! of known findings (`--baseline`), and `--deny warnings`.
//!
//! Every output format is built from the [`Presented`] list, so the
//! terminal report, the machine formats and the exit code always agree.

use crate::base::span::SourceMap;
use crate::check::{CheckRun, Verdict};
pub use crate::config::{Level, OVERRIDABLE, overridable};
use crate::report::{self, Owner, Renderer, Report};
use miette::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The policy a run is presented under.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Per-code levels.
    pub overrides: BTreeMap<String, Level>,
    /// Warnings gate too.
    pub deny_warnings: bool,
    /// Known findings, by fingerprint.
    pub baseline: Option<Baseline>,
}

/// A baseline file: the findings a corpus had when factlint was adopted.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    /// The format's version.
    pub version: u32,
    /// The findings, sorted by fingerprint.
    pub findings: Vec<BaselineEntry>,
}

/// One recorded finding.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct BaselineEntry {
    /// Its stable fingerprint (the code, rule, claims and text at its place).
    pub fingerprint: String,
    /// Its code.
    pub code: String,
    /// Its rule, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Its file.
    pub file: String,
    /// Its message when it was recorded, for people reading the file.
    pub message: String,
}

/// The baseline format written today.
pub const BASELINE_VERSION: u32 = 1;

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = crate::base::fs::read_text(path, crate::config::DEFAULT_MAX_FILE_SIZE)?;
        // serde_json's message ends with the line and column.
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "not a factlint baseline: {}",
                crate::base::text::one_line(&e.to_string())
            )
        })?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "baseline version {} is not supported (this factlint writes version {BASELINE_VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// The baseline of `presented`'s findings (before any baseline).
    pub fn of(presented: &Presented, sources: &SourceMap) -> Baseline {
        let mut findings: Vec<BaselineEntry> = presented
            .reports
            .iter()
            .map(|r| entry(r, sources))
            .collect();
        findings.sort();
        Baseline {
            version: BASELINE_VERSION,
            findings,
        }
    }

    /// The file's text: pretty JSON, one entry per finding, sorted.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn entry(r: &Report, sources: &SourceMap) -> BaselineEntry {
    let file = match r.span {
        Some(span) => sources.file(span.file).name.clone(),
        None => r.context.file.clone().unwrap_or_default(),
    };
    BaselineEntry {
        fingerprint: fingerprint_of(r, sources),
        code: r.code.to_owned(),
        rule: r.context.rule.clone(),
        file,
        message: crate::base::text::printable(&r.message).into_owned(),
    }
}

/// A run's findings under a policy.
#[derive(Debug)]
pub struct Presented {
    /// The findings to show, in report order.
    pub reports: Vec<Report>,
    /// How many findings the baseline hid.
    pub baselined: usize,
    /// Baseline entries that no longer occur.
    pub gone: Vec<BaselineEntry>,
    /// The exit code: 2 could not run, 1 findings at a gating level, 0 clean.
    pub exit_code: i32,
    /// Each rule's verdict under the policy, in `run.reports` order.
    pub rule_verdicts: Vec<Verdict>,
    /// Each built-in check's verdict under the policy, in `run.builtins` order.
    pub check_verdicts: Vec<Verdict>,
}

impl Presented {
    /// How many rules and built-in checks have `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.rule_verdicts
            .iter()
            .chain(&self.check_verdicts)
            .filter(|v| **v == verdict)
            .count()
    }
}

/// A verdict under the policy: what is left of its findings decides.
fn shown_verdict(verdict: Verdict, owner: Owner, reports: &[Report], hidden: &[Owner]) -> Verdict {
    if !matches!(
        verdict,
        Verdict::Failed | Verdict::Errored | Verdict::Warned | Verdict::Unproven
    ) {
        return verdict;
    }
    let levels: Vec<Severity> = reports
        .iter()
        .filter(|r| r.context.owner == Some(owner))
        .map(|r| r.severity)
        .collect();
    if levels.is_empty() {
        return if hidden.contains(&owner) {
            Verdict::Known
        } else {
            Verdict::Ignored
        };
    }
    if levels.contains(&Severity::Error) {
        return match verdict {
            Verdict::Errored => Verdict::Errored,
            _ => Verdict::Failed,
        };
    }
    if levels.contains(&Severity::Warning) {
        return match verdict {
            Verdict::Unproven => Verdict::Unproven,
            _ => Verdict::Warned,
        };
    }
    Verdict::Noted
}

/// Applies `policy` to `run`.
pub fn present(run: &CheckRun, policy: &Policy) -> Presented {
    let project = &run.project;
    let renderer = Renderer::new(&project.sources, &project.corpus);
    let mut reports: Vec<Report> = report::run_reports(run, &renderer)
        .into_iter()
        .filter_map(|mut r| {
            match policy.overrides.get(r.code) {
                Some(Level::Off) => return None,
                Some(Level::Error) => r.severity = Severity::Error,
                Some(Level::Warning) => r.severity = Severity::Warning,
                Some(Level::Info) => r.severity = Severity::Advice,
                None => {}
            }
            Some(r)
        })
        .collect();
    let mut baselined = 0;
    let mut hidden_owners: Vec<Owner> = Vec::new();
    let mut gone = Vec::new();
    if let Some(baseline) = &policy.baseline {
        let mut known: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &baseline.findings {
            *known.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        reports.retain(|r| {
            let fp = fingerprint_of(r, &project.sources);
            match known.get_mut(fp.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    baselined += 1;
                    if let Some(owner) = r.context.owner {
                        hidden_owners.push(owner);
                    }
                    false
                }
                _ => true,
            }
        });
        // Entries left over no longer occur (one per missing occurrence).
        let mut left = known;
        for e in &baseline.findings {
            if let Some(n) = left.get_mut(e.fingerprint.as_str())
                && *n > 0
            {
                *n -= 1;
                gone.push(e.clone());
            }
        }
    }
    let exit_code = if !project.errors.is_empty() {
        2
    } else if reports.iter().any(|r| {
        r.severity == Severity::Error || (policy.deny_warnings && r.severity == Severity::Warning)
    }) {
        1
    } else {
        0
    };

    let rule_verdicts = run
        .reports
        .iter()
        .map(|r| shown_verdict(r.verdict, Owner::Rule(r.rule), &reports, &hidden_owners))
        .collect();
    let check_verdicts = run
        .builtins
        .iter()
        .map(|(check, verdict)| {
            shown_verdict(*verdict, Owner::Check(check.name), &reports, &hidden_owners)
        })
        .collect();
    Presented {
        reports,
        baselined,
        gone,
        exit_code,
        rule_verdicts,
        check_verdicts,
    }
}

/// A finding's stable fingerprint: its code, rule, file, claims and the
/// text at its primary location, but not the line it is on, so it survives
/// edits elsewhere in the file.
pub fn fingerprint_of(r: &Report, sources: &SourceMap) -> String {
    let file = match r.span {
        Some(span) => sources.file(span.file).name.as_str(),
        None => r.context.file.as_deref().unwrap_or_default(),
    };
    let anchor = r.span.map(|s| sources.slice(s)).unwrap_or_default();
    let claims = r
        .context
        .claims
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(",");
    fingerprint(&[
        r.code,
        r.context.rule.as_deref().unwrap_or_default(),
        file,
        &claims,
        anchor,
        if r.span.is_none() { &r.message } else { "" },
    ])
}

/// FNV-1a, 64 bits, over the parts separated by NUL: stable across
/// platforms and releases, which a baseline file needs.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every finding code the sources emit under the overridable areas is in
    /// the list, so a `[severity]` key can name it.
    #[test]
    fn the_overridable_list_is_complete() {
        let areas = [
            "rule", "resolve", "eval", "quote", "claim", "source", "draft",
        ];
        let mut missing = Vec::new();
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
            let entry = entry.expect("walk src");
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("read");
            for piece in text.split('"').skip(1).step_by(2) {
                let Some(rest) = piece.strip_prefix("factlint::") else {
                    continue;
                };
                let Some((area, name)) = rest.split_once("::") else {
                    continue;
                };
                if areas.contains(&area)
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    && !overridable(piece)
                {
                    missing.push(piece.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "add to OVERRIDABLE: {missing:?}");
    }
}
