//! A big sheet read from its file part by part ([`read_streamed`]): the
//! bytes read are cut before `[[claim]]` / `[[deleted]]` lines as they come
//! and each few parts are read in parallel and let go, so the sheet's text
//! is never whole in memory; its length and SHA-256 are worked out on the
//! way, for what the store keeps of it. Whatever does not read in parts
//! (an error anywhere, a cut inside a multi-line string) gives None, and
//! the sheet is then read whole, for its error and its place.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::{BATCH_PER_THREAD, Gathered, table_starts};
use crate::domain::line_endings;
use crate::domain::sheet::{MAX_SHEET_BYTES, Sheet};

/// A sheet read part by part, and what its text was.
pub struct Streamed {
    pub sheet: Sheet,
    /// The text's length in bytes.
    pub len: usize,
    pub sha256: [u8; 32],
    /// Whether its lines end in CRLF.
    pub crlf: bool,
}

/// The sheet `file` (at `path`, `total` bytes long) holds, read in parts of
/// about `part` bytes, telling `progress(bytes read, total)`.
pub fn read_streamed(
    path: &Path,
    mut file: impl Read,
    total: usize,
    part: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<Streamed> {
    let mut stream = Stream {
        path,
        gathered: Gathered::with_capacity(total / 128),
        head: None,
        batch: Vec::new(),
        done: AtomicUsize::new(0),
        total,
        progress,
    };
    let mut hasher = Sha256::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = vec![0; part.max(1)];
    let mut len = 0;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        len += n;
        if len as u64 > MAX_SHEET_BYTES || buf[..n].contains(&0) {
            return None;
        }
        hasher.update(&buf[..n]);
        pending.extend_from_slice(&buf[..n]);
        if pending.len() >= part {
            stream.cut(&mut pending)?;
        }
    }
    if stream.head.is_none() {
        stream.take_head(&mut pending)?;
    }
    if !pending.is_empty() {
        stream.push(String::from_utf8(pending).ok()?)?;
    }
    stream.read_batch()?;
    let head = stream.head?;
    let crlf = line_endings::is_crlf(&head);
    let sheet = stream.gathered.sheet(path, &head)?;
    Some(Streamed {
        sheet,
        len,
        sha256: hasher.finalize().into(),
        crlf,
    })
}

/// The parts cut so far, and the sheet's top-level keys.
struct Stream<'a> {
    path: &'a Path,
    gathered: Gathered,
    /// The text before the first table.
    head: Option<String>,
    batch: Vec<String>,
    done: AtomicUsize,
    total: usize,
    progress: &'a (dyn Fn(usize, usize) + Sync),
}

impl Stream<'_> {
    /// Take from `pending` what comes before its last table line (the top-
    /// level keys first, before the first one).
    fn cut(&mut self, pending: &mut Vec<u8>) -> Option<()> {
        if self.head.is_none() {
            self.take_head(pending)?;
            if self.head.is_none() {
                return Some(());
            }
        }
        if let Some(last) = table_starts(pending).filter(|&at| at > 0).last() {
            let part: Vec<u8> = pending.drain(..last).collect();
            self.push(String::from_utf8(part).ok()?)?;
        }
        Some(())
    }

    /// Take the top-level keys from `pending`, when its first table line
    /// is in it.
    fn take_head(&mut self, pending: &mut Vec<u8>) -> Option<()> {
        let Some(first) = table_starts(pending).next() else {
            return Some(());
        };
        let head: Vec<u8> = pending.drain(..first).collect();
        let head = String::from_utf8(head).ok()?;
        if head.starts_with('\u{feff}') {
            return None;
        }
        self.head = Some(head);
        Some(())
    }

    /// One more part; read with the others once there are enough.
    fn push(&mut self, part: String) -> Option<()> {
        // No table at all: nothing to read in parts.
        self.head.as_ref()?;
        self.batch.push(part);
        if self.batch.len() >= BATCH_PER_THREAD * rayon::current_num_threads().max(1) {
            self.read_batch()?;
        }
        Some(())
    }

    fn read_batch(&mut self) -> Option<()> {
        let parts: Vec<&str> = self.batch.iter().map(String::as_str).collect();
        let head = self.head.as_ref().map_or(0, String::len);
        let (done, total, progress) = (&self.done, self.total, self.progress);
        self.gathered.read(self.path, &parts, None, &|n| {
            progress(head + done.fetch_add(n, Ordering::Relaxed) + n, total);
        })?;
        self.batch.clear();
        Some(())
    }
}
