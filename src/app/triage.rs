//! Which claims a key acts on, and acting on many at once. In the
//! article pane a verdict acts on the claim under the cursor (selecting
//! it); with claims selected in the list (`app/selection.rs`) a verdict,
//! delete, assign or dismiss applies to all of them as one undoable
//! change.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Focus;
use crate::app::Popup;
use crate::app::filters;
use crate::domain::Claim;
use crate::domain::Stamp;
use crate::domain::Status;
use crate::domain::edit::Splice;
use crate::domain::sanitize;

impl AppState {
    /// The claim whose words hold the article cursor (the shortest one
    /// when claims overlap, the selected one first); orphans have no place
    /// in the text.
    pub fn claim_at_cursor(&self) -> Option<usize> {
        let &(at, _) = self.article.nav.words.get(self.article.word)?;
        let holds = |c: &Claim| !c.orphan && c.anchor.start <= at && at < c.anchor.end;
        if let Some(i) = self.list.selected
            && self.claims().get(i).is_some_and(holds)
        {
            return Some(i);
        }
        let claims = self.claims();
        (0..claims.len())
            .filter(|&i| holds(&claims[i]))
            .min_by_key(|&i| claims[i].anchor.end - claims[i].anchor.start)
    }

    /// `c`/`u`/`d`: on the selected claims when some are selected; in the
    /// article, on the claim under the cursor (then the cursor follows the
    /// selection as it advances); else on the selected claim.
    pub(in crate::app) fn verdict(&mut self, status: Status) -> Vec<Effect> {
        let chosen = self.chosen();
        if !chosen.is_empty() {
            let second_review = self.settings.second_review;
            let what = format!("marked {status}");
            let effects = self.change_chosen(&chosen, &what, |c, by, at| {
                crate::domain::team::give_verdict(c, status, by, at, second_review);
            });
            // As after one verdict: on to the next claim not reviewed.
            let last = chosen.last().copied();
            if let Some(n) = last.filter(|_| self.settings.advance)
                && let Some(next) = self.next_unreviewed(n)
            {
                self.list.selected = Some(next);
                self.clamp();
                self.scroll_to_selected();
            }
            return effects;
        }
        if self.focus != Focus::Article {
            return self.mark(status);
        }
        let Some(i) = self.claim_at_cursor() else {
            self.message = Some("no claim under the cursor".into());
            return vec![];
        };
        self.show(i);
        let effects = self.mark(status);
        self.cursor_to_selected();
        self.reveal_cursor();
        effects
    }

    /// Change each claim of `chosen` (indices) with `f`, as one undoable
    /// change; the selection of claims is then gone. `what` is said of
    /// them in the status bar ("marked confirmed").
    pub(in crate::app) fn change_chosen(
        &mut self,
        chosen: &[usize],
        what: &str,
        f: impl Fn(&mut Claim, &str, Stamp),
    ) -> Vec<Effect> {
        let at = (self.settings.clock)();
        let mut new = self.doc.sheet.claims.clone();
        for &i in chosen {
            if let Some(c) = new.get_mut(i) {
                f(c, &self.settings.analyst, at);
            }
        }
        self.clear_chosen();
        self.message = Some(format!("{} {what}", ids_of(self.claims(), chosen)));
        let first = chosen.first().copied();
        match Splice::between(&self.doc.sheet.claims, &new, Vec::new()) {
            Some(splice) => self.commit(splice, first),
            None => vec![],
        }
    }

    /// `x` with claims selected: ask once for all of them.
    pub(in crate::app) fn delete_chosen(&mut self) -> bool {
        let chosen = self.chosen();
        if chosen.is_empty() {
            return false;
        }
        let ids = chosen
            .iter()
            .map(|&i| self.claims()[i].id.clone())
            .collect();
        self.popups.push(Popup::ConfirmDeleteMany { ids });
        true
    }

    /// `dismiss`: the selected claims (or, in the article, the claim under
    /// the cursor; else the selected claim) are not claims: they leave the
    /// sheet, each leaving a tombstone marked dismissed so that
    /// `init --merge` never brings them back; one undoable change.
    pub(in crate::app) fn dismiss(&mut self) -> Vec<Effect> {
        let mut chosen = self.chosen();
        if chosen.is_empty() {
            let target = match self.focus {
                Focus::Article => self.claim_at_cursor(),
                Focus::List => self.list.selected,
            };
            let Some(i) = target else {
                self.message = Some(match self.focus {
                    Focus::Article => "no claim under the cursor".into(),
                    Focus::List => "no claim selected".into(),
                });
                return vec![];
            };
            chosen.push(i);
        }
        let ids: Vec<String> = chosen
            .iter()
            .map(|&i| self.claims()[i].id.clone())
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (by, at) = (&self.settings.analyst, (self.settings.clock)());
        let splice = crate::domain::edit::dismiss(&self.doc.sheet, &refs, by, at);
        self.clear_chosen();
        self.message = Some(format!("dismissed {} as not a claim", join_ids(&ids)));
        match splice {
            Some(splice) => self.commit(splice, chosen.first().copied()),
            None => vec![],
        }
    }

    /// Delete the claims `ids` (each leaving a tombstone) as one undoable
    /// change.
    pub(in crate::app) fn delete_many(&mut self, ids: &[String]) -> Vec<Effect> {
        let claims = &self.doc.sheet.claims;
        let (by, at) = (&self.settings.analyst, (self.settings.clock)());
        let (gone, kept): (Vec<&Claim>, Vec<&Claim>) =
            claims.iter().partition(|c| ids.contains(&c.id));
        let tombstones = gone
            .iter()
            .map(|c| crate::domain::edit::tombstone(c, by, at))
            .collect();
        let kept: Vec<Claim> = kept.into_iter().cloned().collect();
        let first = claims.iter().position(|c| ids.contains(&c.id));
        let splice = Splice::between(claims, &kept, tombstones);
        self.clear_chosen();
        self.message = Some(format!("deleted {}", join_ids(ids)));
        match splice {
            Some(splice) => self.commit(splice, first),
            None => vec![],
        }
    }
}

/// "C3, C7 and 4 more (6 claims)": the claims an action took.
fn ids_of(claims: &[Claim], chosen: &[usize]) -> String {
    let ids: Vec<String> = chosen
        .iter()
        .filter_map(|&i| claims.get(i))
        .map(|c| c.id.clone())
        .collect();
    join_ids(&ids)
}

/// A few ids and how many there are, for messages.
pub(in crate::app) fn join_ids(ids: &[String]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(3)
        .map(|id| sanitize::line(id).into_owned())
        .collect();
    match ids.len() {
        0..=3 => shown.join(", "),
        n => format!("{} and {} more ({n} claims)", shown.join(", "), n - 3),
    }
}

impl AppState {
    /// The commands of triage and of selecting many claims, and the
    /// verdicts and deletes they change (None: not one of them).
    pub(in crate::app) fn run_triage(&mut self, command: Command) -> Option<Vec<Effect>> {
        match command {
            Command::Confirm => return Some(self.verdict(Status::Confirmed)),
            Command::Unconfirm => return Some(self.verdict(Status::Unconfirmed)),
            Command::Deny => return Some(self.verdict(Status::Denied)),
            Command::Delete if self.delete_chosen() => {}
            Command::Dismiss => return Some(self.dismiss()),
            Command::SelectRange => self.select_range(),
            Command::ToggleSelect => self.toggle_select(),
            Command::Assign => crate::app::assign::open_assign(self),
            Command::SendBack => crate::app::assign::open_send_back(self),
            Command::Filter | Command::FilterBack => {
                self.filter = filters::step(self, command == Command::Filter);
                if self.search.as_ref().is_some_and(|s| s.cut()) {
                    // Only the best matches were kept: the filter must
                    // see them all.
                    return Some(self.run_search());
                }
                self.refresh_visible();
                self.scroll_to_selected();
            }
            Command::EditSearch => {
                if self.search.is_none() {
                    self.message = Some("no search to edit; press / to search".into());
                    return Some(vec![]);
                }
                return Some(self.start_search());
            }
            Command::Close if self.article.visual.is_none() && self.clear_chosen() => {
                self.message = Some("selection cleared".into());
            }
            _ => return None,
        }
        Some(vec![])
    }
}
