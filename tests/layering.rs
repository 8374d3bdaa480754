//! The layering of `src/`, checked: ARCHITECTURE.md lists the stages in
//! pipeline order, once (the block after `<!-- layers -->`), and a module
//! may name only its own stage and the stages above it in that list. Every
//! `crate::` path in the code counts, in a `use` line or inline, grouped
//! (`use crate::{a, b}`) or not; comments do not. A folder or file at the
//! top of `src/` must be in the list, so a new stage has to be placed.

use std::path::{Path, PathBuf};

/// The stages, in order, from the block after `<!-- layers -->` in
/// `architecture`: the first word of each line.
fn layers(architecture: &str) -> Vec<String> {
    let after = architecture
        .split_once("<!-- layers -->")
        .expect("ARCHITECTURE.md has a `<!-- layers -->` block")
        .1;
    let block = after
        .split_once("```text\n")
        .expect("a ```text block follows the marker")
        .1
        .split_once("```")
        .expect("the block is closed")
        .0;
    block
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The stage a file of `src/` belongs to: its first path component
/// (`analysis/data.rs` is `analysis`); `None` for `lib.rs` and `main.rs`,
/// which declare the stages and call the front end.
fn stage_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let stage = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(stage, "lib" | "main")).then(|| stage.to_owned())
}

/// Each stage a line names through `crate::`, grouped imports included.
/// `open` carries a `use crate::{` group across lines.
fn named_stages(line: &str, open: &mut bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    if *open {
        rest = group(rest, open, &mut out);
    }
    while let Some(at) = rest.find("crate::") {
        // `$crate::` and `factlint_crate::` are other things.
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            rest = after;
            continue;
        }
        if let Some(inner) = after.strip_prefix('{') {
            *open = true;
            rest = group(inner, open, &mut out);
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
            rest = after;
        }
    }
    out
}

/// Reads the top-level names of a `crate::{...}` group until it closes.
fn group<'a>(text: &'a str, open: &mut bool, out: &mut Vec<String>) -> &'a str {
    let mut depth = 0usize;
    let mut at_name = true;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                *open = false;
                return &text[i + 1..];
            }
            '}' => depth -= 1,
            ',' if depth == 0 => at_name = true,
            c if (c.is_alphanumeric() || c == '_') && at_name && depth == 0 => {
                let name: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != "self" {
                    out.push(name);
                }
                at_name = false;
            }
            _ => {}
        }
    }
    ""
}

/// Every import in `src` of a stage below the importer in `order`, and
/// every stage missing from `order`, as `file:line: message`.
fn violations(src: &Path, order: &[String]) -> Vec<String> {
    let rank = |stage: &str| order.iter().position(|s| s == stage);
    let mut files: Vec<PathBuf> = walkdir(src);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let relative = path.strip_prefix(src).expect("inside src");
        let shown = format!("src/{}", relative.display());
        let Some(stage) = stage_of(relative) else {
            continue;
        };
        let Some(own) = rank(&stage) else {
            out.push(format!(
                "{shown}:1: stage `{stage}` is not in ARCHITECTURE.md's layers"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("readable source");
        let mut open = false;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for named in named_stages(code, &mut open) {
                match rank(&named) {
                    Some(r) if r <= own => {}
                    Some(_) => out.push(format!(
                        "{shown}:{}: `{stage}` imports `{named}`, a later stage (the layers are in ARCHITECTURE.md)",
                        n + 1
                    )),
                    None => out.push(format!(
                        "{shown}:{}: `{named}` is not a stage in ARCHITECTURE.md's layers",
                        n + 1
                    )),
                }
            }
        }
    }
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn project_layers() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    layers(&text)
}

#[test]
fn no_module_imports_a_later_stage() {
    let found = violations(&root().join("src"), &project_layers());
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn every_stage_in_the_list_exists_and_comes_once() {
    let order = project_layers();
    for (i, stage) in order.iter().enumerate() {
        assert!(
            root().join("src").join(stage).join("mod.rs").is_file(),
            "ARCHITECTURE.md lists `{stage}`, but src/{stage}/mod.rs does not exist"
        );
        assert!(
            !order[..i].contains(stage),
            "`{stage}` is listed twice in ARCHITECTURE.md's layers"
        );
    }
    assert_eq!(order.first().map(String::as_str), Some("base"));
    assert_eq!(order.last().map(String::as_str), Some("cli"));
}

/// The checker itself: a back import, grouped or inline, is named with its
/// file and line; a comment is not an import; a stage not in the list is
/// refused.
#[test]
fn a_back_import_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    for (file, text) in [
        ("lib.rs", "pub mod base;\npub mod cli;\n"),
        (
            "base/mod.rs",
            "//! See crate::cli, in a comment.\nuse crate::base::span::Span; // crate::cli too\n",
        ),
        (
            "base/span.rs",
            "pub struct Span;\nuse crate::{\n    base::text,\n    cli::Cli,\n};\n",
        ),
        ("base/text.rs", "fn f() { crate::cli::main_with(); }\n"),
        (
            "cli/mod.rs",
            "use crate::base::span::Span;\nuse crate::shiny::X;\n",
        ),
        ("shiny/mod.rs", "\n"),
    ] {
        let path = src.join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    let order = layers("<!-- layers -->\n```text\nbase   the bottom\ncli    the top\n```\n");
    assert_eq!(order, ["base", "cli"]);
    assert_eq!(
        violations(&src, &order),
        [
            "src/base/span.rs:4: `base` imports `cli`, a later stage (the layers are in ARCHITECTURE.md)",
            "src/base/text.rs:1: `base` imports `cli`, a later stage (the layers are in ARCHITECTURE.md)",
            "src/cli/mod.rs:2: `shiny` is not a stage in ARCHITECTURE.md's layers",
            "src/shiny/mod.rs:1: stage `shiny` is not in ARCHITECTURE.md's layers",
        ]
    );
}
