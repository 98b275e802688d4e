-- tema project schema, version 1: documents, participants, codes, codings, notes.
--
-- Rules every migration keeps, because global undo depends on them
-- (see src/store/undo.rs):
--  * every table has a rowid (no WITHOUT ROWID) so the undo triggers can
--    address a row and restore it with the same id;
--  * no ON DELETE CASCADE and no triggers of our own: a command deletes
--    children explicitly, so replaying an inverse never deletes twice;
--  * tables whose names start with `log_` or `local_` are not undoable
--    (the command log itself, per-machine UI state).
-- Positions are Unicode scalar (char) offsets into documents.text, end exclusive.

CREATE TABLE project (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    uuid        TEXT NOT NULL,
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,
    chars        INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    position     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_sha256 ON documents(sha256);

CREATE TABLE participants (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE participant_attributes (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants(id),
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    UNIQUE (participant_id, key)
);

-- Who takes part in a document as a whole (an individual interview's informant).
CREATE TABLE document_participants (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    participant_id  INTEGER NOT NULL REFERENCES participants(id),
    UNIQUE (document_id, participant_id)
);

-- A speaker label as written in one document, optionally mapped to a participant.
CREATE TABLE speakers (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    label           TEXT NOT NULL,
    participant_id  INTEGER REFERENCES participants(id),
    UNIQUE (document_id, label)
);

CREATE TABLE turns (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    start        INTEGER NOT NULL,
    body_start   INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    speaker_id   INTEGER REFERENCES speakers(id),
    timestamp    TEXT,
    CHECK (start <= body_start AND body_start <= end)
);
CREATE INDEX turns_document ON turns(document_id, start);

CREATE TABLE codes (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    parent_id    INTEGER REFERENCES codes(id),
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    colour       TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);
-- A name is unique among its siblings (top-level codes are siblings of each other).
CREATE UNIQUE INDEX codes_sibling_name ON codes(ifnull(parent_id, 0), lower(name));

CREATE TABLE codings (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    code_id      INTEGER NOT NULL REFERENCES codes(id),
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    CHECK (0 <= start AND start < end)
);
CREATE INDEX codings_document ON codings(document_id, start);
CREATE INDEX codings_code ON codings(code_id);

-- Memos and notes: on a document (incl. familiarisation notes), on a code, or on the project.
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('document', 'familiarisation', 'code', 'project')),
    document_id  INTEGER REFERENCES documents(id),
    code_id      INTEGER REFERENCES codes(id),
    text         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX notes_document ON notes(document_id);
CREATE INDEX notes_code ON notes(code_id);

-- The command log: every user-visible change, newest last. `state` is 'done'
-- (its steps undo it) or 'undone' (its steps redo it).
CREATE TABLE log_commands (
    seq         INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    command     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('done', 'undone')),
    created_at  TEXT NOT NULL
);
CREATE TABLE log_steps (
    id   INTEGER PRIMARY KEY,
    seq  INTEGER NOT NULL REFERENCES log_commands(seq),
    n    INTEGER NOT NULL,
    sql  TEXT NOT NULL,
    UNIQUE (seq, n)
);
-- Which rows changed, in order, for derived data (the search index) to catch
-- up. Besides the row, the triggers record the document, code, participant
-- and theme the row belonged to (from columns so named), so a follower can
-- tell what a deleted row touched.
CREATE TABLE log_changes (
    id           INTEGER PRIMARY KEY,
    tbl          TEXT NOT NULL,
    row_id       INTEGER NOT NULL,
    document_id  INTEGER,
    code_id      INTEGER,
    participant_id INTEGER,
    theme_id     INTEGER
);

-- Per-machine state that is not part of the analysis and not undoable.
CREATE TABLE local_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
