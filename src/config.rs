//! `site.yaml`: site-wide settings, every key optional.

use std::path::Path;

use crate::dates::Interval;
use crate::error::{closest, Diagnostic};

/// Settings from `site.yaml`, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// Shown in the header and in every `<title>`.
    pub title: String,
    /// `<html lang>`; the UI labels are Swedish.
    pub language: String,
    /// Prefix of every URL, normalised to start and end with `/`.
    pub base_url: String,
    /// Review interval for documents that do not set one.
    pub review_interval: Interval,
    /// How long before the next review a document counts as "due".
    pub review_warning: Interval,
    /// Theme folder under `themes/`.
    pub theme: String,
    /// Id of the accessibility statement page linked from every footer.
    pub accessibility_statement: String,
}

/// The keys `site.yaml` accepts.
pub const SITE_KEYS: &[&str] = &[
    "title",
    "language",
    "base_url",
    "review_interval",
    "review_warning",
    "theme",
    "accessibility_statement",
];

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Intranät".into(),
            language: "sv".into(),
            base_url: "/".into(),
            review_interval: Interval {
                count: 1,
                unit: crate::dates::Unit::Years,
            },
            review_warning: Interval {
                count: 30,
                unit: crate::dates::Unit::Days,
            },
            theme: "default".into(),
            accessibility_statement: "tillganglighetsredogorelse".into(),
        }
    }
}

impl SiteConfig {
    /// Reads `site.yaml` from `site_dir` if it exists. Problems become
    /// diagnostics; the defaults stand in for any key that is wrong.
    pub fn load(site_dir: &Path) -> (SiteConfig, Vec<Diagnostic>) {
        let path = site_dir.join("site.yaml");
        match std::fs::read_to_string(&path) {
            Ok(text) => SiteConfig::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (SiteConfig::default(), Vec::new())
            }
            Err(e) => (
                SiteConfig::default(),
                vec![Diagnostic::error(
                    "site.yaml",
                    0,
                    0,
                    format!("cannot read: {e}"),
                )],
            ),
        }
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        let mut config = SiteConfig::default();
        // The title is on every page: the personnummer guard covers it too.
        let mut diags = crate::parse::personnummer_errors("site.yaml", text);
        let value: serde_yaml::Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let (line, col) = yaml_error_position(text, &e);
                diags.push(
                    Diagnostic::error(
                        "site.yaml",
                        line,
                        col,
                        format!("invalid YAML: {}", strip_location(&e)),
                    )
                    .with_hint("site.yaml is `key: value` lines, e.g. `title: Lindå kommun`"),
                );
                return (config, diags);
            }
        };
        let mapping = match value {
            serde_yaml::Value::Mapping(m) => m,
            serde_yaml::Value::Null => return (config, diags),
            _ => {
                diags.push(Diagnostic::error(
                    "site.yaml",
                    1,
                    1,
                    "site.yaml must be a list of `key: value` lines",
                ));
                return (config, diags);
            }
        };
        for (key, value) in mapping {
            let key = key.as_str().unwrap_or_default().to_string();
            let line = key_line(text, &key);
            let err = |msg: String| Diagnostic::error("site.yaml", line, 1, msg);
            let Some(text_value) = scalar_string(&value) else {
                diags.push(err(format!("`{key}` must be a single value")));
                continue;
            };
            match key.as_str() {
                "title" => config.title = text_value,
                "language" => config.language = text_value,
                "base_url" => config.base_url = normalise_base_url(&text_value),
                "theme" => config.theme = text_value,
                "accessibility_statement" => config.accessibility_statement = text_value,
                "review_interval" | "review_warning" => match Interval::parse(&text_value) {
                    Ok(i) if key == "review_interval" => config.review_interval = i,
                    Ok(i) => config.review_warning = i,
                    Err(msg) => diags.push(err(format!("`{key}`: {msg}"))),
                },
                _ => {
                    let mut d = err(format!("`{key}`: unknown key in site.yaml"));
                    if let Some(near) = closest(&key, SITE_KEYS.iter().copied()) {
                        d = d.with_hint(format!("did you mean `{near}`?"));
                    } else {
                        d = d.with_hint(format!("known keys: {}", SITE_KEYS.join(", ")));
                    }
                    diags.push(d);
                }
            }
        }
        (config, diags)
    }
}

/// `intranet/bus` → `/intranet/bus/`; a full URL keeps its scheme and host.
fn normalise_base_url(raw: &str) -> String {
    let trimmed = raw.trim().trim_end_matches('/');
    if trimmed.contains("://") {
        return format!("{trimmed}/");
    }
    let inner = trimmed.trim_start_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

/// A scalar as text: editors write `title: 2024` and mean the text.
pub fn scalar_string(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The 1-based line of a top-level `key:` in YAML text (1 if not found).
pub fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// The (line, column) of a YAML error in `yaml` as we number lines (at
/// `\n` only), 1-based. The YAML parser also breaks lines at a lone `\r`
/// and at NEL, LS and PS, so its own line number can point past the end of
/// the file.
pub fn yaml_error_position(yaml: &str, e: &serde_yaml::Error) -> (usize, usize) {
    let Some(loc) = e.location() else {
        return (1, 1);
    };
    let mut chars = yaml.char_indices().peekable();
    let mut line = 1;
    while line < loc.line() {
        match chars.next() {
            None => break,
            Some((_, '\r')) => {
                if let Some((_, '\n')) = chars.peek() {
                    chars.next();
                }
                line += 1;
            }
            Some((_, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')) => line += 1,
            Some(_) => {}
        }
    }
    for _ in 1..loc.column() {
        if chars.next_if(|(_, c)| *c != '\n').is_none() {
            break;
        }
    }
    let at = chars.peek().map_or(yaml.len(), |(i, _)| *i);
    let line_start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        yaml[..at].matches('\n').count() + 1,
        yaml[line_start..at].chars().count() + 1,
    )
}

/// serde_yaml appends "at line X column Y"; we report the location ourselves.
pub fn strip_location(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_normalised() {
        assert_eq!(normalise_base_url(""), "/");
        assert_eq!(normalise_base_url("/"), "/");
        assert_eq!(normalise_base_url("intranet/bus"), "/intranet/bus/");
        assert_eq!(normalise_base_url("/bus/"), "/bus/");
        assert_eq!(
            normalise_base_url("https://intra.example/bus"),
            "https://intra.example/bus/"
        );
    }

    #[test]
    fn unknown_site_key_suggests_nearest() {
        let (_, diags) = SiteConfig::parse("title: X\nbase_ulr: /a/\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 2);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `base_url`?"));
    }
}
