//! PDFs: the text layer (`pdf-extract`), re-joined into paragraphs: lines
//! broken by the layout are joined, words hyphenated across a line break
//! are mended, blank lines and indents end paragraphs. A PDF without text
//! (a scan) is an error, never an empty article.

use super::clean::{clean_paragraphs, normalise};
use super::{Page, ReadError, word_count};

/// Read a PDF's text into an article. The first short line is the title.
pub fn read_pdf(bytes: &[u8]) -> Result<Page, ReadError> {
    // The PDF parser is third-party code fed untrusted input: a panic in
    // it must become an error, not take the program down.
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| ReadError::BadPdf("the PDF parser failed".into()))?
        .map_err(|e| ReadError::BadPdf(e.to_string()))?;
    if text.split_whitespace().next().is_none() {
        return Err(ReadError::NoTextLayer);
    }
    let mut blocks = rejoin(&text);
    let title = if blocks.len() > 1 && blocks[0].chars().count() <= 200 {
        Some(normalise(&blocks.remove(0)))
    } else {
        None
    };
    let paragraphs = clean_paragraphs(blocks.iter().map(String::as_str));
    if word_count(&paragraphs) == 0 {
        return Err(ReadError::NoTextLayer);
    }
    Ok(Page {
        title,
        paragraphs,
        ..Page::default()
    })
}

/// Lines into paragraphs: a blank line ends one; so does a line that ends a
/// sentence and is clearly shorter than the lines around it. A line ending
/// in a hyphen after a letter continues the word on the next line.
pub fn rejoin(text: &str) -> Vec<String> {
    let text = text.replace('\u{c}', "\n\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let width = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut current = String::new();
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut out, &mut current);
            continue;
        }
        if current.ends_with('-')
            && current[..current.len() - 1].ends_with(|c: char| c.is_alphabetic())
            && trimmed.starts_with(|c: char| c.is_lowercase())
        {
            current.pop();
        } else if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(trimmed);
        let short = trimmed.chars().count() * 3 < width * 2;
        if short && trimmed.ends_with(['.', '!', '?', '"', '”', ':']) {
            flush(&mut out, &mut current);
        }
    }
    flush(&mut out, &mut current);
    out
}

fn flush(out: &mut Vec<String>, current: &mut String) {
    let p = normalise(current);
    if !p.is_empty() {
        out.push(p);
    }
    current.clear();
}
