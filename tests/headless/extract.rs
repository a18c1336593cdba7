//! Integration tests for the claim extractor: the golden sample, the
//! `extract` and `init --merge` commands, robustness, and the scorers on the
//! shared evaluation data when it is present.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;
use claimdesk::domain::extract::{self, Candidate};
use claimdesk::domain::{Article, ClaimKind, sheet};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Article {
    Article::load(&root().join("data/karzai-taliban-talks.txt")).unwrap()
}

fn bin() -> Command {
    Command::cargo_bin("claimdesk").unwrap()
}

/// Do two speaker names share a word (case and "the" ignored)?
fn same_speaker(got: &str, want: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("the"))
            .map(str::to_lowercase)
            .collect()
    };
    let g = words(got);
    words(want).iter().any(|w| g.contains(w))
}

#[test]
fn golden_sample_claims_and_speakers() {
    let article = sample();
    let text =
        std::fs::read_to_string(root().join("data/karzai-taliban-talks.claims.toml")).unwrap();
    let hand = sheet::parse(
        Path::new("sample.claims.toml"),
        &text,
        Some(article.char_len()),
    )
    .unwrap();
    assert_eq!(hand.claims.len(), 15);
    let found = extract::claims(&article);
    // Checked by hand against the sheet: which hand-made claims the extractor
    // covers, and whose words they are. C10 ("the discussions are still not
    // at the stage ...", the reporter's analysis with no number or source)
    // scores under the threshold and is missed.
    let expect: &[(&str, Option<&str>)] = &[
        ("C1", Some("Hamid Karzai")),
        ("C2", Some("Hamid Karzai")),
        ("C3", Some("Hamid Karzai")),
        ("C4", Some("Hamid Karzai")),
        ("C5", Some("Hamid Karzai")),
        ("C6", Some("Hamid Karzai")),
        ("C7", Some("the US Embassy in Afghanistan")),
        ("C8", None),
        ("C9", Some("envoys")),
        ("C11", Some("Diplomats")),
        ("C12", Some("Diplomats")),
        ("C13", None),
        ("C14", None),
        ("C15", Some("Robert Gates")),
    ];
    for h in &hand.claims {
        let (s, e) = (h.anchor.start, h.anchor.end);
        let best = found
            .iter()
            .max_by_key(|c| c.anchor.end.min(e).saturating_sub(c.anchor.start.max(s)));
        let overlap = best.map_or(0, |c| {
            c.anchor.end.min(e).saturating_sub(c.anchor.start.max(s))
        });
        match expect.iter().find(|(id, _)| *id == h.id) {
            Some((_, want)) => {
                assert!(overlap * 2 >= e - s, "{} not found: {:?}", h.id, h.text);
                let got = best.unwrap();
                if let Some(want) = want {
                    let sp = got.speaker.as_deref().unwrap_or("");
                    assert!(
                        same_speaker(sp, want),
                        "{}: speaker {sp:?}, want {want:?}",
                        h.id
                    );
                }
            }
            None => assert_eq!(h.id, "C10", "unexpected miss {}", h.id),
        }
    }
    // exact spans for the clearest patterns
    let by_start = |s: usize| found.iter().find(|c| c.anchor.start == s).unwrap();
    assert_eq!(by_start(0).anchor.end, 80); // "... according to Hamid Karzai"
    assert_eq!(by_start(168).text, "contacts had been made");
    assert_eq!(by_start(168).kind, Some(ClaimKind::Quote));
    assert_eq!(by_start(226).anchor.end, 383); // "Karzai said Y": Y
    assert_eq!(
        by_start(925).text,
        "could help induce the Taliban into talks on a peace deal in Afghanistan"
    );
    // the caption is never a claim
    assert!(found.iter().all(|c| !c.text.starts_with("Watch the video")));
    // ids in article order
    for (i, c) in found.iter().enumerate() {
        assert_eq!(c.id, format!("C{}", i + 1));
    }
}

#[test]
fn extract_json_has_the_documented_shape() {
    let out = bin()
        .args([
            "extract",
            "data/karzai-taliban-talks.txt",
            "--format",
            "json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["claims"]);
    let claims = v["claims"].as_array().unwrap();
    assert!(claims.len() >= 10);
    let chars: Vec<char> = sample().text.chars().collect();
    let mut last = 0;
    for (i, c) in claims.iter().enumerate() {
        let mut keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "end", "id", "kind", "queue", "score", "speaker", "start", "text"
            ]
        );
        assert_eq!(c["id"], format!("C{}", i + 1));
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert!(s < e && e <= chars.len());
        assert!(s >= last, "not in article order");
        last = s;
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            c["text"].as_str().unwrap()
        );
        let score = c["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        assert!(
            ["quote", "reported", "statement", "statistic"].contains(&c["kind"].as_str().unwrap())
        );
        assert!(c["speaker"].is_null() || c["speaker"].is_string());
    }
}

#[test]
fn extract_all_lists_rejected_sentences_apart() {
    let out = bin()
        .args([
            "extract",
            "data/karzai-taliban-talks.txt",
            "--format",
            "json",
            "--all",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rejected = v["rejected"].as_array().unwrap();
    let caption = rejected
        .iter()
        .find(|r| r["text"].as_str().unwrap().starts_with("Watch the video"))
        .unwrap();
    assert_eq!(caption["reason"], "caption or link");
    assert!(caption["score"].as_f64().is_some());
    // the claims themselves are the same as without --all
    let plain = bin()
        .args([
            "extract",
            "data/karzai-taliban-talks.txt",
            "--format",
            "json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let p: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(p["claims"], v["claims"]);
}

#[test]
fn extract_text_output_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.txt");
    std::fs::write(
        &path,
        "Officials said 40 people \u{1b}[31mdied\u{1b}[0m in the floods on Monday.\n",
    )
    .unwrap();
    let out = bin().arg("extract").arg(&path).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains('\u{1b}'), "{s:?}");
    assert!(s.contains("Officials"));
    assert!(s.starts_with("C1"));
}

#[test]
fn extract_missing_file_is_a_one_line_error() {
    let out = bin()
        .args(["extract", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no/such/file.txt"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1);
}

fn copy_sample(dir: &Path) -> PathBuf {
    let p = dir.join("story.txt");
    std::fs::copy(root().join("data/karzai-taliban-talks.txt"), &p).unwrap();
    p
}

/// `claimdesk init ARTICLE [ARGS]`, which must succeed, and the document it made.
fn init(article: &Path, args: &[&str]) -> claimdesk::domain::Doc {
    let out = bin().arg("init").arg(article).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    claimdesk::domain::Doc::open(article).unwrap()
}

#[test]
fn init_creates_the_sheet_from_the_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let doc = init(&article, &["--all"]);
    let expected = extract::claims(&doc.article);
    assert_eq!(doc.sheet.claims.len(), expected.len());
    assert!(doc.sheet.claims.len() >= 10);
    let c1 = &doc.sheet.claims[0];
    assert_eq!(c1.speaker.as_deref(), Some("Hamid Karzai"));
    assert_eq!(c1.kind, Some(ClaimKind::Reported));
    assert_eq!(c1.anchor.start, 0);
    assert!(!c1.is_reviewed());
}

#[test]
fn init_merge_adds_only_new_claims_and_keeps_existing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    // a sheet with one reviewed claim that overlaps an extracted one, and one
    // of the analyst's own claims elsewhere
    let hand = root().join("data/karzai-taliban-talks.claims.toml");
    let text = std::fs::read_to_string(&hand).unwrap();
    let keep: Vec<&str> = text.split("\n[[claim]]").take(2).collect();
    let sheet_text = format!("{}\n[[claim]]{}", keep[0], keep[1]).replace(
        "article = \"karzai-taliban-talks.txt\"",
        "article = \"story.txt\"",
    );
    let sheet_path = dir.path().join("story.claims.toml");
    std::fs::write(&sheet_path, &sheet_text).unwrap();
    bin()
        .args(["mark"])
        .arg(&article)
        .args(["C1", "confirmed", "--analyst", "Ana"])
        .assert()
        .success();
    let before = std::fs::read_to_string(&sheet_path).unwrap();
    let c1_before: String = before.split("[[claim]]").nth(1).unwrap().to_owned();

    let out = bin()
        .arg("init")
        .arg(&article)
        .args(["--merge", "--all"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    let found = extract::claims(&doc.article);
    let c1 = doc.sheet.claim("C1").unwrap();
    assert!(c1.is_reviewed());
    assert_eq!(c1.reviewed_by.as_deref(), Some("Ana"));
    // existing claim text kept byte for byte
    let after = std::fs::read_to_string(&sheet_path).unwrap();
    assert!(after.contains(c1_before.trim_end()), "C1 was rewritten");
    // every found claim is in the sheet now, or overlaps C1
    assert_eq!(doc.sheet.claims.len(), found.len());
    for c in &doc.sheet.claims {
        if c.id != "C1" {
            assert!(c.anchor.end <= c1.anchor.start || c.anchor.start >= c1.anchor.end);
        }
    }
    // ids are fresh, never reused
    let mut ids: Vec<&str> = doc.sheet.claims.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), doc.sheet.claims.len());

    // a second merge finds nothing new and leaves the file alone
    let out = bin()
        .arg("init")
        .arg(&article)
        .args(["--merge", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 new claims"));
    assert_eq!(std::fs::read_to_string(&sheet_path).unwrap(), after);
}

#[test]
fn init_takes_the_review_queue_and_all_takes_every_claim() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let doc = init(&article, &[]);
    let queue = extract::queue(&doc.article);
    let all = extract::claims(&doc.article);
    assert!(!queue.is_empty() && queue.len() < all.len());
    assert_eq!(doc.sheet.claims.len(), queue.len());
    let threshold = extract::queue::QUEUE_THRESHOLD;
    for c in &doc.sheet.claims {
        let score = c.score.expect("a found claim keeps its score").get();
        assert!(score >= f64::from(threshold) - 0.001, "{c:?}");
    }
    let forced = init(&article, &["--force", "--all"]);
    assert_eq!(forced.sheet.claims.len(), all.len());
    // the extractor's JSON says which claims are in the queue
    let out = bin()
        .arg("extract")
        .arg(&article)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let queued = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["queue"] == true)
        .count();
    assert_eq!(queued, queue.len());
}

#[test]
fn init_without_merge_still_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    bin().arg("init").arg(&article).assert().success();
    let out = bin().arg("init").arg(&article).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin()
        .arg("init")
        .arg(&article)
        .args(["--merge", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--merge and --force conflict");
}

fn check_offsets(text: &str, cands: &[Candidate]) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    for c in cands {
        prop_assert!(c.start < c.end, "empty span {:?}", c);
        prop_assert!(c.end <= chars.len(), "span past the end {:?}", c);
        let slice: String = chars[c.start..c.end].iter().collect();
        prop_assert_eq!(&slice, &c.text);
        prop_assert!((0.0..=1.0).contains(&c.score));
        prop_assert!(!c.accepted || c.reason.is_none());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let cands = extract::extract(&text);
        check_offsets(&text, &cands)?;
    }

    #[test]
    fn news_like_text_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(vec![
                "Mr. ", "U.S. ", "said ", "“", "”", "\"", "''", "(", ")", ". ", "? ", ", ",
                "\n", "\n\n", "- ", "according to ", "Karzai ", "he ", "the president ",
                "told ", "that ", "3.5 ", "— ", ": ", "who ", "declined to comment", "'", "é",
            ]).prop_map(String::from),
            "[A-Za-z]{1,8} ",
        ], 0..80)) {
        let text: String = parts.concat();
        let cands = extract::extract(&text);
        check_offsets(&text, &cands)?;
    }
}

/// A feed page that repeats its lead paragraph three times.
const REPEATED_LEAD: &str = "Water bills in Fairview will rise 12 percent next year, the city's \
utilities director, Ana Ruiz, said on Monday.\n\n\
Water bills in Fairview will rise 12 percent next year, the city's utilities director, Ana Ruiz, \
said on Monday.\n\n\
The council approved a $48 million bond in March to replace pipes laid in the 1950s.\n\n\
\u{201c}We have put off this work for thirty years,\u{201d} Ruiz said.\n\n\
Water bills in Fairview  will rise 12 percent next year, the city's utilities director, Ana \
Ruiz, said on Monday.\n";

#[test]
fn init_on_a_repeated_lead_gives_each_claim_once() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("bills.txt");
    std::fs::write(&article, REPEATED_LEAD).unwrap();
    let doc = init(&article, &[]);
    let texts: Vec<String> = doc
        .sheet
        .claims
        .iter()
        .map(|c| extract::dedupe::normalise(&c.text))
        .collect();
    let mut unique = texts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), texts.len(), "{texts:?}");
    let lead: Vec<_> = doc
        .sheet
        .claims
        .iter()
        .filter(|c| c.text.contains("12 percent"))
        .collect();
    assert_eq!(lead.len(), 1, "{texts:?}");
    assert!(
        lead[0].anchor.start < 60,
        "not the first occurrence: {:?}",
        lead[0]
    );
}

/// Words that are never a speaker on their own: common nouns, documents,
/// places and events.
const NOT_SPEAKERS: &[&str] = &[
    "data",
    "the data",
    "the statement",
    "a statement",
    "the report",
    "a report",
    "the study",
    "the survey",
    "the poll",
    "polls",
    "the letter",
    "the documents",
    "records",
    "the website",
    "the video",
    "the ad",
    "the article",
    "the findings",
    "the results",
    "figures",
    "things",
    "san diego",
    "new york",
    "los angeles",
    "chicago",
    "texas",
    "ohio",
    "california",
    "london",
    "paris",
    "beijing",
    "europe",
    "the middle east",
    "macy thanksgiving day parade",
    "thanksgiving day",
    "the super bowl parade",
    "update",
    "an sec investor",
    "things advisors need to",
];

fn assert_no_stop_speaker(name: &str, text: &str) {
    for c in extract::extract(text) {
        if let Some(s) = &c.speaker {
            let l = s.to_lowercase();
            assert!(
                !NOT_SPEAKERS.contains(&l.as_str()),
                "{name}: speaker {s:?} for {:?}",
                c.text
            );
        }
    }
}

#[test]
fn no_speaker_is_a_common_noun_place_or_document() {
    assert_no_stop_speaker("sample", &sample().text);
    assert_no_stop_speaker(
        "news copy",
        "The statement said the plant would close in March.\n\n\
         Data released Tuesday showed that home prices rose 6 percent.\n\n\
         San Diego said the beaches would stay open through the weekend.\n\n\
         The report found that 40 percent of bridges need repair.\n\n\
         Things Advisors Need To Know About Taxes, the newsletter said.",
    );
}

/// Every dev article of PolNeAR (never a test split).
#[test]
#[cfg_attr(not(claimdesk_eval), ignore = "needs ../shared/eval")]
fn no_speaker_in_polnear_dev_is_a_common_noun_place_or_document() {
    let dev = root().join("../shared/eval/polnear/dev.jsonl");
    let lines = std::fs::read_to_string(&dev).unwrap();
    for (i, line) in lines.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap_or_default();
        assert_no_stop_speaker(&format!("dev article {i}"), text);
    }
}

/// The scorers of ../shared/eval, when it and python3 are there. The debug
/// binary is slow per article, so PolNeAR runs on its first 20 articles and
/// CT24 dev in full (one run); the floors sit a little under the figures
/// measured with the release binary on the same subsets, as a regression
/// guard. Full-split figures are in docs/extract.md.
#[test]
#[cfg_attr(not(claimdesk_eval), ignore = "needs ../shared/eval")]
fn scorers_on_shared_eval_when_present() {
    let eval = root().join("../shared/eval");
    assert!(
        eval.join("score_attribution.py").exists(),
        "{} has no scorer",
        eval.display()
    );
    assert!(
        Command::new("python3").arg("--version").output().is_ok(),
        "the scorers need python3"
    );
    let exe = env!("CARGO_BIN_EXE_claimdesk");
    let run = |script: &str, args: &[&str]| -> String {
        let out = Command::new("python3")
            .arg(eval.join(script))
            .args(["--bin", exe])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let figure = |out: &str, name: &str| -> f64 {
        let at = out
            .find(&format!("{name} "))
            .unwrap_or_else(|| panic!("no {name} in {out}"));
        out[at + name.len() + 1..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let polnear = eval.join("polnear/dev.jsonl");
    let out = run(
        "score_attribution.py",
        &[polnear.to_str().unwrap(), "--limit", "20"],
    );
    eprintln!("{out}");
    assert!(figure(&out, "F1") >= POLNEAR20_F1_FLOOR, "{out}");
    assert!(figure(&out, "accuracy") >= POLNEAR20_SPEAKER_FLOOR, "{out}");
    let ct24 = eval.join("ct24/dev.tsv");
    let out = run("score_checkworthy.py", &[ct24.to_str().unwrap()]);
    eprintln!("{out}");
    assert!(figure(&out, "F1") >= CT24_F1_FLOOR, "{out}");
}

const POLNEAR20_F1_FLOOR: f64 = 0.79;
const POLNEAR20_SPEAKER_FLOOR: f64 = 0.82;
const CT24_F1_FLOOR: f64 = 0.85;
