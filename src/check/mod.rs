//! The `check` pipeline: find files, parse them in parallel, load the corpus,
//! resolve and evaluate every rule, and classify the outcomes.
//!
//! **`check` only reads**: nothing here writes to the checked tree. Files are
//! discovered in a fixed order (walkdir sorted by name), parsed in parallel,
//! and combined in that order, so the output does not depend on thread count.

use crate::base::fs::InputError;
use crate::base::span::{FileId, SourceMap, Span};
use crate::base::text::display_name;
use crate::config::Config;
use crate::corpus::{self, Corpus, CorpusError, ParsedClaims};
use crate::eval::{self, Outcome, RuleResult};
use crate::grounding::{self, BuiltinCheck, CITATIONS, DRAFTS, QUOTES, SOURCES};
use crate::resolve::{self, ResolvedRule};
use crate::syntax::ast::{ExpectedOutcome, RuleDecl, Severity};
use crate::syntax::{self, ParseError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What kind of file a path holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.claims`
    Claims,
    /// `.json` claims
    JsonClaims,
    /// `.rules`
    Rules,
    /// `.md`: a Markdown draft citing claims (read from `drafts` paths, or
    /// when named on the command line).
    Draft,
}

impl FileKind {
    /// The kind for a path's extension, if it is one factlint reads.
    pub fn of(path: &Path) -> Option<FileKind> {
        match path.extension()?.to_str()? {
            "claims" => Some(FileKind::Claims),
            "json" => Some(FileKind::JsonClaims),
            "rules" => Some(FileKind::Rules),
            "md" | "markdown" => Some(FileKind::Draft),
            _ => None,
        }
    }
}

/// A problem that stops the run before rules are evaluated (exit code 2).
#[derive(Clone, Debug)]
pub enum LoadError {
    /// A corpus error (syntax or content) in a claims file.
    Corpus(CorpusError),
    /// A syntax error in a rules file.
    Rules(ParseError),
    /// A path that could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file that is not UTF-8.
    InvalidUtf8 {
        /// The path.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// Its line and column (in characters), 1-based.
        line_column: (usize, usize),
    },
    /// More syntax errors in one file than are shown.
    TooManyErrors {
        /// The file.
        path: PathBuf,
        /// How many were left out.
        more: usize,
        /// Whether the file is a rules file (whose errors do not stop the
        /// other rules).
        rules: bool,
    },
    /// Nothing to check.
    NothingToCheck {
        /// Where factlint looked.
        looked_in: Vec<PathBuf>,
    },
    /// Files were read, but they hold no claim, no rule and no draft.
    NothingInFiles {
        /// How many files were read.
        files: usize,
    },
}

/// Options for a run.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Files or directories; empty means the configured `rules` and `corpus`.
    pub paths: Vec<PathBuf>,
    /// Run only rules whose id contains one of these (all when empty).
    pub filters: Vec<String>,
    /// Match filters exactly instead of as substrings.
    pub exact: bool,
    /// Unproven outcomes fail.
    pub strict: bool,
    /// Directories where sources' files may also be found (`--sources`).
    pub sources: Vec<PathBuf>,
    /// The work the closest-passage search may do per source file, when not
    /// [`crate::grounding::sources::PASSAGE_SEARCH_BUDGET`] (the command line always
    /// uses that).
    pub passage_search_budget: Option<u64>,
    /// Where the run says how far it has got, for a front end's progress bar.
    pub progress: Option<Arc<Progress>>,
}

/// The stages of a run, in order, as a progress bar names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Finding and reading the files.
    Reading,
    /// Parsing them (counted in files).
    Parsing,
    /// Building the corpus and reading the rules.
    Building,
    /// The quotes and citations checks.
    Quotes,
    /// The sources check.
    Sources,
    /// Resolving and evaluating the rules.
    Rules,
    /// Writing the report (the front end's stage).
    Rendering,
}

impl Stage {
    const ALL: [Stage; 7] = [
        Stage::Reading,
        Stage::Parsing,
        Stage::Building,
        Stage::Quotes,
        Stage::Sources,
        Stage::Rules,
        Stage::Rendering,
    ];

    /// What the stage does, for a progress bar.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Reading => "reading files",
            Stage::Parsing => "parsing",
            Stage::Building => "building the corpus",
            Stage::Quotes => "checking quotes",
            Stage::Sources => "checking sources",
            Stage::Rules => "evaluating rules",
            Stage::Rendering => "writing the report",
        }
    }
}

/// How far a run has got: its stage, and the items of it done of how many
/// (0 of 0 when the stage is not counted). Shared between the run and a
/// front end that shows it; updating it costs an atomic store.
#[derive(Debug, Default)]
pub struct Progress {
    stage: std::sync::atomic::AtomicU8,
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// The run enters `stage`, of `total` items (0: not counted).
    pub fn enter(&self, stage: Stage, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.done.store(0, Relaxed);
        self.total.store(total, Relaxed);
        self.stage.store(stage as u8, Relaxed);
    }

    /// `n` more items of the stage are done.
    pub fn advance(&self, n: usize) {
        self.done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// The stage, items done and items in all.
    pub fn now(&self) -> (Stage, usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let stage = Stage::ALL[usize::from(self.stage.load(Relaxed)).min(Stage::ALL.len() - 1)];
        (stage, self.done.load(Relaxed), self.total.load(Relaxed))
    }
}

/// `options`' progress entering `stage`, when a front end watches.
pub fn enter(options: &CheckOptions, stage: Stage, total: usize) {
    if let Some(p) = &options.progress {
        p.enter(stage, total);
    }
}

impl LoadedProject {
    /// Whether a load error keeps every rule from running: anything but a
    /// syntax error in a rules file.
    pub fn has_fatal_errors(&self) -> bool {
        self.errors.iter().any(|e| {
            !matches!(
                e,
                LoadError::Rules(_) | LoadError::TooManyErrors { rules: true, .. }
            )
        })
    }
}

/// Everything loaded for a run.
pub struct LoadedProject {
    /// Every file read.
    pub sources: SourceMap,
    /// The claims (shared with the host that keeps it while the claims
    /// files are unchanged).
    pub corpus: Arc<Corpus>,
    /// The rules, in file order (shared likewise).
    pub rules: Arc<Vec<RuleDecl>>,
    /// Problems that stop the run.
    pub errors: Vec<LoadError>,
    /// The Markdown drafts read, with the claims they cite.
    pub drafts: Vec<(FileId, Vec<crate::syntax::drafts::DraftSpan>)>,
}

/// How a rule's outcome counts in the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Passed, as expected.
    Passed,
    /// Failed (an error-severity rule, a strict unproven one, or an unmet expectation).
    Failed,
    /// A warning-severity rule that failed.
    Warned,
    /// Unproven, not strict.
    Unproven,
    /// The outcome its `expect` line announced.
    Expected,
    /// Could not be evaluated.
    Errored,
    /// A built-in check with nothing it could check (no source file at hand).
    Skipped,
    /// Every finding is recorded in the baseline (`--baseline`).
    Known,
    /// Every finding was turned `off` in `[severity]`.
    Ignored,
    /// Its findings were set to `info` in `[severity]`.
    Noted,
}

/// One rule's outcome in a run.
#[derive(Clone, Debug)]
pub struct RuleReport {
    /// Index into [`LoadedProject::rules`].
    pub rule: usize,
    /// The resolved rule.
    pub resolved: ResolvedRule,
    /// The evaluation.
    pub result: RuleResult,
    /// How it counts.
    pub verdict: Verdict,
    /// Whether unproven was turned into failure by `--strict` or the rule's `strict`.
    pub strict: bool,
}

/// The result of a run.
pub struct CheckRun {
    /// What was loaded.
    pub project: LoadedProject,
    /// Outcomes of the rules that ran, in file order (shared with the host
    /// that keeps them while the claims and rules are unchanged).
    pub reports: Arc<Vec<RuleReport>>,
    /// The built-in checks (quotes, citations, sources) and their verdicts.
    pub builtins: Vec<(BuiltinCheck, Verdict)>,
    /// Rules and built-in checks left out by the filter.
    pub filtered_out: usize,
}

impl CheckRun {
    /// Count of rules and built-in checks with `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.reports.iter().filter(|r| r.verdict == verdict).count()
            + self.builtins.iter().filter(|(_, v)| *v == verdict).count()
    }

    /// The exit code: 2 when the run could not happen, 1 on findings, 0 otherwise.
    pub fn exit_code(&self) -> i32 {
        if !self.project.errors.is_empty() {
            2
        } else if self.count(Verdict::Failed) + self.count(Verdict::Errored) > 0 {
            1
        } else {
            0
        }
    }
}

/// Lists the files under `paths` that factlint reads, in a fixed order:
/// each path in the order given, directories walked sorted by file name.
pub fn discover(paths: &[PathBuf], errors: &mut Vec<LoadError>) -> Vec<(PathBuf, FileKind)> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            match FileKind::of(path) {
                Some(kind) => files.push((path.clone(), kind)),
                None => errors.push(LoadError::Io {
                    path: path.clone(),
                    message: "not a .claims, .json, .rules or .md file".to_owned(),
                }),
            }
            continue;
        }
        if !path.exists() {
            errors.push(LoadError::Io {
                path: path.clone(),
                message: "no such file or directory".to_owned(),
            });
            continue;
        }
        if !path.is_dir() {
            errors.push(LoadError::Io {
                path: path.clone(),
                message: "not a regular file (a device, pipe or socket)".to_owned(),
            });
            continue;
        }
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    if let Some(kind) = FileKind::of(entry.path()) {
                        files.push((entry.path().to_path_buf(), kind));
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(LoadError::Io {
                    path: e.path().map_or_else(|| path.clone(), Path::to_path_buf),
                    message: e.to_string(),
                }),
            }
        }
    }
    files
}

/// The name of an input file: relative to the project (the directory of
/// factlint.toml) when it is inside it, so names, locations in machine
/// output and baseline fingerprints do not depend on where factlint runs;
/// otherwise relative to the working directory.
pub fn project_name(path: &Path, root: &Path, cwd: &Path) -> String {
    let absolute = cwd.join(path);
    let root = cwd.join(root);
    if let (Ok(real), Ok(real_root)) = (absolute.canonicalize(), root.canonicalize())
        && let Ok(inside) = real.strip_prefix(&real_root)
    {
        return display_name(inside, Path::new(""));
    }
    display_name(path, cwd)
}

/// One file parsed: what its grammar made of it. Kept by the analysis
/// host for as long as the file's text and
/// place are unchanged.
#[derive(Clone, Debug)]
pub enum Parsed {
    /// A Markdown draft's spans.
    Draft(FileId, Vec<crate::syntax::drafts::DraftSpan>),
    /// A claims file (`.claims` or `.json`).
    Claims(ParsedClaims),
    /// A rules file: the rules read and the syntax errors.
    Rules(Vec<RuleDecl>, Vec<ParseError>),
    /// A file that could not be read.
    Failed(LoadError),
}

/// Parses one file read for a run, as file `file` of the run.
pub fn parse_input(input: &InputFile, file: FileId) -> Parsed {
    match &input.text {
        Err(e) => Parsed::Failed(e.clone()),
        Ok(text) => match input.kind {
            FileKind::Claims => Parsed::Claims(corpus::parse_claims_file(text, file)),
            FileKind::JsonClaims => Parsed::Claims(corpus::parse_json_file(text, file)),
            FileKind::Rules => {
                let (rules, errors) = syntax::parse_rules(text, file);
                Parsed::Rules(rules, errors)
            }
            FileKind::Draft => Parsed::Draft(file, crate::syntax::drafts::scan(text)),
        },
    }
}

/// A file's contents, read from disk or given in memory.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// The name shown in diagnostics.
    pub name: String,
    /// The path on disk (or a made-up one for in-memory text).
    pub path: PathBuf,
    /// Which grammar reads it.
    pub kind: FileKind,
    /// Its text, or why it could not be read.
    pub text: Result<Arc<str>, LoadError>,
}

impl InputFile {
    /// An in-memory file named `name`, its kind taken from the extension.
    pub fn from_text(name: &str, text: &str) -> InputFile {
        let path = PathBuf::from(name);
        InputFile {
            name: name.to_owned(),
            kind: FileKind::of(&path).unwrap_or(FileKind::Claims),
            path,
            text: Ok(text.into()),
        }
    }
}

/// The most syntax errors shown for one file; the rest are counted.
pub const MAX_ERRORS_PER_FILE: usize = 50;

/// Reads an input file ([`crate::base::fs::read_input`]), its failure a
/// [`LoadError`] naming it.
fn read(path: &Path, limit: u64) -> Result<Arc<str>, LoadError> {
    crate::base::fs::read_input(path, limit).map_err(|e| match e {
        InputError::Io(message) => LoadError::Io {
            path: path.to_path_buf(),
            message,
        },
        InputError::InvalidUtf8 { offset } => LoadError::InvalidUtf8 {
            path: path.to_path_buf(),
            offset,
            line_column: invalid_at(path, offset),
        },
    })
}

/// The line and column of byte `offset` of the file at `path`, whose bytes
/// before it are UTF-8 (it is the first invalid one).
fn invalid_at(path: &Path, offset: usize) -> (usize, usize) {
    let bytes = std::fs::read(path).unwrap_or_default();
    let before = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    crate::base::span::line_col(&before, before.len())
}

/// The files found for a run, read, in the order they are checked, and the
/// problems met while finding them.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Each file, its text or why it could not be read.
    pub files: Vec<InputFile>,
    /// Paths that could not be walked or were refused.
    pub errors: Vec<LoadError>,
}

/// Finds and reads every file a run checks: all the I/O of loading (the
/// sources check reads the articles later).
pub fn gather(config: &Config, options: &CheckOptions, cwd: &Path) -> Inputs {
    let mut errors = Vec::new();
    let draft_roots: Vec<PathBuf> = config.drafts.iter().map(|p| config.root.join(p)).collect();
    let paths: Vec<PathBuf> = if options.paths.is_empty() {
        // `Config::missing_named` has refused a named path that is missing;
        // a default one may be.
        config
            .rules
            .iter()
            .chain(&config.corpus)
            .chain(&config.drafts)
            .map(|p| config.root.join(p))
            .filter(|p| p.symlink_metadata().is_ok())
            .collect()
    } else {
        options.paths.clone()
    };
    if paths.is_empty() {
        errors.push(LoadError::NothingToCheck {
            looked_in: config
                .rules
                .iter()
                .chain(&config.corpus)
                .map(|p| config.root.join(p))
                .collect(),
        });
    }
    for dir in &options.sources {
        if !dir.is_dir() {
            errors.push(LoadError::Io {
                path: dir.clone(),
                message: "not a directory (given with --sources)".to_owned(),
            });
        }
    }
    // `sources` in factlint.toml arrives with the pull request: it may only
    // name a directory whose real path (links followed) is inside the tree.
    let real_root = config.root.canonicalize().ok();
    for dir in &config.sources {
        let full = config.root.join(dir);
        // Fail closed: a project directory that cannot be resolved allows nothing.
        let message = match (full.canonicalize(), &real_root) {
            (_, None) => Some("cannot be checked: the project directory cannot be resolved"),
            (Ok(real), Some(root)) if !real.starts_with(root) => Some(
                "leaves the project through a link (named by `sources` in factlint.toml); name directories outside the project with `--sources DIR`",
            ),
            (Ok(real), _) if !real.is_dir() => {
                Some("not a directory (named by `sources` in factlint.toml)")
            }
            (Err(_), _) => Some("not found (named by `sources` in factlint.toml)"),
            _ => None,
        };
        if let Some(message) = message {
            errors.push(LoadError::Io {
                path: full,
                message: message.to_owned(),
            });
        }
    }
    // The tree arrives with a pull request: a path in it that leads outside
    // through a link (`corpus -> /home/runner/.docker`) is refused before
    // anything is read. A path outside the project named on the command line
    // is the operator's choice and is read.
    let real_root = cwd.join(&config.root).canonicalize().ok();
    let lexical_root = lexical(&cwd.join(&config.root));
    let paths: Vec<PathBuf> = paths
        .into_iter()
        .filter(|path| {
            let named = options.paths.contains(path);
            if named && !lexical(&cwd.join(path)).starts_with(&lexical_root) {
                return true;
            }
            let leaves = match (cwd.join(path).canonicalize(), &real_root) {
                (Ok(real), Some(root)) => !real.starts_with(root),
                (Err(_), _) => false, // reported as missing when walked
                (_, None) => true,
            };
            if leaves {
                errors.push(LoadError::Io {
                    path: path.clone(),
                    message: "leaves the project through a link; it was not read (name the real path on the command line to check it)".to_owned(),
                });
            }
            !leaves
        })
        .collect();
    let mut files = discover(&paths, &mut errors);
    // A file reached twice (a drafts path inside the corpus path, a path
    // named twice) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|(path, _)| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
    // Markdown files are drafts only under a `drafts` path or when named
    // on the command line (notes beside the corpus are not), however the
    // path is spelled.
    let real_draft_roots: Vec<PathBuf> = draft_roots
        .iter()
        .filter_map(|root| cwd.join(root).canonicalize().ok())
        .collect();
    files.retain(|(path, kind)| {
        *kind != FileKind::Draft
            || options.paths.iter().any(|p| p == path)
            || cwd
                .join(path)
                .canonicalize()
                .is_ok_and(|real| real_draft_roots.iter().any(|root| real.starts_with(root)))
    });
    // `include` and `exclude` filter what walking found; a file named on the
    // command line is always read.
    if config.include.is_some() || config.exclude.is_some() {
        files.retain(|(path, _)| {
            if options.paths.iter().any(|p| p == path) {
                return true;
            }
            // Matched against the path relative to the project however it
            // was reached (`./corpus`, from a subdirectory, ...).
            let relative = project_name(path, &config.root, cwd);
            config
                .include
                .as_ref()
                .is_none_or(|set| set.is_match(&relative))
                && config
                    .exclude
                    .as_ref()
                    .is_none_or(|set| !set.is_match(&relative))
        });
    }
    Inputs {
        files: read_inputs(&files, config, cwd),
        errors,
    }
}

/// A loaded project with the errors met while finding its files put first,
/// every error naming its file relative to the project, in order.
pub fn finish_load(
    mut project: LoadedProject,
    mut errors: Vec<LoadError>,
    config: &Config,
    cwd: &Path,
) -> LoadedProject {
    errors.append(&mut project.errors);
    project.errors = errors;
    // Files that hold nothing: as nothing to check, not a pass.
    if project.errors.is_empty()
        && project.corpus.claims.is_empty()
        && project.rules.is_empty()
        && project.drafts.is_empty()
    {
        project.errors.push(LoadError::NothingInFiles {
            files: project.sources.files().count(),
        });
    }
    // Errors name files as every other diagnostic does: relative to the
    // project, so CI logs and baselines do not carry the runner's paths.
    for error in &mut project.errors {
        if let LoadError::Io { path, .. }
        | LoadError::InvalidUtf8 { path, .. }
        | LoadError::TooManyErrors { path, .. } = error
        {
            *path = PathBuf::from(project_name(path, &config.root, cwd));
        }
    }
    sort_errors(&mut project.errors);
    project
}

/// `path` with `.` and `..` resolved by name, without following links.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads the files `discover` found, in parallel and in their order. A file
/// that has gone since (deleted, replaced by a directory) is an error of its
/// own, like any unreadable file; the others are read as usual.
fn read_inputs(files: &[(PathBuf, FileKind)], config: &Config, cwd: &Path) -> Vec<InputFile> {
    files
        .par_iter()
        .map(|(path, kind)| InputFile {
            name: project_name(path, &config.root, cwd),
            path: path.clone(),
            kind: *kind,
            text: read(path, config.max_file_size),
        })
        .collect()
}

/// Parses files already read (in parallel; results kept in input order) and
/// loads the corpus.
pub fn load_inputs(inputs: Vec<InputFile>, config: &Config) -> LoadedProject {
    let parsed: Vec<(InputFile, Parsed)> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(i, input)| {
            let parsed = parse_input(&input, FileId(i as u32));
            (input, parsed)
        })
        .collect();
    assemble(parsed, config)
}

/// Loads the corpus from files already parsed, each with the id it was
/// parsed as (its index), in order.
pub fn assemble(parsed: Vec<(InputFile, Parsed)>, config: &Config) -> LoadedProject {
    let mut inputs = Vec::with_capacity(parsed.len());
    let mut claim_files = Vec::new();
    let mut rule_files = Vec::new();
    let mut drafts = Vec::new();
    let mut failed = Vec::new();
    for (input, parsed) in parsed {
        inputs.push(input);
        match parsed {
            Parsed::Claims(c) => claim_files.push(c),
            Parsed::Rules(r, e) => rule_files.push((r, e)),
            Parsed::Draft(file, spans) => drafts.push((file, spans)),
            Parsed::Failed(e) => failed.push(e),
        }
    }
    assemble_parts(
        inputs,
        failed,
        drafts,
        build_corpus(claim_files, config),
        read_rules(rule_files),
    )
}

/// The corpus built from a project's claims files, with the problems met
/// building it: what stays true for as long as the claims files are
/// unchanged.
#[derive(Clone)]
pub struct BuiltCorpus {
    /// The corpus.
    pub corpus: Arc<Corpus>,
    /// The claims files' syntax errors and the corpus's problems.
    pub errors: Vec<LoadError>,
}

/// Builds the corpus from the claims files' parses, in file order.
pub fn build_corpus(files: Vec<ParsedClaims>, config: &Config) -> BuiltCorpus {
    let (corpus, errors) = corpus::build(files, &config.defaults);
    BuiltCorpus {
        corpus: Arc::new(corpus),
        errors: errors.into_iter().map(LoadError::Corpus).collect(),
    }
}

/// The rules of a project's rules files, with their syntax errors: what
/// stays true for as long as the rules files are unchanged.
#[derive(Clone)]
pub struct ReadRules {
    /// The rules, in file order.
    pub rules: Arc<Vec<RuleDecl>>,
    /// The rules files' syntax errors.
    pub errors: Vec<LoadError>,
}

/// Joins the rules files' parses, in file order.
pub fn read_rules(files: impl IntoIterator<Item = (Vec<RuleDecl>, Vec<ParseError>)>) -> ReadRules {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (mut r, e) in files {
        rules.append(&mut r);
        errors.extend(e.into_iter().map(LoadError::Rules));
    }
    ReadRules {
        rules: Arc::new(rules),
        errors,
    }
}

/// A loaded project from its parts: every file read (in id order), the
/// files that could not be read, the drafts, the corpus and the rules.
pub fn assemble_parts(
    inputs: Vec<InputFile>,
    failed: Vec<LoadError>,
    drafts: Vec<(FileId, Vec<crate::syntax::drafts::DraftSpan>)>,
    corpus: BuiltCorpus,
    rules: ReadRules,
) -> LoadedProject {
    let mut sources = SourceMap::new();
    for input in inputs {
        sources.add(
            input.name,
            &input.path,
            input.text.unwrap_or_else(|_| "".into()),
        );
    }
    let mut errors = failed;
    errors.extend(rules.errors);
    errors.extend(corpus.errors);
    sort_errors(&mut errors);
    let errors = cap_errors_per_file(errors, &sources);
    LoadedProject {
        sources,
        corpus: corpus.corpus,
        rules: rules.rules,
        errors,
        drafts,
    }
}

/// Keeps the first [`MAX_ERRORS_PER_FILE`] errors of each file (a file of
/// garbage would otherwise print thousands) and says how many were left out.
fn cap_errors_per_file(errors: Vec<LoadError>, sources: &SourceMap) -> Vec<LoadError> {
    let file_of = |e: &LoadError| match e {
        LoadError::Corpus(c) => Some(c.span.file),
        LoadError::Rules(r) => Some(r.span.file),
        _ => None,
    };
    let mut kept = Vec::with_capacity(errors.len().min(4 * MAX_ERRORS_PER_FILE));
    let mut counts: std::collections::BTreeMap<u32, (usize, bool)> =
        std::collections::BTreeMap::new();
    for e in errors {
        match file_of(&e) {
            Some(file) => {
                let (n, rules) = counts.entry(file.0).or_default();
                *rules = matches!(e, LoadError::Rules(_));
                *n += 1;
                if *n <= MAX_ERRORS_PER_FILE {
                    kept.push(e);
                }
            }
            None => kept.push(e),
        }
    }
    for (file, (n, rules)) in counts {
        if n > MAX_ERRORS_PER_FILE {
            kept.push(LoadError::TooManyErrors {
                path: PathBuf::from(&sources.file(FileId(file)).name),
                more: n - MAX_ERRORS_PER_FILE,
                rules,
            });
        }
    }
    kept
}

/// Orders errors by file and position, I/O errors last.
fn sort_errors(errors: &mut [LoadError]) {
    errors.sort_by_key(|e| match e {
        LoadError::Corpus(c) => (0, c.span),
        LoadError::Rules(r) => (0, r.span),
        _ => (1, Span::default()),
    });
}

/// Resolves and evaluates the rules of a loaded project, and runs the
/// built-in checks.
pub fn run_project(project: LoadedProject, config: &Config, options: &CheckOptions) -> CheckRun {
    // Syntax errors in rules files leave the corpus whole: the rules that
    // parsed still run (the exit code stays 2). Any other error stops here.
    if project.has_fatal_errors() {
        return stopped(project);
    }
    // A built-in check the filters leave out is not run.
    let mut checks = Vec::new();
    if selects(options, QUOTES) || selects(options, CITATIONS) {
        enter(options, Stage::Quotes, 0);
        checks.extend(quote_checks(&project));
    }
    if selects(options, SOURCES) {
        enter(options, Stage::Sources, 0);
        checks.push(source_check(&project, config, options));
    }
    enter(options, Stage::Rules, 0);
    let reports = Arc::new(rule_reports(&project, config, options));
    finish_run(project, checks, reports, options)
}

/// The run of a project that could not be checked: no rule ran.
pub fn stopped(project: LoadedProject) -> CheckRun {
    CheckRun {
        project,
        reports: Arc::default(),
        builtins: Vec::new(),
        filtered_out: 0,
    }
}

/// Whether the run's filters (`-k`) select the rule or built-in check `id`.
pub fn selects(options: &CheckOptions, id: &str) -> bool {
    options.filters.is_empty()
        || options.filters.iter().any(|f| {
            if options.exact {
                id == f
            } else {
                id.contains(f.as_str())
            }
        })
}

/// The quotes and citations checks, which depend on the corpus alone. The
/// citations check also holds each claim with a declared precision to it:
/// digits below it are `excess_digits`.
pub fn quote_checks(project: &LoadedProject) -> [BuiltinCheck; 2] {
    let (quotes, mut citations) =
        grounding::check_quotes_and_citations(&project.corpus, &project.sources);
    let mut declared = 0;
    for (i, claim) in project.corpus.claims.iter().enumerate() {
        let Some(precision) = &claim.written.precision else {
            continue;
        };
        declared += 1;
        if let Some(rounded) = crate::corpus::excess_digits(&claim.written) {
            citations.findings.push(grounding::Finding {
                kind: grounding::FindingKind::ExcessDigits { rounded },
                claim: Some(corpus::ClaimId(i as u32)),
                citation: None,
                span: precision.span,
            });
        }
    }
    if declared > 0 {
        // Each claim's findings together, in corpus order (a stable sort:
        // the grounding findings are in that order already).
        citations.findings.sort_by_key(|f| f.claim);
        citations
            .checked
            .push_str(&format!(", {declared} with a declared precision"));
    }
    [quotes, citations]
}

/// Where sources' files are looked for: the project's root, `--sources`,
/// then the configured `sources`.
pub fn source_roots(config: &Config, options: &CheckOptions) -> Vec<PathBuf> {
    let mut roots = vec![config.root.clone()];
    roots.extend(options.sources.iter().cloned());
    roots.extend(config.sources.iter().map(|p| config.root.join(p)));
    roots
}

/// The sources check, which depends on the corpus and on the sources'
/// files on disk.
pub fn source_check(
    project: &LoadedProject,
    config: &Config,
    options: &CheckOptions,
) -> BuiltinCheck {
    grounding::check_sources(
        &project.corpus,
        &source_roots(config, options),
        config.max_file_size,
        options
            .passage_search_budget
            .unwrap_or(crate::grounding::sources::PASSAGE_SEARCH_BUDGET),
    )
}

/// What the sources check read from disk: each distinct file a source
/// names, as found in the roots, with its length and time of change (or
/// `None` when it is not found). Equal stamps mean the check would read
/// the same files.
pub type SourceStamp = Vec<(
    String,
    Option<(PathBuf, u64, Option<std::time::SystemTime>)>,
)>;

/// The stamp of the sources' files of `corpus` (see [`SourceStamp`]).
pub fn source_stamp(corpus: &Corpus, roots: &[PathBuf]) -> SourceStamp {
    let mut names: Vec<&str> = corpus
        .sources
        .iter()
        .filter_map(|s| s.decl.file.as_ref().map(|f| f.value.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let found = match grounding::sources::resolve(name, roots) {
                grounding::sources::Resolved::Found(path) => {
                    let meta = std::fs::metadata(&path).ok();
                    Some((
                        path,
                        meta.as_ref().map_or(0, |m| m.len()),
                        meta.and_then(|m| m.modified().ok()),
                    ))
                }
                _ => None,
            };
            (name.to_owned(), found)
        })
        .collect()
}

/// Resolves every rule and evaluates those the filters select, in rule
/// order: what depends on the corpus and the rules alone.
pub fn rule_reports(
    project: &LoadedProject,
    config: &Config,
    options: &CheckOptions,
) -> Vec<RuleReport> {
    // Only the rules the filters select are resolved and evaluated.
    let resolved = resolve::resolve_selected(&project.rules, &project.corpus, |i| {
        selects(options, &project.rules[i].id.text)
    });
    let strict_all = options.strict || config.strict;
    // Each selected rule takes its resolved tree (no copy), in rule order.
    resolved
        .into_par_iter()
        .map(|(i, resolved)| {
            let result = eval::evaluate_rule(&resolved, &project.corpus);
            let rule = &project.rules[i];
            let strict = strict_all || rule.strict.is_some();
            let verdict = verdict(rule, result.outcome, strict);
            RuleReport {
                rule: i,
                resolved,
                result,
                verdict,
                strict,
            }
        })
        .collect()
}

/// The run from its parts: the corpus-wide built-in checks (quotes,
/// citations, sources, in that order; those the filters leave out may be
/// left out or given) and the selected rules' reports. The drafts check
/// runs here when selected, the filters leave out the built-in checks they
/// do not select (counted with the rules left out), and each check gets its
/// verdict.
pub fn finish_run(
    project: LoadedProject,
    checks: Vec<BuiltinCheck>,
    reports: Arc<Vec<RuleReport>>,
    options: &CheckOptions,
) -> CheckRun {
    let has_drafts = !project.drafts.is_empty();
    let names = [QUOTES, CITATIONS, SOURCES, DRAFTS];
    let left_out = names[..if has_drafts { 4 } else { 3 }]
        .iter()
        .filter(|name| !selects(options, name))
        .count();
    let filtered_out = project.rules.len() - reports.len() + left_out;
    let drafts = if selects(options, DRAFTS) {
        grounding::check_drafts(&project.drafts, &project.corpus, &project.sources)
    } else {
        None
    };
    let mut builtins = Vec::new();
    for check in checks.into_iter().chain(drafts) {
        if !selects(options, check.name) {
            continue;
        }
        let verdict = if check.findings.iter().any(|f| !f.kind.is_warning()) {
            Verdict::Failed
        } else if !check.findings.is_empty() {
            Verdict::Warned
        } else if !check.ran {
            Verdict::Skipped
        } else {
            Verdict::Passed
        };
        builtins.push((check, verdict));
    }
    CheckRun {
        project,
        reports,
        builtins,
        filtered_out,
    }
}

/// How an outcome counts, given the rule's expectation, severity and strictness.
pub fn verdict(rule: &RuleDecl, outcome: Outcome, strict: bool) -> Verdict {
    if outcome == Outcome::Error {
        return Verdict::Errored;
    }
    if let Some(expect) = &rule.expect {
        let expected = match expect.outcome {
            ExpectedOutcome::Fail => Outcome::Fail,
            ExpectedOutcome::Unproven => Outcome::Unproven,
        };
        return if outcome == expected {
            Verdict::Expected
        } else {
            Verdict::Failed
        };
    }
    let warning = matches!(rule.severity, Some((Severity::Warning, _)));
    match outcome {
        Outcome::Pass => Verdict::Passed,
        Outcome::Unproven if !strict => Verdict::Unproven,
        Outcome::Unproven | Outcome::Fail if warning => Verdict::Warned,
        _ => Verdict::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file deleted between discovery and reading (another process, a
    /// checkout switching branches) is reported by name; the rest still load.
    #[test]
    fn a_file_deleted_during_the_run_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        std::fs::write(corpus.join("a.claims"), "claim a = 1B USD\n").expect("write");
        std::fs::write(corpus.join("b.claims"), "claim b = 2B USD\n").expect("write");
        let mut errors = Vec::new();
        let files = discover(std::slice::from_ref(&corpus), &mut errors);
        assert_eq!(files.len(), 2);
        assert!(errors.is_empty());
        std::fs::remove_file(corpus.join("a.claims")).expect("delete");
        // And one replaced by a directory of the same name.
        std::fs::remove_file(corpus.join("b.claims")).expect("delete");
        std::fs::create_dir(corpus.join("b.claims")).expect("mkdir");
        let config = Config::default_at(dir.path());
        let project = load_inputs(read_inputs(&files, &config, dir.path()), &config);
        let messages: Vec<String> = project
            .errors
            .iter()
            .map(|e| match e {
                LoadError::Io { path, message } => format!("{}: {message}", path.display()),
                other => panic!("unexpected error {other:?}"),
            })
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("a.claims"), "{messages:?}");
        assert!(
            messages[1].contains("b.claims: is a directory"),
            "{messages:?}"
        );
    }
}
