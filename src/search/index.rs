//! The inverted index: terms of every entry → scored postings, grouped by
//! key, cut into shards, and the vocabulary that says which shard holds
//! which key.
//!
//! File formats (all under `/search/`, described for the client in
//! `search.js` too):
//!
//! - `vocab.txt` (keys that start with a letter) and `vocab-num.txt` (keys
//!   that start with a digit, fetched only for queries with digits): a
//!   header line `FIRST COUNT` (global index of the first key, number of
//!   keys), then one line per key in sorted order:
//!   `P SUFFIX [DF [Q WORD]]` written without the spaces inside `P SUFFIX`
//!   and `Q WORD`: `P` is one base-36 digit, how many UTF-16 units the key
//!   shares with the key before (front coding), `DF` the number of entries
//!   with the key in base 36 (left out when it is 1 and no word follows),
//!   and `Q WORD` the key's most frequent surface form (for "Menade du …?"),
//!   front-coded against the key the same way, left out when it equals the
//!   key.
//! - `p/N.bin`, shard `N`: the blocks of the keys `shards[N]..shards[N+1]`
//!   in order, each `varint LEN` + `LEN` bytes: `varint SURFACES`, then per
//!   surface form `varint BYTES`, UTF-8, `varint COUNT`, `COUNT` entry ids as
//!   varint gaps (the first from 0) times two plus one when the form is the
//!   first word of the entry's title (so a word start can rank the entry
//!   whose title begins with it first), `COUNT` score bytes.
//!
//! A score byte is the BM25F score of the term in the entry, log-scaled:
//! `score = exp(byte / 255 · scale) − 1` with `scale` from `index.json`.

use rayon::prelude::*;

use super::tokenize::{fold, key, stem};
use crate::hash::Map;

/// Fields, in index order: title, tags, summary, headings, body, facts
/// (the titles of the pages an entry names, and who decided it).
pub const FIELDS: usize = 6;
/// BM25F weight of each field: title > tags > summary > headings > body >
/// facts. Facts weigh least: a document is found by the forum that follows
/// it up, but one that says the word itself comes first.
pub const WEIGHTS: [f32; FIELDS] = [8.0, 5.0, 3.0, 2.0, 1.0, 0.5];
/// BM25F length normalisation per field.
const B: [f32; FIELDS] = [0.3, 0.3, 0.5, 0.5, 0.75, 0.3];
const K1: f32 = 1.2;
/// Shards are closed before they grow past this many bytes (a key whose
/// postings are larger gets a shard of its own).
pub const SHARD_TARGET: usize = 12 * 1024;

/// One entry's terms: its distinct surface forms (stored end to end in
/// one string, so an entry costs two allocations, not one per word) with
/// occurrences per field, and the number of tokens per field.
#[derive(Debug, Default, Clone)]
pub struct EntryTerms {
    pub text: String,
    /// End of each form in `text`, and its counts per field.
    pub terms: Vec<(u32, [u16; FIELDS])>,
    pub lens: [u32; FIELDS],
    /// The form that is the first word of the title.
    pub lead: Option<u32>,
}

impl EntryTerms {
    /// Form `i`.
    pub fn form(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.terms[i - 1].0 as usize
        };
        &self.text[start..self.terms[i].0 as usize]
    }

    /// Adds a form not yet in the list; returns its number.
    pub fn push(&mut self, form: &str, tf: [u16; FIELDS]) -> usize {
        self.text.push_str(form);
        self.terms.push((self.text.len() as u32, tf));
        self.terms.len() - 1
    }

    /// `(form, counts per field)` in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u16; FIELDS])> {
        (0..self.terms.len()).map(move |i| (self.form(i), &self.terms[i].1))
    }
}

/// Every surface form the index has met, numbered, with its Snowball stem.
///
/// Kept between builds (in [`super::Cache`]) so a cached entry holds term
/// numbers instead of strings, and a build gathers postings by number, never
/// hashing a word it has seen before. Numbers are internal: output is
/// ordered by key and surface form, so it does not depend on them.
#[derive(Debug, Default, Clone)]
pub struct TermTable {
    ids: Map<Box<str>, u32>,
    surfaces: Vec<Box<str>>,
    /// Stem of each surface; forms numbered past its end are not stemmed
    /// yet (see [`TermTable::stem_new`]).
    stems: Vec<Box<str>>,
}

/// One entry's terms as numbers into a [`TermTable`].
#[derive(Debug, Default, Clone)]
pub struct Interned {
    /// Term number and occurrences per field, one per distinct form.
    pub terms: Vec<(u32, [u16; FIELDS])>,
    /// Tokens per field.
    pub lens: [u32; FIELDS],
    /// Term number of the first word of the title.
    pub lead: Option<u32>,
}

impl TermTable {
    /// How many forms are numbered (used or not).
    pub fn len(&self) -> usize {
        self.surfaces.len()
    }

    /// Whether no form is numbered.
    pub fn is_empty(&self) -> bool {
        self.surfaces.is_empty()
    }

    /// Numbers the forms of `e`, adding the ones not seen before. Call
    /// [`TermTable::stem_new`] before building with the result.
    pub fn intern(&mut self, e: &EntryTerms) -> Interned {
        let terms = e
            .iter()
            .map(|(surface, tf)| {
                let id = match self.ids.get(surface) {
                    Some(&id) => id,
                    None => {
                        let id = self.surfaces.len() as u32;
                        self.ids.insert(surface.into(), id);
                        self.surfaces.push(surface.into());
                        id
                    }
                };
                (id, *tf)
            })
            .collect::<Vec<_>>();
        Interned {
            lead: e.lead.and_then(|i| terms.get(i as usize)).map(|t| t.0),
            terms,
            lens: e.lens,
        }
    }

    /// Stems the forms added since the last call, in parallel.
    pub fn stem_new(&mut self) {
        let new: Vec<Box<str>> = self.surfaces[self.stems.len()..]
            .par_iter()
            .map(|s| stem(&fold(s)).into())
            .collect();
        self.stems.extend(new);
    }

    /// A table of only the forms `used` marks, and each old number's new
    /// one (`u32::MAX` for a dropped form). Forms of deleted or edited
    /// entries stay numbered until this runs, so a long `serve` session
    /// compacts now and then instead of growing.
    pub fn compact(&self, used: impl Fn(u32) -> bool) -> (TermTable, Vec<u32>) {
        let mut out = TermTable::default();
        let mut map = vec![u32::MAX; self.len()];
        for (old, slot) in map.iter_mut().enumerate() {
            if used(old as u32) {
                let id = out.surfaces.len() as u32;
                out.ids.insert(self.surfaces[old].clone(), id);
                out.surfaces.push(self.surfaces[old].clone());
                out.stems.push(self.stems[old].clone());
                *slot = id;
            }
        }
        (out, map)
    }

    fn surface(&self, id: u32) -> &str {
        &self.surfaces[id as usize]
    }

    fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }
}

/// The built index, ready to write.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    /// Sorted keys with their document frequency and display word.
    pub keys: Vec<KeyInfo>,
    /// Encoded key blocks, parallel to `keys`.
    pub blocks: Vec<Vec<u8>>,
    /// `ln(1 + max score)`: score bytes decode with it.
    pub scale: f32,
    /// Index of the first key that starts with a letter (keys before it
    /// start with a digit).
    pub first_letter_key: usize,
    /// How many forms are in use (have a posting).
    pub live_terms: usize,
    /// What the blocks were scored with, so the next build can keep
    /// those whose postings did not change: the scores as floats, block by
    /// block, the number of entries and the rounded average field lengths.
    scores: Vec<Vec<f32>>,
    /// The largest of each block's scores.
    maxima: Vec<f32>,
    entries: usize,
    avg: [f32; FIELDS],
}

#[derive(Debug, Clone)]
pub struct KeyInfo {
    pub key: String,
    pub df: u32,
    pub word: String,
}

impl Postings {
    /// Lets go of what only a later build would use (a score float per
    /// posting), keeping what is written.
    pub fn forget_scores(&mut self) {
        self.scores = Vec::new();
        self.maxima = Vec::new();
    }
}

/// Builds postings for `entries` (entry id = position).
pub fn build(entries: &[EntryTerms]) -> Postings {
    let mut table = TermTable::default();
    let interned: Vec<Interned> = entries.iter().map(|e| table.intern(e)).collect();
    table.stem_new();
    let refs: Vec<&Interned> = interned.iter().collect();
    let lists = Lists::new(&refs, table.len());
    let lens: Vec<[u32; FIELDS]> = interned.iter().map(|e| e.lens).collect();
    encode(&lists, &lens, &table, &Layout::new(&lists, &table), None)
}

/// One posting: an entry and the term's occurrences per field in it.
#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    tf: [u16; FIELDS],
    /// Whether the term is the first word of the entry's title.
    lead: bool,
}

/// Every term's postings by term number, each list in entry order. Kept
/// between builds and patched with the entries that changed, so a build
/// never regathers a million postings for one edit.
#[derive(Debug, Default, Clone)]
pub struct Lists {
    lists: Vec<Vec<Posting>>,
}

/// How entries moved between two builds, for [`Lists::patch`].
pub struct Changes<'a> {
    /// New id of every old entry id (`u32::MAX` when it is gone), or
    /// `None` when every kept entry kept its id.
    pub remap: Option<Vec<u32>>,
    /// Old id and terms of every entry that is gone.
    pub removed: Vec<(u32, &'a Interned)>,
    /// New id and terms of every entry that is new.
    pub added: Vec<(u32, &'a Interned)>,
}

impl Lists {
    /// Gathers the lists of `entries` (entry id = position) over `terms`
    /// term numbers.
    pub fn new(entries: &[&Interned], terms: usize) -> Lists {
        let mut count = vec![0u32; terms];
        for e in entries {
            for &(t, _) in &e.terms {
                count[t as usize] += 1;
            }
        }
        let mut lists: Vec<Vec<Posting>> = count
            .into_iter()
            .map(|c| Vec::with_capacity(c as usize))
            .collect();
        for (doc, e) in entries.iter().enumerate() {
            for &(t, tf) in &e.terms {
                lists[t as usize].push(Posting {
                    doc: doc as u32,
                    tf,
                    lead: e.lead == Some(t),
                });
            }
        }
        Lists { lists }
    }

    /// Adds the postings of entry `doc`, which follows every entry added
    /// before, over a table of `terms` numbers: a one-shot build gathers
    /// the lists batch by batch and never holds every entry's terms.
    pub fn push_entry(&mut self, doc: u32, e: &Interned, terms: usize) {
        if self.lists.len() < terms {
            self.lists.resize_with(terms, Vec::new);
        }
        for &(t, tf) in &e.terms {
            self.lists[t as usize].push(Posting {
                doc,
                tf,
                lead: e.lead == Some(t),
            });
        }
    }

    /// Gives back what the lists grew beyond their length.
    pub fn shrink_to_fit(&mut self) {
        self.lists.iter_mut().for_each(Vec::shrink_to_fit);
    }

    /// Applies `changes` for a table of `terms` numbers. Returns whether a
    /// term started or stopped having postings (which can change keys and
    /// their order).
    pub fn patch(&mut self, changes: &Changes, terms: usize) -> bool {
        self.lists.resize_with(terms, Vec::new);
        let mut touched: Vec<u32> = changes
            .removed
            .iter()
            .chain(&changes.added)
            .flat_map(|(_, e)| e.terms.iter().map(|&(t, _)| t))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let was_live: Vec<bool> = touched
            .iter()
            .map(|&t| !self.lists[t as usize].is_empty())
            .collect();
        match &changes.remap {
            // Kept entries keep their order, so renumbered lists stay sorted.
            Some(remap) => self.lists.par_iter_mut().for_each(|list| {
                list.retain_mut(|p| {
                    p.doc = remap[p.doc as usize];
                    p.doc != u32::MAX
                })
            }),
            None => {
                for &(doc, e) in &changes.removed {
                    for &(t, _) in &e.terms {
                        let list = &mut self.lists[t as usize];
                        if let Ok(i) = list.binary_search_by_key(&doc, |p| p.doc) {
                            list.remove(i);
                        }
                    }
                }
            }
        }
        for &(doc, e) in &changes.added {
            for &(t, tf) in &e.terms {
                let list = &mut self.lists[t as usize];
                let i = list.partition_point(|p| p.doc < doc);
                let lead = e.lead == Some(t);
                list.insert(i, Posting { doc, tf, lead });
            }
        }
        touched
            .iter()
            .zip(was_live)
            .any(|(&t, was)| was == self.lists[t as usize].is_empty())
    }

    /// Renumbers terms after [`TermTable::compact`]: `map[old]` is the new
    /// number; dropped terms have no postings.
    pub fn renumber(&mut self, map: &[u32], terms: usize) {
        let mut lists = vec![Vec::new(); terms];
        for (old, list) in self.lists.drain(..).enumerate() {
            if let Some(&new) = map.get(old).filter(|&&n| n != u32::MAX) {
                lists[new as usize] = list;
            }
        }
        self.lists = lists;
    }

    fn df(&self, t: u32) -> usize {
        self.lists[t as usize].len()
    }
}

/// Live terms grouped by key, keys sorted, forms sorted in a key: what the
/// vocabulary and the blocks follow. Kept between builds and made again
/// only when a term starts or stops having postings.
#[derive(Debug, Default, Clone)]
pub struct Layout {
    groups: Vec<(Box<str>, Vec<u32>)>,
}

impl Layout {
    /// Groups the terms of `lists` that have postings.
    pub fn new(lists: &Lists, table: &TermTable) -> Layout {
        let live: Vec<u32> = (0..table.len() as u32)
            .filter(|&t| lists.df(t) > 0)
            .collect();
        // The definite-form rule looks at the stems of the whole site.
        let stems: crate::hash::Set<&str> = live.iter().map(|&t| table.stem(t)).collect();
        let mut order: Vec<(&str, u32)> = live
            .par_iter()
            .map(|&t| (key(table.stem(t), |s| stems.contains(s)), t))
            .collect();
        drop(stems);
        // Keys sorted (bytes), forms sorted.
        order
            .par_sort_unstable_by(|a, b| (a.0, table.surface(a.1)).cmp(&(b.0, table.surface(b.1))));
        let mut groups: Vec<(Box<str>, Vec<u32>)> = Vec::new();
        for (k, t) in order {
            match groups.last_mut() {
                Some((last, terms)) if **last == *k => terms.push(t),
                _ => groups.push((k.into(), vec![t])),
            }
        }
        Layout { groups }
    }

    /// Renumbers terms after [`TermTable::compact`].
    pub fn renumber(&mut self, map: &[u32]) {
        for (_, terms) in &mut self.groups {
            terms.iter_mut().for_each(|t| *t = map[*t as usize]);
        }
    }

    fn live_terms(&self) -> usize {
        self.groups.iter().map(|g| g.1.len()).sum()
    }
}

/// The postings of the last build, for [`encode`] to keep blocks from.
pub struct Reuse<'a> {
    pub last: Postings,
    /// Sorted term numbers whose lists changed since; the layout must be
    /// the one `last` was encoded in, and no entry may have been renumbered.
    pub changed_terms: &'a [u32],
    /// Sorted ids of the entries that changed (their postings are scored
    /// again wherever they are).
    pub changed_docs: &'a [u32],
}

/// Scores and encodes every key block from `lists` in `layout` order;
/// `lens` are the token counts per field of each entry. With `reuse`, a
/// block none of whose terms changed is kept from the last build when the
/// number of entries and the rounded average field lengths are the same,
/// so a one-document edit scores a few hundred blocks, not all of them.
pub fn encode(
    lists: &Lists,
    lens: &[[u32; FIELDS]],
    table: &TermTable,
    layout: &Layout,
    reuse: Option<Reuse>,
) -> Postings {
    // BM25F: the term-frequency part of a posting needs only its entry and
    // the average field lengths; the idf multiplies in per term.
    let n = lens.len().max(1) as f32;
    let avg = average_lengths(lens);
    let norms: Vec<[f32; FIELDS]> = lens
        .iter()
        .map(|l| std::array::from_fn(|f| 1.0 - B[f] + B[f] * l[f] as f32 / avg[f]))
        .collect();
    let tf_part = |p: &Posting| {
        let norm = &norms[p.doc as usize];
        let mut x = 0f32;
        for f in 0..FIELDS {
            if p.tf[f] > 0 {
                x += WEIGHTS[f] * p.tf[f] as f32 / norm[f];
            }
        }
        x * (K1 + 1.0) / (K1 + x)
    };
    let idf = |t: u32| {
        let df = lists.df(t) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    };
    let (kept, last_scale, changed_docs) = kept_blocks(reuse, layout, lens.len(), &avg);
    // Score bytes need the largest score of the site, so blocks are
    // written with their scores as floats beside them (each posting is
    // scored once), and the bytes filled in once the largest is known.
    let mut encoded: Vec<(Block, Fill)> = layout
        .groups
        .par_iter()
        .zip(kept)
        .map_init(Vec::new, |seen, ((key, group), kept)| {
            let old = match kept {
                Some(Kept::Same(block)) => return (block, Fill::None),
                Some(Kept::Changed(block, scores)) => Some((block, scores)),
                None => None,
            };
            let info = key_info(lists, table, key, group, seen);
            let scorer = Scorer {
                idf: &idf,
                tf_part: &tf_part,
                changed_docs,
            };
            encode_block(info, group, lists, table, old, &scorer)
        })
        .collect();
    let max = encoded.iter().fold(0f32, |m, e| m.max(e.0.max));
    let scale = (1.0 + max).ln().max(f32::MIN_POSITIVE);
    // Kept score bytes hold the last scale's quantization.
    let rescale = last_scale != Some(scale);
    encoded.par_iter_mut().for_each(|(b, fill)| {
        let (block, scores) = (&mut b.bytes, &b.scores);
        match fill {
            _ if rescale => fill_scores(block, scores, scale),
            Fill::All => fill_scores(block, scores, scale),
            Fill::Some(at) => {
                for &(byte, score) in at.iter() {
                    block[byte] = quantize(scores[score], scale);
                }
            }
            Fill::None => {}
        }
    });
    let mut keys = Vec::with_capacity(encoded.len());
    let mut blocks = Vec::with_capacity(encoded.len());
    let mut scores = Vec::with_capacity(encoded.len());
    let mut maxima = Vec::with_capacity(encoded.len());
    for (b, _) in encoded {
        keys.push(b.info);
        blocks.push(b.bytes);
        scores.push(b.scores);
        maxima.push(b.max);
    }
    let first_letter_key = keys
        .iter()
        .position(|k| !starts_with_digit(&k.key))
        .unwrap_or(keys.len());
    Postings {
        keys,
        blocks,
        scale,
        first_letter_key,
        live_terms: layout.live_terms(),
        scores,
        maxima,
        entries: lens.len(),
        avg,
    }
}

/// How a posting is scored, and which entries changed since the last build.
struct Scorer<'a> {
    idf: &'a dyn Fn(u32) -> f32,
    tf_part: &'a dyn Fn(&Posting) -> f32,
    changed_docs: &'a [u32],
}

/// Encodes one key's block, keeping what it can of its `old` block and
/// scores; says which score bytes are still to be written.
fn encode_block(
    info: KeyInfo,
    group: &[u32],
    lists: &Lists,
    table: &TermTable,
    old: Option<(Vec<u8>, Vec<f32>)>,
    scorer: &Scorer,
) -> (Block, Fill) {
    let old_parts = old.as_ref().map(|(b, s)| old_terms(b, s));
    let postings: usize = group.iter().map(|&t| lists.df(t)).sum();
    let mut block = Vec::with_capacity(3 * postings + 16 * group.len() + 4);
    let mut scores = Vec::with_capacity(postings);
    // (byte offset, score index) of the bytes to fill in.
    let mut fresh = Vec::new();
    varint(&mut block, group.len() as u64);
    for (i, &t) in group.iter().enumerate() {
        let surface = table.surface(t);
        varint(&mut block, surface.len() as u64);
        block.extend_from_slice(surface.as_bytes());
        let list = &lists.lists[t as usize];
        varint(&mut block, list.len() as u64);
        let gaps_start = block.len();
        let mut prev = 0u32;
        for p in list {
            varint(&mut block, ((p.doc - prev) as u64) << 1 | p.lead as u64);
            prev = p.doc;
        }
        let old_term = old_parts.as_ref().and_then(|o| o.get(i));
        let (first, start) = (scores.len(), block.len());
        let mut fresh_here = Vec::new();
        let (s, bytes) = score_list(
            (scorer.idf)(t),
            list,
            &block[gaps_start..],
            old_term,
            scorer.changed_docs,
            scorer.tf_part,
            &mut fresh_here,
        );
        scores.extend(s);
        block.extend(bytes);
        let at = fresh_here.into_iter().map(|j| j as usize);
        fresh.extend(at.map(|j| (start + j, first + j)));
    }
    let fill = match old {
        Some(_) => Fill::Some(fresh),
        None => Fill::All,
    };
    let max = scores.iter().fold(0f32, |m, &s| m.max(s));
    let block = Block {
        info,
        bytes: block,
        scores,
        max,
    };
    (block, fill)
}

/// The average token count of each field, rounded to 64 steps per
/// doubling (about 1 %): ranking cannot tell, and an edit that changes a
/// document's length a little then leaves every other entry's scores as
/// they were.
fn average_lengths(lens: &[[u32; FIELDS]]) -> [f32; FIELDS] {
    let n = lens.len().max(1) as f64;
    let mut sum = [0u64; FIELDS];
    for l in lens {
        for (s, l) in sum.iter_mut().zip(l) {
            *s += *l as u64;
        }
    }
    sum.map(|s| {
        let a = (s as f64 / n).max(1.0);
        ((a.log2() * 64.0).round() / 64.0).exp2() as f32
    })
}

/// One key's encoded block with what it was made of.
struct Block {
    info: KeyInfo,
    bytes: Vec<u8>,
    scores: Vec<f32>,
    /// The largest of `scores`.
    max: f32,
}

/// What the last build left of a block.
enum Kept {
    /// None of its terms changed: the block as it was.
    Same(Block),
    /// Some did: the old block and scores, to keep unchanged postings from.
    Changed(Vec<u8>, Vec<f32>),
}

/// Which score bytes of a block are still to be written.
enum Fill {
    None,
    All,
    /// (byte offset in the block, index in its scores).
    Some(Vec<(usize, usize)>),
}

/// The last build's blocks, one per group of `layout` (`None` for a
/// block to score from scratch), the scale their bytes were made with,
/// and the entries whose postings changed.
fn kept_blocks<'r>(
    reuse: Option<Reuse<'r>>,
    layout: &Layout,
    entries: usize,
    avg: &[f32; FIELDS],
) -> (Vec<Option<Kept>>, Option<f32>, &'r [u32]) {
    let none = || (0..layout.groups.len()).map(|_| None).collect();
    let Some(Reuse {
        last,
        changed_terms,
        changed_docs,
    }) = reuse
    else {
        return (none(), None, &[]);
    };
    if last.entries != entries || last.avg != *avg || last.keys.len() != layout.groups.len() {
        return (none(), None, &[]);
    }
    let changed = |group: &[u32]| group.iter().any(|t| changed_terms.binary_search(t).is_ok());
    let kept = last
        .keys
        .into_iter()
        .zip(last.blocks)
        .zip(last.scores)
        .zip(last.maxima)
        .zip(&layout.groups)
        .map(|((((info, bytes), scores), max), (_, group))| {
            Some(match changed(group) {
                false => Kept::Same(Block {
                    info,
                    bytes,
                    scores,
                    max,
                }),
                true => Kept::Changed(bytes, scores),
            })
        })
        .collect();
    (kept, Some(last.scale), changed_docs)
}

/// One term of an old block: its entries (as the block encodes them),
/// their score bytes and scores.
struct OldTerm<'a> {
    gaps: &'a [u8],
    bytes: &'a [u8],
    scores: &'a [f32],
}

/// Splits an old block into its terms.
fn old_terms<'a>(block: &'a [u8], scores: &'a [f32]) -> Vec<OldTerm<'a>> {
    let mut pos = 0;
    let mut next = 0;
    let forms = read_varint(block, &mut pos) as usize;
    let mut out = Vec::with_capacity(forms);
    for _ in 0..forms {
        pos += read_varint(block, &mut pos) as usize;
        let count = read_varint(block, &mut pos) as usize;
        let start = pos.min(block.len());
        // `count` varints: bytes up to the count-th one without the high bit.
        let mut ends = 0;
        while ends < count && pos < block.len() {
            ends += usize::from(block[pos] & 0x80 == 0);
            pos += 1;
        }
        let end = (pos + count).min(block.len());
        out.push(OldTerm {
            // Empty (so the term is scored afresh) if the block is cut short.
            gaps: block.get(start..pos).unwrap_or(&[]),
            bytes: &block[pos.min(end)..end],
            scores: scores.get(next..next + count).unwrap_or(&[]),
        });
        pos = end;
        next += count;
    }
    out
}

/// Scores one term's postings, whose entry gaps `gaps` were just encoded:
/// returns the scores and their bytes, and puts in `fresh` the positions
/// whose bytes are yet to be made. When the old block has the same
/// entries for the term (so the same idf), the postings of entries that
/// did not change keep their scores and bytes.
fn score_list(
    idf: f32,
    list: &[Posting],
    gaps: &[u8],
    old: Option<&OldTerm>,
    changed_docs: &[u32],
    tf_part: &dyn Fn(&Posting) -> f32,
    fresh: &mut Vec<u32>,
) -> (Vec<f32>, Vec<u8>) {
    let same = old
        .filter(|o| o.gaps == gaps && o.scores.len() == list.len() && o.bytes.len() == list.len());
    match same {
        Some(o) => {
            let mut scores = o.scores.to_vec();
            for &d in changed_docs {
                if let Ok(j) = list.binary_search_by_key(&d, |p| p.doc) {
                    scores[j] = tf_part(&list[j]) * idf;
                    fresh.push(j as u32);
                }
            }
            (scores, o.bytes.to_vec())
        }
        None => {
            fresh.extend(0..list.len() as u32);
            let scores = list.iter().map(|p| tf_part(p) * idf).collect();
            (scores, vec![0; list.len()])
        }
    }
}

/// Writes the score bytes into a block encoded with room for them: walks
/// the block's forms and puts each one's bytes after its entry ids.
fn fill_scores(block: &mut [u8], scores: &[f32], scale: f32) {
    let mut pos = 0;
    let mut next = 0;
    let forms = read_varint(block, &mut pos);
    for _ in 0..forms {
        pos += read_varint(block, &mut pos) as usize;
        let count = read_varint(block, &mut pos) as usize;
        for _ in 0..count {
            read_varint(block, &mut pos);
        }
        for (byte, &s) in block[pos..pos + count]
            .iter_mut()
            .zip(&scores[next..next + count])
        {
            *byte = quantize(s, scale);
        }
        pos += count;
        next += count;
    }
}

/// Reads the LEB128 varint at `pos`, moving `pos` past it.
fn read_varint(bytes: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*pos) {
        *pos += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

/// A key's document frequency (entries with any of its forms) and most
/// frequent form. `seen` is scratch space, marked with entry ids.
fn key_info(
    lists: &Lists,
    table: &TermTable,
    key: &str,
    group: &[u32],
    seen: &mut Vec<bool>,
) -> KeyInfo {
    let df = if let [t] = group {
        lists.df(*t)
    } else {
        let docs = || group.iter().flat_map(|&t| &lists.lists[t as usize]);
        let mut df = 0;
        for p in docs() {
            let d = p.doc as usize;
            if d >= seen.len() {
                seen.resize(d + 1, false);
            }
            if !seen[d] {
                seen[d] = true;
                df += 1;
            }
        }
        docs().for_each(|p| seen[p.doc as usize] = false);
        df
    };
    // The most frequent form; ties to the shorter, then the first.
    let word = group
        .iter()
        .map(|&t| (lists.df(t), table.surface(t)))
        .max_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.len().cmp(&a.1.len()))
                .then(b.1.cmp(a.1))
        })
        .map(|t| t.1.to_string())
        .unwrap_or_default();
    KeyInfo {
        key: key.to_string(),
        df: df as u32,
        word,
    }
}

/// Whether a key belongs in the digit vocabulary.
pub fn starts_with_digit(key: &str) -> bool {
    key.chars().next().is_some_and(|c| c.is_numeric())
}

/// A score as one byte, log-scaled; never 0 for a posting.
pub fn quantize(score: f32, scale: f32) -> u8 {
    let q = (1.0 + score.max(0.0)).ln() / scale * 255.0;
    // Rounds half up: the same as `round` for these non-negative values,
    // without the libm call `round` compiles to.
    ((q + 0.5) as u32).clamp(1, 255) as u8
}

/// LEB128 unsigned varint.
pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Cuts the key blocks into shards: returns each shard's first key index
/// and its bytes. Digit keys and letter keys never share a shard.
pub fn shards(postings: &Postings) -> Vec<(usize, Vec<u8>)> {
    let mut out: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut cur: Option<(usize, Vec<u8>)> = None;
    for (i, block) in postings.blocks.iter().enumerate() {
        let mut framed = Vec::with_capacity(block.len() + 4);
        varint(&mut framed, block.len() as u64);
        framed.extend_from_slice(block);
        let close = match &cur {
            Some((_, bytes)) => {
                bytes.len() + framed.len() > SHARD_TARGET || i == postings.first_letter_key
            }
            None => false,
        };
        if close {
            out.extend(cur.take());
        }
        match &mut cur {
            Some((_, bytes)) => bytes.extend_from_slice(&framed),
            None => cur = Some((i, framed)),
        }
    }
    out.extend(cur);
    out
}

/// UTF-16 length of the common prefix of `a` and `b` (the client slices
/// JavaScript strings, which count UTF-16 units).
fn common_prefix_utf16(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf16())
        .sum()
}

/// Writes the vocabulary lines for keys `range` (see the module docs).
pub fn vocab(postings: &Postings, range: std::ops::Range<usize>) -> String {
    let mut out = format!("{} {}\n", range.start, range.len());
    let mut prev = "";
    for k in &postings.keys[range] {
        let (p, rest) = front_code(prev, &k.key);
        out.push(p);
        out.push_str(rest);
        let word = k.word != k.key;
        if k.df != 1 || word {
            out.push(' ');
            out.push_str(&base36(k.df as u64));
        }
        if word {
            let (q, rest) = front_code(&k.key, &k.word);
            out.push(' ');
            out.push(q);
            out.push_str(rest);
        }
        out.push('\n');
        prev = &k.key;
    }
    out
}

/// `(shared-prefix digit, rest of word)`, the shared prefix capped at 35
/// UTF-16 units and cut on a character boundary.
fn front_code<'a>(prev: &str, word: &'a str) -> (char, &'a str) {
    let mut shared = common_prefix_utf16(prev, word).min(35);
    // Back off to a character boundary in UTF-16 terms.
    let mut units = 0;
    let mut byte = 0;
    for c in word.chars() {
        if units + c.len_utf16() > shared {
            break;
        }
        units += c.len_utf16();
        byte += c.len_utf8();
    }
    shared = units;
    (
        std::char::from_digit(shared as u32, 36).unwrap_or('0'),
        &word[byte..],
    )
}

pub fn base36(mut v: u64) -> String {
    if v == 0 {
        return "0".into();
    }
    let mut digits = Vec::new();
    while v > 0 {
        digits.push(std::char::from_digit((v % 36) as u32, 36).unwrap_or('0'));
        v /= 36;
    }
    digits.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(terms: &[(&str, [u16; FIELDS])]) -> EntryTerms {
        let mut lens = [0u32; FIELDS];
        for (_, tf) in terms {
            for f in 0..FIELDS {
                lens[f] += tf[f] as u32;
            }
        }
        let mut e = EntryTerms {
            lens,
            ..Default::default()
        };
        for (s, tf) in terms {
            e.push(s, *tf);
        }
        e
    }

    /// Decodes one key block into (surface, [(doc, score byte)]).
    fn decode(block: &[u8]) -> Vec<(String, Vec<(u32, u8)>)> {
        fn read(b: &[u8], pos: &mut usize) -> u64 {
            let mut v = 0u64;
            let mut shift = 0;
            loop {
                let byte = b[*pos];
                *pos += 1;
                v |= ((byte & 0x7f) as u64) << shift;
                if byte & 0x80 == 0 {
                    return v;
                }
                shift += 7;
            }
        }
        let mut pos = 0;
        let n = read(block, &mut pos);
        (0..n)
            .map(|_| {
                let len = read(block, &mut pos) as usize;
                let s = String::from_utf8(block[pos..pos + len].to_vec()).unwrap();
                pos += len;
                let count = read(block, &mut pos) as usize;
                let mut doc = 0u32;
                let docs: Vec<u32> = (0..count)
                    .map(|_| {
                        doc += (read(block, &mut pos) >> 1) as u32;
                        doc
                    })
                    .collect();
                let scores = block[pos..pos + count].to_vec();
                pos += count;
                (s, docs.into_iter().zip(scores).collect())
            })
            .collect()
    }

    /// Encodes `entries` with lists made from scratch.
    fn fresh(table: &TermTable, entries: &[Interned]) -> String {
        let refs: Vec<&Interned> = entries.iter().collect();
        let lists = Lists::new(&refs, table.len());
        encoded(table, &lists, entries)
    }

    fn encoded(table: &TermTable, lists: &Lists, entries: &[Interned]) -> String {
        let lens: Vec<[u32; FIELDS]> = entries.iter().map(|e| e.lens).collect();
        format!(
            "{:?}",
            encode(lists, &lens, table, &Layout::new(lists, table), None)
        )
    }

    #[test]
    fn patched_lists_encode_like_fresh_ones() {
        let words = |w: &[&str]| {
            entry(
                &w.iter()
                    .map(|w| (*w, [0, 0, 0, 0, 1, 0]))
                    .collect::<Vec<_>>(),
            )
        };
        let old = [
            words(&["skola", "plan"]),
            words(&["plan", "hus"]),
            words(&["huset"]),
        ];
        let new = [
            words(&["plan", "skolan"]),
            words(&["skola", "plan"]),
            words(&["ny", "plan"]),
            words(&["huset"]),
        ];
        let mut table = TermTable::default();
        let old: Vec<Interned> = old.iter().map(|e| table.intern(e)).collect();
        let new: Vec<Interned> = new.iter().map(|e| table.intern(e)).collect();
        table.stem_new();
        let refs: Vec<&Interned> = old.iter().collect();

        // The middle entry edited in place: ids stay.
        let mut lists = Lists::new(&refs, table.len());
        let in_place = [new[1].clone(), new[2].clone(), new[3].clone()];
        let changed = lists.patch(
            &Changes {
                remap: None,
                removed: vec![(1, &old[1])],
                added: vec![(1, &new[2])],
            },
            table.len(),
        );
        assert!(changed, "\"ny\" starts having postings, \"hus\" stops");
        assert_eq!(encoded(&table, &lists, &in_place), fresh(&table, &in_place));

        // An entry added in front and one removed: kept ids shift.
        let mut lists = Lists::new(&refs, table.len());
        lists.patch(
            &Changes {
                remap: Some(vec![1, u32::MAX, 3]),
                removed: vec![(1, &old[1])],
                added: vec![(0, &new[0]), (2, &new[2])],
            },
            table.len(),
        );
        assert_eq!(encoded(&table, &lists, &new), fresh(&table, &new));
    }

    #[test]
    fn kept_blocks_encode_like_fresh_ones_when_the_top_score_moves() {
        // Entry 0's title gives "ord" three times instead of once (and
        // "x" twice no more): same field lengths and terms, so blocks are
        // kept, but a higher top score, so every kept byte is redone.
        let before = [
            entry(&[
                ("ord", [1, 0, 0, 0, 0, 0]),
                ("x", [2, 0, 0, 0, 0, 0]),
                ("skola", [0, 0, 0, 0, 3, 0]),
            ]),
            entry(&[("x", [0, 0, 0, 0, 1, 0]), ("skola", [0, 0, 0, 0, 2, 0])]),
            entry(&[("plan", [1, 0, 0, 0, 0, 0]), ("skola", [0, 0, 0, 0, 1, 0])]),
        ];
        let after0 = entry(&[("ord", [3, 0, 0, 0, 0, 0]), ("skola", [0, 0, 0, 0, 3, 0])]);
        let mut table = TermTable::default();
        let old: Vec<Interned> = before.iter().map(|e| table.intern(e)).collect();
        let new0 = table.intern(&after0);
        table.stem_new();
        let refs: Vec<&Interned> = old.iter().collect();
        let mut lists = Lists::new(&refs, table.len());
        let layout = Layout::new(&lists, &table);
        let lens = |e: &[&Interned]| e.iter().map(|e| e.lens).collect::<Vec<_>>();
        let last = encode(&lists, &lens(&refs), &table, &layout, None);
        let relaid = lists.patch(
            &Changes {
                remap: None,
                removed: vec![(0, &old[0])],
                added: vec![(0, &new0)],
            },
            table.len(),
        );
        assert!(!relaid, "the same terms have postings");
        let now = [&new0, &old[1], &old[2]];
        let mut changed_terms: Vec<u32> = (old[0].terms.iter().chain(&new0.terms))
            .map(|&(t, _)| t)
            .collect();
        changed_terms.sort_unstable();
        changed_terms.dedup();
        let last_scale = last.scale;
        let reuse = Reuse {
            last,
            changed_terms: &changed_terms,
            changed_docs: &[0],
        };
        let kept = encode(&lists, &lens(&now), &table, &layout, Some(reuse));
        assert_ne!(kept.scale, last_scale, "the top score moved");
        let scratch = encode(&lists, &lens(&now), &table, &layout, None);
        assert_eq!(format!("{kept:?}"), format!("{scratch:?}"));
    }

    #[test]
    fn varints_round_trip_sizes() {
        let mut v = Vec::new();
        varint(&mut v, 0);
        varint(&mut v, 127);
        varint(&mut v, 128);
        varint(&mut v, 300);
        assert_eq!(v, [0, 127, 0x80, 1, 0xac, 2]);
    }

    #[test]
    fn surface_forms_group_under_their_key() {
        let p = build(&[
            entry(&[("skolan", [1, 0, 0, 0, 0, 0])]),
            entry(&[
                ("skola", [0, 0, 0, 0, 2, 0]),
                ("socialtjänst", [0, 0, 0, 0, 1, 0]),
            ]),
            entry(&[("socialtjanst", [0, 0, 0, 0, 1, 0])]),
        ]);
        let keys: Vec<&str> = p.keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["skol", "socialtjanst"]);
        let skol = decode(&p.blocks[0]);
        assert_eq!(
            skol.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
            ["skola", "skolan"]
        );
        assert_eq!(skol[0].1.iter().map(|x| x.0).collect::<Vec<_>>(), [1]);
        assert_eq!(p.keys[0].df, 2);
        // Both spellings stay, so an exact-accent match can rank higher.
        let soc = decode(&p.blocks[1]);
        assert_eq!(
            soc.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
            ["socialtjanst", "socialtjänst"]
        );
    }

    #[test]
    fn title_outranks_body() {
        let p = build(&[
            entry(&[("plan", [0, 0, 0, 0, 1, 0]), ("och", [0, 0, 0, 0, 20, 0])]),
            entry(&[("plan", [1, 0, 0, 0, 0, 0]), ("och", [0, 0, 0, 0, 20, 0])]),
            entry(&[("plan", [0, 1, 0, 0, 0, 0]), ("och", [0, 0, 0, 0, 20, 0])]),
            entry(&[("plan", [0, 0, 1, 0, 0, 0]), ("och", [0, 0, 0, 0, 20, 0])]),
            entry(&[("plan", [0, 0, 0, 1, 0, 0]), ("och", [0, 0, 0, 0, 20, 0])]),
            entry(&[("annat", [0, 0, 0, 0, 1, 0])]),
            entry(&[("plan", [0, 0, 0, 0, 0, 1]), ("och", [0, 0, 0, 0, 20, 0])]),
        ]);
        let i = p.keys.iter().position(|k| k.key == "plan").unwrap();
        let postings = &decode(&p.blocks[i])[0].1;
        let score = |doc: u32| postings.iter().find(|x| x.0 == doc).unwrap().1;
        // title > tags > summary > headings > body > facts
        assert!(score(1) > score(2), "{postings:?}");
        assert!(score(2) > score(3), "{postings:?}");
        assert!(score(3) > score(4), "{postings:?}");
        assert!(score(4) > score(0), "{postings:?}");
        assert!(score(0) > score(6), "{postings:?}");
    }

    #[test]
    fn the_first_word_of_a_title_is_flagged_in_its_entry_gap() {
        let mut lead = entry(&[("plan", [1, 0, 0, 0, 0, 0]), ("hus", [0, 0, 0, 0, 1, 0])]);
        lead.lead = Some(0);
        let other = entry(&[("plan", [0, 0, 0, 0, 1, 0]), ("hus", [1, 0, 0, 0, 0, 0])]);
        let p = build(&[other, lead]);
        let i = p.keys.iter().position(|k| k.key == "plan").unwrap();
        // "plan": entries 0 and 1, gaps 0 and 1; entry 1 starts its title with it.
        assert_eq!(&p.blocks[i][..8], [1, 4, b'p', b'l', b'a', b'n', 2, 0]);
        assert_eq!(p.blocks[i][8], 1 << 1 | 1);
    }

    #[test]
    fn rarer_terms_score_higher() {
        let p = build(&[
            entry(&[
                ("vanlig", [0, 0, 0, 0, 1, 0]),
                ("ovanlig", [0, 0, 0, 0, 1, 0]),
            ]),
            entry(&[("vanlig", [0, 0, 0, 0, 1, 0])]),
            entry(&[("vanlig", [0, 0, 0, 0, 1, 0])]),
        ]);
        let score = |key: &str| {
            let i = p.keys.iter().position(|k| k.key == key).unwrap();
            decode(&p.blocks[i])[0].1[0].1
        };
        assert!(score("ovan") > score("van"), "{:?}", p.keys);
    }

    #[test]
    fn shards_stay_under_target_and_split_digits_from_letters() {
        let entries: Vec<EntryTerms> = (0..400)
            .map(|i| {
                entry(&[
                    (&format!("ord{}", i % 97), [0, 0, 0, 0, 1, 0]),
                    (&format!("{}", i % 50), [1, 0, 0, 0, 0, 0]),
                    ("alltid", [0, 0, 0, 0, 1, 0]),
                ])
            })
            .collect();
        let p = build(&entries);
        let shards = shards(&p);
        assert_eq!(shards[0].0, 0);
        // Shard starts are increasing and one starts at the first letter key.
        assert!(shards.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(shards.iter().any(|s| s.0 == p.first_letter_key));
        for (start, bytes) in &shards {
            let keys_in = shards
                .iter()
                .map(|s| s.0)
                .find(|&s| s > *start)
                .unwrap_or(p.keys.len())
                - start;
            assert!(
                bytes.len() <= SHARD_TARGET || keys_in == 1,
                "shard at {start}: {} bytes",
                bytes.len()
            );
        }
        // Every block is in exactly one shard.
        let total: usize = shards.iter().map(|s| s.1.len()).sum();
        let framed: usize = p
            .blocks
            .iter()
            .map(|b| b.len() + if b.len() < 128 { 1 } else { 2 })
            .sum();
        assert_eq!(total, framed);
    }

    #[test]
    fn vocabulary_is_front_coded() {
        let p = build(&[entry(&[
            ("handlingsplan", [1, 0, 0, 0, 0, 0]),
            ("handlingsplanen", [1, 0, 0, 0, 0, 0]),
            ("handling", [1, 0, 0, 0, 0, 0]),
            ("skolan", [1, 0, 0, 0, 0, 0]),
            ("skola", [0, 0, 0, 0, 1, 0]),
        ])]);
        let v = vocab(&p, 0..p.keys.len());
        assert_eq!(v, "0 3\n0handling\n8splan\n0skol 1 4a\n", "{:?}", p.keys);
    }

    #[test]
    fn base36_digits() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
    }
}
