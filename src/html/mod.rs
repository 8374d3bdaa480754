//! The HTML report (`factlint report --html DIR`): one self-contained static
//! page rendered from an [`Analysis`], and nothing else.
//!
//! The page holds, in order: the counts by verdict, by source and by rules
//! file; a table of every rule and built-in check (sorted and filtered by a
//! small inline script, and a plain list with script off: the controls are
//! made by the script); a section per rule (title, verdict, each
//! assertion's comparisons with both sides' intervals, how it was decided,
//! a forest plot of the intervals as inline SVG, the claims with their
//! quotes and the draft figures citing them, the findings); a section per
//! built-in check with its findings; and the problems that belong to no
//! rule (a syntax error, a corpus error).
//!
//! Every verdict, count and interval is the analysis's: outcomes, summary
//! and findings as [`crate::analysis::data`] gives them, claims' citations
//! from the run's corpus. Everything a user wrote is escaped (and its
//! control characters and bidirectional overrides shown as `\u{..}`), a
//! quote sits in an element with its source's language and direction, and
//! the Content-Security-Policy allows the page's own script and style only,
//! by their SHA-256 hashes: no network, no other script. The page is the
//! same bytes for the same analysis. Nothing here reads or writes a file:
//! the command line writes the page.

mod plot;

use crate::analysis::Analysis;
use crate::analysis::data::{
    AssertionDetail, CheckDetail, ClaimDetail, Comparison, Finding, Location, Outcome,
    OutcomeDetail, RuleDetail, location,
};
use crate::base::span::Span;
use crate::base::text::printable;
use crate::corpus::Corpus;
use crate::report::Style;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// The page's inline script: sorting and filtering of the outcome table.
pub const SCRIPT: &str = include_str!("page.js");

/// The page's inline style sheet (screen, phone width and print).
pub const STYLE: &str = include_str!("page.css");

/// Verdicts in the order the page lists them: what needs a look first.
const VERDICTS: &[&str] = &[
    "failed", "error", "warning", "unproven", "expected", "passed", "skipped", "known", "ignored",
    "info",
];

/// The Content-Security-Policy of the page: nothing but its own inline
/// script and style (named by their hashes) and `data:` images.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
        sha256_source(STYLE),
        sha256_source(SCRIPT)
    )
}

/// A CSP hash source for an inline element's text: `sha256-BASE64`.
fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The whole page for `analysis`.
pub fn render(analysis: &Analysis) -> String {
    let page = Page::new(analysis);
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        esc(&content_security_policy())
    );
    out.push_str(
        "<meta name=\"generator\" content=\"factlint\">\n<title>factlint report</title>\n",
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    header(&page, &mut out);
    counts(&page, &mut out);
    table(&page, &mut out);
    for (outcome, anchor) in page.outcomes.iter().zip(&page.anchors) {
        match &outcome.detail {
            OutcomeDetail::Rule(rule) => rule_section(
                &RuleView {
                    page: &page,
                    outcome,
                    rule,
                    anchor,
                },
                &mut out,
            ),
            OutcomeDetail::Check(check) => check_section(&page, outcome, check, anchor, &mut out),
        }
    }
    problems(&page, &mut out);
    let _ = write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// What the page is made from, gathered once.
struct Page<'a> {
    analysis: &'a Analysis,
    corpus: &'a Corpus,
    outcomes: Vec<Outcome>,
    /// The `id` of each outcome's section, in the order of `outcomes`.
    anchors: Vec<String>,
    findings: Vec<Finding>,
    /// The draft figures citing each claim, by claim id.
    drafts: HashMap<String, Vec<DraftFigure>>,
}

/// A figure in a draft that cites a claim.
struct DraftFigure {
    location: Location,
    text: String,
}

impl<'a> Page<'a> {
    fn new(analysis: &'a Analysis) -> Page<'a> {
        let run = analysis.run();
        let outcomes = analysis.outcomes();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let anchors = outcomes
            .iter()
            .map(|o| {
                let base = match o.id.strip_prefix("check:") {
                    Some(name) => anchor("check", name),
                    None => anchor("rule", &o.id),
                };
                let n = seen.entry(base.clone()).or_default();
                *n += 1;
                // `--` is never part of an anchor's encoding (no empty escape).
                if *n == 1 {
                    base
                } else {
                    format!("{base}--{n}")
                }
            })
            .collect();
        let mut drafts: HashMap<String, Vec<DraftFigure>> = HashMap::new();
        for (file, spans) in &run.project.drafts {
            let text = &run.project.sources.file(*file).text;
            for span in spans {
                drafts
                    .entry(span.claim.clone())
                    .or_default()
                    .push(DraftFigure {
                        location: location(
                            &run.project.sources,
                            Span::new(*file, span.span.start, span.span.end),
                        ),
                        text: text.get(span.text.clone()).unwrap_or_default().to_owned(),
                    });
            }
        }
        Page {
            analysis,
            corpus: &run.project.corpus,
            outcomes,
            anchors,
            findings: analysis.findings(),
            drafts,
        }
    }

    /// The findings a rule or check (`check:NAME`) owns.
    fn findings_of<'b>(&'b self, id: &'b str) -> impl Iterator<Item = &'b Finding> + 'b {
        self.findings
            .iter()
            .filter(move |f| f.rule.as_deref() == Some(id))
    }

    /// The corpus indices of the sources `claim` cites.
    fn sources_of(&self, claim: &str) -> Vec<usize> {
        let Some(id) = self.corpus.lookup(claim) else {
            return Vec::new();
        };
        let mut out: Vec<usize> = self
            .corpus
            .get(id)
            .citations
            .iter()
            .map(|c| c.source)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// `text` safe in HTML text and attribute values: control characters and
/// bidirectional overrides written as escapes (as every report shows them),
/// then `& < > " '` as character references.
pub fn esc(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An element `id` for `name` under `prefix`: ASCII letters, digits, `.` and
/// `_` kept, every other character written `-HEX-`, so two names never
/// share an anchor and an anchor needs no escaping anywhere.
pub fn anchor(prefix: &str, name: &str) -> String {
    let mut out = format!("{prefix}-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, "-{:x}-", c as u32);
        }
    }
    out
}

/// `lang` and `dir` attributes for text in `language` (a BCP 47 tag as a
/// source declares it): `dir="rtl"` for a right-to-left language or script
/// (an Arabic quote that starts with a Latin name is still right to left),
/// else `dir="auto"`. A tag that is not one is left out.
fn lang_dir(language: Option<&str>) -> String {
    const RTL_LANGUAGES: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
    ];
    const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];
    let Some(tag) = language.filter(|t| {
        !t.is_empty() && t.len() <= 35 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }) else {
        return " dir=\"auto\"".to_owned();
    };
    let lower = tag.to_ascii_lowercase();
    let mut subtags = lower.split('-');
    let primary = subtags.next().unwrap_or_default();
    let script = lower.split('-').skip(1).find(|s| s.len() == 4);
    let rtl = match script {
        Some(s) => RTL_SCRIPTS.contains(&s),
        None => RTL_LANGUAGES.contains(&primary),
    };
    format!(
        " lang=\"{}\" dir=\"{}\"",
        esc(tag),
        if rtl { "rtl" } else { "auto" }
    )
}

/// An id, escaped, with a line-break opportunity (`<wbr>`) after each `.`
/// and `_`, so a long dotted id wraps where it reads well.
fn breakable(id: &str) -> String {
    let mut out = String::new();
    for c in esc(id).chars() {
        out.push(c);
        if c == '.' || c == '_' {
            out.push_str("<wbr>");
        }
    }
    out
}

fn badge(verdict: &str) -> String {
    format!("<span class=\"badge v-{0}\">{0}</span>", esc(verdict))
}

fn place(location: &Location) -> String {
    format!("{}:{}", location.file, location.line)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn header(page: &Page<'_>, out: &mut String) {
    let run = page.analysis.run();
    let line = crate::output::summary_line(run, page.analysis.presented(), Style { color: false });
    let rules = page
        .outcomes
        .iter()
        .filter(|o| matches!(o.detail, OutcomeDetail::Rule(_)))
        .count();
    let checks = page.outcomes.len() - rules;
    let _ = write!(
        out,
        "<header>\n<h1>factlint report</h1>\n<p class=\"muted\">{} and {} over {}.</p>\n<p class=\"result\">{}</p>\n</header>\n",
        plural(rules, "rule", "rules"),
        plural(checks, "built-in check", "built-in checks"),
        plural(run.project.corpus.claims.len(), "claim", "claims"),
        esc(&line)
    );
}

/// The counts at the top: by verdict (the summary), by source and by file.
fn counts(page: &Page<'_>, out: &mut String) {
    let s = page.analysis.summary();
    out.push_str("<section id=\"counts\" aria-labelledby=\"counts-title\">\n<h2 id=\"counts-title\">Counts</h2>\n<div class=\"counts\">\n<div>\n<h3>By verdict</h3>\n<ul class=\"tally\">");
    let by_verdict = [
        ("failed", s.failed),
        ("error", s.errors),
        ("warning", s.warnings),
        ("unproven", s.unproven),
        ("expected", s.expected),
        ("passed", s.passed),
        ("skipped", s.skipped),
        ("known", s.known),
        ("ignored", s.ignored),
        ("info", s.info),
    ];
    let mut any = false;
    for (verdict, n) in by_verdict {
        if n > 0 {
            any = true;
            let _ = write!(out, "<li>{} {}</li>", badge(verdict), n);
        }
    }
    if !any {
        out.push_str("<li>nothing ran</li>");
    }
    out.push_str("</ul>\n<p class=\"muted\">");
    let _ = write!(out, "exit code {}", s.exit_code);
    if s.filtered_out > 0 {
        let _ = write!(out, "; {} filtered out", s.filtered_out);
    }
    if s.baselined > 0 {
        let _ = write!(
            out,
            "; {} in the baseline",
            plural(s.baselined, "finding", "findings")
        );
    }
    if s.baseline_gone > 0 {
        let _ = write!(out, "; {} gone from the baseline", s.baseline_gone);
    }
    out.push_str("</p>\n</div>\n");

    // By rules file: every rule's verdict counts for the file it is in;
    // built-in checks have no file.
    let mut by_file: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut checks: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &page.outcomes {
        match &o.location {
            Some(l) => {
                *by_file
                    .entry(l.file.clone())
                    .or_default()
                    .entry(o.verdict)
                    .or_default() += 1
            }
            None => *checks.entry(o.verdict).or_default() += 1,
        }
    }
    let mut file_rows: Vec<(String, Vec<String>, BTreeMap<&str, usize>)> = by_file
        .into_iter()
        .map(|(file, n)| (format!("<code>{}</code>", esc(&file)), Vec::new(), n))
        .collect();
    if !checks.is_empty() {
        file_rows.push(("built-in checks".to_owned(), Vec::new(), checks));
    }
    out.push_str("<div>\n<h3>By file</h3>\n");
    count_table(&file_rows, "File", &[], out);
    out.push_str("</div>\n");

    // By source: a rule counts for every source its claims cite.
    let sources = &page.corpus.sources;
    let mut rules_by_source: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); sources.len()];
    for o in &page.outcomes {
        let OutcomeDetail::Rule(rule) = &o.detail else {
            continue;
        };
        let mut cited: Vec<usize> = rule_claims(rule)
            .iter()
            .flat_map(|c| page.sources_of(&c.id))
            .collect();
        cited.sort_unstable();
        cited.dedup();
        for i in cited {
            *rules_by_source[i].entry(o.verdict).or_default() += 1;
        }
    }
    let mut claims_by_source = vec![0usize; sources.len()];
    for claim in &page.corpus.claims {
        let mut cited: Vec<usize> = claim.citations.iter().map(|c| c.source).collect();
        cited.sort_unstable();
        cited.dedup();
        for i in cited {
            claims_by_source[i] += 1;
        }
    }
    let source_rows: Vec<(String, Vec<String>, BTreeMap<&str, usize>)> = sources
        .iter()
        .zip(rules_by_source)
        .zip(&claims_by_source)
        .map(|((source, verdicts), claims)| {
            let language = source.decl.language.as_ref().map(|l| l.value.as_str());
            let name = match &source.decl.outlet {
                Some(outlet) => format!(
                    "<bdi>{}</bdi> <span class=\"muted\">(<code>{}</code>{})</span>",
                    esc(&outlet.value),
                    esc(&source.id),
                    language.map_or(String::new(), |l| format!(", {}", esc(l)))
                ),
                None => format!("<code>{}</code>", esc(&source.id)),
            };
            (name, vec![claims.to_string()], verdicts)
        })
        .collect();
    out.push_str("<div>\n<h3>By source</h3>\n");
    if source_rows.is_empty() {
        out.push_str("<p class=\"muted\">No sources.</p>\n");
    } else {
        count_table(&source_rows, "Source", &["claims"], out);
        out.push_str("<p class=\"muted\">A rule counts for each source its claims cite.</p>\n");
    }
    out.push_str("</div>\n</div>\n</section>\n");
}

/// A table of verdict counts: a row per item, a column per verdict that
/// occurs, and a total.
fn count_table(
    rows: &[(String, Vec<String>, BTreeMap<&str, usize>)],
    what: &str,
    extra: &[&str],
    out: &mut String,
) {
    let columns: Vec<&str> = VERDICTS
        .iter()
        .copied()
        .filter(|v| {
            rows.iter()
                .any(|(_, _, n)| n.get(v).is_some_and(|&n| n > 0))
        })
        .collect();
    let _ = write!(
        out,
        "<div class=\"table-wrap\"><table class=\"count-table\"><thead><tr><th>{what}</th>"
    );
    for e in extra {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(e));
    }
    out.push_str("<th class=\"num\">rules</th>");
    for v in &columns {
        let _ = write!(out, "<th class=\"num\">{}</th>", badge(v));
    }
    out.push_str("</tr></thead><tbody>");
    for (name, extra_cells, counts) in rows {
        let total: usize = counts.values().sum();
        let _ = write!(out, "<tr><td>{name}</td>");
        for cell in extra_cells {
            let _ = write!(out, "<td class=\"num\">{}</td>", esc(cell));
        }
        let _ = write!(out, "<td class=\"num\">{total}</td>");
        for v in &columns {
            let _ = write!(
                out,
                "<td class=\"num\">{}</td>",
                counts.get(v).copied().unwrap_or(0)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

/// The table of every rule and built-in check.
fn table(page: &Page<'_>, out: &mut String) {
    out.push_str("<section id=\"outcomes\" aria-labelledby=\"outcomes-title\">\n<h2 id=\"outcomes-title\">Rules and checks</h2>\n");
    out.push_str("<div class=\"table-wrap\"><table id=\"outcome-table\">\n<thead><tr><th>Id</th><th>Title</th><th>Verdict</th><th>Place</th></tr></thead>\n<tbody>\n");
    for (o, anchor) in page.outcomes.iter().zip(&page.anchors) {
        let title = match &o.detail {
            OutcomeDetail::Rule(rule) => rule.title.as_deref().map(esc).unwrap_or_default(),
            OutcomeDetail::Check(check) => {
                let mut t = format!("built-in check: {}", esc(&check.checked));
                if let Some(why) = &check.skipped {
                    let _ = write!(t, "; skipped: {}", esc(why));
                }
                t
            }
        };
        let rank = VERDICTS
            .iter()
            .position(|v| *v == o.verdict)
            .unwrap_or(VERDICTS.len());
        let (place_text, place_key) = match &o.location {
            Some(l) => (esc(&place(l)), format!("{}:{:08}", esc(&l.file), l.line)),
            None => ("built in".to_owned(), "~".to_owned()),
        };
        let _ = writeln!(
            out,
            "<tr data-verdict=\"{v}\"><td class=\"id\" data-sort=\"{sort_id}\"><a href=\"#{anchor}\">{id}</a></td><td class=\"title\">{title}</td><td class=\"verdict\" data-sort=\"{rank:02}\">{badge}</td><td class=\"place\" data-sort=\"{place_key}\">{place_text}</td></tr>",
            v = esc(o.verdict),
            id = breakable(&o.id),
            sort_id = esc(&o.id),
            badge = badge(o.verdict),
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// What a block of a rule's section is given.
struct RuleView<'a> {
    page: &'a Page<'a>,
    outcome: &'a Outcome,
    rule: &'a RuleDetail,
    /// The section's `id`; ids inside the section start with it.
    anchor: &'a str,
}

/// A block of a rule's section: writes its HTML to the string.
type RuleBlock = fn(&RuleView<'_>, &mut String);

/// The blocks of a rule's section, in order. A new block (such as the
/// `explain` tree) is a function of this type added to the list.
const RULE_BLOCKS: &[RuleBlock] = &[
    rule_heading,
    rule_assertions,
    rule_decided,
    rule_explain,
    rule_plot,
    rule_claim_list,
    rule_findings,
];

/// A rule's section: `<section class="rule">` holding each of
/// [`RULE_BLOCKS`] in turn.
fn rule_section(view: &RuleView<'_>, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"rule\" id=\"{}\" data-verdict=\"{}\">",
        view.anchor,
        esc(view.outcome.verdict)
    );
    for block in RULE_BLOCKS {
        block(view, out);
    }
    out.push_str("</section>\n");
}

fn rule_heading(view: &RuleView<'_>, out: &mut String) {
    let o = view.outcome;
    let _ = write!(
        out,
        "<div class=\"heading\"><h3><code>{}</code></h3>{}",
        esc(&o.id),
        badge(o.verdict)
    );
    if let Some(l) = &o.location {
        let _ = write!(out, "<span class=\"place\">{}</span>", esc(&place(l)));
    }
    out.push_str("</div>\n");
    if let Some(title) = &view.rule.title {
        let _ = writeln!(out, "<p class=\"title\" dir=\"auto\">{}</p>", esc(title));
    }
}

/// Each assertion and its comparisons, both sides with their intervals.
fn rule_assertions(view: &RuleView<'_>, out: &mut String) {
    for (i, a) in view.rule.assertions.iter().enumerate() {
        let _ = writeln!(
            out,
            "<div class=\"assertion\"><h4>Assertion {} <span class=\"place\">{}</span> · {}</h4>",
            i + 1,
            esc(&place(&a.location)),
            esc(a.outcome)
        );
        if let Some(error) = &a.error {
            let _ = writeln!(
                out,
                "<p class=\"message\">Not evaluated: {}</p>",
                esc(error)
            );
        }
        if !a.comparisons.is_empty() {
            out.push_str("<div class=\"table-wrap\"><table><thead><tr><th>Side</th><th>Expression</th><th>Interval</th></tr></thead><tbody>");
            for (j, c) in a.comparisons.iter().enumerate() {
                let n = if a.comparisons.len() > 1 {
                    format!("{} ", j + 1)
                } else {
                    String::new()
                };
                let (lhs_role, rhs_role) = match c.operator.as_str() {
                    "whole" | "in" => ("value", "range"),
                    _ => ("left", "right"),
                };
                side_row(
                    out,
                    &format!("{n}{lhs_role}"),
                    &c.lhs.expression,
                    &c.lhs.interval.shown,
                );
                if let Some(rhs) = &c.rhs {
                    side_row(
                        out,
                        &format!("{n}{rhs_role}"),
                        &rhs.expression,
                        &rhs.interval.shown,
                    );
                }
                if let (Some(w), Some(rhs)) = (&c.widened, &c.rhs) {
                    side_row(
                        out,
                        &format!("{n}{rhs_role}, widened by the tolerance"),
                        &rhs.expression,
                        &w.shown,
                    );
                }
                let _ = write!(
                    out,
                    "<tr><td>{n}<code>{}</code></td><td colspan=\"2\">{}</td></tr>",
                    esc(&c.operator),
                    esc(comparison_words(&c.operator, c.truth))
                );
            }
            out.push_str("</tbody></table></div>\n");
        }
        out.push_str("</div>\n");
    }
}

fn side_row(out: &mut String, role: &str, expression: &str, shown: &str) {
    let _ = write!(
        out,
        "<tr><td>{}</td><td><code>{}</code></td><td class=\"interval\">{}</td></tr>",
        esc(role),
        esc(expression),
        esc(shown)
    );
}

/// What a truth value says of a condition (`whole` has its own words).
fn truth_words(truth: &str) -> &'static str {
    match truth {
        "always" => "holds for every value in the intervals",
        "agrees" => "agrees: the intervals meet",
        "sometimes" => "holds for some values, not all",
        "never" => "holds for no values",
        _ => "not evaluated",
    }
}

/// What a truth value says of the comparison `operator`.
fn comparison_words(operator: &str, truth: &str) -> &'static str {
    match (operator, truth) {
        ("whole", "always") => "every value in the interval is a whole number",
        ("whole", "agrees") => "agrees: a whole number lies in the interval",
        ("whole", "never") => "no whole number lies in the interval",
        _ => truth_words(truth),
    }
}

/// How the verdict came about, step by step, from the evaluation's data.
/// The `explain` tree of each assertion (every sub-expression's interval,
/// each claim's reading, the deciding ends), and what would make the rule
/// pass: the same as `factlint explain`.
fn rule_explain(view: &RuleView<'_>, out: &mut String) {
    let Ok(explanation) = crate::explain::explain(view.page.analysis, &view.outcome.id) else {
        return;
    };
    if explanation.assertions.is_empty() {
        return;
    }
    out.push_str(
        "<details class=\"explain\" open><summary>The evaluation, step by step</summary>\n",
    );
    for assertion in &explanation.assertions {
        let _ = writeln!(
            out,
            "<p class=\"assert\"><code>assert {}</code>: {}</p>",
            esc(&assertion.expression),
            esc(assertion.outcome)
        );
        if let Some(split) = &assertion.split {
            let _ = writeln!(out, "<p class=\"split\">{}</p>", esc(split));
        }
        out.push_str("<ul class=\"tree\">");
        explain_node(&assertion.tree, out);
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
    if let Some(fixes) = &explanation.fixes {
        out.push_str("<h4>What would make it pass</h4>\n<ul class=\"fixes\">\n");
        for fix in &fixes.claims {
            let _ = writeln!(
                out,
                "<li><code>{}</code>, written <code>{}</code>: {}</li>",
                esc(&fix.claim),
                esc(&fix.written),
                esc(&fix.text)
            );
        }
        let _ = writeln!(
            out,
            "</ul>\n<p class=\"fix-summary\">{}</p>",
            esc(&fixes.summary)
        );
    }
}

fn explain_node(node: &crate::explain::Node, out: &mut String) {
    out.push_str("<li>");
    let _ = write!(out, "<code>{}</code>", esc(&node.expression));
    if let Some(interval) = &node.interval {
        let _ = write!(out, " = {}", esc(&interval.shown));
    }
    if let Some(truth) = node.truth {
        let _ = write!(
            out,
            " <span class=\"truth {truth}\">{}</span>",
            esc(truth_words(truth))
        );
    }
    if let Some(reading) = &node.reading {
        let _ = write!(
            out,
            "<div class=\"reading\">written <code>{}</code>: {}</div>",
            esc(&reading.written),
            esc(&reading.why)
        );
    }
    if let Some(decided) = &node.decided {
        let _ = write!(out, "<div class=\"decided-by\">{}</div>", esc(decided));
    }
    if !node.children.is_empty() {
        out.push_str("<ul>");
        for child in &node.children {
            explain_node(child, out);
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
}

fn rule_decided(view: &RuleView<'_>, out: &mut String) {
    let rule = view.rule;
    out.push_str("<h4>How it was decided</h4>\n<ol class=\"decided\">\n");
    for claim in rule_claims(rule) {
        let _ = writeln!(
            out,
            "<li><code>{}</code> is written <code>{}</code> and read as {} <span class=\"place\">({})</span>.</li>",
            esc(&claim.id),
            esc(&claim.written),
            esc(&claim.interval.shown),
            esc(&place(&claim.location))
        );
    }
    for (i, a) in rule.assertions.iter().enumerate() {
        for c in &a.comparisons {
            let _ = writeln!(out, "<li>{}</li>", comparison_sentence(c));
        }
        if let Some(split) = &a.split {
            let names: Vec<String> = split
                .claims
                .iter()
                .map(|c| format!("<code>{}</code>", esc(c)))
                .collect();
            let _ = writeln!(
                out,
                "<li>{} {} more than once, so {} split into {} parts each: over the whole intervals the condition {}; {}.</li>",
                names.join(", "),
                if split.claims.len() == 1 {
                    "occurs"
                } else {
                    "occur"
                },
                if split.claims.len() == 1 {
                    "its interval was"
                } else {
                    "their intervals were"
                },
                split.parts,
                esc(truth_words(split.unsplit_truth)),
                if split.decided {
                    format!(
                        "split, it {}",
                        esc(truth_words(a.truth.unwrap_or_default()))
                    )
                } else {
                    "the split did not change that".to_owned()
                }
            );
        }
        match &a.error {
            Some(error) => {
                let _ = writeln!(
                    out,
                    "<li>Assertion {} could not be evaluated: {}.</li>",
                    i + 1,
                    esc(error)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<li>Assertion {} gives <strong>{}</strong>{}.</li>",
                    i + 1,
                    esc(a.outcome),
                    a.truth
                        .map(|t| format!(" (its condition {})", esc(truth_words(t))))
                        .unwrap_or_default()
                );
            }
        }
    }
    let _ = write!(
        out,
        "<li>The rule's evaluation gives <strong>{}</strong>",
        esc(rule.outcome)
    );
    if rule.strict {
        out.push_str("; unproven counts as a failure (strict)");
    }
    if rule.severity != "error" {
        let _ = write!(out, "; its severity is {}", esc(rule.severity));
    }
    if let Some(expect) = &rule.expect {
        let _ = write!(
            out,
            "; it expects <strong>{}</strong>: <q dir=\"auto\">{}</q>",
            esc(expect.outcome),
            esc(&expect.reason)
        );
    }
    let _ = writeln!(
        out,
        ". Verdict: {}.</li>\n</ol>",
        badge(view.outcome.verdict)
    );
}

/// `a` is [..]; `b` is [..]; so `a < b` holds for ...
fn comparison_sentence(c: &Comparison) -> String {
    let mut s = format!(
        "<code>{}</code> is {}",
        esc(&c.lhs.expression),
        esc(&c.lhs.interval.shown)
    );
    if let Some(rhs) = &c.rhs {
        let _ = write!(
            s,
            "; <code>{}</code> is {}",
            esc(&rhs.expression),
            esc(&rhs.interval.shown)
        );
    }
    if let Some(w) = &c.widened {
        let _ = write!(s, ", widened by the tolerance to {}", esc(&w.shown));
    }
    let what = match (c.operator.as_str(), &c.rhs) {
        ("whole", _) => format!(
            "<code>whole({})</code>: {}",
            esc(&c.lhs.expression),
            esc(comparison_words("whole", c.truth))
        ),
        (op, Some(rhs)) => format!(
            "<code>{} {} {}</code> {}",
            esc(&c.lhs.expression),
            esc(op),
            esc(&rhs.expression),
            esc(truth_words(c.truth))
        ),
        (op, None) => format!("<code>{}</code> {}", esc(op), esc(truth_words(c.truth))),
    };
    let _ = write!(s, "; so {what}.");
    s
}

/// The claims a rule's assertions use, each once, in order of first use.
fn rule_claims(rule: &RuleDetail) -> Vec<&ClaimDetail> {
    let mut out: Vec<&ClaimDetail> = Vec::new();
    for claim in rule
        .assertions
        .iter()
        .flat_map(|a: &AssertionDetail| &a.claims)
    {
        if !out.iter().any(|c| c.id == claim.id) {
            out.push(claim);
        }
    }
    out
}

fn rule_plot(view: &RuleView<'_>, out: &mut String) {
    let anchor = view.anchor;
    let href = |i: usize| format!("#{anchor}-claim-{i}");
    let title = format!("The intervals of rule {} on one axis", view.outcome.id);
    let svg = plot::forest_plot(view.rule, &title, anchor, &href);
    let claims = rule_claims(view.rule);
    let units: Vec<&str> = view
        .rule
        .assertions
        .iter()
        .flat_map(|a| &a.comparisons)
        .map(|c| c.lhs.interval.unit.as_str())
        .collect();
    let not_drawn: Vec<String> = if units.is_empty() {
        Vec::new()
    } else {
        claims
            .iter()
            .filter(|c| !units.contains(&c.interval.unit.as_str()))
            .map(|c| format!("<code>{}</code> ({})", esc(&c.id), esc(&c.interval.unit)))
            .collect()
    };
    let _ = write!(
        out,
        "<figure class=\"plot\">{svg}<figcaption>Each interval on one axis per unit: a filled dot is an end that belongs to the interval, a hollow one an end that does not, an arrow an unbounded end; a red band is the gap between the sides of a comparison that holds for no values."
    );
    if !not_drawn.is_empty() {
        let _ = write!(
            out,
            " Not drawn, being in another unit than the comparisons: {}.",
            not_drawn.join(", ")
        );
    }
    out.push_str("</figcaption></figure>\n");
}

/// The claims with their citations (source and quote, in the quote's own
/// language and direction) and the draft figures citing them.
fn rule_claim_list(view: &RuleView<'_>, out: &mut String) {
    let claims = rule_claims(view.rule);
    if claims.is_empty() {
        return;
    }
    out.push_str("<h4>Claims</h4>\n<ul class=\"claims\">\n");
    for (i, claim) in claims.iter().enumerate() {
        let _ = write!(
            out,
            "<li id=\"{}-claim-{i}\"><code>{}</code> = <code>{}</code>, read as {} <span class=\"place\">{}</span>",
            view.anchor,
            esc(&claim.id),
            esc(&claim.written),
            esc(&claim.interval.shown),
            esc(&place(&claim.location))
        );
        citations(view.page, &claim.id, out);
        drafts(view.page, &claim.id, out);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn citations(page: &Page<'_>, claim: &str, out: &mut String) {
    let Some(id) = page.corpus.lookup(claim) else {
        return;
    };
    let claim = page.corpus.get(id);
    let sources = &page.analysis.run().project.sources;
    if let Some(title) = &claim.title {
        let _ = write!(
            out,
            "<br><span class=\"muted\" dir=\"auto\">{}</span>",
            esc(title)
        );
    }
    if claim.citations.is_empty() {
        out.push_str("<p class=\"muted\">No citation.</p>");
        return;
    }
    out.push_str("<ul class=\"citations\">");
    for citation in &claim.citations {
        let source = &page.corpus.sources[citation.source];
        let decl = &source.decl;
        let language = decl.language.as_ref().map(|l| l.value.as_str());
        out.push_str("<li>");
        match &decl.outlet {
            Some(outlet) => {
                let _ = write!(out, "<bdi class=\"source\">{}</bdi>", esc(&outlet.value));
            }
            None => {
                let _ = write!(out, "<code class=\"source\">{}</code>", esc(&source.id));
            }
        }
        if let Some(title) = &decl.title {
            let _ = write!(
                out,
                ", <cite{}>{}</cite>",
                lang_dir(language),
                esc(&title.value)
            );
        }
        if let Some(date) = &decl.date {
            let _ = write!(out, ", {}", esc(&date.value));
        }
        if let Some(url) = decl
            .url
            .as_ref()
            .map(|u| u.value.as_str())
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        {
            let _ = write!(
                out,
                " <a href=\"{}\" rel=\"noopener noreferrer\">link</a>",
                esc(url)
            );
        }
        let _ = write!(
            out,
            ": <q class=\"quote\"{}>{}</q> <span class=\"place\">{}</span></li>",
            lang_dir(language),
            esc(&citation.quote.value),
            esc(&place(&location(sources, citation.span)))
        );
    }
    out.push_str("</ul>");
}

fn drafts(page: &Page<'_>, claim: &str, out: &mut String) {
    let Some(figures) = page.drafts.get(claim) else {
        return;
    };
    out.push_str("<p class=\"muted\">Cited in drafts:</p><ul class=\"drafts\">");
    for figure in figures {
        let _ = write!(
            out,
            "<li><span class=\"quote\" dir=\"auto\">{}</span> <span class=\"place\">{}</span></li>",
            esc(&figure.text),
            esc(&place(&figure.location))
        );
    }
    out.push_str("</ul>");
}

fn rule_findings(view: &RuleView<'_>, out: &mut String) {
    findings_list(view.page.findings_of(&view.outcome.id), out);
}

fn findings_list<'a>(findings: impl Iterator<Item = &'a Finding>, out: &mut String) {
    let mut any = false;
    for f in findings {
        if !any {
            out.push_str("<h4>Findings</h4>\n<ul class=\"findings\">\n");
            any = true;
        }
        let _ = write!(
            out,
            "<li><span class=\"badge v-{sev}\">{sev}</span> <code>{}</code> <span class=\"message\">{}</span>",
            esc(&f.code),
            esc(&f.message),
            sev = match f.severity {
                "error" => "failed",
                "warning" => "warning",
                _ => "info",
            }
        );
        if !f.location.file.is_empty() {
            let _ = write!(
                out,
                " <span class=\"place\">{}</span>",
                esc(&place(&f.location))
            );
        }
        if let Some(help) = &f.help {
            let _ = write!(out, "<br><span class=\"muted\">help: {}</span>", esc(help));
        }
        if !f.labels.is_empty() {
            out.push_str("<ul class=\"labels\">");
            for l in &f.labels {
                if l.message.is_empty() {
                    continue;
                }
                let _ = write!(
                    out,
                    "<li><span class=\"place\">{}</span>: {}</li>",
                    esc(&place(&l.location)),
                    esc(&l.message)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    if any {
        out.push_str("</ul>\n");
    }
}

fn check_section(
    page: &Page<'_>,
    outcome: &Outcome,
    check: &CheckDetail,
    anchor: &str,
    out: &mut String,
) {
    let name = outcome.id.strip_prefix("check:").unwrap_or(&outcome.id);
    let _ = write!(
        out,
        "<section class=\"check\" id=\"{anchor}\" data-verdict=\"{}\">\n<div class=\"heading\"><h3>Built-in check <code>{}</code></h3>{}</div>\n<p>{}: {}.</p>\n",
        esc(outcome.verdict),
        esc(name),
        badge(outcome.verdict),
        if check.ran {
            "Checked"
        } else {
            "Nothing checked"
        },
        esc(&check.checked)
    );
    if let Some(why) = &check.skipped {
        let _ = writeln!(out, "<p class=\"muted\">Skipped in part: {}.</p>", esc(why));
    }
    let mut owned = page.findings_of(&outcome.id).peekable();
    if owned.peek().is_none() {
        out.push_str("<p class=\"muted\">No findings.</p>\n");
    }
    findings_list(owned, out);
    out.push_str("</section>\n");
}

/// Findings that belong to no rule or check: the input's own problems.
fn problems(page: &Page<'_>, out: &mut String) {
    let mut rest = page.findings.iter().filter(|f| f.rule.is_none()).peekable();
    if rest.peek().is_none() {
        return;
    }
    out.push_str("<section class=\"problems\" id=\"problems\">\n<h2>Problems in the input</h2>\n");
    findings_list(rest, out);
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(
            anchor("rule", "openai.revenue_under_spend"),
            "rule-openai.revenue_under_spend"
        );
        assert_eq!(anchor("rule", "a[2025]"), "rule-a-5b-2025-5d-");
        assert_ne!(anchor("rule", "a-5b-"), anchor("rule", "a["));
        assert_eq!(anchor("rule", "\"><x"), "rule--22--3e--3c-x");
    }

    #[test]
    fn text_is_escaped_and_overrides_are_shown() {
        assert_eq!(esc("</script>\"'&"), "&lt;/script&gt;&quot;&#39;&amp;");
        assert_eq!(esc("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(esc("عربي"), "عربي");
    }

    #[test]
    fn right_to_left_languages_get_rtl() {
        assert_eq!(lang_dir(Some("ar")), " lang=\"ar\" dir=\"rtl\"");
        assert_eq!(lang_dir(Some("zh-Hant")), " lang=\"zh-Hant\" dir=\"auto\"");
        assert_eq!(lang_dir(Some("az-Arab")), " lang=\"az-Arab\" dir=\"rtl\"");
        assert_eq!(lang_dir(Some("\"><x")), " dir=\"auto\"");
        assert_eq!(lang_dir(None), " dir=\"auto\"");
    }

    #[test]
    fn the_policy_names_the_inline_script_and_style_by_hash() {
        let csp = content_security_policy();
        assert!(
            csp.starts_with("default-src 'none'; style-src 'sha256-"),
            "{csp}"
        );
        assert!(csp.contains(&format!("script-src '{}'", sha256_source(SCRIPT))));
        // The SHA-256 of "abc", a known answer.
        assert_eq!(
            sha256_source("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }
}
