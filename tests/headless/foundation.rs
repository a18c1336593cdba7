//! The foundation: the sample sheet, the sheet format's round trip, git
//! merges of two analysts' work, the layering rule, and every CLI command
//! with its bad inputs.

use crate::common;

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use claimdesk::domain::claim::{Anchor, Change, Stamp, Tombstone};
use claimdesk::domain::sheet::{self, Sheet};
use claimdesk::domain::{Article, Claim, ClaimKind, Doc, Status};
use common::git;
use predicates::prelude::*;
use proptest::prelude::*;

const SAMPLE: &str = "karzai-taliban-talks";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding a copy of the sample article and sheet.
fn sample_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join(format!("{SAMPLE}.txt"));
    let sheet = dir.path().join(format!("{SAMPLE}.claims.toml"));
    fs::copy(root().join("data").join(format!("{SAMPLE}.txt")), &article).unwrap();
    fs::copy(
        root().join("data").join(format!("{SAMPLE}.claims.toml")),
        &sheet,
    )
    .unwrap();
    (dir, article, sheet)
}

fn claimdesk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    // No user configuration leaks into the tests.
    c.env("CLAIMDESK_CONFIG", "/nonexistent/claimdesk-config.toml");
    c.env("USER", "tester");
    c.env("XDG_DATA_HOME", "/nonexistent/claimdesk-data");
    c.env("XDG_CACHE_HOME", "/nonexistent/claimdesk-cache");
    c
}

// ------------------------------------------------------------ sample data

#[test]
#[cfg_attr(not(claimdesk_seed), ignore = "needs ../shared/seed")]
fn sample_article_is_the_seed_byte_for_byte() {
    let seed = fs::read(root().join("../shared/seed/000_9c1873a080de0380.txt")).unwrap();
    assert_eq!(
        fs::read(root().join("data/karzai-taliban-talks.txt")).unwrap(),
        seed
    );
}

#[test]
fn sample_sheet_golden() {
    let doc = Doc::open(&root().join("data/karzai-taliban-talks.txt")).unwrap();
    assert!(
        !doc.article_changed(),
        "the sheet's SHA-256 matches the article"
    );
    let s = &doc.sheet;
    assert_eq!(s.claims.len(), 15);
    // Every anchor is exact: its quote is the article's text at its offsets,
    // and its context is what surrounds it.
    for c in &s.claims {
        let expect = Anchor::from_text(&doc.article.text, c.anchor.start, c.anchor.end);
        assert_eq!(c.anchor, expect, "anchor of {}", c.id);
        assert_eq!(c.text, c.anchor.quote, "{} quotes the article", c.id);
        assert!(!c.is_reviewed(), "{} starts unreviewed", c.id);
    }
    // Ids in article order, speakers as the article names them.
    let ids: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
    let expected: Vec<String> = (1..=15).map(|i| format!("C{i}")).collect();
    assert_eq!(ids, expected);
    let speakers: Vec<Option<&str>> = s.claims.iter().map(|c| c.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        vec![
            Some("Hamid Karzai"),
            Some("Hamid Karzai"),
            Some("Hamid Karzai"),
            Some("Hamid Karzai"),
            Some("Hamid Karzai"),
            Some("Hamid Karzai"),
            Some("the US Embassy in Afghanistan"),
            None,
            Some("envoys"),
            None,
            Some("diplomats"),
            None,
            None,
            None,
            Some("Robert Gates"),
        ]
    );
    assert!(
        s.claims.iter().all(|c| !c.text.contains("Watch the video")),
        "the video caption is not a claim"
    );
    assert_eq!(s.claims[3].kind, Some(ClaimKind::Quote));
    // The file on disk is exactly what claimdesk writes for it.
    let text = fs::read_to_string(root().join("data/karzai-taliban-talks.claims.toml")).unwrap();
    assert_eq!(sheet::render(s), text);
}

// ------------------------------------------------------------ round trip

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[\"'\\\\\n\t\r\u{0}-\u{1f}\u{7f}]{0,20}",
        "[a-z \u{301}\u{1F600}\u{2019}\u{201C}\u{201D}\"'`]{0,40}",
        Just("'''\"\"\"\\u0000 \\n".to_owned()),
        Just("x".repeat(100_000)),
    ]
}

fn stamp() -> impl Strategy<Value = Stamp> {
    (0i64..4_000_000_000, -720i32..720).prop_map(|(secs, minutes)| {
        let offset = chrono::FixedOffset::east_opt(minutes * 60).unwrap();
        Stamp(
            chrono::DateTime::from_timestamp(secs, 0)
                .unwrap()
                .with_timezone(&offset),
        )
    })
}

fn claim() -> impl Strategy<Value = Claim> {
    (
        (
            hostile_string(),
            proptest::option::of(hostile_string()),
            0usize..3,
        ),
        (
            0usize..1000,
            0usize..1000,
            hostile_string(),
            hostile_string(),
            hostile_string(),
        ),
        (
            proptest::option::of(stamp()),
            proptest::option::of(hostile_string()),
            hostile_string(),
            proptest::collection::vec(hostile_string(), 0..3),
        ),
        proptest::collection::vec(
            (
                stamp(),
                hostile_string(),
                hostile_string(),
                hostile_string(),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(
                (text, speaker, status),
                (a, b, quote, prefix, suffix),
                (reviewed_at, reviewed_by, note, sources),
                history,
            )| Claim {
                id: String::new(),
                text,
                speaker,
                status: Status::ALL[status],
                kind: None,
                score: None,
                reviewed_at,
                reviewed_by,
                note,
                sources,
                anchor: Anchor {
                    start: a.min(b),
                    end: a.max(b),
                    quote,
                    prefix,
                    suffix,
                },
                orphan: false,
                needs_review: false,
                history: history
                    .into_iter()
                    .map(|(at, by, from, to)| Change {
                        at,
                        by,
                        field: "note".into(),
                        from,
                        to,
                    })
                    .collect(),
                disputes: Vec::new(),
                assignee: None,
                pending: false,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_sheet_saved_and_loaded_is_equal(
        claims in proptest::collection::vec(claim(), 0..5),
        title in proptest::option::of(hostile_string()),
        analyst in proptest::option::of(hostile_string()),
        deleted in proptest::collection::vec((hostile_string(), stamp(), hostile_string()), 0..2),
    ) {
        let mut sheet = Sheet::new("a b/\"c\".txt", "0123abcd");
        sheet.title = title;
        sheet.analyst = analyst;
        sheet.claims = claims;
        for (i, c) in sheet.claims.iter_mut().enumerate() {
            c.id = format!("C{}", i + 1);
        }
        let n = sheet.claims.len();
        sheet.deleted = deleted
            .into_iter()
            .enumerate()
            .map(|(i, (text, deleted_at, by))| Tombstone { id: format!("C{}", n + i + 1), text, deleted_at, by, dismissed: i % 2 == 1 })
            .collect();
        sheet.sort();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.claims.toml");
        claimdesk::domain::store::write_atomic(&path, sheet::render(&sheet).as_bytes()).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let back = sheet::parse(&path, &text, None).unwrap();
        prop_assert_eq!(&back, &sheet);
        // Saving a change splices it into the text as read: the result reads
        // back as the changed sheet, and the untouched claims keep their text.
        let mut changed = back.clone();
        if let Some(c) = changed.claims.first_mut() {
            c.set_status(Status::Denied, "prop", Stamp::parse("2026-11-28T10:00:00Z").unwrap());
            c.note.push_str("\n# not a comment");
        }
        let spliced = sheet::render_preserving(&changed, &text, &back);
        prop_assert_eq!(sheet::parse(&path, &spliced, None).unwrap(), changed);
        for c in back.claims.iter().skip(1) {
            let table = sheet::render(&Sheet { claims: vec![c.clone()], deleted: vec![], ..back.clone() });
            let own = &table[table.find("[[claim]]").unwrap()..];
            prop_assert!(spliced.contains(own.trim_end()), "claim {} kept its text", c.id);
        }
    }
}

// ------------------------------------------------------------ git merge

#[test]
#[cfg_attr(not(claimdesk_git), ignore = "needs git")]
fn two_analysts_changing_neighbouring_claims_merge_without_conflict() {
    let (dir, article, _sheet) = sample_copy();
    let origin = dir.path();
    git(origin, &["init", "-q", "-b", "main"]);
    git(origin, &["add", "."]);
    git(origin, &["commit", "-qm", "sample"]);
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let name = article.file_name().unwrap().to_str().unwrap();
    for clone in [a.path(), b.path()] {
        git(clone, &["clone", "-q", origin.to_str().unwrap(), "."]);
    }
    // Ana reviews C2 with a multi-line note and a source; Bo denies C3,
    // the very next claim in the file.
    claimdesk()
        .current_dir(a.path())
        .args(["mark", name, "C2", "confirmed", "--analyst", "ana"])
        .args([
            "--note",
            "Channel 4 News transcript\nchecked twice",
            "--source",
            "https://example.org/c4",
        ])
        .assert()
        .success();
    claimdesk()
        .current_dir(b.path())
        .args(["mark", name, "C3", "denied", "--analyst", "bo"])
        .assert()
        .success();
    for (clone, who) in [(a.path(), "ana"), (b.path(), "bo")] {
        git(clone, &["commit", "-qam", who]);
    }
    git(a.path(), &["push", "-q", "origin", "HEAD:refs/heads/ana"]);
    git(b.path(), &["fetch", "-q", "origin", "ana"]);
    git(b.path(), &["merge", "-q", "--no-edit", "FETCH_HEAD"]);

    let doc = Doc::open(&b.path().join(name)).unwrap();
    let c2 = doc.sheet.claim("C2").unwrap();
    let c3 = doc.sheet.claim("C3").unwrap();
    assert_eq!(
        (c2.status, c2.reviewed_by.as_deref()),
        (Status::Confirmed, Some("ana"))
    );
    assert_eq!(c2.note, "Channel 4 News transcript\nchecked twice");
    assert_eq!(c2.sources, vec!["https://example.org/c4"]);
    assert_eq!(
        (c3.status, c3.reviewed_by.as_deref()),
        (Status::Denied, Some("bo"))
    );
    assert_eq!(doc.sheet.counts().reviewed, 2);
}

#[test]
fn marking_changes_exactly_that_claim() {
    let (_dir, article, sheet) = sample_copy();
    let before = fs::read_to_string(&sheet).unwrap();
    claimdesk()
        .args(["mark", article.to_str().unwrap(), "C3", "denied"])
        .assert()
        .success()
        .stdout(predicate::str::contains("C3: denied (was not reviewed)"));
    let after = fs::read_to_string(&sheet).unwrap();
    let old = sheet::parse(&sheet, &before, None).unwrap();
    let new = sheet::parse(&sheet, &after, None).unwrap();
    for (o, n) in old.claims.iter().zip(&new.claims) {
        if o.id == "C3" {
            assert_eq!(n.status, Status::Denied);
            assert_eq!(n.reviewed_by.as_deref(), Some("tester"));
            assert_eq!(n.history.len(), 1);
        } else {
            assert_eq!(o, n);
        }
    }
    // A small diff: C3's status line changes and its review lines and one
    // history entry are added; nothing else in the file moves.
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let head = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (old_mid, new_mid) = (&b[head..b.len() - tail], &a[head..a.len() - tail]);
    assert_eq!(old_mid[0], "status = \"unconfirmed\"");
    assert_eq!(new_mid[0], "status = \"denied\"");
    assert_eq!(
        old_mid[1..],
        new_mid[1..old_mid.len()],
        "the claim's other lines stay"
    );
    let added = &new_mid[old_mid.len()..];
    assert_eq!(added.len(), 9, "{added:#?}");
    assert!(added[0].starts_with("reviewed_at = "));
    assert_eq!(added[1], "reviewed_by = \"tester\"");
    assert!(b[head - 2..head].contains(&"id = \"C3\""));
}

// ------------------------------------------------------------ CLI

#[test]
fn list_prints_the_claims_as_text_and_json() {
    let (_dir, article, sheet) = sample_copy();
    let out = claimdesk()
        .args(["list", article.to_str().unwrap()])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 15);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("C1   · not reviewed  Hamid Karzai")
    );
    // The sheet path works the same, and JSON carries every field.
    let out = claimdesk()
        .args(["list", sheet.to_str().unwrap(), "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 15);
    assert_eq!(claims[6]["speaker"], "the US Embassy in Afghanistan");
    assert_eq!(claims[0]["reviewed"], false);
    assert_eq!(claims[0]["start"], 0);
    claimdesk()
        .args(["mark", sheet.to_str().unwrap(), "C7", "confirmed"])
        .assert()
        .success();
    let out = claimdesk()
        .args(["list", article.to_str().unwrap(), "--status", "confirmed"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.starts_with("C7  ✔ confirmed"), "{text}");
    let out = claimdesk()
        .args(["list", article.to_str().unwrap(), "--status", "unreviewed"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .lines()
            .count(),
        14
    );
}

#[test]
fn mark_sets_note_and_sources_and_stats_count_them() {
    let (_dir, article, _sheet) = sample_copy();
    let a = article.to_str().unwrap();
    claimdesk()
        .args([
            "mark",
            a,
            "C1",
            "confirmed",
            "--note",
            "two\nlines",
            "--source",
            "https://a.example",
            "--source",
            "Reuters, 2011",
        ])
        .assert()
        .success();
    claimdesk()
        .args(["mark", a, "C2", "DENIED"])
        .assert()
        .success();
    claimdesk()
        .args(["mark", a, "C3", "unconfirmed"])
        .assert()
        .success();
    let doc = Doc::open(&article).unwrap();
    let c1 = doc.sheet.claim("C1").unwrap();
    assert_eq!(c1.note, "two\nlines");
    assert_eq!(c1.sources, vec!["https://a.example", "Reuters, 2011"]);
    assert_eq!(c1.history.len(), 4, "status, note and two sources");
    claimdesk()
        .args(["stats", a])
        .assert()
        .success()
        .stdout(predicate::str::contains("reviewed      3/15 (20%)"))
        .stdout(predicate::str::contains(
            "confirmed     1\nunconfirmed   1\ndenied        1\nnot reviewed  12",
        ));
    let out = claimdesk()
        .args(["stats", a, "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["reviewed"], 3);
    assert_eq!(v["total"], 15);
}

#[test]
fn init_creates_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.md");
    fs::write(
        &article,
        "# Bridge story\n\nThe mayor said the bridge is safe.\n",
    )
    .unwrap();
    claimdesk()
        .args(["init", article.to_str().unwrap()])
        .assert()
        .success();
    let sheet = dir.path().join("story.claims.toml");
    let doc = Doc::open(&sheet).unwrap();
    assert_eq!(doc.sheet.article, "story.md");
    assert_eq!(doc.article.title, "Bridge story");
    let before = fs::read(&sheet).unwrap();
    fs::write(&sheet, [before.as_slice(), b"# my note\n"].concat()).unwrap();
    let before = fs::read(&sheet).unwrap();
    claimdesk()
        .args(["init", article.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "already exists; not overwritten (use --force",
        ));
    assert_eq!(fs::read(&sheet).unwrap(), before);
    claimdesk()
        .args(["init", article.to_str().unwrap(), "--force"])
        .assert()
        .success();
    assert_ne!(fs::read(&sheet).unwrap(), before);
    claimdesk()
        .args(["init", sheet.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a sheet; give the article"));
}

/// Every bad article gives exit 1 and one clear line naming the file, for
/// every command, and leaves the sheet beside it untouched.
#[test]
fn bad_articles_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("empty.txt"), b"").unwrap();
    fs::write(d.join("latin1.txt"), b"Caf\xe9 au lait\n").unwrap();
    fs::write(d.join("binary.txt"), b"\x7fELF\x02\x01\x00\x00").unwrap();
    fs::create_dir(d.join("folder.txt")).unwrap();
    let huge = fs::File::create(d.join("huge.txt")).unwrap();
    huge.set_len(50 * 1024 * 1024 + 1).unwrap();
    let cases: [(&str, &str); 6] = [
        (
            "missing.txt",
            "missing.txt: cannot open the article: No such file",
        ),
        ("empty.txt", "empty.txt: is empty"),
        (
            "latin1.txt",
            "latin1.txt: is not valid UTF-8: invalid byte sequence at byte 3 (line 1)",
        ),
        (
            "binary.txt",
            "binary.txt: looks like a binary file (NUL byte at byte 6)",
        ),
        ("folder.txt", "folder.txt: is a directory"),
        (
            "huge.txt",
            "huge.txt: is 52428801 bytes, over the 52428800 byte (50 MiB) limit",
        ),
    ];
    for (name, message) in cases {
        let path = d.join(name);
        let p = path.to_str().unwrap();
        for args in [
            vec!["init", p],
            vec!["list", p],
            vec!["stats", p],
            vec!["mark", p, "C1", "denied"],
        ] {
            if name == "folder.txt" && (args[0] == "stats" || args[0] == "list") {
                continue; // stats and list read a folder as a workspace
            }
            let out = claimdesk().args(&args).assert().code(1);
            let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert!(err.starts_with("claimdesk: "), "{args:?}: {err}");
            assert!(
                err.contains(message),
                "{args:?}: expected {message:?} in {err:?}"
            );
            assert_eq!(err.lines().count(), 1, "one line: {err}");
            assert!(out.get_output().stdout.is_empty());
        }
        assert!(
            !d.join(name.replace(".txt", ".claims.toml")).exists(),
            "no sheet created for {name}"
        );
    }
}

/// A sheet that fails to parse is reported with file, line and column, and
/// never written over.
#[test]
fn bad_sheets_are_reported_and_never_overwritten() {
    let (_dir, article, sheet) = sample_copy();
    let good = fs::read_to_string(&sheet).unwrap();
    let second_c3 = good.replace("id = \"C4\"", "id = \"C3\"");
    let dup_line = good.lines().position(|l| l == "id = \"C4\"").unwrap() + 1;
    let far = good.replacen("end = 190\n", "end = 99999\n", 1);
    let far_line = good.lines().position(|l| l == "end = 190").unwrap() + 1;
    let typo = good.replace(
        "[[claim]]\nid = \"C2\"",
        "[[claim]]\nid = \"C2\"\nspeeker = \"x\"",
    );
    let typo_line = typo.lines().position(|l| l.starts_with("speeker")).unwrap() + 1;
    let cases: Vec<(String, String)> = vec![
        (
            "format = 1\narticle = \"x.txt\"\nsha256 = \n".into(),
            ":3:10: ".into(),
        ),
        (
            good.replace("format = 1", "format = 7"),
            ":2:1: unknown sheet format 7".into(),
        ),
        (
            second_c3,
            format!(":{dup_line}:6: duplicate claim id \"C3\""),
        ),
        (
            good.replacen("status = \"unconfirmed\"", "status = \"maybe\"", 1),
            ":9:10: unknown variant `maybe`".into(),
        ),
        (
            far,
            format!(
                ":{far_line}:7: claim C2: end 99999 is beyond the article, which has 2018 characters"
            ),
        ),
        (String::new(), ": is empty".into()),
        (
            good.replacen("id = \"C1\"", "id = 1", 1),
            ":8:6: invalid type: integer `1`, expected a string".into(),
        ),
        (
            typo.clone(),
            format!(":{typo_line}:1: unknown field `speeker`, expected one of `id`"),
        ),
    ];
    for (text, message) in cases {
        fs::write(&sheet, &text).unwrap();
        for args in [
            vec!["list", article.to_str().unwrap()],
            vec!["mark", article.to_str().unwrap(), "C1", "denied"],
            vec!["stats", sheet.to_str().unwrap()],
        ] {
            let out = claimdesk().args(&args).assert().code(1);
            let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert!(
                err.contains(&format!("{SAMPLE}.claims.toml{message}")),
                "{args:?}: expected {message:?} in {err:?}"
            );
            assert_eq!(
                fs::read_to_string(&sheet).unwrap(),
                text,
                "{args:?} left the sheet as it was"
            );
        }
    }
}

#[test]
fn usage_errors_exit_2_and_unknown_ids_exit_1() {
    let (_dir, article, sheet) = sample_copy();
    let before = fs::read(&sheet).unwrap();
    let a = article.to_str().unwrap();
    claimdesk()
        .args(["mark", a, "C1", "maybe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown status 'maybe': expected confirmed, unconfirmed or denied",
        ));
    claimdesk().args(["list"]).assert().code(2);
    claimdesk().args(["frobnicate", a]).assert().code(2);
    claimdesk()
        .args(["mark", a, "C99", "denied"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no claim with id \"C99\" (known ids: C1, C2,",
        ));
    assert_eq!(fs::read(&sheet).unwrap(), before);
    claimdesk()
        .args(["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    for cmd in [
        "init", "list", "mark", "stats", "search", "export", "extract",
    ] {
        claimdesk()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn a_sheet_changed_on_disk_is_merged_not_overwritten_by_a_stale_doc() {
    let (_dir, article, sheet) = sample_copy();
    let mut doc = Doc::open(&article).unwrap();
    claimdesk()
        .args([
            "mark",
            sheet.to_str().unwrap(),
            "C5",
            "denied",
            "--analyst",
            "bo",
        ])
        .assert()
        .success();
    doc.sheet.claims[0].set_status(Status::Confirmed, "ana", Stamp::now());
    doc.save().unwrap();
    let back = Doc::open(&article).unwrap();
    assert_eq!(back.sheet.claims[0].status, Status::Confirmed);
    let c5 = back.sheet.claim("C5").unwrap();
    assert_eq!(c5.status, Status::Denied, "theirs is kept");
    assert_eq!(c5.reviewed_by.as_deref(), Some("bo"));
}

#[test]
fn control_characters_never_reach_the_terminal_from_list() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("evil.txt");
    fs::write(
        &article,
        "He said \u{1b}]0;pwned\u{7} \u{1b}[2J the thing \u{202e}reversed.\n",
    )
    .unwrap();
    let a = Article::load(&article).unwrap();
    let mut doc = Doc::new_for(
        a,
        vec![Claim::new(
            "",
            &fs::read_to_string(&article).unwrap(),
            8,
            40,
        )],
    );
    doc.sheet.claims[0].speaker = Some("\u{1b}[31mred".into());
    doc.save().unwrap();
    let out = claimdesk()
        .args(["list", article.to_str().unwrap()])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\u{202e}')
    );
    assert!(stdout.contains("\u{241b}]0;pwned\u{2407}"), "{stdout}");
}
