//! A generated workspace on disk for the scale benchmarks and tests:
//! `articles` articles of `per_article` claims each (one claim per
//! paragraph, 60 to 250 characters), with their sheets; a third of the
//! claims reviewed, and one claim in ten taken from a shared pool of wire
//! copy, so the same claim turns up in many articles.

#![allow(dead_code)]

use std::fs;
use std::path::Path;

use claimdesk::domain::{Article, Claim, Doc, Stamp, Status};

use super::corpus;

pub fn generate(root: &Path, articles: usize, per_article: usize, seed: u64) {
    let texts = corpus::claims(articles * per_article, seed);
    let wire = corpus::claims(500, seed ^ 0xA5A5);
    let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap_or_else(|_| Stamp::now());
    let mut rng = corpus::Rng::new(seed);
    for a in 0..articles {
        let dir = root.join(format!("desk-{:02}", a % 20));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("article-{a:04}.txt"));
        let mut text = format!("# Generated article {a}\n\n");
        let mut spans = Vec::with_capacity(per_article);
        for c in 0..per_article {
            let item = if rng.below(10) == 0 {
                &wire[rng.below(wire.len())]
            } else {
                &texts[a * per_article + c]
            };
            let start = text.chars().count();
            text.push_str(&item.text);
            spans.push((start, text.chars().count(), item.speaker.clone()));
            text.push_str("\n\n");
        }
        let article = Article::from_text(&path, &text);
        let claims: Vec<Claim> = spans
            .into_iter()
            .enumerate()
            .map(|(i, (s, e, speaker))| {
                let mut c = Claim::new(format!("C{}", i + 1), &article.text, s, e);
                c.speaker = (!speaker.is_empty()).then_some(speaker);
                if rng.below(3) == 0 {
                    let status =
                        [Status::Confirmed, Status::Unconfirmed, Status::Denied][rng.below(3)];
                    c.set_status(status, "bench", at);
                }
                c
            })
            .collect();
        let doc = Doc::new_for(article, claims);
        fs::write(&path, &text).unwrap();
        fs::write(&doc.sheet_path, doc.render()).unwrap();
    }
}

/// The bytes of every file under `root`.
pub fn size_on_disk(root: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = fs::read_dir(root) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                total += size_on_disk(&p);
            } else if let Ok(m) = fs::metadata(&p) {
                total += m.len();
            }
        }
    }
    total
}
