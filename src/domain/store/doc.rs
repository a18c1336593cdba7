//! An article with its sheet ([`Doc`]): opening by either path, the sheet
//! checked against its article, what is on disk remembered (its text, a
//! fingerprint of the sheet it held ([`Base`]), its stamp) so that a change
//! by another program is noticed and a save splices rather than rewrites.

use std::fs;
use std::path::{Path, PathBuf};

use super::base::Base;
use super::disk_text::DiskText;
use super::lock::MergeReport;
use super::paths::{is_sheet_path, read_sheet_file, sheet_path_for};
use crate::domain::article::Article;
use crate::domain::cache::stamp::Stamped;
use crate::domain::claim::Claim;
use crate::domain::error::{Error, Result};
use crate::domain::sheet::{self, Sheet};

/// An article with its sheet, as the CLI and the TUI work on them.
#[derive(Debug, Clone)]
pub struct Doc {
    pub article: Article,
    pub sheet: Sheet,
    pub sheet_path: PathBuf,
    /// The sheet's text as last read from or written to disk (None: not on
    /// disk yet). Base for comment-preserving saves and conflict detection.
    pub(super) disk_text: Option<DiskText>,
    /// What `disk_text` holds, without a second copy of the sheet: enough
    /// to tell what changed since; the merge base is `disk_text` read again.
    pub(super) base: Option<Base>,
    /// Where each claim lies in `disk_text`: worked out at the first save,
    /// then kept up to date by each save, so a save parses nothing.
    pub(super) layout: Option<sheet::Layout>,
    /// Size, modification time and inode of the sheet file when it last
    /// held `disk_text`: while they stay the same the file is not read again
    /// to look for outside changes (git's index does the same).
    pub(super) disk_stamp: std::cell::Cell<Option<FileStamp>>,
    /// What the last save merged in from others, until taken.
    pub(super) merged: Option<MergeReport>,
    /// The recovery file last offered: what restore and discard act on.
    pub(super) offered: std::cell::RefCell<Option<PathBuf>>,
}

/// What `stat` says of a file, to notice a change without reading it: size,
/// modification time and inode (a file saved by rename is a new inode even
/// when the rest is the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl FileStamp {
    /// The file's stamp now (None: it cannot be read).
    pub fn of(path: &Path) -> Option<FileStamp> {
        fs::metadata(path)
            .ok()
            .map(|m| FileStamp::from_metadata(&m))
    }

    /// The stamp of a file whose metadata is `m`.
    pub fn from_metadata(m: &fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(m);
        #[cfg(not(unix))]
        let inode = 0;
        FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        }
    }
}

/// The article length to check offsets against: only when the article is
/// the one the sheet was written for. After an edit, offsets are stale by
/// nature and re-anchoring ([`crate::domain::anchor`]) deals with them.
fn checked_len(article: &Article, sheet: &Sheet) -> Option<usize> {
    (article.sha256 == sheet.sha256).then(|| article.char_len())
}

/// `sheet`, parsed from `text` without the article's length, checked
/// against `article`: parsed again only when an offset is beyond it, for
/// the error and its place.
pub(super) fn checked(
    path: &Path,
    text: &DiskText,
    sheet: Sheet,
    article: &Article,
) -> Result<Sheet> {
    match checked_len(article, &sheet) {
        Some(len) if sheet::ends_beyond(&sheet, len) => match text.text() {
            Some(text) => sheet::parse(path, &text, Some(len)),
            None => Err(rewritten(path)),
        },
        _ => Ok(sheet),
    }
}

/// The error for a sheet kept open that another program rewrote in place.
pub(super) fn rewritten(path: &Path) -> Error {
    Error::sheet(
        path,
        "was rewritten in place by another program while it was open; read it again",
    )
}

/// The article a sheet refers to, resolved against the sheet's folder and
/// checked to stay inside `root` (None: the sheet's folder) before anything
/// is opened ([`super::paths`]).
fn article_path_of(
    sheet_path: &Path,
    text: &DiskText,
    sheet: &Sheet,
    root: Option<&Path>,
) -> Result<PathBuf> {
    crate::domain::paths::resolve_article(sheet_path, &sheet.article, root).map_err(|e| match text
        .text()
    {
        Some(text) => crate::domain::paths::at_value(e, sheet_path, &text),
        None => e,
    })
}

/// The sheet at `path`, through the cache when there is one, and its text. With no cache, a big
/// sheet is read from its file in parts, its text never whole in memory
/// ([`sheet::read_streamed`]); with one, a big sheet whose stamp stands for
/// its entry is not read at all ([`from_stamp`]); anything else is read
/// whole.
fn load_sheet(path: &Path, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<(Sheet, DiskText)> {
    if let Some(read) = streamed(path, progress).or_else(|| from_stamp(path)) {
        return Ok(read);
    }
    let before = Stamped::of_path(path);
    let (text, file) = read_sheet_file(path)?;
    // The stamp is the text's only when it is that of the file read.
    let after = Stamped::of_file(&file);
    let stamped = before.filter(|b| after.is_some_and(|a| a.stamp() == b.stamp()));
    let sheet = crate::domain::cache::parse_stamped(path, &text, stamped, progress)?;
    Ok((sheet, DiskText::read(text, file)))
}

/// A big sheet loaded from its cache entry, when the stamp of its file
/// stands for the text the entry was made of: the file is kept open, with
/// the length and SHA-256 of its text from the entry, and never read.
fn from_stamp(path: &Path) -> Option<(Sheet, DiskText)> {
    let cache = crate::domain::cache::Cache::from_env()?;
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || !DiskText::keeps_file(usize::try_from(meta.len()).ok()?) {
        return None;
    }
    let file = fs::File::open(path).ok()?;
    let hit = cache.by_stamp(path, &Stamped::of_file(&file)?)?;
    Some((
        hit.sheet,
        DiskText::open(file, hit.len, hit.sha256, hit.crlf),
    ))
}

fn streamed(path: &Path, progress: &(dyn Fn(usize, usize) + Sync)) -> Option<(Sheet, DiskText)> {
    if crate::domain::cache::Cache::from_env().is_some() {
        return None;
    }
    let meta = fs::metadata(path).ok()?;
    let len = usize::try_from(meta.len()).ok()?;
    if !meta.is_file() || !DiskText::keeps_file(len) || meta.len() > sheet::MAX_SHEET_BYTES {
        return None;
    }
    let file = fs::File::open(path).ok()?;
    let read = sheet::read_streamed(path, &file, len, sheet::PART_BYTES, progress)?;
    let text = DiskText::open(file, read.len, read.sha256, read.crlf);
    Some((read.sheet, text))
}

impl Doc {
    /// Open an article or a sheet (either path works) whose sheet exists.
    /// The sheet's article must lie in the sheet's folder.
    pub fn open(path: &Path) -> Result<Doc> {
        Doc::open_in(path, None)
    }

    /// Open an article or a sheet as part of the workspace at `root`: the
    /// sheet's article may lie anywhere inside it.
    pub fn open_in(path: &Path, root: Option<&Path>) -> Result<Doc> {
        Doc::open_with_progress(path, root, &|_, _| {})
    }

    /// [`Doc::open_in`], telling `progress(bytes parsed, bytes in all)` as
    /// the sheet is parsed (nothing when it comes from the cache).
    pub fn open_with_progress(
        path: &Path,
        root: Option<&Path>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Doc> {
        if is_sheet_path(path) {
            // Parse once without the article to learn which article it is;
            // a big text is let go before the article is read.
            let (probe, text) = load_sheet(path, progress)?;
            let article_path = article_path_of(path, &text, &probe, root)?;
            let article = Article::load(&article_path)?;
            let sheet = checked(path, &text, probe, &article)?;
            return Ok(Doc::from_disk(article, sheet, path.to_path_buf(), text));
        }
        let article = Article::load(path)?;
        let sheet_path = sheet_path_for(path);
        if !sheet_path.exists() {
            return Err(Error::sheet(
                &sheet_path,
                format!(
                    "does not exist; create it with `claimdesk init {}`",
                    path.display()
                ),
            ));
        }
        let (probe, text) = load_sheet(&sheet_path, progress)?;
        // The article given is the one opened, but a sheet that names a
        // file outside is refused all the same, whichever way it is opened.
        article_path_of(&sheet_path, &text, &probe, root)?;
        let sheet = checked(&sheet_path, &text, probe, &article)?;
        Ok(Doc::from_disk(article, sheet, sheet_path, text))
    }

    /// A new sheet for an article, not yet saved. `claims` become its claims
    /// (ids are assigned in article order when they are empty).
    pub fn create(article_path: &Path, claims: Vec<Claim>) -> Result<Doc> {
        let article = Article::load(article_path)?;
        Ok(Doc::new_for(article, claims))
    }

    /// A new, unsaved sheet for an already loaded article.
    pub fn new_for(article: Article, claims: Vec<Claim>) -> Doc {
        let sheet_path = sheet_path_for(&article.path);
        let mut sheet = Sheet::new(article.file_name(), article.sha256.clone());
        sheet.claims = claims;
        sheet.sort();
        for (i, c) in sheet.claims.iter_mut().enumerate() {
            if c.id.is_empty() {
                c.id = format!("C{}", i + 1);
            }
        }
        Doc {
            article,
            sheet,
            sheet_path,
            disk_text: None,
            base: None,
            layout: None,
            disk_stamp: std::cell::Cell::new(None),
            merged: None,
            offered: Default::default(),
        }
    }

    fn from_disk(article: Article, sheet: Sheet, sheet_path: PathBuf, text: DiskText) -> Doc {
        Doc {
            article,
            base: Some(Base::of(&sheet)),
            sheet,
            sheet_path,
            disk_text: Some(text),
            layout: None,
            disk_stamp: std::cell::Cell::new(None),
            merged: None,
            offered: Default::default(),
        }
    }

    /// Whether the sheet is on disk (saved at least once or loaded).
    pub fn on_disk(&self) -> bool {
        self.disk_text.is_some()
    }

    /// True when the article's bytes no longer match the hash in the sheet.
    pub fn article_changed(&self) -> bool {
        self.article.sha256 != self.sheet.sha256
    }

    /// True when the sheet in memory differs from the sheet on disk as last
    /// read or written.
    pub fn is_dirty(&self) -> bool {
        !self.base.as_ref().is_some_and(|b| b.is(&self.sheet))
    }

    /// The sheet last read or written (None: not on disk yet), read again
    /// from its text: the base of a merge.
    pub(super) fn base_sheet(&self) -> Result<Option<Sheet>> {
        let Some(disk) = &self.disk_text else {
            return Ok(None);
        };
        match disk.text() {
            Some(text) => sheet::parse(&self.sheet_path, &text, None).map(Some),
            None => Err(rewritten(&self.sheet_path)),
        }
    }

    /// Has the file on disk changed since we last read or wrote it?
    pub fn changed_on_disk(&self) -> Result<bool> {
        let Some(expected) = &self.disk_text else {
            return Ok(self.sheet_path.exists());
        };
        // Stat first: a change after this shows in the next stamp.
        let now = FileStamp::of(&self.sheet_path);
        if now.is_some() && now == self.disk_stamp.get() {
            return Ok(false);
        }
        match fs::read(&self.sheet_path) {
            Ok(bytes) => {
                let changed = !expected.is(&bytes);
                if !changed {
                    self.disk_stamp.set(now);
                }
                Ok(changed)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
            Err(e) => Err(Error::io(&self.sheet_path, "cannot read the sheet", e)),
        }
    }

    /// The text a save would write now.
    pub fn render(&self) -> String {
        if let Some(layout) = &self.layout {
            return self.render_with(layout).0;
        }
        match self.layout_on_disk() {
            Some(layout) => self.render_with(&layout).0,
            None => sheet::render(&self.sheet),
        }
    }

    /// The layout of the text on disk, worked out now (None: it has none,
    /// or there is no text on disk).
    fn layout_on_disk(&self) -> Option<sheet::Layout> {
        let (text, base) = (self.disk_text.as_ref()?.text()?, self.base.as_ref()?);
        let (claims, deleted) = base.counts();
        sheet::Layout::of_counts(&text, claims, deleted)
    }

    /// The sheet spliced into the text on disk, whose layout is `layout`.
    fn render_with(&self, layout: &sheet::Layout) -> (String, sheet::Layout) {
        let text = self.disk_text.as_ref().and_then(DiskText::text);
        let (Some(text), Some(base)) = (text, &self.base) else {
            return sheet::render_spliced(&self.sheet, None);
        };
        let text = &*text;
        let held = base.held();
        let previous = sheet::Previous {
            text,
            layout,
            header: base.header(),
            same_claim: &|c| held.claim(c),
            same_tombstone: &|t| held.tombstone(t),
        };
        sheet::render_over(&self.sheet, Some(previous))
    }

    /// The text a save writes, and its layout, reusing (and, the first time,
    /// working out) the layout of the text on disk.
    pub(super) fn render_for_save(&mut self) -> (String, sheet::Layout) {
        if self.layout.is_none() {
            self.layout = self.layout_on_disk();
        }
        match &self.layout {
            Some(layout) => self.render_with(layout),
            None => sheet::render_spliced(&self.sheet, None),
        }
    }

    /// Read the sheet again from disk ("take theirs"), dropping what is in memory.
    pub fn reload(&mut self) -> Result<()> {
        let (text, file) = read_sheet_file(&self.sheet_path)?;
        let probe = crate::domain::cache::parse(&self.sheet_path, &text)?;
        let text = DiskText::read(text, file);
        let sheet = checked(&self.sheet_path, &text, probe, &self.article)?;
        self.base = Some(Base::of(&sheet));
        self.sheet = sheet;
        self.disk_text = Some(text);
        self.layout = None;
        self.disk_stamp.set(None);
        Ok(())
    }
}
