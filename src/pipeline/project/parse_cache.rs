//! Parses kept on disk between runs of `serve` (`.samsyn-cache/parses` in
//! the site folder), so that a big site's preview starts without parsing
//! again every file that has not changed since it last ran.
//!
//! Parsing is most of serve's start at scale (14 of 22 s at 100 000 pages
//! on two cores), and resolve needs every page parsed before the first
//! page can be answered. A page's parse is made from its text, its path,
//! the site's `base_url` and the samsyn that parsed it, and from nothing
//! else unless it includes other files. So a file's parse is taken from
//! here only when the cache was written by this very samsyn for the same
//! `base_url`, the file's text hashes the same, and the parse included
//! no file; pages with an include line are always parsed again.
//!
//! The cache is only ever a shortcut: one that is missing, unreadable,
//! cut short, written by another samsyn or failing a checksum is ignored
//! whole (and written anew), never an error. `samsyn build` neither reads
//! nor writes it, so nothing published comes from it. The checksums catch
//! accidents, not forgeries: the cache is trusted as the site folder it is
//! in is (whoever can write it can write `content/`), but a size that no
//! packed body could have is refused, so a damaged one cannot ask for
//! gigabytes.
//!
//! It is written once a run, after the first compile, from that start's
//! parses: a file edited while serve runs is parsed again at the next
//! start too.
//!
//! The file: [`MAGIC`], then frames of a little-endian `u32` length, the
//! XXH3 of the payload as a little-endian `u64`, and the payload, in
//! postcard. The first frame is the [`Header`], then one per file.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Project;
use crate::content::Sources;
use crate::error::Diagnostic;
use crate::parse::ParsedPage;
use crate::pipeline::BuildOptions;

/// The first bytes of the file; the number is the format's version.
const MAGIC: &[u8] = b"samsyn parses 1\n";

/// The cache folder, in the site folder. It holds a `.gitignore` of its
/// own, so a site kept in git needs no line for it.
pub const DIR: &str = ".samsyn-cache";

const FILE: &str = "parses";

/// A cache being written, named for the writing process.
const TMP: &str = "parses.tmp-";

/// Where the cache of the site at `site_dir` is.
pub fn path(site_dir: &Path) -> PathBuf {
    site_dir.join(DIR).join(FILE)
}

/// What the whole file was made by and for.
#[derive(Serialize, Deserialize)]
struct Header {
    identity: String,
    base_url: String,
    entries: u64,
}

/// One file's parse, as written.
#[derive(Serialize)]
struct EntryRef<'a> {
    content_path: &'a str,
    text_hash: u64,
    page: Option<&'a ParsedPage>,
    /// The parse's diagnostics, as JSON: their messages' arguments are
    /// told apart by shape, which postcard cannot do.
    diags: String,
}

/// One file's parse, as read back ([`EntryRef`]'s fields, in order).
#[derive(Deserialize)]
struct Entry {
    content_path: String,
    text_hash: u64,
    page: Option<ParsedPage>,
    diags: String,
}

/// What parsing one file gave, as kept.
pub type Parse = (Option<ParsedPage>, Vec<Diagnostic>);

/// One file's parse to keep: its content path, the fingerprint of the
/// text it was parsed from ([`crate::hash::fingerprint`] of the
/// `String`), the page and the diagnostics.
pub type ToKeep = (String, u64, Option<Arc<ParsedPage>>, Vec<Diagnostic>);

/// The parses read from a cache, by content path.
#[derive(Default)]
pub struct Kept {
    entries: crate::hash::Map<String, (u64, Parse)>,
}

impl Kept {
    /// Reads the cache at `path` if this samsyn (`identity`) wrote it for
    /// `base_url`; else (or if it cannot be read whole) none.
    pub fn read(path: &Path, identity: &str, base_url: &str) -> Kept {
        let entries = std::fs::File::open(path)
            .ok()
            .and_then(|file| decode(std::io::BufReader::new(file), identity, base_url));
        Kept {
            entries: entries.unwrap_or_default(),
        }
    }

    /// How many files' parses were read.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Takes out the parse of `content_path` if it was made from a text
    /// with this fingerprint.
    pub fn take(&mut self, content_path: &str, text_hash: u64) -> Option<Parse> {
        let (hash, _) = self.entries.get(content_path)?;
        if *hash != text_hash {
            return None;
        }
        self.entries.remove(content_path).map(|(_, parse)| parse)
    }
}

/// The entries of a whole cache, if it is one this samsyn wrote for
/// `base_url` and every frame is intact. Read a batch of frames at a
/// time, decoded in parallel: the file is as big as the site's bodies,
/// and is never held whole.
fn decode(
    mut file: impl Read,
    identity: &str,
    base_url: &str,
) -> Option<crate::hash::Map<String, (u64, Parse)>> {
    let mut magic = [0; MAGIC.len()];
    file.read_exact(&mut magic).ok()?;
    if magic != MAGIC {
        return None;
    }
    let header: Header = postcard::from_bytes(&read_frame(&mut file)??).ok()?;
    if header.identity != identity || header.base_url != base_url {
        return None;
    }
    let count = usize::try_from(header.entries).ok()?;
    let mut entries = crate::hash::Map::default();
    entries.reserve(count.min(1 << 20));
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(frame) = read_frame(&mut file) {
        batch.push(frame?);
        if batch.len() == BATCH {
            entries.extend(decode_batch(&batch)?);
            batch.clear();
        }
    }
    entries.extend(decode_batch(&batch)?);
    (entries.len() == count).then_some(entries)
}

/// Frames decoded together: enough for both cores to share (a frame is a
/// few microseconds), few enough that the batch is a few megabytes.
const BATCH: usize = 1024;

fn decode_batch(frames: &[Vec<u8>]) -> Option<Vec<(String, (u64, Parse))>> {
    frames
        .par_iter()
        .map(|frame| {
            let e: Entry = postcard::from_bytes(frame).ok()?;
            if !e
                .page
                .as_ref()
                .is_none_or(|p| p.body.packed_sizes_possible())
            {
                return None;
            }
            let diags: Vec<Diagnostic> = serde_json::from_str(&e.diags).ok()?;
            Some((e.content_path, (e.text_hash, (e.page, diags))))
        })
        .collect()
}

/// The next frame's payload, checked against its checksum: `None` at the
/// end of the file, `Some(None)` if the frame is cut short or does not
/// match.
fn read_frame(file: &mut impl Read) -> Option<Option<Vec<u8>>> {
    let mut first = [0; 1];
    match file.read(&mut first) {
        Ok(0) => None,
        Ok(_) => Some(read_rest_of_frame(first[0], file)),
        Err(_) => Some(None),
    }
}

/// A frame's payload after its `first` byte.
fn read_rest_of_frame(first: u8, file: &mut impl Read) -> Option<Vec<u8>> {
    let mut head = [0; 12];
    head[0] = first;
    file.read_exact(&mut head[1..]).ok()?;
    let (len, sum) = head.split_at(4);
    let len = u32::from_le_bytes(len.try_into().ok()?);
    let sum = u64::from_le_bytes(sum.try_into().ok()?);
    // Read up to `len` bytes, not into a buffer of that size: a broken
    // length must not make a huge allocation.
    let mut payload = Vec::new();
    file.by_ref()
        .take(u64::from(len))
        .read_to_end(&mut payload)
        .ok()?;
    let whole = payload.len() as u64 == u64::from(len);
    (whole && xxhash_rust::xxh3::xxh3_64(&payload) == sum).then_some(payload)
}

/// Writes `entries` as the cache at `path`, for this samsyn (`identity`)
/// and `base_url`: into a file beside it, renamed over it once whole, so
/// a reader never sees half a cache.
pub fn write(
    path: &Path,
    identity: &str,
    base_url: &str,
    entries: &[ToKeep],
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    mark_folder(dir)?;
    remove_leftovers(dir);
    let tmp = dir.join(format!("{TMP}{}", std::process::id()));
    let written = write_frames(&tmp, identity, base_url, entries);
    match written {
        Ok(()) => std::fs::rename(&tmp, path),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Removes what writers killed mid-way left (serve stopped with Ctrl-C
/// while writing): files named for a process that is gone, each as big
/// as a cache.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let gone = name
            .strip_prefix(TMP)
            .is_some_and(|pid| !crate::output::process_is_running(pid));
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Says what the folder is to git (ignore all of it) and to backup tools
/// (`CACHEDIR.TAG`, <https://bford.info/cachedir/>).
fn mark_folder(dir: &Path) -> std::io::Result<()> {
    let files: [(&str, &str); 2] = [
        (".gitignore", "# samsyn serve's cache: made again when missing.\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# samsyn serve's parse cache: made again when missing.\n",
        ),
    ];
    for (name, text) in files {
        let file = dir.join(name);
        if !file.exists() {
            std::fs::write(file, text)?;
        }
    }
    Ok(())
}

fn write_frames(
    tmp: &Path,
    identity: &str,
    base_url: &str,
    entries: &[ToKeep],
) -> std::io::Result<()> {
    let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    let mut out = BufWriter::new(std::fs::File::create(tmp)?);
    out.write_all(MAGIC)?;
    let header = Header {
        identity: identity.to_string(),
        base_url: base_url.to_string(),
        entries: entries.len() as u64,
    };
    let header = postcard::to_stdvec(&header).map_err(|e| invalid(e.to_string()))?;
    frame(&mut out, &header)?;
    // In parallel a chunk at a time: the whole cache is as big as the
    // site's bodies, and serve is running beside it.
    for chunk in entries.chunks(256) {
        let payloads: Result<Vec<Vec<u8>>, String> = chunk.par_iter().map(encode).collect();
        for payload in payloads.map_err(invalid)? {
            frame(&mut out, &payload)?;
        }
    }
    out.flush()
}

/// One file's frame payload. Serve keeps its pages' plain texts unpacked
/// (`Packing::Html`); the cache keeps them packed, half the bytes for the
/// next start to read.
fn encode((content_path, text_hash, page, diags): &ToKeep) -> Result<Vec<u8>, String> {
    let packed = page.as_deref().map(|p| match &p.body {
        b if b.packed_text.is_some() || b.text.is_empty() => std::borrow::Cow::Borrowed(p),
        _ => {
            let mut p = p.clone();
            p.body.pack();
            std::borrow::Cow::Owned(p)
        }
    });
    let entry = EntryRef {
        content_path,
        text_hash: *text_hash,
        page: packed.as_deref(),
        diags: serde_json::to_string(diags).map_err(|e| e.to_string())?,
    };
    postcard::to_stdvec(&entry).map_err(|e| e.to_string())
}

fn frame(out: &mut impl Write, payload: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "frame too long"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes())?;
    out.write_all(payload)
}

/// A project's use of its cache: where it is, and whether it is to be
/// written.
pub(super) struct InUse {
    path: PathBuf,
    identity: String,
    /// Pages taken from the cache at the start.
    hits: usize,
    /// Whether the start parsed a page the cache could have held, or the
    /// cache held a file that is gone.
    stale: bool,
}

/// What the start took from the cache ([`Project::parse_all`]).
pub(super) struct Taken {
    /// Pages whose parse came from it.
    pub hits: usize,
    /// Pages it could have held (with no include line) that were parsed.
    pub misses: usize,
}

/// Serve's constructor and the writing of its cache.
impl Project {
    /// Parses a site read by [`crate::content::load`] as
    /// [`Project::from_sources`] does, but takes the parse of every
    /// unchanged page from the site's parse cache, if this samsyn wrote
    /// one for the same `base_url` (see the module).
    pub fn for_serve(opts: BuildOptions, sources: Sources) -> Project {
        let cache = path(&opts.site_dir);
        let identity = crate::pipeline::stamped_identity();
        let (mut p, pages) = Project::unparsed(opts, sources);
        let Some(identity) = identity else {
            p.parse_all(pages, &mut Kept::default());
            return p;
        };
        let mut kept = Kept::read(&cache, &identity, &p.config.base_url);
        let taken = p.parse_all(pages, &mut kept);
        p.parse_cache = Some(InUse {
            path: cache,
            identity,
            hits: taken.hits,
            stale: taken.misses > 0 || !kept.is_empty(),
        });
        p
    }

    /// How many Markdown files the project holds.
    pub fn page_count(&self) -> usize {
        self.files.len()
    }

    /// How many pages the start took from the parse cache.
    pub fn parses_from_cache(&self) -> usize {
        self.parse_cache.as_ref().map_or(0, |c| c.hits)
    }

    /// The writing of the parse cache, if this project has one that lacks
    /// a page it parsed: every page whose parse included no file, as
    /// parsed now. Once: a later call gives `None`. Run it on a thread of
    /// its own; it holds its parses, not the project.
    pub fn parse_cache_writer(&mut self) -> Option<impl FnOnce() -> std::io::Result<()> + Send> {
        let cache = self.parse_cache.as_mut().filter(|c| c.stale)?;
        cache.stale = false;
        let (path, identity) = (cache.path.clone(), cache.identity.clone());
        let base_url = self.config.base_url.clone();
        let entries: Vec<ToKeep> = self
            .files
            .iter()
            .filter(|(_, c)| c.parsed.as_ref().is_none_or(|p| p.includes.is_empty()))
            .map(|(k, c)| (k.clone(), c.text_hash(), c.parsed.clone(), c.diags.clone()))
            .collect();
        Some(move || write(&path, &identity, &base_url, &entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;

    const PAGE: &str = "---\ntitle: Rutin för orosanmälan\nsummary: Så gör du.\ntags: [skola]\nreviewed: 2026-01-15\nreview_interval: 1 year\n---\n# Gör så här\n\nSe [planen](../planer/plan.md#steg) och [sidan](https://example.org/a) enligt 14 kap. 1 § socialtjänstlagen (2001:453).\n\n## Tomt\n\n## Klicka\n\n[klicka](javascript:alert(1)) «fyll i»\n";

    /// One page parsed with its body packed whole, as the cache stores it,
    /// and what to keep.
    fn parsed(content_path: &str, text: &str) -> (ToKeep, ParsedPage, Vec<Diagnostic>) {
        parsed_as(content_path, text, crate::markdown::Body::pack)
    }

    /// One page parsed with its body packed by `pack`, and what to keep.
    fn parsed_as(
        content_path: &str,
        text: &str,
        pack: fn(&mut crate::markdown::Body),
    ) -> (ToKeep, ParsedPage, Vec<Diagnostic>) {
        let file = SourceFile {
            content_path: content_path.into(),
            text: text.into(),
        };
        let (page, diags) = crate::parse::parse_page(&file, "/", &|_: &str| None);
        let mut page = page.expect("the page parses");
        pack(&mut page.body);
        let hash = crate::hash::fingerprint(&file.text);
        let keep = (
            file.content_path,
            hash,
            Some(Arc::new(page.clone())),
            diags.clone(),
        );
        (keep, page, diags)
    }

    #[test]
    fn a_kept_parse_reads_back_as_it_was_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = path(dir.path());
        let (keep, page, diags) = parsed("rutiner/oro.md", PAGE);
        assert!(!diags.is_empty(), "the page gives warnings to keep");
        assert!(page.body.packed_html.is_some() && !page.body.citations.is_empty());
        let hash = keep.1;
        write(&cache, "samsyn 1", "/", &[keep]).unwrap();
        let mut kept = Kept::read(&cache, "samsyn 1", "/");
        assert_eq!(kept.len(), 1);
        let (back, back_diags) = kept.take("rutiner/oro.md", hash).expect("kept");
        let back = back.expect("a page");
        assert_eq!(format!("{back:?}"), format!("{page:?}"));
        assert_eq!(back.body.html(), page.body.html());
        assert_eq!(back_diags, diags);
        assert!(kept.take("rutiner/oro.md", hash).is_none(), "taken once");
    }

    #[test]
    fn a_text_serve_holds_unpacked_is_kept_packed_and_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let cache = path(dir.path());
        let (keep, held, _) = parsed_as("rutiner/oro.md", PAGE, crate::markdown::Body::pack_html);
        assert!(held.body.packed_text.is_none());
        let hash = keep.1;
        write(&cache, "samsyn 1", "/", &[keep]).unwrap();
        let back = Kept::read(&cache, "samsyn 1", "/").take("rutiner/oro.md", hash);
        let back = back.and_then(|(p, _)| p).expect("a page");
        let (_, page, _) = parsed("rutiner/oro.md", PAGE);
        assert_eq!(
            format!("{back:?}"),
            format!("{page:?}"),
            "kept as pack() packs it"
        );
    }

    #[test]
    fn a_changed_text_another_samsyn_or_another_base_url_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let cache = path(dir.path());
        let (keep, _, _) = parsed("rutiner/oro.md", PAGE);
        write(&cache, "samsyn 1", "/", &[keep]).unwrap();
        let changed = crate::hash::fingerprint(format!("{PAGE}Mer.\n"));
        assert!(Kept::read(&cache, "samsyn 1", "/")
            .take("rutiner/oro.md", changed)
            .is_none());
        assert!(Kept::read(&cache, "samsyn 2", "/").is_empty());
        assert!(Kept::read(&cache, "samsyn 1", "/bus/").is_empty());
        assert!(Kept::read(&dir.path().join("none"), "samsyn 1", "/").is_empty());
    }

    #[test]
    fn a_cache_cut_short_or_with_any_byte_changed_is_ignored_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = path(dir.path());
        let pages = [
            parsed("a.md", PAGE).0,
            parsed("b.md", "---\ntitle: B\n---\nText.\n").0,
        ];
        write(&cache, "samsyn 1", "/", &pages).unwrap();
        let whole = std::fs::read(&cache).unwrap();
        assert_eq!(Kept::read(&cache, "samsyn 1", "/").len(), 2);
        let broken = dir.path().join("broken");
        for cut in 0..whole.len() {
            std::fs::write(&broken, &whole[..cut]).unwrap();
            assert!(
                Kept::read(&broken, "samsyn 1", "/").is_empty(),
                "cut at {cut}"
            );
        }
        for at in 0..whole.len() {
            let mut bytes = whole.clone();
            bytes[at] ^= 0x20;
            std::fs::write(&broken, &bytes).unwrap();
            assert!(
                Kept::read(&broken, "samsyn 1", "/").is_empty(),
                "byte {at} changed"
            );
        }
    }

    #[test]
    fn a_body_saying_it_unpacks_to_more_than_lz4_can_give_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cache = path(dir.path());
        let (mut keep, _, _) = parsed("a.md", PAGE);
        let mut page = ParsedPage::clone(keep.2.as_deref().unwrap());
        // Checksummed as any frame, but 2 GiB from 5 bytes.
        page.body.packed_html = Some(vec![0, 0, 0, 0x80, 0].into_boxed_slice());
        keep.2 = Some(Arc::new(page));
        write(&cache, "samsyn 1", "/", &[keep]).unwrap();
        assert!(Kept::read(&cache, "samsyn 1", "/").is_empty());
    }

    #[test]
    fn a_cache_left_half_written_by_a_writer_that_is_gone_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = path(dir.path());
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        // Process ids stop far below this one (pid_max is at most 2^22).
        let gone = cache.with_file_name(format!("{TMP}999999999"));
        std::fs::write(&gone, b"half").unwrap();
        write(&cache, "samsyn 1", "/", &[]).unwrap();
        assert!(!gone.exists());
        assert!(cache.exists());
    }

    #[test]
    fn the_cache_folder_tells_git_and_backups_to_leave_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        write(&path(dir.path()), "samsyn 1", "/", &[]).unwrap();
        let folder = dir.path().join(DIR);
        let ignore = std::fs::read_to_string(folder.join(".gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"));
        let tag = std::fs::read_to_string(folder.join("CACHEDIR.TAG")).unwrap();
        assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
        let names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    }
}
