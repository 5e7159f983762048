//! Load: find every file of a site and read it into memory.
//!
//! This is the only stage that reads `content/`. It decides which files are
//! pages (`*.md`), which are assets copied beside them, and which are
//! ignored (hidden files, editor temp files). Everything after works on the
//! [`Sources`] it returns.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::messages::msg;

/// One Markdown file, read and decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, `/`-separated (`rutiner/orosanmalan.md`).
    pub content_path: String,
    /// The whole file as UTF-8, without a byte order mark.
    pub text: String,
}

impl SourceFile {
    /// Path relative to the site (`content/rutiner/orosanmalan.md`), as
    /// diagnostics name it.
    pub fn site_path(&self) -> String {
        format!("content/{}", self.content_path)
    }
}

/// A non-Markdown file under `content/`, copied to the same path in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `content/`, `/`-separated.
    pub content_path: String,
    /// Where to read it from.
    pub source: PathBuf,
}

impl Asset {
    /// `content/…`, as diagnostics name it.
    pub fn site_path(&self) -> String {
        format!("content/{}", self.content_path)
    }

    /// Size and modification time: what tells that the file changed.
    pub fn stamp(&self) -> Option<(u64, std::time::SystemTime)> {
        let m = std::fs::metadata(&self.source).ok()?;
        Some((m.len(), m.modified().ok()?))
    }

    /// The file's bytes, for the attachment checks.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(&self.source)
    }
}

/// Everything `load` found.
#[derive(Debug, Clone)]
pub struct Sources {
    pub site_dir: PathBuf,
    pub config: SiteConfig,
    /// Markdown files, sorted by path.
    pub pages: Vec<SourceFile>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Sources {
    /// The text of a site-relative file, for showing error lines.
    pub fn text_of(&self, site_path: &str) -> Option<String> {
        let content_path = site_path.strip_prefix("content/")?;
        self.pages
            .binary_search_by(|p| p.content_path.as_str().cmp(content_path))
            .ok()
            .map(|i| self.pages[i].text.clone())
    }
}

/// Whether a file or folder name is one the generator never looks at:
/// hidden files and the temp files editors leave behind.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Reads the site at `site_dir`: `site.yaml` and everything under `content/`.
pub fn load(site_dir: &Path) -> Sources {
    let (config, mut diagnostics) = SiteConfig::load(site_dir);
    let content_dir = site_dir.join("content");
    let mut sources = Sources {
        site_dir: site_dir.to_path_buf(),
        config,
        pages: Vec::new(),
        assets: Vec::new(),
        diagnostics: vec![],
    };
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "content/",
                0,
                0,
                msg!("content.no_folder", path = content_dir.display()),
            )
            .with_hint(msg!("content.no_folder.hint")),
        );
        sources.diagnostics = diagnostics;
        return sources;
    }
    let (md_paths, assets, walk_diags) = walk(&content_dir);
    diagnostics.extend(walk_diags);
    let read: Vec<Result<SourceFile, Diagnostic>> = md_paths
        .par_iter()
        .map(|(rel, abs)| read_source(rel, abs))
        .collect();
    for r in read {
        match r {
            Ok(f) => sources.pages.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    sources
        .pages
        .sort_by(|a, b| a.content_path.cmp(&b.content_path));
    sources.assets = assets;
    sources
        .assets
        .sort_by(|a, b| a.content_path.cmp(&b.content_path));
    sources.diagnostics = diagnostics;
    sources
}

/// What a walk found: pages (content path, where to read it), assets and
/// diagnostics.
pub type Walked = (Vec<(String, PathBuf)>, Vec<Asset>, Vec<Diagnostic>);

/// Lists the site's own `static/` folder (copied to the output root as it
/// is): `static/robots.txt` → `/robots.txt`. Missing folder: nothing.
pub fn load_static(site_dir: &Path) -> (Vec<Asset>, Vec<Diagnostic>) {
    let dir = site_dir.join("static");
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let (pages, mut assets, diags) = walk(&dir);
    // Markdown under static/ is published as a file too, not as a page.
    assets.extend(pages.into_iter().map(|(content_path, source)| Asset {
        content_path,
        source,
    }));
    assets.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let diags = diags
        .into_iter()
        .map(|mut d| {
            d.file = d.file.replacen("content/", "static/", 1);
            d
        })
        .collect();
    (assets, diags)
}

/// Lists pages and assets. Symbolic links are followed only when they stay
/// inside `content/`: a link elsewhere could publish any file on the machine.
fn walk(content_dir: &Path) -> Walked {
    walk_under(content_dir, content_dir)
}

/// Lists the pages and assets under `start`, a folder inside `content_dir`
/// (or `content_dir` itself), exactly as a walk of the whole `content_dir`
/// lists them there: `serve` walks a folder that appears while it runs.
pub fn walk_under(content_dir: &Path, start: &Path) -> Walked {
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut diags = Vec::new();
    let root = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    if start != content_dir && !reached_by_walk(&root, content_dir, start) {
        return (pages, assets, diags);
    }
    // A linked folder inside content/ is not entered by the whole walk, so
    // a walk starting at one must not enter it either.
    let walker = WalkDir::new(start)
        .follow_links(false)
        .follow_root_links(start == content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| site_rel(content_dir, p))
                    .unwrap_or_else(|| "content/".into());
                diags.push(Diagnostic::error(
                    path,
                    0,
                    0,
                    msg!("content.unreadable", why = e),
                ));
                continue;
            }
        };
        let rel = site_rel(content_dir, entry.path());
        let abs = if entry.path_is_symlink() {
            match follow_link(&root, &rel, entry.path()) {
                Ok(Some(target)) => target,
                Ok(None) => continue,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else if entry.file_type().is_file() {
            entry.path().to_path_buf()
        } else {
            continue;
        };
        let content_path = rel.trim_start_matches("content/").to_string();
        if content_path.ends_with(".md") {
            pages.push((content_path, abs));
        } else {
            assets.push(Asset {
                content_path,
                source: abs,
            });
        }
    }
    (pages, assets, diags)
}

/// Where the file at `path` inside `content_dir` is read from, by the rules
/// of the walk: `None` when there is nothing to publish (no such file, a
/// folder, a link to a folder inside `content/`), an error for a symbolic
/// link out of `content/` or to nowhere. For a single changed path.
pub fn source_path(content_dir: &Path, path: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(None);
    };
    let root = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    if !reached_by_walk(&root, content_dir, path) {
        Ok(None)
    } else if meta.file_type().is_symlink() {
        follow_link(&root, &site_rel(content_dir, path), path)
    } else if meta.is_file() {
        Ok(Some(path.to_path_buf()))
    } else {
        Ok(None)
    }
}

/// Whether the walk of `content_dir` (canonical: `root`) gets to `path`:
/// only when no folder above it is a symbolic link, since the walk never
/// enters a linked folder. (A watcher may report paths through one.)
fn reached_by_walk(root: &Path, content_dir: &Path, path: &Path) -> bool {
    let Some(parent) = path.parent() else {
        return false;
    };
    let Ok(rel) = parent.strip_prefix(content_dir) else {
        return false;
    };
    parent.canonicalize().is_ok_and(|p| p == root.join(rel))
}

/// The symbolic link rule: a link is followed only when its target stays
/// inside `root` (canonical); a link to a folder there gives nothing, as
/// the folder is walked where it lives; any other link is an error named
/// `rel`, since it could publish any file on the machine.
fn follow_link(root: &Path, rel: &str, link: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    match link.canonicalize() {
        Ok(target) if target.starts_with(root) && target.is_file() => Ok(Some(target)),
        Ok(target) if target.starts_with(root) => Ok(None),
        _ => Err(Diagnostic::error(rel, 0, 0, msg!("content.link_outside"))
            .with_hint(msg!("content.link_outside.hint"))),
    }
}

fn site_rel(content_dir: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(content_dir).unwrap_or(p);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        "content/".into()
    } else {
        format!("content/{}", parts.join("/"))
    }
}

/// Reads one Markdown file; one that is not UTF-8 is reported in the
/// encoding it is in ([`encoding::decode`](crate::encoding::decode)).
pub fn read_source(content_path: &str, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let site_path = format!("content/{content_path}");
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(&site_path, 0, 0, msg!("content.unreadable", why = e))
            .with_hint(msg!("content.unreadable.hint"))
    })?;
    let text = crate::encoding::decode(&site_path, bytes)?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(SourceFile {
        content_path: content_path.to_string(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for n in [".hidden.md", "a.md~", ".a.md.swp", "#a.md#", "x.swp"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("rutin.md"));
    }
}
