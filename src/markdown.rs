//! Parse: a page's Markdown body into HTML, in one pass that also records
//! what the later stages need.
//!
//! While the events go by we give headings their GitHub-style anchors,
//! rewrite relative links to other pages into their final URLs and record
//! each link (target, anchor, line) for `resolve` to check. Nothing is
//! looked up here: a page's URL follows from its path alone, so every page
//! parses on its own, in parallel.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::urls;

/// One heading of the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub anchor: String,
    pub title: String,
    /// Byte offset of the heading in the body (for search snippets).
    pub offset: usize,
    /// Byte offset in [`Body::text`] where the heading's text starts (search
    /// uses it to tell which heading a match is under).
    pub text_offset: usize,
    /// Whether its section is empty: the next heading, of the same or a
    /// higher level, follows at once, or the body ends.
    pub empty: bool,
}

/// What a link in the body points at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkTarget {
    /// Another Markdown file, by path relative to `content/`.
    Page(String),
    /// A non-Markdown file under `content/`.
    Asset(String),
    /// A heading of this same page.
    SamePage,
}

/// A link written in the body, recorded for checking.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRecord {
    pub target: LinkTarget,
    pub anchor: Option<String>,
    /// As written, for error messages.
    pub written: String,
    /// Byte offset in the body.
    pub offset: usize,
}

/// A link the parser refused to publish (`javascript:` and the like).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnsafeLink {
    pub written: String,
    pub offset: usize,
}

/// An `http(s)` link written in the body, for `check --external`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExternalLink {
    pub url: String,
    /// Byte offset in the body.
    pub offset: usize,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Body {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRecord>,
    pub unsafe_links: Vec<UnsafeLink>,
    pub external_links: Vec<ExternalLink>,
    /// Plain text, for search and summaries.
    pub text: String,
    /// Byte offset of the first raw HTML when it nests deeper than
    /// [`MAX_HTML_DEPTH`] and was therefore shown as text.
    pub deep_html: Option<usize>,
    /// What the editor should hear about, each at a byte offset in the body.
    pub notes: Vec<Note>,
    /// What could cite a law, for `resolve` to look up in the register.
    pub citations: Vec<Citation>,
    /// Byte offsets of the scaffold markers (`«fyll i»`) in the text a
    /// reader sees (not in code).
    pub markers: Vec<usize>,
    /// [`Body::html`] LZ4-compressed, when [`Body::pack`] or
    /// [`Body::pack_html`] moved it here; read it through [`Body::html`].
    #[serde(with = "serde_bytes")]
    pub packed_html: Option<Box<[u8]>>,
    /// [`Body::text`] LZ4-compressed, when [`Body::pack`] moved it here;
    /// read it through [`Body::plain_text`].
    #[serde(with = "serde_bytes")]
    pub packed_text: Option<Box<[u8]>>,
}

/// `text` LZ4-compressed with `dict` as its dictionary, or `None` when it
/// is empty (and left so).
fn pack(text: &mut String, dict: &str) -> Option<Box<[u8]>> {
    if text.is_empty() {
        return None;
    }
    let packed = lz4_flex::block::compress_prepend_size_with_dict(text.as_bytes(), dict.as_bytes());
    *text = String::new();
    Some(packed.into_boxed_slice())
}

/// What [`pack`] packed with `dict`.
fn unpack(packed: &[u8], dict: &str) -> String {
    // Only pack made these bytes, from a String and this dictionary.
    let bytes = lz4_flex::block::decompress_size_prepended_with_dict(packed, dict.as_bytes());
    String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default()
}

/// `packed` unpacked, or `plain` when nothing was packed.
fn unpacked<'a>(packed: &Option<Box<[u8]>>, plain: &'a str, dict: &str) -> Cow<'a, str> {
    match packed {
        Some(packed) => Cow::Owned(unpack(packed, dict)),
        None => Cow::Borrowed(plain),
    }
}

/// A body's plain text taken out of it ([`Body::take_plain_text`]).
#[derive(Debug, Default)]
pub struct TakenText {
    packed: Option<Box<[u8]>>,
    text: String,
}

impl TakenText {
    /// The plain text, unpacked if it was packed.
    pub fn get(&self) -> Cow<'_, str> {
        unpacked(&self.packed, &self.text, "")
    }
}

/// A possible citation of a law in the body ([`crate::citations`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// Byte offset in the body (for the line of a warning).
    pub offset: usize,
    pub found: crate::citations::Found,
    /// Where its text is in [`Body::html`], when render may make it a
    /// link (not in a link, and not on a page the sanitizer rewrote).
    pub html: Option<(u32, u32)>,
}

/// Something in the body that was removed or must be reported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// Byte offset in the body.
    pub offset: usize,
    pub issue: Issue,
}

/// What a [`Note`] is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Issue {
    /// A personal identity number a reader would see: in the text after
    /// escapes, references and markup, in an attribute or in an address.
    Personnummer,
    /// An attribute content may not set (`onclick`, `style`, …), removed.
    Attribute(String),
    /// A class the theme does not offer to content, removed.
    Class(String),
    /// An id the theme's own layout uses, removed.
    Id(String),
    /// An image from another server: the page would not show it, and
    /// asking for it would tell that server who read the page.
    ExternalImage(String),
}

/// Raw HTML nested deeper than this is shown as text, not as HTML: the HTML
/// parser the sanitizer uses takes time proportional to the nesting depth
/// for every tag (10 000 nested `<div>`s take seconds, 100 000 minutes), and
/// no page needs more than a few levels.
pub const MAX_HTML_DEPTH: usize = 100;

impl Body {
    /// Gives back what the strings and lists grew beyond their length: a
    /// body lives until its page is rendered (and its text until the
    /// search index is made), and the HTML is allocated half again the
    /// Markdown's length while the text doubles as it grows, so at 100 000
    /// pages the slack alone is hundreds of megabytes.
    fn shrink_to_fit(&mut self) {
        self.html.shrink_to_fit();
        self.text.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.links.shrink_to_fit();
        self.citations.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.markers.shrink_to_fit();
    }

    /// Keeps the HTML and the plain text LZ4-compressed (the HTML takes
    /// about a quarter of its size, the text half) until [`Body::html`] and
    /// [`Body::plain_text`] read them: a one-shot build of a big site
    /// holds every page's body from parse until its page is rendered and
    /// indexed, and serve's parse cache stores bodies so.
    /// The HTML holds the text, so it is packed with the text as its
    /// dictionary: the two then take a third less than packed apart.
    /// Packing a packed body again changes nothing.
    pub fn pack(&mut self) {
        self.pack_html();
        if self.packed_text.is_none() {
            self.packed_text = pack(&mut self.text, "");
        }
    }

    /// Packs the HTML only, keeping the plain text as it is: for serve's
    /// first start, which must answer its first page soon (packing the
    /// text is two thirds of the packing's time: at 100 000 pages nearly
    /// a second of the start, against 430 MiB more held). [`Body::pack`]
    /// packs the text later if asked, as serve's parse cache does.
    pub fn pack_html(&mut self) {
        if self.packed_html.is_none() && self.packed_text.is_none() {
            self.packed_html = pack(&mut self.html, &self.text);
        }
    }

    /// Whether the sizes the packed HTML and text say they unpack to are
    /// ones LZ4 can give for their length (a match costs at least one
    /// byte per 255 it gives). Only a damaged store of bodies (serve's
    /// parse cache) could say otherwise, and then unpacking would ask for
    /// up to 4 GiB.
    pub fn packed_sizes_possible(&self) -> bool {
        let possible = |packed: &Option<Box<[u8]>>| {
            packed.as_deref().is_none_or(|p| {
                let said = p.first_chunk::<4>().map_or(0, |b| u32::from_le_bytes(*b));
                u64::from(said) <= p.len() as u64 * 255 + 255
            })
        };
        possible(&self.packed_html) && possible(&self.packed_text)
    }

    /// The HTML, unpacked if [`Body::pack`] or [`Body::pack_html`] packed
    /// it (with the plain text the body holds, which is what it was packed
    /// with: nothing may change the text of a body whose HTML is packed).
    pub fn html(&self) -> Cow<'_, str> {
        match &self.packed_html {
            Some(packed) => Cow::Owned(unpack(packed, &self.plain_text())),
            None => Cow::Borrowed(&self.html),
        }
    }

    /// The plain text, unpacked if [`Body::pack`] packed it.
    pub fn plain_text(&self) -> Cow<'_, str> {
        unpacked(&self.packed_text, &self.text, "")
    }

    /// Takes the plain text out (packed or not), leaving the body without
    /// one: for a reader that needs it once and lets go of it after.
    pub fn take_plain_text(&mut self) -> TakenText {
        let has_text = self.packed_text.is_some() || !self.text.is_empty();
        if self.packed_html.is_some() && has_text {
            // The HTML was packed on the text: pack it on its own first.
            let mut html = self.html().into_owned();
            self.packed_html = pack(&mut html, "");
        }
        TakenText {
            packed: self.packed_text.take(),
            text: std::mem::take(&mut self.text),
        }
    }

    /// Whether `anchor` names a heading of this body.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }
}

/// Classes the theme offers to content (`## Rubrik {.print-only}`, or
/// `class` in raw HTML); every other class is removed, so content cannot
/// dress itself up as the site's own status badges or notices.
pub const CONTENT_CLASSES: &[&str] = &["print-only", "visually-hidden"];

/// Classes samsyn itself gives content markup (table regions, footnotes,
/// table column alignment, code languages start with `language-`).
const OWN_CLASSES: &[&str] = &[
    "table-scroll",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
    "align-left",
    "align-center",
    "align-right",
    "callout",
    "callout--note",
    "callout--tip",
    "callout--important",
    "callout--warning",
    "callout--caution",
    "callout__label",
];

/// Prefixes of the ids the theme gives its own parts (`samsyn-relaterade`,
/// `sok-filter`, `filter-kind`, …): content ids never start with them.
const RESERVED_ID_PREFIXES: &[&str] = &["samsyn-", "sok-", "filter-"];

/// Whether content may use `id` (the theme's layout uses it otherwise).
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// Ids the theme uses on every page; a heading never takes one of them.
const RESERVED_IDS: &[&str] = &[
    "innehall",
    "sidhuvud",
    "sidfot",
    "meny",
    "sok",
    "metadata",
    "toc",
    "huvudmeny",
    "sok-sidhuvud",
];

/// Renders `markdown`, the body of the page at `content_path`.
#[cfg(test)]
pub fn render(markdown: &str, content_path: &str, base_url: &str) -> Body {
    let dir = content_path.rsplit_once('/').map_or("", |(d, _)| d);
    render_in(markdown, &[(0, dir)], base_url)
}

/// Renders `markdown`, whose relative links are relative to the folder
/// under `content/` of each stretch: `dirs` holds (byte offset where a
/// stretch starts, its folder), in order (an included file's links are
/// relative to its own folder).
pub fn render_in(markdown: &str, dirs: &[(usize, &str)], base_url: &str) -> Body {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .collect();
    let mut body = Body::default();
    if let Some(at) = too_deep_html(&events) {
        for (event, _) in events.iter_mut() {
            if let Event::Html(h) | Event::InlineHtml(h) = event {
                *event = Event::Text(std::mem::replace(h, CowStr::Borrowed("")));
            }
        }
        body.deep_html = Some(at);
    }
    assign_anchors(&mut events, &mut body);
    let mut walk = Walk {
        dirs,
        base_url,
        heading: 0,
        seen: Seen::default(),
        text_marks: Vec::new(),
        block_ends: Vec::new(),
        first_html: None,
        html_block: None,
        in_code: false,
    };
    for (event, range) in events.iter_mut() {
        walk.event(event, range.start, &mut body);
    }
    walk.flush_html(&mut body);
    let found = walk.personnummer_notes(&mut body);
    let events = mark_citations(events, &mut body);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        wrap_tables(callouts(phone_links(events.into_iter()))),
    );
    let html = align_by_class(html);
    body.html = match walk.first_html {
        Some(_) => {
            // The sanitizer writes the HTML anew: citations stay unlinked.
            body.citations.iter_mut().for_each(|c| c.html = None);
            sanitize(&html.replace(CITATION_MARK, ""))
        }
        None => place_citations(html, &mut body.citations),
    };
    if let Some(first_html) = walk.first_html {
        published_html_notes(&body.html, &found, first_html, &mut body.notes);
    }
    body.shrink_to_fit();
    body
}

/// Marks a citation's start and end in the HTML until [`place_citations`]
/// takes the marks out: text can never hold it (CommonMark makes it
/// U+FFFD), so a mark is always ours.
const CITATION_MARK: char = '\0';

/// Records every possible citation in the text (merging the text events
/// pulldown-cmark splits) and marks those render may link.
fn mark_citations<'a>(
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
    body: &mut Body,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let (mut code, mut link, mut image) = (0usize, 0usize, 0usize);
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => link += 1,
            Event::End(TagEnd::Link) => link = link.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            _ => {}
        }
        let Event::Text(first) = event else {
            out.push(event);
            continue;
        };
        if code > 0 || image > 0 {
            out.push(Event::Text(first));
            continue;
        }
        // One text event alone is scanned as it is, without a copy.
        let text = match events.peek() {
            Some((Event::Text(_), _)) => {
                let mut text = first.into_string();
                while let Some((Event::Text(more), _)) = events.peek() {
                    text.push_str(more);
                    events.next();
                }
                CowStr::from(text)
            }
            _ => first,
        };
        let found = crate::citations::scan(&text);
        if found.is_empty() {
            out.push(Event::Text(text));
            continue;
        }
        let mut pos = 0;
        for found in found {
            let (start, end) = (found.start, found.end);
            out.push(Event::Text(CowStr::from(text[pos..start].to_string())));
            let mark = || Event::InlineHtml(CowStr::from(CITATION_MARK.to_string()));
            if link == 0 {
                out.push(mark());
            }
            out.push(Event::Text(CowStr::from(text[start..end].to_string())));
            if link == 0 {
                out.push(mark());
            }
            body.citations.push(Citation {
                offset: range.start + start,
                found,
                html: (link == 0).then_some((0, 0)),
            });
            pos = end;
        }
        out.push(Event::Text(CowStr::from(text[pos..].to_string())));
    }
    out
}

/// Takes the citation marks out of `html`, recording where each marked
/// citation's text is.
fn place_citations(html: String, citations: &mut [Citation]) -> String {
    if !html.contains(CITATION_MARK) {
        return html;
    }
    let mut clean = String::with_capacity(html.len());
    let mut marks = Vec::new();
    for piece in html.split_inclusive(CITATION_MARK) {
        match piece.strip_suffix(CITATION_MARK) {
            Some(text) => {
                clean.push_str(text);
                marks.push(clean.len() as u32);
            }
            None => clean.push_str(piece),
        }
    }
    let mut pairs = marks.chunks_exact(2);
    for c in citations.iter_mut().filter(|c| c.html.is_some()) {
        c.html = pairs.next().map(|p| (p[0], p[1]));
    }
    clean
}

/// What one pass over a page's events gathers besides the body itself.
struct Walk<'a> {
    /// The folders under content/ relative links are relative to, by
    /// where their stretch of the body starts.
    dirs: &'a [(usize, &'a str)],
    base_url: &'a str,
    /// Headings met so far.
    heading: usize,
    /// What a reader sees besides `body.text`: raw HTML's text, attribute
    /// values, addresses and ids. With the source offset of each piece.
    seen: Seen,
    /// (position in `body.text`, source offset) of each text event.
    text_marks: Vec<(usize, usize)>,
    /// Positions in `body.text` where a block ended.
    block_ends: Vec<usize>,
    /// Source offset of the page's first raw HTML, if it has any.
    first_html: Option<usize>,
    /// The HTML block being gathered (pulldown-cmark gives it line by line).
    html_block: Option<(String, Vec<(usize, usize)>)>,
    /// Inside a code block: its text is shown as written, markers too.
    in_code: bool,
}

impl Walk<'_> {
    /// Takes in one event (at source offset `at`), rewriting what must not
    /// pass as written.
    fn event(&mut self, event: &mut Event<'_>, at: usize, body: &mut Body) {
        if !matches!(event, Event::Html(_)) {
            self.flush_html(body);
        }
        let is_image = matches!(event, Event::Start(Tag::Image { .. }));
        let is_text = matches!(event, Event::Text(_));
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                if let Some(h) = body.headings.get_mut(self.heading) {
                    h.text_offset = body.text.len();
                }
                self.heading += 1;
                self.seen.push(id.as_deref().unwrap_or(""), at);
                allow_heading_attributes(classes, attrs, at, &mut body.notes);
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.seen.push(&urls::percent_decode(dest_url), at);
                self.seen.push(title, at);
                if is_image && is_external(dest_url) {
                    body.notes.push(Note {
                        offset: at,
                        issue: Issue::ExternalImage(dest_url.to_string()),
                    });
                }
                let i = self.dirs.partition_point(|(start, _)| *start <= at);
                let dir = i.checked_sub(1).map_or("", |i| self.dirs[i].1);
                if let Some(url) = rewrite_link(dest_url, dir, self.base_url, at, body) {
                    *dest_url = CowStr::from(url);
                }
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                self.seen.push(info, at);
            }
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                self.seen.push(label, at);
                // Labels become ids: kept apart from the theme's ids.
                *label = CowStr::from(format!("fn-{label}"));
            }
            Event::Html(h) => {
                self.first_html.get_or_insert(at);
                let (html, marks) = self.html_block.get_or_insert_with(Default::default);
                marks.push((html.len(), at));
                html.push_str(h);
            }
            Event::InlineHtml(h) => {
                self.first_html.get_or_insert(at);
                read_raw_html(h, &[(0, at)], &mut self.seen, &mut body.notes);
            }
            Event::Text(t) | Event::Code(t) => {
                if is_text && !self.in_code {
                    let found = crate::scaffold::markers(t);
                    body.markers.extend(found.into_iter().map(|m| at + m));
                }
                self.text_marks.push((body.text.len(), at));
                body.text.push_str(t);
            }
            Event::SoftBreak => body.text.push(' '),
            Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::CodeBlock) => {
                // A space for search; for the guard, a line ends here.
                self.block_ends.push(body.text.len());
                body.text.push(' ');
            }
            _ => {}
        }
    }

    /// Reads the HTML block gathered so far, if any.
    fn flush_html(&mut self, body: &mut Body) {
        if let Some((html, marks)) = self.html_block.take() {
            read_raw_html(&html, &marks, &mut self.seen, &mut body.notes);
        }
    }

    /// Notes every personal identity number in the text and in what else
    /// a reader sees; returns the digits of each.
    fn personnummer_notes(&self, body: &mut Body) -> Vec<String> {
        let notes = &mut body.notes;
        let mut found = personnummer_notes(&body.text, &self.text_marks, &self.block_ends, notes);
        found.extend(personnummer_notes(
            &self.seen.text,
            &self.seen.marks,
            &[],
            notes,
        ));
        found
    }
}

/// Reads the page's HTML as it will be published, for the numbers only a
/// browser's reading of raw HTML shows (references, comments and tags the
/// source reading above took otherwise). ammonia has already parsed it the
/// way a browser does and written it plainly, so its text is the reader's.
/// A number found here and nowhere else is noted where the page's raw HTML
/// starts: its exact place was lost in the parse.
fn published_html_notes(html: &str, found: &[String], at: usize, notes: &mut Vec<Note>) {
    let mut text = String::new();
    crate::markup::reader_text(html, &mut text, |_, _| {});
    for f in crate::privacy::scan(&text) {
        if !found.contains(&crate::privacy::digits(&text, f)) {
            notes.push(Note {
                offset: at,
                issue: Issue::Personnummer,
            });
        }
    }
}

/// Text a reader sees outside the body's plain text, with marks
/// (position in `text`, source offset) where each piece starts.
#[derive(Default)]
struct Seen {
    text: String,
    marks: Vec<(usize, usize)>,
}

impl Seen {
    fn push(&mut self, piece: &str, source_offset: usize) {
        if piece.is_empty() {
            return;
        }
        self.marks.push((self.text.len(), source_offset));
        self.text.push_str(piece);
        self.text.push('\n');
    }
}

/// The source offset of the piece that position `pos` of a text built in
/// pieces falls in (pieces are short: a text event, an attribute, a line
/// of HTML, so this names the right line).
fn source_offset(marks: &[(usize, usize)], pos: usize) -> usize {
    let i = marks
        .partition_point(|&(at, _)| at <= pos)
        .saturating_sub(1);
    marks.get(i).map_or(0, |&(_, src)| src)
}

/// A note at every personal identity number in `text` that does not run
/// across one of the `line_ends` (positions where a block ended: two
/// table cells are not one number). Returns the digits of each.
fn personnummer_notes(
    text: &str,
    marks: &[(usize, usize)],
    line_ends: &[usize],
    notes: &mut Vec<Note>,
) -> Vec<String> {
    let mut found = Vec::new();
    for f in crate::privacy::scan(text) {
        let first_end = line_ends.partition_point(|&e| e < f.offset);
        if line_ends
            .get(first_end)
            .is_some_and(|&e| e < f.offset + f.len)
        {
            continue;
        }
        notes.push(Note {
            offset: source_offset(marks, f.offset),
            issue: Issue::Personnummer,
        });
        found.push(crate::privacy::digits(text, f));
    }
    found
}

/// Reads raw HTML (one block, or one inline tag) as the reader gets it,
/// and notes what the sanitizer will remove that the editor meant to keep.
/// `marks` are (position in `html`, source offset) of its parts.
fn read_raw_html(html: &str, marks: &[(usize, usize)], seen: &mut Seen, notes: &mut Vec<Note>) {
    // Text before the first mark reader_text sets (a tag's line break)
    // belongs to the HTML's start.
    seen.marks.push((seen.text.len(), source_offset(marks, 0)));
    crate::markup::reader_text(html, &mut seen.text, |out_pos, html_pos| {
        seen.marks.push((out_pos, source_offset(marks, html_pos)));
    });
    seen.text.push('\n');
    for token in crate::markup::tokens(html) {
        let crate::markup::Token::Tag(tag) = token else {
            continue;
        };
        let offset = source_offset(marks, tag.offset);
        let mut note = |issue| notes.push(Note { offset, issue });
        for (name, value) in &tag.attrs {
            match name.as_str() {
                n if n.starts_with("on") || n == "style" || n == "srcdoc" => {
                    note(Issue::Attribute(n.to_string()))
                }
                "class" => value
                    .split_ascii_whitespace()
                    .filter(|c| !CONTENT_CLASSES.contains(c) && !OWN_CLASSES.contains(c))
                    .for_each(|c| note(Issue::Class(c.to_string()))),
                "id" if is_reserved_id(value) => note(Issue::Id(value.clone())),
                "src" | "srcset" if tag.name == "img" || tag.name == "source" => {
                    if let Some(url) = value.split_ascii_whitespace().find(|u| is_external(u)) {
                        note(Issue::ExternalImage(url.to_string()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether an image address points at another server.
fn is_external(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//") || urls::scheme(url).is_some_and(|s| s != "data")
}

/// Keeps the heading classes the theme offers to content and a `lang`
/// attribute; notes every other one, which is removed: an attribute
/// written in `{…}` goes into the HTML as it is (`onfocus=…`).
fn allow_heading_attributes(
    classes: &mut Vec<CowStr>,
    attrs: &mut Vec<(CowStr, Option<CowStr>)>,
    offset: usize,
    notes: &mut Vec<Note>,
) {
    classes.retain(|c| {
        let ok = CONTENT_CLASSES.contains(&c.as_ref());
        if !ok {
            notes.push(Note {
                offset,
                issue: Issue::Class(c.to_string()),
            });
        }
        ok
    });
    attrs.retain(|(name, value)| {
        let ok = name.as_ref() == "lang"
            && value.as_deref().is_some_and(|v| {
                !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !ok {
            notes.push(Note {
                offset,
                issue: Issue::Attribute(name.to_string()),
            });
        }
        ok
    });
}

/// Table column alignment as classes, not `style` attributes: the pages'
/// Content-Security-Policy allows no inline style.
fn align_by_class(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// The offset of the first raw HTML if its elements nest deeper than
/// [`MAX_HTML_DEPTH`]. Counts open tags across all raw HTML of the body,
/// leaving out void elements, self-closing tags and those whose end tag
/// the parser implies (`<p>`, `<li>`, …), which never pile up.
fn too_deep_html(events: &[(Event, std::ops::Range<usize>)]) -> Option<usize> {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
        "tbody", "thead", "tfoot", "rb", "rt", "rp", "colgroup", "caption",
    ];
    let mut depth = 0usize;
    let mut first = None;
    for (event, range) in events {
        let (Event::Html(h) | Event::InlineHtml(h)) = event else {
            continue;
        };
        first.get_or_insert(range.start);
        let b = h.as_bytes();
        let mut i = 0;
        while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
            i += p + 1;
            if b.get(i) == Some(&b'/') {
                depth = depth.saturating_sub(1);
                continue;
            }
            let name_len = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if name_len == 0 || !b[i].is_ascii_alphabetic() {
                continue;
            }
            let name = h[i..i + name_len].to_ascii_lowercase();
            let close = b[i..].iter().position(|&c| c == b'>').map(|e| i + e);
            let self_closing = close.is_some_and(|e| e > 0 && b[e - 1] == b'/');
            if !self_closing && !NOT_NESTING.contains(&name.as_str()) {
                depth += 1;
                if depth > MAX_HTML_DEPTH {
                    return first;
                }
            }
        }
    }
    None
}

/// Gives every heading a unique GitHub-style anchor (or its `{#custom}` id)
/// and records it.
fn assign_anchors(events: &mut [(Event, std::ops::Range<usize>)], body: &mut Body) {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let (level, custom, offset) = (heading_level(*level), id.clone(), events[i].1.start);
        let mut title = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                title.push_str(t);
            }
            j += 1;
        }
        let base = custom
            .map(|c| c.to_string())
            .unwrap_or_else(|| slug(&title));
        let anchor = unique(&base, &mut used);
        let empty = match events.get(j + 1) {
            None => true,
            Some((Event::Start(Tag::Heading { level: next, .. }), _)) => {
                heading_level(*next) <= level
            }
            Some(_) => false,
        };
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(anchor.clone()));
        }
        body.headings.push(Heading {
            level,
            anchor,
            title: title.trim().to_string(),
            offset,
            text_offset: 0,
            empty,
        });
        i = j;
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// GitHub's anchor rule: lower case, drop punctuation, spaces to `-`.
/// Letters such as å ä ö are kept.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// `base`, or `base-1`, `base-2`, … whichever is still free.
fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let base = match base {
        "" => "rubrik".to_string(),
        // `sok` is taken, and its numbered forms (`sok-1`) would take a
        // reserved prefix: both move aside.
        b if RESERVED_ID_PREFIXES
            .iter()
            .any(|p| b.starts_with(p) || p.strip_suffix('-') == Some(b)) =>
        {
            format!("rubrik-{b}")
        }
        b => b.to_string(),
    };
    let base = base.as_str();
    let mut candidate = base.to_string();
    let mut n = 0;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

/// Rewrites one link destination; returns the new URL if it changes.
fn rewrite_link(
    dest: &str,
    dir: &str,
    base_url: &str,
    offset: usize,
    body: &mut Body,
) -> Option<String> {
    let dest = dest.trim();
    if let Some(scheme) = urls::scheme(dest) {
        if matches!(scheme.as_str(), "http" | "https") {
            body.external_links.push(ExternalLink {
                url: dest.to_string(),
                offset,
            });
            return None;
        }
        if matches!(scheme.as_str(), "mailto" | "tel") {
            return None;
        }
        body.unsafe_links.push(UnsafeLink {
            written: dest.to_string(),
            offset,
        });
        return Some("#".into());
    }
    if dest.starts_with("//") {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(urls::percent_decode(a))),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        let anchor = anchor?;
        body.links.push(LinkRecord {
            target: LinkTarget::SamePage,
            anchor: Some(anchor),
            written: dest.into(),
            offset,
        });
        return None;
    }
    if let Some(site_abs) = path.strip_prefix('/') {
        // Site-absolute: only the base URL needs adding.
        let mut url = format!("{base_url}{site_abs}");
        if let Some(a) = &anchor {
            let _ = write!(url, "#{}", urls::encode_fragment(a));
        }
        return Some(url);
    }
    let decoded = urls::percent_decode(path);
    let Some(joined) = urls::join(dir, &decoded) else {
        // The path climbs out of content/, where nothing is published:
        // record it as written so resolve reports it as a broken link.
        let target = if decoded.ends_with(".md") {
            LinkTarget::Page(decoded)
        } else {
            LinkTarget::Asset(decoded)
        };
        body.links.push(LinkRecord {
            target,
            anchor,
            written: dest.into(),
            offset,
        });
        return None;
    };
    let (target, url_path) = if joined.ends_with(".md") {
        (LinkTarget::Page(joined.clone()), urls::page_path(&joined))
    } else if joined.is_empty() || decoded.ends_with('/') {
        let index = if joined.is_empty() {
            "index.md".to_string()
        } else {
            format!("{joined}/index.md")
        };
        (LinkTarget::Page(index.clone()), urls::page_path(&index))
    } else {
        // Copied files are published at their lower-cased path, like pages.
        (LinkTarget::Asset(joined.clone()), joined.to_lowercase())
    };
    body.links.push(LinkRecord {
        target,
        anchor: anchor.clone(),
        written: dest.into(),
        offset,
    });
    let mut url = format!("{base_url}{}", urls::encode_path(&url_path));
    if let Some(a) = anchor {
        let _ = write!(url, "#{}", urls::encode_fragment(&a));
    }
    Some(url)
}

/// Wraps tables in a focusable scroll region so a wide table scrolls on its
/// own instead of making the whole page scroll sideways on a phone.
fn wrap_tables<'a>(mut events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // Each region needs its own name: two regions both called "Tabell" are
    // indistinguishable to a screen reader's landmark list.
    let mut n = 0;
    // The event after the one given: a table's start after its opening
    // tag, the closing tag after its end. A flat map of three iterators
    // per event was a twentieth of a parse.
    let mut next: Option<Event<'a>> = None;
    std::iter::from_fn(move || {
        if let Some(e) = next.take() {
            return Some(e);
        }
        let e = events.next()?;
        Some(match e {
            Event::Start(Tag::Table(_)) => {
                n += 1;
                next = Some(e);
                let open = format!(
                    r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Tabell {n}">"#
                );
                Event::Html(open.into())
            }
            Event::End(TagEnd::Table) => {
                next = Some(Event::Html("</div>".into()));
                e
            }
            e => e,
        })
    })
}

/// GitHub's alerts (`> [!WARNING]`) as labelled boxes: a note named by its
/// Swedish label, which is also shown (and printed); the `[!…]` marker
/// pulldown-cmark has already taken out. The label is plain text, not
/// aria-hidden: ammonia would drop that attribute on pages with raw HTML.
fn callouts<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    events.map(|e| match &e {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (key, label) = callout_kind(*kind);
            Event::Html(
                format!(
                    r#"<div class="callout callout--{key}" role="note" aria-label="{label}"><p class="callout__label">{label}</p>"#
                )
                .into(),
            )
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>".into()),
        _ => e,
    })
}

/// The class suffix and Swedish label of an alert.
fn callout_kind(kind: pulldown_cmark::BlockQuoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => ("note", "Obs"),
        K::Tip => ("tip", "Tips"),
        K::Important => ("important", "Viktigt"),
        K::Warning => ("warning", "Varning"),
        K::Caution => ("caution", "Se upp"),
    }
}

/// Phone numbers in running text become `tel:` links, as front-matter
/// contacts do; not inside links, headings, images or code blocks (a
/// heading's text is its anchor and the table of contents).
fn phone_links<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut inside = 0usize;
    events.map(move |e| match &e {
        Event::Start(
            Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
        ) => {
            inside += 1;
            e
        }
        Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock) => {
            inside = inside.saturating_sub(1);
            e
        }
        Event::Text(t) if inside == 0 => match crate::phone::link_phones(t) {
            Some(html) => Event::InlineHtml(html.into()),
            None => e,
        },
        _ => e,
    })
}

/// Cleans HTML that contains raw HTML from the author: scripts, event
/// handlers, `style` and `javascript:` URLs never pass, and neither do the
/// theme's own classes and layout ids.
fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_tag_attributes("div", &["tabindex", "role", "aria-label"]);
    b.add_tag_attributes("input", &["type", "checked", "disabled"]);
    b.add_tags(&["input"]);
    b.add_generic_attributes(&["id", "lang", "class"]);
    b.add_url_schemes(&["tel"]);
    b.link_rel(None);
    b.attribute_filter(|element, attribute, value| match attribute {
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| {
                    CONTENT_CLASSES.contains(c)
                        || OWN_CLASSES.contains(c)
                        || (element == "code" && c.starts_with("language-"))
                })
                .collect();
            (!kept.is_empty()).then(|| kept.join(" ").into())
        }
        "id" if is_reserved_id(value) => None,
        _ => Some(value.into()),
    });
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_body() -> Body {
        let para = "Rektor kallar till möte inom två veckor och skriver ned vad som beslutas. ";
        let md: String = (0..40)
            .map(|i| format!("## Steg {i}\n\n{}\n\n", para.repeat(3)))
            .collect();
        render(&md, "a.md", "/")
    }

    /// `long_body()`, and a copy of it packed by `pack`, which reads back
    /// the same.
    fn packed_by(pack: fn(&mut Body)) -> (Body, Body) {
        let plain = long_body();
        let mut packed = plain.clone();
        pack(&mut packed);
        assert!(packed.html.is_empty() && packed.packed_html.is_some());
        assert_eq!(packed.html(), plain.html);
        assert_eq!(packed.plain_text(), plain.text);
        (plain, packed)
    }

    #[test]
    fn a_packed_body_reads_back_exactly_and_takes_less_than_packed_apart() {
        let (plain, mut packed) = packed_by(Body::pack);
        assert!(packed.text.is_empty());
        let (mut html, mut text) = (plain.html.clone(), plain.text.clone());
        let apart = pack(&mut html, "").unwrap().len() + pack(&mut text, "").unwrap().len();
        let together =
            packed.packed_html.as_ref().unwrap().len() + packed.packed_text.as_ref().unwrap().len();
        assert!(
            together < apart,
            "{together} bytes packed together, {apart} apart"
        );
        let again = packed.clone();
        packed.pack();
        assert_eq!(packed, again, "packing twice changed the body");
    }

    #[test]
    fn a_body_with_only_its_html_packed_packs_its_text_later_as_pack_would() {
        let (plain, mut packed) = packed_by(Body::pack_html);
        assert!(packed.packed_text.is_none() && packed.text == plain.text);
        packed.pack();
        assert_eq!(packed, packed_by(Body::pack).1);
    }

    #[test]
    fn the_html_of_a_packed_body_still_reads_once_its_text_is_taken() {
        for pack in [Body::pack, Body::pack_html] {
            let (plain, mut packed) = packed_by(pack);
            let taken = packed.take_plain_text();
            assert_eq!(taken.get(), plain.text);
            assert_eq!(packed.html(), plain.html);
        }
    }

    #[test]
    fn headings_named_like_a_reserved_prefix_keep_their_anchor() {
        let body = render("## Sok\n\n## Sok\n\n## Filter\n", "a.md", "/");
        let ids: Vec<&str> = body.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(ids, ["rubrik-sok", "rubrik-sok-1", "rubrik-filter"]);
        for id in ids {
            assert!(
                body.html.contains(&format!("id=\"{id}\"")),
                "{id}: {}",
                body.html
            );
        }
    }

    #[test]
    fn numbers_only_the_published_html_shows_are_noted_where_the_html_starts() {
        let mut notes = Vec::new();
        published_html_notes("<p>811218&ndash;9876</p>", &[], 7, &mut notes);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].offset, 7);
        let mut notes = Vec::new();
        let found = ["8112189876".to_string()];
        published_html_notes("<p>811218-9876</p>", &found, 7, &mut notes);
        assert!(notes.is_empty(), "reported twice");
    }

    #[test]
    fn slugs_keep_swedish_letters() {
        assert_eq!(slug("Ansvar och styrning"), "ansvar-och-styrning");
        assert_eq!(slug("När ska du anmäla?"), "när-ska-du-anmäla");
        assert_eq!(slug("1. Syfte & mål"), "1-syfte--mål");
    }

    #[test]
    fn repeated_headings_get_numbered() {
        let b = render("## Syfte\n\n## Syfte\n\n## Syfte\n", "a.md", "/");
        let anchors: Vec<&str> = b.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["syfte", "syfte-1", "syfte-2"]);
        assert!(b.html.contains(r#"<h2 id="syfte-1">"#), "{}", b.html);
    }

    #[test]
    fn relative_links_become_page_urls_and_are_recorded() {
        let b = render(
            "Se [planen](../planer/handlingsplan.md#mål).",
            "rutiner/a.md",
            "/bus/",
        );
        assert!(
            b.html
                .contains(r#"href="/bus/planer/handlingsplan/#m%C3%A5l""#),
            "{}",
            b.html
        );
        assert_eq!(
            b.links[0].target,
            LinkTarget::Page("planer/handlingsplan.md".into())
        );
        assert_eq!(b.links[0].anchor.as_deref(), Some("mål"));
    }

    #[test]
    fn scripts_and_javascript_urls_never_pass() {
        let b = render(
            "<script>alert(1)</script>\n\n<b onclick=\"x()\">hej</b> [x](javascript:alert(1))",
            "a.md",
            "/",
        );
        assert!(!b.html.contains("script"), "{}", b.html);
        assert!(!b.html.contains("onclick"), "{}", b.html);
        assert!(!b.html.contains("javascript"), "{}", b.html);
        assert_eq!(b.unsafe_links.len(), 1);
    }

    #[test]
    fn tables_are_wrapped_for_small_screens() {
        let b = render("| a | b |\n|---|---|\n| 1 | 2 |\n", "a.md", "/");
        assert!(
            b.html.starts_with(r#"<div class="table-scroll""#),
            "{}",
            b.html
        );
    }

    #[test]
    fn each_table_is_wrapped_whole_in_a_region_of_its_own_name() {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        let b = render(&format!("{table}\nText.\n\n{table}"), "a.md", "/");
        let region = |n: u32| {
            format!(
                r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Tabell {n}"><table>"#
            )
        };
        let (first, second) = (region(1), region(2));
        let html = b.html.replace('\n', "");
        let html = html.as_str();
        assert!(html.starts_with(&first), "{html}");
        let between = &html[first.len()..html.find(&second).unwrap_or(0)];
        assert!(
            between.contains("</table></div>") && between.contains("<p>Text.</p>"),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</table></div>"), "{html}");
    }

    #[test]
    fn alerts_become_labelled_callouts_without_their_marker() {
        for (marker, key, label) in [
            ("NOTE", "note", "Obs"),
            ("TIP", "tip", "Tips"),
            ("IMPORTANT", "important", "Viktigt"),
            ("WARNING", "warning", "Varning"),
            ("CAUTION", "caution", "Se upp"),
        ] {
            let b = render(&format!("> [!{marker}]\n> Ring 112.\n"), "a.md", "/");
            let open = format!(
                r#"<div class="callout callout--{key}" role="note" aria-label="{label}"><p class="callout__label">{label}</p>"#
            );
            assert!(b.html.starts_with(&open), "{}", b.html);
            assert!(
                !b.html.contains("[!") && !b.html.contains("blockquote"),
                "{}",
                b.html
            );
        }
        // Raw HTML on the page sends it through ammonia: the box survives.
        let b = render("<p>x</p>\n\n> [!WARNING]\n> Akut.\n", "a.md", "/");
        assert!(
            b.html.contains(
                r#"<div class="callout callout--warning" role="note" aria-label="Varning">"#
            ),
            "{}",
            b.html
        );
        // A plain quote stays a quote.
        let b = render("> Citat\n", "a.md", "/");
        assert!(b.html.starts_with("<blockquote>"), "{}", b.html);
    }

    #[test]
    fn phone_numbers_in_text_become_tel_links_but_not_in_links_headings_or_code() {
        let b = render("Ring 08-508 252 88 eller 112.\n", "a.md", "/");
        assert!(
            b.html
                .contains(r#"<a href="tel:+46850825288">08-508 252 88</a>"#),
            "{}",
            b.html
        );
        assert!(
            b.html.contains(r#"<a href="tel:112">112</a>"#),
            "{}",
            b.html
        );
        let b = render(
            "## Ring 112\n\n[070-174 06 40](https://x.se/)\n\n`112`\n\n```\n08-508 252 88\n```\n",
            "a.md",
            "/",
        );
        assert!(!b.html.contains("tel:"), "{}", b.html);
        let b = render("<b>x</b> ring 070-174 06 40\n", "a.md", "/");
        assert!(b.html.contains(r#"href="tel:+46701740640""#), "{}", b.html);
    }
}
