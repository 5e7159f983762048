//! The one place that prints diagnostics: as `file:line:col` with the
//! offending line and a hint, in colour on a terminal.
//!
//! Everything printed passes [`visible`] first: a file name or a value can
//! hold escape sequences (clear the screen, set the window title, hide
//! text), and they must reach the editor's terminal as text to read, not
//! as commands.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::messages::Lang;

/// Whether to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Auto,
    Never,
}

/// Prints every diagnostic to stderr, with source snippets from `texts`.
pub fn print(diags: &Diagnostics, texts: &BTreeMap<String, String>, colour: Colour, lang: Lang) {
    let choice = match colour {
        Colour::Auto if std::io::IsTerminal::is_terminal(&std::io::stderr()) => {
            termcolor::ColorChoice::Auto
        }
        _ => termcolor::ColorChoice::Never,
    };
    let mut stream = termcolor::StandardStream::stderr(choice);
    let _ = write_all(diags, texts, lang, &mut Visible(&mut stream));
}

/// Renders every diagnostic as plain text (for tests and logs).
pub fn to_string(diags: &Diagnostics, texts: &BTreeMap<String, String>, lang: Lang) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    let _ = write_all(diags, texts, lang, &mut Visible(&mut buf));
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// Version of the JSON shape [`to_json`] writes; raised only when a field
/// changes meaning or goes away (new fields may appear without it).
pub const JSON_VERSION: u32 = 1;

/// The diagnostics as one JSON document, for CI systems and editors:
/// `{"version":1,"diagnostics":[{"file","line","column","severity",
/// "message","hint"}…],"summary":{"errors","warnings"}}`. Line and column
/// are 1-based, 0 when unknown; `hint` is null when there is none. Texts
/// are already masked ([`Diagnostics::attach_lines`]); serde_json escapes
/// control characters, so nothing here acts on a terminal either.
pub fn to_json(diags: &Diagnostics, lang: Lang) -> String {
    let diagnostics: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": d.file,
                "line": d.line,
                "column": d.col,
                "severity": d.severity,
                "message": d.message.text(lang),
                "hint": d.hint.as_ref().map(|h| h.text(lang)),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "version": JSON_VERSION,
        "diagnostics": diagnostics,
        "summary": {
            "errors": diags.error_count(),
            "warnings": diags.warning_count(),
        },
    });
    doc.to_string()
}

/// Prints [`to_json`] as one line on stdout.
pub fn print_json(diags: &Diagnostics, lang: Lang) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", to_json(diags, lang));
}

/// `text` with every character that would act on a terminal instead of
/// showing (C0 and C1 controls but line feed and tab, DEL, and the
/// bidirectional overrides and isolates that reorder what is shown) written
/// as a visible `\u{…}` escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// A stream that passes text through [`visible`]; colours still reach the
/// terminal, since they are set through [`termcolor::WriteColor`], not
/// written as text.
struct Visible<'a, W: termcolor::WriteColor + ?Sized>(&'a mut W);

impl<W: termcolor::WriteColor + ?Sized> Write for Visible<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(visible(s).as_bytes())?,
            // A character split between two writes: its bytes are no
            // control characters, but any other byte below 0x20 is.
            Err(_) => {
                for &b in buf {
                    if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
                        write!(self.0, "\\u{{{b:x}}}")?;
                    } else {
                        self.0.write_all(&[b])?;
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<W: termcolor::WriteColor + ?Sized> termcolor::WriteColor for Visible<'_, W> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &termcolor::ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }
}

fn write_all(
    diags: &Diagnostics,
    texts: &BTreeMap<String, String>,
    lang: Lang,
    out: &mut dyn termcolor::WriteColor,
) -> std::io::Result<()> {
    // The snippets are shown escaped, and the carets are placed in the
    // escaped lines, so they stay under what they point at.
    let shown: BTreeMap<&str, Cow<'_, str>> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), snippet_text(text)))
        .collect();
    let mut files = SimpleFiles::new();
    let mut originals = SimpleFiles::new();
    let ids: BTreeMap<&str, usize> = texts
        .iter()
        .map(|(name, text)| {
            originals.add(name.as_str(), text.as_str());
            let shown = shown.get(name.as_str()).map_or("", |s| s.as_ref());
            (name.as_str(), files.add(name.as_str(), shown))
        })
        .collect();
    // A diagnostic in a file whose text samsyn could not read (one saved in
    // another encoding) brings its line decoded: it is shown at its number
    // like any other, in a text of its own.
    let lone: Vec<Option<(String, String)>> = diags
        .iter()
        .map(
            |d| match (&d.source_line, ids.contains_key(d.file.as_str())) {
                (Some(line), false) if d.line > 0 => {
                    let text = format!("{}{line}\n", "\n".repeat(d.line - 1));
                    Some((snippet_text(&text).into_owned(), text))
                }
                _ => None,
            },
        )
        .collect();
    let config = term::Config::default();
    for (d, lone) in diags.iter().zip(&lone) {
        let (id, text) = match lone {
            Some((shown, original)) => {
                originals.add(d.file.as_str(), original.as_str());
                (
                    Some(files.add(d.file.as_str(), shown.as_str())),
                    Some(original),
                )
            }
            None => (ids.get(d.file.as_str()).copied(), texts.get(&d.file)),
        };
        let report = to_report(d, lang, id, text, &files, &originals);
        // codespan names the file and line itself only when it has a label;
        // without one we say where first.
        if report.labels.is_empty() {
            writeln!(out, "{}:", d.location())?;
        }
        if term::emit(out, &config, &files, &report).is_err() {
            writeln!(out, "{d}")?;
        }
    }
    Ok(())
}

/// A file's text as its snippets are printed: through [`visible`], line
/// endings kept, and each tab as `→`, so that a tab an editor is told of
/// can be seen (as spaces it looks like any indentation).
fn snippet_text(text: &str) -> Cow<'_, str> {
    let text = match visible(text) {
        Cow::Owned(s) => Cow::Owned(s.replace("\\u{d}\n", "\r\n")),
        borrowed => borrowed,
    };
    match text.contains('\t') {
        true => Cow::Owned(text.replace('\t', TAB_SHOWN)),
        false => text,
    }
}

/// How a tab shows in a snippet.
const TAB_SHOWN: &str = "→";

/// `s` as [`snippet_text`] shows it, for measuring.
fn shown_len(s: &str) -> usize {
    let v = visible(s);
    v.len() + v.matches('\t').count() * (TAB_SHOWN.len() - 1)
}

fn to_report(
    d: &Diagnostic,
    lang: Lang,
    file_id: Option<usize>,
    text: Option<&String>,
    files: &SimpleFiles<&str, &str>,
    originals: &SimpleFiles<&str, &str>,
) -> Report<usize> {
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(d.message.text(lang));
    let report = match d.hint.as_ref() {
        Some(h) => report.with_notes(vec![format!(
            "{} {}",
            crate::messages::msg!("report.hint").text(lang),
            h.text(lang)
        )]),
        None => report,
    };
    let line_start = |line: usize| {
        use codespan_reporting::files::Files;
        let id = file_id?;
        let original = originals.line_range(id, line).ok()?.start;
        let shown = files.line_range(id, line).ok()?.start;
        Some((original, shown))
    };
    match (file_id, span(d, text, line_start)) {
        (Some(id), Some(range)) => report.with_labels(vec![Label::primary(id, range)]),
        _ => report,
    }
}

/// Byte range, in the shown text ([`snippet_text`]), of the diagnostic's
/// position: from its column to the end of the word there (the whole line
/// when the column is unknown). `line_start` gives the byte offset of a
/// 0-based line in the original and in the shown text (precomputed once
/// per file: a file with thousands of diagnostics is not rescanned for
/// each).
fn span(
    d: &Diagnostic,
    text: Option<&String>,
    line_start: impl Fn(usize) -> Option<(usize, usize)>,
) -> Option<std::ops::Range<usize>> {
    let text = text?;
    if d.line == 0 {
        return None;
    }
    let (line_start, shown_start) = line_start(d.line - 1)?;
    let line = text[line_start..]
        .split('\n')
        .next()?
        .trim_end_matches('\r');
    let col_byte = line
        .char_indices()
        .nth(d.col.saturating_sub(1))
        .map_or(0, |(b, _)| b);
    let rest = &line[col_byte..];
    let len = match marks_one_character(d.message.id()) {
        true => rest.chars().next().map_or(1, char::len_utf8),
        false => marked_len(rest),
    };
    let start = shown_start + shown_len(&line[..col_byte]);
    let end = start + shown_len(rest.get(..len).unwrap_or(rest)).max(1);
    Some(start..end)
}

/// Whether a message points at one character (a quote never closed, a
/// character in another encoding), not at the word it starts.
fn marks_one_character(id: &str) -> bool {
    matches!(id, "yaml.unclosed_quote" | "encoding.windows_1252")
}

/// Length in bytes of what a diagnostic at the start of `rest` marks: a
/// tab; a Markdown link; a masked number (its `*`s, not the `.` or `"`
/// after it); else the word, up to a space, `,`, `]` or `)`; else the rest
/// of the line.
fn marked_len(rest: &str) -> usize {
    if rest.starts_with('\t') {
        return 1;
    }
    // A Markdown link, `[text](target)`, whole.
    if let Some(after) = rest.starts_with('[').then(|| rest.find("](")).flatten() {
        if let Some(close) = rest[after..].find(')') {
            return after + close + 1;
        }
    }
    // A personal identity number is masked as ten or more `*`s; fewer are
    // Markdown's emphasis, part of the word.
    let masked = rest.len() - rest.trim_start_matches('*').len();
    if masked >= 10 {
        return masked;
    }
    let word_len = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == ')')
        .unwrap_or(rest.len());
    let len = if word_len == 0 {
        rest.len().max(1)
    } else {
        word_len
    };
    len.min(rest.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_stay_under_their_word_after_escaped_characters() {
        let text = "titel: \u{1b}[2J\u{1b}]0;x\u{7} fel\n".to_string();
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error(
            "a.md",
            1,
            19,
            crate::messages::msg!("guard.personnummer"),
        ));
        let texts = BTreeMap::from([("a.md".to_string(), text)]);
        let out = to_string(&diags, &texts, Lang::En);
        let source = out.lines().find(|l| l.contains("titel")).expect(&out);
        let caret = out.lines().find(|l| l.contains('^')).expect(&out);
        assert_eq!(source.find("fel"), caret.find('^'), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn control_characters_are_shown_as_escapes() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("\u{1b}]0;titel\u{7}"), "\\u{1b}]0;titel\\u{7}");
        assert_eq!(visible("rad\r"), "rad\\u{d}");
        assert_eq!(visible("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(visible("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(visible("Lindå kommun\n\tx"), "Lindå kommun\n\tx");
    }
}
