//! Every claim of the workspace, searched and filtered.

use super::*;

/// "All claims 12/40 · denied · f filter · Enter opens · Esc closes".
fn title(w: &WorkspaceState, v: &ClaimsView, keys: &Keymap) -> String {
    let mut title = format!("All claims {}/{}", v.count, w.flat.len());
    if v.filter != crate::app::Filter::All {
        title.push_str(&format!(" · {}", v.filter.label()));
    }
    title.push_str(" · ");
    title.push_str(&hints(
        keys,
        &[
            (Command::PickFilter, "filter"),
            (Command::Ok, "opens"),
            (Command::Cancel, "closes"),
        ],
    ));
    title
}

pub(super) fn claims(
    w: &WorkspaceState,
    v: &ClaimsView,
    keys: &Keymap,
    theme: &Theme,
    r: Rect,
    buf: &mut Buffer,
) {
    let inner = frame(&title(w, v, keys), theme, r, buf);
    let searching = w.claims_search.pending.is_some();
    let after = if searching {
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
        let msg = if searching {
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
