//! Search: ranking sanity of the engine, and `claimdesk search`
//! on temporary copies of data/.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use claimdesk::domain::search::{Index, Item, Searcher};
use predicates::prelude::*;

fn item(id: &str, speaker: &str, text: &str) -> Item {
    Item {
        id: id.into(),
        text: text.into(),
        speaker: speaker.into(),
        note: String::new(),
    }
}

fn ids(index: &Index, query: &str) -> Vec<String> {
    index
        .search(query)
        .iter()
        .map(|h| index.items()[h.index].id.clone())
        .collect()
}

/// The sample sheet's claims, as the CLI and the TUI index them.
fn sample_index() -> Index {
    let text = std::fs::read_to_string("data/karzai-taliban-talks.claims.toml").unwrap();
    let sheet = claimdesk::domain::sheet::parse(
        Path::new("data/karzai-taliban-talks.claims.toml"),
        &text,
        None,
    )
    .unwrap();
    Index::from_claims(&sheet.claims)
}

#[test]
fn a_whole_word_beats_scattered_letters() {
    let index = Index::new(vec![
        item("C1", "", "people eat a cold egg at noon"),
        item("C2", "", "the president wants peace now"),
    ]);
    assert_eq!(ids(&index, "peace"), ["C2", "C1"]);
    let hits = index.search("peace");
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn an_exact_id_wins() {
    let index = sample_index();
    // "c1" fuzzy-matches many texts and ids (C10..C15); C1 itself comes first.
    assert_eq!(ids(&index, "c1")[0], "C1");
    assert_eq!(ids(&index, "C12")[0], "C12");
    let hits = index.search("c14");
    assert_eq!(index.items()[hits[0].index].id, "C14");
}

#[test]
fn a_speaker_match_counts() {
    let index = sample_index();
    // Gates is C15's speaker; C14's text names him too.
    let found = ids(&index, "gates");
    assert!(found.contains(&"C15".to_owned()), "{found:?}");
    assert!(found.contains(&"C14".to_owned()), "{found:?}");
    // Terms may match different fields: speaker "envoys", text "induce".
    assert_eq!(ids(&index, "'envoys 'induce"), ["C9"]);
    assert_eq!(ids(&index, "envoys induce")[0], "C9");
    assert_eq!(ids(&index, "diplomats"), ["C11"]);
}

#[test]
fn every_term_must_match_in_any_order() {
    let index = sample_index();
    let a = ids(&index, "taliban peace");
    let mut b = ids(&index, "peace taliban");
    assert_eq!(
        {
            let mut a = a.clone();
            a.sort();
            a
        },
        {
            b.sort();
            b
        }
    );
    for id in &a {
        let i = index.items().iter().position(|x| &x.id == id).unwrap();
        let t = index.items()[i].text.to_lowercase();
        assert!(t.contains('p') && t.contains('t'));
    }
    assert!(a.contains(&"C4".to_owned()));
    assert!(a.contains(&"C1".to_owned()));
    assert!(!a.contains(&"C7".to_owned()));
}

#[test]
fn exclusion_leaves_out_claims_with_the_word() {
    let index = sample_index();
    let with = ids(&index, "'talks");
    let without = ids(&index, "'talks !taliban");
    assert!(with.contains(&"C4".to_owned()) && with.contains(&"C11".to_owned()));
    assert!(!without.contains(&"C4".to_owned()));
    assert!(without.contains(&"C11".to_owned()));
    assert!(without.len() < with.len());
}

#[test]
fn exact_terms_need_the_letters_together() {
    let index = sample_index();
    // "pcdl" is scattered in "peace deal" ...
    assert!(!ids(&index, "pcdl").is_empty());
    // ... but not a substring anywhere.
    assert!(ids(&index, "'pcdl").is_empty());
    // An escaped space keeps "peace deal" one exact term.
    let mut found = ids(&index, "'peace\\ deal");
    found.sort();
    assert_eq!(found, ["C1", "C9"]);
    // Unescaped, "deal" is a second, fuzzy term: more claims match.
    assert!(ids(&index, "'peace deal").len() > 2);
}

#[test]
fn smart_case() {
    let index = sample_index();
    // Lower case matches any case: "un" is in many claims.
    assert!(ids(&index, "'un").len() > 2);
    // Upper case matches exactly: "UN" only in C8 (the UN Security Council).
    assert_eq!(ids(&index, "'UN"), ["C8"]);
    assert!(ids(&index, "'NATO").contains(&"C15".to_owned()));
    assert!(ids(&index, "'Nato").is_empty());
}

#[test]
fn accents_and_curly_quotes_match_their_plain_forms() {
    let index = Index::new(vec![
        item(
            "C1",
            "José Martínez",
            "L’élection présidentielle a été “reportée”",
        ),
        item("C2", "", "The election was held"),
    ]);
    assert_eq!(ids(&index, "presidentielle"), ["C1"]);
    assert_eq!(ids(&index, "'l'election"), ["C1"]);
    assert_eq!(ids(&index, "\"reportee\""), ["C1"]);
    assert_eq!(ids(&index, "jose martinez"), ["C1"]);
    assert_eq!(ids(&index, "élection"), ids(&index, "election"));
    // The sample's "women’s" has a curly apostrophe.
    assert_eq!(ids(&sample_index(), "'women's"), ["C13"]);
}

#[test]
fn empty_query_is_every_claim_in_document_order_and_no_match_is_empty() {
    let index = sample_index();
    let all: Vec<String> = (1..=15).map(|i| format!("C{i}")).collect();
    assert_eq!(ids(&index, ""), all);
    assert_eq!(ids(&index, "  "), all);
    assert!(ids(&index, "xyzzy").is_empty());
    assert!(ids(&index, "qqqq").is_empty());
}

#[test]
fn typing_narrows_to_the_same_results_as_a_fresh_search() {
    let index = std::sync::Arc::new(sample_index());
    let mut s = Searcher::new(index.clone());
    let mut q = String::new();
    for c in "taliban talks".chars() {
        q.push(c);
        let got: Vec<usize> = s
            .search(&q)
            .top(&index, usize::MAX)
            .iter()
            .map(|h| h.index)
            .collect();
        let fresh: Vec<usize> = index.search(&q).iter().map(|h| h.index).collect();
        assert_eq!(got, fresh, "{q}");
    }
}

// ---- the command line ----

/// A temporary copy of data/ (article and sheet).
fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "karzai-taliban-talks.txt",
        "karzai-taliban-talks.claims.toml",
    ] {
        std::fs::copy(Path::new("data").join(f), dir.path().join(f)).unwrap();
    }
    let article = dir.path().join("karzai-taliban-talks.txt");
    (dir, article)
}

fn claimdesk() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("claimdesk"));
    cmd.env(
        "CLAIMDESK_CONFIG",
        "/nonexistent/claimdesk-test-config.toml",
    )
    .env("XDG_CONFIG_HOME", "/nonexistent")
    .env("NO_COLOR", "1");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_prints_score_sheet_id_status_speaker_text_plain_when_piped() {
    let (_dir, article) = data_copy();
    let out = stdout_of(
        claimdesk()
            .args(["search"])
            .arg(&article)
            .arg("peace talks taliban"),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    assert!(!out.contains('\u{1b}'), "no colour when piped: {out:?}");
    let first: Vec<&str> = lines[0].split_whitespace().collect();
    assert!(first[0].parse::<i64>().is_ok(), "{}", lines[0]);
    assert_eq!(first[1], "karzai-taliban-talks.claims.toml");
    assert_eq!(first[2], "C4");
    assert!(lines[0].contains("not reviewed"));
    assert!(lines[0].contains("Hamid Karzai"));
    assert!(lines[0].ends_with("Peace talks are going on with the Taliban."));
    // Best first.
    let scores: Vec<i64> = lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn cli_limit_json_and_the_sheet_path() {
    let (_dir, article) = data_copy();
    let out = stdout_of(
        claimdesk()
            .args(["search"])
            .arg(&article)
            .args(["talks", "--limit", "2"]),
    );
    assert_eq!(out.lines().count(), 2);

    let sheet = article.with_file_name("karzai-taliban-talks.claims.toml");
    let out = stdout_of(
        claimdesk()
            .args(["search"])
            .arg(&sheet)
            .args(["'taliban", "--format", "json", "--limit", "3"]),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["query"], "'taliban");
    let total = v["total"].as_u64().unwrap();
    assert!(total > 3, "{total}");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        let text: Vec<char> = r["text"].as_str().unwrap().chars().collect();
        let marked: String = r["positions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| text[p.as_u64().unwrap() as usize])
            .collect();
        assert_eq!(marked.to_lowercase(), "taliban");
        assert_eq!(r["sheet"], "karzai-taliban-talks.claims.toml");
        assert_eq!(r["status"], "not reviewed");
    }
}

#[test]
fn cli_status_filter_combines_with_the_query() {
    let (_dir, article) = data_copy();
    claimdesk()
        .args(["mark"])
        .arg(&article)
        .args(["C4", "denied", "--analyst", "tester"])
        .assert()
        .success();
    let out = stdout_of(
        claimdesk()
            .args(["search"])
            .arg(&article)
            .args(["talks", "--status", "denied"]),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].contains(" C4 ") && lines[0].contains("denied"));
    let out = stdout_of(claimdesk().args(["search"]).arg(&article).args([
        "talks",
        "--status",
        "unreviewed",
    ]));
    assert!(!out.contains(" C4 "));
    assert!(out.contains(" C11 "));
}

#[test]
fn cli_searches_a_folder_of_sheets_recursively() {
    let (dir, _article) = data_copy();
    let deep = dir.path().join("desk/2026");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(
        dir.path().join("karzai-taliban-talks.claims.toml"),
        deep.join("copy.claims.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::copy(
        dir.path().join("karzai-taliban-talks.claims.toml"),
        dir.path().join(".git/hidden.claims.toml"),
    )
    .unwrap();
    let out = stdout_of(claimdesk().args(["search"]).arg(dir.path()).arg("'embassy"));
    let sheets: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(sheets.len(), 2, "{out}");
    assert!(sheets.contains(&"karzai-taliban-talks.claims.toml"));
    assert!(sheets.contains(&"desk/2026/copy.claims.toml"));
}

#[test]
fn cli_reports_a_broken_sheet_in_a_folder_and_still_searches_the_rest() {
    let (dir, _article) = data_copy();
    std::fs::write(dir.path().join("broken.claims.toml"), "format = [").unwrap();
    claimdesk()
        .args(["search"])
        .arg(dir.path())
        .arg("'embassy")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("C7"))
        .stderr(predicate::str::contains("broken.claims.toml"));
}

#[test]
fn cli_no_match_is_empty_with_a_message_and_errors_name_the_file() {
    let (dir, article) = data_copy();
    claimdesk()
        .args(["search"])
        .arg(&article)
        .arg("xyzzy")
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("no claims match \"xyzzy\""));
    let missing = dir.path().join("missing.txt");
    claimdesk()
        .args(["search"])
        .arg(&missing)
        .arg("x")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing"));
}

#[test]
fn cli_output_is_sanitized() {
    let (dir, _article) = data_copy();
    let sheet = dir.path().join("karzai-taliban-talks.claims.toml");
    let text = std::fs::read_to_string(&sheet)
        .unwrap()
        .replace("speaker = \"envoys\"", "speaker = \"envoys\\u001b[31m\"");
    std::fs::write(&sheet, text).unwrap();
    let out = stdout_of(claimdesk().args(["search"]).arg(dir.path()).arg("envoys"));
    assert!(out.contains("envoys\u{241b}[31m"), "{out}");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn cli_highlights_matches_on_a_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;

    let (_dir, article) = data_copy();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin!("claimdesk"));
    cmd.args([
        "search",
        article.to_str().unwrap(),
        "'peace",
        "--limit",
        "1",
    ]);
    cmd.env(
        "CLAIMDESK_CONFIG",
        "/nonexistent/claimdesk-test-config.toml",
    );
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        // The pty reports an error (EIO) once the child is gone.
        while let Ok(n) = reader.read(&mut chunk) {
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
            if String::from_utf8_lossy(&buf).contains('\n') {
                break;
            }
        }
        let _ = tx.send(buf);
    });
    let out = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("output from the terminal");
    let _ = child.wait();
    let out = String::from_utf8_lossy(&out).to_lowercase();
    assert!(out.contains("\u{1b}[1;33mpeace\u{1b}[0m"), "{out:?}");
}
