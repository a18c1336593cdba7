use super::*;

const STORY: &str = include_str!("../../../tests/data/pages/story.html");
const STORY_META: &str = include_str!("../../../tests/data/pages/story-meta.html");
const STORY_1252: &[u8] = include_bytes!("../../../tests/data/pages/story-1252.html");
const COOKIE_WALL: &str = include_str!("../../../tests/data/pages/cookie-wall.html");
const HOME: &str = include_str!("../../../tests/data/pages/home.html");

fn story() -> Page {
    read_html(STORY, Some("https://news.example/bridge")).unwrap()
}

#[test]
fn a_news_page_gives_its_metadata_from_json_ld_and_open_graph() {
    let page = story();
    assert_eq!(
        page.title.as_deref(),
        Some("Harbour Street bridge to close for 18 months")
    );
    assert_eq!(page.byline.as_deref(), Some("Priya Raman"));
    assert_eq!(page.published.as_deref(), Some("2024-03-05T09:30:00Z"));
    assert_eq!(page.site.as_deref(), Some("The Daily Example"));
    assert_eq!(page.language.as_deref(), Some("en-GB"));
}

#[test]
fn metadata_comes_from_meta_tags_when_there_is_no_json_ld() {
    let page = read_html(STORY_META, None).unwrap();
    assert_eq!(page.byline.as_deref(), Some("Priya Raman"));
    assert_eq!(page.published.as_deref(), Some("2024-03-05T09:30:00Z"));
    assert_eq!(page.site.as_deref(), Some("The Daily Example"));
}

#[test]
fn the_body_keeps_the_article_and_drops_the_furniture() {
    let text = story().text();
    assert!(
        text.starts_with("Harbour Street bridge to close for 18 months\n\nThe city council voted")
    );
    for gone in [
        "Home",
        "Sport",
        "Photo:",
        "Read more",
        "Share on",
        "Watch the video",
        "Related stories",
        "Ferry fares",
        "All rights reserved",
        "By Priya Raman",
    ] {
        assert!(!text.contains(gone), "{gone:?} should be gone:\n{text}");
    }
    // Entities decoded, curly quotes and dashes kept as written.
    assert!(text.contains("cost £42 million"));
    assert!(text.contains("reopen — if all goes to plan — in"));
    assert!(text.contains("“We had no choice,” said the council’s chief engineer"));
    // The repeated paragraph appears once; paragraphs are blank-line separated.
    assert_eq!(text.matches("Work is due to start in March").count(), 1);
    assert_eq!(text.matches("\n\n").count(), 6, "{text}");
    assert!(text.ends_with("autumn of next year.\n"));
}

#[test]
fn a_windows_1252_page_is_decoded_by_its_meta_charset() {
    assert!(String::from_utf8(STORY_1252.to_vec()).is_err());
    let page = read_html(&decode(STORY_1252, None), None).unwrap();
    assert_eq!(page.title.as_deref(), Some("Café owners protest new rules"));
    let text = page.text();
    assert!(
        text.contains("would cost them “thousands” of euros"),
        "{text}"
    );
    assert!(text.contains("Jürgen Müller"));
    assert!(text.contains("rules – which"));
}

#[test]
fn decoding_prefers_the_declared_charset_then_a_bom_then_utf8() {
    assert_eq!(decode(b"caf\xe9", Some("iso-8859-1")), "café");
    assert_eq!(decode(b"caf\xe9", None), "café");
    assert_eq!(decode("café".as_bytes(), None), "café");
    assert_eq!(
        decode(b"\xef\xbb\xbfcaf\xc3\xa9", Some("windows-1252")),
        "café"
    );
    assert_eq!(decode(b"\xff\xfec\x00a\x00", None), "ca");
    // Valid UTF-8 wins over a stale declaration (a page re-saved as UTF-8).
    let resaved = "<meta charset=\"gb2312\"><title>新电脑</title>".as_bytes();
    assert!(decode(resaved, None).contains("新电脑"));
    assert!(decode(resaved, Some("gbk")).contains("新电脑"));
}

#[test]
fn bylines_lose_their_by_and_web_addresses() {
    use super::meta::Extra;
    let e = Extra::default();
    assert_eq!(e.byline(Some("By Jane Doe")).as_deref(), Some("Jane Doe"));
    assert_eq!(
        e.byline(Some("Bradley M. Kuhn (http://ebb.org/bkuhn/)"))
            .as_deref(),
        Some("Bradley M. Kuhn")
    );
    assert_eq!(e.byline(Some("https://example.org/authors/jane")), None);
    assert_eq!(
        e.byline(Some("Bylines Inc.")).as_deref(),
        Some("Bylines Inc.")
    );
}

#[test]
fn a_cookie_wall_and_a_home_page_are_not_articles() {
    assert_eq!(read_html(COOKIE_WALL, None), Err(ReadError::NoReadableBody));
    assert_eq!(read_html(HOME, None), Err(ReadError::NoReadableBody));
    assert_eq!(
        read_html(
            "<html><body><p>Sign in to continue.</p></body></html>",
            None
        ),
        Err(ReadError::NoReadableBody)
    );
}

#[test]
fn slugs_are_ascii_lower_case_dashed_and_short() {
    assert_eq!(
        slug("Obama admits US gun laws are his 'biggest frustration'"),
        "obama-admits-us-gun-laws-are-his-biggest-frustration"
    );
    assert_eq!(
        slug("Café owners’ “protest”: 2024!"),
        "cafe-owners-protest-2024"
    );
    assert_eq!(slug("Māori tribes fearful"), "maori-tribes-fearful");
    let long =
        slug("Manhole Fires and Burst Pipes: How Winter Wreaks Havoc on What’s Underneath N.Y.C.");
    assert_eq!(
        long,
        "manhole-fires-and-burst-pipes-how-winter-wreaks-havoc-on"
    );
    assert!(long.len() <= 60);
    assert_eq!(slug(&"x".repeat(100)).len(), 60);
    assert_eq!(slug("«»… —"), "");
    assert_eq!(slug("日本語"), "");
}

#[test]
fn dates_are_normalised_or_dropped() {
    use super::meta::normalise_date as d;
    assert_eq!(d("2024-03-05").as_deref(), Some("2024-03-05"));
    assert_eq!(
        d("2024-03-05T09:30:00+01:00").as_deref(),
        Some("2024-03-05T09:30:00+01:00")
    );
    assert_eq!(
        d("2024-03-05T09:30:00.123Z").as_deref(),
        Some("2024-03-05T09:30:00Z")
    );
    assert_eq!(
        d("2024-03-05T09:30:00+0100").as_deref(),
        Some("2024-03-05T09:30:00+01:00")
    );
    assert_eq!(
        d("Tue, 5 Mar 2024 09:30:00 GMT").as_deref(),
        Some("2024-03-05T09:30:00Z")
    );
    assert_eq!(d("2024-03-05T09:30:00").as_deref(), Some("2024-03-05"));
    assert_eq!(d("last Tuesday"), None);
}

#[test]
fn pasted_text_takes_its_first_line_as_the_headline() {
    let page = read_text("\u{feff}Headline here\r\n\r\nFirst paragraph\r\nsoft wrapped.\r\n\r\n\r\nSecond  paragraph.\r\n").unwrap();
    assert_eq!(page.title.as_deref(), Some("Headline here"));
    assert_eq!(
        page.paragraphs,
        ["First paragraph soft wrapped.", "Second paragraph."]
    );
    assert_eq!(
        page.text(),
        "Headline here\n\nFirst paragraph soft wrapped.\n\nSecond paragraph.\n"
    );
    let md = read_text("# A heading\n\nBody text.\n").unwrap();
    assert_eq!(md.title.as_deref(), Some("A heading"));
    assert_eq!(read_text(" \n\n \n"), Err(ReadError::NoReadableBody));
}

#[test]
fn boilerplate_lines_are_recognised_but_sentences_are_not() {
    for b in [
        "Read more: other news",
        "WATCH THE VIDEO",
        "Advertisement",
        "Share this article",
        "Share on Facebook",
        "Sign up for our newsletter",
        "(Photo by Jane Doe/Agency)",
    ] {
        assert!(clean::is_boilerplate(b), "{b}");
    }
    for keep in [
        "Read more about the plan in the report, the minister said on Tuesday.",
        "Sponsors of the bill said it would pass.",
        "Share prices fell sharply on Monday.",
    ] {
        assert!(!clean::is_boilerplate(keep), "{keep}");
    }
}

#[test]
fn pdf_lines_are_rejoined_into_paragraphs() {
    let text = "Annual Report\n\nThe ministry said the pro-\ngramme would continue in\n2025 and beyond, with more\nfunding.\nA new paragraph starts here and runs\non to the next line.\n";
    let blocks = pdf::rejoin(text);
    assert_eq!(
        blocks,
        [
            "Annual Report",
            "The ministry said the programme would continue in 2025 and beyond, with more funding.",
            "A new paragraph starts here and runs on to the next line."
        ]
    );
}

#[test]
fn a_pdf_that_is_not_a_pdf_is_a_clear_error() {
    assert!(matches!(read_pdf(b"not a pdf"), Err(ReadError::BadPdf(_))));
}
