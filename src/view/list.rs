//! The claims list.

use crate::app::AppState;
use crate::app::Focus;
use crate::app::layout;
use crate::domain::Claim;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::article::highlighted;
use crate::view::parts::pane_block;
use crate::view::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

pub(in crate::view) fn render_list(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Focus::List;
    let mut title = format!(
        " Claims {}/{} ",
        state.list.visible.len(),
        state.claims().len()
    );
    if let Some(s) = state.search.as_ref().filter(|s| s.cut()) {
        title.push_str(&format!(
            "· best {} of {} matches ",
            s.hits.len(),
            s.matched
        ));
    }
    if state.filter != crate::app::Filter::All {
        title.push_str(&format!("· {} ", state.filter.label()));
    }
    if state.order != crate::config::ListOrder::Article {
        title.push_str(&format!("· {} ", state.order.label()));
    }
    pane_block(title, focused, theme).render(area, buf);
    let inner = layout::inner(area);
    let per = layout::list_row_height(area);
    let h = usize::from(inner.height) / per;
    let claims = state.claims();
    if state.list.visible.is_empty() {
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
    let total = state.list.visible.len() + usize::from(orphans_at.is_some());
    let start = state.list.offset.min(total);
    let end = (start + h).min(total);
    let rows: Vec<Option<usize>> = (start..end)
        .map(|r| crate::app::pos_at_row(orphans_at, r).map(|p| state.list.visible[p]))
        .collect();
    let id_w = rows
        .iter()
        .flatten()
        .map(|&i| sanitize::line(&claims[i].id).width())
        .max()
        .unwrap_or(2);
    let width = usize::from(inner.width);
    let speaker_w = if width >= 60 { 16 } else { 10 };
    for (row, &i) in rows.iter().enumerate() {
        let y = inner.y + (row * per) as u16;
        let Some(i) = i else {
            let n = state.list.visible.len() - orphans_at.unwrap_or(0);
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
        let row_area = Rect::new(inner.x, y, inner.width, per as u16);
        claim_row(state, theme, i, row_area, (id_w, speaker_w), buf);
    }
}

/// One claim's row: prior mark, verdict mark, id, speaker, text (search
/// matches underlined), the selection patched over it.
fn claim_row(
    state: &AppState,
    theme: &Theme,
    i: usize,
    row_area: Rect,
    (id_w, speaker_w): (usize, usize),
    buf: &mut Buffer,
) {
    let (claims, y, width) = (state.claims(), row_area.y, usize::from(row_area.width));
    let positions = state.search.as_ref().map(|s| &s.positions);
    let c = &claims[i];
    let is_sel = Some(i) == state.list.selected;
    let id = sanitize::line(&c.id);
    let (assignee, assignee_w) = assignee_of(c);
    let two_rows = row_area.height >= 2;
    // On two rows the speaker (and assignee) have the first, the text the
    // second.
    let speaker_w = match two_rows {
        true => width.saturating_sub(3 + id_w + 1 + 1 + assignee_w),
        false => speaker_w,
    };
    let speaker = sanitize::line(c.speaker.as_deref().unwrap_or("–"));
    let speaker = truncate(&speaker, speaker_w);
    let text = sanitize::line(&c.text.replace('\n', " ")).into_owned();
    let used = match two_rows {
        true => 3 + id_w + 1,
        false => 3 + id_w + 1 + speaker_w + 1 + assignee_w,
    };
    let text_w = width.saturating_sub(used);
    let checked = !state.prior_of(&c.id).is_empty();
    // A claim selected for a bulk action shows "+" before its mark; a
    // disputed one "⚡" (two cells) for its mark.
    let mut spans = marks(state.is_chosen(i), checked, c, theme);
    spans.extend([
        Span::styled(format!("{id:<id_w$} "), theme.title),
        Span::styled(
            format!("{speaker:<speaker_w$} ", speaker = speaker),
            theme.dim,
        ),
    ]);
    if let Some(a) = assignee {
        spans.push(Span::styled(a, theme.key));
    }
    let text_spans = highlighted(
        &text,
        text_w,
        positions.and_then(|p| p.get(&i)),
        theme.base,
        theme.matched,
    );
    let second = match two_rows {
        true => {
            let mut second = vec![Span::raw(" ".repeat(used))];
            second.extend(text_spans);
            Some(Line::from(second))
        }
        false => {
            spans.extend(text_spans);
            None
        }
    };
    let line = Line::from(spans);
    if is_sel {
        buf.set_style(row_area, theme.selected);
    }
    buf.set_line(row_area.x, y, &line, row_area.width);
    if let Some(second) = second {
        buf.set_line(row_area.x, y + 1, &second, row_area.width);
    }
    if is_sel {
        patch_selection(buf, row_area, theme);
    }
}

/// The marks before a claim's id: chosen (+) or checked before (↺), and
/// its verdict (⚡ when disputed, two cells).
fn marks<'a>(chosen: bool, checked: bool, c: &Claim, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = vec![if chosen {
        Span::styled("+", theme.key)
    } else if checked {
        Span::styled("↺", theme.key)
    } else {
        Span::raw(" ")
    }];
    if crate::domain::team::is_disputed(c) {
        spans.push(Span::styled("⚡", theme.unconfirmed));
    } else {
        spans.push(Span::styled(c.mark().to_string(), theme.status(c)));
        spans.push(Span::raw(" "));
    }
    spans
}

/// The assignee, if any, shown before the text ("@ana "), and its width.
fn assignee_of(c: &Claim) -> (Option<String>, usize) {
    let assignee = c
        .assignee
        .as_deref()
        .map(|a| format!("@{} ", truncate(&sanitize::line(a), 8)));
    let w = assignee.as_deref().map_or(0, UnicodeWidthStr::width);
    (assignee, w)
}

/// Patch the selection over a row, keeping match underlines.
fn patch_selection(buf: &mut Buffer, row_area: Rect, theme: &Theme) {
    for (x, y) in row_area.positions().map(|p| (p.x, p.y)) {
        if let Some(cell) = buf.cell_mut(Position::new(x, y)) {
            let st = cell.style();
            let mut s = st.patch(theme.selected);
            s.add_modifier |= st.add_modifier;
            cell.set_style(s);
        }
    }
}

pub(in crate::view) fn status_text(c: &Claim) -> &'static str {
    crate::domain::Verdict::of(c).label()
}
