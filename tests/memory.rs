//! Issue #9: a workspace held in memory (every sheet, the search index over
//! all claims, the similar-claims index) takes under 10 times its size on
//! disk. Its own test binary, so no other test's memory counts.

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
