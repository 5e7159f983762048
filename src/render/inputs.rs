//! Cheap hashes of what each output is made of, so an incremental rebuild
//! can tell which pages to render again without building their contexts.
//!
//! A page's context is its own parsed file plus the title, URL, kind and
//! status of every page it mentions (and, for roles, who holds them today).
//! [`InputHashes`] mirrors exactly that: if a new neighbour is ever shown
//! by a template context, it must be hashed here too. The
//! incremental-equals-full test in `tests/incremental.rs` guards this.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::model::Ref;
use crate::resolve::Site;

/// Per-page and site-wide input hashes.
pub(crate) struct InputHashes {
    /// Everything a content page's own output depends on.
    pub page: Vec<u64>,
    /// Everything the generated list pages (start, documents, reviews,
    /// roles, …) depend on: all pages' list-visible fields, not bodies.
    pub lists: u64,
}

fn hash_of(v: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

impl InputHashes {
    pub fn new(site: &Site) -> InputHashes {
        let pages = &site.pages;
        // What a link to page i shows: id, title, address, kind, status.
        let link: Vec<u64> = pages
            .par_iter()
            .map(|p| hash_of((p.id(), p.title(), &p.parsed.url_path, p.kind(), p.status)))
            .collect();
        let person = |list: usize, entry: usize| {
            let c = &pages[list].parsed.meta.contacts[entry];
            let role = site.by_id.get(&c.role.id).map(|&r| link[r]);
            hash_of((
                &c.name, &c.unit, &c.phone, &c.email, &c.note, role, link[list],
            ))
        };
        // A role as other pages show it: its link and its current holders.
        let role: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let holders: Vec<u64> = p.rev.holders.iter().map(|&(l, e)| person(l, e)).collect();
                hash_of((link[i], holders))
            })
            .collect();
        let global = hash_of((
            &site.config.base_url,
            &site.config.title,
            site.today,
            format!("{:?}", site.config.review_interval),
        ));
        let resolve = |r: &Ref| site.by_id.get(&r.id).map(|&n| role[n]);
        let page: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let m = &p.parsed.meta;
                let mut h = DefaultHasher::new();
                (
                    global,
                    p.parsed.fingerprint,
                    p.status,
                    p.next_review,
                    role[i],
                )
                    .hash(&mut h);
                for refs in [
                    &m.related,
                    &m.applies_to,
                    &m.owner,
                    &m.roles,
                    &m.forums,
                    &m.members,
                ] {
                    refs.iter().map(resolve).collect::<Vec<_>>().hash(&mut h);
                }
                for one in [
                    &m.supersedes,
                    &m.organisation,
                    &m.reports_to,
                    &m.parent,
                    &m.chair,
                ] {
                    one.as_ref().map(resolve).hash(&mut h);
                }
                m.contacts
                    .iter()
                    .map(|c| resolve(&c.role))
                    .collect::<Vec<_>>()
                    .hash(&mut h);
                let r = &p.rev;
                for list in [
                    &r.backlinks,
                    &r.owns,
                    &r.tasks,
                    &r.direct_reports,
                    &r.org_roles,
                    &r.applies,
                    &r.children,
                    &r.followed_up,
                ] {
                    list.iter()
                        .map(|&n| role[n])
                        .collect::<Vec<_>>()
                        .hash(&mut h);
                }
                r.forum_seats
                    .iter()
                    .map(|&(n, chair)| (role[n], chair))
                    .collect::<Vec<_>>()
                    .hash(&mut h);
                r.superseded_by.map(|n| role[n]).hash(&mut h);
                h.finish()
            })
            .collect();
        // List pages show list-visible front matter and counts, never bodies,
        // so a body-only edit leaves them alone.
        let summaries: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| hash_of((role[i], p.parsed.meta_fingerprint, p.next_review, &p.rev)))
            .collect();
        InputHashes {
            page,
            lists: hash_of((global, summaries)),
        }
    }
}
