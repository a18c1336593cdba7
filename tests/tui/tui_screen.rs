//! The review TUI on screen: snapshots and screens drawn with ratatui's
//! TestBackend.

use crate::common;

use claimdesk::app::{Action, AppState, Command, Effect, Keymap, Popup, update};
use claimdesk::domain::{Doc, Status};
use claimdesk::view::Theme;
use common::perform_all;
use common::tui::*;
use crossterm::event::KeyCode;

#[test]
fn search_matching_nothing_shows_an_empty_list() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "/zzzqqqxxx");
    assert!(s.list.visible.is_empty());
    assert!(s.list.selected.is_none() || !s.list.visible.contains(&s.list.selected.unwrap()));
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
    s.settings.keymap = Keymap::from_config(&user).unwrap();
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
    s.settings.clock = fixed_now;
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
    let last = *s.list.visible.last().unwrap();
    assert_eq!(s.claims()[last].id, "C7");
    assert_eq!(s.orphans_at(), Some(14));
    let screen = draw(&s, 120, 40, &Theme::colored());
    assert!(screen.contains("orphans (1)"), "{screen}");
    insta::assert_snapshot!("orphans_group_120x40", screen);
    // It can be marked and noted like any claim, and is never dropped.
    s.settings.advance = false;
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
    s.settings.advance = false;
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
