//! URLs: from content paths to page URLs, and the encoding rules.
//!
//! A page's URL follows from its path alone (`rutiner/orosanmalan.md` →
//! `rutiner/orosanmalan/`), lower-cased, with å ä ö kept in UTF-8 on disk
//! and percent-encoded in links.

use crate::messages::msg;
use crate::messages::Message;

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

/// The paths of the pages samsyn generates itself (the start page and the
/// lists), which no content page or alias may take.
pub const GENERATED: &[&str] = &[
    "",
    "documents/",
    "reviews/",
    "roles/",
    "organisations/",
    "forums/",
    "contacts/",
    "search/",
];

/// Whether `path` (a page URL path) is, or is under, what samsyn
/// publishes itself: a generated page, `search/`, `static/` or `tags/`
/// (whose pages come and go with the tags).
pub fn is_generated(path: &str) -> bool {
    GENERATED.contains(&path)
        || ["search/", "static/", "tags/"]
            .iter()
            .any(|folder| path.starts_with(folder))
        || folders(path).any(is_generated_file)
}

/// The files samsyn writes itself beside its pages (the feeds, the API,
/// the error and offline pages, the sitemap), by their path in the output.
/// A page whose folder would be one of them, or an attachment at one, is
/// refused: the two cannot both be published. `robots.txt` is here too,
/// though an attachment of that name is the site's own (it replaces the
/// generated one on purpose).
pub const GENERATED_FILES: &[&str] = &[
    "feed.xml",
    "reviews.ics",
    "robots.txt",
    "api/pages.json",
    "404.html",
    "offline.html",
    "service-worker.js",
    "sitemap.xml",
];

/// Whether samsyn writes a file at `path` (output-relative, no leading
/// `/`): one of [`GENERATED_FILES`], a part of a split sitemap
/// (`sitemap-3.xml`), or a role's review calendar (any `granskning.ics`,
/// see [`role_calendar`]).
pub fn is_generated_file(path: &str) -> bool {
    let sitemap_part = path
        .strip_prefix("sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    GENERATED_FILES.contains(&path)
        || sitemap_part
        || path.rsplit('/').next() == Some(ROLE_CALENDAR)
}

/// `a/b/c/` → `a`, `a/b`, `a/b/c`: the folders a page's path passes
/// through, each of which must be free to be a folder.
fn folders(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
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

/// Whether `text` is one e-mail address a `mailto:` can carry: a local
/// part of RFC 5322 `atext` and dots (not at its ends, never two in a
/// row), one `@`, and a domain of at least two labels of letters, digits
/// and inner hyphens (letters may be any script's).
pub fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_ok = local
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(atext));
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    local.len() <= 64 && local_ok && labels.len() >= 2 && labels.iter().all(label_ok)
}

/// A `mailto:` URL (RFC 6068) to the addresses `to`, with a subject and a
/// body. Everything but unreserved characters is percent-encoded as UTF-8
/// (in an address too, but for its `@`), so `&`, `?`, `#`, `%`, spaces and
/// line breaks cannot end a field early; line breaks in `body` become
/// CRLF, as the RFC asks.
pub fn mailto<'t>(to: impl IntoIterator<Item = &'t str>, subject: &str, body: &str) -> String {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    let to: Vec<String> = to
        .into_iter()
        .map(|addr| encode(addr, |b| unreserved(b) || b == b'@'))
        .collect();
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        encode(subject, unreserved),
        encode(&body, unreserved)
    )
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// An old address as `aliases` takes it (`/Gamla/Adress`) in the form page
/// URL paths have (`gamla/adress/`: no leading `/`, a trailing one, lower
/// case, percent-escapes decoded), or why it is not a path of this site.
pub fn alias_path(written: &str) -> Result<String, Message> {
    if scheme(written).is_some() || written.starts_with("//") {
        return Err(msg!("urls.alias.other_site"));
    }
    let Some(rest) = written.strip_prefix('/') else {
        return Err(msg!("urls.alias.no_slash"));
    };
    if rest.contains(['?', '#']) {
        return Err(msg!("urls.alias.query"));
    }
    let decoded = percent_decode(rest);
    let unsafe_char = |c: char| c.is_control() || c.is_whitespace() || "\"<>^`{|}%'".contains(c);
    if decoded.chars().any(unsafe_char) {
        return Err(msg!("urls.alias.characters"));
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err(msg!("urls.alias.dots"));
    }
    if segments.is_empty() {
        return Ok(String::new());
    }
    Ok(format!("{}/", segments.join("/").to_lowercase()))
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
    format!("{url_path}{ROLE_CALENDAR}")
}

/// The file name of a role's review calendar.
const ROLE_CALENDAR: &str = "granskning.ics";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_files_samsyn_writes_itself_are_generated() {
        for path in [
            "documents/",
            "tags/x/",
            "feed.xml/",
            "api/pages.json/",
            "404.html/x/",
        ] {
            assert!(is_generated(path), "{path}");
        }
        for path in ["api/", "feed/", "rutiner/feed.xml/", "sitemap-x.xml/"] {
            assert!(!is_generated(path), "{path}");
        }
        for path in [
            "reviews.ics",
            "sitemap-12.xml",
            "roller/rektor/granskning.ics",
        ] {
            assert!(is_generated_file(path), "{path}");
        }
        for path in ["sitemap-.xml", "rutiner/reviews.ics", "granskning.ics.pdf"] {
            assert!(!is_generated_file(path), "{path}");
        }
        assert!(is_generated_file(&role_calendar("roller/rektor/")));
    }

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
    fn alias_paths_are_normalised_like_page_paths() {
        assert_eq!(alias_path("/Gamla/Adress").as_deref(), Ok("gamla/adress/"));
        assert_eq!(alias_path("/gamla//sida/").as_deref(), Ok("gamla/sida/"));
        assert_eq!(alias_path("/g%C3%A5/").as_deref(), Ok("gå/"));
        assert!(alias_path("gamla/").is_err());
        assert!(alias_path("https://x.se/a/").is_err());
        assert!(alias_path("//x.se/a/").is_err());
        assert!(alias_path("/a/../b/").is_err());
        assert!(alias_path("/a%2F..%2Fb/").is_err());
        assert!(alias_path("/a?b=1").is_err());
        assert!(alias_path("/a b/").is_err());
        assert!(alias_path("/a\"b/").is_err());
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

    #[test]
    fn email_addresses() {
        for good in [
            "a@b.se",
            "anna.berg+bus@linda.kommun.example",
            "x@kommunen.sjöland.se",
        ] {
            assert!(is_email_address(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.se",
            "a@.se",
            "a..b@c.se",
            ".a@c.se",
            "a b@c.se",
            "a@b.se>",
            "a@-b.se",
            "a@b.se,c@d.se",
            "\"a\"@b.se",
        ] {
            assert!(!is_email_address(bad), "{bad}");
        }
    }

    #[test]
    fn mailto_encodes_every_field_as_rfc_6068_asks() {
        let url = mailto(
            ["anna@linda.example", "b&o@x.example"],
            "Rutin för skolfrånvaro & närvaro?",
            "Sidan: https://intra.example/a/?x=1#y\nRad två",
        );
        assert_eq!(
            url,
            "mailto:anna@linda.example,b%26o@x.example?subject=Rutin%20f%C3%B6r%20skolfr%C3%A5nvaro%20%26%20n%C3%A4rvaro%3F&body=Sidan%3A%20https%3A%2F%2Fintra.example%2Fa%2F%3Fx%3D1%23y%0D%0ARad%20tv%C3%A5"
        );
    }
}
