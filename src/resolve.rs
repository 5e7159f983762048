//! Resolve: turn parsed pages into a [`Site`] graph.
//!
//! Here every reference by id and every relative link is checked (one pass
//! over the records the parse stage made), the reverse direction of every
//! reference is derived, and each page gets its review status for "today".
//! Problems are collected, never thrown: one run reports them all.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::Asset;
use crate::error::{closest, Diagnostic};
use crate::markdown::LinkTarget;
use crate::model::{Kind, PageId, Ref, ReviewStatus};
use crate::parse::ParsedPage;

/// What the resolve stage needs to know besides the pages.
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// The day review status is computed for.
    pub today: Date,
    /// Whether drafts are part of the site (`serve`, `build --drafts`).
    pub include_drafts: bool,
}

/// A page in the graph.
#[derive(Debug, Clone)]
pub struct Page {
    pub parsed: Arc<ParsedPage>,
    pub status: ReviewStatus,
    pub next_review: Option<Date>,
    pub rev: Reverse,
}

impl Page {
    pub fn id(&self) -> &PageId {
        &self.parsed.id
    }
    pub fn kind(&self) -> Kind {
        self.parsed.kind
    }
    pub fn title(&self) -> &str {
        &self.parsed.meta.title
    }
}

/// The reverse direction of every reference, as page indexes.
#[derive(Debug, Clone, Default, Hash)]
pub struct Reverse {
    /// Pages whose body links here or whose `related` names this page.
    pub backlinks: Vec<usize>,
    /// Role: documents (and contact lists) it owns.
    pub owns: Vec<usize>,
    /// Role: documents that give it tasks.
    pub tasks: Vec<usize>,
    /// Role: forums it sits in, and whether it chairs them.
    pub forum_seats: Vec<(usize, bool)>,
    /// Role: (contact list page, entry index) of the people who hold it.
    pub holders: Vec<(usize, usize)>,
    /// Role: roles that report to it.
    pub direct_reports: Vec<usize>,
    /// Organisation: its roles.
    pub org_roles: Vec<usize>,
    /// Organisation: documents that apply to it.
    pub applies: Vec<usize>,
    /// Organisation: organisations under it.
    pub children: Vec<usize>,
    /// Forum: documents followed up in it.
    pub followed_up: Vec<usize>,
    /// The page that names this one in `supersedes`.
    pub superseded_by: Option<usize>,
}

/// The resolved site: pages, their links both ways, and their status.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub today: Date,
    pub include_drafts: bool,
    /// Sorted by content path.
    pub pages: Vec<Page>,
    pub by_id: HashMap<PageId, usize>,
    pub assets: Vec<Asset>,
    /// Files of the site's `static/` folder, by path under it.
    pub static_files: Vec<Asset>,
}

impl Site {
    /// The page with this id.
    pub fn get(&self, id: &PageId) -> Option<&Page> {
        self.by_id.get(id).map(|i| &self.pages[*i])
    }

    /// Indexes of governing documents.
    pub fn documents(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.pages.len()).filter(|i| self.pages[*i].kind().is_governing())
    }
}

/// Builds the graph. `text_of` gives the text of a page's file by content
/// path, to turn body offsets into lines.
pub fn resolve<'t>(
    parsed: Vec<Arc<ParsedPage>>,
    text_of: &(dyn Fn(&str) -> &'t str + Sync),
    assets: Vec<Asset>,
    config: SiteConfig,
    opts: ResolveOptions,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (mut published, drafts): (Vec<Arc<ParsedPage>>, Vec<Arc<ParsedPage>>) = parsed
        .into_iter()
        .partition(|p| opts.include_drafts || !p.meta.draft);
    published.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let left_out = LeftOut::new(&drafts);
    let by_id = index_ids(&published, &mut diags);
    check_url_collisions(&published, &mut diags);
    let by_path: HashMap<&str, usize> = published
        .iter()
        .enumerate()
        .map(|(i, p)| (p.content_path.as_str(), i))
        .collect();
    let asset_paths: HashSet<&str> = assets.iter().map(|a| a.content_path.as_str()).collect();
    let ids = IdIndex::new(&published, &by_id);
    // Every page's references and links are checked on their own: in
    // parallel, with each page's diagnostics kept in page order.
    let checked: Vec<(Vec<usize>, Vec<Diagnostic>)> = published
        .par_iter()
        .map(|page| {
            let mut page_diags = Vec::new();
            check_refs(page, &ids, &left_out, &mut page_diags);
            let text = text_of(&page.content_path);
            let targets = check_links(
                page,
                text,
                &published,
                &by_path,
                &asset_paths,
                &left_out,
                &mut page_diags,
            );
            (targets, page_diags)
        })
        .collect();
    let mut link_targets: Vec<Vec<usize>> = Vec::with_capacity(checked.len());
    for (targets, page_diags) in checked {
        link_targets.push(targets);
        diags.extend(page_diags);
    }
    check_cycles(&published, &by_id, &mut diags);
    let mut pages: Vec<Page> = published
        .into_iter()
        .map(|parsed| Page {
            parsed,
            status: ReviewStatus::Current,
            next_review: None,
            rev: Reverse::default(),
        })
        .collect();
    derive_reverse(&mut pages, &by_id, &link_targets);
    for page in &mut pages {
        let (status, next) = review_status(page, &config, opts.today);
        page.status = status;
        page.next_review = next;
        if page.kind().is_reviewed() && next.is_none() && !page.parsed.meta.draft {
            diags.push(
                Diagnostic::warning(&page.parsed.source, 1, 1, "no review date can be computed")
                    .with_hint("add `revised` (or `reviewed`, or `next_review`) so the document gets a review status"),
            );
        }
    }
    let site = Site {
        config,
        today: opts.today,
        include_drafts: opts.include_drafts,
        pages,
        by_id,
        assets,
        static_files: Vec::new(),
    };
    (site, diags)
}

/// Drafts left out of this build, so a reference to one gets a clear error.
struct LeftOut {
    ids: HashSet<PageId>,
    paths: HashSet<String>,
}

impl LeftOut {
    fn new(drafts: &[Arc<ParsedPage>]) -> Self {
        LeftOut {
            ids: drafts.iter().map(|d| d.id.clone()).collect(),
            paths: drafts.iter().map(|d| d.content_path.clone()).collect(),
        }
    }
}

fn index_ids(pages: &[Arc<ParsedPage>], diags: &mut Vec<Diagnostic>) -> HashMap<PageId, usize> {
    let mut by_id: HashMap<PageId, usize> = HashMap::with_capacity(pages.len());
    for (i, p) in pages.iter().enumerate() {
        if let Some(&first) = by_id.get(&p.id) {
            diags.push(
                Diagnostic::error(&p.source, p.id_line, 1, format!("duplicate id `{}`", p.id))
                    .with_hint(format!(
                        "{} has the same id; ids must be unique, set `id:` on one of them",
                        pages[first].source
                    )),
            );
        } else {
            by_id.insert(p.id.clone(), i);
        }
    }
    by_id
}

fn check_url_collisions(pages: &[Arc<ParsedPage>], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(&first) = seen.get(p.url_path.as_str()) {
            diags.push(
                Diagnostic::error(
                    &p.source,
                    1,
                    1,
                    format!("this page would be published at /{} too", p.url_path),
                )
                .with_hint(format!(
                    "{} has the same address; rename one of the files",
                    pages[first].source
                )),
            );
        } else {
            seen.insert(&p.url_path, i);
        }
    }
}

/// Ids per kind, for checking references and suggesting the closest.
struct IdIndex<'a> {
    kind_of: HashMap<&'a PageId, Kind>,
    by_kind: HashMap<Kind, Vec<&'a str>>,
    all: Vec<&'a str>,
}

impl<'a> IdIndex<'a> {
    fn new(pages: &'a [Arc<ParsedPage>], by_id: &'a HashMap<PageId, usize>) -> Self {
        let mut by_kind: HashMap<Kind, Vec<&str>> = HashMap::new();
        let mut kind_of = HashMap::new();
        for (id, &i) in by_id {
            kind_of.insert(id, pages[i].kind);
            by_kind.entry(pages[i].kind).or_default().push(id.as_str());
        }
        for v in by_kind.values_mut() {
            v.sort_unstable();
        }
        let mut all: Vec<&str> = by_id.keys().map(PageId::as_str).collect();
        all.sort_unstable();
        IdIndex {
            kind_of,
            by_kind,
            all,
        }
    }
}

fn check_refs(page: &ParsedPage, ids: &IdIndex, left_out: &LeftOut, diags: &mut Vec<Diagnostic>) {
    let m = &page.meta;
    let role = Some(Kind::Role);
    let org = Some(Kind::Organisation);
    let mut check = |key: &str, r: &Ref, want: Option<Kind>| {
        check_ref(page, key, r, want, ids, left_out, diags)
    };
    let lists: [(&str, &[Ref], Option<Kind>); 5] = [
        ("owner", &m.owner, role),
        ("roles", &m.roles, role),
        ("members", &m.members, role),
        ("forums", &m.forums, Some(Kind::Forum)),
        ("applies_to", &m.applies_to, org),
    ];
    let singles: [(&str, &Option<Ref>, Option<Kind>); 5] = [
        ("chair", &m.chair, role),
        ("reports_to", &m.reports_to, role),
        ("organisation", &m.organisation, org),
        ("parent", &m.parent, org),
        ("supersedes", &m.supersedes, None),
    ];
    for (key, refs, want) in lists {
        for r in refs {
            check(key, r, want);
        }
    }
    for (key, r, want) in singles {
        if let Some(r) = r {
            check(key, r, want);
        }
    }
    for r in &m.related {
        check("related", r, None);
    }
    for c in &m.contacts {
        check("role", &c.role, role);
    }
}

fn check_ref(
    page: &ParsedPage,
    key: &str,
    r: &Ref,
    want: Option<Kind>,
    ids: &IdIndex,
    left_out: &LeftOut,
    diags: &mut Vec<Diagnostic>,
) {
    let what = want.map_or("page", |k| k.key());
    match ids.kind_of.get(&r.id) {
        Some(kind) if want.is_none_or(|w| w == *kind) => {}
        Some(kind) => {
            let near = closest(
                r.id.as_str(),
                ids.by_kind
                    .get(&want.unwrap_or(Kind::Page))
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            let mut d = Diagnostic::error(
                &page.source,
                r.line,
                r.col,
                format!(
                    "`{}` is a page of kind `{}`, but `{key}` needs a page of kind `{what}`",
                    r.id,
                    kind.key()
                ),
            );
            d = d.with_hint(match near {
                Some(n) => format!("did you mean the {what} `{n}`?"),
                None => format!("name a page of kind `{what}`"),
            });
            diags.push(d);
        }
        None if left_out.ids.contains(&r.id) => diags.push(
            Diagnostic::error(
                &page.source,
                r.line,
                r.col,
                format!("`{}` is a draft, which this build leaves out", r.id),
            )
            .with_hint("publish it (remove `draft: true`), or build with --drafts"),
        ),
        None => {
            let pool: Vec<&str> = match want {
                Some(k) => ids.by_kind.get(&k).cloned().unwrap_or_default(),
                None => ids.all.clone(),
            };
            let hint = match closest(r.id.as_str(), pool.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None if pool.is_empty() => format!("the site has no page of kind `{what}` yet"),
                None => format!(
                    "no {what} has a similar id; ids are file names without .md, or the `id:` key"
                ),
            };
            diags.push(
                Diagnostic::error(
                    &page.source,
                    r.line,
                    r.col,
                    format!("no {what} with id `{}`", r.id),
                )
                .with_hint(hint),
            );
        }
    }
}

/// Checks every recorded body link; returns the pages linked to.
fn check_links(
    page: &ParsedPage,
    text: &str,
    pages: &[Arc<ParsedPage>],
    by_path: &HashMap<&str, usize>,
    assets: &HashSet<&str>,
    left_out: &LeftOut,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut targets = Vec::new();
    for link in &page.body.links {
        // Positions cost a scan of the file: work them out only for errors.
        let err = |msg: String| {
            let (line, col) = page.body_position(text, link.offset);
            Diagnostic::error(&page.source, line, col, msg)
        };
        let target_page = match &link.target {
            LinkTarget::SamePage => Some(page),
            LinkTarget::Asset(path) => {
                if !assets.contains(path.as_str()) {
                    let near = closest(path, assets.iter().copied());
                    let mut d = err(format!(
                        "link to `{}`: no such file under content/",
                        link.written
                    ));
                    if let Some(n) = near {
                        d = d.with_hint(format!("did you mean `{n}`?"));
                    }
                    diags.push(d);
                }
                None
            }
            LinkTarget::Page(path) => match by_path.get(path.as_str()) {
                Some(&t) => {
                    targets.push(t);
                    Some(&*pages[t])
                }
                None if left_out.paths.contains(path) => {
                    diags.push(
                        err(format!(
                            "link to `{}`, a draft this build leaves out",
                            link.written
                        ))
                        .with_hint("publish it, or build with --drafts"),
                    );
                    None
                }
                None => {
                    let near = closest(path, by_path.keys().copied());
                    let hint = near.map_or("paths are relative to this file's folder".to_string(), |n| {
                        format!("did you mean content/{n}? paths are relative to this file's folder")
                    });
                    diags.push(
                        err(format!("link to `{}`: no such page", link.written)).with_hint(hint),
                    );
                    None
                }
            },
        };
        if let (Some(target), Some(anchor)) = (target_page, &link.anchor) {
            if !target.body.has_anchor(anchor) {
                let anchors = target.body.headings.iter().map(|h| h.anchor.as_str());
                let hint = match closest(anchor, anchors) {
                    Some(n) => format!("did you mean `#{n}`?"),
                    None => format!("{} has no heading that gives this anchor", target.source),
                };
                diags.push(
                    err(format!(
                        "link to `{}`: no heading `#{anchor}` in {}",
                        link.written, target.source
                    ))
                    .with_hint(hint),
                );
            }
        }
    }
    targets
}

/// Picks one single-id reference of a page.
type RefOf = fn(&ParsedPage) -> Option<&Ref>;

/// `parent`, `reports_to` and `supersedes` must not go round in circles.
fn check_cycles(
    pages: &[Arc<ParsedPage>],
    by_id: &HashMap<PageId, usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let chains: [(&str, RefOf); 3] = [
        ("parent", |p| p.meta.parent.as_ref()),
        ("reports_to", |p| p.meta.reports_to.as_ref()),
        ("supersedes", |p| p.meta.supersedes.as_ref()),
    ];
    for (key, next) in chains {
        for (start, page) in pages.iter().enumerate() {
            let mut seen = HashSet::from([start]);
            let mut cur: &ParsedPage = page;
            while let Some(r) = next(cur) {
                let Some(&i) = by_id.get(&r.id) else { break };
                if i == start {
                    let first = next(page).map_or((1, 1), |r| (r.line, r.col));
                    diags.push(
                        Diagnostic::error(
                            &page.source,
                            first.0,
                            first.1,
                            format!("`{key}` goes round in a circle back to `{}`", page.id),
                        )
                        .with_hint(format!(
                            "one page in the chain must not name the next in `{key}`"
                        )),
                    );
                    break;
                }
                if !seen.insert(i) {
                    break;
                }
                cur = &*pages[i];
            }
        }
    }
}

fn derive_reverse(pages: &mut [Page], by_id: &HashMap<PageId, usize>, link_targets: &[Vec<usize>]) {
    let look = |r: &Ref| by_id.get(&r.id).copied();
    let mut rev: Vec<Reverse> = vec![Reverse::default(); pages.len()];
    for (i, page) in pages.iter().enumerate() {
        let m = &page.parsed.meta;
        for t in link_targets[i]
            .iter()
            .copied()
            .chain(m.related.iter().filter_map(look))
        {
            if t != i {
                rev[t].backlinks.push(i);
            }
        }
        for t in m.owner.iter().filter_map(look) {
            rev[t].owns.push(i);
        }
        for t in m.roles.iter().filter_map(look) {
            rev[t].tasks.push(i);
        }
        let chair = m.chair.as_ref().and_then(look);
        let mut seats: Vec<usize> = m.members.iter().filter_map(look).chain(chair).collect();
        seats.sort_unstable();
        seats.dedup();
        for t in seats {
            rev[t].forum_seats.push((i, Some(t) == chair));
        }
        for (entry, c) in m.contacts.iter().enumerate() {
            if let Some(t) = look(&c.role) {
                rev[t].holders.push((i, entry));
            }
        }
        if let Some(t) = m.reports_to.as_ref().and_then(look) {
            rev[t].direct_reports.push(i);
        }
        if let Some(t) = m.organisation.as_ref().and_then(look) {
            rev[t].org_roles.push(i);
        }
        for t in m.applies_to.iter().filter_map(look) {
            rev[t].applies.push(i);
        }
        if let Some(t) = m.parent.as_ref().and_then(look) {
            rev[t].children.push(i);
        }
        for t in m.forums.iter().filter_map(look) {
            rev[t].followed_up.push(i);
        }
        if let Some(t) = m.supersedes.as_ref().and_then(look) {
            rev[t].superseded_by.get_or_insert(i);
        }
    }
    for (page, mut r) in pages.iter_mut().zip(rev) {
        r.backlinks.sort_unstable();
        r.backlinks.dedup();
        page.rev = r;
    }
}

/// The next review date and today's status of a page.
pub fn review_status(
    page: &Page,
    config: &SiteConfig,
    today: Date,
) -> (ReviewStatus, Option<Date>) {
    let m = &page.parsed.meta;
    let next = if page.kind().is_reviewed() {
        m.next_review.or_else(|| {
            let base = m.revised.max(m.reviewed)?;
            m.review_interval
                .unwrap_or(config.review_interval)
                .after(base)
        })
    } else {
        None
    };
    let warn_until = config.review_warning.after(today).unwrap_or(today);
    let status = if m.draft {
        ReviewStatus::Draft
    } else if page.rev.superseded_by.is_some() {
        ReviewStatus::Superseded
    } else if m.valid_from.is_some_and(|d| d.date > today) {
        ReviewStatus::Upcoming
    } else if m.valid_until.is_some_and(|d| d.date < today) {
        ReviewStatus::Expired
    } else if next.is_some_and(|n| n < today) {
        ReviewStatus::Overdue
    } else if next.is_some_and(|n| n <= warn_until) {
        ReviewStatus::Due
    } else {
        ReviewStatus::Current
    };
    (status, next)
}
