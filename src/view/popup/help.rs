//! The help overlay, generated from the keymap.

use crate::app::AppState;
use crate::app::keymap::Command;
use crate::app::layout;
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
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

pub(in crate::view) fn render_help(
    state: &AppState,
    theme: &Theme,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let keys = &state.settings.keymap;
    let entries: Vec<(String, &str)> = Command::help()
        .map(|c| (state.settings.keymap.label(c), c.describe()))
        .collect();
    let key_w = entries
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(4)
        .min(18);
    let (rows, shown) = layout::help_rows(area, entries.len());
    let columns = entries.len().div_ceil(rows.max(1)).max(1);
    let scroll = scroll.min(rows - shown);
    // Shorten the descriptions (with …) when the columns do not fit.
    let room = usize::from(area.width).saturating_sub(4 + 3 * (columns - 1)) / columns;
    let desc_w = entries
        .iter()
        .map(|(_, d)| d.width())
        .max()
        .unwrap_or(10)
        .min(room.saturating_sub(key_w + 2))
        .max(4);
    let col_w = key_w + 2 + desc_w;
    let width = (col_w * columns + 3 * (columns - 1) + 4) as u16;
    let height = (shown + 2) as u16;
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let title = if shown < rows {
        format!(
            "Keys {}–{} of {rows} rows · {} scroll · {}",
            scroll + 1,
            scroll + shown,
            pair(keys, Command::Down, Command::Up),
            hints(keys, &[(Command::Close, "closes")])
        )
    } else {
        format!("Keys · {}", hints(keys, &[(Command::Close, "closes")]))
    };
    let block = popup_block(&title, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    for (k, (keys, desc)) in entries.iter().enumerate() {
        let (col, row) = (k / rows, k % rows);
        let Some(row) = row
            .checked_sub(scroll)
            .filter(|&r| r < usize::from(inner.height))
        else {
            continue;
        };
        let x = inner.x + 1 + (col * (col_w + 3)) as u16;
        let line = Line::from(vec![
            Span::styled(format!("{:<key_w$}", truncate(keys, key_w)), theme.key),
            Span::raw("  "),
            Span::raw(truncate(desc, desc_w).into_owned()),
        ]);
        let w = inner.right().saturating_sub(x);
        buf.set_line(x, inner.y + row as u16, &line, w);
    }
}
