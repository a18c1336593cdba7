//! The screen at narrow and middle widths: the stacked panes, the claim
//! line above a lone article, the save state naming the change, the
//! first run's message.

use crate::common;

use claimdesk::app::{Action, SaveState, update};

use common::Pty;
use common::tui::{at, ch, key, sample, selected_id, typed};
use crossterm::event::KeyCode;

#[test]
fn stacked_panes_from_80_columns_and_a_claim_line_below() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jj");
    let screen = at(&mut s, 80, 24);
    assert!(screen.contains("karzai-taliban-talks.txt") && screen.contains("Claims 15/15"));
    insta::assert_snapshot!("stacked_80x24", screen);
    // Tab gives the article the keyboard; the list stays on screen.
    update(&mut s, key(KeyCode::Tab));
    let screen = at(&mut s, 80, 24);
    assert!(screen.contains("Claims 15/15") && screen.contains("│ · C3 Hamid Karzai"));
    // Below 80 columns the article is alone, under a line naming the claim.
    let screen = at(&mut s, 79, 24);
    assert!(!screen.contains("Claims 15/15"), "{screen}");
    insta::assert_snapshot!("article_alone_79x24", screen);
    assert!(
        screen
            .lines()
            .nth(1)
            .unwrap()
            .contains("C3 · Hamid Karzai · · not reviewed")
    );
    // Side by side from 100 columns.
    let screen = at(&mut s, 100, 30);
    insta::assert_snapshot!("wide_100x30", screen);
}

#[test]
fn the_save_state_names_the_claim_and_what_happened() {
    let (_d, _p, mut s) = sample();
    update(&mut s, ch('j'));
    assert_eq!(selected_id(&s), "C2");
    let effects = update(&mut s, ch('c'));
    common::perform_all(&mut s, effects);
    assert!(matches!(s.save, SaveState::Saved(_)), "{:?}", s.save);
    let screen = at(&mut s, 80, 24);
    let status = screen.lines().last().unwrap();
    assert!(status.contains("C2 confirmed · saved "), "{status}");
    // Notes, deletions, undo and redo are named too.
    update(&mut s, ch('k'));
    typed(&mut s, "xy");
    assert_eq!(s.session.change.as_deref(), Some("C2 deleted"));
    update(&mut s, Action::Run(claimdesk::app::Command::Undo));
    assert_eq!(s.session.change.as_deref(), Some("undid: C2 deleted"));
    update(&mut s, Action::Run(claimdesk::app::Command::Redo));
    assert_eq!(s.session.change.as_deref(), Some("redid: C2 deleted"));
    update(&mut s, Action::Run(claimdesk::app::Command::Undo));
    update(&mut s, ch('j'));
    update(&mut s, ch('d'));
    assert_eq!(s.session.change.as_deref(), Some("C3 denied"));
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("C3 denied · saving…"), "{screen}");
}

#[test]
fn opened_is_said_once() {
    let (_d, _p, mut s) = sample();
    s.message = Some("opened karzai-taliban-talks.txt".into());
    let screen = at(&mut s, 120, 40);
    let status = screen.lines().last().unwrap();
    assert_eq!(status.matches("opened").count(), 1, "{status}");
    s.message = None;
    let screen = at(&mut s, 120, 40);
    assert!(screen.lines().last().unwrap().contains("opened"));
}

#[test]
fn first_run_says_it_is_a_working_copy_and_how_to_open_ones_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(dir.path(), &[], &[], (120, 40));
    let screen = p.wait_for(&|s| s.contains("Claims 15/15") && s.contains("working copy"));
    let status = screen.lines().last().unwrap_or_default().to_owned();
    assert!(
        status.contains("a working copy of the sample")
            && status.contains("claimdesk add URL, or claimdesk FILE"),
        "{status}"
    );
    assert!(!status.contains("opened"), "{status}");
    assert!(dir.path().join(".data-home/claimdesk/sample").is_dir());
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
}

#[test]
fn the_detail_popup_gives_the_place_as_the_exports_do() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jj");
    assert_eq!(selected_id(&s), "C3");
    update(&mut s, key(KeyCode::Enter));
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("at ¶2 l.2 in the article"), "{screen}");
    assert!(!screen.contains(".."), "no raw offsets: {screen}");
}

#[test]
fn a_cut_note_or_source_list_says_there_is_more() {
    let (_d, _p, mut s) = sample();
    let screen = at(&mut s, 120, 40);
    assert!(!screen.contains("… more"), "{screen}");
    s.doc.sheet.claims[0].note = (1..=12)
        .map(|k| format!("line {k} of a long note"))
        .collect::<Vec<_>>()
        .join("\n");
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("… more (Enter)"), "{screen}");
    assert!(!screen.contains("line 12 of a long note"), "{screen}");
    // Sources too, and the popup shows them all.
    s.doc.sheet.claims[0].note.clear();
    s.doc.sheet.claims[0].sources = (1..=12).map(|k| format!("https://x.org/{k}")).collect();
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("… more (Enter)"), "{screen}");
    update(&mut s, key(KeyCode::Enter));
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("https://x.org/12"), "{screen}");
}

#[test]
fn the_claim_editor_wraps_long_text() {
    let (_d, _p, mut s) = sample();
    let long = "The foreign military and especially the United States itself is going ahead \
                with these negotiations, the president said on Sunday";
    assert!(long.chars().count() > 121);
    s.doc.sheet.claims[0].text = long.into();
    update(&mut s, ch('r'));
    let screen = at(&mut s, 80, 24);
    assert!(screen.contains("The foreign military"), "{screen}");
    assert!(screen.contains("said on Sunday"), "{screen}");
    insta::assert_snapshot!("claim_editor_wrapped_80x24", screen);
}

#[test]
fn the_split_is_resized_with_keys_and_remembered() {
    use claimdesk::app::Effect;
    let (_d, _p, mut s) = sample();
    at(&mut s, 120, 40);
    let article_w = |s: &claimdesk::app::AppState| s.areas().article.unwrap().width;
    assert_eq!(article_w(&s), 66);
    assert_eq!(update(&mut s, ch('>')), vec![Effect::RememberSplit(60)]);
    assert_eq!(article_w(&s), 72);
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .contains("60% of the screen (= resets)")
    );
    for _ in 0..10 {
        update(&mut s, ch('>'));
    }
    assert_eq!(s.settings.split, 75, "stops at its maximum");
    assert_eq!(update(&mut s, ch('>')), vec![]);
    assert_eq!(update(&mut s, ch('=')), vec![Effect::RememberSplit(55)]);
    assert_eq!(article_w(&s), 66);
    assert_eq!(update(&mut s, ch('<')), vec![Effect::RememberSplit(50)]);
    // Stacked, the article's height follows the split.
    at(&mut s, 80, 24);
    let stacked = s.areas().article.unwrap().height;
    update(&mut s, ch('>'));
    assert!(s.areas().article.unwrap().height > stacked);
}

#[test]
fn a_narrow_list_shows_each_claim_on_two_rows() {
    let (_d, _p, mut s) = sample();
    update(&mut s, ch('j'));
    let screen = at(&mut s, 120, 40);
    assert!(
        screen.contains("C2  Hamid Kar"),
        "one row at 120 columns: {screen}"
    );
    // With the article wider, the list is narrow: speaker and text each
    // get a row of their own.
    typed(&mut s, ">>>");
    let screen = at(&mut s, 120, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains(" C2 ") && l.contains("Hamid Karzai"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        lines[row + 1].contains("contacts had been made"),
        "{screen}"
    );
    // j still moves one claim; the list scrolls by claims.
    typed(&mut s, "jjjjjjjjjjjj");
    assert_eq!(selected_id(&s), "C14");
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("C14 "), "{screen}");
}

#[test]
fn y_copies_the_text_the_quote_or_a_source_as_an_effect() {
    use claimdesk::app::{Effect, Popup};
    let (_d, _p, mut s) = sample();
    let c1 = s.claims()[0].text.clone();
    assert!(update(&mut s, ch('y')).is_empty());
    assert!(matches!(s.popups.last(), Some(Popup::Copy { .. })));
    let screen = at(&mut s, 80, 24);
    assert!(screen.contains("Copy from C1") && screen.contains("the claim's text"));
    let text_copy = Effect::Copy {
        text: c1,
        what: "C1's text".into(),
    };
    assert_eq!(typed(&mut s, "y"), vec![text_copy]);
    assert!(s.popups.is_empty());
    // The quote with its speaker, the article and its place.
    let effects = typed(&mut s, "yq");
    let [Effect::Copy { text, what }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(what, "C1's quote");
    assert!(text.starts_with("“The US is in contact"), "{text}");
    assert!(
        text.contains("” — Hamid Karzai, US in contact with Taliban"),
        "{text}"
    );
    assert!(text.contains("¶1 l.1"), "{text}");
    // A source: the selected one; none is a message, not a copy.
    assert!(typed(&mut s, "ys").is_empty());
    assert_eq!(s.message.as_deref(), Some("C1 has no source to copy"));
    s.doc.sheet.claims[0].sources = vec!["https://x.org/a".into()];
    let effects = typed(&mut s, "ys");
    assert!(matches!(&effects[..], [Effect::Copy { text, .. }] if text == "https://x.org/a"));
    // Esc closes without copying; control characters never reach the copy.
    typed(&mut s, "y");
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
    s.doc.sheet.claims[0].text = "evil \u{1b}[31m text".into();
    let effects = typed(&mut s, "yy");
    assert!(matches!(&effects[..], [Effect::Copy { text, .. }] if !text.contains('\u{1b}')));
}

#[test]
fn a_claimreview_export_shows_the_clis_notes() {
    use claimdesk::app::Popup;
    let (_d, _p, mut s) = sample();
    typed(&mut s, "c");
    let effects = typed(&mut s, "Er");
    common::perform_all(&mut s, effects);
    let Some(Popup::Notice { lines, .. }) = s.popups.last() else {
        panic!("{:?} {:?}", s.popups, s.message)
    };
    assert!(lines[0].starts_with("no `publish_url`"), "{lines:?}");
    assert!(
        lines[1].starts_with("14 claims never reviewed left out"),
        "{lines:?}"
    );
    assert!(s.message.as_deref().unwrap().starts_with("exported to "));
    let screen = at(&mut s, 80, 24);
    assert!(screen.contains("Exported, with notes") && screen.contains("publish_url"));
    update(&mut s, ch('j'));
    assert!(s.popups.is_empty());
    // Markdown has no notes: the message only.
    let effects = typed(&mut s, "Em");
    common::perform_all(&mut s, effects);
    assert!(s.popups.is_empty());
}

#[test]
fn m_on_a_single_article_compares_with_its_folder() {
    use claimdesk::app::{Effect, Popup};
    let (d, article, mut s) = sample();
    // A second article in the folder (below it) saying the same things.
    claimdesk::cli::write_sample(&d.path().join("followup")).unwrap();
    assert!(s.workspace.is_none());
    let effects = update(&mut s, ch('m'));
    assert_eq!(effects, vec![Effect::OpenFolder(d.path().to_path_buf())]);
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .starts_with("comparing with the other articles")
    );
    common::perform_all(&mut s, effects);
    let w = s.workspace.as_ref().expect("the folder is now a workspace");
    assert_eq!(w.ws.items.len(), 2);
    assert_eq!(
        w.current.map(|i| w.ws.items[i].article.clone()),
        Some(article)
    );
    // Its sheets read and compared (the runtime does it off the UI thread).
    let mut loaded = w.ws.clone();
    loaded.load_all(&|_| {});
    let entries = loaded.similar_entries();
    update(&mut s, Action::WorkspaceLoaded(Box::new(loaded)));
    let index = claimdesk::domain::similar::Index::build(entries);
    update(&mut s, Action::SimilarReady(std::sync::Arc::new(index)));
    assert!(update(&mut s, ch('m')).is_empty());
    assert!(
        matches!(s.popups.last(), Some(Popup::Workspace(_))),
        "{:?}",
        s.message
    );
    let screen = at(&mut s, 120, 40);
    assert!(screen.contains("followup/"), "{screen}");
}

#[test]
fn i_edits_the_articles_facts_with_history() {
    use claimdesk::app::{Effect, Popup};
    let (_d, _p, mut s) = sample();
    s.doc.sheet.source_url = None;
    s.doc.sheet.published = None;
    let history = s.doc.sheet.history.len();
    update(&mut s, ch('i'));
    assert!(matches!(s.popups.last(), Some(Popup::Meta { on: 0, .. })));
    let screen = at(&mut s, 80, 24);
    assert!(screen.contains("The article") && screen.contains("published (YYYY-MM-DD)"));
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "https://x.org/story");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "18 June");
    // A bad date keeps the popup open on it, with the reason.
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(matches!(s.popups.last(), Some(Popup::Meta { on: 2, .. })));
    assert!(s.message.as_deref().unwrap().contains("YYYY-MM-DD"));
    assert_eq!(s.doc.sheet.source_url, None, "nothing set until all fit");
    for _ in 0.."18 June".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    typed(&mut s, "2011-06-18");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(effects, vec![Effect::Save]);
    common::perform_all(&mut s, effects);
    let saved = claimdesk::domain::Doc::open(&s.doc.article.path).unwrap();
    assert_eq!(saved.sheet.published.as_deref(), Some("2011-06-18"));
    assert_eq!(saved.sheet.history.len(), history + 2);
    assert!(s.popups.is_empty());
    assert_eq!(
        s.doc.sheet.source_url.as_deref(),
        Some("https://x.org/story")
    );
    assert_eq!(s.doc.sheet.published.as_deref(), Some("2011-06-18"));
    assert_eq!(s.doc.sheet.history.len(), history + 2);
    assert_eq!(
        s.session.change.as_deref(),
        Some("source_url, published set")
    );
    // Esc changes nothing.
    update(&mut s, ch('i'));
    typed(&mut s, "x");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.doc.sheet.history.len(), history + 2);
}

#[test]
fn an_article_added_to_an_open_workspace_appears_in_the_switcher() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("desk");
    std::fs::create_dir_all(&root).unwrap();
    claimdesk::cli::write_sample(&root).unwrap();
    let mut p = Pty::spawn(dir.path(), &[root.as_os_str()], &[], (120, 40));
    p.wait_for(&|s| s.contains("Claims 15/15"));
    std::fs::write(
        root.join("council.txt"),
        "Council meets\n\nThe council said on Monday that the budget would rise by 4 percent next year.\n",
    )
    .unwrap();
    p.wait_for(&|s| s.contains("new in the folder: council"));
    p.send(b"\x10"); // Ctrl-p
    let screen = p.wait_for(&|s| s.contains("Articles 2/2"));
    assert!(screen.contains("council.txt"), "{screen}");
    p.send(b"\x1b");
    p.wait_for(&|s| !s.contains("Articles 2/2"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
}
