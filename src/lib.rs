//! samsyn compiles a folder of Markdown agreements, routines, roles, forums
//! and contact lists into a cross-linked static intranet site.
//!
//! The pipeline runs one way: [`content::load`] → [`parse`] → [`resolve`] →
//! [`render`] → [`output`] (or `serve`, from memory). See ARCHITECTURE.md.

pub mod api;
pub mod attachment;
mod citations;
/// Prints a line to stdout. A closed stdout (`samsyn build | true`, a
/// cron wrapper that closed its pipe) is no failure of the build: the line
/// is dropped and the exit code still says how the build went.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// [`say!`] for stderr.
#[macro_export]
macro_rules! complain {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod config;
pub mod content;
pub mod dates;
mod encoding;
pub mod error;
pub mod feeds;
pub mod frontmatter;
mod guard;
mod hash;
pub mod import;
mod include;
pub mod keys;
mod lines;
pub mod linkcheck;
mod markdown;
mod markup;
// `msg!` by name in every module declared after this one, without a
// `use crate::msg` (which would name the crate root).
pub mod messages;
pub mod model;
pub mod output;
pub mod parse;
pub mod phone;
pub mod pipeline;
pub mod privacy;
pub mod redirects;
pub mod remind;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
mod tags;
#[cfg(test)]
mod testgen;
pub mod theme;
pub mod urls;
mod yaml;
mod yamlhelp;

pub use pipeline::{build, compile, project, BuildOptions, Built, Compiled, Timings};
