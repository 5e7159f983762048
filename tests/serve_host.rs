//! `samsyn serve` and the HTTP rules a browser relies on, over real
//! sockets against the real binary: it answers only for its own names (a
//! web page must not be able to read the preview through DNS rebinding),
//! Host is required as HTTP/1.1 has it, every answer is dated, ETags match
//! as RFC 9110 says, and a site whose base_url is a full address is served
//! under its path on the preview host, never pointing at production.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `samsyn serve` on a temporary site, stopped on drop.
struct Server {
    child: Child,
    addr: String,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn port(&self) -> &str {
        self.addr.rsplit_once(':').map_or("", |(_, p)| p)
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Serves a small site with `site_yaml`, passing `args` to `samsyn serve`.
fn start(site_yaml: &str, args: &[&str]) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    write(site, "site.yaml", site_yaml);
    write(
        site,
        "content/index.md",
        "---\ntitle: Start\n---\n\nHej. Se [kuratorn](roller/kurator.md).\n",
    );
    write(
        site,
        "content/roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\n---\n\nKurator.\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["serve", "--port", "0", "--today", "2026-11-22"])
        .args(args)
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let addr = common::served_address(&mut child);
    Server {
        child,
        addr,
        _tmp: tmp,
    }
}

/// An answer: status, head (status line and headers), body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    /// The value of header `name` (any case), if there is exactly one.
    fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.head.lines().skip(1).filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then_some(v.trim())
        });
        let first = values.next();
        assert!(
            values.next().is_none(),
            "two {name} headers:\n{}",
            self.head
        );
        first
    }
}

/// Sends `raw` as it is on a new connection and reads until the server
/// closes it (every request here says `Connection: close` or is HTTP/1.0).
fn send(addr: &str, raw: &str) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head for {raw:?}: {bytes:?}"));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    let body = String::from_utf8_lossy(&bytes[split + 4..]).into_owned();
    Answer { status, head, body }
}

/// `GET target` over HTTP/1.1 with `headers` (each ending in CRLF).
fn get_with(addr: &str, target: &str, headers: &str) -> Answer {
    send(
        addr,
        &format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
    )
}

/// `GET target` with `Host: host`.
fn get_as(addr: &str, host: &str, target: &str) -> Answer {
    get_with(addr, target, &format!("Host: {host}\r\n"))
}

const EXPLANATION: &str = "start it with --allow-host NAME";

#[test]
fn a_foreign_host_gets_421_with_what_to_do() {
    let server = start("title: Testkommun\n", &[]);
    let port = server.port().to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "evil.example:8000".into(),
        "localhost.evil.example".into(),
        "127.0.0.1.evil.example".into(),
        "[::2]".into(),
        "10.0.0.1".into(),
        "".into(),
    ] {
        for target in ["/", "/roller/kurator/", "/__samsyn/live.js", "/nope/"] {
            let answer = get_as(&server.addr, &host, target);
            assert_eq!(answer.status, 421, "Host {host:?}, {target}");
            assert!(
                answer
                    .head
                    .starts_with("HTTP/1.1 421 Misdirected Request\r\n"),
                "{}",
                answer.head
            );
            assert!(answer.body.contains(EXPLANATION), "{}", answer.body);
            assert_eq!(answer.body.lines().count(), 1, "{}", answer.body);
            assert!(!answer.body.contains("Kurator") && !answer.body.contains("Hej"));
        }
    }
    // Not even a page's head: HEAD and other methods are refused alike.
    let head = send(
        &server.addr,
        "HEAD / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 421);
    assert!(head.header("ETag").is_none(), "{}", head.head);
    let post = send(
        &server.addr,
        "POST / HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 421);
    // An absolute-form target names the host in place of the header.
    let absolute = get_as(&server.addr, "localhost", "http://evil.example/");
    assert_eq!(absolute.status, 421);
}

#[test]
fn the_live_reload_stream_is_refused_to_a_foreign_host() {
    let server = start("title: Testkommun\n", &[]);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /__samsyn/events HTTP/1.1\r\nHost: evil.example\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 64];
    let n = s.read(&mut first).unwrap();
    let start = String::from_utf8_lossy(&first[..n]);
    assert!(
        start.starts_with("HTTP/1.1 421 "),
        "the event stream answered: {start}"
    );
}

#[test]
fn its_own_names_are_answered_with_any_port() {
    let server = start("title: Testkommun\n", &[]);
    let port = server.port().to_string();
    for host in [
        format!("localhost:{port}"),
        "localhost".into(),
        "LocalHost:1234".into(),
        "localhost.".into(),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".into(),
        format!("[::1]:{port}"),
        "[::1]".into(),
    ] {
        let answer = get_as(&server.addr, &host, "/");
        assert_eq!(answer.status, 200, "Host {host:?}");
        assert!(answer.body.contains("Hej."), "Host {host:?}");
    }
    let absolute = get_as(
        &server.addr,
        "evil.example",
        &format!("http://localhost:{port}/roller/kurator/"),
    );
    assert_eq!(absolute.status, 200, "the target's host counts");
    // And the same server refuses other names: the above is no accident.
    assert_eq!(get_as(&server.addr, "evil.example", "/").status, 421);
}

#[test]
fn allow_host_adds_names_repeatably() {
    let server = start(
        "title: Testkommun\n",
        &[
            "--allow-host",
            "intranet-pc",
            "--allow-host",
            "Preview.Kommun.Example",
        ],
    );
    for host in [
        "intranet-pc",
        "intranet-pc:8000",
        "INTRANET-PC",
        "preview.kommun.example",
        "localhost",
    ] {
        let answer = get_as(&server.addr, host, "/");
        assert_eq!(answer.status, 200, "Host {host:?}");
    }
    assert_eq!(get_as(&server.addr, "other-pc", "/").status, 421);
}

#[test]
fn allow_host_refuses_what_is_not_a_host_name() {
    for bad in ["intranet-pc:8000", "http://intranet-pc", "a b", "", "[::1"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
            .args(["serve", "--port", "0", "--allow-host", bad])
            .arg(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A value taken by mistake would serve for ever: wait boundedly.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let status = status.unwrap_or_else(|| panic!("{bad:?} was taken: serve kept running"));
        assert!(!status.success(), "{bad:?} was taken");
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(stderr.contains("--allow-host"), "{bad:?}: {stderr}");
    }
}

#[test]
fn http_1_1_needs_exactly_one_host_and_http_1_0_none() {
    let server = start("title: Testkommun\n", &[]);
    let none = send(&server.addr, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(none.status, 400, "{}", none.head);
    assert!(none.body.contains("Host"), "{}", none.body);
    let two = send(
        &server.addr,
        "GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(two.status, 400, "{}", two.head);
    let two_names = send(
        &server.addr,
        "GET / HTTP/1.1\r\nHost: localhost\r\nhost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(two_names.status, 400, "{}", two_names.head);
    for bad in [
        "local host",
        "localhost:80a",
        "<script>",
        "a@localhost",
        "[::1]x",
    ] {
        let answer = get_as(&server.addr, bad, "/");
        assert_eq!(answer.status, 400, "Host {bad:?}");
    }
    let old = send(&server.addr, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(old.status, 200, "{}", old.head);
    assert!(old.body.contains("Hej."));
    let old_foreign = send(&server.addr, "GET / HTTP/1.0\r\nHost: evil.example\r\n\r\n");
    assert_eq!(old_foreign.status, 421);
    let old_two = send(
        &server.addr,
        "GET / HTTP/1.0\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
    );
    assert_eq!(old_two.status, 400);
}

/// This machine's address on its network, if it has one: the local end of
/// a UDP socket "connected" towards a documentation address (no packet is
/// sent).
fn own_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn on_all_interfaces_the_machine_s_own_names_must_be_allowed_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(&site, "site.yaml", "title: Testkommun\n");
    write(
        &site,
        "content/index.md",
        "---\ntitle: Start\n---\n\nHej.\n",
    );
    let stderr_path = tmp.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["--lang", "en", "serve", "--port", "0", "--bind", "0.0.0.0"])
        .args(["--allow-host", "named-pc"])
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let printed = common::served_address(&mut child);
    let server = Server {
        child,
        addr: printed.replace("0.0.0.0", "127.0.0.1"),
        _tmp: tmp,
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(
        stderr.contains("all interfaces") && stderr.contains("--allow-host NAME"),
        "{stderr}"
    );
    let addr = &server.addr;
    assert_eq!(get_as(addr, "localhost", "/").status, 200);
    assert_eq!(get_as(addr, "named-pc", "/").status, 200);
    // The address serve printed works as the browser would send it.
    assert_eq!(get_as(addr, &printed, "/").status, 200, "{printed}");
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let hostname = hostname.trim();
    if !hostname.is_empty() && hostname != "localhost" {
        assert_eq!(get_as(addr, hostname, "/").status, 421, "{hostname}");
    }
    if let Some(ip) = own_address() {
        let host = match ip {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        };
        assert_eq!(get_as(addr, &host, "/").status, 421, "{host}");
    }
    assert_eq!(get_as(addr, "192.0.2.1", "/").status, 421);
}

/// Checks that `answer` carries a Date in IMF-fixdate form, about now.
fn assert_dated(answer: &Answer, what: &str) {
    let date = answer
        .header("Date")
        .unwrap_or_else(|| panic!("{what}: no Date header:\n{}", answer.head));
    let parsed = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(date)
        .unwrap_or_else(|e| panic!("{what}: Date {date:?} does not parse: {e}"));
    let printed = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&parsed)
        .unwrap();
    assert_eq!(date, printed, "{what}: not an IMF-fixdate");
    let off = jiff::Timestamp::now()
        .duration_since(parsed)
        .as_secs()
        .abs();
    assert!(off < 60, "{what}: Date {date} is {off} s off");
}

#[test]
fn every_answer_is_dated() {
    let server = start("title: Testkommun\n", &[]);
    let addr = &server.addr;
    let page = get_as(addr, "localhost", "/");
    let etag = page.header("ETag").expect("an ETag").to_string();
    let cases: Vec<(&str, Answer)> = vec![
        ("200", page),
        (
            "304",
            get_with(
                addr,
                "/",
                &format!("Host: localhost\r\nIf-None-Match: {etag}\r\n"),
            ),
        ),
        ("301", get_as(addr, "localhost", "/roller/kurator")),
        ("404", get_as(addr, "localhost", "/finns-inte/")),
        ("400 traversal", get_as(addr, "localhost", "/../etc/passwd")),
        (
            "400 no Host",
            send(addr, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ),
        ("421", get_as(addr, "evil.example", "/")),
        (
            "405",
            send(
                addr,
                "DELETE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            ),
        ),
        (
            "414",
            get_as(addr, "localhost", &format!("/{}", "a".repeat(70_000))),
        ),
        ("400 garbage", send(addr, "\x16\x03\x01 hello\r\n\r\n")),
        ("live.js", get_as(addr, "localhost", "/__samsyn/live.js")),
        ("HTTP/1.0", send(addr, "GET / HTTP/1.0\r\n\r\n")),
    ];
    for (what, answer) in &cases {
        assert_dated(answer, what);
    }
    // The event stream's head too.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /__samsyn/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap() == 1 {
        head.push(byte[0]);
    }
    let stream = Answer {
        status: 200,
        head: String::from_utf8_lossy(&head).into_owned(),
        body: String::new(),
    };
    assert!(stream.head.starts_with("HTTP/1.1 200 "), "{}", stream.head);
    assert_dated(&stream, "event stream");
}

#[test]
fn if_none_match_follows_rfc_9110() {
    let server = start("title: Testkommun\n", &[]);
    let addr = &server.addr;
    let page = get_as(addr, "localhost", "/roller/kurator/");
    assert_eq!(page.status, 200);
    let etag = page.header("ETag").expect("an ETag").to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let ask = |value: &str, method: &str| {
        send(
            addr,
            &format!(
                "{method} /roller/kurator/ HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {value}\r\nConnection: close\r\n\r\n"
            ),
        )
    };
    for value in [
        etag.clone(),
        format!("\"x\", {etag}"),
        format!("\"x\",{etag}  ,\"y\""),
        format!("W/{etag}"),
        format!("\"a,b\", W/{etag}"),
        format!("bogus, {etag}"),
        "*".to_string(),
    ] {
        for method in ["GET", "HEAD"] {
            let answer = ask(&value, method);
            assert_eq!(answer.status, 304, "{method} If-None-Match: {value}");
            assert_eq!(answer.header("ETag"), Some(etag.as_str()), "{value}");
            assert!(answer.body.is_empty(), "{value}: a body with 304");
        }
    }
    let inner = etag.trim_matches('"');
    for value in [
        "\"something-else\"".to_string(),
        format!("W/\"{inner}x\""),
        format!("\"{inner},\""),
        inner.to_string(),
        format!("\"x, {inner}\""),
        String::new(),
    ] {
        let answer = ask(&value, "GET");
        assert_eq!(answer.status, 200, "If-None-Match: {value}");
        assert!(answer.body.contains("Kurator"), "{value}");
    }
    // Two header lines form one list.
    let answer = send(
        addr,
        &format!(
            "GET /roller/kurator/ HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"x\"\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(answer.status, 304);
    // A miss has no representation to match.
    let missing = send(
        addr,
        "GET /finns-inte/ HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: *\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(missing.status, 404);
}

#[test]
fn a_full_url_base_is_served_under_its_path_and_never_points_at_production() {
    let server = start(
        "title: Testkommun\nbase_url: https://intra.example/bus/\n",
        &[],
    );
    let addr = &server.addr;
    let root = get_as(addr, "localhost", "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("Location"), Some("/bus/"));
    for target in ["/bus/", "/bus/roller/kurator/", "/bus/finns-inte/"] {
        let page = get_as(addr, "localhost", target);
        assert!(
            matches!(page.status, 200 | 404),
            "{target}: {}",
            page.status
        );
        assert!(
            !page.body.contains("intra.example"),
            "{target} points at production:\n{}",
            page.body
        );
        let scripts = common::attr_values(&page.body, "src");
        let live: Vec<&String> = scripts.iter().filter(|s| s.contains("__samsyn")).collect();
        assert_eq!(live.len(), 1, "{target}: {scripts:?}");
        assert!(live[0].starts_with("/bus/"), "{target}: {live:?}");
        for url in scripts.iter().chain(&common::hrefs(&page.body)) {
            assert!(
                url.starts_with("/bus/") || url.starts_with('#') || url.starts_with("data:"),
                "{target}: {url} is outside the preview"
            );
        }
    }
    let start_page = get_as(addr, "localhost", "/bus/");
    assert_eq!(start_page.status, 200);
    assert!(
        common::links_to(&start_page.body, "/bus/roller/kurator/"),
        "a body link keeps the base path"
    );
    let css = get_as(addr, "localhost", "/bus/static/samsyn.css");
    assert_eq!(css.status, 200);
    for file in [
        "/bus/sitemap.xml",
        "/bus/feed.xml",
        "/bus/search/index.json",
    ] {
        let answer = get_as(addr, "localhost", file);
        if answer.status == 200 {
            assert!(!answer.body.contains("intra.example"), "{file}");
        }
    }
}
