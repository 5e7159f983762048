//! The request-path resolver of `samsyn serve`. Whatever the request target,
//! an accepted path never contains a `..` or `.` segment, a backslash or a
//! NUL, never starts with `/` and never holds an empty segment (`a//b`).
//!
//! The checks live in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::serve_path(data));
