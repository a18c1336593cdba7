//! `claimdesk meta`: the article's own facts in its sheet (title, source
//! URL, publication date, publisher), printed, or set with a history entry
//! for each change.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::{Ctx, TextOrJson, analyst, open_doc, out};
use crate::domain::meta::{self, Field};
use crate::domain::store::Doc;
use crate::domain::{Stamp, sanitize};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimdesk meta story.txt                                   print the article's facts\n  claimdesk meta story.txt --title \"Karzai confirms talks\" --published 2010-06-18\n  claimdesk meta story.txt --url https://example.org/story --site Reuters\n  claimdesk meta story.txt --site ''                         clear a fact\n\nClaimReview exports give the URL and date as the claim's `appearance`."
)]
pub struct Args {
    /// The article or its sheet.
    pub path: PathBuf,
    /// The article's title (exports use it instead of the first line).
    #[arg(long)]
    pub title: Option<String>,
    /// Where the article was published (an http or https address).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// When it was published: YYYY-MM-DD (or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The publisher's name.
    #[arg(long)]
    pub site: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let mut doc = open_doc(&args.path)?;
    let wanted: Vec<(Field, &String)> = [
        (Field::Title, &args.title),
        (Field::SourceUrl, &args.url),
        (Field::Published, &args.published),
        (Field::Site, &args.site),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.as_ref().map(|v| (f, v)))
    .collect();
    if wanted.is_empty() {
        return print(&doc, args.format);
    }
    let by = analyst(ctx.config, ctx.analyst, &doc);
    let at = Stamp::now();
    let mut changed = Vec::new();
    for (field, value) in wanted {
        match meta::set(&mut doc.sheet, field, value, &by, at) {
            Ok(true) => changed.push(field.key()),
            Ok(false) => {}
            Err(e) => bail!(
                "{}: {}; nothing changed",
                out::name(&doc.sheet_path),
                sanitize::line(&e)
            ),
        }
    }
    if changed.is_empty() {
        println!("{}: unchanged", out::name(&doc.sheet_path));
        return Ok(());
    }
    doc.save().context("the article's facts were not saved")?;
    println!(
        "{}: {} set, saved",
        out::name(&doc.sheet_path),
        changed.join(", ")
    );
    Ok(())
}

/// The facts as aligned lines (or JSON); the title falls back to the
/// article's first line, and says so.
fn print(doc: &Doc, format: TextOrJson) -> Result<()> {
    match format {
        TextOrJson::Json => {
            let mut facts = serde_json::Map::new();
            for f in Field::ALL {
                facts.insert(f.key().into(), f.get(&doc.sheet).into());
            }
            facts.insert("article_title".into(), doc.article.title.clone().into());
            println!("{}", out::json(&facts)?);
        }
        TextOrJson::Text => {
            for f in Field::ALL {
                let value = match (f, f.get(&doc.sheet)) {
                    (_, Some(v)) => sanitize::line(v).into_owned(),
                    (Field::Title, None) => format!(
                        "{} (the article's first line; not set)",
                        sanitize::line(&doc.article.title)
                    ),
                    (_, None) => "-".into(),
                };
                println!("{:<11} {value}", f.key());
            }
        }
    }
    Ok(())
}
