//! What a search build keeps for the next one, so an edit re-tokenizes
//! only the entries it touched.
//!
//! Each entry's work (its terms, numbered in a [`TermTable`], and its
//! `d/N.json` bytes with their hash) is kept under a hash of the entry's
//! inputs. An entry whose inputs hash the same reuses it; every other is
//! analysed again. The global steps (postings, shards, vocabulary, build
//! id) run every time, but from the kept numbers, without reading text,
//! and the postings step keeps what it can of the last build's blocks.

use std::sync::Arc;

use super::index::{Interned, Layout, Lists, TermTable};
use crate::hash::Map;

/// What one entry gives the index, independent of its position.
#[derive(Debug)]
pub(crate) struct EntryWork {
    /// Terms as numbers into the cache's [`TermTable`].
    pub terms: Interned,
    /// The bytes of the entry's `d/N.json` (empty when the build that made
    /// it handed its fragments over as it went: see [`Cache::streamed`]).
    pub fragment: Arc<[u8]>,
    /// [`super::file_hash`] of the fragment, for the build id (not kept,
    /// like the fragment, by a streaming build).
    pub fragment_hash: u64,
}

/// Search work kept between builds of one site, held by
/// [`crate::pipeline::OutputCache`]. A value like any other: a build borrows
/// it mutably and leaves it describing that build. Whatever it holds is
/// keyed by its inputs, so it stays valid if a later step of the render
/// fails.
#[derive(Default, Clone)]
pub struct Cache {
    /// Entry input hash → its work, for the entries of the last build.
    pub(crate) entries: Map<u64, Arc<EntryWork>>,
    /// Every form the kept entries use (and some they used to).
    pub(crate) terms: TermTable,
    /// Entry input hashes by entry id in the last build: what `lists`
    /// numbers entries by.
    pub(crate) seq: Vec<u64>,
    /// Postings of the last build by term; `None` before the first.
    pub(crate) lists: Option<Lists>,
    /// Keys and their forms in order; `None` when they must be made again.
    pub(crate) layout: Option<Layout>,
    /// The encoded blocks of the last build, in `layout` order (not kept
    /// by a streaming build).
    pub(crate) postings: Option<super::index::Postings>,
    /// `d/N.json` files of the last build by the hash of their fragments'
    /// hashes, so a group whose entries did not change is not joined again.
    pub(crate) groups: Map<u64, Arc<[u8]>>,
    /// Made by [`super::build_streaming`], which keeps no fragments: a
    /// build that must return them starts afresh.
    pub(crate) streamed: bool,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("search::Cache")
            .field("entries", &self.entries.len())
            .field("terms", &self.terms.len())
            .finish()
    }
}

impl Cache {
    /// Drops numbered forms no kept entry uses, once they are most of the
    /// table, renumbering the kept entries. `live` is how many forms the
    /// last build used.
    pub(crate) fn compact_if_sparse(&mut self, live: usize) {
        if self.terms.len() > 2 * live + 4096 {
            self.compact();
        }
    }

    /// Drops every numbered form no kept entry uses.
    fn compact(&mut self) {
        let mut used = vec![false; self.terms.len()];
        for w in self.entries.values() {
            for &(t, _) in &w.terms.terms {
                used[t as usize] = true;
            }
        }
        let (table, map) = self.terms.compact(|t| used[t as usize]);
        self.terms = table;
        if let Some(lists) = &mut self.lists {
            lists.renumber(&map, self.terms.len());
        }
        if let Some(layout) = &mut self.layout {
            layout.renumber(&map);
        }
        for w in self.entries.values_mut() {
            let terms = w
                .terms
                .terms
                .iter()
                .map(|&(t, tf)| (map[t as usize], tf))
                .collect();
            *w = Arc::new(EntryWork {
                terms: Interned {
                    terms,
                    lens: w.terms.lens,
                    lead: w.terms.lead.map(|t| map[t as usize]),
                },
                fragment: w.fragment.clone(),
                fragment_hash: w.fragment_hash,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Site;
    use crate::search::{build, build_cached, Files};

    fn demo() -> Site {
        let opts = crate::BuildOptions {
            today: crate::dates::parse_date("2026-11-22").ok(),
            ..crate::BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
        };
        (*crate::compile(&opts).expect("the demo site compiles").site).clone()
    }

    /// Page `i` with `more` added to its body, as a re-parse would give it.
    fn edit_body(site: &mut Site, i: usize, more: &str) {
        let mut parsed = (*site.pages[i].parsed).clone();
        let body = &parsed.body;
        let packed = body.packed_text.is_some() || body.packed_html.is_some();
        assert!(!packed, "a packed body would not show the edit, or break");
        parsed.body.text.push_str(more);
        parsed.fingerprint = parsed.fingerprint.wrapping_add(1);
        site.pages[i].parsed = Arc::new(parsed);
    }

    fn page(site: &Site, id: &str) -> usize {
        site.pages
            .iter()
            .position(|p| p.id().as_str() == id)
            .expect("page exists")
    }

    fn same(a: &Files, b: &Files) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 && x.1 == y.1)
    }

    #[test]
    fn unchanged_entries_are_not_analysed_again() {
        let site = demo();
        let mut cache = Cache::default();
        let (first, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, s.entries);
        let (second, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, 0);
        assert!(same(&first, &second));
    }

    #[test]
    fn an_edit_analyses_only_its_own_entries() {
        let mut site = demo();
        let mut cache = Cache::default();
        build_cached(&site, &mut cache);
        let sip = page(&site, "sip");
        edit_body(&mut site, sip, "\nEtt helt nytt ordvalsord.\n");
        let (files, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, 1);
        assert!(same(&files, &build(&site)));
        assert_eq!(cache.entries.len(), s.entries);
        // A contact list is its page and one entry per person.
        let list = page(&site, "elevhalsa");
        let persons = site.pages[list].parsed.meta.contacts.len();
        assert!(persons > 0);
        edit_body(&mut site, list, "\nMer.\n");
        let (files, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, 1 + persons);
        assert!(same(&files, &build(&site)));
    }

    /// Page `i` retitled, as a re-parse would give it.
    fn retitle(site: &mut Site, i: usize, title: &str) {
        let mut parsed = (*site.pages[i].parsed).clone();
        parsed.meta.title = title.into();
        parsed.fingerprint = parsed.fingerprint.wrapping_add(1);
        site.pages[i].parsed = Arc::new(parsed);
    }

    /// How many pages name page `i` among their facts.
    fn naming(site: &Site, i: usize) -> usize {
        let names = |p: &crate::resolve::Page| {
            crate::search::FACT_FIELDS
                .iter()
                .any(|&f| p.refs.of(f).any(|x| x == i))
        };
        site.pages.iter().filter(|p| names(p)).count()
    }

    #[test]
    fn a_role_title_reaches_the_persons_who_hold_it_and_the_documents_it_owns() {
        let mut site = demo();
        let mut cache = Cache::default();
        build_cached(&site, &mut cache);
        let role = page(&site, "kurator");
        let holders = site
            .pages
            .iter()
            .flat_map(|p| &p.parsed.meta.contacts)
            .filter(|c| c.role.id.as_str() == "kurator")
            .count();
        let documents = naming(&site, role);
        assert!(holders > 0 && documents > 0);
        retitle(&mut site, role, "Skolkurator");
        let (files, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, 1 + holders + documents);
        assert!(same(&files, &build(&site)));
    }

    #[test]
    fn a_forum_title_reaches_the_documents_it_follows_up() {
        let mut site = demo();
        let mut cache = Cache::default();
        build_cached(&site, &mut cache);
        let forum = page(&site, "bus-samverkan");
        let documents = naming(&site, forum);
        assert!(documents > 0);
        retitle(&mut site, forum, "BUS-nätverket");
        let (files, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, 1 + documents);
        assert!(same(&files, &build(&site)));
    }

    #[test]
    fn removed_pages_leave_the_cache_and_compaction_keeps_the_output() {
        let mut site = demo();
        let mut cache = Cache::default();
        build_cached(&site, &mut cache);
        let i = page(&site, "sip");
        for n in 0..3 {
            edit_body(&mut site, i, &format!("\nordnummer{n}\n"));
            build_cached(&site, &mut cache);
        }
        // Resolved again without it, so references and indexes agree.
        let parsed = (site.pages.iter())
            .filter(|p| p.id().as_str() != "sip")
            .map(|p| Arc::clone(&p.parsed))
            .collect();
        let opts = crate::resolve::ResolveOptions {
            today: site.today,
            include_drafts: site.include_drafts,
        };
        let (config, assets) = (site.config.clone(), site.assets.clone());
        site = crate::resolve::resolve(parsed, &|_| "", assets, config, opts).0;
        let (_, s) = build_cached(&site, &mut cache);
        assert_eq!(cache.entries.len(), s.entries);
        let before = cache.terms.len();
        cache.compact();
        assert!(cache.terms.len() < before, "stale forms are dropped");
        let (files, s) = build_cached(&site, &mut cache);
        assert_eq!(s.analysed, 0);
        assert!(same(&files, &build(&site)));
    }
}
