//! The workspace's `A` prompt: a web address or a file read into a new
//! article off the UI thread (here by the test's effect runner), the
//! status bar saying "reading …" meanwhile, the new article in the
//! switcher and opened; errors in the status bar.

use crate::common;

use std::io::{Read, Write};
use std::path::Path;

use claimdesk::app::workspace::{Overlay, WorkspaceState};
use claimdesk::app::{Action, AppState, Effect, Keymap, update};
use claimdesk::domain::Stamp;
use claimdesk::domain::workspace::{Workspace, open_article};
use common::{draw, perform_all};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const STORY: &str = include_str!("../data/pages/story.html");
const NAME: &str = "harbour-street-bridge-to-close-for-18-months.txt";
const TITLE: &str = "Harbour Street bridge to close for 18 months";

fn press(s: &mut AppState, code: KeyCode) -> Vec<Effect> {
    update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(s: &mut AppState, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| press(s, KeyCode::Char(c)))
        .collect()
}

/// A workspace of one article, its sheets read.
fn workspace(root: &Path) -> AppState {
    std::fs::write(
        root.join("council.txt"),
        "Council meets\n\nThe council said on Monday that the budget would rise by 4 percent next year.\n",
    )
    .unwrap();
    let ws = Workspace::discover(root).unwrap();
    let doc = open_article(&ws.items[0].article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = || Stamp::parse("2026-11-28T14:03:07Z").unwrap();
    s.workspace = Some(Box::new(WorkspaceState::new(ws.clone(), Some(0))));
    update(&mut s, Action::Resize(120, 40));
    let mut loaded = ws;
    loaded.load_all(&|_| {});
    update(&mut s, Action::WorkspaceLoaded(Box::new(loaded)));
    s
}

fn names(s: &AppState) -> Vec<String> {
    let w = s.workspace.as_ref().unwrap();
    w.ws.items.iter().map(|i| i.name.clone()).collect()
}

/// One page served once on 127.0.0.1 (a free port); its address.
fn serve_once(body: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut conn, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(body.as_bytes());
        }
    });
    format!("http://127.0.0.1:{port}/story.html")
}

fn add(s: &mut AppState, source: &str) -> Vec<Effect> {
    assert!(press(s, KeyCode::Char('A')).is_empty());
    typed(s, source);
    press(s, KeyCode::Enter)
}

#[test]
fn a_saved_page_typed_at_the_prompt_is_read_off_the_ui_thread_and_opens() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let page = root.join("saved").join("page.html");
    std::fs::create_dir(page.parent().unwrap()).unwrap();
    std::fs::write(&page, STORY).unwrap();
    let mut s = workspace(&root);

    assert!(press(&mut s, KeyCode::Char('A')).is_empty());
    assert!(matches!(s.overlay(), Some(Overlay::AddArticle(_))));
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("Add an article: web address or file"),
        "{screen}"
    );
    // Letters go to the prompt, not to the keymap (`c` would confirm).
    let source = page.display().to_string();
    assert!(typed(&mut s, &format!("{source}x")).is_empty());
    press(&mut s, KeyCode::Backspace);
    assert!(draw(&s, 120, 40).contains("page.html"));
    let effects = press(&mut s, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::AddArticle {
            source: source.clone(),
            folder: root.clone(),
        }]
    );
    // The prompt is gone and typing goes on while the page is read.
    assert!(s.overlay().is_none());
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("reading /") && screen.contains("page.html …"),
        "{screen}"
    );
    press(&mut s, KeyCode::Char('j'));
    assert!(
        draw(&s, 120, 40).contains("page.html …"),
        "still reading after a key"
    );

    perform_all(&mut s, effects);
    assert_eq!(s.doc.article.path, root.join(NAME));
    assert_eq!(names(&s), ["council.txt", NAME]);
    let w = s.workspace.as_ref().unwrap();
    assert!(w.adding.is_empty());
    assert_eq!(w.current, Some(1));
    assert_eq!(s.doc.sheet.byline.as_deref(), Some("Priya Raman"));
    assert!(!s.doc.sheet.claims.is_empty());
    let screen = draw(&s, 120, 40);
    assert!(!screen.contains("reading /"), "{screen}");
    // The switcher lists it by its title.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
    );
    assert!(draw(&s, 120, 40).contains(TITLE));
}

#[test]
fn an_address_is_fetched_and_the_same_one_again_opens_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let mut s = workspace(&root);
    let url = serve_once(STORY);
    let effects = add(&mut s, &url);
    perform_all(&mut s, effects);
    assert_eq!(s.doc.article.path, root.join(NAME));
    assert_eq!(s.doc.sheet.source_url.as_deref(), Some(url.as_str()));
    assert_eq!(
        s.message.as_deref(),
        Some(format!("opened {NAME}").as_str())
    );

    // Back to the first article, then the same page as a file: its text is
    // already there, so nothing is written and the existing one opens.
    let effects = vec![Effect::Open {
        article: root.join("council.txt"),
        select: None,
    }];
    perform_all(&mut s, effects);
    let copy = root.join("copy.html");
    std::fs::write(&copy, STORY).unwrap();
    let effects = add(&mut s, &copy.display().to_string());
    let mut queue = effects;
    let first = queue.remove(0);
    let (Some(answer), _) = claimdesk::runtime::perform(&mut s, &first) else {
        panic!("no answer");
    };
    let then = update(&mut s, answer);
    assert_eq!(
        s.message.as_deref(),
        Some(format!("already in the workspace: {TITLE}").as_str())
    );
    perform_all(&mut s, then);
    assert_eq!(s.doc.article.path, root.join(NAME));
    assert_eq!(names(&s), ["council.txt", NAME]);
}

#[test]
fn a_failure_shows_in_the_status_bar_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let mut s = workspace(&root);
    let before = s.doc.article.path.clone();
    let missing = root.join("nowhere.html").display().to_string();
    let effects = add(&mut s, &missing);
    perform_all(&mut s, effects);
    assert_eq!(
        s.message.as_deref(),
        Some(format!("{missing}: no such file").as_str())
    );
    assert!(draw(&s, 120, 40).contains("nowhere.html: no such file"));
    assert_eq!(s.doc.article.path, before);
    assert_eq!(names(&s), ["council.txt"]);
    assert!(s.workspace.as_ref().unwrap().adding.is_empty());
}

#[test]
fn esc_cancels_and_outside_a_workspace_a_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let mut s = workspace(&root);
    press(&mut s, KeyCode::Char('A'));
    typed(&mut s, "https://example.org/x");
    assert!(press(&mut s, KeyCode::Esc).is_empty());
    assert!(s.overlay().is_none());
    // An empty prompt reads nothing.
    assert!(add(&mut s, "").is_empty());

    let doc = open_article(&root.join("council.txt")).unwrap();
    let mut single = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    assert!(press(&mut single, KeyCode::Char('A')).is_empty());
    assert!(
        single
            .message
            .as_deref()
            .unwrap_or("")
            .starts_with("not a workspace")
    );
}

#[test]
fn snapshot_the_prompt_and_the_reading_status() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = workspace(dir.path());
    update(&mut s, Action::Resize(80, 24));
    press(&mut s, KeyCode::Char('A'));
    typed(&mut s, "https://news.example/2024/03/05/harbour-bridge");
    insta::assert_snapshot!("add_prompt_80x24", draw(&s, 80, 24));
    press(&mut s, KeyCode::Enter);
    insta::assert_snapshot!("add_reading_80x24", draw(&s, 80, 24));
}
