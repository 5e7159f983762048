//! The generator derives the reverse direction of every reference: what a
//! role owns, has tasks in, sits in and who holds it; what applies to an
//! organisation; what a forum follows up; what links to a document.

mod common;

use std::sync::OnceLock;

use common::*;

/// The rendered pages of the fixture, compiled once for all tests.
fn page(url_path: &str) -> String {
    static SITE: OnceLock<samsyn::Compiled> = OnceLock::new();
    let c = SITE.get_or_init(|| compile_ok(&fixture("reverse-references")));
    file(c, &format!("{url_path}index.html"))
}

/// The links of the section headed by `id` on the page at `url_path`.
fn section_links(url_path: &str, id: &str) -> Vec<String> {
    hrefs(section(&page(url_path), id))
}

fn assert_lists(url_path: &str, id: &str, present: &[&str], absent: &[&str]) {
    let links = section_links(url_path, id);
    for url in present {
        assert!(
            links.iter().any(|l| l == url),
            "/{url_path} section #{id} should link to {url}; it has {links:?}"
        );
    }
    for url in absent {
        assert!(
            !links.iter().any(|l| l == url),
            "/{url_path} section #{id} should not link to {url}; it has {links:?}"
        );
    }
}

#[test]
fn role_lists_documents_it_owns() {
    assert_lists(
        "roller/rektor/",
        "samsyn-ansvarig-for",
        &["/rutiner/orosanmalan/", "/rutiner/orosanmalan-2022/"],
        &["/planer/handlingsplan/"],
    );
    assert_lists(
        "roller/kurator/",
        "samsyn-ansvarig-for",
        &["/planer/handlingsplan/"],
        &["/rutiner/orosanmalan/"],
    );
}

#[test]
fn role_lists_documents_that_give_it_tasks() {
    assert_lists(
        "roller/kurator/",
        "samsyn-uppdrag",
        &["/rutiner/orosanmalan/"],
        &["/planer/handlingsplan/"],
    );
    assert_lists(
        "roller/fritidsledare/",
        "samsyn-uppdrag",
        &["/planer/handlingsplan/"],
        &["/rutiner/orosanmalan/"],
    );
}

#[test]
fn role_without_documents_lists_none() {
    let html = page("roller/fritidsledare/");
    assert!(
        !links_to(&html, "/rutiner/orosanmalan/"),
        "fritidsledare has nothing to do with the routine"
    );
}

#[test]
fn role_lists_forums_it_sits_in() {
    assert_lists(
        "roller/kurator/",
        "samsyn-forum",
        &["/forum/elevhalsomote/", "/forum/samverkansgrupp/"],
        &[],
    );
    assert_lists(
        "roller/fritidsledare/",
        "samsyn-forum",
        &["/forum/samverkansgrupp/"],
        &["/forum/elevhalsomote/"],
    );
    assert_lists(
        "roller/rektor/",
        "samsyn-forum",
        &["/forum/elevhalsomote/"],
        &["/forum/samverkansgrupp/"],
    );
}

#[test]
fn role_page_says_which_forums_it_chairs() {
    let html = page("roller/rektor/");
    let forums = section(&html, "samsyn-forum");
    let item = forums
        .split("<li")
        .find(|li| hrefs(li).iter().any(|h| h == "/forum/elevhalsomote/"))
        .expect("the forum is listed");
    assert!(
        item.contains("ordförande"),
        "rektor chairs elevhälsomötet: {item}"
    );
    let kurator = page("roller/kurator/");
    assert!(
        !section(&kurator, "samsyn-forum").contains("ordförande"),
        "kurator chairs nothing"
    );
}

#[test]
fn role_lists_people_holding_it_from_contact_lists() {
    let rektor = page("roller/rektor/");
    let holders = section(&rektor, "samsyn-innehas-av");
    assert!(holders.contains("Anna Andersson"), "{holders}");
    assert!(!holders.contains("Bertil Berg"), "{holders}");
    assert!(
        hrefs(holders).iter().any(|h| h == "/kontakter/skolan/"),
        "names the contact list: {holders}"
    );
    assert!(
        hrefs(holders).iter().any(|h| h == "tel:+46701112233"),
        "phone as a tel: link: {holders}"
    );
    let kurator = page("roller/kurator/");
    let holders = section(&kurator, "samsyn-innehas-av");
    assert!(
        holders.contains("Bertil Berg") && holders.contains("Cecilia Ceder"),
        "{holders}"
    );
    assert!(!holders.contains("Anna Andersson"), "{holders}");
}

#[test]
fn role_lists_roles_that_report_to_it() {
    let html = page("roller/rektor/");
    assert!(
        links_to(&html, "/roller/kurator/"),
        "kurator reports to rektor"
    );
    let html = page("roller/kurator/");
    assert!(
        links_to(&html, "/roller/rektor/"),
        "kurator names who it reports to"
    );
}

#[test]
fn organisation_lists_documents_that_apply_to_it() {
    assert_lists(
        "organisationer/skola/",
        "samsyn-dokument",
        &["/rutiner/orosanmalan/"],
        &["/planer/handlingsplan/"],
    );
    assert_lists(
        "organisationer/kommun/",
        "samsyn-dokument",
        &["/planer/handlingsplan/"],
        &["/rutiner/orosanmalan/"],
    );
}

#[test]
fn organisation_lists_its_roles() {
    assert_lists(
        "organisationer/skola/",
        "samsyn-roller",
        &["/roller/rektor/", "/roller/kurator/"],
        &["/roller/fritidsledare/"],
    );
    assert_lists(
        "organisationer/fritid/",
        "samsyn-roller",
        &["/roller/fritidsledare/"],
        &["/roller/rektor/"],
    );
}

#[test]
fn organisation_lists_child_organisations() {
    let html = page("organisationer/kommun/");
    assert!(
        links_to(&html, "/organisationer/skola/"),
        "skolan is under kommunen"
    );
    assert!(
        links_to(&html, "/organisationer/fritid/"),
        "fritid is under kommunen"
    );
    let skola = page("organisationer/skola/");
    assert!(
        links_to(&skola, "/organisationer/kommun/"),
        "skolan names its parent"
    );
    assert!(
        !links_to(&skola, "/organisationer/fritid/"),
        "a sibling is not a child"
    );
}

#[test]
fn forum_lists_documents_followed_up_there() {
    assert_lists(
        "forum/elevhalsomote/",
        "samsyn-dokument",
        &["/rutiner/orosanmalan/"],
        &["/planer/handlingsplan/"],
    );
    assert_lists(
        "forum/samverkansgrupp/",
        "samsyn-dokument",
        &["/planer/handlingsplan/"],
        &["/rutiner/orosanmalan/"],
    );
}

#[test]
fn forum_lists_members_and_chair() {
    let html = page("forum/elevhalsomote/");
    assert!(
        links_to(&html, "/roller/rektor/") && links_to(&html, "/roller/kurator/"),
        "members are linked"
    );
    assert!(!links_to(&html, "/roller/fritidsledare/"));
}

#[test]
fn document_lists_backlinks_from_body_links_and_related() {
    // `om` links to the plan in its body; the routine names it in `related`.
    assert_lists(
        "planer/handlingsplan/",
        "samsyn-lankas-fran",
        &["/sidor/om/", "/rutiner/orosanmalan/"],
        &["/planer/handlingsplan/"],
    );
    assert_lists(
        "rutiner/orosanmalan/",
        "samsyn-lankas-fran",
        &["/sidor/om/"],
        &["/planer/handlingsplan/"],
    );
    let html = page("planer/handlingsplan/");
    assert!(
        html.contains("Länkas från"),
        "the section has its Swedish heading"
    );
}

#[test]
fn document_lists_its_related_documents() {
    assert_lists(
        "rutiner/orosanmalan/",
        "samsyn-relaterade",
        &["/planer/handlingsplan/"],
        &[],
    );
}

#[test]
fn superseded_document_shows_ersatt_av_with_a_link() {
    let html = page("rutiner/orosanmalan-2022/");
    assert!(
        html.to_lowercase().contains("ersatt av"),
        "the old routine says it is replaced"
    );
    assert!(
        links_to(&html, "/rutiner/orosanmalan/"),
        "and links to its replacement"
    );
    assert_eq!(meta(&html, "samsyn:status").as_deref(), Some("superseded"));
}

#[test]
fn superseding_document_links_to_the_one_it_replaces() {
    let html = page("rutiner/orosanmalan/");
    assert!(
        html.contains("Ersätter"),
        "the new routine says what it replaces"
    );
    assert!(links_to(&html, "/rutiner/orosanmalan-2022/"));
    assert!(
        !html.to_lowercase().contains("ersatt av"),
        "the new one is not replaced"
    );
}

#[test]
fn document_links_to_its_owner_roles_and_forums() {
    let html = page("rutiner/orosanmalan/");
    for url in [
        "/roller/rektor/",
        "/roller/kurator/",
        "/organisationer/skola/",
        "/forum/elevhalsomote/",
    ] {
        assert!(links_to(&html, url), "the routine links to {url}");
    }
    assert!(
        html.contains("Anna Andersson"),
        "the owner's holder is named on the document"
    );
}

#[test]
fn contacts_index_lists_people_by_role() {
    static SITE: OnceLock<samsyn::Compiled> = OnceLock::new();
    let c = SITE.get_or_init(|| compile_ok(&fixture("reverse-references")));
    let html = file(c, "contacts/index.html");
    for name in ["Anna Andersson", "Bertil Berg", "Cecilia Ceder"] {
        assert!(html.contains(name), "{name} on the contacts page");
    }
    assert!(links_to(&html, "/roller/rektor/") && links_to(&html, "/roller/kurator/"));
}

#[test]
fn reverse_references_are_in_the_model() {
    let c = compile_ok(&fixture("reverse-references"));
    let idx = |id: &str| c.site.by_id[&samsyn::model::PageId(id.into())];
    let rektor = &c.site.pages[idx("rektor")].rev;
    assert_eq!(rektor.owns.len(), 2);
    assert_eq!(rektor.forum_seats, vec![(idx("elevhalsomote"), true)]);
    assert_eq!(rektor.holders.len(), 1);
    let old = &c.site.pages[idx("orosanmalan-2022")].rev;
    assert_eq!(old.superseded_by, Some(idx("orosanmalan")));
}
