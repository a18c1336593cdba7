//! Colours and emphasis. With `NO_COLOR` set there are no colours at all:
//! selection is reverse video, focus is bold, matches are underlined.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{Claim, Status};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub color: bool,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub matched: Style,
    pub confirmed: Style,
    pub denied: Style,
    pub unconfirmed: Style,
    pub not_reviewed: Style,
    /// Tints of claim spans in the article.
    pub tint_confirmed: Style,
    pub tint_denied: Style,
    pub tint_unconfirmed: Style,
    pub tint_not_reviewed: Style,
    pub tint_selected: Style,
    /// The article cursor (the word it is on) and the visual selection.
    pub cursor: Style,
    pub visual: Style,
    pub error: Style,
    pub ok: Style,
    pub key: Style,
    pub popup: Style,
}

impl Theme {
    /// The theme for this environment: plain when `NO_COLOR` is set (and
    /// not empty).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::colored(),
        }
    }

    pub fn colored() -> Theme {
        Theme {
            color: true,
            base: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            title: Style::default().add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected: Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            matched: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            confirmed: Style::default().fg(Color::Green),
            denied: Style::default().fg(Color::Red),
            unconfirmed: Style::default().fg(Color::Yellow),
            not_reviewed: Style::default().fg(Color::DarkGray),
            tint_confirmed: Style::default().fg(Color::Green),
            tint_denied: Style::default().fg(Color::Red),
            tint_unconfirmed: Style::default().fg(Color::Yellow),
            tint_not_reviewed: Style::default().fg(Color::Cyan),
            tint_selected: Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            cursor: Style::default()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            visual: Style::default().bg(Color::Magenta).fg(Color::White),
            error: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            popup: Style::default(),
        }
    }

    pub fn plain() -> Theme {
        let none = Style::default();
        Theme {
            color: false,
            base: none,
            dim: none,
            title: none.add_modifier(Modifier::BOLD),
            border: none,
            border_focused: none.add_modifier(Modifier::BOLD),
            selected: none.add_modifier(Modifier::REVERSED),
            matched: none.add_modifier(Modifier::UNDERLINED),
            confirmed: none,
            denied: none,
            unconfirmed: none,
            not_reviewed: none,
            tint_confirmed: none.add_modifier(Modifier::ITALIC),
            tint_denied: none.add_modifier(Modifier::ITALIC),
            tint_unconfirmed: none.add_modifier(Modifier::ITALIC),
            tint_not_reviewed: none.add_modifier(Modifier::ITALIC),
            tint_selected: none.add_modifier(Modifier::REVERSED),
            cursor: none.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            visual: none.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            error: none.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: none,
            key: none.add_modifier(Modifier::BOLD),
            popup: none,
        }
    }

    /// The style of a claim's status mark.
    pub fn status(&self, c: &Claim) -> Style {
        if !c.is_reviewed() {
            return self.not_reviewed;
        }
        match c.status {
            Status::Confirmed => self.confirmed,
            Status::Unconfirmed => self.unconfirmed,
            Status::Denied => self.denied,
        }
    }

    /// The tint of a claim's span in the article.
    pub fn tint(&self, c: &Claim) -> Style {
        if !c.is_reviewed() {
            return self.tint_not_reviewed;
        }
        match c.status {
            Status::Confirmed => self.tint_confirmed,
            Status::Unconfirmed => self.tint_unconfirmed,
            Status::Denied => self.tint_denied,
        }
    }
}
