//! Parser tests: each pins the tree shape and spans through one `check` helper.

use super::ast::{
    ClaimsItem, Expr, ExprKind, Key, Magnitude, Quantity, Statement, UnitExpr, ValueForm,
};
use super::{parse_claims, parse_rules};
use crate::base::span::FileId;
use std::fmt::Write;

fn mag(m: &Magnitude) -> String {
    format!(
        "{}{}e{}@{}..{}",
        if m.negative { "-" } else { "" },
        m.decimal.mantissa,
        m.decimal.exponent,
        m.span.start,
        m.span.end
    )
}

fn unit(u: &Option<UnitExpr>) -> String {
    match u {
        None => String::new(),
        Some(u) => {
            let atoms: Vec<String> = u
                .atoms
                .iter()
                .map(|(n, e)| format!("{}^{e}", n.text))
                .collect();
            format!(" [{}]@{}..{}", atoms.join(" "), u.span.start, u.span.end)
        }
    }
}

fn quantity(q: &Quantity) -> String {
    let form = match &q.form {
        ValueForm::Single {
            qualifier,
            magnitude,
            open_ended,
        } => format!(
            "{}{}{}",
            qualifier
                .map(|(q, s)| format!("{}@{}..{} ", q.as_str(), s.start, s.end))
                .unwrap_or_default(),
            mag(magnitude),
            if *open_ended { ".." } else { "" }
        ),
        ValueForm::PlusMinus(a, b) => format!("{} ± {}", mag(a), mag(b)),
        ValueForm::Range(a, b) => format!(
            "{}..{}",
            a.as_ref().map(mag).unwrap_or_default(),
            b.as_ref().map(mag).unwrap_or_default()
        ),
    };
    let precision = q
        .precision
        .map(|p| {
            format!(
                " precision 10^{} ({})@{}..{}",
                p.exponent,
                mag(&p.magnitude),
                p.span.start,
                p.span.end
            )
        })
        .unwrap_or_default();
    format!("{form}{}{precision}", unit(&q.unit))
}

fn expr(e: &Expr) -> String {
    let inner = match &e.kind {
        ExprKind::Literal(m, u) => format!("lit {}{}", mag(m), unit(u)),
        ExprKind::Ref(r) => format!(
            "ref {}{}",
            r.path,
            match &r.key {
                None => String::new(),
                Some(Key::Exact(k)) => format!("[{k}]"),
                Some(Key::Wildcard) => "[*]".to_owned(),
            }
        ),
        ExprKind::Neg(x) => format!("neg {}", expr(x)),
        ExprKind::Binary(op, _, a, b) => format!("{op:?} {} {}", expr(a), expr(b)),
        ExprKind::Call(name, args) => {
            format!(
                "call {} {}",
                name.text,
                args.iter().map(expr).collect::<Vec<_>>().join(" ")
            )
        }
        ExprKind::Compare(op, _, a, b, t) => format!(
            "{} {} {}{}",
            op.as_str(),
            expr(a),
            expr(b),
            t.as_ref()
                .map(|t| format!(" within {}", expr(&t.amount)))
                .unwrap_or_default()
        ),
        ExprKind::In(x, lo, hi) => format!("in {} {} {}", expr(x), expr(lo), expr(hi)),
        ExprKind::Not(x) => format!("not {}", expr(x)),
        ExprKind::And(a, b) => format!("and {} {}", expr(a), expr(b)),
        ExprKind::Or(a, b) => format!("or {} {}", expr(a), expr(b)),
    };
    format!("({inner})@{}..{}", e.span.start, e.span.end)
}

fn dump_claims(text: &str) -> String {
    let (items, errors) = parse_claims(text, FileId(0));
    let mut out = String::new();
    for item in &items {
        match item {
            ClaimsItem::Units(names) => {
                let names: Vec<&str> = names.iter().map(|n| &*n.text).collect();
                let _ = writeln!(out, "unit {}", names.join(","));
            }
            ClaimsItem::Source(s) => {
                let id =
                    s.id.as_ref()
                        .map(|n| n.text.to_string())
                        .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "source {id} outlet={:?}",
                    s.outlet.as_ref().map(|o| &o.value)
                );
            }
            ClaimsItem::Claim(c) => {
                let _ = writeln!(
                    out,
                    "claim {}@{}..{} = {}",
                    c.id.full(),
                    c.id.span.start,
                    c.id.span.end,
                    quantity(&c.value)
                );
                for cite in &c.citations {
                    let _ = writeln!(out, "  cite {} {:?}", cite.source.text, cite.quote.value);
                }
            }
        }
    }
    for e in &errors {
        let _ = writeln!(
            out,
            "error@{}..{}: {}",
            e.span.start,
            e.span.end,
            e.kind.message()
        );
    }
    out
}

fn dump_rules(text: &str) -> String {
    let (rules, errors) = parse_rules(text, FileId(0));
    let mut out = String::new();
    for rule in &rules {
        let _ = writeln!(
            out,
            "rule {} {:?}",
            rule.id.text,
            rule.title.as_ref().map(|t| &t.value)
        );
        for statement in &rule.body {
            match statement {
                Statement::Let(name, value) => {
                    let _ = writeln!(out, "  let {} = {}", name.text, expr(value));
                }
                Statement::Assert(c) => {
                    let _ = writeln!(out, "  assert {}", expr(c));
                }
            }
        }
    }
    for e in &errors {
        let _ = writeln!(
            out,
            "error@{}..{}: {}",
            e.span.start,
            e.span.end,
            e.kind.message()
        );
    }
    out
}

#[track_caller]
fn check_claims(input: &str, expect: &str) {
    let actual = dump_claims(input);
    assert_eq!(
        actual.trim_end(),
        expect.trim_end(),
        "\n--- actual ---\n{actual}"
    );
}

#[track_caller]
fn check_rules(input: &str, expect: &str) {
    let actual = dump_rules(input);
    assert_eq!(
        actual.trim_end(),
        expect.trim_end(),
        "\n--- actual ---\n{actual}"
    );
}

#[test]
fn claim_values_keep_written_digits_and_spans() {
    check_claims(
        "claim openai.revenue[2025] = about 13.50B USD\n",
        "claim openai.revenue[2025]@6..26 = about@29..34 1350e7@35..41 [USD^1]@42..45",
    );
    check_claims(
        "claim a = ~13B USD\n",
        "claim a@6..7 = about@10..11 13e9@11..14 [USD^1]@15..18",
    );
    check_claims(
        "claim a = 5 million user\n",
        "claim a@6..7 = 5e6@10..19 [user^1]@20..24",
    );
}

#[test]
fn currency_symbols_and_compound_units() {
    check_claims(
        "claim s = about $15M/day\n",
        "claim s@6..7 = about@10..15 15e6@16..20 [USD^1 day^-1]@16..24",
    );
    check_claims(
        "claim p = 0.5 CNY/token\n",
        "claim p@6..7 = 5e-1@10..13 [CNY^1 token^-1]@14..23",
    );
}

#[test]
fn ranges_bounds_and_plus_minus() {
    check_claims(
        "claim r = 12B..14B USD\n",
        "claim r@6..7 = 12e9@10..13..14e9@15..18 [USD^1]@19..22",
    );
    check_claims(
        "claim r = more than 1T.. USD\n",
        "claim r@6..7 = more than@10..19 1e12@20..22.. [USD^1]@25..28",
    );
    check_claims(
        "claim r = 13B ± 0.2B USD\n",
        "claim r@6..7 = 13e9@10..13 ± 2e8@17..21 [USD^1]@22..25",
    );
    check_claims(
        "claim r = ..5%\n",
        "claim r@6..7 = ..5e0@12..13 [%^1]@13..14",
    );
}

#[test]
fn citations_keep_unicode_quotes() {
    check_claims(
        "source s {\n  outlet \"x\"\n}\nclaim a = 13B USD {\n  cite s \"تتجاوز 14 مليار \\\"دولار\\\"\"\n}\n",
        "source s outlet=Some(\"x\")\nclaim a@32..33 = 13e9@36..39 [USD^1]@40..43\n  cite s \"تتجاوز 14 مليار \\\"دولار\\\"\"",
    );
}

#[test]
fn every_error_is_reported_and_parsing_recovers() {
    check_claims(
        "claim a = 13B USD\nclaim b = USD\nclaim c = 1\nclaim d = 2 {\n  titel \"x\"\n}\nclaim e = ¥5\nclaim f = 3\n",
        "claim a@6..7 = 13e9@10..13 [USD^1]@14..17\n\
         claim c@38..39 = 1e0@42..43\n\
         claim f@92..93 = 3e0@96..97\n\
         error@28..31: expected a value such as `13B USD` or `about 5%`, found `USD`\n\
         error@60..65: `titel` is not a field of a claim\n\
         error@82..84: `¥` is ambiguous: it is used for yuan and for yen",
    );
}

#[test]
fn unclosed_string_and_brace() {
    check_claims(
        "claim a = 1 {\n  title \"oops\n}\nclaim b = 2 {\n  title \"x\"\n",
        "error@22..23: unclosed string literal\nerror@42..43: unclosed `{`",
    );
}

#[test]
fn precedence_of_rule_expressions() {
    check_rules(
        "rule r \"t\" {\n  assert a + b * c < 2 ^ 3 and not d >= -e\n}\n",
        "rule r Some(\"t\")\n  assert (and (< (Add (ref a)@22..23 (Mul (ref b)@26..27 (ref c)@30..31)@26..31)@22..31 (Pow (lit 2e0@34..35)@34..35 (lit 3e0@38..39)@38..39)@34..39)@22..39 (not (>= (ref d)@48..49 (neg (ref e)@54..55)@53..55)@48..55)@44..55)@22..55",
    );
}

#[test]
fn approx_within_in_ranges_and_wildcards() {
    check_rules(
        "rule r {\n  let d = sora.daily * 365 day\n  assert d ~= sora.loss within 5%\n  assert x in 0%..100%\n  assert sum(seg.rev[*]) <= total\n}\n",
        "rule r None\n\
         \x20 let d = (Mul (ref sora.daily)@19..29 (lit 365e0@32..35 [day^1]@36..39)@32..39)@19..39\n\
         \x20 assert (~= (ref d)@49..50 (ref sora.loss)@54..63 within (lit 5e0@71..72 [%^1]@72..73)@71..73)@49..73\n\
         \x20 assert (in (ref x)@83..84 (lit 0e0@88..89 [%^1]@89..90)@88..90 (lit 100e0@92..95 [%^1]@95..96)@92..96)@83..96\n\
         \x20 assert (<= (call sum (ref seg.rev[*])@110..120)@106..121 (ref total)@125..130)@106..130",
    );
}

#[test]
fn rule_errors_recover_at_the_next_rule() {
    check_rules(
        "rule a {\n  assert x = 1\n}\nrule b {\n  asert y\n}\nrule c {\n  assert (1 + \n}\nrule d {\n  assert ok < 1\n}\n",
        "rule d None\n  assert (< (ref ok)@91..93 (lit 1e0@96..97)@96..97)@91..97\n\
         error@20..21: expected `==` to compare (a single `=` only appears in `let`), found `=`\n\
         error@37..42: `asert` is not a field of a rule\n\
         error@71..72: expected an expression, found `}`",
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!(
        "rule r {{\n  assert {}1{} < 2\n}}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let (rules, errors) = parse_rules(&deep, FileId(0));
    assert!(rules.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, super::ParseErrorKind::TooDeep);
}

#[test]
fn slash_after_a_bare_number_divides() {
    check_rules(
        "rule r {\n  assert 100/users > unit.price\n}\n",
        "rule r None\n  assert (> (Div (lit 100e0@18..21)@18..21 (ref users)@22..27)@18..27 (ref unit.price)@30..40)@18..40",
    );
    check_rules(
        "rule r {\n  assert $15M/day > x ^ -1\n}\n",
        "rule r None\n  assert (> (lit 15e6@18..22 [USD^1 day^-1]@18..26)@18..26 (Pow (ref x)@29..30 (neg (lit 1e0@34..35)@34..35)@33..35)@29..35)@18..35",
    );
}

#[test]
fn qualifiers_that_cannot_combine_are_errors() {
    check_claims(
        "claim a = about 13B ± 1B USD\nclaim b = exactly 13B.. USD\nclaim c = more than 13B.. USD\n",
        "claim c@64..65 = more than@68..77 13e9@78..81.. [USD^1]@84..87\n\
         error@10..15: `about` cannot be combined with `±`\n\
         error@40..47: `exactly` cannot be combined with an open-ended `..`",
    );
}

#[test]
fn operator_chains_are_bounded_exactly() {
    let chain = |n: usize| {
        format!(
            "rule r {{\n  assert {} < b\n}}\n",
            vec!["a"; n + 1].join(" + ")
        )
    };
    let limit = super::rules::MAX_OPERATOR_DEPTH;
    let (rules, errors) = parse_rules(&chain(limit), FileId(0));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rules.len(), 1);
    let (_, errors) = parse_rules(&chain(limit + 1), FileId(0));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, super::ParseErrorKind::TooManyOperators);
}

#[test]
fn negative_values_keep_their_sign_on_the_number() {
    check_claims(
        "claim a = -4 EUR\nclaim b = −3.5%\nclaim c = -$4M\n",
        "claim a@6..7 = -4e0@10..12 [EUR^1]@13..16\n\
         claim b@23..24 = -35e-1@27..33 [%^1]@33..34\n\
         claim c@41..42 = -4e6@45..49 [USD^1]@46..47",
    );
    check_claims(
        "claim r = -5..-3 USD\nclaim s = ..-3\nclaim t = more than -4 EUR\nclaim u = -5 ± 1\n",
        "claim r@6..7 = -5e0@10..12..-3e0@14..16 [USD^1]@17..20\n\
         claim s@27..28 = ..-3e0@33..35\n\
         claim t@42..43 = more than@46..55 -4e0@56..58 [EUR^1]@59..62\n\
         claim u@69..70 = -5e0@73..75 ± 1e0@79..80",
    );
}

#[test]
fn signs_out_of_place_are_errors_that_say_where_the_sign_goes() {
    check_claims(
        "claim a = +5B USD\nclaim b = --5 USD\nclaim c = - 5 USD\nclaim d = $-4M\nclaim e = 13B ± -1B USD\n",
        "error@10..11: a plus sign before the number\n\
         error@28..30: two signs before the number\n\
         error@46..48: a space between the minus sign and the number\n\
         error@65..66: the minus sign after the currency symbol\n\
         error@86..89: a negative margin after `±`",
    );
    check_claims(
        "claim a = -\nclaim b = -$ USD\n",
        "error@11..12: expected a number after the minus sign, found end of line\n\
         error@24..25: expected a number, found ` `",
    );
}

#[test]
fn scientific_notation_takes_its_precision_from_the_mantissa() {
    check_claims(
        "claim a = 1.2e9 USD\nclaim b = 3E-2\nclaim c = -2.50e+3 EUR\nclaim d = 3EUR\nclaim e = 1e3..1e4\n",
        "claim a@6..7 = 12e8@10..15 [USD^1]@16..19\n\
         claim b@26..27 = 3e-2@30..34\n\
         claim c@41..42 = -250e1@45..53 [EUR^1]@54..57\n\
         claim d@64..65 = 3e0@68..69 [EUR^1]@69..72\n\
         claim e@79..80 = 1e3@83..86..1e4@88..91",
    );
}

#[test]
fn exponents_are_bounded_and_not_followed_by_a_scale() {
    check_claims(
        "claim a = 1e99\nclaim b = 1e-99\nclaim c = 1e100\nclaim d = 1e99999999999999999999999\nclaim e = 1.2e3k USD\nclaim f = 1e3 million\n",
        "claim a@6..7 = 1e99@10..14\n\
         claim b@21..22 = 1e-99@25..30\n\
         error@42..46: the exponent `e100` is out of range: exponents go from -99 to 99\n\
         error@58..82: the exponent `e99999999999999999999999` is out of range: exponents go from -99 to 99\n\
         error@98..99: a scale word (`k`) after an exponent\n\
         error@118..125: a scale word (`million`) after an exponent",
    );
    check_rules(
        "rule r {\n  assert x < 1.2e9 USD - 1e-3\n}\n",
        "rule r None\n  assert (< (ref x)@18..19 (Sub (lit 12e8@22..27 [USD^1]@28..31)@22..31 (lit 1e-3@34..38)@34..38)@22..38)@18..38",
    );
}

#[test]
fn a_typographic_minus_is_a_minus_in_rules() {
    check_rules(
        "rule r {\n  assert −3 EUR < a − 1 EUR\n}\n",
        "rule r None\n  assert (< (neg (lit 3e0@21..22 [EUR^1]@23..26)@21..26)@18..26 (Sub (ref a)@29..30 (lit 1e0@35..36 [EUR^1]@37..40)@35..40)@29..40)@18..40",
    );
}

#[test]
fn a_declared_precision_follows_the_unit() {
    check_claims(
        "claim a = 58000 USD precision 1k\nclaim b = about 5.8e4 precision 1000 {\n}\nclaim c = -1.5 precision 0.01 # note\n",
        "claim a@6..7 = 58000e0@10..15 [USD^1]@16..19 precision 10^3 (1e3@30..32)@20..32\n\
         claim b@39..40 = about@43..48 58e3@49..54 precision 10^3 (1000e0@65..69)@55..69\n\
         claim c@80..81 = -15e-1@84..88 precision 10^-2 (1e-2@99..103)@89..103",
    );
}

#[test]
fn a_bad_or_conflicting_precision_is_an_error() {
    check_claims(
        "claim a = 58000 USD precision 5k\n\
         claim b = 58000 USD precision 0\n\
         claim c = 58000 USD precision -1k\n\
         claim d = 58000 USD precision 1k USD\n\
         claim e = exactly 58000 USD precision 1k\n\
         claim f = 57000..59000 USD precision 1k\n\
         claim g = 58000 ± 500 USD precision 1k\n\
         claim h = more than 58000.. USD precision 1k\n\
         claim i = 58000 USD precision\n\
         claim j = 58000 USD precision 1k precision 1\n",
        "error@30..32: the precision `5k` is not a power of ten\n\
         error@63..64: a precision of zero\n\
         error@95..98: a negative precision\n\
         error@132..135: a precision with a unit\n\
         error@164..176: `precision` cannot be combined with `exactly`\n\
         error@204..216: `precision` cannot be combined with a range\n\
         error@244..256: `precision` cannot be combined with `±`\n\
         error@289..301: `precision` cannot be combined with an open-ended `..`\n\
         error@331..332: expected a precision such as `1k` or `0.01` after `precision`, found end of line\n\
         error@365..374: `precision` is given twice",
    );
}
