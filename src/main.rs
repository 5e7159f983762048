//! The `samsyn` command line: parses arguments, runs the library and prints
//! results (diagnostics are formatted by `samsyn::report`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use samsyn::error::Error;
use samsyn::messages::Lang;
use samsyn::model::Kind;
use samsyn::render::Mode;
use samsyn::report::{self, Colour};
use samsyn::serve::ServeOptions;
use samsyn::{complain, dates, msg, say, BuildOptions};

/// mimalloc instead of glibc's malloc: rendering makes and drops millions of
/// small template values across threads, where glibc spent a quarter of
/// all instructions and grew per-thread arenas it never gave back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "samsyn",
    version,
    about = "Build a cross-linked intranet of agreements, routines, roles and contact lists from Markdown."
)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// build, check and serve: also print the time each stage took (build
    /// also how many files it wrote or linked, serve after every build);
    /// other commands print nothing more.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Language of diagnostics and messages: sv or en [default: site.yaml's
    /// `language`, else sv].
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

/// How `build` and `check` print their diagnostics.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    // No doc comments here: they would switch every command's help to the
    // long layout.
    Text,
    Json,
}

/// Output options shared by `build` and `check`.
#[derive(clap::Args)]
struct Report {
    /// How to print diagnostics: text for people (file:line:col, the line
    /// and a hint, on stderr), json for CI and editors (one JSON document on
    /// stdout, see README "Diagnostics as JSON"; the summary goes to stderr).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced atomically).
    Build {
        /// The site folder (with content/ and optionally site.yaml).
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Where to write the site [default: SITE_DIR/output].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Compute review status for this day instead of today (YYYY-MM-DD).
        #[arg(long, value_parser = parse_today)]
        today: Option<jiff::civil::Date>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print the time of each stage and the peak memory after the summary.
        #[arg(long)]
        timings: bool,
        /// Build for this address instead of site.yaml's base_url, e.g.
        /// https://intranat.kommun.se/bus/ (absolute links in the sitemap,
        /// feed and calendar need a full address).
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        report: Report,
    },
    /// Check the site for errors without writing anything; exit 1 on errors.
    Check {
        /// The site folder (with content/ and optionally site.yaml).
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Compute review status for this day instead of today (YYYY-MM-DD).
        #[arg(long, value_parser = parse_today)]
        today: Option<jiff::civil::Date>,
        /// Also check pages marked `draft: true` as if published.
        #[arg(long)]
        drafts: bool,
        /// Check as built for this address instead of site.yaml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        report: Report,
        /// Also request every http(s) link of the site (the only command that
        /// uses the network); dead links are errors.
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each link's server with --external.
        #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = parse_timeout)]
        link_timeout: f64,
    },
    /// Serve a live preview: rebuild on every save and reload open pages.
    Serve {
        /// The site folder (with content/ and optionally site.yaml).
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; 0.0.0.0 exposes the preview (and drafts) to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Compute review status for this day instead of today (YYYY-MM-DD).
        #[arg(long, value_parser = parse_today)]
        today: Option<jiff::civil::Date>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Also answer requests for this host name (e.g. the machine's name when --bind exposes the preview); repeatable.
        #[arg(long = "allow-host", value_name = "NAME", value_parser = samsyn::serve::Host::parse_name)]
        allow_host: Vec<samsyn::serve::Host>,
        /// Preview as built for this address instead of site.yaml's
        /// base_url (only its path counts: the preview is served from here).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Create a new page with the front matter of KIND, ready to fill in.
    New {
        /// agreement, guideline, routine, plan, policy, report, page, role, organisation, forum, contacts or snippet.
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// Path of the new file under content/, e.g. rutiner/ny-rutin.md.
        path: PathBuf,
        /// The site folder (with content/ and optionally site.yaml).
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// The site folder, as earlier versions took it; SITE_DIR now.
        #[arg(long, hide = true, conflicts_with = "site_dir")]
        site: Option<PathBuf>,
    },
    /// Import Word documents as pages: one .docx, or every .docx in a
    /// folder. The fact block becomes front matter; writes nothing for a
    /// document with a personnummer, and never overwrites a file.
    Import {
        /// A .docx file, or a folder of them.
        source: PathBuf,
        /// The site folder (with content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The kind of page, over the document's Dokumenttyp: agreement,
        /// guideline, routine, plan, policy or report.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// Where under content/ to write the page (a folder when it ends
        /// in /) [default: the kind's folder, a file name from the title].
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Create a new site in DIR with one example of every kind.
    Init {
        /// The folder to create the site in (made if missing); it must not
        /// hold content/ or site.yaml yet.
        dir: PathBuf,
    },
    /// Print a completion script for SHELL to stdout, e.g.
    /// `samsyn completions bash > /etc/bash_completion.d/samsyn`.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print who must act: per person holding an owner role, the documents
    /// overdue, due within the window or citing repealed law; and the
    /// vacant roles. Sends nothing: pipe it to a mail tool.
    Remind {
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// The day to remind for (YYYY-MM-DD); default: the local date.
        #[arg(long, value_parser = parse_today)]
        today: Option<jiff::civil::Date>,
        /// How far ahead "due" reaches: 30d, 2w, 3m, 1y.
        #[arg(long, default_value = "30d", value_parser = samsyn::remind::parse_within)]
        within: samsyn::dates::Interval,
        /// text (for a cron mail), json (for scripts) or mbox (one message
        /// per person with an address).
        #[arg(long, default_value = "text", value_parser = samsyn::remind::Format::parse)]
        format: samsyn::remind::Format,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "sv" => Ok(Lang::Sv),
        "en" => Ok(Lang::En),
        _ => Err("sv or en".into()),
    }
}

/// The language to speak in: `--lang`, else the site's `language` (read
/// from site.yaml, when there is a site and it can be read), else Swedish.
fn lang(cli: &Cli) -> Lang {
    if let Some(lang) = cli.lang {
        return lang;
    }
    let site_dir = match &cli.command {
        Command::Build { site_dir, .. }
        | Command::Check { site_dir, .. }
        | Command::Serve { site_dir, .. }
        | Command::Remind { site_dir, .. } => site_dir,
        Command::Import { site, .. } => site,
        Command::New { site, site_dir, .. } => site.as_ref().unwrap_or(site_dir),
        Command::Init { .. } | Command::Completions { .. } => return Lang::default(),
    };
    let (config, _) = samsyn::config::SiteConfig::load(site_dir);
    Lang::for_site(&config.language)
}

fn parse_today(s: &str) -> Result<jiff::civil::Date, String> {
    // A command-line value: clap's own words around it are English.
    dates::parse_date(s).map_err(|m| m.en())
}

/// Checks and normalises `--base-url` after clap: clap's own error would
/// quote the value, which may hold the personnummer the check found.
fn check_base_url(cli: &mut Cli) -> Result<(), samsyn::messages::Message> {
    let (Command::Build { base_url, .. }
    | Command::Check { base_url, .. }
    | Command::Serve { base_url, .. }) = &mut cli.command
    else {
        return Ok(());
    };
    if let Some(raw) = base_url.as_deref() {
        *base_url = Some(samsyn::config::parse_base_url(raw)?);
    }
    Ok(())
}

/// The `--format` of `build` and `check`; text for the other commands.
fn format(cli: &Cli) -> Format {
    match &cli.command {
        Command::Build { report, .. } | Command::Check { report, .. } => report.format,
        _ => Format::Text,
    }
}

/// [`say!`], or in JSON mode [`complain!`]: stdout then holds the JSON
/// document alone.
macro_rules! tell {
    ($cli:expr, $($arg:tt)*) => {
        if format($cli) == Format::Json {
            complain!($($arg)*)
        } else {
            say!($($arg)*)
        }
    };
}

fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(secs),
        _ => Err("a number of seconds between 0 and 3600, e.g. 10 or 0.5".into()),
    }
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        format!("unknown kind; use one of: {}", kinds.join(", "))
    })
}

fn main() -> ExitCode {
    // No transparent huge pages: mimalloc gives each thread its own heap,
    // and with them every new thread's first allocation zeroed 2 MiB. A
    // burst of 500 connections to `serve` held the next client up for
    // 200-500 ms; builds were no faster with them and peaked 10 % higher.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let mut cli = Cli::parse();
    let lang = lang(&cli);
    if let Err(why) = check_base_url(&mut cli) {
        let why = msg!("cli.bad_base_url", why = why);
        complain!("{}", msg!("cli.error", why = why).text(lang));
        return ExitCode::from(2);
    }
    if let Command::Import {
        source,
        site,
        kind,
        output,
    } = &cli.command
    {
        return import(&cli, source, site, *kind, output.clone(), lang);
    }
    match run(&cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Content {
            errors,
            diagnostics,
            texts,
        }) => {
            if format(&cli) == Format::Json {
                report::print_json(&diagnostics, lang);
            } else {
                report::print(&diagnostics, &texts, Colour::Auto, lang);
            }
            let warnings = diagnostics.warning_count();
            let failed = msg!("cli.failed", errors = errors, warnings = warnings);
            complain!("{}", msg!("cli.error", why = failed).text(lang));
            ExitCode::FAILURE
        }
        Err(e) => {
            let why = report::visible(&e.text(lang)).into_owned();
            complain!("{}", msg!("cli.error", why = why).text(lang));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, lang: Lang) -> Result<(), Error> {
    match &cli.command {
        Command::Build {
            site_dir,
            output,
            today,
            drafts,
            timings,
            base_url,
            report: _,
        } => {
            let opts = BuildOptions {
                today: *today,
                include_drafts: *drafts,
                base_url: base_url.clone(),
                ..BuildOptions::new(site_dir)
            };
            let out = output.clone().unwrap_or_else(|| site_dir.join("output"));
            let built = samsyn::build(&opts, &out)?;
            print_built(cli, lang, &built, &out, *timings);
        }
        Command::Check {
            site_dir,
            today,
            drafts,
            base_url,
            report: _,
            external,
            link_timeout,
        } => {
            let opts = BuildOptions {
                today: *today,
                include_drafts: *drafts,
                base_url: base_url.clone(),
                ..BuildOptions::new(site_dir)
            };
            // The external links are among what a lean check lets go of.
            let mut built = match *external {
                true => samsyn::compile(&opts)?,
                false => samsyn::pipeline::check(&opts)?,
            };
            if *external {
                check_external(&mut built, site_dir, *link_timeout)?;
            }
            print_warnings(cli, lang, &built.warnings, &built.texts);
            if !cli.quiet {
                let summary = built.summary();
                tell!(
                    cli,
                    "{}",
                    msg!("cli.no_errors", summary = summary).text(lang)
                );
            }
            if cli.verbose {
                tell!(cli, "{}", built.timings.line());
            }
        }
        Command::Serve {
            site_dir,
            port,
            bind,
            today,
            open,
            allow_host,
            base_url,
        } => {
            let build = BuildOptions {
                today: *today,
                include_drafts: true,
                mode: Mode::Serve,
                base_url: base_url.clone(),
                ..BuildOptions::new(site_dir)
            };
            samsyn::serve::serve(ServeOptions {
                build,
                bind: *bind,
                port: *port,
                open: *open,
                quiet: cli.quiet,
                verbose: cli.verbose,
                allow_hosts: allow_host.clone(),
                lang: cli.lang,
            })?;
        }
        Command::New {
            kind,
            path,
            site_dir,
            site,
        } => {
            let site_dir = site.as_ref().unwrap_or(site_dir);
            let written = samsyn::scaffold::new_page(site_dir, *kind, path, dates::today())?;
            if !cli.quiet {
                let path = report::visible(&written.display().to_string()).into_owned();
                say!("{}", msg!("cli.created", path = path).text(lang));
            }
        }
        Command::Remind {
            site_dir,
            today,
            within,
            format,
        } => {
            let opts = BuildOptions {
                today: *today,
                ..BuildOptions::new(site_dir)
            };
            let compiled = samsyn::compile(&opts)?;
            print_warnings(cli, lang, &compiled.warnings, &compiled.texts);
            print!("{}", remind_output(&compiled.site, *within, *format));
        }
        Command::Init { dir } => {
            let written = samsyn::scaffold::init(dir, dates::today())?;
            if !cli.quiet {
                let dir = report::visible(&dir.display().to_string()).into_owned();
                let done = msg!("cli.init_done", dir = dir, files = written.len());
                say!("{}", done.text(lang));
            }
        }
        // Handled in `main`: its outcome is not one error.
        Command::Import { .. } => {}
        Command::Completions { shell } => {
            use clap::CommandFactory as _;
            use std::io::Write as _;
            // Into memory first: clap_complete panics on a failed write,
            // and a closed stdout is no failure here (see `say!`).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "samsyn", &mut script);
            let _ = std::io::stdout().write_all(&script);
        }
    }
    Ok(())
}

/// `samsyn import`: prints each page written with what it could not
/// carry, then the documents refused; a folder gets one summary line.
/// Exit 1 when any document was refused.
fn import(
    cli: &Cli,
    source: &std::path::Path,
    site: &std::path::Path,
    kind: Option<Kind>,
    output: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let opts = samsyn::import::ImportOptions {
        site_dir: site.to_path_buf(),
        kind,
        output,
        lang,
    };
    let outcome = samsyn::import::import(source, &opts);
    let shown = |p: &std::path::Path| report::visible(&p.display().to_string()).into_owned();
    for done in &outcome.imported {
        if cli.quiet {
            continue;
        }
        say!(
            "{}",
            msg!("import.wrote", path = shown(&done.page)).text(lang)
        );
        for image in &done.images {
            say!(
                "{}",
                msg!("import.saved_image", path = shown(image)).text(lang)
            );
        }
        if !done.notes.is_empty() {
            say!("{}", msg!("import.notes_heading").text(lang));
            for note in &done.notes {
                say!("    – {}", report::visible(&note.text(lang)));
            }
        }
    }
    let failed = samsyn::error::Diagnostics(outcome.failed);
    if !failed.is_empty() {
        report::print(&failed, &Default::default(), Colour::Auto, lang);
    }
    if outcome.folder && !cli.quiet {
        let (n, f) = (outcome.imported.len(), failed.error_count());
        let summary = msg!("import.summary", imported = n, total = n + f, failed = f);
        say!("{}", summary.text(lang));
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `check --external`: dead links join the warnings as errors, and fail
/// the check like any other error.
fn check_external(
    built: &mut samsyn::Compiled,
    site_dir: &std::path::Path,
    timeout: f64,
) -> Result<(), Error> {
    use samsyn::linkcheck;
    let (found, texts) = linkcheck::collect(&built.site, site_dir);
    let opts = linkcheck::LinkCheckOptions {
        timeout: std::time::Duration::from_secs_f64(timeout),
        today: built.site.today,
        cache: linkcheck::default_cache(site_dir),
    };
    let dead = linkcheck::check(&found, &built.site.config.link_check_skip, &opts);
    if dead.is_empty() {
        return Ok(());
    }
    let mut diagnostics = std::mem::take(&mut built.warnings);
    diagnostics.extend(dead);
    diagnostics.sort();
    let mut all_texts = std::mem::take(&mut built.texts);
    all_texts.extend(texts);
    Err(Error::Content {
        errors: diagnostics.error_count(),
        diagnostics,
        texts: all_texts,
    })
}

/// What `build` prints: its warnings, the summary line, and with
/// `--verbose` or `--timings` where the time went.
/// What `samsyn remind` prints for `site`.
fn remind_output(
    site: &samsyn::resolve::Site,
    within: samsyn::dates::Interval,
    format: samsyn::remind::Format,
) -> String {
    use samsyn::remind::{self, Format};
    let digest = remind::digest(site, within);
    match format {
        Format::Text => remind::text(&digest, &site.config.title),
        Format::Json => remind::json(&digest),
        Format::Mbox => remind::mbox(&digest, &site.config.title, site.today),
    }
}

fn print_built(cli: &Cli, lang: Lang, built: &samsyn::Built, out: &std::path::Path, timings: bool) {
    print_warnings(cli, lang, &built.warnings, &built.texts);
    if !cli.quiet {
        // On the summary line, so a build still prints one line.
        let notes: String = built
            .notes
            .iter()
            .map(|n| msg!("cli.note", note = n.clone()).text(lang))
            .collect();
        let secs = format!("{:.2}", built.timings.total().as_secs_f64());
        let out = report::visible(&out.display().to_string()).into_owned();
        let summary = built.summary.clone();
        if built.unchanged {
            let line = msg!("cli.unchanged", summary = summary, out = out, secs = secs);
            tell!(cli, "{}{notes}", line.text(lang));
            if built.earlier_warnings > 0 {
                let line = msg!("cli.earlier_warnings", count = built.earlier_warnings);
                tell!(cli, "{}", line.text(lang));
            }
        } else {
            let line = msg!("cli.built", summary = summary, secs = secs, out = out);
            tell!(cli, "{}{notes}", line.text(lang));
        }
    }
    if cli.verbose || timings {
        tell!(cli, "{}", built.timings.line());
    }
    if cli.verbose && !built.unchanged {
        tell!(
            cli,
            "  {} files ({} MB), {} of them linked unchanged from the previous build",
            built.stats.files,
            built.stats.bytes / 1_000_000,
            built.stats.linked
        );
    }
}

fn print_warnings(
    cli: &Cli,
    lang: Lang,
    warnings: &samsyn::error::Diagnostics,
    texts: &std::collections::BTreeMap<String, String>,
) {
    if format(cli) == Format::Json {
        // Always a document, even without warnings, so CI can parse stdout.
        report::print_json(warnings, lang);
    } else if !cli.quiet && !warnings.is_empty() {
        report::print(warnings, texts, Colour::Auto, lang);
    }
}
