//! The Markdown body: heading anchors, links between pages, files copied
//! beside pages, and raw HTML that is sanitised.

mod common;

use common::*;

// ---- Anchors -------------------------------------------------------------

fn anchors() -> samsyn::Compiled {
    compile_ok(&fixture("anchors"))
}

#[test]
fn heading_anchor_is_lower_case_with_dashes() {
    let html = file(&anchors(), "anmalan/index.html");
    assert!(html.contains(r#"<h2 id="ansvar-och-styrning">"#), "{html}");
}

#[test]
fn heading_anchor_keeps_swedish_letters_and_drops_punctuation() {
    let html = file(&anchors(), "anmalan/index.html");
    assert!(html.contains(r#"<h2 id="när">"#), "## När? → när");
    assert!(
        html.contains(r#"<h2 id="när-ska-du-anmäla">"#),
        "## När ska du anmäla? → när-ska-du-anmäla"
    );
}

#[test]
fn heading_anchor_ignores_inline_markup() {
    let html = file(&anchors(), "anmalan/index.html");
    assert!(html.contains(r#"<h2 id="vad-gör-kuratorn">"#), "{html}");
}

#[test]
fn repeated_headings_get_numbered_anchors() {
    let c = anchors();
    let html = file(&c, "anmalan/index.html");
    for id in ["när", "när-1", "när-2", "ansvar-och-styrning-1"] {
        assert!(
            html.contains(&format!(r#"<h2 id="{id}">"#)),
            "anchor {id} in {html}"
        );
    }
    let page = c
        .site
        .pages
        .iter()
        .find(|p| p.parsed.content_path == "anmalan.md")
        .unwrap();
    let anchors: Vec<&str> = page
        .parsed
        .body
        .headings
        .iter()
        .map(|h| h.anchor.as_str())
        .collect();
    assert_eq!(
        anchors,
        [
            "ansvar-och-styrning",
            "när",
            "när-1",
            "när-2",
            "när-ska-du-anmäla",
            "vad-gör-kuratorn",
            "ansvar-och-styrning-1"
        ]
    );
}

#[test]
fn link_to_anchor_with_swedish_letters_resolves_and_is_percent_encoded() {
    let html = file(&anchors(), "lank/index.html");
    let links = hrefs(&html);
    for url in [
        "/anmalan/#n%C3%A4r-ska-du-anm%C3%A4la",
        "/anmalan/#n%C3%A4r-2",
        "/anmalan/#n%C3%A4r-1",
        "/anmalan/#vad-g%C3%B6r-kuratorn",
    ] {
        assert!(links.iter().any(|l| l == url), "{url} in {links:?}");
    }
}

#[test]
fn link_to_anchor_on_the_same_page_resolves() {
    let html = file(&anchors(), "lank/index.html");
    assert!(
        hrefs(&html).iter().any(|l| l == "#egen-rubrik"),
        "{:?}",
        hrefs(&html)
    );
}

#[test]
fn anchor_links_are_recorded_as_backlinks() {
    let html = file(&anchors(), "anmalan/index.html");
    assert!(
        links_to(&html, "/lank/"),
        "the linking page is listed under Länkas från"
    );
}

// ---- Files beside pages --------------------------------------------------

fn assets() -> samsyn::Compiled {
    compile_ok(&fixture("assets"))
}

#[test]
fn non_markdown_files_are_copied_to_the_same_path_lower_cased() {
    let c = assets();
    let root = fixture("assets").join("content");
    for (out, src) in [
        ("rutiner/bilaga.pdf", "rutiner/Bilaga.PDF"),
        ("rutiner/bild.png", "rutiner/bild.png"),
        ("bilder/logga.png", "bilder/Logga.png"),
    ] {
        let bytes = c
            .rendered
            .read(out)
            .unwrap_or_else(|| panic!("{out} is not in the output"))
            .unwrap();
        assert_eq!(
            &*bytes,
            std::fs::read(root.join(src)).unwrap().as_slice(),
            "{out} is copied as it is"
        );
    }
}

#[test]
fn hidden_and_editor_temp_files_are_not_published() {
    let c = assets();
    let published: Vec<&String> = c.rendered.files.keys().collect();
    for name in [
        "hemlig",
        "rutin.md~",
        "#rutin.md#",
        "Säkerhetskopia",
        "emacs",
    ] {
        assert!(
            !published
                .iter()
                .any(|p| p.to_lowercase().contains(&name.to_lowercase())),
            "{name} in {published:?}"
        );
    }
    assert_eq!(
        c.site.pages.len(),
        2,
        "only index.md and rutin.md are pages"
    );
}

#[test]
fn links_and_images_to_copied_files_point_at_their_output_path() {
    let c = assets();
    let rutin = file(&c, "rutiner/rutin/index.html");
    let links = hrefs(&rutin);
    assert!(
        links.iter().filter(|l| *l == "/rutiner/bilaga.pdf").count() >= 2,
        "{links:?}"
    );
    assert!(
        attr_values(&rutin, "src")
            .iter()
            .any(|s| s == "/rutiner/bild.png"),
        "{:?}",
        attr_values(&rutin, "src")
    );
    let start = file(&c, "index.html");
    assert!(
        attr_values(&start, "src")
            .iter()
            .any(|s| s == "/bilder/logga.png"),
        "{:?}",
        attr_values(&start, "src")
    );
    assert!(links_to(&start, "/rutiner/bilaga.pdf"));
}

#[test]
fn every_link_to_a_copied_file_names_a_file_in_the_output() {
    let c = assets();
    for (path, _) in c
        .rendered
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = file(&c, path);
        let urls = hrefs(&html).into_iter().chain(attr_values(&html, "src"));
        for url in urls.filter(|u| u.ends_with(".pdf") || u.ends_with(".png")) {
            let out = url.trim_start_matches('/');
            assert!(
                c.rendered.files.contains_key(out),
                "{path} links to {url}, which is not in the output"
            );
        }
    }
}

#[test]
fn copied_files_are_written_by_build() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("output");
    samsyn::build(&opts(&fixture("assets")), &dest)
        .map_err(|e| e.to_string())
        .unwrap();
    assert!(dest.join("rutiner/bilaga.pdf").is_file());
    assert!(dest.join("bilder/logga.png").is_file());
}

// ---- Raw HTML ------------------------------------------------------------

const HOSTILE: &str = r#"---
title: Fientlig
summary: "<script>alert('summary')</script>"
---

<script>alert("body")</script>

<div onclick="alert('click')">Klicka</div>

<img src="x.png" onerror="alert('img')">

<a href="javascript:alert('a')">länk</a> och <a href="JaVaScRiPt:alert('b')">länk</a>

[markdown](javascript:alert('md')) och [data](data:text/html;base64,PHNjcmlwdD4=)

<iframe src="https://example.com"></iframe>

<style>body { display: none }</style>

<b>fet</b> text.
"#;

fn hostile_page() -> (samsyn::Compiled, String) {
    let s = site(&[("content/fientlig.md", HOSTILE), ("content/x.png", "png")]);
    let c = compile_ok(s.path());
    let html = file(&c, "fientlig/index.html");
    (c, html)
}

/// The `<script>` tags the theme itself puts on every page.
fn theme_scripts(html: &str) -> usize {
    html.matches("<script src=").count()
}

#[test]
fn raw_script_tags_never_reach_the_output() {
    let (_, html) = hostile_page();
    assert_eq!(
        html.matches("<script").count(),
        theme_scripts(&html),
        "only the theme's scripts:\n{html}"
    );
    assert!(!html.contains("alert(\"body\")"), "{html}");
    assert!(
        !html.contains("<script>alert"),
        "the summary is escaped:\n{html}"
    );
}

#[test]
fn event_handler_attributes_never_reach_the_output() {
    let (_, html) = hostile_page();
    let lower = html.to_lowercase();
    assert!(!lower.contains("onclick"), "{html}");
    assert!(!lower.contains("onerror"), "{html}");
}

#[test]
fn javascript_urls_never_reach_the_output() {
    let (_, html) = hostile_page();
    let decoded = decode_entities(&html).to_lowercase();
    assert!(!decoded.contains("javascript:"), "{html}");
    assert!(!decoded.contains("data:text/html"), "{html}");
}

#[test]
fn iframes_and_styles_are_removed_but_harmless_markup_stays() {
    let (_, html) = hostile_page();
    assert!(!html.contains("<iframe"), "{html}");
    assert!(!html.contains("display: none"), "{html}");
    assert!(html.contains("<b>fet</b>"), "{html}");
    assert!(
        html.contains("Klicka"),
        "the text of a cleaned element stays"
    );
}

#[test]
fn removed_javascript_link_gets_a_warning_at_its_line() {
    let (c, _) = hostile_page();
    let w: Vec<_> = c
        .warnings
        .iter()
        .filter(|d| d.message.en().contains("javascript"))
        .collect();
    assert!(!w.is_empty(), "{:?}", c.warnings);
    assert!(
        w.iter()
            .all(|d| d.file == "content/fientlig.md" && d.line == 14),
        "{w:?}"
    );
}

#[test]
fn raw_html_does_not_break_heading_anchors() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n<b>fet</b>\n\n## När ska du anmäla?\n",
    )]);
    let c = compile_ok(s.path());
    let html = file(&c, "a/index.html");
    assert!(html.contains(r#"id="när-ska-du-anmäla""#), "{html}");
}

// ---- Addresses -----------------------------------------------------------

#[test]
fn swedish_letters_in_file_names_are_kept_and_percent_encoded_in_links() {
    let s = site(&[
        ("content/rutiner/Orosanmälan.md", "---\ntitle: Orosanmälan\nkind: routine\nowner: kurator\nrevised: 2026-06-01\n---\n\n## Syfte\n"),
        ("content/roller/kurator.md", "---\ntitle: Kurator\nkind: role\n---\n"),
        ("content/a.md", "---\ntitle: A\n---\n\n[rutinen](rutiner/Orosanmälan.md#syfte) och [igen](rutiner/Orosanm%C3%A4lan.md).\n"),
    ]);
    let c = compile_ok(s.path());
    assert!(
        c.rendered
            .files
            .contains_key("rutiner/orosanmälan/index.html"),
        "{:?}",
        c.rendered.files.keys()
    );
    let a = file(&c, "a/index.html");
    assert!(
        links_to(&a, "/rutiner/orosanm%C3%A4lan/#syfte"),
        "{:?}",
        hrefs(&a)
    );
    assert!(
        links_to(&a, "/rutiner/orosanm%C3%A4lan/"),
        "{:?}",
        hrefs(&a)
    );
    let role = file(&c, "roller/kurator/index.html");
    assert!(
        links_to(&role, "/rutiner/orosanm%C3%A4lan/"),
        "generated links are encoded too: {:?}",
        hrefs(&role)
    );
    let full = compile_opts_ok(&samsyn::BuildOptions {
        base_url: Some("https://intra.example/".into()),
        ..opts(s.path())
    });
    assert!(file(&full, "sitemap.xml").contains("https://intra.example/rutiner/orosanm%C3%A4lan/"));
}

#[test]
fn index_md_stands_for_its_folder() {
    let s = site(&[
        (
            "content/rutiner/index.md",
            "---\ntitle: Alla rutiner\n---\n\n## Lista\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\n---\n\n[mappen](rutiner/) och [filen](rutiner/index.md#lista).\n",
        ),
    ]);
    let c = compile_ok(s.path());
    let html = file(&c, "rutiner/index.html");
    assert_eq!(meta(&html, "samsyn:id").as_deref(), Some("rutiner"));
    let a = file(&c, "a/index.html");
    assert!(
        links_to(&a, "/rutiner/") && links_to(&a, "/rutiner/#lista"),
        "{:?}",
        hrefs(&a)
    );
}

#[test]
fn titles_are_escaped_in_html() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: \"Ansvar <b>& styrning</b>\"\n---\n",
    )]);
    let c = compile_ok(s.path());
    let html = file(&c, "a/index.html");
    assert!(!html.contains("<b>& styrning"), "{html}");
    assert!(html.contains("&lt;b&gt;"), "{html}");
}
