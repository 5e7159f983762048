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
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Template {
                name: template_of(&e),
                message: error_chain(&e),
            })?;
        let hashes = template_hashes(&tera, &templates);
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

fn template_hashes(tera: &Tera, sources: &BTreeMap<String, String>) -> HashMap<String, u64> {
    let hash_all = |names: &mut dyn Iterator<Item = &str>| {
        let mut h = crate::hash::fingerprinter();
        for n in names {
            (n, sources.get(n)).hash(&mut h);
        }
        h.finish()
    };
    let everything = hash_all(&mut sources.keys().map(String::as_str));
    let mut out = HashMap::new();
    for (name, source) in sources {
        let Ok(t) = tera.get_template(name) else {
            continue;
        };
        let mut deps: Vec<&str> = vec![name.as_str()];
        deps.extend(t.parents.iter().map(String::as_str));
        deps.extend(t.imported_macro_files.iter().map(|(f, _)| f.as_str()));
        for p in &t.parents {
            if let Ok(pt) = tera.get_template(p) {
                deps.extend(pt.imported_macro_files.iter().map(|(f, _)| f.as_str()));
            }
        }
        // `include` is not tracked per template; be safe and depend on all.
        let includes = deps
            .iter()
            .any(|d| sources.get(*d).is_some_and(|s| s.contains("include")));
        let _ = source;
        out.insert(
            name.clone(),
            if includes {
                everything
            } else {
                hash_all(&mut deps.into_iter())
            },
        );
    }
    out
}

/// HTML escaping for template output. Unlike Tera's default it leaves `/`
/// alone: URLs stay readable and nothing about `/` is unsafe in HTML.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
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

fn template_of(e: &tera::Error) -> String {
    let msg = e.to_string();
    msg.split('\'').nth(1).unwrap_or("?").to_string()
}
