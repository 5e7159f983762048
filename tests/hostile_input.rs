//! Hostile files: each either becomes a correct page or a clear error that
//! names the file (and line, where there is one), within a time and memory
//! limit — never a hang, a panic, a crash (a stack overflow aborts the
//! process) or a partial site.
//!
//! Every case runs the real binary (`samsyn build`) on a small site that
//! was built once without the hostile file: a failed build must leave that
//! output byte for byte as it was. Peak memory is the child's `VmHWM` (its
//! resident high-water mark), sampled every few milliseconds until it exits:
//! `ru_maxrss` from `wait4` would not do, since Linux carries the parent's
//! high-water mark over into a spawned child. Run with `--nocapture` to see
//! time and memory per case.
//!
//! The limits are for the debug build on a busy machine; a release build
//! is 5–10 times faster.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::{snapshot, write};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-22";

/// What one run of `samsyn build` did.
#[derive(Debug)]
struct Run {
    /// Exit code; `None` if killed by a signal.
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory in MB.
    peak_mb: u64,
}

/// Runs `samsyn ARGS` and waits at most `limit`; a child still running
/// then is killed and the test fails as a hang.
fn run_samsyn(args: &[&str], site: &Path, limit: Duration) -> Run {
    let out = site.join("..").join(format!(
        "{}.log",
        site.file_name().unwrap().to_string_lossy()
    ));
    let stdout_path = out.with_extension("stdout");
    let stderr_path = out.with_extension("stderr");
    let started = Instant::now();
    // In English: these tests read its English sentences.
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["--lang", "en"])
        .args(args)
        .arg(site)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let mut peak_kb = 0;
    let status = loop {
        // VmHWM only grows: the last sample before the exit is the peak (but
        // for the last few milliseconds).
        peak_kb = peak_kb.max(vm_hwm_kb(child.id()));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            panic!(
                "samsyn {args:?} did not finish within {limit:?}: a hang\nstderr:\n{}",
                tail(&std::fs::read_to_string(&stderr_path).unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    Run {
        code: status.code(),
        signal: std::os::unix::process::ExitStatusExt::signal(&status),
        stdout: std::fs::read_to_string(&stdout_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(),
        elapsed,
        peak_mb: peak_kb / 1024,
    }
}

/// The resident high-water mark of a running process, in kB (0 once gone).
fn vm_hwm_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The last lines of a long text (the overflow of a huge diagnostic).
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(30)..]
        .iter()
        .map(|l| {
            let mut end = l.len().min(300);
            while !l.is_char_boundary(end) {
                end -= 1;
            }
            &l[..end]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A site with a start page, a role and an organisation, built once.
struct Site {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    /// The output of the last successful build (at first: without any
    /// hostile file), which a failed build must leave as it is.
    before: std::cell::RefCell<BTreeMap<String, Option<Vec<u8>>>>,
}

impl Site {
    fn new() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        write(&dir, "site.yaml", b"title: Testkommun\n");
        write(
            &dir,
            "content/index.md",
            b"---\ntitle: Start\n---\n\nV\xc3\xa4lkommen.\n",
        );
        write(
            &dir,
            "content/roller/kurator.md",
            b"---\ntitle: Kurator\nkind: role\norganisation: skola\n---\n\nKurator.\n",
        );
        write(
            &dir,
            "content/organisationer/skola.md",
            b"---\ntitle: Skolan\nkind: organisation\n---\n\nSkolan.\n",
        );
        let first = run_samsyn(&["build", "--today", TODAY], &dir, Duration::from_secs(60));
        assert_eq!(first.code, Some(0), "the site builds: {}", first.stderr);
        let before = snapshot(&dir.join("output"));
        Site {
            _tmp: tmp,
            dir,
            before: std::cell::RefCell::new(before),
        }
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        write(&self.dir, rel, bytes);
    }

    fn output(&self) -> BTreeMap<String, Option<Vec<u8>>> {
        snapshot(&self.dir.join("output"))
    }

    /// Builds and checks what every case must hold: finished within
    /// `limit` and `max_mb`, no panic, no crash, and either success or an
    /// error with the old output untouched.
    fn build(&self, case: &str, limit: Duration, max_mb: u64) -> Run {
        let run = run_samsyn(&["build", "--today", TODAY], &self.dir, limit);
        println!(
            "{case:40} exit {:?}, {:6.2} s, peak {:4} MB",
            run.code,
            run.elapsed.as_secs_f64(),
            run.peak_mb
        );
        assert!(
            run.signal.is_none(),
            "{case}: killed by signal {:?} (a stack overflow aborts with SIGABRT or SIGSEGV)\n{}",
            run.signal,
            tail(&run.stderr)
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{case}: panicked\n{}",
            tail(&run.stderr)
        );
        assert!(
            run.peak_mb <= max_mb,
            "{case}: peak memory {} MB over the limit of {max_mb} MB",
            run.peak_mb
        );
        match run.code {
            Some(0) => *self.before.borrow_mut() = self.output(),
            Some(1) => {
                assert!(
                    self.output() == *self.before.borrow(),
                    "{case}: a failed build changed output/"
                );
            }
            other => panic!("{case}: exit code {other:?}\n{}", tail(&run.stderr)),
        }
        let leftovers: Vec<String> = std::fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("samsyn-tmp") || n.contains("samsyn-old"))
            .collect();
        assert!(leftovers.is_empty(), "{case}: left {leftovers:?}");
        run
    }

    /// A build that must succeed; returns the page's HTML.
    fn build_page(&self, case: &str, page: &str, limit: Duration, max_mb: u64) -> String {
        let run = self.build(case, limit, max_mb);
        assert_eq!(
            run.code,
            Some(0),
            "{case}: build failed\n{}",
            tail(&run.stderr)
        );
        let html = self.dir.join("output").join(page).join("index.html");
        let html = std::fs::read(&html)
            .unwrap_or_else(|e| panic!("{case}: no page at {}: {e}", html.display()));
        let html = String::from_utf8(html).expect("pages are UTF-8");
        assert!(
            html.trim_end().ends_with("</html>"),
            "{case}: the page is cut short"
        );
        html
    }

    /// A build that must fail with an error at `file` (and, if given, a
    /// line); returns stderr.
    fn build_error(&self, case: &str, file: &str, line: Option<usize>, limit: Duration) -> String {
        let run = self.build(case, limit, 1024);
        assert_eq!(
            run.code,
            Some(1),
            "{case}: expected an error\n{}",
            run.stdout
        );
        let wanted = match line {
            Some(l) => format!("{file}:{l}"),
            None => file.to_string(),
        };
        assert!(
            run.stderr.contains(&wanted),
            "{case}: the error does not name {wanted}\n{}",
            tail(&run.stderr)
        );
        run.stderr
    }
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn fifty_megabyte_markdown_file_becomes_a_page() {
    let site = Site::new();
    let mut text = String::from("---\ntitle: Stor fil\n---\n\n");
    let words = [
        "barn",
        "och",
        "unga",
        "socialtjänst",
        "orosanmälan",
        "skola",
        "rektor",
        "kurator",
        "ansvar",
        "samverkan",
    ];
    let mut i = 0usize;
    while text.len() < 50 << 20 {
        i += 1;
        text.push_str(&format!("## Avsnitt {i}\n\n"));
        for w in 0..120 {
            text.push_str(words[(i * 7 + w * 3) % words.len()]);
            text.push(' ');
        }
        text.push_str("\n\n- punkt ett\n- punkt **två**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n");
    }
    text.push_str("Slutet av filen.\n");
    site.write("content/stor.md", text.as_bytes());
    // 50 MB in: about 0.4 GB peak in a debug build.
    let html = site.build_page("50 MB Markdown file", "stor", secs(300), 2048);
    assert!(html.contains("Slutet av filen."), "the page is complete");
    assert!(
        html.contains(&format!("id=\"avsnitt-{i}\"")),
        "every heading is there"
    );
}

#[test]
fn yaml_list_of_ten_thousand_items() {
    let site = Site::new();
    let tags: String = (0..10_000).map(|i| format!("  - tagg{i}\n")).collect();
    site.write(
        "content/rutiner/taggar.md",
        format!("---\ntitle: Många taggar\nkind: routine\nowner: kurator\nrevised: 2026-06-01\ntags:\n{tags}---\n\nText.\n").as_bytes(),
    );
    let html = site.build_page("10 000-item YAML list", "rutiner/taggar", secs(120), 1024);
    assert!(html.contains("tagg9999"));
    // And 10 000 references to roles that do not exist: 10 000 clear errors.
    let roles: String = (0..10_000).map(|i| format!("  - saknas{i}\n")).collect();
    site.write(
        "content/rutiner/taggar.md",
        format!("---\ntitle: Många roller\nkind: routine\nowner: kurator\nrevised: 2026-06-01\nroles:\n{roles}---\n\nText.\n").as_bytes(),
    );
    let stderr = site.build_error(
        "10 000 references to missing roles",
        "content/rutiner/taggar.md",
        Some(10_006),
        secs(120),
    );
    assert!(stderr.contains("10000 error(s)"), "{}", tail(&stderr));
}

/// Markdown nested 10 000 levels deep, in every way that nests.
#[test]
fn ten_thousand_levels_of_nesting() {
    let site = Site::new();
    let n = 10_000;
    let cases: Vec<(&str, String)> = vec![
        ("nested lists", format!("{}djupast\n", "- ".repeat(n))),
        (
            "nested ordered lists",
            format!("{}djupast\n", "1. ".repeat(n)),
        ),
        (
            "nested block quotes",
            format!("{} djupast\n", ">".repeat(n)),
        ),
        (
            "block quotes in lists",
            format!("{}djupast\n", "> - ".repeat(n)),
        ),
        (
            "indented nested lists",
            (0..2000)
                .map(|i| format!("{}- nivå {i}\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "nested emphasis",
            format!("{}djupast{}\n", "*a ".repeat(n), "*".repeat(n)),
        ),
        (
            "nested links",
            format!("{}djupast{}\n", "[".repeat(n), "](x.md)".repeat(n)),
        ),
        (
            "nested raw HTML",
            format!(
                "<div>\n{}djupast{}\n</div>\n",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
        ),
        (
            "nested inline HTML",
            format!(
                "text {}djupast{}\n",
                "<span>".repeat(n),
                "</span>".repeat(n)
            ),
        ),
        (
            "nested footnotes",
            (0..n).map(|i| format!("[^{i}]: [^{}]\n", i + 1)).collect(),
        ),
    ];
    for (case, body) in cases {
        let deep_html = case.contains("HTML");
        site.write(
            "content/djup.md",
            format!("---\ntitle: Djup\n---\n\n{body}").as_bytes(),
        );
        let run = site.build(case, secs(60), 512);
        match run.code {
            Some(0) => {
                let html = std::fs::read_to_string(site.dir.join("output/djup/index.html"))
                    .expect("the page was written");
                assert!(
                    html.trim_end().ends_with("</html>"),
                    "{case}: page cut short"
                );
                if deep_html {
                    // Shown as text (escaped), with a warning at its line.
                    assert!(
                        html.contains("&lt;div&gt;") || html.contains("&lt;span&gt;"),
                        "{case}"
                    );
                    assert!(
                        run.stderr.contains("content/djup.md:5"),
                        "{case}: {}",
                        tail(&run.stderr)
                    );
                    assert!(run.stderr.contains("nested more than"), "{case}");
                }
            }
            // An error is fine if it names the file.
            _ => assert!(
                run.stderr.contains("content/djup.md"),
                "{case}: {}",
                tail(&run.stderr)
            ),
        }
    }
}

#[test]
fn yaml_alias_bomb_is_an_error_at_its_line() {
    let site = Site::new();
    // "Billion laughs": nine levels of nine aliases each.
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        yaml.push_str(&format!(
            "{}: &{} [{}]\n",
            w[1],
            w[1],
            vec![format!("*{}", w[0]); 9].join(",")
        ));
    }
    site.write(
        "content/bomb.md",
        format!("---\ntitle: Bomb\n{yaml}tags: *i\n---\n\nText.\n").as_bytes(),
    );
    let stderr = site.build_error("YAML alias bomb", "content/bomb.md", None, secs(60));
    assert!(
        stderr.contains("content/bomb.md:") && stderr.contains("invalid YAML"),
        "{}",
        tail(&stderr)
    );
    // The same bomb in site.yaml.
    site.write("content/bomb.md", b"---\ntitle: Ingen bomb\n---\n");
    site.write("site.yaml", format!("title: Bomb\n{yaml}").as_bytes());
    let run = site.build("YAML alias bomb in site.yaml", secs(60), 1024);
    assert!(run.stderr.contains("site.yaml"), "{}", tail(&run.stderr));
}

#[test]
fn deeply_nested_yaml_is_an_error_at_its_line() {
    let site = Site::new();
    let n = 10_000;
    site.write(
        "content/djup.md",
        format!(
            "---\ntitle: Djup\ntags: {}{}\n---\n",
            "[".repeat(n),
            "]".repeat(n)
        )
        .as_bytes(),
    );
    site.build_error(
        "10 000 nested YAML sequences",
        "content/djup.md",
        Some(3),
        secs(60),
    );
    let block: String = (1..2000)
        .map(|i| format!("{}-\n", "  ".repeat(i)))
        .collect();
    site.write(
        "content/djup.md",
        format!("---\ntitle: Djup\ntags:\n{block}---\n").as_bytes(),
    );
    site.build_error(
        "2 000 nested YAML block lists",
        "content/djup.md",
        None,
        secs(60),
    );
}

#[test]
fn symlink_loop_and_links_out_of_content() {
    let site = Site::new();
    let content = site.dir.join("content");
    // A link to itself, and two links to each other.
    std::os::unix::fs::symlink("loop.md", content.join("loop.md")).unwrap();
    std::os::unix::fs::symlink("b.md", content.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", content.join("b.md")).unwrap();
    let stderr = site.build_error("symlink loop", "content/loop.md", None, secs(60));
    assert!(stderr.contains("content/a.md") && stderr.contains("content/b.md"));
    for f in ["loop.md", "a.md", "b.md"] {
        std::fs::remove_file(content.join(f)).unwrap();
    }
    // A folder that links to its own parent: walked once, where it lives.
    std::os::unix::fs::symlink("..", content.join("roller/upp")).unwrap();
    site.build_page(
        "folder linking to its parent",
        "roller/kurator",
        secs(60),
        1024,
    );
    std::fs::remove_file(content.join("roller/upp")).unwrap();
    // A link to a file outside content/ is refused, and its text never
    // reaches the output.
    let secret = "HEMLIG-TEXT-UTANFOR-CONTENT";
    write(
        &site.dir,
        "utanfor.md",
        format!("---\ntitle: {secret}\n---\n{secret}\n").as_bytes(),
    );
    std::os::unix::fs::symlink("../utanfor.md", content.join("lank.md")).unwrap();
    std::os::unix::fs::symlink("/etc", content.join("etc")).unwrap();
    let stderr = site.build_error("symlink out of content/", "content/lank.md", None, secs(60));
    assert!(stderr.contains("content/etc"), "{}", tail(&stderr));
    assert!(stderr.contains("outside content/"), "{}", tail(&stderr));
    assert!(!stderr.contains(secret));
}

#[test]
fn file_without_read_permission() {
    let site = Site::new();
    let path = site.dir.join("content/hemlig.md");
    site.write(
        "content/hemlig.md",
        b"---\ntitle: L\xc3\xa5st\n---\n\nText.\n",
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // Permission bits do not stop root (CAP_DAC_OVERRIDE): the file is
        // read, and the right outcome is the page.
        println!("running as root: mode 000 does not stop reading; expecting the page");
        site.build_page("mode 000 file (as root)", "hemlig", secs(60), 1024);
    } else {
        let stderr = site.build_error("mode 000 file", "content/hemlig.md", None, secs(60));
        assert!(stderr.contains("cannot read"), "{}", tail(&stderr));
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(&path).unwrap();
    // What stops even root: a folder that is not readable as a folder
    // (a FIFO named like a page is skipped, never opened: opening it would
    // block the build forever).
    let fifo = site.dir.join("content/ror.md");
    let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let run = site.build("FIFO named .md", secs(60), 1024);
    assert_eq!(run.code, Some(0), "{}", tail(&run.stderr));
    std::fs::remove_file(&fifo).unwrap();
    // A file that is not UTF-8 (Windows-1252 from Word): line and column.
    site.write(
        "content/ansi.md",
        b"---\ntitle: Ansi\n---\n\nR\xe5d och st\xf6d.\n",
    );
    let stderr = site.build_error("Windows-1252 file", "content/ansi.md", Some(5), secs(60));
    assert!(stderr.contains("content/ansi.md:5:2"), "{}", tail(&stderr));
}

#[test]
fn empty_file_and_file_with_only_front_matter() {
    let site = Site::new();
    site.write("content/tom.md", b"");
    site.build_error("empty file", "content/tom.md", Some(1), secs(60));
    site.write("content/tom.md", b"---\n");
    site.build_error("only an opening ---", "content/tom.md", Some(1), secs(60));
    site.write("content/tom.md", b"---\n---\n");
    site.build_error(
        "empty front matter (no title)",
        "content/tom.md",
        Some(2),
        secs(60),
    );
    site.write("content/tom.md", b"---\ntitle: Bara huvud\n---\n");
    let html = site.build_page("only front matter", "tom", secs(60), 1024);
    assert!(html.contains("Bara huvud"));
    site.write("content/tom.md", b"---\ntitle: Utan radslut\n---");
    let html = site.build_page("front matter, no final newline", "tom", secs(60), 1024);
    assert!(html.contains("Utan radslut"));
}

#[test]
fn windows_line_endings_and_byte_order_mark() {
    let site = Site::new();
    let text = "\u{feff}---\r\ntitle: Rutin med CRLF\r\nkind: routine\r\nowner: kurator\r\nrevised: 2026-06-01\r\ntags: [a, b]\r\n---\r\n\r\n## Så gör du\r\n\r\nFörsta stycket.\r\nAndra raden.\r\n\r\n- ett\r\n- två\r\n";
    site.write("content/rutiner/crlf.md", text.as_bytes());
    let html = site.build_page("CRLF and BOM", "rutiner/crlf", secs(60), 1024);
    assert!(html.contains("<title>Rutin med CRLF"), "no CR in the title");
    assert!(
        html.contains("id=\"så-gör-du\""),
        "heading anchor without CR"
    );
    assert!(!html.contains('\r') && !html.contains('\u{feff}'));
    // And an error in a CRLF file is reported at its line.
    site.write(
        "content/rutiner/crlf.md",
        text.replace("owner: kurator", "owner: kuratorr").as_bytes(),
    );
    site.build_error(
        "CRLF file with an error",
        "content/rutiner/crlf.md",
        Some(4),
        secs(60),
    );
}

// --- Files deleted or rewritten while the build reads the folder ---------
//
// Made deterministic with inotify and SIGSTOP: the build lists the folder
// first and reads the files after; as soon as it opens the first page, it
// is stopped, files it has not opened yet are deleted or rewritten, and it
// is continued.

/// Watches `dir` for files being opened.
struct Opens {
    fd: i32,
}

impl Opens {
    fn watch(dir: &Path) -> Opens {
        // SAFETY: plain inotify syscalls on a descriptor we own.
        let fd = unsafe { libc::inotify_init1(libc::IN_CLOEXEC) };
        assert!(fd >= 0);
        let c = std::ffi::CString::new(dir.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: valid descriptor and C string.
        let wd = unsafe { libc::inotify_add_watch(fd, c.as_ptr(), libc::IN_OPEN) };
        assert!(wd >= 0);
        Opens { fd }
    }

    /// Names of files opened (blocking until at least one event arrives, if
    /// `block`).
    fn read(&self, block: bool) -> Vec<String> {
        let mut buf = vec![0u8; 1 << 16];
        if !block {
            // SAFETY: fcntl on our own descriptor.
            unsafe {
                let fl = libc::fcntl(self.fd, libc::F_GETFL);
                libc::fcntl(self.fd, libc::F_SETFL, fl | libc::O_NONBLOCK);
            }
        }
        // SAFETY: reading into a buffer we own.
        let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return Vec::new();
        }
        let mut names = Vec::new();
        let mut at = 0usize;
        let header = std::mem::size_of::<libc::inotify_event>();
        while at + header <= n as usize {
            // SAFETY: the kernel wrote whole events; read the header unaligned.
            let ev: libc::inotify_event =
                unsafe { std::ptr::read_unaligned(buf[at..].as_ptr().cast()) };
            let name = &buf[at + header..at + header + ev.len as usize];
            let name = String::from_utf8_lossy(name)
                .trim_end_matches('\0')
                .to_string();
            if ev.mask & libc::IN_ISDIR == 0 && !name.is_empty() {
                names.push(name);
            }
            at += header + ev.len as usize;
        }
        names
    }
}

impl Drop for Opens {
    fn drop(&mut self) {
        // SAFETY: closing our own descriptor.
        unsafe { libc::close(self.fd) };
    }
}

/// Starts a build of `site`, stops it when it opens its first page, lets
/// `meddle` change files it has not opened yet, continues it and returns
/// the run.
fn build_meddling(
    site: &Site,
    meddle: impl FnOnce(&[String]) -> Vec<String>,
) -> (Run, Vec<String>) {
    let content = site.dir.join("content");
    let opens = Opens::watch(&content);
    let started = Instant::now();
    let stderr_path = site.dir.join("../meddle.stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["--lang", "en", "build", "--today", TODAY])
        .arg(&site.dir)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    // The build lists the folder (opening it) before it reads any page:
    // wait for the first page to be opened.
    let mut first = Vec::new();
    while !first.iter().any(|n: &String| n.ends_with(".md")) {
        first.extend(opens.read(true));
    }
    // SAFETY: stopping our own child.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    std::thread::sleep(Duration::from_millis(100));
    let mut opened = first;
    loop {
        let more = opens.read(false);
        if more.is_empty() {
            break;
        }
        opened.extend(more);
    }
    let touched = meddle(&opened);
    // SAFETY: continuing our own child.
    unsafe { libc::kill(pid, libc::SIGCONT) };
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > secs(120) {
            let _ = child.kill();
            panic!("the build did not finish: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        signal: None,
        stdout: String::new(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(),
        elapsed: started.elapsed(),
        peak_mb: 0,
    };
    assert!(!run.stderr.contains("panicked"), "{}", tail(&run.stderr));
    (run, touched)
}

/// Many small pages, so the build is still reading when it is stopped.
fn many_pages(site: &Site, n: usize) {
    for i in 0..n {
        site.write(
            &format!("content/s{i:05}.md"),
            format!("---\ntitle: Sida {i}\n---\n\nOriginaltext {i}.\n").as_bytes(),
        );
    }
}

#[test]
fn file_deleted_while_the_build_reads_the_folder() {
    let site = Site::new();
    many_pages(&site, 3000);
    // The build after adding the pages is the "before" for this test.
    let first = run_samsyn(&["build", "--today", TODAY], &site.dir, secs(120));
    assert_eq!(first.code, Some(0), "{}", tail(&first.stderr));
    let before = site.output();
    let content = site.dir.join("content");
    let (run, deleted) = build_meddling(&site, |opened| {
        // Delete pages the build has listed but not opened yet.
        let victims: Vec<String> = (0..3000)
            .rev()
            .map(|i| format!("s{i:05}.md"))
            .filter(|n| !opened.contains(n))
            .take(3)
            .collect();
        for v in &victims {
            std::fs::remove_file(content.join(v)).unwrap();
        }
        victims
    });
    println!(
        "deleted {deleted:?} while the build was stopped; exit {:?} after {:.2} s",
        run.code,
        run.elapsed.as_secs_f64()
    );
    assert_eq!(deleted.len(), 3, "the build had opened every page already");
    assert_eq!(run.code, Some(1), "a page that vanished is an error");
    for v in &deleted {
        assert!(
            run.stderr.contains(&format!("content/{v}")) && run.stderr.contains("cannot read"),
            "the error names {v}:\n{}",
            tail(&run.stderr)
        );
    }
    assert!(site.output() == before, "the failed build changed output/");
    // The next build (without the deleted files) succeeds.
    let next = run_samsyn(&["build", "--today", TODAY], &site.dir, secs(120));
    assert_eq!(next.code, Some(0), "{}", tail(&next.stderr));
}

#[test]
fn file_rewritten_while_the_build_reads_the_folder() {
    let site = Site::new();
    many_pages(&site, 3000);
    let content = site.dir.join("content");
    let (run, rewritten) = build_meddling(&site, |opened| {
        let victims: Vec<String> = (0..3000)
            .rev()
            .map(|i| format!("s{i:05}.md"))
            .filter(|n| !opened.contains(n))
            .take(2)
            .collect();
        // One rewritten in place (truncate and write), one replaced by rename
        // as editors save.
        std::fs::write(
            content.join(&victims[0]),
            "---\ntitle: Omskriven\n---\n\nNy text i filen.\n",
        )
        .unwrap();
        let tmp = content.join(".ny.tmp");
        std::fs::write(&tmp, "---\ntitle: Ersatt\n---\n\nNy fil via rename.\n").unwrap();
        std::fs::rename(&tmp, content.join(&victims[1])).unwrap();
        victims
    });
    println!(
        "rewrote {rewritten:?} while the build was stopped; exit {:?}",
        run.code
    );
    assert_eq!(rewritten.len(), 2);
    assert_eq!(run.code, Some(0), "{}", tail(&run.stderr));
    // The pages show the new text, whole: never a mix of old and new.
    for (v, new) in rewritten
        .iter()
        .zip(["Ny text i filen.", "Ny fil via rename."])
    {
        let page = v.trim_end_matches(".md");
        let html =
            std::fs::read_to_string(site.dir.join("output").join(page).join("index.html")).unwrap();
        assert!(html.contains(new), "{v} shows the new text");
        assert!(
            !html.contains("Originaltext"),
            "{v} shows none of the old text"
        );
    }
}
