//! Reader speed: a typical news page (~200 KB of HTML: navigation, a large
//! inline script, a 1,500-word article, sidebars; target under 20 ms) and a
//! 5 MB page (target under 500 ms), both made from the bundled sample
//! article. When `../shared/eval/readability/` is present, real saved
//! pages (BBC, 264 KB; New York Times, 489 KB) are timed too.

use std::hint::black_box;

use claimdesk::domain::reader;
use criterion::{Criterion, criterion_group, criterion_main};

const SAMPLE: &str = include_str!("../data/karzai-taliban-talks.txt");

/// A news page whose HTML is about `bytes` long.
fn page(bytes: usize) -> String {
    let paragraphs: Vec<&str> = SAMPLE
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut nav = String::from("<nav><ul>");
    for i in 0..200 {
        nav.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i}</a></li>"
        ));
    }
    nav.push_str("</ul></nav>");
    let script = format!(
        "<script>var config = {{{}}};</script>",
        "\"k\": \"v\", ".repeat(8_000)
    );
    let mut body = String::new();
    let mut i = 0;
    while body.len() + nav.len() + script.len() < bytes {
        let p = paragraphs[i % paragraphs.len()];
        body.push_str(&format!("<p>{p} ({i})</p>\n"));
        if i % 12 == 11 {
            body.push_str("<figure><img src=\"x.jpg\"><figcaption>A caption. Photo: Agency</figcaption></figure>\n");
            body.push_str("<aside class=\"related\"><a href=\"/a\">Related story</a></aside>\n");
        }
        i += 1;
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Karzai and the Taliban | Example News</title>\
         <meta property=\"og:site_name\" content=\"Example News\">\
         <meta name=\"author\" content=\"Jane Doe\">\
         <meta property=\"article:published_time\" content=\"2012-02-04T10:00:00Z\">{script}</head>\
         <body>{nav}<main><article><h1>Karzai and the Taliban</h1>{body}</article></main>\
         <footer>Copyright Example News</footer></body></html>"
    )
}

fn bench(c: &mut Criterion) {
    let typical = page(200 * 1024);
    c.bench_function("read a 200 KB news page", |b| {
        b.iter(|| reader::read_html(black_box(&typical), None))
    });
    let eval = std::path::Path::new("../shared/eval/readability/pages");
    for name in ["bbc-1", "nytimes-3"] {
        match std::fs::read(eval.join(name).join("source.html")) {
            Ok(bytes) => {
                let html = reader::decode(&bytes, None);
                c.bench_function(&format!("read {name} ({} KB)", bytes.len() / 1024), |b| {
                    b.iter(|| reader::read_html(black_box(&html), None))
                });
            }
            Err(_) => eprintln!("{}: absent, real pages not timed", eval.display()),
        }
    }
    let big = page(5 * 1024 * 1024);
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.bench_function("read a 5 MB page", |b| {
        b.iter(|| reader::read_html(black_box(&big), None))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
