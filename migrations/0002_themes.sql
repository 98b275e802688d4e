-- tema project schema, version 2: themes, the thematic map, key quotes, the
-- reflexive journal, the phase tracker and the quality checklist.
--
-- Keeps the rules of 0001_init.sql: rowid tables only, no ON DELETE CASCADE,
-- no triggers of our own. Every column that refers to a code is called
-- `code_id`, so `before_code_delete` (src/store/commands.rs) removes those
-- rows when a code is deleted or merged, and undo restores them.
-- Rows referring to codings (key_quotes) and documents (journal_links) are
-- removed by the delete paths through `themes::before_codings_delete` and
-- `themes::before_document_delete`.

-- A theme: a claim about shared meaning, built from codes. Never deleted by
-- the analyst: a discarded theme keeps its codes and history and can be revived.
CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    status      TEXT NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'final', 'discarded')),
    -- The central organising concept: what the theme is about.
    definition  TEXT NOT NULL DEFAULT '',
    -- What it is not: where it ends and neighbouring themes begin.
    boundaries  TEXT NOT NULL DEFAULT '',
    -- A sub-theme's parent theme.
    parent_id   INTEGER REFERENCES themes(id),
    position    INTEGER NOT NULL DEFAULT 0,
    colour      TEXT NOT NULL,
    -- The analytic narrative for the report (phase 6).
    writeup     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX themes_parent ON themes(parent_id);

-- Which codes a theme is built from; a code can sit in several themes.
CREATE TABLE theme_codes (
    id        INTEGER PRIMARY KEY,
    theme_id  INTEGER NOT NULL REFERENCES themes(id),
    code_id   INTEGER NOT NULL REFERENCES codes(id),
    added_at  TEXT NOT NULL,
    UNIQUE (theme_id, code_id)
);
CREATE INDEX theme_codes_code ON theme_codes(code_id);

-- How a theme came to be: one row per change, with the analyst's reason.
-- `kind` is one of the names of `HistoryKind` in src/model.rs; no CHECK, so a
-- later kind needs no table rebuild.
CREATE TABLE theme_history (
    id        INTEGER PRIMARY KEY,
    theme_id  INTEGER NOT NULL REFERENCES themes(id),
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    why       TEXT
);
CREATE INDEX theme_history_theme ON theme_history(theme_id, id);

-- Positions on the thematic map: a theme or a code.
CREATE TABLE map_nodes (
    id        INTEGER PRIMARY KEY,
    theme_id  INTEGER REFERENCES themes(id),
    code_id   INTEGER REFERENCES codes(id),
    x         REAL NOT NULL,
    y         REAL NOT NULL,
    CHECK ((theme_id IS NULL) != (code_id IS NULL))
);
CREATE UNIQUE INDEX map_nodes_theme ON map_nodes(theme_id) WHERE theme_id IS NOT NULL;
CREATE UNIQUE INDEX map_nodes_code ON map_nodes(code_id) WHERE code_id IS NOT NULL;

-- Labelled relations between themes on the map ("undermines", "leads to").
CREATE TABLE map_edges (
    id          INTEGER PRIMARY KEY,
    from_theme  INTEGER NOT NULL REFERENCES themes(id),
    to_theme    INTEGER NOT NULL REFERENCES themes(id),
    label       TEXT NOT NULL DEFAULT '',
    CHECK (from_theme != to_theme),
    UNIQUE (from_theme, to_theme, label)
);

-- Extracts chosen to illustrate a theme in the report.
CREATE TABLE key_quotes (
    id         INTEGER PRIMARY KEY,
    theme_id   INTEGER NOT NULL REFERENCES themes(id),
    coding_id  INTEGER NOT NULL REFERENCES codings(id),
    UNIQUE (theme_id, coding_id)
);
CREATE INDEX key_quotes_coding ON key_quotes(coding_id);

-- The reflexive journal: private to the project, never exported with the data.
CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    entry_date  TEXT NOT NULL,
    phase       INTEGER CHECK (phase BETWEEN 1 AND 6),
    text        TEXT NOT NULL
);
CREATE INDEX journal_entries_date ON journal_entries(entry_date, id);

-- What a journal entry is about: exactly one document, code or theme per row.
CREATE TABLE journal_links (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
    document_id  INTEGER REFERENCES documents(id),
    code_id      INTEGER REFERENCES codes(id),
    theme_id     INTEGER REFERENCES themes(id),
    CHECK ((document_id IS NOT NULL) + (code_id IS NOT NULL) + (theme_id IS NOT NULL) = 1)
);
CREATE INDEX journal_links_entry ON journal_links(entry_id);
CREATE INDEX journal_links_document ON journal_links(document_id);
CREATE INDEX journal_links_code ON journal_links(code_id);

-- The phase tracker: each time the analyst says which phase they are in.
-- Going back is normal in reflexive TA, so this is a log, not a state.
CREATE TABLE phase_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    phase  INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 6),
    note   TEXT NOT NULL DEFAULT ''
);

-- Braun & Clarke's 15-point checklist: which items the analyst has ticked.
-- The item texts live in code (src/store/analysis.rs), not here.
CREATE TABLE checklist (
    id          INTEGER PRIMARY KEY,
    item        INTEGER NOT NULL UNIQUE CHECK (item BETWEEN 1 AND 15),
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);
