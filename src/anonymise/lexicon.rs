//! The national-scale lexicon in `assets/lexicon/` (see its README.md):
//! given names, surnames, places and bokmål word forms, gzip TSV embedded
//! in the binary and parsed once per process into hash maps keyed by the
//! lowercase form, so every lookup stays one hash probe.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

const GIVEN_GZ: &[u8] = include_bytes!("../../assets/lexicon/given_names.txt.gz");
const SURNAMES_GZ: &[u8] = include_bytes!("../../assets/lexicon/surnames.txt.gz");
const PLACES_GZ: &[u8] = include_bytes!("../../assets/lexicon/places.txt.gz");
const WORDS_GZ: &[u8] = include_bytes!("../../assets/lexicon/words_nb_nn.txt.gz");

/// A name or place of a Norwegian source (SSB, Posten, tema's lists).
pub(crate) const NORWEGIAN: u8 = 1;
/// The same string, lower-cased, is an ordinary word.
pub(crate) const WORD: u8 = 2;
/// A given name common in Norway (SSB share ≥ 10 per 100,000 births in
/// some year): likely a name even in lower case.
pub(crate) const COMMON_NAME: u8 = 4;

/// Multi-word places longer than this are not looked for.
pub(crate) const MAX_PLACE_WORDS: usize = 4;

pub(crate) struct Lexicon {
    pub given: HashMap<String, u8>,
    pub surnames: HashMap<String, u8>,
    /// Single-word places.
    pub places: HashMap<String, u8>,
    /// Multi-word places, words joined by one space.
    pub multi_places: HashSet<String>,
    /// Ordinary word forms, lowercase.
    pub words: HashSet<String>,
    /// ASCII-folded given names and surnames (`haakon`, `saeboe`, `lokken`)
    /// → the lowercase name.
    pub folded: HashMap<String, String>,
    /// ASCII-folded Norwegian places (`baerum`, `grunerlokka`) → the place.
    pub folded_places: HashMap<String, String>,
}

/// The lexicon, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::load)
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("embedded lexicon is valid gzip UTF-8");
    out
}

/// Rows after the header, split on tabs.
fn rows(src: &str) -> impl Iterator<Item = Vec<&str>> {
    src.lines().skip(1).map(|l| l.split('\t').collect())
}

fn flags_of(sources: &str, flags: &str) -> u8 {
    let mut f = 0;
    if sources.contains('s') || sources.contains('t') {
        f |= NORWEGIAN;
    }
    if flags.split(',').any(|x| x == "w") {
        f |= WORD;
    }
    f
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut given: HashMap<String, u8> = HashMap::new();
        for r in rows(&gunzip(GIVEN_GZ)) {
            let (Some(name), Some(ssb)) = (r.first(), r.get(1)) else {
                continue;
            };
            let mut f = flags_of(r.get(3).unwrap_or(&""), r.get(4).unwrap_or(&""));
            if ssb.parse::<u32>().is_ok_and(|v| v >= 10) {
                f |= COMMON_NAME;
            }
            *given.entry(name.to_lowercase()).or_default() |= f;
        }
        let mut surnames: HashMap<String, u8> = HashMap::new();
        for r in rows(&gunzip(SURNAMES_GZ)) {
            let Some(name) = r.first() else { continue };
            let f = flags_of(r.get(2).unwrap_or(&""), r.get(3).unwrap_or(&""));
            *surnames.entry(name.to_lowercase()).or_default() |= f;
        }
        let mut places: HashMap<String, u8> = HashMap::new();
        let mut multi_places = HashSet::new();
        for r in rows(&gunzip(PLACES_GZ)) {
            let Some(name) = r.first() else { continue };
            let lower = name.to_lowercase();
            let words = lower.split(' ').count();
            if words > 1 {
                if words <= MAX_PLACE_WORDS {
                    multi_places.insert(lower);
                }
                continue;
            }
            let mut f = flags_of(r.get(2).unwrap_or(&""), r.get(3).unwrap_or(&""));
            if r.get(1).is_some_and(|c| c.split(',').any(|c| c == "NO")) {
                f |= NORWEGIAN;
            } else {
                f &= !NORWEGIAN;
            }
            *places.entry(lower).or_default() |= f;
        }
        let words: HashSet<String> = rows(&gunzip(WORDS_GZ))
            .filter_map(|r| r.first().map(|w| w.to_lowercase()))
            .collect();
        let mut folded = HashMap::new();
        let mut names: Vec<&String> = given.keys().chain(surnames.keys()).collect();
        names.sort();
        for name in names {
            for v in ascii_variants(name) {
                if v != *name {
                    folded.entry(v).or_insert_with(|| name.clone());
                }
            }
        }
        let mut folded_places = HashMap::new();
        let mut sorted: Vec<(&String, &u8)> = places.iter().collect();
        sorted.sort();
        for (place, f) in sorted {
            if f & NORWEGIAN != 0 && !place.is_ascii() {
                for v in ascii_variants(place) {
                    folded_places.entry(v).or_insert_with(|| place.clone());
                }
            }
        }
        Lexicon {
            folded_places,
            given,
            surnames,
            places,
            multi_places,
            words,
            folded,
        }
    }

    pub fn is_word(&self, lower: &str) -> bool {
        self.words.contains(lower)
    }
}

/// The ways a lowercase name is written in ASCII in file names and
/// handles: `håkon` → `hakon`, `haakon`; `sæbø` → `saebo`, `saeboe`;
/// other marks dropped (`maëlle` → `maelle`, `łukasz` → `lukasz`).
pub(crate) fn ascii_variants(lower: &str) -> Vec<String> {
    if lower.is_ascii() {
        return vec![lower.to_string()];
    }
    let short = fold_with(lower, false);
    let long = fold_with(lower, true);
    if short == long {
        vec![short]
    } else {
        vec![short, long]
    }
}

/// One ASCII spelling: `long` writes ø as `oe` and å as `aa`.
fn fold_with(lower: &str, long: bool) -> String {
    let mut out = String::with_capacity(lower.len() + 2);
    for c in lower.chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' if long => out.push_str("oe"),
            'å' if long => out.push_str("aa"),
            'ü' if long => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii() => out.push(c),
            c => out.push(base_letter(c)),
        }
    }
    out
}

/// The Latin base letter of a letter with marks (`é` → `e`, `ł` → `l`).
fn base_letter(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáâãäåāăąǎạảấầẩẫậắằẳẵặ", 'a'),
        ("çćĉċč", 'c'),
        ("ďđ", 'd'),
        ("èéêëēĕėęěẹẻẽếềểễệ", 'e'),
        ("ĝğġģ", 'g'),
        ("ĥħ", 'h'),
        ("ìíîïĩīĭįıǐịỉ", 'i'),
        ("ĵ", 'j'),
        ("ķ", 'k'),
        ("ĺļľŀł", 'l'),
        ("ñńņňŉ", 'n'),
        ("òóôõöøōŏőǒọỏốồổỗộớờởỡợơ", 'o'),
        ("ŕŗř", 'r'),
        ("śŝşšș", 's'),
        ("ţťŧț", 't'),
        ("ùúûüũūŭůűųǔưụủứừửữự", 'u'),
        ("ŵ", 'w'),
        ("ýÿŷỳỵỷỹ", 'y'),
        ("źżž", 'z'),
    ];
    GROUPS
        .iter()
        .find(|(set, _)| set.contains(c))
        .map_or(c, |&(_, b)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_as_file_names_do() {
        assert_eq!(ascii_variants("håkon"), vec!["hakon", "haakon"]);
        assert_eq!(ascii_variants("sæbø"), vec!["saebo", "saeboe"]);
        assert_eq!(ascii_variants("maëlle"), vec!["maelle"]);
        assert_eq!(ascii_variants("wiśniewska"), vec!["wisniewska"]);
    }

    #[test]
    fn lexicon_loads() {
        let l = lexicon();
        assert!(l.given.contains_key("agnieszka"));
        assert!(l.surnames.contains_key("nguyen"));
        assert!(l.places.contains_key("mogadishu"));
        assert!(l.is_word("livet"));
        assert!(!l.is_word("marius"));
        assert_eq!(l.folded.get("haakon").map(String::as_str), Some("håkon"));
        assert!(l.multi_places.contains("mo i rana"));
    }
}
