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

    fn top(&self, height: usize) -> usize {
        self.cursor.0.saturating_sub(height.saturating_sub(1))
    }

    fn left(&self, width: usize) -> usize {
        self.cursor.1.saturating_sub(width.saturating_sub(1))
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let top = self.top(usize::from(area.height));
        let left = self.left(usize::from(area.width));
        for (row, l) in self
            .lines
            .iter()
            .skip(top)
            .take(usize::from(area.height))
            .enumerate()
        {
            let s: String = l.chars().skip(left).collect();
            buf.set_line(
                area.x,
                area.y + row as u16,
                &Line::styled(s, theme.base),
                area.width,
            );
        }
    }

    fn cursor(&self, area: Rect) -> Option<Position> {
        if area.width == 0 || area.height == 0 {
            return None;
        }
        let top = self.top(usize::from(area.height));
        let left = self.left(usize::from(area.width));
        let line = self.lines.get(self.cursor.0)?;
        let col: usize = line
            .chars()
            .skip(left)
            .take(self.cursor.1.saturating_sub(left))
            .map(|c| c.width().unwrap_or(0))
            .sum();
        Some(Position::new(
            area.x + (col as u16).min(area.width - 1),
            area.y + (self.cursor.0 - top) as u16,
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
