-- Team work offline: who made each change. A coder is one analyst of the
-- team (name, short initials, colour), known by a uuid that stays the same
-- in every copy of the project, so merged copies keep each coder apart.
-- Rows made before this migration have no coder (NULL).
CREATE TABLE coders (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    initials  TEXT NOT NULL DEFAULT '',
    colour    TEXT NOT NULL DEFAULT '#808080'
);

ALTER TABLE codings ADD COLUMN coder_id INTEGER REFERENCES coders(id);
ALTER TABLE notes ADD COLUMN coder_id INTEGER REFERENCES coders(id);
ALTER TABLE theme_history ADD COLUMN coder_id INTEGER REFERENCES coders(id);
ALTER TABLE journal_entries ADD COLUMN coder_id INTEGER REFERENCES coders(id);
-- The log is not undoable, while a coder added by a merge is (undo removes
-- it again): no foreign key here, a history row may outlive its coder.
ALTER TABLE log_commands ADD COLUMN coder_id INTEGER;
CREATE INDEX codings_coder ON codings(coder_id);

-- For merging copies. A code merged into another leaves its uuid here, so
-- a teammate's copy of the merged code joins the code it went into rather
-- than coming back. `agreed_name` is a code's name before it was first
-- renamed since it was created or last merged (NULL: never renamed), so a
-- merge can tell which side renamed it.
CREATE TABLE code_merges (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    into_uuid  TEXT NOT NULL
);
ALTER TABLE codes ADD COLUMN agreed_name TEXT;

-- A conflict decided in a merge, so merging the same copy again keeps the
-- decision instead of asking (or deciding) once more: `key` is the uuid of
-- the theme, `theirs` the other copy's value that was not taken.
CREATE TABLE merge_decisions (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    key     TEXT NOT NULL,
    theirs  TEXT NOT NULL,
    UNIQUE (kind, key, theirs)
);
