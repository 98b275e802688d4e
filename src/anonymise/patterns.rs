//! Shape-based identifiers: e-mail addresses, Norwegian phone numbers,
//! national identity numbers (fødselsnummer), dates of birth, street
//! addresses and postcodes with a place.
//!
//! Each regex is compiled once and has no `\b` (Unicode word boundaries
//! would push the regex engine off its fast DFA path); boundaries are
//! checked by hand around each match instead, so `æøå` count as letters.

use regex::Regex;

use super::Kind;
use super::gazetteer::Gazetteer;

/// One pattern match, in byte offsets into the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub confidence: f32,
}

const STREET_SUFFIXES: &str = "gata|gaten|gate|veien|vegen|vei|veg|stien|sti|plassen|plass|allé|alle|bakken|lia|svingen|tunet|tun|ringen|brekka|kroken|løkka|jordet|toppen|haugen|kaia|bryggen|brygga|terrasse";

pub(crate) struct Patterns {
    email: Regex,
    phone: Regex,
    fnr: Regex,
    birth: Regex,
    street: Regex,
    postcode: Regex,
    /// A date shape (numeric, `19. desember`, `fjortende februar åttifem`),
    /// a birth date only with a birth cue near it.
    date: Regex,
    /// Phone numbers with a foreign country code (`+48 601 223 847`).
    intl_phone: Regex,
    /// Street addresses written in lower case (`konnerudgata 7`, in chat).
    street_lower: Regex,
    /// A street name without a street word before `, 4616 Kristiansand`.
    street_before_postcode: Regex,
    /// References that look like names or numbers and must stay: white
    /// papers, official reports, bills, sections of a law.
    keep: Regex,
}

/// Words that say the date near them is a date of birth.
const BIRTH_CUES: &[&str] = &["født", "fødd", "fødsels", "bursdag", "f.dato", "fdato"];

impl Patterns {
    pub fn new() -> Self {
        let local = r"(?:[2-9]\d{7}|[2-9]\d{2}[ \u{a0}]\d{2}[ \u{a0}]\d{3}|[2-9]\d[ \u{a0}]\d{2}[ \u{a0}]\d{2}[ \u{a0}]\d{2}|[2-9]\d{3}[ \u{a0}]\d{4})";
        let phone = format!(r"(?:\+47|0047)[ \u{{a0}}]?{local}|{local}");
        let months = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des";
        let birth = format!(
            r"(?i)(?:født|fødd|f\.|fødselsdato|f\.dato|fdato)(?:[ \u{{a0}}]+den)?:?[ \u{{a0}}]*(\d{{1,2}}\.[ ]?\d{{1,2}}\.[ ]?(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.?[ \u{{a0}}]+(?:{months})\.?[ \u{{a0}}]+\d{{4}}|\d{{1,2}}/\d{{1,2}}[-/](?:\d{{4}}|\d{{2}}))"
        );
        let street = format!(
            r"(?:[A-ZÆØÅ]\p{{L}}+[ ]){{0,2}}(?:[A-ZÆØÅ]\p{{L}}*(?:{STREET_SUFFIXES})|(?:gate|gata|vei|veg|veien|vegen|allé|plass|terrasse))[ \u{{a0}}]\d{{1,4}}(?:[A-Za-z]|[ ][A-Z])?"
        );
        let ordinal = "(?:tjue|tretti)?(?:første|fyrste|andre|tredje|fjerde|femte|sjette|sjuende|sjuande|syvende|åttende|åttande|niende|niande)|tiende|tiande|ellevte|tolvte|trettende|fjortende|femtende|sekstende|syttende|attende|nittende|tjuende|trettiende";
        let year_words = "(?:nitten|atten)?(?:hundre(?:og)?)?(?:tjue|tretti|førti|femti|seksti|sytti|åtti|nitti)(?:en|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni)?";
        let date = format!(
            r"(?i)\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.[ ]?\d{{1,2}}\.[ ]?(?:\d{{4}}|\d{{2}})|\d{{1,2}}/\d{{1,2}}(?:[-/](?:\d{{4}}|\d{{2}}))?|\d{{1,2}}\.?[ \u{{a0}}]+(?:{months})(?:[ \u{{a0}}]+\d{{4}})?|(?:den[ ]+)?(?:{ordinal})[ ]+(?:{months})(?:[ ]+(?:\d{{4}}|{year_words}))?"
        );
        let street_lower =
            r"[a-zæøå]\p{Ll}*(?:gata|gaten|gate|veien|vegen|vei|veg|stien)[ ]\d{1,4}[a-z]?";
        Patterns {
            date: Regex::new(&date).expect("date regex"),
            intl_phone: Regex::new(r"\+(?:4[0-689]|3\d|[1-9]\d{2}|[1-9])[ \u{a0}]?\d{2,4}(?:[ \u{a0}]?\d{2,4}){1,4}")
                .expect("intl phone regex"),
            street_lower: Regex::new(street_lower).expect("street regex"),
            street_before_postcode: Regex::new(r"[A-ZÆØÅ][\p{L}\-]+(?:[ ][\p{L}\-]+)?[ ]\d{1,4}[A-Za-z]?,[ ]$")
                .expect("street regex"),
            keep: Regex::new(r"(?:Meld\.[ ]?St\.|St\.[ ]?meld\.|Prop\.|Innst\.|Ot\.[ ]?prp\.)[ ]?(?:nr\.[ ]?)?\d+(?:[ ][LS])?(?:[ ]?\(\d{4}[–\-]\d{2,4}\))?|NOU[ ]\d{4}[ ]?:[ ]?\d+|§§?[ \u{a0}]?\d+[A-Za-z]?(?:[–\-]\d+[A-Za-z]?)*")
                .expect("keep regex"),
            email: Regex::new(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+")
                .expect("email regex"),
            phone: Regex::new(&phone).expect("phone regex"),
            fnr: Regex::new(r"\d{6}[ \u{a0}]?\d{5}").expect("fnr regex"),
            birth: Regex::new(&birth).expect("birth regex"),
            street: Regex::new(&street).expect("street regex"),
            postcode: Regex::new(r"\d{4}[ \u{a0}]+[A-ZÆØÅ][\p{L}\-]*(?:[ ][\p{L}\-]+){0,3}")
                .expect("postcode regex"),
        }
    }

    /// All pattern hits in `text`, unordered, possibly overlapping.
    pub fn find(&self, text: &str, gaz: &Gazetteer, out: &mut Vec<Hit>) {
        for m in self.email.find_iter(text) {
            if word_edges(text, m.start(), m.end()) {
                out.push(hit(m.start(), m.end(), Kind::Email, 0.99));
            }
        }
        for m in self.fnr.find_iter(text) {
            if number_edges(text, m.start(), m.end()) {
                let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
                out.push(hit(
                    m.start(),
                    m.end(),
                    Kind::NationalId,
                    fnr_confidence(&digits),
                ));
            }
        }
        for m in self.phone.find_iter(text) {
            if number_edges(text, m.start(), m.end()) && !looks_like_two_years(m.as_str()) {
                let s = m.as_str();
                let spaced_4_4 = s.len() == 9 && s.as_bytes()[4] == b' ';
                let conf = if s.starts_with('+') || s.starts_with("00") {
                    0.98
                } else if spaced_4_4 {
                    0.7
                } else {
                    0.9
                };
                out.push(hit(m.start(), m.end(), Kind::Phone, conf));
            }
        }
        for c in self.birth.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let date = c.get(1).expect("date group");
            let letter_before = text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if !letter_before && number_edges(text, date.start(), date.end()) {
                out.push(hit(date.start(), date.end(), Kind::BirthDate, 0.9));
            }
        }
        for m in self.intl_phone.find_iter(text) {
            let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
            if !m.as_str().starts_with("+47")
                && (9..=14).contains(&digits)
                && number_edges(text, m.start(), m.end())
            {
                out.push(hit(m.start(), m.end(), Kind::Phone, 0.9));
            }
        }
        for m in self.date.find_iter(text) {
            let known = out
                .iter()
                .any(|h| h.kind == Kind::BirthDate && h.start == m.start() && h.end == m.end());
            if !known
                && word_edges(text, m.start(), m.end())
                && birth_cue_near(text, m.start(), m.end())
            {
                out.push(hit(m.start(), m.end(), Kind::BirthDate, 0.8));
            }
        }
        for m in self.street.find_iter(text) {
            if word_edges(text, m.start(), m.end()) {
                out.push(hit(m.start(), m.end(), Kind::Address, 0.9));
            }
        }
        for m in self.street_lower.find_iter(text) {
            if word_edges(text, m.start(), m.end()) {
                out.push(hit(m.start(), m.end(), Kind::Address, 0.8));
            }
        }
        for m in self.postcode.find_iter(text) {
            if !number_edges(text, m.start(), m.start() + 4) {
                continue;
            }
            if let Some(end) = postcode_place_end(text, m.start(), m.as_str(), gaz) {
                out.push(hit(m.start(), end, Kind::Address, 0.9));
                // `Tangvollen 8, 4616 Kristiansand`: street and postcode are
                // one address.
                let from = floor_char(text, m.start().saturating_sub(60));
                if let Some(street) = self.street_before_postcode.find(&text[from..m.start()]) {
                    let s = from + street.start();
                    if !text[..s]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                    {
                        out.push(hit(s, end, Kind::Address, 0.9));
                    }
                }
            }
        }
    }

    /// Byte spans that must stay as they are (`Meld. St. 6 (2019–2020)`,
    /// `NOU 2017: 12`, `§ 4A-3`).
    pub fn keeps(&self, text: &str) -> Vec<(usize, usize)> {
        self.keep
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

/// The nearest char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A birth cue in the 60 bytes before the date (on its line), or
/// `bursdag` right after it (`17. mai-bursdag`, `23/9, det er bursdagen`).
fn birth_cue_near(text: &str, start: usize, end: usize) -> bool {
    let from = floor_char(text, start.saturating_sub(70));
    let before = &text[from..start];
    let before = before.rsplit('\n').next().unwrap_or(before).to_lowercase();
    if BIRTH_CUES.iter().any(|c| before.contains(c)) {
        return true;
    }
    let to = floor_char(text, (end + 40).min(text.len()));
    let after = text[end..to].to_lowercase();
    after
        .split('\n')
        .next()
        .is_some_and(|a| a.contains("bursdag"))
}

fn hit(start: usize, end: usize, kind: Kind, confidence: f32) -> Hit {
    Hit {
        start,
        end,
        kind,
        confidence,
    }
}

/// The match is not glued to letters or digits on either side.
fn word_edges(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Like [`word_edges`], and also not part of a longer number written with
/// separators (`1.912 34 567`, `+4791234567` cut in the middle).
fn number_edges(text: &str, start: usize, end: usize) -> bool {
    if !word_edges(text, start, end) {
        return false;
    }
    let mut back = text[..start].chars().rev();
    let glued_before = matches!(back.next(), Some('.' | ',' | ':' | '+' | '-' | '/'))
        && back.next().is_some_and(|c| c.is_ascii_digit() || c == '+');
    let mut fwd = text[end..].chars();
    let glued_after = matches!(fwd.next(), Some('.' | ',' | ':' | '-' | '/'))
        && fwd.next().is_some_and(|c| c.is_ascii_digit());
    !glued_before && !glued_after
}

/// `2019 2020` is two years, not a phone number.
fn looks_like_two_years(s: &str) -> bool {
    let parts: Vec<&str> = s.split([' ', '\u{a0}']).collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")))
}

/// Confidence that 11 digits are a fødselsnummer: the two mod-11 check
/// digits pass (0.97); else the first six are a plausible date (0.75,
/// a typo); else still 11 digits in a transcript (0.55).
pub(crate) fn fnr_confidence(digits: &str) -> f32 {
    if fnr_check(digits) {
        0.97
    } else if fnr_date_plausible(digits) {
        0.75
    } else {
        0.55
    }
}

/// The two mod-11 check digits of a fødselsnummer (or D-number) are right.
pub fn fnr_check(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 11 || digits.chars().count() != 11 {
        return false;
    }
    const W1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const W2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let check = |weights: &[u32]| {
        let sum: u32 = weights.iter().zip(&d).map(|(w, x)| w * x).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    check(&W1) == Some(d[9]) && check(&W2) == Some(d[10])
}

/// DDMMYY is a date (D-numbers add 40 to the day, H-numbers 40 to the month).
fn fnr_date_plausible(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() < 6 {
        return false;
    }
    let mut day = d[0] * 10 + d[1];
    let mut month = d[2] * 10 + d[3];
    if day > 40 {
        day -= 40;
    }
    if month > 40 {
        month -= 40;
    }
    (1..=31).contains(&day) && (1..=12).contains(&month)
}

/// End (byte) of `NNNN Place`, when the words after the code start with a
/// known place. Four-digit years (19xx, 20xx) count only after a comma,
/// as in `Storgata 12, 2000 Lillestrøm`.
fn postcode_place_end(text: &str, start: usize, m: &str, gaz: &Gazetteer) -> Option<usize> {
    let code: u32 = m[..4].parse().ok()?;
    if (1900..=2099).contains(&code) {
        let before = text[..start].trim_end_matches([' ', '\u{a0}']);
        if !before.ends_with(',') {
            return None;
        }
    }
    let rest = m[4..].trim_start_matches([' ', '\u{a0}']);
    let rest_off = start + (m.len() - rest.len());
    // Word boundaries within `rest`, in bytes relative to `rest`.
    let mut ends = Vec::new();
    for (i, c) in rest.char_indices() {
        if c == ' ' {
            ends.push(i);
        }
    }
    ends.push(rest.len());
    for &e in ends.iter().rev() {
        let cand = &rest[..e];
        let lower = cand.to_lowercase();
        let known = if cand.contains(' ') {
            gaz.is_multi_place(&lower)
        } else {
            gaz.is_place(&lower)
        };
        if known && word_edges(text, start, rest_off + e) {
            return Some(rest_off + e);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let g = Gazetteer::load();
        let p = Patterns::new();
        let mut hits = Vec::new();
        p.find(text, &g, &mut hits);
        hits.sort_by_key(|h| h.start);
        hits.into_iter()
            .map(|h| (h.kind, text[h.start..h.end].to_string()))
            .collect()
    }

    fn phones(text: &str) -> Vec<String> {
        kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Phone)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn norwegian_phone_formats() {
        for p in [
            "+47 912 34 567",
            "0047 91234567",
            "91234567",
            "912 34 567",
            "22 33 44 55",
            "+4795512345",
            "4123 4567",
        ] {
            assert_eq!(
                phones(&format!("Ring {p}, takk.")),
                vec![p.to_string()],
                "{p}"
            );
        }
    }

    #[test]
    fn numbers_that_are_not_phones() {
        for t in [
            "i 2023 og 2024",
            "kl. 00:12:31",
            "fra 2019 2020",
            "12 elever og 45 minutter",
            "1 500 000 kroner",
            "123456789",
            "kontonummer 1234.56.78901",
            "01019912368",
        ] {
            assert!(phones(t).is_empty(), "{t}: {:?}", phones(t));
        }
    }

    #[test]
    fn fnr_check_digits() {
        assert!(fnr_check("01019912368"));
        assert!(fnr_check("15038745783"));
        assert!(!fnr_check("15038745780"));
        assert!(!fnr_check("1503874578"));
        assert!(fnr_confidence("01019912368") > fnr_confidence("15038745780"));
        assert!(fnr_confidence("15038745780") > fnr_confidence("99999999999"));
    }

    #[test]
    fn fnr_with_space_and_failing_check_still_flagged() {
        let k = kinds("nummeret er 240675 31821 og 15038745780.");
        assert_eq!(
            k,
            vec![
                (Kind::NationalId, "240675 31821".into()),
                (Kind::NationalId, "15038745780".into())
            ]
        );
    }

    #[test]
    fn birth_dates() {
        let k = kinds("Hun er født 01.01.1999, sønnen f. 1.1.09 og jeg født 3. mars 1987.");
        let dates: Vec<_> = k
            .iter()
            .filter(|(k, _)| *k == Kind::BirthDate)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(dates, vec!["01.01.1999", "1.1.09", "3. mars 1987"]);
        assert!(kinds("Møtet var 12.10.2023.").is_empty());
        assert!(kinds("ref. 1.1.09").is_empty());
    }

    #[test]
    fn addresses() {
        let k = kinds("Vi bor i Storgata 12, 6002 Ålesund. Han bor i Kongens gate 5B i Tromsø.");
        assert_eq!(
            k,
            vec![
                (Kind::Address, "Storgata 12".into()),
                // Street, postcode and town together, as one address.
                (Kind::Address, "Storgata 12, 6002 Ålesund".into()),
                (Kind::Address, "6002 Ålesund".into()),
                (Kind::Address, "Kongens gate 5B".into()),
            ]
        );
        let k = kinds("Adressen er Kleiveveien 14, 6453 Kleive og Parkveien 3, 9008 Tromsø.");
        let a: Vec<_> = k.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            a,
            vec![
                "Kleiveveien 14",
                "Kleiveveien 14, 6453 Kleive",
                "6453 Kleive",
                "Parkveien 3",
                "Parkveien 3, 9008 Tromsø",
                "9008 Tromsø"
            ]
        );
        // A year before a place name is not a postcode.
        assert!(kinds("i 2019 Ålesund").is_empty());
    }

    #[test]
    fn emails() {
        let k = kinds("Skriv til kari.nordvik@vestvik.kommune.no. Eller per-arne@gmail.com!");
        assert_eq!(
            k,
            vec![
                (Kind::Email, "kari.nordvik@vestvik.kommune.no".into()),
                (Kind::Email, "per-arne@gmail.com".into())
            ]
        );
    }
}
