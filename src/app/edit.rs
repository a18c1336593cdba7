//! Changing the sheet: verdicts, adding, splitting, merging and deleting
//! claims, each one undoable change; undo and redo.

use crate::app::AppState;
use crate::app::Effect;
use crate::app::Filter;
use crate::app::Popup;
use crate::app::SaveState;
use crate::domain::Claim;
use crate::domain::Stamp;
use crate::domain::Status;
use crate::domain::claim::Tombstone;
use crate::domain::edit;
use crate::domain::edit::Splice;
use crate::domain::edit::replaced;

impl AppState {
    /// Change claim `index` with `f` (given the analyst, the time and the
    /// article's text) as one undoable change, and ask for a save. Returns
    /// the effects (the save, a search to re-run) when anything changed.
    pub(in crate::app) fn change_claim(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut Claim, &str, Stamp, &str),
    ) -> Option<Vec<Effect>> {
        let at = (self.settings.clock)();
        let mut after = self.doc.sheet.claims.get(index).cloned()?;
        f(
            &mut after,
            &self.settings.analyst,
            at,
            &self.doc.article.text,
        );
        let before = &self.doc.sheet.claims[index];
        if after == *before {
            return None;
        }
        if after.anchor.start == before.anchor.start && after.anchor.end == before.anchor.end {
            // In place: the claim keeps its place in the list.
            let before = std::mem::replace(&mut self.doc.sheet.claims[index], after.clone());
            let mut effects = vec![Effect::Save];
            effects.extend(self.record(Splice {
                at: index,
                removed: vec![before],
                inserted: vec![after],
                tombstones_added: Vec::new(),
            }));
            Some(effects)
        } else {
            // The claim moved in the article: it may move in the list too.
            let id = after.id.clone();
            let new = replaced(&self.doc.sheet.claims, &[index], vec![after]);
            Some(self.restructure(new, Vec::new(), &id))
        }
    }

    /// Make `splice` the sheet's newest change: apply it, keep it for undo,
    /// ask for a save, and show claim `select` (an index after the change).
    pub(in crate::app) fn commit(&mut self, splice: Splice, select: Option<usize>) -> Vec<Effect> {
        splice.apply(&mut self.doc.sheet);
        let searches = self.record(splice);
        if let Some(i) = select {
            self.show(i);
        }
        let mut effects = vec![Effect::Save];
        effects.extend(searches);
        effects
    }

    /// Keep `splice`, already made, for undo; ask for a save (the caller
    /// returns it). Returns a search to re-run over the changed claims.
    #[must_use]
    pub(in crate::app) fn record(&mut self, splice: Splice) -> Vec<Effect> {
        self.edits.record(splice);
        self.save = SaveState::Saving;
        self.session.quit_armed = false;
        self.search_changed()
    }

    /// Replace all the claims by `new` (in article order) and add
    /// `tombstones`, as one undoable change; then select the claim `id`.
    pub(in crate::app) fn restructure(
        &mut self,
        new: Vec<Claim>,
        tombstones: Vec<Tombstone>,
        id: &str,
    ) -> Vec<Effect> {
        let select = new.iter().position(|c| c.id == id);
        match Splice::between(&self.doc.sheet.claims, &new, tombstones) {
            Some(splice) => self.commit(splice, select),
            None => vec![],
        }
    }

    /// The next claim not yet reviewed after the selection, in list order
    /// (wrapping round); a disputed verdict, then one to re-check, come
    /// before them.
    pub(in crate::app) fn next_unreviewed(&self, from: usize) -> Option<usize> {
        let claims = &self.doc.sheet.claims;
        let pos = self.list.visible.iter().position(|&i| i == from);
        let n = self.list.visible.len();
        let start = pos.map(|p| p + 1).unwrap_or(0);
        let next = |wanted: &dyn Fn(&Claim) -> bool| {
            (0..n)
                .map(|k| self.list.visible[(start + k) % n])
                .find(|&i| i != from && claims.get(i).is_some_and(wanted))
        };
        next(&crate::domain::team::is_disputed)
            .or_else(|| next(&|c| c.needs_review))
            .or_else(|| next(&|c| !c.is_reviewed()))
    }

    pub(in crate::app) fn mark(&mut self, status: Status) -> Vec<Effect> {
        let Some(index) = self.list.selected else {
            self.message = Some("no claim selected".into());
            return vec![];
        };
        let second_review = self.settings.second_review;
        let effects = self
            .change_claim(index, |c, by, at, _| {
                crate::domain::team::give_verdict(c, status, by, at, second_review);
            })
            .unwrap_or_else(|| vec![Effect::Save]);
        // set_status always stamps, so this is always a change unless the
        // stamp and verdict are identical; save regardless.
        self.save = SaveState::Saving;
        let next = if self.settings.advance {
            self.next_unreviewed(index)
        } else {
            None
        };
        if let Some(n) = next {
            self.list.selected = Some(n);
        }
        self.refresh_visible();
        self.scroll_to_selected();
        effects
    }

    /// Select claim `index` and show it, even when the filter or the search
    /// hides it.
    pub(in crate::app) fn show(&mut self, index: usize) {
        let index = index.min(self.doc.sheet.claims.len().saturating_sub(1));
        if self.doc.sheet.claims.is_empty() {
            self.refresh_visible();
            return;
        }
        self.list.selected = Some(index);
        if !self.list.visible.contains(&index) {
            self.filter = Filter::All;
            self.refresh_visible();
        }
        if !self.list.visible.contains(&index) {
            self.search = None;
            self.refresh_visible();
        }
        self.list.selected = Some(index);
        self.clamp();
        self.scroll_to_selected();
    }

    pub(in crate::app) fn undo(&mut self) -> Vec<Effect> {
        let Some(splice) = self.edits.undo(&mut self.doc.sheet) else {
            self.message = Some("nothing to undo".into());
            return vec![];
        };
        self.message = Some(format!("undid the change to {}", splice.ids()));
        let at = splice.at;
        self.after_history(at)
    }

    pub(in crate::app) fn redo(&mut self) -> Vec<Effect> {
        let Some(splice) = self.edits.redo(&mut self.doc.sheet) else {
            self.message = Some("nothing to redo".into());
            return vec![];
        };
        self.message = Some(format!("redid the change to {}", splice.ids()));
        let at = splice.at;
        self.after_history(at)
    }

    /// After an undo or redo at claim `at`: save and show it.
    pub(in crate::app) fn after_history(&mut self, at: usize) -> Vec<Effect> {
        self.save = SaveState::Saving;
        self.session.quit_armed = false;
        let searches = self.search_changed();
        self.show(at);
        let mut effects = vec![Effect::Save];
        effects.extend(searches);
        effects
    }

    /// `a`: the visual selection (or the sentence under the cursor) becomes
    /// a new claim, in article order, with the next free id and the speaker
    /// the extractor suggests; then its editor opens.
    pub(in crate::app) fn add_claim(&mut self) -> Vec<Effect> {
        let span = match self.article.visual.take() {
            Some(from) => self.article.nav.span(from, self.article.word),
            None => {
                let (first, last) = self.article.nav.sentence_words(self.article.word);
                self.article.nav.span(first, last)
            }
        };
        let Some((start, end)) = span else {
            self.message = Some("the article has no text to make a claim of".into());
            return vec![];
        };
        let text = &self.doc.article.text;
        let id = self.doc.sheet.next_id();
        let mut claim = edit::new_claim(
            &id,
            text,
            start,
            end,
            &self.settings.analyst,
            (self.settings.clock)(),
        );
        claim.speaker =
            crate::domain::extract::speaker_for(&self.doc.article.reading(), start, end);
        let new = replaced(&self.doc.sheet.claims, &[], vec![claim]);
        let effects = self.restructure(new, Vec::new(), &id);
        if let Some(old) = crate::app::overlap::overlapped(self, &id) {
            self.message = Some(format!("added {id} over {old}'s words"));
            self.popups.push(Popup::Overlap { new: id, old });
            return effects;
        }
        self.claim_editor();
        self.message = Some(format!("added {id}; edit its text and speaker, or Esc"));
        effects
    }

    /// The selected claim, unless it is an orphan (its place in the article
    /// is lost, so it cannot be split or merged).
    pub(in crate::app) fn placed_claim(&mut self, what: &str) -> Option<usize> {
        let i = self.list.selected?;
        if self.doc.sheet.claims.get(i)?.orphan {
            self.message = Some(format!(
                "an orphan cannot be {what}: its place in the article is lost"
            ));
            return None;
        }
        Some(i)
    }

    pub(in crate::app) fn split(&mut self, id: &str, cut: usize) -> Vec<Effect> {
        let Some(i) = self.doc.sheet.index_of(id) else {
            return vec![];
        };
        let new_id = self.doc.sheet.next_id();
        let claim = &self.doc.sheet.claims[i];
        let (text, at) = (&self.doc.article.text, (self.settings.clock)());
        let Some((a, b)) = edit::split(claim, cut, &new_id, text, &self.settings.analyst, at)
        else {
            return vec![];
        };
        self.message = Some(format!("split {id} in two: {id} and {new_id}"));
        let new = replaced(&self.doc.sheet.claims, &[i], vec![a, b]);
        self.restructure(new, Vec::new(), id)
    }

    /// `M`: merge the selected claim with the next one in the article.
    pub(in crate::app) fn merge_next(&mut self) -> Vec<Effect> {
        let Some(i) = self.placed_claim("merged") else {
            return vec![];
        };
        let claims = &self.doc.sheet.claims;
        let Some(j) = (i + 1..claims.len()).find(|&j| !claims[j].orphan) else {
            self.message = Some("no claim after this one to merge with".into());
            return vec![];
        };
        let (text, at, by) = (
            &self.doc.article.text,
            (self.settings.clock)(),
            &self.settings.analyst,
        );
        let merged = edit::merge(&claims[i], &claims[j], text, by, at);
        let tombstone = edit::tombstone(&claims[j], by, at);
        let id = merged.id.clone();
        self.message = Some(format!("merged {} into {id}", claims[j].id));
        let new = replaced(claims, &[i, j], vec![merged]);
        self.restructure(new, vec![tombstone], &id)
    }

    pub(in crate::app) fn delete(&mut self, id: &str) -> Vec<Effect> {
        let Some(i) = self.doc.sheet.index_of(id) else {
            return vec![];
        };
        let claims = &self.doc.sheet.claims;
        let tombstone =
            edit::tombstone(&claims[i], &self.settings.analyst, (self.settings.clock)());
        let new = replaced(claims, &[i], Vec::new());
        self.message = Some(format!("deleted {id}"));
        match Splice::between(claims, &new, vec![tombstone]) {
            Some(splice) => self.commit(splice, Some(i)),
            None => vec![],
        }
    }
}
