//! A sheet's layout read from its lines alone, without a TOML document of
//! the whole text (which, for a sheet of 100,000 claims, takes about
//! 25 times the text's size): each table starts at a line that is exactly
//! `[[claim]]` or `[[deleted]]`, its id is its first `id = "…"` line.
//! That holds only in a text that parses as a sheet and has no multi-line
//! string (where such a line could be text); [`starts`] says None at the
//! first doubt, and the layout is then read through `toml_edit`.

use super::back_over_comments;

/// Where each table starts (with the comment lines above it), whether it
/// is a claim, and its id, in order; None when the lines cannot tell.
pub(super) fn starts(text: &str) -> Option<Vec<(usize, bool, String)>> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut starts: Vec<(usize, bool, String)> = Vec::new();
    // The table being read: its start, kind, and whether its id was seen.
    let mut open: Option<(usize, bool, Option<String>)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let is_claim = match trimmed {
                "[[claim]]" => true,
                "[[deleted]]" => false,
                "[[claim.history]]" | "[[claim.dispute]]" if matches!(open, Some((_, true, _))) => {
                    // A claim's own tables: its keys are over.
                    if let Some((_, _, id)) = &mut open {
                        id.get_or_insert_with(String::new);
                    }
                    continue;
                }
                "[[history]]" if open.is_none() => continue,
                _ => return None,
            };
            if line.trim_end() != trimmed {
                return None;
            }
            if let Some((s, c, id)) = open.take() {
                starts.push((s, c, id.filter(|id| !id.is_empty())?));
            }
            open = Some((back_over_comments(text, start), is_claim, None));
        } else if let Some((_, _, id @ None)) = &mut open {
            *id = id_of(trimmed);
        }
    }
    if let Some((s, c, id)) = open {
        starts.push((s, c, id.filter(|id| !id.is_empty())?));
    }
    Some(starts)
}

/// The id a line `id = "…"` sets (a plain string, no escapes).
fn id_of(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    (key.trim() == "id" && !value.contains(['"', '\\'])).then(|| value.to_owned())
}
