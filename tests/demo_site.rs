//! The demo site at the repository root compiles cleanly, and every
//! generated page and feed is there with its machine-readable data.

mod common;

use std::sync::OnceLock;

use common::*;
use samsyn::model::ReviewStatus;
use samsyn::Compiled;

fn demo() -> &'static Compiled {
    static DEMO: OnceLock<Compiled> = OnceLock::new();
    DEMO.get_or_init(|| compile_ok(&demo_site()))
}

#[test]
fn demo_site_compiles_with_zero_errors_and_one_warning() {
    let c = demo();
    // The one the demo shows on purpose: a routine still citing the
    // socialtjänstlag repealed on 1 July 2025.
    let shown: Vec<String> = c
        .warnings
        .iter()
        .map(|d| format!("{}:{}: {}", d.file, d.line, d.message.en()))
        .collect();
    assert_eq!(
        shown,
        ["content/rutiner/aterkoppling-efter-orosanmalan.md:25: cites Socialtjänstlag (2001:453), repealed on 2025-07-01"],
        "warnings:\n{}",
        samsyn::report::to_string(&c.warnings, &c.texts, samsyn::messages::Lang::En)
    );
    assert!(c.site.pages.len() > 20, "the demo has content");
}

#[test]
fn demo_site_shows_several_statuses() {
    let statuses: std::collections::BTreeSet<ReviewStatus> = demo()
        .site
        .documents()
        .map(|i| demo().site.pages[i].status)
        .collect();
    assert!(statuses.len() >= 4, "{statuses:?}");
}

#[test]
fn generated_pages_exist_with_their_kind() {
    let c = demo();
    for (path, kind) in [
        ("documents/index.html", "documents"),
        ("reviews/index.html", "reviews"),
        ("roles/index.html", "roles"),
        ("organisations/index.html", "organisations"),
        ("forums/index.html", "forums"),
        ("contacts/index.html", "contacts"),
        ("tags/index.html", "tags"),
        ("tags/bus/index.html", "tag"),
        ("404.html", "404"),
    ] {
        let html = file(c, path);
        assert_eq!(
            meta(&html, "samsyn:kind").as_deref(),
            Some(kind),
            "samsyn:kind of {path}"
        );
        assert!(meta(&html, "samsyn:id").is_some(), "samsyn:id of {path}");
        assert!(
            html.starts_with("<!doctype html>") || html.starts_with("<!DOCTYPE html>"),
            "{path} is HTML"
        );
    }
}

#[test]
fn start_page_exists_with_machine_data() {
    let html = file(demo(), "index.html");
    let kind = meta(&html, "samsyn:kind");
    // The demo has content/index.md, whose text the start page shows.
    assert!(
        matches!(kind.as_deref(), Some("start") | Some("page")),
        "{kind:?}"
    );
    assert!(meta(&html, "samsyn:id").is_some());
}

#[test]
fn generated_start_page_has_kind_start() {
    let s = site(&[("content/a.md", "---\ntitle: A\n---\n")]);
    let c = compile_ok(s.path());
    let html = file(&c, "index.html");
    assert_eq!(meta(&html, "samsyn:kind").as_deref(), Some("start"));
}

#[test]
fn search_page_exists_with_kind_search() {
    let html = file(demo(), "search/index.html");
    assert_eq!(meta(&html, "samsyn:kind").as_deref(), Some("search"));
}

#[test]
fn every_page_carries_id_kind_and_status() {
    let c = demo();
    for p in &c.site.pages {
        let html = file(c, &format!("{}index.html", p.parsed.url_path));
        assert_eq!(
            meta(&html, "samsyn:id").as_deref(),
            Some(p.id().as_str()),
            "{}",
            p.parsed.source
        );
        assert_eq!(
            meta(&html, "samsyn:kind").as_deref(),
            Some(p.kind().key()),
            "{}",
            p.parsed.source
        );
        assert_eq!(
            meta(&html, "samsyn:status").as_deref(),
            Some(p.status.key()),
            "{}",
            p.parsed.source
        );
        let next = p.next_review.map(|d| d.to_string());
        assert_eq!(
            meta(&html, "samsyn:next-review"),
            next,
            "{}",
            p.parsed.source
        );
    }
}

#[test]
fn sitemap_is_xml_and_lists_every_page() {
    // The sitemap needs the site's full address.
    let c = &compile_opts_ok(&samsyn::BuildOptions {
        base_url: Some("https://intranat.linda.example/".into()),
        ..opts(&demo_site())
    });
    assert!(!demo().rendered.files.contains_key("sitemap.xml"));
    let xml = file(c, "sitemap.xml");
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<urlset"), "{xml}");
    for p in &c.site.pages {
        let url = format!(
            "{}{}",
            c.site.config.base_url,
            samsyn::urls::encode_path(&p.parsed.url_path)
        );
        assert!(
            xml.contains(&format!("<loc>{url}</loc>")),
            "{url} in sitemap"
        );
    }
    for tag in ["tags/", "tags/bus/", "tags/%C3%B6ppenv%C3%A5rd/"] {
        let url = format!("{}{tag}", c.site.config.base_url);
        assert!(
            xml.contains(&format!("<loc>{url}</loc>")),
            "{url} in sitemap"
        );
    }
}

#[test]
fn feed_is_atom_xml() {
    let xml = file(demo(), "feed.xml");
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains("<feed") && xml.contains("http://www.w3.org/2005/Atom"),
        "{xml}"
    );
    assert!(xml.trim_end().ends_with("</feed>"));
    assert_eq!(
        xml.matches("<entry>").count(),
        xml.matches("</entry>").count()
    );
    assert!(xml.matches("<entry>").count() >= 1);
}

fn ics_events(ics: &str) -> Vec<String> {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .split("BEGIN:VEVENT")
        .skip(1)
        .map(|e| e.split("END:VEVENT").next().unwrap().to_string())
        .collect()
}

#[test]
fn calendar_has_crlf_lines_and_calendar_frame() {
    let ics = file(demo(), "reviews.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("VERSION:2.0\r\n"));
    for (i, b) in ics.bytes().enumerate() {
        if b == b'\n' {
            assert_eq!(ics.as_bytes()[i - 1], b'\r', "bare LF at byte {i}");
        }
    }
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
    }
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        ics.matches("END:VEVENT").count()
    );
}

#[test]
fn calendar_has_one_event_per_reviewed_document_in_force() {
    let c = demo();
    let in_force: Vec<&samsyn::resolve::Page> = c
        .site
        .pages
        .iter()
        .filter(|p| p.kind().is_reviewed() && p.next_review.is_some())
        .filter(|p| {
            !matches!(
                p.status,
                ReviewStatus::Superseded | ReviewStatus::Expired | ReviewStatus::Draft
            )
        })
        .collect();
    let events = ics_events(&file(c, "reviews.ics"));
    assert_eq!(
        events.len(),
        in_force.len(),
        "one VEVENT per reviewed document in force"
    );
    for p in in_force {
        let next = p.next_review.unwrap().to_string().replace('-', "");
        let ev = events
            .iter()
            .find(|e| e.contains(&format!("UID:{}-", p.id())))
            .unwrap_or_else(|| panic!("no event for {}", p.id()));
        assert!(ev.contains(&format!("DTSTART;VALUE=DATE:{next}")), "{ev}");
    }
}

#[test]
fn calendar_leaves_out_superseded_and_expired_documents() {
    let c = compile_ok(&fixture("review-status"));
    let events = ics_events(&file(&c, "reviews.ics"));
    let has = |id: &str| events.iter().any(|e| e.contains(&format!("UID:{id}-")));
    for id in ["gammal", "ersatt-och-upphord", "upphord", "utkast"] {
        assert!(!has(id), "{id} has a calendar event");
    }
    for id in ["ny", "forsenad", "granskas-snart", "gallande", "lista"] {
        assert!(has(id), "{id} has no calendar event");
    }
}

#[test]
fn empty_content_folder_builds_a_start_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let c = compile_ok(dir.path());
    assert!(c.site.pages.is_empty());
    let html = file(&c, "index.html");
    assert_eq!(meta(&html, "samsyn:kind").as_deref(), Some("start"));
    for path in [
        "documents/index.html",
        "404.html",
        "feed.xml",
        "reviews.ics",
    ] {
        assert!(c.rendered.files.contains_key(path), "{path}");
    }
}

/// Every `id="…"` of an HTML page.
fn ids(html: &str) -> Vec<String> {
    attr_values(html, "id")
}

#[test]
fn every_internal_link_of_the_demo_site_resolves() {
    let c = demo();
    let mut broken = Vec::new();
    for path in c.rendered.files.keys().filter(|p| p.ends_with(".html")) {
        let html = file(c, path);
        let page_dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for url in hrefs(&html).into_iter().chain(attr_values(&html, "src")) {
            if samsyn::urls::scheme(&url).is_some() || url.starts_with("//") {
                continue;
            }
            let (before_hash, fragment) = url
                .split_once('#')
                .map_or((url.as_str(), None), |(a, f)| (a, Some(f)));
            let target_path = before_hash.split('?').next().unwrap();
            let target = if target_path.is_empty() {
                path.clone()
            } else if let Some(abs) = target_path.strip_prefix('/') {
                let decoded = samsyn::urls::percent_decode(abs);
                if decoded.is_empty() || decoded.ends_with('/') {
                    format!("{decoded}index.html")
                } else {
                    decoded
                }
            } else {
                broken.push(format!("{path}: relative link {url}"));
                let _ = page_dir;
                continue;
            };
            if !c.rendered.files.contains_key(&target) {
                broken.push(format!("{path}: {url} (no {target})"));
                continue;
            }
            if let (Some(f), true) = (fragment, target.ends_with(".html")) {
                let f = samsyn::urls::percent_decode(f);
                if !f.is_empty() && !ids(&file(c, &target)).contains(&f) {
                    broken.push(format!("{path}: {url} (no id {f} in {target})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn ids_are_unique_on_every_page_of_the_demo_site() {
    let c = demo();
    for path in c.rendered.files.keys().filter(|p| p.ends_with(".html")) {
        let all = ids(&file(c, path));
        let mut seen = std::collections::BTreeSet::new();
        let dups: Vec<&String> = all.iter().filter(|id| !seen.insert(*id)).collect();
        assert!(dups.is_empty(), "{path} repeats ids {dups:?}");
    }
}

#[test]
fn headings_never_take_an_id_the_theme_uses() {
    let body =
        "## Huvudmeny\n\n## Innehåll\n\n## Sidhuvud\n\n## Relaterade dokument\n\n## Länkas från\n";
    let s = site(&[
        (
            "content/a.md",
            &format!("---\ntitle: A\nrelated: [b]\n---\n\n{body}"),
        ),
        ("content/b.md", "---\ntitle: B\n---\n\n[a](a.md)\n"),
    ]);
    let c = compile_ok(s.path());
    let html = file(&c, "a/index.html");
    let all = ids(&html);
    let mut seen = std::collections::BTreeSet::new();
    let dups: Vec<&String> = all.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(dups.is_empty(), "repeated ids {dups:?} in {all:?}");
}

#[test]
fn the_demo_moves_a_page_and_shares_a_snippet() {
    let c = demo();
    let moved = file(c, "rutiner/anmalan-vid-oro/index.html");
    assert!(moved.contains("url=/rutiner/orosanmalan/"), "{moved}");
    assert!(c.rendered.read("delat/samtycke/index.html").is_none());
    for page in [
        "rutiner/sip/index.html",
        "forum/elevhalsans-samverkansmote/index.html",
    ] {
        let html = file(c, page);
        assert!(html.contains("id=\"checklista-för-samtycke\""), "{page}");
    }
}

/// The hrefs of the `<li class="tag">` links in `html`.
fn tag_hrefs(html: &str) -> Vec<(String, String)> {
    html.split("<li class=\"tag\"><a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (href, rest) = rest.split_once("\">")?;
            let (text, _) = rest.split_once("</a>")?;
            Some((href.to_string(), text.to_string()))
        })
        .collect()
}

#[test]
fn every_tag_on_a_page_links_to_a_tag_page_listing_the_page() {
    let c = demo();
    let mut checked = 0;
    // The start page shows its text without the page tail.
    for p in c
        .site
        .pages
        .iter()
        .filter(|p| !p.parsed.url_path.is_empty())
    {
        let html = file(c, &format!("{}index.html", p.parsed.url_path));
        let tags = tag_hrefs(&html);
        assert_eq!(tags.len(), p.parsed.meta.tags.len(), "{}", p.parsed.source);
        for (href, _) in tags {
            let path = samsyn::urls::percent_decode(&href);
            let tag_page = file(c, &format!("{}index.html", &path[1..]));
            assert_eq!(meta(&tag_page, "samsyn:kind").as_deref(), Some("tag"));
            let url = samsyn::urls::encode_path(&p.parsed.url_path);
            let own = format!("href=\"{}{url}\"", c.site.config.base_url);
            assert!(tag_page.contains(&own), "{path} lists {}", p.parsed.source);
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} tags checked");
}

#[test]
fn tags_are_one_tag_whatever_their_case_and_keep_the_most_used_spelling() {
    let s = site(&[
        ("content/a.md", "---\ntitle: A\ntags: [BUS, Skola]\n---\n"),
        ("content/b.md", "---\ntitle: B\ntags: [bus]\n---\n"),
        ("content/c.md", "---\ntitle: C\ntags: [BUS, skola]\n---\n"),
        ("content/d.md", "---\ntitle: D\ntags: [Ökad närvaro]\n---\n"),
    ]);
    let c = compile_ok(s.path());
    let bus = file(&c, "tags/bus/index.html");
    assert!(bus.contains("<h1>BUS</h1>"), "most used spelling");
    for page in ["/a/", "/b/", "/c/"] {
        assert!(
            bus.contains(&format!("href=\"{page}\"")),
            "{page} on /tags/bus/"
        );
    }
    // A tie goes to the first spelling in sorted order ("Skola" < "skola").
    assert!(file(&c, "tags/skola/index.html").contains("<h1>Skola</h1>"));
    // Each page keeps its own spelling, linking to the one tag page.
    let b = file(&c, "b/index.html");
    assert_eq!(
        tag_hrefs(&b),
        [("/tags/bus/".to_string(), "bus".to_string())]
    );
    // å ä ö stay in the slug, percent-encoded in links.
    let d = file(&c, "d/index.html");
    assert_eq!(tag_hrefs(&d)[0].0, "/tags/%C3%B6kad-n%C3%A4rvaro/");
    let index = file(&c, "tags/index.html");
    assert_eq!(meta(&index, "samsyn:kind").as_deref(), Some("tags"));
    assert!(index.contains("(3 sidor)"), "{index}");
}

#[test]
fn tags_whose_addresses_meet_are_numbered_not_merged() {
    let s = site(&[
        ("content/a.md", "---\ntitle: A\ntags: [\"a b\"]\n---\n"),
        ("content/b.md", "---\ntitle: B\ntags: [a/b]\n---\n"),
    ]);
    let c = compile_ok(s.path());
    // Sorted by lower case: "a b" < "a/b".
    assert_eq!(tag_hrefs(&file(&c, "a/index.html"))[0].0, "/tags/a-b/");
    assert_eq!(tag_hrefs(&file(&c, "b/index.html"))[0].0, "/tags/a-b-2/");
    assert!(file(&c, "tags/a-b-2/index.html").contains("href=\"/b/\""));
    assert!(!file(&c, "tags/a-b/index.html").contains("href=\"/b/\""));
}

#[test]
fn drafts_are_on_no_tag_page() {
    let s = site(&[
        ("content/a.md", "---\ntitle: A\ntags: [bus]\n---\n"),
        (
            "content/b.md",
            "---\ntitle: B\ndraft: true\ntags: [bus, hemligt]\n---\n",
        ),
    ]);
    let c = compile_ok(s.path());
    assert!(!file(&c, "tags/bus/index.html").contains("/b/"));
    assert!(!c.rendered.files.contains_key("tags/hemligt/index.html"));
    assert!(!file(&c, "tags/index.html").contains("hemligt"));
}

#[test]
fn a_build_publishes_its_offline_worker_whose_build_id_follows_the_pages() {
    let files = [
        ("content/a.md", "---\ntitle: A\n---\n\nText.\n"),
        ("content/b.md", "---\ntitle: B\n---\n\nMer text.\n"),
    ];
    let worker = |files: &[(&str, &str)]| {
        let s = site(files);
        let c = compile_ok(s.path());
        let page = file(&c, "a/index.html");
        assert!(
            page.contains(r#"<meta name="samsyn:offline-worker" content="/service-worker.js">"#)
        );
        assert_eq!(
            meta(&file(&c, "offline.html"), "samsyn:kind").as_deref(),
            Some("offline")
        );
        file(&c, "service-worker.js")
    };
    let first = worker(&files);
    assert_eq!(first, worker(&files), "the same input, the same worker");
    assert!(first.contains(r#"const OFFLINE_PAGE = "/offline.html";"#));
    let edited = [
        files[0],
        ("content/b.md", "---\ntitle: B\n---\n\nAnnan text.\n"),
    ];
    assert_ne!(first, worker(&edited), "a body edit is a new build");
}

#[test]
fn offline_false_publishes_no_worker_and_registers_none() {
    let s = site(&[
        ("site.yaml", "title: T\noffline: false\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let c = compile_ok(s.path());
    assert!(!c.rendered.files.contains_key("service-worker.js"));
    assert!(!c.rendered.files.contains_key("offline.html"));
    assert!(!file(&c, "a/index.html").contains("samsyn:offline-worker"));
}
