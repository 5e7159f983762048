//! The rendered rows of the long document lists, kept from render to
//! render.

use std::sync::{Arc, Mutex};

/// List rows by (page URL path, list), with the fingerprint each was made
/// from. A row is kept as the template value its list page inserts, so the
/// cache, the list's context and Tera's copy of it share one string (at
/// 100 000 documents a list's rows are 90 MB).
pub(crate) type RowCache = crate::hash::Map<(String, &'static str), (u64, tera::Value)>;

/// The row cache as renders share it. A row is used only when its
/// fingerprint matches, so rows a failed render added do no harm: renders
/// update it in place rather than copy it.
pub(crate) type SharedRows = Arc<Mutex<RowCache>>;

/// The rows one render reads and adds to.
#[derive(Default)]
pub(crate) struct Rows(SharedRows);

impl Rows {
    /// Starts from the rows of an earlier render.
    pub fn new(rows: SharedRows) -> Rows {
        Rows(rows)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RowCache> {
        // A row is whole or absent even if a thread panicked holding it.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The row of `key` if it was made from fingerprint `fp`.
    pub fn get(&self, key: &(String, &'static str), fp: u64) -> Option<tera::Value> {
        match self.lock().get(key) {
            Some((old, html)) if *old == fp => Some(html.clone()),
            _ => None,
        }
    }

    /// Keeps `html` as the row of `key`, made from fingerprint `fp`.
    pub fn put(&self, key: (String, &'static str), fp: u64, html: tera::Value) {
        self.lock().insert(key, (fp, html));
    }

    /// The rows, without those of pages that are gone once they are more
    /// than the live ones (two lists a document) four times over: dropping
    /// them takes a pass over all rows, which a save need not pay every
    /// time.
    pub fn into_shared<'p>(self, live: impl ExactSizeIterator<Item = &'p str>) -> SharedRows {
        let mut rows = self.lock();
        if rows.len() > 4 * live.len() {
            let live: crate::hash::Set<&str> = live.collect();
            rows.retain(|(path, _), _| live.contains(path.as_str()));
        }
        drop(rows);
        self.0
    }
}
