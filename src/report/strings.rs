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
    pub process: &'static str,
    pub process_passes: &'static str,
    /// "Pass 2 (reversed), from 2026-03-04: 40 codings, 6 codes first used."
    pub pass_line: fn(i64, &str, &str, usize, usize) -> String,
    pub no_passes: &'static str,
    pub process_code_changes: &'static str,
    pub no_code_changes: &'static str,
    pub process_themes: &'static str,
    pub process_theme_header: [&'static str; 3],
    /// Candidate, final, discarded.
    pub status_names: [&'static str; 3],
    pub process_growth: &'static str,
    pub process_growth_header: [&'static str; 4],
    /// "At most 212 codes; 61 now."
    pub growth_line: fn(usize, usize) -> String,
    pub process_journal: &'static str,
    pub phase: &'static str,
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
    process: "Process: how the analysis developed",
    process_passes: "Coding passes",
    pass_line: |n, order, from, codings, first| {
        format!(
            "Pass {n} ({order}), from {from}: {}, {} first used.",
            plural(codings, "coding", "codings"),
            plural(first, "code", "codes")
        )
    },
    no_passes: "The data were coded in one pass.",
    process_code_changes: "Codes merged and split",
    no_code_changes: "No codes were merged or split.",
    process_themes: "Candidate themes and what became of them",
    process_theme_header: ["Theme", "Now", "How it came to be"],
    status_names: ["candidate", "final", "discarded"],
    process_growth: "The codebook over time",
    process_growth_header: ["When", "Codes", "Codings", "Themes"],
    growth_line: |most, now| format!("At most {}; {now} now.", plural(most, "code", "codes")),
    process_journal: "From the reflexive journal",
    phase: "phase",
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
    process: "Prosess: hvordan analysen utviklet seg",
    process_passes: "Kodingsrunder",
    pass_line: |n, order, from, codings, first| {
        let order = match order {
            "shuffled" => "tilfeldig rekkefølge",
            "reversed" => "motsatt rekkefølge",
            _ => "valgt rekkefølge",
        };
        format!(
            "Runde {n} ({order}), fra {from}: {}, {} brukt for første gang.",
            plural(codings, "koding", "kodinger"),
            plural(first, "kode", "koder")
        )
    },
    no_passes: "Dataene ble kodet i én runde.",
    process_code_changes: "Koder slått sammen og delt opp",
    no_code_changes: "Ingen koder ble slått sammen eller delt opp.",
    process_themes: "Kandidattemaer og hva som ble av dem",
    process_theme_header: ["Tema", "Nå", "Slik ble det"],
    status_names: ["kandidat", "endelig", "forkastet"],
    process_growth: "Kodeboka over tid",
    process_growth_header: ["Når", "Koder", "Kodinger", "Temaer"],
    growth_line: |most, now| format!("På det meste {}; {now} nå.", plural(most, "kode", "koder")),
    process_journal: "Fra den refleksive dagboka",
    phase: "fase",
};
