//! TUI speed: one frame with a 10,000-claim sheet rendered into a
//! TestBackend, the first frame for the sample (open + lay out + draw), and
//! a status change saved with 10,000 claims.
//!
//! Run with `cargo bench --bench render`.

use std::hint::black_box;
use std::path::Path;

use claimdesk::app::{Action, AppState, Effect, Keymap, update};
use claimdesk::domain::claim::{Anchor, CONTEXT};
use claimdesk::domain::{Article, Claim, Doc};
use claimdesk::view::{self, Theme};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SPEAKERS: [&str; 5] = [
    "Hamid Karzai",
    "the US Embassy",
    "diplomats",
    "Robert Gates",
    "envoys",
];

/// An article of `n` sentences (four to a paragraph), each one a claim.
fn big_doc(dir: &Path, n: usize) -> Doc {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(n);
    let mut cp = 0usize;
    for i in 0..n {
        let sentence = format!(
            "Claim number {i} says that the talks with the Taliban reached stage {} in {} and were confirmed by {} officials.",
            i % 17,
            1990 + i % 30,
            i % 9 + 2
        );
        let len = sentence.chars().count();
        spans.push((cp, cp + len, i));
        text.push_str(&sentence);
        cp += len;
        if i % 4 == 3 {
            text.push('\n');
        } else {
            text.push(' ');
        }
        cp += 1;
    }
    let path = dir.join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let article = Article::load(&path).unwrap();
    let claims: Vec<Claim> = spans
        .into_iter()
        .map(|(s, e, i)| {
            // Claim::new finds the anchor from the start of the text; at
            // this size, slice it directly instead.
            let mut c = Claim::new("", "", 0, 0);
            let slice = |a: usize, b: usize| article.slice(a, b).unwrap_or("").to_owned();
            c.anchor = Anchor {
                start: s,
                end: e,
                quote: slice(s, e),
                prefix: slice(s.saturating_sub(CONTEXT), s),
                suffix: slice(e, (e + CONTEXT).min(article.char_len())),
            };
            c.text = c.anchor.quote.clone();
            c.speaker = Some(SPEAKERS[i % SPEAKERS.len()].to_owned());
            c
        })
        .collect();
    let mut doc = Doc::new_for(article, claims);
    doc.save_over().unwrap();
    doc
}

fn draw(state: &AppState, theme: &Theme, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| view::render(state, theme, f)).unwrap();
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let doc = big_doc(dir.path(), 10_000);
    assert_eq!(doc.sheet.claims.len(), 10_000);
    let theme = Theme::colored();

    let mut state = AppState::new(doc.clone(), "bench".into(), Keymap::default(), true, false);
    update(&mut state, Action::Resize(120, 40));
    // Somewhere in the middle, so the article and the list are both deep.
    for _ in 0..5_000 {
        update(
            &mut state,
            Action::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
        );
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("frame_10000_claims_120x40", |b| {
        b.iter(|| draw(black_box(&state), &theme, &mut terminal))
    });

    let sample_dir = tempfile::tempdir().unwrap();
    let sample = claimdesk::cli::write_sample(sample_dir.path()).unwrap();
    c.bench_function("first_frame_sample_120x40", |b| {
        b.iter(|| {
            let doc = Doc::open(&sample).unwrap();
            let mut s = AppState::new(doc, "bench".into(), Keymap::default(), true, false);
            update(&mut s, Action::Resize(120, 40));
            let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
            draw(&s, &theme, &mut t);
            black_box(t);
        })
    });

    // A verdict on one claim and its save, with 10,000 claims.
    let mut state = AppState::new(doc, "bench".into(), Keymap::default(), false, false);
    update(&mut state, Action::Resize(120, 40));
    let keys = ['c', 'd'];
    let mut k = 0;
    c.bench_function("status_change_saved_10000_claims", |b| {
        b.iter(|| {
            k += 1;
            let key = KeyEvent::new(KeyCode::Char(keys[k % 2]), KeyModifiers::NONE);
            let effects = update(&mut state, Action::Key(key));
            assert_eq!(effects, vec![Effect::Save]);
            let (outcome, _) = claimdesk::runtime::perform(&mut state, &Effect::Save);
            assert!(matches!(outcome, Some(Action::Saved(_))), "{outcome:?}");
        })
    });
}

/// The part of a save that is not the disk: the verdict and the text a
/// save writes (the sheet rendered, comments kept), with 10,000 claims.
fn render_only(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let doc = big_doc(dir.path(), 10_000);
    let mut state = AppState::new(doc, "bench".into(), Keymap::default(), false, false);
    update(&mut state, Action::Resize(120, 40));
    // One save first, as in a session: it works out where each claim lies
    // in the file, which every later save reuses.
    state.doc.save().unwrap();
    let keys = ['c', 'd'];
    let mut k = 0;
    c.bench_function("status_change_rendered_not_written_10000_claims", |b| {
        b.iter(|| {
            k += 1;
            let key = KeyEvent::new(KeyCode::Char(keys[k % 2]), KeyModifiers::NONE);
            update(&mut state, Action::Key(key));
            black_box(state.doc.render());
        })
    });
}

criterion_group! {
    name = render;
    config = Criterion::default().sample_size(20);
    targets = benches, render_only
}
criterion_main!(render);
