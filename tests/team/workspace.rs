//! Issue #9: a folder of articles as one workspace in the TUI (switcher,
//! every claim in one list, claims matched across articles), and teams
//! sharing it through git.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use claimdesk::app::workspace::{Overlay, WorkspaceState};
use claimdesk::app::{Action, AppState, Effect, Keymap, update};
use claimdesk::domain::workspace::{Workspace, open_article};
use claimdesk::domain::{Doc, Stamp, Status};
use common::{git, perform_all};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const FOLLOWUP: &str = "# Karzai repeats that Washington is talking to the Taliban\n\n\
KABUL (Reuters) - Afghan President Hamid Karzai said on Sunday that the United States was in contact with the Taliban about a possible peace deal in Afghanistan, the first such contact since 2001.\n\n\
\"The foreign military and especially the United States itself is going ahead with these negotiations,\" Karzai told reporters in Kabul.\n\n\
The US Embassy declined to comment on the remarks.\n";

const BRIDGE: &str = "# Council says the old bridge is safe\n\n\
The council said the bridge, built in 1974, carries 12,000 cars a day.\n\n\
Mayor Bob Smith said repairs would cost 3 million dollars.\n\n\
The state paid 40 percent of the bridge's 1974 cost, records show.\n";

/// A folder: the sample (with its sheet) under world/, a follow-up story
/// without a sheet yet, and an unrelated local story with one. The claims
/// the tests use are check-worthy, so a sheet made on opening a story (the
/// review queue) holds them: the bridge's three, the follow-up's contact.
fn folder(dir: &Path) -> PathBuf {
    claimdesk::cli::write_sample(&dir.join("world")).unwrap();
    fs::write(dir.join("world/kabul-followup.txt"), FOLLOWUP).unwrap();
    fs::create_dir_all(dir.join("local")).unwrap();
    fs::write(dir.join("local/bridge.md"), BRIDGE).unwrap();
    open_article(&dir.join("local/bridge.md")).unwrap();
    dir.to_path_buf()
}

fn press(s: &mut AppState, code: KeyCode) -> Vec<Effect> {
    update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Ctrl-p: the article switcher.
fn switcher(s: &mut AppState) -> Vec<Effect> {
    update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
    )
}

fn typed(s: &mut AppState, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| press(s, KeyCode::Char(c)))
        .collect()
}

/// The workspace as `claimdesk FOLDER` opens it, with the background
/// reading done.
fn open_workspace(root: &Path) -> AppState {
    let ws = Workspace::discover(root).unwrap();
    let doc = open_article(&ws.items[0].article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = || Stamp::parse("2026-11-28T14:03:07Z").unwrap();
    s.workspace = Some(Box::new(WorkspaceState::new(ws.clone(), Some(0))));
    update(&mut s, Action::Resize(120, 40));
    let mut loaded = ws;
    loaded.load_all(&|_| {});
    let entries = loaded.similar_entries();
    update(&mut s, Action::WorkspaceLoaded(Box::new(loaded)));
    let index = claimdesk::domain::similar::Index::build(entries);
    update(&mut s, Action::SimilarReady(std::sync::Arc::new(index)));
    s
}

/// Select the claim whose text has `needle` (the extractor decides the
/// ids of an article without a sheet); returns its id.
fn select_text(s: &mut AppState, needle: &str) -> String {
    let id = s
        .claims()
        .iter()
        .find(|c| c.text.contains(needle))
        .unwrap_or_else(|| panic!("no claim with {needle:?}"))
        .id
        .clone();
    s.select_claim(&id);
    claimdesk::app::workspace::refresh_also(s);
    id
}

const CONTACT: &str = "was in contact with the Taliban";

fn ws(s: &AppState) -> &WorkspaceState {
    s.workspace.as_deref().unwrap()
}

fn current_name(s: &AppState) -> String {
    s.doc.article.file_name()
}

#[test]
fn the_switcher_lists_filters_sorts_and_opens_articles() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    assert_eq!(current_name(&s), "bridge.md", "the first article by path");
    assert!(switcher(&mut s).is_empty());
    let Some(Overlay::Switcher(sw)) = s.overlay() else {
        panic!("no switcher")
    };
    assert_eq!(sw.rows.len(), 3);
    let screen = common::draw(&s, 120, 40);
    assert!(screen.contains("Articles 3/3 · sort: name"), "{screen}");
    assert!(screen.contains("world/kabul-followup.txt"), "{screen}");
    assert!(screen.contains("no sheet yet"), "{screen}");
    assert!(screen.contains("0/15"), "progress of the sample: {screen}");
    // Sort by progress, then by date, then back by name.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    assert!(common::draw(&s, 120, 40).contains("sort: date"));
    // Typing filters; Enter opens: the sheet of an article without one is
    // made from the extractor on first open.
    typed(&mut s, "kabul");
    let Some(Overlay::Switcher(sw)) = s.overlay() else {
        panic!()
    };
    assert_eq!(sw.rows.len(), 1);
    let followup = root.join("world/kabul-followup.txt");
    let effects = press(&mut s, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Open {
            article: followup.clone(),
            select: None
        }]
    );
    assert!(s.overlay().is_none());
    perform_all(&mut s, effects);
    assert_eq!(current_name(&s), "kabul-followup.txt");
    assert!(root.join("world/kabul-followup.claims.toml").exists());
    let id = select_text(&mut s, CONTACT);
    let claim = s.doc.sheet.claim(&id).unwrap();
    assert_eq!(claim.speaker.as_deref(), Some("Hamid Karzai"));
    assert_eq!(s.message.as_deref(), Some("opened kabul-followup.txt"));
    // Esc closes the switcher and changes nothing.
    switcher(&mut s);
    press(&mut s, KeyCode::Esc);
    assert!(s.overlay().is_none());
    assert_eq!(current_name(&s), "kabul-followup.txt");
}

#[test]
fn a_claim_in_other_articles_is_shown_jumped_to_and_its_verdict_copied() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    let e = [switcher(&mut s), typed(&mut s, "kabul")].concat();
    let e = [e, press(&mut s, KeyCode::Enter)].concat();
    perform_all(&mut s, e);
    // The new sheet's claims were indexed again: this one is the sample's C1.
    let mine = select_text(&mut s, CONTACT);
    let also = ws(&s).also.clone().expect("also in");
    assert_eq!(also.0, "also in 1 article: 1 not reviewed");
    let screen = common::draw(&s, 120, 40);
    assert!(
        screen.contains("≈ also in 1 article: 1 not reviewed (m lists them)"),
        "{screen}"
    );
    // m lists them; Enter goes there, to that claim.
    typed(&mut s, "m");
    assert!(matches!(s.overlay(), Some(Overlay::Similar(_))));
    let effects = press(&mut s, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Open {
            article: root.join("world/karzai-taliban-talks.txt"),
            select: Some("C1".into())
        }]
    );
    perform_all(&mut s, effects);
    assert_eq!(current_name(&s), "karzai-taliban-talks.txt");
    assert_eq!(s.selected_claim().unwrap().id, "C1");
    // Deny it there, with a note and a source.
    let e = typed(&mut s, "d");
    perform_all(&mut s, e);
    s.list.selected = Some(0);
    let e = typed(&mut s, "e");
    perform_all(&mut s, e);
    let e = typed(&mut s, "no such contact");
    perform_all(&mut s, e);
    let e = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    perform_all(&mut s, e);
    assert_eq!(s.claims()[0].note, "no such contact");
    // Back in the follow-up: the summary has the fresh verdict; y copies it.
    let bridge_sheet = root.join("local/bridge.claims.toml");
    let sample_sheet = root.join("world/karzai-taliban-talks.claims.toml");
    let bridge_before = fs::read(&bridge_sheet).unwrap();
    let sample_before = fs::read(&sample_sheet).unwrap();
    let e = [switcher(&mut s), typed(&mut s, "kabul")].concat();
    let e = [e, press(&mut s, KeyCode::Enter)].concat();
    perform_all(&mut s, e);
    assert_eq!(current_name(&s), "kabul-followup.txt");
    select_text(&mut s, CONTACT);
    assert_eq!(
        ws(&s).also.as_ref().unwrap().0,
        "also in 1 article: 1 denied"
    );
    typed(&mut s, "m");
    let effects = typed(&mut s, "y");
    assert_eq!(effects, vec![Effect::Save]);
    perform_all(&mut s, effects);
    let c1 = s.doc.sheet.claim(&mine).unwrap();
    assert_eq!(c1.status, Status::Denied);
    assert_eq!(c1.note, "no such contact");
    let last = c1.history.last().unwrap();
    assert_eq!(last.field, "copied_from");
    assert_eq!(last.to, "world/karzai-taliban-talks.txt C1");
    assert_eq!(last.by, "ana");
    // Saved: in this article's sheet only.
    let reopened = Doc::open(&root.join("world/kabul-followup.txt")).unwrap();
    assert_eq!(reopened.sheet.claim(&mine).unwrap().status, Status::Denied);
    assert_eq!(fs::read(&bridge_sheet).unwrap(), bridge_before);
    assert_eq!(fs::read(&sample_sheet).unwrap(), sample_before);
    // Undo takes the copy back.
    let e = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
    );
    perform_all(&mut s, e);
    assert!(!s.doc.sheet.claim(&mine).unwrap().is_reviewed());
}

#[test]
fn every_claim_of_the_workspace_in_one_list() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    typed(&mut s, "W");
    let rows = |s: &AppState| match s.overlay() {
        Some(Overlay::Claims(v)) => (v.rows.len(), v.count),
        _ => panic!("no claims view"),
    };
    assert_eq!(rows(&s), (18, 18), "the sample's 15 and the bridge's 3");
    typed(&mut s, "taliban");
    let (n, count) = rows(&s);
    assert!(n >= 5 && n == count, "{n} {count}");
    let screen = common::draw(&s, 120, 40);
    assert!(screen.contains("All claims"), "{screen}");
    assert!(screen.contains("/taliban"), "{screen}");
    // The article's path is searched too.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut s, "bridge.md");
    assert_eq!(rows(&s).0, 3);
    // @ keeps a speaker, # an article, together with the fuzzy terms.
    let clear = |s: &mut AppState| {
        update(
            s,
            Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        )
    };
    clear(&mut s);
    typed(&mut s, "@karzai");
    assert_eq!(rows(&s), (6, 6), "Hamid Karzai's six claims in the sample");
    typed(&mut s, " 'going");
    assert_eq!(rows(&s), (2, 2), "two of them say \"going\"");
    clear(&mut s);
    typed(&mut s, "#local/ 'cars");
    assert_eq!(rows(&s).0, 1);
    clear(&mut s);
    typed(&mut s, "bridge.md");
    // Esc leaves the query line; f filters by status; Enter opens the claim.
    press(&mut s, KeyCode::Esc);
    typed(&mut s, "f");
    let Some(Overlay::Claims(v)) = s.overlay() else {
        panic!()
    };
    assert_eq!(
        v.filter,
        claimdesk::app::Filter::Verdict(claimdesk::domain::Verdict::NotReviewed)
    );
    typed(&mut s, "j");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(effects.is_empty(), "the bridge is the open article");
    assert_eq!(s.selected_claim().unwrap().id, "C2");
    assert!(s.overlay().is_none());
}

#[test]
fn big_searches_run_off_the_ui_thread_and_only_the_newest_counts() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    s.session.sync_search_limit = 0;
    typed(&mut s, "W");
    let first = typed(&mut s, "t");
    let second = typed(&mut s, "a");
    let (Some(Effect::Search(a)), Some(Effect::Search(b))) = (first.first(), second.first()) else {
        panic!("{first:?} {second:?}")
    };
    assert!(b.generation > a.generation);
    assert_eq!(b.query, "ta");
    let pending = |s: &AppState| match s.overlay() {
        Some(Overlay::Claims(v)) => (ws(s).claims_search.pending, v.rows.len()),
        _ => panic!(),
    };
    assert_eq!(pending(&s).0, Some(b.generation));
    assert!(common::draw(&s, 120, 40).contains("searching…"));
    // The worker skips a job a newer one has replaced.
    let latest = std::sync::atomic::AtomicU64::new(b.generation);
    assert!(claimdesk::runtime::workers::run_search_job(a, &mut None, &latest).is_none());
    // An older result that arrives anyway is dropped; the newest is shown.
    perform_all(&mut s, vec![Effect::Search(a.clone())]);
    assert_eq!(pending(&s).0, Some(b.generation));
    perform_all(&mut s, vec![Effect::Search(b.clone())]);
    let (p, n) = pending(&s);
    assert_eq!(p, None);
    assert!(n > 0);
}

#[test]
fn switching_keeps_each_articles_undo_and_refuses_with_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    let e = typed(&mut s, "c");
    perform_all(&mut s, e);
    assert_eq!(s.edits.undo_len(), 1);
    let e = [switcher(&mut s), typed(&mut s, "world/karzai")].concat();
    let e = [e, press(&mut s, KeyCode::Enter)].concat();
    perform_all(&mut s, e);
    assert_eq!(current_name(&s), "karzai-taliban-talks.txt");
    assert!(s.edits.undoable().is_empty());
    let e = [switcher(&mut s), typed(&mut s, "bridge")].concat();
    let e = [e, press(&mut s, KeyCode::Enter)].concat();
    perform_all(&mut s, e);
    assert_eq!(s.edits.undo_len(), 1, "the bridge's undo came back");
    // A change that could not be saved: switching is refused.
    s.doc.sheet.claims[1].note = "typed but not saved".into();
    [switcher(&mut s), typed(&mut s, "world/karzai")].concat();
    let effects = press(&mut s, KeyCode::Enter);
    assert!(effects.is_empty());
    assert!(s.message.as_deref().unwrap().contains("changes not saved"));
    assert_eq!(current_name(&s), "bridge.md");
}

// ------------------------------------------------------------ git

fn mark(article: &Path, id: &str, status: &str, who: &str) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .arg("mark")
        .arg(article)
        .args([id, status, "--analyst", who])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// Two analysts share a workspace through git: different articles, and
/// different claims of one article; pulls merge without conflict, nothing
/// is lost, and a TUI open on the folder picks up what was pulled.
#[test]
#[cfg_attr(not(claimdesk_git), ignore = "needs git")]
fn two_clones_review_and_pull_and_the_open_tui_follows() {
    let top = tempfile::tempdir().unwrap();
    let origin = top.path().join("origin.git");
    let seed = top.path().join("seed");
    fs::create_dir_all(&seed).unwrap();
    folder(&seed);
    open_article(&seed.join("world/kabul-followup.txt")).unwrap();
    git(&seed, &["init", "-q", "-b", "main"]);
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "workspace"]);
    git(top.path(), &["clone", "-q", "--bare", "seed", "origin.git"]);
    let ana = top.path().join("ana");
    let bo = top.path().join("bo");
    for d in [&ana, &bo] {
        git(
            top.path(),
            &["clone", "-q", origin.to_str().unwrap(), d.to_str().unwrap()],
        );
    }
    // Bo has the folder open in the TUI, on the bridge (first by path).
    let mut tui = common::Pty::spawn(&bo, &[std::ffi::OsStr::new(".")], &[], (120, 40));
    tui.wait_for(&|s| {
        s.contains("Council says the old bridge is safe") && s.contains("0/3 reviewed")
    });
    // Ana: the sample's C2 and C3, and the bridge's C1.
    let sample = |d: &Path| d.join("world/karzai-taliban-talks.txt");
    mark(&sample(&ana), "C2", "confirmed", "ana");
    mark(&sample(&ana), "C3", "denied", "ana");
    mark(&ana.join("local/bridge.md"), "C1", "confirmed", "ana");
    git(&ana, &["commit", "-q", "-am", "ana's review"]);
    git(&ana, &["push", "-q", "origin", "main"]);
    // Bo: the sample's C10 and the follow-up's C1, then pulls.
    mark(&sample(&bo), "C10", "unconfirmed", "bo");
    mark(&bo.join("world/kabul-followup.txt"), "C1", "denied", "bo");
    git(&bo, &["commit", "-q", "-am", "bo's review"]);
    git(
        &bo,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    // No conflict, nothing lost.
    let doc = Doc::open(&sample(&bo)).unwrap();
    let status = |id: &str| {
        let c = doc.sheet.claim(id).unwrap();
        (c.status, c.reviewed_by.clone().unwrap_or_default())
    };
    assert_eq!(status("C2"), (Status::Confirmed, "ana".into()));
    assert_eq!(status("C3"), (Status::Denied, "ana".into()));
    assert_eq!(status("C10"), (Status::Unconfirmed, "bo".into()));
    assert_eq!(doc.sheet.counts().reviewed, 3);
    // The open TUI follows: the bridge (open) reloads, and the switcher
    // shows the sample's new progress.
    tui.wait_for(&|s| s.contains("1/3 reviewed") && s.contains("reloaded"));
    tui.send(b"\x10"); // Ctrl-p
    tui.wait_for(&|s| s.contains("3/15") && s.contains("1/3"));
    tui.send(b"\x1b");
    tui.wait_for(&|s| !s.contains("Enter opens"));
    tui.send(b"q");
    assert_eq!(tui.exit_code(), 0);
    git(&bo, &["push", "-q", "origin", "main"]);
    git(
        &ana,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    let doc = Doc::open(&sample(&ana)).unwrap();
    assert_eq!(doc.sheet.counts().reviewed, 3);
    let followup = Doc::open(&ana.join("world/kabul-followup.txt")).unwrap();
    assert_eq!(followup.sheet.claims[0].status, Status::Denied);
}

#[test]
fn a_folder_without_articles_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "x").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no articles (.txt, .md) in this folder or below"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// The disk watch's thread looks at the folder and the other sheets; what
/// it finds reaches `update` as actions, which update the workspace.
#[test]
fn the_disk_watch_finds_new_articles_and_changed_sheets_as_actions() {
    use claimdesk::runtime::article_watch::ArticleWatch;
    use claimdesk::runtime::disk_worker::{Probe, WorkspaceProbe, look};
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    let probe = |s: &AppState| Probe {
        sheet: s.doc.sheet_path.clone(),
        article: s.doc.article.path.clone(),
        article_sha: s.doc.article.sha256.clone(),
        workspace: WorkspaceProbe::of(ws(s), true),
        want_lock: false,
    };
    let mut article = ArticleWatch::new(&s.doc);
    assert!(look(&probe(&s), &mut article).is_empty(), "nothing changed");
    // Another shell adds an article and marks a claim of another one.
    fs::write(
        root.join("local/council.txt"),
        BRIDGE.replace("bridge", "hall"),
    )
    .unwrap();
    let sample = root.join("world/karzai-taliban-talks.txt");
    mark(&sample, "C2", "denied", "bo");
    let actions = look(&probe(&s), &mut article);
    assert!(matches!(
        &actions[..],
        [Action::SheetsChanged(_), Action::ArticlesAppeared(_)]
    ));
    for a in actions {
        let effects = update(&mut s, a);
        perform_all(&mut s, effects);
    }
    let w = ws(&s);
    assert_eq!(w.ws.items.len(), 4);
    assert!(s.message.as_deref().unwrap().contains("new in the folder"));
    let i = w.ws.position(&sample).unwrap();
    let claimdesk::domain::workspace::SheetState::Loaded(sheet) = &w.ws.items[i].sheet else {
        panic!("the sample's sheet was not read again");
    };
    assert_eq!(sheet.claim("C2").unwrap().status, Status::Denied);
    // The switcher lists the new article.
    switcher(&mut s);
    typed(&mut s, "council");
    let Some(Overlay::Switcher(sw)) = s.overlay() else {
        panic!("no switcher")
    };
    assert_eq!(sw.rows.len(), 1);
    // Looked at again: nothing new.
    assert!(look(&probe(&s), &mut article).is_empty());
}

/// A sheet found changed for an article that is no longer at that place
/// in the list (the list changed while the thread looked) is not taken.
#[test]
fn a_changed_sheet_reported_for_another_place_is_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path());
    let mut s = open_workspace(&root);
    let before = ws(&s).ws.items.clone();
    let mut stray = before[1].clone();
    stray.sheet_path = root.join("elsewhere.claims.toml");
    stray.sheet = claimdesk::domain::workspace::SheetState::Missing;
    update(&mut s, Action::SheetsChanged(vec![(1, stray)]));
    assert_eq!(ws(&s).ws.items[1], before[1]);
}
