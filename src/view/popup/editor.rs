//! The popups that hold text editors (ratatui-textarea): the note, a
//! source, and a claim's text and speaker. The editors' lines are user text,
//! so they are drawn by hand, sanitised.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

use crate::app::{Command, Keymap};
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::{centered, hints, popup_block};

/// A popup holding a text editor; returns where the cursor goes.
pub(super) fn editor_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    height: u16,
    editor: &TextArea<'static>,
    theme: &Theme,
) -> Option<ratatui::layout::Position> {
    let r = centered(area, area.width.saturating_sub(8).max(30), height);
    let buf = frame.buffer_mut();
    Clear.render(r, buf);
    let block = popup_block(title, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    // The editor's lines are user text: show them sanitised.
    let mut shown = TextAreaView::of(editor);
    shown.sanitize();
    shown.render(inner, buf, theme);
    shown.cursor(inner)
}

/// A plain rendering of a text editor's lines (sanitised) with its cursor;
/// drawn by hand so no unsanitised user text reaches the buffer.
struct TextAreaView {
    lines: Vec<String>,
    cursor: (usize, usize),
}

impl TextAreaView {
    fn of(editor: &TextArea<'static>) -> TextAreaView {
        TextAreaView {
            lines: editor.lines().to_vec(),
            cursor: {
                let c = editor.cursor();
                (c.0, c.1)
            },
        }
    }

    fn sanitize(&mut self) {
        for l in &mut self.lines {
            if let Cow::Owned(s) = sanitize::line(l) {
                *l = s;
            }
        }
    }

    /// The rows the lines take wrapped at words to `width` columns: (line,
    /// first char, end char); a word longer than the row is broken.
    fn rows(&self, width: usize) -> Vec<(usize, usize, usize)> {
        let width = width.max(1);
        let mut rows = Vec::new();
        for (n, l) in self.lines.iter().enumerate() {
            let chars: Vec<char> = l.chars().collect();
            let (mut start, mut col, mut brk) = (0, 0, None);
            for (i, &c) in chars.iter().enumerate() {
                let w = c.width().unwrap_or(0);
                if col + w > width && i > start {
                    let cut = brk.filter(|&b| b > start).unwrap_or(i);
                    rows.push((n, start, cut));
                    col = chars[cut..i].iter().map(|c| c.width().unwrap_or(0)).sum();
                    start = cut;
                    brk = None;
                }
                col += w;
                if c == ' ' {
                    brk = Some(i + 1);
                }
            }
            rows.push((n, start, chars.len()));
        }
        rows
    }

    /// The row holding the cursor and its column there.
    fn cursor_row(&self, rows: &[(usize, usize, usize)]) -> (usize, usize) {
        let (line, col) = self.cursor;
        let at = rows
            .iter()
            .rposition(|&(n, s, _)| n == line && s <= col)
            .unwrap_or(0);
        let start = rows.get(at).map_or(0, |r| r.1);
        let text = self.lines.get(line).map(String::as_str).unwrap_or("");
        let w = text
            .chars()
            .skip(start)
            .take(col.saturating_sub(start))
            .map(|c| c.width().unwrap_or(0))
            .sum();
        (at, w)
    }

    fn top(&self, rows: &[(usize, usize, usize)], height: usize) -> usize {
        self.cursor_row(rows)
            .0
            .saturating_sub(height.saturating_sub(1))
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let rows = self.rows(usize::from(area.width));
        let top = self.top(&rows, usize::from(area.height));
        for (y, &(n, start, end)) in rows
            .iter()
            .skip(top)
            .take(usize::from(area.height))
            .enumerate()
        {
            let s: String = self.lines[n]
                .chars()
                .skip(start)
                .take(end - start)
                .collect();
            buf.set_line(
                area.x,
                area.y + y as u16,
                &Line::styled(s, theme.base),
                area.width,
            );
        }
    }

    fn cursor(&self, area: Rect) -> Option<Position> {
        if area.width == 0 || area.height == 0 {
            return None;
        }
        let rows = self.rows(usize::from(area.width));
        let top = self.top(&rows, usize::from(area.height));
        let (row, col) = self.cursor_row(&rows);
        Some(Position::new(
            area.x + (col as u16).min(area.width - 1),
            area.y + (row - top) as u16,
        ))
    }
}

/// The editor of a claim's text (above) and speaker (below); Tab switches.
#[allow(clippy::too_many_arguments)]
pub(super) fn claim_popup(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    id: &str,
    text: &TextArea<'static>,
    speaker: &TextArea<'static>,
    on_speaker: bool,
    theme: &Theme,
) -> Option<Position> {
    let r = centered(area, area.width.saturating_sub(8).max(30), 12);
    let buf = frame.buffer_mut();
    Clear.render(r, buf);
    let title = format!(
        "Claim {} · {}",
        sanitize::line(id),
        hints(
            keys,
            &[
                (Command::NextField, "switches"),
                (Command::KeepEdit, "keeps"),
                (Command::Cancel, "cancels"),
            ]
        )
    );
    let block = popup_block(&title, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height < 4 {
        return None;
    }
    let label = |buf: &mut Buffer, y: u16, name: &str, active: bool| {
        let style = if active { theme.key } else { theme.dim };
        buf.set_line(
            inner.x,
            y,
            &Line::from(Span::styled(name.to_owned(), style)),
            inner.width,
        );
    };
    label(
        buf,
        inner.y,
        "text (a paraphrase keeps the anchor on the article's words)",
        !on_speaker,
    );
    let text_area = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 3);
    let speaker_y = inner.y + inner.height - 2;
    label(buf, speaker_y, "speaker (Enter keeps)", on_speaker);
    let speaker_area = Rect::new(inner.x, speaker_y + 1, inner.width, 1);
    let mut t = TextAreaView::of(text);
    t.sanitize();
    t.render(text_area, buf, theme);
    let mut s = TextAreaView::of(speaker);
    s.sanitize();
    s.render(speaker_area, buf, theme);
    if on_speaker {
        s.cursor(speaker_area)
    } else {
        t.cursor(text_area)
    }
}

/// The article's facts: a label and a one-line editor for each.
pub(super) fn meta_popup(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    fields: &[Box<TextArea<'static>>],
    on: usize,
    theme: &Theme,
) -> Option<Position> {
    let r = centered(
        area,
        area.width.saturating_sub(8).max(30),
        2 * fields.len() as u16 + 2,
    );
    let buf = frame.buffer_mut();
    Clear.render(r, buf);
    let title = format!(
        "The article · {}",
        hints(
            keys,
            &[
                (Command::NextField, "next"),
                (Command::KeepEdit, "keeps"),
                (Command::Cancel, "cancels"),
            ]
        )
    );
    let block = popup_block(&title, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let mut cursor = None;
    let labels = crate::app::meta::LABELS;
    for (k, (editor, label)) in fields.iter().zip(labels).enumerate() {
        let y = inner.y + 2 * k as u16;
        if y + 1 >= inner.bottom() {
            break;
        }
        let style = if k == on { theme.key } else { theme.dim };
        buf.set_line(inner.x, y, &Line::styled(label, style), inner.width);
        let field = Rect::new(inner.x, y + 1, inner.width, 1);
        let mut view = TextAreaView::of(editor);
        view.sanitize();
        view.render(field, buf, theme);
        if k == on {
            cursor = view.cursor(field);
        }
    }
    cursor
}
