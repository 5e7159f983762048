//! What pages show of the register of laws: the laws a page cites (with a
//! notice for repealed ones), a law's own page, and the links citations
//! become in the body.

use super::context::*;
use super::document::date_ctx;
use super::reads::Reads;
use crate::resolve::RefField;

/// Law `i` as a page citing it shows it.
pub(crate) fn cited_law(r: &Reads, i: usize) -> CitedLawCtx {
    let law = r.law(i);
    let m = &law.parsed.meta;
    let successor = law.refs.one(RefField::ReplacedBy);
    let successor_page = successor.map(|s| r.law(s));
    let successor_meta = successor_page.map(|s| &s.parsed.meta);
    CitedLawCtx {
        link: r.link(i),
        name: crate::resolve::laws::law_name(law),
        sfs: m.sfs.clone().unwrap_or_default(),
        short: m.short.clone(),
        repealed: m.repealed.map(date_ctx),
        replaced_by: successor.map(|s| r.link(s)),
        replaced_by_name: successor_page.map(crate::resolve::laws::law_name),
        replaced_from: successor_meta
            .and_then(|s| s.in_force)
            .or(m.repealed)
            .map(date_ctx),
    }
}

/// The laws page `r.page()` cites, each once, and those of them repealed
/// on or before today that it rests on.
pub(crate) fn cited(r: &Reads) -> (Vec<CitedLawCtx>, Vec<CitedLawCtx>) {
    let laws = &r.page().laws;
    let mut seen = Vec::new();
    for c in &laws.cites {
        if !seen.contains(&c.law) {
            seen.push(c.law);
        }
    }
    let cited: Vec<CitedLawCtx> = seen.iter().map(|&i| cited_law(r, i)).collect();
    let repealed = seen
        .iter()
        .zip(&cited)
        .filter(|(i, _)| laws.repealed.contains(i))
        .map(|(_, c)| c.clone())
        .collect();
    (cited, repealed)
}

/// The page of a law.
pub(crate) fn law_ctx(r: &Reads) -> LawCtx {
    let page = r.page();
    let m = &page.parsed.meta;
    let mut cited_by: Vec<CitingCtx> = page
        .laws
        .cited_by
        .iter()
        .map(|c| CitingCtx {
            link: r.link(c.page),
            places: c.places.clone(),
        })
        .collect();
    cited_by.sort_by(|a, b| a.link.title.cmp(&b.link.title));
    LawCtx {
        sfs: r.own(|| m.sfs.clone().unwrap_or_default()),
        short: r.own(|| m.short.clone()),
        names: r.own(|| m.names.clone()),
        in_force: r.own(|| m.in_force.map(date_ctx)),
        repealed: r.own(|| m.repealed.map(date_ctx)),
        is_repealed: m.repealed.is_some_and(|d| d <= r.today()),
        url: r.own(|| m.url.clone()),
        replaced_by: page.refs.one(RefField::ReplacedBy).map(|s| cited_law(r, s)),
        replaces: r.link_list(page.laws.replaces.iter().copied()),
        cited_by,
    }
}

/// The body's HTML with each citation that may be a link made one, to the
/// law of `cited` it names.
pub(crate) fn linked_body(r: &Reads, cited: &[CitedLawCtx]) -> String {
    let page = r.page();
    let html = page.parsed.body.html();
    let html: &str = &html;
    let site = &page.laws;
    let mut out = String::with_capacity(html.len() + site.cites.len() * 64);
    let mut pos = 0usize;
    for c in &site.cites {
        let Some((start, end)) = c
            .html(&page.parsed.body)
            .map(|(s, e)| (s as usize, e as usize))
        else {
            continue;
        };
        let id = r.law_id(c.law);
        let Some(law) = cited.iter().find(|l| l.link.id == id) else {
            continue;
        };
        if start < pos
            || end > html.len()
            || !html.is_char_boundary(start)
            || !html.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&html[pos..start]);
        out.push_str("<a class=\"citation\" href=\"");
        out.push_str(&law.link.url);
        out.push_str("\">");
        out.push_str(&html[start..end]);
        out.push_str("</a>");
        pos = end;
    }
    out.push_str(&html[pos..]);
    out
}
