//! The pipeline: load → parse → resolve → render → write, and the one
//! layer that runs it. Owns every cache between compiles ([`Project`]),
//! the output stage with its sink ([`outputs`]), the options, the
//! timings, the manifest that lets a build skip unchanged work, and the
//! memory release. `render`, `search` and `feeds` are the siblings it
//! calls; none of them calls another, writes a file or keeps state.

mod inputs;
pub mod outputs;
pub mod project;

pub use outputs::OutputCache;
pub use project::Project;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::error::{Diagnostics, Result};
use crate::messages::msg;
use crate::messages::{Arg, Message};
use crate::model::ReviewStatus;
use crate::output::{self, RenderedSite};
use crate::render::Mode;
use crate::resolve::Site;
use crate::{config, content, dates, feeds};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (with `content/`, optional `site.yaml`).
    pub site_dir: PathBuf,
    /// The day review status is computed for (default: the clock).
    pub today: Option<Date>,
    /// Include pages marked `draft: true`.
    pub include_drafts: bool,
    pub mode: Mode,
    /// `--base-url`: stands in for site.yaml's `base_url` (already checked
    /// and normalised by [`crate::config::parse_base_url`]).
    pub base_url: Option<String>,
}

impl BuildOptions {
    /// Options for building `site_dir` as `samsyn build` does.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        BuildOptions {
            site_dir: site_dir.into(),
            today: None,
            include_drafts: false,
            mode: Mode::Build,
            base_url: None,
        }
    }

    /// The configuration to build with: site.yaml's, with `--base-url` in
    /// place of its `base_url`; and in serve only the path of a full
    /// `base_url`, since the preview is on this machine, not on the
    /// intranet's host, and nothing in it may point there.
    pub fn site_config(&self, mut config: config::SiteConfig) -> config::SiteConfig {
        if let Some(base) = &self.base_url {
            config.base_url = base.clone();
        }
        if self.mode == Mode::Serve {
            config.base_url = config::base_path(&config.base_url).to_string();
        }
        config
    }
}

/// Time spent in each stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Finding and reading the files.
    pub load: Duration,
    pub parse: Duration,
    pub resolve: Duration,
    /// Pages, generated pages and feeds.
    pub render: Duration,
    pub search: Duration,
    pub write: Duration,
}

impl Timings {
    /// Time of all stages together.
    pub fn total(&self) -> Duration {
        self.load + self.parse + self.resolve + self.render + self.search + self.write
    }

    /// One line for `--timings`: every stage, and the peak memory of the
    /// process so far where the system tells it.
    pub fn line(&self) -> String {
        let s = |d: Duration| format!("{:.2} s", d.as_secs_f64());
        let mut line = format!(
            "timings: load {}, parse {}, resolve {}, render {}, search index {}, write {}; total {}",
            s(self.load),
            s(self.parse),
            s(self.resolve),
            s(self.render),
            s(self.search),
            s(self.write),
            s(self.total())
        );
        if let Some(kib) = peak_memory_kib() {
            line.push_str(&format!("; peak memory {} MiB", kib / 1024));
        }
        line
    }
}

/// The peak resident memory of this process (`VmHWM`), in KiB.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Hands memory that every thread has freed back to the system now.
///
/// mimalloc keeps freed pages in each thread's heap for reuse. A one-shot
/// build frees every page's HTML just before it makes the search index,
/// its largest step, which allocates things of other sizes: without this
/// the freed HTML stays resident under the index, and the peak at 10 000
/// documents is ~30 MiB higher. Harmless when mimalloc is not the
/// allocator (its heaps are then empty).
pub(crate) fn release_freed_memory() {
    // SAFETY: mi_collect only walks the calling thread's own heap (and
    // abandoned ones); it may be called at any time from any thread.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

/// A site compiled into memory, ready to write or serve.
pub struct Compiled {
    pub site: Arc<Site>,
    pub rendered: RenderedSite,
    /// Warnings (a compiled site has no errors).
    pub warnings: Diagnostics,
    pub timings: Timings,
    /// Texts of the files the warnings name, for showing their lines.
    pub texts: BTreeMap<String, String>,
    /// Output paths that changed since the previous compile of the same
    /// project (all of them on a first compile).
    pub changed: Vec<String>,
    /// Whether serve's quick path made it: only the saved pages were
    /// rendered again, nothing was resolved (`Project::compile_without_search`).
    pub quick: bool,
}

impl Compiled {
    /// The one-line summary printed after a build (without its time).
    pub fn summary(&self) -> Message {
        let docs: Vec<_> = self
            .site
            .documents()
            .map(|i| self.site.pages[i].status)
            .collect();
        let by_status: Vec<Message> = ReviewStatus::ALL
            .iter()
            .filter_map(|&s| {
                let n = docs.iter().filter(|&&d| d == s).count();
                (n > 0).then(|| status_count(s, n))
            })
            .collect();
        let pages = self.site.pages.len();
        let files = self.rendered.files.len();
        match by_status.is_empty() {
            true => msg!(
                "pipeline.summary",
                pages = pages,
                documents = docs.len(),
                files = files
            ),
            false => msg!(
                "pipeline.summary.statuses",
                pages = pages,
                documents = docs.len(),
                statuses = Arg::List(by_status),
                files = files
            ),
        }
    }
}

/// Loads, parses, resolves and renders a site into memory. Content errors
/// come back as [`Error::Content`] with every diagnostic of the site.
pub fn compile(opts: &BuildOptions) -> Result<Compiled> {
    let (mut project, load, parse) = load_project(opts, Project::from_sources);
    let mut compiled = project.compile()?;
    compiled.timings.load = load;
    compiled.timings.parse = parse;
    Ok(compiled)
}

/// Reads the site and makes a project of it with `make` (one of
/// [`Project`]'s constructors), with how long each took: the load and
/// parse of the timings line.
pub(crate) fn load_project(
    opts: &BuildOptions,
    make: fn(BuildOptions, content::Sources) -> Project,
) -> (Project, Duration, Duration) {
    let t = Instant::now();
    let sources = content::load(&opts.site_dir);
    let load = t.elapsed();
    let t = Instant::now();
    let project = make(opts.clone(), sources);
    (project, load, t.elapsed())
}

/// Checks a site as `build` would build it, writing nothing: every output
/// is rendered, so a template that fails fails the check, and let go of at
/// once, so memory stays a build's rather than growing with the output
/// (at 100 000 pages, a whole site in memory is gigabytes). The returned
/// site's pages hold neither body HTML nor what only resolve reads,
/// external links among it: `check --external` takes [`compile`].
pub fn check(opts: &BuildOptions) -> Result<Compiled> {
    let (project, load, parse) = load_project(opts, Project::for_build);
    let (mut compiled, _) = project.build_into(&output::Discard)?;
    compiled.timings.load = load;
    compiled.timings.parse = parse;
    Ok(compiled)
}

/// `n` documents of status `s`, as the summary counts them.
fn status_count(s: ReviewStatus, n: usize) -> Message {
    match s {
        ReviewStatus::Draft => msg!("pipeline.status.draft", count = n),
        ReviewStatus::Superseded => msg!("pipeline.status.superseded", count = n),
        ReviewStatus::Upcoming => msg!("pipeline.status.upcoming", count = n),
        ReviewStatus::Expired => msg!("pipeline.status.expired", count = n),
        ReviewStatus::Overdue => msg!("pipeline.status.overdue", count = n),
        ReviewStatus::Due => msg!("pipeline.status.due", count = n),
        ReviewStatus::Current => msg!("pipeline.status.current", count = n),
    }
}

/// What `build` did.
#[derive(Debug, Clone)]
pub struct Built {
    /// The summary line (see [`Compiled::summary`]).
    pub summary: Message,
    /// Warnings (a built site has no errors), and the texts they point into.
    pub warnings: Diagnostics,
    pub texts: BTreeMap<String, String>,
    pub timings: Timings,
    /// Files written or linked; zero when nothing changed.
    pub stats: output::WriteStats,
    /// Nothing the site is made from had changed since the last build into
    /// the same folder, which was left as it was.
    pub unchanged: bool,
    /// When unchanged: how many warnings that last build had (they are not
    /// kept; `samsyn check` shows them).
    pub earlier_warnings: usize,
    /// What this configuration leaves out (a sitemap without the site's
    /// full address), one line each.
    pub notes: Vec<Message>,
}

/// Compiles the site and writes it to `out_dir`, replacing the previous
/// output atomically. On any error the previous output is left as it was.
///
/// Pages go to disk batch by batch as they are rendered, so memory does not
/// grow with the size of the output. Files whose inputs are the same as in
/// the previous output (per its manifest) are hard-linked from it, and when
/// no input changed at all the output is left untouched.
pub fn build(opts: &BuildOptions, out_dir: &Path) -> Result<Built> {
    let t = Instant::now();
    let _lock = output::lock(out_dir)?;
    let mut sources = content::load(&opts.site_dir);
    sources.config = opts.site_config(sources.config);
    let identity = samsyn_identity();
    let today = opts.today.unwrap_or_else(dates::today);
    let inputs = inputs::hash(opts, today, &sources, &identity);
    let notes = feeds::notes(&sources.config);
    let previous = output::Manifest::read(out_dir).filter(|m| m.samsyn == identity);
    let mut timings = Timings {
        load: t.elapsed(),
        ..Timings::default()
    };
    if let Some(m) = previous.as_ref().filter(|m| m.inputs == inputs) {
        output::remove_leftovers_of(out_dir);
        return Ok(Built {
            summary: m.summary.clone(),
            warnings: Diagnostics::default(),
            texts: BTreeMap::new(),
            earlier_warnings: m.warnings,
            timings,
            stats: output::WriteStats::default(),
            unchanged: true,
            notes,
        });
    }
    let t = Instant::now();
    let opts = BuildOptions {
        today: Some(today),
        ..opts.clone()
    };
    let mut project = project::Project::for_build(opts, sources);
    timings.parse = t.elapsed();
    if let Some(m) = previous {
        project.set_previous(OutputCache::of_previous_output(out_dir, m.files));
    }
    let staged = output::Staged::begin(out_dir)?;
    let (compiled, cache) = project.build_into(&staged)?;
    let summary = compiled.summary();
    let manifest = output::Manifest {
        samsyn: identity,
        inputs,
        summary: summary.clone(),
        warnings: compiled.warnings.0.len(),
        files: cache
            .fingerprints()
            .map(|(p, f)| (p.to_string(), f))
            .collect(),
    };
    let t = Instant::now();
    let Compiled {
        site,
        rendered,
        warnings,
        texts,
        timings: made,
        ..
    } = compiled;
    // The last sync waits for the disk with the cores idle: letting go of
    // the site and its outputs' map (tens of milliseconds at 10 000 pages)
    // costs no time beside it.
    let stats = std::thread::scope(|s| {
        s.spawn(move || drop((site, rendered, cache)));
        staged.finish(Some(&manifest))
    })?;
    timings.resolve = made.resolve;
    timings.render = made.render;
    timings.search = made.search;
    timings.write = made.write + t.elapsed();
    Ok(Built {
        summary,
        warnings,
        texts,
        earlier_warnings: 0,
        timings,
        stats,
        unchanged: false,
        notes,
    })
}

/// This samsyn: its version and binary, so a manifest written by another
/// build of samsyn (whose fingerprints may mean something else) is not used.
pub(crate) fn samsyn_identity() -> String {
    stamped_identity().unwrap_or_else(|| format!("{} ", env!("CARGO_PKG_VERSION")))
}

/// [`samsyn_identity`] if the system tells the running binary's size and
/// modification time; else none, since any build of this version would
/// pass for this one.
pub(crate) fn stamped_identity() -> Option<String> {
    let m = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    let stamp = format!("{}:{:?}", m.len(), m.modified().ok()?);
    Some(format!("{} {stamp}", env!("CARGO_PKG_VERSION")))
}
