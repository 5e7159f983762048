//! Builds the template context of every page and renders it.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::context::*;
use super::inputs::InputHashes;
use super::{
    context_of, fingerprint, render_context, render_template, Earlier, Mode, OutputFile, Rendered,
};
use crate::dates::{days_between, swedish_long};
use crate::error::Result;
use crate::model::{Kind, ReviewStatus};
use crate::resolve::{Page, RefField, Site};
use crate::theme::Theme;
use crate::urls::encode_path;

/// Renders pages of one site with one theme. Everything that many pages
/// share (links, role holders) is computed once here.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    site_ctx: SiteCtx,
    /// Each page's link and, for roles, who holds it: made when first
    /// shown, since an incremental render shows a handful of the thousands.
    links: Vec<OnceLock<Shared<LinkCtx>>>,
    holders: Vec<OnceLock<Shared<Vec<PersonCtx>>>>,
    /// Each role's link with its holders, made when first shown.
    role_links: Vec<OnceLock<Shared<RoleLinkCtx>>>,
    inputs: InputHashes,
    /// Hash of `site_ctx`, part of every output's fingerprint.
    site_hash: u64,
    /// Templates rendered so far (pages and list rows): counted so tests
    /// can prove the work per build grows with the site, not faster.
    renders: std::sync::atomic::AtomicUsize,
    /// Rendered list rows by page and list, with their fingerprints:
    /// shared with the render cache, which hands it to the next render.
    rows: SharedRows,
}

/// List rows by (page URL path, list), with the fingerprint each was made
/// from.
pub(crate) type RowCache = crate::hash::Map<(String, &'static str), (u64, std::sync::Arc<str>)>;

/// The row cache as renders share it. A row is used only when its
/// fingerprint matches, so rows a failed render added do no harm: renders
/// update it in place rather than copy it.
pub(crate) type SharedRows = std::sync::Arc<std::sync::Mutex<RowCache>>;

#[derive(Serialize)]
struct Ctx<'a, T: Serialize> {
    site: &'a SiteCtx,
    meta: MetaCtx,
    #[serde(flatten)]
    data: T,
}

fn date_ctx(d: Date) -> DateCtx {
    DateCtx {
        iso: d.to_string(),
        long: swedish_long(d),
    }
}

/// Renders one generated page.
type GeneratedJob<'a> = dyn Fn() -> Result<Rendered> + Sync + 'a;

/// How many documents the start page's "needs review" list shows.
const START_LIST_LIMIT: usize = 12;

/// Nav entries: (key, Swedish title, path).
/// The template of one row of the long document lists.
const ROW_TEMPLATE: &str = "doc-row.html";

const NAV: &[(&str, &str, &str)] = &[
    ("start", "Start", ""),
    ("documents", "Dokument", "documents/"),
    ("reviews", "Granskning", "reviews/"),
    ("roles", "Roller", "roles/"),
    ("organisations", "Organisationer", "organisations/"),
    ("forums", "Forum", "forums/"),
    ("contacts", "Kontakter", "contacts/"),
];

impl<'a> Renderer<'a> {
    /// Prepares what every page shares.
    pub fn new(site: &'a Site, theme: &'a Theme, mode: Mode) -> Self {
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
        let site_ctx = SiteCtx {
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
            feed_url: format!("{base}feed.xml"),
            ics_url: format!("{base}reviews.ics"),
        };
        Renderer {
            site,
            theme,
            site_hash: fingerprint(&site_ctx),
            site_ctx,
            links: lazy(site.pages.len()),
            holders: lazy(site.pages.len()),
            role_links: lazy(site.pages.len()),
            inputs: InputHashes::new(site),
            renders: Default::default(),
            rows: Default::default(),
        }
    }

    /// The link to page `i`.
    fn link(&self, i: usize) -> &Shared<LinkCtx> {
        self.links[i].get_or_init(|| Shared::new(link_ctx(self.site, &self.site.pages[i])))
    }

    /// The people who hold role `i` today (none for other pages).
    fn holders(&self, i: usize) -> &Shared<Vec<PersonCtx>> {
        self.holders[i].get_or_init(|| {
            Shared::new(
                self.site.pages[i]
                    .rev
                    .holders
                    .iter()
                    .map(|&(list, entry)| self.person(list, entry))
                    .collect(),
            )
        })
    }

    /// Counts one template render.
    fn counted<T>(&self, rendered: Result<T>) -> Result<T> {
        self.renders
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        rendered
    }

    /// How many templates were rendered (not reused) so far.
    pub fn renders(&self) -> usize {
        self.renders.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The hash of everything the generated list pages and feeds show.
    pub(crate) fn lists_hash(&self) -> u64 {
        self.inputs.lists
    }

    fn person(&self, list: usize, entry: usize) -> PersonCtx {
        let page = &self.site.pages[list];
        let c = &page.parsed.meta.contacts[entry];
        let role = page.refs.contact_role(entry).map(|i| self.link(i).clone());
        PersonCtx {
            name: c.name.clone(),
            role: role.unwrap_or_else(|| self.link(list).clone()),
            unit: c.unit.clone(),
            phone: c.phone.clone(),
            phone_url: c.phone.as_deref().map(tel_url),
            email: c.email.clone(),
            note: c.note.clone(),
            list: self.link(list).clone(),
        }
    }

    fn role_link(&self, i: usize) -> Shared<RoleLinkCtx> {
        self.role_links[i]
            .get_or_init(|| {
                // The link's fields are flattened into the role's, so its
                // plain struct goes in, not its template value.
                Shared::new(RoleLinkCtx {
                    link: (**self.link(i)).clone(),
                    holders: self.holders(i).clone(),
                })
            })
            .clone()
    }

    fn refs(&self, page: &Page, field: RefField) -> Vec<usize> {
        page.refs.of(field).collect()
    }

    fn link_list(&self, ix: impl IntoIterator<Item = usize>) -> Vec<Shared<LinkCtx>> {
        let mut v: Vec<Shared<LinkCtx>> = ix.into_iter().map(|i| self.link(i).clone()).collect();
        v.sort_by(|a, b| a.title.cmp(&b.title));
        v
    }

    fn meta(&self, page: &Page, section: Option<&'static str>) -> MetaCtx {
        MetaCtx {
            id: page.id().to_string(),
            kind: page.kind().key().to_string(),
            status: page.status.key(),
            next_review: page.next_review.map(|d| d.to_string()),
            url: url(self.site, page),
            section,
        }
    }

    /// Renders content page `i`, or reuses its previous bytes when nothing
    /// it shows has changed.
    pub(crate) fn render_page(&self, i: usize, prev: &dyn Earlier) -> Result<Rendered> {
        let page = &self.site.pages[i];
        if page.parsed.url_path.is_empty() {
            return self.render_start(Some(i), prev);
        }
        let path = format!("{}index.html", page.parsed.url_path);
        let template = match page.kind() {
            k if k.is_governing() => "document.html",
            Kind::Role => "role.html",
            Kind::Organisation => "organisation.html",
            Kind::Forum => "forum.html",
            Kind::Contacts => "contacts.html",
            _ => "page.html",
        };
        let section = match page.kind() {
            k if k.is_governing() => Some("documents"),
            Kind::Role => Some("roles"),
            Kind::Organisation => Some("organisations"),
            Kind::Forum => Some("forums"),
            Kind::Contacts => Some("contacts"),
            _ => None,
        };
        #[derive(Serialize)]
        struct Data {
            page: PageCtx,
        }
        // Decide from the input hashes alone; build the context only for
        // pages that must be rendered again.
        let fp = fingerprint(&(
            self.theme.template_hash(template),
            self.site_hash,
            self.inputs.page[i],
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
            meta: self.meta(page, section),
            data: Data {
                page: self.page_ctx(i),
            },
        };
        ctx.data.page.content = tera::Value::normal_string(&page.parsed.body.html);
        let bytes = self.counted(render_template(self.theme, template, &ctx))?;
        Ok(Rendered {
            path,
            fingerprint: fp,
            file: OutputFile::Bytes(bytes.into()),
        })
    }

    fn page_ctx(&self, i: usize) -> PageCtx {
        let page = &self.site.pages[i];
        let m = &page.parsed.meta;
        PageCtx {
            link: (**self.link(i)).clone(),
            summary: m.summary.clone(),
            tags: m.tags.clone(),
            draft: m.draft,
            next_review: page.next_review.map(date_ctx),
            content: tera::Value::none(),
            toc: page
                .parsed
                .body
                .headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocEntry {
                    level: h.level,
                    id: h.anchor.clone(),
                    title: h.title.clone(),
                })
                .collect(),
            source: page.parsed.source.clone(),
            related: self.link_list(self.refs(page, RefField::Related)),
            supersedes: page
                .refs
                .one(RefField::Supersedes)
                .map(|s| self.link(s).clone()),
            superseded_by: page.rev.superseded_by.map(|s| self.link(s).clone()),
            backlinks: self.link_list(page.rev.backlinks.iter().copied()),
            document: page.kind().is_reviewed().then(|| self.document_ctx(page)),
            role: (page.kind() == Kind::Role).then(|| self.role_ctx(i)),
            organisation: (page.kind() == Kind::Organisation).then(|| self.organisation_ctx(page)),
            forum: (page.kind() == Kind::Forum).then(|| self.forum_ctx(page)),
            contact_list: (page.kind() == Kind::Contacts).then(|| ContactListCtx {
                entries: (0..m.contacts.len()).map(|e| self.person(i, e)).collect(),
            }),
        }
    }

    fn document_ctx(&self, page: &Page) -> DocumentCtx {
        let m = &page.parsed.meta;
        let interval = m
            .review_interval
            .unwrap_or(self.site.config.review_interval);
        DocumentCtx {
            decided_by: m.decided_by.clone(),
            decided: m.decided.map(date_ctx),
            diary_number: m.diary_number.clone(),
            applies_to: self.link_list(self.refs(page, RefField::AppliesTo)),
            owners: self
                .refs(page, RefField::Owner)
                .into_iter()
                .map(|r| self.role_link(r))
                .collect(),
            roles: self
                .refs(page, RefField::Roles)
                .into_iter()
                .map(|r| self.role_link(r))
                .collect(),
            forums: self.link_list(self.refs(page, RefField::Forums)),
            valid_from: m.valid_from.map(|d| date_ctx(d.date)),
            valid_until: m.valid_until.map(|d| date_ctx(d.date)),
            revised: m.revised.map(date_ctx),
            reviewed: m.reviewed.map(date_ctx),
            review_interval: interval.to_swedish(),
            next_review: page.next_review.map(date_ctx),
            days_to_review: page.next_review.map(|n| days_between(self.site.today, n)),
            history: {
                let mut h: Vec<HistoryCtx> = m
                    .history
                    .iter()
                    .map(|e| HistoryCtx {
                        date: date_ctx(e.date),
                        note: e.note.clone(),
                        decided_by: e.decided_by.clone(),
                    })
                    .collect();
                h.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
                h
            },
        }
    }

    fn role_ctx(&self, i: usize) -> RoleCtx {
        let page = &self.site.pages[i];
        let mut forums: Vec<ForumSeatCtx> = page
            .rev
            .forum_seats
            .iter()
            .map(|&(f, chair)| ForumSeatCtx {
                link: (**self.link(f)).clone(),
                chair,
            })
            .collect();
        forums.sort_by(|a, b| a.link.title.cmp(&b.link.title));
        RoleCtx {
            organisation: page
                .refs
                .one(RefField::Organisation)
                .map(|o| self.link(o).clone()),
            reports_to: page
                .refs
                .one(RefField::ReportsTo)
                .map(|o| self.link(o).clone()),
            direct_reports: self.link_list(page.rev.direct_reports.iter().copied()),
            holders: self.holders(i).clone(),
            owns: self.link_list(page.rev.owns.iter().copied()),
            tasks: self.link_list(page.rev.tasks.iter().copied()),
            forums,
        }
    }

    fn organisation_ctx(&self, page: &Page) -> OrganisationCtx {
        let m = &page.parsed.meta;
        let mut roles: Vec<Shared<RoleLinkCtx>> = page
            .rev
            .org_roles
            .iter()
            .map(|&r| self.role_link(r))
            .collect();
        roles.sort_by(|a, b| a.link.title.cmp(&b.link.title));
        OrganisationCtx {
            short: m.short.clone(),
            parent: page
                .refs
                .one(RefField::Parent)
                .map(|p| self.link(p).clone()),
            children: self.link_list(page.rev.children.iter().copied()),
            roles,
            documents: self.link_list(page.rev.applies.iter().copied()),
        }
    }

    fn forum_ctx(&self, page: &Page) -> ForumCtx {
        let m = &page.parsed.meta;
        let mut members: Vec<Shared<RoleLinkCtx>> = self
            .refs(page, RefField::Members)
            .into_iter()
            .map(|r| self.role_link(r))
            .collect();
        members.sort_by(|a, b| a.link.title.cmp(&b.link.title));
        ForumCtx {
            cadence: m.cadence.clone(),
            chair: page.refs.one(RefField::Chair).map(|c| self.role_link(c)),
            members,
            documents: self.link_list(page.rev.followed_up.iter().copied()),
        }
    }

    /// One governing document (or contact list) as a row of a list.
    fn doc_row(&self, i: usize) -> DocRowCtx {
        let page = &self.site.pages[i];
        let m = &page.parsed.meta;
        let mut owners: Vec<Shared<RoleLinkCtx>> = self
            .refs(page, RefField::Owner)
            .into_iter()
            .map(|r| self.role_link(r))
            .collect();
        owners.sort_by(|a, b| a.link.title.cmp(&b.link.title));
        let organisations = self.link_list(self.refs(page, RefField::AppliesTo));
        DocRowCtx {
            link: (**self.link(i)).clone(),
            summary: m.summary.clone(),
            owner_ids: owners
                .iter()
                .map(|o| o.link.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            organisation_ids: organisations
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            owners,
            organisations,
            revised: m.revised.max(m.reviewed).map(date_ctx),
            next_review: page.next_review.map(date_ctx),
            days_to_review: page.next_review.map(|n| days_between(self.site.today, n)),
        }
    }

    fn generated_meta(&self, id: &'static str, path: &str) -> MetaCtx {
        MetaCtx {
            id: id.to_string(),
            kind: id.to_string(),
            status: ReviewStatus::Current.key(),
            next_review: None,
            url: format!("{}{}", self.site.config.base_url, encode_path(path)),
            section: NAV.iter().find(|(k, _, _)| *k == id).map(|(k, _, _)| *k),
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
        let fp = fingerprint(&(
            self.theme.template_hash("index.html"),
            self.site_hash,
            self.inputs.lists,
            content.map(|i| self.inputs.page[i]),
        ));
        self.render_or_reuse("index.html", "index.html", fp, prev, || {
            let mut meta = self.generated_meta("start", "");
            let mut page = content.map(|i| self.page_ctx(i));
            if let (Some(i), Some(page)) = (content, page.as_mut()) {
                // content/index.md is a page like any other: its meta tags
                // say what it is; without it `/` is the generated `start`.
                meta = MetaCtx {
                    section: Some("start"),
                    ..self.meta(&self.site.pages[i], None)
                };
                page.content = tera::Value::normal_string(&self.site.pages[i].parsed.body.html);
            }
            let ctx = Ctx {
                site: &self.site_ctx,
                meta,
                data: Data {
                    page,
                    start: self.start_ctx(),
                },
            };
            context_of("index.html", &ctx)
        })
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
    /// page inputs are unchanged (a title edit during serve re-renders one
    /// row, not ten thousand).
    fn doc_rows(&self, docs: &[usize], kind_of_row: &'static str) -> Result<Vec<String>> {
        docs.par_iter()
            .map(|&i| {
                let key = (self.site.pages[i].parsed.url_path.clone(), kind_of_row);
                let fp = fingerprint(&(
                    self.theme.template_hash(ROW_TEMPLATE),
                    self.site_hash,
                    self.inputs.page[i],
                ));
                let rows = || self.rows.lock().unwrap_or_else(|p| p.into_inner());
                if let Some((old, html)) = rows().get(&key) {
                    if *old == fp {
                        return Ok(html.to_string());
                    }
                }
                let mut ctx = tera::Context::new();
                ctx.insert("row", &self.doc_row(i));
                ctx.insert("as", kind_of_row);
                let bytes = self.counted(render_context(self.theme, ROW_TEMPLATE, &ctx))?;
                let html = String::from_utf8_lossy(&bytes).into_owned();
                rows().insert(key, (fp, html.as_str().into()));
                Ok(html)
            })
            .collect()
    }

    /// Starts from the rows of an earlier render.
    pub(crate) fn with_rows(mut self, rows: SharedRows) -> Self {
        self.rows = rows;
        self
    }

    /// The rows, without those of pages that are gone once they are more
    /// than the live ones (two lists a document): dropping them takes a
    /// pass over all rows, which a save need not pay every time.
    pub(crate) fn into_rows(self) -> SharedRows {
        let mut rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        if rows.len() > 4 * self.site.pages.len() {
            let live: crate::hash::Set<&str> = self
                .site
                .pages
                .iter()
                .map(|p| p.parsed.url_path.as_str())
                .collect();
            rows.retain(|(path, _), _| live.contains(path.as_str()));
        }
        drop(rows);
        self.rows
    }

    fn start_ctx(&self) -> StartCtx {
        let docs: Vec<usize> = self.site.documents().collect();
        let mut attention: Vec<usize> = docs
            .iter()
            .copied()
            .filter(|&i| {
                matches!(
                    self.site.pages[i].status,
                    ReviewStatus::Overdue | ReviewStatus::Due
                )
            })
            .collect();
        attention.sort_by_key(|&i| (self.site.pages[i].next_review, i));
        // The start page stays small at any size; /reviews/ has them all.
        let attention_total = attention.len();
        attention.truncate(START_LIST_LIMIT);
        let mut recent: Vec<usize> = docs
            .iter()
            .copied()
            .filter(|&i| self.last_change(i).is_some())
            .collect();
        recent.sort_by_key(|&i| (std::cmp::Reverse(self.last_change(i)), i));
        recent.truncate(8);
        StartCtx {
            attention: attention.into_iter().map(|i| self.doc_row(i)).collect(),
            attention_total,
            recent: recent.into_iter().map(|i| self.doc_row(i)).collect(),
            kinds: Kind::GOVERNING
                .iter()
                .map(|k| KindCountCtx {
                    key: k.key(),
                    label: k.plural_label(),
                    count: docs
                        .iter()
                        .filter(|&&i| self.site.pages[i].kind() == *k)
                        .count(),
                    url: format!("{}documents/?kind={}", self.site.config.base_url, k.key()),
                })
                .collect(),
            statuses: self.status_facets(&docs),
        }
    }

    fn last_change(&self, i: usize) -> Option<Date> {
        let m = &self.site.pages[i].parsed.meta;
        m.revised.max(m.reviewed).or(m.decided)
    }

    fn status_facets(&self, docs: &[usize]) -> Vec<FacetCtx> {
        ReviewStatus::ALL
            .iter()
            .map(|s| FacetCtx {
                key: s.key().into(),
                label: s.label().into(),
                count: docs
                    .iter()
                    .filter(|&&i| self.site.pages[i].status == *s)
                    .count(),
            })
            .filter(|f| f.count > 0)
            .collect()
    }

    /// The generated list pages: `/documents/`, `/reviews/`, `/roles/`, …
    pub(crate) fn render_generated(&self, prev: &dyn Earlier) -> Result<Vec<Rendered>> {
        // The big lists (documents, reviews) dominate; render them side by side.
        let jobs: [&GeneratedJob; 8] = [
            &|| {
                self.generated(
                    prev,
                    "documents",
                    "documents/",
                    "documents.html",
                    "documents",
                    || self.documents_ctx(),
                )
            },
            &|| {
                self.generated(
                    prev,
                    "reviews",
                    "reviews/",
                    "reviews.html",
                    "reviews",
                    || self.reviews_ctx(),
                )
            },
            &|| {
                self.generated(prev, "roles", "roles/", "roles.html", "role_groups", || {
                    Ok(self.role_groups())
                })
            },
            &|| {
                self.generated(
                    prev,
                    "organisations",
                    "organisations/",
                    "organisations.html",
                    "organisations",
                    || Ok(self.org_rows()),
                )
            },
            &|| {
                self.generated(prev, "forums", "forums/", "forums.html", "forums", || {
                    Ok(self.forum_rows())
                })
            },
            &|| {
                self.generated(
                    prev,
                    "contacts",
                    "contacts/",
                    "contacts-index.html",
                    "people_by_role",
                    || Ok(self.people_by_role()),
                )
            },
            &|| self.generated(prev, "404", "404.html", "404.html", "nothing", || Ok(())),
            &|| {
                self.generated(prev, "search", "search/", "search.html", "search", || {
                    Ok(self.search_ctx())
                })
            },
        ];
        jobs.par_iter().map(|job| job()).collect()
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
        let file = if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}index.html")
        };
        let make = |value: T| {
            let mut ctx = tera::Context::new();
            ctx.insert("site", &self.site_ctx);
            ctx.insert("meta", &self.generated_meta(id, path));
            ctx.insert(name, &value);
            ctx
        };
        // The search page also names its script by content hash.
        let script = match id {
            "search" => self.search_script_hash(),
            _ => 0,
        };
        let fp = fingerprint(&(
            self.theme.template_hash(template),
            self.theme.template_hash(ROW_TEMPLATE),
            self.site_hash,
            self.inputs.lists,
            id,
            script,
        ));
        self.render_or_reuse(&file, template, fp, prev, || value().map(make))
    }

    /// A hash of the search script, which its URL carries.
    fn search_script_hash(&self) -> u64 {
        let mut h = crate::hash::fingerprinter();
        self.theme.statics.get("search.js").hash(&mut h);
        h.finish()
    }

    /// The search page: where the index and script are, and the documents
    /// by kind for readers without JavaScript (listed one by one on sites
    /// of at most 300 documents, as counts with links to `/documents/`
    /// above that).
    fn search_ctx(&self) -> SearchCtx {
        let base = &self.site.config.base_url;
        let mut docs: Vec<usize> = self.site.documents().collect();
        docs.sort_by(|&a, &b| self.site.pages[a].title().cmp(self.site.pages[b].title()));
        let list = docs.len() <= 300;
        let hash = self.search_script_hash() as u32;
        SearchCtx {
            script_url: match self.site_ctx.mode {
                "serve" => format!("{base}static/search.js"),
                _ => format!("{base}static/search.js?v={hash:08x}"),
            },
            index_url: format!("{base}search/"),
            documents_url: format!("{base}documents/"),
            groups: Kind::GOVERNING
                .iter()
                .map(|k| {
                    let of_kind = docs.iter().filter(|&&i| self.site.pages[i].kind() == *k);
                    SearchGroupCtx {
                        key: k.key(),
                        label: k.plural_label(),
                        count: of_kind.clone().count(),
                        url: format!("{base}documents/?kind={}", k.key()),
                        links: if list {
                            of_kind.map(|&i| self.link(i).clone()).collect()
                        } else {
                            Vec::new()
                        },
                    }
                })
                .filter(|g| g.count > 0)
                .collect(),
        }
    }

    fn documents_ctx(&self) -> Result<DocumentsCtx> {
        let mut docs: Vec<usize> = self.site.documents().collect();
        docs.sort_by(|&a, &b| self.site.pages[a].title().cmp(self.site.pages[b].title()));
        let rows: Vec<DocRowCtx> = docs.iter().map(|&i| self.doc_row(i)).collect();
        let facet = |pick: &dyn Fn(&DocRowCtx) -> Vec<(String, String)>| {
            let mut counts: std::collections::BTreeMap<(String, String), usize> =
                Default::default();
            for r in &rows {
                for kv in pick(r) {
                    *counts.entry(kv).or_default() += 1;
                }
            }
            let mut v: Vec<FacetCtx> = counts
                .into_iter()
                .map(|((key, label), count)| FacetCtx { key, label, count })
                .collect();
            v.sort_by(|a, b| a.label.cmp(&b.label));
            v
        };
        let owners = facet(&|r| {
            r.owners
                .iter()
                .map(|o| (o.link.id.clone(), o.link.title.clone()))
                .collect()
        });
        let organisations = facet(&|r| {
            r.organisations
                .iter()
                .map(|o| (o.id.clone(), o.title.clone()))
                .collect()
        });
        let kinds = Kind::GOVERNING
            .iter()
            .map(|k| FacetCtx {
                key: k.key().into(),
                label: k.plural_label().into(),
                count: rows.iter().filter(|r| r.link.kind == k.key()).count(),
            })
            .filter(|f| f.count > 0)
            .collect();
        Ok(DocumentsCtx {
            statuses: self.status_facets(&docs),
            rows: self.doc_rows(&docs, "documents")?,
            kinds,
            owners,
            organisations,
        })
    }

    fn reviews_ctx(&self) -> Result<ReviewsCtx> {
        let reviewed: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| {
                let p = &self.site.pages[i];
                p.kind().is_reviewed()
                    && !matches!(p.status, ReviewStatus::Superseded | ReviewStatus::Expired)
            })
            .collect();
        let (mut rows, unscheduled): (Vec<usize>, Vec<usize>) = reviewed
            .into_iter()
            .partition(|&i| self.site.pages[i].next_review.is_some());
        rows.sort_by_key(|&i| (self.site.pages[i].next_review, i));
        Ok(ReviewsCtx {
            rows: self.doc_rows(&rows, "reviews")?,
            unscheduled: self.doc_rows(&unscheduled, "item")?,
        })
    }

    fn role_groups(&self) -> Vec<RoleGroupCtx> {
        type Group = (Option<Shared<LinkCtx>>, Vec<Shared<RoleLinkCtx>>);
        let mut groups: std::collections::BTreeMap<Option<String>, Group> = Default::default();
        for (i, p) in self
            .site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == Kind::Role)
        {
            let org = p
                .refs
                .one(RefField::Organisation)
                .map(|o| self.link(o).clone());
            let key = org.as_ref().map(|o| o.title.clone());
            groups
                .entry(key)
                .or_insert_with(|| (org, Vec::new()))
                .1
                .push(self.role_link(i));
        }
        groups
            .into_values()
            .map(|(organisation, mut roles)| {
                roles.sort_by(|a, b| a.link.title.cmp(&b.link.title));
                RoleGroupCtx {
                    organisation,
                    roles,
                }
            })
            .collect()
    }

    fn org_rows(&self) -> Vec<OrganisationRowCtx> {
        let orgs: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| self.site.pages[i].kind() == Kind::Organisation)
            .collect();
        let mut roots: Vec<usize> = orgs
            .iter()
            .copied()
            .filter(|&i| self.site.pages[i].refs.one(RefField::Parent).is_none())
            .collect();
        roots.sort_by(|&a, &b| self.site.pages[a].title().cmp(self.site.pages[b].title()));
        let mut out = Vec::new();
        let mut stack: Vec<(usize, usize)> = roots.into_iter().rev().map(|r| (r, 0)).collect();
        let mut seen = std::collections::HashSet::new();
        while let Some((i, depth)) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            let p = &self.site.pages[i];
            out.push(OrganisationRowCtx {
                link: (**self.link(i)).clone(),
                short: p.parsed.meta.short.clone(),
                depth,
                role_count: p.rev.org_roles.len(),
                document_count: p.rev.applies.len(),
            });
            let mut children = p.rev.children.clone();
            children.sort_by(|&a, &b| self.site.pages[b].title().cmp(self.site.pages[a].title()));
            stack.extend(children.into_iter().map(|c| (c, depth + 1)));
        }
        out
    }

    fn forum_rows(&self) -> Vec<ForumRowCtx> {
        let mut rows: Vec<ForumRowCtx> = self
            .site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == Kind::Forum)
            .map(|(i, p)| ForumRowCtx {
                link: (**self.link(i)).clone(),
                cadence: p.parsed.meta.cadence.clone(),
                chair: p.refs.one(RefField::Chair).map(|c| self.role_link(c)),
                member_count: p.parsed.meta.members.len(),
                document_count: p.rev.followed_up.len(),
            })
            .collect();
        rows.sort_by(|a, b| a.link.title.cmp(&b.link.title));
        rows
    }

    fn people_by_role(&self) -> Vec<PeopleByRoleCtx> {
        let mut v: Vec<PeopleByRoleCtx> = (0..self.site.pages.len())
            .filter(|&i| !self.holders(i).is_empty())
            .map(|i| PeopleByRoleCtx {
                role: self.link(i).clone(),
                people: self.holders(i).clone(),
            })
            .collect();
        v.sort_by(|a, b| a.role.title.cmp(&b.role.title));
        v
    }
}

/// A page's URL: base_url + percent-encoded output path.
pub fn url(site: &Site, page: &Page) -> String {
    format!(
        "{}{}",
        site.config.base_url,
        encode_path(&page.parsed.url_path)
    )
}

/// `n` cells, each filled when first read.
fn lazy<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

fn link_ctx(site: &Site, page: &Page) -> LinkCtx {
    LinkCtx {
        id: page.id().to_string(),
        title: page.title().to_string(),
        url: url(site, page),
        kind: page.kind().key(),
        kind_label: page.kind().label(),
        status: page.status.key(),
        status_label: page.status.label(),
    }
}

/// `070-123 45 67` → `tel:+46701234567`.
fn tel_url(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    match digits.strip_prefix('0') {
        Some(rest) if !digits.starts_with("00") => format!("tel:+46{rest}"),
        _ => format!("tel:{digits}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_international_tel_urls() {
        assert_eq!(tel_url("070-123 45 67"), "tel:+46701234567");
        assert_eq!(tel_url("+46 8 123 456"), "tel:+468123456");
    }
}
