//! The contexts of the generated list pages: the start page, `/documents/`,
//! `/reviews/`, `/roles/`, `/organisations/`, `/forums/`, `/contacts/`,
//! `/search/` and the tag pages (`/tags/`, `/tags/<slug>/`). They span the
//! site, so they are fingerprinted by the site-wide list hash, which holds every page's link, holders, front
//! matter and reverse references: whatever they read of any page.

use jiff::civil::Date;

use super::context::*;
use super::document::doc_row;
use super::links::Lookups;
use super::reads::Reads;
use crate::error::Result;
use crate::model::{Kind, PageId, ReviewStatus};
use crate::resolve::{RefField, Site};

/// How many documents the start page's "needs review" list shows.
const START_LIST_LIMIT: usize = 12;

/// Renders rows of one list (`documents`, `reviews`, `item`) for pages, as
/// template strings.
pub(crate) type RowsFn<'f> = dyn Fn(&[usize], &'static str) -> Result<Vec<tera::Value>> + Sync + 'f;

/// Builds the list contexts of one site.
pub(crate) struct Lists<'r, 'a> {
    pub lookups: &'r Lookups<'a>,
}

impl<'a> Lists<'_, 'a> {
    fn site(&self) -> &'a Site {
        self.lookups.site
    }

    /// Document `i` as a row whose fields a list shows beside the rendered
    /// rows (the start page, facets).
    fn row(&self, i: usize) -> DocRowCtx {
        doc_row(&Reads::building(self.lookups, i))
    }

    /// Governing documents, by title.
    fn documents_by_title(&self) -> Vec<usize> {
        let pages = &self.site().pages;
        let mut docs: Vec<usize> = self.site().documents().collect();
        docs.sort_by(|&a, &b| pages[a].title().cmp(pages[b].title()));
        docs
    }

    /// The start page's lists: what needs review, what changed lately, and
    /// counts by kind and status.
    pub fn start(&self) -> StartCtx {
        let pages = &self.site().pages;
        let docs: Vec<usize> = self.site().documents().collect();
        let mut attention: Vec<usize> = docs
            .iter()
            .copied()
            .filter(|&i| matches!(pages[i].status, ReviewStatus::Overdue | ReviewStatus::Due))
            .collect();
        attention.sort_by_key(|&i| (pages[i].next_review, i));
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
            attention: attention.into_iter().map(|i| self.row(i)).collect(),
            attention_total,
            recent: recent.into_iter().map(|i| self.row(i)).collect(),
            kinds: Kind::GOVERNING
                .iter()
                .map(|k| KindCountCtx {
                    key: k.key(),
                    label: k.plural_label(),
                    count: docs.iter().filter(|&&i| pages[i].kind() == *k).count(),
                    url: format!("{}documents/?kind={}", self.site().config.base_url, k.key()),
                })
                .collect(),
            statuses: self.status_facets(&docs),
        }
    }

    fn last_change(&self, i: usize) -> Option<Date> {
        let m = &self.site().pages[i].parsed.meta;
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
                    .filter(|&&i| self.site().pages[i].status == *s)
                    .count(),
            })
            .filter(|f| f.count > 0)
            .collect()
    }

    /// The search page: where the index and script are, and the documents
    /// by kind for readers without JavaScript (listed one by one on sites
    /// of at most 300 documents, as counts with links to `/documents/`
    /// above that).
    pub fn search(&self, script_url: String) -> SearchCtx {
        let base = &self.site().config.base_url;
        let docs = self.documents_by_title();
        let list = docs.len() <= 300;
        SearchCtx {
            script_url,
            index_url: format!("{base}search/"),
            documents_url: format!("{base}documents/"),
            groups: Kind::GOVERNING
                .iter()
                .map(|k| {
                    let of_kind = docs.iter().filter(|&&i| self.site().pages[i].kind() == *k);
                    SearchGroupCtx {
                        key: k.key(),
                        label: k.plural_label(),
                        count: of_kind.clone().count(),
                        url: format!("{base}documents/?kind={}", k.key()),
                        links: if list {
                            of_kind.map(|&i| self.lookups.link(i).clone()).collect()
                        } else {
                            Vec::new()
                        },
                    }
                })
                .filter(|g| g.count > 0)
                .collect(),
        }
    }

    /// `/documents/`: every governing document with its filters.
    pub fn documents(&self, rows: &RowsFn) -> Result<DocumentsCtx> {
        let docs = self.documents_by_title();
        let row_ctxs: Vec<DocRowCtx> = docs.iter().map(|&i| self.row(i)).collect();
        let facet = |pick: &dyn Fn(&DocRowCtx) -> Vec<(String, String)>| {
            let mut counts: std::collections::BTreeMap<(String, String), usize> =
                Default::default();
            for r in &row_ctxs {
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
                count: row_ctxs.iter().filter(|r| r.link.kind == k.key()).count(),
            })
            .filter(|f| f.count > 0)
            .collect();
        Ok(DocumentsCtx {
            statuses: self.status_facets(&docs),
            rows: rows(&docs, "documents")?,
            kinds,
            owners,
            organisations,
        })
    }

    /// `/reviews/`: the review calendar.
    pub fn reviews(&self, rows: &RowsFn) -> Result<ReviewsCtx> {
        let pages = &self.site().pages;
        let reviewed: Vec<usize> = (0..pages.len())
            .filter(|&i| {
                let p = &pages[i];
                p.kind().is_reviewed()
                    && !matches!(p.status, ReviewStatus::Superseded | ReviewStatus::Expired)
            })
            .collect();
        let (mut scheduled, unscheduled): (Vec<usize>, Vec<usize>) = reviewed
            .into_iter()
            .partition(|&i| pages[i].next_review.is_some());
        scheduled.sort_by_key(|&i| (pages[i].next_review, i));
        let law_rows: Vec<usize> = scheduled
            .iter()
            .chain(&unscheduled)
            .copied()
            .filter(|&i| pages[i].needs_review())
            .collect();
        let mut vacant: Vec<Shared<LinkCtx>> = (0..pages.len())
            .filter(|&i| pages[i].laws.vacant)
            .map(|i| self.lookups.link(i).clone())
            .collect();
        vacant.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(ReviewsCtx {
            rows: rows(&scheduled, "reviews")?,
            unscheduled: rows(&unscheduled, "item")?,
            law_rows: rows(&law_rows, "item")?,
            vacant,
        })
    }

    /// `/roles/`: roles grouped by organisation.
    pub fn role_groups(&self) -> Vec<RoleGroupCtx> {
        type Group = (Option<Shared<LinkCtx>>, Vec<Shared<RoleLinkCtx>>);
        let mut groups: std::collections::BTreeMap<Option<String>, Group> = Default::default();
        for (i, p) in self
            .site()
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == Kind::Role)
        {
            let org = p
                .refs
                .one(RefField::Organisation)
                .map(|o| self.lookups.link(o).clone());
            let key = org.as_ref().map(|o| o.title.clone());
            groups
                .entry(key)
                .or_insert_with(|| (org, Vec::new()))
                .1
                .push(self.lookups.role_link(i).clone());
        }
        groups
            .into_values()
            .map(|(organisation, mut roles)| {
                roles.sort_by(|a, b| a.link.title.cmp(&b.link.title));
                let vacant = roles
                    .iter()
                    .filter(|r| {
                        self.site()
                            .get(&PageId(r.link.id.clone()))
                            .is_some_and(|p| p.laws.vacant)
                    })
                    .map(|r| r.link.id.clone())
                    .collect();
                RoleGroupCtx {
                    organisation,
                    roles,
                    vacant,
                }
            })
            .collect()
    }

    /// `/organisations/`: the tree, depth first, each level by title.
    pub fn org_rows(&self) -> Vec<OrganisationRowCtx> {
        let pages = &self.site().pages;
        let mut roots: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind() == Kind::Organisation)
            .filter(|&i| pages[i].refs.one(RefField::Parent).is_none())
            .collect();
        roots.sort_by(|&a, &b| pages[a].title().cmp(pages[b].title()));
        let mut out = Vec::new();
        let mut stack: Vec<(usize, usize)> = roots.into_iter().rev().map(|r| (r, 0)).collect();
        let mut seen = std::collections::HashSet::new();
        while let Some((i, depth)) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            let p = &pages[i];
            out.push(OrganisationRowCtx {
                link: (**self.lookups.link(i)).clone(),
                short: p.parsed.meta.short.clone(),
                depth,
                role_count: p.rev.org_roles.len(),
                document_count: p.rev.applies.len(),
            });
            let mut children = p.rev.children.clone();
            children.sort_by(|&a, &b| pages[b].title().cmp(pages[a].title()));
            stack.extend(children.into_iter().map(|c| (c, depth + 1)));
        }
        out
    }

    /// `/forums/`: every forum by title.
    pub fn forum_rows(&self) -> Vec<ForumRowCtx> {
        let mut rows: Vec<ForumRowCtx> = self
            .site()
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == Kind::Forum)
            .map(|(i, p)| ForumRowCtx {
                link: (**self.lookups.link(i)).clone(),
                cadence: p.parsed.meta.cadence.clone(),
                chair: p
                    .refs
                    .one(RefField::Chair)
                    .map(|c| self.lookups.role_link(c).clone()),
                member_count: p.parsed.meta.members.len(),
                document_count: p.rev.followed_up.len(),
            })
            .collect();
        rows.sort_by(|a, b| a.link.title.cmp(&b.link.title));
        rows
    }

    /// `/contacts/`: everybody who holds a role, by role.
    pub fn people_by_role(&self) -> Vec<PeopleByRoleCtx> {
        let mut v: Vec<PeopleByRoleCtx> = (0..self.site().pages.len())
            .filter(|&i| !self.lookups.holders(i).is_empty())
            .map(|i| PeopleByRoleCtx {
                role: self.lookups.link(i).clone(),
                people: self.lookups.holders(i).clone(),
            })
            .collect();
        v.sort_by(|a, b| a.role.title.cmp(&b.role.title));
        v
    }

    /// `/tags/`: every tag with how many pages carry it, by name.
    pub fn tag_summaries(&self) -> Vec<TagSummaryCtx> {
        let mut v: Vec<TagSummaryCtx> = self
            .lookups
            .tags
            .tags
            .iter()
            .map(|t| TagSummaryCtx {
                name: t.name.clone(),
                url: t.url.clone(),
                count: t.pages.len(),
            })
            .collect();
        v.sort_by(|a, b| {
            let key = |t: &TagSummaryCtx| (crate::tags::fold(&t.name), t.url.clone());
            key(a).cmp(&key(b))
        });
        v
    }

    /// `/tags/<slug>/`: tag `t` (an index into the site's tags) with its
    /// pages.
    pub fn tag(&self, t: usize) -> TagCtx {
        let tag = &self.lookups.tags.tags[t];
        let mut pages: Vec<Shared<LinkCtx>> = tag
            .pages
            .iter()
            .map(|&i| self.lookups.link(i).clone())
            .collect();
        pages.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
        TagCtx {
            name: tag.name.clone(),
            url: tag.url.clone(),
            index_url: format!("{}tags/", self.site().config.base_url),
            pages,
        }
    }
}
