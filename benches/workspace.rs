//! Workspace scale: a generated folder of 1,000 articles and
//! 50,000 claims (benches/support/workspace.rs), kept in
//! target/bench-workspace/ between runs.
//!
//! - `open_first_frame`: `claimdesk FOLDER` up to its first frame: find the
//!   articles, open the first with its sheet, draw (the sheets are read in
//!   the background after). Target: under 1 s.
//! - `read_all_sheets`: that background reading, on all cores.
//! - `switch_article`: open another article in the main view and draw.
//!   Target: under 50 ms.
//! - `search_keystroke/<prefix>`: one keystroke typing "parliament" in the
//!   workspace-wide claims view (count, best 200 with highlights), with
//!   the searcher of the prefix before, as the TUI's search thread runs it.
//!   Target: 16 ms median.
//!
//! Finding one claim's matches among 50,000 is `cargo bench --bench similar`
//! (a vocabulary of real size; these generated claims share too few rare
//! words to measure it).
//!
//! Run: `cargo bench --bench workspace`. It also prints the memory the
//! loaded workspace takes against its size on disk (target: under 10x).

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/workspace.rs"]
mod generated;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use claimdesk::app::workspace::{SHOWN, SearchJob, SearchTarget, WorkspaceState};
use claimdesk::app::{Action, AppState, Effect, Keymap, update};
use claimdesk::domain::search::Searcher;
use claimdesk::domain::similar;
use claimdesk::domain::workspace::{Workspace, open_article};
use claimdesk::view::{self, Theme};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ARTICLES: usize = 1_000;
const PER_ARTICLE: usize = 50;

fn folder() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-workspace");
    let done = root.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&root);
        generated::generate(&root, ARTICLES, PER_ARTICLE, 0x5EED);
        std::fs::write(&done, "").unwrap();
    }
    root
}

fn draw(state: &AppState, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|f| view::render(state, &Theme::plain(), f))
        .unwrap();
}

fn first_frame(root: &Path, terminal: &mut Terminal<TestBackend>) -> AppState {
    let ws = Workspace::discover(root).unwrap();
    let doc = open_article(&ws.items[0].article).unwrap();
    let mut state = AppState::new(doc, "bench".into(), Keymap::default(), true, false);
    state.workspace = Some(Box::new(WorkspaceState::new(ws, Some(0))));
    update(&mut state, Action::Resize(120, 40));
    draw(&state, terminal);
    state
}

/// The state once the background reading is done.
fn loaded(root: &Path, terminal: &mut Terminal<TestBackend>) -> AppState {
    let mut state = first_frame(root, terminal);
    let mut ws = Workspace::discover(root).unwrap();
    ws.load_all(&|_| {});
    let entries = ws.similar_entries();
    update(&mut state, Action::WorkspaceLoaded(Box::new(ws)));
    let index = similar::Index::build(entries);
    update(&mut state, Action::SimilarReady(Arc::new(index)));
    state
}

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let root = folder();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut g = c.benchmark_group("workspace_1000x50");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("open_first_frame", |b| {
        b.iter(|| black_box(first_frame(&root, &mut terminal)))
    });
    g.bench_function("read_all_sheets", |b| {
        b.iter(|| {
            let mut ws = Workspace::discover(&root).unwrap();
            ws.load_all(&|_| {});
            black_box(ws)
        })
    });
    let before = rss_kib();
    let mut state = loaded(&root, &mut terminal);
    let index = state.workspace.as_mut().unwrap().ensure_index();
    if let (Some(b), Some(a)) = (before, rss_kib()) {
        let disk = generated::size_on_disk(&root) / 1024;
        eprintln!(
            "memory: the loaded workspace (sheets, search and similar indexes) takes {} KiB; {} KiB on disk; {:.1}x",
            a.saturating_sub(b),
            disk,
            a.saturating_sub(b) as f64 / disk.max(1) as f64
        );
    }
    let items: Vec<PathBuf> = state
        .workspace
        .as_ref()
        .unwrap()
        .ws
        .items
        .iter()
        .map(|i| i.article.clone())
        .collect();
    let mut k = 1;
    g.bench_function("switch_article", |b| {
        b.iter(|| {
            k = (k * 7 + 13) % items.len();
            let effect = Effect::Open {
                article: items[k].clone(),
                select: None,
            };
            let (action, _) = claimdesk::runtime::perform(&mut state, &effect);
            update(&mut state, action.unwrap());
            draw(&state, &mut terminal);
        })
    });
    let query = "parliament";
    for n in 1..=query.len() {
        let prefix = &query[..n];
        let shorter = &query[..n - 1];
        let latest = std::sync::atomic::AtomicU64::new(1);
        let job = |q: &str| SearchJob {
            target: SearchTarget::Workspace,
            generation: 1,
            query: q.to_owned(),
            index: Arc::clone(&index),
            limit: SHOWN,
        };
        g.bench_with_input(
            BenchmarkId::new("search_keystroke", prefix),
            prefix,
            |b, p| {
                b.iter_batched(
                    || {
                        let mut s = Some(Searcher::new(Arc::clone(&index)));
                        if !shorter.is_empty() {
                            claimdesk::runtime::workers::run_search_job(
                                &job(shorter),
                                &mut s,
                                &latest,
                            );
                        }
                        s
                    },
                    |mut s| {
                        black_box(claimdesk::runtime::workers::run_search_job(
                            &job(p),
                            &mut s,
                            &latest,
                        ))
                    },
                    criterion::BatchSize::LargeInput,
                )
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
