//! Seeded synthetic claims for the search benchmark and the fzf comparison:
//! news-like sentences of 60 to 250 characters from a fixed vocabulary, a
//! few accented words and curly quotes, speakers on most claims.

#![allow(dead_code)]

use claimdesk::domain::search::Item;

const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "of",
    "to",
    "and",
    "a",
    "in",
    "on",
    "with",
    "said",
    "that",
    "for",
    "by",
    "was",
    "is",
    "has",
    "had",
    "were",
    "been",
    "not",
    "from",
    "at",
    "as",
    "its",
    "their",
    "an",
    "would",
    "could",
    "will",
    "after",
    "before",
    "between",
    "against",
    "during",
    "over",
    "about",
    "government",
    "minister",
    "president",
    "parliament",
    "election",
    "opposition",
    "ministry",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "embassy",
    "ambassador",
    "envoy",
    "talks",
    "peace",
    "deal",
    "agreement",
    "ceasefire",
    "negotiations",
    "sanctions",
    "troops",
    "military",
    "army",
    "forces",
    "police",
    "attack",
    "attacks",
    "killed",
    "wounded",
    "bomb",
    "province",
    "capital",
    "border",
    "region",
    "city",
    "village",
    "district",
    "country",
    "budget",
    "economy",
    "inflation",
    "percent",
    "million",
    "billion",
    "dollars",
    "taxes",
    "report",
    "reported",
    "according",
    "statement",
    "interview",
    "announced",
    "denied",
    "confirmed",
    "claimed",
    "warned",
    "promised",
    "accused",
    "rejected",
    "supported",
    "women",
    "children",
    "families",
    "workers",
    "students",
    "farmers",
    "refugees",
    "voters",
    "school",
    "schools",
    "hospital",
    "hospitals",
    "roads",
    "water",
    "power",
    "prices",
    "food",
    "last",
    "year",
    "month",
    "week",
    "since",
    "until",
    "early",
    "later",
    "recent",
    "new",
    "first",
    "second",
    "third",
    "two",
    "three",
    "ten",
    "hundred",
    "thousand",
    "more",
    "less",
    "international",
    "national",
    "local",
    "foreign",
    "security",
    "council",
    "committee",
    "court",
    "judge",
    "law",
    "reform",
    "vote",
    "votes",
    "campaign",
    "coalition",
    "party",
    "leader",
    "leaders",
    "members",
    "representatives",
    "delegation",
    "summit",
    "meeting",
    "agenda",
    "progress",
    "crisis",
    "conflict",
    "insurgents",
    "rebels",
    "taliban",
    "nato",
    "afghanistan",
    "kabul",
    "doha",
    "washington",
    "london",
    "brussels",
    "geneva",
    "moscow",
    "café",
    "élection",
    "zürich",
    "são",
    "paulo",
    "médecins",
    "réfugiés",
    "naïve",
    "2010",
    "2014",
    "2019",
    "2024",
    "15",
    "40",
    "300",
];

const SPEAKERS: &[&str] = &[
    "Hamid Karzai",
    "Robert Gates",
    "the US Embassy",
    "Ashraf Ghani",
    "a NATO spokesman",
    "the ministry of finance",
    "diplomats",
    "envoys",
    "the UN Security Council",
    "Amélie Dubois",
    "José Martínez",
    "the opposition leader",
    "Angela Merkel",
    "the World Bank",
    "local officials",
];

/// A small, fast, seeded generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// One claim text of 60 to 250 characters.
fn text(rng: &mut Rng) -> String {
    let target = 60 + rng.below(191);
    let mut s = String::with_capacity(target + 16);
    let quote_at = if rng.below(8) == 0 {
        rng.below(6)
    } else {
        usize::MAX
    };
    let mut n = 0;
    loop {
        let w = WORDS[rng.below(WORDS.len())];
        let opening = n == quote_at;
        let extra = w.len() + usize::from(!s.is_empty()) + if opening { 2 } else { 0 };
        if s.chars().count() + extra > target {
            break;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        if opening {
            s.push('“');
        }
        if s.is_empty() || n == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        if opening {
            s.push('”');
        }
        n += 1;
    }
    while s.chars().count() < 60 {
        s.push_str(" etc");
    }
    s.push('.');
    s
}

/// `n` claims, the same for the same seed.
pub fn claims(n: usize, seed: u64) -> Vec<Item> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let text = text(&mut rng);
            let speaker = if rng.below(10) < 6 {
                SPEAKERS[rng.below(SPEAKERS.len())].to_owned()
            } else {
                String::new()
            };
            let note = if rng.below(10) == 0 {
                "Checked against the agency's wire copy.".to_owned()
            } else {
                String::new()
            };
            Item {
                id: format!("C{}", i + 1),
                text,
                speaker,
                note,
            }
        })
        .collect()
}

/// The query typed one key at a time in the benchmark.
pub const TYPED: &str = "parliament";

/// The fresh queries of the benchmark and the fzf comparison.
pub const QUERIES: &[&str] = &[TYPED, "peace talks"];

/// The seed of every benchmark corpus.
pub const SEED: u64 = 0x5EA6C4;
