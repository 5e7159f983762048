//! A Word document (`.docx`, Office Open XML) as blocks of text: the
//! package (a ZIP of XML parts), its relationships, styles and numbering
//! definitions. [`body`](super::body) walks `document.xml` with them.
//!
//! Our own reader on `zip` (inflate only) and `quick-xml`, the crates the
//! attachment check already reads Office parts with, rather than a docx
//! crate: `docx-rs` (bokuweb) is a writer first, pulls in `image`, `xml-rs`
//! and `serde_json`, and panics on some malformed files (index out of
//! bounds, reported downstream as getomnico/omni#264); `docx-rust` refuses
//! whole documents over one element it does not model (an OnlyOffice
//! gradient, cstkingkey/docx-rs#45); `docx` (PoiScript) is unmaintained
//! since 2020. An import needs a small part of the format, read leniently:
//! an unknown element is walked through or named, never a failure, and a
//! hostile file meets the same budgets as an attachment (every part capped,
//! the whole file capped, the number of parts capped), so it cannot make
//! us unpack without end or panic.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::body;

/// The most the parts an import reads may unpack to, together.
const MAX_UNPACKED: u64 = 256 << 20;
/// The most one part may unpack to.
const MAX_PART: u64 = 64 << 20;
/// The most parts a package may have.
const MAX_PARTS: usize = 20_000;
/// How long a chain of `basedOn` styles is followed.
const MAX_STYLE_CHAIN: usize = 32;

/// Why a file could not be read as a Word document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a ZIP archive (an old `.doc`, an encrypted document, another file).
    NotZip,
    /// A ZIP without a Word document in it.
    NoDocument,
    /// More parts, or more unpacked bytes, than the budget allows.
    TooBig,
    /// A part that is not well-formed XML (or not UTF-8).
    Broken { part: String, why: String },
}

/// What a Word document holds, as far as an import carries it.
#[derive(Debug, Default)]
pub struct Document {
    /// The body, in order.
    pub blocks: Vec<Block>,
    /// Embedded images, in order; [`Inline::Image`] holds an index here.
    pub images: Vec<Image>,
    /// `dc:title` of `docProps/core.xml`.
    pub core_title: Option<String>,
    /// What was in the document but is not in `blocks`.
    pub skipped: Skipped,
}

/// Counts of what the document held that an import leaves out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Text boxes (their text is not in the body).
    pub text_boxes: usize,
    /// Footnote and endnote references.
    pub footnotes: usize,
    /// Comment references.
    pub comments: usize,
    /// Fields (page numbers, tables of contents, …): their shown text is
    /// kept, the field itself is not.
    pub fields: usize,
    /// Office Math equations.
    pub equations: usize,
    /// Embedded objects (OLE) and old VML pictures.
    pub objects: usize,
    /// Tables inside table cells (flattened into the cell's text).
    pub nested_tables: usize,
    /// Lines of a table of contents.
    pub toc_lines: usize,
    /// Header and footer parts with text.
    pub headers_footers: usize,
    /// Images whose data is not in the file (linked) or cannot be read.
    pub missing_images: usize,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph (a heading, a list item, body text).
    Para(Para),
    /// Rows of cells of paragraphs.
    Table(Vec<Vec<Vec<Para>>>),
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Para {
    /// Title, heading or body, from its style and outline level.
    pub style: ParaStyle,
    /// The list it is an item of, if any.
    pub list: Option<ListItem>,
    /// Its text, breaks and images.
    pub inlines: Vec<Inline>,
}

impl Para {
    /// The paragraph's text, breaks as newlines, images left out.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text { text, .. } => s.push_str(text),
                Inline::Break => s.push('\n'),
                Inline::Image(_) => {}
            }
        }
        s
    }
}

/// What a paragraph's style (or outline level) makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParaStyle {
    /// The Title style: the page's title.
    Title,
    /// Heading 1–9, by style or outline level.
    Heading(u8),
    /// Anything else.
    #[default]
    Body,
}

/// A paragraph of a list: which list, how deep, numbered or bulleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The list (`w:numId`): items of one list share it.
    pub num_id: String,
    /// 0 for the outermost level.
    pub level: usize,
    /// Numbered rather than bulleted.
    pub ordered: bool,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// A run of text with its emphasis and the link it is part of.
    Text {
        text: String,
        bold: bool,
        italic: bool,
        link: Option<Link>,
    },
    /// A line break.
    Break,
    /// The image at this index of [`Document::images`].
    Image(usize),
}

/// Where a hyperlink goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// An address outside the document (a relationship's target).
    Target(String),
    /// A bookmark in the document itself.
    Anchor(String),
}

/// An embedded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The document's alternative text (`wp:docPr descr`, else its title).
    pub alt: String,
    /// Lower-cased extension of the image part (`png`).
    pub ext: String,
    /// Empty when the image is linked, not embedded, or its part is missing.
    pub data: Vec<u8>,
}

/// One relationship of a part: `Id` → target.
#[derive(Debug, Clone)]
pub(super) struct Rel {
    pub target: String,
    pub external: bool,
    pub kind: String,
}

/// What the body walk looks things up in.
#[derive(Debug, Default)]
pub(super) struct Context {
    pub rels: HashMap<String, Rel>,
    pub styles: Styles,
    pub numbering: Numbering,
}

/// Paragraph styles by id.
#[derive(Debug, Default)]
pub(super) struct Styles(HashMap<String, StyleDef>);

#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, usize)>,
}

/// List definitions: `numId` → abstract definition, and each abstract
/// level's number format.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    nums: HashMap<String, String>,
    formats: HashMap<(String, usize), String>,
}

impl Numbering {
    /// Whether level `level` of list `num_id` is numbered (not bullets).
    pub fn ordered(&self, num_id: &str, level: usize) -> bool {
        let Some(abs) = self.nums.get(num_id) else {
            return false;
        };
        match self.formats.get(&(abs.clone(), level)) {
            Some(f) => !matches!(f.as_str(), "bullet" | "none" | ""),
            None => false,
        }
    }
}

impl Styles {
    /// What style `id` (and the styles it is based on) makes a paragraph.
    pub fn kind(&self, id: &str) -> ParaStyle {
        let mut current = Some(id.to_string());
        for _ in 0..MAX_STYLE_CHAIN {
            let Some(def) = current.as_deref().and_then(|i| self.0.get(i)) else {
                break;
            };
            let name = def.name.to_lowercase();
            if name == "title" {
                return ParaStyle::Title;
            }
            let level = ["heading ", "rubrik "]
                .iter()
                .find_map(|p| name.strip_prefix(p))
                .and_then(|n| n.trim().parse::<u8>().ok());
            if let Some(n) = level.filter(|n| (1..=9).contains(n)) {
                return ParaStyle::Heading(n);
            }
            if let Some(l) = def.outline.filter(|l| *l < 9) {
                return ParaStyle::Heading(l + 1);
            }
            current = def.based_on.clone();
        }
        ParaStyle::Body
    }

    /// Whether style `id` is one of a table of contents' (`toc 1`, …,
    /// `TOC Heading`), whose lines only repeat the headings.
    pub fn is_toc(&self, id: &str) -> bool {
        self.0
            .get(id)
            .is_some_and(|def| def.name.to_lowercase().starts_with("toc "))
    }

    /// The list a style puts its paragraphs in (`List Bullet` and the like).
    pub fn list(&self, id: &str) -> Option<(String, usize)> {
        let mut current = Some(id.to_string());
        for _ in 0..MAX_STYLE_CHAIN {
            let def = current.as_deref().and_then(|i| self.0.get(i))?;
            if def.num.is_some() {
                return def.num.clone();
            }
            current = def.based_on.clone();
        }
        None
    }
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The parts read so far and what is left of the budget.
struct Package<'a> {
    archive: Archive<'a>,
    left: u64,
}

impl Package<'_> {
    /// The part `name`, `None` when the package has none.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Ok(file) = self.archive.by_name(name) else {
            return Ok(None);
        };
        let cap = MAX_PART.min(self.left);
        let mut data = Vec::new();
        if file.take(cap + 1).read_to_end(&mut data).is_err() {
            return Err(ReadError::Broken {
                part: name.to_string(),
                why: "it does not unpack".to_string(),
            });
        }
        if data.len() as u64 > cap {
            return Err(ReadError::TooBig);
        }
        self.left -= data.len() as u64;
        Ok(Some(data))
    }

    /// The part `name` as text.
    fn xml(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        match self.part(name)? {
            None => Ok(None),
            Some(bytes) => {
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                String::from_utf8(bytes.to_vec())
                    .map(Some)
                    .map_err(|_| ReadError::Broken {
                        part: name.to_string(),
                        why: "it is not UTF-8".to_string(),
                    })
            }
        }
    }
}

/// Reads a Word document from its bytes.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::NotZip)?;
    if archive.len() > MAX_PARTS {
        return Err(ReadError::TooBig);
    }
    let mut package = Package {
        archive,
        left: MAX_UNPACKED,
    };
    let main = main_part(&mut package)?;
    let xml = package.xml(&main)?.ok_or(ReadError::NoDocument)?;
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_name = join(dir, &format!("_rels/{file}.rels"));
    let rels = match package.xml(&rels_name)? {
        Some(x) => relationships(&x).map_err(|why| broken(&rels_name, why))?,
        None => HashMap::new(),
    };
    let mut ctx = Context {
        rels,
        ..Context::default()
    };
    if let Some((name, x)) = related(&mut package, &ctx, dir, "/styles")? {
        ctx.styles = styles(&x).map_err(|why| broken(&name, why))?;
    }
    if let Some((name, x)) = related(&mut package, &ctx, dir, "/numbering")? {
        ctx.numbering = numbering(&x).map_err(|why| broken(&name, why))?;
    }
    let walked = body::walk(&xml, &ctx).map_err(|why| broken(&main, why))?;
    let mut doc = Document {
        blocks: walked.blocks,
        skipped: walked.skipped,
        ..Document::default()
    };
    for found in walked.images {
        // A missing image keeps its place (inlines hold indexes) with no data.
        let (ext, data) = image(&mut package, &ctx, dir, &found.rel)?.unwrap_or_default();
        if data.is_empty() {
            doc.skipped.missing_images += 1;
        }
        doc.images.push(Image {
            alt: found.alt,
            ext,
            data,
        });
    }
    doc.skipped.headers_footers = headers_with_text(&mut package, &ctx, dir)?;
    doc.core_title = match package.xml("docProps/core.xml")? {
        Some(x) => core_title(&x),
        None => None,
    };
    Ok(doc)
}

fn broken(part: &str, why: String) -> ReadError {
    ReadError::Broken {
        part: part.to_string(),
        why,
    }
}

/// The main document part, from the package's relationships
/// (`word/document.xml` as Word names it).
fn main_part(package: &mut Package<'_>) -> Result<String, ReadError> {
    if let Some(x) = package.xml("_rels/.rels")? {
        let rels = relationships(&x).map_err(|why| broken("_rels/.rels", why))?;
        if let Some(rel) = rels
            .values()
            .find(|r| r.kind.ends_with("/officeDocument") && !r.external)
        {
            return Ok(join("", &rel.target));
        }
    }
    Ok("word/document.xml".to_string())
}

/// The part of the first relationship of type `…{kind}`, with its text.
fn related(
    package: &mut Package<'_>,
    ctx: &Context,
    dir: &str,
    kind: &str,
) -> Result<Option<(String, String)>, ReadError> {
    let Some(rel) = ctx
        .rels
        .values()
        .find(|r| r.kind.ends_with(kind) && !r.external)
    else {
        return Ok(None);
    };
    let name = join(dir, &rel.target);
    Ok(package.xml(&name)?.map(|x| (name, x)))
}

/// The extension and bytes of the image relationship `rel` points at;
/// `None` for a linked image or one whose part is missing.
fn image(
    package: &mut Package<'_>,
    ctx: &Context,
    dir: &str,
    rel: &str,
) -> Result<Option<(String, Vec<u8>)>, ReadError> {
    let Some(r) = ctx.rels.get(rel).filter(|r| !r.external) else {
        return Ok(None);
    };
    let name = join(dir, &r.target);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    Ok(package.part(&name)?.map(|data| (ext, data)))
}

/// How many header and footer parts hold any text.
fn headers_with_text(
    package: &mut Package<'_>,
    ctx: &Context,
    dir: &str,
) -> Result<usize, ReadError> {
    let mut names: Vec<String> = ctx
        .rels
        .values()
        .filter(|r| !r.external && (r.kind.ends_with("/header") || r.kind.ends_with("/footer")))
        .map(|r| join(dir, &r.target))
        .collect();
    names.sort();
    names.dedup();
    let mut count = 0;
    for name in names {
        if let Some(x) = package.xml(&name)? {
            if has_text(&x) {
                count += 1;
            }
        }
    }
    Ok(count)
}

/// Whether a part has text in a `w:t` element.
fn has_text(xml: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut in_t = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => in_t = e.local_name().as_ref() == "t",
            Ok(Event::End(_)) => in_t = false,
            Ok(Event::Text(t)) if in_t && !t.trim().is_empty() => return true,
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// A part's path from a relationship target relative to `dir` (`media/a.png`
/// from `word` is `word/media/a.png`; `/word/x.xml` is from the root).
fn join(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The value of the attribute with local name `name`.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Whether a toggle property (`w:b`, `w:i`) is on: present without
/// `w:val`, or with a true one.
pub(super) fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn relationships(xml: &str) -> Result<HashMap<String, Rel>, String> {
    let mut rels = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) else {
                    continue;
                };
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                let kind = attr(&e, "Type").unwrap_or_default();
                rels.insert(
                    id,
                    Rel {
                        target,
                        external,
                        kind,
                    },
                );
            }
            Event::Eof => return Ok(rels),
            _ => {}
        }
    }
}

fn styles(xml: &str) -> Result<Styles, String> {
    let mut styles = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<(String, StyleDef)> = None;
    let mut num_id: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => {
                let Some((_, def)) = current.as_mut() else {
                    if e.local_name().as_ref() == "style" {
                        let paragraph = attr(&e, "type").is_none_or(|t| t == "paragraph");
                        if let Some(id) = attr(&e, "styleId").filter(|_| paragraph) {
                            current = Some((id, StyleDef::default()));
                        }
                    }
                    continue;
                };
                let val = || attr(&e, "val");
                match e.local_name().as_ref() {
                    "name" => def.name = val().unwrap_or_default(),
                    "basedOn" => def.based_on = val(),
                    "outlineLvl" => def.outline = val().and_then(|v| v.parse().ok()),
                    "numId" => num_id = val(),
                    "ilvl" => {
                        let level = val().and_then(|v| v.parse().ok()).unwrap_or(0);
                        def.num = Some((String::new(), level));
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, mut def)) = current.take() {
                    if let Some(n) = num_id.take().filter(|n| n != "0") {
                        let level = def.num.as_ref().map_or(0, |(_, l)| *l);
                        def.num = Some((n, level));
                    } else {
                        def.num = None;
                    }
                    styles.insert(id, def);
                }
            }
            Event::Eof => return Ok(Styles(styles)),
            _ => {}
        }
    }
}

fn numbering(xml: &str) -> Result<Numbering, String> {
    let mut numbering = Numbering::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut abstract_id: Option<String> = None;
    let mut level: Option<usize> = None;
    let mut num: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                "lvl" => level = attr(&e, "ilvl").and_then(|v| v.parse().ok()),
                "numFmt" => {
                    if let (Some(a), Some(l)) = (&abstract_id, level) {
                        let format = attr(&e, "val").unwrap_or_default();
                        numbering.formats.insert((a.clone(), l), format);
                    }
                }
                "num" => num = attr(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (&num, attr(&e, "val")) {
                        numbering.nums.insert(n.clone(), a);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "abstractNum" => abstract_id = None,
                "lvl" => level = None,
                "num" => num = None,
                _ => {}
            },
            Event::Eof => return Ok(numbering),
            _ => {}
        }
    }
}

/// `dc:title` of `docProps/core.xml`, when it says something.
fn core_title(xml: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut in_title = false;
    let mut title = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => in_title = e.local_name().as_ref() == "title",
            Event::End(_) if in_title => break,
            Event::Text(t) if in_title => title.push_str(&t),
            Event::GeneralRef(r) if in_title => title.push_str(&body::reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_join_relative_to_the_part() {
        assert_eq!(join("word", "media/a.png"), "word/media/a.png");
        assert_eq!(join("word", "../customXml/x.xml"), "customXml/x.xml");
        assert_eq!(join("word", "/word/styles.xml"), "word/styles.xml");
    }

    fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    const DOC: &[u8] = br#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="99999999999"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Hej &amp; &#x1F600; &bogus;</w:t></w:r></w:p><w:tbl><w:p><w:r><w:t>utan rad</w:t></w:r></w:p><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inre</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl></w:body></w:document>"#;

    #[test]
    fn hostile_parts_are_read_leniently_or_refused_never_a_panic() {
        let doc = read(&package(&[("word/document.xml", DOC)])).unwrap();
        let Block::Para(p) = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks)
        };
        assert_eq!(p.text(), "Hej & \u{1F600} ");
        assert!(matches!(p.inlines[0], Inline::Text { bold: false, .. }));
        assert_eq!(doc.skipped.nested_tables, 1);
        // Every truncation of a real package: an error or a document.
        let whole = package(&[
            ("word/document.xml", DOC),
            ("word/styles.xml", b"<w:styles/>"),
        ]);
        for len in 0..whole.len() {
            let _ = read(&whole[..len]);
        }
        // Unclosed and mismatched XML is an error naming the part.
        let broken = package(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
        assert!(matches!(read(&broken), Err(ReadError::Broken { .. })));
        assert_eq!(
            read(&package(&[("x.xml", b"<x/>")])).err(),
            Some(ReadError::NoDocument)
        );
    }

    /// Random bytes changed in the XML of a document with every construct
    /// the walk knows: each variant reads or fails, none panics.
    #[test]
    fn mutated_documents_never_panic() {
        let mut xml = DOC.to_vec();
        let drawing = br#"<w:p><w:hyperlink r:id="x" w:anchor="a"><w:r><w:drawing><wp:docPr descr="d"/><a:blip r:embed="rId9"/><w:txbxContent><w:p/></w:txbxContent></w:drawing><w:fldChar w:fldCharType="begin"/><w:instrText>TOC</w:instrText><w:br/><w:tab/></w:r></w:hyperlink></w:p>"#;
        let at = xml.len() - b"</w:body></w:document>".len();
        xml.splice(at..at, drawing.iter().copied());
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"<>/=\"' wp:rt&;#x0";
        for _ in 0..2000 {
            let mut m = xml.clone();
            for _ in 0..(next() % 4 + 1) {
                let i = (next() as usize) % m.len();
                m[i] = alphabet[(next() as usize) % alphabet.len()];
            }
            let _ = read(&package(&[
                ("word/document.xml", &m),
                ("word/styles.xml", &m),
            ]));
        }
    }

    #[test]
    fn a_part_past_its_cap_is_refused() {
        let big = vec![b' '; (MAX_PART + 1) as usize];
        let bomb = package(&[("word/document.xml", &big)]);
        assert!(bomb.len() < 1 << 20, "compressed small: {}", bomb.len());
        assert_eq!(read(&bomb).err(), Some(ReadError::TooBig));
    }

    #[test]
    fn garbage_is_not_a_zip() {
        assert_eq!(read(b"not a zip").err(), Some(ReadError::NotZip));
    }

    #[test]
    fn styles_inherit_heading_levels() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>
          <w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Egen rubrik"/><w:basedOn w:val="Rubrik1"/></w:style>
          <w:style w:type="paragraph" w:styleId="Niva"><w:name w:val="Nivå"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Punkt"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
        </w:styles>"#;
        let s = styles(xml).unwrap();
        assert_eq!(s.kind("Egen"), ParaStyle::Heading(1));
        assert_eq!(s.kind("Niva"), ParaStyle::Heading(3));
        assert_eq!(s.kind("Okand"), ParaStyle::Body);
        assert_eq!(s.list("Punkt"), Some(("4".to_string(), 0)));
    }
}
