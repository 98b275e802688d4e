//! Identifiers outside the transcripts: participant and speaker labels,
//! document and file names, attribute values, code names and
//! descriptions, memos, notes, themes and the journal — every text field a
//! shared copy carries (the columns apply rewrites, `ops::scrub_columns`).
//!
//! The detector's heuristics need context that a short field lacks (a
//! capitalised code name is not a name, `Gruppe 1` is not a place), so a
//! field is read according to what it is:
//!
//! - **labels** of participants and speakers name people by definition:
//!   unless a label is a role or a code (`Informant 3`, `Lærer`, `IP9`,
//!   `R017`), its name words are a person (`Nordvik, K.`, `Kari N.`);
//! - **short fields** (fewer than [`PROSE_WORDS`] words: titles, names,
//!   attribute values) get a strict rule: shape identifiers (e-mail, phone,
//!   fødselsnummer, ...), runs of words on the name lists with at least one
//!   that is not an ordinary word, words on the place list that are not
//!   ordinary words, and every form of a known entity;
//! - **prose** (memos, notes, descriptions, definitions, the journal) is
//!   read by the detector together with the transcripts, as more of the
//!   same corpus, plus every form of a known entity.
//!
//! A *known* entity was found in the transcripts or in prose, decided by
//! the reviewer, or replaced by an earlier apply. Its forms include, for a
//! person, the surname alone and initials forms (`Nordvik, K.`,
//! `K. Nordvik`, `Kari N.`): a field naming a known person joins that
//! person's entity, is decided with it and gets the same pseudonym.
//!
//! Field suggestions join the review list like any other and are decided
//! per entity; share refuses while one is unreviewed.

use anyhow::Result;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::gazetteer::Gazetteer;
use super::matcher::{Matcher, Pattern};
use super::review::Decisions;
use super::{Detector, Kind, Suggestion};
use crate::store::AnonReads;
use crate::text::CharIndex;

/// A field of at least this many words is prose, read by the detector.
pub const PROSE_WORDS: usize = 8;

/// Where a field is: `table.column` of row `row`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FieldRef {
    pub table: String,
    pub column: String,
    pub row: i64,
    /// What the field is, for people: `participant label`, `coding memo`.
    pub what: String,
}

/// How a field is read (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldClass {
    Label,
    Short,
    /// A file name: short, and `-`, `_` and `.` separate its words
    /// (`intervju-kari-nordvik.docx`).
    FileName,
    Prose,
}

/// One text value outside the transcripts.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub at: FieldRef,
    /// The document the field belongs to (its name, a memo on it), if any.
    pub doc: Option<i64>,
    pub value: String,
    pub class: FieldClass,
}

impl FieldRef {
    /// A field of the private journal: shared only when asked for.
    pub fn is_journal(&self) -> bool {
        self.table.contains("journal")
    }
}

/// Columns that label people.
const LABELS: &[(&str, &str)] = &[("participants", "label"), ("speakers", "label")];
/// Columns that hold file names.
const FILE_NAMES: &[(&str, &str)] = &[("documents", "source_name")];

/// Every non-empty text field apply may rewrite, in a stable order.
pub(crate) fn load_fields(reads: AnonReads) -> Result<Vec<Field>> {
    let mut out = Vec::new();
    for f in reads.text_fields()? {
        let at = (f.table.as_str(), f.column.as_str());
        let class = if LABELS.contains(&at) {
            FieldClass::Label
        } else if FILE_NAMES.contains(&at) {
            FieldClass::FileName
        } else if f.value.split_whitespace().count() >= PROSE_WORDS {
            FieldClass::Prose
        } else {
            FieldClass::Short
        };
        out.push(Field {
            at: FieldRef {
                what: describe(&f.table, &f.column),
                table: f.table,
                column: f.column,
                row: f.row,
            },
            doc: f.doc,
            value: f.value,
            class,
        });
    }
    Ok(out)
}

/// A field's name as a researcher knows it.
fn describe(table: &str, column: &str) -> String {
    let known = match (table, column) {
        ("project", "title") => "project title",
        ("documents", "name") => "document name",
        ("documents", "source_name") => "source file name",
        ("participants", "label") => "participant label",
        ("participant_attributes", "key") => "attribute name",
        ("participant_attributes", "value") => "participant attribute",
        ("speakers", "label") => "speaker label",
        ("codes", "name") => "code name",
        ("codes", "description") => "code description",
        ("codings", "memo") => "coding memo",
        ("notes", "text") => "note",
        ("themes", "name") => "theme name",
        ("themes", "definition") => "theme definition",
        ("themes", "boundaries") => "theme boundaries",
        ("themes", "writeup") => "theme write-up",
        ("theme_history", _) => "theme history",
        ("map_edges", "label") => "map label",
        ("journal_entries", "text") => "journal entry",
        ("phase_log", "note") => "phase note",
        ("checklist", "note") => "checklist note",
        _ => "",
    };
    if known.is_empty() {
        format!("{table}.{column}")
    } else {
        known.to_string()
    }
}

/// A unit id the detector sees for prose field `i` of the corpus: below
/// every document id, so the two never mix.
pub(crate) fn prose_unit(i: usize) -> i64 {
    -1 - i as i64
}

/// The prose field a detector unit id stands for.
pub(crate) fn prose_index(unit: i64) -> Option<usize> {
    (unit < 0).then(|| (-1 - unit) as usize)
}

/// A known person: the entity and its name parts, lowercase.
struct Person {
    entity: String,
    parts: Vec<String>,
}

/// Entities known before fields are read, and every form they take.
pub(crate) struct Known {
    forms: Matcher,
    people: Vec<Person>,
}

impl Known {
    /// From the suggestions in transcripts and prose, the stored decisions,
    /// and what earlier apply runs replaced. Earlier sources win when two
    /// entities share a form: the reviewer's decisions first.
    pub fn new(found: &[Suggestion], d: &Decisions, gaz: &Gazetteer) -> Result<Known> {
        let mut triples: Vec<(Kind, String, String)> = d
            .entities
            .values()
            .map(|e| (e.kind, e.entity.clone(), e.entity.clone()))
            .collect();
        triples.sort();
        for s in found {
            triples.push((s.kind, s.entity.clone(), s.entity.clone()));
            triples.push((s.kind, s.entity.clone(), s.text.clone()));
        }
        for (kind, entity, original) in &d.applied_forms {
            triples.push((*kind, entity.clone(), original.clone()));
        }
        let people = people_of(&triples);
        triples.extend(person_forms(&people, gaz));
        let pats = triples
            .into_iter()
            .filter(|(_, _, form)| form.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
            .map(|(kind, entity, form)| Pattern {
                text: form,
                replacement: String::new(),
                case_sensitive: false,
                whole_word: true,
                kind,
                entity,
                rule: false,
            })
            .collect();
        Ok(Known {
            forms: Matcher::new(pats)?,
            people,
        })
    }

    /// Every known form in `text`, as suggestions of its entity. An
    /// all-lowercase find of a capitalised form that is also an ordinary
    /// word (`per`, `liv`) is that word.
    pub fn find(&self, text: &str, doc: i64, gaz: &Gazetteer) -> Vec<Suggestion> {
        let idx = CharIndex::new(text);
        let mut out = Vec::new();
        for h in self.forms.find(text) {
            let found = &text[h.start..h.end];
            let p = self.forms.pattern(h.pattern);
            if is_ordinary_lowercase(found, &p.text, gaz) {
                continue;
            }
            out.push(suggestion(
                doc,
                &idx,
                (idx.char(h.start), idx.char(h.end)),
                p.kind,
                &p.entity,
                0.9,
            ));
        }
        out
    }

    /// The one known person whose name `words` (initials as one letter)
    /// can be: every word one of its parts, every initial the first letter
    /// of a part not matched otherwise.
    fn person(&self, words: &[&str]) -> Option<&str> {
        let mut matches = self.people.iter().filter(|p| fits(&p.parts, words));
        let first = matches.next()?;
        matches.next().is_none().then_some(first.entity.as_str())
    }
}

/// Does a name written as `words` fit a person with name `parts`?
fn fits(parts: &[String], words: &[&str]) -> bool {
    let mut free: Vec<&str> = parts.iter().map(String::as_str).collect();
    let (initials, full): (Vec<&str>, Vec<&str>) =
        words.iter().partition(|w| w.chars().count() == 1);
    if full.is_empty() {
        return false;
    }
    for w in full {
        let lower = w.to_lowercase();
        match free.iter().position(|p| *p == lower) {
            Some(i) => {
                free.remove(i);
            }
            None => return false,
        }
    }
    initials.iter().all(|i| {
        let c = i.to_lowercase();
        match free.iter().position(|p| p.starts_with(&c)) {
            Some(at) => {
                free.remove(at);
                true
            }
            None => false,
        }
    })
}

/// People with a full name (two or more words of letters), each once.
fn people_of(triples: &[(Kind, String, String)]) -> Vec<Person> {
    let mut seen: HashSet<String> = HashSet::new();
    triples
        .iter()
        .filter(|(kind, _, _)| *kind == Kind::Person)
        .filter_map(|(_, entity, _)| Person::of(entity))
        .filter(|p| seen.insert(p.entity.to_lowercase()))
        .collect()
}

impl Person {
    /// A person with this full name: two or more words, each of letters
    /// (with inner hyphens), two at least; not `Nordvik, K.`.
    fn of(entity: &str) -> Option<Person> {
        let parts: Vec<String> = entity.split_whitespace().map(str::to_lowercase).collect();
        let name_word = |w: &String| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        };
        (parts.len() >= 2 && parts.iter().all(name_word)).then(|| Person {
            entity: entity.to_string(),
            parts,
        })
    }
}

/// Forms a known person takes outside the transcripts: the surname alone
/// (unless it is an ordinary word or two known people share it) and the
/// initials forms `Nordvik, K.`, `K. Nordvik`, `Kari N.`.
fn person_forms(people: &[Person], gaz: &Gazetteer) -> Vec<(Kind, String, String)> {
    let mut surnames: HashMap<&str, usize> = HashMap::new();
    for p in people {
        if let Some(s) = p.parts.last() {
            *surnames.entry(s.as_str()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for p in people {
        let words: Vec<&str> = p.entity.split_whitespace().collect();
        let (given, surname) = (words[0], words[words.len() - 1]);
        let initial = |w: &str| w.chars().next().map(|c| c.to_uppercase().to_string());
        let (Some(g), Some(s)) = (initial(given), initial(surname)) else {
            continue;
        };
        let forms = [
            format!("{surname}, {g}."),
            format!("{g}. {surname}"),
            format!("{given} {s}."),
        ];
        out.extend(forms.map(|f| (Kind::Person, p.entity.clone(), f)));
        let lower = surname.to_lowercase();
        if surnames.get(lower.as_str()) == Some(&1) && !gaz.is_common(&lower) {
            out.push((Kind::Person, p.entity.clone(), surname.to_string()));
        }
    }
    out
}

/// The forms a shared copy is scanned for besides a person's full name:
/// the initials forms, and the surname alone unless it is an ordinary
/// word (`Berg`), which would stop share on every mountain.
pub(crate) fn scan_forms(entity: &str, gaz: &Gazetteer) -> Vec<String> {
    Person::of(entity).map_or_else(Vec::new, |person| {
        person_forms(std::slice::from_ref(&person), gaz)
            .into_iter()
            .map(|(_, _, form)| form)
            .collect()
    })
}

/// `found` is all lowercase, `form` is not, and the words are ordinary
/// words: `hans` in `hans bror` is not the name `Hans`.
pub(crate) fn is_ordinary_lowercase(found: &str, form: &str, gaz: &Gazetteer) -> bool {
    !found.chars().any(char::is_uppercase)
        && form.chars().any(char::is_uppercase)
        && found
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| gaz.is_common(w))
}

fn suggestion(
    doc: i64,
    idx: &CharIndex,
    (start, end): (usize, usize),
    kind: Kind,
    entity: &str,
    confidence: f32,
) -> Suggestion {
    Suggestion {
        doc,
        start,
        end,
        text: idx.slice(start, end).to_string(),
        kind,
        entity: entity.to_string(),
        confidence,
        context: super::review::context_of(idx, start, end),
    }
}

/// A word of a field: char offsets and text.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// First word of the field or of a sentence in it.
    sentence_start: bool,
}

/// Words (letters and digits, inner hyphens and apostrophes) with char
/// offsets; a single capital followed by `.` keeps its dot (`K.`).
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().enumerate().peekable();
    let mut sentence_start = true;
    while let Some((ci, (bi, c))) = chars.next() {
        if !c.is_alphanumeric() {
            sentence_start |= matches!(c, '.' | '!' | '?' | ':' | '\n');
            continue;
        }
        let (mut end_c, mut end_b) = (ci + 1, bi + c.len_utf8());
        while let Some(&(cj, (bj, d))) = chars.peek() {
            let joins = matches!(d, '-' | '\'' | '’')
                && text[bj + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if !(d.is_alphanumeric() || joins) {
                break;
            }
            (end_c, end_b) = (cj + 1, bj + d.len_utf8());
            chars.next();
        }
        out.push(Word {
            start: ci,
            end: end_c,
            text: &text[bi..end_b],
            sentence_start,
        });
        sentence_start = false;
    }
    out
}

/// What a word of a label or short field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A capitalised word that names someone.
    Name,
    /// A name that is also an ordinary word (`Liv`, `Berg`): part of a
    /// name next to a real one, never a name alone.
    Weak,
    /// One capital letter (`K.`, `A`).
    Initial,
    Other,
}

fn is_capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !(w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase()))
}

/// A word of a participant or speaker label: any capitalised word that is
/// a name, or neither an ordinary word nor a role (`Informant`, `Lærer`).
fn label_part(w: &str, gaz: &Gazetteer) -> Part {
    if w.chars().count() == 1 && w.chars().all(char::is_uppercase) {
        return Part::Initial;
    }
    if !is_capitalised(w) {
        return Part::Other;
    }
    let lower = w.to_lowercase();
    if gaz.is_name(&lower) || !(gaz.is_common(&lower) || gaz.is_speaker_label(&lower)) {
        Part::Name
    } else {
        Part::Other
    }
}

/// A word of a short field: a capitalised word on the name lists, weak
/// when it is also an ordinary word.
fn short_part(w: &str, gaz: &Gazetteer) -> Part {
    if w.chars().count() == 1 && w.chars().all(char::is_uppercase) {
        return Part::Initial;
    }
    let lower = w.to_lowercase();
    match (
        is_capitalised(w) && gaz.is_name(&lower),
        gaz.is_common(&lower),
    ) {
        (true, false) => Part::Name,
        (true, true) => Part::Weak,
        _ => Part::Other,
    }
}

/// Runs of name words and initials next to each other (separated only by
/// spaces, a comma or an initial's dot) that hold a name word.
fn name_runs<'a>(text: &str, ws: &[Word<'a>], part: impl Fn(&str) -> Part) -> Vec<Vec<Word<'a>>> {
    let idx = CharIndex::new(text);
    let mut runs: Vec<Vec<Word>> = Vec::new();
    let mut run: Vec<Word> = Vec::new();
    let mut last_end = 0;
    for w in ws {
        let gap = idx.slice(last_end, w.start);
        let joined =
            !run.is_empty() && gap.len() <= 3 && gap.chars().all(|c| matches!(c, ' ' | ',' | '.'));
        // An ordinary word that is also a name opens no name at the start
        // of a sentence (`Ring Ola`, `Liv og død`).
        let p = match part(w.text) {
            Part::Weak if !joined && w.sentence_start => Part::Other,
            p => p,
        };
        if p == Part::Other || !joined {
            runs.push(std::mem::take(&mut run));
        }
        if p != Part::Other {
            run.push(*w);
        }
        last_end = w.end;
    }
    runs.push(run);
    runs.into_iter()
        .filter(|r| r.iter().any(|w| part(w.text) == Part::Name))
        .collect()
}

/// The span of a run, with the dot of a final initial (`Kari N.`).
fn run_span(text: &CharIndex, run: &[Word]) -> (usize, usize) {
    let start = run[0].start;
    let last = run[run.len() - 1];
    let dot = last.text.chars().count() == 1
        && last.end < text.len_chars()
        && text.slice(last.end, last.end + 1) == ".";
    (start, if dot { last.end + 1 } else { last.end })
}

/// Person suggestions for the name runs of a field, each linked to a known
/// person when it can only be that one.
fn person_runs(
    text: &str,
    doc: i64,
    known: &Known,
    part: impl Fn(&str) -> Part,
    confidence: f32,
) -> Vec<Suggestion> {
    let idx = CharIndex::new(text);
    let ws = words(text);
    name_runs(text, &ws, part)
        .into_iter()
        .map(|run| {
            let (start, end) = run_span(&idx, &run);
            let texts: Vec<&str> = run.iter().map(|w| w.text).collect();
            let entity = known
                .person(&texts)
                .map_or_else(|| idx.slice(start, end).to_string(), str::to_string);
            suggestion(doc, &idx, (start, end), Kind::Person, &entity, confidence)
        })
        .collect()
}

/// Places on the place list in a short field, capitalised and not
/// ordinary words; the longest place first (`Mo i Rana`).
fn places(text: &str, doc: i64, gaz: &Gazetteer) -> Vec<Suggestion> {
    let idx = CharIndex::new(text);
    let ws = words(text);
    let is_place = |group: &[Word]| {
        let lower: Vec<String> = group.iter().map(|w| w.text.to_lowercase()).collect();
        is_capitalised(group[0].text)
            && match lower.as_slice() {
                [one] => gaz.is_place(one) && !gaz.is_common(one),
                many => gaz.is_multi_place(&many.join(" ")),
            }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let longest = (1..=gaz.max_place_words.min(ws.len() - i))
            .rev()
            .find(|&n| is_place(&ws[i..i + n]));
        match longest {
            Some(n) => {
                let (s, e) = (ws[i].start, ws[i + n - 1].end);
                out.push(suggestion(
                    doc,
                    &idx,
                    (s, e),
                    Kind::Place,
                    idx.slice(s, e),
                    0.7,
                ));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The text a field's words are read from: a file name with `-` and `_`
/// as spaces (same length in bytes and chars, so offsets hold).
fn reading(f: &Field) -> Cow<'_, str> {
    if f.class == FieldClass::FileName {
        Cow::Owned(
            f.value
                .chars()
                .map(|c| if matches!(c, '-' | '_') { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(&f.value)
    }
}

/// Suggestions found in `reading(f)`, with text and context from the
/// field's value itself.
fn restored(f: &Field, found: Vec<Suggestion>) -> Vec<Suggestion> {
    if f.class != FieldClass::FileName {
        return found;
    }
    let idx = CharIndex::new(&f.value);
    found
        .into_iter()
        .map(|s| Suggestion {
            text: idx.slice(s.start, s.end).to_string(),
            context: super::review::context_of(&idx, s.start, s.end),
            ..s
        })
        .collect()
}

impl Known {
    /// Every known form in a field.
    pub fn find_in(&self, f: &Field, gaz: &Gazetteer) -> Vec<Suggestion> {
        restored(f, self.find(&reading(f), f.doc.unwrap_or(0), gaz))
    }
}

/// What the strict rule finds in a label, short field or file name (prose
/// is read by the detector with the transcripts), a name linked to a known
/// person when it can only be that one.
pub(crate) fn strict(f: &Field, known: &Known, det: &Detector) -> Vec<Suggestion> {
    let gaz = det.gazetteer();
    let doc = f.doc.unwrap_or(0);
    let text = reading(f);
    let found = match f.class {
        FieldClass::Label => person_runs(&text, doc, known, |w| label_part(w, gaz), 0.9),
        FieldClass::Short | FieldClass::FileName => {
            let mut out = det.shapes(&text, doc);
            out.extend(person_runs(&text, doc, known, |w| short_part(w, gaz), 0.7));
            out.extend(places(&text, doc, gaz));
            out
        }
        FieldClass::Prose => Vec::new(),
    };
    restored(f, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_parts_fit_a_person() {
        let parts: Vec<String> = vec!["kari".into(), "nordvik".into()];
        assert!(fits(&parts, &["Nordvik", "K"]));
        assert!(fits(&parts, &["Kari", "N"]));
        assert!(fits(&parts, &["Nordvik"]));
        assert!(!fits(&parts, &["Nordvik", "P"]));
        assert!(!fits(&parts, &["K", "N"]));
        assert!(!fits(&parts, &["Kari", "Hansen"]));
    }

    #[test]
    fn words_keep_char_offsets_and_hyphens() {
        let w: Vec<(usize, usize, &str)> = words("Løvås, P-A. og Per-Arne")
            .into_iter()
            .map(|w| (w.start, w.end, w.text))
            .collect();
        assert_eq!(
            w,
            [
                (0, 5, "Løvås"),
                (7, 10, "P-A"),
                (12, 14, "og"),
                (15, 23, "Per-Arne")
            ]
        );
    }

    #[test]
    fn short_fields_need_a_name_that_is_no_ordinary_word() {
        let gaz = Gazetteer::load();
        let runs = |text: &str| -> Vec<Vec<String>> {
            let ws = words(text);
            name_runs(text, &ws, |w| short_part(w, &gaz))
                .into_iter()
                .map(|r| r.iter().map(|w| w.text.to_string()).collect())
                .collect()
        };
        assert!(runs("Liv og død").is_empty());
        assert_eq!(runs("Ring Ola Hansen"), [["Ola", "Hansen"]]);
        assert!(runs("Gruppe 1").is_empty());
        assert_eq!(runs("Samtale med Liv Hansen"), [["Liv", "Hansen"]]);
    }

    #[test]
    fn labels_that_are_roles_or_codes_name_nobody() {
        let gaz = Gazetteer::load();
        for label in [
            "Informant 3",
            "Deltaker A",
            "IP9",
            "R017",
            "Lærer",
            "Intervjuer",
            "12",
        ] {
            let ws = words(label);
            let runs = name_runs(label, &ws, |w| label_part(w, &gaz));
            assert!(runs.is_empty(), "{label}: {runs:?}");
        }
        for (label, name) in [
            ("Nordvik, K.", vec!["Nordvik", "K"]),
            ("Kari N.", vec!["Kari", "N"]),
            ("Liv", vec!["Liv"]),
        ] {
            let ws = words(label);
            let runs = name_runs(label, &ws, |w| label_part(w, &gaz));
            let found: Vec<&str> = runs[0].iter().map(|w| w.text).collect();
            assert_eq!(found, name, "{label}");
        }
    }
}
