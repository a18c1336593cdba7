//! Bringing an article in: a source (web address, saved page, PDF, text
//! file or standard input) read into a [`Page`], then written as
//! `FOLDER/NAME.txt` with its sheet `FOLDER/NAME.claims.toml` carrying the
//! page's metadata. Never overwrites: names are made unique, and files are
//! created with a no-clobber rename. Shared by `claimdesk add` and the
//! TUI's worker.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::fetch::{self, Kind, Limits};
use super::reader::{self, Page};
use super::{Article, Doc, sheet, store};

/// The name of the threads that read sources. The readers run third-party
/// parsers on untrusted input and turn their panics into errors; panic
/// hooks stay quiet for threads of this name (the error says it).
pub const READER_THREAD: &str = "claimdesk-reader";

/// Whether the current thread is a reader (see [`READER_THREAD`]).
pub fn on_reader_thread() -> bool {
    std::thread::current().name() == Some(READER_THREAD)
}

/// Where an article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Url(String),
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Source {
    /// `http(s)://…` is an address, `-` standard input, anything else a file.
    pub fn parse(s: &str) -> Source {
        let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            Source::Url(s.to_owned())
        } else if s == "-" {
            Source::Stdin
        } else {
            Source::File(PathBuf::from(s))
        }
    }

    /// How the source is named in messages.
    pub fn label(&self) -> String {
        match self {
            Source::Url(u) => u.clone(),
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_owned(),
        }
    }
}

/// A source read: the page and, for an address, where it was fetched from.
#[derive(Debug, Clone)]
pub struct Read {
    pub page: Page,
    pub source_url: Option<String>,
    pub fetched_at: Option<String>,
}

/// Read a source. `stdin` supplies standard input's bytes when needed.
/// Errors are one line (without the source's name).
pub fn read_source(
    source: &Source,
    limits: &Limits,
    stdin: &mut dyn FnMut() -> std::io::Result<Vec<u8>>,
) -> Result<Read, String> {
    match source {
        Source::Url(url) => {
            let got = fetch::fetch(url, limits).map_err(|e| e.to_string())?;
            let fetched_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let page = read_bytes(&got.bytes, got.kind, got.charset.as_deref(), Some(&got.url))?;
            Ok(Read {
                page,
                source_url: Some(got.url),
                fetched_at: Some(fetched_at),
            })
        }
        Source::File(path) => {
            let bytes = read_file(path, limits.max_bytes)?;
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let kind = match ext.as_deref() {
                Some("html" | "htm" | "xhtml") => Kind::Html,
                Some("pdf") => Kind::Pdf,
                Some("txt" | "md" | "text" | "markdown") => Kind::Text,
                _ => fetch::sniff(&bytes),
            };
            let page = read_bytes(&bytes, kind, None, None)?;
            Ok(plain(page))
        }
        Source::Stdin => {
            let bytes = stdin().map_err(|e| format!("cannot read standard input: {e}"))?;
            let page = read_bytes(&bytes, fetch::sniff(&bytes), None, None)?;
            Ok(plain(page))
        }
    }
}

fn plain(page: Page) -> Read {
    Read {
        page,
        source_url: None,
        fetched_at: None,
    }
}

fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| io_message(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".to_owned());
    }
    if meta.len() > max {
        return Err(format!("too large (over {} MB)", max / (1024 * 1024)));
    }
    fs::read(path).map_err(|e| io_message(&e))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Bytes of a known kind into a page.
pub fn read_bytes(
    bytes: &[u8],
    kind: Kind,
    charset: Option<&str>,
    url: Option<&str>,
) -> Result<Page, String> {
    let page = match kind {
        Kind::Pdf => reader::read_pdf(bytes),
        Kind::Html => reader::read_html(&reader::decode(bytes, charset), url),
        Kind::Text => reader::read_text(&reader::decode(bytes, charset)),
    };
    page.map_err(|e| e.to_string())
}

/// How [`write`] names and fills the new files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The folder the article goes in.
    pub folder: PathBuf,
    /// The file name (without `.txt`); default: a slug of the title.
    pub name: Option<String>,
    /// Add even when the same address or text was added before.
    pub force: bool,
    /// Start the sheet with the extractor's review queue.
    pub extract: bool,
}

/// What [`write`] created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub path: PathBuf,
    pub sheet: PathBuf,
    pub claims: usize,
}

/// Why [`write`] did not add an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// The same address or text is already in the folder.
    #[error("already added as {} (use --force to add it again)", .0.display())]
    Duplicate(PathBuf),
    #[error("{0}")]
    Failed(String),
}

/// Write the article and its sheet into `opts.folder`.
pub fn write(read: &Read, opts: &Options) -> Result<Added, WriteError> {
    let text = read.page.text();
    if !opts.force
        && let Some(existing) = already_added(&opts.folder, read.source_url.as_deref(), &text)
    {
        return Err(WriteError::Duplicate(existing));
    }
    let base = match &opts.name {
        Some(n) => valid_name(n)?,
        None => Some(reader::slug(read.page.title.as_deref().unwrap_or("")))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "article".to_owned()),
    };
    let path = create_article(&opts.folder, &base, opts.name.is_some(), &text)?;
    let fail = |e: super::Error| WriteError::Failed(e.to_string());
    let article = Article::load(&path).map_err(fail)?;
    let claims = if opts.extract {
        super::extract::queue(&article)
    } else {
        Vec::new()
    };
    let mut doc = Doc::new_for(article, claims);
    let p = &read.page;
    let s = &mut doc.sheet;
    s.title = p.title.clone();
    s.source_url = read.source_url.clone();
    s.published = p.published.clone();
    s.byline = p.byline.clone();
    s.site = p.site.clone();
    s.fetched_at = read.fetched_at.clone();
    s.language = p.language.clone();
    let rendered = sheet::render(&doc.sheet);
    write_new(&doc.sheet_path, rendered.as_bytes())
        .map_err(|e| WriteError::Failed(format!("{}: {e}", doc.sheet_path.display())))?;
    Ok(Added {
        path,
        sheet: doc.sheet_path.clone(),
        claims: doc.sheet.claims.len(),
    })
}

/// A `--name` must be a plain file name.
fn valid_name(name: &str) -> Result<String, WriteError> {
    let name = name.strip_suffix(".txt").unwrap_or(name);
    let bad = name.is_empty()
        || name.starts_with('.')
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control);
    if bad {
        return Err(WriteError::Failed(format!(
            "{name:?}: not a plain file name"
        )));
    }
    Ok(name.to_owned())
}

/// Create `FOLDER/BASE.txt` (or `BASE-2.txt`, … unless `exact`) without
/// replacing anything, and without taking a name whose sheet exists.
fn create_article(
    folder: &Path,
    base: &str,
    exact: bool,
    text: &str,
) -> Result<PathBuf, WriteError> {
    for n in 1..10_000 {
        let name = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        let path = folder.join(format!("{name}.txt"));
        let taken = [".txt", ".md", sheet::SHEET_SUFFIX]
            .iter()
            .any(|ext| folder.join(format!("{name}{ext}")).exists());
        if !taken {
            match write_new(&path, text.as_bytes()) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(WriteError::Failed(format!("{}: {e}", path.display()))),
            }
        }
        if exact {
            return Err(WriteError::Failed(format!(
                "{}: already exists; not overwritten",
                path.display()
            )));
        }
    }
    Err(WriteError::Failed(format!("{base}: no free name")))
}

/// Create `path` with `bytes`: a temporary file beside it, fsync, a rename
/// that fails when `path` exists, fsync the folder.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".claimdesk-add.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    store::sync_dir(dir)
}

/// The article in `folder` already added from `url`, or with this text.
fn already_added(folder: &Path, url: Option<&str>, text: &str) -> Option<PathBuf> {
    let sha = super::article::sha256_hex(text.as_bytes());
    for sheet_path in super::workspace::sheets_in(folder).ok()? {
        let Ok(content) = fs::read_to_string(&sheet_path) else {
            continue;
        };
        let Ok(s) = sheet::parse(&sheet_path, &content, None) else {
            continue;
        };
        let same_url = url.is_some() && s.source_url.as_deref() == url;
        if same_url || s.sha256 == sha {
            let dir = sheet_path.parent().unwrap_or(folder);
            return Some(dir.join(&s.article));
        }
    }
    None
}
