//! Includes: `{{#include ../delat/samtycke.md}}` lines replaced by the
//! body of the file they name, before the body is rendered.
//!
//! A page's body is then made of its own text and of other files' texts.
//! Parsing stays a function of its inputs: [`Expanded::files`] lists every
//! file the expansion read (or looked for), so the parse fingerprint covers
//! their texts and `serve` re-parses the pages that include a changed file.

use crate::{frontmatter, urls};

/// How deep includes may nest (a page includes a file that includes a
/// file, …): past this the include is an error, not a hang.
pub const MAX_DEPTH: usize = 8;

/// The text of a Markdown file under `content/`, by content path.
pub type Lookup<'a> = dyn Fn(&str) -> Option<&'a str> + Sync + 'a;

/// A body with its includes put in.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The body to render.
    pub text: String,
    /// Where each stretch of [`Expanded::text`] comes from, by start.
    pub parts: Vec<Part>,
    /// Every content path an include named, in order, without repeats
    /// (also those that do not exist, so their appearing is a change).
    pub files: Vec<String>,
    /// What is wrong with the page's own include lines.
    pub problems: Vec<Problem>,
}

/// One stretch of an expanded body.
#[derive(Debug, Clone)]
pub struct Part {
    /// Byte offset in the expanded text where it starts.
    pub start: usize,
    /// The folder under `content/` its links are relative to.
    pub dir: String,
    /// Where it is in the page's own body: for the page's own text the
    /// offset of `start`; for an included text the offset of the include
    /// line that brought it in.
    pub from: usize,
    /// Whether it is the page's own text (offsets inside map one to one).
    pub own: bool,
}

/// An include line that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the page's own body of the include line's path.
    pub offset: usize,
    pub what: What,
}

/// What is wrong with an include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// No Markdown file at that path (as written).
    Missing(String),
    /// The path climbs out of `content/` (as written).
    OutOfContent(String),
    /// Not a `.md` file (as written).
    NotMarkdown(String),
    /// The files include each other: the content paths of the circle,
    /// ending with the one it started from.
    Circle(Vec<String>),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl Expanded {
    /// The offset in the page's own body that `at` (an offset in the
    /// expanded text) stands for: an included text's offsets all map to
    /// the include line.
    pub fn own_offset(&self, at: usize) -> usize {
        let i = self.parts.partition_point(|p| p.start <= at);
        match i.checked_sub(1).map(|i| &self.parts[i]) {
            Some(p) if p.own => p.from + (at - p.start),
            Some(p) => p.from,
            None => at,
        }
    }

    /// Whether offset `at` of the expanded text is the page's own text, not
    /// an included file's.
    pub fn is_own(&self, at: usize) -> bool {
        let i = self.parts.partition_point(|p| p.start <= at);
        i.checked_sub(1).is_none_or(|i| self.parts[i].own)
    }

    /// The folders links are relative to, by start in the expanded text.
    pub fn dirs(&self) -> Vec<(usize, &str)> {
        self.parts
            .iter()
            .map(|p| (p.start, p.dir.as_str()))
            .collect()
    }
}

/// Expands the includes of `body`, the body of the page at `content_path`.
pub fn expand(body: &str, content_path: &str, lookup: &Lookup<'_>) -> Expanded {
    let mut out = Expanded::default();
    let mut stack = vec![content_path.to_string()];
    let mut walk = Walker {
        lookup,
        out: &mut out,
        stack: &mut stack,
    };
    walk.text(body, content_path, None);
    out
}

struct Walker<'w, 'a> {
    lookup: &'w Lookup<'a>,
    out: &'w mut Expanded,
    /// The files being expanded, the page first.
    stack: &'w mut Vec<String>,
}

impl Walker<'_, '_> {
    /// Appends `text` (of the file at `path`), expanding its include lines.
    /// `origin`: the include line of the page that brought it in, if it is
    /// not the page's own text.
    fn text(&mut self, text: &str, path: &str, origin: Option<usize>) {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        // Nearly every page includes nothing: one search for the words an
        // include line starts with instead of reading it line by line.
        if !may_include(text) {
            self.push(text, &dir, origin, 0);
            return;
        }
        let mut fence: Option<(char, usize)> = None;
        let (mut pos, mut seg) = (0, 0);
        for line in text.split_inclusive('\n') {
            let bare = line.trim_end_matches(['\n', '\r']);
            if let Some((c, n)) = fence {
                if closes_fence(bare, c, n) {
                    fence = None;
                }
            } else if let Some(f) = opens_fence(bare) {
                fence = Some(f);
            } else if let Some((target, col)) = include_target(bare) {
                self.push(&text[seg..pos], &dir, origin, seg);
                let at = origin.unwrap_or(pos + col);
                self.include(target, &dir, at, origin.is_none());
                seg = pos + line.len();
            }
            pos += line.len();
        }
        self.push(&text[seg..], &dir, origin, seg);
    }

    fn push(&mut self, piece: &str, dir: &str, origin: Option<usize>, at: usize) {
        if piece.is_empty() {
            return;
        }
        self.out.parts.push(Part {
            start: self.out.text.len(),
            dir: dir.to_string(),
            from: origin.unwrap_or(at),
            own: origin.is_none(),
        });
        self.out.text.push_str(piece);
    }

    /// Puts in the file `written` names (relative to `dir`); `at` is the
    /// page's own include line that led here, `own` whether it is that line.
    fn include(&mut self, written: &str, dir: &str, at: usize, own: bool) {
        let problem = |out: &mut Expanded, what| {
            out.problems.push(Problem { offset: at, what });
        };
        let decoded = urls::percent_decode(written);
        let Some(path) = urls::join(dir, &decoded) else {
            if own {
                problem(self.out, What::OutOfContent(written.to_string()));
            }
            return;
        };
        if !path.ends_with(".md") {
            if own {
                problem(self.out, What::NotMarkdown(written.to_string()));
            }
            return;
        }
        if !self.out.files.contains(&path) {
            self.out.files.push(path.clone());
        }
        if let Some(i) = self.stack.iter().position(|p| *p == path) {
            // Each file of a circle reports it at its own line; the page
            // reports a circle through other files only if it is in it.
            if own || i == 0 {
                let mut circle = self.stack[i..].to_vec();
                circle.push(path);
                problem(self.out, What::Circle(circle));
            }
            return;
        }
        let Some(text) = (self.lookup)(&path) else {
            if own {
                problem(self.out, What::Missing(written.to_string()));
            }
            return;
        };
        if self.stack.len() > MAX_DEPTH {
            problem(self.out, What::TooDeep);
            return;
        }
        let body = &text[frontmatter::body_offset(text)..];
        self.stack.push(path.clone());
        self.text(body, &path, Some(at));
        if !body.is_empty() && !body.ends_with('\n') {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            self.push("\n", &dir, Some(at), 0);
        }
        self.stack.pop();
    }
}

/// Whether `text` may have an include line: without this its expansion
/// never looks up another file.
pub fn may_include(text: &str) -> bool {
    text.contains("{{#include")
}

/// The path of an include line and the byte column it starts at: the
/// whole line is `{{#include PATH}}`, indented less than a code block.
fn include_target(line: &str) -> Option<(&str, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    // The same words as `may_include` looks for.
    let inner = line.trim().strip_prefix("{{#include")?.strip_suffix("}}")?;
    let path = inner.trim();
    if path.is_empty() || inner.len() == path.len() {
        return None;
    }
    let col = line.find(path).unwrap_or(indent);
    Some((path, col))
}

/// The fence character and length a line opens a fenced code block with.
fn opens_fence(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.len() - rest.trim_start_matches(c).len();
    // A backtick fence's info string cannot hold a backtick.
    let info_ok = c == '~' || !rest[n..].contains('`');
    (n >= 3 && info_ok).then_some((c, n))
}

fn closes_fence(line: &str, c: char, n: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let len = rest.len() - rest.trim_start_matches(c).len();
    indent <= 3 && len >= n && rest[len..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(all: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> + Sync + 'a {
        move |p| all.iter().find(|(q, _)| *q == p).map(|(_, t)| *t)
    }

    #[test]
    fn a_page_without_include_lines_is_its_own_text_in_its_folder() {
        let lookup = files(&[]);
        let body = "Före.\n```\n{{#incl\n```\n[a](b.md) och {{ x }}\n";
        let e = expand(body, "rutiner/r.md", &lookup);
        assert_eq!(e.text, body);
        assert!(e.problems.is_empty() && e.files.is_empty());
        assert_eq!(e.dirs(), [(0, "rutiner")]);
        assert!(e.is_own(body.len() - 1));
        assert_eq!(e.own_offset(7), 7);
    }

    #[test]
    fn an_include_line_takes_the_files_body_and_keeps_its_folder() {
        let all = [("delat/a.md", "---\ntitle: A\n---\nDelad [länk](b.md).\n")];
        let lookup = files(&all);
        let body = "Före.\n\n{{#include ../delat/a.md}}\n\nEfter.\n";
        let e = expand(body, "rutiner/r.md", &lookup);
        assert_eq!(e.text, "Före.\n\nDelad [länk](b.md).\n\nEfter.\n");
        assert!(e.problems.is_empty());
        assert_eq!(e.files, ["delat/a.md"]);
        let dirs = e.dirs();
        let line = "Före.\n\n".len();
        assert_eq!(dirs[1], (line, "delat"));
        assert_eq!(dirs[2].1, "rutiner");
        // Inside the included text, offsets point at the include's path.
        assert_eq!(e.own_offset(line + 3), line + "{{#include ".len());
        assert_eq!(e.own_offset(e.text.len() - 2), body.len() - 2);
    }

    #[test]
    fn fenced_code_shows_an_include_line_as_written() {
        let lookup = files(&[]);
        let body = "```\n{{#include a.md}}\n```\n~~~~\n{{#include a.md}}\n~~~~\n";
        let e = expand(body, "r.md", &lookup);
        assert_eq!(e.text, body);
        assert!(e.problems.is_empty());
    }

    #[test]
    fn missing_files_and_circles_are_problems_at_the_own_line() {
        let all = [
            ("a.md", "{{#include b.md}}\n"),
            ("b.md", "{{#include a.md}}\n"),
        ];
        let lookup = files(&all);
        let e = expand("x\n{{#include saknas.md}}\n", "r.md", &lookup);
        assert_eq!(e.problems[0].what, What::Missing("saknas.md".into()));
        assert_eq!(e.problems[0].offset, 2 + "{{#include ".len());
        let e = expand("{{#include b.md}}\n", "a.md", &lookup);
        assert_eq!(
            e.problems[0].what,
            What::Circle(vec!["a.md".into(), "b.md".into(), "a.md".into()])
        );
        let e = expand("{{#include r.md}}\n", "r.md", &lookup);
        assert_eq!(e.problems.len(), 1);
        let e = expand("{{#include ../../x.md}}\n", "r.md", &lookup);
        assert!(matches!(e.problems[0].what, What::OutOfContent(_)));
    }
}
