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
            || lower.contains("pic.twitter.com")
            || lower.starts_with("www.")
        {
            // A link glued to the word before it ("#Tag https://...",
            // "#Tagpic.twitter.com/...").
            let glued = ["http", "pic.twitter.com"]
                .iter()
                .filter_map(|l| lower.find(l))
                .min();
            if let Some(i) = glued.filter(|&i| i > 0) {
                push_word(&mut out, &word[..i]);
            }
            continue;
        }
        if word.starts_with('@') {
            // A handle often names who the claim is about
            // ("@LindseyGrahamSC"): its words, split at capitals.
            for handle in word.split('@').filter(|h| !h.is_empty()) {
                let handle = handle.trim_end_matches(|c: char| !c.is_alphanumeric());
                push_word(&mut out, &format!("#{handle}"));
            }
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

/// The month and year of an embedded tweet's signature ("— Name
/// (@handle) August 20, 2019" gives `["august", "2019"]` as [`terms`]
/// spells them): fact-checks often date the claim they check.
pub fn signature_date(text: &str) -> Option<[String; 2]> {
    let tail = &text[text.rfind("(@")?..];
    let date = tail[tail.find(')')? + 1..].trim();
    let mut words = date.split([' ', ',']).filter(|w| !w.is_empty());
    let (month, _day, year) = (words.next()?, words.next()?, words.next()?);
    let known = month.chars().all(char::is_alphabetic)
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit());
    known.then(|| [stem(&month.to_lowercase()), year.to_owned()])
}

/// The folded, stemmed content words of a (cleaned) text.
pub fn terms(text: &str) -> Vec<String> {
    let text = join_thousands(text);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold_char).collect::<String>())
        .filter(|w| !STOP.contains(&w.as_str()) && !NOISE.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// "12,000" -> "12000", so that figures meet however they are written.
fn join_thousands(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let separator = |i: usize| {
        b[i] == b','
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(0..b.len()).any(separator) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if !separator(i) {
            out.push(c);
        }
    }
    out.into()
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
    if word.len() > 5 && word.ends_with("ies") {
        // "policies" meets "policy".
        return format!("{}y", &word[..word.len() - 3]);
    }
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
            "someone look Australian Fires 2020"
        );
        assert_eq!(
            clean("cc: @SpeakerPelosi@RepCummings #Trimppic.twitter.com/B7v"),
            "cc: Speaker Pelosi Rep Cummings Trimp"
        );
    }

    #[test]
    fn a_tweet_signature_gives_its_month_and_year() {
        let t = "The Amazon is burning \u{2014} tyler (@tyswizzlee) August 20, 2019";
        assert_eq!(signature_date(t), Some(["august".into(), "2019".into()]));
        assert_eq!(signature_date("No signature (@x) here"), None);
        assert_eq!(signature_date("Plain text"), None);
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
        assert_eq!(stem("policies"), stem("policy"));
        assert_eq!(
            terms("12,000 cars, 3 bridges"),
            ["12000", "cars", "3", "bridg"]
        );
    }
}
