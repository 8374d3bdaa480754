//! `factlint lsp` driven over real JSON-RPC: in process (lsp-server's
//! memory connection) and as the real binary over stdio.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const CLAIMS: &str = "source news { outlet \"A newspaper\" }\n\
claim revenue = 13B USD { cite news \"a revenue of 13B dollars\" }\n\
claim spend = more than 14B USD { cite news \"more than 14B dollars\" }\n";

const RULES: &str = "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n\
rule double \"Spend is twice revenue\" {\n  assert spend ~= revenue * 2 within 5%\n}\n";

/// A draft whose figure (after an Arabic word) contradicts `revenue`.
const DRAFT: &str = "# مسودة\n\nالإيرادات [15 مليار]{claim=revenue} دولار.\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in [
        ("corpus/a.claims", CLAIMS),
        ("rules/a.rules", RULES),
        ("drafts/a.md", DRAFT),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn uri(path: &Path) -> String {
    factlint::lsp::uri_of(path)
        .expect("a file URI")
        .as_str()
        .to_owned()
}

/// A client over an in-process connection.
struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<i32>>,
    next: i32,
    /// Notifications received while waiting for responses.
    inbox: Vec<Notification>,
    /// The diagnostics last published, by URI.
    latest: std::collections::HashMap<String, Vec<Value>>,
}

impl Client {
    fn start(root: &Path, encodings: &[&str], pull: bool) -> (Client, Value) {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || factlint::lsp::serve(&server));
        let mut client = Client {
            connection: client,
            server: Some(handle),
            next: 0,
            inbox: Vec::new(),
            latest: std::collections::HashMap::new(),
        };
        let mut capabilities = json!({
            "general": { "positionEncodings": encodings },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
            "textDocument": {}
        });
        if pull {
            capabilities["textDocument"]["diagnostic"] = json!({});
        }
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": capabilities,
                "workspaceFolders": [{ "uri": uri(root), "name": "project" }],
            }),
        );
        client.notify("initialized", json!({}));
        (client, result.expect("initialize succeeds"))
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                method.to_owned(),
                params,
            )))
            .expect("the server is up");
    }

    /// Sends a request and waits for its response: the result, or the error.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.connection
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.to_owned(),
                params,
            )))
            .expect("the server is up");
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Ok(v) => Ok(v),
                        Err(e) => Err(serde_json::to_value(e).expect("an error")),
                    };
                }
                Message::Notification(n) => self.inbox.push(n),
                _ => {}
            }
        }
    }

    fn recv(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// Waits until the diagnostics last published for `file` satisfy
    /// `done`; returns them.
    fn diagnostics(&mut self, file: &Path, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let want = uri(file);
        loop {
            for n in std::mem::take(&mut self.inbox) {
                if n.method == "textDocument/publishDiagnostics" {
                    let uri = n.params["uri"].as_str().unwrap_or_default().to_owned();
                    let list = n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    self.latest.insert(uri, list);
                }
            }
            if let Some(d) = self.latest.get(&want)
                && done(d)
            {
                return d.clone();
            }
            if let Message::Notification(n) = self.recv() {
                self.inbox.push(n);
            }
        }
    }

    fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("running")
            .join()
            .expect("the server thread ends")
    }
}

fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

#[test]
fn drafts_are_checked_as_typed_and_claims_changed_on_disk_reach_them() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, init) = Client::start(&root, &[], false);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental"
    );

    // At start, the whole project: the failing rule, in a file not open.
    let rules = root.join("rules/a.rules");
    let d = client.diagnostics(&rules, |d| !d.is_empty());
    assert_eq!(d[0]["code"], "factlint::rule::inconsistent");
    assert_eq!(d[0]["range"]["start"], position(4, 9));

    // The draft, opened: the figure after the Arabic word, in UTF-16 columns.
    let draft = root.join("drafts/a.md");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(&draft), "languageId": "markdown", "version": 1, "text": DRAFT } }),
    );
    let d = client.diagnostics(&draft, |d| !d.is_empty());
    assert_eq!(d[0]["code"], "factlint::draft::mismatch");
    assert_eq!(d[0]["range"]["start"], position(2, 11));
    assert_eq!(d[0]["range"]["end"], position(2, 19));
    assert_eq!(d[0]["severity"], 1);

    // Edited in the buffer, not saved: 15 -> 13, and the diagnostic clears.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(&draft), "version": 2 },
            "contentChanges": [{ "range": { "start": position(2, 11), "end": position(2, 13) }, "text": "13" }],
        }),
    );
    client.diagnostics(&draft, <[Value]>::is_empty);
    assert!(
        std::fs::read_to_string(&draft)
            .expect("the draft")
            .contains("15 مليار"),
        "nothing is written"
    );

    // A claim changed on disk (a checkout), in a file that is not open: the
    // draft that cites it is flagged again.
    let claims = root.join("corpus/a.claims");
    std::fs::write(&claims, CLAIMS.replace("13B", "17B")).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&claims), "type": 2 }] }),
    );
    let d = client.diagnostics(&draft, |d| !d.is_empty());
    assert_eq!(d[0]["code"], "factlint::draft::mismatch");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn utf8_columns_when_the_client_offers_them() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, init) = Client::start(&root, &["utf-8", "utf-16"], false);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let draft = root.join("drafts/a.md");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(&draft), "languageId": "markdown", "version": 1, "text": DRAFT } }),
    );
    let d = client.diagnostics(&draft, |d| !d.is_empty());
    // Nine Arabic letters of two bytes, a space and `[`.
    assert_eq!(d[0]["range"]["start"], position(2, 20));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn pull_diagnostics_for_clients_that_ask() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, init) = Client::start(&root, &[], true);
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    let rules = root.join("rules/a.rules");
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri(&rules) } }),
        )
        .expect("a report");
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "factlint::rule::inconsistent");
    let all = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .expect("a report");
    assert!(all["items"].as_array().expect("items").len() >= 3);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_shows_signed_scientific_and_declared_precision_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let claims =
        "claim loss = -4B EUR\nclaim revenue = 1.2e9 USD\nclaim filed = 58000 USD precision 1k\n";
    let rules = "rule r {\n  assert loss < −3B EUR and revenue > 0 USD and filed > 0 USD\n}\n";
    for (path, text) in [("corpus/a.claims", claims), ("rules/a.rules", rules)] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, _) = Client::start(&root, &[], false);
    let doc = json!({ "uri": uri(&root.join("rules/a.rules")) });
    let hover = |client: &mut Client, character| {
        let at = json!({ "textDocument": doc, "position": position(1, character) });
        let hover = client.request("textDocument/hover", at).expect("hover");
        hover["contents"]["value"]
            .as_str()
            .expect("markdown")
            .to_owned()
    };
    let text = hover(&mut client, 10);
    assert!(
        text.contains("written `-4B EUR`, read as **[-4.5B, -3.5B] EUR**"),
        "{text}"
    );
    let text = hover(&mut client, 30);
    assert!(
        text.contains("written `1.2e9 USD`, read as **[1.15B, 1.25B] USD**"),
        "{text}"
    );
    let text = hover(&mut client, 50);
    assert!(
        text.contains("written `58000 USD precision 1k`, read as **[57.5k, 58.5k] USD**"),
        "{text}"
    );
    assert!(text.contains("a declared precision"), "{text}");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_definition_references_rename_completion_symbols_and_actions() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, _) = Client::start(&root, &[], false);
    let rules = root.join("rules/a.rules");
    let doc = json!({ "uri": uri(&rules) });
    // `revenue` in `assert revenue < spend` (line 1, column 9).
    let at =
        |line, character| json!({ "textDocument": doc, "position": position(line, character) });

    let hover = client
        .request("textDocument/hover", at(1, 10))
        .expect("hover");
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("**claim** `revenue`"), "{text}");
    assert!(text.contains("read as **[12.5B, 13.5B] USD**"), "{text}");
    assert!(text.contains("a revenue of 13B dollars"), "{text}");

    let hover = client
        .request("textDocument/hover", at(3, 7))
        .expect("hover on a rule");
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("**rule** `double`: **failed**"), "{text}");
    assert!(text.contains("passes if"), "{text}");

    let definition = client
        .request("textDocument/definition", at(1, 10))
        .expect("definition");
    assert_eq!(definition["uri"], uri(&root.join("corpus/a.claims")));
    assert_eq!(definition["range"]["start"], position(1, 6));

    let mut with_declaration = at(1, 10);
    with_declaration["context"] = json!({ "includeDeclaration": true });
    let references = client
        .request("textDocument/references", with_declaration)
        .expect("references");
    let files: Vec<&str> = references
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["uri"].as_str().expect("a uri"))
        .collect();
    assert_eq!(files.len(), 4, "{files:?}: the claim, two rules, the draft");
    assert!(files.contains(&uri(&root.join("drafts/a.md")).as_str()));

    let mut rename = at(1, 10);
    rename["newName"] = json!("income");
    let edit = client
        .request("textDocument/rename", rename)
        .expect("rename");
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[&uri(&rules)].as_array().expect("edits").len(), 2);
    let mut bad = at(1, 10);
    bad["newName"] = json!("not an id");
    let refused = client
        .request("textDocument/rename", bad)
        .expect_err("refused");
    assert_eq!(refused["code"], -32602);

    let completion = client
        .request("textDocument/completion", at(1, 9))
        .expect("completion");
    let labels: Vec<&str> = completion
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["label"].as_str().expect("label"))
        .collect();
    assert!(
        labels.contains(&"spend") && labels.contains(&"revenue"),
        "{labels:?}"
    );
    let spend = completion
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["label"] == "spend")
        .expect("spend");
    assert_eq!(spend["detail"], "more than 14B USD");

    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        )
        .expect("symbols");
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["under", "double"]);
    let found = client
        .request("workspace/symbol", json!({ "query": "SPE" }))
        .expect("workspace symbols");
    assert_eq!(found[0]["name"], "spend");

    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": doc,
                "range": { "start": position(4, 9), "end": position(4, 9) },
                "context": { "diagnostics": [] },
            }),
        )
        .expect("actions");
    let action = &actions[0];
    assert_eq!(action["title"], "Mark rule `double` as expected to fail");
    let edit = &action["edit"]["changes"][uri(&rules)][0];
    assert_eq!(edit["range"]["start"], position(3, 38));
    assert!(
        edit["newText"]
            .as_str()
            .expect("text")
            .contains("expect fail")
    );

    // Formatting: the unsaved buffer in `factlint fmt`'s layout, one edit.
    let messy = RULES.replace("assert revenue < spend", "assert   revenue<spend");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(&rules), "languageId": "factlint", "version": 1, "text": messy } }),
    );
    let edits = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .expect("formatting");
    assert_eq!(
        edits[0]["newText"],
        RULES.replace("revenue < spend", "revenue<spend")
    );
    assert_eq!(edits[0]["range"]["start"], position(0, 0));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn drafts_get_a_fix_for_a_wrong_figure_and_a_hover_for_an_uncited_one() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, _) = Client::start(&root, &[], false);
    let draft = root.join("drafts/a.md");
    let text = format!("{DRAFT}\nSpending was 14.5 billion dollars.\n");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(&draft), "languageId": "markdown", "version": 1, "text": text } }),
    );
    client.diagnostics(&draft, |d| !d.is_empty());
    let doc = json!({ "uri": uri(&draft) });
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": doc,
                "range": { "start": position(2, 12), "end": position(2, 12) },
                "context": { "diagnostics": [] },
            }),
        )
        .expect("actions");
    let action = &actions[0];
    assert_eq!(action["title"], "Write 13 (claim `revenue` is 13B USD)");
    let edit = &action["edit"]["changes"][uri(&draft)][0];
    assert_eq!(edit["newText"], "13");
    assert_eq!(edit["range"]["start"], position(2, 11));
    assert_eq!(edit["range"]["end"], position(2, 13));

    // `14.5 billion` cites nothing; `spend` (more than 14B) holds it.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": doc, "position": position(4, 16) }),
        )
        .expect("hover");
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("cites no claim"), "{value}");
    assert!(value.contains("- `spend`: `more than 14B USD`"), "{value}");
    assert!(!value.contains("`revenue`"), "{value}");

    // And a quick fix cites it: one claim holds it and shares a word (dollars).
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": doc,
                "range": { "start": position(4, 16), "end": position(4, 16) },
                "context": { "diagnostics": [] },
            }),
        )
        .expect("actions");
    assert_eq!(
        actions[0]["title"],
        "Cite claim `spend` (more than 14B USD)"
    );
    let edit = &actions[0]["edit"]["changes"][uri(&draft)][0];
    assert_eq!(edit["newText"], "[14.5 billion]{claim=spend}");
    assert_eq!(edit["range"]["start"], position(4, 13));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn bad_requests_are_answered_and_the_server_goes_on() {
    let dir = project();
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let (mut client, _) = Client::start(&root, &[], false);
    let unknown = client
        .request("factlint/nothing", json!({}))
        .expect_err("unknown method");
    assert_eq!(unknown["code"], -32601);
    let malformed = client
        .request("textDocument/hover", json!({ "textDocument": 7 }))
        .expect_err("bad params");
    assert_eq!(malformed["code"], -32602);
    // Still serving.
    let symbols = client
        .request("workspace/symbol", json!({ "query": "" }))
        .expect("symbols");
    assert!(symbols.as_array().expect("symbols").len() >= 5);
    assert_eq!(client.shutdown(), 0);
}

/// The real binary over stdio.
struct Binary {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
}

impl Binary {
    fn send_raw(&mut self, body: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.out.read_line(&mut line).expect("read") > 0,
                "the server hung up"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.out.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// Reads until the response with `id` (skipping notifications and requests).
    fn response(&mut self, id: &Value) -> Value {
        loop {
            let m = self.read();
            if m.get("method").is_none() && &m["id"] == id {
                return m;
            }
        }
    }
}

#[test]
fn the_binary_over_stdio_survives_malformed_messages() {
    let dir = project();
    let root: PathBuf = std::fs::canonicalize(dir.path()).expect("canonical");
    let mut child = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("factlint lsp");
    let out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut server = Binary { child, out };
    server.send(json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": uri(&root), "capabilities": {} },
    }));
    let init = server.response(&json!(1));
    assert_eq!(init["result"]["serverInfo"]["name"], "factlint");
    server.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));

    // Not JSON: a parse error with a null id.
    server.send_raw("{ this is not json");
    let error = server.response(&Value::Null);
    assert_eq!(error["error"]["code"], -32700);
    // JSON, but not a message.
    server.send_raw(r#"{"jsonrpc":"2.0","id":5,"method":7}"#);
    let error = server.response(&json!(5));
    assert_eq!(error["error"]["code"], -32600);

    // Still serving.
    let rules = root.join("rules/a.rules");
    server.send(json!({
        "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri(&rules) }, "position": position(1, 10) },
    }));
    let hover = server.response(&json!(2));
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .expect("markdown")
            .contains("**claim** `revenue`")
    );
    server.send(json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown" }));
    assert_eq!(server.response(&json!(3))["result"], Value::Null);
    server.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    drop(server.child.stdin.take());
    let status = server.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(0));
}
