//! The review TUI, key sequences on `update`: moving, marking, undo,
//! popups, search, editing claims.

use crate::common;

use claimdesk::app::{Action, AppState, Effect, Filter, Focus, Popup, update};
use claimdesk::domain::{Doc, Status, Verdict};
use common::perform_all;
use common::tui::*;
use crossterm::event::{KeyCode, KeyModifiers};

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
    s.settings.advance = false;
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
    // Ctrl-z three times: back to the start (Backspace never undoes).
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(selected_id(&s), "C3");
    assert!(!s.claims()[2].is_reviewed());
    update(&mut s, ctrl('z'));
    assert!(update(&mut s, key(KeyCode::Backspace)).is_empty());
    let e = update(&mut s, ctrl('z'));
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
    s.settings.advance = false;
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
    assert_eq!(s.filter, Filter::Verdict(Verdict::NotReviewed));
    assert_eq!(s.list.visible.len(), 13);
    assert!(s.list.visible.iter().all(|&i| !s.claims()[i].is_reviewed()));
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::Verdict(Verdict::Confirmed));
    assert_eq!(s.list.visible, vec![0]);
    assert_eq!(selected_id(&s), "C1");
    typed(&mut s, "ff");
    assert_eq!(s.filter, Filter::Verdict(Verdict::Denied));
    assert_eq!(s.list.visible, vec![1]);
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::All);
    assert_eq!(s.list.visible.len(), 15);
    // Under "not reviewed", a verdict makes the claim leave the list.
    typed(&mut s, "f");
    let first = selected_id(&s);
    typed(&mut s, "c");
    assert!(s.selected_claim().is_some_and(|c| !c.is_reviewed()));
    assert_ne!(selected_id(&s), first);
    assert_eq!(s.list.visible.len(), 12);
}

#[test]
fn focus_and_article_navigation() {
    let (_d, _p, mut s) = sample();
    assert_eq!(s.focus, Focus::List);
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Article);
    // J/K (and Ctrl-e) scroll the article, not the selection; j/k move the
    // article cursor by sentence (see article_cursor_moves_by_sentence_and_word).
    let top = s.article.top;
    typed(&mut s, "JJ");
    update(&mut s, ctrl('e'));
    assert_eq!(selected_id(&s), "C1");
    assert_eq!(s.article.top, top + 3);
    typed(&mut s, "K");
    assert_eq!(s.article.top, top + 2);
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
    let line = s
        .article
        .wrapped
        .line_of(s.selected_claim().unwrap().anchor.start);
    let height = 40 - 4;
    assert!(line >= s.article.top && line < s.article.top + height);
    let total = s.article.wrapped.lines.len();
    if total > height {
        let from_middle = (line as isize - (s.article.top + height / 2) as isize).abs();
        let at_end = s.article.top + height == total;
        assert!(
            from_middle <= 2 || at_end,
            "line {line} top {}",
            s.article.top
        );
    }
}

#[test]
fn popups_close_innermost_and_esc_never_quits() {
    let (_d, _p, mut s) = sample();
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert!(!s.session.quitting);
    update(&mut s, key(KeyCode::Enter));
    assert!(matches!(s.popups.last(), Some(Popup::Detail)));
    typed(&mut s, "?");
    assert_eq!(s.popups.len(), 2);
    update(&mut s, key(KeyCode::Esc));
    assert!(matches!(s.popups.last(), Some(Popup::Detail)));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
    update(&mut s, key(KeyCode::F(1)));
    assert!(matches!(s.popups.last(), Some(Popup::Help { .. })));
    update(&mut s, key(KeyCode::Esc));
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert!(!s.session.quitting);
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
    assert_eq!(s.list.visible.len(), 15, "an empty query shows everything");
    typed(&mut s, "taliban");
    let n = s.list.visible.len();
    assert!(n > 0 && n < 15, "{n}");
    for &i in &s.list.visible {
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
    let narrower = s.list.visible.len();
    assert!(narrower <= n);
    update(&mut s, key(KeyCode::Backspace));
    assert_eq!(s.list.visible.len(), n);
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
    assert_eq!(s.filter, Filter::Verdict(Verdict::Confirmed));
    assert_eq!(s.list.visible.len(), 1);
    typed(&mut s, "fff");
    assert_eq!(s.filter, Filter::All);
    assert_eq!(s.list.visible.len(), n);
    // Esc clears the search and keeps the claim selected in it.
    let found = selected_id(&s);
    update(&mut s, key(KeyCode::Esc));
    assert!(s.search.is_none());
    assert_eq!(s.list.visible.len(), 15);
    assert_eq!(selected_id(&s), found);
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
    s.settings.mouse = true;
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

#[test]
fn article_cursor_moves_by_sentence_and_word_and_the_view_follows() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jj");
    update(&mut s, key(KeyCode::Tab));
    // The cursor starts on the selected claim (C3).
    let text = s.doc.article.text.clone();
    let word = |s: &AppState| s.article.nav.words[s.article.word];
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
    assert_eq!(s.article.word, s.article.nav.words.len() - 1);
    let line = s.article.wrapped.line_of(word(&s).0);
    assert!(
        line >= s.article.top && line < s.article.top + 36,
        "cursor on screen"
    );
    // Scrolling keeps the cursor on screen.
    typed(&mut s, "g");
    for _ in 0..30 {
        typed(&mut s, "J");
    }
    let line = s.article.wrapped.line_of(word(&s).0);
    assert!(line >= s.article.top, "cursor pulled into view");
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
    // It holds C2's words: the overlap is said, and `k` keeps both.
    assert!(matches!(
        s.popups.last(),
        Some(Popup::Overlap { new, old }) if new == "C16" && old == "C2"
    ));
    typed(&mut s, "k");
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
    assert!(s.article.visual.is_some());
    typed(&mut s, "ww");
    let before = s.doc.sheet.clone();
    assert_eq!(typed(&mut s, "a"), vec![Effect::Save]);
    assert!(
        s.article.visual.is_none(),
        "the selection ends with the claim"
    );
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
    assert_eq!(s.article.word, 0);
    typed(&mut s, "j");
    let first = "The US is in contact with the Taliban about a possible peace deal in Afghanistan according to Hamid Karzai.";
    assert_eq!(
        s.article
            .nav
            .span(s.article.visual.unwrap(), s.article.word),
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
    s.settings.advance = false;
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
        "the Afghan push towards peace talks had not yet reached a stage where the government and insurgents were meeting",
        "the comma that joined the parts is left out"
    );
    assert_eq!((a.anchor.start, a.anchor.end), (c3.anchor.start, at - 2));
    assert_eq!(b.text, "but their representatives had been in touch");
    assert_eq!((b.anchor.start, b.anchor.end), (at, c3.anchor.end));
    // The first keeps the verdict; the second is new, same speaker.
    assert_eq!(a.status, Status::Denied);
    assert!(a.is_reviewed() && !b.is_reviewed());
    assert_eq!(b.speaker, c3.speaker);
    let h = a.history.iter().rev().find(|h| h.field == "split").unwrap();
    assert_eq!(h.from, format!("C3 226..383"));
    assert_eq!(h.to, format!("C3 226..{} + C16 {at}..383", at - 2));
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
    s.settings.advance = false;
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

#[test]
fn help_scrolls_within_its_rows_and_opens_at_the_top() {
    let (_d, _p, mut s) = sample();
    update(&mut s, Action::Resize(80, 24));
    let scroll = |s: &AppState| match s.popups.last() {
        Some(Popup::Help { scroll }) => *scroll,
        other => panic!("help not open: {other:?}"),
    };
    typed(&mut s, "?");
    assert_eq!(scroll(&s), 0);
    typed(&mut s, "j");
    assert_eq!(scroll(&s), 1);
    typed(&mut s, &"j".repeat(500));
    let bottom = scroll(&s);
    assert!(bottom < 500, "clamped to the rows: {bottom}");
    typed(&mut s, "k");
    assert_eq!(scroll(&s), bottom - 1);
    update(&mut s, key(KeyCode::Esc));
    typed(&mut s, "?");
    assert_eq!(scroll(&s), 0);
}

#[test]
fn rebound_keys_apply_in_their_context() {
    let (_d, _p, mut s) = sample();
    let user: toml::Table =
        "[keys.line]\nline_clear = [\"Ctrl-w\"]\n[keys.popup]\ncancel = [\"Ctrl-g\"]"
            .parse::<toml::Table>()
            .unwrap()["keys"]
            .as_table()
            .unwrap()
            .clone();
    s.settings.keymap = claimdesk::app::Keymap::from_config(&user).unwrap();
    typed(&mut s, "/zz");
    assert_eq!(s.search.as_ref().unwrap().query, "zz");
    update(&mut s, ctrl('u'));
    assert_eq!(
        s.search.as_ref().unwrap().query,
        "zz",
        "Ctrl-u no longer clears"
    );
    update(&mut s, ctrl('w'));
    assert_eq!(s.search.as_ref().unwrap().query, "");
    update(&mut s, ctrl('g'));
    assert!(
        s.search.is_none(),
        "the rebound cancel closes the search line"
    );
    typed(&mut s, "x");
    assert!(matches!(s.popups.last(), Some(Popup::ConfirmDelete { .. })));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty(), "a choice popup's own keys stay");
}

/// A change to the sheet while a big search is open re-runs it off the UI
/// thread: the job comes back from `update` as an effect, after the save.
#[test]
fn a_change_under_a_big_search_returns_the_new_search_as_an_effect() {
    let (_d, _p, mut s) = sample();
    s.session.sync_search_limit = 0;
    typed(&mut s, "/a");
    update(&mut s, key(KeyCode::Enter));
    let effects = typed(&mut s, "c");
    assert!(matches!(effects.first(), Some(Effect::Save)), "{effects:?}");
    let Some(Effect::Search(job)) = effects.get(1) else {
        panic!("no search effect: {effects:?}");
    };
    assert_eq!(job.query, "a");
    assert_eq!(
        s.search.as_ref().unwrap().live.pending,
        Some(job.generation)
    );
}

/// A search of a big sheet keeps the best rows a list can show, says how
/// many match in all, and fetches every match once a filter must see them.
#[test]
fn a_big_search_keeps_the_best_rows_and_a_filter_sees_every_match() {
    let (_d, _p, mut s) = sample();
    s.session.sync_search_limit = 0;
    let base = s.doc.sheet.claims[0].clone();
    for i in 0..1_200 {
        let mut c = base.clone();
        c.id = format!("C{}", 100 + i);
        c.text = format!("peace talks, round {i}");
        s.doc.sheet.claims.push(c);
    }
    let effects = typed(&mut s, "/peace");
    perform_all(&mut s, effects);
    let search = s.search.as_ref().unwrap();
    assert_eq!(search.hits.len(), claimdesk::app::SEARCH_SHOWN);
    assert!(search.matched >= 1_200, "{}", search.matched);
    assert!(search.cut());
    let matched = search.matched;
    let screen = at(&mut s, 120, 40);
    assert!(
        screen.contains(&format!("best 1000 of {matched} matches")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(
            "/peace  1000/{} (best of {matched} matches)",
            s.claims().len()
        )),
        "the search line says it too: {screen}"
    );
    update(&mut s, key(KeyCode::Enter));
    let effects = typed(&mut s, "f");
    assert!(
        matches!(effects.first(), Some(Effect::Search(_))),
        "{effects:?}"
    );
    perform_all(&mut s, effects);
    let search = s.search.as_ref().unwrap();
    assert!(!search.cut(), "the filter sees every match");
    assert_eq!(search.matched, matched);
    assert_eq!(s.list.visible.len(), matched, "every claim is unreviewed");
}
