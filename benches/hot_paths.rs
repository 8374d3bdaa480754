//! Criterion benchmarks of the pipeline's hot paths, one per stage, through
//! the library's public API: parsing claims and rules, building the corpus,
//! the quotes and drafts checks, resolving, evaluating, a whole check of a
//! project held in memory, and rendering its report.
//!
//! The input is a corpus from `bench/generate.py` (10,000 claims in Arabic,
//! Chinese and English, 1,000 rules of which 5% fail, three drafts), written
//! to a temporary directory when the benchmarks start; `FACTLINT_BENCH_CLAIMS`
//! sets another size (rules are a tenth of it) and `FACTLINT_BENCH_CORPUS`
//! names a directory the generator already wrote. The stages that run in
//! parallel in the command line (parsing files, the quotes check, resolving
//! and evaluating rules) run here on one thread, so each figure is the work
//! of its stage; set `RAYON_NUM_THREADS` to run them on more.
//!
//! `cargo bench --bench hot_paths [FILTER]` runs them; `bench/compare.sh`
//! times the whole command line against other tools.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use factlint::analysis::Project;
use factlint::base::span::FileId;
use factlint::check::{self, FileKind, InputFile, LoadedProject};
use factlint::config::Config;
use factlint::output::{self, OutputFormat};
use factlint::report::Style;
use factlint::{corpus, eval, grounding, resolve, syntax};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The generated project: its directory (kept for as long as the
/// benchmarks run) and every file's name and text, in the order a check
/// reads them.
struct Fixture {
    _dir: Option<tempfile::TempDir>,
    root: PathBuf,
    files: Vec<(String, String)>,
}

impl Fixture {
    fn new() -> Fixture {
        if let Ok(dir) = std::env::var("FACTLINT_BENCH_CORPUS") {
            let root = PathBuf::from(dir);
            let files = read_tree(&root);
            return Fixture {
                _dir: None,
                root,
                files,
            };
        }
        let claims: usize = std::env::var("FACTLINT_BENCH_CLAIMS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/generate.py");
        let status = std::process::Command::new("python3")
            .arg(&generator)
            .arg(dir.path())
            .arg(claims.to_string())
            .arg((claims / 10).to_string())
            .status()
            .expect("python3 runs bench/generate.py");
        assert!(status.success(), "bench/generate.py failed");
        let root = dir.path().to_path_buf();
        let files = read_tree(&root);
        Fixture {
            _dir: Some(dir),
            root,
            files,
        }
    }

    fn config(&self) -> Config {
        Config::default_at(&self.root)
    }

    fn inputs(&self) -> Vec<InputFile> {
        self.files
            .iter()
            .map(|(name, text)| InputFile::from_text(name, text))
            .collect()
    }

    fn texts(&self, kind: FileKind) -> Vec<&str> {
        self.files
            .iter()
            .filter(|(name, _)| FileKind::of(Path::new(name)) == Some(kind))
            .map(|(_, text)| text.as_str())
            .collect()
    }

    fn project(&self) -> Project {
        Project::in_memory(self.config(), self.files.clone())
    }
}

/// The files of `rules/`, `corpus/` and `drafts/` under `root`, sorted,
/// named relative to it.
fn read_tree(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in ["rules", "corpus", "drafts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| FileKind::of(p).is_some())
            .collect();
        names.sort();
        for path in names {
            let text = std::fs::read_to_string(&path).expect("a generated file");
            let name = path
                .strip_prefix(root)
                .expect("inside the root")
                .to_string_lossy()
                .into_owned();
            files.push((name, text));
        }
    }
    files
}

fn hot_paths(c: &mut Criterion) {
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // One thread: each figure is its stage's work, not the machine's
        // share of it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
    }
    let fixture = Fixture::new();
    let config = fixture.config();
    let claims_texts = fixture.texts(FileKind::Claims);
    let rules_texts = fixture.texts(FileKind::Rules);

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(4));

    group.bench_function("parse_claims", |b| {
        b.iter(|| {
            for (i, text) in claims_texts.iter().enumerate() {
                black_box(corpus::parse_claims_file(text, FileId(i as u32)));
            }
        })
    });
    group.bench_function("parse_rules", |b| {
        b.iter(|| {
            for (i, text) in rules_texts.iter().enumerate() {
                black_box(syntax::parse_rules(text, FileId(i as u32)));
            }
        })
    });

    let parsed: Vec<corpus::ParsedClaims> = claims_texts
        .iter()
        .enumerate()
        .map(|(i, text)| corpus::parse_claims_file(text, FileId(i as u32)))
        .collect();
    group.bench_function("build_corpus", |b| {
        b.iter_batched(
            || parsed.clone(),
            |parsed| check::build_corpus(parsed, &config),
            BatchSize::LargeInput,
        )
    });

    let loaded: LoadedProject = check::load_inputs(fixture.inputs(), &config);
    assert!(
        loaded.errors.is_empty(),
        "the generated corpus loads cleanly"
    );
    group.bench_function("quotes_and_citations", |b| {
        b.iter(|| check::quote_checks(&loaded))
    });
    group.bench_function("drafts", |b| {
        b.iter(|| grounding::check_drafts(&loaded.drafts, &loaded.corpus, &loaded.sources))
    });
    group.bench_function("resolve", |b| {
        b.iter(|| resolve::resolve_all(&loaded.rules, &loaded.corpus))
    });
    let resolved = resolve::resolve_all(&loaded.rules, &loaded.corpus);
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            for rule in &resolved {
                black_box(eval::evaluate_rule(rule, &loaded.corpus));
            }
        })
    });

    group.bench_function("check_in_memory", |b| {
        b.iter_batched(
            || fixture.project(),
            |mut project| project.check(),
            BatchSize::LargeInput,
        )
    });
    let analysis = fixture.project().check();
    for (name, format) in [
        ("render_full", OutputFormat::Full),
        ("render_json", OutputFormat::Json),
        ("render_sarif", OutputFormat::Sarif),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| output::render(&analysis, format, Style { color: false }))
        });
    }
    group.finish();
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
