//! The file watcher of `samsyn serve`.
//!
//! The site folder itself is watched non-recursively, so `site.yaml` and
//! the top-level folders are seen when they appear, vanish or are replaced;
//! each of those folders that exists gets a recursive watch of its own.
//! After every burst of changes [`SiteWatch::sync`] brings the recursive
//! watches in line with the folders that are there now.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{Error, Result};
use crate::messages::msg;

/// The folders of a site whose every file the build may read.
const WATCHED_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];

/// The watcher and the folders it currently watches recursively.
pub(super) struct SiteWatch {
    watcher: RecommendedWatcher,
    site: PathBuf,
    recursive: BTreeSet<PathBuf>,
}

/// Starts watching the site's files; changes arrive on the receiver, one
/// batch of paths per file system event.
pub(super) fn start(site: &Path) -> Result<(SiteWatch, Receiver<Vec<PathBuf>>)> {
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let handler = move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            let _ = tx.send(event.paths);
        }
    };
    // Reads change nothing, and the first build opens every file of the
    // site while the watch is on: asking the kernel for no access events
    // at all saves a second of the start at 100 000 pages, which handing
    // each open to this thread to be dropped cost.
    let config = notify::Config::default().with_event_kinds(notify::EventKindMask::CORE);
    let watcher = RecommendedWatcher::new(handler, config)
        .map_err(|e| Error::Usage(msg!("serve.cannot_watch", why = e)))?;
    let mut watch = SiteWatch {
        watcher,
        site: site.to_path_buf(),
        recursive: BTreeSet::new(),
    };
    for dir in WATCHED_DIRS {
        let p = site.join(dir);
        if p.is_dir() {
            watch.watch_tree(&p)?;
        }
    }
    watch
        .watcher
        .watch(site, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(site, &e))?;
    Ok((watch, rx))
}

impl SiteWatch {
    /// Brings the recursive watches in line with the top-level folders
    /// there now, given the paths of the latest burst of changes. Returns
    /// the folders that were (re)watched: files saved in them before their
    /// watch existed were never reported, so the caller re-reads them whole.
    ///
    /// A folder named in `changed` itself was created, removed, renamed or
    /// replaced, so its watch is set up again even if it looks watched: a
    /// folder removed and re-created within one burst is a new folder,
    /// whose watch the old one's removal took away.
    pub(super) fn sync(&mut self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let mut fresh = Vec::new();
        for dir in WATCHED_DIRS {
            let p = self.site.join(dir);
            let touched = changed.contains(&p);
            if !p.is_dir() {
                if self.recursive.remove(&p) {
                    // Usually gone with the folder already; nothing to do then.
                    let _ = self.watcher.unwatch(&p);
                }
                continue;
            }
            if self.recursive.contains(&p) && !touched {
                continue;
            }
            if touched {
                let _ = self.watcher.unwatch(&p);
                self.recursive.remove(&p);
            }
            match self.watch_tree(&p) {
                Ok(()) => fresh.push(p),
                // The folder may be gone again already; the next event
                // about it retries. Serving goes on either way.
                Err(e) => crate::complain!("warning: {}", crate::report::visible(&e.to_string())),
            }
        }
        fresh
    }

    fn watch_tree(&mut self, dir: &Path) -> Result<()> {
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| watch_error(dir, &e))?;
        self.recursive.insert(dir.to_path_buf());
        Ok(())
    }
}

fn watch_error(p: &Path, e: &notify::Error) -> Error {
    Error::Usage(msg!("serve.cannot_watch_path", path = p.display(), why = e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn reading_a_file_reports_nothing_and_saving_it_reports_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().canonicalize().unwrap();
        let page = site.join("content/rutin.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "# Rutin\n").unwrap();
        let (_watch, changes) = start(&site).unwrap();
        for _ in 0..20 {
            std::fs::read_to_string(&page).unwrap();
        }
        // A read reported would arrive within a few milliseconds.
        let quiet = changes.recv_timeout(Duration::from_millis(300));
        assert!(quiet.is_err(), "a read was reported: {quiet:?}");
        std::fs::write(&page, "# Rutin, ny\n").unwrap();
        let saved = changes.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(saved, vec![page]);
    }
}
