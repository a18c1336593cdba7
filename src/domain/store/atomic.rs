//! Atomic writes: a temporary file in the same folder, fsync, rename over
//! the file, fsync the folder, so a crash at any instant leaves the old file
//! or the new one, never a mix. The steps that can fail are a trait
//! ([`SaveOps`]) so that tests can make them fail.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::error::{Error, Result};

/// The steps of an atomic save that can fail on a real system. The default
/// methods do the real thing; tests substitute failing ones to prove that a
/// failure is reported and nothing is claimed.
pub trait SaveOps {
    fn fsync_file(&self, file: &fs::File) -> std::io::Result<()> {
        file.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        fs::rename(from, to)
    }
    fn fsync_dir(&self, dir: &Path) -> std::io::Result<()> {
        sync_dir(dir)
    }
}

/// The real file system.
pub struct RealOps;
impl SaveOps for RealOps {}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// fsync, rename over `path`, fsync the folder. The existing file's
/// permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, &RealOps)
}

/// [`write_atomic`] through the given operations.
pub fn write_atomic_with(path: &Path, bytes: &[u8], ops: &dyn SaveOps) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::io(
            path,
            "cannot save",
            std::io::Error::new(std::io::ErrorKind::NotFound, "the folder does not exist"),
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(path, "cannot create a temporary file beside it", e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io(path, "cannot write the temporary file", e))?;
    let perms = fs::metadata(path)
        .ok()
        .map(|m| m.permissions())
        .or_else(default_permissions);
    if let Some(perms) = perms {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| Error::io(path, "cannot set permissions", e))?;
    }
    ops.fsync_file(tmp.as_file())
        .map_err(|e| Error::io(path, "cannot flush the temporary file to disk (fsync)", e))?;
    // From here the temporary file must not be deleted by its guard before
    // the rename; on failure it is removed explicitly.
    let tmp_path = tmp.into_temp_path();
    if let Err(e) = ops.rename(&tmp_path, path) {
        let _ = tmp_path.close();
        return Err(Error::io(
            path,
            "cannot rename the temporary file over it",
            e,
        ));
    }
    // Renamed: nothing is left to delete.
    let _ = tmp_path.keep();
    ops.fsync_dir(&dir)
        .map_err(|e| Error::io(&dir, "cannot flush the folder to disk (fsync)", e))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
