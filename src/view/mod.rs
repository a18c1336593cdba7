//! Rendering of the TUI state. `render` draws from `&AppState`
//! only; every text from the article or the sheet goes through
//! `domain::sanitize` before it reaches the buffer.

mod editor_popup;
mod prior_popup;
pub mod theme;
pub mod workspace;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::keymap::Command;
use crate::app::layout::{self, Areas};
use crate::app::{AppState, Focus, Popup, SaveState};
use crate::domain::Claim;
use crate::domain::sanitize;
use editor_popup::{claim_popup, editor_popup};
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
    workspace::render_overlay(state, theme, area, frame.buffer_mut());
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

/// Cut `s` to `width` columns, ending with … when cut.
pub fn truncate(s: &str, width: usize) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    Cow::Owned(out)
}

fn render_header(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
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

fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style))
}

fn render_article(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Focus::Article;
    let name = sanitize::line(&state.doc.article.file_name()).into_owned();
    pane_block(format!(" {name} "), focused, theme).render(area, buf);
    let inner = layout::inner(area);
    let lines = &state.wrapped.lines;
    let top = state.article_top.min(lines.len());
    let bottom = (top + usize::from(inner.height)).min(lines.len());
    if top >= bottom {
        return;
    }
    let first_cp = lines[top].start;
    let last_cp = lines[bottom - 1].end;
    let claims = state.claims();
    // Claims overlapping first_cp..last_cp (claims are in article order).
    let upto = claims.partition_point(|c| c.anchor.start < last_cp.max(first_cp + 1));
    let max_len = claims
        .iter()
        .map(|c| c.anchor.end.saturating_sub(c.anchor.start))
        .max()
        .unwrap_or(0);
    let mut overlapping: Vec<usize> = Vec::new();
    for i in (0..upto).rev() {
        let c = &claims[i];
        if c.anchor.start + max_len < first_cp {
            break;
        }
        // Orphans have no place in the text.
        if c.anchor.end > first_cp && !c.orphan {
            overlapping.push(i);
        }
    }
    overlapping.reverse();
    let selected = state.selected;
    let article = &state.doc.article;
    // The cursor's word and the visual selection, when the article has the
    // keyboard.
    let (cursor, selection) = if focused {
        let word = state.nav.words.get(state.word).copied();
        let sel = state.visual.and_then(|v| state.nav.span(v, state.word));
        (word, sel)
    } else {
        (None, None)
    };
    let inside =
        |span: Option<(usize, usize)>, cp: usize| span.is_some_and(|(s, e)| s <= cp && cp < e);
    for (row, l) in lines[top..bottom].iter().enumerate() {
        let Some(text) = article.slice(l.start, l.end) else {
            continue;
        };
        // A newline inside a paragraph is a soft wrap: shown as a space.
        let text = sanitize::line(&text.replace('\n', " ")).into_owned();
        let mut spans: Vec<Span> = Vec::new();
        let mut run = String::new();
        let mut run_style = theme.base;
        for (k, ch) in text.chars().enumerate() {
            let cp = l.start + k;
            let mut style = theme.base;
            let mut is_sel = false;
            for &i in &overlapping {
                let a = &claims[i].anchor;
                if a.start <= cp && cp < a.end {
                    if Some(i) == selected {
                        is_sel = true;
                    } else {
                        style = theme.tint(&claims[i]);
                    }
                }
            }
            if is_sel {
                style = theme.tint_selected;
            }
            if inside(selection, cp) {
                style = theme.visual;
            }
            if inside(cursor, cp) {
                style = theme.cursor;
            }
            if style != run_style && !run.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
            }
            run_style = style;
            run.push(ch);
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, run_style));
        }
        buf.set_line(
            inner.x,
            inner.y + row as u16,
            &Line::from(spans),
            inner.width,
        );
    }
}

/// Spans of `text` (already sanitised, one line) cut to `width` columns,
/// with the characters at `positions` in the match style.
fn highlighted<'a>(
    text: &str,
    width: usize,
    positions: Option<&Vec<usize>>,
    base: Style,
    matched: Style,
) -> Vec<Span<'a>> {
    let cut = truncate(text, width);
    let Some(pos) = positions.filter(|p| !p.is_empty()) else {
        return vec![Span::styled(cut.into_owned(), base)];
    };
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_m = false;
    for (k, ch) in cut.chars().enumerate() {
        let m = ch != '…' && pos.binary_search(&k).is_ok();
        if m != run_m && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_m { base.patch(matched) } else { base },
            ));
        }
        run_m = m;
        run.push(ch);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_m { base.patch(matched) } else { base },
        ));
    }
    spans
}

fn render_list(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Focus::List;
    let mut title = format!(" Claims {}/{} ", state.visible.len(), state.claims().len());
    if state.filter != crate::app::Filter::All {
        title.push_str(&format!("· {} ", state.filter.label()));
    }
    if state.order != crate::config::ListOrder::Article {
        title.push_str(&format!("· {} ", state.order.label()));
    }
    pane_block(title, focused, theme).render(area, buf);
    let inner = layout::inner(area);
    let h = usize::from(inner.height);
    let claims = state.claims();
    if state.visible.is_empty() {
        let msg = match &state.search {
            Some(s) if !s.query.trim().is_empty() => "no claim matches the search",
            _ if claims.is_empty() => "this sheet has no claims",
            _ => "no claim matches the filter",
        };
        buf.set_line(
            inner.x + 1,
            inner.y,
            &Line::styled(msg, theme.dim),
            inner.width.saturating_sub(1),
        );
        return;
    }
    // The rows: the claims, with an "orphans (M)" separator before the
    // orphans' group at the end.
    let orphans_at = state.orphans_at();
    let total = state.visible.len() + usize::from(orphans_at.is_some());
    let start = state.list_offset.min(total);
    let end = (start + h).min(total);
    let rows: Vec<Option<usize>> = (start..end)
        .map(|r| crate::app::pos_at_row(orphans_at, r).map(|p| state.visible[p]))
        .collect();
    let id_w = rows
        .iter()
        .flatten()
        .map(|&i| sanitize::line(&claims[i].id).width())
        .max()
        .unwrap_or(2);
    let width = usize::from(inner.width);
    let speaker_w = if width >= 60 { 16 } else { 10 };
    let positions = state.search.as_ref().map(|s| &s.positions);
    for (row, &i) in rows.iter().enumerate() {
        let y = inner.y + row as u16;
        let Some(i) = i else {
            let n = state.visible.len() - orphans_at.unwrap_or(0);
            let label = format!(" orphans ({n}) · not found in the edited article ");
            let rule = "─".repeat(usize::from(inner.width).saturating_sub(label.width() + 1));
            buf.set_line(
                inner.x,
                y,
                &Line::styled(format!("─{label}{rule}"), theme.dim),
                inner.width,
            );
            continue;
        };
        let c = &claims[i];
        let is_sel = Some(i) == state.selected;
        let id = sanitize::line(&c.id);
        let speaker = sanitize::line(c.speaker.as_deref().unwrap_or("–"));
        let speaker = truncate(&speaker, speaker_w);
        let text = sanitize::line(&c.text.replace('\n', " ")).into_owned();
        let used = 3 + id_w + 1 + speaker_w + 1;
        let text_w = width.saturating_sub(used);
        let checked = !state.prior_of(&c.id).is_empty();
        let mut spans = vec![
            if checked {
                Span::styled("↺", theme.key)
            } else {
                Span::raw(" ")
            },
            Span::styled(c.mark().to_string(), theme.status(c)),
            Span::raw(" "),
            Span::styled(format!("{id:<id_w$} "), theme.title),
            Span::styled(
                format!("{speaker:<speaker_w$} ", speaker = speaker),
                theme.dim,
            ),
        ];
        spans.extend(highlighted(
            &text,
            text_w,
            positions.and_then(|p| p.get(&i)),
            theme.base,
            theme.matched,
        ));
        let line = Line::from(spans);
        let row_area = Rect::new(inner.x, y, inner.width, 1);
        if is_sel {
            buf.set_style(row_area, theme.selected);
        }
        buf.set_line(inner.x, y, &line, inner.width);
        if is_sel {
            // Patch the selection over the row, keeping match underlines.
            for x in row_area.left()..row_area.right() {
                if let Some(cell) = buf.cell_mut(Position::new(x, y)) {
                    let st = cell.style();
                    let mut s = st.patch(theme.selected);
                    s.add_modifier |= st.add_modifier;
                    cell.set_style(s);
                }
            }
        }
    }
}

fn status_text(c: &Claim) -> &'static str {
    if !c.is_reviewed() {
        return "not reviewed";
    }
    c.status.as_str()
}

/// The detail of a claim as lines (sanitised).
fn detail_lines<'a>(c: &Claim, theme: &Theme, full: bool) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(sanitize::line(&c.id).into_owned(), theme.title),
        Span::raw("  "),
        Span::styled(format!("{} {}", c.mark(), status_text(c)), theme.status(c)),
        Span::raw("  "),
        Span::styled(
            sanitize::line(c.speaker.as_deref().unwrap_or("no speaker")).into_owned(),
            theme.dim,
        ),
    ])];
    lines.push(Line::from(
        sanitize::line(&c.text.replace('\n', " ")).into_owned(),
    ));
    if let Some(score) = c.score {
        lines.push(Line::styled(format!("check-worthiness {score}"), theme.dim));
    }
    if c.orphan {
        lines.push(Line::styled(
            "orphan: not found in the edited article (text, verdict and note kept)",
            theme.unconfirmed,
        ));
    }
    if c.needs_review {
        lines.push(Line::styled(
            "! verdict given on an earlier version of the text: check it again",
            theme.unconfirmed,
        ));
        if c.text != c.anchor.quote {
            lines.push(Line::from(format!(
                "article now: {}",
                sanitize::line(&c.anchor.quote)
            )));
        }
    }
    if let (Some(at), Some(by)) = (&c.reviewed_at, &c.reviewed_by) {
        lines.push(Line::styled(
            format!("reviewed {} by {}", at, sanitize::line(by)),
            theme.dim,
        ));
    }
    if !c.disputes.is_empty() {
        lines.push(Line::styled(
            crate::app::disputes::detail_line(c),
            theme.unconfirmed,
        ));
    }
    if !c.note.is_empty() {
        let note = sanitize::text(&c.note);
        for (k, l) in note.split('\n').enumerate() {
            let prefix = if k == 0 { "note: " } else { "      " };
            lines.push(Line::from(vec![
                Span::styled(prefix, theme.key),
                Span::raw(l.to_owned()),
            ]));
        }
    }
    for s in &c.sources {
        lines.push(Line::from(vec![
            Span::styled("source: ", theme.key),
            Span::raw(sanitize::line(s).into_owned()),
        ]));
    }
    if full {
        lines.push(Line::styled(
            format!(
                "at {}..{} in the article{}",
                c.anchor.start,
                c.anchor.end,
                c.kind
                    .map(|k| format!(", {}", k.as_str()))
                    .unwrap_or_default()
            ),
            theme.dim,
        ));
        for h in c.history.iter().rev().take(10) {
            lines.push(Line::styled(
                format!(
                    "{} {}: {} {} → {}",
                    h.at,
                    sanitize::line(&h.by),
                    sanitize::line(&h.field),
                    truncate(&sanitize::line(&h.from), 30),
                    truncate(&sanitize::line(&h.to), 30)
                ),
                theme.dim,
            ));
        }
    }
    lines
}

fn render_detail(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = pane_block(" Detail ".into(), false, theme);
    let mut lines = match state.selected_claim() {
        Some(c) => detail_lines(c, theme, false),
        None => vec![Line::styled("no claim selected", theme.dim)],
    };
    if let Some((also, _)) = state.workspace.as_deref().and_then(|w| w.also.as_ref()) {
        let key = state
            .keymap
            .first(Command::Similar)
            .map(|k| format!(" ({k} lists them)"))
            .unwrap_or_default();
        lines.insert(
            1.min(lines.len()),
            Line::styled(format!("≈ {also}{key}"), theme.key),
        );
    }
    if let Some(line) = state
        .selected_claim()
        .and_then(|c| prior_popup::detail_line(state, &c.id, theme))
    {
        lines.insert(1.min(lines.len()), line);
    }
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

/// Key hints, most important first.
const HINTS: [(Command, &str); 11] = [
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
const ARTICLE_HINTS: [(Command, &str); 9] = [
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

fn render_status(
    state: &AppState,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    if let Some(s) = state.search.as_ref().filter(|s| s.editing) {
        let q = sanitize::line(&s.query);
        let mut count = format!("  {}/{}", state.visible.len(), state.claims().len());
        if s.pending.is_some() {
            count.push_str("  searching…");
        }
        let line = Line::from(vec![
            Span::styled("/", theme.key),
            Span::raw(q.clone().into_owned()),
            Span::styled(count, theme.dim),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
        let x = (area.x + 1 + q.width() as u16).min(area.right().saturating_sub(1));
        return Some(Position::new(x, area.y));
    }
    let mut left: Vec<Span> = vec![Span::raw(" ")];
    if state.read_only.is_some() {
        left.push(Span::styled("READ-ONLY", theme.error));
        left.push(Span::raw("  "));
    }
    let failed_at = matches!(state.save, SaveState::Failed(_)).then_some(left.len());
    match &state.save {
        SaveState::Opened => left.push(Span::styled("opened", theme.dim)),
        SaveState::Saved(at) => left.push(Span::styled(format!("saved {at}"), theme.ok)),
        SaveState::Saving => left.push(Span::styled("saving…", theme.dim)),
        SaveState::Failed(e) => {
            let retry = state
                .keymap
                .first(Command::Save)
                .map(|k| format!(" ({k} retries)"))
                .unwrap_or_default();
            left.push(Span::styled(
                format!("NOT SAVED: {}{retry}", sanitize::line(e)),
                theme.error,
            ))
        }
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
    if let (Focus::Article, Some(from)) = (state.focus, state.visual) {
        let words = from.abs_diff(state.word) + 1;
        let add = state.keymap.first(Command::AddClaim).unwrap_or_default();
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
    // Hints that fit in what is left, least important dropped first.
    let avail = usize::from(area.width).saturating_sub(left_w + 2);
    let mut hints: Vec<Span> = Vec::new();
    let mut used = 0;
    let hints_for: &[(Command, &str)] = match state.focus {
        Focus::List => &HINTS,
        Focus::Article => &ARTICLE_HINTS,
    };
    for &(cmd, label) in hints_for {
        let Some(k) = state.keymap.first(cmd) else {
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
    None
}

/// A failed save's error (a path and an OS message, often long) gives way
/// so that what follows it, the message above all ("q again quits without
/// saving"), fits the status bar, down to 80 columns and below.
fn fit_save_error(left: &mut [Span<'_>], at: usize, width: usize) {
    let Some(span) = left.get(at) else { return };
    let total: usize = left.iter().map(Span::width).sum();
    if total <= width {
        return;
    }
    let room = (span.width() + width).saturating_sub(total).max(12);
    let short = truncate(&span.content, room).into_owned();
    left[at] = Span::styled(short, span.style);
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn popup_block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.border_focused))
        .style(theme.popup)
}

fn render_popup(
    state: &AppState,
    theme: &Theme,
    popup: &Popup,
    area: Rect,
    frame: &mut Frame,
) -> Option<Position> {
    match popup {
        Popup::Help => {
            render_help(state, theme, area, frame.buffer_mut());
            None
        }
        Popup::Detail => {
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
            let buf = frame.buffer_mut();
            Clear.render(r, buf);
            Paragraph::new(lines)
                .block(popup_block("Claim · Esc closes", theme))
                .wrap(Wrap { trim: false })
                .render(r, buf);
            None
        }
        Popup::Note { id, editor } => editor_popup(
            frame,
            area,
            &format!(
                "Note for {} · Ctrl-s keeps · Esc cancels",
                sanitize::line(id)
            ),
            12,
            editor,
            theme,
        ),
        Popup::Source { id, editor, index } => editor_popup(
            frame,
            area,
            &match index {
                None => format!(
                    "Add a source to {} · Enter adds · Esc cancels",
                    sanitize::line(id)
                ),
                Some(k) => format!(
                    "Source {} of {} · Enter keeps · Esc cancels",
                    k + 1,
                    sanitize::line(id)
                ),
            },
            3,
            editor,
            theme,
        ),
        Popup::Claim {
            id,
            text,
            speaker,
            on_speaker,
        } => claim_popup(frame, area, id, text, speaker, *on_speaker, theme),
        Popup::Split { id, cut } => {
            render_split(state, theme, id, *cut, area, frame.buffer_mut());
            None
        }
        Popup::ConfirmDelete { id } => {
            let r = centered(area, 60, 7);
            let buf = frame.buffer_mut();
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
                choices(theme, &[("y", "delete"), ("n", "or Esc keeps it")]),
            ];
            Paragraph::new(lines)
                .block(popup_block("Delete", theme))
                .render(r, buf);
            None
        }
        Popup::Sources { id } => {
            render_sources(state, theme, id, area, frame.buffer_mut());
            None
        }
        Popup::Prior { id, sel } => {
            prior_popup::render(state, theme, id, *sel, area, frame.buffer_mut());
            None
        }
        Popup::History { id, scroll } => {
            render_history(state, theme, id, *scroll, area, frame.buffer_mut());
            None
        }
        Popup::Export => {
            let r = centered(area, 52, 10);
            let buf = frame.buffer_mut();
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
            None
        }
        Popup::Conflict => {
            let lines = crate::app::disputes::summary(state);
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            choice_popup(
                frame.buffer_mut(),
                area,
                "Disputed verdicts",
                &lines,
                &[
                    ("M", "keep mine"),
                    ("T", "take theirs"),
                    ("Esc", "decide later"),
                ],
                theme,
            );
            None
        }
        Popup::Recovery { path } => {
            let file = format!("  {}", sanitize::line(path));
            choice_popup(
                frame.buffer_mut(),
                area,
                "Recovery",
                &[
                    "claimdesk crashed with changes that were not saved;",
                    "they were kept in",
                    &file,
                ],
                &[
                    ("r", "restore them"),
                    ("d", "discard them"),
                    ("Esc", "decide later"),
                ],
                theme,
            );
            None
        }
    }
}

/// A popup with a few lines of text and a row of key choices.
fn choice_popup(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    text: &[&str],
    keys: &[(&str, &str)],
    theme: &Theme,
) {
    let r = centered(area, 64, text.len() as u16 + 5);
    Clear.render(r, buf);
    let mut lines: Vec<Line> = text.iter().map(|t| Line::from(t.to_string())).collect();
    lines.push(Line::from(""));
    lines.push(choices(theme, keys));
    Paragraph::new(lines)
        .block(popup_block(title, theme))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}

/// The split picker: the claim's words, the first part and the second in
/// different styles, a bar where the cut is.
fn render_split(
    state: &AppState,
    theme: &Theme,
    id: &str,
    cut: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(c) = state.doc.sheet.claim(id) else {
        return;
    };
    let (s, e) = (c.anchor.start, c.anchor.end);
    let article = &state.doc.article;
    let first = sanitize::line(article.slice(s, cut).unwrap_or("")).into_owned();
    let second = sanitize::line(article.slice(cut, e).unwrap_or("")).into_owned();
    let width = area.width.saturating_sub(8).max(30);
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let text_w = first.width() + 3 + second.width();
    let height = (text_w.div_ceil(inner_w) as u16 + 4).min(area.height.saturating_sub(2).max(3));
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let keys = [Command::WordPrev, Command::WordNext]
        .map(|c| state.keymap.first(c).unwrap_or_default())
        .join("/");
    let lines = vec![
        Line::from(vec![
            Span::styled(first.trim_end().to_owned(), theme.tint_selected),
            Span::styled(" ┃ ", theme.key),
            Span::styled(second, theme.visual),
        ]),
        Line::from(""),
        Line::styled(
            format!(
                "{} keeps the first part; the second becomes {} (not reviewed)",
                sanitize::line(id),
                sanitize::line(&state.doc.sheet.next_id())
            ),
            theme.dim,
        ),
    ];
    Paragraph::new(lines)
        .block(popup_block(
            &format!(
                "Split {} · ←/→ {keys} move · Enter splits · Esc cancels",
                sanitize::line(id)
            ),
            theme,
        ))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}

fn render_sources(state: &AppState, theme: &Theme, id: &str, area: Rect, buf: &mut Buffer) {
    let Some(c) = state.doc.sheet.claim(id) else {
        return;
    };
    let width = area.width.saturating_sub(8).max(30);
    let inner_w = usize::from(width.saturating_sub(2));
    let height = (c.sources.len().max(1) as u16 + 4).min(area.height.saturating_sub(2).max(3));
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let key = |cmd| state.keymap.first(cmd).unwrap_or_default();
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

/// The claim's timeline, one change a line, oldest first, scrolled.
fn render_history(
    state: &AppState,
    theme: &Theme,
    id: &str,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(c) = state.doc.sheet.claim(id) else {
        return;
    };
    let n = c.history.len();
    let rows = layout::history_rows(area, n);
    let width = area.width.saturating_sub(4).max(30);
    let r = centered(area, width, rows.max(1) as u16 + 2);
    Clear.render(r, buf);
    let inner_w = usize::from(width.saturating_sub(2));
    let by_w = c
        .history
        .iter()
        .map(|h| sanitize::line(&h.by).width())
        .max()
        .unwrap_or(0)
        .min(16);
    let field_w = c
        .history
        .iter()
        .map(|h| h.field.width())
        .max()
        .unwrap_or(0)
        .min(10);
    let mut lines: Vec<Line> = c
        .history
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|h| {
            let by = truncate(&sanitize::line(&h.by), by_w).into_owned();
            let field = truncate(&sanitize::line(&h.field), field_w).into_owned();
            let head = format!("{} {by:<by_w$} {field:<field_w$} ", h.at);
            let room = inner_w.saturating_sub(head.width() + 3) / 2;
            let from = sanitize::line(&h.from);
            let from = if from.is_empty() {
                Cow::Borrowed("–")
            } else {
                from
            };
            let to = sanitize::line(&h.to);
            let to = if to.is_empty() {
                Cow::Borrowed("–")
            } else {
                to
            };
            Line::from(vec![
                Span::styled(head, theme.dim),
                Span::raw(truncate(&from, room).into_owned()),
                Span::styled(" → ", theme.key),
                Span::raw(truncate(&to, room).into_owned()),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("no changes yet", theme.dim));
    }
    let shown = if n > rows {
        format!(" {}–{} of {n}", scroll + 1, scroll + rows)
    } else {
        String::new()
    };
    Paragraph::new(lines)
        .block(popup_block(
            &format!(
                "History of {}{shown} · j/k scroll · Esc closes",
                sanitize::line(id)
            ),
            theme,
        ))
        .render(r, buf);
}

/// The answers a question popup takes: "k keep mine   t take theirs".
fn choices<'a>(theme: &Theme, items: &[(&str, &str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (k, (key, what)) in items.iter().enumerate() {
        if k > 0 {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

fn render_help(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let entries: Vec<(String, &str)> = Command::ALL
        .iter()
        .map(|&c| (state.keymap.label(c), c.describe()))
        .collect();
    let key_w = entries
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(4)
        .min(18);
    let (rows, shown) = layout::help_rows(area, entries.len());
    let columns = entries.len().div_ceil(rows.max(1)).max(1);
    let scroll = state.help_scroll.min(rows - shown);
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
            "Keys {}–{} of {rows} rows · j/k scroll · Esc closes",
            scroll + 1,
            scroll + shown
        )
    } else {
        "Keys · Esc closes".to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("hello world", 20), "hello world");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("hello", 0), "");
        assert_eq!(truncate("日本語です", 5), "日本…");
    }
}
