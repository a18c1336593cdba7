//! Prior fact-checks in the TUI: the detail pane's "checked before" line
//! with no key pressed, the `↺` mark and the "checked before" filter, and
//! the `P` popup (Enter opens the url, `y` copies it into the sources and
//! the verdict into the note, undoably).

use crate::common;

use std::path::Path;

use claimdesk::app::{Action, AppState, Effect, Filter, Keymap, Popup, update};
use claimdesk::domain::factcheck::{Library, import};
use claimdesk::domain::{Doc, Stamp, Verdict};
use common::{draw, perform_all};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn fixed_now() -> Stamp {
    Stamp::parse("2026-11-28T14:03:07Z").unwrap()
}

fn ch(c: char) -> Action {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Action::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

fn typed(s: &mut AppState, keys: &str) -> Vec<Effect> {
    keys.chars().flat_map(|c| update(s, ch(c))).collect()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The sample in a workspace whose library holds a check of its C1.
fn sample_with_library() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/factchecks/claimreview.json");
    let found = import::parse(&std::fs::read(feed).unwrap()).unwrap();
    Library::from_records(found.records)
        .save(&dir.path().join("factchecks"))
        .unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = fixed_now;
    update(&mut s, Action::Resize(120, 40));
    (dir, s)
}

#[test]
fn the_prior_verdict_shows_without_a_key_and_p_lists_it() {
    let (_dir, mut s) = sample_with_library();
    // Before the library is loaded, P says so.
    assert!(typed(&mut s, "P").is_empty());
    assert!(s.message.as_deref().unwrap().contains("loading"));
    assert!(s.popups.is_empty());
    let load = s.load_prior_effect();
    assert!(matches!(&load, Effect::LoadPrior { claims, .. } if claims.len() == 15));
    perform_all(&mut s, vec![load]);
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("↺ checked before: PolitiFact, Mostly False"),
        "{screen}"
    );
    assert!(screen.contains("↺· C1"), "{screen}");
    assert!(!screen.contains("↺· C2"), "{screen}");

    typed(&mut s, "P");
    assert!(matches!(s.popups.last(), Some(Popup::Prior { id, sel: 0 }) if id == "C1"));
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("Prior fact-checks of C1"), "{screen}");
    assert!(screen.contains("Karzai says"), "{screen}");
    insta::assert_snapshot!("prior_popup_120x40", screen);

    let e = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        e,
        vec![Effect::OpenUrl(
            "https://factcheck.example/karzai-taliban-contact".into()
        )]
    );
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
}

#[test]
fn y_copies_url_and_verdict_and_undo_takes_them_back() {
    let (_dir, mut s) = sample_with_library();
    let load = s.load_prior_effect();
    perform_all(&mut s, vec![load]);
    typed(&mut s, "P");
    let e = typed(&mut s, "y");
    assert_eq!(e, vec![Effect::Save]);
    let c1 = s.doc.sheet.claim("C1").unwrap();
    assert_eq!(
        c1.sources,
        vec!["https://factcheck.example/karzai-taliban-contact".to_string()]
    );
    assert_eq!(
        c1.note,
        "Checked before: PolitiFact, Mostly False (2013-06-20)"
    );
    let fields: Vec<&str> = c1.history.iter().map(|h| h.field.as_str()).collect();
    assert!(fields.contains(&"note"), "{fields:?}");
    assert!(fields.iter().any(|f| f.contains("source")), "{fields:?}");
    assert!(matches!(s.popups.last(), Some(Popup::Prior { .. })));
    // Twice changes nothing more.
    assert!(typed(&mut s, "y").is_empty());
    perform_all(&mut s, e);
    assert!(!s.doc.is_dirty());
    // One undo takes both back, and is saved.
    let e = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
    );
    let c1 = s.doc.sheet.claim("C1").unwrap();
    assert!(c1.sources.is_empty());
    assert!(c1.note.is_empty());
    assert!(e.contains(&Effect::Save));
}

#[test]
fn f_reaches_the_checked_before_filter_once_the_library_is_loaded() {
    let (_dir, mut s) = sample_with_library();
    typed(&mut s, "ffff");
    assert_eq!(s.filter, Filter::Verdict(Verdict::Denied));
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::All, "no matches known yet: skipped");
    let load = s.load_prior_effect();
    perform_all(&mut s, vec![load]);
    typed(&mut s, "fffff");
    assert_eq!(s.filter, Filter::Prior);
    assert_eq!(s.list.visible.first(), Some(&0));
    assert!(s.list.visible.len() < 15);
    assert!(
        s.list
            .visible
            .iter()
            .all(|&i| !s.prior_of(&s.claims()[i].id).is_empty())
    );
    assert!(draw(&s, 120, 40).contains("checked before"));
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::All);
    assert_eq!(s.list.visible.len(), 15);
}

/// The real binary: after `factchecks import feed.json`, opening the
/// article shows the prior verdict in the detail pane with no key pressed.
#[test]
fn after_an_import_the_tui_shows_the_prior_verdict_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/factchecks/claimreview.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .args(["factchecks", "import"])
        .arg(&feed)
        .env("XDG_DATA_HOME", &data)
        .env("CLAIMDESK_CONFIG", dir.path().join("no-config.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data_env = data.to_str().unwrap().to_owned();
    let mut p = common::Pty::spawn(
        dir.path(),
        &[article.as_os_str()],
        &[("XDG_DATA_HOME", data_env.as_str())],
        (120, 40),
    );
    let screen = p.wait_for(&|s| s.contains("checked before: PolitiFact, Mostly False"));
    assert!(screen.contains("↺"), "{screen}");
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
}

#[test]
fn a_claim_added_after_loading_is_matched_too() {
    let (_dir, mut s) = sample_with_library();
    let load = s.load_prior_effect();
    perform_all(&mut s, vec![load]);
    let before = s.claims().len();
    // The article's first sentence becomes a new claim.
    typed(&mut s, "hga");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.claims().len(), before + 1);
    let added = s
        .claims()
        .iter()
        .find(|c| c.id == format!("C{}", before + 1))
        .unwrap();
    assert!(added.text.contains("Taliban"), "{}", added.text);
    let id = added.id.clone();
    assert_eq!(
        s.prior_of(&id).first().map(|p| p.record.publisher.as_str()),
        Some("PolitiFact")
    );
}

#[test]
fn y_changes_nothing_in_a_read_only_window() {
    let (_dir, mut s) = sample_with_library();
    let load = s.load_prior_effect();
    perform_all(&mut s, vec![load]);
    update(
        &mut s,
        Action::ReadOnly(Some("another claimdesk has it".into())),
    );
    typed(&mut s, "P");
    assert!(typed(&mut s, "y").is_empty());
    assert!(s.message.as_deref().unwrap().starts_with("read-only"));
    assert!(s.doc.sheet.claim("C1").unwrap().sources.is_empty());
}

#[test]
fn keys_that_change_no_claim_leave_the_matches_alone() {
    let (_dir, mut s) = sample_with_library();
    let load = s.load_prior_effect();
    perform_all(&mut s, vec![load]);
    let loaded = std::sync::Arc::clone(s.prior.as_ref().unwrap());
    assert!(loaded.current, "compared once after loading");
    // Moving, filtering, opening and closing a popup: the matches are
    // neither copied nor compared again.
    typed(&mut s, "jjkffff");
    typed(&mut s, "P");
    update(&mut s, key(KeyCode::Esc));
    assert!(std::sync::Arc::ptr_eq(&loaded, s.prior.as_ref().unwrap()));
    // A new claim changes the claims: it is matched, the others keep
    // their matches.
    let c1 = s.prior_of("C1").to_vec();
    typed(&mut s, "hga");
    update(&mut s, key(KeyCode::Esc));
    let added = format!("C{}", s.claims().len());
    assert!(!s.prior_of(&added).is_empty());
    assert_eq!(s.prior_of("C1"), c1.as_slice());
    assert!(s.prior.as_ref().unwrap().current);
    // Undo takes it away: the claims are compared again.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
    );
    assert!(s.claims().iter().all(|c| c.id != added));
    assert!(s.prior.as_ref().unwrap().current);
}
