//! HTML as a reader gets it: the text it shows, with character references
//! decoded, and the attributes of its tags.
//!
//! This is not a sanitizer (ammonia is): it reads raw HTML from pages and
//! attachments so the personnummer guard sees what a reader would, and so
//! an editor is told which attribute was removed, and where. It never
//! fails; HTML it cannot make sense of is read as text.

use std::borrow::Cow;

/// One tag of an HTML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lower-cased name, without a namespace prefix (`svg:script` → `script`).
    pub name: String,
    pub closing: bool,
    /// Lower-cased attribute names with their values, character references
    /// decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<`.
    pub offset: usize,
}

#[cfg(test)]
impl Tag {
    /// The value of attribute `name`, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A piece of HTML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text between tags, as written (references not yet decoded), and its offset.
    Text(&'a str, usize),
    Tag(Tag),
    /// A comment, doctype or processing instruction: shows nothing.
    Hidden,
}

/// Elements that start a line of their own (and `br`, which ends one).
/// Every other tag, an unknown one included, sits inside a line of text
/// as browsers lay it out: removing it joins the text around it (so do
/// `script` and `style`, which show nothing).
pub(crate) const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "desc",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "xmp",
];

/// Splits `html` into text, tags and hidden parts.
pub fn tokens(html: &str) -> impl Iterator<Item = Token<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = html.get(at..).filter(|r| !r.is_empty())?;
        let start = at;
        if !rest.starts_with('<') || !starts_markup(rest) {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let len = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            at += len;
            return Some(Token::Text(&rest[..len], start));
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            at += 4 + comment_len(body);
            return Some(Token::Hidden);
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at += rest.find('>').map_or(rest.len(), |i| i + 1);
            return Some(Token::Hidden);
        }
        let (tag, len) = read_tag(rest, start);
        at += len;
        Some(Token::Tag(tag))
    })
}

/// The length of a comment's body and end after its `<!--`, as HTML ends
/// one: at once by `>` or `->`, else at the first `-->` or `--!>`.
fn comment_len(body: &str) -> usize {
    if body.starts_with('>') {
        return 1;
    }
    if body.starts_with("->") {
        return 2;
    }
    let end = |pat: &str| body.find(pat).map(|i| i + pat.len());
    match (end("-->"), end("--!>")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(body.len()),
    }
}

/// Whether `s` (starting with `<`) opens a tag, comment or declaration
/// rather than being a lone `<` in text.
fn starts_markup(s: &str) -> bool {
    let next = s[1..].chars().next();
    next.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// Reads one tag at the start of `s`; returns it and its length in bytes.
fn read_tag(s: &str, offset: usize) -> (Tag, usize) {
    let b = s.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let mut i = if closing { 2 } else { 1 };
    let name_end = i + s[i..]
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len() - i);
    let full = s[i..name_end].to_ascii_lowercase();
    let name = full.rsplit(':').next().unwrap_or(&full).to_string();
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let n_end = i + s[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(s.len() - i);
        let attr = s[i..n_end.max(i + 1).min(s.len())].to_ascii_lowercase();
        i = n_end.max(i + 1).min(s.len());
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (raw, len) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let inner = &s[i + 1..];
                    let end = inner.find(q as char).unwrap_or(inner.len());
                    (&inner[..end], end + 2)
                }
                _ => {
                    let end = s[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(s.len() - i);
                    (&s[i..i + end], end)
                }
            };
            value = decode_entities(raw).into_owned();
            i = (i + len).min(s.len());
        }
        attrs.push((attr, value));
    }
    let len = (i + 1).min(s.len());
    let tag = Tag {
        name,
        closing,
        attrs,
        offset,
    };
    (tag, len)
}

/// Appends what a reader gets from `html` to `out`: its text, with tags
/// of inline elements removed, other tags, comments and declarations as
/// line breaks, and every attribute value on a line of its own (titles,
/// alternative texts and addresses are shown too). `mark(position in
/// out, offset in html)` is called where each piece starts, so a finding
/// in `out` can be traced back to the HTML.
pub fn reader_text(html: &str, out: &mut String, mut mark: impl FnMut(usize, usize)) {
    for token in tokens(html) {
        match token {
            Token::Text(t, at) => {
                mark(out.len(), at);
                out.push_str(&decode_entities(t));
            }
            Token::Tag(tag) => {
                if BLOCK.contains(&tag.name.as_str()) {
                    out.push('\n');
                }
                for (_, value) in &tag.attrs {
                    if value.is_empty() {
                        continue;
                    }
                    out.push('\n');
                    mark(out.len(), tag.offset);
                    out.push_str(&crate::urls::percent_decode(value));
                    out.push('\n');
                }
            }
            Token::Hidden => {}
        }
    }
}

/// `text` with character references decoded. Numeric references are
/// decoded in full; of the named ones, those that give a digit, a dash, a
/// space, an invisible character or markup, which is every one that can
/// change what the personnummer guard or an attribute check reads. The
/// rest are left as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `s` stands for, and the
/// reference's length. The `;` may be left out, as browsers allow.
fn reference(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let n = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if n == 0 {
            return None;
        }
        let c = numeric_reference(&digits[..n], radix);
        let semi = usize::from(digits[n..].starts_with(';'));
        return Some((c, 1 + skip + n + semi));
    }
    let n = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let c = match &body[..n] {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "colon" => ':',
        "sol" => '/',
        "plus" => '+',
        "hyphen" | "dash" => '\u{2010}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "minus" => '\u{2212}',
        "nbsp" | "NonBreakingSpace" => '\u{A0}',
        "horbar" => '\u{2015}',
        "ensp" => '\u{2002}',
        "emsp13" => '\u{2004}',
        "emsp14" => '\u{2005}',
        "ThickSpace" => '\u{205F}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "af" | "ApplyFunction" => '\u{2061}',
        "it" | "InvisibleTimes" => '\u{2062}',
        "ic" | "InvisibleComma" => '\u{2063}',
        "emsp" => '\u{2003}',
        "numsp" => '\u{2007}',
        "puncsp" => '\u{2008}',
        "thinsp" | "ThinSpace" => '\u{2009}',
        "hairsp" | "VeryThinSpace" => '\u{200A}',
        "MediumSpace" => '\u{205F}',
        "shy" => '\u{AD}',
        "ZeroWidthSpace"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace"
        | "NegativeVeryThinSpace" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "NoBreak" => '\u{2060}',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => return None,
    };
    let semi = usize::from(body[n..].starts_with(';'));
    Some((c, 1 + n + semi))
}

/// Windows-1252, which is Latin-1 but for 0x80–0x9F (the five bytes it
/// leaves undefined read as their Latin-1 control characters).
pub(crate) fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The character of a numeric reference, as HTML reads one: any number
/// of leading zeros, 0x80–0x9F as Windows-1252 (`&#150;` is an en dash),
/// and U+FFFD for nothing, a surrogate or a value past Unicode.
fn numeric_reference(digits: &str, radix: u32) -> char {
    let significant = digits.trim_start_matches('0');
    let value = match u32::from_str_radix(significant, radix) {
        Ok(v) => v,
        Err(_) if significant.is_empty() => 0,
        Err(_) => return '\u{FFFD}',
    };
    match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => windows_1252(value as u8),
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        let mut out = String::new();
        reader_text(html, &mut out, |_, _| {});
        out
    }

    #[test]
    fn inline_tags_join_text_and_block_tags_separate_it() {
        assert_eq!(text_of("811218-<b>98</b>76"), "811218-9876");
        assert_eq!(text_of("<p>a</p><p>b</p>"), "\na\n\nb\n");
        assert_eq!(text_of("12<!-- x -->34"), "1234");
    }

    #[test]
    fn unknown_tags_join_text_as_browsers_show_it() {
        assert_eq!(text_of("811218<x>-</x>9876"), "811218-9876");
        assert_eq!(text_of("811218<label>-9876</label>"), "811218-9876");
        assert_eq!(text_of("<td>1</td><td>2</td>"), "\n1\n\n2\n");
    }

    #[test]
    fn comments_end_where_html_ends_them() {
        assert_eq!(text_of("1<!-->2"), "12");
        assert_eq!(text_of("1<!--->2"), "12");
        assert_eq!(text_of("1<!-- x --!>2"), "12");
        assert_eq!(text_of("1<!-- a --!> b -->2"), "1 b -->2");
    }

    #[test]
    fn numeric_references_read_as_browsers_read_them() {
        assert_eq!(decode_entities("&#00000000045;"), "-");
        assert_eq!(decode_entities("&#x000000002D;"), "-");
        assert_eq!(decode_entities("&#150;&#x96;"), "\u{2013}\u{2013}");
        assert_eq!(decode_entities("&#0;&#xD800;"), "\u{FFFD}\u{FFFD}");
        assert_eq!(
            decode_entities("&horbar;&emsp13;&ic;"),
            "\u{2015}\u{2004}\u{2063}"
        );
    }

    #[test]
    fn references_are_decoded() {
        assert_eq!(decode_entities("811218&#45;9876"), "811218-9876");
        assert_eq!(
            decode_entities("a&#x2D;b&ndash;c&nbsp;d"),
            "a-b\u{2013}c\u{A0}d"
        );
        assert_eq!(decode_entities("&amp;lt; &unknown; &"), "&lt; &unknown; &");
        assert_eq!(decode_entities("&#1234567890;"), "\u{FFFD}");
    }

    #[test]
    fn attribute_values_are_read_as_text() {
        assert_eq!(
            text_of(r#"<img alt="pnr 121212&#45;1212" src=x.png>"#),
            "\npnr 121212-1212\n\nx.png\n"
        );
    }

    #[test]
    fn tags_have_lower_case_names_and_attributes() {
        let tags: Vec<Tag> = tokens(r#"<DIV Class="a" ONCLICK='x()' hidden><svg:Script>"#)
            .filter_map(|t| match t {
                Token::Tag(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tags[0].name, "div");
        assert_eq!(tags[0].attr("class"), Some("a"));
        assert_eq!(tags[0].attr("onclick"), Some("x()"));
        assert_eq!(tags[0].attr("hidden"), Some(""));
        assert_eq!(tags[1].name, "script");
    }

    #[test]
    fn broken_html_never_panics() {
        for s in [
            "<",
            "<a",
            "<a b=",
            "<a b=\"",
            "&#",
            "&#x;",
            "<!--",
            "<!",
            "<a/ b>",
            "&",
            "å<",
            "<å",
            "<a å=ö>",
        ] {
            let _ = text_of(s);
            let _ = decode_entities(s);
        }
    }
}
