//! The article switcher.

use super::*;

pub(super) fn switcher(
    w: &WorkspaceState,
    s: &Switcher,
    keys: &Keymap,
    theme: &Theme,
    r: Rect,
    buf: &mut Buffer,
) {
    let title = format!(
        "Articles {}/{} · sort: {} ({}) · {}",
        s.rows.len(),
        w.ws.items.len(),
        s.sort.label(),
        keys.first(Command::PickSort).unwrap_or_default(),
        hints(keys, &[(Command::Ok, "opens"), (Command::Cancel, "closes")])
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
