//! `aliases`: a moved page's old addresses get a page that sends the reader
//! on (under `base_url`), are left out of lists, search and the sitemap,
//! and are written to the nginx map; an alias that is taken or not a path
//! of the site is an error at its line.

mod common;

use common::*;

const PAGE: &str = "---\ntitle: Rutin vid oro\nkind: routine\nrevised: 2026-06-01\n\
                    aliases: [/Gamla/Adress, /g%C3%A5/rutin/]\n---\n\nText om oro.\n";

#[test]
fn an_alias_page_sends_the_reader_to_the_page_under_the_base_url() {
    let s = site(&[
        ("site.yaml", "base_url: https://intra.example/bus/\n"),
        ("content/rutiner/oro.md", PAGE),
        ("content/annan.md", "---\ntitle: Annan\n---\n\nText.\n"),
    ]);
    let c = compile_ok(s.path());
    let html = file(&c, "gamla/adress/index.html");
    let url = "https://intra.example/bus/rutiner/oro/";
    assert!(
        html.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={url}\">"
        )),
        "{html}"
    );
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert!(html.contains(&format!(
        "Sidan har flyttat till <a href=\"{url}\">Rutin vid oro</a>"
    )));
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(
        html.contains(samsyn::render::CONTENT_SECURITY_POLICY),
        "within the site's policy"
    );
    assert!(!html.contains("<script"), "no script sends the reader on");
    // Written as a page address is: lower case, decoded, a last `/`.
    let other = file(&c, "gå/rutin/index.html");
    assert!(other.contains(url));

    let map = file(&c, samsyn::redirects::MAP_FILE);
    for key in [
        "/bus/gamla/adress",
        "/bus/gamla/adress/",
        "/bus/gamla/adress/index.html",
    ] {
        assert!(map.contains(&format!("\"{key}\" \"{url}\";\n")), "{map}");
    }
    assert!(
        map.contains(&format!("\"/bus/gå/rutin/\" \"{url}\";\n")),
        "{map}"
    );

    // Left out of the sitemap, the search index and every list.
    let sitemap = file(&c, "sitemap.xml");
    assert!(sitemap.contains(url));
    assert!(!sitemap.contains("gamla"), "{sitemap}");
    for (path, _) in c.rendered.files.iter() {
        let generated = path.starts_with("search/")
            || path.ends_with(".xml")
            || path.ends_with(".ics")
            || (path.ends_with("index.html")
                && !path.starts_with("gamla/")
                && !path.starts_with("gå/"));
        if generated {
            let bytes = c.rendered.read(path).expect("listed").expect("readable");
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("gamla/adress"), "{path} names the alias");
        }
    }
}

#[test]
fn a_site_without_aliases_still_gets_an_empty_map() {
    let s = site(&[("content/index.md", "---\ntitle: Start\n---\n\nText.\n")]);
    let out = tempfile::tempdir().expect("temp dir");
    samsyn::build(&opts(s.path()), &out.path().join("site")).expect("build");
    let map = std::fs::read_to_string(out.path().join("site/.samsyn-redirects.map"))
        .expect("the map is written");
    assert!(map.lines().all(|l| l.starts_with('#')), "{map}");
}

#[test]
fn an_alias_that_is_a_page_or_a_generated_address_is_an_error_at_its_line() {
    let s = site(&[
        (
            "content/ny.md",
            "---\ntitle: Ny\naliases:\n  - /gammal/\n  - /search/\n  - /Documents\n---\n\nText.\n",
        ),
        ("content/gammal.md", "---\ntitle: Gammal\n---\n\nText.\n"),
    ]);
    let errs = errors(s.path());
    assert_eq!(errs.len(), 3, "{}", describe(&errs));
    assert!(errs.iter().all(|e| e.file == "content/ny.md"));
    let page = &errs[0];
    assert_eq!((page.line, page.col), (4, 5), "{page:?}");
    assert!(page
        .message
        .en()
        .contains("/gammal/ is the address of a page"));
    assert!(page
        .hint
        .as_ref()
        .map(|h| h.en())
        .as_deref()
        .unwrap_or("")
        .contains("content/gammal.md"));
    assert_eq!((errs[1].line, errs[2].line), (5, 6));
    assert!(
        errs[1].message.en().contains("samsyn publishes itself"),
        "{:?}",
        errs[1]
    );
    assert!(
        errs[2].message.en().contains("/documents/"),
        "{:?}",
        errs[2]
    );
}

#[test]
fn an_alias_given_twice_names_both_places() {
    let s = site(&[
        (
            "content/a.md",
            "---\ntitle: A\naliases: [/gammal/]\n---\n\nText.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\naliases: [/x/, /Gammal]\n---\n\nText.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\naliases: [/y/, /y]\n---\n\nText.\n",
        ),
    ]);
    let errs = errors(s.path());
    assert_eq!(errs.len(), 2, "{}", describe(&errs));
    let two_pages = errs
        .iter()
        .find(|e| e.file == "content/b.md")
        .expect("b.md");
    assert_eq!((two_pages.line, two_pages.col), (3, 16));
    assert!(two_pages.message.en().contains("/gammal/ is given twice"));
    assert!(two_pages
        .hint
        .as_ref()
        .map(|h| h.en())
        .as_deref()
        .unwrap_or("")
        .contains("content/a.md:3:11"));
    let one_page = errs
        .iter()
        .find(|e| e.file == "content/c.md")
        .expect("c.md");
    assert!(one_page
        .hint
        .as_ref()
        .map(|h| h.en())
        .as_deref()
        .unwrap_or("")
        .contains("content/c.md:3"));
}

#[test]
fn an_alias_that_is_not_a_path_of_the_site_is_an_error_at_its_line() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\naliases:\n  - gammal/\n  - /a/../b/\n  - https://annan.se/x/\n  - /sok?q=1\n  - \"/med mellanslag/\"\n---\n\nText.\n",
    )]);
    let errs = errors(s.path());
    let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 5, 6, 7, 8], "{}", describe(&errs));
    assert!(errs[0].message.en().contains("must start with `/`"));
    assert!(errs[1].message.en().contains("`..`"));
    assert!(errs[2].message.en().contains("another site"));
    assert!(errs[3].message.en().contains("query"));
    assert!(errs[4].message.en().contains("cannot carry"));
}

#[test]
fn a_snippet_takes_no_alias() {
    let s = site(&[(
        "content/delat/text.md",
        "---\ntitle: Text\nkind: snippet\naliases: [/gammal/]\n---\n\nText.\n",
    )]);
    let e = single_error(s.path());
    assert_eq!((e.file.as_str(), e.line), ("content/delat/text.md", 4));
    assert!(e.message.en().contains("snippet takes no aliases"));
}
