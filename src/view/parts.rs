//! Pieces every pane and popup uses: fitting text to a width, pane and
//! popup frames, centring, a row of key choices.

use crate::app::{Command, Keymap};
use crate::view::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::Block;
use ratatui::widgets::Borders;
use ratatui::widgets::Clear;
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;
use ratatui::widgets::Wrap;
use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

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

pub(in crate::view) fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
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

pub(in crate::view) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(in crate::view) fn popup_block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.border_focused))
        .style(theme.popup)
}

/// The answers a question popup takes: "k keep mine   t take theirs".
pub(in crate::view) fn choices<'a>(theme: &Theme, items: &[(&str, &str)]) -> Line<'a> {
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

/// A popup with a few lines of text and a row of key choices.
pub(in crate::view) fn choice_popup(
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

/// A popup's key hints from the keymap: `[(Ok, "opens"), (Cancel, "closes")]`
/// gives "Enter opens · Esc closes" with the default keys, and follows any
/// key the user rebinds. A command with no key is left out.
pub fn hints(keymap: &Keymap, items: &[(Command, &str)]) -> String {
    items
        .iter()
        .filter_map(|(c, what)| keymap.first(*c).map(|k| format!("{k} {what}")))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Two commands' first keys as one hint key, "j/k" or "←/→".
pub fn pair(keymap: &Keymap, a: Command, b: Command) -> String {
    let key = |c| keymap.first(c).unwrap_or_default();
    format!("{}/{}", key(a), key(b))
}

#[cfg(test)]
mod hint_tests {
    use super::*;

    #[test]
    fn hints_follow_the_keymap() {
        let default = Keymap::default();
        let items = [(Command::Ok, "opens"), (Command::Cancel, "closes")];
        assert_eq!(hints(&default, &items), "Enter opens · Esc closes");
        assert_eq!(pair(&default, Command::Down, Command::Up), "j/k");
        let user: toml::Table = toml::from_str("[popup]\ncancel = [\"Ctrl-g\"]\n").unwrap();
        let rebound = Keymap::from_config(&user).unwrap();
        assert_eq!(hints(&rebound, &items), "Enter opens · Ctrl-g closes");
    }
}
