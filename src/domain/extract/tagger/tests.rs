use super::*;

fn tiny() -> Tagger {
    let mut weights = vec![0f32; DIM * TAGS];
    weights[3] = 1.5;
    weights[DIM * TAGS - 1] = -0.25;
    Tagger {
        weights,
        min_conf: 0.5,
        accept_conf: 2.0,
        content_min: 3.0,
    }
}

#[test]
fn the_model_file_round_trips_within_its_quantisation() {
    let t = tiny();
    let back = Tagger::from_bytes(&t.to_bytes()).expect("parses");
    assert_eq!(back.min_conf, 0.5);
    assert_eq!(back.accept_conf, 2.0);
    assert_eq!(back.content_min, 3.0);
    assert!((back.weights[3] - 1.5).abs() < 1e-3);
    assert!((back.weights[DIM * TAGS - 1] + 0.25).abs() < 1e-3);
}

#[test]
fn an_empty_or_malformed_file_is_no_tagger() {
    assert!(Tagger::from_bytes(b"").is_none());
    let mut bytes = tiny().to_bytes();
    bytes.truncate(bytes.len() - 1);
    assert!(Tagger::from_bytes(&bytes).is_none());
    let mut other = tiny().to_bytes();
    other[0] = b'X';
    assert!(Tagger::from_bytes(&other).is_none());
}

#[test]
fn tags_fold_to_their_class() {
    assert_eq!(class(O), O);
    assert_eq!(class(SOURCE), SOURCE);
    assert_eq!(class(SOURCE + 1), SOURCE);
    assert_eq!(class(CUE + 1), CUE);
    assert_eq!(class(CONTENT + 1), CONTENT);
}

#[test]
fn a_source_needs_a_cue_and_runs_over_its_inside_tags() {
    let (s, c, k) = (SOURCE, CUE, CONTENT);
    assert!(read_tags(&[s, s + 1, O, k], &[1.0; 4]).is_none());
    let r = read_tags(
        &[s, s + 1, c, k, k + 1, k + 1],
        &[2.0, 4.0, 1.0, 1.0, 1.0, 1.0],
    )
    .expect("a source with its cue");
    assert_eq!(r.source, (0, 2));
    assert_eq!(r.confidence, 3.0);
    assert_eq!(r.content, Some((3, 6, 3)));
}

/// A tagger that reads "Zorblatt" as a source, "zorbled" as a cue and
/// every other word as content, with the given acceptance confidence.
fn toy(accept_conf: f32) -> Tagger {
    let mut weights = vec![0f32; DIM * TAGS];
    let mut set = |w: &str, tag: u8, v: f32| {
        weights[features::word_feature(w) as usize * TAGS + tag as usize] = v;
    };
    set("zorblatt", SOURCE, 10.0);
    set("zorbled", CUE, 10.0);
    for w in ["the", "plan", "giveaway", "to", "rich", "a", "as"] {
        set(w, CONTENT + 1, 10.0);
    }
    Tagger {
        weights,
        min_conf: 1.0,
        accept_conf,
        content_min: 3.0,
    }
}

const NEWS: &str = "The budget passed on Tuesday after a long night.\n\n\
    Zorblatt zorbled the plan as a giveaway to the rich.\n";

#[test]
fn without_a_tagger_the_rules_stand() {
    assert_eq!(
        super::super::extract_with(NEWS, None),
        super::super::extract(NEWS)
    );
    let rules = super::super::extract_with(NEWS, None);
    assert!(rules.iter().all(|c| c.speaker.is_none()), "{rules:?}");
}

#[test]
fn a_confident_source_speaks_for_a_sentence_the_rules_leave() {
    let out = super::super::extract_with(NEWS, Some(&toy(1.0)));
    let c = out
        .iter()
        .find(|c| c.text.contains("giveaway"))
        .expect("the sentence is a candidate");
    assert_eq!(c.speaker.as_deref(), Some("Zorblatt"));
    assert!(c.accepted);
    // the tagged content is the claim's span
    assert_eq!(c.text, "the plan as a giveaway to the rich");
    let first = out
        .iter()
        .find(|c| c.text.contains("budget"))
        .expect("first");
    assert_eq!(first.speaker, None);
}

#[test]
fn under_its_acceptance_confidence_a_tagged_sentence_needs_the_score() {
    let out = super::super::extract_with(NEWS, Some(&toy(f32::MAX)));
    let c = out
        .iter()
        .find(|c| c.text.contains("giveaway"))
        .expect("the sentence is a candidate");
    let threshold = crate::domain::extract::score::threshold();
    assert_eq!(c.accepted, c.score >= threshold, "{c:?}");
}
