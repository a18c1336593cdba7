//! The status bar: the search line, messages, the save state and the key
//! hints.

use crate::app::AppState;
use crate::app::Focus;
use crate::app::SaveState;
use crate::app::keymap::Command;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::truncate;
use crate::view::workspace;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

/// Key hints, most important first.
pub(in crate::view) const HINTS: [(Command, &str); 11] = [
    (Command::Help, "help"),
    (Command::Quit, "quit"),
    (Command::Confirm, "confirm"),
    (Command::Deny, "deny"),
    (Command::Unconfirm, "unconfirmed"),
    (Command::Search, "search"),
    (Command::Undo, "undo"),
    (Command::EditNote, "note"),
    (Command::Filter, "filter"),
    (Command::Focus, "pane"),
    (Command::Detail, "detail"),
];

/// Key hints while the article has the keyboard.
pub(in crate::view) const ARTICLE_HINTS: [(Command, &str); 9] = [
    (Command::Help, "help"),
    (Command::Quit, "quit"),
    (Command::Visual, "select"),
    (Command::AddClaim, "add claim"),
    (Command::Down, "sentence"),
    (Command::WordNext, "word"),
    (Command::NextClaim, "next claim"),
    (Command::ScrollDown, "scroll"),
    (Command::Focus, "pane"),
];

pub(in crate::view) fn render_status(
    state: &AppState,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    if let Some(s) = state.search.as_ref().filter(|s| s.editing) {
        return Some(search_line(state, s, theme, area, buf));
    }
    let mut left: Vec<Span> = vec![Span::raw(" ")];
    if state.session.read_only.is_some() {
        left.push(Span::styled("READ-ONLY", theme.error));
        left.push(Span::raw("  "));
    }
    let failed_at = matches!(state.save, SaveState::Failed(_)).then_some(left.len());
    // "opened" says nothing a message does not (it often says "opened X").
    if !(state.save == SaveState::Opened && state.message.is_some()) {
        left.push(save_span(state, theme));
    }
    if let Some(l) = state.workspace.as_deref().and_then(workspace::loading) {
        left.push(Span::raw("  "));
        left.push(Span::styled(l, theme.dim));
    }
    if state.filter != crate::app::Filter::All {
        left.push(Span::raw("  "));
        left.push(Span::styled(
            format!("filter: {}", state.filter.label()),
            theme.key,
        ));
    }
    if let Some(chosen) = state.chosen_status() {
        left.push(Span::raw("  "));
        left.push(Span::styled(chosen, theme.key));
    }
    if let (Focus::Article, Some(from)) = (state.focus, state.article.visual) {
        let words = from.abs_diff(state.article.word) + 1;
        let add = state
            .settings
            .keymap
            .first(Command::AddClaim)
            .unwrap_or_default();
        left.push(Span::raw("  "));
        left.push(Span::styled(
            format!("VISUAL {words} words · {add} makes it a claim · Esc ends"),
            theme.key,
        ));
    }
    if let Some(s) = state.search_status() {
        left.push(Span::raw("  "));
        left.push(Span::styled(s, theme.key));
    }
    if let Some(m) = &state.message {
        left.push(Span::raw("  "));
        left.push(Span::raw(sanitize::line(m).into_owned()));
    }
    if let Some(at) = failed_at {
        fit_save_error(&mut left, at, usize::from(area.width));
    }
    let left = Line::from(left);
    let left_w = left.width();
    buf.set_line(area.x, area.y, &left, area.width);
    render_hints(state, theme, area, left_w, buf);
    None
}

/// A failed save's error (a path and an OS message, often long) gives way
/// so that what follows it, the message above all ("q again quits without
/// saving"), fits the status bar, down to 80 columns and below.
pub(in crate::view) fn fit_save_error(left: &mut [Span<'_>], at: usize, width: usize) {
    let Some(span) = left.get(at) else { return };
    let total: usize = left.iter().map(Span::width).sum();
    if total <= width {
        return;
    }
    let room = (span.width() + width).saturating_sub(total).max(12);
    let short = truncate(&span.content, room).into_owned();
    left[at] = Span::styled(short, span.style);
}

/// The search line being typed, with its count; where the cursor goes.
fn search_line(
    state: &AppState,
    s: &crate::app::Search,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Position {
    let q = sanitize::line(&s.query);
    let mut count = format!("  {}/{}", state.list.visible.len(), state.claims().len());
    if s.cut() {
        count.push_str(&format!(" (best of {} matches)", s.matched));
    }
    if s.live.pending.is_some() {
        count.push_str("  searching…");
    }
    let line = Line::from(vec![
        Span::styled("/", theme.key),
        Span::raw(q.clone().into_owned()),
        Span::styled(count, theme.dim),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
    let x = (area.x + 1 + q.width() as u16).min(area.right().saturating_sub(1));
    Position::new(x, area.y)
}

/// The save state: opened, saved at, saving, or why it was not saved.
fn save_span(state: &AppState, theme: &Theme) -> Span<'static> {
    match &state.save {
        SaveState::Opened => Span::styled("opened", theme.dim),
        SaveState::Saved(at) => Span::styled(format!("{}saved {at}", change(state)), theme.ok),
        SaveState::Saving => Span::styled(format!("{}saving…", change(state)), theme.dim),
        SaveState::Failed(e) => {
            let retry = state
                .settings
                .keymap
                .first(Command::Save)
                .map(|k| format!(" ({k} retries)"))
                .unwrap_or_default();
            Span::styled(
                format!("NOT SAVED: {}{retry}", sanitize::line(e)),
                theme.error,
            )
        }
    }
}

/// The change the save state is about, as "C2 confirmed · ".
fn change(state: &AppState) -> String {
    state
        .session
        .change
        .as_deref()
        .map(|c| format!("{} · ", sanitize::line(c)))
        .unwrap_or_default()
}

/// Key hints that fit in what is left, least important dropped first.
fn render_hints(state: &AppState, theme: &Theme, area: Rect, left_w: usize, buf: &mut Buffer) {
    let avail = usize::from(area.width).saturating_sub(left_w + 2);
    let mut hints: Vec<Span> = Vec::new();
    let mut used = 0;
    let hints_for: &[(Command, &str)] = match state.focus {
        Focus::List => &HINTS,
        Focus::Article => &ARTICLE_HINTS,
    };
    for &(cmd, label) in hints_for {
        let Some(k) = state.settings.keymap.first(cmd) else {
            continue;
        };
        let w = k.width() + 1 + label.width() + 2;
        if used + w > avail {
            break;
        }
        used += w;
        hints.push(Span::styled(k, theme.key));
        hints.push(Span::styled(format!(" {label}  "), theme.dim));
    }
    if !hints.is_empty() {
        let line = Line::from(hints);
        let w = line.width() as u16;
        buf.set_line(area.right().saturating_sub(w), area.y, &line, w);
    }
}
