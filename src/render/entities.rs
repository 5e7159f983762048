//! The parts of a content page's context that only roles, organisations,
//! forums and contact lists have.

use super::context::*;
use super::reads::Reads;
use crate::resolve::RefField;

/// A role: where it sits, who reports to it, who holds it, what it owns.
pub(crate) fn role_ctx(r: &Reads) -> RoleCtx {
    let page = r.page();
    let mut forums: Vec<ForumSeatCtx> = page
        .rev
        .forum_seats
        .iter()
        .map(|&(f, chair)| ForumSeatCtx {
            link: (*r.link(f)).clone(),
            chair,
        })
        .collect();
    forums.sort_by(|a, b| a.link.title.cmp(&b.link.title));
    RoleCtx {
        organisation: page.refs.one(RefField::Organisation).map(|o| r.link(o)),
        reports_to: page.refs.one(RefField::ReportsTo).map(|o| r.link(o)),
        direct_reports: r.link_list(page.rev.direct_reports.iter().copied()),
        holders: r.holders(r.index()),
        owns: r.link_list(page.rev.owns.iter().copied()),
        tasks: r.link_list(page.rev.tasks.iter().copied()),
        forums,
        vacant: page.laws.vacant,
        agenda: agenda(r),
        calendar_url: format!(
            "{}{}",
            r.site_base_url(),
            crate::urls::encode_path(&crate::urls::role_calendar(&page.parsed.url_path))
        ),
    }
}

/// What a role owns, by urgency: of what is in force, the overdue first,
/// then those citing repealed law, then by next review (undated last);
/// then what is no longer (or not yet) in force, without days left.
fn agenda(r: &Reads) -> Vec<AgendaCtx> {
    let today = r.today();
    type Key = (bool, u8, bool, Option<jiff::civil::Date>);
    let mut items: Vec<(Key, AgendaCtx)> = r
        .page()
        .rev
        .owns
        .iter()
        .map(|&i| {
            let (next, needs_review) = r.review(i);
            let link = r.link(i);
            let in_force = r.status(i).in_force();
            let ctx = AgendaCtx {
                next_review: next.filter(|_| in_force).map(super::document::date_ctx),
                days_to_review: next
                    .filter(|_| in_force)
                    .map(|n| crate::dates::days_between(today, n)),
                needs_review,
                link,
            };
            let rank = match (next.is_some_and(|n| n < today), needs_review) {
                (true, _) => 0,
                (false, true) => 1,
                (false, false) => 2,
            };
            ((!in_force, rank, next.is_none(), next), ctx)
        })
        .collect();
    items.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.link.title.cmp(&b.1.link.title))
    });
    items.into_iter().map(|(_, c)| c).collect()
}

/// An organisation: its place in the tree, its roles and documents.
pub(crate) fn organisation_ctx(r: &Reads) -> OrganisationCtx {
    let page = r.page();
    let mut roles = r.role_links(page.rev.org_roles.iter().copied());
    roles.sort_by(|a, b| a.link.title.cmp(&b.link.title));
    OrganisationCtx {
        short: r.own(|| page.parsed.meta.short.clone()),
        parent: page.refs.one(RefField::Parent).map(|p| r.link(p)),
        children: r.link_list(page.rev.children.iter().copied()),
        roles,
        documents: r.link_list(page.rev.applies.iter().copied()),
    }
}

/// A forum: its chair, members and the documents it follows up.
pub(crate) fn forum_ctx(r: &Reads) -> ForumCtx {
    let page = r.page();
    let mut members = r.role_links(page.refs.of(RefField::Members));
    members.sort_by(|a, b| a.link.title.cmp(&b.link.title));
    ForumCtx {
        cadence: r.own(|| page.parsed.meta.cadence.clone()),
        chair: page.refs.one(RefField::Chair).map(|c| r.role_link(c)),
        members,
        documents: r.link_list(page.rev.followed_up.iter().copied()),
    }
}

/// A contact list: every person on it.
pub(crate) fn contact_list_ctx(r: &Reads) -> ContactListCtx {
    let entries = 0..r.page().parsed.meta.contacts.len();
    ContactListCtx {
        entries: entries.map(|e| r.person(r.index(), e)).collect(),
    }
}
