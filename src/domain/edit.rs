//! Structural edits of a sheet: add, split, merge and delete
//! claims, as [`Splice`]s whose inverse is exact, so undo then redo gives
//! back exactly the same sheet.
//!
//! Every edit is "replace the claims `at..at + removed.len()` by `inserted`
//! and append `tombstones_added` to the sheet's deleted list". A change to
//! one claim is a splice of one claim for one; an added claim removes none;
//! a deletion inserts none and adds a tombstone.

use super::claim::{Anchor, Change, Claim, Stamp, Tombstone, id_number};
use super::sheet::Sheet;

/// One undoable change to a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Index in `sheet.claims` where the change starts.
    pub at: usize,
    /// The claims that were there (in order).
    pub removed: Vec<Claim>,
    /// The claims that are there now (in order).
    pub inserted: Vec<Claim>,
    /// Appended to `sheet.deleted`.
    pub tombstones_added: Vec<Tombstone>,
}

impl Splice {
    /// The splice that turns the claims `old` into `new` (both in article
    /// order): the smallest range where they differ. `None` when nothing
    /// differs and no tombstone is added.
    pub fn between(
        old: &[Claim],
        new: &[Claim],
        tombstones_added: Vec<Tombstone>,
    ) -> Option<Splice> {
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let removed = old[prefix..old.len() - suffix].to_vec();
        let inserted = new[prefix..new.len() - suffix].to_vec();
        if removed.is_empty() && inserted.is_empty() && tombstones_added.is_empty() {
            return None;
        }
        Some(Splice {
            at: prefix,
            removed,
            inserted,
            tombstones_added,
        })
    }

    /// Make the change (again).
    pub fn apply(&self, sheet: &mut Sheet) {
        let at = self.at.min(sheet.claims.len());
        let end = (at + self.removed.len()).min(sheet.claims.len());
        sheet.claims.splice(at..end, self.inserted.iter().cloned());
        sheet.deleted.extend(self.tombstones_added.iter().cloned());
    }

    /// Take the change back: exactly the sheet before [`Splice::apply`].
    pub fn revert(&self, sheet: &mut Sheet) {
        let at = self.at.min(sheet.claims.len());
        let end = (at + self.inserted.len()).min(sheet.claims.len());
        sheet.claims.splice(at..end, self.removed.iter().cloned());
        let keep = sheet
            .deleted
            .len()
            .saturating_sub(self.tombstones_added.len());
        sheet.deleted.truncate(keep);
    }

    /// The ids the change touched, for messages ("C3", "C3, C16").
    pub fn ids(&self) -> String {
        let mut ids: Vec<&str> = Vec::new();
        for c in self.removed.iter().chain(&self.inserted) {
            if !ids.contains(&c.id.as_str()) {
                ids.push(&c.id);
            }
        }
        ids.join(", ")
    }
}

/// `claims` with `replace` (indices into `claims`) taken out and `add` put
/// in, in article order (the order [`Sheet::sort`] gives).
pub fn replaced(claims: &[Claim], replace: &[usize], add: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = claims
        .iter()
        .enumerate()
        .filter(|(i, _)| !replace.contains(i))
        .map(|(_, c)| c.clone())
        .chain(add)
        .collect();
    out.sort_by_key(|c| {
        (
            c.anchor.start,
            c.anchor.end,
            id_number(&c.id).unwrap_or(u64::MAX),
        )
    });
    out
}

fn span(a: &Anchor) -> String {
    format!("{}..{}", a.start, a.end)
}

fn note(at: Stamp, by: &str, field: &str, from: String, to: String) -> Change {
    Change {
        at,
        by: by.to_owned(),
        field: field.to_owned(),
        from,
        to,
    }
}

/// A new claim on `start..end` of the article, its history saying so.
pub fn new_claim(id: &str, text: &str, start: usize, end: usize, by: &str, at: Stamp) -> Claim {
    let mut c = Claim::new(id, text, start, end);
    c.history
        .push(note(at, by, "claim", String::new(), "added".into()));
    c
}

/// Code-point offsets inside `claim`'s span where a word starts (a split
/// point), in order; empty when the claim is one word or an orphan.
pub fn split_points(claim: &Claim, text: &str) -> Vec<usize> {
    if claim.orphan {
        return Vec::new();
    }
    let (s, e) = (claim.anchor.start, claim.anchor.end);
    let mut out = Vec::new();
    let mut prev_space = false;
    for (i, c) in text.chars().enumerate().skip(s).take(e.saturating_sub(s)) {
        if i > s && prev_space && !c.is_whitespace() {
            out.push(i);
        }
        prev_space = c.is_whitespace();
    }
    out
}

/// Split `claim` at `cut` (one of its [`split_points`]): the first half
/// keeps the id, verdict, note, sources and history; the second is a new,
/// unreviewed claim `new_id` of the same kind. Both texts become their part
/// of the article, the first without the comma or semicolon that ended it.
/// Each part takes the speaker the extractor finds in its own words ("…,
/// Soelistyo said"); failing that, the claim's. `None` when `cut` is not a
/// split point.
pub fn split(
    claim: &Claim,
    cut: usize,
    new_id: &str,
    text: &str,
    by: &str,
    at: Stamp,
) -> Option<(Claim, Claim)> {
    if !split_points(claim, text).contains(&cut) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    // The first part ends at its last word: spaces and the comma,
    // semicolon, colon or dash that joined it to the second are left out.
    let mut first_end = cut;
    while first_end > claim.anchor.start
        && (chars[first_end - 1].is_whitespace() || JOINERS.contains(&chars[first_end - 1]))
    {
        first_end -= 1;
    }
    if first_end <= claim.anchor.start {
        return None;
    }
    let mut first = claim.clone();
    first.anchor = Anchor::from_text(text, claim.anchor.start, first_end);
    first.text = first.anchor.quote.clone();
    let mut second = Claim::new(new_id, text, cut, claim.anchor.end);
    second.speaker = claim.speaker.clone();
    second.kind = claim.kind;
    if let Some(own) = own_speaker(&second.text) {
        second.speaker = Some(own);
    }
    let what = format!(
        "{} {} + {} {}",
        first.id,
        span(&first.anchor),
        second.id,
        span(&second.anchor)
    );
    let from = format!("{} {}", claim.id, span(&claim.anchor));
    first
        .history
        .push(note(at, by, "split", from.clone(), what.clone()));
    if first.text != claim.text {
        first
            .history
            .push(note(at, by, "text", claim.text.clone(), first.text.clone()));
    }
    if let Some(own) = own_speaker(&first.text) {
        first.set_field("speaker", own, by, at);
    }
    second.history.push(note(at, by, "split", from, what));
    Some((first, second))
}

/// What may join the two parts of a split claim, left out of the first.
const JOINERS: [char; 5] = [',', ';', ':', '—', '–'];

/// The speaker the extractor finds in a part's own words ("…, Soelistyo
/// said"), if any.
fn own_speaker(text: &str) -> Option<String> {
    super::extract::extract(text)
        .into_iter()
        .find_map(|c| c.speaker)
}

/// `a` merged with `b` (the next claim in article order): the span covers
/// both; `a`'s id, speaker, kind, verdict and history stay; notes are
/// joined (a blank line between), sources united. The text is the article's
/// words over the span, or, when either text was edited away from its
/// quote, the two texts joined.
pub fn merge(a: &Claim, b: &Claim, text: &str, by: &str, at: Stamp) -> Claim {
    let start = a.anchor.start.min(b.anchor.start);
    let end = a.anchor.end.max(b.anchor.end);
    let mut m = a.clone();
    m.anchor = Anchor::from_text(text, start, end);
    m.text = if a.text == a.anchor.quote && b.text == b.anchor.quote {
        m.anchor.quote.clone()
    } else {
        format!("{} {}", a.text.trim_end(), b.text.trim_start())
    };
    m.note = match (a.note.trim().is_empty(), b.note.trim().is_empty()) {
        (_, true) => a.note.clone(),
        (true, false) => b.note.clone(),
        (false, false) => format!("{}\n\n{}", a.note.trim_end(), b.note),
    };
    for s in &b.sources {
        if !m.sources.contains(s) {
            m.sources.push(s.clone());
        }
    }
    m.history.push(note(
        at,
        by,
        "merge",
        format!(
            "{} {} + {} {}",
            a.id,
            span(&a.anchor),
            b.id,
            span(&b.anchor)
        ),
        format!("{} {}", m.id, span(&m.anchor)),
    ));
    if m.text != a.text {
        m.history
            .push(note(at, by, "text", a.text.clone(), m.text.clone()));
    }
    if m.note != a.note {
        m.history
            .push(note(at, by, "note", a.note.clone(), m.note.clone()));
    }
    m
}

/// The tombstone a deleted claim leaves.
pub fn tombstone(claim: &Claim, by: &str, at: Stamp) -> Tombstone {
    Tombstone {
        id: claim.id.clone(),
        text: claim.text.clone(),
        deleted_at: at,
        by: by.to_owned(),
        dismissed: false,
    }
}

/// The tombstone a claim dismissed as not a claim leaves.
pub fn dismissal(claim: &Claim, by: &str, at: Stamp) -> Tombstone {
    Tombstone {
        dismissed: true,
        ..tombstone(claim, by, at)
    }
}

/// Dismiss the claims named by `ids` as not claims: they leave the sheet,
/// each leaving a tombstone marked `dismissed`, in one splice (undone as a
/// deletion is). `None` when none of them is in the sheet.
pub fn dismiss(sheet: &Sheet, ids: &[&str], by: &str, at: Stamp) -> Option<Splice> {
    let (gone, kept): (Vec<&Claim>, Vec<&Claim>) = sheet
        .claims
        .iter()
        .partition(|c| ids.contains(&c.id.as_str()));
    let tombstones = gone.iter().map(|c| dismissal(c, by, at)).collect();
    let kept: Vec<Claim> = kept.into_iter().cloned().collect();
    Splice::between(&sheet.claims, &kept, tombstones)
}

/// Add to `sheet` the claims `found` (by the extractor) that overlap no
/// claim already in it and repeat no removed one ([`was_removed`]), each
/// under the next free id; the claims already there are left exactly as
/// they are. Returns how many were added (`init --merge`).
pub fn add_found(sheet: &mut Sheet, found: Vec<Claim>) -> usize {
    let mut added = 0;
    for mut c in found {
        let (s, e) = (c.anchor.start, c.anchor.end);
        let overlaps = sheet
            .claims
            .iter()
            .any(|o| o.anchor.start < e && s < o.anchor.end);
        if overlaps || was_removed(&sheet.deleted, &c.text) {
            continue;
        }
        c.id = sheet.next_id();
        sheet.claims.push(c);
        added += 1;
    }
    sheet.sort();
    added
}

/// Was a claim with this text removed before: deleted with the same words
/// (whatever the spacing), or dismissed as not a claim with words that
/// hold, or are held by, these and make at least half of them (the
/// extractor drew its bounds a little differently)? Such a claim is not
/// offered again.
pub fn was_removed(deleted: &[Tombstone], text: &str) -> bool {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let near = |long: &str, short: &str| {
        !short.is_empty() && long.contains(short) && short.len() * 2 >= long.len()
    };
    let text = words(text);
    deleted.iter().any(|t| {
        let gone = words(&t.text);
        gone == text || (t.dismissed && (near(&text, &gone) || near(&gone, &text)))
    })
}

/// Set a claim's text. When the new text is found word for word in the
/// article over (or overlapping) the claim's span (or anywhere, for an
/// orphan), the anchor moves to it (the claim was trimmed or extended, or an
/// orphan found again); otherwise the text is a paraphrase and the anchor
/// (offsets and quote selector) stays on the article's words.
pub fn set_text(claim: &mut Claim, new: String, text: &str, by: &str, at: Stamp) {
    let found = find_near(text, new.trim(), claim.anchor.start)
        .filter(|&(s, e)| claim.orphan || (s < claim.anchor.end && claim.anchor.start < e));
    claim.set_field("text", new, by, at);
    if let Some((s, e)) = found
        && (claim.orphan || (s, e) != (claim.anchor.start, claim.anchor.end))
    {
        let from = if claim.orphan {
            "orphan".to_owned()
        } else {
            span(&claim.anchor)
        };
        claim.anchor = Anchor::from_text(text, s, e);
        claim.orphan = false;
        claim
            .history
            .push(note(at, by, "anchor", from, span(&claim.anchor)));
    }
}

/// The occurrence of `needle` in `text` nearest to code point `near`, as
/// code-point offsets.
fn find_near(text: &str, needle: &str, near: usize) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let len = needle.chars().count();
    let mut best: Option<(usize, usize)> = None;
    let mut cp = 0;
    let mut last_byte = 0;
    for (b, _) in text.match_indices(needle) {
        cp += text[last_byte..b].chars().count();
        last_byte = b;
        if best.is_none_or(|(s, _)| cp.abs_diff(near) < s.abs_diff(near)) {
            best = Some((cp, cp + len));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Alice said the bridge is old. Bob said it is new.";

    fn at() -> Stamp {
        Stamp::parse("2026-11-28T10:00:00Z").unwrap()
    }

    fn sheet() -> Sheet {
        let mut s = Sheet::new("a.txt", "x");
        s.claims = vec![
            Claim::new("C1", TEXT, 11, 28),
            Claim::new("C2", TEXT, 39, 48),
        ];
        s
    }

    #[test]
    fn splices_revert_exactly() {
        let mut s = sheet();
        let before = s.clone();
        let mut c3 = Claim::new("C3", TEXT, 0, 5);
        c3.note = "x".into();
        let new = replaced(&s.claims, &[1], vec![c3]);
        assert_eq!(new[0].id, "C3");
        let t = tombstone(&s.claims[1], "ana", at());
        let sp = Splice::between(&s.claims, &new, vec![t]).unwrap();
        sp.apply(&mut s);
        assert_eq!(s.claims, new);
        assert_eq!(s.deleted.len(), 1);
        let after = s.clone();
        sp.revert(&mut s);
        assert_eq!(s, before);
        sp.apply(&mut s);
        assert_eq!(s, after);
        assert!(Splice::between(&before.claims, &before.claims, vec![]).is_none());
    }

    #[test]
    fn dismissing_leaves_marked_tombstones_in_one_undoable_splice() {
        let mut s = sheet();
        s.claims.push(Claim::new("C3", TEXT, 0, 5));
        s.sort();
        let before = s.clone();
        let sp = dismiss(&s, &["C1", "C3"], "ana", at()).unwrap();
        sp.apply(&mut s);
        let ids: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["C2"]);
        assert_eq!(s.deleted.len(), 2);
        assert!(s.deleted.iter().all(|t| t.dismissed && t.by == "ana"));
        sp.revert(&mut s);
        assert_eq!(s, before);
        assert!(dismiss(&s, &["C9"], "ana", at()).is_none());
        assert_eq!(s.next_id(), "C4");
    }

    #[test]
    fn found_claims_are_added_unless_they_overlap_or_were_removed() {
        let mut s = sheet();
        s.claims.truncate(1); // C1: "the bridge is old", 11..28
        let bob = Claim::new("C3", TEXT, 30, 41); // "Bob said it"
        s.deleted.push(dismissal(&bob, "ana", at()));
        let before = s.claims.clone();
        let found = vec![
            Claim::new("X", TEXT, 11, 20), // overlaps C1
            Claim::new("X", TEXT, 30, 49), // "Bob said it is new.": the dismissed words
            Claim::new("X", TEXT, 0, 10),  // "Alice said": new
        ];
        assert_eq!(add_found(&mut s, found), 1);
        let ids: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["C4", "C1"],
            "past the tombstone's id, in article order"
        );
        assert_eq!(s.claims[1], before[0], "left as it was");
    }

    #[test]
    fn removed_claims_are_known_by_their_words() {
        let c = Claim::new("C1", TEXT, 11, 28);
        let deleted = [tombstone(&c, "ana", at())];
        assert!(was_removed(&deleted, "the  bridge\nis old"));
        assert!(!was_removed(&deleted, "Alice said the bridge is old"));
        let dismissed = [dismissal(&c, "ana", at())];
        assert!(was_removed(&dismissed, "Alice said the bridge is old."));
        assert!(was_removed(&dismissed, "bridge is old"));
        assert!(!was_removed(&dismissed, "Bob said it is new."));
        let short = [dismissal(&Claim::new("C2", TEXT, 14, 20), "ana", at())]; // "bridge"
        assert!(
            !was_removed(&short, "the bridge is old and will be mended next spring"),
            "a few dismissed words do not keep out a longer claim holding them"
        );
    }

    #[test]
    fn a_split_trims_the_joining_comma_and_finds_each_parts_speaker() {
        let text = "By Wednesday 40 bodies had been recovered, and rescuers expected to find more, Soelistyo said.";
        let mut c = Claim::new("C1", text, 0, text.chars().count());
        c.speaker = Some("the agency".into());
        let cut = text.find("and rescuers").unwrap();
        let (a, b) = split(&c, cut, "C2", text, "ana", at()).unwrap();
        assert_eq!(a.text, "By Wednesday 40 bodies had been recovered");
        assert_eq!(
            a.speaker.as_deref(),
            Some("the agency"),
            "no speaker of its own"
        );
        assert!(b.text.starts_with("and rescuers"), "{}", b.text);
        assert_eq!(b.speaker.as_deref(), Some("Soelistyo"));
        let semi = "Prices rose; wages fell.";
        let c = Claim::new("C1", semi, 0, semi.chars().count());
        let (a, _) = split(&c, semi.find("wages").unwrap(), "C2", semi, "ana", at()).unwrap();
        assert_eq!(a.text, "Prices rose");
    }

    #[test]
    fn split_merge_and_text() {
        let c = Claim::new("C1", TEXT, 11, 28);
        assert_eq!(split_points(&c, TEXT), vec![15, 22, 25]);
        let (a, b) = split(&c, 22, "C9", TEXT, "ana", at()).unwrap();
        assert_eq!(
            (a.anchor.start, a.anchor.end, a.text.as_str()),
            (11, 21, "the bridge")
        );
        assert_eq!(
            (b.anchor.start, b.anchor.end, b.text.as_str()),
            (22, 28, "is old")
        );
        assert_eq!(a.history[0].field, "split");
        assert!(split(&c, 23, "C9", TEXT, "ana", at()).is_none());
        let m = merge(&a, &b, TEXT, "ana", at());
        assert_eq!((m.anchor.start, m.anchor.end), (11, 28));
        assert_eq!(m.text, "the bridge is old");
        let mut e = c.clone();
        set_text(&mut e, "bridge is old".into(), TEXT, "ana", at());
        assert_eq!((e.anchor.start, e.anchor.end), (15, 28));
        set_text(&mut e, "The bridge is ancient".into(), TEXT, "ana", at());
        assert_eq!((e.anchor.start, e.anchor.end), (15, 28), "a paraphrase");
        assert_eq!(e.anchor.quote, "bridge is old");
    }
}
