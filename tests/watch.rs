//! `factlint check --watch`: the real binary checks, a claim file changes,
//! and it checks again with the new outcome, until it is killed.

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CLAIMS: &str = "source s { outlet \"x\" }\n\
claim revenue = 13B USD { cite s \"13B dollars\" }\n\
claim spend = more than 14B USD { cite s \"more than 14B dollars\" }\n";
const RULES: &str = "rule under \"Revenue is under spend\" {\n  assert revenue < spend\n}\n";

/// The next line of the run's output that starts with `result:`.
fn next_result(lines: &mpsc::Receiver<String>) -> String {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("a result within 60 s");
        if line.starts_with("result:") {
            return line;
        }
    }
}

#[test]
fn a_changed_claim_is_checked_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/a.claims"), CLAIMS).expect("write");
    std::fs::write(dir.path().join("rules/a.rules"), RULES).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .args(["--color", "never", "check", "--watch"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("factlint check --watch");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let first = next_result(&lines);
    assert!(first.starts_with("result: ok."), "{first}");
    // A file factlint does not read changes nothing; the claim file does.
    std::fs::write(dir.path().join("notes.txt"), "unrelated").expect("write");
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        dir.path().join("corpus/a.claims"),
        CLAIMS.replace("13B USD", "16B USD"),
    )
    .expect("write");
    let second = next_result(&lines);
    assert!(second.starts_with("result: FAILED."), "{second}");
    assert!(
        child.try_wait().expect("running").is_none(),
        "still watching"
    );
    let _ = child.kill();
    let _ = child.wait();
}
