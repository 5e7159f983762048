//! Front matter: any text through `samsyn::frontmatter::parse`, then the
//! diagnostics through the reporter (which slices the source by line and
//! column, so a wrong position would panic there).
//!
//! The checks live in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::frontmatter(data));
