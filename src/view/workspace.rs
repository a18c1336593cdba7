//! Drawing the workspace's overlays: the article switcher, every claim of
//! the workspace, and the claims like the selected one in other articles.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::AppState;
use crate::app::add_article::AddPrompt;
use crate::app::workspace::{ClaimsView, Overlay, SimilarView, Switcher, WorkspaceState};
use crate::domain::Counts;
use crate::domain::sanitize;
use crate::domain::workspace::SheetState;
use crate::view::article::highlighted;
use crate::view::parts::{centered, popup_block};
use crate::view::{Theme, truncate};

/// The overlay on top of everything, if one is open.
pub fn render_overlay(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(w) = state.workspace.as_deref() else {
        return;
    };
    let Some(overlay) = &w.overlay else {
        return;
    };
    if let Overlay::AddArticle(p) = overlay {
        return add_prompt(p, theme, area, buf);
    }
    let r = centered(
        area,
        area.width.saturating_sub(4).max(30),
        area.height.saturating_sub(2).max(5),
    );
    Clear.render(r, buf);
    match overlay {
        Overlay::Switcher(s) => switcher(w, s, theme, r, buf),
        Overlay::Claims(v) => claims(w, v, theme, r, buf),
        Overlay::Similar(v) => similar(w, v, theme, r, buf),
        Overlay::AddArticle(_) => {}
    }
}

/// "reading the sheets 340/1000" while they are read, and "reading
/// SOURCE …" while `A` reads a new article, for the header.
pub fn loading(w: &WorkspaceState) -> Option<String> {
    let sheets = w
        .loading
        .map(|(done, total)| format!("reading sheets {done}/{total}"));
    let adding = w.adding.last().map(|s| match w.adding.len() {
        1 => format!("reading {} …", sanitize::line(s)),
        n => format!("reading {} and {} more …", sanitize::line(s), n - 1),
    });
    match (sheets, adding) {
        (Some(a), Some(b)) => Some(format!("{a}  {b}")),
        (a, b) => a.or(b),
    }
}

/// The one-line prompt of `A`, near the bottom of the screen.
fn add_prompt(p: &AddPrompt, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).max(30).min(area.width);
    let r = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.bottom().saturating_sub(4).max(area.y),
        width,
        height: 3.min(area.height),
    };
    Clear.render(r, buf);
    let inner = frame(
        "Add an article: web address or file (Enter reads it, Esc cancels)",
        theme,
        r,
        buf,
    );
    let room = inner.width.saturating_sub(3) as usize;
    // The end of a long address stays in view while typing.
    let shown: String = {
        let chars: Vec<char> = p.input.chars().collect();
        chars[chars.len().saturating_sub(room)..].iter().collect()
    };
    query_line("› ", &shown, "█", theme, inner, buf);
}

/// Sanitised and cut to `width` cells.
fn fit(s: &str, width: usize) -> String {
    truncate(&sanitize::line(s), width).into_owned()
}

fn gauge(counts: &Counts, cells: usize) -> String {
    let filled = ((counts.progress() * cells as f64).round() as usize).min(cells);
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}

/// The rows of a list that fit `height`, scrolled so `selected` shows.
fn window(len: usize, selected: usize, height: usize) -> std::ops::Range<usize> {
    let height = height.max(1);
    let top = selected
        .saturating_sub(height - 1)
        .min(len.saturating_sub(height));
    top..(top + height).min(len)
}

fn frame(title: &str, theme: &Theme, r: Rect, buf: &mut Buffer) -> Rect {
    let block = popup_block(title, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

fn query_line(prefix: &str, query: &str, after: &str, theme: &Theme, r: Rect, buf: &mut Buffer) {
    let line = Line::from(vec![
        Span::styled(prefix.to_owned(), theme.key),
        Span::raw(sanitize::line(query).into_owned()),
        Span::styled(after.to_owned(), theme.dim),
    ]);
    buf.set_line(r.x, r.y, &line, r.width);
}

/// The list's area: all of `inner` under the query line.
fn below_query(inner: Rect) -> Rect {
    Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    )
}

fn select_row(buf: &mut Buffer, r: Rect, theme: &Theme) {
    buf.set_style(r, theme.selected);
}

fn switcher(w: &WorkspaceState, s: &Switcher, theme: &Theme, r: Rect, buf: &mut Buffer) {
    let title = format!(
        "Articles {}/{} · sort: {} (Ctrl-s) · Enter opens · Esc closes",
        s.rows.len(),
        w.ws.items.len(),
        s.sort.label()
    );
    let inner = frame(&title, theme, r, buf);
    let after = loading(w).map(|l| format!("   {l}")).unwrap_or_default();
    query_line("> ", &s.query, &after, theme, inner, buf);
    let list = below_query(inner);
    if s.rows.is_empty() {
        buf.set_line(
            list.x + 1,
            list.y,
            &Line::styled("no article matches", theme.dim),
            list.width,
        );
        return;
    }
    let width = usize::from(list.width);
    let name_w = (width / 3).clamp(10, 40);
    for (row, pos) in window(s.rows.len(), s.selected, usize::from(list.height)).enumerate() {
        let Some(item) = w.ws.items.get(s.rows[pos]) else {
            continue;
        };
        let y = list.y + row as u16;
        let mark = if Some(s.rows[pos]) == w.current {
            "▸"
        } else {
            " "
        };
        let name = fit(&item.name, name_w);
        let mut spans = vec![
            Span::styled(mark.to_owned(), theme.key),
            Span::styled(format!("{name:<name_w$} "), theme.title),
        ];
        let state_text = match &item.sheet {
            SheetState::Pending => Span::styled("reading…".to_owned(), theme.dim),
            SheetState::Missing => Span::styled("no sheet yet".to_owned(), theme.dim),
            SheetState::Broken(e) => {
                Span::styled(format!("sheet error: {}", sanitize::line(e)), theme.error)
            }
            SheetState::Loaded(_) => {
                let c = item.counts();
                Span::raw(format!(
                    "{} {:>4}/{:<4} ✔{} ?{} ✘{} ·{}",
                    gauge(&c, 8),
                    c.reviewed,
                    c.total,
                    c.confirmed,
                    c.unconfirmed,
                    c.denied,
                    c.not_reviewed
                ))
            }
        };
        let used = 1 + name_w + 1 + state_text.width() + 2;
        spans.push(state_text);
        if width > used + 4 && item.title() != item.name {
            let title = fit(item.title(), width - used);
            spans.push(Span::styled(format!("  {title}"), theme.dim));
        }
        let row_area = Rect::new(list.x, y, list.width, 1);
        buf.set_line(list.x, y, &Line::from(spans), list.width);
        if pos == s.selected {
            select_row(buf, row_area, theme);
        }
    }
}

fn claims(w: &WorkspaceState, v: &ClaimsView, theme: &Theme, r: Rect, buf: &mut Buffer) {
    let total = w.flat.len();
    let mut title = format!("All claims {}/{total}", v.count);
    if v.filter != crate::app::Filter::All {
        title.push_str(&format!(" · {}", v.filter.label()));
    }
    title.push_str(" · f filter · Enter opens · Esc closes");
    let inner = frame(&title, theme, r, buf);
    let after = if v.pending.is_some() {
        "   searching…".to_owned()
    } else if v.count > v.rows.len() {
        format!("   best {} shown", v.rows.len())
    } else {
        String::new()
    };
    let prefix = if v.editing { "/" } else { "/ " };
    query_line(prefix, &v.query, &after, theme, inner, buf);
    let list = below_query(inner);
    if v.rows.is_empty() {
        let msg = if v.pending.is_some() {
            "searching…"
        } else {
            "no claim matches"
        };
        buf.set_line(
            list.x + 1,
            list.y,
            &Line::styled(msg, theme.dim),
            list.width,
        );
        return;
    }
    let width = usize::from(list.width);
    let article_w = (width / 5).clamp(8, 28);
    let speaker_w = 14;
    for (row, pos) in window(v.rows.len(), v.selected, usize::from(list.height)).enumerate() {
        let flat = v.rows[pos];
        let Some((item, c)) = w.flat_claim(flat) else {
            continue;
        };
        let y = list.y + row as u16;
        let article = fit(&item.name, article_w);
        let speaker = sanitize::line(c.speaker.as_deref().unwrap_or("–"));
        let speaker = truncate(&speaker, speaker_w);
        let id = sanitize::line(&c.id);
        let mut spans = vec![
            Span::raw(" "),
            Span::styled(c.mark().to_string(), theme.status(c)),
            Span::raw(" "),
            Span::styled(format!("{article:<article_w$} "), theme.dim),
            Span::styled(format!("{id:<4} "), theme.title),
            Span::styled(format!("{speaker:<speaker_w$} "), theme.dim),
        ];
        let used = 3 + article_w + 1 + 5 + speaker_w + 1;
        let text = sanitize::line(&c.text);
        spans.extend(highlighted(
            &text,
            width.saturating_sub(used),
            v.positions.get(&flat),
            theme.base,
            theme.matched,
        ));
        buf.set_line(list.x, y, &Line::from(spans), list.width);
        if pos == v.selected {
            select_row(buf, Rect::new(list.x, y, list.width, 1), theme);
        }
    }
}

fn similar(w: &WorkspaceState, v: &SimilarView, theme: &Theme, r: Rect, buf: &mut Buffer) {
    let summary = w.also.as_ref().map(|(s, _)| s.as_str()).unwrap_or("");
    let title = format!("{summary} · Enter goes there · y copies the verdict · Esc closes");
    let inner = frame(&title, theme, r, buf);
    let width = usize::from(inner.width);
    let article_w = (width / 4).clamp(8, 30);
    for (row, pos) in window(v.rows.len(), v.selected, usize::from(inner.height)).enumerate() {
        let (item, c, score) = v.rows[pos];
        let Some(item) = w.ws.items.get(item) else {
            continue;
        };
        let Some(c) = item.claims().get(c) else {
            continue;
        };
        let y = inner.y + row as u16;
        let article = fit(&item.name, article_w);
        let head = format!(" {score:.2} ");
        let mut spans = vec![
            Span::styled(head, theme.dim),
            Span::styled(c.mark().to_string(), theme.status(c)),
            Span::raw(" "),
            Span::styled(format!("{article:<article_w$} "), theme.dim),
            Span::styled(format!("{:<4} ", sanitize::line(&c.id)), theme.title),
        ];
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let text = sanitize::line(&c.text);
        spans.push(Span::raw(
            truncate(&text, width.saturating_sub(used)).into_owned(),
        ));
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
        if pos == v.selected {
            select_row(buf, Rect::new(inner.x, y, inner.width, 1), theme);
        }
    }
}
