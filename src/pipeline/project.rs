//! A site held in memory between builds, for incremental rebuilds.
//!
//! `build` uses a [`Project`] once; `serve` keeps one alive and feeds it the
//! paths the file watcher reports. Only changed files are re-read and
//! re-parsed; the graph is resolved again, reusing the checks of pages
//! whose inputs hash the same (`resolve::ResolveCache`); and rendering reuses
//! the bytes of every output whose inputs hash the same as last time. A
//! full build is the same code with every file changed, so the two cannot
//! drift apart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::outputs::{self, OutputCache};
use super::{BuildOptions, Compiled, Timings};
use crate::config::SiteConfig;
use crate::content::{self, Asset, SourceFile};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::messages::msg;
use crate::output::Sink;
use crate::parse::{self, ParsedPage};
use crate::render::Mode;
use crate::resolve::{self, ResolveOptions};
use crate::theme::Theme;
use crate::{dates, privacy};

pub mod parse_cache;
mod quick;

/// One Markdown file as last read, and what parsing it gave.
struct Cached {
    /// The file; its text is empty once a one-shot build has let it go
    /// (then `let_go` is set).
    source: SourceFile,
    parsed: Option<Arc<ParsedPage>>,
    diags: Vec<Diagnostic>,
    let_go: Option<LetGo>,
}

/// A text a one-shot build let go of after parsing: what it hashed, and
/// the file read again if a diagnostic needs its lines.
struct LetGo {
    hash: u64,
    reread: std::sync::OnceLock<Option<String>>,
}

/// What parsing one file gave.
type Parsed = (Option<Arc<ParsedPage>>, Vec<Diagnostic>);

impl Cached {
    /// A file just read, to be parsed once every changed file is read
    /// (its includes may name them).
    fn unparsed(source: SourceFile) -> Cached {
        Cached {
            source,
            parsed: None,
            diags: Vec::new(),
            let_go: None,
        }
    }

    /// Lets go of the text, keeping its hash to check a re-read by (once:
    /// a text already let go of stays so).
    fn let_go_of_text(&mut self) {
        let hash = self.text_hash();
        self.let_go_of_hashed(hash);
    }

    /// [`Cached::let_go_of_text`] with the text's hash already made.
    fn let_go_of_hashed(&mut self, hash: u64) {
        if self.let_go.is_some() {
            return;
        }
        self.source.text = String::new();
        self.let_go = Some(LetGo {
            hash,
            reread: std::sync::OnceLock::new(),
        });
    }

    /// The fingerprint of the text as parsed.
    fn text_hash(&self) -> u64 {
        match &self.let_go {
            Some(gone) => gone.hash,
            None => crate::hash::fingerprint(&self.source.text),
        }
    }

    /// The file's text as parsed. One let go of is read again from
    /// `content_dir` (once); a file that changed since is `None`, since
    /// its lines are no longer those the diagnostics point at.
    fn text(&self, content_dir: &Path) -> Option<&str> {
        let Some(gone) = &self.let_go else {
            return Some(&self.source.text);
        };
        let reread = || {
            let cpath = &self.source.content_path;
            let abs = content::source_path(content_dir, &content_dir.join(cpath)).ok()??;
            let text = content::read_source(cpath, &abs).ok()?.text;
            (crate::hash::fingerprint(&text) == gone.hash).then_some(text)
        };
        gone.reread.get_or_init(reread).as_deref()
    }
}

/// Parses `source`, keeping as much of its body packed as `packing` says:
/// only the page's render reads its HTML, and only search its text.
fn parse_source(
    source: &SourceFile,
    base_url: &str,
    lookup: &crate::include::Lookup<'_>,
    packing: Packing,
) -> Parsed {
    let (page, diags) = parse::parse_page(source, base_url, lookup);
    let page = page.map(|mut page| {
        match packing {
            Packing::Nothing => {}
            Packing::Html => page.body.pack_html(),
            Packing::All => page.body.pack(),
        }
        Arc::new(page)
    });
    (page, diags)
}

/// How much of each parsed body a project keeps LZ4-packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Packing {
    Nothing,
    /// The HTML, with the plain text as it is (`Body::pack_html`).
    Html,
    /// The HTML and the plain text (`Body::pack`).
    All,
}

/// Page sources up to this size in all are built with their bodies
/// unpacked. Packing and unpacking every body is a tenth of a build's
/// work, and only pays at county scale: at 100 000 documents (a
/// gigabyte of sources) the unpacked bodies would take `samsyn build`
/// over 2 GiB, while at 10 000 they add about 110 MiB. The sources
/// stand in for the bodies' size: a snippet many pages include makes
/// the bodies bigger than their sources, so this is no bound.
const BUILD_UNPACKED_UP_TO: usize = 256 << 20;

/// What of the bodies of pages with `source_bytes` of text in all is kept
/// packed. Serve holds them for as long as it runs, so it packs the HTML
/// always, but not the text: packing the texts was a tenth of the first
/// start at 100 000 documents, which must answer its first page within
/// 10 s, and saves 430 MiB of the 1.7 GiB it then holds (the parse cache
/// packs them, so a restart holds them packed). A build packs everything,
/// only for a big site.
fn packing(mode: Mode, source_bytes: usize) -> Packing {
    match mode {
        Mode::Serve => Packing::Html,
        Mode::Build if source_bytes > BUILD_UNPACKED_UP_TO => Packing::All,
        Mode::Build => Packing::Nothing,
    }
}

/// What a build may hold at once: a site small enough to keep its bodies
/// unpacked also keeps them, and every text, until the build ends.
fn holding(packing: Packing) -> outputs::Holding {
    match packing {
        Packing::Nothing => outputs::Holding::All,
        Packing::Html | Packing::All => outputs::Holding::Least,
    }
}

/// Checks every attachment of `assets` that is new or changed since its
/// check in `checks` (in parallel: a PDF's text takes a while) and
/// forgets the checks of those gone.
fn check_assets(
    assets: &BTreeMap<String, Asset>,
    checks: &mut BTreeMap<String, AssetCheck>,
    allow_html: bool,
) {
    checks.retain(|path, _| assets.contains_key(path));
    let stale: Vec<(&Asset, Option<(u64, std::time::SystemTime)>)> = assets
        .values()
        .map(|a| (a, a.stamp()))
        .filter(|(a, stamp)| {
            checks.get(&a.content_path).is_none_or(|c| {
                c.stamp != *stamp || c.stamp.is_none() || c.allow_html != allow_html
            })
        })
        .collect();
    let fresh: Vec<(String, AssetCheck)> = stale
        .into_par_iter()
        .map(|(asset, stamp)| {
            let diags = check_asset(asset, allow_html);
            (
                asset.content_path.clone(),
                AssetCheck {
                    stamp,
                    allow_html,
                    diags,
                },
            )
        })
        .collect();
    checks.extend(fresh);
}

/// The content paths some page of `files` includes.
fn included(files: &BTreeMap<String, Cached>) -> crate::hash::Set<String> {
    let parses = files.values().filter_map(|c| c.parsed.as_deref());
    parses.flat_map(|p| p.includes.iter().cloned()).collect()
}

/// What the checks of one attachment found, and of which version of it.
struct AssetCheck {
    stamp: Option<(u64, std::time::SystemTime)>,
    allow_html: bool,
    diags: Vec<Diagnostic>,
}

/// What a batch of file changes touched.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ChangeSummary {
    pub pages: usize,
    pub assets: bool,
    pub config: bool,
    pub theme: bool,
}

impl ChangeSummary {
    /// Whether anything the site is built from changed.
    pub fn any(&self) -> bool {
        self.pages > 0 || self.assets || self.config || self.theme
    }
}

/// The in-memory state of a site.
pub struct Project {
    opts: BuildOptions,
    config: SiteConfig,
    config_diags: Vec<Diagnostic>,
    files: BTreeMap<String, Cached>,
    assets: BTreeMap<String, Asset>,
    walk_diags: Vec<Diagnostic>,
    static_files: Vec<Asset>,
    static_diags: Vec<Diagnostic>,
    theme: Option<Arc<Theme>>,
    cache: OutputCache,
    resolve_cache: resolve::ResolveCache,
    /// Set while [`Project::compile_without_search`] runs.
    search_on_request: bool,
    /// Attachment checks by content path, kept while the file's stamp and
    /// site.yaml's `allow_html_attachments` stay the same.
    asset_checks: BTreeMap<String, AssetCheck>,
    /// What the last successful [`Project::compile_without_search`] made,
    /// for serve's quick path (`quick`); none after any other compile.
    last: Option<quick::Last>,
    /// Content paths parsed since the last successful compile.
    touched: Vec<String>,
    /// Whether anything but page texts changed since the last successful
    /// compile (site.yaml, the theme, attachments, static/, files that
    /// came or went): then only a full compile will do.
    structural: bool,
    /// Serve's parse cache, when this project was made with one
    /// ([`Project::for_serve`]).
    parse_cache: Option<parse_cache::InUse>,
    /// What of the parsed bodies is packed ([`packing`]).
    packing: Packing,
}

impl Project {
    /// Loads and parses the whole site.
    pub fn load(opts: BuildOptions) -> Project {
        let sources = content::load(&opts.site_dir);
        Project::from_sources(opts, sources)
    }

    /// Parses a site already read by [`content::load`].
    pub fn from_sources(opts: BuildOptions, sources: content::Sources) -> Project {
        let (mut p, pages) = Project::unparsed(opts, sources);
        p.parse_all(pages, &mut parse_cache::Kept::default());
        p
    }

    /// A project of `sources` with no page parsed yet, and the pages to
    /// parse.
    fn unparsed(opts: BuildOptions, sources: content::Sources) -> (Project, Vec<SourceFile>) {
        let mut p = Project {
            config_diags: Vec::new(),
            config: opts.site_config(sources.config.clone()),
            files: BTreeMap::new(),
            assets: sources
                .assets
                .into_iter()
                .map(|a| (a.content_path.clone(), a))
                .collect(),
            walk_diags: sources.diagnostics,
            static_files: Vec::new(),
            static_diags: Vec::new(),
            theme: None,
            cache: OutputCache::default(),
            resolve_cache: resolve::ResolveCache::default(),
            search_on_request: false,
            asset_checks: BTreeMap::new(),
            last: None,
            touched: Vec::new(),
            structural: true,
            parse_cache: None,
            packing: packing(opts.mode, sources.pages.iter().map(|p| p.text.len()).sum()),
            opts,
        };
        // load() mixes site.yaml problems into its diagnostics; keep them apart
        // so reloading site.yaml replaces them.
        let (config_diags, walk_diags): (Vec<_>, Vec<_>) =
            p.walk_diags.drain(..).partition(|d| d.file == "site.yaml");
        p.config_diags = config_diags;
        p.walk_diags = walk_diags;
        p.reload_static();
        (p, sources.pages)
    }

    /// Lists the site's `static/` folder again and checks it: it is
    /// published as it is, so a personal identity number in a file's name
    /// or text is an error there too.
    fn reload_static(&mut self) {
        let (files, mut diags) = content::load_static(&self.opts.site_dir);
        let checks: Vec<Vec<Diagnostic>> = files.par_iter().map(check_static).collect();
        diags.extend(checks.into_iter().flatten());
        self.static_files = files;
        self.static_diags = diags;
    }

    /// The site folder.
    pub fn site_dir(&self) -> &Path {
        &self.opts.site_dir
    }

    /// The language of the site's diagnostics, from the `site.yaml` this
    /// project last read (kept current as it changes).
    pub fn lang(&self) -> crate::messages::Lang {
        crate::messages::Lang::for_site(&self.config.language)
    }

    /// The options this project builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Parses the files at `paths` (already read) in parallel, each with
    /// the current texts of the others for its includes.
    ///
    /// Then lets go of what only a re-parse would read again, as
    /// [`Project::for_build`] does: the bodies are packed where
    /// [`packing`] says so (only a page's render reads its HTML, only
    /// search its text) and the texts that no page includes are let go of,
    /// to be read again from disk if a
    /// diagnostic needs their lines. At 100 000 pages the texts are a
    /// gigabyte, and serve would hold them for as long as it runs. Every
    /// path given must have been read just now (see [`Project::reparse`]).
    fn parse_paths(&mut self, paths: &[String]) {
        let base_url = self.config.base_url.clone();
        let files = &self.files;
        let content_dir = self.opts.site_dir.join("content");
        let lookup = |p: &str| files.get(p).and_then(|c| c.text(&content_dir));
        let parse = |s: &SourceFile| parse_source(s, &base_url, &lookup, self.packing);
        let results: Vec<(&String, Parsed)> = paths
            .par_iter()
            .filter_map(|p| Some((p, parse(&files.get(p)?.source))))
            .collect();
        for (p, (page, diags)) in results {
            if let Some(c) = self.files.get_mut(p) {
                c.parsed = page;
                c.diags = diags;
            }
        }
        self.let_go_of_unincluded(paths);
        self.touched.extend(paths.iter().cloned());
    }

    /// Takes in a batch of changed paths (absolute, as a watcher reports
    /// them): re-reads what changed, forgets what is gone.
    pub fn apply_changes(&mut self, paths: &[PathBuf]) -> ChangeSummary {
        let mut summary = ChangeSummary::default();
        let site = self.opts.site_dir.clone();
        let content_dir = site.join("content");
        let mut reparse = Vec::new();
        // content/ itself appeared, vanished or was replaced: read it all again.
        let mut reload_content = false;
        for path in paths {
            let rel = path.strip_prefix(&site).unwrap_or(path);
            if rel
                .components()
                .any(|c| content::is_ignored_name(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            if rel == Path::new("site.yaml") {
                summary.config = true;
            } else if rel.starts_with("templates") || rel.starts_with("themes") {
                summary.theme = true;
            } else if rel.starts_with("static") {
                summary.assets = true;
                self.reload_static();
            } else if path == &content_dir {
                reload_content = true;
            } else if let Ok(in_content) = path.strip_prefix(&content_dir) {
                let cpath = slash_path(in_content);
                // A path that is gone was a folder unless it was a file
                // this project knows: names tell neither (`sedAb12Cd` from
                // sed -i is a file, `avtal.2024` may be a folder).
                let known_file =
                    self.assets.contains_key(&cpath) || self.files.contains_key(&cpath);
                if path.is_dir() || (!path.exists() && !known_file) {
                    summary.pages += self.resync_dir(&cpath, &content_dir, &mut reparse);
                    summary.assets = true;
                } else if cpath.ends_with(".md") {
                    summary.pages += 1;
                    reparse.push(cpath);
                } else {
                    summary.assets = true;
                    self.refresh_asset(&cpath, &content_dir, path);
                }
            }
        }
        if summary.config {
            let (config, diags) = SiteConfig::load(&site);
            let config = self.opts.site_config(config);
            let base_changed = config.base_url != self.config.base_url;
            self.config = config;
            self.config_diags = diags;
            if base_changed {
                // Links are rewritten with base_url while parsing.
                reparse.extend(self.files.keys().cloned());
            }
        }
        if summary.theme {
            self.theme = None;
        }
        if reload_content
            || !content_dir.is_dir()
            || self.walk_diags.iter().any(|d| d.file == "content/")
        {
            let fresh = content::load(&site);
            self.walk_diags = fresh
                .diagnostics
                .into_iter()
                .filter(|d| d.file != "site.yaml")
                .collect();
            self.assets = fresh
                .assets
                .into_iter()
                .map(|a| (a.content_path.clone(), a))
                .collect();
            self.parse_all(fresh.pages, &mut parse_cache::Kept::default());
            // assets: true, so a site whose content/ was emptied or removed
            // is rebuilt too (and shows its error).
            return ChangeSummary {
                pages: self.files.len(),
                assets: true,
                ..summary
            };
        }
        reparse.sort();
        reparse.dedup();
        self.reparse(&content_dir, reparse);
        if summary.assets || summary.config || summary.theme {
            self.structural = true;
        }
        summary
    }

    /// Re-reads the given content paths in parallel (a path that is gone is
    /// forgotten) and parses them again, with every page that includes one.
    fn reparse(&mut self, content_dir: &Path, mut paths: Vec<String>) {
        // A page that includes a changed file is parsed again too, from its
        // file read again: its own text was let go of after its last parse.
        let named: crate::hash::Set<&str> = paths.iter().map(String::as_str).collect();
        let includers: Vec<String> = self
            .files
            .iter()
            .filter(|(_, c)| {
                let includes = c.parsed.as_ref().map_or(&[][..], |p| &p.includes[..]);
                includes.iter().any(|i| named.contains(i.as_str()))
            })
            .map(|(k, _)| k.clone())
            .collect();
        paths.extend(includers);
        paths.sort();
        paths.dedup();
        let results: Vec<(String, Option<Cached>, Option<Diagnostic>)> = paths
            .par_iter()
            .cloned()
            .map(|cpath| {
                // The walk's symlink rule, so a page linked from outside
                // content/ is refused here as a full build refuses it.
                let abs = match content::source_path(content_dir, &content_dir.join(&cpath)) {
                    Ok(Some(abs)) => abs,
                    Ok(None) => return (cpath, None, None),
                    Err(d) => return (cpath, None, Some(d)),
                };
                match content::read_source(&cpath, &abs) {
                    Ok(source) => (cpath, Some(Cached::unparsed(source)), None),
                    Err(d) => (cpath, None, Some(d)),
                }
            })
            .collect();
        let mut again = paths.clone();
        for (cpath, cached, read_error) in results {
            let site_path = format!("content/{cpath}");
            self.walk_diags.retain(|d| d.file != site_path);
            // A file that came, went or cannot be read changes the site's
            // shape, or its errors.
            if cached.is_none() || read_error.is_some() || !self.files.contains_key(&cpath) {
                self.structural = true;
            }
            match cached {
                Some(c) => {
                    self.files.insert(cpath, c);
                }
                None => {
                    self.files.remove(&cpath);
                }
            }
            self.walk_diags.extend(read_error);
        }
        again.sort();
        again.dedup();
        self.parse_paths(&again);
    }

    /// A folder appeared, vanished or was renamed: forget what was under it
    /// and walk what is there now, as a full load would. Returns how many
    /// pages were touched.
    fn resync_dir(&mut self, dir: &str, content_dir: &Path, reparse: &mut Vec<String>) -> usize {
        let prefix = format!("{dir}/");
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        self.assets.retain(|k, _| !k.starts_with(&prefix));
        let (site_dir, site_prefix) = (format!("content/{dir}"), format!("content/{prefix}"));
        self.walk_diags
            .retain(|d| d.file != site_dir && !d.file.starts_with(&site_prefix));
        let mut touched = gone.len();
        reparse.extend(gone);
        let abs = content_dir.join(dir);
        if std::fs::symlink_metadata(&abs).is_ok() {
            let (pages, assets, diags) = content::walk_under(content_dir, &abs);
            touched += pages.len();
            reparse.extend(pages.into_iter().map(|(cpath, _)| cpath));
            self.assets
                .extend(assets.into_iter().map(|a| (a.content_path.clone(), a)));
            self.walk_diags.extend(diags);
        }
        touched
    }

    fn refresh_asset(&mut self, cpath: &str, content_dir: &Path, abs: &Path) {
        let site_path = format!("content/{cpath}");
        self.walk_diags.retain(|d| d.file != site_path);
        match content::source_path(content_dir, abs) {
            Ok(Some(source)) => {
                self.assets.insert(
                    cpath.to_string(),
                    Asset {
                        content_path: cpath.to_string(),
                        source,
                    },
                );
            }
            Ok(None) => {
                self.assets.remove(cpath);
            }
            Err(d) => {
                self.assets.remove(cpath);
                self.walk_diags.push(d);
            }
        }
    }

    /// Resolves and renders the site as it is now. Outputs whose inputs did
    /// not change since the last successful compile reuse their bytes.
    pub fn compile(&mut self) -> Result<Compiled> {
        self.compile_with(None)
    }

    /// [`compile`](Self::compile) without the search index: the rendered
    /// site has no `search/` data files, and no search work is kept. Serve
    /// compiles this way and makes the index from the returned `Site` only
    /// when a browser asks for it (`search::build` gives the bytes a full
    /// build has), so neither the first page nor a save waits for it.
    /// After a save that changed only what published pages say in their
    /// bodies, this takes serve's quick path (see `quick`): only those
    /// pages are rendered again, and nothing is resolved.
    pub fn compile_without_search(&mut self) -> Result<Compiled> {
        let compiled = match self.quick_compile() {
            Some(compiled) => Ok(compiled),
            None => {
                self.search_on_request = true;
                let compiled = self.compile_with(None);
                self.search_on_request = false;
                compiled
            }
        };
        compiled.map(|mut c| {
            // Both paths leave content pages for their requests.
            if let Some(theme) = &self.theme {
                c.rendered.pages =
                    outputs::pages_on_request(&c.site, theme, self.opts.mode, &self.cache);
            }
            c
        })
    }

    /// The lists and feeds serve rendered at a request and keeps for the
    /// next compile (see [`OutputCache::kept_listings`]).
    pub fn kept_listings(&self) -> Vec<String> {
        self.cache.kept_listings()
    }

    /// Starts from the render cache of a previous build's output (see
    /// [`OutputCache::of_previous_output`]) instead of an empty one.
    pub fn set_previous(&mut self, cache: OutputCache) {
        self.cache = cache;
    }

    /// The render cache of the last successful compile.
    pub fn render_cache(&self) -> &OutputCache {
        &self.cache
    }

    /// Compiles once, handing every output to `sink` as it is rendered
    /// instead of keeping it in memory, and lets go of what a one-shot
    /// build needs no more as soon as it can: the source texts (all of
    /// them at parse with [`Project::for_build`], else once they have
    /// served resolve and the diagnostics), what only resolve reads, and
    /// at county scale the pages' body HTML once they are rendered (see
    /// [`outputs::into_sink`] and [`holding`]). Returns the render cache
    /// too, for the output's manifest.
    pub fn build_into(mut self, sink: &dyn Sink) -> Result<(Compiled, OutputCache)> {
        let compiled = self.compile_with(Some(sink))?;
        Ok((compiled, self.cache))
    }

    fn compile_with(&mut self, sink: Option<&dyn Sink>) -> Result<Compiled> {
        let mut timings = Timings::default();
        let t = Instant::now();
        let mut diags = self.own_diags();
        let parsed: Vec<Arc<ParsedPage>> = self
            .files
            .values()
            .filter_map(|c| c.parsed.clone())
            .collect();
        let today = self.opts.today.unwrap_or_else(dates::today);
        let opts = ResolveOptions {
            today,
            include_drafts: self.opts.include_drafts,
        };
        let files = &self.files;
        let content_dir = self.opts.site_dir.join("content");
        let text_of = |cpath: &str| {
            files
                .get(cpath)
                .and_then(|c| c.text(&content_dir))
                .unwrap_or("")
        };
        let assets: Vec<Asset> = self.assets.values().cloned().collect();
        let (mut site, resolve_diags) = resolve::resolve_cached(
            parsed,
            &text_of,
            assets,
            self.config.clone(),
            opts,
            &mut self.resolve_cache,
        );
        site.static_files = self.static_files.clone();
        let kept = self.search_on_request.then(|| resolve_diags.clone());
        diags.extend(resolve_diags);
        let texts = self.show(&mut diags);
        timings.resolve = t.elapsed();
        if diags.has_errors() {
            return Err(Error::Content {
                errors: diags.error_count(),
                diagnostics: diags,
                texts,
            });
        }
        if sink.is_some() {
            // One-shot: the sources and the resolve cache are not needed
            // again, and the pages must be the only owners of their parse
            // for render to let go of their HTML.
            self.files = BTreeMap::new();
            self.resolve_cache = resolve::ResolveCache::default();
        }
        let t = Instant::now();
        let theme = match &self.theme {
            Some(t) => t.clone(),
            None => {
                let t = Arc::new(Theme::load(&self.opts.site_dir, &site.config.theme)?);
                self.theme = Some(t.clone());
                t
            }
        };
        let mode = self.opts.mode;
        let rendered = match sink {
            Some(sink) => {
                let holding = holding(self.packing);
                outputs::into_sink(&mut site, &theme, mode, holding, &mut self.cache, sink)?
            }
            None if self.search_on_request => {
                outputs::in_memory_without_search(&site, &theme, mode, &mut self.cache)?
            }
            None => outputs::in_memory(&site, &theme, mode, &mut self.cache)?,
        };
        let parts = self.cache.timings;
        timings.render = t.elapsed().saturating_sub(parts.search + parts.write);
        timings.search = parts.search;
        timings.write = parts.write;
        let site = Arc::new(site);
        self.last = kept.map(|resolve_diags| quick::Last {
            site: Arc::clone(&site),
            resolve_diags,
            warnings: diags.clone(),
            texts: texts.clone(),
        });
        self.touched.clear();
        self.structural = false;
        Ok(Compiled {
            site,
            rendered,
            warnings: diags,
            timings,
            texts,
            changed: self.cache.changed.clone(),
            quick: false,
        })
    }
}

/// The diagnostics a compile shows.
impl Project {
    /// Every diagnostic that does not come from resolve: site.yaml's, the
    /// walk's, `static/`'s, the attachments' and each file's parse.
    fn own_diags(&mut self) -> Diagnostics {
        let mut diags = Diagnostics(self.config_diags.clone());
        diags.extend(self.walk_diags.iter().cloned());
        diags.extend(self.static_diags.iter().cloned());
        let allow_html = self.config.allow_html_attachments;
        check_assets(&self.assets, &mut self.asset_checks, allow_html);
        for check in self.asset_checks.values() {
            diags.extend(check.diags.iter().cloned());
        }
        for c in self.files.values() {
            diags.extend(c.diags.iter().cloned());
        }
        diags
    }

    /// The text of a file by its site path (`content/…`), as last read.
    fn site_text(&self, file: &str) -> Option<&str> {
        let c = self.files.get(file.strip_prefix("content/")?)?;
        c.text(&self.opts.site_dir.join("content"))
    }

    /// Sorts `diags` and attaches their source lines; returns the texts of
    /// the files they name, masked, for showing them.
    fn show(&self, diags: &mut Diagnostics) -> BTreeMap<String, String> {
        diags.sort();
        diags.attach_lines(|f| self.site_text(f).map(str::to_string));
        // Once per file, not per diagnostic: a file with 10 000 mistakes
        // would otherwise be copied and scanned 10 000 times.
        let named: std::collections::BTreeSet<&str> =
            diags.iter().map(|d| d.file.as_str()).collect();
        named
            .into_iter()
            .filter_map(|f| Some((f.to_string(), privacy::mask(self.site_text(f)?))))
            .collect()
    }
}

/// Parsing a whole site, and what a project lets go of once it has parsed.
impl Project {
    /// Parses every file of a site just read. Pages with an include line
    /// are parsed first, while every text they may include is here; every
    /// other page looks up no file, so it is parsed on its own and its
    /// text let go of at once (unless a page includes it): the texts and
    /// the parses are not all held together (but for the parses read from
    /// a cache, read while the texts are here to be checked against).
    /// Every page `kept` holds as it is now is taken from it instead
    /// (serve's parse cache).
    fn parse_all(
        &mut self,
        files: Vec<SourceFile>,
        kept: &mut parse_cache::Kept,
    ) -> parse_cache::Taken {
        self.files = files
            .into_iter()
            .map(|source| (source.content_path.clone(), Cached::unparsed(source)))
            .collect();
        self.structural = true;
        let including: Vec<String> = self
            .files
            .iter()
            .filter(|(_, c)| crate::include::may_include(&c.source.text))
            .map(|(k, _)| k.clone())
            .collect();
        self.parse_paths(&including);
        let included = included(&self.files);
        let base_url = self.config.base_url.clone();
        let packing = self.packing;
        let mut slots: Vec<(&String, &mut Cached)> = self.files.iter_mut().collect();
        let hashes: Vec<u64> = slots.par_iter().map(|(_, c)| c.text_hash()).collect();
        // `including` is in the files' order.
        let parsed_already = |k: &String| including.binary_search(k).is_ok();
        let mut hits = vec![false; slots.len()];
        for (((k, c), hash), hit) in slots.iter_mut().zip(&hashes).zip(&mut hits) {
            if parsed_already(k) {
                continue;
            }
            if let Some((page, diags)) = kept.take(k, *hash) {
                (c.parsed, c.diags, *hit) = (page.map(Arc::new), diags, true);
            }
        }
        let work = slots.par_iter_mut().zip(hashes).zip(&hits);
        work.for_each(|(((k, c), hash), hit)| {
            if parsed_already(k) {
                return;
            }
            if !hit {
                (c.parsed, c.diags) = parse_source(&c.source, &base_url, &|_: &str| None, packing);
            }
            if !included.contains(*k) {
                c.let_go_of_hashed(hash);
            }
        });
        let all: Vec<String> = self.files.keys().cloned().collect();
        self.touched.extend(all);
        let taken = hits.iter().filter(|h| **h).count();
        parse_cache::Taken {
            hits: taken,
            misses: self.files.len() - including.len() - taken,
        }
    }

    /// Lets go of the texts of those of `paths` that no page includes
    /// (a page's parse reads the texts it includes).
    fn let_go_of_unincluded(&mut self, paths: &[String]) {
        let included = included(&self.files);
        for p in paths.iter().filter(|p| !included.contains(*p)) {
            if let Some(c) = self.files.get_mut(p) {
                c.let_go_of_text();
            }
        }
    }
}

/// The one-shot build's constructor (apart: the main block is long enough).
impl Project {
    /// Parses a site read by [`content::load`] for one compile into a sink
    /// ([`Project::build_into`]), letting go of every source text: at
    /// 100 000 pages the texts are a gigabyte. Resolve and the diagnostics
    /// read again the few files they name. Not for `serve`, which keeps
    /// the texts pages include, to parse those pages again.
    pub fn for_build(opts: BuildOptions, sources: content::Sources) -> Project {
        let mut p = Project::from_sources(opts, sources);
        p.let_go_of_every_text();
        p
    }

    /// A one-shot build parses nothing again: the included texts go too.
    fn let_go_of_every_text(&mut self) {
        for c in self.files.values_mut() {
            c.let_go_of_text();
        }
    }
}

/// What is wrong with one attachment: a personal identity number in its
/// name or its text, script it could run, or a type samsyn cannot read.
fn check_asset(asset: &Asset, allow_html: bool) -> Vec<Diagnostic> {
    use crate::attachment::{self, Handling};
    let site_path = asset.site_path();
    let mut diags: Vec<Diagnostic> = crate::guard::file_name_error(&site_path, &asset.content_path)
        .into_iter()
        .collect();
    // The site's own robots.txt replaces the generated one on purpose.
    if asset.content_path != "robots.txt" && crate::urls::is_generated_file(&asset.content_path) {
        diags.push(
            Diagnostic::error(
                &site_path,
                0,
                0,
                msg!("content.generated_file", path = &asset.content_path),
            )
            .with_hint(msg!("content.generated_file.hint")),
        );
    }
    match attachment::handling(&asset.content_path) {
        Handling::Publish => {}
        Handling::Unknown => match read_head(&asset.source) {
            Ok(head) => diags.push(attachment::check_unknown(
                &site_path,
                &asset.content_path,
                &head,
            )),
            Err(e) => diags.push(Diagnostic::error(
                &site_path,
                0,
                0,
                msg!("content.unreadable", why = e),
            )),
        },
        Handling::Read => match asset.read() {
            Ok(bytes) => diags.extend(attachment::check(
                &site_path,
                &asset.content_path,
                &bytes,
                allow_html,
            )),
            Err(e) => diags.push(Diagnostic::error(
                &site_path,
                0,
                0,
                msg!("content.unreadable", why = e),
            )),
        },
    }
    diags
}

/// The first kilobyte of a file: enough to tell what kind of text, if
/// any, it starts with.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)?
        .take(1024)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// What is wrong with one file of the site's `static/` folder.
fn check_static(file: &Asset) -> Vec<Diagnostic> {
    let site_path = format!("static/{}", file.content_path);
    let mut diags: Vec<Diagnostic> = crate::guard::file_name_error(&site_path, &file.content_path)
        .into_iter()
        .collect();
    match file.read() {
        Ok(bytes) => diags.extend(crate::attachment::check_private(
            &site_path,
            &file.content_path,
            &bytes,
        )),
        Err(e) => diags.push(Diagnostic::error(
            &site_path,
            0,
            0,
            msg!("content.unreadable", why = e),
        )),
    }
    diags
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached(dir: &Path, text: &str) -> Cached {
        std::fs::write(dir.join("a.md"), text).unwrap();
        let mut c = Cached::unparsed(SourceFile {
            content_path: "a.md".into(),
            text: text.into(),
        });
        c.let_go_of_text();
        c
    }

    #[test]
    fn a_text_let_go_of_is_read_again_while_the_file_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let c = cached(dir.path(), "---\ntitle: A\n---\nText\n");
        assert!(c.source.text.is_empty());
        assert_eq!(c.text(dir.path()), Some("---\ntitle: A\n---\nText\n"));
    }

    #[test]
    fn a_project_keeps_only_the_texts_pages_include_and_serve_packs_every_bodys_html() {
        let mut opts = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        opts.mode = Mode::Serve;
        let project = Project::load(opts);
        let kept = |p: &str| !project.files[p].source.text.is_empty();
        assert!(
            kept("delat/samtycke.md"),
            "an included snippet's text was let go of"
        );
        assert!(
            !kept("rutiner/sip.md"),
            "a text no page includes is still held"
        );
        let sip = &project.files["rutiner/sip.md"]
            .parsed
            .as_ref()
            .unwrap()
            .body;
        assert!(sip.html.is_empty() && sip.packed_html.is_some());
        assert!(!sip.text.is_empty() && sip.packed_text.is_none());
        assert!(project.files["rutiner/sip.md"]
            .text(&project.opts.site_dir.join("content"))
            .is_some_and(|t| t.contains("{{#include")));
    }

    #[test]
    fn a_build_packs_bodies_only_at_county_scale() {
        let project = Project::load(BuildOptions::new(env!("CARGO_MANIFEST_DIR")));
        let sip = project.files["rutiner/sip.md"].parsed.as_ref().unwrap();
        assert!(!sip.body.html.is_empty() && sip.body.packed_html.is_none());
        assert_eq!(packing(Mode::Build, BUILD_UNPACKED_UP_TO), Packing::Nothing);
        assert_eq!(packing(Mode::Build, BUILD_UNPACKED_UP_TO + 1), Packing::All);
        assert_eq!(packing(Mode::Serve, usize::MAX), Packing::Html);
        assert_eq!(holding(Packing::Nothing), outputs::Holding::All);
        assert_eq!(holding(Packing::All), outputs::Holding::Least);
    }

    /// Keeps what a build writes, by output path.
    #[derive(Default)]
    struct Collect(std::sync::Mutex<BTreeMap<String, crate::output::OutputFile>>);

    impl Sink for Collect {
        fn put(&self, path: &str, file: &crate::output::OutputFile) -> Result<()> {
            // Put already, as Staged::put takes it too.
            if *file != crate::output::OutputFile::Written {
                self.0.lock().unwrap().insert(path.into(), file.clone());
            }
            Ok(())
        }
    }

    /// What a one-shot build of the demo site writes, its bodies packed as
    /// `packing` says whatever its size (and held as [`holding`] says for
    /// that packing).
    fn demo_built(packing: Packing) -> BTreeMap<String, crate::output::OutputFile> {
        let opts = BuildOptions {
            today: crate::dates::parse_date("2026-11-22").ok(),
            ..BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
        };
        let sources = content::load(&opts.site_dir);
        let (mut project, pages) = Project::unparsed(opts, sources);
        project.packing = packing;
        project.parse_all(pages, &mut parse_cache::Kept::default());
        let sip = project.files["rutiner/sip.md"].parsed.as_ref().unwrap();
        assert_eq!(sip.body.packed_html.is_some(), packing != Packing::Nothing);
        assert_eq!(sip.body.packed_text.is_some(), packing == Packing::All);
        project.let_go_of_every_text();
        let sink = Collect::default();
        project.build_into(&sink).expect("the demo site builds");
        sink.0.into_inner().unwrap()
    }

    #[test]
    fn a_build_writes_the_same_bytes_whatever_it_packs_and_holds() {
        let unpacked = demo_built(Packing::Nothing);
        assert!(unpacked.contains_key("search/index.json") && unpacked.len() > 100);
        for packed in [demo_built(Packing::Html), demo_built(Packing::All)] {
            let paths = |m: &BTreeMap<String, _>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(paths(&packed), paths(&unpacked));
            for (path, file) in &packed {
                assert!(file == &unpacked[path], "{path} differs");
            }
        }
    }

    #[test]
    fn a_file_changed_since_its_parse_gives_no_text() {
        let dir = tempfile::tempdir().unwrap();
        let c = cached(dir.path(), "---\ntitle: A\n---\nText\n");
        std::fs::write(dir.path().join("a.md"), "---\ntitle: B\n---\n").unwrap();
        assert_eq!(c.text(dir.path()), None);
    }
}
