//! Drawing the workspace's overlays: the article switcher, every claim of
//! the workspace, and the claims like the selected one in other articles.

mod claims;
mod similar;
mod switcher;

use claims::claims;
use similar::similar;
use switcher::switcher;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::AppState;
use crate::app::add_article::AddPrompt;
use crate::app::workspace::{ClaimsView, Overlay, SimilarView, Switcher, WorkspaceState};
use crate::app::{Command, Keymap};
use crate::domain::Counts;
use crate::domain::sanitize;
use crate::domain::workspace::SheetState;
use crate::view::article::highlighted;
use crate::view::parts::{centered, hints, popup_block};
use crate::view::{Theme, truncate};

/// A workspace view, drawn as a popup.
pub fn render_overlay(
    state: &AppState,
    overlay: &Overlay,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(w) = state.workspace.as_deref() else {
        return;
    };
    if let Overlay::AddArticle(p) = overlay {
        return add_prompt(p, &state.settings.keymap, theme, area, buf);
    }
    let r = centered(
        area,
        area.width.saturating_sub(4).max(30),
        area.height.saturating_sub(2).max(5),
    );
    Clear.render(r, buf);
    let keys = &state.settings.keymap;
    match overlay {
        Overlay::Switcher(s) => switcher(w, s, keys, theme, r, buf),
        Overlay::Claims(v) => claims(w, v, keys, theme, r, buf),
        Overlay::Similar(v) => similar(w, v, keys, theme, r, buf),
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
fn add_prompt(p: &AddPrompt, keys: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).max(30).min(area.width);
    let r = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.bottom().saturating_sub(4).max(area.y),
        width,
        height: 3.min(area.height),
    };
    Clear.render(r, buf);
    let title = format!(
        "Add an article: web address or file ({})",
        hints(
            keys,
            &[(Command::Ok, "reads it"), (Command::Cancel, "cancels")]
        )
        .replace(" · ", ", ")
    );
    let inner = frame(&title, theme, r, buf);
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
