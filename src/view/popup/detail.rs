//! The claim detail popup: the selected claim in full.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::app::AppState;
use crate::app::Command;
use crate::view::Theme;
use crate::view::detail::detail_lines;
use crate::view::parts::{centered, hints, popup_block};

/// The selected claim in full, centred and as tall as it needs.
pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines = match state.selected_claim() {
        Some(c) => detail_lines(c, theme, true),
        None => vec![],
    };
    let width = area.width.saturating_sub(8).max(30);
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum();
    let height = (rows as u16 + 2).min(area.height.saturating_sub(4).max(3));
    let r = centered(area, width, height);
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(popup_block(
            &format!(
                "Claim · {}",
                hints(&state.settings.keymap, &[(Command::Close, "closes")])
            ),
            theme,
        ))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}
