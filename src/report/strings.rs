//! Every fixed text of the report, one table per language.

/// The fixed texts of a report in one language.
pub struct Strings {
    /// BCP 47 tag, for `lang` attributes and Word's proofing language.
    pub tag: &'static str,
    pub method: &'static str,
    pub method_intro: &'static str,
    /// "The data set consists of 6 documents with 12 participants."
    pub data_set: fn(usize, usize) -> String,
    /// "By sector: skole 3, helse 3."
    pub by_attribute: fn(&str, &str) -> String,
    pub interviews_when: fn(&str) -> String,
    pub phases_heading: &'static str,
    pub phases: [&'static str; 6],
    /// "since" an open-ended phase date.
    pub since: &'static str,
    pub themes: &'static str,
    pub definition: &'static str,
    pub sub_themes: &'static str,
    pub candidate: &'static str,
    pub counts: fn(usize, usize) -> String,
    pub an_informant: &'static str,
    pub no_themes: &'static str,
    pub appendix: &'static str,
    pub codebook: &'static str,
    pub codings: &'static str,
    pub coverage_matrix: &'static str,
    pub matrix_caption: fn(Option<&str>) -> String,
    pub participant: &'static str,
    pub theme: &'static str,
    pub no_participant: &'static str,
    pub total: &'static str,
    pub thematic_map: &'static str,
    pub map_caption: &'static str,
    pub contents: &'static str,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub static EN: Strings = Strings {
    tag: "en-GB",
    method: "Method",
    method_intro: "The data were analysed with reflexive thematic analysis (Braun & Clarke, 2006, 2019): familiarisation with the data, systematic coding, generating initial themes from the codes, developing and reviewing the themes against the coded extracts and the whole data set, refining, defining and naming them, and writing up. The phases were worked through recursively.",
    data_set: |docs, people| {
        format!(
            "The data set consists of {} with {}.",
            plural(docs, "document", "documents"),
            plural(people, "participant", "participants")
        )
    },
    by_attribute: |key, list| format!("By {key}: {list}."),
    interviews_when: |when| format!("The interviews were conducted in {when}."),
    phases_heading: "The six phases",
    phases: [
        "Familiarisation",
        "Coding",
        "Generating initial themes",
        "Developing and reviewing themes",
        "Refining, defining and naming themes",
        "Writing up",
    ],
    since: "since",
    themes: "Themes",
    definition: "Definition",
    sub_themes: "Sub-themes",
    candidate: "candidate theme",
    counts: |extracts, people| {
        format!(
            "{} from {}.",
            plural(extracts, "extract", "extracts"),
            plural(people, "participant", "participants")
        )
    },
    an_informant: "An informant",
    no_themes: "No themes are final yet.",
    appendix: "Appendix",
    codebook: "Codebook",
    codings: "codings",
    coverage_matrix: "Coverage matrix",
    matrix_caption: |by| match by {
        Some(by) => format!("Coded extracts per theme (rows), by {by} (columns)."),
        None => "Coded extracts per theme (rows), by participant (columns).".to_string(),
    },
    participant: "Participant",
    theme: "Theme",
    no_participant: "No participant",
    total: "Total",
    thematic_map: "Thematic map",
    map_caption: "The thematic map.",
    contents: "Contents",
};

pub static NB: Strings = Strings {
    tag: "nb-NO",
    method: "Metode",
    method_intro: "Dataene ble analysert med refleksiv tematisk analyse (Braun & Clarke, 2006, 2019): bli kjent med dataene, systematisk koding, generere foreløpige temaer fra kodene, utvikle og gjennomgå temaene mot de kodede utdragene og hele datasettet, forfine, definere og navngi dem, og skrive rapporten. Fasene ble gjennomført rekursivt.",
    data_set: |docs, people| {
        format!(
            "Datasettet består av {} med {}.",
            plural(docs, "dokument", "dokumenter"),
            plural(people, "deltaker", "deltakere")
        )
    },
    by_attribute: |key, list| format!("Etter {key}: {list}."),
    interviews_when: |when| format!("Intervjuene ble gjennomført i {when}."),
    phases_heading: "De seks fasene",
    phases: [
        "Bli kjent med dataene",
        "Koding",
        "Generere foreløpige temaer",
        "Utvikle og gjennomgå temaer",
        "Forfine, definere og navngi temaer",
        "Skrive rapporten",
    ],
    since: "fra",
    themes: "Temaer",
    definition: "Definisjon",
    sub_themes: "Undertemaer",
    candidate: "kandidattema",
    counts: |extracts, people| {
        format!(
            "{} fra {}.",
            plural(extracts, "utdrag", "utdrag"),
            plural(people, "deltaker", "deltakere")
        )
    },
    an_informant: "En informant",
    no_themes: "Ingen temaer er endelige ennå.",
    appendix: "Vedlegg",
    codebook: "Kodebok",
    codings: "kodinger",
    coverage_matrix: "Dekningsmatrise",
    matrix_caption: |by| match by {
        Some(by) => format!("Kodede utdrag per tema (rader), etter {by} (kolonner)."),
        None => "Kodede utdrag per tema (rader), per deltaker (kolonner).".to_string(),
    },
    participant: "Deltaker",
    theme: "Tema",
    no_participant: "Uten deltaker",
    total: "Totalt",
    thematic_map: "Tematisk kart",
    map_caption: "Det tematiske kartet.",
    contents: "Innhold",
};
