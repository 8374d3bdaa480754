//! The library API every front end calls: a [`Project`] you set files on,
//! and the [`Analysis`] a check of it gives.
//!
//! A project is opened from a directory (finding `factlint.toml` as the
//! command line does) or built from a configuration and texts held in
//! memory; an editor then replaces or removes one file's text, as it holds
//! an unsaved buffer, and checks again. Each file's parse is kept with the
//! text it was parsed from, so checking again re-parses only the files whose
//! text (or place in the run) changed. What a check derives is kept with
//! what it was derived from: the corpus while the claims files' parses are
//! unchanged, the rules while the rules files' are, the quotes and
//! citations checks while the corpus is, the sources check while the corpus
//! and the sources' files on disk are, and the rules' outcomes while the
//! corpus and the rules are. An edit of a draft re-parses and re-checks the
//! draft alone; an edit of a claim rebuilds the corpus and re-evaluates
//! every rule, which is what a changed claim needs.
//!
//! An analysis is a pure function of the files' texts, the configuration
//! and the policy: it holds everything `factlint check` knows (every rule
//! with its verdict and its computed intervals, the built-in checks, every
//! finding with its places, the counts and the exit code), as data
//! ([`data`]). The command line, and every front end to come, render what
//! it holds and re-derive nothing.
//!
//! ```
//! use factlint::analysis::Project;
//! use factlint::config::Config;
//!
//! let claims = |revenue: &str| {
//!     format!(
//!         "source news {{ outlet \"A newspaper\" }}\n\
//!          claim revenue = {revenue} USD {{ cite news \"a revenue of {revenue} dollars\" }}\n\
//!          claim spend = more than 14B USD {{ cite news \"more than 14B dollars\" }}\n"
//!     )
//! };
//! let rules = "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n";
//! let mut project = Project::in_memory(
//!     Config::default_at(std::path::Path::new(".")),
//!     [("corpus/a.claims", claims("13B")), ("rules/a.rules", rules.to_owned())],
//! );
//! let analysis = project.check();
//! assert_eq!(analysis.outcome("under").expect("the rule ran").verdict, "passed");
//! assert_eq!(analysis.exit_code(), 0);
//!
//! // The writer changes a figure in the unsaved buffer: the rule flips, and
//! // only the changed file is parsed again.
//! project.set_file("corpus/a.claims", claims("16B"))?;
//! let analysis = project.check();
//! assert_eq!(analysis.outcome("under").expect("the rule ran").verdict, "failed");
//! assert_eq!(analysis.exit_code(), 1);
//! assert_eq!(project.parse_count(), 3);
//! # Ok::<(), factlint::analysis::NotAFactlintFile>(())
//! ```

pub mod data;

use crate::base::span::{FileId, SourceMap};
use crate::check::{
    self, BuiltCorpus, CheckOptions, CheckRun, FileKind, InputFile, LoadError, Parsed, ReadRules,
    RuleReport, SourceStamp,
};
use crate::config::{Config, ConfigError};
use crate::corpus::Corpus;
use crate::grounding::BuiltinCheck;
use crate::present::{self, BaselineEntry, Policy, Presented};
use crate::syntax::ast::RuleDecl;
use data::{Finding, Outcome, OutcomeDetail, Summary};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A set of files to check, with their configuration: the host an editor
/// changes and checks again, and the command line opens once.
///
/// Files are checked in the order they were added; [`Project::open`] and
/// [`Project::load`] add them in the order the command line walks them
/// (each configured path in turn, directories sorted by name), so an
/// analysis of an opened project is the command line's, byte for byte.
pub struct Project {
    config: Config,
    options: CheckOptions,
    policy: Policy,
    cwd: PathBuf,
    files: Vec<ProjectFile>,
    /// Problems met while finding the files (paths that could not be walked
    /// or were refused), reported first, as the command line does.
    walk_errors: Vec<LoadError>,
    parses: usize,
    stages: Stages,
}

/// One file of a project, and its parse while it is current.
struct ProjectFile {
    input: InputFile,
    /// The parse of `input`'s text, made as the file of this id (spans carry
    /// the id, so a file that moved in the order is parsed again), with its
    /// number among the project's parses.
    parsed: Option<(FileId, u64, Parsed)>,
}

/// Each file's place and parse number: what a stage derived from a kind of
/// file was derived from.
type StageKey = Vec<(usize, u64)>;

/// What the last check derived, each part with what it was derived from
/// (see the module's documentation).
#[derive(Default)]
struct Stages {
    corpus: Option<(StageKey, BuiltCorpus)>,
    rules: Option<(StageKey, ReadRules)>,
    quotes: Option<(Arc<Corpus>, Vec<BuiltinCheck>)>,
    sources: Option<(Arc<Corpus>, SourceStamp, BuiltinCheck)>,
    reports: Option<ReportsStage>,
}

/// The rules' outcomes, with the corpus and rules they were evaluated on.
type ReportsStage = (Arc<Corpus>, Arc<Vec<RuleDecl>>, Arc<Vec<RuleReport>>);

/// A path whose extension is not one factlint reads (`.claims`, `.json`,
/// `.rules`, `.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAFactlintFile(pub PathBuf);

impl std::fmt::Display for NotAFactlintFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: not a .claims, .json, .rules or .md file",
            self.0.display()
        )
    }
}

impl std::error::Error for NotAFactlintFile {}

impl Project {
    /// Opens the project `dir` is in: finds `factlint.toml` in `dir` or the
    /// nearest directory above it (the defaults at `dir` when there is none),
    /// then finds and reads every file it names, as `factlint check` run in
    /// `dir` does.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = tempfile::tempdir()?;
    /// std::fs::create_dir_all(dir.path().join("corpus"))?;
    /// std::fs::create_dir_all(dir.path().join("rules"))?;
    /// std::fs::write(
    ///     dir.path().join("corpus/a.claims"),
    ///     "source s { outlet \"x\" }\nclaim a = 2B USD { cite s \"2B dollars\" }\n",
    /// )?;
    /// std::fs::write(dir.path().join("rules/a.rules"), "rule positive {\n  assert a > 0 USD\n}\n")?;
    ///
    /// let analysis = factlint::analysis::Project::open(dir.path())?.into_analysis();
    /// assert_eq!(analysis.summary().passed, 4); // the rule and the three built-in checks
    /// assert_eq!(analysis.exit_code(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn open(dir: &Path) -> Result<Project, ConfigError> {
        let config = Config::discover(dir)?;
        if let Some(e) = config.missing_named() {
            return Err(e);
        }
        Ok(Project::load(config, CheckOptions::default(), dir))
    }

    /// Finds and reads the files `config` and `options` name (the paths of
    /// `options`, else the configured `rules`, `corpus` and `drafts`), with
    /// names relative to the project however `cwd` reaches it. The policy is
    /// the configuration's `[severity]`.
    pub fn load(config: Config, options: CheckOptions, cwd: &Path) -> Project {
        check::enter(&options, check::Stage::Reading, 0);
        let inputs = check::gather(&config, &options, cwd);
        Project {
            policy: Policy {
                overrides: config.severity.clone(),
                ..Policy::default()
            },
            config,
            options,
            cwd: cwd.to_path_buf(),
            files: inputs
                .files
                .into_iter()
                .map(|input| ProjectFile {
                    input,
                    parsed: None,
                })
                .collect(),
            walk_errors: inputs.errors,
            parses: 0,
            stages: Stages::default(),
        }
    }

    /// A project of texts held in memory, each with its path (its kind comes
    /// from the extension; a path of another kind is left out), checked in
    /// the order given. Paths are relative to the configuration's root, and
    /// source files the claims name are looked for on disk under it.
    pub fn in_memory<P, T>(config: Config, files: impl IntoIterator<Item = (P, T)>) -> Project
    where
        P: Into<PathBuf>,
        T: Into<Arc<str>>,
    {
        let cwd = config.root.clone();
        let mut project = Project {
            policy: Policy {
                overrides: config.severity.clone(),
                ..Policy::default()
            },
            config,
            options: CheckOptions::default(),
            cwd,
            files: Vec::new(),
            walk_errors: Vec::new(),
            parses: 0,
            stages: Stages::default(),
        };
        for (path, text) in files {
            // Only a path of another kind fails, and it is left out.
            let _ = project.set_file(path, text);
        }
        project
    }

    /// Sets the text of the file at `path`, as an editor does with an
    /// unsaved buffer: replaces the text of the file of that path (or name)
    /// in place, or adds the file after the others. Its parse is kept if the
    /// text is unchanged. Returns the kind the file is read as.
    pub fn set_file(
        &mut self,
        path: impl Into<PathBuf>,
        text: impl Into<Arc<str>>,
    ) -> Result<FileKind, NotAFactlintFile> {
        let path = path.into();
        let Some(kind) = FileKind::of(&path) else {
            return Err(NotAFactlintFile(path));
        };
        let text: Arc<str> = text.into();
        let name = check::project_name(&path, &self.config.root, &self.cwd);
        match self.position(&path, &name) {
            Some(i) => {
                let file = &mut self.files[i];
                let same = matches!(&file.input.text, Ok(old) if **old == *text);
                file.input.text = Ok(text);
                file.input.kind = kind;
                if !same {
                    file.parsed = None;
                }
            }
            None => self.files.push(ProjectFile {
                input: InputFile {
                    name,
                    path,
                    kind,
                    text: Ok(text),
                },
                parsed: None,
            }),
        }
        Ok(kind)
    }

    /// Removes the file at `path` (by path or name); whether there was one.
    pub fn remove_file(&mut self, path: impl AsRef<Path>) -> bool {
        let path = path.as_ref();
        let name = check::project_name(path, &self.config.root, &self.cwd);
        match self.position(path, &name) {
            Some(i) => {
                self.files.remove(i);
                true
            }
            None => false,
        }
    }

    fn position(&self, path: &Path, name: &str) -> Option<usize> {
        self.files
            .iter()
            .position(|f| f.input.path == path || f.input.name == name)
    }

    /// The files, in the order they are checked: each one's name (as
    /// diagnostics show it), path and kind.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Path, FileKind)> {
        self.files
            .iter()
            .map(|f| (f.input.name.as_str(), f.input.path.as_path(), f.input.kind))
    }

    /// The text of the file at `path` (by path or name), when it was read.
    pub fn text(&self, path: impl AsRef<Path>) -> Option<&Arc<str>> {
        let path = path.as_ref();
        let name = check::project_name(path, &self.config.root, &self.cwd);
        let i = self.position(path, &name)?;
        self.files[i].input.text.as_ref().ok()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The run's options (`-k`, `--strict`, `--sources`...). Their `paths`
    /// only matter to [`Project::load`].
    pub fn options(&self) -> &CheckOptions {
        &self.options
    }

    /// Replaces the run's options.
    pub fn set_options(&mut self, options: CheckOptions) {
        self.options = options;
        // The sources check and the rules' outcomes depend on them.
        self.stages.sources = None;
        self.stages.reports = None;
    }

    /// The policy the analysis is presented under.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Replaces the policy (`[severity]` levels, `--deny warnings`, a
    /// baseline).
    pub fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    /// How many times a file was parsed since the project was made: a check
    /// parses only the files whose text or place changed since the last.
    pub fn parse_count(&self) -> usize {
        self.parses
    }

    /// Checks the project. Files whose parse is current are not parsed
    /// again, and what was derived from unchanged files is not derived
    /// again (see the module's documentation).
    pub fn check(&mut self) -> Analysis {
        let stale: Vec<usize> = (0..self.files.len())
            .filter(|&i| !matches!(&self.files[i].parsed, Some((id, _, _)) if id.0 as usize == i))
            .collect();
        let fresh: Vec<(usize, Parsed)> = stale
            .par_iter()
            .map(|&i| {
                (
                    i,
                    check::parse_input(&self.files[i].input, FileId(i as u32)),
                )
            })
            .collect();
        for (i, parsed) in fresh {
            self.parses += 1;
            self.files[i].parsed = Some((FileId(i as u32), self.parses as u64, parsed));
        }
        let key = |kind: fn(&Parsed) -> bool| -> StageKey {
            self.files
                .iter()
                .enumerate()
                .filter_map(|(i, f)| match &f.parsed {
                    Some((_, n, parsed)) if kind(parsed) => Some((i, *n)),
                    _ => None,
                })
                .collect()
        };
        let claims_key = key(|p| matches!(p, Parsed::Claims(_)));
        let rules_key = key(|p| matches!(p, Parsed::Rules(..)));
        let parses = || {
            self.files
                .iter()
                .filter_map(|f| f.parsed.as_ref().map(|p| &p.2))
        };
        let corpus = match &self.stages.corpus {
            Some((k, built)) if *k == claims_key => built.clone(),
            _ => {
                let files = parses()
                    .filter_map(|p| match p {
                        Parsed::Claims(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect();
                let built = check::build_corpus(files, &self.config);
                self.stages.corpus = Some((claims_key, built.clone()));
                built
            }
        };
        let rules = match &self.stages.rules {
            Some((k, read)) if *k == rules_key => read.clone(),
            _ => {
                let read = check::read_rules(parses().filter_map(|p| match p {
                    Parsed::Rules(r, e) => Some((r.clone(), e.clone())),
                    _ => None,
                }));
                self.stages.rules = Some((rules_key, read.clone()));
                read
            }
        };
        let mut failed = Vec::new();
        let mut drafts = Vec::new();
        for parsed in parses() {
            match parsed {
                Parsed::Failed(e) => failed.push(e.clone()),
                Parsed::Draft(file, spans) => drafts.push((*file, spans.clone())),
                _ => {}
            }
        }
        let inputs = self
            .files
            .iter()
            .filter(|f| f.parsed.is_some())
            .map(|f| f.input.clone())
            .collect::<Vec<_>>();
        let mut walk_errors = self.walk_errors.clone();
        // Nothing was found to check when the project was loaded; files set
        // since are something.
        if !inputs.is_empty() {
            walk_errors.retain(|e| !matches!(e, LoadError::NothingToCheck { .. }));
        }
        let loaded = check::finish_load(
            check::assemble_parts(inputs, failed, drafts, corpus, rules),
            walk_errors,
            &self.config,
            &self.cwd,
        );
        if loaded.has_fatal_errors() {
            return Analysis::new(check::stopped(loaded), &self.policy);
        }
        let stages = &mut self.stages;
        let mut checks = match &stages.quotes {
            Some((corpus, checks)) if Arc::ptr_eq(corpus, &loaded.corpus) => checks.clone(),
            _ => {
                let checks = check::quote_checks(&loaded).to_vec();
                stages.quotes = Some((loaded.corpus.clone(), checks.clone()));
                checks
            }
        };
        let roots = check::source_roots(&self.config, &self.options);
        let stamp = check::source_stamp(&loaded.corpus, &roots);
        checks.push(match &stages.sources {
            Some((corpus, s, check)) if Arc::ptr_eq(corpus, &loaded.corpus) && *s == stamp => {
                check.clone()
            }
            _ => {
                let check = check::source_check(&loaded, &self.config, &self.options);
                stages.sources = Some((loaded.corpus.clone(), stamp, check.clone()));
                check
            }
        });
        let reports = match &stages.reports {
            Some((corpus, rules, reports))
                if Arc::ptr_eq(corpus, &loaded.corpus) && Arc::ptr_eq(rules, &loaded.rules) =>
            {
                reports.clone()
            }
            _ => {
                let reports = Arc::new(check::rule_reports(&loaded, &self.config, &self.options));
                stages.reports =
                    Some((loaded.corpus.clone(), loaded.rules.clone(), reports.clone()));
                reports
            }
        };
        let run = check::finish_run(loaded, checks, reports, &self.options);
        Analysis::new(run, &self.policy)
    }

    /// Checks the project once, consuming it: what the command line does,
    /// without keeping (or copying) the parses for a next check.
    pub fn into_analysis(mut self) -> Analysis {
        let files = std::mem::take(&mut self.files);
        check::enter(&self.options, check::Stage::Parsing, files.len());
        let progress = self.options.progress.clone();
        let parsed: Vec<(InputFile, Parsed)> = files
            .into_par_iter()
            .enumerate()
            .map(|(i, file)| {
                let done = match file.parsed {
                    Some((id, _, parsed)) if id.0 as usize == i => (file.input, parsed),
                    _ => {
                        let parsed = check::parse_input(&file.input, FileId(i as u32));
                        (file.input, parsed)
                    }
                };
                if let Some(p) = &progress {
                    p.advance(1);
                }
                done
            })
            .collect();
        let walk_errors = std::mem::take(&mut self.walk_errors);
        self.analyse(parsed, walk_errors)
    }

    fn analyse(
        &self,
        parsed: Vec<(InputFile, Parsed)>,
        mut walk_errors: Vec<LoadError>,
    ) -> Analysis {
        // Nothing was found to check when the project was loaded; files set
        // since are something.
        if !parsed.is_empty() {
            walk_errors.retain(|e| !matches!(e, LoadError::NothingToCheck { .. }));
        }
        check::enter(&self.options, check::Stage::Building, 0);
        let loaded = check::finish_load(
            check::assemble(parsed, &self.config),
            walk_errors,
            &self.config,
            &self.cwd,
        );
        let run = check::run_project(loaded, &self.config, &self.options);
        Analysis::new(run, &self.policy)
    }
}

/// Everything a check found, as data: read by every front end.
///
/// Serialised, it is the `json` output format's document: the summary,
/// every rule's and built-in check's outcome (with each rule's computed
/// intervals), every finding, and the baseline entries that are gone.
///
/// ```
/// use factlint::analysis::{Project, data::OutcomeDetail};
/// use factlint::config::Config;
///
/// let analysis = Project::in_memory(
///     Config::default_at(std::path::Path::new(".")),
///     [
///         ("a.claims", "source s { outlet \"x\" }\nclaim a = 13.0B USD { cite s \"13.0B dollars\" }\n"),
///         ("a.rules", "rule small {\n  assert a < 20B USD\n}\n"),
///     ],
/// )
/// .into_analysis();
/// let rule = analysis.outcome("small").expect("the rule ran");
/// let OutcomeDetail::Rule(detail) = &rule.detail else { unreachable!() };
/// let lhs = &detail.assertions[0].comparisons[0].lhs.interval;
/// assert_eq!(lhs.shown, "[12.95B, 13.05B] USD");
/// let low = lhs.low.as_ref().expect("bounded below");
/// assert_eq!((low.value.as_str(), low.closed), ("12950000000", true));
///
/// // The same analysis, as the `json` output format prints it.
/// let json = serde_json::to_value(&analysis).expect("serialisable");
/// assert_eq!(json["outcomes"][0]["verdict"], "passed");
/// ```
pub struct Analysis {
    run: CheckRun,
    presented: Presented,
}

impl Analysis {
    /// The analysis of a run under `policy`.
    pub fn new(run: CheckRun, policy: &Policy) -> Analysis {
        let presented = present::present(&run, policy);
        Analysis { run, presented }
    }

    /// The run: loaded files, corpus, rules, resolved trees and evaluations.
    pub fn run(&self) -> &CheckRun {
        &self.run
    }

    /// The findings under the policy, as miette reports, with the verdicts
    /// the policy gives each rule and check.
    pub fn presented(&self) -> &Presented {
        &self.presented
    }

    /// Every file read, by the ids spans carry.
    pub fn sources(&self) -> &SourceMap {
        &self.run.project.sources
    }

    /// 0 when everything is as expected, 1 on findings that gate, 2 when the
    /// input could not be checked.
    pub fn exit_code(&self) -> i32 {
        self.presented.exit_code
    }

    /// Whether the input could not be checked at all (no rule ran): a
    /// syntax error in a claims file, a corpus or I/O error.
    pub fn could_not_check(&self) -> bool {
        self.run.project.has_fatal_errors()
    }

    /// The counts under the policy.
    pub fn summary(&self) -> Summary {
        data::summary(&self.run, &self.presented)
    }

    /// Every rule's and built-in check's outcome, rules first in file order.
    pub fn outcomes(&self) -> Vec<Outcome> {
        data::outcomes(&self.run, &self.presented)
    }

    /// The outcome of the first rule with the id `id` (or of the built-in
    /// check `check:NAME`).
    pub fn outcome(&self, id: &str) -> Option<Outcome> {
        self.outcomes().into_iter().find(|o| o.id == id)
    }

    /// The rules' outcomes only.
    pub fn rules(&self) -> Vec<Outcome> {
        self.outcomes()
            .into_iter()
            .filter(|o| matches!(o.detail, OutcomeDetail::Rule(_)))
            .collect()
    }

    /// Every finding shown, in report order.
    pub fn findings(&self) -> Vec<Finding> {
        data::findings(&self.run, &self.presented)
    }

    /// Baseline entries that no longer occur.
    pub fn baseline_gone(&self) -> &[BaselineEntry] {
        &self.presented.gone
    }

    /// The document the `json` format prints, with `findings` (as
    /// [`Analysis::findings`] gives them) computed once by the caller.
    pub fn document<'a>(&'a self, findings: &'a [Finding]) -> Document<'a> {
        Document {
            tool: "factlint",
            version: env!("CARGO_PKG_VERSION"),
            summary: self.summary(),
            outcomes: self.outcomes(),
            findings,
            baseline_gone: &self.presented.gone,
        }
    }
}

/// The serialised analysis: the `json` output format.
#[derive(Serialize)]
pub struct Document<'a> {
    /// Always `factlint`.
    pub tool: &'static str,
    /// The version of factlint that wrote it.
    pub version: &'static str,
    /// The counts and the exit code.
    pub summary: Summary,
    /// Every rule's and built-in check's outcome.
    pub outcomes: Vec<Outcome>,
    /// Every finding shown.
    pub findings: &'a [Finding],
    /// Baseline entries that no longer occur.
    pub baseline_gone: &'a [BaselineEntry],
}

impl Serialize for Analysis {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let findings = self.findings();
        self.document(&findings).serialize(serializer)
    }
}
