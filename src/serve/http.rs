//! The HTTP/1.1 side of the preview server: the listening socket, the
//! accept loop, and one thread per connection that reads requests with
//! deadlines and writes the answers `serve` gives.
//!
//! Written on `httparse` rather than on a server crate because the preview
//! must stay responsive while misbehaving clients hold it (see
//! `tests/abusive_clients.rs`), and that needs control over threads and
//! timeouts. tiny_http, which served here before, could not give it: its
//! thread pool counts threads that were woken but not yet running as idle,
//! so under a burst of connections a new one could wait in its queue until
//! some held connection closed (seen: 3 s, and over 1 s in CI); it never
//! times a read out, so every held or dribbling connection kept a thread
//! forever; and it read headers of any size.
//!
//! What a connection gets here:
//! - its own thread, started as soon as it is accepted, so no client ever
//!   waits behind another;
//! - 10 s to send a whole request head, of at most 64 KiB (else 414 or
//!   431), and 15 s of quiet between requests (see [`Limits`]);
//! - 10 s (plus a second per 64 KiB) to take each answer, so a client
//!   that stops reading, or reads a little now and then, is dropped instead
//!   of holding its thread; an event stream gets 10 s for each event;
//! - keep-alive and pipelining as HTTP/1.1 has them;
//! - 400 for an HTTP/1.1 request without exactly one valid `Host` (RFC 9112
//!   §3.2), and for any request with two; which hosts are answered is the
//!   handler's business (see `host.rs`);
//! - a `Date` on every answer (RFC 9110 §6.6.1).

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::host::Host;
use crate::error::{Error, Result};
use crate::messages::msg;

/// Most header fields in one request.
const MAX_HEADERS: usize = 100;

/// What one connection may take of the server.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// Longest request head (request line and headers) we read.
    pub head_size: usize,
    /// Time a client has to send a whole request head, from its first
    /// byte (or from the connection, for the first request).
    pub head_deadline: Duration,
    /// How long an idle keep-alive connection is kept open.
    pub idle: Duration,
    /// Time to write an answer, beyond what its size takes at
    /// `write_rate`, before the client counts as gone.
    pub write: Duration,
    /// The slowest reader (bytes a second) a large answer allows for.
    pub write_rate: usize,
    /// Connections open at once; `None`: what the open-files limit allows.
    pub connections: Option<usize>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            head_size: 64 * 1024,
            head_deadline: Duration::from_secs(10),
            idle: Duration::from_secs(15),
            write: Duration::from_secs(10),
            write_rate: 64 * 1024,
            connections: None,
        }
    }
}
/// Stack of a connection thread: answering takes little, and hundreds of
/// connections should not reserve 2 MiB each.
const STACK_SIZE: usize = 256 * 1024;

/// One request, as the handler sees it.
#[derive(Debug)]
pub(super) struct Request {
    pub method: String,
    /// The request target as sent (`/path?query`), not yet decoded.
    pub target: String,
    /// The host the request is for: the authority of an absolute-form
    /// target, else the `Host` header. `None` only for an HTTP/1.0 request
    /// without one.
    pub host: Option<Host>,
    headers: Vec<(String, Vec<u8>)>,
}

impl Request {
    /// The value of header `name` (any case), if present and text.
    pub fn header<'r>(&'r self, name: &'r str) -> Option<&'r str> {
        self.header_values(name).next()
    }

    /// Every value of header `name` (any case) that is text, in order: a
    /// list header may come as several field lines (RFC 9110 §5.3).
    pub fn header_values<'r>(&'r self, name: &'r str) -> impl Iterator<Item = &'r str> + 'r {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .filter_map(|(_, v)| std::str::from_utf8(v).ok())
    }
}

/// An answer to write back.
pub(super) struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text answer.
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A response with neither headers nor body.
    pub fn empty(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// A connection handed over for good (a live-reload event stream): the
/// taker writes to it until the client goes away.
pub(super) type Takeover = Box<dyn FnOnce(Box<dyn Write + Send>) + Send>;

/// What the handler answers a request with.
pub(super) enum Reply {
    Response(Response),
    /// Hands the connection over after this request.
    Takeover(Takeover),
}

/// Answers requests; shared by all connection threads.
pub(super) type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// The listening socket.
pub(super) struct Listener {
    listener: TcpListener,
}

/// Opens the listening socket. TCP_NODELAY is set on it (accepted
/// connections inherit it on Linux): without it a keep-alive client could
/// wait out its delayed ACK, about 40 ms, when an answer is written in two
/// parts.
pub(super) fn listen(bind: IpAddr, port: u16) -> Result<Listener> {
    let listener = TcpListener::bind((bind, port)).map_err(|e| {
        Error::Usage(msg!(
            "serve.cannot_listen",
            address = format!("{bind}:{port}"),
            why = e
        ))
    })?;
    // std listens with a backlog of 128. When hundreds of tabs (or a
    // flood) connect at once, a full accept queue drops the next SYN and
    // that client waits out a one-second retransmit; ask for the system's
    // maximum instead (Linux caps it at net.core.somaxconn).
    if let Err(e) = rustix::net::listen(&listener, 4096) {
        crate::complain!("warning: could not enlarge the connection backlog ({e})");
    }
    if let Err(e) = rustix::net::sockopt::set_tcp_nodelay(&listener, true) {
        crate::complain!(
            "warning: could not disable Nagle's algorithm ({e}); responses may be slower"
        );
    }
    Ok(Listener { listener })
}

impl Listener {
    pub(super) fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Accepts connections for ever, each on its own thread.
    pub(super) fn run(self, handler: Handler, limits: Limits) {
        let open = Arc::new(AtomicUsize::new(0));
        let most = limits.connections.unwrap_or_else(connection_limit);
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => admit(stream, &open, most, limits, &handler),
                // Out of descriptors (a flood of connections): those that
                // close free theirs, and the ones waiting stay queued in
                // the backlog meanwhile.
                Err(e) if is_out_of_descriptors(&e) => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                // The connection was reset before we took it: nothing to do
                // for it, and the socket is fine.
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionAborted => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // Out of memory or buffers: wait rather than spin.
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
}

fn is_out_of_descriptors(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(code) if code == rustix::io::Errno::MFILE.raw_os_error() || code == rustix::io::Errno::NFILE.raw_os_error())
}

/// Starts a thread for `stream`, or turns it away with 503 when `most`
/// connections are open already.
fn admit(
    stream: TcpStream,
    open: &Arc<AtomicUsize>,
    most: usize,
    limits: Limits,
    handler: &Handler,
) {
    if open.fetch_add(1, Ordering::AcqRel) >= most {
        open.fetch_sub(1, Ordering::AcqRel);
        return turn_away(stream);
    }
    let slot = Slot(open.clone());
    let handler = handler.clone();
    let spawned = std::thread::Builder::new()
        .name("samsyn-http".into())
        .stack_size(STACK_SIZE)
        .spawn(move || Connection::new(stream, slot, limits).serve(&*handler));
    // No thread to be had: the closure (and so the stream) is dropped,
    // which closes the connection and frees the slot.
    drop(spawned);
}

/// Answers 503 without blocking: the client may not be reading.
fn turn_away(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nDate: {}\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n",
        http_date()
    );
    let _ = (&stream).write_all(head.as_bytes());
    // Read what already arrived, so closing does not reset the connection
    // before the client has read the answer.
    let _ = (&stream).read(&mut [0u8; 4096]);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// How many connections may be open at once: what the open-files limit
/// leaves room for, keeping some descriptors for builds and the watcher.
fn connection_limit() -> usize {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
    let files = limit.current.unwrap_or(4096);
    (files.saturating_sub(64) as usize).clamp(16, 8192)
}

/// Counts an open connection; frees its place when dropped (with the
/// connection, which may outlive its thread as an event stream).
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A stream that keeps its connection's [`Slot`], for takeovers.
struct Owned {
    stream: TcpStream,
    _slot: Slot,
}

impl Write for Owned {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}

/// Why reading a request stopped.
enum Stop {
    /// The client closed, timed out or broke the connection: just close.
    Gone,
    /// The request cannot be read: answer with this status (and this
    /// explanation, if there is more to say than the reason phrase) and
    /// close.
    Refuse(u16, Option<&'static str>),
}

/// One connection and the bytes read from it but not yet used (the start
/// of a pipelined request).
struct Connection {
    stream: TcpStream,
    slot: Slot,
    limits: Limits,
    buf: Vec<u8>,
}

impl Connection {
    fn new(stream: TcpStream, slot: Slot, limits: Limits) -> Connection {
        Connection {
            stream,
            slot,
            limits,
            buf: Vec::new(),
        }
    }

    /// Answers requests until the client or the protocol ends the
    /// connection, or the handler takes it over.
    fn serve(mut self, handler: &dyn Fn(&Request) -> Reply) {
        let mut first = true;
        loop {
            let (request, keep_alive) = match self.read_request(first) {
                Ok(read) => read,
                Err(Stop::Gone) => return,
                Err(Stop::Refuse(status, why)) => {
                    let text = why.map_or_else(|| format!("{}.\n", reason(status)), String::from);
                    let response = Response::text(status, &text);
                    let _ = self.write(&response, false, false);
                    return self.linger();
                }
            };
            first = false;
            let head_only = request.method == "HEAD";
            match handler(&request) {
                Reply::Response(response) => {
                    if self.write(&response, head_only, keep_alive).is_err() {
                        return;
                    }
                    if !keep_alive {
                        return self.linger();
                    }
                }
                Reply::Takeover(take) => {
                    let Connection { stream, slot, .. } = self;
                    // Answers left the time remaining of their own deadline
                    // as the timeout; the taker writes with the plain one.
                    if stream.set_write_timeout(Some(self.limits.write)).is_err() {
                        return;
                    }
                    return take(Box::new(Owned {
                        stream,
                        _slot: slot,
                    }));
                }
            }
        }
    }

    /// Reads the next request head; also says whether the connection may
    /// stay open after the answer.
    fn read_request(&mut self, first: bool) -> std::result::Result<(Request, bool), Stop> {
        let started = Instant::now();
        // The head deadline runs from the request's first byte; before it,
        // an idle keep-alive connection may wait longer.
        let limits = self.limits;
        let mut deadline = (first || !self.buf.is_empty()).then(|| started + limits.head_deadline);
        // Where to look for the end of the head: parsing again after every
        // read would rescan the whole head each time a client dribbles.
        let mut scanned: usize = 0;
        loop {
            if head_may_end(&self.buf[scanned.saturating_sub(3)..]) {
                if let Some(parsed) = self.parse()? {
                    return Ok(parsed);
                }
            }
            scanned = self.buf.len();
            if self.buf.len() >= limits.head_size {
                // Still in the request line: the URL is what is too long.
                let in_request_line = !self.buf.contains(&b'\n');
                let status = if in_request_line { 414 } else { 431 };
                return Err(Stop::Refuse(status, None));
            }
            let until = deadline.unwrap_or(started + limits.idle);
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                return Err(Stop::Gone);
            }
            let mut chunk = [0u8; 8192];
            let room = (limits.head_size - self.buf.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..room]) {
                Ok(0) | Err(_) => return Err(Stop::Gone),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    deadline.get_or_insert(Instant::now() + limits.head_deadline);
                }
            }
        }
    }

    /// Parses a complete request head at the start of the buffer, if there
    /// is one, and removes it from the buffer.
    fn parse(&mut self) -> std::result::Result<Option<(Request, bool)>, Stop> {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        let len = match parsed.parse(&self.buf) {
            Ok(httparse::Status::Complete(len)) => len,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(httparse::Error::TooManyHeaders) => return Err(Stop::Refuse(431, None)),
            Err(_) => return Err(Stop::Refuse(400, None)),
        };
        let http11 = parsed.version == Some(1);
        let target = parsed.path.unwrap_or_default().to_string();
        let hosts: Vec<&[u8]> = parsed
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case("Host"))
            .map(|h| h.value)
            .collect();
        let host = match hosts.as_slice() {
            [] if !http11 => None,
            [value] => Some(request_host(value, &target)?),
            _ => {
                let why = "A request may have only one Host header, and HTTP/1.1 needs one.\n";
                return Err(Stop::Refuse(400, Some(why)));
            }
        };
        let request = Request {
            method: parsed.method.unwrap_or_default().to_string(),
            target,
            host,
            headers: parsed
                .headers
                .iter()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect(),
        };
        self.buf.drain(..len);
        let connection = request
            .header("Connection")
            .unwrap_or("")
            .to_ascii_lowercase();
        // A request with a body (which we never need) ends the connection
        // rather than have us find where the body ends; so does anything
        // that might be read as one (any Transfer-Encoding, a length that is
        // not plainly 0, two lengths).
        let field = |name: &'static str| {
            request
                .headers
                .iter()
                .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_slice())
        };
        let lengths: Vec<&[u8]> = field("Content-Length").collect();
        let has_body = field("Transfer-Encoding").next().is_some()
            || lengths.len() > 1
            || lengths.first().is_some_and(|n| n.trim_ascii() != b"0");
        let keep_alive = !has_body
            && matches!(request.method.as_str(), "GET" | "HEAD")
            && if http11 {
                !connection.contains("close")
            } else {
                connection.contains("keep-alive")
            };
        Ok(Some((request, keep_alive)))
    }

    /// Writes `response` (its head only, for HEAD).
    fn write(
        &mut self,
        response: &Response,
        head_only: bool,
        keep_alive: bool,
    ) -> std::io::Result<()> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\n",
            response.status,
            reason(response.status)
        );
        out.push_str(&format!("Date: {}\r\n", http_date()));
        for (name, value) in &response.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        // A 304 describes the body the client has; its length is not ours
        // to state.
        if response.status != 304 {
            out.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
        }
        out.push_str(if keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        let body: &[u8] = if head_only { &[] } else { &response.body };
        // One deadline for the whole answer, not per write: a client that
        // reads a few bytes now and then would otherwise hold its thread
        // for ever.
        let rate = self.limits.write_rate.max(1);
        let slack = Duration::from_secs((body.len() / rate) as u64);
        let deadline = Instant::now() + self.limits.write + slack;
        self.write_by(out.as_bytes(), deadline)?;
        self.write_by(body, deadline)
    }

    /// Writes all of `bytes` before `deadline`, or fails.
    fn write_by(&mut self, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
        while !bytes.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(std::io::ErrorKind::TimedOut.into());
            }
            self.stream.set_write_timeout(Some(left))?;
            match self.stream.write(bytes) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Closes after an error answer the way servers should: stop sending,
    /// then read (briefly, boundedly) what the client is still sending, so
    /// that closing with unread data does not reset the connection before
    /// the client has read the answer.
    fn linger(mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Write);
        let until = Instant::now() + Duration::from_secs(1);
        let mut left: usize = 4 << 20;
        let mut chunk = [0u8; 16384];
        while left > 0 {
            let wait = until.saturating_duration_since(Instant::now());
            if wait.is_zero() || self.stream.set_read_timeout(Some(wait)).is_err() {
                return;
            }
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    }
}

/// Whether `bytes` hold the blank line that ends a request head.
fn head_may_end(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\n\n") || bytes.windows(3).any(|w| w == b"\n\r\n")
}

/// The host a request with this `Host` header value and target is for.
fn request_host(value: &[u8], target: &str) -> std::result::Result<Host, Stop> {
    let named = std::str::from_utf8(value)
        .ok()
        .and_then(|v| Host::parse_authority(v.trim_matches([' ', '\t'])))
        .ok_or(Stop::Refuse(
            400,
            Some("The Host header is not a host name.\n"),
        ))?;
    // RFC 9112 §3.2.2: an absolute-form target names the host the request
    // is for, whatever the header says.
    match absolute_form_authority(target) {
        Some(authority) => Host::parse_authority(authority).ok_or(Stop::Refuse(
            400,
            Some("The request target names no valid host.\n"),
        )),
        None => Ok(named),
    }
}

/// The authority of an absolute-form request target
/// (`http://localhost:8000/a` → `localhost:8000`), if it is one.
fn absolute_form_authority(target: &str) -> Option<&str> {
    let (scheme, rest) = target.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    Some(&rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())])
}

/// Now as an HTTP date (RFC 9110 §5.6.7 IMF-fixdate,
/// `Wed, 02 Dec 2026 07:30:00 GMT`). A timestamp formats in UTC, and
/// jiff's names of days and months are English whatever the locale.
pub(super) fn http_date() -> String {
    jiff::Timestamp::now()
        .strftime("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// Whether an `If-None-Match` header (all its field lines) matches a
/// current representation with entity-tag `etag` (RFC 9110 §13.1.2): `*`
/// matches any, and a listed tag matches by weak comparison, which leaves
/// `W/` out on both sides.
pub(super) fn none_match<'a>(values: impl IntoIterator<Item = &'a str>, etag: &str) -> bool {
    let ours = EntityTag::parse_one(etag);
    values
        .into_iter()
        .flat_map(entity_tags)
        .any(|tag| match (tag, ours) {
            (ListedTag::Any, _) => true,
            (ListedTag::Tag(theirs), Some(ours)) => theirs.opaque == ours.opaque,
            (ListedTag::Tag(_), None) => false,
        })
}

/// An entity-tag, `"opaque"` or `W/"opaque"`, by its opaque part (quotes
/// included): the only part weak comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EntityTag<'a> {
    opaque: &'a str,
}

impl<'a> EntityTag<'a> {
    /// One entity-tag and nothing else.
    fn parse_one(text: &'a str) -> Option<EntityTag<'a>> {
        match EntityTag::parse_prefix(text) {
            Some((tag, "")) => Some(tag),
            _ => None,
        }
    }

    /// An entity-tag at the start of `text`, and what follows it.
    fn parse_prefix(text: &'a str) -> Option<(EntityTag<'a>, &'a str)> {
        let quoted = text.strip_prefix("W/").unwrap_or(text);
        let inner = quoted.strip_prefix('"')?;
        // etagc: any visible character but the quote, or obs-text.
        let end = inner
            .bytes()
            .position(|b| !(b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80))?;
        if inner.as_bytes()[end] != b'"' {
            return None;
        }
        Some((
            EntityTag {
                opaque: &quoted[..end + 2],
            },
            &inner[end + 1..],
        ))
    }
}

/// One member of an `If-None-Match` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListedTag<'a> {
    Any,
    Tag(EntityTag<'a>),
}

/// The members of a comma-separated `If-None-Match` value: `*` or
/// entity-tags, with optional spaces around the commas. A comma inside a
/// tag's quotes belongs to the tag; a malformed member is left out, up to
/// the next comma outside quotes, and the rest is still read.
fn entity_tags(list: &str) -> Vec<ListedTag<'_>> {
    let is_ows = |c: char| c == ' ' || c == '\t';
    let mut out = Vec::new();
    let mut rest = list;
    loop {
        rest = rest.trim_start_matches(|c: char| is_ows(c) || c == ',');
        if rest.is_empty() {
            return out;
        }
        let member = match rest.strip_prefix('*') {
            Some(after) => Some((ListedTag::Any, after)),
            None => EntityTag::parse_prefix(rest).map(|(tag, after)| (ListedTag::Tag(tag), after)),
        };
        if let Some((member, after)) = member {
            let after = after.trim_start_matches(is_ows);
            if after.is_empty() || after.starts_with(',') {
                out.push(member);
                rest = after;
                continue;
            }
        }
        rest = after_next_separator(rest);
    }
}

/// What follows the first comma of `text` that is outside quotes (empty
/// when there is none).
fn after_next_separator(text: &str) -> &str {
    let mut quoted = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

/// The reason phrase of the statuses we send.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Raises the soft limit on open files to the hard one: it is often 1024,
/// and each connection takes a descriptor.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};

    /// A server whose handler answers with the request target (and a 1 MB
    /// body for `/big`); returns its address.
    fn start(limits: Limits) -> SocketAddr {
        let listener = listen("127.0.0.1".parse().unwrap(), 0).unwrap();
        let addr = listener.local_addr().unwrap();
        let handler: Handler = Arc::new(|r: &Request| {
            let body = if r.target == "/big" {
                vec![b'x'; 1 << 20]
            } else {
                format!("{} {}", r.method, r.target).into_bytes()
            };
            Reply::Response(Response {
                status: 200,
                headers: Vec::new(),
                body,
            })
        });
        std::thread::spawn(move || listener.run(handler, limits));
        addr
    }

    fn connect(addr: SocketAddr) -> BufReader<TcpStream> {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        BufReader::new(s)
    }

    /// Reads one response: (status line, headers in lower case, body).
    fn read_response(
        conn: &mut BufReader<TcpStream>,
        head_only: bool,
    ) -> Option<(String, Vec<String>, Vec<u8>)> {
        let mut status = String::new();
        if conn.read_line(&mut status).ok()? == 0 {
            return None;
        }
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            conn.read_line(&mut line).ok()?;
            if line == "\r\n" {
                break;
            }
            headers.push(line.trim_end().to_ascii_lowercase());
        }
        let len = headers
            .iter()
            .find_map(|h| h.strip_prefix("content-length: ")?.parse().ok())
            .filter(|_| !head_only)
            .unwrap_or(0);
        let mut body = vec![0; len];
        conn.read_exact(&mut body).ok()?;
        Some((status.trim_end().to_string(), headers, body))
    }

    /// True when the server closed the connection (read gives EOF or a
    /// reset) within `within`.
    fn closed_within(conn: &mut BufReader<TcpStream>, within: Duration) -> bool {
        conn.get_ref().set_read_timeout(Some(within)).unwrap();
        let mut rest = Vec::new();
        match conn.read_to_end(&mut rest) {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        }
    }

    #[test]
    fn pipelined_requests_are_answered_in_order_on_one_connection() {
        let addr = start(Limits::default());
        let mut conn = connect(addr);
        let raw = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        conn.get_mut().write_all(raw.as_bytes()).unwrap();
        let (status, headers, body) = read_response(&mut conn, false).unwrap();
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(headers.contains(&"connection: keep-alive".to_string()));
        assert_eq!(body, b"GET /a");
        let (_, headers, body) = read_response(&mut conn, true).unwrap();
        assert!(
            headers.contains(&"content-length: 7".to_string()),
            "{headers:?}"
        );
        assert!(body.is_empty());
        let (_, headers, body) = read_response(&mut conn, false).unwrap();
        assert_eq!(body, b"GET /c");
        assert!(headers.contains(&"connection: close".to_string()));
        assert!(closed_within(&mut conn, Duration::from_secs(2)));
    }

    #[test]
    fn http_1_0_closes_unless_keep_alive_is_asked_for() {
        let addr = start(Limits::default());
        let mut conn = connect(addr);
        conn.get_mut()
            .write_all(b"GET /a HTTP/1.0\r\n\r\n")
            .unwrap();
        read_response(&mut conn, false).unwrap();
        assert!(closed_within(&mut conn, Duration::from_secs(2)));

        let mut conn = connect(addr);
        let raw = b"GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n";
        conn.get_mut().write_all(raw).unwrap();
        assert_eq!(read_response(&mut conn, false).unwrap().2, b"GET /a");
        assert_eq!(read_response(&mut conn, false).unwrap().2, b"GET /b");
    }

    #[test]
    fn oversized_request_line_gets_414_and_oversized_headers_431() {
        let addr = start(Limits::default());
        let long_url = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100_000));
        let long_header = format!("GET / HTTP/1.1\r\nX-A: {}\r\n\r\n", "b".repeat(100_000));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-B: c\r\n".repeat(200));
        for (raw, want) in [(long_url, "414"), (long_header, "431"), (many, "431")] {
            let mut conn = connect(addr);
            let _ = conn.get_mut().write_all(raw.as_bytes());
            let (status, _, _) = read_response(&mut conn, false).expect("an answer");
            assert!(status.starts_with(&format!("HTTP/1.1 {want} ")), "{status}");
        }
    }

    #[test]
    fn anything_that_may_carry_a_body_ends_the_connection() {
        let addr = start(Limits::default());
        for lengths in [
            "Content-Length: 0\r\nContent-Length: 5\r\n",
            "Content-Length: 5\r\n",
            "Transfer-Encoding: chunked\r\n",
            "Transfer-Encoding: \u{e9}\r\n",
        ] {
            let mut conn = connect(addr);
            let raw = format!(
                "GET /a HTTP/1.1\r\nHost: x\r\n{lengths}\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
            );
            conn.get_mut().write_all(raw.as_bytes()).unwrap();
            let (_, headers, body) = read_response(&mut conn, false).unwrap();
            assert_eq!(body, b"GET /a");
            assert!(
                headers.contains(&"connection: close".to_string()),
                "{lengths}"
            );
            assert!(
                closed_within(&mut conn, Duration::from_secs(3)),
                "{lengths}"
            );
        }
    }

    #[test]
    fn garbage_gets_400() {
        let addr = start(Limits::default());
        let mut conn = connect(addr);
        conn.get_mut()
            .write_all(b"\x16\x03\x01 hello\r\n\r\n")
            .unwrap();
        let (status, _, _) = read_response(&mut conn, false).unwrap();
        assert_eq!(status, "HTTP/1.1 400 Bad Request");
    }

    #[test]
    fn a_head_sent_too_slowly_is_cut_off_at_the_deadline() {
        let limits = Limits {
            head_deadline: Duration::from_millis(300),
            ..Limits::default()
        };
        let addr = start(limits);
        let mut conn = connect(addr);
        let started = Instant::now();
        // A byte every 100 ms: always something new, never the end.
        for b in b"GET / HTTP/1.1\r\nHost: x\r\n".iter() {
            if conn.get_mut().write_all(&[*b]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            if started.elapsed() > Duration::from_secs(2) {
                break;
            }
        }
        assert!(closed_within(&mut conn, Duration::from_secs(2)));
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn an_idle_keep_alive_connection_is_closed_after_the_idle_time() {
        let limits = Limits {
            idle: Duration::from_millis(300),
            ..Limits::default()
        };
        let addr = start(limits);
        let mut conn = connect(addr);
        conn.get_mut()
            .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        read_response(&mut conn, false).unwrap();
        let started = Instant::now();
        assert!(closed_within(&mut conn, Duration::from_secs(3)));
        assert!(started.elapsed() >= Duration::from_millis(250));
    }

    #[test]
    fn a_client_that_never_reads_does_not_hold_up_others() {
        let limits = Limits {
            write: Duration::from_millis(300),
            write_rate: usize::MAX,
            ..Limits::default()
        };
        let addr = start(limits);
        let stalled = TcpStream::connect(addr).unwrap();
        (&stalled)
            .write_all(&b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20))
            .unwrap();
        let mut conn = connect(addr);
        conn.get_mut()
            .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        assert_eq!(read_response(&mut conn, false).unwrap().2, b"GET /a");
        // And the stalled one is dropped once its write has waited.
        let mut stalled = BufReader::new(stalled);
        std::thread::sleep(Duration::from_secs(1));
        assert!(closed_within(&mut stalled, Duration::from_secs(5)));
    }

    #[test]
    fn connections_beyond_the_limit_get_503() {
        let limits = Limits {
            connections: Some(2),
            ..Limits::default()
        };
        let addr = start(limits);
        let held: Vec<_> = (0..2).map(|_| connect(addr)).collect();
        // Let the server take both before the third arrives.
        std::thread::sleep(Duration::from_millis(200));
        let mut third = connect(addr);
        let (status, _, _) = read_response(&mut third, false).unwrap();
        assert!(status.starts_with("HTTP/1.1 503"), "{status}");
        drop(held);
        std::thread::sleep(Duration::from_millis(200));
        let mut conn = connect(addr);
        conn.get_mut()
            .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        assert_eq!(read_response(&mut conn, false).unwrap().2, b"GET /a");
    }

    #[test]
    fn if_none_match_lists_split_at_commas_outside_quotes() {
        let tag = |opaque| ListedTag::Tag(EntityTag { opaque });
        assert_eq!(entity_tags(r#""a""#), [tag(r#""a""#)]);
        assert_eq!(
            entity_tags(" \"a\" ,W/\"b\",\t\"c\" "),
            [tag(r#""a""#), tag(r#""b""#), tag(r#""c""#)]
        );
        assert_eq!(
            entity_tags(r#""a,b", "c""#),
            [tag(r#""a,b""#), tag(r#""c""#)]
        );
        assert_eq!(entity_tags("*"), [ListedTag::Any]);
        assert_eq!(entity_tags(" * , \"a\""), [ListedTag::Any, tag(r#""a""#)]);
        assert_eq!(entity_tags(",,, ,"), []);
        assert_eq!(entity_tags(r#""""#), [tag(r#""""#)]);
    }

    #[test]
    fn malformed_entity_tags_are_left_out_and_the_rest_read() {
        let tag = |opaque| ListedTag::Tag(EntityTag { opaque });
        for (list, want) in [
            (r#"bogus, "a""#, vec![tag(r#""a""#)]),
            (r#""a"b, "c""#, vec![tag(r#""c""#)]),
            (r#""a b", "c""#, vec![tag(r#""c""#)]),
            (r#""x, y", "c""#, vec![tag(r#""c""#)]),
            (r#"w/"a", "c""#, vec![tag(r#""c""#)]),
            (r#"W/ "a", "c""#, vec![tag(r#""c""#)]),
            (r#"*x, "c""#, vec![tag(r#""c""#)]),
            (r#""c", "unterminated"#, vec![tag(r#""c""#)]),
            ("\"a\u{7f}\", \"c\"", vec![tag(r#""c""#)]),
            (r#"""#, vec![]),
            ("abc", vec![]),
        ] {
            assert_eq!(entity_tags(list), want, "{list}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly_and_star_matches_anything() {
        let etag = r#""0123abcd""#;
        assert!(none_match([etag], etag));
        assert!(none_match([r#""x", "0123abcd""#], etag));
        assert!(none_match([r#"W/"0123abcd""#], etag));
        assert!(none_match(["*"], etag));
        assert!(none_match([r#""x""#, etag], etag), "two field lines");
        assert!(none_match([r#"W/"0123abcd""#], r#"W/"0123abcd""#));
        assert!(!none_match([r#""0123abcde""#], etag));
        assert!(!none_match(["0123abcd"], etag));
        assert!(!none_match([""], etag));
        assert!(!none_match([], etag));
    }

    /// A server whose handler answers with the host it was asked for.
    fn start_echoing_host() -> SocketAddr {
        let listener = listen("127.0.0.1".parse().unwrap(), 0).unwrap();
        let addr = listener.local_addr().unwrap();
        let handler: Handler = Arc::new(|r: &Request| {
            let host = r.host.as_ref().map_or("(none)".into(), |h| h.to_string());
            Reply::Response(Response::text(200, &host))
        });
        std::thread::spawn(move || listener.run(handler, Limits::default()));
        addr
    }

    #[test]
    fn host_is_required_once_in_http_1_1_and_at_most_once() {
        let addr = start_echoing_host();
        for (raw, want, body) in [
            ("GET / HTTP/1.1\r\nHost: PC:80\r\n\r\n", "200", "pc"),
            ("GET / HTTP/1.1\r\nHost: [::1]\r\n\r\n", "200", "[::1]"),
            ("GET / HTTP/1.0\r\n\r\n", "200", "(none)"),
            (
                "GET http://a.example:8/x HTTP/1.1\r\nHost: b\r\n\r\n",
                "200",
                "a.example",
            ),
            ("GET / HTTP/1.1\r\n\r\n", "400", "only one Host"),
            (
                "GET / HTTP/1.1\r\nHost: a\r\nHOST: a\r\n\r\n",
                "400",
                "only one Host",
            ),
            (
                "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",
                "400",
                "only one Host",
            ),
            ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "400", "not a host"),
            (
                "GET http://a@b/ HTTP/1.1\r\nHost: b\r\n\r\n",
                "400",
                "no valid host",
            ),
        ] {
            let mut conn = connect(addr);
            conn.get_mut().write_all(raw.as_bytes()).unwrap();
            let (status, _, got) = read_response(&mut conn, false).expect("an answer");
            assert!(
                status.starts_with(&format!("HTTP/1.1 {want} ")),
                "{raw:?}: {status}"
            );
            let got = String::from_utf8_lossy(&got);
            assert!(got.contains(body), "{raw:?}: {got}");
        }
    }

    #[test]
    fn every_answer_carries_a_date() {
        let limits = Limits {
            connections: Some(1),
            ..Limits::default()
        };
        let addr = start(limits);
        let mut conn = connect(addr);
        conn.get_mut()
            .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\n\r\n")
            .unwrap();
        let dated = |headers: &[String]| {
            let date = headers
                .iter()
                .find_map(|h| h.strip_prefix("date: "))
                .expect("a Date header");
            // Lower-cased by read_response: "wed, 02 dec 2026 07:30:00 gmt".
            assert_eq!(date.len(), 29, "{date}");
            assert!(
                date.ends_with(" gmt") && date.as_bytes()[3] == b',',
                "{date}"
            );
        };
        let (_, headers, _) = read_response(&mut conn, false).unwrap();
        dated(&headers);
        let (status, headers, _) = read_response(&mut conn, false).unwrap();
        assert!(status.starts_with("HTTP/1.1 400"), "{status}");
        dated(&headers);
        // The connection above is still lingering: this one is turned away.
        let mut held = connect(addr);
        let (status, headers, _) = read_response(&mut held, false).unwrap();
        assert!(status.starts_with("HTTP/1.1 503"), "{status}");
        dated(&headers);
    }

    #[test]
    fn http_dates_are_imf_fixdates() {
        let date = http_date();
        let parsed = jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(&date)
            .expect("an RFC 2822 date");
        let printed = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&parsed)
            .expect("printable");
        assert_eq!(date, printed);
    }
}
