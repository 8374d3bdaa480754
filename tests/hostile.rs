//! Hostile input, run through the real binary: every file in
//! `tests/cases/hostile/`, inputs generated here (too large to keep as files),
//! and trees no file can describe (pipes, links, limits). Each run must exit
//! 1 or 2, never panic, point at the file it is about, and print no control
//! character it was given; its whole output is an insta snapshot.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Claims every case can refer to.
const BASE_CLAIMS: &str = "source s {\n  outlet \"fixture\"\n}\nclaim a = 1B USD {\n  cite s \"1 billion dollars\"\n}\nclaim b = 2B USD {\n  cite s \"2 billion dollars\"\n}\n";

/// A temporary project with the base claims.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/base.claims"), BASE_CLAIMS).expect("write");
    dir
}

/// Where a case file goes in the project, by its extension.
fn place(name: &str) -> PathBuf {
    if name.ends_with(".rules") {
        Path::new("rules").join(name)
    } else {
        Path::new("corpus").join(name)
    }
}

/// Runs `factlint ARGS` in `dir`; returns the exit code and the output with
/// the temporary path replaced.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .expect("run factlint");
    transcript(dir, &out)
}

/// A run's exit code, and its output with the temporary path replaced.
fn transcript(dir: &Path, out: &std::process::Output) -> (i32, String) {
    let clean = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes).replace(dir.to_string_lossy().as_ref(), "[TEMP]")
    };
    let code = out.status.code().unwrap_or(-1);
    let text = format!(
        "exit code: {code}\n--- stdout\n{}--- stderr\n{}",
        clean(&out.stdout),
        clean(&out.stderr)
    );
    (code, text)
}

/// The checks every hostile run must pass, then its snapshot.
#[track_caller]
fn verify(name: &str, code: i32, output: &str, expect_codes: &[i32]) {
    assert!(!output.contains("panicked"), "{name} panicked:\n{output}");
    assert!(
        expect_codes.contains(&code),
        "{name}: exit code {code}, expected one of {expect_codes:?}\n{output}"
    );
    let file = name.rsplit('/').next().unwrap_or(name);
    assert!(
        output.contains(file),
        "{name}: the report does not name the file\n{output}"
    );
    assert!(
        !output.chars().any(|c| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        }),
        "{name}: a control or bidi-override character reached the output\n{output:?}"
    );
    insta::assert_snapshot!(format!("hostile__{}", file.replace('.', "_")), output);
}

/// The name of every `--output-format`, so a new format is tested too.
fn every_format() -> Vec<String> {
    use clap::ValueEnum;
    factlint::output::OutputFormat::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
        .collect()
}

/// Runs `check` on a project holding `name` with `contents`.
fn check_file(name: &str, contents: &[u8]) -> (i32, String) {
    let dir = project();
    std::fs::write(dir.path().join(place(name)), contents).expect("write case");
    run(dir.path(), &["check", "--color", "never"])
}

#[test]
fn every_hostile_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("hostile cases")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 40, "only {} hostile files", names.len());
    for name in names {
        let contents = std::fs::read(root.join(&name)).expect("read case");
        let (code, output) = check_file(&name, &contents);
        verify(&name, code, &output, &[1, 2]);
        same_places(&name, &contents);
    }
}

/// The report `--write-baseline` prints when the input cannot be checked,
/// and the error for a baseline that is not one (the baseline comes with the
/// tree, and serde quotes it), are made inert like every other output.
#[test]
fn baseline_paths_print_no_ci_command() {
    let dir = project();
    let p = dir.path();
    std::fs::write(
        p.join("corpus/bad.claims"),
        "claim c = 5 zz {\n  title \"##vso[task.setvariable variable=X]1 ##[error]x\"\n}\n",
    )
    .expect("write");
    std::fs::write(
        p.join("baseline.json"),
        "{\"version\": \"##vso[task.setvariable variable=X]1\"}",
    )
    .expect("write");
    let runs = [
        vec!["check", "--color", "never", "--write-baseline", "new.json"],
        vec!["check", "--color", "never", "--baseline", "baseline.json"],
    ];
    for args in runs {
        let (code, output) = run(p, &args);
        assert_eq!(code, 2, "{args:?}\n{output}");
        assert!(output.contains("##vso\\["), "{args:?}\n{output}");
        for line in output.lines() {
            assert!(
                !(line.trim_start().starts_with("::")
                    || line.contains("##[")
                    || line.contains("##vso[")),
                "{args:?}: a command line reached the output: {line}"
            );
        }
    }
    assert!(!p.join("new.json").exists());
}

/// The standard output of a run's transcript.
fn stdout_of(transcript: &str) -> &str {
    transcript
        .split_once("--- stdout\n")
        .and_then(|(_, rest)| rest.split_once("--- stderr\n"))
        .map(|(out, _)| out)
        .expect("transcript")
}

/// `check` on a project holding case `name`: the full report's transcript,
/// and the standard output in `format`.
fn full_and(name: &str, contents: &[u8], format: &str) -> (String, String) {
    let dir = project();
    std::fs::write(dir.path().join(place(name)), contents).expect("write case");
    let (_, full) = run(dir.path(), &["check", "--color", "never"]);
    let (_, other) = run(
        dir.path(),
        &["check", "--color", "never", "--output-format", format],
    );
    (full, stdout_of(&other).to_owned())
}

/// A finding at the very end of a file (an empty span, widened to the last
/// character to be underlined) has one place in every format.
#[test]
fn end_of_file_places_agree() {
    for name in ["eof_without_newline.claims", "json_truncated.json"] {
        let contents = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/cases/hostile")
                .join(name),
        )
        .expect("case");
        let (full, concise) = full_and(name, &contents, "concise");
        let file = place(name).to_string_lossy().into_owned();
        let position = concise
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{file}:")))
            .and_then(|rest| rest.split(": ").next())
            .expect("a finding about the file");
        assert!(
            full.contains(&format!("[{file}:{position}]")),
            "{name}: concise says {position}\n{full}"
        );
    }
}

/// Every snippet header of the full report about the case file names a
/// place the JSON format gives too (a finding's primary place or one of its
/// labels): the formats agree on lines and columns, counted in characters,
/// even at the end of a file.
fn same_places(name: &str, contents: &[u8]) {
    let (full, json) = full_and(name, contents, "json");
    let file = place(name).to_string_lossy().into_owned();
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let mut places = std::collections::BTreeSet::new();
    let findings = value["findings"].as_array().cloned().unwrap_or_default();
    for finding in &findings {
        let labels = finding["labels"].as_array().cloned().unwrap_or_default();
        for at in std::iter::once(finding).chain(labels.iter()) {
            if at["file"] == file.as_str() {
                places.insert(format!("{file}:{}:{}", at["line"], at["column"]));
            }
        }
    }
    for header in full.split("╭─[").skip(1) {
        let Some(place) = header.split(']').next() else {
            continue;
        };
        if place.starts_with(&format!("{file}:")) {
            assert!(
                places.contains(place),
                "{name}: the full report's {place} is not a place of the JSON format {places:?}\n{full}"
            );
        }
    }
}

/// Inputs too large to keep as files: deep nesting and long chains must be
/// refused with a diagnostic, never overflow the stack.
#[test]
fn generated_inputs() {
    let rule = |expr: String| format!("rule r \"t\" {{\n  assert {expr} < b\n}}\n").into_bytes();
    let n = 100_000;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep_parens.rules",
            rule(format!("{}a{}", "(".repeat(n), ")".repeat(n))),
        ),
        ("long_chain.rules", rule(vec!["a"; n].join(" + "))),
        ("deep_not.rules", rule(format!("{}a", "not ".repeat(n)))),
        ("deep_minus.rules", rule(format!("{}a", "-".repeat(n)))),
        ("deep_pow.rules", rule(format!("{}2", "2 ^ ".repeat(n)))),
        (
            "deep_calls.rules",
            rule(format!("{}a{}", "abs(".repeat(n), ")".repeat(n))),
        ),
        ("long_and_chain.rules", rule(vec!["a < b"; n].join(" and "))),
        (
            "long_line.claims",
            format!(
                "claim a2 = 1B USD {{\n  title \"{}\" oops\n}}\n",
                "x".repeat(200_000)
            )
            .into_bytes(),
        ),
    ];
    for (name, contents) in cases {
        let (code, output) = check_file(name, &contents);
        verify(name, code, &output, &[2]);
        assert!(
            output.len() < 20_000,
            "{name}: {} bytes of output",
            output.len()
        );
    }
}

/// Findings far apart on one long line (a minified draft): each snippet is a
/// window of the line, and its header's column is the one the one-line
/// format gives, counted in characters across multi-byte text.
#[test]
fn findings_on_one_long_line() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("drafts")).expect("mkdir");
    let filler = |n: usize| "نص عربي طويل ".repeat(n);
    let line = format!(
        "[$3 billion]{{claim=a}} {}[$4 billion]{{claim=b}} {}[$5 billion]{{claim=a}}",
        filler(100),
        filler(100)
    );
    std::fs::write(
        dir.path().join("drafts/long.md"),
        format!("# t\n\n{line}\n"),
    )
    .expect("write");
    let (code, output) = run(dir.path(), &["check", "--color", "never"]);
    verify("drafts/long.md", code, &output, &[1]);
    let (_, concise) = run(
        dir.path(),
        &["check", "--color", "never", "--output-format", "concise"],
    );
    let mut located = 0;
    for position in concise
        .lines()
        .filter_map(|l| l.strip_prefix("drafts/long.md:"))
        .filter_map(|l| l.split(": ").next())
    {
        assert!(
            output.contains(&format!("[drafts/long.md:{position}]")),
            "{position} is not a header of the full report\n{output}"
        );
        located += 1;
    }
    assert_eq!(located, 3, "{concise}");
}

/// Text a stranger wrote that a CI runner would take as a command (GitHub
/// reads a line starting with `::` once blanks are trimmed, and `##[`
/// anywhere; Azure reads `##vso[` anywhere) is made inert in every format,
/// and a JSON or XML reader still gets the text as written. The source file
/// holds a word long enough that the help's wrapping breaks it just before
/// `::warning`.
#[test]
fn no_output_line_is_a_ci_command() {
    let dir = project();
    let p = dir.path();
    let word = format!("{}::warning::boom", "x".repeat(81));
    std::fs::create_dir_all(p.join("sources")).expect("mkdir");
    std::fs::write(
        p.join("sources/s.txt"),
        format!("The company spent 1 billion dollars {word} on servers.\n"),
    )
    .expect("write");
    std::fs::write(
        p.join("corpus/ci.claims"),
        format!(
            "source t {{\n  outlet \"##[error]outlet\"\n  file \"sources/s.txt\"\n}}\n\
             claim c = 3B USD {{\n  title \"##vso[task.complete result=Succeeded]done\"\n  \
             cite t \"The company spent 1 billion dollars {word} on computers\"\n}}\n"
        ),
    )
    .expect("write");
    std::fs::write(
        p.join("rules/ci.rules"),
        "rule ci \"##[error]title ::error::x\" {\n  assert c < a\n}\n",
    )
    .expect("write");
    for format in every_format() {
        let format = format.as_str();
        let (code, output) = run(p, &["check", "--color", "never", "--output-format", format]);
        assert_eq!(code, 1, "{format}\n{output}");
        for line in output.lines() {
            let ours = format == "github"
                && ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|c| line.starts_with(c));
            assert!(
                ours || !(line.trim_start().starts_with("::")
                    || line.contains("##[")
                    || line.contains("##vso[")),
                "{format}: a command line reached the output: {line}"
            );
        }
        let stdout = stdout_of(&output);
        match format {
            "full" => {
                assert!(
                    output
                        .lines()
                        .any(|l| l.trim_start().starts_with("\\::boom")),
                    "the help no longer wraps before `::`\n{output}"
                );
                verify("ci.claims", code, &output, &[1]);
            }
            "json" | "sarif" | "gitlab" | "rdjson" => {
                let value: serde_json::Value = serde_json::from_str(stdout).expect("json");
                assert!(value.to_string().contains("##[error]title"), "{format}");
            }
            "json-lines" => {
                let read: Vec<serde_json::Value> = stdout
                    .lines()
                    .map(|l| serde_json::from_str(l).expect("json line"))
                    .collect();
                assert!(
                    read.iter()
                        .any(|v| v.to_string().contains("##[error]title")),
                    "{stdout}"
                );
            }
            "junit" => {
                let xml = roxmltree::Document::parse(stdout).expect("xml");
                assert!(
                    xml.descendants().any(|n| {
                        n.attribute("message")
                            .is_some_and(|m| m.contains("##[error]title"))
                    }),
                    "{stdout}"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = project();
    std::fs::write(
        dir.path().join("factlint.toml"),
        "[limits]\nmax-file-size = 200\n",
    )
    .expect("write");
    let big = "claim c = 3B USD\n".repeat(20);
    std::fs::write(dir.path().join("corpus/big.claims"), big).expect("write");
    let (code, output) = run(dir.path(), &["check", "--color", "never"]);
    verify("big.claims", code, &output, &[2]);
    assert!(
        output.contains("larger than the limit of 200 bytes"),
        "{output}"
    );
}

#[test]
fn source_files_are_bounded_like_corpus_files() {
    let dir = project();
    let p = dir.path();
    std::fs::write(p.join("factlint.toml"), "[limits]\nmax-file-size = 4096\n").expect("write");
    std::fs::create_dir_all(p.join("sources")).expect("mkdir");
    std::fs::write(
        p.join("sources/big.txt"),
        "spent 5 billion dollars. ".repeat(200),
    )
    .expect("write");
    std::fs::write(
        p.join("corpus/cited.claims"),
        "source big {\n  file \"sources/big.txt\"\n}\n\
         claim spend = 5B USD {\n  cite big \"spent 5 billion dollars\"\n}\n",
    )
    .expect("write");
    let (code, output) = run(p, &["check", "--color", "never"]);
    verify("sources/big.txt", code, &output, &[1]);
    assert!(output.contains("max-file-size"), "{output}");
}

#[test]
fn a_long_quote_missing_from_a_long_source_is_quick() {
    // A 2,000-word quote against a 100,000-word source: a windowed search
    // scoring every start took hours; this must finish like any other run
    // (no timing is asserted; a regression shows as a hung test).
    let dir = project();
    let p = dir.path();
    let word = |i: u64| format!("w{} ", i.wrapping_mul(2_654_435_761) % 1_009);
    std::fs::create_dir_all(p.join("sources")).expect("mkdir");
    std::fs::write(
        p.join("sources/long.txt"),
        (0..100_000).map(word).collect::<String>(),
    )
    .expect("write");
    let quote: String = (50_000..52_000)
        .map(|i| {
            if i % 100 == 0 {
                "x ".to_owned()
            } else {
                word(i)
            }
        })
        .collect();
    std::fs::write(
        p.join("corpus/long.claims"),
        format!(
            "source long {{\n  file \"sources/long.txt\"\n}}\n\
             claim n = 1009 {{\n  cite long \"{} 1009\"\n}}\n",
            quote.trim_end()
        ),
    )
    .expect("write");
    let (code, output) = run(
        p,
        &["check", "--color", "never", "--output-format", "concise"],
    );
    assert!(!output.contains("panicked"), "{output}");
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("quote_not_found"), "{output}");
}

#[test]
fn a_directory_named_like_a_claims_file_is_walked() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("corpus/dir.claims")).expect("mkdir");
    std::fs::write(
        dir.path().join("corpus/dir.claims/inner.claims"),
        "claim c = oops\n",
    )
    .expect("write");
    let (code, output) = run(
        dir.path(),
        &["check", "--color", "never", "corpus/dir.claims"],
    );
    verify("inner.claims", code, &output, &[2]);
}

#[cfg(unix)]
#[test]
fn pipes_and_links_never_hang_or_escape() {
    use std::os::unix::fs::symlink;
    let dir = project();
    let p = dir.path();
    // A named pipe: reading it would block forever.
    let fifo = p.join("corpus/pipe.claims");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    // A link loop, a dangling link, and a link to a device that never ends.
    symlink(p.join("corpus"), p.join("corpus/loop")).expect("symlink");
    symlink(
        p.join("corpus/missing.claims"),
        p.join("corpus/dangling.claims"),
    )
    .expect("symlink");
    symlink("/dev/zero", p.join("corpus/zero.claims")).expect("symlink");
    // Walking the tree skips what is not a regular file.
    let (code, output) = run(p, &["check", "--color", "never"]);
    assert!(!output.contains("panicked"), "{output}");
    assert_eq!(code, 0, "{output}");
    // Naming each directly is an error that says what it is.
    let mut names = vec!["corpus/zero.claims", "corpus/dangling.claims"];
    if made {
        names.push("corpus/pipe.claims");
    }
    for name in names {
        let (code, output) = run(p, &["check", "--color", "never", name]);
        assert!(!output.contains("panicked"), "{output}");
        assert_eq!(code, 2, "{name}:\n{output}");
        assert!(output.contains(name), "{name}:\n{output}");
    }
    let (code, output) = run(p, &["check", "--color", "never", "corpus/loop"]);
    assert!(!output.contains("panicked"), "{output}");
    assert!(code == 0 || code == 2, "{output}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project();
    let path = dir.path().join("corpus/locked.claims");
    std::fs::write(&path, "claim c = 3B USD\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let (code, output) = if std::fs::read(&path).is_err() {
        run(dir.path(), &["check", "--color", "never"])
    } else {
        // Running as root, whom permissions do not stop: run the binary as
        // `nobody` instead (the project's directories opened to everyone).
        for sub in ["", "corpus", "rules"] {
            std::fs::set_permissions(dir.path().join(sub), std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
        }
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_factlint"))
            .args(["check", "--color", "never"])
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .output();
        let Ok(out) = out.map_err(|e| eprintln!("skipped: running as root without setpriv ({e})"))
        else {
            return;
        };
        transcript(dir.path(), &out)
    };
    verify("locked.claims", code, &output, &[2]);
    assert!(output.contains("Permission denied"), "{output}");
}

/// Stale hostile snapshots fail the suite, as the case snapshots do.
#[test]
fn every_hostile_snapshot_has_a_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let cases: Vec<String> = std::fs::read_dir(root.join("cases/hostile"))
        .expect("hostile cases")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .replace('.', "_")
        })
        .collect();
    let generated = [
        "deep_parens_rules",
        "long_chain_rules",
        "deep_not_rules",
        "deep_minus_rules",
        "deep_pow_rules",
        "deep_calls_rules",
        "long_and_chain_rules",
        "long_line_claims",
        "big_claims",
        "inner_claims",
        "locked_claims",
        "big_txt",
        "long_md",
        "ci_claims",
    ];
    for entry in std::fs::read_dir(root.join("snapshots")).expect("snapshots") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(case) = name
            .strip_prefix("hostile__hostile__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        assert!(
            cases.iter().any(|c| c == case) || generated.contains(&case),
            "snapshot {name} has no case: delete it"
        );
    }
}
