//! The article: a UTF-8 text file, normalised (BOM stripped, CRLF read as LF).
//!
//! Every offset in claimdesk is a Unicode code-point (scalar value) offset into
//! [`Article::text`], so Python and JSON consumers agree with it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::error::{Error, Result};

/// Articles larger than this are refused: 50 MiB.
pub const MAX_ARTICLE_BYTES: u64 = 50 * 1024 * 1024;

/// Byte offset of every `STRIDE`-th code point, so code-point offsets convert
/// to byte offsets in O(STRIDE) time with 1/STRIDE of the memory of a full table.
const STRIDE: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Where the article was read from.
    pub path: PathBuf,
    /// The normalised text.
    pub text: String,
    /// Lower-case hex SHA-256 of the file's bytes as they are on disk
    /// (what `sha256sum` prints).
    pub sha256: String,
    /// Title: the first heading or first non-empty line.
    pub title: String,
    checkpoints: Vec<usize>,
    chars: usize,
}

impl Article {
    /// Read and normalise an article file, with clear errors for everything
    /// that is not a readable UTF-8 text file of sensible size.
    pub fn load(path: &Path) -> Result<Article> {
        super::filenames::require_utf8(path)?;
        let meta = fs::metadata(path).map_err(|e| Error::io(path, "cannot open the article", e))?;
        if meta.is_dir() {
            return Err(Error::article(path, "is a directory, not an article file"));
        }
        if !meta.is_file() {
            return Err(Error::article(
                path,
                "is not a regular file (a device, FIFO or socket); give the path of a .txt or .md file",
            ));
        }
        if meta.len() > MAX_ARTICLE_BYTES {
            return Err(Error::article(
                path,
                format!(
                    "is {} bytes, over the {} byte (50 MiB) limit for an article",
                    meta.len(),
                    MAX_ARTICLE_BYTES
                ),
            ));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        fs::File::open(path)
            .and_then(|f| f.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io(path, "cannot read the article", e))?;
        if bytes.len() as u64 > MAX_ARTICLE_BYTES {
            return Err(Error::article(
                path,
                "grew past the 50 MiB limit while being read",
            ));
        }
        let raw = checked_text(path, &bytes)?;
        if raw.starts_with('\u{feff}') || raw.contains('\r') {
            return Article::from_bytes(path, &bytes);
        }
        // Already normal: the bytes read become the text, not a copy of it.
        let sha256 = sha256_hex(&bytes);
        let text = String::from_utf8(bytes).map_err(|e| Error::article(path, e.to_string()))?;
        Article::from_normal(path, text, sha256)
    }

    /// Build an article from raw file bytes (the checks of [`Article::load`]
    /// except those on the file itself).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Article> {
        let raw = checked_text(path, bytes)?;
        Article::from_normal(path, normalise(raw), sha256_hex(bytes))
    }

    /// An article of normalised `text`, refused when it holds only white space.
    fn from_normal(path: &Path, text: String, sha256: String) -> Result<Article> {
        if text.trim().is_empty() {
            return Err(Error::article(path, "has no text (only white space)"));
        }
        Ok(Article::from_parts(path.to_path_buf(), text, sha256))
    }

    /// An article from already-normalised text (tests, benchmarks, generated data).
    pub fn from_text(path: impl Into<PathBuf>, text: &str) -> Article {
        let text = normalise(text);
        let sha256 = sha256_hex(text.as_bytes());
        Article::from_parts(path.into(), text, sha256)
    }

    fn from_parts(path: PathBuf, text: String, sha256: String) -> Article {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % STRIDE == 0 {
                checkpoints.push(byte);
            }
            chars = i + 1;
        }
        let title = derive_title(&text);
        Article {
            path,
            text,
            sha256,
            title,
            checkpoints,
            chars,
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Byte offset of code-point offset `cp` (`cp == char_len()` gives the end).
    pub fn byte_of(&self, cp: usize) -> Option<usize> {
        if cp > self.chars {
            return None;
        }
        if cp == self.chars {
            return Some(self.text.len());
        }
        let base = *self.checkpoints.get(cp / STRIDE)?;
        self.text[base..]
            .char_indices()
            .nth(cp % STRIDE)
            .map(|(b, _)| base + b)
    }

    /// Code-point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_of(&self, byte: usize) -> Option<usize> {
        if byte > self.text.len() || !self.text.is_char_boundary(byte) {
            return None;
        }
        let slot = match self.checkpoints.binary_search(&byte) {
            Ok(i) => return Some(i * STRIDE),
            Err(i) => i.checked_sub(1)?,
        };
        let base = self.checkpoints[slot];
        Some(slot * STRIDE + self.text[base..byte].chars().count())
    }

    /// The text between two code-point offsets, or `None` when out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end {
            return None;
        }
        let s = self.byte_of(start)?;
        let e = self.byte_of(end)?;
        Some(&self.text[s..e])
    }

    /// Paragraphs as code-point ranges. When the text separates paragraphs
    /// by blank lines (Markdown, wrapped text), each block is a paragraph
    /// (its single newlines are soft wraps), except lines of their own
    /// (headings, list items, email headers, titles); otherwise (one
    /// paragraph a line, as most news feeds give it) each non-empty line is.
    /// The same blocks the extractor reads ([`super::extract::segment::blocks`]).
    pub fn paragraphs(&self) -> Vec<(usize, usize)> {
        let chars: Vec<char> = self.reading().chars().collect();
        super::extract::segment::blocks(&chars)
    }

    /// The text as it reads: for Markdown, markup blanked out (see
    /// [`super::markdown`]); every offset the same as in [`Article::text`].
    pub fn reading(&self) -> std::borrow::Cow<'_, str> {
        if super::markdown::is_markdown(&self.path) {
            std::borrow::Cow::Owned(super::markdown::reading(&self.text))
        } else {
            std::borrow::Cow::Borrowed(&self.text)
        }
    }

    /// Paragraph number and line number (both 1-based) of a code-point offset.
    pub fn position_of(&self, cp: usize) -> (usize, usize) {
        let byte = self.byte_of(cp.min(self.chars)).unwrap_or(self.text.len());
        let line = self.text[..byte].matches('\n').count() + 1;
        let paras = self.paragraphs();
        let para = paras.iter().take_while(|(s, _)| *s <= cp).count();
        (para.max(1), line)
    }

    /// The file name, for messages and headers.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

/// The text of an article file's bytes, refused when empty, binary or not
/// UTF-8.
fn checked_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.is_empty() {
        return Err(Error::article(path, "is empty"));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::article(
            path,
            format!("looks like a binary file (NUL byte at byte {pos}), not a text article"),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        Error::article(
            path,
            format!(
                "is not valid UTF-8: invalid byte sequence at byte {} (line {}); save it as UTF-8",
                e.valid_up_to(),
                bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1
            ),
        )
    })
}

/// Strip a BOM and read CRLF (and lone CR) as LF.
pub fn normalise(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if !raw.contains('\r') {
        return raw.to_owned();
    }
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The first Markdown heading if the article starts with one, else the first
/// non-empty line, cut to 100 characters at a word boundary.
fn derive_title(text: &str) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first = first.trim_start_matches('#').trim();
    let heading = text
        .lines()
        .take(20)
        .map(str::trim)
        .find_map(|l| l.strip_prefix("# ").map(str::trim));
    let title = heading.unwrap_or(first);
    const MAX: usize = 100;
    if title.chars().count() <= MAX {
        return title.to_owned();
    }
    let cut: String = title.chars().take(MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_bom_and_crlf() {
        let a = Article::from_bytes(Path::new("a.txt"), "\u{feff}One\r\nTwo\rThree".as_bytes())
            .unwrap();
        assert_eq!(a.text, "One\nTwo\nThree");
        assert_eq!(a.char_len(), 13);
    }

    #[test]
    fn offsets_are_code_points() {
        let text = format!("{}é“x”{}", "a".repeat(130), "b".repeat(70));
        let a = Article::from_text("a.txt", &text);
        assert_eq!(a.slice(130, 133), Some("é“x"));
        for cp in 0..=a.char_len() {
            let b = a.byte_of(cp).unwrap();
            assert_eq!(a.char_of(b), Some(cp));
        }
        assert_eq!(a.byte_of(a.char_len() + 1), None);
        assert_eq!(a.slice(5, 4), None);
    }

    #[test]
    fn rejects_bad_bytes_with_positions() {
        let e = Article::from_bytes(Path::new("x.txt"), b"ok\nok\xff").unwrap_err();
        assert!(
            e.to_string()
                .contains("invalid byte sequence at byte 5 (line 2)"),
            "{e}"
        );
        let e = Article::from_bytes(Path::new("x.txt"), b"ab\0cd").unwrap_err();
        assert!(e.to_string().contains("NUL byte at byte 2"), "{e}");
        let e = Article::from_bytes(Path::new("x.txt"), b"").unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        let e = Article::from_bytes(Path::new("x.txt"), b" \n\n ").unwrap_err();
        assert!(e.to_string().contains("only white space"), "{e}");
    }

    #[test]
    fn title_from_heading_or_first_line() {
        assert_eq!(
            Article::from_text("a.md", "\n# Big news\n\nBody").title,
            "Big news"
        );
        assert_eq!(
            Article::from_text("a.txt", "First line\nSecond").title,
            "First line"
        );
        let long = Article::from_text("a.txt", &"word ".repeat(40));
        assert!(long.title.ends_with('…') && long.title.chars().count() <= 101);
    }

    #[test]
    fn positions_count_paragraphs_and_lines() {
        let a = Article::from_text("a.txt", "P one\n\nP two\nstill two\n\nP three");
        assert_eq!(a.paragraphs(), vec![(0, 5), (7, 22), (24, 31)]);
        assert_eq!(a.position_of(0), (1, 1));
        let two = a.text.find("still").unwrap();
        assert_eq!(a.position_of(a.char_of(two).unwrap()), (2, 4));
        let three = a.text.find("P three").unwrap();
        assert_eq!(a.position_of(three), (3, 6));
        // One paragraph a line when no blank lines separate them.
        let b = Article::from_text("b.txt", "First.\nSecond.\nThird.");
        assert_eq!(b.paragraphs().len(), 3);
        assert_eq!(b.position_of(8), (2, 2));
    }
}
