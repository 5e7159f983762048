//! `check --external`: requests every `http(s)` link of the site's bodies
//! and reports the dead ones at the file and line of the link.
//!
//! Only this module touches the network, and only `check --external` calls
//! it: a build must work on a machine without it. Good answers are kept in
//! a cache file for the rest of the day, so a second run asks nobody; dead
//! links are asked again each run, since the editor is fixing them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use jiff::civil::Date;

use crate::error::{Diagnostic, Diagnostics};
use crate::messages::msg;
use crate::messages::{Arg, IntoArg};
use crate::resolve::Site;

/// Requests at once, and at once to one host: enough to check a few
/// hundred links in seconds without looking like an attack to a server.
const WORKERS: usize = 8;
const PER_HOST: usize = 2;
const MAX_REDIRECTS: u32 = 10;

/// How `check --external` runs.
#[derive(Debug, Clone)]
pub struct LinkCheckOptions {
    /// For each request, from connecting to the end of the answer's head.
    pub timeout: Duration,
    /// Answers checked on this day are taken from the cache.
    pub today: Date,
    /// The cache file (`SITE_DIR/.samsyn-cache/links.json`).
    pub cache: PathBuf,
}

/// One external link, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub url: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// The cache file's default place in the site folder.
pub fn default_cache(site_dir: &Path) -> PathBuf {
    site_dir.join(".samsyn-cache").join("links.json")
}

/// Every `http(s)` link in the bodies of the site's pages, with file and
/// line; the files are read again here, so building pays nothing for it.
pub fn collect(site: &Site, site_dir: &Path) -> (Vec<Found>, BTreeMap<String, String>) {
    let mut found = Vec::new();
    let mut texts = BTreeMap::new();
    for page in &site.pages {
        let p = &page.parsed;
        if p.body.external_links.is_empty() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(site_dir.join(&p.source)) else {
            continue;
        };
        for link in &p.body.external_links {
            let (line, col) = p.body_position(&text, link.offset);
            found.push(Found {
                url: link.url.clone(),
                file: p.source.clone(),
                line,
                col,
            });
        }
        texts.insert(p.source.clone(), crate::privacy::mask(&text));
    }
    (found, texts)
}

/// Checks every link not under a prefix of `skip`; one error per dead
/// link written, in Swedish, saying what happened.
pub fn check(found: &[Found], skip: &[String], opts: &LinkCheckOptions) -> Diagnostics {
    let wanted: BTreeSet<&str> = found
        .iter()
        .map(|f| f.url.as_str())
        .filter(|u| !skip.iter().any(|s| u.starts_with(s.as_str())))
        .collect();
    let mut cache = Cache::load(&opts.cache, opts.today);
    let to_ask: Vec<&str> = wanted.iter().copied().filter(|u| !cache.fresh(u)).collect();
    let dead = ask_all(&to_ask, opts.timeout);
    for url in &to_ask {
        if !dead.contains_key(*url) {
            cache
                .good
                .insert((*url).to_string(), opts.today.to_string());
        }
    }
    cache.save(&opts.cache);
    let mut diags = Diagnostics::default();
    for f in found {
        if let Some(why) = dead.get(f.url.as_str()) {
            diags.push(
                Diagnostic::error(&f.file, f.line, f.col, {
                    let mut m = msg!("linkcheck.dead", url = &f.url, why = why.clone());
                    m.map_values(crate::privacy::mask);
                    m
                })
                .with_hint(msg!("linkcheck.dead.hint")),
            );
        }
    }
    diags.sort();
    diags
}

/// Asks every URL with [`WORKERS`] threads, at most [`PER_HOST`] to one
/// host: each host's URLs are dealt into [`PER_HOST`] queues, and a
/// worker takes one queue at a time.
fn ask_all(urls: &[&str], timeout: Duration) -> BTreeMap<String, Arg> {
    let mut by_host: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for url in urls {
        by_host.entry(host(url)).or_default().push(url);
    }
    let mut queues: Vec<Vec<&str>> = Vec::new();
    for list in by_host.values() {
        for lane in 0..PER_HOST {
            let q: Vec<&str> = list.iter().skip(lane).step_by(PER_HOST).copied().collect();
            if !q.is_empty() {
                queues.push(q);
            }
        }
    }
    let queues = Mutex::new(queues);
    let dead = Mutex::new(BTreeMap::new());
    let agent = agent(timeout);
    std::thread::scope(|s| {
        for _ in 0..WORKERS.min(urls.len()) {
            s.spawn(|| {
                // The guard goes into `and_then` and is dropped there, so
                // the queue is locked only while one list is taken.
                while let Some(queue) = queues.lock().ok().and_then(|mut q| q.pop()) {
                    for url in queue {
                        if let Err(why) = ask(&agent, url) {
                            if let Ok(mut d) = dead.lock() {
                                d.insert(url.to_string(), why);
                            }
                        }
                    }
                }
            });
        }
    });
    dead.into_inner().unwrap_or_default()
}

/// The host part of an `http(s)` URL (with its port).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

fn agent(timeout: Duration) -> ureq::Agent {
    // The system's roots: an intranet's own CA, installed on the machine
    // the way the municipality's IT installs it, is trusted as browsers do.
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!(
            "samsyn/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .tls_config(tls)
        .build()
        .into()
}

/// HEAD, then GET when the server refuses HEAD (405, 501, or another 4xx
/// some servers give HEAD alone). `Err` says what happened.
fn ask(agent: &ureq::Agent, url: &str) -> Result<(), Arg> {
    let status = agent.head(url).call().map_err(describe)?.status();
    if status.is_success() {
        return Ok(());
    }
    if status.is_client_error() || status.as_u16() == 501 {
        let status = agent.get(url).call().map_err(describe)?.status();
        if status.is_success() {
            return Ok(());
        }
        return Err(status_text(status));
    }
    Err(status_text(status))
}

/// The HTTP status as the server gave it (`404 Not Found`).
fn status_text(status: ureq::http::StatusCode) -> Arg {
    Arg::Text(match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    })
}

fn describe(e: ureq::Error) -> Arg {
    let message = match e {
        ureq::Error::Timeout(_) => msg!("linkcheck.timeout"),
        ureq::Error::HostNotFound => msg!("linkcheck.no_host"),
        ureq::Error::ConnectionFailed => msg!("linkcheck.connection_failed"),
        ureq::Error::TooManyRedirects => msg!("linkcheck.redirects"),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            msg!("linkcheck.refused")
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            msg!("linkcheck.timeout")
        }
        other => msg!("linkcheck.other", why = other),
    };
    message.into_arg()
}

/// Good answers by URL, with the day they were given.
struct Cache {
    good: BTreeMap<String, String>,
    today: String,
}

impl Cache {
    /// A missing or unreadable cache is an empty one: it only saves time.
    fn load(path: &Path, today: Date) -> Cache {
        let good = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .and_then(|v| serde_json::from_value(v.get("good")?.clone()).ok())
            .unwrap_or_default();
        Cache {
            good,
            today: today.to_string(),
        }
    }

    fn fresh(&self, url: &str) -> bool {
        self.good.get(url) == Some(&self.today)
    }

    /// Keeps today's answers only; a cache that cannot be written is left
    /// out (the next run asks again).
    fn save(&mut self, path: &Path) {
        let today = self.today.clone();
        self.good.retain(|_, day| *day == today);
        let doc = serde_json::json!({"version": 1, "good": self.good});
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(path, doc.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_the_authority_without_user_info() {
        assert_eq!(host("https://a.se/x?y"), "a.se");
        assert_eq!(host("http://u:p@a.se:8080#z"), "a.se:8080");
        assert_eq!(host("https://a.se"), "a.se");
    }
}
