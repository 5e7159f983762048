//! The HTTP side of the preview server: the listening socket, tiny_http
//! servers accepting on it, and one thread per connection.
//!
//! Kept apart from `serve` because it works around two tiny_http limits
//! (an accept thread that dies for good on EMFILE, and workers that a
//! client which stops reading can stall) and none of it is about the site.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Request, Server};

use super::{handle, Shared};
use crate::error::{Error, Result};

/// The listening socket and the tiny_http server accepting on it.
///
/// tiny_http's accept thread ends for good at the first failed `accept`
/// (EMFILE, when a flood of connections has used up the file descriptors),
/// or panics when the `try_clone` after it fails for the same reason, and the
/// server would never take a connection again. So we keep our own handle on
/// the socket and start a new server on it when the old one reports the
/// error or leaves connections waiting (see [`Http::watchdog`]); the old one
/// keeps its workers a little longer for its open keep-alive connections.
///
/// Requests are answered on one thread per connection, not by the workers:
/// a client that stops reading blocks the write of its response (and
/// tiny_http keeps reading its pipelined requests, each waiting for the one
/// before), so with a few such clients a fixed set of workers would all be
/// stuck and no one else would be answered. With a thread per connection, a
/// stalled client only ever stalls itself. The thread stays while the
/// connection keeps asking, and ends after a few idle seconds.
pub(super) struct Http {
    listener: std::net::TcpListener,
    servers: std::sync::Mutex<Servers>,
    /// The thread answering each connection that asked something lately.
    connections: std::sync::Mutex<HashMap<std::net::SocketAddr, mpsc::Sender<Request>>>,
}

struct Servers {
    current: Arc<Server>,
    /// Replaced servers whose connections may still send requests (newest
    /// last); their workers stop when they are dropped from this list.
    retired: Vec<Arc<Server>>,
}

/// Workers per server. They only hand requests over to connection threads.
const WORKERS: usize = 4;

impl Http {
    pub(super) fn server(&self) -> Arc<Server> {
        self.lock().current.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Servers> {
        self.servers.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn is_current(&self, server: &Arc<Server>) -> bool {
        Arc::ptr_eq(&self.lock().current, server)
    }

    pub(super) fn start_workers(self: &Arc<Self>, server: Arc<Server>, shared: &Arc<Shared>) {
        for _ in 0..WORKERS {
            let (http, server, shared) = (self.clone(), server.clone(), shared.clone());
            std::thread::spawn(move || http.work(&server, &shared));
        }
    }

    /// One HTTP worker of `server`: hands its requests to connection
    /// threads; replaces it when its accept thread died, and stops once it
    /// has been replaced and dropped.
    fn work(self: &Arc<Self>, server: &Arc<Server>, shared: &Arc<Shared>) {
        loop {
            match server.recv() {
                Ok(request) => self.dispatch(request, shared),
                // Unblocked: the server was replaced and is being dropped.
                Err(_) if !self.is_current(server) => return,
                Err(e) => self.restart(server, &e.to_string(), shared),
            }
        }
    }

    /// Answers `request` on its connection's thread, starting one if the
    /// connection has none.
    fn dispatch(self: &Arc<Self>, request: Request, shared: &Arc<Shared>) {
        let Some(addr) = request.remote_addr().copied() else {
            return handle(request, shared);
        };
        let mut connections = self.connections.lock().unwrap_or_else(|p| p.into_inner());
        let request = match connections.get(&addr) {
            Some(tx) => match tx.send(request) {
                Ok(()) => return,
                // Its thread is gone (it never leaves without removing
                // itself, unless it panicked): start another.
                Err(mpsc::SendError(request)) => request,
            },
            None => request,
        };
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(request);
        connections.insert(addr, tx);
        drop(connections);
        let (http, shared) = (self.clone(), shared.clone());
        let answer = move || http.answer_connection(addr, rx, &shared);
        if std::thread::Builder::new().spawn(answer).is_err() {
            // No thread to be had: the request is dropped, which answers 500.
            self.connections
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&addr);
        }
    }

    /// A connection's thread: answers its requests in order until it has
    /// been idle for a while.
    fn answer_connection(
        &self,
        addr: std::net::SocketAddr,
        rx: Receiver<Request>,
        shared: &Shared,
    ) {
        loop {
            match rx.recv_timeout(Duration::from_secs(5)) {
                Ok(request) => handle(request, shared),
                Err(RecvTimeoutError::Timeout) => {
                    // Requests are sent with the lock held: none can slip in
                    // between this last look and the removal.
                    let mut connections =
                        self.connections.lock().unwrap_or_else(|p| p.into_inner());
                    match rx.try_recv() {
                        Ok(request) => {
                            drop(connections);
                            handle(request, shared);
                        }
                        Err(_) => {
                            connections.remove(&addr);
                            return;
                        }
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Checks every second that the server still takes connections, and
    /// replaces it when it does not: its accept thread may have died
    /// without a word. The sign is connections left waiting in the accept
    /// queue for three checks in a row. (Asking the server itself would
    /// mean a new connection every second, and with tiny_http a new
    /// connection can hold up a busy keep-alive one for about a second:
    /// seen with wrk.)
    pub(super) fn watchdog(self: &Arc<Self>, shared: &Arc<Shared>) {
        let mut waiting = 0;
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let server = self.server();
            // Unknown (no descriptor left to look with): keep the count.
            if let Some(n) = accept_backlog(&self.listener) {
                waiting = if n > 0 { waiting + 1 } else { 0 };
            }
            if waiting >= 3 {
                self.restart(&server, "connections were left waiting", shared);
                waiting = 0;
            }
        }
    }

    /// Starts a new server (and its workers) on the socket in place of
    /// `dead`, once, whichever thread notices first; retries until a
    /// descriptor is free for it.
    fn restart(self: &Arc<Self>, dead: &Arc<Server>, why: &str, shared: &Arc<Shared>) {
        loop {
            // Give closing connections a moment to free their descriptors,
            // and never spin while they are all in use.
            std::thread::sleep(Duration::from_millis(100));
            let mut s = self.lock();
            if !Arc::ptr_eq(&s.current, dead) {
                return;
            }
            let new = self
                .listener
                .try_clone()
                .ok()
                .and_then(|l| Server::from_listener(l, None).ok());
            if let Some(new) = new {
                let new = Arc::new(new);
                let old = std::mem::replace(&mut s.current, new.clone());
                s.retired.push(old);
                if s.retired.len() > 16 {
                    let dropped = s.retired.remove(0);
                    for _ in 0..WORKERS {
                        dropped.unblock();
                    }
                }
                drop(s);
                self.start_workers(new, shared);
                eprintln!("warning: the preview server stopped taking connections ({why}); started it again");
                return;
            }
        }
    }
}

/// Raises the soft limit on open files to the hard one: it is often 1024,
/// and every connection takes two descriptors, so a few hundred connections
/// would otherwise use them all up.
pub(super) fn raise_fd_limit() {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    if let (Some(soft), Some(hard)) = (limit.current, limit.maximum) {
        if soft < hard {
            limit.current = Some(hard);
            let _ = setrlimit(Resource::Nofile, limit);
        }
    }
}

/// How many connections wait in `listener`'s accept queue: the `rx_queue`
/// of a listening socket in `/proc/net/tcp` (or `tcp6`), found by its
/// inode. `None` where that cannot be read.
fn accept_backlog(listener: &std::net::TcpListener) -> Option<u64> {
    let inode = rustix::fs::fstat(listener).ok()?.st_ino.to_string();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        // sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout inode
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.get(9) == Some(&inode.as_str()) {
                let rx = fields.get(4)?.split(':').nth(1)?;
                return u64::from_str_radix(rx, 16).ok();
            }
        }
    }
    None
}

/// Opens the listening socket. TCP_NODELAY is set on it (accepted
/// connections inherit it on Linux): tiny_http writes a response's head
/// and body separately, and with Nagle's algorithm a keep-alive client
/// would wait out its delayed ACK, about 40 ms, on every response.
pub(super) fn listen(bind: IpAddr, port: u16) -> Result<Http> {
    let fail = |e: &dyn std::fmt::Display| {
        Error::Usage(format!(
            "cannot listen on {bind}:{port}: {e}; choose another --port or --bind"
        ))
    };
    let listener = std::net::TcpListener::bind((bind, port)).map_err(|e| fail(&e))?;
    // std listens with a backlog of 128. When hundreds of tabs (or a
    // flood) connect at once, a full accept queue drops the next SYN and
    // that client waits out a one-second retransmit; ask for the system's
    // maximum instead (Linux caps it at net.core.somaxconn).
    if let Err(e) = rustix::net::listen(&listener, 4096) {
        eprintln!("warning: could not enlarge the connection backlog ({e})");
    }
    if let Err(e) = rustix::net::sockopt::set_tcp_nodelay(&listener, true) {
        eprintln!("warning: could not disable Nagle's algorithm ({e}); responses may be slower");
    }
    let server = listener
        .try_clone()
        .map_err(|e| fail(&e))
        .and_then(|l| Server::from_listener(l, None).map_err(|e| fail(&e)))?;
    Ok(Http {
        listener,
        servers: std::sync::Mutex::new(Servers {
            current: Arc::new(server),
            retired: Vec::new(),
        }),
        connections: std::sync::Mutex::new(HashMap::new()),
    })
}
