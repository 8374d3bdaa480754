//! `factlint explain`: insta snapshots of a failing, an unproven, a passing
//! and a split rule, in text and JSON, through the real binary; and the
//! property that every "would pass if" value really makes the rule pass when
//! written into the claim, and the value one digit beyond it does not.

use factlint::analysis::{Analysis, Project};
use factlint::config::Config;
use factlint::explain::{Explanation, explain};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn factlint(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run factlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The four rules of `tests/explain`, one of each kind.
const RULES: &[(&str, &str)] = &[
    ("doubled", "fail"),
    ("target_under_plan", "unproven"),
    ("segments_add_up", "pass"),
    ("cloud_share", "pass"),
];

#[test]
fn explain_text_and_json_snapshots() {
    for (rule, outcome) in RULES {
        let text = factlint(&["--color", "never", "explain", rule, "tests/explain"]);
        assert_eq!(text.code, 0, "{}", text.stderr);
        insta::assert_snapshot!(format!("explain_{rule}_text"), text.stdout);
        let json = factlint(&["explain", rule, "tests/explain", "--format", "json"]);
        assert_eq!(json.code, 0, "{}", json.stderr);
        let value: serde_json::Value =
            serde_json::from_str(&json.stdout).expect("one JSON document");
        assert_eq!(value["outcome"], *outcome, "{rule}");
        insta::assert_snapshot!(format!("explain_{rule}_json"), json.stdout);
    }
}

#[test]
fn the_split_rule_says_it_was_split() {
    let run = factlint(&[
        "--color",
        "never",
        "explain",
        "cloud_share",
        "tests/explain",
    ]);
    assert!(run.stdout.contains("split into 16 parts"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("where the whole intervals left it unproven")
    );
}

#[test]
fn colour_only_when_asked() {
    let plain = factlint(&["--color", "never", "explain", "doubled", "tests/explain"]);
    assert!(!plain.stdout.contains('\x1b'));
    let colour = factlint(&["--color", "always", "explain", "doubled", "tests/explain"]);
    assert!(
        colour.stdout.contains("\x1b[31m"),
        "failing bars and verdicts are red"
    );
}

#[test]
fn an_unknown_rule_is_refused_with_the_closest_name() {
    let run = factlint(&["explain", "doubld", "tests/explain"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no rule named `doubld`; did you mean `doubled`?"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn every_bundled_rule_explains() {
    let project =
        Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the bundled project");
    let analysis = project.into_analysis();
    for outcome in analysis.rules() {
        let e = explain(&analysis, &outcome.id).expect("a bundled rule");
        assert!(!e.assertions.is_empty(), "{}", outcome.id);
        assert_eq!(e.fixes.is_some(), matches!(e.outcome, "fail" | "unproven"));
        assert!(!e.text(false).is_empty());
    }
}

/// The rule's outcome in a fresh check.
fn outcome_of(analysis: &Analysis, rule: &str) -> String {
    match analysis.outcome(rule).map(|o| o.detail) {
        Some(factlint::analysis::data::OutcomeDetail::Rule(r)) => r.outcome.to_owned(),
        _ => panic!("rule {rule} not run"),
    }
}

/// `text` with the place `(line, column)..(end_line, end_column)` (1-based,
/// columns in characters) replaced.
fn replace_at(text: &str, at: &factlint::analysis::data::Location, with: &str) -> String {
    let offset = |line: usize, column: usize| -> usize {
        let start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let rest = &text[start..];
        start
            + rest
                .char_indices()
                .nth(column - 1)
                .map_or(rest.len(), |(i, _)| i)
    };
    let (a, b) = (
        offset(at.line, at.column),
        offset(at.end_line, at.end_column),
    );
    format!("{}{with}{}", &text[..a], &text[b..])
}

/// Writes every fix end and the value beyond it into its claim and checks
/// the rule again; returns how many values were tried.
fn verify_fixes(project: &mut Project, rule: &str) -> Result<usize, TestCaseError> {
    let analysis = project.check();
    let explanation: Explanation = explain(&analysis, rule).expect("the rule");
    let Some(fixes) = explanation.fixes else {
        return Ok(0);
    };
    let mut tried = 0;
    for fix in &fixes.claims {
        let file = fix.location.file.clone();
        let original = project.text(&file).expect("the claim's file").to_string();
        for range in &fix.ranges {
            for end in [&range.low, &range.high].into_iter().flatten() {
                let beyond = end.beyond.iter().map(|b| (b, false));
                for (written, passes) in std::iter::once((&end.written, true)).chain(beyond) {
                    project
                        .set_file(&file, replace_at(&original, &fix.location, written))
                        .expect("a claims file");
                    let got = outcome_of(&project.check(), rule);
                    prop_assert_eq!(
                        got == "pass",
                        passes,
                        "{} written {} gives {} ({})",
                        fix.claim,
                        written,
                        got,
                        fixes.summary
                    );
                    tried += 1;
                }
            }
        }
        project.set_file(&file, original).expect("a claims file");
    }
    Ok(tried)
}

#[test]
fn the_fixes_of_the_bundled_and_test_rules_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tried = 0;
    for (dir, rules) in [
        (
            root.to_path_buf(),
            vec![
                "coreweave.doubling",
                "openai.target_under_spend",
                "openai.loss_run_rate",
            ],
        ),
        (
            root.join("tests/explain"),
            vec!["doubled", "target_under_plan"],
        ),
    ] {
        let mut project = Project::open(&dir).expect("a project");
        for rule in rules {
            tried += verify_fixes(&mut project, rule).expect("every fix holds");
        }
    }
    assert!(tried >= 16, "only {tried} values tried");
}

/// A claim value: a qualifier, a sign, digits with a scale written as a
/// suffix or as an exponent, and sometimes a declared precision (one unit
/// of the last digit, or ten).
fn written_value() -> impl Strategy<Value = String> {
    (
        1u32..3000,
        0usize..3,
        prop::sample::select(vec![("", 0), ("k", 3), ("M", 6), ("B", 9)]),
        prop::sample::select(vec![
            "",
            "about ",
            "more than ",
            "at most ",
            "exactly ",
            "nearly ",
        ]),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(
            |(mantissa, fraction, (suffix, scale), qualifier, negative, spelling)| {
                let digits = format!("{mantissa:0>width$}", width = fraction + 1);
                let (int, frac) = digits.split_at(digits.len() - fraction);
                let mut number = if frac.is_empty() {
                    int.to_owned()
                } else {
                    format!("{int}.{frac}")
                };
                if negative {
                    number.insert(0, '-');
                }
                let last = scale - fraction as i32;
                match spelling {
                    // `12.5e3`: the exponent instead of the suffix.
                    1 => format!("{qualifier}{number}e{scale} USD"),
                    // A declared precision, where a qualifier allows one.
                    2 | 3 if qualifier != "exactly " => {
                        let step = last + i32::from(spelling - 2);
                        format!("{qualifier}{number}{suffix} USD precision 1e{step}")
                    }
                    _ => format!("{qualifier}{number}{suffix} USD"),
                }
            },
        )
}

fn relation() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a < b",
        "a >= b",
        "a <= 2 * b",
        "a > b * 3",
        "a ~= b within 5%",
        "a * 2 ~= b within 10%",
        "a == b",
        "a / b in 50%..150%",
        "a - b < 1M USD",
        "a / (a + b) < 40%",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every passing value explain reports passes when written into the
    /// claim, and the value one unit of its last digit beyond does not.
    #[test]
    fn every_would_pass_value_passes_and_the_next_does_not(
        a in written_value(),
        b in written_value(),
        relation in relation(),
    ) {
        let claims = format!(
            "source s {{ outlet \"x\" }}\nclaim a = {a} {{ cite s \"a\" }}\nclaim b = {b} {{ cite s \"b\" }}\n"
        );
        let rules = format!("rule r {{\n  assert {relation}\n}}\n");
        let mut project = Project::in_memory(
            Config::default_at(Path::new(".")),
            [("corpus/a.claims", claims), ("rules/a.rules", rules)],
        );
        verify_fixes(&mut project, "r")?;
    }
}

/// README's example is the real output.
#[test]
fn the_readme_example_is_the_real_output() {
    let readme = include_str!("../README.md");
    let command = "$ factlint --color never explain coreweave.doubling\n";
    let start = readme.find(command).expect("the example in README.md") + command.len();
    let end = start + readme[start..].find("```").expect("the block ends");
    let run = factlint(&["--color", "never", "explain", "coreweave.doubling"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        &readme[start..end],
        run.stdout,
        "README.md's explain example is stale"
    );
}
