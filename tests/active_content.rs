//! No script but the theme's: nothing an editor writes or attaches can run
//! in a reader's browser on the intranet's origin, or dress itself up as
//! the site's own markup. The browser suite (`tests/e2e/csp.test.mjs`)
//! loads the same payloads in Chromium and fails on any dialog.

mod common;

use std::process::Command;

use common::*;
use samsyn::error::Diagnostic;

fn page(body: &str) -> String {
    format!("---\ntitle: Sida\n---\n\n{body}\n")
}

/// The body HTML of `content/sida.md` and the warnings, for a one-page site.
fn built(body: &str) -> (String, Vec<Diagnostic>) {
    let s = site(&[("content/sida.md", &page(body))]);
    let c = compile_ok(s.path());
    let html = file(&c, "sida/index.html");
    let main = html
        .split_once("<main")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or(html.clone(), |(m, _)| m.to_string());
    (main, c.warnings.iter().cloned().collect())
}

fn warned_at(warnings: &[Diagnostic], line: usize, needle: &str) -> bool {
    warnings
        .iter()
        .any(|d| d.line == line && d.file == "content/sida.md" && d.message.en().contains(needle))
}

#[test]
fn heading_attributes_cannot_set_handlers_or_focus() {
    let (html, warnings) = built("## Hej {tabindex=0 autofocus onfocus=alert(1)}");
    assert!(html.contains(r#"<h2 id="hej">Hej</h2>"#), "{html}");
    for bad in ["onfocus", "autofocus", "tabindex=\"0\"", "alert"] {
        assert!(!html.contains(bad), "{bad} reached the HTML: {html}");
    }
    for attr in ["`onfocus`", "`autofocus`", "`tabindex`"] {
        assert!(
            warned_at(&warnings, 5, attr),
            "no warning for {attr}: {warnings:?}"
        );
    }
}

#[test]
fn heading_classes_are_limited_to_those_the_theme_offers() {
    let (html, warnings) = built("## Hej {.status .status--current .print-only}");
    assert!(
        html.contains(r#"<h2 id="hej" class="print-only">"#),
        "{html}"
    );
    assert!(!html.contains("status--current"), "{html}");
    assert!(warned_at(&warnings, 5, "`status--current`"), "{warnings:?}");
}

#[test]
fn heading_lang_is_kept() {
    let (html, warnings) = built("## Hello {lang=en}");
    assert!(html.contains(r#"lang="en""#), "{html}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn raw_html_cannot_borrow_the_themes_classes_or_layout_ids() {
    let (html, warnings) = built(
        "<div class=\"status status--current notice\" id=\"samsyn-relaterade\">Gällande</div>\n\n<p id=\"innehall\" class=\"visually-hidden\">x</p>",
    );
    assert!(!html.contains("status--current"), "{html}");
    assert!(!html.contains("class=\"status"), "{html}");
    assert!(!html.contains("samsyn-relaterade"), "{html}");
    assert_eq!(
        html.matches("id=\"innehall\"").count(),
        1,
        "only the page's own main has the id: {html}"
    );
    assert!(html.contains(r#"class="visually-hidden""#), "{html}");
    assert!(warned_at(&warnings, 5, "`status--current`"), "{warnings:?}");
    assert!(
        warned_at(&warnings, 5, "`samsyn-relaterade`"),
        "{warnings:?}"
    );
    assert!(warned_at(&warnings, 7, "`innehall`"), "{warnings:?}");
}

#[test]
fn raw_html_handlers_and_styles_are_removed_with_a_warning() {
    let (html, warnings) =
        built("<p onclick=\"alert(1)\" style=\"position:fixed\">Klicka</p>\n\n<img src=x onerror=alert(1)>");
    for bad in ["onclick", "onerror", "style=", "alert"] {
        assert!(!html.contains(bad), "{bad} reached the HTML: {html}");
    }
    assert!(warned_at(&warnings, 5, "`onclick`"), "{warnings:?}");
    assert!(warned_at(&warnings, 5, "`style`"), "{warnings:?}");
    assert!(warned_at(&warnings, 7, "`onerror`"), "{warnings:?}");
}

#[test]
fn heading_anchors_never_take_the_themes_id_prefixes() {
    let (html, _) = built("## Sok tips\n\n## Samsyn relaterade");
    assert!(html.contains(r#"id="rubrik-sok-tips""#), "{html}");
    assert!(html.contains(r#"id="rubrik-samsyn-relaterade""#), "{html}");
}

#[test]
fn footnote_ids_stay_apart_from_the_themes_ids() {
    let (html, _) = built("Text[^innehall].\n\n[^innehall]: Not.");
    assert!(html.contains(r##"href="#fn-innehall""##), "{html}");
    assert!(html.contains(r#"id="fn-innehall""#), "{html}");
}

#[test]
fn table_alignment_needs_no_inline_style() {
    let (html, _) = built("| a | b |\n|:--|--:|\n| 1 | 2 |");
    assert!(!html.contains("style="), "{html}");
    assert!(html.contains(r#"<td class="align-right">2</td>"#), "{html}");
}

#[test]
fn external_images_are_a_warning() {
    let (_, warnings) = built(
        "![Logga](https://tracker.example/p.gif)\n\n<img alt=\"x\" src=\"//tracker.example/q.gif\">",
    );
    assert!(warned_at(&warnings, 5, "another server"), "{warnings:?}");
    assert!(warned_at(&warnings, 7, "another server"), "{warnings:?}");
}

#[test]
fn every_page_carries_the_content_security_policy() {
    let c = compile_ok(&demo_site());
    let mut pages = 0;
    for (path, _) in c.rendered.files.iter() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = file(&c, path);
        let csp = format!(
            r#"<meta http-equiv="Content-Security-Policy" content="{}">"#,
            samsyn::render::CONTENT_SECURITY_POLICY.replace('\'', "&#x27;")
        );
        let plain = csp.replace("&#x27;", "'");
        assert!(
            html.contains(&csp) || html.contains(&plain),
            "{path} has no CSP meta tag"
        );
        let head = html.split("</head>").next().unwrap_or("");
        // A redirect page (an alias) has no script at all.
        let policy_first = match head.find("<script") {
            Some(script) => head
                .find("Content-Security-Policy")
                .is_some_and(|p| p < script),
            None => true,
        };
        assert!(
            policy_first,
            "{path}: the policy must come before the first script"
        );
        pages += 1;
    }
    assert!(pages > 20, "only {pages} pages");
    let policy = samsyn::render::CONTENT_SECURITY_POLICY;
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
}

#[test]
fn the_demo_site_has_no_inline_script_or_style() {
    let c = compile_ok(&demo_site());
    for (path, _) in c.rendered.files.iter() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = file(&c, path);
        assert!(!html.contains(" style=\""), "{path} has a style attribute");
        assert!(!html.contains("<style"), "{path} has a style element");
        for tag in html.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or("");
            assert!(open.contains("src="), "{path} has an inline script");
        }
        for attr in [
            " onclick=",
            " onload=",
            " onerror=",
            " onfocus=",
            "javascript:",
        ] {
            assert!(!html.contains(attr), "{path} has {attr}");
        }
    }
}

fn single(files: &[(&str, &[u8])]) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in files {
        write(dir.path(), rel, bytes);
    }
    diagnostics(dir.path()).iter().cloned().collect()
}

const LINKING: &str =
    "---\ntitle: Sida\n---\n\nSe [bilagan](bilaga.html) och ![ritning](ritning.svg).\n";
const CLEAN_SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Ritning</title><rect width=\"10\" height=\"10\"/></svg>";

#[test]
fn html_attachments_are_refused_unless_site_yaml_allows_them() {
    let diags = single(&[
        ("content/sida.md", LINKING.as_bytes()),
        ("content/bilaga.html", b"<script>alert(1)</script>"),
        ("content/ritning.svg", CLEAN_SVG),
    ]);
    let refused: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(refused.len(), 1, "{diags:?}");
    assert_eq!(refused[0].file, "content/bilaga.html");
    assert!(
        refused[0]
            .hint
            .as_ref()
            .map(|h| h.en())
            .as_deref()
            .unwrap_or("")
            .contains("allow_html_attachments"),
        "{:?}",
        refused[0]
    );

    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "site.yaml", b"allow_html_attachments: true\n");
    write(dir.path(), "content/sida.md", LINKING.as_bytes());
    write(dir.path(), "content/bilaga.html", b"<p>Bilaga</p>");
    write(dir.path(), "content/ritning.svg", CLEAN_SVG);
    let c = compile_ok(dir.path());
    assert!(c.rendered.files.contains_key("bilaga.html"));
}

#[test]
fn an_attachment_may_not_take_the_name_of_a_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "site.yaml", b"allow_html_attachments: true\n");
    write(dir.path(), "content/sida.md", b"---\ntitle: Sida\n---\n");
    write(dir.path(), "content/bilagor/index.html", b"<p>x</p>");
    let diags = diagnostics(dir.path());
    assert!(
        diags
            .iter()
            .any(|d| d.is_error() && d.file == "content/bilagor/index.html"),
        "{diags:?}"
    );
}

#[test]
fn script_files_are_never_published() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "site.yaml", b"allow_html_attachments: true\n");
    write(dir.path(), "content/sida.md", b"---\ntitle: Sida\n---\n");
    write(dir.path(), "content/x.js", b"alert(1)");
    let diags = diagnostics(dir.path());
    assert!(
        diags
            .iter()
            .any(|d| d.is_error() && d.file == "content/x.js"),
        "{diags:?}"
    );
}

#[test]
fn svg_with_script_or_handlers_is_refused_at_its_line() {
    for (what, svg) in [
        ("onload", "<svg xmlns=\"http://www.w3.org/2000/svg\"\n onload=\"alert(1)\">\n</svg>"),
        ("script", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script>\n</svg>"),
        ("foreignObject", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<foreignObject><iframe/></foreignObject>\n</svg>"),
        ("javascript link", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>\n</svg>"),
    ] {
        let diags = single(&[
            ("content/sida.md", b"---\ntitle: Sida\n---\n\n![ritning](ritning.svg)\n"),
            ("content/ritning.svg", svg.as_bytes()),
        ]);
        let d = diags
            .iter()
            .find(|d| d.is_error() && d.file == "content/ritning.svg")
            .unwrap_or_else(|| panic!("{what}: not refused: {diags:?}"));
        assert_eq!(d.line, 2, "{what}: {d}");
    }
}

#[test]
fn the_demo_sites_svg_passes() {
    let c = compile_ok(&demo_site());
    assert!(c
        .rendered
        .files
        .contains_key("rutiner/flode-orosanmalan.svg"));
}

#[test]
fn personnummer_in_attachments_fails_the_build() {
    for (name, bytes) in [
        ("lista.txt", "Elev 811218-9876\n".as_bytes().to_vec()),
        (
            "lista.csv",
            "namn;nr\nA;811218\u{2013}9876\n".as_bytes().to_vec(),
        ),
        (
            "ritning.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text>811218&#45;9876</text></svg>"
                .to_vec(),
        ),
    ] {
        let diags = single(&[
            ("content/sida.md", b"---\ntitle: Sida\n---\n"),
            (&format!("content/{name}"), &bytes),
        ]);
        let d = diags
            .iter()
            .find(|d| d.is_error() && d.file == format!("content/{name}"))
            .unwrap_or_else(|| panic!("{name}: not caught: {diags:?}"));
        assert!(d.message.en().contains("personnummer"), "{d}");
        assert!(!d.to_string().contains("9876"), "{d}");
    }
}

#[test]
fn an_unreadable_attachment_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "content/sida.md", b"---\ntitle: Sida\n---\n");
    write(dir.path(), "content/gammal.doc", b"\xd0\xcf\x11\xe0 binary");
    write(dir.path(), "content/trasig.pdf", b"%PDF-1.4 not really");
    let c = compile_ok(dir.path());
    let diags: Vec<Diagnostic> = c.warnings.iter().cloned().collect();
    for name in ["content/gammal.doc", "content/trasig.pdf"] {
        assert!(
            diags.iter().any(|d| !d.is_error() && d.file == name),
            "{name}: {diags:?}"
        );
    }
}

#[test]
fn markup_under_an_unknown_extension_is_refused() {
    for (name, bytes) in [
        (
            "content/film.smil",
            &b"<smil><body onload=\"alert(1)\"/></smil>"[..],
        ),
        (
            "content/formel.mathml",
            b"\xEF\xBB\xBF\n  <?xml version=\"1.0\"?><math/>",
        ),
        (
            "content/sida.shtm",
            b"<!DOCTYPE html><script>alert(1)</script>",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "content/sida.md", b"---\ntitle: Sida\n---\n");
        write(dir.path(), name, bytes);
        let d = single_error(dir.path());
        assert_eq!(d.file, name, "{d}");
        assert!(d.message.en().contains("HTML or XML"), "{d}");
    }
    // Other unknown files are still published, with a warning.
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "content/sida.md", b"---\ntitle: Sida\n---\n");
    write(dir.path(), "content/data.dat", b"1 < 2, a<b");
    let c = compile_ok(dir.path());
    assert!(c.warnings.iter().any(|d| d.file == "content/data.dat"));
}

#[test]
fn a_bad_base_url_is_an_error_in_site_yaml_at_its_line() {
    for bad in ["'/a\" onerror=\"alert(1)'", "javascript://%0aalert(1)//x"] {
        let s = site(&[
            ("site.yaml", &format!("title: X\nbase_url: {bad}\n")),
            ("content/a.md", "---\ntitle: A\n---\n"),
        ]);
        let d = single_error(s.path());
        assert_eq!((d.file.as_str(), d.line), ("site.yaml", 2), "{bad}: {d}");
    }
}

#[test]
fn terminal_output_shows_control_characters_escaped() {
    let s = site(&[
        (
            "content/a.md",
            "---\ntitle: A\nowner: \"x\\e[2J\\e]0;pwned\\a\"\n---\n",
        ),
        ("content/b\u{1b}[31mröd.md", "---\ntitle: B\nownr: x\n---\n"),
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["check", s.path().to_str().expect("UTF-8 path")])
        .output()
        .expect("run samsyn");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !out.stderr.contains(&0x1b),
        "a raw ESC reached the terminal:\n{stderr}"
    );
    assert!(
        !out.stderr.contains(&0x07),
        "a raw BEL reached the terminal:\n{stderr}"
    );
    assert!(stderr.contains("b\\u{1b}[31mröd.md"), "{stderr}");
}
