//! The sheet cache stays under its size: the least recently used entries
//! go first, and using an entry makes it recent again.

use std::fs;
use std::time::{Duration, SystemTime};

use claimdesk::domain::cache::{self, Cache};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/karzai-taliban-talks");

#[test]
fn the_least_recently_used_entries_go_first() {
    let dir = tempfile::tempdir().unwrap();
    let sheets_dir = dir.path().join("cache");
    let cache = Cache::at(&sheets_dir);
    let text = fs::read_to_string(format!("{SAMPLE}.claims.toml")).unwrap();
    // Five sheets cached, the first the longest ago.
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let mut paths = Vec::new();
    for i in 0..5u64 {
        let path = dir.path().join(format!("s{i}.claims.toml"));
        fs::write(&path, &text).unwrap();
        cache.parse(&path, &text).unwrap();
        let entry = fs::File::open(cache.entry_file(&path)).unwrap();
        entry
            .set_modified(hour_ago + Duration::from_secs(i * 60))
            .unwrap();
        paths.push(path);
    }
    let one = fs::metadata(cache.entry_file(&paths[0])).unwrap().len();
    // The oldest is used again: now the most recent.
    cache.parse(&paths[0], &text).unwrap();
    assert_eq!(cache::prune(&sheets_dir, 5 * one), 0, "under the cap");
    // Over a cap of four entries: down to three (3/4 of the cap).
    assert_eq!(cache::prune(&sheets_dir, 4 * one), 2);
    let kept: Vec<bool> = paths
        .iter()
        .map(|p| cache.cached(p, &text).is_some())
        .collect();
    assert_eq!(kept, [true, false, false, true, true]);
    // A removed entry is only a miss: parsed and cached again.
    assert!(cache.parse(&paths[1], &text).is_ok());
    assert!(cache.cached(&paths[1], &text).is_some());
}
