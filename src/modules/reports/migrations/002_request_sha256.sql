-- The SHA-256 of a report request sent with an Idempotency-Key (canonical JSON of what was
-- asked, photos by their SHA-256): a retry with the same key and a different request is
-- refused. NULL for reports stored before this column existed (their retries are replayed).
ALTER TABLE reports.report ADD COLUMN request_sha256 text;
