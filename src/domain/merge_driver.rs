//! Merging whole sheet files, as git's merge driver and `claimdesk
//! resolve` do: the three texts parsed, merged claim by claim
//! ([`super::merge`]), and the result written in ours' layout (claims
//! nobody changed stay byte for byte) and line endings.

use std::path::Path;

use super::claim::Claim;
use super::error::Result;
use super::line_endings;
use super::merge::{self, Merged};
use super::sheet;

/// The merged text and what the merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub text: String,
    pub merged: Merged,
}

/// Merge three sheet texts. `name` names the sheet in messages; `base` may
/// be empty (both sides added the sheet). A side that does not parse is
/// an error naming that side. Claims both sides created under one id: the
/// first in article order keeps it, the other takes the next free id,
/// whichever side is ours ([`order_twins`]).
pub fn merge_texts(name: &Path, base: &str, ours: &str, theirs: &str) -> Result<Outcome> {
    let crlf = line_endings::is_crlf(ours);
    let lf = |t: &str| t.replace("\r\n", "\n");
    let (base, ours, theirs) = (&lf(base), &lf(ours), &lf(theirs));
    let side = |label: &str| name.with_file_name(format!("{} ({label})", file_name(name)));
    let our_sheet = sheet::parse(&side("ours"), ours, None)?;
    let their_sheet = sheet::parse(&side("theirs"), theirs, None)?;
    let base_sheet = if base.trim().is_empty() {
        our_sheet.header()
    } else {
        sheet::parse(&side("base"), base, None)?
    };
    let mut merged = merge::merge(&base_sheet, &our_sheet, &their_sheet)?;
    order_twins(&mut merged);
    let mut text = sheet::render_preserving(&merged.sheet, ours, &our_sheet);
    if crlf {
        text = line_endings::to_crlf(&text);
    }
    Ok(Outcome { text, merged })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Of two claims created under one id (one on each side), the first in
/// article order keeps the id and the other takes the new one, so the
/// result does not depend on which side is ours: two analysts who merge
/// each other's branches get the same ids in both clones.
fn order_twins(merged: &mut Merged) {
    for (old, new) in &merged.renumbered {
        let key = |id: &str| merged.sheet.claim(id).map(twin_key);
        let (Some(kept), Some(moved)) = (key(old), key(new)) else {
            continue;
        };
        if kept <= moved {
            continue;
        }
        for c in &mut merged.sheet.claims {
            if c.id == *old {
                c.id.clone_from(new);
            } else if c.id == *new {
                c.id.clone_from(old);
            }
        }
    }
    merged.sheet.sort();
}

/// The order of twins: where the claim lies in the article, then its
/// words, then the rest of it (its id aside) as written.
fn twin_key(c: &Claim) -> (usize, usize, String, String) {
    let rest = Claim {
        id: String::new(),
        ..c.clone()
    };
    (
        c.anchor.start,
        c.anchor.end,
        c.text.clone(),
        format!("{rest:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::{Claim, Stamp, Status};
    use crate::domain::sheet::Sheet;

    const TEXT: &str = "Alice said the bridge is old. Bob said it is new. Carol said nothing.";

    fn at(s: u32) -> Stamp {
        Stamp::parse(&format!("2026-11-28T10:00:{s:02}Z")).unwrap()
    }

    fn base() -> Sheet {
        let mut s = Sheet::new("a.txt", "00");
        s.claims = vec![
            Claim::new("C1", TEXT, 11, 28),
            Claim::new("C2", TEXT, 39, 48),
        ];
        s
    }

    fn name() -> &'static Path {
        Path::new("a.claims.toml")
    }

    #[test]
    fn untouched_claims_and_comments_stay_byte_for_byte() {
        let b = base();
        let ours_text = sheet::render(&b).replace("[[claim]]", "# kept\n[[claim]]");
        let mut t = b.clone();
        t.claims[1].set_status(Status::Denied, "bo", at(1));
        let out = merge_texts(name(), &sheet::render(&b), &ours_text, &sheet::render(&t)).unwrap();
        assert_eq!(out.text.matches("# kept").count(), 2, "{}", out.text);
        let c1 = &ours_text[..ours_text.find("C2").unwrap()];
        assert!(out.text.starts_with(c1), "{}", out.text);
        let back = sheet::parse(name(), &out.text, None).unwrap();
        assert_eq!(back.claims[1].status, Status::Denied);
    }

    #[test]
    fn twins_are_numbered_in_article_order_whichever_side_is_ours() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        // Ours' claim lies after theirs' in the article: theirs keeps C3.
        o.claims.push(Claim::new("C3", TEXT, 50, 55));
        t.claims.push(Claim::new("C3", TEXT, 0, 5));
        let (bt, ot, tt) = (sheet::render(&b), sheet::render(&o), sheet::render(&t));
        let out = merge_texts(name(), &bt, &ot, &tt).unwrap();
        let s = &out.merged.sheet;
        assert_eq!(s.claim("C3").unwrap().text, "Alice");
        assert_eq!(s.claim("C4").unwrap().text, "Carol");
        assert_eq!(out.merged.renumbered, vec![("C3".into(), "C4".into())]);
        let swapped = merge_texts(name(), &bt, &tt, &ot).unwrap();
        assert_eq!(swapped.merged.sheet.claim("C3").unwrap().text, "Alice");
        assert_eq!(swapped.text, out.text, "the same sheet both ways");
    }

    #[test]
    fn twins_on_the_same_words_are_ordered_by_the_rest_of_them() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        let mut mine = Claim::new("C3", TEXT, 50, 55);
        mine.text = "Carol, as ana read it".into();
        o.claims.push(mine);
        t.claims.push(Claim::new("C3", TEXT, 50, 55));
        let (bt, ot, tt) = (sheet::render(&b), sheet::render(&o), sheet::render(&t));
        let xy = merge_texts(name(), &bt, &ot, &tt).unwrap();
        let yx = merge_texts(name(), &bt, &tt, &ot).unwrap();
        assert_eq!(xy.text, yx.text);
        assert_eq!(xy.merged.sheet.claim("C3").unwrap().text, "Carol");
        assert_eq!(xy.merged.sheet.claims.len(), 4, "both kept");
    }

    #[test]
    fn an_empty_base_merges_two_added_sheets() {
        let mut o = base();
        o.claims[0].set_status(Status::Confirmed, "ana", at(1));
        let mut t = base();
        t.claims[0].set_status(Status::Denied, "bo", at(2));
        let out = merge_texts(name(), "", &sheet::render(&o), &sheet::render(&t)).unwrap();
        assert_eq!(out.merged.disputed, vec!["C1"]);
    }

    #[test]
    fn a_side_that_does_not_parse_is_an_error_naming_it() {
        let b = sheet::render(&base());
        let e = merge_texts(name(), &b, &b, "format = 1\n[[claim]\n").unwrap_err();
        assert!(e.to_string().contains("a.claims.toml (theirs)"), "{e}");
    }

    /// A side's edits: verdicts, notes and new claims (ids picked as the
    /// TUI picks them, so both sides may make the same id).
    fn edit_side(sheet: &mut Sheet, edits: &[(u8, usize, u32)], who: &str) {
        for (op, i, s) in edits {
            let i = i % sheet.claims.len();
            match op {
                0 => sheet.claims[i].set_status(Status::ALL[*s as usize % 3], who, at(*s)),
                1 => sheet.claims[i].set_field("note", format!("{who} {s}"), who, at(*s)),
                _ => {
                    let start = (*s as usize * 7) % 60;
                    sheet
                        .claims
                        .push(Claim::new(sheet.next_id(), TEXT, start, start + 5));
                    sheet.sort();
                }
            }
        }
    }

    /// The claims' content, ids aside.
    fn content(s: &Sheet) -> Vec<String> {
        let mut v: Vec<String> = s
            .claims
            .iter()
            .map(|c| {
                format!(
                    "{:?}",
                    Claim {
                        id: String::new(),
                        ..c.clone()
                    }
                )
            })
            .collect();
        v.sort();
        v
    }

    proptest::proptest! {
        #[test]
        fn the_driver_is_commutative_in_content_and_keeps_a_lone_side(
            xs in proptest::collection::vec((0u8..3, 0usize..4, 0u32..60), 0..6),
            ys in proptest::collection::vec((0u8..3, 0usize..4, 0u32..60), 0..6),
        ) {
            let b = base();
            let (mut x, mut y) = (b.clone(), b.clone());
            edit_side(&mut x, &xs, "ana");
            edit_side(&mut y, &ys, "bo");
            let (bt, xt, yt) = (sheet::render(&b), sheet::render(&x), sheet::render(&y));
            let xy = merge_texts(name(), &bt, &xt, &yt).unwrap();
            let yx = merge_texts(name(), &bt, &yt, &xt).unwrap();
            proptest::prop_assert_eq!(content(&xy.merged.sheet), content(&yx.merged.sheet));
            // The same ids too: either side may be ours.
            proptest::prop_assert_eq!(&xy.merged.sheet.claims, &yx.merged.sheet.claims);
            proptest::prop_assert_eq!(&xy.merged.disputed, &yx.merged.disputed);
            let alone = merge_texts(name(), &bt, &xt, &bt).unwrap();
            proptest::prop_assert_eq!(&alone.text, &xt);
            let alone = merge_texts(name(), &bt, &bt, &xt).unwrap();
            proptest::prop_assert_eq!(&alone.merged.sheet, &x);
            // Merged again with itself: nothing changes.
            let again = merge_texts(name(), &xy.text, &xy.text, &xy.text).unwrap();
            proptest::prop_assert_eq!(&again.text, &xy.text);
        }
    }

    #[test]
    fn crlf_sheets_stay_crlf() {
        let b = sheet::render(&base());
        let crlf = line_endings::to_crlf(&b);
        let out = merge_texts(name(), &b, &crlf, &b).unwrap();
        assert_eq!(out.text, crlf);
    }
}
