//! Memory: a workspace held in memory (every sheet, the search index over
//! all claims, the similar-claims index) takes under 10 times its size on
//! disk; a big sheet opened peaks under 6.5 times its size. Its own test
//! binary, so no other test's memory counts.

#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/workspace.rs"]
mod generated;

use claimdesk::domain::similar;
use claimdesk::domain::workspace::Workspace;

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs /proc/self/status")]
fn a_loaded_workspace_takes_under_ten_times_its_size_on_disk() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    generated::generate(dir.path(), 300, 50, 7);
    let disk = generated::size_on_disk(dir.path()) / 1024;
    let Some(before) = rss_kib() else {
        panic!("no VmRSS in /proc/self/status");
    };
    let mut ws = Workspace::discover(dir.path()).unwrap();
    ws.load_all(&|_| {});
    let entries = ws.similar_entries();
    let items: Vec<_> = ws
        .claims()
        .filter_map(|(i, c)| ws.claim(i, c))
        .map(claimdesk::domain::search::Item::of)
        .collect();
    let search = claimdesk::domain::search::Index::new(items);
    let like = similar::Index::build(entries);
    let after = rss_kib().unwrap();
    let used = after.saturating_sub(before);
    eprintln!(
        "15,000 claims: {used} KiB in memory, {disk} KiB on disk ({:.1}x)",
        used as f64 / disk as f64
    );
    assert_eq!(ws.claims().count(), 15_000);
    assert_eq!(search.len(), 15_000);
    assert_eq!(like.len(), 15_000);
    assert!(used < 10 * disk, "{used} KiB for {disk} KiB on disk");
}

/// The peak resident memory since the last reset, and resets it.
fn peak_kib_and_reset() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let peak = line.split_whitespace().nth(1)?.parse().ok()?;
    // "5" resets the peak to what is resident now (Linux 4.0 and later).
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    Some(peak)
}

/// The measurements of this binary's tests, one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs /proc/self/status")]
fn a_big_sheet_opened_peaks_under_six_and_a_half_times_its_size_on_disk() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (article, sheet) = big_sheet(dir.path(), 25_000);
    let sheet_kib = std::fs::metadata(&sheet).unwrap().len() / 1024;
    let article_kib = std::fs::metadata(&article).unwrap().len() / 1024;
    // No cache, so that the sheet is parsed.
    claimdesk::domain::cache::disable();
    let before = rss_kib().unwrap();
    let Some(_) = peak_kib_and_reset() else {
        panic!("no VmHWM in /proc/self/status, or it cannot be reset");
    };
    let doc = claimdesk::domain::Doc::open(&sheet).unwrap();
    let peak = peak_kib_and_reset().unwrap().saturating_sub(before);
    let held = rss_kib().unwrap().saturating_sub(before);
    eprintln!(
        "25,000 claims, sheet {sheet_kib} KiB, article {article_kib} KiB: peak {peak} KiB ({:.1}x), held {held} KiB ({:.1}x)",
        peak as f64 / sheet_kib as f64,
        held as f64 / sheet_kib as f64
    );
    assert_eq!(doc.sheet.claims.len(), 25_000);
    assert!(!doc.is_dirty());
    // The sheet, the article and the parts being read: 4.9-5.5x at this
    // size in a debug build (the parts in flight weigh more on a smaller
    // sheet), 3.6x for 100,000 claims in a release build
    // (docs/benchmarks.md).
    assert!(
        peak < 13 * sheet_kib / 2,
        "{peak} KiB at the peak for {sheet_kib} KiB on disk"
    );
}

/// One article of `n` generated claims and its sheet, anchored in one pass
/// over the article: (article, sheet).
fn big_sheet(dir: &std::path::Path, n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    use claimdesk::domain::claim::{Anchor, Claim};
    let items = corpus::claims(n, 7);
    let mut text = String::from("# A big article\n\n");
    let mut at = text.chars().count();
    let mut spans = Vec::with_capacity(n);
    for item in &items {
        let end = at + item.text.chars().count();
        spans.push((at, end, item.speaker.clone()));
        text.push_str(&item.text);
        text.push_str("\n\n");
        at = end + 2;
    }
    let path = dir.join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let article = claimdesk::domain::Article::load(&path).unwrap();
    let chars: Vec<char> = article.text.chars().collect();
    let claims = spans
        .into_iter()
        .enumerate()
        .map(|(i, (start, end, speaker))| {
            let mut c = Claim::anchored(
                format!("C{}", i + 1),
                Anchor::from_chars(&chars, start, end),
            );
            c.speaker = (!speaker.is_empty()).then_some(speaker);
            c
        })
        .collect();
    let mut doc = claimdesk::domain::Doc::new_for(article, claims);
    doc.save().unwrap();
    (path, doc.sheet_path.clone())
}
