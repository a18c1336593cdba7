//! The frame drawn while a big sheet is read, before there is any state to
//! draw: the sheet's name in a border, and the status bar saying how far
//! the reading is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::sanitize;
use crate::view::Theme;

/// Draw "loading NAME… N%" (`percent` None: not started, or from the
/// cache, where there is nothing to count).
pub fn render_loading(name: &str, percent: Option<u8>, theme: &Theme, frame: &mut Frame) {
    let [body, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
    let name = sanitize::line(name);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Line::styled(format!(" {name} "), theme.title));
    frame.render_widget(Paragraph::new("").style(theme.base).block(block), body);
    let line = match percent {
        Some(p) => format!(" loading {name}… {p}%"),
        None => format!(" loading {name}…"),
    };
    frame.render_widget(Paragraph::new(line).style(theme.dim), status);
}
