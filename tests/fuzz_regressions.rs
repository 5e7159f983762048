//! The fuzz targets' checks (`fuzz/checks.rs`) run on stable Rust in the
//! ordinary `cargo test`: every seed in `fuzz/corpus/TARGET/` and every
//! input that once failed, kept in `fuzz/regressions/TARGET/` (copy a crash
//! from `fuzz/artifacts/TARGET/` there when you fix it).

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file under `fuzz/corpus/TARGET` and
/// `fuzz/regressions/TARGET`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} fails", f.display());
            n += 1;
        }
    }
    n
}

#[test]
fn frontmatter_seeds_and_regressions() {
    assert!(replay("frontmatter", checks::frontmatter) > 0);
}

#[test]
fn page_pipeline_seeds_and_regressions() {
    assert!(replay("page_pipeline", checks::page_pipeline) > 0);
}

#[test]
fn privacy_seeds_and_regressions() {
    assert!(replay("privacy", checks::privacy) > 0);
}

#[test]
fn tokenize_seeds_and_regressions() {
    assert!(replay("tokenize", checks::tokenize) > 0);
}

#[test]
fn serve_path_seeds_and_regressions() {
    assert!(replay("serve_path", checks::serve_path) > 0);
}

/// Found by the `frontmatter` target: YAML also breaks lines at a lone
/// carriage return (and NEL, LS, PS), so its line numbers ran past the end
/// of the file as we number lines (at `\n`), and the error pointed nowhere.
#[test]
fn yaml_error_after_lone_carriage_returns_points_at_its_line() {
    let text = "---\ntitle: Fel\rkind: routine\r\rowner: [a\nrevised: 2026-01-01\n---\n";
    let (fm, diags) = samsyn::frontmatter::parse("content/a.md", text);
    assert!(fm.is_none());
    let d = diags
        .iter()
        .find(|d| d.message.id().starts_with("yaml."))
        .unwrap();
    assert!(
        (2..=3).contains(&d.line),
        "the error is on a line of the file: {d}"
    );
    let (_, diags) = samsyn::config::SiteConfig::parse("title: a\r\r\r\rlanguage: [sv\n");
    let d = diags
        .iter()
        .find(|d| d.message.id().starts_with("yaml."))
        .unwrap();
    assert!(d.line <= 2, "site.yaml error on a line of the file: {d}");
}

#[test]
fn attachment_seeds_and_regressions() {
    assert!(replay("attachment", checks::attachment) > 0);
}
