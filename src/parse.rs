//! Parse: one source file into a [`ParsedPage`], independently of every
//! other file (so it runs in parallel and, in `serve`, only for the files
//! that changed).

mod unfinished;

use crate::content::SourceFile;
use crate::error::Diagnostic;
use crate::frontmatter;
use crate::guard;
use crate::include::{self, Lookup};
use crate::lines::line_of;
use crate::markdown::{self, Body};
use crate::messages::msg;
use crate::model::{Kind, Meta, PageId};

/// A page after parsing, before references are resolved.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParsedPage {
    pub id: PageId,
    pub kind: Kind,
    pub meta: Meta,
    /// `content/…` path, as diagnostics name it.
    pub source: String,
    /// Path relative to `content/`.
    pub content_path: String,
    /// Output path relative to the site root, ending in `/` (`""` for `/`).
    pub url_path: String,
    pub body: Body,
    /// 1-based file line where the body starts (to turn body offsets into lines).
    pub body_line: usize,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// Line of the `id:` key (or 1), for duplicate-id errors.
    pub id_line: usize,
    /// Hash of everything the body HTML was made from (text, path,
    /// base_url), so rendering can tell an unchanged page without hashing
    /// its HTML.
    pub fingerprint: u64,
    /// Hash of the front matter alone (with path and base_url): list pages
    /// show front matter, never bodies, so a body edit leaves this alone.
    pub meta_fingerprint: u64,
    /// Hash of what checking other pages reads of this one: its path, id,
    /// kind, draft flag, heading anchors and aliases (see
    /// `resolve::ResolveCache`).
    pub shape: u64,
    /// Content paths its `{{#include}}` lines named, nested ones too
    /// (also those not found): a change to any of them changes this page.
    pub includes: Vec<String>,
}

impl ParsedPage {
    /// The page's file in the output (`rutiner/sip/index.html`).
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.url_path)
    }

    /// File (line, col) of a byte offset in the body.
    pub fn body_position(&self, text: &str, body_offset: usize) -> (usize, usize) {
        let abs = (self.body_offset + body_offset).min(text.len());
        let line = line_of(text, abs);
        let line_start = text[..abs].rfind('\n').map_or(0, |i| i + 1);
        (line, text[line_start..abs].chars().count() + 1)
    }
}

/// Parses one file. Returns the page (when its front matter is usable) and
/// every problem found in it. `lookup` gives the text of the other Markdown
/// files, for the body's `{{#include}}` lines: what it gives for them is,
/// with the file itself, all the page is made from.
pub fn parse_page(
    file: &SourceFile,
    base_url: &str,
    lookup: &Lookup<'_>,
) -> (Option<ParsedPage>, Vec<Diagnostic>) {
    let source = file.site_path();
    let mut diags = guard::personnummer_errors(&source, &file.text);
    let raw_lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
    let controls = guard::control_character_errors(&source, &file.text);
    let control_lines: Vec<usize> = controls.iter().map(|d| d.line).collect();
    diags.extend(controls);
    diags.extend(guard::file_name_error(&source, &file.content_path));
    let (fm, fm_diags) = frontmatter::parse(&source, &file.text);
    diags.extend(fm_diags);
    if let Some(fm) = &fm {
        let numbers = unreported(&fm.personnummer_lines, &raw_lines);
        diags.extend(numbers.map(|line| hidden_personnummer(&source, line, 1)));
        let controls = unreported(&fm.control_lines, &control_lines);
        diags.extend(controls.map(|line| guard::escaped_control_character(&source, line)));
    }
    let Some(fm) = fm else { return (None, diags) };
    let body_text = &file.text[fm.body_offset..];
    let expanded = include::expand(body_text, &file.content_path, lookup);
    let mut body = markdown::render_in(&expanded.text, &expanded.dirs(), base_url);
    own_offsets(&mut body, &expanded);
    let included: Vec<(&String, Option<&str>)> =
        expanded.files.iter().map(|p| (p, lookup(p))).collect();
    let id = fm
        .meta
        .id
        .clone()
        .unwrap_or_else(|| default_id(&file.content_path));
    let id_line = frontmatter_key_line(&file.text, "id");
    let shape = crate::hash::fingerprint((
        &file.content_path,
        &id,
        fm.kind,
        fm.meta.draft,
        body.headings.iter().map(|h| &h.anchor).collect::<Vec<_>>(),
        // Aliases are checked against every page's address with the ids.
        &fm.meta.aliases,
    ));
    let page = ParsedPage {
        id: PageId(id),
        kind: fm.kind,
        meta: fm.meta,
        source: source.clone(),
        content_path: file.content_path.clone(),
        url_path: crate::urls::page_path(&file.content_path),
        body,
        body_line: line_of(&file.text, fm.body_offset),
        body_offset: fm.body_offset,
        id_line,
        fingerprint: fingerprint(&(&file.text, &included), &file.content_path, base_url),
        meta_fingerprint: fingerprint(&file.text[..fm.body_offset], &file.content_path, base_url),
        shape,
        includes: expanded.files.clone(),
    };
    diags.extend(include_errors(&page, &file.text, &expanded.problems));
    diags.extend(body_notes(&page, &file.text, &diags));
    diags.extend(unfinished::check(&page, &file.text));
    for u in &page.body.unsafe_links {
        let (line, col) = page.body_position(&file.text, u.offset);
        diags.push(
            Diagnostic::warning(
                &source,
                line,
                col,
                msg!("parse.unsafe_link", link = &u.written),
            )
            .with_hint(msg!("parse.unsafe_link.hint")),
        );
    }
    if let Some(at) = page.body.deep_html {
        let (line, col) = page.body_position(&file.text, at);
        diags.push(
            Diagnostic::warning(
                &source,
                line,
                col,
                msg!("parse.deep_html", depth = markdown::MAX_HTML_DEPTH),
            )
            .with_hint(msg!("parse.deep_html.hint")),
        );
    }
    (Some(page), diags)
}

/// The id a page gets without an `id:` key: its file stem, or for an
/// `index.md` the name of its folder (`index` at the top).
pub fn default_id(content_path: &str) -> String {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    match stem.rsplit_once('/') {
        Some((dir, "index")) => dir.rsplit('/').next().unwrap_or(dir).to_string(),
        Some((_, name)) => name.to_string(),
        None => stem.to_string(),
    }
}

/// Turns the offsets of an expanded body into offsets of the page's own
/// body: what an included file holds is reported at its include line.
fn own_offsets(body: &mut Body, expanded: &include::Expanded) {
    if expanded.files.is_empty() {
        return;
    }
    let own = |at: &mut usize| *at = expanded.own_offset(*at);
    body.links.iter_mut().for_each(|l| own(&mut l.offset));
    body.unsafe_links
        .iter_mut()
        .for_each(|l| own(&mut l.offset));
    body.notes.iter_mut().for_each(|n| own(&mut n.offset));
    body.headings.iter_mut().for_each(|h| own(&mut h.offset));
    // A marker in an included file is reported there, once.
    body.markers.retain(|&at| expanded.is_own(at));
    body.markers.iter_mut().for_each(own);
    if let Some(at) = &mut body.deep_html {
        own(at);
    }
}

/// The errors of include lines that cannot be followed, at their lines.
fn include_errors(page: &ParsedPage, text: &str, problems: &[include::Problem]) -> Vec<Diagnostic> {
    use include::What;
    let mut out = Vec::new();
    for p in problems {
        let (line, col) = page.body_position(text, p.offset);
        let (message, hint) = match &p.what {
            What::Missing(w) => (
                msg!("parse.include.missing", path = w),
                msg!("parse.include.missing.hint"),
            ),
            What::OutOfContent(w) => (
                msg!("parse.include.outside", path = w),
                msg!("parse.include.outside.hint"),
            ),
            What::NotMarkdown(w) => (
                msg!("parse.include.not_markdown", path = w),
                msg!("parse.include.not_markdown.hint"),
            ),
            What::Circle(files) => (
                msg!(
                    "parse.include.circle",
                    files = files
                        .iter()
                        .map(|f| format!("content/{f}"))
                        .collect::<Vec<_>>()
                        .join(" → ")
                ),
                msg!("parse.include.circle.hint"),
            ),
            What::TooDeep => (
                msg!("parse.include.too_deep", depth = include::MAX_DEPTH),
                msg!("parse.include.too_deep.hint"),
            ),
        };
        out.push(Diagnostic::error(&page.source, line, col, message).with_hint(hint));
    }
    out
}

fn fingerprint<T: std::hash::Hash + ?Sized>(text: &T, content_path: &str, base_url: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::fingerprinter();
    (text, content_path, base_url).hash(&mut h);
    h.finish()
}

fn frontmatter_key_line(text: &str, key: &str) -> usize {
    let front = text.split("\n---").next().unwrap_or(text);
    front
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// The editor's diagnostics for what the body rendering noted: numbers a
/// reader would see only after escapes, references or markup (those the
/// file's own text shows are already in `found`), attributes and classes
/// removed, and images from other servers.
fn body_notes(page: &ParsedPage, text: &str, found: &[Diagnostic]) -> Vec<Diagnostic> {
    use markdown::Issue;
    let mut out: Vec<Diagnostic> = Vec::new();
    for note in &page.body.notes {
        let (line, col) = page.body_position(text, note.offset);
        let d = match &note.issue {
            Issue::Personnummer => {
                let known =
                    |d: &Diagnostic| d.line == line && d.message.en().contains("personnummer");
                if found.iter().any(known) || out.iter().any(known) {
                    continue;
                }
                hidden_personnummer(&page.source, line, col)
            }
            Issue::Attribute(name) => Diagnostic::warning(
                &page.source,
                line,
                col,
                msg!("parse.attribute_removed", name = name),
            )
            .with_hint(if name.starts_with("on") {
                msg!("parse.attribute_removed.script")
            } else {
                msg!("parse.attribute_removed.hint")
            }),
            Issue::Class(class) => Diagnostic::warning(
                &page.source,
                line,
                col,
                msg!("parse.class_removed", class = class),
            )
            .with_hint(msg!(
                "parse.class_removed.hint",
                classes = markdown::CONTENT_CLASSES
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Issue::Id(id) => {
                Diagnostic::warning(&page.source, line, col, msg!("parse.id_removed", id = id))
                    .with_hint(msg!("parse.id_removed.hint"))
            }
            Issue::ExternalImage(url) => Diagnostic::warning(
                &page.source,
                line,
                col,
                msg!("parse.external_image", url = url),
            )
            .with_hint(msg!("parse.external_image.hint")),
        };
        out.push(d);
    }
    out
}

/// A personal identity number the file's own text does not show as such
/// (written with an escape, a character reference, markup or a YAML
/// escape), at `line`.
fn hidden_personnummer(source: &str, line: usize, col: usize) -> Diagnostic {
    Diagnostic::error(source, line, col, msg!("parse.hidden_personnummer"))
        .with_hint(msg!("parse.hidden_personnummer.hint"))
}

/// The first line of every (first, last) block of `blocks` that holds
/// none of `reported`: a value whose problem the file's own text does not
/// show (it takes a YAML escape), so no error is at its lines yet.
fn unreported<'a>(
    blocks: &'a [(usize, usize)],
    reported: &'a [usize],
) -> impl Iterator<Item = usize> + 'a {
    blocks
        .iter()
        .filter(|(from, to)| !reported.iter().any(|l| (from..=to).contains(&l)))
        .map(|&(from, _)| from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_take_their_folder_name() {
        assert_eq!(default_id("index.md"), "index");
        assert_eq!(default_id("rutiner/index.md"), "rutiner");
        assert_eq!(default_id("rutiner/orosanmalan.md"), "orosanmalan");
    }
}
