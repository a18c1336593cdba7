//! One writer at a time: the exclusive advisory lock every read → merge →
//! write → rename of a sheet is done under, and where a save may write.
//!
//! The lock is taken on `.NAME.claims.toml.wlock` beside the sheet (not on
//! the sheet itself, which each save replaces by a rename), through the
//! operating system (`flock`), so a writer that dies lets go of it at once.
//! The file stays in place; its presence means nothing by itself.
//!
//! A save writes where the sheet really is: through a symbolic link to its
//! target; a sheet without write permission, or with other hard links that
//! an atomic save would split from it, is refused rather than replaced.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::{Error, Result};

/// How long a writer waits for another to finish its save.
pub const WAIT: Duration = Duration::from_secs(10);

/// The suffix of the write lock file.
pub const SUFFIX: &str = ".wlock";

/// Held while a sheet is read, merged and written; released when dropped
/// (closing the file lets go of the lock).
#[derive(Debug)]
pub struct WriteLock {
    /// None when the folder cannot take the lock file (read-only): then no
    /// one can write the sheet there either, and the save says why.
    _file: Option<fs::File>,
}

impl WriteLock {
    /// The lock file of the sheet at `target` (already resolved): hidden,
    /// `.NAME.claims.toml.wlock`, as it stays in place.
    pub fn path_for(target: &Path) -> PathBuf {
        let mut name = std::ffi::OsString::from(".");
        name.push(target.file_name().unwrap_or_default());
        name.push(SUFFIX);
        target.with_file_name(name)
    }

    /// Wait (at most `wait`) for the write lock of the sheet at `target`.
    pub fn acquire(target: &Path, wait: Duration) -> Result<WriteLock> {
        let path = WriteLock::path_for(target);
        let file = match fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) if cannot_write_here(&e) => return Ok(WriteLock { _file: None }),
            Err(e) => return Err(Error::io(&path, "cannot open the write lock", e)),
        };
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(WriteLock { _file: Some(file) }),
                Err(fs4::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(Error::sheet(
                        target,
                        format!(
                            "another process has been saving it for over {} s (its write lock {} is held); nothing was written, try again",
                            wait.as_secs(),
                            path.display()
                        ),
                    ));
                }
                Err(fs4::TryLockError::Error(e)) => {
                    return Err(Error::io(&path, "cannot take the write lock", e));
                }
            }
        }
    }
}

/// The folder takes no new file: nothing can be saved there at all.
fn cannot_write_here(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

/// Where a save of the sheet at `path` must write: the file itself, or the
/// target of a symbolic link. Refuses a sheet that cannot be written, or
/// that has other hard links, with the reason and what to do.
pub fn write_target(path: &Path) -> Result<PathBuf> {
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)
            .map_err(|e| Error::io(path, "is a symbolic link whose target cannot be reached", e))?,
        _ => path.to_path_buf(),
    };
    let meta = match fs::metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target),
        Err(e) => return Err(Error::io(&target, "cannot read its details", e)),
    };
    if !meta.is_file() {
        return Err(Error::sheet(&target, "is not a regular file; not written"));
    }
    if meta.permissions().readonly() {
        return Err(Error::sheet(
            &target,
            "is read-only (no write permission); not written. Make it writable (chmod u+w) to save here",
        ));
    }
    #[cfg(unix)]
    {
        let links = std::os::unix::fs::MetadataExt::nlink(&meta);
        if links > 1 {
            return Err(Error::sheet(
                &target,
                format!(
                    "has {links} hard links; an atomic save would split them (the other names would keep the old text), so nothing was written. Make it a single file (cp it aside and move it back) or use a symbolic link"
                ),
            ));
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("a.claims.toml");
        let held = WriteLock::acquire(&sheet, WAIT).unwrap();
        let e = WriteLock::acquire(&sheet, Duration::from_millis(30))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("write lock") && e.contains("nothing was written"),
            "{e}"
        );
        drop(held);
        WriteLock::acquire(&sheet, Duration::ZERO).unwrap();
        assert!(WriteLock::path_for(&sheet).ends_with(".a.claims.toml.wlock"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_read_only_or_hard_linked_sheets_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.claims.toml");
        fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.claims.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(
            write_target(&link).unwrap(),
            fs::canonicalize(&real).unwrap()
        );
        fs::set_permissions(&real, fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_target(&real).unwrap_err().to_string();
        assert!(e.contains("is read-only"), "{e}");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o644)).unwrap();
        fs::hard_link(&real, dir.path().join("other.claims.toml")).unwrap();
        let e = write_target(&real).unwrap_err().to_string();
        assert!(e.contains("has 2 hard links"), "{e}");
    }
}
