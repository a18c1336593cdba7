//! The split picker.

use crate::app::AppState;
use crate::app::keymap::Command;
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::centered;
use crate::view::parts::popup_block;
use crate::view::parts::{hints, pair};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::Clear;
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;
use ratatui::widgets::Wrap;
use unicode_width::UnicodeWidthStr;

/// The split picker: the claim's words, the first part and the second in
/// different styles, a bar where the cut is.
pub(in crate::view) fn render_split(
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
    let keymap = &state.settings.keymap;
    let keys = pair(keymap, Command::WordPrev, Command::WordNext);
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
                "Split {} · {} {keys} move · {}",
                sanitize::line(id),
                pair(keymap, Command::SplitLeft, Command::SplitRight),
                hints(
                    keymap,
                    &[(Command::Ok, "splits"), (Command::Cancel, "cancels")]
                )
            ),
            theme,
        ))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}
