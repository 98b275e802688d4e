-- Method as practised (Kvale & Brinkmann, Malterud, Braun & Clarke):
-- coding passes, meaning condensation, what has been read, and the size
-- of the codebook over time.

-- A pass codes the whole data set once more, in an order of its own ("to
-- get a fresh view of the transcripts"). Codings and notes made while a
-- pass is the latest belong to it.
CREATE TABLE passes (
    id          INTEGER PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE,
    ordering    TEXT NOT NULL CHECK (ordering IN ('shuffled', 'reversed', 'chosen', 'imported')),
    seed        INTEGER,
    started_at  TEXT NOT NULL
);
CREATE TABLE pass_documents (
    pass_id      INTEGER NOT NULL REFERENCES passes(id),
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (pass_id, document_id)
);
ALTER TABLE codings ADD COLUMN pass_id INTEGER REFERENCES passes(id);
ALTER TABLE notes ADD COLUMN pass_id INTEGER REFERENCES passes(id);

-- A meaning unit's condensed meaning, in the analyst's own words.
ALTER TABLE codings ADD COLUMN condensation TEXT NOT NULL DEFAULT '';

-- Familiarisation: which speaker turns have been read through.
CREATE TABLE turns_read (
    turn_id  INTEGER PRIMARY KEY REFERENCES turns(id),
    read_at  TEXT NOT NULL
);

-- The size of the analysis after each change, for "several hundred codes
-- merged down to sixty" (NULL for changes made before this migration).
ALTER TABLE log_commands ADD COLUMN codes INTEGER;
ALTER TABLE log_commands ADD COLUMN codings INTEGER;
ALTER TABLE log_commands ADD COLUMN themes INTEGER;
