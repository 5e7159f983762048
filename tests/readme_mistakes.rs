//! README.md's "Vanliga fel" shows each common mistake as a file, then what
//! `samsyn check` prints about it. This builds each example into a site of
//! its own, runs the real binary, and checks that it prints exactly that
//! for the file (every message, and no other), so the section cannot drift
//! from the program.
//!
//! After a deliberate change of wording, `SAMSYN_BLESS=1 cargo test --test
//! readme_mistakes` writes what the binary prints into README.md; read the
//! diff before committing it.

use std::path::Path;
use std::process::Command;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const HEADING: &str = "## Vanliga fel";

/// The site every example is added to: a role, an organisation and a
/// contact list naming the role's holder, so that the examples' references
/// have something to name and nothing else warns.
const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Lindå kommun\nlanguage: sv\n"),
    (
        "content/roller/rektor.md",
        "---\ntitle: Rektor\nkind: role\n---\n\nLeder skolan.\n",
    ),
    (
        "content/roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\n---\n\nSamtal med elever.\n",
    ),
    (
        "content/roller/specialpedagog.md",
        "---\ntitle: Specialpedagog\nkind: role\n---\n\nStöd i lärandet.\n",
    ),
    (
        "content/organisationer/skolan.md",
        "---\ntitle: Skolan\nkind: organisation\n---\n\nGrundskolan.\n",
    ),
    (
        "content/rutiner/orosanmalan.md",
        "---\ntitle: Orosanmälan\n---\n\n## Syfte\n\nText.\n",
    ),
    (
        "content/kontakter/kontaktlista.md",
        "---\ntitle: Kontakter\nkind: contacts\nowner: rektor\nreviewed: 2026-06-01\ncontacts:\n  - name: Anna Berg\n    role: rektor\n    email: anna.berg@linda.example\n  - name: Omar Ali\n    role: kurator\n    email: omar.ali@linda.example\n  - name: Eva Lund\n    role: specialpedagog\n    email: eva.lund@linda.example\n---\n",
    ),
];

/// One example: the file as written, and the block of what samsyn prints.
struct Example {
    file: String,
    encoding: Option<String>,
    text: String,
    /// Byte range in README.md of the printed block's contents.
    expected: std::ops::Range<usize>,
}

/// The examples of the section, in order: each fenced block whose info
/// string names a `fil=`, with the `text` block that follows it.
fn examples(readme: &str) -> Vec<Example> {
    let start = readme
        .find(&format!("\n{HEADING}\n"))
        .expect("README.md has a section \"Vanliga fel\"");
    let mut out = Vec::new();
    let mut pending: Option<(String, Option<String>, String)> = None;
    let mut at = start + HEADING.len() + 2;
    let mut block: Option<(String, usize)> = None;
    for line in readme[at..].split_inclusive('\n') {
        let here = at;
        at += line.len();
        let bare = line.trim_end_matches('\n');
        match &block {
            None if bare.starts_with("## ") => break,
            None if bare.starts_with("```") => block = Some((bare[3..].to_string(), at)),
            None => {}
            Some((info, from)) if bare == "```" => {
                let body = readme[*from..here].to_string();
                let words: Vec<&str> = info.split_whitespace().collect();
                let arg = |name: &str| {
                    words
                        .iter()
                        .find_map(|w| w.strip_prefix(name))
                        .map(str::to_string)
                };
                if let Some(file) = arg("fil=") {
                    pending = Some((file, arg("kodning="), body));
                } else if info == "text" {
                    let (file, encoding, text) = pending
                        .take()
                        .expect("a `text` block follows an example file");
                    out.push(Example {
                        file,
                        encoding,
                        text,
                        expected: *from..here,
                    });
                }
                block = None;
            }
            Some(_) => {}
        }
    }
    out
}

/// The bytes of an example file in the encoding its block names.
fn encoded(text: &str, encoding: Option<&str>) -> Vec<u8> {
    match encoding {
        None => text.as_bytes().to_vec(),
        Some("windows-1252") => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
            .collect(),
        Some("utf-16") => {
            let mut out = vec![0xFF, 0xFE];
            for u in text.replace('\n', "\r\n").encode_utf16() {
                out.extend(u.to_le_bytes());
            }
            out
        }
        Some(other) => panic!("unknown kodning={other}"),
    }
}

/// What `samsyn check` prints about `example`'s file: each of its
/// diagnostics, in order, separated by blank lines.
fn printed(example: &Example) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files: Vec<(&str, Vec<u8>)> = BASE
        .iter()
        .map(|(p, t)| (*p, t.as_bytes().to_vec()))
        .collect();
    files.retain(|(p, _)| *p != example.file);
    let bytes = encoded(&example.text, example.encoding.as_deref());
    files.push((&example.file, bytes));
    for (rel, bytes) in &files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let out = run_check(dir.path());
    let marker = format!("┌─ {}:", example.file);
    let chunks: Vec<&str> = out
        .split("\n\n")
        .map(|c| c.trim_matches('\n'))
        .filter(|c| c.contains(&marker))
        .collect();
    let mut text = chunks.join("\n\n");
    text.push('\n');
    text
}

fn run_check(site: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .arg("check")
        .arg(site)
        .env("TZ", "Europe/Stockholm")
        .output()
        .expect("samsyn runs");
    String::from_utf8(out.stderr).expect("UTF-8 output")
}

/// Every line without its trailing spaces (codespan pads some).
fn trimmed(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_common_mistake_in_the_readme_prints_what_the_readme_says() {
    let mut readme = std::fs::read_to_string(README).expect("README.md is readable");
    let examples = examples(&readme);
    assert!(examples.len() >= 10, "only {} examples", examples.len());
    let bless = std::env::var_os("SAMSYN_BLESS").is_some();
    let mut wrong = Vec::new();
    // From the last, so that the ranges of those before stay right.
    for ex in examples.iter().rev() {
        let got = printed(ex);
        assert!(
            !got.trim().is_empty(),
            "samsyn says nothing about {}",
            ex.file
        );
        let want = &readme[ex.expected.clone()];
        if trimmed(want) != trimmed(&got) {
            wrong.push(format!(
                "{}:\n--- README.md says:\n{want}--- samsyn prints:\n{got}",
                ex.file
            ));
            if bless {
                readme.replace_range(ex.expected.clone(), &trimmed(&got));
                readme.insert(ex.expected.start + trimmed(&got).len(), '\n');
            }
        }
    }
    if bless {
        std::fs::write(README, &readme).expect("README.md is writable");
        return;
    }
    assert!(
        wrong.is_empty(),
        "README.md's \"Vanliga fel\" is not what samsyn prints \
         (SAMSYN_BLESS=1 writes it):\n\n{}",
        wrong.join("\n")
    );
}
