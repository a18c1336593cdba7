//! `claimdesk export`: the verification sheet in several formats.
//!
//! PATH is an article, a sheet, or a folder (every sheet under it,
//! recursively, in one document grouped by article). Standard output by
//! default; `-o FILE` writes atomically and never replaces a file without
//! `--force`. Set `SOURCE_DATE_EPOCH` (seconds) to fix the "generated at"
//! time for reproducible output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Ctx, open_doc};
use crate::domain::export::{self, Format};
use crate::domain::store::{Doc, write_atomic};
use crate::domain::{Stamp, StatusFilter, sanitize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    Html,
    Claimreview,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Format {
        match f {
            ExportFormat::Md => Format::Markdown,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
            ExportFormat::Html => Format::Html,
            ExportFormat::Claimreview => Format::ClaimReview,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimdesk export data/karzai-taliban-talks.txt --format csv -o review.csv\n  claimdesk export reviews/ --format html -o reviews.html      every sheet under reviews/\n  claimdesk export story.txt --format claimreview --status denied\n  claimdesk export story.txt --format csv --bom -o review.csv           for Excel\n\nSOURCE_DATE_EPOCH (seconds since 1970) fixes the \"generated at\" time."
)]
pub struct Args {
    /// An article, a sheet, or a folder of them.
    pub path: PathBuf,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Only claims with this status.
    #[arg(long, value_parser = super::status_filter())]
    pub status: Option<StatusFilter>,
    /// CSV only: start with a UTF-8 byte-order mark, so that Excel reads
    /// accents and curly quotes right when the file is double-clicked.
    #[arg(long)]
    pub bom: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    if args.bom && args.format != ExportFormat::Csv {
        bail!("--bom is for --format csv only");
    }
    if let Some(out) = &args.output {
        check_output(out, args.force)?;
    }
    let (docs, root) = load(&args.path)?;
    if let Some(out) = &args.output {
        refuse_inputs(out, &docs)?;
    }
    let format = Format::from(args.format);
    let mut options = ctx.config.export_options(ctx.analyst, generated_at()?);
    options.filter = args.status;
    options.root = root;
    options.csv_bom = args.bom;
    options.prior = crate::domain::factcheck::prior::for_export(format, &args.path);
    let refs: Vec<&Doc> = docs.iter().collect();
    let output = export::render(&refs, format, &options)?;
    let (notes, output) = export::claimreview_notes(&refs, format, &options, output);
    for note in notes {
        super::warn(&note);
    }
    match &args.output {
        Some(out) => write_file(out, format, &docs, &options, &output),
        None => write_stdout(&output.text),
    }
}

/// Write the export to `out` (atomically) and say what it holds.
fn write_file(
    out: &Path,
    format: Format,
    docs: &[Doc],
    options: &export::Options,
    output: &export::Output,
) -> Result<()> {
    // Checked again just before writing: it may have changed since.
    crate::domain::filenames::require_regular_target(out)?;
    write_atomic(out, output.text.as_bytes())?;
    let claims: usize = docs
        .iter()
        .map(|d| {
            d.sheet
                .claims
                .iter()
                .filter(|c| options.filter.is_none_or(|f| f.matches(c)))
                .count()
        })
        .sum::<usize>()
        - output.left_out;
    println!(
        "{}: {} export, {} claim{} from {} article{}",
        sanitize::line(&out.display().to_string()),
        format.name(),
        claims,
        if claims == 1 { "" } else { "s" },
        docs.len(),
        if docs.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// Write the export to standard output (sanitised on a terminal).
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let text = if std::io::stdout().is_terminal() {
        // CSV's CRLF line ends read as plain line ends on screen.
        std::borrow::Cow::Owned(sanitize::text(&text.replace("\r\n", "\n")).into_owned())
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("cannot write to standard output")?,
    }
    Ok(())
}

/// "Generated at": now, or `SOURCE_DATE_EPOCH` when set (reproducible output).
fn generated_at() -> Result<Stamp> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => {
            let secs: i64 = s
                .trim()
                .parse()
                .with_context(|| format!("SOURCE_DATE_EPOCH '{s}' is not a number of seconds"))?;
            let at = chrono::DateTime::from_timestamp(secs, 0)
                .with_context(|| format!("SOURCE_DATE_EPOCH '{s}' is out of range"))?;
            Ok(Stamp(at.fixed_offset()))
        }
        _ => Ok(Stamp::now()),
    }
}

/// Refuse an output path that cannot or must not be written, before any
/// work is done.
fn check_output(out: &Path, force: bool) -> Result<()> {
    let shown = out.display();
    if out.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        bail!("{shown}: is a folder; give a file name for -o (e.g. {shown}/export.md)");
    }
    // A link (even a dangling one), FIFO, device or socket is never
    // replaced, whatever --force says.
    crate::domain::filenames::require_regular_target(out)?;
    if out.exists() && !force {
        bail!("{shown}: already exists; not overwritten (use --force to replace it)");
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "{shown}: cannot write: the folder {} does not exist",
            dir.display()
        );
    }
    Ok(())
}

/// Never let `-o` (even with `--force`) replace one of the exported sheets
/// or articles.
fn refuse_inputs(out: &Path, docs: &[Doc]) -> Result<()> {
    let Ok(target) = out.canonicalize() else {
        return Ok(()); // does not exist yet, so it is none of them
    };
    for d in docs {
        for input in [&d.sheet_path, &d.article.path] {
            if input.canonicalize().is_ok_and(|p| p == target) {
                bail!(
                    "{}: is one of the files being exported; not overwritten",
                    out.display()
                );
            }
        }
    }
    Ok(())
}

/// The documents to export, and the folder paths are shown relative to.
fn load(path: &Path) -> Result<(Vec<Doc>, Option<PathBuf>)> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!("{}: does not exist", path.display()),
        _ => anyhow::anyhow!("{}: cannot open: {e}", path.display()),
    })?;
    if !meta.is_dir() {
        return Ok((vec![open_doc(path)?], None));
    }
    let sheets = super::folder::sheets(path)?;
    let mut docs = Vec::with_capacity(sheets.len());
    for doc in super::folder::map_docs(&sheets, path, "exporting", |_, doc| doc) {
        match doc {
            Ok(doc) => {
                super::warn_if_article_changed(&doc);
                docs.push(doc);
            }
            Err(e) => {
                return Err(anyhow::Error::from(e).context("the folder export stopped here"));
            }
        }
    }
    Ok((docs, Some(path.to_path_buf())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_checks() {
        let dir = tempfile::tempdir().unwrap();
        let e = check_output(dir.path(), true).unwrap_err().to_string();
        assert!(e.contains("is a folder"), "{e}");
        let f = dir.path().join("x.md");
        std::fs::write(&f, "old").unwrap();
        let e = check_output(&f, false).unwrap_err().to_string();
        assert!(
            e.contains("already exists; not overwritten (use --force"),
            "{e}"
        );
        assert!(check_output(&f, true).is_ok());
        let e = check_output(&dir.path().join("no/x.md"), false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not exist"), "{e}");
    }
}
