-- The agency case feed (GET /api/v1/agency/cases): each history entry remembers the
-- transaction that wrote it, so the feed hands out only entries of transactions that every
-- snapshot already sees as finished (below pg_snapshot_xmin) and a poller following the
-- cursor never skips an entry that commits late with a smaller id.
ALTER TABLE cases.case_event ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX case_event_transition_idx ON cases.case_event (id) WHERE kind = 'transition';
