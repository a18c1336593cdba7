//! Shared by the TUI tests: a sample state with a fixed clock, keys as
//! actions, drawing on ratatui's TestBackend.

use std::path::PathBuf;

use claimdesk::app::{Action, AppState, Effect, Keymap, update};
use claimdesk::domain::{Doc, Stamp};
use claimdesk::view::{self, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn fixed_now() -> Stamp {
    Stamp::parse("2026-11-28T14:03:07Z").unwrap()
}

/// A temporary copy of the sample, opened.
pub fn sample() -> (tempfile::TempDir, PathBuf, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = fixed_now;
    update(&mut s, Action::Resize(120, 40));
    (dir, article, s)
}

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Action {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Action::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Feed keys given as a string of characters; returns all effects.
pub fn typed(s: &mut AppState, keys: &str) -> Vec<Effect> {
    keys.chars().flat_map(|c| update(s, ch(c))).collect()
}

pub fn selected_id(s: &AppState) -> String {
    s.selected_claim().unwrap().id.clone()
}

pub fn terminal(s: &AppState, w: u16, h: u16, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(s, theme, f)).unwrap();
    t
}

pub fn draw(s: &AppState, w: u16, h: u16, theme: &Theme) -> String {
    terminal(s, w, h, theme).backend().to_string()
}

pub fn at(s: &mut AppState, w: u16, h: u16) -> String {
    update(s, Action::Resize(w, h));
    draw(s, w, h, &Theme::colored())
}

/// Code-point offset of `needle` in `text`.
pub fn cp_of(text: &str, needle: &str) -> usize {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    text[..b].chars().count()
}

pub fn esc() -> Action {
    key(KeyCode::Esc)
}

/// Undo then redo the last change: each gives back exactly the sheet
/// before and after it.
pub fn undo_redo_exact(s: &mut AppState, before: &claimdesk::domain::Sheet) {
    let after = s.doc.sheet.clone();
    assert_eq!(update(s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(&s.doc.sheet, before, "undo restores the sheet exactly");
    assert_eq!(update(s, ctrl('y')), vec![Effect::Save]);
    assert_eq!(s.doc.sheet, after, "redo restores the change exactly");
}

/// Cells in the cursor's (^) and the selection's (~) colours, row by row.
pub fn style_marks(t: &Terminal<TestBackend>) -> String {
    use ratatui::style::Color;
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width)
            .map(|x| match buf[(x, y)].bg {
                Color::Yellow => '^',
                Color::Magenta => '~',
                _ => ' ',
            })
            .collect();
        if !row.trim().is_empty() {
            out.push_str(&format!("{y:>2} {}\n", row.trim_end()));
        }
    }
    out
}
