//! `check --external` against a real HTTP server in the test: dead links at
//! their file and line, HEAD then GET, redirects, timeouts, the skip list,
//! the day's cache, and no network at all without `--external`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

/// What the server was asked, as `METHOD /path`, and how many connections
/// it accepted.
#[derive(Default)]
struct Log {
    requests: Vec<String>,
    connections: usize,
}

struct Server {
    base: String,
    log: Arc<Mutex<Log>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                shared.lock().expect("log").connections += 1;
                let log = Arc::clone(&shared);
                std::thread::spawn(move || answer(stream, &log));
            }
        });
        Server { base, log }
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().expect("log").requests.clone()
    }

    fn connections(&self) -> usize {
        self.log.lock().expect("log").connections
    }
}

fn answer(stream: TcpStream, log: &Mutex<Log>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    log.lock()
        .expect("log")
        .requests
        .push(format!("{method} {path}"));
    let (status, extra) = match (method, path) {
        (_, "/ok") => ("200 OK", ""),
        (_, "/missing") => ("404 Not Found", ""),
        (_, "/broken") => ("500 Internal Server Error", ""),
        ("HEAD", "/nohead") => ("405 Method Not Allowed", ""),
        ("GET", "/nohead") => ("200 OK", ""),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n"),
        (_, "/slow") => {
            // Never answers: the checker must give up on its own.
            std::thread::sleep(Duration::from_secs(20));
            return;
        }
        _ => ("404 Not Found", ""),
    };
    let body = if method == "GET" { "hej" } else { "" };
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        if method == "GET" { body.len() } else { 0 }
    );
}

/// A port nothing listens on: bound, then let go.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn samsyn(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run samsyn")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

const QUICK: &[&str] = &[
    "check",
    "--external",
    "--link-timeout",
    "0.5",
    "--format",
    "json",
];

#[test]
fn dead_links_are_errors_at_their_line_and_live_ones_pass() {
    let srv = Server::start();
    let b = &srv.base;
    let refused = format!("http://127.0.0.1:{}/x", closed_port());
    let body = format!(
        "---\ntitle: Start\n---\n\n[a]({b}/ok)\n\n[b]({b}/missing)\n\n[c]({b}/broken)\n\n\
         [d]({b}/nohead)\n\n[e]({b}/moved)\n\n[f]({b}/slow)\n\n[g]({refused})\n\n[h]({b}/ok)\n"
    );
    let dir = site(&[("content/index.md", &body)]);
    let start = std::time::Instant::now();
    let o = samsyn(dir.path(), QUICK);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc = json(&o);
    let got: Vec<(u64, String)> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            assert_eq!(d["file"], "content/index.md");
            assert_eq!(d["severity"], "error");
            (
                d["line"].as_u64().expect("line"),
                d["message"].as_str().expect("msg").to_string(),
            )
        })
        .collect();
    let lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [7, 9, 15, 17], "{got:?}");
    assert!(
        got[0].1.contains("Länken svarar inte") && got[0].1.contains("404 Not Found"),
        "{got:?}"
    );
    assert!(got[1].1.contains("500 Internal Server Error"), "{got:?}");
    assert!(
        got[2].1.contains("/slow") && got[2].1.contains("tidsgränsen"),
        "{got:?}"
    );
    assert!(got[3].1.contains(&refused), "{got:?}");
    let asked = srv.requests();
    assert!(asked.contains(&"HEAD /nohead".to_string()), "{asked:?}");
    assert!(asked.contains(&"GET /nohead".to_string()), "{asked:?}");
    assert!(asked.contains(&"GET /ok".to_string()) || asked.contains(&"HEAD /ok".to_string()));
    // One request for a URL written twice.
    assert_eq!(
        asked.iter().filter(|r| *r == "HEAD /ok").count(),
        2,
        "/ok and the redirect: {asked:?}"
    );
    // The text report names the place too.
    let o = samsyn(
        dir.path(),
        &["check", "--external", "--link-timeout", "0.5"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content/index.md:7:"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn good_answers_are_cached_for_the_day_and_asked_again_the_next() {
    let srv = Server::start();
    let b = &srv.base;
    let body = format!("---\ntitle: Start\n---\n\n[a]({b}/ok) [b]({b}/nohead) [c]({b}/moved)\n");
    let dir = site(&[("content/index.md", &body)]);
    let day = ["--today", "2026-12-02"];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = QUICK.iter().chain(extra).copied().collect();
        let o = samsyn(dir.path(), &args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(json(&o)["summary"]["errors"], 0);
    };
    run(&day);
    let first = srv.requests().len();
    assert!(first >= 3, "{:?}", srv.requests());
    assert!(dir.path().join(".samsyn-cache/links.json").is_file());
    run(&day);
    assert_eq!(
        srv.requests().len(),
        first,
        "a second run the same day asks nobody"
    );
    run(&["--today", "2026-12-03"]);
    assert!(srv.requests().len() > first, "the next day asks again");
}

#[test]
fn the_skip_list_leaves_links_unasked() {
    let srv = Server::start();
    let b = &srv.base;
    let body = format!("---\ntitle: Start\n---\n\n[a]({b}/missing/page) [b]({b}/ok)\n");
    let yaml = format!("link_check_skip:\n  - {b}/missing/\n");
    let dir = site(&[("content/index.md", &body), ("site.yaml", &yaml)]);
    let o = samsyn(dir.path(), QUICK);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(
        srv.requests().iter().all(|r| !r.contains("missing")),
        "{:?}",
        srv.requests()
    );
    // Without the list the same link fails.
    std::fs::remove_file(dir.path().join("site.yaml")).expect("rm");
    assert_eq!(samsyn(dir.path(), QUICK).status.code(), Some(1));
}

#[test]
fn a_wrong_skip_list_is_an_error_in_site_yaml() {
    let dir = site(&[
        ("content/index.md", "---\ntitle: Start\n---\n\nText.\n"),
        ("site.yaml", "link_check_skip:\n  a: b\n"),
    ]);
    let o = samsyn(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc = json(&o);
    assert_eq!(doc["diagnostics"][0]["file"], "site.yaml");
    assert_eq!(doc["diagnostics"][0]["line"], 1);
}

#[test]
fn build_and_check_without_external_never_connect() {
    let srv = Server::start();
    let b = &srv.base;
    let body =
        format!("---\ntitle: Start\n---\n\n[a]({b}/ok) [b]({b}/missing)\n\n![bild]({b}/ok.png)\n");
    let dir = site(&[("content/index.md", &body)]);
    assert_eq!(samsyn(dir.path(), &["check"]).status.code(), Some(0));
    assert_eq!(samsyn(dir.path(), &["build"]).status.code(), Some(0));
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(srv.connections(), 0);
    assert!(!dir.path().join(".samsyn-cache").exists());
    // The same site with --external does connect (the test can fail).
    assert_eq!(samsyn(dir.path(), QUICK).status.code(), Some(1));
    assert!(srv.connections() > 0);
}
