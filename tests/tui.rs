//! The review TUI: key sequences on `update`, screen snapshots with
//! ratatui's TestBackend, and the real binary in a pseudo-terminal.

mod common;

use std::path::{Path, PathBuf};

use claimdesk::app::{Action, AppState, Command, Effect, Filter, Focus, Keymap, Popup, update};
use claimdesk::domain::{Doc, Stamp, Status};
use claimdesk::view::{self, Theme};
use common::{Pty, perform_all};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fixed_now() -> Stamp {
    Stamp::parse("2026-11-28T14:03:07Z").unwrap()
}

/// A temporary copy of the sample, opened.
fn sample() -> (tempfile::TempDir, PathBuf, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.clock = fixed_now;
    update(&mut s, Action::Resize(120, 40));
    (dir, article, s)
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Action {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Action::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Feed keys given as a string of characters; returns all effects.
fn typed(s: &mut AppState, keys: &str) -> Vec<Effect> {
    keys.chars().flat_map(|c| update(s, ch(c))).collect()
}

fn selected_id(s: &AppState) -> String {
    s.selected_claim().unwrap().id.clone()
}

// ---------------------------------------------------------------- keys

#[test]
fn movement_keys_move_and_clamp() {
    let (_d, _p, mut s) = sample();
    assert_eq!(selected_id(&s), "C1");
    typed(&mut s, "jj");
    assert_eq!(selected_id(&s), "C3");
    update(&mut s, key(KeyCode::Down));
    assert_eq!(selected_id(&s), "C4");
    typed(&mut s, "k");
    update(&mut s, key(KeyCode::Up));
    assert_eq!(selected_id(&s), "C2");
    typed(&mut s, "G");
    assert_eq!(selected_id(&s), "C15");
    typed(&mut s, "j");
    assert_eq!(selected_id(&s), "C15", "clamped at the end");
    typed(&mut s, "g");
    assert_eq!(selected_id(&s), "C1");
    typed(&mut s, "k");
    assert_eq!(selected_id(&s), "C1", "clamped at the top");
    update(&mut s, key(KeyCode::End));
    assert_eq!(selected_id(&s), "C15");
    update(&mut s, key(KeyCode::Home));
    update(&mut s, key(KeyCode::PageDown));
    assert_eq!(selected_id(&s), "C15", "a page is taller than 15 claims");
    update(&mut s, ctrl('u'));
    assert_eq!(selected_id(&s), "C1");
    update(&mut s, Action::Resize(80, 12));
    update(&mut s, ctrl('d'));
    let after_half = selected_id(&s);
    assert!(after_half != "C1" && after_half != "C15", "{after_half}");
}

#[test]
fn marking_stamps_saves_and_advances_to_next_unreviewed() {
    let (_d, path, mut s) = sample();
    let effects = typed(&mut s, "c");
    assert_eq!(effects, vec![Effect::Save]);
    let c1 = &s.claims()[0];
    assert_eq!(c1.status, Status::Confirmed);
    assert_eq!(c1.reviewed_by.as_deref(), Some("ana"));
    assert_eq!(c1.reviewed_at, Some(fixed_now()));
    assert_eq!(selected_id(&s), "C2");
    typed(&mut s, "d");
    assert_eq!(s.claims()[1].status, Status::Denied);
    assert_eq!(selected_id(&s), "C3");
    // 2 is unconfirmed too.
    typed(&mut s, "2");
    assert_eq!(s.claims()[2].status, Status::Unconfirmed);
    assert!(s.claims()[2].is_reviewed());
    // Marking an earlier claim again skips the reviewed ones.
    typed(&mut s, "gu");
    assert_eq!(selected_id(&s), "C4");
    perform_all(&mut s, vec![Effect::Save]);
    let on_disk = Doc::open(&path).unwrap();
    assert_eq!(on_disk.sheet.claims[0].status, Status::Unconfirmed);
    assert!(on_disk.sheet.claims[0].is_reviewed());
    assert_eq!(on_disk.sheet.claims[1].status, Status::Denied);
    assert_eq!(on_disk.sheet.counts().reviewed, 3);
}

#[test]
fn advance_can_be_turned_off() {
    let (_d, _p, mut s) = sample();
    s.advance = false;
    typed(&mut s, "1");
    assert_eq!(selected_id(&s), "C1");
    assert_eq!(s.claims()[0].status, Status::Confirmed);
}

#[test]
fn undo_and_redo_every_change_and_each_is_saved() {
    let (_d, path, mut s) = sample();
    let before = s.claims().to_vec();
    let mut effects = typed(&mut s, "cdu");
    perform_all(&mut s, std::mem::take(&mut effects));
    assert_eq!(s.doc.sheet.counts().reviewed, 3);
    // Ctrl-z twice, Backspace once: back to the start.
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(selected_id(&s), "C3");
    assert!(!s.claims()[2].is_reviewed());
    update(&mut s, ctrl('z'));
    let e = update(&mut s, key(KeyCode::Backspace));
    assert_eq!(e, vec![Effect::Save]);
    assert_eq!(s.claims(), &before[..]);
    assert_eq!(selected_id(&s), "C1");
    perform_all(&mut s, e);
    assert_eq!(Doc::open(&path).unwrap().sheet.counts().reviewed, 0);
    assert!(update(&mut s, ctrl('z')).is_empty(), "nothing left to undo");
    // Ctrl-y and Ctrl-r redo.
    update(&mut s, ctrl('y'));
    update(&mut s, ctrl('r'));
    assert_eq!(s.claims()[0].status, Status::Confirmed);
    assert_eq!(s.claims()[1].status, Status::Denied);
    assert!(!s.claims()[2].is_reviewed());
    // A new change drops the redo stack.
    typed(&mut s, "gd");
    assert!(update(&mut s, ctrl('y')).is_empty());
}

#[test]
fn undo_remembers_at_least_a_hundred_steps() {
    let (_d, _p, mut s) = sample();
    s.advance = false;
    for k in 0..150 {
        typed(&mut s, if k % 2 == 0 { "c" } else { "d" });
    }
    assert_eq!(s.claims()[0].status, Status::Denied);
    for _ in 0..150 {
        assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    }
    assert!(!s.claims()[0].is_reviewed());
    assert_eq!(s.claims()[0].history.len(), 0);
}

#[test]
fn filter_cycles_and_combines_with_marking() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "cd");
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::NotReviewed);
    assert_eq!(s.visible.len(), 13);
    assert!(s.visible.iter().all(|&i| !s.claims()[i].is_reviewed()));
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::Confirmed);
    assert_eq!(s.visible, vec![0]);
    assert_eq!(selected_id(&s), "C1");
    typed(&mut s, "ff");
    assert_eq!(s.filter, Filter::Denied);
    assert_eq!(s.visible, vec![1]);
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::All);
    assert_eq!(s.visible.len(), 15);
    // Under "not reviewed", a verdict makes the claim leave the list.
    typed(&mut s, "f");
    let first = selected_id(&s);
    typed(&mut s, "c");
    assert!(s.selected_claim().is_some_and(|c| !c.is_reviewed()));
    assert_ne!(selected_id(&s), first);
    assert_eq!(s.visible.len(), 12);
}

#[test]
fn focus_and_article_navigation() {
    let (_d, _p, mut s) = sample();
    assert_eq!(s.focus, Focus::List);
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Article);
    // J/K (and Ctrl-e) scroll the article, not the selection; j/k move the
    // article cursor by sentence (see article_cursor_moves_by_sentence_and_word).
    let top = s.article_top;
    typed(&mut s, "JJ");
    update(&mut s, ctrl('e'));
    assert_eq!(selected_id(&s), "C1");
    assert_eq!(s.article_top, top + 3);
    typed(&mut s, "K");
    assert_eq!(s.article_top, top + 2);
    // ] and [ jump through the claims in the text and select them.
    typed(&mut s, "]]");
    assert_eq!(selected_id(&s), "C3");
    typed(&mut s, "[");
    assert_eq!(selected_id(&s), "C2");
    typed(&mut s, "l");
    assert_eq!(s.focus, Focus::List);
    typed(&mut s, "h");
    assert_eq!(s.focus, Focus::Article);
    // The selected claim is kept near the middle of the article pane.
    typed(&mut s, "G");
    typed(&mut s, "]]]]]]]]]]]]");
    assert_eq!(selected_id(&s), "C14");
    let line = s.wrapped.line_of(s.selected_claim().unwrap().anchor.start);
    let height = 40 - 4;
    assert!(line >= s.article_top && line < s.article_top + height);
    let total = s.wrapped.lines.len();
    if total > height {
        let from_middle = (line as isize - (s.article_top + height / 2) as isize).abs();
        let at_end = s.article_top + height == total;
        assert!(
            from_middle <= 2 || at_end,
            "line {line} top {}",
            s.article_top
        );
    }
}

#[test]
fn popups_close_innermost_and_esc_never_quits() {
    let (_d, _p, mut s) = sample();
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert!(!s.quitting);
    update(&mut s, key(KeyCode::Enter));
    assert!(matches!(s.popups.last(), Some(Popup::Detail)));
    typed(&mut s, "?");
    assert_eq!(s.popups.len(), 2);
    update(&mut s, key(KeyCode::Esc));
    assert!(matches!(s.popups.last(), Some(Popup::Detail)));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
    update(&mut s, key(KeyCode::F(1)));
    assert!(matches!(s.popups.last(), Some(Popup::Help)));
    update(&mut s, key(KeyCode::Esc));
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert!(!s.quitting);
}

#[test]
fn quit_keys() {
    let (_d, _p, mut s) = sample();
    assert_eq!(typed(&mut s, "q"), vec![Effect::Quit]);
    let (_d, _p, mut s) = sample();
    assert_eq!(update(&mut s, ctrl('c')), vec![Effect::Quit]);
    // With a change that could not be saved, q asks first.
    let (_d, _p, mut s) = sample();
    typed(&mut s, "c");
    update(&mut s, Action::SaveFailed("disk full".into()));
    assert!(typed(&mut s, "q").is_empty());
    assert!(s.message.as_deref().unwrap().contains("Ctrl-s retries"));
    assert_eq!(update(&mut s, ctrl('s')), vec![Effect::Save]);
    assert!(typed(&mut s, "q").is_empty());
    assert_eq!(typed(&mut s, "q"), vec![Effect::Quit]);
}

#[test]
fn note_editor_keeps_with_ctrl_s_and_cancels_with_esc() {
    let (_d, path, mut s) = sample();
    typed(&mut s, "j");
    assert_eq!(selected_id(&s), "C2");
    let old = s.claims()[1].note.clone();
    typed(&mut s, "e");
    assert!(matches!(s.popups.last(), Some(Popup::Note { .. })));
    // Keys go to the editor, not the keymap: "q" and "c" are text here.
    assert!(typed(&mut s, "qc").is_empty());
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
    assert_eq!(s.claims()[1].note, old);
    typed(&mut s, "e");
    update(&mut s, key(KeyCode::Enter));
    typed(&mut s, "Call the embassy.");
    let e = update(&mut s, ctrl('s'));
    assert_eq!(e, vec![Effect::Save]);
    assert_eq!(s.claims()[1].note, format!("{old}\nCall the embassy."));
    perform_all(&mut s, e);
    assert!(
        Doc::open(&path).unwrap().sheet.claims[1]
            .note
            .ends_with("\nCall the embassy.")
    );
    // Undo takes the note back.
    update(&mut s, ctrl('z'));
    assert_eq!(s.claims()[1].note, old);
}

#[test]
fn add_source() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "s");
    typed(&mut s, "https://example.org/x");
    let e = update(&mut s, key(KeyCode::Enter));
    assert_eq!(e, vec![Effect::Save]);
    assert!(
        s.claims()[0]
            .sources
            .contains(&"https://example.org/x".to_owned())
    );
    typed(&mut s, "s");
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
}

#[test]
fn search_narrows_keeps_steps_and_restores() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jjj");
    assert_eq!(selected_id(&s), "C4");
    typed(&mut s, "/");
    assert!(s.search.as_ref().unwrap().editing);
    assert_eq!(s.visible.len(), 15, "an empty query shows everything");
    typed(&mut s, "taliban");
    let n = s.visible.len();
    assert!(n > 0 && n < 15, "{n}");
    for &i in &s.visible {
        let c = &s.claims()[i];
        let hay = format!(
            "{} {} {}",
            c.text,
            c.note,
            c.speaker.clone().unwrap_or_default()
        )
        .to_lowercase();
        assert!(hay.contains('t') && hay.contains('b'), "{}", c.id);
    }
    // Keys are text while typing: "q" does not quit, "j" is a letter.
    assert!(s.search.as_ref().unwrap().query == "taliban");
    typed(&mut s, "x");
    let narrower = s.visible.len();
    assert!(narrower <= n);
    update(&mut s, key(KeyCode::Backspace));
    assert_eq!(s.visible.len(), n);
    update(&mut s, key(KeyCode::Enter));
    assert!(!s.search.as_ref().unwrap().editing);
    assert_eq!(s.search_status().unwrap(), format!("/taliban 1/{n}"));
    let first = selected_id(&s);
    typed(&mut s, "n");
    assert_eq!(s.search_status().unwrap(), format!("/taliban 2/{n}"));
    typed(&mut s, "N");
    assert_eq!(selected_id(&s), first);
    typed(&mut s, "N");
    assert_eq!(
        s.search_status().unwrap(),
        format!("/taliban {n}/{n}"),
        "wraps"
    );
    // The status filter combines with the search.
    typed(&mut s, "c");
    typed(&mut s, "ff");
    assert_eq!(s.filter, Filter::Confirmed);
    assert_eq!(s.visible.len(), 1);
    typed(&mut s, "fff");
    assert_eq!(s.filter, Filter::All);
    assert_eq!(s.visible.len(), n);
    // Esc clears the search and restores the selection from before it.
    update(&mut s, key(KeyCode::Esc));
    assert!(s.search.is_none());
    assert_eq!(s.visible.len(), 15);
    assert_eq!(selected_id(&s), "C4");
}

#[test]
fn search_matching_nothing_shows_an_empty_list() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "/zzzqqqxxx");
    assert!(s.visible.is_empty());
    assert!(s.selected.is_none() || !s.visible.contains(&s.selected.unwrap()));
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("no claim matches the search"), "{screen}");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(selected_id(&s), "C1");
}

#[test]
fn remapped_keys_from_config() {
    let (_d, _p, s0) = sample();
    let user: toml::Table = "quit = [\"Q\"]\nconfirm = [\"y\"]".parse().unwrap();
    let mut s = s0.clone();
    s.keymap = Keymap::from_config(&user).unwrap();
    assert!(typed(&mut s, "q").is_empty());
    assert!(typed(&mut s, "c").is_empty());
    let e = typed(&mut s, "y");
    assert_eq!(e, vec![Effect::Save]);
    perform_all(&mut s, e);
    assert_eq!(typed(&mut s, "Q"), vec![Effect::Quit]);
    // The help overlay shows the live keymap.
    update(&mut s, key(KeyCode::F(1)));
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("Q  "), "{screen}");
    assert!(screen.contains("y  "));
}

#[test]
fn save_failure_is_shown_and_retried() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "c");
    update(
        &mut s,
        Action::SaveFailed("x.claims.toml: cannot save: read-only".into()),
    );
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("NOT SAVED"), "{screen}");
    assert!(screen.contains("(Ctrl-s retries)"), "{screen}");
    assert!(s.doc.is_dirty(), "the change stays in memory");
    let e = update(&mut s, Action::Run(Command::Save));
    assert_eq!(e, vec![Effect::Save]);
    perform_all(&mut s, e);
    assert!(!s.doc.is_dirty());
    update(&mut s, Action::Saved("14:03:07".into()));
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("saved "), "{screen}");
}

#[test]
fn resizing_never_panics_and_keeps_the_selection() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jjjjj");
    update(&mut s, key(KeyCode::Enter));
    for (w, h) in [
        (0, 0),
        (1, 1),
        (39, 9),
        (40, 10),
        (41, 11),
        (80, 24),
        (99, 30),
        (100, 30),
        (250, 80),
        (40, 200),
    ] {
        update(&mut s, Action::Resize(w, h));
        for t in [Theme::colored(), Theme::plain()] {
            draw(&s, w.max(1), h.max(1), &t);
        }
        assert_eq!(selected_id(&s), "C6");
    }
}

#[test]
fn control_characters_never_reach_the_screen() {
    let (_d, _p, mut s) = sample();
    s.doc.sheet.claims[0].text = "evil \u{1b}[31mred\u{7} text".into();
    s.doc.sheet.claims[0].note = "note \u{1b}]0;title\u{7}".into();
    s.doc.sheet.claims[0].speaker = Some("sp\u{202e}eaker".into());
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}') && !screen.contains('\u{202e}')
    );
    assert!(screen.contains("evil ␛[31mred␇ text"), "{screen}");
    update(&mut s, key(KeyCode::Enter));
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(!screen.contains('\u{1b}'));
}

// ---------------------------------------------------------------- screens

fn terminal(s: &AppState, w: u16, h: u16, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(s, theme, f)).unwrap();
    t
}

fn draw(s: &AppState, w: u16, h: u16, theme: &Theme) -> String {
    terminal(s, w, h, theme).backend().to_string()
}

fn at(s: &mut AppState, w: u16, h: u16) -> String {
    update(s, Action::Resize(w, h));
    draw(s, w, h, &Theme::colored())
}

#[test]
fn snapshot_120x40() {
    let (_d, _p, mut s) = sample();
    let e = typed(&mut s, "cdjj");
    perform_all(&mut s, e);
    update(&mut s, Action::Saved("14:03:07".into()));
    insta::assert_snapshot!("wide_120x40", at(&mut s, 120, 40));
}

#[test]
fn snapshot_80x24_list_and_article() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jj");
    insta::assert_snapshot!("narrow_80x24_list", at(&mut s, 80, 24));
    update(&mut s, key(KeyCode::Tab));
    insta::assert_snapshot!("narrow_80x24_article", at(&mut s, 80, 24));
}

#[test]
fn snapshot_help_overlay() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "?");
    insta::assert_snapshot!("help_120x40", at(&mut s, 120, 40));
    insta::assert_snapshot!("help_80x24", at(&mut s, 80, 24));
}

#[test]
fn snapshot_too_small() {
    let (_d, _p, mut s) = sample();
    insta::assert_snapshot!("too_small_39x9", at(&mut s, 39, 9));
}

#[test]
fn snapshot_search_and_detail() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "/karzai peace");
    insta::assert_snapshot!("search_typing_120x40", at(&mut s, 120, 40));
    update(&mut s, key(KeyCode::Enter));
    update(&mut s, key(KeyCode::Enter));
    insta::assert_snapshot!("detail_popup_80x24", at(&mut s, 80, 24));
}

#[test]
fn snapshot_styled_status_colours() {
    let (_d, _p, mut s) = sample();
    let e = typed(&mut s, "cdu");
    perform_all(&mut s, e);
    update(&mut s, Action::Saved("14:03:07".into()));
    update(&mut s, Action::Resize(80, 24));
    let t = terminal(&s, 80, 24, &Theme::colored());
    insta::assert_debug_snapshot!("styled_80x24", t.backend().buffer());
}

#[test]
fn no_color_uses_no_colours() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "cdu/peace");
    update(&mut s, key(KeyCode::Enter));
    for (w, h) in [(120, 40), (80, 24)] {
        update(&mut s, Action::Resize(w, h));
        let t = terminal(&s, w, h, &Theme::plain());
        let buf = t.backend().buffer();
        let mut reversed = 0;
        let mut underlined = 0;
        for cell in buf.content() {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
            if cell.modifier.contains(ratatui::style::Modifier::REVERSED) {
                reversed += 1;
            }
            if cell.modifier.contains(ratatui::style::Modifier::UNDERLINED) {
                underlined += 1;
            }
        }
        assert!(reversed > 0, "selection by reverse video");
        assert!(underlined > 0, "matches by underline");
    }
}

// ---------------------------------------------------------------- the real binary

fn wait_for(
    parser: &mut vt100::Parser,
    rx: &std::sync::mpsc::Receiver<Vec<u8>>,
    what: &dyn Fn(&str) -> bool,
) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let screen = parser.screen().contents();
        if what(&screen) {
            return screen;
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        assert!(!left.is_zero(), "timed out; the screen was:\n{screen}");
        if let Ok(bytes) = rx.recv_timeout(left.min(std::time::Duration::from_millis(200))) {
            parser.process(&bytes);
        }
    }
}

fn copy_sample(dir: &Path) -> PathBuf {
    claimdesk::cli::write_sample(dir).unwrap()
}

#[test]
fn end_to_end_in_a_pseudo_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};

    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "analyst = \"e2e tester\"\n").unwrap();
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_claimdesk"));
    cmd.arg(&article);
    cmd.env("TERM", "xterm-256color");
    cmd.env("CLAIMDESK_CONFIG", &config);
    cmd.env_remove("NO_COLOR");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(40).unwrap(),
        std::num::NonZeroU16::new(120).unwrap(),
        0,
    );
    // The article and the claims list are both on screen.
    let screen = wait_for(&mut parser, &rx, &|s| {
        s.contains("Claims 15/15")
            && s.contains("0/15 reviewed")
            && s.contains("│The US is in contact with the Taliban about a possible peace")
            && s.contains("C15 Robert Ga")
    });
    assert!(screen.contains("according to Hamid Karzai"), "{screen}");
    // Move to C2 and deny it; the screen shows it saved.
    writer.write_all(b"jd").unwrap();
    writer.flush().unwrap();
    wait_for(&mut parser, &rx, &|s| {
        s.contains("1/15 reviewed") && s.contains("saved ")
    });
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.exit_code(), 0);
    // The terminal was restored: the alternate screen was left.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while parser.screen().alternate_screen() && std::time::Instant::now() < deadline {
        if let Ok(bytes) = rx.recv_timeout(std::time::Duration::from_millis(100)) {
            parser.process(&bytes);
        }
    }
    assert!(
        !parser.screen().alternate_screen(),
        "still in the alternate screen"
    );
    let doc = Doc::open(&article).unwrap();
    let c2 = &doc.sheet.claims[1];
    assert_eq!(c2.id, "C2");
    assert_eq!(c2.status, Status::Denied);
    assert_eq!(c2.reviewed_by.as_deref(), Some("e2e tester"));
    assert_eq!(doc.sheet.counts().reviewed, 1);
}

#[test]
fn mouse_is_off_unless_configured() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let click = |row: u16| {
        Action::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 90,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let (_d, _p, mut s) = sample();
    // Row 2 is the list's first row, so row 6 is C5.
    update(&mut s, click(6));
    assert_eq!(selected_id(&s), "C1", "mouse off by default");
    s.mouse = true;
    update(&mut s, click(6));
    assert_eq!(selected_id(&s), "C5");
    update(
        &mut s,
        Action::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 90,
            row: 6,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(selected_id(&s), "C6");
}

fn spawn_tui(dir: &Path, path: &Path) -> Pty {
    spawn_tui_with(dir, path, &[])
}

fn spawn_tui_with(dir: &Path, path: &Path, env: &[(&str, &str)]) -> Pty {
    Pty::spawn(dir, &[path.as_os_str()], env, (80, 24))
}

#[test]
fn sigterm_restores_the_terminal_and_a_missing_sheet_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.txt");
    std::fs::write(&article, "Alice said the bridge is 40 years old.\n").unwrap();
    let mut p = spawn_tui(dir.path(), &article);
    // The sheet is created through init's code path: the extractor's claim.
    p.wait_for(&|s| s.contains("C1 Alice") && s.contains("0/1 reviewed"));
    let created = claimdesk::domain::Doc::open(&article).unwrap();
    assert_eq!(created.sheet.claims.len(), 1);
    assert_eq!(created.sheet.claims[0].speaker.as_deref(), Some("Alice"));
    let pid = p.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(p.exit_code(), 128 + 15, "128 + SIGTERM");
    assert!(!p.parser.screen().alternate_screen());
}

// ---------------------------------------------------------------- export (E)

#[test]
fn export_key_picks_a_format_and_reports_the_file() {
    use claimdesk::domain::export::Format;
    let (_d, _p, mut s) = sample();
    assert!(typed(&mut s, "E").is_empty());
    assert!(matches!(s.popups.last(), Some(Popup::Export)));
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("Export the verification sheet"), "{screen}");
    assert!(
        screen.contains("h  html") && screen.contains("r  claimreview"),
        "{screen}"
    );
    // Esc closes the picker and exports nothing.
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert!(s.popups.is_empty());
    // h exports HTML, off the UI thread: the effect, and a message meanwhile.
    typed(&mut s, "E");
    assert_eq!(typed(&mut s, "h"), vec![Effect::Export(Format::Html)]);
    assert!(s.popups.is_empty());
    assert_eq!(s.message.as_deref(), Some("exporting html…"));
    // The runtime performs it: the file beside the sheet, reported.
    let (outcome, quit) = claimdesk::runtime::perform(&mut s, &Effect::Export(Format::Html));
    assert!(!quit);
    let Some(Action::Exported(Ok(path))) = outcome.clone() else {
        panic!("{outcome:?}");
    };
    assert!(
        path.ends_with("karzai-taliban-talks.verification.html"),
        "{path}"
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("US in contact with Taliban over Afghan peace deal"));
    update(&mut s, outcome.unwrap());
    assert_eq!(
        s.message.as_deref(),
        Some(format!("exported to {path}").as_str())
    );
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("exported to"), "{screen}");
    // A failure is reported, not hidden.
    update(&mut s, Action::Exported(Err("disk full".into())));
    assert_eq!(s.message.as_deref(), Some("export failed: disk full"));
}

/// The terminal closed under it (the window shut, ssh dropped): it exits
/// within 2 seconds and does not spin, and what was done is saved.
#[test]
fn closing_the_terminal_ends_it_within_two_seconds() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_claimdesk"));
    cmd.arg(&article);
    cmd.env("TERM", "xterm-256color");
    cmd.env("CLAIMDESK_CONFIG", dir.path().join("no-config.toml"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // The reader holds a copy of the terminal's master side: it lets go of
    // it when told to, after its next read, so the terminal can really close.
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stopping = std::sync::Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || stopping.load(Ordering::SeqCst) || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(80).unwrap(),
        0,
    );
    wait_for(&mut parser, &rx, &|s| {
        s.contains("C1") && s.contains("reviewed")
    });
    writer.write_all(b"c").unwrap();
    writer.flush().unwrap();
    wait_for(&mut parser, &rx, &|s| s.contains("1/15 reviewed"));
    // One more key makes the screen change: the reader wakes and lets go.
    stop.store(true, Ordering::SeqCst);
    writer.write_all(b"j").unwrap();
    writer.flush().unwrap();
    thread.join().unwrap();
    drop(writer);
    drop(pair.master);
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "still running 2 s after its terminal closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    eprintln!("exited {:?} after {:?}", status, started.elapsed());
    assert_eq!(status.exit_code(), 128 + 1, "128 + SIGHUP");
    let doc = Doc::open(&article).unwrap();
    assert_eq!(
        doc.sheet.claim("C1").unwrap().status,
        Status::Confirmed,
        "the verdict was saved"
    );
}

/// A panic anywhere in the TUI restores the terminal and says what happened.
#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let mut p = spawn_tui_with(dir.path(), &article, &[("CLAIMDESK_CRASH_DRILL", "1")]);
    p.wait_for(&|s| s.contains("C1") && s.contains("reviewed"));
    assert!(p.parser.screen().alternate_screen());
    p.send(b"c");
    p.wait_for(&|s| s.contains("1/15 reviewed"));
    p.send(b"\x1b[24~"); // F12
    assert_eq!(p.exit_code(), 101, "a panic");
    let screen = p.parser.screen().contents();
    assert!(
        String::from_utf8_lossy(&p.raw).contains("crash drill"),
        "the panic message was shown"
    );
    assert!(
        !p.parser.screen().alternate_screen(),
        "the alternate screen was left:\n{screen}"
    );
    assert!(
        !p.parser.screen().hide_cursor(),
        "the cursor is shown again"
    );
    let doc = Doc::open(&article).unwrap();
    assert_eq!(
        doc.sheet.claim("C1").unwrap().status,
        Status::Confirmed,
        "what was done is saved"
    );
}

// ---------------------------------------------------------------- editing the claims

/// Code-point offset of `needle` in `text`.
fn cp_of(text: &str, needle: &str) -> usize {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    text[..b].chars().count()
}

fn esc() -> Action {
    key(KeyCode::Esc)
}

/// Undo then redo the last change: each gives back exactly the sheet
/// before and after it.
fn undo_redo_exact(s: &mut AppState, before: &claimdesk::domain::Sheet) {
    let after = s.doc.sheet.clone();
    assert_eq!(update(s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(&s.doc.sheet, before, "undo restores the sheet exactly");
    assert_eq!(update(s, ctrl('y')), vec![Effect::Save]);
    assert_eq!(s.doc.sheet, after, "redo restores the change exactly");
}

#[test]
fn article_cursor_moves_by_sentence_and_word_and_the_view_follows() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jj");
    update(&mut s, key(KeyCode::Tab));
    // The cursor starts on the selected claim (C3).
    let text = s.doc.article.text.clone();
    let word = |s: &AppState| s.nav.words[s.word];
    assert_eq!(word(&s).0, s.claims()[2].anchor.start);
    // k goes to the start of the sentence, then to the one before.
    typed(&mut s, "k");
    assert_eq!(word(&s).0, cp_of(&text, "In his latest speech"));
    typed(&mut s, "k");
    assert_eq!(word(&s).0, cp_of(&text, "Earlier this year"));
    typed(&mut s, "www");
    assert_eq!(word(&s).0, cp_of(&text, "the Afghan President"));
    typed(&mut s, "b");
    assert_eq!(word(&s).0, cp_of(&text, "year the Afghan"));
    typed(&mut s, "j");
    assert_eq!(word(&s).0, cp_of(&text, "In his latest speech"));
    assert_eq!(
        selected_id(&s),
        "C3",
        "the cursor does not change the selection"
    );
    // G goes to the last word, and the view follows the cursor.
    typed(&mut s, "G");
    assert_eq!(s.word, s.nav.words.len() - 1);
    let line = s.wrapped.line_of(word(&s).0);
    assert!(
        line >= s.article_top && line < s.article_top + 36,
        "cursor on screen"
    );
    // Scrolling keeps the cursor on screen.
    typed(&mut s, "g");
    for _ in 0..30 {
        typed(&mut s, "J");
    }
    let line = s.wrapped.line_of(word(&s).0);
    assert!(line >= s.article_top, "cursor pulled into view");
    // In the list pane, w/b/v/a say where they work.
    update(&mut s, key(KeyCode::Tab));
    assert!(typed(&mut s, "a").is_empty());
    assert!(s.message.as_deref().unwrap().contains("article pane"));
}

#[test]
fn add_a_claim_from_the_sentence_under_the_cursor() {
    let (_d, _p, mut s) = sample();
    let before = s.doc.sheet.clone();
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "j");
    let e = typed(&mut s, "a");
    assert_eq!(e, vec![Effect::Save]);
    let text = &s.doc.article.text;
    let sentence =
        "Earlier this year the Afghan President told Channel 4 News “contacts had been made”.";
    let start = cp_of(text, sentence);
    // Inserted in article order (after C1), with the next id.
    let c = s.claims()[1].clone();
    assert_eq!(c.id, "C16");
    assert_eq!(c.text, sentence);
    assert_eq!(
        (c.anchor.start, c.anchor.end),
        (start, start + sentence.chars().count())
    );
    assert_eq!(c.anchor.quote, sentence);
    // The extractor attributes this sentence to Karzai, by his role.
    assert_eq!(
        c.speaker.as_deref(),
        Some("Hamid Karzai (the Afghan President)")
    );
    assert!(!c.is_reviewed());
    assert_eq!(c.history.len(), 1);
    assert_eq!(
        (
            c.history[0].field.as_str(),
            c.history[0].to.as_str(),
            c.history[0].by.as_str()
        ),
        ("claim", "added", "ana")
    );
    assert_eq!(selected_id(&s), "C16");
    // Its editor is open; Esc keeps the claim as it is.
    assert!(matches!(s.popups.last(), Some(Popup::Claim { .. })));
    update(&mut s, esc());
    assert!(s.popups.is_empty());
    undo_redo_exact(&mut s, &before);
}

#[test]
fn add_a_claim_from_a_visual_selection_by_word_and_by_sentence() {
    let (_d, path, mut s) = sample();
    update(&mut s, key(KeyCode::Tab));
    // "the Afghan President": three words of the second sentence.
    typed(&mut s, "jwww");
    typed(&mut s, "v");
    assert!(s.visual.is_some());
    typed(&mut s, "ww");
    let before = s.doc.sheet.clone();
    assert_eq!(typed(&mut s, "a"), vec![Effect::Save]);
    assert!(s.visual.is_none(), "the selection ends with the claim");
    let text = s.doc.article.text.clone();
    let c = s.selected_claim().unwrap().clone();
    assert_eq!(c.id, "C16");
    assert_eq!(c.text, "the Afghan President");
    let start = cp_of(&text, "the Afghan President told");
    assert_eq!((c.anchor.start, c.anchor.end), (start, start + 20));
    assert_eq!(
        c.speaker.as_deref(),
        Some("Hamid Karzai (the Afghan President)"),
        "the speaker of the sentence it is in"
    );
    update(&mut s, esc());
    undo_redo_exact(&mut s, &before);
    // By sentence: v then j selects to the end of the sentence; j again
    // takes the next one too; k comes back to the start of that one.
    typed(&mut s, "gv");
    assert_eq!(s.word, 0);
    typed(&mut s, "j");
    let first = "The US is in contact with the Taliban about a possible peace deal in Afghanistan according to Hamid Karzai.";
    assert_eq!(
        s.nav.span(s.visual.unwrap(), s.word),
        Some((0, first.chars().count()))
    );
    typed(&mut s, "jk");
    typed(&mut s, "b");
    let e = typed(&mut s, "a");
    perform_all(&mut s, e);
    update(&mut s, esc());
    let c = s.selected_claim().unwrap();
    assert_eq!(c.id, "C17", "C16 is taken");
    assert_eq!(c.text, first);
    assert_eq!((c.anchor.start, c.anchor.end), (0, first.chars().count()));
    assert_eq!(
        s.claims()[1].id,
        "C17",
        "after C1, which starts there too but ends sooner"
    );
    // Saved and read back.
    let on_disk = Doc::open(&path).unwrap();
    assert_eq!(on_disk.sheet.claim("C17").unwrap().text, first);
}

#[test]
fn edit_a_claims_text_and_speaker() {
    let (_d, path, mut s) = sample();
    typed(&mut s, "j");
    let before = s.doc.sheet.clone();
    assert!(typed(&mut s, "r").is_empty());
    assert!(matches!(
        s.popups.last(),
        Some(Popup::Claim {
            on_speaker: false,
            ..
        })
    ));
    // Keys are text here: " (2011)" is typed, not run.
    typed(&mut s, " (in 2011)");
    update(&mut s, key(KeyCode::Tab));
    for _ in 0.."Hamid Karzai".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    typed(&mut s, "Afghan President");
    let e = update(&mut s, key(KeyCode::Enter));
    assert_eq!(e, vec![Effect::Save]);
    let c = &s.claims()[1];
    assert_eq!(c.text, "contacts had been made (in 2011)");
    assert_eq!(c.speaker.as_deref(), Some("Afghan President"));
    // A paraphrase: the anchor stays on the article's words.
    assert_eq!(c.anchor, before.claims[1].anchor);
    let h: Vec<_> = c.history.iter().rev().take(2).rev().collect();
    assert_eq!(
        (
            h[0].field.as_str(),
            h[0].from.as_str(),
            h[0].to.as_str(),
            h[0].by.as_str()
        ),
        (
            "text",
            "contacts had been made",
            "contacts had been made (in 2011)",
            "ana"
        )
    );
    assert_eq!(
        (h[1].field.as_str(), h[1].from.as_str(), h[1].to.as_str()),
        ("speaker", "Hamid Karzai", "Afghan President")
    );
    perform_all(&mut s, e);
    let on_disk = Doc::open(&path).unwrap();
    let c2 = on_disk.sheet.claim("C2").unwrap();
    assert_eq!(c2.text, "contacts had been made (in 2011)");
    assert_eq!(
        c2.anchor.quote, "contacts had been made",
        "the quote is kept apart"
    );
    undo_redo_exact(&mut s, &before);
    // Esc changes nothing.
    typed(&mut s, "rxyz");
    update(&mut s, esc());
    assert_eq!(s.claims()[1].text, "contacts had been made (in 2011)");
}

#[test]
fn editing_the_text_to_words_of_the_article_re_anchors_the_claim() {
    let (_d, _p, mut s) = sample();
    let before = s.doc.sheet.clone();
    typed(&mut s, "r");
    for _ in 0.." in Afghanistan".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    assert_eq!(update(&mut s, ctrl('s')), vec![Effect::Save]);
    let c = &s.claims()[0];
    let trimmed = "The US is in contact with the Taliban about a possible peace deal";
    assert_eq!(c.text, trimmed);
    assert_eq!((c.anchor.start, c.anchor.end), (0, trimmed.len()));
    assert_eq!(c.anchor.quote, trimmed);
    let last = c.history.last().unwrap();
    assert_eq!(
        (last.field.as_str(), last.from.as_str()),
        ("anchor", "0..80")
    );
    assert_eq!(last.to, format!("0..{}", trimmed.len()));
    undo_redo_exact(&mut s, &before);
}

#[test]
fn split_a_claim_in_two_at_a_word() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jj");
    s.advance = false;
    typed(&mut s, "d");
    let before = s.doc.sheet.clone();
    let c3 = before.claims[2].clone();
    assert!(typed(&mut s, "|").is_empty());
    let Some(Popup::Split { cut, .. }) = s.popups.last().cloned() else {
        panic!("no split popup: {:?}", s.popups);
    };
    // w moves the cut one word right, b back, b again one left of the start.
    typed(&mut s, "wbb");
    let Some(Popup::Split { cut: cut2, .. }) = s.popups.last().cloned() else {
        panic!();
    };
    assert!(cut2 < cut);
    let text = s.doc.article.text.clone();
    let at = cp_of(&text, "but their representatives");
    // Put the cut before "but".
    for _ in 0..40 {
        let Some(&Popup::Split { cut, .. }) = s.popups.last() else {
            panic!()
        };
        if cut == at {
            break;
        }
        update(
            &mut s,
            key(if cut < at {
                KeyCode::Right
            } else {
                KeyCode::Left
            }),
        );
    }
    let e = update(&mut s, key(KeyCode::Enter));
    assert_eq!(e, vec![Effect::Save]);
    assert!(s.popups.is_empty());
    let (a, b) = (s.claims()[2].clone(), s.claims()[3].clone());
    assert_eq!(a.id, "C3");
    assert_eq!(b.id, "C16");
    assert_eq!(
        a.text,
        "the Afghan push towards peace talks had not yet reached a stage where the government and insurgents were meeting,"
    );
    assert_eq!((a.anchor.start, a.anchor.end), (c3.anchor.start, at - 1));
    assert_eq!(b.text, "but their representatives had been in touch");
    assert_eq!((b.anchor.start, b.anchor.end), (at, c3.anchor.end));
    // The first keeps the verdict; the second is new, same speaker.
    assert_eq!(a.status, Status::Denied);
    assert!(a.is_reviewed() && !b.is_reviewed());
    assert_eq!(b.speaker, c3.speaker);
    let h = a.history.iter().rev().find(|h| h.field == "split").unwrap();
    assert_eq!(h.from, format!("C3 226..383"));
    assert_eq!(h.to, format!("C3 226..{} + C16 {at}..383", at - 1));
    assert_eq!(h.by, "ana");
    assert_eq!(b.history[0].field, "split");
    assert_eq!(selected_id(&s), "C3");
    undo_redo_exact(&mut s, &before);
    // Esc cancels.
    typed(&mut s, "|");
    update(&mut s, esc());
    assert!(s.popups.is_empty());
}

#[test]
fn merge_a_claim_with_the_next_one() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jjjj");
    typed(&mut s, "e");
    typed(&mut s, "Second note.");
    update(&mut s, ctrl('s'));
    typed(&mut s, "k");
    typed(&mut s, "e");
    typed(&mut s, "First note.");
    update(&mut s, ctrl('s'));
    assert_eq!(selected_id(&s), "C4");
    let before = s.doc.sheet.clone();
    let (c4, c5) = (before.claims[3].clone(), before.claims[4].clone());
    assert_eq!(typed(&mut s, "M"), vec![Effect::Save]);
    assert_eq!(s.claims().len(), 14);
    let m = &s.claims()[3];
    assert_eq!(m.id, "C4");
    assert_eq!(
        (m.anchor.start, m.anchor.end),
        (c4.anchor.start, c5.anchor.end)
    );
    let want: String = s
        .doc
        .article
        .text
        .chars()
        .skip(c4.anchor.start)
        .take(c5.anchor.end - c4.anchor.start)
        .collect();
    assert_eq!(m.text, want);
    assert!(
        m.note.starts_with("First note.") && m.note.ends_with("Second note."),
        "{}",
        m.note
    );
    let h = m.history.iter().find(|h| h.field == "merge").unwrap();
    assert_eq!(h.from, "C4 386..428 + C5 429..528");
    assert_eq!((h.to.as_str(), h.by.as_str()), ("C4 386..528", "ana"));
    // The absorbed claim leaves a tombstone.
    let t = s.doc.sheet.deleted.last().unwrap();
    assert_eq!(
        (t.id.as_str(), t.text.as_str(), t.by.as_str()),
        ("C5", c5.text.as_str(), "ana")
    );
    assert_eq!(t.deleted_at, fixed_now());
    assert!(s.doc.sheet.claim("C5").is_none());
    undo_redo_exact(&mut s, &before);
    // The last claim has nothing to merge with.
    typed(&mut s, "G");
    assert!(typed(&mut s, "M").is_empty());
    assert!(s.message.as_deref().unwrap().contains("no claim after"));
}

#[test]
fn delete_asks_first_leaves_a_tombstone_and_ids_are_never_reused() {
    let (_d, path, mut s) = sample();
    let before = s.doc.sheet.clone();
    typed(&mut s, "j");
    // n and Esc keep it.
    assert!(typed(&mut s, "x").is_empty());
    assert!(matches!(s.popups.last(), Some(Popup::ConfirmDelete { .. })));
    assert!(typed(&mut s, "n").is_empty());
    assert!(s.popups.is_empty());
    typed(&mut s, "x");
    // Other keys do nothing while it asks.
    assert!(typed(&mut s, "jqc").is_empty());
    update(&mut s, esc());
    assert_eq!(s.doc.sheet, before, "nothing deleted");
    // y deletes.
    typed(&mut s, "x");
    assert_eq!(typed(&mut s, "y"), vec![Effect::Save]);
    assert!(s.doc.sheet.claim("C2").is_none());
    assert_eq!(s.claims().len(), 14);
    assert_eq!(selected_id(&s), "C3", "the next claim is selected");
    let t = s.doc.sheet.deleted.last().unwrap();
    assert_eq!(t.id, "C2");
    assert_eq!(t.text, "contacts had been made");
    assert_eq!((t.by.as_str(), t.deleted_at), ("ana", fixed_now()));
    undo_redo_exact(&mut s, &before);
    // The highest id deleted, then a claim added: a new id, not C15 again.
    typed(&mut s, "Gxy");
    assert!(s.doc.sheet.claim("C15").is_none());
    update(&mut s, key(KeyCode::Tab));
    let e = typed(&mut s, "a");
    update(&mut s, esc());
    assert_eq!(s.selected_claim().unwrap().id, "C16");
    perform_all(&mut s, e);
    let on_disk = Doc::open(&path).unwrap();
    let ids: Vec<&str> = on_disk
        .sheet
        .deleted
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(ids, vec!["C2", "C15"]);
    assert_eq!(on_disk.sheet.next_id(), "C17");
}

#[test]
fn sources_add_edit_remove_and_open() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "s");
    typed(&mut s, "https://example.org/a");
    update(&mut s, key(KeyCode::Enter));
    typed(&mut s, "s");
    typed(&mut s, "Embassy press office, phone call");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.claims()[0].sources.len(), 2);
    assert_eq!(s.source_sel, 1, "the new source is selected");
    // o opens only a web address.
    assert!(typed(&mut s, "o").is_empty());
    assert!(s.message.as_deref().unwrap().contains("not a web address"));
    // The sources list: k selects the first; o opens it.
    assert!(typed(&mut s, "S").is_empty());
    assert!(matches!(s.popups.last(), Some(Popup::Sources { .. })));
    typed(&mut s, "k");
    assert_eq!(s.source_sel, 0);
    assert_eq!(
        typed(&mut s, "o"),
        vec![Effect::OpenUrl("https://example.org/a".into())]
    );
    update(&mut s, Action::UrlOpened(Err("xdg-open: not found".into())));
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .contains("could not open the browser")
    );
    // r edits the selected source.
    let before = s.doc.sheet.clone();
    typed(&mut s, "r");
    assert!(matches!(
        s.popups.last(),
        Some(Popup::Source { index: Some(0), .. })
    ));
    update(&mut s, key(KeyCode::Backspace));
    typed(&mut s, "b");
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![Effect::Save]);
    let c = &s.claims()[0];
    assert_eq!(c.sources[0], "https://example.org/b");
    let h = c.history.last().unwrap();
    assert_eq!(
        (h.field.as_str(), h.from.as_str(), h.to.as_str()),
        ("sources", "https://example.org/a", "https://example.org/b")
    );
    assert!(
        matches!(s.popups.last(), Some(Popup::Sources { .. })),
        "back in the list"
    );
    undo_redo_exact(&mut s, &before);
    // x removes it.
    let before = s.doc.sheet.clone();
    assert_eq!(typed(&mut s, "x"), vec![Effect::Save]);
    let c = &s.claims()[0];
    assert_eq!(c.sources, vec!["Embassy press office, phone call"]);
    let h = c.history.last().unwrap();
    assert_eq!(
        (h.from.as_str(), h.to.as_str()),
        ("https://example.org/b", "")
    );
    undo_redo_exact(&mut s, &before);
    update(&mut s, esc());
    assert!(s.popups.is_empty());
    // One source left: the selection stays on it.
    assert_eq!(s.source_sel, 0);
    typed(&mut s, "Sjj");
    assert_eq!(s.source_sel, 0, "clamped: one source left");
    update(&mut s, esc());
    // No source, nothing to open.
    typed(&mut s, "j");
    assert!(typed(&mut s, "o").is_empty());
    typed(&mut s, "s");
    typed(&mut s, "https://example.org/1");
    update(&mut s, key(KeyCode::Enter));
    typed(&mut s, "s");
    typed(&mut s, "https://example.org/2");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.source_sel, 1);
    typed(&mut s, "k");
    assert_eq!(s.source_sel, 0, "a new claim starts at its first source");
}

#[test]
fn history_popup_opens_scrolls_and_closes() {
    let (_d, _p, mut s) = sample();
    s.advance = false;
    for k in 0..40 {
        typed(&mut s, if k % 2 == 0 { "c" } else { "d" });
    }
    assert_eq!(s.claims()[0].history.len(), 40);
    assert!(typed(&mut s, "H").is_empty());
    let Some(Popup::History { scroll, .. }) = s.popups.last().cloned() else {
        panic!("{:?}", s.popups);
    };
    // It opens on the latest changes (40 entries, 34 rows shown at 120x40).
    assert_eq!(
        scroll,
        40 - claimdesk::app::layout::history_rows(s.size, 40)
    );
    typed(&mut s, "gj");
    let Some(Popup::History { scroll, .. }) = s.popups.last().cloned() else {
        panic!();
    };
    assert_eq!(scroll, 1);
    typed(&mut s, "G");
    typed(&mut s, "jjjj");
    let Some(Popup::History { scroll: end, .. }) = s.popups.last().cloned() else {
        panic!();
    };
    assert_eq!(
        end,
        40 - claimdesk::app::layout::history_rows(s.size, 40),
        "clamped"
    );
    typed(&mut s, "H");
    assert!(s.popups.is_empty());
}

#[test]
fn orphans_group_after_the_article_was_edited() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let text = std::fs::read_to_string(&article).unwrap();
    // C7's sentence is rewritten beyond recognition; a paragraph is added at
    // the top, so every other claim moves.
    let edited = format!(
        "A new first paragraph.\n{}",
        text.replace(
            "The US Embassy in Afghanistan declined immediate comment.",
            "Nobody at the building on the hill answered our calls that week."
        )
    );
    std::fs::write(&article, edited).unwrap();
    let doc = Doc::open(&article).unwrap();
    assert!(doc.article_changed());
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.clock = fixed_now;
    update(&mut s, Action::Resize(120, 40));
    assert_eq!(
        s.message.as_deref(),
        Some("the article changed: re-anchored 14 claims, 1 orphans")
    );
    let c7 = s.doc.sheet.claim("C7").unwrap();
    assert!(c7.orphan);
    assert_eq!(
        c7.text,
        "The US Embassy in Afghanistan declined immediate comment."
    );
    assert_eq!(
        s.claims()[0].anchor.start,
        23,
        "C1 moved down by the new paragraph"
    );
    // The re-anchoring is saved at once.
    let e = s.startup_effects();
    assert_eq!(e, vec![Effect::Save]);
    perform_all(&mut s, e);
    assert!(!s.doc.is_dirty());
    update(&mut s, Action::Saved("14:03:07".into()));
    // The orphan comes last, after a separator row.
    let last = *s.visible.last().unwrap();
    assert_eq!(s.claims()[last].id, "C7");
    assert_eq!(s.orphans_at(), Some(14));
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("orphans (1)"), "{screen}");
    insta::assert_snapshot!("orphans_group_120x40", screen);
    // It can be marked and noted like any claim, and is never dropped.
    s.advance = false;
    typed(&mut s, "G");
    assert_eq!(selected_id(&s), "C7");
    let e = typed(&mut s, "d");
    perform_all(&mut s, e);
    typed(&mut s, "e");
    typed(&mut s, "Gone from the article.");
    let e = update(&mut s, ctrl('s'));
    perform_all(&mut s, e);
    // Split and merge refuse: it has no place in the text.
    assert!(typed(&mut s, "|").is_empty());
    assert!(s.message.as_deref().unwrap().contains("orphan"));
    assert!(typed(&mut s, "M").is_empty());
    assert!(s.popups.is_empty());
    let reopened = Doc::open(&article).unwrap();
    assert!(!reopened.article_changed());
    let c7 = reopened.sheet.claim("C7").unwrap();
    assert!(c7.orphan);
    assert_eq!(c7.status, Status::Denied);
    assert_eq!(c7.note, "Gone from the article.");
    assert_eq!(reopened.sheet.claims.len(), 15);
    // Opening it again changes nothing more.
    let again = AppState::new(reopened, "ana".into(), Keymap::default(), true, false);
    assert!(again.startup_effects().is_empty());
    assert!(again.message.is_none());
}

/// Cells in the cursor's (^) and the selection's (~) colours, row by row.
fn style_marks(t: &Terminal<TestBackend>) -> String {
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

#[test]
fn snapshot_article_cursor_and_visual_selection() {
    let (_d, _p, mut s) = sample();
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "jwww");
    let t = terminal(&s, 120, 40, &Theme::colored());
    insta::assert_snapshot!("article_cursor_120x40", style_marks(&t));
    typed(&mut s, "vwwj");
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("VISUAL"), "{screen}");
    let t = terminal(&s, 120, 40, &Theme::colored());
    insta::assert_snapshot!(
        "article_visual_selection_120x40",
        format!("{}\n{}", t.backend(), style_marks(&t))
    );
}

#[test]
fn snapshot_history_popup_and_delete_confirmation() {
    let (_d, _p, mut s) = sample();
    s.advance = false;
    typed(&mut s, "cd");
    typed(&mut s, "e");
    typed(&mut s, "Called the embassy.");
    update(&mut s, ctrl('s'));
    typed(&mut s, "s");
    typed(&mut s, "https://example.org/statement");
    update(&mut s, key(KeyCode::Enter));
    typed(&mut s, "H");
    insta::assert_snapshot!("history_popup_120x40", at(&mut s, 120, 40));
    update(&mut s, esc());
    typed(&mut s, "x");
    insta::assert_snapshot!("delete_confirmation_80x24", at(&mut s, 80, 24));
}

#[test]
fn undo_everything_then_redo_everything() {
    let (_d, _p, mut s) = sample();
    let start = s.doc.sheet.clone();
    let mut sheets = vec![start.clone()];
    let mut step = |s: &mut AppState, keys: &str, extra: &[Action]| {
        typed(s, keys);
        for a in extra {
            update(s, a.clone());
        }
        sheets.push(s.doc.sheet.clone());
    };
    step(&mut s, "c", &[]);
    update(&mut s, key(KeyCode::Tab));
    step(&mut s, "jja", &[esc()]);
    update(&mut s, key(KeyCode::Tab));
    step(&mut s, "rxy", &[ctrl('s')]);
    step(&mut s, "|", &[key(KeyCode::Enter)]);
    step(&mut s, "M", &[]);
    step(&mut s, "jxy", &[]);
    step(&mut s, "shttps://example.org/z", &[key(KeyCode::Enter)]);
    let n = sheets.len() - 1;
    assert_eq!(n, 7);
    for (k, pair) in sheets.windows(2).enumerate() {
        assert_ne!(pair[0], pair[1], "step {} changed nothing", k + 1);
    }
    let end = s.doc.sheet.clone();
    for k in (0..n).rev() {
        assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
        assert_eq!(s.doc.sheet, sheets[k], "after undoing down to {k}");
    }
    assert_eq!(s.doc.sheet, start);
    assert!(update(&mut s, ctrl('z')).is_empty());
    for (k, sheet) in sheets.iter().enumerate().skip(1) {
        update(&mut s, ctrl('y'));
        assert_eq!(&s.doc.sheet, sheet, "after redoing up to {k}");
    }
    assert_eq!(s.doc.sheet, end);
}
