//! The detail pane: the selected claim in full.

use crate::app::AppState;
use crate::app::keymap::Command;
use crate::domain::Article;
use crate::domain::Claim;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::list::status_text;
use crate::view::parts::pane_block;
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;
use ratatui::widgets::Wrap;
use unicode_width::UnicodeWidthStr;

/// The detail of a claim as lines (sanitised).
/// With `full` (the article), where the claim is and its history too.
pub(in crate::view) fn detail_lines<'a>(
    c: &Claim,
    theme: &Theme,
    full: Option<&Article>,
) -> Vec<Line<'a>> {
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
        for l in crate::app::disputes::detail_lines(c) {
            lines.push(Line::styled(l, theme.unconfirmed));
        }
    }
    if let Some(to) = &c.assignee {
        let pending = if c.pending {
            " · verdict pending second review"
        } else {
            ""
        };
        lines.push(Line::styled(
            format!("assigned to {}{pending}", sanitize::line(to)),
            theme.dim,
        ));
    }
    lines.extend(note_lines(c, theme));
    for s in &c.sources {
        lines.push(Line::from(vec![
            Span::styled("source: ", theme.key),
            Span::raw(sanitize::line(s).into_owned()),
        ]));
    }
    if let Some(article) = full {
        lines.extend(place_and_history(c, article, theme));
    }
    lines
}

/// The note, its first line marked "note: ".
fn note_lines<'a>(c: &Claim, theme: &Theme) -> Vec<Line<'a>> {
    if c.note.is_empty() {
        return Vec::new();
    }
    let note = sanitize::text(&c.note);
    note.split('\n')
        .enumerate()
        .map(|(k, l)| {
            let prefix = if k == 0 { "note: " } else { "      " };
            Line::from(vec![
                Span::styled(prefix, theme.key),
                Span::raw(l.to_owned()),
            ])
        })
        .collect()
}

pub(in crate::view) fn render_detail(
    state: &AppState,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = pane_block(" Detail ".into(), false, theme);
    let mut lines = match state.selected_claim() {
        Some(c) => detail_lines(c, theme, None),
        None => vec![Line::styled("no claim selected", theme.dim)],
    };
    if let Some((also, _)) = state.workspace.as_deref().and_then(|w| w.also.as_ref()) {
        let key = state
            .settings
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
        .and_then(|c| crate::view::popup::prior::detail_line(state, &c.id, theme))
    {
        lines.insert(1.min(lines.len()), line);
    }
    let more = more_line(state, theme, &mut lines, crate::app::layout::inner(area));
    lines.extend(more);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

/// How many rows `text` takes wrapped at words to `width` columns.
fn wrapped_rows(text: &str, width: usize) -> usize {
    let (mut rows, mut col) = (1, 0);
    for word in text.split_inclusive(' ') {
        let w = word.width();
        if col > 0 && col + w.min(width) > width && col + word.trim_end().width() > width {
            rows += 1;
            col = 0;
        }
        col += w;
        while col > width {
            rows += 1;
            col -= width;
        }
    }
    rows
}

/// When `lines` wrapped to `inner` do not fit, cut them to leave a row
/// for "… more (Enter)", the key that shows the claim in full.
fn more_line<'a>(
    state: &AppState,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
    inner: Rect,
) -> Option<Line<'a>> {
    let width = usize::from(inner.width).max(1);
    let rows_of = |l: &Line| {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        wrapped_rows(&text, width)
    };
    let room = usize::from(inner.height);
    if lines.iter().map(rows_of).sum::<usize>() <= room || room == 0 {
        return None;
    }
    let mut used = 0;
    let keep = lines
        .iter()
        .take_while(|l| {
            used += rows_of(l);
            used < room
        })
        .count();
    lines.truncate(keep);
    let key = state
        .settings
        .keymap
        .first(Command::Detail)
        .map(|k| format!(" ({k})"))
        .unwrap_or_default();
    Some(Line::styled(format!("… more{key}"), theme.key))
}

/// Where the claim is in the article and its last ten changes (the detail
/// popup only).
fn place_and_history<'a>(c: &Claim, article: &Article, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    // The place as the exports give it: paragraph and line.
    let (paragraph, line) = article.position_of(c.anchor.start);
    let place = match c.orphan {
        true => "not in the article now".to_owned(),
        false => format!("at ¶{paragraph} l.{line} in the article"),
    };
    lines.push(Line::styled(
        format!(
            "{place}{}",
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
    lines
}
