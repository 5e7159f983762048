//! The register of laws and what rests on it: which law each citation in
//! a body names, which pages cite each law, which documents in force still
//! cite a repealed law, and which roles nobody holds. `resolve` calls
//! [`derive`] once its pages have their status.

use jiff::civil::Date;

use super::{Page, RefField};
use crate::citations::fold;
use crate::error::Diagnostic;
use crate::hash::{Map, Set};
use crate::messages::msg;
use crate::messages::Arg;
use crate::model::Kind;

/// One citation of a law in a page's body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cite {
    /// The law's page.
    pub law: usize,
    /// Chapter and section, as written (`14 kap. 1 §`).
    pub place: Option<String>,
    /// Which of the body's citations (`Body::citations`) it is, and where
    /// the law's name starts in that citation's HTML text: render finds
    /// where the link goes from these. Positions in the body's HTML are not
    /// kept here, so an edit elsewhere in the body leaves what the register
    /// says of the page the same.
    pub citation: u32,
    pub rel: u32,
}

impl Cite {
    /// Where in the body's HTML the link goes, if it may be one.
    pub fn html(&self, body: &crate::markdown::Body) -> Option<(u32, u32)> {
        let c = body.citations.get(self.citation as usize)?;
        c.html.map(|(s, e)| (s + self.rel, e))
    }
}

/// A page citing a law, with the places it cites.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CitedBy {
    pub page: usize,
    /// Chapters and sections cited, in order, each once.
    pub places: Vec<String>,
}

/// What the register says about one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PageLaws {
    /// The laws its body cites, in the order written.
    pub cites: Vec<Cite>,
    /// A law: the pages citing it, in page order.
    pub cited_by: Vec<CitedBy>,
    /// A law: the laws that name it in `replaced_by`.
    pub replaces: Vec<usize>,
    /// A document in force: the laws it cites that are repealed on or
    /// before today, each once. Such a document needs review, whatever its
    /// dates say.
    pub repealed: Vec<usize>,
    /// A role with responsibility (it owns or has tasks in something in
    /// force, or chairs a forum) that no contact list names.
    pub vacant: bool,
}

/// The laws of a site by SFS number and by folded name.
struct Register<'p> {
    pages: &'p [Page],
    by_sfs: Map<&'p str, usize>,
    by_name: Map<String, Vec<usize>>,
}

impl<'p> Register<'p> {
    fn new<'t>(
        pages: &'p [Page],
        text_of: &dyn Fn(&str) -> &'t str,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut by_sfs: Map<&str, usize> = Map::default();
        let mut by_name: Map<String, Vec<usize>> = Map::default();
        for (i, p) in pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == Kind::Law)
        {
            let m = &p.parsed.meta;
            let Some(sfs) = m.sfs.as_deref() else {
                continue;
            };
            // Only an error needs the text (which a build may re-read).
            let line = || key_line(text_of(&p.parsed.content_path), "sfs");
            if !is_sfs(sfs) {
                diags.push(
                    Diagnostic::error(&p.parsed.source, line(), 1, msg!("laws.not_sfs", sfs = sfs))
                        .with_hint(msg!("laws.not_sfs.hint")),
                );
                continue;
            }
            if let Some(&first) = by_sfs.get(sfs) {
                diags.push(
                    Diagnostic::error(&p.parsed.source, line(), 1, msg!("laws.twice", sfs = sfs))
                        .with_hint(msg!("laws.twice.hint", other = &pages[first].parsed.source)),
                );
                continue;
            }
            by_sfs.insert(sfs, i);
            let names = m.names.iter().chain(m.short.as_ref());
            let mut folded: Vec<String> =
                names.map(|n| fold(n)).filter(|n| !n.is_empty()).collect();
            folded.sort_unstable();
            folded.dedup();
            for n in folded {
                by_name.entry(n).or_default().push(i);
            }
        }
        Register {
            pages,
            by_sfs,
            by_name,
        }
    }

    /// The law named `name` that was in force on `date`: the one that came
    /// into force last on or before it, else the earliest.
    fn by_name(&self, name: &str, date: Date) -> Option<usize> {
        let laws = self.by_name.get(name)?;
        let since = |i: usize| self.pages[i].parsed.meta.in_force;
        let in_force = laws
            .iter()
            .copied()
            .filter(|&i| since(i).is_none_or(|d| d <= date));
        in_force
            .max_by_key(|&i| since(i))
            .or_else(|| laws.iter().copied().min_by_key(|&i| since(i)))
    }
}

/// Whether `s` is an SFS number: a year, a colon and a number.
fn is_sfs(s: &str) -> bool {
    s.split_once(':').is_some_and(|(y, n)| {
        y.len() == 4
            && (1..=5).contains(&n.len())
            && y.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit())
    })
}

/// The line a front matter key is written on (1 when it cannot be found).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// The day a citation by name is read on: the page's latest revision
/// (revised, reviewed or decided), else today.
fn revision_date(page: &Page, today: Date) -> Date {
    let m = &page.parsed.meta;
    m.revised.max(m.reviewed).max(m.decided).unwrap_or(today)
}

/// What the register says about every page, and its diagnostics.
pub fn derive<'t>(
    pages: &[Page],
    text_of: &dyn Fn(&str) -> &'t str,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PageLaws> {
    let register = Register::new(pages, text_of, diags);
    let mut out: Vec<PageLaws> = vec![PageLaws::default(); pages.len()];
    let mut unknown: Set<&str> = Set::default();
    for (i, page) in pages.iter().enumerate() {
        let date = revision_date(page, today);
        let mut first_line: Map<usize, usize> = Map::default();
        for (k, c) in page.parsed.body.citations.iter().enumerate() {
            let f = &c.found;
            let by_number = f
                .sfs
                .as_deref()
                .map(|s| (s, register.by_sfs.get(s).copied()));
            if let Some((sfs, None)) = by_number {
                if unknown.insert(sfs) {
                    let (line, col) = page
                        .parsed
                        .body_position(text_of(&page.parsed.content_path), c.offset);
                    diags.push(
                        Diagnostic::warning(
                            &page.parsed.source,
                            line,
                            col,
                            msg!("laws.unknown", sfs = sfs),
                        )
                        .with_hint(msg!("laws.unknown.hint")),
                    );
                }
            }
            let named = || {
                f.names.iter().enumerate().find_map(|(k, (rel, n))| {
                    register.by_name(n, date).map(|law| (law, k == 0, *rel))
                })
            };
            let hit = match by_number.and_then(|(_, l)| l) {
                Some(law) => Some((law, true, 0)),
                None => named(),
            };
            let Some((law, whole, rel)) = hit else {
                continue;
            };
            if law == i {
                continue;
            }
            first_line.entry(law).or_insert(c.offset);
            out[i].cites.push(Cite {
                law,
                place: whole.then(|| f.place()).flatten(),
                citation: k as u32,
                rel: rel as u32,
            });
        }
        if page.kind().is_governing() && page.status.in_force() {
            repealed(
                &register,
                page,
                &mut out[i],
                &first_line,
                text_of,
                today,
                diags,
            );
        }
    }
    for i in 0..pages.len() {
        let cites = std::mem::take(&mut out[i].cites);
        for c in &cites {
            let by = &mut out[c.law].cited_by;
            if by.last().is_none_or(|b| b.page != i) {
                by.push(CitedBy {
                    page: i,
                    places: Vec::new(),
                });
            }
            if let (Some(place), Some(b)) = (&c.place, by.last_mut()) {
                if !b.places.contains(place) {
                    b.places.push(place.clone());
                }
            }
        }
        out[i].cites = cites;
    }
    for (i, p) in pages.iter().enumerate() {
        if let Some(s) = p.refs.one(RefField::ReplacedBy) {
            out[s].replaces.push(i);
        }
    }
    vacancies(pages, &mut out, diags);
    out
}

/// Notes the repealed laws a document in force cites, each with a warning
/// at its first citation.
fn repealed<'t>(
    register: &Register,
    page: &Page,
    laws: &mut PageLaws,
    first_line: &Map<usize, usize>,
    text_of: &dyn Fn(&str) -> &'t str,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) {
    for c in &laws.cites {
        let law = &register.pages[c.law];
        let Some(repealed) = law.parsed.meta.repealed.filter(|d| *d <= today) else {
            continue;
        };
        if laws.repealed.contains(&c.law) {
            continue;
        }
        laws.repealed.push(c.law);
        let offset = first_line.get(&c.law).copied().unwrap_or(0);
        let (line, col) = page
            .parsed
            .body_position(text_of(&page.parsed.content_path), offset);
        let successor = law
            .refs
            .one(RefField::ReplacedBy)
            .map(|s| &register.pages[s]);
        let hint = match successor {
            Some(s) => msg!("laws.repealed.successor", law = law_name(s)),
            None => msg!("laws.repealed.hint"),
        };
        diags.push(
            Diagnostic::warning(
                &page.parsed.source,
                line,
                col,
                msg!("laws.repealed", law = law_name(law), date = repealed),
            )
            .with_hint(hint),
        );
    }
}

/// A law as a message names it: its title, with its SFS number unless the
/// title holds it.
pub fn law_name(law: &Page) -> String {
    match law.parsed.meta.sfs.as_deref() {
        Some(sfs) if !law.title().contains(sfs) => format!("{} (SFS {sfs})", law.title()),
        _ => law.title().to_string(),
    }
}

/// Marks the roles that carry responsibility and that no contact list
/// names, each with a warning naming its file.
fn vacancies(pages: &[Page], out: &mut [PageLaws], diags: &mut Vec<Diagnostic>) {
    let in_force = |i: &&usize| pages[**i].status.in_force();
    for (i, p) in pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind() == Kind::Role)
    {
        if !p.rev.holders.is_empty() || p.parsed.meta.draft {
            continue;
        }
        let owns = p.rev.owns.iter().filter(in_force).count();
        let tasks = p.rev.tasks.iter().filter(in_force).count();
        let chairs = p.rev.forum_seats.iter().filter(|(_, chair)| *chair).count();
        if owns + tasks + chairs == 0 {
            continue;
        }
        out[i].vacant = true;
        let mut what = Vec::new();
        match owns {
            0 => {}
            1 => what.push(msg!("laws.vacant.owns_one")),
            n => what.push(msg!("laws.vacant.owns", count = n)),
        }
        match tasks {
            0 => {}
            1 => what.push(msg!("laws.vacant.tasks_one")),
            n => what.push(msg!("laws.vacant.tasks", count = n)),
        }
        match chairs {
            0 => {}
            1 => what.push(msg!("laws.vacant.chairs_one")),
            n => what.push(msg!("laws.vacant.chairs", count = n)),
        }
        diags.push(
            Diagnostic::warning(
                &p.parsed.source,
                1,
                1,
                msg!("laws.vacant", id = p.id(), what = Arg::List(what)),
            )
            .with_hint(msg!("laws.vacant.hint", id = p.id())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sfs_numbers_are_a_year_and_a_number() {
        assert!(is_sfs("2001:453"));
        assert!(!is_sfs("01:453"));
        assert!(!is_sfs("2001-453"));
        assert!(!is_sfs("2001:"));
    }

    #[test]
    fn a_key_is_found_on_its_line() {
        assert_eq!(key_line("---\ntitle: x\nsfs: \"1\"\n", "sfs"), 3);
        assert_eq!(key_line("---\nsfsx: 1\n", "sfs"), 1);
    }
}
