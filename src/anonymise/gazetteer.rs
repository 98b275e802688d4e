//! Word lists: the national-scale lexicon in `assets/lexicon/` (given
//! names, surnames, places, bokmål word forms; [`super::lexicon`]) and
//! tema's own short lists in `assets/` (built by
//! `scripts/build_name_lists.py`, see `assets/ATTRIBUTION.md`), which win
//! where they are more specific. Every lookup is a hash probe on the
//! lowercase form.
//!
//! A lexicon name that is also an ordinary Norwegian word (`Kuba`, `Hope`
//! in a US list) counts as a name only when a Norwegian source has it:
//! whether a word is ordinary is decided by the word list.

use std::collections::HashSet;

use super::lexicon::{self, COMMON_NAME, Lexicon, NORWEGIAN, WORD};

const GIVEN: &str = include_str!("../../assets/no_given_names.txt");
const SURNAMES: &str = include_str!("../../assets/no_surnames.txt");
const PLACES: &str = include_str!("../../assets/no_places.txt");
const COMMON: &str = include_str!("../../assets/no_common_words.txt");

/// Words that follow a proper name and make it a workplace or an institution
/// (`Vestvik ungdomsskole`, `Bakketun sykehjem`). Lowercase.
const INSTITUTION_WORDS: &[&str] = &[
    "skole",
    "skule",
    "ungdomsskole",
    "ungdomsskule",
    "barneskole",
    "barneskule",
    "oppvekstsenter",
    "gymnas",
    "folkehøgskole",
    "barnehage",
    "barnehagen",
    "sykehjem",
    "sjukeheim",
    "omsorgssenter",
    "legekontor",
    "legesenter",
    "helsestasjon",
    "helsesenter",
    "sykehus",
    "sjukehus",
    "sykehuset",
    "sjukehuset",
    "tannklinikk",
    "bibliotek",
    "menighet",
    "idrettslag",
    "fotballklubb",
    "kirke",
    "videregående",
    "rådhus",
    "fritidsklubb",
    "ungdomsklubb",
    "ungdomshus",
    "kommunehus",
    "kulturhus",
    "kommune",
    "fylkeskommune",
];

/// Endings that make one capitalised compound word a workplace
/// (`Helgelandssykehuset`, `Bjørkelibarnehagen`).
const INSTITUTION_ENDINGS: &[&str] = &[
    "sykehuset",
    "sjukehuset",
    "sykehus",
    "sjukehus",
    "skole",
    "skolen",
    "skule",
    "skulen",
    "barnehage",
    "barnehagen",
    "sykehjem",
    "sykehjemmet",
    "legesenter",
    "legesenteret",
    "legekontor",
    "legekontoret",
];

/// Company-form suffixes written in capitals after the name (`Molde Rør AS`).
const COMPANY_SUFFIXES: &[&str] = &["AS", "ASA", "SA", "ANS", "DA", "BA", "ENK", "KF", "IKS"];

/// Public bodies that may be followed by a local unit name, which makes the
/// unit a workplace (`NAV Sentrum`, `BUP Molde`).
const UNIT_PREFIXES: &[&str] = &["nav", "bup", "ppt", "dps", "abup", "barnevernet"];

/// Prepositions that, before an unknown capitalised word, suggest a place.
const PLACE_PREPOSITIONS: &[&str] = &[
    "i", "på", "fra", "til", "ved", "mot", "nær", "utenfor", "rundt", "gjennom", "over", "forbi",
];

/// Verbs (and a few auxiliaries) which, right after a sentence-initial word
/// that is both a name and an ordinary word, show that it is a name:
/// "Tone er flink", "Per har også", "Liv flyttet".
const PERSON_CUES: &[&str] = &[
    "sa",
    "sier",
    "mener",
    "mente",
    "synes",
    "syntes",
    "tror",
    "trodde",
    "fortalte",
    "forteller",
    "ringte",
    "ringer",
    "spurte",
    "spør",
    "svarte",
    "svarer",
    "jobber",
    "jobbet",
    "jobba",
    "kom",
    "gikk",
    "flyttet",
    "flytta",
    "bor",
    "bodde",
    "er",
    "var",
    "har",
    "hadde",
    "skal",
    "skulle",
    "vil",
    "ville",
    "kan",
    "kunne",
    "må",
    "måtte",
    "fikk",
    "får",
    "ble",
    "blir",
    "sendte",
    "skrev",
    "hjalp",
    "hjelper",
    "likte",
    "liker",
    "heter",
    "het",
    "ønsket",
    "vet",
    "visste",
    "tok",
    "gjorde",
    "gjør",
    "kjenner",
    "kjente",
    "snakket",
    "snakker",
    "ba",
    "hilser",
    "sluttet",
    "begynte",
    "døde",
    "fylte",
    "trives",
    "savner",
];

/// Role labels that open a speaker turn ("Intervjuer:", "Informant 2:").
const SPEAKER_LABELS: &[&str] = &[
    "i",
    "int",
    "intervjuer",
    "intervjuar",
    "informant",
    "inf",
    "ip",
    "deltaker",
    "deltakar",
    "moderator",
    "mod",
    "leder",
    "svar",
    "respondent",
    "forsker",
    "fasilitator",
    "kvinne",
    "mann",
    "elev",
    "lærer",
    "forelder",
    "mor",
    "far",
    "person",
    "r",
    "p",
    "d",
];

pub(crate) struct Gazetteer {
    given: HashSet<String>,
    surnames: HashSet<String>,
    /// Single-word places, lowercase.
    places: HashSet<String>,
    /// Multi-word places, lowercase, words joined by one space.
    multi_places: HashSet<String>,
    /// Longest multi-word place, in words.
    pub max_place_words: usize,
    common: HashSet<String>,
    institutions: HashSet<&'static str>,
    unit_prefixes: HashSet<&'static str>,
    place_preps: HashSet<&'static str>,
    person_cues: HashSet<&'static str>,
    speaker_labels: HashSet<&'static str>,
    lex: &'static Lexicon,
}

fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Gazetteer {
    pub fn load() -> Self {
        let given = lines(GIVEN).map(str::to_lowercase).collect();
        let surnames = lines(SURNAMES).map(str::to_lowercase).collect();
        let mut places = HashSet::new();
        let mut multi_places = HashSet::new();
        let mut max_place_words = 1;
        for p in lines(PLACES) {
            let lower = p.to_lowercase();
            let words = lower.split(' ').count();
            if words > 1 {
                max_place_words = max_place_words.max(words);
                multi_places.insert(lower);
            } else {
                places.insert(lower);
            }
        }
        Gazetteer {
            given,
            surnames,
            places,
            multi_places,
            max_place_words: max_place_words.max(lexicon::MAX_PLACE_WORDS),
            common: lines(COMMON).map(str::to_lowercase).collect(),
            institutions: INSTITUTION_WORDS.iter().copied().collect(),
            unit_prefixes: UNIT_PREFIXES.iter().copied().collect(),
            place_preps: PLACE_PREPOSITIONS.iter().copied().collect(),
            person_cues: PERSON_CUES.iter().copied().collect(),
            speaker_labels: SPEAKER_LABELS.iter().copied().collect(),
            lex: lexicon::lexicon(),
        }
    }

    /// A given name, also each part of a hyphenated one (`per-arne`).
    pub fn is_given(&self, lower: &str) -> bool {
        self.given_one(lower) || all_parts(lower, |p| self.given_one(p))
    }

    fn given_one(&self, lower: &str) -> bool {
        self.given.contains(lower) || lex_name(self.lex.given.get(lower))
    }

    /// A given name from a Norwegian source (SSB, tema's list): strong
    /// enough to be read as a name at a sentence start when it is also a
    /// word (`Liv sa`), unlike a name only a foreign list has.
    pub fn is_norwegian_given(&self, lower: &str) -> bool {
        self.given.contains(lower)
            || self
                .lex
                .given
                .get(lower)
                .is_some_and(|f| f & NORWEGIAN != 0)
    }

    /// A given name common in Norway (`marius`, `rune`): a name even in
    /// lower case, where context says a person is meant.
    pub fn is_common_given(&self, lower: &str) -> bool {
        self.given.contains(lower)
            || self
                .lex
                .given
                .get(lower)
                .is_some_and(|f| f & COMMON_NAME != 0)
    }

    /// Any given name the lexicon has, also one that is a word (`mai`).
    pub fn is_any_given(&self, lower: &str) -> bool {
        self.given.contains(lower) || self.lex.given.contains_key(lower)
    }

    pub fn is_surname(&self, lower: &str) -> bool {
        self.surname_one(lower) || all_parts(lower, |p| self.surname_one(p) || self.given_one(p))
    }

    fn surname_one(&self, lower: &str) -> bool {
        self.surnames.contains(lower) || lex_name(self.lex.surnames.get(lower))
    }

    pub fn is_name(&self, lower: &str) -> bool {
        self.is_given(lower) || self.is_surname(lower)
    }

    /// The name an ASCII-folded form stands for (`haakon` → `håkon`), or
    /// the form itself when it is a name already.
    pub fn unfold_name(&self, lower: &str) -> Option<String> {
        if self.is_name(lower) {
            return Some(lower.to_string());
        }
        self.lex
            .folded
            .get(lower)
            .filter(|n| self.is_name(n))
            .cloned()
    }

    pub fn is_place(&self, lower: &str) -> bool {
        self.places.contains(lower) || lex_name(self.lex.places.get(lower))
    }

    pub fn is_multi_place(&self, lower_joined: &str) -> bool {
        self.multi_places.contains(lower_joined) || self.lex.multi_places.contains(lower_joined)
    }

    /// An ordinary word: on tema's common-word list or a bokmål word form.
    pub fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower) || self.lex.is_word(lower)
    }

    pub fn is_institution(&self, lower: &str) -> bool {
        self.institutions.contains(lower)
    }

    /// A compound ending in an institution word, with at least three
    /// letters before it (`helgelandssykehuset`).
    pub fn is_institution_compound(&self, lower: &str) -> bool {
        INSTITUTION_ENDINGS.iter().any(|e| {
            lower
                .strip_suffix(e)
                .is_some_and(|head| head.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        })
    }

    pub fn is_company_suffix(&self, word: &str) -> bool {
        COMPANY_SUFFIXES.contains(&word)
    }

    pub fn is_unit_prefix(&self, lower: &str) -> bool {
        self.unit_prefixes.contains(lower)
    }

    pub fn is_place_prep(&self, lower: &str) -> bool {
        self.place_preps.contains(lower)
    }

    pub fn is_person_cue(&self, lower: &str) -> bool {
        self.person_cues.contains(lower)
    }

    pub fn is_speaker_label(&self, lower: &str) -> bool {
        self.speaker_labels.contains(lower)
    }
}

/// A lexicon entry that counts as a name or place: from a Norwegian source,
/// or not also an ordinary word.
fn lex_name(flags: Option<&u8>) -> bool {
    flags.is_some_and(|f| f & NORWEGIAN != 0 || f & WORD == 0)
}

/// True when `word` is hyphenated and every part satisfies `f`.
fn all_parts(word: &str, f: impl Fn(&str) -> bool) -> bool {
    word.contains('-') && word.split('-').all(|p| !p.is_empty() && f(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_answer() {
        let g = Gazetteer::load();
        assert!(g.is_given("kari"));
        assert!(g.is_given("per-arne"));
        assert!(g.is_surname("solheim"));
        assert!(g.is_surname("lunde-hansen"));
        assert!(g.is_place("ålesund"));
        assert!(g.is_place("kristiansund"));
        assert!(g.is_multi_place("mo i rana"));
        assert!(g.is_common("livet"));
        assert!(!g.is_common("kari"));
        assert!(g.max_place_words >= 3);
        assert!(g.is_institution_compound("helgelandssykehuset"));
        assert!(!g.is_institution_compound("skolen"));
    }
}
