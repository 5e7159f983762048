//! The only way a page's context reaches other pages: an accessor that
//! hashes every neighbour it hands out. A page's fingerprint is that hash,
//! so whatever a context starts to show is hashed without anybody
//! remembering to.
//!
//! To decide whether a page must be rendered again, its context builder
//! runs once [`Reads::hashing`]: neighbours are then blank stand-ins, made
//! of nothing, and only their hashes are recorded. Only when the
//! fingerprint changed does it run again [`Reads::building`], with the
//! real neighbours; the two runs are the same code, so they read the same
//! neighbours (checked in debug builds, with every link the context holds
//! checked to be one it was handed).

use std::cell::Cell;

use jiff::civil::Date;

use super::context::{LinkCtx, PersonCtx, RoleLinkCtx, Shared, TagLinkCtx};
use super::links::Lookups;
use crate::dates::Interval;
use crate::resolve::Page;

/// What kind of piece a read handed out: a link and a role link to the
/// same page hash differently.
#[derive(Clone, Copy)]
enum Read {
    Link,
    RoleLink,
    Holders,
    Person,
    Interval,
    Feedback,
    Law,
    Review,
    Tag,
}

/// The reads of one page's context, recorded as they are made.
pub(crate) struct Reads<'r, 'a> {
    lookups: &'r Lookups<'a>,
    page: usize,
    building: bool,
    /// The reads so far, folded one by one: a page reads a handful to a
    /// few hundred neighbours, and one XXH3 of 8 bytes each is cheaper
    /// than gathering them.
    hash: Cell<u64>,
    /// Pages whose links were handed out, to check the built context holds
    /// no other (debug builds only).
    #[cfg(debug_assertions)]
    handed: std::cell::RefCell<Vec<usize>>,
}

impl<'r, 'a> Reads<'r, 'a> {
    /// Reads for page `page` that hand out blank stand-ins: for the hash.
    pub fn hashing(lookups: &'r Lookups<'a>, page: usize) -> Self {
        Self::new(lookups, page, false)
    }

    /// Reads for page `page` that hand out the real pieces.
    pub fn building(lookups: &'r Lookups<'a>, page: usize) -> Self {
        Self::new(lookups, page, true)
    }

    fn new(lookups: &'r Lookups<'a>, page: usize, building: bool) -> Self {
        Reads {
            lookups,
            page,
            building,
            hash: Cell::new(0),
            #[cfg(debug_assertions)]
            handed: Default::default(),
        }
    }

    fn record(&self, read: Read, hash: u64) {
        let seed = self.hash.get() ^ read as u64;
        let folded = xxhash_rust::xxh3::xxh3_64_with_seed(&hash.to_le_bytes(), seed);
        self.hash.set(folded);
    }

    #[cfg(debug_assertions)]
    fn handed(&self, i: usize) {
        if self.building {
            self.handed.borrow_mut().push(i);
        }
    }

    #[cfg(not(debug_assertions))]
    fn handed(&self, _: usize) {}

    /// The page whose context this is. Its own fields are its own inputs
    /// ([`super::inputs::InputHashes::own`]); the indices in its `refs`
    /// and `rev` lead anywhere only through the methods below.
    pub fn page(&self) -> &'a Page {
        &self.lookups.site.pages[self.page]
    }

    /// The page's index.
    pub fn index(&self) -> usize {
        self.page
    }

    /// `make()` when building; nothing when hashing. For the page's own
    /// fields, which its own inputs hash already: making them (cloning
    /// text, formatting dates) is most of the cost of a context that is
    /// only hashed. A neighbour read inside `make` would go unrecorded
    /// when hashing; the check of debug builds finds it.
    pub fn own<T: Default>(&self, make: impl FnOnce() -> T) -> T {
        match self.building {
            true => make(),
            false => T::default(),
        }
    }

    /// The build's day (part of the site context every fingerprint holds).
    pub fn today(&self) -> Date {
        self.lookups.site.today
    }

    /// The page's own URL (made with `base_url`, part of the site
    /// context too).
    pub fn own_url(&self) -> String {
        super::links::url(self.lookups.site, self.page())
    }

    /// The site's `base_url` (part of the site context too).
    pub fn site_base_url(&self) -> &'a str {
        &self.lookups.site.config.base_url
    }

    /// The review interval of documents that set none.
    pub fn default_review_interval(&self) -> Interval {
        self.record(Read::Interval, self.lookups.inputs.interval);
        self.lookups.site.config.review_interval
    }

    /// site.yaml's `feedback_email`, where a report goes when no owner
    /// can be written to.
    pub fn feedback_email(&self) -> Option<&'a str> {
        self.record(Read::Feedback, self.lookups.inputs.feedback);
        self.lookups.site.config.feedback_email.as_deref()
    }

    /// The link to page `i`.
    pub fn link(&self, i: usize) -> Shared<LinkCtx> {
        self.record(Read::Link, self.lookups.inputs.link[i]);
        self.handed(i);
        match self.building {
            true => self.lookups.link(i).clone(),
            false => self.lookups.blank.link.clone(),
        }
    }

    /// Links to the pages `ix`, by title. Empty when hashing: a list
    /// holds a neighbour or hundreds, and stand-ins would only be dropped
    /// (each clone of one shared stand-in is a write both cores contend
    /// for).
    pub fn link_list(&self, ix: impl IntoIterator<Item = usize>) -> Vec<Shared<LinkCtx>> {
        if !self.building {
            ix.into_iter()
                .for_each(|i| self.record(Read::Link, self.lookups.inputs.link[i]));
            return Vec::new();
        }
        let mut v: Vec<Shared<LinkCtx>> = ix.into_iter().map(|i| self.link(i)).collect();
        v.sort_by(|a, b| a.title.cmp(&b.title));
        v
    }

    /// Role links to the pages `ix`, in that order; empty when hashing,
    /// like [`Reads::link_list`].
    pub fn role_links(&self, ix: impl IntoIterator<Item = usize>) -> Vec<Shared<RoleLinkCtx>> {
        if !self.building {
            ix.into_iter()
                .for_each(|i| self.record(Read::RoleLink, self.lookups.inputs.role[i]));
            return Vec::new();
        }
        ix.into_iter().map(|i| self.role_link(i)).collect()
    }

    /// The link to role `i` with its holders.
    pub fn role_link(&self, i: usize) -> Shared<RoleLinkCtx> {
        self.record(Read::RoleLink, self.lookups.inputs.role[i]);
        self.handed_holders(i);
        match self.building {
            true => self.lookups.role_link(i).clone(),
            false => self.lookups.blank.role_link.clone(),
        }
    }

    /// Who holds role `i` today.
    pub fn holders(&self, i: usize) -> Shared<Vec<PersonCtx>> {
        self.record(Read::Holders, self.lookups.inputs.role[i]);
        self.handed_holders(i);
        match self.building {
            true => self.lookups.holders(i).clone(),
            false => self.lookups.blank.people.clone(),
        }
    }

    /// Entry `entry` of contact list `list`.
    pub fn person(&self, list: usize, entry: usize) -> PersonCtx {
        self.record(Read::Person, self.lookups.person_hash(list, entry));
        self.handed_person(list, entry);
        match self.building {
            true => self.lookups.person(list, entry),
            false => self.lookups.blank.person.clone(),
        }
    }

    /// A role link and its holders show the role and, for each holder,
    /// the links of a person.
    #[cfg(debug_assertions)]
    fn handed_holders(&self, i: usize) {
        self.handed(i);
        for &(list, entry) in &self.lookups.site.pages[i].rev.holders {
            self.handed_person(list, entry);
        }
    }

    #[cfg(debug_assertions)]
    fn handed_person(&self, list: usize, entry: usize) {
        let (_, role, list) = super::links::person_inputs(self.lookups.site, list, entry);
        self.handed(role);
        self.handed(list);
    }

    #[cfg(not(debug_assertions))]
    fn handed_holders(&self, _: usize) {}

    #[cfg(not(debug_assertions))]
    fn handed_person(&self, _: usize, _: usize) {}

    /// Law `i`'s page, for its facts (SFS number, dates, names): recorded
    /// as its link and front matter. Its links to other pages go through
    /// the methods above.
    pub fn law(&self, i: usize) -> &'a Page {
        let page = &self.lookups.site.pages[i];
        let hash =
            crate::hash::fingerprint((self.lookups.inputs.link[i], page.parsed.meta_fingerprint));
        self.record(Read::Law, hash);
        page
    }

    /// The id of law `i`, to match a citation to the law read for it
    /// (the id is part of the link [`Reads::law`] recorded).
    pub fn law_id(&self, i: usize) -> &'a str {
        self.lookups.site.pages[i].id().as_str()
    }

    /// Page `i`'s status (which its link shows too).
    pub fn status(&self, i: usize) -> crate::model::ReviewStatus {
        self.record(Read::Link, self.lookups.inputs.link[i]);
        self.lookups.site.pages[i].status
    }

    /// Page `i`'s next review and whether it cites repealed law.
    pub fn review(&self, i: usize) -> (Option<Date>, bool) {
        let page = &self.lookups.site.pages[i];
        let hash = crate::hash::fingerprint((page.next_review, &page.laws.repealed));
        self.record(Read::Review, hash);
        (page.next_review, page.needs_review())
    }

    /// Links to the tag pages of `tags`, in the page's own spelling. A
    /// tag's address depends on every page's tags (slugs that meet are
    /// numbered), so each is a read.
    pub fn tag_links(&self, tags: &[String]) -> Vec<TagLinkCtx> {
        let index = &self.lookups.tags;
        tags.iter()
            .filter_map(|t| index.get(t).map(|tag| (t, tag)))
            .map(|(written, tag)| {
                self.record(Read::Tag, tag.hash);
                TagLinkCtx {
                    name: self.own(|| written.trim().to_string()),
                    url: self.own(|| tag.url.clone()),
                }
            })
            .collect()
    }

    /// The hash of every read so far.
    pub fn finish(&self) -> u64 {
        self.hash.get()
    }

    /// Debug builds: panics unless this (building) run read what the
    /// hashing run did, and `ctx`, the context built, holds no link but to
    /// the page itself and pages it was handed.
    #[cfg(debug_assertions)]
    pub fn check(&self, hashed: u64, ctx: &impl serde::Serialize) {
        assert_eq!(
            self.finish(),
            hashed,
            "the context of {} read other neighbours when built than when hashed",
            self.page().id()
        );
        let site = self.lookups.site;
        let mut allowed: crate::hash::Set<&str> = self
            .handed
            .borrow()
            .iter()
            .map(|&i| site.pages[i].id().as_str())
            .collect();
        allowed.insert(self.page().id().as_str());
        let value = tera::Value::from_serializable(ctx);
        let mut stray = Vec::new();
        stray_links(&value, &allowed, &mut stray);
        assert!(
            stray.is_empty(),
            "the context of {} shows links to {stray:?}, which it did not read through Reads",
            self.page().id()
        );
    }

    #[cfg(not(debug_assertions))]
    pub fn check(&self, _: u64, _: &impl serde::Serialize) {}
}

/// Ids of every link-shaped map (`id`, `url` and `kind`) in `value` that
/// `allowed` does not hold.
#[cfg(debug_assertions)]
fn stray_links(value: &tera::Value, allowed: &crate::hash::Set<&str>, out: &mut Vec<String>) {
    let mut ids = Vec::new();
    link_ids(value, &mut ids);
    out.extend(ids.into_iter().filter(|id| !allowed.contains(id.as_str())));
}

/// The id of every link-shaped map (`id`, `url` and `kind`) in `value`:
/// every page a context shows.
#[cfg(any(test, debug_assertions))]
fn link_ids(value: &tera::Value, out: &mut Vec<String>) {
    if let Some(map) = value.as_map() {
        let get = |k: &str| map.iter().find(|(key, _)| key.as_str() == Some(k));
        if let (Some((_, id)), Some(_), Some(_)) = (get("id"), get("url"), get("kind")) {
            out.extend(id.as_str().map(str::to_string));
        }
        map.values().for_each(|v| link_ids(v, out));
    } else if let Some(items) = value.as_array() {
        items.iter().for_each(|v| link_ids(v, out));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::render::document::{doc_row, page_ctx};
    use crate::resolve::Site;

    fn demo() -> Site {
        let opts = crate::BuildOptions {
            today: crate::dates::parse_date("2026-11-22").ok(),
            ..crate::BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
        };
        (*crate::compile(&opts).expect("the demo site compiles").site).clone()
    }

    /// What page `i`'s context and list row read, as their fingerprints
    /// hash it.
    fn hashes(site: &Site) -> Vec<(u64, u64)> {
        let lookups = Lookups::new(site);
        let hash = |i, build: fn(&Reads)| {
            let reads = Reads::hashing(&lookups, i);
            build(&reads);
            reads.finish()
        };
        (0..site.pages.len())
            .map(|i| {
                (
                    hash(i, |r| drop(page_ctx(r))),
                    hash(i, |r| drop(doc_row(r))),
                )
            })
            .collect()
    }

    /// The pages page `i`'s context and list row show.
    fn shown(site: &Site, i: usize) -> (Vec<String>, Vec<String>) {
        let lookups = Lookups::new(site);
        let ids = |value: tera::Value| {
            let mut ids = Vec::new();
            link_ids(&value, &mut ids);
            ids
        };
        let page = page_ctx(&Reads::building(&lookups, i));
        let row = doc_row(&Reads::building(&lookups, i));
        (
            ids(tera::Value::from_serializable(&page)),
            ids(tera::Value::from_serializable(&row)),
        )
    }

    /// Not a mirror of the code but an experiment: retitle each page in
    /// turn, as an editor would, and every other page whose context or
    /// row shows it (directly, as a role's holder or a holder's list) must
    /// hash differently. A context that showed a neighbour without asking
    /// `Reads` for it fails here.
    #[test]
    fn every_neighbour_a_context_shows_changes_its_fingerprint() {
        let mut site = demo();
        let before = hashes(&site);
        let shows: Vec<_> = (0..site.pages.len()).map(|i| shown(&site, i)).collect();
        let mut checked = 0;
        for j in 0..site.pages.len() {
            let original = Arc::clone(&site.pages[j].parsed);
            let mut edited = (*original).clone();
            edited.meta.title.push_str(" (ny)");
            site.pages[j].parsed = Arc::new(edited);
            let after = hashes(&site);
            let id = site.pages[j].id().to_string();
            for (i, (page, row)) in shows.iter().enumerate().filter(|&(i, _)| i != j) {
                if page.contains(&id) {
                    assert_ne!(before[i].0, after[i].0, "{} shows {id}", site.pages[i].id());
                    checked += 1;
                }
                if row.contains(&id) {
                    assert_ne!(
                        before[i].1,
                        after[i].1,
                        "{}'s row shows {id}",
                        site.pages[i].id()
                    );
                }
            }
            site.pages[j].parsed = original;
        }
        assert!(
            checked > 100,
            "the demo site shows few neighbours: {checked}"
        );
    }

    /// The check of debug builds: a context holding a link it was not
    /// handed by `Reads` is refused.
    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "which it did not read through Reads")]
    fn a_link_not_read_through_reads_is_refused() {
        let site = demo();
        let lookups = Lookups::new(&site);
        let i = site.documents().next().expect("a document");
        let hashing = Reads::hashing(&lookups, i);
        page_ctx(&hashing);
        let reads = Reads::building(&lookups, i);
        let mut ctx = page_ctx(&reads);
        let other = (0..site.pages.len())
            .find(|&j| !reads.handed.borrow().contains(&j) && j != i)
            .expect("a page the document does not show");
        ctx.related.push(lookups.link(other).clone());
        reads.check(hashing.finish(), &ctx);
    }
}
