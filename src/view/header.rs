//! The header line: the article, the progress, the save state.

use crate::app::AppState;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

pub(in crate::view) fn render_header(
    state: &AppState,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let counts = state.doc.sheet.counts();
    let progress = format!("{}/{} reviewed", counts.reviewed, counts.total);
    let cells = 10usize;
    let filled = ((counts.progress() * cells as f64).round() as usize).min(cells);
    let gauge_on = "█".repeat(filled);
    let gauge_off = "░".repeat(cells - filled);
    let tallies = [
        ('✔', counts.confirmed, theme.confirmed),
        ('?', counts.unconfirmed, theme.unconfirmed),
        ('✘', counts.denied, theme.denied),
        ('·', counts.not_reviewed, theme.not_reviewed),
    ];
    let tally_text: Vec<String> = tallies.iter().map(|(m, n, _)| format!("{m}{n}")).collect();
    let tally_w: usize = tally_text.iter().map(|t| t.width() + 1).sum();
    let width = usize::from(area.width);
    let title = sanitize::line(state.title());
    // Drop the least important first: tallies, then the gauge.
    let mut right: Vec<Span> = Vec::new();
    let mut right_w = progress.width() + 1;
    let with_gauge = width >= title.width().min(30) + right_w + cells + 3;
    let with_tallies = with_gauge && width >= title.width().min(30) + right_w + cells + 3 + tally_w;
    right.push(Span::styled(progress.clone(), theme.title));
    if with_gauge {
        right.push(Span::raw(" "));
        right.push(Span::styled(gauge_on, theme.ok));
        right.push(Span::styled(gauge_off, theme.dim));
        right_w += cells + 1;
    }
    if with_tallies {
        for ((_, _, style), text) in tallies.iter().zip(&tally_text) {
            right.push(Span::raw(" "));
            right.push(Span::styled(text.clone(), *style));
        }
        right_w += tally_w;
    }
    right.push(Span::raw(" "));
    let title_w = width.saturating_sub(right_w + 1);
    let title = truncate(&title, title_w.saturating_sub(1));
    buf.set_line(
        area.x,
        area.y,
        &Line::from(vec![Span::raw(" "), Span::styled(title, theme.title)]),
        area.width,
    );
    let right_line = Line::from(right);
    let rw = right_line.width() as u16;
    if rw <= area.width {
        buf.set_line(area.x + area.width - rw, area.y, &right_line, rw);
    }
}
