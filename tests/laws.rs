//! The register of laws (tests/fixtures/laws, built for 2026-11-22):
//! citations by number and by name (read on the document's revision date,
//! before and after the reform of 1 July 2025) link to the law, a law's
//! page lists who cites it where, documents resting on repealed law are
//! flagged everywhere, vacant roles are found, every role has a review
//! calendar, and `samsyn remind` prints text, JSON and a valid mbox.

mod common;

use std::process::Command;
use std::sync::OnceLock;

use common::*;
use samsyn::error::Severity;
use samsyn::Compiled;

fn site() -> &'static Compiled {
    static SITE: OnceLock<Compiled> = OnceLock::new();
    SITE.get_or_init(|| compile_ok(&fixture("laws")))
}

/// The warnings of the fixture, as `file:line: message`.
fn warnings() -> Vec<String> {
    site()
        .warnings
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{}:{}: {}", d.file, d.line, d.message.en()))
        .collect()
}

/// The citation links (`href`, text) in the page at `url_path`.
fn citations(url_path: &str) -> Vec<(String, String)> {
    let html = file(site(), &format!("{url_path}index.html"));
    html.split("<a class=\"citation\" href=\"")
        .skip(1)
        .map(|rest| {
            let (href, rest) = rest.split_once("\">").expect("a closed tag");
            let (text, _) = rest.split_once("</a>").expect("a closed link");
            (href.to_string(), text.to_string())
        })
        .collect()
}

fn pair(href: &str, text: &str) -> (String, String) {
    (href.to_string(), text.to_string())
}

#[test]
fn a_name_means_the_law_in_force_on_the_revision_date() {
    // Revised 2024-05-01: before the new law came into force.
    assert_eq!(
        citations("rutiner/gammal/"),
        [
            pair("/lagar/sol-gamla/", "socialtjänstlagen"),
            pair("/lagar/sol-gamla/", "14 kap. 1 § socialtjänstlagen"),
            pair("/lagar/skollagen/", "SFS 2010:800"),
        ]
    );
    // Revised 2025-09-01, after it: the genitive names the new law.
    assert_eq!(
        citations("rutiner/ny/"),
        [pair("/lagar/sol-ny/", "10 kap. 1 § socialtjänstlagens")]
    );
}

#[test]
fn a_number_names_its_law_whatever_the_date_and_code_is_not_a_citation() {
    // Expired, so no warning, but the number still links.
    assert_eq!(
        citations("rutiner/upphord/"),
        [pair("/lagar/sol-gamla/", "socialtjänstlagen (2001:453)")]
    );
    let annan = file(site(), "rutiner/annan/index.html");
    assert!(
        annan.contains("<code>socialtjänstlagen (2001:453)</code>"),
        "{annan}"
    );
    assert!(citations("rutiner/annan/").is_empty());
}

#[test]
fn a_law_page_lists_who_cites_it_with_chapter_and_section_and_links_its_successor() {
    let html = file(site(), "lagar/sol-gamla/index.html");
    assert_eq!(meta(&html, "samsyn:kind").as_deref(), Some("law"));
    let cited = html
        .split("id=\"samsyn-hanvisas-fran\"")
        .nth(1)
        .expect("the list of citing documents");
    assert!(cited.contains("href=\"/rutiner/gammal/\""), "{cited}");
    assert!(cited.contains("14 kap. 1 §"), "{cited}");
    assert!(cited.contains("href=\"/rutiner/upphord/\""), "{cited}");
    assert!(!cited.contains("href=\"/rutiner/ny/\""), "{cited}");
    assert!(html.contains("Lagen är upphävd"), "{html}");
    assert!(
        html.contains("href=\"/lagar/sol-ny/\""),
        "links its successor"
    );
    let new = file(site(), "lagar/sol-ny/index.html");
    assert!(new.contains("10 kap. 1 §") && new.contains("href=\"/rutiner/ny/\""));
    assert!(
        new.contains("href=\"/lagar/sol-gamla/\""),
        "names what it replaced"
    );
}

#[test]
fn a_document_in_force_citing_repealed_law_is_warned_at_its_line() {
    let w = warnings();
    let repealed: Vec<&String> = w.iter().filter(|w| w.contains("repealed on")).collect();
    assert_eq!(
        repealed,
        ["content/rutiner/gammal.md:9: cites Socialtjänstlag (2001:453), repealed on 2025-07-01"],
        "only the document in force that cites the old law: {w:#?}"
    );
}

#[test]
fn an_sfs_number_the_register_lacks_is_reported_once() {
    let w = warnings();
    let unknown: Vec<&String> = w.iter().filter(|w| w.contains("1999:175")).collect();
    assert_eq!(
        unknown,
        ["content/rutiner/annan.md:9: SFS 1999:175 is not in the register of laws"],
        "{w:#?}"
    );
}

#[test]
fn repealed_law_shows_as_a_notice_and_counts_as_needing_review() {
    let html = file(site(), "rutiner/gammal/index.html");
    assert!(
        html.contains("Hänvisar till upphävd lag <a href=\"/lagar/sol-gamla/\">Socialtjänstlag (2001:453)</a>, ersatt av <a href=\"/lagar/sol-ny/\">Socialtjänstlag (2025:400)</a> från <time datetime=\"2025-07-01\">"),
        "{html}"
    );
    // The status keeps its meaning; the flag stands beside it.
    assert_eq!(meta(&html, "samsyn:status").as_deref(), Some("current"));
    let page = site()
        .site
        .pages
        .iter()
        .find(|p| p.id().as_str() == "gammal");
    assert!(page.is_some_and(|p| p.needs_review()));
    let reviews = file(site(), "reviews/index.html");
    let section = reviews
        .split("id=\"samsyn-upphavd-lag\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a section of documents citing repealed law");
    assert!(section.contains("/rutiner/gammal/"), "{section}");
    assert!(!section.contains("/rutiner/upphord/"), "{section}");
    let rektor = file(site(), "roller/rektor/index.html");
    let agenda = rektor.split("class=\"agenda\"").nth(1).expect("an agenda");
    let gammal = agenda
        .split("/rutiner/gammal/")
        .nth(1)
        .expect("gammal listed");
    assert!(gammal
        .split("</li>")
        .next()
        .is_some_and(|li| li.contains("Behöver revideras")));
}

#[test]
fn vacant_roles_are_warned_about_and_marked() {
    let w = warnings();
    let vacant: Vec<&String> = w.iter().filter(|w| w.contains("is vacant")).collect();
    assert_eq!(vacant.len(), 2, "{w:#?}");
    assert!(vacant[0].starts_with("content/roller/kurator.md:1: role `kurator` is vacant"));
    assert!(vacant[1].starts_with("content/roller/ordforande.md:1: role `ordforande` is vacant"));
    for role in ["kurator", "ordforande"] {
        let html = file(site(), &format!("roller/{role}/index.html"));
        assert!(
            html.contains("Vakant – ingen har rollen enligt kontaktlistorna"),
            "{role}"
        );
    }
    for role in ["rektor", "utan-ansvar"] {
        let html = file(site(), &format!("roller/{role}/index.html"));
        assert!(!html.contains("Vakant"), "{role} is not vacant");
    }
    let roles = file(site(), "roles/index.html");
    let marked = |id: &str| {
        roles
            .split(&format!("href=\"/roller/{id}/\""))
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .is_some_and(|s| s.contains("Vakant"))
    };
    assert!(marked("kurator") && marked("ordforande") && !marked("rektor"));
    let reviews = file(site(), "reviews/index.html");
    let section = reviews
        .split("id=\"samsyn-vakanta-roller\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a section of vacant roles");
    assert!(section.contains("/roller/kurator/") && section.contains("/roller/ordforande/"));
    assert!(!section.contains("/roller/rektor/"));
}

/// The UIDs of the events of a calendar.
fn uids(ics: &str) -> Vec<String> {
    let mut v: Vec<String> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(|u| u.trim_end().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn every_role_has_a_calendar_of_exactly_what_it_owns() {
    let rektor = file(site(), "roller/rektor/granskning.ics");
    assert!(rektor.starts_with("BEGIN:VCALENDAR\r\n") && rektor.ends_with("END:VCALENDAR\r\n"));
    // Owns gammal, annan, the contact list and the expired upphord (left out).
    assert_eq!(
        uids(&rektor),
        [
            "annan-granskning@samsyn",
            "gammal-granskning@samsyn",
            "skolan-granskning@samsyn"
        ]
    );
    assert_eq!(
        uids(&file(site(), "roller/kurator/granskning.ics")),
        ["ny-granskning@samsyn"]
    );
    assert!(uids(&file(site(), "roller/utan-ansvar/granskning.ics")).is_empty());
    let page = file(site(), "roller/rektor/index.html");
    assert!(
        page.contains(
            "<a href=\"/roller/rektor/granskning.ics\">Prenumerera på granskningsdatum</a>"
        ),
        "{page}"
    );
}

#[test]
fn a_role_page_lists_what_it_owns_overdue_first_with_days_left() {
    let html = file(site(), "roller/rektor/index.html");
    let agenda = html.split("class=\"agenda\"").nth(1).expect("an agenda");
    // Of what is in force: citing repealed law first (nothing is overdue),
    // then by next review; then the expired one.
    let order: Vec<usize> = [
        "/rutiner/gammal/",
        "/rutiner/annan/",
        "/kontakter/skolan/",
        "/rutiner/upphord/",
    ]
    .iter()
    .map(|p| agenda.find(p).unwrap_or_else(|| panic!("{p} listed")))
    .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "by urgency: {agenda}");
    // annan: revised 2026-01-10 + 1 year, 49 days after 2026-11-22.
    let annan = agenda
        .split("/rutiner/annan/")
        .nth(1)
        .and_then(|s| s.split("</li>").next());
    assert!(
        annan.is_some_and(|li| li.contains("(om 49 dagar)")),
        "{annan:?}"
    );
    let upphord = agenda
        .split("/rutiner/upphord/")
        .nth(1)
        .and_then(|s| s.split("</li>").next());
    assert!(
        upphord.is_some_and(|li| !li.contains("dagar")),
        "no days left once expired"
    );
    let skol = file(site(), "roller/skolskoterska/index.html");
    assert!(
        skol.contains("(försenad 539 dagar)"),
        "forsenad: 2025-06-01 passed"
    );
}

fn samsyn(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(args)
        .output()
        .expect("samsyn runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn remind(format: &str) -> String {
    let dir = fixture("laws");
    let dir = dir.to_str().expect("a UTF-8 path");
    samsyn(&[
        "remind", dir, "--today", TODAY, "--within", "60d", "--format", format, "-q",
    ])
}

#[test]
fn remind_json_lists_people_with_what_they_must_do_and_the_vacant_roles() {
    let v: serde_json::Value = serde_json::from_str(&remind("json")).expect("JSON");
    let people = v["people"].as_array().expect("people");
    let names: Vec<&str> = people.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["From Lindqvist", "Per Lind", "Åsa Öberg"]);
    let asa = &people[2];
    assert_eq!(asa["email"], "asa.oberg@skola.example");
    assert_eq!(asa["roles"][0]["id"], "rektor");
    let docs: Vec<(&str, Vec<&str>)> = asa["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            let reasons = d["reasons"].as_array().expect("reasons");
            (
                d["id"].as_str().unwrap_or(""),
                reasons.iter().filter_map(|r| r.as_str()).collect(),
            )
        })
        .collect();
    // annan is due within 60 days; gammal cites repealed law; the list is
    // reviewed until 2027 and upphord expired: neither is listed.
    assert_eq!(
        docs,
        [("annan", vec!["due"]), ("gammal", vec!["repealed_law"])]
    );
    let gammal = &asa["documents"][1];
    assert_eq!(gammal["url"], "/rutiner/gammal/");
    assert_eq!(gammal["status"], "current");
    assert_eq!(gammal["next_review"], "2027-05-01");
    assert_eq!(gammal["repealed_laws"][0], "Socialtjänstlag (2001:453)");
    assert_eq!(people[0]["documents"][0]["reasons"][0], "overdue");
    let vacant: Vec<&str> = v["vacant"]
        .as_array()
        .expect("vacant")
        .iter()
        .filter_map(|r| r["role"]["id"].as_str())
        .collect();
    assert_eq!(vacant, ["kurator", "ordforande"]);
    assert_eq!(v["vacant"][0]["documents"][0]["id"], "ny");
}

#[test]
fn remind_text_is_a_readable_digest() {
    let text = remind("text");
    assert!(
        text.contains("Åsa Öberg <asa.oberg@skola.example>\nRoller: Rektor (rektor)\n"),
        "{text}"
    );
    assert!(text.contains("  - Gammal rutin (gammal)\n"), "{text}");
    assert!(
        text.contains("Hänvisar till upphävd lag: Socialtjänstlag (2001:453)"),
        "{text}"
    );
    assert!(text.contains("Vakanta roller"), "{text}");
    assert!(
        text.contains("- Kurator (kurator) /roller/kurator/"),
        "{text}"
    );
}

/// Python's `mailbox` and `email` modules, as a mail tool reads the mbox:
/// one line per message (envelope sender, To, Subject decoded, first body
/// line).
const READ_MBOX: &str = r#"
import email.header, mailbox, sys
for m in mailbox.mbox(sys.argv[1]):
    to = str(email.header.make_header(email.header.decode_header(m["To"])))
    subject = str(email.header.make_header(email.header.decode_header(m["Subject"])))
    body = m.get_payload(decode=True).decode("utf-8")
    print("|".join([m.get_from().split()[0], to, subject, body.splitlines()[2]]))
"#;

#[test]
fn remind_mbox_is_one_valid_message_per_person_with_an_address() {
    let mbox = remind("mbox");
    assert!(
        mbox.starts_with("From samsyn@localhost Sun Nov 22 00:00:00 2026\n"),
        "{mbox}"
    );
    // From Lindqvist's own name line must not start a new message.
    assert!(
        mbox.contains("\n>From Lindqvist <from.lindqvist@skola.example>\n"),
        "{mbox}"
    );
    assert!(mbox.lines().all(|l| l.len() < 998));
    assert!(
        mbox.contains("Subject: =?UTF-8?B?"),
        "non-ASCII headers are encoded"
    );
    let dir = tempfile_dir();
    let path = dir.join("remind.mbox");
    std::fs::write(&path, &mbox).expect("write the mbox");
    let out = Command::new("python3")
        .args(["-c", READ_MBOX, path.to_str().expect("UTF-8 path")])
        .output()
        .expect("python3 is needed to read the mbox as a mail tool does");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(
        lines,
        [
            "samsyn@localhost|\"From Lindqvist\" <from.lindqvist@skola.example>|Granskningspåminnelse – Lagregister|>From Lindqvist <from.lindqvist@skola.example>",
            "samsyn@localhost|Åsa Öberg <asa.oberg@skola.example>|Granskningspåminnelse – Lagregister|Åsa Öberg <asa.oberg@skola.example>",
        ],
        "Per Lind has no address and gets no message"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("samsyn-laws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

#[test]
fn the_demo_register_flags_the_one_routine_citing_the_old_law() {
    let demo = compile_ok(&demo_site());
    let flagged: Vec<&str> = demo
        .site
        .pages
        .iter()
        .filter(|p| p.needs_review())
        .map(|p| p.id().as_str())
        .collect();
    assert_eq!(flagged, ["aterkoppling-efter-orosanmalan"]);
}
