//! Themes: Tera templates and static files.
//!
//! A file is looked up, in order, in the site's `templates/` (or `static/`
//! for the theme's static files, see below), the site's
//! `themes/<theme>/`, and the default theme built into the binary. So a site
//! overrides one template by dropping a file of the same name in
//! `templates/`, and a site with no theme folder at all still builds.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

use tera::Tera;

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// A loaded theme: compiled templates and the static files it ships.
pub struct Theme {
    pub tera: Tera,
    /// Static files by path under `static/` (`samsyn.css`).
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Per template, a hash of its source and of every template it extends
    /// or imports: what its output depends on.
    hashes: HashMap<String, u64>,
}

impl Theme {
    /// Loads the theme for the site at `site_dir`.
    pub fn load(site_dir: &Path, theme_name: &str) -> Result<Theme> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (path, bytes) in EMBEDDED_THEME {
            add_file(path, bytes.to_vec(), &mut templates, &mut statics);
        }
        let theme_dir = site_dir.join("themes").join(theme_name);
        for (rel, bytes) in read_tree(&theme_dir)? {
            add_file(&rel, bytes, &mut templates, &mut statics);
        }
        for (rel, bytes) in read_tree(&site_dir.join("templates"))? {
            add_file(
                &format!("templates/{rel}"),
                bytes,
                &mut templates,
                &mut statics,
            );
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Template {
                name: template_of(&e),
                message: error_chain(&e),
            })?;
        let hashes = template_hashes(&templates);
        Ok(Theme {
            tera,
            statics,
            hashes,
        })
    }

    /// Hash of everything template `name` is made from.
    pub fn template_hash(&self, name: &str) -> u64 {
        self.hashes.get(name).copied().unwrap_or(0)
    }
}

fn template_hashes(sources: &BTreeMap<String, String>) -> HashMap<String, u64> {
    let hash_all = |names: &mut dyn Iterator<Item = &str>| {
        let mut h = crate::hash::fingerprinter();
        for n in names {
            (n, sources.get(n)).hash(&mut h);
        }
        h.finish()
    };
    let everything = hash_all(&mut sources.keys().map(String::as_str));
    // Components are global: every template may call any of them.
    let components: Vec<&str> = sources
        .iter()
        .filter(|(_, s)| s.contains("component "))
        .map(|(n, _)| n.as_str())
        .collect();
    let mut out = HashMap::new();
    for name in sources.keys() {
        let mut deps: Vec<&str> = components.clone();
        let mut next = Some(name.as_str());
        while let Some(n) = next.filter(|n| !deps.contains(n)) {
            deps.push(n);
            next = sources.get(n).and_then(|s| parent_of(s));
        }
        // `include` is not followed; be safe and depend on everything.
        let includes = deps
            .iter()
            .any(|d| sources.get(*d).is_some_and(|s| s.contains("include")));
        out.insert(
            name.clone(),
            if includes {
                everything
            } else {
                deps.sort_unstable();
                hash_all(&mut deps.into_iter())
            },
        );
    }
    out
}

/// The template named by `{% extends "…" %}` in `source`, if any.
fn parent_of(source: &str) -> Option<&str> {
    let rest = &source[source.find("extends")? + "extends".len()..];
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

/// HTML escaping for template output. Unlike Tera's default it leaves `/`
/// alone: URLs stay readable and nothing about `/` is unsafe in HTML.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#x27;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

fn add_file(
    path: &str,
    bytes: Vec<u8>,
    templates: &mut BTreeMap<String, String>,
    statics: &mut BTreeMap<String, Vec<u8>>,
) {
    if let Some(name) = path.strip_prefix("templates/") {
        templates.insert(
            name.to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    } else if let Some(name) = path.strip_prefix("static/") {
        statics.insert(name.to_string(), bytes);
    }
}

/// Every file under `dir` by `/`-separated relative path; empty if absent.
fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io {
            context: format!("reading theme folder {}", dir.display()),
            source: e.into(),
        })?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::content::is_ignored_name(&name) {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes =
            std::fs::read(entry.path()).map_err(|e| Error::io("reading", entry.path(), e))?;
        out.push((rel, bytes));
    }
    Ok(out)
}

/// Tera nests the useful part of its errors; show the whole chain.
pub fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The template an error points into.
fn template_of(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.filename().to_string()
        }
        _ => {
            // Other errors name the template in their report (`--> page.html:3:17`)
            // or in quotes (`Template 'x.html' not found`).
            let msg = e.to_string();
            let located = msg
                .split_once("--> ")
                .and_then(|(_, rest)| rest.split(':').next());
            located
                .or_else(|| msg.split('\'').nth(1))
                .unwrap_or("?")
                .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    }

    #[test]
    fn template_hash_follows_extends_and_components_only() {
        let base = [
            (
                "base.html",
                "<body>{% block content %}{% endblock content %}</body>",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block content %}P{% endblock content %}",
            ),
            (
                "role.html",
                "{% extends 'base.html' %}{% block content %}R{% endblock content %}",
            ),
            (
                "components.html",
                "{% component badge(x) %}{{ x }}{% endcomponent badge %}",
            ),
        ];
        let before = template_hashes(&sources(&base));
        let with = |name: &str, text: &str| {
            let mut s = base;
            s.iter_mut().find(|(n, _)| *n == name).unwrap().1 = text;
            template_hashes(&sources(&s))
        };
        let role_edit = with("role.html", "{% extends 'base.html' %}");
        assert_eq!(role_edit["page.html"], before["page.html"]);
        assert_ne!(role_edit["role.html"], before["role.html"]);
        let base_edit = with(
            "base.html",
            "<main>{% block content %}{% endblock content %}</main>",
        );
        assert_ne!(base_edit["page.html"], before["page.html"]);
        let component_edit = with(
            "components.html",
            "{% component badge(x) %}[{{ x }}]{% endcomponent badge %}",
        );
        assert_ne!(component_edit["page.html"], before["page.html"]);
    }

    #[test]
    fn escaping_keeps_slashes_and_escapes_markup() {
        let mut out = Vec::new();
        escape_html("a/b <i>\"x\" & 'y'</i>", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a/b &lt;i&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/i&gt;"
        );
    }

    #[test]
    fn broken_site_template_names_template_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("page.html"),
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | no_such_filter }}\n{% endblock content %}\n",
        )
        .unwrap();
        let Err(Error::Template { name, message }) = Theme::load(dir.path(), "default") else {
            panic!("a template with an unknown filter must not load");
        };
        assert_eq!(name, "page.html");
        assert!(message.contains("page.html:3:"), "{message}");
        assert!(message.contains("no_such_filter"), "{message}");
    }
}
