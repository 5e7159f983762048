//! The body of an imported page: the document's blocks as Markdown that
//! samsyn's own reader gives back as the document showed them. Every
//! character Markdown could read as markup is escaped, so no text of the
//! document becomes a link, an HTML tag or an `{{#include}}` by accident.

use crate::messages::msg;
use crate::messages::Message;

use super::docx::{Block, Inline, Link, Para, ParaStyle};

/// An image as the page links it: its file name beside the page and its
/// alternative text. `None` for one that was not saved.
pub type Placed = Option<(String, String)>;

/// Turns blocks into Markdown.
pub struct Writer<'a> {
    images: &'a [Placed],
    out: String,
    /// Open list levels: list id, numbered, content column, number.
    levels: Vec<(String, bool, usize, usize)>,
    /// The last number given at each level of each list: Word goes on
    /// numbering a list after a paragraph between its items.
    numbers: std::collections::HashMap<(String, usize), usize>,
    dropped_links: Vec<String>,
    anchors: usize,
}

/// The Markdown of `blocks` and what it could not carry (links that
/// lead nowhere on the intranet).
pub fn write(blocks: &[Block], images: &[Placed]) -> (String, Vec<Message>) {
    let mut w = Writer {
        images,
        out: String::new(),
        levels: Vec::new(),
        numbers: std::collections::HashMap::new(),
        dropped_links: Vec::new(),
        anchors: 0,
    };
    for block in blocks {
        match block {
            Block::Para(p) => w.para(p),
            Block::Table(rows) => {
                w.levels.clear();
                w.table(rows);
            }
        }
    }
    let mut notes = Vec::new();
    w.dropped_links.dedup();
    for target in &w.dropped_links {
        notes.push(msg!("import.link_dropped", target = target));
    }
    if w.anchors > 0 {
        notes.push(msg!("import.anchors_dropped", count = w.anchors));
    }
    let body = w.out.trim_end().to_string();
    (body, notes)
}

impl Writer<'_> {
    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            if !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            self.out.push('\n');
        }
    }

    fn para(&mut self, p: &Para) {
        let heading = match p.style {
            ParaStyle::Title => Some(1),
            ParaStyle::Heading(n) => Some(n),
            ParaStyle::Body => None,
        };
        if let Some(n) = heading {
            let text = self.inline(&p.inlines, false, 0).replace("\\\n", " ");
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                self.levels.clear();
                self.blank_line();
                let hashes = "#".repeat(usize::from(n).saturating_add(1).min(6));
                self.out.push_str(&format!("{hashes} {text}\n\n"));
            }
            return;
        }
        match &p.list {
            Some(item) => self.item(p, &item.num_id, item.level, item.ordered),
            None => {
                let text = self.inline(&p.inlines, true, 0);
                if text.trim().is_empty() {
                    return;
                }
                self.levels.clear();
                self.blank_line();
                self.out.push_str(&text);
                self.out.push_str("\n\n");
            }
        }
    }

    /// One list paragraph, nested by its level under the items before it.
    fn item(&mut self, p: &Para, num_id: &str, level: usize, ordered: bool) {
        let level = level.min(self.levels.len());
        let other_list = level == 0
            && self
                .levels
                .first()
                .is_some_and(|(id, o, _, _)| id != num_id || *o != ordered);
        if self.levels.is_empty() || other_list {
            self.blank_line();
        }
        self.levels.truncate(level + 1);
        let same = self
            .levels
            .get(level)
            .is_some_and(|(id, o, _, _)| id == num_id && *o == ordered);
        if !same {
            let column = if level == 0 {
                0
            } else {
                self.levels[level - 1].2
            };
            self.levels.truncate(level);
            self.levels.push((num_id.to_string(), ordered, column, 0));
        }
        let parent = if level == 0 {
            0
        } else {
            self.levels[level - 1].2
        };
        let number = self.numbers.entry((num_id.to_string(), level)).or_insert(0);
        *number += 1;
        let number = *number;
        self.numbers
            .retain(|(id, l), _| id != num_id || *l <= level);
        let Some(entry) = self.levels.get_mut(level) else {
            return;
        };
        entry.3 = number;
        let marker = if ordered {
            format!("{number}. ")
        } else {
            "- ".to_string()
        };
        entry.2 = parent + marker.chars().count();
        let column = entry.2;
        let text = self.inline(&p.inlines, true, column);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(&" ".repeat(parent));
        self.out.push_str(&marker);
        self.out.push_str(text.trim_end());
        self.out.push('\n');
    }

    fn table(&mut self, rows: &[Vec<Vec<Para>>]) {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| self.cell(cell)).collect())
            .collect();
        let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 || cells.iter().flatten().all(|c| c.is_empty()) {
            return;
        }
        self.blank_line();
        for (i, row) in cells.iter().enumerate() {
            let mut line = String::from("|");
            for c in 0..columns {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                line.push_str(&format!(" {text} |"));
            }
            self.out.push_str(&line);
            self.out.push('\n');
            if i == 0 {
                self.out.push('|');
                self.out.push_str(&" --- |".repeat(columns));
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }

    fn cell(&mut self, paras: &[Para]) -> String {
        let parts: Vec<String> = paras
            .iter()
            .map(|p| self.inline(&p.inlines, true, 0))
            .map(|t| t.replace("\\\n", " ").replace('\n', " "))
            .filter(|t| !t.trim().is_empty())
            .collect();
        parts.join(" ").trim().to_string()
    }

    /// A paragraph's inlines; breaks continue at `column` spaces.
    fn inline(&mut self, inlines: &[Inline], emphasis: bool, column: usize) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < inlines.len() {
            match &inlines[i] {
                Inline::Text {
                    link: Some(link), ..
                } => {
                    let start = i;
                    while matches!(&inlines.get(i), Some(Inline::Text { link: Some(l), .. }) if l == link)
                    {
                        i += 1;
                    }
                    let text = self.inline_texts(&inlines[start..i], emphasis);
                    out.push_str(&self.link(link, &text));
                    continue;
                }
                Inline::Text { .. } => {
                    let text = self.inline_texts(&inlines[i..=i], emphasis);
                    out.push_str(&text);
                }
                Inline::Break => {
                    let trimmed = out.trim_end().len();
                    out.truncate(trimmed);
                    if !out.is_empty() && i + 1 < inlines.len() {
                        out.push_str("\\\n");
                    }
                }
                Inline::Image(n) => {
                    if let Some(Some((file, alt))) = self.images.get(*n) {
                        out.push_str(&format!("![{}]({file})", escape(alt)));
                    }
                }
            }
            i += 1;
        }
        // A line may not begin with spaces (four make code).
        let trimmed: Vec<&str> = out.split('\n').map(str::trim_start).collect();
        let mut joined = String::new();
        for (n, line) in trimmed.iter().enumerate() {
            if n > 0 {
                joined.push('\n');
                joined.push_str(&" ".repeat(column));
                joined.push_str(&escape_line_start(line));
            } else {
                joined.push_str(&escape_line_start(line));
            }
        }
        joined.trim_end().to_string()
    }

    fn inline_texts(&self, runs: &[Inline], emphasis: bool) -> String {
        let mut out = String::new();
        for run in runs {
            if let Inline::Text {
                text, bold, italic, ..
            } = run
            {
                let escaped = escape(text);
                let mark = match (emphasis, *bold, *italic) {
                    (false, _, _) | (true, false, false) => "",
                    (true, true, false) => "**",
                    (true, false, true) => "*",
                    (true, true, true) => "***",
                };
                out.push_str(&emphasised(&escaped, mark));
            }
        }
        out
    }

    fn link(&mut self, link: &Link, text: &str) -> String {
        match link {
            Link::Target(url) => {
                let lower = url.to_ascii_lowercase();
                let web = ["http://", "https://", "mailto:", "tel:"]
                    .iter()
                    .any(|s| lower.starts_with(s));
                if !web || text.trim().is_empty() {
                    if !web {
                        self.dropped_links.push(url.clone());
                    }
                    return text.to_string();
                }
                let dest = url
                    .replace(' ', "%20")
                    .replace('<', "%3C")
                    .replace('>', "%3E");
                format!("[{text}](<{dest}>)")
            }
            Link::Anchor(_) => {
                self.anchors += 1;
                text.to_string()
            }
        }
    }
}

/// `text` between `mark`s, its surrounding spaces kept outside them.
fn emphasised(text: &str, mark: &str) -> String {
    let core = text.trim();
    if mark.is_empty() || core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let tail = &text[text.trim_end().len()..];
    format!("{lead}{mark}{core}{mark}{tail}")
}

/// Text with every character Markdown (and samsyn's `{{#include}}`,
/// heading attributes and alerts) could read as markup escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '{' | '}' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            '!' if chars.get(i + 1) == Some(&'[') => out.push_str("\\!"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A line whose start Markdown would read as a heading, quote, list item
/// or rule, escaped there.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    if matches!(first, Some('#' | '>' | '-' | '+' | '=')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(line[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::ListItem;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.to_string(),
            bold: false,
            italic: false,
            link: None,
        }
    }

    fn item(s: &str, level: usize, ordered: bool) -> Block {
        Block::Para(Para {
            style: ParaStyle::Body,
            list: Some(ListItem {
                num_id: "1".into(),
                level,
                ordered,
            }),
            inlines: vec![text(s)],
        })
    }

    #[test]
    fn nested_lists_indent_under_their_parent() {
        let blocks = vec![
            item("Ett", 0, true),
            item("Punkt", 1, false),
            item("Två", 0, true),
        ];
        let (md, _) = write(&blocks, &[]);
        assert_eq!(md, "1. Ett\n   - Punkt\n2. Två");
    }

    #[test]
    fn numbering_goes_on_after_a_paragraph_between_items() {
        let between = Block::Para(Para {
            inlines: vec![text("Mellan")],
            ..Para::default()
        });
        let blocks = vec![item("Ett", 0, true), between, item("Två", 0, true)];
        let (md, _) = write(&blocks, &[]);
        assert_eq!(md, "1. Ett\n\nMellan\n\n2. Två");
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("a *b* <c> {{#include x}}"),
            "a \\*b\\* \\<c\\> \\{\\{#include x\\}\\}"
        );
        assert_eq!(escape_line_start("1. april"), "1\\. april");
        assert_eq!(escape_line_start("# x"), "\\# x");
    }

    #[test]
    fn emphasis_keeps_spaces_outside() {
        assert_eq!(emphasised("Obs ", "**"), "**Obs** ");
    }
}
