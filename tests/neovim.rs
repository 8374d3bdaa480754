//! A real editor as the client: Debian's Neovim, headless, starts
//! `factlint lsp`, opens a draft with a wrong figure after an Arabic word,
//! and the test reads back the diagnostics Neovim received (its columns are
//! bytes, converted from the server's UTF-16 positions); then the figure is
//! corrected in the buffer, unsaved, and the diagnostic clears.
//!
//! Without `nvim` the test is skipped (it prints why), except under `CI`,
//! where `.ci/run` installs it first and a missing editor fails.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLAIMS: &str = "source news { outlet \"A newspaper\" }\n\
claim revenue = 13B USD { cite news \"a revenue of 13B dollars\" }\n";
const RULES: &str = "rule positive {\n  assert revenue > 0 USD\n}\n";
const DRAFT: &str = "# مسودة\n\nالإيرادات [15 مليار]{claim=revenue} دولار.\n";

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn lua_string(s: &str) -> String {
    format!("{s:?}")
}

#[test]
fn neovim_receives_the_drafts_diagnostics_and_sees_them_clear() {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            !under_ci(),
            "nvim not found: install Debian's `neovim` (.ci/run does)"
        );
        eprintln!("skipped: nvim not found (apt-get install neovim)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    for (path, text) in [
        ("corpus/a.claims", CLAIMS),
        ("rules/a.rules", RULES),
        ("drafts/a.md", DRAFT),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let out = root.join("diagnostics.json");
    let script = root.join("client.lua");
    let lua = format!(
        r#"
local result = {{}}
local id = vim.lsp.start_client({{
  name = "factlint",
  cmd = {{ {bin}, "lsp" }},
  root_dir = {root},
}})
vim.cmd("edit " .. vim.fn.fnameescape({draft}))
vim.lsp.buf_attach_client(0, id)
result.received = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
result.diagnostics = {{}}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, {{ lnum = d.lnum, col = d.col, end_col = d.end_col,
    message = d.message, source = d.source, code = d.code, severity = d.severity }})
end
-- Correct the figure in the buffer, without saving.
local line = vim.api.nvim_buf_get_lines(0, 2, 3, false)[1]
vim.api.nvim_buf_set_lines(0, 2, 3, false, {{ (line:gsub("15", "13", 1)) }})
result.cleared = vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 20)
local file = io.open({out}, "w")
file:write(vim.fn.json_encode(result))
file:close()
vim.lsp.stop_client(id)
vim.cmd("qa!")
"#,
        bin = lua_string(env!("CARGO_BIN_EXE_factlint")),
        root = lua_string(root.to_str().expect("utf-8 path")),
        draft = lua_string(root.join("drafts/a.md").to_str().expect("utf-8 path")),
        out = lua_string(out.to_str().expect("utf-8 path")),
    );
    std::fs::write(&script, lua).expect("write the script");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let started = Instant::now();
    while nvim.try_wait().expect("nvim runs").is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = nvim.kill();
            panic!("nvim did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let report = std::fs::read_to_string(&out).unwrap_or_else(|_| {
        let mut stderr = String::new();
        let _ = std::io::Read::read_to_string(nvim.stderr.as_mut().expect("stderr"), &mut stderr);
        panic!("nvim wrote no result: {stderr}")
    });
    let report: serde_json::Value = serde_json::from_str(&report).expect("JSON from nvim");
    assert_eq!(report["received"], true, "{report}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["source"], "factlint");
    assert_eq!(d["code"], "factlint::draft::mismatch");
    assert_eq!(d["severity"], 1, "an error");
    assert_eq!(d["lnum"], 2);
    // Neovim counts bytes: nine two-byte Arabic letters, a space and `[`.
    let line = DRAFT.lines().nth(2).expect("line 3");
    assert_eq!(d["col"], line.find("15").expect("the figure"));
    assert_eq!(d["end_col"], line.find("]").expect("the bracket"));
    assert_eq!(report["cleared"], true, "{report}");
    assert!(Path::new(&root.join("drafts/a.md")).exists());
}
