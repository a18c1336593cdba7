//! `claimdesk extract`: the candidate claims of an article.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, TextOrJson};
use crate::domain::extract::{self, Candidate};
use crate::domain::{Article, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  claimdesk extract data/karzai-taliban-talks.txt --format json")]
pub struct Args {
    /// The article (.txt or .md).
    pub article: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// Also print the rejected sentences with their scores. (Claims outside
    /// the review queue are always listed: `"queue": false`, no `*` in text.)
    #[arg(long)]
    pub all: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    text: &'a str,
    speaker: Option<&'a str>,
    kind: &'static str,
    score: f64,
    /// In the review queue (worth checking), not only found.
    queue: bool,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Rejected<'a> {
    text: &'a str,
    reason: &'static str,
    score: f64,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Output<'a> {
    claims: Vec<Row<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<Vec<Rejected<'a>>>,
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    let article = Article::load(&args.article)?;
    let all = extract::extract(&article.reading());
    let accepted: Vec<&Candidate> = all.iter().filter(|c| c.accepted).collect();
    let mut out = std::io::stdout().lock();
    match args.format {
        TextOrJson::Json => {
            let claims = accepted
                .iter()
                .enumerate()
                .map(|(i, c)| Row {
                    id: format!("C{}", i + 1),
                    text: &c.text,
                    speaker: c.speaker.as_deref(),
                    kind: c.kind.as_str(),
                    score: round(c.score),
                    queue: c.in_queue(),
                    start: c.start,
                    end: c.end,
                })
                .collect();
            let rejected = args.all.then(|| {
                all.iter()
                    .filter(|c| !c.accepted)
                    .map(|c| Rejected {
                        text: &c.text,
                        reason: c.reason.unwrap_or("rejected"),
                        score: round(c.score),
                        start: c.start,
                        end: c.end,
                    })
                    .collect()
            });
            super::out::write_json(&mut out, &Output { claims, rejected })?;
        }
        TextOrJson::Text => {
            let mut n = 0;
            for c in &all {
                if !c.accepted && !args.all {
                    continue;
                }
                let id = if c.accepted {
                    n += 1;
                    format!("C{n}")
                } else {
                    "-".to_owned()
                };
                let mark = if c.in_queue() { '*' } else { ' ' };
                let what = if c.accepted {
                    c.kind.as_str()
                } else {
                    c.reason.unwrap_or("rejected")
                };
                writeln!(
                    out,
                    "{id:<4} {mark} {:.2}  {what:<15}  {:<24}  {}",
                    c.score,
                    sanitize::line(&clip(c.speaker.as_deref().unwrap_or("-"), 24)),
                    sanitize::line(&c.text)
                )?;
            }
            if n == 0 {
                writeln!(out, "(no claims found)")?;
            }
        }
    }
    Ok(())
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
