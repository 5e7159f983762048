//! `base_url` prefixes every link, so the site works from a sub-folder.

mod common;

use std::path::Path;

use common::*;

const BASE: &str = "/intranet/bus/";

/// Every site-absolute href/src/action of every HTML file that does not
/// start with the base URL, as (file, url).
fn outside_base(c: &samsyn::Compiled) -> Vec<(String, String)> {
    let mut bad = Vec::new();
    for path in c.rendered.files.keys().filter(|p| p.ends_with(".html")) {
        let html = file(c, path);
        for attr in ["href", "src", "action", "srcset", "content"] {
            for url in attr_values(&html, attr) {
                if url.starts_with('/') && !url.starts_with(BASE) {
                    bad.push((path.clone(), url));
                }
            }
        }
    }
    bad
}

/// A copy of `site_dir`'s content with `base_url` set.
fn with_base(site_dir: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site_dir.join("content"), &dir.path().join("content"));
    let yaml = std::fs::read_to_string(site_dir.join("site.yaml")).unwrap_or_default();
    let yaml: String = yaml
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{yaml}base_url: {BASE}\n"),
    )
    .unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn every_site_link_of_the_fixture_starts_with_base_url() {
    let c = compile_ok(&fixture("base-url"));
    let bad = outside_base(&c);
    assert!(bad.is_empty(), "links outside {BASE}: {bad:#?}");
}

#[test]
fn every_site_link_of_the_demo_site_starts_with_base_url() {
    let dir = with_base(&demo_site());
    let c = compile_ok(dir.path());
    let bad = outside_base(&c);
    assert!(bad.is_empty(), "links outside {BASE}: {bad:#?}");
}

#[test]
fn body_links_get_the_base_url() {
    let c = compile_ok(&fixture("base-url"));
    let start = file(&c, "index.html");
    for url in ["/intranet/bus/rutiner/rutin/#syfte", "/intranet/bus/roles/"] {
        assert!(links_to(&start, url), "{url} in {:?}", hrefs(&start));
    }
    assert!(attr_values(&start, "src")
        .iter()
        .any(|s| s == "/intranet/bus/rutiner/bild.png"));
    let rutin = file(&c, "rutiner/rutin/index.html");
    assert!(links_to(&rutin, "/intranet/bus/"), "link to ../index.md");
    assert!(links_to(&rutin, "/intranet/bus/rutiner/bild.png"));
}

#[test]
fn generated_links_get_the_base_url() {
    let c = compile_ok(&fixture("base-url"));
    let rutin = file(&c, "rutiner/rutin/index.html");
    for url in [
        "/intranet/bus/roller/rektor/",
        "/intranet/bus/organisationer/skola/",
        "/intranet/bus/forum/forum/",
        "/intranet/bus/documents/",
        "/intranet/bus/feed.xml",
        "/intranet/bus/tillganglighetsredogorelse/",
    ] {
        assert!(links_to(&rutin, url), "{url} in {:?}", hrefs(&rutin));
    }
    assert!(
        attr_values(&rutin, "src")
            .iter()
            .any(|s| s.starts_with("/intranet/bus/static/")),
        "theme script"
    );
}

#[test]
fn with_only_a_path_the_sitemap_is_left_out_and_nothing_relative_is_published() {
    let c = compile_ok(&fixture("base-url"));
    assert!(!c.rendered.files.contains_key("sitemap.xml"));
    let feed = file(&c, "feed.xml");
    for href in attr_values(&feed, "href") {
        assert!(href.starts_with(BASE), "{href} in feed.xml");
    }
    assert!(
        !feed.contains("rel=\"self\""),
        "a relative self link:\n{feed}"
    );
    let ics = file(&c, "reviews.ics");
    assert!(!ics.contains("\r\nURL:"), "a relative URL in reviews.ics");
    let notes = samsyn::feeds::notes(&c.site.config);
    assert!(notes[0].en().contains("--base-url"), "{notes:?}");
}

#[test]
fn with_a_full_address_sitemap_feed_and_calendar_are_absolute() {
    let full = "https://intra.example/intranet/bus/";
    let c = compile_opts_ok(&samsyn::BuildOptions {
        base_url: Some(full.into()),
        ..opts(&fixture("base-url"))
    });
    let sitemap = file(&c, "sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() > 3);
    for loc in &locs {
        assert!(loc.starts_with(full), "{loc}");
    }
    let feed = file(&c, "feed.xml");
    for href in attr_values(&feed, "href") {
        assert!(href.starts_with(full), "{href} in feed.xml");
    }
    assert!(feed.contains(&format!("<link rel=\"self\" href=\"{full}feed.xml\"/>")));
    let ics = file(&c, "reviews.ics").replace("\r\n ", "");
    let urls: Vec<&str> = ics.lines().filter(|l| l.starts_with("URL:")).collect();
    assert!(!urls.is_empty());
    for line in urls {
        assert!(line["URL:".len()..].starts_with(full), "{line}");
    }
    // The pages link under the full address too.
    assert!(file(&c, "index.html").contains(&format!("href=\"{full}")));
}

#[test]
fn feed_ids_are_tag_uris_that_stay_when_the_site_moves_and_differ_between_sites() {
    let ids = |base: Option<&str>, title: &str| {
        let dir = with_base(&fixture("base-url"));
        std::fs::write(
            dir.path().join("site.yaml"),
            format!("title: {title}\nlanguage: en\n"),
        )
        .unwrap();
        let c = compile_opts_ok(&samsyn::BuildOptions {
            base_url: base.map(str::to_string),
            ..opts(dir.path())
        });
        let feed = file(&c, "feed.xml");
        assert!(feed.contains("xml:lang=\"en\""), "{feed}");
        feed.split("<id>")
            .skip(1)
            .map(|s| s.split("</id>").next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let here = ids(None, "Lindå kommun");
    assert!(here.len() > 1);
    for id in &here {
        assert!(id.starts_with("tag:samsyn,2026:linda-kommun"), "{id}");
    }
    assert_eq!(here, ids(Some("https://ny.example/annan/"), "Lindå kommun"));
    assert_ne!(here[0], ids(None, "Norrå kommun")[0]);
}

#[test]
fn base_url_without_slashes_is_normalised() {
    let s = site(&[
        ("site.yaml", "base_url: intranet/bus\n"),
        ("content/a.md", "---\ntitle: A\n---\n\n[b](b.md)\n"),
        ("content/b.md", "---\ntitle: B\n---\n"),
    ]);
    let c = compile_ok(s.path());
    assert!(links_to(&file(&c, "a/index.html"), "/intranet/bus/b/"));
}
