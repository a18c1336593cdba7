//! Git's conflict markers in a sheet (a merge made without claimdesk's
//! merge driver): found, reported with their line, and split back into
//! the two sides (and the base, when git wrote it) to merge them properly.

use std::path::Path;

use super::error::{Error, Result};

const OURS: &str = "<<<<<<<";
const BASE: &str = "|||||||";
const SPLIT: &str = "=======";
const THEIRS: &str = ">>>>>>>";

/// Is this line a conflict marker of this kind (the marker, then the end
/// of the line or a space and a label)?
fn is_marker(line: &str, marker: &str) -> bool {
    let line = line.trim_end_matches(['\r', '\n']);
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The 1-based line of the first `<<<<<<<` marker, if the text has a
/// complete conflict (opening, separator and closing markers in order).
pub fn first_conflict(text: &str) -> Option<usize> {
    let mut open = None;
    let mut split = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if open.is_none() && is_marker(line, OURS) {
            open = Some(n + 1);
        } else if open.is_some() && is_marker(line, SPLIT) {
            split = true;
        } else if split && is_marker(line, THEIRS) {
            return open;
        }
    }
    None
}

/// The error every command gives for a sheet holding conflict markers.
pub fn error(path: &Path, line: usize) -> Error {
    let file = path.display();
    Error::sheet(
        Path::new(&format!("{file}:{line}")),
        format!(
            "unresolved git merge conflict (<<<<<<<); run 'claimdesk git setup' and merge again, or 'claimdesk resolve {file}'"
        ),
    )
}

/// The text as each side of its conflicts wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub ours: String,
    pub theirs: String,
    /// The common ancestor, when git wrote it (`merge.conflictStyle`
    /// diff3 or zdiff3).
    pub base: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Common,
    Ours,
    Base,
    Theirs,
}

/// Split a text with conflict markers into its sides; None when it has no
/// complete conflict.
pub fn split(text: &str) -> Option<Sides> {
    first_conflict(text)?;
    let (mut ours, mut theirs, mut base) = (String::new(), String::new(), String::new());
    let mut has_base = true;
    let mut part = Part::Common;
    let mut saw_base = false;
    for line in text.split_inclusive('\n') {
        let next = match part {
            Part::Common if is_marker(line, OURS) => Some(Part::Ours),
            Part::Ours if is_marker(line, BASE) => Some(Part::Base),
            Part::Ours | Part::Base if is_marker(line, SPLIT) => Some(Part::Theirs),
            Part::Theirs if is_marker(line, THEIRS) => Some(Part::Common),
            _ => None,
        };
        if let Some(next) = next {
            if part == Part::Ours && next == Part::Theirs {
                has_base = false;
            }
            saw_base |= next == Part::Base;
            part = next;
            continue;
        }
        match part {
            Part::Common => {
                ours.push_str(line);
                theirs.push_str(line);
                base.push_str(line);
            }
            Part::Ours => ours.push_str(line),
            Part::Base => base.push_str(line),
            Part::Theirs => theirs.push_str(line),
        }
    }
    Some(Sides {
        ours,
        theirs,
        base: (has_base && saw_base).then_some(base),
    })
}

/// Fail with [`error`] when the text holds conflict markers.
pub fn check(path: &Path, text: &str) -> Result<()> {
    match first_conflict(text) {
        Some(line) => Err(error(path, line)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFLICTED: &str = "a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> theirs\nc = 4\n";

    #[test]
    fn finds_the_first_conflict_line() {
        assert_eq!(first_conflict(CONFLICTED), Some(2));
        assert_eq!(first_conflict("a = 1\n"), None);
        assert_eq!(first_conflict("<<<<<<< only an opening\n"), None);
        assert_eq!(first_conflict("x = \"<<<<<<< inside\"\n"), None);
    }

    #[test]
    fn the_error_names_file_line_and_what_to_do() {
        let e = error(Path::new("dir/a.claims.toml"), 54).to_string();
        assert_eq!(
            e,
            "dir/a.claims.toml:54: unresolved git merge conflict (<<<<<<<); run 'claimdesk git setup' and merge again, or 'claimdesk resolve dir/a.claims.toml'"
        );
    }

    #[test]
    fn splits_into_both_sides() {
        let s = split(CONFLICTED).unwrap();
        assert_eq!(s.ours, "a = 1\nb = 2\nc = 4\n");
        assert_eq!(s.theirs, "a = 1\nb = 3\nc = 4\n");
        assert_eq!(s.base, None);
    }

    #[test]
    fn splits_the_base_of_diff3_conflicts() {
        let text = "a\n<<<<<<< HEAD\nb2\n||||||| base\nb1\n=======\nb3\n>>>>>>> x\nc\n";
        let s = split(text).unwrap();
        assert_eq!(s.ours, "a\nb2\nc\n");
        assert_eq!(s.theirs, "a\nb3\nc\n");
        assert_eq!(s.base.as_deref(), Some("a\nb1\nc\n"));
    }
}
