//! Resolve: turn parsed pages into a [`Site`] graph.
//!
//! Here every reference by id and every relative link is checked (one pass
//! over the records the parse stage made), the reverse direction of every
//! reference is derived, and each page gets its review status for "today".
//! Problems are collected, never thrown: one run reports them all.

use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::Asset;
use crate::error::{closest, closest_n, id_list, Diagnostic};
use crate::hash::{Map, Set};
use crate::messages::msg;
use crate::messages::Message;
pub mod laws;
use crate::markdown::LinkTarget;
use crate::model::{Alias, Kind, PageId, Ref, ReviewStatus};
use crate::parse::ParsedPage;
pub use laws::{Cite, CitedBy, PageLaws};

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
    pub rev: Arc<Reverse>,
    /// What its front matter's references name.
    pub refs: Arc<Targets>,
    /// What the register of laws says about it: the laws it cites, who
    /// cites it, repealed law it rests on, whether it is a vacant role.
    pub laws: Arc<PageLaws>,
}

impl Page {
    /// Whether the page needs review beside what its status says: a
    /// document in force that cites repealed law.
    pub fn needs_review(&self) -> bool {
        !self.laws.repealed.is_empty()
    }
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

pub use crate::keys::RefField;

/// A page's references resolved to page indexes, once, by resolve: `None`
/// where an id names no page of this build.
#[derive(Debug, Clone, Default, Hash)]
pub struct Targets {
    all: Vec<Option<u32>>,
    /// Where each field's references end in `all`.
    ends: [u32; RefField::COUNT],
}

impl Targets {
    /// Every reference, field by field in [`RefField`] order.
    pub fn all(&self) -> &[Option<u32>] {
        &self.all
    }

    /// The references of one field, in the order the page gives them.
    pub fn field(&self, f: RefField) -> &[Option<u32>] {
        let i = f as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.all
            .get(start as usize..self.ends[i] as usize)
            .unwrap_or(&[])
    }

    /// The pages one field names (those that exist).
    pub fn of(&self, f: RefField) -> impl Iterator<Item = usize> + '_ {
        self.field(f).iter().flatten().map(|&i| i as usize)
    }

    /// The page a single-valued field names, if it exists.
    pub fn one(&self, f: RefField) -> Option<usize> {
        self.of(f).next()
    }

    /// The role that entry `entry` of a contact list holds, if it exists.
    pub fn contact_role(&self, entry: usize) -> Option<usize> {
        let roles = self.field(RefField::ContactRoles);
        roles.get(entry).copied().flatten().map(|i| i as usize)
    }
}

/// The resolved site: pages, their links both ways, and their status.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub today: Date,
    pub include_drafts: bool,
    /// Sorted by content path.
    pub pages: Vec<Page>,
    pub by_id: Arc<Map<PageId, usize>>,
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

/// What checking one page's references and links found.
#[derive(Debug)]
struct Checked {
    /// The pages its body links to.
    targets: Vec<usize>,
    /// What its references name.
    refs: Arc<Targets>,
    diags: Vec<Diagnostic>,
}

/// The per-page checks of the last resolve, for the next one.
///
/// Checking a page's references and links reads the page itself and the
/// site's shape: every page's path, id, kind, draft flag, heading
/// anchors and aliases, and the asset paths. While the shape is the same, a page whose
/// parse fingerprint is the same checks out as it did last time, so `serve`
/// rechecks only the saved page after a body edit.
#[derive(Debug, Default)]
pub struct ResolveCache {
    shape: u64,
    /// Parse fingerprint and check result, by index among the published pages.
    checked: Vec<(u64, Arc<Checked>)>,
    /// The id index, while the shape lasts (kept only when it found no
    /// duplicate ids or addresses, whose errors name lines).
    ids: Option<Arc<Map<PageId, usize>>>,
    /// The reverse references, with the hash of what they follow from.
    reverse: Option<(u64, Vec<Arc<Reverse>>)>,
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
    let cache = &mut ResolveCache::default();
    resolve_cached(parsed, text_of, assets, config, opts, cache)
}

/// Like [`resolve`], reusing the checks of `cache` where they still hold
/// and leaving this resolve's in it.
pub fn resolve_cached<'t>(
    parsed: Vec<Arc<ParsedPage>>,
    text_of: &(dyn Fn(&str) -> &'t str + Sync),
    assets: Vec<Asset>,
    config: SiteConfig,
    opts: ResolveOptions,
    cache: &mut ResolveCache,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Snippets are never pages of their own: their text is in the pages
    // that include them.
    let (snippets, parsed): (Vec<Arc<ParsedPage>>, Vec<Arc<ParsedPage>>) =
        parsed.into_iter().partition(|p| p.kind == Kind::Snippet);
    let (mut published, drafts): (Vec<Arc<ParsedPage>>, Vec<Arc<ParsedPage>>) = parsed
        .into_iter()
        .partition(|p| opts.include_drafts || !p.meta.draft);
    published.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let shape = crate::hash::fingerprint((
        published.iter().map(|p| p.shape).collect::<Vec<_>>(),
        drafts.iter().map(|p| p.shape).collect::<Vec<_>>(),
        snippets.iter().map(|p| p.shape).collect::<Vec<_>>(),
        assets.iter().map(|a| &a.content_path).collect::<Vec<_>>(),
    ));
    let same_shape = shape == cache.shape;
    cache.shape = shape;
    let by_id = index_checked(&published, &snippets, same_shape, cache, &mut diags);
    let reusable = match same_shape && cache.checked.len() == published.len() {
        true => std::mem::take(&mut cache.checked),
        false => Vec::new(),
    };
    let left_out = LeftOut::new(&drafts, &snippets);
    cache.checked = check_pages(&published, &left_out, &by_id, &assets, text_of, &reusable);
    let link_targets: Vec<&[usize]> = cache.checked.iter().map(|(_, c)| &c.targets[..]).collect();
    for (_, c) in &cache.checked {
        diags.extend(c.diags.iter().cloned());
    }
    check_cycles(&published, &cache.checked, &mut diags);
    // The reverse references follow from the ids (the shape), every
    // page's front matter and where its body links.
    let reverse_key = crate::hash::fingerprint((
        shape,
        published
            .iter()
            .map(|p| p.meta_fingerprint)
            .collect::<Vec<_>>(),
        &link_targets,
    ));
    let reverse = match &cache.reverse {
        Some((key, rev)) if *key == reverse_key => rev.clone(),
        _ => {
            let refs: Vec<&Targets> = cache.checked.iter().map(|(_, c)| &*c.refs).collect();
            let rev: Vec<Arc<Reverse>> = derive_reverse(&refs, &link_targets)
                .into_iter()
                .map(Arc::new)
                .collect();
            cache.reverse = Some((reverse_key, rev.clone()));
            rev
        }
    };
    let mut pages: Vec<Page> = published
        .into_iter()
        .zip(reverse)
        .zip(&cache.checked)
        .map(|((parsed, rev), (_, checked))| Page {
            parsed,
            status: ReviewStatus::Current,
            next_review: None,
            rev,
            refs: Arc::clone(&checked.refs),
            laws: Arc::default(),
        })
        .collect();
    derive_status(&mut pages, &config, opts.today, text_of, &mut diags);
    let site = Site {
        config,
        today: opts.today,
        include_drafts: opts.include_drafts,
        pages,
        by_id,
        assets,
        static_files: Vec::new(),
    };
    diags.extend(nobody_to_report_to(&site));
    (site, diags)
}

/// Each page's review status and next review, then what the register of
/// laws says of it (which needs every page's status).
fn derive_status<'t>(
    pages: &mut [Page],
    config: &SiteConfig,
    today: Date,
    text_of: &(dyn Fn(&str) -> &'t str + Sync),
    diags: &mut Vec<Diagnostic>,
) {
    for page in pages.iter_mut() {
        let (status, next) = review_status(page, config, today);
        page.status = status;
        page.next_review = next;
        let meta = &page.parsed.meta;
        if page.kind().is_reviewed() && next.is_none() && !meta.draft && !meta.unreadable_dates {
            diags.push(
                Diagnostic::warning(&page.parsed.source, 1, 1, msg!("resolve.no_review_date"))
                    .with_hint(msg!("resolve.no_review_date.hint")),
            );
        }
    }
    let laws = laws::derive(pages, text_of, today, diags);
    for (page, laws) in pages.iter_mut().zip(laws) {
        page.laws = Arc::new(laws);
    }
}

impl Site {
    /// The e-mail addresses of the people who hold page `i`'s owner roles,
    /// each once, in the order the owners and contact lists give them:
    /// where "Rapportera fel eller föreslå ändring" goes (render makes the
    /// same list from what its `Reads` hand out).
    pub fn owner_emails(&self, i: usize) -> Vec<&str> {
        let mut to: Vec<&str> = Vec::new();
        for owner in self.pages[i].refs.of(RefField::Owner) {
            for &(list, entry) in &self.pages[owner].rev.holders {
                let email = self.pages[list].parsed.meta.contacts[entry]
                    .email
                    .as_deref();
                if let Some(e) = email.filter(|e| crate::urls::is_email_address(e)) {
                    if !to.contains(&e) {
                        to.push(e);
                    }
                }
            }
        }
        to
    }
}

/// Warnings for governing documents and contact lists that cannot offer
/// "Rapportera fel eller föreslå ändring": no holder of an owner role has
/// an e-mail address and site.yaml sets no `feedback_email`.
fn nobody_to_report_to(site: &Site) -> Vec<Diagnostic> {
    if site.config.feedback_email.is_some() {
        return Vec::new();
    }
    // Whether a page (a role) has a holder with an address, once per page:
    // asking `owner_emails` per document repeats every role's holders for
    // each document it owns, a tenth of a save at 100 000 documents.
    let reachable: Vec<bool> = site
        .pages
        .iter()
        .map(|p| {
            p.rev.holders.iter().any(|&(list, entry)| {
                let email = site.pages[list].parsed.meta.contacts[entry]
                    .email
                    .as_deref();
                email.is_some_and(crate::urls::is_email_address)
            })
        })
        .collect();
    let pages = site.pages.iter().enumerate();
    let reviewed = pages.filter(|(_, p)| p.kind().is_reviewed() && !p.parsed.meta.draft);
    // A governing document without an owner is warned of as that, by parse.
    let reviewed =
        reviewed.filter(|(_, p)| !(p.kind().is_governing() && p.parsed.meta.owner.is_empty()));
    reviewed
        .filter(|&(_, p)| !p.refs.of(RefField::Owner).any(|owner| reachable[owner]))
        .map(|(_, p)| {
            let at = p
                .parsed
                .meta
                .owner
                .first()
                .map_or((1, 1), |r| (r.line, r.col));
            let message = match p.parsed.meta.owner.is_empty() {
                true => msg!("resolve.no_feedback.no_owner"),
                false => msg!("resolve.no_feedback.no_email"),
            };
            Diagnostic::warning(&p.parsed.source, at.0, at.1, message)
                .with_hint(msg!("resolve.no_feedback.hint"))
        })
        .collect()
}

/// The id index, and the checks of ids, addresses and aliases: those of
/// `cache` while the shape is the same and they found nothing.
fn index_checked(
    published: &[Arc<ParsedPage>],
    snippets: &[Arc<ParsedPage>],
    same_shape: bool,
    cache: &mut ResolveCache,
    diags: &mut Vec<Diagnostic>,
) -> Arc<Map<PageId, usize>> {
    if let Some(ids) = cache.ids.as_ref().filter(|_| same_shape) {
        return Arc::clone(ids);
    }
    let mut id_diags = Vec::new();
    let ids = Arc::new(index_ids(published, &mut id_diags));
    check_url_collisions(published, &mut id_diags);
    check_aliases(published, snippets, &mut id_diags);
    // The errors name lines, which the shape does not cover.
    cache.ids = id_diags.is_empty().then(|| Arc::clone(&ids));
    diags.extend(id_diags);
    ids
}

/// Checks every page's references and links, in parallel, reusing a
/// result of `reusable` (indexed like `published`) where the page's parse
/// fingerprint matches.
fn check_pages<'t>(
    published: &[Arc<ParsedPage>],
    left_out: &LeftOut,
    by_id: &Map<PageId, usize>,
    assets: &[Asset],
    text_of: &(dyn Fn(&str) -> &'t str + Sync),
    reusable: &[(u64, Arc<Checked>)],
) -> Vec<(u64, Arc<Checked>)> {
    let by_path: Map<&str, usize> = published
        .iter()
        .enumerate()
        .map(|(i, p)| (p.content_path.as_str(), i))
        .collect();
    let asset_paths: Set<&str> = assets.iter().map(|a| a.content_path.as_str()).collect();
    let ids = IdIndex::new(published, by_id);
    published
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if let Some((fp, c)) = reusable.get(i) {
                if *fp == page.fingerprint {
                    return (*fp, Arc::clone(c));
                }
            }
            let mut diags = Vec::new();
            let refs = Arc::new(check_refs(page, &ids, left_out, &mut diags));
            // Only an error needs the text (which a build may re-read).
            let text = || text_of(&page.content_path);
            let targets = check_links(
                page,
                &text,
                published,
                &by_path,
                &asset_paths,
                left_out,
                &mut diags,
            );
            let checked = Checked {
                targets,
                refs,
                diags,
            };
            (page.fingerprint, Arc::new(checked))
        })
        .collect()
}

/// Drafts left out of this build, and snippets (never published on their
/// own), so a reference to one gets a clear error.
struct LeftOut {
    ids: Set<PageId>,
    paths: Set<String>,
    snippet_ids: Set<PageId>,
    snippet_paths: Set<String>,
}

impl LeftOut {
    fn new(drafts: &[Arc<ParsedPage>], snippets: &[Arc<ParsedPage>]) -> Self {
        LeftOut {
            ids: drafts.iter().map(|d| d.id.clone()).collect(),
            paths: drafts.iter().map(|d| d.content_path.clone()).collect(),
            snippet_ids: snippets.iter().map(|d| d.id.clone()).collect(),
            snippet_paths: snippets.iter().map(|d| d.content_path.clone()).collect(),
        }
    }
}

/// The hint for a reference or link to a snippet.
fn snippet_hint() -> Message {
    msg!("resolve.snippet.hint")
}

fn index_ids(pages: &[Arc<ParsedPage>], diags: &mut Vec<Diagnostic>) -> Map<PageId, usize> {
    let mut by_id: Map<PageId, usize> =
        Map::with_capacity_and_hasher(pages.len(), Default::default());
    for (i, p) in pages.iter().enumerate() {
        if let Some(&first) = by_id.get(&p.id) {
            diags.push(
                Diagnostic::error(
                    &p.source,
                    p.id_line,
                    1,
                    msg!("resolve.duplicate_id", id = &p.id),
                )
                .with_hint(msg!(
                    "resolve.duplicate_id.hint",
                    other = &pages[first].source
                )),
            );
        } else {
            by_id.insert(p.id.clone(), i);
        }
    }
    by_id
}

/// Every page must have an address of its own: not another page's, and
/// not one samsyn publishes itself (the list would silently replace it).
fn check_url_collisions(pages: &[Arc<ParsedPage>], diags: &mut Vec<Diagnostic>) {
    let mut seen: Map<&str, usize> = Map::default();
    for (i, p) in pages.iter().enumerate() {
        // The start page is the one generated page a content page may be.
        if !p.url_path.is_empty() && crate::urls::is_generated(&p.url_path) {
            diags.push(
                Diagnostic::error(
                    &p.source,
                    1,
                    1,
                    msg!("resolve.generated_address", path = &p.url_path),
                )
                .with_hint(msg!("resolve.generated_address.hint")),
            );
        } else if let Some(&first) = seen.get(p.url_path.as_str()) {
            diags.push(
                Diagnostic::error(
                    &p.source,
                    1,
                    1,
                    msg!("resolve.same_address", path = &p.url_path),
                )
                .with_hint(msg!(
                    "resolve.same_address.hint",
                    other = &pages[first].source
                )),
            );
        } else {
            seen.insert(&p.url_path, i);
        }
    }
}

/// Every alias must be a free address: not a page's, not a generated
/// page's, not another alias. A snippet, never published, takes none.
fn check_aliases(
    pages: &[Arc<ParsedPage>],
    snippets: &[Arc<ParsedPage>],
    diags: &mut Vec<Diagnostic>,
) {
    let taken: Map<&str, &ParsedPage> = pages.iter().map(|p| (p.url_path.as_str(), &**p)).collect();
    let mut aliases: Map<&str, (&ParsedPage, &Alias)> = Map::default();
    for p in pages {
        for a in &p.meta.aliases {
            let error = |message: Message, hint: Message| {
                Diagnostic::error(&p.source, a.line, a.col, message).with_hint(hint)
            };
            if let Some(owner) = taken.get(a.path.as_str()) {
                diags.push(error(
                    msg!("resolve.alias.page", path = &a.path),
                    msg!("resolve.alias.page.hint", other = &owner.source),
                ));
            } else if crate::urls::is_generated(&a.path) {
                diags.push(error(
                    msg!("resolve.alias.generated", path = &a.path),
                    msg!("resolve.alias.generated.hint"),
                ));
            } else if let Some((other, first)) = aliases.get(a.path.as_str()) {
                diags.push(error(
                    msg!("resolve.alias.twice", path = &a.path),
                    msg!(
                        "resolve.alias.twice.hint",
                        other = format!("{}:{}:{}", other.source, first.line, first.col)
                    ),
                ));
            } else {
                aliases.insert(&a.path, (p, a));
            }
        }
    }
    for s in snippets {
        if let Some(a) = s.meta.aliases.first() {
            diags.push(
                Diagnostic::error(&s.source, a.line, a.col, msg!("resolve.alias.snippet"))
                    .with_hint(msg!("resolve.alias.snippet.hint")),
            );
        }
    }
}

/// Ids and their kinds, for checking references; sorted lists of them
/// for suggesting the closest are made only when a reference is wrong.
struct IdIndex<'a> {
    pages: &'a [Arc<ParsedPage>],
    by_id: &'a Map<PageId, usize>,
    sorted: std::sync::OnceLock<SortedIds<'a>>,
}

/// Every id, and the ids of each kind, in order.
struct SortedIds<'a> {
    by_kind: Map<Kind, Vec<&'a str>>,
    all: Vec<&'a str>,
}

impl<'a> IdIndex<'a> {
    fn new(pages: &'a [Arc<ParsedPage>], by_id: &'a Map<PageId, usize>) -> Self {
        IdIndex {
            pages,
            by_id,
            sorted: std::sync::OnceLock::new(),
        }
    }

    fn sorted(&self) -> &SortedIds<'a> {
        self.sorted.get_or_init(|| {
            let mut by_kind: Map<Kind, Vec<&str>> = Map::default();
            for (id, &i) in self.by_id {
                by_kind
                    .entry(self.pages[i].kind)
                    .or_default()
                    .push(id.as_str());
            }
            for v in by_kind.values_mut() {
                v.sort_unstable();
            }
            let mut all: Vec<&str> = self.by_id.keys().map(PageId::as_str).collect();
            all.sort_unstable();
            SortedIds { by_kind, all }
        })
    }
}

/// Checks every reference of a page, field by field in [`RefField`] order,
/// which is the order [`Targets`] keeps them in.
fn check_refs(
    page: &ParsedPage,
    ids: &IdIndex,
    left_out: &LeftOut,
    diags: &mut Vec<Diagnostic>,
) -> Targets {
    let mut targets = Targets::default();
    for f in RefField::ALL {
        for r in f.refs(&page.meta) {
            let t = check_ref(page, f.key(), r, f.target(), ids, left_out, diags);
            targets.all.push(t.map(|i| i as u32));
        }
        targets.ends[f as usize] = targets.all.len() as u32;
    }
    targets
}

/// Checks one reference; returns the page its id names, if any (of any
/// kind: a wrong kind is an error here, but the page is still the one named).
fn check_ref(
    page: &ParsedPage,
    key: &str,
    r: &Ref,
    want: Option<Kind>,
    ids: &IdIndex,
    left_out: &LeftOut,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let what = want.map_or("page", |k| k.key());
    let found = ids.by_id.get(&r.id).copied();
    match found.map(|i| ids.pages[i].kind) {
        Some(kind) if want.is_none_or(|w| w == kind) => {}
        Some(kind) => {
            let near = closest(
                r.id.as_str(),
                ids.sorted()
                    .by_kind
                    .get(&want.unwrap_or(Kind::Page))
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            let mut d = Diagnostic::error(
                &page.source,
                r.line,
                r.col,
                msg!(
                    "resolve.ref.wrong_kind",
                    id = &r.id,
                    kind = kind.key(),
                    key = key,
                    want = what
                ),
            );
            let pool = ids.sorted().by_kind.get(&want.unwrap_or(Kind::Page));
            let mut three = closest_n(r.id.as_str(), pool.into_iter().flatten().copied(), 3);
            three.retain(|i| Some(*i) != near);
            let (others, ids) = (!three.is_empty(), id_list(&three));
            d = d.with_hint(match (near, others) {
                (Some(n), false) => msg!("refs.wrong_kind_only", kind = what, near = n),
                (Some(n), true) => msg!("refs.wrong_kind_near", kind = what, near = n, ids = ids),
                (None, true) => msg!("refs.wrong_kind_far", kind = what, ids = ids),
                (None, false) => msg!("refs.no_page_of_kind", kind = what),
            });
            diags.push(d);
        }
        None if left_out.snippet_ids.contains(&r.id) => diags.push(
            Diagnostic::error(
                &page.source,
                r.line,
                r.col,
                msg!("resolve.ref.snippet", id = &r.id),
            )
            .with_hint(snippet_hint()),
        ),
        None if left_out.ids.contains(&r.id) => diags.push(
            Diagnostic::error(
                &page.source,
                r.line,
                r.col,
                msg!("resolve.ref.draft", id = &r.id),
            )
            .with_hint(msg!("resolve.ref.draft.hint")),
        ),
        None => {
            let sorted = ids.sorted();
            let pool: Vec<&str> = match want {
                Some(k) => sorted.by_kind.get(&k).cloned().unwrap_or_default(),
                None => sorted.all.clone(),
            };
            let near = closest(r.id.as_str(), pool.iter().copied());
            let mut three = closest_n(r.id.as_str(), pool.iter().copied(), 3);
            three.retain(|i| Some(*i) != near);
            let others = three.is_empty();
            let three = id_list(&three);
            let hint = match near {
                Some(n) if others => msg!("refs.did_you_mean", near = n),
                Some(n) => msg!("refs.unknown_near", near = n, key = key, ids = three),
                None if pool.is_empty() => msg!("refs.no_page_of_kind", kind = what),
                None => msg!("refs.unknown_far", key = key, ids = three),
            };
            diags.push(
                Diagnostic::error(
                    &page.source,
                    r.line,
                    r.col,
                    msg!("resolve.ref.unknown", want = what, id = &r.id),
                )
                .with_hint(hint),
            );
        }
    }
    found
}

/// Checks every recorded body link; returns the pages linked to.
fn check_links<'t>(
    page: &ParsedPage,
    text: &dyn Fn() -> &'t str,
    pages: &[Arc<ParsedPage>],
    by_path: &Map<&str, usize>,
    assets: &Set<&str>,
    left_out: &LeftOut,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut targets = Vec::new();
    for link in &page.body.links {
        // Positions cost a scan of the file: work them out only for errors.
        let err = |message: Message| {
            let (line, col) = page.body_position(text(), link.offset);
            Diagnostic::error(&page.source, line, col, message)
        };
        let target_page = match &link.target {
            LinkTarget::SamePage => Some(page),
            LinkTarget::Asset(path) => {
                if !assets.contains(path.as_str()) {
                    let near = closest(path, assets.iter().copied());
                    let mut d = err(msg!("resolve.link.no_file", link = &link.written));
                    if by_path.contains_key(format!("{path}.md").as_str()) {
                        let (file, anchor) = link
                            .written
                            .split_once('#')
                            .map_or((link.written.as_str(), None), |(f, a)| (f, Some(a)));
                        let suggestion = match anchor {
                            Some(a) => format!("{file}.md#{a}"),
                            None => format!("{file}.md"),
                        };
                        d = d.with_hint(msg!("links.without_md", suggestion = suggestion));
                    } else if let Some(n) = near {
                        d = d.with_hint(msg!("resolve.did_you_mean", near = n));
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
                None if left_out.snippet_paths.contains(path) => {
                    diags.push(
                        err(msg!("resolve.link.snippet", link = &link.written))
                            .with_hint(snippet_hint()),
                    );
                    None
                }
                None if left_out.paths.contains(path) => {
                    diags.push(
                        err(msg!("resolve.link.draft", link = &link.written))
                            .with_hint(msg!("resolve.link.draft.hint")),
                    );
                    None
                }
                None => {
                    let near = closest(path, by_path.keys().copied());
                    let hint = near.map_or(msg!("resolve.link.relative"), |n| {
                        msg!("resolve.link.no_page.near", near = n)
                    });
                    diags.push(
                        err(msg!("resolve.link.no_page", link = &link.written)).with_hint(hint),
                    );
                    None
                }
            },
        };
        if let (Some(target), Some(anchor)) = (target_page, &link.anchor) {
            if !target.body.has_anchor(anchor) {
                let anchors = target.body.headings.iter().map(|h| h.anchor.as_str());
                let hint = match closest(anchor, anchors) {
                    Some(n) => msg!("resolve.did_you_mean", near = format!("#{n}")),
                    None => msg!("resolve.link.no_anchor.hint", target = &target.source),
                };
                diags.push(
                    err(msg!(
                        "resolve.link.no_anchor",
                        link = &link.written,
                        anchor = anchor,
                        target = &target.source
                    ))
                    .with_hint(hint),
                );
            }
        }
    }
    targets
}

/// `parent`, `reports_to` and `supersedes` must not go round in circles.
fn check_cycles(
    pages: &[Arc<ParsedPage>],
    checked: &[(u64, Arc<Checked>)],
    diags: &mut Vec<Diagnostic>,
) {
    let n = pages.len();
    for field in [RefField::Parent, RefField::ReportsTo, RefField::Supersedes] {
        let next_index = |i: usize| checked[i].1.refs.one(field);
        // Each page names at most one next page, so walking from every page
        // in turn, marking each page with the walk that reached it first,
        // meets every circle exactly once: when a walk comes back to a page
        // it marked itself.
        let mut walk_of = vec![usize::MAX; n];
        for start in 0..n {
            let mut cur = start;
            while walk_of[cur] == usize::MAX {
                walk_of[cur] = start;
                match next_index(cur) {
                    Some(j) => cur = j,
                    None => break,
                }
            }
            if walk_of[cur] != start || next_index(cur).is_none() {
                continue;
            }
            let on_circle = cur;
            loop {
                diags.push(circle_error(&pages[cur], field));
                match next_index(cur) {
                    Some(j) if j != on_circle => cur = j,
                    _ => break,
                }
            }
        }
    }
}

fn circle_error(page: &ParsedPage, field: RefField) -> Diagnostic {
    let key = field.key();
    let first = field
        .refs(&page.meta)
        .next()
        .map_or((1, 1), |r| (r.line, r.col));
    Diagnostic::error(
        &page.source,
        first.0,
        first.1,
        msg!("resolve.circle", key = key, id = &page.id),
    )
    .with_hint(msg!("resolve.circle.hint", key = key))
}

fn derive_reverse(refs: &[&Targets], link_targets: &[&[usize]]) -> Vec<Reverse> {
    use RefField as F;
    let mut rev: Vec<Reverse> = vec![Reverse::default(); refs.len()];
    for (i, r) in refs.iter().enumerate() {
        for t in link_targets[i].iter().copied().chain(r.of(F::Related)) {
            if t != i {
                rev[t].backlinks.push(i);
            }
        }
        for t in r.of(F::Owner) {
            rev[t].owns.push(i);
        }
        for t in r.of(F::Roles) {
            rev[t].tasks.push(i);
        }
        let chair = r.one(F::Chair);
        let mut seats: Vec<usize> = r.of(F::Members).chain(chair).collect();
        seats.sort_unstable();
        seats.dedup();
        for t in seats {
            rev[t].forum_seats.push((i, Some(t) == chair));
        }
        for entry in 0..r.field(F::ContactRoles).len() {
            if let Some(t) = r.contact_role(entry) {
                rev[t].holders.push((i, entry));
            }
        }
        if let Some(t) = r.one(F::ReportsTo) {
            rev[t].direct_reports.push(i);
        }
        if let Some(t) = r.one(F::Organisation) {
            rev[t].org_roles.push(i);
        }
        for t in r.of(F::AppliesTo) {
            rev[t].applies.push(i);
        }
        if let Some(t) = r.one(F::Parent) {
            rev[t].children.push(i);
        }
        for t in r.of(F::Forums) {
            rev[t].followed_up.push(i);
        }
        if let Some(t) = r.one(F::Supersedes) {
            rev[t].superseded_by.get_or_insert(i);
        }
    }
    for r in &mut rev {
        r.backlinks.sort_unstable();
        r.backlinks.dedup();
    }
    rev
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
