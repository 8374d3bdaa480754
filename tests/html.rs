//! `factlint report --html DIR` through the real binary: the page of the
//! bundled corpus and of a project with a failing rule, exit codes, a DIR
//! that is a file, hostile input coming out inert; and the page rendered in
//! headless Chromium, checked from the browser's side over the DevTools
//! protocol (sections, plots, filtering, right-to-left quotes, no console
//! error, no network request, no CSP violation), with screenshots in
//! `target/` for a person to look at.

use serde_json::{Value, json};
use std::io::BufRead as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `factlint ARGS` in `dir`, with `CI` unset.
fn factlint(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(dir)
        .args(args)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run factlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A project of `files` (path, text) in a new temporary directory.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

const CLAIMS: &str = "source s { outlet \"A newspaper\" language \"en\" }\n\
claim revenue = 16B USD { cite s \"a revenue of 16B dollars\" }\n\
claim spend = more than 14B USD { cite s \"more than 14B dollars\" }\n";

const RULES: &str = "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n\
rule positive \"Spend is positive\" {\n  assert spend > 0 USD\n}\n";

/// The page of the bundled corpus, written by the binary into a new
/// temporary directory (returned with it).
fn bundled_page() -> (tempfile::TempDir, PathBuf, Run) {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("report");
    let run = factlint(
        repository(),
        &["report", "--html", dir.to_str().expect("a UTF-8 path")],
    );
    (out, dir.join("index.html"), run)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the page was written")
}

#[test]
fn the_bundled_corpus_gets_a_page_with_a_section_and_a_plot_per_rule() {
    let (_out, page, run) = bundled_page();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("wrote the report to ")
            && lines[0].contains("index.html (result: ok."),
        "{}",
        run.stderr
    );
    let html = read(&page);
    let analysis = factlint::analysis::Project::open(repository())
        .expect("the bundled project")
        .into_analysis();
    let rules = analysis.rules().len();
    assert!(rules > 30);
    assert_eq!(html.matches("<section class=\"rule\"").count(), rules);
    assert_eq!(html.matches("<svg ").count(), rules);
    assert_eq!(
        html.matches("<section class=\"check\"").count(),
        analysis.outcomes().len() - rules
    );
    assert_eq!(
        html.matches("<tr data-verdict=").count(),
        analysis.outcomes().len()
    );
    // Self-contained: one inline script and style, allowed by hash only.
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-"));
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("<style").count(), 1);
    for external in ["<link", " src=", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(external), "{external} in the page");
    }
    // Quotes in their own language and direction.
    assert!(html.contains("<q class=\"quote\" lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("<q class=\"quote\" lang=\"zh-Hant\" dir=\"auto\">"));
    // The expected failure's gap is drawn, with the distance the report gives.
    let section = section(&html, "rule-coreweave.doubling");
    assert!(section.contains("class=\"gap\""), "{section}");
    assert!(section.contains("misses by 127M USD (0.54%)"), "{section}");
    // The explain tree and what would make it pass, as `factlint explain` gives them.
    assert!(
        section.contains("The evaluation, step by step"),
        "{section}"
    );
    assert!(
        section.contains("no qualifier: the written digits"),
        "{section}"
    );
    assert!(
        section.contains("passes if coreweave.supply[before] were from 10.6B USD to 11.8B USD"),
        "{section}"
    );
    // The same bytes on every run.
    let (_again, page_again, _) = bundled_page();
    assert_eq!(read(&page_again), html);
}

/// The text of the section with `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("a section {id}"));
    let end = html[start..].find("</section>").expect("closed") + start;
    &html[start..end]
}

#[test]
fn a_failing_rule_exits_one_and_its_page_shows_the_gap() {
    let dir = project(&[
        ("corpus/a.claims", CLAIMS),
        ("rules/a.rules", RULES),
        (
            "drafts/a.md",
            "# Draft\n\nThe company took in [16 billion dollars]{claim=revenue}.\n",
        ),
    ]);
    let check = factlint(dir.path(), &["check"]);
    let run = factlint(dir.path(), &["report", "--html", "out/nested"]);
    assert_eq!(check.code, 1);
    assert_eq!(run.code, check.code, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "wrote the report to out/nested/index.html (result: FAILED. 5 passed; 1 failed"
        ),
        "{}",
        run.stderr
    );
    let html = read(&dir.path().join("out/nested/index.html"));
    let under = section(&html, "rule-under");
    assert!(under.contains("data-verdict=\"failed\""));
    assert!(under.contains("[15.5B, 16.5B] USD"), "{under}");
    assert!(under.contains("(14B, 15B] USD"), "{under}");
    assert!(under.contains("class=\"gap\""));
    // The distance, as the full report says it.
    let miss = check
        .stdout
        .split("misses by ")
        .nth(1)
        .and_then(|rest| rest.split(['\n', ' ']).next())
        .expect("the report gives the distance");
    assert_eq!(miss, "500M");
    assert!(under.contains("misses by 500M USD"), "{under}");
    // An open end is drawn hollow.
    assert!(under.contains("class=\"open\""));
    assert!(under.contains("factlint::rule::inconsistent"), "{under}");
    // The claim links to its quote and to the draft figure citing it.
    assert!(
        under.contains("<q class=\"quote\" lang=\"en\" dir=\"auto\">a revenue of 16B dollars</q>"),
        "{under}"
    );
    assert!(under.contains("Cited in drafts:"), "{under}");
    assert!(
        under.contains("16 billion dollars</span> <span class=\"place\">drafts/a.md:3</span>"),
        "{under}"
    );
    assert!(
        under.contains("<a href=\"#rule-under-claim-0\">"),
        "{under}"
    );
    assert!(html.contains("<section class=\"check\" id=\"check-drafts\""));
    // Nothing else was written into the project.
    let mut names: Vec<String> = walk(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "corpus/a.claims",
            "drafts/a.md",
            "out/nested/index.html",
            "rules/a.rules"
        ]
    );
    // -k selects as in `check`.
    let filtered = factlint(dir.path(), &["report", "--html", "out", "-k", "positive"]);
    assert_eq!(filtered.code, 0, "{}", filtered.stderr);
    let html = read(&dir.path().join("out/index.html"));
    assert_eq!(html.matches("<section class=\"rule\"").count(), 1);
    assert!(html.contains("5 filtered out"));
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

#[test]
fn exit_codes_are_those_of_check() {
    let ok = project(&[
        ("corpus/a.claims", CLAIMS),
        (
            "rules/a.rules",
            "rule positive {\n  assert spend > 0 USD\n}\n",
        ),
    ]);
    assert_eq!(factlint(ok.path(), &["report", "--html", "out"]).code, 0);
    // A syntax error in a claims file: nothing is checked, the page says so.
    let broken = project(&[("corpus/a.claims", "claim = {\n"), ("rules/a.rules", RULES)]);
    let check = factlint(broken.path(), &["check"]);
    let run = factlint(broken.path(), &["report", "--html", "out"]);
    assert_eq!(check.code, 2);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let html = read(&broken.path().join("out/index.html"));
    assert!(html.contains("<section class=\"problems\""), "{html}");
    assert!(html.contains("factlint::parse"), "{html}");
    // An invalid configuration: the diagnostic, no page.
    let config = project(&[("factlint.toml", "rules = 3\n"), ("rules/a.rules", RULES)]);
    let run = factlint(config.path(), &["report", "--html", "out"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid configuration"),
        "{}",
        run.stderr
    );
    assert!(!config.path().join("out").exists());
    // `--html` is required.
    assert_eq!(factlint(ok.path(), &["report"]).code, 2);
}

#[test]
fn a_dir_that_is_a_file_is_refused_and_left_alone() {
    let dir = project(&[
        ("corpus/a.claims", CLAIMS),
        ("rules/a.rules", RULES),
        ("out", "not a directory\n"),
    ]);
    let run = factlint(dir.path(), &["report", "--html", "out"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: cannot write the report into out: it is not a directory"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&dir.path().join("out")), "not a directory\n");
    let mut names = walk(dir.path());
    names.sort();
    assert_eq!(names, ["corpus/a.claims", "out", "rules/a.rules"]);
}

/// Claims, rules and a draft written to break out of the page.
fn hostile_project() -> tempfile::TempDir {
    let claims = "source s {\n  outlet \"Evil \u{202e}txt.exe</bdi><script>window.__pwned = 1</script>\"\n  \
         title \"\\\"><img src=x onerror=window.__pwned=2>\"\n  language \"ar\\\" onmouseover=\\\"window.__pwned=3\"\n  \
         url \"javascript:window.__pwned=4\"\n}\n\
         claim revenue = 16B USD {\n  title \"</script><script>window.__pwned=5</script>\"\n  \
         cite s \"16B dollars \\\"><img src=x onerror=window.__pwned=6> \u{202e}\u{2066}reversed\"\n}\n\
         claim spend = more than 14B USD { cite s \"more than 14B dollars\" }\n";
    let rules = "rule under \"</script><svg onload=window.__pwned=7> \u{202e}gnp.exe\" {\n  assert revenue < spend\n}\n";
    let draft = "Revenue was [16B dollars <img src=x onerror=window.__pwned=8>]{claim=revenue}.\n";
    project(&[
        ("corpus/a.claims", claims),
        ("rules/\"><img src=x onerror=window.__pwned=9>.rules", rules),
        ("drafts/a.md", draft),
    ])
}

#[test]
fn hostile_ids_titles_quotes_and_names_come_out_inert() {
    let dir = hostile_project();
    let run = factlint(dir.path(), &["report", "--html", "out"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let html = read(&dir.path().join("out/index.html"));
    assert!(html.contains("window.__pwned"), "the hostile text is shown");
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("</script>").count(), 1);
    for raw in ['\u{202e}', '\u{2066}'] {
        assert!(!html.contains(raw), "a raw {raw:?} in the page");
    }
    assert!(html.contains("\\u{202e}"), "overrides are shown escaped");
    assert!(!html.contains("javascript:"), "no script link");
    assert!(
        !html.contains("lang=\"ar\\\""),
        "a language that is no tag is left out"
    );
    // Every tag outside the script and style is one the page writes, and no
    // attribute is an event handler.
    let (before_script, _) = html.split_once("<script>").expect("the script");
    let (head, body) = before_script.split_once("</style>").expect("the style");
    let head = head.split_once("<style>").expect("the style").0;
    for part in [head, body] {
        for tag in part.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            let (name, attributes) = parse_tag(tag);
            assert!(TAGS.contains(&name.as_str()), "an unexpected tag <{tag}>");
            for attribute in attributes {
                assert!(
                    !attribute.to_ascii_lowercase().starts_with("on"),
                    "an event handler in <{tag}>"
                );
            }
        }
    }
}

/// A tag's name and its attributes' names (the text between `<` and `>`;
/// values are quoted with `"`, which the page escapes inside them).
fn parse_tag(tag: &str) -> (String, Vec<String>) {
    let tag = tag.trim_start_matches('/').trim_end_matches('/');
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect();
    let mut rest = &tag[name.len()..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        attributes.push(rest[..end].to_owned());
        rest = &rest[end..];
        if let Some(value) = rest.strip_prefix('=') {
            if let Some(quoted) = value.strip_prefix('"') {
                let close = quoted.find('"').expect("a closed attribute value");
                rest = &quoted[close + 1..];
            } else {
                let end = value.find(char::is_whitespace).unwrap_or(value.len());
                rest = &value[end..];
            }
        }
    }
    (name, attributes)
}

/// The tags the page is made of.
const TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "details",
    "summary",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "code",
    "span",
    "strong",
    "q",
    "cite",
    "bdi",
    "br",
    "wbr",
    "figure",
    "figcaption",
    "svg",
    "g",
    "text",
    "line",
    "rect",
    "circle",
    "polygon",
    "path",
];

// ---------------------------------------------------------------------------
// Headless Chromium over the DevTools protocol.

/// Debian's `chromium` on `PATH`, else another build of it that a CI image
/// may carry under another name (GitHub's Ubuntu runners have
/// `google-chrome`).
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Whether `CI` is set (to anything but empty, `0` or `false`).
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// A headless Chromium and one page of it, driven over the DevTools
/// protocol; the browser is killed when this is dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    socket: tungstenite::WebSocket<TcpStream>,
    session: Option<String>,
    next_id: u64,
    /// Every event received, in order.
    events: Vec<Value>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.socket.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const TIMEOUT: Duration = Duration::from_secs(60);

impl Browser {
    fn launch(binary: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("a profile directory");
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--lang=en-US",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (found, address) = std::sync::mpsc::channel();
        // Reads stderr to its end, so the browser never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(at) = line.find("DevTools listening on ws://") {
                    let _ = found.send(
                        line[at + "DevTools listening on ".len()..]
                            .trim()
                            .to_owned(),
                    );
                }
            }
        });
        let url = address
            .recv_timeout(TIMEOUT)
            .expect("chromium prints `DevTools listening on ws://...`");
        let host = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("host:port")
            .to_owned();
        let stream = TcpStream::connect(&host).expect("connect to DevTools");
        stream
            .set_read_timeout(Some(TIMEOUT))
            .expect("a read timeout");
        let (socket, _) =
            tungstenite::client(url.as_str(), stream).expect("the websocket handshake");
        let mut browser = Browser {
            child,
            _profile: profile,
            socket,
            session: None,
            next_id: 0,
            events: Vec::new(),
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        browser.session = Some(
            attached["sessionId"]
                .as_str()
                .expect("a session")
                .to_owned(),
        );
        browser
    }

    fn receive(&mut self) -> Value {
        loop {
            match self.socket.read().expect("a DevTools message") {
                tungstenite::Message::Text(text) => {
                    return serde_json::from_str(text.as_str()).expect("JSON from DevTools");
                }
                tungstenite::Message::Close(_) => panic!("DevTools closed the connection"),
                _ => {}
            }
        }
    }

    /// Sends a command to the page (or to the browser before a page is
    /// attached) and returns its result; events met meanwhile are kept.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .expect("send to DevTools");
        loop {
            let reply = self.receive();
            if reply["id"].as_u64() == Some(id) {
                if let Some(error) = reply.get("error") {
                    panic!("{method} failed: {error}");
                }
                return reply["result"].clone();
            }
            if reply.get("method").is_some() {
                self.events.push(reply);
            }
        }
    }

    /// Waits for the event `method` after the first `from` events.
    fn wait_for(&mut self, method: &str, from: usize) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(event) = self.events[from..].iter().find(|e| e["method"] == method) {
                return event.clone();
            }
            assert!(Instant::now() < deadline, "no {method} event");
            let event = self.receive();
            if event.get("method").is_some() {
                self.events.push(event);
            }
        }
    }

    /// Evaluates `expression` in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true, "userGesture": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Loads `url` and waits for its load event.
    fn load(&mut self, url: &str) {
        let from = self.events.len();
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("Page.loadEventFired", from);
    }

    fn screenshot(&mut self, path: &Path, clip: Option<Value>) {
        let mut params = json!({"format": "png"});
        if let Some(clip) = clip {
            params["clip"] = clip;
            params["captureBeyondViewport"] = json!(true);
        }
        let shot = self.call("Page.captureScreenshot", params);
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            shot["data"].as_str().expect("image data"),
        )
        .expect("base64");
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write the screenshot");
    }

    fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
    }

    /// Console errors, exceptions, error log entries and CSP violations
    /// among the events so far.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in &self.events {
            let p = &e["params"];
            match e["method"].as_str() {
                Some("Runtime.exceptionThrown") => out.push(format!("exception: {p}")),
                Some("Runtime.consoleAPICalled")
                    if matches!(p["type"].as_str(), Some("error" | "assert" | "warning")) =>
                {
                    out.push(format!("console {}: {}", p["type"], p["args"]));
                }
                Some("Log.entryAdded")
                    if matches!(p["entry"]["level"].as_str(), Some("error" | "warning")) =>
                {
                    out.push(format!("log: {}", p["entry"]));
                }
                Some("Page.javascriptDialogOpening") => out.push(format!("dialog: {p}")),
                _ => {}
            }
        }
        out
    }

    /// The URLs of every request the page made.
    fn requests(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .map(|e| {
                e["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }

    /// Enables the domains the checks listen to and records CSP violations.
    fn watch(&mut self) {
        for domain in ["Page", "Runtime", "Log", "Network"] {
            self.call(&format!("{domain}.enable"), json!({}));
        }
        self.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__violations = []; document.addEventListener('securitypolicyviolation', function (e) { window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });"}),
        );
    }
}

/// The browser, or `None` (after saying so) when chromium is not installed
/// and `CI` is not set; under `CI` a missing chromium fails the test.
fn browser_or_skip() -> Option<Browser> {
    match chromium() {
        Some(binary) => Some(Browser::launch(&binary)),
        None if under_ci() => {
            panic!(
                "chromium not found: install `chromium` (apt-get install chromium); CI must run the browser test"
            )
        }
        None => {
            eprintln!("skipped: chromium not found (apt-get install chromium)");
            None
        }
    }
}

fn file_url(path: &Path) -> String {
    let path = path.canonicalize().expect("the page exists");
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char);
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target"))
}

#[test]
fn the_bundled_page_works_in_headless_chromium() {
    let Some(mut browser) = browser_or_skip() else {
        return;
    };
    let (_out, page, run) = bundled_page();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rules = factlint::analysis::Project::open(repository())
        .expect("the bundled project")
        .into_analysis()
        .rules()
        .len();
    browser.watch();
    browser.viewport(1280, 900, false);
    let url = file_url(&page);
    browser.load(&url);

    assert_eq!(
        browser.eval("document.querySelectorAll('section.rule').length"),
        json!(rules)
    );
    assert_eq!(
        browser.eval("Array.from(document.querySelectorAll('section.rule')).filter(function (s) { return s.querySelectorAll('svg').length === 1; }).length"),
        json!(rules),
        "one svg in every rule section"
    );
    // The SVGs are drawn: each has a size on the page.
    assert_eq!(
        browser.eval("Array.from(document.querySelectorAll('section.rule svg')).every(function (s) { var r = s.getBoundingClientRect(); return r.width > 100 && r.height > 20; })"),
        json!(true)
    );

    // Filtering by verdict: a real click on the `passed` box.
    let rows = "Array.from(document.querySelectorAll('#outcome-table tbody tr')).map(function (r) { return [r.getAttribute('data-verdict'), r.getClientRects().length > 0]; })";
    let before = browser.eval(rows);
    let before = before.as_array().expect("rows");
    assert!(
        before.iter().all(|r| r[1] == json!(true)),
        "all rows shown at first"
    );
    assert!(
        before.iter().any(|r| r[0] != json!("passed")),
        "other verdicts to keep"
    );
    browser.eval("document.querySelector('input[data-verdict-filter=\"passed\"]').click()");
    let after = browser.eval(rows);
    for row in after.as_array().expect("rows") {
        let shown = row[1] == json!(true);
        assert_eq!(shown, row[0] != json!("passed"), "{row}");
    }
    assert_eq!(
        browser.eval("document.querySelector('.controls .status').textContent"),
        json!(format!(
            "{} of {} shown",
            before.iter().filter(|r| r[0] != json!("passed")).count(),
            before.len()
        ))
    );
    browser.eval("document.querySelector('input[data-verdict-filter=\"passed\"]').click()");
    // Filtering by text, as typed.
    browser.eval("(function () { var s = document.getElementById('outcome-search'); s.value = 'coreweave.doub'; s.dispatchEvent(new Event('input', {bubbles: true})); })()");
    let shown = browser.eval("Array.from(document.querySelectorAll('#outcome-table tbody tr')).filter(function (r) { return !r.hidden; }).map(function (r) { return r.cells[0].textContent; })");
    assert_eq!(shown, json!(["coreweave.doubling"]));
    browser.eval("(function () { var s = document.getElementById('outcome-search'); s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true})); })()");
    // Sorting by a click on a header.
    browser.eval("document.querySelector('#outcome-table thead th button').click()");
    let ids = browser.eval("Array.from(document.querySelectorAll('#outcome-table tbody tr')).map(function (r) { return r.cells[0].textContent; })");
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "sorted by id");

    // Arabic quotes read right to left, however they begin.
    let directions = browser.eval("Array.from(document.querySelectorAll('.quote[lang=\"ar\"]')).map(function (q) { return getComputedStyle(q).direction; })");
    let directions = directions.as_array().expect("quotes");
    assert!(directions.len() > 20, "{directions:?}");
    assert!(directions.iter().all(|d| d == "rtl"), "{directions:?}");
    assert_eq!(
        browser
            .eval("getComputedStyle(document.querySelector('.quote[lang=\"zh-Hant\"]')).direction"),
        json!("ltr")
    );

    // No horizontal scrolling on a desktop.
    assert_eq!(
        browser.eval("document.documentElement.scrollWidth <= window.innerWidth"),
        json!(true)
    );
    let target = target_dir();
    browser.screenshot(&target.join("html-report.png"), None);
    let clip = browser.eval("(function () { var r = document.getElementById('rule-coreweave.doubling').getBoundingClientRect(); return {x: 0, y: r.top + window.scrollY, width: window.innerWidth, height: Math.min(r.height, 3000), scale: 1}; })()");
    browser.screenshot(&target.join("html-report-rule.png"), Some(clip));

    // At phone width the page reflows: nothing wider than the screen.
    browser.viewport(390, 844, true);
    browser.eval("new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })");
    let wide = browser.eval("Array.from(document.querySelectorAll('body *')).filter(function (e) { return e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'); }).slice(0, 8).map(function (e) { return e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ': ' + e.textContent.slice(0, 60); })");
    assert_eq!(
        browser.eval("document.documentElement.scrollWidth"),
        json!(390),
        "the page fits a phone's width; wider: {wide}"
    );
    browser.screenshot(&target.join("html-report-phone.png"), None);
    let clip = browser.eval("(function () { var r = document.getElementById('rule-coreweave.doubling').getBoundingClientRect(); return {x: 0, y: r.top + window.scrollY, width: window.innerWidth, height: Math.min(r.height, 3000), scale: 1}; })()");
    browser.screenshot(&target.join("html-report-phone-rule.png"), Some(clip));

    // Printed: no controls, every row and section shown.
    browser.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.controls')).display"),
        json!("none")
    );
    browser.call("Emulation.setEmulatedMedia", json!({"media": ""}));

    assert_eq!(
        browser.eval("window.__violations"),
        json!([]),
        "CSP violations"
    );
    assert_eq!(browser.problems(), Vec::<String>::new());
    assert_eq!(
        browser.requests(),
        std::slice::from_ref(&url),
        "no request but the page's own"
    );

    // With script off, the table is a plain list: every row, no controls.
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    browser.load(&url);
    assert_eq!(
        browser.eval("[document.querySelectorAll('.controls, button, input').length, Array.from(document.querySelectorAll('#outcome-table tbody tr')).every(function (r) { return r.getClientRects().length > 0; })]"),
        json!([0, true])
    );
}

#[test]
fn a_hostile_page_runs_nothing_in_headless_chromium() {
    let Some(mut browser) = browser_or_skip() else {
        return;
    };
    let dir = hostile_project();
    let run = factlint(dir.path(), &["report", "--html", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    browser.watch();
    let url = file_url(&dir.path().join("out/index.html"));
    browser.load(&url);
    assert_eq!(
        browser.eval("[typeof window.__pwned, document.images.length, document.scripts.length, document.querySelectorAll('[onerror], [onload], [onmouseover]').length]"),
        json!(["undefined", 0, 1, 0])
    );
    assert_eq!(browser.eval("window.__violations"), json!([]));
    assert_eq!(browser.problems(), Vec::<String>::new());
    assert_eq!(browser.requests(), [url]);
}
