//! The reader: what comes in from outside (a web page, a PDF, pasted
//! text) made into an article — clean text with the headline first and
//! paragraphs separated by a blank line — and the metadata learned on the
//! way (title, byline, date, site, language). Pure: bytes in, text out;
//! fetching is [`super::fetch`]'s job.

mod clean;
mod decode;
mod html;
mod meta;
mod pdf;
mod slug;

pub use clean::{article_text, clean_paragraphs};
pub use decode::decode;
pub use html::read_html;
pub use pdf::read_pdf;
pub use slug::slug;

/// What the reader makes of a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The headline, if one was found.
    pub title: Option<String>,
    /// The authors, as the page names them ("Jane Doe, John Roe").
    pub byline: Option<String>,
    /// Publication date, `YYYY-MM-DD` or an RFC 3339 date-time with offset.
    pub published: Option<String>,
    /// The publisher's name.
    pub site: Option<String>,
    /// The page's language tag (`en`, `en-GB`).
    pub language: Option<String>,
    /// The body's paragraphs, cleaned, without the headline.
    pub paragraphs: Vec<String>,
}

impl Page {
    /// The article file's text: the headline, then the paragraphs, each
    /// separated by a blank line, ending in a newline.
    pub fn text(&self) -> String {
        article_text(self.title.as_deref(), &self.paragraphs)
    }
}

/// Why a source gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Nothing that reads as an article: a home page, a login or cookie wall.
    #[error("no readable body (not an article: a home page, a login or cookie wall?)")]
    NoReadableBody,
    /// A PDF whose pages hold no text (a scan).
    #[error("no text layer (a scanned PDF? run it through OCR first)")]
    NoTextLayer,
    /// A PDF that cannot be read.
    #[error("not a readable PDF: {0}")]
    BadPdf(String),
    /// The parser failed on this input.
    #[error("the reader failed on this page")]
    Failed,
    /// A page too big for the reader.
    #[error("the page is too complex to read ({0})")]
    TooComplex(String),
}

/// A body shorter than this (characters, as Readability counts its
/// minimum content length) is not an article.
pub const MIN_BODY_CHARS: usize = 140;

/// Whether paragraphs are too short to be an article.
pub fn too_short(paragraphs: &[String]) -> bool {
    paragraphs
        .iter()
        .map(|p| p.chars().count() + 1)
        .sum::<usize>()
        < MIN_BODY_CHARS
}

/// Pasted or plain text (`.txt`, `.md`, standard input): the first line is
/// the headline when it is short and followed by more text.
pub fn read_text(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    let mut title = None;
    if blocks.len() > 1 && !blocks[0].contains('\n') && blocks[0].chars().count() <= 200 {
        let heading = clean::normalise(blocks[0].trim_start_matches('#'));
        if !heading.is_empty() {
            title = Some(heading);
        }
        blocks.remove(0);
    }
    let joined: Vec<String> = blocks
        .iter()
        .map(|b| b.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .collect();
    let paragraphs = clean_paragraphs(joined.iter().map(String::as_str));
    if paragraphs.is_empty() {
        return Err(ReadError::NoReadableBody);
    }
    Ok(Page {
        title,
        paragraphs,
        ..Page::default()
    })
}

/// Number of words in the paragraphs.
pub fn word_count(paragraphs: &[String]) -> usize {
    paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum()
}

#[cfg(test)]
mod tests;
