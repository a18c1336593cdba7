//! `claimdesk extract`: the candidate claims of an article.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{Ctx, TextOrJson};

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  claimdesk extract data/karzai-taliban-talks.txt --format json")]
pub struct Args {
    /// The article (.txt or .md).
    pub article: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// Also print the rejected sentences with their scores.
    #[arg(long)]
    pub all: bool,
}

pub fn run(_args: Args, _ctx: &Ctx) -> Result<()> {
    bail!("extract is not built yet")
}
