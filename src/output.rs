//! Write: put a [`RenderedSite`] on disk without ever leaving a half-written
//! site behind.
//!
//! The new site is written to a temporary folder beside the output folder,
//! then swapped in with one `renameat2(RENAME_EXCHANGE)` (two renames where
//! the file system cannot exchange). Until that moment the old output is
//! untouched; after it, the new one is complete. Leftovers of a build that
//! was killed are removed by the next one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::{OutputFile, RenderedSite};

/// The file that marks a folder as samsyn's output, so we never replace a
/// folder someone pointed `--output` at by mistake.
pub const MARKER: &str = ".samsyn-output";

/// What writing did.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `site` to `out_dir`, replacing what was there atomically.
pub fn write_site(site: &RenderedSite, out_dir: &Path) -> Result<WriteStats> {
    let (parent, name) = split_dir(out_dir)?;
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;
    check_replaceable(out_dir)?;
    remove_leftovers(&parent, &name);
    let tmp = parent.join(format!(".{name}.samsyn-tmp-{}", std::process::id()));
    let stats = match write_tree(site, &tmp) {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            // Name the output folder, not only the temporary path that failed.
            return Err(Error::Output {
                path: out_dir.to_path_buf(),
                message: format!(
                    "the new site could not be written; the previous one is left as it was ({e})"
                ),
            });
        }
    };
    swap_in(&tmp, out_dir, &parent, &name)?;
    Ok(stats)
}

fn split_dir(out_dir: &Path) -> Result<(PathBuf, String)> {
    let abs = if out_dir.is_absolute() {
        out_dir.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("finding", Path::new("."), e))?
            .join(out_dir)
    };
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Output {
            path: out_dir.to_path_buf(),
            message: "the output must be a named folder".into(),
        })?;
    let parent = abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    Ok((parent, name))
}

fn check_replaceable(out_dir: &Path) -> Result<()> {
    let Ok(mut entries) = std::fs::read_dir(out_dir) else {
        return Ok(());
    };
    if entries.next().is_none() || out_dir.join(MARKER).exists() {
        return Ok(());
    }
    Err(Error::Output {
        path: out_dir.to_path_buf(),
        message: format!(
            "it has files that samsyn did not write (no {MARKER} marker); refusing to replace it. Empty it or choose another --output"
        ),
    })
}

/// Removes temporary trees of earlier builds that were killed mid-way.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.samsyn-tmp-"),
        format!(".{name}.samsyn-old-"),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn write_tree(site: &RenderedSite, root: &Path) -> Result<WriteStats> {
    std::fs::create_dir_all(root).map_err(|e| Error::io("creating", root, e))?;
    let dirs: BTreeSet<&str> = site
        .files
        .keys()
        .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for d in dirs {
        let dir = root.join(d);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    }
    let sizes: Vec<u64> = site
        .files
        .par_iter()
        .map(|(path, file)| {
            let dest = root.join(path);
            match file {
                OutputFile::Bytes(b) => std::fs::write(&dest, b).map(|_| b.len() as u64),
                OutputFile::Copy(src) => std::fs::copy(src, &dest),
            }
            .map_err(|e| Error::io("writing", &dest, e))
        })
        .collect::<Result<_>>()?;
    let marker = root.join(MARKER);
    std::fs::write(
        &marker,
        b"This folder is written by samsyn build and replaced whole on every build.\n",
    )
    .map_err(|e| Error::io("writing", &marker, e))?;
    Ok(WriteStats {
        files: sizes.len(),
        bytes: sizes.iter().sum(),
    })
}

fn swap_in(tmp: &Path, out_dir: &Path, parent: &Path, name: &str) -> Result<()> {
    if !out_dir.exists() {
        return std::fs::rename(tmp, out_dir)
            .map_err(|e| Error::io("renaming into place", out_dir, e));
    }
    let exchanged = rustix::fs::renameat_with(
        rustix::fs::CWD,
        tmp,
        rustix::fs::CWD,
        out_dir,
        rustix::fs::RenameFlags::EXCHANGE,
    );
    if exchanged.is_ok() {
        // `tmp` now holds the previous site.
        let _ = std::fs::remove_dir_all(tmp);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.samsyn-old-{}", std::process::id()));
    std::fs::rename(out_dir, &old).map_err(|e| Error::io("moving aside", out_dir, e))?;
    if let Err(e) = std::fs::rename(tmp, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(Error::io("renaming into place", out_dir, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
