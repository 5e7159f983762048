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
//!   varint gaps (the first from 0), `COUNT` score bytes.
//!
//! A score byte is the BM25F score of the term in the entry, log-scaled:
//! `score = exp(byte / 255 · scale) − 1` with `scale` from `index.json`.

use std::collections::HashSet;

use rayon::prelude::*;

use super::tokenize::{fold, key, KeyMaker};
use super::FxMap;

/// Fields, in index order: title, tags, summary, headings, body.
pub const FIELDS: usize = 5;
/// BM25F weight of each field: title > tags > summary > headings > body.
pub const WEIGHTS: [f32; FIELDS] = [8.0, 5.0, 3.0, 2.0, 1.0];
/// BM25F length normalisation per field.
const B: [f32; FIELDS] = [0.3, 0.3, 0.5, 0.5, 0.75];
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

/// The built index, ready to write.
#[derive(Debug, Default)]
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
}

#[derive(Debug, Clone)]
pub struct KeyInfo {
    pub key: String,
    pub df: u32,
    pub word: String,
}

/// A surface form and its postings.
struct Term<'a> {
    surface: &'a str,
    key: String,
    docs: Vec<u32>,
    /// BM25F score per posting.
    scores: Vec<f32>,
}

/// Builds postings for `entries` (entry id = position).
pub fn build(entries: &[EntryTerms]) -> Postings {
    // BM25F: the term-frequency part of a posting needs only its entry and
    // the average field lengths, so postings keep that (4 bytes) and the
    // idf multiplies in once the document frequency is known.
    let n = entries.len().max(1) as f32;
    let mut avg = [0f32; FIELDS];
    for e in entries {
        for (a, l) in avg.iter_mut().zip(e.lens) {
            *a += l as f32;
        }
    }
    for a in &mut avg {
        *a = (*a / n).max(1.0);
    }
    let tf_part = |e: &EntryTerms, tf: &[u16; FIELDS]| {
        let mut x = 0f32;
        for f in 0..FIELDS {
            if tf[f] > 0 {
                let norm = 1.0 - B[f] + B[f] * e.lens[f] as f32 / avg[f];
                x += WEIGHTS[f] * tf[f] as f32 / norm;
            }
        }
        x * (K1 + 1.0) / (K1 + x)
    };

    // Gather postings per surface form, entries in id order.
    let mut ids: FxMap<&str, u32> = FxMap::default();
    let mut terms: Vec<Term> = Vec::new();
    for (doc, e) in entries.iter().enumerate() {
        for (surface, tf) in e.iter() {
            let id = *ids.entry(surface).or_insert_with(|| {
                terms.push(Term {
                    surface,
                    key: String::new(),
                    docs: Vec::new(),
                    scores: Vec::new(),
                });
                (terms.len() - 1) as u32
            });
            let t = &mut terms[id as usize];
            t.docs.push(doc as u32);
            t.scores.push(tf_part(e, tf));
        }
    }
    drop(ids);
    terms.par_iter_mut().for_each(|t| {
        let df = t.docs.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        t.scores.iter_mut().for_each(|s| *s *= idf);
    });
    let max = terms
        .iter()
        .flat_map(|t| t.scores.iter())
        .fold(0f32, |m, &s| m.max(s));
    let scale = (1.0 + max).ln().max(f32::MIN_POSITIVE);

    terms
        .par_iter_mut()
        .for_each_init(KeyMaker::default, |km, t| t.key = km.stem(&fold(t.surface)));
    // The definite-form rule looks at the stems of the whole site.
    let stems: HashSet<&str> = terms.iter().map(|t| t.key.as_str()).collect();
    let keys: Vec<Option<String>> = terms
        .par_iter()
        .map(|t| {
            let k = key(&t.key, |s| stems.contains(s));
            (k.len() != t.key.len()).then(|| k.to_string())
        })
        .collect();
    drop(stems);
    for (t, k) in terms.iter_mut().zip(keys) {
        if let Some(k) = k {
            t.key = k;
        }
    }

    // Group surface forms by key, keys sorted (bytes), forms sorted.
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.par_sort_unstable_by(|&a, &b| {
        (&terms[a].key, terms[a].surface).cmp(&(&terms[b].key, terms[b].surface))
    });
    let mut groups: Vec<&[usize]> = Vec::new();
    let mut start = 0;
    for i in 1..=order.len() {
        if i == order.len() || terms[order[i]].key != terms[order[start]].key {
            groups.push(&order[start..i]);
            start = i;
        }
    }
    let (keys, blocks): (Vec<KeyInfo>, Vec<Vec<u8>>) = groups
        .par_iter()
        .map(|g| {
            let info = key_info(&terms, g);
            let mut block = Vec::new();
            varint(&mut block, g.len() as u64);
            for &t in g.iter() {
                let term = &terms[t];
                varint(&mut block, term.surface.len() as u64);
                block.extend_from_slice(term.surface.as_bytes());
                varint(&mut block, term.docs.len() as u64);
                let mut prev = 0u32;
                for &d in &term.docs {
                    varint(&mut block, (d - prev) as u64);
                    prev = d;
                }
                block.extend(term.scores.iter().map(|&s| quantize(s, scale)));
            }
            (info, block)
        })
        .unzip();
    let first_letter_key = keys
        .iter()
        .position(|k| !starts_with_digit(&k.key))
        .unwrap_or(keys.len());
    Postings {
        keys,
        blocks,
        scale,
        first_letter_key,
    }
}

fn key_info(terms: &[Term], group: &[usize]) -> KeyInfo {
    let key = terms[group[0]].key.clone();
    let mut docs: Vec<u32> = group
        .iter()
        .flat_map(|&t| terms[t].docs.iter().copied())
        .collect();
    if group.len() > 1 {
        docs.sort_unstable();
        docs.dedup();
    }
    // The most frequent form; ties to the shorter, then the first.
    let word = group
        .iter()
        .map(|&t| &terms[t])
        .max_by(|a, b| {
            a.docs
                .len()
                .cmp(&b.docs.len())
                .then(b.surface.len().cmp(&a.surface.len()))
                .then(b.surface.cmp(a.surface))
        })
        .map(|t| t.surface.to_string())
        .unwrap_or_default();
    KeyInfo {
        key,
        df: docs.len() as u32,
        word,
    }
}

/// Whether a key belongs in the digit vocabulary.
pub fn starts_with_digit(key: &str) -> bool {
    key.chars().next().is_some_and(|c| c.is_numeric())
}

/// A score as one byte, log-scaled; never 0 for a posting.
pub fn quantize(score: f32, scale: f32) -> u8 {
    let q = ((1.0 + score.max(0.0)).ln() / scale * 255.0).round();
    q.clamp(1.0, 255.0) as u8
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
                        doc += read(block, &mut pos) as u32;
                        doc
                    })
                    .collect();
                let scores = block[pos..pos + count].to_vec();
                pos += count;
                (s, docs.into_iter().zip(scores).collect())
            })
            .collect()
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
            entry(&[("skolan", [1, 0, 0, 0, 0])]),
            entry(&[
                ("skola", [0, 0, 0, 0, 2]),
                ("socialtjänst", [0, 0, 0, 0, 1]),
            ]),
            entry(&[("socialtjanst", [0, 0, 0, 0, 1])]),
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
            entry(&[("plan", [0, 0, 0, 0, 1]), ("och", [0, 0, 0, 0, 20])]),
            entry(&[("plan", [1, 0, 0, 0, 0]), ("och", [0, 0, 0, 0, 20])]),
            entry(&[("plan", [0, 1, 0, 0, 0]), ("och", [0, 0, 0, 0, 20])]),
            entry(&[("plan", [0, 0, 1, 0, 0]), ("och", [0, 0, 0, 0, 20])]),
            entry(&[("plan", [0, 0, 0, 1, 0]), ("och", [0, 0, 0, 0, 20])]),
            entry(&[("annat", [0, 0, 0, 0, 1])]),
        ]);
        let i = p.keys.iter().position(|k| k.key == "plan").unwrap();
        let postings = &decode(&p.blocks[i])[0].1;
        let score = |doc: u32| postings.iter().find(|x| x.0 == doc).unwrap().1;
        // title > tags > summary > headings > body
        assert!(score(1) > score(2), "{postings:?}");
        assert!(score(2) > score(3), "{postings:?}");
        assert!(score(3) > score(4), "{postings:?}");
        assert!(score(4) > score(0), "{postings:?}");
    }

    #[test]
    fn rarer_terms_score_higher() {
        let p = build(&[
            entry(&[("vanlig", [0, 0, 0, 0, 1]), ("ovanlig", [0, 0, 0, 0, 1])]),
            entry(&[("vanlig", [0, 0, 0, 0, 1])]),
            entry(&[("vanlig", [0, 0, 0, 0, 1])]),
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
                    (&format!("ord{}", i % 97), [0, 0, 0, 0, 1]),
                    (&format!("{}", i % 50), [1, 0, 0, 0, 0]),
                    ("alltid", [0, 0, 0, 0, 1]),
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
            ("handlingsplan", [1, 0, 0, 0, 0]),
            ("handlingsplanen", [1, 0, 0, 0, 0]),
            ("handling", [1, 0, 0, 0, 0]),
            ("skolan", [1, 0, 0, 0, 0]),
            ("skola", [0, 0, 0, 0, 1]),
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
