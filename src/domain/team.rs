//! Claims as a team sees them: a verdict in dispute (set differently by
//! two analysts and kept by a merge) and how it is settled.

use super::claim::{Change, Claim, Stamp, Status};

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
