//! The search pack of a folder: what `claimdesk search FOLDER` needs of
//! every sheet under the folder (each claim's fields, folded for the search
//! index, and what a result line shows of it) in one cache file, so that a
//! search over a folder whose sheets have not changed opens one file and
//! decodes no sheet. It sits beside the sheet entries
//! (`$XDG_CACHE_HOME/claimdesk/sheets/pack-HASH.bin`, HASH of the folder's
//! canonical path) and is pruned with them.
//!
//! Each sheet's part is stored with the sheet's path under the folder, the
//! stamp of its file (size, modification and change times, inode, device),
//! the time it was read and the SHA-256 of its text. The stamp alone
//! decides when it was already at least [`SETTLED`] old when the sheet was
//! read (the rule of [`super::stamp`], shared with the sheet entries): any
//! later write sets the change time to the time of that write (which no
//! program can set back), so a file with the same stamp holds the same
//! text. A younger stamp (a write could have followed the read
//! within the file system's time resolution) or a different one means
//! reading the sheet and hashing it: the same hash keeps the part, another
//! one parses the sheet. Nothing else is trusted: a pack that is corrupt
//! (a CRC-32 over its body), truncated, of another version or for another
//! folder is ignored and rewritten, and a sheet that fails to parse is
//! never packed (its error comes from the parser every time).
//!
//! A pack is rewritten only when a sheet was added, removed or changed,
//! on a thread of its own while the search runs ([`PackWrite::finish`]
//! waits for it), to a temporary file renamed into place without fsync:
//! any doubt means parsing again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Cache;
use super::stamp::{FileStamp, Stamped};
use crate::domain::search::{IndexPart, Item};
use crate::domain::store::read_sheet_text;
use crate::domain::{Claim, Result, Sheet, StatusFilter, Verdict};

/// The layout of a pack; a pack of another version is ignored.
pub const PACK_VERSION: u32 = 1;

/// First bytes of every pack.
const PACK_MAGIC: &[u8; 8] = b"cdpack\0\0";

pub use super::stamp::SETTLED;

/// What a result line shows of a claim, besides its searched fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    /// [`Claim::mark`].
    pub mark: char,
    /// Its verdict, as an index into [`Verdict::ALL`].
    verdict: u8,
    /// [`Claim::is_reviewed`].
    pub reviewed: bool,
    /// Whether it names a speaker (the searched field is empty when not).
    pub has_speaker: bool,
    /// Which of [`status_filters`] keep it, one bit each.
    filters: u8,
}

/// Every status filter, in the order of [`ClaimRow`]'s bits.
fn status_filters() -> [StatusFilter; 7] {
    let [a, b, c, d] = Verdict::ALL.map(StatusFilter::Verdict);
    [
        a,
        b,
        c,
        d,
        StatusFilter::Reviewed,
        StatusFilter::Disputed,
        StatusFilter::Orphan,
    ]
}

impl ClaimRow {
    pub fn of(c: &Claim) -> ClaimRow {
        let verdict = Verdict::of(c);
        ClaimRow {
            mark: c.mark(),
            verdict: Verdict::ALL.iter().position(|v| *v == verdict).unwrap_or(0) as u8,
            reviewed: c.is_reviewed(),
            has_speaker: c.speaker.is_some(),
            filters: status_filters()
                .iter()
                .enumerate()
                .fold(0, |m, (i, f)| m | (u8::from(f.matches(c)) << i)),
        }
    }

    pub fn verdict(&self) -> Verdict {
        Verdict::ALL
            .get(usize::from(self.verdict))
            .copied()
            .unwrap_or(Verdict::NotReviewed)
    }

    /// Does `filter` keep this claim?
    pub fn kept_by(&self, filter: StatusFilter) -> bool {
        let bit = status_filters().iter().position(|f| *f == filter);
        bit.is_some_and(|b| self.filters & (1 << b) != 0)
    }
}

/// What a search needs of one sheet: its claims' searched fields, folded,
/// and per claim what a result line shows.
#[derive(Serialize, Deserialize)]
pub struct SheetPart {
    pub index: IndexPart,
    pub rows: Vec<ClaimRow>,
}

impl SheetPart {
    pub fn of(sheet: &Sheet) -> SheetPart {
        SheetPart {
            index: IndexPart::of(sheet.claims.iter().map(Item::of).collect()),
            rows: sheet.claims.iter().map(ClaimRow::of).collect(),
        }
    }

    fn decode(blob: &[u8]) -> Option<SheetPart> {
        let part: SheetPart = postcard::from_bytes(blob).ok()?;
        (part.index.is_whole() && part.rows.len() == part.index.len()).then_some(part)
    }
}

/// One sheet in a pack; `part` is a [`SheetPart`] in postcard.
#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    path: &'a str,
    stamp: FileStamp,
    read_at: (i64, i64),
    sha256: [u8; 32],
    part: &'a [u8],
}

#[derive(Serialize, Deserialize)]
struct Pack<'a> {
    folder: &'a str,
    #[serde(borrow)]
    entries: Vec<Entry<'a>>,
}

/// An entry for the pack to be written.
struct NewEntry {
    path: String,
    stamp: FileStamp,
    read_at: (i64, i64),
    sha256: [u8; 32],
    part: Vec<u8>,
}

/// The pack being written, if one is.
pub struct PackWrite(Option<std::thread::JoinHandle<()>>);

impl PackWrite {
    /// No pack written.
    pub fn none() -> PackWrite {
        PackWrite(None)
    }

    /// Wait until the pack is written (or failed to be: only no pack).
    /// Dropping it waits too, so a command that stops early leaves no
    /// half-written temporary file.
    pub fn finish(self) {}
}

impl Drop for PackWrite {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

/// Each sheet of `sheets` (all under `folder`, in that order) as a search
/// part: from the folder's pack in the user's cache ([`Cache::from_env`])
/// where the sheet has not changed, else read and parsed; `done` is told
/// of each sheet. The pack is rewritten in the background when anything
/// changed.
pub fn folder_parts(
    folder: &Path,
    sheets: &[PathBuf],
    done: &(dyn Fn() + Sync),
) -> (Vec<Result<SheetPart>>, PackWrite) {
    folder_parts_in(Cache::from_env(), folder, sheets, done)
}

/// [`folder_parts`] with the pack in `cache` (None: no pack, every sheet
/// parsed).
pub fn folder_parts_in(
    cache: Option<Cache>,
    folder: &Path,
    sheets: &[PathBuf],
    done: &(dyn Fn() + Sync),
) -> (Vec<Result<SheetPart>>, PackWrite) {
    let Some(cache) = cache else {
        let parts = sheets
            .par_iter()
            .map(|s| {
                let part = read_sheet_text(s)
                    .and_then(|text| super::sheet::parse(s, &text, None))
                    .map(|sheet| SheetPart::of(&sheet));
                done();
                part
            })
            .collect();
        return (parts, PackWrite(None));
    };
    let canonical = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let file = cache.pack_file(&canonical);
    let folder_name = canonical.to_string_lossy();
    let bytes = std::fs::read(&file).unwrap_or_default();
    let old = read_pack(&bytes, &folder_name);
    let by_path: HashMap<&str, &Entry> = old
        .as_ref()
        .map(|p| p.entries.iter().map(|e| (e.path, e)).collect())
        .unwrap_or_default();
    let loaded: Vec<(Result<SheetPart>, Option<NewEntry>)> = sheets
        .par_iter()
        .map(|sheet| {
            let rel = sheet
                .strip_prefix(folder)
                .unwrap_or(sheet)
                .to_string_lossy();
            let one = load_one(&cache, sheet, &rel, by_path.get(rel.as_ref()).copied());
            done();
            one
        })
        .collect();
    let same_sheets = old
        .as_ref()
        .is_some_and(|p| p.entries.len() == loaded.iter().filter(|(p, _)| p.is_ok()).count());
    let changed = !same_sheets || loaded.iter().any(|(_, new)| new.is_some());
    let mut parts = Vec::with_capacity(loaded.len());
    let mut entries = Vec::new();
    for (sheet, (part, new)) in sheets.iter().zip(loaded) {
        if changed && part.is_ok() {
            let rel = sheet
                .strip_prefix(folder)
                .unwrap_or(sheet)
                .to_string_lossy();
            entries.extend(new.or_else(|| {
                by_path.get(rel.as_ref()).map(|e| NewEntry {
                    path: e.path.to_owned(),
                    stamp: e.stamp,
                    read_at: e.read_at,
                    sha256: e.sha256,
                    part: e.part.to_vec(),
                })
            }));
        }
        parts.push(part);
    }
    if !changed {
        super::evict::touch(&file);
        return (parts, PackWrite(None));
    }
    let folder_name = folder_name.into_owned();
    let writer = std::thread::spawn(move || write_pack(&cache, &file, &folder_name, &entries));
    (parts, PackWrite(Some(writer)))
}

/// One sheet: its `old` entry when the sheet has not changed since, else
/// read (and parsed unless it hashes as the entry did); the new entry when
/// the pack is to change.
fn load_one(
    cache: &Cache,
    sheet: &Path,
    rel: &str,
    old: Option<&Entry>,
) -> (Result<SheetPart>, Option<NewEntry>) {
    let stamped = Stamped::of_path(sheet);
    if let (Some(old), Some(now)) = (old, stamped)
        && now.stands_for(&Stamped {
            stamp: old.stamp,
            at: old.read_at,
        })
        && let Some(part) = SheetPart::decode(old.part)
    {
        return (Ok(part), None);
    }
    let text = match read_sheet_text(sheet) {
        Ok(text) => text,
        Err(e) => return (Err(e), None),
    };
    let sha256: [u8; 32] = Sha256::digest(text.as_bytes()).into();
    let kept = old
        .filter(|o| o.sha256 == sha256)
        .and_then(|o| Some((SheetPart::decode(o.part)?, o.part.to_vec())));
    let (part, blob) = match kept {
        Some(kept) => kept,
        None => {
            let parsed = match cache.cached_with_sha256(sheet, &text, sha256) {
                Some(sheet) => Ok(sheet),
                None => super::sheet::parse(sheet, &text, None),
            };
            let part = match parsed {
                Ok(s) => SheetPart::of(&s),
                Err(e) => return (Err(e), None),
            };
            let blob = postcard::to_stdvec(&part).unwrap_or_default();
            (part, blob)
        }
    };
    let new = stamped.map(|s| NewEntry {
        path: rel.to_owned(),
        stamp: s.stamp,
        read_at: s.at,
        sha256,
        part: blob,
    });
    (Ok(part), new)
}

/// The pack in `bytes`, if it is whole, of this version and for `folder`.
fn read_pack<'a>(bytes: &'a [u8], folder: &str) -> Option<Pack<'a>> {
    let rest = bytes.strip_prefix(PACK_MAGIC.as_slice())?;
    let (version, rest) = rest.split_first_chunk::<4>()?;
    let (crc, body) = rest.split_first_chunk::<4>()?;
    if u32::from_le_bytes(*version) != PACK_VERSION
        || u32::from_le_bytes(*crc) != crc32fast::hash(body)
    {
        return None;
    }
    let pack: Pack = postcard::from_bytes(body).ok()?;
    (pack.folder == folder).then_some(pack)
}

fn write_pack(cache: &Cache, file: &Path, folder: &str, entries: &[NewEntry]) {
    let pack = Pack {
        folder,
        entries: entries
            .iter()
            .map(|e| Entry {
                path: &e.path,
                stamp: e.stamp,
                read_at: e.read_at,
                sha256: e.sha256,
                part: &e.part,
            })
            .collect(),
    };
    let Ok(body) = postcard::to_stdvec(&pack) else {
        return;
    };
    let mut bytes = Vec::with_capacity(PACK_MAGIC.len() + 8 + body.len());
    bytes.extend_from_slice(PACK_MAGIC);
    bytes.extend_from_slice(&PACK_VERSION.to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    cache.write_file(file, &bytes);
}
