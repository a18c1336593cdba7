//! The cue words learnt from PolNeAR's train split ([`cue_table`]): verbs
//! of action and stance that the hand-made lexicons lack but that train's
//! annotators mark as an attribution's cue most times they are written
//! ("railed", "vetoed", "pleaded"). They count as stance verbs: the subject
//! before one is the source, what follows it the content.
//!
//! The training program (`examples/train_cues.rs`) tries several tables
//! before writing one; [`set_learned_cues`] lets it put a table in place of
//! the embedded one, on its own thread.

#[path = "cue_table.rs"]
mod cue_table;

use std::cell::RefCell;

use super::Found;
use super::segment::Sentence;
use super::token::mostly_quoted;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A table of learned cues in place of the embedded one.
#[derive(Debug, Clone, Default)]
pub struct LearnedCues {
    pub words: HashSet<String>,
    /// A named source speaks for a sentence under the score threshold too.
    pub named_strong: bool,
}

thread_local! {
    static OVERRIDE: RefCell<Option<LearnedCues>> = const { RefCell::new(None) };
}

fn embedded() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| cue_table::LEARNED_CUES.iter().map(|r| r.0).collect())
}

/// Is the lower-case word `w` a learned cue?
pub fn is_learned_cue(w: &str) -> bool {
    OVERRIDE.with(|o| match &*o.borrow() {
        Some(l) => l.words.contains(w),
        None => embedded().contains(w),
    })
}

/// Use `cues` as the learned cues on this thread (`None`: the embedded
/// table again). For the training program, which tries several.
pub fn set_learned_cues(cues: Option<LearnedCues>) {
    OVERRIDE.with(|o| *o.borrow_mut() = cues);
}

fn named_strong() -> bool {
    OVERRIDE.with(|o| match &*o.borrow() {
        Some(l) => l.named_strong,
        None => cue_table::NAMED_STRONG,
    })
}

/// A source with a capitalised word other than the sentence's first: a
/// name ("Trump", "the Justice Department"), not "He" or "Officials".
fn named(source: &str, first: bool) -> bool {
    source
        .split_whitespace()
        .skip(usize::from(first))
        .any(|w| w.starts_with(char::is_uppercase))
}

/// The embedded table: (word, occurrences in train, occurrences inside a
/// gold cue).
pub fn learned_cue_table() -> &'static [(&'static str, u32, u32)] {
    cue_table::LEARNED_CUES
}

/// Sentences the rules leave without a speaker take their learned cue's
/// attribution, if any; as a weak one (the sentence needs its score)
/// unless the table lets a named source speak for any sentence.
pub(crate) fn fill(sents: &[Sentence], found: &mut [Found], chars: &[char]) {
    for (s, f) in sents.iter().zip(found.iter_mut()) {
        let Some((source, at, span)) = f.learned.take() else {
            continue;
        };
        if f.speaker.is_some() || f.reject.is_some() {
            continue;
        }
        f.weak = !(named_strong() && named(&source, at == s.start));
        f.speaker = Some(source);
        f.source_at = at;
        f.span = Some(span);
        f.quoted = mostly_quoted(chars, span, s);
        f.own = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::extract::lexicon::{in_action, in_speech, in_that_only};
    use crate::domain::extract::{Candidate, extract};

    fn attributed(text: &str) -> Option<Candidate> {
        extract(text).into_iter().find(|c| c.speaker.is_some())
    }

    #[test]
    fn the_table_holds_lower_case_words_the_lexicons_lack_with_their_counts() {
        let table = learned_cue_table();
        assert!(!table.is_empty());
        assert!(
            table.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        for &(w, n, c) in table {
            assert!(c <= n && n > 0, "{w}: {c} of {n}");
            assert!(w.chars().all(|ch| ch.is_lowercase() || ch == '\''), "{w}");
            assert!(!(in_speech(w) || in_action(w) || in_that_only(w)), "{w}");
        }
    }

    #[test]
    fn a_learned_verb_makes_its_named_subject_the_speaker_and_the_object_the_content() {
        let c = attributed(
            "Senator Jane Ortiz railed against the $48 million highway budget on Tuesday \
             at a packed town hall in Dayton.",
        )
        .expect("an attribution");
        assert_eq!(c.speaker.as_deref(), Some("Jane Ortiz"));
        assert!(c.text.starts_with("against the $48 million"), "{}", c.text);
        assert!(c.accepted);
    }

    #[test]
    fn a_learned_verb_does_not_speak_for_a_common_noun() {
        let text = "The new budget ordered deep cuts to road repairs in 14 counties across \
                    the state next year.";
        assert_eq!(attributed(text), None);
    }

    #[test]
    fn a_reporting_verb_of_the_lexicon_wins_over_a_learned_one() {
        let c = attributed(
            "Two county officials said on Monday that Governor Ann Marsh railed against \
             the plan at a closed meeting.",
        )
        .expect("an attribution");
        assert_eq!(c.speaker.as_deref(), Some("Two county officials"));
        assert!(
            c.text.starts_with("Governor Ann Marsh railed"),
            "{}",
            c.text
        );
    }

    #[test]
    fn without_the_table_the_learned_verb_is_no_cue() {
        let text = "Senator Jane Ortiz railed against the $48 million highway budget on \
                    Tuesday at a packed town hall in Dayton.";
        set_learned_cues(Some(LearnedCues::default()));
        let none = attributed(text);
        set_learned_cues(None);
        assert_eq!(none, None);
        assert!(attributed(text).is_some());
    }

    #[test]
    fn a_quote_keeps_the_speaker_it_continues_rather_than_a_learned_cue() {
        let text = "“We will not stop,” said Mayor Tom Reyes. “The council railed against \
                    the plan for months and we answered every question.”";
        let all = extract(text);
        let second = all
            .iter()
            .find(|c| c.text.contains("council railed") || c.text.contains("the plan for months"))
            .expect("the second sentence");
        assert_eq!(second.speaker.as_deref(), Some("Tom Reyes"), "{all:?}");
    }
}
