//! Write: put a [`RenderedSite`] on disk without ever leaving a half-written
//! site behind.
//!
//! The new site is written to a temporary folder beside the output folder,
//! then swapped in with one `renameat2(RENAME_EXCHANGE)` (two renames where
//! the file system cannot exchange). Until that moment the old output is
//! untouched; after it, the new one is complete, and on disk: the file
//! system is synced before the swap and the folder after it, so a power
//! cut leaves the old site or the new one. One build at a time writes a
//! folder ([`lock`]); leftovers of a build that was killed are removed by
//! the next one, never those of a build still running. An output folder
//! that is a symbolic link keeps its link: the folder it points at is
//! replaced.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::{OutputFile, RenderedSite};

/// The file that marks a folder as samsyn's output, so we never replace a
/// folder someone pointed `--output` at by mistake.
pub const MARKER: &str = ".samsyn-output";

/// The file in the output folder that records what the build was made
/// from, so the next build can link unchanged files instead of writing
/// them, or skip a build whose inputs did not change at all.
pub const MANIFEST: &str = ".samsyn-manifest.json";

/// What writing did.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
    /// Files linked from the previous output instead of written.
    pub linked: usize,
}

/// What a build was made from, stored in [`MANIFEST`].
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Which samsyn wrote it (version and binary); fingerprints made by
    /// another binary are never trusted.
    pub samsyn: String,
    /// Hash of every input of the build (see `crate::inputs_hash`).
    pub inputs: u64,
    /// The summary line the build printed.
    pub summary: String,
    /// How many warnings it had. Not the warnings themselves: the folder
    /// is published, and a warning may quote a line of a draft.
    pub warnings: usize,
    /// Output path → fingerprint of what it was made from.
    pub files: BTreeMap<String, u64>,
}

impl Manifest {
    /// The manifest of the output folder `out_dir`, if it has a readable one.
    pub fn read(out_dir: &Path) -> Option<Manifest> {
        if !out_dir.join(MARKER).is_file() {
            return None;
        }
        let bytes = std::fs::read(out_dir.join(MANIFEST)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Holds the output folder for one build: taken by [`lock`], released
/// when dropped (which removes the lock file) or when the process ends,
/// however it ends (the file then stays, unlocked, for the next build).
#[derive(Debug)]
pub struct BuildLock {
    file: std::fs::File,
    path: PathBuf,
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still held: a build that opened it meanwhile finds
        // its file gone once it gets the lock, and opens the path again.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Takes the lock of the output folder `out_dir` for the whole of a build,
/// so a second build at the same time (a cron job and a person) cannot
/// delete the first one's temporary tree or swap in half of it. It is a
/// file beside the folder, `.NAME.samsyn-lock`, holding the pid of the
/// build that has it, and gone when the build ends. A build that finds it
/// taken stops with an error rather than waiting: a stuck build should be
/// seen, not queued behind.
pub fn lock(out_dir: &Path) -> Result<BuildLock> {
    let (parent, name) = split_dir(&resolve_output(out_dir)?)?;
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;
    let path = parent.join(format!(".{name}.samsyn-lock"));
    loop {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("creating", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(taken(out_dir, &path)),
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io("locking", &path, e)),
        }
        // The build that had it may have removed the file between our
        // open and our lock: then this lock guards nothing; try again.
        if !same_file(&file, &path) {
            continue;
        }
        let _ = file.set_len(0);
        let _ = write!(file, "{}", std::process::id());
        return Ok(BuildLock { file, path });
    }
}

/// Whether `file` is (still) the file at `path`.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// The error of a build that found the folder's lock taken.
fn taken(out_dir: &Path, lock: &Path) -> Error {
    let holder = std::fs::read_to_string(lock).unwrap_or_default();
    let by = match holder.trim() {
        "" => String::new(),
        pid => format!(" (process {pid})"),
    };
    Error::Output {
        path: out_dir.to_path_buf(),
        message: format!(
            "another samsyn build is writing this folder{by}; nothing was written. Try again when it has finished"
        ),
    }
}

/// The folder a build replaces: `out_dir`, or, when `out_dir` is a
/// symbolic link, the folder it points at (a web server's document root
/// linked to the build's folder); the link itself is never replaced.
pub fn resolve_output(out_dir: &Path) -> Result<PathBuf> {
    let is_link = std::fs::symlink_metadata(out_dir).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(out_dir.to_path_buf());
    }
    if let Ok(target) = std::fs::canonicalize(out_dir) {
        return Ok(target);
    }
    // A link to a folder that does not exist yet: it is created there.
    let target =
        std::fs::read_link(out_dir).map_err(|e| Error::io("reading the link", out_dir, e))?;
    Ok(match out_dir.parent() {
        Some(dir) if target.is_relative() => dir.join(target),
        _ => target,
    })
}

/// Writes `site` to `out_dir`, replacing what was there atomically.
pub fn write_site(site: &RenderedSite, out_dir: &Path) -> Result<WriteStats> {
    let _lock = lock(out_dir)?;
    let staged = Staged::begin(out_dir)?;
    site.files
        .par_iter()
        .try_for_each(|(path, file)| staged.put(path, file))?;
    staged.finish(None)
}

/// A new output tree being written beside the output folder, swapped in
/// whole by [`Staged::finish`]. Dropped unfinished (an error, a failed
/// render), it removes itself and the output folder stays as it was.
pub struct Staged {
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    tmp: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    linked: AtomicUsize,
    bytes: AtomicU64,
    finished: bool,
}

impl Staged {
    /// Checks that `out_dir` may be replaced, removes leftovers of killed
    /// builds and creates the temporary tree.
    pub fn begin(out_dir: &Path) -> Result<Staged> {
        let out_dir = &resolve_output(out_dir)?;
        let (parent, name) = split_dir(out_dir)?;
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;
        check_replaceable(out_dir)?;
        remove_leftovers(&parent, &name);
        let tmp = parent.join(format!(".{name}.samsyn-tmp-{}", std::process::id()));
        let staged = Staged {
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            tmp,
            dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            linked: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            finished: false,
        };
        std::fs::create_dir_all(&staged.tmp).map_err(|e| staged.failed(&staged.tmp, e))?;
        Ok(staged)
    }

    /// Writes one file into the new tree.
    pub fn put(&self, path: &str, file: &OutputFile) -> Result<()> {
        let dest = self.tmp.join(path);
        if let Some(dir) = dest.parent() {
            self.ensure_dir(dir)?;
        }
        let len = match file {
            OutputFile::Bytes(b) => write_new(&dest, |f| f.write_all(b)).map(|_| b.len() as u64),
            OutputFile::Copy(src) => copy_new(src, &dest),
            OutputFile::Previous(src) => {
                self.linked.fetch_add(1, Ordering::Relaxed);
                link_or_copy(src, &dest)
            }
            OutputFile::Written => return Ok(()),
        }
        .map_err(|e| self.failed(&dest, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }

    fn ensure_dir(&self, dir: &Path) -> Result<()> {
        let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        if dirs.contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| self.failed(dir, e))?;
        dirs.insert(dir.to_path_buf());
        Ok(())
    }

    /// Names the output folder, not only the temporary path that failed.
    fn failed(&self, path: &Path, e: std::io::Error) -> Error {
        Error::Output {
            path: self.out_dir.clone(),
            message: format!(
                "the new site could not be written; the previous one is left as it was ({})",
                Error::io("writing", path, e)
            ),
        }
    }

    /// Writes the marker (and `manifest`, if given) and swaps the new tree
    /// in for the output folder.
    pub fn finish(mut self, manifest: Option<&Manifest>) -> Result<WriteStats> {
        let marker = self.tmp.join(MARKER);
        write_new(&marker, |f| {
            f.write_all(
                b"This folder is written by samsyn build and replaced whole on every build.\n",
            )
        })
        .map_err(|e| self.failed(&marker, e))?;
        if let Some(m) = manifest {
            let path = self.tmp.join(MANIFEST);
            let json = serde_json::to_vec(m).unwrap_or_default();
            write_new(&path, |f| f.write_all(&json)).map_err(|e| self.failed(&path, e))?;
        }
        // On disk before it is swapped in: the rename may reach the disk
        // before the files it makes visible otherwise.
        let synced = std::fs::File::open(&self.tmp)
            .and_then(|dir| rustix::fs::syncfs(&dir).map_err(std::io::Error::from));
        synced.map_err(|e| self.failed(&self.tmp, e))?;
        swap_in(&self.tmp, &self.out_dir, &self.parent, &self.name)?;
        self.finished = true;
        // The swap itself, made durable.
        let _ = std::fs::File::open(&self.parent).and_then(|d| d.sync_all());
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            linked: self.linked.load(Ordering::Relaxed),
        })
    }
}

impl crate::render::Sink for Staged {
    fn put(&self, path: &str, file: &OutputFile) -> Result<()> {
        Staged::put(self, path, file)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Creates `dest` (never opening an existing file: it may be a hard link
/// into the previous output, which must not change) and fills it.
fn write_new(
    dest: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dest)
    };
    let mut f = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            // A later output for the same path (an asset over a page).
            std::fs::remove_file(dest)?;
            open()?
        }
        other => other?,
    };
    fill(&mut f)
}

fn copy_new(src: &Path, dest: &Path) -> std::io::Result<u64> {
    let mut from = std::fs::File::open(src)?;
    let mut n = 0;
    write_new(dest, |to| {
        n = std::io::copy(&mut from, to)?;
        Ok(())
    })?;
    Ok(n)
}

/// Hard-links `src` (a file of the previous output) at `dest`; copies it
/// where the file system cannot link.
fn link_or_copy(src: &Path, dest: &Path) -> std::io::Result<u64> {
    let len = std::fs::metadata(src)?.len();
    match std::fs::hard_link(src, dest) {
        Ok(()) => Ok(len),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(dest)?;
            std::fs::hard_link(src, dest).map(|_| len)
        }
        Err(_) => copy_new(src, dest),
    }
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

/// Removes temporary trees that builds killed mid-way left beside
/// `out_dir` (a build that finds nothing to do still tidies up).
pub fn remove_leftovers_of(out_dir: &Path) {
    let Ok(out_dir) = resolve_output(out_dir) else {
        return;
    };
    if let Ok((parent, name)) = split_dir(&out_dir) {
        remove_leftovers(&parent, &name);
    }
}

/// Removes temporary trees of earlier builds that were killed mid-way:
/// those named for a process that is gone. (The lock keeps other builds
/// of this folder out, but a build of an older samsyn, without the lock,
/// may still be running.)
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
        let Some(pid) = prefixes.iter().find_map(|p| n.strip_prefix(p.as_str())) else {
            continue;
        };
        if !process_is_running(pid) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether the process with this id (as written in a temporary folder's
/// name) still runs. An id that is no number is no process of ours.
fn process_is_running(pid: &str) -> bool {
    let Some(pid) = pid
        .parse::<i32>()
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    if pid.as_raw_nonzero().get() as u32 == std::process::id() {
        return false;
    }
    // Signal 0 only asks: EPERM means it runs under another user.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
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
