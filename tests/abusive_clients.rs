//! Abusive clients against `samsyn serve` (loopback only, bounded in count
//! and time): hundreds of held connections, clients that send one byte a
//! second, clients that never read their responses, oversized request lines
//! and headers, random bytes instead of HTTP, and traversal attempts in many
//! encodings. Throughout, a normal client is answered within a second, and
//! no file outside the built site is ever returned.
//!
//! Run with `--nocapture` to see the numbers (worst latency per phase,
//! connections held, the server's peak memory).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections held open at once by the first phase.
const HELD: usize = 500;
/// The latency a normal client must always get.
const MAX_LATENCY: Duration = Duration::from_secs(1);

/// One server at a time: the latency measurements of one test must not pay
/// for the abuse of another.
static SERIAL: Mutex<()> = Mutex::new(());

/// A running `samsyn serve`, killed on drop.
struct Server {
    child: Child,
    addr: String,
    /// The content of files that must never be served.
    secret: String,
    stderr_path: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// VmHWM of the server process, in kB.
    fn peak_kb(&self) -> u64 {
        proc_status(self.child.id(), "VmHWM:")
    }

    /// What the server printed on stderr so far.
    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    fn threads(&self) -> u64 {
        proc_status(self.child.id(), "Threads:")
    }
}

fn proc_status(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `getrlimit(RLIMIT_NOFILE)` as (soft, hard).
#[allow(clippy::unnecessary_cast)] // rlim_t is not u64 everywhere
fn fd_limits() -> (u64, u64) {
    let mut l = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we pass.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) };
    (l.rlim_cur as u64, l.rlim_max as u64)
}

/// Lets this test process hold the connections it opens.
fn raise_own_fd_limit() {
    let (soft, hard) = fd_limits();
    if soft < hard {
        let l = libc::rlimit {
            rlim_cur: hard as libc::rlim_t,
            rlim_max: hard as libc::rlim_t,
        };
        // SAFETY: plain syscall on our own process.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &l) };
    }
}

/// Starts `samsyn serve --port 0` on a small site. `fd_limit`: the
/// (soft, hard) RLIMIT_NOFILE the server starts with.
fn start(fd_limit: Option<(u64, u64)>) -> Server {
    raise_own_fd_limit();
    let tmp = tempfile::tempdir().unwrap();
    let secret = format!(
        "SAMSYN-SECRET-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    // Next to the site folder, in the site folder (not content/), and as a
    // YAML comment in site.yaml and in a page's front matter: if any of
    // these files were ever sent as they are, the secret would show.
    std::fs::write(tmp.path().join("secret.txt"), &secret).unwrap();
    let site: PathBuf = tmp.path().join("site");
    write(&site, "secret.txt", &secret);
    write(
        &site,
        "site.yaml",
        &format!("title: Testkommun\n# {secret}\n"),
    );
    write(
        &site,
        "content/index.md",
        &format!("---\ntitle: Start\n# {secret}\n---\n\nVälkommen till startsidan.\n"),
    );
    write(
        &site,
        "content/roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\n---\n\nKurator.\n",
    );
    write(
        &site,
        "content/rutiner/orosanmalan.md",
        "---\ntitle: Orosanmälan\nkind: routine\nowner: kurator\nrevised: 2026-06-01\n---\n\n## Så gör du\n\nRing.\n",
    );
    let stderr_path = tmp.path().join("stderr.txt");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samsyn"));
    cmd.args(["serve", "--port", "0", "--today", "2026-11-22"])
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    if let Some((soft, hard)) = fd_limit {
        let l = libc::rlimit {
            rlim_cur: soft as libc::rlim_t,
            rlim_max: hard as libc::rlim_t,
        };
        // SAFETY: only async-signal-safe setrlimit between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setrlimit(libc::RLIMIT_NOFILE, &l) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().unwrap();
    let addr = common::served_address(&mut child);
    Server {
        child,
        addr,
        secret,
        stderr_path,
        _tmp: tmp,
    }
}

/// Sends `raw` on a new connection and reads until the server closes it or
/// `timeout` passes. Returns (status or 0, everything read).
fn exchange(addr: &str, raw: &[u8], timeout: Duration) -> (u16, Vec<u8>) {
    exchange_with(addr, raw, timeout, false)
}

/// [`exchange`]; `half_close`: shut our side down after sending, so a
/// server waiting for more bytes sees the end at once.
fn exchange_with(addr: &str, raw: &[u8], timeout: Duration, half_close: bool) -> (u16, Vec<u8>) {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return (0, Vec::new());
    };
    s.set_read_timeout(Some(timeout)).unwrap();
    s.set_write_timeout(Some(timeout)).unwrap();
    if s.write_all(raw).is_err() {
        return (0, Vec::new());
    }
    if half_close {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    (status_of(&out), out)
}

fn status_of(response: &[u8]) -> u16 {
    let head = String::from_utf8_lossy(&response[..response.len().min(64)]).into_owned();
    head.strip_prefix("HTTP/1.1 ")
        .or_else(|| head.strip_prefix("HTTP/1.0 "))
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn get_request(target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").into_bytes()
}

/// One probe: (phase, how long the answer took, status; 200 only if the
/// page was the start page).
type Probe = (&'static str, Duration, u16);

/// A normal client: GETs the start page every 50 ms on a new connection and
/// records how long each answer took, per phase.
struct Prober {
    stop: Arc<AtomicBool>,
    phase: Arc<Mutex<&'static str>>,
    results: Arc<Mutex<Vec<Probe>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Prober {
    fn start(server: &Server) -> Prober {
        let stop = Arc::new(AtomicBool::new(false));
        let phase = Arc::new(Mutex::new("start"));
        let results = Arc::new(Mutex::new(Vec::new()));
        let (addr, secret) = (server.addr.clone(), server.secret.clone());
        let thread = {
            let (stop, phase, results) = (stop.clone(), phase.clone(), results.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let (status, body) = exchange(&addr, &get_request("/"), Duration::from_secs(5));
                    let took = t.elapsed();
                    let body = String::from_utf8_lossy(&body);
                    assert!(!body.contains(&secret), "the secret was served");
                    let ok = status == 200 && body.contains("Välkommen till startsidan");
                    let p = *phase.lock().unwrap();
                    results
                        .lock()
                        .unwrap()
                        .push((p, took, if ok { 200 } else { status.max(1) }));
                    std::thread::sleep(Duration::from_millis(50));
                }
            })
        };
        Prober {
            stop,
            phase,
            results,
            thread: Some(thread),
        }
    }

    /// Starts phase `p`, once the phase before has had a few probes: a
    /// phase over before any probe ran would prove nothing.
    fn set_phase(&self, p: &'static str) {
        self.await_probes(3);
        *self.phase.lock().unwrap() = p;
    }

    /// Waits until `n` probes have been answered in the current phase.
    fn await_probes(&self, n: usize) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            let phase = *self.phase.lock().unwrap();
            let done = self
                .results
                .lock()
                .unwrap()
                .iter()
                .filter(|r| r.0 == phase)
                .count();
            if done >= n {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops probing; returns (phase, probes, worst latency, failures).
    fn finish(mut self) -> Vec<(&'static str, usize, Duration, usize)> {
        self.await_probes(3);
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().unwrap().join().expect("prober");
        let results = self.results.lock().unwrap();
        let mut phases: Vec<(&'static str, usize, Duration, usize)> = Vec::new();
        for (p, took, status) in results.iter() {
            if phases.last().is_none_or(|l| l.0 != *p) {
                phases.push((p, 0, Duration::ZERO, 0));
            }
            let last = phases.last_mut().unwrap();
            last.1 += 1;
            last.2 = last.2.max(*took);
            last.3 += usize::from(*status != 200);
        }
        phases
    }
}

/// A tiny deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn normal_client_is_answered_within_a_second_under_abuse() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    // Start the server with the soft limit most desktops have (1024 would
    // do; 256 makes the point): each connection takes two descriptors in
    // the server, so it must raise its own soft limit to hold them all.
    let (_, hard) = fd_limits();
    let held = HELD.min((hard.saturating_sub(100) / 2) as usize);
    if held < HELD {
        eprintln!(
            "note: the hard limit on open files is {hard}: holding {held} connections, not {HELD}"
        );
    }
    let server = start(Some((256.min(hard), hard)));
    let prober = Prober::start(&server);
    std::thread::sleep(Duration::from_millis(300));
    let secret = server.secret.clone();
    let addr = server.addr.clone();

    // 1. Hundreds of connections opened and held: half idle, half with a
    //    request line and never the end of the headers.
    prober.set_phase("held connections");
    let mut conns = Vec::new();
    for i in 0..held {
        let mut s = TcpStream::connect(&addr).expect("connect while holding");
        if i % 2 == 1 {
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n");
        }
        conns.push(s);
    }
    std::thread::sleep(Duration::from_secs(3));
    let threads_holding = server.threads();
    println!(
        "held {} connections; the server had {threads_holding} threads",
        conns.len()
    );
    assert_eq!(conns.len(), held);
    drop(conns);

    // 2. Slow clients: one byte a second.
    prober.set_phase("slow senders (1 byte/s)");
    let slow: Vec<_> = (0..20)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                for b in get_request("/").iter().take(4) {
                    if s.write_all(&[*b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            })
        })
        .collect();
    for t in slow {
        t.join().unwrap();
    }

    // 3. Slow readers: requests pipelined by the thousand, responses never
    //    read, so the server's writes block.
    prober.set_phase("clients that never read");
    let mut stalled = Vec::new();
    for _ in 0..8 {
        let s = TcpStream::connect(&addr).unwrap();
        s.set_nonblocking(true).unwrap();
        let burst = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(5000);
        let _ = (&s).write(&burst);
        stalled.push(s);
    }
    std::thread::sleep(Duration::from_secs(3));
    drop(stalled);

    // 4. Oversized request lines and headers.
    prober.set_phase("oversized URL and headers");
    let mb = 1 << 20;
    let huge_url = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "a".repeat(mb)
    );
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(mb)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\n{}Connection: close\r\n\r\n",
        (0..10_000)
            .map(|i| format!("X-H{i}: {}\r\n", "c".repeat(100)))
            .collect::<String>()
    );
    let huge_traversal = format!(
        "GET /{}etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "../".repeat(mb / 3)
    );
    for (name, raw) in [
        ("1 MB URL", huge_url.as_bytes()),
        ("1 MB header", huge_header.as_bytes()),
        ("10 000 headers", many_headers.as_bytes()),
        ("1 MB of ../", huge_traversal.as_bytes()),
    ] {
        let (status, body) = exchange(&addr, raw, Duration::from_secs(10));
        assert!(
            matches!(status, 0 | 200 | 400 | 404 | 413 | 414 | 431),
            "{name}: status {status}"
        );
        assert!(!String::from_utf8_lossy(&body).contains(&secret), "{name}");
        println!("{name}: status {status}");
    }

    // 5. Random bytes instead of HTTP (and random bytes after a valid
    //    request line).
    prober.set_phase("random bytes");
    let mut rng = Rng(0x5a45_5953_594e);
    let mut statuses = std::collections::BTreeMap::new();
    for i in 0..60 {
        let mut raw = if i % 3 == 0 {
            b"GET / HTTP/1.1\r\n".to_vec()
        } else {
            Vec::new()
        };
        let n = 1 + (rng.next() % 16384) as usize;
        raw.extend(rng.bytes(n));
        if i % 2 == 0 {
            raw.extend_from_slice(b"\r\n\r\n");
        }
        // Most hang up after sending; a few wait, as a stuck client would.
        let (status, body) = exchange_with(&addr, &raw, Duration::from_secs(1), i % 10 != 1);
        assert!(!String::from_utf8_lossy(&body).contains(&secret));
        *statuses.entry(status).or_insert(0) += 1;
    }
    println!("random bytes: statuses {statuses:?} (0 = closed without an answer)");

    prober.set_phase("after the abuse");
    std::thread::sleep(Duration::from_secs(1));
    let phases = prober.finish();
    let mut worst = Duration::ZERO;
    for (phase, n, max, failed) in &phases {
        println!("{phase:28} {n:4} probes, worst {max:?}, {failed} failed");
        worst = worst.max(*max);
    }
    println!(
        "worst latency of the normal client: {worst:?}; server peak memory {} MB",
        server.peak_kb() / 1024
    );
    let stderr = server.stderr();
    assert!(
        !stderr.contains("panicked"),
        "the server panicked:\n{stderr}"
    );
    let names: Vec<_> = phases.iter().map(|p| p.0).collect();
    assert_eq!(
        names,
        [
            "start",
            "held connections",
            "slow senders (1 byte/s)",
            "clients that never read",
            "oversized URL and headers",
            "random bytes",
            "after the abuse"
        ],
        "every phase is probed"
    );
    for (phase, n, max, failed) in &phases {
        assert!(*n > 0, "{phase}: no probe ran");
        assert_eq!(*failed, 0, "{phase}: the normal client was not answered");
        assert!(
            *max < MAX_LATENCY,
            "{phase}: the normal client waited {max:?}"
        );
    }
}

/// Request targets that try to leave the site, in many encodings: the
/// traversal list of `tests/serve.rs`, with the dots and slashes written as
/// percent-escapes (upper and lower case, double-encoded), overlong UTF-8,
/// Unicode look-alikes (fullwidth, one-dot leader, division slash),
/// backslashes, NUL and absolute-form targets.
fn traversal_targets() -> Vec<String> {
    let dots = [
        "..",
        "%2e%2e",
        "%2E%2E",
        ".%2e",
        "%2e.",
        "%252e%252e",
        "%c0%ae%c0%ae",
        "%e0%80%ae%e0%80%ae",
        "%ef%bc%8e%ef%bc%8e",
        "%e2%80%a4%e2%80%a4",
        "%u002e%u002e",
        "..%00",
        "...",
        ". .",
    ];
    let seps = [
        "/",
        "%2f",
        "%2F",
        "\\",
        "%5c",
        "%5C",
        "%252f",
        "%c0%af",
        "%ef%bc%8f",
        "%e2%88%95",
        "//",
        "/./",
    ];
    let files = ["secret.txt", "site.yaml", "content/index.md", "etc/passwd"];
    let mut out = Vec::new();
    for d in dots {
        for s in seps {
            for f in files {
                out.push(format!("/{d}{s}{f}"));
                out.push(format!("/{d}{s}{d}{s}{d}{s}{f}"));
                out.push(format!("/rutiner{s}{d}{s}{d}{s}{f}"));
            }
        }
    }
    for t in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/rutiner/..%2f..%2f..%2fetc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "//etc/passwd",
        "/etc/passwd%00.html",
        "/%c0%ae%c0%ae/etc/passwd",
        "/%ef%bc%8e%ef%bc%8e/etc/passwd",
        "http://localhost/../secret.txt",
        "http://localhost/%2e%2e/secret.txt",
        "http://localhost/..%2fsecret.txt",
        "/..;/secret.txt",
        "/%2e%2e;/secret.txt",
        "/.%00./secret.txt",
        "/secret.txt",
        "/site.yaml",
        "/content/index.md",
        "/index.md",
        "/../site/content/index.md",
        "/%00",
        "*",
        "../secret.txt",
        "secret.txt",
    ] {
        out.push(t.to_string());
    }
    out
}

#[test]
fn traversal_in_every_encoding_never_returns_a_file_outside_the_site() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let server = start(None);
    let targets = traversal_targets();
    let mut by_status = std::collections::BTreeMap::new();
    // Keep-alive: one connection for many requests, as a scanner would.
    let mut conn = BufReader::new(TcpStream::connect(&server.addr).unwrap());
    conn.get_ref()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    for target in &targets {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let (status, body) = match keep_alive_get(&mut conn, &raw) {
            Some(r) => r,
            None => {
                // The server closed the connection (after a request line it
                // could not parse): ask again on a fresh one.
                conn = BufReader::new(TcpStream::connect(&server.addr).unwrap());
                conn.get_ref()
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                exchange(&server.addr, &get_request(target), Duration::from_secs(5))
            }
        };
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains(&server.secret),
            "{target}: the secret was served"
        );
        assert!(
            !text.contains("root:x:0:0"),
            "{target}: /etc/passwd was served"
        );
        assert!(matches!(status, 0 | 400 | 404), "{target}: status {status}");
        *by_status.entry(status).or_insert(0) += 1;
    }
    println!(
        "{} traversal targets; statuses {by_status:?}",
        targets.len()
    );
    // Non-ASCII bytes in the request line itself (not percent-encoded).
    for target in [
        "/\u{ff0e}\u{ff0e}/secret.txt",
        "/\u{2024}\u{2024}/secret.txt",
        "/..\u{2215}secret.txt",
    ] {
        let (status, body) = exchange(&server.addr, &get_request(target), Duration::from_secs(5));
        assert!(
            !String::from_utf8_lossy(&body).contains(&server.secret),
            "{target}"
        );
        assert!(matches!(status, 0 | 400 | 404), "{target}: status {status}");
    }
    // And the site itself is still served.
    let (status, body) = exchange(&server.addr, &get_request("/"), Duration::from_secs(5));
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Välkommen till startsidan"));
}

/// Sends one request on a keep-alive connection and reads one response
/// (Content-Length bodies). `None` when the connection was closed.
fn keep_alive_get(conn: &mut BufReader<TcpStream>, raw: &str) -> Option<(u16, Vec<u8>)> {
    conn.get_mut().write_all(raw.as_bytes()).ok()?;
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if conn.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = status_of(head.as_bytes());
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    conn.read_exact(&mut body).ok()?;
    Some((status, body))
}

#[test]
fn server_recovers_after_a_flood_uses_up_its_file_descriptors() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    // A server that may hold only 128 descriptors, and 400 connections:
    // accept fails with EMFILE (which ends many servers' accept loops for
    // good). Once the flood is gone, the server must answer again.
    let server = start(Some((128, 128)));
    let (status, _) = exchange(&server.addr, &get_request("/"), Duration::from_secs(5));
    assert_eq!(status, 200);
    let mut flood = Vec::new();
    for _ in 0..400 {
        match TcpStream::connect_timeout(&server.addr.parse().unwrap(), Duration::from_millis(300))
        {
            Ok(s) => flood.push(s),
            Err(_) => break, // the backlog is full: the point is made
        }
    }
    println!("flood: {} connections opened", flood.len());
    std::thread::sleep(Duration::from_secs(2));
    for s in &flood {
        let _ = s.shutdown(Shutdown::Both);
    }
    drop(flood);
    let started = Instant::now();
    let recovered = loop {
        let (status, _) = exchange(&server.addr, &get_request("/"), Duration::from_secs(2));
        if status == 200 {
            break Some(started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(20) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let took = recovered.expect("the server never answered again after the flood");
    println!("answered again {took:?} after the flood ended");
    let stderr = server.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
    // And it keeps answering promptly.
    for _ in 0..5 {
        let t = Instant::now();
        let (status, _) = exchange(&server.addr, &get_request("/"), Duration::from_secs(5));
        assert_eq!(status, 200);
        assert!(t.elapsed() < MAX_LATENCY, "{:?}", t.elapsed());
    }
}
