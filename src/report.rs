//! The one place that prints diagnostics: as `file:line:col` with the
//! offending line and a hint, in colour on a terminal.

use std::collections::BTreeMap;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::error::{Diagnostic, Diagnostics, Severity};

/// Whether to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Auto,
    Never,
}

/// Prints every diagnostic to stderr, with source snippets from `texts`.
pub fn print(diags: &Diagnostics, texts: &BTreeMap<String, String>, colour: Colour) {
    let choice = match colour {
        Colour::Auto if std::io::IsTerminal::is_terminal(&std::io::stderr()) => {
            termcolor::ColorChoice::Auto
        }
        _ => termcolor::ColorChoice::Never,
    };
    let mut stream = termcolor::StandardStream::stderr(choice);
    let _ = write_all(diags, texts, &mut stream);
}

/// Renders every diagnostic as plain text (for tests and logs).
pub fn to_string(diags: &Diagnostics, texts: &BTreeMap<String, String>) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    let _ = write_all(diags, texts, &mut buf);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

fn write_all(
    diags: &Diagnostics,
    texts: &BTreeMap<String, String>,
    out: &mut dyn termcolor::WriteColor,
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let ids: BTreeMap<&str, usize> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), files.add(name.as_str(), text.as_str())))
        .collect();
    let config = term::Config::default();
    for d in diags.iter() {
        let id = ids.get(d.file.as_str()).copied();
        let report = to_report(d, id, texts.get(&d.file), &files);
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

fn to_report(
    d: &Diagnostic,
    file_id: Option<usize>,
    text: Option<&String>,
    files: &SimpleFiles<&str, &str>,
) -> Report<usize> {
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(&d.message);
    let report = match d.hint.as_ref() {
        Some(h) => report.with_notes(vec![format!("hint: {h}")]),
        None => report,
    };
    let line_start = |line: usize| {
        use codespan_reporting::files::Files;
        files.line_range(file_id?, line).ok().map(|r| r.start)
    };
    match (file_id, span(d, text, line_start)) {
        (Some(id), Some(range)) => report.with_labels(vec![Label::primary(id, range)]),
        _ => report,
    }
}

/// Byte range of the diagnostic's position: from its column to the end of
/// the word there (the whole line when the column is unknown).
/// `line_start` gives the byte offset of a 0-based line (precomputed once per
/// file: a file with thousands of diagnostics is not rescanned for each).
fn span(
    d: &Diagnostic,
    text: Option<&String>,
    line_start: impl Fn(usize) -> Option<usize>,
) -> Option<std::ops::Range<usize>> {
    let text = text?;
    if d.line == 0 {
        return None;
    }
    let line_start = line_start(d.line - 1)?;
    let line = text[line_start..]
        .split('\n')
        .next()?
        .trim_end_matches('\r');
    let col_byte = line
        .char_indices()
        .nth(d.col.saturating_sub(1))
        .map_or(0, |(b, _)| b);
    let rest = &line[col_byte..];
    let word_len = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == ')')
        .unwrap_or(rest.len());
    let len = if word_len == 0 {
        rest.len().max(1)
    } else {
        word_len
    };
    Some(line_start + col_byte..line_start + col_byte + len.min(rest.len().max(1)))
}
