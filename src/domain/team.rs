//! Claims as a team sees them: a verdict in dispute (set differently by
//! two analysts and kept by a merge) and how it is settled; assignment;
//! second review (a verdict pending until another analyst approves it),
//! switched on by `second_review = true` in the workspace's
//! `claimdesk.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::claim::{Change, Claim, Stamp, Status};
use super::error::{Error, Result};

/// The workspace settings file, at the workspace root, shared through git.
pub const SETTINGS_FILE: &str = "claimdesk.toml";

/// What a workspace's `claimdesk.toml` says about team work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Settings {
    /// Verdicts wait for a second analyst's approval.
    #[serde(default)]
    pub second_review: bool,
}

/// The `claimdesk.toml` governing a sheet: in its folder or the nearest
/// folder above it, not above the root of the git work tree holding it.
pub fn settings_path(sheet: &Path) -> Option<PathBuf> {
    let dir = sheet.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = std::path::absolute(dir.unwrap_or(Path::new("."))).ok()?;
    for d in dir.ancestors() {
        let file = d.join(SETTINGS_FILE);
        if file.is_file() {
            return Some(file);
        }
        if d.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The settings for a sheet (defaults without a `claimdesk.toml`); a file
/// that does not parse is an error with its line and column.
pub fn settings_for(sheet: &Path) -> Result<Settings> {
    let Some(file) = settings_path(sheet) else {
        return Ok(Settings::default());
    };
    let text = std::fs::read_to_string(&file)
        .map_err(|e| Error::io(&file, "cannot read the workspace settings", e))?;
    toml::from_str(&text).map_err(|e| match e.span() {
        Some(span) => Error::sheet_at(&file, &text, span.start, e.message().trim()),
        None => Error::sheet(&file, e.message().trim()),
    })
}

/// Give a verdict: settles any dispute; under second review the verdict is
/// pending until another analyst approves it.
pub fn give_verdict(c: &mut Claim, status: Status, by: &str, at: Stamp, second_review: bool) {
    settle(c, status, None, by, at);
    c.pending = second_review;
}

/// Who gave a pending verdict, if it may be reviewed by `by`: an error
/// when there is nothing to review or `by` gave it.
fn reviewable(c: &Claim, by: &str) -> std::result::Result<String, String> {
    if !c.pending {
        return Err(format!("{}: no verdict pending review", c.id));
    }
    let giver = c.reviewed_by.clone().unwrap_or_default();
    if giver == by {
        return Err(format!(
            "{}: the verdict is {by}'s own; a second analyst must review it",
            c.id
        ));
    }
    Ok(giver)
}

fn record(c: &mut Claim, field: &str, from: String, to: String, by: &str, at: Stamp) {
    c.history.push(Change {
        at,
        by: by.to_owned(),
        field: field.into(),
        from,
        to,
    });
}

/// Approve a pending verdict (second review): recorded in the history with
/// both names.
pub fn approve(c: &mut Claim, by: &str, at: Stamp) -> std::result::Result<(), String> {
    let giver = reviewable(c, by)?;
    c.pending = false;
    let from = format!("{} by {giver} (pending)", c.status);
    record(c, "approval", from, "approved".into(), by, at);
    Ok(())
}

/// Send a pending verdict back (second review): the claim is not reviewed
/// again, the reason recorded in the history with both names.
pub fn send_back(
    c: &mut Claim,
    note: &str,
    by: &str,
    at: Stamp,
) -> std::result::Result<(), String> {
    let giver = reviewable(c, by)?;
    c.pending = false;
    c.reviewed_at = None;
    let from = format!("{} by {giver} (pending)", c.status);
    record(c, "approval", from, format!("sent back: {note}"), by, at);
    Ok(())
}

/// Assign the claim to an analyst (`None`: to nobody), recorded.
pub fn assign(c: &mut Claim, to: Option<&str>, by: &str, at: Stamp) {
    let to = to
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    if c.assignee == to {
        return;
    }
    let from = c.assignee.clone().unwrap_or_default();
    c.assignee.clone_from(&to);
    record(c, "assignee", from, to.unwrap_or_default(), by, at);
}

/// Is the claim's verdict in dispute (not yet settled)?
pub fn is_disputed(c: &Claim) -> bool {
    !c.disputes.is_empty()
}

/// Settle a disputed claim on `status`: the verdict is set, the dispute
/// recorded in the history (`field = "dispute"`, from the sides' verdicts
/// to the one kept) and cleared. `chosen` names the analyst whose verdict
/// was kept, if it was one of the sides'. A claim not in dispute: the
/// verdict is only set.
pub fn settle(c: &mut Claim, status: Status, chosen: Option<&str>, by: &str, at: Stamp) {
    c.set_status(status, by, at);
    if !is_disputed(c) {
        return;
    }
    let sides: Vec<String> = c
        .disputes
        .iter()
        .map(|d| format!("{} by {}", d.status, d.by))
        .collect();
    c.history.push(Change {
        at,
        by: by.to_owned(),
        field: "dispute".into(),
        from: sides.join("; "),
        to: match chosen {
            Some(who) => format!("{status} (by {who})"),
            None => status.to_string(),
        },
    });
    c.disputes.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::Dispute;

    fn at(s: u32) -> Stamp {
        Stamp::parse(&format!("2026-11-28T10:00:{s:02}Z")).unwrap()
    }

    #[test]
    fn second_review_needs_another_analyst() {
        let mut c = Claim::new("C1", "Alice said so.", 0, 5);
        give_verdict(&mut c, Status::Denied, "ana", at(1), true);
        assert!(c.pending);
        assert!(
            approve(&mut c, "ana", at(2))
                .unwrap_err()
                .contains("ana's own")
        );
        approve(&mut c, "bo", at(3)).unwrap();
        assert!(!c.pending);
        let last = c.history.last().unwrap();
        assert_eq!(
            (last.by.as_str(), last.from.as_str()),
            ("bo", "denied by ana (pending)")
        );
        assert!(
            approve(&mut c, "bo", at(4)).is_err(),
            "nothing left to approve"
        );
        give_verdict(&mut c, Status::Confirmed, "ana", at(5), true);
        send_back(&mut c, "needs a second source", "bo", at(6)).unwrap();
        assert!(!c.pending && !c.is_reviewed());
        assert_eq!(
            c.history.last().unwrap().to,
            "sent back: needs a second source"
        );
    }

    #[test]
    fn assignment_is_recorded_once() {
        let mut c = Claim::new("C1", "Alice said so.", 0, 5);
        assign(&mut c, Some("bo"), "ana", at(1));
        assign(&mut c, Some("bo"), "ana", at(2));
        assert_eq!(c.assignee.as_deref(), Some("bo"));
        assert_eq!(c.history.len(), 1);
        assign(&mut c, None, "ana", at(3));
        assert_eq!(c.assignee, None);
    }

    #[test]
    fn settings_come_from_the_nearest_claimdesk_toml() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("stories");
        std::fs::create_dir(&sub).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let sheet = sub.join("a.claims.toml");
        assert_eq!(settings_for(&sheet).unwrap(), Settings::default());
        std::fs::write(dir.path().join(SETTINGS_FILE), "second_review = true\n").unwrap();
        assert!(settings_for(&sheet).unwrap().second_review);
        std::fs::write(dir.path().join(SETTINGS_FILE), "second_review = yes\n").unwrap();
        let e = settings_for(&sheet).unwrap_err().to_string();
        assert!(e.contains("claimdesk.toml:1:"), "{e}");
    }

    #[test]
    fn settling_records_the_dispute_and_clears_it() {
        let mut c = Claim::new("C1", "Alice said so.", 0, 5);
        c.set_status(Status::Denied, "bo", at(1));
        for (by, status) in [("ana", Status::Confirmed), ("bo", Status::Denied)] {
            c.disputes.push(Dispute {
                at: at(1),
                by: by.into(),
                status,
                note: String::new(),
            });
        }
        assert!(is_disputed(&c));
        settle(&mut c, Status::Confirmed, None, "cy", at(5));
        assert!(!is_disputed(&c));
        assert_eq!(c.status, Status::Confirmed);
        assert_eq!(c.reviewed_by.as_deref(), Some("cy"));
        let last = c.history.last().unwrap();
        assert_eq!(last.field, "dispute");
        assert_eq!(last.from, "confirmed by ana; denied by bo");
        assert_eq!(last.to, "confirmed");
        // Settled once: marking again only sets the verdict.
        let n = c.history.len();
        settle(&mut c, Status::Denied, None, "cy", at(6));
        assert_eq!(c.history.len(), n + 1);
    }
}
