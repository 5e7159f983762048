//! URLs: from content paths to page URLs, and the encoding rules.
//!
//! A page's URL follows from its path alone (`rutiner/orosanmalan.md` →
//! `rutiner/orosanmalan/`), lower-cased, with å ä ö kept in UTF-8 on disk
//! and percent-encoded in links.

/// The output path of a page relative to the site root, ending in `/`
/// (empty for the start page): `Rutiner/Orosanmälan.md` → `rutiner/orosanmälan/`.
pub fn page_path(content_path: &str) -> String {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    let stem = stem
        .strip_suffix("/index")
        .or_else(|| (stem == "index").then_some(""))
        .unwrap_or(stem);
    if stem.is_empty() {
        String::new()
    } else {
        format!("{}/", stem.to_lowercase())
    }
}

/// Joins a relative link to the folder of the page it is written in,
/// resolving `.` and `..`. `None` when it climbs out of `content/`.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Percent-encodes a path for an `href`, keeping `/`.
pub fn encode_path(path: &str) -> String {
    encode(path, |b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b))
}

/// Percent-encodes a fragment (heading anchor).
pub fn encode_fragment(fragment: &str) -> String {
    encode(fragment, |b| {
        b.is_ascii_alphanumeric() || b"-._~".contains(&b)
    })
}

fn encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; invalid escapes and invalid UTF-8 are kept as written.
pub fn percent_decode(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The lower-cased scheme of an absolute URL (`https`, `mailto`), if any.
pub fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The output path of a role's review calendar, beside its page.
pub fn role_calendar(url_path: &str) -> String {
    format!("{url_path}granskning.ics")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert_eq!(page_path("rutiner/orosanmalan.md"), "rutiner/orosanmalan/");
        assert_eq!(page_path("index.md"), "");
        assert_eq!(page_path("rutiner/index.md"), "rutiner/");
        assert_eq!(page_path("Rutiner/Orosanmälan.md"), "rutiner/orosanmälan/");
    }

    #[test]
    fn join_resolves_dots_and_refuses_escape() {
        assert_eq!(
            join("rutiner", "../planer/a.md").as_deref(),
            Some("planer/a.md")
        );
        assert_eq!(join("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join("", "../a.md"), None);
    }

    #[test]
    fn encoding_round_trips() {
        assert_eq!(
            encode_path("rutiner/orosanmälan/"),
            "rutiner/orosanm%C3%A4lan/"
        );
        assert_eq!(percent_decode("orosanm%C3%A4lan"), "orosanmälan");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("../a.md"), None);
    }
}
