//! The common YAML mistakes of editors, found in the text and said in
//! plain words; and Word's typographic quotes, read as quotes.
//!
//! The parser's own words ("mapping values are not allowed in this
//! context") say nothing to a municipal editor. When a text does not
//! parse, [`explain`] looks at the text around the parser's position for
//! the mistakes editors make (a tab, a quote never closed, a `: ` inside a
//! value, a line indented by mistake) and says which one it is, where, and
//! what to write instead. Anything else keeps the parser's description,
//! inside a sentence an editor can still act on.
//!
//! Word turns `"` into `“` and `”` as one types. [`straighten_quotes`]
//! reads a whole value written in typographic quotes as if it were in
//! straight ones (without it, `summary: “Hur: vi gör”` is a YAML error
//! that tells the editor to quote a value they believe is quoted), and
//! says where, so that the editor can fix it. It keeps every byte offset:
//! positions in the straightened text are positions in the original.

use std::borrow::Cow;

use crate::messages::msg;
use crate::messages::Message;

/// A parse error in plain words, at a byte offset of the text.
pub struct Explained {
    pub message: Message,
    pub hint: Option<Message>,
    pub offset: usize,
}

/// The editor's mistake behind the parser's error `parser` at byte
/// `offset` of `text`, when it is one of the common ones; else the
/// parser's words in a sentence.
pub fn explain(text: &str, parser: &str, offset: usize) -> Explained {
    let said = |message, hint, offset| Explained {
        message,
        hint: Some(hint),
        offset,
    };
    if let Some(at) = tab_at(text, parser, offset) {
        return said(msg!("yaml.tab"), msg!("yaml.tab_hint"), at);
    }
    let line = line_around(text, offset);
    if parser.contains("unclosed quote") {
        let quote = text[offset..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'');
        let quote = quote.unwrap_or('"');
        return said(
            msg!("yaml.unclosed_quote", quote = quote),
            msg!("yaml.unclosed_quote_hint", quote = quote),
            offset,
        );
    }
    if parser.contains("unclosed bracket") {
        return said(
            msg!("yaml.unclosed_bracket"),
            msg!("yaml.unclosed_bracket_hint"),
            offset,
        );
    }
    if let Some(key) = parser
        .strip_prefix("duplicate mapping key `")
        .and_then(|r| r.split_once('`'))
        .map(|(k, _)| k)
    {
        return said(
            msg!("yaml.duplicate_key", key = key),
            msg!("yaml.duplicate_key_hint", key = key),
            offset,
        );
    }
    if parser.contains("trailing content after") {
        return said(
            msg!("yaml.after_quote"),
            msg!("yaml.after_quote_hint"),
            offset,
        );
    }
    let indentation = parser.contains("did not find expected")
        || parser.contains("not allowed in this context") && line.indented_under_a_value(text);
    if indentation {
        return said(
            msg!("yaml.indentation"),
            msg!("yaml.indentation_hint"),
            line.start + line.indent(),
        );
    }
    if parser.contains("mapping values are not allowed") {
        if let Some((key, value)) = line.key_value() {
            return said(
                msg!("yaml.colon_in_value", key = key),
                msg!("yaml.colon_in_value_hint", key = key, value = value),
                offset,
            );
        }
    }
    said(
        msg!("yaml.unreadable", detail = parser),
        msg!("yaml.unreadable_hint"),
        offset,
    )
}

/// Where a tab is that the parser stumbled on: the first tab in the
/// indentation of any line, or, when the parser speaks of a tab, the
/// first tab from the line of its error on.
fn tab_at(text: &str, parser: &str, offset: usize) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(start + i);
        }
        start += line.len();
    }
    if !parser.contains("tab") {
        return None;
    }
    let from = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text[from..].find('\t').map(|i| from + i)
}

/// One line of the text, by byte offsets.
struct Line<'a> {
    text: &'a str,
    start: usize,
}

fn line_around(text: &str, offset: usize) -> Line<'_> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Line {
        text: text[start..end].trim_end_matches('\r'),
        start,
    }
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// `key` and value of a `key: value` line.
    fn key_value(&self) -> Option<(&str, &str)> {
        let (key, value) = self.text.trim_start().split_once(": ")?;
        let key = key.trim_start_matches("- ").trim();
        Some((key, value.trim())).filter(|(k, v)| !k.is_empty() && !v.is_empty())
    }

    /// Whether this line is indented further than the line above it,
    /// which already has its value (`title: A` over `  summary: B`): the
    /// spaces in front are a mistake, not a value in two levels.
    fn indented_under_a_value(&self, text: &str) -> bool {
        let above = text[..self.start]
            .lines()
            .rev()
            .map(|l| l.trim_end_matches('\r'))
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let Some(above) = above else {
            return false;
        };
        let above_indent = above.len() - above.trim_start_matches(' ').len();
        let has_value = above
            .split_once(':')
            .is_some_and(|(_, v)| !v.trim().is_empty());
        self.indent() > above_indent && has_value
    }
}

/// Typographic quotation marks that can open a value, and those that can
/// close one (Swedish writes ” ”, German „ “, English “ ”, some » «).
const OPENING: &[char] = &['“', '”', '„', '‘', '’', '‚', '»', '«'];
const CLOSING: &[char] = &['”', '“', '’', '‘', '»', '«'];

/// `text` with every value written wholly in typographic quotes
/// (`summary: “Hur vi gör”`, `- ”rektor”`) in straight ones instead, and
/// the byte offset of each opening mark. The marks are replaced by a quote
/// and spaces of the same length in bytes, so every offset is kept.
pub fn straighten_quotes(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    if !text.contains(OPENING) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    // The indentation of a `key: |` or `key: >` line while in its block:
    // a block's lines are text as written, quotes and all.
    let mut block: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        if let Some(at) = block {
            if blank || indent > at {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let value = value_start(line.trim_end()).map(|v| line[v..].trim_start());
        if value.is_some_and(|v| v.starts_with(['|', '>'])) {
            block = Some(indent);
        }
        match straighten_line(line) {
            Some((straight, at)) => {
                found.push(out.len() + at);
                out.push_str(&straight);
            }
            None => out.push_str(line),
        }
    }
    (Cow::Owned(out), found)
}

/// The line with its value in straight quotes, and the offset of the
/// opening mark, when its whole value is in typographic quotes.
fn straighten_line(line: &str) -> Option<(String, usize)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let value_at = value_start(body)?;
    let value = body[value_at..].trim_end();
    let open = value.chars().next().filter(|c| OPENING.contains(c))?;
    let close = value.chars().next_back().filter(|c| CLOSING.contains(c))?;
    let inner = &value[open.len_utf8()..value.len() - close.len_utf8()];
    if value.chars().count() < 2 || inner.contains(OPENING) {
        return None;
    }
    // Single quotes take any text but `'`; double quotes then, if the text
    // has no `"` and no `\` (which would start an escape).
    let quote = if !inner.contains('\'') {
        '\''
    } else if !inner.contains(['"', '\\']) {
        '"'
    } else {
        return None;
    };
    let pad = |c: char| " ".repeat(c.len_utf8() - 1);
    let mut out = String::with_capacity(line.len());
    out.push_str(&body[..value_at]);
    out.push_str(&pad(open));
    out.push(quote);
    out.push_str(inner);
    out.push(quote);
    out.push_str(&pad(close));
    out.push_str(&line[value_at + value.len()..]);
    Some((out, value_at))
}

/// Where the value of a `key: value` or `- value` line starts.
fn value_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if let Some(rest) = trimmed.strip_prefix("- ") {
        let skip = rest.len() - rest.trim_start().len();
        return Some(indent + 2 + skip);
    }
    let colon = trimmed.find(": ")?;
    let key = &trimmed[..colon];
    if key.is_empty() || key.contains(['"', '\'', '#']) || key.contains(OPENING) {
        return None;
    }
    let rest = &trimmed[colon + 2..];
    let skip = rest.len() - rest.trim_start().len();
    Some(indent + colon + 2 + skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_become_straight_ones_of_the_same_length() {
        let text = "title: A\nsummary: “Hur: vi gör”\nroles:\n  - ”rektor”\nx: »a's«\n";
        let (straight, found) = straighten_quotes(text);
        assert_eq!(straight.len(), text.len());
        assert!(
            straight.contains("summary:   'Hur: vi gör'  \n"),
            "{straight}"
        );
        assert!(straight.contains("  -   'rektor'  \n"), "{straight}");
        assert!(straight.contains("x:  \"a's\" \n"), "{straight}");
        let lines: Vec<_> = found
            .iter()
            .map(|o| crate::lines::line_col(text, *o))
            .collect();
        assert_eq!(lines, [(2, 10), (4, 5), (5, 4)]);
    }

    #[test]
    fn a_block_of_text_is_kept_and_the_keys_after_it_straightened() {
        let text = "summary: >\n  “a”\ntitle: “T”\n";
        let (straight, found) = straighten_quotes(text);
        assert!(
            straight.starts_with("summary: >\n  “a”\ntitle:   'T'"),
            "{straight}"
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn quotes_inside_a_value_are_kept() {
        for text in ["summary: Vi gör “så här”\n", "“a”: b\n", "x: “a” och “b”\n"]
        {
            let (straight, found) = straighten_quotes(text);
            assert_eq!(straight, text);
            assert!(found.is_empty(), "{text}");
        }
    }
}
