//! Live reload over Server-Sent Events.
//!
//! Every open page holds one `EventSource` connection. Each connection keeps
//! its own thread and channel, so a slow or stalled browser never holds up
//! the other connections or tabs.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The script the server injects into every HTML page it serves.
pub const LIVE_JS: &str = include_str!("live.js");

/// How many live connections we keep at most; beyond that the oldest go.
const MAX_CLIENTS: usize = 256;

/// Connected browsers.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
}

impl Hub {
    /// Takes over a connection: writes the SSE response head and a first
    /// `hello` event, then streams every broadcast to it until it goes away.
    /// Runs on the calling thread (the connection's) until then.
    pub fn subscribe(&self, mut stream: Box<dyn Write + Send>, hello: String) {
        let head = format!(
            "HTTP/1.1 200 OK\r\nDate: {}\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n",
            super::http::http_date()
        );
        if stream
            .write_all(head.as_bytes())
            .and_then(|_| stream.write_all(hello.as_bytes()))
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
        let (tx, rx) = mpsc::channel::<Arc<str>>();
        {
            let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
            if clients.len() >= MAX_CLIENTS {
                clients.remove(0);
            }
            clients.push(tx);
        }
        loop {
            let chunk: Arc<str> = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(msg) => msg,
                // A comment line keeps proxies from closing an idle stream
                // and tells us when the browser has gone.
                Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if stream
                .write_all(chunk.as_bytes())
                .and_then(|_| stream.flush())
                .is_err()
            {
                return;
            }
        }
    }

    /// Sends one event to every connected browser.
    pub fn broadcast(&self, event: &str, data: &str) {
        let msg: Arc<str> = Arc::from(format_event(event, data));
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients.retain(|tx| tx.send(msg.clone()).is_ok());
    }

    /// How many browsers are connected.
    pub fn len(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Whether no browser is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One SSE event; `data` must be a single line (we send JSON).
pub fn format_event(event: &str, data: &str) -> String {
    format!("event: {event}\ndata: {}\n\n", data.replace('\n', " "))
}
