//! Text as matching sees it: social-media noise removed (links, handles,
//! the "— Name (@handle) date" signature of an embedded tweet, hashtags
//! split into words), then folded words without stop words, crudely
//! stemmed so "negotiated" meets "negotiates".

use crate::domain::similar::{STOP, fold_char};

/// Extra words too common in posts to tell claims apart.
const NOISE: &[&str] = &["rt", "amp"];

/// The text without links, @handles, the tweet signature's date, and with
/// hashtags split at capitals ("#DefundTheCBC" -> "Defund The CBC").
pub fn clean(text: &str) -> String {
    let text = strip_signature(text);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if lower.contains("http://")
            || lower.contains("https://")
            || lower.starts_with("pic.twitter.com")
            || lower.starts_with("www.")
        {
            // A link glued to the word before it ("#Tag https://...").
            if let Some(i) = lower.find("http").filter(|&i| i > 0) {
                push_word(&mut out, &word[..i]);
            }
            continue;
        }
        if word.starts_with('@') {
            continue;
        }
        push_word(&mut out, &word.replace("&amp;", "&"));
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    match word.strip_prefix('#') {
        Some(tag) => split_camel(out, tag),
        None => out.push_str(word),
    }
}

/// "AustralianFires" -> "Australian Fires"; "CBC" stays whole.
fn split_camel(out: &mut String, tag: &str) {
    let chars: Vec<char> = tag.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            })
            || c.is_ascii_digit() && prev.is_some_and(|p| !p.is_ascii_digit());
        if boundary {
            out.push(' ');
        }
        out.push(c);
    }
}

/// Cut the "(@handle) Month D, YYYY" an embedded tweet ends with.
fn strip_signature(text: &str) -> &str {
    let Some(dash) = text.rfind(" \u{2014} ").or_else(|| text.rfind(" - ")) else {
        return text;
    };
    let tail = &text[dash..];
    match tail.find("(@") {
        // Keep the author's name: often the claimant.
        Some(i) if tail.len() < 120 => &text[..dash + i],
        _ => text,
    }
}

/// The folded, stemmed content words of a (cleaned) text.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold_char).collect::<String>())
        .filter(|w| !STOP.contains(&w.as_str()) && !NOISE.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// The names in a text as [`terms`] spells them: words written with a
/// capital that do not start a sentence (people, places, organisations).
pub fn names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    for w in text.split_whitespace() {
        let word = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !sentence_start && word.chars().next().is_some_and(char::is_uppercase) {
            out.extend(terms(word));
        }
        sentence_start = w.ends_with(['.', '!', '?', ':']) || word.is_empty() && sentence_start;
    }
    out.sort();
    out.dedup();
    out
}

/// A crude suffix stemmer: enough to meet plurals and tenses ("causes",
/// "caused", "cause" all give "caus").
pub fn stem(word: &str) -> String {
    let mut w = word;
    for suffix in ["ing", "ed", "es", "s"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
            w = &w[..w.len() - suffix.len()];
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w = &w[..w.len() - 1];
    }
    w.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tweets_lose_links_handles_and_signature() {
        let t = "DEFUND. CBC. NOW. \"CBC deletes Trump\" #DefundTheCBChttps://t.co/CsHG8R9cHp \
                 \u{2014} Brad Trost (@BradTrostCPC) December 26, 2019";
        assert_eq!(
            clean(t),
            "DEFUND. CBC. NOW. \"CBC deletes Trump\" Defund The CBC \u{2014} Brad Trost"
        );
        assert_eq!(
            clean("@someone look pic.twitter.com/abc #AustralianFires 2020"),
            "look Australian Fires 2020"
        );
    }

    #[test]
    fn names_are_capitalised_words_inside_sentences() {
        assert_eq!(
            names("The US talks to the Taliban. Karzai said so in Kabul"),
            vec!["kabul", "taliban", "us"]
        );
    }

    #[test]
    fn terms_are_folded_stemmed_and_without_stop_words() {
        assert_eq!(
            terms("The Taliban negotiated talks in Qatar"),
            vec!["taliban", "negotiat", "talk", "qatar"]
        );
        for w in ["cause", "causes", "caused"] {
            assert_eq!(stem(w), "caus");
        }
        assert_eq!(stem("vaccines"), stem("vaccine"));
    }
}
