//! What no file may hold, as diagnostics at its file, line and column:
//! a personal identity number (in its text or its name) and control
//! characters that feeds, calendars and pages cannot carry. Every reader
//! of a file (`parse` for pages, `config` for site.yaml, the pipeline for
//! attachments and `static/`) reports through these, so the messages are
//! the same everywhere.

use crate::error::Diagnostic;
use crate::lines::{line_col, line_of};
use crate::messages::msg;
use crate::privacy;

/// An error when a file's path (its name or a folder's) holds a personal
/// identity number: the path is the page's or attachment's address.
pub fn file_name_error(source: &str, content_path: &str) -> Option<Diagnostic> {
    if privacy::scan(content_path).is_empty() {
        return None;
    }
    Some(
        Diagnostic::error(source, 0, 0, msg!("guard.name_personnummer"))
            .with_hint(msg!("guard.name_personnummer.hint")),
    )
}

/// A control character that a value holds only once YAML has read its
/// escapes (`"\e"`), at the value's line of `file`.
pub fn escaped_control_character(file: &str, line: usize) -> Diagnostic {
    Diagnostic::error(file, line, 1, msg!("guard.escaped_control"))
        .with_hint(msg!("guard.escaped_control.hint"))
}

/// An error at the first control character of every line of `text` (the
/// file `source`) but tab and line endings: invisible in an editor, they
/// make a feed unreadable (XML cannot hold them), an HTML page invalid and
/// a calendar refused (a lone carriage return breaks its lines).
pub fn control_character_errors(source: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut last_line = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let allowed = match c {
            '\t' | '\n' => true,
            '\r' => chars.peek().is_some_and(|&(_, n)| n == '\n'),
            c => !c.is_control(),
        };
        if allowed {
            continue;
        }
        let line = line_of(text, at);
        if line == last_line {
            continue;
        }
        last_line = line;
        let (_, col) = line_col(text, at);
        out.push(
            Diagnostic::error(
                source,
                line,
                col,
                msg!("guard.control", code = format!("U+{:04X}", c as u32)),
            )
            .with_hint(msg!("guard.control.hint")),
        );
    }
    out
}

/// An error at every personal identity number in `text` (the file `source`).
pub fn personnummer_errors(source: &str, text: &str) -> Vec<Diagnostic> {
    privacy::scan(text)
        .into_iter()
        .map(|f| {
            let (line, col) = line_col(text, f.offset);
            Diagnostic::error(source, line, col, msg!("guard.personnummer"))
                .with_hint(msg!("guard.personnummer.hint"))
        })
        .collect()
}
