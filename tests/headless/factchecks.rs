//! The fact-check library: reading every published format (with bad
//! records reported by position), importing (idempotent, from files and
//! from a local HTTP server), and `claimdesk prior`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use claimdesk::domain::factcheck::import::{self, FormatError};
use claimdesk::domain::factcheck::{Library, Verdict};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/factchecks")
        .join(name)
}

fn parse(name: &str) -> import::Imported {
    import::parse(&std::fs::read(fixture(name)).unwrap()).unwrap()
}

fn claimdesk(data_home: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("claimdesk"));
    cmd.env(
        "CLAIMDESK_CONFIG",
        "/nonexistent/claimdesk-test-config.toml",
    )
    .env("XDG_CONFIG_HOME", "/nonexistent")
    .env("XDG_DATA_HOME", data_home)
    .env("NO_COLOR", "1");
    cmd
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_claimreview_object_is_normalised() {
    let got = parse("claimreview.json");
    assert!(got.bad.is_empty(), "{:?}", got.bad);
    let r = &got.records[0];
    assert_eq!(r.publisher, "PolitiFact");
    assert_eq!(r.rating, "Mostly False");
    assert_eq!(r.verdict, Verdict::MostlyFalse);
    assert_eq!(r.rating_value, Some(2.0));
    assert_eq!((r.best_rating, r.worst_rating), (Some(6.0), Some(1.0)));
    assert_eq!(r.claimant.as_deref(), Some("Hamid Karzai"));
    assert_eq!(r.claim_date.as_deref(), Some("2013-06-18"));
    assert_eq!(r.review_date.as_deref(), Some("2013-06-20"));
    assert_eq!(r.language.as_deref(), Some("en"));
    assert_eq!(r.summary(), "PolitiFact, Mostly False (2013-06-20)");
}

#[test]
fn an_array_reports_wrong_types_and_missing_fields_by_index() {
    let got = parse("array.json");
    let claims: Vec<&str> = got
        .records
        .iter()
        .map(|r| r.claim_reviewed.as_str())
        .collect();
    assert_eq!(
        claims,
        ["Vaccines cause autism", "The moon is made of cheese"]
    );
    assert_eq!(got.records[1].publisher, "Full Fact");
    // No text rating: the numeric one decides.
    assert_eq!(got.records[1].verdict, Verdict::False);
    let bad: Vec<(&str, &str)> = got
        .bad
        .iter()
        .map(|b| (b.position.as_str(), b.reason.as_str()))
        .collect();
    assert_eq!(
        bad,
        [
            ("item 2", "`claimReviewed` is a number, not text"),
            ("item 3", "no `claimReviewed`"),
            ("item 4", "not a ClaimReview"),
        ]
    );
}

#[test]
fn a_graph_the_api_html_and_csv_are_read() {
    let graph = parse("graph.json");
    assert_eq!(graph.records.len(), 1);
    assert_eq!(graph.records[0].verdict, Verdict::MostlyFalse);
    assert_eq!(graph.records[0].language.as_deref(), Some("en"));

    let api = parse("api.json");
    assert_eq!(api.records.len(), 2);
    assert_eq!(api.records[0].publisher, "Reuters");
    assert_eq!(
        api.records[0].title.as_deref(),
        Some("Fact check: bleach does not cure")
    );
    assert_eq!(api.records[1].verdict, Verdict::False);
    let positions: Vec<&str> = api.bad.iter().map(|b| b.position.as_str()).collect();
    assert_eq!(positions, ["claims[1]", "claims[2].claimReview[0]"]);

    // Two JSON-LD blocks (an Organization and a ClaimReview), a script
    // that only mentions ld+json in a string.
    let html = parse("page.html");
    assert!(html.bad.is_empty(), "{:?}", html.bad);
    assert_eq!(html.records.len(), 1);
    assert_eq!(html.records[0].publisher, "FactCheck.org");

    let csv = parse("sheet.csv");
    assert_eq!(csv.records.len(), 2);
    assert_eq!(csv.records[0].verdict, Verdict::MostlyTrue);
    assert_eq!(csv.records[1].verdict, Verdict::Mixed);
    assert_eq!(csv.bad.len(), 1);
    assert_eq!(csv.bad[0].position, "line 3");
}

#[test]
fn input_in_no_known_format_is_one_error() {
    let text = std::fs::read(fixture("notes.txt")).unwrap();
    assert!(matches!(import::parse(&text), Err(FormatError::Unknown(_))));
    match import::parse(&std::fs::read(fixture("broken.json")).unwrap()) {
        Err(FormatError::Json { line, .. }) => assert_eq!(line, 2),
        other => panic!("{other:?}"),
    }
    assert!(import::parse(b"<html><body>no data</body></html>").is_err());
    assert!(import::parse(b"").is_err());
    assert!(import::parse(b"{\"@type\": \"Person\"}").is_err());
}

/// A DataFeed of 10,000 items, some of them broken.
#[test]
fn a_large_datafeed_is_read_with_its_bad_items_counted() {
    let items: Vec<serde_json::Value> = (0..10_000)
        .map(|i| {
            if i % 1000 == 7 {
                serde_json::json!({"@type": "DataFeedItem", "item": [{"@type": "ClaimReview", "claimReviewed": [i]}]})
            } else {
                serde_json::json!({"@type": "DataFeedItem", "dateCreated": "2020-01-01",
                    "item": [{"@type": "ClaimReview", "url": format!("https://f.example/{i}"),
                              "claimReviewed": format!("Claim number {i}"),
                              "author": {"name": "Feedcheck"},
                              "reviewRating": {"alternateName": "False"}}]})
            }
        })
        .collect();
    let feed = serde_json::json!({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items});
    let got = import::parse(feed.to_string().as_bytes()).unwrap();
    assert_eq!(got.records.len(), 9_990);
    assert_eq!(got.bad.len(), 10);
    assert_eq!(got.bad[0].position, "dataFeedElement[7].item[0]");
    let lib = Library::from_records(got.records);
    assert_eq!(lib.len(), 9_990);
    let (again, bad) = Library::parse_jsonl(&lib.to_jsonl());
    assert!(bad.is_empty());
    assert_eq!(Library::from_records(again).records(), lib.records());
}

#[test]
fn the_library_is_sorted_deduplicated_and_reports_bad_lines() {
    let mut records = parse("array.json").records;
    records.extend(parse("array.json").records);
    records.extend(parse("claimreview.json").records);
    let lib = Library::from_records(records);
    assert_eq!(lib.len(), 3);
    let urls: Vec<&str> = lib.records().iter().map(|r| r.url.as_str()).collect();
    let mut sorted = urls.clone();
    sorted.sort();
    assert_eq!(urls, sorted);
    let text = format!("{}not json\n", lib.to_jsonl());
    let (records, bad) = Library::parse_jsonl(&text);
    assert_eq!(records.len(), 3);
    assert_eq!(bad[0].position, "line 4");
}

#[test]
fn importing_twice_changes_nothing_and_prior_finds_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    let article = claimdesk::cli::write_sample(&ws).unwrap();
    let feed = fixture("claimreview.json");
    let first = run_ok(
        claimdesk(&data)
            .args(["factchecks", "import"])
            .arg(&feed)
            .arg("--into")
            .arg(&ws),
    );
    assert!(first.contains("1 new"), "{first}");
    let library = ws.join("factchecks/library.jsonl");
    let bytes = std::fs::read(&library).unwrap();
    let second = run_ok(
        claimdesk(&data)
            .args(["factchecks", "import"])
            .arg(&feed)
            .arg("--into")
            .arg(&ws),
    );
    assert!(
        second.contains("1 already there") && second.contains("(unchanged)"),
        "{second}"
    );
    assert_eq!(std::fs::read(&library).unwrap(), bytes);

    let json = run_ok(
        claimdesk(&data)
            .arg("prior")
            .arg(&article)
            .args(["C1", "--format", "json"]),
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["claim"], "C1");
    let m = &v["matches"][0];
    assert_eq!(m["publisher"], "PolitiFact");
    assert_eq!(m["verdict"], "mostly false");
    assert_eq!(m["rating"], "Mostly False");
    assert_eq!(m["date"], "2013-06-20");
    assert!(m["score"].as_f64().unwrap() > 0.5, "{json}");
    // An unrelated claim of the same article has no prior check.
    let none = run_ok(
        claimdesk(&data)
            .arg("prior")
            .arg(&article)
            .args(["C2", "--format", "json"]),
    );
    assert!(none.contains("\"matches\": []"), "{none}");
}

#[test]
fn a_bad_source_is_one_line_and_leaves_the_library_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = claimdesk(tmp.path())
        .args(["factchecks", "import"])
        .arg(fixture("claimreview.json"))
        .arg(fixture("broken.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("broken.json:2:"), "{err}");
    assert!(
        !tmp.path()
            .join("claimdesk/factchecks/library.jsonl")
            .exists()
    );
}

#[test]
fn search_and_stats_read_the_users_library() {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["array.json", "api.json", "sheet.csv"] {
        run_ok(
            claimdesk(tmp.path())
                .args(["factchecks", "import"])
                .arg(fixture(f)),
        );
    }
    let empty = tempfile::tempdir().unwrap();
    let hits = run_ok(claimdesk(tmp.path()).current_dir(empty.path()).args([
        "factchecks",
        "search",
        "bleach",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&hits).unwrap();
    assert_eq!(v["total"], 2, "{hits}");
    let stats = run_ok(claimdesk(tmp.path()).current_dir(empty.path()).args([
        "factchecks",
        "stats",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(v["records"], 6);
    assert_eq!(v["verdicts"]["false"], 4, "{stats}");
    assert_eq!(v["publishers"]["Local Checks"], 2);
}

/// Serve one HTTP response on 127.0.0.1; returns the address.
fn serve_once(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}/fact-check.html")
}

#[test]
fn a_page_is_imported_from_a_local_server() {
    let tmp = tempfile::tempdir().unwrap();
    let url = serve_once(std::fs::read_to_string(fixture("page.html")).unwrap());
    let out = run_ok(claimdesk(tmp.path()).args(["factchecks", "import", &url]));
    assert!(out.contains("1 new"), "{out}");
    let text =
        std::fs::read_to_string(tmp.path().join("claimdesk/factchecks/library.jsonl")).unwrap();
    assert!(text.contains("The wall was paid for by Mexico"), "{text}");
}

#[test]
fn a_colleagues_claimreview_export_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(&tmp.path().join("ws")).unwrap();
    let export = tmp.path().join("verdicts.json");
    run_ok(claimdesk(tmp.path()).arg("mark").arg(&article).args([
        "C1",
        "denied",
        "--note",
        "No contact",
        "--analyst",
        "Ana",
    ]));
    run_ok(
        claimdesk(tmp.path())
            .arg("export")
            .arg(&article)
            .args(["--format", "claimreview", "-o"])
            .arg(&export),
    );
    let got = import::parse(&std::fs::read(&export).unwrap()).unwrap();
    assert!(got.bad.is_empty(), "{:?}", got.bad);
    assert!(!got.records.is_empty());
    assert!(
        got.records.iter().all(|r| r.verdict != Verdict::Other),
        "{:?}",
        got.records
    );
}

#[test]
fn markdown_and_html_exports_list_prior_fact_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    let article = claimdesk::cli::write_sample(&ws).unwrap();
    run_ok(
        claimdesk(&data)
            .args(["factchecks", "import"])
            .arg(fixture("claimreview.json"))
            .arg("--into")
            .arg(&ws),
    );
    let md = run_ok(
        claimdesk(&data)
            .arg("export")
            .arg(&article)
            .args(["--format", "md"]),
    );
    assert!(
        md.contains("- **Checked before:**\n  - PolitiFact, Mostly False (2013-06-20): The United States is in contact"),
        "{md}"
    );
    assert!(
        md.contains("<https://factcheck.example/karzai-taliban-contact>")
            || md.contains("https://factcheck.example/karzai-taliban-contact")
    );
    let html = run_ok(
        claimdesk(&data)
            .arg("export")
            .arg(&article)
            .args(["--format", "html"]),
    );
    assert!(html.contains("<dt>Checked before</dt>"), "{html}");
    assert!(html.contains("href=\"https://factcheck.example/karzai-taliban-contact\""));
    // JSON and CSV are unchanged by the library.
    let json = run_ok(
        claimdesk(&data)
            .arg("export")
            .arg(&article)
            .args(["--format", "json"]),
    );
    assert!(!json.contains("factcheck.example"));
}

#[test]
fn a_colleagues_library_file_is_imported_line_by_line() {
    let lib = Library::from_records(parse("array.json").records);
    let text = format!("{}{{\"claim_reviewed\": 3}}\n", lib.to_jsonl());
    let got = import::parse(text.as_bytes()).unwrap();
    assert_eq!(got.records, lib.records());
    assert_eq!(got.bad.len(), 1);
    assert_eq!(got.bad[0].position, "line 3");
}

#[test]
fn a_large_librarys_index_is_cached_on_disk_and_rebuilt_when_stale() {
    use claimdesk::domain::factcheck::{Record, cache};
    let records: Vec<Record> = (0..cache::MIN_RECORDS)
        .map(|i| {
            let mut r = Record::new(
                &format!("Claim {i} about topic{} and place{}", i % 97, i % 13),
                "False",
            );
            r.url = format!("https://c.example/{i}");
            r
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let built = cache::load_or_build(&records, Some(dir.path()));
    let file = cache::path_for(dir.path(), &records);
    assert!(file.is_file());
    let query = "a claim about topic5 and place3";
    let cached = cache::load_or_build(&records, Some(dir.path()));
    assert_eq!(cached.rank(query, 5), built.rank(query, 5));
    // A damaged cache file is rebuilt, not trusted.
    std::fs::write(&file, b"{ not an index").unwrap();
    let rebuilt = cache::load_or_build(&records, Some(dir.path()));
    assert_eq!(rebuilt.rank(query, 5), built.rank(query, 5));
    // Another library gets its own file; the stale one goes.
    let mut more = records.clone();
    more.push(Record::new("One more claim", "True"));
    cache::load_or_build(&more, Some(dir.path()));
    assert!(!file.exists());
    assert!(cache::path_for(dir.path(), &more).is_file());
    // Small libraries are never cached.
    let small = tempfile::tempdir().unwrap();
    cache::load_or_build(&records[..10], Some(small.path()));
    assert_eq!(std::fs::read_dir(small.path()).unwrap().count(), 0);
}

/// A DataFeed of `n` fact-checks whose urls start with `prefix`.
fn feed_of(prefix: &str, n: usize) -> String {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"@type": "ClaimReview", "url": format!("https://{prefix}.example/{i}"),
                "claimReviewed": format!("Claim {i} from {prefix}"),
                "author": {"name": "Feedcheck"}, "reviewRating": {"alternateName": "False"}})
        })
        .collect();
    serde_json::json!({"@type": "DataFeed", "dataFeedElement": items}).to_string()
}

#[test]
fn two_imports_at_once_keep_every_record() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (rounds, n) = (4, 3_000);
    for round in 0..rounds {
        let children: Vec<std::process::Child> = ["a", "b"]
            .iter()
            .map(|side| {
                let name = format!("{side}{round}");
                let feed = tmp.path().join(format!("{name}.json"));
                std::fs::write(&feed, feed_of(&name, n)).unwrap();
                claimdesk(&data)
                    .args(["factchecks", "import"])
                    .arg(&feed)
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
    }
    let text = std::fs::read_to_string(data.join("claimdesk/factchecks/library.jsonl")).unwrap();
    let (records, bad) = Library::parse_jsonl(&text);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(records.len(), rounds * 2 * n, "records were lost");
}
