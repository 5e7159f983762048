//! Tags: which pages carry each tag, the spelling a tag is shown with and
//! the address of its page (`/tags/<slug>/`).
//!
//! Tags are one tag when their Unicode lower case is the same ("BUS" and
//! "bus"). A tag is shown in the spelling editors use most, ties going to
//! the first in sorted order. Its slug is the lower case with every
//! character that is not a letter or digit turned into `-` (runs joined,
//! none at the ends), å ä ö kept; two tags whose slugs meet get `-2`,
//! `-3`, … in the sorted order of their lower case, so neither is hidden.

use std::collections::BTreeMap;

use crate::hash::{fingerprint, Map};
use crate::resolve::Site;
use crate::urls::encode_path;

/// One tag with the pages that carry it.
pub(crate) struct Tag {
    /// The spelling shown on the tag's own page and in the index.
    pub name: String,
    /// Output path: `tags/<slug>/`.
    pub path: String,
    /// Final URL of the tag's page.
    pub url: String,
    /// Pages with this tag, in site order.
    pub pages: Vec<usize>,
    /// Hash of what a link to this tag shows (its URL), for fingerprints.
    pub hash: u64,
}

/// Every tag of a site, sorted by lower case.
pub(crate) struct TagIndex {
    pub tags: Vec<Tag>,
    by_folded: Map<String, usize>,
}

/// What tags are compared by: Unicode lower case, spaces trimmed and
/// collapsed.
pub(crate) fn fold(tag: &str) -> String {
    tag.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The slug of a folded tag, before collisions are settled.
fn slug(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("amne");
    }
    out
}

impl TagIndex {
    /// Gathers the tags of every page of `site`.
    pub fn new(site: &Site) -> TagIndex {
        // folded → (spelling → uses, pages)
        type Uses = (BTreeMap<String, usize>, Vec<usize>);
        let mut gathered: BTreeMap<String, Uses> = BTreeMap::new();
        for (i, p) in site.pages.iter().enumerate() {
            for tag in &p.parsed.meta.tags {
                let folded = fold(tag);
                if folded.is_empty() {
                    continue;
                }
                let (spellings, pages) = gathered.entry(folded).or_default();
                *spellings.entry(tag.trim().to_string()).or_default() += 1;
                if pages.last() != Some(&i) {
                    pages.push(i);
                }
            }
        }
        let base = &site.config.base_url;
        let mut used = crate::hash::Set::default();
        let mut tags = Vec::with_capacity(gathered.len());
        let mut by_folded = Map::default();
        for (folded, (spellings, pages)) in gathered {
            let mut name = String::new();
            let mut most = 0;
            for (spelling, n) in spellings {
                if n > most {
                    (name, most) = (spelling, n);
                }
            }
            let first = slug(&folded);
            let mut slug = first.clone();
            let mut n = 1;
            while !used.insert(slug.clone()) {
                n += 1;
                slug = format!("{first}-{n}");
            }
            let path = format!("tags/{slug}/");
            let url = format!("{base}{}", encode_path(&path));
            by_folded.insert(folded, tags.len());
            tags.push(Tag {
                hash: fingerprint((&name, &url)),
                name,
                path,
                url,
                pages,
            });
        }
        TagIndex { tags, by_folded }
    }

    /// The tag `written` (any spelling) is one of.
    pub fn get(&self, written: &str) -> Option<&Tag> {
        self.by_folded.get(&fold(written)).map(|&i| &self.tags[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_join_the_rest() {
        assert_eq!(slug(&fold("Barnets bästa")), "barnets-bästa");
        assert_eq!(slug(&fold("  SIP / BUP ")), "sip-bup");
        assert_eq!(slug(&fold("Överenskommelse!")), "överenskommelse");
        assert_eq!(slug(&fold("!!!")), "amne");
    }

    #[test]
    fn fold_is_unicode_lower_case() {
        assert_eq!(fold("ÖVERENSKOMMELSE"), fold("överenskommelse"));
        assert_eq!(fold("BUS"), fold("bus"));
        assert_eq!(fold("barnets  Bästa"), "barnets bästa");
    }
}
