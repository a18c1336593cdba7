//! A binary cache of parsed sheets, so that a sheet that has not changed
//! is not parsed again: one file per sheet in `$XDG_CACHE_HOME/claimdesk/
//! sheets/` (else `~/.cache/claimdesk/sheets/`), named by a hash of the
//! sheet's canonical path, in postcard.
//!
//! An entry holds the sheet's path, size and the SHA-256 of its text, and
//! the stamp of its file taken before the text was read, when known. A
//! load that has not read the text ([`Cache::by_stamp`]) uses it only when
//! the path matches and the file's stamp now stands for the text by the
//! rule of [`stamp`] (the same stamp, settled when it was read): a big
//! sheet then never has its text in memory. Any doubt means reading the
//! text, used only when it hashes the same (size first, a cheap reject):
//! what is parsed is a function of the text alone, so the hash decides,
//! whatever the clock or `git checkout` did to the stamp; such a hit with
//! a newer stamp rewrites the entry's key so the next load goes by the
//! stamp. It is never trusted over
//! the sheet: a cache file that is corrupt, truncated, empty, of another
//! format version or for another file is ignored and replaced, never an
//! error, and a sheet that fails to parse is never cached (its error, with
//! FILE:LINE:COL, comes from the parser every time). Writes go to a unique
//! temporary file renamed into place, so processes writing at once leave
//! one whole entry; a cache folder that cannot be written, or whose base
//! (`$XDG_CACHE_HOME`, `~/.cache`) does not exist, is skipped.
//!
//! The folder is kept under [`CAP`] bytes, least recently used entries
//! removed first ([`prune`]). `--no-cache` ([`disable`]) or
//! `CLAIMDESK_NO_CACHE=1` turn it off.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::claim::{Anchor, Change, Claim, ClaimKind, Dispute, Stamp, Status, Tombstone};
use super::error::Result;
use super::sheet::{self, Sheet};

#[path = "cache_evict.rs"]
mod evict;
pub use evict::{CAP, prune};
#[path = "cache_pack.rs"]
pub mod pack;
#[path = "cache_stamp.rs"]
pub mod stamp;

use stamp::{FileStamp, Stamped};

/// The layout of a cache file; an entry of another version is ignored.
pub const VERSION: u32 = 4;

/// First bytes of every cache file.
const MAGIC: &[u8; 8] = b"cdsheet\0";

static DISABLED: AtomicBool = AtomicBool::new(false);

/// Turn the cache off for this process (`--no-cache`).
pub fn disable() {
    DISABLED.store(true, Ordering::Relaxed);
}

/// The cache folder of sheets, as the environment sets it.
pub struct Cache {
    dir: PathBuf,
    /// The folder `dir` may be created in: a cache is never written under
    /// a base that does not exist (`XDG_CACHE_HOME=/nonexistent/...`).
    base: PathBuf,
}

impl Cache {
    /// A cache in `dir` (created on the first write).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        let dir: PathBuf = dir.into();
        let base = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        Cache { dir, base }
    }

    /// The user's cache; None when it is turned off or there is no home.
    pub fn from_env() -> Option<Cache> {
        if DISABLED.load(Ordering::Relaxed)
            || std::env::var_os("CLAIMDESK_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0")
        {
            return None;
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(Cache {
            dir: base.join("claimdesk").join("sheets"),
            base,
        })
    }

    /// The cache file of the sheet at `path` (canonical).
    fn file_for(&self, path: &Path) -> PathBuf {
        let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
        let name: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.bin"))
    }

    /// The sheet `text` read from `path` holds: from the cache when an
    /// entry for that path and text is there, else parsed (and cached).
    pub fn parse(&self, path: &Path, text: &str) -> Result<Sheet> {
        self.parse_with_progress(path, text, &|_, _| {})
    }

    /// [`Cache::parse`], telling `progress` how much of the sheet was
    /// parsed when it is parsed ([`sheet::parse_with_progress`]).
    pub fn parse_with_progress(
        &self,
        path: &Path,
        text: &str,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Sheet> {
        self.parse_stamped(path, text, None, progress)
    }

    /// [`Cache::parse_with_progress`] of a `text` read from its file after
    /// `stamped` was taken of that same file: the entry keeps the stamp, so
    /// that a later load can go by it ([`Cache::by_stamp`]).
    pub fn parse_stamped(
        &self,
        path: &Path,
        text: &str,
        stamped: Option<Stamped>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Sheet> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let key = Key {
            stamped: stamped.map(|s| (s.stamp, s.at)),
            ..Key::of(&canonical, text)
        };
        let file = self.file_for(&canonical);
        if let Some(sheet) = self.read_rekeying(&file, &key) {
            evict::touch(&file);
            return Ok(sheet);
        }
        let sheet = sheet::parse_with_progress(path, text, None, progress)?;
        self.store(&file, &key, &sheet);
        Ok(sheet)
    }

    /// The sheet of `key`'s text when the entry in `file` holds it; when
    /// `key` has a stamp the entry's does not stand for, the entry is
    /// written again with it.
    fn read_rekeying(&self, file: &Path, key: &Key) -> Option<Sheet> {
        let bytes = std::fs::read(file).ok()?;
        let (old, at) = split_entry(&bytes)?;
        if !old.same_text(key) {
            return None;
        }
        let stands = |(stamp, at), (old_stamp, old_at)| {
            Stamped { stamp, at }.stands_for(&Stamped {
                stamp: old_stamp,
                at: old_at,
            })
        };
        if let Some(new) = key.stamped
            && !old.stamped.is_some_and(|old| stands(new, old))
        {
            self.write_entry(file, key, &bytes[at..]);
        }
        decode_sheet(bytes, at)
    }

    /// The sheet at `path`, from its entry alone, when the file's stamp
    /// `now` (taken of the file about to be kept open) stands for the text
    /// the entry was made of: the text is not read.
    pub fn by_stamp(&self, path: &Path, now: &Stamped) -> Option<StampHit> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let file = self.file_for(&canonical);
        let bytes = std::fs::read(&file).ok()?;
        let (key, at) = split_entry(&bytes)?;
        let (stamp, read_at) = key.stamped?;
        if key.path != canonical.to_string_lossy()
            || key.len != now.stamp().size()
            || !now.stands_for(&Stamped { stamp, at: read_at })
        {
            return None;
        }
        let sheet = decode_sheet(bytes, at)?;
        evict::touch(&file);
        Some(StampHit {
            sheet,
            len: key.len as usize,
            sha256: key.sha256,
            crlf: key.crlf,
        })
    }

    /// The cached sheet for `text` read from `path`, only when there is one.
    pub fn cached(&self, path: &Path, text: &str) -> Option<Sheet> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        read_entry(&self.file_for(&canonical), &Key::of(&canonical, text))
    }

    /// The cached sheet for `text` read from `path`, whose SHA-256 is
    /// `sha256`, only when there is one.
    pub fn cached_with_sha256(&self, path: &Path, text: &str, sha256: [u8; 32]) -> Option<Sheet> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let key = Key {
            sha256,
            ..Key::stamp_of(&canonical, text.len())
        };
        read_entry(&self.file_for(&canonical), &key)
    }

    /// The file that holds (or would hold) the search pack of the folder
    /// at `folder` (canonical).
    pub fn pack_file(&self, folder: &Path) -> PathBuf {
        let digest = Sha256::digest(folder.as_os_str().as_encoded_bytes());
        let name: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("pack-{name}.bin"))
    }

    /// Write `bytes` to `file` in the cache folder, atomically; failures
    /// only mean no cache.
    fn write_file(&self, file: &Path, bytes: &[u8]) {
        self.write_parts(file, &[bytes]);
    }

    /// [`Cache::write_file`] of the bytes of `parts` one after another.
    fn write_parts(&self, file: &Path, parts: &[&[u8]]) {
        if self.base.is_dir() {
            let _ = write_replacing(&self.dir, file, parts);
            evict::after_first_write(&self.dir, evict::CAP);
        }
    }

    /// The file that holds (or would hold) the entry of the sheet at `path`.
    pub fn entry_file(&self, path: &Path) -> PathBuf {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.file_for(&canonical)
    }

    /// Write an entry, atomically; failures only mean no cache.
    fn store(&self, file: &Path, key: &Key, sheet: &Sheet) {
        let Ok(body) = postcard::to_stdvec(&CachedSheet::from(sheet)) else {
            return;
        };
        self.write_entry(file, key, &body);
    }

    /// Write the entry of `key` whose sheet, encoded, is `sheet`, atomically.
    fn write_entry(&self, file: &Path, key: &Key, sheet: &[u8]) {
        let (Ok(version), Ok(key)) = (postcard::to_stdvec(&VERSION), postcard::to_stdvec(key))
        else {
            return;
        };
        self.write_parts(file, &[MAGIC, &version, &key, sheet]);
    }
}

/// A sheet loaded from its entry without its text being read, with what
/// is known of the text: its length, SHA-256 and line endings.
pub struct StampHit {
    pub sheet: Sheet,
    pub len: usize,
    pub sha256: [u8; 32],
    pub crlf: bool,
}

/// Parse a sheet through the user's cache (see [`Cache::from_env`]), or
/// directly when there is none.
pub fn parse(path: &Path, text: &str) -> Result<Sheet> {
    parse_with_progress(path, text, &|_, _| {})
}

/// [`parse`], telling `progress(bytes parsed, bytes in all)` when the
/// sheet is parsed (a big one, in parts on every core).
pub fn parse_with_progress(
    path: &Path,
    text: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Sheet> {
    parse_stamped(path, text, None, progress)
}

/// [`parse_with_progress`] of a text read after `stamped` was taken of its
/// file ([`Cache::parse_stamped`]).
pub fn parse_stamped(
    path: &Path,
    text: &str,
    stamped: Option<Stamped>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Sheet> {
    match Cache::from_env() {
        Some(cache) => cache.parse_stamped(path, text, stamped, progress),
        None => sheet::parse_with_progress(path, text, None, progress),
    }
}

fn read_entry(file: &Path, key: &Key) -> Option<Sheet> {
    let bytes = std::fs::read(file).ok()?;
    let (old, at) = split_entry(&bytes)?;
    old.same_text(key)
        .then(|| decode_sheet(bytes, at))
        .flatten()
}

/// The key of the entry in `bytes` and where its sheet starts, when it is
/// of this version.
fn split_entry(bytes: &[u8]) -> Option<(Key, usize)> {
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    // The version leads the entry, so an older layout is told apart before
    // anything else of it is decoded.
    let (version, rest) = postcard::take_from_bytes::<u32>(body).ok()?;
    if version != VERSION {
        return None;
    }
    let (key, sheet) = postcard::take_from_bytes::<Key>(rest).ok()?;
    Some((key, bytes.len() - sheet.len()))
}

/// The sheet whose bytes start at `at` in `bytes`.
fn decode_sheet(bytes: Vec<u8>, at: usize) -> Option<Sheet> {
    let cached: CachedSheet = postcard::from_bytes(bytes.get(at..)?).ok()?;
    // Decoded: the file's bytes go before the claims are made.
    drop(bytes);
    cached.into_sheet()
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn write_replacing(dir: &Path, file: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut f| parts.iter().try_for_each(|p| f.write_all(p)))
        .and_then(|()| std::fs::rename(&temp, file));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// What an entry is for: the sheet's canonical path, the length, hash and
/// line endings of its text, and the stamp of its file taken before the
/// text was read, with when (None: not known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    path: String,
    len: u64,
    stamped: Option<(FileStamp, (i64, i64))>,
    sha256: [u8; 32],
    crlf: bool,
}

impl Key {
    fn of(path: &Path, text: &str) -> Key {
        Key {
            sha256: Sha256::digest(text.as_bytes()).into(),
            crlf: super::line_endings::is_crlf(text),
            ..Key::stamp_of(path, text.len())
        }
    }

    /// The key of a text of `len` bytes read from `path`, without its hash.
    fn stamp_of(path: &Path, len: usize) -> Key {
        Key {
            path: path.to_string_lossy().into_owned(),
            len: len as u64,
            stamped: None,
            sha256: [0; 32],
            crlf: false,
        }
    }

    /// Are both keys for the same text of the same path?
    fn same_text(&self, other: &Key) -> bool {
        self.path == other.path && self.len == other.len && self.sha256 == other.sha256
    }
}

/// A stamp as seconds, nanoseconds and UTC offset: exactly what was parsed.
#[derive(Serialize, Deserialize)]
struct CachedStamp(i64, u32, i32);

impl From<&Stamp> for CachedStamp {
    fn from(s: &Stamp) -> CachedStamp {
        CachedStamp(
            s.0.timestamp(),
            s.0.timestamp_subsec_nanos(),
            s.0.offset().local_minus_utc(),
        )
    }
}

impl CachedStamp {
    fn into_stamp(self) -> Option<Stamp> {
        let offset = chrono::FixedOffset::east_opt(self.2)?;
        let utc = DateTime::from_timestamp(self.0, self.1)?;
        Some(Stamp(utc.with_timezone(&offset)))
    }
}

#[derive(Serialize, Deserialize)]
struct CachedSheet {
    format: i64,
    article: String,
    sha256: String,
    title: Option<String>,
    source_url: Option<String>,
    published: Option<String>,
    byline: Option<String>,
    site: Option<String>,
    fetched_at: Option<String>,
    language: Option<String>,
    analyst: Option<String>,
    claims: Vec<CachedClaim>,
    deleted: Vec<(String, String, CachedStamp, String, bool)>,
    history: Vec<CachedChange>,
}

#[derive(Serialize, Deserialize)]
struct CachedClaim {
    id: String,
    text: String,
    speaker: Option<String>,
    status: Status,
    kind: Option<ClaimKind>,
    score: Option<f64>,
    reviewed_at: Option<CachedStamp>,
    reviewed_by: Option<String>,
    note: String,
    sources: Vec<String>,
    /// Start, end, quote (None: the same as the text), prefix, suffix.
    anchor: (usize, usize, Option<String>, String, String),
    orphan: bool,
    needs_review: bool,
    history: Vec<CachedChange>,
    disputes: Vec<(CachedStamp, String, Status, String)>,
    assignee: Option<String>,
    pending: bool,
}

impl From<&Sheet> for CachedSheet {
    fn from(s: &Sheet) -> CachedSheet {
        CachedSheet {
            format: s.format,
            article: s.article.clone(),
            sha256: s.sha256.clone(),
            title: s.title.clone(),
            source_url: s.source_url.clone(),
            published: s.published.clone(),
            byline: s.byline.clone(),
            site: s.site.clone(),
            fetched_at: s.fetched_at.clone(),
            language: s.language.clone(),
            analyst: s.analyst.clone(),
            claims: s.claims.iter().map(CachedClaim::from).collect(),
            deleted: s
                .deleted
                .iter()
                .map(|t| {
                    let at = CachedStamp::from(&t.deleted_at);
                    (t.id.clone(), t.text.clone(), at, t.by.clone(), t.dismissed)
                })
                .collect(),
            history: cache_history(&s.history),
        }
    }
}

impl From<&Claim> for CachedClaim {
    fn from(c: &Claim) -> CachedClaim {
        let a = &c.anchor;
        CachedClaim {
            id: c.id.clone(),
            text: c.text.clone(),
            speaker: c.speaker.clone(),
            status: c.status,
            kind: c.kind,
            score: c.score.map(|s| s.get()),
            reviewed_at: c.reviewed_at.as_ref().map(CachedStamp::from),
            reviewed_by: c.reviewed_by.clone(),
            note: c.note.clone(),
            sources: c.sources.clone(),
            anchor: (
                a.start,
                a.end,
                (a.quote != c.text).then(|| a.quote.clone()),
                a.prefix.clone(),
                a.suffix.clone(),
            ),
            orphan: c.orphan,
            needs_review: c.needs_review,
            history: cache_history(&c.history),
            disputes: c
                .disputes
                .iter()
                .map(|d| {
                    (
                        CachedStamp::from(&d.at),
                        d.by.clone(),
                        d.status,
                        d.note.clone(),
                    )
                })
                .collect(),
            assignee: c.assignee.clone(),
            pending: c.pending,
        }
    }
}

impl CachedSheet {
    /// The sheet back; None when a value is out of range (a damaged entry).
    fn into_sheet(self) -> Option<Sheet> {
        let mut claims = self
            .claims
            .into_iter()
            .map(CachedClaim::into_claim)
            .collect::<Option<Vec<_>>>()?;
        // Collected in place, in the larger buffer of the cached claims.
        claims.shrink_to_fit();
        let deleted = self
            .deleted
            .into_iter()
            .map(|(id, text, at, by, dismissed)| {
                Some(Tombstone {
                    id,
                    text,
                    deleted_at: at.into_stamp()?,
                    by,
                    dismissed,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Sheet {
            format: self.format,
            article: self.article,
            sha256: self.sha256,
            title: self.title,
            source_url: self.source_url,
            published: self.published,
            byline: self.byline,
            site: self.site,
            fetched_at: self.fetched_at,
            language: self.language,
            analyst: self.analyst,
            claims,
            deleted,
            history: restore_history(self.history)?,
        })
    }
}

/// A cached change: at, by, field, from, to.
type CachedChange = (CachedStamp, String, String, String, String);

fn cache_history(history: &[Change]) -> Vec<CachedChange> {
    history
        .iter()
        .map(|h| {
            let at = CachedStamp::from(&h.at);
            (
                at,
                h.by.clone(),
                h.field.clone(),
                h.from.clone(),
                h.to.clone(),
            )
        })
        .collect()
}

fn restore_history(cached: Vec<CachedChange>) -> Option<Vec<Change>> {
    cached
        .into_iter()
        .map(|(at, by, field, from, to)| {
            Some(Change {
                at: at.into_stamp()?,
                by,
                field,
                from,
                to,
            })
        })
        .collect()
}

impl CachedClaim {
    fn into_claim(self) -> Option<Claim> {
        let (start, end, quote, prefix, suffix) = self.anchor;
        let quote = quote.unwrap_or_else(|| self.text.clone());
        let score = match self.score {
            Some(x) => Some(super::Score::parse(x)?),
            None => None,
        };
        let reviewed_at = match self.reviewed_at {
            Some(s) => Some(s.into_stamp()?),
            None => None,
        };
        let history = restore_history(self.history)?;
        let disputes = self
            .disputes
            .into_iter()
            .map(|(at, by, status, note)| {
                Some(Dispute {
                    at: at.into_stamp()?,
                    by,
                    status,
                    note,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Claim {
            id: self.id,
            text: self.text,
            speaker: self.speaker,
            status: self.status,
            kind: self.kind,
            score,
            reviewed_at,
            reviewed_by: self.reviewed_by,
            note: self.note,
            sources: self.sources,
            anchor: Anchor {
                start,
                end,
                quote,
                prefix,
                suffix,
            },
            orphan: self.orphan,
            needs_review: self.needs_review,
            history,
            disputes,
            assignee: self.assignee,
            pending: self.pending,
        })
    }
}
