//! The undo history of one sheet: the changes undo and redo step through,
//! kept behind methods that also count every change to the history and
//! remember what kind it was, so the last change can be named without
//! copying or comparing the changes themselves.

use crate::domain::edit::Splice;
use crate::domain::sheet::Sheet;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many changes undo remembers.
pub const UNDO_LIMIT: usize = 1000;

/// The kind of the history's last change, for naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A new change was kept: it is the newest to undo.
    Done,
    /// A change was undone: it is the first to redo.
    Undone,
    /// A change was redone: it is the newest to undo again.
    Redone,
}

/// The change counter, shared by every history: each change to a history
/// takes the next number, so a history's number moves on every change and
/// a history swapped in (another article of a workspace) never carries the
/// number of the one before it.
static COUNTER: AtomicU64 = AtomicU64::new(1);

/// The changes of this sheet that undo and redo step through.
#[derive(Debug, Clone, Default)]
pub struct UndoHistory {
    /// Changes to undo, oldest first (at most [`UNDO_LIMIT`]).
    undo: Vec<Splice>,
    /// Changes undone, the first to redo last.
    redo: Vec<Splice>,
    /// The counter's number at the last change (0: never changed).
    number: u64,
    /// The kind of the last change, when it can be named.
    last: Option<Step>,
}

impl UndoHistory {
    /// Keep `splice`, just made, for undo (forgetting the oldest beyond
    /// [`UNDO_LIMIT`]); what could be redone is gone.
    pub fn record(&mut self, splice: Splice) {
        self.undo.push(splice);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.changed(Some(Step::Done));
    }

    /// Take the newest change back from `sheet`; it becomes the first to
    /// redo and is returned. `None` when there is nothing to undo.
    pub fn undo(&mut self, sheet: &mut Sheet) -> Option<&Splice> {
        let splice = self.undo.pop()?;
        splice.revert(sheet);
        self.redo.push(splice);
        self.changed(Some(Step::Undone));
        self.redo.last()
    }

    /// Make the last change undone again in `sheet`; it becomes the newest
    /// to undo and is returned. `None` when there is nothing to redo.
    pub fn redo(&mut self, sheet: &mut Sheet) -> Option<&Splice> {
        let splice = self.redo.pop()?;
        splice.apply(sheet);
        self.undo.push(splice);
        self.changed(Some(Step::Redone));
        self.undo.last()
    }

    /// Forget the first change to redo (one just undone to be replaced by
    /// another change).
    pub fn forget_redo(&mut self) {
        if self.redo.pop().is_some() {
            self.changed(None);
        }
    }

    /// Forget every change (the sheet was reloaded or replaced).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.changed(None);
    }

    /// Replace the changes to undo by what `keep` makes of them (given
    /// them oldest first); what could be redone is gone.
    pub fn rewrite(&mut self, keep: impl FnOnce(Vec<Splice>) -> Vec<Splice>) {
        self.undo = keep(std::mem::take(&mut self.undo));
        self.redo.clear();
        self.changed(None);
    }

    /// The changes to undo, oldest first.
    pub fn undoable(&self) -> &[Splice] {
        &self.undo
    }

    /// The changes to redo, the first to redo last.
    pub fn redoable(&self) -> &[Splice] {
        &self.redo
    }

    /// How many changes undo can take back.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// How many changes redo can make again.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// The change counter's number at this history's last change (a
    /// change kept, undone, redone or forgotten): equal before and after an
    /// action that left the history alone.
    pub fn change_number(&self) -> u64 {
        self.number
    }

    /// The kind of the last change and the change itself, when the last
    /// change to the history was one that can be named.
    pub fn last_step(&self) -> Option<(Step, &Splice)> {
        match self.last? {
            Step::Undone => self.redo.last().map(|s| (Step::Undone, s)),
            step => self.undo.last().map(|s| (step, s)),
        }
    }

    fn changed(&mut self, step: Option<Step>) {
        self.number = COUNTER.fetch_add(1, Ordering::Relaxed);
        self.last = step;
    }
}
