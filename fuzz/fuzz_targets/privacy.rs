//! The personnummer guard: `scan` finds numbers at valid, non-overlapping
//! positions, and `mask` leaves nothing for `scan` to find and keeps the
//! text's length in characters wherever it masked.
//!
//! The checks live in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::privacy(data));
