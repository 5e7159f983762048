//! `--format json` on `check` and `build`: one JSON document on stdout,
//! read back by serde_json and by Python's json module, exit codes as in
//! text mode.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// samsyn in English: these tests read its English sentences.
fn samsyn(args: &[&str]) -> Output {
    samsyn_in(&["--lang", "en"], args)
}

fn samsyn_in(lang: &[&str], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(lang)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run samsyn")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A page with an error (a missing page, named by a personnummer the
/// message must mask) and a warning (a link whose scheme is removed), and a
/// page whose file name holds a control character.
const BROKEN: &[(&str, &str)] = &[
    (
        "content/index.md",
        "---\ntitle: Start\n---\n\nSe [saknad](19121212-1212.md).\n\n[x](javascript:alert)\n",
    ),
    (
        "content/a\u{1}b.md",
        "---\ntitle: B\nfärg: blå\n---\n\nText.\n",
    ),
];

fn parse(o: &Output) -> serde_json::Value {
    let text = std::str::from_utf8(&o.stdout).expect("UTF-8 stdout");
    assert_eq!(text.lines().count(), 1, "one line on stdout: {text}");
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Python's json module, an outside parser, reads the same document and
/// prints it back in its own canonical form.
fn python_roundtrip(stdout: &[u8]) -> serde_json::Value {
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import json,sys; d=json.load(sys.stdin); print(json.dumps(d))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdout)
        .expect("write");
    let out = child.wait_with_output().expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python's output is JSON")
}

#[test]
fn check_json_lists_errors_and_warnings_with_positions() {
    let dir = site(BROKEN);
    let o = samsyn(&["check", s(dir.path()), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc = parse(&o);
    assert_eq!(doc, python_roundtrip(&o.stdout));
    assert_eq!(doc["version"], 1);
    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    let missing = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("no such page"))
        })
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(missing["file"], "content/index.md");
    assert_eq!(missing["line"], 5);
    assert_eq!(missing["severity"], "error");
    assert!(missing["hint"].is_string(), "{missing}");
    assert!(
        missing["column"].as_u64().is_some_and(|c| c > 0),
        "{missing}"
    );
    let removed = diags
        .iter()
        .find(|d| d["severity"] == "warning")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(removed["line"], 7);
    assert!(
        diags.iter().any(|d| d["file"] == "content/a\u{1}b.md"),
        "the control character survives, escaped: {doc}"
    );
    let raw = String::from_utf8_lossy(&o.stdout);
    assert!(raw.contains("\\u0001"), "{raw}");
    assert!(!raw.contains('\u{1}'), "{raw}");
    assert!(!raw.contains("19121212"), "personnummer masked: {raw}");
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(doc["summary"]["errors"], errors);
    assert_eq!(doc["summary"]["warnings"], diags.len() - errors);
    // Text mode prints nothing on stdout for a failing check.
    assert!(samsyn(&["check", s(dir.path())]).stdout.is_empty());
}

/// The JSON says what text mode says, in the same language: Swedish by
/// default, English with `language: en` or `--lang en`.
#[test]
fn json_messages_are_in_the_sites_language() {
    let message_of = |lang: &[&str], dir: &Path| {
        let o = samsyn_in(lang, &["check", s(dir), "--format", "json"]);
        let doc = parse(&o);
        let d = &doc["diagnostics"][0];
        (
            d["message"].as_str().unwrap().to_string(),
            d["hint"].as_str().unwrap().to_string(),
        )
    };
    let page = (
        "content/index.md",
        "---\ntitle: Start\n---\n\nSe [saknad](saknad.md).\n",
    );
    let swedish = site(&[page]);
    let english = site(&[page, ("site.yaml", "language: en\n")]);
    let (sv, sv_hint) = message_of(&[], swedish.path());
    assert_eq!(sv, "länken till `saknad.md`: det finns ingen sådan sida");
    assert!(sv_hint.starts_with("sökvägar räknas"), "{sv_hint}");
    let (en, _) = message_of(&[], english.path());
    assert_eq!(en, "link to `saknad.md`: no such page");
    assert_eq!(message_of(&["--lang", "en"], swedish.path()).0, en);
    assert_eq!(message_of(&["--lang", "sv"], english.path()).0, sv);
    // Text mode prints the same sentence.
    let o = samsyn_in(&[], &["check", s(swedish.path())]);
    assert!(String::from_utf8_lossy(&o.stderr).contains(&sv));
}

#[test]
fn clean_build_json_is_an_empty_document_and_the_summary_goes_to_stderr() {
    let dir = site(&[("content/index.md", "---\ntitle: Start\n---\n\nText.\n")]);
    for args in [
        vec!["build", s(dir.path()), "--format", "json"],
        vec!["check", s(dir.path()), "--format=json", "-v"],
    ] {
        let o = samsyn(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let doc = parse(&o);
        assert_eq!(doc, python_roundtrip(&o.stdout));
        assert_eq!(doc["diagnostics"], serde_json::json!([]));
        assert_eq!(
            doc["summary"],
            serde_json::json!({"errors": 0, "warnings": 0})
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("1 page"), "{args:?}: {err}");
    }
}

#[test]
fn build_json_with_only_warnings_exits_0() {
    let dir = site(&[(
        "content/index.md",
        "---\ntitle: Start\n---\n\n[x](javascript:alert)\n",
    )]);
    let o = samsyn(&["build", s(dir.path()), "--format", "json", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let doc = parse(&o);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"errors": 0, "warnings": 1})
    );
    assert_eq!(doc["diagnostics"][0]["line"], 5);
}
