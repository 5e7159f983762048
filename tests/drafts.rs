//! Drafts are left out of `build` and included with `include_drafts`.
//! (A published page that refers to a draft: see content_errors.rs.)

mod common;

use common::*;

fn mentions_draft(c: &samsyn::Compiled) -> Vec<String> {
    c.rendered
        .files
        .keys()
        .filter(|p| p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".ics"))
        .filter(|p| {
            let text = file(c, p);
            text.contains("rutiner/utkast") || text.contains("Utkast till rutin")
        })
        .cloned()
        .collect()
}

#[test]
fn drafts_are_left_out_of_build() {
    let c = compile_ok(&fixture("drafts"));
    assert!(!c.rendered.files.contains_key("rutiner/utkast/index.html"));
    assert!(c
        .rendered
        .files
        .contains_key("rutiner/publicerad/index.html"));
    assert!(c.site.pages.iter().all(|p| !p.parsed.meta.draft));
}

#[test]
fn drafts_are_not_mentioned_anywhere_in_a_build() {
    let c = compile_ok(&fixture("drafts"));
    assert_eq!(
        mentions_draft(&c),
        Vec::<String>::new(),
        "lists, sitemap, feed and calendar leave the draft out"
    );
}

#[test]
fn drafts_are_included_with_include_drafts() {
    let c = compile_opts_ok(&opts_drafts(&fixture("drafts")));
    let html = file(&c, "rutiner/utkast/index.html");
    assert_eq!(meta(&html, "samsyn:status").as_deref(), Some("draft"));
    assert!(html.contains("Utkast"), "the page says it is a draft");
}

#[test]
fn draft_links_count_as_backlinks_when_included() {
    let c = compile_opts_ok(&opts_drafts(&fixture("drafts")));
    let html = file(&c, "rutiner/publicerad/index.html");
    assert!(links_to(&html, "/rutiner/utkast/"), "{:?}", hrefs(&html));
    let c = compile_ok(&fixture("drafts"));
    assert!(!links_to(
        &file(&c, "rutiner/publicerad/index.html"),
        "/rutiner/utkast/"
    ));
}

#[test]
fn drafts_are_not_written_by_build() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("output");
    samsyn::build(&opts(&fixture("drafts")), &dest)
        .map_err(|e| e.to_string())
        .unwrap();
    assert!(dest.join("rutiner/publicerad/index.html").is_file());
    assert!(!dest.join("rutiner/utkast").exists());
}

#[test]
fn a_warning_about_a_draft_is_not_written_into_the_output_folder() {
    let s = site(&[
        (
            "content/index.md",
            "---\ntitle: Start\nkind: page\n---\n\nVälkommen.\n",
        ),
        (
            "content/utkast.md",
            "---\ntitle: Utkast\nkind: page\ndraft: true\n---\n\n[plan](javascript:hemligt-utkast-4711)\n",
        ),
    ]);
    let out = s.path().join("output");
    let built = samsyn::build(&opts(s.path()), &out).unwrap_or_else(|e| panic!("{e}"));
    let warned = built
        .warnings
        .iter()
        .any(|d| d.message.en().contains("hemligt-utkast-4711"));
    assert!(warned, "the draft's unsafe link is warned about");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("hemligt-utkast-4711"),
                "{} holds text of a draft",
                entry.path().display()
            );
        }
    }
}
