-- The document list (name, size, hash, order) is read after every change.
-- In the documents table those columns sit after the transcript text, so
-- reading them walks every text's overflow pages: with 200 transcripts that
-- is 11 MB per listing. A covering index answers the listing from the
-- index alone.
CREATE INDEX documents_listing ON documents(position, id, uuid, name, source_name, format, chars, sha256, imported_at);
