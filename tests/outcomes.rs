//! The outcome of every rule of the corpus, snapshotted: a changed figure,
//! rule or reading shows up in `cargo insta review` as a changed line.

use factlint::analysis::Project;
use factlint::analysis::data::OutcomeDetail;
use std::fmt::Write as _;

#[test]
fn corpus_outcomes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let analysis = Project::open(root)
        .expect("factlint.toml is readable")
        .into_analysis();
    let mut lines = String::new();
    for outcome in analysis.outcomes() {
        // Whether the articles are at hand differs between machines.
        if outcome.id == "check:sources" {
            continue;
        }
        let _ = writeln!(lines, "{} ... {}", outcome.id, outcome.verdict);
        let OutcomeDetail::Rule(rule) = &outcome.detail else {
            continue;
        };
        // Each comparison with both sides' intervals (the right side widened
        // by its tolerance, for `~=`), as the reports show them.
        for comparison in rule.assertions.iter().flat_map(|a| &a.comparisons) {
            let rhs = match (&comparison.widened, &comparison.rhs) {
                (Some(widened), _) => format!(" {}", widened.shown),
                (None, Some(rhs)) => format!(" {}", rhs.interval.shown),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                lines,
                "  {} {}{rhs}: {}",
                comparison.lhs.interval.shown, comparison.operator, comparison.truth
            );
        }
    }
    insta::assert_snapshot!(lines);
}
