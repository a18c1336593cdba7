//! `claimdesk add` end to end: files, standard input, PDFs and addresses
//! served by a local HTTP server (127.0.0.1, a free port) started here,
//! with every HTTP failure reported on one line naming the source.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tiny_http::{Header, Response, Server};

const STORY: &str = include_str!("../data/pages/story.html");
const STORY_1252: &[u8] = include_bytes!("../data/pages/story-1252.html");
const COOKIE_WALL: &str = include_str!("../data/pages/cookie-wall.html");

/// A minimal one-page PDF whose text is `lines` (Helvetica, one line each;
/// an empty line leaves a gap). With no lines, the page holds only a
/// drawing: a "scan" without a text layer.
fn pdf(lines: &[&str]) -> Vec<u8> {
    pdf_with(lines, "/Resources << /Font << /F1 5 0 R >> >> ")
}

/// [`pdf`] with the page's resources as given (none: text in a font the
/// page does not have, which makes the PDF parser panic).
fn pdf_with(lines: &[&str], resources: &str) -> Vec<u8> {
    let mut content = String::new();
    if lines.is_empty() {
        content.push_str("0 0 1 rg 72 72 300 300 re f\n");
    } else {
        content.push_str("BT /F1 11 Tf 14 TL 72 740 Td\n");
        for l in lines {
            let l = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({l}) Tj T*\n"));
        }
        content.push_str("ET\n");
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {resources}/Contents 4 0 R >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

const REPORT_LINES: &[&str] = &[
    "Water Quality Report",
    "",
    "The regional water authority said on Monday that nitrate levels in the",
    "river had fallen by a third since 2019, the lowest level since records",
    "began, and that it would publish monthly figures from now on.",
    "",
    "Farmers' groups said the fall showed that voluntary measures were work-",
    "ing, while campaigners said the figures were still above the safe limit.",
];

/// The test server: fixture pages, redirects, errors, a slow page, a huge
/// page and a PDF. Returns its base address.
fn serve() -> String {
    let server = Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = server.server_addr().to_ip().expect("ip").port();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            std::thread::spawn(move || respond(req));
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("header")
}

fn respond(req: tiny_http::Request) {
    let html = "text/html; charset=utf-8";
    let url = req.url().to_owned();
    let ok =
        |body: Vec<u8>, ty: &str| Response::from_data(body).with_header(header("Content-Type", ty));
    let redirect = |to: &str| {
        Response::from_data(Vec::new())
            .with_status_code(302)
            .with_header(header("Location", to))
    };
    // Every request says it is claimdesk; anything else is refused.
    let agent = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("User-Agent"))
        .map(|h| h.value.as_str().to_owned())
        .unwrap_or_default();
    let resp = match url.as_str() {
        _ if !agent.starts_with("claimdesk/") => ok(b"who are you?".to_vec(), html).with_status_code(403),
        "/story.html" => ok(STORY.into(), html),
        "/cafe.html" => ok(STORY_1252.to_vec(), "text/html"),
        "/wall.html" => ok(COOKIE_WALL.into(), html),
        "/report.pdf" => ok(pdf(REPORT_LINES), "application/pdf"),
        "/scan.pdf" => ok(pdf(&[]), "application/pdf"),
        "/notes.txt" => ok(b"Council notes\n\nThe council met on Tuesday and agreed the budget for next year after a long debate about the harbour bridge.\n".to_vec(), "text/plain; charset=utf-8"),
        "/photo.png" => ok(vec![0x89, b'P', b'N', b'G'], "image/png"),
        "/big.html" => ok(vec![b' '; 21 * 1024 * 1024], html),
        "/moved" => redirect("/story.html"),
        "/slow.html" => {
            std::thread::sleep(Duration::from_secs(4));
            ok(STORY.into(), html)
        }
        u if u.starts_with("/hop/") => {
            let n: u32 = u[5..].parse().unwrap_or(0);
            redirect(&format!("/hop/{}", n + 1))
        }
        _ => ok(b"<h1>Not found</h1>".to_vec(), html).with_status_code(404),
    };
    let _ = req.respond(resp);
}

fn claimdesk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("claimdesk").unwrap();
    cmd.current_dir(dir)
        .env("CLAIMDESK_CONFIG", dir.join("no-config.toml"))
        .env("USER", "tester");
    for proxy in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    cmd
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "no-config.toml")
        .collect();
    v.sort();
    v
}

#[test]
fn a_page_by_address_becomes_an_article_and_a_started_sheet_with_its_metadata() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    // --into makes the folder when it is missing.
    let url = format!("{base}/story.html");
    let out = claimdesk(dir.path())
        .args(["add", &url, "--into", "ws"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let name = "harbour-street-bridge-to-close-for-18-months";
    assert!(
        stdout.starts_with(&format!(
            "ws/{name}.txt  Harbour Street bridge to close for 18 months  ("
        )),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1);
    let ws = dir.path().join("ws");
    assert_eq!(
        files(&ws),
        [format!("{name}.claims.toml"), format!("{name}.txt")]
    );
    let text = std::fs::read_to_string(ws.join(format!("{name}.txt"))).unwrap();
    assert!(
        text.starts_with("Harbour Street bridge to close for 18 months\n\nThe city council voted")
    );
    let sheet_text = std::fs::read_to_string(ws.join(format!("{name}.claims.toml"))).unwrap();
    let doc = claimdesk::domain::Doc::open(&ws.join(format!("{name}.txt"))).unwrap();
    let s = &doc.sheet;
    assert_eq!(s.article, format!("{name}.txt"));
    assert_eq!(
        s.title.as_deref(),
        Some("Harbour Street bridge to close for 18 months")
    );
    assert_eq!(s.byline.as_deref(), Some("Priya Raman"));
    assert_eq!(s.published.as_deref(), Some("2024-03-05T09:30:00Z"));
    assert_eq!(s.site.as_deref(), Some("The Daily Example"));
    assert_eq!(s.language.as_deref(), Some("en-GB"));
    assert_eq!(s.source_url.as_deref(), Some(url.as_str()));
    let fetched = s.fetched_at.as_deref().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(fetched).is_ok() && fetched.ends_with('Z'),
        "{fetched}"
    );
    assert!(!s.claims.is_empty(), "the extractor started the sheet");
    assert!(
        sheet_text
            .contains("byline = \"Priya Raman\"\nsite = \"The Daily Example\"\nfetched_at = ")
    );
}

#[test]
fn json_lists_the_added_and_the_failed_and_the_exit_code_says_any_failed() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let sources = [
        format!("{base}/moved"),
        format!("{base}/missing.html"),
        format!("{base}/notes.txt"),
    ];
    let out = claimdesk(dir.path())
        .arg("add")
        .args(&sources)
        .args(["--format", "json", "--no-extract"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let articles = v["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    let a = &articles[0];
    for key in [
        "source",
        "path",
        "sheet",
        "title",
        "byline",
        "published",
        "site",
        "source_url",
        "claims",
    ] {
        assert!(a.get(key).is_some(), "{key} missing in {a}");
    }
    assert_eq!(a["source"], sources[0].as_str());
    // The address after the redirect is the one recorded.
    assert_eq!(a["source_url"], format!("{base}/story.html").as_str());
    assert_eq!(a["claims"], 0);
    assert_eq!(
        a["path"],
        "./harbour-street-bridge-to-close-for-18-months.txt"
    );
    assert_eq!(articles[1]["title"], "Council notes");
    assert_eq!(
        v["failed"],
        serde_json::json!([{"source": sources[1], "error": "HTTP 404 Not Found"}])
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("claimdesk: {}: HTTP 404 Not Found\n", sources[1])),
        "{stderr}"
    );
}

#[test]
fn every_http_failure_is_one_line_naming_the_source() {
    let base = serve();
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}/story.html")
    };
    let cases = [
        (format!("{base}/gone.html"), "HTTP 404 Not Found"),
        (format!("{base}/slow.html"), "timed out after 1 s"),
        (format!("{base}/big.html"), "too large (over 20 MB)"),
        (format!("{base}/photo.png"), "wrong content type image/png"),
        (format!("{base}/wall.html"), "no readable body"),
        (format!("{base}/hop/0"), "more than 5 redirects"),
        (format!("{base}/scan.pdf"), "no text layer"),
        (refused, "connection refused"),
        ("ftp://example.org/x".to_owned(), "no such file"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let out = claimdesk(dir.path())
        .arg("add")
        .args(cases.iter().map(|c| c.0.as_str()))
        .args(["--timeout", "1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["articles"], serde_json::json!([]));
    let failed = v["failed"].as_array().unwrap();
    assert_eq!(failed.len(), cases.len());
    let stderr = String::from_utf8(out.stderr).unwrap();
    for ((source, expected), f) in cases.iter().zip(failed) {
        assert_eq!(f["source"], source.as_str());
        let error = f["error"].as_str().unwrap();
        assert!(
            error.contains(expected),
            "{source}: {error:?} should say {expected:?}"
        );
        let line = format!("claimdesk: {source}: {error}\n");
        assert!(stderr.contains(&line), "{line:?} not in {stderr}");
    }
    assert_eq!(files(dir.path()), Vec::<String>::new(), "nothing written");
}

#[test]
fn a_windows_1252_page_and_a_pdf_by_address_are_read() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let out = claimdesk(dir.path())
        .args([
            "add",
            &format!("{base}/cafe.html"),
            &format!("{base}/report.pdf"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["articles"][0]["title"], "Café owners protest new rules");
    let cafe =
        std::fs::read_to_string(dir.path().join("cafe-owners-protest-new-rules.txt")).unwrap();
    assert!(
        cafe.contains("“thousands”") && cafe.contains("Jürgen Müller"),
        "{cafe}"
    );
    assert_eq!(v["articles"][1]["title"], "Water Quality Report");
    let report = std::fs::read_to_string(dir.path().join("water-quality-report.txt")).unwrap();
    assert!(
        report.contains("nitrate levels in the river had fallen by a third since 2019"),
        "{report}"
    );
    assert!(
        report.contains("measures were working, while campaigners"),
        "{report}"
    );
}

#[test]
fn files_of_every_kind_and_standard_input_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("page.html"), STORY).unwrap();
    std::fs::write(d.join("report.pdf"), pdf(REPORT_LINES)).unwrap();
    std::fs::write(d.join("note.md"), "# Budget agreed\n\nThe council agreed the budget on Tuesday after a debate that lasted\nmost of the night, officials said.\n").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    let out = claimdesk(d)
        .args(["add", "page.html", "report.pdf", "note.md", "-", "--into", "out", "--format", "json"])
        .write_stdin("Pasted statement\n\nThe minister said the hospital would open in May, two years later than promised in the manifesto.\n")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let titles: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Harbour Street bridge to close for 18 months",
            "Water Quality Report",
            "Budget agreed",
            "Pasted statement"
        ]
    );
    let note = std::fs::read_to_string(d.join("out/budget-agreed.txt")).unwrap();
    assert_eq!(
        note,
        "Budget agreed\n\nThe council agreed the budget on Tuesday after a debate that lasted most of the night, officials said.\n"
    );
    assert!(d.join("out/pasted-statement.claims.toml").is_file());
    // Files have no address: no source_url nor fetched_at.
    let sheet = std::fs::read_to_string(d.join("out/budget-agreed.claims.toml")).unwrap();
    assert!(
        !sheet.contains("source_url") && !sheet.contains("fetched_at"),
        "{sheet}"
    );
}

#[test]
fn the_same_address_or_text_is_skipped_unless_forced_and_names_stay_unique() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = format!("{base}/story.html");
    claimdesk(d).args(["add", &url]).assert().code(0);
    let before = files(d);
    // Same address again: reported, skipped, nothing written, exit 0.
    let out = claimdesk(d)
        .args(["add", &url, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["articles"], serde_json::json!([]));
    let why = v["skipped"][0]["error"].as_str().unwrap();
    assert!(
        why.starts_with("already added as ./harbour-street-bridge-to-close-for-18-months.txt"),
        "{why}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped: already added"));
    // Same text from a saved copy: skipped too.
    std::fs::write(d.join("copy.html"), STORY).unwrap();
    let out = claimdesk(d)
        .args(["add", "copy.html", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["skipped"].as_array().unwrap().len(), 1);
    let mut expected = before.clone();
    expected.push("copy.html".to_owned());
    expected.sort();
    assert_eq!(files(d), expected);
    // --force adds it under a new name; the first is untouched.
    let first =
        std::fs::read(d.join("harbour-street-bridge-to-close-for-18-months.claims.toml")).unwrap();
    claimdesk(d).args(["add", &url, "--force"]).assert().code(0);
    assert!(
        d.join("harbour-street-bridge-to-close-for-18-months-2.txt")
            .is_file()
    );
    assert!(
        d.join("harbour-street-bridge-to-close-for-18-months-2.claims.toml")
            .is_file()
    );
    assert_eq!(
        std::fs::read(d.join("harbour-street-bridge-to-close-for-18-months.claims.toml")).unwrap(),
        first
    );
}

#[test]
fn an_existing_name_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("page.html"), STORY).unwrap();
    std::fs::write(d.join("mine.txt"), "my own article\n").unwrap();
    let out = claimdesk(d)
        .args(["add", "page.html", "--name", "mine"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("mine.txt: already exists; not overwritten"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("mine.txt")).unwrap(),
        "my own article\n"
    );
    assert!(!d.join("mine.claims.toml").exists());
    // A sheet without its article also keeps its name.
    std::fs::write(
        d.join("harbour-street-bridge-to-close-for-18-months.claims.toml"),
        "not mine to touch",
    )
    .unwrap();
    claimdesk(d).args(["add", "page.html"]).assert().code(0);
    assert_eq!(
        std::fs::read_to_string(d.join("harbour-street-bridge-to-close-for-18-months.claims.toml"))
            .unwrap(),
        "not mine to touch"
    );
    assert!(
        d.join("harbour-street-bridge-to-close-for-18-months-2.txt")
            .is_file()
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    claimdesk(dir.path()).args(["add"]).assert().code(2);
    let out = claimdesk(dir.path())
        .args(["add", "a.html", "b.html", "--name", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--name"));
    claimdesk(dir.path())
        .args(["add", "a.html", "--format", "yaml"])
        .assert()
        .code(2);
}

#[test]
fn the_new_sheet_fields_survive_a_verdict_and_old_sheets_gain_none() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("page.html"), STORY).unwrap();
    claimdesk(d).args(["add", "page.html"]).assert().code(0);
    let sheet = d.join("harbour-street-bridge-to-close-for-18-months.claims.toml");
    let before = std::fs::read_to_string(&sheet).unwrap();
    let header = |t: &str| t.split("\n[[claim]]").next().unwrap().to_owned();
    claimdesk(d)
        .args([
            "mark",
            "harbour-street-bridge-to-close-for-18-months.txt",
            "C1",
            "denied",
            "--note",
            "no",
        ])
        .assert()
        .code(0);
    let after = std::fs::read_to_string(&sheet).unwrap();
    assert_ne!(before, after);
    assert_eq!(header(&before), header(&after));
    assert!(header(&after).contains(
        "\nbyline = \"Priya Raman\"\nsite = \"The Daily Example\"\nlanguage = \"en-GB\"\n"
    ));
    // A format-1 sheet without them is written back without them.
    let sample = claimdesk::cli::write_sample(&d.join("sample")).unwrap();
    let sample_sheet = claimdesk::domain::store::sheet_path_for(&sample);
    let old = std::fs::read_to_string(&sample_sheet).unwrap();
    claimdesk(d)
        .arg("mark")
        .arg(&sample)
        .args(["C1", "confirmed"])
        .assert()
        .code(0);
    let new = std::fs::read_to_string(&sample_sheet).unwrap();
    assert_eq!(header(&old), header(&new));
    for key in ["byline", "site =", "fetched_at", "language"] {
        assert!(!new.contains(key), "{key}");
    }
}

#[test]
fn an_unknown_host_and_a_tls_failure_are_named() {
    // A plain-HTTP server answering a TLS hello with an HTTP error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let tls = format!("https://{}/story.html", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        if let Ok((mut conn, _)) = listener.accept() {
            let mut buf = [0u8; 1024];
            let _ = conn.read(&mut buf);
            let _ = conn.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let out = claimdesk(dir.path())
        .args([
            "add",
            "http://no-such-host.invalid/story.html",
            &tls,
            "--timeout",
            "3",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let dns = v["failed"][0]["error"].as_str().unwrap();
    // Without a resolver to ask, the lookup may time out instead.
    assert!(
        dns.contains("(DNS)") || dns.starts_with("timed out"),
        "{dns}"
    );
    let tls_error = v["failed"][1]["error"].as_str().unwrap();
    assert!(tls_error.starts_with("TLS error: "), "{tls_error}");
}

#[test]
fn a_pdf_that_makes_the_parser_panic_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("broken.pdf"), pdf_with(REPORT_LINES, "")).unwrap();
    std::fs::write(d.join("good.pdf"), pdf(REPORT_LINES)).unwrap();
    let out = claimdesk(d)
        .args(["add", "broken.pdf", "good.pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "claimdesk: broken.pdf: not a readable PDF: the PDF parser failed\n\
         claimdesk: 1 of 2 sources not added\n"
    );
    assert!(
        d.join("water-quality-report.txt").is_file(),
        "the other source is added"
    );
}
