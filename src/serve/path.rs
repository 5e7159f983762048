//! Turning a request target into a path of the rendered site, refusing
//! anything that tries to step outside it.
//!
//! The server only ever answers from the in-memory map of the built site, so
//! nothing outside the site can be served even if this were wrong; we still
//! reject traversal attempts loudly (400), so probes are visible and no
//! future change can turn them into file reads.

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// Malformed or hostile: traversal, encoded separators, NUL, bad escapes.
    BadRequest,
    /// Well-formed but outside the site's base path.
    NotFound,
}

/// The site-relative path (no leading `/`, `""` for the root) that a
/// request target asks for, below `base_path` (which starts and ends in `/`).
pub fn resolve(target: &str, base_path: &str) -> Result<String, Rejection> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let raw = match raw.find("://") {
        // absolute-form (`GET http://host/path`): keep only the path.
        Some(i) => raw[i + 3..].find('/').map_or("/", |j| &raw[i + 3 + j..]),
        None => raw,
    };
    if !raw.starts_with('/') || raw.contains('\\') || raw.contains('\0') {
        return Err(Rejection::BadRequest);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Rejection::BadRequest);
    }
    let decoded = percent_decode_strict(raw).ok_or(Rejection::BadRequest)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(Rejection::BadRequest);
    }
    let rel = decoded
        .strip_prefix(base_path)
        .or_else(|| (decoded.clone() + "/" == base_path).then_some(""));
    let Some(rel) = rel else {
        return if has_traversal(&decoded) {
            Err(Rejection::BadRequest)
        } else {
            Err(Rejection::NotFound)
        };
    };
    // `//etc/passwd` leaves an absolute path after the base: refuse it.
    if rel.starts_with('/') || has_traversal(rel) {
        return Err(Rejection::BadRequest);
    }
    Ok(rel.to_string())
}

/// `..`, `.`, empty segments (`//`) and Unicode look-alikes of dots or
/// slashes that some servers normalise into them.
fn has_traversal(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    segments.iter().enumerate().any(|(i, s)| {
        let lookalike = s.chars().any(|c| {
            matches!(
                c,
                '\u{2024}' | '\u{FF0E}' | '\u{2215}' | '\u{FF0F}' | '\u{29F8}' | '\u{FE52}'
            )
        });
        *s == ".." || *s == "." || lookalike || (s.is_empty() && i != 0 && i != last)
    })
}

/// Decodes `%XX`; `None` for a bad escape or a result that is not UTF-8.
fn percent_decode_strict(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of an output path, with a charset for text.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "shtml" => "text/html; charset=utf-8",
        "xhtml" | "xht" | "xhtm" => "application/xhtml+xml; charset=utf-8",
        "xsl" | "xslt" | "xsd" | "rdf" | "kml" | "xspf" | "mml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_resolve() {
        assert_eq!(resolve("/", "/").as_deref(), Ok(""));
        assert_eq!(resolve("/rutiner/a/?q=1", "/").as_deref(), Ok("rutiner/a/"));
        assert_eq!(
            resolve("/rutiner/orosanm%C3%A4lan/", "/").as_deref(),
            Ok("rutiner/orosanmälan/")
        );
        assert_eq!(resolve("/bus/roles/", "/bus/").as_deref(), Ok("roles/"));
        assert_eq!(resolve("/bus", "/bus/").as_deref(), Ok(""));
        assert_eq!(resolve("/other/", "/bus/"), Err(Rejection::NotFound));
    }

    #[test]
    fn traversal_attempts_are_bad_requests() {
        for t in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a%2f..%2f..%2fetc%2fpasswd",
            "/..%5c..%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "//etc/passwd",
            "/a//b",
            "/etc/passwd%00.html",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%ef%bc%8e%ef%bc%8e/etc/passwd",
            "/./a",
            "/%zz",
            "etc/passwd",
            "/bus/../../etc/passwd",
        ] {
            assert_eq!(resolve(t, "/"), Err(Rejection::BadRequest), "{t}");
        }
        assert_eq!(
            resolve("/bus/../etc/passwd", "/bus/"),
            Err(Rejection::BadRequest)
        );
    }

    #[test]
    fn content_types_carry_charset_for_text() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("feed.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("reviews.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("x.PDF"), "application/pdf");
    }
}
