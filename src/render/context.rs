//! The template context: everything a theme can rely on, and nothing more.
//!
//! These structs are serialised into Tera. They are the theme API: keep them
//! small, named for the domain and documented, so a theme written today
//! still works after the generator changes inside. Every URL here is final
//! (base_url prefixed, percent-encoded); templates never build URLs.

use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A part of the context that many pages show (a page's link, a role with
/// the people who hold it), made into a template value once and shared by
/// all of them. Reads like `T` in Rust; goes into Tera as the ready value,
/// which Tera takes without converting it again. Serialised anywhere else
/// (JSON, a fingerprint) its maps come in no fixed order: never hash a
/// context that holds one.
#[derive(Debug, Clone)]
pub struct Shared<T> {
    inner: Arc<T>,
    value: tera::Value,
}

impl<T: Serialize> Shared<T> {
    /// Converts `inner` once.
    pub fn new(inner: T) -> Self {
        // Context structs are plain strings, numbers, options and lists:
        // converting them cannot fail.
        let value = tera::Value::from_serializable(&inner);
        Shared {
            inner: Arc::new(inner),
            value,
        }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// `site`: the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    /// `site.yaml` title.
    pub title: String,
    /// Language code for `<html lang>`, default `sv`.
    pub language: String,
    /// Prefix of every URL, always ending in `/`.
    pub base_url: String,
    /// The build's "today" (ISO and Swedish long form).
    pub today: DateCtx,
    /// `build` or `serve`.
    pub mode: &'static str,
    /// Stylesheet and script URLs, with a content hash so caches never serve
    /// an old version after a rebuild.
    pub css_url: String,
    pub print_css_url: String,
    pub js_url: String,
    /// The pages' Content-Security-Policy, for a `<meta http-equiv>` tag
    /// (see [`crate::render::CONTENT_SECURITY_POLICY`]).
    pub content_security_policy: &'static str,
    /// URL of the offline-reading service worker, for pages to register;
    /// `None` in serve and when site.yaml sets `offline: false`.
    pub offline_worker_url: Option<String>,
    /// The main navigation, in order.
    pub nav: Vec<NavItem>,
    /// URL of the accessibility statement page, when the site has one.
    pub accessibility_url: Option<String>,
    /// URL of `/search/`.
    pub search_url: String,
    /// URL of `/tags/`, the index of all tags.
    pub tags_url: String,
    /// URL of `/feed.xml` and `/reviews.ics`.
    pub feed_url: String,
    pub ics_url: String,
    /// The content of `<meta name="robots">` (`noindex, nofollow`) unless
    /// site.yaml says `public: true`; then none.
    pub robots: Option<&'static str>,
}

/// One entry of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub key: &'static str,
    pub title: &'static str,
    pub url: String,
}

/// `meta`: the machine-readable facts behind the `samsyn:*` meta tags.
#[derive(Debug, Clone, Serialize)]
pub struct MetaCtx {
    pub id: String,
    pub kind: String,
    pub status: &'static str,
    pub next_review: Option<String>,
    /// This page's own URL (for canonical links and the active nav entry).
    pub url: String,
    /// Which nav entry is active (`documents`, `reviews`, …), if any.
    pub section: Option<&'static str>,
    /// A content page's breadcrumbs ("Du är här"): the start page and its
    /// section, the page itself left to the template. Empty elsewhere.
    pub crumbs: Vec<NavItem>,
}

/// A date for display: `iso` for machines and `<time datetime>`, `long`
/// (`14 mars 2025`) for people.
#[derive(Debug, Clone, Serialize)]
pub struct DateCtx {
    pub iso: String,
    pub long: String,
}

/// A link to another page, with what a list needs to show next to it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx {
    pub id: String,
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub status: &'static str,
    pub status_label: &'static str,
}

/// A link to a role, with who holds it today.
#[derive(Debug, Clone, Serialize)]
pub struct RoleLinkCtx {
    #[serde(flatten)]
    pub link: LinkCtx,
    pub holders: Shared<Vec<PersonCtx>>,
}

/// A person from a contact list.
#[derive(Debug, Clone, Serialize)]
pub struct PersonCtx {
    pub name: String,
    pub role: Shared<LinkCtx>,
    pub unit: Option<String>,
    pub phone: Option<String>,
    /// `tel:` URL of `phone`, digits only.
    pub phone_url: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
    /// The contact list this entry comes from.
    pub list: Shared<LinkCtx>,
}

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// `page`: a page written in `content/`.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx {
    #[serde(flatten)]
    pub link: LinkCtx,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// The tags as links to their tag pages, in this page's spelling.
    pub tag_links: Vec<TagLinkCtx>,
    pub draft: bool,
    pub next_review: Option<DateCtx>,
    /// The body as sanitised HTML: output it with `| safe`. A template
    /// value made straight from the page's HTML (10–20 KB, not worth
    /// copying into a `String` first).
    pub content: tera::Value,
    pub toc: Vec<TocEntry>,
    /// Source path (`content/rutiner/orosanmalan.md`), for "edit" hints.
    pub source: String,
    pub related: Vec<Shared<LinkCtx>>,
    pub supersedes: Option<Shared<LinkCtx>>,
    pub superseded_by: Option<Shared<LinkCtx>>,
    /// Pages that link to or reference this one.
    pub backlinks: Vec<Shared<LinkCtx>>,
    /// Governing documents and contact lists: decisions and review dates.
    pub document: Option<DocumentCtx>,
    pub role: Option<RoleCtx>,
    pub organisation: Option<OrganisationCtx>,
    pub forum: Option<ForumCtx>,
    pub contact_list: Option<ContactListCtx>,
    pub law: Option<LawCtx>,
    /// The laws the body cites, each once, in the order first cited.
    pub cited_laws: Vec<CitedLawCtx>,
    /// A document in force: the cited laws repealed on or before today
    /// (the page shows a notice for each).
    pub repealed_laws: Vec<CitedLawCtx>,
    /// Whether the page needs review beside its status (it cites repealed
    /// law).
    pub needs_review: bool,
}

/// A law as a page citing it shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CitedLawCtx {
    pub link: Shared<LinkCtx>,
    /// The title, with the SFS number after it unless the title holds it.
    pub name: String,
    /// `2001:453`.
    pub sfs: String,
    /// `SoL`.
    pub short: Option<String>,
    pub repealed: Option<DateCtx>,
    pub replaced_by: Option<Shared<LinkCtx>>,
    /// The successor's title, as `name` is made.
    pub replaced_by_name: Option<String>,
    /// Since when the successor applies (its `in_force`, else the repeal).
    pub replaced_from: Option<DateCtx>,
}

/// The page of a law: its facts, its successor and who cites it.
#[derive(Debug, Clone, Serialize)]
pub struct LawCtx {
    pub sfs: String,
    pub short: Option<String>,
    pub names: Vec<String>,
    pub in_force: Option<DateCtx>,
    pub repealed: Option<DateCtx>,
    /// Whether it is repealed on or before today.
    pub is_repealed: bool,
    /// The official text.
    pub url: Option<String>,
    pub replaced_by: Option<CitedLawCtx>,
    /// Laws it replaced.
    pub replaces: Vec<Shared<LinkCtx>>,
    /// Every page citing it, by title.
    pub cited_by: Vec<CitingCtx>,
}

/// A page citing a law, with the chapters and sections it cites.
#[derive(Debug, Clone, Serialize)]
pub struct CitingCtx {
    pub link: Shared<LinkCtx>,
    /// `14 kap. 1 §`, each once, as first written.
    pub places: Vec<String>,
}

/// One document or contact list a role owns, as its page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaCtx {
    pub link: Shared<LinkCtx>,
    pub next_review: Option<DateCtx>,
    /// Days from today to the next review; negative when overdue.
    pub days_to_review: Option<i64>,
    /// It cites repealed law.
    pub needs_review: bool,
}

/// The metadata panel of a governing document (or a contact list, which
/// fills only owners and the review fields).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentCtx {
    pub decided_by: Option<String>,
    pub decided: Option<DateCtx>,
    pub diary_number: Option<String>,
    pub applies_to: Vec<Shared<LinkCtx>>,
    pub owners: Vec<Shared<RoleLinkCtx>>,
    pub roles: Vec<Shared<RoleLinkCtx>>,
    pub forums: Vec<Shared<LinkCtx>>,
    pub valid_from: Option<DateCtx>,
    pub valid_until: Option<DateCtx>,
    pub revised: Option<DateCtx>,
    pub reviewed: Option<DateCtx>,
    /// In Swedish, e.g. `1 år`, `6 månader`.
    pub review_interval: String,
    pub next_review: Option<DateCtx>,
    /// Days from today to the next review; negative when overdue.
    pub days_to_review: Option<i64>,
    pub history: Vec<HistoryCtx>,
    /// "Rapportera fel eller föreslå ändring": a `mailto:` URL to the
    /// holders of the owner roles who have an e-mail address (else to
    /// site.yaml's `feedback_email`), with the title as its subject and
    /// the page's address in its body; `None` when there is nobody to
    /// write to (`samsyn check` warns).
    pub report_url: Option<String>,
}

/// One history entry.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryCtx {
    pub date: DateCtx,
    pub note: String,
    pub decided_by: Option<String>,
}

/// Reverse references of a role.
#[derive(Debug, Clone, Serialize)]
pub struct RoleCtx {
    pub organisation: Option<Shared<LinkCtx>>,
    pub reports_to: Option<Shared<LinkCtx>>,
    pub direct_reports: Vec<Shared<LinkCtx>>,
    pub holders: Shared<Vec<PersonCtx>>,
    /// Documents this role owns (`owner`).
    pub owns: Vec<Shared<LinkCtx>>,
    /// Documents that give this role tasks (`roles`).
    pub tasks: Vec<Shared<LinkCtx>>,
    pub forums: Vec<ForumSeatCtx>,
    /// Nobody holds it, though it carries responsibility.
    pub vacant: bool,
    /// What it owns, by urgency: overdue first, then by next review;
    /// those without a date last.
    pub agenda: Vec<AgendaCtx>,
    /// The role's review calendar (`.ics`).
    pub calendar_url: String,
}

/// A forum a role sits in, and whether it chairs it.
#[derive(Debug, Clone, Serialize)]
pub struct ForumSeatCtx {
    #[serde(flatten)]
    pub link: LinkCtx,
    pub chair: bool,
}

/// Reverse references of an organisation.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationCtx {
    pub short: Option<String>,
    pub parent: Option<Shared<LinkCtx>>,
    pub children: Vec<Shared<LinkCtx>>,
    pub roles: Vec<Shared<RoleLinkCtx>>,
    /// Documents whose `applies_to` names this organisation.
    pub documents: Vec<Shared<LinkCtx>>,
}

/// A forum and who sits in it.
#[derive(Debug, Clone, Serialize)]
pub struct ForumCtx {
    pub cadence: Option<String>,
    pub chair: Option<Shared<RoleLinkCtx>>,
    pub members: Vec<Shared<RoleLinkCtx>>,
    /// Documents followed up in this forum.
    pub documents: Vec<Shared<LinkCtx>>,
}

/// The entries of a contact list.
#[derive(Debug, Clone, Serialize)]
pub struct ContactListCtx {
    pub entries: Vec<PersonCtx>,
}

/// One governing document in a list or table (`/documents/`, `/reviews/`,
/// the start page).
#[derive(Debug, Clone, Serialize)]
pub struct DocRowCtx {
    #[serde(flatten)]
    pub link: LinkCtx,
    pub summary: Option<String>,
    /// Owner roles with the people who hold them today: who must act.
    pub owners: Vec<Shared<RoleLinkCtx>>,
    pub organisations: Vec<Shared<LinkCtx>>,
    pub revised: Option<DateCtx>,
    pub next_review: Option<DateCtx>,
    pub days_to_review: Option<i64>,
    /// It cites repealed law, and needs review whatever its dates say.
    pub needs_review: bool,
    /// Space-separated ids, for `data-*` filter attributes.
    pub owner_ids: String,
    pub organisation_ids: String,
}

/// A filter value with how many documents have it.
#[derive(Debug, Clone, Serialize)]
pub struct FacetCtx {
    pub key: String,
    pub label: String,
    pub count: usize,
}

/// `start`: the dashboard on `/`.
#[derive(Debug, Clone, Serialize)]
pub struct StartCtx {
    /// Overdue and soon-due documents, most urgent first (at most 12).
    pub attention: Vec<DocRowCtx>,
    /// How many documents are overdue or due in all (the list may be cut).
    pub attention_total: usize,
    /// Recently revised documents, newest first (at most 8).
    pub recent: Vec<DocRowCtx>,
    /// Governing documents per kind, with the list URL filtered to it.
    pub kinds: Vec<KindCountCtx>,
    /// Governing documents per status.
    pub statuses: Vec<FacetCtx>,
}

/// A kind and how many documents it has.
#[derive(Debug, Clone, Serialize)]
pub struct KindCountCtx {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub url: String,
}

/// `reviews`: the review calendar.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewsCtx {
    /// Every governing document and contact list with a next review,
    /// overdue first, then by date: table rows rendered by `doc-row.html`
    /// (`as = "reviews"`), to be output with `| safe`.
    pub rows: Vec<tera::Value>,
    /// Documents for which no review date can be computed: list items
    /// rendered by `doc-row.html` (`as = "item"`).
    pub unscheduled: Vec<tera::Value>,
    /// Documents in force that cite repealed law: list items rendered by
    /// `doc-row.html` (`as = "item"`).
    pub law_rows: Vec<tera::Value>,
    /// Vacant roles, by title.
    pub vacant: Vec<Shared<LinkCtx>>,
}

/// `documents`: all governing documents with their filters.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentsCtx {
    /// Every governing document by title: table rows rendered by
    /// `doc-row.html` (`as = "documents"`), to be output with `| safe`.
    pub rows: Vec<tera::Value>,
    pub kinds: Vec<FacetCtx>,
    pub statuses: Vec<FacetCtx>,
    pub owners: Vec<FacetCtx>,
    pub organisations: Vec<FacetCtx>,
}

/// `roles`: roles grouped by organisation.
#[derive(Debug, Clone, Serialize)]
pub struct RoleGroupCtx {
    /// `None` for roles without an organisation.
    pub organisation: Option<Shared<LinkCtx>>,
    pub roles: Vec<Shared<RoleLinkCtx>>,
    /// Ids of the vacant roles among them.
    pub vacant: Vec<String>,
}

/// `organisations`: the organisation tree, flattened with depth.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationRowCtx {
    #[serde(flatten)]
    pub link: LinkCtx,
    pub short: Option<String>,
    pub depth: usize,
    pub role_count: usize,
    pub document_count: usize,
}

/// `forums`: every forum.
#[derive(Debug, Clone, Serialize)]
pub struct ForumRowCtx {
    #[serde(flatten)]
    pub link: LinkCtx,
    pub cadence: Option<String>,
    pub chair: Option<Shared<RoleLinkCtx>>,
    pub member_count: usize,
    pub document_count: usize,
}

/// `people`: everybody on a contact list, by role.
#[derive(Debug, Clone, Serialize)]
pub struct PeopleByRoleCtx {
    pub role: Shared<LinkCtx>,
    pub people: Shared<Vec<PersonCtx>>,
}

/// `search`: the search page (`/search/`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchCtx {
    /// URL of `search.js`, content-hashed like `site.js_url`.
    pub script_url: String,
    /// URL of the index folder, where `index.json` is.
    pub index_url: String,
    /// URL of `/documents/`, the list to browse without JavaScript.
    pub documents_url: String,
    /// Governing documents by kind, for the page without JavaScript.
    pub groups: Vec<SearchGroupCtx>,
}

/// Documents of one kind on the search page without JavaScript.
#[derive(Debug, Clone, Serialize)]
pub struct SearchGroupCtx {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// `/documents/?kind=…`.
    pub url: String,
    /// The documents, by title; empty on large sites (see `count`).
    pub links: Vec<Shared<LinkCtx>>,
}

/// A tag on a page: its text and the URL of its tag page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TagLinkCtx {
    pub name: String,
    pub url: String,
}

/// `tags`: one entry of the index of all tags (`/tags/`).
#[derive(Debug, Clone, Serialize)]
pub struct TagSummaryCtx {
    /// The spelling editors use most (ties: the first in sorted order).
    pub name: String,
    pub url: String,
    /// How many published pages carry the tag.
    pub count: usize,
}

/// `tag`: the page of one tag (`/tags/<slug>/`).
#[derive(Debug, Clone, Serialize)]
pub struct TagCtx {
    pub name: String,
    pub url: String,
    /// URL of the index of all tags.
    pub index_url: String,
    /// Every published page with the tag, by title.
    pub pages: Vec<Shared<LinkCtx>>,
}
