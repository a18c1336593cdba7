//! The sources of a claim.

use crate::app::AppState;
use crate::app::keymap::Command;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::centered;
use crate::view::parts::popup_block;
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

pub(in crate::view) fn render_sources(
    state: &AppState,
    theme: &Theme,
    id: &str,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(c) = state.doc.sheet.claim(id) else {
        return;
    };
    let width = area.width.saturating_sub(8).max(30);
    let inner_w = usize::from(width.saturating_sub(2));
    let height = (c.sources.len().max(1) as u16 + 4).min(area.height.saturating_sub(2).max(3));
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let key = |cmd| state.settings.keymap.first(cmd).unwrap_or_default();
    let mut lines: Vec<Line> = c
        .sources
        .iter()
        .enumerate()
        .map(|(k, src)| {
            let text = truncate(&sanitize::line(src), inner_w.saturating_sub(2)).into_owned();
            if k == state.source_sel {
                Line::styled(format!("▸ {text}"), theme.selected)
            } else {
                Line::raw(format!("  {text}"))
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("  no sources yet", theme.dim));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            "{} add  {} edit  {} remove  {} open in the browser  Esc close",
            key(Command::AddSource),
            key(Command::EditSource),
            key(Command::RemoveSource),
            key(Command::OpenSource)
        ),
        theme.dim,
    ));
    Paragraph::new(lines)
        .block(popup_block(
            &format!("Sources of {}", sanitize::line(id)),
            theme,
        ))
        .render(r, buf);
}
