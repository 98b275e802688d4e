-- Anonymisation: the reviewer's decisions, replacement rules and the audit
-- trail of what was replaced. Ordinary undoable tables (decisions are user
-- changes). Suggestions themselves are not stored: they are recomputed from
-- the texts by the detector and merged with these decisions.
--
-- No foreign keys to documents: DeleteDocument does not know these tables,
-- and an audit row must outlive the document it describes. A shared copy
-- (`tema share`) keeps anon_audit without its `original` and `entity`
-- columns and drops the rows of the other anon_ tables (they are the link key).

-- A decision about one entity (all forms of "Kari Nordvik" in every document).
CREATE TABLE anon_entities (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    entity       TEXT NOT NULL,
    -- Lowercase entity, the key decisions are matched by.
    entity_key   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
    source       TEXT NOT NULL CHECK (source IN ('detected', 'rule')),
    -- Its number in the label sequence ([Person B] = 2), fixed once decided,
    -- so labels stay stable as documents come and go.
    number       INTEGER,
    -- A replacement the reviewer wrote; NULL: the label from the template.
    replacement  TEXT,
    updated_at   TEXT NOT NULL,
    UNIQUE (kind, entity_key)
);

-- A decision about one occurrence, overriding its entity's. Positions are
-- char offsets into documents.text and move with RewriteText; a decision
-- whose text no longer stands at its position no longer applies.
CREATE TABLE anon_occurrences (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    replacement  TEXT,
    updated_at   TEXT NOT NULL,
    UNIQUE (document_id, start, end)
);

-- "Anonymise everywhere": ORIGINAL becomes REPLACEMENT in every text.
CREATE TABLE anon_rules (
    id              INTEGER PRIMARY KEY,
    original        TEXT NOT NULL CHECK (length(original) > 0),
    replacement     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    whole_word      INTEGER NOT NULL DEFAULT 1,
    case_sensitive  INTEGER NOT NULL DEFAULT 0,
    -- Also the genitive: ORIGINALs (and ORIGINAL' after s, x, z).
    inflect         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL
);

-- What `tema anon apply` replaced, where: a document span (positions in the
-- rewritten text) or a field (tbl.col of row_id).
CREATE TABLE anon_audit (
    id           INTEGER PRIMARY KEY,
    run          TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    col          TEXT NOT NULL,
    row_id       INTEGER NOT NULL,
    document_id  INTEGER,
    start        INTEGER,
    end          INTEGER,
    original     TEXT,
    replacement  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    entity       TEXT,
    at           TEXT NOT NULL
);
CREATE INDEX anon_audit_run ON anon_audit(run);
