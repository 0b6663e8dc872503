CREATE SCHEMA transparency;

-- Accent folding and Spanish stems for "quizás ya fue respondida": "presupuestos" finds
-- "presupuesto", "educacion" finds "Educación" (as open_data's search, plus stems).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION transparency.folded (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION transparency.folded
  ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart WITH unaccent, spanish_stem;

-- A request for public information (docs/transparency.md): routed to the entity that holds the
-- information, answered (with documents) or refused (naming the legal ground) within the legal
-- time of the country profile. Public: everything but who asked.
CREATE TABLE transparency.request (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  agency_code text NOT NULL,
  question text NOT NULL CHECK (length(question) BETWEEN 20 AND 4000),
  format text NOT NULL CHECK (format IN ('digital', 'paper', 'consultation')),
  channel text NOT NULL CHECK (channel IN ('online', 'email', 'counter')),
  account_id uuid,
  email text CHECK (length(email) <= 200),
  requester_name text CHECK (length(requester_name) <= 200),
  filed_by uuid,
  filed_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  extensions integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'refused')),
  answer text CHECK (length(answer) <= 8000),
  sent_document text CHECK (length(sent_document) <= 100000),
  public_document text CHECK (length(public_document) <= 100000),
  refusal_ground text,
  closed_at timestamptz,
  answered_in_time boolean,
  appeal_until timestamptz,
  CHECK (account_id IS NOT NULL OR email IS NOT NULL OR requester_name IS NOT NULL),
  CHECK ((status = 'pending') = (closed_at IS NULL)),
  search tsvector GENERATED ALWAYS AS (to_tsvector('transparency.folded', question)) STORED
);
CREATE INDEX request_search_idx ON transparency.request USING gin (search);
CREATE INDEX request_agency_idx ON transparency.request (agency_code, filed_at);
CREATE INDEX request_account_idx ON transparency.request (account_id);
CREATE INDEX request_due_idx ON transparency.request (due_at) WHERE status = 'pending';

-- What happened to a request, in public: filed, transferred (from, to, reason), extended
-- (reason), answered, refused (ground, reason), appealed, appeal resolved.
CREATE TABLE transparency.request_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES transparency.request (id),
  kind text NOT NULL CHECK (kind IN ('filed', 'transferred', 'extended', 'answered', 'refused', 'appealed', 'appeal_upheld', 'appeal_dismissed')),
  agency_code text NOT NULL,
  to_agency_code text,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_event_request_idx ON transparency.request_event (request_id, id);

-- The requester's appeal against a refusal, followed like a case with its own legal time.
CREATE TABLE transparency.appeal (
  request_id uuid PRIMARY KEY REFERENCES transparency.request (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 4000),
  filed_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  outcome text CHECK (outcome IN ('upheld', 'dismissed')),
  resolution text CHECK (length(resolution) <= 4000),
  resolved_at timestamptz,
  CHECK ((outcome IS NULL) = (resolved_at IS NULL))
);

-- Active transparency: an obligatory publication of an entity for one period (the kinds and
-- periods come from the country profile), uploaded as a link (an open-data dataset, a file).
CREATE TABLE transparency.publication (
  agency_code text NOT NULL,
  kind text NOT NULL,
  period text NOT NULL CHECK (period ~ '^\d{4}(-(\d{2}|Q[1-4]))?$'),
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  published_at timestamptz NOT NULL,
  published_by uuid NOT NULL,
  PRIMARY KEY (agency_code, kind, period)
);

-- The monthly compliance index of each entity (share of the publications due that month or
-- earlier in the year that were published on time), kept as history; recomputed when a
-- publication becomes overdue or is published.
CREATE TABLE transparency.compliance (
  agency_code text NOT NULL,
  month date NOT NULL,
  level text NOT NULL,
  due integer NOT NULL CHECK (due >= 0),
  on_time integer NOT NULL CHECK (on_time BETWEEN 0 AND due),
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (agency_code, month)
);

-- A personal-data breach and its notices to the people affected (mailbox, or post without an account).
CREATE TABLE transparency.breach (
  id uuid PRIMARY KEY,
  agency_code text NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  occurred_at timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('transparency', 'cgii')),
  source_key text UNIQUE,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE transparency.breach_notice (
  breach_id uuid NOT NULL REFERENCES transparency.breach (id),
  document_type text NOT NULL,
  document_number text NOT NULL,
  account_id uuid,
  channel text NOT NULL CHECK (channel IN ('mailbox', 'post')),
  message_id uuid,
  PRIMARY KEY (breach_id, document_type, document_number)
);
