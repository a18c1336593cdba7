//! The history of a claim.

use crate::app::AppState;
use crate::app::layout;
use crate::app::{Command, Keymap};
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::centered;
use crate::view::parts::popup_block;
use crate::view::parts::{hints, pair};
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::Clear;
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// The claim's timeline, one change a line, oldest first, scrolled.
pub(in crate::view) fn render_history(
    state: &AppState,
    theme: &Theme,
    id: &str,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(c) = state.doc.sheet.claim(id) else {
        return;
    };
    let n = c.history.len();
    let rows = layout::history_rows(area, n);
    let width = area.width.saturating_sub(4).max(30);
    let r = centered(area, width, rows.max(1) as u16 + 2);
    Clear.render(r, buf);
    let inner_w = usize::from(width.saturating_sub(2));
    let by_w = c
        .history
        .iter()
        .map(|h| sanitize::line(&h.by).width())
        .max()
        .unwrap_or(0)
        .min(16);
    let field_w = c
        .history
        .iter()
        .map(|h| h.field.width())
        .max()
        .unwrap_or(0)
        .min(10);
    let mut lines: Vec<Line> = c
        .history
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|h| {
            let by = truncate(&sanitize::line(&h.by), by_w).into_owned();
            let field = truncate(&sanitize::line(&h.field), field_w).into_owned();
            let head = format!("{} {by:<by_w$} {field:<field_w$} ", h.at);
            let room = inner_w.saturating_sub(head.width() + 3) / 2;
            let from = sanitize::line(&h.from);
            let from = if from.is_empty() {
                Cow::Borrowed("–")
            } else {
                from
            };
            let to = sanitize::line(&h.to);
            let to = if to.is_empty() {
                Cow::Borrowed("–")
            } else {
                to
            };
            Line::from(vec![
                Span::styled(head, theme.dim),
                Span::raw(truncate(&from, room).into_owned()),
                Span::styled(" → ", theme.key),
                Span::raw(truncate(&to, room).into_owned()),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("no changes yet", theme.dim));
    }
    Paragraph::new(lines)
        .block(popup_block(
            &title(&state.settings.keymap, id, n, rows, scroll),
            theme,
        ))
        .render(r, buf);
}

/// "History of C3 1–10 of 14 · j/k scroll · Esc closes".
fn title(keys: &Keymap, id: &str, n: usize, rows: usize, scroll: usize) -> String {
    let shown = if n > rows {
        format!(" {}–{} of {n}", scroll + 1, scroll + rows)
    } else {
        String::new()
    };
    format!(
        "History of {}{shown} · {} scroll · {}",
        sanitize::line(id),
        pair(keys, Command::Down, Command::Up),
        hints(keys, &[(Command::Close, "closes")])
    )
}
