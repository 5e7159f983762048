//! The search tokenizer: `tokens` over any text never panics, never emits an
//! empty token, and emits only lower-case tokens; the folding and stemming
//! steps the index applies to each token never panic either.
//!
//! The checks live in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::tokenize(data));
