//! Errors as values.
//!
//! Content problems are [`Diagnostic`]s: every stage collects them instead of
//! stopping at the first, so an editor sees every mistake of a site in one
//! run. Each names a file, a line and a column, and says what to do. Failures
//! that are not the content's fault (I/O, a broken theme) are [`Error`]s.
//! Nothing here prints: `report` is the one place that does.

use std::path::PathBuf;

use crate::messages::Message;

/// How serious a diagnostic is. Errors fail the build; warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file of the site, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site directory, with `/` separators
    /// (`content/rutiner/orosanmalan.md`).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// What is wrong, in one sentence (a catalogue entry, put into words
    /// where it is shown).
    pub message: Message,
    /// What to do about it: the closest valid value, the allowed values, …
    pub hint: Option<Message>,
    /// The offending source line, filled in by [`Diagnostics::attach_lines`].
    /// Personal identity numbers are masked before they get here.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:col`.
    pub fn error(
        file: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            col,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning at `file:line:col`.
    pub fn warning(
        file: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, col, message)
        }
    }

    /// Adds the "what to do" sentence.
    pub fn with_hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The order diagnostics are shown in: by file, line, column and
    /// message.
    pub fn order(&self, other: &Diagnostic) -> std::cmp::Ordering {
        (&self.file, self.line, self.col, &self.message).cmp(&(
            &other.file,
            other.line,
            other.col,
            &other.message,
        ))
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, the form editors and terminals understand.
    pub fn location(&self) -> String {
        match (self.line, self.col) {
            (0, _) => self.file.clone(),
            (l, 0) => format!("{}:{l}", self.file),
            (l, c) => format!("{}:{l}:{c}", self.file),
        }
    }
}

/// A diagnostic put into words in one language: what the serve overlay
/// receives, so that it says what the terminal says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shown {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// This diagnostic in words, in `lang`.
    pub fn shown(&self, lang: crate::messages::Lang) -> Shown {
        Shown {
            severity: self.severity,
            file: self.file.clone(),
            line: self.line,
            col: self.col,
            message: self.message.text(lang),
            hint: self.hint.as_ref().map(|h| h.text(lang)),
            source_line: self.source_line.clone(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.location(), self.message.en())?;
        if let Some(hint) = &self.hint {
            write!(f, " ({})", hint.en())?;
        }
        Ok(())
    }
}

/// All diagnostics of one run, kept in a stable order (file, line, column).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Sorts by file, line and column, and drops exact repeats, so output is
    /// deterministic however the parallel stages interleaved.
    pub fn sort(&mut self) {
        self.0.sort_by(Diagnostic::order);
        self.0.dedup();
    }

    /// Fills in each diagnostic's offending line from the source texts, and
    /// masks personal identity numbers in every text a diagnostic carries
    /// (a message can quote a value, such as an id that does not exist; a
    /// file can be named by one).
    pub fn attach_lines(&mut self, text_of: impl Fn(&str) -> Option<String>) {
        // The lines of the file named last: diagnostics come sorted by file,
        // so each file is fetched and split once, however many it has.
        let mut cached: Option<(String, Option<Vec<String>>)> = None;
        for d in &mut self.0 {
            d.message.map_values(crate::privacy::mask);
            if let Some(hint) = &mut d.hint {
                hint.map_values(crate::privacy::mask);
            }
            let masked_file = crate::privacy::mask(&d.file);
            if d.line == 0 || d.source_line.is_some() {
                d.file = masked_file;
                continue;
            }
            if cached.as_ref().is_none_or(|(f, _)| *f != d.file) {
                let lines = text_of(&d.file).map(|t| t.lines().map(str::to_string).collect());
                cached = Some((d.file.clone(), lines));
            }
            if let Some((_, Some(lines))) = &cached {
                let line = lines.get(d.line - 1).map_or("", String::as_str);
                d.source_line = Some(crate::privacy::mask(line));
            }
            d.file = masked_file;
        }
    }

    /// Iterates in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A failure that is not a content mistake: the file system, the theme.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the site has {errors} error(s)")]
    Content {
        errors: usize,
        diagnostics: Diagnostics,
        /// Texts of the files named, personnummer masked, for showing lines.
        texts: std::collections::BTreeMap<String, String>,
    },
    #[error("theme template `{name}`: {message}")]
    Template { name: String, message: String },
    #[error("{}", .0.en())]
    Usage(Message),
    #[error("output directory {}: {}", .path.display(), .message.en())]
    Output { path: PathBuf, message: Message },
}

impl Error {
    /// The error in words, in `lang`: what samsyn says in its own words
    /// from the catalogue, an I/O or template failure in the system's
    /// (English) words.
    pub fn text(&self, lang: crate::messages::Lang) -> String {
        match self {
            Error::Usage(m) => m.text(lang),
            Error::Output { path, message } => {
                let path = path.display().to_string();
                crate::messages::msg!("error.output", path = path, why = message.clone()).text(lang)
            }
            other => other.to_string(),
        }
    }
}

impl Error {
    /// Wraps an I/O error with what we were doing and on which path.
    pub fn io(
        context: impl std::fmt::Display,
        path: &std::path::Path,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            context: format!("{context} {}", path.display()),
            source,
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Returns the candidate closest to `wanted` when it is close enough to be a
/// plausible typo, for "did you mean …?" hints.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_l = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The `n` candidates closest to `wanted`, closest first (however far),
/// for listing what exists when an id names nothing.
pub fn closest_n<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let wanted_l = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_l, &c.to_lowercase()), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Ids as a hint lists them: `` `a`, `b`, `c` ``.
pub fn id_list(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_n_lists_the_nearest_first() {
        let ids = ["kurator", "rektor", "skolsköterska", "rektorsassistent"];
        assert_eq!(
            closest_n("rektr", ids, 3),
            ["rektor", "rektorsassistent", "kurator"]
        );
        assert_eq!(closest_n("x", ["a"], 3), ["a"]);
    }

    #[test]
    fn closest_finds_typo() {
        assert_eq!(closest("ownr", ["owner", "roles", "title"]), Some("owner"));
        assert_eq!(closest("zzzz", ["owner", "roles"]), None);
    }

    #[test]
    fn location_formats_line_and_column() {
        let d = Diagnostic::error(
            "content/a.md",
            3,
            7,
            crate::messages::msg!("guard.personnummer"),
        );
        assert_eq!(d.location(), "content/a.md:3:7");
    }
}
