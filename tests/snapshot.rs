//! The outcome snapshot cycle through the real binary: record, change a
//! claim so a rule flips, see the diff from `check --snapshot` (exit 1),
//! accept, pass again; a review answered on standard input; nothing written
//! under `CI`; a broken snapshot file refused with its line.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const CLAIMS: &str = "source s { outlet \"x\" }\n\
claim revenue = 13B USD { cite s \"13B dollars\" }\n\
claim spend = more than 14B USD { cite s \"more than 14B dollars\" }\n";

const RULES: &str = "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n\
rule positive \"Spend is positive\" {\n  assert spend > 0 USD\n}\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `factlint ARGS` in `dir` with `input` on standard input; `CI` is
/// unset unless `ci`.
fn factlint(dir: &Path, args: &[&str], input: &str, ci: bool) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_factlint"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if ci {
        command.env("CI", "true");
    }
    let mut child = command.spawn().expect("run factlint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write answers");
    let out = child.wait_with_output().expect("factlint ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/a.claims"), CLAIMS).expect("write");
    std::fs::write(dir.path().join("rules/a.rules"), RULES).expect("write");
    dir
}

fn snap(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("factlint.snap")).expect("the snapshot file")
}

fn set_claims(dir: &Path, from: &str, to: &str) {
    let path = dir.join("corpus/a.claims");
    let text = std::fs::read_to_string(&path).expect("claims");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

#[test]
fn record_change_see_the_diff_accept_and_pass_again() {
    let dir = project();
    let d = dir.path();
    let first = factlint(d, &["snapshot"], "", false);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first
            .stderr
            .contains("wrote 5 entries to the snapshot factlint.snap"),
        "{}",
        first.stderr
    );
    let recorded = snap(d);
    insta::assert_snapshot!(recorded);

    let same = factlint(d, &["check", "--snapshot"], "", false);
    assert_eq!(same.code, 0, "{}", same.stdout);
    assert!(
        same.stdout
            .contains("snapshot: factlint.snap matches (5 entries)"),
        "{}",
        same.stdout
    );

    // Revenue of 16B is above spend's (14B, 15B]: the rule flips.
    set_claims(d, "13B", "16B");
    let changed = factlint(d, &["check", "--snapshot"], "", false);
    assert_eq!(changed.code, 1);
    let diff = changed
        .stdout
        .split_once("snapshot: ")
        .expect("a snapshot section")
        .1;
    insta::assert_snapshot!("changed", diff);
    assert!(diff.contains("--- rule under (changed)"), "{diff}");
    assert!(
        !diff.contains("rule positive"),
        "an unchanged rule is not shown: {diff}"
    );

    // `snapshot` alone shows the change and writes nothing.
    let shown = factlint(d, &["snapshot"], "", false);
    assert_eq!(shown.code, 1);
    assert!(
        shown.stdout.contains("-rule under: passed\n")
            && shown.stdout.contains("+rule under: failed\n"),
        "{}",
        shown.stdout
    );
    assert_eq!(snap(d), recorded);

    let accepted = factlint(d, &["snapshot", "--accept"], "", false);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    assert!(
        accepted.stderr.contains("accepted 1 change"),
        "{}",
        accepted.stderr
    );
    assert_eq!(
        factlint(d, &["check", "--snapshot"], "", false).code,
        1,
        "the rule fails"
    );
    assert!(snap(d).contains("rule under: failed"));
    let again = factlint(d, &["snapshot"], "", false);
    assert_eq!(again.code, 0);
}

#[test]
fn a_review_takes_one_change_and_leaves_another() {
    let dir = project();
    let d = dir.path();
    assert_eq!(factlint(d, &["snapshot"], "", false).code, 0);
    // Both rules' intervals move; only the first change is accepted.
    set_claims(d, "more than 14B", "more than 15B");
    let review = factlint(d, &["snapshot", "--review"], "a\nr\n", false);
    assert_eq!(review.code, 1, "a change was rejected: {}", review.stderr);
    assert!(
        review
            .stdout
            .contains("[1/2] accept (a), reject (r), skip (s)"),
        "{}",
        review.stdout
    );
    assert!(
        review.stderr.contains("1 accepted, 1 rejected, 0 skipped"),
        "{}",
        review.stderr
    );
    let left = factlint(d, &["check", "--snapshot"], "", false);
    assert_eq!(left.code, 1);
    assert!(left.stdout.contains("1 outcome differs"), "{}", left.stdout);
    assert!(
        left.stdout.contains("--- rule positive (changed)"),
        "{}",
        left.stdout
    );
    assert!(!left.stdout.contains("--- rule under"), "{}", left.stdout);
    // An answer that is not one is asked again; no answers left skips.
    let rest = factlint(d, &["snapshot", "--review"], "x\n", false);
    assert!(
        rest.stdout.contains("\"x\"? answer a, r, s, A or R"),
        "{}",
        rest.stdout
    );
    assert!(
        rest.stderr.contains("0 accepted, 0 rejected, 1 skipped"),
        "{}",
        rest.stderr
    );
    let all = factlint(d, &["snapshot", "--review"], "A\n", false);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(factlint(d, &["check", "--snapshot"], "", false).code, 0);
}

#[test]
fn nothing_is_written_under_ci() {
    let dir = project();
    let d = dir.path();
    let none = factlint(d, &["snapshot"], "", true);
    assert_eq!(none.code, 1);
    assert!(
        none.stderr.contains("nothing is written under CI"),
        "{}",
        none.stderr
    );
    assert!(!d.join("factlint.snap").exists());
    assert_eq!(factlint(d, &["snapshot"], "", false).code, 0);
    let recorded = snap(d);
    set_claims(d, "13B", "16B");
    for args in [&["snapshot", "--accept"][..], &["snapshot", "--review"]] {
        let refused = factlint(d, args, "A\n", true);
        assert_eq!(refused.code, 1, "{args:?}");
        assert!(
            refused.stderr.contains("CI is set: nothing is written"),
            "{}",
            refused.stderr
        );
        assert_eq!(snap(d), recorded);
    }
}

#[test]
fn a_broken_snapshot_is_refused_with_its_line() {
    let dir = project();
    let d = dir.path();
    std::fs::write(
        d.join("factlint.snap"),
        "# header\nrule under: passed\nwhat is this\n",
    )
    .expect("write");
    let run = factlint(d, &["snapshot", "--accept"], "", false);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("factlint.snap:3: not a factlint snapshot"),
        "{}",
        run.stderr
    );
    let check = factlint(d, &["check", "--snapshot"], "", false);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("factlint.snap:3: not a factlint snapshot"),
        "{}",
        check.stdout
    );
}

#[test]
fn machine_formats_keep_stdout_and_the_diff_goes_to_stderr() {
    let dir = project();
    let d = dir.path();
    assert_eq!(factlint(d, &["snapshot"], "", false).code, 0);
    set_claims(d, "13B", "16B");
    let run = factlint(
        d,
        &["check", "--snapshot", "--output-format", "json"],
        "",
        false,
    );
    assert_eq!(run.code, 1);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(json["summary"]["exit_code"], 1);
    assert!(
        run.stderr.contains("--- rule under (changed)"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_snapshot_file_is_configurable_and_stays_in_the_project() {
    let dir = project();
    let d = dir.path();
    std::fs::write(d.join("factlint.toml"), "snapshot = \"outcomes.snap\"\n").expect("write");
    assert_eq!(factlint(d, &["snapshot"], "", false).code, 0);
    assert!(d.join("outcomes.snap").exists());
    std::fs::write(d.join("factlint.toml"), "snapshot = \"../outcomes.snap\"\n").expect("write");
    let refused = factlint(d, &["snapshot"], "", false);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("`snapshot` must name a path inside the project"),
        "{}",
        refused.stderr
    );
}

/// A run of some rules (`-k`) speaks only for them: the others are neither
/// reported gone nor dropped from the file when its changes are accepted.
#[test]
fn a_filtered_run_keeps_the_entries_it_left_out() {
    let dir = project();
    let d = dir.path();
    assert_eq!(factlint(d, &["snapshot"], "", false).code, 0);
    set_claims(d, "13B", "16B");
    let check = factlint(d, &["check", "--snapshot", "-k", "under"], "", false);
    assert_eq!(check.code, 1);
    assert!(!check.stdout.contains("(removed)"), "{}", check.stdout);
    let accepted = factlint(d, &["snapshot", "-k", "under", "--accept"], "", false);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    let text = snap(d);
    for kept in [
        "rule positive: passed",
        "check quotes: passed",
        "rule under: failed",
    ] {
        assert!(text.contains(kept), "{kept} in\n{text}");
    }
    assert_eq!(
        factlint(d, &["check", "--snapshot"], "", false).code,
        1,
        "under fails"
    );
    let full = factlint(d, &["check", "--snapshot"], "", false);
    assert!(
        full.stdout.contains("matches (5 entries)"),
        "{}",
        full.stdout
    );
}

/// A recorded snapshot comes with the pull request: what it holds is shown
/// escaped, never as raw control characters.
#[test]
fn a_hostile_snapshot_prints_no_control_character() {
    let dir = project();
    let d = dir.path();
    std::fs::write(
        d.join("factlint.snap"),
        "rule under: passed\n  \u{1b}[31m red \u{202E} \r::error::x\n",
    )
    .expect("write");
    let run = factlint(d, &["check", "--snapshot"], "", false);
    assert_eq!(run.code, 1);
    let raw: Vec<char> = run
        .stdout
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || c == '\u{202E}')
        .collect();
    assert!(raw.is_empty(), "{raw:?} in\n{}", run.stdout);
    assert!(run.stdout.contains("\\u{1b}[31m red"), "{}", run.stdout);
}
