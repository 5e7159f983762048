//! `site.yaml`: site-wide settings, every key optional.

use std::path::Path;

use crate::dates::Interval;
use crate::error::{closest, Diagnostic};
use crate::messages::msg;
use crate::messages::Message;
use crate::yaml::{self, holds_control_character, holds_personnummer, scalar_string, Value};

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
    /// Publish `.html`, `.xhtml` and `.xml` files found under `content/`
    /// (refused otherwise: opened on the intranet, they could run script).
    pub allow_html_attachments: bool,
    /// Where "Rapportera fel eller föreslå ändring" goes when no holder of
    /// a document's owner roles has an e-mail address (checked with
    /// [`crate::urls::is_email_address`]).
    pub feedback_email: Option<String>,
    /// Whether search engines may index the site: `false` puts `noindex,
    /// nofollow` on every page and a `robots.txt` that disallows all.
    pub public: bool,
    /// URL prefixes `check --external` does not request (sites that refuse
    /// robots, or addresses only reachable from some networks).
    pub link_check_skip: Vec<String>,
    /// Let readers read the pages they have opened again without a
    /// network (a service worker, registered by built pages only).
    pub offline: bool,
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
    "allow_html_attachments",
    "feedback_email",
    "public",
    "link_check_skip",
    "offline",
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
            allow_html_attachments: false,
            feedback_email: None,
            public: false,
            link_check_skip: Vec::new(),
            offline: true,
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
                    msg!("config.unreadable", why = e),
                )],
            ),
        }
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        let mut config = SiteConfig::default();
        // The title is on every page: the personnummer guard covers it too.
        let mut diags = crate::guard::personnummer_errors("site.yaml", text);
        diags.extend(crate::guard::control_character_errors("site.yaml", text));
        let value = match yaml::read(text) {
            Ok(read) => {
                for offset in read.typographic_quotes {
                    let (line, col) = crate::lines::line_col(text, offset);
                    diags.push(
                        Diagnostic::warning(
                            "site.yaml",
                            line,
                            col,
                            msg!("yaml.typographic_quotes"),
                        )
                        .with_hint(msg!("yaml.typographic_quotes_hint")),
                    );
                }
                read.value
            }
            Err(e) => {
                let (line, col) = e.position(text);
                let mut d = Diagnostic::error("site.yaml", line, col, e.message);
                d.hint = e.hint.or_else(|| Some(msg!("config.invalid_yaml.hint")));
                diags.push(d);
                return (config, diags);
            }
        };
        let mapping = match value {
            Value::Mapping(m) => m,
            Value::Null => return (config, diags),
            _ => {
                diags.push(Diagnostic::error(
                    "site.yaml",
                    1,
                    1,
                    msg!("config.not_a_mapping"),
                ));
                return (config, diags);
            }
        };
        for entry in mapping.entries() {
            let (key, value) = (entry.key.as_str().unwrap_or_default(), &entry.value);
            let line = entry
                .offset
                .map_or(1, |at| crate::lines::line_col(text, at).0);
            if holds_control_character(value) && !diags.iter().any(|d| d.line == line) {
                diags.push(crate::guard::escaped_control_character("site.yaml", line));
            }
            if holds_personnummer(value) && !diags.iter().any(|d| d.line == line) {
                diags.push(
                    Diagnostic::error("site.yaml", line, 1, msg!("config.personnummer"))
                        .with_hint(msg!("config.personnummer.hint")),
                );
            }
            set_key(&mut config, key, value, line, &mut diags);
        }
        (config, diags)
    }
}

/// Reads one `site.yaml` key into `config`, or says why it cannot.
fn set_key(
    config: &mut SiteConfig,
    key: &str,
    value: &Value,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let err = |message: Message| Diagnostic::error("site.yaml", line, 1, message);
    if key == "link_check_skip" {
        match skip_list(value) {
            Some(list) => config.link_check_skip = list,
            None => diags.push(
                err(msg!("config.link_check_skip")).with_hint(msg!("config.link_check_skip.hint")),
            ),
        }
        return;
    }
    let Some(text_value) = scalar_string(value) else {
        diags.push(err(msg!("config.not_single", key = key)));
        return;
    };
    match key {
        "title" => config.title = text_value,
        "language" => config.language = text_value,
        "base_url" => match check_base_url(&text_value) {
            Ok(()) => config.base_url = normalise_base_url(&text_value),
            Err(why) => diags.push(
                err(msg!("config.base_url", why = why)).with_hint(msg!("config.base_url.hint")),
            ),
        },
        "theme" => config.theme = text_value,
        "accessibility_statement" => config.accessibility_statement = text_value,
        "allow_html_attachments" | "public" | "offline" => match text_value.as_str() {
            "true" | "false" if key == "public" => config.public = text_value == "true",
            "true" | "false" if key == "offline" => config.offline = text_value == "true",
            "true" | "false" => config.allow_html_attachments = text_value == "true",
            _ => diags.push(err(msg!("config.not_bool", key = key, value = text_value))),
        },
        "feedback_email" => match crate::urls::is_email_address(text_value.trim()) {
            true => config.feedback_email = Some(text_value.trim().to_string()),
            false => diags.push(
                err(msg!("config.feedback_email", value = text_value))
                    .with_hint(msg!("config.feedback_email.hint")),
            ),
        },
        "review_interval" | "review_warning" => match Interval::parse(&text_value) {
            Ok(i) if key == "review_interval" => config.review_interval = i,
            Ok(i) => config.review_warning = i,
            Err(why) => diags.push(err(msg!("config.key_value", key = key, why = why))),
        },
        _ => {
            let mut d = err(msg!("config.unknown_key", key = key));
            if let Some(near) = closest(key, SITE_KEYS.iter().copied()) {
                d = d.with_hint(msg!("config.unknown_key.near", near = near));
            } else {
                d = d.with_hint(msg!("config.unknown_key.hint", keys = SITE_KEYS.join(", ")));
            }
            diags.push(d);
        }
    }
}

/// The `link_check_skip` list: a sequence of strings, or one string.
fn skip_list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .map(|v| scalar_string(v).filter(|s| !s.trim().is_empty()))
            .collect(),
        Value::Null => Some(Vec::new()),
        other => scalar_string(other).map(|s| vec![s]),
    }
}

/// Whether `raw` is a base URL samsyn can put into every link: a path, or
/// an `http(s)` address with a host. Every character must be one a URL
/// path may hold as it is (or percent-encoded), so no quote, angle
/// bracket, space or control character ever reaches an attribute, a
/// script or a header, and no other scheme (`javascript:`) makes every
/// link run script. `Err` says why not.
fn check_base_url(raw: &str) -> Result<(), Message> {
    let value = raw.trim();
    let path = match value.split_once("://") {
        Some((scheme, rest)) => {
            if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
                return Err(msg!("config.base_url.scheme"));
            }
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host_ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
            if !host_ok {
                return Err(msg!("config.base_url.host"));
            }
            path
        }
        None if value.contains(':') => {
            return Err(msg!("config.base_url.scheme"));
        }
        None => value,
    };
    let bad = path.chars().find(|&c| {
        !(c.is_alphanumeric()
            || matches!(
                c,
                '/' | '-' | '.' | '_' | '~' | '%' | '+' | '!' | ',' | ';' | '=' | '@'
            ))
    });
    match bad {
        Some(c) if c.is_control() || c.is_whitespace() => Err(msg!(
            "config.base_url.control",
            code = format!("U+{:04X}", c as u32)
        )),
        Some(c) => Err(msg!("config.base_url.character", character = c)),
        None if path.starts_with("//") => Err(msg!("config.base_url.double_slash")),
        // Written as it is, site.yaml's own scan finds a number; encoded,
        // only the decoded address shows it (as every link will).
        None if value.contains('%')
            && !crate::privacy::scan(&crate::urls::percent_decode(value)).is_empty() =>
        {
            Err(msg!("config.base_url.personnummer"))
        }
        None => Ok(()),
    }
}

/// A base URL as `--base-url` gives it: checked as site.yaml's is, and
/// normalised. `Err` says what is wrong.
pub fn parse_base_url(raw: &str) -> Result<String, Message> {
    if !crate::privacy::scan(raw).is_empty() {
        return Err(msg!("config.base_url.personnummer"));
    }
    check_base_url(raw).map(|()| normalise_base_url(raw))
}

/// The path of a normalised base URL: `/bus/` for `https://intra.example/bus/`.
pub fn base_path(base_url: &str) -> &str {
    match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_is_on_unless_turned_off_and_must_be_true_or_false() {
        assert!(SiteConfig::parse("title: X\n").0.offline);
        assert!(!SiteConfig::parse("offline: false\n").0.offline);
        let (config, diags) = SiteConfig::parse("title: X\noffline: ja\n");
        let d = diags.iter().find(|d| d.message.en().contains("`offline`"));
        let d = d.unwrap_or_else(|| panic!("{diags:?}"));
        assert_eq!(d.line, 2);
        assert!(config.offline, "the default stands in");
    }

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
    fn base_url_that_could_run_script_is_refused_at_its_line() {
        for bad in [
            "'/a\" onerror=\"alert(1)'",
            "javascript://%0aalert(1)//x",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "'/a<script>'",
            "\"/a\\u0000b\"",
            "\"/a\\r\\nSet-Cookie: x\"",
            "https://",
            "https://a b/",
            "//evil.example/",
        ] {
            let (config, diags) = SiteConfig::parse(&format!("title: X\nbase_url: {bad}\n"));
            let d = diags
                .iter()
                .find(|d| d.message.en().contains("`base_url`"))
                .unwrap_or_else(|| panic!("{bad}: {diags:?}"));
            assert_eq!(d.line, 2, "{bad}");
            assert!(d.is_error(), "{bad}");
            assert_eq!(config.base_url, "/", "{bad}");
        }
    }

    #[test]
    fn paths_and_http_addresses_are_base_urls() {
        for good in [
            "/",
            "/bus/",
            "intranet/bus",
            "/intranät/bus/",
            "https://intra.example/bus/",
            "http://localhost:8080/",
            "https://[::1]:8443/a/",
        ] {
            let (_, diags) = SiteConfig::parse(&format!("base_url: {good}\n"));
            assert!(diags.is_empty(), "{good}: {diags:?}");
        }
    }

    #[test]
    fn control_characters_in_site_yaml_are_errors_at_their_line() {
        for yaml in ["title: A\u{1}\n", "title: \"A\\e[2J\"\n"] {
            let (_, diags) = SiteConfig::parse(&format!("language: sv\n{yaml}"));
            assert!(
                diags
                    .iter()
                    .any(|d| d.line == 2 && d.message.en().contains("control character")),
                "{yaml:?}: {diags:?}"
            );
        }
    }

    #[test]
    fn base_path_is_the_path_of_a_full_url() {
        assert_eq!(base_path("https://intra.example/bus/"), "/bus/");
        assert_eq!(base_path("https://intra.example/"), "/");
        assert_eq!(base_path("/bus/"), "/bus/");
    }

    #[test]
    fn a_quoted_or_indented_key_is_reported_at_its_own_line() {
        let (_, diags) = SiteConfig::parse("title: X\n\"base_ulr\": /a/\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 2);
        let (_, diags) = SiteConfig::parse("# Site\n\n  title: [X]\n");
        assert_eq!((diags.len(), diags[0].line), (1, 3), "{diags:?}");
    }

    #[test]
    fn unknown_site_key_suggests_nearest() {
        let (_, diags) = SiteConfig::parse("title: X\nbase_ulr: /a/\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 2);
        assert_eq!(
            diags[0].hint.as_ref().map(|h| h.en()),
            Some("did you mean `base_url`?".to_string())
        );
    }
}
