//! Search: a static index of every published page, built with the site and
//! searched in the browser by `themes/default/static/search.js`.
//!
//! Every page is an *entry* (documents, roles, organisations, forums,
//! contact lists, other pages), and so is every person on a contact list,
//! so a person is found by name, role and unit. An entry has six fields
//! (title, tags, summary, headings, body, and its facts: who decided it and
//! the titles of its owner, roles, forums and organisations, see
//! [`FACT_FIELDS`]) and facet values (kind, status, owner roles,
//! organisations).
//!
//! The output, all under `/search/`, is built so a query downloads only what
//! it needs:
//!
//! | file | what | fetched |
//! |---|---|---|
//! | `index.json` | build id, labels, owner and organisation tables, shard starts, the word rules ([`tokenize::rules`]) | always |
//! | `vocab.txt` | every key that starts with a letter (see [`index`]) | always |
//! | `vocab-num.txt` | keys that start with a digit | for queries with digits |
//! | `docs.bin` | facet values of every entry (kind, status, owners, organisations) | always |
//! | `p/N.bin` | postings of a range of keys | the shards of matched keys |
//! | `d/N.json` | a JSON array: title, URL, date, summary and text by heading of entries `4N` to `4N+3` | the groups of the entries shown |
//!
//! `docs.bin` is, per entry: one byte `kind << 3 | status` (status 0 for
//! none, else 1 + its place in `statuses`), one byte `owners << 4 |
//! organisations` (counts, at most 15 each), then that many numbers into
//! the `owners` and `organisations` tables of `index.json`, little-endian,
//! `owner_width` and `organisation_width` bytes each.
//!
//! Output is deterministic: entries in page order (content path), persons
//! after their contact list's pages, keys sorted, no hash-map order leaks.
//!
//! Rebuilds are incremental ([`build_cached`] with a [`Cache`] kept by the
//! render cache): an entry whose inputs hash the same as last time reuses
//! its terms and `d/N.json` bytes, posting lists are patched with the
//! entries that changed, and keys are regrouped only when a term appears or
//! disappears. Scores depend on the number of entries and the rounded
//! average field lengths; while those stay, blocks whose terms did not
//! change are kept, and changed ones keep the scores of unchanged entries.
//! The result is the same bytes as a build from scratch ([`build`]).

mod cache;
pub mod index;
pub mod tokenize;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::hash::Map;
use crate::markdown::TakenText;
use crate::model::{Kind, ReviewStatus};
use crate::resolve::{Page, Site};
use crate::urls::{encode_fragment, encode_path};
pub use cache::Cache;
use cache::EntryWork;
use index::{EntryTerms, FIELDS};

/// Format version of the files, in `index.json`. 3: `index.json` carries
/// the word rules (`words`), which the client needs. 4: entry gaps carry
/// the title's first word (see [`index`]), and scores weigh a sixth field,
/// the facts.
pub const FORMAT_VERSION: u32 = 4;
/// The references whose pages' titles are an entry's facts, with its
/// `decided_by`: a routine is found by the forum that follows it up.
pub const FACT_FIELDS: [crate::resolve::RefField; 4] = [
    crate::resolve::RefField::Owner,
    crate::resolve::RefField::Roles,
    crate::resolve::RefField::Forums,
    crate::resolve::RefField::AppliesTo,
];
/// Entries per `d/N.json` file. One file per entry made a third of a
/// site's files (and so of the time to write it); four to a file cut that
/// to a twelfth, while a page of ten results still fetches at most ten
/// files of about 30 KB.
pub const FRAGMENTS_PER_FILE: usize = 4;
/// At most this many bytes of body text go into an entry's `d/N.json` (for
/// snippets); text past it is searchable but gives no snippet.
pub const MAX_FRAGMENT_TEXT: usize = 12_000;
/// The kind key of a person on a contact list.
pub const PERSON_KIND: &str = "person";
/// Statuses hidden unless the reader asks for them ("Visa upphörda").
pub const HIDDEN_STATUSES: [ReviewStatus; 2] = [ReviewStatus::Expired, ReviewStatus::Superseded];

/// Sizes, for `--verbose` and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub entries: usize,
    /// Entries tokenized and serialised in this build; the others reused
    /// the cache's work.
    pub analysed: usize,
    pub keys: usize,
    pub shards: usize,
    /// Bytes of everything but the per-entry `d/` files.
    pub index_bytes: usize,
    /// Bytes of the per-entry `d/` files.
    pub fragment_bytes: usize,
    /// Time of each step.
    pub steps: Vec<(&'static str, std::time::Duration)>,
}

impl Stats {
    /// Time of all steps together.
    pub fn total(&self) -> std::time::Duration {
        self.steps.iter().map(|s| s.1).sum()
    }
}

/// Output files: `(path, bytes)`, every path under `search/`.
pub type Files = Vec<(String, Arc<[u8]>)>;

/// Builds the search index of `site` from scratch. Never touches the file
/// system.
pub fn build(site: &Site) -> Files {
    build_with_stats(site).0
}

/// [`build`], with sizes.
pub fn build_with_stats(site: &Site) -> (Files, Stats) {
    build_cached(site, &mut Cache::default())
}

/// Builds the search index of `site`, reusing the work `cache` kept for
/// entries whose inputs are unchanged, and leaves in `cache` the work of
/// this build. Gives the same bytes as [`build`].
pub fn build_cached(site: &Site, cache: &mut Cache) -> (Files, Stats) {
    if cache.streamed {
        *cache = Cache::default();
    }
    build_with(site, cache)
}

/// Receives `d/N.json` files in batches, for [`build_streaming`].
pub type Emit<'a> = &'a mut dyn FnMut(Files) -> crate::error::Result<()>;

/// [`build_cached`] for a one-shot build: the `d/N.json` files (most of
/// the index's bytes) go to `emit` in batches as they are made, so they are
/// never all held at once, and `cache` keeps none it makes (a later
/// [`build_cached`] starts afresh). The files returned and emitted are
/// those [`build`] gives.
///
/// Each page's plain text is taken out of `site` (where nothing else holds
/// its parse) and let go of once its batch is indexed, so the posting
/// lists and their encoding (the index's largest step in memory) are made
/// without every text beside them: `site` has no plain text afterwards.
pub fn build_streaming(
    site: &mut Site,
    cache: &mut Cache,
    emit: Emit<'_>,
) -> crate::error::Result<(Files, Stats)> {
    *cache = Cache {
        streamed: true,
        ..Cache::default()
    };
    let texts = site
        .pages
        .iter_mut()
        .map(|p| Arc::get_mut(&mut p.parsed).map(|parsed| parsed.body.take_plain_text()))
        .collect();
    build_once(site, texts, &mut cache.terms, emit)
}

/// [`build_streaming`] for a build that holds every page's text until it
/// ends: the texts are read from `site`, which stays as it is, so the
/// index can be made while the pages render from the same site. Emits and
/// returns the files [`build_streaming`] gives.
pub fn build_beside(
    site: &Site,
    cache: &mut Cache,
    emit: Emit<'_>,
) -> crate::error::Result<(Files, Stats)> {
    *cache = Cache {
        streamed: true,
        ..Cache::default()
    };
    build_once(site, Vec::new(), &mut cache.terms, emit)
}

/// The index from scratch, for a build that keeps nothing: a batch of
/// entries at a time, their fragments are emitted and their terms go
/// straight into the posting lists, so the terms are never all held
/// beside the lists (at 100 000 pages that was a gigabyte). Gives the
/// bytes [`build_with`] gives: term numbers are internal.
///
/// `texts` are the pages' plain texts taken out of them, by page (which is
/// entry) number; a page without one is read from the site.
fn build_once(
    site: &Site,
    mut texts: Vec<Option<TakenText>>,
    terms: &mut index::TermTable,
    emit: Emit<'_>,
) -> crate::error::Result<(Files, Stats)> {
    let mut steps = Vec::new();
    let mut t = std::time::Instant::now();
    let mut step = |name: &'static str| {
        steps.push((name, t.elapsed()));
        t = std::time::Instant::now();
    };
    let entries = entries(site);
    let tables = Tables::new(site, &entries);
    step("entries");
    let mut lists = index::Lists::default();
    let mut lens: Vec<[u32; FIELDS]> = Vec::with_capacity(entries.len());
    let mut fragment_hashes = Vec::with_capacity(entries.len());
    let mut fragment_bytes = 0;
    // Each entry's text is unpacked once, for its fragment and its terms.
    for (b, batch) in entries.chunks(FRAGMENT_BATCH).enumerate() {
        // The batch's texts are dropped with it.
        let start = b * FRAGMENT_BATCH;
        let taken: Vec<Option<TakenText>> = (start..start + batch.len())
            .map(|k| texts.get_mut(k).and_then(Option::take))
            .collect();
        let done: Vec<(Vec<u8>, EntryTerms)> = batch
            .par_iter()
            .zip(&taken)
            .map_init(Map::default, |seen, (e, taken)| {
                let text = match taken {
                    Some(t) => t.get(),
                    None => e.body_text(),
                };
                (fragment(site, e, &text), analyse(e, &text, seen))
            })
            .collect();
        drop(taken);
        let mut fragments = Vec::with_capacity(done.len());
        for (i, (fragment, analysed)) in done.into_iter().enumerate() {
            fragment_hashes.push(file_hash(b"", &fragment));
            fragment_bytes += fragment.len();
            fragments.push(fragment);
            let interned = terms.intern(&analysed);
            lens.push(interned.lens);
            lists.push_entry((b * FRAGMENT_BATCH + i) as u32, &interned, terms.len());
        }
        emit(group_files(b, &fragments))?;
    }
    terms.stem_new();
    lists.push_entry(0, &index::Interned::default(), terms.len());
    lists.shrink_to_fit();
    step("tokenize");
    let layout = index::Layout::new(&lists, terms);
    step("layout");
    let mut postings = index::encode(&lists, &lens, terms, &layout, None);
    postings.forget_scores();
    drop((lists, layout));
    step("postings");
    let (mut files, shard_starts, index_bytes) = index_files(&postings, &entries, &tables);
    step("shards");
    let build_id = build_id(&files, &fragment_hashes);
    step("buildid");
    let json = index_json(
        site,
        &tables,
        &postings,
        &shard_starts,
        build_id,
        entries.len(),
    );
    step("files");
    let stats = Stats {
        entries: entries.len(),
        analysed: entries.len(),
        keys: postings.keys.len(),
        shards: shard_starts.len(),
        index_bytes: index_bytes + json.len(),
        fragment_bytes,
        steps,
    };
    files.push(("search/index.json".into(), json.into()));
    Ok((files, stats))
}

/// The vocabularies, `docs.bin` and the posting shards; with the shards'
/// first keys and the files' size.
fn index_files(
    postings: &index::Postings,
    entries: &[Entry],
    tables: &Tables,
) -> (Files, Vec<usize>, usize) {
    let shards = index::shards(postings);
    let mut files: Files = Vec::with_capacity(shards.len() + 4);
    let split = postings.first_letter_key;
    let mut add = |path: &str, bytes: Vec<u8>| files.push((path.to_string(), bytes.into()));
    for (path, keys) in [
        ("search/vocab-num.txt", 0..split),
        ("search/vocab.txt", split..postings.keys.len()),
    ] {
        add(path, index::vocab(postings, keys).into_bytes());
    }
    add("search/docs.bin", docs_bin(entries, tables));
    let shard_starts: Vec<usize> = shards.iter().map(|s| s.0).collect();
    for (n, (_, bytes)) in shards.into_iter().enumerate() {
        add(&format!("search/p/{n}.bin"), bytes);
    }
    let index_bytes: usize = files.iter().map(|f| f.1.len()).sum();
    (files, shard_starts, index_bytes)
}

/// Entries analysed together before their terms are numbered.
const ANALYSE_BATCH: usize = 1024;

/// Entries whose `d/N.json` files are made and emitted together (a
/// multiple of [`FRAGMENTS_PER_FILE`]).
const FRAGMENT_BATCH: usize = 512;

fn build_with(site: &Site, cache: &mut Cache) -> (Files, Stats) {
    let mut steps = Vec::new();
    let mut t = std::time::Instant::now();
    let mut step = |name: &'static str| {
        steps.push((name, t.elapsed()));
        t = std::time::Instant::now();
    };
    let entries = entries(site);
    let tables = Tables::new(site, &entries);
    step("entries");
    let (analysed, dropped) = update_cache(site, &entries, cache);
    let seq: Vec<u64> = entries.iter().map(|e| e.input_hash).collect();
    let work: Vec<&EntryWork> = seq.iter().map(|h| &*cache.entries[h]).collect();
    step("tokenize");
    let delta = entries_delta(cache, &seq, &work, &dropped);
    let changed = changed_sets(&delta);
    let terms = cache.terms.len();
    apply_delta(delta, &mut cache.lists, &mut cache.layout, terms, &work);
    let lists = cache.lists.get_or_insert_with(Default::default);
    step("lists");
    let last = cache.postings.take().filter(|_| cache.layout.is_some());
    let layout = cache
        .layout
        .get_or_insert_with(|| index::Layout::new(lists, &cache.terms));
    step("layout");
    let lens: Vec<[u32; FIELDS]> = work.iter().map(|w| w.terms.lens).collect();
    let reuse = last
        .zip(changed.as_ref())
        .map(|(last, (terms, docs))| index::Reuse {
            last,
            changed_terms: terms,
            changed_docs: docs,
        });
    let postings = index::encode(lists, &lens, &cache.terms, layout, reuse);
    step("postings");
    let (mut files, shard_starts, index_bytes) = index_files(&postings, &entries, &tables);
    step("shards");
    let fragment_hashes: Vec<u64> = work.iter().map(|w| w.fragment_hash).collect();
    let fragment_bytes = work.iter().map(|w| w.fragment.len()).sum();
    let build_id = build_id(&files, &fragment_hashes);
    step("buildid");
    fragment_groups(&work, &mut cache.groups, &mut files);
    let json = index_json(
        site,
        &tables,
        &postings,
        &shard_starts,
        build_id,
        work.len(),
    );
    step("files");
    let stats = Stats {
        entries: entries.len(),
        analysed,
        keys: postings.keys.len(),
        shards: shard_starts.len(),
        index_bytes: index_bytes + json.len(),
        fragment_bytes,
        steps,
    };
    files.push(("search/index.json".into(), json.into()));
    cache.seq = seq;
    cache.compact_if_sparse(postings.live_terms);
    cache.postings = Some(postings);
    (files, stats)
}

/// How this build's entries differ from the cached build's.
enum Delta<'a> {
    /// The same entries in the same order: the lists stand as they are.
    Same,
    /// Some entries added or removed: the lists are patched.
    Patch(index::Changes<'a>),
    /// No cached lists, or a change the patch cannot follow: built anew.
    Rebuild,
}

fn entries_delta<'a>(
    cache: &Cache,
    seq: &[u64],
    work: &[&'a EntryWork],
    dropped: &'a Map<u64, Arc<EntryWork>>,
) -> Delta<'a> {
    match &cache.lists {
        Some(_) if cache.seq == seq => Delta::Same,
        Some(_) => changes(&cache.seq, seq, work, dropped).map_or(Delta::Rebuild, Delta::Patch),
        None => Delta::Rebuild,
    }
}

/// Terms whose postings change and the entries that changed, for keeping
/// the rest of the blocks; `None` when entries were renumbered (every
/// posting may point elsewhere) or the lists are built anew.
fn changed_sets(delta: &Delta<'_>) -> Option<(Vec<u32>, Vec<u32>)> {
    match delta {
        Delta::Same => Some((Vec::new(), Vec::new())),
        Delta::Patch(c) if c.remap.is_none() => {
            let both = || c.removed.iter().chain(&c.added);
            let mut terms: Vec<u32> = both()
                .flat_map(|(_, e)| e.terms.iter().map(|&(t, _)| t))
                .collect();
            terms.sort_unstable();
            terms.dedup();
            let mut docs: Vec<u32> = both().map(|&(d, _)| d).collect();
            docs.sort_unstable();
            docs.dedup();
            Some((terms, docs))
        }
        _ => None,
    }
}

/// Brings the cached posting lists up to this build's entries.
fn apply_delta(
    delta: Delta<'_>,
    lists: &mut Option<index::Lists>,
    layout: &mut Option<index::Layout>,
    terms: usize,
    work: &[&EntryWork],
) {
    match (delta, lists.as_mut()) {
        (Delta::Same, _) => {}
        (Delta::Patch(c), Some(l)) => {
            if l.patch(&c, terms) {
                *layout = None;
            }
        }
        _ => {
            let interned: Vec<&index::Interned> = work.iter().map(|w| &w.terms).collect();
            *lists = Some(index::Lists::new(&interned, terms));
            *layout = None;
        }
    }
}

/// The build id: it covers every file, so a changed index never meets
/// cached parts of the old one.
fn build_id(files: &Files, fragment_hashes: &[u64]) -> String {
    use std::hash::Hasher;
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|f| file_hash(f.0.as_bytes(), &f.1))
        .collect();
    let mut h = crate::hash::fingerprinter();
    hashes.iter().for_each(|x| h.write_u64(*x));
    fragment_hashes.iter().for_each(|x| h.write_u64(*x));
    format!("{:016x}", h.finish())
}

/// Adds the `d/N.json` files, reusing the cached bytes of every group
/// whose fragments are unchanged, and keeps this build's groups.
fn fragment_groups(work: &[&EntryWork], cached: &mut Map<u64, Arc<[u8]>>, files: &mut Files) {
    let mut groups = Map::default();
    for (g, chunk) in work.chunks(FRAGMENTS_PER_FILE).enumerate() {
        let key = group_key(chunk.iter().map(|w| w.fragment_hash));
        let bytes = cached
            .get(&key)
            .cloned()
            .unwrap_or_else(|| group_file(chunk.iter().map(|w| &*w.fragment)).into());
        files.push((format!("search/d/{g}.json"), Arc::clone(&bytes)));
        groups.insert(key, bytes);
    }
    *cached = groups;
}

/// The cache key of a `d/N.json` file: the hashes of its fragments.
fn group_key(hashes: impl Iterator<Item = u64>) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::fingerprinter();
    hashes.for_each(|x| h.write_u64(x));
    h.finish()
}

/// A `d/N.json` file: the fragments (each a JSON object) as a JSON array.
fn group_file<'a>(fragments: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (i, f) in fragments.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(f);
    }
    out.push(b']');
    out
}

/// The `d/N.json` files of batch `b` (of [`FRAGMENT_BATCH`] entries),
/// whose fragments are `fragments`.
fn group_files(b: usize, fragments: &[Vec<u8>]) -> Files {
    let first = b * FRAGMENT_BATCH / FRAGMENTS_PER_FILE;
    fragments
        .chunks(FRAGMENTS_PER_FILE)
        .enumerate()
        .map(|(g, chunk)| {
            let path = format!("search/d/{}.json", first + g);
            (path, group_file(chunk.iter().map(Vec::as_slice)).into())
        })
        .collect()
}

/// Makes sure `cache` holds the work of every entry and nothing else;
/// returns how many entries had to be analysed, and the work of the
/// entries that are gone.
fn update_cache(
    site: &Site,
    entries: &[Entry],
    cache: &mut Cache,
) -> (usize, Map<u64, Arc<EntryWork>>) {
    let mut missing: Vec<&Entry> = entries
        .iter()
        .filter(|e| !cache.entries.contains_key(&e.input_hash))
        .collect();
    missing.sort_unstable_by_key(|e| e.input_hash);
    missing.dedup_by_key(|e| e.input_hash);
    let mut dropped = std::mem::take(&mut cache.entries);
    let mut kept: Map<u64, Arc<EntryWork>> = entries
        .iter()
        .filter_map(|e| Some((e.input_hash, dropped.remove(&e.input_hash)?)))
        .collect();
    // A batch at a time: an entry's terms as strings take ten times the
    // room of their numbers, and all of them at once were a fifth of a
    // build's peak memory.
    for batch in missing.chunks(ANALYSE_BATCH) {
        let fresh: Vec<(EntryTerms, Arc<[u8]>)> = batch
            .par_iter()
            .map_init(Map::default, |seen, e| {
                let text = e.body_text();
                (analyse(e, &text, seen), fragment(site, e, &text).into())
            })
            .collect();
        for (e, (terms, fragment)) in batch.iter().zip(fresh) {
            let work = EntryWork {
                terms: cache.terms.intern(&terms),
                fragment_hash: file_hash(b"", &fragment),
                fragment,
            };
            kept.insert(e.input_hash, Arc::new(work));
        }
    }
    cache.terms.stem_new();
    cache.entries = kept;
    (missing.len(), dropped)
}

/// How the entries moved from `old` (input hashes by id, last build) to
/// `new`. `None` when it cannot tell (an input hash twice, or a gone
/// entry's work missing): the lists are then gathered again.
fn changes<'a>(
    old: &[u64],
    new: &[u64],
    work: &[&'a EntryWork],
    dropped: &'a Map<u64, Arc<EntryWork>>,
) -> Option<index::Changes<'a>> {
    let ids = |seq: &[u64]| -> Map<u64, u32> {
        seq.iter()
            .enumerate()
            .map(|(i, &h)| (h, i as u32))
            .collect()
    };
    let (old_ids, new_ids) = (ids(old), ids(new));
    if old_ids.len() != old.len() || new_ids.len() != new.len() {
        return None;
    }
    let remap: Vec<u32> = old
        .iter()
        .map(|h| new_ids.get(h).copied().unwrap_or(u32::MAX))
        .collect();
    let removed = old
        .iter()
        .enumerate()
        .filter(|(_, h)| !new_ids.contains_key(h))
        .map(|(i, h)| Some((i as u32, &dropped.get(h)?.terms)))
        .collect::<Option<Vec<_>>>()?;
    let added = new
        .iter()
        .enumerate()
        .filter(|(_, h)| !old_ids.contains_key(h))
        .map(|(i, _)| (i as u32, &work[i].terms))
        .collect();
    let same_ids = remap
        .iter()
        .enumerate()
        .all(|(i, &n)| n == u32::MAX || n == i as u32);
    Some(index::Changes {
        remap: (!same_ids).then_some(remap),
        removed,
        added,
    })
}

fn index_json(
    site: &Site,
    tables: &Tables,
    postings: &index::Postings,
    shard_starts: &[usize],
    build: String,
    entries: usize,
) -> Vec<u8> {
    let meta = IndexJson {
        version: FORMAT_VERSION,
        build,
        entries,
        group: FRAGMENTS_PER_FILE,
        scale: postings.scale,
        keys: postings.keys.len(),
        shards: delta(shard_starts),
        kinds: kinds(),
        statuses: ReviewStatus::ALL
            .iter()
            .map(|s| [s.key(), s.label()])
            .collect(),
        hidden: HIDDEN_STATUSES.iter().map(|s| s.key()).collect(),
        owner_width: tables.owner_width,
        organisation_width: tables.organisation_width,
        owners: tables
            .owners
            .iter()
            .map(|&i| [site.pages[i].id().as_str(), site.pages[i].title()])
            .collect(),
        organisations: tables
            .organisations
            .iter()
            .map(|&i| [site.pages[i].id().as_str(), site.pages[i].title()])
            .collect(),
        words: tokenize::rules(),
    };
    serde_json::to_vec(&meta).unwrap_or_default()
}

#[derive(Serialize)]
struct IndexJson<'a> {
    version: u32,
    build: String,
    entries: usize,
    /// Entries per `d/N.json` file.
    group: usize,
    scale: f32,
    keys: usize,
    /// First key index of each shard, as gaps.
    shards: Vec<usize>,
    /// `[key, label, plural label]` by kind number.
    kinds: Vec<[&'static str; 3]>,
    /// `[key, label]`; a status number is 1 + the place here.
    statuses: Vec<[&'static str; 2]>,
    hidden: Vec<&'static str>,
    /// `[id, title]` by owner number.
    owners: Vec<[&'a str; 2]>,
    /// Bytes per owner and organisation number in `docs.bin`.
    owner_width: usize,
    organisation_width: usize,
    organisations: Vec<[&'a str; 2]>,
    /// How the client cuts, folds and stems words: the indexer's own rules.
    words: &'static tokenize::Rules,
}

fn delta(v: &[usize]) -> Vec<usize> {
    let mut prev = 0;
    v.iter()
        .map(|&x| {
            let d = x - prev;
            prev = x;
            d
        })
        .collect()
}

/// Kinds in `docs.bin` numbering: every page kind, then persons.
fn kinds() -> Vec<[&'static str; 3]> {
    let mut v: Vec<[&'static str; 3]> = Kind::ALL
        .iter()
        .map(|k| [k.key(), k.label(), k.plural_label()])
        .collect();
    v.push([PERSON_KIND, "Kontaktperson", "Kontaktpersoner"]);
    v
}

fn kind_number(kind: Option<Kind>) -> u8 {
    match kind {
        Some(k) => Kind::ALL.iter().position(|x| *x == k).unwrap_or(0) as u8,
        None => Kind::ALL.len() as u8,
    }
}

/// What an entry is: a page, or person `entry` of the contact list page.
#[derive(Debug, Clone, Copy)]
enum Source {
    Page,
    Person { entry: usize },
}

/// One searchable thing.
struct Entry<'a> {
    source: Source,
    page: &'a Page,
    /// A person's role title (its id when the role is unknown); "" for a page.
    role_title: &'a str,
    /// A page's facts: `decided_by` and the titles of the pages
    /// [`FACT_FIELDS`] name; none for a person.
    facts: Vec<&'a str>,
    owners: Vec<usize>,
    organisations: Vec<usize>,
    /// Hash of everything the entry's terms and fragment are made of.
    input_hash: u64,
}

impl<'a> Entry<'a> {
    /// The page's plain text (none for a person).
    fn body_text(&self) -> Cow<'a, str> {
        match self.source {
            Source::Page => self.page.parsed.body.plain_text(),
            Source::Person { .. } => Cow::Borrowed(""),
        }
    }

    /// Title, tags, summary, headings, body (`text`, its
    /// [`Entry::body_text`]), facts.
    fn fields<'b>(&self, text: &'b str) -> [Cow<'b, str>; FIELDS]
    where
        'a: 'b,
    {
        let m = &self.page.parsed.meta;
        match self.source {
            Source::Page => {
                let body = &self.page.parsed.body;
                let mut tags: Vec<&str> = m.tags.iter().map(String::as_str).collect();
                tags.extend(m.diary_number.as_deref());
                tags.extend(m.short.as_deref());
                let headings: Vec<&str> = body.headings.iter().map(|h| h.title.as_str()).collect();
                [
                    Cow::Borrowed(m.title.as_str()),
                    Cow::Owned(tags.join("\n")),
                    Cow::Borrowed(m.summary.as_deref().unwrap_or("")),
                    Cow::Owned(headings.join("\n")),
                    Cow::Borrowed(text),
                    Cow::Owned(self.facts.join("\n")),
                ]
            }
            Source::Person { entry } => {
                let c = &m.contacts[entry];
                [
                    Cow::Borrowed(c.name.as_str()),
                    Cow::Borrowed(self.role_title),
                    Cow::Borrowed(c.unit.as_deref().unwrap_or("")),
                    Cow::Borrowed(""),
                    Cow::Owned(
                        [c.note.as_deref(), c.phone.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    Cow::Borrowed(""),
                ]
            }
        }
    }
}

/// The cache key of an entry. Its terms and fragment come from its page's
/// parsed file (plus, for a page, its facts, whose titles are other pages';
/// for a person, the role title and the contact's place in the list), and
/// the parse fingerprint already hashes that file with its path and
/// `base_url`; hashing it again here would read every body on every build.
fn input_hash(page: &Page, source: Source, other: &[&str], base_url: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::fingerprinter();
    page.parsed.fingerprint.hash(&mut h);
    base_url.hash(&mut h);
    match source {
        Source::Page => 0u8.hash(&mut h),
        Source::Person { entry } => (1u8, entry).hash(&mut h),
    }
    other.hash(&mut h);
    h.finish()
}

/// A page's facts: who decided it, then the titles of the pages it names in
/// [`FACT_FIELDS`], in that order.
fn facts<'a>(site: &'a Site, page: &'a Page) -> Vec<&'a str> {
    let decided = page.parsed.meta.decided_by.as_deref().into_iter();
    let named = FACT_FIELDS
        .iter()
        .flat_map(|&f| page.refs.of(f))
        .map(|i| site.pages[i].title());
    decided.chain(named).collect()
}

fn entries(site: &Site) -> Vec<Entry<'_>> {
    use crate::resolve::RefField as F;
    let base = site.config.base_url.as_str();
    let mut out = Vec::with_capacity(site.pages.len());
    for page in &site.pages {
        let r = &page.refs;
        let (owners, organisations): (Vec<usize>, Vec<usize>) = match page.kind() {
            Kind::Role => (Vec::new(), r.of(F::Organisation).collect()),
            Kind::Organisation => (Vec::new(), r.of(F::Parent).collect()),
            _ => (r.of(F::Owner).collect(), r.of(F::AppliesTo).collect()),
        };
        let facts = facts(site, page);
        out.push(Entry {
            source: Source::Page,
            page,
            role_title: "",
            owners,
            organisations,
            input_hash: input_hash(page, Source::Page, &facts, base),
            facts,
        });
    }
    // Persons after the pages, in list order.
    for page in &site.pages {
        for (entry, c) in page.parsed.meta.contacts.iter().enumerate() {
            let role = page.refs.contact_role(entry).map(|r| &site.pages[r]);
            let role_title = role.map_or(c.role.id.as_str(), |r| r.title());
            let org = role.and_then(|r| r.refs.one(F::Organisation));
            let source = Source::Person { entry };
            out.push(Entry {
                source,
                page,
                role_title,
                facts: Vec::new(),
                owners: Vec::new(),
                organisations: org.into_iter().collect(),
                input_hash: input_hash(page, source, &[role_title], base),
            });
        }
    }
    out
}

/// Owner and organisation tables: page indexes sorted by title, then id.
struct Tables {
    owners: Vec<usize>,
    organisations: Vec<usize>,
    owner_number: BTreeMap<usize, usize>,
    organisation_number: BTreeMap<usize, usize>,
    /// Bytes per owner / organisation number in `docs.bin`.
    owner_width: usize,
    organisation_width: usize,
}

/// Bytes that number `0..n` takes, little-endian.
fn width(n: usize) -> usize {
    match n {
        0..=256 => 1,
        257..=65_536 => 2,
        65_537..=16_777_216 => 3,
        _ => 4,
    }
}

impl Tables {
    fn new(site: &Site, entries: &[Entry]) -> Self {
        let (owners, owner_number) =
            table(site, entries.iter().flat_map(|e| e.owners.iter().copied()));
        let (organisations, organisation_number) = table(
            site,
            entries.iter().flat_map(|e| e.organisations.iter().copied()),
        );
        Tables {
            owner_width: width(owners.len()),
            organisation_width: width(organisations.len()),
            owners,
            organisations,
            owner_number,
            organisation_number,
        }
    }
}

/// Distinct pages sorted by title and id, and each one's number.
fn table(site: &Site, pages: impl Iterator<Item = usize>) -> (Vec<usize>, BTreeMap<usize, usize>) {
    let mut v: Vec<usize> = pages.collect();
    v.sort_unstable();
    v.dedup();
    v.sort_by(|&a, &b| {
        (site.pages[a].title(), site.pages[a].id())
            .cmp(&(site.pages[b].title(), site.pages[b].id()))
    });
    let numbers = v.iter().enumerate().map(|(n, &p)| (p, n)).collect();
    (v, numbers)
}

fn docs_bin(entries: &[Entry], tables: &Tables) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 6);
    for e in entries {
        let (kind, status) = match e.source {
            Source::Page => {
                let status = if e.page.kind().is_reviewed() {
                    ReviewStatus::ALL
                        .iter()
                        .position(|s| *s == e.page.status)
                        .map_or(0, |p| p + 1)
                } else {
                    0
                };
                (kind_number(Some(e.page.kind())), status as u8)
            }
            Source::Person { .. } => (kind_number(None), 0),
        };
        out.push(kind << 3 | status);
        let owners: Vec<usize> = e
            .owners
            .iter()
            .filter_map(|o| tables.owner_number.get(o).copied())
            .take(15)
            .collect();
        let orgs: Vec<usize> = e
            .organisations
            .iter()
            .filter_map(|o| tables.organisation_number.get(o).copied())
            .take(15)
            .collect();
        out.push((owners.len() as u8) << 4 | orgs.len() as u8);
        for n in owners {
            out.extend_from_slice(&n.to_le_bytes()[..tables.owner_width]);
        }
        for n in orgs {
            out.extend_from_slice(&n.to_le_bytes()[..tables.organisation_width]);
        }
    }
    out
}

/// Tokenizes an entry's fields: surface forms with counts per field.
fn analyse(e: &Entry, text: &str, seen: &mut Map<u64, u32>) -> EntryTerms {
    use std::hash::BuildHasher;
    let hasher = foldhash::fast::FixedState::default();
    seen.clear();
    let mut out = EntryTerms::default();
    for (f, text) in e.fields(text).iter().enumerate() {
        tokenize::tokens(text, |t| {
            let first = f == 0 && out.lens[0] == 0;
            out.lens[f] += 1;
            let h = hasher.hash_one(t);
            let found = match seen.get(&h) {
                Some(&i) if out.form(i as usize) == t => Some(i as usize),
                // Two forms with one hash: look the long way (never seen in practice).
                Some(_) => (0..out.terms.len()).find(|&i| out.form(i) == t),
                None => None,
            };
            let i = match found {
                Some(i) => {
                    out.terms[i].1[f] = out.terms[i].1[f].saturating_add(1);
                    i
                }
                None => {
                    let mut tf = [0u16; FIELDS];
                    tf[f] = 1;
                    let i = out.push(t, tf);
                    seen.entry(h).or_insert(i as u32);
                    i
                }
            };
            if first {
                out.lead = Some(i as u32);
            }
        });
    }
    out
}

/// What the client shows for an entry: `d/N.json`.
#[derive(Serialize)]
struct Fragment<'a> {
    /// Title.
    t: &'a str,
    /// URL.
    u: String,
    /// Last revised or reviewed, ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<String>,
    /// Summary line.
    #[serde(skip_serializing_if = "str::is_empty")]
    m: Cow<'a, str>,
    /// Text by heading: `[anchor (URL-encoded, "" before the first heading),
    /// heading, text]`.
    x: Vec<[Cow<'a, str>; 3]>,
}

/// The `d/N.json` fragment of `e`, whose [`Entry::body_text`] is `text`.
fn fragment(site: &Site, e: &Entry, text: &str) -> Vec<u8> {
    let base = &site.config.base_url;
    let page_url = format!("{base}{}", encode_path(&e.page.parsed.url_path));
    let frag = match e.source {
        Source::Page => {
            let m = &e.page.parsed.meta;
            Fragment {
                t: e.page.title(),
                u: page_url,
                r: m.revised.max(m.reviewed).map(|d| d.to_string()),
                m: Cow::Borrowed(m.summary.as_deref().unwrap_or("")),
                x: sections_of(text, &e.page.parsed.body.headings),
            }
        }
        Source::Person { entry, .. } => {
            let c = &e.page.parsed.meta.contacts[entry];
            let details: Vec<&str> = [
                Some(e.role_title),
                c.unit.as_deref(),
                c.phone.as_deref(),
                c.email.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
            Fragment {
                t: &c.name,
                u: format!("{page_url}#samsyn-kontaktpersoner"),
                r: None,
                m: Cow::Owned(details.join(" · ")),
                x: c.note
                    .as_deref()
                    .map(|n| [Cow::Borrowed(""), Cow::Borrowed(""), Cow::Borrowed(n)])
                    .into_iter()
                    .collect(),
            }
        }
    };
    serde_json::to_vec(&frag).unwrap_or_default()
}

/// The body text cut at its headings, at most [`MAX_FRAGMENT_TEXT`] bytes.
#[cfg(test)]
fn sections(body: &crate::markdown::Body) -> Vec<[Cow<'_, str>; 3]> {
    sections_of(&body.text, &body.headings)
}

/// [`sections`] of a body whose text is `text`.
fn sections_of<'t>(
    text: &'t str,
    headings: &'t [crate::markdown::Heading],
) -> Vec<[Cow<'t, str>; 3]> {
    let mut cuts: Vec<(usize, Option<&crate::markdown::Heading>)> = vec![(0, None)];
    for h in headings {
        let ok = h.text_offset <= text.len()
            && text.is_char_boundary(h.text_offset)
            && h.text_offset >= cuts.last().map_or(0, |c| c.0);
        if ok {
            cuts.push((h.text_offset, Some(h)));
        }
    }
    let mut budget = MAX_FRAGMENT_TEXT;
    let mut out = Vec::new();
    for (n, &(start, heading)) in cuts.iter().enumerate() {
        let end = cuts.get(n + 1).map_or(text.len(), |c| c.0);
        let mut part = text[start..end].trim();
        if let Some(h) = heading {
            part = part
                .strip_prefix(h.title.as_str())
                .unwrap_or(part)
                .trim_start();
        }
        if part.len() > budget {
            let mut cut = budget;
            while !part.is_char_boundary(cut) {
                cut -= 1;
            }
            part = &part[..cut];
        }
        budget -= part.len();
        if part.is_empty() && heading.is_none() {
            continue;
        }
        let anchor = heading.map_or(Cow::Borrowed(""), |h| {
            Cow::Owned(encode_fragment(&h.anchor))
        });
        let title = heading.map_or("", |h| h.title.as_str());
        out.push([anchor, Cow::Borrowed(title), Cow::Borrowed(part)]);
        if budget == 0 {
            break;
        }
    }
    out
}

/// A hash of one output file (for the build id).
fn file_hash(path: &[u8], bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::fingerprinter();
    h.write(path);
    h.write_u8(0xff);
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_follow_headings() {
        let body = crate::markdown::render(
            "Inledning här.\n\n## Syfte\n\nAtt samverka.\n\n## Ansvar och roller\n\nRektor *ansvarar*.\n",
            "a.md",
            "/",
        );
        let s = sections(&body);
        let flat: Vec<[&str; 3]> = s
            .iter()
            .map(|[a, b, c]| [a.as_ref(), b.as_ref(), c.as_ref()])
            .collect();
        assert_eq!(
            flat,
            [
                ["", "", "Inledning här."],
                ["syfte", "Syfte", "Att samverka."],
                ["ansvar-och-roller", "Ansvar och roller", "Rektor ansvarar."]
            ]
        );
    }

    #[test]
    fn anchors_are_url_encoded() {
        let body = crate::markdown::render("## Mål och syfte\n\nText.\n", "a.md", "/");
        assert_eq!(sections(&body)[0][0], "m%C3%A5l-och-syfte");
    }

    #[test]
    fn fragment_text_is_capped() {
        let long = "ord ".repeat(MAX_FRAGMENT_TEXT);
        let body = crate::markdown::render(&format!("{long}\n\n## Sist\n\nslut\n"), "a.md", "/");
        let s = sections(&body);
        let total: usize = s.iter().map(|x| x[2].len()).sum();
        assert!(total <= MAX_FRAGMENT_TEXT);
        assert_eq!(s.len(), 1);
    }
}
