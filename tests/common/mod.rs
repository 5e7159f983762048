//! Helpers shared by the integration tests: temporary sites, compiling with
//! a fixed "today", and reading the machine data out of rendered HTML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use samsyn::error::{Diagnostic, Diagnostics, Error};
use samsyn::{BuildOptions, Compiled};
use tempfile::TempDir;

/// The day every test computes review status for.
pub const TODAY: &str = "2026-11-22";

pub fn today() -> jiff::civil::Date {
    samsyn::dates::parse_date(TODAY).expect("TODAY is a date")
}

/// The demo site at the root of the repository.
pub fn demo_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(
        p.join("content").is_dir() || name.starts_with("no-"),
        "fixture {} is missing",
        p.display()
    );
    p
}

/// Writes a site into a temporary folder: `(path relative to the site, text)`.
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        write(dir.path(), rel, text.as_bytes());
    }
    dir
}

/// Writes one file under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
    std::fs::write(&path, bytes).expect("write file");
}

/// Options for `dir` with today fixed.
pub fn opts(dir: &Path) -> BuildOptions {
    BuildOptions {
        today: Some(today()),
        ..BuildOptions::new(dir)
    }
}

/// Options for `dir` with today fixed and drafts included.
pub fn opts_drafts(dir: &Path) -> BuildOptions {
    BuildOptions {
        include_drafts: true,
        ..opts(dir)
    }
}

/// Compiles a site that must compile; panics with the full report otherwise.
pub fn compile_ok(dir: &Path) -> Compiled {
    compile_opts_ok(&opts(dir))
}

pub fn compile_opts_ok(o: &BuildOptions) -> Compiled {
    match samsyn::compile(o) {
        Ok(c) => c,
        Err(Error::Content {
            diagnostics, texts, ..
        }) => {
            panic!(
                "expected the site to compile, got:\n{}",
                samsyn::report::to_string(&diagnostics, &texts, samsyn::messages::Lang::En)
            )
        }
        Err(e) => panic!("expected the site to compile, got: {e}"),
    }
}

/// Compiles a site that must fail with content errors; returns every
/// diagnostic (errors and warnings).
pub fn diagnostics(dir: &Path) -> Diagnostics {
    diagnostics_opts(&opts(dir))
}

pub fn diagnostics_opts(o: &BuildOptions) -> Diagnostics {
    match samsyn::compile(o) {
        Ok(c) => panic!(
            "expected content errors, but the site compiled: {}",
            c.summary().en()
        ),
        Err(Error::Content {
            diagnostics,
            errors,
            ..
        }) => {
            assert_eq!(
                errors,
                diagnostics.error_count(),
                "error count matches the diagnostics"
            );
            diagnostics
        }
        Err(e) => panic!("expected content errors, got another error: {e}"),
    }
}

/// The errors (not warnings) of a site that must fail.
pub fn errors(dir: &Path) -> Vec<Diagnostic> {
    diagnostics(dir)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// The single error of a site that must fail with exactly one error.
pub fn single_error(dir: &Path) -> Diagnostic {
    let errs = errors(dir);
    assert_eq!(errs.len(), 1, "expected exactly one error, got {errs:#?}");
    errs.into_iter().next().unwrap()
}

/// A rendered file as text.
pub fn file(c: &Compiled, path: &str) -> String {
    let bytes = c
        .rendered
        .read(path)
        .unwrap_or_else(|| {
            let known: Vec<&String> = c.rendered.files.keys().collect();
            panic!("no output file {path}; the site has {known:#?}")
        })
        .expect("readable");
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// Decodes the character references Tera and ammonia write in attributes.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let ent = &after[1..end];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `content` of `<meta name="NAME" content="…">`, decoded.
pub fn meta(html: &str, name: &str) -> Option<String> {
    let needle = format!("<meta name=\"{name}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(decode_entities(&html[start..start + end]))
}

/// Every value of attribute `attr` (`href`, `src`, …) in `html`, decoded.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!(" {attr}={quote}");
        let mut from = 0;
        while let Some(pos) = html[from..].find(&needle) {
            let start = from + pos + needle.len();
            let Some(end) = html[start..].find(quote) else {
                break;
            };
            out.push(decode_entities(&html[start..start + end]));
            from = start + end;
        }
    }
    out
}

/// Every `href` in `html`, decoded.
pub fn hrefs(html: &str) -> Vec<String> {
    attr_values(html, "href")
}

/// Whether `html` has a link to `url` (compared after decoding).
pub fn links_to(html: &str, url: &str) -> bool {
    hrefs(html).iter().any(|h| h == url)
}

/// The part of `html` from the heading with `id` to the next `<h2` (or the
/// end), to check what a section lists.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let needle = format!("id=\"{id}\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no section with id {id} in:\n{html}"));
    let rest = &html[start..];
    let end = rest[1..].find("<h2").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// Every file under `root`, by relative path, with its bytes (folders as
/// `None`), to compare whole output trees.
pub fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for entry in walkdir_sorted(root) {
        let rel = entry
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if entry.is_dir() {
            out.insert(rel, None);
        } else {
            out.insert(rel, Some(std::fs::read(&entry).expect("read output file")));
        }
    }
    out
}

fn walkdir_sorted(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A one-line description of diagnostics, for assertion messages.
pub fn describe(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("  {d}\n")).collect()
}

/// The `host:port` a `samsyn serve` child prints on stdout (read up to
/// that line); the rest of its stdout is drained on a thread so the server
/// never blocks on a full pipe.
pub fn served_address(child: &mut std::process::Child) -> String {
    served_address_and_before(child).0
}

/// [`served_address`], and the lines serve printed to stdout before it.
pub fn served_address_and_before(child: &mut std::process::Child) -> (String, Vec<String>) {
    use std::io::BufRead;
    let stdout = child.stdout.take().expect("serve's stdout is piped");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut before = Vec::new();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(i) = line.find("http://") {
            let rest = &line[i + 7..];
            break rest[..rest.find('/').unwrap()].to_string();
        }
        before.push(line);
    };
    std::thread::spawn(move || for _ in lines {});
    (addr, before)
}
