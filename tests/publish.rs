//! What a publisher and the editors get besides the pages: the report link
//! of every document ("Rapportera fel eller föreslå ändring"), noindex and
//! robots.txt unless the site is public, and `api/pages.json`.

mod common;

use std::path::Path;

use common::*;
use samsyn::project::Project;
use samsyn::urls::percent_decode;
use samsyn::BuildOptions;

/// A site with owners of every sort: one role whose two holders share an
/// address, one whose holder has none, a document owned by both, one by
/// the second only and one without an owner.
const SITE: &[(&str, &str)] = &[
    ("content/roller/rektor.md", "---\ntitle: Rektor\nkind: role\n---\n"),
    (
        "content/roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\n---\n",
    ),
    (
        "content/kontakter/lista.md",
        "---\ntitle: Kontakter\nkind: contacts\nowner: rektor\nreviewed: 2026-06-01\ncontacts:\n  - {name: Anna Berg, role: rektor, email: anna.berg@linda.example}\n  - {name: Bo Ek, role: rektor, email: anna.berg@linda.example}\n  - {name: Cecilia Ås, role: kurator}\n---\n",
    ),
    (
        "content/rutiner/franvaro.md",
        "---\ntitle: \"Frånvaro & närvaro? #1\"\nkind: routine\nowner: [kurator, rektor]\nrevised: 2026-06-01\nvalid_from: 2027-01-01\n---\n\nText.\n",
    ),
    (
        "content/rutiner/kuratorns-rutin.md",
        "---\ntitle: Kuratorns rutin\nkind: routine\nrevised: 2026-06-01\nowner: kurator\n---\n\nText.\n",
    ),
    (
        "content/rutiner/utan.md",
        "---\ntitle: Utan ägare\nkind: routine\nrevised: 2026-06-01\n---\n\nText.\n",
    ),
    (
        "content/rutiner/utkast.md",
        "---\ntitle: Utkast\nkind: routine\ndraft: true\nrevised: 2026-06-01\nowner: rektor\n---\n\nText.\n",
    ),
];

fn with_site_yaml(yaml: &str) -> tempfile::TempDir {
    let dir = site(SITE);
    write(dir.path(), "site.yaml", yaml.as_bytes());
    dir
}

/// The report link of a rendered page, if it has one.
fn report_link(html: &str) -> Option<String> {
    let start = html.find("<a class=\"report-link\" href=\"")?;
    let rest = &html[start..];
    let end = rest.find("</a>")?;
    let a = &rest[..end];
    assert!(
        a.ends_with(">Rapportera fel eller föreslå ändring"),
        "link text: {a}"
    );
    attr_values(a, "href").into_iter().next()
}

/// A `mailto:` split into its addresses and its decoded header fields.
struct Mailto {
    to: Vec<String>,
    subject: String,
    body: String,
}

fn parse_mailto(url: &str) -> Mailto {
    let rest = url.strip_prefix("mailto:").expect("a mailto: URL");
    let (to, query) = rest.split_once('?').expect("with subject and body");
    // Every field is fully encoded: nothing in it may end it early.
    for c in [' ', '#', '"', '<', '\n'] {
        assert!(!query.contains(c), "{c:?} unencoded in {url}");
    }
    let fields: Vec<(&str, &str)> = query
        .split('&')
        .map(|f| f.split_once('=').expect("name=value"))
        .collect();
    let get = |name: &str| {
        let values: Vec<&str> = fields
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|f| f.1)
            .collect();
        assert_eq!(values.len(), 1, "one {name} in {url}");
        percent_decode(values[0])
    };
    Mailto {
        to: to.split(',').map(percent_decode).collect(),
        subject: get("subject"),
        body: get("body"),
    }
}

#[test]
fn the_report_link_writes_to_the_owners_holders_once_with_title_and_address() {
    let dir = with_site_yaml("title: Test\nbase_url: https://intra.example/bus/\n");
    let c = compile_ok(dir.path());
    let html = file(&c, "rutiner/franvaro/index.html");
    let link = report_link(&html).expect("the routine has a report link");
    let m = parse_mailto(&link);
    assert_eq!(m.to, ["anna.berg@linda.example"], "{link}");
    assert!(
        m.subject.contains("Frånvaro & närvaro? #1"),
        "{}",
        m.subject
    );
    assert!(
        m.body
            .contains("https://intra.example/bus/rutiner/franvaro/\r\n"),
        "{:?}",
        m.body
    );
    // The title's `&`, `?` and `#` and å are percent-encoded as UTF-8.
    assert!(
        link.contains("Fr%C3%A5nvaro%20%26%20n%C3%A4rvaro%3F%20%231"),
        "{link}"
    );
    // A contact list offers it too.
    let list = file(&c, "kontakter/lista/index.html");
    assert_eq!(
        parse_mailto(&report_link(&list).expect("contact list link")).to,
        ["anna.berg@linda.example"]
    );
}

#[test]
fn with_only_a_path_as_base_url_the_body_names_the_path() {
    let dir = with_site_yaml("title: Test\nbase_url: /bus/\n");
    let c = compile_ok(dir.path());
    let link = report_link(&file(&c, "rutiner/franvaro/index.html")).unwrap();
    assert!(
        parse_mailto(&link)
            .body
            .contains("/bus/rutiner/franvaro/\r\n"),
        "{link}"
    );
}

#[test]
fn without_an_address_there_is_no_link_and_check_warns_at_the_document() {
    let dir = with_site_yaml("title: Test\n");
    let c = compile_ok(dir.path());
    for page in [
        "rutiner/kuratorns-rutin/index.html",
        "rutiner/utan/index.html",
    ] {
        let html = file(&c, page);
        assert_eq!(report_link(&html), None, "{page}");
        assert!(!html.contains("report-link"), "{page}");
    }
    let warned: Vec<(String, usize, usize)> = c
        .warnings
        .iter()
        .filter(|d| d.message.en().contains("Rapportera fel"))
        .map(|d| (d.file.clone(), d.line, d.col))
        .collect();
    assert_eq!(
        warned,
        [("content/rutiner/kuratorns-rutin.md".to_string(), 5, 8)],
        "{:?}",
        c.warnings
    );
    // A document with no owner at all is warned of once, as that, at its
    // `kind:` line: the missing link follows from it.
    let unowned: Vec<(String, usize, usize)> = c
        .warnings
        .iter()
        .filter(|d| d.file == "content/rutiner/utan.md" && d.message.en().contains("owner"))
        .map(|d| (d.message.en(), d.line, d.col))
        .collect();
    assert_eq!(
        unowned,
        [("the document has no owner (`owner`)".to_string(), 3, 1)],
        "{:?}",
        c.warnings
    );
    let w = c
        .warnings
        .iter()
        .find(|d| {
            d.file == "content/rutiner/kuratorns-rutin.md"
                && d.message.en().contains("Rapportera fel")
        })
        .unwrap();
    assert!(
        w.message.en().contains("e-mail address"),
        "{}",
        w.message.en()
    );
    assert!(
        w.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("feedback_email"),
        "{w:?}"
    );
    // The CLI prints it as a warning, with file and line.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["check", dir.path().to_str().unwrap(), "--today", TODAY])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/rutiner/kuratorns-rutin.md:5:8"),
        "{err}"
    );
}

#[test]
fn feedback_email_stands_in_when_no_holder_has_an_address() {
    let dir = with_site_yaml("title: Test\nfeedback_email: intranat@linda.example\n");
    let c = compile_ok(dir.path());
    for page in [
        "rutiner/kuratorns-rutin/index.html",
        "rutiner/utan/index.html",
    ] {
        let link = report_link(&file(&c, page)).unwrap_or_else(|| panic!("{page}"));
        assert_eq!(parse_mailto(&link).to, ["intranat@linda.example"], "{page}");
    }
    // The holders still come first where there are any.
    let link = report_link(&file(&c, "rutiner/franvaro/index.html")).unwrap();
    assert_eq!(parse_mailto(&link).to, ["anna.berg@linda.example"]);
    assert!(
        !c.warnings
            .iter()
            .any(|d| d.message.en().contains("Rapportera")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn a_feedback_email_that_is_no_address_is_an_error_at_its_line() {
    for bad in ["intranät", "a@b", "a@b.se, c@d.se", "\"<a@b.se>\""] {
        let dir = with_site_yaml(&format!("title: Test\nfeedback_email: {bad}\n"));
        let e = single_error(dir.path());
        assert_eq!((e.file.as_str(), e.line), ("site.yaml", 2), "{bad}: {e:?}");
        assert!(e.message.en().contains("`feedback_email`"), "{bad}: {e:?}");
    }
}

#[test]
fn a_changed_holder_address_renders_the_documents_again() {
    let dir = with_site_yaml("title: Test\n");
    let mut project = Project::load(opts(dir.path()));
    project.compile().unwrap();
    let list = dir.path().join("content/kontakter/lista.md");
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, text.replace("email: anna.berg@", "email: a.berg@")).unwrap();
    project.apply_changes(&[list]);
    let c = project.compile().unwrap();
    assert!(
        c.changed
            .contains(&"rutiner/franvaro/index.html".to_string()),
        "{:?}",
        c.changed
    );
    let link = report_link(&file(&c, "rutiner/franvaro/index.html")).unwrap();
    assert_eq!(parse_mailto(&link).to, ["a.berg@linda.example"]);
}

fn html_files(c: &samsyn::Compiled) -> Vec<String> {
    let html: Vec<String> = c
        .rendered
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .cloned()
        .collect();
    assert!(html.len() > 10, "{html:?}");
    html
}

#[test]
fn a_site_not_public_asks_every_crawler_to_stay_out() {
    let dir = with_site_yaml("title: Test\n");
    let c = compile_ok(dir.path());
    for path in html_files(&c) {
        assert_eq!(
            meta(&file(&c, &path), "robots").as_deref(),
            Some("noindex, nofollow"),
            "{path}"
        );
    }
    assert!(c.rendered.files.contains_key("404.html"));
    assert_eq!(file(&c, "robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn a_public_site_lets_crawlers_in_and_names_its_sitemap() {
    let dir = with_site_yaml("title: Test\npublic: true\nbase_url: https://intra.example/bus/\n");
    let c = compile_ok(dir.path());
    for path in html_files(&c) {
        assert_eq!(meta(&file(&c, &path), "robots"), None, "{path}");
    }
    assert_eq!(
        file(&c, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://intra.example/bus/sitemap.xml\n"
    );
    // With only a path there is no sitemap to name.
    let dir = with_site_yaml("title: Test\npublic: true\n");
    let c = compile_ok(dir.path());
    assert_eq!(file(&c, "robots.txt"), "User-agent: *\nAllow: /\n");
    let dir = with_site_yaml("title: Test\npublic: ja\n");
    let e = single_error(dir.path());
    assert_eq!(
        (e.line, e.message.en().contains("`public`")),
        (2, true),
        "{e:?}"
    );
}

fn pages_json(c: &samsyn::Compiled) -> serde_json::Value {
    serde_json::from_str(&file(c, "api/pages.json")).expect("pages.json is JSON")
}

#[test]
fn pages_json_lists_every_page_with_what_a_monitor_watches() {
    let dir = with_site_yaml("title: Test\nbase_url: https://intra.example/bus/\n");
    let c = compile_ok(dir.path());
    let json = pages_json(&c);
    assert_eq!(json["version"], 1);
    assert_eq!(json["today"], TODAY);
    let pages = json["pages"].as_array().unwrap();
    let ids: Vec<&str> = pages.iter().map(|p| p["id"].as_str().unwrap()).collect();
    // Sorted by id; the draft is left out of a build.
    assert_eq!(
        ids,
        [
            "franvaro",
            "kurator",
            "kuratorns-rutin",
            "lista",
            "rektor",
            "utan"
        ],
        "{json:#}"
    );
    let routine = &pages[0];
    assert_eq!(
        routine,
        &serde_json::json!({
            "id": "franvaro",
            "kind": "routine",
            "title": "Frånvaro & närvaro? #1",
            "url": "https://intra.example/bus/rutiner/franvaro/",
            "status": "upcoming",
            "draft": false,
            "next_review": "2027-06-01",
            "valid_from": "2027-01-01",
            "valid_until": null,
            "revision_date": "2026-06-01",
            "owners": [
                {"id": "kurator", "title": "Kurator", "holders": ["Cecilia Ås"]},
                {"id": "rektor", "title": "Rektor", "holders": ["Anna Berg", "Bo Ek"]}
            ]
        })
    );
    let with_drafts = compile_opts_ok(&opts_drafts(dir.path()));
    let drafts: Vec<serde_json::Value> = pages_json(&with_drafts)["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["draft"] == true)
        .cloned()
        .collect();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(drafts[0]["id"], "utkast");
}

/// Builds `dir` into `out` as `samsyn build` does.
fn build(dir: &Path, out: &Path) {
    samsyn::build(
        &BuildOptions {
            today: Some(today()),
            ..BuildOptions::new(dir)
        },
        out,
    )
    .expect("builds");
}

#[cfg(unix)]
#[test]
fn pages_json_is_reused_while_what_it_lists_is_unchanged_and_equals_a_full_build() {
    use std::os::unix::fs::MetadataExt;
    let dir = with_site_yaml("title: Test\n");
    let out = dir.path().join("output");
    build(dir.path(), &out);
    let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
    let json = out.join("api/pages.json");
    let before = inode(&json);
    // A body edit: nothing pages.json lists.
    let page = dir.path().join("content/rutiner/utan.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nMer text.\n")).unwrap();
    build(dir.path(), &out);
    assert_eq!(inode(&json), before, "linked from the previous build");
    // A title: pages.json changes, and equals a build from scratch.
    std::fs::write(&page, text.replace("Utan ägare", "Utan någon ägare")).unwrap();
    build(dir.path(), &out);
    let fresh = tempfile::tempdir().unwrap();
    build(dir.path(), &fresh.path().join("output"));
    let incremental = std::fs::read_to_string(&json).unwrap();
    assert!(incremental.contains("Utan någon ägare"));
    assert_eq!(
        incremental,
        std::fs::read_to_string(fresh.path().join("output/api/pages.json")).unwrap()
    );
}

#[test]
fn setting_feedback_email_while_serving_renders_the_documents_again() {
    let dir = with_site_yaml("title: Test\n");
    let mut project = Project::load(opts(dir.path()));
    project.compile().unwrap();
    let yaml = dir.path().join("site.yaml");
    std::fs::write(
        &yaml,
        "title: Test\nfeedback_email: intranat@linda.example\n",
    )
    .unwrap();
    project.apply_changes(&[yaml]);
    let c = project.compile().unwrap();
    let link = report_link(&file(&c, "rutiner/utan/index.html")).expect("a link now");
    assert_eq!(parse_mailto(&link).to, ["intranat@linda.example"]);
}

#[test]
fn a_robots_txt_of_the_sites_own_is_published_instead() {
    let dir = with_site_yaml("title: Test\n");
    write(
        dir.path(),
        "static/robots.txt",
        b"User-agent: *\nDisallow: /privat/\n",
    );
    let out = dir.path().join("output");
    build(dir.path(), &out);
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /privat/\n"
    );
    // Removed, the generated one comes back.
    std::fs::remove_file(dir.path().join("static/robots.txt")).unwrap();
    build(dir.path(), &out);
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
}
