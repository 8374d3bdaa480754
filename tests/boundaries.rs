//! Interval boundaries, decided as XBRL Calculations 1.1 decides them: a
//! figure stands for the interval its written digits allow, and two figures
//! are consistent when their intervals meet. Closed endpoints that touch
//! meet; an open endpoint that touches does not.
//!
//! Each test writes a few claims and one rule, runs them through the library
//! and checks the outcome (and, where it matters, the intervals behind it).

use factlint::base::exact::{Exact, int};
use factlint::check::{self, CheckOptions, CheckRun, InputFile, Verdict};
use factlint::config::Config;
use factlint::eval::{AssertionResult, Outcome, Truth};
use factlint::quantity::interval::{Bound, Interval};
use std::path::Path;

/// Runs `claims` (a claims file) and `rules` (a rules file).
fn run_with(claims: &str, rules: &str, options: &CheckOptions) -> CheckRun {
    let config = Config::default_at(Path::new("."));
    let project = check::load_inputs(
        vec![
            InputFile::from_text("c.claims", claims),
            InputFile::from_text("r.rules", rules),
        ],
        &config,
    );
    assert!(
        project.errors.is_empty(),
        "load errors: {:?}",
        project.errors
    );
    let run = check::run_project(project, &config, options);
    for report in run.reports.iter() {
        assert!(
            report.resolved.errors.is_empty(),
            "resolve errors: {:?}",
            report.resolved.errors
        );
    }
    run
}

/// The outcome of one assertion over `claims`.
fn outcome(claims: &str, assertion: &str) -> Outcome {
    let run = run_with(
        claims,
        &format!("rule r {{\n  assert {assertion}\n}}\n"),
        &CheckOptions::default(),
    );
    assert_eq!(run.reports.len(), 1);
    run.reports[0].result.outcome
}

/// The evaluation of one assertion over `claims`.
fn assertion(claims: &str, assertion: &str) -> AssertionResult {
    let run = run_with(
        claims,
        &format!("rule r {{\n  assert {assertion}\n}}\n"),
        &CheckOptions::default(),
    );
    run.reports[0].result.assertions[0].clone()
}

/// The interval of claim `id`.
fn interval(claims: &str, id: &str) -> Interval {
    let run = run_with(claims, "", &CheckOptions::default());
    let corpus = &run.project.corpus;
    corpus
        .get(corpus.lookup(id).expect("claim exists"))
        .value
        .clone()
}

/// `n / d` exactly.
fn q(n: i64, d: i64) -> Exact {
    int(n) / int(d)
}

/// `[lo, hi]`.
fn closed(lo: Exact, hi: Exact) -> Interval {
    Interval::closed(lo, hi)
}

const B: i64 = 1_000_000_000;
const M: i64 = 1_000_000;

// ---------------------------------------------------------------------------
// The cases of the brief.
// ---------------------------------------------------------------------------

/// A total of 12 is [11.5, 12.5]; three items of 3 are [2.5, 3.5] each, and
/// their sum [7.5, 10.5] misses it: inconsistent.
#[test]
fn total_of_rounded_items_that_cannot_add_up_fails() {
    let claims = "claim total = 12 USD\nclaim a = 3 USD\nclaim b = 3 USD\nclaim c = 3 USD\n";
    assert_eq!(interval(claims, "total"), closed(q(23, 2), q(25, 2)));
    assert_eq!(interval(claims, "a"), closed(q(5, 2), q(7, 2)));
    let result = assertion(claims, "total == a + b + c");
    assert_eq!(result.outcome, Outcome::Fail);
    assert_eq!(result.atoms[0].lhs, closed(q(23, 2), q(25, 2)));
    assert_eq!(result.atoms[0].rhs, closed(q(15, 2), q(21, 2)));
}

/// 12M + 45M is [56M, 58M]; a total of 58M is [57.5M, 58.5M]: they meet.
#[test]
fn total_within_the_rounding_of_its_items_passes() {
    let claims = "claim total = 58M USD\nclaim a = 12M USD\nclaim b = 45M USD\n";
    let result = assertion(claims, "total == a + b");
    assert_eq!(result.outcome, Outcome::Pass);
    assert_eq!(result.atoms[0].rhs, closed(int(56 * M), int(58 * M)));
}

/// Literals in rules are exact (docs/language.md, section 6): `12M USD + 45M USD`
/// is exactly 57M, outside [57.5M, 58.5M]; 12.5M + 45M touches its closed end.
#[test]
fn rule_literals_are_exact() {
    let claims = "claim total = 58M USD\n";
    assert_eq!(outcome(claims, "total == 12M USD + 45M USD"), Outcome::Fail);
    assert_eq!(
        outcome(claims, "total == 12.5M USD + 45M USD"),
        Outcome::Pass
    );
    assert_eq!(
        outcome(claims, "total >= 12.5M USD + 45M USD"),
        Outcome::Pass
    );
    assert_eq!(
        outcome(claims, "total > 12.5M USD + 45M USD"),
        Outcome::Unproven
    );
    // `2.50` in a rule is exactly 2.5, not [2.495, 2.505].
    assert_eq!(
        outcome("claim a = exactly 2.504 USD\n", "a == 2.50 USD"),
        Outcome::Fail
    );
}

/// The items' sum [56M, 58M] against a total of at least 58M, [58M, 59M]:
/// the closed endpoints touch at 58M, so they are consistent. "More than
/// 58M" is (58M, 59M]: the touching endpoint is open, so they are not.
#[test]
fn total_touching_the_sum_at_a_closed_end_passes_and_at_an_open_end_fails() {
    let items = "claim a = 12M USD\nclaim b = 45M USD\n";
    let at_least = format!("{items}claim total = at least 58M USD\n");
    assert_eq!(
        interval(&at_least, "total"),
        closed(int(58 * M), int(59 * M))
    );
    assert_eq!(outcome(&at_least, "total == a + b"), Outcome::Pass);
    assert_eq!(outcome(&at_least, "total >= a + b"), Outcome::Pass);
    assert_eq!(outcome(&at_least, "total > a + b"), Outcome::Unproven);

    let more_than = format!("{items}claim total = more than 58M USD\n");
    assert_eq!(
        interval(&more_than, "total"),
        Interval {
            lo: Bound::open(int(58 * M)),
            hi: Bound::closed(int(59 * M)),
        }
    );
    assert_eq!(outcome(&more_than, "total == a + b"), Outcome::Fail);
    assert_eq!(outcome(&more_than, "total > a + b"), Outcome::Pass);
}

/// [1.5, 2] and [2, 3] touch at 2: equal for some values (2 and 2), `<`
/// depends on the digits, `<=` holds for all.
#[test]
fn touching_closed_endpoints_are_consistent() {
    let claims = "claim a = 1.5..2 USD\nclaim b = 2..3 USD\n";
    assert_eq!(interval(claims, "a"), closed(q(3, 2), int(2)));
    assert_eq!(outcome(claims, "a == b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a < b"), Outcome::Unproven);
    assert_eq!(outcome(claims, "a <= b"), Outcome::Pass);
    assert_eq!(outcome(claims, "b >= a"), Outcome::Pass);
    assert_eq!(outcome(claims, "a > b"), Outcome::Fail);
    assert_eq!(outcome(claims, "a >= b"), Outcome::Unproven);
    // `!=` is `not ==`: equal for some values, so unproven.
    assert_eq!(outcome(claims, "a != b"), Outcome::Unproven);
    assert_eq!(outcome(claims, "a ~= b within 0%"), Outcome::Pass);
}

/// "More than 10" is (10, 11]; against [9, 10] it touches only at the open
/// end, so the two are never equal and the first is always greater.
#[test]
fn an_open_endpoint_that_touches_does_not_meet() {
    let claims = "claim a = more than 10 USD\nclaim b = 9..10 USD\n";
    assert_eq!(
        interval(claims, "a"),
        Interval {
            lo: Bound::open(int(10)),
            hi: Bound::closed(int(11)),
        }
    );
    assert_eq!(outcome(claims, "a == b"), Outcome::Fail);
    assert_eq!(outcome(claims, "a > b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a >= b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a <= b"), Outcome::Fail);
    assert_eq!(outcome(claims, "a != b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a ~= b within 0%"), Outcome::Fail);
    // Any tolerance at all lets them agree: b * 1.01 reaches 10.1.
    assert_eq!(outcome(claims, "a ~= b within 1%"), Outcome::Pass);
}

/// The mirror image: "less than 10" is [9, 10), below [10, 11] at an open end.
#[test]
fn less_than_touches_from_below_at_an_open_end() {
    let claims = "claim a = less than 10 USD\nclaim b = 10..11 USD\n";
    assert_eq!(
        interval(claims, "a"),
        Interval {
            lo: Bound::closed(int(9)),
            hi: Bound::open(int(10)),
        }
    );
    assert_eq!(outcome(claims, "a < b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a == b"), Outcome::Fail);
    assert_eq!(outcome(claims, "a >= b"), Outcome::Fail);
}

// ---------------------------------------------------------------------------
// Written precision.
// ---------------------------------------------------------------------------

/// `13.0B` is [12.95B, 13.05B]; `13B` is [12.5B, 13.5B]. Against 13.4B
/// ([13.35B, 13.45B]) the first is inconsistent and the second is not.
#[test]
fn a_written_trailing_zero_narrows_the_interval() {
    let claims = "claim precise = 13.0B USD\nclaim rough = 13B USD\nclaim other = 13.4B USD\n";
    assert_eq!(
        interval(claims, "precise"),
        closed(int(1295 * B) / int(100), int(1305 * B) / int(100))
    );
    assert_eq!(
        interval(claims, "rough"),
        closed(int(125 * B) / int(10), int(135 * B) / int(10))
    );
    assert_eq!(outcome(claims, "precise == other"), Outcome::Fail);
    assert_eq!(outcome(claims, "rough == other"), Outcome::Pass);
    assert_eq!(outcome(claims, "precise < other"), Outcome::Pass);
    assert_eq!(outcome(claims, "rough < other"), Outcome::Unproven);
}

/// `5.40` and `5.4` have one value and two precisions.
#[test]
fn trailing_zeros_in_decimals_count() {
    let claims = "claim a = 5.40 USD\nclaim b = 5.4 USD\nclaim c = 5.44 USD\nclaim d = 5.45 USD\n";
    assert_eq!(interval(claims, "a"), closed(q(5395, 1000), q(5405, 1000)));
    assert_eq!(interval(claims, "b"), closed(q(535, 100), q(545, 100)));
    // 5.44 is [5.435, 5.445]: beyond 5.40's upper end, within 5.4's.
    assert_eq!(outcome(claims, "a == c"), Outcome::Fail);
    assert_eq!(outcome(claims, "b == c"), Outcome::Pass);
    // 5.45 is [5.445, 5.455], overlapping 5.4's upper end.
    assert_eq!(outcome(claims, "b == d"), Outcome::Pass);
}

/// Two rounded figures whose intervals touch exactly: 5.4 is [5.35, 5.45],
/// 5.5 is [5.45, 5.55]. Consistent, and `<=` holds everywhere.
#[test]
fn adjacent_rounded_figures_touch() {
    let claims = "claim a = 5.4 USD\nclaim b = 5.5 USD\n";
    assert_eq!(outcome(claims, "a == b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a <= b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a < b"), Outcome::Unproven);
    // 5.40 and 5.50 no longer touch.
    assert_eq!(
        outcome("claim a = 5.40 USD\nclaim b = 5.50 USD\n", "a == b"),
        Outcome::Fail
    );
}

/// Scale words and suffixes keep the digits' precision: 13.5M is
/// [13.45M, 13.55M] however the scale is spelled.
#[test]
fn scale_words_and_suffixes_read_alike() {
    let expected = closed(int(1345 * M) / int(100), int(1355 * M) / int(100));
    for written in ["13.5M USD", "13.5 million USD", "$13.5M"] {
        assert_eq!(
            interval(&format!("claim a = {written}\n"), "a"),
            expected,
            "{written}"
        );
    }
    let billions = closed(int(125 * B) / int(10), int(135 * B) / int(10));
    for written in ["13B USD", "13bn USD", "13 billion USD"] {
        assert_eq!(
            interval(&format!("claim a = {written}\n"), "a"),
            billions,
            "{written}"
        );
    }
}

// ---------------------------------------------------------------------------
// Qualifiers.
// ---------------------------------------------------------------------------

/// `about` widens by 5% or by rounding, whichever is wider. About 13B: 5% is
/// 0.65B, more than the 0.5B of rounding, so [12.35B, 13.65B].
#[test]
fn about_widens_by_five_percent_when_that_is_wider() {
    let claims = "claim a = about 13B USD\nclaim edge = exactly 13.65B USD\nclaim past = exactly 13.66B USD\n";
    assert_eq!(
        interval(claims, "a"),
        closed(int(1235 * B) / int(100), int(1365 * B) / int(100))
    );
    assert_eq!(interval("claim a = ~13B USD\n", "a"), interval(claims, "a"));
    assert_eq!(outcome(claims, "a == edge"), Outcome::Pass);
    assert_eq!(outcome(claims, "a <= edge"), Outcome::Pass);
    assert_eq!(outcome(claims, "a == past"), Outcome::Fail);
    assert_eq!(outcome(claims, "a < past"), Outcome::Pass);
}

/// About 1: rounding's 0.5 is wider than 5% (0.05), so [0.5, 1.5].
#[test]
fn about_widens_by_rounding_when_that_is_wider() {
    let claims = "claim a = about 1 USD\nclaim b = exactly 1.5 USD\n";
    assert_eq!(interval(claims, "a"), closed(q(1, 2), q(3, 2)));
    assert_eq!(outcome(claims, "a == b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a <= b"), Outcome::Pass);
    // About 10.0: 5% (0.5) beats rounding (0.05).
    assert_eq!(
        interval("claim a = about 10.0 USD\n", "a"),
        closed(q(19, 2), q(21, 2))
    );
}

/// The one-sided qualifiers, each up to one unit in the last written place.
#[test]
fn one_sided_qualifiers() {
    let open_lo = |lo: i64, hi: i64| Interval {
        lo: Bound::open(int(lo)),
        hi: Bound::closed(int(hi)),
    };
    let open_hi = |lo: i64, hi: i64| Interval {
        lo: Bound::closed(int(lo)),
        hi: Bound::open(int(hi)),
    };
    let cases = [
        ("more than 14B USD", open_lo(14 * B, 15 * B)),
        (">14B USD", open_lo(14 * B, 15 * B)),
        ("over 14B USD", open_lo(14 * B, 15 * B)),
        ("at least 14B USD", closed(int(14 * B), int(15 * B))),
        ("less than 14B USD", open_hi(13 * B, 14 * B)),
        ("up to 14B USD", closed(int(13 * B), int(14 * B))),
        ("more than 14.5B USD", open_lo(145 * B / 10, 146 * B / 10)),
        ("exactly 14B USD", Interval::point(int(14 * B))),
        (
            "13B ± 0.2B USD",
            closed(int(128 * B / 10), int(132 * B / 10)),
        ),
        ("12B..14B USD", closed(int(12 * B), int(14 * B))),
    ];
    for (written, expected) in cases {
        assert_eq!(
            interval(&format!("claim a = {written}\n"), "a"),
            expected,
            "{written}"
        );
    }
    // A trailing `..` leaves the far side open.
    assert_eq!(
        interval("claim a = more than 14B.. USD\n", "a"),
        Interval {
            lo: Bound::open(int(14 * B)),
            hi: Bound::Unbounded,
        }
    );
    assert_eq!(
        interval("claim a = ..14B USD\n", "a"),
        Interval {
            lo: Bound::Unbounded,
            hi: Bound::closed(int(14 * B)),
        }
    );
}

/// "Nearly 13B" is just under: [13B - max(0.5B, 0.65B), 13B].
#[test]
fn nearly_is_just_under() {
    let claims = "claim a = nearly 13B USD\nclaim b = exactly 13B USD\n";
    assert_eq!(
        interval(claims, "a"),
        closed(int(1235 * B) / int(100), int(13 * B))
    );
    assert_eq!(outcome(claims, "a <= b"), Outcome::Pass);
    assert_eq!(outcome(claims, "a < b"), Outcome::Unproven);
    assert_eq!(outcome(claims, "a == b"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// Approximate equality.
// ---------------------------------------------------------------------------

/// `a ~= b within t%` is `|a - b| <= t% of |b|`; on exact figures the
/// boundary itself agrees: 90 is within 10% of 100, not within 9.9%.
#[test]
fn approximate_equality_includes_its_boundary() {
    let claims = "claim a = exactly 90 USD\nclaim b = exactly 100 USD\n";
    assert_eq!(outcome(claims, "a ~= b within 10%"), Outcome::Pass);
    assert_eq!(outcome(claims, "a ~= b within 9.9%"), Outcome::Fail);
    // Relative to the right side: 100 is within 10% of 90 only from 11.2%.
    assert_eq!(outcome(claims, "b ~= a within 10%"), Outcome::Fail);
    assert_eq!(outcome(claims, "b ~= a within 11.2%"), Outcome::Pass);
    // An absolute tolerance, same boundary.
    assert_eq!(outcome(claims, "a ~= b within 10 USD"), Outcome::Pass);
    assert_eq!(outcome(claims, "a ~= b within 9.99 USD"), Outcome::Fail);
}

/// On rounded figures the band is widened by the right side's interval too:
/// 100 is [99.5, 100.5], 110 is [109.5, 110.5]; within 9% the band reaches
/// down to 109.5 * 0.91 = 99.645 <= 100.5 (agree); within 8% only to
/// 109.5 * 0.92 = 100.74 > 100.5 (fail).
#[test]
fn approximate_equality_on_rounded_figures() {
    let claims = "claim a = 100 USD\nclaim b = 110 USD\n";
    assert_eq!(outcome(claims, "a ~= b within 9%"), Outcome::Pass);
    assert_eq!(outcome(claims, "a ~= b within 8%"), Outcome::Fail);
    // The band's lower end 109.5 * (1 - t) reaches 100.5 at t = 9/109.5,
    // 8.219...%: 8.2% falls short, 8.3% reaches.
    assert_eq!(outcome(claims, "a ~= b within 8.2%"), Outcome::Fail);
    assert_eq!(outcome(claims, "a ~= b within 8.3%"), Outcome::Pass);
}

/// The band of `~= 100 within 10%` is [90, 110]: a figure whose closed end
/// touches 90 agrees, one whose open end touches it does not.
#[test]
fn approximate_equality_band_touching_an_end() {
    let closed_end = "claim a = 89..90 USD
claim b = exactly 100 USD
";
    assert_eq!(outcome(closed_end, "a ~= b within 10%"), Outcome::Pass);
    let open_end = "claim a = less than 90 USD
claim b = exactly 100 USD
";
    assert_eq!(outcome(open_end, "a ~= b within 10%"), Outcome::Fail);
    assert_eq!(outcome(open_end, "a ~= b within 10 USD"), Outcome::Fail);
    // A whole figure inside the band agrees for every value, an ordering-like pass.
    let inside = "claim a = 95 USD
claim b = exactly 100 USD
";
    assert_eq!(
        assertion(inside, "a ~= b within 10%").truth,
        factlint::eval::Truth::Always
    );
}

/// Without `within`, `~=` uses the `about` tolerance, 5%.
#[test]
fn approximate_equality_defaults_to_five_percent() {
    let claims =
        "claim a = exactly 95 USD\nclaim b = exactly 100 USD\nclaim c = exactly 94.9 USD\n";
    assert_eq!(outcome(claims, "a ~= b"), Outcome::Pass);
    assert_eq!(outcome(claims, "c ~= b"), Outcome::Fail);
}

// ---------------------------------------------------------------------------
// Arithmetic at the boundary.
// ---------------------------------------------------------------------------

/// An open end stays open through a sum: (10, 11] + [4.5, 5.5] is
/// (14.5, 16.5], which does not meet [14, 14.5].
#[test]
fn open_ends_stay_open_through_arithmetic() {
    let claims = "claim a = more than 10 USD\nclaim b = 5 USD\nclaim c = 14..14.5 USD\n";
    let result = assertion(claims, "a + b == c");
    assert_eq!(result.outcome, Outcome::Fail);
    assert_eq!(
        result.atoms[0].lhs,
        Interval {
            lo: Bound::open(q(29, 2)),
            hi: Bound::closed(q(33, 2)),
        }
    );
    assert_eq!(outcome(claims, "a + b > c"), Outcome::Pass);
    // Subtracting turns the open lower end into an open upper end:
    // [14, 14.5] - (10, 11] is [3, 4.5).
    assert_eq!(outcome(claims, "c - a == 4.5 USD"), Outcome::Fail);
    assert_eq!(outcome(claims, "c - a < 4.5 USD"), Outcome::Pass);
    assert_eq!(outcome(claims, "c - a == 3 USD"), Outcome::Pass);
    // Scaling by an exact literal keeps it open: 2a is (20, 22].
    assert_eq!(outcome(claims, "2 * a == 20 USD"), Outcome::Fail);
    assert_eq!(outcome(claims, "2 * a > 20 USD"), Outcome::Pass);
}

/// A product whose factor can be zero reaches zero: [0, 1] * (2, 3) contains
/// 0 (closed), so it equals 0 for some values.
#[test]
fn an_attained_zero_factor_closes_the_product() {
    let claims = "claim a = 0..1 USD\nclaim b = more than 2\nclaim z = exactly 0 USD\n";
    assert_eq!(outcome(claims, "a * b == z"), Outcome::Pass);
    assert_eq!(outcome(claims, "a * b >= z"), Outcome::Pass);
    // (0, 1] * (2, 3] never reaches 0.
    let open = "claim a = more than 0 USD\nclaim b = more than 2\nclaim z = exactly 0 USD\n";
    assert_eq!(outcome(open, "a * b == z"), Outcome::Fail);
    assert_eq!(outcome(open, "a * b > z"), Outcome::Pass);
}

/// Dividing by an interval that contains zero is an error, not a verdict;
/// an open zero end is fine and gives an unbounded quotient.
#[test]
fn division_by_a_figure_that_may_be_zero() {
    assert_eq!(
        outcome("claim a = 0 USD\nclaim b = 1 USD\n", "b / a > 1"),
        Outcome::Error
    );
    assert_eq!(
        outcome("claim a = 0..1 USD\nclaim b = 1 USD\n", "b / a > 1"),
        Outcome::Error
    );
    // (0, 1]: 1/a is [1, inf), and [0.5, 1.5] / (0, 1] is [0.5, inf).
    let claims = "claim a = more than 0 USD\nclaim b = 1 USD\n";
    assert_eq!(outcome(claims, "b / a >= 0.5"), Outcome::Pass);
    assert_eq!(outcome(claims, "b / a > 0.5"), Outcome::Unproven);
    assert_eq!(outcome(claims, "b / a < 0.5"), Outcome::Fail);
}

/// A claim used twice: plain interval arithmetic widens `a - a` to [-1, 1],
/// so `a - a < 1` looks undecided; splitting `a` decides it (a - a is 0).
#[test]
fn a_repeated_claim_is_split_to_decide() {
    let claims = "claim a = 13 USD\n";
    let result = assertion(claims, "a - a < 1 USD");
    assert_eq!(result.outcome, Outcome::Pass);
    assert_eq!(result.atoms[0].lhs, closed(int(-1), int(1)));
    assert!(result.split.is_some(), "the claim is split");
    assert_eq!(outcome(claims, "a - a == 1 USD"), Outcome::Fail);
    assert_eq!(outcome(claims, "a - a == 0 USD"), Outcome::Pass);
}

// ---------------------------------------------------------------------------
// How outcomes count.
// ---------------------------------------------------------------------------

/// `expect fail` turns a fail into an expected outcome, and a pass of the
/// same rule into a finding.
#[test]
fn expected_failures_are_counted_as_expected() {
    let claims = "claim total = 12 USD\nclaim a = 3 USD\nclaim b = 3 USD\nclaim c = 3 USD\n";
    let rules = "rule items.add_up \"The items add up to the total\" {\n  expect fail \"the article rounds each item\"\n  assert total == a + b + c\n}\n\nrule items.order {\n  expect fail \"wrongly expected\"\n  assert a + b + c < total\n}\n\nrule items.unproven {\n  expect unproven \"depends on rounding\"\n  assert a < b\n}\n";
    let run = run_with(claims, rules, &CheckOptions::default());
    let verdicts: Vec<(Outcome, Verdict)> = run
        .reports
        .iter()
        .map(|r| (r.result.outcome, r.verdict))
        .collect();
    assert_eq!(
        verdicts,
        vec![
            (Outcome::Fail, Verdict::Expected),
            (Outcome::Pass, Verdict::Failed),
            (Outcome::Unproven, Verdict::Expected),
        ]
    );
    assert_eq!(run.count(Verdict::Expected), 2);
    assert_eq!(run.exit_code(), 1);
}

/// Unproven is shown, not gating, unless strict.
#[test]
fn unproven_gates_only_when_strict() {
    let claims = "claim a = 1.5..2 USD\nclaim b = 2..3 USD\n";
    let rules = "rule r {\n  assert a < b\n}\n";
    let relaxed = run_with(claims, rules, &CheckOptions::default());
    assert_eq!(relaxed.reports[0].verdict, Verdict::Unproven);
    assert_eq!(relaxed.exit_code(), 0);
    let strict = run_with(
        claims,
        rules,
        &CheckOptions {
            strict: true,
            ..CheckOptions::default()
        },
    );
    assert_eq!(strict.reports[0].verdict, Verdict::Failed);
    assert_eq!(strict.exit_code(), 1);
    // The rule's own `strict` does the same.
    let own = run_with(
        claims,
        "rule r {\n  strict\n  assert a < b\n}\n",
        &CheckOptions::default(),
    );
    assert_eq!(own.reports[0].verdict, Verdict::Failed);
}

/// A rule's outcome is its worst assertion's.
#[test]
fn a_rule_takes_its_worst_assertion() {
    let claims = "claim a = 1.5..2 USD\nclaim b = 2..3 USD\n";
    let run = run_with(
        claims,
        "rule r {\n  assert a <= b\n  assert a < b\n}\n",
        &CheckOptions::default(),
    );
    assert_eq!(run.reports[0].result.outcome, Outcome::Unproven);
    let run = run_with(
        claims,
        "rule r {\n  assert a <= b\n  assert a > b\n  assert a < b\n}\n",
        &CheckOptions::default(),
    );
    assert_eq!(run.reports[0].result.outcome, Outcome::Fail);
}

/// A tolerance above 100%: `a ~= b within 150%` with a = [-1, 0) and
/// b = [1, 3]. It holds for some values (a = -0.5, b = 1: 1.5 <= 1.5) and not
/// for others (a = -1, b = 1: |a - b| = 2 > 1.5), so it agrees (pass) and
/// its negation is unproven. The band of values within tolerance of every b
/// is not [hi(b)·(1 − t), lo(b)·(1 + t)] = [-1.5, 2.5] (right only for
/// t <= 100%): with 1 − t < 0 the largest b·(1 − t) is lo(b)·(1 − t) = -0.5.
/// Taking the former called the equality "always" and failed its negation, a
/// fail that a = -1, b = 1 contradicts (found by `tests/soundness.rs`).
#[test]
fn tolerance_over_100_percent_is_not_always() {
    let claims = "claim a = less than 0 USD\nclaim b = 2 ± 1 USD\n";
    assert_eq!(outcome(claims, "a ~= b within 150%"), Outcome::Pass);
    assert_eq!(assertion(claims, "a ~= b within 150%").truth, Truth::Agrees);
    assert_eq!(
        outcome(claims, "not (a ~= b within 150%)"),
        Outcome::Unproven
    );
}

/// The same band with a tolerance up to 100% is right: within 100% of every
/// b in [1, 3] is [3·0, 1·2] = [0, 2].
#[test]
fn tolerance_up_to_100_percent_always_band() {
    let claims = "claim a = 0..2 USD\nclaim b = 2 ± 1 USD\nclaim c = less than 0 USD\n";
    assert_eq!(assertion(claims, "a ~= b within 100%").truth, Truth::Always);
    assert_eq!(outcome(claims, "not (a ~= b within 100%)"), Outcome::Fail);
    assert_eq!(assertion(claims, "c ~= b within 100%").truth, Truth::Never);
}
