//! Export: golden files for every format on the sample sheet, the
//! CSV and JSON read back, the ClaimReview fields, hostile text, and the
//! command line (stdout, -o, --force, folders, errors).
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test export`
//! and read the diff before committing it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use claimdesk::domain::export::{self, CSV_COLUMNS, Format, Options, neutralise};
use claimdesk::domain::{Claim, Doc, Stamp, Status};

fn at(s: &str) -> Stamp {
    Stamp::parse(s).unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample article and sheet, with some verdicts, notes and sources
/// added (fixed times), the way an analyst would leave them.
fn reviewed_sample() -> Doc {
    let mut doc = Doc::open(&repo().join("data/karzai-taliban-talks.txt")).unwrap();
    let s = &mut doc.sheet;
    s.source_url = Some("https://example.org/news/karzai-taliban-talks".into());
    s.published = Some("2010-10-11".into());
    let verdicts = [
        ("C2", Status::Confirmed, "ana", "2026-11-27T09:15:00Z"),
        ("C7", Status::Confirmed, "ana", "2026-11-27T09:20:00Z"),
        ("C9", Status::Unconfirmed, "bo", "2026-11-27T10:02:30+01:00"),
        ("C11", Status::Denied, "bo", "2026-11-27T10:05:00+01:00"),
    ];
    for (id, status, by, when) in verdicts {
        s.claim_mut(id).unwrap().set_status(status, by, at(when));
    }
    let when = at("2026-11-27T09:16:00Z");
    let c2 = s.claim_mut("C2").unwrap();
    c2.add_source("https://example.org/channel4/karzai-interview", "ana", when);
    c2.add_source("Channel 4 News broadcast, 2010", "ana", when);
    let c11 = s.claim_mut("C11").unwrap();
    c11.set_field(
        "note",
        "No diplomat on record; the US denies contacts.\nSee the embassy statement.".into(),
        "bo",
        when,
    );
    c11.add_source(
        "https://example.org/embassy/statement?id=7&lang=en",
        "bo",
        when,
    );
    doc
}

fn golden_options() -> Options {
    let mut o = Options::new(at("2026-11-28T12:00:00Z"));
    o.analyst = Some("ana".into());
    o.organisation = Some("Example Fact Desk".into());
    o.publish_url = Some("https://facts.example/karzai".into());
    o
}

#[test]
fn golden_files_for_every_format() {
    let doc = reviewed_sample();
    let dir = repo().join("tests/golden/export");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for format in Format::ALL {
        let out = export::render(&[&doc], format, &golden_options()).unwrap();
        let path = dir.join(format!("sample.{}", format.extension()));
        if update {
            fs::create_dir_all(&dir).unwrap();
            fs::write(&path, &out.text).unwrap();
            continue;
        }
        let want = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
        if want != out.text {
            stale.push(path.display().to_string());
        }
        // The same input renders the same bytes.
        let again = export::render(&[&doc], format, &golden_options()).unwrap();
        assert_eq!(again, out);
    }
    assert!(stale.is_empty(), "output differs from {stale:?}");
}

#[test]
fn csv_reads_back_as_the_sheet() {
    let doc = reviewed_sample();
    let out = export::render(&[&doc], Format::Csv, &golden_options()).unwrap();
    let mut rd = csv::Reader::from_reader(out.text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), doc.sheet.claims.len());
    for (row, c) in rows.iter().zip(&doc.sheet.claims) {
        check_row(row, c, &doc);
    }
}

/// A CSV row equals the claim, modulo the formula neutralisation.
fn check_row(row: &csv::StringRecord, c: &Claim, doc: &Doc) {
    let col = |name: &str| &row[CSV_COLUMNS.iter().position(|&n| n == name).unwrap()];
    let n = |s: &str| neutralise(s).into_owned();
    assert_eq!(col("article"), n(&doc.article.file_name()));
    assert_eq!(col("sha256"), doc.article.sha256);
    assert_eq!(col("id"), n(&c.id));
    let (para, line) = doc.article.position_of(c.anchor.start);
    assert_eq!(col("paragraph"), para.to_string());
    assert_eq!(col("line"), line.to_string());
    assert_eq!(col("speaker"), n(c.speaker.as_deref().unwrap_or("")));
    assert_eq!(col("text"), n(&c.text), "{}", c.id);
    let status = if c.is_reviewed() {
        c.status.as_str()
    } else {
        "not reviewed"
    };
    assert_eq!(col("status"), status);
    assert_eq!(
        col("reviewed_at"),
        c.reviewed_at.map(|s| s.to_rfc3339()).unwrap_or_default()
    );
    assert_eq!(
        col("reviewed_by"),
        n(c.reviewed_by.as_deref().unwrap_or(""))
    );
    assert_eq!(col("note"), n(&c.note));
    assert_eq!(col("sources"), n(&c.sources.join("\n")));
}

#[test]
fn json_parses_with_its_schema() {
    let doc = reviewed_sample();
    let out = export::render(&[&doc], Format::Json, &golden_options()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
    assert_eq!(v["format"], export::JSON_FORMAT);
    assert_eq!(v["generated_at"], "2026-11-28T12:00:00Z");
    assert_eq!(v["counts"]["total"], 15);
    assert_eq!(v["counts"]["reviewed"], 4);
    assert_eq!(v["counts"]["denied"], 1);
    let a = &v["articles"][0];
    assert_eq!(a["title"], doc.sheet.title.clone().unwrap());
    assert_eq!(
        a["source_url"],
        "https://example.org/news/karzai-taliban-talks"
    );
    assert_eq!(a["published"], "2010-10-11");
    assert_eq!(a["sha256"], doc.article.sha256);
    assert_eq!(a["analysts"], serde_json::json!(["ana", "bo"]));
    let claims = a["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 15);
    let ids: Vec<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let want: Vec<String> = (1..=15).map(|i| format!("C{i}")).collect();
    assert_eq!(ids, want, "article order");
    let c11 = &claims[10];
    assert_eq!(c11["status"], "denied");
    assert_eq!(c11["reviewed"], true);
    assert_eq!(c11["reviewed_at"], "2026-11-27T10:05:00+01:00");
    assert_eq!(c11["reviewed_by"], "bo");
    assert_eq!(c11["speaker"], "diplomats");
    assert_eq!(
        c11["sources"][0],
        "https://example.org/embassy/statement?id=7&lang=en"
    );
    assert!(c11["paragraph"].as_u64().unwrap() >= 1);
    assert_eq!(claims[0]["reviewed"], false);
    assert_eq!(claims[0]["reviewed_at"], serde_json::Value::Null);
}

#[test]
fn claimreview_carries_every_field() {
    let doc = reviewed_sample();
    let out = export::render(&[&doc], Format::ClaimReview, &golden_options()).unwrap();
    assert_eq!(out.left_out, 11, "15 claims, 4 reviewed");
    let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 4);
    let ratings: Vec<(u64, &str)> = list
        .iter()
        .map(|r| {
            (
                r["reviewRating"]["ratingValue"].as_u64().unwrap(),
                r["reviewRating"]["alternateName"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ratings,
        vec![
            (3, "Confirmed"),
            (3, "Confirmed"),
            (2, "Unconfirmed"),
            (1, "Denied")
        ]
    );
    for r in list {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        assert!(r["claimReviewed"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(r["reviewRating"]["@type"], "Rating");
        assert_eq!(r["reviewRating"]["bestRating"], 3);
        assert_eq!(r["reviewRating"]["worstRating"], 1);
        assert_eq!(r["author"]["@type"], "Organization");
        assert_eq!(r["author"]["name"], "Example Fact Desk");
        assert_eq!(r["datePublished"], "2026-11-28");
        assert!(
            r["url"]
                .as_str()
                .unwrap()
                .starts_with("https://facts.example/karzai#karzai-taliban-talks-c")
        );
        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert!(item["author"]["name"].as_str().is_some());
        assert_eq!(
            item["appearance"]["url"],
            "https://example.org/news/karzai-taliban-talks"
        );
        assert_eq!(item["datePublished"], "2010-10-11");
    }
    let kinds: Vec<(&str, &str)> = list
        .iter()
        .map(|r| {
            (
                r["itemReviewed"]["author"]["name"].as_str().unwrap(),
                r["itemReviewed"]["author"]["@type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Hamid Karzai", "Person"),
            ("the US Embassy in Afghanistan", "Organization"),
            ("envoys", "Organization"),
            ("diplomats", "Organization"),
        ]
    );
    // Without an organisation the analyst is the author, and no url without
    // a publish URL.
    let mut o = golden_options();
    o.organisation = None;
    o.publish_url = None;
    let out = export::render(&[&doc], Format::ClaimReview, &o).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
    assert_eq!(
        v[0]["author"],
        serde_json::json!({"@type": "Person", "name": "ana"})
    );
    assert!(v[0].get("url").is_none());
}

// ------------------------------------------------------------ hostile text

const HOSTILE: &str = "<script>alert('x')</script> & \"q\"\nnext line \u{7}\u{1b}[2J";

/// A workspace whose article and sheet carry hostile text everywhere.
fn hostile_workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Title & <b>bold</b>\n\nShe said {HOSTILE} today.\n\n=HYPERLINK(\"http://evil.example\",\"click\")\n\n-2+3 is @odd\n"
    );
    let article = dir.path().join("hostile.txt");
    fs::write(&article, &text).unwrap();
    let find = |s: &str| text.chars().count() - text[text.find(s).unwrap()..].chars().count();
    let mut claims = vec![
        Claim::new("", &text, find("<script>"), find(" today")),
        Claim::new("", &text, find("=HYPER"), find("\n\n-2")),
        Claim::new("", &text, find("-2+3"), find("-2+3") + 12),
    ];
    let when = at("2026-11-28T10:00:00Z");
    claims[0].speaker = Some("\"Mallory\" <m@evil>".into());
    claims[0].set_status(Status::Denied, "=cmd|' /C calc'!A0", when);
    claims[0].note = format!("@SUM(1+1)\n{HOSTILE}");
    claims[0].sources = vec![
        "javascript:alert(document.cookie)".into(),
        "https://example.org/?a=<b>&c=\"d\"".into(),
        "data:text/html,<script>alert(1)</script>".into(),
        "+HYPERLINK(\"http://evil\")".into(),
    ];
    claims[1].set_status(Status::Confirmed, "ana", when);
    claims[1].speaker = Some("\tTabbed".into());
    let mut doc = Doc::new_for(claimdesk::domain::Article::load(&article).unwrap(), claims);
    doc.sheet.title = Some("<img src=x onerror=alert(1)> & co".into());
    doc.sheet.source_url = Some("javascript:alert(2)".into());
    doc.save().unwrap();
    (dir, article)
}

#[test]
fn hostile_text_in_html_is_escaped() {
    let (_dir, article) = hostile_workspace();
    let out = run(&["export", path(&article), "--format", "html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script"), "live script tag");
    assert!(!html.contains("<img"), "live img tag");
    assert!(!html.contains("<b>"), "live markup");
    assert!(!html.contains("href=\"javascript"), "javascript link");
    assert!(!html.contains("href=\"data"), "data link");
    assert!(
        !html.contains('\u{1b}') && !html.contains('\u{7}'),
        "control characters"
    );
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\nnext line \u{2407}\u{241b}[2J"
    ));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; co"));
    assert!(html.contains("&quot;Mallory&quot; &lt;m@evil&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)"));
    // Exactly one link: the https source, its attribute escaped.
    assert_eq!(html.matches("<a ").count(), 1, "{html}");
    assert!(html.contains(
        "<a href=\"https://example.org/?a=&lt;b&gt;&amp;c=&quot;d&quot;\" rel=\"noopener noreferrer nofollow\">"
    ));
    // Self-contained: nothing fetched, no script.
    for bad in [
        "<script",
        "<link",
        "<iframe",
        "src=\"",
        "url(",
        "@import",
        "http-equiv=\"refresh",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(html.contains("<style>") && html.contains("@media print"));
}

#[test]
fn hostile_text_in_csv_is_neutralised_and_reads_back() {
    let (_dir, article) = hostile_workspace();
    let out = run(&["export", path(&article), "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    for (row, c) in rows.iter().zip(&doc.sheet.claims) {
        check_row(row, c, &doc);
    }
    // No cell starts a formula.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    assert_eq!(
        &rows[1][9],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(&rows[2][9], "'-2+3 is @odd");
    assert_eq!(&rows[0][12], "'=cmd|' /C calc'!A0");
    assert_eq!(&rows[0][13], format!("'@SUM(1+1)\n{HOSTILE}"));
    assert_eq!(&rows[1][8], "'\tTabbed");
    assert!(rows[0][14].starts_with("javascript:alert(document.cookie)\n"));
}

#[test]
fn hostile_text_in_markdown_and_claimreview() {
    let (_dir, article) = hostile_workspace();
    let out = run(&["export", path(&article)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    // Every `<` is escaped, except the autolinks of http(s) sources.
    for (i, _) in md.match_indices('<') {
        let escaped = md[..i].ends_with('\\');
        let autolink = md[i + 1..].starts_with("https://") || md[i + 1..].starts_with("http://");
        assert!(escaped || autolink, "unescaped < at {i}:\n{md}");
    }
    assert!(
        md.contains(
            "\\<script\\>alert('x')\\</script\\> \\& \"q\"\\\n> next line \u{2407}\u{241b}\\[2J"
        ),
        "{md}"
    );
    assert!(md.contains("## \\<img src=x onerror=alert(1)\\> \\& co"));
    assert!(
        md.contains("| Source | javascript:alert(2) |"),
        "not a link"
    );
    assert!(md.contains("> \\=HYPERLINK("));
    assert!(!md.contains('\u{1b}'));
    let out = run(&["export", path(&article), "--format", "claimreview"]);
    assert!(out.status.success());
    let ld = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        !ld.contains('<'),
        "safe inside <script type=application/ld+json>"
    );
    let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["claimReviewed"], HOSTILE);
    assert!(
        stderr(&out).contains("1 claim never reviewed left out of the ClaimReview export")
            && stderr(&out).contains("no `publish_url` in the configuration"),
        "{}",
        stderr(&out)
    );
}

// ------------------------------------------------------------ command line

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn run(args: &[&str]) -> Output {
    run_in(args, &repo())
}

fn run_in(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .args(args)
        .current_dir(cwd)
        .env(
            "CLAIMDESK_CONFIG",
            repo().join("tests/golden/export/does-not-exist.toml"),
        )
        .env("SOURCE_DATE_EPOCH", "1795867200")
        .env_remove("XDG_CONFIG_HOME")
        // No personal fact-check library or cache leaks into the goldens.
        .env("XDG_DATA_HOME", "/nonexistent/claimdesk-data")
        .env("XDG_CACHE_HOME", "/nonexistent/claimdesk-cache")
        .output()
        .unwrap()
}

/// A copy of the sample in a temporary folder.
fn sample_copy(dir: &Path) -> PathBuf {
    claimdesk::cli::write_sample(dir).unwrap()
}

#[test]
fn stdout_by_default_and_reproducible() {
    let out = run(&[
        "export",
        "data/karzai-taliban-talks.claims.toml",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["generated_at"], "2026-11-28T12:00:00Z");
    assert_eq!(v["articles"][0]["claims"].as_array().unwrap().len(), 15);
    let again = run(&[
        "export",
        "data/karzai-taliban-talks.txt",
        "--format",
        "json",
    ]);
    assert_eq!(again.stdout, out.stdout, "article or sheet path alike");
    let denied = run(&[
        "export",
        "data/karzai-taliban-talks.txt",
        "--format",
        "csv",
        "--status",
        "denied",
    ]);
    assert_eq!(
        String::from_utf8(denied.stdout).unwrap().lines().count(),
        1,
        "header only"
    );
    let bom = run(&[
        "export",
        "data/karzai-taliban-talks.txt",
        "--format",
        "csv",
        "--bom",
    ]);
    assert!(bom.stdout.starts_with(b"\xEF\xBB\xBFarticle,title,"));
    let plain = run(&["export", "data/karzai-taliban-talks.txt", "--format", "csv"]);
    assert_eq!(bom.stdout[3..], plain.stdout[..]);
    let wrong = run(&["export", "data/karzai-taliban-talks.txt", "--bom"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr(&wrong).contains("--bom is for --format csv only"));
}

#[test]
fn output_file_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let article = sample_copy(dir.path());
    let out_file = dir.path().join("review.html");
    let first = run(&[
        "export",
        path(&article),
        "--format",
        "html",
        "-o",
        path(&out_file),
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        first
            .stdout
            .starts_with(out_file.to_str().unwrap().as_bytes())
    );
    assert!(
        fs::read_to_string(&out_file)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    fs::write(&out_file, "keep me").unwrap();
    let again = run(&["export", path(&article), "-o", path(&out_file)]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists; not overwritten (use --force to replace it)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&out_file).unwrap(), "keep me");

    let forced = run(&["export", path(&article), "-o", path(&out_file), "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        fs::read_to_string(&out_file)
            .unwrap()
            .starts_with("# Verification sheet")
    );

    // Never over the sheet or the article, even with --force.
    let sheet = dir.path().join("karzai-taliban-talks.claims.toml");
    let before = fs::read(&sheet).unwrap();
    let clobber = run(&["export", path(&article), "-o", path(&sheet), "--force"]);
    assert_eq!(clobber.status.code(), Some(1));
    assert!(stderr(&clobber).contains("is one of the files being exported"));
    assert_eq!(fs::read(&sheet).unwrap(), before);

    // No temporary files left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn clear_errors_for_bad_paths() {
    let dir = tempfile::tempdir().unwrap();
    let article = sample_copy(dir.path());
    let cases: [(&[&str], &str); 3] = [
        (
            &["export", "no/such/folder"],
            "no/such/folder: does not exist",
        ),
        (
            &["export", path(&article), "-o", path(dir.path())],
            "is a folder; give a file name for -o",
        ),
        (
            &["export", path(&article), "-o", "missing-dir/x.md"],
            "cannot write: the folder missing-dir does not exist",
        ),
    ];
    for (args, want) in &cases {
        let out = run_in(args, dir.path());
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(out.stdout.is_empty());
    }
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["export", path(empty.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no sheets (*.claims.toml) in this folder or below"));
}

#[cfg(target_os = "linux")]
/// `-o` onto a symbolic link (to a file elsewhere, or dangling) is refused,
/// even with `--force`, and neither the link nor its target changes.
#[test]
fn output_onto_a_symlink_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let article = sample_copy(dir.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("precious.txt");
    fs::write(&target, "precious").unwrap();
    let link = dir.path().join("out.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(elsewhere.path().join("nothing-yet"), &dangling).unwrap();
    for out in [&link, &dangling] {
        for force in [false, true] {
            let mut args = vec!["export", path(&article), "-o", path(out)];
            if force {
                args.push("--force");
            }
            let o = run(&args);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            assert!(
                stderr(&o).contains("is a symbolic link; not followed or replaced"),
                "{}",
                stderr(&o)
            );
            assert!(fs::symlink_metadata(out).unwrap().file_type().is_symlink());
        }
    }
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert!(!elsewhere.path().join("nothing-yet").exists());
}

#[test]
fn unwritable_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let article = sample_copy(dir.path());
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    // root ignores permissions, but nobody can create files in /sys.
    let target = if fs::write(locked.join("probe"), "").is_ok() {
        PathBuf::from("/sys/claimdesk-export-test.md")
    } else {
        locked.join("claimdesk-export-test.md")
    };
    let out = run(&["export", path(&article), "-o", path(&target)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("claimdesk-export-test.md: cannot create a temporary file beside it"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!target.exists());
}

#[test]
fn folder_export_groups_by_article() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("deep/two");
    let a = sample_copy(&one);
    let b = sample_copy(&two);
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    fs::write(dir.path().join("notes.txt"), "no sheet here").unwrap();
    let mark = run(&["mark", path(&b), "C2", "denied", "--analyst", "bo"]);
    assert!(mark.status.success(), "{}", stderr(&mark));
    let _ = a;

    let out = run(&["export", path(dir.path()), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 2);
    assert_eq!(arts[0]["file"], "deep/two/karzai-taliban-talks.txt");
    assert_eq!(arts[1]["file"], "one/karzai-taliban-talks.txt");
    assert_eq!(v["counts"]["total"], 30);
    assert_eq!(v["counts"]["denied"], 1);
    assert_eq!(arts[0]["counts"]["denied"], 1);
    assert_eq!(arts[1]["counts"]["denied"], 0);

    let md = run(&["export", path(dir.path())]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("· 2 articles"));
    assert!(md.contains("**Overall:** 1 of 30 reviewed (3%)"), "{md}");
    assert_eq!(md.matches("\n## ").count(), 2);

    let html = run(&["export", path(dir.path()), "--format", "html"]);
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.contains("id=\"karzai-taliban-talks-c2\""));
    assert!(
        html.contains("id=\"karzai-taliban-talks-2-c2\""),
        "unique ids per article"
    );

    let csv_out = run(&[
        "export",
        path(dir.path()),
        "--format",
        "csv",
        "--status",
        "denied",
    ]);
    let csv_text = String::from_utf8(csv_out.stdout).unwrap();
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "deep/two/karzai-taliban-talks.txt");
    assert_eq!(&rows[0][12], "bo");

    let ld = run(&["export", path(dir.path()), "--format", "claimreview"]);
    assert!(
        stderr(&ld).contains("29 claims never reviewed left out"),
        "{}",
        stderr(&ld)
    );
    let ld: serde_json::Value = serde_json::from_slice(&ld.stdout).unwrap();
    assert_eq!(ld.as_array().unwrap().len(), 1);

    let md = run(&["export", path(dir.path()), "--status", "denied"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("· filter: denied (1 of 30 claims shown)"),
        "{md}"
    );
    assert!(md.contains("### C2 · ✘ denied"));
    assert!(md.contains("No claims to show."), "the other article: {md}");
    assert_eq!(md.matches("\n### ").count(), 1);
}

#[test]
fn claimreview_uses_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let article = sample_copy(dir.path());
    let config = dir.path().join("config.toml");
    fs::write(
        &config,
        "analyst = \"cfg-analyst\"\norganisation = \"Desk & Co <Fact>\"\npublish_url = \"https://facts.example/k\"\n",
    )
    .unwrap();
    let cmd = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .args(args)
            .env("CLAIMDESK_CONFIG", &config)
            .env("SOURCE_DATE_EPOCH", "1795867200")
            .output()
            .unwrap()
    };
    let mark = cmd(&["mark", path(&article), "C15", "confirmed"]);
    assert!(mark.status.success(), "{}", stderr(&mark));
    let out = cmd(&["export", path(&article), "--format", "claimreview"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("publish_url"), "{}", stderr(&out));
    assert!(stderr(&out).contains("14 claims never reviewed left out"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(
        v[0]["author"],
        serde_json::json!({"@type": "Organization", "name": "Desk & Co <Fact>"})
    );
    assert_eq!(
        v[0]["url"],
        "https://facts.example/k#karzai-taliban-talks-c15"
    );
    assert_eq!(
        v[0]["itemReviewed"]["author"],
        serde_json::json!({"@type": "Person", "name": "Robert Gates"})
    );
    assert_eq!(v[0]["reviewRating"]["alternateName"], "Confirmed");
    // The sample sheet has no source URL: no appearance rather than a wrong one.
    assert!(v[0]["itemReviewed"].get("appearance").is_none());
    let md = cmd(&["export", path(&article)]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("Generated 2026-11-28T12:00:00Z by cfg-analyst"),
        "{md}"
    );
    assert!(md.contains("| Analysts | cfg-analyst |"), "{md}");
}
