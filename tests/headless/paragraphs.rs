//! Paragraphs, not lines: a hard-wrapped article (single newlines inside
//! paragraphs) reads like its unwrapped twin, in the extractor and in the
//! article pane; Markdown markup reads as text.

use crate::common;

use claimdesk::app::{Action, AppState, Keymap, update};
use claimdesk::domain::{Article, Doc, extract};

/// A news story, one paragraph a block, separated by blank lines.
const STORY: &[&str] = &[
    "Council approves bridge despite cost warnings",
    "The city council voted 7-2 on Tuesday to approve the new river bridge, ending a debate that has divided the town for more than a decade.",
    "Mayor Jane Ortiz said the new bridge would cost $42 million, double the estimate the council was given in 2021, and would open to traffic in 2027.",
    "\u{201c}We cannot keep patching a structure that was built for horses and carts,\u{201d} Ortiz told reporters after the vote. \u{201c}Every year we wait, the repairs cost more.\u{201d}",
    "Council member Tom Reyes, who voted against the plan, said the town could not afford the loan and warned that property taxes would rise by 9 percent.",
    "The state transport agency said it had not yet reviewed the final design.",
];

/// `para` wrapped at `width` columns.
fn wrap(para: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for word in para.split(' ') {
        let n = word.chars().count();
        if col > 0 && col + 1 + n > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += n;
    }
    out
}

/// `para` broken after every seventh word, ragged as hand-wrapped text is.
fn ragged(para: &str) -> String {
    let words: Vec<&str> = para.split(' ').collect();
    let lines: Vec<String> = words.chunks(7).map(|c| c.join(" ")).collect();
    lines.join("\n")
}

fn plain(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The accepted claims as (text, speaker), white space folded.
fn claims(article: &Article) -> Vec<(String, Option<String>)> {
    extract::claims(article)
        .into_iter()
        .map(|c| (plain(&c.text), c.speaker))
        .collect()
}

#[test]
fn a_hard_wrapped_story_reads_like_its_unwrapped_twin() {
    let flat = STORY.join("\n\n") + "\n";
    let flat_article = Article::from_text("flat.txt", &flat);
    let want = claims(&flat_article);
    assert!(want.len() >= 4, "{want:#?}");
    assert!(
        want.iter()
            .any(|(t, s)| t.contains("$42 million") && s.as_deref() == Some("Jane Ortiz")),
        "{want:#?}"
    );
    for (width, broken) in [
        (72, "horses and\ncarts,\u{201d}"),
        (47, "the new bridge would cost\n$42 million"),
        (0, "the new bridge\nwould cost $42 million"),
    ] {
        let wrapped: Vec<String> = STORY
            .iter()
            .map(|p| if width > 0 { wrap(p, width) } else { ragged(p) })
            .collect();
        let wrapped = wrapped.join("\n\n") + "\n";
        assert!(wrapped.contains(broken), "{wrapped}");
        assert!(width == 0 || wrapped.lines().all(|l| l.chars().count() <= width));
        let wrapped_article = Article::from_text("wrapped.txt", &wrapped);
        assert_eq!(claims(&wrapped_article), want, "wrapped at {width}");
        // Offsets are offsets into the wrapped file's text.
        for c in extract::claims(&wrapped_article) {
            let at = wrapped_article.slice(c.anchor.start, c.anchor.end).unwrap();
            assert_eq!(at, c.anchor.quote);
            assert_eq!(plain(at), plain(&c.text));
        }
        // Paragraphs are the blocks, not the lines.
        assert_eq!(
            wrapped_article.paragraphs().len(),
            flat_article.paragraphs().len()
        );
    }
}

#[test]
fn lines_of_their_own_stay_apart() {
    let text = "From: Press Office <press@example.org>\nSubject: Bridge vote\n\n\
Bridge vote today\nThe council meets at noon to vote on the bridge, the\nclerk said.\n\n\
- First point of the agenda\n- Second point of the agenda\n";
    let a = Article::from_text("mail.txt", text);
    let paras: Vec<String> = a
        .paragraphs()
        .iter()
        .map(|&(s, e)| a.slice(s, e).unwrap().to_owned())
        .collect();
    assert_eq!(
        paras,
        [
            "From: Press Office <press@example.org>",
            "Subject: Bridge vote",
            "Bridge vote today",
            "The council meets at noon to vote on the bridge, the\nclerk said.",
            "- First point of the agenda",
            "- Second point of the agenda",
        ]
    );
}

#[test]
fn a_text_without_blank_lines_keeps_one_paragraph_a_line() {
    let a = Article::from_text("feed.txt", "First line here\nSecond line here.\nthird line");
    assert_eq!(a.paragraphs().len(), 3);
}

#[test]
fn markdown_markup_reads_as_text() {
    let flat = STORY.join("\n\n") + "\n";
    let md = format!(
        "# {}\n\n{}\n",
        STORY[0],
        STORY[1..]
            .iter()
            .map(|p| wrap(p, 72))
            .collect::<Vec<_>>()
            .join("\n\n")
    )
    .replace(
        "Mayor Jane Ortiz",
        "Mayor [Jane Ortiz](https://example.org/ortiz)",
    )
    .replace("double the estimate", "*double* the estimate")
    .replace("final design", "**final design**");
    let md_article = Article::from_text("story.md", &md);
    let want = claims(&Article::from_text("flat.txt", &flat));
    assert_eq!(claims(&md_article), want);
    for c in extract::claims(&md_article) {
        let at = md_article.slice(c.anchor.start, c.anchor.end).unwrap();
        assert_eq!(at, c.anchor.quote, "anchored into the .md file");
        assert!(!c.text.contains("https://"), "{}", c.text);
    }
}

#[test]
fn the_article_pane_draws_soft_wraps_as_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let wrapped: Vec<String> = STORY.iter().map(|p| wrap(p, 72)).collect();
    let path = dir.path().join("bridge.txt");
    std::fs::write(&path, wrapped.join("\n\n") + "\n").unwrap();
    let doc = claimdesk::domain::workspace::open_article(&path).unwrap();
    let doc = Doc::open(&doc.sheet_path).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = || claimdesk::domain::Stamp::parse("2026-11-28T14:03:07Z").unwrap();
    update(&mut s, Action::Resize(120, 40));
    let screen = common::draw(&s, 120, 40);
    assert!(!screen.contains('\u{240A}'), "{screen}");
    insta::assert_snapshot!("soft_wrapped_article_120x40", screen);
}

#[test]
fn a_short_line_that_runs_on_is_not_a_title() {
    let text = "Bridge vote\n\nMayor Jane Ortiz said the new bridge would cost\n\
$42 million, double the estimate the council was given in 2021, and\n\
would open to traffic in 2027.\n";
    let a = Article::from_text("wire.txt", text);
    assert_eq!(a.paragraphs().len(), 2);
    let got = claims(&a);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0]
            .0
            .starts_with("the new bridge would cost $42 million"),
        "{got:#?}"
    );
    assert_eq!(got[0].1.as_deref(), Some("Jane Ortiz"));
}
