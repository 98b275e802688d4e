//! Every user-visible string of the GUI, in English, in one place so that a
//! Norwegian translation can replace this module later. Strings with values
//! are small functions.

pub const APP_TITLE: &str = "tema";

// ---------------------------------------------------------------- menus
pub const MENU_FILE: &str = "File";
pub const MENU_EDIT: &str = "Edit";
pub const MENU_CODE: &str = "Code";
pub const MENU_VIEW: &str = "View";
pub const NEW_PROJECT: &str = "New project…";
pub const OPEN_PROJECT: &str = "Open project…";
pub const RECENT_PROJECTS: &str = "Recent projects";
pub const NO_RECENT: &str = "No recent projects";
pub const IMPORT_FILES: &str = "Import files…";
pub const QUIT: &str = "Quit";
pub const UNDO: &str = "Undo";
pub const REDO: &str = "Redo";
pub const COPY: &str = "Copy";
pub const CODE_SELECTION: &str = "Code…";
pub const IN_VIVO: &str = "In-vivo code";
pub const REAPPLY_LAST: &str = "Re-apply last code";
pub const FONT_LARGER: &str = "Larger text";
pub const FONT_SMALLER: &str = "Smaller text";
pub const DARK_MODE: &str = "Dark mode";
pub const SHOW_NOTES: &str = "Familiarisation notes";
pub const SHOW_RETRIEVAL: &str = "Retrieval pane";

pub fn undo_what(label: &str) -> String {
    format!("Undo: {label}")
}
pub fn redo_what(label: &str) -> String {
    format!("Redo: {label}")
}
pub fn undone(label: &str) -> String {
    format!("Undone: {label}")
}
pub fn redone(label: &str) -> String {
    format!("Redone: {label}")
}
pub const NOTHING_TO_UNDO: &str = "Nothing to undo";
pub const NOTHING_TO_REDO: &str = "Nothing to redo";

// ---------------------------------------------------------------- start screen
pub const WELCOME: &str = "tema: reflexive thematic analysis";
pub const WELCOME_HINT: &str =
    "Create a project, or open one. A project is a folder holding project.db.";
pub const PROJECT_TITLE_DEFAULT: &str = "Untitled study";

// ---------------------------------------------------------------- documents
pub const DOCUMENTS: &str = "Documents";
pub const PARTICIPANTS: &str = "Participants";
pub const FILTER_HINT: &str = "Filter…";
pub const NO_DOCUMENTS: &str = "No documents yet. Use File > Import files… or drop files here.";
pub const ADD_ATTRIBUTE: &str = "Add attribute";
pub const ATTRIBUTE_KEY_HINT: &str = "key";
pub const ATTRIBUTE_VALUE_HINT: &str = "value";
pub const REMOVE: &str = "Remove";
pub const RENAME: &str = "Rename";
pub const ADD_PARTICIPANT: &str = "Add participant";
pub const NEW_PARTICIPANT_HINT: &str = "New participant label";

pub fn doc_summary(codings: usize, coverage_percent: usize) -> String {
    format!("{codings} codings · {coverage_percent}% coded")
}

// ---------------------------------------------------------------- viewer
pub const NO_DOCUMENT_OPEN: &str = "Choose a document on the left to read and code it.";
/// The transcript's text area, for screen readers (and tests).
pub const TRANSCRIPT_TEXT: &str = "Transcript text";
pub const RECENT_CODES: &str = "Recent:";
pub fn stripe_label(code: &str) -> String {
    format!("{code} (coding)")
}
pub fn selection_info(chars: usize) -> String {
    format!("{chars} characters selected")
}
pub const CODING_ACTIONS: &str = "Selected coding:";
pub const CHANGE_CODE: &str = "Change code…";
pub const EDIT_MEMO: &str = "Edit memo";
pub const SAVE_MEMO: &str = "Save memo";
pub const REMOVE_CODING: &str = "Remove coding";
pub const MEMO_HINT: &str = "Memo for this coding";
pub const NO_MEMO: &str = "(no memo)";
pub const CODING_START: &str = "Start of the coding";
pub const CODING_END: &str = "End of the coding";

// ---------------------------------------------------------------- palette
pub const PALETTE_HINT: &str = "Type a code name…";
pub fn create_code_named(name: &str) -> String {
    format!("Create code '{name}'")
}
pub const PALETTE_NEED_SELECTION: &str = "Select some text first, then code it.";

// ---------------------------------------------------------------- codebook
pub const CODEBOOK: &str = "Codebook";
pub const SEARCH_CODES_HINT: &str = "Search codes…";
pub const NEW_CODE: &str = "New code";
pub const NEW_CODE_HINT: &str = "New code name";
pub const MERGE_INTO: &str = "Merge into…";
pub const MERGE: &str = "Merge";
pub const DELETE: &str = "Delete…";
pub const DELETE_CONFIRM: &str = "Delete";
pub const CANCEL: &str = "Cancel";
pub const MOVE_TO_TOP: &str = "Move to top level";
pub const DROP_HERE_TOP_LEVEL: &str = "Drop here: top level";
pub const DESCRIPTION: &str = "Description";
pub const COLOUR: &str = "Colour";
pub const NO_CODES: &str = "No codes yet. Select text and press Ctrl+K to create one.";
pub fn counts_tooltip(codings: usize, documents: usize, participants: usize) -> String {
    format!("{codings} codings in {documents} documents from {participants} participants")
}
pub fn delete_question(name: &str, codings: usize, subcodes: usize) -> String {
    let mut s = format!("Delete the code '{name}' and its {codings} codings?");
    if subcodes > 0 {
        s.push_str(&format!(" Its {subcodes} sub-codes go too."));
    }
    s.push_str(" You can undo this.");
    s
}
pub fn merge_question(n: usize) -> String {
    format!("Merge {n} codes into the one you choose:")
}
pub fn merge_target(name: &str) -> String {
    format!("into '{name}'")
}
pub const SELECT_TWO_TO_MERGE: &str = "Ctrl-click two or more codes to merge them.";

// ---------------------------------------------------------------- retrieval
pub const RETRIEVAL: &str = "Retrieved quotes";
pub const MATCH_ANY: &str = "any (OR)";
pub const MATCH_ALL: &str = "all (AND)";
pub const ONLY_WHERE: &str = "Only where";
pub const ANY_ATTRIBUTE: &str = "(any attribute)";
pub const ANY_VALUE: &str = "(any value)";
pub const COPY_QUOTES: &str = "Copy quotes";
pub const MOVE_TO_NEW_CODE: &str = "Move to new code";
pub const SPLIT_NAME_HINT: &str = "Name of the new code";
pub const SELECT_CODES_TO_RETRIEVE: &str = "Select codes in the codebook to see their quotes.";
pub const NOBODY: &str = "unattributed";
pub const CHOOSE_QUOTE: &str = "Choose this quote";
pub fn quotes_count(n: usize) -> String {
    if n == 1 {
        "1 quote".into()
    } else {
        format!("{n} quotes")
    }
}
pub fn attribution(participant: Option<&str>, doc: &str) -> String {
    match participant {
        Some(p) => format!("{p}, {doc}"),
        None => doc.to_string(),
    }
}

// ---------------------------------------------------------------- notes
pub const NOTES: &str = "Familiarisation notes";
pub const ADD_NOTE: &str = "Add note";
pub const NOTE_HINT: &str = "First impressions, questions, ideas…";
pub const DELETE_NOTE: &str = "Delete note";

// ---------------------------------------------------------------- jobs & errors
pub fn importing(done: usize, total: usize) -> String {
    format!("Importing {done}/{total}…")
}
pub fn imported(n: usize, skipped: &[String]) -> String {
    let mut text = format!("Imported {n} documents");
    for warning in skipped {
        text.push_str("; ");
        text.push_str(warning);
    }
    text
}
pub const IMPORT_SURVEY: &str = "Import survey…";
pub const SURVEY_TITLE: &str = "Import survey";
pub fn survey_file(name: &str) -> String {
    format!("File: {name}. What is each column?")
}
pub const SURVEY_ID: &str = "Respondent id";
pub const SURVEY_TEXT: &str = "Free text";
pub const SURVEY_ATTRIBUTE: &str = "Attribute";
pub const SURVEY_SKIP: &str = "Leave out";
/// The accessible name of one choice ("Free text: Hva fungerer?").
pub fn survey_column_use(what: &str, column: &str) -> String {
    format!("{what}: {column}")
}
pub const SURVEY_NEEDS_ID: &str = "Choose the column that says who answered.";
pub const SURVEY_NEEDS_TEXT: &str = "Choose at least one free-text column.";
pub const SURVEY_IMPORT: &str = "Import";
pub fn survey_imported(documents: usize, file: &str) -> String {
    format!("Imported {documents} documents from {file}")
}
pub fn import_refused(reason: &str) -> String {
    format!("{reason}. Nothing was imported.")
}
pub const DISMISS: &str = "Dismiss";
pub fn error_prefix(e: &str) -> String {
    format!("Error: {e}")
}

// Screens (tabs).
pub const VIEW_CODE: &str = "Coding";
pub const VIEW_REPORT: &str = "Report";
// ---------------------------------------------------------------- themes board
pub const THEMES: &str = "Themes";
pub const COLUMN_CANDIDATE: &str = "Candidate";
pub const COLUMN_FINAL: &str = "Final";
pub const COLUMN_DISCARDED: &str = "Discarded";
pub const UNASSIGNED_CODES: &str = "Unassigned codes";
pub const SEARCH_POOL_HINT: &str = "Search unassigned codes…";
pub const NEW_THEME_HINT: &str = "Name of a new theme (a claim, not a topic)";
pub const NEW_CANDIDATE_THEME: &str = "+ New candidate theme";
pub const TYPE_A_NAME_FIRST: &str = "Type a name for the theme first.";
pub const SELECT_CODES_IN_POOL: &str = "Click codes in the pool to select them.";
pub fn new_theme_from_codes(n: usize) -> String {
    format!("New theme from selected codes ({n})")
}
pub const DROP_CARD_TOP_LEVEL: &str = "Drop a card here: top level";
pub const DROP_CHIP_IN_POOL: &str = "Drop a code here to take it out of its theme";
pub const NO_UNASSIGNED: &str = "Every code sits in a theme.";
pub const NO_THEMES_HERE: &str = "No themes here.";
pub const NO_DEFINITION: &str = "No definition yet";
pub const PROMOTE: &str = "Promote";
pub const DEMOTE: &str = "Demote";
pub const DISCARD: &str = "Discard";
pub const REVIVE: &str = "Revive";
pub const ADD_CODE: &str = "Add code…";
pub const SPLIT: &str = "Split…";
pub const SPLIT_CONFIRM: &str = "Split";
pub const SELECT_FOR_DETAIL: &str = "Show details";
pub const REMOVE_FROM_THEME: &str = "Remove from theme";
pub const WHY_HINT: &str = "Why? (optional)";
pub const OK: &str = "OK";
pub const CLOSE: &str = "Close";
pub const DEFINITION: &str = "Definition: the central organising concept";
pub const BOUNDARIES: &str = "Boundaries: what the theme is not";
pub const WRITEUP: &str = "Write-up";
pub const HISTORY: &str = "History";
pub const NO_OTHER_THEMES: &str = "There is no other live theme to merge into.";
pub const SPLIT_NEW_NAME_HINT: &str = "Name of the new theme";
pub const SPLIT_CHOOSE: &str = "Move these codes to a new candidate theme:";
pub const SEARCH_CODES_TO_ADD: &str = "Search codes…";
pub const CARD_MENU: &str = "…";
/// The accessible name of the warning icon.
pub const WARNING: &str = "Warning";
pub fn status_verb(to: crate::model::ThemeStatus, from: crate::model::ThemeStatus) -> &'static str {
    use crate::model::ThemeStatus::*;
    match (from, to) {
        (_, Final) => PROMOTE,
        (Final, Candidate) => DEMOTE,
        (_, Candidate) => REVIVE,
        (_, Discarded) => DISCARD,
    }
}
/// The accessible name of a card's status button ("Promote Tillit").
pub fn status_button_label(verb: &str, theme: &str) -> String {
    format!("{verb} {theme}")
}
pub fn why_question(verb: &str, theme: &str) -> String {
    format!("{verb} '{theme}'. Why? Enter to confirm, Esc to cancel.")
}
pub fn chip(name: &str, extracts: usize) -> String {
    format!("{name} · {extracts}")
}
pub fn theme_counts(extracts: usize, participants: usize, key_quotes: usize) -> String {
    format!("{extracts} extracts · {participants} participants · {key_quotes} key quotes")
}
pub fn sub_theme_of(parent: &str) -> String {
    format!("Sub-theme of '{parent}'")
}
pub fn merge_theme_question(name: &str) -> String {
    format!("Merge '{name}' into… (it is discarded, its codes and key quotes move)")
}
pub fn add_code_to(theme: &str) -> String {
    format!("Add a code to '{theme}'")
}
pub fn split_theme_title(theme: &str) -> String {
    format!("Split '{theme}'")
}
pub fn few_extracts_tip(n: usize) -> String {
    format!("Only {n} extracts: thin support for the theme")
}

// ---------------------------------------------------------------- review
pub const REVIEW: &str = "Review themes";
pub const CHOOSE_THEME: &str = "(choose a theme)";
pub const THEME_LABEL: &str = "Theme";
pub const CODES_OF_THEME: &str = "Codes";
pub const EXTRACTS: &str = "Extracts";
pub const KEY_QUOTE: &str = "Key quote";
pub const KEY: &str = "Key";
pub const KEY_QUOTE_TIP: &str = "Key quote: use it in the report";
pub const NO_EXTRACTS: &str = "This theme has no coded extracts yet.";
pub const SELECT_THEME_TO_REVIEW: &str =
    "Choose a theme to read its extracts against its definition.";
pub const COVERAGE: &str = "Coverage";
pub const ROWS_BY: &str = "Rows:";
pub const BY_PARTICIPANT: &str = "participant";
pub const TOTAL: &str = "Total";
pub const UNATTRIBUTED: &str = "Unattributed";
pub const LARGEST_SHARE: &str = "Largest share";
pub const NO_LIVE_THEMES: &str = "No candidate or final themes yet.";
pub const CELL_HINT: &str = "Click a cell to read its quotes.";
pub fn cell_text(codings: usize, participants: usize) -> String {
    format!("{codings} / {participants}")
}
pub fn cell_label(row: &str, theme: &str) -> String {
    format!("{row} × {theme}")
}
pub fn cell_quotes_title(row: &str, theme: &str, n: usize) -> String {
    format!("{n} quotes of '{theme}' from {row}")
}
pub fn share(participant: &str, percent: usize) -> String {
    format!("{participant} {percent}%")
}
pub fn carried_by_one(participant: &str, percent: usize) -> String {
    format!("{percent}% of this theme's codings come from {participant} alone")
}
pub const CELL_LEGEND: &str = "codings / participants";
pub const VIEW_THEMES: &str = "Themes";
pub const VIEW_REVIEW: &str = "Review";
// ---------------------------------------------------------------- thematic map
pub const MAP: &str = "Thematic map";
pub const MAP_SHOW_DISCARDED: &str = "Discarded themes";
pub const MAP_SHOW_CODES: &str = "Codes";
pub const MAP_ZOOM_IN: &str = "+";
pub const MAP_ZOOM_OUT: &str = "−";
pub const MAP_ZOOM_IN_TIP: &str = "Zoom in (or scroll over the map)";
pub const MAP_ZOOM_OUT_TIP: &str = "Zoom out (or scroll over the map)";
pub const MAP_FIT: &str = "Fit";
pub const MAP_FIT_TIP: &str = "Show the whole map";
pub const MAP_EXPORT_SVG: &str = "Export SVG…";
pub const MAP_EXPORT_PNG: &str = "Export PNG…";
pub const MAP_CONNECT: &str = "Connect to…";
pub const MAP_ADD_EDGE: &str = "Add link";
pub const MAP_DELETE_EDGE: &str = "Delete link";
pub const MAP_EDGE_LABEL_HINT: &str = "How are they related?";
/// Labels analysts use most for links between themes.
pub const MAP_EDGE_PRESETS: [&str; 3] = ["fører til", "i spenning med", "er en del av"];
pub const MAP_EMPTY: &str =
    "No themes yet. Create candidate themes from your codes; they appear here.";
pub const MAP_HELP: &str = "Drag a theme to place it, drag the background to pan, scroll to zoom. \
Click a theme, then “Connect to…” to link it to another; click a link to delete it.";
pub fn map_pick_target(from: &str) -> String {
    format!("Click the theme that '{from}' links to (Esc cancels)")
}
pub fn map_new_edge(from: &str, to: &str) -> String {
    format!("Link '{from}' to '{to}':")
}
pub fn map_selected(name: &str) -> String {
    format!("Selected: {name}")
}
pub fn map_edge_name(from: &str, label: &str, to: &str) -> String {
    if label.is_empty() {
        format!("Link from '{from}' to '{to}'")
    } else {
        format!("Link from '{from}' to '{to}': {label}")
    }
}
pub fn map_exported(path: &str) -> String {
    format!("Map saved as {path}")
}
pub fn map_zoom(percent: f32) -> String {
    format!("{percent:.0}%")
}

// ---------------------------------------------------------------- reflexive journal
pub const JOURNAL: &str = "Reflexive journal";
pub const JOURNAL_PRIVATE: &str = "Private: the journal stays in the project for your own reflection. It is never part of exports or shared reports.";
pub const PHASE_TRACKER: &str = "Phase";
pub fn phase_step(phase: u8, name: &str) -> String {
    format!("{phase} {name}")
}
pub fn phase_move_to(phase: u8, name: &str) -> String {
    format!("Move to phase {phase} ({name})")
}
pub const PHASE_NOTE_HINT: &str = "Why now? (optional)";
pub const PHASE_HISTORY: &str = "History:";
pub const PHASE_NO_HISTORY: &str = "No phase changes recorded yet.";
pub fn phase_history_item(date: &str, phase: u8, back: bool) -> String {
    if back {
        format!("back to {phase} · {date}")
    } else {
        format!("{phase} · {date}")
    }
}
pub const PHASE_BACK_TIP: &str = "Went back to an earlier phase: normal in reflexive TA.";
pub fn checklist_title(done: usize, total: usize) -> String {
    format!("Braun & Clarke's 15-point checklist ({done}/{total} done)")
}
pub fn checklist_item(item: u8, text: &str) -> String {
    format!("{item}. {text}")
}
pub const CHECKLIST_NOTE_HINT: &str = "Note";
pub const JOURNAL_FILTER_PHASE: &str = "Phase:";
pub const ALL_PHASES: &str = "All phases";
pub const NO_PHASE: &str = "(no phase)";
pub const JOURNAL_SEARCH_HINT: &str = "Search the journal…";
pub const NEW_ENTRY: &str = "New entry";
pub const ENTRY_DATE: &str = "Date";
pub const ENTRY_PHASE: &str = "Entry phase";
pub const ENTRY_DATE_HINT: &str = "YYYY-MM-DD";
pub const ENTRY_TEXT_HINT: &str =
    "Assumptions, reactions, decisions and why: write what shapes your reading.";
pub const ADD_ENTRY: &str = "Add entry";
pub const EDIT_ENTRY: &str = "Edit";
pub const EDITING_ENTRY: &str = "Editing entry";
pub const SAVE_ENTRY: &str = "Save";
pub const DELETE_ENTRY: &str = "Delete";
pub const LINK_TO: &str = "Link to…";
pub const LINK_DOCUMENTS: &str = "Documents";
pub const LINK_CODES: &str = "Codes";
pub const LINK_THEMES: &str = "Themes";
pub const REMOVE_LINK_TIP: &str = "Remove this link";
pub fn link_chip(kind: &str, name: &str) -> String {
    format!("{kind}: {name}")
}
pub const LINK_DOCUMENT: &str = "Document";
pub const LINK_CODE: &str = "Code";
pub const LINK_THEME: &str = "Theme";
pub fn link_chip_removable(chip: &str) -> String {
    format!("{chip} ×")
}
pub const NO_ENTRIES: &str = "No journal entries yet.";
pub const NO_MATCHING_ENTRIES: &str = "No entries match the filter.";
pub fn entries_count(shown: usize, total: usize) -> String {
    if shown == total {
        format!("{total} entries")
    } else {
        format!("{shown} of {total} entries")
    }
}
pub fn phase_tag(phase: u8) -> String {
    format!("Phase {phase}")
}
pub const VIEW_MAP: &str = "Map";
pub const VIEW_JOURNAL: &str = "Journal";
// ---------------------------------------------------------------- search panel
pub const SEARCH: &str = "Search";
pub const SEARCH_HINT: &str = "Search: words, \"a phrase\", prefix*, fuzzy~1, AND / OR / NOT…";
pub const SCOPE_DOCUMENT: &str = "This document";
pub const SCOPE_PROJECT: &str = "Whole project";
pub const SEARCH_LOOSE: &str = "Loose (ø=o, å=a)";
pub const SEARCH_EXACT: &str = "Exact words";
pub const ANY_KIND: &str = "Everything";
pub const ANY_CODE: &str = "Any code";
pub const ANY_PARTICIPANT: &str = "Any participant";
pub const ANY_THEME: &str = "Any theme";
pub const SEARCHING: &str = "Searching…";
pub const FILTER_CODE: &str = "Code:";
pub const FILTER_PARTICIPANT: &str = "Participant:";
pub const FILTER_THEME: &str = "Theme:";
pub const SEARCH_NO_DOCUMENT: &str = "Open a document to search it, or search the whole project.";
pub const NO_HITS: &str = "No hits.";
pub const CODE_ALL_HITS: &str = "Code all hits…";
pub const CODE_ALL_CLOSE: &str = "Close";
pub const CODE_FILTER_HINT: &str = "Find or name a code…";
pub const UNIT_HIT: &str = "The words found";
pub const UNIT_SENTENCE: &str = "The sentence";
pub const UNIT_TURN: &str = "The speaker turn";
pub const CODE_ALL_WHAT: &str = "Code:";
pub const CODE_ALL_WITH: &str = "With:";
pub const CODE_ALL_NEED_CODE: &str = "Choose a code above, or type a name to create one.";
pub const CODE_ALL_NOTHING: &str = "No text hits to code.";
pub fn search_failed(e: &str) -> String {
    format!("The search could not run: {e}")
}
pub fn query_problem(e: &str) -> String {
    format!("Can't read the query: {e}")
}
pub fn hits_count(hits: usize, groups: usize) -> String {
    match (hits, groups) {
        (1, _) => "1 hit".into(),
        (n, 1) => format!("{n} hits in 1 place"),
        (n, g) => format!("{n} hits in {g} places"),
    }
}
pub fn hits_capped(n: usize) -> String {
    format!("showing the best {n}; narrow the search to see the rest")
}
pub fn group_title(name: &str, n: usize) -> String {
    format!("{name} ({n})")
}
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "code" => "CODE",
        "memo" => "MEMO",
        "note" => "NOTE",
        "theme" => "THEME",
        "journal" => "JOURNAL",
        "participant" => "PARTICIPANT",
        _ => "TEXT",
    }
}
pub fn kind_group(kind: &str) -> &'static str {
    match kind {
        "code" => "Codes",
        "memo" => "Memos",
        "note" => "Notes",
        "theme" => "Themes",
        "journal" => "Reflexive journal",
        "participant" => "Participants",
        _ => "Text",
    }
}
pub fn new_code_named(name: &str) -> String {
    format!("Create new code '{}'", name.trim())
}
pub fn code_passages(n: usize, code: &str) -> String {
    format!("Code {n} passage(s) with '{code}'")
}
pub fn passages_to_code(n: usize) -> String {
    format!("{n} passage(s) will be coded:")
}

// ---------------------------------------------------------------- anonymise panel
pub const ANONYMISE: &str = "Anonymise";
pub const ANON_REVIEW: &str = "Review";
pub const ANON_RULES: &str = "Rules";
pub const ANON_PREVIEW: &str = "Preview";
pub const ANON_APPLY_SHARE: &str = "Apply & share";
pub const ANON_DETECTING: &str = "Looking for names, places and numbers…";
pub const ANON_NOTHING_FOUND: &str =
    "No identifiers found. Add a rule for anything the detector missed.";
pub const ANON_FILTER_HINT: &str = "Filter entities…";
pub const ACCEPT: &str = "Replace";
pub const REJECT: &str = "Keep";
pub const ANON_RESET: &str = "As entity";
pub const ANON_SET: &str = "Set";
pub const ACCEPT_ALL: &str = "Accept all suggestions…";
pub const ACCEPT_ALL_YES: &str = "Yes, replace them all";
pub const RULE_ADD: &str = "Add rule";
pub const RULE_ORIGINAL: &str = "Replace";
pub const RULE_ORIGINAL_HINT: &str = "text to replace everywhere";
pub const RULE_REPLACEMENT: &str = "with";
pub const RULE_REPLACEMENT_HINT: &str = "[Navn, ansatt]";
pub const RULE_KIND: &str = "Kind";
pub const RULE_WHOLE_WORD: &str = "Whole words";
pub const RULE_CASE: &str = "Match case";
pub const RULE_INFLECT: &str = "Also genitive (-s)";
pub const RULE_NEEDS_ORIGINAL: &str = "A rule needs the text to replace.";
pub const RULE_NEEDS_REPLACEMENT: &str = "A rule needs a replacement.";
pub const RULE_REPLACEMENT_CONTAINS: &str = "The replacement must not contain the original.";
pub const NO_RULES: &str = "No rules yet.";
pub const DELETE_RULE: &str = "Delete";
pub const ANON_PREVIEW_NO_DOC: &str = "Open a document to preview it anonymised.";
pub const ANON_PREVIEW_NOTE: &str =
    "The open document as Apply would leave it (read-only; replacements highlighted).";
pub const ANON_APPLY: &str = "Apply…";
pub const ANON_APPLY_EXPLAIN: &str = "Apply replaces every accepted identifier in every text of the project, as one step you can undo. It writes a link key (original and pseudonym) to a file you choose: keep that file outside the project and apart from the data — with the key the data is only de-identified, not anonymous.";
pub const ANON_KEY_DIALOG: &str = "Save the link key (outside the project)";
pub const ANON_AUDIT: &str = "Replacements made (audit trail)";
pub const ANON_NO_AUDIT: &str = "Nothing replaced yet.";
pub const SHARE: &str = "Share anonymised copy…";
pub const SHARE_JOURNAL: &str = "Include the reflexive journal";
pub const SHARE_FORMAT: &str = "Format:";
pub const SHARE_PROJECT: &str = "tema project";
pub const SHARE_QDPX: &str = "REFI-QDA (.qdpx)";
pub const SHARING: &str = "Writing and checking the copy…";
pub const SHARE_EXPLAIN: &str = "Writes a copy without undo history, link key or (unless chosen) journal, and checks that no replaced original is left in it.";
pub fn anon_status(status: &str) -> &'static str {
    match status {
        "accepted" => "replace",
        "rejected" => "keep",
        _ => "to review",
    }
}
/// Beside an occurrence in a label, a file name or a memo.
pub const ANON_FIELD_BY_ENTITY: &str = "outside the transcripts: decided with the entity";
pub fn occurrences(n: usize) -> String {
    if n == 1 {
        "1 occurrence".into()
    } else {
        format!("{n} occurrences")
    }
}
pub fn entities_summary(total: usize, to_review: usize) -> String {
    format!("{total} entities · {to_review} to review")
}
pub fn accept_all_question(n: usize) -> String {
    format!("Replace all {n} entities still to review, in every document?")
}
pub fn accept_entity(entity: &str) -> String {
    format!("Replace {entity}")
}
pub fn reject_entity(entity: &str) -> String {
    format!("Keep {entity}")
}
pub fn anon_applied(replacements: usize, documents: usize, key: &str) -> String {
    format!(
        "Anonymised: {replacements} replacement(s) in {documents} document(s). Link key written to {key}; keep it apart from the project."
    )
}
pub fn unreviewed_left(n: usize) -> String {
    format!(
        "{n} entities are still to review: Apply replaces only the accepted ones, and sharing is refused until every one is decided."
    )
}
pub fn shared(out: &str, files: usize, checked: usize) -> String {
    format!(
        "Shared copy written to {out} ({files} file(s)); checked for {checked} original(s): none left."
    )
}
pub fn anon_failed(e: &str) -> String {
    format!("Anonymisation could not run: {e}")
}
pub fn audit_line(original: &str, replacement: &str, kind: &str, n: usize, places: &str) -> String {
    let times = if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    };
    format!("{original} -> {replacement}   ({kind}, {times}: {places})")
}
pub fn replacement_of(text: &str) -> String {
    format!("Replacement for {text}")
}
pub const VIEW_SEARCH: &str = "Search";
pub const VIEW_ANONYMISE: &str = "Anonymise";
pub const ANONYMISE_EVERYWHERE: &str = "Anonymise everywhere…";
