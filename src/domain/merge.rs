//! Three-way merge of sheets: what two writers did since they read the
//! same version (the base) is combined claim by claim and field by field,
//! so that neither loses what the other saved.
//!
//! Claims are matched by id and compared through their written form (TOML
//! tables), so a field added to the sheet format merges without being
//! named here. A few fields have their own rules:
//! - `history` and `dispute`: the union of both sides, in time order;
//! - `sources`: the union, less what either side removed;
//! - `note` changed both ways: both notes kept, each marked by its analyst;
//! - `status` changed both ways: a dispute kept as data (`[[claim.dispute]]`,
//!   one entry per side), the later verdict standing until it is settled;
//! - any other field changed both ways: the side changed last wins.
//!
//! A claim deleted on one side stays deleted (tombstones are unioned); two
//! claims created with the same id but different text are both kept, the
//! second under the next free id. The result does not depend on which side
//! is "ours": `merge(b, x, y)` and `merge(b, y, x)` hold the same content.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use toml::{Table, Value};

use super::claim::{Claim, Stamp, id_number};
use super::error::{Error, Result};
use super::sheet::{self, Sheet};

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub sheet: Sheet,
    /// Claims whose verdict was set differently on both sides (now disputed).
    pub disputed: Vec<String>,
    /// Claims created on both sides under one id: (old id, new id) of the
    /// one given a new id.
    pub renumbered: Vec<(String, String)>,
}

/// Merge `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &Sheet, ours: &Sheet, theirs: &Sheet) -> Result<Merged> {
    // Most claims changed on one side or none: those are settled at once;
    // only the rest go through their written form.
    let Triage {
        settled,
        open,
        strays,
    } = triage(base, ours, theirs);
    let reduced = |s: &Sheet| Sheet {
        claims: s
            .claims
            .iter()
            .filter(|c| open.contains(c.id.as_str()))
            .cloned()
            .collect(),
        deleted: s.deleted.clone(),
        ..s.header()
    };
    let floor = settled
        .iter()
        .chain(&strays)
        .filter_map(|c| id_number(&c.id))
        .max()
        .unwrap_or(0);
    let mut merged = merge_tables(&reduced(base), &reduced(ours), &reduced(theirs), floor)?;
    merged.sheet.claims.extend(settled);
    // A claim made on one side under an id the other side used for a
    // claim of its own and deleted: kept, under the next free id.
    for mut stray in strays {
        let new = merged.sheet.next_id();
        merged
            .renumbered
            .push((std::mem::replace(&mut stray.id, new), stray.id.clone()));
        merged.sheet.claims.push(stray);
    }
    merged.sheet.sort();
    Ok(merged)
}

/// The claims of both sides sorted out before merging.
struct Triage<'a> {
    /// Changed on one side only (or the same on both): the result.
    settled: Vec<Claim>,
    /// Changed on both sides, or made on both under one id: to merge.
    open: HashSet<&'a str>,
    /// Made on one side under an id whose tombstone is another claim's.
    strays: Vec<Claim>,
}

fn triage<'a>(base: &Sheet, ours: &'a Sheet, theirs: &'a Sheet) -> Triage<'a> {
    let mut gone: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in [base, ours, theirs].iter().flat_map(|s| &s.deleted) {
        gone.entry(t.id.as_str()).or_default().push(t.text.as_str());
    }
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let mut triage = Triage {
        settled: Vec::new(),
        open: HashSet::new(),
        strays: Vec::new(),
    };
    let ids: BTreeSet<&str> = o.keys().chain(t.keys()).copied().collect();
    for id in ids {
        if let Some(texts) = gone.get(id) {
            if !b.contains_key(id) {
                let mut made: Vec<&Claim> = [o.get(id), t.get(id)]
                    .into_iter()
                    .flatten()
                    .copied()
                    .collect();
                made.dedup();
                let other = made
                    .into_iter()
                    .filter(|c| !texts.contains(&c.text.as_str()));
                triage.strays.extend(other.cloned());
            }
            continue;
        }
        match (b.get(id), o.get(id), t.get(id)) {
            (Some(_), None, _) | (Some(_), _, None) => {}
            (Some(bc), Some(x), Some(y)) if x == y || y == bc => triage.settled.push((*x).clone()),
            (Some(bc), Some(x), Some(y)) if x == bc => triage.settled.push((*y).clone()),
            (None, Some(x), None) | (None, None, Some(x)) => triage.settled.push((*x).clone()),
            (None, Some(x), Some(y)) if x == y => triage.settled.push((*x).clone()),
            _ => {
                triage.open.insert(id);
            }
        }
    }
    triage
}

/// A sheet's claims by id.
fn index(s: &Sheet) -> HashMap<&str, &Claim> {
    s.claims.iter().map(|c| (c.id.as_str(), c)).collect()
}

/// [`merge`] through the sheets' written form; new ids given to claims
/// created twice are above `floor`.
fn merge_tables(base: &Sheet, ours: &Sheet, theirs: &Sheet, floor: u64) -> Result<Merged> {
    let (b, o, t) = (table_of(base)?, table_of(ours)?, table_of(theirs)?);
    let mut out = Table::new();
    for key in keys(&b, &o, &t) {
        if key == "claim" || key == "deleted" {
            continue;
        }
        if let Some(v) = pick(b.get(&key), o.get(&key), t.get(&key), |x, y| {
            by_text(x, y).is_ge()
        }) {
            out.insert(key, v.clone());
        }
    }
    let deleted = tombstones(&b, &o, &t);
    let gone: BTreeSet<String> = deleted
        .iter()
        .filter_map(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let (claims, disputed, renumbered) = merge_claims(
        &by_id(&b, "claim"),
        &by_id(&o, "claim"),
        &by_id(&t, "claim"),
        &gone,
        floor,
    );
    if !claims.is_empty() {
        out.insert("claim".into(), Value::Array(claims));
    }
    if !deleted.is_empty() {
        out.insert("deleted".into(), Value::Array(deleted));
    }
    let text =
        toml::to_string(&out).map_err(|e| Error::sheet(Path::new("merge"), e.to_string()))?;
    let sheet = sheet::parse(Path::new("merged sheet"), &text, None)?;
    Ok(Merged {
        sheet,
        disputed,
        renumbered,
    })
}

/// A sheet as the TOML table it is written as.
fn table_of(sheet: &Sheet) -> Result<Table> {
    toml::from_str(&sheet::render(sheet))
        .map_err(|e| Error::sheet(Path::new("merge"), e.to_string()))
}

/// Every key of the three tables, in order.
fn keys(b: &Table, o: &Table, t: &Table) -> BTreeSet<String> {
    b.keys().chain(o.keys()).chain(t.keys()).cloned().collect()
}

/// The tables of an array of tables, by their `id`.
fn by_id(table: &Table, key: &str) -> BTreeMap<String, Table> {
    let mut map = BTreeMap::new();
    if let Some(Value::Array(items)) = table.get(key) {
        for item in items {
            if let Value::Table(t) = item
                && let Some(Value::String(id)) = t.get("id")
            {
                map.insert(id.clone(), t.clone());
            }
        }
    }
    map
}

/// Tombstones of all sides, one per id (the same whichever side it came
/// from): the base's in order, then those one side added in its order (both
/// sides added some: in time order).
fn tombstones(b: &Table, o: &Table, t: &Table) -> Vec<Value> {
    let list = |table: &Table| -> Vec<Table> {
        match table.get("deleted") {
            Some(Value::Array(items)) => {
                items.iter().filter_map(|v| v.as_table().cloned()).collect()
            }
            _ => Vec::new(),
        }
    };
    let id = |t: &Table| t.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
    let base = list(b);
    let known: BTreeSet<String> = base.iter().map(id).collect();
    let fresh = |side: &Table| -> Vec<Table> {
        list(side)
            .into_iter()
            .filter(|x| !known.contains(&id(x)))
            .collect()
    };
    let (mine, theirs) = (fresh(o), fresh(t));
    let mut added: Vec<Table> = if mine.is_empty() || theirs.is_empty() {
        mine.into_iter().chain(theirs).collect()
    } else {
        let mut all: Vec<Table> = mine.into_iter().chain(theirs).collect();
        all.sort_by(|x, y| {
            let key = |t: &Table| {
                (
                    stamp_of(t.get("deleted_at")),
                    id_number(&id(t)),
                    Value::Table(t.clone()).to_string(),
                )
            };
            key(x).cmp(&key(y))
        });
        all
    };
    let mut seen = known;
    added.retain(|x| seen.insert(id(x)));
    base.into_iter().chain(added).map(Value::Table).collect()
}

/// Order values by their written form (a total order for tie-breaks).
fn by_text(x: &Value, y: &Value) -> Ordering {
    x.to_string().cmp(&y.to_string())
}

/// The three-way choice for one value: the side that changed it, or (both
/// changed it differently) the one `first_wins` prefers.
fn pick<'a>(
    b: Option<&'a Value>,
    o: Option<&'a Value>,
    t: Option<&'a Value>,
    first_wins: impl Fn(&Value, &Value) -> bool,
) -> Option<&'a Value> {
    if o == t || t == b {
        return o;
    }
    if o == b {
        return t;
    }
    match (o, t) {
        (Some(x), Some(y)) => Some(if first_wins(x, y) { x } else { y }),
        (x, None) | (None, x) => x,
    }
}

type ClaimsMerged = (Vec<Value>, Vec<String>, Vec<(String, String)>);

fn merge_claims(
    b: &BTreeMap<String, Table>,
    o: &BTreeMap<String, Table>,
    t: &BTreeMap<String, Table>,
    gone: &BTreeSet<String>,
    floor: u64,
) -> ClaimsMerged {
    let mut claims: Vec<Table> = Vec::new();
    let mut twins: Vec<Table> = Vec::new();
    let mut disputed = Vec::new();
    let ids: BTreeSet<&String> = o.keys().chain(t.keys()).collect();
    for id in ids {
        if gone.contains(id.as_str()) {
            continue;
        }
        match (b.get(id), o.get(id), t.get(id)) {
            // Deleted on one side: stays deleted.
            (Some(_), None, _) | (Some(_), _, None) => {}
            (Some(base), Some(x), Some(y)) => {
                let (c, d) = merge_claim(base, x, y);
                if d {
                    disputed.push(id.clone());
                }
                claims.push(c);
            }
            (None, Some(x), None) | (None, None, Some(x)) => claims.push(x.clone()),
            (None, Some(x), Some(y)) if x == y => claims.push(x.clone()),
            (None, Some(x), Some(y)) if same_place(x, y) => {
                let (c, d) = merge_claim(&Table::new(), x, y);
                if d {
                    disputed.push(id.clone());
                }
                claims.push(c);
            }
            (None, Some(x), Some(y)) => {
                let (keep, other) =
                    if by_text(&Value::Table(x.clone()), &Value::Table(y.clone())).is_le() {
                        (x, y)
                    } else {
                        (y, x)
                    };
                claims.push(keep.clone());
                twins.push(other.clone());
            }
            (_, None, None) => {}
        }
    }
    let mut next = claims
        .iter()
        .chain(&twins)
        .filter_map(|c| c.get("id").and_then(Value::as_str).and_then(id_number))
        .chain(gone.iter().filter_map(|id| id_number(id)))
        .chain([floor])
        .max()
        .unwrap_or(0);
    let mut renumbered = Vec::new();
    for mut twin in twins {
        next += 1;
        let new = format!("C{next}");
        let old = twin.insert("id".into(), Value::String(new.clone()));
        let old = old
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        renumbered.push((old, new));
        claims.push(twin);
    }
    (
        claims.into_iter().map(Value::Table).collect(),
        disputed,
        renumbered,
    )
}

/// Two claims made independently on the same words of the article.
fn same_place(x: &Table, y: &Table) -> bool {
    ["text", "start", "end"]
        .iter()
        .all(|k| x.get(*k) == y.get(*k))
}

/// When a side last changed the claim: its latest history entry or review.
fn last_change(c: &Table) -> Option<Stamp> {
    let history = c.get("history").and_then(Value::as_array);
    let entries = history
        .into_iter()
        .flatten()
        .filter_map(|h| stamp_of(h.get("at")));
    entries.chain(stamp_of(c.get("reviewed_at"))).max()
}

fn stamp_of(v: Option<&Value>) -> Option<Stamp> {
    match v? {
        Value::Datetime(dt) => Stamp::parse(&dt.to_string()).ok(),
        Value::String(s) => Stamp::parse(s).ok(),
        _ => None,
    }
}

/// Does side `x` win a tie over side `y`: changed later, or (same time) the
/// greater value?
fn later(x: &Table, y: &Table, xv: &Value, yv: &Value) -> bool {
    match last_change(x).cmp(&last_change(y)) {
        Ordering::Equal => by_text(xv, yv).is_ge(),
        other => other.is_gt(),
    }
}

/// Merge one claim; returns it and whether its verdict is now disputed.
fn merge_claim(b: &Table, o: &Table, t: &Table) -> (Table, bool) {
    let mut out = Table::new();
    let mut disputed = false;
    // The review fields go together: from the side reviewed last.
    let reviewed_later = match (
        stamp_of(o.get("reviewed_at")),
        stamp_of(t.get("reviewed_at")),
    ) {
        (x, y) if x == y => None,
        (x, y) => Some(x > y),
    };
    // Both sides gave a verdict (a review each) and they differ: a dispute,
    // even when one of them is the status the claim had before.
    let reviewed_both = ["reviewed_at", "reviewed_by"]
        .iter()
        .any(|k| o.get(*k) != b.get(*k) && t.get(*k) != b.get(*k) && o.get(*k) != t.get(*k));
    let status_of = |c: &Table| c.get("status").cloned();
    let verdict_clash = reviewed_both && status_of(o) != status_of(t);
    // Where the claim lies goes together too when both sides moved it.
    let anchor_from_ours = anchor_side(b, o, t);
    for key in keys(b, o, t) {
        let (bv, ov, tv) = (b.get(&key), o.get(&key), t.get(&key));
        let value = match key.as_str() {
            k if ANCHOR.contains(&k) && anchor_from_ours.is_some() => {
                if anchor_from_ours == Some(true) {
                    ov
                } else {
                    tv
                }
                .cloned()
            }
            "status" if verdict_clash => {
                disputed = true;
                match reviewed_later {
                    Some(true) => ov.cloned(),
                    Some(false) => tv.cloned(),
                    None => pick(bv, ov, tv, |x, y| later(o, t, x, y)).cloned(),
                }
            }
            _ if ov == tv || tv == bv => ov.cloned(),
            _ if ov == bv => tv.cloned(),
            "history" | "dispute" => Some(union_in_time(&[bv, ov, tv])),
            "sources" => Some(union_sources(bv, ov, tv)),
            "note" => Some(both_notes(o, t)),
            "status" => {
                disputed = true;
                pick(bv, ov, tv, |x, y| later(o, t, x, y)).cloned()
            }
            "reviewed_at" | "reviewed_by" => match reviewed_later {
                Some(true) => ov.cloned(),
                Some(false) => tv.cloned(),
                None => pick(bv, ov, tv, |x, y| by_text(x, y).is_ge()).cloned(),
            },
            _ => pick(bv, ov, tv, |x, y| later(o, t, x, y)).cloned(),
        };
        if let Some(v) = value {
            out.insert(key, v);
        }
    }
    if disputed {
        let sides = [Some(&Value::Array(vec![dispute_of(o), dispute_of(t)]))];
        let all = [out.get("dispute"), sides[0]];
        let merged = union_in_time(&all);
        out.insert("dispute".into(), merged);
    }
    (out, disputed)
}

/// The fields that say where a claim lies, kept consistent.
const ANCHOR: [&str; 7] = [
    "text", "quote", "start", "end", "prefix", "suffix", "orphan",
];

/// When both sides changed one of the anchor fields differently: whether
/// ours (changed last, or the greater) gives all of them.
fn anchor_side(b: &Table, o: &Table, t: &Table) -> Option<bool> {
    let clash = ANCHOR.iter().any(|k| {
        let (bv, ov, tv) = (b.get(*k), o.get(*k), t.get(*k));
        ov != tv && ov != bv && tv != bv
    });
    if !clash {
        return None;
    }
    let group = |c: &Table| {
        let values = ANCHOR
            .iter()
            .map(|k| c.get(*k).cloned().unwrap_or(Value::Boolean(false)));
        Value::Array(values.collect())
    };
    Some(later(o, t, &group(o), &group(t)))
}

/// One side's verdict as a dispute entry.
fn dispute_of(c: &Table) -> Value {
    let mut d = Table::new();
    let at = c
        .get("reviewed_at")
        .cloned()
        .or_else(|| "1970-01-01T00:00:00Z".parse().ok().map(Value::Datetime))
        .unwrap_or_else(|| Value::String(String::new()));
    d.insert("at".into(), at);
    let by = c.get("reviewed_by").cloned();
    d.insert(
        "by".into(),
        by.unwrap_or_else(|| Value::String(String::new())),
    );
    let status = c.get("status").cloned();
    d.insert(
        "status".into(),
        status.unwrap_or_else(|| Value::String("unconfirmed".into())),
    );
    let note = c.get("note").cloned();
    d.insert(
        "note".into(),
        note.unwrap_or_else(|| Value::String(String::new())),
    );
    Value::Table(d)
}

/// The entries of several arrays of tables, each once, in time order.
fn union_in_time(arrays: &[Option<&Value>]) -> Value {
    let mut all: Vec<(Option<Stamp>, String, Value)> = Vec::new();
    for item in arrays
        .iter()
        .flatten()
        .filter_map(|v| v.as_array())
        .flatten()
    {
        let text = item.to_string();
        if !all.iter().any(|(_, t, _)| *t == text) {
            all.push((stamp_of(item.get("at")), text, item.clone()));
        }
    }
    all.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
    Value::Array(all.into_iter().map(|(_, _, v)| v).collect())
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// Sources both sides added, less those either side removed: the base's
/// order first, then the new ones in order.
fn union_sources(b: Option<&Value>, o: Option<&Value>, t: Option<&Value>) -> Value {
    let (b, o, t) = (strings(b), strings(o), strings(t));
    let kept = |s: &String| o.contains(s) && t.contains(s);
    let mut out: Vec<String> = b.iter().filter(|s| kept(s)).cloned().collect();
    let mut new: Vec<String> = o
        .iter()
        .chain(&t)
        .filter(|s| !b.contains(s))
        .cloned()
        .collect();
    new.sort();
    new.dedup();
    out.extend(new);
    Value::Array(out.into_iter().map(Value::String).collect())
}

/// Who last changed a claim's note on this side.
fn note_author(c: &Table) -> String {
    let history = c.get("history").and_then(Value::as_array);
    let by_history = history.into_iter().flatten().rev().find_map(|h| {
        (h.get("field").and_then(Value::as_str) == Some("note"))
            .then(|| h.get("by").and_then(Value::as_str))
            .flatten()
    });
    by_history
        .or_else(|| c.get("reviewed_by").and_then(Value::as_str))
        .unwrap_or("?")
        .to_owned()
}

/// Both notes, each under its analyst's name, in a fixed order.
fn both_notes(o: &Table, t: &Table) -> Value {
    let mut parts: Vec<String> = [o, t]
        .iter()
        .filter_map(|c| {
            let note = c.get("note").and_then(Value::as_str).unwrap_or("");
            (!note.trim().is_empty()).then(|| format!("[{}] {note}", note_author(c)))
        })
        .collect();
    parts.sort();
    parts.dedup();
    Value::String(parts.join("\n\n"))
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
