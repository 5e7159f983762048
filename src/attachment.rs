//! Attachments: the files under `content/` that are not pages.
//!
//! Every attachment is published as it is to every employee, so two promises
//! are checked here, one file at a time: no Swedish personal identity number
//! is published inside an attachment's text, and no attachment can run
//! script on the intranet's origin.
//!
//! [`handling`] decides from the extension alone whether a file holds no
//! readable text (images, audio, video, fonts: published unread), must be
//! read and checked, or cannot be checked (a warning). [`check`] reads one
//! file's bytes: plain text in whatever encoding, the text a reader sees in
//! HTML, XML and SVG (and the script an SVG could run), the XML parts of
//! Office and OpenDocument files, and a PDF's text layer, metadata and form
//! fields. It never does I/O and never panics; a file it cannot read is a
//! warning that names it, never a silent pass. The numbers themselves are
//! found by [`crate::privacy::scan`]; no message here ever repeats one.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use crate::error::Diagnostic;
use crate::markup::windows_1252;
use crate::messages::msg;
use crate::messages::{Arg, IntoArg, Message};
use crate::privacy;

/// How samsyn treats a file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// Binary, holds no text we can read: images, audio, video, fonts.
    Publish,
    /// Must be read and checked with [`check`].
    Read,
    /// Cannot be checked: published with [`unknown_warning`].
    Unknown,
}

/// What kind of file an extension names; [`Handling`] is the public summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Publish,
    Text,
    /// HTML and XML that the browser would run as a page of the site.
    Page,
    Svg,
    /// Gzip-compressed SVG: a server that sends it with
    /// `Content-Encoding: gzip` has the browser run it as an SVG.
    Svgz,
    Script,
    Office,
    Pdf,
    Unknown,
    /// A name ending in a dot or a space: Windows, Samba and some servers
    /// drop those, so `x.html.` could be served as the `x.html` it was not
    /// checked as.
    BadName,
}

const PUBLISH: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic", "mp3", "mp4",
    "m4a", "webm", "ogg", "ogv", "wav", "mov", "woff", "woff2", "ttf", "otf",
];
const TEXT: &[&str] = &[
    "txt", "csv", "tsv", "md", "rtf", "json", "ics", "vcf", "eml",
];
/// What web servers send as HTML or as XML (a `+xml` type among them),
/// which a browser renders as a document that can run script: nginx's and
/// Apache's stock `mime.types` map these (`shtml` is `text/html`, `mml`
/// MathML, `rdf`, `rss`, `atom`, `kml` and `xspf` `+xml`; `xsd` and `xht`
/// are XML too). The README's server examples sandbox exactly this list.
const PAGE: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "xht", "xhtm", "xml", "xsl", "xslt", "xsd", "rdf", "mml",
    "rss", "atom", "kml", "xspf",
];
/// Script in any form: JavaScript modules (`cjs`, `jsm`), WebAssembly,
/// HTML components (`htc`, run by Internet Explorer's CSS `behavior`, which
/// intranets still use through IE mode), HTML applications (`hta`, which
/// Windows runs with full trust when an employee opens the download) and
/// Flash (`swf`, ActionScript with the origin's rights in any player left).
const SCRIPT: &[&str] = &["js", "mjs", "cjs", "jsm", "wasm", "htc", "hta", "swf"];
const OFFICE: &[&str] = &["docx", "xlsx", "pptx", "odt", "ods", "odp"];

/// The lower-cased extension of the file name, if it has one (`.hidden`
/// has none).
fn extension(content_path: &str) -> Option<String> {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    match name.rfind('.') {
        Some(i) if i > 0 && i + 1 < name.len() => Some(name[i + 1..].to_ascii_lowercase()),
        _ => None,
    }
}

fn kind(content_path: &str) -> Kind {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    if name.ends_with(|c: char| c == '.' || c.is_whitespace()) {
        return Kind::BadName;
    }
    let Some(ext) = extension(content_path) else {
        return Kind::Unknown;
    };
    let ext = ext.as_str();
    if PUBLISH.contains(&ext) {
        Kind::Publish
    } else if TEXT.contains(&ext) {
        Kind::Text
    } else if PAGE.contains(&ext) {
        Kind::Page
    } else if ext == "svg" {
        Kind::Svg
    } else if ext == "svgz" {
        Kind::Svgz
    } else if SCRIPT.contains(&ext) {
        Kind::Script
    } else if OFFICE.contains(&ext) {
        Kind::Office
    } else if ext == "pdf" {
        Kind::Pdf
    } else {
        Kind::Unknown
    }
}

/// How samsyn treats the file at `content_path`, by its lower-cased
/// extension only (no I/O).
pub fn handling(content_path: &str) -> Handling {
    match kind(content_path) {
        Kind::Publish => Handling::Publish,
        Kind::Unknown => Handling::Unknown,
        _ => Handling::Read,
    }
}

/// Checks one attachment's bytes and says what is wrong with it.
///
/// `site_path` is how diagnostics name the file (`content/bilagor/x.pdf`),
/// `content_path` its path under `content/` (its extension decides how it
/// is read), and `allow_html` is `site.yaml`'s `allow_html_attachments`.
/// A file of [`Handling::Publish`] gives nothing; one of
/// [`Handling::Unknown`] gives [`unknown_warning`], so a caller may simply
/// call this for every file it reads.
pub fn check(
    site_path: &str,
    content_path: &str,
    bytes: &[u8],
    allow_html: bool,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    match kind(content_path) {
        Kind::Publish => {}
        Kind::Unknown => diags.push(unknown_warning(site_path, content_path)),
        Kind::Script => diags.push(
            Diagnostic::error(site_path, 0, 0, msg!("attachment.script"))
                .with_hint(msg!("attachment.script.hint")),
        ),
        Kind::Text => {
            let ext = extension(content_path).unwrap_or_default();
            check_text(site_path, &ext, bytes, &mut diags);
        }
        Kind::Page => {
            let name = content_path.rsplit('/').next().unwrap_or(content_path);
            if name.eq_ignore_ascii_case("index.html") || name.eq_ignore_ascii_case("404.html") {
                diags.push(
                    Diagnostic::error(
                        site_path,
                        0,
                        0,
                        msg!("attachment.reserved_name", name = privacy::mask(name)),
                    )
                    .with_hint(msg!("attachment.reserved_name.hint")),
                );
            } else if !allow_html {
                diags.push(
                    Diagnostic::error(site_path, 0, 0, msg!("attachment.html"))
                        .with_hint(msg!("attachment.html.hint")),
                );
            }
            page_findings(site_path, content_path, bytes, &mut diags);
        }
        Kind::Svg => {
            check_svg(site_path, &decode(bytes), &mut diags);
            page_findings(site_path, content_path, bytes, &mut diags);
        }
        Kind::Svgz => check_svgz(site_path, bytes, MAX_UNPACKED, &mut diags),
        Kind::BadName => diags.push(bad_name(site_path, content_path)),
        Kind::Office => {
            let mut unpack = Unpack {
                left: MAX_UNPACKED,
                part: MAX_PART,
            };
            check_office(site_path, "", bytes, 0, &mut unpack, &mut diags);
        }
        Kind::Pdf => check_pdf(site_path, bytes, &mut diags),
    }
    diags
}

/// The personal identity numbers in an HTML or XML file, read as a
/// browser reads it.
fn page_findings(site_path: &str, content_path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) {
    let text = decode(bytes);
    let ext = extension(content_path).unwrap_or_default();
    let found = match ext.as_str() {
        "html" | "htm" | "shtml" => html_findings(&text),
        // Served as XML, read as HTML too: what a reader sees either way.
        "xhtml" | "xht" | "xhtm" => {
            let mut found = markup_findings(&text, Markup::Xml);
            found.extend(html_findings(&text));
            found
        }
        _ => markup_findings(&text, Markup::Xml),
    };
    report_findings(site_path, &text, found, diags);
}

/// The personnummer check alone, for what the site's owner publishes as it
/// is (the site's own `static/` folder): scripts, styles and pages there
/// run as the theme's do, but no number may be published in them.
pub fn check_private(site_path: &str, content_path: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    match kind(content_path) {
        Kind::Publish => {}
        Kind::Page | Kind::Svg => page_findings(site_path, content_path, bytes, &mut diags),
        Kind::Text | Kind::Office | Kind::Pdf => {
            return check(site_path, content_path, bytes, true)
        }
        // Binary files of unknown types hold no text a reader sees.
        _ if bytes.iter().take(8192).any(|&b| b == 0) => {}
        _ => check_text(site_path, "txt", bytes, &mut diags),
    }
    diags
}

/// The error for a name ending in a dot or a space.
fn bad_name(site_path: &str, content_path: &str) -> Diagnostic {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    Diagnostic::error(
        site_path,
        0,
        0,
        msg!("attachment.bad_name", name = privacy::mask(name)),
    )
    .with_hint(msg!("attachment.bad_name.hint"))
}

/// What a file of [`Handling::Unknown`] gives, from its first bytes
/// (`head`, a kilobyte is enough): an error if it starts like HTML or XML,
/// since a web server may know its extension (`.smil`, `.mathml`, …) as a
/// document type and open it as one, script and all; else
/// [`unknown_warning`].
pub fn check_unknown(site_path: &str, content_path: &str, head: &[u8]) -> Diagnostic {
    if !looks_like_markup(head) {
        return unknown_warning(site_path, content_path);
    }
    Diagnostic::error(site_path, 0, 0, msg!("attachment.unknown_markup"))
        .with_hint(msg!("attachment.unknown_markup.hint"))
}

/// Whether `head` starts, after a byte order mark and white space, with a
/// tag, a comment, a doctype or an XML declaration.
fn looks_like_markup(head: &[u8]) -> bool {
    let text = decode(head);
    let rest = text.trim_start_matches('\u{FEFF}').trim_start();
    let mut chars = rest.chars();
    chars.next() == Some('<')
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '!' | '?'))
}

/// The warning for a file of [`Handling::Unknown`]: samsyn publishes it
/// without being able to look inside, and says what to save it as instead.
pub fn unknown_warning(site_path: &str, content_path: &str) -> Diagnostic {
    let Some(ext) = extension(content_path) else {
        return Diagnostic::warning(site_path, 0, 0, msg!("attachment.no_extension"))
            .with_hint(msg!("attachment.no_extension.hint"));
    };
    let hint = match ext.as_str() {
        "doc" | "dot" | "wpd" | "wps" => msg!("attachment.save_as", format = ".docx"),
        "xls" | "xlt" | "xlsb" => msg!("attachment.save_as", format = ".xlsx"),
        "ppt" | "pps" | "pot" => msg!("attachment.save_as", format = ".pptx"),
        "docm" | "dotx" | "dotm" | "xlsm" | "xltx" | "xltm" | "pptm" | "potx" | "ppsx" => {
            msg!("attachment.save_without_macros")
        }
        "zip" | "7z" | "rar" | "gz" | "tgz" | "bz2" | "xz" | "tar" => {
            msg!("attachment.not_an_archive")
        }
        "msg" => msg!("attachment.save_email_as_pdf"),
        "pages" | "numbers" | "key" => msg!("attachment.export_pdf"),
        _ => msg!("attachment.save_as_pdf_or_leave_out"),
    };
    Diagnostic::warning(
        site_path,
        0,
        0,
        msg!("attachment.unknown_type", ext = privacy::mask(&ext)),
    )
    .with_hint(hint)
}

// ---------------------------------------------------------------------------
// Reporting

/// One error per number, at the line and column of `text` (the decoded
/// file) where it starts. `offsets` are byte offsets into `text`.
fn report_findings(
    site_path: &str,
    text: &str,
    offsets: BTreeSet<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    if offsets.is_empty() {
        return;
    }
    let lines = LineIndex::new(text);
    for offset in offsets {
        let (line, col) = lines.line_col(text, offset);
        diags.push(
            Diagnostic::error(site_path, line, col, msg!("attachment.found"))
                .with_hint(msg!("attachment.found.hint")),
        );
    }
}

/// One error for `count` numbers found somewhere a line means nothing
/// (a part of a ZIP, a PDF page), `place` saying where.
fn report_count(site_path: &str, count: usize, place: Message, diags: &mut Vec<Diagnostic>) {
    let mut place = place;
    place.map_values(privacy::mask);
    let (message, hint) = match count {
        0 => return,
        1 => (
            msg!("attachment.found_in", place = place),
            msg!("attachment.found.hint"),
        ),
        _ => (
            msg!("attachment.found_many_in", count = count, place = place),
            msg!("attachment.found_many.hint"),
        ),
    };
    diags.push(Diagnostic::error(site_path, 0, 0, message).with_hint(hint));
}

/// The "could not be read" warning, with why (masked: a library's error
/// could quote the file).
fn unreadable(site_path: &str, why: Message, hint: Message) -> Diagnostic {
    let mut why = why;
    why.map_values(privacy::mask);
    Diagnostic::warning(site_path, 0, 0, msg!("attachment.unreadable", why = why)).with_hint(hint)
}

/// Start of every line, for turning byte offsets into line and column.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.0.partition_point(|&s| s <= offset).max(1);
        let start = self.0[line - 1].min(offset);
        (line, text[start..offset].chars().count() + 1)
    }
}

// ---------------------------------------------------------------------------
// Decoding

/// The bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM (or an
/// XML file starting `<` in UTF-16), else UTF-8 leniently, its invalid bytes
/// as Windows-1252.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => Cow::Owned(lenient_utf8(rest)),
        };
    }
    match bytes {
        [0xFF, 0xFE, rest @ ..] => return Cow::Owned(utf16(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => return Cow::Owned(utf16(rest, u16::from_be_bytes)),
        [b'<', 0, ..] => return Cow::Owned(utf16(bytes, u16::from_le_bytes)),
        [0, b'<', ..] => return Cow::Owned(utf16(bytes, u16::from_be_bytes)),
        _ => {}
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(lenient_utf8(bytes)),
    }
}

/// UTF-8 where it is valid, each other byte as Windows-1252: one stray
/// Latin-1 byte must not turn a UTF-8 file's en dashes and no-break spaces
/// into mojibake the scan cannot read, and a Windows-1252 file (whose
/// non-ASCII bytes are almost never valid UTF-8) reads as before.
fn lenient_utf8(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| windows_1252(b)));
    }
    out
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        s.push(char::REPLACEMENT_CHARACTER);
    }
    s
}

/// Text built from pieces of a source text, remembering where each piece
/// came from, so a number found in it is reported where it was written.
#[derive(Default)]
struct Mapped {
    text: String,
    /// (offset in `text`, offset in the source, copied as written), sorted.
    map: Vec<(usize, usize, bool)>,
}

impl Mapped {
    /// Appends `s`, copied as written from source offset `src`.
    fn copy(&mut self, s: &str, src: usize) {
        if s.is_empty() {
            return;
        }
        let contiguous = self.map.last().is_some_and(|&(t, o, verbatim)| {
            verbatim && self.text.len() - t == src.wrapping_sub(o)
        });
        if !contiguous {
            self.map.push((self.text.len(), src, true));
        }
        self.text.push_str(s);
    }

    /// Appends text decoded from what starts at source offset `src` (a
    /// character reference, an escape).
    fn decoded(&mut self, s: &str, src: usize) {
        if !s.is_empty() {
            self.map.push((self.text.len(), src, false));
            self.text.push_str(s);
        }
    }

    /// Appends a separator that came from no text (a tag between blocks).
    fn separate(&mut self, src: usize) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.decoded("\n", src);
        }
    }

    /// The source offset of offset `t` of the text.
    fn source(&self, t: usize) -> usize {
        let i = self.map.partition_point(|&(to, _, _)| to <= t);
        match i.checked_sub(1).map(|i| self.map[i]) {
            Some((to, so, true)) => so + (t - to),
            Some((_, so, false)) => so,
            None => 0,
        }
    }

    /// Source offsets of the numbers in the text.
    fn findings(&self) -> impl Iterator<Item = usize> + '_ {
        privacy::scan(&self.text)
            .into_iter()
            .map(|f| self.source(f.offset))
    }
}

/// Source offsets of the numbers in `text` as written.
fn raw_findings(text: &str) -> impl Iterator<Item = usize> {
    privacy::scan(text).into_iter().map(|f| f.offset)
}

// ---------------------------------------------------------------------------
// Text files

fn check_text(site_path: &str, ext: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) {
    let text = decode(bytes);
    let mut found = BTreeSet::new();
    if ext == "rtf" {
        // Not as written: a picture's hex digits could look like a number,
        // and Word splits text into groups (`{\b 811218}-9876`).
        found.extend(rtf_text(&text).findings());
    } else {
        found.extend(raw_findings(&text));
    }
    match ext {
        "json" => found.extend(json_unescaped(&text).findings()),
        "ics" | "vcf" => {
            let unfolded = unfolded(&text);
            found.extend(unfolded.findings());
            if contains_ignore_case(&text, "quoted-printable") {
                found.extend(
                    quoted_printable(&unfolded.text)
                        .findings()
                        .map(|o| unfolded.source(o)),
                );
            }
        }
        "eml" => {
            if contains_ignore_case(&text, "quoted-printable") {
                found.extend(quoted_printable(&text).findings());
            }
            if has_base64_part(&text) {
                diags.push(
                    Diagnostic::warning(site_path, 0, 0, msg!("attachment.email_base64"))
                        .with_hint(msg!("attachment.email_base64.hint")),
                );
            }
        }
        _ => {}
    }
    report_findings(site_path, &text, found, diags);
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether an e-mail has a `Content-Transfer-Encoding: base64` header.
fn has_base64_part(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.strip_prefix("content-transfer-encoding:")
            .is_some_and(|v| v.trim() == "base64")
    })
}

/// iCalendar and vCard lines with their folds (a line break followed by a
/// space or tab) removed.
fn unfolded(text: &str) -> Mapped {
    let mut out = Mapped::default();
    let mut from = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let fold = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'\r', Some(b'\n'), Some(b' ' | b'\t')) => 3,
            (b'\n', Some(b' ' | b'\t'), _) => 2,
            _ => 0,
        };
        if fold > 0 {
            out.copy(&text[from..i], from);
            i += fold;
            from = i;
        } else {
            i += 1;
        }
    }
    out.copy(&text[from..], from);
    out
}

/// Quoted-printable decoded: soft line breaks removed and `=XX` escapes
/// read as UTF-8 (or Windows-1252 when they are not UTF-8).
fn quoted_printable(text: &str) -> Mapped {
    let mut out = Mapped::default();
    let b = text.as_bytes();
    let (mut i, mut from) = (0, 0);
    while i < b.len() {
        if b[i] != b'=' {
            i += 1;
            continue;
        }
        out.copy(&text[from..i], from);
        let start = i;
        let mut bytes = Vec::new();
        loop {
            match (b.get(i), b.get(i + 1), b.get(i + 2)) {
                (Some(b'='), Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'='), Some(b'\n'), _) => i += 2,
                (Some(b'='), Some(&h), Some(&l))
                    if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() =>
                {
                    bytes.push(hex(h) * 16 + hex(l));
                    i += 3;
                }
                _ => break,
            }
        }
        if i == start {
            // A lone `=`.
            i += 1;
            from = start;
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(s) => out.decoded(&s, start),
            Err(e) => out.decoded(&lenient_utf8(e.as_bytes()), start),
        }
        from = i;
    }
    out.copy(&text[from..], from);
    out
}

fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

/// JSON with its `\uXXXX` (and other backslash) escapes decoded: a tool
/// that writes only ASCII writes an en dash as `\u2013`.
fn json_unescaped(text: &str) -> Mapped {
    let mut out = Mapped::default();
    let b = text.as_bytes();
    let (mut i, mut from) = (0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        out.copy(&text[from..i], from);
        let start = i;
        let unit = |at: usize| {
            text.get(at..at + 4)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u16::from_str_radix(h, 16).ok())
        };
        let (decoded, len) = match b.get(i + 1) {
            Some(b'u') => match unit(i + 2) {
                Some(hi @ 0xD800..=0xDBFF) => match (b.get(i + 6), b.get(i + 7), unit(i + 8)) {
                    (Some(b'\\'), Some(b'u'), Some(lo @ 0xDC00..=0xDFFF)) => {
                        let c = char::decode_utf16([hi, lo]).next().and_then(Result::ok);
                        (c.unwrap_or(char::REPLACEMENT_CHARACTER), 12)
                    }
                    _ => (char::REPLACEMENT_CHARACTER, 6),
                },
                Some(u) => (
                    char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER),
                    6,
                ),
                None => ('\\', 1),
            },
            Some(b'n') => ('\n', 2),
            Some(b't') => ('\t', 2),
            Some(b'r') => ('\r', 2),
            Some(b'b' | b'f') => ('\n', 2),
            Some(&c @ (b'"' | b'\\' | b'/')) => (char::from(c), 2),
            _ => ('\\', 1),
        };
        out.decoded(decoded.encode_utf8(&mut [0; 4]), start);
        i += len;
        from = i;
    }
    out.copy(&text[from..], from);
    out
}

/// Destinations that hold binary or hex data, not text.
const RTF_BINARY: &[&str] = &[
    "pict",
    "objdata",
    "themedata",
    "colorschememapping",
    "datastore",
    "blipuid",
    "passwordhash",
    "bin",
    "fontemb",
    "fontfile",
];

/// The text of an RTF document: control words and group braces removed
/// (text either side of a group joins, as it does on screen), `\'hh` and
/// `\uN` read, and pictures and other binary data left out.
fn rtf_text(text: &str) -> Mapped {
    let mut r = Rtf {
        text,
        out: Mapped::default(),
        stack: Vec::new(),
        skip: false,
        uc: 1,
        fallback: 0,
    };
    let b = text.as_bytes();
    let mut i = 0;
    let mut from = 0;
    while i < b.len() {
        let c = b[i];
        if !matches!(c, b'{' | b'}' | b'\\' | b'\r' | b'\n') {
            if r.fallback > 0 {
                r.flush(from, i);
                r.fallback -= 1;
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                from = i;
            } else {
                i += 1;
            }
            continue;
        }
        r.flush(from, i);
        i = match c {
            b'{' => {
                r.stack.push((r.skip, r.uc));
                i + 1
            }
            b'}' => {
                (r.skip, r.uc) = r.stack.pop().unwrap_or((false, 1));
                r.fallback = 0;
                i + 1
            }
            b'\r' | b'\n' => i + 1,
            _ => r.control(i),
        };
        from = i;
    }
    r.flush(from, b.len());
    r.out
}

/// The state of reading an RTF document.
struct Rtf<'a> {
    text: &'a str,
    out: Mapped,
    /// Per open group: whether its text was left out, and its `\uc`.
    stack: Vec<(bool, usize)>,
    /// Whether the current group's text is left out.
    skip: bool,
    /// How many fallback characters follow a `\uN`.
    uc: usize,
    /// Fallback characters still to leave out.
    fallback: usize,
}

impl Rtf<'_> {
    /// Emits the plain text run `from..to`, unless skipped.
    fn flush(&mut self, from: usize, to: usize) {
        if !self.skip && from < to {
            self.out.copy(&self.text[from..to], from);
        }
    }

    /// Appends `s`, decoded from the control at `start`, unless skipped.
    fn emit(&mut self, s: &str, start: usize) {
        if !self.skip {
            self.out.decoded(s, start);
        }
    }

    /// Reads the control word or symbol at `start` (its `\\`); returns
    /// where the text after it starts.
    fn control(&mut self, start: usize) -> usize {
        let b = self.text.as_bytes();
        let mut i = start + 1;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i == start + 1 {
            return self.symbol(start);
        }
        let word = &self.text[start + 1..i];
        let num_start = i;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() && i - num_start < 10 {
            i += 1;
        }
        let n: Option<i64> = self.text[num_start..i].parse().ok();
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        self.word(word, n, start, i)
    }

    /// Acts on control word `word` with parameter `n`; `end` is where the
    /// text after it starts (past raw bytes for `\bin`).
    fn word(&mut self, word: &str, n: Option<i64>, start: usize, end: usize) -> usize {
        match word {
            "par" | "line" | "sect" | "page" | "row" | "cell" | "sbkpage" if !self.skip => {
                self.out.separate(start);
            }
            "tab" => self.emit("\t", start),
            "emdash" => self.emit("\u{2014}", start),
            "endash" => self.emit("\u{2013}", start),
            "emspace" | "enspace" | "qmspace" => self.emit(" ", start),
            "uc" => self.uc = n.unwrap_or(1).clamp(0, 10) as usize,
            "u" => {
                let n = n.unwrap_or(0);
                let cp = if n < 0 { n + 65536 } else { n };
                let ch = u32::try_from(cp)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                self.emit(ch.encode_utf8(&mut [0; 4]), start);
                self.fallback = self.uc;
            }
            "bin" => {
                // Raw bytes follow: skip them.
                let len = usize::try_from(n.unwrap_or(0)).unwrap_or(0);
                let mut i = end.saturating_add(len).min(self.text.len());
                while !self.text.is_char_boundary(i) {
                    i += 1;
                }
                return i;
            }
            w if RTF_BINARY.contains(&w) => self.skip = true,
            _ => {}
        }
        end
    }

    /// Reads the control symbol at `start` (`\'hh`, `\~`, `\_`, …).
    fn symbol(&mut self, start: usize) -> usize {
        let Some(&sym) = self.text.as_bytes().get(start + 1) else {
            return start + 1;
        };
        let mut i = start + 2;
        let s = match sym {
            b'\'' => {
                let hh = self
                    .text
                    .get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                hh.map(|byte| {
                    i += 2;
                    windows_1252(byte)
                })
            }
            b'~' => Some('\u{A0}'),
            b'_' => Some('\u{2011}'),
            b'-' => Some('\u{AD}'),
            b'\\' | b'{' | b'}' => Some(char::from(sym)),
            b'\r' | b'\n' => {
                if !self.skip {
                    self.out.separate(start);
                }
                None
            }
            _ => None,
        };
        if self.fallback > 0 && sym == b'\'' {
            // A `\'hh` is the fallback of the `\uN` before it.
            self.fallback -= 1;
        } else if let Some(ch) = s {
            self.emit(ch.encode_utf8(&mut [0; 4]), start);
        }
        while !self.text.is_char_boundary(i) {
            i += 1;
        }
        i
    }
}

// ---------------------------------------------------------------------------
// HTML, XML and SVG: the text a reader sees

/// How a markup file is parsed: HTML as browsers do (comments end at
/// `<!-->` and `--!>` too, CDATA and `<?…>` are bogus comments, unknown
/// elements are inline), or XML (SVG, XHTML, the other XML types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup {
    Html,
    Xml,
}

/// Elements whose tags sit inside a line of text in XML (SVG's text and
/// XHTML's inline elements): removing them joins the text either side.
/// Any other XML element separates, as a browser showing the XML tree does.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "textpath", "time", "tspan", "tt", "u", "var", "wbr",
];

fn separates(name: &str, markup: Markup) -> bool {
    match markup {
        Markup::Html => crate::markup::BLOCK.contains(&name),
        Markup::Xml => !INLINE.contains(&name),
    }
}

/// Source offsets of every number in a markup file: as written (which
/// covers comments and scripts, published too), in the text a reader sees
/// (tags removed, comments removed, character references decoded), and in
/// each attribute value.
fn markup_findings(src: &str, markup: Markup) -> BTreeSet<usize> {
    let mut found: BTreeSet<usize> = raw_findings(src).collect();
    let (body, attrs) = reader_text(src, markup);
    found.extend(body.findings());
    for a in &attrs {
        found.extend(a.findings());
    }
    found
}

/// [`markup_findings`] for an HTML document, with html5ever's reading of
/// it as a backstop: a number only the backstop finds (where this reader
/// and a browser disagree) is reported at the start of the file, so it is
/// never missed.
fn html_findings(src: &str) -> BTreeSet<usize> {
    let mut found = markup_findings(src, Markup::Html);
    let (body, attrs) = reader_text(src, Markup::Html);
    let known: BTreeSet<String> = std::iter::once(src)
        .chain(std::iter::once(body.text.as_str()))
        .chain(attrs.iter().map(|a| a.text.as_str()))
        .flat_map(number_keys)
        .collect();
    if html5ever_keys(src).iter().any(|k| !known.contains(k)) {
        found.insert(0);
    }
    found
}

/// The digits of each number in `text`, to tell whether two readings of a
/// file found the same one.
fn number_keys(text: &str) -> Vec<String> {
    privacy::scan(text)
        .into_iter()
        .filter_map(|f| text.get(f.offset..f.offset + f.len))
        .map(|n| n.chars().filter(|c| c.is_numeric()).collect())
        .collect()
}

/// The numbers in the text and attribute values of `src` as html5ever
/// parses it: ammonia's output is normalized HTML (no comments, only the
/// basic references, unknown tags dropped with their text kept), which
/// [`reader_text`] reads exactly.
fn html5ever_keys(src: &str) -> Vec<String> {
    let cleaned = ammonia::Builder::default()
        .add_tags(&[
            "section", "main", "form", "fieldset", "legend", "select", "option", "optgroup",
            "textarea", "title", "dialog", "menu", "search", "address", "iframe", "frame",
        ])
        .add_generic_attributes(&[
            "alt",
            "value",
            "placeholder",
            "label",
            "summary",
            "content",
            "abbr",
        ])
        .add_generic_attribute_prefixes(&["data-", "aria-"])
        .clean(src)
        .to_string();
    let (body, attrs) = reader_text(&cleaned, Markup::Html);
    std::iter::once(&body)
        .chain(&attrs)
        .flat_map(|m| number_keys(&m.text))
        .collect()
}

/// The end of an HTML comment whose `<!--` starts at `i`: browsers also
/// end one at `<!-->`, `<!--->` and `--!>`; an unclosed one runs to the end.
fn html_comment_end(src: &str, i: usize) -> usize {
    let rest = &src[i + 4..];
    if rest.starts_with('>') {
        return i + 5;
    }
    if rest.starts_with("->") {
        return i + 6;
    }
    let end = [("-->", 3), ("--!>", 4)]
        .iter()
        .filter_map(|&(n, len)| rest.find(n).map(|e| e + len))
        .min();
    end.map_or(src.len(), |e| i + 4 + e)
}

/// Where a comment, CDATA section, declaration or processing instruction
/// starting at `i` ends, and the text it shows (CDATA in XML), if `i`
/// starts one.
fn markup_skip(src: &str, i: usize, markup: Markup) -> Option<(usize, Option<(usize, usize)>)> {
    let b = src.as_bytes();
    let rest = &src[i..];
    let html = markup == Markup::Html;
    if rest.starts_with("<!--") {
        let end = if html {
            html_comment_end(src, i)
        } else {
            find_from(src, i + 4, "-->").map_or(b.len(), |e| e + 3)
        };
        return Some((end, None));
    }
    if html {
        // Bogus comments: `<!…>`, `<?…>` and `</` not followed by a
        // letter, up to the first `>` (`</>` shows nothing).
        let bogus = matches!(b.get(i + 1), Some(b'!' | b'?'))
            || (b.get(i + 1) == Some(&b'/') && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic));
        return bogus.then(|| (find_from(src, i + 2, ">").map_or(b.len(), |e| e + 1), None));
    }
    if rest.starts_with("<![CDATA[") {
        let end = find_from(src, i + 9, "]]>").unwrap_or(b.len());
        return Some(((end + 3).min(b.len()), Some((i + 9, end))));
    }
    matches!(b.get(i + 1), Some(b'!' | b'?')).then(|| (declaration_end(b, i), None))
}

/// The text of an HTML or XML document as a reader sees it, and its
/// attribute values, each mapped to where it was written.
fn reader_text(src: &str, markup: Markup) -> (Mapped, Vec<Mapped>) {
    let b = src.as_bytes();
    let mut body = Mapped::default();
    let mut attrs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            if let Some((end, shown)) = markup_skip(src, i, markup) {
                if let Some((from, to)) = shown {
                    body.copy(&src[from..to], from);
                }
                i = end;
                continue;
            }
        }
        match b[i] {
            b'<' if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                || (b.get(i + 1) == Some(&b'/')
                    && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)) =>
            {
                let (tag, end) = read_tag(src, i, &mut attrs);
                if separates(&tag.name, markup) {
                    body.separate(i);
                }
                i = end;
                if !tag.closing
                    && !tag.self_closing
                    && matches!(tag.name.as_str(), "script" | "style")
                {
                    // Raw text: not shown (and checked as written).
                    i = find_closing(src, i, &tag.name).unwrap_or(b.len());
                }
            }
            b'&' => match entity(&src[i..]) {
                Some((c, len)) => {
                    body.decoded(c.encode_utf8(&mut [0; 4]), i);
                    i += len;
                }
                None => {
                    body.copy("&", i);
                    i += 1;
                }
            },
            _ => {
                let first = src[i..].chars().next().map_or(1, char::len_utf8);
                let end = src[i + first..]
                    .find(['<', '&'])
                    .map_or(b.len(), |e| e + i + first);
                body.copy(&src[i..end], i);
                i = end;
            }
        }
    }
    (body, attrs)
}

fn find_from(s: &str, from: usize, needle: &str) -> Option<usize> {
    s.get(from..)?.find(needle).map(|i| i + from)
}

/// The offset of `</name` (any case) at or after `from`.
fn find_closing(src: &str, from: usize, name: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut at = from;
    while let Some(i) = find_from(src, at, "</") {
        let n = b.get(i + 2..i + 2 + name.len())?;
        if n.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(i);
        }
        at = i + 2;
    }
    None
}

/// The end of a `<!…>` or `<?…>` starting at `i`, past a DOCTYPE's
/// internal subset in brackets and quoted strings.
fn declaration_end(b: &[u8], i: usize) -> usize {
    let (mut depth, mut quote) = (0usize, None);
    let mut j = i + 2;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' if depth > 0 => quote = Some(c),
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => return j + 1,
                _ => {}
            },
        }
        j += 1;
    }
    b.len()
}

struct Tag {
    /// Lower-cased local name (`svg:script` → `script`).
    name: String,
    closing: bool,
    self_closing: bool,
}

/// Reads the tag at `i` (a `<`), adding its attribute values to `attrs`;
/// returns it and the offset after it.
fn read_tag(src: &str, i: usize, attrs: &mut Vec<Mapped>) -> (Tag, usize) {
    let b = src.as_bytes();
    let closing = b.get(i + 1) == Some(&b'/');
    let mut j = i + 1 + usize::from(closing);
    let name_start = j;
    while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>') {
        j += 1;
    }
    let qname = src[name_start..j].to_ascii_lowercase();
    let name = qname.rsplit(':').next().unwrap_or("").to_string();
    let mut self_closing = false;
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            self_closing = b[j] == b'/';
            j += 1;
        }
        if j >= b.len() {
            break;
        }
        if b[j] == b'>' {
            j += 1;
            break;
        }
        self_closing = false;
        // An attribute name, then perhaps `=` and a value.
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        let mut k = j;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if b.get(k) != Some(&b'=') {
            if j < b.len() && b[j] == b'/' && b.get(j + 1) != Some(&b'>') {
                j += 1;
            }
            continue;
        }
        k += 1;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let (start, end, next) = match b.get(k) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = src[k + 1..]
                    .find(char::from(q))
                    .map_or(b.len(), |e| e + k + 1);
                (k + 1, end, (end + 1).min(b.len()))
            }
            _ => {
                let mut e = k;
                while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                    e += 1;
                }
                (k, e, e)
            }
        };
        let value = decode_references(&src[start..end], start);
        if !value.text.is_empty() {
            attrs.push(value);
        }
        j = next;
    }
    (
        Tag {
            name,
            closing,
            self_closing,
        },
        j,
    )
}

/// `s` (from source offset `at`) with its character references decoded.
fn decode_references(s: &str, at: usize) -> Mapped {
    let mut out = Mapped::default();
    let mut from = 0;
    let mut i = 0;
    while let Some(amp) = s[i..].find('&').map(|a| a + i) {
        match entity(&s[amp..]) {
            Some((c, len)) => {
                out.copy(&s[from..amp], at + from);
                out.decoded(c.encode_utf8(&mut [0; 4]), at + amp);
                i = amp + len;
                from = i;
            }
            None => i = amp + 1,
        }
    }
    out.copy(&s[from..], at + from);
    out
}

/// Named character references that can make or hide a number: digits'
/// neighbours (dashes, plus, spaces) and characters that show nothing,
/// with the basic five.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("plus", '+'),
    ("hyphen", '\u{2010}'),
    ("dash", '\u{2010}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("horbar", '\u{2015}'),
    ("minus", '\u{2212}'),
    ("nbsp", '\u{A0}'),
    ("NonBreakingSpace", '\u{A0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("emsp13", '\u{2004}'),
    ("emsp14", '\u{2005}'),
    ("numsp", '\u{2007}'),
    ("puncsp", '\u{2008}'),
    ("thinsp", '\u{2009}'),
    ("ThinSpace", '\u{2009}'),
    ("hairsp", '\u{200A}'),
    ("VeryThinSpace", '\u{200A}'),
    ("MediumSpace", '\u{205F}'),
    ("shy", '\u{AD}'),
    ("ZeroWidthSpace", '\u{200B}'),
    ("NegativeVeryThinSpace", '\u{200B}'),
    ("NegativeThinSpace", '\u{200B}'),
    ("NegativeMediumSpace", '\u{200B}'),
    ("NegativeThickSpace", '\u{200B}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("NoBreak", '\u{2060}'),
    ("InvisibleTimes", '\u{2062}'),
    ("it", '\u{2062}'),
    ("InvisibleComma", '\u{2063}'),
    ("ic", '\u{2063}'),
    ("ApplyFunction", '\u{2061}'),
    ("af", '\u{2061}'),
    ("period", '.'),
    ("sol", '/'),
    ("colon", ':'),
    ("lpar", '('),
    ("rpar", ')'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
];

/// The character a reference at the start of `s` (a `&`) stands for, and
/// the reference's length. Numeric references as HTML reads them (`&#150;`
/// is an en dash); unknown names are not references.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (radix, start) = match b.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut end = start;
        let mut value: u32 = 0;
        while let Some(d) = b.get(end).and_then(|&c| char::from(c).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d);
            end += 1;
        }
        if end == start {
            return None;
        }
        let len = end + usize::from(b.get(end) == Some(&b';'));
        let c = match value {
            0x80..=0x9F => windows_1252(value as u8),
            0 => char::REPLACEMENT_CHARACTER,
            v => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        return Some((c, len));
    }
    let name_len = b[1..]
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = &s[1..1 + name_len];
    let known = ENTITIES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c);
    if let (Some(c), Some(b';')) = (known, b.get(1 + name_len)) {
        return Some((c, name_len + 2));
    }
    // Legacy references HTML reads without the semicolon, even when more
    // letters or digits follow (`&nbsp1212`).
    let legacy = [
        "amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "nbsp", "shy",
    ]
    .into_iter()
    .find(|l| name.starts_with(l))?;
    let c = ENTITIES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(legacy))?
        .1;
    Some((c, legacy.len() + 1))
}

// ---------------------------------------------------------------------------
// SVG: active content

/// The hint of every refused SVG.
fn svg_hint() -> Message {
    msg!("attachment.svg.hint")
}

/// Elements that run script or embed documents that can.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
];
/// Attributes whose value is a URL the browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "base", "action", "formaction"];

/// Why an SVG is refused, and where.
struct Offence {
    offset: usize,
    what: Arg,
    /// Loads from elsewhere rather than runs script.
    fetches: bool,
}

/// Unpacks a gzip-compressed SVG (at most `limit` bytes) and checks it as
/// an SVG. One that cannot be unpacked is an error, not a warning: like a
/// malformed SVG, samsyn could not vouch for what a browser would run.
fn check_svgz(site_path: &str, bytes: &[u8], limit: u64, diags: &mut Vec<Diagnostic>) {
    let mut data = Vec::new();
    let read = flate2::read::MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut data);
    let problem = match read {
        Err(e) => Some(msg!(
            "attachment.svgz.unpack",
            why = privacy::mask(&e.to_string())
        )),
        Ok(_) if data.len() as u64 > limit => {
            Some(msg!("attachment.svgz.too_big", mib = limit >> 20))
        }
        Ok(_) => None,
    };
    if let Some(why) = problem {
        diags.push(Diagnostic::error(site_path, 0, 0, why).with_hint(svg_hint()));
        return;
    }
    let text = decode(&data);
    check_svg(site_path, &text, diags);
    report_findings(site_path, &text, markup_findings(&text, Markup::Xml), diags);
}

/// Reads the SVG as XML and reports every piece of active content, one
/// error each at its line; an SVG that is not well-formed XML is an error
/// too (a browser would refuse it, but samsyn could not vouch for it).
fn check_svg(site_path: &str, src: &str, diags: &mut Vec<Diagnostic>) {
    let lines = LineIndex::new(src);
    let (offences, malformed) = svg_offences(src);
    for o in offences {
        let (line, col) = lines.line_col(src, o.offset);
        let mut message = if o.fetches {
            msg!("attachment.svg.fetches", what = o.what)
        } else {
            msg!("attachment.svg.active", what = o.what)
        };
        message.map_values(privacy::mask);
        diags.push(Diagnostic::error(site_path, line, col, message).with_hint(svg_hint()));
    }
    if let Some((offset, mut why)) = malformed {
        if let Arg::Text(t) = &mut why {
            *t = privacy::mask(t);
        }
        let (line, col) = lines.line_col(src, offset);
        diags.push(
            Diagnostic::error(
                site_path,
                line,
                col,
                msg!("attachment.svg.not_xml", why = why),
            )
            .with_hint(svg_hint()),
        );
    }
}

/// The offences in an SVG, and where and why it stopped being XML, if it
/// did (offences before that point are still reported).
fn svg_offences(src: &str) -> (Vec<Offence>, Option<(usize, Arg)>) {
    let mut reader = quick_xml::Reader::from_str(src);
    reader.config_mut().check_end_names = true;
    let mut offences = Vec::new();
    let mut depth = 0usize;
    let mut elements = 0usize;
    let mut style: Option<(usize, String)> = None;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(pos);
                return (offences, Some((at, Arg::Text(e.to_string()))));
            }
        };
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                elements += 1;
                if let Err(why) = svg_element(&e, pos, &mut offences) {
                    return (offences, Some((pos, Arg::Text(why))));
                }
                if opens {
                    depth += 1;
                    if local_lower(e.name().as_ref()) == "style" {
                        style = Some((pos, String::new()));
                    }
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if local_lower(e.name().as_ref()) == "style" {
                    if let Some((at, css)) = style.take() {
                        css_offences(&css, at, &mut offences);
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, css)) = &mut style {
                    css.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some((_, css)) = &mut style {
                    css.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, css)) = &mut style {
                    if let Some((c, _)) = entity(&format!("&{};", &*r)) {
                        css.push(c);
                    }
                }
            }
            Event::DocType(t) => {
                for decl in ["<!ENTITY", "<!ATTLIST"] {
                    if contains_ignore_case(&t, decl) {
                        offences.push(Offence {
                            offset: pos,
                            what: msg!("attachment.svg.declaration", decl = decl).into_arg(),
                            fetches: false,
                        });
                    }
                }
            }
            Event::PI(p) => {
                if p.target().eq_ignore_ascii_case("xml-stylesheet") {
                    offences.push(Offence {
                        offset: pos,
                        what: msg!("attachment.svg.stylesheet").into_arg(),
                        fetches: false,
                    });
                }
            }
            Event::Eof => {
                let problem = if depth > 0 {
                    Some(msg!("attachment.svg.not_closed").into_arg())
                } else if elements == 0 {
                    Some(msg!("attachment.svg.empty").into_arg())
                } else {
                    None
                };
                return (offences, problem.map(|p| (src.len(), p)));
            }
            Event::Comment(_) | Event::Decl(_) => {}
        }
    }
}

/// The lower-cased local name of a qualified name.
fn local_lower(qname: &str) -> String {
    qname.rsplit(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Checks one SVG element and its attributes.
fn svg_element(e: &BytesStart<'_>, pos: usize, offences: &mut Vec<Offence>) -> Result<(), String> {
    let qname = e.name().as_ref().to_string();
    let local = local_lower(&qname);
    if ACTIVE_ELEMENTS.contains(&local.as_str()) {
        offences.push(Offence {
            offset: pos,
            what: Arg::Text(format!("`<{qname}>`")),
            fetches: false,
        });
    }
    let raw: &str = e;
    let mut cursor = qname.len();
    let mut animated = None;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| err.to_string())?;
        let key = attr.key.as_ref();
        let key_local = local_lower(key);
        let value = decode_references(&attr.value, 0).text;
        // Where the attribute is written, for its line.
        let at = raw
            .get(cursor..)
            .and_then(|r| r.find(key))
            .map_or(pos, |i| {
                cursor += i + key.len();
                pos + 1 + cursor - key.len()
            });
        if key_local.starts_with("on") {
            offences.push(Offence {
                offset: at,
                what: msg!("attachment.svg.attribute", key = key).into_arg(),
                fetches: false,
            });
        }
        let key_lower = key.to_ascii_lowercase();
        if (key_lower == "xmlns" || key_lower.starts_with("xmlns:"))
            && value.trim() == "http://www.w3.org/1999/xhtml"
        {
            offences.push(Offence {
                offset: at,
                what: msg!("attachment.svg.xhtml").into_arg(),
                fetches: false,
            });
        }
        if URL_ATTRIBUTES.contains(&key_local.as_str()) {
            if let Some(scheme) = unsafe_url(&value) {
                offences.push(Offence {
                    offset: at,
                    what: msg!("attachment.svg.link", scheme = scheme, key = key).into_arg(),
                    fetches: false,
                });
            }
        }
        if key_local == "style" {
            css_offences(&value, at, offences);
        }
        if key_local == "attributename" {
            animated = Some((at, value.trim().to_ascii_lowercase()));
        }
    }
    if matches!(
        local.as_str(),
        "set" | "animate" | "animatetransform" | "animatemotion"
    ) {
        if let Some((at, target)) = animated {
            if target == "href" || target.ends_with(":href") || target.starts_with("on") {
                offences.push(Offence {
                    offset: at,
                    what: msg!("attachment.svg.animates", name = qname, target = target).into_arg(),
                    fetches: false,
                });
            }
        }
    }
    Ok(())
}

/// The scheme of a URL that is not safe in an SVG, if it is not: safe are
/// `#fragment`s, relative paths, `http:`, `https:`, `mailto:` and
/// `data:image/` PNG, JPEG, GIF or WebP. ASCII whitespace and control
/// characters are removed first, as browsers ignore them.
fn unsafe_url(value: &str) -> Option<String> {
    let url: String = value
        .chars()
        .filter(|c| !(c.is_ascii_whitespace() || c.is_ascii_control()))
        .collect::<String>()
        .to_ascii_lowercase();
    let end = url.find([':', '/', '?', '#'])?;
    if !url[end..].starts_with(':') {
        return None;
    }
    let scheme = &url[..end];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return None;
    }
    match scheme {
        "http" | "https" | "mailto" => None,
        "data" if is_data_image(&url[end + 1..]) => None,
        _ => Some(format!("{scheme}:")),
    }
}

/// Whether a `data:` URL's rest is a PNG, JPEG, GIF or WebP image.
fn is_data_image(rest: &str) -> bool {
    ["image/png", "image/jpeg", "image/gif", "image/webp"]
        .iter()
        .any(|t| {
            rest.strip_prefix(t)
                .is_some_and(|r| r.starts_with([';', ',']))
        })
}

/// `@import` and `url(…)` to anything but `#…` or a data image, in CSS.
fn css_offences(css: &str, at: usize, offences: &mut Vec<Offence>) {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        offences.push(Offence {
            offset: at,
            what: Arg::Text("`@import`".to_string()),
            fetches: true,
        });
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let arg = rest.split(')').next().unwrap_or("");
        let arg: String = arg
            .chars()
            .filter(|c| !(c.is_ascii_whitespace() || matches!(c, '"' | '\'')))
            .collect();
        let local = arg.starts_with('#') || arg.strip_prefix("data:").is_some_and(is_data_image);
        if !local {
            offences.push(Offence {
                offset: at,
                what: msg!("attachment.svg.url").into_arg(),
                fetches: true,
            });
            break;
        }
    }
}

// ---------------------------------------------------------------------------
// Office Open XML and OpenDocument

/// The most a ZIP attachment may unpack to before the rest goes unchecked.
const MAX_UNPACKED: u64 = 256 << 20;
/// The most one part of a ZIP, or one PDF stream, may unpack to.
const MAX_PART: u64 = 64 << 20;

/// What a file may still unpack to in all, and each part of it.
struct Unpack {
    left: u64,
    part: u64,
}

/// The most parts read from one ZIP.
const MAX_PARTS: usize = 20_000;
/// How deep documents embedded in documents are followed.
const MAX_NESTING: usize = 2;

/// The hint of an Office file that could not be read.
fn office_hint() -> Message {
    msg!("attachment.office.hint")
}

/// The hint of a file too big to check whole.
fn split_hint() -> Message {
    msg!("attachment.split.hint")
}

/// Elements that end a line of text in Office and OpenDocument XML: text
/// inside one (Word's runs, a cell's rich text) joins without a separator.
const BLOCKS: &[&str] = &[
    "p",
    "h",
    "si",
    "c",
    "v",
    "f",
    "is",
    "tc",
    "tr",
    "row",
    "table-cell",
    "table-row",
    "comment",
    "footnote",
    "endnote",
    "txbody",
    "txbxcontent",
    "annotation",
    "list-item",
    "note",
    "sp",
];

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Checks the XML parts of a ZIP-based document (and of documents
/// embedded in it), reporting numbers per part. `prefix` names the
/// embedding part for an embedded document (`word/embeddings/x.xlsx: `).
fn check_office(
    site_path: &str,
    prefix: &str,
    bytes: &[u8],
    nesting: usize,
    budget: &mut Unpack,
    diags: &mut Vec<Diagnostic>,
) {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            let why = if prefix.is_empty() {
                msg!("attachment.office.not_zip", why = e)
            } else {
                msg!(
                    "attachment.office.embedded_not_zip",
                    part = prefix.trim_end_matches(": "),
                    why = e
                )
            };
            diags.push(unreadable(site_path, why, office_hint()));
            return;
        }
    };
    if archive.len() > MAX_PARTS {
        diags.push(unreadable(
            site_path,
            msg!("attachment.office.too_many_parts", count = MAX_PARTS),
            office_hint(),
        ));
        return;
    }
    let package = package_context(&mut archive, budget);
    for index in 0..archive.len() {
        let name = match archive.name_for_index(index) {
            Some(Ok(n)) => n.into_owned(),
            _ => format!("#{}", index + 1),
        };
        let part = Part {
            site_path,
            prefix,
            name: &name,
            nesting,
        };
        if !part.office_part(&mut archive, index, &package, budget, diags) {
            return;
        }
    }
}

/// What the parts of a package need from its other parts: which parts
/// are alternative-format chunks (`w:altChunk`, HTML or text Word shows as
/// content), and the number format of each cell style of a workbook that
/// shows digits with a dash or plus between them.
#[derive(Default)]
struct Package {
    chunks: BTreeSet<String>,
    formats: Vec<Option<String>>,
}

/// Reads the relationship parts and `xl/styles.xml` first: the zip may
/// hold them after the parts they describe.
fn package_context(archive: &mut Archive<'_>, budget: &mut Unpack) -> Package {
    let mut package = Package::default();
    for index in 0..archive.len() {
        let Ok(mut file) = archive.by_index(index) else {
            continue;
        };
        let Ok(name) = file.name() else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        let rels = lower.ends_with(".rels");
        if !rels && lower != "xl/styles.xml" {
            continue;
        }
        let PartRead::Data(data) = read_part(&mut file, budget) else {
            continue;
        };
        let text = decode(&data);
        if rels {
            alt_chunks(&lower, &text, &mut package.chunks);
        } else {
            package.formats = cell_formats(&text);
        }
    }
    package
}

/// Adds the parts the `aFChunk` relationships of a `.rels` part point at.
fn alt_chunks(rels_name: &str, xml: &str, chunks: &mut BTreeSet<String>) {
    let dir = rels_name.rsplit_once("_rels/").map_or("", |(d, _)| d);
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        let e = match event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        if local_lower(e.name().as_ref()) != "relationship" {
            continue;
        }
        let (mut chunk, mut target, mut external) = (false, None, false);
        for attr in e.attributes().with_checks(false).flatten() {
            let value = decode_references(&attr.value, 0).text;
            match attr.key.local_name().as_ref() {
                "Type" => chunk = value.to_ascii_lowercase().ends_with("/afchunk"),
                "Target" => target = Some(value),
                "TargetMode" => external = value.eq_ignore_ascii_case("external"),
                _ => {}
            }
        }
        if let (true, Some(t), false) = (chunk, target, external) {
            chunks.insert(part_path(dir, &t.to_ascii_lowercase()));
        }
    }
}

/// A relationship's target as a part name: relative to the source part's
/// folder, or from the package root when it starts with `/`.
fn part_path(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// One part of a package being checked.
struct Part<'a> {
    site_path: &'a str,
    prefix: &'a str,
    name: &'a str,
    nesting: usize,
}

impl Part<'_> {
    /// The part's name, after the documents it is embedded in.
    fn path(&self) -> String {
        format!("{}{}", self.prefix, self.name)
    }

    /// The warning that this part could not be read; `why` names it with
    /// its `{part}` placeholder.
    fn unreadable(&self, why: Message, hint: Message, diags: &mut Vec<Diagnostic>) {
        diags.push(unreadable(
            self.site_path,
            why.arg("part", self.path()),
            hint,
        ));
    }

    /// Checks part `index`; false when the file's unpacking budget is
    /// spent and the rest must go unchecked.
    fn office_part(
        &self,
        archive: &mut Archive<'_>,
        index: usize,
        package: &Package,
        budget: &mut Unpack,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let lower = self.name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        let nested = OFFICE.contains(&ext) || matches!(ext, "docm" | "xlsm" | "pptm");
        let chunk = package.chunks.contains(&lower)
            || matches!(
                ext,
                "htm" | "html" | "xhtml" | "mht" | "mhtml" | "txt" | "rtf"
            );
        if !matches!(ext, "xml" | "rels") && !nested && !chunk {
            if lower.contains("embeddings/") && ext == "bin" {
                self.unreadable(
                    msg!("attachment.part.embedded_object"),
                    msg!("attachment.part.embedded_object.hint"),
                    diags,
                );
            }
            return true;
        }
        let data = match archive.by_index(index) {
            Ok(f) if f.is_dir() => return true,
            Ok(mut f) => read_part(&mut f, budget),
            Err(e) => PartRead::Failed(e.to_string()),
        };
        let data = match data {
            PartRead::Data(d) => d,
            PartRead::Failed(e) => {
                self.unreadable(
                    msg!("attachment.part.unpack", why = e),
                    office_hint(),
                    diags,
                );
                return true;
            }
            PartRead::TooBig => {
                self.unreadable(
                    msg!("attachment.part.too_big", mib = budget.part >> 20),
                    split_hint(),
                    diags,
                );
                return true;
            }
            PartRead::OverTotal => {
                diags.push(unreadable(
                    self.site_path,
                    msg!("attachment.office.too_big", mib = MAX_UNPACKED >> 20),
                    split_hint(),
                ));
                return false;
            }
        };
        if nested {
            self.nested(&data, budget, diags);
        } else if chunk && !matches!(ext, "xml" | "rels") {
            let count = self.chunk_count(ext, &data, diags);
            self.report(count, diags);
        } else {
            self.xml_part(&lower, &data, package, diags);
        }
        true
    }

    fn report(&self, count: usize, diags: &mut Vec<Diagnostic>) {
        let place = msg!("attachment.place.part", part = self.path());
        report_count(self.site_path, count, place, diags);
    }

    fn nested(&self, data: &[u8], budget: &mut Unpack, diags: &mut Vec<Diagnostic>) {
        if self.nesting < MAX_NESTING {
            let prefix = format!("{}{}: ", self.prefix, self.name);
            check_office(
                self.site_path,
                &prefix,
                data,
                self.nesting + 1,
                budget,
                diags,
            );
        } else {
            self.unreadable(msg!("attachment.part.too_deep"), office_hint(), diags);
        }
    }

    /// The numbers in an alternative-format chunk, read as an attachment of
    /// its type would be (HTML through the HTML reader and its backstop).
    fn chunk_count(&self, ext: &str, data: &[u8], diags: &mut Vec<Diagnostic>) -> usize {
        let text = decode(data);
        let mime = matches!(ext, "mht" | "mhtml")
            || text
                .trim_start()
                .get(..13)
                .is_some_and(|h| h.eq_ignore_ascii_case("mime-version:"));
        match ext {
            "txt" => raw_findings(&text).count(),
            "rtf" => rtf_text(&text).findings().count(),
            _ if mime => {
                if has_base64_part(&text) {
                    self.unreadable(
                        msg!("attachment.part.base64"),
                        msg!("attachment.part.base64.hint"),
                        diags,
                    );
                }
                let decoded = quoted_printable(&text).text;
                html_findings(&decoded)
                    .len()
                    .max(raw_findings(&text).count())
            }
            _ => html_findings(&text).len(),
        }
    }

    fn xml_part(&self, lower: &str, data: &[u8], package: &Package, diags: &mut Vec<Diagnostic>) {
        let text = decode(data);
        let body = lower.starts_with("word/")
            || lower.starts_with("xl/")
            || lower.starts_with("ppt/")
            || lower.ends_with("content.xml")
            || lower.ends_with("styles.xml");
        match office_text(&text, !body) {
            Ok((body, attrs)) => {
                let mut count = privacy::scan(&body).len() + privacy::scan(&attrs).len();
                if lower.starts_with("xl/worksheets/")
                    && package.formats.iter().any(Option::is_some)
                {
                    count += formatted_numbers(&text, &package.formats);
                }
                self.report(count, diags);
            }
            Err(e) => self.unreadable(
                msg!("attachment.part.not_xml", why = e),
                office_hint(),
                diags,
            ),
        }
    }
}

/// A part read within the file's unpacking budget, or why not.
enum PartRead {
    Data(Vec<u8>),
    /// Past the budget of one part (charged to the file's all the same, so
    /// many of them cannot add up to unbounded work).
    TooBig,
    /// Past what is left of the file's budget.
    OverTotal,
    Failed(String),
}

fn read_part(file: &mut impl Read, budget: &mut Unpack) -> PartRead {
    let cap = budget.part.min(budget.left);
    let mut data = Vec::new();
    if let Err(e) = file.take(cap + 1).read_to_end(&mut data) {
        return PartRead::Failed(e.to_string());
    }
    let len = data.len() as u64;
    if len <= cap {
        budget.left -= len;
        PartRead::Data(data)
    } else if budget.left <= budget.part {
        PartRead::OverTotal
    } else {
        budget.left -= cap;
        PartRead::TooBig
    }
}

/// The number format of each cell style (`cellXfs`, by index) of a
/// workbook's `styles.xml`, where it shows digits with a dash or plus
/// between them.
fn cell_formats(xml: &str) -> Vec<Option<String>> {
    let mut codes: Vec<(String, String)> = Vec::new();
    let mut formats = Vec::new();
    let mut in_cell_xfs = false;
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        let (e, opens) = match event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                if local_lower(e.name().as_ref()) == "cellxfs" {
                    in_cell_xfs = false;
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attr = |key: &str| {
            e.attributes()
                .with_checks(false)
                .flatten()
                .find(|a| a.key.local_name().as_ref() == key)
                .map(|a| decode_references(&a.value, 0).text)
        };
        match local_lower(e.name().as_ref()).as_str() {
            "numfmt" => {
                if let (Some(id), Some(code)) = (attr("numFmtId"), attr("formatCode")) {
                    codes.push((id, code));
                }
            }
            "cellxfs" => in_cell_xfs = opens,
            "xf" if in_cell_xfs => {
                let id = attr("numFmtId").unwrap_or_default();
                let code = codes.iter().find(|(i, _)| *i == id).map(|(_, c)| c.clone());
                formats.push(code.filter(|c| excel_format(c, "0").is_some()));
            }
            _ => {}
        }
    }
    formats
}

/// How many numbers a worksheet's numeric cells show through their
/// formats that the stored digits alone do not hold (`8112189876` shown
/// through `000000\-0000`).
fn formatted_numbers(xml: &str, formats: &[Option<String>]) -> usize {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut format, mut in_value, mut value) = (None::<&str>, false, String::new());
    let mut count = 0;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) => match local_lower(e.name().as_ref()).as_str() {
                "c" => {
                    let attrs: Vec<(String, String)> = e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .map(|a| {
                            (
                                a.key.as_ref().to_string(),
                                decode_references(&a.value, 0).text,
                            )
                        })
                        .collect();
                    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                    let numeric = get("t").is_none_or(|t| t == "n");
                    format = get("s")
                        .and_then(|s| s.trim().parse::<usize>().ok())
                        .and_then(|s| formats.get(s)?.as_deref())
                        .filter(|_| numeric);
                }
                "v" => {
                    in_value = format.is_some();
                    value.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_value => value.push_str(&t),
            Event::End(e) if local_lower(e.name().as_ref()) == "v" => {
                in_value = false;
                let shown = format.and_then(|f| excel_format(f, value.trim()));
                if let Some(shown) = shown.filter(|_| privacy::scan(&value).is_empty()) {
                    count += privacy::scan(&shown).len();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    count
}

/// A piece of a number format: a digit placeholder (`0`, `#`, `?`) or
/// text shown as it is.
enum Piece {
    Digit(char),
    Text(String),
}

/// A whole number (`digits`) as Excel shows it through format `code`, if
/// the format is one of digit placeholders and text with a dash or plus
/// between two placeholders (dates, decimals, thousands separators and
/// exponents are left alone: they cannot show ten digits so).
fn excel_format(code: &str, digits: &str) -> Option<String> {
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pieces = format_pieces(code.split(';').next().unwrap_or(""))?;
    let first = pieces.iter().position(|p| matches!(p, Piece::Digit(_)))?;
    let last = pieces.iter().rposition(|p| matches!(p, Piece::Digit(_)))?;
    let dashed = pieces[first..last]
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains(['-', '+'])));
    if !dashed {
        return None;
    }
    let mut left: Vec<char> = digits.chars().collect();
    let mut shown: Vec<String> = Vec::new();
    for (i, piece) in pieces.iter().enumerate().rev() {
        match piece {
            Piece::Text(t) => shown.push(t.clone()),
            Piece::Digit(p) if i == first => {
                let rest: String = left.drain(..).collect();
                shown.push(if rest.is_empty() { pad(*p) } else { rest });
            }
            Piece::Digit(p) => shown.push(left.pop().map_or_else(|| pad(*p), String::from)),
        }
    }
    Some(shown.into_iter().rev().collect())
}

fn pad(placeholder: char) -> String {
    match placeholder {
        '0' => "0".to_string(),
        '?' => " ".to_string(),
        _ => String::new(),
    }
}

/// The pieces of one section of a number format, or None for formats
/// other than whole numbers.
fn format_pieces(section: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        let piece = match c {
            '0' | '#' | '?' => Piece::Digit(c),
            '\\' => Piece::Text(chars.next()?.to_string()),
            '"' => Piece::Text(chars.by_ref().take_while(|&q| q != '"').collect()),
            '_' => {
                chars.next();
                Piece::Text(" ".to_string())
            }
            '*' => {
                chars.next();
                continue;
            }
            '[' => {
                chars.by_ref().find(|&q| q == ']');
                continue;
            }
            '.' | ',' | '%' | '/' | '@' | ':' => return None,
            c if c.is_alphabetic() => return None,
            c => Piece::Text(c.to_string()),
        };
        pieces.push(piece);
    }
    Some(pieces)
}

/// The text of an Office or OpenDocument XML part, paragraphs and cells on
/// lines of their own, and its attribute values, one a line. With
/// `every_element`, every element is a line of its own (metadata parts).
fn office_text(xml: &str, every_element: bool) -> Result<(String, String), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut body = String::new();
    let mut attrs = String::new();
    let separate = |body: &mut String| {
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => {
                let qname = e.name().as_ref().to_ascii_lowercase();
                let local = qname.rsplit(':').next().unwrap_or("");
                if every_element || BLOCKS.contains(&local) {
                    separate(&mut body);
                }
                match local {
                    "tab" => body.push('\t'),
                    "br" | "cr" | "line-break" => body.push('\n'),
                    // Word's non-breaking hyphen (Ctrl+Shift+-) shows as one.
                    "nobreakhyphen" => body.push('-'),
                    "s" if qname.starts_with("text:") => body.push(' '),
                    _ => {}
                }
                for attr in e.attributes().with_checks(false).flatten() {
                    let value = decode_references(&attr.value, 0).text;
                    if local == "sym" && attr.key.local_name().as_ref() == "char" {
                        if let Some(c) = u32::from_str_radix(value.trim(), 16)
                            .ok()
                            .and_then(char::from_u32)
                        {
                            body.push(c);
                        }
                    }
                    if !value.is_empty() {
                        attrs.push_str(&value);
                        attrs.push('\n');
                    }
                }
            }
            Event::End(e) => {
                let qname = e.name().as_ref().to_ascii_lowercase();
                let local = qname.rsplit(':').next().unwrap_or("");
                if every_element || BLOCKS.contains(&local) {
                    separate(&mut body);
                }
            }
            Event::Text(t) => body.push_str(&t),
            Event::CData(t) => body.push_str(&t),
            Event::GeneralRef(r) => {
                let c = entity(&format!("&{};", &*r))
                    .map(|(c, _)| c)
                    .or_else(|| r.resolve_char_ref().ok().flatten());
                if let Some(c) = c {
                    body.push(c);
                }
            }
            Event::Eof => return Ok((body, attrs)),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

// ---------------------------------------------------------------------------
// PDF

/// The hint of a PDF that could not be read.
fn pdf_hint() -> Message {
    msg!("attachment.pdf.hint")
}

/// What could be read of a PDF.
struct PdfText {
    /// Page number and its text layer.
    pages: Vec<(u32, String)>,
    /// Strings outside the pages: document properties, annotations, form
    /// fields, bookmarks, and XMP metadata.
    other: String,
    /// Pages whose text could not all be read.
    partly_read: Vec<u32>,
    /// A stream, or all of them, unpacked past the budget.
    too_big: bool,
}

/// Scans a PDF's text layer page by page, and its other strings. A PDF
/// with no text layer (a scan) gives nothing; one that cannot be read, or
/// is encrypted, gives a warning; a panic in the PDF library is caught and
/// becomes that warning too.
fn check_pdf(site_path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) {
    let mut budget = Unpack {
        left: MAX_UNPACKED,
        part: MAX_PART,
    };
    check_pdf_within(site_path, bytes, &mut budget, diags);
}

/// [`check_pdf`] within an unpacking budget.
fn check_pdf_within(
    site_path: &str,
    bytes: &[u8],
    budget: &mut Unpack,
    diags: &mut Vec<Diagnostic>,
) {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pdf_text(bytes, budget)));
    let pdf = match read {
        Ok(Ok(pdf)) => pdf,
        Ok(Err(why)) => {
            diags.push(unreadable(site_path, why, pdf_hint()));
            return;
        }
        Err(_) => {
            diags.push(unreadable(
                site_path,
                msg!("attachment.pdf.reader_failed"),
                pdf_hint(),
            ));
            return;
        }
    };
    for (page, text) in &pdf.pages {
        report_count(
            site_path,
            privacy::scan(text).len(),
            msg!("attachment.place.page", page = page),
            diags,
        );
    }
    report_count(
        site_path,
        privacy::scan(&pdf.other).len(),
        msg!("attachment.place.pdf_other"),
        diags,
    );
    if pdf.too_big {
        diags.push(unreadable(
            site_path,
            msg!(
                "attachment.pdf.too_big",
                mib = budget.part >> 20,
                total_mib = MAX_UNPACKED >> 20
            ),
            msg!("attachment.pdf.too_big.hint"),
        ));
    }
    if !pdf.partly_read.is_empty() {
        let pages: Vec<String> = pdf.partly_read.iter().map(u32::to_string).collect();
        diags.push(unreadable(
            site_path,
            msg!("attachment.pdf.font", pages = pages.join(", ")),
            pdf_hint(),
        ));
    }
}

fn pdf_text(bytes: &[u8], budget: &mut Unpack) -> Result<PdfText, Message> {
    let options = lopdf::LoadOptions::with_max_decompressed_size(to_usize(budget.part));
    let doc = lopdf::Document::load_mem_with_options(bytes, options)
        .map_err(|e| msg!("attachment.pdf.unreadable", why = e))?;
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        return Err(msg!("attachment.pdf.encrypted"));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(msg!("attachment.pdf.no_pages"));
    }
    let mut pdf = PdfText {
        pages: Vec::new(),
        other: String::new(),
        partly_read: Vec::new(),
        too_big: false,
    };
    for (n, id) in pages {
        let mut walk = PdfWalk::new(&doc, budget);
        walk.page(id);
        if walk.partly {
            pdf.partly_read.push(n);
        }
        pdf.too_big |= walk.too_big;
        pdf.pages.push((n, walk.text));
    }
    let id = doc.trailer.get(b"ID").ok();
    for object in doc.objects.values() {
        if Some(object) != id {
            pdf_strings(object, 0, &mut pdf.other);
        }
        if let lopdf::Object::Stream(stream) = object {
            let is_metadata = stream
                .dict
                .get(b"Type")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|n| n == b"Metadata");
            if is_metadata {
                let Some(data) = unpack_stream(stream, budget, &mut pdf.too_big) else {
                    continue;
                };
                let xml = decode(&data);
                let (body, attrs) = reader_text(&xml, Markup::Xml);
                for t in std::iter::once(&body).chain(&attrs) {
                    pdf.other.push('\n');
                    pdf.other.push_str(&t.text);
                }
            }
        }
    }
    Ok(pdf)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A stream's data unpacked within the budget (as written when it has no
/// filter or one lopdf cannot undo), or None past the budget.
fn unpack_stream(
    stream: &lopdf::Stream,
    budget: &mut Unpack,
    too_big: &mut bool,
) -> Option<Vec<u8>> {
    let cap = budget.part.min(budget.left);
    let data = match stream.decompressed_content_with_limit(to_usize(cap)) {
        Ok(d) => d,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            budget.left -= cap;
            *too_big = true;
            return None;
        }
        Err(_) => stream.content.clone(),
    };
    let len = data.len() as u64;
    if len > cap {
        *too_big = true;
        budget.left -= cap;
        return None;
    }
    budget.left -= len;
    Some(data)
}

/// How deep Form XObjects drawn by Form XObjects are followed.
const MAX_FORM_DEPTH: usize = 8;

/// The text a page's content streams draw, Form XObjects included. Pieces
/// of text join with nothing between them unless the text moves to another
/// line (`T*`, `'`, `"`, or a `Td`, `TD` or `Tm` to another height): a word
/// processor may draw `811218` and `-9876` as separate strings.
struct PdfWalk<'a, 'b> {
    doc: &'a lopdf::Document,
    budget: &'b mut Unpack,
    text: String,
    /// The height of the current text line, and of the last text drawn.
    y: f32,
    drawn_y: Option<f32>,
    leading: f32,
    partly: bool,
    too_big: bool,
}

impl<'a, 'b> PdfWalk<'a, 'b> {
    fn new(doc: &'a lopdf::Document, budget: &'b mut Unpack) -> Self {
        PdfWalk {
            doc,
            budget,
            text: String::new(),
            y: 0.0,
            drawn_y: None,
            leading: 0.0,
            partly: false,
            too_big: false,
        }
    }

    fn page(&mut self, id: lopdf::ObjectId) {
        let Ok((own, inherited)) = self.doc.get_page_resources(id) else {
            self.partly = true;
            return;
        };
        let resources: Vec<&'a lopdf::Dictionary> = own
            .into_iter()
            .chain(
                inherited
                    .into_iter()
                    .filter_map(|r| self.doc.get_dictionary(r).ok()),
            )
            .collect();
        let cap = self.budget.part.min(self.budget.left);
        match self.doc.get_page_content_with_limit(id, to_usize(cap)) {
            Ok(content) => {
                self.budget.left -= (content.len() as u64).min(self.budget.left);
                self.walk(&content, &resources, 0);
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.budget.left -= cap;
                self.too_big = true;
            }
            Err(_) => self.partly = true,
        }
    }

    /// Looks `name` up in the `category` (`Font`, `XObject`) of the
    /// resource dictionaries, nearest first.
    fn resource(
        &self,
        resources: &[&'a lopdf::Dictionary],
        category: &[u8],
        name: &[u8],
    ) -> Option<&'a lopdf::Object> {
        resources.iter().find_map(|r| {
            let (_, dict) = self.doc.dereference(r.get(category).ok()?).ok()?;
            let (_, object) = self
                .doc
                .dereference(dict.as_dict().ok()?.get(name).ok()?)
                .ok()?;
            Some(object)
        })
    }

    fn walk(&mut self, content: &[u8], resources: &[&'a lopdf::Dictionary], depth: usize) {
        let Ok(content) = lopdf::content::Content::decode(content) else {
            self.partly = true;
            return;
        };
        let mut fonts: Vec<(Vec<u8>, Option<lopdf::Encoding<'a>>)> = Vec::new();
        let mut font: Option<usize> = None;
        for op in &content.operations {
            let num = |i: usize| {
                op.operands
                    .get(i)
                    .and_then(|o| o.as_float().ok())
                    .unwrap_or(0.0)
            };
            match op.operator.as_str() {
                "BT" => self.y = 0.0,
                "Td" => self.y += num(1),
                "TD" => {
                    self.y += num(1);
                    self.leading = -num(1);
                }
                "Tm" => self.y = num(5),
                "TL" => self.leading = num(0),
                "T*" => self.new_line(),
                "Tf" => {
                    let name = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .unwrap_or(b"");
                    font = Some(
                        fonts
                            .iter()
                            .position(|(n, _)| n == name)
                            .unwrap_or_else(|| {
                                let encoding = self.encoding(resources, name);
                                fonts.push((name.to_vec(), encoding));
                                fonts.len() - 1
                            }),
                    );
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if op.operator != "Tj" && op.operator != "TJ" {
                        self.new_line();
                    }
                    let shown = if op.operator == "\"" {
                        op.operands.get(2)
                    } else {
                        op.operands.first()
                    };
                    let encoding = font
                        .and_then(|f| fonts.get(f))
                        .and_then(|(_, e)| e.as_ref());
                    if let Some(shown) = shown {
                        self.show(shown, encoding);
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH && !self.too_big => {
                    let name = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .unwrap_or(b"");
                    self.form(resources, name, depth);
                }
                _ => {}
            }
        }
    }

    fn new_line(&mut self) {
        self.y -= self.leading;
        self.drawn_y = None;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn encoding(
        &mut self,
        resources: &[&'a lopdf::Dictionary],
        name: &[u8],
    ) -> Option<lopdf::Encoding<'a>> {
        let font = self.resource(resources, b"Font", name)?.as_dict().ok()?;
        let cap = to_usize(self.budget.part.min(self.budget.left));
        match font.get_font_encoding_with_limit(self.doc, cap) {
            Ok(e) => Some(e),
            Err(_) => {
                self.partly = true;
                None
            }
        }
    }

    /// Appends a string (or a `TJ` array's strings), on a line of its own
    /// when the text has moved to another height since the last one.
    fn show(&mut self, shown: &lopdf::Object, encoding: Option<&lopdf::Encoding<'a>>) {
        if self.drawn_y.is_some_and(|y| (y - self.y).abs() > 0.5) && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.drawn_y = Some(self.y);
        let strings: Vec<&[u8]> = match shown {
            lopdf::Object::String(bytes, _) => vec![bytes],
            lopdf::Object::Array(items) => items
                .iter()
                .filter_map(|i| match i {
                    lopdf::Object::String(bytes, _) => Some(bytes.as_slice()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for bytes in strings {
            match encoding.map(|e| lopdf::Document::decode_text(e, bytes)) {
                Some(Ok(s)) => self.text.push_str(&s),
                Some(Err(_)) => self.partly = true,
                // No font to read it by: the bytes as Windows-1252, as
                // simple fonts mostly are.
                None => self.text.extend(bytes.iter().map(|&b| windows_1252(b))),
            }
        }
    }

    /// Walks the Form XObject `name` draws, with its own resources (or the
    /// drawing stream's, when it has none).
    fn form(&mut self, resources: &[&'a lopdf::Dictionary], name: &[u8], depth: usize) {
        let Some(lopdf::Object::Stream(stream)) = self.resource(resources, b"XObject", name) else {
            return;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form {
            return;
        }
        let Some(data) = unpack_stream(stream, self.budget, &mut self.too_big) else {
            return;
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| self.doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok());
        match own {
            Some(own) => self.walk(&data, &[own], depth + 1),
            None => self.walk(&data, resources, depth + 1),
        }
    }
}

/// Appends every text string in `object` (not in streams' data), one a
/// line.
fn pdf_strings(object: &lopdf::Object, depth: usize, out: &mut String) {
    use lopdf::Object;
    if depth > 64 {
        return;
    }
    match object {
        Object::String(..) => {
            if let Ok(s) = lopdf::decode_text_string(object) {
                out.push('\n');
                out.push_str(&s);
            }
        }
        Object::Array(items) => {
            for item in items {
                pdf_strings(item, depth + 1, out);
            }
        }
        Object::Dictionary(dict) => {
            for (key, value) in dict.iter() {
                if key != b"ID" {
                    pdf_strings(value, depth + 1, out);
                }
            }
        }
        Object::Stream(stream) => {
            for (_, value) in stream.dict.iter() {
                pdf_strings(value, depth + 1, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;
    use std::io::Write;

    /// Skatteverket's test personnummer (valid Luhn), in both forms.
    const PNR: &str = "19121212-1212";
    const PNR10: &str = "121212-1212";
    /// A mobile number and an organisation number: not personnummer.
    const PHONE: &str = "070-174 06 40";
    const ORG: &str = "212000-0142";

    fn run(path: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        check(&format!("content/{path}"), path, bytes, false)
    }

    fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
        d.iter().filter(|d| d.severity == Severity::Error).collect()
    }

    fn warnings(d: &[Diagnostic]) -> Vec<&Diagnostic> {
        d.iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }

    fn found(d: &[Diagnostic]) -> Vec<&Diagnostic> {
        d.iter()
            .filter(|d| d.message.en().contains("personal identity number") && d.is_error())
            .collect()
    }

    /// A ZIP with the given parts, deflated.
    fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn docx(body: &str) -> Vec<u8> {
        zip(&[
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
            ),
            (
                "word/document.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
                ),
            ),
            (
                "docProps/core.xml",
                r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>Anna Andersson</dc:creator><dc:title>Rutin</dc:title></cp:coreProperties>"#,
            ),
        ])
    }

    /// A one-page PDF with a Helvetica text layer made of `content` (a
    /// content stream), and extra `info` for its Info dictionary.
    fn pdf(content: &str, info: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len() + 1
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_string(),
            format!("<< /Producer (samsyn test) {info} >>"),
        ];
        let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
        pdf_objects(&objects)
    }

    /// A PDF of these objects (1 the catalog, 6 the Info dictionary).
    fn pdf_objects(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn text_pdf(text: &str) -> Vec<u8> {
        pdf(&format!("BT /F1 12 Tf 72 770 Td ({text}) Tj ET"), "")
    }

    // --- handling -----------------------------------------------------

    #[test]
    fn handling_goes_by_lower_cased_extension() {
        assert_eq!(handling("bilder/Karta.PNG"), Handling::Publish);
        assert_eq!(handling("font.woff2"), Handling::Publish);
        for p in [
            "a.pdf", "a.DOCX", "a.svg", "a.csv", "a.html", "a.js", "b/c.odt", "x.rtf",
        ] {
            assert_eq!(handling(p), Handling::Read, "{p}");
        }
        for p in [
            "a.doc", "a.xls", "a.ppt", "a.zip", "a.7z", "a.msg", "a.pages", "README", ".hidden",
        ] {
            assert_eq!(handling(p), Handling::Unknown, "{p}");
        }
    }

    #[test]
    fn published_binaries_give_nothing() {
        assert!(run("bild.png", b"\x89PNG 121212-1212").is_empty());
    }

    #[test]
    fn unknown_types_warn_and_say_what_to_save_them_as() {
        let w = unknown_warning("content/a.doc", "a.doc");
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.message.en().contains("`.doc`"), "{}", w.message.en());
        assert!(w
            .hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains(".docx or PDF"));
        let none = unknown_warning("content/LASMIG", "LASMIG");
        assert!(none.message.en().contains("no extension"));
        assert_eq!(
            run("a.xls", b"whatever"),
            vec![unknown_warning("content/a.xls", "a.xls")]
        );
    }

    // --- text ---------------------------------------------------------

    #[test]
    fn text_file_with_number_is_an_error_at_its_line_and_column() {
        let d = run("lista.csv", format!("namn;pnr\nAnna;{PNR}\n").as_bytes());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (2, 6));
        assert!(d[0].is_error());
        assert!(d[0]
            .hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("leave the file out of content/"));
    }

    #[test]
    fn phone_and_organisation_numbers_pass() {
        let text = format!("Växel {PHONE}, org.nr {ORG}\n");
        for path in [
            "a.txt", "a.csv", "a.json", "a.vcf", "a.eml", "a.rtf", "a.html", "a.svg",
        ] {
            let bytes = if path.ends_with(".svg") {
                format!(r#"<svg xmlns="http://www.w3.org/2000/svg"><text>{text}</text></svg>"#)
            } else {
                text.clone()
            };
            let d = check("content/x", path, bytes.as_bytes(), true);
            assert!(d.is_empty(), "{path}: {d:?}");
        }
        assert!(run(
            "a.docx",
            &docx(&format!("<w:p><w:r><w:t>{PHONE} {ORG}</w:t></w:r></w:p>"))
        )
        .is_empty());
        assert!(run("a.pdf", &text_pdf(&format!("{PHONE} {ORG}"))).is_empty());
    }

    #[test]
    fn message_never_repeats_the_number() {
        let inputs: Vec<(&str, Vec<u8>)> = vec![
            ("a.txt", PNR.as_bytes().to_vec()),
            (
                "a.svg",
                format!("<svg><text>{PNR}</text></svg>").into_bytes(),
            ),
            (
                "a.docx",
                docx(&format!("<w:p><w:r><w:t>{PNR}</w:t></w:r></w:p>")),
            ),
            ("a.pdf", text_pdf(PNR)),
        ];
        for (path, bytes) in inputs {
            let d = run(path, &bytes);
            assert!(!found(&d).is_empty(), "{path}: {d:?}");
            for diag in &d {
                let all = format!("{diag} {:?}", diag.source_line);
                assert!(
                    !all.contains(PNR10) && !all.contains("1212121212"),
                    "{path}: {all}"
                );
            }
        }
    }

    #[test]
    fn every_encoding_is_read() {
        let text = format!("Namn: Åsa\r\nPnr: {PNR10}\r\n");
        let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        // Windows-1252 (Å is 0xC5; an en dash is 0x96).
        let cp1252 = b"Namn: \xC5sa\r\nPnr: 121212\x961212\r\n".to_vec();
        for bytes in [text.as_bytes().to_vec(), utf8_bom, utf16le, utf16be, cp1252] {
            let d = run("a.txt", &bytes);
            assert_eq!(found(&d).len(), 1, "{bytes:?}: {d:?}");
            assert_eq!((d[0].line, d[0].col), (2, 6));
        }
    }

    #[test]
    fn json_escapes_are_read() {
        let d = run("a.json", br#"{"pnr": "121212\u20131212"}"#);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (1, 10));
        // Written plainly, one error, not two.
        assert_eq!(
            found(&run("a.json", format!(r#"{{"p":"{PNR}"}}"#).as_bytes())).len(),
            1
        );
    }

    #[test]
    fn folded_vcard_and_quoted_printable_email_are_read() {
        let vcf = "BEGIN:VCARD\r\nNOTE:pnr 121212-12\r\n 12\r\nEND:VCARD\r\n";
        let d = run("a.vcf", vcf.as_bytes());
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 2);
        let eml = "Content-Transfer-Encoding: quoted-printable\r\n\r\nPnr 121212=2D12=\r\n12 h=C3=A4r\r\n";
        let d = run("a.eml", eml.as_bytes());
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 3);
    }

    #[test]
    fn email_with_base64_parts_warns() {
        let eml = "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n";
        let d = run("a.eml", eml.as_bytes());
        assert_eq!(warnings(&d).len(), 1, "{d:?}");
        assert!(d[0].message.en().contains("base64"));
    }

    #[test]
    fn rtf_number_split_over_groups_is_an_error() {
        let rtf = r"{\rtf1\ansi{\fonttbl{\f0 Calibri;}}
{\pard {\b 121212}\'96{\i 12}12\par}
{\pard Telefon 070\u8211?174 06 40\par}}";
        let d = run("a.rtf", rtf.as_bytes());
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 2);
    }

    #[test]
    fn rtf_pictures_are_not_read_as_text() {
        // Hex data that reads as a 12-digit personnummer.
        let rtf = r"{\rtf1{\pict\pngblip 191212121212}Hej\par}";
        assert!(run("a.rtf", rtf.as_bytes()).is_empty());
    }

    // --- HTML, XML ----------------------------------------------------

    #[test]
    fn html_attachment_refused_unless_allowed() {
        let html = b"<!doctype html><p>Hej</p>";
        for path in ["a.html", "a.htm", "a.xhtml", "a.xml", "a.xsl", "a.xslt"] {
            let d = run(path, html);
            assert_eq!(errors(&d).len(), 1, "{path}: {d:?}");
            assert!(
                d[0].message.en().contains("HTML and XML files"),
                "{}",
                d[0].message.en()
            );
            assert!(d[0]
                .hint
                .as_ref()
                .map(|h| h.en())
                .unwrap_or_default()
                .contains("allow_html_attachments: true"));
            assert!(check("content/a", path, html, true).is_empty(), "{path}");
        }
    }

    #[test]
    fn allowed_html_is_still_scanned_as_the_reader_sees_it() {
        let cases = [
            // Split by an inline tag, by a comment, written with references.
            "<p>Elev <b>121212</b>-1212</p>",
            "<p>121212<!-- x -->-1212</p>",
            "<p>121212&ndash;1212</p>",
            "<p>&#49;21212&#x2D;1212</p>",
            "<p>121212&#150;1212</p>",
            "<img alt=\"121212-1212\">",
            "<a title='121212&#45;1212' href=x>x</a>",
            "<!-- 121212-1212 -->",
            "<script>var p = '121212-1212';</script>",
        ];
        for html in cases {
            let d = check("content/a.html", "a.html", html.as_bytes(), true);
            assert_eq!(found(&d).len(), 1, "{html}: {d:?}");
            assert_eq!(d[0].line, 1);
        }
        // Separate blocks are separate text (in a table: a browser drops
        // cells outside one, joining their text).
        let d = check(
            "content/a.html",
            "a.html",
            b"<table><tr><td>121212</td><td>-1212</td></tr></table>",
            true,
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn html_number_is_reported_at_its_line() {
        let html = "<html>\n<body>\n<p>\n  Pnr <span>121212</span>-1212\n</p>";
        let d = check("content/a.html", "a.html", html.as_bytes(), true);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (4, 13));
    }

    #[test]
    fn script_files_are_always_refused() {
        for path in ["a.js", "a.mjs", "a.wasm"] {
            let d = check("content/a", path, b"alert(1)", true);
            assert_eq!(errors(&d).len(), 1, "{path}");
            assert!(d[0]
                .message
                .en()
                .contains("script files are never published"));
        }
    }

    // --- SVG ----------------------------------------------------------

    const SVG_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">"#;

    fn svg(body: &str) -> Vec<u8> {
        format!("{SVG_OPEN}\n{body}\n</svg>\n").into_bytes()
    }

    #[test]
    fn clean_svg_passes() {
        let body = r##"<defs><linearGradient id="g"><stop offset="0"/></linearGradient>
<style>.a { fill: url(#g); } .b { fill: url("data:image/png;base64,AAAA"); }</style></defs>
<title>Organisation</title><desc>Förvaltningens skiss</desc>
<a href="https://kommun.se/"><text x="1" y="2">Hej <tspan>du</tspan></text></a>
<a xlink:href="../rutiner/"><rect width="1" height="1" style="fill:url(#g)"/></a>
<image href="bild.png"/><image xlink:href="data:image/jpeg;base64,/9j/"/>
<a href="mailto:x@kommun.se"><circle r="1"/></a><use href="#g"/>"##;
        let d = run("a.svg", &svg(body));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn svg_with_onload_is_refused_at_its_line() {
        let d = run(
            "a.svg",
            &svg("<g>\n<rect\n  onload=\"alert(1)\" width=\"1\"/></g>"),
        );
        assert_eq!(errors(&d).len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (5, 3));
        assert!(
            d[0].message.en().contains("`onload`"),
            "{}",
            d[0].message.en()
        );
        assert!(d[0]
            .hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("plain SVG"));
    }

    #[test]
    fn svg_reports_every_offence_at_its_line() {
        let body = "<script>alert(1)</script>
<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>
<svg:SCRIPT xmlns:svg=\"http://www.w3.org/2000/svg\">x</svg:SCRIPT>
<a xlink:href=\" java&#x09;script:alert(1)\"><text>x</text></a>
<set attributeName=\"xlink:href\" to=\"x\"/>
<animate attributeName=\"onclick\" to=\"x\"/>
<a href=\"data:text/html,x\">x</a>
<image href=\"data:image/svg+xml;base64,AAAA\"/>
<iframe/><embed/><object/><handler/><listener/>
<g ONCLICK=\"x\"/>";
        let d = run("a.svg", &svg(body));
        let lines: Vec<usize> = errors(&d).iter().map(|d| d.line).collect();
        assert_eq!(
            lines,
            [3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 11, 11, 11, 11, 12],
            "{d:#?}"
        );
        assert!(
            d[0].message.en().contains("`<script>`"),
            "{}",
            d[0].message.en()
        );
        assert!(
            d[4].message.en().contains("`javascript:`"),
            "{}",
            d[4].message.en()
        );
    }

    #[test]
    fn svg_doctype_entities_and_stylesheets_are_refused() {
        let with_entity = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x \"y\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>";
        let d = run("a.svg", with_entity.as_bytes());
        assert!(
            errors(&d)
                .iter()
                .any(|d| d.line == 2 && d.message.en().contains("<!ENTITY")),
            "{d:?}"
        );
        let with_pi = "<?xml-stylesheet href=\"https://evil.example/x.css\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        let d = run("a.svg", with_pi.as_bytes());
        assert_eq!(errors(&d).len(), 1, "{d:?}");
        assert!(d[0].message.en().contains("xml-stylesheet"));
    }

    #[test]
    fn svg_style_fetching_from_elsewhere_is_refused() {
        for style in [
            "<style>@import url(https://fonts.example/x.css);</style>",
            "<style><![CDATA[.a { background: url( 'https://tracker.example/p.gif' ) }]]></style>",
            "<rect style=\"fill: url(https://x.example/#g)\"/>",
        ] {
            let d = run("a.svg", &svg(style));
            assert!(!errors(&d).is_empty(), "{style}: {d:?}");
            assert!(
                d[0].message.en().contains("loads other files"),
                "{}",
                d[0].message.en()
            );
        }
    }

    #[test]
    fn malformed_svg_is_an_error_not_a_pass() {
        for bad in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g>",
            "<svg a=\"1\" a=\"2\"/>",
            "just text",
            "",
        ] {
            let d = run("a.svg", bad.as_bytes());
            assert!(
                d.iter()
                    .any(|d| d.is_error() && d.message.en().contains("could not be read as XML")),
                "{bad:?}: {d:?}"
            );
        }
    }

    #[test]
    fn svg_text_is_scanned_across_tspans_and_attributes() {
        let d = run(
            "a.svg",
            &svg("<text>\n<tspan>121212</tspan><tspan>-1212</tspan></text>"),
        );
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 4);
        let d = run("a.svg", &svg("<g aria-label=\"121212&#8211;1212\"/>"));
        assert_eq!(found(&d).len(), 1, "{d:?}");
    }

    // --- Office -------------------------------------------------------

    #[test]
    fn docx_with_number_split_over_runs_is_an_error() {
        let body = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Elev 121212-12</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00AB12CD"><w:t>12</w:t></w:r></w:p>"#;
        let d = run("a.docx", &docx(body));
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 0);
        assert!(
            d[0].message.en().contains("in word/document.xml"),
            "{}",
            d[0].message.en()
        );
    }

    #[test]
    fn docx_paragraphs_and_cells_are_separate() {
        let body = "<w:p><w:r><w:t>121212</w:t></w:r></w:p><w:p><w:r><w:t>-1212</w:t></w:r></w:p>\
                    <w:tbl><w:tr><w:tc><w:p><w:r><w:t>121212</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>-1212</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        assert!(run("a.docx", &docx(body)).is_empty());
    }

    #[test]
    fn docx_non_breaking_hyphen_and_metadata_are_read() {
        let body = "<w:p><w:r><w:t>121212</w:t><w:noBreakHyphen/><w:t>1212</w:t></w:r></w:p>";
        assert_eq!(found(&run("a.docx", &docx(body))).len(), 1);
        let bytes = zip(&[(
            "docProps/core.xml",
            &format!("<cp:coreProperties xmlns:cp=\"x\"><cp:keywords>{PNR}</cp:keywords></cp:coreProperties>"),
        )]);
        let d = run("a.docx", &bytes);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert!(d[0].message.en().contains("docProps/core.xml"));
    }

    #[test]
    fn xlsx_shared_strings_and_numbers_are_read() {
        let bytes = zip(&[
            (
                "xl/sharedStrings.xml",
                "<sst xmlns=\"x\"><si><r><t>121212</t></r><r><t>-1212</t></r></si><si><t>Namn</t></si></sst>",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "<worksheet xmlns=\"x\"><sheetData><row r=\"1\"><c r=\"A1\"><v>191212121212</v></c><c r=\"B1\"><v>1</v></c></row></sheetData></worksheet>",
            ),
        ]);
        let d = run("a.xlsx", &bytes);
        assert_eq!(found(&d).len(), 2, "{d:?}");
    }

    #[test]
    fn pptx_and_odt_text_is_read() {
        let pptx = zip(&[(
            "ppt/slides/slide1.xml",
            "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>121212-</a:t></a:r><a:r><a:t>1212</a:t></a:r></a:p></p:sld>",
        )]);
        assert_eq!(found(&run("a.pptx", &pptx)).len(), 1);
        let odt = zip(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><text:p>Pnr <text:span>121212</text:span>-1212</text:p></office:body></office:document-content>",
            ),
            ("meta.xml", "<office:document-meta xmlns:office=\"o\"/>"),
        ]);
        let d = run("a.odt", &odt);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert!(d[0].message.en().contains("content.xml"));
    }

    #[test]
    fn embedded_documents_are_read() {
        let inner = zip(&[(
            "xl/sharedStrings.xml",
            &format!("<sst><si><t>{PNR}</t></si></sst>"),
        )]);
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("word/document.xml", o).unwrap();
        w.write_all(b"<w:document xmlns:w=\"w\"/>").unwrap();
        w.start_file("word/embeddings/Microsoft_Excel_Worksheet.xlsx", o)
            .unwrap();
        w.write_all(&inner).unwrap();
        w.start_file("word/embeddings/oleObject1.bin", o).unwrap();
        w.write_all(b"\xD0\xCF\x11\xE0").unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let d = run("a.docx", &bytes);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert!(
            d[0].message
                .en()
                .contains("Microsoft_Excel_Worksheet.xlsx: xl/sharedStrings.xml"),
            "{}",
            d[0].message.en()
        );
        assert_eq!(warnings(&d).len(), 1, "{d:?}");
        assert!(warnings(&d)[0].message.en().contains("oleObject1.bin"));
    }

    #[test]
    fn unreadable_office_file_is_a_warning_naming_it() {
        // A password-protected .docx is an OLE file, not a ZIP.
        let d = run(
            "bilagor/avtal.docx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not a zip",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].file, "content/bilagor/avtal.docx");
        assert!(d[0]
            .message
            .en()
            .contains("could not be read to check it for personal identity numbers"));
        assert!(d[0].hint.is_some());
        // A part that is not XML.
        let d = run(
            "a.docx",
            &zip(&[("word/document.xml", "<w:document><w:body></w:document>")]),
        );
        assert_eq!(warnings(&d).len(), 1, "{d:?}");
        assert!(d[0].message.en().contains("word/document.xml"));
    }

    #[test]
    fn zip_bomb_is_cut_off_with_a_warning() {
        let big = "<t>".to_string() + &"a".repeat(100_000) + "</t>";
        let bytes = zip(&[("word/document.xml", &big), ("word/footer1.xml", &big)]);
        let mut diags = Vec::new();
        let mut unpack = Unpack {
            left: 150_000,
            part: MAX_PART,
        };
        check_office("content/a.docx", "", &bytes, 0, &mut unpack, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].message.en().contains("unpacks to more than"),
            "{}",
            diags[0].message.en()
        );
    }

    // --- PDF ----------------------------------------------------------

    #[test]
    fn pdf_text_layer_is_scanned() {
        let d = run("a.pdf", &text_pdf(&format!("Elev {PNR}")));
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert!(
            d[0].message.en().contains("on page 1"),
            "{}",
            d[0].message.en()
        );
        assert_eq!(d[0].line, 0);
        // Split across a kerned TJ array, as word processors write it.
        let d = run(
            "a.pdf",
            &pdf("BT /F1 12 Tf 72 770 Td [(121212-1) -30 (212)] TJ ET", ""),
        );
        assert_eq!(found(&d).len(), 1, "{d:?}");
    }

    #[test]
    fn pdf_properties_and_form_fields_are_scanned() {
        let d = run(
            "a.pdf",
            &pdf(
                "BT /F1 12 Tf 72 770 Td (Hej) Tj ET",
                &format!("/Author ({PNR})"),
            ),
        );
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert!(
            d[0].message.en().contains("properties"),
            "{}",
            d[0].message.en()
        );
    }

    #[test]
    fn pdf_without_text_layer_passes() {
        let d = run(
            "a.pdf",
            &pdf("q 100 0 0 100 0 0 cm 0.5 g 0 0 1 1 re f Q", ""),
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn unreadable_pdf_is_a_warning_naming_it() {
        for bytes in [
            b"%PDF-1.4 garbage".to_vec(),
            b"not a pdf at all".to_vec(),
            Vec::new(),
        ] {
            let d = run("bilagor/protokoll.pdf", &bytes);
            assert_eq!(d.len(), 1, "{d:?}");
            assert_eq!(d[0].severity, Severity::Warning);
            assert_eq!(d[0].file, "content/bilagor/protokoll.pdf");
            assert!(
                d[0].message.en().contains("could not be read"),
                "{}",
                d[0].message.en()
            );
        }
    }

    #[test]
    fn encrypted_pdf_is_a_warning() {
        let mut bytes = text_pdf(PNR);
        // Point the trailer at an encryption dictionary no empty password opens.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let enc = format!(
            "7 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -4 >>\nendobj\n",
            o = "11".repeat(32),
            u = "22".repeat(32)
        );
        let at = text.find("xref\n").unwrap();
        let mut out = bytes[..at].to_vec();
        out.extend_from_slice(enc.as_bytes());
        let xref = out.len();
        let mut rest = text[at..]
            .replace("0 7\n", "0 8\n")
            .replace("/Size 7", "/Size 8 /Encrypt 7 0 R /ID [<00> <00>]");
        let entry = format!("{:010} 00000 n \ntrailer", at);
        rest = rest.replacen("trailer", &entry, 1);
        let start = rest.rfind("startxref\n").unwrap();
        rest = format!("{}startxref\n{xref}\n%%EOF\n", &rest[..start]);
        out.extend_from_slice(rest.as_bytes());
        bytes = out;
        let d = run("a.pdf", &bytes);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(
            d[0].message.en().contains("could not be read"),
            "{}",
            d[0].message.en()
        );
    }

    // --- robustness ---------------------------------------------------

    #[test]
    fn hostile_bytes_never_panic() {
        let mut seeds: Vec<Vec<u8>> = vec![
            text_pdf(PNR),
            docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>"),
            svg("<text>x</text>"),
            b"{\\rtf1 \\u-3\\'zz\\bin999999999 x}".to_vec(),
            b"<a b='&#99999999999;&#x;&#;&".to_vec(),
            b"\xFF\xFE\x00".to_vec(),
        ];
        // Truncations and byte flips of real files.
        let mut more = Vec::new();
        for s in &seeds {
            for cut in [1, 7, s.len() / 3, s.len() / 2, s.len().saturating_sub(3)] {
                more.push(s[..cut.min(s.len())].to_vec());
            }
            for at in (0..s.len()).step_by(s.len() / 17 + 1) {
                let mut f = s.clone();
                f[at] ^= 0x5A;
                more.push(f);
            }
        }
        seeds.extend(more);
        for bytes in &seeds {
            for path in [
                "a.pdf", "a.docx", "a.svg", "a.rtf", "a.html", "a.json", "a.eml", "a.vcf",
            ] {
                let _ = check("content/x", path, bytes, true);
            }
        }
    }

    // --- review gaps ---------------------------------------------------

    #[test]
    fn one_stray_latin1_byte_leaves_the_rest_utf8() {
        // An en dash in UTF-8, a Windows-1252 `Å` (0xC5) on a later line.
        let bytes = [
            b"Pnr: 121212".as_slice(),
            "\u{2013}".as_bytes(),
            b"1212\nNamn: \xC5sa\n",
        ]
        .concat();
        let d = run("a.txt", &bytes);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (1, 6));
        assert_eq!(decode(b"a\xC5b\xE2\x80\x93c"), "aÅb\u{2013}c");
        assert_eq!(decode(b"\x96\xE2\x80"), "\u{2013}â\u{20AC}");
    }

    #[test]
    fn every_extension_a_browser_renders_as_a_document_is_a_page() {
        let html = b"<!doctype html><p>Hej</p>";
        for path in [
            "a.shtml", "a.xht", "a.xhtm", "a.mml", "a.rdf", "a.xsd", "a.rss", "a.atom", "a.kml",
            "a.xspf", "A.SHTML",
        ] {
            let d = run(path, html);
            assert_eq!(errors(&d).len(), 1, "{path}: {d:?}");
            assert!(d[0].message.en().contains("HTML and XML files"), "{path}");
            assert!(check("content/a", path, html, true).is_empty(), "{path}");
        }
    }

    #[test]
    fn script_a_browser_or_windows_runs_is_always_refused() {
        for path in ["a.cjs", "a.jsm", "a.htc", "a.hta", "a.swf"] {
            let d = check("content/a", path, b"alert(1)", true);
            assert_eq!(errors(&d).len(), 1, "{path}: {d:?}");
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn svgz_is_unpacked_and_checked_as_svg() {
        assert_eq!(handling("a.svgz"), Handling::Read);
        assert!(run("a.svgz", &gzip(&svg("<text>x</text>"))).is_empty());
        let d = run("a.svgz", &gzip(&svg("<g>\n<script>alert(1)</script></g>")));
        assert_eq!(errors(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 4);
        assert!(
            d[0].message.en().contains("`<script>`"),
            "{}",
            d[0].message.en()
        );
        let d = run("a.svgz", &gzip(&svg(&format!("<text>{PNR}</text>"))));
        assert_eq!(found(&d).len(), 1, "{d:?}");
        for bad in [b"not gzip".to_vec(), gzip(b"just text"), Vec::new()] {
            let d = run("a.svgz", &bad);
            assert!(!errors(&d).is_empty(), "{bad:?}: {d:?}");
        }
    }

    #[test]
    fn svgz_bomb_is_refused() {
        let bomb = gzip(&vec![b' '; 3_000_000]);
        let mut diags = Vec::new();
        check_svgz("content/a.svgz", &bomb, 1 << 20, &mut diags);
        assert_eq!(errors(&diags).len(), 1, "{diags:?}");
        assert!(
            diags[0].message.en().contains("more than"),
            "{}",
            diags[0].message.en()
        );
    }

    #[test]
    fn names_ending_in_a_dot_or_space_are_refused() {
        for path in [
            "x.html.",
            "x.html ",
            "b/x.html. .",
            "x.svg..",
            "a.",
            "x.pdf\t",
        ] {
            assert_eq!(handling(path), Handling::Read, "{path:?}");
            let d = check("content/x", path, b"<p>x</p>", true);
            assert_eq!(errors(&d).len(), 1, "{path:?}: {d:?}");
            let name = path.rsplit('/').next().unwrap();
            assert!(
                d[0].message.en().contains(&format!("`{name}`")),
                "{}",
                d[0].message.en()
            );
            assert!(d[0]
                .hint
                .as_ref()
                .map(|h| h.en())
                .unwrap_or_default()
                .contains("rename"));
        }
    }

    fn html_found(html: &str) -> usize {
        found(&check("content/a.html", "a.html", html.as_bytes(), true)).len()
    }

    #[test]
    fn html_is_read_as_a_browser_reads_it() {
        let missed = [
            "<p>121212<!-->-1212</p>",
            "<p>121212<!--->-1212</p>",
            "<p>121212<!-- x --!>-1212</p>",
            "<p>&#0000000049;21212-1212</p>",
            "<p>&#x0000031;21212-1212</p>",
            "<p>121212&#150;1212</p>",
            "<p>121212&nbsp1212 &amp</p>",
            "<p>121212<x>-1212</x></p>",
            "<p>121212<label>-1212</label></p>",
            "<p><big>121212</big><tt>-12</tt><acronym>12</acronym></p>",
            "<p><font>121212</font><nobr>-1212</nobr></p>",
            "<p>121212<my-el>-1212</my-el></p>",
            "<p>1212<![CDATA[x]]>12-1212</p>",
            "<p>1212</ x>12-1212</p>",
            "<p>121212</>-1212</p>",
        ]
        .into_iter()
        .filter(|html| html_found(html) != 1)
        .collect::<Vec<_>>();
        assert!(missed.is_empty(), "{missed:#?}");
        // CDATA is text in XML, and blocks still separate.
        let xml = b"<r><v>1212<![CDATA[12-12]]>12</v></r>";
        assert_eq!(found(&check("content/a.xml", "a.xml", xml, true)).len(), 1);
        assert_eq!(html_found("<div>121212</div><div>-1212</div>"), 0);
        assert_eq!(html_found("<p>121212<br>-1212</p>"), 0);
    }

    #[test]
    fn html5ever_backstop_catches_what_the_reader_misses() {
        // A NUL in body text is dropped by the HTML parser.
        let d = check("content/a.html", "a.html", b"<p>\n121212\0-1212</p>", true);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 1);
        // Found by both: reported once, where it is written.
        let d = check("content/a.html", "a.html", b"<p>\n121212-1212</p>", true);
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert_eq!(d[0].line, 2);
    }

    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    #[test]
    fn docx_alt_chunks_are_read_as_html_and_text() {
        let document = "<w:document xmlns:w=\"w\" xmlns:r=\"r\"><w:body><w:altChunk r:id=\"rId9\"/><w:altChunk r:id=\"rId10\"/></w:body></w:document>";
        let rels = format!(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId9\" Type=\"{RELS}/aFChunk\" Target=\"chunks/a.dat\"/>\
             <Relationship Id=\"rId10\" Type=\"{RELS}/aFChunk\" Target=\"/word/b.txt\"/>\
             <Relationship Id=\"rId11\" Type=\"{RELS}/aFChunk\" Target=\"https://x.example/c.htm\" TargetMode=\"External\"/>\
             </Relationships>"
        );
        let bytes = zip(&[
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", &rels),
            (
                "word/chunks/a.dat",
                "<html><body><p>121212<!-->-<b>12</b>12</p></body></html>",
            ),
            ("word/b.txt", "Pnr 19121212-1212\n"),
        ]);
        let d = run("a.docx", &bytes);
        assert_eq!(found(&d).len(), 2, "{d:?}");
        assert!(
            d.iter()
                .any(|d| d.message.en().contains("word/chunks/a.dat")),
            "{d:?}"
        );
        assert!(
            d.iter().any(|d| d.message.en().contains("word/b.txt")),
            "{d:?}"
        );
    }

    fn xlsx_with_format(code: &str, value: &str) -> Vec<u8> {
        let styles = format!(
            "<styleSheet xmlns=\"x\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"{code}\"/></numFmts>\
             <cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"
        );
        let sheet = format!(
            "<worksheet xmlns=\"x\"><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>{value}</v></c><c r=\"B1\"><v>8112189876</v></c></row></sheetData></worksheet>"
        );
        zip(&[
            ("xl/worksheets/sheet1.xml", &sheet),
            ("xl/styles.xml", &styles),
        ])
    }

    #[test]
    fn xlsx_number_formatted_as_a_personnummer_is_read_as_displayed() {
        for code in ["000000\\-0000", "000000&quot;-&quot;0000", "000000-0000"] {
            let d = run("a.xlsx", &xlsx_with_format(code, "8112189876"));
            assert_eq!(found(&d).len(), 1, "{code}: {d:?}");
            assert!(
                d[0].message.en().contains("xl/worksheets/sheet1.xml"),
                "{}",
                d[0].message.en()
            );
        }
        let d = run(
            "a.xlsx",
            &xlsx_with_format("00000000\\-0000", "198112189876"),
        );
        assert_eq!(found(&d).len(), 1, "{d:?}");
        // Plain numbers and other formats stay numbers.
        for code in ["0", "000\\ 000\\ 00\\ 00", "yyyy-mm-dd", "0.00"] {
            assert!(
                run("a.xlsx", &xlsx_with_format(code, "8112189876")).is_empty(),
                "{code}"
            );
        }
        assert_eq!(
            excel_format("000000\\-0000", "8112189876").as_deref(),
            Some("811218-9876")
        );
        assert_eq!(excel_format("#-00", "5").as_deref(), Some("-05"));
        assert_eq!(excel_format("00-00", "123456").as_deref(), Some("1234-56"));
    }

    #[test]
    fn an_office_part_past_the_part_cap_is_a_warning_naming_it() {
        let big = format!("<t>{}</t>", " ".repeat(200_000));
        let bytes = zip(&[
            ("word/document.xml", &big),
            ("word/footer1.xml", &format!("<t>{PNR}</t>")),
        ]);
        let mut diags = Vec::new();
        let mut unpack = Unpack {
            left: 10_000_000,
            part: 100_000,
        };
        check_office("content/a.docx", "", &bytes, 0, &mut unpack, &mut diags);
        assert_eq!(warnings(&diags).len(), 1, "{diags:?}");
        assert!(
            diags
                .iter()
                .any(|d| !d.is_error() && d.message.en().contains("word/document.xml")),
            "{diags:?}"
        );
        // The other parts are still read.
        assert_eq!(found(&diags).len(), 1, "{diags:?}");
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        o.extend_from_slice(data);
        o.extend_from_slice(b"\nendstream");
        o
    }

    /// A one-page PDF whose page draws `page` and has Form XObject `/Fm1`
    /// drawing `form`, both streams `filter`ed.
    fn form_pdf(page: &[u8], form: &[u8], filter: &str) -> Vec<u8> {
        let font = "/Resources << /Font << /F1 5 0 R >> >>";
        pdf_objects(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
              /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 7 0 R >> >> >>"
                .to_vec(),
            stream(filter, page),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_vec(),
            b"<< /Producer (samsyn test) >>".to_vec(),
            stream(
                &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {font} {filter}"),
                form,
            ),
        ])
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn pdf_text_in_form_xobjects_is_read() {
        let form = b"BT /F1 12 Tf 72 770 Td (Elev 811218-9876) Tj ET";
        let d = run("a.pdf", &form_pdf(b"q /Fm1 Do Q", form, ""));
        assert_eq!(found(&d).len(), 1, "{d:?}");
        assert!(
            d[0].message.en().contains("on page 1"),
            "{}",
            d[0].message.en()
        );
        // A form drawing itself ends at the depth cap, never in a loop.
        let selfish = b"/Fm1 Do /Fm1 Do BT /F1 12 Tf (811218-9876) Tj ET";
        let d = run("a.pdf", &form_pdf(b"/Fm1 Do", selfish, ""));
        assert!(!found(&d).is_empty(), "{d:?}");
    }

    #[test]
    fn pdf_pieces_on_one_line_join_and_lines_separate() {
        for content in [
            "BT /F1 12 Tf 72 770 Td (811218) Tj ET BT /F1 12 Tf 110 770 Td (-9876) Tj ET",
            "BT /F1 12 Tf 72 770 Td [(811218)] TJ [(-98) 20 (76)] TJ ET",
            "BT /F1 12 Tf 72 770 Td (811218) Tj 40 0 Td (-9876) Tj ET",
            "BT /F1 12 Tf 1 0 0 1 72 770 Tm (811218) Tj 1 0 0 1 110 770 Tm (-9876) Tj ET",
        ] {
            assert_eq!(
                found(&run("a.pdf", &pdf(content, ""))).len(),
                1,
                "{content}"
            );
        }
        for content in [
            "BT /F1 12 Tf 72 770 Td (811218) Tj 0 -14 Td (-9876) Tj ET",
            "BT /F1 12 Tf 14 TL 72 770 Td (811218) Tj T* (-9876) Tj ET",
            "BT /F1 12 Tf 72 770 Td (811218) Tj ET BT /F1 12 Tf 72 750 Td (-9876) Tj ET",
            "BT /F1 12 Tf 72 770 Td (811218) Tj (-9876) ' ET",
        ] {
            assert!(run("a.pdf", &pdf(content, "")).is_empty(), "{content}");
        }
    }

    #[test]
    fn pdf_flate_bomb_is_a_warning_naming_it() {
        let mut page = vec![b' '; 300_000];
        page.extend_from_slice(b"BT /F1 12 Tf 72 770 Td (Hej) Tj ET");
        let bytes = form_pdf(&zlib(&page), b"", "/Filter /FlateDecode");
        let mut diags = Vec::new();
        let mut unpack = Unpack {
            left: 10_000_000,
            part: 100_000,
        };
        check_pdf_within("content/a.pdf", &bytes, &mut unpack, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(!diags[0].is_error());
        assert!(
            diags[0].message.en().contains("more than"),
            "{}",
            diags[0].message.en()
        );
        assert_eq!(diags[0].file, "content/a.pdf");
        // Within the caps it reads.
        let mut diags = Vec::new();
        let mut unpack = Unpack {
            left: MAX_UNPACKED,
            part: MAX_PART,
        };
        check_pdf_within("content/a.pdf", &bytes, &mut unpack, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
    }
}
