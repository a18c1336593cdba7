//! The verdict vocabulary: what an analyst decided about a claim, in the
//! words every list, filter and export uses for it, and the status filter
//! the command line and the exports share.
//!
//! The sheet keeps a status and a review stamp; a claim with no stamp is
//! "not reviewed" whatever its status says. [`Verdict`] is that reading,
//! so "not reviewed" is spelled once, here.

use std::fmt;
use std::str::FromStr;

use super::claim::{Claim, Status};

/// What an analyst decided about a claim: nothing yet, or a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    NotReviewed,
    Confirmed,
    Unconfirmed,
    Denied,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::NotReviewed,
        Verdict::Confirmed,
        Verdict::Unconfirmed,
        Verdict::Denied,
    ];

    /// The claim's verdict: its status when it carries a review stamp.
    pub fn of(claim: &Claim) -> Verdict {
        Verdict::from_status(claim.is_reviewed().then_some(claim.status))
    }

    /// A status given, or none.
    pub fn from_status(status: Option<Status>) -> Verdict {
        match status {
            None => Verdict::NotReviewed,
            Some(Status::Confirmed) => Verdict::Confirmed,
            Some(Status::Unconfirmed) => Verdict::Unconfirmed,
            Some(Status::Denied) => Verdict::Denied,
        }
    }

    /// The status this verdict sets (None: not reviewed).
    pub fn status(self) -> Option<Status> {
        match self {
            Verdict::NotReviewed => None,
            Verdict::Confirmed => Some(Status::Confirmed),
            Verdict::Unconfirmed => Some(Status::Unconfirmed),
            Verdict::Denied => Some(Status::Denied),
        }
    }

    /// The verdict as people read it: "confirmed", …, "not reviewed".
    pub fn label(self) -> &'static str {
        match self.status() {
            Some(s) => s.as_str(),
            None => "not reviewed",
        }
    }

    /// The word a command line takes for it: "confirmed", …, "unreviewed".
    pub fn name(self) -> &'static str {
        match self.status() {
            Some(s) => s.as_str(),
            None => "unreviewed",
        }
    }
}

impl From<Status> for Verdict {
    fn from(s: Status) -> Verdict {
        Verdict::from_status(Some(s))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Verdict {
    type Err = String;
    /// A status, or `unreviewed` (also `not-reviewed`, `not reviewed`,
    /// `none`), in any case.
    fn from_str(s: &str) -> Result<Verdict, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "unreviewed" | "not-reviewed" | "not reviewed" | "none" => Ok(Verdict::NotReviewed),
            other => other
                .parse::<Status>()
                .map(Verdict::from)
                .map_err(|e| format!("{e} (or unreviewed, to take a verdict back)")),
        }
    }
}

/// Which claims a listing, a search or an export keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    /// Claims with this verdict (reviewed with that status, or never reviewed).
    Verdict(Verdict),
    /// Claims with any verdict (a review stamp).
    Reviewed,
    /// Verdicts two analysts set differently, not yet settled.
    Disputed,
    /// Claims whose text was not found again after the article changed.
    Orphan,
}

impl StatusFilter {
    /// The words the command line takes, in the order `--help` lists them.
    pub const NAMES: [&'static str; 7] = [
        "confirmed",
        "unconfirmed",
        "denied",
        "unreviewed",
        "reviewed",
        "disputed",
        "orphan",
    ];

    pub fn matches(self, claim: &Claim) -> bool {
        match self {
            StatusFilter::Verdict(v) => Verdict::of(claim) == v,
            StatusFilter::Reviewed => claim.is_reviewed(),
            StatusFilter::Disputed => super::team::is_disputed(claim),
            StatusFilter::Orphan => claim.orphan,
        }
    }

    /// The filter as people read it ("not reviewed", "orphan", …).
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Verdict(v) => v.label(),
            StatusFilter::Reviewed => "reviewed",
            StatusFilter::Disputed => "disputed",
            StatusFilter::Orphan => "orphan",
        }
    }
}

impl FromStr for StatusFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<StatusFilter, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "reviewed" => Ok(StatusFilter::Reviewed),
            "disputed" => Ok(StatusFilter::Disputed),
            "orphan" | "orphans" => Ok(StatusFilter::Orphan),
            other => other
                .parse::<Verdict>()
                .map(StatusFilter::Verdict)
                .map_err(|_| {
                    format!(
                        "unknown status '{other}': expected {}",
                        StatusFilter::NAMES.join(", ")
                    )
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stamp;

    fn claim(reviewed: Option<Status>) -> Claim {
        let mut c = Claim::new("C1", "Some text here.", 0, 9);
        if let Some(s) = reviewed {
            c.set_status(s, "ana", Stamp::parse("2026-11-28T10:00:00Z").unwrap());
        }
        c
    }

    #[test]
    fn a_claim_without_a_stamp_is_not_reviewed_whatever_its_status() {
        let c = claim(None);
        assert_eq!(c.status, Status::Unconfirmed);
        assert_eq!(Verdict::of(&c), Verdict::NotReviewed);
        assert_eq!(Verdict::of(&c).label(), "not reviewed");
        assert_eq!(
            Verdict::of(&claim(Some(Status::Unconfirmed))),
            Verdict::Unconfirmed
        );
        for v in Verdict::ALL {
            assert_eq!(v.name().parse::<Verdict>(), Ok(v));
            assert_eq!(v.label().parse::<Verdict>(), Ok(v));
            assert_eq!(Verdict::from_status(v.status()), v);
        }
    }

    #[test]
    fn filters_parse_in_any_case_and_match() {
        for name in StatusFilter::NAMES {
            let f: StatusFilter = name.to_uppercase().parse().unwrap();
            assert_eq!(f.label().replace("not reviewed", "unreviewed"), name);
        }
        let e = "maybe".parse::<StatusFilter>().unwrap_err();
        assert!(e.contains("expected confirmed, unconfirmed"), "{e}");
        let (fresh, denied) = (claim(None), claim(Some(Status::Denied)));
        let reviewed: StatusFilter = "reviewed".parse().unwrap();
        assert!(reviewed.matches(&denied) && !reviewed.matches(&fresh));
        let unreviewed: StatusFilter = "unreviewed".parse().unwrap();
        assert!(unreviewed.matches(&fresh) && !unreviewed.matches(&denied));
        let mut orphan = claim(None);
        orphan.orphan = true;
        assert!(StatusFilter::Orphan.matches(&orphan));
        assert!(!StatusFilter::Orphan.matches(&fresh));
    }
}
