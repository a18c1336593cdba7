//! The line above the article when it is shown alone (narrow screens):
//! the selected claim's id, speaker, verdict and the start of its text, so
//! that a verdict key never acts on a claim the screen does not name.

use crate::app::AppState;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::list::status_text;
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

pub(in crate::view) fn render_claim_line(
    state: &AppState,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(c) = state.selected_claim() else {
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(" no claim selected", theme.dim),
            area.width,
        );
        return;
    };
    let id = sanitize::line(&c.id).into_owned();
    let speaker = sanitize::line(c.speaker.as_deref().unwrap_or("no speaker"));
    let speaker = truncate(&speaker, 24).into_owned();
    let verdict = format!("{} {}", c.mark(), status_text(c));
    let used = 1 + id.width() + 3 + speaker.width() + 3 + verdict.width() + 3;
    let text = sanitize::line(&c.text.replace('\n', " ")).into_owned();
    let text = truncate(&text, usize::from(area.width).saturating_sub(used)).into_owned();
    let line = Line::from(vec![
        Span::raw(" "),
        Span::styled(id, theme.title),
        Span::styled(" · ", theme.dim),
        Span::styled(speaker, theme.dim),
        Span::styled(" · ", theme.dim),
        Span::styled(verdict, theme.status(c)),
        Span::styled(" · ", theme.dim),
        Span::raw(text),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
}
