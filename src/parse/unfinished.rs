//! What shows a page is not finished: a scaffold's `«fyll i»` markers left
//! in (any kind: a marker is never meant to be published), and for
//! governing documents no `owner`, no `summary`, or a heading with nothing
//! under it. Warnings, so a site still builds while an editor writes; a
//! draft gets none, since it is unfinished by definition.
//!
//! One mistake, one message: a key that still holds its marker is reported
//! as that, not also as missing.

use super::ParsedPage;
use crate::error::Diagnostic;
use crate::lines::line_col;
use crate::messages::msg;
use crate::scaffold;

/// The warnings for what `page` (whose file text is `text`) leaves unfinished.
pub fn check(page: &ParsedPage, text: &str) -> Vec<Diagnostic> {
    if page.meta.draft {
        return Vec::new();
    }
    let front = &text[..page.body_offset.min(text.len())];
    let marked = front_matter_markers(front);
    let mut out: Vec<Diagnostic> = marked
        .iter()
        .map(|m| {
            let hint = match m.key.as_str() {
                "owner" => msg!("unfinished.owner_hint"),
                "summary" => msg!("unfinished.summary_hint"),
                _ => msg!("unfinished.marker_key_hint"),
            };
            Diagnostic::warning(
                &page.source,
                m.line,
                m.col,
                msg!("unfinished.marker_key", key = &m.key),
            )
            .with_hint(hint)
        })
        .collect();
    for &at in &page.body.markers {
        let (line, col) = page.body_position(text, at);
        out.push(
            Diagnostic::warning(&page.source, line, col, msg!("unfinished.marker_body"))
                .with_hint(msg!("unfinished.marker_body_hint")),
        );
    }
    if !page.kind.is_governing() {
        return out;
    }
    let is_marked = |key: &str| marked.iter().any(|m| m.key == key);
    if page.meta.owner.is_empty() && !is_marked("owner") {
        let line = key_line(front, "owner").unwrap_or_else(|| kind_line(front));
        out.push(
            Diagnostic::warning(&page.source, line, 1, msg!("unfinished.no_owner"))
                .with_hint(msg!("unfinished.owner_hint")),
        );
    }
    if page.meta.summary.is_none() && !is_marked("summary") {
        let line = key_line(front, "summary").unwrap_or_else(|| kind_line(front));
        out.push(
            Diagnostic::warning(&page.source, line, 1, msg!("unfinished.no_summary"))
                .with_hint(msg!("unfinished.summary_hint")),
        );
    }
    for h in page.body.headings.iter().filter(|h| h.empty) {
        let (line, col) = page.body_position(text, h.offset);
        out.push(
            Diagnostic::warning(
                &page.source,
                line,
                col,
                msg!("unfinished.empty_section", heading = &h.title),
            )
            .with_hint(msg!("unfinished.empty_section_hint")),
        );
    }
    out
}

/// A marker in the front matter, with the top-level key it belongs to.
struct Marked {
    key: String,
    line: usize,
    col: usize,
}

/// Every marker in a value of the front matter `front` (comments, which
/// YAML drops, are not values: a hint there may say «fyll i»).
fn front_matter_markers(front: &str) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut key = String::new();
    let mut start = 0;
    for line in front.split_inclusive('\n') {
        if let Some(k) = top_level_key(line) {
            key = k.to_string();
        }
        let value = &line[..comment_start(line)];
        for at in scaffold::markers(value) {
            let (line, col) = line_col(front, start + at);
            out.push(Marked {
                key: key.clone(),
                line,
                col,
            });
        }
        start += line.len();
    }
    out
}

/// The key a `key: value` line at the top level starts with.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '-' | '#') {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim()).filter(|k| !k.contains(char::is_whitespace))
}

/// Where the comment of a YAML line starts (its length if it has none): a
/// `#` at the start or after a space, outside quotes.
fn comment_start(line: &str) -> usize {
    let (mut single, mut double) = (false, false);
    let mut before = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && before != '\\' => double = !double,
            '#' if !single && !double && before.is_whitespace() => return i,
            _ => {}
        }
        before = c;
    }
    line.len()
}

/// The file line of top-level key `key` in the front matter.
fn key_line(front: &str, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|l| top_level_key(l) == Some(key))
        .map(|i| i + 1)
}

/// The line that makes the page a governing document (`kind:`), else 1.
fn kind_line(front: &str) -> usize {
    key_line(front, "kind").unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_comments_are_not_values() {
        let front = "---\nsummary: \"«fyll i»\" # «fyll i» here is a hint\nowner: «fyll i»\n# x: «fyll i»\ntags: ['a # «fyll i»']\n";
        let found: Vec<(String, usize, usize)> = front_matter_markers(front)
            .into_iter()
            .map(|m| (m.key, m.line, m.col))
            .collect();
        assert_eq!(
            found,
            vec![
                ("summary".into(), 2, 11),
                ("owner".into(), 3, 8),
                ("tags".into(), 5, 13)
            ]
        );
    }
}
