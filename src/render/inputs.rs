//! Cheap hashes of what outputs are made of, so an incremental rebuild can
//! tell which pages to render again.
//!
//! A content page's fingerprint is its own inputs ([`InputHashes::own`])
//! and the hash of every neighbour its context read, recorded by
//! [`super::reads::Reads`] as it hands them out: nothing here lists what a
//! page shows. This holds the neighbours' hashes: a link's is the hash of
//! the very inputs it is made from ([`super::links::LinkInputs`]), a
//! role's adds those of its holders.

use rayon::prelude::*;

use super::links::{link_inputs, person_hash};
use crate::hash::fingerprint;
use crate::resolve::Site;

/// Per-page and site-wide input hashes.
pub(crate) struct InputHashes {
    /// What a link to each page shows.
    pub link: Vec<u64>,
    /// What a role link to each page shows: its link and its holders.
    pub role: Vec<u64>,
    /// Everything the generated list pages (start, documents, reviews,
    /// roles, …) depend on: all pages' list-visible fields, not bodies.
    /// A superset of what their contexts read: every page's role hash
    /// (link and holders), front matter and reverse references.
    pub lists: u64,
    /// The site's default review interval, which documents show when they
    /// set none.
    pub interval: u64,
    /// site.yaml's `feedback_email`, which governing documents show when
    /// none of their owners has an address.
    pub feedback: u64,
    /// What every output shares besides the site context.
    global: u64,
}

impl InputHashes {
    pub fn new(site: &Site) -> InputHashes {
        let pages = &site.pages;
        let link: Vec<u64> = pages
            .par_iter()
            .map(|p| fingerprint(link_inputs(p)))
            .collect();
        let role: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let holders: Vec<u64> = p
                    .rev
                    .holders
                    .iter()
                    .map(|&(l, e)| person_hash(site, &link, l, e))
                    .collect();
                fingerprint((link[i], holders))
            })
            .collect();
        let interval = fingerprint(format!("{:?}", site.config.review_interval));
        let feedback = fingerprint(&site.config.feedback_email);
        let global = fingerprint((
            &site.config.base_url,
            &site.config.title,
            site.today,
            interval,
        ));
        // List pages show list-visible front matter and counts, never bodies,
        // so a body-only edit leaves them alone.
        let summaries: Vec<u64> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                fingerprint((
                    role[i],
                    p.parsed.meta_fingerprint,
                    p.next_review,
                    &p.rev,
                    &p.laws,
                ))
            })
            .collect();
        InputHashes {
            lists: fingerprint((global, summaries)),
            link,
            role,
            interval,
            feedback,
            global,
        }
    }

    /// What page `i` is made of by itself: its parsed file (text, path,
    /// body), and the status and next review resolve gave it.
    pub fn own(&self, site: &Site, i: usize) -> u64 {
        let p = &site.pages[i];
        fingerprint((
            self.global,
            p.parsed.fingerprint,
            p.status,
            p.next_review,
            &*p.laws,
        ))
    }
}
