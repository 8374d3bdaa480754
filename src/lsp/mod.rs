//! `factlint lsp`: a language server over the analysis API.
//!
//! The server holds one [`Project`] per workspace (the directory of its
//! `factlint.toml`, found as the command line finds it), with the text of
//! every open buffer set on it (`Project::set_file`), so unsaved text is what
//! is checked. After every change the whole project is checked again (only
//! the changed files are parsed again) and the diagnostics of every file of
//! the project are pushed (`textDocument/publishDiagnostics`), or, for a
//! client that pulls them, answered to `textDocument/diagnostic` and
//! `workspace/diagnostic`: a changed claim shows up in the rules and drafts
//! that use it even when they are not open. Files changed on disk
//! (`workspace/didChangeWatchedFiles`) are read again unless open; a changed
//! `factlint.toml` reloads its project.
//!
//! Requests: hover (a claim: its reading and its sources; a rule: its
//! verdict, its comparisons and what would make it pass), definition and
//! references of claims, sources and rules, rename of a claim across the
//! project, completion of claim ids (rules, drafts after `claim=`) and of
//! source ids and units (claims files), document and workspace symbols, and a
//! code action adding `expect fail` to a failing rule. A request that fails
//! or panics is answered with an error and the server goes on.

mod text;
pub mod transport;

use crate::analysis::data::Finding;
use crate::analysis::{Analysis, Project};
use crate::base::span::{SourceMap, Span};
use crate::check::FileKind;
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;
pub use text::Encoding;

/// Runs the server over standard input and output until `exit`; the exit
/// code is 0 after `shutdown` then `exit`, else 1 (as the protocol says).
pub fn run_stdio() -> i32 {
    let (connection, threads) = transport::stdio();
    let code = serve(&connection);
    drop(connection);
    threads.join();
    code
}

/// Serves one client over `connection` (the real binary's stdio, or
/// [`Connection::memory`] in tests) until `exit`; the exit code is 0 when
/// `shutdown` came first.
pub fn serve(connection: &Connection) -> i32 {
    let Some(mut server) = initialize(connection) else {
        return 1;
    };
    server.start();
    server.run(connection)
}

/// The state of one session.
struct Server {
    sender: crossbeam_channel::Sender<Message>,
    encoding: Encoding,
    /// Whether the client pulls diagnostics (`textDocument/diagnostic`).
    pull: bool,
    /// Whether it can be asked to pull again (`workspace/diagnostic/refresh`).
    refresh: bool,
    /// Whether file watching can be registered dynamically.
    watch: bool,
    /// The folders the client opened.
    folders: Vec<PathBuf>,
    workspaces: Vec<Workspace>,
    /// Open buffers by absolute path: their text, which wins over the disk.
    open: HashMap<PathBuf, String>,
    /// What was last pushed per file, to send only what changed.
    pushed: HashMap<PathBuf, Vec<lsp::Diagnostic>>,
    shutdown: bool,
    next_id: i32,
}

/// One project: its root, its files and its last analysis.
struct Workspace {
    root: PathBuf,
    project: Option<Project>,
    analysis: Option<Analysis>,
    /// Why the project could not be opened (an invalid `factlint.toml`).
    config_error: Option<(PathBuf, String)>,
}

fn initialize(connection: &Connection) -> Option<Server> {
    let (id, params) = connection.initialize_start().ok()?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.clone())
        .unwrap_or_default();
    let encoding = if offered.contains(&lsp::PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let pull = params
        .capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let refresh = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path_of(&f.uri))
        .collect();
    #[allow(deprecated)]
    if folders.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(path_of)
    {
        folders.push(root);
    }
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(false)),
                ..lsp::TextDocumentSyncOptions::default()
            },
        )),
        diagnostic_provider: pull.then(|| {
            lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                identifier: Some("factlint".to_owned()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            })
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["=".to_owned(), ".".to_owned(), "[".to_owned()]),
            ..lsp::CompletionOptions::default()
        }),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        ..lsp::ServerCapabilities::default()
    };
    let result = lsp::InitializeResult {
        capabilities,
        server_info: Some(lsp::ServerInfo {
            name: "factlint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).ok()?;
    connection.initialize_finish(id, result).ok()?;
    Some(Server {
        sender: connection.sender.clone(),
        encoding,
        pull,
        refresh,
        watch,
        folders,
        workspaces: Vec::new(),
        open: HashMap::new(),
        pushed: HashMap::new(),
        shutdown: false,
        next_id: 0,
    })
}

/// A `file:` URI's path.
pub fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let raw = rest.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let Some(hex) = rest.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    let path = String::from_utf8(bytes).ok()?;
    Some(PathBuf::from(path))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<lsp::Uri> {
    let mut text = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            text.push(b as char);
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&text).ok()
}

/// A request's failure, answered as an error.
struct Failure(ErrorCode, String);

type Answer = Result<serde_json::Value, Failure>;

fn to_value<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|e| Failure(ErrorCode::InternalError, e.to_string()))
}

fn params<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| Failure(ErrorCode::InvalidParams, e.to_string()))
}

impl Server {
    /// Opens the workspace folders, checks them, and asks to watch files.
    fn start(&mut self) {
        for folder in self.folders.clone() {
            self.workspace_for(&folder);
        }
        if self.watch {
            let registration = lsp::Registration {
                id: "factlint-watch".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(
                    lsp::DidChangeWatchedFilesRegistrationOptions {
                        watchers: ["claims", "json", "rules", "md", "toml"]
                            .iter()
                            .map(|ext| lsp::FileSystemWatcher {
                                glob_pattern: lsp::GlobPattern::String(format!("**/*.{ext}")),
                                kind: None,
                            })
                            .collect(),
                    },
                )
                .ok(),
            };
            self.request::<lsp::request::RegisterCapability>(lsp::RegistrationParams {
                registrations: vec![registration],
            });
        }
        let all: Vec<usize> = (0..self.workspaces.len()).collect();
        self.recheck(&all);
    }

    fn send(&self, message: Message) {
        let _ = self.sender.send(message);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )));
    }

    fn request<R: lsp::request::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let id = RequestId::from(format!("factlint-{}", self.next_id));
        self.send(Message::Request(Request::new(
            id,
            R::METHOD.to_owned(),
            params,
        )));
    }

    fn run(&mut self, connection: &Connection) -> i32 {
        loop {
            let Ok(message) = connection.receiver.recv() else {
                return 1;
            };
            let mut changed = Vec::new();
            if let Some(code) = self.handle(message, &mut changed) {
                return code;
            }
            // Take every change already waiting before checking once.
            loop {
                match connection
                    .receiver
                    .recv_timeout(std::time::Duration::from_millis(0))
                {
                    Ok(message @ Message::Notification(_)) => {
                        if let Some(code) = self.handle(message, &mut changed) {
                            return code;
                        }
                    }
                    Ok(other) => {
                        self.recheck(&changed);
                        changed.clear();
                        if let Some(code) = self.handle(other, &mut changed) {
                            return code;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => {
                        self.recheck(&changed);
                        return 1;
                    }
                }
            }
            self.recheck(&changed);
        }
    }

    /// Handles one message; `Some(code)` when the session ends. Workspaces
    /// whose files changed are added to `changed`.
    fn handle(&mut self, message: Message, changed: &mut Vec<usize>) -> Option<i32> {
        match message {
            Message::Request(request) => {
                // Requests see the analysis of every change before them.
                let pending = std::mem::take(changed);
                self.recheck(&pending);
                if request.method == lsp::request::Shutdown::METHOD {
                    self.shutdown = true;
                    self.send(Message::Response(Response::new_ok(request.id, ())));
                    return None;
                }
                let id = request.id.clone();
                let answer = if self.shutdown {
                    Err(Failure(
                        ErrorCode::InvalidRequest,
                        "the server is shutting down".to_owned(),
                    ))
                } else {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.answer(&request.method, request.params)
                    }))
                    .unwrap_or_else(|panic| {
                        let why = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_default();
                        Err(Failure(
                            ErrorCode::InternalError,
                            format!("factlint failed on `{}`: {why}", request.method),
                        ))
                    })
                };
                let response = match answer {
                    Ok(value) => Response {
                        id,
                        response_result: Ok(value),
                    },
                    Err(Failure(code, message)) => Response::new_err(id, code as i32, message),
                };
                self.send(Message::Response(response));
                None
            }
            Message::Notification(n) => {
                if n.method == lsp::notification::Exit::METHOD {
                    return Some(if self.shutdown { 0 } else { 1 });
                }
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.on_notification(&n.method, n.params)
                }));
                if let Ok(Some(touched)) = result {
                    for w in touched {
                        if !changed.contains(&w) {
                            changed.push(w);
                        }
                    }
                }
                None
            }
            Message::Response(_) => None,
        }
    }

    /// The workspace holding `path`, opened (and checked later) if none does.
    fn workspace_for(&mut self, path: &Path) -> usize {
        if let Some(i) = self
            .workspaces
            .iter()
            .position(|w| path.starts_with(&w.root))
        {
            return i;
        }
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()
                .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
        };
        let workspace = open_workspace(&dir);
        if let Some(i) = self
            .workspaces
            .iter()
            .position(|w| w.root == workspace.root)
        {
            return i;
        }
        self.workspaces.push(workspace);
        let i = self.workspaces.len() - 1;
        // The buffers already open inside it.
        let open: Vec<(PathBuf, String)> = self
            .open
            .iter()
            .filter(|(p, _)| p.starts_with(&self.workspaces[i].root))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect();
        if let Some(project) = &mut self.workspaces[i].project {
            for (p, t) in open {
                let _ = project.set_file(p, t);
            }
        }
        i
    }

    /// Sets a file's text on its workspace; which workspace, if it is one
    /// factlint reads.
    fn set_text(&mut self, path: &Path, text: &str) -> Option<usize> {
        FileKind::of(path)?;
        let w = self.workspace_for(path);
        let project = self.workspaces[w].project.as_mut()?;
        project.set_file(path.to_path_buf(), text.to_owned()).ok()?;
        Some(w)
    }

    fn on_notification(&mut self, method: &str, value: serde_json::Value) -> Option<Vec<usize>> {
        use lsp::notification as n;
        match method {
            n::DidOpenTextDocument::METHOD => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(value).ok()?;
                let path = path_of(&p.text_document.uri)?;
                self.open.insert(path.clone(), p.text_document.text.clone());
                Some(
                    self.set_text(&path, &p.text_document.text)
                        .into_iter()
                        .collect(),
                )
            }
            n::DidChangeTextDocument::METHOD => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(value).ok()?;
                let path = path_of(&p.text_document.uri)?;
                let mut text = self.open.get(&path).cloned().unwrap_or_default();
                for change in p.content_changes {
                    text::apply(&mut text, change.range, &change.text, self.encoding);
                }
                self.open.insert(path.clone(), text.clone());
                Some(self.set_text(&path, &text).into_iter().collect())
            }
            n::DidCloseTextDocument::METHOD => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(value).ok()?;
                let path = path_of(&p.text_document.uri)?;
                self.open.remove(&path);
                Some(self.reread(&path).into_iter().collect())
            }
            n::DidChangeWatchedFiles::METHOD => {
                let p: lsp::DidChangeWatchedFilesParams = serde_json::from_value(value).ok()?;
                let mut touched = Vec::new();
                for change in p.changes {
                    let Some(path) = path_of(&change.uri) else {
                        continue;
                    };
                    let w = if path.file_name().is_some_and(|n| n == "factlint.toml") {
                        self.reload(&path)
                    } else if self.open.contains_key(&path) {
                        None
                    } else {
                        self.reread(&path)
                    };
                    if let Some(w) = w
                        && !touched.contains(&w)
                    {
                        touched.push(w);
                    }
                }
                Some(touched)
            }
            n::DidChangeWorkspaceFolders::METHOD => {
                let p: lsp::DidChangeWorkspaceFoldersParams = serde_json::from_value(value).ok()?;
                let mut touched = Vec::new();
                for added in p.event.added {
                    if let Some(path) = path_of(&added.uri) {
                        touched.push(self.workspace_for(&path));
                    }
                }
                Some(touched)
            }
            _ => None,
        }
    }

    /// Reads a file from disk again (it changed there, or its buffer closed);
    /// a file gone is removed.
    fn reread(&mut self, path: &Path) -> Option<usize> {
        FileKind::of(path)?;
        let w = self.workspace_for(path);
        let project = self.workspaces[w].project.as_mut()?;
        match std::fs::read_to_string(path) {
            Ok(text) => {
                project.set_file(path.to_path_buf(), text).ok()?;
            }
            Err(_) => {
                project.remove_file(path);
            }
        }
        Some(w)
    }

    /// Opens a workspace again after its `factlint.toml` changed.
    fn reload(&mut self, config: &Path) -> Option<usize> {
        let dir = config.parent()?;
        let w = self.workspace_for(dir);
        let mut fresh = open_workspace(&self.workspaces[w].root);
        if let Some(project) = &mut fresh.project {
            for (p, t) in &self.open {
                if p.starts_with(&fresh.root) {
                    let _ = project.set_file(p.clone(), t.clone());
                }
            }
        }
        self.workspaces[w] = fresh;
        Some(w)
    }

    /// Checks the workspaces `which` and sends their diagnostics.
    fn recheck(&mut self, which: &[usize]) {
        if which.is_empty() {
            return;
        }
        for &w in which {
            let workspace = &mut self.workspaces[w];
            workspace.analysis = workspace.project.as_mut().map(Project::check);
        }
        if self.pull {
            if self.refresh {
                self.request::<lsp::request::WorkspaceDiagnosticRefresh>(());
            }
            return;
        }
        for &w in which {
            let diagnostics = self.diagnostics(w);
            let root = self.workspaces[w].root.clone();
            // Files of this workspace that had diagnostics and have none now.
            let gone: Vec<PathBuf> = self
                .pushed
                .iter()
                .filter(|(p, d)| {
                    p.starts_with(&root) && !d.is_empty() && !diagnostics.contains_key(*p)
                })
                .map(|(p, _)| p.clone())
                .collect();
            for path in gone {
                self.publish(&path, Vec::new());
            }
            for (path, list) in diagnostics {
                if self.pushed.get(&path) != Some(&list) {
                    self.publish(&path, list);
                }
            }
        }
    }

    fn publish(&mut self, path: &Path, diagnostics: Vec<lsp::Diagnostic>) {
        if let Some(uri) = uri_of(path) {
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri,
                diagnostics: diagnostics.clone(),
                version: None,
            });
        }
        self.pushed.insert(path.to_path_buf(), diagnostics);
    }

    /// The text of a project file by its name.
    fn file_text(&self, w: usize, name: &str) -> Option<String> {
        let workspace = &self.workspaces[w];
        let path = workspace.root.join(name);
        if let Some(text) = self.open.get(&path) {
            return Some(text.clone());
        }
        workspace
            .project
            .as_ref()?
            .text(name)
            .map(|t| t.to_string())
    }

    /// Every file's diagnostics in workspace `w`, by absolute path.
    fn diagnostics(&self, w: usize) -> BTreeMap<PathBuf, Vec<lsp::Diagnostic>> {
        let workspace = &self.workspaces[w];
        let mut out: BTreeMap<PathBuf, Vec<lsp::Diagnostic>> = BTreeMap::new();
        if let Some((path, message)) = &workspace.config_error {
            out.entry(path.clone()).or_default().push(lsp::Diagnostic {
                range: lsp::Range::default(),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                code: Some(lsp::NumberOrString::String(
                    "factlint::config::invalid".to_owned(),
                )),
                source: Some("factlint".to_owned()),
                message: format!("invalid configuration: {}", message.trim()),
                ..lsp::Diagnostic::default()
            });
        }
        let Some(analysis) = &workspace.analysis else {
            return out;
        };
        // Every file of the project is listed, so a file whose findings are
        // gone is cleared.
        if let Some(project) = &workspace.project {
            for (name, _, _) in project.files() {
                out.entry(workspace.root.join(name)).or_default();
            }
        }
        let mut texts: HashMap<String, (String, Vec<usize>)> = HashMap::new();
        for finding in analysis.findings() {
            if finding.location.file.is_empty() {
                continue;
            }
            let Some(diagnostic) = self.diagnostic(w, &finding, &mut texts) else {
                continue;
            };
            out.entry(workspace.root.join(&finding.location.file))
                .or_default()
                .push(diagnostic);
        }
        out
    }

    fn lsp_range(
        &self,
        w: usize,
        location: &crate::analysis::data::Location,
        texts: &mut HashMap<String, (String, Vec<usize>)>,
    ) -> Option<lsp::Range> {
        if !texts.contains_key(&location.file) {
            let text = self.file_text(w, &location.file)?;
            let starts = text::line_starts(&text);
            texts.insert(location.file.clone(), (text, starts));
        }
        let (text, starts) = texts.get(&location.file)?;
        let a = text::offset_of_line_column(text, starts, location.line, location.column);
        let b = text::offset_of_line_column(text, starts, location.end_line, location.end_column);
        Some(text::range(text, starts, a..b.max(a), self.encoding))
    }

    fn diagnostic(
        &self,
        w: usize,
        finding: &Finding,
        texts: &mut HashMap<String, (String, Vec<usize>)>,
    ) -> Option<lsp::Diagnostic> {
        let range = self.lsp_range(w, &finding.location, texts)?;
        let root = &self.workspaces[w].root;
        let related: Vec<lsp::DiagnosticRelatedInformation> = finding
            .labels
            .iter()
            .filter(|l| l.location != finding.location && !l.location.file.is_empty())
            .filter_map(|label| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(
                        uri_of(&root.join(&label.location.file))?,
                        self.lsp_range(w, &label.location, texts)?,
                    ),
                    message: label.message.clone(),
                })
            })
            .collect();
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        Some(lsp::Diagnostic {
            range,
            severity: Some(match finding.severity {
                "error" => lsp::DiagnosticSeverity::ERROR,
                "warning" => lsp::DiagnosticSeverity::WARNING,
                _ => lsp::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lsp::NumberOrString::String(finding.code.clone())),
            source: Some("factlint".to_owned()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            data: finding
                .rule
                .as_ref()
                .map(|r| serde_json::json!({ "rule": r })),
            ..lsp::Diagnostic::default()
        })
    }

    fn answer(&mut self, method: &str, value: serde_json::Value) -> Answer {
        use lsp::request as r;
        match method {
            r::DocumentDiagnosticRequest::METHOD => {
                let p: lsp::DocumentDiagnosticParams = params(value)?;
                let items = path_of(&p.text_document.uri)
                    .and_then(|path| {
                        let w = self.find_workspace(&path)?;
                        self.diagnostics(w).remove(&path)
                    })
                    .unwrap_or_default();
                to_value(lsp::DocumentDiagnosticReportResult::Report(
                    lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                            result_id: None,
                            items,
                        },
                    }),
                ))
            }
            r::WorkspaceDiagnosticRequest::METHOD => {
                let _: lsp::WorkspaceDiagnosticParams = params(value)?;
                let mut items = Vec::new();
                for w in 0..self.workspaces.len() {
                    for (path, list) in self.diagnostics(w) {
                        let Some(uri) = uri_of(&path) else { continue };
                        items.push(lsp::WorkspaceDocumentDiagnosticReport::Full(
                            lsp::WorkspaceFullDocumentDiagnosticReport {
                                uri,
                                version: None,
                                full_document_diagnostic_report:
                                    lsp::FullDocumentDiagnosticReport {
                                        result_id: None,
                                        items: list,
                                    },
                            },
                        ));
                    }
                }
                to_value(lsp::WorkspaceDiagnosticReportResult::Report(
                    lsp::WorkspaceDiagnosticReport { items },
                ))
            }
            r::HoverRequest::METHOD => {
                let p: lsp::HoverParams = params(value)?;
                to_value(self.hover(&p.text_document_position_params))
            }
            r::GotoDefinition::METHOD => {
                let p: lsp::GotoDefinitionParams = params(value)?;
                to_value(
                    self.definition(&p.text_document_position_params)
                        .map(lsp::GotoDefinitionResponse::Scalar),
                )
            }
            r::References::METHOD => {
                let p: lsp::ReferenceParams = params(value)?;
                to_value(self.references(&p.text_document_position, p.context.include_declaration))
            }
            r::Rename::METHOD => {
                let p: lsp::RenameParams = params(value)?;
                let edit = self.rename(&p.text_document_position, &p.new_name)?;
                to_value(edit)
            }
            r::Completion::METHOD => {
                let p: lsp::CompletionParams = params(value)?;
                to_value(self.completion(&p.text_document_position))
            }
            r::DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = params(value)?;
                to_value(self.document_symbols(&p.text_document.uri))
            }
            r::WorkspaceSymbolRequest::METHOD => {
                let p: lsp::WorkspaceSymbolParams = params(value)?;
                to_value(self.workspace_symbols(&p.query))
            }
            r::CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = params(value)?;
                to_value(self.code_actions(&p))
            }
            r::Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams = params(value)?;
                to_value(self.formatting(&p.text_document.uri))
            }
            other => Err(Failure(
                ErrorCode::MethodNotFound,
                format!("factlint does not answer `{other}`"),
            )),
        }
    }

    /// The whole buffer in `factlint fmt`'s layout, as one edit; none when
    /// it is laid out already, or does not parse (saving is never blocked).
    fn formatting(&self, uri: &lsp::Uri) -> Vec<lsp::TextEdit> {
        use crate::syntax::format::{Grammar, format};
        let Some(path) = path_of(uri) else {
            return Vec::new();
        };
        let grammar = match FileKind::of(&path) {
            Some(FileKind::Claims) => Grammar::Claims,
            Some(FileKind::Rules) => Grammar::Rules,
            _ => return Vec::new(),
        };
        let text = match self.open.get(&path) {
            Some(text) => text.clone(),
            None => match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(_) => return Vec::new(),
            },
        };
        match format(&text, grammar) {
            Ok(formatted) if formatted != text => {
                let starts = text::line_starts(&text);
                let range = text::range(&text, &starts, 0..text.len(), self.encoding);
                vec![lsp::TextEdit::new(range, formatted)]
            }
            _ => Vec::new(),
        }
    }

    fn find_workspace(&self, path: &Path) -> Option<usize> {
        self.workspaces
            .iter()
            .position(|w| path.starts_with(&w.root))
    }

    /// The workspace, its analysis, the file's text and the byte offset at
    /// a position.
    fn at(&self, at: &lsp::TextDocumentPositionParams) -> Option<Place<'_>> {
        let path = path_of(&at.text_document.uri)?;
        let w = self.find_workspace(&path)?;
        let workspace = &self.workspaces[w];
        let analysis = workspace.analysis.as_ref()?;
        let name = path
            .strip_prefix(&workspace.root)
            .ok()?
            .to_str()?
            .to_owned();
        let text = self.file_text(w, &name)?;
        let starts = text::line_starts(&text);
        let offset = text::offset(&text, &starts, at.position, self.encoding);
        Some(Place {
            w,
            analysis,
            path,
            text,
            offset,
        })
    }

    /// The LSP location of a span of the analysed sources.
    fn location(&self, w: usize, sources: &SourceMap, span: Span) -> Option<lsp::Location> {
        let file = sources.file(span.file);
        let path = self.workspaces[w].root.join(&file.name);
        let starts = text::line_starts(&file.text);
        let range = text::range(
            &file.text,
            &starts,
            span.start as usize..span.end as usize,
            self.encoding,
        );
        Some(lsp::Location::new(uri_of(&path)?, range))
    }

    fn hover(&self, at: &lsp::TextDocumentPositionParams) -> Option<lsp::Hover> {
        let place = self.at(at)?;
        if FileKind::of(&place.path) == Some(FileKind::Draft)
            && let Some(hover) = self.number_hover(&place)
        {
            return Some(hover);
        }
        let (name, range) = word_at(&place.text, place.offset)?;
        let run = place.analysis.run();
        let project = &run.project;
        let corpus = &project.corpus;
        let starts = text::line_starts(&place.text);
        let range = Some(text::range(&place.text, &starts, range, self.encoding));
        let markdown = if let Some(id) = corpus.lookup(&name) {
            claim_hover(place.analysis, id)
        } else if project.rules.iter().any(|r| *r.id.text == *name) {
            rule_hover(place.analysis, &name)
        } else if let Some(source) = corpus.sources.iter().find(|s| s.id == name) {
            source_hover(source)
        } else {
            return None;
        };
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: markdown,
            }),
            range,
        })
    }

    /// On a number in a draft that cites no claim: the claims whose
    /// intervals (in their written units) hold it.
    fn number_hover(&self, place: &Place<'_>) -> Option<lsp::Hover> {
        let spans = crate::syntax::drafts::scan(&place.text);
        if spans.iter().any(|s| s.span.contains(&place.offset)) {
            return None;
        }
        let line_start = place.text[..place.offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = place.text[place.offset..]
            .find('\n')
            .map_or(place.text.len(), |i| place.offset + i);
        let line = &place.text[line_start..line_end];
        let mention = crate::numerals::find_numbers(line)
            .into_iter()
            .find(|m| (m.span.start..=m.span.end).contains(&(place.offset - line_start)))?;
        let crate::numerals::MentionValue::Single(decimal) = mention.value else {
            return None;
        };
        let value = if mention.percent {
            decimal.value() / crate::base::exact::int(100)
        } else {
            decimal.value()
        };
        let corpus = &place.analysis.run().project.corpus;
        let project = &place.analysis.run().project;
        let holding: Vec<String> = corpus
            .claims
            .iter()
            .filter(|c| c.value.contains(&(&value * &c.unit.factor)))
            .take(10)
            .map(|c| format!("- `{}`: `{}`", c.id, project.sources.slice(c.written.span)))
            .collect();
        let figure = &line[mention.span.clone()];
        let text = if holding.is_empty() {
            format!("`{figure}` cites no claim, and no claim's interval holds it.")
        } else {
            format!(
                "`{figure}` cites no claim. Claims whose interval holds it (cite one with `[{figure}]{{claim=ID}}`):\n\n{}",
                holding.join("\n")
            )
        };
        let starts = text::line_starts(&place.text);
        let range = text::range(
            &place.text,
            &starts,
            line_start + mention.span.start..line_start + mention.span.end,
            self.encoding,
        );
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: Some(range),
        })
    }

    fn definition(&self, at: &lsp::TextDocumentPositionParams) -> Option<lsp::Location> {
        let place = self.at(at)?;
        let (name, _) = word_at(&place.text, place.offset)?;
        let project = &place.analysis.run().project;
        let span = definition_span(project, &name)?;
        self.location(place.w, &project.sources, span)
    }

    fn references(
        &self,
        at: &lsp::TextDocumentPositionParams,
        declaration: bool,
    ) -> Option<Vec<lsp::Location>> {
        let place = self.at(at)?;
        let (name, _) = word_at(&place.text, place.offset)?;
        let project = &place.analysis.run().project;
        let defined = definition_span(project, &name)?;
        let mut out = Vec::new();
        for span in occurrences(&project.sources, &name) {
            if !declaration && span == defined {
                continue;
            }
            out.extend(self.location(place.w, &project.sources, span));
        }
        Some(out)
    }

    // lsp-types keys a workspace edit by `Uri`, which clippy takes for mutable.
    #[allow(clippy::mutable_key_type)]
    fn rename(
        &self,
        at: &lsp::TextDocumentPositionParams,
        new_name: &str,
    ) -> Result<Option<lsp::WorkspaceEdit>, Failure> {
        let Some(place) = self.at(at) else {
            return Ok(None);
        };
        let Some((name, _)) = word_at(&place.text, place.offset) else {
            return Ok(None);
        };
        let project = &place.analysis.run().project;
        if definition_span(project, &name).is_none() {
            return Err(Failure(
                ErrorCode::InvalidRequest,
                format!("`{name}` is not a claim, source or rule of this project"),
            ));
        }
        if !is_id(new_name) {
            return Err(Failure(
                ErrorCode::InvalidParams,
                format!("`{new_name}` is not an id: letters, digits, `_` and `.`, and a `[key]`"),
            ));
        }
        if definition_span(project, new_name).is_some() {
            return Err(Failure(
                ErrorCode::InvalidParams,
                format!("`{new_name}` already names something in this project"),
            ));
        }
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for span in occurrences(&project.sources, &name) {
            if let Some(location) = self.location(place.w, &project.sources, span) {
                changes
                    .entry(location.uri)
                    .or_default()
                    .push(lsp::TextEdit::new(location.range, new_name.to_owned()));
            }
        }
        Ok(Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..lsp::WorkspaceEdit::default()
        }))
    }

    fn completion(&self, at: &lsp::TextDocumentPositionParams) -> Option<lsp::CompletionResponse> {
        let place = self.at(at)?;
        let project = &place.analysis.run().project;
        let corpus = &project.corpus;
        let line_start = place.text[..place.offset]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let before = &place.text[line_start..place.offset];
        let kind = FileKind::of(&place.path)?;
        let claims = || -> Vec<lsp::CompletionItem> {
            corpus
                .claims
                .iter()
                .map(|c| lsp::CompletionItem {
                    label: c.id.to_string(),
                    kind: Some(lsp::CompletionItemKind::CONSTANT),
                    detail: Some(project.sources.slice(c.written.span).to_owned()),
                    documentation: c.title.clone().map(lsp::Documentation::String),
                    ..lsp::CompletionItem::default()
                })
                .collect()
        };
        let items = match kind {
            FileKind::Rules => claims(),
            FileKind::Draft => {
                if before
                    .rfind("claim=")
                    .is_some_and(|i| !before[i..].contains(['}', ' ']))
                {
                    claims()
                } else {
                    return None;
                }
            }
            FileKind::Claims | FileKind::JsonClaims => {
                let trimmed = before.trim_start();
                if trimmed.starts_with("cite") && !before.contains('"') {
                    corpus
                        .sources
                        .iter()
                        .map(|s| lsp::CompletionItem {
                            label: s.id.clone(),
                            kind: Some(lsp::CompletionItemKind::REFERENCE),
                            detail: s.decl.outlet.as_ref().map(|o| o.value.clone()),
                            ..lsp::CompletionItem::default()
                        })
                        .collect()
                } else if before.contains('=') && before.chars().any(|c| c.is_ascii_digit()) {
                    units()
                        .into_iter()
                        .map(|u| lsp::CompletionItem {
                            label: u.to_owned(),
                            kind: Some(lsp::CompletionItemKind::UNIT),
                            ..lsp::CompletionItem::default()
                        })
                        .collect()
                } else {
                    return None;
                }
            }
        };
        Some(lsp::CompletionResponse::Array(items))
    }

    #[allow(deprecated)]
    fn document_symbols(&self, uri: &lsp::Uri) -> Option<lsp::DocumentSymbolResponse> {
        let path = path_of(uri)?;
        let w = self.find_workspace(&path)?;
        let analysis = self.workspaces[w].analysis.as_ref()?;
        let project = &analysis.run().project;
        let name = path.strip_prefix(&self.workspaces[w].root).ok()?.to_str()?;
        let symbols = self
            .symbols(w, analysis)
            .into_iter()
            .filter(|(file, ..)| file == name)
            .map(|(_, symbol, kind, span, detail)| {
                let selection = self.location(w, &project.sources, span)?.range;
                Some(lsp::DocumentSymbol {
                    name: symbol,
                    detail,
                    kind,
                    tags: None,
                    deprecated: None,
                    range: selection,
                    selection_range: selection,
                    children: None,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(lsp::DocumentSymbolResponse::Nested(symbols))
    }

    #[allow(deprecated)]
    fn workspace_symbols(&self, query: &str) -> Option<lsp::WorkspaceSymbolResponse> {
        let query = query.to_lowercase();
        let mut out = Vec::new();
        for (w, workspace) in self.workspaces.iter().enumerate() {
            let Some(analysis) = &workspace.analysis else {
                continue;
            };
            let sources = &analysis.run().project.sources;
            for (_, name, kind, span, detail) in self.symbols(w, analysis) {
                if !name.to_lowercase().contains(&query) {
                    continue;
                }
                let Some(location) = self.location(w, sources, span) else {
                    continue;
                };
                out.push(lsp::SymbolInformation {
                    name,
                    kind,
                    tags: None,
                    deprecated: None,
                    location,
                    container_name: detail,
                });
            }
        }
        Some(lsp::WorkspaceSymbolResponse::Flat(out))
    }

    /// Every claim, source and rule: (file, name, kind, id span, detail).
    fn symbols(
        &self,
        _w: usize,
        analysis: &Analysis,
    ) -> Vec<(String, String, lsp::SymbolKind, Span, Option<String>)> {
        let project = &analysis.run().project;
        let sources = &project.sources;
        let mut out = Vec::new();
        for claim in &project.corpus.claims {
            out.push((
                sources.file(claim.id_span.file).name.clone(),
                claim.id.to_string(),
                lsp::SymbolKind::CONSTANT,
                claim.id_span,
                Some(sources.slice(claim.written.span).to_owned()),
            ));
        }
        for source in &project.corpus.sources {
            if let Some(id) = &source.decl.id {
                out.push((
                    sources.file(id.span.file).name.clone(),
                    source.id.clone(),
                    lsp::SymbolKind::OBJECT,
                    id.span,
                    source.decl.outlet.as_ref().map(|o| o.value.clone()),
                ));
            }
        }
        for rule in project.rules.iter() {
            out.push((
                sources.file(rule.id.span.file).name.clone(),
                rule.id.text.to_string(),
                lsp::SymbolKind::FUNCTION,
                rule.id.span,
                rule.title.as_ref().map(|t| t.value.clone()),
            ));
        }
        out
    }

    #[allow(clippy::mutable_key_type)]
    fn code_actions(&self, p: &lsp::CodeActionParams) -> Option<lsp::CodeActionResponse> {
        let path = path_of(&p.text_document.uri)?;
        let w = self.find_workspace(&path)?;
        let analysis = self.workspaces[w].analysis.as_ref()?;
        let project = &analysis.run().project;
        let mut actions = Vec::new();
        if FileKind::of(&path) == Some(FileKind::Draft) {
            actions.extend(self.draft_fixes(w, &path, p));
            actions.extend(self.draft_link(w, &path, p));
        }
        for report in analysis.run().reports.iter() {
            let rule = &project.rules[report.rule];
            if rule.expect.is_some()
                || !matches!(
                    report.result.outcome,
                    crate::eval::Outcome::Fail | crate::eval::Outcome::Unproven
                )
            {
                continue;
            }
            let Some(location) = self.location(w, &project.sources, rule.span) else {
                continue;
            };
            if path_of(&location.uri).as_deref() != Some(path.as_path())
                || location.range.end < p.range.start
                || location.range.start > p.range.end
            {
                continue;
            }
            // After the line that opens the rule's body.
            let file = project.sources.file(rule.span.file);
            let body = file.text[rule.span.start as usize..rule.span.end as usize]
                .find('{')
                .map(|i| rule.span.start as usize + i + 1)?;
            let starts = text::line_starts(&file.text);
            let at = text::position_in(&file.text, &starts, body, self.encoding);
            let outcome = if report.result.outcome == crate::eval::Outcome::Fail {
                "fail"
            } else {
                "unproven"
            };
            let edit = lsp::TextEdit::new(
                lsp::Range::new(at, at),
                format!("\n  expect {outcome} \"why the figures are expected to disagree\""),
            );
            let diagnostics: Vec<lsp::Diagnostic> = p
                .context
                .diagnostics
                .iter()
                .filter(|d| {
                    d.data
                        .as_ref()
                        .and_then(|v| v.get("rule"))
                        .and_then(|r| r.as_str())
                        == Some(&*rule.id.text)
                })
                .cloned()
                .collect();
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Mark rule `{}` as expected to {outcome}", rule.id.text),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(location.uri.clone(), vec![edit])])),
                    ..lsp::WorkspaceEdit::default()
                }),
                ..lsp::CodeAction::default()
            }));
        }
        Some(actions)
    }
}

impl Server {
    /// For each mismatched figure of a draft in the range: replace its digits
    /// with the claim's value, at the scale the draft writes it in.
    #[allow(clippy::mutable_key_type)]
    fn draft_fixes(
        &self,
        w: usize,
        path: &Path,
        p: &lsp::CodeActionParams,
    ) -> Vec<lsp::CodeActionOrCommand> {
        let Some(analysis) = &self.workspaces[w].analysis else {
            return Vec::new();
        };
        let Some(name) = path
            .strip_prefix(&self.workspaces[w].root)
            .ok()
            .and_then(Path::to_str)
        else {
            return Vec::new();
        };
        let Some(text) = self.file_text(w, name) else {
            return Vec::new();
        };
        let Some(uri) = uri_of(path) else {
            return Vec::new();
        };
        let starts = text::line_starts(&text);
        let corpus = &analysis.run().project.corpus;
        let mut out = Vec::new();
        for span in crate::syntax::drafts::scan(&text) {
            let range = text::range(&text, &starts, span.text.clone(), self.encoding);
            if range.end < p.range.start || range.start > p.range.end {
                continue;
            }
            let mismatched = analysis.findings().iter().any(|f| {
                f.code == "factlint::draft::mismatch"
                    && f.location.file == name
                    && text::offset_of_line_column(
                        &text,
                        &starts,
                        f.location.line,
                        f.location.column,
                    ) == span.text.start
            });
            let Some(id) = corpus.lookup(&span.claim) else {
                continue;
            };
            if !mismatched {
                continue;
            }
            let figure = &text[span.text.clone()];
            let Some((digits, replacement)) = rewritten_figure(figure, corpus.get(id)) else {
                continue;
            };
            // The digits are the claim's already: the figure differs in its
            // sign, period or currency, which rewriting digits cannot fix.
            if figure[digits.clone()] == replacement {
                continue;
            }
            let at = span.text.start + digits.start;
            let edit = lsp::TextEdit::new(
                text::range(
                    &text,
                    &starts,
                    at..span.text.start + digits.end,
                    self.encoding,
                ),
                replacement.clone(),
            );
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!(
                    "Write {replacement} (claim `{}` is {})",
                    span.claim,
                    analysis
                        .run()
                        .project
                        .sources
                        .slice(corpus.get(id).written.span)
                ),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                is_preferred: Some(true),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..lsp::WorkspaceEdit::default()
                }),
                ..lsp::CodeAction::default()
            }));
        }
        out
    }
}

/// A number in a draft that no `[...]{claim=...}` span covers.
struct Uncited<'a> {
    line_start: usize,
    line: &'a str,
    mention: crate::numerals::Mention,
    /// Its value (a percentage as a fraction).
    value: crate::base::exact::Exact,
}

/// The uncited number of a draft at byte `offset`, if any.
fn uncited_at(text: &str, offset: usize) -> Option<Uncited<'_>> {
    let spans = crate::syntax::drafts::scan(text);
    if spans.iter().any(|s| s.span.contains(&offset)) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let mention = crate::numerals::find_numbers(line)
        .into_iter()
        .find(|m| (m.span.start..=m.span.end).contains(&(offset - line_start)))?;
    let crate::numerals::MentionValue::Single(decimal) = mention.value else {
        return None;
    };
    let value = if mention.percent {
        decimal.value() / crate::base::exact::int(100)
    } else {
        decimal.value()
    };
    let value = if mention.negative { -value } else { value };
    Some(Uncited {
        line_start,
        line,
        mention,
        value,
    })
}

/// The claims whose intervals, in their written units, hold `value`.
fn holding(
    corpus: &crate::corpus::Corpus,
    value: &crate::base::exact::Exact,
) -> Vec<crate::corpus::ClaimId> {
    (0..corpus.claims.len() as u32)
        .map(crate::corpus::ClaimId)
        .filter(|id| {
            let c = corpus.get(*id);
            c.value.contains(&(value * &c.unit.factor))
        })
        .collect()
}

/// Lower-case words of four letters or more, digits left out.
fn words(text: &str) -> std::collections::HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}

impl Server {
    /// On an uncited number of a draft: cite the one claim whose interval
    /// holds it and whose quotes, title or id share a word with its line.
    #[allow(clippy::mutable_key_type)]
    fn draft_link(
        &self,
        w: usize,
        path: &Path,
        p: &lsp::CodeActionParams,
    ) -> Option<lsp::CodeActionOrCommand> {
        let analysis = self.workspaces[w].analysis.as_ref()?;
        let name = path.strip_prefix(&self.workspaces[w].root).ok()?.to_str()?;
        let text = self.file_text(w, name)?;
        let starts = text::line_starts(&text);
        let offset = text::offset(&text, &starts, p.range.start, self.encoding);
        let uncited = uncited_at(&text, offset)?;
        let corpus = &analysis.run().project.corpus;
        let context = words(uncited.line);
        let sharing: Vec<crate::corpus::ClaimId> = holding(corpus, &uncited.value)
            .into_iter()
            .filter(|id| {
                let c = corpus.get(*id);
                let mut theirs = words(&c.id.replace(['.', '_', '[', ']'], " "));
                theirs.extend(words(c.title.as_deref().unwrap_or_default()));
                for cite in &c.citations {
                    theirs.extend(words(&cite.quote.value));
                }
                !context.is_disjoint(&theirs)
            })
            .collect();
        let [id] = sharing[..] else {
            return None;
        };
        let claim = corpus.get(id);
        let at = uncited.line_start + uncited.mention.span.start;
        let end = uncited.line_start + uncited.mention.span.end;
        let figure = &text[at..end];
        let edit = lsp::TextEdit::new(
            text::range(&text, &starts, at..end, self.encoding),
            format!("[{figure}]{{claim={}}}", claim.id),
        );
        Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: format!(
                "Cite claim `{}` ({})",
                claim.id,
                analysis.run().project.sources.slice(claim.written.span)
            ),
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            edit: Some(lsp::WorkspaceEdit {
                changes: Some(HashMap::from([(uri_of(path)?, vec![edit])])),
                ..lsp::WorkspaceEdit::default()
            }),
            ..lsp::CodeAction::default()
        }))
    }
}

/// The digits of the first number in a draft's figure (`15` of `15 مليار`),
/// and the claim's value written with them at the figure's scale and the
/// claim's precision (`13`, or `13.0` for a claim of `13.0B`).
fn rewritten_figure(
    figure: &str,
    claim: &crate::corpus::Claim,
) -> Option<(std::ops::Range<usize>, String)> {
    let mention = crate::numerals::find_numbers(figure).into_iter().next()?;
    let crate::numerals::MentionValue::Single(read) = mention.value else {
        return None;
    };
    let within = &figure[mention.span.clone()];
    let start = within.find(|c: char| c.is_ascii_digit())?;
    let len = within[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(within.len() - start);
    let digits = within[start..start + len].trim_end_matches(['.', ',']);
    let written = crate::base::exact::Decimal::parse(&digits.replace(',', ""))?;
    // The scale the draft writes: what the mention reads over what its digits say.
    let scale = read.exponent - written.exponent;
    let crate::syntax::ast::ValueForm::Single { magnitude, .. } = &claim.written.form else {
        return None;
    };
    // A draft's numbers are read without a sign ("a loss of 4 billion"):
    // writing a negative claim's digits there would not state it.
    if magnitude.negative {
        return None;
    }
    let value = magnitude.decimal;
    // mantissa × 10^(exponent - scale), written out.
    let shift = value.exponent - scale;
    let mut text = value.mantissa.to_string();
    if shift >= 0 {
        text.push_str(&"0".repeat(usize::try_from(shift).ok()?));
    } else {
        let places = usize::try_from(-shift).ok()?;
        if text.len() <= places {
            text = format!("{}{text}", "0".repeat(places + 1 - text.len()));
        }
        text.insert(text.len() - places, '.');
    }
    let at = mention.span.start + start;
    Some((at..at + digits.len(), text))
}

/// A position in a file of a workspace.
struct Place<'a> {
    w: usize,
    analysis: &'a Analysis,
    path: PathBuf,
    text: String,
    offset: usize,
}

fn open_workspace(dir: &Path) -> Workspace {
    match crate::config::Config::discover(dir) {
        Ok(config) => {
            let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
            let project = Project::load(config, crate::check::CheckOptions::default(), &root);
            Workspace {
                root,
                project: Some(project),
                analysis: None,
                config_error: None,
            }
        }
        Err(e) => Workspace {
            root: e
                .path
                .parent()
                .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            project: None,
            analysis: None,
            config_error: Some((e.path.clone(), e.message.clone())),
        },
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// The id under the cursor (`openai.revenue[2025]`), with its byte range.
fn word_at(text: &str, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let ok = |c: char| is_id_char(c) || matches!(c, '[' | ']' | '*');
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = start;
    while let Some(c) = text[..start].chars().next_back()
        && ok(c)
    {
        start -= c.len_utf8();
    }
    while let Some(c) = text[end..].chars().next()
        && ok(c)
    {
        end += c.len_utf8();
    }
    let mut word = &text[start..end];
    // A `[` or `]` that does not belong to a key, and trailing dots.
    while word.ends_with(['.', '[']) || (word.ends_with(']') && !word.contains('[')) {
        word = &word[..word.len() - 1];
    }
    while word.starts_with(['.', '[', ']']) {
        word = &word[1..];
        start += 1;
    }
    if let Some(i) = word.find(']') {
        word = &word[..=i];
    }
    (!word.is_empty()).then(|| (word.to_owned(), start..start + word.len()))
}

/// Whether `name` can be a claim id: a dotted name and an optional key.
fn is_id(name: &str) -> bool {
    let (path, key) = match name.split_once('[') {
        Some((path, rest)) => match rest.strip_suffix(']') {
            Some(key) => (path, Some(key)),
            None => return false,
        },
        None => (name, None),
    };
    let part = |p: &str| {
        p.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    !path.is_empty()
        && path.split('.').all(part)
        && key.is_none_or(|k| !k.is_empty() && k.chars().all(|c| is_id_char(c) && c != '.'))
}

/// Where a claim, source or rule named `name` is defined.
fn definition_span(project: &crate::check::LoadedProject, name: &str) -> Option<Span> {
    if let Some(id) = project.corpus.lookup(name) {
        return Some(project.corpus.get(id).id_span);
    }
    if let Some(rule) = project.rules.iter().find(|r| &*r.id.text == name) {
        return Some(rule.id.span);
    }
    project
        .corpus
        .sources
        .iter()
        .find(|s| s.id == name)
        .and_then(|s| s.decl.id.as_ref().map(|id| id.span))
}

/// Every place `name` is written as a whole id in the project's files,
/// outside comments and strings (in drafts, as `claim=ID`).
fn occurrences(sources: &SourceMap, name: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (file, source) in sources.files() {
        let text = &*source.text;
        let draft = source.name.ends_with(".md");
        let json = source.name.ends_with(".json");
        let mut in_string = false;
        let mut in_comment = false;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'\n' {
                in_comment = false;
            }
            if !draft && !in_comment {
                if c == b'"' && (i == 0 || bytes[i - 1] != b'\\') {
                    in_string = !in_string;
                    // In JSON, the id is a string's whole value.
                    if json
                        && in_string
                        && text[i + 1..].starts_with(name)
                        && text[i + 1 + name.len()..].starts_with('"')
                    {
                        out.push(Span::new(file, i + 1, i + 1 + name.len()));
                    }
                    i += 1;
                    continue;
                }
                if c == b'#' && !in_string {
                    in_comment = true;
                }
            }
            let code = !in_string && !in_comment && !json;
            if code && text[i..].starts_with(name) {
                let before = text[..i].chars().next_back();
                let after = text[i + name.len()..].chars().next();
                let whole = before.is_none_or(|c| !is_id_char(c) && c != '[')
                    && after.is_none_or(|c| !is_id_char(c) && c != '[');
                let cited = !draft || text[..i].ends_with("claim=");
                if whole && cited {
                    out.push(Span::new(file, i, i + name.len()));
                    i += name.len();
                    continue;
                }
            }
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

fn units() -> Vec<&'static str> {
    let mut out: Vec<&str> = crate::quantity::units::CURRENCIES.to_vec();
    out.extend([
        "%", "day", "week", "month", "quarter", "year", "W", "kW", "MW", "GW", "Wh", "kWh", "MWh",
        "GWh", "TWh",
    ]);
    out
}

fn claim_hover(analysis: &Analysis, id: crate::corpus::ClaimId) -> String {
    let project = &analysis.run().project;
    let corpus = &project.corpus;
    let claim = corpus.get(id);
    let unit = (claim.unit_name.clone(), claim.unit.factor.clone());
    let mut out = format!("**claim** `{}`", claim.id);
    if let Some(title) = &claim.title {
        out.push_str(&format!(": {title}"));
    }
    out.push_str(&format!(
        "\n\nwritten `{}`, read as **{}**\n\n{}\n",
        project.sources.slice(claim.written.span),
        crate::report::format_interval(&claim.value, &unit),
        crate::explain::reading(corpus, id)
    ));
    if !claim.citations.is_empty() {
        out.push_str("\nsources:\n");
        for cite in &claim.citations {
            let source = &corpus.sources[cite.source];
            let outlet = source
                .decl
                .outlet
                .as_ref()
                .map(|o| format!(" ({})", o.value))
                .unwrap_or_default();
            let lang = source
                .decl
                .language
                .as_ref()
                .map(|l| l.value.as_str())
                .unwrap_or("");
            out.push_str(&format!(
                "- `{}`{outlet}: \u{2068}{}\u{2069}{}\n",
                source.id,
                crate::base::text::printable(&cite.quote.value),
                if lang.is_empty() {
                    String::new()
                } else {
                    format!(" [{lang}]")
                }
            ));
        }
    }
    out
}

fn rule_hover(analysis: &Analysis, id: &str) -> String {
    let mut out = format!("**rule** `{id}`");
    let Some(outcome) = analysis.outcome(id) else {
        return out;
    };
    out.push_str(&format!(": **{}**", outcome.verdict));
    if let crate::analysis::data::OutcomeDetail::Rule(rule) = &outcome.detail {
        if let Some(title) = &rule.title {
            out.push_str(&format!("\n\n{title}"));
        }
        out.push('\n');
        for assertion in &rule.assertions {
            for c in &assertion.comparisons {
                let rhs = c
                    .widened
                    .as_ref()
                    .map(|w| w.shown.clone())
                    .or_else(|| c.rhs.as_ref().map(|r| r.interval.shown.clone()))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "\n- `{}` {} {} {}: {}",
                    c.lhs.expression, c.lhs.interval.shown, c.operator, rhs, c.truth
                ));
            }
        }
    }
    if let Ok(explanation) = crate::explain::explain(analysis, id) {
        for a in &explanation.assertions {
            if let Some(d) = &a.tree.decided {
                out.push_str(&format!("\n\n{d}"));
            }
        }
        if let Some(fixes) = &explanation.fixes {
            out.push_str(&format!("\n\n{}", fixes.summary));
        }
    }
    out
}

fn source_hover(source: &crate::corpus::Source) -> String {
    let mut out = format!("**source** `{}`", source.id);
    for (label, value) in [
        ("outlet", &source.decl.outlet),
        ("title", &source.decl.title),
        ("date", &source.decl.date),
        ("language", &source.decl.language),
        ("url", &source.decl.url),
        ("file", &source.decl.file),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("\n\n{label}: {}", v.value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_under_the_cursor_is_a_whole_id() {
        let text = "assert openai.revenue[2025] < spend.";
        let at = text.find("revenue").expect("in the text");
        assert_eq!(
            word_at(text, at).map(|w| w.0).as_deref(),
            Some("openai.revenue[2025]")
        );
        let at = text.find("spend").expect("in the text");
        assert_eq!(word_at(text, at).map(|w| w.0).as_deref(), Some("spend"));
        let draft = "[15 million]{claim=sora.daily_cost}";
        let at = draft.find("daily").expect("in the text");
        assert_eq!(
            word_at(draft, at).map(|w| w.0).as_deref(),
            Some("sora.daily_cost")
        );
    }

    #[test]
    fn ids_for_rename() {
        assert!(is_id("openai.revenue[2025-05]"));
        assert!(is_id("spend"));
        assert!(!is_id("open ai"));
        assert!(!is_id("1st"));
        assert!(!is_id("a[b"));
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/a dir/سورا.claims");
        let uri = uri_of(path).expect("a URI");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/a%20dir/%D8%B3%D9%88%D8%B1%D8%A7.claims"
        );
        assert_eq!(path_of(&uri).as_deref(), Some(path));
    }
}
