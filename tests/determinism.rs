//! The same inputs give byte-identical output whatever the thread count and
//! whatever order the files were created in.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file of the bundled example, relative to the repository.
fn bundled_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["corpus", "rules"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("bundled dir") {
            let path = entry.expect("entry").path();
            if path
                .extension()
                .is_some_and(|e| e == "claims" || e == "rules")
            {
                files.push(path.strip_prefix(root).expect("inside").to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// Rules that fail, are unproven and err, so the output has findings of
/// every kind to order.
const EXTRA_RULES: &str = r#"
rule extra.fails "Sora's loss is under a billion" {
  assert sora.annual_loss < 1B USD
}
rule extra.unproven "Revenue is under the 2026 loss" {
  assert openai.revenue[2025] < 13.05B USD
}
rule extra.errs "An unknown claim" {
  assert openai.revenue[2099] > 0 USD
}
"#;

/// Writes the bundled files (and the extra rules) into a new directory in
/// the given order, with a pause-free but different creation order.
fn project(order: &[PathBuf]) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    for file in order {
        let target = dir.path().join(file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join(file), &target).expect("copy");
    }
    std::fs::write(dir.path().join("rules/zz_extra.rules"), EXTRA_RULES).expect("write");
    dir
}

fn run(dir: &Path, threads: &str, format: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(dir)
        .args(["check", "--color", "never", "--output-format", format])
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run factlint");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    out.stdout
}

#[test]
fn output_is_identical_across_threads_and_file_order() {
    let files = bundled_files();
    assert!(files.len() > 5);
    let forward = project(&files);
    // Reversed, then every other file moved to the end.
    let mut shuffled: Vec<PathBuf> = files.iter().rev().cloned().collect();
    let (even, odd): (Vec<_>, Vec<_>) = shuffled
        .drain(..)
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    shuffled = even.into_iter().chain(odd).map(|(_, f)| f).collect();
    let backward = project(&shuffled);
    for format in ["json", "full", "sarif", "junit"] {
        let reference = run(forward.path(), "1", format);
        assert!(!reference.is_empty());
        for (dir, threads) in [
            (forward.path(), "8"),
            (backward.path(), "1"),
            (backward.path(), "8"),
        ] {
            let other = run(dir, threads, format);
            assert!(
                reference == other,
                "{format} output differs with {threads} threads in {}",
                dir.display()
            );
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&run(forward.path(), "8", "json")).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    assert!(findings.len() >= 3, "{json}");
}
