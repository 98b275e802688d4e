//! Consistent pseudonyms: the same entity always gets the same label, in
//! every document, from editable templates (`[Person {letter}]`).
//!
//! Places and municipalities share one letter sequence, so `Tromsø` and
//! `Tromsø kommune` become `[Sted A]` and `[Kommune A]`. Schools get their
//! own sequence (`[Skole A]`), other workplaces theirs (`[Arbeidsplass A]`).
//! Direct identifiers have plain labels (`[telefon]`) while a corpus has
//! one of them, numbered ones (`[telefon 1]`, `[telefon 2]`) from two on.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Kind, Suggestion};

/// What a label template is chosen by: a [`Kind`], refined for
/// municipalities and schools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelClass {
    Person,
    Place,
    Municipality,
    Workplace,
    School,
    Address,
    Email,
    Phone,
    NationalId,
    BirthDate,
}

/// Words in a workplace name that make it a school.
const SCHOOL_WORDS: &[&str] = &["skole", "skule", "skolen", "gymnas", "videregående"];

impl LabelClass {
    pub const ALL: [LabelClass; 10] = [
        LabelClass::Person,
        LabelClass::Place,
        LabelClass::Municipality,
        LabelClass::Workplace,
        LabelClass::School,
        LabelClass::Address,
        LabelClass::Email,
        LabelClass::Phone,
        LabelClass::NationalId,
        LabelClass::BirthDate,
    ];

    /// The class for an entity of `kind` whose text (or canonical entity)
    /// is `text`.
    pub fn of(kind: Kind, text: &str) -> LabelClass {
        let lower = text.to_lowercase();
        let last = lower.split_whitespace().last().unwrap_or("");
        match kind {
            Kind::Person => LabelClass::Person,
            Kind::Place if last.starts_with("kommune") || last.starts_with("fylkeskommune") => {
                LabelClass::Municipality
            }
            Kind::Place => LabelClass::Place,
            Kind::Workplace
                if lower.split_whitespace().any(|w| {
                    SCHOOL_WORDS
                        .iter()
                        .any(|s| w.trim_end_matches('s').ends_with(s))
                }) =>
            {
                LabelClass::School
            }
            Kind::Workplace => LabelClass::Workplace,
            Kind::Address => LabelClass::Address,
            Kind::Email => LabelClass::Email,
            Kind::Phone => LabelClass::Phone,
            Kind::NationalId => LabelClass::NationalId,
            Kind::BirthDate => LabelClass::BirthDate,
        }
    }

    pub fn default_template(self) -> &'static str {
        match self {
            LabelClass::Person => "[Person {letter}]",
            LabelClass::Place => "[Sted {letter}]",
            LabelClass::Municipality => "[Kommune {letter}]",
            LabelClass::Workplace => "[Arbeidsplass {letter}]",
            LabelClass::School => "[Skole {letter}]",
            LabelClass::Address => "[adresse]",
            LabelClass::Email => "[e-post]",
            LabelClass::Phone => "[telefon]",
            LabelClass::NationalId => "[fødselsnummer]",
            LabelClass::BirthDate => "[fødselsdato]",
        }
    }

    /// Classes that number their entities together.
    fn sequence(self) -> LabelClass {
        match self {
            LabelClass::Municipality => LabelClass::Place,
            other => other,
        }
    }
}

/// Assigns labels; keep one per project (or per export) so numbering is
/// stable. The assignments are the link key: store them apart from the
/// shared data.
#[derive(Debug, Clone)]
pub struct Pseudonymiser {
    templates: HashMap<LabelClass, String>,
    /// (sequence class, lowercase entity) → 1-based number.
    numbers: HashMap<(LabelClass, String), usize>,
    counters: HashMap<LabelClass, usize>,
    /// Numbers given out per sequence (also those reserved from earlier
    /// decisions), so a new entity never gets a number already in use.
    used: HashSet<(LabelClass, usize)>,
    /// Labels in use elsewhere (written by the user, already in the text):
    /// numbering skips a number whose label would collide with one.
    taken: HashSet<String>,
}

impl Default for Pseudonymiser {
    fn default() -> Self {
        Self::new()
    }
}

impl Pseudonymiser {
    /// Default Norwegian templates.
    pub fn new() -> Self {
        let templates = LabelClass::ALL
            .into_iter()
            .map(|c| (c, c.default_template().to_string()))
            .collect();
        Pseudonymiser {
            templates,
            numbers: HashMap::new(),
            counters: HashMap::new(),
            used: HashSet::new(),
            taken: HashSet::new(),
        }
    }

    /// Templates may use `{letter}` (A, B, … Z, AA, AB, …) and `{n}` (1, 2, …).
    pub fn set_template(&mut self, class: LabelClass, template: impl Into<String>) {
        self.templates.insert(class, template.into());
    }

    pub fn template(&self, class: LabelClass) -> &str {
        self.templates
            .get(&class)
            .map_or_else(|| class.default_template(), String::as_str)
    }

    pub fn templates(&self) -> &HashMap<LabelClass, String> {
        &self.templates
    }

    /// The label of an entity; the first call for an entity numbers it.
    pub fn label(&mut self, kind: Kind, entity: &str) -> String {
        let class = LabelClass::of(kind, entity);
        self.label_class(class, entity)
    }

    /// The label for one suggestion: its entity's number, with the template
    /// chosen by what the text says (`Tromsø kommune` → `[Kommune A]`,
    /// `Tromsø` → `[Sted A]`).
    pub fn label_for(&mut self, s: &Suggestion) -> String {
        let by_text = LabelClass::of(s.kind, &s.text);
        let class = if by_text == LabelClass::Workplace {
            LabelClass::of(s.kind, &s.entity)
        } else {
            by_text
        };
        self.label_class(class, &s.entity)
    }

    /// What replaces the suggestion's text: the label, plus the genitive
    /// `s` when the text is a genitive of the entity (`Karis` → `[Person A]s`).
    pub fn replacement(&mut self, s: &Suggestion) -> String {
        let mut label = self.label_for(s);
        if is_genitive_of(&s.text, &s.entity) {
            label.push('s');
        }
        label
    }

    /// Number all entities in document order, so labels follow first
    /// appearance (`[Person A]` is the first person met).
    pub fn assign_all(&mut self, suggestions: &[Suggestion]) {
        let mut sorted: Vec<&Suggestion> = suggestions.iter().collect();
        sorted.sort_by_key(|s| (s.doc, s.start));
        for s in sorted {
            self.label_for(s);
        }
    }

    /// The link key: (class, entity as given, label), sorted by class and
    /// number.
    pub fn assignments(&self) -> Vec<(LabelClass, String, String)> {
        let mut v: Vec<_> = self
            .numbers
            .iter()
            .map(|((class, entity), &n)| (*class, n, entity.clone()))
            .collect();
        v.sort();
        v.into_iter()
            .map(|(class, n, entity)| (class, entity, fill(self.template(class), n)))
            .collect()
    }

    /// Fix an entity's number (decided earlier and stored); numbering of
    /// other entities skips it.
    pub fn reserve(&mut self, kind: Kind, entity: &str, n: usize) {
        let seq = LabelClass::of(kind, entity).sequence();
        self.numbers.insert((seq, entity_key(entity)), n);
        self.used.insert((seq, n));
    }

    /// Mark a label as in use (a replacement the user wrote, or one already
    /// in the text), so no new entity is numbered into it.
    pub fn reserve_label(&mut self, label: &str) {
        self.taken.insert(label.to_string());
    }

    /// The number an entity has been given, if any.
    pub fn number(&self, kind: Kind, entity: &str) -> Option<usize> {
        let seq = LabelClass::of(kind, entity).sequence();
        self.numbers.get(&(seq, entity_key(entity))).copied()
    }

    fn label_class(&mut self, class: LabelClass, entity: &str) -> String {
        let mut template = self.template(class).to_string();
        let plain = !template.contains("{letter}") && !template.contains("{n}");
        if plain {
            // A plain label (`[telefon]`) stays plain while the corpus has
            // one such entity; with two or more each gets its number
            // (`[telefon 1]`, `[telefon 2]`): distinct originals must stay
            // distinct, or the text and the link key lose information.
            template = numbered(&template);
        }
        let seq = class.sequence();
        let key = (seq, entity_key(entity));
        let n = match self.numbers.get(&key) {
            Some(&n) => n,
            None => {
                let c = self.counters.entry(seq).or_insert(0);
                let mut n = *c + 1;
                while self.used.contains(&(seq, n)) || self.taken.contains(&fill(&template, n)) {
                    n += 1;
                }
                *c = n;
                self.used.insert((seq, n));
                self.numbers.insert(key, n);
                n
            }
        };
        if plain && self.numbers.keys().filter(|(c, _)| *c == seq).count() < 2 {
            return self.template(class).to_string();
        }
        fill(&template, n)
    }
}

/// `[telefon]` → `[telefon {n}]`.
fn numbered(template: &str) -> String {
    match template.strip_suffix(']') {
        Some(head) => format!("{head} {{n}}]"),
        None => format!("{template} {{n}}"),
    }
}

/// Entities compare case-insensitively, without `kommune`.
fn entity_key(entity: &str) -> String {
    let lower = entity.trim().to_lowercase();
    lower
        .strip_suffix(" kommune")
        .map(str::to_string)
        .unwrap_or(lower)
}

fn fill(template: &str, n: usize) -> String {
    template
        .replace("{letter}", &letters(n))
        .replace("{n}", &n.to_string())
}

/// 1 → A, 26 → Z, 27 → AA (spreadsheet columns).
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    out.iter().rev().collect()
}

/// `Karis` is a genitive of `Kari Nordvik`; `Hans` is not of `Hans Berg`.
pub(crate) fn is_genitive_of(text: &str, entity: &str) -> bool {
    let t = text.to_lowercase();
    let e = entity.to_lowercase();
    if t == e {
        return false;
    }
    let Some(stem) = t.strip_suffix('s') else {
        return false;
    };
    e == stem || e.split_whitespace().any(|w| w == stem) || e.ends_with(stem) && stem.contains(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sug(doc: i64, start: usize, text: &str, kind: Kind, entity: &str) -> Suggestion {
        Suggestion {
            doc,
            start,
            end: start + text.chars().count(),
            text: text.into(),
            kind,
            entity: entity.into(),
            confidence: 0.9,
            context: String::new(),
        }
    }

    #[test]
    fn same_entity_same_label_across_forms_and_documents() {
        let mut p = Pseudonymiser::new();
        let a = sug(1, 0, "Kari Nordvik", Kind::Person, "Kari Nordvik");
        let b = sug(2, 5, "Karis", Kind::Person, "Kari Nordvik");
        let c = sug(2, 9, "Per", Kind::Person, "Per Sandvik");
        let d = sug(3, 0, "kari", Kind::Person, "kari nordvik");
        assert_eq!(p.label_for(&a), "[Person A]");
        assert_eq!(p.label_for(&c), "[Person B]");
        assert_eq!(p.label_for(&b), "[Person A]");
        assert_eq!(p.replacement(&b), "[Person A]s");
        assert_eq!(p.replacement(&d), "[Person A]");
    }

    #[test]
    fn places_municipalities_schools_workplaces() {
        let mut p = Pseudonymiser::new();
        let place = sug(1, 0, "Tromsø", Kind::Place, "Tromsø");
        let muni = sug(1, 10, "Tromsø kommune", Kind::Place, "Tromsø");
        let other = sug(1, 30, "Ålesunds", Kind::Place, "Ålesund");
        assert_eq!(p.label_for(&place), "[Sted A]");
        assert_eq!(p.label_for(&muni), "[Kommune A]");
        assert_eq!(p.replacement(&other), "[Sted B]s");
        let school = sug(1, 40, "Kleive skoles", Kind::Workplace, "Kleive skole");
        let school2 = sug(
            1,
            60,
            "Vestvik ungdomsskole",
            Kind::Workplace,
            "Vestvik ungdomsskole",
        );
        let nav = sug(1, 80, "NAV Sentrum", Kind::Workplace, "NAV Sentrum");
        assert_eq!(p.label_for(&school), "[Skole A]");
        assert_eq!(p.label_for(&school2), "[Skole B]");
        assert_eq!(p.label_for(&nav), "[Arbeidsplass A]");
        assert_eq!(p.label(Kind::Phone, "91234567"), "[telefon]");
        assert_eq!(p.label(Kind::Phone, "91234567"), "[telefon]");
        assert_eq!(p.label(Kind::Phone, "48211234"), "[telefon 2]");
        assert_eq!(p.label(Kind::Phone, "91234567"), "[telefon 1]");
        assert_eq!(p.label(Kind::NationalId, "01019912368"), "[fødselsnummer]");
        assert_eq!(p.label(Kind::Email, "a@b.no"), "[e-post]");
        assert_eq!(p.label(Kind::Address, "Storgata 12"), "[adresse]");
        assert_eq!(p.label(Kind::BirthDate, "01.01.1999"), "[fødselsdato]");
    }

    #[test]
    fn editable_templates_and_numbers() {
        let mut p = Pseudonymiser::new();
        p.set_template(LabelClass::Person, "[Informant {n}]");
        p.set_template(LabelClass::Phone, "[tlf. {n}]");
        assert_eq!(p.label(Kind::Person, "Kari Nordvik"), "[Informant 1]");
        assert_eq!(p.label(Kind::Person, "Ola Hansen"), "[Informant 2]");
        assert_eq!(p.label(Kind::Person, "KARI NORDVIK"), "[Informant 1]");
        assert_eq!(p.label(Kind::Phone, "91234567"), "[tlf. 1]");
        let key = p.assignments();
        assert_eq!(
            key[0],
            (
                LabelClass::Person,
                "kari nordvik".into(),
                "[Informant 1]".into()
            )
        );
        assert_eq!(letters(1), "A");
        assert_eq!(letters(26), "Z");
        assert_eq!(letters(27), "AA");
    }

    #[test]
    fn reserved_numbers_and_taken_labels_are_skipped() {
        let mut p = Pseudonymiser::new();
        p.reserve(Kind::Person, "Kari Nordvik", 2);
        p.reserve_label("[Person C]");
        assert_eq!(p.label(Kind::Person, "Ola Hansen"), "[Person A]");
        assert_eq!(p.label(Kind::Person, "Kari Nordvik"), "[Person B]");
        assert_eq!(p.label(Kind::Person, "Per Sandvik"), "[Person D]");
        assert_eq!(p.number(Kind::Person, "per sandvik"), Some(4));
    }

    #[test]
    fn assign_all_follows_document_order() {
        let mut p = Pseudonymiser::new();
        let s = vec![
            sug(2, 0, "Ola", Kind::Person, "Ola Hansen"),
            sug(1, 50, "Kari", Kind::Person, "Kari Nordvik"),
            sug(1, 10, "Per", Kind::Person, "Per Sandvik"),
        ];
        p.assign_all(&s);
        assert_eq!(p.label(Kind::Person, "Per Sandvik"), "[Person A]");
        assert_eq!(p.label(Kind::Person, "Kari Nordvik"), "[Person B]");
        assert_eq!(p.label(Kind::Person, "Ola Hansen"), "[Person C]");
    }
}
