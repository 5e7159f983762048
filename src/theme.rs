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
    /// Per template, a hash of its source, of every template it extends and
    /// of every template that defines components: what its output depends on.
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
        tera.register_filter("group_by", group_by);
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

    /// Hash of every template and static file: what any page of the
    /// theme may show or load.
    pub fn fingerprint(&self) -> u64 {
        let mut templates: Vec<(&String, &u64)> = self.hashes.iter().collect();
        templates.sort_unstable();
        let mut h = crate::hash::fingerprinter();
        (templates, &self.statics).hash(&mut h);
        h.finish()
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
    let with_tag = |word: &str| -> Vec<&str> {
        sources
            .iter()
            .filter(|(_, s)| tags(s).any(|t| keyword(t, word).is_some()))
            .map(|(n, _)| n.as_str())
            .collect()
    };
    // Components are global: every template may call any of them.
    let components = with_tag("component");
    let including = with_tag("include");
    let parents: HashMap<&str, &str> = sources
        .iter()
        .filter_map(|(n, s)| Some((n.as_str(), parent_of(s)?)))
        .collect();
    let mut out = HashMap::new();
    for name in sources.keys() {
        let mut chain: Vec<&str> = Vec::new();
        let mut next = Some(name.as_str());
        while let Some(n) = next.filter(|n| !chain.contains(n)) {
            chain.push(n);
            next = parents.get(n).copied();
        }
        let mut deps: Vec<&str> = chain
            .into_iter()
            .chain(components.iter().copied())
            .collect();
        deps.sort_unstable();
        deps.dedup();
        // `include` is not followed; be safe and depend on everything.
        let hash = if deps.iter().any(|d| including.contains(d)) {
            everything
        } else {
            hash_all(&mut deps.into_iter())
        };
        out.insert(name.clone(), hash);
    }
    out
}

/// The insides of every `{% … %}` tag of a template, outside comments.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || loop {
        let tag = rest.find("{%");
        let comment = rest.find("{#");
        match (tag, comment) {
            (Some(t), Some(c)) if c < t => {
                rest = rest[c..].split_once("#}").map_or("", |(_, after)| after);
            }
            (Some(t), _) => {
                let (inside, after) = rest[t + 2..].split_once("%}")?;
                rest = after;
                return Some(inside);
            }
            (None, _) => return None,
        }
    })
}

/// What follows `word` in a tag's insides (`- extends "base.html" -`),
/// when the tag is that keyword.
fn keyword<'a>(tag: &'a str, word: &str) -> Option<&'a str> {
    let rest = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let after = rest.strip_prefix(word)?;
    (after.is_empty() || after.starts_with(char::is_whitespace)).then(|| after.trim_start())
}

/// The template named by the `{% extends "…" %}` of `source`, if any.
fn parent_of(source: &str) -> Option<&str> {
    tags(source).find_map(|t| {
        let name = keyword(t, "extends")?;
        let quote = name
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let name = &name[1..];
        Some(&name[..name.find(quote)?])
    })
}

/// Tera's `group_by`, with the groups in the order of their first item.
/// Tera's own gathers them in a hash map, whose order changes from build
/// to build; a theme looping over the groups would then never produce the
/// same page twice. (Keys are the attribute's text: `3`, not 3.)
fn group_by(
    items: &[tera::Value],
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<tera::Map> {
    let attribute = kwargs.must_get::<&str>("attribute")?;
    let mut order: Vec<(String, Vec<tera::Value>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let Some(key) = item.get_from_path(attribute) else {
            return Err(tera::Error::message(format!(
                "value at index {i} (a {}) has no attribute `{attribute}` to group by",
                item.name()
            )));
        };
        if key.is_none() {
            continue;
        }
        let key = key.as_str().map_or_else(|| key.to_string(), str::to_string);
        let at = match index.get(&key) {
            Some(&at) => at,
            None => {
                index.insert(key.clone(), order.len());
                order.push((key, Vec::new()));
                order.len() - 1
            }
        };
        order[at].1.push(item.clone());
    }
    Ok(order
        .into_iter()
        .map(|(k, v)| (tera::value::Key::from(k), tera::Value::from(v)))
        .collect())
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
    use tera::ErrorKind as K;
    match e.kind() {
        K::SyntaxError(r) | K::RenderingError(r) => r.filename().to_string(),
        K::MissingParent { current, .. } => current.clone(),
        K::CircularExtend { tpl, .. } | K::CircularInclude { tpl, .. } => tpl.clone(),
        K::TemplateNotFound(name) => name.clone(),
        _ => {
            // Other errors name the template in their report
            // (`--> page.html:3:17`) or in backquotes (a component defined
            // in both `components.html` and `mine.html`: the site's one).
            let msg = e.to_string();
            let reported = msg
                .split_once("--> ")
                .and_then(|(_, rest)| rest.split(':').next());
            let quoted = || {
                msg.split('`')
                    .skip(1)
                    .step_by(2)
                    .filter(|q| q.ends_with(".html"))
                    .last()
            };
            reported.or_else(quoted).unwrap_or("?").to_string()
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
    fn parent_is_read_from_the_extends_tag_only() {
        assert_eq!(
            parent_of("{#- extends base.html, in words -#}\n{% extends \"base.html\" %}"),
            Some("base.html")
        );
        assert_eq!(
            parent_of("{%- extends `layout.html` -%}"),
            Some("layout.html")
        );
        assert_eq!(
            parent_of("{% extends 'a.html' %}{# {% extends 'b.html' %} #}"),
            Some("a.html")
        );
        assert_eq!(parent_of("<p>extends \"x.html\"</p>"), None);
        assert_eq!(parent_of("{% extendsx \"x.html\" %}"), None);
    }

    #[test]
    fn a_template_that_includes_depends_on_every_template() {
        let base = [
            ("page.html", "{% include \"part.html\" %}"),
            ("part.html", "A"),
            ("other.html", "O"),
            ("quoted.html", "{# {% include \"part.html\" %} #}Q"),
        ];
        let before = template_hashes(&sources(&base));
        let mut edited = base;
        edited[2].1 = "O2";
        let after = template_hashes(&sources(&edited));
        assert_ne!(after["page.html"], before["page.html"]);
        assert_eq!(after["quoted.html"], before["quoted.html"]);
    }

    #[test]
    fn a_page_template_with_components_still_follows_its_parent() {
        let base = [
            ("base.html", "<body>{% block content %}{% endblock content %}</body>"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% component own(x) %}{{ x }}{% endcomponent own %}{% block content %}P{% endblock content %}",
            ),
        ];
        let before = template_hashes(&sources(&base));
        let mut edited = base;
        edited[0].1 = "<main>{% block content %}{% endblock content %}</main>";
        assert_ne!(
            template_hashes(&sources(&edited))["page.html"],
            before["page.html"]
        );
    }

    #[test]
    fn group_by_keeps_the_order_of_first_items() {
        let mut tera = Tera::new();
        tera.register_filter("group_by", group_by);
        let template =
            "{% for k, v in xs | group_by(attribute=\"g\") %}{{ k }}:{{ v | length }} {% endfor %}";
        tera.add_raw_template("t", template).unwrap();
        let xs: Vec<BTreeMap<&str, &str>> = ["c", "a", "c", "b", "a", "z", "y"]
            .iter()
            .map(|g| BTreeMap::from([("g", *g)]))
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("xs", &xs);
        for _ in 0..20 {
            assert_eq!(tera.render("t", &ctx).unwrap(), "c:2 a:2 b:1 z:1 y:1 ");
        }
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
