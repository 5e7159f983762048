//! `{{#include path}}`: another file's body in a page, with its links from
//! its own folder and its headings among the page's; snippets never
//! published on their own; missing files and circles are errors at the
//! include line; `samsyn serve` shows a snippet's edit in every page that
//! includes it.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const SNIPPET: &str = "---\ntitle: Samtycke\nkind: snippet\n---\n\n## Samtycke\n\n\
                       Hämta in samtycket skriftligt, se [riktlinjen](../riktlinjer/delning.md#regler) \
                       och ![blanketten](blankett.png).\n";

const GUIDELINE: &str =
    "---\ntitle: Delning\nkind: guideline\nrevised: 2026-06-01\n---\n\n## Regler\n\nText.\n";

fn shared_site(page_body: &str) -> tempfile::TempDir {
    let page = format!("---\ntitle: SIP\nkind: routine\nrevised: 2026-06-01\n---\n\n{page_body}");
    site(&[
        ("site.yaml", "base_url: https://intra.example/bus/\n"),
        ("content/delat/samtycke.md", SNIPPET),
        ("content/delat/blankett.png", "png"),
        ("content/riktlinjer/delning.md", GUIDELINE),
        ("content/rutiner/sip.md", &page),
    ])
}

#[test]
fn an_include_puts_the_files_body_in_with_its_own_links_and_the_pages_anchors() {
    let s = shared_site(
        "## Samtycke\n\nFörst sidans egen text.\n\n{{#include ../delat/samtycke.md}}\n\n## Efteråt\n\nSist.\n",
    );
    let c = compile_ok(s.path());
    let html = file(&c, "rutiner/sip/index.html");
    let own = html.find("Först sidans egen text.").expect("own text");
    let shared = html
        .find("Hämta in samtycket skriftligt")
        .expect("the snippet's body");
    let last = html.find("Sist.").expect("text after the include");
    assert!(own < shared && shared < last, "in place");
    assert!(!html.contains("kind: snippet"), "front matter left out");
    assert!(!html.contains("{{#include"));
    // Relative to delat/, not to rutiner/.
    assert!(links_to(
        &html,
        "https://intra.example/bus/riktlinjer/delning/#regler"
    ));
    assert!(
        html.contains("src=\"https://intra.example/bus/delat/blankett.png\""),
        "{html}"
    );
    // The page's heading and the snippet's share one page: unique anchors,
    // both in the table of contents.
    assert!(html.contains("<h2 id=\"samtycke\">"));
    assert!(html.contains("<h2 id=\"samtycke-1\">"), "{html}");
    assert!(
        html.contains("href=\"#samtycke-1\""),
        "in the table of contents"
    );
}

#[test]
fn a_snippet_is_never_published_listed_searched_or_in_the_sitemap() {
    let s = shared_site("{{#include ../delat/samtycke.md}}\n");
    let c = compile_ok(s.path());
    assert!(c.rendered.read("delat/samtycke/index.html").is_none());
    assert!(c
        .site
        .pages
        .iter()
        .all(|p| p.parsed.content_path != "delat/samtycke.md"));
    for path in c.rendered.files.keys() {
        let bytes = c.rendered.read(path).expect("listed").expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("delat/samtycke"), "{path} names the snippet");
    }
    // Its text is found where it is included: on the routine's entry.
    let docs: String = c
        .rendered
        .files
        .keys()
        .filter(|p| p.starts_with("search/d/"))
        .map(|p| file(&c, p))
        .collect();
    assert!(docs.contains("rutiner/sip/"));
}

#[test]
fn a_missing_file_is_an_error_at_the_include_line() {
    let s = shared_site("Text.\n\n{{#include ../delat/saknas.md}}\n");
    let e = single_error(s.path());
    assert_eq!(e.file, "content/rutiner/sip.md");
    assert_eq!((e.line, e.col), (9, 12), "{e:?}");
    assert!(e.message.en().contains("../delat/saknas.md"), "{e:?}");
    assert!(e.message.en().contains("no such file"));
}

#[test]
fn a_path_out_of_content_or_to_another_kind_of_file_is_an_error() {
    let s = shared_site("{{#include ../../site.yaml}}\n\n{{#include ../delat/blankett.png}}\n");
    let errs = errors(s.path());
    assert_eq!(errs.len(), 2, "{}", describe(&errs));
    assert_eq!((errs[0].line, errs[1].line), (7, 9));
    assert!(errs[0].message.en().contains("out of content/"));
    assert!(errs[1].message.en().contains("only Markdown files"));
}

#[test]
fn files_that_include_each_other_are_errors_at_each_include_line() {
    let s = site(&[
        ("content/a.md", "---\ntitle: A\n---\n\n{{#include b.md}}\n"),
        (
            "content/b.md",
            "---\ntitle: B\nkind: snippet\n---\n\nB.\n\n{{#include a.md}}\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\n---\n\nC.\n{{#include c.md}}\n",
        ),
    ]);
    let errs = errors(s.path());
    let at: Vec<(&str, usize)> = errs.iter().map(|e| (e.file.as_str(), e.line)).collect();
    assert_eq!(
        at,
        [
            ("content/a.md", 5),
            ("content/b.md", 8),
            ("content/c.md", 6)
        ],
        "{}",
        describe(&errs)
    );
    assert!(errs[0]
        .message
        .en()
        .contains("content/a.md → content/b.md → content/a.md"));
    assert!(errs[2].message.en().contains("content/c.md → content/c.md"));
}

#[test]
fn an_include_line_in_fenced_code_is_shown_as_written() {
    let s = shared_site("```markdown\n{{#include ../delat/samtycke.md}}\n```\n");
    let c = compile_ok(s.path());
    let html = file(&c, "rutiner/sip/index.html");
    assert!(html.contains("{{#include ../delat/samtycke.md}}"));
    assert!(!html.contains("Hämta in samtycket"));
}

#[test]
fn a_broken_link_or_a_personnummer_in_an_included_file_is_reported_at_the_include_line() {
    let s = shared_site("Text.\n\n{{#include ../delat/samtycke.md}}\n");
    let snippet = SNIPPET.replace("delning.md#regler", "saknas.md");
    write(s.path(), "content/delat/samtycke.md", snippet.as_bytes());
    let errs = errors(s.path());
    let at: Vec<(&str, usize)> = errs.iter().map(|e| (e.file.as_str(), e.line)).collect();
    assert_eq!(at, [("content/rutiner/sip.md", 9)], "{}", describe(&errs));
    assert!(errs[0].message.en().contains("saknas.md"));

    let snippet = SNIPPET.replace("skriftligt", "skriftligt av 19121212-1212");
    write(s.path(), "content/delat/samtycke.md", snippet.as_bytes());
    let errs = errors(s.path());
    let files: Vec<&str> = errs.iter().map(|e| e.file.as_str()).collect();
    assert!(
        files.contains(&"content/delat/samtycke.md"),
        "{}",
        describe(&errs)
    );
    assert!(
        files.contains(&"content/rutiner/sip.md"),
        "{}",
        describe(&errs)
    );
}

#[test]
fn a_normal_page_may_be_included_and_stays_published() {
    let s = shared_site("{{#include ../riktlinjer/delning.md}}\n");
    let c = compile_ok(s.path());
    assert!(file(&c, "rutiner/sip/index.html").contains("<h2 id=\"regler\">"));
    assert!(c.rendered.read("riktlinjer/delning/index.html").is_some());
}

/// GET over a fresh connection: (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
fn serve_shows_a_snippets_edit_in_every_page_that_includes_it() {
    let s = shared_site("{{#include ../delat/samtycke.md}}\n");
    write(
        s.path(),
        "content/forum/mote.md",
        b"---\ntitle: M\xc3\xb6te\n---\n\nInnan.\n\n{{#include ../delat/samtycke.md}}\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["serve", "--port", "0", "--today", TODAY])
        .arg(s.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let addr = served_address(&mut child);
    for page in ["/bus/rutiner/sip/", "/bus/forum/mote/"] {
        let (status, body) = http_get(&addr, page);
        assert_eq!(status, 200, "{page}");
        assert!(body.contains("Hämta in samtycket skriftligt"), "{page}");
    }
    let edited = SNIPPET.replace("Hämta in samtycket skriftligt", "Ändrad gemensam text");
    write(s.path(), "content/delat/samtycke.md", edited.as_bytes());
    let deadline = Instant::now() + Duration::from_secs(20);
    for page in ["/bus/rutiner/sip/", "/bus/forum/mote/"] {
        loop {
            let (_, body) = http_get(&addr, page);
            if body.contains("Ändrad gemensam text") {
                assert!(!body.contains("Hämta in samtycket skriftligt"));
                break;
            }
            assert!(Instant::now() < deadline, "{page} never showed the edit");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_link_or_reference_to_a_snippet_says_it_has_no_page() {
    let s = shared_site("Se [texten](../delat/samtycke.md).\n");
    write(
        s.path(),
        "content/annan.md",
        b"---\ntitle: Annan\nrelated: [samtycke]\n---\n\nText.\n",
    );
    let errs = errors(s.path());
    assert_eq!(errs.len(), 2, "{}", describe(&errs));
    assert!(
        errs.iter().all(|e| e.message.en().contains("snippet")),
        "{}",
        describe(&errs)
    );
    assert!(errs.iter().all(|e| e
        .hint
        .as_ref()
        .map(|h| h.en())
        .unwrap_or_default()
        .contains("{{#include")));
}

#[test]
fn includes_nested_past_the_bound_are_an_error_at_the_first_include_line() {
    let files: Vec<(String, String)> = (0..10)
        .map(|i| {
            let next = if i < 9 {
                format!("{{{{#include f{}.md}}}}\n", i + 1)
            } else {
                String::new()
            };
            (
                format!("content/f{i}.md"),
                format!("---\ntitle: F{i}\nkind: snippet\n---\n\nNivå {i}.\n\n{next}"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let s = site(&refs);
    let e = single_error(s.path());
    assert_eq!((e.file.as_str(), e.line), ("content/f0.md", 8), "{e:?}");
    assert!(e.message.en().contains("more than 8 levels"), "{e:?}");
}
