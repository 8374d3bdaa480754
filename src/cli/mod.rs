//! The command line: argument parsing and the `check` command's driver.

use crate::analysis::Project;
use crate::check::{CheckOptions, FileKind};
use crate::config::Config;
use crate::report::{self, Report, Style};
use crate::snapshot::{Change, Snapshot};
use clap::{Parser, Subcommand, ValueEnum};
use miette::{LabeledSpan, Severity};
use std::io::{IsTerminal, Write};
use std::sync::Arc;

mod progress;
use std::path::PathBuf;

/// Checks numeric claims for consistency the way a test runner checks code.
#[derive(Debug, Parser)]
#[command(name = "factlint", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice, as in cargo and ripgrep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every rule over the corpus and report findings.
    Check(CheckArgs),
    /// List every number mention in texts: value, unit guess, span, precision.
    Extract(ExtractArgs),
    /// Start a project: factlint.toml, rules/ and corpus/ with a commented example each.
    Init(InitArgs),
    /// Record every rule's outcome in the snapshot file, or show how a run differs from it.
    Snapshot(SnapshotArgs),
    /// Show how one rule was decided: a tree of its intervals, a picture, and what would make it pass.
    Explain(ExplainArgs),
    /// Lay out .rules and .claims files the canonical way (or, with --check, show what would change).
    Fmt(FmtArgs),
    /// Run the language server over standard input and output (for editors).
    Lsp,
    /// Write the results as one self-contained HTML page, DIR/index.html.
    Report(ReportArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or with DIR write one page per command there.
    Man(ManArgs),
}

/// Arguments of `factlint man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `factlint.1` and a `factlint-COMMAND.1` for every command into DIR (created if missing).
    pub dir: Option<PathBuf>,
}

/// Arguments of `factlint init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to create the project (default: the current directory).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Arguments of `factlint completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `factlint extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Text files to read (UTF-8).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Table)]
    pub format: ExtractFormat,
    /// Print claim stubs, ready to paste into a `.claims` file.
    #[arg(long, conflicts_with = "format")]
    pub claims: bool,
    /// The source id the stubs cite.
    #[arg(long, value_name = "ID", default_value = "SOURCE", requires = "claims")]
    pub source: String,
}

/// Output formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One line per mention: location, value, unit, precision, text.
    Table,
    /// A JSON array of mentions.
    Json,
}

/// Arguments of `factlint check`.
#[derive(Clone, Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the configured `rules`, `corpus` and `drafts` directories).
    pub paths: Vec<PathBuf>,
    /// Run only rules whose id contains NAME (repeatable), like `cargo test NAME`.
    #[arg(short = 'k', long = "filter", value_name = "NAME")]
    pub filters: Vec<String>,
    /// Match `--filter` names exactly.
    #[arg(long)]
    pub exact: bool,
    /// Treat unproven rules as failures.
    #[arg(long)]
    pub strict: bool,
    /// Also look for sources' files in DIR (repeatable); quotes are checked against them.
    #[arg(long = "sources", value_name = "DIR")]
    pub sources: Vec<PathBuf>,
    /// How to print the results (default: `output-format` in factlint.toml, else full).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Option<crate::output::OutputFormat>,
    /// Write the results to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Make warnings gate too (exit 1), as `--deny warnings`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,
    /// Report only findings not recorded in this baseline file, and those recorded that are gone.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (atomically) as the baseline, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output_file", "output_format"])]
    pub write_baseline: Option<PathBuf>,
    /// Use this configuration file instead of looking for factlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also compare every outcome with the snapshot file (`snapshot` in factlint.toml, else factlint.snap); any change exits 1.
    #[arg(long, conflicts_with = "write_baseline")]
    pub snapshot: bool,
    /// Check again whenever a file of the project changes (clearing a terminal first), until interrupted.
    #[arg(long, conflicts_with = "write_baseline")]
    pub watch: bool,
}

/// Arguments of `factlint snapshot`.
#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// Files or directories to check (default: the configured ones).
    pub paths: Vec<PathBuf>,
    /// Snapshot only rules whose id contains NAME (repeatable).
    #[arg(short = 'k', long = "filter", value_name = "NAME")]
    pub filters: Vec<String>,
    /// Match `--filter` names exactly.
    #[arg(long)]
    pub exact: bool,
    /// Treat unproven rules as failures.
    #[arg(long)]
    pub strict: bool,
    /// Also look for sources' files in DIR (repeatable).
    #[arg(long = "sources", value_name = "DIR")]
    pub sources: Vec<PathBuf>,
    /// Use this configuration file instead of looking for factlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Record every change (new, changed and removed entries) in the snapshot file.
    #[arg(long, conflicts_with = "review")]
    pub accept: bool,
    /// Go through the changes one by one: accept, reject or skip each (answers read from standard input).
    #[arg(long)]
    pub review: bool,
}

/// Arguments of `factlint fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or directories to format (default: the configured `rules` and `corpus` directories).
    pub paths: Vec<PathBuf>,
    /// Write nothing: print a diff of what would change, and exit 1 if anything would.
    #[arg(long)]
    pub check: bool,
    /// Use this configuration file instead of looking for factlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `factlint explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule's id.
    pub rule: String,
    /// Files or directories to read (default: the configured ones).
    pub paths: Vec<PathBuf>,
    /// Treat unproven rules as failures.
    #[arg(long)]
    pub strict: bool,
    /// Use this configuration file instead of looking for factlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How to print the explanation.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

/// Formats of `factlint explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// The tree, the picture and the fixes, for a terminal.
    Text,
    /// The same as data (one JSON document).
    Json,
}

/// Which files to check and how: the selection and configuration flags
/// `report` takes, as `check` spells them. (`check` and `snapshot` keep
/// their own copies: flattening this into them would move `--config` in
/// `check --help` and change the wording of `snapshot --help`.)
#[derive(Debug, clap::Args)]
pub struct ProjectArgs {
    /// Files or directories to check (default: the configured `rules`, `corpus` and `drafts` directories).
    pub paths: Vec<PathBuf>,
    /// Run only rules whose id contains NAME (repeatable), like `cargo test NAME`.
    #[arg(short = 'k', long = "filter", value_name = "NAME")]
    pub filters: Vec<String>,
    /// Match `--filter` names exactly.
    #[arg(long)]
    pub exact: bool,
    /// Treat unproven rules as failures.
    #[arg(long)]
    pub strict: bool,
    /// Also look for sources' files in DIR (repeatable); quotes are checked against them.
    #[arg(long = "sources", value_name = "DIR")]
    pub sources: Vec<PathBuf>,
    /// Use this configuration file instead of looking for factlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl ProjectArgs {
    /// The project these arguments name, loaded from `cwd` as `check`
    /// loads it; an invalid configuration is reported on stderr, and the
    /// exit code returned.
    fn load(self, cwd: &std::path::Path, style: Style) -> Result<Project, i32> {
        let config = config_for(self.config.as_deref(), self.paths.is_empty(), cwd, style)?;
        let options = CheckOptions {
            paths: self.paths,
            filters: self.filters,
            exact: self.exact,
            strict: self.strict,
            sources: self.sources,
            passage_search_budget: None,
            progress: None,
        };
        Ok(Project::load(config, options, cwd))
    }
}

/// Arguments of `factlint report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Write the page to DIR/index.html (atomically; DIR is created if missing).
    #[arg(long, value_name = "DIR")]
    pub html: PathBuf,
    /// What to check.
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Levels `--deny` can make gating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Warnings fail the run, like errors.
    Warnings,
}

/// Whether to colour the report: `--color always|never` decide; `auto`
/// colours a terminal unless `NO_COLOR` is set to a non-empty value
/// (<https://no-color.org>).
fn use_color(choice: ColorChoice, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// Runs the command line and returns the exit code.
pub fn main_with(cli: Cli) -> i32 {
    let color = use_color(
        cli.color,
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stdout().is_terminal(),
    );
    match cli.command {
        Command::Check(args) if args.watch => run_watch(args, Style { color }),
        Command::Check(args) => run_check(args, Style { color }),
        Command::Snapshot(args) => run_snapshot(args, Style { color }),
        Command::Explain(args) => run_explain(args, Style { color }),
        Command::Lsp => crate::lsp::run_stdio(),
        Command::Fmt(args) => run_fmt(args, Style { color }),
        Command::Report(args) => run_report(args, Style { color }),
        Command::Extract(args) => run_extract(args),
        Command::Init(args) => run_init(&args.dir),
        Command::Completions(args) => {
            use clap::CommandFactory as _;
            let mut command = Cli::command();
            clap_complete::generate(args.shell, &mut command, "factlint", &mut std::io::stdout());
            0
        }
        Command::Man(args) => run_man(args.dir.as_deref()),
    }
}

/// The files `factlint init` writes, relative to the project directory.
const INIT_FILES: &[(&str, &str)] = &[
    ("factlint.toml", include_str!("init/factlint.toml")),
    ("rules/example.rules", include_str!("init/example.rules")),
    ("corpus/example.claims", include_str!("init/example.claims")),
];

fn run_init(dir: &std::path::Path) -> i32 {
    // `symlink_metadata`: a dangling link is something the user made, too.
    let existing: Vec<String> = INIT_FILES
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: not initialising: {} already {}; nothing was written",
            existing.join(", "),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            }
        );
        return 2;
    }
    // All or nothing: a file that cannot be written removes those written
    // before it (each is new: none existed above).
    let mut created: Vec<std::path::PathBuf> = Vec::new();
    let mut made_dirs: Vec<std::path::PathBuf> = Vec::new();
    for (name, text) in INIT_FILES {
        let path = dir.join(name);
        // The directories this file needs that do not exist yet, outermost
        // first (the order they are made in).
        let mut missing: Vec<std::path::PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|a| !a.as_os_str().is_empty() && a.symlink_metadata().is_err())
            .map(std::path::Path::to_path_buf)
            .collect();
        missing.reverse();
        // Recorded before they are made: `create_dir_all` may make some and
        // then fail; removing one that was never made does nothing.
        made_dirs.append(&mut missing);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::base::fs::write_atomic(&path, text.as_bytes()));
        if let Err(e) = written {
            for done in &created {
                let _ = std::fs::remove_file(done);
            }
            for made in made_dirs.iter().rev() {
                let _ = std::fs::remove_dir(made);
            }
            eprintln!(
                "error: cannot write {}: {e}; nothing was written",
                path.display()
            );
            return 2;
        }
        created.push(path);
    }
    for path in &created {
        eprintln!("created {}", path.display());
    }
    eprintln!("run `factlint check` to check the example");
    0
}

fn run_extract(args: ExtractArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut rows = Vec::new();
    for path in &args.files {
        let name = crate::base::text::display_name(path, &cwd);
        // A regular file of at most the default input limit: `extract
        // /dev/zero` or a pipe must not fill memory or hang.
        let text = match crate::base::fs::read_bounded(path, crate::config::DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    let offset = e.utf8_error().valid_up_to();
                    eprintln!(
                        "error: {name} is not valid UTF-8 (first invalid byte at offset {offset})"
                    );
                    return 2;
                }
            },
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                return 2;
            }
        };
        rows.extend(crate::extract::extract(&name, &text));
    }
    let text = if args.claims {
        crate::extract::render_claims(&rows, &args.source)
    } else {
        match args.format {
            ExtractFormat::Table => crate::extract::render_table(&rows),
            ExtractFormat::Json => match crate::extract::render_json(&rows) {
                Ok(json) => json,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            },
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    0
}

/// The configuration `--config` names, or the one found from `cwd`; an
/// invalid one is reported on stderr, and the exit code returned.
fn config_for(
    config: Option<&std::path::Path>,
    no_paths: bool,
    cwd: &std::path::Path,
    style: Style,
) -> Result<Config, i32> {
    let found = match config {
        Some(path) => Config::load(path),
        None => Config::discover(cwd),
    };
    // Paths named on the command line replace the configured ones.
    let found = found.and_then(|config| match config.missing_named() {
        Some(e) if no_paths => Err(e),
        _ => Ok(config),
    });
    let config = match found {
        Ok(config) => config,
        Err(e) => {
            let name = crate::base::text::display_name(&e.path, cwd);
            let mut report = Report {
                message: format!("invalid configuration: {}", e.message.trim()),
                code: "factlint::config::invalid",
                severity: Severity::Error,
                source: None,
                labels: Vec::new(),
                help: Some("see the `factlint.toml` section of docs/language.md".to_owned()),
                related: Vec::new(),
                span: None,
                context: report::Context {
                    file: Some(name.clone()),
                    ..report::Context::default()
                },
            };
            if let Some(range) = e.span {
                let len = range.len().max(1);
                report
                    .labels
                    .push(LabeledSpan::new_primary_with_span(None, (range.start, len)));
                report.source = Some(report::Source::new(
                    name,
                    std::sync::Arc::from(e.text.as_str()),
                ));
            }
            let text = report::render_diagnostic(&report, style.color);
            eprint!("{}", crate::output::inert_text(&text));
            return Err(2);
        }
    };
    Ok(config)
}

/// `check --watch`: checks, then waits for a change to a file factlint reads
/// (or `factlint.toml`) under the project, and checks again, until killed.
fn run_watch(args: CheckArgs, style: Style) -> i32 {
    use notify::Watcher as _;
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = match config_for(args.config.as_deref(), args.paths.is_empty(), &cwd, style) {
        Ok(config) => config.root,
        Err(code) => return code,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
            return 2;
        }
    };
    // The project, and every directory named on the command line.
    let mut watched = vec![root.clone()];
    watched.extend(args.paths.iter().cloned());
    for dir in &watched {
        if let Err(e) = watcher.watch(dir, notify::RecursiveMode::Recursive) {
            let name = crate::base::text::display_name(dir, &cwd);
            eprintln!("error: cannot watch {name}: {e}");
            return 2;
        }
    }
    let terminal = std::io::stdout().is_terminal();
    let relevant = |event: &notify::Event| {
        !event.kind.is_access()
            && event.paths.iter().any(|p| {
                let skipped = p.components().any(|c| {
                    matches!(
                        c.as_os_str().to_str(),
                        Some("target" | ".git" | "node_modules")
                    )
                });
                !skipped
                    && (crate::check::FileKind::of(p).is_some()
                        || p.file_name().is_some_and(|n| n == "factlint.toml"))
            })
    };
    loop {
        if terminal {
            print!("\x1b[2J\x1b[H");
        }
        let code = run_check(args.clone(), style);
        eprintln!(
            "[exit code {code}; watching {} for changes, Ctrl-C to stop]",
            crate::base::text::display_name(&root, &cwd)
        );
        loop {
            match rx.recv() {
                Ok(Ok(event)) if relevant(&event) => break,
                Ok(_) => {}
                Err(_) => return 2,
            }
        }
        // One check for a burst of changes (an editor's save, a checkout).
        while rx
            .recv_timeout(std::time::Duration::from_millis(100))
            .is_ok()
        {}
    }
}

fn run_check(args: CheckArgs, style: Style) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match config_for(args.config.as_deref(), args.paths.is_empty(), &cwd, style) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let format = args
        .output_format
        .or(config.output_format)
        .unwrap_or(crate::output::OutputFormat::Full);
    // A long run shows how far it has got, to a person only.
    let progress = progress::wanted(format).then(|| Arc::new(crate::check::Progress::default()));
    let bar = progress.clone().map(progress::Bar::start);
    let options = CheckOptions {
        paths: args.paths,
        filters: args.filters,
        exact: args.exact,
        strict: args.strict,
        sources: args.sources,
        passage_search_budget: None,
        progress: progress.clone(),
    };
    let style = if args.output_file.is_some() {
        Style { color: false }
    } else {
        style
    };
    let baseline = match &args.baseline {
        Some(path) => match crate::present::Baseline::read(path) {
            Ok(b) => Some(b),
            Err(e) => {
                // The baseline comes with the tree, and serde quotes it.
                let message = format!("error: cannot use the baseline {}: {e}", path.display());
                eprintln!("{}", crate::output::inert_text(&message));
                return 2;
            }
        },
        None => None,
    };
    let policy = crate::present::Policy {
        overrides: config.severity.clone(),
        deny_warnings: args.deny == Some(DenyLevel::Warnings),
        baseline,
    };
    let snapshot_file = args.snapshot.then(|| config.root.join(&config.snapshot));
    let mut project = Project::load(config, options, &cwd);
    project.set_policy(policy);
    let analysis = project.into_analysis();
    if let Some(path) = &args.write_baseline {
        drop(bar);
        if analysis.could_not_check() {
            let text = crate::output::render(&analysis, crate::output::OutputFormat::Full, style);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            eprintln!("error: no baseline written: the input could not be checked");
            return 2;
        }
        let baseline = crate::present::Baseline::of(analysis.presented(), analysis.sources());
        if let Err(e) = crate::base::fs::write_atomic(path, baseline.to_json().as_bytes()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
        eprintln!(
            "wrote {} {} to the baseline {}",
            baseline.findings.len(),
            if baseline.findings.len() == 1 {
                "finding"
            } else {
                "findings"
            },
            path.display()
        );
        return 0;
    }
    if let Some(p) = &progress {
        p.enter(crate::check::Stage::Rendering, 0);
    }
    let text = crate::output::render(&analysis, format, style);
    // The bar is gone before the report is written.
    drop(bar);
    let mut code = analysis.exit_code();
    if let Some(path) = &snapshot_file {
        let shown = matches!(
            format,
            crate::output::OutputFormat::Full | crate::output::OutputFormat::Concise
        ) && args.output_file.is_none();
        let (text_out, changed) = compare_snapshot(path, &analysis);
        if changed {
            code = code.max(1);
        }
        // Machine formats keep standard output to themselves.
        if shown {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            print!("{}", crate::output::inert_text(&text_out));
            std::mem::forget(analysis);
            return code;
        }
        eprint!("{}", crate::output::inert_text(&text_out));
    }
    if let Some(path) = &args.output_file {
        if let Err(e) = crate::base::fs::write_atomic(path, text.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
        std::mem::forget(analysis);
        return code;
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`factlint check | head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    // The process exits next: freeing a large corpus piece by piece would
    // only cost time.
    std::mem::forget(analysis);
    code
}

/// Whether `CI` is set (to anything but empty, `0` or `false`): then no
/// snapshot is ever written.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// The recorded snapshot at `path`: `Ok(None)` when there is none.
fn read_snapshot(path: &std::path::Path) -> Result<Option<Snapshot>, String> {
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let text = crate::base::fs::read_text(path, crate::config::DEFAULT_MAX_FILE_SIZE)?;
    Snapshot::parse(&text).map(Some).map_err(|e| {
        format!(
            "{}:{}: not a factlint snapshot: {}",
            path.display(),
            e.line,
            e.message
        )
    })
}

/// Each change as a headed unified diff.
fn describe_changes(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let what = match change {
            Change::Added(_) => "new",
            Change::Removed(_) => "removed",
            Change::Changed { .. } => "changed",
        };
        out.push_str(&format!("--- {} ({what})\n{}", change.key(), change.diff()));
    }
    // A recorded snapshot arrives with the tree: nothing in it reaches the
    // terminal raw.
    crate::base::text::printable(&out).into_owned()
}

/// The run against the snapshot at `path`: what to print, and whether it
/// differs (a missing or unreadable snapshot differs).
fn compare_snapshot(
    path: &std::path::Path,
    analysis: &crate::analysis::Analysis,
) -> (String, bool) {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let name = crate::base::text::display_name(path, &cwd);
    match read_snapshot(path) {
        Err(e) => (format!("\nerror: {e}\n"), true),
        Ok(None) => (
            format!("\nsnapshot: {name} does not exist; record one with `factlint snapshot`\n"),
            true,
        ),
        Ok(Some(recorded)) => {
            let changes = recorded.changes(&Snapshot::of(analysis));
            // With `-k`, the rules left out are not gone.
            let changes = if analysis.summary().filtered_out > 0 {
                Snapshot::within(changes)
            } else {
                changes
            };
            if changes.is_empty() {
                return (
                    format!(
                        "\nsnapshot: {name} matches ({} entries)\n",
                        recorded.entries.len()
                    ),
                    false,
                );
            }
            (
                format!(
                    "\nsnapshot: {} {} from {name}:\n{}review with `factlint snapshot --review`, or take all with `factlint snapshot --accept`\n",
                    changes.len(),
                    if changes.len() == 1 {
                        "outcome differs"
                    } else {
                        "outcomes differ"
                    },
                    describe_changes(&changes)
                ),
                true,
            )
        }
    }
}

/// `factlint man [DIR]`: the top page on stdout, or every page into DIR.
fn run_man(dir: Option<&std::path::Path>) -> i32 {
    use clap::CommandFactory as _;
    let render = |command: clap::Command| -> Result<Vec<u8>, std::io::Error> {
        let mut out = Vec::new();
        clap_mangen::Man::new(command).render(&mut out)?;
        Ok(out)
    };
    let top = Cli::command();
    let Some(dir) = dir else {
        return match render(top) {
            Ok(page) => {
                let _ = std::io::stdout().lock().write_all(&page);
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return 2;
    }
    let mut pages = vec![("factlint".to_owned(), top.clone())];
    for sub in top.get_subcommands() {
        let name = format!("factlint-{}", sub.get_name());
        pages.push((
            name.clone(),
            sub.clone().name(name).version(env!("CARGO_PKG_VERSION")),
        ));
    }
    for (name, command) in pages {
        let path = dir.join(format!("{name}.1"));
        let written = render(command).and_then(|page| crate::base::fs::write_atomic(&path, &page));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
        eprintln!("wrote {}", path.display());
    }
    0
}

fn run_fmt(args: FmtArgs, style: Style) -> i32 {
    use crate::syntax::format::{FormatError, Grammar, format};
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match config_for(args.config.as_deref(), args.paths.is_empty(), &cwd, style) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        config
            .rules
            .iter()
            .chain(&config.corpus)
            .map(|p| config.root.join(p))
            .filter(|p| p.symlink_metadata().is_ok())
            .collect()
    } else {
        args.paths.clone()
    };
    let mut errors = Vec::new();
    let files = crate::check::discover(&paths, &mut errors);
    let mut code = 0;
    for e in &errors {
        if let crate::check::LoadError::Io { path, message } = e {
            let name = crate::base::text::display_name(path, &cwd);
            eprintln!("error: {name}: {message}");
        }
        code = 2;
    }
    let (mut changed, mut unchanged) = (0, 0);
    for (path, kind) in files {
        let grammar = match kind {
            FileKind::Claims => Grammar::Claims,
            FileKind::Rules => Grammar::Rules,
            FileKind::JsonClaims | FileKind::Draft => continue,
        };
        let name = crate::base::text::display_name(&path, &cwd);
        let text = match crate::base::fs::read_input(&path, config.max_file_size) {
            Ok(text) => text.to_string(),
            Err(e) => {
                let why = match e {
                    crate::base::fs::InputError::Io(message) => message,
                    crate::base::fs::InputError::InvalidUtf8 { offset } => {
                        format!("not UTF-8 (the first bad byte is at offset {offset})")
                    }
                };
                eprintln!("error: cannot read {name}: {why}");
                code = 2;
                continue;
            }
        };
        // `read_input` drops a byte-order mark; a rewrite keeps it.
        let bom = std::fs::read(&path).is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"));
        let formatted = match format(&text, grammar) {
            Ok(formatted) => formatted,
            Err(FormatError::Syntax { offset, message }) => {
                let (line, column) = crate::base::span::line_col(&text, offset);
                eprintln!(
                    "error: {name}:{line}:{column}: not formatted: {}; `factlint check` shows the error",
                    crate::output::inert_text(&crate::base::text::printable(&message))
                );
                code = 2;
                continue;
            }
            Err(FormatError::Changed) => {
                eprintln!(
                    "error: {name}: not formatted: the layout would change what it says (a factlint bug; please report it)"
                );
                code = 2;
                continue;
            }
        };
        if formatted == text {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.check {
            print!(
                "--- {name}\n+++ {name} (formatted)\n{}",
                crate::output::inert_text(&crate::snapshot::unified(&text, &formatted))
            );
            code = code.max(1);
        } else if let Err(e) = crate::base::fs::write_atomic(
            &path,
            if bom {
                format!("\u{feff}{formatted}")
            } else {
                formatted
            }
            .as_bytes(),
        ) {
            eprintln!("error: cannot write {name}: {e}");
            code = 2;
        } else {
            eprintln!("formatted {name}");
        }
    }
    let verb = if args.check {
        "would be formatted"
    } else {
        "formatted"
    };
    eprintln!(
        "{changed} {} {verb}, {unchanged} already formatted",
        if changed == 1 { "file" } else { "files" }
    );
    code
}

fn run_explain(args: ExplainArgs, style: Style) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match config_for(args.config.as_deref(), args.paths.is_empty(), &cwd, style) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let options = CheckOptions {
        paths: args.paths,
        filters: vec![args.rule.clone()],
        exact: true,
        strict: args.strict,
        sources: Vec::new(),
        passage_search_budget: None,
        progress: None,
    };
    let analysis = Project::load(config, options, &cwd).into_analysis();
    if analysis.could_not_check() {
        let text = crate::output::render(&analysis, crate::output::OutputFormat::Full, style);
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        eprintln!("error: nothing to explain: the input could not be checked");
        return 2;
    }
    let explanation = match crate::explain::explain(&analysis, &args.rule) {
        Ok(explanation) => explanation,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let text = match args.format {
        ExplainFormat::Text => explanation.text(style.color),
        ExplainFormat::Json => match serde_json::to_string_pretty(&explanation) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("error: cannot write the explanation as JSON: {e}");
                return 2;
            }
        },
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    0
}

fn run_snapshot(args: SnapshotArgs, style: Style) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match config_for(args.config.as_deref(), args.paths.is_empty(), &cwd, style) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let path = config.root.join(&config.snapshot);
    let filtered = !args.filters.is_empty();
    let options = CheckOptions {
        paths: args.paths,
        filters: args.filters,
        exact: args.exact,
        strict: args.strict,
        sources: args.sources,
        passage_search_budget: None,
        progress: None,
    };
    let analysis = Project::load(config, options, &cwd).into_analysis();
    if analysis.could_not_check() {
        let text = crate::output::render(&analysis, crate::output::OutputFormat::Full, style);
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        eprintln!("error: no snapshot written: the input could not be checked");
        return 2;
    }
    let run = Snapshot::of(&analysis);
    let name = crate::base::text::display_name(&path, &cwd);
    let write = |snapshot: &Snapshot| -> Result<(), i32> {
        crate::base::fs::write_atomic(&path, snapshot.render().as_bytes()).map_err(|e| {
            eprintln!("error: cannot write {name}: {e}");
            2
        })
    };
    let recorded = match read_snapshot(&path) {
        Ok(recorded) => recorded,
        Err(e) => {
            eprintln!("{}", crate::output::inert_text(&format!("error: {e}")));
            return 2;
        }
    };
    let Some(recorded) = recorded else {
        if under_ci() {
            eprintln!("error: {name} does not exist, and nothing is written under CI");
            return 1;
        }
        if let Err(code) = write(&run) {
            return code;
        }
        eprintln!("wrote {} entries to the snapshot {name}", run.entries.len());
        return 0;
    };
    let changes = recorded.changes(&run);
    // With `-k`, the rules left out are not gone.
    let changes = if filtered {
        Snapshot::within(changes)
    } else {
        changes
    };
    if changes.is_empty() {
        eprintln!("snapshot {name} matches ({} entries)", run.entries.len());
        return 0;
    }
    let n = changes.len();
    if !args.accept && !args.review {
        print!("{}", crate::output::inert_text(&describe_changes(&changes)));
        eprintln!(
            "{n} {} from {name}; review with `factlint snapshot --review`, or take all with `--accept`",
            if n == 1 {
                "outcome differs"
            } else {
                "outcomes differ"
            }
        );
        return 1;
    }
    if under_ci() {
        print!("{}", crate::output::inert_text(&describe_changes(&changes)));
        eprintln!("error: CI is set: nothing is written ({n} changes not recorded)");
        return 1;
    }
    let keys: std::collections::HashSet<String> =
        changes.iter().map(|c| c.key().to_owned()).collect();
    if args.accept {
        if let Err(code) = write(&recorded.merge(&run, |c| keys.contains(c.key()))) {
            return code;
        }
        eprintln!(
            "accepted {n} {} in {name}",
            if n == 1 { "change" } else { "changes" }
        );
        return 0;
    }
    // Review: one decision per change, read a line at a time.
    let mut decisions: std::collections::HashMap<String, Decision> =
        std::collections::HashMap::new();
    let mut all: Option<Decision> = None;
    let stdin = std::io::stdin();
    let mut lines = std::io::BufRead::lines(stdin.lock());
    for (i, change) in changes.iter().enumerate() {
        let decision = match all {
            Some(d) => d,
            None => {
                print!(
                    "{}[{}/{n}] accept (a), reject (r), skip (s), accept all (A), reject all (R)? ",
                    crate::output::inert_text(&describe_changes(std::slice::from_ref(change))),
                    i + 1,
                );
                let _ = std::io::stdout().flush();
                loop {
                    let Some(Ok(answer)) = lines.next() else {
                        // No more answers: the rest are skipped.
                        break Decision::Skip;
                    };
                    match answer.trim() {
                        "a" => break Decision::Accept,
                        "r" => break Decision::Reject,
                        "s" | "" => break Decision::Skip,
                        "A" => {
                            all = Some(Decision::Accept);
                            break Decision::Accept;
                        }
                        "R" => {
                            all = Some(Decision::Reject);
                            break Decision::Reject;
                        }
                        other => {
                            print!("{other:?}? answer a, r, s, A or R: ");
                            let _ = std::io::stdout().flush();
                        }
                    }
                }
            }
        };
        decisions.insert(change.key().to_owned(), decision);
    }
    let count = |d: Decision| decisions.values().filter(|v| **v == d).count();
    let (accepted, rejected, skipped) = (
        count(Decision::Accept),
        count(Decision::Reject),
        count(Decision::Skip),
    );
    if accepted > 0 {
        let merged = recorded.merge(&run, |c| decisions.get(c.key()) == Some(&Decision::Accept));
        if let Err(code) = write(&merged) {
            return code;
        }
    }
    println!();
    eprintln!(
        "{accepted} accepted, {rejected} rejected, {skipped} skipped; {name} {}",
        if accepted > 0 { "updated" } else { "unchanged" }
    );
    i32::from(accepted < n)
}

/// `factlint report --html DIR`: the page of the analysis, written to
/// `DIR/index.html` and nowhere else; the exit code is `check`'s.
fn run_report(args: ReportArgs, style: Style) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let dir = args.html;
    let shown_dir = crate::base::text::display_name(&dir, &cwd);
    if std::fs::metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        eprintln!("error: cannot write the report into {shown_dir}: it is not a directory");
        return 2;
    }
    let project = match args.project.load(&cwd, style) {
        Ok(project) => project,
        Err(code) => return code,
    };
    let analysis = project.into_analysis();
    let page = crate::html::render(&analysis);
    let path = dir.join("index.html");
    let name = crate::base::text::display_name(&path, &cwd);
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| crate::base::fs::write_atomic(&path, page.as_bytes()));
    if let Err(e) = written {
        eprintln!("error: cannot write {name}: {e}");
        return 2;
    }
    eprintln!(
        "wrote the report to {name} ({})",
        crate::output::summary_line(analysis.run(), analysis.presented(), Style { color: false })
    );
    let code = analysis.exit_code();
    // The process exits next: freeing a large corpus piece by piece would
    // only cost time.
    std::mem::forget(analysis);
    code
}

/// What a review decided for one change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    Accept,
    Reject,
    Skip,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn no_color_turns_off_automatic_colour_only() {
        let set = Some(OsStr::new("1"));
        assert!(use_color(ColorChoice::Auto, None, true));
        assert!(!use_color(ColorChoice::Auto, set, true));
        assert!(!use_color(ColorChoice::Auto, None, false));
        // An empty NO_COLOR is as good as unset (no-color.org).
        assert!(use_color(ColorChoice::Auto, Some(OsStr::new("")), true));
        // An explicit choice wins over the environment.
        assert!(use_color(ColorChoice::Always, set, false));
        assert!(!use_color(ColorChoice::Never, None, true));
    }
}
