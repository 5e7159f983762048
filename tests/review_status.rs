//! Review status and next review date, computed for 2026-11-22, shown as
//! `samsyn:status` / `samsyn:next-review` and kept on `site.pages`.

mod common;

use common::*;
use samsyn::model::ReviewStatus;
use samsyn::Compiled;

fn status_site() -> Compiled {
    compile_ok(&fixture("review-status"))
}

/// (`samsyn:status`, `samsyn:next-review`) of the page at `url_path`.
fn shown(c: &Compiled, url_path: &str) -> (String, Option<String>) {
    let html = file(c, &format!("{url_path}index.html"));
    let status =
        meta(&html, "samsyn:status").unwrap_or_else(|| panic!("{url_path} has no samsyn:status"));
    (status, meta(&html, "samsyn:next-review"))
}

fn assert_status(c: &Compiled, url_path: &str, status: &str, next: Option<&str>) {
    let (s, n) = shown(c, url_path);
    assert_eq!(
        (s.as_str(), n.as_deref()),
        (status, next),
        "status and next review of /{url_path}"
    );
    // The model agrees with the HTML.
    let page = c
        .site
        .pages
        .iter()
        .find(|p| p.parsed.url_path == url_path)
        .expect("page in site");
    assert_eq!(
        page.status.key(),
        status,
        "site.pages status of /{url_path}"
    );
    assert_eq!(
        page.next_review.map(|d| d.to_string()).as_deref(),
        next,
        "site.pages next_review of /{url_path}"
    );
}

#[test]
fn draft_status_when_drafts_are_included() {
    let c = compile_opts_ok(&opts_drafts(&fixture("review-status")));
    assert_status(&c, "rutiner/utkast/", "draft", Some("2027-06-01"));
}

#[test]
fn superseded_status_for_a_page_another_supersedes() {
    let c = status_site();
    assert_status(&c, "rutiner/gammal/", "superseded", Some("2027-06-01"));
    assert_status(&c, "rutiner/ny/", "current", Some("2027-06-01"));
}

#[test]
fn superseded_wins_over_expired() {
    assert_status(
        &status_site(),
        "rutiner/ersatt-och-upphord/",
        "superseded",
        Some("2025-06-01"),
    );
}

#[test]
fn upcoming_status_when_valid_from_is_in_the_future() {
    assert_status(
        &status_site(),
        "rutiner/kommande/",
        "upcoming",
        Some("2027-10-01"),
    );
}

#[test]
fn upcoming_wins_over_overdue() {
    assert_status(
        &status_site(),
        "rutiner/kommande-och-forsenad/",
        "upcoming",
        Some("2025-01-01"),
    );
}

#[test]
fn expired_status_when_valid_until_has_passed() {
    assert_status(
        &status_site(),
        "rutiner/upphord/",
        "expired",
        Some("2027-06-01"),
    );
}

#[test]
fn valid_until_today_is_still_in_force() {
    assert_status(
        &status_site(),
        "rutiner/giltig-till-i-dag/",
        "current",
        Some("2027-06-01"),
    );
}

#[test]
fn overdue_status_when_next_review_has_passed() {
    assert_status(
        &status_site(),
        "rutiner/forsenad/",
        "overdue",
        Some("2026-11-21"),
    );
}

#[test]
fn due_status_when_next_review_is_today() {
    assert_status(
        &status_site(),
        "rutiner/granskas-i-dag/",
        "due",
        Some("2026-11-22"),
    );
}

#[test]
fn due_status_within_the_default_30_day_warning() {
    assert_status(
        &status_site(),
        "rutiner/granskas-snart/",
        "due",
        Some("2026-12-22"),
    );
}

#[test]
fn current_status_beyond_the_warning() {
    assert_status(
        &status_site(),
        "rutiner/gallande/",
        "current",
        Some("2026-12-23"),
    );
}

#[test]
fn documents_own_review_interval_is_used() {
    // 2026-04-01 + 6 månader, not + 1 year.
    assert_status(
        &status_site(),
        "rutiner/eget-intervall/",
        "overdue",
        Some("2026-10-01"),
    );
}

#[test]
fn later_reviewed_date_wins_over_revised() {
    assert_status(
        &status_site(),
        "rutiner/granskad-senare/",
        "current",
        Some("2027-03-01"),
    );
}

#[test]
fn later_revised_date_wins_over_reviewed() {
    assert_status(
        &status_site(),
        "rutiner/reviderad-senare/",
        "current",
        Some("2027-02-01"),
    );
}

#[test]
fn explicit_next_review_wins_over_the_computed_date() {
    let c = status_site();
    assert_status(
        &c,
        "rutiner/uttryckligt-datum/",
        "current",
        Some("2027-05-05"),
    );
    assert_status(
        &c,
        "rutiner/uttryckligt-forsenat/",
        "overdue",
        Some("2026-11-01"),
    );
}

#[test]
fn contact_lists_get_a_review_status() {
    assert_status(
        &status_site(),
        "kontakter/lista/",
        "overdue",
        Some("2026-07-01"),
    );
}

#[test]
fn plain_pages_have_no_next_review() {
    let c = status_site();
    let (status, next) = shown(&c, "sida/");
    assert_eq!(status, "current");
    assert_eq!(next, None);
}

#[test]
fn every_status_appears_once_drafts_are_included() {
    let c = compile_opts_ok(&opts_drafts(&fixture("review-status")));
    for s in ReviewStatus::ALL {
        assert!(
            c.site.pages.iter().any(|p| p.status == s),
            "no page has status {}",
            s.key()
        );
    }
}

#[test]
fn site_yaml_review_interval_is_the_default() {
    let c = compile_ok(&fixture("review-site-settings"));
    // 2025-03-01 + 2 years (site.yaml), not + 1 year.
    assert_status(&c, "utanfor-varning/", "current", Some("2027-03-01"));
}

#[test]
fn site_yaml_review_warning_decides_due() {
    let c = compile_ok(&fixture("review-site-settings"));
    // 2027-01-01 is 40 days away: due with a 60-day warning.
    assert_status(&c, "inom-varning/", "due", Some("2027-01-01"));
}

#[test]
fn document_interval_wins_over_site_yaml() {
    let c = compile_ok(&fixture("review-site-settings"));
    assert_status(&c, "eget-intervall/", "overdue", Some("2026-07-01"));
}

#[test]
fn status_depends_on_today() {
    let dir = fixture("review-status");
    let o = samsyn::BuildOptions {
        today: Some(samsyn::dates::parse_date("2025-01-01").unwrap()),
        ..opts(&dir)
    };
    let c = compile_opts_ok(&o);
    assert_status(&c, "rutiner/forsenad/", "current", Some("2026-11-21"));
}

#[test]
fn document_without_any_date_gets_a_warning_not_an_error() {
    // feedback_email: nobody holding the owner role has an address, and
    // only the plan's review is at issue.
    let s = site(&[
        (
            "content/a.md",
            "---\ntitle: Plan\nkind: plan\nsummary: En plan.\nowner: samordnare\n---\n\nText.\n",
        ),
        (
            "content/samordnare.md",
            "---\ntitle: Samordnare\nkind: role\n---\n",
        ),
        (
            "content/kontakter.md",
            "---\ntitle: Kontakter\nkind: contacts\nreviewed: 2026-06-01\ncontacts:\n  - name: Ada Berg\n    role: samordnare\n---\n",
        ),
        ("site.yaml", "feedback_email: intranat@kommun.example\n"),
    ]);
    let c = compile_ok(s.path());
    let w: Vec<_> = c.warnings.iter().collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].file, "content/a.md");
    assert!(w[0].message.en().contains("review"), "{}", w[0]);
    assert_eq!(meta(&file(&c, "a/index.html"), "samsyn:next-review"), None);
}

#[test]
fn reviews_page_lists_overdue_first() {
    let c = status_site();
    let html = file(&c, "reviews/index.html");
    let pos = |url: &str| {
        html.find(&format!("href=\"{}\"", url.replace('/', "&#x2F;")))
            .or_else(|| html.find(&format!("href=\"{url}\"")))
            .unwrap_or_else(|| panic!("{url} not on the reviews page"))
    };
    assert!(pos("/rutiner/forsenad/") < pos("/rutiner/granskas-snart/"));
    assert!(pos("/rutiner/granskas-snart/") < pos("/rutiner/gallande/"));
}

#[test]
fn summary_counts_documents_by_status() {
    let c = status_site();
    let summary = c.summary().en();
    // Governing documents only (the contact list is not one); drafts left out.
    for part in [
        "2 superseded",
        "2 upcoming",
        "1 expired",
        "3 overdue",
        "2 due",
        "7 current",
    ] {
        assert!(summary.contains(part), "{part} in {summary}");
    }
    assert!(!summary.contains("draft"), "{summary}");
}
