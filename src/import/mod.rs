//! `samsyn import`: a municipality's Word documents as pages.
//!
//! A site starts from the documents the municipality already has. One
//! `.docx` becomes one page: [`docx`] reads the package into blocks,
//! [`facts`] takes the fact block ("Dokumenttyp: Riktlinje", …) out of
//! them and maps it to front matter in the site's own ids, [`markdown`]
//! writes the rest as Markdown, and images are saved beside the page.
//! What the import cannot carry is named, never dropped silently: a name
//! that matches no page is left out of the front matter (so the page
//! still checks clean), kept as a YAML comment and reported.
//!
//! Nothing is written when anything is wrong: a personal identity number
//! anywhere in the document (its text, comments, headers, properties, as
//! [`crate::attachment`] reads Office files, and the page made from it)
//! refuses the import, and no file is ever overwritten.

mod body;
pub mod docx;
pub mod facts;
pub mod markdown;

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;
use crate::messages::msg;
use crate::messages::{Lang, Message};
use crate::model::Kind;
use crate::privacy;

use docx::{Block, Document, ParaStyle, ReadError};
use facts::{Named, SiteNames};

/// The largest `.docx` an import reads.
const MAX_FILE: u64 = 256 << 20;
/// Image types a browser shows, as saved beside the page.
const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];
/// The longest file name made from a title, before `.md`.
const MAX_SLUG_CHARS: usize = 80;

/// What to import into.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site folder (with `content/`).
    pub site_dir: PathBuf,
    /// `--kind`: the kind of page, over the document's Dokumenttyp.
    pub kind: Option<Kind>,
    /// `--output`: under `content/`, the page's path (a folder when it
    /// ends in `/`, and always for a folder of documents).
    pub output: Option<PathBuf>,
    /// The language of the comments written into the page.
    pub lang: Lang,
}

/// One document imported.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The `.docx` read.
    pub source: PathBuf,
    /// The page written.
    pub page: PathBuf,
    /// The images saved beside it.
    pub images: Vec<PathBuf>,
    /// What could not be carried over or mapped.
    pub notes: Vec<Message>,
}

/// What an import did: the pages written and the documents refused.
#[derive(Debug, Default)]
pub struct Outcome {
    pub imported: Vec<Imported>,
    /// One error per document that was not imported (nothing was written
    /// for it), naming the file.
    pub failed: Vec<Diagnostic>,
    /// Whether a folder was imported (one summary is printed).
    pub folder: bool,
}

/// Imports `target`: one `.docx`, or every `.docx` in a folder.
pub fn import(target: &Path, opts: &ImportOptions) -> Outcome {
    let mut outcome = Outcome {
        folder: target.is_dir(),
        ..Outcome::default()
    };
    let names = match site_names(&opts.site_dir) {
        Ok(n) => n,
        Err(d) => {
            outcome.failed.push(d);
            return outcome;
        }
    };
    let files = if outcome.folder {
        match documents_in(target) {
            Ok(files) => files,
            Err(d) => {
                outcome.failed.push(d);
                return outcome;
            }
        }
    } else {
        vec![target.to_path_buf()]
    };
    for file in files {
        match import_file(&file, opts, &names, outcome.folder) {
            Ok(done) => outcome.imported.push(done),
            Err(d) => outcome.failed.push(d),
        }
    }
    outcome
}

/// The `.docx` files of a folder, sorted; Word's lock files (`~$x.docx`)
/// and hidden files left out.
fn documents_in(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = shown(dir);
    let entries = std::fs::read_dir(dir).map_err(|e| {
        failure(
            &shown,
            msg!("import.read_failed", file = &shown, why = e),
            None,
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            !name.starts_with("~$")
                && !name.starts_with('.')
                && name.to_lowercase().ends_with(".docx")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(failure(
            &shown,
            msg!("import.empty_folder", dir = &shown),
            None,
        ));
    }
    Ok(files)
}

/// The roles and organisations of the site, by their names.
fn site_names(site_dir: &Path) -> Result<SiteNames, Diagnostic> {
    if !site_dir.join("content").is_dir() {
        let dir = shown(site_dir);
        return Err(failure(
            &dir,
            msg!("import.no_site", dir = &dir),
            Some(msg!("import.no_site_hint")),
        ));
    }
    let sources = crate::content::load(site_dir);
    let mut names = SiteNames::default();
    for file in &sources.pages {
        let (Some(fm), _) = crate::frontmatter::parse(&file.site_path(), &file.text) else {
            continue;
        };
        let id = fm
            .meta
            .id
            .clone()
            .unwrap_or_else(|| crate::parse::default_id(&file.content_path));
        let mut keys = vec![facts::name_key(&fm.meta.title), facts::name_key(&id)];
        if let Some(short) = &fm.meta.short {
            keys.push(facts::name_key(short));
        }
        let named = Named { id, keys };
        match fm.kind {
            Kind::Role => names.roles.push(named),
            Kind::Organisation => names.organisations.push(named),
            _ => {}
        }
    }
    Ok(names)
}

/// A path as messages show it, personal identity numbers masked.
fn shown(path: &Path) -> String {
    privacy::mask(&path.display().to_string())
}

fn failure(file: &str, message: Message, hint: Option<Message>) -> Diagnostic {
    let d = Diagnostic::error(file, 0, 0, message);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The page a document makes, before anything is written.
struct Page {
    /// Under `content/`.
    path: PathBuf,
    text: String,
    /// `(path under content/, bytes)`.
    images: Vec<(PathBuf, Vec<u8>)>,
    notes: Vec<Message>,
}

fn import_file(
    file: &Path,
    opts: &ImportOptions,
    names: &SiteNames,
    folder: bool,
) -> Result<Imported, Diagnostic> {
    let name = shown(file);
    let bytes = read_bytes(file, &name)?;
    let doc = docx::read(&bytes).map_err(|e| read_failure(&name, e))?;
    refuse_personnummer(&name, &bytes)?;
    let page = make_page(file, doc, opts, names, folder, &name)?;
    refuse_numbers_in_page(&name, &page)?;
    let content = opts.site_dir.join("content");
    write_page(&content, &page)?;
    Ok(Imported {
        source: file.to_path_buf(),
        page: content.join(&page.path),
        images: page.images.iter().map(|(p, _)| content.join(p)).collect(),
        notes: page.notes,
    })
}

fn read_bytes(file: &Path, name: &str) -> Result<Vec<u8>, Diagnostic> {
    let io = |e: std::io::Error| {
        let m = if e.kind() == std::io::ErrorKind::NotFound {
            msg!("import.not_found", file = name)
        } else {
            msg!("import.read_failed", file = name, why = e)
        };
        failure(name, m, None)
    };
    let meta = std::fs::metadata(file).map_err(io)?;
    if meta.len() > MAX_FILE {
        return Err(read_failure(name, ReadError::TooBig));
    }
    std::fs::read(file).map_err(io)
}

fn read_failure(name: &str, e: ReadError) -> Diagnostic {
    let hint = Some(msg!("import.save_again_hint"));
    match e {
        ReadError::NotZip => failure(
            name,
            msg!("import.not_docx", file = name),
            Some(msg!("import.not_docx_hint")),
        ),
        ReadError::NoDocument => failure(name, msg!("import.no_document", file = name), hint),
        ReadError::TooBig => failure(name, msg!("import.too_big", file = name), hint),
        ReadError::Broken { part, why } => failure(
            name,
            msg!("import.broken", file = name, part = part, why = why),
            hint,
        ),
    }
}

/// Refuses a document with a personal identity number in any part a
/// reader of it can see (text, comments, headers, tracked changes,
/// properties, embedded documents), as the attachment check reads Office
/// files.
fn refuse_personnummer(name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let found = crate::attachment::check(name, "import.docx", bytes, true);
    if found.iter().any(Diagnostic::is_error) {
        return Err(failure(
            name,
            msg!("import.personnummer", file = name),
            Some(msg!("import.personnummer_hint")),
        ));
    }
    // A warning is a part the check could not read (an embedded object):
    // the import carries nothing of such a part, and the page it makes is
    // scanned again before it is written.
    Ok(())
}

/// The page as written, scanned again: a number the runs of the document
/// only make when joined, or one in a name made from the title.
fn refuse_numbers_in_page(name: &str, page: &Page) -> Result<(), Diagnostic> {
    let paths = std::iter::once(&page.path).chain(page.images.iter().map(|(p, _)| p));
    let in_paths = paths
        .into_iter()
        .any(|p| !privacy::scan(&p.to_string_lossy()).is_empty());
    if in_paths || !privacy::scan(&page.text).is_empty() {
        return Err(failure(
            name,
            msg!("import.personnummer", file = name),
            Some(msg!("import.personnummer_hint")),
        ));
    }
    Ok(())
}

/// The page's title: the paragraph in the Title style, else a Heading 1
/// the document opens with, else its title property, else the file name.
fn take_title(doc: &mut Document, file: &Path, notes: &mut Vec<Message>) -> String {
    let title_para = doc.blocks.iter().position(
        |b| matches!(b, Block::Para(p) if p.style == ParaStyle::Title && !p.text().trim().is_empty()),
    );
    if let Some(i) = title_para {
        if let Block::Para(p) = doc.blocks.remove(i) {
            return one_line(&p.text());
        }
    }
    let first = doc.blocks.iter().position(|b| match b {
        Block::Para(p) => !p.text().trim().is_empty(),
        Block::Table(_) => true,
    });
    if let Some(i) = first {
        if let Block::Para(p) = &doc.blocks[i] {
            if p.style == ParaStyle::Heading(1) {
                let title = one_line(&p.text());
                doc.blocks.remove(i);
                return title;
            }
        }
    }
    // After the headings: a template's title property often outlives the
    // template.
    if let Some(t) = doc.core_title.take() {
        return one_line(&t);
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_default();
    let title = one_line(&stem);
    notes.push(msg!("import.title_from_file", title = &title));
    title
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn make_page(
    file: &Path,
    mut doc: Document,
    opts: &ImportOptions,
    names: &SiteNames,
    folder: bool,
    name: &str,
) -> Result<Page, Diagnostic> {
    let mut notes = Vec::new();
    let title = take_title(&mut doc, file, &mut notes);
    let found = facts::take(&mut doc.blocks);
    let mapped = facts::map(&found, opts.kind, names, opts.lang);
    let Some(kind) = mapped.kind else {
        return Err(failure(
            name,
            msg!("import.no_kind", file = name),
            Some(msg!("import.kind_hint")),
        ));
    };
    notes.extend(mapped.notes.iter().cloned());
    let path = page_path(kind, &title, opts.output.as_deref(), folder, name)?;
    let (images, placed) = place_images(&doc, &path, &mut notes);
    let (body, body_notes) = markdown::write(&doc.blocks, &placed);
    notes.extend(body_notes);
    notes.extend(skipped_notes(&doc.skipped));
    let mut text = format!(
        "---\ntitle: {}\nkind: {}\n",
        facts::quoted(&title),
        kind.key()
    );
    for (key, value) in &mapped.keys {
        text.push_str(&format!("{key}: {value}\n"));
    }
    for comment in &mapped.comments {
        text.push_str(&format!("# {comment}\n"));
    }
    text.push_str("---\n\n");
    text.push_str(&body);
    text.push('\n');
    Ok(Page {
        path,
        text,
        images,
        notes,
    })
}

/// Saves each embedded image a browser can show beside the page, as
/// `{page}-bild-{n}.{ext}`; says what was left out.
fn place_images(
    doc: &Document,
    page: &Path,
    notes: &mut Vec<Message>,
) -> (Vec<(PathBuf, Vec<u8>)>, Vec<markdown::Placed>) {
    let stem = page
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = page.parent().unwrap_or(Path::new(""));
    let mut saved = Vec::new();
    let mut placed = Vec::new();
    for image in &doc.images {
        if image.data.is_empty() {
            placed.push(None);
            continue;
        }
        if !IMAGE_TYPES.contains(&image.ext.as_str()) {
            notes.push(msg!("import.image_type", ext = &image.ext));
            placed.push(None);
            continue;
        }
        let file = format!("{stem}-bild-{}.{}", saved.len() + 1, image.ext);
        let alt = one_line(&image.alt);
        if alt.is_empty() {
            notes.push(msg!("import.no_alt", image = &file));
        }
        saved.push((dir.join(&file), image.data.clone()));
        placed.push(Some((file, alt)));
    }
    (saved, placed)
}

fn skipped_notes(s: &docx::Skipped) -> Vec<Message> {
    [
        (
            s.text_boxes,
            msg!("import.skipped.text_boxes", count = s.text_boxes),
        ),
        (
            s.footnotes,
            msg!("import.skipped.footnotes", count = s.footnotes),
        ),
        (
            s.comments,
            msg!("import.skipped.comments", count = s.comments),
        ),
        (s.fields, msg!("import.skipped.fields", count = s.fields)),
        (
            s.equations,
            msg!("import.skipped.equations", count = s.equations),
        ),
        (s.objects, msg!("import.skipped.objects", count = s.objects)),
        (
            s.nested_tables,
            msg!("import.skipped.nested_tables", count = s.nested_tables),
        ),
        (s.toc_lines, msg!("import.skipped.toc", count = s.toc_lines)),
        (
            s.headers_footers,
            msg!("import.skipped.headers_footers", count = s.headers_footers),
        ),
        (
            s.missing_images,
            msg!("import.skipped.missing_images", count = s.missing_images),
        ),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(_, m)| m)
    .collect()
}

/// The folder pages of `kind` usually live in (as `samsyn init` makes them).
pub fn folder_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Agreement => "overenskommelser",
        Kind::Guideline => "riktlinjer",
        Kind::Routine => "rutiner",
        Kind::Plan => "planer",
        Kind::Policy => "policyer",
        Kind::Report => "rapporter",
        Kind::Role => "roller",
        Kind::Organisation => "organisationer",
        Kind::Forum => "forum",
        Kind::Contacts => "kontakter",
        Kind::Snippet => "delat",
        Kind::Law => "lagar",
        _ => "",
    }
}

/// A file name from a title: lower case, without diacritics, words
/// joined by `-` (`Riktlinje för samverkan` → `riktlinje-for-samverkan`).
pub fn slug(title: &str) -> String {
    let lower = crate::search::tokenize::lower(title);
    let folded = crate::search::tokenize::fold(&lower);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let cut: String = out.chars().take(MAX_SLUG_CHARS).collect();
    let slug = cut.trim_matches('-').to_string();
    if slug.is_empty() {
        "dokument".to_string()
    } else {
        slug
    }
}

/// Where under `content/` the page goes: `--output` (a file, or a folder
/// when it ends in `/` or a folder of documents is imported), else the
/// kind's folder; the file name from the title.
fn page_path(
    kind: Kind,
    title: &str,
    output: Option<&Path>,
    folder: bool,
    name: &str,
) -> Result<PathBuf, Diagnostic> {
    let file_name = format!("{}.md", slug(title));
    let Some(out) = output else {
        return Ok(Path::new(folder_of(kind)).join(file_name));
    };
    let rel = out.strip_prefix("content").unwrap_or(out);
    let inside = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        let shown_out = shown(out);
        return Err(failure(
            name,
            msg!("import.bad_output", path = &shown_out),
            Some(msg!("import.bad_output_hint")),
        ));
    }
    let as_folder = folder || out.to_string_lossy().ends_with('/') || rel.as_os_str().is_empty();
    if as_folder {
        return Ok(rel.join(file_name));
    }
    match rel.extension().and_then(|e| e.to_str()) {
        None => Ok(rel.with_extension("md")),
        Some("md") => Ok(rel.to_path_buf()),
        Some(_) => {
            let shown_out = shown(out);
            Err(failure(
                name,
                msg!("import.bad_output", path = &shown_out),
                Some(msg!("import.bad_output_hint")),
            ))
        }
    }
}

/// Writes the page and its images, each created new. Nothing is written
/// when any of them exists; a failure part-way removes what was written.
fn write_page(content: &Path, page: &Page) -> Result<(), Diagnostic> {
    let files: Vec<(PathBuf, &[u8])> =
        std::iter::once((content.join(&page.path), page.text.as_bytes()))
            .chain(
                page.images
                    .iter()
                    .map(|(p, b)| (content.join(p), b.as_slice())),
            )
            .collect();
    if let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
        let shown_path = shown(path);
        return Err(failure(
            &shown_path,
            msg!("import.exists", path = &shown_path),
            Some(msg!("import.exists_hint")),
        ));
    }
    let mut written: Vec<&Path> = Vec::new();
    for (path, bytes) in &files {
        if let Err(e) = create_new(path, bytes) {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            let shown_path = shown(path);
            let m = if e.kind() == std::io::ErrorKind::AlreadyExists {
                msg!("import.exists", path = &shown_path)
            } else {
                msg!("import.write_failed", path = &shown_path, why = e)
            };
            return Err(failure(&shown_path, m, None));
        }
        written.push(path);
    }
    Ok(())
}

fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_lower_case_words() {
        assert_eq!(
            slug("Riktlinje för samverkan – BU/SO"),
            "riktlinje-for-samverkan-bu-so"
        );
        assert_eq!(slug("???"), "dokument");
    }

    #[test]
    fn output_paths_stay_under_content() {
        let p = page_path(Kind::Routine, "A b", Some(Path::new("../x.md")), false, "f");
        assert!(p.is_err());
        let p = page_path(
            Kind::Routine,
            "A b",
            Some(Path::new("content/rutiner/")),
            false,
            "f",
        );
        assert_eq!(p.ok(), Some(PathBuf::from("rutiner/a-b.md")));
        let p = page_path(Kind::Routine, "A b", None, false, "f");
        assert_eq!(p.ok(), Some(PathBuf::from("rutiner/a-b.md")));
    }
}
