//! Outcome snapshots: every rule's and built-in check's outcome as a
//! readable, diff-friendly text (`factlint.snap`), read back into entries,
//! compared with a run, and merged change by change as a review decides.
//!
//! An entry is one rule or check: its verdict, then each assertion's outcome
//! and each comparison with both sides' intervals. Interval ends are written
//! with [`DIGITS`] significant digits, rounded outward (a lower end down, an
//! upper end up), so the interval written always holds the one computed, and
//! the text is the same on every run, thread count and machine. Nothing here
//! reads or writes a file: the command line does, and only when asked.

use crate::analysis::Analysis;
use crate::analysis::data::{End, IntervalValue, OutcomeDetail};
use crate::base::exact::{Exact, Rounding, format_rounded};
use std::fmt::Write as _;

/// Significant digits of a written interval end.
pub const DIGITS: i32 = 6;

/// The first line of every snapshot file.
pub const HEADER: &str = "# factlint outcome snapshot (version 1): `factlint check --snapshot` compares a run with it;\n# `factlint snapshot --review` records changes. Interval ends: 6 significant digits, rounded outward.\n";

/// One rule's or built-in check's recorded outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `rule ID` or `check NAME` (`rule ID #2` for a repeated id): what the
    /// entry is matched by.
    pub key: String,
    /// Its lines, the first `KEY: VERDICT`.
    pub lines: Vec<String>,
}

/// A snapshot: entries in report order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The entries.
    pub entries: Vec<Entry>,
}

/// A snapshot file that is not one, with the line where it stops being one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SnapshotError {}

/// How an entry differs between a recorded snapshot and a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// In the run, not recorded.
    Added(Entry),
    /// Recorded, not in the run.
    Removed(Entry),
    /// Recorded differently.
    Changed {
        /// As recorded.
        old: Entry,
        /// As the run gives it.
        new: Entry,
    },
}

impl Change {
    /// The key of the entry that changed.
    pub fn key(&self) -> &str {
        match self {
            Change::Added(e) | Change::Removed(e) => &e.key,
            Change::Changed { new, .. } => &new.key,
        }
    }

    /// The change as a unified diff of its entry's lines.
    pub fn diff(&self) -> String {
        let (old, new) = match self {
            Change::Added(e) => (String::new(), entry_text(e)),
            Change::Removed(e) => (entry_text(e), String::new()),
            Change::Changed { old, new } => (entry_text(old), entry_text(new)),
        };
        unified(&old, &new)
    }
}

impl Snapshot {
    /// The snapshot of an analysis.
    pub fn of(analysis: &Analysis) -> Snapshot {
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for outcome in analysis.outcomes() {
            let base = match outcome.id.strip_prefix("check:") {
                Some(name) => format!("check {name}"),
                None => format!("rule {}", outcome.id),
            };
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let key = if *n == 1 {
                base
            } else {
                format!("{base} #{n}")
            };
            let mut lines = vec![format!("{key}: {}", outcome.verdict)];
            if let OutcomeDetail::Rule(rule) = &outcome.detail {
                for (i, assertion) in rule.assertions.iter().enumerate() {
                    let split = match &assertion.split {
                        Some(split) if split.decided => " (decided by splitting)",
                        _ => "",
                    };
                    lines.push(format!("  assert {}: {}{split}", i + 1, assertion.outcome));
                    for c in &assertion.comparisons {
                        let rhs = match (&c.widened, &c.rhs) {
                            (Some(w), _) => format!(" {}", interval(w)),
                            (None, Some(rhs)) => format!(" {}", interval(&rhs.interval)),
                            (None, None) => String::new(),
                        };
                        lines.push(format!(
                            "    {} {}{rhs}: {}",
                            interval(&c.lhs.interval),
                            c.operator,
                            c.truth
                        ));
                    }
                }
            }
            entries.push(Entry { key, lines });
        }
        Snapshot { entries }
    }

    /// Reads a snapshot file's text.
    pub fn parse(text: &str) -> Result<Snapshot, SnapshotError> {
        let mut entries: Vec<Entry> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with(' ') {
                match entries.last_mut() {
                    Some(entry) => entry.lines.push(line.to_owned()),
                    None => {
                        return Err(SnapshotError {
                            line: n + 1,
                            message: "an indented line before any entry".to_owned(),
                        });
                    }
                }
                continue;
            }
            let Some((key, _)) = line
                .rsplit_once(": ")
                .filter(|(k, _)| k.starts_with("rule ") || k.starts_with("check "))
            else {
                return Err(SnapshotError {
                    line: n + 1,
                    message: format!(
                        "expected `rule ID: VERDICT` or `check NAME: VERDICT`, found {:?}; rewrite the file with `factlint snapshot --accept`",
                        crate::base::text::shortened(line, 80)
                    ),
                });
            };
            entries.push(Entry {
                key: key.to_owned(),
                lines: vec![line.to_owned()],
            });
        }
        Ok(Snapshot { entries })
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for entry in &self.entries {
            out.push('\n');
            out.push_str(&entry_text(entry));
        }
        out
    }

    /// How `run` differs from this recorded snapshot: changed and added
    /// entries in the run's order, then removed ones in the recorded order.
    /// A run that left rules out (`-k`) says nothing of the entries it left
    /// out: [`Snapshot::within`] keeps only the changes it can speak for.
    pub fn changes(&self, run: &Snapshot) -> Vec<Change> {
        let recorded: std::collections::HashMap<&str, &Entry> =
            self.entries.iter().map(|e| (e.key.as_str(), e)).collect();
        let current: std::collections::HashSet<&str> =
            run.entries.iter().map(|e| e.key.as_str()).collect();
        let mut out = Vec::new();
        for entry in &run.entries {
            match recorded.get(entry.key.as_str()) {
                None => out.push(Change::Added(entry.clone())),
                Some(old) if old.lines != entry.lines => out.push(Change::Changed {
                    old: (*old).clone(),
                    new: entry.clone(),
                }),
                Some(_) => {}
            }
        }
        for entry in &self.entries {
            if !current.contains(entry.key.as_str()) {
                out.push(Change::Removed(entry.clone()));
            }
        }
        out
    }

    /// The changes of `changes` that are not removals: what a run that left
    /// rules out can say.
    pub fn within(changes: Vec<Change>) -> Vec<Change> {
        changes
            .into_iter()
            .filter(|c| !matches!(c, Change::Removed(_)))
            .collect()
    }

    /// This recorded snapshot with the changes `accept` takes applied, the
    /// others left as recorded. Entries come in the run's order, then the
    /// recorded entries the run does not have (a removal not taken, or an
    /// entry a filter left out of the run).
    pub fn merge(&self, run: &Snapshot, mut accept: impl FnMut(&Change) -> bool) -> Snapshot {
        let recorded: std::collections::HashMap<&str, &Entry> =
            self.entries.iter().map(|e| (e.key.as_str(), e)).collect();
        let mut taken = std::collections::HashSet::new();
        for change in self.changes(run) {
            if accept(&change) {
                taken.insert(change.key().to_owned());
            }
        }
        let mut entries = Vec::new();
        for entry in &run.entries {
            match recorded.get(entry.key.as_str()) {
                Some(old) if !taken.contains(&entry.key) => entries.push((*old).clone()),
                None if !taken.contains(&entry.key) => {}
                _ => entries.push(entry.clone()),
            }
        }
        let in_run: std::collections::HashSet<&str> =
            run.entries.iter().map(|e| e.key.as_str()).collect();
        entries.extend(
            self.entries
                .iter()
                .filter(|e| !in_run.contains(e.key.as_str()) && !taken.contains(&e.key))
                .cloned(),
        );
        Snapshot { entries }
    }
}

fn entry_text(entry: &Entry) -> String {
    let mut out = String::new();
    for line in &entry.lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A unified diff of two texts, without headers.
pub fn unified(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        let _ = write!(out, "{hunk}");
    }
    out
}

/// An interval with its ends rounded outward to [`DIGITS`] significant
/// digits: `[23700000000, 23900000000] USD`, `(50%, ∞)`, `[0.65%, 0.75%]`.
pub fn interval(value: &IntervalValue) -> String {
    let percent = value.unit == "%";
    let end = |e: &Option<End>, up: bool| -> Option<(String, bool)> {
        let e = e.as_ref()?;
        let exact: Exact = e.value.parse().ok()?;
        let text = outward(&exact, up);
        Some((if percent { text + "%" } else { text }, e.closed))
    };
    let mut out = String::new();
    match end(&value.low, false) {
        Some((text, closed)) => {
            out.push(if closed { '[' } else { '(' });
            out.push_str(&text);
        }
        None => out.push_str("(-∞"),
    }
    out.push_str(", ");
    match end(&value.high, true) {
        Some((text, closed)) => {
            out.push_str(&text);
            out.push(if closed { ']' } else { ')' });
        }
        None => out.push_str("∞)"),
    }
    if !percent && !value.unit.is_empty() {
        out.push(' ');
        out.push_str(&value.unit);
    }
    out
}

/// `x` written with [`DIGITS`] significant digits, rounded up (`up`) or
/// down: never past `x` in the other direction.
pub fn outward(x: &Exact, up: bool) -> String {
    let rounding = if up { Rounding::Up } else { Rounding::Down };
    format_rounded(x, DIGITS as u32, rounding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::exact::pow10;
    use num_traits::{Signed, Zero};
    use proptest::prelude::*;

    fn q(n: i64, d: i64) -> Exact {
        Exact::new(n.into(), d.into())
    }

    #[test]
    fn ends_are_rounded_outward() {
        assert_eq!(outward(&q(1, 3), false), "0.333333");
        assert_eq!(outward(&q(1, 3), true), "0.333334");
        assert_eq!(outward(&q(-1, 3), false), "-0.333334");
        assert_eq!(outward(&q(-1, 3), true), "-0.333333");
        assert_eq!(outward(&q(23_700_000_000, 1), false), "23700000000");
        assert_eq!(outward(&q(2_370_000_001, 1), true), "2370010000");
        assert_eq!(outward(&q(9_999_995, 10), true), "1000000");
        assert_eq!(outward(&q(0, 1), true), "0");
    }

    proptest! {
        /// The written end is on the outer side of the exact one, and within
        /// one unit of its last digit.
        #[test]
        fn an_outward_end_holds_the_exact_one(n in -10_000_000_000i64..10_000_000_000, d in 1i64..100_000) {
            let x = q(n, d);
            let low = decimal(&outward(&x, false));
            let high = decimal(&outward(&x, true));
            prop_assert!(low <= x && x <= high);
            if !x.is_zero() {
                let width = (&high - &low).abs();
                prop_assert!(width <= x.abs() * pow10(1 - DIGITS) * Exact::from_integer(2.into()));
            }
        }
    }

    /// A written decimal as an exact number.
    fn decimal(text: &str) -> Exact {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits: num_bigint::BigInt = format!("{int}{frac}").parse().expect("digits");
        let value = Exact::from_integer(digits) / pow10(frac.len() as i32);
        if negative { -value } else { value }
    }

    fn entry(key: &str, verdict: &str) -> Entry {
        Entry {
            key: key.to_owned(),
            lines: vec![format!("{key}: {verdict}")],
        }
    }

    #[test]
    fn a_snapshot_reads_back_as_written_and_merges_what_is_accepted() {
        let old = Snapshot {
            entries: vec![
                entry("rule a", "passed"),
                entry("rule b", "passed"),
                entry("rule gone", "failed"),
            ],
        };
        assert_eq!(Snapshot::parse(&old.render()), Ok(old.clone()));
        let run = Snapshot {
            entries: vec![
                entry("rule a", "failed"),
                entry("rule b", "passed"),
                entry("rule new", "passed"),
            ],
        };
        let keys: Vec<String> = old
            .changes(&run)
            .iter()
            .map(|c| c.key().to_owned())
            .collect();
        assert_eq!(keys, ["rule a", "rule new", "rule gone"]);
        assert_eq!(old.merge(&run, |_| true), run);
        assert_eq!(old.merge(&run, |_| false), old.merge(&old, |_| false));
        // Only the new entry taken: `a` stays passed, `gone` stays recorded.
        let merged = old.merge(&run, |c| matches!(c, Change::Added(_)));
        let verdicts: Vec<&str> = merged.entries.iter().map(|e| e.lines[0].as_str()).collect();
        assert_eq!(
            verdicts,
            [
                "rule a: passed",
                "rule b: passed",
                "rule new: passed",
                "rule gone: failed"
            ]
        );
    }

    #[test]
    fn a_line_that_is_not_an_entry_is_refused_with_its_line() {
        let error = Snapshot::parse("# header\n\nrule a: passed\nnonsense\n").expect_err("refused");
        assert_eq!(error.line, 4);
        let error = Snapshot::parse("  assert 1: pass\n").expect_err("refused");
        assert_eq!(error.line, 1);
    }
}
