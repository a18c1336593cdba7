//! What claimdesk refuses about file names and output files: a name that is
//! not UTF-8 (a sheet could not name it, and a lossy copy would name a file
//! that does not exist), and an output that is not a regular file (a FIFO,
//! device, socket or symbolic link is never replaced by an export).

use std::path::Path;

use super::{Error, Result};

/// The file name of `path` when it is UTF-8; otherwise an error naming the
/// bytes that are not.
pub fn require_utf8(path: &Path) -> Result<()> {
    let Some(name) = path.file_name() else {
        return Ok(());
    };
    if name.to_str().is_some() {
        return Ok(());
    }
    let bytes = name.as_encoded_bytes();
    let bad: Vec<String> = bytes
        .utf8_chunks()
        .flat_map(|chunk| chunk.invalid().iter().map(|b| format!("{b:02x}")))
        .collect();
    let shown = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            format!("{}/{}", dir.display(), bytes.escape_ascii())
        }
        _ => bytes.escape_ascii().to_string(),
    };
    Err(Error::Invalid(format!(
        "{shown}: the file name is not UTF-8 (bytes {}); a sheet cannot name it, so rename the file",
        bad.join(" ")
    )))
}

/// Refuse to write over `path` when it exists and is not a regular file: a
/// symbolic link (even a dangling one), FIFO, device node or socket is left
/// as it is, whatever `--force` says.
pub fn require_regular_target(path: &Path) -> Result<()> {
    let Ok(meta) = path.symlink_metadata() else {
        return Ok(()); // nothing there yet
    };
    let what = if meta.file_type().is_symlink() {
        "is a symbolic link; not followed or replaced (give the real path)"
    } else if meta.is_dir() {
        "is a folder; give a file name"
    } else if !meta.is_file() {
        "is not a regular file (a FIFO, device or socket); not replaced"
    } else {
        return Ok(());
    };
    Err(Error::Invalid(format!("{}: {what}", path.display())))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn a_name_that_is_not_utf8_is_refused_naming_its_bytes() {
        let path = Path::new("dir").join(OsStr::from_bytes(b"bad\xff\xfe.txt"));
        let e = require_utf8(&path).unwrap_err().to_string();
        assert!(
            e.starts_with(r"dir/bad\xff\xfe.txt: the file name is not UTF-8 (bytes ff fe)"),
            "{e}"
        );
        assert!(require_utf8(Path::new("dir/é “ok”.txt")).is_ok());
    }

    #[test]
    fn only_regular_files_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.md");
        assert!(require_regular_target(&file).is_ok(), "not there yet");
        std::fs::write(&file, "old").unwrap();
        assert!(require_regular_target(&file).is_ok());
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let e = require_regular_target(&link).unwrap_err().to_string();
        assert!(e.contains("is a symbolic link"), "{e}");
        let e = require_regular_target(Path::new("/dev/null"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not a regular file"), "{e}");
        assert!(require_regular_target(dir.path()).is_err());
    }
}
