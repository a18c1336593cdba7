use std::path::Path;

use super::*;
use crate::domain::claim::{ClaimKind, Stamp};

fn sample() -> Sheet {
    let text = "Karzai said the US is in talks. The embassy declined comment.";
    let mut s = Sheet::new("a.txt", "00");
    s.title = Some("Talks".into());
    let mut c1 = Claim::new("C1", text, 12, 30);
    c1.speaker = Some("Hamid Karzai".into());
    c1.kind = Some(ClaimKind::Reported);
    let c2 = Claim::new("C2", text, 32, 61);
    s.claims = vec![c1, c2];
    s
}

#[test]
fn canonical_round_trip() {
    let s = sample();
    let text = render(&s);
    assert_eq!(parse(Path::new("x"), &text, Some(61)).unwrap(), s);
    assert!(text.contains("\n[[claim]]\nid = \"C1\"\nstatus = \"unconfirmed\"\n"));
}

#[test]
fn context_with_newlines_stays_on_one_line() {
    let text = "One.\nTwo \"quoted\" it's.\nThree.";
    let mut s = Sheet::new("a.txt", "00");
    s.claims.push(Claim::new("C1", text, 5, 24));
    s.claims[0].note = "line 1\nline 2 \"\"\" ''' \\ end".into();
    let out = render(&s);
    assert!(out.contains("prefix = \"One.\\n\"\n"), "{out}");
    assert_eq!(parse(Path::new("x"), &out, None).unwrap(), s);
}

#[test]
fn keeps_comments_of_untouched_claims() {
    let s = sample();
    let text = render(&s).replace(
        "\n[[claim]]\nid = \"C2\"",
        "\n# checked with the embassy press office\n[[claim]]\nid = \"C2\"  # the embassy",
    );
    let text = format!("# my header comment\n{text}");
    let loaded = parse(Path::new("x"), &text, None).unwrap();
    let mut changed = loaded.clone();
    let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap();
    changed.claims[0].set_status(Status::Denied, "ana", at);
    let out = render_preserving(&changed, &text, &loaded);
    assert!(out.starts_with("# my header comment\n"), "{out}");
    assert!(
        out.contains(
            "# checked with the embassy press office\n[[claim]]\nid = \"C2\"  # the embassy"
        ),
        "{out}"
    );
    assert_eq!(parse(Path::new("x"), &out, None).unwrap(), changed);
    // Untouched: the same text back.
    assert_eq!(render_preserving(&loaded, &text, &loaded), text);
    // A changed claim keeps the comment above it.
    let mut c2 = loaded.clone();
    c2.claims[1].set_status(Status::Confirmed, "ana", at);
    let out = render_preserving(&c2, &text, &loaded);
    assert!(
        out.contains("# checked with the embassy press office\n[[claim]]\nid = \"C2\"\n"),
        "{out}"
    );
    assert_eq!(parse(Path::new("x"), &out, None).unwrap(), c2);
}

#[test]
fn a_shape_that_cannot_be_spliced_is_written_canonically() {
    let text = "format = 1\narticle = \"a.txt\"\nsha256 = \"00\"\nclaim = [{ id = \"C1\", status = \"denied\", text = \"x\", start = 0, end = 1 }]\n";
    let loaded = parse(Path::new("x"), text, None).unwrap();
    assert_eq!(Layout::of(text, &loaded), None);
    let out = render_preserving(&loaded, text, &loaded);
    assert_eq!(out, render(&loaded));
    assert_eq!(parse(Path::new("x"), &out, None).unwrap(), loaded);
}

#[test]
fn errors_point_at_the_place() {
    let s = render(&sample());
    let dup = s.replace("id = \"C2\"", "id = \"C1\"");
    let e = parse(Path::new("s.toml"), &dup, None)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("s.toml:") && e.contains("duplicate claim id \"C1\""),
        "{e}"
    );
    let future = s.replace("format = 1", "format = 2");
    let e = parse(Path::new("s.toml"), &future, None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("s.toml:2:1: unknown sheet format 2"), "{e}");
    let e = parse(Path::new("s.toml"), &s, Some(40))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("claim C2: end 61 is beyond the article, which has 40 characters"),
        "{e}"
    );
    let bad = s.replace("status = \"unconfirmed\"", "status = \"maybe\"");
    let e = parse(Path::new("s.toml"), &bad, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("s.toml:") && e.contains("maybe"), "{e}");
    let e = parse(Path::new("s.toml"), "", None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("is empty"), "{e}");
    let e = parse(
        Path::new("s.toml"),
        "format = 1\narticle = \"a\"\nsha256 = \n",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("s.toml:3:10:"), "{e}");
    let second = dup.match_indices("id = \"C1\"").nth(1).unwrap().0;
    let line = dup[..second].matches('\n').count() + 1;
    let e = parse(Path::new("s.toml"), &dup, None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(&format!("s.toml:{line}:6: duplicate")), "{e}");
}

#[test]
fn a_newer_format_is_named_before_any_other_error() {
    let s = render(&sample());
    let future = s.replace("format = 1", "format = 2\nnew_field = true");
    let e = parse(Path::new("s.toml"), &future, None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("s.toml:2:1: unknown sheet format 2"), "{e}");
    let text = s.replace("format = 1", "format = \"1\"");
    let e = parse(Path::new("s.toml"), &text, None)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("s.toml:2:1: unknown sheet format \"1\""),
        "{e}"
    );
    let text = s.replace("format = 1\n", "");
    let e = parse(Path::new("s.toml"), &text, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing `format`"), "{e}");
    assert!(ends_beyond(&sample(), 60) && !ends_beyond(&sample(), 61));
}

#[test]
fn next_id_never_reuses_deleted_ids() {
    let mut s = sample();
    s.deleted.push(Tombstone {
        id: "C7".into(),
        text: "gone".into(),
        deleted_at: Stamp::parse("2026-11-28T10:00:00Z").unwrap(),
        by: "ana".into(),
        dismissed: false,
    });
    assert_eq!(s.next_id(), "C8");
    let back = parse(Path::new("x"), &render(&s), None).unwrap();
    assert_eq!(back, s);
}

#[test]
fn the_layout_read_from_lines_is_the_one_of_the_toml_document() {
    let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap();
    let mut s = sample();
    s.claims[0].set_status(Status::Denied, "ana", at);
    s.claims[1].set_field("note", "one line".into(), "bo", at);
    s.deleted.push(Tombstone {
        id: "C3".into(),
        text: "gone".into(),
        deleted_at: at,
        by: "ana".into(),
        dismissed: false,
    });
    s.history.push(Change {
        at,
        by: "ana".into(),
        field: "title".into(),
        from: String::new(),
        to: "Talks".into(),
    });
    let sample_file = include_str!("../../data/karzai-taliban-talks.claims.toml");
    let rendered = render(&s);
    let commented = rendered.replace("\n[[claim]]\n", "\n# by hand\n\n[[claim]]\n");
    for text in [
        sample_file.to_owned(),
        sample_file.replace('\n', "\r\n"),
        rendered.clone(),
        commented.clone(),
        commented.replace('\n', "\r\n"),
    ] {
        let starts = layout_lines::starts(&text).expect("read from its lines");
        let from_lines = Layout::from_starts(&text, starts);
        assert!(from_lines.is_some());
        assert_eq!(from_lines, Layout::scan_document(&text), "{text}");
    }
    // At the first doubt, the lines say nothing and the document decides.
    for text in [
        rendered.replace("id = \"C2\"", "id = \"C2\"  # the embassy"),
        rendered.replacen("note = \"one line\"", "note = \"\"\"\n[[claim]]\n\"\"\"", 1),
        rendered.replace("[[deleted]]", "  [[deleted]]"),
        format!("{rendered}\n[[history]]\nat = 2026-11-28T10:00:00Z\nby = \"x\"\nfield = \"t\"\n"),
    ] {
        assert_eq!(layout_lines::starts(&text), None, "{text}");
    }
}
