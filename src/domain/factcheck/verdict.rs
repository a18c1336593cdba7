//! The common verdicts and the table mapping publishers' rating texts to
//! them. Publishers rate in their own words ("Pants on Fire", "Four
//! Pinocchios", "Mixture", "Faux"); the library keeps the original text and
//! this normalised verdict beside it.

use serde::{Deserialize, Serialize};

/// A rating normalised across publishers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    True,
    MostlyTrue,
    Mixed,
    MostlyFalse,
    False,
    Unproven,
    #[default]
    Other,
}

/// Rating texts (folded: lower case, no punctuation) and their verdicts:
/// PolitiFact, Snopes, the Washington Post, FactCheck.org, Full Fact, AFP,
/// Reuters, Lead Stories, Maldita, Les Décodeurs, Correctiv, Facebook's
/// third-party ratings.
const TABLE: &[(&str, Verdict)] = &[
    ("true", Verdict::True),
    ("correct", Verdict::True),
    ("accurate", Verdict::True),
    ("correct attribution", Verdict::True),
    ("geppetto checkmark", Verdict::True),
    ("verdadero", Verdict::True),
    ("cierto", Verdict::True),
    ("vrai", Verdict::True),
    ("richtig", Verdict::True),
    ("wahr", Verdict::True),
    ("vero", Verdict::True),
    ("mostly true", Verdict::MostlyTrue),
    ("mostly correct", Verdict::MostlyTrue),
    ("mostly accurate", Verdict::MostlyTrue),
    ("largely accurate", Verdict::MostlyTrue),
    ("one pinocchio", Verdict::MostlyTrue),
    ("mostly verdadero", Verdict::MostlyTrue),
    ("plutot vrai", Verdict::MostlyTrue),
    ("half true", Verdict::Mixed),
    ("halftrue", Verdict::Mixed),
    ("mixture", Verdict::Mixed),
    ("mixed", Verdict::Mixed),
    ("partly true", Verdict::Mixed),
    ("partly false", Verdict::Mixed),
    ("partially false", Verdict::Mixed),
    ("partially true", Verdict::Mixed),
    ("two pinocchios", Verdict::Mixed),
    ("missing context", Verdict::Mixed),
    ("needs context", Verdict::Mixed),
    ("cherry picks", Verdict::Mixed),
    ("media verdad", Verdict::Mixed),
    ("engañoso", Verdict::MostlyFalse),
    ("enganoso", Verdict::MostlyFalse),
    ("teilweise falsch", Verdict::Mixed),
    ("mostly false", Verdict::MostlyFalse),
    ("mostly untrue", Verdict::MostlyFalse),
    ("largely inaccurate", Verdict::MostlyFalse),
    ("misleading", Verdict::MostlyFalse),
    ("exaggerated", Verdict::MostlyFalse),
    ("exaggerates", Verdict::MostlyFalse),
    ("three pinocchios", Verdict::MostlyFalse),
    ("trompeur", Verdict::MostlyFalse),
    ("irrefuhrend", Verdict::MostlyFalse),
    ("false", Verdict::False),
    ("pants on fire", Verdict::False),
    ("four pinocchios", Verdict::False),
    ("incorrect", Verdict::False),
    ("inaccurate", Verdict::False),
    ("wrong", Verdict::False),
    ("fake", Verdict::False),
    ("fabricated", Verdict::False),
    ("hoax", Verdict::False),
    ("scam", Verdict::False),
    ("altered", Verdict::False),
    ("altered photo", Verdict::False),
    ("altered video", Verdict::False),
    ("miscaptioned", Verdict::False),
    ("misattributed", Verdict::False),
    ("no evidence", Verdict::False),
    ("baseless", Verdict::False),
    ("false headline", Verdict::False),
    ("falso", Verdict::False),
    ("faux", Verdict::False),
    ("falsch", Verdict::False),
    ("bulo", Verdict::False),
    ("unproven", Verdict::Unproven),
    ("unsupported", Verdict::Unproven),
    ("unverified", Verdict::Unproven),
    ("unsubstantiated", Verdict::Unproven),
    ("research in progress", Verdict::Unproven),
    ("not proven", Verdict::Unproven),
    ("no es posible verificar", Verdict::Unproven),
    ("unbelegt", Verdict::Unproven),
    ("satire", Verdict::Other),
    ("labeled satire", Verdict::Other),
    ("legend", Verdict::Other),
    ("outdated", Verdict::Other),
    ("lost legend", Verdict::Other),
    ("full flop", Verdict::Other),
    ("half flip", Verdict::Other),
    ("no flip", Verdict::Other),
];

/// Words that decide a free-text rating ("This is incorrect.", "False:
/// the figure is from 2012") when the table has no exact entry; checked in
/// this order, so "mostly false" is found before "false".
const PHRASES: &[(&str, Verdict)] = &[
    ("pants on fire", Verdict::False),
    ("mostly true", Verdict::MostlyTrue),
    ("mostly false", Verdict::MostlyFalse),
    ("half true", Verdict::Mixed),
    ("partly", Verdict::Mixed),
    ("partially", Verdict::Mixed),
    ("misleading", Verdict::MostlyFalse),
    ("exaggerat", Verdict::MostlyFalse),
    ("not true", Verdict::False),
    ("untrue", Verdict::False),
    ("incorrect", Verdict::False),
    ("inaccurate", Verdict::False),
    ("false", Verdict::False),
    ("fake", Verdict::False),
    ("no evidence", Verdict::Unproven),
    ("unproven", Verdict::Unproven),
    ("unsupported", Verdict::Unproven),
    ("correct", Verdict::True),
    ("accurate", Verdict::True),
    ("true", Verdict::True),
];

impl Verdict {
    /// The verdict for a rating text, falling back to the numeric rating
    /// (value, best, worst) when the text says nothing known.
    pub fn from_rating(text: &str, numeric: Option<(f64, f64, f64)>) -> Verdict {
        let folded = fold(text);
        if let Some((_, v)) = TABLE.iter().find(|(t, _)| *t == folded) {
            return *v;
        }
        if let Some((_, v)) = PHRASES.iter().find(|(p, _)| contains_words(&folded, p)) {
            return *v;
        }
        numeric.map_or(Verdict::Other, |(value, best, worst)| {
            Verdict::from_scale(value, best, worst)
        })
    }

    /// A numeric rating on a scale from worst (false) to best (true).
    fn from_scale(value: f64, best: f64, worst: f64) -> Verdict {
        if !(best - worst).is_normal() || !value.is_finite() {
            return Verdict::Other;
        }
        let x = (value - worst) / (best - worst);
        match x {
            x if !(0.0..=1.0).contains(&x) => Verdict::Other,
            x if x < 0.125 => Verdict::False,
            x if x < 0.375 => Verdict::MostlyFalse,
            x if x < 0.625 => Verdict::Mixed,
            x if x < 0.875 => Verdict::MostlyTrue,
            _ => Verdict::True,
        }
    }

    /// The name used in JSON, the library and filters ("mostly false").
    pub fn label(self) -> &'static str {
        match self {
            Verdict::True => "true",
            Verdict::MostlyTrue => "mostly true",
            Verdict::Mixed => "mixed",
            Verdict::MostlyFalse => "mostly false",
            Verdict::False => "false",
            Verdict::Unproven => "unproven",
            Verdict::Other => "other",
        }
    }
}

/// Lower case, accents kept only where folding knows them, punctuation
/// and repeated spaces gone.
fn fold(text: &str) -> String {
    let lowered: String = text
        .chars()
        .map(crate::domain::similar::fold_char)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `phrase` starts at a word boundary in `folded`.
fn contains_words(folded: &str, phrase: &str) -> bool {
    folded
        .match_indices(phrase)
        .any(|(i, _)| i == 0 || folded.as_bytes().get(i - 1) == Some(&b' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real rating texts as publishers print them.
    #[test]
    fn real_rating_texts_map_to_their_verdicts() {
        let cases = [
            ("True", Verdict::True),
            ("Correct Attribution", Verdict::True),
            ("Mostly True", Verdict::MostlyTrue),
            ("Half-True", Verdict::Mixed),
            ("Half True", Verdict::Mixed),
            ("Mixture", Verdict::Mixed),
            ("Partly false", Verdict::Mixed),
            ("Missing context", Verdict::Mixed),
            ("Mostly False", Verdict::MostlyFalse),
            ("Misleading", Verdict::MostlyFalse),
            ("Three Pinocchios", Verdict::MostlyFalse),
            ("False", Verdict::False),
            ("Pants on Fire!", Verdict::False),
            ("Four Pinocchios", Verdict::False),
            ("Miscaptioned", Verdict::False),
            ("Faux", Verdict::False),
            ("Falso", Verdict::False),
            ("Falsch", Verdict::False),
            ("Engañoso", Verdict::MostlyFalse),
            ("This is incorrect.", Verdict::False),
            ("False: the figure dates from 2012.", Verdict::False),
            ("That's not true, the law passed in 2019", Verdict::False),
            ("Unproven", Verdict::Unproven),
            ("Research In Progress", Verdict::Unproven),
            ("Labeled Satire", Verdict::Other),
            ("Legend", Verdict::Other),
            ("Full Flop", Verdict::Other),
            ("", Verdict::Other),
        ];
        for (text, want) in cases {
            assert_eq!(Verdict::from_rating(text, None), want, "{text:?}");
        }
    }

    #[test]
    fn numeric_ratings_decide_when_the_text_does_not() {
        assert_eq!(
            Verdict::from_rating("", Some((1.0, 5.0, 1.0))),
            Verdict::False
        );
        assert_eq!(
            Verdict::from_rating("", Some((5.0, 5.0, 1.0))),
            Verdict::True
        );
        assert_eq!(
            Verdict::from_rating("", Some((3.0, 5.0, 1.0))),
            Verdict::Mixed
        );
        assert_eq!(
            Verdict::from_rating("", Some((9.0, 5.0, 1.0))),
            Verdict::Other
        );
        assert_eq!(
            Verdict::from_rating("", Some((1.0, 1.0, 1.0))),
            Verdict::Other
        );
        // The text wins over the number.
        assert_eq!(
            Verdict::from_rating("False", Some((5.0, 5.0, 1.0))),
            Verdict::False
        );
    }

    #[test]
    fn mostly_false_is_not_read_as_false() {
        assert_eq!(
            Verdict::from_rating("Our ruling: mostly false", None),
            Verdict::MostlyFalse
        );
    }
}
