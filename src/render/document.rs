//! The context of a content page: what every page shows, and the panel of
//! a governing document. The other kinds' parts are in `entities.rs`.

use jiff::civil::Date;

use super::context::*;
use super::entities;
use super::reads::Reads;
use crate::dates::{days_between, swedish_long};
use crate::model::Kind;
use crate::resolve::RefField;

/// A date as the templates show it.
pub(crate) fn date_ctx(d: Date) -> DateCtx {
    DateCtx {
        iso: d.to_string(),
        long: swedish_long(d),
    }
}

/// The template and the active nav entry of a content page of `kind`.
pub(crate) fn template_of(kind: Kind) -> (&'static str, Option<&'static str>) {
    match kind {
        k if k.is_governing() => ("document.html", Some("documents")),
        Kind::Role => ("role.html", Some("roles")),
        Kind::Organisation => ("organisation.html", Some("organisations")),
        Kind::Forum => ("forum.html", Some("forums")),
        Kind::Contacts => ("contacts.html", Some("contacts")),
        Kind::Law => ("law.html", None),
        _ => ("page.html", None),
    }
}

/// The `meta` of a content page.
pub(crate) fn meta(r: &Reads, section: Option<&'static str>) -> MetaCtx {
    let page = r.page();
    MetaCtx {
        id: page.id().to_string(),
        kind: page.kind().key().to_string(),
        status: page.status.key(),
        next_review: page.next_review.map(|d| d.to_string()),
        url: r.own_url(),
        section,
        crumbs: Vec::new(),
    }
}

/// The `page` of a content page, without its body (`content`), which the
/// caller puts in only when rendering.
pub(crate) fn page_ctx(r: &Reads) -> PageCtx {
    let page = r.page();
    let m = &page.parsed.meta;
    let kind = page.kind();
    let (cited_laws, repealed_laws) = super::laws::cited(r);
    PageCtx {
        link: (*r.link(r.index())).clone(),
        summary: r.own(|| m.summary.clone()),
        tags: r.own(|| m.tags.clone()),
        tag_links: r.tag_links(&m.tags),
        draft: m.draft,
        next_review: r.own(|| page.next_review.map(date_ctx)),
        content: tera::Value::none(),
        toc: r.own(|| {
            let headings = page.parsed.body.headings.iter();
            headings
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocEntry {
                    level: h.level,
                    id: h.anchor.clone(),
                    title: h.title.clone(),
                })
                .collect()
        }),
        source: r.own(|| page.parsed.source.clone()),
        related: r.link_list(page.refs.of(RefField::Related)),
        supersedes: page.refs.one(RefField::Supersedes).map(|s| r.link(s)),
        superseded_by: page.rev.superseded_by.map(|s| r.link(s)),
        backlinks: r.link_list(page.rev.backlinks.iter().copied()),
        document: kind.is_reviewed().then(|| document_ctx(r)),
        role: (kind == Kind::Role).then(|| entities::role_ctx(r)),
        organisation: (kind == Kind::Organisation).then(|| entities::organisation_ctx(r)),
        forum: (kind == Kind::Forum).then(|| entities::forum_ctx(r)),
        contact_list: (kind == Kind::Contacts).then(|| entities::contact_list_ctx(r)),
        law: (kind == Kind::Law).then(|| super::laws::law_ctx(r)),
        cited_laws,
        repealed_laws,
        needs_review: page.needs_review(),
    }
}

/// The metadata panel of a governing document or contact list.
fn document_ctx(r: &Reads) -> DocumentCtx {
    let page = r.page();
    let m = &page.parsed.meta;
    let interval = match m.review_interval {
        Some(own) => own,
        None => r.default_review_interval(),
    };
    let owners = r.role_links(page.refs.of(RefField::Owner));
    DocumentCtx {
        report_url: report_url(r, &owners),
        decided_by: r.own(|| m.decided_by.clone()),
        decided: r.own(|| m.decided.map(date_ctx)),
        diary_number: r.own(|| m.diary_number.clone()),
        applies_to: r.link_list(page.refs.of(RefField::AppliesTo)),
        owners,
        roles: r.role_links(page.refs.of(RefField::Roles)),
        forums: r.link_list(page.refs.of(RefField::Forums)),
        valid_from: r.own(|| m.valid_from.map(|d| date_ctx(d.date))),
        valid_until: r.own(|| m.valid_until.map(|d| date_ctx(d.date))),
        revised: r.own(|| m.revised.map(date_ctx)),
        reviewed: r.own(|| m.reviewed.map(date_ctx)),
        review_interval: r.own(|| interval.to_swedish()),
        next_review: r.own(|| page.next_review.map(date_ctx)),
        days_to_review: page.next_review.map(|n| days_between(r.today(), n)),
        history: r.own(|| history(m)),
    }
}

/// The `mailto:` of "Rapportera fel eller föreslå ändring": to the e-mail
/// addresses of the people who hold the `owners` (as handed out by
/// `Reads`, so a changed address changes the fingerprint), each once, else
/// to site.yaml's `feedback_email`. The body names the page's address: a
/// full URL when `base_url` is one, else its path.
fn report_url(r: &Reads, owners: &[Shared<RoleLinkCtx>]) -> Option<String> {
    // Read in both runs, so hashing and building read the same.
    let fallback = r.feedback_email();
    let page = r.page();
    let mut to: Vec<&str> = Vec::new();
    let holders = owners.iter().flat_map(|o| o.holders.iter());
    for email in holders.filter_map(|p| p.email.as_deref()) {
        if crate::urls::is_email_address(email) && !to.contains(&email) {
            to.push(email);
        }
    }
    if to.is_empty() {
        to.extend(fallback);
    }
    if to.is_empty() {
        return None;
    }
    let body = format!(
        "Gäller sidan: {}\n\nBeskriv felet eller ändringen du föreslår:\n",
        r.own_url()
    );
    Some(crate::urls::mailto(
        to,
        &format!("Synpunkt på {}", page.title()),
        &body,
    ))
}

/// A document's history, newest first.
fn history(m: &crate::model::Meta) -> Vec<HistoryCtx> {
    let mut h: Vec<HistoryCtx> = m
        .history
        .iter()
        .map(|e| HistoryCtx {
            date: date_ctx(e.date),
            note: e.note.clone(),
            decided_by: e.decided_by.clone(),
        })
        .collect();
    h.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
    h
}

/// One governing document (or contact list) as a row of a list.
pub(crate) fn doc_row(r: &Reads) -> DocRowCtx {
    let page = r.page();
    let m = &page.parsed.meta;
    let mut owners = r.role_links(page.refs.of(RefField::Owner));
    owners.sort_by(|a, b| a.link.title.cmp(&b.link.title));
    let organisations = r.link_list(page.refs.of(RefField::AppliesTo));
    DocRowCtx {
        link: (*r.link(r.index())).clone(),
        summary: r.own(|| m.summary.clone()),
        owner_ids: owners
            .iter()
            .map(|o| o.link.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        organisation_ids: organisations
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        owners,
        organisations,
        revised: r.own(|| m.revised.max(m.reviewed).map(date_ctx)),
        next_review: r.own(|| page.next_review.map(date_ctx)),
        days_to_review: page.next_review.map(|n| days_between(r.today(), n)),
        needs_review: page.needs_review(),
    }
}
