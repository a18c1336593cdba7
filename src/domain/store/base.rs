//! The sheet as last read from or written to disk, without a second copy
//! of it: its header, and a fingerprint of each claim and tombstone in
//! order. That is enough to tell whether the sheet in memory is still the
//! one on disk ("dirty") and which claims a save can keep as they were
//! written; the merge base itself, when another writer changed the file,
//! is read again from the text on disk ([`super::Doc`]).
//!
//! A fingerprint is the SHA-256 of everything that makes a claim equal to
//! another (its `Hash`, which writes every field, strings ended and lists
//! counted), cut to 128 bits: two claims with the same fingerprint are the
//! same claim, as surely as the sheet cache trusts the SHA-256 of a text.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};

use crate::domain::claim::{Claim, Tombstone};
use crate::domain::sheet::{self, Sheet};

/// 128 bits of the SHA-256 of a value's `Hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Fingerprint([u8; 16]);

impl Fingerprint {
    pub(super) fn of<T: Hash + ?Sized>(value: &T) -> Fingerprint {
        let mut h = Sha256Hasher(Sha256::new());
        value.hash(&mut h);
        let digest = h.0.finalize();
        let mut out = [0; 16];
        out.copy_from_slice(&digest[..16]);
        Fingerprint(out)
    }
}

/// A `Hasher` that feeds SHA-256 (`finish` is never used for a fingerprint).
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        let mut first = [0; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_le_bytes(first)
    }
}

/// What is kept of the sheet last read or written.
#[derive(Debug, Clone)]
pub(super) struct Base {
    /// The sheet's header (its claims and tombstones left empty).
    header: Sheet,
    claims: Vec<Fingerprint>,
    deleted: Vec<Fingerprint>,
}

impl Base {
    pub(super) fn of(sheet: &Sheet) -> Base {
        Base {
            header: sheet.header(),
            claims: sheet.claims.iter().map(Fingerprint::of).collect(),
            deleted: sheet.deleted.iter().map(Fingerprint::of).collect(),
        }
    }

    /// The sheet's header as last read or written.
    pub(super) fn header(&self) -> &Sheet {
        &self.header
    }

    /// How many claims and tombstones it held.
    pub(super) fn counts(&self) -> (usize, usize) {
        (self.claims.len(), self.deleted.len())
    }

    /// Whether `sheet` is exactly the sheet last read or written.
    pub(super) fn is(&self, sheet: &Sheet) -> bool {
        sheet::same_header(sheet, &self.header)
            && sheet.claims.len() == self.claims.len()
            && sheet.deleted.len() == self.deleted.len()
            && sheet
                .claims
                .iter()
                .zip(&self.claims)
                .all(|(c, f)| Fingerprint::of(c) == *f)
            && sheet
                .deleted
                .iter()
                .zip(&self.deleted)
                .all(|(t, f)| Fingerprint::of(t) == *f)
    }

    /// Which claims and tombstones it held, to look up by value.
    pub(super) fn held(&self) -> Held {
        Held {
            claims: self.claims.iter().copied().collect(),
            deleted: self.deleted.iter().copied().collect(),
        }
    }
}

/// The claims and tombstones of a [`Base`], as sets.
pub(super) struct Held {
    claims: HashSet<Fingerprint>,
    deleted: HashSet<Fingerprint>,
}

impl Held {
    /// Whether the base held this very claim (same id, same everything).
    pub(super) fn claim(&self, c: &Claim) -> bool {
        self.claims.contains(&Fingerprint::of(c))
    }

    pub(super) fn tombstone(&self, t: &Tombstone) -> bool {
        self.deleted.contains(&Fingerprint::of(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::{Stamp, Status};

    fn sheet() -> Sheet {
        let text = "Alice said the bridge is 40 years old. Bob denied it.\n";
        let mut s = Sheet::new("story.txt", "ab");
        s.claims = vec![
            Claim::new("C1", text, 11, 37),
            Claim::new("C2", text, 39, 52),
        ];
        s
    }

    #[test]
    fn a_base_is_its_sheet_and_nothing_else() {
        let s = sheet();
        let base = Base::of(&s);
        assert!(base.is(&s));
        let mut edited = s.clone();
        edited.claims[1].set_status(Status::Denied, "ana", Stamp::now());
        assert!(!base.is(&edited));
        let mut moved = s.clone();
        moved.claims.swap(0, 1);
        assert!(!base.is(&moved), "the order counts");
        let mut titled = s.clone();
        titled.title = Some("Bridge".into());
        assert!(!base.is(&titled), "the header counts");
        let mut fewer = s.clone();
        fewer.claims.pop();
        assert!(!base.is(&fewer));
        let held = base.held();
        assert!(held.claim(&s.claims[1]) && !held.claim(&edited.claims[1]));
    }

    #[test]
    fn fingerprints_tell_fields_apart_that_differ_only_in_where_text_ends() {
        let mut a = sheet().claims.remove(0);
        let mut b = a.clone();
        a.note = "ab".into();
        a.sources = vec!["c".into()];
        b.note = "a".into();
        b.sources = vec!["bc".into()];
        assert_ne!(Fingerprint::of(&a), Fingerprint::of(&b));
        b.note = "ab".into();
        b.sources = vec!["c".into()];
        assert_eq!(Fingerprint::of(&a), Fingerprint::of(&b));
    }
}

#[cfg(test)]
mod doc_tests {
    use std::fs;

    use crate::domain::claim::{Claim, Stamp, Status};
    use crate::domain::merge;
    use crate::domain::store::Doc;
    use crate::domain::store::disk_text::{DiskText, HELD};

    /// Runs `test` with the text on disk held in memory, then kept as its
    /// open file.
    fn both_ways(test: fn()) {
        test();
        HELD.with(|h| h.set(0));
        test();
        HELD.with(|h| h.set(super::super::disk_text::HELD_BYTES));
    }

    #[test]
    fn with_no_cache_a_big_sheet_read_in_parts_from_its_file_saves_and_merges_the_same() {
        // Other tests of this process may then run without the cache too.
        crate::domain::cache::disable();
        HELD.with(|h| h.set(0));
        let (_dir, article) = saved();
        let doc = Doc::open(&article).unwrap();
        assert!(matches!(doc.disk_text, Some(DiskText::Open(_))));
        undoing_back_to_the_saved_sheet_is_not_dirty_();
        a_save_over_an_outside_change_merges_against_the_sheet_last_saved_();
        a_save_keeps_the_text_of_every_claim_it_did_not_change_();
        HELD.with(|h| h.set(super::super::disk_text::HELD_BYTES));
    }

    fn saved() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("story.txt");
        let text = "Alice said the bridge is 40 years old. Bob denied it. Carol agreed.\n";
        fs::write(&article, text).unwrap();
        let claims = vec![
            Claim::new("", text, 11, 37),
            Claim::new("", text, 39, 52),
            Claim::new("", text, 54, 66),
        ];
        Doc::create(&article, claims).unwrap().save().unwrap();
        (dir, article)
    }

    #[test]
    fn undoing_back_to_the_saved_sheet_is_not_dirty() {
        both_ways(undoing_back_to_the_saved_sheet_is_not_dirty_);
    }

    fn undoing_back_to_the_saved_sheet_is_not_dirty_() {
        let (_dir, article) = saved();
        let mut doc = Doc::open(&article).unwrap();
        assert!(!doc.is_dirty());
        let before = doc.sheet.claims[1].clone();
        doc.sheet.claims[1].set_field("note", "maybe".into(), "ana", Stamp::now());
        assert!(doc.is_dirty());
        doc.sheet.claims[1] = before;
        assert!(!doc.is_dirty());
        doc.sheet.title = Some("Bridge".into());
        assert!(doc.is_dirty());
        doc.sheet.title = None;
        assert!(!doc.is_dirty());
        doc.sheet.claims.swap(0, 2);
        assert!(doc.is_dirty(), "the order is part of the sheet");
    }

    #[test]
    fn a_save_over_an_outside_change_merges_against_the_sheet_last_saved() {
        both_ways(a_save_over_an_outside_change_merges_against_the_sheet_last_saved_);
    }

    fn a_save_over_an_outside_change_merges_against_the_sheet_last_saved_() {
        let (_dir, article) = saved();
        let mut doc = Doc::open(&article).unwrap();
        doc.sheet.claims[0].set_status(Status::Confirmed, "ana", Stamp::now());
        doc.save().unwrap();
        let base = doc.sheet.clone();
        // Ours: a verdict on C2, a note on C3; theirs: another verdict on
        // C2, a note on C1.
        doc.sheet.claims[1].set_status(Status::Denied, "ana", Stamp::now());
        doc.sheet.claims[2].set_field("note", "ours".into(), "ana", Stamp::now());
        let ours = doc.sheet.clone();
        let mut other = Doc::open(&article).unwrap();
        other.sheet.claims[1].set_status(Status::Confirmed, "bo", Stamp::now());
        other.sheet.claims[0].set_field("note", "theirs".into(), "bo", Stamp::now());
        other.save().unwrap();
        let theirs = other.sheet.clone();
        let as_file = matches!(doc.disk_text, Some(DiskText::Open(_)));
        assert_eq!(as_file, HELD.with(std::cell::Cell::get) == 0);
        doc.save().unwrap();
        let expected = merge::merge(&base, &ours, &theirs).unwrap();
        assert_eq!(doc.sheet, expected.sheet);
        let report = doc.take_merge().unwrap();
        assert_eq!(report.disputed, expected.disputed);
        assert_eq!(report.disputed, vec!["C2".to_owned()]);
        assert!(!doc.is_dirty());
        assert_eq!(Doc::open(&article).unwrap().sheet, doc.sheet);
    }

    #[test]
    fn a_save_keeps_the_text_of_every_claim_it_did_not_change() {
        both_ways(a_save_keeps_the_text_of_every_claim_it_did_not_change_);
    }

    fn a_save_keeps_the_text_of_every_claim_it_did_not_change_() {
        let (_dir, article) = saved();
        let path = article.with_file_name("story.claims.toml");
        let text = fs::read_to_string(&path).unwrap();
        let commented = text.replacen("[[claim]]", "# checked by hand\n[[claim]]", 2);
        fs::write(&path, &commented).unwrap();
        let mut doc = Doc::open(&article).unwrap();
        doc.sheet.claims[2].set_status(Status::Denied, "ana", Stamp::now());
        doc.save().unwrap();
        let after = fs::read_to_string(&path).unwrap();
        assert_eq!(after.matches("# checked by hand").count(), 2);
        let cut = commented.find("id = \"C3\"").unwrap();
        assert!(after.starts_with(&commented[..cut]), "C1 and C2 as written");
        assert!(after.contains("status = \"denied\""));
    }

    #[test]
    fn a_big_sheet_rewritten_in_place_under_unsaved_changes_is_not_written_over() {
        let (_dir, article) = saved();
        HELD.with(|h| h.set(0));
        let mut doc = Doc::open(&article).unwrap();
        HELD.with(|h| h.set(super::super::disk_text::HELD_BYTES));
        let path = doc.sheet_path.clone();
        // Another program writes the file in place (same inode).
        let mut other = Doc::open(&article).unwrap();
        other.sheet.claims[0].set_field("note", "theirs".into(), "bo", Stamp::now());
        fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, other.render().as_bytes()))
            .unwrap();
        let theirs = fs::read_to_string(&path).unwrap();
        doc.sheet.claims[1].set_status(Status::Denied, "ana", Stamp::now());
        let e = doc.save().unwrap_err();
        assert!(e.to_string().contains("rewritten in place"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
        // What the app does then: the changes go to a .mine file.
        let mine = doc.write_mine().unwrap();
        let kept = crate::domain::sheet::parse(&mine, &fs::read_to_string(&mine).unwrap(), None);
        assert_eq!(kept.unwrap().claims[1].status, Status::Denied);
    }
}
