//! A claim's check-worthiness score as kept in the sheet: a number from 0
//! to 1 in thousandths (`score = 0.734`), so that a claim stays comparable
//! and a sheet reads back exactly as it was written.

use std::fmt;

use serde::{Serialize, Serializer};

/// Check-worthiness, 0 to 1, in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u16);

impl Score {
    /// The nearest thousandth of `x`, clamped to 0..1 (NaN is 0).
    pub fn new(x: f32) -> Score {
        let x = if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) };
        Score((x * 1000.0).round() as u16)
    }

    /// A score read from a sheet: a finite number from 0 to 1, else None.
    pub fn parse(x: f64) -> Option<Score> {
        (x.is_finite() && (0.0..=1.0).contains(&x)).then(|| Score((x * 1000.0).round() as u16))
    }

    pub fn get(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

/// "0.734", "1.0", "0.0": always a TOML float.
impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("{}", self.get());
        if s.contains('.') {
            f.write_str(&s)
        } else {
            write!(f, "{s}.0")
        }
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_round_to_thousandths_and_print_as_floats() {
        assert_eq!(Score::new(0.73449).to_string(), "0.734");
        assert_eq!(Score::new(1.7).to_string(), "1.0");
        assert_eq!(Score::new(-1.0).to_string(), "0.0");
        assert_eq!(Score::new(f32::NAN).to_string(), "0.0");
        assert_eq!(
            Score::parse(0.5).map(|s| s.to_string()).as_deref(),
            Some("0.5")
        );
        assert_eq!(Score::parse(1.5), None);
        assert_eq!(Score::parse(f64::NAN), None);
        for x in [0.0, 0.001, 0.314, 0.999, 1.0] {
            let s = Score::parse(x).unwrap();
            assert_eq!(Score::parse(s.to_string().parse().unwrap()), Some(s));
        }
    }

    fn sample_sheet() -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/karzai-taliban-talks.claims.toml"),
        )
        .unwrap()
    }

    #[test]
    fn a_sheet_without_scores_reads_and_writes_back_unchanged() {
        let path = std::path::Path::new("s.claims.toml");
        let text = sample_sheet();
        let sheet = crate::domain::sheet::parse(path, &text, None).unwrap();
        assert!(sheet.claims.iter().all(|c| c.score.is_none()));
        assert_eq!(crate::domain::sheet::render(&sheet), text);
    }

    #[test]
    fn a_score_is_kept_in_the_sheet() {
        let path = std::path::Path::new("s.claims.toml");
        let text = sample_sheet();
        let mut sheet = crate::domain::sheet::parse(path, &text, None).unwrap();
        sheet.claims[0].score = Some(Score::new(0.734));
        let written = crate::domain::sheet::render(&sheet);
        assert!(written.contains("\nscore = 0.734\n"), "{written}");
        let back = crate::domain::sheet::parse(path, &written, None).unwrap();
        assert_eq!(back.claims[0].score, Some(Score::new(0.734)));
        assert_eq!(crate::domain::sheet::render(&back), written);
    }

    #[test]
    fn a_score_out_of_range_is_an_error_at_its_place() {
        let path = std::path::Path::new("s.claims.toml");
        let text = sample_sheet().replacen("\ntext = ", "\nscore = 7.5\ntext = ", 1);
        let err = crate::domain::sheet::parse(path, &text, None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("score must be a number from 0 to 1"), "{err}");
        let line = text.lines().position(|l| l.starts_with("score")).unwrap() + 1;
        assert!(err.contains(&format!("s.claims.toml:{line}:")), "{err}");
    }
}
