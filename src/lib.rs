//! samsyn compiles a folder of Markdown agreements, routines, roles, forums
//! and contact lists into a cross-linked static intranet site.
//!
//! The pipeline runs one way: [`content::load`] → [`parse`] → [`resolve`] →
//! [`render`] → [`output`] (or `serve`, from memory). See ARCHITECTURE.md.

pub mod config;
pub mod content;
pub mod dates;
pub mod error;
pub mod frontmatter;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod privacy;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod theme;
pub mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::error::{Diagnostics, Error, Result};
use crate::model::ReviewStatus;
use crate::render::{Mode, RenderedSite};
use crate::resolve::{ResolveOptions, Site};

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
}

impl BuildOptions {
    /// Options for building `site_dir` as `samsyn build` does.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        BuildOptions { site_dir: site_dir.into(), today: None, include_drafts: false, mode: Mode::Build }
    }
}

/// Time spent in each stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub resolve: Duration,
    pub render: Duration,
    pub write: Duration,
}

impl Timings {
    /// Time of all stages together.
    pub fn total(&self) -> Duration {
        self.load + self.parse + self.resolve + self.render + self.write
    }
}

/// A site compiled into memory, ready to write or serve.
pub struct Compiled {
    pub site: Site,
    pub rendered: RenderedSite,
    /// Warnings (a compiled site has no errors).
    pub warnings: Diagnostics,
    pub timings: Timings,
    /// Texts of the files the warnings name, for showing their lines.
    pub texts: BTreeMap<String, String>,
}

impl Compiled {
    /// The one-line summary printed after a build.
    pub fn summary(&self) -> String {
        let docs: Vec<_> = self.site.documents().map(|i| self.site.pages[i].status).collect();
        let by_status: Vec<String> = ReviewStatus::ALL
            .iter()
            .filter_map(|s| {
                let n = docs.iter().filter(|d| *d == s).count();
                (n > 0).then(|| format!("{n} {}", s.key()))
            })
            .collect();
        let status = if by_status.is_empty() { String::new() } else { format!(": {}", by_status.join(", ")) };
        format!(
            "{} pages, {} documents{status}; {} files in {:.2} s",
            self.site.pages.len(),
            docs.len(),
            self.rendered.files.len(),
            self.timings.total().as_secs_f64()
        )
    }
}

/// Loads, parses, resolves and renders a site into memory. Content errors
/// come back as [`Error::Content`] with every diagnostic of the site.
pub fn compile(opts: &BuildOptions) -> Result<Compiled> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let sources = content::load(&opts.site_dir);
    timings.load = t.elapsed();

    let t = Instant::now();
    let base_url = sources.config.base_url.clone();
    let results: Vec<_> = sources.pages.par_iter().map(|f| parse::parse_page(f, &base_url)).collect();
    let mut diags = Diagnostics(sources.diagnostics.clone());
    let mut parsed = Vec::with_capacity(results.len());
    for (page, d) in results {
        parsed.extend(page);
        diags.extend(d);
    }
    timings.parse = t.elapsed();

    let t = Instant::now();
    let today = opts.today.unwrap_or_else(dates::today);
    let resolve_opts = ResolveOptions { today, include_drafts: opts.include_drafts };
    let (site, resolve_diags) =
        resolve::resolve(parsed, &sources.pages, sources.assets.clone(), sources.config.clone(), resolve_opts);
    diags.extend(resolve_diags);
    diags.sort();
    diags.attach_lines(|f| sources.text_of(f));
    let texts = texts_of(&diags, &sources);
    timings.resolve = t.elapsed();
    if diags.has_errors() {
        return Err(Error::Content { errors: diags.error_count(), diagnostics: diags, texts });
    }

    let t = Instant::now();
    let theme = theme::Theme::load(&opts.site_dir, &site.config.theme)?;
    let rendered = render::render(&site, &theme, opts.mode)?;
    timings.render = t.elapsed();
    Ok(Compiled { site, rendered, warnings: diags, timings, texts })
}

/// Compiles the site and writes it to `out_dir`, replacing the previous
/// output atomically. On any error the previous output is left as it was.
pub fn build(opts: &BuildOptions, out_dir: &Path) -> Result<Compiled> {
    let mut compiled = compile(opts)?;
    let t = Instant::now();
    output::write_site(&compiled.rendered, out_dir)?;
    compiled.timings.write = t.elapsed();
    Ok(compiled)
}

/// The texts (personnummer masked) of the files that diagnostics name.
fn texts_of(diags: &Diagnostics, sources: &content::Sources) -> BTreeMap<String, String> {
    diags
        .iter()
        .filter_map(|d| sources.text_of(&d.file).map(|t| (d.file.clone(), privacy::mask(&t))))
        .collect()
}
