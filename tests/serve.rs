//! `samsyn serve` over real HTTP: the binary runs on an ephemeral port and
//! these tests talk to it through TCP sockets, as a browser would.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `samsyn serve` on a temporary site, stopped on drop.
struct Server {
    child: Child,
    addr: String,
    site: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ROUTINE: &str = "---\ntitle: Orosanmälan\nkind: routine\nowner: kurator\nrevised: 2026-06-01\n---\n\n## Så gör du\n\nFörsta versionen.\n";

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn start() -> Server {
    start_with(ROUTINE, &[], Stdio::null())
}

/// `samsyn serve` with `routine` as the routine's text, `extra` arguments,
/// and its stderr sent to `stderr`.
fn start_with(routine: &str, extra: &[&str], stderr: impl Into<Stdio>) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().to_path_buf();
    write(&site, "site.yaml", "title: Testkommun\n");
    write(
        &site,
        "content/index.md",
        "---\ntitle: Start\n---\n\nHej.\n",
    );
    write(
        &site,
        "content/roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\n---\n\nKurator.\n",
    );
    write(&site, "content/rutiner/orosanmalan.md", routine);
    write(
        &site,
        "content/rutiner/flode.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["serve", "--port", "0", "--today", "2026-11-22"])
        .args(extra)
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let addr = common::served_address(&mut child);
    Server {
        child,
        addr,
        site,
        _tmp: tmp,
    }
}

/// Sends a raw request line exactly as given; returns (status, headers, body).
fn request(addr: &str, method: &str, target: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

fn get(addr: &str, target: &str) -> (u16, String, String) {
    let (status, head, body) = request(addr, "GET", target);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// An open live-reload connection.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /__samsyn/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events(BufReader::new(s));
        assert_eq!(events.next_event().0, "hello");
        events
    }

    /// The next (event, data) pair.
    fn next_event(&mut self) -> (String, String) {
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap() == 0 {
                panic!("event stream closed");
            }
            let line = line.trim_end();
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            } else if line.is_empty() && !event.is_empty() {
                return (event, data);
            }
        }
    }
}

#[test]
fn save_sends_reload_event_and_new_content_is_served() {
    let server = start();
    let mut events = Events::open(&server.addr);
    let started = Instant::now();
    write(
        &server.site,
        "content/rutiner/orosanmalan.md",
        &ROUTINE.replace("Första versionen.", "Andra versionen."),
    );
    let (event, data) = events.next_event();
    assert_eq!(event, "reload", "{data}");
    assert!(data.contains("rutiner/orosanmalan/index.html"), "{data}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let (status, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert_eq!(status, 200);
    assert!(body.contains("Andra versionen."));
}

#[test]
fn broken_save_sends_error_with_file_and_line_and_keeps_last_good_build() {
    let server = start();
    let mut events = Events::open(&server.addr);
    write(
        &server.site,
        "content/rutiner/orosanmalan.md",
        &ROUTINE.replace("owner: kurator", "owner: kuratorr"),
    );
    let (event, data) = events.next_event();
    assert_eq!(event, "build-error", "{data}");
    assert!(
        data.contains(r#""file":"content/rutiner/orosanmalan.md","line":4"#),
        "{data}"
    );
    // The site has no `language`: Swedish.
    assert!(
        data.contains("kuratorr") && data.contains("menade du `kurator`?"),
        "{data}"
    );
    let (status, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Första versionen."),
        "last good build still served"
    );
    // A page opened now learns about the error from its first event.
    let mut late = TcpStream::connect(&server.addr).unwrap();
    late.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        late,
        "GET /__samsyn/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut hello = Events(BufReader::new(late));
    let (event, data) = hello.next_event();
    assert_eq!(event, "hello");
    assert!(data.contains("kuratorr"), "{data}");
    // Fixing the file clears the error.
    write(&server.site, "content/rutiner/orosanmalan.md", ROUTINE);
    let (event, data) = events.next_event();
    assert_eq!(event, "reload", "{data}");
}

/// The overlay gets the sentences the terminal prints: each error's
/// message and hint, the hint's label and the heading, in the site's
/// language or `--lang`'s.
#[test]
fn the_overlay_says_what_the_terminal_says_in_the_same_language() {
    for (lang, hint_label) in [(None, "tips:"), (Some("en"), "hint:")] {
        let extra: Vec<&str> = lang.map_or(vec![], |l| vec!["--lang", l]);
        let mut server = start_with(ROUTINE, &extra, Stdio::piped());
        let stderr = server.child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut events = Events::open(&server.addr);
        write(
            &server.site,
            "content/rutiner/orosanmalan.md",
            &ROUTINE.replace("owner: kurator", "owner: kuratorr"),
        );
        let (event, data) = events.next_event();
        assert_eq!(event, "build-error", "{data}");
        let json: serde_json::Value = serde_json::from_str(&data).unwrap();
        let title = json["title"].as_str().unwrap().to_string();
        // The terminal closes with the note: what is served meanwhile.
        let note = json["note"].as_str().unwrap().to_string();
        assert_eq!(json["hint_label"], hint_label, "{data}");
        let error = &json["errors"][0];
        let (message, hint) = (
            error["message"].as_str().unwrap(),
            error["hint"].as_str().unwrap(),
        );
        // The terminal: everything up to the closing sentence.
        let mut terminal = Vec::new();
        while terminal.last() != Some(&note) {
            let line = rx
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("the terminal never said {note:?}: {terminal:#?}"));
            terminal.push(line);
        }
        let terminal = terminal.join("\n");
        assert!(terminal.contains(message), "{message:?} not in {terminal}");
        assert!(
            terminal.contains(&format!("{hint_label} {hint}")),
            "{hint:?} not in {terminal}"
        );
        match lang {
            None => {
                assert!(
                    message.contains("det finns ingen sida av sorten `role`"),
                    "{message}"
                );
                assert_eq!(title, "Webbplatsen kunde inte byggas");
                assert!(note.starts_with("Den senaste fungerande"), "{note}");
            }
            Some(_) => {
                assert_eq!(message, "no role with id `kuratorr`");
                assert_eq!(title, "The site could not be built");
                assert!(
                    note.contains("last good build is still being served"),
                    "{note}"
                );
            }
        }
        // A page opened now gets the same words with the errors.
        let mut late = TcpStream::connect(&server.addr).unwrap();
        late.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            late,
            "GET /__samsyn/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (_, hello) = Events(BufReader::new(late)).next_event();
        let hello: serde_json::Value = serde_json::from_str(&hello).unwrap();
        for words in ["title", "note", "hint_label"] {
            assert_eq!(hello[words], json[words], "{words}");
        }
    }
}

/// What serve printed to stderr so far (a file outside the watched site).
fn printed(log: &tempfile::NamedTempFile) -> String {
    std::fs::read_to_string(log.path()).unwrap()
}

/// Waits until serve has printed `needle` to stderr; false after 10 s.
fn printed_soon(log: &tempfile::NamedTempFile, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if printed(log).contains(needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A save prints the warnings that are new or moved, and only counts those
/// as before: at a county's size the whole list is thousands of lines.
#[test]
fn a_save_prints_only_warnings_not_as_before() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let server = start_with(ROUTINE, &[], log.reopen().unwrap());
    // The routine has no summary, its owner no e-mail address (the warning
    // at `owner:`) and the role no holder: three warnings.
    let warning = "content/rutiner/orosanmalan.md:4:";
    assert!(printed_soon(&log, warning), "{}", printed(&log));
    write(
        &server.site,
        "content/index.md",
        "---\ntitle: Start\n---\n\nHej igen.\n",
    );
    let as_before = "3 varning(ar) som förut visas inte igen";
    assert!(printed_soon(&log, as_before), "{}", printed(&log));
    assert_eq!(
        printed(&log).matches(warning).count(),
        1,
        "{}",
        printed(&log)
    );
    // A line above it moves the warning: it is shown again, where it is now.
    let moved = ROUTINE.replace("owner:", "summary: Så anmäler skolan oro.\nowner:");
    write(&server.site, "content/rutiner/orosanmalan.md", &moved);
    let now = "content/rutiner/orosanmalan.md:5:";
    assert!(printed_soon(&log, now), "{}", printed(&log));
}

const NO_GOOD_BUILD: &str = "Webbplatsen har inte gått att bygga någon gång än";
const KEPT_LAST_GOOD: &str = "Den senaste fungerande versionen visas fortfarande";

#[test]
fn started_on_a_broken_site_every_page_shows_the_error_live_until_the_first_good_save() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let broken = ROUTINE.replace("owner: kurator", "owner: kuratorr");
    let server = start_with(&broken, &[], log.reopen().unwrap());
    // The terminal says there is no good build, not that one is kept.
    assert!(printed_soon(&log, NO_GOOD_BUILD), "{}", printed(&log));
    assert!(!printed(&log).contains(KEPT_LAST_GOOD), "{}", printed(&log));
    // Every page asked for, existing or not, is the error with live reload.
    for target in [
        "/",
        "/rutiner/orosanmalan/",
        "/rutiner/orosanmalan",
        "/finns/inte/",
    ] {
        let (status, head, body) = get(&server.addr, target);
        assert_eq!(status, 503, "{target}: {head}");
        assert!(head.contains("text/html"), "{target}: {head}");
        assert!(
            body.contains("<script src=\"/__samsyn/live.js\""),
            "{target}: no live reload:\n{body}"
        );
        assert!(body.contains("data-samsyn-no-build"), "{target}: {body}");
        assert!(
            body.contains("content/rutiner/orosanmalan.md:4") && body.contains("kuratorr"),
            "{target}: the error is not shown:\n{body}"
        );
        assert!(body.contains(NO_GOOD_BUILD), "{target}: {body}");
    }
    // Not a page: the same words, as text.
    let (status, _, body) = get(&server.addr, "/static/samsyn.css");
    assert_eq!(status, 503);
    assert!(body.contains(NO_GOOD_BUILD), "{body}");
    // A page opening its event stream gets the errors and the same words
    // the terminal printed, for the overlay.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /__samsyn/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut events = Events(BufReader::new(s));
    let (event, hello) = events.next_event();
    assert_eq!(event, "hello");
    assert!(hello.contains("kuratorr"), "{hello}");
    assert!(hello.contains(NO_GOOD_BUILD), "{hello}");
    assert!(hello.contains("Webbplatsen kunde inte byggas"), "{hello}");
    // The first good save reloads every open page into the site.
    write(&server.site, "content/rutiner/orosanmalan.md", ROUTINE);
    let (event, data) = events.next_event();
    assert_eq!(event, "reload", "{data}");
    assert!(data.contains(r#""all":true"#), "{data}");
    let (status, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert_eq!(status, 200);
    assert!(body.contains("Första versionen.") && !body.contains("data-samsyn-no-build"));
    // Broken again: now the last good build is kept, and the terminal and
    // the overlay say so.
    write(&server.site, "content/rutiner/orosanmalan.md", &broken);
    let (event, data) = events.next_event();
    assert_eq!(event, "build-error", "{data}");
    assert!(data.contains(KEPT_LAST_GOOD), "{data}");
    assert!(printed_soon(&log, KEPT_LAST_GOOD), "{}", printed(&log));
    assert_eq!(get(&server.addr, "/rutiner/orosanmalan/").0, 200);
}

#[test]
fn traversal_attempts_get_400_and_never_a_file() {
    let server = start();
    for target in [
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
    ] {
        let (status, _, body) = get(&server.addr, target);
        assert_eq!(status, 400, "{target}");
        assert!(!body.contains("root:"), "{target}");
    }
    let (status, _, body) = get(&server.addr, "/etc/passwd");
    assert_eq!(status, 404);
    assert!(!body.contains("root:"));
}

#[test]
fn content_types_methods_and_misses() {
    let server = start();
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/rutiner/orosanmalan/", "text/html; charset=utf-8"),
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/reviews.ics", "text/calendar; charset=utf-8"),
        ("/static/samsyn.css", "text/css; charset=utf-8"),
        ("/static/samsyn.js", "text/javascript; charset=utf-8"),
        ("/rutiner/flode.svg", "image/svg+xml; charset=utf-8"),
    ] {
        let (status, head, _) = get(&server.addr, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.to_lowercase().contains(&format!("content-type: {ty}")),
            "{path}: {head}"
        );
        assert!(
            head.to_lowercase().contains("cache-control: no-cache"),
            "{path}"
        );
    }
    let (status, head, _) = get(&server.addr, "/rutiner/orosanmalan");
    assert_eq!(status, 301);
    assert!(head.contains("/rutiner/orosanmalan/"));
    let (status, _, body) = get(&server.addr, "/finns-inte/");
    assert_eq!(status, 404);
    assert!(
        body.contains("samsyn:kind"),
        "the site's 404 page is served"
    );
    let (status, _, body) = request(&server.addr, "HEAD", "/");
    assert_eq!((status, body.len()), (200, 0));
    let (status, head, _) = request(&server.addr, "POST", "/");
    assert_eq!(status, 405);
    assert!(head.contains("GET, HEAD"));
}

#[test]
fn live_script_is_injected_by_serve_but_never_built() {
    let server = start();
    let (_, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert!(body.contains("__samsyn/live.js"));
    let out = server.site.join("built");
    let status = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["build", "-q", "--today", "2026-11-22", "--output"])
        .arg(&out)
        .arg(&server.site)
        .status()
        .unwrap();
    assert!(status.success());
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(!text.contains("__samsyn"), "{}", entry.path().display());
        }
    }
}

#[test]
fn many_idle_event_streams_do_not_block_page_requests() {
    let server = start();
    let streams: Vec<Events> = (0..40).map(|_| Events::open(&server.addr)).collect();
    let started = Instant::now();
    let (status, _, _) = get(&server.addr, "/");
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    drop(streams);
}

impl Events {
    /// Reads events until a reload whose data satisfies `wanted`; panics
    /// on a build error or when none comes in time.
    fn reload_where(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            let (event, data) = self.next_event();
            assert_ne!(event, "build-error", "{data}");
            if event == "reload" && wanted(&data) {
                return data;
            }
        }
    }
}

/// The default theme's base template with its skip link reworded.
fn base_template(skip_link: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("Hoppa till innehållet"));
    text.replace("Hoppa till innehållet", skip_link)
}

/// Asks for `target` until its body contains `needle`; false after 10 s.
fn served_soon(addr: &str, target: &str, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if get(addr, target).2.contains(needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn folders_created_after_start_are_watched_also_when_removed_and_made_again() {
    let server = start();
    let (addr, site) = (&server.addr, &server.site);
    let page = "/rutiner/orosanmalan/";
    assert!(!site.join("templates").exists() && !site.join("static").exists());
    write(
        site,
        "templates/base.html",
        &base_template("Hoppa till texten"),
    );
    assert!(
        served_soon(addr, page, "Hoppa till texten"),
        "new folder read"
    );
    write(site, "templates/base.html", &base_template("Hoppa hit"));
    assert!(served_soon(addr, page, "Hoppa hit"), "new folder watched");

    // Removed and made again at once: the new folder is read and watched.
    std::fs::remove_dir_all(site.join("templates")).unwrap();
    write(
        site,
        "templates/base.html",
        &base_template("Till sidans text"),
    );
    assert!(
        served_soon(addr, page, "Till sidans text"),
        "re-created folder read"
    );
    write(site, "templates/base.html", &base_template("Hoppa dit"));
    assert!(
        served_soon(addr, page, "Hoppa dit"),
        "re-created folder watched"
    );

    write(site, "static/robots.txt", "User-agent: *\n");
    assert!(served_soon(addr, "/robots.txt", "User-agent: *"));
    write(site, "static/robots.txt", "User-agent: samsyn\n");
    assert!(served_soon(addr, "/robots.txt", "User-agent: samsyn"));
}

#[test]
fn base_url_changed_while_serving_moves_the_site_and_its_live_script() {
    let server = start();
    let (status, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert_eq!(status, 200);
    assert!(body.contains(r#"data-base="/""#), "{body}");
    let mut events = Events::open(&server.addr);
    write(
        &server.site,
        "site.yaml",
        "title: Testkommun\nbase_url: https://intra.example/bus/\n",
    );
    let data = events.reload_where(|_| true);
    assert!(data.contains(r#""base":"/bus/""#), "{data}");
    let (status, _, body) = get(&server.addr, "/bus/rutiner/orosanmalan/");
    assert_eq!(status, 200);
    assert!(
        body.contains(r#"<script src="/bus/__samsyn/live.js" data-base="/bus/">"#),
        "live script under the new base"
    );
    assert!(
        body.contains(r#"href="/bus/"#),
        "links carry the new base path"
    );
    assert!(
        !body.contains("intra.example"),
        "the preview never points at production: {body}"
    );
    let (status, _, _) = get(&server.addr, "/rutiner/orosanmalan/");
    assert_eq!(status, 404, "the old path is no longer the site");
    let (status, head, _) = get(&server.addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /bus/"), "{head}");
    let (status, _, _) = get(&server.addr, "/bus/rutiner/orosanmalan");
    assert_eq!(status, 301);
    // A page opened under the new base gets live reload there.
    let mut moved = TcpStream::connect(&server.addr).unwrap();
    moved
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        moved,
        "GET /bus/__samsyn/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    assert_eq!(Events(BufReader::new(moved)).next_event().0, "hello");

    // And back.
    write(&server.site, "site.yaml", "title: Testkommun\n");
    let data = events.reload_where(|_| true);
    assert!(data.contains(r#""base":"/""#), "{data}");
    let (status, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert_eq!(status, 200);
    assert!(body.contains(r#"data-base="/""#));
}

#[test]
fn every_attachment_a_browser_opens_as_a_document_is_served_in_a_sandbox() {
    let server = start();
    write(
        &server.site,
        "site.yaml",
        "title: Testkommun\nallow_html_attachments: true\n",
    );
    for name in ["a.shtml", "b.xht", "c.rss", "d.rdf"] {
        write(
            &server.site,
            &format!("content/bilagor/{name}"),
            "<p>Hej</p>\n",
        );
    }
    assert!(served_soon(&server.addr, "/bilagor/d.rdf", "Hej"));
    let attachments = ["a.shtml", "b.xht", "c.rss", "d.rdf"].map(|n| format!("/bilagor/{n}"));
    for name in attachments
        .iter()
        .map(String::as_str)
        .chain(["/rutiner/flode.svg"])
    {
        let (status, head, _) = get(&server.addr, name);
        assert_eq!(status, 200, "{name}");
        assert!(
            head.to_lowercase()
                .contains("content-security-policy: sandbox\r"),
            "{name}: {head}"
        );
    }
}

#[test]
fn serve_registers_no_offline_worker_and_answers_its_address_with_one_that_removes_itself() {
    let server = start();
    let (_, _, body) = get(&server.addr, "/rutiner/orosanmalan/");
    assert!(!body.contains("samsyn:offline-worker"), "{body}");
    let (status, headers, script) = get(&server.addr, "/service-worker.js");
    assert_eq!(status, 200);
    assert!(headers.contains("text/javascript"), "{headers}");
    assert!(script.contains("registration.unregister()"), "{script}");
    assert!(!script.contains("respondWith"), "it answers no request");
}

/// Every file of `samsyn build`'s output under `dir`, by output path.
fn built_files(site: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let status = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["build", "--today", "2026-11-22", "-q", "--output"])
        .arg(out)
        .arg(site)
        .status()
        .unwrap();
    assert!(status.success());
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| !rel.starts_with(".samsyn"))
        .collect();
    files.sort();
    files
}

#[test]
fn search_files_made_on_request_and_kept_pages_are_the_full_builds_bytes_after_a_save() {
    let server = start();
    let mut events = Events::open(&server.addr);
    write(
        &server.site,
        "content/rutiner/orosanmalan.md",
        &ROUTINE.replace("Första versionen.", "Kvittensordet syns."),
    );
    assert_eq!(events.next_event().0, "reload");
    let out = tempfile::tempdir().unwrap();
    let built = built_files(&server.site, &out.path().join("out"));
    let search: Vec<&(String, Vec<u8>)> = built
        .iter()
        .filter(|(p, _)| p.starts_with("search/") && !p.ends_with(".html"))
        .collect();
    assert!(search.len() >= 5, "{search:?}");
    assert!(
        search
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("Kvittensordet")),
        "the build's index has the saved text"
    );
    for (path, bytes) in &search {
        let (status, _, body) = request(&server.addr, "GET", &format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        assert!(
            body == *bytes,
            "{path}: served search file differs from the build's"
        );
    }
    // Pages are kept compressed: served, less the live-reload script, they
    // are what a fresh compile in serve mode makes.
    let opts = samsyn::BuildOptions {
        today: Some(samsyn::dates::parse_date("2026-11-22").unwrap()),
        include_drafts: true,
        mode: samsyn::render::Mode::Serve,
        ..samsyn::BuildOptions::new(server.site.canonicalize().unwrap())
    };
    let fresh = samsyn::compile(&opts).unwrap_or_else(|e| panic!("{e}"));
    let pages: Vec<&String> = fresh
        .rendered
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 5, "{pages:?}");
    for page in pages {
        let want = fresh.rendered.read(page).unwrap().unwrap();
        let (status, _, body) = get(&server.addr, &format!("/{page}"));
        assert_eq!(status, 200, "{page}");
        let script = body.find("<script src=\"/__samsyn/live.js\"").unwrap();
        let end = script + body[script..].find("</script>").unwrap() + "</script>".len();
        let served = format!("{}{}", &body[..script], &body[end..]);
        assert!(
            served.as_bytes() == &want[..],
            "{page}: served page differs from a fresh compile"
        );
    }
}

/// A restart takes every page that did not change from the parse cache
/// the last run kept (`.samsyn-cache/`, which tells git to ignore it), and
/// parses what changed while serve was stopped; it says so in the
/// language `--lang` asks for.
#[test]
fn a_restart_parses_only_what_changed_while_serve_was_stopped() {
    let mut first = start_with(ROUTINE, &["--verbose"], Stdio::null());
    let cache = first.site.join(".samsyn-cache");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !cache.join("parses").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(cache.join("parses").exists(), "no parse cache was kept");
    assert!(std::fs::read_to_string(cache.join(".gitignore"))
        .unwrap()
        .contains('*'));
    let _ = first.child.kill();
    let _ = first.child.wait();
    let edited = ROUTINE.replace("Första versionen.", "Skriven medan serve var stängd.");
    write(&first.site, "content/rutiner/orosanmalan.md", &edited);
    let mut second = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["serve", "--port", "0", "--today", "2026-11-22", "--verbose"])
        .args(["--lang", "en"])
        .arg(&first.site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (addr, before) = common::served_address_and_before(&mut second);
    let (_, _, page) = get(&addr, "/rutiner/orosanmalan/");
    let _ = second.kill();
    let _ = second.wait();
    assert!(
        before
            .iter()
            .any(|l| l.starts_with("2 of 3 pages were taken from .samsyn-cache/")),
        "{before:#?}"
    );
    assert!(page.contains("Skriven medan serve var stängd."), "{page}");
    assert!(
        before.iter().any(|l| l.starts_with("timings: load ")),
        "{before:#?}"
    );
}

/// A list of every document is rendered only when asked for, so a
/// template that fails on it fails at its request: the answer is a page
/// naming the list and the error, with the live-reload script (so the
/// save that mends the template shows the list), the terminal says the
/// same, and the rest of the site is served.
#[test]
fn a_failing_list_template_answers_a_live_error_page_until_it_is_mended() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let server = start_with(ROUTINE, &[], log.reopen().unwrap());
    let theme =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/documents.html");
    let template = std::fs::read_to_string(theme).unwrap();
    let broken = template.replacen(
        "{% block content %}",
        "{% block content %}{{ documents.finns_inte.alls }}",
        1,
    );
    assert_ne!(broken, template, "documents.html has a content block");
    assert_eq!(get(&server.addr, "/documents/").0, 200);
    write(&server.site, "templates/documents.html", &broken);
    let deadline = Instant::now() + Duration::from_secs(10);
    let (status, head, body) = loop {
        let answer = get(&server.addr, "/documents/");
        if answer.0 != 200 || Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status, 500, "{body}");
    assert!(
        head.starts_with("HTTP/1.1 500 Internal Server Error\r\n"),
        "{head}"
    );
    assert!(head.contains("text/html"), "{head}");
    assert!(body.contains("__samsyn/live.js"), "{body}");
    assert!(body.contains("documents/index.html"), "{body}");
    assert!(body.contains("documents.html"), "{body}");
    assert!(
        printed_soon(&log, "documents/index.html"),
        "{}",
        printed(&log)
    );
    assert_eq!(get(&server.addr, "/rutiner/orosanmalan/").0, 200);
    let heading = ("<h1>Alla dokument</h1>", "<h1>Alla våra dokument</h1>");
    let mended = template.replacen(heading.0, heading.1, 1);
    assert_ne!(mended, template, "documents.html has its heading");
    write(&server.site, "templates/documents.html", &mended);
    assert!(served_soon(&server.addr, "/documents/", heading.1));
}
