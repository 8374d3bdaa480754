//! Every output format on one corpus with errors, warnings, unproven rules,
//! an expected failure, a rule that cannot be evaluated, a grounding finding
//! and a syntax error: insta snapshots, SARIF validated against the 2.1.0
//! schema, JUnit parsed as XML with the right counts.

use factlint::analysis::Project;
use factlint::config::Config;
use factlint::output::{self, OutputFormat};
use factlint::report::Style;
use std::path::Path;

fn render(format: OutputFormat) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/formats");
    let files = ["broken.rules", "corpus.claims", "rules.rules"].map(|name| {
        let text = std::fs::read_to_string(dir.join(name)).expect("case file");
        (name, text)
    });
    let analysis = Project::in_memory(Config::default_at(&dir), files).check();
    assert_eq!(
        analysis.run().exit_code(),
        2,
        "a syntax error is in the corpus"
    );
    assert_eq!(analysis.exit_code(), 2);
    output::render(&analysis, format, Style { color: false })
}

const FORMATS: &[(&str, OutputFormat)] = &[
    ("full", OutputFormat::Full),
    ("concise", OutputFormat::Concise),
    ("json", OutputFormat::Json),
    ("json_lines", OutputFormat::JsonLines),
    ("junit", OutputFormat::Junit),
    ("sarif", OutputFormat::Sarif),
    ("github", OutputFormat::Github),
    ("gitlab", OutputFormat::Gitlab),
    ("rdjson", OutputFormat::Rdjson),
];

#[test]
fn every_format_is_snapshotted() {
    for (name, format) in FORMATS {
        insta::assert_snapshot!(format!("format_{name}"), render(*format));
    }
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("JSON");
    let validator = jsonschema::draft4::new(&schema).expect("a valid schema");
    let sarif: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Sarif)).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject what the schema forbids.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let json: serde_json::Value = serde_json::from_str(&render(OutputFormat::Json)).expect("JSON");
    assert_eq!(
        results.len(),
        json["findings"].as_array().expect("findings").len(),
        "SARIF lists every finding"
    );
}

#[test]
fn junit_parses_with_the_right_counts() {
    let xml = render(OutputFormat::Junit);
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a testsuite");
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let count = |tag: &str| {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
            .count()
    };
    // One syntax error, six rules and three built-in checks.
    assert_eq!(cases.len(), 10, "{xml}");
    assert_eq!(suite.attribute("tests"), Some("10"));
    // sora.small failed; the quotes check failed.
    assert_eq!(count("failure"), 2, "{xml}");
    assert_eq!(suite.attribute("failures"), Some("2"));
    // The syntax error and openai.unknown.
    assert_eq!(count("error"), 2, "{xml}");
    assert_eq!(suite.attribute("errors"), Some("2"));
}

#[test]
fn machine_formats_carry_every_field() {
    let json: serde_json::Value = serde_json::from_str(&render(OutputFormat::Json)).expect("JSON");
    for f in json["findings"].as_array().expect("findings") {
        for key in [
            "code",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "fingerprint",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let failed = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "sora.small")
        .expect("the failing rule");
    assert_eq!(failed["claims"][0]["id"], "sora.annual_loss");
    assert_eq!(failed["values"][0]["interval"], "[5.13B, 5.67B] USD");
    // The formats that carry text: the rule, the claim and its interval,
    // and every place, in their own fields or their text.
    let gitlab: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Gitlab)).expect("GitLab JSON");
    let issue = gitlab
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| {
            i["description"]
                .as_str()
                .unwrap_or("")
                .contains("`sora.small`")
        })
        .expect("the failing rule");
    assert_eq!(issue["location"]["positions"]["begin"]["column"], 10);
    let others = issue["other_locations"]
        .as_array()
        .expect("other locations");
    assert!(
        others.iter().any(|l| l["path"] == "corpus.claims"),
        "{issue}"
    );
    let body = issue["content"]["body"].as_str().expect("body");
    for text in [
        "rule: sora.small",
        "claim sora.annual_loss",
        "[5.13B, 5.67B] USD",
    ] {
        assert!(body.contains(text), "{text} missing in {body}");
    }
    let rdjson: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Rdjson)).expect("rdjson");
    let diagnostic = rdjson["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("`sora.small`"))
        .expect("the failing rule");
    let related = diagnostic["related_locations"].as_array().expect("related");
    assert!(
        related
            .iter()
            .any(|l| l["location"]["path"] == "corpus.claims"
                && l["message"] == "read as [5.13B, 5.67B] USD"),
        "{diagnostic}"
    );
    let output = diagnostic["original_output"].as_str().expect("text");
    assert!(output.contains("rule: sora.small"), "{output}");
    let github = render(OutputFormat::Github);
    let line = github
        .lines()
        .find(|l| l.contains("`sora.small`"))
        .expect("the failing rule");
    for text in [
        "rule: sora.small",
        "claim sora.annual_loss",
        "corpus.claims:11:26",
    ] {
        assert!(line.contains(text), "{text} missing in {line}");
    }
}
