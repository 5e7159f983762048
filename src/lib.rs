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
pub mod project;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;
pub mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::error::{Diagnostics, Result};
use crate::model::ReviewStatus;
use crate::render::{Mode, RenderedSite};
use crate::resolve::Site;

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
        BuildOptions {
            site_dir: site_dir.into(),
            today: None,
            include_drafts: false,
            mode: Mode::Build,
        }
    }
}

/// Time spent in each stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub resolve: Duration,
    pub render: Duration,
    /// The search index's part of `render`.
    pub search: Duration,
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
    /// Output paths that changed since the previous compile of the same
    /// project (all of them on a first compile).
    pub changed: Vec<String>,
}

impl Compiled {
    /// The one-line summary printed after a build.
    pub fn summary(&self) -> String {
        let docs: Vec<_> = self
            .site
            .documents()
            .map(|i| self.site.pages[i].status)
            .collect();
        let by_status: Vec<String> = ReviewStatus::ALL
            .iter()
            .filter_map(|s| {
                let n = docs.iter().filter(|d| *d == s).count();
                (n > 0).then(|| format!("{n} {}", s.key()))
            })
            .collect();
        let status = if by_status.is_empty() {
            String::new()
        } else {
            format!(": {}", by_status.join(", "))
        };
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
    let t = Instant::now();
    let mut project = project::Project::load(opts.clone());
    let load_and_parse = t.elapsed();
    let mut compiled = project.compile()?;
    compiled.timings.parse = load_and_parse;
    Ok(compiled)
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
