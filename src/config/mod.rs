//! `factlint.toml`: the interval defaults and where the corpus lives.
//!
//! The file is found by walking up from the working directory, as cargo and
//! ruff find theirs. Unknown keys are errors that point into the file.

use crate::base::exact::{Decimal, Exact, pow10};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "factlint.toml";

/// How `more than 14B` (and `less than`, `at least`, `up to`) is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BoundReading {
    /// Up to one unit in the last written place beyond the number: (14B, 15B].
    #[default]
    NextUnit,
    /// No bound on the far side: (14B, inf).
    Unbounded,
}

/// The `[defaults]` table, as written.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDefaults {
    about_tolerance: Option<String>,
    year_length: Option<String>,
    more_than: Option<BoundReading>,
}

/// The `[limits]` table, as written.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    max_file_size: Option<u64>,
}

/// The outcome snapshot file when `factlint.toml` names none.
pub const DEFAULT_SNAPSHOT: &str = "factlint.snap";

/// The whole file, as written.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    defaults: RawDefaults,
    #[serde(default)]
    limits: RawLimits,
    rules: Option<Vec<String>>,
    corpus: Option<Vec<String>>,
    drafts: Option<Vec<String>>,
    sources: Option<Vec<String>>,
    strict: Option<bool>,
    output_format: Option<OutputFormat>,
    snapshot: Option<String>,
    #[serde(default)]
    severity: std::collections::BTreeMap<String, Level>,
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
}

/// The interval defaults of DESIGN.md's claim table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defaults {
    /// Relative half-width of `about` (0.05 for 5%).
    pub about_tolerance: Exact,
    /// Days in a year (365 unless configured).
    pub year_length_days: Exact,
    /// How one-sided qualifiers are read.
    pub more_than: BoundReading,
}

impl Default for Defaults {
    fn default() -> Defaults {
        Defaults {
            about_tolerance: Exact::new(5.into(), 100.into()),
            year_length_days: Exact::from_integer(365.into()),
            more_than: BoundReading::NextUnit,
        }
    }
}

/// A loaded configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where the file was found, if one was.
    pub path: Option<PathBuf>,
    /// The directory paths are relative to (the file's directory, or the working directory).
    pub root: PathBuf,
    /// The interval defaults.
    pub defaults: Defaults,
    /// Directories or files holding rules (default `rules`).
    pub rules: Vec<PathBuf>,
    /// Directories or files holding claims (default `corpus`).
    pub corpus: Vec<PathBuf>,
    /// Directories or files holding Markdown drafts (default `drafts`).
    pub drafts: Vec<PathBuf>,
    /// Directories inside the tree where sources' files are found.
    pub sources: Vec<PathBuf>,
    /// The paths `rules`, `corpus` and `drafts` name in the file, each with
    /// its key and where it is written: they must exist when the configured
    /// directories are checked (the defaults may be missing).
    pub named: Vec<(&'static str, PathBuf, Option<std::ops::Range<usize>>)>,
    /// The file's text, for pointing into it.
    pub text: String,
    /// Whether unproven outcomes fail.
    pub strict: bool,
    /// The largest input file read, in bytes (`[limits] max-file-size`).
    pub max_file_size: u64,
    /// `output-format`, when set.
    pub output_format: Option<OutputFormat>,
    /// The outcome snapshot file (`snapshot`), relative to the project;
    /// `factlint.snap` when not given.
    pub snapshot: PathBuf,
    /// `[severity]`: per-code levels.
    pub severity: std::collections::BTreeMap<String, Level>,
    /// `include`: when set, a file found by walking a directory is read
    /// only if its path (relative to the project) matches one of these globs.
    pub include: Option<globset::GlobSet>,
    /// `exclude`: files found by walking that match are not read.
    pub exclude: Option<globset::GlobSet>,
}

/// The default of `[limits] max-file-size`: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The largest `factlint.toml` read (1 MiB): far above any real one.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// A configuration file that could not be used.
#[derive(Clone, Debug)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range, when known.
    pub span: Option<std::ops::Range<usize>>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid configuration {}: {}",
            self.path.display(),
            self.message.trim()
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The defaults, rooted at `root`.
    pub fn default_at(root: &Path) -> Config {
        Config {
            path: None,
            root: root.to_path_buf(),
            defaults: Defaults::default(),
            rules: vec![PathBuf::from("rules")],
            corpus: vec![PathBuf::from("corpus")],
            drafts: vec![PathBuf::from("drafts")],
            sources: Vec::new(),
            named: Vec::new(),
            text: String::new(),
            strict: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            output_format: None,
            snapshot: PathBuf::from(DEFAULT_SNAPSHOT),
            severity: std::collections::BTreeMap::new(),
            include: None,
            exclude: None,
        }
    }

    /// The first path that `rules`, `corpus` or `drafts` names in the file
    /// and that does not exist, as an error pointing at it: a misspelt
    /// `corpus` would otherwise check nothing there and pass.
    pub fn missing_named(&self) -> Option<ConfigError> {
        let path = self.path.as_ref()?;
        self.named.iter().find_map(|(key, named, span)| {
            self.root
                .join(named)
                .symlink_metadata()
                .is_err()
                .then(|| ConfigError {
                    path: path.clone(),
                    text: self.text.clone(),
                    message: format!(
                        "`{key}` names {}, which does not exist; create it or correct the name",
                        named.display()
                    ),
                    span: span.clone(),
                })
        })
    }

    /// Finds `factlint.toml` in `start` or its ancestors and loads it; the
    /// defaults rooted at `start` when there is none.
    ///
    /// A `factlint.toml` found this way arrives with the tree, so it must be
    /// a regular file or a link that stays in its directory's tree: a link
    /// to another file (`credentials`, say) is refused before it is read, so
    /// that an error snippet can never print it. `--config` names a file the
    /// operator chose, and [`Config::load`] reads it wherever it is.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        for dir in start.ancestors() {
            let candidate = dir.join(CONFIG_FILE);
            if candidate.is_file() {
                let leaves = match (candidate.canonicalize(), dir.canonicalize()) {
                    (Ok(real), Ok(real_dir)) => !real.starts_with(real_dir),
                    _ => true,
                };
                if leaves {
                    return Err(ConfigError {
                        path: candidate.clone(),
                        text: String::new(),
                        message: format!(
                            "{} is a link that leads outside its project; it was not read (name a configuration elsewhere with `--config FILE`)",
                            if dir == start {
                                CONFIG_FILE.to_owned()
                            } else {
                                candidate.display().to_string()
                            }
                        ),
                        span: None,
                    });
                }
                return Config::load(&candidate);
            }
        }
        Ok(Config::default_at(start))
    }

    /// Loads the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        // Bounded, regular files only: `--config /dev/zero` must not fill memory.
        let text = crate::base::fs::read_text(path, MAX_CONFIG_SIZE).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            message: format!("cannot read {}: {e}", path.display()),
            span: None,
        })?;
        // `--config factlint.toml` has the parent "": the project is ".".
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Config::parse(&text, path, &root)
    }

    /// Parses configuration text that was read from `path`.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, ConfigError> {
        let error = |message: String, span: Option<std::ops::Range<usize>>| ConfigError {
            path: path.to_path_buf(),
            text: text.to_owned(),
            message,
            span,
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| error(e.message().to_owned(), e.span()))?;
        let mut config = Config::default_at(root);
        config.path = Some(path.to_path_buf());
        let find = |key: &str| text.find(key).map(|start| start..start + key.len());
        if let Some(about) = raw.defaults.about_tolerance {
            config.defaults.about_tolerance = parse_percent(&about).ok_or_else(|| {
                error(
                    format!("`about-tolerance` must be a percentage such as \"5%\", not {about:?}"),
                    find("about-tolerance"),
                )
            })?;
        }
        if let Some(year) = raw.defaults.year_length {
            config.defaults.year_length_days = Decimal::parse(year.trim_end_matches(" days").trim())
                .map(Decimal::value)
                .filter(|days| *days > Exact::from_integer(0.into()))
                .ok_or_else(|| {
                    error(
                        format!("`year-length` must be a number of days such as \"365\" or \"365.25\", not {year:?}"),
                        find("year-length"),
                    )
                })?;
        }
        if let Some(reading) = raw.defaults.more_than {
            config.defaults.more_than = reading;
        }
        // The config arrives with a pull request: no path in it may point
        // outside the tree (links leading out are refused when read).
        let inside = |key: &str, paths: Vec<String>| -> Result<Vec<PathBuf>, ConfigError> {
            for path in &paths {
                let relative = !path.is_empty()
                    && Path::new(path).components().all(|c| {
                        matches!(
                            c,
                            std::path::Component::Normal(_) | std::path::Component::CurDir
                        )
                    });
                if !relative {
                    return Err(error(
                        format!(
                            "`{key}` must name a path inside the project, not {path:?}; name paths outside it on the command line{}",
                            if key == "sources" {
                                " with `--sources DIR`"
                            } else {
                                ""
                            }
                        ),
                        find(&format!("{path:?}")),
                    ));
                }
            }
            Ok(paths.into_iter().map(PathBuf::from).collect())
        };
        for (key, given) in [
            ("rules", raw.rules),
            ("corpus", raw.corpus),
            ("drafts", raw.drafts),
        ] {
            let Some(given) = given else { continue };
            for path in &given {
                config
                    .named
                    .push((key, PathBuf::from(path), find(&format!("{path:?}"))));
            }
            let paths = inside(key, given)?;
            match key {
                "rules" => config.rules = paths,
                "corpus" => config.corpus = paths,
                _ => config.drafts = paths,
            }
        }
        config.text = text.to_owned();
        if let Some(dirs) = raw.sources {
            config.sources = inside("sources", dirs)?;
        }
        config.strict = raw.strict.unwrap_or(false);
        config.output_format = raw.output_format;
        if let Some(file) = raw.snapshot {
            let mut named = inside("snapshot", vec![file])?;
            config.snapshot = named
                .pop()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_SNAPSHOT));
        }
        for code in raw.severity.keys() {
            if !overridable(code) {
                let hint =
                    match crate::base::suggest::did_you_mean(code, OVERRIDABLE.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? "),
                        None => String::new(),
                    };
                return Err(error(
                    format!(
                        "`{code}` cannot be given a severity: {hint}only the codes of findings about rules, claims, quotes, sources and drafts can (syntax, I/O and configuration errors always stop the run; docs/language.md lists the codes)"
                    ),
                    find(code),
                ));
            }
        }
        config.severity = raw.severity;
        let globs = |key: &str, patterns: Vec<String>| -> Result<globset::GlobSet, ConfigError> {
            let mut set = globset::GlobSetBuilder::new();
            for pattern in &patterns {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| error(format!("`{key}`: {e}"), find(&format!("{pattern:?}"))))?;
                set.add(glob);
            }
            set.build()
                .map_err(|e| error(format!("`{key}`: {e}"), find(key)))
        };
        if let Some(patterns) = raw.include {
            config.include = Some(globs("include", patterns)?);
        }
        if let Some(patterns) = raw.exclude {
            config.exclude = Some(globs("exclude", patterns)?);
        }
        if let Some(size) = raw.limits.max_file_size {
            if size == 0 {
                return Err(error(
                    "`max-file-size` must be a positive number of bytes".to_owned(),
                    find("max-file-size"),
                ));
            }
            config.max_file_size = size;
        }
        Ok(config)
    }
}

/// `"5%"` as 0.05.
fn parse_percent(text: &str) -> Option<Exact> {
    let digits = text.trim().strip_suffix('%')?.trim();
    Some(Decimal::parse(digits)?.value() * pow10(-2))
}

/// The formats `--output-format` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputFormat {
    /// The test-style report with miette diagnostics (the default).
    Full,
    /// One line per finding: `path:line:col: severity[code] message`.
    Concise,
    /// One JSON document: the summary, every rule's outcome, every finding.
    Json,
    /// One JSON object per finding, a line each.
    JsonLines,
    /// JUnit XML: a test case per rule and per built-in check.
    Junit,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::...`).
    Github,
    /// GitLab code quality JSON.
    Gitlab,
    /// reviewdog's rdjson.
    Rdjson,
}

/// A level a code can be set to in `[severity]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Gates CI (exit 1).
    Error,
    /// Shown; gates only with `--deny warnings`.
    Warning,
    /// Shown, never gates.
    Info,
    /// Not reported at all.
    Off,
}

/// The codes whose level a team may change: findings about the facts.
/// Syntax, I/O and configuration errors always stop the run.
pub const OVERRIDABLE: &[&str] = &[
    "factlint::claim::citations_disagree",
    "factlint::claim::excess_digits",
    "factlint::claim::uncited",
    "factlint::draft::hidden_character",
    "factlint::draft::mismatch",
    "factlint::draft::no_number",
    "factlint::draft::unknown_claim",
    "factlint::eval::division_by_zero",
    "factlint::eval::too_large",
    "factlint::quote::currency",
    "factlint::quote::hidden_character",
    "factlint::quote::no_number",
    "factlint::quote::period",
    "factlint::quote::sign",
    "factlint::quote::ungrounded",
    "factlint::resolve::arity",
    "factlint::resolve::bad_digits",
    "factlint::resolve::bad_exponent",
    "factlint::resolve::bad_tolerance",
    "factlint::resolve::duplicate_let",
    "factlint::resolve::duplicate_rule",
    "factlint::resolve::empty_wildcard",
    "factlint::resolve::no_assertion",
    "factlint::resolve::type_mismatch",
    "factlint::resolve::unit_mismatch",
    "factlint::resolve::unknown_function",
    "factlint::resolve::unknown_name",
    "factlint::resolve::unit_too_complex",
    "factlint::resolve::unknown_unit",
    "factlint::resolve::used_before_let",
    "factlint::resolve::wildcard_outside_aggregate",
    "factlint::rule::inconsistent",
    "factlint::rule::unexpected_pass",
    "factlint::rule::unmet_expectation",
    "factlint::rule::unproven",
    "factlint::source::path_refused",
    "factlint::source::quote_not_found",
    "factlint::source::unreadable",
];

/// Whether `code` may be given a level in `[severity]`.
pub fn overridable(code: &str) -> bool {
    OVERRIDABLE.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_table_is_read() {
        let text = "[defaults]\nabout-tolerance = \"10%\"\nyear-length = \"365.25\"\nmore-than = \"unbounded\"\n";
        let config =
            Config::parse(text, Path::new("factlint.toml"), Path::new(".")).map_err(|e| e.message);
        let config = config.unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(
            config.defaults.about_tolerance,
            Exact::new(1.into(), 10.into())
        );
        assert_eq!(
            config.defaults.year_length_days,
            Exact::new(36525.into(), 100.into())
        );
        assert_eq!(config.defaults.more_than, BoundReading::Unbounded);
    }

    #[test]
    fn paths_must_stay_inside_the_tree() {
        for (key, bad) in [
            ("sources", "../seeds"),
            ("sources", "/etc"),
            ("sources", "a/../../b"),
            ("corpus", "/home/runner/.docker"),
            ("rules", "../../rules"),
            ("drafts", ""),
        ] {
            let text = format!("{key} = [{bad:?}]\n");
            let Err(error) = Config::parse(&text, Path::new("factlint.toml"), Path::new("."))
            else {
                panic!("{bad} accepted");
            };
            assert_eq!(&text[error.span.unwrap_or_default()], format!("{bad:?}"));
        }
        let config = Config::parse(
            "sources = [\"seeds\"]\n",
            Path::new("factlint.toml"),
            Path::new("."),
        );
        assert_eq!(
            config.map(|c| c.sources).unwrap_or_default(),
            vec![PathBuf::from("seeds")]
        );
    }

    #[test]
    fn unknown_keys_point_into_the_file() {
        let text = "[defaults]\nabout-tolerence = \"10%\"\n";
        let Err(error) = Config::parse(text, Path::new("factlint.toml"), Path::new(".")) else {
            panic!("unknown key accepted");
        };
        assert!(
            error.message.contains("about-tolerence"),
            "{}",
            error.message
        );
        let span = error.span.unwrap_or_default();
        assert_eq!(&text[span], "about-tolerence");
    }
}
