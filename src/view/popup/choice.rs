//! One-key choices: delete or not, the export format, disputed verdicts,
//! a recovery file.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::app::{AppState, CONFLICT_CHOICES, DELETE_CHOICES, RECOVERY_CHOICES, choice_hints};
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::{centered, choice_popup, choices, popup_block};
use crate::view::truncate;

/// "Delete claim c3?" with the claim's text.
pub(super) fn delete(state: &AppState, theme: &Theme, id: &str, area: Rect, buf: &mut Buffer) {
    let r = centered(area, 60, 7);
    Clear.render(r, buf);
    let text = state
        .doc
        .sheet
        .claim(id)
        .map(|c| c.text.as_str())
        .unwrap_or("");
    let lines = vec![
        Line::from(format!("Delete claim {}?", sanitize::line(id))),
        Line::styled(truncate(&sanitize::line(text), 54).into_owned(), theme.dim),
        Line::from("Its id is never used again; undo brings it back."),
        choices(theme, &choice_hints(&DELETE_CHOICES)),
    ];
    Paragraph::new(lines)
        .block(popup_block("Delete", theme))
        .render(r, buf);
}

/// "Delete 5 claims?" with their ids.
pub(super) fn delete_many(theme: &Theme, ids: &[String], area: Rect, buf: &mut Buffer) {
    let r = centered(area, 60, 7);
    Clear.render(r, buf);
    let listed: Vec<String> = ids
        .iter()
        .map(|id| sanitize::line(id).into_owned())
        .collect();
    let lines = vec![
        Line::from(format!("Delete the {} selected claims?", ids.len())),
        Line::styled(truncate(&listed.join(", "), 54).into_owned(), theme.dim),
        Line::from("Their ids are never used again; one undo brings all back."),
        choices(theme, &choice_hints(&DELETE_CHOICES)),
    ];
    Paragraph::new(lines)
        .block(popup_block("Delete", theme))
        .render(r, buf);
}

/// The export formats and their keys.
pub(super) fn export(theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(area, 52, 10);
    Clear.render(r, buf);
    let mut lines = vec![Line::from(
        "Export the verification sheet beside the sheet:",
    )];
    lines.push(Line::from(""));
    for (key, format) in crate::app::EXPORT_CHOICES {
        lines.push(Line::from(vec![
            Span::styled(format!("  {key}"), theme.key),
            Span::raw(format!("  {}", format.name())),
        ]));
    }
    Paragraph::new(lines)
        .block(popup_block("Export", theme))
        .render(r, buf);
}

/// What to copy of claim `id`, and the keys.
pub(super) fn copy(theme: &Theme, id: &str, area: Rect, buf: &mut Buffer) {
    let r = centered(area, 52, 7);
    Clear.render(r, buf);
    let mut lines = vec![Line::from(format!(
        "Copy from {} to the clipboard:",
        sanitize::line(id)
    ))];
    for (key, _, label) in crate::app::copy::COPY_CHOICES {
        lines.push(Line::from(vec![
            Span::styled(format!("  {key}"), theme.key),
            Span::raw(format!("  {label}")),
        ]));
    }
    Paragraph::new(lines)
        .block(popup_block("Copy · Esc closes", theme))
        .render(r, buf);
}

/// A notice: its lines wrapped, any key closes it.
pub(super) fn notice(theme: &Theme, title: &str, lines: &[String], area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(8).clamp(30, 90);
    let inner = usize::from(width - 2);
    let rows: usize = lines
        .iter()
        .map(|l| sanitize::line(l).chars().count().div_ceil(inner).max(1) + 1)
        .sum();
    let r = centered(area, width, (rows as u16 + 3).min(area.height));
    Clear.render(r, buf);
    let mut text: Vec<Line> = Vec::new();
    for l in lines {
        text.push(Line::from(sanitize::line(l).into_owned()));
        text.push(Line::from(""));
    }
    text.push(Line::styled("any key closes this", theme.dim));
    Paragraph::new(text)
        .block(popup_block(&sanitize::line(title), theme))
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(r, buf);
}

/// Verdicts set differently here and elsewhere: keep mine or take theirs.
pub(super) fn conflict(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines = crate::app::disputes::summary(state);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    choice_popup(
        buf,
        area,
        "Disputed verdicts",
        &lines,
        &choice_hints(&CONFLICT_CHOICES),
        theme,
    );
}

/// A claim added over another's words: merge or keep both.
pub(super) fn overlap(
    state: &AppState,
    theme: &Theme,
    new: &str,
    old: &str,
    area: Rect,
    buf: &mut Buffer,
) {
    let lines = crate::app::overlap::summary(state, new, old);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let hints = choice_hints(&crate::app::overlap::OVERLAP_CHOICES);
    choice_popup(buf, area, "Overlapping claim", &lines, &hints, theme);
}

/// A crash left unsaved work in `path`: restore or discard it.
pub(super) fn recovery(theme: &Theme, path: &str, area: Rect, buf: &mut Buffer) {
    let file = format!("  {}", sanitize::line(path));
    choice_popup(
        buf,
        area,
        "Recovery",
        &[
            "claimdesk crashed with changes that were not saved;",
            "they were kept in",
            &file,
        ],
        &choice_hints(&RECOVERY_CHOICES),
        theme,
    );
}
