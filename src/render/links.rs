//! The pieces many pages show of other pages (a page's link, a role with
//! the people who hold it), each made once per render, and the input hash
//! of each, made from the same inputs as the piece itself.

use std::hash::Hash;
use std::sync::{Arc, OnceLock};

use super::context::{LinkCtx, PersonCtx, RoleLinkCtx, Shared};
use super::inputs::InputHashes;
use crate::hash::fingerprint;
use crate::model::{Kind, PageId, ReviewStatus};
use crate::phone::tel_url;
use crate::resolve::{Page, Site};
use crate::urls::encode_path;

/// Everything a link to a page is made of. [`link_ctx`] sees only this,
/// and a link's input hash is the hash of this: what a link shows cannot
/// go unhashed.
#[derive(Hash)]
pub(crate) struct LinkInputs<'p> {
    id: &'p PageId,
    title: &'p str,
    url_path: &'p str,
    kind: Kind,
    status: ReviewStatus,
}

/// What a link to `page` is made of.
pub(crate) fn link_inputs(page: &Page) -> LinkInputs<'_> {
    LinkInputs {
        id: page.id(),
        title: page.title(),
        url_path: &page.parsed.url_path,
        kind: page.kind(),
        status: page.status,
    }
}

/// The link a page's [`LinkInputs`] make under `base_url`.
fn link_ctx(base_url: &str, l: LinkInputs) -> LinkCtx {
    LinkCtx {
        id: l.id.to_string(),
        title: l.title.to_string(),
        url: format!("{base_url}{}", encode_path(l.url_path)),
        kind: l.kind.key(),
        kind_label: l.kind.label(),
        status: l.status.key(),
        status_label: l.status.label(),
    }
}

/// Everything one person of a contact list is made of, besides the links
/// to their role and list: [`Lookups::person`] builds a [`PersonCtx`] from
/// this alone and its input hash hashes this.
#[derive(Hash)]
pub(crate) struct PersonInputs<'p> {
    name: &'p str,
    unit: Option<&'p str>,
    phone: Option<&'p str>,
    email: Option<&'p str>,
    note: Option<&'p str>,
}

/// Entry `entry` of contact list `list`: its own fields, the page of its
/// role (the list itself when the role is unknown) and the list.
pub(crate) fn person_inputs(
    site: &Site,
    list: usize,
    entry: usize,
) -> (PersonInputs<'_>, usize, usize) {
    let page = &site.pages[list];
    let c = &page.parsed.meta.contacts[entry];
    let fields = PersonInputs {
        name: &c.name,
        unit: c.unit.as_deref(),
        phone: c.phone.as_deref(),
        email: c.email.as_deref(),
        note: c.note.as_deref(),
    };
    (fields, page.refs.contact_role(entry).unwrap_or(list), list)
}

/// The input hash of a person: their fields and the links they show.
pub(crate) fn person_hash(site: &Site, link: &[u64], list: usize, entry: usize) -> u64 {
    let (fields, role, list) = person_inputs(site, list, entry);
    fingerprint((fields, link[role], link[list]))
}

/// A page's URL: base_url + percent-encoded output path.
pub fn url(site: &Site, page: &Page) -> String {
    format!(
        "{}{}",
        site.config.base_url,
        encode_path(&page.parsed.url_path)
    )
}

/// Links, holders and role links of one site, each made when first asked
/// for (an incremental render shows a handful of the thousands), with the
/// input hash of each. Context builders reach them only through
/// [`super::reads::Reads`], which records what they hand out.
pub(crate) struct Lookups<'a> {
    pub site: &'a Site,
    pub inputs: Arc<InputHashes>,
    links: Vec<OnceLock<Shared<LinkCtx>>>,
    holders: Vec<OnceLock<Shared<Vec<PersonCtx>>>>,
    role_links: Vec<OnceLock<Shared<RoleLinkCtx>>>,
    /// What a context gets while only its reads are being hashed.
    pub blank: Blanks,
    /// Every tag with its pages and address.
    pub tags: Arc<crate::tags::TagIndex>,
}

/// What [`Lookups::new`] works out over the whole site before any page is
/// rendered: every page's input hashes and the tag index. Serve's quick
/// path hands them to the next render, and a build to its second renderer
/// (`pipeline::outputs`), instead of working them out again, which is
/// right only while no page's front matter, shape, status or references
/// changed (see `pipeline::project::quick`).
#[derive(Clone)]
pub struct Prepared {
    inputs: Arc<InputHashes>,
    tags: Arc<crate::tags::TagIndex>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prepared")
    }
}

/// Stand-ins handed out while a context is built only to hash its reads.
pub(crate) struct Blanks {
    pub link: Shared<LinkCtx>,
    pub role_link: Shared<RoleLinkCtx>,
    pub people: Shared<Vec<PersonCtx>>,
    pub person: PersonCtx,
}

impl Blanks {
    fn new() -> Blanks {
        let plain = LinkCtx {
            id: String::new(),
            title: String::new(),
            url: String::new(),
            kind: "",
            kind_label: "",
            status: "",
            status_label: "",
        };
        let link = Shared::new(plain.clone());
        let people = Shared::new(Vec::new());
        Blanks {
            role_link: Shared::new(RoleLinkCtx {
                link: plain,
                holders: people.clone(),
            }),
            person: PersonCtx {
                name: String::new(),
                role: link.clone(),
                unit: None,
                phone: None,
                email: None,
                note: None,
                phone_url: None,
                list: link.clone(),
            },
            link,
            people,
        }
    }
}

impl<'a> Lookups<'a> {
    /// Hashes every page's link and holders; makes none of them yet.
    pub fn new(site: &'a Site) -> Lookups<'a> {
        let prepared = Prepared {
            inputs: Arc::new(InputHashes::new(site)),
            tags: Arc::new(crate::tags::TagIndex::new(site)),
        };
        Lookups::with(site, prepared)
    }

    /// Lookups over `site` with what an earlier render of the same shape
    /// prepared.
    pub fn with(site: &'a Site, prepared: Prepared) -> Lookups<'a> {
        let n = site.pages.len();
        Lookups {
            site,
            inputs: prepared.inputs,
            links: lazy(n),
            holders: lazy(n),
            role_links: lazy(n),
            blank: Blanks::new(),
            tags: prepared.tags,
        }
    }

    /// What these lookups prepared over the whole site.
    pub fn prepared(&self) -> Prepared {
        Prepared {
            inputs: Arc::clone(&self.inputs),
            tags: Arc::clone(&self.tags),
        }
    }

    /// The link to page `i`.
    pub fn link(&self, i: usize) -> &Shared<LinkCtx> {
        self.links[i].get_or_init(|| {
            Shared::new(link_ctx(
                &self.site.config.base_url,
                link_inputs(&self.site.pages[i]),
            ))
        })
    }

    /// The people who hold role `i` today (none for other pages).
    pub fn holders(&self, i: usize) -> &Shared<Vec<PersonCtx>> {
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

    /// Role `i`'s link with its holders.
    pub fn role_link(&self, i: usize) -> &Shared<RoleLinkCtx> {
        self.role_links[i].get_or_init(|| {
            // The link's fields are flattened into the role's, so its
            // plain struct goes in, not its template value.
            Shared::new(RoleLinkCtx {
                link: (**self.link(i)).clone(),
                holders: self.holders(i).clone(),
            })
        })
    }

    /// Entry `entry` of contact list `list`.
    pub fn person(&self, list: usize, entry: usize) -> PersonCtx {
        let (p, role, list) = person_inputs(self.site, list, entry);
        PersonCtx {
            name: p.name.to_string(),
            role: self.link(role).clone(),
            unit: p.unit.map(str::to_string),
            phone: p.phone.map(str::to_string),
            phone_url: p.phone.map(tel_url),
            email: p.email.map(str::to_string),
            note: p.note.map(str::to_string),
            list: self.link(list).clone(),
        }
    }

    /// The input hash of `person(list, entry)`.
    pub fn person_hash(&self, list: usize, entry: usize) -> u64 {
        person_hash(self.site, &self.inputs.link, list, entry)
    }
}

/// `n` cells, each filled when first read.
fn lazy<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}
