//! `claimdesk export`: the verification sheet in several formats.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{Ctx, StatusFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    Html,
    Claimreview,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk export data/karzai-taliban-talks.txt --format csv -o review.csv"
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
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
}

pub fn run(_args: Args, _ctx: &Ctx) -> Result<()> {
    bail!("export is not built yet")
}
