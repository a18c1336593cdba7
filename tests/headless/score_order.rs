//! The claims list in score order: the `order` key cycles article order and
//! score order, the configuration picks the order on opening, and the
//! detail shows each claim's check-worthiness.

use claimdesk::app::{Action, AppState, Keymap, update};
use claimdesk::config::{Config, ListOrder};
use claimdesk::domain::{Article, Doc, Stamp, extract};
use claimdesk::view::{self, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fixed_now() -> Stamp {
    Stamp::parse("2026-11-28T14:03:07Z").unwrap()
}

/// The sample article with every claim the extractor finds (as `init --all`
/// makes it), opened at 120x40.
fn scored() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    let text = include_str!("../../data/karzai-taliban-talks.txt");
    std::fs::write(&path, text).unwrap();
    let article = Article::load(&path).unwrap();
    let claims = extract::claims(&article);
    let doc = Doc::new_for(article, claims);
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = fixed_now;
    update(&mut s, Action::Resize(120, 40));
    (dir, s)
}

/// The default key of the `order` command.
fn order_key() -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char('O'), KeyModifiers::SHIFT))
}

fn listed_scores(s: &AppState) -> Vec<f64> {
    let claims = s.claims();
    s.list
        .visible
        .iter()
        .map(|&i| claims[i].score.map_or(-1.0, |x| x.get()))
        .collect()
}

fn listed_ids(s: &AppState) -> Vec<String> {
    let claims = s.claims();
    s.list
        .visible
        .iter()
        .map(|&i| claims[i].id.clone())
        .collect()
}

fn draw(s: &AppState) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| view::render(s, &Theme::colored(), f)).unwrap();
    t.backend().to_string()
}

#[test]
fn the_order_key_cycles_article_and_score_order() {
    let (_d, mut s) = scored();
    let article_order = listed_ids(&s);
    assert_eq!(article_order[0], "C1");
    update(&mut s, order_key());
    assert_eq!(s.order, ListOrder::Score);
    let scores = listed_scores(&s);
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_ne!(listed_ids(&s), article_order);
    // the selection stays on the claim it was on
    assert_eq!(s.selected_claim().unwrap().id, "C1");
    update(&mut s, order_key());
    assert_eq!(s.order, ListOrder::Article);
    assert_eq!(listed_ids(&s), article_order);
}

#[test]
fn claims_without_a_score_come_after_the_scored_ones() {
    let (_d, mut s) = scored();
    s.doc.sheet.claims[0].score = None;
    s.start_in_order(ListOrder::Score);
    assert_eq!(listed_ids(&s).last().map(String::as_str), Some("C1"));
    assert_eq!(s.selected_claim().unwrap().id, listed_ids(&s)[0]);
}

#[test]
fn the_list_in_score_order() {
    let (_d, mut s) = scored();
    s.start_in_order(ListOrder::Score);
    let screen = draw(&s);
    assert!(screen.contains("by score"), "{screen}");
    assert!(screen.contains("check-worthiness 0."), "{screen}");
    insta::assert_snapshot!("list_by_score_120x40", screen);
}

#[test]
fn the_configuration_sets_the_order() {
    let p = std::path::Path::new("c.toml");
    assert_eq!(Config::default().order, ListOrder::Article);
    let c = Config::parse(p, "order = \"score\"\n").unwrap();
    assert_eq!(c.order, ListOrder::Score);
    let e = Config::parse(p, "advance = true\norder = \"random\"\n").unwrap_err();
    assert!(e.to_string().starts_with("c.toml:2:9:"), "{e}");
}
