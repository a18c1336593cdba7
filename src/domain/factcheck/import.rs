//! Reading fact-checks from the formats they are published in: ClaimReview
//! JSON-LD (one object, an array, an `@graph`), a schema.org `DataFeed`,
//! the Fact Check Tools API's `claims[].claimReview[]`, HTML pages with
//! ClaimReview in `<script type="application/ld+json">`, claimdesk's own
//! ClaimReview export, and CSV with named columns.
//!
//! Everything read here is untrusted: a record that is not usable (missing
//! claim, wrong types) is counted as bad with its position, never a crash;
//! input that is none of these formats is one error.

use serde_json::Value;

use super::record::Record;
use super::verdict::Verdict;

/// A record that could not be used, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    /// "item 3", "dataFeedElement[2]", "line 7", "script 2, item 1".
    pub position: String,
    pub reason: String,
}

/// What a source held.
#[derive(Debug, Default)]
pub struct Imported {
    pub records: Vec<Record>,
    pub bad: Vec<Bad>,
}

/// Why a source could not be read at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("{line}:{column}: not valid JSON: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Unknown(String),
}

/// Read fact-checks from the bytes of a file or a download.
pub fn parse(bytes: &[u8]) -> Result<Imported, FormatError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    match text.chars().next() {
        Some('{' | '[') => parse_json(text),
        Some('<') => parse_html(text),
        Some(_) => super::import_csv::parse(text),
        None => Err(FormatError::Unknown("the file is empty".into())),
    }
}

fn parse_json(text: &str) -> Result<Imported, FormatError> {
    if let Some(lines) = library_lines(text) {
        return Ok(lines);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| FormatError::Json {
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or("")
            .to_owned(),
    })?;
    let mut out = Imported::default();
    if !walk_top(&value, "", &mut out) {
        return Err(FormatError::Unknown(
            "no ClaimReview, DataFeed or Fact Check Tools `claims` in this JSON".into(),
        ));
    }
    Ok(out)
}

/// A claimdesk library (JSON Lines of records, e.g. a colleague's
/// `library.jsonl`), recognised by its first line.
fn library_lines(text: &str) -> Option<Imported> {
    let first = text.lines().next()?;
    if text.lines().nth(1).is_none() || serde_json::from_str::<Record>(first).is_err() {
        return None;
    }
    let (records, bad) = super::library::Library::parse_jsonl(text);
    Some(Imported { records, bad })
}

/// The ClaimReview JSON-LD blocks of an HTML page.
fn parse_html(text: &str) -> Result<Imported, FormatError> {
    let mut out = Imported::default();
    let mut found = false;
    for (n, block) in ld_json_blocks(text).into_iter().enumerate() {
        let prefix = format!("script {}, ", n + 1);
        match serde_json::from_str::<Value>(block.trim()) {
            Ok(v) => found |= walk_top(&v, &prefix, &mut out),
            Err(e) => out.bad.push(Bad {
                position: format!("script {}", n + 1),
                reason: format!("not valid JSON ({}:{})", e.line(), e.column()),
            }),
        }
    }
    if !found && out.bad.is_empty() {
        return Err(FormatError::Unknown(
            "this HTML page has no ClaimReview in a <script type=\"application/ld+json\">".into(),
        ));
    }
    Ok(out)
}

/// The contents of the `<script type="application/ld+json">` elements.
pub fn ld_json_blocks(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| i + at) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let tag = &lower[start..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        if tag.contains("application/ld+json") {
            out.push(&html[tag_end + 1..close]);
        }
        at = close + 1;
    }
    out
}

/// Read any of the JSON shapes; false when none of them is there.
fn walk_top(v: &Value, prefix: &str, out: &mut Imported) -> bool {
    match v {
        Value::Array(items) => {
            let mut any = false;
            for (i, item) in items.iter().enumerate() {
                any |= walk_node(item, &format!("{prefix}item {}", i + 1), out, true);
            }
            any || items.is_empty()
        }
        Value::Object(o) => {
            if let Some(Value::Array(claims)) = o.get("claims") {
                for (i, c) in claims.iter().enumerate() {
                    api_claim(c, &format!("{prefix}claims[{i}]"), out);
                }
                return true;
            }
            walk_node(v, &format!("{prefix}item 1"), out, false)
        }
        _ => false,
    }
}

/// A node of JSON-LD: a ClaimReview, a DataFeed, a graph, or something
/// else (counted bad only when `strict`, i.e. an element of a list that
/// should hold ClaimReviews).
fn walk_node(v: &Value, position: &str, out: &mut Imported, strict: bool) -> bool {
    let kinds = types(v);
    if kinds.iter().any(|k| k == "ClaimReview") {
        match claim_review(v) {
            Ok(r) => out.records.push(r),
            Err(reason) => out.bad.push(Bad {
                position: position.to_owned(),
                reason,
            }),
        }
        return true;
    }
    if let Some(Value::Array(graph)) = v.get("@graph") {
        let mut any = false;
        for (i, item) in graph.iter().enumerate() {
            any |= walk_node(item, &format!("{position}, @graph[{i}]"), out, false);
        }
        return any;
    }
    if let Some(Value::Array(items)) = v.get("dataFeedElement") {
        for (i, item) in items.iter().enumerate() {
            feed_element(item, &format!("dataFeedElement[{i}]"), out);
        }
        return true;
    }
    if strict {
        out.bad.push(Bad {
            position: position.to_owned(),
            reason: "not a ClaimReview".into(),
        });
    }
    false
}

/// A DataFeed element: a ClaimReview, or a DataFeedItem whose `item` holds
/// one or several.
fn feed_element(v: &Value, position: &str, out: &mut Imported) {
    match v.get("item") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                walk_node(item, &format!("{position}.item[{i}]"), out, true);
            }
        }
        Some(item) => {
            walk_node(item, &format!("{position}.item"), out, true);
        }
        None => {
            walk_node(v, position, out, true);
        }
    }
}

fn types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.rsplit(['/', ':']).next().unwrap_or(s).to_owned()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.rsplit(['/', ':']).next().unwrap_or(s).to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// A string field: absent is `None`, a non-string is an error.
fn string(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Some(other) => Err(format!("`{key}` is {}, not text", kind_of(other))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The name of a Person/Organization given as text, an object or a list.
fn agent(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| agent(Some(x))),
        o @ Value::Object(_) => agent(o.get("name")),
        _ => None,
    }
}

/// A number given as a number or as text ("4").
fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn claim_review(v: &Value) -> Result<Record, String> {
    let claim = string(v, "claimReviewed")?.ok_or("no `claimReviewed`")?;
    let rating = v.get("reviewRating").unwrap_or(&Value::Null);
    if !matches!(rating, Value::Object(_) | Value::Null) {
        return Err(format!("`reviewRating` is {}", kind_of(rating)));
    }
    let text = string(rating, "alternateName")?
        .or(string(rating, "name")?)
        .unwrap_or_default();
    let value = number(rating.get("ratingValue"));
    let best = number(rating.get("bestRating"));
    let worst = number(rating.get("worstRating"));
    let numeric = value.zip(best).zip(worst).map(|((v, b), w)| (v, b, w));
    let item = v.get("itemReviewed").unwrap_or(&Value::Null);
    let language = match v.get("inLanguage") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(o @ Value::Object(_)) => string(o, "alternateName")?.or(string(o, "name")?),
        _ => None,
    };
    Ok(Record {
        claim_reviewed: claim,
        claimant: agent(item.get("author")),
        claim_date: string(item, "datePublished").ok().flatten(),
        verdict: Verdict::from_rating(&text, numeric),
        rating: text,
        rating_value: value,
        best_rating: best,
        worst_rating: worst,
        publisher: agent(v.get("author"))
            .or_else(|| agent(v.get("publisher")))
            .unwrap_or_default(),
        url: string(v, "url")?.unwrap_or_default(),
        review_date: string(v, "datePublished")?,
        language,
        title: string(v, "headline")?.or(string(v, "name").ok().flatten()),
    })
}

/// One claim of the Fact Check Tools API, with its reviews.
fn api_claim(c: &Value, position: &str, out: &mut Imported) {
    let claim = match string(c, "text") {
        Ok(Some(t)) => t,
        Ok(None) => return bad(out, position, "no `text`".into()),
        Err(e) => return bad(out, position, e),
    };
    let Some(Value::Array(reviews)) = c.get("claimReview") else {
        return bad(out, position, "no `claimReview` list".into());
    };
    for (i, r) in reviews.iter().enumerate() {
        let position = format!("{position}.claimReview[{i}]");
        let rating = string(r, "textualRating")
            .ok()
            .flatten()
            .unwrap_or_default();
        let url = match string(r, "url") {
            Ok(u) => u.unwrap_or_default(),
            Err(e) => {
                bad(out, &position, e);
                continue;
            }
        };
        out.records.push(Record {
            claim_reviewed: claim.clone(),
            claimant: string(c, "claimant").ok().flatten(),
            claim_date: string(c, "claimDate").ok().flatten(),
            verdict: Verdict::from_rating(&rating, None),
            rating,
            rating_value: None,
            best_rating: None,
            worst_rating: None,
            publisher: agent(r.get("publisher")).unwrap_or_default(),
            url,
            review_date: string(r, "reviewDate").ok().flatten(),
            language: string(r, "languageCode").ok().flatten(),
            title: string(r, "title").ok().flatten(),
        });
    }
}

fn bad(out: &mut Imported, position: &str, reason: String) {
    out.bad.push(Bad {
        position: position.to_owned(),
        reason,
    });
}
