//! `factlint fmt`: every case file's layout snapshotted (or its refusal);
//! the property that formatting twice equals once, that the formatted file
//! parses to the same tree (checked inside `format` itself, which refuses
//! otherwise), and that whitespace-only changes format to the same text; and
//! the command through the real binary (`--check`'s diff and exit 1, atomic
//! writes, a file that does not parse left alone).

use factlint::syntax::format::{FormatError, Grammar, format};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

fn grammar(path: &Path) -> Option<Grammar> {
    match path.extension()?.to_str()? {
        "claims" => Some(Grammar::Claims),
        "rules" => Some(Grammar::Rules),
        _ => None,
    }
}

#[test]
fn every_case_file_formats_or_is_refused() {
    insta::glob!("cases/**/*.{rules,claims}", |path| {
        let Ok(text) = std::fs::read_to_string(path) else {
            return; // not UTF-8: `factlint check`'s concern
        };
        let grammar = grammar(path).expect("a rules or claims file");
        let shown = match format(&text, grammar) {
            Ok(formatted) => {
                assert_eq!(
                    format(&formatted, grammar).as_deref(),
                    Ok(formatted.as_str()),
                    "formatting {} twice differs from once",
                    path.display()
                );
                formatted
            }
            Err(FormatError::Syntax { message, .. }) => {
                format!(
                    "not formatted: {}\n",
                    factlint::base::text::printable(&message)
                )
            }
            Err(FormatError::Changed) => panic!("{}: the layout changed the tree", path.display()),
        };
        insta::assert_snapshot!(shown);
    });
}

/// The parseable case files and the bundled corpus and rules.
fn parseable() -> Vec<(String, Grammar)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["tests/cases", "corpus", "rules"] {
        for entry in walkdir(&root.join(dir)) {
            if let (Some(g), Ok(text)) = (grammar(&entry), std::fs::read_to_string(&entry))
                && format(&text, g).is_ok()
            {
                out.push((text, g));
            }
        }
    }
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// `text` with whitespace changed where it cannot matter: each line's
/// indentation, trailing blanks, and (on lines without strings or comments)
/// a space next to punctuation doubled or made a tab, by the bits of `seed`.
/// (Other spaces can matter: `more than` is one space.)
fn jumbled(text: &str, seed: u64) -> String {
    let mut bits = seed;
    let mut next = || {
        bits = bits
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        bits >> 33
    };
    let mut out = String::new();
    for line in text.lines() {
        let indent = (next() % 4) as usize;
        out.push_str(&" ".repeat(indent));
        let body = line.trim_start();
        if body.contains(['"', '#']) {
            out.push_str(body);
        } else {
            let chars: Vec<char> = body.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let punctuation = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|c| "={},<>()".contains(*c))
                };
                let beside = punctuation(i.checked_sub(1)) || punctuation(Some(i + 1));
                match (*c, beside, next() % 3) {
                    (' ', true, 1) => out.push_str("  "),
                    (' ', true, 2) => out.push('\t'),
                    _ => out.push(*c),
                }
            }
        }
        if next() % 2 == 0 {
            out.push_str("  \t");
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Formatting is idempotent, keeps the tree, and does not depend on how
    /// the whitespace was written.
    #[test]
    fn formatting_is_canonical_and_idempotent(pick in any::<prop::sample::Index>(), seed in any::<u64>()) {
        let files = parseable();
        prop_assume!(!files.is_empty());
        let (text, grammar) = &files[pick.index(files.len())];
        let once = format(text, *grammar).expect("a parseable file formats");
        prop_assert_eq!(format(&once, *grammar).expect("formats again"), once.clone());
        let messy = jumbled(text, seed);
        let from_messy = format(&messy, *grammar).expect("whitespace keeps it parseable");
        prop_assert_eq!(from_messy, once);
    }
}

/// A claim value with a sign, an exponent or a declared precision, as a
/// writer may spell it: `-4 EUR`, `more than −3.5%`, `-$1.2e3`,
/// `58000 USD precision 1k`, `-5B..-3B EUR`.
fn figure() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "about ", "more than ", "<", ">= ", "~"]),
        prop::sample::select(vec!["", "-", "−"]),
        prop::sample::select(vec!["4", "3.5", "58000", "1.20", "0"]),
        prop::sample::select(vec!["", "B", "e9", "E-2", "e+3", " million"]),
        prop::sample::select(vec!["", " EUR", "%", " USD/day", "$"]),
        prop::sample::select(vec![
            "",
            " precision 1k",
            " precision 0.01",
            " precision 1e3",
        ]),
        0u8..4,
    )
        .prop_map(|(qualifier, sign, digits, scale, unit, precision, shape)| {
            let (symbol, unit) = if unit == "$" { ("$", "") } else { ("", unit) };
            let number = format!("{sign}{symbol}{digits}{scale}");
            match shape {
                // A range of two signed ends.
                0 => format!("{number}..{sign}{digits}{scale}{unit}"),
                // `±` with an unsigned margin.
                1 => format!("{number} ± 1{scale}{unit}"),
                _ => format!("{qualifier}{number}{unit}{precision}"),
            }
        })
}

/// A rule literal with a minus (the operator, `-` or `−`) or an exponent.
fn rule_literal() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "-", "−", "- ", "−("]),
        prop::sample::select(vec!["4 EUR", "3.5%", "1.2e9 USD", "3E-2", "$2.5e-3/day"]),
    )
        .prop_map(|(minus, literal)| {
            if minus.ends_with('(') {
                format!("{minus}{literal})")
            } else {
                format!("{minus}{literal}")
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Signed, scientific and declared-precision figures keep their spelling
    /// byte for byte, and their layout is canonical: formatting twice
    /// equals once, and changes of whitespace that cannot matter format to
    /// the same text. A generated value that does not parse (a precision on
    /// a range) is refused, never rewritten.
    #[test]
    fn signed_and_scientific_figures_keep_their_spelling(
        figures in prop::collection::vec(figure(), 1..6),
        literals in prop::collection::vec(rule_literal(), 1..4),
        seed in any::<u64>(),
    ) {
        let mut claims = String::new();
        for (i, f) in figures.iter().enumerate() {
            claims.push_str(&format!("claim c{i}={f}\n"));
        }
        let mut rules = "rule r {\n".to_owned();
        for l in &literals {
            rules.push_str(&format!("  assert c0 <  {l}\n"));
        }
        rules.push_str("}\n");
        for (text, grammar, pieces) in [
            (claims, Grammar::Claims, &figures),
            (rules, Grammar::Rules, &literals),
        ] {
            let once = match format(&text, grammar) {
                Ok(once) => once,
                Err(FormatError::Syntax { .. }) => continue,
                Err(FormatError::Changed) => {
                    return Err(TestCaseError::fail(format!("the layout changed the tree:\n{text}")));
                }
            };
            for piece in pieces.iter() {
                let canonical = piece.split_whitespace().collect::<Vec<_>>().join(" ");
                prop_assert!(once.contains(&canonical), "{canonical:?} lost in\n{once}");
            }
            prop_assert_eq!(format(&once, grammar).expect("formats again"), once.clone());
            let from_messy = format(&jumbled(&text, seed), grammar).expect("whitespace keeps it parseable");
            prop_assert_eq!(from_messy, once);
        }
    }
}

fn factlint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run factlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fmt_check_shows_a_diff_and_fmt_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::create_dir_all(d.join("corpus")).expect("mkdir");
    std::fs::create_dir_all(d.join("rules")).expect("mkdir");
    let messy = "source s { outlet \"x\" }\nclaim a=5.40B USD { cite s \"5.40B\" }   \n\n\n\nclaim bb = 2B USD { cite s \"2B\" }\n";
    std::fs::write(d.join("corpus/a.claims"), messy).expect("write");
    std::fs::write(d.join("rules/broken.rules"), "rule {\n").expect("write");
    std::fs::write(d.join("rules/ok.rules"), "rule r {\n  assert a > bb\n}\n").expect("write");

    let (code, stdout, stderr) = factlint(d, &["fmt", "--check"]);
    assert_eq!(code, 2, "a file that does not parse: {stderr}");
    assert!(
        stdout.contains("-claim a=5.40B USD { cite s \"5.40B\" }   "),
        "{stdout}"
    );
    assert!(
        stdout.contains("+claim a = 5.40B USD { cite s \"5.40B\" }"),
        "{stdout}"
    );
    assert!(
        stderr.contains("rules/broken.rules:1:6: not formatted"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 file would be formatted, 1 already formatted"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("corpus/a.claims")).expect("read"),
        messy
    );

    std::fs::remove_file(d.join("rules/broken.rules")).expect("remove");
    let (code, _, stderr) = factlint(d, &["fmt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("formatted corpus/a.claims"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(d.join("corpus/a.claims")).expect("read"),
        "source s { outlet \"x\" }\nclaim a = 5.40B USD { cite s \"5.40B\" }\n\nclaim bb = 2B USD { cite s \"2B\" }\n"
    );
    let (code, stdout, _) = factlint(d, &["fmt", "--check"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn the_bundled_corpus_is_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, stdout, stderr) = factlint(root, &["fmt", "--check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}
