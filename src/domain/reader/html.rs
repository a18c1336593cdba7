//! Web pages: Mozilla's Readability (the `dom_smoothie` port) finds the
//! article; on top of it, captions, asides and share widgets are taken out
//! of the body, and the metadata is completed from JSON-LD, Open Graph and
//! `<meta>` tags (see [`super::meta`]).

use dom_query::Document;
use dom_smoothie::{Config, Readability, ReadabilityError};

use super::clean::clean_paragraphs;
use super::{Page, ReadError, meta, too_short, word_count};

/// Inside the article Readability found: what is not article text.
const FURNITURE: &str = "figcaption, figure, aside, nav, button, form, \
    script, style, noscript, iframe, svg, video, audio, \
    [aria-hidden=true], [role=complementary], \
    .caption, .credit, .share, .social, .related, .newsletter, .ad, .advert";

/// More elements than this: refuse the page rather than take seconds.
const MAX_ELEMENTS: usize = 200_000;

/// Read a web page. `url` (absolute, when known) resolves relative links.
/// A panic in the parser (third-party code fed untrusted input) is an
/// error, not the end of the program.
pub fn read_html(html: &str, url: Option<&str>) -> Result<Page, ReadError> {
    std::panic::catch_unwind(|| read(html, url)).unwrap_or(Err(ReadError::Failed))
}

fn read(html: &str, url: Option<&str>) -> Result<Page, ReadError> {
    let cfg = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut readability = match Readability::new(html, url, Some(cfg.clone())) {
        Ok(r) => r,
        // A URL the port cannot use is no reason to refuse the page.
        Err(_) => Readability::new(html, None, Some(cfg)).map_err(map_err)?,
    };
    let extra = meta::Extra::of(&readability.doc);
    let article = readability.parse().map_err(map_err)?;
    let (mut paragraphs, link_share) = body_paragraphs(&article.content);
    if too_short(&paragraphs) || link_share > 0.5 || is_wall(&paragraphs) {
        return Err(ReadError::NoReadableBody);
    }
    let byline = extra.byline(article.byline.as_deref());
    if let Some(b) = &byline {
        drop_byline_lines(&mut paragraphs, b);
    }
    let title = Some(meta::normalise_title(&article.title)).filter(|t| !t.is_empty());
    let title = extra.title.clone().filter(|_| title.is_none()).or(title);
    Ok(Page {
        title,
        byline,
        published: extra.published(article.published_time.as_deref()),
        site: extra.site(article.site_name.as_deref()),
        language: extra.language(article.lang.as_deref()),
        paragraphs,
    })
}

fn map_err(e: ReadabilityError) -> ReadError {
    match e {
        ReadabilityError::GrabFailed => ReadError::NoReadableBody,
        ReadabilityError::TooManyElements(n, max) => {
            ReadError::TooComplex(format!("{n} elements, at most {max}"))
        }
        ReadabilityError::BadDocumentURL => ReadError::NoReadableBody,
    }
}

/// The article's HTML as clean paragraphs (furniture removed, each block,
/// list item or line break a paragraph), and the share of its text that is
/// link text (a list of links is a home page, not an article).
fn body_paragraphs(content: &str) -> (Vec<String>, f64) {
    let doc = Document::from(content);
    doc.select(FURNITURE).remove();
    let text = doc.root().formatted_text();
    let total = text.chars().filter(|c| !c.is_whitespace()).count();
    let links: usize = doc
        .select("a")
        .iter()
        .map(|a| a.text().chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let share = if total == 0 {
        1.0
    } else {
        links as f64 / total as f64
    };
    (clean_paragraphs(text.split('\n')), share)
}

/// The byline as a line of its own near the top ("By Jane Doe") is not
/// article text: it is in the sheet.
fn drop_byline_lines(paragraphs: &mut Vec<String>, byline: &str) {
    let byline = byline.to_lowercase();
    let mut i = 0;
    while i < paragraphs.len().min(4) {
        let p = paragraphs[i].to_lowercase();
        let p = p.strip_prefix("by ").unwrap_or(&p);
        if p.len() <= byline.len() + 40 && p.starts_with(&byline) {
            paragraphs.remove(i);
        } else {
            i += 1;
        }
    }
}

/// A short body that is mostly about cookies, consent or signing in: a
/// wall in front of the article, not the article.
fn is_wall(paragraphs: &[String]) -> bool {
    let words = word_count(paragraphs);
    if words > 250 {
        return false;
    }
    let text = paragraphs.join(" ").to_lowercase();
    const WALL: &[&str] = &[
        "cookie",
        "consent",
        "accept all",
        "subscribe to continue",
        "sign in to continue",
        "log in to continue",
        "subscribers only",
        "enable javascript",
    ];
    WALL.iter().filter(|w| text.contains(*w)).count() >= 2
}
