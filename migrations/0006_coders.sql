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
