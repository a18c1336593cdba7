//! The command line. Every command takes an article or its sheet alike.
//! Exit codes: 0 success, 1 error (one message on stderr), 2 usage.

pub mod add;
pub mod check;
pub mod dismiss;
pub mod export;
pub mod extract;
pub mod factchecks;
mod folder;
pub mod git;
mod ids;
mod init;
mod init_force;
mod list;
pub mod log;
mod mark;
pub mod meta;
mod open;
pub mod out;
pub mod prior;
pub mod search;
pub mod similar;
mod stats;
pub mod team;
mod tui;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::domain::{StatusFilter, Verdict};

pub use open::{analyst, open_doc, warn_if_article_changed};

const AFTER_HELP: &str = "\
Examples:
  claimdesk                                   open the bundled sample in the TUI
  claimdesk data/karzai-taliban-talks.txt     review an article (its sheet is created if missing)
  claimdesk list story.txt --status denied
  claimdesk mark story.txt C3 denied --note \"Embassy says no\" --source https://example.org/x
";

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk",
    version,
    about = "A terminal workbench for fact-checkers: review the claims in an article and keep the verdicts in a TOML sheet beside it.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Article (.txt, .md), sheet (.claims.toml) or folder to open in the TUI.
    /// Without it, a working copy of the bundled sample opens.
    pub path: Option<PathBuf>,

    /// Your name, stamped on every verdict (default: config `analyst`, then $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub analyst: Option<String>,

    /// Parse every sheet rather than reading its cached copy (also: CLAIMDESK_NO_CACHE=1).
    #[arg(long, global = true)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// `--status`: one of [`StatusFilter::NAMES`], each described in `--help`.
pub fn status_filter() -> impl clap::builder::TypedValueParser<Value = StatusFilter> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let described = StatusFilter::NAMES.map(|name| {
        let help = match name {
            "unreviewed" => "Not yet reviewed (no review stamp)",
            "reviewed" => "Any verdict (a review stamp)",
            "disputed" => "Verdicts two analysts set differently, not yet settled",
            "orphan" => "Not found again in the article after it changed",
            "confirmed" => "Reviewed and confirmed",
            "unconfirmed" => "Reviewed; could not be confirmed",
            _ => "Reviewed and denied",
        };
        PossibleValue::new(name).help(help)
    });
    PossibleValuesParser::new(described).try_map(|s| s.parse::<StatusFilter>())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the claims sheet for an article.
    #[command(
        after_help = "Example:\n  claimdesk init story.txt            writes story.claims.toml beside it\n  claimdesk init story.txt --force    recreates it (the old sheet is replaced)"
    )]
    Init {
        /// The article (.txt or .md).
        article: PathBuf,
        /// Replace an existing sheet.
        #[arg(long, conflicts_with = "merge")]
        force: bool,
        /// Add newly found claims to an existing sheet, leaving its claims as they are.
        #[arg(long)]
        merge: bool,
        /// Every claim found, not only those worth reviewing (the review queue).
        #[arg(long)]
        all: bool,
        /// With --force: replace even a sheet that does not parse (kept as NAME.claims.toml.broken).
        #[arg(long, requires = "force")]
        discard_broken: bool,
    },
    /// List the claims of an article (or of every sheet under a folder).
    #[command(
        after_help = "Example:\n  claimdesk list story.txt\n  claimdesk list story.claims.toml --status unreviewed --format json\n  claimdesk list reviews/ --status orphan        every sheet under reviews/; orphans are marked"
    )]
    List {
        /// The article or its sheet, or a folder.
        path: PathBuf,
        /// Only claims with this status.
        #[arg(long, value_parser = status_filter())]
        status: Option<StatusFilter>,
        /// Only claims assigned to this analyst.
        #[arg(long, value_name = "NAME")]
        assignee: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Set a claim's verdict (and optionally its note and sources).
    #[command(
        after_help = "Example:\n  claimdesk mark story.txt C3 denied --note \"Embassy denies it\" --source https://example.org/statement"
    )]
    Mark {
        /// The article or its sheet.
        path: PathBuf,
        /// The claim's id, e.g. C3.
        id: String,
        /// confirmed, unconfirmed, denied, or unreviewed to take the verdict back.
        #[arg(value_parser = parse_verdict)]
        status: Verdict,
        /// Set the claim's note.
        #[arg(long)]
        note: Option<String>,
        /// Add a source (URL or citation); repeat for several.
        #[arg(long = "source", value_name = "URL")]
        sources: Vec<String>,
    },
    /// Fuzzy-search the claims of an article or a folder.
    Search(search::Args),
    /// Export the verification sheet (md, csv, json, html, claimreview).
    Export(export::Args),
    /// Print the candidate claims the extractor finds in an article.
    Extract(extract::Args),
    /// After the article was edited: find each claim again (--fix applies it).
    Check(check::Args),
    /// Claims in other articles that resemble a claim.
    Similar(similar::Args),
    /// Bring articles in: web addresses, saved pages, PDFs, text files or - (standard input).
    Add(add::Args),
    /// The library of published fact-checks: import, search, stats.
    Factchecks(factchecks::Args),
    /// Published fact-checks that checked a claim before.
    Prior(prior::Args),
    /// Counts per status and review progress.
    #[command(
        after_help = "Example:\n  claimdesk stats story.txt\n  claimdesk stats story.txt --format json"
    )]
    Stats {
        /// The article or its sheet.
        path: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Sheets shared through git: `git setup` installs the merge driver.
    Git {
        #[command(subcommand)]
        command: git::GitCommand,
    },
    /// What git runs to merge a sheet (installed by `claimdesk git setup`).
    MergeDriver {
        base: PathBuf,
        /// Written in place with the result.
        ours: PathBuf,
        theirs: PathBuf,
        /// The sheet's path in the repository (for messages).
        path: Option<PathBuf>,
    },
    /// Assign claims to an analyst.
    Assign(team::AssignArgs),
    /// Approve a verdict pending second review, or send it back.
    Approve(team::ApproveArgs),
    /// The article's own facts: title, source URL, publication date, publisher.
    Meta(meta::Args),
    /// Remove claims that are not claims, for good (`init --merge` never brings them back).
    Dismiss(dismiss::Args),
    /// Who did what, from the claims' histories: newest first.
    Log(log::Args),
    /// Rebuild a sheet git left with conflict markers, merged claim by claim.
    #[command(after_help = "Example:\n  claimdesk resolve story.claims.toml")]
    Resolve {
        /// The sheet (or its article).
        path: PathBuf,
    },
}

fn parse_verdict(s: &str) -> Result<Verdict, String> {
    s.parse()
}

/// Run the command line with these arguments; returns the exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            out::print_usage_error(&e);
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            warn(&error_chain(&e));
            ExitCode::from(1)
        }
    }
}

/// A reader that stopped reading (`claimdesk list … | head`) ends the
/// command quietly and with success, as `ls | head` does: whether the
/// write failed with an error or in `println!` (which panics on a closed
/// pipe, since Rust ignores SIGPIPE).
fn quiet_on_closed_pipe() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        previous(info);
    }));
}

fn is_closed_pipe(e: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == pipe
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == pipe
    })
}

/// The error and its causes on one line, without repeating what a cause
/// already says.
pub use crate::runtime::warn;

fn error_chain(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !out.contains(&c) {
            out.push_str(": ");
            out.push_str(&c);
        }
    }
    crate::domain::sanitize::line(&out).into_owned()
}

/// What every command may need besides its own arguments.
pub struct Ctx<'a> {
    pub config: &'a Config,
    /// The analyst named on the command line, if any.
    pub analyst: Option<&'a str>,
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    if cli.no_cache {
        crate::domain::cache::disable();
    }
    let config = Config::load()?;
    let who = cli.analyst.as_deref();
    let ctx = Ctx {
        config: &config,
        analyst: who,
    };
    match cli.command {
        None => {
            let path = match cli.path {
                Some(p) => p,
                None => sample_copy()?,
            };
            tui::open_tui(&path, &config, who)
        }
        Some(Command::Init {
            article,
            force,
            merge,
            all,
            discard_broken,
        }) => {
            if force {
                init_force::check(
                    &crate::domain::store::sheet_path_for(&article),
                    discard_broken,
                )?;
            }
            init::init(&article, force, merge, all)
        }
        Some(Command::List {
            path,
            status,
            assignee,
            format,
        }) => list::list(&path, status, assignee.as_deref(), format),
        Some(Command::Mark {
            path,
            id,
            status,
            note,
            sources,
        }) => mark::mark(&path, &id, status, note, &sources, &config, who),
        Some(Command::Stats { path, format }) => stats::stats(&path, format),
        Some(Command::Check(args)) => check::run(args, &ctx),
        Some(Command::Similar(args)) => similar::run(args, &ctx),
        Some(Command::Search(args)) => search::run(args, &ctx),
        Some(Command::Export(args)) => export::run(args, &ctx),
        Some(Command::Extract(args)) => extract::run(args, &ctx),
        Some(Command::Add(args)) => add::run(args, &ctx),
        Some(Command::Factchecks(args)) => factchecks::run(args, &ctx),
        Some(Command::Prior(args)) => prior::run(args, &ctx),
        Some(Command::Git { command }) => git::run(command),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => git::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Some(Command::Resolve { path }) => git::resolve(&path),
        Some(Command::Assign(args)) => team::assign(args, &ctx),
        Some(Command::Approve(args)) => team::approve(args, &ctx),
        Some(Command::Dismiss(args)) => dismiss::run(args, &ctx),
        Some(Command::Meta(args)) => meta::run(args, &ctx),
        Some(Command::Log(args)) => log::run(args),
    }
}

pub use crate::sample::{SAMPLE_ARTICLE, SAMPLE_NAME, SAMPLE_SHEET, sample_copy, write_sample};

/// A progress bar on standard error for long work over many files, shown
/// only when standard error is a terminal (quiet when piped or in tests).
pub fn progress_bar(len: u64, message: &'static str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || len < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} {eta}")
    {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar
}
