//! Render: the resolved [`Site`]'s pages into bytes. Each content page,
//! the start page and every generated list page (`/roller/`, `/reviews/`,
//! …) is rendered with the theme's templates by [`Renderer`], or reused
//! from the previous render when the fingerprint of its inputs is the same
//! ([`Earlier`]). It neither writes anything nor reads the file system:
//! `pipeline` hands the outputs on, and search and feeds are its siblings.

pub mod context;
mod document;
mod entities;
mod inputs;
mod laws;
mod links;
mod lists;
pub mod offline;
mod pages;
mod reads;
mod rows;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::output::OutputFile;
use crate::theme::{error_chain, Theme};

pub(crate) use links::url;
pub use links::Prepared;
pub(crate) use pages::Emit;
pub use pages::Renderer;
pub(crate) use rows::SharedRows;

/// The Content-Security-Policy of every page: scripts, styles, fonts and
/// data only from the site's own origin, images from it or `data:`, no
/// plugins, frames or `<base>`, forms only to the site. No inline script,
/// no event handler attribute and no inline style runs, so nothing an
/// editor writes can act in a reader's browser, even if it got past the
/// sanitizer. The default theme carries it in a `<meta>` tag; serve also
/// sends it as a header; the README's server examples send it too, with
/// `frame-ancestors`, which only a header can carry.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; frame-src 'none'; worker-src 'self'; base-uri 'none'; form-action 'self'";

/// How the site is being built: decides the live-reload script and drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Build,
    Serve,
}

/// What the previous render made, as render may reuse it: the output at
/// `path` if it was made from inputs of the same fingerprint.
pub trait Earlier: Sync {
    fn reuse(&self, path: &str, fingerprint: u64) -> Option<OutputFile>;
}

/// One rendered output with the hash of its inputs.
pub(crate) struct Rendered {
    pub path: String,
    pub fingerprint: u64,
    pub file: OutputFile,
}

/// A 64-bit hash of a serialisable value, without building its JSON text.
pub(crate) fn fingerprint(value: &impl Serialize) -> u64 {
    let mut h = crate::hash::fingerprinter();
    let _ = serde_json::to_writer(&mut h, value);
    std::hash::Hasher::finish(&h)
}

/// Renders one template with a serialisable context.
fn render_template(theme: &Theme, name: &str, ctx: &impl Serialize) -> Result<Vec<u8>> {
    render_context(theme, name, &context_of(name, ctx)?)
}

/// The Tera context of a serialisable value (a struct of named parts).
fn context_of(template: &str, ctx: &impl Serialize) -> Result<tera::Context> {
    tera::Context::from_serialize(ctx).map_err(|e| Error::Template {
        name: template.into(),
        message: error_chain(&e),
    })
}

/// Renders one template with a ready Tera context.
fn render_context(theme: &Theme, name: &str, context: &tera::Context) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(16 * 1024);
    theme
        .tera
        .render_to(name, context, &mut out)
        .map_err(|e| Error::Template {
            name: name.into(),
            message: error_chain(&e),
        })?;
    Ok(out)
}
