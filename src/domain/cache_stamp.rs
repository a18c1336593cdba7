//! When a file's stamp may stand for its text: the rule the folder search
//! pack and the per-sheet entries share. A file's stamp (size,
//! modification and change times, inode, device) is taken before its text
//! is read; once it was at least [`SETTLED`] old at that moment, the same
//! stamp later means the same text, since any write sets the change time
//! to the time of that write and no program can set it back. A younger
//! stamp (a write could have followed the read within the file system's
//! time resolution) or a different one proves nothing: the text is read
//! and hashed.

use std::fs::{File, Metadata};
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// How old a sheet's stamp must have been when it was read for the stamp
/// alone to stand for its text (coarser than any file system's clock).
pub const SETTLED: Duration = Duration::from_secs(2);

/// A file's stamp: what changes when anything writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub(super) len: u64,
    pub(super) modified: (i64, i64),
    pub(super) changed: (i64, i64),
    pub(super) inode: u64,
    pub(super) device: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` (None: no stamp to trust).
    pub fn of(path: &Path) -> Option<FileStamp> {
        FileStamp::from_metadata(&std::fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    fn from_metadata(m: &Metadata) -> Option<FileStamp> {
        use std::os::unix::fs::MetadataExt;
        Some(FileStamp {
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
            device: m.dev(),
        })
    }

    /// Without a change time, no stamp: every sheet is hashed.
    #[cfg(not(unix))]
    fn from_metadata(_m: &Metadata) -> Option<FileStamp> {
        None
    }

    /// The size of the file.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// Was this stamp at least [`SETTLED`] old at `read_at` (seconds and
    /// nanoseconds since the epoch)?
    pub(super) fn settled_at(&self, read_at: (i64, i64)) -> bool {
        let ns = |(s, n): (i64, i64)| i128::from(s) * 1_000_000_000 + i128::from(n);
        let latest = ns(self.modified).max(ns(self.changed));
        latest + SETTLED.as_nanos() as i128 <= ns(read_at)
    }
}

/// The time now, as seconds and nanoseconds since the epoch.
pub(super) fn now() -> (i64, i64) {
    let d = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, i64::from(d.subsec_nanos()))
}

/// A file's stamp and the time it was taken, before its text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamped {
    pub(super) stamp: FileStamp,
    pub(super) at: (i64, i64),
}

impl Stamped {
    /// The stamp of the open `file`, now (None: no stamp to trust).
    pub fn of_file(file: &File) -> Option<Stamped> {
        let at = now();
        let stamp = FileStamp::from_metadata(&file.metadata().ok()?)?;
        Some(Stamped { stamp, at })
    }

    /// The stamp of the file at `path`, now.
    pub fn of_path(path: &Path) -> Option<Stamped> {
        let at = now();
        Some(Stamped {
            stamp: FileStamp::of(path)?,
            at,
        })
    }

    /// The file's stamp.
    pub fn stamp(&self) -> FileStamp {
        self.stamp
    }

    /// Does this stamp, taken now, stand for the text read after `earlier`
    /// was taken? Only when it is the same and was settled then.
    pub fn stands_for(&self, earlier: &Stamped) -> bool {
        self.stamp == earlier.stamp && earlier.stamp.settled_at(earlier.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(modified: (i64, i64), changed: (i64, i64)) -> FileStamp {
        FileStamp {
            len: 1,
            modified,
            changed,
            inode: 1,
            device: 1,
        }
    }

    #[test]
    fn a_stamp_stands_for_the_text_only_once_settled() {
        let s = stamp((100, 0), (100, 500_000_000));
        assert!(
            !s.settled_at((100, 600_000_000)),
            "written in the same instant"
        );
        assert!(!s.settled_at((102, 400_000_000)), "under two seconds");
        assert!(s.settled_at((102, 500_000_000)));
        assert!(s.settled_at((200, 0)));
        // The later of the two times counts (a future mtime set by touch).
        let future = stamp((300, 0), (100, 0));
        assert!(!future.settled_at((200, 0)));
    }
}
