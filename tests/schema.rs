//! The `json` output format against factlint's own JSON Schema,
//! `tests/schemas/factlint-analysis.schema.json`: the bundled corpus, the
//! format corpus, every case file, a run with a baseline, each document
//! validated; then valid documents broken one field at a time, each of
//! which the schema must reject.

use factlint::analysis::{Analysis, Project};
use factlint::check::{CheckOptions, FileKind};
use factlint::config::Config;
use factlint::output::{self, OutputFormat};
use factlint::present::{Baseline, BaselineEntry, Policy};
use factlint::report::Style;
use jsonschema::Validator;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = root().join("tests/schemas/factlint-analysis.schema.json");
        let text = std::fs::read_to_string(path).expect("the schema is readable");
        serde_json::from_str(&text).expect("the schema is JSON")
    })
}

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::draft202012::new(schema()).expect("the schema is a valid 2020-12 schema")
    })
}

/// Every validation error, each with the instance path it is at.
fn errors(doc: &Value) -> Vec<String> {
    validator()
        .iter_errors(doc)
        .map(|e| format!("{} at {:?}", e, e.instance_path().as_str()))
        .collect()
}

/// `doc` is valid, and its counts agree with its outcomes.
#[track_caller]
fn assert_valid(name: &str, doc: &Value) {
    let errors = errors(doc);
    assert!(
        errors.is_empty(),
        "{name}: the json output does not match the schema:\n{}",
        errors.join("\n")
    );
    let outcomes = array(doc, "outcomes");
    let summary = &doc["summary"];
    for (verdict, count) in [
        ("passed", "passed"),
        ("failed", "failed"),
        ("warning", "warnings"),
        ("unproven", "unproven"),
        ("expected", "expected"),
        ("error", "errors"),
        ("skipped", "skipped"),
        ("known", "known"),
        ("ignored", "ignored"),
        ("info", "info"),
    ] {
        let n = outcomes.iter().filter(|o| o["verdict"] == verdict).count();
        assert_eq!(
            summary[count],
            json!(n),
            "{name}: summary.{count} is not the number of {verdict} outcomes"
        );
    }
    assert_eq!(
        summary["baseline_gone"],
        json!(array(doc, "baseline_gone").len()),
        "{name}: summary.baseline_gone is not the number of entries gone"
    );
}

/// `doc` is invalid, with an error at `at` (a JSON pointer) or at one of its
/// ancestors no higher than `within`.
#[track_caller]
fn assert_invalid(what: &str, doc: &Value, within: &str, at: &str) {
    let found: Vec<(String, String)> = validator()
        .iter_errors(doc)
        .map(|e| (e.instance_path().as_str().to_owned(), e.to_string()))
        .collect();
    assert!(
        found
            .iter()
            .any(|(path, _)| path.starts_with(within) && at.starts_with(path.as_str())),
        "{what}: expected an error at {at} (or above it, within {within}), got {found:#?}"
    );
}

fn array<'a>(doc: &'a Value, key: &str) -> &'a [Value] {
    doc[key]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("{key} is an array"))
}

fn rules(doc: &Value) -> impl Iterator<Item = &Value> {
    array(doc, "outcomes")
        .iter()
        .filter(|o| o["kind"] == "rule")
}

fn comparisons(rule: &Value) -> impl Iterator<Item = &Value> {
    array(rule, "assertions")
        .iter()
        .flat_map(|a| array(a, "comparisons"))
}

/// Both ends of an interval are given exactly.
fn bounded(interval: &Value) -> bool {
    interval["low"]["value"].is_string() && interval["high"]["value"].is_string()
}

/// The json format's output for `analysis`, parsed.
fn rendered(analysis: &Analysis) -> Value {
    let text = output::render(analysis, OutputFormat::Json, Style { color: false });
    serde_json::from_str(&text).expect("the json format prints JSON")
}

fn bundled_corpus() -> Value {
    let analysis = Project::open(root())
        .expect("the bundled corpus opens")
        .check();
    serde_json::to_value(&analysis).expect("an analysis serialises")
}

#[test]
fn the_schema_is_valid_draft_2020_12() {
    if let Err(e) = jsonschema::meta::validate(schema()) {
        panic!(
            "the schema is not a valid schema: {e} at {:?}",
            e.instance_path().as_str()
        );
    }
    assert_eq!(
        schema()["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

/// Every property the schema declares says what it is (conditions in
/// `if`/`then`/`else` only restrict properties declared elsewhere).
#[test]
fn every_property_is_described() {
    fn walk(schema: &Value, at: &str, missing: &mut Vec<String>) {
        let Some(object) = schema.as_object() else {
            return;
        };
        for (key, value) in object {
            if matches!(key.as_str(), "if" | "then" | "else") {
                continue;
            }
            if key == "properties"
                && let Some(properties) = value.as_object()
            {
                for (name, property) in properties {
                    if property.get("description").is_none() {
                        missing.push(format!("{at}/properties/{name}"));
                    }
                    walk(property, &format!("{at}/properties/{name}"), missing);
                }
                continue;
            }
            match value {
                Value::Object(_) => walk(value, &format!("{at}/{key}"), missing),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, &format!("{at}/{key}/{i}"), missing);
                    }
                }
                _ => {}
            }
        }
    }
    let mut missing = Vec::new();
    walk(schema(), "", &mut missing);
    assert!(
        missing.is_empty(),
        "properties without a description: {missing:#?}"
    );
}

#[test]
fn the_bundled_corpus_validates() {
    let doc = bundled_corpus();
    assert_valid("the bundled corpus", &doc);
    assert!(rules(&doc).count() > 0, "the bundled corpus has rules");
    // Passing rules carry their evaluation too: both sides' exact intervals.
    let passed = rules(&doc).filter(|r| r["verdict"] == "passed").find(|r| {
        comparisons(r).any(|c| bounded(&c["lhs"]["interval"]) && bounded(&c["rhs"]["interval"]))
    });
    assert!(
        passed.is_some(),
        "no passed rule has a comparison with both sides' intervals bounded"
    );
    // An `expect fail` line, met.
    let expected = rules(&doc).find(|r| r["expect"]["outcome"] == "fail");
    let expected = expected.expect("a rule of the bundled corpus expects to fail");
    assert_eq!(expected["verdict"], "expected", "{expected:#}");
    assert_eq!(expected["outcome"], "fail", "{expected:#}");
    assert!(
        expected["expect"]["reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "{expected:#}"
    );
}

/// The serialisation of the analysis and the json format's text are the
/// same document.
#[test]
fn the_json_format_prints_the_serialised_analysis() {
    let analysis = Project::open(root())
        .expect("the bundled corpus opens")
        .check();
    assert_eq!(
        rendered(&analysis),
        serde_json::to_value(&analysis).expect("an analysis serialises")
    );
}

#[test]
fn the_format_corpus_validates() {
    let dir = root().join("tests/cases/formats");
    let files = ["broken.rules", "corpus.claims", "rules.rules"].map(|name| {
        let text = std::fs::read_to_string(dir.join(name)).expect("case file");
        (name, text)
    });
    let analysis = Project::in_memory(Config::default_at(&dir), files).check();
    let doc = rendered(&analysis);
    assert_valid("tests/cases/formats", &doc);
    // What that corpus is for: failures, errors, an expectation, findings.
    let verdicts: Vec<&Value> = array(&doc, "outcomes")
        .iter()
        .map(|o| &o["verdict"])
        .collect();
    for verdict in ["failed", "error", "expected"] {
        assert!(
            verdicts.iter().any(|v| **v == verdict),
            "no {verdict} outcome: {verdicts:?}"
        );
    }
    assert!(
        !array(&doc, "findings").is_empty(),
        "the format corpus has findings"
    );
}

/// Checks one case file as `tests/cases.rs` does: with its stage's
/// `shared/` files, in memory (from disk when it is not UTF-8, which no
/// in-memory text can hold).
fn check_case(path: &Path) -> Analysis {
    let dir = path.parent().expect("a case is in a directory");
    let mut paths: Vec<PathBuf> = Vec::new();
    let shared = dir.join("shared");
    if shared.is_dir() {
        paths = std::fs::read_dir(&shared)
            .expect("shared dir is readable")
            .map(|e| e.expect("entry").path())
            .filter(|p| FileKind::of(p).is_some())
            .collect();
        paths.sort();
    }
    paths.push(path.to_path_buf());
    let bytes = std::fs::read(path).expect("the case file is readable");
    let Ok(text) = String::from_utf8(bytes) else {
        let options = CheckOptions {
            paths,
            ..CheckOptions::default()
        };
        return Project::load(Config::default_at(dir), options, dir).into_analysis();
    };
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p
                .strip_prefix(dir)
                .expect("under the case directory")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(p).expect("readable"))
        })
        .collect();
    let mut project = Project::in_memory(Config::default_at(dir), files);
    project.set_options(CheckOptions {
        strict: text.lines().any(|l| l.trim() == "# case: strict"),
        passage_search_budget: text.lines().find_map(|l| {
            l.trim()
                .strip_prefix("# case: passage-search-budget ")
                .map(|n| n.parse().expect("the budget is a number"))
        }),
        ..CheckOptions::default()
    });
    project.check()
}

#[test]
fn every_case_file_validates() {
    let mut stages: Vec<PathBuf> = std::fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases is readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    stages.sort();
    let mut checked = 0;
    let mut gone_through = Vec::new();
    for stage in &stages {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(stage)
            .expect("a stage is readable")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file() && FileKind::of(p).is_some())
            .collect();
        cases.sort();
        for case in cases {
            let name = case
                .strip_prefix(root())
                .expect("under the repository")
                .display()
                .to_string();
            let doc = rendered(&check_case(&case));
            assert_valid(&name, &doc);
            checked += 1;
            gone_through.push(name);
        }
    }
    assert!(
        checked >= 80,
        "only {checked} case files were found: {gone_through:#?}"
    );
}

/// Two claims and rules that give an expected failure, a split assertion, a
/// failure the baseline records and one it does not.
const BASELINE_CLAIMS: &str = "\
claim a = about 5.4B USD
claim b = 1B USD
claim c = 3B USD
";
const BASELINE_RULES: &str = "\
rule split.share \"a's share of a plus 1B\" {
  assert a / (a + b) > 84%
}

rule expected.small \"a is under 5B\" {
  expect fail \"a is about 5.4B\"
  assert a < 5B USD
}

rule known.small \"c is under 2B\" {
  assert c < 2B USD
}
";

#[test]
fn a_run_with_a_baseline_validates() {
    let mut project = Project::in_memory(
        Config::default_at(root()),
        [
            ("corpus/a.claims", BASELINE_CLAIMS),
            ("rules/a.rules", BASELINE_RULES),
        ],
    );
    let first = project.check();
    let mut baseline = Baseline::of(first.presented(), first.sources());
    assert!(
        !baseline.findings.is_empty(),
        "known.small fails before the baseline: {:#}",
        rendered(&first)
    );
    let fake = BaselineEntry {
        fingerprint: "0123456789abcdef".to_owned(),
        code: "factlint::rule::inconsistent".to_owned(),
        rule: Some("gone.rule".to_owned()),
        file: "rules/gone.rules".to_owned(),
        message: "a finding fixed since".to_owned(),
    };
    baseline.findings.push(fake.clone());
    baseline.findings.sort();
    project.set_policy(Policy {
        baseline: Some(baseline),
        ..project.policy().clone()
    });
    let doc = rendered(&project.check());
    assert_valid("the run with a baseline", &doc);

    let gone = array(&doc, "baseline_gone");
    assert_eq!(gone.len(), 1, "{doc:#}");
    assert_eq!(gone[0]["fingerprint"], fake.fingerprint.as_str());
    assert_eq!(gone[0]["rule"], "gone.rule");
    assert!(doc["summary"]["baselined"].as_u64() >= Some(1), "{doc:#}");
    let outcome = |id: &str| {
        rules(&doc)
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no outcome for {id}: {doc:#}"))
    };
    assert_eq!(outcome("known.small")["verdict"], "known");
    let expected = outcome("expected.small");
    assert_eq!(expected["verdict"], "expected", "{expected:#}");
    assert_eq!(expected["expect"]["outcome"], "fail", "{expected:#}");
    let split = &outcome("split.share")["assertions"][0]["split"];
    assert_eq!(split["claims"], json!(["a"]), "{split:#}");
    assert!(split["parts"].as_u64() >= Some(2), "{split:#}");
}

/// A valid document, the pointer to its first rule outcome with a
/// comparison, and the pointer to its first check outcome.
fn valid_document() -> (Value, String, String) {
    let doc = bundled_corpus();
    assert_valid("the bundled corpus", &doc);
    let outcomes = array(&doc, "outcomes");
    let rule = outcomes
        .iter()
        .position(|o| o["kind"] == "rule" && comparisons(o).next().is_some())
        .expect("a rule with a comparison");
    let check = outcomes
        .iter()
        .position(|o| o["kind"] == "check")
        .expect("a built-in check");
    (
        doc,
        format!("/outcomes/{rule}"),
        format!("/outcomes/{check}"),
    )
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    doc.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer} is an object"))
}

#[test]
fn an_unknown_field_in_a_rule_outcome_is_invalid() {
    let (mut doc, rule, _) = valid_document();
    at(&mut doc, &rule).insert("confidence".to_owned(), json!(0.9));
    assert_invalid(
        "an unknown field",
        &doc,
        &rule,
        &format!("{rule}/confidence"),
    );
}

#[test]
fn a_rule_outcome_without_assertions_is_invalid() {
    let (mut doc, rule, _) = valid_document();
    assert!(at(&mut doc, &rule).remove("assertions").is_some());
    assert_invalid("no assertions", &doc, &rule, &rule);
}

#[test]
fn a_check_outcome_with_assertions_is_invalid() {
    let (mut doc, _, check) = valid_document();
    at(&mut doc, &check).insert("assertions".to_owned(), json!([]));
    assert_invalid(
        "a check with assertions",
        &doc,
        &check,
        &format!("{check}/assertions"),
    );
}

#[test]
fn a_check_outcome_with_a_location_is_invalid() {
    let (mut doc, rule, check) = valid_document();
    let location = doc
        .pointer(&format!("{rule}/location"))
        .cloned()
        .expect("a rule has a location");
    at(&mut doc, &check).insert("location".to_owned(), location);
    assert_invalid("a check with a location", &doc, &check, &check);
}

#[test]
fn a_decimal_end_is_invalid() {
    let (mut doc, rule, _) = valid_document();
    let low = format!("{rule}/assertions/0/claims/0/interval/low");
    let end = at(&mut doc, &low);
    assert!(end["value"].is_string(), "{low} is an exact end");
    end.insert("value".to_owned(), json!("1.5"));
    assert_invalid("a decimal end", &doc, &rule, &format!("{low}/value"));
}

#[test]
fn an_unknown_verdict_is_invalid() {
    let (mut doc, rule, _) = valid_document();
    at(&mut doc, &rule).insert("verdict".to_owned(), json!("fine"));
    assert_invalid(
        "an unknown verdict",
        &doc,
        &rule,
        &format!("{rule}/verdict"),
    );
}

#[test]
fn an_unknown_field_in_a_finding_is_invalid() {
    let analysis = Project::in_memory(
        Config::default_at(root()),
        [
            ("corpus/a.claims", BASELINE_CLAIMS),
            ("rules/a.rules", BASELINE_RULES),
        ],
    )
    .check();
    let mut doc = rendered(&analysis);
    assert_valid("the baseline corpus", &doc);
    assert!(!array(&doc, "findings").is_empty(), "{doc:#}");
    at(&mut doc, "/findings/0").insert("column_end".to_owned(), json!(3));
    assert_invalid(
        "an unknown field in a finding",
        &doc,
        "/findings/0",
        "/findings/0/column_end",
    );
}
