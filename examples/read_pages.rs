//! Runs the article reader over saved pages and prints one JSON line per
//! page (name, title, byline, published, site, body, error), for
//! `tools/eval_reader.py`:
//!
//!     cargo run --release --example read_pages -- ../shared/eval/readability/pages

use std::path::Path;

use claimdesk::domain::reader;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: read_pages PAGES_DIR");
        std::process::exit(2);
    };
    let mut names: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name()).collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(1);
        }
    };
    names.sort();
    for name in names {
        let path = Path::new(&dir).join(&name).join("source.html");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let html = reader::decode(&bytes, None);
        let line = match reader::read_html(&html, Some("http://fakehost/test/page.html")) {
            Ok(page) => serde_json::json!({
                "name": name.to_string_lossy(),
                "title": page.title,
                "byline": page.byline,
                "published": page.published,
                "site": page.site,
                "body": page.paragraphs.join("\n\n"),
            }),
            Err(e) => serde_json::json!({
                "name": name.to_string_lossy(),
                "error": e.to_string(),
            }),
        };
        println!("{line}");
    }
}
