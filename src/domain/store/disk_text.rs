//! The sheet's text as last read from or written to disk ([`DiskText`]):
//! what a save splices into, what tells an outside change, the base of a
//! merge. A sheet under [`HELD_BYTES`] keeps it in memory. A bigger one
//! keeps the file it was read from (or written to) open instead, with the
//! SHA-256 and length of the text: a file replaced by rename (a save, a
//! `git checkout`) leaves the open one as it was, and every read of it is
//! checked against the hash, so a file rewritten in place is noticed, never
//! taken for the text.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::doc::FileStamp;
use crate::domain::line_endings;

/// Texts of this many bytes or more are kept as their open file.
pub const HELD_BYTES: usize = 8 << 20;

#[cfg(test)]
thread_local! {
    /// [`HELD_BYTES`] for the tests of this thread.
    pub(super) static HELD: std::cell::Cell<usize> = const { std::cell::Cell::new(HELD_BYTES) };
}

fn held_bytes() -> usize {
    #[cfg(test)]
    return HELD.with(std::cell::Cell::get);
    #[cfg(not(test))]
    HELD_BYTES
}

/// The text last read or written.
#[derive(Debug, Clone)]
pub(super) enum DiskText {
    Held(String),
    Open(Arc<OpenText>),
}

/// A text kept as the file that holds it.
#[derive(Debug)]
pub(super) struct OpenText {
    file: File,
    len: usize,
    sha256: [u8; 32],
    crlf: bool,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl DiskText {
    /// `text`, read from `file`: held in memory when small, else kept as
    /// the file.
    pub(super) fn read(text: String, file: File) -> DiskText {
        DiskText::keep(text, file, held_bytes())
    }

    /// Whether a text of `len` bytes is kept as its file.
    pub(super) fn keeps_file(len: usize) -> bool {
        len >= held_bytes()
    }

    /// A text read from `file` without keeping it: its length, SHA-256 and
    /// line endings.
    pub(super) fn open(file: File, len: usize, sha256: [u8; 32], crlf: bool) -> DiskText {
        DiskText::Open(Arc::new(OpenText {
            file,
            len,
            sha256,
            crlf,
        }))
    }

    fn keep(text: String, file: File, held: usize) -> DiskText {
        if text.len() < held {
            return DiskText::Held(text);
        }
        let (len, crlf) = (text.len(), line_endings::is_crlf(&text));
        DiskText::open(file, len, sha256(text.as_bytes()), crlf)
    }

    /// `text`, just written to `path` (whose stamp after the write is
    /// `stamp`): kept as the file when it is big and the file at `path` is
    /// still the one written.
    pub(super) fn written(text: String, path: &Path, stamp: Option<FileStamp>) -> DiskText {
        if text.len() < held_bytes() {
            return DiskText::Held(text);
        }
        let file = File::open(path).ok().filter(|f| {
            let now = f.metadata().ok().map(|m| FileStamp::from_metadata(&m));
            now.is_some() && now == stamp
        });
        match file {
            Some(file) => DiskText::keep(text, file, 0),
            None => DiskText::Held(text),
        }
    }

    /// The text (None: a file kept open no longer holds it, rewritten in
    /// place since).
    pub(super) fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            DiskText::Held(text) => Some(Cow::Borrowed(text)),
            DiskText::Open(open) => open.read().map(Cow::Owned),
        }
    }

    /// Whether `bytes` are this text.
    pub(super) fn is(&self, bytes: &[u8]) -> bool {
        match self {
            DiskText::Held(text) => text.as_bytes() == bytes,
            DiskText::Open(open) => open.len == bytes.len() && open.sha256 == sha256(bytes),
        }
    }

    /// Whether its lines end in CRLF.
    pub(super) fn is_crlf(&self) -> bool {
        match self {
            DiskText::Held(text) => line_endings::is_crlf(text),
            DiskText::Open(open) => open.crlf,
        }
    }
}

impl OpenText {
    fn read(&self) -> Option<String> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0)).ok()?;
        let mut bytes = Vec::with_capacity(self.len);
        file.take(self.len as u64 + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        if bytes.len() != self.len || sha256(&bytes) != self.sha256 {
            return None;
        }
        String::from_utf8(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_big_text_is_read_back_from_its_file_even_after_a_rename_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.claims.toml");
        fs::write(&path, "format = 1\n").unwrap();
        let kept = DiskText::keep("format = 1\n".into(), File::open(&path).unwrap(), 4);
        assert!(matches!(kept, DiskText::Open(_)));
        assert!(kept.is(b"format = 1\n") && !kept.is(b"format = 2\n"));
        // Replaced by rename, as saves and git do: the text is still there.
        let other = dir.path().join("other");
        fs::write(&other, "format = 2\n").unwrap();
        fs::rename(&other, &path).unwrap();
        assert_eq!(kept.text().as_deref(), Some("format = 1\n"));
        assert_eq!(kept.text().as_deref(), Some("format = 1\n"), "read twice");
    }

    #[test]
    fn a_file_rewritten_in_place_is_not_taken_for_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.claims.toml");
        fs::write(&path, "format = 1\n").unwrap();
        let kept = DiskText::keep("format = 1\n".into(), File::open(&path).unwrap(), 4);
        fs::write(&path, "format = 2\n").unwrap();
        assert_eq!(kept.text(), None);
        let small = DiskText::keep("format = 1\n".into(), File::open(&path).unwrap(), 1 << 20);
        assert_eq!(small.text().as_deref(), Some("format = 1\n"));
    }
}
