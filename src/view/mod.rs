//! Rendering of the TUI state. `render` draws from `&AppState`
//! only; every text from the article or the sheet goes through
//! `domain::sanitize` before it reaches the buffer.

pub mod theme;
pub mod workspace;

mod article;
mod detail;
mod header;
mod list;
mod loading;
mod parts;
mod popup;
mod status;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::AppState;
use crate::app::layout::{self, Areas};
use article::render_article;
use detail::render_detail;
use header::render_header;
use list::render_list;
pub use loading::render_loading;
pub use parts::truncate;
use popup::render_popup;
use status::render_status;
pub use theme::Theme;

/// Draw the whole screen.
pub fn render(state: &AppState, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let areas = Areas::compute(area, state.focus);
    if areas.too_small {
        render_too_small(area, frame.buffer_mut());
        return;
    }
    let buf = frame.buffer_mut();
    render_header(state, theme, areas.header, buf);
    if let Some(r) = areas.article {
        render_article(state, theme, r, buf);
    }
    if let Some(r) = areas.list {
        render_list(state, theme, r, buf);
    }
    if let Some(r) = areas.detail {
        render_detail(state, theme, r, buf);
    }
    let cursor = render_status(state, theme, areas.status, buf);
    let mut popup_cursor = None;
    for popup in &state.popups {
        popup_cursor = render_popup(state, theme, popup, area, frame);
    }
    if let Some(p) = popup_cursor.or(cursor) {
        frame.set_cursor_position(p);
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from("terminal too small"),
        Line::from(format!(
            "need {}x{}, have {}x{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        )),
    ];
    let y = area.y + area.height.saturating_sub(2) / 2;
    let r = Rect::new(
        area.x,
        y,
        area.width,
        area.height.saturating_sub(y - area.y),
    );
    Paragraph::new(lines)
        .alignment(ratatui::layout::Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(r, buf);
}
