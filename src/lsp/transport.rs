//! The stdio transport of `factlint lsp`: JSON-RPC messages framed by
//! `Content-Length` headers, read on one thread and written on another.
//!
//! lsp-server's own stdio transport stops reading at the first malformed
//! message; an editor's stray byte would end the session. This one answers a
//! message that is not JSON with a parse error (`-32700`, id `null`) and one
//! that is JSON but not a JSON-RPC message with an invalid-request error
//! (`-32600`, with its id when it has one), and reads on.

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::thread;

/// The largest message body read (a draft of some megabytes fits many times).
const MAX_BODY: usize = 256 * 1024 * 1024;

/// The transport's threads, joined when the server is done.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Waits for the writer to flush what is left. The reader ends at `exit`
    /// or at the end of its input; it is not waited for, since a client may
    /// keep standard input open after `exit`.
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

/// A connection over the process's standard input and output.
pub fn stdio() -> (Connection, Threads) {
    let out = Arc::new(Mutex::new(io::stdout()));
    let (to_client, outgoing): (Sender<Message>, Receiver<Message>) = unbounded();
    let (incoming, from_client) = bounded::<Message>(64);
    let writer_out = Arc::clone(&out);
    let writer = thread::spawn(move || {
        for message in outgoing {
            let mut body = Vec::new();
            if message.write(&mut body).is_err() {
                continue;
            }
            let Ok(mut out) = writer_out.lock() else {
                return;
            };
            if out.write_all(&body).and_then(|()| out.flush()).is_err() {
                return;
            }
        }
    });
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_loop(&mut stdin.lock(), &incoming, &out);
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { reader, writer },
    )
}

/// Reads messages until the input ends or `exit` arrives.
fn read_loop(input: &mut dyn BufRead, incoming: &Sender<Message>, out: &Mutex<io::Stdout>) {
    loop {
        let body = match read_body(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(Framing::Io) => return,
            Err(Framing::Bad(why)) => {
                answer_error(out, None, -32700, &format!("malformed message: {why}"));
                continue;
            }
        };
        match parse(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return;
                }
            }
            Err((id, code, why)) => answer_error(out, id, code, &why),
        }
    }
}

enum Framing {
    /// The input failed or ended inside a message.
    Io,
    /// A header the protocol does not allow; reading goes on at the next.
    Bad(String),
}

/// One message's body, after its headers.
fn read_body(input: &mut dyn BufRead) -> Result<Option<Vec<u8>>, Framing> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut line = Vec::new();
    let mut any = false;
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|_| Framing::Io)?;
        if n == 0 {
            return if any { Err(Framing::Io) } else { Ok(None) };
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !any {
                // Blank lines between messages are skipped.
                continue;
            }
            break;
        }
        any = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_BODY => length = Some(n),
                    Ok(n) => bad = Some(format!("a Content-Length of {n} bytes is too large")),
                    Err(_) => bad = Some(format!("`{}` is not a Content-Length", value.trim())),
                }
            }
            Some(_) => {}
            None => {
                bad = Some(format!(
                    "`{}` is not a header",
                    crate::base::text::shortened(text, 60)
                ))
            }
        }
    }
    if let Some(why) = bad {
        // A body whose length is known is skipped, so reading goes on after it.
        if let Some(n) = length {
            let mut skipped = vec![0; n];
            input.read_exact(&mut skipped).map_err(|_| Framing::Io)?;
        }
        return Err(Framing::Bad(why));
    }
    let Some(length) = length else {
        return Err(Framing::Bad("no Content-Length header".to_owned()));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body).map_err(|_| Framing::Io)?;
    Ok(Some(body))
}

/// A body as a message, or the error to answer it with.
fn parse(body: &[u8]) -> Result<Message, (Option<serde_json::Value>, i32, String)> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| (None, -32700, format!("the message is not JSON: {e}")))?;
    let id = value.get("id").cloned();
    serde_json::from_value::<Message>(value).map_err(|e| {
        (
            id,
            -32600,
            format!("not a JSON-RPC request, response or notification: {e}"),
        )
    })
}

/// Writes an error response straight to the client.
fn answer_error(out: &Mutex<io::Stdout>, id: Option<serde_json::Value>, code: i32, message: &str) {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(serde_json::Value::Null),
        "error": { "code": code, "message": message },
    })
    .to_string();
    if let Ok(mut out) = out.lock() {
        let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = out.flush();
    }
}
