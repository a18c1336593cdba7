//! The article cursor's units: words (runs of non-space characters) and the
//! extractor's sentences, as code-point ranges of the article.

use crate::domain::extract::segment;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nav {
    /// Code-point ranges of the words, in order.
    pub words: Vec<(usize, usize)>,
    /// Code-point ranges of the sentences, in order.
    pub sentences: Vec<(usize, usize)>,
    /// The sentence of each word.
    sentence_of: Vec<usize>,
}

impl Nav {
    pub fn new(text: &str) -> Nav {
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in chars.iter().enumerate() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, chars.len()));
        }
        let sentences: Vec<(usize, usize)> = segment::sentences(&chars)
            .iter()
            .map(|s| (s.start, s.end))
            .collect();
        let sentence_of = words
            .iter()
            .map(|&(ws, _)| {
                sentences
                    .partition_point(|&(ss, _)| ss <= ws)
                    .saturating_sub(1)
            })
            .collect();
        Nav {
            words,
            sentences,
            sentence_of,
        }
    }

    /// The last word index (0 when there are none).
    pub fn last(&self) -> usize {
        self.words.len().saturating_sub(1)
    }

    /// The word at code point `cp`, or the next one after it (the last word
    /// when `cp` is past the end).
    pub fn word_at(&self, cp: usize) -> usize {
        self.words
            .partition_point(|&(_, e)| e <= cp)
            .min(self.last())
    }

    pub fn sentence_of(&self, word: usize) -> usize {
        self.sentence_of.get(word).copied().unwrap_or(0)
    }

    /// The first and last word of the sentence of `word`.
    pub fn sentence_words(&self, word: usize) -> (usize, usize) {
        let s = self.sentence_of(word);
        let first = self.sentence_of.partition_point(|&x| x < s);
        let last = self.sentence_of.partition_point(|&x| x <= s);
        (first.min(self.last()), last.saturating_sub(1).max(first))
    }

    /// The code-point span of words `a..=b` (in either order).
    pub fn span(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let (a, b) = (a.min(b), a.max(b));
        Some((self.words.get(a)?.0, self.words.get(b)?.1))
    }

    /// Where the cursor goes on "next sentence": the first word of the next
    /// sentence; extending a selection (`to_end`), the last word of this
    /// sentence, or of the next one when already there.
    pub fn sentence_down(&self, word: usize, to_end: bool) -> usize {
        let last = self.sentence_words(word).1;
        let next = (last + 1).min(self.last());
        match (to_end, word < last) {
            (true, true) => last,
            (true, false) => self.sentence_words(next).1,
            (false, _) if last < self.last() => next,
            (false, _) => word,
        }
    }

    /// "Previous sentence": the first word of this sentence, or of the one
    /// before when already there.
    pub fn sentence_up(&self, word: usize) -> usize {
        let (first, _) = self.sentence_words(word);
        if word > first {
            first
        } else {
            self.sentence_words(first.saturating_sub(1)).0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_sentences_and_moves() {
        let text = "Alice said the bridge is old. Bob said it is new.\n\nCarol left.";
        let n = Nav::new(text);
        assert_eq!(n.words.len(), 13);
        assert_eq!(n.sentences.len(), 3);
        assert_eq!(n.word_at(11), 2);
        assert_eq!(n.sentence_words(2), (0, 5));
        assert_eq!(n.sentence_down(2, false), 6);
        assert_eq!(n.sentence_down(2, true), 5);
        assert_eq!(n.sentence_down(5, true), 10);
        assert_eq!(n.sentence_down(12, false), 12, "stays at the end");
        assert_eq!(n.sentence_up(8), 6);
        assert_eq!(n.sentence_up(6), 0);
        assert_eq!(n.sentence_up(0), 0);
        assert_eq!(n.span(5, 2), Some((11, 29)));
        assert!(Nav::new("").span(0, 0).is_none());
    }
}
