//! Cheap hashes of what each output is made of, so an incremental rebuild
//! can tell which pages to render again without building their contexts.
//!
//! A page's context is its own parsed file plus the title, URL, kind and
//! status of every page it mentions (and, for roles, who holds them today).
//! [`InputHashes`] mirrors exactly that: if a new neighbour is ever shown
//! by a template context, it must be hashed here too. The
//! incremental-equals-full test in `tests/incremental.rs` guards this.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::hash::{fingerprint, fingerprinter};
use crate::resolve::Site;

/// Per-page and site-wide input hashes.
pub(crate) struct InputHashes {
    /// Everything a content page's own output depends on.
    pub page: Vec<u64>,
    /// Everything the generated list pages (start, documents, reviews,
    /// roles, …) depend on: all pages' list-visible fields, not bodies.
    pub lists: u64,
}

/// Hashes a sequence as hashing a `Vec` of it would, without the `Vec`.
fn hash_seq<T: Hash>(h: &mut impl Hasher, items: impl ExactSizeIterator<Item = T>) {
    h.write_usize(items.len());
    items.for_each(|x| x.hash(h));
}

impl InputHashes {
    pub fn new(site: &Site) -> InputHashes {
        let pages = &site.pages;
        // What a link to page i shows: id, title, address, kind, status.
        let link: Vec<u64> = pages
            .par_iter()
            .map(|p| fingerprint((p.id(), p.title(), &p.parsed.url_path, p.kind(), p.status)))
            .collect();
        let person = |list: usize, entry: usize| {
            let c = &pages[list].parsed.meta.contacts[entry];
            let role = pages[list].refs.contact_role(entry).map(|r| link[r]);
            fingerprint((
                &c.name, &c.unit, &c.phone, &c.email, &c.note, role, link[list],
            ))
        };
        // A role as other pages show it: its link and its current holders.
        let role: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let holders: Vec<u64> = p.rev.holders.iter().map(|&(l, e)| person(l, e)).collect();
                fingerprint((link[i], holders))
            })
            .collect();
        let global = fingerprint((
            &site.config.base_url,
            &site.config.title,
            site.today,
            format!("{:?}", site.config.review_interval),
        ));
        let page: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let mut h = fingerprinter();
                (
                    global,
                    p.parsed.fingerprint,
                    p.status,
                    p.next_review,
                    role[i],
                )
                    .hash(&mut h);
                // Which field each reference is in is the page's own text
                // (its fingerprint); what each one names is hashed here.
                hash_seq(
                    &mut h,
                    p.refs.all().iter().map(|t| t.map(|n| role[n as usize])),
                );
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
                    hash_seq(&mut h, list.iter().map(|&n| role[n]));
                }
                hash_seq(
                    &mut h,
                    r.forum_seats.iter().map(|&(n, chair)| (role[n], chair)),
                );
                r.superseded_by.map(|n| role[n]).hash(&mut h);
                h.finish()
            })
            .collect();
        // List pages show list-visible front matter and counts, never bodies,
        // so a body-only edit leaves them alone.
        let summaries: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| fingerprint((role[i], p.parsed.meta_fingerprint, p.next_review, &p.rev)))
            .collect();
        InputHashes {
            page,
            lists: fingerprint((global, summaries)),
        }
    }
}
