//! CLI tests: each runs the real `factlint` binary in a temporary directory
//! through the [`Test`] builder and checks its exit code and output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary project, a command line, and what to expect of it.
struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    subdir: Option<PathBuf>,
}

/// What a run printed and returned, with the temporary path replaced by `[TEMP]`.
#[derive(Debug)]
struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Test {
    fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("temp dir"),
            args: Vec::new(),
            env: Vec::new(),
            subdir: None,
        }
    }

    fn write(self, path: &str, text: &str) -> Test {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
        self
    }

    fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }

    fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    fn current_dir(mut self, subdir: &str) -> Test {
        self.subdir = Some(PathBuf::from(subdir));
        self
    }

    fn run(&self) -> Output {
        let cwd = match &self.subdir {
            Some(sub) => self.dir.path().join(sub),
            None => self.dir.path().to_path_buf(),
        };
        run_in(&cwd, &self.args, &self.env, self.dir.path())
    }

    #[track_caller]
    fn expect(&self, code: i32) -> Output {
        let output = self.run();
        assert_eq!(output.code, code, "unexpected exit code\n{output:#?}");
        assert!(
            !output.stderr.contains("panicked"),
            "panic:\n{}",
            output.stderr
        );
        output
    }
}

fn run_in(cwd: &Path, args: &[String], env: &[(String, String)], temp: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_factlint"));
    command.current_dir(cwd).args(args).env_remove("NO_COLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run factlint");
    let clean = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let temp = temp.to_string_lossy();
        text.replace(temp.as_ref(), "[TEMP]")
    };
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: clean(&out.stdout),
        stderr: clean(&out.stderr),
    }
}

const CLAIMS: &str = r#"
source forbes {
  outlet "Forbes"
}

claim sora.daily_spend = about $15M/day {
  cite forbes "about $15 million a day"
}
claim sora.annual_loss = about 5.4B USD { cite forbes "a loss of about $5.4 billion" }
claim openai.revenue = 13.0B USD { cite forbes "revenue of $13.0 billion" }
claim openai.spend = more than 13B USD { cite forbes "spending more than $13 billion" }
"#;

const PASSING: &str = r#"
rule sora.annualises "Daily spend annualises to the yearly loss" {
  assert sora.daily_spend * 365 day ~= sora.annual_loss within 5%
}
"#;

const UNPROVEN: &str = r#"
rule openai.revenue_under_spend "Revenue is under spend" {
  assert openai.revenue < openai.spend
}
"#;

const FAILING: &str = r#"
rule sora.too_small "The loss is under 5B" {
  assert sora.annual_loss < 5B USD
}
"#;

#[test]
fn bundled_corpus_passes_from_the_repository_root() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = run_in(root, &["check".to_owned()], &[], root);
    assert_eq!(output.code, 0, "{output:#?}");
    let last = output.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("result: ok."), "{last}");
    assert!(!output.stdout.contains("FAILED"));
    // Every quote grounds its claim and every multi-source claim agrees; the
    // source files are not in the repository, so the source check is skipped
    // here (`.ci/run` runs it with `--sources ../shared/seeds`).
    insta::assert_snapshot!("bundled_corpus", output.stdout);
}

#[test]
fn exit_zero_when_every_rule_passes() {
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", PASSING)
        .args(&["check"])
        .expect(0);
    assert!(
        out.stdout.contains("rule sora.annualises ... ok"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .ends_with("result: ok. 4 passed; 0 failed; 0 unproven; 0 expected\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn exit_one_on_a_failing_rule() {
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .args(&["check"])
        .expect(1);
    assert!(out.stdout.contains("rule sora.too_small ... FAILED"));
    assert!(out.stdout.contains("factlint::rule::inconsistent"));
    assert!(
        out.stdout.contains("corpus/c.claims:9:"),
        "claim label in its corpus file:\n{}",
        out.stdout
    );
}

#[test]
fn unproven_does_not_gate_unless_strict() {
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", UNPROVEN);
    let out = test.args(&["check"]).expect(0);
    assert!(out.stdout.contains("... unproven"));
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", UNPROVEN);
    let out = test.args(&["check", "--strict"]).expect(1);
    assert!(out.stdout.contains("FAILED (unproven, strict)"));
    let strict_config = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", UNPROVEN)
        .write("factlint.toml", "strict = true\n");
    strict_config.args(&["check"]).expect(1);
}

#[test]
fn exit_two_on_a_syntax_error() {
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", "rule broken {\n  assert (1 < 2\n}\n")
        .args(&["check"])
        .expect(2);
    assert!(out.stdout.contains("rules/r.rules:3:1"), "{}", out.stdout);
    // The other rules still run; the syntax error is reported beside them.
    assert!(
        out.stdout.contains("error: 1 syntax error in rules files"),
        "{}",
        out.stdout
    );
    // A syntax error in a claims file stops everything: the corpus is incomplete.
    let out = Test::new()
        .write("corpus/c.claims", "claim a = \n")
        .write("rules/r.rules", PASSING)
        .args(&["check"])
        .expect(2);
    assert!(out.stdout.contains("could not check: "), "{}", out.stdout);
    assert!(
        !out.stdout.contains("rule sora.annualises"),
        "{}",
        out.stdout
    );
}

#[test]
fn output_formats_and_output_file() {
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", &format!("{PASSING}\n{FAILING}"));
    let out = test
        .args(&["check", "--output-format", "concise"])
        .expect(1);
    assert!(
        out.stdout.starts_with(
            "rules/r.rules:8:10: error[factlint::rule::inconsistent] rule `sora.too_small` failed"
        ),
        "{}",
        out.stdout
    );
    // `output-format` in factlint.toml, overridden on the command line.
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .write("factlint.toml", "output-format = \"github\"\n");
    let out = test.args(&["check"]).expect(1);
    assert!(
        out.stdout
            .starts_with("::error file=rules/r.rules,line=3,col=10"),
        "{}",
        out.stdout
    );
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .write("factlint.toml", "output-format = \"github\"\n");
    let out = test
        .args(&["check", "--output-format", "json-lines"])
        .expect(1);
    let line: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().unwrap_or_default()).expect("JSON");
    assert_eq!(line["rule"], "sora.too_small");
    // --output-file writes the report there, and nothing to standard output.
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING);
    let out = test
        .args(&[
            "check",
            "--output-format",
            "sarif",
            "--output-file",
            "out/report.sarif",
        ])
        .expect(2);
    assert!(
        out.stderr.contains("cannot write out/report.sarif"),
        "{}",
        out.stderr
    );
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .write("out/.keep", "");
    let test = test.args(&[
        "check",
        "--output-format",
        "sarif",
        "--output-file",
        "out/report.sarif",
    ]);
    let out = test.expect(1);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let written =
        std::fs::read_to_string(test.dir.path().join("out/report.sarif")).expect("written");
    assert!(written.contains("\"version\": \"2.1.0\""));
    // An unknown format in factlint.toml points into the file.
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("factlint.toml", "output-format = \"xml\"\n")
        .args(&["check"])
        .expect(2);
    assert!(out.stderr.contains("factlint.toml:1:17"), "{}", out.stderr);
}

#[test]
fn exit_two_when_there_is_nothing_to_check_or_a_path_is_missing() {
    let out = Test::new().args(&["check"]).expect(2);
    assert!(out.stdout.contains("nothing to check"), "{}", out.stdout);
    let out = Test::new().args(&["check", "missing.rules"]).expect(2);
    assert!(
        out.stdout.contains("no such file or directory"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_directory_the_config_names_must_exist() {
    // A misspelt `corpus` would otherwise check nothing there and pass.
    let out = Test::new()
        .write("facts/c.claims", CLAIMS)
        .write("rules/r.rules", "")
        .write("factlint.toml", "corpus = [\"facts\", \"fcats\"]\n")
        .args(&["check", "--color", "never"])
        .expect(2);
    // It points into factlint.toml, at the name.
    assert!(
        out.stderr
            .contains("`corpus` names fcats, which does not exist"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("factlint.toml:1:20"), "{}", out.stderr);
    // Paths on the command line replace the configured ones.
    Test::new()
        .write("facts/c.claims", CLAIMS)
        .write("factlint.toml", "corpus = [\"facts\", \"fcats\"]\n")
        .args(&["check", "facts"])
        .expect(0);
    // The defaults may be missing: no `drafts` directory is fine.
    Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", "")
        .args(&["check"])
        .expect(0);
}

#[test]
fn exit_two_on_an_invalid_config_with_a_location() {
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("factlint.toml", "[defaults]\nabout-tolerence = \"10%\"\n")
        .args(&["check"])
        .expect(2);
    assert!(out.stderr.contains("factlint.toml:2:1"), "{}", out.stderr);
    assert!(out.stderr.contains("about-tolerence"));
}

#[test]
fn config_is_found_by_walking_up_and_changes_intervals() {
    // With a 5% `about`, 15M/day * 365 days misses 5.4B within 0%...
    let rule = "rule r \"exact\" {\n  assert sora.daily_spend * 365 day ~= sora.annual_loss within 0%\n}\n";
    let tight = "claim sora.daily_spend = about $15M/day\nclaim sora.annual_loss = 5.0B USD\n";
    Test::new()
        .write("corpus/c.claims", tight)
        .write("rules/r.rules", rule)
        .args(&["check"])
        .expect(1);
    // ...but a 10% `about` tolerance found in a parent directory makes them meet.
    Test::new()
        .write("factlint.toml", "[defaults]\nabout-tolerance = \"10%\"\n")
        .write("corpus/c.claims", tight)
        .write("rules/r.rules", rule)
        .write("sub/dir/.keep", "")
        .current_dir("sub/dir")
        .args(&["check"])
        .expect(0);
}

#[test]
fn filter_runs_matching_rules_only() {
    let rules = format!("{PASSING}\n{FAILING}");
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", &rules)
        .args(&["check", "-k", "annual"])
        .expect(0);
    assert!(
        out.stdout
            .contains("1 passed; 0 failed; 0 unproven; 0 expected; 4 filtered out"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", &rules)
        .args(&["check", "--filter", "sora.too_small", "--exact"])
        .expect(1);
    assert!(!out.stdout.contains("sora.annualises"));
}

#[test]
fn explicit_paths_select_files() {
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/pass.rules", PASSING)
        .write("rules/fail.rules", FAILING);
    let out = test
        .args(&["check", "corpus", "rules/pass.rules"])
        .expect(0);
    assert!(
        out.stdout
            .contains("running 1 rule and 3 built-in checks over 4 claims"),
        "{}",
        out.stdout
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING);
    let plain = test.args(&["check"]).expect(1);
    assert!(!plain.stdout.contains('\x1b'));
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING);
    let coloured = test.args(&["--color", "always", "check"]).expect(1);
    assert!(coloured.stdout.contains('\x1b'));
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING);
    let no_color = test.env("NO_COLOR", "1").args(&["check"]).expect(1);
    assert!(!no_color.stdout.contains('\x1b'));
    // On a terminal (a pseudo-terminal from util-linux `script`, where it is
    // installed) the report is coloured, unless NO_COLOR is set.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/c.claims"), CLAIMS).expect("write");
    std::fs::write(dir.path().join("rules/r.rules"), FAILING).expect("write");
    let on_terminal = |no_color: Option<&str>| {
        let mut command = std::process::Command::new("script");
        command
            .args(["-q", "-e", "-c"])
            .arg(format!("{} check", env!("CARGO_BIN_EXE_factlint")))
            .arg("/dev/null")
            .current_dir(dir.path())
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        command.output().ok().filter(|o| o.status.code() == Some(1))
    };
    if let Some(out) = on_terminal(None) {
        assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
        let out = on_terminal(Some("1")).expect("a second run");
        assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    } else {
        eprintln!("skipped the terminal half: no util-linux `script`");
    }
}

/// A long run shows a progress bar on standard error, to a person only: on
/// a terminal (a pseudo-terminal from util-linux `script`), not under CI,
/// not with a machine format, and never when standard error is a pipe. The
/// delay before it shows is set to nothing so that a short run shows it.
#[test]
fn progress_bar_only_for_a_person_on_a_terminal() {
    let piped = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .env("FACTLINT_PROGRESS_DELAY_MS", "0")
        .args(&["check"])
        .expect(1);
    assert_eq!(piped.stderr, "", "no bar when standard error is a pipe");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/c.claims"), CLAIMS).expect("write");
    std::fs::write(dir.path().join("rules/r.rules"), FAILING).expect("write");
    let on_terminal = |args: &str, ci: Option<&str>| {
        let mut command = std::process::Command::new("script");
        command
            .args(["-q", "-e", "-c"])
            .arg(format!("{} check {args}", env!("CARGO_BIN_EXE_factlint")))
            .arg("/dev/null")
            .current_dir(dir.path())
            .env("FACTLINT_PROGRESS_DELAY_MS", "0")
            .env("TERM", "xterm")
            .env_remove("CI");
        if let Some(value) = ci {
            command.env("CI", value);
        }
        command
            .output()
            .ok()
            .filter(|o| o.status.code() == Some(1))
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(shown) = on_terminal("", None) else {
        eprintln!("skipped the terminal half: no util-linux `script`");
        return;
    };
    let stages = [
        "reading files",
        "parsing",
        "checking quotes",
        "evaluating rules",
        "writing the report",
    ];
    assert!(
        stages.iter().any(|s| shown.contains(s)),
        "a bar on a terminal:\n{shown}"
    );
    // It is cleared before the report: the report follows the last erase.
    let report = shown.rsplit("\x1b[2K").next().expect("split");
    assert!(report.contains("running 1 rule"), "{shown}");
    assert!(!stages.iter().any(|s| report.contains(s)), "{report}");
    for (args, ci) in [
        ("", Some("true")),
        ("--output-format json", None),
        ("--output-format sarif", None),
    ] {
        let shown = on_terminal(args, ci).expect("a second run");
        assert!(
            !stages.iter().any(|s| shown.contains(s)),
            "{args} CI={ci:?}:\n{shown}"
        );
    }
}

#[test]
fn claims_load_from_json() {
    let json = r#"{
  "claims": [
    {"id": "sora.daily_spend", "value": "about $15M/day"},
    {"id": "sora.annual_loss", "value": "about 5.4B USD"}
  ]
}"#;
    Test::new()
        .write("corpus/c.json", json)
        .write("rules/r.rules", PASSING)
        .args(&["check"])
        .expect(0);
}

#[test]
fn check_never_writes_to_the_checked_tree() {
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .args(&["check"]);
    let before = listing(test.dir.path());
    test.expect(1);
    assert_eq!(before, listing(test.dir.path()));
}

fn listing(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(&p).expect("metadata");
            (p, meta.len(), meta.modified().expect("mtime"))
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

#[test]
fn files_that_hold_nothing_are_nothing_to_check() {
    let test = Test::new()
        .write("rules/empty.rules", "# no rules yet\n")
        .write("corpus/empty.claims", "# no claims yet\n");
    let out = test.args(&["check"]).expect(2);
    assert!(
        out.stdout
            .contains("nothing to check: the 2 files read hold no claims, no rules and no drafts"),
        "{}",
        out.stdout
    );
}

#[test]
fn invalid_utf8_is_a_diagnostic_with_its_line_column_and_byte_offset() {
    let test = Test::new()
        .write("rules/r.rules", PASSING)
        .write("corpus/c.claims", CLAIMS);
    std::fs::write(
        test.dir.path().join("corpus/bad.claims"),
        b"claim a = 1\n\xff\xfe",
    )
    .expect("write");
    let out = test.args(&["check"]).expect(2);
    assert!(
        out.stdout.contains(
            "bad.claims is not valid UTF-8: the first invalid byte is at line 2, column 1"
        ),
        "{}",
        out.stdout
    );
}

const SECRET: &str = "TOP SECRET: the launch codes are 0000";

#[test]
fn source_paths_cannot_escape_and_nothing_of_the_escaped_file_is_printed() {
    let claims = |file: &str| {
        format!(
            "source s {{\n  outlet \"x\"\n  file \"{file}\"\n}}\nclaim a = 1 {{\n  cite s \"the launch codes are 0001\"\n}}\n"
        )
    };
    for file in ["../secret.txt", "/etc/passwd", "notes/../../secret.txt"] {
        let test = Test::new()
            .write("secret.txt", SECRET)
            .write("project/corpus/c.claims", &claims(file))
            .current_dir("project")
            .args(&["check"]);
        let out = test.expect(1);
        assert!(
            out.stdout.contains("factlint::source::path_refused"),
            "{file}:\n{}",
            out.stdout
        );
        assert!(
            !out.stdout.contains("TOP SECRET") && !out.stdout.contains("0000"),
            "{}",
            out.stdout
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_outside_is_refused() {
    let test = Test::new()
        .write("secret.txt", SECRET)
        .write(
            "project/corpus/c.claims",
            "source s {\n  file \"link.txt\"\n}\nclaim a = 1 {\n  cite s \"the launch codes are 0001\"\n}\n",
        )
        .current_dir("project")
        .args(&["check"]);
    std::os::unix::fs::symlink(
        test.dir.path().join("secret.txt"),
        test.dir.path().join("project/link.txt"),
    )
    .expect("symlink");
    let out = test.expect(1);
    assert!(
        out.stdout.contains("a link that leads outside"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("TOP SECRET") && !out.stdout.contains("0000"),
        "{}",
        out.stdout
    );
}

#[test]
fn sources_dir_given_on_the_command_line_is_searched() {
    let claims = "source s {\n  file \"article.txt\"\n}\nclaim a = 15M USD {\n  cite s \"spent 15 million dollars\"\n}\n";
    let test = Test::new()
        .write(
            "seeds/article.txt",
            "The company spent 15 million dollars last year.",
        )
        .write("project/corpus/c.claims", claims)
        .current_dir("project");
    let out = test.args(&["check", "--sources", "../seeds"]).run();
    assert!(
        out.stdout
            .contains("check sources ... ok (1 quote in 1 file)"),
        "{}",
        out.stdout
    );
    let test = Test::new()
        .write("project/corpus/c.claims", claims)
        .current_dir("project");
    let out = test.args(&["check"]).run();
    assert!(
        out.stdout.contains("check sources ... skipped"),
        "{}",
        out.stdout
    );
    let test = Test::new()
        .write("project/corpus/c.claims", claims)
        .current_dir("project");
    test.args(&["check", "--sources", "missing-dir"]).expect(2);
}

/// The walkthrough in README: `extract` on the example article, as a table,
/// as JSON, and as claim stubs that check cleanly against the article.
#[test]
fn extract_lists_numbers_and_stubs_round_trip() {
    let article = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/article.txt"),
    )
    .expect("example article");
    let test = Test::new().write("article.txt", &article);
    let table = test.args(&["extract", "article.txt"]).expect(0);
    insta::assert_snapshot!("extract_table", table.stdout);

    let test = Test::new().write("article.txt", &article);
    let json = test
        .args(&["extract", "article.txt", "--format", "json"])
        .expect(0);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 6, "{}", json.stdout);
    let first = &rows[0];
    assert_eq!(first["value"], "15M");
    assert_eq!(first["qualifier"], "about");
    assert_eq!(first["unit"], "USD/day");
    assert_eq!(first["text"], "15 million");
    let (start, end) = (
        first["start"].as_u64().expect("start") as usize,
        first["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&article[start..end], "15 million");

    // The stubs are a valid corpus whose quotes ground and occur in the file.
    let stubs = Test::new()
        .write("article.txt", &article)
        .args(&["extract", "article.txt", "--claims", "--source", "forbes"])
        .expect(0);
    let out = Test::new()
        .write("article.txt", &article)
        .write("corpus/forbes.claims", &stubs.stdout)
        .args(&["check"])
        .expect(0);
    assert!(
        out.stdout.contains("check quotes ... ok (6 quotes)")
            && out
                .stdout
                .contains("check sources ... ok (6 quotes in 1 file)"),
        "{}",
        out.stdout
    );
}

/// Stubs from several files: one source per file, each claim citing its own;
/// a qualified range (`تصل إلى مئات الملايين`) becomes a plain range.
#[test]
fn extract_stubs_from_several_files_check_cleanly() {
    let first = "The app costs about $15 million a day.";
    let second = "وقد تصل تكلفة تدريب نموذج واحد إلى مئات الملايين من الدولارات.";
    let stubs = Test::new()
        .write("a.txt", first)
        .write("b.txt", second)
        .args(&["extract", "a.txt", "b.txt", "--claims", "--source", "src"])
        .expect(0);
    assert!(
        stubs.stdout.contains("source src1 {") && stubs.stdout.contains("source src2 {"),
        "{}",
        stubs.stdout
    );
    assert!(
        stubs.stdout.contains("= 100M..1B USD {"),
        "{}",
        stubs.stdout
    );
    let out = Test::new()
        .write("a.txt", first)
        .write("b.txt", second)
        .write("corpus/stubs.claims", &stubs.stdout)
        .args(&["check"])
        .expect(0);
    assert!(
        out.stdout
            .contains("check sources ... ok (3 quotes in 2 files)"),
        "{}",
        out.stdout
    );
}

#[test]
fn extract_reports_unreadable_input() {
    let out = Test::new()
        .write("bad.txt", "")
        .args(&["extract", "missing.txt"])
        .expect(2);
    assert!(
        out.stderr.contains("cannot read missing.txt"),
        "{}",
        out.stderr
    );
}

/// `sources` in factlint.toml arrives with the pull request: a link in the
/// tree that leads outside cannot widen where source files are read from.
#[cfg(unix)]
#[test]
fn a_configured_sources_dir_linking_outside_is_refused() {
    let test = Test::new()
        .write("outside/secret.txt", SECRET)
        .write("project/factlint.toml", "sources = [\"rootlink\"]\n")
        .write(
            "project/corpus/c.claims",
            "source s {\n  file \"secret.txt\"\n}\nclaim a = 1 {\n  cite s \"the launch codes are 0001\"\n}\n",
        )
        .current_dir("project")
        .args(&["check"]);
    std::os::unix::fs::symlink(
        test.dir.path().join("outside"),
        test.dir.path().join("project/rootlink"),
    )
    .expect("symlink");
    let out = test.expect(2);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("leaves the project through a link"), "{all}");
    assert!(
        !all.contains("TOP SECRET") && !all.contains("0000"),
        "{all}"
    );
    // Naming the config file bare does not skip the check.
    let test = test.args(&["--config", "factlint.toml"]);
    let out = test.expect(2);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("leaves the project through a link"), "{all}");
    assert!(!all.contains("TOP SECRET"), "{all}");
}

const WARNING_RULE: &str = r#"
rule sora.too_small_warning "The loss is under 5B, as a warning" {
  severity warning
  assert sora.annual_loss < 5B USD
}
"#;

const ANOTHER_FAILURE: &str = r#"
rule openai.revenue_tiny "Revenue is under 1B" {
  assert openai.revenue < 1B USD
}
"#;

#[test]
fn baseline_cycle_reports_only_new_findings_and_gone_ones() {
    let test = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", &format!("{PASSING}\n{FAILING}"));
    let dir = test.dir.path().to_path_buf();
    // Write: exit 0, one finding recorded.
    let test = test.args(&["check", "--write-baseline", "baseline.json"]);
    let out = test.expect(0);
    assert!(
        out.stderr
            .contains("wrote 1 finding to the baseline baseline.json"),
        "{}",
        out.stderr
    );
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).expect("written"))
            .expect("JSON");
    assert_eq!(recorded["findings"][0]["rule"], "sora.too_small");
    // Checked against it: nothing new, exit 0.
    let rerun = |rules: &str| {
        std::fs::write(dir.join("rules/r.rules"), rules).expect("write");
        run_in(
            &dir,
            &[
                "check".to_owned(),
                "--baseline".to_owned(),
                "baseline.json".to_owned(),
            ],
            &[],
            &dir,
        )
    };
    let out = rerun(&format!("{PASSING}\n{FAILING}"));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout
            .contains("rule sora.too_small ... known (in baseline)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("; 1 in baseline"), "{}", out.stdout);
    // A new finding: only it is reported, exit 1.
    let out = rerun(&format!("{PASSING}\n{FAILING}\n{ANOTHER_FAILURE}"));
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(
        out.stdout.contains("rule `openai.revenue_tiny` failed"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("rule `sora.too_small` failed"),
        "{}",
        out.stdout
    );
    // The recorded one fixed: it is reported as gone.
    let out = rerun(&format!("{PASSING}\n{ANOTHER_FAILURE}"));
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(
        out.stdout
            .contains("baseline: 1 recorded finding no longer occurs"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("[factlint::rule::inconsistent] rule `sora.too_small` failed"),
        "{}",
        out.stdout
    );
    // Moving the rule down the file keeps its fingerprint.
    let out = rerun(&format!("{PASSING}\n\n\n{FAILING}"));
    assert_eq!(out.code, 0, "{out:#?}");
    // A file that is not a baseline is exit 2.
    std::fs::write(dir.join("baseline.json"), "{}").expect("write");
    let out = rerun(FAILING);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains("cannot use the baseline baseline.json"),
        "{}",
        out.stderr
    );
}

#[test]
fn deny_warnings_and_severity_overrides() {
    let files = |test: Test| {
        test.write("corpus/c.claims", CLAIMS)
            .write("rules/r.rules", WARNING_RULE)
    };
    let out = files(Test::new()).args(&["check"]).expect(0);
    assert!(
        out.stdout
            .contains("rule sora.too_small_warning ... warning"),
        "{}",
        out.stdout
    );
    files(Test::new())
        .args(&["check", "--deny", "warnings"])
        .expect(1);
    // A failure turned into a warning by the team's policy.
    let policy = |level: &str| {
        Test::new()
            .write("corpus/c.claims", CLAIMS)
            .write("rules/r.rules", FAILING)
            .write(
                "factlint.toml",
                &format!("[severity]\n\"factlint::rule::inconsistent\" = \"{level}\"\n"),
            )
    };
    let out = policy("warning")
        .args(&["check", "--output-format", "concise"])
        .expect(0);
    assert!(
        out.stdout.contains("warning[factlint::rule::inconsistent]"),
        "{}",
        out.stdout
    );
    policy("warning")
        .args(&["check", "--deny", "warnings"])
        .expect(1);
    let out = policy("off")
        .args(&["check", "--output-format", "concise"])
        .expect(0);
    assert!(
        !out.stdout.contains("factlint::rule::inconsistent"),
        "{}",
        out.stdout
    );
    policy("error").args(&["check"]).expect(1);
    // The report lines and the counts follow the policy.
    let out = policy("off").args(&["check"]).expect(0);
    assert!(
        out.stdout
            .contains("rule sora.too_small ... ignored (severity off)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("result: ok. 3 passed; 0 failed; 0 unproven; 0 expected; 1 ignored"),
        "{}",
        out.stdout
    );
    let out = policy("warning")
        .args(&["check", "--output-format", "json"])
        .expect(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(json["outcomes"][0]["verdict"], "warning", "{json}");
    // Syntax errors cannot be silenced; the error points into the file.
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::parse::expected\" = \"off\"\n",
        )
        .args(&["check"])
        .expect(2);
    assert!(
        out.stderr.contains("cannot be given a severity"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("factlint.toml:2:"), "{}", out.stderr);
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::rule::inconsistant\" = \"off\"\n",
        )
        .args(&["check"])
        .expect(2);
    assert!(
        out.stderr.contains("`factlint::rule::inconsistent`?"),
        "{}",
        out.stderr
    );
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::rule::inconsistent\" = \"loud\"\n",
        )
        .args(&["check"])
        .expect(2);
    assert!(out.stderr.contains("factlint.toml:2:"), "{}", out.stderr);
}

#[test]
fn config_names_a_file_elsewhere() {
    // Paths in it are relative to its directory (and stay inside it).
    let test = Test::new()
        .write("shared/corpus/c.claims", CLAIMS)
        .write("shared/checks/r.rules", FAILING)
        .write(
            "shared/factlint.toml",
            "rules = [\"checks\"]\ncorpus = [\"corpus\"]\nstrict = true\n",
        )
        .write("project/.keep", "")
        .current_dir("project");
    let out = test
        .args(&["check", "--config", "../shared/factlint.toml"])
        .expect(1);
    assert!(
        out.stdout.contains("rule sora.too_small ... FAILED"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .args(&["check", "--config", "missing.toml"])
        .expect(2);
    assert!(out.stderr.contains("missing.toml"), "{}", out.stderr);
}

#[test]
fn init_scaffolds_a_project_that_checks_and_never_overwrites() {
    let test = Test::new().args(&["init"]);
    let out = test.expect(0);
    assert!(
        out.stderr.contains("created ./factlint.toml"),
        "{}",
        out.stderr
    );
    let dir = test.dir.path().to_path_buf();
    let check = run_in(&dir, &["check".to_owned()], &[], &dir);
    assert_eq!(check.code, 0, "{check:#?}");
    assert!(
        check.stdout.contains("rule sora.loss_annualises ... ok"),
        "{}",
        check.stdout
    );
    // A second init touches nothing.
    std::fs::write(dir.join("rules/example.rules"), "# mine\n").expect("write");
    let again = run_in(&dir, &["init".to_owned()], &[], &dir);
    assert_eq!(again.code, 2, "{again:#?}");
    assert!(
        again.stderr.contains("nothing was written"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("rules/example.rules")).expect("read"),
        "# mine\n"
    );
}

#[test]
fn init_writes_all_or_nothing() {
    // `corpus` is a file, so the third file cannot be written: the two
    // written before it, and the directory made for one, are removed.
    let test = Test::new()
        .write("corpus", "not a directory\n")
        .args(&["init"]);
    let out = test.expect(2);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    let dir = test.dir.path();
    let mut left: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["corpus"], "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("corpus")).expect("read"),
        "not a directory\n"
    );
    // A directory name too long to make: `x/` was made before it failed,
    // and is removed too.
    let long = format!("x/{}", "a".repeat(300));
    let test = Test::new().args(&["init", &long]);
    let out = test.expect(2);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_dir(test.dir.path())
            .expect("read dir")
            .count(),
        0
    );
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Test::new().args(&["completions", shell]).expect(0);
        assert!(out.stdout.contains("factlint"), "{shell}: {}", out.stdout);
        assert!(out.stdout.contains("output-format"), "{shell}");
    }
    let out = Test::new().args(&["man"]).expect(0);
    assert!(out.stdout.contains(".TH factlint 1"), "{}", out.stdout);
}

#[test]
fn man_writes_a_page_for_every_command() {
    let test = Test::new().args(&["man", "man1"]);
    test.expect(0);
    let dir = test.dir.path().join("man1");
    let commands = [
        "check",
        "extract",
        "init",
        "snapshot",
        "explain",
        "fmt",
        "lsp",
        "report",
        "completions",
        "man",
    ];
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the pages")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = commands.iter().map(|c| format!("factlint-{c}.1")).collect();
    expected.push("factlint.1".to_owned());
    expected.sort();
    assert_eq!(names, expected);
    for command in commands {
        let page =
            std::fs::read_to_string(dir.join(format!("factlint-{command}.1"))).expect("a page");
        assert!(
            page.contains(&format!(".TH factlint-{command} 1")),
            "{command}"
        );
    }
    let check = std::fs::read_to_string(dir.join("factlint-check.1")).expect("a page");
    assert!(
        check.contains("\\-\\-watch"),
        "check's page lists its options"
    );
}

#[test]
fn include_and_exclude_filter_walked_files() {
    let test = || {
        Test::new()
            .write("corpus/c.claims", CLAIMS)
            .write("corpus/drafts/broken.claims", "claim x = \n")
            .write("rules/r.rules", PASSING)
    };
    // The broken draft is read by default.
    test().args(&["check"]).expect(2);
    let out = test()
        .write("factlint.toml", "exclude = [\"corpus/drafts/**\"]\n")
        .args(&["check"])
        .expect(0);
    assert!(out.stdout.contains("result: ok."), "{}", out.stdout);
    test()
        .write(
            "factlint.toml",
            "include = [\"rules/*.rules\", \"corpus/*.claims\"]\n",
        )
        .args(&["check"])
        .expect(0);
    // However the directory is spelled, or wherever factlint runs from.
    test()
        .write("factlint.toml", "exclude = [\"corpus/drafts/**\"]\n")
        .args(&["check", "./corpus", "rules"])
        .expect(0);
    test()
        .write("factlint.toml", "exclude = [\"corpus/drafts/**\"]\n")
        .current_dir("corpus")
        .args(&["check", "."])
        .expect(0);
    // Named on the command line, an excluded file is still read.
    test()
        .write("factlint.toml", "exclude = [\"corpus/drafts/**\"]\n")
        .args(&["check", "corpus/drafts/broken.claims"])
        .expect(2);
    // A bad glob points into the file.
    let out = test()
        .write("factlint.toml", "exclude = [\"corpus/[\"]\n")
        .args(&["check"])
        .expect(2);
    assert!(out.stderr.contains("factlint.toml:1:"), "{}", out.stderr);
}

#[test]
fn drafts_are_read_once_however_their_directory_is_named() {
    let draft = "Sora loses [$4.5 billion]{claim=sora.annual_loss} a year.\n";
    let test = || {
        Test::new()
            .write("corpus/c.claims", CLAIMS)
            .write(
                "corpus/NOTES.md",
                "Notes [5]{claim=nowhere} are not a draft.\n",
            )
            .write("drafts/post.md", draft)
    };
    for args in [
        vec!["check"],
        vec!["check", "corpus", "drafts"],
        vec!["check", "./corpus", "./drafts/"],
    ] {
        let out = test().args(&args).expect(1);
        assert!(
            out.stdout
                .contains("check drafts ... FAILED (1 citation in 1 draft)"),
            "{args:?}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains("drafts/post.md:1:14"),
            "{args:?}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains("nowhere"), "{args:?}: {}", out.stdout);
    }
    // A drafts path inside the corpus path is still read once.
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("corpus/drafts/post.md", draft)
        .write("factlint.toml", "drafts = [\"corpus/drafts\"]\n")
        .args(&["check"])
        .expect(1);
    assert!(
        out.stdout
            .contains("check drafts ... FAILED (1 citation in 1 draft)"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_claim_without_a_citation_is_a_warning() {
    let uncited = format!("{CLAIMS}claim openai.users = 800 million\n");
    let files = |test: Test| {
        test.write("corpus/c.claims", &uncited)
            .write("rules/r.rules", PASSING)
    };
    let out = files(Test::new()).args(&["check"]).expect(0);
    assert!(
        out.stdout.contains(
            "check citations ... warning (0 claims with several sources, 1 without a citation)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("⚠ claim `openai.users` cites no source"),
        "{}",
        out.stdout
    );
    let out = files(Test::new())
        .args(&["check", "--output-format", "concise"])
        .expect(0);
    assert!(
        out.stdout
            .contains("corpus/c.claims:12:7: warning[factlint::claim::uncited]"),
        "{}",
        out.stdout
    );
    files(Test::new())
        .args(&["check", "--deny", "warnings"])
        .expect(1);
    let out = files(Test::new())
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::claim::uncited\" = \"error\"\n",
        )
        .args(&["check"])
        .expect(1);
    assert!(
        out.stdout.contains("check citations ... FAILED"),
        "{}",
        out.stdout
    );
    let out = files(Test::new())
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::claim::uncited\" = \"off\"\n",
        )
        .args(&["check"])
        .expect(0);
    assert!(
        out.stdout
            .contains("check citations ... ignored (severity off)"),
        "{}",
        out.stdout
    );
}

#[test]
fn excess_digits_are_an_error_that_a_severity_level_changes() {
    let filed = format!(
        "{CLAIMS}source filing {{ outlet \"10-K\" }}\nclaim corp.cost = 21123 USD precision 1k {{ cite filing \"$21,000\" }}\n"
    );
    let files = |test: Test| {
        test.write("corpus/c.claims", &filed)
            .write("rules/r.rules", PASSING)
    };
    let out = files(Test::new())
        .args(&["check", "--output-format", "concise"])
        .expect(1);
    assert!(
        out.stdout.contains(
            "error[factlint::claim::excess_digits] claim `corp.cost` is written with digits below its declared precision"
        ),
        "{}",
        out.stdout
    );
    let out = files(Test::new())
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::claim::excess_digits\" = \"warning\"\n",
        )
        .args(&["check"])
        .expect(0);
    assert!(
        out.stdout.contains(
            "check citations ... warning (0 claims with several sources, 1 with a declared precision)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("write it rounded, `21000 USD precision 1k`"),
        "{}",
        out.stdout
    );
}

/// README's "Claims and rules in one minute" is a working project: its claims
/// and rules files, pasted as they are, check cleanly.
#[test]
fn the_readme_example_project_checks() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("## Claims and rules in one minute")
        .nth(1)
        .expect("the section");
    let blocks: Vec<&str> = section
        .split("```text\n")
        .skip(1)
        .take(2)
        .map(|b| b.split("```").next().expect("closed block"))
        .collect();
    assert_eq!(blocks.len(), 2, "a claims block and a rules block");
    let out = Test::new()
        .write("corpus/readme.claims", blocks[0])
        .write("rules/readme.rules", blocks[1])
        .args(&["check", "--color", "never"])
        .expect(0);
    assert!(
        out.stdout
            .ends_with("result: ok. 5 passed; 0 failed; 0 unproven; 1 expected\n"),
        "{}",
        out.stdout
    );
}

/// The interval defaults of `factlint.toml` change outcomes, not only parse.
#[test]
fn year_length_and_more_than_defaults_change_outcomes() {
    let claims = "source s { outlet \"fixture\" }\n\
        claim rate = exactly 10 USD/day { cite s \"10 dollars a day\" }\n\
        claim loss = more than 14B USD { cite s \"more than 14 billion dollars\" }\n";
    let rules = "rule yearly \"a year of the rate\" {\n  assert rate * 1 year == 3650 USD\n}\n\
        rule bounded \"the loss is at most 15B\" {\n  assert loss <= 15B USD\n}\n";
    let run = |config: &str, code: i32| {
        Test::new()
            .write("corpus/c.claims", claims)
            .write("rules/r.rules", rules)
            .write("factlint.toml", config)
            .args(&["check", "--color", "never"])
            .expect(code)
            .stdout
    };
    // The defaults: a year of 365 days; `more than 14B` reads as (14B, 15B].
    let out = run("", 0);
    assert!(out.contains("rule yearly ... ok"), "{out}");
    assert!(out.contains("rule bounded ... ok"), "{out}");
    // A Julian year makes the product 3652.5 USD.
    let out = run("[defaults]\nyear-length = \"365.25\"\n", 1);
    assert!(out.contains("rule yearly ... FAILED"), "{out}");
    assert!(out.contains("365.25"), "the year length is shown:\n{out}");
    // `more than` without an upper bound: the loss may exceed 15B.
    let out = run("[defaults]\nmore-than = \"unbounded\"\n", 0);
    assert!(out.contains("rule bounded ... unproven"), "{out}");
}

#[test]
fn severity_info_shows_without_gating() {
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::rule::inconsistent\" = \"info\"\n",
        )
        .args(&["check", "--color", "never"])
        .expect(0);
    assert!(
        out.stdout.contains("rule sora.too_small ... info"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("factlint::rule::inconsistent"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("; 1 info"), "{}", out.stdout);
    // info does not gate even with --deny warnings, and SARIF calls it a note.
    let out = Test::new()
        .write("corpus/c.claims", CLAIMS)
        .write("rules/r.rules", FAILING)
        .write(
            "factlint.toml",
            "[severity]\n\"factlint::rule::inconsistent\" = \"info\"\n",
        )
        .args(&["check", "--deny", "warnings", "--output-format", "sarif"])
        .expect(0);
    assert!(out.stdout.contains("\"level\": \"note\""), "{}", out.stdout);
}

/// Nothing in the tree a pull request brings can make factlint read outside
/// it: not the paths of factlint.toml, not a top-level link, not a linked
/// factlint.toml. (The operator may still name outside paths.)
#[cfg(unix)]
#[test]
fn the_tree_cannot_point_factlint_outside_it() {
    use std::os::unix::fs::symlink;
    let secret = "claim leak = SECRET-hunter2\n";
    // `corpus` in factlint.toml naming an outside directory.
    for config in ["corpus = [\"../secret\"]\n", "rules = [\"/tmp\"]\n"] {
        let out = Test::new()
            .write("secret/x.claims", secret)
            .write("project/factlint.toml", config)
            .current_dir("project")
            .args(&["check"])
            .expect(2);
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(all.contains("must name a path inside the project"), "{all}");
        assert!(!all.contains("hunter2"), "{all}");
    }
    // A top-level directory that is a link leading out, walked by default or named.
    let test = Test::new().write("secret/x.claims", secret).write(
        "project/rules/r.rules",
        "rule r \"t\" {\n  assert 1 < 2\n}\n",
    );
    symlink(
        test.dir.path().join("secret"),
        test.dir.path().join("project/corpus"),
    )
    .expect("symlink");
    let run = |args: &[&str]| {
        run_in(
            &test.dir.path().join("project"),
            &args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>(),
            &[],
            test.dir.path(),
        )
    };
    for args in [
        &["check"][..],
        &["check", "corpus"],
        &["check", "corpus/x.claims"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(
            out.stdout.contains("leaves the project through a link"),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("hunter2"), "{}", out.stdout);
    }
    // The operator naming the real directory reads it.
    let out = run(&["check", "../secret"]);
    assert!(out.stdout.contains("claim"), "{}", out.stdout);
    // A factlint.toml that is a link to another file is not read.
    let test = Test::new()
        .write(
            "secret/credentials",
            "aws_secret_access_key = \"hunter2\"\nbroken\n",
        )
        .write("project/corpus/c.claims", CLAIMS);
    symlink(
        test.dir.path().join("secret/credentials"),
        test.dir.path().join("project/factlint.toml"),
    )
    .expect("symlink");
    let out = run_in(
        &test.dir.path().join("project"),
        &["check".to_owned()],
        &[],
        test.dir.path(),
    );
    let all = format!("{}{}", out.stdout, out.stderr);
    assert_eq!(out.code, 2, "{all}");
    assert!(
        all.contains("is a link that leads outside its project"),
        "{all}"
    );
    assert!(!all.contains("hunter2"), "{all}");
}

/// `--config` and `--baseline` read regular files only, and boundedly.
#[cfg(unix)]
#[test]
fn devices_named_as_config_or_baseline_are_refused() {
    for args in [
        &["check", "--config", "/dev/zero"][..],
        &["check", "--baseline", "/dev/zero"],
        &["extract", "/dev/zero"],
    ] {
        let out = Test::new()
            .write("corpus/c.claims", CLAIMS)
            .args(args)
            .expect(2);
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(all.contains("not a regular file"), "{all}");
    }
}

/// Text from a rules file never begins a line of output, in any format: a
/// rule title with `\n::error ...` would otherwise be a workflow command in a
/// GitHub Actions log, or a second finding to an editor's problem matcher.
#[test]
fn a_line_break_in_a_title_cannot_start_a_line() {
    let rules = "rule a.b \"t\\n::error file=evil.txt,line=1::INJECTED\" {\n  assert sora.annual_loss > 6B USD\n}\n";
    use clap::ValueEnum;
    for format in factlint::output::OutputFormat::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
    {
        let format = format.get_name();
        let out = Test::new()
            .write("corpus/c.claims", CLAIMS)
            .write("rules/r.rules", rules)
            .args(&["check", "--output-format", format])
            .expect(1);
        assert!(
            !out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with("::error file=evil")),
            "{format}:\n{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("INJECTED"),
            "{format}: the title is shown"
        );
    }
}

/// A lone CR ends a line, so it ends a sentence: no stub quote holds one
/// (a raw line break would leave the string unclosed). Control characters
/// and bidi overrides are never written raw, in any format, and the stubs
/// quote around them so that they still check cleanly.
#[test]
fn extract_stubs_from_text_with_carriage_returns_and_controls_check_cleanly() {
    let first = "The loss was 5 billion dollars\rin 2025 it was 7 billion.\n";
    let second = "Costs \u{1b}[31m hit 9 million\u{7} dollars\u{202E} a day.\u{9b}\u{b}\n";
    let raw = |out: &str| {
        out.chars().any(|c| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
    };
    for format in [
        &["--claims"][..],
        &["--format", "json"],
        &["--format", "table"],
    ] {
        let out = Test::new()
            .write("a.txt", first)
            .write("b.txt", second)
            .args(&["extract", "a.txt", "b.txt"])
            .args(format)
            .expect(0);
        assert!(!raw(&out.stdout), "{format:?}: {:?}", out.stdout);
    }
    let stubs = Test::new()
        .write("a.txt", first)
        .write("b.txt", second)
        .args(&["extract", "a.txt", "b.txt", "--claims", "--source", "src"])
        .expect(0);
    assert!(
        stubs
            .stdout
            .contains("cite src1 \"in 2025 it was 7 billion\""),
        "{}",
        stubs.stdout
    );
    let out = Test::new()
        .write("a.txt", first)
        .write("b.txt", second)
        .write("corpus/stubs.claims", &stubs.stdout)
        .args(&["check"])
        .expect(0);
    assert!(
        out.stdout
            .contains("check sources ... ok (5 quotes in 2 files)"),
        "{}",
        out.stdout
    );
}

/// Control characters and bidi overrides from a rules or claims file reach no
/// output format raw (JSON escapes only C0 controls by itself).
#[test]
fn no_format_prints_control_characters_from_the_input() {
    let claims = "source s { outlet \"x\" }\n\
        claim a = 1B USD { cite s \"1 billion \u{202E} here \u{9B}[31m\" }\n\
        claim b = 2B USD { cite s \"7 billion\" }\n";
    let rules = "rule r \"t\u{202E}itle \u{9B}[5m \u{1b}[31m\" {\n  assert a > b\n}\n";
    use clap::ValueEnum;
    for format in factlint::output::OutputFormat::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
    {
        let format = format.get_name();
        let out = Test::new()
            .write("corpus/c.claims", claims)
            .write("rules/r.rules", rules)
            .args(&["check", "--output-format", format])
            .expect(1);
        let raw: Vec<char> = out
            .stdout
            .chars()
            .filter(|&c| {
                (c.is_control() && !matches!(c, '\n' | '\t'))
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(raw.is_empty(), "{format}: {raw:?} in\n{}", out.stdout);
    }
}

/// Splitting repeats an evaluation up to 256 times, so a large one is not
/// split: a sum over 5,000 keyed claims used twice stays unproven, with the
/// reason, instead of taking seconds (the cost is bounded, not timed here).
#[test]
fn large_assertions_are_not_split() {
    let mut claims = String::from("source s { outlet \"x\" }\n");
    for i in 0..5_000 {
        claims.push_str(&format!(
            "claim x[k{i}] = 1.5B USD {{ cite s \"1.5 billion\" }}\n"
        ));
    }
    let rules = "rule big \"a sum and itself\" {\n  assert sum(x[*]) < sum(x[*]) + 1B USD\n}\n";
    let out = Test::new()
        .write("corpus/c.claims", &claims)
        .write("rules/r.rules", rules)
        .args(&["check", "--color", "never"])
        .expect(0);
    assert!(
        out.stdout.contains("rule big ... unproven"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("which widens interval arithmetic"),
        "{}",
        out.stdout
    );
}

/// Every diagnostic code the source can emit has a row in section 12 of
/// docs/language.md (the SARIF rules link there).
#[test]
fn every_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/language.md")).expect("docs");
    let section = docs
        .split_once("## 12. Diagnostic codes")
        .map(|(_, rest)| rest)
        .expect("section 12");
    let mut codes = std::collections::BTreeSet::new();
    for path in walk(&root.join("src")) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (at, _) in text.match_indices("\"factlint::") {
            let code: String = text[at + 1..]
                .chars()
                .take_while(|&c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':'
                })
                .collect();
            let code = code.trim_end_matches(':');
            // `"factlint::{}"` and the like build a code: not one.
            if code.matches("::").count() >= 1 && !code.ends_with("::") && code != "factlint" {
                codes.insert(code.to_owned());
            }
        }
    }
    assert!(codes.len() > 40, "{codes:?}");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !section.contains(&format!("| `{code}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/language.md section 12: {missing:?}"
    );
}
