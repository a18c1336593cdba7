//! Speakers that are not people or organisations, and one spelling per
//! entity, on sentences written in the style of news copy.

use super::super::extract;
use super::*;

/// The speakers of the accepted and rejected candidates of `text`.
fn speakers(text: &str) -> Vec<String> {
    extract(text)
        .into_iter()
        .filter_map(|c| c.speaker)
        .collect()
}

#[test]
fn documents_and_common_nouns_alone_are_not_speakers() {
    for s in [
        "data",
        "Data",
        "the statement",
        "The report",
        "the latest report",
        "the study",
        "the facts",
    ] {
        assert_eq!(not_a_speaker(s), Some("document"), "{s}");
    }
    for s in [
        "the Labor Department",
        "Pew Research Center",
        "envoys",
        "Diplomats",
    ] {
        assert_eq!(not_a_speaker(s), None, "{s}");
    }
}

#[test]
fn places_events_and_headlines_are_not_speakers() {
    assert_eq!(not_a_speaker("San Diego"), Some("place"));
    assert_eq!(not_a_speaker("Ohio"), Some("place"));
    assert_eq!(not_a_speaker("Macy Thanksgiving Day Parade"), Some("event"));
    assert_eq!(
        not_a_speaker("the Macy's Thanksgiving Day Parade"),
        Some("event")
    );
    assert_eq!(not_a_speaker("An SEC Investor"), Some("headline"));
    assert_eq!(not_a_speaker("Things Advisors Need To"), Some("headline"));
    for s in [
        "Bank of America",
        "The New York Times",
        "Karin Anderson",
        "the mayor",
    ] {
        assert_eq!(not_a_speaker(s), None, "{s}");
    }
}

#[test]
fn a_statement_is_not_the_speaker_of_its_content() {
    let got = speakers("The statement said the plant would close by the end of March.");
    assert!(
        got.iter()
            .all(|s| s != "the statement" && s != "The statement"),
        "{got:?}"
    );
}

#[test]
fn data_is_not_the_speaker_of_a_finding() {
    let got = speakers("Data released on Tuesday showed that home prices rose 6 percent.");
    assert!(
        got.iter().all(|s| !s.eq_ignore_ascii_case("data")),
        "{got:?}"
    );
}

#[test]
fn a_place_is_not_the_speaker() {
    let got = speakers(
        "Forecasters expect heavy rain through Thursday. In San Diego, officials \
         said the storm drains were cleared last week. San Diego said the beaches \
         would stay open.",
    );
    assert!(got.iter().all(|s| s != "San Diego"), "{got:?}");
}

#[test]
fn one_person_one_spelling_per_article() {
    let got = speakers(
        "Morningstar's Karin Anderson said fund fees fell 8 percent last year.\n\n\
         Investors moved $500 billion into index funds, Morningstar Karin Anderson said.\n\n\
         Fees will keep falling, Karin Anderson said.",
    );
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.iter().all(|s| s == "Morningstar's Karin Anderson"),
        "{got:?}"
    );
}

#[test]
fn fold_keeps_different_people_apart() {
    let mk = |s: &str| Candidate {
        text: "Prices rose".into(),
        speaker: Some(s.into()),
        kind: ClaimKind::Reported,
        score: 0.5,
        start: 0,
        end: 11,
        accepted: true,
        reason: None,
    };
    let mut cs = vec![mk("John Smith"), mk("Jane Smith"), mk("the mayor")];
    fold(&mut cs);
    let got: Vec<_> = cs.iter().filter_map(|c| c.speaker.as_deref()).collect();
    assert_eq!(got, ["John Smith", "Jane Smith", "the mayor"]);
}

#[test]
fn times_and_sentence_adverbs_are_not_speakers() {
    for s in [
        "Tuesday", "Saturday", "the time", "Having", "Moreover", "Hours",
    ] {
        assert_eq!(not_a_speaker(s), Some("time or adverb"), "{s}");
    }
    for s in ["Tuesday Weld", "Sunday Times"] {
        assert_eq!(not_a_speaker(s), None, "{s}");
    }
}
