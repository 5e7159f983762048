//! `samsyn serve`: builds the site into memory, serves it over HTTP, watches
//! the site's files and rebuilds incrementally, telling open pages to
//! reload (or showing the error, while the last good build stays served).
//!
//! Threads: each connection has its own thread answering from the current
//! snapshot (see `http.rs`), and a live-reload stream keeps it (see
//! [`live`]); the calling thread watches files and rebuilds. The only shared state is the
//! [`Shared`] snapshot behind a lock, passed explicitly, never global.
//!
//! Only requests for the preview's own names are answered (see [`Host`]):
//! anything else gets 421, so a web page cannot read the preview by
//! pointing a name of its own at this machine.

mod host;
mod http;
pub mod live;
pub mod path;
mod watch;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{Diagnostic, Diagnostics, Error, Result, Shown};
use crate::messages::msg;
use crate::messages::Lang;
use crate::output::{OutputFile, RenderedSite};
use crate::pipeline::Project;
use crate::render::Mode;
use crate::report::{self, Colour};
use crate::BuildOptions;
use host::AllowedHosts;
pub use host::Host;
use http::{Reply, Request, Response};
use live::Hub;

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub quiet: bool,
    /// `--verbose`: print the time each stage of every build took.
    pub verbose: bool,
    /// Host names answered besides localhost, the loopback addresses and
    /// `bind` (`--allow-host`).
    pub allow_hosts: Vec<Host>,
    /// `--lang`: the language to speak in, over the site's own.
    pub lang: Option<Lang>,
}

/// The build being served, and the error of the latest attempt if it failed.
struct Snapshot {
    site: Arc<RenderedSite>,
    /// Whether `site` is a good build; until the first one, every page
    /// asked for is the error (see [`no_build_page`]).
    good: bool,
    /// The search index of the same build, made when first asked for.
    search: Arc<SearchOnRequest>,
    /// The path the site is served under (`/` or the path of `base_url`),
    /// as of the build being served: it changes with `site.yaml`.
    base_path: Arc<str>,
    errors: Option<Arc<Failure>>,
    build: u64,
}

/// Why the latest build failed, in the words the terminal printed.
#[derive(Serialize)]
struct Failure {
    /// The overlay's heading.
    title: String,
    /// What is served meanwhile: the last good build, or nothing yet.
    note: String,
    errors: Vec<Shown>,
    /// The label before a hint, as the terminal prints it.
    hint_label: String,
    /// The language the words are in (`sv`, `en`), for the error page.
    #[serde(skip)]
    lang: Lang,
}

/// The search index's files (`search/index.json`, `search/p/…`) of one
/// build, made from its resolved site by the first request for one of
/// them, so neither the first page nor a save waits for the index (at
/// 100 000 documents it takes longer than rendering every page), and
/// none of its memory is held until someone searches. `search::build`
/// gives the bytes a full build writes.
#[derive(Default)]
struct SearchOnRequest {
    site: Option<Arc<crate::resolve::Site>>,
    files: std::sync::OnceLock<std::collections::BTreeMap<String, Arc<[u8]>>>,
}

impl SearchOnRequest {
    /// The file at output path `path`, making the index first if no
    /// request has yet (a request at the same time waits for the same one).
    fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        let site = self.site.as_ref()?;
        let files = self
            .files
            .get_or_init(|| crate::search::build(site).into_iter().collect());
        files.get(path).cloned()
    }
}

/// What the connection threads and the rebuild loop share.
pub struct Shared {
    snapshot: RwLock<Snapshot>,
    hub: Arc<Hub>,
    /// `--lang`, when given.
    lang: Option<Lang>,
}

impl Shared {
    /// The build being served and the path it is served under, read
    /// together so one request never mixes two builds; without a good
    /// build yet, why not.
    fn current(
        &self,
    ) -> (
        Arc<RenderedSite>,
        Arc<SearchOnRequest>,
        Arc<str>,
        Option<Arc<Failure>>,
    ) {
        let snap = self.snapshot.read().unwrap_or_else(|p| p.into_inner());
        let failure = snap.errors.clone().filter(|_| !snap.good);
        (
            snap.site.clone(),
            snap.search.clone(),
            snap.base_path.clone(),
            failure,
        )
    }
}

#[derive(Serialize)]
struct ReloadEvent<'a> {
    build: u64,
    changed: &'a [String],
    all: bool,
    css_only: bool,
    /// Where the site is served now, so a page open under an older
    /// `base_url` can move to the same page under the new one.
    base: &'a str,
}

#[derive(Serialize)]
struct ErrorEvent<'a> {
    build: u64,
    #[serde(flatten)]
    failure: &'a Failure,
}

#[derive(Serialize)]
struct HelloEvent<'a> {
    build: u64,
    errors: Option<&'a [Shown]>,
    title: Option<&'a str>,
    note: Option<&'a str>,
    hint_label: Option<&'a str>,
}

/// Runs the preview server until the process is stopped.
pub fn serve(mut opts: ServeOptions) -> Result<()> {
    // The watcher reports absolute paths; compare them with an absolute site.
    let site_dir = &opts.build.site_dir;
    opts.build.site_dir = site_dir
        .canonicalize()
        .map_err(|e| Error::io("opening site folder", site_dir, e))?;
    // Serve mode is what makes pages link under the preview's own host.
    opts.build.mode = Mode::Serve;
    // Watch before the first build, so no save between it and the
    // "Serving" line can be missed.
    let (mut watch, changes) = watch::start(&opts.build.site_dir)?;
    http::raise_fd_limit();
    let (mut project, load, parse) = crate::pipeline::load_project(&opts.build, Project::for_serve);
    if opts.verbose {
        let (hits, count) = (project.parses_from_cache(), project.page_count());
        let line = msg!("serve.parses_from_cache", hits = hits, count = count);
        crate::say!("{}", line.text(opts.lang.unwrap_or_else(|| project.lang())));
    }
    // Until a build succeeds, serve under the path site.yaml asks for.
    let base_path = first_base_path(&project);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Snapshot {
            site: Arc::new(RenderedSite::default()),
            good: false,
            search: Arc::default(),
            base_path: base_path.into(),
            errors: None,
            build: first_build_id(),
        }),
        hub: Arc::default(),
        lang: opts.lang,
    });
    let mut terminal = Terminal {
        quiet: opts.quiet,
        verbose: opts.verbose,
        read: Some((load, parse)),
        printed: Diagnostics::default(),
    };
    rebuild(&mut project, &shared, &mut terminal, Instant::now());
    let listener = http::listen(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let url = format!("http://{addr}{}", shared.current().2);
    let lang = diagnostics_lang(&project, &shared);
    keep_parses(&mut project, &terminal, lang);
    if opts.bind.is_unspecified() {
        crate::complain!("{}", msg!("serve.all_interfaces").text(lang));
    }
    let site = report::visible(&opts.build.site_dir.display().to_string()).into_owned();
    crate::say!(
        "{}",
        msg!("serve.serving", site = site, url = &url).text(lang)
    );
    {
        let shared = shared.clone();
        let hosts = AllowedHosts::new(opts.bind, &opts.allow_hosts);
        let handler: http::Handler =
            Arc::new(move |request: &Request| handle(request, &shared, &hosts));
        std::thread::spawn(move || listener.run(handler, http::Limits::default()));
    }
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    watch_and_rebuild(&mut project, &shared, &mut watch, changes, &mut terminal)
}

/// Writes the parse cache on a thread of its own, if the start parsed a
/// page it lacked, so the next start parses only what changed (see
/// `pipeline::project::parse_cache`). A cache that cannot be written
/// costs only that; `--verbose` says why.
fn keep_parses(project: &mut Project, terminal: &Terminal, lang: Lang) {
    let Some(write) = project.parse_cache_writer() else {
        return;
    };
    let verbose = terminal.verbose;
    std::thread::spawn(move || {
        let t = Instant::now();
        let done = write();
        if !verbose {
            return;
        }
        let ms = t.elapsed().as_millis();
        match done {
            Ok(()) => crate::say!("{}", msg!("serve.parses_kept", ms = ms).text(lang)),
            Err(e) => crate::complain!(
                "{}",
                msg!("serve.parses_not_kept", why = e.to_string()).text(lang)
            ),
        }
    });
}

/// What serve prints, and the warnings it printed last.
struct Terminal {
    quiet: bool,
    verbose: bool,
    /// How long the next build's files took to load and parse, before
    /// its compile, for its timings line (after a save both are parse:
    /// `apply_changes` reads and parses together).
    read: Option<(Duration, Duration)>,
    printed: Diagnostics,
}

/// Build ids start from the clock, so a page open across a server restart
/// sees a different id when it reconnects and reloads itself.
fn first_build_id() -> u64 {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    millis * 1000
}

/// The path the site is served under before its first build, as the
/// project will build it (in serve mode, the path of a full base_url).
fn first_base_path(project: &Project) -> String {
    let (config, _) = crate::config::SiteConfig::load(project.site_dir());
    project.options().site_config(config).base_url
}

/// The language diagnostics are shown in: `--lang`, else the site's own.
fn diagnostics_lang(project: &Project, shared: &Shared) -> Lang {
    shared.lang.unwrap_or_else(|| project.lang())
}

/// Compiles and publishes the result: the new site, or the errors.
fn rebuild(project: &mut Project, shared: &Shared, terminal: &mut Terminal, started: Instant) {
    let quiet = terminal.quiet;
    let result = project.compile_without_search();
    let lang = diagnostics_lang(project, shared);
    let mut snap = shared.snapshot.write().unwrap_or_else(|p| p.into_inner());
    snap.build += 1;
    match result {
        Ok(compiled) => {
            let changed = compiled.changed;
            let was_error = snap.errors.take().is_some();
            let first = !snap.good;
            snap.good = true;
            // A path already: serve builds in serve mode (site_config).
            let base_path = compiled.site.config.base_url.clone();
            // Dropped after the reload event is out: freeing a big site
            // takes milliseconds.
            let last = std::mem::replace(&mut snap.site, Arc::new(compiled.rendered));
            let last_search = std::mem::replace(
                &mut snap.search,
                Arc::new(SearchOnRequest {
                    site: Some(compiled.site),
                    files: Default::default(),
                }),
            );
            snap.base_path = base_path.as_str().into();
            let build = snap.build;
            drop(snap);
            let (pages, all, css_only) = reload_scope(&changed, was_error);
            let event = ReloadEvent {
                build,
                changed: if all { &[] } else { &pages },
                all,
                css_only,
                base: &base_path,
            };
            shared
                .hub
                .broadcast("reload", &serde_json::to_string(&event).unwrap_or_default());
            let ms = started.elapsed().as_millis();
            let_go((last, last_search), compiled.quick);
            if !quiet {
                let line = (first, ms, pages.len());
                tell_built(terminal, compiled.warnings, &compiled.texts, line, lang);
            }
            if terminal.verbose {
                let mut timings = compiled.timings;
                if let Some((load, parse)) = terminal.read.take() {
                    (timings.load, timings.parse) = (load, parse);
                }
                crate::say!("{}", timings.line());
            }
        }
        Err(e) => {
            let diagnostics = match e {
                Error::Content {
                    diagnostics, texts, ..
                } => {
                    report::print(&diagnostics, &texts, Colour::Auto, lang);
                    diagnostics
                }
                other => {
                    let why = report::visible(&other.text(lang)).into_owned();
                    crate::complain!("{}", msg!("cli.error", why = &why).text(lang));
                    let failed = msg!("serve.theme_failed", why = other.to_string());
                    Diagnostics(vec![Diagnostic::error("(theme)", 0, 0, failed)])
                }
            };
            let errors: Vec<Shown> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.shown(lang))
                .collect();
            // The truth: a failed rebuild keeps the last good build, but
            // before the first one there is none.
            let note = match snap.good {
                true => msg!("serve.kept_last_good"),
                false => msg!("serve.no_good_build"),
            };
            let failure = Arc::new(Failure {
                title: msg!("serve.failed_title").text(lang),
                note: note.text(lang),
                errors,
                hint_label: msg!("report.hint").text(lang),
                lang,
            });
            let event = ErrorEvent {
                build: snap.build,
                failure: &failure,
            };
            let json = serde_json::to_string(&event).unwrap_or_default();
            snap.errors = Some(failure.clone());
            drop(snap);
            shared.hub.broadcast("build-error", &json);
            crate::complain!("{}", failure.note);
        }
    }
}

/// Frees the snapshot a rebuild replaced. After a quick rebuild little is
/// freed and the browser is asking for the page now: on a pool thread, and
/// without walking every heap, which on two cores would hold it up. After
/// a full one the last site's pages go back to the system now, not when
/// the allocator gets round to it.
fn let_go(last: (Arc<RenderedSite>, Arc<SearchOnRequest>), quick: bool) {
    if quick {
        rayon::spawn(move || drop(last));
    } else {
        drop(last);
        crate::pipeline::release_freed_memory();
    }
}

type Texts = std::collections::BTreeMap<String, String>;

/// What a reload event after a good build is about: the pages that
/// changed (only pages carry the live-reload script, and a save that
/// changes what lists show changes every role's calendar by its
/// fingerprint); whether all open pages reload, when they are too many to
/// list or the last build failed; and whether only stylesheets changed.
fn reload_scope(changed: &[String], was_error: bool) -> (Vec<String>, bool, bool) {
    let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
    let pages = changed.iter().filter(|p| is_page(p));
    let pages: Vec<String> = pages.cloned().collect();
    let all = was_error || pages.len() > 500;
    (pages, all, css_only)
}

/// Prints a good build's warnings and its line: after the reload is out,
/// since at a county's size the warnings are thousands of lines, and the
/// page need not wait for them. Only warnings that are not as they were
/// printed last time: a save shows what it changed, not the whole site's
/// list again (a warning that moved a line counts as new).
fn tell_built(
    terminal: &mut Terminal,
    warnings: Diagnostics,
    texts: &Texts,
    (first, ms, count): (bool, u128, usize),
    lang: Lang,
) {
    let old = &terminal.printed.0;
    let (same, new): (Vec<&Diagnostic>, Vec<&Diagnostic>) = warnings.iter().partition(|d| {
        old.binary_search_by(|o| o.order(d))
            .is_ok_and(|i| old[i] == **d)
    });
    if !new.is_empty() {
        let new = Diagnostics(new.into_iter().cloned().collect());
        report::print(&new, texts, Colour::Auto, lang);
    }
    if !same.is_empty() {
        let line = msg!("serve.warnings_as_before", count = same.len());
        crate::complain!("{}", line.text(lang));
    }
    terminal.printed = warnings;
    let line = match first {
        true => msg!("serve.built", ms = ms, count = count),
        false => msg!("serve.rebuilt", ms = ms, count = count),
    };
    crate::say!("{}", line.text(lang));
}

/// Waits for file changes, lets a burst of them settle, and rebuilds.
fn watch_and_rebuild(
    project: &mut Project,
    shared: &Shared,
    watch: &mut watch::SiteWatch,
    rx: Receiver<Vec<PathBuf>>,
    terminal: &mut Terminal,
) -> Result<()> {
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let started = Instant::now();
        let mut paths = first;
        // Editors save in bursts (write temp, rename, touch): wait until
        // the burst is over, but never long.
        let deadline = started + Duration::from_millis(250);
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match rx.recv_timeout((deadline - now).min(Duration::from_millis(15))) {
                Ok(more) => paths.extend(more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        // Before reading anything: a file saved after this is reported.
        let fresh = watch.sync(&paths);
        paths.extend(fresh);
        paths.sort();
        paths.dedup();
        let t = Instant::now();
        let summary = project.apply_changes(&paths);
        terminal.read = Some((Duration::ZERO, t.elapsed()));
        if summary.any() {
            rebuild(project, shared, terminal, started);
        }
    }
}

/// Says that the preview answers for its own names only, and how to add one.
const MISDIRECTED: &str = "samsyn serve answers only for localhost; start it with --allow-host NAME to preview under another name.\n";

/// Answers one HTTP request.
/// The service worker serve answers with: it unregisters itself and
/// deletes the caches of its scope, so pages kept by a build never stand
/// in for the preview's.
const UNREGISTER_WORKER_JS: &str = r#"// samsyn serve: the preview keeps no pages offline.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  const prefix = "samsyn " + self.registration.scope + " ";
  event.waitUntil(
    self.registration.unregister()
      .then(() => caches.keys())
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(prefix)).map((k) => caches.delete(k)))),
  );
});
"#;

fn handle(request: &Request, shared: &Shared, hosts: &AllowedHosts) -> Reply {
    // Before anything else, the event stream included: a page of another
    // name learns nothing from the answer but that it is not one of ours.
    // An HTTP/1.0 request without Host counts as one for localhost: no
    // browser sends one, so no web page can.
    if request.host.as_ref().is_some_and(|h| !hosts.allows(h)) {
        let r = Response::text(421, MISDIRECTED).with_header("X-Content-Type-Options", "nosniff");
        return Reply::Response(r);
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let r = Response::text(405, "Only GET and HEAD.\n").with_header("Allow", "GET, HEAD");
        return Reply::Response(r);
    }
    let url = request.target.as_str();
    let (site, search, base_path, failure) = shared.current();
    let rel = match path::resolve(url, &base_path) {
        Ok(rel) => rel,
        Err(path::Rejection::BadRequest) => {
            return Reply::Response(Response::text(400, "Bad request.\n"));
        }
        Err(path::Rejection::NotFound) if url == "/" => {
            return Reply::Response(Response::empty(302).with_header("Location", &*base_path));
        }
        Err(path::Rejection::NotFound) => {
            return Reply::Response(match &failure {
                Some(failure) => no_build_page(request, &base_path, "index.html", failure),
                None => not_found(request, &site, &base_path),
            });
        }
    };
    match rel.as_str() {
        "__samsyn/events" if request.method == "GET" => return subscribe(shared),
        "__samsyn/events" => {
            return Reply::Response(
                Response::empty(200)
                    .with_header("Content-Type", "text/event-stream; charset=utf-8"),
            )
        }
        // The preview registers no service worker; one a build registered
        // on this address asks for its script again and gets this one,
        // which removes itself and its cache.
        crate::render::offline::WORKER_FILE => {
            let r = Response::text(200, UNREGISTER_WORKER_JS);
            return Reply::Response(Response {
                headers: vec![
                    ("Content-Type", "text/javascript; charset=utf-8".into()),
                    ("Cache-Control", "no-cache".into()),
                ],
                ..r
            });
        }
        "__samsyn/live.js" => {
            let r = Response::text(200, live::LIVE_JS);
            return Reply::Response(Response {
                headers: vec![
                    ("Content-Type", "text/javascript; charset=utf-8".into()),
                    ("Cache-Control", "no-cache".into()),
                ],
                ..r
            });
        }
        _ => {}
    }
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(failure) = &failure {
        return Reply::Response(no_build_page(request, &base_path, &key, failure));
    }
    if !site.files.contains_key(&key) && site.files.contains_key(&format!("{rel}/index.html")) {
        let location = format!("{base_path}{}/", crate::urls::encode_path(&rel));
        return Reply::Response(Response::empty(301).with_header("Location", location));
    }
    let found = match site.read(&key) {
        None if key.starts_with("search/") => search.file(&key).map(Ok),
        found => found,
    };
    Reply::Response(match found {
        Some(Ok(bytes)) => {
            let copied = matches!(site.files.get(&key), Some(OutputFile::Copy(_)));
            file(request, &base_path, &key, &bytes, 200, copied)
        }
        // A page rendered on request whose template fails with this page.
        Some(Err(e)) if matches!(site.files.get(&key), Some(OutputFile::OnRequest(_))) => {
            render_failed(request, &base_path, &key, &e)
        }
        Some(Err(_)) | None => not_found(request, &site, &base_path),
    })
}

/// Whether output path `key` is a page (what a tab shows, with the
/// live-reload script).
fn is_page(key: &str) -> bool {
    std::path::Path::new(key)
        .extension()
        .is_none_or(|e| e == "html" || e == "htm")
}

/// The answer for a page left for its request that failed to render (a
/// template failing on it), printed in the terminal too: for a page, a
/// page saying so with the live-reload script, so the save that mends the
/// template shows the page; for anything else, the error as text. 500.
fn render_failed(
    request: &Request,
    base_path: &str,
    key: &str,
    error: &std::io::Error,
) -> Response {
    let text = format!("{key}: {error}");
    crate::complain!("{text}");
    if !is_page(key) {
        return Response::text(500, &format!("{text}\n"));
    }
    // The words are the template engine's, in English.
    let main = format!("<h1>500</h1>\n<pre>{}</pre>\n", escape_html(&text));
    let html = serve_page("en", "500", "", &main);
    file(request, base_path, key, html.as_bytes(), 500, false)
}

/// A page of serve's own (no build to show, a page that failed): the
/// head every such page has, `title`, and `main` (HTML) as its main part.
fn serve_page(lang: &str, title: &str, body_attrs: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n</head>\n<body{body_attrs}>\n<main>\n{main}</main>\n</body>\n</html>\n",
        escape_html(title)
    )
}

/// The answer while no build has succeeded yet: for a page, a page that
/// says so with the live-reload script, which shows the errors in the
/// overlay and reloads to the page asked for once a save fixes them; for
/// anything else, the same words as text. 503: there is nothing to serve.
fn no_build_page(request: &Request, base_path: &str, key: &str, failure: &Failure) -> Response {
    if !is_page(key) {
        let text = format!("{}\n{}\n", failure.title, failure.note);
        return Response::text(503, &text).with_header("Retry-After", "1");
    }
    let esc = escape_html;
    let lang = match failure.lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    };
    let mut main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<ul>\n",
        esc(&failure.title),
        esc(&failure.note),
    );
    for e in &failure.errors {
        let at = match (e.line, e.col) {
            (0, _) => e.file.clone(),
            (l, 0) => format!("{}:{l}", e.file),
            (l, c) => format!("{}:{l}:{c}", e.file),
        };
        main.push_str(&format!(
            "<li><code>{}</code> {}</li>\n",
            esc(&at),
            esc(&e.message)
        ));
    }
    main.push_str("</ul>\n");
    let html = serve_page(lang, &failure.title, " data-samsyn-no-build", &main);
    file(
        request,
        base_path,
        "index.html",
        html.as_bytes(),
        503,
        false,
    )
    .with_header("Retry-After", "1")
}

fn not_found(request: &Request, site: &RenderedSite, base_path: &str) -> Response {
    match site.read("404.html") {
        Some(Ok(bytes)) => file(request, base_path, "404.html", &bytes, 404, false),
        _ => Response::text(404, "Not found.\n"),
    }
}

/// Answers with one output. `copied`: the file was copied from the site
/// (an attachment), not rendered by samsyn.
fn file(
    request: &Request,
    base_path: &str,
    key: &str,
    bytes: &[u8],
    status: u16,
    copied: bool,
) -> Response {
    let content_type = path::content_type(key);
    let runs_as_document = [
        "text/html",
        "application/xhtml",
        "application/xml",
        "text/xml",
        "application/rss",
        "application/atom",
        "image/svg",
    ]
    .iter()
    .any(|t| content_type.starts_with(t));
    let body: Vec<u8> = if content_type.starts_with("text/html") && !copied {
        inject_live_script(bytes, base_path)
    } else {
        bytes.to_vec()
    };
    let etag = etag(&body);
    // no-cache: the browser may keep a copy but must ask every time, so a
    // rebuilt page is never shown stale; the ETag makes asking cheap.
    let mut headers = vec![
        ("Cache-Control", "no-cache".to_string()),
        ("ETag", etag.clone()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "same-origin".into()),
        // The preview shows drafts and is never the published site, so it
        // asks not to be indexed whatever `public` says (which the pages'
        // own meta tag and robots.txt follow, as in build). It covers
        // attachments too, which carry no meta tag.
        ("X-Robots-Tag", "noindex, nofollow".into()),
    ];
    if copied && runs_as_document {
        // An attachment a browser runs as a document (allowed HTML, a
        // checked SVG): no script, and no access to the site's origin.
        headers.push(("Content-Security-Policy", "sandbox".into()));
    } else if content_type.starts_with("text/html") {
        headers.push((
            "Content-Security-Policy",
            format!(
                "{}; frame-ancestors 'self'",
                crate::render::CONTENT_SECURITY_POLICY
            ),
        ));
    }
    // Only a representation that exists can match (RFC 9110 §13.2.2): a
    // 404 page is no version of what was asked for.
    if status == 200 && http::none_match(request.header_values("If-None-Match"), &etag) {
        return Response {
            status: 304,
            headers,
            body: Vec::new(),
        };
    }
    Response {
        status,
        headers,
        body,
    }
    .with_header("Content-Type", content_type)
}

/// Adds the live-reload script before `</body>` (serve only). It is a file
/// of the site's origin, so the pages' Content-Security-Policy lets it run.
fn inject_live_script(html: &[u8], base_path: &str) -> Vec<u8> {
    let base = escape_html(base_path);
    let tag = format!("<script src=\"{base}__samsyn/live.js\" data-base=\"{base}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `value` safe as HTML text or inside a double-quoted attribute.
/// site.yaml's check already refuses a base URL with markup in it; this
/// keeps the promise where the value is written, whatever reaches it.
fn escape_html(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['&', '"', '<', '>', '\'']) {
        return value.into();
    }
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
        .into()
}

/// A strong ETag for a response body.
fn etag(body: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = crate::hash::fingerprinter();
    h.write(body);
    format!("\"{:016x}\"", h.finish())
}

/// Turns the connection into this page's live-reload event stream.
fn subscribe(shared: &Shared) -> Reply {
    let hello = {
        let snap = shared.snapshot.read().unwrap_or_else(|p| p.into_inner());
        let failure = snap.errors.as_deref();
        live::format_event(
            "hello",
            &serde_json::to_string(&HelloEvent {
                build: snap.build,
                errors: failure.map(|f| f.errors.as_slice()),
                title: failure.map(|f| f.title.as_str()),
                note: failure.map(|f| f.note.as_str()),
                hint_label: failure.map(|f| f.hint_label.as_str()),
            })
            .unwrap_or_default(),
        )
    };
    let hub = shared.hub.clone();
    Reply::Takeover(Box::new(move |stream| hub.subscribe(stream, hello)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_names_the_pages_that_changed_not_every_calendar() {
        let mut changed: Vec<String> = (0..2000)
            .map(|n| format!("roller/r{n}/granskning.ics"))
            .collect();
        changed.push("feed.xml".into());
        changed.push("rutiner/a/index.html".into());
        let (pages, all, css_only) = reload_scope(&changed, false);
        assert_eq!(pages, ["rutiner/a/index.html"]);
        assert!(!all && !css_only);
        let many: Vec<String> = (0..501).map(|n| format!("p{n}/index.html")).collect();
        assert!(reload_scope(&many, false).1, "too many pages to list");
        assert!(reload_scope(&changed, true).1, "after a failed build");
        let css = ["static/style.css".to_string()];
        assert!(reload_scope(&css, false).2);
    }

    #[test]
    fn live_script_tag_escapes_the_base_path() {
        let html = inject_live_script(b"<html><body></body></html>", "/a\" onerror=\"alert(1)/");
        let html = String::from_utf8(html).expect("UTF-8");
        assert!(!html.contains("\" onerror"), "{html}");
        assert!(
            html.contains("data-base=\"/a&quot; onerror=&quot;alert(1)/\""),
            "{html}"
        );
    }
}
