//! The whole page pipeline in memory: the fuzz input is one page
//! (`content/rutiner/fuzz.md`) of a tiny site with a start page, roles, an
//! organisation, a forum, a contact list and a routine with headings. Every
//! page is parsed, the site resolved (ids, references, links, anchors,
//! cycles, review status) and, when it has no errors, rendered with the
//! default theme (pages, lists, feeds, search index). With errors, the
//! diagnostics go through the reporter as `samsyn check` prints them.
//!
//! The checks live in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::page_pipeline(data));
