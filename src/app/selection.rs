//! Several claims selected at once in the list: `select_range` (`V`)
//! starts a range at the selected claim, which then runs to wherever the
//! selection moves (`V` again keeps it and ends it); `toggle_select`
//! (Space) selects or unselects one claim. A verdict, delete, assign or
//! dismiss then applies to every selected claim as one undoable change
//! (see `app/bulk.rs`); Esc unselects them all.

use crate::app::AppState;

impl AppState {
    /// The claims selected for a bulk action (indices in the sheet, in
    /// sheet order): the toggled ones the list shows (a filter or search
    /// hiding one leaves it out) and the open range. Empty when nothing is
    /// selected that way (the action is then the selected claim's alone).
    pub fn chosen(&self) -> Vec<usize> {
        let claims = &self.doc.sheet.claims;
        let mut chosen: Vec<usize> = (self.list.visible.iter().copied())
            .filter(|&i| {
                claims
                    .get(i)
                    .is_some_and(|c| self.list.marked.contains(&c.id))
            })
            .collect();
        chosen.extend(self.range_positions());
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    }

    /// Is claim `i` among the claims selected for a bulk action?
    pub fn is_chosen(&self, i: usize) -> bool {
        let Some(c) = self.doc.sheet.claims.get(i) else {
            return false;
        };
        self.list.marked.contains(&c.id) || self.range_positions().any(|j| j == i)
    }

    /// The claims of the open range, from where it started to the
    /// selection, as the list shows them.
    fn range_positions(&self) -> impl Iterator<Item = usize> + '_ {
        let from = self.list.range_from.as_ref().and_then(|id| {
            let i = self.doc.sheet.index_of(id)?;
            self.list.visible.iter().position(|&v| v == i)
        });
        let span = match (from, self.cursor()) {
            (Some(a), Some(b)) => a.min(b)..a.max(b) + 1,
            _ => 0..0,
        };
        self.list.visible[span].iter().copied()
    }

    /// `select_range`: start a range at the selected claim, or keep the
    /// open range's claims selected and end it.
    pub(in crate::app) fn select_range(&mut self) {
        if self.list.range_from.is_some() {
            let ids: Vec<String> = self
                .range_positions()
                .map(|i| self.doc.sheet.claims[i].id.clone())
                .collect();
            self.list.marked.extend(ids);
            self.list.range_from = None;
        } else if let Some(c) = self.selected_claim() {
            self.list.range_from = Some(c.id.clone());
        }
        self.say_chosen();
    }

    /// `toggle_select`: select or unselect the selected claim, then move
    /// to the next one.
    pub(in crate::app) fn toggle_select(&mut self) {
        let Some(id) = self.selected_claim().map(|c| c.id.clone()) else {
            return;
        };
        if !self.list.marked.remove(&id) {
            self.list.marked.insert(id);
        }
        self.move_by(1);
        self.say_chosen();
    }

    /// Unselect every claim selected for a bulk action; false when none
    /// was.
    pub(in crate::app) fn clear_chosen(&mut self) -> bool {
        let any = !self.list.marked.is_empty() || self.list.range_from.is_some();
        self.list.marked.clear();
        self.list.range_from = None;
        any
    }

    /// Say so when no claim is left selected (the last one unselected).
    fn say_chosen(&mut self) {
        let n = self.chosen().len();
        if n == 0 {
            self.message = Some("no claims selected".into());
        }
    }

    /// "3 selected": for the status bar, while claims are selected.
    pub fn chosen_status(&self) -> Option<String> {
        let n = self.chosen().len();
        let range = if self.list.range_from.is_some() {
            " (range)"
        } else {
            ""
        };
        (n > 0 || self.list.range_from.is_some()).then(|| format!("{n} selected{range}"))
    }
}
