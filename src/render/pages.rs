//! The [`Renderer`]: decides which outputs to render again and renders
//! them. What each context holds is built elsewhere: content pages in
//! `document.rs` and `entities.rs`, list pages in `lists.rs`, the pieces
//! they share in `links.rs`, reached through the recording `reads.rs`.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::context::*;
use super::document::{date_ctx, doc_row, meta, page_ctx, template_of};
use super::links::{url, Lookups, Prepared};
use super::lists::Lists;
use super::reads::Reads;
use super::rows::Rows;
pub(crate) use super::rows::SharedRows;
use super::{
    context_of, fingerprint, render_context, render_template, Earlier, Mode, OutputFile, Rendered,
};
use crate::error::Result;
use crate::model::ReviewStatus;
use crate::resolve::Site;
use crate::theme::Theme;
use crate::urls::encode_path;

/// Renders pages of one site with one theme. Everything that many pages
/// share (links, role holders) is made once, by its [`Lookups`].
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    site_ctx: SiteCtx,
    /// Hash of `site_ctx`, part of every output's fingerprint.
    site_hash: u64,
    lookups: Lookups<'a>,
    /// Templates rendered so far (pages and list rows): counted so tests
    /// can prove the work per build grows with the site, not faster.
    renders: AtomicUsize,
    /// Rendered list rows by page and list, with their fingerprints:
    /// shared with the render cache, which hands it to the next render.
    rows: Rows,
}

#[derive(Serialize)]
struct Ctx<'a, T: Serialize> {
    site: &'a SiteCtx,
    meta: MetaCtx,
    #[serde(flatten)]
    data: T,
}

/// Renders one generated page.
type GeneratedJob<'a> = dyn Fn() -> Result<Rendered> + Sync + 'a;

/// Takes one rendered output as soon as it is made (a build writes it) and
/// gives back what is to be kept of it.
pub(crate) type Emit<'e> = dyn Fn(Rendered) -> Result<Rendered> + Sync + 'e;

/// The template of one row of the long document lists.
const ROW_TEMPLATE: &str = "doc-row.html";

/// Nav entries: (key, Swedish title, path).
const NAV: &[(&str, &str, &str)] = &[
    ("start", "Start", ""),
    ("documents", "Dokument", "documents/"),
    ("reviews", "Granskning", "reviews/"),
    ("roles", "Roller", "roles/"),
    ("organisations", "Organisationer", "organisations/"),
    ("forums", "Forum", "forums/"),
    ("contacts", "Kontakter", "contacts/"),
];

/// The breadcrumbs of a content page in nav `section`: the start page, then
/// the section's list page (what a folder of documents, roles or forums
/// gathers into), if it is another.
fn crumbs(base: &str, section: Option<&str>) -> Vec<NavItem> {
    NAV.iter()
        .filter(|(key, _, _)| *key == "start" || (Some(*key) == section))
        .map(|(key, title, path)| NavItem {
            key,
            title,
            url: format!("{base}{path}"),
        })
        .collect()
}

/// The `site` of every context.
fn site_ctx(site: &Site, theme: &Theme, mode: Mode) -> SiteCtx {
    let base = &site.config.base_url;
    // A content hash lets a production server cache assets forever. In
    // serve mode the URL stays fixed, so a stylesheet edit changes no
    // page and live reload can swap the stylesheet alone.
    let asset_url = |name: &str| match mode {
        Mode::Serve => format!("{base}static/{name}"),
        Mode::Build => {
            let mut h = crate::hash::fingerprinter();
            theme.statics.get(name).hash(&mut h);
            format!("{base}static/{name}?v={:08x}", h.finish() as u32)
        }
    };
    let accessibility_url = site
        .get(&crate::model::PageId(
            site.config.accessibility_statement.clone(),
        ))
        .map(|p| url(site, p));
    SiteCtx {
        title: site.config.title.clone(),
        language: site.config.language.clone(),
        base_url: base.clone(),
        today: date_ctx(site.today),
        mode: match mode {
            Mode::Build => "build",
            Mode::Serve => "serve",
        },
        css_url: asset_url("samsyn.css"),
        print_css_url: asset_url("print.css"),
        js_url: asset_url("samsyn.js"),
        content_security_policy: super::CONTENT_SECURITY_POLICY,
        offline_worker_url: (mode == Mode::Build && site.config.offline)
            .then(|| format!("{base}{}", super::offline::WORKER_FILE)),
        nav: NAV
            .iter()
            .map(|(key, title, path)| NavItem {
                key,
                title,
                url: format!("{base}{path}"),
            })
            .collect(),
        accessibility_url,
        search_url: format!("{base}search/"),
        tags_url: format!("{base}tags/"),
        feed_url: format!("{base}feed.xml"),
        ics_url: format!("{base}reviews.ics"),
        robots: (!site.config.public).then_some("noindex, nofollow"),
    }
}

impl<'a> Renderer<'a> {
    /// Prepares what every page shares.
    pub fn new(site: &'a Site, theme: &'a Theme, mode: Mode) -> Self {
        Renderer::with_lookups(site, theme, mode, Lookups::new(site))
    }

    /// A renderer that takes what an earlier render of a site of the same
    /// shape prepared (serve's quick path) instead of working it out.
    pub fn prepared(site: &'a Site, theme: &'a Theme, mode: Mode, prepared: Prepared) -> Self {
        Renderer::with_lookups(site, theme, mode, Lookups::with(site, prepared))
    }

    fn with_lookups(site: &'a Site, theme: &'a Theme, mode: Mode, lookups: Lookups<'a>) -> Self {
        let site_ctx = site_ctx(site, theme, mode);
        Renderer {
            site,
            theme,
            site_hash: fingerprint(&site_ctx),
            site_ctx,
            lookups,
            renders: Default::default(),
            rows: Rows::default(),
        }
    }

    /// What this renderer prepared over the whole site, for the next.
    pub fn preparation(&self) -> Prepared {
        self.lookups.prepared()
    }

    /// Counts one template render.
    fn counted<T>(&self, rendered: Result<T>) -> Result<T> {
        self.renders.fetch_add(1, Ordering::Relaxed);
        rendered
    }

    /// How many templates were rendered (not reused) so far.
    pub fn renders(&self) -> usize {
        self.renders.load(Ordering::Relaxed)
    }

    /// The hash of everything the generated list pages and feeds show.
    pub(crate) fn lists_hash(&self) -> u64 {
        self.lookups.inputs.lists
    }

    /// What page `i`'s own context is made of: its own inputs and every
    /// neighbour its context reads, found by building it with blank
    /// neighbours.
    fn page_hash(&self, i: usize) -> (u64, u64) {
        let reads = Reads::hashing(&self.lookups, i);
        page_ctx(&reads);
        (self.lookups.inputs.own(self.site, i), reads.finish())
    }

    /// Page `i`'s context with the real neighbours, checked in debug
    /// builds to read what `page_hash` hashed.
    fn page_ctx(&self, i: usize, (_, hashed): (u64, u64)) -> PageCtx {
        let reads = Reads::building(&self.lookups, i);
        let ctx = page_ctx(&reads);
        reads.check(hashed, &ctx);
        ctx
    }

    /// Renders content page `i`, or reuses its previous bytes when nothing
    /// it shows has changed.
    pub(crate) fn render_page(&self, i: usize, prev: &dyn Earlier) -> Result<Rendered> {
        let page = &self.site.pages[i];
        if page.parsed.url_path.is_empty() {
            return self.render_start(Some(i), prev);
        }
        let path = page.parsed.output_file();
        let (template, section) = template_of(page.kind());
        #[derive(Serialize)]
        struct Data {
            page: PageCtx,
        }
        // Only the template rendering is expensive: the context is built
        // with blank neighbours to hash what it reads, and for real only
        // when that changed.
        let page_hash = self.page_hash(i);
        let fp = fingerprint(&(
            self.theme.template_hash(template),
            self.site_hash,
            page_hash,
        ));
        if let Some(file) = prev.reuse(&path, fp) {
            return Ok(Rendered {
                path,
                fingerprint: fp,
                file,
            });
        }
        let mut ctx = Ctx {
            site: &self.site_ctx,
            meta: MetaCtx {
                crumbs: crumbs(&self.site.config.base_url, section),
                ..meta(&Reads::building(&self.lookups, i), section)
            },
            data: Data {
                page: self.page_ctx(i, page_hash),
            },
        };
        let body = super::laws::linked_body(
            &Reads::building(&self.lookups, i),
            &ctx.data.page.cited_laws,
        );
        ctx.data.page.content = tera::Value::normal_string(&body);
        let bytes = self.counted(render_template(self.theme, template, &ctx))?;
        Ok(Rendered {
            path,
            fingerprint: fp,
            file: OutputFile::Bytes(bytes.into()),
        })
    }

    fn generated_meta(&self, id: &'static str, path: &str) -> MetaCtx {
        MetaCtx {
            id: id.to_string(),
            kind: id.to_string(),
            status: ReviewStatus::Current.key(),
            next_review: None,
            url: format!("{}{}", self.site.config.base_url, encode_path(path)),
            section: NAV.iter().find(|(k, _, _)| *k == id).map(|(k, _, _)| *k),
            crumbs: Vec::new(),
        }
    }

    fn lists(&self) -> Lists<'_, 'a> {
        Lists {
            lookups: &self.lookups,
        }
    }

    /// The start page, with the content of `content/index.md` if there is one.
    pub(crate) fn render_start(
        &self,
        content: Option<usize>,
        prev: &dyn Earlier,
    ) -> Result<Rendered> {
        #[derive(Serialize)]
        struct Data {
            page: Option<PageCtx>,
            start: StartCtx,
        }
        let page_hash = content.map(|i| self.page_hash(i));
        let fp = fingerprint(&(
            self.theme.template_hash("index.html"),
            self.site_hash,
            self.lookups.inputs.lists,
            page_hash,
        ));
        self.render_or_reuse("index.html", "index.html", fp, prev, || {
            let mut meta = self.generated_meta("start", "");
            let mut page = None;
            if let (Some(i), Some(hashed)) = (content, page_hash) {
                // content/index.md is a page like any other: its meta tags
                // say what it is; without it `/` is the generated `start`.
                meta = MetaCtx {
                    section: Some("start"),
                    ..super::document::meta(&Reads::building(&self.lookups, i), None)
                };
                let mut ctx = self.page_ctx(i, hashed);
                let body =
                    super::laws::linked_body(&Reads::building(&self.lookups, i), &ctx.cited_laws);
                ctx.content = tera::Value::normal_string(&body);
                page = Some(ctx);
            }
            let ctx = Ctx {
                site: &self.site_ctx,
                meta,
                data: Data {
                    page,
                    start: self.lists().start(),
                },
            };
            context_of("index.html", &ctx)
        })
    }

    /// The generated list pages: `/documents/`, `/reviews/`, `/roles/`, …
    ///
    /// Each page goes to `emit` as soon as it is made, and only what `emit`
    /// returns (a placeholder, when it wrote the page) is kept: the big
    /// lists are tens of megabytes each at 100 000 documents.
    /// The two lists of every document (`/documents/`, `/reviews/`) ask
    /// `later`, the others `prev`: serve leaves those two for their
    /// requests, as they take seconds at a county's size.
    pub(crate) fn render_generated(
        &self,
        prev: &dyn Earlier,
        later: &dyn Earlier,
        emit: &Emit<'_>,
    ) -> Result<Vec<Rendered>> {
        let lists = self.lists();
        let rows = |docs: &[usize], kind: &'static str| self.doc_rows(docs, kind);
        // The big lists (documents, reviews) dominate; render them side by side.
        let jobs: [&GeneratedJob; 8] = [
            &|| {
                let ctx = || lists.documents(&rows);
                self.generated(
                    later,
                    "documents",
                    "documents/",
                    "documents.html",
                    "documents",
                    ctx,
                )
            },
            &|| {
                let ctx = || lists.reviews(&rows);
                self.generated(later, "reviews", "reviews/", "reviews.html", "reviews", ctx)
            },
            &|| {
                let ctx = || Ok(lists.role_groups());
                self.generated(prev, "roles", "roles/", "roles.html", "role_groups", ctx)
            },
            &|| {
                let ctx = || Ok(lists.org_rows());
                let template = "organisations.html";
                self.generated(
                    prev,
                    "organisations",
                    "organisations/",
                    template,
                    "organisations",
                    ctx,
                )
            },
            &|| {
                let ctx = || Ok(lists.forum_rows());
                self.generated(prev, "forums", "forums/", "forums.html", "forums", ctx)
            },
            &|| {
                let ctx = || Ok(lists.people_by_role());
                let template = "contacts-index.html";
                self.generated(
                    prev,
                    "contacts",
                    "contacts/",
                    template,
                    "people_by_role",
                    ctx,
                )
            },
            &|| self.generated(prev, "404", "404.html", "404.html", "nothing", || Ok(())),
            &|| {
                let ctx = || Ok(lists.search(self.search_script_url()));
                self.generated(prev, "search", "search/", "search.html", "search", ctx)
            },
        ];
        let mut out: Vec<Rendered> = jobs
            .par_iter()
            .map(|job| emit(job()?))
            .collect::<Result<_>>()?;
        out.extend(self.render_tags(prev, emit)?);
        for r in self.render_offline(prev)? {
            out.push(emit(r)?);
        }
        Ok(out)
    }

    /// The service worker and its offline page, when pages register it.
    fn render_offline(&self, prev: &dyn Earlier) -> Result<Vec<Rendered>> {
        use super::offline::{worker, OFFLINE_FILE, WORKER_FILE};
        if self.site_ctx.offline_worker_url.is_none() {
            return Ok(Vec::new());
        }
        let page = self.generated(
            prev,
            "offline",
            OFFLINE_FILE,
            OFFLINE_FILE,
            "nothing",
            || Ok(()),
        )?;
        // Everything any page is made of: its own inputs (text, status),
        // what lists show, the site context and the theme.
        let own: Vec<u64> = (0..self.site.pages.len())
            .map(|i| self.lookups.inputs.own(self.site, i))
            .collect();
        let build = fingerprint(&(
            self.site_hash,
            self.lookups.inputs.lists,
            self.theme.fingerprint(),
            self.search_script_hash(),
            own,
        ));
        let s = &self.site_ctx;
        let offline_url = format!("{}{OFFLINE_FILE}", s.base_url);
        let precache = [
            offline_url.clone(),
            s.css_url.clone(),
            s.print_css_url.clone(),
            s.js_url.clone(),
        ];
        let file = match prev.reuse(WORKER_FILE, build) {
            Some(file) => file,
            None => {
                let text = worker(build, &offline_url, &precache);
                OutputFile::Bytes(text.into_bytes().into())
            }
        };
        let worker = Rendered {
            path: WORKER_FILE.to_string(),
            fingerprint: build,
            file,
        };
        Ok(vec![page, worker])
    }

    /// Renders a generated page whose context is `site`, `meta` and one
    /// named value, built only when the page must be rendered again. They
    /// are fingerprinted by the site-wide list hash (what every list shows
    /// of every page), never by their contexts: [`Shared`] parts have no
    /// fixed key order outside Tera.
    fn generated<T: Serialize>(
        &self,
        prev: &dyn Earlier,
        id: &'static str,
        path: &str,
        template: &str,
        name: &'static str,
        value: impl FnOnce() -> Result<T>,
    ) -> Result<Rendered> {
        let meta = self.generated_meta(id, path);
        self.generated_as(prev, meta, path, template, name, value)
    }

    /// [`Renderer::generated`] with its own `meta` (a tag page's id is
    /// its slug).
    fn generated_as<T: Serialize>(
        &self,
        prev: &dyn Earlier,
        meta: MetaCtx,
        path: &str,
        template: &str,
        name: &'static str,
        value: impl FnOnce() -> Result<T>,
    ) -> Result<Rendered> {
        let file = if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}index.html")
        };
        // The search page also names its script by content hash.
        let script = match meta.kind.as_str() {
            "search" => self.search_script_hash(),
            _ => 0,
        };
        let fp = fingerprint(&(
            self.theme.template_hash(template),
            self.theme.template_hash(ROW_TEMPLATE),
            self.site_hash,
            self.lookups.inputs.lists,
            &meta.id,
            script,
        ));
        let make = |value: T| {
            let mut ctx = tera::Context::new();
            ctx.insert("site", &self.site_ctx);
            ctx.insert("meta", &meta);
            ctx.insert(name, &value);
            ctx
        };
        self.render_or_reuse(&file, template, fp, prev, || value().map(make))
    }

    /// The index of all tags and a page per tag. Like the other lists they
    /// follow the site-wide list hash, which holds every page's tags.
    fn render_tags(&self, prev: &dyn Earlier, emit: &Emit<'_>) -> Result<Vec<Rendered>> {
        let lists = self.lists();
        let tags = &self.lookups.tags.tags;
        let index = self
            .generated(prev, "tags", "tags/", "tags.html", "tags", || {
                Ok(lists.tag_summaries())
            })
            .and_then(emit);
        let pages = (0..tags.len()).into_par_iter().map(|t| {
            let meta = MetaCtx {
                id: format!(
                    "tag:{}",
                    &tags[t].path["tags/".len()..tags[t].path.len() - 1]
                ),
                ..self.generated_meta("tag", &tags[t].path)
            };
            let ctx = || Ok(lists.tag(t));
            emit(self.generated_as(prev, meta, &tags[t].path, "tag.html", "tag", ctx)?)
        });
        std::iter::once(index)
            .chain(pages.collect::<Vec<_>>())
            .collect()
    }

    /// A hash of the search script, which its URL carries.
    fn search_script_hash(&self) -> u64 {
        let mut h = crate::hash::fingerprinter();
        self.theme.statics.get("search.js").hash(&mut h);
        h.finish()
    }

    /// The URL of the search script, content-hashed like the other assets
    /// except in serve.
    fn search_script_url(&self) -> String {
        let base = &self.site.config.base_url;
        match self.site_ctx.mode {
            "serve" => format!("{base}static/search.js"),
            _ => format!(
                "{base}static/search.js?v={:08x}",
                self.search_script_hash() as u32
            ),
        }
    }

    /// Renders `template` with the context `make` builds, unless the
    /// previous render had the same input fingerprint `fp`.
    fn render_or_reuse(
        &self,
        path: &str,
        template: &str,
        fp: u64,
        prev: &dyn Earlier,
        make: impl FnOnce() -> Result<tera::Context>,
    ) -> Result<Rendered> {
        let file = match prev.reuse(path, fp) {
            Some(file) => file,
            None => {
                let bytes = self.counted(render_context(self.theme, template, &make()?))?;
                OutputFile::Bytes(bytes.into())
            }
        };
        Ok(Rendered {
            path: path.to_string(),
            fingerprint: fp,
            file,
        })
    }

    /// Renders `docs` with `doc-row.html`, in parallel, reusing rows whose
    /// reads are unchanged (a title edit during serve re-renders the rows
    /// that show the title, not ten thousand). A row's fingerprint, like a
    /// page's, is what its context reads.
    fn doc_rows(&self, docs: &[usize], kind_of_row: &'static str) -> Result<Vec<tera::Value>> {
        docs.par_iter()
            .map(|&i| {
                let key = (self.site.pages[i].parsed.url_path.clone(), kind_of_row);
                let hashing = Reads::hashing(&self.lookups, i);
                doc_row(&hashing);
                let hashed = hashing.finish();
                let fp = fingerprint(&(
                    self.theme.template_hash(ROW_TEMPLATE),
                    self.site_hash,
                    self.lookups.inputs.own(self.site, i),
                    hashed,
                ));
                if let Some(html) = self.rows.get(&key, fp) {
                    return Ok(html);
                }
                let reads = Reads::building(&self.lookups, i);
                let row = doc_row(&reads);
                reads.check(hashed, &row);
                let mut ctx = tera::Context::new();
                ctx.insert("row", &row);
                ctx.insert("as", kind_of_row);
                let bytes = self.counted(render_context(self.theme, ROW_TEMPLATE, &ctx))?;
                // A normal string, as a `String` in the context would be:
                // the templates output rows with `| safe`.
                let html = tera::Value::normal_string(&String::from_utf8_lossy(&bytes));
                self.rows.put(key, fp, html.clone());
                Ok(html)
            })
            .collect()
    }

    /// Starts from the rows of an earlier render.
    pub(crate) fn with_rows(mut self, rows: SharedRows) -> Self {
        self.rows = Rows::new(rows);
        self
    }

    /// The rows, for the next render.
    pub(crate) fn into_rows(self) -> SharedRows {
        let live = self.site.pages.iter().map(|p| p.parsed.url_path.as_str());
        self.rows.into_shared(live)
    }
}
