//! Offline reading: the service worker of a build and the page it shows
//! for a page never opened. The worker's text holds a build id made from
//! everything the pages are made of, so a new build is a new worker (the
//! browser compares its bytes) whose cache replaces the old, and the same
//! input gives the same bytes.

/// The worker's file, at the root of the site so that its scope covers
/// every page under `base_url`.
pub const WORKER_FILE: &str = "service-worker.js";

/// The page the worker shows for a page it has not kept.
pub const OFFLINE_FILE: &str = "offline.html";

const WORKER: &str = include_str!("offline.js");

/// The worker's text for build `build`: it keeps `precache` (the offline
/// page, stylesheets and script) when installed.
pub(crate) fn worker(build: u64, offline_page: &str, precache: &[String]) -> String {
    // URLs are made of URL-path characters (config checks `base_url`),
    // and JSON quotes them anyway.
    let list = serde_json::to_string(precache).unwrap_or_else(|_| "[]".into());
    WORKER
        .replace("__SAMSYN_BUILD__", &format!("{build:016x}"))
        .replace("__SAMSYN_OFFLINE_PAGE__", offline_page)
        .replace("__SAMSYN_PRECACHE__", &list)
}
