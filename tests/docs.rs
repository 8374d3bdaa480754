//! The command examples in README.md and docs/ run against the real binary,
//! so an output that changed fails the suite instead of going stale.
//!
//! A fenced `text` or `console` block whose first line starts with `$ ` is
//! a session: each `$ COMMAND` line runs in bash (with `factlint` on `PATH`,
//! the binary this suite built), and the lines after it, up to the next
//! `$ ` line, are what it must print (stdout and stderr together). In the
//! expected lines, a line `...` stands for any number of lines and `[..]`
//! for any text within a line. The blocks of one file run in order in one
//! shell, in a copy of the repository named `factlint` with `../shared`
//! beside it, so a `cd` or a file written in one block holds in the next.
//!
//! An HTML comment on the line before a block, invisible on the rendered
//! page, steers it: `<!-- doctest: skip -->` leaves the block out (commands
//! shown without their output, or that need a network or an editor);
//! `<!-- doctest: setup COMMAND -->` (one per line, several allowed) runs
//! COMMAND first, its output unchecked, for a step the prose describes.
//!
//! `FACTLINT_DOCS=overwrite cargo test --test docs` writes the real outputs
//! into the files instead (blocks with wildcards are left for a person).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ COMMAND` of a block and the lines it must print.
struct Step {
    command: String,
    /// Line index in the file of the `$ ` line.
    line: usize,
    expected: Vec<String>,
}

struct Block {
    setup: Vec<String>,
    steps: Vec<Step>,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_end();
        let opens = fence == "```text" || fence == "```console";
        let first = lines.get(i + 1).copied().unwrap_or("");
        if !(opens && first.starts_with("$ ")) {
            i += 1;
            continue;
        }
        // The directives: the comment lines right above the fence.
        let mut setup = Vec::new();
        let mut skip = false;
        let mut k = i;
        while k > 0 {
            let Some(d) = lines[k - 1]
                .trim()
                .strip_prefix("<!-- doctest:")
                .and_then(|d| d.strip_suffix("-->"))
            else {
                break;
            };
            let d = d.trim();
            if d == "skip" {
                skip = true;
            } else if let Some(command) = d.strip_prefix("setup ") {
                setup.insert(0, command.to_owned());
            } else {
                panic!("line {k}: unknown doctest directive `{d}` (skip, setup COMMAND)");
            }
            k -= 1;
        }
        let mut steps: Vec<Step> = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && !lines[j].starts_with("```") {
            match lines[j].strip_prefix("$ ") {
                Some(command) => steps.push(Step {
                    command: command.to_owned(),
                    line: j,
                    expected: Vec::new(),
                }),
                None => steps
                    .last_mut()
                    .expect("a session starts with a command")
                    .expected
                    .push(lines[j].to_owned()),
            }
            j += 1;
        }
        if !skip {
            out.push(Block { setup, steps });
        }
        i = j + 1;
    }
    out
}

/// Whether `actual` matches the expected `line` with its `[..]` wildcards.
fn line_matches(line: &str, actual: &str) -> bool {
    let parts: Vec<&str> = line.split("[..]").collect();
    if parts.len() == 1 {
        return line == actual;
    }
    let mut rest = actual;
    for (n, part) in parts.iter().enumerate() {
        if n == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if n == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

/// Whether the actual lines match the expected ones, `...` lines included.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| line_matches(first, a) && matches(rest, more)),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy's directory is made");
    for entry in std::fs::read_dir(from).expect("the directory is readable") {
        let entry = entry.expect("an entry");
        let name = entry.file_name();
        if ["target", ".git", "node_modules"]
            .iter()
            .any(|n| name == *n)
        {
            continue;
        }
        let kind = entry.file_type().expect("a file type");
        let (src, dst) = (entry.path(), to.join(&name));
        if kind.is_dir() {
            copy_tree(&src, &dst);
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).expect("the file is copied");
        }
    }
}

const MARK: &str = "@@factlint-doctest@@";

/// Runs the blocks of one file; the mismatches, described.
fn run_file(name: &str, text: &str, overwrite: &mut Vec<(usize, usize, Vec<String>)>) -> String {
    let blocks = blocks(text);
    if blocks.is_empty() {
        return String::new();
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sandbox = tempfile::tempdir().expect("a temporary directory");
    let checkout = sandbox.path().join("factlint");
    copy_tree(repo, &checkout);
    let shared = repo.join("../shared");
    if shared.is_dir() {
        std::os::unix::fs::symlink(
            shared.canonicalize().expect("shared resolves"),
            sandbox.path().join("shared"),
        )
        .expect("../shared is linked");
    }
    let mut script = String::from("exec 2>&1\ncd \"$FACTLINT_DOCTEST_DIR\"\n");
    let mut steps = Vec::new();
    for block in &blocks {
        for setup in &block.setup {
            let _ = writeln!(script, "{setup} >/dev/null");
        }
        for step in &block.steps {
            let _ = writeln!(script, "printf '\\n{MARK}\\n'\n{}", step.command);
            steps.push(step);
        }
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_factlint"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("the binary's directory").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("PATH", path)
        .env("FACTLINT_DOCTEST_DIR", &checkout)
        .env("HOME", sandbox.path())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env("COLUMNS", "80")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let separator = format!("\n{MARK}\n");
    let mut outputs = stdout.split(separator.as_str());
    let before = outputs.next().unwrap_or_default();
    let mut report = String::new();
    if !before.trim().is_empty() {
        let _ = writeln!(report, "{name}: a setup step printed:\n{before}");
    }
    for step in steps {
        let actual = outputs.next().unwrap_or_default();
        let actual: Vec<&str> = actual.lines().map(str::trim_end).collect();
        let expected: Vec<String> = step
            .expected
            .iter()
            .map(|l| l.trim_end().to_owned())
            .collect();
        if matches(&expected, &actual) {
            continue;
        }
        let wild = expected.iter().any(|l| l == "..." || l.contains("[..]"));
        if !wild {
            overwrite.push((
                step.line + 1,
                step.line + 1 + step.expected.len(),
                actual.iter().map(|l| l.to_string()).collect(),
            ));
        }
        let _ = writeln!(
            report,
            "{name}:{}: `{}` printed what the docs do not show:\n{}",
            step.line + 1,
            step.command,
            factlint::snapshot::unified(&(expected.join("\n") + "\n"), &(actual.join("\n") + "\n"))
        );
    }
    report
}

#[test]
fn command_examples_in_readme_and_docs_print_what_they_show() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![repo.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo.join("docs"))
        .expect("docs/ is readable")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let overwrite_mode = std::env::var("FACTLINT_DOCS").is_ok_and(|v| v == "overwrite");
    let mut failures = String::new();
    for file in files {
        let name = file
            .strip_prefix(repo)
            .expect("inside the repository")
            .display()
            .to_string();
        let text = std::fs::read_to_string(&file).expect("the file is readable");
        let mut overwrite = Vec::new();
        failures.push_str(&run_file(&name, &text, &mut overwrite));
        if overwrite_mode && !overwrite.is_empty() {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (start, end, actual) in overwrite.into_iter().rev() {
                lines.splice(start..end, actual);
            }
            std::fs::write(&file, lines.join("\n") + "\n").expect("the file is written");
        }
    }
    assert!(
        failures.is_empty() || overwrite_mode,
        "{failures}\n(FACTLINT_DOCS=overwrite cargo test --test docs writes the real outputs)"
    );
}

#[test]
fn wildcards_match_as_documented() {
    let e = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&e(&["a", "...", "d"]), &["a", "d"]));
    assert!(!matches(&e(&["a", "...", "d"]), &["a", "b"]));
    assert!(matches(&e(&["took [..] ms"]), &["took 12 ms"]));
    assert!(!matches(&e(&["took [..] ms"]), &["took 12 s"]));
    assert!(matches(&e(&["[..]x[..]"]), &["axb"]));
    assert!(!matches(&e(&["a"]), &["a", "b"]));
}
