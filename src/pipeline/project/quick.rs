//! Serve's quick path: a save that changed only what published pages say
//! in their bodies renders those pages again and nothing else.
//!
//! Everything but a page's own body reaches other outputs through what
//! resolve derives from the site's shape, front matter and the links and
//! citations bodies make (`resolve`), and through what render hashes of
//! neighbours (`render::reads`): front matter and derived references, never
//! bodies. So when every page parsed since the last compile has the same
//! shape, front matter, includes, body links and citations as in the last
//! compile's `Site`, resolving again would give the same site with those
//! pages' parses in place, and rendering again would change only their
//! pages. Anything else (a new or removed file, site.yaml, the theme, an
//! attachment, a new day, an error) takes the full compile.
//!
//! Diagnostics follow the same rule: resolve's warnings about such a page
//! are about its front matter (a body link or citation with a warning
//! takes the full compile, since its line may have moved), so the last
//! compile's stand; the page's own parse warnings are new.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use super::Project;
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::Citation;
use crate::parse::ParsedPage;
use crate::pipeline::{outputs, Compiled, Timings};
use crate::resolve::Site;

/// What the last full compile for serve made, for the next quick one.
pub(super) struct Last {
    pub site: Arc<Site>,
    /// What resolve said, before source lines were attached.
    pub resolve_diags: Vec<Diagnostic>,
    /// Every warning, sorted, with source lines.
    pub warnings: Diagnostics,
    /// The masked texts of the files the warnings name.
    pub texts: BTreeMap<String, String>,
}

impl Project {
    /// Compiles by the quick path when every change since the last compile
    /// allows it; None when a full compile is needed.
    pub(super) fn quick_compile(&mut self) -> Option<Compiled> {
        let t = Instant::now();
        let swaps = self.quick_swaps()?;
        let theme = self.theme.clone()?;
        let last = self.last.take()?;
        let mut site = (*last.site).clone();
        for (i, parsed) in &swaps {
            site.pages[*i].parsed = Arc::clone(parsed);
        }
        let pages: Vec<usize> = swaps.iter().map(|(i, _)| *i).collect();
        let mode = self.opts.mode;
        let Some(rendered) = outputs::patch_pages(&site, &theme, mode, &mut self.cache, &pages)
        else {
            self.last = Some(last);
            return None;
        };
        let (warnings, texts) =
            self.quick_diagnostics(last.warnings, last.texts, &last.resolve_diags, &swaps);
        let site = Arc::new(site);
        self.last = Some(Last {
            site: Arc::clone(&site),
            resolve_diags: last.resolve_diags,
            warnings: warnings.clone(),
            texts: texts.clone(),
        });
        self.touched.clear();
        Some(Compiled {
            site,
            rendered,
            warnings,
            timings: Timings {
                render: t.elapsed(),
                ..Timings::default()
            },
            texts,
            changed: self.cache.changed.clone(),
            quick: true,
        })
    }

    /// The pages parsed since the last compile, each with its index in the
    /// last compile's site, if every one of them may take the quick path.
    fn quick_swaps(&self) -> Option<Vec<(usize, Arc<ParsedPage>)>> {
        let last = self.last.as_ref()?;
        // A build's offline worker hashes every page: serve has none.
        let serve = self.opts.mode == crate::render::Mode::Serve;
        if !serve || self.structural || self.touched.is_empty() || self.theme.is_none() {
            return None;
        }
        let today = self.opts.today.unwrap_or_else(crate::dates::today);
        if today != last.site.today {
            return None;
        }
        let mut paths: Vec<&String> = self.touched.iter().collect();
        paths.sort();
        paths.dedup();
        let pages = &last.site.pages;
        paths
            .into_iter()
            .map(|path| {
                let cached = self.files.get(path)?;
                let new = cached.parsed.as_ref()?;
                let i = pages
                    .binary_search_by(|p| p.parsed.content_path.as_str().cmp(path))
                    .ok()?;
                let old = &pages[i].parsed;
                let fine = !cached.diags.iter().any(Diagnostic::is_error)
                    && body_only(old, new)
                    && !resolve_said_of_body(&last.resolve_diags, old);
                fine.then(|| (i, Arc::clone(new)))
            })
            .collect()
    }

    /// The last compile's `warnings` and `texts` with those of the swapped
    /// pages made again: their parse warnings as they are now, what
    /// resolve `said` of them as it was.
    fn quick_diagnostics(
        &self,
        mut warnings: Diagnostics,
        mut texts: BTreeMap<String, String>,
        said: &[Diagnostic],
        swaps: &[(usize, Arc<ParsedPage>)],
    ) -> (Diagnostics, BTreeMap<String, String>) {
        let sources: crate::hash::Set<&str> =
            swaps.iter().map(|(_, p)| p.source.as_str()).collect();
        let mut fresh = Diagnostics(Vec::new());
        for (_, p) in swaps {
            if let Some(c) = self.files.get(&p.content_path) {
                fresh.extend(c.diags.iter().cloned());
            }
        }
        fresh.extend(
            said.iter()
                .filter(|d| sources.contains(d.file.as_str()))
                .cloned(),
        );
        texts.retain(|file, _| !sources.contains(file.as_str()));
        texts.extend(self.show(&mut fresh));
        warnings.0.retain(|d| !sources.contains(d.file.as_str()));
        warnings.extend(fresh.0);
        warnings.sort();
        (warnings, texts)
    }
}

/// Whether `new` differs from `old` only in what its own page shows of its
/// body: the same shape (path, id, kind, draft, anchors, aliases), front
/// matter text, includes, and body links and citations but for where they
/// stand.
fn body_only(old: &ParsedPage, new: &ParsedPage) -> bool {
    let (a, b) = (&old.body, &new.body);
    let links = a.links.iter().map(|l| (&l.target, &l.anchor, &l.written));
    old.shape == new.shape
        && old.meta_fingerprint == new.meta_fingerprint
        && old.id == new.id
        && old.kind == new.kind
        && old.url_path == new.url_path
        && (old.body_line, old.body_offset, old.id_line)
            == (new.body_line, new.body_offset, new.id_line)
        && old.includes == new.includes
        && links.eq(b.links.iter().map(|l| (&l.target, &l.anchor, &l.written)))
        && a.citations.len() == b.citations.len()
        && a.citations
            .iter()
            .zip(&b.citations)
            .all(|(x, y)| same_citation(x, y))
}

/// Whether two citations say the same and may both be links or not:
/// where they stand may move with an edit, what they say may not.
fn same_citation(a: &Citation, b: &Citation) -> bool {
    let (f, g) = (&a.found, &b.found);
    (&f.sfs, &f.names, &f.chapter, &f.section) == (&g.sfs, &g.names, &g.chapter, &g.section)
        && f.end - f.start == g.end - g.start
        && a.html.is_some() == b.html.is_some()
}

/// Whether resolve said anything of `page` outside its front matter (or of
/// the file as a whole): such a warning may have moved with the edit.
fn resolve_said_of_body(said: &[Diagnostic], page: &ParsedPage) -> bool {
    said.iter()
        .any(|d| d.file == page.source && !(1..page.body_line).contains(&d.line))
}
