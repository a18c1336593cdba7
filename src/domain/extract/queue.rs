//! The review queue: the claims worth checking. The extractor accepts every
//! attribution and every check-worthy sentence (what `claimdesk extract`
//! lists and the scorers measure); of those, a claim is put in front of the
//! analyst (`claimdesk init`, a new sheet in the TUI) only when its
//! check-worthiness reaches [`QUEUE_THRESHOLD`], attributed or not. The rest
//! are kept, not lost: `extract` lists them (`"queue": false`) and
//! `init --all` puts them in the sheet too.

use super::Candidate;

/// The check-worthiness a claim needs to enter the review queue. Chosen on
/// news text from PolNeAR's train split (never dev or test): the lowest
/// threshold (in steps of 0.02) at which both the median and the mean share
/// of a story's candidates in the queue, over all 840 train articles, are at
/// most a quarter (median 22%, mean 24%; at 0.62 the mean was 26%); at the
/// model's own threshold, tuned for debate speech, half of them would be.
pub const QUEUE_THRESHOLD: f32 = 0.64;

impl Candidate {
    /// Is this candidate a claim worth reviewing?
    pub fn in_queue(&self) -> bool {
        self.accepted && self.score >= QUEUE_THRESHOLD
    }
}

#[cfg(test)]
mod tests {
    use super::super::extract;

    /// A weather story in the style of local news: mostly chatter, a few
    /// facts worth checking.
    const WEATHER: &str = "Storm brings snow to the valley\n\n\
        Residents woke up to six inches of snow on Tuesday.\n\n\
        \"So far, so good,\" said Maria Lopez, who was shoveling her driveway.\n\n\
        \"It looks good,\" her neighbour said.\n\n\
        \"Not too many people roaming around,\" said Tom Reed, a shop owner.\n\n\
        The National Weather Service said 14 inches fell in the mountains, the most \
        since 1998.\n\n\
        Schools were closed.\n\n\
        \"We love it,\" said one child.\n\n\
        Crews spread 3,000 tons of salt on county roads overnight, the highway \
        department said.\n\n\
        \"It's beautiful out here,\" Lopez said.\n";

    #[test]
    fn chatter_is_kept_out_of_the_queue() {
        let all = extract(WEATHER);
        let queue: Vec<_> = all.iter().filter(|c| c.in_queue()).collect();
        for chatter in [
            "So far, so good",
            "It looks good",
            "Not too many people",
            "We love it",
        ] {
            assert!(
                queue.iter().all(|c| !c.text.contains(chatter)),
                "{chatter:?} queued: {queue:?}"
            );
            // kept, not lost
            assert!(all.iter().any(|c| c.text.contains(chatter)));
        }
        assert!(
            queue.iter().any(|c| c.text.contains("14 inches")),
            "{queue:?}"
        );
    }

    #[test]
    fn the_queue_is_a_fraction_of_the_sentences() {
        let all = extract(WEATHER);
        let queued = all.iter().filter(|c| c.in_queue()).count();
        assert!(queued * 4 <= all.len(), "{queued} of {}", all.len());
    }
}
