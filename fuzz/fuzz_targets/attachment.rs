//! The attachment checks: any bytes as any attachment type never panic,
//! and no message repeats a personal identity number.
//!
//! The checks live in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::attachment(data));
