//! Screen geometry and article wrapping, shared by `update` (to clamp
//! scrolling) and the view (to draw), so both agree on every cell.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthChar;

use super::Focus;

/// Smallest usable screen.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, the article and the claims are side by side.
pub const WIDE: u16 = 100;
/// From this width (and [`STACKED_HEIGHT`]) up to [`WIDE`], the article
/// is above a short claims list; below it one pane shows at a time.
pub const STACKED: u16 = 80;
pub const STACKED_HEIGHT: u16 = 18;
/// The article's share of the screen (percent), by default and at the
/// ends of the range `<` and `>` move it in.
pub const SPLIT_DEFAULT: u16 = 55;
pub const SPLIT_MIN: u16 = 25;
pub const SPLIT_MAX: u16 = 75;
pub const SPLIT_STEP: u16 = 5;

/// Where each part of the screen goes. Pane rectangles include their
/// border; `*_inner` is the text area inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub too_small: bool,
    pub header: Rect,
    pub article: Option<Rect>,
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    /// The selected claim's id, speaker and verdict above the article,
    /// when the article is shown alone.
    pub claim_line: Option<Rect>,
    pub status: Rect,
}

pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

impl Areas {
    pub fn compute(size: Rect, focus: Focus) -> Areas {
        Areas::compute_split(size, focus, SPLIT_DEFAULT)
    }

    /// The areas with the article taking `split` percent of the width
    /// (side by side) or of the height (stacked).
    pub fn compute_split(size: Rect, focus: Focus, split: u16) -> Areas {
        let split = split.clamp(SPLIT_MIN, SPLIT_MAX);
        if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
            return Areas {
                too_small: true,
                ..Areas::default()
            };
        }
        let header = Rect::new(size.x, size.y, size.width, 1);
        let status = Rect::new(size.x, size.y + size.height - 1, size.width, 1);
        let main = Rect::new(size.x, size.y + 1, size.width, size.height - 2);
        let right_split = |r: Rect| -> (Rect, Rect) {
            // Detail gets a third, at least 6 rows, at most 12.
            let detail_h = (r.height / 3).clamp(6, 12).min(r.height.saturating_sub(5));
            let list_h = r.height - detail_h;
            (
                Rect::new(r.x, r.y, r.width, list_h),
                Rect::new(r.x, r.y + list_h, r.width, detail_h),
            )
        };
        if size.width >= WIDE {
            let article_w = size.width * split / 100;
            let article = Rect::new(main.x, main.y, article_w, main.height);
            let right = Rect::new(
                main.x + article_w,
                main.y,
                main.width - article_w,
                main.height,
            );
            let (list, detail) = right_split(right);
            Areas {
                too_small: false,
                header,
                article: Some(article),
                list: Some(list),
                detail: Some(detail),
                claim_line: None,
                status,
            }
        } else if size.width >= STACKED && size.height >= STACKED_HEIGHT {
            Areas::stacked(header, main, status, split)
        } else {
            match focus {
                Focus::Article => Areas {
                    too_small: false,
                    header,
                    article: Some(Rect::new(main.x, main.y + 1, main.width, main.height - 1)),
                    list: None,
                    detail: None,
                    claim_line: Some(Rect::new(main.x, main.y, main.width, 1)),
                    status,
                },
                Focus::List => {
                    let (list, detail) = right_split(main);
                    Areas {
                        too_small: false,
                        header,
                        article: None,
                        list: Some(list),
                        detail: Some(detail),
                        claim_line: None,
                        status,
                    }
                }
            }
        }
    }
}

impl Areas {
    /// The article above the claims list, the article `split` percent high.
    fn stacked(header: Rect, main: Rect, status: Rect, split: u16) -> Areas {
        let article_h = (main.height * split / 100).clamp(5, main.height - 5);
        Areas {
            too_small: false,
            header,
            article: Some(Rect::new(main.x, main.y, main.width, article_h)),
            list: Some(Rect::new(
                main.x,
                main.y + article_h,
                main.width,
                main.height - article_h,
            )),
            detail: None,
            claim_line: None,
            status,
        }
    }
}

/// A list pane narrower than this (inside its border) shows each claim
/// on two rows, so its speaker and text are not cut short.
pub const LIST_TWO_ROWS_BELOW: u16 = 50;

/// Rows each claim takes in the list pane `list` (border included).
pub fn list_row_height(list: Rect) -> usize {
    if inner(list).width < LIST_TWO_ROWS_BELOW {
        2
    } else {
        1
    }
}

/// The help overlay for `n` commands on a screen of `size`: its rows (in
/// one or two columns) and how many of them fit; the rest scroll.
pub fn help_rows(size: Rect, n: usize) -> (usize, usize) {
    let max_h = usize::from(size.height.saturating_sub(2))
        .saturating_sub(2)
        .max(1);
    let columns = if n <= max_h { 1 } else { 2 };
    let rows = n.div_ceil(columns);
    (rows, rows.min(max_h))
}

/// How many of `n` history entries the history popup shows at once.
pub fn history_rows(size: Rect, n: usize) -> usize {
    n.min(usize::from(size.height).saturating_sub(6).max(1))
}

/// One line of the wrapped article: code-point range (empty for the blank
/// line between paragraphs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrapLine {
    pub start: usize,
    pub end: usize,
}

/// The article wrapped to a width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wrapped {
    pub width: u16,
    pub lines: Vec<WrapLine>,
}

fn char_width(c: char) -> usize {
    if crate::domain::sanitize::is_unsafe(c) {
        1
    } else {
        c.width().unwrap_or(1)
    }
}

impl Wrapped {
    /// Wrap `text` (its paragraphs given as code-point ranges) to `width`
    /// columns: words move whole to the next line, a word longer than the
    /// line is broken, and paragraphs are separated by a blank line.
    pub fn new(text: &str, paragraphs: &[(usize, usize)], width: u16) -> Wrapped {
        let width = usize::from(width.max(1));
        let mut lines = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        for (pi, &(ps, pe)) in paragraphs.iter().enumerate() {
            if pi > 0 {
                lines.push(WrapLine { start: ps, end: ps });
            }
            let pe = pe.min(chars.len());
            let mut line_start = ps;
            let mut line_w = 0usize;
            let mut line_end = ps; // end of the last word placed
            let mut i = ps;
            while i < pe {
                // Skip spaces; a newline inside a paragraph is a space too.
                if chars[i] == ' ' || chars[i] == '\n' {
                    i += 1;
                    continue;
                }
                let ws = i;
                let mut ww = 0;
                while i < pe && chars[i] != ' ' && chars[i] != '\n' {
                    ww += char_width(chars[i]);
                    i += 1;
                }
                let we = i;
                let gap = if line_w == 0 { 0 } else { ws - line_end };
                if line_w > 0 && line_w + gap + ww > width {
                    lines.push(WrapLine {
                        start: line_start,
                        end: line_end,
                    });
                    line_w = 0;
                }
                if line_w == 0 {
                    // A word wider than the line: break it.
                    let mut s = ws;
                    let mut w = 0;
                    let mut j = ws;
                    while j < we {
                        let cw = char_width(chars[j]);
                        if w + cw > width && w > 0 {
                            lines.push(WrapLine { start: s, end: j });
                            s = j;
                            w = 0;
                        }
                        w += cw;
                        j += 1;
                    }
                    line_start = s;
                    line_w = w;
                } else {
                    line_w += gap + ww;
                }
                line_end = we;
            }
            if line_w > 0 || line_start == ps {
                lines.push(WrapLine {
                    start: line_start,
                    end: line_end.max(line_start),
                });
            }
        }
        Wrapped {
            width: width as u16,
            lines,
        }
    }

    /// The index of the line holding code point `cp`.
    pub fn line_of(&self, cp: usize) -> usize {
        let i = self.lines.partition_point(|l| l.start <= cp);
        let mut i = i.saturating_sub(1);
        // Prefer the line that really contains cp over a blank separator.
        while i > 0 && self.lines[i].start == self.lines[i].end && self.lines[i].start > cp {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_keeps_paragraphs() {
        let text = "one two three four\nfive six";
        let w = Wrapped::new(text, &[(0, 18), (19, 27)], 9);
        let got: Vec<&str> = w.lines.iter().map(|l| &text[l.start..l.end]).collect();
        assert_eq!(got, vec!["one two", "three", "four", "", "five six"]);
        assert_eq!(w.line_of(8), 1);
        assert_eq!(w.line_of(20), 4);
    }

    #[test]
    fn breaks_long_words_and_never_exceeds_width() {
        let text = "abcdefghijkl xy";
        let w = Wrapped::new(text, &[(0, 15)], 5);
        let got: Vec<&str> = w.lines.iter().map(|l| &text[l.start..l.end]).collect();
        assert_eq!(got, vec!["abcde", "fghij", "kl xy"]);
        let w = Wrapped::new(text, &[(0, 15)], 1);
        assert!(w.lines.iter().all(|l| l.end - l.start <= 1));
    }

    #[test]
    fn layouts_by_size() {
        assert!(Areas::compute(Rect::new(0, 0, 39, 20), Focus::List).too_small);
        assert!(Areas::compute(Rect::new(0, 0, 80, 9), Focus::List).too_small);
        let wide = Areas::compute(Rect::new(0, 0, 120, 40), Focus::List);
        assert!(wide.article.is_some() && wide.list.is_some() && wide.detail.is_some());
        let stacked = Areas::compute(Rect::new(0, 0, 80, 24), Focus::List);
        let (article, list) = (stacked.article.unwrap(), stacked.list.unwrap());
        assert!(article.bottom() == list.top() && article.width == 80 && list.height >= 5);
        assert!(stacked.detail.is_none() && stacked.claim_line.is_none());
        let narrow = Areas::compute(Rect::new(0, 0, 79, 24), Focus::List);
        assert!(narrow.article.is_none() && narrow.list.is_some());
        let narrow = Areas::compute(Rect::new(0, 0, 79, 24), Focus::Article);
        assert!(narrow.article.is_some() && narrow.list.is_none());
        assert_eq!(narrow.claim_line, Some(Rect::new(0, 1, 79, 1)));
        assert_eq!(narrow.article.unwrap().y, 2);
        let tiny = Areas::compute(Rect::new(0, 0, 40, 10), Focus::List);
        assert!(!tiny.too_small && tiny.list.unwrap().height >= 3);
    }
}
