//! The `P` popup: the published fact-checks matching a claim (publisher,
//! verdict, date, score, the claim they reviewed), and the detail pane's
//! "checked before" line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::app::AppState;
use crate::app::keymap::Command;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::{centered, popup_block};
use crate::view::truncate;

/// "checked before: PolitiFact, False (2019-05-02)" for the claim's best
/// match, when it has one.
pub fn detail_line(state: &AppState, id: &str, theme: &Theme) -> Option<Line<'static>> {
    let best = state.prior_of(id).first()?;
    let key = state
        .settings
        .keymap
        .first(Command::Prior)
        .map(|k| format!(" ({k} lists them)"))
        .unwrap_or_default();
    Some(Line::styled(
        format!(
            "↺ checked before: {}{key}",
            sanitize::line(&best.record.summary())
        ),
        theme.key,
    ))
}

pub fn render(state: &AppState, theme: &Theme, id: &str, sel: usize, area: Rect, buf: &mut Buffer) {
    let matches = state.prior_of(id);
    let width = area.width.saturating_sub(8).max(30);
    let inner_w = usize::from(width.saturating_sub(2));
    let height = (matches.len() as u16 * 2 + 4).min(area.height.saturating_sub(2).max(3));
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let mut lines: Vec<Line> = Vec::new();
    for (k, m) in matches.iter().enumerate() {
        let head = format!(
            "{} {:.2}  {} · {}",
            if k == sel { "▸" } else { " " },
            m.score,
            m.record.summary(),
            m.record.verdict.label()
        );
        let head = truncate(&sanitize::line(&head), inner_w).into_owned();
        let claim = format!("    {}", m.record.claim_reviewed);
        let claim = truncate(&sanitize::line(&claim), inner_w).into_owned();
        if k == sel {
            lines.push(Line::styled(head, theme.selected));
        } else {
            lines.push(Line::raw(head));
        }
        lines.push(Line::styled(claim, theme.dim));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("Enter", theme.key),
        Span::styled(" open in the browser  ", theme.dim),
        Span::styled("y", theme.key),
        Span::styled(
            " copy url to sources and verdict to note  Esc close",
            theme.dim,
        ),
    ]));
    Paragraph::new(lines)
        .block(popup_block(
            &format!("Prior fact-checks of {}", sanitize::line(id)),
            theme,
        ))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}
