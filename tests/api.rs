//! The library API as a front end uses it: a project built in memory,
//! changed file by file and checked again, with the parses counted; a
//! project opened from a directory as the command line opens it; and
//! docs/library.md's example test, which is `tests/outcomes.rs` verbatim.

use factlint::analysis::{Analysis, NotAFactlintFile, Project};
use factlint::check::{CheckOptions, FileKind};
use factlint::config::Config;
use factlint::output::{self, OutputFormat};
use factlint::report::Style;
use std::path::Path;

const SOURCES: &str = "source news {\n  outlet \"A newspaper\"\n}\n";

fn claims(revenue: &str) -> String {
    format!(
        "claim revenue = {revenue} USD {{\n  cite news \"revenue of {revenue} dollars\"\n}}\n\
         claim spend = more than 14B USD {{\n  cite news \"spent more than 14B dollars\"\n}}\n"
    )
}

const RULES: &str = "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n";

fn project() -> Project {
    Project::in_memory(
        Config::default_at(Path::new("/nonexistent-project")),
        [
            ("corpus/sources.claims", SOURCES.to_owned()),
            ("corpus/money.claims", claims("13B")),
            ("rules/money.rules", RULES.to_owned()),
        ],
    )
}

fn verdict(analysis: &Analysis, id: &str) -> &'static str {
    analysis.outcome(id).expect("the rule ran").verdict
}

#[test]
fn a_changed_claim_flips_a_rule_and_only_its_file_is_parsed_again() {
    let mut project = project();
    let analysis = project.check();
    assert_eq!(verdict(&analysis, "under"), "passed");
    assert_eq!(analysis.exit_code(), 0);
    assert_eq!(project.parse_count(), 3, "every file parsed once");

    project
        .set_file("corpus/money.claims", claims("16B"))
        .expect("a claims file");
    let analysis = project.check();
    assert_eq!(verdict(&analysis, "under"), "failed");
    assert_eq!(analysis.exit_code(), 1);
    assert_eq!(
        project.parse_count(),
        4,
        "only the changed file parsed again"
    );

    // The same text again is no change; checking again parses nothing.
    project
        .set_file("corpus/money.claims", claims("16B"))
        .expect("a claims file");
    let again = project.check();
    assert_eq!(project.parse_count(), 4);
    let json = |a: &Analysis| output::render(a, OutputFormat::Json, Style { color: false });
    assert_eq!(
        json(&analysis),
        json(&again),
        "a pure function of the texts"
    );

    // Back to the first text: the rule passes again.
    project
        .set_file("corpus/money.claims", claims("13B"))
        .expect("a claims file");
    assert_eq!(verdict(&project.check(), "under"), "passed");
    assert_eq!(project.parse_count(), 5);
}

#[test]
fn removing_a_file_reparses_only_the_files_after_it() {
    let mut project = project();
    project.check();
    assert_eq!(project.parse_count(), 3);
    // The rule's claims are gone with the file: it cannot resolve.
    assert!(project.remove_file("corpus/money.claims"));
    assert!(!project.remove_file("corpus/money.claims"));
    let analysis = project.check();
    assert_eq!(verdict(&analysis, "under"), "error");
    // Spans carry their file's place in the run: the rules file moved up one.
    assert_eq!(project.parse_count(), 4);
    let names: Vec<&str> = project.files().map(|(name, _, _)| name).collect();
    assert_eq!(names, ["corpus/sources.claims", "rules/money.rules"]);
}

#[test]
fn an_edited_buffer_matches_a_fresh_project_of_the_same_texts() {
    let mut edited = project();
    edited.check();
    edited
        .set_file("corpus/money.claims", claims("14.5B"))
        .expect("a claims file");
    let fresh = Project::in_memory(
        Config::default_at(Path::new("/nonexistent-project")),
        [
            ("corpus/sources.claims", SOURCES.to_owned()),
            ("corpus/money.claims", claims("14.5B")),
            ("rules/money.rules", RULES.to_owned()),
        ],
    )
    .into_analysis();
    for format in [OutputFormat::Full, OutputFormat::Json, OutputFormat::Sarif] {
        assert_eq!(
            output::render(&edited.check(), format, Style { color: false }),
            output::render(&fresh, format, Style { color: false }),
        );
    }
}

#[test]
fn files_factlint_does_not_read_are_refused_by_name() {
    let mut project = project();
    assert_eq!(
        project.set_file("notes.txt", "13B"),
        Err(NotAFactlintFile("notes.txt".into()))
    );
    assert_eq!(
        project.set_file("drafts/post.md", "[13B]{claim=revenue}"),
        Ok(FileKind::Draft)
    );
    assert_eq!(project.files().count(), 4);
    let analysis = project.check();
    assert!(analysis.outcome("check:drafts").is_some());
}

#[test]
fn options_and_policy_apply_to_the_next_check() {
    let mut project = project();
    project
        .set_file("corpus/money.claims", claims("16B"))
        .expect("a claims file");
    project.set_options(CheckOptions {
        filters: vec!["nothing-matches".to_owned()],
        ..CheckOptions::default()
    });
    let analysis = project.check();
    assert_eq!(analysis.exit_code(), 0);
    assert!(analysis.outcome("under").is_none());
    assert_eq!(analysis.summary().filtered_out, 4, "one rule, three checks");
}

/// The language server will hand analyses to request threads.
#[test]
fn projects_and_analyses_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Project>();
    send_sync::<Analysis>();
}

/// A project opened from a directory is what `factlint check` checks there.
#[test]
fn an_opened_project_is_the_command_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let analysis = Project::open(root)
        .expect("the bundled project")
        .into_analysis();
    let summary = analysis.summary();
    assert_eq!(summary.exit_code, 0);
    assert!(summary.passed > 30, "{summary:?}");
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(root)
        .args(["check", "--output-format", "json"])
        .output()
        .expect("run factlint");
    assert_eq!(
        String::from_utf8_lossy(&cli.stdout),
        output::render(&analysis, OutputFormat::Json, Style { color: false })
    );
}

/// docs/library.md shows `tests/outcomes.rs` as the test a team writes for
/// its own corpus: the page holds the file verbatim, so the example runs.
#[test]
fn library_docs_show_the_outcomes_test_verbatim() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/library.md")).expect("docs/library.md");
    let test = std::fs::read_to_string(root.join("tests/outcomes.rs")).expect("tests/outcomes.rs");
    let shown = docs
        .split_once("<!-- tests/outcomes.rs -->\n```rust\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("docs/library.md shows tests/outcomes.rs after its marker");
    assert_eq!(
        shown, test,
        "docs/library.md's copy of tests/outcomes.rs is stale"
    );
}

/// An empty directory has nothing to check (exit 2, as the command line
/// says); a file an editor adds is something.
#[test]
fn a_file_set_in_an_empty_project_is_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut project = Project::open(dir.path()).expect("no factlint.toml: the defaults");
    let empty = project.check();
    assert_eq!(empty.exit_code(), 2);
    assert!(empty.could_not_check());
    let code = |a: &Analysis| a.findings().first().map(|f| f.code.clone());
    assert_eq!(
        code(&empty).as_deref(),
        Some("factlint::io::nothing_to_check")
    );
    // A file that holds no claim is still nothing to check.
    project
        .set_file(dir.path().join("corpus/new.claims"), SOURCES)
        .expect("a claims file");
    let sources_only = project.check();
    assert_eq!(sources_only.exit_code(), 2);
    assert_eq!(
        sources_only.findings()[0].message,
        "nothing to check: the file read holds no claims, no rules and no drafts"
    );
    project
        .set_file(
            dir.path().join("corpus/new.claims"),
            format!("{SOURCES}{}", claims("13B")),
        )
        .expect("a claims file");
    let analysis = project.check();
    assert_eq!(analysis.exit_code(), 0, "{:?}", code(&analysis));
    let names: Vec<&str> = project.files().map(|(name, _, _)| name).collect();
    assert_eq!(names, ["corpus/new.claims"]);
}

mod incremental {
    //! A project checked again after each of a random sequence of edits
    //! (claims, rules, a draft, a source's file on disk, the options) keeps
    //! what it derived from unchanged files: its analysis must equal a
    //! fresh project's of the same texts, in every format, after each step.

    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Edit {
        Revenue(&'static str),
        Rules(usize),
        Draft(Option<&'static str>),
        Article(&'static str),
        Filter(Option<&'static str>),
    }

    const RULE_TEXTS: [&str; 3] = [
        RULES,
        "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n\
         rule big {\n  assert revenue > 10B USD\n}\n",
        "rule broken {\n  assert revenue <\n}\n",
    ];

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            prop::sample::select(vec!["13B", "16B", "14.5B", "9B"]).prop_map(Edit::Revenue),
            (0..RULE_TEXTS.len()).prop_map(Edit::Rules),
            prop::sample::select(vec![None, Some("13"), Some("16"), Some("a lot of")])
                .prop_map(Edit::Draft),
            prop::sample::select(vec!["13B", "16B", "nothing"]).prop_map(Edit::Article),
            prop::sample::select(vec![None, Some("under"), Some("quotes"), Some("drafts")])
                .prop_map(Edit::Filter),
        ]
    }

    const SOURCES_WITH_FILE: &str =
        "source news {\n  outlet \"A newspaper\"\n  file \"article.txt\"\n}\n";

    fn draft(figure: &str) -> String {
        format!("# Draft\n\nRevenue was [{figure} billion dollars]{{claim=revenue}}.\n")
    }

    fn write_article(dir: &Path, revenue: &str) {
        std::fs::write(
            dir.join("article.txt"),
            format!("It reported revenue of {revenue} dollars and spent more than 14B dollars."),
        )
        .expect("the article is written");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn an_incremental_check_equals_a_fresh_one(edits in prop::collection::vec(edit(), 1..12)) {
            let dir = tempfile::tempdir().expect("a temporary directory");
            write_article(dir.path(), "13B");
            let config = Config::default_at(dir.path());
            let mut files: Vec<(&str, String)> = vec![
                ("corpus/sources.claims", SOURCES_WITH_FILE.to_owned()),
                ("corpus/money.claims", claims("13B")),
                ("rules/money.rules", RULES.to_owned()),
            ];
            let mut options = CheckOptions::default();
            let mut project = Project::in_memory(config.clone(), files.clone());
            project.check();
            for edit in edits {
                match edit {
                    Edit::Revenue(v) => files[1].1 = claims(v),
                    Edit::Rules(i) => files[2].1 = RULE_TEXTS[i].to_owned(),
                    Edit::Draft(None) => {
                        files.retain(|(name, _)| !name.ends_with(".md"));
                        project.remove_file("drafts/a.md");
                    }
                    Edit::Draft(Some(figure)) => {
                        files.retain(|(name, _)| !name.ends_with(".md"));
                        files.push(("drafts/a.md", draft(figure)));
                    }
                    Edit::Article(v) => {
                        // A later time of change, so a check within the
                        // file system's time resolution sees it too.
                        write_article(dir.path(), v);
                        let file = std::fs::File::options()
                            .write(true)
                            .open(dir.path().join("article.txt"))
                            .expect("the article opens");
                        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
                        file.set_modified(later).expect("the time of change is set");
                    }
                    Edit::Filter(f) => {
                        options.filters = f.into_iter().map(str::to_owned).collect();
                        project.set_options(options.clone());
                    }
                }
                for (name, text) in &files {
                    project.set_file(*name, text.clone()).expect("a factlint file");
                }
                let incremental = project.check();
                let mut fresh = Project::in_memory(config.clone(), files.clone());
                fresh.set_options(options.clone());
                let fresh = fresh.into_analysis();
                for format in [OutputFormat::Full, OutputFormat::Json] {
                    prop_assert_eq!(
                        output::render(&incremental, format, Style { color: false }),
                        output::render(&fresh, format, Style { color: false })
                    );
                }
            }
        }
    }
}

#[test]
fn a_filter_resolves_only_what_it_selects_and_still_sees_duplicates() {
    let rules = "rule dup {\n  assert revenue < spend\n}\nrule other {\n  assert revenue > 1B USD\n}\n\
                 rule dup {\n  assert revenue > 2B USD\n}\n";
    let check = |filters: &[&str], exact: bool| {
        let mut project = Project::in_memory(
            Config::default_at(Path::new("/nonexistent-project")),
            [
                ("corpus/sources.claims", SOURCES.to_owned()),
                ("corpus/money.claims", claims("13B")),
                ("rules/money.rules", rules.to_owned()),
            ],
        );
        project.set_options(CheckOptions {
            filters: filters.iter().map(|f| f.to_string()).collect(),
            exact,
            ..CheckOptions::default()
        });
        project.into_analysis()
    };
    let all = check(&[], false);
    let dup = check(&["dup"], true);
    let ids = |a: &Analysis| -> Vec<String> { a.outcomes().into_iter().map(|o| o.id).collect() };
    assert_eq!(ids(&dup), ["dup", "dup"]);
    assert_eq!(
        dup.run().filtered_out,
        1 + 3,
        "`other` and the three built-in checks"
    );
    // The second `dup` is a duplicate whether or not the filter selects the
    // rules before it.
    let codes =
        |a: &Analysis| -> Vec<String> { a.findings().into_iter().map(|f| f.code).collect() };
    assert!(
        codes(&dup).contains(&"factlint::resolve::duplicate_rule".to_owned()),
        "{:?}",
        codes(&dup)
    );
    assert_eq!(codes(&all), codes(&dup));
    let quotes = check(&["quotes"], false);
    assert_eq!(ids(&quotes), ["check:quotes"]);
}
