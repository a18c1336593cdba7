//! Duplicate claims: pages that repeat their lead paragraph (as many feeds
//! do) or a sentence give one claim, anchored at the first occurrence.
//!
//! Two candidates are the same when their texts are equal after whitespace
//! is collapsed and quotation marks are left out. The first occurrence keeps
//! the claim (and takes the acceptance and speaker of a later copy when it
//! had none itself); the later copies are rejected as "duplicate".

use std::collections::HashMap;

use super::Candidate;

/// The reason given to a later copy of a claim.
pub const DUPLICATE: &str = "duplicate";

/// The text with runs of whitespace collapsed to one space, quotation marks
/// left out, and no whitespace at either end.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if is_quote(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
    )
}

/// Reject every later copy of a candidate (in article order), keeping the
/// first occurrence; the first occurrence is accepted when any copy was.
pub fn mark(cands: &mut [Candidate]) {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(cands.len());
    for k in 0..cands.len() {
        let key = normalise(&cands[k].text);
        if key.is_empty() {
            continue;
        }
        let Some(&j) = first.get(&key) else {
            first.insert(key, k);
            continue;
        };
        if cands[k].accepted && !cands[j].accepted {
            cands[j].accepted = true;
            cands[j].reason = None;
            if cands[j].speaker.is_none() {
                cands[j].speaker = cands[k].speaker.clone();
                cands[j].kind = cands[k].kind;
            }
        } else if cands[j].speaker.is_none() && cands[k].speaker.is_some() && cands[j].accepted {
            cands[j].speaker = cands[k].speaker.clone();
            cands[j].kind = cands[k].kind;
        }
        cands[k].accepted = false;
        cands[k].reason = Some(DUPLICATE);
    }
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::*;

    #[test]
    fn normalise_collapses_whitespace_and_drops_quotes() {
        assert_eq!(
            normalise("  “Prices  rose\n by 4%,”   she said "),
            "Prices rose by 4%, she said"
        );
        assert_eq!(
            normalise("\"Prices rose by 4%,\" she said"),
            "Prices rose by 4%, she said"
        );
    }

    #[test]
    fn a_repeated_lead_paragraph_gives_each_claim_once() {
        let lead = "Unemployment in the county fell to 3.1 percent in October, the \
                    lowest rate since 2001, the state labor department said.\n\n";
        let body = "Retail hiring added 4,200 jobs over the same period, according \
                    to the Chamber of Commerce.\n\n";
        let text = format!("{lead}{lead}{body}{lead}");
        let all = extract(&text);
        let accepted: Vec<_> = all.iter().filter(|c| c.accepted).collect();
        let mut keys: Vec<String> = accepted.iter().map(|c| normalise(&c.text)).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicates in {accepted:?}");
        assert_eq!(accepted.len(), 2, "{accepted:?}");
        // anchored at the first occurrence
        assert!(accepted[0].start < lead.chars().count());
        let dups = all.iter().filter(|c| c.reason == Some(DUPLICATE)).count();
        assert_eq!(dups, 2);
    }

    #[test]
    fn a_repeated_sentence_with_other_quotes_and_spacing_is_one_claim() {
        let text = "“The bridge will cost $40 million,” the mayor said on Monday.\n\n\
                    Council members were not told.\n\n\
                    \"The bridge will cost  $40 million,\" the mayor said on Monday.";
        let accepted: Vec<_> = extract(text).into_iter().filter(|c| c.accepted).collect();
        let bridges = accepted
            .iter()
            .filter(|c| c.text.contains("$40 million"))
            .count();
        assert_eq!(bridges, 1, "{accepted:?}");
    }

    #[test]
    fn a_later_accepted_copy_makes_the_first_the_claim() {
        use crate::domain::ClaimKind;
        let cand = |accepted: bool, speaker: Option<&str>| Candidate {
            text: "Exports rose 5 percent".into(),
            speaker: speaker.map(str::to_owned),
            kind: ClaimKind::Statistic,
            score: 0.5,
            start: 0,
            end: 5,
            accepted,
            reason: (!accepted).then_some("low score"),
        };
        let mut cs = vec![cand(false, None), cand(true, Some("officials"))];
        mark(&mut cs);
        assert!(cs[0].accepted);
        assert_eq!(cs[0].speaker.as_deref(), Some("officials"));
        assert!(!cs[1].accepted);
        assert_eq!(cs[1].reason, Some(DUPLICATE));
    }
}
