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
    for at in control_offsets(text.as_bytes()) {
        let line = line_of(text, at);
        if line == last_line {
            continue;
        }
        last_line = line;
        let (_, col) = line_col(text, at);
        let code = text[at..].chars().next().map_or(0, u32::from);
        out.push(
            Diagnostic::error(
                source,
                line,
                col,
                msg!("guard.control", code = format!("U+{code:04X}")),
            )
            .with_hint(msg!("guard.control.hint")),
        );
    }
    out
}

/// Where the control characters but tab and line endings start in
/// `bytes` (valid UTF-8).
fn control_offsets(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    // Tab and line feed, below 0x20 too, are never control characters
    // here: stopping at every line end cost more than the rest of the scan.
    // A carriage return is read (it is one unless a line feed follows).
    let maybe = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || b == 0xC2;
    while let Some(i) = privacy::first_byte(&bytes[from..], maybe) {
        let at = from + i;
        from = at + 1;
        if is_control_at(bytes, at) {
            out.push(at);
        }
    }
    out
}

/// Whether a control character other than tab and a line ending starts at
/// byte `i` of `bytes` (valid UTF-8). Read as bytes, not characters: the
/// C0 controls and DEL are single bytes, the C1 controls (U+0080–U+009F)
/// are 0xC2 and a second byte 0x80–0x9F, and no other character starts so.
fn is_control_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' => false,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        0..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        _ => false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the characters `char::is_control` calls control are, but tab
    /// and line endings: the reading before the byte scan.
    fn reference(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let allowed = match c {
                '\t' | '\n' => true,
                '\r' => chars.peek().is_some_and(|&(_, n)| n == '\n'),
                c => !c.is_control(),
            };
            if !allowed {
                out.push(at);
            }
        }
        out
    }

    fn found(text: &str) -> Vec<usize> {
        control_offsets(text.as_bytes())
    }

    #[test]
    fn every_character_reads_as_it_did() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [format!("a{c}\r"), format!("\r{c}")] {
                assert_eq!(found(&text), reference(&text), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn control_characters_are_found_at_their_columns() {
        let text = "rad\r\nett\u{1B}[0m\ntvå\u{85}x\u{9F}\r\nåäö\u{7F}\rslut\r";
        let cols: Vec<(usize, usize, String)> = control_character_errors("f.md", text)
            .iter()
            .map(|d| (d.line, d.col, d.message.en()))
            .collect();
        assert_eq!(cols.len(), 3, "{cols:?}");
        assert_eq!((cols[0].0, cols[0].1), (2, 4));
        assert!(cols[0].2.contains("U+001B"), "{}", cols[0].2);
        assert_eq!((cols[1].0, cols[1].1), (3, 4));
        assert!(cols[1].2.contains("U+0085"), "{}", cols[1].2);
        assert_eq!((cols[2].0, cols[2].1), (4, 4));
        assert!(cols[2].2.contains("U+007F"), "{}", cols[2].2);
        assert!(control_character_errors("f.md", "Åsa\tär\r\nhär\n").is_empty());
        // Across the scan's 32-byte blocks.
        let long = format!(
            "{}\u{1}{}\u{85}\n{}\r",
            "å".repeat(20),
            "x".repeat(40),
            "y".repeat(31)
        );
        assert_eq!(found(&long), reference(&long));
        assert_eq!(found(&long).len(), 3);
    }
}
