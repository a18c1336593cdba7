//! Character folding for search: lower case, accents and typographic
//! punctuation to their plain forms (é ~ e, ’ ~ ', “ ~ "). Folding maps one
//! code point to one code point, so positions in a folded copy are positions
//! in the original text.

/// The plain form of an accented or typographic character, keeping its case
/// (`É` → `E`, `é` → `e`, `’` → `'`); other characters are returned as is.
pub fn plain(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if let Some(p) = plain_lower(c) {
        return p;
    }
    // Upper-case accented letters: fold their lower-case form, then restore
    // the case.
    let mut lower = c.to_lowercase();
    if let (Some(l), None) = (lower.next(), lower.next())
        && l != c
        && let Some(p) = plain_lower(l)
    {
        return p.to_ascii_uppercase();
    }
    c
}

/// Lower case and plain: what a case-insensitive search compares.
pub fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let l = c.to_lowercase().next().unwrap_or(c);
    plain_lower(l).unwrap_or(l)
}

/// Fold a whole string with `lower` (one char for one char).
pub fn lower_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower).collect()
}

/// Fold a whole string with `plain` (case kept).
pub fn plain_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    s.chars().map(plain).collect()
}

/// Does this character count as upper case for smart case?
pub fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

fn plain_lower(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => ' ',
        '\u{2026}' => '.',
        _ => return None,
    })
}

/// The prefilter bit of a (folded) character: one bit per ASCII letter and
/// digit, a few for punctuation groups, one for everything beyond ASCII.
#[inline]
pub fn bit(c: u8) -> u64 {
    match c {
        b'a'..=b'z' => 1 << (c - b'a'),
        b'A'..=b'Z' => 1 << (c - b'A'),
        b'0'..=b'9' => 1 << (26 + c - b'0'),
        b' ' | b'\t' | b'\n' => 1 << 36,
        b'\'' | b'"' | b'`' => 1 << 37,
        b'.' | b',' | b';' | b':' | b'!' | b'?' => 1 << 38,
        b'-' | b'_' => 1 << 39,
        0x80.. => 1 << 63,
        _ => 1 << 40,
    }
}

/// The prefilter mask of a string: the bits of all its bytes (case-blind).
pub fn mask(s: &str) -> u64 {
    s.bytes().fold(0, |m, b| m | bit(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_quotes_and_case() {
        assert_eq!(lower_str("Café “Crème” l’été"), "cafe \"creme\" l'ete");
        assert_eq!(plain_str("Café ÉTÉ Łódź"), "Cafe ETE Lodz");
        assert_eq!(lower_str("ŁÓDŹ"), "lodz");
        for s in ["Café “Crème” l’été", "İstanbul ẞ Ω", "ascii only"] {
            assert_eq!(lower_str(s).chars().count(), s.chars().count());
            assert_eq!(plain_str(s).chars().count(), s.chars().count());
        }
    }

    #[test]
    fn masks_are_case_blind_and_cover_non_ascii() {
        assert_eq!(mask("Ab"), mask("aB"));
        assert_eq!(mask("é") & (1 << 63), 1 << 63);
        assert_eq!(mask("abc") & mask("xyz"), 0);
    }
}
