//! Data-driven snapshot tests: every file in `tests/cases/<stage>/` is a case.
//!
//! A case is one `.claims` or `.rules` file, checked together with the files
//! in its stage's `shared/` directory (a small corpus). The snapshot holds the
//! exit code and the whole rendered report without colour. A line
//! `# case: strict` in the case file runs it with `--strict`, and a line
//! `# case: passage-search-budget N` gives each source file a closest-passage
//! search budget of N word steps instead of the default, and a line
//! `# case: filter NAME` (repeatable) checks only what `-k NAME` selects.

use factlint::analysis::Project;
use factlint::check::{CheckOptions, FileKind};
use factlint::config::Config;
use factlint::report::Style;
use std::path::Path;

fn run_case(path: &Path) -> String {
    let dir = path.parent().expect("case is in a directory");
    let mut files = Vec::new();
    let shared = dir.join("shared");
    if shared.is_dir() {
        let mut paths: Vec<_> = std::fs::read_dir(&shared)
            .expect("shared dir is readable")
            .map(|e| e.expect("entry").path())
            .filter(|p| FileKind::of(p).is_some())
            .collect();
        paths.sort();
        for file in paths {
            let name = format!(
                "shared/{}",
                file.file_name().expect("file name").to_string_lossy()
            );
            files.push((name, std::fs::read_to_string(&file).expect("readable")));
        }
    }
    let name = path
        .file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(path).expect("case file is readable");
    files.push((name, text.clone()));
    let mut project = Project::in_memory(Config::default_at(dir), files);
    project.set_options(CheckOptions {
        strict: text.lines().any(|l| l.trim() == "# case: strict"),
        filters: text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("# case: filter ").map(str::to_owned))
            .collect(),
        passage_search_budget: text.lines().find_map(|l| {
            l.trim()
                .strip_prefix("# case: passage-search-budget ")
                .map(|n| n.parse().expect("the budget is a number"))
        }),
        ..CheckOptions::default()
    });
    let analysis = project.check();
    // With no policy, the exit code the findings give is the verdicts' one.
    assert_eq!(
        analysis.exit_code(),
        analysis.run().exit_code(),
        "{}",
        path.display()
    );
    format!(
        "exit code: {}\n\n{}",
        analysis.exit_code(),
        factlint::output::render_run(analysis.run(), analysis.presented(), Style { color: false })
    )
}

#[test]
fn parse() {
    insta::glob!(
        "cases/parse/*.{claims,rules}",
        |path| insta::assert_snapshot!(run_case(path))
    );
}

#[test]
fn corpus() {
    insta::glob!(
        "cases/corpus/*.{claims,json}",
        |path| insta::assert_snapshot!(run_case(path))
    );
}

#[test]
fn resolve() {
    insta::glob!("cases/resolve/*.rules", |path| insta::assert_snapshot!(
        run_case(path)
    ));
}

#[test]
fn quotes() {
    insta::glob!("cases/quotes/*.claims", |path| insta::assert_snapshot!(
        run_case(path)
    ));
}

#[test]
fn sources() {
    insta::glob!("cases/sources/*.claims", |path| insta::assert_snapshot!(
        run_case(path)
    ));
}

#[test]
fn drafts() {
    insta::glob!("cases/drafts/*.md", |path| insta::assert_snapshot!(
        run_case(path)
    ));
}

#[test]
fn figures() {
    insta::glob!(
        "cases/figures/*.{claims,json,rules}",
        |path| insta::assert_snapshot!(run_case(path))
    );
}

#[test]
fn eval() {
    insta::glob!("cases/eval/*.rules", |path| insta::assert_snapshot!(
        run_case(path)
    ));
}

/// Quotes written to fool the checker (invisible characters, digits of
/// other forms, signs, periods, currencies): each case says what it must
/// get in a line `# expect: CODE` (or `ok`), checked here beside the snapshot.
#[test]
fn adversarial() {
    let mut wrong = Vec::new();
    insta::glob!("cases/adversarial/*.claims", |path| {
        let shown = run_case(path);
        let text = std::fs::read_to_string(path).expect("readable");
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .expect("every adversarial case says what it expects");
        let codes: Vec<&str> = shown
            .lines()
            .filter(|l| l.starts_with("factlint::"))
            .collect();
        let got_it = if expect == "ok" {
            shown.starts_with("exit code: 0\n") && codes.is_empty()
        } else {
            codes == [expect]
        };
        if !got_it {
            wrong.push(format!(
                "{}: expected {expect}, got {codes:?}",
                path.display()
            ));
        }
        insta::assert_snapshot!(shown);
    });
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Stale snapshots fail the suite: every `cases__<stage>@<file>.snap` must
/// belong to a case file that still exists (what `cargo insta test
/// --unreferenced=reject` checks, without needing cargo-insta).
#[test]
fn every_snapshot_has_a_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in std::fs::read_dir(root.join("snapshots")).expect("snapshots dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(rest) = name.strip_prefix("cases__") else {
            continue;
        };
        assert!(
            !name.ends_with(".snap.new"),
            "unreviewed snapshot {name}: review it with `cargo insta review`"
        );
        let case = rest.strip_suffix(".snap").expect("a .snap file");
        let (stage, file) = case.split_once('@').expect("stage@file");
        let path = root.join("cases").join(stage).join(file);
        assert!(
            path.is_file(),
            "snapshot {name} has no case {}: delete it",
            path.display()
        );
    }
}
