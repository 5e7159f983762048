//! `api/pages.json`: every published page with what a monitor watches
//! (status, next review, validity, last revision, owners and who holds
//! them), so an intranet team can follow the site from a script, like
//! GOV.UK tech-docs' `pages.json`. The fields are documented in README.md
//! ("pages.json") and stable: a change that breaks a reader raises
//! `version`. Pure function of the [`Site`].

use serde::Serialize;

use crate::render::url;
use crate::resolve::{RefField, Site};

/// The format of `api/pages.json`; raised only when a field changes
/// meaning or goes away (new fields may be added).
pub const PAGES_JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct PagesJson<'s> {
    version: u32,
    /// The day statuses are computed for.
    today: String,
    pages: Vec<PageEntry<'s>>,
}

#[derive(Serialize)]
struct PageEntry<'s> {
    id: &'s str,
    kind: &'static str,
    title: &'s str,
    url: String,
    status: &'static str,
    draft: bool,
    next_review: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    /// The later of `revised` and `reviewed`, else `decided`: the date the
    /// Atom feed dates a document by.
    revision_date: Option<String>,
    owners: Vec<Owner<'s>>,
}

#[derive(Serialize)]
struct Owner<'s> {
    id: &'s str,
    title: &'s str,
    /// Names of the people who hold the role, as the contact lists give them.
    holders: Vec<&'s str>,
}

/// The text of `api/pages.json`: every page of `site` sorted by id,
/// pretty-printed, ending in a newline.
pub fn pages_json(site: &Site) -> String {
    let mut pages: Vec<PageEntry> = site
        .pages
        .iter()
        .map(|p| {
            let m = &p.parsed.meta;
            let owners = p.refs.of(RefField::Owner).map(|o| {
                let role = &site.pages[o];
                let holders = role.rev.holders.iter();
                Owner {
                    id: role.id().as_str(),
                    title: role.title(),
                    holders: holders
                        .map(|&(list, entry)| {
                            site.pages[list].parsed.meta.contacts[entry].name.as_str()
                        })
                        .collect(),
                }
            });
            PageEntry {
                id: p.id().as_str(),
                kind: p.kind().key(),
                title: p.title(),
                url: url(site, p),
                status: p.status.key(),
                draft: m.draft,
                next_review: p.next_review.map(|d| d.to_string()),
                valid_from: m.valid_from.map(|d| d.date.to_string()),
                valid_until: m.valid_until.map(|d| d.date.to_string()),
                revision_date: m
                    .revised
                    .max(m.reviewed)
                    .or(m.decided)
                    .map(|d| d.to_string()),
                owners: owners.collect(),
            }
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(b.id));
    let doc = PagesJson {
        version: PAGES_JSON_VERSION,
        today: site.today.to_string(),
        pages,
    };
    // Plain strings, numbers and lists: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
