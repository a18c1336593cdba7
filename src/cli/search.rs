//! `claimdesk search`: fuzzy search over one sheet or a folder of sheets.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{Ctx, StatusFilter, TextOrJson};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk search data/karzai-taliban-talks.txt \"taliban talks\" --limit 5"
)]
pub struct Args {
    /// An article, a sheet, or a folder of them.
    pub path: PathBuf,
    /// The query: space-separated terms must all match; 'exact, !exclude.
    pub query: String,
    /// Only claims with this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// At most this many results.
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(_args: Args, _ctx: &Ctx) -> Result<()> {
    bail!("search is not built yet")
}
