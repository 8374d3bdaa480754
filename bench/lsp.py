#!/usr/bin/env python3
"""Times `factlint lsp` as an editor sees it.

Usage: bench/lsp.py FACTLINT [EDITS]

Generates a project with bench/generate.py (10,000 claims, 1,000 rules) and a
2,000-line Markdown draft citing 100 of its claims, starts `FACTLINT lsp`, and
measures over real JSON-RPC on stdio:

- cold start: from `initialize` to the draft's first diagnostics (the whole
  project loaded and checked once);
- EDITS times (default 50), the time from a `didChange` of the open draft
  (one figure toggled between right and wrong, so every edit changes its
  diagnostics) to the `publishDiagnostics` for it;
- EDITS times, the time from a `didChange` of an open claims file (the value
  of a claim the draft cites toggled, so the draft's diagnostics change) to
  the draft's `publishDiagnostics`: a changed claim rebuilds the corpus and
  re-evaluates every rule.

Prints the median, the 90th percentile and the extremes in milliseconds. A
benchmark, not a test: nothing is asserted.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read(proc):
    length = 0
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server hung up")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def wait_diagnostics(proc, uri):
    while True:
        m = read(proc)
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
            return m["params"]["diagnostics"]


def main():
    binary = os.path.abspath(sys.argv[1])
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    root = tempfile.mkdtemp(prefix="factlint-lsp-bench-")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), root, "10000", "1000",
                    "--drafts", "0"], check=True)
    plain = re.compile(r"^claim (\S+) = (\d+)B USD \{$")
    cited = []
    with open(os.path.join(root, "corpus", "part-0000.claims")) as fh:
        for line in fh:
            m = plain.match(line.strip())
            if m:
                cited.append((m.group(1), m.group(2)))
            if len(cited) == 100:
                break
    lines = ["# A long draft", ""]
    for i in range(2, 2000):
        if i % 20 == 0 and cited:
            claim, value = cited[(i // 20) % len(cited)]
            lines.append(f"Line {i}: the figure was [{value} billion dollars]{{claim={claim}}} that year.")
        else:
            lines.append(f"Line {i}: prose about the companies, with no figure cited in it at all.")
    os.makedirs(os.path.join(root, "drafts"))
    draft = os.path.join(root, "drafts", "long.md")
    text = "\n".join(lines) + "\n"
    with open(draft, "w") as fh:
        fh.write(text)
    uri = "file://" + draft
    # The line edited: the first cited figure (line 20), its value toggled.
    line_no = 20
    value = cited[1][1]
    col = lines[line_no].index("[") + 1

    proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)
    start = time.perf_counter()
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": "file://" + root, "capabilities": {},
        "workspaceFolders": [{"uri": "file://" + root, "name": "bench"}]}})
    while read(proc).get("id") != 1:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    wait_diagnostics(proc, uri)
    cold = time.perf_counter() - start
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    times = []
    current = value
    for k in range(edits):
        new = str(int(value) + 1000) if current == value else value
        change = {"range": {"start": {"line": line_no, "character": col},
                            "end": {"line": line_no, "character": col + len(current)}},
                  "text": new}
        t0 = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [change]}})
        wait_diagnostics(proc, uri)
        times.append((time.perf_counter() - t0) * 1000)
        current = new
    # A claim the draft cites, edited in its claims file.
    claims_path = os.path.join(root, "corpus", "part-0000.claims")
    with open(claims_path) as fh:
        claims_text = fh.read()
    claims_uri = "file://" + claims_path
    claims_lines = claims_text.split("\n")
    target, target_value = cited[3]
    claim_line = next(i for i, l in enumerate(claims_lines)
                      if l.startswith(f"claim {target} = {target_value}B USD"))
    claim_col = claims_lines[claim_line].index("= ") + 2
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": claims_uri, "languageId": "factlint-claims", "version": 1, "text": claims_text}}})
    claim_times = []
    current = target_value
    for k in range(edits):
        new = str(int(target_value) + 1000) if current == target_value else target_value
        change = {"range": {"start": {"line": claim_line, "character": claim_col},
                            "end": {"line": claim_line, "character": claim_col + len(current)}},
                  "text": new}
        t0 = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": claims_uri, "version": k + 2}, "contentChanges": [change]}})
        wait_diagnostics(proc, uri)
        claim_times.append((time.perf_counter() - t0) * 1000)
        current = new
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while read(proc).get("id") != 2:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=30)
    print(f"project: 10000 claims, 1000 rules, a 2000-line draft ({root})")
    print(f"cold start (initialize to the draft's diagnostics): {cold * 1000:.0f} ms")
    for what, ts in [("draft", times), ("claims file", claim_times)]:
        ts.sort()
        print(f"{what} didChange to the draft's publishDiagnostics over {edits} edits: "
              f"median {statistics.median(ts):.1f} ms, p90 {ts[int(len(ts) * 0.9) - 1]:.1f} ms, "
              f"min {ts[0]:.1f} ms, max {ts[-1]:.1f} ms")


if __name__ == "__main__":
    main()
