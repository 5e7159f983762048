//! The output stage: renders the pages (`render`), makes the search
//! index (`search`) and the feeds (`feeds`), adds the theme's files, the
//! site's `static/` folder and the attachments, and hands every output to
//! the sink as soon as it exists. Owns the cache of what the last compile
//! made ([`OutputCache`]): each output with the fingerprint of its inputs,
//! the list rows, the search work; and the memory release between pages
//! and index in a one-shot build.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::Result;
use crate::feeds;
use crate::output::{OutputFile, RenderedSite, Sink};
use crate::render::{fingerprint, Earlier, Mode, Rendered, Renderer, SharedRows};
use crate::resolve::Site;
use crate::theme::Theme;

/// How long rendering took, by part.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderTimings {
    /// Pages, generated pages and feeds.
    pub render: std::time::Duration,
    /// The search index.
    pub search: std::time::Duration,
    /// Handing outputs to the sink (writing them, for `build`).
    pub write: std::time::Duration,
    /// Templates rendered: every page and list row made again (not reused).
    pub renders: usize,
}

/// Makes a feed's text from the site.
type FeedFn = fn(&Site) -> String;

/// The feeds and other files for tools with one file each, made from what
/// the lists show. Serve leaves them for their requests.
const FEEDS: [(&str, FeedFn); 4] = [
    ("feed.xml", feeds::atom),
    ("reviews.ics", feeds::ics),
    ("robots.txt", feeds::robots),
    ("api/pages.json", crate::api::pages_json),
];

/// What the last render produced, so the next one can reuse every output
/// whose inputs hash the same.
#[derive(Debug, Clone, Default)]
pub struct OutputCache {
    fingerprints: crate::hash::Map<String, u64>,
    files: Arc<BTreeMap<String, OutputFile>>,
    /// Output paths that differ from the render before (added, changed or
    /// removed); everything on a first render. Empty when a sink was used.
    pub changed: Vec<String>,
    /// Time taken by each part of the render that made this cache.
    pub timings: RenderTimings,
    /// Rows of the long document lists.
    rows: SharedRows,
    /// Per-entry search work, reused by entries whose inputs are unchanged.
    search: crate::search::Cache,
    /// Sizes and step times of the last search build.
    pub search_stats: crate::search::Stats,
    /// What the last render in memory prepared over the whole site, for
    /// serve's quick path ([`patch_pages`]).
    prepared: Option<crate::render::Prepared>,
    /// The lists and feeds serve rendered at their requests.
    listings: Listings,
}

/// The lists and feeds of every document serve rendered when they were
/// asked for, compressed, each with the fingerprint it was made from:
/// kept from compile to compile, so `/documents/` is made again only when
/// what it lists changed. Holds no more than one file per path, and only
/// files of the current fingerprints once a compile has [`Listings::keep`]
/// them.
#[derive(Debug, Clone, Default)]
struct Listings {
    kept: Arc<std::sync::Mutex<ListingMap>>,
    /// Held while one is rendered: tabs asking for `/documents/` at once
    /// after a save wait for one render (seconds at a county's size)
    /// rather than make one each.
    rendering: Arc<std::sync::Mutex<()>>,
}

/// Output path → (fingerprint, LZ4-packed bytes).
type ListingMap = crate::hash::Map<String, (u64, Arc<[u8]>)>;

impl Listings {
    fn lock(&self) -> std::sync::MutexGuard<'_, ListingMap> {
        // An entry is whole or absent even if a thread panicked holding it.
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The bytes of `path` if they were made from fingerprint `fp`.
    fn get(&self, path: &str, fp: u64) -> Option<std::io::Result<Arc<[u8]>>> {
        let packed = match self.lock().get(path) {
            Some((made, packed)) if *made == fp => Arc::clone(packed),
            _ => return None,
        };
        Some(crate::output::decompress(&packed))
    }

    fn put(&self, path: &str, fp: u64, bytes: &[u8]) {
        let packed = crate::output::compress(bytes);
        self.lock().insert(path.to_string(), (fp, packed));
    }

    /// Lets go of every file not made from the fingerprint its path has
    /// in `current`.
    fn keep(&self, current: &crate::hash::Map<String, u64>) {
        self.lock()
            .retain(|path, (fp, _)| current.get(path) == Some(fp));
    }

    /// The paths kept, in order.
    fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.lock().keys().cloned().collect();
        paths.sort();
        paths
    }
}

impl OutputCache {
    /// A cache of a previous build's output folder: every path with the
    /// fingerprint it was made from, reused by linking the file in `dir`.
    pub fn of_previous_output(
        dir: &std::path::Path,
        fingerprints: impl IntoIterator<Item = (String, u64)>,
    ) -> OutputCache {
        let fingerprints: crate::hash::Map<String, u64> = fingerprints.into_iter().collect();
        let files = fingerprints
            .keys()
            .map(|p| (p.clone(), OutputFile::Previous(dir.join(p))))
            .collect();
        OutputCache {
            fingerprints,
            files: Arc::new(files),
            ..OutputCache::default()
        }
    }

    /// Output path → fingerprint of its inputs, for every output that has one.
    pub fn fingerprints(&self) -> impl Iterator<Item = (&str, u64)> {
        self.fingerprints.iter().map(|(p, f)| (p.as_str(), *f))
    }

    /// The lists and feeds serve rendered at a request and keeps for the
    /// next, as output paths in order.
    pub fn kept_listings(&self) -> Vec<String> {
        self.listings.paths()
    }
}

impl Earlier for OutputCache {
    /// The previous bytes of `path` if they were made from the same inputs.
    fn reuse(&self, path: &str, fingerprint: u64) -> Option<OutputFile> {
        (self.fingerprints.get(path) == Some(&fingerprint))
            .then(|| self.files.get(path).cloned())
            .flatten()
    }
}

/// Renders every output of `site` into memory, with nothing to reuse.
pub fn render(site: &Site, theme: &Theme, mode: Mode) -> Result<RenderedSite> {
    in_memory(site, theme, mode, &mut OutputCache::default())
}

/// Pages rendered before their batch goes to the sink: enough to keep both
/// cores busy, few enough that a batch of big pages stays small in memory.
const BATCH: usize = 256;

/// Renders the site into memory, reusing outputs of `cache` whose inputs
/// did not change,
/// and leaving in it what this render made (on an error, the cache of the
/// last good render stays).
pub fn in_memory(
    site: &Site,
    theme: &Theme,
    mode: Mode,
    cache: &mut OutputCache,
) -> Result<RenderedSite> {
    with_search_cache(cache, |prev, search| {
        render_in_memory(site, theme, mode, prev, Some(search))
    })
}

/// [`in_memory`] without the search index (and without keeping any search
/// work): serve makes the index only when it is asked for.
pub fn in_memory_without_search(
    site: &Site,
    theme: &Theme,
    mode: Mode,
    cache: &mut OutputCache,
) -> Result<RenderedSite> {
    with_search_cache(cache, |prev, _| {
        render_in_memory(site, theme, mode, prev, None)
    })
}

/// What renders the pages a compile for serve left for their requests
/// ([`OutputFile::OnRequest`]): `site` as compiled, with what its render
/// prepared. Attach it to the compile's [`RenderedSite`].
pub fn pages_on_request(
    site: &Arc<Site>,
    theme: &Arc<Theme>,
    mode: Mode,
    cache: &OutputCache,
) -> crate::output::Pages {
    let Some(prepared) = cache.prepared.clone() else {
        return crate::output::Pages::default();
    };
    cache.listings.keep(&cache.fingerprints);
    crate::output::Pages(Some(Arc::new(OnRequestPages {
        site: Arc::clone(site),
        theme: Arc::clone(theme),
        mode,
        prepared,
        rows: Arc::clone(&cache.rows),
        listings: cache.listings.clone(),
        index: std::sync::OnceLock::new(),
    })))
}

/// Serve's pages left for their requests, rendered one by one as browsers
/// ask for them.
struct OnRequestPages {
    site: Arc<Site>,
    theme: Arc<Theme>,
    mode: Mode,
    prepared: crate::render::Prepared,
    rows: crate::render::SharedRows,
    listings: Listings,
    /// Output path → content page; made at the first request.
    index: std::sync::OnceLock<crate::hash::Map<String, usize>>,
}

impl crate::output::PageSource for OnRequestPages {
    fn render(&self, path: &str, fingerprint: u64) -> Option<std::io::Result<Arc<[u8]>>> {
        let index = self.index.get_or_init(|| {
            let paths = self.site.pages.iter().map(|p| p.parsed.output_file());
            paths.enumerate().map(|(i, p)| (p, i)).collect()
        });
        let Some(&i) = index.get(path) else {
            return self.render_listing(path, fingerprint);
        };
        let source = &self.site.pages[i].parsed.source;
        let rendered = self.renderer().render_page(i, &OutputCache::default());
        Some(match rendered.map(|r| r.file) {
            Ok(OutputFile::Bytes(bytes)) => Ok(bytes),
            Ok(_) => Err(std::io::Error::other(format!(
                "{source}: no page was rendered"
            ))),
            Err(e) => Err(std::io::Error::other(format!("{source}: {e}"))),
        })
    }
}

impl OnRequestPages {
    fn renderer(&self) -> Renderer<'_> {
        Renderer::prepared(&self.site, &self.theme, self.mode, self.prepared.clone())
            .with_rows(Arc::clone(&self.rows))
    }

    /// A list or feed of every document, from the listings kept if they
    /// have it at `fingerprint`. Every file the render makes is kept (one
    /// render makes all the role calendars).
    fn render_listing(&self, path: &str, fingerprint: u64) -> Option<std::io::Result<Arc<[u8]>>> {
        if let Some(kept) = self.listings.get(path, fingerprint) {
            return Some(kept);
        }
        let _one_at_a_time = self
            .listings
            .rendering
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(kept) = self.listings.get(path, fingerprint) {
            return Some(kept);
        }
        let made = match render_listing(&self.renderer(), &self.site, path) {
            Ok(made) => made,
            Err(e) => return Some(Err(std::io::Error::other(e.to_string()))),
        };
        let mut wanted = None;
        for r in made {
            if let OutputFile::Bytes(bytes) = r.file {
                self.listings.put(&r.path, r.fingerprint, &bytes);
                if r.path == path {
                    wanted = Some(Ok(bytes));
                }
            }
        }
        wanted
    }
}

/// Serve's render of the content pages and of the lists and feeds of every
/// document: an output whose inputs did not change keeps what it had; any
/// other is left for its request.
struct OnRequestOf<'a>(&'a OutputCache);

impl Earlier for OnRequestOf<'_> {
    fn reuse(&self, path: &str, fingerprint: u64) -> Option<OutputFile> {
        Some(
            self.0
                .reuse(path, fingerprint)
                .unwrap_or(OutputFile::OnRequest(fingerprint)),
        )
    }
}

/// What a render for one output left for its request reuses: every other
/// output is a placeholder.
struct AllBut<'a>(&'a str);

impl Earlier for AllBut<'_> {
    fn reuse(&self, path: &str, fingerprint: u64) -> Option<OutputFile> {
        (path != self.0).then_some(OutputFile::OnRequest(fingerprint))
    }
}

/// Renders, of the outputs [`render_rest`] leaves to `later`, the one at
/// `path` (and, for a role calendar, all of them); every other is a
/// placeholder.
fn render_listing(renderer: &Renderer<'_>, site: &Site, path: &str) -> Result<Vec<Rendered>> {
    let only = AllBut(path);
    let keep = |r: Rendered| Ok(r);
    let mut made = renderer.render_generated(&only, &only, &keep)?;
    made.extend(render_feeds(renderer, site, &only, &keep)?);
    made.extend(role_calendars(site, renderer.lists_hash(), &only));
    Ok(made)
}

/// Renders once into `sink`: every output is handed to it as soon as its
/// batch is rendered, and the returned site holds [`OutputFile::Written`]
/// in its place. Lets go of what parse recorded for resolve alone before
/// rendering, of each page's body HTML once the content pages are
/// rendered, and of each plain text once the search index has read it, so
/// the index is made without the HTML and the generated pages and feeds
/// without either: `site` is not for rendering or indexing again.
/// With [`Holding::All`] the index, the lists and the feeds are made
/// while the content pages render, and every body and text is kept.
pub fn into_sink(
    site: &mut Site,
    theme: &Theme,
    mode: Mode,
    holding: Holding,
    cache: &mut OutputCache,
    sink: &dyn Sink,
) -> Result<RenderedSite> {
    with_search_cache(cache, |prev, search| match holding {
        Holding::All => render_beside_index(site, theme, mode, prev, search, sink),
        Holding::Least => render_to_sink(site, theme, mode, prev, search, sink),
    })
}

/// What a one-shot build ([`into_sink`]) may hold at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    /// Every page's body HTML and text until the build ends, so that the
    /// search index, the lists and the
    /// feeds are made while the content pages render: each fills the gaps
    /// the others leave on the cores (the index's term numbering and each
    /// big list are one thread's work). The peak is about four times the
    /// sources (401 MiB for 105 MB at 10 000 documents); `project` picks
    /// it up to 256 MiB of sources, about 1 GiB.
    All,
    /// As little as it can, for a county's site: the pages first, then
    /// the index without their HTML, then the lists and feeds without
    /// their texts.
    Least,
}

/// Runs a render against `cache` and replaces it with the render's cache
/// on success. The search cache is keyed by each entry's inputs, so it
/// stays valid whether the render succeeds or not.
fn with_search_cache(
    cache: &mut OutputCache,
    render: impl FnOnce(&OutputCache, &mut crate::search::Cache) -> Result<(RenderedSite, OutputCache)>,
) -> Result<RenderedSite> {
    let mut search = std::mem::take(&mut cache.search);
    let result = render(cache, &mut search);
    match result {
        Ok((rendered, mut new)) => {
            new.search = search;
            new.listings = cache.listings.clone();
            let old = std::mem::replace(cache, new);
            // Freeing the last render's maps takes milliseconds at 10 000
            // pages: a save in serve need not wait for it.
            rayon::spawn(move || drop(old));
            Ok(rendered)
        }
        Err(e) => {
            cache.search = search;
            Err(e)
        }
    }
}

fn render_in_memory(
    site: &Site,
    theme: &Theme,
    mode: Mode,
    prev: &OutputCache,
    search_cache: Option<&mut crate::search::Cache>,
) -> Result<(RenderedSite, OutputCache)> {
    let mut out = Output::new(None, prev);
    out.compress = compresses(mode);
    // The search index needs nothing from the pages: build both at once,
    // so each fills the gaps the other leaves on the cores and a save is
    // shown sooner.
    // Without the index it is serve's compile, which renders the content
    // pages as they are asked for.
    let defer = search_cache.is_none();
    let (renderer, ((search, search_stats), took)) = rayon::join(
        || render_pages(site, theme, mode, prev, defer, &mut out),
        || {
            let t = Instant::now();
            let built = search_cache.map(|cache| crate::search::build_cached(site, cache));
            (built.unwrap_or_default(), t.elapsed())
        },
    );
    let renderer = renderer?;
    out.timings.search += took;
    out.timings.renders = renderer.renders();
    let (rendered, mut cache) = finish(out, site, theme, search, search_stats)?;
    cache.prepared = Some(renderer.preparation());
    cache.rows = renderer.into_rows();
    Ok((rendered, cache))
}

/// Serve's quick path: renders pages `pages` of `site` again and puts them
/// in place of their last bytes, leaving every other output as the last
/// render made it. Right only when nothing else could show what changed:
/// `site` has the shape, front matter and references of the site the
/// cache was rendered from (the caller's check, `project::quick`). None
/// when the cache has nothing to patch or a page fails to render (a full
/// compile then says why).
pub fn patch_pages(
    site: &Site,
    theme: &Theme,
    mode: Mode,
    cache: &mut OutputCache,
    pages: &[usize],
) -> Option<RenderedSite> {
    let prepared = cache.prepared.clone()?;
    let renderer =
        Renderer::prepared(site, theme, mode, prepared).with_rows(Arc::clone(&cache.rows));
    let rendered: Vec<Rendered> = pages
        .par_iter()
        .map(|&i| renderer.render_page(i, &*cache))
        .collect::<Result<_>>()
        .ok()?;
    let mut files = (*cache.files).clone();
    let mut changed = Vec::new();
    for r in rendered {
        let file = match compresses(mode) {
            true => kept(r.file),
            false => r.file,
        };
        let old = files.insert(r.path.clone(), file);
        if old.as_ref() != files.get(&r.path) {
            changed.push(r.path.clone());
        }
        cache.fingerprints.insert(r.path, r.fingerprint);
    }
    let files = Arc::new(files);
    cache.files = Arc::clone(&files);
    cache.changed = changed;
    Some(RenderedSite {
        files,
        pages: Default::default(),
    })
}

fn render_to_sink(
    site: &mut Site,
    theme: &Theme,
    mode: Mode,
    prev: &OutputCache,
    search_cache: &mut crate::search::Cache,
    sink: &dyn Sink,
) -> Result<(RenderedSite, OutputCache)> {
    release_resolved_records(site);
    let mut out = Output::new(Some(sink), prev);
    let renderer = Renderer::new(site, theme, mode).with_rows(Arc::clone(&prev.rows));
    render_content(&renderer, site, prev, &mut out)?;
    let mut renders = renderer.renders();
    let prepared = renderer.preparation();
    drop(renderer);
    // The search index, the generated pages and the feeds show no body:
    // they are made without every page's HTML.
    release_body_html(site);
    super::release_freed_memory();
    // The index comes first, since it takes each page's plain text and
    // lets go of it once indexed: the big lists are then made with neither
    // body nor text held (at 100 000 documents the texts are a third of
    // what the site holds).
    let t = Instant::now();
    let written_before = out.timings.write;
    let (search, search_stats) =
        crate::search::build_streaming(site, search_cache, &mut |files| {
            out.add_plain(files.into_iter().map(|(p, b)| (p, OutputFile::Bytes(b))))
        })?;
    out.timings.search += t
        .elapsed()
        .saturating_sub(out.timings.write - written_before);
    out.add_plain(search.into_iter().map(|(p, b)| (p, OutputFile::Bytes(b))))?;
    super::release_freed_memory();
    // A second renderer, without the links the first made for the content
    // pages. What the first prepared holds: letting go of bodies and texts
    // changes no page's input hashes or tags. Its list rows start empty and
    // go with it: a one-shot build renders each row once, and the cache it
    // returns keeps no rows.
    let renderer = Renderer::prepared(site, theme, mode, prepared);
    render_rest(&renderer, site, prev, prev, &mut out)?;
    renders += renderer.renders();
    drop(renderer);
    out.timings.renders = renders;
    finish(out, site, theme, Vec::new(), search_stats)
}

/// [`render_to_sink`] for [`Holding::All`]: the content pages, and beside
/// them the generated pages and feeds (with the same renderer) and the
/// search index, each gathered apart and taken in after. The pages keep
/// their body HTML: the site goes soon after.
fn render_beside_index(
    site: &mut Site,
    theme: &Theme,
    mode: Mode,
    prev: &OutputCache,
    search_cache: &mut crate::search::Cache,
    sink: &dyn Sink,
) -> Result<(RenderedSite, OutputCache)> {
    release_resolved_records(site);
    let mut out = Output::new(Some(sink), prev);
    let mut lists = Output::new(Some(sink), prev);
    let mut index = Output::new(Some(sink), prev);
    let held: &Site = site;
    let renderer = Renderer::new(held, theme, mode).with_rows(Arc::clone(&prev.rows));
    // No content page has the address of a generated one (resolve says
    // so), so the lists need not wait for the pages.
    let (pages, (rest, built)) = rayon::join(
        || render_content(&renderer, held, prev, &mut out),
        || {
            rayon::join(
                || render_rest(&renderer, held, prev, prev, &mut lists),
                || build_index_beside(held, search_cache, &mut index),
            )
        },
    );
    pages?;
    rest?;
    let (search, search_stats) = built?;
    out.absorb(lists);
    out.absorb(index);
    out.timings.renders = renderer.renders();
    finish(out, site, theme, search, search_stats)
}

/// The search index of `site` into `index`, its fragments handed to the
/// sink as they are made. Made beside the pages, its time and its writes
/// count as their share of the wall time: shared out over the threads,
/// as for the pages' writing (`Writing::split_time`).
fn build_index_beside(
    site: &Site,
    search_cache: &mut crate::search::Cache,
    index: &mut Output<'_>,
) -> Result<(crate::search::Files, crate::search::Stats)> {
    let t = Instant::now();
    let built = crate::search::build_beside(site, search_cache, &mut |files| {
        index.add_plain(files.into_iter().map(|(p, b)| (p, OutputFile::Bytes(b))))
    });
    let threads = rayon::current_num_threads().max(1) as u32;
    let write = index.timings.write;
    index.timings.search += t.elapsed().saturating_sub(write) / threads;
    index.timings.write = write / threads;
    built
}

/// Adds the search files and the copied files, and makes the cache.
fn finish(
    mut out: Output,
    site: &Site,
    theme: &Theme,
    search: crate::search::Files,
    search_stats: crate::search::Stats,
) -> Result<(RenderedSite, OutputCache)> {
    out.add_plain(search.into_iter().map(|(p, b)| (p, OutputFile::Bytes(b))))?;
    add_files(&mut out, site, theme)?;
    let (rendered, mut cache) = out.finish();
    cache.search_stats = search_stats;
    Ok((rendered, cache))
}

/// Empties what parse recorded for resolve and the diagnostics (links,
/// notes, markers) in every page nothing else holds: resolve is done, and
/// render reads none of it. The possible citations of a page that cites a
/// law stay until it is rendered: `Page::laws` says which of them link to
/// the law, and render finds where each one is in the HTML through them
/// (`Cite::html`). Those of every other page go (at 100 000 documents,
/// 230 MiB of the peak).
fn release_resolved_records(site: &mut Site) {
    for page in &mut site.pages {
        let cites_a_law = !page.laws.cites.is_empty();
        if let Some(parsed) = Arc::get_mut(&mut page.parsed) {
            let body = &mut parsed.body;
            body.links = Vec::new();
            body.unsafe_links = Vec::new();
            body.external_links = Vec::new();
            if !cites_a_law {
                body.citations = Vec::new();
            }
            body.notes = Vec::new();
            body.markers = Vec::new();
        }
    }
}

/// Empties every page's body HTML, and the citations that placed links
/// in it, where nothing else holds them: all pages are rendered, and
/// search reads the plain text.
fn release_body_html(site: &mut Site) {
    for page in &mut site.pages {
        if let Some(parsed) = Arc::get_mut(&mut page.parsed) {
            parsed.body.html = String::new();
            parsed.body.packed_html = None;
            parsed.body.citations = Vec::new();
        }
    }
}

/// Adds the theme's static files, the site's `static/` folder and the
/// content assets.
fn add_files(out: &mut Output, site: &Site, theme: &Theme) -> Result<()> {
    let statics = theme.statics.iter().map(|(name, bytes)| {
        (
            format!("static/{name}"),
            OutputFile::Bytes(bytes.clone().into()),
        )
    });
    out.add_plain(statics)?;
    let moved = crate::redirects::files(site).into_iter();
    out.add_plain(moved.map(|(path, text)| (path, OutputFile::Bytes(text.into_bytes().into()))))?;
    // The site's static/ folder goes to the root as it is, never over a
    // generated file.
    let own_static: Vec<(String, OutputFile)> = site
        .static_files
        .iter()
        .filter(|f| !out.files.contains_key(&f.content_path))
        .map(|f| (f.content_path.clone(), OutputFile::Copy(f.source.clone())))
        .collect();
    out.add_plain(own_static)?;
    let assets = site.assets.iter().map(|a| {
        (
            a.content_path.to_lowercase(),
            OutputFile::Copy(a.source.clone()),
        )
    });
    out.add_plain(assets)
}

/// Renders the content pages, the generated pages and the feeds into `out`,
/// batch by batch.
/// With `defer`, content pages whose inputs changed are left for their
/// requests ([`OnRequestOf`]), but for one of each kind, rendered to find
/// a template that fails now rather than at a request; so are the lists
/// and feeds of every document, whose templates fail at their request.
fn render_pages<'s>(
    site: &'s Site,
    theme: &'s Theme,
    mode: Mode,
    prev: &OutputCache,
    defer: bool,
    out: &mut Output,
) -> Result<Renderer<'s>> {
    let renderer = Renderer::new(site, theme, mode).with_rows(Arc::clone(&prev.rows));
    match defer {
        true => {
            let later = OnRequestOf(prev);
            render_content(&renderer, site, &later, out)?;
            render_samples(&renderer, site, prev, out)?;
            render_rest(&renderer, site, prev, &later, out)?;
        }
        false => {
            render_content(&renderer, site, prev, out)?;
            render_rest(&renderer, site, prev, prev, out)?;
        }
    }
    Ok(renderer)
}

/// Renders, of the content pages left for their requests with inputs
/// new since `prev`, the first of each kind (and the start page), in
/// place of their placeholders.
fn render_samples(
    renderer: &Renderer<'_>,
    site: &Site,
    prev: &OutputCache,
    out: &mut Output,
) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    let samples: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let page = &site.pages[i].parsed;
            let path = page.output_file();
            let fresh = match out.files.get(&path) {
                Some(OutputFile::OnRequest(fp)) => prev.fingerprints.get(&path) != Some(fp),
                _ => false,
            };
            fresh && seen.insert((page.kind, page.url_path.is_empty()))
        })
        .collect();
    let rendered: Vec<Rendered> = samples
        .par_iter()
        .map(|&i| renderer.render_page(i, &OutputCache::default()))
        .collect::<Result<_>>()?;
    out.add(rendered)
}

/// Renders the content pages into `out`, batch by batch.
fn render_content(
    renderer: &Renderer<'_>,
    site: &Site,
    prev: &dyn Earlier,
    out: &mut Output,
) -> Result<()> {
    let indices: Vec<usize> = (0..site.pages.len()).collect();
    let t = Instant::now();
    let writing = Writing::new(out.sink);
    for batch in indices.chunks(BATCH) {
        // Each page goes to the sink as soon as it is rendered, by the
        // thread that rendered it: no thread waits for a batch to finish
        // rendering before writing, or for its writes before rendering.
        let rendered: Vec<Rendered> = batch
            .par_iter()
            .map(|&i| writing.put(renderer.render_page(i, prev)?))
            .collect::<Result<_>>()?;
        out.add(rendered)?;
    }
    writing.split_time(t, &mut out.timings);
    Ok(())
}

/// Renders the start page (when no page is it), the generated pages and
/// the feeds into `out`. With a sink each output goes to it as soon as it
/// is made and only a placeholder stays: the big lists and feeds are made
/// a few at a time (one a thread), never all held at once. The lists and
/// feeds of every document reuse from `later` (serve leaves them for
/// their requests), the rest from `prev`.
fn render_rest(
    renderer: &Renderer<'_>,
    site: &Site,
    prev: &OutputCache,
    later: &dyn Earlier,
    out: &mut Output,
) -> Result<()> {
    let t = Instant::now();
    let writing = Writing::new(out.sink);
    let emit = |r: Rendered| writing.put(r);
    let mut rendered = Vec::new();
    if site.pages.iter().all(|p| !p.parsed.url_path.is_empty()) {
        rendered.push(emit(renderer.render_start(None, prev)?)?);
    }
    // Each feed and the role calendars are made on one thread: beside the
    // lists they take no time of their own.
    let (generated, for_tools) = rayon::join(
        || renderer.render_generated(prev, later, &emit),
        || -> Result<Vec<Rendered>> {
            let mut made = Vec::new();
            for r in render_sitemaps(renderer, site, prev) {
                made.push(emit(r)?);
            }
            made.extend(render_feeds(renderer, site, later, &emit)?);
            for r in role_calendars(site, renderer.lists_hash(), later) {
                made.push(emit(r)?);
            }
            Ok(made)
        },
    );
    rendered.extend(generated?);
    rendered.extend(for_tools?);
    writing.split_time(t, &mut out.timings);
    out.add(rendered)
}

/// Feeds and the other files for tools show list-visible fields only
/// (and robots.txt `public`, the Atom feed the site's language): they are
/// reused while those are unchanged.
fn feed_fingerprint(renderer: &Renderer<'_>, site: &Site, name: &str) -> u64 {
    let config = &site.config;
    fingerprint(&(renderer.lists_hash(), name, config.public, &config.language))
}

/// The sitemap, or a sitemap index and its parts. Every file of it has
/// the one fingerprint, so one unchanged input reuses them all.
fn render_sitemaps(renderer: &Renderer<'_>, site: &Site, prev: &OutputCache) -> Vec<Rendered> {
    let name = "sitemap.xml";
    let fp = feed_fingerprint(renderer, site, name);
    let rendered = |(path, file)| Rendered {
        path,
        fingerprint: fp,
        file,
    };
    if let Some(file) = prev.reuse(name, fp) {
        let parts = (1..).map(|n| format!("sitemap-{n}.xml"));
        let more = parts.map_while(|p| prev.reuse(&p, fp).map(|f| (p, f)));
        let all = std::iter::once((name.to_string(), file)).chain(more);
        return all.map(rendered).collect();
    }
    let made = feeds::sitemaps(site).into_iter();
    made.map(|(path, text)| rendered((path, OutputFile::Bytes(text.into_bytes().into()))))
        .collect()
}

/// The [`FEEDS`], side by side, each handed to `emit` as it is made.
fn render_feeds(
    renderer: &Renderer<'_>,
    site: &Site,
    prev: &dyn Earlier,
    emit: &crate::render::Emit<'_>,
) -> Result<Vec<Rendered>> {
    // A site's own robots.txt in static/ says what its publisher wants.
    let own_robots = site
        .static_files
        .iter()
        .any(|f| f.content_path == "robots.txt");
    FEEDS
        .par_iter()
        .filter(|(name, _)| !(*name == "robots.txt" && own_robots))
        .map(|&(name, make)| {
            let fp = feed_fingerprint(renderer, site, name);
            let file = prev
                .reuse(name, fp)
                .unwrap_or_else(|| OutputFile::Bytes(make(site).into_bytes().into()));
            emit(Rendered {
                path: name.to_string(),
                fingerprint: fp,
                file,
            })
        })
        .collect()
}

/// Every role's review calendar, reused while the list-visible fields
/// (all they show, as for the feeds) hash the same.
fn role_calendars(site: &Site, lists_hash: u64, prev: &dyn Earlier) -> Vec<Rendered> {
    let fp = fingerprint(&(lists_hash, "role calendars"));
    let role_paths: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.kind() == crate::model::Kind::Role)
        .map(|p| crate::urls::role_calendar(&p.parsed.url_path))
        .collect();
    let reused: Option<Vec<Rendered>> = role_paths
        .iter()
        .map(|path| {
            prev.reuse(path, fp).map(|file| Rendered {
                path: path.clone(),
                fingerprint: fp,
                file,
            })
        })
        .collect();
    reused.unwrap_or_else(|| {
        let made = feeds::role_calendars(site).into_iter();
        made.map(|(path, text)| Rendered {
            path,
            fingerprint: fp,
            file: OutputFile::Bytes(text.into_bytes().into()),
        })
        .collect()
    })
}

/// Hands rendered pages to the sink from the threads that render them,
/// adding up the time spent writing.
struct Writing<'a> {
    sink: Option<&'a dyn Sink>,
    nanos: std::sync::atomic::AtomicU64,
}

impl<'a> Writing<'a> {
    fn new(sink: Option<&'a dyn Sink>) -> Self {
        Writing {
            sink,
            nanos: Default::default(),
        }
    }

    /// Writes `r` to the sink, if any, leaving [`OutputFile::Written`] in
    /// its place.
    fn put(&self, mut r: Rendered) -> Result<Rendered> {
        let Some(sink) = self.sink else {
            return Ok(r);
        };
        let t = Instant::now();
        sink.put(&r.path, &r.file)?;
        r.file = OutputFile::Written;
        let took = t.elapsed().as_nanos() as u64;
        self.nanos
            .fetch_add(took, std::sync::atomic::Ordering::Relaxed);
        Ok(r)
    }

    /// Adds the time since `started` to `timings`, split into writing (the
    /// writing time spread over the pool's threads: the share of the wall
    /// time that went to it) and rendering (the rest).
    fn split_time(&self, started: Instant, timings: &mut RenderTimings) {
        let nanos = self.nanos.load(std::sync::atomic::Ordering::Relaxed);
        let write =
            std::time::Duration::from_nanos(nanos / rayon::current_num_threads().max(1) as u64);
        timings.render += started.elapsed().saturating_sub(write);
        timings.write += write;
    }
}

/// The outputs gathered so far, and the sink they go to.
struct Output<'a> {
    sink: Option<&'a dyn Sink>,
    prev: &'a OutputCache,
    files: BTreeMap<String, OutputFile>,
    fingerprints: crate::hash::Map<String, u64>,
    timings: RenderTimings,
    /// Keep outputs as [`kept`] gives them.
    compress: bool,
}

impl<'a> Output<'a> {
    fn new(sink: Option<&'a dyn Sink>, prev: &'a OutputCache) -> Self {
        Output {
            sink,
            prev,
            files: BTreeMap::new(),
            fingerprints: Default::default(),
            timings: RenderTimings::default(),
            compress: false,
        }
    }

    /// Adds rendered outputs with the fingerprints of their inputs.
    fn add(&mut self, rendered: Vec<Rendered>) -> Result<()> {
        let files = rendered
            .into_iter()
            .map(|r| (r.path, r.fingerprint, r.file))
            .collect();
        self.store(files)
    }

    /// Adds outputs made without a fingerprint of their inputs (the search
    /// index, static files): fingerprinted by their bytes, or for copied
    /// files by their source's size and time, so an unchanged one is still
    /// linked from the previous output rather than written again.
    fn add_plain(&mut self, files: impl IntoIterator<Item = (String, OutputFile)>) -> Result<()> {
        let files: Vec<(String, OutputFile)> = files.into_iter().collect();
        if self.sink.is_none() {
            // In memory (serve) nothing is linked: spare hashing every byte.
            return self.store(files.into_iter().map(|(p, f)| (p, 0, f)).collect());
        }
        let prev = self.prev;
        let files = files
            .into_par_iter()
            .map(|(path, file)| {
                let fp = content_fingerprint(&path, &file);
                let file = match prev.reuse(&path, fp) {
                    Some(old @ OutputFile::Previous(_)) => old,
                    _ => file,
                };
                (path, fp, file)
            })
            .collect();
        self.store(files)
    }

    /// Takes in what `other` gathered beside this (at other paths).
    fn absorb(&mut self, other: Output<'_>) {
        self.files.extend(other.files);
        self.fingerprints.extend(other.fingerprints);
        self.timings.render += other.timings.render;
        self.timings.search += other.timings.search;
        self.timings.write += other.timings.write;
    }

    /// Hands the files to the sink, if any, and keeps them (or a
    /// placeholder). A later output at the same path replaces an earlier one.
    fn store(&mut self, mut files: Vec<(String, u64, OutputFile)>) -> Result<()> {
        if self.compress {
            files = files
                .into_par_iter()
                .map(|(path, fp, file)| {
                    let file = kept(file);
                    (path, fp, file)
                })
                .collect();
        }
        if let Some(sink) = self.sink {
            let t = Instant::now();
            files
                .par_iter()
                .try_for_each(|(path, _, file)| sink.put(path, file))?;
            self.timings.write += t.elapsed();
        }
        for (path, fp, file) in files {
            let file = match self.sink {
                Some(_) => OutputFile::Written,
                None => file,
            };
            self.fingerprints.insert(path.clone(), fp);
            self.files.insert(path, file);
        }
        Ok(())
    }

    fn finish(self) -> (RenderedSite, OutputCache) {
        let changed = match self.sink {
            None => changed_paths(&self.prev.files, &self.files),
            Some(_) => Vec::new(),
        };
        let files = Arc::new(self.files);
        let cache = OutputCache {
            fingerprints: self.fingerprints,
            files: Arc::clone(&files),
            changed,
            timings: self.timings,
            ..OutputCache::default()
        };
        let pages = Default::default();
        (RenderedSite { files, pages }, cache)
    }
}

/// Whether outputs kept in memory in `mode` are kept compressed: serve
/// keeps every output until the next save, and compressed a county's site
/// fits on a laptop.
fn compresses(mode: Mode) -> bool {
    mode == Mode::Serve
}

/// `file` as kept compressed: generated bytes packed
/// ([`OutputFile::compressed`]) unless they are too few to gain from it,
/// all else as it is: serve keeps every generated output but the content
/// pages and the lists of every document, which it renders on request.
fn kept(file: OutputFile) -> OutputFile {
    match &file {
        OutputFile::Bytes(b) if b.len() >= 1024 => file.compressed(),
        _ => file,
    }
}

/// A fingerprint of an output by what it holds: its bytes, or where a
/// copied file comes from with its size and modification time.
fn content_fingerprint(path: &str, file: &OutputFile) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::fingerprinter();
    path.hash(&mut h);
    match file {
        OutputFile::Bytes(b) => b.hash(&mut h),
        OutputFile::Copy(src) | OutputFile::Previous(src) => {
            src.hash(&mut h);
            if let Ok(m) = std::fs::metadata(src) {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
        }
        OutputFile::Compressed(packed) => packed.hash(&mut h),
        OutputFile::OnRequest(fp) => fp.hash(&mut h),
        OutputFile::Written => {}
    }
    h.finish()
}

/// Paths added, removed or with different contents, walking both maps in
/// order side by side. Copied files count as changed whenever they are
/// listed, since their bytes live on disk.
fn changed_paths(
    old: &BTreeMap<String, OutputFile>,
    new: &BTreeMap<String, OutputFile>,
) -> Vec<String> {
    use std::cmp::Ordering;
    let same = |a: &OutputFile, b: &OutputFile| match (a, b) {
        (OutputFile::Bytes(a), OutputFile::Bytes(b))
        | (OutputFile::Compressed(a), OutputFile::Compressed(b)) => Arc::ptr_eq(a, b) || a == b,
        (OutputFile::Copy(a), OutputFile::Copy(b)) => a == b,
        (OutputFile::OnRequest(a), OutputFile::OnRequest(b)) => a == b,
        // Always a first render (a cache read from an output folder);
        // serve never compares against those.
        _ => false,
    };
    let mut changed = Vec::new();
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(o), Some(n)) => o.0.cmp(n.0),
        };
        match order {
            Ordering::Less => changed.extend(old.next().map(|o| o.0.clone())),
            Ordering::Greater => changed.extend(new.next().map(|n| n.0.clone())),
            Ordering::Equal => {
                if let (Some(o), Some(n)) = (old.next(), new.next()) {
                    if !same(o.1, n.1) {
                        changed.push(n.0.clone());
                    }
                }
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `urls::GENERATED_FILES` is what resolve and the attachment check
    /// refuse; a file added here and not there would be taken silently.
    #[test]
    fn every_file_written_beside_the_pages_is_reserved_for_samsyn() {
        use crate::render::offline::{OFFLINE_FILE, WORKER_FILE};
        let written = FEEDS.iter().map(|(name, _)| *name);
        let beside = [
            "404.html",
            "sitemap.xml",
            "sitemap-2.xml",
            OFFLINE_FILE,
            WORKER_FILE,
        ];
        for name in written.chain(beside) {
            assert!(crate::urls::is_generated_file(name), "{name}");
        }
    }
}
