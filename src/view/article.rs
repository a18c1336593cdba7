//! The article pane: the wrapped text, claims highlighted, the cursor and
//! the visual selection.

use crate::app::AppState;
use crate::app::Focus;
use crate::app::layout;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::pane_block;
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::Widget;

pub(in crate::view) fn render_article(
    state: &AppState,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
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
    let overlapping = overlapping(claims, first_cp, last_cp);
    let selected = state.selected;
    let article = &state.doc.article;
    let (cursor, selection) = cursor_marks(state, focused);
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

/// The claims overlapping `first_cp..last_cp` (claims are in article
/// order), orphans left out (they have no place in the text).
fn overlapping(claims: &[crate::domain::Claim], first_cp: usize, last_cp: usize) -> Vec<usize> {
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
    overlapping
}

/// A span of code points in the article, if there is one.
type CpSpan = Option<(usize, usize)>;

/// The cursor's word and the visual selection, when the article has the
/// keyboard.
fn cursor_marks(state: &AppState, focused: bool) -> (CpSpan, CpSpan) {
    if !focused {
        return (None, None);
    }
    let word = state.nav.words.get(state.word).copied();
    let sel = state.visual.and_then(|v| state.nav.span(v, state.word));
    (word, sel)
}

/// Spans of `text` (already sanitised, one line) cut to `width` columns,
/// with the characters at `positions` in the match style.
pub(in crate::view) fn highlighted<'a>(
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
