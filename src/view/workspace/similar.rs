//! Similar claims in other articles.

use super::*;

pub(super) fn similar(
    w: &WorkspaceState,
    v: &SimilarView,
    keys: &Keymap,
    theme: &Theme,
    r: Rect,
    buf: &mut Buffer,
) {
    let summary = w.also.as_ref().map(|(s, _)| s.as_str()).unwrap_or("");
    let hint = hints(
        keys,
        &[
            (Command::Ok, "goes there"),
            (Command::PickCopy, "copies the verdict"),
            (Command::Cancel, "closes"),
        ],
    );
    let title = format!("{summary} · {hint}");
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
