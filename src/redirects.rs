//! Moved pages: for each old address a page lists in `aliases`, a small
//! page that sends the reader on, and an nginx `map` of the same moves so
//! a server can answer `301` instead.
//!
//! Pure functions of the `Site`, beside `feeds` and `search`. The pages are
//! not content pages: they are in no list, feed, sitemap or search index.

use std::fmt::Write as _;

use crate::render::CONTENT_SECURITY_POLICY;
use crate::resolve::Site;
use crate::urls::encode_path;

/// The nginx map file, at the top of the output folder. A dot file, so the
/// README's server configuration never serves it.
pub const MAP_FILE: &str = ".samsyn-redirects.map";

/// Every old address of every page, sorted: (alias path, page index).
fn moves(site: &Site) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = site
        .pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.parsed
                .meta
                .aliases
                .iter()
                .map(move |a| (a.path.as_str(), i))
        })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The redirect pages (`gamla/adress/index.html`) and the map file, as
/// (output path, bytes).
pub fn files(site: &Site) -> Vec<(String, String)> {
    let base = &site.config.base_url;
    let mut out: Vec<(String, String)> = moves(site)
        .into_iter()
        .map(|(alias, i)| {
            let page = &site.pages[i];
            let url = format!("{base}{}", encode_path(&page.parsed.url_path));
            (
                format!("{alias}index.html"),
                page_html(page.title(), &url, site.config.public),
            )
        })
        .collect();
    out.push((MAP_FILE.to_string(), nginx_map(site)));
    out
}

/// One redirect page: a refresh, a canonical link and a plain link, for
/// the reader whose browser does not follow the refresh. No script: the
/// refresh is within the site's policy. The empty icon, as on every page,
/// spares the browser asking the server for `/favicon.ico`.
fn page_html(title: &str, url: &str, public: bool) -> String {
    let (title, url) = (escape(title), escape(url));
    // As on every page: not for search engines unless the site is public.
    let robots = match public {
        true => "",
        false => "<meta name=\"robots\" content=\"noindex, nofollow\">\n",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {robots}<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
         <link rel=\"canonical\" href=\"{url}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>Sidan har flyttat: {title}</title>\n</head>\n<body>\n<main>\n\
         <h1>Sidan har flyttat</h1>\n\
         <p>Sidan har flyttat till <a href=\"{url}\">{title}</a>. \
         Uppdatera gärna dina bokmärken och länkar.</p>\n</main>\n</body>\n</html>\n"
    )
}

/// `map $uri $samsyn_redirect { include …; }` entries: each old address
/// (under the base URL's path, with and without its last `/` and as
/// `index.html`) to the page's address.
fn nginx_map(site: &Site) -> String {
    let base = &site.config.base_url;
    let base_path = crate::config::base_path(base);
    let mut out = String::from(
        "# samsyn: old addresses (aliases) and where their pages are now.\n\
         # Include it in an nginx `map $uri $samsyn_redirect { … }` block (see README.md).\n",
    );
    for (alias, i) in moves(site) {
        let to = format!("{base}{}", encode_path(&site.pages[i].parsed.url_path));
        let from = format!("{base_path}{alias}");
        let bare = from.trim_end_matches('/');
        for key in [bare, &from, &format!("{from}index.html")] {
            let _ = writeln!(out, "\"{}\" \"{to}\";", key.replace('"', ""));
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
